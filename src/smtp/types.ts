// The public shapes of the SMTP core: replies, events, profiles and the simulated world.
import type { TravelEvent } from './travel/events.ts';

// Everything here is plain data so that lessons, views, the TCP bridge and tests share one vocabulary.

import type { AuthVerdict } from './auth/results.ts';

/** A reply as the server sends it. `lines` hold the text after the code (and after the enhanced code). */
export interface Reply {
  /** Key into the reply catalog (src/smtp/catalog.ts): what this reply means, for learners. */
  id: ReplyId;
  code: number;
  /** RFC 3463 enhanced status code, e.g. "2.1.0"; absent when the profile does not send one. */
  enhanced?: string;
  lines: string[];
}

/** Every reply the core can send, one id each; texts come from the profile, meanings from the catalog. */
export type ReplyId =
  | 'greeting'
  | 'helo.ok'
  | 'ehlo.ok'
  | 'helo.syntax'
  | 'ehlo.syntax'
  | 'mail.ok'
  | 'mail.syntax'
  | 'mail.badSender'
  | 'mail.controlChars'
  | 'mail.nested'
  | 'mail.needHelo'
  | 'mail.sizeExceeded'
  | 'mail.sizeSyntax'
  | 'mail.sizeOverflow'
  | 'mail.unsupportedOption'
  | 'mail.authRequired'
  | 'mail.tlsRequired'
  | 'mail.badBody'
  | 'mail.utf8NotAllowed'
  | 'mail.badDsn'
  | 'mail.afterBdat'
  | 'rcpt.ok'
  | 'rcpt.syntax'
  | 'rcpt.badRecipient'
  | 'rcpt.controlChars'
  | 'rcpt.needMail'
  | 'rcpt.needHelo'
  | 'rcpt.unknownUser'
  | 'rcpt.relayDenied'
  | 'rcpt.greylisted'
  | 'rcpt.tooMany'
  | 'rcpt.unsupportedOption'
  | 'rcpt.badNotify'
  | 'rcpt.tlsRequired'
  | 'rcpt.accessDenied'
  | 'rcpt.utf8NotAllowed'
  | 'rcpt.badOrcpt'
  | 'rcpt.afterBdat'
  | 'rcpt.spfRejected'
  | 'data.go'
  | 'data.syntax'
  | 'data.needRcpt'
  | 'data.noValidRecipients'
  | 'data.afterBdat'
  | 'data.tlsRequired'
  | 'data.accepted'
  | 'data.tooBig'
  | 'data.lineTooLong'
  | 'data.dmarcRejected'
  | 'bdat.chunk'
  | 'bdat.accepted'
  | 'bdat.needRcpt'
  | 'bdat.tlsRequired'
  | 'bdat.noValidRecipients'
  | 'bdat.null'
  | 'bdat.tooBig'
  | 'bdat.badSize'
  | 'bdat.discarded'
  | 'rset.ok'
  | 'rset.syntax'
  | 'noop.ok'
  | 'quit.ok'
  | 'quit.syntax'
  | 'vrfy.ok'
  | 'vrfy.unknownUser'
  | 'vrfy.syntax'
  | 'vrfy.disabled'
  | 'expn.ok'
  | 'expn.unknown'
  | 'expn.disabled'
  | 'help.ok'
  | 'etrn.ok'
  | 'etrn.syntax'
  | 'etrn.denied'
  | 'etrn.inTransaction'
  | 'etrn.badDomain'
  | 'xclient.syntax'
  | 'xclient.unauthorized'
  | 'xclient.inTransaction'
  | 'starttls.ready'
  | 'starttls.already'
  | 'starttls.syntax'
  | 'starttls.unavailable'
  | 'auth.challenge'
  | 'auth.ok'
  | 'auth.failed'
  | 'auth.notEnabled'
  | 'auth.tlsRequired'
  | 'auth.already'
  | 'auth.badMechanism'
  | 'auth.cancelled'
  | 'auth.malformed'
  | 'auth.inTransaction'
  | 'auth.syntax'
  | 'auth.needEhlo'
  | 'command.unknown'
  | 'command.empty'
  | 'command.tooLong'
  | 'command.notImplemented'
  | 'command.badSequence'
  | 'command.tooManyErrors'
  | 'command.tlsRequired'
  | 'command.badUtf8'
  | 'protocol.hangup'
  | 'protocol.bareLf'
  | 'protocol.timeout';

