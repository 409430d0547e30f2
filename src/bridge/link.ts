// One accepted TCP socket joined to one simulated SMTP connection: bytes in go to the core unchanged, replies
// go out as UTF-8, STARTTLS (or the implicit-TLS port, from the first byte) swaps the socket for a TLS one,
// and the link keeps the clock: no request, message or session may take longer than its deadline.
import type { Socket } from 'node:net';
import { TLSSocket, type SecureContext } from 'node:tls';
import type { Network } from '../smtp/network.ts';
import type { Connection, SmtpEvent } from '../smtp/types.ts';
import { normalizeClientAddress } from './address.ts';

export interface LinkOptions {
  network: Network;
  /** The simulated host and port this socket reaches. */
  hostName: string;
  port: number;
  /** True when the socket came from the implicit-TLS listener: the TLS handshake comes first. */
  implicitTls: boolean;
  secureContext: SecureContext;
  /**
   * Postfix smtpd_timeout with smtpd_per_request_deadline = yes: each command line (and the TLS handshake)
   * must arrive whole within this time, not merely one byte of it.
   */
  requestTimeoutMs: number;
  /** Postfix smtpd_min_data_rate: message content extends the deadline by its size at this rate. */
  minDataRate: number;
  /** The whole connection, however busy (Postfix has no such limit; a classroom needs one). */
  sessionTimeoutMs: number;
  /** How long a client may keep a socket open after the server said goodbye. */
  lingerMs: number;
  log: (line: string) => void;
  error: (line: string) => void;
  /** Called exactly once, when the socket is gone. */
  onFinished: (link: Link) => void;
}

export class Link {
  readonly clientAddress: string;
  private readonly o: LinkOptions;
  /** The socket we read from and write to: the accepted one, then the TLS one after STARTTLS. */
  private io: Socket;
  private connection: Connection | null = null;
  private finished = false;
  private serverClosed = false;
  private handshaking = false;
  private lingerTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly sockets: Socket[] = [];
  /** When the current request must be complete (ms since the epoch), and the timer that checks it. */
  private deadline = 0;
  private deadlineTimer: ReturnType<typeof setTimeout> | null = null;
  private sessionTimer: ReturnType<typeof setTimeout> | null = null;
  private lastInput = Date.now();
  /**
   * What is to be sent, in order, once a delayed reply has waited its time (Postfix smtpd_error_sleep_time):
   * the replies after it, the start of TLS after a 220, the hang-up. While it waits nothing more is read.
   */
  private readonly outbox: Array<() => void> = [];
  private sleepTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(socket: Socket, options: LinkOptions) {
    this.o = options;
    this.io = socket;
    this.clientAddress = normalizeClientAddress(socket.remoteAddress);
    this.newRequest();
    this.sessionTimer = setTimeout(
      () => this.guard(() => this.expire(`session longer than ${seconds(this.o.sessionTimeoutMs)} s`)),
      this.o.sessionTimeoutMs,
    );
    this.guard(() => this.open(socket));
  }

  get isFinished(): boolean {
    return this.finished;
  }

  get id(): number {
    return this.connection?.id ?? 0;
  }

  /** Close this link now (server shutdown). */
  shutdown(): void {
    this.connection?.close();
    this.destroy();
  }

  private open(socket: Socket): void {
    this.watch(socket);
    const result = this.o.network.connect(this.o.hostName, this.o.port, {
      clientAddress: this.clientAddress,
    });
    if (!result.ok) {
      // Only a mis-built world gets here: the listener's port is always one of the host's services.
      this.o.error(`cannot reach ${this.o.hostName}:${this.o.port} in the simulated world (${result.error})`);
      this.destroy();
      return;
    }
    const connection = result.connection;
    this.connection = connection;
    connection.on((event) => this.onEvent(event));
    // On the implicit-TLS port the core says nothing until startTls(); the handshake is under our clock.
    connection.start();
    if (this.o.implicitTls) this.beginTls();
  }

