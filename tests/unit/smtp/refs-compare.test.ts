// scripts/refs-compare.ts: the scenario format as driver.py reads it, the wire client, and the comparison,
// run against the simulator's own bridge (a live Postfix is not there in CI).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge, type Bridge } from '../../../src/bridge/server.ts';
import {
  compare,
  maskText,
  parseScenario,
  runScenario,
  scenarioFiles,
  totals,
  unescapeBytes,
  type Timing,
} from '../../../scripts/refs-compare.ts';

const SCENARIOS = fileURLToPath(new URL('../../scenarios/', import.meta.url));
const FAST: Timing = { replyMs: 3000, drainLineMs: 30, drainBlockMs: 60 };

describe('scenario files', () => {
  it('reads every directive of driver.py', () => {
    const s = parseScenario(
      'x',
      [
        '## a comment',
        '## also: postfix-587',
        'EHLO client.example',
        '<PIPELINE>',
        'MAIL FROM:<a@b>',
        'RCPT TO:<c@d>',
        '</PIPELINE>',
        '<DATA-BLOCK>',
        'Subject: x',
        '.',
        '</DATA-BLOCK>',
        '<RAW> BDAT 2 LAST\\r\\nhi',
        '<RAW-NOREPLY> NOOP\\x00x',
        '<READ>',
        '<REPEAT 3> NOOP',
        '<STARTTLS>',
        '<SLEEP 0.5>',
        '<EMPTY>',
        'trailing blank ',
        '',
      ].join('\n'),
    );
    expect(s.comments).toEqual(['a comment']);
    expect(s.steps).toEqual([
      { kind: 'line', line: 'EHLO client.example' },
      { kind: 'pipeline', lines: ['MAIL FROM:<a@b>', 'RCPT TO:<c@d>'] },
      { kind: 'data-block', lines: ['Subject: x', '.'] },
      { kind: 'raw', bytes: 'BDAT 2 LAST\\r\\nhi' },
      { kind: 'raw-noreply', bytes: 'NOOP\\x00x' },
      { kind: 'read' },
      { kind: 'repeat', n: 3, line: 'NOOP' },
      { kind: 'starttls' },
      { kind: 'sleep', seconds: 0.5 },
      { kind: 'line', line: '' },
      { kind: 'line', line: 'trailing blank ' },
    ]);
    expect([...unescapeBytes('A\\r\\n\\t\\\\\\x00é')]).toEqual([65, 13, 10, 9, 92, 0, 0xc3, 0xa9]);
  });

  it('every scenario written for issue 8 parses into sendable steps', () => {
    const files = readdirSync(SCENARIOS).filter((f) => f.endsWith('.txt'));
    expect(files.length).toBeGreaterThanOrEqual(10);
    expect(scenarioFiles([SCENARIOS])).toHaveLength(files.length);
    for (const f of files) {
      const s = parseScenario(f, readFileSync(join(SCENARIOS, f), 'utf8'));
      expect(s.comments.length, `${f} says what it tests`).toBeGreaterThan(0);
      expect(s.steps.length, f).toBeGreaterThan(2);
    }
  });

  it('masks queue IDs and dates, nothing else', () => {
    expect(maskText('250 2.0.0 Ok: queued as 4A54D160241')).toBe('250 2.0.0 Ok: queued as <QUEUEID>');
    expect(maskText('220 x ESMTP Sendmail 8.9.2; Sun, 22 Nov 2026 23:02:45 +0000 (UTC)')).toBe(
      '220 x ESMTP Sendmail 8.9.2; <DATE>',
    );
    expect(maskText('250 2.1.5 Ok')).toBe('250 2.1.5 Ok');
  });
});

describe('comparing over the wire', () => {
  let bridge: Bridge;
  const port = (profile: string) => bridge.endpoints.find((e) => e.profile === profile)!.port;

  beforeAll(async () => {
    bridge = await startBridge({
      listeners: [
        { port: 0, profile: 'postfix' },
        { port: 0, profile: 'sendmail' },
      ],
      lingerMs: 500,
      error: (line) => {
        throw new Error(line);
      },
    });
  });
  afterAll(() => bridge.close());

  const scenario = (name: string) =>
    parseScenario(name, readFileSync(join(SCENARIOS, `${name}.txt`), 'utf8'));

  it('the same server twice: every step equal, STARTTLS and raw bytes included', async () => {
    for (const name of ['230_starttls_injection', '220_bdat_variants']) {
      const s = scenario(name);
      const [a, b] = await Promise.all([
        runScenario(s, '127.0.0.1', port('postfix'), FAST),
        runScenario(s, '127.0.0.1', port('postfix'), FAST),
      ]);
      expect(a.steps).toHaveLength(s.steps.length + 1);
      expect(a.steps[0].replies?.[0].lines).toEqual(['220 mail.example.test ESMTP Postfix']);
      const t = totals([compare(name, a, b)]);
      const sent = a.steps.filter((step) => step.replies !== null).length;
      expect(sent).toBeGreaterThan(8);
      expect(t).toMatchObject({ steps: sent, code: sent, enhanced: sent, text: sent });
    }
    // One 220 for STARTTLS + RSET (the injected RSET is dropped); inside TLS, EHLO no longer offers STARTTLS.
    const tls = await runScenario(scenario('230_starttls_injection'), '127.0.0.1', port('postfix'), FAST);
    expect(tls.steps[2].replies?.map((r) => r.code)).toEqual(['220']);
    expect(tls.steps[4].replies?.map((r) => r.code)).toEqual(['250']);
    expect(tls.steps[5].replies?.[0].lines.join('\n')).not.toContain('STARTTLS');
  });

  it('another profile: the table shows where the codes differ', async () => {
    // Sendmail 8.9 has no STARTTLS: its 500 stands where Postfix says 220.
    const s = scenario('230_starttls_injection');
    const [postfix, sendmail] = await Promise.all([
      runScenario(s, '127.0.0.1', port('postfix'), FAST),
      runScenario(s, '127.0.0.1', port('sendmail'), FAST),
    ]);
    const c = compare(s.name, postfix, sendmail);
    expect(c.rows[0].code).toBe(true); // both greet with 220
    expect(c.rows[0].text).toBe(false);
    expect(totals([c]).code).toBeLessThan(c.rows.length);
  });

  it('refuses a target that is not loopback', async () => {
    await expect(runScenario(scenario('204_spaces_in_brackets'), '192.0.2.25', 25, FAST)).rejects.toThrow(
      /non-loopback/,
    );
  });
});
