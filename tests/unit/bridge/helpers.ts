// Test helpers for the TCP bridge: a bridge on an ephemeral loopback port and a raw SMTP client that
// reads complete (multi-line) replies with bounded waits.
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import {
  startBridge,
  type Bridge,
  type BridgeOptions,
  type ListenerOptions,
} from '../../../src/bridge/server.ts';

export async function testBridge(
  listeners: ListenerOptions[] = [{ port: 0, profile: 'postfix' }],
  options: Partial<BridgeOptions> = {},
): Promise<Bridge & { errors: string[] }> {
  // Internal errors are collected, not printed: a test can then assert that there were none.
  const errors: string[] = [];
  const bridge = await startBridge({
    listeners,
    lingerMs: 2000,
    error: (line) => errors.push(line),
    ...options,
  });
  return Object.assign(bridge, { errors });
}

export function portOf(bridge: Bridge, tls = false): number {
  const endpoint = bridge.endpoints.find((e) => e.tls === tls);
  if (!endpoint) throw new Error(`no ${tls ? 'TLS' : 'plain'} endpoint`);
  return endpoint.port;
}

/** A client that speaks raw bytes and reads whole replies ("250-..." lines up to "250 ..."). */
export class RawClient {
  private buffer = '';
  private waiters: Array<() => void> = [];
  private ended = false;
  readonly socket: Socket;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => {
      this.buffer += chunk.toString('latin1');
      this.wake();
    });
    const end = () => {
      this.ended = true;
      this.wake();
    };
    socket.on('end', end);
    socket.on('close', end);
    socket.on('error', end);
  }

  /** `localAddress` (plain sockets): another loopback address (127.0.0.2) to be a second client machine. */
  static connect(port: number, options: { tls?: boolean; localAddress?: string } = {}): Promise<RawClient> {
    const { localAddress } = options;
    return new Promise((resolve, reject) => {
      const socket = options.tls
        ? tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () =>
            resolve(new RawClient(socket)),
          )
        : netConnect({ host: '127.0.0.1', port, localAddress }, () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Everything received so far that has not been taken as a reply (one char per octet). */
  get pending(): string {
    return this.buffer;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  write(data: string | Uint8Array): Promise<void> {
    return new Promise((resolve, reject) =>
      this.socket.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data, (e) =>
        e ? reject(e) : resolve(),
      ),
    );
  }

  /** The next complete reply, exactly as sent (CRLF line ends included). */
  async reply(timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const taken = takeReply(this.buffer);
      if (taken) {
        this.buffer = this.buffer.slice(taken.length);
        return taken;
      }
      if (this.ended) throw new Error(`connection ended; unparsed: ${JSON.stringify(this.buffer)}`);
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`no complete reply within ${timeoutMs} ms; got ${JSON.stringify(this.buffer)}`);
      await this.wait(left);
    }
  }

  async replies(count: number, timeoutMs = 5000): Promise<string[]> {
    const out: string[] = [];
    for (let i = 0; i < count; i++) out.push(await this.reply(timeoutMs));
    return out;
  }

  /** Resolves when the server has closed the connection; rejects after the timeout. */
  async closed(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ended) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`connection still open after ${timeoutMs} ms`);
      await this.wait(left);
    }
  }

  destroy(): void {
    this.socket.destroy();
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.push(done);
    });
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}

/** The first complete reply at the start of `text`, or null. RFC 5321 4.2: the last line is "NNN " or "NNN". */
function takeReply(text: string): string | null {
  let at = 0;
  for (;;) {
    const end = text.indexOf('\r\n', at);
    if (end < 0) return null;
    const line = text.slice(at, end);
    at = end + 2;
    if (/^\d{3}(?: |$)/.test(line)) return text.slice(0, at);
  }
}

/** Resolves when `predicate` holds, polling; for effects that happen after a reply was sent. */
export async function eventually(predicate: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
