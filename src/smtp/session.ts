// One SMTP server connection: reads octets, frames them into command lines, message content or BDAT chunks,
// and answers each command with one small private method per verb (RFC 5321 section 4.1). The message
// readers live in body.ts (DATA, BDAT), the AUTH exchange in sasl.ts; policy questions (local domain? where
// does the address go? known user? may relay?) in policy.ts; parameters in params.ts; texts in the profile.
import { decodeOctets, isValidUtf8, toOctets } from './bytes.ts';
import { rfc5322Date } from './dates.ts';
import { BdatBody, DataBody } from './body.ts';
import { deliver, writeReports } from './delivery.ts';
import { InputBuffer, type Ending } from './framing.ts';
import { COMMANDS, isNonSmtp, type VerbHandlers } from './commands.ts';
import {
  canonicalAddress,
  domainOf,
  isPostfixDomain,
  localPartOf,
  parsePathArgument,
  splitCommand,
  unquotedAddress,
} from './grammar.ts';
import { checkMailParams, checkRcptParams, type ParamContext } from './params.ts';
import {
  canRelay,
  checkPassword,
  clientIsLocal,
  clientName,
  findUser,
  qualify,
  resolveAddress,
  userExists,
} from './policy.ts';
import type { Profile } from './profiles/types.ts';
import { makeQueueId } from './queue-id.ts';
import { buildReply, fill, formatReply, type ReplyVars } from './reply.ts';
import { BAD_AUTH, mechanismOf, SaslExchange, type SaslStep } from './sasl.ts';
import type {
  Connection,
  Envelope,
  Environment,
  MailHost,
  Phase,
  ReceiverChecks,
  Reply,
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
  /** The client's name from the network's reverse lookup; absent: "unknown" (policy.ts clientName). */
  clientName?: string;
  /** A policy service for RCPT (greylisting): true = defer this (client, sender, recipient) for now. */
  greylisted?: (client: string, sender: string, recipient: string) => boolean;
  env: Environment;
  /** Store (or queue) a message; false when it went nowhere (a report for a sender elsewhere, no outbound). */
  deliver: (message: StoredMessage) => boolean;
  emit: (event: SmtpEvent) => void;
  /** The forgery checks of a profile with policy.authChecks (asynchronous: DNS and crypto). */
  checks?: ReceiverChecks;
  /** Counts work the session waits for (a code chunk to load), so that Network.settled() waits for it too. */
  track?: <T>(work: Promise<T>) => Promise<T>;
}

// 'checking': a policy check is running; input waits in the buffer, as smtpd waits for its policy server.
type Mode = 'command' | 'data' | 'bdat' | 'auth' | 'tls-handshake' | 'tls-wait' | 'checking' | 'closed';

/** Replies that do not count toward the error limit (Postfix: the handler did not fail, or it hangs up anyway). */
const NOT_COUNTED = new Set<ReplyId>(['command.tooManyErrors', 'protocol.bareLf', 'rcpt.tooMany']);

/** Octets of an unfinished content line held before they are handed on as a piece (Postfix chops long lines). */
const DATA_PIECE = 8192;

