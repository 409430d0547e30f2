// Profiles derived from Postfix by changing named settings: the submission port, a strict Postfix, and the
// servers of the seed tutorials (Sendmail 8.9, the 2001 Yahoo relay, a 2002 antivirus gateway, Eraldy).
import { postfix } from './postfix.ts';
import type { Profile, ReplyTemplate } from './types.ts';
import type { ReplyId } from '../types.ts';

type Overrides = {
  [K in keyof Profile]?: K extends 'replies'
    ? Partial<Record<ReplyId, ReplyTemplate>>
    : Profile[K] extends object
      ? Partial<Profile[K]>
      : Profile[K];
};

/** A new profile: the base with some settings and reply texts replaced. */
export function derive(base: Profile, overrides: Overrides): Profile {
  return {
    ...base,
    ...overrides,
    limits: { ...base.limits, ...overrides.limits },
    leniency: { ...base.leniency, ...overrides.leniency },
    policy: { ...base.policy, ...overrides.policy },
    replies: { ...base.replies, ...overrides.replies } as Profile['replies'],
  } as Profile;
}

export const postfixSubmission = derive(postfix, {
  id: 'postfix-submission',
  label: 'Postfix 3.7 (submission, port 587)',
  description:
    'The same Postfix on the submission port, where mail clients hand over outgoing mail: TLS is required ' +
    'before anything else (smtpd_tls_security_level = encrypt), then AUTH, and an authenticated user may send ' +
    'to any domain. An unknown local user is accepted and bounces afterwards (smtpd_reject_unlisted_recipient = no).',
  // shared/refs/config/postfix/master.cf: -o smtpd_reject_unlisted_recipient=no on the submission service.
  policy: { tlsRequired: true, authRequiredForRecipients: true, rejectUnlistedRecipient: false },
});

export const postfixStrict = derive(postfix, {
  id: 'postfix-strict',
  label: 'Postfix (bare LF refused)',
  description:
    'Postfix with smtpd_forbid_bare_newline = reject, the strictest answer to the SMTP smuggling disclosure ' +
    '(Postfix 3.9 normalizes by default): a command that ends in LF without CR is refused with 521 and the ' +
    'connection closed, and so is a message that contained one; only CR LF . CR LF ends a message ' +
    '(RFC 5321 section 2.3.8).',
  leniency: { bareLf: 'reject' },
});

/**
 * Postfix with strict_smtputf8 = yes: a UTF-8 address needs SMTPUTF8 on MAIL FROM, or it gets 553 5.6.7. The
 * default (no) accepts it; the stricter setting is what RFC 6531 section 3.4 asks of a client.
 */
export const postfixStrictSmtputf8 = derive(postfix, {
  id: 'postfix-strict-smtputf8',
  label: 'Postfix 3.7 (strict_smtputf8 = yes)',
  description: 'Postfix refusing a UTF-8 address unless MAIL FROM says SMTPUTF8 (the default accepts it).',
  leniency: { strictSmtputf8: true },
});

/** shared/refs "postfix-stock": Postfix's own defaults for relaying and for headers of remote clients. */
export const postfixStock = derive(postfix, {
  id: 'postfix-stock',
  label: 'Postfix 3.7 (stock settings)',
  description:
    'Postfix as installed, without the usual hardening: relaying for strangers is deferred with 454 (a ' +
    'temporary refusal, defer_unauth_destination) instead of refused with 554, and a message that lacks ' +
    'Date, Message-Id or From is stored as it came (always_add_missing_headers = no).',
  policy: { addMissingHeaders: 'never' },
  replies: {
    'rcpt.relayDenied': { code: 454, enhanced: '4.7.1', text: '<{address}>: Relay access denied' },
  },
});

/**
 * Postfix 2.10 as CentOS 7 shipped it (seed 003, 2016): no STARTTLS or AUTH configured, and no SMTPUTF8
 * (Postfix 3.0) or CHUNKING (3.4) yet. Otherwise the same texts as 3.7.
 */
