// The laptop's shell: bash quoting and pipes, the small commands, history, prompts and control keys.
// Expected texts are what GNU bash 5.2 and coreutils print for the same input.
import { describe, expect, it } from 'vitest';
import type { Environment } from '../../../src/smtp/types.ts';
import { boot, SHELL_PROMPT } from './harness.ts';

const still: Environment = { now: () => Date.UTC(2026, 10, 2, 9, 5, 7), queueId: () => '0123456789A' };

describe('building AUTH PLAIN strings', () => {
  it('printf with \\0 piped into base64 gives the credentials of alice', () => {
    const laptop = boot();
    expect(laptop.type("printf '\\0alice\\0secret' | base64")).toBe('AGFsaWNlAHNlY3JldA==\n');
    expect(laptop.type('printf "\\0%s\\0%s" bob builder | base64')).toBe('AGJvYgBidWlsZGVy\n');
    expect(laptop.type("echo -ne '\\0alice\\0secret' | base64")).toBe('AGFsaWNlAHNlY3JldA==\n');
  });

  it('decodes with base64 -d, bytes and all', () => {
    const laptop = boot();
    expect(laptop.type('echo VXNlcm5hbWU6 | base64 -d')).toBe('Username:');
    expect(laptop.type('echo AGFsaWNlAHNlY3JldA== | base64 --decode')).toBe('\0alice\0secret');
  });

  it('shows bytes that are not UTF-8 as replacement characters', () => {
    const laptop = boot();
    expect(laptop.type('echo /w== | base64 -d')).toBe('\ufffd');
    expect(laptop.type("printf '\\xff\\xfeA\\xc3' | cat")).toBe('\ufffd\ufffdA\ufffd');
  });

  it('reports invalid input after printing what it could decode', () => {
    const laptop = boot();
    expect(laptop.type("printf 'QUJD!' | base64 -d")).toBe('ABCbase64: invalid input\n');
    expect(laptop.type('echo $?')).toBe('1\n');
  });

  it('wraps long output at 76 columns, like GNU base64', () => {
    const laptop = boot();
    const out = laptop.type(`printf '%s' ${'a'.repeat(60)} | base64`);
    expect(out.split('\n').map((l) => l.length)).toEqual([76, 4, 0]);
  });

  it('reads the terminal until Ctrl-D when nothing is piped in', () => {
    const laptop = boot();
    laptop.type('base64');
    expect(laptop.shell.mode()).toMatchObject({ prompt: '', program: 'base64' });
    laptop.type('hello');
    expect(laptop.press('eof')).toBe('aGVsbG8K\n');
    expect(laptop.shell.mode().prompt).toBe(SHELL_PROMPT);
  });
});

describe('echo and printf', () => {
  it('follows bash quoting', () => {
    const laptop = boot();
    expect(laptop.type(`echo 'single $HOME' "double $USER" back\\ slash "a\\"b" 'it'\\''s'`)).toBe(
      'single $HOME double learner back slash a"b it\'s\n',
    );
    expect(laptop.type('x="one   two"; echo $x; echo "$x"')).toBe('one two\none   two\n');
    expect(laptop.type("echo $'a\\tb'")).toBe('a\tb\n');
  });

  it('knows -n and -e, and echo -e only takes \\0nnn for octal', () => {
    const laptop = boot();
    expect(laptop.type('echo -n hi')).toBe('hi');
    expect(laptop.type("echo -e 'a\\tb\\x41\\0101\\101'")).toBe('a\tbAA\\101\n');
    expect(laptop.type("echo -e 'stop\\chere'")).toBe('stop');
  });

  it('formats like bash printf, reusing the format for extra arguments', () => {
    const laptop = boot();
    expect(laptop.type("printf '%s-%d\\n' a 1 b 2 c")).toBe('a-1\nb-2\nc-0\n');
    expect(laptop.type("printf '%5s|%-5s|%.2s|%05d|%x|%o|%c|%%\\n' ab cd efg 42 255 8 xyz")).toBe(
      '   ab|cd   |ef|00042|ff|10|x|%\n',
    );
    expect(laptop.type("printf '%d\\n' abc")).toBe('bash: printf: abc: invalid number\n0\n');
    expect(laptop.type('printf')).toBe('bash: printf: usage: printf [-v var] format [arguments]\n');
  });
});

