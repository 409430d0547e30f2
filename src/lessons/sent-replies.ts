// Which reply ids the simulated server can actually send, read from the core's source (Node only: the checker
// and the Vite plugin). The catalog and the profiles name every id (a profile gives each a text), but an id that
// no code path of src/smtp passes to a reply is never sent, and a goal waiting for it would never be true.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReplyId } from '../smtp/types.ts';
import { REPLY_IDS } from './schema.ts';

/** src/smtp beside this file (in a DOM test environment import.meta.url is not a file: then from the project). */
function smtpDir(): string {
  const here = new URL('../smtp/', import.meta.url);
  return here.protocol === 'file:' ? fileURLToPath(here) : join(process.cwd(), 'src', 'smtp');
}
/** Files that list ids without sending them: the id type, the meanings, and the profiles' reply texts. */
const LISTS_ONLY = /^(types|catalog)\.ts$|^profiles\//;

let cached: ReadonlySet<string> | null = null;

/** The ids that appear as a quoted string in the server's code (not in the lists), memoized. */
export function sentReplyIds(dir?: string): ReadonlySet<string> {
  if (cached && dir === undefined) return cached;
  const known = new Set<string>(REPLY_IDS);
  const sent = new Set<string>();
  const root = dir ?? smtpDir();
  for (const file of sourceFiles(root)) {
    if (LISTS_ONLY.test(file)) continue;
    const text = readFileSync(join(root, file), 'utf8');
    for (const m of text.matchAll(/['"`]([a-z0-9]+(?:\.[A-Za-z0-9]+)?)['"`]/g))
      if (known.has(m[1])) sent.add(m[1]);
  }
  if (dir === undefined) cached = sent;
  return sent;
}

/** The catalog's ids that the server never sends. */
export function unsentReplyIds(dir?: string): ReplyId[] {
  const sent = sentReplyIds(dir);
  return REPLY_IDS.filter((id) => !sent.has(id));
}

function sourceFiles(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const path = prefix + entry.name;
    if (entry.isDirectory()) return sourceFiles(dir, path + '/');
    return /\.ts$/.test(entry.name) && !/\.d\.ts$/.test(entry.name) ? [path] : [];
  });
}
