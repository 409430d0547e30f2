// Fuzz of the TCP bridge over real loopback sockets: random and hostile byte streams (random octets, huge
// lines, bare CR and LF, commands in any order, pipelined, split at random points, TLS started mid-stream or
// from the first byte) against every profile. Whatever a client sends, every line the bridge writes is a
// reply line ("NNN " or "NNN-", ended by CR LF, no CR or LF inside), the bridge reports no internal error,
// and every connection is gone once its client has left.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WireClient } from '../../../scripts/refs-compare.ts';
import type { Bridge } from '../../../src/bridge/server.ts';
import { profiles } from '../../../src/smtp/profiles/index.ts';
import { junkLine, validCommand } from '../smtp/properties-shared.ts';
import { eventually, testBridge } from './helpers.ts';

/** Sessions per run; PROPERTY_RUNS raises it (as in the other property tests) to hunt for rare lines. */
const SESSIONS = Number(process.env.PROPERTY_RUNS ?? 100);
const profileIds = Object.keys(profiles);
const encoder = new TextEncoder();

// ---------------------------------------------------------------------------------------------
// What a hostile client writes

const ending = fc.constantFrom('\r\n', '\r\n', '\r\n', '\n', '\r', '', '\r\r\n', '\n\r');
const line = fc.oneof(
  { weight: 5, arbitrary: validCommand },
  { weight: 2, arbitrary: junkLine },
  // Echoed arguments: characters whose low byte is CR, LF or ESC, C1 controls, lone surrogates, NUL.
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom('VRFY ', 'EXPN ', 'ETRN ', 'MAIL FROM:<', 'RCPT TO:<', 'HELO ', 'XYZZY ', ''),
        fc.constantFrom(
          '\u010d\u010a250-INJECTED',
          '\u011b[2J',
          '\u009b31m',
          'jörg',
          '用户',
          '\ud800x',
          'a\0b',
        ),
      )
      .map(([verb, text]) => `${verb}${text}${verb.endsWith('<') ? '@example.test>' : ''}`),
  },
  // Huge lines: over RFC 5321's 512, over Postfix's line_length_limit (2048), far over.
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.constantFrom('NOOP ', 'MAIL FROM:<', 'RCPT TO:<', 'VRFY ', 'X'),
        fc.integer({ min: 500, max: 20_000 }),
      )
      .map(([verb, n]) => `${verb}${'x'.repeat(n)}`),
  },
);
const chunk = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(line, ending).map(([l, e]) => encoder.encode(l + e)) },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 200 }) },
  // A message on its way: DATA and BDAT bodies that a confused client may send at any time.
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('DATA\r\nSubject: x\r\n\r\nhi\r\n.\r\n', 'BDAT 5 LAST\r\nhello', '.\r\n')
      .map((s) => encoder.encode(s)),
  },
);

interface Plan {
  profile: string;
  /** Connect to the implicit-TLS listener (port 465 style) instead of the plain one. */
  implicitTls: boolean;
  before: Uint8Array[];
  /** Then: STARTTLS, and if the server says 220, the handshake and `after` inside TLS. */
  starttls: boolean;
  after: Uint8Array[];
  /** Cut points of each part's bytes into separate writes, and whether to yield between writes. */
  cuts: number[];
  pause: boolean;
}

const plan: fc.Arbitrary<Plan> = fc.record({
  profile: fc.constantFrom(...profileIds),
  implicitTls: fc.integer({ min: 0, max: 9 }).map((n) => n < 2),
  before: fc.array(chunk, { maxLength: 25 }),
  starttls: fc.boolean(),
  after: fc.array(chunk, { maxLength: 15 }),
  cuts: fc.array(fc.nat(), { maxLength: 12 }),
  pause: fc.boolean(),
});

// ---------------------------------------------------------------------------------------------
// A client that writes the plan and keeps every octet the server sent

interface Outcome {
  received: Buffer;
  tls: boolean;
  closedByServer: boolean;
}

/** The plan's bytes cut at the given points into separate writes. */
function pieces(parts: Uint8Array[], cuts: number[]): Buffer[] {
  const bytes = Buffer.concat(parts);
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const ends = [...points.filter((p) => p > 0 && p < bytes.length), bytes.length];
  return ends.map((end, i) => bytes.subarray(i === 0 ? 0 : ends[i - 1], end)).filter((b) => b.length > 0);
}

async function write(client: WireClient, parts: Buffer[], pause: boolean): Promise<void> {
  for (const part of parts) {
    client.send(part);
    if (pause) await new Promise((r) => setImmediate(r));
  }
}

const QUIET_MS = 20;
const latin1 = (b: Buffer) => b.toString('latin1');

