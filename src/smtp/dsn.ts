// RFC 3464 delivery status notifications, as Postfix's bounce(8) writes them: a success report for recipients
// given NOTIFY=SUCCESS (RFC 3461), recorded in shared/refs/delivered/postfix/generated__successful-mail-
// delivery-report__*, and the non-delivery report ("bounce") for a message accepted but not deliverable, in the
// same frame with bounce(8)'s failure template.
import { compactDate, ctimeDate, rfc5322Date } from './dates.ts';
import { xtextDecode } from './params.ts';
import { isLocalDomain, userExists } from './policy.ts';
import type { Recipient, StoredMessage } from './types.ts';
import type { DeliveryContext } from './delivery.ts';

/** An accepted recipient the message could not be delivered to, with local(8)'s reason. */
export interface FailedRecipient {
  rcpt: Recipient;
  /** e.g. unknown user: "nobody" */
  diagnostic: string;
  /** RFC 3463 status, e.g. 5.1.1 */
  status: string;
}

export interface ReportInput {
  ctx: DeliveryContext;
  /** The messages just stored, one per mailbox reached. */
  stored: readonly StoredMessage[];
  failed: readonly FailedRecipient[];
  /** The queued message as Postfix keeps it: Return-Path, Received, then the message (headers and body). */
  queued: string;
  /** Its header section alone. */
  queuedHeaders: string;
  /** Takes a queue ID for a report (only when there is one to write). */
  reportId: () => string;
  at: number;
}

/** One line of a report about one recipient. */
interface Reported {
  rcpt: Recipient;
  action: 'delivered' | 'failed';
  status: string;
  diagnostic: string;
}

const SIGNATURE = ['', '                   The mail system', ''];

/** bounce(8)'s templates (bounce.cf.default), with $myhostname filled in. */
const TEMPLATES = {
  delivered: {
    subject: 'Successful Mail Delivery Report',
    text: (host: string) => [
      `This is the mail system at host ${host}.`,
      '',
      'Your message was successfully delivered to the destination(s)',
      'listed below. If the message was delivered to mailbox you will',
      'receive no further notifications. Otherwise you may still receive',
      'notifications of mail delivery errors from other systems.',
      ...SIGNATURE,
    ],
  },
  failed: {
    subject: 'Undelivered Mail Returned to Sender',
    text: (host: string) => [
      `This is the mail system at host ${host}.`,
      '',
      "I'm sorry to have to inform you that your message could not",
      "be delivered to one or more recipients. It's attached below.",
      '',
      'For further assistance, please send mail to postmaster.',
      '',
      'If you do so, please include this problem report. You can',
      'delete your own text from the attached returned message.',
      ...SIGNATURE,
    ],
  },
} as const;

/**
 * The reports for this message, stored for the sender: a bounce for the recipients that failed (unless they
 * said NOTIFY without FAILURE), a success report for those that asked for one. [] when the sender is <> (a
 * report never causes another) or has no mailbox on this host: a real server would send the report out by
 * SMTP, and the simulation has no outbound mail. Recipients reached through an alias get no success report:
 * Postfix reports those as "expanded", which is not simulated.
 */
