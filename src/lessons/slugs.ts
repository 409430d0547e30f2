// Words after #/lessons/ that the app's routes keep for themselves (src/ui/routes.ts): a lesson folder named
// NN-url or NN-shared would be unreachable, its address opening the page for lessons from outside instead.
// lessons:check and the build refuse such slugs (compile.ts); the routes match these words before any slug.
export const RESERVED_SLUGS = ['url', 'shared'] as const;

export function isReservedSlug(slug: string): boolean {
  return (RESERVED_SLUGS as readonly string[]).includes(slug);
}
