// The zod schema of a lesson's front matter (the contract in lessons/README.md), and the one definition of the
// goal-condition vocabulary: the TypeScript types of conditions are inferred from these schemas (type-only, so the
// page never loads zod). Conditions are walked one by one in checks.ts, so that a mistake names the exact one.
import { z } from 'zod';
import { PHASE_MEANING, REPLY_CATALOG } from '../smtp/catalog.ts';
import type { Phase, ReplyId } from '../smtp/types.ts';
import { HEADER_SYNTAX } from './engine/message-checks.ts';

export const REPLY_IDS = Object.keys(REPLY_CATALOG) as ReplyId[];
export const PHASES = Object.keys(PHASE_MEANING) as Phase[];
export const DNS_TYPES = ['A', 'AAAA', 'MX', 'TXT', 'CNAME', 'PTR', 'NS'] as const;

/** A wrong type gets this message; a missing value keeps zod's, which checks.ts turns into "missing required field". */
const wrongType = (message: string) => ({
  error: (issue: { input?: unknown }) => (issue.input === undefined ? undefined : message),
});
const text = (what: string) =>
  z
    .string(wrongType(`${what} must be text`))
    .trim()
    .min(1, `${what} is empty`);
const int = (what: string) =>
  z.number(wrongType(`${what} must be a number`)).int(`${what} must be a whole number`);
export const RangeSchema = z.strictObject({
  min: int('min').min(0, 'min must be ≥ 0').optional(),
  max: int('max').min(0, 'max must be ≥ 0').optional(),
});
const range = RangeSchema;
/**
 * A goal or `when` condition: here only "a map"; checkCondition (checks.ts) walks it and checks every part,
 * and checkLesson returns nothing unless it passed, so the inferred type Condition holds for compiled lessons.
 */
const anyCondition = z.custom<Condition>(
  (v) => v !== null && typeof v === 'object' && !Array.isArray(v),
  'a condition must be a map like { reply: {...} }',
);
const oneOrMany = <T extends z.ZodType>(schema: T) => z.union([schema, z.array(schema).min(1)]);

/** Checked against the catalog in checks.ts, so the message can list close names. */
const replyId = z.custom<ReplyId>((v) => typeof v === 'string', 'a reply id must be text, e.g. ehlo.ok');
const phase = z.custom<Phase>((v) => typeof v === 'string', 'a phase must be text, e.g. rcpt');

