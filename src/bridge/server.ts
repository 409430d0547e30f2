// The TCP bridge: real listening sockets (plain with STARTTLS, and implicit TLS) in front of one simulated
// Network, so telnet, swaks, nc, openssl s_client, Nodemailer or smtplib can talk to the simulator.
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { networkInterfaces } from 'node:os';
import { Network, type MailLimit } from '../smtp/network.ts';
import { getProfile } from '../smtp/profiles/index.ts';
import { enableTravel } from '../smtp/travel/index.ts';
import type { Environment, SmtpEvent, WorldSpec } from '../smtp/types.ts';
import { defaultWorld } from '../smtp/worlds.ts';
import { normalizeClientAddress } from './address.ts';
import { selfSignedCertificate, type Certificate } from './certificate.ts';
import { Link } from './link.ts';
import { visible } from './text.ts';
import { bridgeWorld } from './world.ts';

export interface ListenerOptions {
  /** TCP port; 0 picks a free one (see Bridge.endpoints for the result). */
  port: number;
  /** Profile id that answers on this port (src/smtp/profiles/). */
  profile: string;
  /** 'implicit': TLS from the first byte, as on port 465. Otherwise plain, with STARTTLS if the profile has it. */
  tls?: 'implicit';
}

export interface BridgeOptions {
  listeners: ListenerOptions[];
  /** Address to bind; loopback unless the teacher asks for more. */
  bindAddress?: string;
  world?: WorldSpec;
  /** The simulated host that answers on every listener. */
  mailHost?: string;
  env?: Environment;
  /** Postfix smtpd_timeout is 300 s; here it bounds each whole command line and TLS handshake. */
  idleTimeoutMs?: number;
  /** Postfix smtpd_min_data_rate (500 octets/s): message content must keep at least this pace. */
  minDataRate?: number;
  /** One connection, however busy, ends after this long (default one hour). */
  sessionTimeoutMs?: number;
  /** Connections served at once, from all clients together. */
  maxConnections?: number;
  /** Connections at once from one client address (Postfix smtpd_client_connection_count_limit, 50). */
  maxConnectionsPerClient?: number;
  /** Mail kept in the mailboxes; past it the oldest messages are dropped (and logged). */
  keep?: { messages: number; octets: number };
  lingerMs?: number;
  certificate?: Certificate;
  /** Details (connections, deliveries, TLS, the relay hops of travelling mail); silent when absent. */
  log?: (line: string) => void;
  /**
   * Mail for other domains of the world travels on to their MX, as in the browser (src/smtp/travel);
   * default on. false: it is stored on the bridged host under the recipient's address.
   */
  travel?: boolean;
  /** Internal errors; stderr when absent. */
  error?: (line: string) => void;
}

export interface Endpoint {
  address: string;
  port: number;
  profile: string;
  tls: boolean;
}

export interface Bridge {
  network: Network;
  hostName: string;
  endpoints: Endpoint[];
  /** Open client connections right now. */
  readonly connections: number;
  /** Stop listening and drop every client; resolves when all sockets are closed. */
  close(): Promise<void>;
}

