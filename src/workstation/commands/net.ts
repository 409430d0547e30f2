// What telnet, nc and openssl share: service names, finding the server, and following its replies.
import type { Network } from '../../smtp/network.ts';
import type { Connection, ConnectResult, SmtpEvent } from '../../smtp/types.ts';
import type { CommandContext } from '../command.ts';
import { addressOf, nameProblem } from '../resolver.ts';

/** /etc/services, the part that matters here. */
const SERVICES: Record<string, number> = {
  telnet: 23,
  smtp: 25,
  domain: 53,
  http: 80,
  pop3: 110,
  imap: 143,
  https: 443,
  submissions: 465,
  smtps: 465,
  ssmtp: 465,
  submission: 587,
  imaps: 993,
  pop3s: 995,
};

export function serviceName(port: number): string | null {
  if (port === 465) return 'submissions';
  return Object.keys(SERVICES).find((name) => SERVICES[name] === port) ?? null;
}

/** A port as the tools read it: a number, or a service name; null if neither. */
export function parsePort(text: string): number | null {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n >= 1 && n <= 65535 ? n : null;
  }
  return Object.hasOwn(SERVICES, text) ? SERVICES[text] : null;
}

export type Target =
  | { kind: 'unknown' }
  /** The name resolves, but no simulated machine answers there: the connection attempt times out. */
  | { kind: 'unreachable'; address: string }
  | { kind: 'refused'; address: string }
  | { kind: 'ok'; address: string; connection: Connection; canonicalName: string };

/** Resolve and connect, as getaddrinfo() then connect() would. The connection is not started yet. */
export function connectTo(network: Network, name: string, port: number): Target {
  if (name === '' || nameProblem(name) !== null) return { kind: 'unknown' };
  let target = name;
  // The resolver's canonical name has no trailing dot: `telnet mail01.example.com. 25` prints
  // "Connected to mail01.example.com.", not "...com..".
  let canonicalName = name.replace(/\.$/, '');
  if (!network.findHost(name)) {
    // Not a host's own name: ask DNS, as the real resolver would (a CNAME or a bare A record).
    const resolved = addressOf(network, name);
    if (!resolved) return { kind: 'unknown' };
    target = resolved.address;
    canonicalName = resolved.canonicalName;
    if (!network.findHost(target)) return { kind: 'unreachable', address: target };
  }
  const result: ConnectResult = network.connect(target, port);
  if (!result.ok) {
    if (result.error === 'unknown-host') return { kind: 'unknown' };
    return { kind: 'refused', address: result.address ?? network.findHost(target)?.addresses[0] ?? target };
  }
  return { kind: 'ok', address: result.address, connection: result.connection, canonicalName };
}

/** A client program talking over one connection (nc, openssl s_client): its shell context, the connection, its options. */
export abstract class ConnectionClient<O> {
  constructor(
    protected readonly ctx: CommandContext,
    protected readonly connection: Connection,
    protected readonly options: O,
  ) {}
}

/** Whether the service on this connection speaks TLS from the first byte (port 465). */
export function isImplicitTls(connection: Connection): boolean {
  return connection.host.services.some((s) => s.port === connection.port && s.tls === 'implicit');
}

/** Server text for the screen: what went on the wire, CRLF shown as a line end. */
export function wireText(event: Extract<SmtpEvent, { type: 'reply' }>): string {
  return event.wire.replace(/\r\n/g, '\n');
}

/** The lines of piped input, each without its LF (a last line without LF counts too). */
export function pipedLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
