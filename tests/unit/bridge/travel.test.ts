// Mail that travels, through the TCP bridge: a real client submits on the submission port with STARTTLS and
// AUTH, the simulated provider relays to the simulated MX of elsewhere.test, --verbose logs the hop.
import { afterEach, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import type { Bridge } from '../../../src/bridge/server.ts';
import { portOf, testBridge } from './helpers.ts';

let bridge: (Bridge & { errors: string[] }) | null = null;

afterEach(async () => {
  await bridge?.close();
  bridge = null;
});

async function send(to: string, log: string[], travel?: boolean): Promise<Bridge & { errors: string[] }> {
  bridge = await testBridge([{ port: 0, profile: 'postfix-submission' }], {
    log: (line) => log.push(line),
    ...(travel === undefined ? {} : { travel }),
  });
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: portOf(bridge),
    secure: false,
    requireTLS: true,
    tls: { rejectUnauthorized: false },
    auth: { user: 'alice', pass: 'secret' },
    name: 'laptop.client.test',
    connectionTimeout: 5000,
    socketTimeout: 5000,
  });
  await transport.sendMail({ from: 'alice@example.test', to, subject: 'Over two hops', text: 'Hello.\n' });
  transport.close();
  // The queue runs right after the 250 (a microtask); give it a turn.
  await new Promise((resolve) => setTimeout(resolve, 20));
  return bridge;
}

describe('travelling mail through the bridge', () => {
  it('arrives in the remote mailbox with both hops traced, and --verbose logs the hop', async () => {
    const log: string[] = [];
    const b = await send('alice@elsewhere.test', log);
    const box = b.network.mailbox('alice@elsewhere.test');
    expect(box).toHaveLength(1);
    expect(box[0].host).toBe('mx.elsewhere.test');
    const received = box[0].stored.split('\n').filter((l) => l.startsWith('Received:'));
    expect(received).toEqual([
      'Received: from mail.example.test (mail.example.test [192.0.2.25])',
      'Received: from laptop.client.test (unknown [127.0.0.1])',
    ]);
    expect(box[0].stored).toContain('by mail.example.test (Postfix) with ESMTPSA id');
    expect(log.some((l) => /relay to mx\.elsewhere\.test\[203\.0\.113\.80\]:25 \(MX 10\)$/.test(l))).toBe(
      true,
    );
    expect(
      log.some((l) =>
        /to=<alice@elsewhere\.test>, relay=mx\.elsewhere\.test\[203\.0\.113\.80\]:25, delay=\d+, dsn=2\.0\.0, status=sent \(250 2\.0\.0 Ok: queued as [0-9A-F]+\)$/.test(
          l,
        ),
      ),
    ).toBe(true);
    expect(b.errors).toEqual([]);
  });

  it('an unknown remote user comes back as a bounce in the sender’s mailbox', async () => {
    const b = await send('nosuchuser@elsewhere.test', []);
    const [bounce] = b.network.mailbox('alice@example.test');
    expect(bounce.stored).toContain('Subject: Undelivered Mail Returned to Sender');
    expect(bounce.stored).toContain('said: 550');
  });

  it('travel: false keeps the old behaviour (stored on the bridged host)', async () => {
    const b = await send('alice@elsewhere.test', [], false);
    expect(b.network.mailbox('alice@elsewhere.test')[0].host).toBe('mail.example.test');
  });
});
