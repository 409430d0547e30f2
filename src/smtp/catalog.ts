// The reply catalog (English): what every reply the core can send means to a learner, where it comes from in
// the RFCs, and what to do next; plus the meaning of each reply-code digit and of RFC 3463 enhanced codes.
import type { Phase, Reply, ReplyId } from './types.ts';

export interface CatalogEntry {
  /** One or two sentences in plain language. */
  meaning: string;
  /** Where the behaviour is specified. */
  rfc: string;
  /** What the learner can do now. */
  next: string;
}

const XCLIENT_NEXT = 'Nothing to do: these commands are for proxies, not people.';

const S = (meaning: string, rfc: string, next: string): CatalogEntry => ({ meaning, rfc, next });

export const REPLY_CATALOG: Record<ReplyId, CatalogEntry> = {
  greeting: S(
    'The server is ready and names itself.',
    'RFC 5321 §4.2, §3.1',
    'Introduce yourself with EHLO (or HELO).',
  ),
  'helo.ok': S(
    'The server accepted your HELO: plain SMTP, no extensions listed.',
    'RFC 5321 §4.1.1.1',
    'Give the sender with MAIL FROM:<address>.',
  ),
  'ehlo.ok': S(
    'The server accepted your EHLO and lists the extensions it supports, one per line; every line but the last has a dash after the code.',
    'RFC 5321 §4.1.1.1, §4.2.1',
    'Give the sender with MAIL FROM:<address>.',
  ),
  'helo.syntax': S(
    'HELO needs your host name as its argument.',
    'RFC 5321 §4.1.1.1',
    'Type HELO followed by a name, e.g. HELO laptop.client.test.',
  ),
  'ehlo.syntax': S(
    'EHLO needs your host name (or an address literal such as [203.0.113.7]).',
    'RFC 5321 §4.1.1.1',
    'Type EHLO followed by a name.',
  ),
  'mail.ok': S(
    'The reverse-path (envelope sender) is accepted. Bounces would go to this address.',
    'RFC 5321 §4.1.1.2',
    'Name a recipient with RCPT TO:<address>.',
  ),
  'mail.syntax': S(
    'The server could not find "FROM:" and an address in your MAIL command.',
    'RFC 5321 §4.1.1.2',
    'Write it as MAIL FROM:<you@example.test>.',
  ),
  'mail.badSender': S(
    'The sender address is malformed (a missing ">", a space, or characters not allowed).',
    'RFC 5321 §4.1.2, RFC 3463 X.1.7',
    'Check the brackets and the address, then send MAIL again.',
  ),
  'mail.controlChars': S(
    'The sender address holds an octet this old server keeps for itself (0x80 to 0x9F; Sendmail 8 uses them ' +
      'inside its rewriting rules). It predates SMTPUTF8 and reads addresses as octets: some accented letters ' +
      'pass, others do not, depending on how UTF-8 encodes them.',
    'RFC 5321 §4.1.2 (addresses are ASCII), RFC 6531 (SMTPUTF8)',
    'Use an ASCII address on this server.',
  ),
  'mail.nested': S(
    'A transaction is already open: you gave MAIL before.',
    'RFC 5321 §4.1.4',
    'Go on with RCPT, or send RSET to start over.',
  ),
  'mail.needHelo': S(
    'This server wants HELO or EHLO before anything else.',
    'RFC 5321 §4.1.4',
    'Send EHLO first.',
  ),
  'mail.sizeExceeded': S(
    "The SIZE you declared is over the server's limit (shown after SIZE in the EHLO reply).",
    'RFC 1870 §6',
    'Send a smaller message, or none.',
  ),
  'mail.sizeSyntax': S('SIZE= needs a number of octets.', 'RFC 1870 §3', 'Write SIZE=1000, digits only.'),
  'mail.sizeOverflow': S(
    'That SIZE is more than any file could hold.',
    'RFC 1870 §6',
    'Give the real size in octets.',
  ),
  'mail.unsupportedOption': S(
    'The server does not know this ESMTP parameter, or what precedes it is not an address it can read.',
    'RFC 5321 §4.1.1.11',
    'Drop the parameter, or put the address in angle brackets.',
  ),
  'mail.badBody': S(
    'BODY= takes 7BIT or 8BITMIME only.',
    'RFC 6152 §2',
    'Use BODY=8BITMIME or leave it out.',
  ),
  'mail.authRequired': S(
    'This server accepts mail only from authenticated users.',
    'RFC 4954 §6',
    'Log in with AUTH first.',
  ),
  'mail.tlsRequired': S(
    'This port wants an encrypted connection before any mail command.',
    'RFC 3207 §4, RFC 8314',
    'Send STARTTLS (or connect with openssl s_client -starttls smtp).',
  ),
  'mail.utf8NotAllowed': S(
    'The address has non-ASCII characters, but you did not declare SMTPUTF8.',
    'RFC 6531 §3.4',
    'Add the SMTPUTF8 parameter: MAIL FROM:<...> SMTPUTF8.',
  ),
  'mail.badDsn': S(
    'RET= takes FULL or HDRS, once; ENVID= takes an identifier in xtext, once.',
    'RFC 3461 §4.3, §4.4',
    'Fix the parameter or leave it out.',
  ),
  'mail.afterBdat': S(
    'A BDAT transfer is under way (or failed and was not finished with BDAT ... LAST): no new MAIL yet.',
    'RFC 3030 §2',
    'Finish with BDAT 0 LAST, or send RSET.',
  ),
  'rcpt.ok': S(
    'The recipient is accepted. You may name more recipients, one RCPT each.',
    'RFC 5321 §4.1.1.3',
    'Add more recipients, or send DATA.',
  ),
  'rcpt.syntax': S(
    'The server could not find "TO:" and an address in your RCPT command.',
    'RFC 5321 §4.1.1.3',
    'Write it as RCPT TO:<someone@example.test>.',
  ),
  'rcpt.badRecipient': S(
    'The recipient address is malformed.',
    'RFC 5321 §4.1.2, RFC 3463 X.1.3',
    'Fix the address and send RCPT again.',
  ),
  'rcpt.controlChars': S(
    'The recipient address holds an octet this old server keeps for itself (0x80 to 0x9F): it reads addresses ' +
      'as octets, long before SMTPUTF8.',
    'RFC 5321 §4.1.2 (addresses are ASCII), RFC 6531 (SMTPUTF8)',
    'Use an ASCII address on this server.',
  ),
  'rcpt.needMail': S(
    'RCPT comes after MAIL: the server does not know the sender yet.',
    'RFC 5321 §4.1.4',
    'Send MAIL FROM:<address> first.',
  ),
  'rcpt.needHelo': S('This server wants HELO or EHLO first.', 'RFC 5321 §4.1.4', 'Send EHLO first.'),
  'rcpt.unknownUser': S(
    'There is no such mailbox here. The transaction stays open: other recipients can still be accepted.',
    'RFC 5321 §4.2.2, RFC 3463 X.1.1',
    'Check the spelling, or try another recipient.',
  ),
  'rcpt.greylisted': S(
    'Greylisting: a first try from an unknown sender is deferred; a real mail server retries later and gets through.',
    'RFC 6647',
    'Try again in five minutes.',
  ),
  'rcpt.relayDenied': S(
    'This server does not deliver to that domain for you: it is not one of its own, and you are neither trusted nor logged in. Refusing is what keeps it from being an open relay.',
    'RFC 5321 §3.6.2, §7.1',
    'Send to a local address, or use the submission port with AUTH.',
  ),
  'rcpt.accessDenied': S(
    'This port accepts recipients only from logged-in users.',
    'RFC 6409 §4.3, RFC 4954',
    'Authenticate with AUTH, then try again.',
  ),
  'rcpt.tooMany': S(
    'The server accepts no more recipients in this transaction. 4xx: try the rest later.',
    'RFC 5321 §4.5.3.1.8',
    'Send the message now and the rest in another transaction.',
  ),
  'rcpt.unsupportedOption': S(
    'The server does not know this RCPT parameter.',
    'RFC 5321 §4.1.1.11',
    'Drop the parameter.',
  ),
  'rcpt.badNotify': S(
    'NOTIFY= takes NEVER, or a comma list of SUCCESS, FAILURE and DELAY.',
    'RFC 3461 §4.1',
    'Write NOTIFY=SUCCESS,FAILURE.',
  ),
  'rcpt.tlsRequired': S('This port wants encryption first.', 'RFC 3207 §4', 'Send STARTTLS.'),
  'rcpt.utf8NotAllowed': S(
    'A non-ASCII address needs SMTPUTF8 declared on MAIL FROM.',
    'RFC 6531 §3.4',
    'Start over with MAIL FROM:<...> SMTPUTF8.',
  ),
  'rcpt.badOrcpt': S(
    'ORCPT= takes an address type, a semicolon and the address in xtext, e.g. ORCPT=rfc822;alice@example.test.',
    'RFC 3461 §4.2',
    'Fix the parameter or leave it out.',
  ),
  'rcpt.spfRejected': S(
    "SPF fail: the MAIL FROM domain's SPF record (its v=spf1 TXT) does not list your address, so this server's policy service refuses the recipient.",
    'RFC 7208 §2.6.4, §8.4; RFC 7372 (X.7.23)',
    'Use a sender whose domain authorises your address (dig DOMAIN TXT).',
  ),
  'rcpt.afterBdat': S(
    'Recipients come before the message: once BDAT has started, no more RCPT.',
    'RFC 3030 §2',
    'Finish the message with BDAT ... LAST, or RSET and start again.',
  ),
  'data.go': S(
    'Go ahead: type the message (headers, an empty line, the body) and end it with a line holding only a dot.',
    'RFC 5321 §4.1.1.4, §4.5.2',
    'Type the message, then a lone "." on its own line.',
  ),
  'data.syntax': S('DATA takes no argument.', 'RFC 5321 §4.1.1.4', 'Send DATA alone.'),
  'data.needRcpt': S(
    'There is no transaction: DATA needs MAIL and at least one accepted RCPT.',
    'RFC 5321 §4.1.4',
    'Send MAIL FROM and RCPT TO first.',
  ),
  'data.noValidRecipients': S(
    'MAIL was accepted but no recipient was: there is nobody to deliver to.',
    'RFC 5321 §3.3',
    'Add a recipient that the server accepts.',
  ),
  'data.afterBdat': S(
    'You started the message with BDAT chunks; you cannot switch to DATA now.',
    'RFC 3030 §2',
    'Finish with BDAT n LAST, or RSET.',
  ),
  'data.tlsRequired': S('This port wants encryption first.', 'RFC 3207 §4', 'Send STARTTLS.'),
  'data.accepted': S(
    'The server took responsibility for the message and gives its queue ID. It is now delivered or queued; a 250 here is the receipt.',
    'RFC 5321 §4.1.1.4, §6.1',
    'Send another message (MAIL FROM) or QUIT.',
  ),
  'data.tooBig': S(
    'The message was larger than the server accepts; it was thrown away.',
    'RFC 1870, RFC 5321 §4.5.3.1.10',
    'Send something smaller.',
  ),
  'data.dmarcRejected': S(
    "DMARC fail: neither SPF nor DKIM passed for the From header's domain, whose DMARC record (_dmarc.DOMAIN TXT) says p=reject. Nothing was stored.",
    'RFC 7489 §3.1, §6.6.2, §6.7',
    "Use your own domain in From, or send through that domain's servers.",
  ),
  'data.lineTooLong': S(
    'A line of the message was longer than the 998 characters RFC 5322 allows.',
    'RFC 5322 §2.1.1, RFC 5321 §4.5.3.1.6',
    'Break long lines, or encode the body (quoted-printable, base64).',
  ),
  'bdat.chunk': S(
    'The chunk arrived; the count is the octets received so far in this message.',
    'RFC 3030 §2',
    'Send the next chunk, ending with BDAT n LAST.',
  ),
  'bdat.accepted': S(
    'The last chunk arrived and the message is queued.',
    'RFC 3030 §2',
    'Send another message or QUIT.',
  ),
  'bdat.needRcpt': S(
    'BDAT needs MAIL and an accepted RCPT first; the chunk was read and thrown away.',
    'RFC 3030 §2',
    'Send MAIL and RCPT first.',
  ),
  'bdat.noValidRecipients': S(
    'No recipient was accepted, so the chunk was read and thrown away.',
    'RFC 3030 §2',
    'Add a recipient the server accepts.',
  ),
  'bdat.null': S(
    'BDAT 0 carries nothing; only BDAT 0 LAST (an empty last chunk) makes sense.',
    'RFC 3030 §2',
    'Send a chunk with octets, or BDAT 0 LAST to finish.',
  ),
  'bdat.tooBig': S(
    'With this chunk the message would be bigger than the server accepts. The chunk was read and thrown away.',
    'RFC 3030 §2, RFC 1870',
    'Send a smaller message; finish this one with BDAT 0 LAST or RSET.',
  ),
  'bdat.badSize': S(
    'BDAT needs the chunk size in octets (and optionally LAST). Without a size the server cannot tell where the chunk ends, so it hangs up.',
    'RFC 3030 §2',
    'Connect again and write BDAT <octets> [LAST].',
  ),
  'bdat.discarded': S(
    'An earlier chunk was refused: the server throws away every chunk until the LAST one.',
    'RFC 3030 §2',
    'RSET and start again.',
  ),
  'bdat.tlsRequired': S('This port wants encryption first.', 'RFC 3207 §4', 'Send STARTTLS.'),
  'rset.ok': S(
    'The transaction is cleared: sender and recipients are forgotten, the greeting is kept.',
    'RFC 5321 §4.1.1.5',
    'Start a new message with MAIL FROM.',
  ),
  'rset.syntax': S('RSET takes no argument on this server.', 'RFC 5321 §4.1.1.5', 'Send RSET alone.'),
  'noop.ok': S(
    'Nothing happened, on purpose: NOOP checks that the server is alive.',
    'RFC 5321 §4.1.1.9',
    'Carry on.',
  ),
  'quit.ok': S(
    'The server says goodbye and closes the connection.',
    'RFC 5321 §4.1.1.10',
    'Connect again to send more.',
  ),
  'quit.syntax': S('QUIT takes no argument on this server.', 'RFC 5321 §4.1.1.10', 'Send QUIT alone.'),
  'vrfy.ok': S(
    '252 means "cannot verify, but will accept and try": servers rarely confirm users any more, because spammers harvested addresses with VRFY.',
    'RFC 5321 §3.5.3, §7.3',
    'Use RCPT TO to learn whether a recipient is accepted.',
  ),
  'vrfy.unknownUser': S(
    'The server says this user does not exist here.',
    'RFC 5321 §3.5.3',
    'Check the name.',
  ),
  'vrfy.syntax': S('VRFY needs a user name or address.', 'RFC 5321 §4.1.1.6', 'Type VRFY alice.'),
  'vrfy.disabled': S(
    "This server refuses VRFY altogether, to protect its users' addresses.",
    'RFC 5321 §7.3',
    'Use RCPT TO instead.',
  ),
  'expn.ok': S('The mailing list expands to these addresses.', 'RFC 5321 §3.5.2', 'Carry on.'),
  'expn.unknown': S('No such list or user here.', 'RFC 5321 §3.5.2', 'Check the name.'),
  'expn.disabled': S('This server refuses EXPN.', 'RFC 5321 §7.3', 'Carry on without it.'),
  'help.ok': S("The server's help text.", 'RFC 5321 §4.1.1.8', 'Carry on.'),
  'etrn.ok': S('The server will try to deliver mail queued for that domain.', 'RFC 1985', 'Carry on.'),
  'etrn.syntax': S('ETRN needs a domain name.', 'RFC 1985', 'Type ETRN example.test.'),
  'etrn.denied': S(
    'The server keeps no queue it would flush for that domain.',
    'RFC 1985',
    'ETRN is for backup MX setups; carry on.',
  ),
  'etrn.inTransaction': S('ETRN is not allowed inside a mail transaction.', 'RFC 1985', 'RSET first.'),
  'etrn.badDomain': S('ETRN needs a domain name.', 'RFC 1985', 'Type ETRN example.test.'),
  'xclient.syntax': S(
    'XCLIENT and XFORWARD need attribute=value pairs.',
    'Postfix XCLIENT_README',
    XCLIENT_NEXT,
  ),
  'xclient.unauthorized': S(
    'XCLIENT and XFORWARD let a trusted proxy name the real client; only listed hosts may, or anyone could pose as anyone.',
    'Postfix XCLIENT_README',
    XCLIENT_NEXT,
  ),
  'xclient.inTransaction': S(
    'Not allowed inside a mail transaction.',
    'Postfix XCLIENT_README',
    'RSET first.',
  ),
  'starttls.ready': S(
    'The server is ready for the TLS handshake. From here on only TLS can follow: a plain-text client must stop now.',
    'RFC 3207 §4',
    'Use openssl s_client -starttls smtp, then EHLO again inside TLS.',
  ),
  'starttls.already': S('The connection is already encrypted.', 'RFC 3207 §4', 'Carry on with EHLO or AUTH.'),
  'starttls.syntax': S('STARTTLS takes no argument.', 'RFC 3207 §4', 'Send STARTTLS alone.'),
  'starttls.unavailable': S(
    'This server does not offer TLS.',
    'RFC 3207',
    'Carry on in plain text, or use another server.',
  ),
  'auth.challenge': S(
    '334: the server waits for the next piece of the login, in base64. The text after 334 is base64 too ("VXNlcm5hbWU6" is "Username:").',
    'RFC 4954 §4',
    'Send the base64 answer, or "*" to give up.',
  ),
  'auth.ok': S(
    'You are logged in. Mail you send now is from an authenticated user, which a submission server lets relay.',
    'RFC 4954 §6',
    'Send MAIL FROM.',
  ),
  'auth.failed': S(
    'Wrong user name or password (or a malformed PLAIN string).',
    'RFC 4954 §6, RFC 3463 X.7.8',
    "Build the string again: printf '\\0user\\0password' | base64.",
  ),
  'auth.notEnabled': S(
    'AUTH is not offered here now: Postfix offers it only after STARTTLS (smtpd_tls_auth_only), so passwords never cross the network in clear text.',
    'RFC 4954 §4',
    'Send STARTTLS first, then EHLO, then AUTH.',
  ),
  'auth.tlsRequired': S(
    'This port requires TLS before AUTH.',
    'RFC 3207, RFC 4954 §4',
    'Send STARTTLS first.',
  ),
  'auth.already': S('You are already logged in.', 'RFC 4954 §4', 'Carry on.'),
  'auth.badMechanism': S(
    'The server does not offer that mechanism; see the AUTH line of the EHLO reply.',
    'RFC 4954 §4',
    'Use AUTH PLAIN or AUTH LOGIN.',
  ),
  'auth.cancelled': S(
    'You sent "*", which cancels the login.',
    'RFC 4954 §4',
    'Start AUTH again when ready.',
  ),
  'auth.malformed': S(
    'The answer was not valid base64 (or not what the mechanism needs), so AUTH failed.',
    'RFC 4954 §4',
    'Encode it with base64 and send it again.',
  ),
  'auth.inTransaction': S(
    'AUTH is not allowed inside a mail transaction.',
    'RFC 4954 §4',
    'RSET, then AUTH.',
  ),
  'auth.syntax': S('AUTH needs a mechanism name.', 'RFC 4954 §4', 'Type AUTH PLAIN or AUTH LOGIN.'),
  'auth.needEhlo': S('This server wants HELO or EHLO before AUTH.', 'RFC 4954 §4', 'Send EHLO, then AUTH.'),
  'command.unknown': S(
    'The server does not know this command. Maybe a typo, or a command this server does not implement.',
    'RFC 5321 §4.2.4',
    'Check the spelling; HELO, EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT work everywhere.',
  ),
  'command.empty': S('An empty line is not a command.', 'RFC 5321 §4.1.1', 'Type a command.'),
  'command.tooLong': S(
    'The command line is longer than the server reads (RFC 5321 sets 512 octets as the minimum a server must accept).',
    'RFC 5321 §4.5.3.1.4',
    'Send a shorter line.',
  ),
  'command.notImplemented': S(
    'The server knows the command but does not implement it.',
    'RFC 5321 §4.2.4',
    'Carry on without it.',
  ),
  'command.badSequence': S(
    'The command came at the wrong moment.',
    'RFC 5321 §4.1.4',
    'Look at the phase: what does the server wait for?',
  ),
  'command.tooManyErrors': S(
    'Too many errors in one session: the server hangs up, suspecting a broken or hostile client (Postfix first waits a second before each reply).',
    'RFC 5321 §4.2.2 (421)',
    'Connect again and go slowly.',
  ),
  'command.tlsRequired': S(
    'This port accepts only HELO, EHLO, STARTTLS, NOOP and QUIT before the connection is encrypted.',
    'RFC 3207 §4, RFC 8314',
    'Send STARTTLS (or connect with openssl s_client -starttls smtp).',
  ),
  'command.badUtf8': S(
    'The line is not valid UTF-8 (a server that offers SMTPUTF8 checks every command).',
    'RFC 6531 §3.3, RFC 3629',
    'Send the command again in plain ASCII or proper UTF-8.',
  ),
  'protocol.hangup': S(
    'Postfix saw something that is not SMTP at all (a message header, a web request, a line starting with a dot) and hung up. This often happens when DATA was refused and the client kept typing the message.',
    'Postfix smtpd_forbidden_commands',
    'Connect again; type the message only after a 354.',
  ),
  'protocol.bareLf': S(
    'A line ended with LF alone. RFC 5321 says lines end with CR LF; this server refuses anything else, because mixing the two lets an attacker smuggle a second message (SMTP smuggling).',
    'RFC 5321 §2.3.8',
    'Use a client that sends CR LF: telnet, nc -C, or openssl s_client -crlf.',
  ),
  'protocol.timeout': S(
    'The server waited too long for you and closed the connection.',
    'RFC 5321 §4.5.3.2',
    'Connect again.',
  ),
};

