// A session in a link. In the sandbox: the server, the world and what was typed, so that a teacher can prepare a
// demo and play it back on a projector one line at a time. In a lesson: what a learner typed (the lesson gives
// the world), so that a teacher sees it replayed into the same lesson. A link comes from anyone: it is read as
// untrusted data (sizes capped, every field checked) and its lines are only ever typed into the simulated terminal.
import { base64Decode, base64Encode, utf8Decode, utf8Encode } from '../workstation/bytes.ts';

export interface SharedSession {
  profile: string;
  world: string;
  /** Lines typed and control keys pressed, as lessons save them (see entryKey in lessons/progress.ts). */
  lines: string[];
}

export const MAX_SHARED_LINES = 400;
export const MAX_SHARED_LINE_LENGTH = 2000;
/** Longer than any link a browser or a chat program keeps whole. */
const MAX_ENCODED_LENGTH = 400_000;

export type SharedRead =
  | { kind: 'none' }
  | { kind: 'session'; session: SharedSession }
  | { kind: 'unreadable'; reason: 'too-long' | 'not-base64' | 'not-a-session' | 'unknown-server' };

/** The lines as a link's `lines` value, or null for a session too long for a link (see sharedQuery). */
export function encodeLines(lines: readonly string[]): string | null {
  if (lines.length > MAX_SHARED_LINES || lines.some((l) => l.length > MAX_SHARED_LINE_LENGTH)) return null;
  return base64Encode(utf8Encode(JSON.stringify(lines)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

type LinesRead =
  { kind: 'lines'; lines: string[] } | { kind: 'unreadable'; reason: 'not-base64' | 'not-a-session' };

/** A link's `lines` value, checked: strings only, as many and as long as encodeLines allows. */
export function decodeLines(encoded: string): LinesRead {
  const base64 = encoded.replace(/-/g, '+').replace(/_/g, '/');
  const decoded = base64Decode(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  if (!decoded.valid) return { kind: 'unreadable', reason: 'not-base64' };
  let value: unknown;
  try {
    value = JSON.parse(utf8Decode(decoded.bytes));
  } catch {
    return { kind: 'unreadable', reason: 'not-a-session' };
  }
  const lines =
    Array.isArray(value) &&
    value.length <= MAX_SHARED_LINES &&
    value.every((l) => typeof l === 'string' && l.length <= MAX_SHARED_LINE_LENGTH)
      ? (value as string[])
      : null;
  return lines ? { kind: 'lines', lines } : { kind: 'unreadable', reason: 'not-a-session' };
}

/**
 * The query part of a share link (#/sandbox?<this>), or null for a session too long for one: cutting it would
 * replay only part of it, and its end typed at the wrong prompt is junk.
 */
export function sharedQuery(session: SharedSession): string | null {
  const encoded = encodeLines(session.lines);
  if (encoded === null) return null;
  return new URLSearchParams({ profile: session.profile, world: session.world, lines: encoded }).toString();
}

/** The session in a link's query, checked against the servers and worlds this build knows. */
export function readSharedQuery(
  query: string,
  known: { profiles: readonly string[]; worlds: readonly string[] },
): SharedRead {
  if (query.length > MAX_ENCODED_LENGTH) return { kind: 'unreadable', reason: 'too-long' };
  const params = new URLSearchParams(query);
  const encoded = params.get('lines');
  if (encoded === null) return { kind: 'none' };
  const profile = params.get('profile') ?? '';
  const world = params.get('world') ?? '';
  if (!known.profiles.includes(profile) || !known.worlds.includes(world))
    return { kind: 'unreadable', reason: 'unknown-server' };
  const read = decodeLines(encoded);
  return read.kind === 'lines' ? { kind: 'session', session: { profile, world, lines: read.lines } } : read;
}

export type LessonLinesRead = { kind: 'none' } | LinesRead | { kind: 'unreadable'; reason: 'too-long' };

/**
 * A lesson page's query with the learner's lines in it (#/lessons/<slug>?<this>; an outside lesson's own
 * `src` or `lesson` stays beside them), or null for a session too long for a link.
 */
export function lessonLinesQuery(query: string, lines: readonly string[]): string | null {
  const encoded = encodeLines(lines);
  if (encoded === null) return null;
  const params = new URLSearchParams(query);
  params.set('lines', encoded);
  return params.toString();
}

/** The lines in a lesson page's query, if any; and the query without them (the viewer's own lesson). */
export function readLessonLines(query: string): { read: LessonLinesRead; rest: string } {
  const params = new URLSearchParams(query);
  const encoded = params.get('lines');
  params.delete('lines');
  const rest = params.toString();
  if (encoded === null) return { read: { kind: 'none' }, rest };
  if (query.length > MAX_ENCODED_LENGTH) return { read: { kind: 'unreadable', reason: 'too-long' }, rest };
  return { read: decodeLines(encoded), rest };
}

/** What a "Copy a link" button says afterwards: copied, to copy by hand (shown in a field), or too long. */
export type ShareStatus = { copied: boolean; url: string } | 'too-long' | null;

/**
 * Put the link to `#/<route>?<query>` on the clipboard; without a clipboard (an insecure origin, a refused
 * permission) the link is returned to be shown and copied by hand. A null query (too long for a link) says so.
 */
export async function copyShareLink(route: string, query: string | null): Promise<ShareStatus> {
  if (query === null) return 'too-long';
  const url = `${location.origin}${location.pathname}#/${route}?${query}`;
  try {
    await navigator.clipboard.writeText(url);
    return { copied: true, url };
  } catch {
    return { copied: false, url };
  }
}