describe('the shell', () => {
  it('starts at the learner prompt and says "command not found" with status 127', () => {
    const laptop = boot();
    expect(laptop.shell.mode()).toEqual({
      prompt: SHELL_PROMPT,
      echo: true,
      program: 'shell',
      historyKey: 'shell',
    });
    expect(laptop.type('frobnicate --now')).toBe('bash: frobnicate: command not found\n');
    expect(laptop.type('echo $?')).toBe('127\n');
    expect(laptop.type('constructor')).toBe('bash: constructor: command not found\n');
  });

  it('runs ; && and || lists', () => {
    const laptop = boot();
    expect(laptop.type('false && echo no || echo yes; echo done')).toBe('yes\ndone\n');
  });

  it('asks for more with "> " when a quote is left open', () => {
    const laptop = boot();
    expect(laptop.type("echo 'one")).toBe('');
    expect(laptop.shell.mode().prompt).toBe('> ');
    expect(laptop.type("two'")).toBe('one\ntwo\n');
    expect(laptop.shell.mode().prompt).toBe(SHELL_PROMPT);
  });

  it('reports syntax errors as bash does', () => {
    const laptop = boot();
    expect(laptop.type('| base64')).toBe("bash: syntax error near unexpected token `|'\n");
    expect(laptop.type('echo a ;; echo b')).toBe("bash: syntax error near unexpected token `;;'\n");
  });

  it('keeps a history of shell lines only, and prints it numbered', () => {
    const laptop = boot();
    laptop.type('whoami');
    laptop.type('telnet mail.example.test 25');
    laptop.type('QUIT');
    laptop.type('hostname');
    expect(laptop.shell.history()).toEqual(['whoami', 'telnet mail.example.test 25', 'hostname']);
    expect(laptop.type('history')).toBe(
      '    1  whoami\n    2  telnet mail.example.test 25\n    3  hostname\n    4  history\n',
    );
  });

  it('knows who and where it is', () => {
    const laptop = boot();
    expect(laptop.type('whoami')).toBe('learner\n');
    expect(laptop.type('hostname')).toBe('laptop\n');
    expect(laptop.type('hostname -f')).toBe('laptop.client.test\n');
  });

  it('prints the date in the C locale format, and -R for mail headers', () => {
    const laptop = boot({ env: still });
    expect(laptop.type('date')).toBe('Mon Nov  2 09:05:07 UTC 2026\n');
    expect(laptop.type('date -R')).toBe('Mon, 02 Nov 2026 09:05:07 +0000\n');
    expect(laptop.type('date -x')).toBe(
      "date: invalid option -- 'x'\nTry 'date --help' for more information.\n",
    );
  });

  it('lists its commands in help', () => {
    const laptop = boot();
    const out = laptop.type('help');
    for (const name of [
      'telnet',
      'nc',
      'openssl',
      'dig',
      'host',
      'nslookup',
      'date',
      'printf',
      'base64',
      'history',
    ]) {
      expect(out).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
    }
  });

  it('says logout on exit, and stays open', () => {
    const laptop = boot();
    expect(laptop.type('exit').startsWith('logout\n')).toBe(true);
    expect(laptop.press('eof').startsWith('logout\n')).toBe(true);
    expect(laptop.shell.mode().prompt).toBe(SHELL_PROMPT);
  });

  it('clears the screen with clear and Ctrl-L, and Ctrl-C abandons a half-typed command', () => {
    const laptop = boot();
    laptop.type('clear');
    laptop.press('clear');
    expect(laptop.clears).toBe(2);
    laptop.type('echo "open');
    expect(laptop.press('interrupt')).toBe('^C\n');
    expect(laptop.shell.mode().prompt).toBe(SHELL_PROMPT);
  });

  it('notifies mode changes, and stops notifying after unsubscribe and dispose', () => {
    const laptop = boot();
    const seen: string[] = [];
    const off = laptop.shell.onModeChange((m) => seen.push(m.program));
    laptop.type('nc mail.example.test 25');
    laptop.press('interrupt');
    expect(seen).toEqual(['nc', 'shell']);
    off();
    laptop.type('nc mail.example.test 25');
    expect(seen).toHaveLength(2);
    laptop.shell.dispose();
    expect(laptop.events.filter((e) => e.type === 'closed').at(-1)).toMatchObject({ by: 'client' });
    expect(() => laptop.shell.input('QUIT')).not.toThrow();
  });
});