/** RFC 5321 §4.2.1: the first digit. */
const CLASS_MEANING: Record<string, string> = {
  '2': '2xx positive completion: done.',
  '3': '3xx positive intermediate: go on, the server waits for more (the message after DATA, the next AUTH step).',
  '4': '4xx transient failure: not now; the same command may work later.',
  '5': '5xx permanent failure: do not repeat it unchanged.',
};

/** RFC 5321 §4.2.1: the second digit. */
const CATEGORY_MEANING: Record<string, string> = {
  '0': 'x0x: syntax.',
  '1': 'x1x: information (help, status).',
  '2': 'x2x: the connection.',
  '3': 'x3x: unused in SMTP except 354.',
  '4': 'x4x: unused.',
  '5': 'x5x: the mail system (mailboxes, the transaction).',
};

/** RFC 3463: the subject (second part) of an enhanced code, and the most common full codes. */
const ENHANCED_SUBJECT: Record<string, string> = {
  '0': 'other or undefined status',
  '1': 'addressing status',
  '2': 'mailbox status',
  '3': 'mail system status',
  '4': 'network and routing status',
  '5': 'mail delivery protocol status',
  '6': 'message content or media status',
  '7': 'security or policy status',
};

const ENHANCED_DETAIL: Record<string, string> = {
  'X.0.0': 'other undefined status',
  'X.1.0': 'other address status',
  'X.1.1': 'bad destination mailbox address (no such user)',
  'X.1.3': 'bad destination mailbox address syntax',
  'X.1.5': 'destination address valid',
  'X.1.7': "bad sender's mailbox address syntax",
  'X.3.0': 'other or undefined mail system status',
  'X.3.4': 'message too big for system',
  'X.4.2': 'bad connection',
  'X.5.0': 'other or undefined protocol status',
  'X.5.1': 'invalid command',
  'X.5.2': 'syntax error',
  'X.5.3': 'too many recipients',
  'X.5.4': 'invalid command arguments',
  'X.6.0': 'other or undefined media error',
  'X.6.7': 'non-ASCII addresses not permitted for that sender/recipient',
  'X.7.0': 'other or undefined security status',
  'X.7.1': 'delivery not authorized, message refused',
  'X.7.8': 'authentication credentials invalid',
};

