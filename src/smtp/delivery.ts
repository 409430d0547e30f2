// Local delivery: what the server adds to a message when it stores it in a mailbox (trace headers, and for
// local clients the missing Message-Id, Date and From), as shared/refs/delivered/postfix shows.
import { compactDate, ctimeDate, rfc5322Date } from './dates.ts';
import type { Profile } from './profiles/types.ts';
import type { Envelope, Environment, MailHost, StoredMessage } from './types.ts';

export interface DeliveryContext {
  profile: Profile;
  host: MailHost;
  serverName: string;
  env: Environment;
  queueId: string;
  heloName: string | null;
  clientAddress: string;
  clientName: string;
  protocol: StoredMessage['protocol'];
  envelope: Envelope;
  /** Content after dot-unstuffing, lines joined with "\n". */
  content: string;
  /** Add Message-Id/Date/From when missing (Postfix does this only for local clients). */
  addMissingHeaders: boolean;
}

/** One stored copy per accepted recipient, all with the same queue ID. */
export function deliver(ctx: DeliveryContext): StoredMessage[] {
  const receivedAt = ctx.env.now();
  const content = ctx.addMissingHeaders ? withMissingHeaders(ctx, receivedAt) : ctx.content;
  const single = ctx.envelope.rcptTo.length === 1;
  return ctx.envelope.rcptTo.map((rcpt) => {
    const received = receivedHeader(ctx, single ? rcpt.address : null, receivedAt);
    const trace = [
      `Return-Path: <${ctx.envelope.mailFrom}>`,
      `X-Original-To: ${rcpt.address}`,
      `Delivered-To: ${rcpt.address.toLowerCase()}`,
      received,
    ].join('\n');
    const sender = ctx.envelope.mailFrom === '' ? 'MAILER-DAEMON' : ctx.envelope.mailFrom;
    return {
      queueId: ctx.queueId,
      mailbox: rcpt.address.toLowerCase(),
      originalRecipient: rcpt.address,
      envelope: ctx.envelope,
      heloName: ctx.heloName,
      clientAddress: ctx.clientAddress,
      protocol: ctx.protocol,
      content: ctx.content,
      stored: content === '' ? trace : `${trace}\n${content}`,
      mboxFrom: `From ${sender}  ${ctimeDate(receivedAt, ctx.env)}`,
      receivedAt,
      host: ctx.host.name,
    };
  });
}

function receivedHeader(ctx: DeliveryContext, recipient: string | null, at: number): string {
  const from = `from ${ctx.heloName ?? 'unknown'} (${ctx.clientName} [${ctx.clientAddress}])`;
  const date = rfc5322Date(at, ctx.env);
  if (ctx.profile.policy.receivedStyle === 'sendmail') {
    const forLine = recipient ? `\n\tfor <${recipient}>` : '';
    return `Received: ${from}\n\tby ${ctx.serverName} (${ctx.profile.software}) with ${ctx.protocol} id ${ctx.queueId}${forLine}; ${date}`;
  }
  const by = `\tby ${ctx.serverName} (${ctx.profile.software}) with ${ctx.protocol} id ${ctx.queueId}`;
  return recipient
    ? `Received: ${from}\n${by}\n\tfor <${recipient}>; ${date}`
    : `Received: ${from}\n${by};\n\t${date}`;
}

/** Split content into its header block and body at the first line that is not a header (RFC 5322 2.2). */
export function splitHeaders(content: string): { headers: string[]; body: string[]; hadSeparator: boolean } {
  const lines = content === '' ? [] : content.split('\n');
  const headers: string[] = [];
  let i = 0;
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (/^[\x21-\x39\x3b-\x7e]+[ \t]*:/.test(line)) headers.push(line);
    else if (/^[ \t]/.test(line) && headers.length > 0) headers.push(line);
    else break;
  }
  const hadSeparator = i < lines.length && lines[i] === '';
  return { headers, body: lines.slice(hadSeparator ? i + 1 : i), hadSeparator };
}

export function hasHeader(headers: string[], name: string): boolean {
  const re = new RegExp(`^${name}[ \\t]*:`, 'i');
  return headers.some((h) => re.test(h));
}

function withMissingHeaders(ctx: DeliveryContext, at: number): string {
  const { headers, body, hadSeparator } = splitHeaders(ctx.content);
  const added: string[] = [];
  if (!hasHeader(headers, 'Message-Id'))
    added.push(`Message-Id: <${compactDate(at, ctx.env)}.${ctx.queueId}@${ctx.serverName}>`);
  if (!hasHeader(headers, 'Date')) added.push(`Date: ${rfc5322Date(at, ctx.env)}`);
  if (!hasHeader(headers, 'From') && !hasHeader(headers, 'Resent-From'))
    added.push(`From: ${ctx.envelope.mailFrom === '' ? 'MAILER-DAEMON' : ctx.envelope.mailFrom}`);
  if (added.length === 0) return ctx.content;
  const head = [...headers, ...added];
  if (body.length === 0 && !hadSeparator) return head.join('\n');
  return [...head, '', ...body].join('\n');
}
