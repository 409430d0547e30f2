// Local delivery: what the server adds to a message when it stores it in a mailbox (trace headers, and for
// local clients the missing Message-Id, Date and From), as shared/refs/delivered/postfix shows; and which
// delivery status reports it owes the sender. Those are written by dsn.ts, loaded on first need.
import { joinHeaderColons, mailboxLines } from './cleanup.ts';
import { compactDate, ctimeDate, rfc5322Date } from './dates.ts';
import type { Reported, ReportFrame } from './dsn.ts';
import { localPartOf, splitAddress } from './grammar.ts';
import { hasField, splitHeaders } from './headers.ts';
import { aliasOf, isLocalDomain, resolveAddress, userExists } from './policy.ts';
import type { Profile } from './profiles/types.ts';
import { makeQueueId } from './queue-id.ts';
import { OnDemand } from './on-demand.ts';
import type { Envelope, Environment, MailHost, Recipient, StoredMessage } from './types.ts';

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
  /** How it came: smtpd(8) reads the leading lines of DATA, not those of BDAT (cleanup.ts). */
  via: 'DATA' | 'BDAT';
  /** Fields the checking milters and policy service add (Authentication-Results, Received-SPF), top first. */
  authHeaders?: string[];
  auth?: StoredMessage['auth'];
  /** Add Message-Id/Date/From when missing (Postfix does this only for local clients). */
  addMissingHeaders: boolean;
}

/** An accepted recipient the message could not be delivered to, with local(8)'s reason. */
export interface FailedRecipient {
  rcpt: Recipient;
  /** e.g. unknown user: "nobody" */
  diagnostic: string;
  /** RFC 3463 status, e.g. 5.1.1 */
  status: string;
}

/** A report owed to the sender: everything it says, its queue ID taken; dsn.ts writeReport() writes it. */
export interface OwedReport {
  frame: ReportFrame;
  reported: Reported[];
}

export interface Delivery {
  /** One stored copy per mailbox reached. */
  stored: StoredMessage[];
  /** The reports for the sender, to be written (writeReports) and stored after the copies. */
  reports: OwedReport[];
}

/**
 * One stored copy per mailbox reached (aliases expanded), all with the same queue ID; then the reports for the
 * sender: a bounce for a local recipient that does not exist (accepted where smtpd_reject_unlisted_recipient
 * is off, then refused by local(8)), a success report where NOTIFY=SUCCESS asked, if the profile writes them.
 */
export function deliver(ctx: DeliveryContext): Delivery {
  const receivedAt = ctx.env.now();
  // The content as stored is made again each time it is read, from the client's content and the few header
  // lines added in front: a mailbox then holds each message once (two copies cost the bridge 20 MB a message).
  // Only a message whose text the server rewrites (cleanup.ts, rare) is held twice.
  const content = rewrittenContent(ctx);
  const added =
    ctx.profile.policy.receivedStyle === 'none'
      ? { head: '', from: 0 }
      : headerBlock(ctx, content, receivedAt);
  const storedContent = () => added.head + content.slice(added.from);
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
        queuedContent: content,
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
  if (!ctx.profile.policy.deliveryReports) return { stored, reports: [] };
  const trace = [
    `Return-Path: <${ctx.envelope.mailFrom}>`,
    receivedHeader(ctx, single ? ctx.envelope.rcptTo[0].address : null, receivedAt),
  ];
  const reports = owedReports(ctx, stored, failed).map((reported): OwedReport => {
    const frame: ReportFrame = {
      serverName: ctx.serverName,
      origin: ctx.host.domains[0] ?? ctx.serverName,
      software: ctx.profile.software,
      hostName: ctx.host.name,
      env: ctx.env,
      queueId: ctx.queueId,
      envelope: ctx.envelope,
      arrival: stored[0]?.receivedAt ?? receivedAt,
      // Only a report that returns the message reads these: most reports need neither full-size copy.
      get queued() {
        return [...trace, storedContent()].join('\n');
      },
      get queuedHeaders() {
        return [...trace, ...splitHeaders(storedContent()).headers].join('\n');
      },
      // Taken now, in order, whenever the report is written: it comes out the same either way.
      reportId: makeQueueId(ctx.profile.policy.queueIdStyle, ctx.env),
      at: receivedAt,
    };
    return { frame, reported };
  });
  return { stored, reports };
}

/**
 * What the reports for this message say, for the sender: a bounce for the recipients that failed (unless they
 * said NOTIFY without FAILURE), a success report for those that asked for one. None when the sender is <> (a
 * report never causes another) or a local address without a mailbox. A report for a sender elsewhere goes out
 * as mail does (Network.store hands it to the travel queue; without one it is dropped, as before travel).
 * Recipients reached through an alias get no success report: Postfix reports those as "expanded", which is
 * not simulated.
 */