/** What the server waits for in each phase, for "the state the server is now in". */
export const PHASE_MEANING: Record<Phase, string> = {
  greeting: 'Connected; the server waits for HELO or EHLO.',
  ready: 'Greeted; the server waits for MAIL FROM (or other commands).',
  mail: 'Sender known; the server waits for RCPT TO.',
  rcpt: 'At least one recipient accepted; more RCPT TO, or DATA.',
  data: 'Reading the message until a line with a lone dot.',
  bdat: 'Reading the octets of a BDAT chunk.',
  auth: 'In the middle of AUTH: the server waits for a base64 answer.',
  'tls-handshake': 'Waiting for the TLS handshake; plain text now ends the connection.',
  'tls-wait': 'Implicit-TLS port: the server waits silently for a TLS handshake.',
  closed: 'The connection is closed.',
};

export interface Explanation {
  code: number;
  enhanced: string | null;
  classMeaning: string;
  categoryMeaning: string;
  enhancedMeaning: string | null;
  meaning: string;
  rfc: string;
  next: string;
  phase: string | null;
}

/** Everything a learner may want to know about one reply. */
export function explainReply(reply: Reply, phaseAfter?: Phase): Explanation {
  const code = String(reply.code);
  const entry = REPLY_CATALOG[reply.id];
  let enhancedMeaning: string | null = null;
  if (reply.enhanced) {
    const [, subject, detail] = reply.enhanced.split('.');
    const specific = ENHANCED_DETAIL[`X.${subject}.${detail}`];
    enhancedMeaning = `${reply.enhanced}: ${ENHANCED_SUBJECT[subject] ?? 'unknown subject'}${specific ? `, ${specific}` : ''}.`;
  }
  return {
    code: reply.code,
    enhanced: reply.enhanced ?? null,
    classMeaning: CLASS_MEANING[code[0]] ?? 'Not a valid reply class.',
    categoryMeaning: CATEGORY_MEANING[code[1]] ?? '',
    enhancedMeaning,
    meaning: entry.meaning,
    rfc: entry.rfc,
    next: entry.next,
    phase: phaseAfter ? PHASE_MEANING[phaseAfter] : null,
  };
}
