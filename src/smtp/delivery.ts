// Local delivery: what the server adds to a message when it stores it in a mailbox (trace headers, and for
// local clients the missing Message-Id, Date and From), as shared/refs/delivered/postfix shows.
import { compactDate, ctimeDate, rfc5322Date } from './dates.ts';
import { deliveryReports, type FailedRecipient } from './dsn.ts';
import { localPartOf, splitAddress } from './grammar.ts';
import { hasField, splitHeaders } from './headers.ts';
import { aliasOf, resolveAddress, userExists } from './policy.ts';
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
  // The content as stored is made again each time it is read, from the client's content and the few header
  // lines added in front: a mailbox then holds each message once (two copies cost the bridge 20 MB a message).
  const added =
    ctx.profile.policy.receivedStyle === 'none' ? { head: '', from: 0 } : headerBlock(ctx, receivedAt);
  const storedContent = () => added.head + ctx.content.slice(added.from);
  const single = ctx.envelope.rcptTo.length === 1;
  const failed: FailedRecipient[] = [];
  const stored = ctx.envelope.rcptTo.flatMap((rcpt) => {
    const received = receivedHeader(ctx, single ? rcpt.address : null, receivedAt);
    return finalRecipients(ctx.profile, ctx.host, rcpt.address).flatMap(({ mailbox, deliveredTo }) => {
      if (resolveAddress(ctx.profile, ctx.host, mailbox).local && !userExists(ctx.host, mailbox)) {
        failed.push({ rcpt, status: '5.1.1', diagnostic: `unknown user: "${localPartOf(mailbox)}"` });
        return [];
      }
      const trace =
        ctx.profile.policy.receivedStyle === 'none'
          ? ''
          : [
              `Return-Path: <${ctx.envelope.mailFrom}>`,
              `X-Original-To: ${rcpt.address}`,
              `Delivered-To: ${deliveredTo}`,
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
        get stored() {
          const content = storedContent();
          return content === '' || trace === '' ? trace + content : `${trace}\n${content}`;
        },
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
    // Only a report that returns the message reads these: most deliveries need neither full-size copy.
    get queued() {
      return [...trace, storedContent()].join('\n');
    },
    get queuedHeaders() {
      return [...trace, ...splitHeaders(storedContent()).headers].join('\n');
    },
    reportId: () => makeQueueId(ctx.profile.policy.queueIdStyle, ctx.env),
    at: receivedAt,
  });
  return [...stored, ...reports];
}

/**
 * Where a recipient ends: the address resolves (policy.ts: a local literal, the percent hack), then a local
 * alias (postmaster -> alice) expands to its members, as Postfix local(8) does with /etc/aliases; anything
 * else is delivered as it is. `deliveredTo` is the address local(8) delivered to, as the client wrote it (live
 * Postfix 3.7: "Delivered-To: Alice@EXAMPLE.test", "Delivered-To: alice@[127.0.0.1]"); `mailbox` is where it is
 * kept: a local user's one mailbox whatever local domain named them (alice@[127.0.0.1] is alice@example.test),
 * or the lower-cased address of a remote one.
 */
function finalRecipients(
  profile: Profile,
  host: MailHost,
  address: string,
  depth = 0,
): { deliveredTo: string; mailbox: string }[] {
  const resolved = resolveAddress(profile, host, address);
  const { local, domain } = splitAddress(resolved.address);
  const alias = resolved.local ? aliasOf(host, local) : undefined;
  // Aliases come before mailboxes, as in local(8); depth guards against alias loops.
  if (!alias || depth > 8) {
    const home = (host.domains[0] ?? host.name).toLowerCase();
    const mailbox = resolved.local ? `${local.toLowerCase()}@${home}` : resolved.address.toLowerCase();
    return [{ deliveredTo: resolved.address, mailbox }];
  }
  const target = (member: string) =>
    member.includes('@') ? member : `${member}@${domain || host.domains[0]}`;
  const all = alias.flatMap((m) => finalRecipients(profile, host, target(m), depth + 1));
  return all.filter((r, i) => all.findIndex((o) => o.mailbox === r.mailbox) === i);
}

function receivedHeader(ctx: DeliveryContext, recipient: string | null, at: number): string {
  const from = `from ${ctx.heloName ?? 'unknown'} (${ctx.clientName} [${ctx.clientAddress}])`;
  const date = rfc5322Date(at, ctx.env, true, ctx.profile.policy.receivedStyle !== 'sendmail');
  if (ctx.profile.policy.receivedStyle === 'sendmail') {
    const forLine = recipient ? `\n\tfor <${recipient}>` : '';
    return `Received: ${from}\n\tby ${ctx.serverName} (${ctx.profile.software}) with ${ctx.protocol} id ${ctx.queueId}${forLine}; ${date}`;
  }
  const by = `\tby ${ctx.serverName} (${ctx.profile.software}) with ${ctx.protocol} id ${ctx.queueId}`;
  return recipient
    ? `Received: ${from}\n${by}\n\tfor <${recipient}>; ${date}`
    : `Received: ${from}\n${by};\n\t${date}`;
}

/**
 * The header block as an MTA stores it: `head` followed by the client's content from offset `from`. The header
 * block ends at the first line that is neither a field nor a continuation (cleanup(8); Sendmail's collect()
 * likewise), missing Message-Id, Date and From are added at its end, and the empty line the client left out
 * before the body is put in (live Postfix 3.7: tests/refs-body-start/). The libraries store what they got.
 */
function headerBlock(ctx: DeliveryContext, at: number): { head: string; from: number } {
  const { headers, body, hadSeparator } = splitHeaders(ctx.content);
  const added: string[] = [];
  if (ctx.addMissingHeaders) {
    if (!hasField(headers, 'Message-Id'))
      added.push(`Message-Id: <${messageIdStamp(ctx, at)}.${ctx.queueId}@${ctx.serverName}>`);
    if (!hasField(headers, 'Date'))
      added.push(`Date: ${rfc5322Date(at, ctx.env, true, ctx.profile.policy.receivedStyle !== 'sendmail')}`);
    if (!hasField(headers, 'From') && !hasField(headers, 'Resent-From'))
      added.push(`From: ${ctx.envelope.mailFrom === '' ? 'MAILER-DAEMON' : ctx.envelope.mailFrom}`);
  }
  const noBody = body.length === 0 && !hadSeparator;
  if (added.length === 0 && (hadSeparator || noBody)) return { head: '', from: 0 };
  if (noBody) return { head: [...headers, ...added].join('\n'), from: ctx.content.length };
  // What follows the header lines (the separator, if any, and the body) is the client's, unchanged.
  return {
    head: [...headers, ...added, ...(hadSeparator ? [] : [''])].join('\n') + '\n',
    from: headers.reduce((n, h) => n + h.length + 1, 0),
  };
}

/** Postfix stamps generated Message-Ids to the second (20261122230320), Sendmail to the minute ($t). */
function messageIdStamp(ctx: DeliveryContext, at: number): string {
  const stamp = compactDate(at, ctx.env);
  return ctx.profile.policy.receivedStyle === 'sendmail' ? stamp.slice(0, 12) : stamp;
}
