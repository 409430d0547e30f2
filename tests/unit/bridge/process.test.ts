// `npm run smtp:serve` as a real process: the ready line, a session over TCP, clean exit on SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { RawClient } from './helpers.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** Runs scripts/smtp-serve.ts with tsx's loader (what `npm run smtp:serve` does, without npm around it). */
function serve(args: string[]): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/smtp-serve.ts', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return { child, output: () => out };
}

function readyLine(child: ChildProcess, timeoutMs = 20_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no ready line; output: ${out}`)), timeoutMs);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('SMTP Lab listening on '));
      if (line) {
        clearTimeout(timer);
        resolve(line);
      }
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before ready: ${out}`)));
  });
}

function exited(child: ChildProcess, timeoutMs = 10_000): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('process did not exit')), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

describe('smtp-serve as a process', () => {
  it('prints one ready line, serves a session with a delivery log, and exits cleanly on SIGTERM', async () => {
    const { child, output } = serve(['--port', '0', '--profile', 'postfix', '--verbose']);
    const line = await readyLine(child);
    const m = /^SMTP Lab listening on 127\.0\.0\.1:(\d+) \(profile postfix, host mail\.example\.test\)$/.exec(
      line,
    );
    expect(m).not.toBeNull();
    const c = await RawClient.connect(Number(m![1]));
    expect(await c.reply()).toBe('220 mail.example.test ESMTP Postfix\r\n');
    await c.write(
      'HELO client.example\r\nMAIL FROM:<learner@client.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n',
    );
    await c.replies(4);
    await c.write('Subject: hi\r\n\r\nhello\r\n.\r\n');
    const queued = /^250 2\.0\.0 Ok: queued as ([0-9A-F]+)\r\n$/.exec(await c.reply());
    expect(queued).not.toBeNull();
    // An open connection must not keep the server from stopping.
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
    await c.closed();
    const stdoutLines = output()
      .split('\n')
      .filter((l) => l.startsWith('SMTP Lab listening'));
    expect(stdoutLines).toHaveLength(1);
    expect(output()).toContain(`delivered to alice@example.test, queue id ${queued![1]}`);
  }, 30_000);

  it('announces an implicit-TLS port on the same ready line', async () => {
    const { child } = serve(['--port', '0', '--tls-port', '0', '--profile', 'postfix-submission']);
    const line = await readyLine(child);
    const m = /; implicit TLS on 127\.0\.0\.1:(\d+) \(profile postfix-submission\)$/.exec(line);
    expect(m).not.toBeNull();
    const c = await RawClient.connect(Number(m![1]), { tls: true });
    expect(await c.reply()).toBe('220 mail.example.test ESMTP Postfix\r\n');
    c.destroy();
    child.kill('SIGINT');
    expect(await exited(child)).toBe(0);
  }, 30_000);

  it('with --idle-timeout 5, silent and half-ClientHello sockets on the implicit-TLS port are closed', async () => {
    const { child, output } = serve(['--port', '0', '--tls-port', '0', '--idle-timeout', '5', '--verbose']);
    const line = await readyLine(child);
    const tlsPort = Number(/; implicit TLS on 127\.0\.0\.1:(\d+)/.exec(line)![1]);
    const plainPort = Number(/listening on 127\.0\.0\.1:(\d+)/.exec(line)![1]);
    const silent = await RawClient.connect(tlsPort);
    const half = await RawClient.connect(tlsPort);
    // The first octets of a TLS record that announces 512 octets of handshake and never sends them.
    await half.write(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc]));
    // Meanwhile a hostile session on the plain port puts control characters where a log could print them.
    const hostile = await RawClient.connect(plainPort);
    await hostile.reply();
    await hostile.write(
      Buffer.from('EHLO \u009b2J\x1b[31m\r\nVRFY \u009b2J\x1b]8;;http://x/\x07\r\n', 'utf8'),
    );
    await hostile.replies(2);
    // They were open once the server had them (Postfix smtpd_timeout: 300 s by default, 5 s asked here).
    await silent.closed(15_000);
    await half.closed(15_000);
    expect(silent.pending + half.pending).toBe('');
    hostile.destroy();
    expect(output()).toMatch(/timeout: TLS handshake not done in 5 s/);
    // The refusal is logged with the command, its controls shown as escapes.
    expect(output()).toContain('refused "VRFY \\x9b2J\\x1b]8;;http://x/\\x07" -> 5');
    // Nothing the clients sent reaches the terminal running the server as a control character.
    expect(output()).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  }, 40_000);

  it('explains a bad option and exits with status 2', async () => {
    const { child, output } = serve(['--profile', 'exchange-2003']);
    expect(await exited(child, 20_000)).toBe(2);
    expect(output()).toContain('unknown profile "exchange-2003"');
    expect(output()).toContain('Usage: npm run smtp:serve');
  }, 30_000);
});