export const DEFAULT_MAIL_HOST = 'mail.example.test';
export const DEFAULT_KEEP = { messages: 1000, octets: 100 * 1024 * 1024 };

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  if (options.listeners.length === 0) throw new Error('startBridge needs at least one listener');
  // Unknown profiles and hosts fail here, before any port is taken.
  for (const l of options.listeners) getProfile(l.profile);
  const world = options.world ?? defaultWorld;
  const hostName = options.mailHost ?? DEFAULT_MAIL_HOST;
  bridgeWorld(world, hostName, []);
  const bindAddress = options.bindAddress ?? '127.0.0.1';
  const maxConnections = options.maxConnections ?? 100;
  const perClient = options.maxConnectionsPerClient ?? 50;
  // Client text reaches the log (addresses, TLS errors): its control characters are shown, never obeyed.
  const log = options.log ? (line: string) => options.log!(visible(line)) : () => {};
  const error = options.error ?? ((line: string) => console.error(`smtp-lab: ${line}`));
  const certificate = options.certificate ?? (await selfSignedCertificate(hostName));

  const links = new Set<Link>();
  /** Open links per client address (anvil's count in Postfix). */
  const perAddress = new Map<string, number>();
  let network: Network | null = null;
  let closing = false;
  // Sockets accepted while a second listener is still binding wait until the world knows every port.
  const early: Array<() => void> = [];

  const accept = (socket: Socket, port: number, implicitTls: boolean) => {
    // Until the Link takes over, a reset on this socket must not become an unhandled 'error'.
    if (socket.listenerCount('error') === 0) socket.on('error', () => {});
    if (!network) {
      socket.pause();
      early.push(() => accept(socket, port, implicitTls));
      return;
    }
    if (closing) return void socket.destroy();
    const client = normalizeClientAddress(socket.remoteAddress);
    const fromClient = perAddress.get(client) ?? 0;
    // One client's flood must not lock out the class: its own limit comes first. The client is told why and
    // the connection is closed; on the implicit-TLS port it is closed at once (it cannot read clear text, and
    // a handshake for each refused socket would let a flood cost us TLS work).
    const refusal =
      fromClient >= perClient
        ? `421 4.7.0 ${hostName} Error: too many connections from ${client}` // smtpd, from anvil's count
        : links.size >= maxConnections
          ? '421 4.3.2 All server ports are busy' // postscreen, when every smtpd process is taken
          : null;
    if (refusal) {
      if (implicitTls) socket.destroy();
      else socket.end(`${refusal}\r\n`);
      setTimeout(() => socket.destroy(), 2000).unref();
      log(`refused ${client}: ${fromClient} connections from it, ${links.size} in all`);
      return;
    }
    const link = new Link(socket, {
      network,
      hostName,
      port,
      implicitTls,
      secureContext: certificate.secureContext,
      requestTimeoutMs: options.idleTimeoutMs ?? 300_000,
      minDataRate: options.minDataRate ?? 500,
      sessionTimeoutMs: options.sessionTimeoutMs ?? 3_600_000,
      lingerMs: options.lingerMs ?? 10_000,
      log,
      error,
      onFinished: (l) => {
        if (links.delete(l)) {
          const left = (perAddress.get(l.clientAddress) ?? 1) - 1;
          if (left > 0) perAddress.set(l.clientAddress, left);
          else perAddress.delete(l.clientAddress);
        }
        log(`#${l.id} ${l.clientAddress} disconnected`);
      },
    });
    // A link can finish inside its constructor (an internal error); only live links are counted.
    if (!link.isFinished) {
      links.add(link);
      perAddress.set(client, fromClient + 1);
    }
    if (socket.isPaused()) socket.resume();
  };

  const servers: Server[] = [];
  const endpoints: Endpoint[] = [];
  try {
    for (const listener of options.listeners) {
      const implicit = listener.tls === 'implicit';
      // A plain listener on the implicit-TLS port too: the link does the handshake, so that the connection
      // limits count a socket from its first byte and the handshake runs under the link's deadline.
      // allowHalfOpen: a client that sends its last commands and shuts its side still gets every reply
      // (some wait, after errors); the link ends our side when it is done.
      const server: Server = createServer({ allowHalfOpen: true }, (s) =>
        accept(s, portOf(server), implicit),
      );
      // Bounded in the kernel too: beyond the polite 421 above, extra sockets are dropped unanswered.
      server.maxConnections = maxConnections + 16;
      servers.push(server);
      await listen(server, listener.port, bindAddress);
      server.on('error', (e) => error(`listener error: ${e.message}`));
      endpoints.push({
        address: bindAddress,
        port: portOf(server),
        profile: listener.profile,
        tls: implicit,
      });
    }
  } catch (e) {
    await Promise.all(servers.map(closeServer));
    throw e;
  }

  const services = endpoints.map((e) => ({
    port: e.port,
    profile: e.profile,
    ...(e.tls ? { tls: 'implicit' as const } : {}),
  }));
  const keep = options.keep ?? DEFAULT_KEEP;
  const limit: MailLimit = {
    ...keep,
    onDrop: (m) =>
      log(
        `mail limit (${keep.messages} messages, ${keep.octets} octets): dropped the oldest, ` +
          `queue id ${m.queueId} in ${m.mailbox}`,
      ),
  };
  const net = new Network(bridgeWorld(world, hostName, services), options.env, limit);
  if (options.travel !== false) enableTravel(net);
  // The command each connection sent last, so that a refusal can be logged with what it refused.
  const lastCommand = new Map<number, string>();
  net.on((event) => {
    const hop = hopLine(event);
    if (hop !== null) log(hop);
    if (event.type === 'command') lastCommand.set(event.connectionId, event.line);
    else if (event.type === 'reply' && event.reply.code >= 400) {
      // As Postfix logs its rejects: what the client sent, and the answer (first line).
      const command = lastCommand.get(event.connectionId);
      const said = command === undefined ? '' : ` "${command.slice(0, 200)}" ->`;
      log(`#${event.connectionId} refused${said} ${event.wire.split('\r\n')[0]}`);
    } else if (event.type === 'closed') lastCommand.delete(event.connectionId);
    if (event.type === 'delivered') {
      const m = event.message;
      log(
        `#${event.connectionId} ${event.queued ? 'queued for relay to' : 'delivered to'} ${m.mailbox}, queue id ${m.queueId} (${m.content.length} octets)`,
      );
    } else if (event.type === 'connected') {
      log(`#${event.connectionId} ${event.clientAddress} connected to port ${event.port} (${event.profile})`);
    }
  });
  // A literal naming an address the server listens on is local mail, as for Postfix (alice@[127.0.0.1]).
  for (const address of listeningAddresses(bindAddress)) net.addInterfaceAddress(hostName, address);
  network = net;
  for (const resume of early.splice(0)) resume();

  return {
    network: net,
    hostName,
    endpoints,
    get connections() {
      return links.size;
    },
    async close() {
      closing = true;
      const stopped = Promise.all(servers.map(closeServer));
      for (const link of [...links]) link.shutdown();
      await stopped;
    },
  };
}

