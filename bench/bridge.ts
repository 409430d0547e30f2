// Bridge benchmarks over loopback: messages per second with Nodemailer (pooled) and with raw pipelined sockets.
import { connect, type Socket } from 'node:net';
import nodemailer from 'nodemailer';
import { startBridge } from '../src/bridge/server.ts';
import type { Measurement } from './core.ts';

const TEXT = 'Hello Alice,\nthis is a benchmark message of a few lines.\nBye.\n';

export async function nodemailerPooled(
  messages: number,
  connections: number,
  maxSeconds: number,
): Promise<Measurement> {
  const bridge = await startBridge({ listeners: [{ port: 0, profile: 'postfix' }] });
  const transport = nodemailer.createTransport({
    pool: true,
    maxConnections: connections,
    maxMessages: Infinity,
    host: '127.0.0.1',
    port: bridge.endpoints[0].port,
    secure: false,
    ignoreTLS: true,
  });
  const deadline = Date.now() + maxSeconds * 1000;
  let issued = 0;
  let sent = 0;
  let failed = 0;
  const start = performance.now();
  // A fixed number in flight, like an application draining a queue.
  const worker = async () => {
    while (issued < messages && Date.now() < deadline) {
      const n = issued++;
      try {
        await transport.sendMail({
          from: 'bench@client.test',
          to: 'alice@example.test',
          subject: `m${n}`,
          text: TEXT,
        });
        sent++;
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: connections * 2 }, worker));
  const seconds = (performance.now() - start) / 1000;
  transport.close();
  await bridge.close();
  return {
    what: `bridge: Nodemailer, pooled, ${connections} connections`,
    amount: `${sent} messages`,
    seconds,
    rate: `${Math.round(sent / seconds).toLocaleString('en')} msg/s`,
    note: failed ? `${failed} failed` : undefined,
  };
}

/** Each socket writes `batch` whole transactions (MAIL, RCPT, DATA, content, dot) at once, then reads. */
export async function rawPipelined(
  sockets: number,
  batch: number,
  messages: number,
  maxSeconds: number,
): Promise<Measurement> {
  const bridge = await startBridge({ listeners: [{ port: 0, profile: 'postfix' }] });
  const port = bridge.endpoints[0].port;
  const transaction =
    'MAIL FROM:<bench@client.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n' +
    `Subject: raw\r\n\r\n${TEXT.replace(/\n/g, '\r\n')}.\r\n`;
  const group = Buffer.from(transaction.repeat(batch));
  const deadline = Date.now() + maxSeconds * 1000;
  let issued = 0;
  let delivered = 0;
  const start = performance.now();
  const run = async () => {
    const socket = await open(port);
    const counter = replyCounter(socket);
    await counter.until(1); // greeting
    socket.write('EHLO bench.client.test\r\n');
    await counter.until(2);
    let expected = 2;
    while (issued + batch <= messages && Date.now() < deadline) {
      issued += batch;
      socket.write(group);
      expected += batch * 4; // 250 MAIL, 250 RCPT, 354, 250 queued
      await counter.until(expected);
      delivered += batch;
    }
    socket.end('QUIT\r\n');
  };
  await Promise.all(Array.from({ length: sockets }, run));
  const seconds = (performance.now() - start) / 1000;
  const stored = bridge.network.mailbox('alice@example.test').length;
  await bridge.close();
  return {
    what: `bridge: raw sockets, ${sockets} x ${batch} transactions per write`,
    amount: `${delivered} messages`,
    seconds,
    rate: `${Math.round(delivered / seconds).toLocaleString('en')} msg/s`,
    note: stored === delivered ? undefined : `${stored} stored`,
  };
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => resolve(socket));
    socket.setNoDelay(true);
    socket.once('error', reject);
  });
}

/** Counts final reply lines ("NNN " at a line start) as they arrive. */
function replyCounter(socket: Socket) {
  let count = 0;
  let tail = '';
  let wake: (() => void) | null = null;
  socket.on('data', (d: Buffer) => {
    const text = tail + d.toString('latin1');
    const lines = text.split('\r\n');
    tail = lines.pop() ?? '';
    for (const line of lines) if (/^\d{3}(?: |$)/.test(line)) count++;
    wake?.();
  });
  return {
    async until(n: number) {
      while (count < n) {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`stalled at ${count}/${n} replies`)), 30_000);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    },
  };
}
