// RFC 3464 delivery status notifications for recipients given NOTIFY=SUCCESS (RFC 3461), in the format of
// Postfix's bounce(8): shared/refs/delivered/postfix/generated__successful-mail-delivery-report__*.
import { compactDate, ctimeDate, rfc5322Date } from './dates.ts';
import { xtextDecode } from './params.ts';
import { isLocalDomain, userExists } from './policy.ts';
import type { StoredMessage } from './types.ts';
import type { DeliveryContext } from './delivery.ts';

export interface ReportInput {
  ctx: DeliveryContext;
  /** The messages just stored, one per mailbox reached. */
  stored: readonly StoredMessage[];
  /** The queue file's first lines as Postfix keeps them: Return-Path, Received, then the message's headers. */
  queuedHeaders: string;
  /** Takes a queue ID for the report (only when there is one to write). */
  reportId: () => string;
  at: number;
}

/**
 * The success report for the recipients that asked for one, stored for the sender, or [] when none asked or
 * the sender's mailbox is not on this host (a real server would send the report out by SMTP; the
 * simulation has no outbound mail). Recipients reached through an alias are left out: Postfix reports those
 * as "expanded", which is not simulated.
 */
export function successReport(input: ReportInput): StoredMessage[] {
  const { ctx, stored, at } = input;
  const sender = ctx.envelope.mailFrom;
  if (sender === '' || !isLocalDomain(ctx.host, sender) || !userExists(ctx.host, sender)) return [];
  const reported = ctx.envelope.rcptTo.filter((rcpt) => {
    const notify = (rcpt.params.NOTIFY ?? '').toUpperCase().split(',');
    const mailboxes = stored.filter((m) => m.originalRecipient === rcpt.address).map((m) => m.mailbox);
    return (
      notify.includes('SUCCESS') && mailboxes.length === 1 && mailboxes[0] === rcpt.address.toLowerCase()
    );
  });
  if (reported.length === 0) return [];
  const reportId = input.reportId();

  const host = ctx.serverName;
  const origin = ctx.host.domains[0] ?? host;
  const date = rfc5322Date(at, ctx.env);
  const boundary = `${ctx.queueId}.${Math.floor(at / 1000)}/${host}`;
  const diagnostic = 'delivery via local: delivered to mailbox';
  const envid = ctx.envelope.mailParams.ENVID;
  const perRecipient = reported.map((rcpt) => {
    // Without ORCPT, Postfix's smtpd records the RCPT address as the original recipient.
    const orcpt = rcpt.params.ORCPT ?? `rfc822;${rcpt.address}`;
    const semi = orcpt.indexOf(';');
    return [
      `Final-Recipient: rfc822; ${rcpt.address}`,
      `Original-Recipient: ${orcpt.slice(0, semi)};${xtextDecode(orcpt.slice(semi + 1)) ?? ''}`,
      'Action: delivered',
      'Status: 2.0.0',
      `Diagnostic-Code: X-Postfix; ${diagnostic}`,
      '',
    ];
  });
  const content = [
    `Date: ${date}`,
    `From: Mail Delivery System <MAILER-DAEMON@${origin}>`,
    'Subject: Successful Mail Delivery Report',
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
    `This is the mail system at host ${host}.`,
    '',
    'Your message was successfully delivered to the destination(s)',
    'listed below. If the message was delivered to mailbox you will',
    'receive no further notifications. Otherwise you may still receive',
    'notifications of mail delivery errors from other systems.',
    '',
    '                   The mail system',
    '',
    ...reported.map((rcpt) => `<${rcpt.address}>: ${diagnostic}`),
    '',
    `--${boundary}`,
    'Content-Description: Delivery report',
    'Content-Type: message/delivery-status',
    '',
    `Reporting-MTA: dns; ${host}`,
    ...(envid ? [`Original-Envelope-Id: ${xtextDecode(envid) ?? envid}`] : []),
    `X-Postfix-Queue-ID: ${ctx.queueId}`,
    `X-Postfix-Sender: rfc822; ${sender}`,
    `Arrival-Date: ${rfc5322Date(stored[0]?.receivedAt ?? at, ctx.env)}`,
    '',
    ...perRecipient.flat(),
    // A success notice returns the headers only, whatever RET asked for.
    `--${boundary}`,
    'Content-Description: Message Headers',
    'Content-Type: text/rfc822-headers',
    'Content-Transfer-Encoding: 8bit',
    '',
    input.queuedHeaders,
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
  const report: StoredMessage = {
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
  return [report];
}