/**
 * Where the session stands, derived in one place (session.ts) so that views and lessons can say
 * "the server is waiting for RCPT".
 */
export type Phase =
  | 'greeting' // connected, greeting sent, no HELO/EHLO yet
  | 'ready' // HELO/EHLO done, no transaction
  | 'mail' // MAIL accepted, no recipient yet
  | 'rcpt' // at least one RCPT accepted
  | 'data' // inside DATA, reading the message until the lone dot
  | 'bdat' // reading the octets of a BDAT chunk
  | 'auth' // in the middle of an AUTH exchange (334 sent)
  | 'tls-handshake' // 220 to STARTTLS sent, waiting for the TLS handshake
  | 'tls-wait' // implicit-TLS port (465) before the client's handshake: the server says nothing
  | 'closed';

export interface Envelope {
  /** Reverse-path without brackets; '' for the null path <>. */
  mailFrom: string;
  mailParams: Record<string, string>;
  /** Accepted forward-paths, as the client wrote them (after unqualified completion). */
  rcptTo: Recipient[];
}

export interface Recipient {
  address: string;
  params: Record<string, string>;
}

/** What the lesson engine and views can read at any moment. */
export interface SessionState {
  phase: Phase;
  /** The HELO/EHLO the client gave, if any. */
  greeting: { verb: 'HELO' | 'EHLO'; name: string } | null;
  tls: boolean;
  authUser: string | null;
  envelope: Envelope | null;
  /** Messages this connection has had accepted (250 after DATA or BDAT LAST). */
  accepted: number;
}

/** A message as stored in a mailbox, with the trace headers the server added. */
export interface StoredMessage {
  queueId: string;
  /** The mailbox it was stored in (final recipient). */
  mailbox: string;
  /** The RCPT TO as given (X-Original-To). */
  originalRecipient: string;
  envelope: Envelope;
  /** HELO/EHLO name, client address, protocol as in the Received header. */
  heloName: string | null;
  clientAddress: string;
  /** 'local': written by the server itself (a delivery report), not received over SMTP. */
  protocol: 'SMTP' | 'ESMTP' | 'ESMTPS' | 'ESMTPA' | 'ESMTPSA' | 'local';
  /** The message content as the client sent it, after dot-unstuffing, lines joined with "\n". */
  content: string;
  /**
   * The client's content as the server queued it (the same string as `content` unless the server rewrote it:
   * Postfix's X-Mailbox-Line fields, "Subject : x" stored as "Subject: x", cleanup.ts): `stored` holds it, after
   * the trace fields. Absent (a report the server wrote): `content`.
   */
  queuedContent?: string;
  /** The message as stored: trace headers + content (+ added headers), lines joined with "\n". */
  stored: string;
  /** The mbox "From " separator line. */
  mboxFrom: string;
  receivedAt: number;
  host: string;
  /** What a checking receiver found (SPF, DKIM, DMARC), when its profile checks. */
  auth?: AuthVerdict;
  /**
   * Why the message sits in the host's hold queue instead of the mailbox (a milter's quarantine:
   * "quarantined by DMARC policy for DOMAIN"); Postfix still answered 250.
   */
  held?: string;
}

