// Whatever is typed or pasted, anywhere, the laptop answers without throwing and keeps a sane input mode.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Signal } from '../../../src/workstation/types.ts';
import { boot, type Laptop } from './harness.ts';

/** Places a learner can be typing into. */
const STARTS: Record<string, string[]> = {
  shell: [],
  telnet: ['telnet mail.example.test 25'],
  'telnet-prompt': ['telnet mail.example.test 25', '\u001d'],
  'telnet-465': ['telnet mail.example.test 465'],
  'telnet-data': [
    'telnet mail.example.test 25',
    'HELO a',
    'MAIL FROM:<a@b.c>',
    'RCPT TO:<alice@example.test>',
    'DATA',
  ],
  nc: ['nc mail.example.test 25'],
  'nc-strict': ['nc strict.example.test 25'],
  openssl: ['openssl s_client -starttls smtp -connect mail.example.test:25 -crlf'],
  'openssl-465': ['openssl s_client -connect mail.example.test:465'],
  nslookup: ['nslookup'],
  base64: ['base64'],
  continuation: ["echo 'open quote"],
};

function start(name: string): Laptop {
  const laptop = boot();
  for (const line of STARTS[name]) {
    if (line === '\u001d') laptop.press('escape');
    else laptop.type(line);
  }
  return laptop;
}

/** Words that steer random lines towards the interesting commands and shell syntax. */
const pieces = fc.constantFrom(
  'telnet',
  'nc',
  '-C',
  '-v',
  'openssl',
  's_client',
  '-connect',
  'mail.example.test:465',
  '-starttls',
  'smtp',
  'dig',
  'host',
  'nslookup',
  '-type=mx',
  'MX',
  '+short',
  'printf',
  'echo',
  '-e',
  'base64',
  '-d',
  'date',
  '-R',
  'history',
  'mail.example.test',
  '25',
  '465',
  '587',
  'example.test',
  '|',
  ';',
  '&&',
  '||',
  "'",
  '"',
  '\\',
  '$',
  '$?',
  '${',
  '%s',
  '%b',
  '\\0',
  '\\x',
  '\\c',
  ' ',
  '\t',
  '\n',
  '\r',
  '\0',
  '\u001b[2J',
  'EHLO',
  'QUIT',
  'RCPT',
  'DATA',
  '.',
  'AUTH PLAIN',
  'Q',
  'R',
  '..',
  '\u00e9',
  '\ud83d\udce7',
  '\ud800',
  '~',
  '#',
  '*',
  '=',
  'x=1',
);
/** Any UTF-16 text, control characters and lone surrogates included. */
const anyText = fc
  .array(fc.oneof(fc.integer({ min: 0, max: 0x7f }), fc.integer({ min: 0, max: 0xffff })), { maxLength: 80 })
  .map((units) => String.fromCharCode(...units));
const line = fc.oneof(
  anyText,
  fc.array(pieces, { maxLength: 12 }).map((p) => p.join('')),
  fc.array(pieces, { maxLength: 8 }).map((p) => p.join(' ')),
);
const action = fc.oneof(
  { weight: 6, arbitrary: line.map((l) => ({ line: l })) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Signal>('interrupt', 'eof', 'escape', 'clear').map((s) => ({ signal: s })),
  },
);

function check(laptop: Laptop): void {
  const mode = laptop.shell.mode();
  expect(typeof mode.prompt).toBe('string');
  expect(typeof mode.echo).toBe('boolean');
  expect(['shell', 'telnet', 'nc', 'openssl', 'nslookup', 'base64', 'cat']).toContain(mode.program);
  expect(laptop.screen()).not.toContain('simulator error');
}

describe('robustness', () => {
  for (const name of Object.keys(STARTS)) {
    it(`never throws on random input (${name})`, { timeout: 60_000 }, () => {
      fc.assert(
        fc.property(fc.array(action, { maxLength: 8 }), (actions) => {
          const laptop = start(name);
          for (const a of actions) {
            if ('line' in a) laptop.type(a.line);
            else laptop.press(a.signal);
          }
          check(laptop);
          laptop.shell.dispose();
        }),
        { numRuns: Number(process.env.PROPERTY_RUNS ?? 60) },
      );
    });
  }

  const long = 100_000;
  const hugeLines = [
    'a'.repeat(long),
    "'".repeat(long),
    '"'.repeat(long - 1),
    '\\'.repeat(long),
    '$'.repeat(long),
    '|'.repeat(long),
    'a|'.repeat(long / 2),
    'echo a;'.repeat(long / 7),
    'echo ' + 'x'.repeat(long),
    "printf '" + '%s\\0'.repeat(long / 4) + "' a b c | base64",
    'printf %9999s'.repeat(2) + ' ' + 'x '.repeat(long / 4),
    'dig ' + 'a.'.repeat(long / 2),
    'host ' + 'b'.repeat(long),
    'telnet ' + 'c'.repeat(long) + ' 25',
    '\u0000\u0007\u001b'.repeat(long / 3),
    '\ud83d\udce7'.repeat(long / 2),
  ];

  // Generous time limits: this is about never throwing, and CI machines can be slow.
  it('takes 100 000-character lines at the prompt', { timeout: 120_000 }, () => {
    for (const huge of hugeLines) {
      const laptop = start('shell');
      laptop.type(huge);
      check(laptop);
    }
  });

  it('takes 100 000-character lines inside sessions', { timeout: 120_000 }, () => {
    for (const name of ['telnet', 'telnet-prompt', 'telnet-data', 'nc', 'openssl', 'nslookup', 'base64']) {
      for (const huge of [hugeLines[0], hugeLines[14], hugeLines[15]]) {
        const laptop = start(name);
        laptop.type(huge);
        laptop.type('QUIT');
        check(laptop);
      }
    }
  });
});
