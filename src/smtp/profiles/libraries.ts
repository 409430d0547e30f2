// The two SMTP libraries of shared/refs, as configured there: Nodemailer smtp-server 3.21 (library defaults:
// no enhanced codes, no DSN) and aiosmtpd 1.4. Texts are from shared/refs/REPLY-CATALOG.md. Neither library
// knows local users or relaying: the RCPT refusals marked [handler] are the recorders' own handlers (they
// accept alice, bob and postmaster at example.test and nothing else), kept because that is what was recorded.
import { derive } from './others.ts';
import { postfix } from './postfix.ts';
import type { ReplyTemplate } from './types.ts';
import type { ReplyId } from '../types.ts';

/** The Postfix templates without enhanced codes: a base for servers that send none (or only a few). */
const plainReplies = Object.fromEntries(
  Object.entries(postfix.replies).map(([id, t]) => [id, { code: t.code, text: t.text }]),
) as Record<ReplyId, ReplyTemplate>;

/** Both libraries know the same verbs (neither has BDAT, EXPN or ETRN). */
const LIBRARY_COMMANDS = [
  'HELO',
  'EHLO',
  'MAIL',
  'RCPT',
  'DATA',
  'RSET',
  'NOOP',
  'QUIT',
  'VRFY',
  'HELP',
  'STARTTLS',
  'AUTH',
];

const libraryBase = derive(postfix, {
  replies: plainReplies,
  limits: { errors: 0, junkCommands: 0, softErrors: 0 },
  leniency: {
    heloOptional: false,
    looseSyntax: false,
    qualifyBareRecipient: false,
    bareLf: 'data',
    hangUpOnNonSmtp: false,
    rejectBadUtf8: false,
    strictSmtputf8: true,
    nulEndsCommand: false,
    sizeOutlivesRefusal: false,
  },
  policy: {
    relay: 'local-only',
    routeLocalParts: false,
    authBeforeTls: 'tls-required',
    addMissingHeaders: 'never',
    vrfy: 'always-252',
    deliveryReports: false, // a library hands messages over; it has no mail system to send reports
    receivedStyle: 'none', // shared/refs: neither library adds a header to what it hands over
  },
});

export const smtpServer = derive(libraryBase, {
  id: 'smtp-server',
  label: 'Nodemailer smtp-server 3.21',
  description:
    'The SMTP server library of Nodemailer with its defaults: no enhanced status codes, no DSN, no CHUNKING, ' +
    'AUTH announced even before TLS (and then refused), strict about angle brackets, silent about unknown ' +
    'parameters, and a lone dot ends a message only after CR LF.',
  software: 'smtp-server',
  enhancedCodes: false,
  extensions: [
    { keyword: 'PIPELINING' },
    { keyword: '8BITMIME' },
    { keyword: 'SMTPUTF8' },
    { keyword: 'AUTH', params: 'LOGIN PLAIN', when: 'always' },
    { keyword: 'STARTTLS', when: 'before-tls' },
    { keyword: 'SIZE', params: '{maxSize}' },
  ],
  commands: LIBRARY_COMMANDS,
  limits: { commandLine: 65536 },
  leniency: { unstuffSingleDot: false, ignoreUnknownParams: true, noArguments: [] },
  replies: {
    greeting: { code: 220, text: '{host} ESMTP smtp-server' },
    'helo.ok': { code: 250, text: '{host} Nice to meet you, [{ip}]' },
    'ehlo.ok': { code: 250, text: '{host} Nice to meet you, [{ip}]' },
    'helo.syntax': { code: 501, text: 'Error: Syntax: HELO hostname' },
    'ehlo.syntax': { code: 501, text: 'Error: Syntax: EHLO hostname' },
    'mail.ok': { code: 250, text: 'Accepted' },
    'mail.syntax': { code: 501, text: 'Error: Bad sender address syntax' },
    'mail.badSender': { code: 501, text: 'Error: Bad sender address syntax' },
    'mail.needHelo': { code: 503, text: 'Error: send HELO/EHLO first' },
    'mail.sizeExceeded': { code: 552, text: 'Error: message exceeds fixed maximum message size {maxSize}' },
    'mail.sizeSyntax': { code: 501, text: 'Error: Bad message size syntax' },
    'mail.badBody': { code: 501, text: 'Invalid BODY parameter value. Must be 7BIT or 8BITMIME' },
    'rcpt.ok': { code: 250, text: 'Accepted' },
    'rcpt.syntax': { code: 501, text: 'Error: Bad recipient address syntax' },
    'rcpt.badRecipient': { code: 501, text: 'Error: Bad recipient address syntax' },
    'rcpt.needHelo': { code: 503, text: 'Error: send HELO/EHLO first' },
    // [handler]: the recorders' RCPT handler, not the library.
    'rcpt.unknownUser': { code: 550, text: '[handler] Mailbox unavailable: user unknown' },
    'rcpt.relayDenied': { code: 554, text: '[handler] Relay access denied' },
    'data.needRcpt': { code: 503, text: 'Error: need RCPT command' },
    'data.noValidRecipients': { code: 503, text: 'Error: need RCPT command' },
    'data.accepted': { code: 250, text: 'OK: message queued' },
    'rset.ok': { code: 250, text: 'Flushed' },
    'noop.ok': { code: 250, text: 'OK' },
    'quit.ok': { code: 221, text: 'Bye' },
    'vrfy.ok': { code: 252, text: 'Try to send something. No promises though' },
    'vrfy.syntax': { code: 501, text: 'Error: Syntax: VRFY address' },
    'help.ok': { code: 214, text: 'See https://tools.ietf.org/html/rfc5321 for details' },
    'starttls.ready': { code: 220, text: 'Ready to start TLS' },
    'auth.ok': { code: 235, text: 'Authentication successful' },
    'auth.failed': { code: 535, text: 'Invalid username or password' },
    'auth.tlsRequired': { code: 538, text: 'Error: Must issue a STARTTLS command first' },
    'command.unknown': { code: 500, text: 'Error: command not recognized' },
  },
});