/** What a checking receiver (profile policy.authChecks) asks of the world, one object per connection. */
export interface ReceiverChecks {
  /** At RCPT (policyd-spf): why the recipient is refused, or null. */
  recipient(tx: CheckedTransaction): string | null | Promise<string | null>;
  /**
   * After the final dot (the OpenDKIM and OpenDMARC milters): refuse, or the fields to add on top. A Promise
   * only when a signature must be verified (Web Crypto is asynchronous); the session waits for it.
   */
  message(tx: CheckedTransaction & { content: string }): CheckOutcome | Promise<CheckOutcome>;
  /**
   * For a client the host trusts (SASL login, mynetworks), when it signs (profile policy.dkimSign): the
   * DKIM-Signature fields OpenDKIM inserts on top of the message; null when it has nothing to sign.
   */
  sign?(tx: CheckedTransaction & { content: string }): Promise<string[]> | null;
}

export interface CheckOutcome {
  refuse: { domain: string } | null;
  /** Accept, but into the hold queue (OpenDMARC's smfi_quarantine), with this reason. */
  hold?: string;
  headers: string[];
  verdict: AuthVerdict | null;
}

export interface CheckedTransaction {
  clientAddress: string;
  helo: string;
  mailFrom: string;
}

export type SmtpEvent =
  | {
      type: 'connected';
      connectionId: number;
      host: string;
      port: number;
      profile: string;
      clientAddress: string;
      tls: boolean;
    }
  /** A command line the server read (not message content). `verb` is upper-cased; '' for an empty line. */
  | {
      type: 'command';
      connectionId: number;
      line: string;
      verb: string;
      argument: string;
      /** How the line ended on the wire: CRLF, a bare LF (nc without -C), or '' (cut at the line length limit). */
      ending: '\r\n' | '\n' | '';
    }
  /**
   * A line of message content read during DATA (before dot-unstuffing), and how it ended; ending '' marks a
   * piece of a line too long to hold at once (the rest follows in further events).
   */
  | { type: 'data-line'; connectionId: number; line: string; ending: '\r\n' | '\n' | '' }
  /**
   * A reply the server sent; `wire` is exactly what went on the wire (CRLF line ends). `command` is the verb
   * of the last command the server read on that connection (AUTH for every step of an AUTH exchange, DATA
   * or BDAT for the verdict on a message; null for the greeting, which answers none). `delayMs`: the
   * server waits this long before sending it (Postfix smtpd_error_sleep_time once a client has made
   * smtpd_soft_error_limit errors); a transport on real sockets should wait as well.
   */
  | {
      type: 'reply';
      connectionId: number;
      reply: Reply;
      wire: string;
      command: string | null;
      delayMs?: number;
    }
  | { type: 'phase'; connectionId: number; from: Phase; to: Phase }
  /** The end of a message body was read (DATA dot or BDAT LAST), before it was accepted or refused. */
  | { type: 'message'; connectionId: number; content: string; octets: number; via: 'DATA' | 'BDAT' }
  | { type: 'tls'; connectionId: number }
  | { type: 'auth'; connectionId: number; mechanism: string; user: string | null; success: boolean }
  /** `queued`: the host took it to pass on to another host (mail that travels), not into a mailbox of its own. */
  | { type: 'delivered'; connectionId: number; message: StoredMessage; queued?: true }
  | { type: 'closed'; connectionId: number; by: 'server' | 'client'; reason: string }
  /** A DNS query made in the simulated world (dig, host, nslookup); connectionId is 0. */
  | {
      type: 'dns';
      connectionId: 0;
      name: string;
      qtype: DnsRecord['type'];
      status: DnsAnswer['status'];
      answers: number;
    }
  /** Mail travelling between hosts: queue, relay client, its DNS lookups, the clock (travel/events.ts). */
  | TravelEvent;

export type SmtpEventListener = (event: SmtpEvent) => void;

// ---------------------------------------------------------------------------------------------
// The simulated world: hosts, their SMTP services, users, and DNS.

export interface LocalUser {
  /** Local part, e.g. "alice". */
  name: string;
  /** Full name for display in mailbox views. */
  fullName?: string;
  /** SASL password; users without one cannot AUTH. */
  password?: string;
}

