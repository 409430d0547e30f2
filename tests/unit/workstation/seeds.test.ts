// The seed tutorials replayed on the simulated laptop: what the learner types, and what the page says appears.
import { describe, expect, it } from 'vitest';
import { fixedEnvironment } from '../../../src/smtp/environment.ts';
import { boot, commandsSeen, SHELL_PROMPT } from './harness.ts';

describe('seed 000: telnet to smtp.mail.yahoo.com (2001), without local echo', () => {
  it('runs the whole session and ends back at the shell', () => {
    const laptop = boot({ telnetEcho: false });
    const connect = laptop.type('telnet smtp.mail.yahoo.com 25');
    expect(connect).toMatch(/^Trying 198\.51\.100\.17\.\.\.\nConnected to smtp\.mail\.yahoo\.com\.\n/);
    expect(connect).toContain("Escape character is '^]'.\n");
    expect(connect).toMatch(/^220 smtp017\.mail\.yahoo\.com ready\.$/m);
    // "[Note that you will not be able to see what you type.]"
    expect(laptop.shell.mode()).toEqual({ prompt: '', echo: false, program: 'telnet', historyKey: 'smtp' });

    expect(laptop.type('HELO smtp.mail.yahoo.com')).toBe(
      '250 Hello smtp.mail.yahoo.com, pleased to meet you.\n',
    );
    expect(laptop.type('MAIL From:<anaplexian@yahoo.com>')).toMatch(/^250 .*OK\n$/);
    expect(laptop.type('RCPT To:<anaplexian@yahoo.com>')).toMatch(/^250 .*Recipient ok\n$/);
    expect(laptop.type('DATA')).toMatch(/^354 Enter mail, end with ["“]\.["”] on a line by itself\n$/);
    for (const line of ['From: anaplexian@yahoo.com', 'To: anaplexian@yahoo.com', 'Subject: Hi there!', '']) {
      expect(laptop.type(line)).toBe('');
    }
    expect(laptop.type('This is a test message!')).toBe('');
    expect(laptop.type('.')).toBe('250 Mail accepted\n');
    expect(laptop.type('QUIT')).toBe(
      '221 smtp.mail.yahoo.com delivering mail\nConnection closed by foreign host.\n',
    );

    expect(laptop.shell.mode().prompt).toBe(SHELL_PROMPT);
    expect(laptop.shell.mode().echo).toBe(true);
    // telnet sent every line with CRLF, so the message arrived whole.
    expect(commandsSeen(laptop.events).every((c) => c.ending === '\r\n')).toBe(true);
    const stored = laptop.net.mailbox('anaplexian@yahoo.com');
    expect(stored).toHaveLength(1);
    expect(stored[0].content).toContain('This is a test message!');
  });
});

describe('seed 003: dig the MX, then telnet to mail01.example.com', () => {
  it('shows the MX records with their preferences, as dig +noall +answer does', () => {
    const laptop = boot();
    // BIND's layout: owner, then TTL at column 24, class at 32, type at 40, data at 48 (tabs of 8).
    expect(laptop.type('dig example.com MX +noall +answer')).toBe(
      'example.com.\t\t1800\tIN\tMX\t10 mail01.example.com.\n' +
        'example.com.\t\t1800\tIN\tMX\t20 mail02.example.com.\n',
    );
  });

  it('prints the date as `date -R` does, in the laptop time zone', () => {
    const env = {
      ...fixedEnvironment(Date.UTC(2016, 9, 4, 23, 38, 20)),
      timezone: { offsetMinutes: -240, name: 'EDT' },
    };
    const laptop = boot({ env });
    expect(laptop.type('date -R')).toBe('Tue, 04 Oct 2016 19:38:20 -0400\n');
  });

  it('sends the message to mail01 by hand', () => {
    const laptop = boot();
    expect(laptop.type('telnet mail01.example.com 25')).toBe(
      'Trying 198.51.100.109...\nConnected to mail01.example.com.\n' +
        "Escape character is '^]'.\n220 mail01.example.com ESMTP Postfix\n",
    );
    // The capability list exactly as the tutorial shows it (a 2016 Postfix).
    expect(laptop.type('EHLO mail.alanzanotti.localhost')).toBe(
      [
        '250-mail01.example.com',
        '250-PIPELINING',
        '250-SIZE 10240000',
        '250-VRFY',
        '250-ETRN',
        '250-ENHANCEDSTATUSCODES',
        '250-8BITMIME',
        '250 DSN',
        '',
      ].join('\n'),
    );
    expect(laptop.type('MAIL FROM: <yourName@domain.com>')).toBe('250 2.1.0 Ok\n');
    expect(laptop.type('RCPT TO: <jdoe@example.com>')).toBe('250 2.1.5 Ok\n');
    expect(laptop.type('DATA')).toBe('354 End data with <CR><LF>.<CR><LF>\n');
    const message = [
      'Date: Tue, 04 Oct 2016 19:38:20 -0400',
      'From: Your Name <yourName@domain.com>',
      'To: John Doe <jdoe@example.com>',
      'Subject: Thought you should know...',
      '',
      'Cats are awesome!',
    ];
    for (const line of message) expect(laptop.type(line)).toBe('');
    expect(laptop.type('.')).toMatch(/^250 2\.0\.0 Ok: queued as [0-9A-F]+\n$/);
    expect(laptop.type('QUIT')).toBe('221 2.0.0 Bye\nConnection closed by foreign host.\n');
    expect(laptop.shell.mode().prompt).toBe(SHELL_PROMPT);
    expect(laptop.net.mailbox('jdoe@example.com')[0].content).toContain('Cats are awesome!');
  });
});
