// RFC 3464 delivery status notifications, as Postfix's bounce(8) writes them: a success report for recipients
// given NOTIFY=SUCCESS (RFC 3461), recorded in shared/refs/delivered/postfix/generated__successful-mail-
// delivery-report__*, and the non-delivery report ("bounce") for a message accepted but not deliverable, in the
// same frame with bounce(8)'s failure template. Which reports a delivery owes is decided in delivery.ts; this
// writer loads on first need (most lessons never bounce), and writes the same report whenever it is written:
// everything it reads is in the frame, taken when the message was stored.
import { compactDate, ctimeDate, rfc5322Date } from './dates.ts';
import { xtextDecode } from './params.ts';
import type { Recipient, StoredMessage } from './types.ts';
import type { DeliveryContext } from './delivery.ts';

/** One line of a report about one recipient. */
export interface Reported {
  rcpt: Recipient;
  /** 'relayed': passed on to a server that did not announce DSN (smtp(8)), so no report will follow from it. */
  action: 'delivered' | 'relayed' | 'failed' | 'delayed';
  status: string;
  diagnostic: string;
  /** A remote server's verdict (smtp(8)): Remote-MTA, and the Diagnostic-Code type "smtp" with its reply. */
  remote?: { mta: string; reply: string };
  /** Will-Retry-Until, for a delay warning. */
  retryUntil?: number;
}

/** What a report is about: the message as the queue holds it, on the host that writes the report. */
export interface ReportFrame {
  serverName: string;
  /** $mydomain, for MAILER-DAEMON@… */
  origin: string;
  software: string;
  hostName: string;
  env: DeliveryContext['env'];
  queueId: string;
  envelope: DeliveryContext['envelope'];
  arrival: number;
  queued: string;
  queuedHeaders: string;
  reportId: string;
  at: number;
  /** For a delay warning: delay_warning_time in hours and maximal_queue_lifetime in days. */
  warnHours?: number;
  lifetimeDays?: number;
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
  delayed: {
    subject: 'Delayed Mail (still being retried)',
    text: (host: string, hours = 0, days = 0) => [
      `This is the mail system at host ${host}.`,
      '',
      '####################################################################',
      '# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #',
      '####################################################################',
      '',
      `Your message could not be delivered for more than ${hours} hour(s).`,
      `It will be retried until it is ${days} day(s) old.`,
      '',
      'For further assistance, please send mail to postmaster.',
      '',
      'If you do so, please include this problem report. You can',
      'delete your own text from the attached returned message.',
      ...SIGNATURE,
    ],
  },
} as const;

/** Postfix line_wrap() as bounce(8) uses it: lines of at most 79 columns, continuations indented by 4. */
export function wrapLine(text: string, length = 79, indent = 4): string[] {
  const out: string[] = [];
  const words = text.split(' ');
  let line = '';
  let width = length;
  for (const word of words) {
    if (line !== '' && line.length + 1 + word.length > width) {
      out.push(out.length === 0 ? line : ' '.repeat(indent) + line);
      width = length - indent;
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  out.push(out.length === 0 ? line : ' '.repeat(indent) + line);
  return out;
}

/** A report as bounce(8) writes it, addressed to the sender (stored here, or passed on when it is elsewhere). */
export function writeReport(frame: ReportFrame, reported: Reported[]): StoredMessage {
  const { at, reportId } = frame;
  const ctx = frame;
  const action = reported[0].action;
  // bounce(8) writes "relayed" and "delivered" with the same success template.
  const kind = action === 'relayed' ? 'delivered' : action;
  const template = TEMPLATES[kind];
  const sender = ctx.envelope.mailFrom;
  const host = ctx.serverName;
  const origin = frame.origin;
  const date = rfc5322Date(at, ctx.env);
  const boundary = `${ctx.queueId}.${Math.floor(at / 1000)}/${host}`;
  const envid = ctx.envelope.mailParams.ENVID;
  // A success notice returns the headers only; a bounce the whole message, unless the sender said RET=HDRS.
  const headersOnly = kind !== 'failed' || ctx.envelope.mailParams.RET?.toUpperCase() === 'HDRS';
  const perRecipient = reported.flatMap(({ rcpt, action, status, diagnostic, remote, retryUntil }) => {
    // Without ORCPT, Postfix's smtpd records the RCPT address as the original recipient.
    const orcpt = rcpt.params.ORCPT ?? `rfc822;${rcpt.address}`;
    const semi = orcpt.indexOf(';');
    return [
      `Final-Recipient: rfc822; ${rcpt.address}`,
      `Original-Recipient: ${orcpt.slice(0, semi)};${xtextDecode(orcpt.slice(semi + 1)) ?? ''}`,
      `Action: ${action}`,
      `Status: ${status}`,
      ...(remote
        ? [`Remote-MTA: dns; ${remote.mta}`, ...wrapLine(`Diagnostic-Code: smtp; ${remote.reply}`)]
        : [`Diagnostic-Code: X-Postfix; ${diagnostic}`]),
      ...(retryUntil !== undefined ? [`Will-Retry-Until: ${rfc5322Date(retryUntil, ctx.env)}`] : []),
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
    ...template.text(host, frame.warnHours, frame.lifetimeDays),
    ...reported.flatMap((r) => wrapLine(`<${r.rcpt.address}>: ${r.diagnostic}`)),
    '',
    `--${boundary}`,
    'Content-Description: Delivery report',
    'Content-Type: message/delivery-status',
    '',
    `Reporting-MTA: dns; ${host}`,
    ...(envid ? [`Original-Envelope-Id: ${xtextDecode(envid) ?? envid}`] : []),
    `X-Postfix-Queue-ID: ${ctx.queueId}`,
    `X-Postfix-Sender: rfc822; ${sender}`,
    `Arrival-Date: ${rfc5322Date(frame.arrival, ctx.env)}`,
    '',
    ...perRecipient,
    `--${boundary}`,
    ...(headersOnly
      ? [
          `Content-Description: ${kind === 'delayed' ? 'Undelivered Message Headers' : 'Message Headers'}`,
          'Content-Type: text/rfc822-headers',
        ]
      : ['Content-Description: Undelivered Message', 'Content-Type: message/rfc822']),
    'Content-Transfer-Encoding: 8bit',
    '',
    headersOnly ? frame.queuedHeaders : frame.queued,
    '',
    `--${boundary}--`,
  ].join('\n');
  // bounce(8) hands the report to the local pickup: a Received line without "from", and the null sender.
  const mailbox = sender.toLowerCase();
  const trace = [
    'Return-Path: <>',
    `X-Original-To: ${sender}`,
    `Delivered-To: ${mailbox}`,
    `Received: by ${host} (${frame.software})`,
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
    host: frame.hostName,
  };
}