/** The body of each leaf condition kind. */
export const LEAF_SCHEMAS = {
  reply: z.strictObject({
    code: oneOrMany(int('code').min(200).max(599)).optional(),
    class: z.union([z.literal(2), z.literal(3), z.literal(4), z.literal(5)]).optional(),
    id: oneOrMany(replyId).optional(),
    enhanced: z
      .string()
      .regex(/^[245]\.\d{1,3}\.\d{1,3}$/, 'enhanced must look like 5.1.1')
      .optional(),
    command: z
      .string()
      .regex(/^[A-Za-z]+$/, 'command must be a verb such as RCPT')
      .optional(),
    host: text('host').optional(),
  }),
  command: z.strictObject({ verb: z.string().regex(/^[A-Za-z]+$/, 'verb must be a word such as EHLO') }),
  connected: z.strictObject({
    port: int('port').min(1).max(65535).optional(),
    host: text('host').optional(),
    tls: z.boolean().optional(),
  }),
  closed: z.strictObject({ by: z.enum(['server', 'client']).optional() }),
  state: z.strictObject({
    phase: oneOrMany(phase).optional(),
    greeting: z.enum(['HELO', 'EHLO']).optional(),
    tls: z.boolean().optional(),
    auth: z.boolean().optional(),
    recipients: range.optional(),
    mailParams: z.array(text('parameter')).min(1).optional(),
    envelopeTo: z.array(text('address')).min(1).optional(),
  }),
  delivered: z.strictObject({
    count: range.optional(),
    /** The host that accepted it (mail.example.test even when it only queued it to pass on). */
    host: text('host').optional(),
    to: text('to').optional(),
    mailFrom: z.string().optional(),
    mailFromDomain: text('mailFromDomain').optional(),
    protocol: z.enum(['SMTP', 'ESMTP', 'ESMTPS', 'ESMTPA', 'ESMTPSA']).optional(),
    fromDiffersFromEnvelope: z.boolean().optional(),
    headers: z.array(text('header name')).optional(),
    missingHeaders: z.array(text('header name')).optional(),
    recipientsNotInHeaders: z.boolean().optional(),
    contentType: text('contentType').optional(),
    bodyContains: text('bodyContains').optional(),
    viaBdat: z.boolean().optional(),
    dotStuffed: z.boolean().optional(),
    bareLf: z.boolean().optional(),
    /** Each named header appears once and parses as RFC 5322 says (message-checks.ts HEADER_SYNTAX). */
    headerSyntax: z
      .array(
        z.string().refine((h) => h.toLowerCase() in HEADER_SYNTAX, {
          message: `headerSyntax knows ${Object.keys(HEADER_SYNTAX).join(', ')}`,
        }),
      )
      .min(1)
      .optional(),
    /** Each header's address list includes these addresses: { Cc: [postmaster@example.test] }. */
    headerAddresses: z.record(text('header name'), z.array(text('address')).min(1)).optional(),
    /** The message's accepted RCPT TO list includes all of these. */
    envelopeTo: z.array(text('address')).min(1).optional(),
    /** Its MAIL FROM carried these parameters: "SMTPUTF8", "BODY=8BITMIME" (case-insensitive). */
    mailParams: z.array(text('parameter')).min(1).optional(),
    /** How many different messages (queue IDs) the matching deliveries belong to, over one connection. */
    distinctMessages: range.optional(),
    /** The size the client sent, in octets (for BDAT: the sum of the chunk sizes). */
    octets: range.optional(),
    /** The MIME tree, e.g. "multipart/alternative(text/plain,text/html)"; "image/*" matches any image. */
    mimeTree: text('mimeTree').optional(),
    /** Every cid: URL in an HTML part names a part's Content-ID, and there is at least one. */
    cidResolved: z.boolean().optional(),
    /** The body begins or ends with an empty line. */
    bodyBlankEdges: z.boolean().optional(),
  }),
  dns: z.strictObject({
    name: text('name').optional(),
    type: z.enum(DNS_TYPES).optional(),
    status: z.enum(['NOERROR', 'NXDOMAIN']).optional(),
  }),
  tls: z.literal(true, wrongType('write the TLS condition as `tls: true`')),
  auth: z.strictObject({ success: z.boolean().optional(), mechanism: z.enum(['PLAIN', 'LOGIN']).optional() }),
  'data-line': z.strictObject({ bareLf: z.boolean().optional(), startsWithDot: z.boolean().optional() }),
  /** A host's queue reported an outcome for a recipient it passes on (mail that travels, world.travel). */
  relayed: z.strictObject({
    to: text('to').optional(),
    status: oneOrMany(z.enum(['sent', 'deferred', 'bounced', 'expired'])).optional(),
    /** The server that answered (mx2.elsewhere.test); absent when none did (DNS, connection refused). */
    server: text('server').optional(),
    enhanced: z
      .string()
      .regex(/^[245]\.\d{1,3}\.\d{1,3}$/, 'enhanced must look like 5.1.1')
      .optional(),
  }),
  /** A host's queue wrote a report to a sender: a bounce (failed), a delay warning, a success notice. */
  report: z.strictObject({
    kind: z.enum(['failed', 'delayed', 'delivered']).optional(),
    to: text('to').optional(),
  }),
  /** The learner listed the provider's queue (mailq, postqueue -p); `deferred`: with a deferred message in it. */
  mailq: z.strictObject({ deferred: z.boolean().optional() }),
} as const;

/** Conditions about something that happened (and so have a moment in time): every leaf kind but `state`. */
export const EVENT_KINDS = (Object.keys(LEAF_SCHEMAS) as LeafKind[]).filter(
  (k): k is Exclude<LeafKind, 'state'> => k !== 'state',
);
export const COMBINATOR_KINDS = ['all', 'any', 'not', 'sequence', 'count'] as const;
export const CONDITION_KINDS: readonly ConditionKind[] = [...EVENT_KINDS, 'state', ...COMBINATOR_KINDS];

