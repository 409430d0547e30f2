// A server profile is plain data: banner, capability list, reply texts, leniency, limits and policy.
// Comparing two servers is comparing two of these objects (the Postfix way: named parameters).
import type { ReplyId } from '../types.ts';

/**
 * A reply text template. Placeholders: {host} (the server's name), {helo} (the client's HELO/EHLO name),
 * {ip} (client address), {address} (the path without brackets), {raw} (the path as typed),
 * {arg} (the command argument), {param} (an ESMTP parameter as written), {name} and {value} (its keyword and
 * value), {queueId}, {bytes}, {maxSize}, {date} (RFC 5322 date), {fullDate} (the same with the zone name, as
 * Sendmail writes it), {line} (the whole command line), {verb}, {reason} (why AUTH failed, or a policy service's text),
 * {domain} (the recipient's domain in a greylisting reply; the From domain a DMARC check refused).
 */
export interface ReplyTemplate {
  code: number;
  /** RFC 3463 code; sent only when the profile sends enhanced codes. */
  enhanced?: string;
  /** One string per reply line (a multi-line reply has several). */
  text: string | string[];
}

export interface Extension {
  /** EHLO keyword, e.g. "SIZE". */
  keyword: string;
  /** Parameters after the keyword, templated: "{maxSize}", "PLAIN LOGIN". */
  params?: string;
  /** Some keywords appear only before or only after TLS (STARTTLS; AUTH with smtpd_tls_auth_only). */
  when?: 'always' | 'before-tls' | 'after-tls';
}