export class SmtpConnection implements Connection {
  readonly id: number;
  readonly host: MailHost;
  readonly port: number;
  readonly profile: string;
  // #private members: out of reach from outside at run time too, and the minifier shortens their names.
  readonly #serverProfile: Profile;
  readonly #options: ConnectionOptions;
  readonly #listeners = new Set<SmtpEventListener>();
  readonly #serverName: string;
  readonly #input = new InputBuffer();
  /** The verb handlers, for the command table only: a command reaches them through framing and events. */
  readonly #verbs: VerbHandlers = {
    helo: (a) => this.#helo(a),
    ehlo: (a) => this.#ehlo(a),
    starttls: (a) => this.#starttls(a),
    auth: (a) => this.#auth(a),
    mail: (a) => this.#mail(a),
    rcpt: (a) => this.#rcpt(a),
    data: (a) => this.#data(a),
    bdat: (a) => this.#bdat(a),
    rset: (a) => this.#rset(a),
    noop: () => this.#noop(),
    vrfy: (a) => this.#vrfy(a),
    expn: (a) => this.#expn(a),
    etrn: (a) => this.#etrn(a),
    help: (a) => this.#help(a),
    quit: (a) => this.#quit(a),
    xclient: (a) => this.#proxyCommand('XCLIENT', a),
    xforward: (a) => this.#proxyCommand('XFORWARD', a),
  };

  #mode: Mode = 'command';
  #started = false;
  #pumping = false;
  /** Set while the rest of an overlong command line is being thrown away. */
  #discarding = false;
  #lastPhase: Phase = 'greeting';
  /** The verb of the last command read (the reply event's `command`); null before the first one. */
  #answering: string | null = null;

  #greetingInfo: SessionState['greeting'] = null;
  #tls = false;
  #authUser: string | null = null;
  #envelope: Envelope | null = null;
  /** Postfix's state->msg_size: a SIZE= read by MAIL, kept after a refusal until the transaction is reset. */
  #heldSize: number | null = null;
  #accepted = 0;
  #errors = 0;
  #junk = 0;
  #unknownCommands = 0;

  /** The message of the DATA command being read. */
  #body: DataBody | null = null;
  /** The BDAT chunks of this transaction. */
  #chunks = new BdatBody();
  /** The AUTH exchange under way (mode 'auth' while it waits for the client's next line). */
  #sasl: SaslExchange | null = null;

  constructor(options: ConnectionOptions) {
    this.#options = options;
    this.id = options.id;
    this.host = options.host;
    this.port = options.port;
    this.profile = options.profile.id;
    this.#serverProfile = options.profile;
    this.#serverName = options.profile.serverName ?? options.host.name;
  }

  get state(): SessionState {
    return {
      phase: this.#phase(),
      greeting: this.#greetingInfo,
      tls: this.#tls,
      authUser: this.#authUser,
      envelope: this.#envelope,
      accepted: this.#accepted,
    };
  }

  /**
   * Octets this connection holds: unread input plus the message being received. Tests use it to show that
   * memory stays bounded whatever the client sends (an overlong line is cut, a too-big message is dropped).
   */
  get heldOctets(): number {
    return this.#input.length + (this.#body?.held ?? 0) + this.#chunks.held;
  }

  on(listener: SmtpEventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#emit({
      type: 'connected',
      connectionId: this.id,
      host: this.host.name,
      port: this.port,
      profile: this.profile,
      clientAddress: this.#options.clientAddress,
      tls: false,
    });
    if (this.#options.service.tls === 'implicit') {
      // Port 465: the server waits for the client's TLS handshake and says nothing until then.
      this.#mode = 'tls-wait';
      this.#notePhase();
      return;
    }
    this.#reply('greeting');
    this.#pump();
  }

  send(data: string | Uint8Array): void {
    if (this.#mode === 'closed') return;
    this.#input.append(toOctets(data));
    // A client that talks before the greeting is read after it, as smtpd reads its socket.
    if (this.#started) this.#pump();
  }

  startTls(): void {
    if (this.#mode === 'tls-wait') {
      this.#tls = true;
      this.#mode = 'command';
      this.#emit({ type: 'tls', connectionId: this.id });
      this.#answering = null;
      this.#reply('greeting');
      this.#pump();
      return;
    }
    if (this.#mode !== 'tls-handshake') return;
    // RFC 3207 section 4.2: after the handshake both sides forget what they knew, HELO/EHLO included.
    this.#tls = true;
    this.#mode = 'command';
    this.#greetingInfo = null;
    this.#resetTransaction();
    this.#emit({ type: 'tls', connectionId: this.id });
    this.#notePhase();
    this.#pump();
  }

  timeout(): void {
    if (this.#mode === 'closed') return;
    // Postfix smtpd_timeout; nothing is said where only a TLS handshake could be read.
    if (this.#mode !== 'tls-handshake' && this.#mode !== 'tls-wait') this.#reply('protocol.timeout');
    this.#hangUp('the client was idle for too long');
    this.#notePhase();
  }

  close(): void {
    if (this.#mode === 'closed') return;
    this.#mode = 'closed';
    this.#input.clear();
    this.#emit({
      type: 'closed',
      connectionId: this.id,
      by: 'client',
      reason: 'the client closed the connection',
    });
    this.#notePhase();
  }

  // ------------------------------------------------------------------------------------------
  // Framing

  #pump(): void {
    // A listener may send more input while we are answering (pipelining clients, openssl): it queues.
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      while (this.#input.length > 0 && this.#mode !== 'closed' && this.#mode !== 'checking') {
        if (this.#mode === 'tls-handshake' || this.#mode === 'tls-wait') {
          // Plain text where a TLS ClientHello was due: the handshake fails and the server hangs up.
          this.#input.clear();
          this.#hangUp('the TLS handshake failed: the client sent plain text instead of a TLS ClientHello');
          break;
        }
        if (this.#mode === 'bdat') this.#readChunk();
        else if (!this.#readLine()) break;
        this.#checkErrorLimit();
      }
      // An overlong line may have made the count without completing a line.
      this.#checkErrorLimit();
    } finally {
      this.#pumping = false;
    }
    this.#notePhase();
  }

  /** Take one line from the input and handle it; false when no complete line is there yet. */
  #readLine(): boolean {
    const inData = this.#mode === 'data';
    const line = this.#input.takeLine(
      inData && this.#serverProfile.leniency.bareLf === 'data' ? 'crlf' : 'lf',
    );
    if (!line) {
      this.#overlongLine();
      return false;
    }
    if (this.#discarding) {
      this.#discarding = false;
      return true;
    }
    if (inData) {
      this.#dataLine(line.octets, line.ending);
      return true;
    }
    if (line.ending === '\n' && this.#serverProfile.leniency.bareLf === 'reject') {
      // RFC 5321 section 2.3.8; Postfix smtpd_forbid_bare_newline = reject.
      this.#reply('protocol.bareLf');
      this.#hangUp('a command line ended in a bare LF');
      return true;
    }
    if (this.#mode === 'auth') this.#authResponse(line.octets, line.ending);
    else this.#commandLine(line.octets, line.ending);
    return true;
  }

  /** No line end in sight: keep memory bounded however long the line grows. */
  #overlongLine(): void {
    if (this.#mode === 'data') {
      while (this.#input.length > DATA_PIECE) this.#dataPiece(this.#input.takePiece(DATA_PIECE));
      return;
    }
    const limit = this.#serverProfile.limits.commandLine;
    if (this.#input.length <= limit) return;
    if (this.#discarding) {
      this.#input.discardPending();
      return;
    }
    const head = this.#input.take(limit);
    this.#input.discardPending();
    this.#discarding = true;
    if (this.#serverProfile.limits.commandLineOverflow === 'reject') {
      this.#emitCommand(decodeOctets(head), '');
      this.#reply('command.tooLong');
    } else if (this.#mode === 'auth') {
      this.#authResponse(head, '');
    } else {
      // Postfix reads line_length_limit octets as the command and skips the rest of the line.
      this.#commandLine(head, '');
    }
  }

  // ------------------------------------------------------------------------------------------
  // Commands

  #commandLine(raw: string, ending: Ending): void {
    let octets = raw;
    if (octets.length > this.#serverProfile.limits.commandLine) {
      if (this.#serverProfile.limits.commandLineOverflow === 'reject') {
        this.#emitCommand(decodeOctets(octets.slice(0, this.#serverProfile.limits.commandLine)), ending);
        this.#reply('command.tooLong');
        return;
      }
      octets = octets.slice(0, this.#serverProfile.limits.commandLine);
    }
    const text = decodeOctets(octets);
    // Postfix reads the line as a C string: a NUL ends the command (the event still shows the whole line).
    const nul = this.#serverProfile.leniency.nulEndsCommand ? octets.indexOf('\0') : -1;
    if (nul >= 0) octets = octets.slice(0, nul);
    const { verb, argument } = this.#emitCommand(text, ending, nul >= 0 ? decodeOctets(octets) : text);
    if (this.#serverProfile.leniency.rejectBadUtf8 && !isValidUtf8(octets))
      return this.#reply('command.badUtf8');
    if (verb === '') return this.#reply('command.empty');
    const spec = this.#serverProfile.commands.includes(verb) ? COMMANDS[verb] : undefined;
    if (!spec) {
      if (this.#serverProfile.leniency.hangUpOnNonSmtp && isNonSmtp(verb, text)) {
        // Postfix: a header line or an HTTP request on the command channel means a confused or hostile client.
        this.#reply('protocol.hangup');
        return this.#hangUp('the client sent something that is not an SMTP command');
      }
      const limit = this.#serverProfile.limits.unknownCommands;
      if (limit > 0 && ++this.#unknownCommands >= limit) {
        // aiosmtpd: the command that exhausts the budget gets the farewell instead of the 500.
        this.#reply('command.tooManyErrors');
        return this.#hangUp('too many unknown commands');
      }
      return this.#reply('command.unknown', { line: text, verb });
    }
    if (this.#serverProfile.policy.tlsRequired && !this.#tls && !spec.preTls)
      return this.#reply(spec.tlsRequired ?? 'command.tlsRequired');
    // smtpd_junk_command_limit: Postfix compares the count before incrementing it (junk_cmds++ > limit).
    if (
      spec.junk &&
      this.#serverProfile.limits.junkCommands > 0 &&
      this.#junk++ > this.#serverProfile.limits.junkCommands
    )
      this.#errors++;
    spec.run(this.#verbs, argument);
  }

  /** Announce a command line the server read; `command` is the part it obeys (up to a NUL, for Postfix). */
  #emitCommand(line: string, ending: Ending, command = line): { verb: string; argument: string } {
    const parsed = splitCommand(command);
    this.#answering = parsed.verb;
    this.#emit({ type: 'command', connectionId: this.id, line, ending, ...parsed });
    return parsed;
  }

  #helo(argument: string): void {
    if (argument === '') return this.#reply('helo.syntax');
    this.#greet('HELO', argument);
    this.#reply('helo.ok', { helo: this.#greetingInfo!.name });
  }

  #ehlo(argument: string): void {
    if (argument === '') return this.#reply('ehlo.syntax');
    this.#greet('EHLO', argument);
    this.#reply('ehlo.ok', { helo: this.#greetingInfo!.name }, this.#capabilities());
  }

  /** HELO and EHLO end any transaction (RFC 5321 section 4.1.4); Postfix keeps all words of the name. */
  #greet(verb: 'HELO' | 'EHLO', argument: string): void {
    this.#resetTransaction();
    this.#greetingInfo = { verb, name: argument.split(/[ \t\v\f\r]+/).join(' ') };
  }

  /** AUTH is on offer now (Postfix activates SASL only after STARTTLS when smtpd_tls_auth_only = yes). */
  #authActive(): boolean {
    return this.#serverProfile.policy.auth && (this.#tls || !this.#serverProfile.policy.authOnlyAfterTls);
  }

  /** The EHLO keywords on offer now: some depend on TLS (RFC 3207 section 4.2, smtpd_tls_auth_only). */
  #capabilities(): string[] {
    const vars = this.#vars();
    return this.#serverProfile.extensions
      .filter((ext) => {
        if (ext.keyword === 'STARTTLS') return this.#serverProfile.policy.starttls && !this.#tls;
        // Postfix announces AUTH only once it works; smtp-server announces it always (and refuses it early).
        if (ext.keyword === 'AUTH')
          return this.#serverProfile.policy.auth && (ext.when === 'always' || this.#authActive());
        return ext.when === 'after-tls' ? this.#tls : ext.when === 'before-tls' ? !this.#tls : true;
      })
      .map((ext) => (ext.params ? `${ext.keyword} ${fill(ext.params, vars)}` : ext.keyword));
  }

  #paramContext(): ParamContext {
    return {
      offers: (keyword) => this.#offers(keyword),
      sasl: this.#serverProfile.policy.auth,
      lenient: this.#serverProfile.leniency.ignoreUnknownParams,
      paramsAllowed: this.#greetingInfo?.verb !== 'HELO' || this.#serverProfile.leniency.paramsAfterHelo,
      maxSize: this.#serverProfile.limits.messageSize,
    };
  }

  #mail(argument: string): void {
    if (!this.#serverProfile.leniency.heloOptional && !this.#greetingInfo)
      return this.#reply('mail.needHelo');
    if (this.#envelope) return this.#reply('mail.nested');
    if (this.#chunks.state !== 'none') return this.#reply('mail.afterBdat');
    const path = parsePathArgument(argument, 'FROM', this.#serverProfile.leniency.looseSyntax);
    if (!path.ok) {
      if (path.error === 'syntax') return this.#reply('mail.syntax', { arg: argument });
      return this.#reply('mail.badSender', { raw: path.raw, arg: argument });
    }
    const checked = checkMailParams(path.params, { ...this.#paramContext(), heldSize: this.#heldSize });
    if (this.#serverProfile.leniency.sizeOutlivesRefusal && checked.size !== undefined)
      this.#heldSize = checked.size;
    if (!checked.ok) return this.#reply(checked.id, checked.vars);
    if (path.utf8) {
      const refusal = this.#eightBitRefusal(path.raw, 'mail.badSender', 'mail.controlChars');
      if (refusal) return this.#reply(refusal, { raw: path.raw, arg: argument });
      if (this.#serverProfile.leniency.strictSmtputf8 && !('SMTPUTF8' in checked.params))
        return this.#reply('mail.utf8NotAllowed');
    }
    const address = path.address === '' ? '' : this.#qualified(path.address);
    this.#envelope = { mailFrom: canonicalAddress(address), mailParams: checked.params, rcptTo: [] };
    this.#reply('mail.ok', { address, raw: path.raw });
  }

  /**
   * A non-ASCII address where the server reads no SMTPUTF8: refused as bad syntax, or (leniency.addressOctets,
   * Sendmail 8) taken as octets, refused only for an octet from 0x80 to 0x9F. null: accepted.
   */
  #eightBitRefusal(raw: string, bad: ReplyId, control: ReplyId): ReplyId | null {
    if (this.#serverProfile.leniency.addressOctets)
      return new TextEncoder().encode(raw).some((o) => o >= 0x80 && o <= 0x9f) ? control : null;
    return this.#offers('SMTPUTF8') ? null : bad;
  }

  #offers(keyword: string): boolean {
    return this.#serverProfile.extensions.some((e) => e.keyword === keyword);
  }

  #rcpt(argument: string): void {
    if (!this.#serverProfile.leniency.heloOptional && !this.#greetingInfo)
      return this.#reply('rcpt.needHelo');
    if (!this.#envelope) return this.#reply('rcpt.needMail');
    if (this.#chunks.state !== 'none') return this.#reply('rcpt.afterBdat');
    const path = parsePathArgument(argument, 'TO', this.#serverProfile.leniency.looseSyntax);
    if (!path.ok && path.error === 'syntax') return this.#reply('rcpt.syntax', { arg: argument });
    // Postfix smtpd_recipient_limit: checked before the address is even read.
    if (this.#envelope.rcptTo.length >= this.#serverProfile.limits.recipients)
      return this.#reply('rcpt.tooMany');
    if (!path.ok) return this.#reply('rcpt.badRecipient', { raw: path.raw, arg: argument });
    if (path.address === '') return this.#reply('rcpt.badRecipient', { raw: path.raw, arg: argument });
    // RFC 5321 section 4.1.1.3: <Postmaster> without a domain must be accepted.
    const bare = !path.address.includes('@');
    if (
      bare &&
      !this.#serverProfile.leniency.qualifyBareRecipient &&
      path.address.toLowerCase() !== 'postmaster'
    )
      return this.#reply('rcpt.badRecipient', { raw: path.raw, arg: argument });
    const checked = checkRcptParams(path.params, this.#paramContext());
    if (!checked.ok) return this.#reply(checked.id, checked.vars);
    if (path.utf8) {
      const refusal = this.#eightBitRefusal(path.raw, 'rcpt.badRecipient', 'rcpt.controlChars');
      if (refusal) return this.#reply(refusal, { raw: path.raw, arg: argument });
      if (this.#serverProfile.leniency.strictSmtputf8 && !('SMTPUTF8' in this.#envelope.mailParams))
        return this.#reply('rcpt.utf8NotAllowed');
    }
    // Replies quote the address as the server reads it (echoed); lookups and the envelope use its stored form.
    const address = canonicalAddress(this.#qualified(path.address));
    const vars = { address: this.#echoed(path.address), raw: path.raw };
    if (this.#serverProfile.policy.authRequiredForRecipients && !this.#authUser)
      return this.#reply('rcpt.accessDenied', vars);
    const refusal = this.#recipientRefusal(address);
    if (refusal === 'rcpt.relayDenied') return this.#reply(refusal, vars);
    // smtpd_recipient_restrictions (a policy service: greylisting) run before the recipient table is asked.
    if (this.#options.greylisted?.(this.#options.clientAddress, this.#envelope.mailFrom, address))
      return this.#reply('rcpt.greylisted', { ...vars, domain: domainOf(address) });
    if (refusal) return this.#reply(refusal, vars);
    const accept = () => {
      envelope.rcptTo.push({ address, params: checked.params });
      this.#reply('rcpt.ok', vars);
    };
    const envelope = this.#envelope;
    // check_policy_service comes after permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination.
    if (!this.#options.checks || this.#trusted()) return accept();
    this.#suspend(this.#options.checks.recipient(this.#checkedTransaction(envelope)), (spf) =>
      spf ? this.#reply('rcpt.spfRejected', { ...vars, reason: spf }) : accept(),
    );
  }

  #trusted(): boolean {
    return (
      this.#serverProfile.policy.relay === 'deny' &&
      canRelay(this.#serverProfile, this.host, this.#options.clientAddress, this.#authUser)
    );
  }

  #checkedTransaction(envelope: Envelope) {
    const helo = this.#greetingInfo?.name ?? '';
    return { clientAddress: this.#options.clientAddress, helo, mailFrom: envelope.mailFrom };
  }

  /** Go on with `then` now, or hold the input until `work` is done (a closed connection forgets it). */
  #suspend<T>(work: T | Promise<T>, then: (value: T) => void): void {
    if (!(work instanceof Promise)) return then(work);
    this.#mode = 'checking';
    void work.then((value) => {
      if (this.#mode !== 'checking') return;
      this.#mode = 'command';
      then(value);
      this.#pump();
    });
  }

  /**
   * Postfix smtpd_check: where the address really goes (percent hack, bang path, address literals), then
   * reject_unauth_destination for a remote one and the local recipient table for a local one.
   */
  #recipientRefusal(
    address: string,
    unlistedRefused = this.#serverProfile.policy.rejectUnlistedRecipient !== false,
  ): ReplyId | null {
    const resolved = resolveAddress(this.#serverProfile, this.host, address);
    if (!resolved.local)
      return canRelay(this.#serverProfile, this.host, this.#options.clientAddress, this.#authUser)
        ? null
        : 'rcpt.relayDenied';
    return unlistedRefused && !userExists(this.host, resolved.address) ? 'rcpt.unknownUser' : null;
  }

  /** An address as the server quotes it back (profile policy echoAsHeld). */
  #echoed(address: string): string {
    // Postfix writes a control character of the address it holds as a space (live 3.7: "<al ice>").
    if (this.#serverProfile.policy.echoAsHeld)
      return unquotedAddress(address).replace(/[\x00-\x1f\x7f]/g, ' ');
    return this.#qualified(address);
  }

  #data(argument: string): void {
    // Postfix checks the recipients first: a pipelining client may send DATA after all RCPTs failed.
    if (!this.#envelope) return this.#reply('data.needRcpt');
    if (this.#envelope.rcptTo.length === 0) return this.#reply('data.noValidRecipients');
    if (argument !== '' && this.#noArguments('DATA')) return this.#reply('data.syntax');
    if (this.#chunks.state !== 'none') return this.#reply('data.afterBdat');
    this.#body = new DataBody({
      messageSize: this.#serverProfile.limits.messageSize,
      dataLine: this.#serverProfile.limits.dataLine,
      bareLf: this.#serverProfile.leniency.bareLf,
      unstuffSingleDot: this.#serverProfile.leniency.unstuffSingleDot,
    });
    this.#mode = 'data';
    this.#reply('data.go');
  }

  /** RFC 5321 section 4.5.2: a line of the message, or the dot that ends it. */
  #dataLine(octets: string, ending: Ending): void {
    this.#emit({ type: 'data-line', connectionId: this.id, line: decodeOctets(octets), ending });
    const body = this.#body!;
    if (!body.line(octets, ending)) return;
    this.#mode = 'command';
    if (body.bareLfSeen) {
      this.#resetTransaction();
      this.#reply('protocol.bareLf');
      return this.#hangUp('the message contained a bare LF');
    }
    const refusal = body.tooBig ? 'data.tooBig' : body.lineTooLong ? 'data.lineTooLong' : null;
    this.#finishMessage(body.text(), 'DATA', body.octets, refusal);
  }

  #dataPiece(octets: string): void {
    this.#emit({ type: 'data-line', connectionId: this.id, line: decodeOctets(octets), ending: '' });
    this.#body!.piece(octets);
  }

  #bdat(argument: string): void {
    const words = argument.split(/[ \t]+/).filter(Boolean);
    const count = words[0] !== undefined && /^\d{1,15}$/.test(words[0]) ? Number(words[0]) : -1;
    const last = words.length === 2 && words[1].toUpperCase() === 'LAST';
    if (count < 0 || words.length > 2 || (words.length === 2 && !last)) {
      // Postfix hangs up: it cannot trust the size, so it cannot tell where the chunk ends.
      this.#reply('bdat.badSize');
      return this.#hangUp('a BDAT command without a readable size');
    }
    this.#chunks.begin(count, last, this.#chunkRefusal(count, last));
    this.#mode = 'bdat';
    if (count === 0) this.#endChunk();
  }

  /** Why the chunk about to be read will be refused, in the order of Postfix's bdat_cmd(); null: accepted. */
  #chunkRefusal(count: number, last: boolean): ReplyId | null {
    // "BDAT 0" without LAST would let a client loop for ever at no cost; it is refused like any chunk.
    if (count === 0 && !last) return 'bdat.null';
    if (this.#chunks.state === 'error') return 'bdat.discarded';
    if (!this.#envelope) return 'bdat.needRcpt';
    if (this.#envelope.rcptTo.length === 0) return 'bdat.noValidRecipients';
    if (this.#chunks.octets + count > this.#serverProfile.limits.messageSize) return 'bdat.tooBig';
    return null;
  }

  /** RFC 3030 section 3: the chunk is read in full before the server answers, even when it refuses it. */
  #readChunk(): void {
    if (this.#chunks.read(this.#input)) this.#endChunk();
  }

  #endChunk(): void {
    this.#mode = 'command';
    const end = this.#chunks.end();
    if (end.kind === 'refused') {
      if (end.last) this.#resetTransaction();
      return this.#reply(end.id, { bytes: end.octets });
    }
    if (end.kind === 'chunk') return this.#reply('bdat.chunk', { bytes: end.octets });
    this.#finishMessage(end.content, 'BDAT', end.octets, null, end.reported);
  }

  /** The end of the message: refuse it, or deliver it and say so (RFC 5321 section 4.1.1.4). */
  #finishMessage(
    octets: string,
    via: 'DATA' | 'BDAT',
    size: number,
    refusal: ReplyId | null,
    /** The size the final reply names, where it is not `size` (BDAT: as Postfix counts records, body.ts). */
    reported = size,
  ): void {
    const envelope = this.#envelope!;
    const content = decodeOctets(octets);
    this.#emit({ type: 'message', connectionId: this.id, content, octets: size, via });
    this.#resetTransaction();
    if (refusal) return this.#reply(refusal);
    if (!this.#options.checks) return this.#store(envelope, content, via, reported);
    const tx = { ...this.#checkedTransaction(envelope), content };
    if (this.#trusted()) {
      // Trusted clients are not checked; a signing host's OpenDKIM signs their mail (its fields go on top).
      const signing = this.#options.checks.sign?.(tx);
      if (!signing) return this.#store(envelope, content, via, reported);
      return this.#suspend(signing, (fields) => this.#store(envelope, content, via, reported, fields));
    }
    this.#suspend(this.#options.checks.message(tx), (outcome) =>
      outcome.refuse
        ? this.#reply('data.dmarcRejected', { domain: outcome.refuse.domain })
        : this.#store(
            envelope,
            content,
            via,
            reported,
            outcome.headers,
            outcome.verdict ?? undefined,
            outcome.hold,
          ),
    );
  }

  #store(
    envelope: Envelope,
    content: string,
    via: 'DATA' | 'BDAT',
    size: number,
    authHeaders: string[] = [],
    auth?: StoredMessage['auth'],
    held?: string,
  ): void {
    const queueId = makeQueueId(this.#serverProfile.policy.queueIdStyle, this.#options.env);
    const { stored, reports } = deliver({
      profile: this.#serverProfile,
      host: this.host,
      serverName: this.#serverName,
      env: this.#options.env,
      queueId,
      heloName: this.#greetingInfo?.name ?? null,
      clientAddress: this.#options.clientAddress,
      clientName: this.#options.clientName ?? clientName(this.#options.clientAddress),
      protocol: this.#protocol(),
      envelope,
      content,
      via,
      authHeaders,
      auth,
      addMissingHeaders:
        this.#serverProfile.policy.addMissingHeaders === 'always' ||
        (this.#serverProfile.policy.addMissingHeaders === 'local-clients' &&
          clientIsLocal(this.host, this.#options.clientAddress)),
    });
    // A milter's quarantine: Postfix still answers 250, and the message waits in the hold queue.
    if (held !== undefined) for (const m of stored) m.held = held;
    // A report owed while its writer is still to load holds the 250 (and the input) until it is written.
    const written = writeReports(reports, (late) => this.#handOver(late));
    if (Array.isArray(written)) return this.#queued([...stored, ...written], via, queueId, size);
    this.#suspend(this.#options.track?.(written) ?? written, (late) =>
      this.#queued([...stored, ...late], via, queueId, size),
    );
  }

  /** The message is stored (and its reports): say so. */
  #queued(messages: StoredMessage[], via: 'DATA' | 'BDAT', queueId: string, size: number): void {
    this.#accepted++;
    // smtpd_junk_command_limit: "The junk command count is reset after mail is delivered."
    this.#junk = 0;
    // Stored before the 250 (the receipt means it is safe), announced after it, in the order a log shows.
    const kept = messages.filter((message) => this.#options.deliver(message));
    this.#reply(via === 'BDAT' ? 'bdat.accepted' : 'data.accepted', { queueId, bytes: size });
    for (const message of kept) this.#emit({ type: 'delivered', connectionId: this.id, message });
  }

  /** Reports written after the 250 (their writer could not be fetched then): stored and announced now. */
  #handOver(reports: StoredMessage[]): void {
    for (const message of reports)
      if (this.#options.deliver(message)) this.#emit({ type: 'delivered', connectionId: this.id, message });
  }

  #protocol(): StoredMessage['protocol'] {
    if (this.#greetingInfo?.verb !== 'EHLO') return 'SMTP';
    if (this.#tls && this.#authUser) return 'ESMTPSA';
    if (this.#authUser) return 'ESMTPA';
    return this.#tls ? 'ESMTPS' : 'ESMTP';
  }

  #rset(argument: string): void {
    if (argument !== '' && this.#noArguments('RSET')) return this.#reply('rset.syntax');
    this.#resetTransaction();
    this.#reply('rset.ok');
  }

  #noop(): void {
    this.#reply('noop.ok');
  }

  #quit(argument: string): void {
    if (argument !== '' && this.#noArguments('QUIT')) return this.#reply('quit.syntax');
    this.#reply('quit.ok');
    this.#hangUp('the client said QUIT');
  }

  #vrfy(argument: string): void {
    const policy = this.#serverProfile.policy.vrfy;
    if (policy === 'disabled') return this.#reply('vrfy.disabled');
    const words = argument.split(/[ \t]+/).filter(Boolean);
    if (words.length === 0) return this.#reply('vrfy.syntax');
    // Postfix: "VRFY address [SMTPUTF8]"; anything else is a malformed address (VRFY alice smith).
    const extra = words.length > 2 || (words.length === 2 && words[1].toUpperCase() !== 'SMTPUTF8');
    if (extra && policy !== 'postfix') return this.#reply('vrfy.syntax');
    if (policy === 'always-252') return this.#reply('vrfy.ok', { arg: argument });
    const path = parsePathArgument(`TO:${words[0]}`, 'TO', true);
    const address = path.ok ? path.address : '';
    if (extra || address === '') return this.#reply('rcpt.badRecipient', { raw: words[0], arg: argument });
    const qualified = canonicalAddress(this.#qualified(address));
    const vars = { arg: words[0], address: this.#echoed(address), raw: words[0] };
    // VRFY always asks the recipient table (Postfix smtpd_check_rcptmap), whatever RCPT would do.
    const refusal = this.#recipientRefusal(qualified, true);
    if (refusal === 'rcpt.unknownUser') return this.#reply('vrfy.unknownUser', vars);
    if (refusal) return this.#reply(refusal, vars);
    if (policy === 'sendmail') {
      const user = findUser(this.host, localPartOf(qualified));
      const full = user?.fullName ? `${user.fullName} <${qualified}>` : `<${qualified}>`;
      return this.#reply('vrfy.ok', { ...vars, arg: full });
    }
    this.#reply('vrfy.ok', vars);
  }

  #expn(argument: string): void {
    if (argument === '') return this.#reply('vrfy.syntax');
    const name = localPartOf(argument.replace(/^<(.*)>$/, '$1')).toLowerCase();
    const members = this.host.aliases?.[name];
    if (!members) {
      if (userExists(this.host, this.#qualified(name)))
        return this.#reply('expn.ok', { arg: `<${this.#qualified(name)}>` });
      return this.#reply('expn.unknown', { arg: argument });
    }
    const lines = members.map((m) => `<${this.#qualified(m)}>`);
    this.#reply('expn.ok', { arg: lines[0] }, lines.slice(1));
  }

  /** HELP: the profile's text, or with a known topic its syntax line (aiosmtpd: "250 Syntax: DATA"). */
  #help(argument: string): void {
    const topic = this.#serverProfile.helpTopics?.[argument.toUpperCase()];
    const lines = topic ? [`Syntax: ${topic}`] : (this.#serverProfile.help ?? []);
    const reply = this.#build('help.ok', {}, lines.slice(1));
    if (lines.length > 0) reply.lines[0] = lines[0];
    this.#emitReply(reply);
  }

  #etrn(argument: string): void {
    if (this.#envelope) return this.#reply('etrn.inTransaction');
    if (argument === '' || /[ \t]/.test(argument)) return this.#reply('etrn.syntax');
    // Postfix etrn_cmd(): one leading '@' or '#' is dropped, then the name must be a valid host name.
    const domain = argument.replace(/^[@#]/, '');
    if (!isPostfixDomain(domain) || domain.startsWith('[')) return this.#reply('etrn.badDomain');
    this.#reply('etrn.denied', { arg: domain });
  }

  /**
   * XCLIENT and XFORWARD (Postfix): a content filter or proxy passes on the real client's details. Only hosts
   * listed in smtpd_authorized_xclient_hosts / smtpd_authorized_xforward_hosts may; a learner never is one.
   */
  #proxyCommand(verb: 'XCLIENT' | 'XFORWARD', argument: string): void {
    if (this.#envelope) return this.#reply('xclient.inTransaction');
    if (argument === '') return this.#reply('xclient.syntax', { verb });
    this.#reply('xclient.unauthorized');
  }

  #starttls(argument: string): void {
    if (argument !== '' && this.#noArguments('STARTTLS')) return this.#reply('starttls.syntax');
    if (this.#tls) return this.#reply('starttls.already');
    if (!this.#serverProfile.policy.starttls) return this.#reply('starttls.unavailable');
    // Anything the client pipelined after STARTTLS is thrown away (the CVE-2011-0411 fix).
    this.#input.clear();
    this.#mode = 'tls-handshake';
    this.#reply('starttls.ready');
  }

  /** RFC 4954; the order of the checks is Postfix's smtpd_sasl_auth_cmd(). */
  #auth(argument: string): void {
    if (!this.#serverProfile.leniency.heloOptional && !this.#greetingInfo)
      return this.#reply('auth.needEhlo');
    if (!this.#authActive())
      return this.#reply(
        this.#serverProfile.policy.auth &&
          !this.#tls &&
          this.#serverProfile.policy.authBeforeTls === 'tls-required'
          ? 'auth.tlsRequired'
          : 'auth.notEnabled',
      );
    if (this.#envelope) return this.#reply('auth.inTransaction');
    if (this.#authUser) return this.#reply('auth.already');
    const words = argument.split(/[ \t]+/).filter(Boolean);
    if (words.length < 1 || words.length > 2) return this.#reply('auth.syntax');
    const mechanism = mechanismOf(words[0]);
    if (!mechanism) return this.#reply('auth.badMechanism');
    this.#sasl = new SaslExchange(mechanism);
    this.#saslStep(this.#sasl.step(words[1]));
  }

  /** A line of the AUTH exchange, after a 334 challenge. */
  #authResponse(octets: string, ending: Ending): void {
    const line = decodeOctets(octets);
    this.#emit({
      type: 'command',
      connectionId: this.id,
      line,
      ending,
      verb: '(auth-response)',
      argument: line,
    });
    // The reply still answers AUTH: the exchange is one command.
    this.#answering = 'AUTH';
    this.#saslStep(this.#sasl!.step(line.trim(), true));
  }

  #saslStep(step: SaslStep): void {
    const mechanism = this.#sasl!.mechanism;
    this.#mode = 'command';
    if ('challenge' in step) {
      this.#mode = 'auth';
      return this.#reply('auth.challenge', { arg: step.challenge });
    }
    this.#sasl = null;
    if ('cancelled' in step) return this.#reply('auth.cancelled');
    const user = 'user' in step ? step.user : null;
    const success = user !== null && 'password' in step && checkPassword(this.host, user, step.password);
    this.#emit({ type: 'auth', connectionId: this.id, mechanism, user, success });
    if ('malformed' in step) return this.#reply('auth.malformed', { reason: step.malformed });
    if (!success) return this.#reply('auth.failed', { reason: BAD_AUTH });
    this.#authUser = user;
    this.#reply('auth.ok');
  }

  // ------------------------------------------------------------------------------------------
  // Replies, state, events

  #vars(extra: ReplyVars = {}): ReplyVars {
    return {
      host: this.#serverName,
      ip: this.#options.clientAddress,
      helo: this.#greetingInfo?.name ?? '',
      maxSize: this.#serverProfile.limits.messageSize,
      ...extra,
    };
  }

  /** A reply from the profile's template; the clock is read only when the text shows a date. */
  #build(id: ReplyId, extra: ReplyVars, extraLines: string[] = []): Reply {
    const template = this.#serverProfile.replies[id];
    const texts = Array.isArray(template.text) ? template.text.join('\n') : template.text;
    const vars = this.#vars(extra);
    if (/\{(date|fullDate)\}/.test(texts)) {
      const now = this.#options.env.now();
      // Only the older servers' replies show a date, with the day unpadded as Sendmail writes it.
      vars.date = rfc5322Date(now, this.#options.env, false, false);
      vars.fullDate = rfc5322Date(now, this.#options.env, true, false);
    }
    return buildReply(this.#serverProfile, id, vars, extraLines);
  }

  #reply(id: ReplyId, extra: ReplyVars = {}, extraLines: string[] = []): void {
    this.#emitReply(this.#build(id, extra, extraLines));
  }

  #emitReply(reply: Reply): void {
    // smtpd_soft_error_limit: past it, Postfix sleeps smtpd_error_sleep_time before every reply it sends.
    const { softErrors, errorSleepMs } = this.#serverProfile.limits;
    const slowed = softErrors > 0 && errorSleepMs > 0 && this.#errors >= softErrors;
    this.#emit({
      type: 'reply',
      connectionId: this.id,
      reply,
      wire: formatReply(reply),
      command: this.#answering,
      ...(slowed ? { delayMs: errorSleepMs } : {}),
    });
    if (reply.code >= 400 && !NOT_COUNTED.has(reply.id)) this.#errors++;
  }

  /**
   * Postfix smtpd_hard_error_limit: checked at the top of the command loop, before the next command is read,
   * so the 421 follows the reply that made the count at once. Not inside DATA, a chunk or an AUTH exchange.
   */
  #checkErrorLimit(): void {
    if (
      this.#mode !== 'command' ||
      this.#serverProfile.limits.errors <= 0 ||
      this.#errors < this.#serverProfile.limits.errors
    )
      return;
    this.#reply('command.tooManyErrors');
    this.#hangUp('too many errors');
  }

  /** The verb refuses an argument (Postfix: "DATA now" gets 501; smtp-server takes it as DATA). */
  #noArguments(verb: string): boolean {
    return this.#serverProfile.leniency.noArguments.includes(verb);
  }

  #hangUp(reason: string): void {
    if (this.#mode === 'closed') return;
    this.#mode = 'closed';
    this.#input.clear();
    this.#emit({ type: 'closed', connectionId: this.id, by: 'server', reason });
  }

  #resetTransaction(): void {
    this.#heldSize = null;
    this.#envelope = null;
    this.#chunks = new BdatBody();
    this.#body = null;
  }

  #qualified(address: string): string {
    return qualify(this.host, address, this.#serverProfile.leniency.qualifyBareRecipient);
  }

  #phase(): Phase {
    switch (this.#mode) {
      case 'closed':
      case 'data':
      case 'bdat':
      case 'auth':
      case 'tls-handshake':
      case 'tls-wait':
        return this.#mode;
    }
    if (this.#envelope) return this.#envelope.rcptTo.length > 0 ? 'rcpt' : 'mail';
    return this.#greetingInfo ? 'ready' : 'greeting';
  }

  #notePhase(): void {
    // While the session waits (a check, a chunk to load) its phase is the one it had: it moves with the answer.
    if (this.#mode === 'checking') return;
    const now = this.#phase();
    if (now !== this.#lastPhase) {
      const from = this.#lastPhase;
      this.#lastPhase = now;
      this.#emit({ type: 'phase', connectionId: this.id, from, to: now });
    }
  }

  #emit(event: SmtpEvent): void {
    // Listeners must never break the server: a failing view is its own problem.
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        console.error('SMTP event listener failed', error);
      }
    }
    this.#options.emit(event);
    if (event.type === 'reply') this.#notePhase();
  }
}
