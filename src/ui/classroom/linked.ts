// A learner's session in a lesson link (#/lessons/<slug>?…&lines=…, see shared-session.ts): loaded by the lesson
// view only for such a link, so that lesson pages without one carry none of it.
import { readLessonLines } from '../shared-session.ts';

/** The lines to show and offer to type, or null when the link's session cannot be read. */
export function linkedLines(query: string): readonly string[] | null {
  const { read } = readLessonLines(query);
  return read.kind === 'lines' ? read.lines : null;
}

/** The viewer's own session of the lesson on this page: its address without the lines. */
export function ownHref(hash: string): string {
  const [path, query = ''] = hash.replace(/^#/, '').split(/\?(.*)/s);
  const rest = readLessonLines(query).rest;
  return `#${path}${rest ? `?${rest}` : ''}`;
}