  /** Listeners every socket of this link gets (the plain one and, later, the TLS one). */
  private watch(socket: Socket): void {
    this.sockets.push(socket);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.guard(() => this.onData(socket, chunk)));
    socket.on('end', () => this.guard(() => this.onEnd(socket)));
    socket.on('error', (error) => this.guard(() => this.onSocketError(socket, error)));
    socket.on('close', () => this.guard(() => this.onSocketClose(socket)));
  }

  private onData(socket: Socket, chunk: Buffer): void {
    // Stale sockets (the plain one after STARTTLS) and a server that has said goodbye get no say. The bytes
    // are still read, so that closing never meets unread input (which would make the kernel send a reset
    // and could destroy the goodbye reply before the client reads it).
    if (socket !== this.io || this.handshaking || this.serverClosed || !this.connection) return;
    const now = Date.now();
    this.lastInput = now;
    const phase = this.connection.state.phase;
    if (phase === 'data' || phase === 'bdat') {
      // smtpd_min_data_rate: content earns time at the minimum rate, never more than a fresh request has.
      const earned = (chunk.length * 1000) / this.o.minDataRate;
      this.deadline = Math.min(now + this.o.requestTimeoutMs, this.deadline + earned);
    }
    // Corked, the replies to a pipelined group leave in one segment instead of one write each.
    socket.cork();
    try {
      this.connection.send(chunk);
    } finally {
      socket.uncork();
    }
  }

  private onEvent(event: SmtpEvent): void {
    if (event.type === 'reply') {
      const delay = replyDelay(event);
      if (delay > 0) this.outbox.push(() => this.sleep(delay));
      this.outbox.push(() => {
        // A reply ends a request: the next one (or the TLS handshake after a 220 to STARTTLS) starts now.
        this.newRequest();
        this.write(event.wire);
        // RFC 3207 section 4: after the 220 the next bytes are the client's TLS handshake, not SMTP.
        if (event.reply.id === 'starttls.ready') this.beginTls();
      });
    } else if (event.type === 'closed' && event.by === 'server') {
      this.outbox.push(() => this.hangUp());
    } else return;
    this.flush();
  }

  private flush(): void {
    while (this.sleepTimer === null && this.outbox.length > 0) this.outbox.shift()!();
    if (this.sleepTimer === null) this.resumeInput(this.io);
  }

  /** The server waits before its next reply, and reads nothing meanwhile (input stays in the socket). */
  private sleep(ms: number): void {
    this.io.pause();
    // The client is not to blame for the time we take.
    this.deadline += ms;
    this.sleepTimer = setTimeout(
      () =>
        this.guard(() => {
          this.sleepTimer = null;
          this.flush();
        }),
      ms,
    );
  }

  private resumeInput(socket: Socket): void {
    // Paused for a client that does not read its replies: the 'drain' listener resumes.
    if (this.sleepTimer === null && socket.isPaused() && !socket.writableNeedDrain) socket.resume();
  }

  private write(wire: string): void {
    const socket = this.io;
    if (socket.destroyed || !socket.writable) return;
    const ok = socket.write(replyOctets(wire));
    if (!ok && !socket.isPaused()) {
      // A client that pipelines without reading its replies: stop reading until it catches up, so the
      // server's memory stays bounded (the kernel's buffers then push back on the client).
      socket.pause();
      socket.once('drain', () => this.resumeInput(socket));
    }
  }

  private beginTls(): void {
    const plain = this.io;
    this.handshaking = true;
    // The 220 must reach the wire in clear before the TLS engine owns the socket.
    while (plain.writableCorked > 0) plain.uncork();
    // Wrapping a socket takes over its handle: whatever the kernel delivers from now on, and anything
    // already buffered but unread, goes to the TLS engine, never to the SMTP core.
    const secure = new TLSSocket(plain, { isServer: true, secureContext: this.o.secureContext });
    this.io = secure;
    this.watch(secure);
    secure.once('secure', () =>
      this.guard(() => {
        this.handshaking = false;
        const how = this.o.implicitTls ? ', implicit' : '';
        this.o.log(
          `#${this.id} ${this.clientAddress} TLS established (${secure.getProtocol() ?? 'TLS'}${how})`,
        );
        this.connection?.startTls();
      }),
    );
  }

  private onEnd(socket: Socket): void {
    if (socket !== this.io) return;
    // The client closed its side: every byte it sent has been read, but the replies may still be waiting.
    this.outbox.push(() => {
      this.connection?.close();
      this.hangUp();
    });
    this.flush();
  }

  private newRequest(): void {
    this.deadline = Date.now() + this.o.requestTimeoutMs;
    // One timer per link, re-armed only when it fires early: deadlines move often, timers need not.
    this.deadlineTimer ??= setTimeout(() => this.guard(() => this.checkDeadline()), this.o.requestTimeoutMs);
  }

  private checkDeadline(): void {
    this.deadlineTimer = null;
    if (this.finished || this.serverClosed) return;
    const left = this.deadline - Date.now();
    if (left > 0) {
      this.deadlineTimer = setTimeout(() => this.guard(() => this.checkDeadline()), left);
      return;
    }
    const limit = seconds(this.o.requestTimeoutMs);
    const phase = this.connection?.state.phase;
    if (this.handshaking) this.expire(`TLS handshake not done in ${limit} s`);
    else if (Date.now() - this.lastInput >= this.o.requestTimeoutMs) this.expire(`idle for ${limit} s`);
    else if (phase === 'data' || phase === 'bdat')
      this.expire(`message slower than ${this.o.minDataRate} octets/s`);
    else this.expire(`no complete command in ${limit} s`);
  }

  /** Time is up: Postfix's "421 4.4.2 <host> Error: timeout exceeded" (the core has no clock of its own). */
  private expire(why: string): void {
    if (this.finished || this.serverClosed) return;
    this.o.log(`#${this.id} ${this.clientAddress} timeout: ${why}`);
    const connection = this.connection;
    if (this.handshaking) {
      // Mid-handshake nothing can be said in clear, and nothing is owed: drop the socket.
      connection?.close();
      return this.destroy();
    }
    // The 421 and the hang-up come back as events, in turn after any reply still waiting.
    if (connection && connection.state.phase !== 'closed') return connection.timeout();
    connection?.close();
    this.hangUp();
  }

  /** End our side after the last reply; a client that never closes its side is dropped after lingerMs. */
  private hangUp(): void {
    if (this.serverClosed) return;
    this.serverClosed = true;
    this.io.end();
    this.lingerTimer = setTimeout(() => this.destroy(), this.o.lingerMs);
  }

  private onSocketError(socket: Socket, error: Error): void {
    const code = (error as NodeJS.ErrnoException).code;
    // Resets and TLS failures are the client's business; only report them when asked for details.
    this.o.log(
      `#${this.id} ${this.clientAddress} ${code ?? error.message}${socket === this.io ? '' : ' (old)'}`,
    );
    this.connection?.close();
    this.destroy();
  }

  private onSocketClose(_socket: Socket): void {
    // Whichever socket closes first, the link is over: the TLS socket and its plain one share one handle.
    this.connection?.close();
    this.destroy();
  }

  private destroy(): void {
    for (const timer of [this.lingerTimer, this.deadlineTimer, this.sessionTimer, this.sleepTimer])
      if (timer) clearTimeout(timer);
    this.lingerTimer = this.deadlineTimer = this.sessionTimer = this.sleepTimer = null;
    this.outbox.length = 0;
    for (const socket of this.sockets) if (!socket.destroyed) socket.destroy();
    if (this.finished) return;
    this.finished = true;
    this.o.onFinished(this);
  }

  /** No exception may leave a socket callback: log it, drop this client, keep serving the others. */
  private guard(action: () => void): void {
    try {
      action();
    } catch (error) {
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      this.o.error(`#${this.id} ${this.clientAddress} internal error, connection dropped: ${detail}`);
      try {
        this.connection?.close();
      } catch {
        // The core failed already; closing it is best effort.
      }
      this.destroy();
    }
  }
}

/** How long the core asks to wait before this reply (`delayMs`, Postfix's error sleep); 0 for most. */
function replyDelay(event: SmtpEvent & { type: 'reply' }): number {
  return event.delayMs !== undefined && event.delayMs > 0 ? event.delayMs : 0;
}

function seconds(ms: number): number {
  return Math.round(ms / 1000);
}

/**
 * A reply as it goes on the wire: UTF-8, so that an echoed "jörg" or "用户" comes back as the very octets the
 * client sent. The core never puts a CR or LF inside a line; should one get there, it goes out as "?" rather
 * than as a line end the client would read as a reply of its own.
 */
export function replyOctets(wire: string): Buffer {
  return Buffer.from(wire.replace(/\r(?!\n)|(?<!\r)\n/g, '?'), 'utf8');
}
