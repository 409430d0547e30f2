import { describe, expect, it } from 'vitest';
import { fixedEnvironment } from '../../../src/smtp/environment.ts';
import { Network } from '../../../src/smtp/network.ts';
import { defaultWorld } from '../../../src/smtp/worlds.ts';
import { swaksText } from '../../../src/ui/classroom/export.ts';
import { SessionLog } from '../../../src/ui/session-log.ts';

function run(lines: string[]): string {
  const log = new SessionLog();
  const network = new Network(defaultWorld, fixedEnvironment());
  network.on((e) => log.event(e));
  log.enteredLine('telnet mail.example.test 25', '$ ', false);
  const r = network.connect('mail.example.test', 25);
  if (!r.ok) throw new Error('no connection');
  r.connection.start();
  for (const l of lines) r.connection.send(l + '\r\n');
  return swaksText(log.entries);
}

describe('transcript export in swaks style', () => {
  it('marks the client, the replies, the errors and the connection as swaks does', () => {
    const text = run(['EHLO laptop', 'MAIL FROM:<a@client.test>', 'RCPT TO:<nobody@example.test>', 'QUIT']);
    const lines = text.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      '=== Trying mail.example.test:25...',
      '=== Connected to mail.example.test.',
      '<-  220 mail.example.test ESMTP Postfix',
    ]);
    expect(lines).toContain(' -> EHLO laptop');
    expect(lines).toContain('<-  250-PIPELINING');
    // A refused recipient is an error: swaks marks it "<** ".
    expect(lines.find((l) => l.includes('nobody'))?.slice(0, 4)).toBe(' -> ');
    expect(lines.filter((l) => l.startsWith('<** '))).toEqual([
      expect.stringMatching(/^<\*\* 550 5\.1\.1 <nobody@example\.test>/),
    ]);
    expect(lines.at(-2)).toBe('=== Connection closed with remote host.');
    // The shell command is not part of an SMTP transcript.
    expect(text).not.toContain('telnet');
  });

  it('keeps message content as sent lines and is empty without a conversation', () => {
    const text = run([
      'HELO a',
      'MAIL FROM:<a@client.test>',
      'RCPT TO:<alice@example.test>',
      'DATA',
      'Hi',
      '.',
    ]);
    expect(text).toContain(' -> Hi\n -> .\n<-  250 2.0.0 Ok: queued as ');
    expect(swaksText([])).toBe('');
  });
});
