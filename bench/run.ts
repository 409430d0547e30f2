// `npm run bench`: core and bridge throughput, printed as a table. Bounded in count and time; loopback only.
// A benchmark, not a test: nothing here asserts a speed.
import os from 'node:os';
import { commandMix, dataThroughput, messageOctets, type Measurement } from './core.ts';
import { nodemailerPooled, rawPipelined } from './bridge.ts';
import { browserMeasurements } from './browser.ts';

function table(rows: Measurement[]): string {
  const head = ['what', 'amount', 'time', 'rate', 'memory', 'note'];
  const cells = rows.map((r) => [
    r.what,
    r.amount,
    `${r.seconds.toFixed(2)} s`,
    r.rate,
    r.memory ?? '',
    r.note ?? '',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i])).join(' | ')} |`;
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

async function main(): Promise<void> {
  console.log(
    `SMTP Lab benchmark: node ${process.version}, ${os.platform()} ${os.arch()}, ` +
      `${os.cpus().length} CPU (${os.cpus()[0]?.model.trim() ?? 'unknown'})\n`,
  );
  const rows: Measurement[] = [];
  const step = async (label: string, run: () => Measurement | Promise<Measurement>) => {
    process.stderr.write(`  ${label}...\n`);
    rows.push(await run());
  };
  await step('command mix, one per send', () => commandMix(false, 400_000, 5));
  await step('command mix, pipelined', () => commandMix(true, 400_000, 5));
  // 10 MB (decimal): under Postfix's message_size_limit of 10240000, so the message is accepted.
  const message = messageOctets(10_000_000);
  await step('DATA, one chunk', () => dataThroughput(message, null));
  await step('DATA, 64 KB chunks', () => dataThroughput(message, 64 * 1024));
  await step('Nodemailer pooled', () => nodemailerPooled(1000, 4, 10));
  await step('raw pipelined', () => rawPipelined(4, 25, 4000, 10));
  // Keystroke echo and a 1 MB paste in real Chromium (bench/browser.ts; a row says so if Chromium is missing).
  process.stderr.write('  browser (Chromium)...\n');
  rows.push(...(await browserMeasurements()));
  console.log(table(rows));
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