export const aiosmtpd = derive(libraryBase, {
  id: 'aiosmtpd',
  label: 'aiosmtpd 1.4 (Python)',
  description:
    "Python's asyncio SMTP server: RFC 5321's 512-octet command lines, a HELP that lists commands, " +
    'enhanced status codes on a few replies only, AUTH only after TLS, and after five unknown commands it ' +
    'says goodbye.',
  software: 'Python SMTP 1.4.3',
  enhancedCodes: true,
  extensions: [
    { keyword: 'SIZE', params: '{maxSize}' },
    { keyword: '8BITMIME' },
    { keyword: 'SMTPUTF8' },
    { keyword: 'STARTTLS', when: 'before-tls' },
    { keyword: 'AUTH', params: 'LOGIN PLAIN', when: 'after-tls' },
    { keyword: 'HELP' },
  ],
  commands: LIBRARY_COMMANDS,
  // 512 octets with CR LF (RFC 5321 section 4.5.3.1.4); content lines up to 998 (section 4.5.3.1.6).
  limits: { commandLine: 510, commandLineOverflow: 'reject', dataLine: 998, unknownCommands: 5 },
  leniency: { looseSyntax: true, noArguments: ['DATA', 'RSET', 'QUIT', 'STARTTLS'] },
  help: ['Supported commands: AUTH DATA EHLO HELO HELP MAIL NOOP QUIT RCPT RSET STARTTLS VRFY'],
  helpTopics: {
    AUTH: 'AUTH <mechanism>',
    DATA: 'DATA',
    EHLO: 'EHLO hostname',
    HELO: 'HELO hostname',
    HELP: 'HELP [command]',
    MAIL: 'MAIL FROM: <address>',
    NOOP: 'NOOP [ignored]',
    QUIT: 'QUIT',
    RCPT: 'RCPT TO: <address>',
    RSET: 'RSET',
    STARTTLS: 'STARTTLS',
    VRFY: 'VRFY <address>',
  },
  replies: {
    greeting: { code: 220, text: '{host} Python SMTP 1.4.3' },
    'mail.ok': { code: 250, text: 'OK' },
    'mail.syntax': { code: 501, text: 'Syntax: MAIL FROM: <address> [SP <mail-parameters>]' },
    'mail.needHelo': { code: 503, text: 'Error: send HELO first' },
    'mail.sizeExceeded': { code: 552, text: 'Error: message size exceeds fixed maximum message size' },
    'mail.sizeSyntax': { code: 501, text: 'Syntax: MAIL FROM: <address> [SP <mail-parameters>]' },
    'mail.badBody': { code: 501, text: 'Error: BODY can only be one of 7BIT, 8BITMIME' },
    'mail.unsupportedOption': { code: 555, text: 'MAIL FROM parameters not recognized or not implemented' },
    'rcpt.ok': { code: 250, text: 'OK' },
    'rcpt.syntax': { code: 501, text: 'Syntax: RCPT TO: <address> [SP <mail-parameters>]' },
    'rcpt.needHelo': { code: 503, text: 'Error: send HELO first' },
    'rcpt.unsupportedOption': { code: 555, text: 'RCPT TO parameters not recognized or not implemented' },
    // [handler]: the recorders' RCPT handler, not the library.
    'rcpt.unknownUser': { code: 550, text: '[handler] Mailbox unavailable: user unknown' },
    'rcpt.relayDenied': { code: 554, text: '[handler] Relay access denied' },
    'data.syntax': { code: 501, text: 'Syntax: DATA' },
    'data.needRcpt': { code: 503, text: 'Error: need RCPT command' },
    'data.noValidRecipients': { code: 503, text: 'Error: need RCPT command' },
    'data.accepted': { code: 250, text: 'OK' },
    'data.lineTooLong': { code: 500, text: 'Line too long (see RFC5321 4.5.3.1.6)' },
    'rset.ok': { code: 250, text: 'OK' },
    'rset.syntax': { code: 501, text: 'Syntax: RSET' },
    'noop.ok': { code: 250, text: 'OK' },
    'quit.ok': { code: 221, text: 'Bye' },
    'quit.syntax': { code: 501, text: 'Syntax: QUIT' },
    'vrfy.ok': { code: 252, text: 'Cannot VRFY user, but will accept message and attempt delivery' },
    'vrfy.syntax': { code: 501, text: 'Syntax: VRFY <address>' },
    'help.ok': { code: 250, text: 'Supported commands' },
    'starttls.ready': { code: 220, text: 'Ready to start TLS' },
    'starttls.syntax': { code: 501, text: 'Syntax: STARTTLS' },
    'auth.ok': { code: 235, enhanced: '2.7.0', text: 'Authentication successful' },
    'auth.failed': { code: 535, enhanced: '5.7.8', text: 'Authentication credentials invalid' },
    'auth.tlsRequired': {
      code: 538,
      enhanced: '5.7.11',
      text: 'Encryption required for requested authentication mechanism',
    },
    'command.unknown': { code: 500, text: 'Error: command "{verb}" not recognized' },
    'command.tooLong': { code: 500, text: 'Command line too long' },
    'command.tooManyErrors': {
      code: 502,
      enhanced: '5.5.1',
      text: 'Too many unrecognized commands, goodbye.',
    },
  },
});
