// The URLs of the lesson pages (hash routes, see src/ui/routes.ts): #/lessons and #/lessons/<slug>.

export const lessonsHref = (): string => '#/lessons';

export const lessonHref = (slug: string): string => `#/lessons/${encodeURIComponent(slug)}`;
