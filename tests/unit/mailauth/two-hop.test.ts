// Mail signed by the provider and checked at the other side, in the checking world with travel on: honest
// submission passes SPF, DKIM and DMARC at mx.elsewhere.test; a list's footer breaks the signature and
// DMARC refuses the list's copy; a p=quarantine domain's forgery waits in the hold queue.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadReceiverChecks } from '../../../src/smtp/auth-loader.ts';
import { fixedEnvironment } from '../../../src/smtp/environment.ts';
import { Network } from '../../../src/smtp/network.ts';
import { enableTravel } from '../../../src/smtp/travel/index.ts';
import type { SmtpEvent } from '../../../src/smtp/types.ts';
import { checkingWorld } from '../../../src/smtp/worlds.ts';
import { dkimVerify } from 'mailauth/lib/dkim/verify.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const settle = async (until: () => boolean) => {
  for (let i = 0; i < 400 && !until(); i++) await new Promise((r) => setTimeout(r, 5));
};

/** The laptop's own session with mx.elsewhere.test (port 25): the replies as their wire lines, and a writer. */
function talkToMx(net: Network): { replies: string[]; send: (text: string) => void } {
  const conn = net.connect('mx.elsewhere.test', 25, { clientAddress: '203.0.113.7' });
  if (!conn.ok) throw new Error('connect');
  const replies: string[] = [];
  conn.connection.on((e) => e.type === 'reply' && replies.push(e.wire.trimEnd()));
  conn.connection.start();
  return { replies, send: (text) => conn.connection.send(text) };
}

async function world() {
  const net = new Network(checkingWorld, fixedEnvironment(Date.UTC(2026, 11, 6, 6, 0, 0)));
  await net.dkimKeys;
  enableTravel(net);
  const events: SmtpEvent[] = [];
  net.on((e) => events.push(e));
  return { net, events };
}

/** alice logs in on 587 (STARTTLS, AUTH PLAIN) and sends one message; resolves with the replies. */
async function submit(net: Network, to: string, from = 'Alice <alice@example.test>'): Promise<string[]> {
  const conn = net.connect('mail.example.test', 587);
  if (!conn.ok) throw new Error('connect');
  const c = conn.connection;
  const replies: string[] = [];
  c.on((e) => e.type === 'reply' && replies.push(e.wire.trimEnd()));
  c.start();
  c.send('EHLO laptop.client.test\r\nSTARTTLS\r\n');
  c.startTls();
  c.send(`EHLO laptop.client.test\r\nAUTH PLAIN ${b64('\0alice\0secret')}\r\n`);
  c.send(`MAIL FROM:<alice@example.test>\r\nRCPT TO:<${to}>\r\nDATA\r\n`);
  c.send(`From: ${from}\r\nTo: ${to}\r\nSubject: Lunch\r\n\r\nSee you at noon.\r\n.\r\nQUIT\r\n`);
  await settle(() => replies.some((r) => r.startsWith('221')));
  return replies;
}