export interface Profile {
  id: string;
  /** Short name for menus. */
  label: string;
  /** One paragraph for learners: what server this is and what makes it different. */
  description: string;
  /** The MTA's name in Received headers, e.g. "Postfix" or "8.9.2/8.9.2/Debian/GNU". */
  software: string;
  /** The name the server gives itself; defaults to the host's name in the world. */
  serverName?: string;
  /** Whether replies carry RFC 3463 enhanced codes (the greeting, HELO and EHLO never do). */
  enhancedCodes: boolean;
  /** EHLO capability lines after the first, in order. Empty: the server does not know EHLO. */
  extensions: Extension[];
  replies: Record<ReplyId, ReplyTemplate>;
  /** Which commands exist; others get command.unknown. Upper case. */
  commands: string[];
  limits: {
    /** Longest command line read (octets, without CRLF); what happens past it: see commandLineOverflow. */
    commandLine: number;
    commandLineOverflow: 'truncate' | 'reject';
    /** Longest message content line accepted (0 = no check). */
    dataLine: number;
    /** Message size limit in octets (SIZE and the content). */
    messageSize: number;
    recipients: number;
    /** After this many error replies the server says tooManyErrors and hangs up (0 = never). */
    errors: number;
    /**
     * The unknown command that makes this many is answered with command.tooManyErrors instead, and the server
     * hangs up (0 = never; aiosmtpd: 5, its BOGUS_LIMIT).
     */
    unknownCommands: number;
    /**
     * smtpd_junk_command_limit: NOOP, VRFY, ETRN, RSET, HELO and EHLO beyond this many count as errors
     * (0 = no limit); the count restarts when a message is accepted.
     */
    junkCommands: number;
    /**
     * smtpd_soft_error_limit and smtpd_error_sleep_time: once the session has made this many errors, the
     * server waits errorSleepMs before every reply (0 = never). Replies carry the wait as `delayMs`.
     */
    softErrors: number;
    errorSleepMs: number;
  };
  leniency: {
    /** smtpd_helo_required = no: MAIL before HELO/EHLO is accepted. */
    heloOptional: boolean;
    /** strict_rfc821_envelopes = no: "MAIL FROM: user@host" without angle brackets, spaces after the colon. */
    looseSyntax: boolean;
    /** RCPT TO:<alice> gets the server's own domain appended (Postfix) instead of an error. */
    qualifyBareRecipient: boolean;
    /**
     * How a bare LF (no CR) is read: as a line end (Postfix 3.7), as a line end that cannot end the message
     * (Postfix 3.9 "normalize"), refused with 521 and a hang-up (strict), or as message data (the libraries).
     */
    bareLf: 'line-end' | 'normalize' | 'reject' | 'data';
    /** A content line ".x" that the client did not stuff loses its dot (RFC 5321 4.5.2) or keeps it. */
    unstuffSingleDot: boolean;
    /** Command lines that look like message headers or HTTP are answered by hanging up (Postfix). */
    hangUpOnNonSmtp: boolean;
    /** ESMTP parameters (SIZE, BODY...) accepted after a plain HELO (Postfix: yes). */
    paramsAfterHelo: boolean;
    /** Unknown MAIL/RCPT parameters are ignored instead of refused (smtp-server). */
    ignoreUnknownParams: boolean;
    /** smtputf8_enable: a command line that is not valid UTF-8 is refused before it is parsed (Postfix 3). */
    rejectBadUtf8: boolean;
    /** Verbs that take no argument and answer one with their .syntax reply (Postfix: DATA, RSET, STARTTLS). */
    noArguments: string[];
    /**
     * A UTF-8 address is refused unless MAIL FROM declared SMTPUTF8 (Postfix strict_smtputf8 = yes, 553 5.6.7);
     * false: accepted anyway (Postfix's default, strict_smtputf8 = no).
     */
    strictSmtputf8: boolean;
    /** A NUL octet ends the command line and what follows it is ignored (Postfix reads lines as C strings). */
    nulEndsCommand: boolean;
    /**
     * Addresses are octets, as Sendmail 8 reads them (before SMTPUTF8): 8-bit characters pass without SMTPUTF8,
     * except octets 0x80-0x9F, refused as control characters (parseaddr.c invalidaddr()). Absent: a UTF-8
     * address needs a server that offers SMTPUTF8.
     */
    addressOctets?: boolean;
    /**
     * A SIZE= that MAIL read stays after MAIL was refused, and a MAIL without SIZE= is judged by it until RSET,
     * HELO/EHLO or the end of a message (Postfix's state->msg_size, reset only by mail_reset(); live 3.7).
     */
    sizeOutlivesRefusal?: boolean;
  };
  policy: {
    /**
     * Recipients outside the host's domains from untrusted, unauthenticated clients: refused with the
     * profile's rcpt.relayDenied reply (554 or, with Postfix's stock defer_unauth_destination, 454), or accepted.
     * 'local-only' refuses them from everyone, logged in or not (the RCPT handlers of shared/refs' libraries).
     */
    relay: 'deny' | 'open' | 'local-only';
    /** AUTH offered and accepted at all. */
    auth: boolean;
    /** smtpd_tls_auth_only: AUTH only after STARTTLS. */
    authOnlyAfterTls: boolean;
    /**
     * AUTH before TLS where authOnlyAfterTls: Postfix has not even switched SASL on ("not enabled"); the
     * libraries know AUTH but demand encryption first (538).
     */
    authBeforeTls: 'not-enabled' | 'tls-required';
    /** smtpd_tls_security_level = encrypt (submission): MAIL, RCPT, DATA, AUTH need TLS first. */
    tlsRequired: boolean;
    /** Submission: recipients need an authenticated client. */
    authRequiredForRecipients: boolean;
    /** STARTTLS offered. */
    starttls: boolean;
    /** VRFY: echo the argument with 252 (Postfix), answer with the full name (Sendmail), or refuse. */
    vrfy: 'postfix' | 'sendmail' | 'always-252' | 'disabled';
    /** Postfix adds Message-Id, Date and From to a message that lacks them only for local clients. */
    addMissingHeaders: 'local-clients' | 'always' | 'never';
    /** Queue ID style in replies and Received headers. */
    queueIdStyle: 'postfix' | 'sendmail' | 'navieg' | 'none';
    /**
     * The trace fields delivery writes above the message: Postfix's (Return-Path, X-Original-To, Delivered-To,
     * Received) or Sendmail's layout of Received; 'none' stores the message as handed over (the libraries).
     * 'postfix' also stores the text as Postfix queues it (cleanup.ts: X-Mailbox-Line, "Subject : x" as
     * "Subject: x"; live 3.7, tests/refs-header-space); Sendmail's own rewriting is not simulated.
     */
    receivedStyle: 'postfix' | 'sendmail' | 'none';
    /**
     * Delivery status reports (RFC 3464) mailed to a sender on this host, in the format of Postfix's bounce(8):
     * a bounce for an accepted recipient that does not exist, a success report for NOTIFY=SUCCESS.
     * Absent: none (the libraries have no mail system to send one).
     */
    deliveryReports?: boolean;
    /**
     * smtpd_reject_unlisted_recipient: refuse an unknown local user at RCPT (550 5.1.1). Off, the message is
     * accepted and the unknown user bounces after the 250. Absent: on (Postfix's default).
     */
    rejectUnlistedRecipient?: boolean;
    /**
     * A receiver that checks forgery, as policy services and milters add it to Postfix: SPF at RCPT
     * (policyd-spf: refuse a fail, else prepend Received-SPF), DKIM and DMARC after the final dot (OpenDKIM,
     * OpenDMARC: refuse where the domain's policy says reject, else add Authentication-Results). Trusted
     * clients (mynetworks, logged in) are not checked. Absent: nothing is checked.
     */
    authChecks?: { spf: 'reject-fail' | 'header'; dmarc: 'enforce' | 'header' };
    /** OpenDKIM in signing mode: mail from trusted clients for the host's domains is signed with the world's keys. */
    dkimSign?: boolean;
    /**
     * A local part is read again as an address while the domain is local, as Postfix's trivial-rewrite does:
     * "user@elsewhere"@here, user%elsewhere@here (allow_percent_hack = yes) and elsewhere!user@here
     * (swap_bangpath = yes) all go to elsewhere, and so need relay permission. Absent: the local part is a name.
     */
    routeLocalParts?: boolean;
    /**
     * Replies quote an address as Postfix holds it: without quotes, before the server's domain is added
     * (<alice smith@example.test>, <nobody>). Absent: as typed, a bare name completed with the domain.
     */
    echoAsHeld?: boolean;
  };
  /** HELP text lines, when HELP is a command of this profile. */
  help?: string[];
  /** HELP <command>: a syntax line per verb (aiosmtpd); without it HELP ignores its argument. */
  helpTopics?: Record<string, string>;
}
