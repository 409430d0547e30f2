// The hash routes of the app (#/, #/sandbox, #/lessons, #/lessons/<id>): one table, matched in order.
import type { Component } from 'svelte';
import Home from './Home.svelte';
import { LessonPage, LessonsIndex } from './lesson/index.ts';
import NotFound from './NotFound.svelte';
import Sandbox from './Sandbox.svelte';

/** A page receives the named groups of its pattern as params (e.g. { id } for #/lessons/<id>). */
export type Page = Component<{ params?: Record<string, string> }>;

export interface Route {
  pattern: RegExp;
  page: Page;
}

export const routes: Route[] = [
  { pattern: /^\/$/, page: Home },
  { pattern: /^\/sandbox$/, page: Sandbox },
  { pattern: /^\/lessons$/, page: LessonsIndex },
  { pattern: /^\/lessons\/(?<id>[A-Za-z0-9_-]+)$/, page: LessonPage },
];

/** The path in a location hash: "#/lessons/01-helo?x" -> "/lessons/01-helo". */
export function hashPath(hash: string): string {
  const path = hash.replace(/^#/, '').split('?')[0];
  return path.startsWith('/') ? path.replace(/(.)\/+$/, '$1') : '/';
}

export function matchRoute(
  path: string,
  table: readonly Route[] = routes,
): { page: Page; params: Record<string, string> } {
  for (const route of table) {
    const m = route.pattern.exec(path);
    if (m) return { page: route.page, params: { ...m.groups } };
  }
  return { page: NotFound, params: {} };
}