describe('the provider signs, the other side checks', () => {
  beforeAll(() => loadReceiverChecks());

  it('honest mail on 587 with AUTH arrives at mx.elsewhere.test with spf, dkim (both keys) and dmarc pass', async () => {
    const { net, events } = await world();
    const replies = await submit(net, 'carol@elsewhere.test');
    expect(replies.join('\n')).toMatch(/250 2\.0\.0 Ok: queued as/);
    await settle(() => net.mailbox('carol@elsewhere.test').length > 0);
    const [copy] = net.mailbox('carol@elsewhere.test');
    expect(copy.host).toBe('mx.elsewhere.test');
    expect(copy.auth?.spf?.result).toBe('pass');
    expect(copy.auth?.spf?.clientIp).toBe('192.0.2.25');
    expect(copy.auth?.dkim.map((d) => [d.selector, d.result])).toEqual([
      ['ed', 'pass'],
      ['mail', 'pass'],
    ]);
    expect(copy.auth?.dmarc?.result).toBe('pass');
    const lines = copy.stored.split('\n');
    // Top down: OpenDMARC's and OpenDKIM's fields, policyd-spf's, the MX's Received, then what the provider
    // queued: OpenDKIM's signatures above the provider's own Received (cleanup_ins_header index 1).
    const names = lines.filter((l) => /^[A-Za-z-]+:/.test(l)).map((l) => l.slice(0, l.indexOf(':')));
    expect(names.slice(3, 11)).toEqual([
      'Authentication-Results',
      'Authentication-Results',
      'Received-SPF',
      'Received',
      'DKIM-Signature',
      'DKIM-Signature',
      'Received',
      'From',
    ]);
    expect(copy.stored).toContain('dmarc=pass (p=reject dis=none) header.from=example.test');
    expect(copy.stored).toMatch(
      /Authentication-Results: mx\.elsewhere\.test;\n\tdkim=pass \(512-bit key; unprotected\) header\.d=example\.test header\.i=@example\.test header\.a=ed25519-sha256 header\.s=ed header\.b=\S{8};\n\tdkim=pass \(2048-bit key; unprotected\) header\.d=example\.test header\.i=@example\.test header\.a=rsa-sha256 header\.s=mail header\.b=\S{8}\n/,
    );
    expect(copy.stored).toMatch(
      /^Received-SPF: Pass \(mailfrom\) identity=mailfrom; client-ip=192\.0\.2\.25; /m,
    );
    // OpenDKIM's h=: the signed fields in the message's order, From once more (OversignHeaders From).
    expect(copy.stored).toMatch(/h=From:To:Subject:From;/);
    // The relay was answered at once: one attempt, sent.
    const statuses = events.flatMap((e) => (e.type === 'queue-status' ? [e.status] : []));
    expect(statuses).toEqual(['sent']);
  });

  it('mail for another domain in From is not signed (not in the signing table): DMARC of that domain decides', async () => {
    const { net } = await world();
    await submit(net, 'carol@elsewhere.test', 'learner@client.test');
    await settle(() => net.mailbox('carol@elsewhere.test').length > 0);
    const [copy] = net.mailbox('carol@elsewhere.test');
    expect(copy.stored).not.toContain('DKIM-Signature');
    expect(copy.auth?.dkim).toEqual([]);
    // SPF passed for example.test (the envelope), which is not client.test: not aligned; p=none accepts.
    expect(copy.stored).toContain('dmarc=fail (p=none dis=none) header.from=client.test');
  });

  it("a list's footer breaks both signatures; SPF is the list's; DMARC fails and p=reject refuses the list's copy", async () => {
    const { net, events } = await world();
    await submit(net, 'readers@lists.forum.test');
    await settle(() => events.some((e) => e.type === 'queue-status' && e.host === 'lists.forum.test'));
    expect(net.mailbox('carol@elsewhere.test')).toHaveLength(0);
    const status = events.find((e) => e.type === 'queue-status' && e.host === 'lists.forum.test');
    expect(status).toMatchObject({
      status: 'bounced',
      recipient: 'carol@elsewhere.test',
      reason:
        'host mx.elsewhere.test[203.0.113.80] said: 550 5.7.1 rejected by DMARC policy for example.test (in reply to end of DATA command)',
    });
    // The list's relay: its own envelope sender, from its own address.
    const relayed = events.flatMap((e) =>
      e.type === 'relay-command' && e.host === 'lists.forum.test' ? [e.line] : [],
    );
    expect(relayed[0]).toBe('EHLO lists.forum.test');
    expect(relayed).toContain(
      'MAIL FROM:<readers-bounces@lists.forum.test> SIZE=' +
        relayed.find((l) => l.startsWith('MAIL'))!.split('SIZE=')[1],
    );
    // The bounce comes back to the list's bounce address.
    expect(net.mailbox('readers-bounces@lists.forum.test')).toHaveLength(1);
  });

  it('a forged From of a p=quarantine domain: 250, then the hold queue (OpenDMARC smfi_quarantine), not the mailbox', async () => {
    const { net } = await world();
    const { replies, send } = talkToMx(net);
    send(
      'EHLO laptop.client.test\r\nMAIL FROM:<learner@client.test>\r\nRCPT TO:<carol@elsewhere.test>\r\nDATA\r\n' +
        'From: Billing <billing@shop.test>\r\nSubject: Your order\r\n\r\nPay here.\r\n.\r\n',
    );
    await settle(() => replies.length >= 6);
    expect(replies[5]).toMatch(/^250 2\.0\.0 Ok: queued as [0-9A-F]+$/);
    expect(net.mailbox('carol@elsewhere.test')).toHaveLength(0);
    const [held] = net.held('mx.elsewhere.test');
    expect(held.held).toBe('quarantined by DMARC policy for shop.test');
    expect(held.stored).toContain(
      'Authentication-Results: mx.elsewhere.test; dmarc=fail (p=quarantine dis=quarantine) header.from=shop.test',
    );
    // The honest message next is delivered: only the quarantined one is held.
    send(
      'MAIL FROM:<learner@client.test>\r\nRCPT TO:<carol@elsewhere.test>\r\nDATA\r\nFrom: learner@client.test\r\n\r\nhi\r\n.\r\n',
    );
    await settle(() => replies.length >= 10);
    expect(net.mailbox('carol@elsewhere.test')).toHaveLength(1);
    expect(net.held()).toHaveLength(1);
  });

  it("the null sender: policyd-spf checks the HELO name and writes pyspf's explanation, envelope-from=<>", async () => {
    const { net } = await world();
    const { replies, send } = talkToMx(net);
    send(
      'EHLO laptop.client.test\r\nMAIL FROM:<>\r\nRCPT TO:<carol@elsewhere.test>\r\nDATA\r\n' +
        'From: learner@client.test\r\n\r\nA report.\r\n.\r\n',
    );
    await settle(() => replies.length >= 6);
    const [copy] = net.mailbox('carol@elsewhere.test');
    expect(copy.stored).toContain(
      'Received-SPF: None (no SPF record) identity=helo; client-ip=203.0.113.7; helo=laptop.client.test; envelope-from=<>; receiver=<UNKNOWN> \n',
    );
  });
});