async function runPlan(p: Plan, port: number, tlsPort: number): Promise<Outcome> {
  // Nothing is read as a reply here: `pending` keeps every octet, before and after STARTTLS.
  const client = await WireClient.open('127.0.0.1', p.implicitTls ? tlsPort : port, { tls: p.implicitTls });
  let tls = p.implicitTls;
  await write(client, pieces(p.before, p.cuts), p.pause);
  if (p.starttls && !p.implicitTls && !client.closed) {
    // Let the pipelined replies settle, then ask for TLS and wait for this command's reply. A server inside
    // DATA or a chunk stays silent: give up soon, the rest then goes in clear.
    let settled = client.pending.length;
    while (await client.waitFor((b) => b.length > settled, QUIET_MS)) settled = client.pending.length;
    client.send('STARTTLS\r\n');
    const reply = (b: Buffer) => /(^|\r\n)\d{3} [^\r\n]*\r\n$/.test(latin1(b.subarray(settled)));
    if (
      (await client.waitFor(reply, 250)) &&
      latin1(client.pending.subarray(settled)).match(/(^|\r\n)220 [^\r\n]*\r\n$/)
    ) {
      tls = await client.startTls().then(
        () => true,
        () => false,
      );
    }
  }
  await write(client, pieces(p.after, p.cuts), p.pause);
  // The client leaves; the server must answer what it read and close its side.
  client.end();
  await client.waitFor(() => false, 5000);
  const closedByServer = client.closed;
  client.close();
  return { received: client.pending, tls, closedByServer };
}

/** Lines of the server's output that are not reply lines (RFC 5321 section 4.2). */
function malformedLines(bytes: Buffer): string[] {
  const text = bytes.toString('latin1');
  if (text === '') return [];
  const lines = text.split('\r\n');
  const last = lines.pop();
  const bad = lines.filter((l) => /[\r\n]/.test(l) || !/^\d{3}[ -]/.test(l));
  if (last !== '') bad.push(`${last} (not ended by CR LF)`);
  return bad;
}

// ---------------------------------------------------------------------------------------------

describe('bridge fuzz over loopback sockets', () => {
  let bridge: Bridge & { errors: string[] };
  let plainPorts: Map<string, number>;
  let tlsPort: number;

  beforeAll(async () => {
    bridge = await testBridge(
      [
        ...profileIds.map((profile) => ({ port: 0, profile })),
        { port: 0, profile: 'postfix-submission', tls: 'implicit' as const },
      ],
      { lingerMs: 500, idleTimeoutMs: 10_000, maxConnections: 200 },
    );
    plainPorts = new Map(bridge.endpoints.filter((e) => !e.tls).map((e) => [e.profile, e.port]));
    tlsPort = bridge.endpoints.find((e) => e.tls)!.port;
  });
  afterAll(async () => {
    await bridge?.close();
  });

  it(
    'random hostile sessions: every line written is a reply line, no internal error, no connection left',
    async () => {
      const stats = new Map(profileIds.map((id) => [id, { sessions: 0, lines: 0, malformed: 0 }]));
      let tlsSessions = 0;
      const examples: string[] = [];
      await fc.assert(
        fc.asyncProperty(plan, async (p) => {
          const outcome = await runPlan(p, plainPorts.get(p.profile)!, tlsPort);
          const profile = p.implicitTls ? 'postfix-submission' : p.profile;
          const s = stats.get(profile)!;
          const bad = malformedLines(outcome.received);
          s.sessions++;
          s.lines += outcome.received.toString('latin1').split('\r\n').length - 1;
          s.malformed += bad.length;
          if (outcome.tls) tlsSessions++;
          if (bad.length && examples.length < 5)
            examples.push(`${profile}: ${JSON.stringify(bad[0].slice(0, 200))}`);
          // FUZZ_COUNT=1 counts every malformed line over all sessions (for a per-profile figure) instead of
          // stopping at, and shrinking, the first one.
          if (!process.env.FUZZ_COUNT) expect(bad, `${profile}: malformed lines`).toEqual([]);
          expect(outcome.closedByServer, 'the connection closed after the client left').toBe(true);
          // Something was said: at least the greeting (a bridge that writes nothing has no malformed lines).
          expect(outcome.received.toString('latin1')).toMatch(/^\d{3}[ -]/);
        }),
        { numRuns: SESSIONS },
      );
      console.info(
        `bridge fuzz: ${SESSIONS} sessions, ${tlsSessions} with TLS; per profile sessions/reply lines/malformed: ` +
          [...stats].map(([id, s]) => `${id} ${s.sessions}/${s.lines}/${s.malformed}`).join(', '),
      );
      expect(examples).toEqual([]);
      expect(bridge.errors).toEqual([]);
      // No leak: once every client has gone, so has every connection.
      await eventually(() => bridge.connections === 0, 5000);
      // The runs must really reach TLS: a plan generator that never gets a 220 would pass vacuously.
      expect(tlsSessions).toBeGreaterThan(SESSIONS * 0.05);
    },
    Math.max(60_000, SESSIONS * 1000),
  );
});
