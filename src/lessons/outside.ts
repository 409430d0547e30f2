// Lessons from outside the build, loaded at run time: from a URL, a share link or a widget's inline Markdown.
// Everything here is untrusted input: sizes are capped before anything is read, and the text goes through the
// same compiler as the build (compile.ts). Pages import this module lazily: it brings the YAML parser, zod and
// the checks, which pages without an outside lesson never download.
import { sentReplyIds } from 'virtual:sent-replies';
import { base64Decode, base64Encode } from '../workstation/bytes.ts';
import { compileLessonSource as compile, MAX_LESSON_CHARS, type SourceResult } from './compile-source.ts';

export { MAX_LESSON_CHARS, slugOf, type SourceResult } from './compile-source.ts';

/** A lesson file's text -> the lesson, or its problems with their lines (see compile-source.ts). */
export function compileLessonSource(text: string, name: string): SourceResult {
  return compile(text, name, sentReplyIds);
}

/** Longest share-link payload made or read (compressed, base64url): links longer than this break in chats. */
export const MAX_SHARE_CHARS = 12_000;

export type LoadFailure =
  | { kind: 'network'; url: string }
  | { kind: 'status'; url: string; status: number }
  | { kind: 'too-big'; url: string }
  | { kind: 'bad-url'; url: string };

export type Loaded = { kind: 'text'; text: string; name: string } | LoadFailure;

/**
 * Fetches a lesson file. Only http(s) URLs; no cookies are sent. A failure without a status is, from a page,
 * almost always CORS (the server did not allow other sites to read the file), so the page says so.
 */
export async function fetchLesson(src: string, base: string, fetcher: typeof fetch = fetch): Promise<Loaded> {
  let url: URL;
  try {
    url = new URL(src, base);
  } catch {
    return { kind: 'bad-url', url: src };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { kind: 'bad-url', url: src };
  let response: Response;
  try {
    response = await fetcher(url.href, { credentials: 'omit', redirect: 'follow' });
  } catch {
    return { kind: 'network', url: url.href };
  }
  if (!response.ok) return { kind: 'status', url: url.href, status: response.status };
  const bytes = response.body ? await readCapped(response.body, MAX_LESSON_CHARS * 4) : new Uint8Array();
  if (bytes === null) return { kind: 'too-big', url: url.href };
  const text = new TextDecoder().decode(bytes);
  const name = decodeURIComponent(url.pathname.split('/').pop() ?? '') || 'lesson.md';
  return { kind: 'text', text, name };
}

/** The payload of a share link (#/lessons/shared?lesson=<this>), or null when the lesson is too big for one. */
export async function encodeLessonLink(text: string): Promise<string | null> {
  if (text.length > MAX_LESSON_CHARS) return null;
  const packed = await pipe(new TextEncoder().encode(text), new CompressionStream('deflate-raw'), Infinity);
  if (!packed) return null;
  const encoded = base64Encode(packed).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return encoded.length > MAX_SHARE_CHARS ? null : encoded;
}

/** The lesson text in a share link's payload, or null for anything that is not one (or inflates too far). */
export async function decodeLessonLink(encoded: string): Promise<string | null> {
  if (encoded.length > MAX_SHARE_CHARS || !/^[A-Za-z0-9_-]*$/.test(encoded)) return null;
  const base64 = encoded.replace(/-/g, '+').replace(/_/g, '/');
  const decoded = base64Decode(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  if (!decoded.valid) return null;
  // A small link may inflate to gigabytes (a "zip bomb"): stop at the lesson size cap.
  const bytes = await pipe(decoded.bytes, new DecompressionStream('deflate-raw'), MAX_LESSON_CHARS * 4);
  if (!bytes) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

async function pipe(
  input: Uint8Array,
  transform: CompressionStream | DecompressionStream,
  maxBytes: number,
): Promise<Uint8Array | null> {
  const writer = transform.writable.getWriter();
  // Errors surface on the reading side; the writer's own promises are only kept from being unhandled.
  writer.write(input as Uint8Array<ArrayBuffer>).catch(() => {});
  writer.close().catch(() => {});
  try {
    return await readCapped(transform.readable, maxBytes);
  } catch {
    return null;
  }
}

/** All of a stream, or null past `maxBytes`: a huge or endless input never fills the memory. */
async function readCapped(stream: ReadableStream<Uint8Array>, maxBytes: number): Promise<Uint8Array | null> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const all = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return all;
}

/** Compiles a lesson from outside and names its problems as lessons:check does (name:line: message). */
export function compileOutside(text: string, name: string): SourceResult & { messages: string[] } {
  const result = compileLessonSource(text, name);
  return { ...result, messages: result.problems.map((p) => `${name}:${p.line}: ${p.message}`) };
}

/**
 * Inline Markdown in a page is indented with the HTML around it: the lines lose their common indentation, and
 * the blank lines around the block are dropped, so that the file starts with its "---".
 */
export function dedent(text: string): string {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .replace(/^\s*\n/, '')
    .replace(/\s+$/, '')
    .split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length);
  const cut = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(Math.min(cut, /^[ \t]*/.exec(l)![0].length))).join('\n') + '\n';
}
