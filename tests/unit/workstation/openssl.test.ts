// openssl s_client on the simulated laptop: implicit TLS, STARTTLS done by s_client itself, and the
// command letters that catch everyone out (RCPT TO renegotiates, QUIT quits without being sent).
import { describe, expect, it } from 'vitest';
import { boot, commandsSeen, SHELL_PROMPT } from './harness.ts';

const STARTTLS = 'openssl s_client -starttls smtp -connect mail.example.test:25 -crlf';

describe('openssl s_client', () => {
  it('does the STARTTLS exchange itself, hides it, and then EHLO shows AUTH', () => {
    const laptop = boot();
    const out = laptop.type(STARTTLS);
    expect(out.startsWith('CONNECTED(00000003)\n')).toBe(true);
    expect(out).toContain('depth=0 CN = mail.example.test\nverify error:num=18:self-signed certificate\n');
    expect(out).toContain('Certificate chain\n 0 s:CN = mail.example.test\n   i:CN = mail.example.test\n');
    expect(out).toContain('New, TLSv1.3, Cipher is TLS_AES_256_GCM_SHA384\n');
    expect(out.endsWith('---\n')).toBe(true);
    // The pre-TLS replies were read by s_client, not shown.
    expect(out).not.toContain('ESMTP Postfix');
    expect(out).not.toContain('Ready to start TLS');
    expect(commandsSeen(laptop.events).map((c) => c.line)).toEqual(['EHLO mail.example.com', 'STARTTLS']);
    expect(laptop.shell.mode()).toEqual({ prompt: '', echo: true, program: 'openssl', historyKey: 'smtp' });

    const ehlo = laptop.type('EHLO client.example');
    expect(ehlo).toMatch(/^250-AUTH PLAIN LOGIN$/m);
    expect(ehlo).not.toMatch(/STARTTLS/);
    expect(laptop.type('AUTH PLAIN AGFsaWNlAHNlY3JldA==')).toBe('235 2.7.0 Authentication successful\n');
  });

  it('takes a line starting with R as "renegotiate": RCPT TO never reaches the server', () => {
    const laptop = boot();
    laptop.type(STARTTLS);
    laptop.type('EHLO client.example');
    laptop.type('MAIL FROM:<learner@client.test>');
    const before = commandsSeen(laptop.events).length;
    expect(laptop.type('RCPT TO:<alice@example.test>')).toBe('RENEGOTIATING\n');
    expect(commandsSeen(laptop.events)).toHaveLength(before);
    // In lower case the line is an ordinary line.
    expect(laptop.type('rcpt to:<alice@example.test>')).toBe('250 2.1.5 Ok\n');
  });

  it('quits on a line starting with Q, without sending it', () => {
    const laptop = boot();
    laptop.type(STARTTLS);
    expect(laptop.type('QUIT')).toBe('DONE\n');
    expect(laptop.shell.mode().prompt).toBe(SHELL_PROMPT);
    expect(commandsSeen(laptop.events).map((c) => c.line)).not.toContain('QUIT');
    expect(laptop.events.find((e) => e.type === 'closed')).toMatchObject({ by: 'client' });
  });

  it('sends Q and R lines as they are with -quiet (which implies -ign_eof)', () => {
    const laptop = boot();
    laptop.type('openssl s_client -connect mail.example.test:465 -crlf -quiet');
    laptop.type('EHLO client.example');
    laptop.type('MAIL FROM:<learner@client.test>');
    expect(laptop.type('RCPT TO:<alice@example.test>')).toMatch(/^\d{3} /);
    expect(commandsSeen(laptop.events).at(-1)?.line).toBe('RCPT TO:<alice@example.test>');
    expect(laptop.type('QUIT')).toBe('221 2.0.0 Bye\n');
    expect(laptop.shell.mode().program).toBe('shell');
  });

  it('speaks TLS at once on port 465, and the greeting follows the handshake summary', () => {
    const laptop = boot();
    const out = laptop.type('openssl s_client -connect mail.example.test:465 -crlf');
    expect(out).toMatch(
      /Verify return code: 18 \(self-signed certificate\)\n---\n220 mail\.example\.test ESMTP Postfix\n$/,
    );
    expect(laptop.type('quit')).toBe('221 2.0.0 Bye\nclosed\n');
  });

  it('sends bare LF without -crlf', () => {
    const laptop = boot();
    laptop.type('openssl s_client -connect mail.example.test:465');
    laptop.type('EHLO client.example');
    expect(commandsSeen(laptop.events).at(-1)).toEqual({ line: 'EHLO client.example', ending: '\n' });
  });

  it('fails the handshake when the port talks plain SMTP', () => {
    const laptop = boot();
    const out = laptop.type('openssl s_client -connect mail.example.test:25');
    expect(out).toContain(':error:0A00010B:SSL routines:ssl3_get_record:wrong version number:');
    expect(out).toContain('New, (NONE), Cipher is (NONE)\n');
    expect(laptop.shell.mode().program).toBe('shell');
  });

  it('says connect:errno=111 for a port without a service', () => {
    const laptop = boot();
    expect(laptop.type('openssl s_client -connect mail.example.test:2525 -crlf')).toMatch(
      /\nconnect:errno=111\n$/,
    );
    expect(laptop.type('echo $?')).toBe('1\n');
  });

  it('rejects an unknown option with the usual two lines', () => {
    const laptop = boot();
    expect(laptop.type('openssl s_client -frob')).toBe(
      's_client: Unknown option: -frob\ns_client: Use -help for summary.\n',
    );
    expect(laptop.type('openssl frob')).toBe('Invalid command \'frob\'; type "help" for a list.\n');
  });
});