export function deliveryReports(input: ReportInput): StoredMessage[] {
  const { ctx, stored, failed } = input;
  const sender = ctx.envelope.mailFrom;
  if (sender === '' || !isLocalDomain(ctx.host, sender) || !userExists(ctx.host, sender)) return [];
  const notify = (rcpt: Recipient) => (rcpt.params.NOTIFY ?? '').toUpperCase().split(',');
  const bounced: Reported[] = failed
    .filter((f) => !('NOTIFY' in f.rcpt.params) || notify(f.rcpt).includes('FAILURE'))
    .map((f) => ({ rcpt: f.rcpt, action: 'failed', status: f.status, diagnostic: f.diagnostic }));
  const succeeded: Reported[] = ctx.envelope.rcptTo
    .filter((rcpt) => {
      const mailboxes = stored.filter((m) => m.originalRecipient === rcpt.address).map((m) => m.mailbox);
      return (
        notify(rcpt).includes('SUCCESS') &&
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
  return [bounced, succeeded].filter((r) => r.length > 0).map((r) => report(input, r));
}

function report(input: ReportInput, reported: Reported[]): StoredMessage {
  const { ctx, at } = input;
  const reportId = input.reportId();
  const kind = reported[0].action;
  const template = TEMPLATES[kind];
  const sender = ctx.envelope.mailFrom;
  const host = ctx.serverName;
  const origin = ctx.host.domains[0] ?? host;
  const date = rfc5322Date(at, ctx.env);
  const boundary = `${ctx.queueId}.${Math.floor(at / 1000)}/${host}`;
  const envid = ctx.envelope.mailParams.ENVID;
  // A success notice returns the headers only; a bounce the whole message, unless the sender said RET=HDRS.
  const headersOnly = kind === 'delivered' || ctx.envelope.mailParams.RET?.toUpperCase() === 'HDRS';
  const perRecipient = reported.flatMap(({ rcpt, action, status, diagnostic }) => {
    // Without ORCPT, Postfix's smtpd records the RCPT address as the original recipient.
    const orcpt = rcpt.params.ORCPT ?? `rfc822;${rcpt.address}`;
    const semi = orcpt.indexOf(';');
    return [
      `Final-Recipient: rfc822; ${rcpt.address}`,
      `Original-Recipient: ${orcpt.slice(0, semi)};${xtextDecode(orcpt.slice(semi + 1)) ?? ''}`,
      `Action: ${action}`,
      `Status: ${status}`,
      `Diagnostic-Code: X-Postfix; ${diagnostic}`,
      '',
    ];
  });
  const content = [
    `Date: ${date}`,
    `From: Mail Delivery System <MAILER-DAEMON@${origin}>`,
    `Subject: ${template.subject}`,
    `To: ${sender}`,
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status;',
    `\tboundary="${boundary}"`,
    'Content-Transfer-Encoding: 8bit',
    `Message-Id: <${compactDate(at, ctx.env)}.${reportId}@${host}>`,
    '',
    'This is a MIME-encapsulated message.',
    '',
    `--${boundary}`,
    'Content-Description: Notification',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    ...template.text(host),
    ...reported.map((r) => `<${r.rcpt.address}>: ${r.diagnostic}`),
    '',
    `--${boundary}`,
    'Content-Description: Delivery report',
    'Content-Type: message/delivery-status',
    '',
    `Reporting-MTA: dns; ${host}`,
    ...(envid ? [`Original-Envelope-Id: ${xtextDecode(envid) ?? envid}`] : []),
    `X-Postfix-Queue-ID: ${ctx.queueId}`,
    `X-Postfix-Sender: rfc822; ${sender}`,
    `Arrival-Date: ${rfc5322Date(input.stored[0]?.receivedAt ?? at, ctx.env)}`,
    '',
    ...perRecipient,
    `--${boundary}`,
    ...(headersOnly
      ? ['Content-Description: Message Headers', 'Content-Type: text/rfc822-headers']
      : ['Content-Description: Undelivered Message', 'Content-Type: message/rfc822']),
    'Content-Transfer-Encoding: 8bit',
    '',
    headersOnly ? input.queuedHeaders : input.queued,
    '',
    `--${boundary}--`,
  ].join('\n');
  // bounce(8) hands the report to the local pickup: a Received line without "from", and the null sender.
  const mailbox = sender.toLowerCase();
  const trace = [
    'Return-Path: <>',
    `X-Original-To: ${sender}`,
    `Delivered-To: ${mailbox}`,
    `Received: by ${host} (${ctx.profile.software})`,
    `\tid ${reportId}; ${date}`,
  ].join('\n');
  return {
    queueId: reportId,
    mailbox,
    originalRecipient: sender,
    envelope: { mailFrom: '', mailParams: {}, rcptTo: [{ address: sender, params: {} }] },
    heloName: null,
    clientAddress: '127.0.0.1',
    protocol: 'local',
    content,
    stored: `${trace}\n${content}`,
    mboxFrom: `From MAILER-DAEMON  ${ctimeDate(at, ctx.env)}`,
    receivedAt: at,
    host: ctx.host.name,
  };
}
