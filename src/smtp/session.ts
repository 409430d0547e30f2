// One SMTP server connection: reads octets, frames them into command lines, message content or BDAT chunks,
// and answers each command with one small method per verb (RFC 5321 section 4.1). Policy questions
// (local domain? known user? may relay?) go to policy.ts; texts come from the profile.
import { decodeOctets, toOctets } from './bytes.ts';
import { rfc5322Date } from './dates.ts';
import { deliver } from './delivery.ts';
import { parsePathArgument, splitCommand, type EsmtpParam } from './grammar.ts';
import {
  canRelay,
  checkPassword,
  clientIsLocal,
  clientName,
  isLocalDomain,
  qualify,
  userExists,
} from './policy.ts';
import type { Profile } from './profiles/types.ts';
import { makeQueueId } from './queue-id.ts';
import { buildReply, fill, formatReply, type ReplyVars } from './reply.ts';
import type {
  Connection,
  Envelope,
  Environment,
  MailHost,
  Phase,
  ReplyId,
  Service,
  SessionState,
  SmtpEvent,
  SmtpEventListener,
  StoredMessage,
} from './types.ts';

export interface ConnectionOptions {
  id: number;
  host: MailHost;
  port: number;
  service: Service;
  profile: Profile;
  clientAddress: string;
  env: Environment;
  deliver: (message: StoredMessage) => void;
  emit: (event: SmtpEvent) => void;
}

type Mode = 'command' | 'data' | 'bdat' | 'auth' | 'tls-handshake' | 'tls-wait' | 'closed';
type Ending = '\r\n' | '\n' | '';

interface AuthExchange {
  mechanism: 'PLAIN' | 'LOGIN';
  user: string | null;
}

/** The verbs this core implements; a profile lists which of them its server knows. */
const HANDLERS: Record<string, (self: SmtpConnection, argument: string) => void> = {
  HELO: (s, a) => s.helo(a),
  EHLO: (s, a) => s.ehlo(a),
  MAIL: (s, a) => s.mail(a),
  RCPT: (s, a) => s.rcpt(a),
  DATA: (s, a) => s.data(a),
  BDAT: (s, a) => s.bdat(a),
  RSET: (s, a) => s.rset(a),
  NOOP: (s) => s.noop(),
  QUIT: (s) => s.quit(),
  VRFY: (s, a) => s.vrfy(a),
  EXPN: (s, a) => s.expn(a),
  HELP: (s) => s.help(),
  ETRN: (s, a) => s.etrn(a),
  STARTTLS: (s, a) => s.starttls(a),
  AUTH: (s, a) => s.auth(a),
};

export class SmtpConnection implements Connection {
  readonly id: number;
  readonly host: MailHost;
  readonly port: number;
  readonly profile: string;
  private readonly p: Profile;
  private readonly o: ConnectionOptions;
  private readonly listeners = new Set<SmtpEventListener>();
  private readonly serverName: string;

  private mode: Mode = 'command';
  private started = false;
  private inbox = '';
  private pumping = false;
  /** Set while the rest of an overlong command line is being thrown away. */
  private discarding = false;
  private lastPhase: Phase = 'greeting';

  private greetingInfo: SessionState['greeting'] = null;
  private tls = false;
  private authUser: string | null = null;
  private envelope: Envelope | null = null;
  private accepted = 0;
  private errors = 0;
  private unknownInARow = 0;

  // DATA
  private content: string[] = [];
  private contentOctets = 0;
  private tooBig = false;
  private lineTooLong = false;
  private previousEnding: Ending = '\r\n';
  // BDAT
  private bdatStarted = false;
  private bdatChunks: string[] = [];
  private bdatOctets = 0;
  private bdatRemaining = 0;
  private bdatLast = false;
  // AUTH
  private authExchange: AuthExchange | null = null;

  constructor(options: ConnectionOptions) {
    this.o = options;
    this.id = options.id;
    this.host = options.host;
    this.port = options.port;
    this.profile = options.profile.id;
    this.p = options.profile;
    this.serverName = options.profile.serverName ?? options.host.name;
  }

  get state(): SessionState {
    return {
      phase: this.phase(),
      greeting: this.greetingInfo,
      tls: this.tls,
      authUser: this.authUser,
      envelope: this.envelope,
      accepted: this.accepted,
    };
  }