export const postfix210 = derive(postfix, {
  id: 'postfix-2.10',
  label: 'Postfix 2.10 (CentOS 7, as in the 2016 blog post)',
  description:
    'The Postfix of the 2016 tutorial (CentOS 7): the same dialect as today, minus what came later: ' +
    'no SMTPUTF8, no CHUNKING (BDAT), and in its default configuration no STARTTLS and no AUTH.',
  extensions: postfix.extensions.filter(
    (e) => !['STARTTLS', 'AUTH', 'SMTPUTF8', 'CHUNKING'].includes(e.keyword),
  ),
  commands: postfix.commands.filter((c) => !['BDAT', 'STARTTLS', 'AUTH'].includes(c)),
  leniency: { rejectBadUtf8: false },
  policy: { starttls: false, auth: false },
  replies: {
    'vrfy.syntax': { code: 501, enhanced: '5.5.4', text: 'Syntax: VRFY address' },
  },
});

export const sendmail = derive(postfix, {
  id: 'sendmail',
  label: 'Sendmail 8.9 (1999)',
  description:
    'Sendmail 8.9, the classic dialect of the old telnet tutorials: friendly texts ("pleased to meet you", ' +
    '"Sender ok"), no enhanced status codes, a HELP command, and relaying refused by default (new in 8.9).',
  software: '8.9.2/8.9.2/Debian/GNU',
  enhancedCodes: false,
  extensions: [
    { keyword: 'EXPN' },
    { keyword: 'VERB' },
    { keyword: '8BITMIME' },
    { keyword: 'SIZE' },
    { keyword: 'DSN' },
    { keyword: 'ONEX' },
    { keyword: 'ETRN' },
    { keyword: 'XUSR' },
    { keyword: 'HELP' },
  ],
  commands: ['HELO', 'EHLO', 'MAIL', 'RCPT', 'DATA', 'RSET', 'NOOP', 'QUIT', 'VRFY', 'EXPN', 'HELP', 'ETRN'],
  limits: { errors: 0, commandLine: 2048, junkCommands: 0, softErrors: 0 },
  leniency: {
    qualifyBareRecipient: true,
    hangUpOnNonSmtp: false,
    bareLf: 'line-end',
    rejectBadUtf8: false,
    addressOctets: true,
    sizeOutlivesRefusal: false,
  },
  policy: {
    starttls: false,
    auth: false,
    vrfy: 'sendmail',
    echoAsHeld: false,
    deliveryReports: false, // Sendmail writes its own report format, not simulated
    addMissingHeaders: 'always',
    queueIdStyle: 'sendmail',
    receivedStyle: 'sendmail',
  },
  help: [
    'This is Sendmail version 8.9.2',
    'Topics:',
    '\tHELO\tEHLO\tMAIL\tRCPT\tDATA',
    '\tRSET\tNOOP\tQUIT\tHELP\tVRFY',
    '\tEXPN\tVERB\tETRN\tDSN',
    'For more info use "HELP <topic>".',
    'To report bugs in the implementation send email to',
    '\tsendmail-bugs@sendmail.org.',
    'For local information send email to Postmaster at your site.',
    'End of HELP info',
  ],
  replies: {
    greeting: { code: 220, text: '{host} ESMTP Sendmail 8.9.2/8.9.2/Debian/GNU; {fullDate}' },
    'helo.ok': { code: 250, text: '{host} Hello {helo} [{ip}], pleased to meet you' },
    'ehlo.ok': { code: 250, text: '{host} Hello {helo} [{ip}], pleased to meet you' },
    'helo.syntax': { code: 501, text: 'helo requires domain address' },
    'ehlo.syntax': { code: 501, text: 'ehlo requires domain address' },
    // Sendmail 8.8-8.11 write the address as given, then "... Sender ok" (8.12 added enhanced codes). The
    // Sendmail 8.9 telnet guide (seed 001) prints "250 user123@example.com Sender ok": its transcription lost
    // the dots, and lesson 15 says so.
    'mail.ok': { code: 250, text: '{raw}... Sender ok' },
    'mail.syntax': { code: 501, text: 'Syntax error in parameters scanning "{arg}"' },
    'mail.badSender': { code: 553, text: "{raw}... Unbalanced '<'" },
    'mail.controlChars': { code: 553, text: '{raw}... Address contained invalid control characters' },
    'mail.nested': { code: 503, text: 'Sender already specified' },
    'mail.sizeExceeded': { code: 552, text: 'Message size exceeds fixed maximum message size ({maxSize})' },
    'mail.sizeSyntax': { code: 501, text: 'Syntax error in parameters scanning "{param}"' },
    'mail.unsupportedOption': { code: 555, text: '{param} parameter unrecognized' },
    'mail.badBody': { code: 501, text: 'Unknown BODY type {value}' },
    'rcpt.ok': { code: 250, text: '{raw}... Recipient ok' },
    'rcpt.syntax': { code: 501, text: 'Syntax error in parameters scanning "{arg}"' },
    'rcpt.badRecipient': { code: 553, text: "{raw}... Unbalanced '<'" },
    'rcpt.controlChars': { code: 553, text: '{raw}... Address contained invalid control characters' },
    'rcpt.needMail': { code: 503, text: 'Need MAIL before RCPT' },
    'rcpt.unknownUser': { code: 550, text: '{raw}... User unknown' },
    'rcpt.relayDenied': { code: 550, text: '{raw}... Relaying denied' },
    'rcpt.tooMany': { code: 452, text: 'Too many recipients' },
    'rcpt.unsupportedOption': { code: 555, text: '{param} parameter unrecognized' },
    'rcpt.badNotify': { code: 501, text: 'Bad notify option {param}' },
    'data.go': { code: 354, text: 'Enter mail, end with "." on a line by itself' },
    'data.syntax': { code: 501, text: 'Syntax error' },
    'data.needRcpt': { code: 503, text: 'Need MAIL command' },
    'data.noValidRecipients': { code: 503, text: 'Need RCPT (recipient)' },
    'data.accepted': { code: 250, text: '{queueId} Message accepted for delivery' },
    'data.tooBig': { code: 552, text: 'Message exceeds maximum fixed size ({maxSize})' },
    'rset.ok': { code: 250, text: 'Reset state' },
    'rset.syntax': { code: 250, text: 'Reset state' },
    'noop.ok': { code: 250, text: 'OK' },
    'quit.ok': { code: 221, text: '{host} closing connection' },
    'vrfy.ok': { code: 250, text: '{arg}' },
    'vrfy.unknownUser': { code: 550, text: '{arg}... User unknown' },
    'vrfy.syntax': { code: 501, text: 'Argument required' },
    'expn.ok': { code: 250, text: '{arg}' },
    'expn.unknown': { code: 550, text: '{arg}... User unknown' },
    'help.ok': { code: 214, text: 'This is Sendmail version 8.9.2' },
    'etrn.ok': { code: 250, text: 'Queuing for node {arg} started' },
    'etrn.syntax': { code: 501, text: 'Parameter required' },
    'etrn.denied': { code: 458, text: 'Unable to queue messages for node {arg}' },
    'command.unknown': { code: 500, text: 'Command unrecognized: "{line}"' },
    'command.empty': { code: 500, text: 'Command unrecognized: ""' },
    'command.notImplemented': { code: 502, text: 'Command not implemented' },
    'command.tooManyErrors': { code: 421, text: '{host} Too many errors, closing connection' },
  },
});

