// telnet on the simulated laptop: connection messages, CRLF, the Ctrl-] prompt, local echo, implicit TLS.
import { describe, expect, it } from 'vitest';
import { boot, commandsSeen, SHELL_PROMPT } from './harness.ts';

describe('telnet', () => {
  it('is refused on the default port 23, with the address it tried', () => {
    const laptop = boot();
    expect(laptop.type('telnet mail.example.test')).toBe(
      'Trying 192.0.2.25...\ntelnet: Unable to connect to remote host: Connection refused\n',
    );
    expect(laptop.shell.mode().prompt).toBe(SHELL_PROMPT);
    expect(laptop.type('echo $?')).toBe('1\n');
  });

  it('cannot resolve an unknown host, naming host and port as netkit telnet does', () => {
    const laptop = boot();
    expect(laptop.type('telnet mail.nowhere.test 25')).toBe(
      'telnet: could not resolve mail.nowhere.test/25: Name or service not known\n',
    );
    expect(laptop.type('telnet nowhere.test')).toBe(
      'telnet: could not resolve nowhere.test/telnet: Name or service not known\n',
    );
  });

  it('accepts a service name and an address for the host', () => {
    const laptop = boot();
    const out = laptop.type('telnet 192.0.2.25 smtp');
    expect(out).toContain('Connected to 192.0.2.25.\n');
    expect(out).toContain('220 mail.example.test ESMTP Postfix\n');
  });

  it('names a host typed with its trailing dot as the resolver does, without it', () => {
    const out = boot().type('telnet mail.example.test. 25');
    expect(out).toContain('Connected to mail.example.test.\n');
    expect(out).not.toContain('test..');
  });

  it('connects to a name that only DNS knows, via its A record', () => {
    const laptop = boot();
    // client.test has an A record for the laptop itself, where nothing listens for SMTP.
    expect(laptop.type('telnet client.test 25')).toBe(
      'Trying 203.0.113.7...\ntelnet: Unable to connect to remote host: Connection timed out\n',
    );
  });

  it('sends each line with CRLF and shows the reply at once', () => {
    const laptop = boot();
    laptop.type('telnet mail.example.test 25');
    expect(laptop.shell.mode()).toEqual({ prompt: '', echo: true, program: 'telnet', historyKey: 'smtp' });
    expect(laptop.type('HELO client.example')).toBe('250 mail.example.test\n');
    expect(commandsSeen(laptop.events)).toEqual([{ line: 'HELO client.example', ending: '\r\n' }]);
  });

  it('opens the telnet> prompt with Ctrl-] and closes the connection with quit', () => {
    const laptop = boot();
    laptop.type('telnet mail.example.test 25');
    expect(laptop.press('escape')).toBe('^]\n');
    expect(laptop.shell.mode().prompt).toBe('telnet> ');
    expect(laptop.shell.mode().echo).toBe(true);
    expect(laptop.type('quit')).toBe('Connection closed.\n');
    expect(laptop.shell.mode().prompt).toBe(SHELL_PROMPT);
    const closed = laptop.events.find((e) => e.type === 'closed');
    expect(closed).toMatchObject({ type: 'closed', by: 'client' });
  });

  it('goes back to the session after a blank line, and says ?Invalid command to nonsense', () => {
    const laptop = boot();
    laptop.type('telnet mail.example.test 25');
    laptop.press('escape');
    expect(laptop.type('frobnicate')).toBe('?Invalid command\n');
    expect(laptop.shell.mode().prompt).toBe('telnet> ');
    expect(laptop.type('')).toBe('');
    expect(laptop.shell.mode().prompt).toBe('');
    expect(laptop.type('NOOP')).toBe('250 2.0.0 Ok\n');
  });

  it('closes with "close" too, and accepts an unambiguous abbreviation', () => {
    const laptop = boot();
    laptop.type('telnet mail.example.test 25');
    laptop.press('escape');
    expect(laptop.type('c')).toBe('Connection closed.\n');
    expect(laptop.shell.mode().program).toBe('shell');
  });

  it('turns local echo off and on with Windows-style set/unset localecho and toggle echo', () => {
    const laptop = boot();
    laptop.type('telnet mail.example.test 25');
    laptop.press('escape');
    laptop.type('unset localecho');
    expect(laptop.shell.mode()).toMatchObject({ prompt: '', echo: false });
    laptop.press('escape');
    laptop.type('set localecho');
    expect(laptop.shell.mode()).toMatchObject({ prompt: '', echo: true });
    laptop.press('escape');
    laptop.type('toggle echo');
    expect(laptop.shell.mode().echo).toBe(false);
  });

  it('does not echo when the workstation imitates a non-echoing telnet, and says so in its mode events', () => {
    const laptop = boot({ telnetEcho: false });
    laptop.type('telnet mail.example.test 25');
    expect(laptop.modes.at(-1)).toEqual({ prompt: '', echo: false, program: 'telnet', historyKey: 'smtp' });
    laptop.type('QUIT');
    expect(laptop.modes.at(-1)).toEqual({
      prompt: SHELL_PROMPT,
      echo: true,
      program: 'shell',
      historyKey: 'shell',
    });
  });

  it('reports the server hanging up after QUIT', () => {
    const laptop = boot();
    laptop.type('telnet mail.example.test 25');
    expect(laptop.type('QUIT')).toBe('221 2.0.0 Bye\nConnection closed by foreign host.\n');
  });

  it('gets no greeting on port 465, and typed text makes the server hang up', () => {
    const laptop = boot();
    expect(laptop.type('telnet mail.example.test 465')).toBe(
      "Trying 192.0.2.25...\nConnected to mail.example.test.\nEscape character is '^]'.\n",
    );
    expect(laptop.type('EHLO client.example')).toContain('Connection closed by foreign host.\n');
    expect(laptop.shell.mode().program).toBe('shell');
  });

  it('runs interactively without a host, with open and quit', () => {
    const laptop = boot();
    laptop.type('telnet');
    expect(laptop.shell.mode().prompt).toBe('telnet> ');
    expect(laptop.type('open mail.example.test 25')).toContain('220 mail.example.test ESMTP Postfix\n');
    expect(laptop.type('QUIT')).toContain('Connection closed by foreign host.\n');
    expect(laptop.shell.mode().prompt).toBe('telnet> ');
    expect(laptop.type('quit')).toBe('');
    expect(laptop.shell.mode().program).toBe('shell');
  });

  it('sends piped lines with CRLF, then ends with the input', () => {
    const laptop = boot();
    const out = laptop.type("printf 'HELO x\\nQUIT\\n' | telnet mail.example.test 25");
    expect(out).toContain('250 mail.example.test\n221 2.0.0 Bye\nConnection closed by foreign host.\n');
    expect(commandsSeen(laptop.events).map((c) => c.ending)).toEqual(['\r\n', '\r\n']);
  });

  it('gives its usage for a bad option', () => {
    const laptop = boot();
    expect(laptop.type('telnet -z mail.example.test')).toMatch(
      /^telnet: invalid option -- 'z'\nUsage: telnet /,
    );
  });
});
