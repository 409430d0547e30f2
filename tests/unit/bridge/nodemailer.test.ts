// A real mail library (Nodemailer) delivers through the bridge: plain, STARTTLS + AUTH, and implicit TLS.
import { afterEach, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import type { Bridge } from '../../../src/bridge/server.ts';
import { portOf, testBridge } from './helpers.ts';

let bridge: (Bridge & { errors: string[] }) | null = null;

afterEach(async () => {
  await bridge?.close();
  bridge = null;
});

const message = {
  from: 'Learner <learner@client.test>',
  to: 'alice@example.test',
  subject: 'Through the bridge',
  text: 'Hello Alice,\nthis came over a real socket.\n.leading dot survives\n',
};

describe('Nodemailer through the bridge', () => {
  it('delivers over plain SMTP and the mailbox holds it with Postfix trace headers', async () => {
    bridge = await testBridge([{ port: 0, profile: 'postfix' }]);
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: portOf(bridge),
      secure: false,
      ignoreTLS: true,
      name: 'client.example',
      connectionTimeout: 5000,
      socketTimeout: 5000,
    });
    const info = await transport.sendMail(message);
    transport.close();

    expect(info.accepted).toEqual(['alice@example.test']);
    const queued = /^250 2\.0\.0 Ok: queued as ([0-9A-F]+)$/.exec(info.response);
    expect(queued).not.toBeNull();
    const box = bridge.network.mailbox('alice@example.test');
    expect(box).toHaveLength(1);
    const stored = box[0];
    expect(stored.queueId).toBe(queued![1]);
    // What the reference Postfix added (shared/refs delivered/postfix): envelope, RCPT, and the Received
    // line naming the EHLO name, "unknown" (no reverse DNS) and the loopback address the socket came from.
    expect(stored.stored).toMatch(/^Return-Path: <learner@client\.test>\n/);
    expect(stored.stored).toContain('\nX-Original-To: alice@example.test\n');
    expect(stored.stored).toContain('\nDelivered-To: alice@example.test\n');
    expect(stored.stored).toMatch(
      new RegExp(
        `\\nReceived: from client\\.example \\(unknown \\[127\\.0\\.0\\.1\\]\\)\\n\\tby mail\\.example\\.test ` +
          `\\(Postfix\\) with ESMTP id ${stored.queueId}`,
      ),
    );
    expect(stored.clientAddress).toBe('127.0.0.1');
    expect(stored.stored).toContain('Subject: Through the bridge');
    // Nodemailer stuffs the leading dot; the server must remove it again (RFC 5321 4.5.2).
    expect(stored.content).toContain('\n.leading dot survives');
    expect(stored.content).not.toContain('..leading');
    expect(bridge.errors).toEqual([]);
  });

  it('upgrades with STARTTLS, authenticates with AUTH PLAIN on a submission listener and may relay', async () => {
    bridge = await testBridge([{ port: 0, profile: 'postfix-submission' }]);
    const auths: Array<{ mechanism: string; user: string | null; success: boolean }> = [];
    const tlsEvents: number[] = [];
    bridge.network.on((e) => {
      if (e.type === 'auth') auths.push({ mechanism: e.mechanism, user: e.user, success: e.success });
      // The learner's own connection (the relay to carol's MX starts TLS too, on a connection of its own).
      if (e.type === 'tls' && bridge!.network.connectionOrigin(e.connectionId).kind === 'client')
        tlsEvents.push(e.connectionId);
    });
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: portOf(bridge),
      secure: false,
      requireTLS: true,
      name: 'client.example',
      auth: { user: 'alice', pass: 'secret' },
      authMethod: 'PLAIN',
      tls: { rejectUnauthorized: false, servername: 'mail.example.test' },
      connectionTimeout: 5000,
      socketTimeout: 5000,
    });
    const info = await transport.sendMail({ ...message, to: ['alice@example.test', 'carol@elsewhere.test'] });
    transport.close();

    expect(info.accepted).toEqual(['alice@example.test', 'carol@elsewhere.test']);
    expect(tlsEvents).toHaveLength(1);
    expect(auths).toEqual([{ mechanism: 'PLAIN', user: 'alice', success: true }]);
    const [stored] = bridge.network.mailbox('alice@example.test');
    // TLS + AUTH: Postfix writes "with ESMTPSA" (refs scenario 99).
    expect(stored.stored).toMatch(/\n\tby mail\.example\.test \(Postfix\) with ESMTPSA id /);
    expect(stored.protocol).toBe('ESMTPSA');
    expect(bridge.errors).toEqual([]);
  });

  it('refuses the wrong password with 535 after a real TLS handshake', async () => {
    bridge = await testBridge([{ port: 0, profile: 'postfix-submission' }]);
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: portOf(bridge),
      secure: false,
      requireTLS: true,
      auth: { user: 'alice', pass: 'wrong' },
      tls: { rejectUnauthorized: false },
      connectionTimeout: 5000,
      socketTimeout: 5000,
    });
    const error = await transport.sendMail(message).then(
      () => null,
      (e: Error & { responseCode?: number; response?: string }) => e,
    );
    transport.close();
    expect(error?.responseCode).toBe(535);
    expect(error?.response).toBe('535 5.7.8 Error: authentication failed: authentication failure');
    expect(bridge.network.mailbox('alice@example.test')).toHaveLength(0);
  });

  it('delivers on an implicit-TLS listener (port 465 style)', async () => {
    bridge = await testBridge([
      { port: 0, profile: 'postfix' },
      { port: 0, profile: 'postfix-submission', tls: 'implicit' },
    ]);
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: portOf(bridge, true),
      secure: true,
      auth: { user: 'alice', pass: 'secret' },
      tls: { rejectUnauthorized: false },
      connectionTimeout: 5000,
      socketTimeout: 5000,
    });
    const info = await transport.sendMail(message);
    transport.close();
    expect(info.accepted).toEqual(['alice@example.test']);
    const [stored] = bridge.network.mailbox('alice@example.test');
    expect(stored.protocol).toBe('ESMTPSA');
  });

  it('keeps one mailbox across connections: a pooled transport sends several messages', async () => {
    bridge = await testBridge([{ port: 0, profile: 'postfix' }]);
    const transport = nodemailer.createTransport({
      pool: true,
      maxConnections: 2,
      host: '127.0.0.1',
      port: portOf(bridge),
      secure: false,
      ignoreTLS: true,
      connectionTimeout: 5000,
      socketTimeout: 5000,
    });
    const sent = await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        transport.sendMail({ ...message, to: 'bob@example.test', subject: `n${n}` }),
      ),
    );
    transport.close();
    expect(sent.every((i) => i.accepted.length === 1)).toBe(true);
    const subjects = bridge.network
      .mailbox('bob@example.test')
      .map((m) => /\nSubject: (n\d)\n/.exec(m.stored)?.[1])
      .sort();
    expect(subjects).toEqual(['n1', 'n2', 'n3', 'n4', 'n5']);
  });
});