type LeafSchemas = typeof LEAF_SCHEMAS;
export type LeafKind = keyof LeafSchemas;
export type Range = z.infer<typeof RangeSchema>;
/** A leaf condition: an object with exactly one key, its kind, whose body the kind's schema describes. */
export type LeafCondition = { [K in LeafKind]: { [P in K]: z.infer<LeafSchemas[K]> } }[LeafKind];
export type DeliveredSpec = z.infer<LeafSchemas['delivered']>;
export type Condition =
  | LeafCondition
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { sequence: Condition[] }
  | { count: { of: Condition } & Range };
export type ConditionKind = LeafKind | (typeof COMBINATOR_KINDS)[number];

const dnsRecord = z.union([
  z.strictObject({
    name: text('name'),
    type: z.literal('MX'),
    ttl: int('ttl').min(0).optional(),
    preference: int('preference').min(0),
    exchange: text('exchange'),
  }),
  z.strictObject({
    name: text('name'),
    type: z.enum(['A', 'AAAA', 'CNAME', 'PTR', 'NS', 'TXT']),
    ttl: int('ttl').min(0).optional(),
    value: text('value'),
  }),
]);

export const WorldSchema = z.strictObject({
  base: text('world.base').optional(),
  profile: text('world.profile').optional(),
  host: text('world.host').optional(),
  users: z
    .array(
      z.strictObject({
        name: z.string().regex(/^[A-Za-z0-9._+-]+$/, 'a user name is a local part such as carol'),
        password: z.string().optional(),
        fullName: z.string().optional(),
      }),
    )
    .optional(),
  dns: z.array(dnsRecord).optional(),
  telnetEcho: z.boolean().optional(),
  /** Mail for other domains travels on (queue, MX lookup, a second SMTP hop), as in the sandbox. */
  travel: z.boolean().optional(),
  /** Hosts whose mail server is stopped: every connection to them is refused (a backup MX lesson). */
  stopped: z.array(text('host')).optional(),
});
export type LessonWorldData = z.infer<typeof WorldSchema>;

const line = z.string(wrongType('a typed line must be text (quote it)'));

export const StepSchema = z.strictObject({
  id: z
    .string(wrongType('a step id must be text'))
    .regex(/^[a-z0-9-]+$/, 'a step id uses only a-z, 0-9 and "-"'),
  text: text('text'),
  goal: anyCondition,
  teaches: z.array(z.strictObject({ when: anyCondition, say: text('say') })).optional(),
  hints: z.array(text('a hint'), wrongType('hints must be a list')).min(1, 'a step needs at least one hint'),
  done: text('done'),
  solution: z.array(line, wrongType('solution must be a list of lines')).min(1, 'solution is empty'),
  /** Near misses: lines typed after the earlier steps' solutions that must NOT complete this step (tested). */
  misses: z
    .array(
      z.strictObject({ name: text('name'), lines: z.array(line).min(1) }),
      wrongType('misses must be a list'),
    )
    .optional(),
});

export const LessonSchema = z.strictObject({
  title: text('title'),
  summary: text('summary'),
  seeds: z
    .array(z.string(wrongType("a seed id must be quoted text such as '000'")).regex(/^\d{3}$/))
    .optional(),
  world: WorldSchema.optional(),
  start: z
    .strictObject({
      at: z.enum(['shell', 'connected', 'data']).optional(),
      port: int('start.port').min(1).max(65535).optional(),
      commands: z.array(line).optional(),
    })
    .optional(),
  steps: z.array(StepSchema, wrongType('steps must be a list')).min(1, 'a lesson needs at least one step'),
  variants: z.array(z.strictObject({ name: text('name'), lines: z.array(line).min(1) })).optional(),
});

export type LessonData = z.infer<typeof LessonSchema>;
export type StepData = z.infer<typeof StepSchema>;