  on(listener: SmtpEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    const implicit = this.o.service.tls === 'implicit';
    this.emit({
      type: 'connected',
      connectionId: this.id,
      host: this.host.name,
      port: this.port,
      profile: this.profile,
      clientAddress: this.o.clientAddress,
      tls: false,
    });
    if (implicit) {
      // Port 465: the server waits for the client's TLS handshake and says nothing until then.
      this.mode = 'tls-wait';
      this.notePhase();
      return;
    }
    this.reply('greeting');
  }

  send(data: string | Uint8Array): void {
    if (this.mode === 'closed') return;
    this.inbox += toOctets(data);
    this.pump();
  }

  startTls(): void {
    if (this.mode === 'tls-wait') {
      this.tls = true;
      this.mode = 'command';
      this.emit({ type: 'tls', connectionId: this.id });
      this.reply('greeting');
      return;
    }
    if (this.mode !== 'tls-handshake') return;
    // RFC 3207 section 4.2: after the handshake both sides forget what they knew, HELO/EHLO included.
    this.tls = true;
    this.mode = 'command';
    this.greetingInfo = null;
    this.resetTransaction();
    this.emit({ type: 'tls', connectionId: this.id });
    this.notePhase();
    this.pump();
  }

  close(): void {
    if (this.mode === 'closed') return;
    this.mode = 'closed';
    this.inbox = '';
    this.emit({
      type: 'closed',
      connectionId: this.id,
      by: 'client',
      reason: 'the client closed the connection',
    });
    this.notePhase();
  }

  // ------------------------------------------------------------------------------------------
  // Framing

