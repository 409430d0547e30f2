// The checks behind headerSyntax, mimeTree, cidResolved and bodyBlankEdges, and the new delivered/state/reply
// properties on events of the real simulated server.
import { describe, expect, it } from 'vitest';
import {
  bodyHasBlankEdge,
  cidLinksResolve,
  describeTree,
  headerValid,
  isDateTime,
  isMsgId,
  mimeTree,
  treeMatches,
} from '../../../src/lessons/engine/message-checks.ts';
import { parseMessage } from '../../../src/lessons/engine/message.ts';
import { compileLesson } from '../../../src/lessons/compile.ts';
import { holds } from '../../../src/lessons/engine/conditions.ts';
import type { Condition } from '../../../src/lessons/engine/types.ts';
import { Network } from '../../../src/smtp/network.ts';
import { defaultWorld } from '../../../src/smtp/worlds.ts';
import { fixedEnvironment } from '../../../src/smtp/environment.ts';
import type { Connection, SmtpEvent } from '../../../src/smtp/types.ts';
import { latestState } from '../../../src/lessons/run.ts';

describe('RFC 5322 date-time', () => {
  it.each([
    'Sun, 22 Nov 2026 23:05:00 +0000',
    '22 Nov 2026 23:05 -0400',
    'Sun,22 Nov 2026 23:05:00 +0000 (UTC)',
    '22 Nov 26 23:05:00 GMT',
    'Mon, 29 Feb 2016 00:00:60 +0100',
  ])('accepts %s', (d) => expect(isDateTime(d)).toBe(true));
  it.each([
    'tomorrow-ish',
    'Mon, 22 Nov 2026 23:05:00 +0000', // a Sunday
    '31 Nov 2026 10:00:00 +0000',
    '22 Nov 2026 24:00:00 +0000',
    '22 Nov 2026 23:05:00',
    '2026-11-22T23:05:00Z',
    '22 Nov 2026 23:05:00 +0099',
    'Sun, 22 Foo 2026 23:05:00 +0000',
  ])('refuses %s', (d) => expect(isDateTime(d)).toBe(false));
});

describe('RFC 5322 msg-id', () => {
  it.each(['<a@b>', '<20261122.4f7a@laptop.client.test>', ' <x.y@[203.0.113.7]> (comment)'])(
    'accepts %s',
    (m) => expect(isMsgId(m)).toBe(true),
  );
  it.each(['not-an-id', 'a@b', '<a b@c>', '<@b>', '<a@>', '<a..b@c>', '<a@b> <c@d>'])('refuses %s', (m) =>
    expect(isMsgId(m)).toBe(false),
  );
});

describe('headerValid', () => {
  const m = parseMessage(
    'From: "Doe, J" <j@x.test>\nTo: Friends: a@x.test, b@y.test;\nCc: nobody\nMIME-Version: 1.0 (hand)\nDate: x\nDate: y\n\nbody',
  );
  it('reads address lists, MIME-Version, and refuses duplicates and unknown names', () => {
    expect(headerValid(m, 'from')).toBe(true);
    expect(headerValid(m, 'To')).toBe(true);
    expect(headerValid(m, 'Cc')).toBe(false);
    expect(headerValid(m, 'MIME-Version')).toBe(true);
    expect(headerValid(m, 'Date')).toBe(false);
    expect(headerValid(m, 'Subject')).toBe(false); // absent
    expect(headerValid(m, 'X-Unknown')).toBe(false);
  });
});

describe('MIME tree', () => {
  const related = [
    'Content-Type: multipart/alternative; boundary="o"',
    '',
    'preamble',
    '--o',
    '',
    'plain',
    '--o',
    'Content-Type: multipart/related; boundary=i',
    '',
    '--i',
    'Content-Type: text/html',
    '',
    '<img src="cid:pic@x">',
    '--i',
    'Content-Type: image/png',
    'Content-ID: <pic@x>',
    '',
    'AAAA',
    '--i--',
    '--o--',
  ].join('\n');

  it('describes the tree and matches patterns with image/*', () => {
    const tree = mimeTree(related);
    expect(describeTree(tree)).toBe(
      'multipart/alternative(text/plain,multipart/related(text/html,image/png))',
    );
    expect(
      treeMatches(tree, 'multipart/alternative(text/plain, multipart/related(text/html, image/*))'),
    ).toBe(true);
    expect(treeMatches(tree, 'multipart/alternative(text/plain,multipart/mixed(text/html,image/*))')).toBe(
      false,
    );
    expect(treeMatches(tree, 'multipart/alternative(text/plain,text/html)')).toBe(false);
  });

  it('a multipart without its closing boundary has no parts', () => {
    expect(describeTree(mimeTree(related.replace('--o--', '')))).toBe('multipart/alternative()');
  });

  it('cid: links resolve only to an existing Content-ID', () => {
    expect(cidLinksResolve(mimeTree(related))).toBe(true);
    expect(cidLinksResolve(mimeTree(related.replace('cid:pic@x', 'cid:other@x')))).toBe(false);
    expect(cidLinksResolve(mimeTree('Content-Type: text/html\n\n<p>no image</p>'))).toBe(false);
  });

  it('blank body edges', () => {
    expect(bodyHasBlankEdge('Subject: a\n\ntext')).toBe(false);
    expect(bodyHasBlankEdge('Subject: a\n\n\ntext')).toBe(true);
    expect(bodyHasBlankEdge('Subject: a\n\ntext\n')).toBe(true);
  });
});

