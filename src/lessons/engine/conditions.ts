// Goal conditions evaluated on the simulated world: on the events since a step began and on the current state
// of the latest connection. Never on typed text, so any route to the goal passes (as in Learn Git Branching).
import { domainOf } from '../../smtp/grammar.ts';
import { OnDemand } from '../../smtp/on-demand.ts';
import type { SessionState, SmtpEvent, StoredMessage } from '../../smtp/types.ts';
import type { TravelGoal } from '../../smtp/travel/conditions.ts';
import type { Condition, DeliveredSpec, Range } from './types.ts';
import {
  addressesOf,
  hasHeader,
  headerValues,
  mediaType,
  mediaTypeMatches,
  parseMessage,
} from './message.ts';

// The message checks few lessons use (header syntax, the MIME tree, cid: links, blank edges of the body) load on
// demand: a lesson whose conditions use them loads them before its first line runs (LessonRun.ready). Loaded
// code is shared as any import is (it holds no state).
const messageChecks = new OnDemand(() => import('./message-checks.ts'));
/** The fields of a delivered condition that need message-checks.ts. */
const CHECKED_FIELDS = ['headerSyntax', 'mimeTree', 'cidResolved', 'bodyBlankEdges'];

/** Load the message checks. Rejects when the chunk cannot be fetched; a later call tries again. */
export function loadMessageChecks(): Promise<typeof import('./message-checks.ts')> {
  return messageChecks.load();
}

/** Whether the message checks are here. */
export function messageChecksLoaded(): boolean {
  return messageChecks.module !== null;
}

