// nc on the simulated laptop: silent connect, bare LF versus -C, and how Postfix profiles take a bare LF.
import { describe, expect, it } from 'vitest';
import { boot, commandsSeen, SHELL_PROMPT } from './harness.ts';

describe('nc', () => {
  it('prints nothing of its own: the greeting is the first line', () => {
    const laptop = boot();
    expect(laptop.type('nc mail.example.test 25')).toBe('220 mail.example.test ESMTP Postfix\n');
    expect(laptop.shell.mode()).toEqual({ prompt: '', echo: true, program: 'nc', historyKey: 'smtp' });
  });

  it('sends bare LF line ends, which Postfix 3.7 still takes as line ends', () => {
    const laptop = boot();
    laptop.type('nc mail.example.test 25');
    expect(laptop.type('HELO client.example')).toBe('250 mail.example.test\n');
    expect(commandsSeen(laptop.events)).toEqual([{ line: 'HELO client.example', ending: '\n' }]);
  });

  it('sends CRLF with -C', () => {
    const laptop = boot();
    laptop.type('nc -C mail.example.test 25');
    expect(laptop.type('HELO client.example')).toBe('250 mail.example.test\n');
    expect(commandsSeen(laptop.events)).toEqual([{ line: 'HELO client.example', ending: '\r\n' }]);
  });

  it('meets a server that forbids bare LF (smtpd_forbid_bare_newline) unless -C is given', () => {
    const bare = boot();
    bare.type('nc strict.example.test 25');
    const reply = bare.type('HELO client.example');
    expect(reply).toMatch(/^5\d\d /);
    // The strict server hangs up, and nc ends silently with it.
    expect(bare.shell.mode().prompt).toBe(SHELL_PROMPT);

    const crlf = boot();
    crlf.type('nc -C strict.example.test 25');
    expect(crlf.type('HELO client.example')).toBe('250 strict.example.test\n');
  });

  it('says where it connected with -v, in netcat-openbsd words', () => {
    const laptop = boot();
    expect(laptop.type('nc -v mail.example.test 25')).toBe(
      'Connection to mail.example.test (192.0.2.25) 25 port [tcp/smtp] succeeded!\n' +
        '220 mail.example.test ESMTP Postfix\n',
    );
  });

  it('ends with Ctrl-D or Ctrl-C, hanging up', () => {
    const laptop = boot();
    laptop.type('nc -C mail.example.test 25');
    laptop.press('eof');
    expect(laptop.shell.mode().program).toBe('shell');
    laptop.type('nc -Cv mail.example.test 587');
    expect(laptop.press('interrupt')).toBe('^C\n');
    expect(laptop.shell.mode().program).toBe('shell');
    expect(laptop.events.filter((e) => e.type === 'closed' && e.by === 'client')).toHaveLength(2);
  });

  it('reports refused and unknown hosts', () => {
    const laptop = boot();
    expect(laptop.type('nc mail.example.test 23')).toBe(
      'nc: connect to mail.example.test port 23 (tcp) failed: Connection refused\n',
    );
    expect(laptop.type('nc mail.nowhere.test 25')).toBe(
      'nc: getaddrinfo for host "mail.nowhere.test" port 25: Name or service not known\n',
    );
    expect(laptop.type('nc mail.example.test')).toBe('nc: missing port number\n');
  });

  it('sends piped bytes as they are, and -C turns each LF into CRLF', () => {
    const laptop = boot();
    const out = laptop.type("printf 'HELO a\\nQUIT\\n' | nc -C mail.example.test 25");
    expect(out).toBe('220 mail.example.test ESMTP Postfix\n250 mail.example.test\n221 2.0.0 Bye\n');
    expect(commandsSeen(laptop.events).map((c) => c.ending)).toEqual(['\r\n', '\r\n']);
    expect(laptop.shell.mode().program).toBe('shell');
  });
});
