// The hash routes of the app (#/, #/sandbox, #/lessons, #/lessons/<id>, #/lessons/url, #/lessons/shared, #/editor,
// #/sources, #/compare): one table, matched in order.
import type { Component } from 'svelte';
import { loadLesson } from 'virtual:lesson-loaders';
import { RESERVED_SLUGS } from '../lessons/slugs.ts';
import NotFound from './NotFound.svelte';

/** A page receives the named groups of its pattern as params (e.g. { id } for #/lessons/<id>). */
export type Page = Component<{ params?: Record<string, string> }>;

/** A page loaded when first visited: the terminal (xterm) and the lessons stay off the start page. */
export type LoadPage = (params: Record<string, string>) => Promise<{ default: Page }>;

export type Route = { pattern: RegExp; page: Page } | { pattern: RegExp; load: LoadPage };

export const routes: Route[] = [
  // Every page loads on demand, the start page too: a lesson's first paint carries no other page's code.
  { pattern: /^\/$/, load: () => import('./Home.svelte') },
  { pattern: /^\/sandbox$/, load: () => import('./Sandbox.svelte') },
  { pattern: /^\/lessons$/, load: () => import('./lesson/LessonsIndex.svelte') },
  // Lessons from outside the build (a URL, a share link): before the slugs, so "url" and "shared" are never one
  // (lessons:check refuses them as slugs: src/lessons/slugs.ts).
  {
    pattern: new RegExp(`^/lessons/(?<from>${RESERVED_SLUGS.join('|')})$`),
    load: () => import('./author/OutsidePage.svelte'),
  },
  { pattern: /^\/editor$/, load: () => import('./author/EditorPage.svelte') },
  {
    pattern: /^\/lessons\/(?<id>[A-Za-z0-9_-]+)$/,
    // The lesson's chunk is requested beside the page's code, not after it (LessonPage then finds it loaded).
    load: (params) => {
      loadLesson(params.id).catch(() => undefined);
      return import('./lesson/LessonPage.svelte');
    },
  },
  { pattern: /^\/sources$/, load: () => import('./Sources.svelte') },
  { pattern: /^\/compare$/, load: () => import('./classroom/Compare.svelte') },
];

export type Match = { params: Record<string, string> } & ({ page: Page } | { load: LoadPage });

/** The path in a location hash: "#/lessons/01-helo?x" -> "/lessons/01-helo". */
export function hashPath(hash: string): string {
  const path = hash.replace(/^#/, '').split('?')[0];
  return path.startsWith('/') ? path.replace(/(.)\/+$/, '$1') : '/';
}

/** The query in a location hash: "#/sandbox?profile=x" -> "profile=x" (a sandbox share link's session). */
export function hashQuery(hash: string): string {
  const at = hash.indexOf('?');
  return at < 0 ? '' : hash.slice(at + 1);
}

export function matchRoute(path: string, table: readonly Route[] = routes): Match {
  for (const route of table) {
    const m = route.pattern.exec(path);
    if (m)
      return 'page' in route
        ? { page: route.page, params: { ...m.groups } }
        : { load: route.load, params: { ...m.groups } };
  }
  return { page: NotFound, params: {} };
}
