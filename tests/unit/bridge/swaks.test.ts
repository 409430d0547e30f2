// swaks (the Swiss Army Knife for SMTP, Perl: another client, another TLS stack) against the bridge: UTF-8
// echoed as sent, and the implicit-TLS port. Skipped where swaks is not installed (apt-get install swaks).
import { execFile, spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { Bridge } from '../../../src/bridge/server.ts';
import { portOf, testBridge } from './helpers.ts';

const hasSwaks = spawnSync('swaks', ['--version'], { timeout: 10_000 }).status === 0;

let bridge: (Bridge & { errors: string[] }) | null = null;
afterEach(async () => {
  await bridge?.close();
  bridge = null;
});

/** swaks's transcript as octets, without blocking the event loop the bridge lives on. */
function swaks(args: string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile('swaks', args, { timeout: 20_000, encoding: 'buffer' }, (error, stdout, stderr) =>
      // swaks exits non-zero when the server refuses something; the transcript is what we check.
      stdout.length > 0 ? resolve(stdout) : reject(new Error(`${error?.message}\n${stderr.toString()}`)),
    );
  });
}

describe.skipIf(!hasSwaks)('swaks through the bridge', () => {
  it('an address in a refusal is echoed as the octets swaks sent', async () => {
    // Sendmail echoes the sender in its MAIL replies; swaks sends no SMTPUTF8, so the address is refused.
    bridge = await testBridge([{ port: 0, profile: 'sendmail' }]);
    const out = await swaks([
      '--server',
      `127.0.0.1:${portOf(bridge)}`,
      '--from',
      'jörg.用户@client.test',
      '--to',
      'alice@example.test',
      '--quit-after',
      'MAIL',
    ]);
    const lines = new TextDecoder('utf-8', { fatal: true }).decode(out).split('\n');
    const sent = lines.indexOf(' -> MAIL FROM:<jörg.用户@client.test>');
    expect(sent).toBeGreaterThan(0);
    expect(lines[sent + 1]).toMatch(/^<\*\* 5\d\d /);
    expect(lines[sent + 1]).toContain('<jörg.用户@client.test>');
  });

  it('delivers over the implicit-TLS port (--tlsc), a UTF-8 body intact', async () => {
    bridge = await testBridge([
      { port: 0, profile: 'postfix' },
      { port: 0, profile: 'postfix', tls: 'implicit' },
    ]);
    const out = (
      await swaks([
        '--server',
        `127.0.0.1:${portOf(bridge, true)}`,
        '--tlsc',
        '--from',
        'learner@client.test',
        '--to',
        'alice@example.test',
        '--body',
        'Grüße aus Köln',
      ])
    ).toString('utf8');
    expect(out).toContain('=== TLS started with cipher');
    expect(out).toMatch(/<~ {2}250 2\.0\.0 Ok: queued as [0-9A-F]+/);
    const [stored] = bridge.network.mailbox('alice@example.test');
    expect(stored.content).toContain('Grüße aus Köln');
    expect(stored.protocol).toBe('ESMTPS');
    expect(bridge.errors).toEqual([]);
  });
});
