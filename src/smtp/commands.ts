// The command table: every verb the core knows, its handler and its flags, in one place (Postfix
// smtpd_cmd_table). A profile lists which of these verbs its server knows; HELP texts and lesson hints can read
// the flags from here.
import { looksLikeHeader } from './grammar.ts';
import type { ReplyId } from './types.ts';

/**
 * One handler per verb (RFC 5321 section 4.1.1). The session (session.ts) keeps them private and hands this
 * table an object of them, so that a command can only arrive through the framing, with its events.
 */
export interface VerbHandlers {
  helo(argument: string): void;
  ehlo(argument: string): void;
  starttls(argument: string): void;
  auth(argument: string): void;
  mail(argument: string): void;
  rcpt(argument: string): void;
  data(argument: string): void;
  bdat(argument: string): void;
  rset(argument: string): void;
  noop(): void;
  vrfy(argument: string): void;
  expn(argument: string): void;
  etrn(argument: string): void;
  help(argument: string): void;
  quit(argument: string): void;
  xclient(argument: string): void;
  xforward(argument: string): void;
}

/**
 * The command table (Postfix smtpd_cmd_table): which handler, whether the command is allowed before STARTTLS
 * on a port that requires TLS (SMTPD_CMD_FLAG_PRE_TLS), and whether it is a "junk" command that counts toward
 * smtpd_junk_command_limit (SMTPD_CMD_FLAG_LIMIT). A profile lists which of these verbs its server knows.
 */
export interface CommandSpec {
  run: (session: VerbHandlers, argument: string) => void;
  preTls?: boolean;
  junk?: boolean;
  /** The reply when TLS is required first (verbs without their own get command.tlsRequired). */
  tlsRequired?: ReplyId;
}

export const COMMANDS: Readonly<Record<string, CommandSpec>> = {
  HELO: { run: (s, a) => s.helo(a), preTls: true, junk: true },
  EHLO: { run: (s, a) => s.ehlo(a), preTls: true, junk: true },
  STARTTLS: { run: (s, a) => s.starttls(a), preTls: true },
  AUTH: { run: (s, a) => s.auth(a), tlsRequired: 'auth.tlsRequired' },
  MAIL: { run: (s, a) => s.mail(a), tlsRequired: 'mail.tlsRequired' },
  RCPT: { run: (s, a) => s.rcpt(a), tlsRequired: 'rcpt.tlsRequired' },
  DATA: { run: (s, a) => s.data(a), tlsRequired: 'data.tlsRequired' },
  BDAT: { run: (s, a) => s.bdat(a), tlsRequired: 'bdat.tlsRequired' },
  RSET: { run: (s, a) => s.rset(a), junk: true },
  NOOP: { run: (s) => s.noop(), preTls: true, junk: true },
  VRFY: { run: (s, a) => s.vrfy(a), junk: true },
  EXPN: { run: (s, a) => s.expn(a), junk: true },
  ETRN: { run: (s, a) => s.etrn(a), junk: true },
  HELP: { run: (s, a) => s.help(a), preTls: true },
  QUIT: { run: (s, a) => s.quit(a), preTls: true },
  // Postfix's proxy commands, for trusted content filters (smtpd_authorized_xclient_hosts); no flags.
  XCLIENT: { run: (s, a) => s.xclient(a) },
  XFORWARD: { run: (s, a) => s.xforward(a) },
};

/** Postfix smtpd_forbidden_commands: HTTP and proxy requests on the SMTP port. */
const FORBIDDEN = new Set(['CONNECT', 'GET', 'POST']);

/**
 * Postfix, for a word that is not a command: smtpd_forbidden_commands (CONNECT, GET, POST, and a first word
 * not starting with a letter) or is_header() ("From: ..." typed at the command prompt).
 */
export function isNonSmtp(verb: string, line: string): boolean {
  if (FORBIDDEN.has(verb) || !/^[A-Za-z]/.test(verb)) return true;
  const firstWord = line.replace(/^[ \t\v\f\r]+/, '').split(/[ \t\v\f\r]/)[0];
  return looksLikeHeader(firstWord);
}
