// The shapes of a compiled lesson and of its goal conditions: plain data shared by the build-time compiler,
// the engine, the page and the tests (lessons/README.md documents the authoring side).
import type { Phase, ReplyId } from '../../smtp/types.ts';

export interface Range {
  min?: number;
  max?: number;
}

/** Leaf conditions: each is an object with exactly one key. */
export interface ReplyCondition {
  reply: {
    code?: number | number[];
    class?: 2 | 3 | 4 | 5;
    id?: ReplyId | ReplyId[];
    enhanced?: string;
    /** The verb of the command the reply answered (the last command the server read before it). */
    command?: string;
    /** The host of the connection it came on (case-insensitive). */
    host?: string;
  };
}
export interface CommandCondition {
  command: { verb: string };
}
export interface ConnectedCondition {
  connected: { port?: number; host?: string; tls?: boolean };
}
export interface ClosedCondition {
  closed: { by?: 'server' | 'client' };
}
export interface StateCondition {
  state: {
    phase?: Phase | Phase[];
    greeting?: 'HELO' | 'EHLO';
    tls?: boolean;
    auth?: boolean;
    recipients?: Range;
    /** The open transaction's MAIL FROM carried these parameters: "SMTPUTF8", "BODY=8BITMIME". */
    mailParams?: string[];
    /** The open transaction's accepted recipients include these addresses. */
    envelopeTo?: string[];
  };
}
export interface DeliveredSpec {
  count?: Range;
  to?: string;
  /** The envelope sender (MAIL FROM), compared case-insensitively; '' is the null sender. */
  mailFrom?: string;
  /** The domain of the envelope sender, e.g. the recipient's own domain in a forgery. */
  mailFromDomain?: string;
  protocol?: 'SMTP' | 'ESMTP' | 'ESMTPS' | 'ESMTPA' | 'ESMTPSA';
  fromDiffersFromEnvelope?: boolean;
  headers?: string[];
  missingHeaders?: string[];
  recipientsNotInHeaders?: boolean;
  contentType?: string;
  bodyContains?: string;
  viaBdat?: boolean;
  dotStuffed?: boolean;
  bareLf?: boolean;
  /** Each named header appears once and parses as RFC 5322 says (message-checks.ts HEADER_SYNTAX). */
  headerSyntax?: string[];
  /** Each named header's address list includes these addresses, e.g. { Cc: [postmaster@example.test] }. */
  headerAddresses?: Record<string, string[]>;
  /** The MAIL FROM carried these parameters: "SMTPUTF8", "BODY=8BITMIME" (case-insensitive). */
  mailParams?: string[];
  /** The message's accepted envelope recipients include all of these. */
  envelopeTo?: string[];
  /** How many different messages (queue IDs) the matching deliveries belong to, over one connection. */
  distinctMessages?: Range;
  /** The size of the message as the client sent it, in octets (for BDAT: the sum of the chunk sizes). */
  octets?: Range;
  /** The MIME tree, e.g. "multipart/alternative(text/plain,text/html)"; "image/*" matches any image. */
  mimeTree?: string;
  /** Every cid: URL in an HTML part names a part's Content-ID, and there is at least one. */
  cidResolved?: boolean;
  /** The body begins or ends with an empty line. */
  bodyBlankEdges?: boolean;
}
export interface DeliveredCondition {
  delivered: DeliveredSpec;
}
export interface DnsCondition {
  dns: { name?: string; type?: string; status?: 'NOERROR' | 'NXDOMAIN' };
}
export interface TlsCondition {
  tls: true;
}
export interface AuthCondition {
  auth: { success?: boolean; mechanism?: string };
}
export interface DataLineCondition {
  'data-line': { bareLf?: boolean; startsWithDot?: boolean };
}

export interface AllCondition {
  all: Condition[];
}
export interface AnyCondition {
  any: Condition[];
}
export interface NotCondition {
  not: Condition;
}
export interface SequenceCondition {
  sequence: Condition[];
}
export interface CountCondition {
  count: { of: Condition } & Range;
}

export type Condition =
  | ReplyCondition
  | CommandCondition
  | ConnectedCondition
  | ClosedCondition
  | StateCondition
  | DeliveredCondition
  | DnsCondition
  | TlsCondition
  | AuthCondition
  | DataLineCondition
  | AllCondition
  | AnyCondition
  | NotCondition
  | SequenceCondition
  | CountCondition;

/** Conditions that are about something that happened (and so have a moment in time). */
export const EVENT_KINDS = [
  'reply',
  'command',
  'connected',
  'closed',
  'delivered',
  'dns',
  'tls',
  'auth',
  'data-line',
] as const;
export const COMBINATOR_KINDS = ['all', 'any', 'not', 'sequence', 'count'] as const;
export const CONDITION_KINDS = [...EVENT_KINDS, 'state', ...COMBINATOR_KINDS] as const;
export type ConditionKind = (typeof CONDITION_KINDS)[number];

export interface LessonWorld {
  base?: string;
  profile?: string;
  host?: string;
  users?: { name: string; password?: string; fullName?: string }[];
  dns?: DnsRecordSpec[];
  telnetEcho?: boolean;
}

export type DnsRecordSpec =
  | { name: string; type: 'MX'; ttl?: number; preference: number; exchange: string }
  | { name: string; type: 'A' | 'AAAA' | 'CNAME' | 'PTR' | 'NS' | 'TXT'; ttl?: number; value: string };

export interface LessonStart {
  at: 'shell' | 'connected' | 'data';
  port: number;
  /** Every line typed for the learner before step 1, the telnet command included. */
  lines: string[];
}

export interface TeachEntry {
  when: Condition;
  say: string;
  /** `say` rendered to inline HTML. */
  sayHtml: string;
}

export interface CompiledStep {
  id: string;
  text: string;
  textHtml: string;
  goal: Condition;
  teaches: TeachEntry[];
  hints: string[];
  hintsHtml: string[];
  done: string;
  doneHtml: string;
  solution: string[];
  /** Near misses: typed after the earlier steps' solutions, these lines must not complete the step. */
  misses: Variant[];
}

export interface Variant {
  name: string;
  lines: string[];
}

/** A lesson as the build compiles it: everything validated, Markdown already HTML. */
export interface CompiledLesson {
  /** URL id (folder name without the NN- prefix). */
  slug: string;
  /** The NN of the folder. */
  order: number;
  /** Path of the source file relative to the project, for messages. */
  file: string;
  title: string;
  summary: string;
  seeds: string[];
  world: LessonWorld;
  start: LessonStart;
  introHtml: string;
  steps: CompiledStep[];
  variants: Variant[];
}

/** What `virtual:lessons` exports per lesson: small, for the index and navigation. */
export interface LessonSummary {
  slug: string;
  order: number;
  title: string;
  summary: string;
  /** The old tutorials it draws on (ids of the Sources page). */
  seeds: string[];
  steps: { id: string }[];
}
