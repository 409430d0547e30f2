// Core benchmarks: the SMTP session in-process, no sockets (commands per second, DATA megabytes per second).
import { Network } from '../src/smtp/network.ts';
import type { Connection } from '../src/smtp/types.ts';
import { defaultWorld } from '../src/smtp/worlds.ts';

export interface Measurement {
  what: string;
  amount: string;
  seconds: number;
  rate: string;
  /** Memory, where measured: what the work kept (after a garbage collection), or a peak. */
  memory?: string;
  note?: string;
}

/** Heap in use after a full collection when node runs with --expose-gc (npm run bench does), else as is. */
export function heapUsed(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

export const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

function open(network: Network): { connection: Connection; replies: string[] } {
  // Replies are kept (the DATA benchmark reads the last one); a connection's worth is small.
  const r = network.connect('mail.example.test', 25, { clientAddress: '127.0.0.1' });
  if (!r.ok) throw new Error(`cannot connect: ${r.error}`);
  const replies: string[] = [];
  r.connection.on((e) => {
    if (e.type === 'reply') replies.push(e.wire);
  });
  r.connection.start();
  return { connection: r.connection, replies };
}

const MIX = [
  'NOOP\r\n',
  'MAIL FROM:<learner@client.test>\r\n',
  'RCPT TO:<alice@example.test>\r\n',
  'RSET\r\n',
];
/**
 * Commands per connection. Postfix counts NOOP and RSET as junk after smtpd_junk_command_limit (100) and
 * hangs up after 20 more errors, so a long-lived mix would measure the goodbye; 160 commands hold 80 junk.
 */
const PER_CONNECTION = 160;

/** The NOOP/MAIL/RCPT/RSET cycle, one command per send() (typing) or a connection's worth per send() (pipelining). */
export function commandMix(pipelined: boolean, maxCommands: number, maxSeconds: number): Measurement {
  const network = new Network(defaultWorld);
  const commands = Array.from({ length: PER_CONNECTION }, (_, i) => MIX[i % MIX.length]);
  const batch = commands.join('');
  const start = performance.now();
  const deadline = start + maxSeconds * 1000;
  let sent = 0;
  let early = 0;
  while (sent < maxCommands && performance.now() < deadline) {
    const { connection } = open(network);
    connection.send('EHLO bench.client.test\r\n');
    if (pipelined) connection.send(batch);
    else for (const command of commands) connection.send(command);
    sent += PER_CONNECTION;
    if (connection.state.phase === 'closed') early++;
    connection.send('QUIT\r\n');
  }
  const seconds = (performance.now() - start) / 1000;
  return {
    what: `core: NOOP/MAIL/RCPT/RSET, ${pipelined ? `${PER_CONNECTION} per send` : 'one command per send'}`,
    amount: `${sent.toLocaleString('en')} commands`,
    seconds,
    rate: `${Math.round(sent / seconds).toLocaleString('en')} cmd/s`,
    note: early > 0 ? `${early} connections closed early!` : undefined,
  };
}

/** A message of `octets` octets in 78-character lines (76 + CRLF), ending with the lone dot. */
export function messageOctets(octets: number): Uint8Array {
  const header = 'From: bench@client.test\r\nTo: alice@example.test\r\nSubject: big\r\n\r\n';
  const line = `${'abcdefghijklmnopqrstuvwxyz0123456789'.repeat(3).slice(0, 76)}\r\n`;
  const body = line.repeat(Math.ceil((octets - header.length) / line.length));
  return new TextEncoder().encode(`${header}${body}`.slice(0, octets - 2) + '\r\n');
}

/** One message of `message.length` octets after DATA, pasted whole or in `chunk`-octet pieces. */
export function dataThroughput(message: Uint8Array, chunk: number | null): Measurement {
  const before = heapUsed();
  const network = new Network(defaultWorld);
  const { connection, replies } = open(network);
  connection.send(
    'EHLO bench.client.test\r\nMAIL FROM:<bench@client.test>\r\nRCPT TO:<alice@example.test>\r\n',
  );
  connection.send('DATA\r\n');
  const start = performance.now();
  if (chunk === null) connection.send(message);
  else for (let at = 0; at < message.length; at += chunk) connection.send(message.subarray(at, at + chunk));
  connection.send('.\r\n');
  const seconds = (performance.now() - start) / 1000;
  const last = replies[replies.length - 1] ?? '';
  connection.close();
  // The stored copy stays in the mailbox: what one delivered message costs the page while it is open.
  const kept = heapUsed() - before;
  const mb = message.length / 1e6;
  return {
    what: `core: DATA, ${chunk === null ? 'pasted as one chunk' : `${chunk / 1024} KB chunks`}`,
    amount: `${mb.toFixed(1)} MB`,
    seconds,
    rate: `${(mb / seconds).toFixed(2)} MB/s`,
    memory: `${mib(kept)} kept (mailbox)`,
    note: /^250 /.test(last) ? undefined : `last reply: ${last.trim()}`,
  };
}
