// Address literals that name the address the bridge listens on are the server's own, as for a Postfix
// listening there: alice@[127.0.0.1] is Alice's mail; another address in brackets is a relay attempt.
import { afterEach, describe, expect, it } from 'vitest';
import { listeningAddresses, type Bridge } from '../../../src/bridge/server.ts';
import { portOf, RawClient, testBridge } from './helpers.ts';

let bridge: (Bridge & { errors: string[] }) | null = null;
afterEach(async () => {
  await bridge?.close();
  bridge = null;
});

describe('the listening address as the host own', () => {
  it('RCPT TO:<alice@[127.0.0.1]> is local on a bridge bound to 127.0.0.1; [127.0.0.2] is relaying', async () => {
    bridge = await testBridge();
    const c = await RawClient.connect(portOf(bridge));
    try {
      await c.reply();
      await c.write(
        'EHLO client.example\r\nMAIL FROM:<learner@client.test>\r\n' +
          'RCPT TO:<alice@[127.0.0.1]>\r\nRCPT TO:<alice@[127.0.0.2]>\r\n',
      );
      const [, , own, other] = await c.replies(4);
      expect(own).toBe('250 2.1.5 Ok\r\n');
      expect(other).toMatch(/^554 5\.7\.1 <alice@\[127\.0\.0\.2\]>: Relay access denied\r\n$/);
    } finally {
      c.destroy();
    }
  });

  it('a wildcard bind makes every interface address the host own', () => {
    expect(listeningAddresses('127.0.0.1')).toEqual(['127.0.0.1']);
    expect(listeningAddresses('::1')).toEqual(['::1']);
    const all = listeningAddresses('0.0.0.0');
    expect(all).toContain('127.0.0.1');
    expect(all.every((a) => !a.includes(':'))).toBe(true);
    expect(listeningAddresses('::')).toEqual(expect.arrayContaining(['127.0.0.1']));
  });
});
