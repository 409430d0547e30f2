// The lesson pages, for the router (src/ui/routes.ts) and embeds.
export { default as LessonPage } from './LessonPage.svelte';
export { default as LessonsIndex } from './LessonsIndex.svelte';
export { default as LessonView } from './LessonView.svelte';
export { lessonHref, lessonsHref } from './links.ts';