function owedReports(
  ctx: DeliveryContext,
  stored: readonly StoredMessage[],
  failed: readonly FailedRecipient[],
) {
  const sender = ctx.envelope.mailFrom;
  if (sender === '' || (isLocalDomain(ctx.host, sender) && !userExists(ctx.host, sender))) return [];
  const notify = (rcpt: Recipient) => (rcpt.params.NOTIFY ?? '').toUpperCase().split(',');
  const bounced: Reported[] = failed
    .filter((f) => !('NOTIFY' in f.rcpt.params) || notify(f.rcpt).includes('FAILURE'))
    .map((f) => ({ rcpt: f.rcpt, action: 'failed', status: f.status, diagnostic: f.diagnostic }));
  const succeeded: Reported[] = ctx.envelope.rcptTo
    .filter((rcpt) => {
      const mailboxes = stored.filter((m) => m.originalRecipient === rcpt.address).map((m) => m.mailbox);
      // Only local(8) reports "delivered to mailbox"; mail for another domain is reported by the hop that
      // passes it on (src/smtp/travel: "relayed", or by the next server).
      return (
        notify(rcpt).includes('SUCCESS') &&
        isLocalDomain(ctx.host, rcpt.address) &&
        mailboxes.length === 1 &&
        mailboxes[0] === rcpt.address.toLowerCase()
      );
    })
    .map((rcpt) => ({
      rcpt,
      action: 'delivered',
      status: '2.0.0',
      diagnostic: 'delivery via local: delivered to mailbox',
    }));
  return [bounced, succeeded].filter((r) => r.length > 0);
}

// The report writer, loaded on first need.
type Writer = typeof import('./dsn.ts');
/** Reports whose writer could not be fetched (offline): written once a later load succeeds. */
let deferred: Array<(w: Writer) => void> = [];
const reportWriter = new OnDemand(
  () => import('./dsn.ts'),
  (w) => {
    const waiting = deferred;
    deferred = [];
    for (const write of waiting) write(w);
  },
);

/**
 * Load the report writer: a lesson whose lines write reports does it at start (src/lessons/preload.ts), the
 * sandbox and the tests too; a delivery that owes one does it otherwise. Rejects when its chunk cannot be
 * fetched; a later call tries again.
 */
export function loadReportWriter(): Promise<Writer> {
  return reportWriter.load();
}

/** Whether the report writer is here (a delivery that owes a report then stores it at once). */
export function reportWriterLoaded(): boolean {
  return reportWriter.module !== null;
}

/**
 * The owed reports as messages: at once when the writer is here (or none is owed), else once it has loaded.
 * When it cannot be fetched the promise gives none, and `late` gets them once a later load succeeds, as
 * Postfix keeps a report in its queue while bounce(8) cannot be reached.
 */
export function writeReports(
  owed: readonly OwedReport[],
  late: (reports: StoredMessage[]) => void,
): StoredMessage[] | Promise<StoredMessage[]> {
  if (owed.length === 0) return [];
  const write = (w: Writer) => owed.map((r) => w.writeReport(r.frame, r.reported));
  const writer = reportWriter.module;
  if (writer) return write(writer);
  return loadReportWriter().then(write, () => {
    deferred.push((w) => late(write(w)));
    return [];
  });
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
function headerBlock(ctx: DeliveryContext, content: string, at: number): { head: string; from: number } {
  const { headers, body, hadSeparator } = splitHeaders(content);
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
  if (noBody) return { head: [...headers, ...added].join('\n'), from: content.length };
  // What follows the header lines (the separator, if any, and the body) is the client's, unchanged.
  return {
    head: [...headers, ...added, ...(hadSeparator ? [] : [''])].join('\n') + '\n',
    from: headers.reduce((n, h) => n + h.length + 1, 0),
  };
}

/** The client's content as the server queues it: as sent, or with Postfix's smtpd and cleanup changes. */
function rewrittenContent(ctx: DeliveryContext): string {
  if (ctx.profile.policy.receivedStyle !== 'postfix') return ctx.content;
  return joinHeaderColons(ctx.via === 'DATA' ? mailboxLines(ctx.content) : ctx.content);
}

/** Postfix stamps generated Message-Ids to the second (20261122230320), Sendmail to the minute ($t). */
function messageIdStamp(ctx: DeliveryContext, at: number): string {
  const stamp = compactDate(at, ctx.env);
  return ctx.profile.policy.receivedStyle === 'sendmail' ? stamp.slice(0, 12) : stamp;
}
