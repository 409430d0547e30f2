// The Compare view's data: the same lines sent to several servers, each server's replies lined up with the line
// that caused them, and what differs between the servers on each line. Plain TypeScript (no DOM, no runes).
import type { Reply, SmtpEvent } from '../../smtp/types.ts';
import { replyClass } from '../session-log.ts';
import { readSharedQuery, sharedQuery } from '../shared-session.ts';

/** What one server did with one of the learner's lines. */
export interface Cell {
  /** The server read this line (false: it had hung up before, or had not read it yet). */
  read: boolean;
  /** Read as message content (between DATA and the dot): no reply is due. */
  data: boolean;
  replies: Reply[];
  /** The server closed the connection after this line. */
  hangUp: boolean;
}

export interface Column {
  /** Replies before any line (the greeting). */
  greeting: Reply[];
  cells: Cell[];
}

/**
 * One server's events, lined up with the `lineCount` lines sent to it. The server reads the lines in order,
 * each as a command or as message content; every command (and the dot that ends a message) is owed exactly one
 * reply, and replies come in the order of the commands (RFC 2920 section 3.1), so a pipelined group whose
 * replies come after all its commands still lines up. A reply nothing is owed (a timeout's 421) goes to the
 * last line read.
 */
export function alignColumn(lineCount: number, events: readonly SmtpEvent[]): Column {
  const cells: Cell[] = Array.from({ length: lineCount }, () => ({
    read: false,
    data: false,
    replies: [],
    hangUp: false,
  }));
  const greeting: Reply[] = [];
  /** Lines read whose reply is still owed, oldest first. */
  const owed: number[] = [];
  let next = 0; // the next line the server will read
  let last = -1; // the last line read
  const readLine = (ending: string, data: boolean): void => {
    // A line longer than the server's limit comes in pieces; only the last piece ends the line.
    if (next >= lineCount) return;
    const cell = cells[next];
    cell.read = true;
    cell.data = data;
    if (ending === '') return;
    last = next++;
    if (!data) owed.push(last);
  };
  for (const event of events) {
    switch (event.type) {
      case 'command':
        readLine(event.ending, false);
        break;
      case 'data-line':
        readLine(event.ending, true);
        break;
      case 'message':
        // That last "content" line was the dot: it is owed the verdict.
        if (event.via === 'DATA' && last >= 0) {
          cells[last].data = false;
          owed.push(last);
        }
        break;
      case 'reply': {
        if (event.reply.id === 'greeting' && last < 0) {
          greeting.push(event.reply);
          break;
        }
        let at = owed.shift();
        // Nothing owed: the server answered a line it would not read as a command (Postfix's 521 to a
        // bare LF), or spoke on its own (a timeout) after the last line.
        if (at === undefined && next < lineCount) {
          cells[next].read = true;
          at = last = next++;
        }
        at ??= last;
        (at < 0 ? greeting : cells[at].replies).push(event.reply);
        break;
      }
      case 'closed':
        if (event.by === 'server' && last >= 0) cells[last].hangUp = true;
        break;
    }
  }
  return { greeting, cells };
}

/** How the servers' answers to one line differ; each flag is true when at least two servers disagree. */
export interface RowDifference {
  class: boolean;
  code: boolean;
  enhanced: boolean;
  text: boolean;
  hangUp: boolean;
  /** Some server replied and another did not (it had hung up, or owed nothing). */
  replied: boolean;
}

const differ = <T>(values: readonly T[]): boolean => values.some((v) => v !== values[0]);

export function rowDifference(cells: readonly Cell[]): RowDifference {
  const firsts = cells.map((c) => c.replies[0]);
  const answered = cells.filter((c) => c.replies.length > 0).map((c) => c.replies[0]);
  return {
    class: differ(answered.map((r) => replyClass(r.code))),
    code: differ(answered.map((r) => r.code)),
    enhanced: differ(answered.map((r) => r.enhanced ?? '')),
    text: differ(answered.map((r) => r.lines.join('\n'))),
    hangUp: differ(cells.map((c) => c.hangUp)),
    replied: differ(firsts.map((r) => r !== undefined)),
  };
}

export function anyDifference(d: RowDifference): boolean {
  return d.class || d.code || d.enhanced || d.text || d.hangUp || d.replied;
}

/** Several groups of lines (one per Send: a pasted group is pipelined) as one list, and back. */
export interface Comparison {
  servers: string[];
  /** Each Send's lines; a group of several lines went out in one write. */
  groups: string[][];
}

/**
 * The query of a comparison's share link (#/compare?<this>), or null when too long: the lines travel as a
 * sandbox share link's do (same caps, same checks), plus the servers and where each group ends.
 */
export function compareQuery(c: Comparison): string | null {
  const query = sharedQuery({ profile: c.servers[0] ?? '', world: 'default', lines: c.groups.flat() });
  if (query === null) return null;
  const params = new URLSearchParams(query);
  params.set('servers', c.servers.join(','));
  params.set('groups', c.groups.map((g) => g.length).join('.'));
  return params.toString();
}

export type ComparisonRead =
  { kind: 'none' } | { kind: 'comparison'; comparison: Comparison } | { kind: 'unreadable' };

export function readCompareQuery(query: string, profiles: readonly string[]): ComparisonRead {
  const params = new URLSearchParams(query);
  const names = params.get('servers');
  if (names === null) return { kind: 'none' };
  const servers = names.split(',').slice(0, MAX_SERVERS);
  if (servers.length < 2 || servers.some((s) => !profiles.includes(s))) return { kind: 'unreadable' };
  const read = readSharedQuery(query, { profiles, worlds: ['default'] });
  if (read.kind === 'none') return { kind: 'comparison', comparison: { servers, groups: [] } };
  if (read.kind !== 'session') return { kind: 'unreadable' };
  const lines = read.session.lines;
  const sizes = (params.get('groups') ?? '').split('.').filter(Boolean).map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1) || sizes.reduce((a, b) => a + b, 0) !== lines.length)
    return { kind: 'unreadable' };
  const groups: string[][] = [];
  let at = 0;
  for (const n of sizes) groups.push(lines.slice(at, (at += n)));
  return { kind: 'comparison', comparison: { servers, groups } };
}

export const MAX_SERVERS = 3;
