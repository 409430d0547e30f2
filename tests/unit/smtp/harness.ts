// Test harness: one simulated SMTP connection to a chosen host and profile, with everything the server
// wrote captured as wire lines (and a '<closed>' marker where the server hung up).
import { fixedEnvironment } from '../../../src/smtp/environment.ts';
import { Network } from '../../../src/smtp/network.ts';
import { defaultWorld } from '../../../src/smtp/worlds.ts';
import type { Connection, Environment, Reply, SmtpEvent, WorldSpec } from '../../../src/smtp/types.ts';

export interface SessionOptions {
  /** Profile id; when given, the host's service on `port` is replaced by one with this profile. */
  profile?: string;
  host?: string;
  port?: number;
  /** The client's address (Postfix's local-client header rewriting depends on it). */
  client?: string;
  env?: Environment;
  tls?: 'implicit';
  world?: WorldSpec;
}

/** The marker a transcript writes where the server closes the connection. */
export const CLOSED = '<closed>';

export class Session {
  readonly net: Network;
  readonly connection: Connection;
  readonly events: SmtpEvent[] = [];
  readonly replies: Reply[] = [];
  closedByServer = false;
  private pending: string[] = [];

  constructor(options: SessionOptions = {}) {
    const hostName = options.host ?? 'mail.example.test';
    const port = options.port ?? 25;
    const world = withService(options.world ?? defaultWorld, hostName, port, options.profile, options.tls);
    this.net = new Network(world, options.env ?? fixedEnvironment());
    const result = this.net.connect(hostName, port, { clientAddress: options.client ?? '203.0.113.7' });
    if (!result.ok) throw new Error(`cannot connect to ${hostName}:${port}: ${result.error}`);
    this.connection = result.connection;
    this.connection.on((event) => {
      this.events.push(event);
      if (event.type === 'reply') {
        this.replies.push(event.reply);
        this.pending.push(...event.wire.replace(/\r\n$/, '').split('\r\n'));
      } else if (event.type === 'closed' && event.by === 'server') {
        this.closedByServer = true;
        this.pending.push(CLOSED);
      }
    });
  }

  start(): this {
    this.connection.start();
    return this;
  }

  send(data: string | Uint8Array): this {
    this.connection.send(data);
    return this;
  }

  /** Send one command line with CRLF and return what the server wrote in answer. */
  command(line: string): string[] {
    this.send(`${line}\r\n`);
    return this.take();
  }

  /** Everything the server wrote since the last take(), one entry per wire line. */
  take(): string[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }
}

/** A copy of the world in which `host` serves `profile` on `port`. */
export function withService(
  world: WorldSpec,
  hostName: string,
  port: number,
  profile: string | undefined,
  tls: 'implicit' | undefined,
): WorldSpec {
  if (!profile) return world;
  const wanted = hostName.toLowerCase();
  const found = world.hosts.some((h) => h.name === wanted || h.addresses.includes(hostName));
  if (!found) throw new Error(`no host ${hostName} in world ${world.id}`);
  return {
    ...world,
    hosts: world.hosts.map((h) =>
      h.name === wanted || h.addresses.includes(hostName)
        ? {
            ...h,
            services: [
              ...h.services.filter((s) => s.port !== port),
              tls ? { port, profile, tls } : { port, profile },
            ],
          }
        : h,
    ),
  };
}