describe('new condition properties on the simulated server', () => {
  function setup() {
    const net = new Network(defaultWorld, fixedEnvironment());
    const log: SmtpEvent[] = [];
    net.on((e) => log.push(e));
    const open = (host = 'mail.example.test'): Connection => {
      const r = net.connect(host, 25);
      if (!r.ok) throw new Error(r.error);
      r.connection.start();
      return r.connection;
    };
    const send = (c: Connection, ...lines: string[]) => lines.forEach((l) => c.send(l + '\r\n'));
    const is = (condition: Condition) => holds(condition, { log, from: 0, state: latestState(net)() });
    return { open, send, is };
  }

  it('distinctMessages counts messages over one connection, not deliveries', () => {
    const { open, send, is } = setup();
    const c = open();
    send(
      c,
      'EHLO x',
      'MAIL FROM:<a@client.test>',
      'RCPT TO:<alice@example.test>',
      'RCPT TO:<bob@example.test>',
    );
    send(c, 'DATA', 'Subject: both', '', 'hi', '.');
    expect(is({ delivered: { count: { min: 2 } } })).toBe(true);
    expect(is({ delivered: { distinctMessages: { min: 2 } } })).toBe(false);
    expect(is({ delivered: { envelopeTo: ['ALICE@example.test', 'bob@example.test'] } })).toBe(true);
    send(c, 'QUIT');
    const d = open();
    send(d, 'EHLO x', 'MAIL FROM:<a@client.test>', 'RCPT TO:<bob@example.test>', 'DATA', '', 'x', '.');
    expect(is({ delivered: { distinctMessages: { min: 2 } } })).toBe(false);
    send(d, 'MAIL FROM:<a@client.test> BODY=8BITMIME', 'RCPT TO:<alice@example.test>', 'DATA', '', 'y', '.');
    expect(is({ delivered: { distinctMessages: { min: 2 } } })).toBe(true);
    expect(is({ delivered: { distinctMessages: { min: 2, max: 1 } } })).toBe(false);
    expect(is({ delivered: { mailParams: ['body=8bitmime'] } })).toBe(true);
    expect(is({ delivered: { mailParams: ['SMTPUTF8'] } })).toBe(false);
  });

  it('octets, headerAddresses and reply.host', () => {
    const { open, send, is } = setup();
    const c = open();
    send(c, 'EHLO x', 'MAIL FROM:<a@client.test>', 'RCPT TO:<bob@example.test>', 'BDAT 10 LAST');
    c.send('Hi there\r\n');
    expect(is({ delivered: { viaBdat: true, octets: { min: 10, max: 10 } } })).toBe(true);
    expect(is({ delivered: { octets: { max: 8 } } })).toBe(false);
    expect(is({ reply: { id: 'ehlo.ok', host: 'MAIL.example.test.' } })).toBe(true);
    expect(is({ reply: { id: 'ehlo.ok', host: 'strict.example.test' } })).toBe(false);
    send(
      c,
      'MAIL FROM:<a@client.test>',
      'RCPT TO:<alice@example.test>',
      'DATA',
      'To: "A, B" <Alice@Example.test>',
    );
    send(c, '', 'hi', '.');
    expect(is({ delivered: { headerAddresses: { to: ['alice@example.test'] } } })).toBe(true);
    expect(is({ delivered: { headerAddresses: { Cc: ['alice@example.test'] } } })).toBe(false);
    send(c, 'MAIL FROM:<a@client.test> SMTPUTF8', 'RCPT TO:<bob@example.test>');
    expect(is({ state: { mailParams: ['SMTPUTF8'], envelopeTo: ['bob@example.test'] } })).toBe(true);
    expect(is({ state: { envelopeTo: ['alice@example.test'] } })).toBe(false);
  });
});

describe('lessons:check on the new fields', () => {
  const lessonWith = (step: string) => `---
title: T
summary: S.
steps:
  - id: one
    text: Do it.
${step}
    hints: ['Type: \`QUIT\`']
    done: Done.
    solution: [QUIT]
---
`;

  it('refuses a header headerSyntax cannot check, and a near miss with a line break or a duplicate name', () => {
    const { problems } = compileLesson(
      'x/01-t/index.md',
      '01-t',
      lessonWith(`    goal: { delivered: { headerSyntax: [X-Mailer] } }
    misses:
      - { name: a, lines: ["QUIT\\nQUIT"] }
      - { name: a, lines: [QUIT] }`),
    );
    const messages = problems.map((p) => p.message).join('\n');
    expect(messages).toMatch(/headerSyntax knows date, message-id/);
    expect(messages).toMatch(/misses #1.*line break/);
    expect(messages).toMatch(/duplicate near miss "a"/);
  });

  it('accepts well-formed misses and carries them into the compiled step', () => {
    const { lesson, problems } = compileLesson(
      'x/01-t/index.md',
      '01-t',
      lessonWith(`    goal: { reply: { id: quit.ok, host: mail.example.test } }
    misses:
      - { name: wrong, lines: [EXIT] }`),
    );
    expect(problems).toEqual([]);
    expect(lesson?.steps[0].misses).toEqual([{ name: 'wrong', lines: ['EXIT'] }]);
  });
});
