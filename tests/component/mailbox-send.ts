// Test helper: delivers messages through the real SMTP core, as a learner's telnet session would.
import { fixedEnvironment } from '../../src/smtp/environment.ts';
import { Network } from '../../src/smtp/network.ts';
import { defaultWorld } from '../../src/smtp/worlds.ts';

export interface Mail {
  from: string;
  to: string[];
  /** The message lines after DATA, joined with "\n"; lines starting with "." are dot-stuffed here. */
  data: string;
  host?: string;
  /** 127.0.0.1 counts as local (permit_inet_interfaces): Postfix then adds a missing Message-Id, Date and From. */
  clientAddress?: string;
  helo?: string;
  /** ESMTP parameters after each RCPT TO, e.g. "NOTIFY=SUCCESS". */
  rcptParams?: string;
}

export function testNetwork(): Network {
  return new Network(defaultWorld, fixedEnvironment());
}

/** Runs one SMTP session and returns the server's replies (exact wire text). */
export function sendMail(net: Network, mail: Mail): string[] {
  const replies: string[] = [];
  const result = net.connect(mail.host ?? 'mail.example.test', 25, { clientAddress: mail.clientAddress });
  if (!result.ok) throw new Error(`cannot connect: ${result.error}`);
  const c = result.connection;
  c.on((e) => {
    if (e.type === 'reply') replies.push(e.wire);
  });
  c.start();
  const lines = [
    `EHLO ${mail.helo ?? 'laptop.client.test'}`,
    `MAIL FROM:<${mail.from}>`,
    ...mail.to.map((t) => `RCPT TO:<${t}>${mail.rcptParams ? ` ${mail.rcptParams}` : ''}`),
    'DATA',
    ...mail.data.split('\n').map((l) => (l.startsWith('.') ? `.${l}` : l)),
    '.',
    'QUIT',
  ];
  for (const line of lines) c.send(`${line}\r\n`);
  if (!replies.some((r) => r.startsWith('250 2.0.0 Ok: queued as'))) {
    throw new Error(`message not accepted:\n${replies.join('')}`);
  }
  return replies;
}

/** A tiny PNG (1x1), base64, as a mail program would attach it. */
export const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

export const cidMessage = [
  'From: NoReply <noreply@alanzanotti.test>',
  'To: Alice <alice@example.test>',
  'Subject: I want this cat!',
  'MIME-Version: 1.0',
  'Content-Type: multipart/alternative; boundary=outer',
  '',
  '--outer',
  'Content-Type: text/plain; charset=UTF-8',
  '',
  "I really want this cat. She's so cute!",
  '',
  '--outer',
  'Content-Type: multipart/related; boundary=inner',
  '',
  '--inner',
  'Content-Type: text/html; charset=UTF-8',
  '',
  '<p>I really want this cat.</p><img alt="cat" src="cid:1234567890">',
  '',
  '--inner',
  'Content-Type: image/png',
  'Content-Transfer-Encoding: base64',
  'Content-Disposition: inline; filename=cortana-the-cat.png',
  'Content-ID: <1234567890>',
  '',
  PNG,
  '',
  '--inner--',
  '--outer--',
].join('\n');
