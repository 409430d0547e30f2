// Postfix 3.7 as an MX on port 25, configured as in shared/refs/config/postfix (texts recorded there).
import type { Profile } from './types.ts';

export const postfix: Profile = {
  id: 'postfix',
  label: 'Postfix 3.7 (MX, port 25)',
  description:
    'Postfix 3.7 receiving mail for its own domains on port 25, with the settings most mail exchangers use: ' +
    'relaying refused to strangers, unknown users refused at RCPT, STARTTLS offered, AUTH only after TLS. ' +
    'Lenient about syntax (MAIL FROM without brackets is fine), strict about sequence, and it hangs up on ' +
    'input that is not SMTP at all.',
  software: 'Postfix',
  enhancedCodes: true,
  extensions: [
    { keyword: 'PIPELINING' },
    { keyword: 'SIZE', params: '{maxSize}' },
    { keyword: 'VRFY' },
    { keyword: 'ETRN' },
    { keyword: 'STARTTLS', when: 'before-tls' },
    { keyword: 'AUTH', params: 'PLAIN LOGIN', when: 'after-tls' },
    { keyword: 'ENHANCEDSTATUSCODES' },
    { keyword: '8BITMIME' },
    { keyword: 'DSN' },
    { keyword: 'SMTPUTF8' },
    { keyword: 'CHUNKING' },
  ],
  commands: [
    'HELO',
    'EHLO',
    'MAIL',
    'RCPT',
    'DATA',
    'BDAT',
    'RSET',
    'NOOP',
    'QUIT',
    'VRFY',
    'ETRN',
    'STARTTLS',
    'AUTH',
    'XCLIENT',
    'XFORWARD',
  ],
  limits: {
    commandLine: 2048, // line_length_limit
    commandLineOverflow: 'truncate',
    dataLine: 0,
    messageSize: 10240000, // message_size_limit
    recipients: 1000, // smtpd_recipient_limit
    errors: 20, // smtpd_hard_error_limit
    unknownCommands: 0,
    junkCommands: 100, // smtpd_junk_command_limit
    softErrors: 10, // smtpd_soft_error_limit
    errorSleepMs: 1000, // smtpd_error_sleep_time = 1s
  },
  leniency: {
    heloOptional: true, // smtpd_helo_required = no
    looseSyntax: true, // strict_rfc821_envelopes = no
    qualifyBareRecipient: true, // append_at_myorigin
    bareLf: 'line-end', // smtpd_forbid_bare_newline = no (3.7)
    unstuffSingleDot: true,
    hangUpOnNonSmtp: true, // smtpd_forbidden_commands and the header check
    paramsAfterHelo: true,
    ignoreUnknownParams: false,
    rejectBadUtf8: true, // smtputf8_enable = yes
    noArguments: ['DATA', 'RSET', 'STARTTLS'],
    strictSmtputf8: false, // strict_smtputf8 = no
    nulEndsCommand: true,
    sizeOutlivesRefusal: true,
  },
  policy: {
    relay: 'deny', // reject_unauth_destination
    auth: true,
    authOnlyAfterTls: true, // smtpd_tls_auth_only = yes
    authBeforeTls: 'not-enabled',
    tlsRequired: false, // smtpd_tls_security_level = may
    authRequiredForRecipients: false,
    starttls: true,
    vrfy: 'postfix',
    addMissingHeaders: 'local-clients', // local_header_rewrite_clients = permit_inet_interfaces
    queueIdStyle: 'postfix',
    receivedStyle: 'postfix',
    deliveryReports: true, // bounce(8): bounces, and NOTIFY=SUCCESS reports (shared/refs/delivered has one)
    routeLocalParts: true, // allow_percent_hack = yes, swap_bangpath = yes
    echoAsHeld: true,
  },
  replies: {
    greeting: { code: 220, text: '{host} ESMTP Postfix' },
    'helo.ok': { code: 250, text: '{host}' },
    'ehlo.ok': { code: 250, text: '{host}' },
    'helo.syntax': { code: 501, text: 'Syntax: HELO hostname' },
    'ehlo.syntax': { code: 501, text: 'Syntax: EHLO hostname' },
    'mail.ok': { code: 250, enhanced: '2.1.0', text: 'Ok' },
    'mail.syntax': { code: 501, enhanced: '5.5.4', text: 'Syntax: MAIL FROM:<address>' },
    'mail.badSender': { code: 501, enhanced: '5.1.7', text: 'Bad sender address syntax' },
    // Only for a profile with leniency.addressOctets (Sendmail); Postfix reads UTF-8 (SMTPUTF8).
    'mail.controlChars': { code: 501, enhanced: '5.1.7', text: 'Bad sender address syntax' },
    'mail.nested': { code: 503, enhanced: '5.5.1', text: 'Error: nested MAIL command' },
    'mail.needHelo': { code: 503, enhanced: '5.5.1', text: 'Error: send HELO/EHLO first' },
    'mail.sizeExceeded': { code: 552, enhanced: '5.3.4', text: 'Message size exceeds fixed limit' },
    'mail.sizeSyntax': { code: 501, enhanced: '5.5.4', text: 'Bad message size syntax' },
    'mail.sizeOverflow': {
      code: 552,
      enhanced: '5.3.4',
      text: 'Message size exceeds file system imposed limit',
    },
    'mail.unsupportedOption': { code: 555, enhanced: '5.5.4', text: 'Unsupported option: {param}' },
    'mail.badBody': { code: 555, enhanced: '5.5.4', text: 'Unsupported option: {param}' },
    'mail.authRequired': { code: 530, enhanced: '5.7.0', text: 'Authentication required' },
    'mail.tlsRequired': { code: 530, enhanced: '5.7.0', text: 'Must issue a STARTTLS command first' },
    'mail.utf8NotAllowed': {
      code: 553,
      enhanced: '5.6.7',
      text: 'Must declare SMTPUTF8 to send unicode address',
    },
    'mail.badDsn': { code: 501, enhanced: '5.5.4', text: 'Bad {name} parameter syntax' },
    'mail.afterBdat': { code: 503, enhanced: '5.5.1', text: 'Error: MAIL after BDAT' },
    'rcpt.ok': { code: 250, enhanced: '2.1.5', text: 'Ok' },
    'rcpt.syntax': { code: 501, enhanced: '5.5.4', text: 'Syntax: RCPT TO:<address>' },
    'rcpt.badRecipient': { code: 501, enhanced: '5.1.3', text: 'Bad recipient address syntax' },
    'rcpt.controlChars': { code: 501, enhanced: '5.1.3', text: 'Bad recipient address syntax' },
    'rcpt.needMail': { code: 503, enhanced: '5.5.1', text: 'Error: need MAIL command' },
    'rcpt.needHelo': { code: 503, enhanced: '5.5.1', text: 'Error: send HELO/EHLO first' },
    'rcpt.unknownUser': {
      code: 550,
      enhanced: '5.1.1',
      text: '<{address}>: Recipient address rejected: User unknown in local recipient table',
    },
    'rcpt.relayDenied': { code: 554, enhanced: '5.7.1', text: '<{address}>: Relay access denied' },
    // postgrey's DEFER_IF_PERMIT answer as Postfix 3.7 words it (recorded: tests/refs-two-hop).
    'rcpt.greylisted': {
      code: 450,
      enhanced: '4.7.1',
      text: '<{address}>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/{domain}.html',
    },
    'rcpt.accessDenied': {
      code: 554,
      enhanced: '5.7.1',
      text: '<{address}>: Recipient address rejected: Access denied',
    },
    'rcpt.tooMany': { code: 452, enhanced: '4.5.3', text: 'Error: too many recipients' },
    'rcpt.unsupportedOption': { code: 555, enhanced: '5.5.4', text: 'Unsupported option: {param}' },
    'rcpt.badNotify': { code: 501, enhanced: '5.5.4', text: 'Error: Bad NOTIFY parameter syntax' },
    'rcpt.tlsRequired': { code: 530, enhanced: '5.7.0', text: 'Must issue a STARTTLS command first' },
    'rcpt.utf8NotAllowed': {
      code: 553,
      enhanced: '5.6.7',
      text: 'Must declare SMTPUTF8 to send unicode address',
    },
    'rcpt.badOrcpt': { code: 501, enhanced: '5.5.4', text: 'Error: Bad ORCPT parameter syntax' },
    'rcpt.afterBdat': { code: 503, enhanced: '5.5.1', text: 'Error: RCPT after BDAT' },
    // A policy service's REJECT as smtpd words it; {reason} is policyd-spf's "Message rejected due to: ...".
    'rcpt.spfRejected': {
      code: 550,
      enhanced: '5.7.23',
      text: '<{address}>: Recipient address rejected: {reason}',
    },
    'data.go': { code: 354, text: 'End data with <CR><LF>.<CR><LF>' },
    'data.syntax': { code: 501, enhanced: '5.5.4', text: 'Syntax: DATA' },
    'data.needRcpt': { code: 503, enhanced: '5.5.1', text: 'Error: need RCPT command' },
    'data.noValidRecipients': { code: 554, enhanced: '5.5.1', text: 'Error: no valid recipients' },
    'data.afterBdat': { code: 503, enhanced: '5.5.1', text: 'Error: DATA after BDAT' },
    'data.tlsRequired': { code: 530, enhanced: '5.7.0', text: 'Must issue a STARTTLS command first' },
    'data.accepted': { code: 250, enhanced: '2.0.0', text: 'Ok: queued as {queueId}' },
    'data.tooBig': { code: 552, enhanced: '5.3.4', text: 'Error: message file too big' },
    'data.lineTooLong': { code: 500, enhanced: '5.5.0', text: 'Line too long' },
    // OpenDMARC's milter reply (opendmarc.c: DMARC_REJECT_SMTP, DMARC_REJECT_ESC, its text), sent as is.
    'data.dmarcRejected': { code: 550, enhanced: '5.7.1', text: 'rejected by DMARC policy for {domain}' },
    'bdat.chunk': { code: 250, enhanced: '2.0.0', text: 'Ok: {bytes} bytes' },
    'bdat.accepted': { code: 250, enhanced: '2.0.0', text: 'Ok: {bytes} bytes queued as {queueId}' },
    'bdat.needRcpt': { code: 503, enhanced: '5.5.1', text: 'Error: need RCPT command' },
    'bdat.noValidRecipients': { code: 554, enhanced: '5.5.1', text: 'Error: no valid recipients' },
    'bdat.tlsRequired': { code: 530, enhanced: '5.7.0', text: 'Must issue a STARTTLS command first' },
    'bdat.null': { code: 551, enhanced: '5.7.1', text: 'Null BDAT request' },
    'bdat.tooBig': { code: 552, enhanced: '5.3.4', text: 'Chunk exceeds message size limit' },
    // Postfix hangs up here: it cannot know where a chunk of unreadable size ends.
    'bdat.badSize': { code: 521, enhanced: '5.5.4', text: 'Syntax: BDAT count [LAST]' },
    'bdat.discarded': { code: 551, enhanced: '5.0.0', text: 'Discarded {bytes} bytes after earlier error' },
    'rset.ok': { code: 250, enhanced: '2.0.0', text: 'Ok' },
    'rset.syntax': { code: 501, enhanced: '5.5.4', text: 'Syntax: RSET' },
    'noop.ok': { code: 250, enhanced: '2.0.0', text: 'Ok' },
    'quit.ok': { code: 221, enhanced: '2.0.0', text: 'Bye' },
    'quit.syntax': { code: 501, enhanced: '5.5.4', text: 'Syntax: QUIT' },
    'vrfy.ok': { code: 252, enhanced: '2.0.0', text: '{arg}' },
    'vrfy.unknownUser': {
      code: 550,
      enhanced: '5.1.1',
      text: '<{address}>: Recipient address rejected: User unknown in local recipient table',
    },
    'vrfy.syntax': { code: 501, enhanced: '5.5.4', text: 'Syntax: VRFY address [SMTPUTF8]' },
    'vrfy.disabled': { code: 502, enhanced: '5.5.1', text: 'VRFY command is disabled' },
    'expn.ok': { code: 250, enhanced: '2.1.5', text: '{arg}' },
    'expn.unknown': { code: 550, enhanced: '5.1.1', text: '{arg}... User unknown' },
    'expn.disabled': { code: 502, enhanced: '5.5.1', text: 'EXPN command is disabled' },
    'help.ok': { code: 214, enhanced: '2.0.0', text: 'Help' },
    // Postfix's etrn_cmd() predates enhanced status codes and never sends them.
    'etrn.ok': { code: 250, text: 'Queuing started' },
    'etrn.syntax': { code: 500, text: 'Syntax: ETRN domain' },
    'etrn.denied': { code: 459, text: '<{arg}>: service unavailable' },
    'etrn.inTransaction': { code: 503, text: 'Error: MAIL transaction in progress' },
    'etrn.badDomain': { code: 501, text: 'Error: invalid parameter syntax' },
    'xclient.syntax': { code: 501, enhanced: '5.5.4', text: 'Syntax: {verb} attribute=value...' },
    'xclient.unauthorized': { code: 550, enhanced: '5.7.0', text: 'Error: insufficient authorization' },
    'xclient.inTransaction': { code: 503, enhanced: '5.5.1', text: 'Error: MAIL transaction in progress' },
    'starttls.ready': { code: 220, enhanced: '2.0.0', text: 'Ready to start TLS' },
    'starttls.already': { code: 554, enhanced: '5.5.1', text: 'Error: TLS already active' },
    'starttls.syntax': { code: 501, enhanced: '5.5.4', text: 'Syntax: STARTTLS' },
    'starttls.unavailable': { code: 502, enhanced: '5.5.1', text: 'Error: command not implemented' },
    'auth.challenge': { code: 334, text: '{arg}' },
    'auth.ok': { code: 235, enhanced: '2.7.0', text: 'Authentication successful' },
    // "authentication failure" is Cyrus SASL's text for a wrong password (shared/refs, scenario 96).
    'auth.failed': { code: 535, enhanced: '5.7.8', text: 'Error: authentication failed: {reason}' },
    'auth.notEnabled': { code: 503, enhanced: '5.5.1', text: 'Error: authentication not enabled' },
    'auth.tlsRequired': { code: 530, enhanced: '5.7.0', text: 'Must issue a STARTTLS command first' },
    'auth.already': { code: 503, enhanced: '5.5.1', text: 'Error: already authenticated' },
    // Cyrus SASL's reason when the server offers no such mechanism (observed from Postfix 3.7: AUTH CRAM-MD5).
    'auth.badMechanism': {
      code: 535,
      enhanced: '5.7.8',
      text: 'Error: authentication failed: no mechanism available',
    },
    'auth.cancelled': { code: 501, enhanced: '5.7.0', text: 'Authentication aborted' },
    // {reason}: Cyrus SASL's words for a response it cannot decode (src/smtp/sasl.ts, SASL_REASONS).
    'auth.malformed': { code: 535, enhanced: '5.7.8', text: 'Error: authentication failed: {reason}' },
    'auth.inTransaction': { code: 503, enhanced: '5.5.1', text: 'Error: MAIL transaction in progress' },
    'auth.syntax': { code: 501, enhanced: '5.5.4', text: 'Syntax: AUTH mechanism' },
    'auth.needEhlo': { code: 503, enhanced: '5.5.1', text: 'Error: send HELO/EHLO first' },
    'command.unknown': { code: 500, enhanced: '5.5.2', text: 'Error: command not recognized' },
    'command.empty': { code: 500, enhanced: '5.5.2', text: 'Error: bad syntax' },
    'command.tooLong': { code: 500, enhanced: '5.5.2', text: 'Error: line too long' },
    'command.notImplemented': { code: 502, enhanced: '5.5.1', text: 'Error: command not implemented' },
    'command.badSequence': { code: 503, enhanced: '5.5.1', text: 'Error: bad sequence of commands' },
    'command.tooManyErrors': { code: 421, enhanced: '4.7.0', text: '{host} Error: too many errors' },
    'command.tlsRequired': { code: 530, enhanced: '5.7.0', text: 'Must issue a STARTTLS command first' },
    'command.badUtf8': { code: 500, enhanced: '5.5.2', text: 'Error: bad UTF-8 syntax' },
    'protocol.hangup': { code: 221, enhanced: '2.7.0', text: 'Error: I can break rules, too. Goodbye.' },
    'protocol.bareLf': { code: 521, enhanced: '5.5.2', text: '{host} Error: bare <LF> received' },
    'protocol.timeout': { code: 421, enhanced: '4.4.2', text: '{host} Error: timeout exceeded' },
  },
};