  private pump(): void {
    // A listener may send more input while we are answering (pipelining clients, openssl): it queues.
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.inbox.length > 0 && this.mode !== 'closed') {
        if (this.mode === 'tls-handshake' || this.mode === 'tls-wait') {
          // Plain text where a TLS ClientHello was due: the handshake fails and the server hangs up.
          this.inbox = '';
          this.hangUp('the TLS handshake failed: the client sent plain text instead of a TLS ClientHello');
          break;
        }
        if (this.mode === 'bdat') {
          this.readChunk();
          continue;
        }
        if (!this.readLine()) break;
      }
    } finally {
      this.pumping = false;
    }
    this.notePhase();
  }

  /** Take one line from the inbox and handle it; false when no complete line is there yet. */
  private readLine(): boolean {
    const inData = this.mode === 'data';
    const bareLf = this.p.leniency.bareLf;
    let searchFrom = 0;
    let lf: number;
    for (;;) {
      lf = this.inbox.indexOf('\n', searchFrom);
      if (lf < 0) break;
      const crlf = lf > 0 && this.inbox[lf - 1] === '\r';
      // Only CRLF ends a content line when bare LF is data (the libraries, RFC 5321 strictly read).
      if (crlf || !inData || bareLf !== 'data') break;
      searchFrom = lf + 1;
    }
    if (lf < 0) {
      this.guardLongLine();
      return false;
    }
    const crlf = lf > 0 && this.inbox[lf - 1] === '\r';
    const octets = this.inbox.slice(0, crlf ? lf - 1 : lf);
    this.inbox = this.inbox.slice(lf + 1);
    const ending: Ending = crlf ? '\r\n' : '\n';
    if (this.discarding) {
      this.discarding = false;
      return true;
    }
    if (!crlf && bareLf === 'reject') {
      // RFC 5321 section 2.3.8; Postfix smtpd_forbid_bare_newline = yes.
      this.reply('protocol.bareLf');
      this.hangUp('a line ended in a bare LF');
      return true;
    }
    if (this.mode === 'data') this.dataLine(octets, ending);
    else if (this.mode === 'auth') this.authResponse(decodeOctets(octets), ending);
    else this.commandLine(octets, ending);
    return true;
  }

  /** Without a line end in sight, a command line may not grow past the limit: keep memory bounded. */
  private guardLongLine(): void {
    const limit = this.p.limits.commandLine;
    if (this.mode === 'data' || this.inbox.length <= limit) return;
    if (this.discarding) {
      this.inbox = '';
      return;
    }
    const head = this.inbox.slice(0, limit);
    this.inbox = '';
    this.discarding = true;
    if (this.p.limits.commandLineOverflow === 'reject') {
      this.emitCommand(decodeOctets(head), '');
      this.reply('command.tooLong');
    } else if (this.mode === 'auth') {
      this.authResponse(decodeOctets(head), '');
    } else {
      // Postfix reads line_length_limit octets as the command and drops the rest of the line.
      this.commandLine(head, '');
    }
  }

  private readChunk(): void {
    const take = Math.min(this.bdatRemaining, this.inbox.length);
    this.bdatChunks.push(this.inbox.slice(0, take));
    this.inbox = this.inbox.slice(take);
    this.bdatRemaining -= take;
    if (this.bdatRemaining === 0) {
      this.mode = 'command';
      this.endChunk();
    }
  }

  // ------------------------------------------------------------------------------------------
  // Commands

  private commandLine(octets: string, ending: Ending): void {
    let text = decodeOctets(octets);
    if (octets.length > this.p.limits.commandLine) {
      if (this.p.limits.commandLineOverflow === 'reject') {
        this.emitCommand(text, ending);
        this.reply('command.tooLong');
        return;
      }
      text = decodeOctets(octets.slice(0, this.p.limits.commandLine));
    }
    const { verb, argument } = this.emitCommand(text, ending);
    if (verb === '') {
      this.reply('command.empty');
      return;
    }
    if (this.p.leniency.hangUpOnNonSmtp && isNonSmtp(text, verb)) {
      // Postfix: a header line or HTTP request on the command channel means a confused or hostile client.
      this.reply('protocol.hangup');
      this.hangUp('the client sent something that is not an SMTP command');
      return;
    }
    const handler = this.p.commands.includes(verb) ? HANDLERS[verb] : undefined;
    if (!handler) {
      this.unknownInARow++;
      this.reply('command.unknown', { line: text, verb });
      return;
    }
    this.unknownInARow = 0;
    handler(this, argument);
  }

  private emitCommand(line: string, ending: Ending): { verb: string; argument: string } {
    const parsed = splitCommand(line);
    this.emit({ type: 'command', connectionId: this.id, line, ending, ...parsed });
    return parsed;
  }

  helo(argument: string): void {
    const name = argument.split(/[ \t]+/)[0];
    if (!name) return this.reply('helo.syntax');
    this.resetTransaction();
    this.greetingInfo = { verb: 'HELO', name };
    this.reply('helo.ok', { helo: name });
  }

  ehlo(argument: string): void {
    if (this.p.extensions.length === 0)
      return this.reply('command.unknown', { line: `EHLO ${argument}`.trim() });
    const name = argument.split(/[ \t]+/)[0];
    if (!name) return this.reply('ehlo.syntax');
    this.resetTransaction();
    this.greetingInfo = { verb: 'EHLO', name };
    this.reply('ehlo.ok', { helo: name }, this.capabilities());
  }

  /** The EHLO keywords on offer now: some depend on TLS (RFC 3207 section 4.2, smtpd_tls_auth_only). */
  capabilities(): string[] {
    const vars = this.vars();
    return this.p.extensions
      .filter((ext) => {
        if (ext.keyword === 'STARTTLS') return this.p.policy.starttls && !this.tls;
        if (ext.keyword === 'AUTH')
          return this.p.policy.auth && (this.tls || !this.p.policy.authOnlyAfterTls);
        return ext.when === 'after-tls' ? this.tls : ext.when === 'before-tls' ? !this.tls : true;
      })
      .map((ext) => (ext.params ? `${ext.keyword} ${fill(ext.params, vars)}` : ext.keyword));
  }

  private offers(keyword: string): boolean {
    return this.p.extensions.some((e) => e.keyword === keyword);
  }

  mail(argument: string): void {
    if (this.p.policy.tlsRequired && !this.tls) return this.reply('mail.tlsRequired');
    if (!this.p.leniency.heloOptional && !this.greetingInfo) return this.reply('mail.needHelo');
    if (this.envelope) return this.reply('mail.nested');
    const path = parsePathArgument(argument, 'FROM', this.p.leniency.looseSyntax);
    if (!path.ok) {
      if (path.error === 'syntax') return this.reply('mail.syntax', { arg: argument });
      if (path.error === 'option') return this.reply('mail.unsupportedOption', { param: path.param });
      return this.reply('mail.badSender', { raw: path.raw, arg: argument });
    }
    const params: Record<string, string> = {};
    for (const param of path.params) {
      const problem = this.checkMailParam(param);
      if (problem) return this.reply(problem, { param: param.raw, name: param.keyword });
      params[param.keyword] = param.value ?? '';
    }
    if (path.utf8) {
      if (!this.offers('SMTPUTF8')) return this.reply('mail.badSender', { raw: path.raw });
      if (!('SMTPUTF8' in params)) return this.reply('mail.utf8NotAllowed');
    }
    const address = path.address === '' ? '' : this.qualified(path.address);
    this.envelope = { mailFrom: address, mailParams: params, rcptTo: [] };
    this.reply('mail.ok', { address, raw: path.raw });
  }

  /** RFC 1870 SIZE, RFC 6152 BODY, RFC 6531 SMTPUTF8, RFC 3461 RET/ENVID, RFC 4954 AUTH. */
  private checkMailParam(param: EsmtpParam): ReplyId | null {
    const lenient = this.p.leniency.ignoreUnknownParams;
    const afterHelo = this.greetingInfo?.verb === 'HELO' && !this.p.leniency.paramsAfterHelo;
    const needs: Record<string, string> = {
      SIZE: 'SIZE',
      BODY: '8BITMIME',
      SMTPUTF8: 'SMTPUTF8',
      RET: 'DSN',
      ENVID: 'DSN',
      AUTH: 'AUTH',
    };
    const ext = needs[param.keyword];
    if (!ext || (!this.offers(ext) && !lenient) || afterHelo)
      return lenient ? null : 'mail.unsupportedOption';
    const v = param.value;
    switch (param.keyword) {
      case 'SIZE':
        if (v === null || !/^\d{1,20}$/.test(v)) return 'mail.sizeSyntax';
        return Number(v) > this.p.limits.messageSize ? 'mail.sizeExceeded' : null;
      case 'BODY':
        return v !== null && /^(7BIT|8BITMIME)$/i.test(v) ? null : 'mail.badBody';
      case 'SMTPUTF8':
        return v === null ? null : 'mail.unsupportedOption';
      case 'RET':
        return v !== null && /^(FULL|HDRS)$/i.test(v) ? null : 'mail.unsupportedOption';
      default:
        return v === null ? 'mail.unsupportedOption' : null;
    }
  }

  rcpt(argument: string): void {
    if (this.p.policy.tlsRequired && !this.tls) return this.reply('rcpt.tlsRequired');
    if (!this.envelope) return this.reply('rcpt.needMail');
    const path = parsePathArgument(argument, 'TO', this.p.leniency.looseSyntax);
    if (!path.ok) {
      if (path.error === 'syntax') return this.reply('rcpt.syntax', { arg: argument });
      if (path.error === 'option') return this.reply('rcpt.unsupportedOption', { param: path.param });
      return this.reply('rcpt.badRecipient', { raw: path.raw, arg: argument });
    }
    if (path.address === '') return this.reply('rcpt.badRecipient', { raw: path.raw });
    // RFC 5321 section 4.1.1.3: <Postmaster> without a domain must be accepted.
    const bare = !path.address.includes('@');
    if (bare && !this.p.leniency.qualifyBareRecipient && path.address.toLowerCase() !== 'postmaster')
      return this.reply('rcpt.badRecipient', { raw: path.raw });
    const params: Record<string, string> = {};
    for (const param of path.params) {
      const problem = this.checkRcptParam(param);
      if (problem) return this.reply(problem, { param: param.raw, name: param.keyword });
      params[param.keyword] = param.value ?? '';
    }
    if (path.utf8) {
      if (!this.offers('SMTPUTF8')) return this.reply('rcpt.badRecipient', { raw: path.raw });
      if (!('SMTPUTF8' in this.envelope.mailParams)) return this.reply('rcpt.utf8NotAllowed');
    }
    if (this.envelope.rcptTo.length >= this.p.limits.recipients) return this.reply('rcpt.tooMany');
    const address = this.qualified(path.address);
    const vars = { address, raw: path.raw };
    if (this.p.policy.authRequiredForRecipients && !this.authUser)
      return this.reply('rcpt.accessDenied', vars);
    if (isLocalDomain(this.host, address)) {
      if (!userExists(this.host, address)) return this.reply('rcpt.unknownUser', vars);
    } else if (!canRelay(this.p, this.host, this.o.clientAddress, this.authUser)) {
      return this.reply('rcpt.relayDenied', vars);
    }
    this.envelope.rcptTo.push({ address, params });
    this.reply('rcpt.ok', vars);
  }

  /** RFC 3461 NOTIFY and ORCPT. */
  private checkRcptParam(param: EsmtpParam): ReplyId | null {
    const lenient = this.p.leniency.ignoreUnknownParams;
    if (param.keyword !== 'NOTIFY' && param.keyword !== 'ORCPT')
      return lenient ? null : 'rcpt.unsupportedOption';
    if (!this.offers('DSN')) return lenient ? null : 'rcpt.unsupportedOption';
    const v = param.value ?? '';
    if (param.keyword === 'ORCPT') return /^[^;]+;.+$/.test(v) ? null : 'rcpt.unsupportedOption';
    const parts = v.toUpperCase().split(',');
    const valid =
      (parts.length === 1 && parts[0] === 'NEVER') ||
      (parts.every((x) => x === 'SUCCESS' || x === 'FAILURE' || x === 'DELAY') &&
        new Set(parts).size === parts.length);
    return valid ? null : 'rcpt.badNotify';
  }

  data(argument: string): void {
    if (argument !== '') return this.reply('data.syntax');
    if (this.p.policy.tlsRequired && !this.tls) return this.reply('data.tlsRequired');
    if (this.bdatStarted) return this.reply('data.afterBdat');
    if (!this.envelope) return this.reply('data.needRcpt');
    if (this.envelope.rcptTo.length === 0) return this.reply('data.noValidRecipients');
    this.content = [];
    this.contentOctets = 0;
    this.tooBig = false;
    this.lineTooLong = false;
    this.previousEnding = '\r\n';
    this.mode = 'data';
    this.reply('data.go');
  }

  /** RFC 5321 section 4.5.2: a lone dot ends the message; a leading dot added by the client is removed. */
  private dataLine(octets: string, ending: Ending): void {
    // With bareLf 'normalize' only CRLF . CRLF ends the message (Postfix 3.9 default).
    const endsData =
      octets === '.' &&
      (this.p.leniency.bareLf !== 'normalize' || (ending === '\r\n' && this.previousEnding === '\r\n'));
    this.emit({ type: 'data-line', connectionId: this.id, line: decodeOctets(octets), ending });
    this.previousEnding = ending;
    if (endsData) {
      this.mode = 'command';
      this.finishMessage(this.content.join('\n'), 'DATA');
      return;
    }
    let line = octets;
    if (line.startsWith('.') && (this.p.leniency.unstuffSingleDot || line.startsWith('..')))
      line = line.slice(1);
    if (this.p.limits.dataLine > 0 && line.length > this.p.limits.dataLine) this.lineTooLong = true;
    this.contentOctets += line.length + 2;
    if (this.contentOctets > this.p.limits.messageSize) {
      this.tooBig = true;
      return; // keep reading to the dot, but store no more
    }
    this.content.push(line);
  }

  bdat(argument: string): void {
    const m = /^(\d{1,10})(?:[ \t]+(LAST))?$/i.exec(argument);
    if (!m) return this.reply('bdat.syntax');
    this.bdatRemaining = Number(m[1]);
    this.bdatLast = m[2] !== undefined;
    this.bdatChunks = this.bdatStarted ? this.bdatChunks : [];
    if (!this.bdatStarted) {
      this.bdatOctets = 0;
      this.tooBig = false;
    }
    this.bdatStarted = true;
    this.mode = 'bdat';
    if (this.bdatRemaining === 0) {
      this.mode = 'command';
      this.endChunk();
    }
  }

  /** RFC 3030: the chunk is read in full before the server answers, even when it refuses it. */
  private endChunk(): void {
    const chunkOctets = this.bdatChunks.reduce((n, c) => n + c.length, 0) - this.bdatOctets;
    this.bdatOctets += chunkOctets;
    const refusal: ReplyId | null =
      this.p.policy.tlsRequired && !this.tls
        ? 'bdat.tlsRequired'
        : !this.envelope
          ? 'bdat.needRcpt'
          : this.envelope.rcptTo.length === 0
            ? 'bdat.noValidRecipients'
            : null;
    if (refusal) {
      this.bdatStarted = false;
      this.bdatChunks = [];
      this.bdatOctets = 0;
      return this.reply(refusal);
    }
    if (this.bdatOctets > this.p.limits.messageSize) this.tooBig = true;
    if (!this.bdatLast) return this.reply('bdat.chunk', { bytes: this.bdatOctets });
    const octets = this.bdatChunks.join('');
    const content = octets.replace(/\r\n$/, '').replace(/\r\n/g, '\n');
    this.finishMessage(content, 'BDAT');
  }

  private finishMessage(octets: string, via: 'DATA' | 'BDAT'): void {
    const envelope = this.envelope!;
    const content = decodeOctets(octets);
    const size = via === 'BDAT' ? this.bdatOctets : this.contentOctets;
    this.emit({ type: 'message', connectionId: this.id, content, octets: size, via });
    const tooBig = this.tooBig;
    const lineTooLong = this.lineTooLong;
    this.resetTransaction();
    if (tooBig) return this.reply('data.tooBig');
    if (lineTooLong) return this.reply('data.lineTooLong');
    const queueId = makeQueueId(this.p.policy.queueIdStyle, this.o.env);
    const stored = deliver({
      profile: this.p,
      host: this.host,
      serverName: this.serverName,
      env: this.o.env,
      queueId,
      heloName: this.greetingInfo?.name ?? null,
      clientAddress: this.o.clientAddress,
      clientName: clientName(this.o.clientAddress),
      protocol: this.protocol(),
      envelope,
      content,
      addMissingHeaders:
        this.p.policy.addMissingHeaders === 'always' ||
        (this.p.policy.addMissingHeaders === 'local-clients' &&
          clientIsLocal(this.host, this.o.clientAddress)),
    });
    this.accepted++;
    for (const message of stored) {
      this.o.deliver(message);
      this.emit({ type: 'delivered', connectionId: this.id, message });
    }
    this.reply(via === 'BDAT' ? 'bdat.accepted' : 'data.accepted', { queueId, bytes: size });
  }

  private protocol(): StoredMessage['protocol'] {
    if (this.greetingInfo?.verb !== 'EHLO') return 'SMTP';
    if (this.tls && this.authUser) return 'ESMTPSA';
    if (this.authUser) return 'ESMTPA';
    return this.tls ? 'ESMTPS' : 'ESMTP';
  }

  rset(argument: string): void {
    if (argument !== '') return this.reply('rset.syntax');
    this.resetTransaction();
    this.reply('rset.ok');
  }

  noop(): void {
    this.reply('noop.ok');
  }

  quit(): void {
    this.reply('quit.ok');
    this.hangUp('the client said QUIT');
  }

  vrfy(argument: string): void {
    if (argument === '') return this.reply('vrfy.syntax');
    const policy = this.p.policy.vrfy;
    if (policy === 'disabled') return this.reply('vrfy.disabled');
    if (policy === 'always-252') return this.reply('vrfy.ok', { arg: argument });
    const address = argument.replace(/^<(.*)>$/, '$1');
    const qualified = this.qualified(address);
    const vars = { arg: argument, address, raw: argument };
    if (!isLocalDomain(this.host, qualified)) {
      if (!canRelay(this.p, this.host, this.o.clientAddress, this.authUser))
        return this.reply('rcpt.relayDenied', vars);
      return this.reply('vrfy.ok', vars);
    }
    if (!userExists(this.host, qualified)) return this.reply('vrfy.unknownUser', vars);
    if (policy === 'sendmail') {
      const user = this.host.users.find((u) => u.name.toLowerCase() === localOf(qualified));
      const full = user?.fullName ? `${user.fullName} <${qualified}>` : `<${qualified}>`;
      return this.reply('vrfy.ok', { ...vars, arg: full });
    }
    this.reply('vrfy.ok', vars);
  }

  expn(argument: string): void {
    if (argument === '') return this.reply('vrfy.syntax');
    const name = localOf(argument.replace(/^<(.*)>$/, '$1'));
    const members = this.host.aliases?.[name];
    if (!members) {
      if (userExists(this.host, this.qualified(name)))
        return this.reply('expn.ok', { arg: `<${this.qualified(name)}>` });
      return this.reply('expn.unknown', { arg: argument });
    }
    const lines = members.map((m) => `<${this.qualified(m)}>`);
    this.emitReply(buildReply(this.p, 'expn.ok', { arg: lines[0] }, lines.slice(1)), 'EXPN');
  }

  help(): void {
    const lines = this.p.help ?? [];
    const reply = buildReply(this.p, 'help.ok', this.vars(), lines.slice(1));
    if (lines.length > 0) reply.lines[0] = lines[0];
    this.emitReply(reply, 'HELP');
  }

  etrn(argument: string): void {
    if (argument === '') return this.reply('etrn.syntax');
    if (this.envelope) return this.reply('etrn.inTransaction');
    this.reply('etrn.denied', { arg: argument });
  }

  starttls(argument: string): void {
    if (argument !== '') return this.reply('starttls.syntax');
    if (!this.p.policy.starttls) return this.reply('starttls.unavailable');
    if (this.tls) return this.reply('starttls.already');
    // Anything the client pipelined after STARTTLS is thrown away (the CVE-2011-0411 fix).
    this.inbox = '';
    this.mode = 'tls-handshake';
    this.reply('starttls.ready');
  }

  auth(argument: string): void {
    const policy = this.p.policy;
    if (!policy.auth) return this.reply('auth.notEnabled');
    if (!this.tls && policy.authOnlyAfterTls)
      return this.reply(policy.tlsRequired ? 'auth.tlsRequired' : 'auth.notEnabled');
    if (this.greetingInfo?.verb !== 'EHLO') return this.reply('auth.needEhlo');
    if (this.authUser) return this.reply('auth.already');
    if (this.envelope) return this.reply('auth.inTransaction');
    const [mechanism = '', initial, ...extra] = argument.split(/[ \t]+/).filter(Boolean);
    if (mechanism === '' || extra.length > 0) return this.reply('auth.syntax');
    const mech = mechanism.toUpperCase();
    if (mech !== 'PLAIN' && mech !== 'LOGIN') return this.reply('auth.badMechanism');
    this.authExchange = { mechanism: mech, user: null };
    if (initial === undefined) {
      this.mode = 'auth';
      // RFC 4954: PLAIN asks with an empty challenge; LOGIN asks "Username:" in base64.
      return this.reply('auth.challenge', { arg: mech === 'PLAIN' ? '' : 'VXNlcm5hbWU6' });
    }
    this.authStep(initial === '=' ? '' : initial);
  }

  private authResponse(line: string, ending: Ending): void {
    this.emit({
      type: 'command',
      connectionId: this.id,
      line,
      ending,
      verb: '(auth-response)',
      argument: line,
    });
    this.authStep(line.trim());
  }

  private authStep(response: string): void {
    const exchange = this.authExchange!;
    this.mode = 'command';
    if (response === '*') {
      this.authExchange = null;
      return this.reply('auth.cancelled');
    }
    const decoded = decodeBase64(response);
    if (decoded === null) {
      this.authExchange = null;
      return this.reply('auth.badBase64');
    }
    if (exchange.mechanism === 'LOGIN' && exchange.user === null) {
      exchange.user = decodeOctets(decoded);
      this.mode = 'auth';
      return this.reply('auth.challenge', { arg: 'UGFzc3dvcmQ6' });
    }
    let user: string;
    let password: string;
    if (exchange.mechanism === 'PLAIN') {
      // RFC 4616: authzid NUL authcid NUL passwd
      const parts = decodeOctets(decoded).split('\0');
      if (parts.length !== 3) {
        this.authExchange = null;
        this.emit({ type: 'auth', connectionId: this.id, mechanism: 'PLAIN', user: null, success: false });
        return this.reply('auth.failed');
      }
      user = parts[1];
      password = parts[2];
    } else {
      user = exchange.user!;
      password = decodeOctets(decoded);
    }
    this.authExchange = null;
    const success = checkPassword(this.host, user, password);
    this.emit({ type: 'auth', connectionId: this.id, mechanism: exchange.mechanism, user, success });
    if (!success) return this.reply('auth.failed');
    this.authUser = user;
    this.reply('auth.ok');
  }

  // ------------------------------------------------------------------------------------------
  // Replies, state, events

  private vars(extra: ReplyVars = {}): ReplyVars {
    return {
      host: this.serverName,
      ip: this.o.clientAddress,
      helo: this.greetingInfo?.name ?? '',
      maxSize: this.p.limits.messageSize,
      date: rfc5322Date(this.o.env.now(), this.o.env, false),
      ...extra,
    };
  }

  private reply(id: ReplyId, extra: ReplyVars = {}, extraLines: string[] = []): void {
    this.emitReply(buildReply(this.p, id, this.vars(extra), extraLines), null);
  }

  private emitReply(reply: ReturnType<typeof buildReply>, command: string | null): void {
    this.emit({ type: 'reply', connectionId: this.id, reply, wire: formatReply(reply), command });
    if (reply.code >= 400 && reply.id !== 'command.tooManyErrors' && reply.id !== 'protocol.bareLf') {
      this.errors++;
      const tooManyErrors = this.p.limits.errors > 0 && this.errors >= this.p.limits.errors;
      const tooManyUnknown =
        this.p.limits.unknownCommands > 0 && this.unknownInARow >= this.p.limits.unknownCommands;
      if ((tooManyErrors || tooManyUnknown) && this.mode !== 'closed') {
        this.emitReply(buildReply(this.p, 'command.tooManyErrors', this.vars()), null);
        this.hangUp('too many errors');
      }
    }
  }

  private hangUp(reason: string): void {
    if (this.mode === 'closed') return;
    this.mode = 'closed';
    this.inbox = '';
    this.emit({ type: 'closed', connectionId: this.id, by: 'server', reason });
  }

  private resetTransaction(): void {
    this.envelope = null;
    this.bdatStarted = false;
    this.bdatChunks = [];
    this.bdatOctets = 0;
    this.content = [];
    this.contentOctets = 0;
    this.tooBig = false;
    this.lineTooLong = false;
  }

  private qualified(address: string): string {
    return qualify(this.host, address, this.p.leniency.qualifyBareRecipient);
  }

  private phase(): Phase {
    switch (this.mode) {
      case 'closed':
      case 'data':
      case 'bdat':
      case 'auth':
      case 'tls-handshake':
      case 'tls-wait':
        return this.mode;
    }
    if (this.envelope) return this.envelope.rcptTo.length > 0 ? 'rcpt' : 'mail';
    if (this.bdatStarted) return 'rcpt';
    return this.greetingInfo ? 'ready' : 'greeting';
  }

  private notePhase(): void {
    const now = this.phase();
    if (now !== this.lastPhase) {
      const from = this.lastPhase;
      this.lastPhase = now;
      this.emit({ type: 'phase', connectionId: this.id, from, to: now });
    }
  }

  private emit(event: SmtpEvent): void {
    // Listeners must never break the server: a failing view is its own problem.
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        console.error('SMTP event listener failed', error);
      }
    }
    this.o.emit(event);
    if (event.type === 'reply') this.notePhase();
  }
}

/** Postfix's smtpd_forbidden_commands (CONNECT, GET, POST, a first word not starting with a letter) and
 * its header check ("From: ..." typed at the command prompt). */
function isNonSmtp(line: string, verb: string): boolean {
  if (verb === 'CONNECT' || verb === 'GET' || verb === 'POST') return true;
  if (!/^[A-Za-z]/.test(verb)) return true;
  return /^[\x21-\x39\x3b-\x7e]+[ \t]*:/.test(line.replace(/^[ \t]+/, ''));
}

function localOf(address: string): string {
  const at = address.lastIndexOf('@');
  return (at < 0 ? address : address.slice(0, at)).toLowerCase();
}

/** Strict base64 (RFC 4648) to octets; null when it is not base64. */
function decodeBase64(text: string): string | null {
  if (text === '') return '';
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0) return null;
  try {
    return atob(text);
  } catch {
    return null;
  }
}
