// One accepted TCP (or TLS) socket joined to one simulated SMTP connection: bytes in go to the core
// unchanged, replies go out as the core wrote them, and STARTTLS swaps the socket for a real TLS one.
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
  /** True when the socket came from the implicit-TLS listener, handshake already done. */
  implicitTls: boolean;
  secureContext: SecureContext;
  idleTimeoutMs: number;
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

  constructor(socket: Socket, options: LinkOptions) {
    this.o = options;
    this.io = socket;
    this.clientAddress = normalizeClientAddress(socket.remoteAddress);
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
    connection.start();
    if (this.o.implicitTls) {
      const protocol = (socket as TLSSocket).getProtocol?.() ?? 'TLS';
      this.o.log(`#${this.id} ${this.clientAddress} TLS established (${protocol}, implicit)`);
      connection.startTls();
    }
  }

  /** Listeners every socket of this link gets (the plain one and, later, the TLS one). */
  private watch(socket: Socket): void {
    this.sockets.push(socket);
    socket.setNoDelay(true);
    socket.setTimeout(this.o.idleTimeoutMs);
    socket.on('data', (chunk: Buffer) => this.guard(() => this.onData(socket, chunk)));
    socket.on('end', () => this.guard(() => this.onEnd(socket)));
    socket.on('timeout', () => this.guard(() => this.onIdle(socket)));
    socket.on('error', (error) => this.guard(() => this.onSocketError(socket, error)));
    socket.on('close', () => this.guard(() => this.onSocketClose(socket)));
  }

  private onData(socket: Socket, chunk: Buffer): void {
    // Stale sockets (the plain one after STARTTLS) and a server that has said goodbye get no say. The bytes
    // are still read, so that closing never meets unread input (which would make the kernel send a reset
    // and could destroy the goodbye reply before the client reads it).
    if (socket !== this.io || this.handshaking || this.serverClosed || !this.connection) return;
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
      this.write(event.wire);
      // RFC 3207 section 4: after the 220 the next bytes are the client's TLS handshake, not SMTP.
      if (event.reply.id === 'starttls.ready') this.beginTls();
    } else if (event.type === 'closed' && event.by === 'server') {
      this.hangUp();
    }
  }

  private write(wire: string): void {
    const socket = this.io;
    if (socket.destroyed || !socket.writable) return;
    // Replies are text that echoes the client's UTF-8; as Latin-1 a character such as U+010A went out as a
    // bare LF (an echoed command could forge a reply line).
    const ok = socket.write(Buffer.from(wire, 'utf8'));
    if (!ok && !socket.isPaused()) {
      // A client that pipelines without reading its replies: stop reading until it catches up, so the
      // server's memory stays bounded (the kernel's buffers then push back on the client).
      socket.pause();
      socket.once('drain', () => socket.resume());
    }
  }

  private beginTls(): void {
    const plain = this.io;
    this.handshaking = true;
    // No timeout is lost: the TLS socket below gets the same idle timer.
    plain.setTimeout(0);
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
        this.o.log(`#${this.id} ${this.clientAddress} TLS established (${secure.getProtocol() ?? 'TLS'})`);
        this.connection?.startTls();
      }),
    );
  }

  private onEnd(socket: Socket): void {
    if (socket !== this.io) return;
    // The client closed its side; every byte it sent has been answered already (send() is synchronous).
    this.connection?.close();
  }

  private onIdle(socket: Socket): void {
    if (socket !== this.io || this.finished) return;
    const connection = this.connection;
    const phase = connection?.state.phase;
    this.o.log(`#${this.id} ${this.clientAddress} idle for ${Math.round(this.o.idleTimeoutMs / 1000)} s`);
    // Postfix smtpd_timeout: the core has no clock of its own, so the bridge tells it when time is up.
    if (connection && phase !== 'closed') connection.timeout();
    else connection?.close();
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
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    this.lingerTimer = null;
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