/** Whether these conditions (a lesson's steps, any part of them) use the message checks. */
export function usesMessageChecks(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(usesMessageChecks);
  if (value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(
    ([key, v]) => (CHECKED_FIELDS.includes(key) && v !== undefined) || usesMessageChecks(v),
  );
}

export interface EvalContext {
  /** Every event since the lesson began, oldest first. */
  readonly log: readonly SmtpEvent[];
  /** Index in `log` where the window under test begins (the step's start, or the current command's). */
  readonly from: number;
  /** The state of the latest connection, or null before any. */
  readonly state: SessionState | null;
}

type EventOf<T extends SmtpEvent['type']> = Extract<SmtpEvent, { type: T }>;

const norm = (s: string) => s.trim().toLowerCase().replace(/\.$/, '');
const inRange = (n: number, r: Range) =>
  (r.min === undefined || n >= r.min) && (r.max === undefined || n <= r.max);

/**
 * Goals on the events of mail that travels are matched by src/smtp/travel/conditions.ts: a lesson whose mail
 * travels hands it over with the travel chunk (src/lessons/run.ts), before any such event exists. Code, not
 * state, as a loaded module is: the same for every simulator of the page.
 */
let travelMatches: ((condition: TravelGoal, e: SmtpEvent) => boolean) | null = null;
export function matchTravelWith(matcher: NonNullable<typeof travelMatches>): void {
  travelMatches = matcher;
}

/** Whether the condition is true now. */
export function holds(condition: Condition, ctx: EvalContext): boolean {
  if ('state' in condition) return stateHolds(condition.state, ctx.state);
  if ('all' in condition) return condition.all.every((c) => holds(c, ctx));
  if ('any' in condition) return condition.any.some((c) => holds(c, ctx));
  if ('not' in condition) return !holds(condition.not, ctx);
  if ('count' in condition) return inRange(countMatches(condition.count.of, ctx), withMin(condition.count));
  if ('delivered' in condition && condition.delivered.distinctMessages) {
    return distinctMessagesAt(condition.delivered, ctx, ctx.from) >= 0;
  }
  if ('delivered' in condition && condition.delivered.count) {
    const { count, ...rest } = condition.delivered;
    return inRange(countMatches({ delivered: rest }, ctx), withMin(count));
  }
  return firstAt(condition, ctx, ctx.from) >= 0;
}

/** A count with neither bound means "at least once". */
function withMin(range: Range): Range {
  return range.min === undefined && range.max === undefined ? { min: 1 } : range;
}

/** How many times, one after another, the event condition happened in the window. */
export function countMatches(condition: Condition, ctx: EvalContext): number {
  let n = 0;
  let pos = ctx.from;
  for (;;) {
    const at = firstAt(condition, ctx, pos);
    if (at < 0) return n;
    n++;
    pos = at + 1;
  }
}

/**
 * The index of the event at which an event condition first became true, looking from `from` on; -1 if it
 * has not. For `all` that is the latest of its parts; for `sequence` the last part after the others in order.
 * State conditions and `not` have no moment: inside a sequence they are checked against the state now.
 */
export function firstAt(condition: Condition, ctx: EvalContext, from: number): number {
  if ('all' in condition) {
    let latest = from - 1;
    for (const c of condition.all) {
      const at = firstAt(c, ctx, from);
      if (at < 0) return -1;
      latest = Math.max(latest, at);
    }
    return Math.max(latest, from);
  }
  if ('any' in condition) {
    const hits = condition.any.map((c) => firstAt(c, ctx, from)).filter((i) => i >= 0);
    return hits.length ? Math.min(...hits) : -1;
  }
  if ('sequence' in condition) {
    let at = from - 1;
    for (const c of condition.sequence) {
      at = firstAt(c, ctx, at + 1);
      if (at < 0) return -1;
    }
    return at;
  }
  if ('count' in condition) return nthAt(condition.count.of, ctx, from, condition.count);
  if ('delivered' in condition && condition.delivered.distinctMessages) {
    return distinctMessagesAt(condition.delivered, ctx, from);
  }
  if ('delivered' in condition && condition.delivered.count) {
    const { count, ...rest } = condition.delivered;
    return nthAt({ delivered: rest }, ctx, from, count);
  }
  if ('state' in condition || 'not' in condition) {
    return holds(condition, ctx) ? from : -1;
  }
  for (let i = from; i < ctx.log.length; i++) {
    if (eventMatches(condition, ctx.log, i)) return i;
  }
  return -1;
}

/** The index of the min-th occurrence, if the total stays within max. */
function nthAt(of: Condition, ctx: EvalContext, from: number, range: Range): number {
  const { min = 1, max } = withMin(range);
  let at = from - 1;
  for (let n = 0; n < min; n++) {
    at = firstAt(of, ctx, at + 1);
    if (at < 0) return -1;
  }
  if (min === 0) at = from;
  if (max !== undefined && countMatches(of, { ...ctx, from }) > max) return -1;
  return at;
}

/**
 * `delivered.distinctMessages`: the index at which one connection had carried `min` different messages (queue
 * IDs) matching the other properties, if no connection carried more than `max`; -1 otherwise.
 */
function distinctMessagesAt(spec: DeliveredSpec, ctx: EvalContext, from: number): number {
  const { distinctMessages, count: _count, ...rest } = spec;
  const { min = 1, max } = withMin(distinctMessages!);
  const perConnection = new Map<number, Set<string>>();
  let reached = -1;
  for (let i = from; i < ctx.log.length; i++) {
    const e = ctx.log[i];
    if (e.type !== 'delivered' || !deliveredMatches(rest, ctx.log, i, e)) continue;
    const ids = perConnection.get(e.connectionId) ?? new Set<string>();
    perConnection.set(e.connectionId, ids.add(e.message.queueId));
    if (reached < 0 && ids.size >= min) reached = i;
  }
  if (min === 0) reached = from;
  if (max !== undefined && [...perConnection.values()].some((ids) => ids.size > max)) return -1;
  return reached;
}

function stateHolds(
  spec: Extract<Condition, { state: unknown }>['state'],
  state: SessionState | null,
): boolean {
  if (!state) return false;
  if (spec.phase !== undefined) {
    const phases = Array.isArray(spec.phase) ? spec.phase : [spec.phase];
    if (!phases.includes(state.phase)) return false;
  }
  if (spec.greeting !== undefined && state.greeting?.verb !== spec.greeting) return false;
  if (spec.tls !== undefined && state.tls !== spec.tls) return false;
  if (spec.auth !== undefined && (state.authUser !== null) !== spec.auth) return false;
  if (spec.recipients && !inRange(state.envelope?.rcptTo.length ?? 0, spec.recipients)) return false;
  if (spec.mailParams && !(state.envelope && hasParams(state.envelope.mailParams, spec.mailParams)))
    return false;
  if (spec.envelopeTo) {
    const accepted = state.envelope?.rcptTo.map((r) => r.address.toLowerCase()) ?? [];
    if (!spec.envelopeTo.every((a) => accepted.includes(a.toLowerCase()))) return false;
  }
  return true;
}

/** `params` (upper-case names, as the server keeps them) include each of `wanted`: "NAME" or "NAME=value". */
function hasParams(params: Record<string, string>, wanted: readonly string[]): boolean {
  return wanted.every((w) => {
    const [name, ...value] = w.split('=');
    const have = params[name.toUpperCase()];
    if (have === undefined) return false;
    return value.length === 0 || have.toUpperCase() === value.join('=').toUpperCase();
  });
}

/** Whether the event at `index` satisfies a leaf event condition. */
export function eventMatches(condition: Condition, log: readonly SmtpEvent[], index: number): boolean {
  const e = log[index];
  if ('reply' in condition) {
    if (e.type !== 'reply') return false;
    const spec = condition.reply;
    const r = e.reply;
    if (spec.code !== undefined && !(Array.isArray(spec.code) ? spec.code : [spec.code]).includes(r.code))
      return false;
    if (spec.class !== undefined && Math.floor(r.code / 100) !== spec.class) return false;
    if (spec.id !== undefined && !(Array.isArray(spec.id) ? spec.id : [spec.id]).includes(r.id)) return false;
    if (spec.enhanced !== undefined && r.enhanced !== spec.enhanced) return false;
    if (spec.command !== undefined && answeredVerb(log, index) !== spec.command.toUpperCase()) return false;
    if (spec.host !== undefined && norm(hostOf(log, index) ?? '') !== norm(spec.host)) return false;
    return true;
  }
  if ('command' in condition) {
    return e.type === 'command' && e.verb === condition.command.verb.toUpperCase();
  }
  if ('connected' in condition) {
    if (e.type !== 'connected') return false;
    const spec = condition.connected;
    if (spec.port !== undefined && e.port !== spec.port) return false;
    if (spec.host !== undefined && norm(e.host) !== norm(spec.host)) return false;
    if (spec.tls !== undefined && becameTls(log, index, e) !== spec.tls) return false;
    return true;
  }
  if ('closed' in condition) {
    return e.type === 'closed' && (condition.closed.by === undefined || e.by === condition.closed.by);
  }
  if ('dns' in condition) {
    if (e.type !== 'dns') return false;
    const spec = condition.dns;
    if (spec.name !== undefined && norm(e.name) !== norm(spec.name)) return false;
    if (spec.type !== undefined && e.qtype !== spec.type.toUpperCase()) return false;
    if (spec.status !== undefined && e.status !== spec.status) return false;
    return true;
  }
  if ('tls' in condition) return e.type === 'tls';
  if ('auth' in condition) {
    if (e.type !== 'auth') return false;
    const spec = condition.auth;
    if (spec.success !== undefined && e.success !== spec.success) return false;
    if (spec.mechanism !== undefined && e.mechanism.toUpperCase() !== spec.mechanism.toUpperCase())
      return false;
    return true;
  }
  if ('data-line' in condition) {
    if (e.type !== 'data-line') return false;
    const spec = condition['data-line'];
    if (spec.bareLf !== undefined && (e.ending === '\n') !== spec.bareLf) return false;
    // The lone dot that ends DATA is not content.
    if (spec.startsWithDot !== undefined && (e.line.startsWith('.') && e.line !== '.') !== spec.startsWithDot)
      return false;
    return true;
  }
  if ('delivered' in condition) {
    return e.type === 'delivered' && deliveredMatches(condition.delivered, log, index, e);
  }
  // Mail that travels (relayed, report, mailq): matched by the travel chunk's code, which brings them.
  if ('relayed' in condition || 'report' in condition || 'mailq' in condition)
    return travelMatches?.(condition, e) ?? false;
  return false;
}

/** The verb of the command a reply answered: the last command the server read on that connection. */
export function answeredVerb(log: readonly SmtpEvent[], index: number): string | null {
  const e = log[index];
  if (e.type === 'reply' && e.command) return e.command.toUpperCase();
  for (let i = index - 1; i >= 0; i--) {
    const p = log[i];
    if (p.connectionId !== e.connectionId) continue;
    if (p.type === 'command') return p.verb;
    if (p.type === 'connected') return null;
  }
  return null;
}

/** The host name of the connection the event at `index` belongs to. */
function hostOf(log: readonly SmtpEvent[], index: number): string | null {
  const id = log[index].connectionId;
  for (let i = index; i >= 0; i--) {
    const p = log[i];
    if (p.type === 'connected' && p.connectionId === id) return p.host;
  }
  return null;
}

function becameTls(log: readonly SmtpEvent[], index: number, e: EventOf<'connected'>): boolean {
  if (e.tls) return true;
  return log.some((x, i) => i > index && x.type === 'tls' && x.connectionId === e.connectionId);
}

/** The DATA lines (or BDAT) that produced the message delivered at `index`. */
function transferOf(log: readonly SmtpEvent[], index: number, connectionId: number) {
  let messageAt = -1;
  for (let i = index - 1; i >= 0; i--) {
    const p = log[i];
    if (p.connectionId === connectionId && p.type === 'message') {
      messageAt = i;
      break;
    }
  }
  const lines: EventOf<'data-line'>[] = [];
  if (messageAt >= 0) {
    for (let i = messageAt - 1; i >= 0; i--) {
      const p = log[i];
      if (p.connectionId !== connectionId) continue;
      if (p.type === 'data-line') lines.unshift(p);
      else if (p.type === 'command') break;
    }
  }
  const message = messageAt >= 0 ? (log[messageAt] as EventOf<'message'>) : null;
  return { via: message?.via ?? 'DATA', octets: message?.octets ?? 0, lines };
}

function deliveredMatches(
  spec: DeliveredSpec,
  log: readonly SmtpEvent[],
  index: number,
  e: EventOf<'delivered'>,
): boolean {
  const m: StoredMessage = e.message;
  if (spec.host !== undefined && norm(m.host) !== norm(spec.host)) return false;
  if (spec.to !== undefined) {
    const to = spec.to.toLowerCase();
    if (m.mailbox.toLowerCase() !== to && m.originalRecipient.toLowerCase() !== to) return false;
  }
  if (spec.mailFrom !== undefined && m.envelope.mailFrom.toLowerCase() !== spec.mailFrom.toLowerCase())
    return false;
  if (
    spec.mailFromDomain !== undefined &&
    domainOf(m.envelope.mailFrom) !== spec.mailFromDomain.toLowerCase()
  )
    return false;
  if (spec.protocol !== undefined && m.protocol !== spec.protocol) return false;
  // Header checks read the content as the client sent it: what the learner wrote, not what the server added.
  const parsed = parseMessage(m.content);
  if (spec.fromDiffersFromEnvelope !== undefined) {
    const from = headerValues(parsed, 'From').flatMap(addressesOf)[0] ?? null;
    const differs = from !== null && from !== m.envelope.mailFrom.toLowerCase();
    if (differs !== spec.fromDiffersFromEnvelope) return false;
  }
  if (spec.headers && !spec.headers.every((h) => hasHeader(parsed, h))) return false;
  if (spec.missingHeaders && spec.missingHeaders.some((h) => hasHeader(parsed, h))) return false;
  if (spec.recipientsNotInHeaders !== undefined) {
    const visible = [...headerValues(parsed, 'To'), ...headerValues(parsed, 'Cc')].flatMap(addressesOf);
    const hidden = !visible.includes(m.originalRecipient.toLowerCase());
    if (hidden !== spec.recipientsNotInHeaders) return false;
  }
  if (spec.contentType !== undefined && !mediaTypeMatches(mediaType(parsed), spec.contentType)) return false;
  if (spec.bodyContains !== undefined && !parsed.body.toLowerCase().includes(spec.bodyContains.toLowerCase()))
    return false;
  if (spec.dotStuffed !== undefined) {
    // After unstuffing, a content line that starts with a dot was sent with the dot doubled (RFC 5321 §4.5.2).
    const stuffed = m.content.split('\n').some((l) => l.startsWith('.'));
    if (stuffed !== spec.dotStuffed) return false;
  }
  const checks = messageChecks.module;
  if (!checks && usesMessageChecks(spec)) {
    // Not here yet (its chunk could not be fetched before the lesson began): not met, and asked for again.
    loadMessageChecks().catch(() => {});
    return false;
  }
  if (spec.headerSyntax && !spec.headerSyntax.every((h) => checks!.headerValid(parsed, h))) return false;
  if (spec.headerAddresses) {
    for (const [name, wanted] of Object.entries(spec.headerAddresses)) {
      const present = headerValues(parsed, name).flatMap(addressesOf);
      if (!wanted.every((a) => present.includes(a.toLowerCase()))) return false;
    }
  }
  if (spec.mailParams && !hasParams(m.envelope.mailParams, spec.mailParams)) return false;
  if (spec.envelopeTo) {
    const accepted = m.envelope.rcptTo.map((r) => r.address.toLowerCase());
    if (!spec.envelopeTo.every((a) => accepted.includes(a.toLowerCase()))) return false;
  }
  if (spec.mimeTree !== undefined || spec.cidResolved !== undefined) {
    const tree = checks!.mimeTree(m.content);
    if (spec.mimeTree !== undefined && !checks!.treeMatches(tree, spec.mimeTree)) return false;
    if (spec.cidResolved !== undefined && checks!.cidLinksResolve(tree) !== spec.cidResolved) return false;
  }
  if (spec.bodyBlankEdges !== undefined && checks!.bodyHasBlankEdge(m.content) !== spec.bodyBlankEdges)
    return false;
  if (spec.viaBdat !== undefined || spec.bareLf !== undefined || spec.octets !== undefined) {
    const transfer = transferOf(log, index, e.connectionId);
    if (spec.octets !== undefined && !inRange(transfer.octets, spec.octets)) return false;
    if (spec.viaBdat !== undefined && (transfer.via === 'BDAT') !== spec.viaBdat) return false;
    if (spec.bareLf !== undefined && transfer.lines.some((l) => l.ending === '\n') !== spec.bareLf)
      return false;
  }
  return true;
}