export const yahoo2001 = derive(sendmail, {
  id: 'yahoo-2001',
  label: 'Yahoo! mail relay (2001 magazine tutorial)',
  description:
    'The server of the oldest tutorial (2001): plain SMTP with terse texts. It relayed only for users who had ' +
    'logged in with POP first (POP-before-SMTP), so mail from strangers to other domains is refused.',
  software: 'YahooMailProxy',
  serverName: 'smtp017.mail.yahoo.com',
  extensions: [],
  commands: ['HELO', 'MAIL', 'RCPT', 'DATA', 'RSET', 'NOOP', 'QUIT', 'VRFY'],
  replies: {
    greeting: { code: 220, text: '{host} ready.' },
    'helo.ok': { code: 250, text: 'Hello {helo}, pleased to meet you.' },
    'mail.ok': { code: 250, text: '{raw}... OK' },
    'rcpt.ok': { code: 250, text: '{raw}... Recipient ok' },
    'rcpt.relayDenied': { code: 553, text: 'sorry, relaying denied from your location (#5.7.1)' },
    'rcpt.unknownUser': { code: 550, text: '{raw}... User unknown' },
    'data.accepted': { code: 250, text: 'Mail accepted' },
    'quit.ok': { code: 221, text: 'smtp.mail.yahoo.com delivering mail' },
    'command.unknown': { code: 500, text: 'Syntax error, command unrecognized' },
  },
  policy: { vrfy: 'always-252', queueIdStyle: 'none' },
});