describe('the relayed copy, checked by an independent verifier (mailauth)', () => {
  beforeAll(() => loadReceiverChecks());

  /** mailauth's resolver over the world's DNS (node's dns.promises.resolve shape). */
  const theirResolver = (net: Network) =>
    (async (name: string, rr: string) => {
      const answer = net.lookup(name, rr as 'TXT');
      const txt = answer.answers.flatMap((r) => (r.type === 'TXT' ? [r.value] : []));
      if (txt.length === 0) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
      return txt.map((t) => t.match(/.{1,255}/g));
    }) as never;

  it("passes both of the provider's signatures as mx.elsewhere.test stored them, and fails them after a footer", async () => {
    const { net } = await world();
    await submit(net, 'carol@elsewhere.test');
    await settle(() => net.mailbox('carol@elsewhere.test').length > 0);
    const [copy] = net.mailbox('carol@elsewhere.test');
    const wire = Buffer.from(copy.stored.replace(/\n/g, '\r\n'));
    const theirs = await dkimVerify(wire, { resolver: theirResolver(net) });
    const results = theirs.results.map((r: { signingDomain: string; status: { result: string } }) => [
      r.signingDomain,
      r.status.result,
    ]);
    expect(results).toEqual([
      ['example.test', 'pass'],
      ['example.test', 'pass'],
    ]);
    const footer = Buffer.from(`${copy.stored}\n-- \nA footer\n`.replace(/\n/g, '\r\n'));
    const broken = await dkimVerify(footer, { resolver: theirResolver(net) });
    expect(broken.results.map((r: { status: { result: string } }) => r.status.result)).not.toContain('pass');
  });
});