export interface Service {
  port: number;
  /** Profile id (src/smtp/profiles/). */
  profile: string;
  /** 'implicit' = TLS from the first byte (port 465). */
  tls?: 'implicit';
}

export interface MailHost {
  /** Fully qualified host name, e.g. "mail.example.test". */
  name: string;
  addresses: string[];
  services: Service[];
  /** Domains this host delivers locally (Postfix mydestination). */
  domains: string[];
  users: LocalUser[];
  /** Aliases: local part -> list of local parts or addresses (e.g. postmaster -> alice). */
  aliases?: Record<string, string[]>;
  /** Client addresses allowed to relay (Postfix mynetworks); CIDR or single addresses. */
  trustedNetworks?: string[];
  /**
   * A greylisting policy service (postgrey) answers for RCPT: a (client, sender, recipient) triplet seen for
   * the first time, or again sooner than `delaySeconds` later, is deferred with 450.
   */
  greylisting?: { delaySeconds: number };
  /**
   * Mailing lists this host runs (a list manager such as Mailman behind its Postfix): mail to NAME@domain is
   * sent again to each member, from NAME-bounces@domain, with the list's header fields and footer.
   */
  lists?: MailingList[];
}

export interface MailingList {
  name: string;
  /** The list's display name (List-Id). */
  title: string;
  members: string[];
  /** Lines appended to the body. */
  footer: string[];
}

export type DnsRecord =
  | { name: string; type: 'MX'; ttl: number; preference: number; exchange: string }
  | { name: string; type: 'A' | 'AAAA' | 'CNAME' | 'PTR' | 'NS'; ttl: number; value: string }
  | { name: string; type: 'TXT'; ttl: number; value: string };

/** The learner's own machine. */
export interface Workstation {
  hostname: string;
  user: string;
  address: string;
}

export interface WorldSpec {
  id: string;
  hosts: MailHost[];
  dns: DnsRecord[];
  workstation: Workstation;
  /** Domains whose mail the world signs with DKIM (keys made or loaded at start: src/smtp/auth/world.ts). */
  dkim?: WorldSigner[];
}

export interface WorldSigner {
  domain: string;
  selector: string;
  algorithm: 'rsa-sha256' | 'ed25519-sha256';
}

/** Injected so that tests are deterministic: the clock and the source of queue IDs. */
export interface Environment {
  /** Milliseconds since the epoch. */
  now(): number;
  /** A fresh queue ID (Postfix: 11 upper-case hex digits in this corpus). */
  queueId(): string;
  /** IANA-like zone label for Received/Date headers; offset in minutes east of UTC. */
  timezone?: { offsetMinutes: number; name: string };
}

/** One simulated TCP connection from a client to an SMTP service. */
export interface Connection {
  readonly id: number;
  readonly host: MailHost;
  readonly port: number;
  readonly profile: string;
  readonly state: SessionState;
  /** Subscribe to this connection's events. Subscribe before start() to see the greeting. */
  on(listener: SmtpEventListener): () => void;
  /** Emit 'connected' and the greeting (or nothing, on an implicit-TLS port until startTls()). */
  start(): void;
  /** Bytes from the client. A string is sent as UTF-8. Any input, however malformed, is answered, never thrown. */
  send(data: string | Uint8Array): void;
  /** The client completed a TLS handshake (after the 220 to STARTTLS, or at once on port 465). */
  startTls(): void;
  /** The client hangs up. */
  close(): void;
  /** The client was silent too long (the transport keeps the clock): the server says 421 and hangs up. */
  timeout(): void;
}

export type ConnectResult =
  | { ok: true; connection: Connection; address: string }
  | { ok: false; error: 'unknown-host' | 'refused'; address?: string };

export interface DnsAnswer {
  status: 'NOERROR' | 'NXDOMAIN';
  answers: DnsRecord[];
}