export const navieg = derive(sendmail, {
  id: 'navieg',
  label: 'Norton AntiVirus gateway (2002 Internet Tips page)',
  description:
    'A 2002 antivirus mail gateway (NAVIEG) that scanned mail and passed it on. It accepted mail for any ' +
    'domain from anyone: an open relay, which is why such gateways were abused by spammers.',
  software: 'NAVIEG 2.1',
  extensions: [{ keyword: '8BITMIME' }, { keyword: 'SIZE' }],
  commands: ['HELO', 'EHLO', 'MAIL', 'RCPT', 'DATA', 'RSET', 'NOOP', 'QUIT'],
  replies: {
    greeting: { code: 220, text: '{host} SMTP NAVIEG 2.1 bld 63; {date}' },
    'helo.ok': { code: 250, text: '{host} Hello' },
    'ehlo.ok': { code: 250, text: '{host} Hello' },
    'mail.ok': { code: 250, text: '<{address}>... Sender ok' },
    'rcpt.ok': { code: 250, text: '<{address}>... Recipient ok' },
    'data.accepted': { code: 250, text: '{queueId} Message accepted for delivery' },
    'quit.ok': { code: 221, text: '{host} closing connection' },
  },
  policy: { relay: 'open', queueIdStyle: 'navieg' },
});

export const eraldy = derive(postfix, {
  id: 'eraldy',
  label: 'Eraldy (command-line how-to)',
  description:
    'The small custom server of the Eraldy command-line how-to: Sendmail-like texts with RFC 5321 wording, CHUNKING and ' +
    'STARTTLS offered, a 10 KB size limit, and no enhanced status codes.',
  software: 'Eraldy',
  enhancedCodes: false,
  extensions: [
    { keyword: '8BITMIME' },
    { keyword: 'SIZE', params: '{maxSize}' },
    { keyword: 'STARTTLS', when: 'before-tls' },
    { keyword: 'CHUNKING' },
    { keyword: 'Ok' },
  ],
  // Postfix's proxy commands (XCLIENT, XFORWARD) are Postfix's own.
  commands: postfix.commands.filter((c) => !c.startsWith('X')),
  limits: { messageSize: 10240, errors: 0, junkCommands: 0, softErrors: 0 },
  leniency: {
    hangUpOnNonSmtp: false,
    ignoreUnknownParams: true,
    rejectBadUtf8: false,
    sizeOutlivesRefusal: false,
  },
  policy: { auth: false, echoAsHeld: false },
  replies: {
    greeting: { code: 220, text: '{host} ESMTP Eraldy' },
    'helo.ok': { code: 250, text: '{host}' },
    'mail.ok': { code: 250, text: '<{address}>... Sender Ok' },
    'rcpt.ok': { code: 250, text: '<{address}>... Recipient Ok' },
    'data.go': { code: 354, text: 'Start mail input; end with <CRLF>.<CRLF>' },
    'data.accepted': { code: 250, text: 'Ok' },
    'bdat.accepted': { code: 250, text: 'Ok' },
    'quit.ok': { code: 221, text: '{host} Service closing transmission channel' },
  },
});

export const postfixDmarc = derive(postfix, {
  id: 'postfix-dmarc',
  label: 'Postfix 3.7 with SPF, DKIM and DMARC checks (MX)',
  description:
    'Postfix as an MX with policyd-spf (SPF at RCPT), OpenDKIM and OpenDMARC (after the dot): forged senders are refused.',
  // RejectFailures and HoldQuarantinedMessages on: p=reject is refused, p=quarantine goes to the hold queue.
  policy: { authChecks: { spf: 'reject-fail', dmarc: 'enforce' } },
});

// The provider with OpenDKIM in signing mode (smtpd_milters on every smtpd): the mail of its logged-in users
// and of mynetworks is signed for example.test with the world's keys; nothing is verified.
export const postfixDkim = derive(postfix, {
  id: 'postfix-dkim',
  label: 'Postfix 3.7 with OpenDKIM signing (provider)',
  description:
    'Postfix with the OpenDKIM milter signing the mail its trusted clients send for its own domain.',
  policy: { dkimSign: true },
});

export const postfixSubmissionDkim = derive(postfixSubmission, {
  id: 'postfix-submission-dkim',
  label: 'Postfix 3.7 submission with OpenDKIM signing',
  description:
    'The submission port (TLS, then AUTH) with the OpenDKIM milter signing what logged-in users send.',
  policy: { dkimSign: true },
});