/** The machine's own addresses behind a listening address: every interface for a wildcard. */
export function listeningAddresses(bindAddress: string): string[] {
  const wildcard = bindAddress === '0.0.0.0' || bindAddress === '::';
  if (!wildcard) return [normalizeClientAddress(bindAddress === 'localhost' ? '127.0.0.1' : bindAddress)];
  const all = Object.values(networkInterfaces()).flatMap((list) => list ?? []);
  // 0.0.0.0 is IPv4 only; :: takes IPv6 and (dual-stack) IPv4 connections.
  const wanted = bindAddress === '0.0.0.0' ? all.filter((i) => i.family === 'IPv4') : all;
  return [...new Set(wanted.map((i) => normalizeClientAddress(i.address)))];
}

/** The relay's steps as Postfix's smtp(8) and qmgr(8) log them, for --verbose. */
function hopLine(event: SmtpEvent): string | null {
  switch (event.type) {
    case 'queue-add':
      return `${event.host} ${event.queueId}: from=<${event.sender}>, size=${event.size}, nrcpt=${event.recipients.length} (queue active)`;
    case 'relay-connect':
      return event.error
        ? `${event.host} ${event.queueId}: connect to ${event.server}[${event.address}]:${event.port}: ${event.error}`
        : `#${event.connectionId} ${event.host} ${event.queueId}: relay to ${event.server}[${event.address}]:${event.port}` +
            (event.preference === null ? '' : ` (MX ${event.preference})`);
    case 'queue-status':
      return `${event.host} ${event.queueId}: to=<${event.recipient}>, relay=${event.relay}, delay=${event.delay}, dsn=${event.dsn}, status=${event.status} (${event.reason})`;
    case 'queue-report':
      return `${event.host} ${event.queueId}: ${event.kind === 'failed' ? 'non-delivery' : 'delay'} notification: ${event.reportId} to <${event.to}>`;
    default:
      return null;
  }
}

function portOf(server: Server): number {
  return (server.address() as AddressInfo).port;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    server.once('error', onError);
    server.listen({ port, host }, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
  });
}
