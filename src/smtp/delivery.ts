// Local delivery: what the server adds to a message when it stores it in a mailbox (trace headers, and for
// local clients the missing Message-Id, Date and From), as shared/refs/delivered/postfix shows.
import { compactDate, ctimeDate, rfc5322Date } from './dates.ts';
import { deliveryReports, type FailedRecipient } from './dsn.ts';
import { localPartOf } from './grammar.ts';
import { isLocalDomain, userExists } from './policy.ts';
import type { Profile } from './profiles/types.ts';
import { makeQueueId } from './queue-id.ts';
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
  /** Fields the checking milters and policy service add (Authentication-Results, Received-SPF), top first. */
  authHeaders?: string[];
  auth?: StoredMessage['auth'];
  /** Add Message-Id/Date/From when missing (Postfix does this only for local clients). */
  addMissingHeaders: boolean;
}

/**
 * One stored copy per mailbox reached (aliases expanded), all with the same queue ID; then the reports for the
 * sender: a bounce for a local recipient that does not exist (accepted where smtpd_reject_unlisted_recipient
 * is off, then refused by local(8)), a success report where NOTIFY=SUCCESS asked, if the profile writes them.
 */
export function deliver(ctx: DeliveryContext): StoredMessage[] {
  const receivedAt = ctx.env.now();
  const content = ctx.addMissingHeaders ? withMissingHeaders(ctx, receivedAt) : ctx.content;
  const single = ctx.envelope.rcptTo.length === 1;
  const failed: FailedRecipient[] = [];
  const stored = ctx.envelope.rcptTo.flatMap((rcpt) => {
    const received = receivedHeader(ctx, single ? rcpt.address : null, receivedAt);
    return finalRecipients(ctx.host, rcpt.address).flatMap((mailbox) => {
      if (isLocalDomain(ctx.host, mailbox) && !userExists(ctx.host, mailbox)) {
        failed.push({ rcpt, status: '5.1.1', diagnostic: `unknown user: "${localPartOf(mailbox)}"` });
        return [];
      }
      const trace =
        ctx.profile.policy.receivedStyle === 'none'
          ? ''
          : [
              `Return-Path: <${ctx.envelope.mailFrom}>`,
              `X-Original-To: ${rcpt.address}`,
              `Delivered-To: ${mailbox}`,
              ...(ctx.authHeaders ?? []),
              received,
            ].join('\n');
      const sender = ctx.envelope.mailFrom === '' ? 'MAILER-DAEMON' : ctx.envelope.mailFrom;
      const message: StoredMessage = {
        queueId: ctx.queueId,
        mailbox,
        originalRecipient: rcpt.address,
        envelope: ctx.envelope,
        heloName: ctx.heloName,
        clientAddress: ctx.clientAddress,
        protocol: ctx.protocol,
        content: ctx.content,
        stored: content === '' || trace === '' ? trace + content : `${trace}\n${content}`,
        mboxFrom: `From ${sender}  ${ctimeDate(receivedAt, ctx.env)}`,
        receivedAt,
        host: ctx.host.name,
        ...(ctx.auth ? { auth: ctx.auth } : {}),
      };
      return [message];
    });
  });
  if (!ctx.profile.policy.deliveryReports) return stored;
  const trace = [
    `Return-Path: <${ctx.envelope.mailFrom}>`,
    receivedHeader(ctx, single ? ctx.envelope.rcptTo[0].address : null, receivedAt),
  ];
  const reports = deliveryReports({
    ctx,
    stored,
    failed,
    queued: [...trace, content].join('\n'),
    queuedHeaders: [...trace, ...splitHeaders(content).headers].join('\n'),
    reportId: () => makeQueueId(ctx.profile.policy.queueIdStyle, ctx.env),
    at: receivedAt,
  });
  return [...stored, ...reports];
}

/**
 * The mailboxes a recipient ends in: a local alias (postmaster -> alice) expands to its members, as Postfix
 * local(8) does with /etc/aliases; anything else is its own mailbox (lower-cased, as Delivered-To shows it).
 */
export function finalRecipients(host: MailHost, address: string, depth = 0): string[] {
  const lower = address.toLowerCase();
  const at = lower.lastIndexOf('@');
  const local = at < 0 ? lower : lower.slice(0, at);
  const domain = at < 0 ? '' : lower.slice(at + 1);
  const isLocal =
    domain === '' ||
    domain === host.name.toLowerCase() ||
    host.domains.some((d) => d.toLowerCase() === domain);
  const alias = Object.entries(host.aliases ?? {}).find(([name]) => name.toLowerCase() === local)?.[1];
  // Aliases come before mailboxes, as in local(8); depth guards against alias loops.
  if (!isLocal || !alias || depth > 8) return [lower];
  const target = (member: string) =>
    member.includes('@') ? member : `${member}@${domain || host.domains[0]}`;
  return [...new Set(alias.flatMap((m) => finalRecipients(host, target(m), depth + 1)))];
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
    added.push(`Message-Id: <${messageIdStamp(ctx, at)}.${ctx.queueId}@${ctx.serverName}>`);
  if (!hasHeader(headers, 'Date')) added.push(`Date: ${rfc5322Date(at, ctx.env)}`);
  if (!hasHeader(headers, 'From') && !hasHeader(headers, 'Resent-From'))
    added.push(`From: ${ctx.envelope.mailFrom === '' ? 'MAILER-DAEMON' : ctx.envelope.mailFrom}`);
  if (added.length === 0) return ctx.content;
  const head = [...headers, ...added];
  if (body.length === 0 && !hadSeparator) return head.join('\n');
  return [...head, '', ...body].join('\n');
}

/** Postfix stamps generated Message-Ids to the second (20261122230320), Sendmail to the minute ($t). */
function messageIdStamp(ctx: DeliveryContext, at: number): string {
  const stamp = compactDate(at, ctx.env);
  return ctx.profile.policy.receivedStyle === 'sendmail' ? stamp.slice(0, 12) : stamp;
}
