import { describe, expect, it } from 'vitest';
import { Network } from '../../../src/smtp/network.ts';
import { fixedEnvironment } from '../../../src/smtp/environment.ts';
import type { SmtpEvent } from '../../../src/smtp/types.ts';
import { defaultWorld } from '../../../src/smtp/worlds.ts';
import {
  alignColumn,
  compareQuery,
  readCompareQuery,
  rowDifference,
} from '../../../src/ui/classroom/compare.ts';
import { worldWithProfile } from '../../../src/ui/lab.svelte.ts';

/** The events a real simulated server emits for these writes (each write one send: a group is pipelined). */
function serve(profile: string, writes: string[]): SmtpEvent[] {
  const network = new Network(worldWithProfile(defaultWorld, profile), fixedEnvironment());
  const events: SmtpEvent[] = [];
  network.on((e) => events.push(e));
  const r = network.connect('mail.example.test', 25);
  if (!r.ok) throw new Error('no connection');
  r.connection.start();
  for (const w of writes) r.connection.send(w);
  return events;
}

const message = [
  'HELO laptop.client.test',
  'MAIL FROM:<learner@client.test>',
  'RCPT TO:<alice@example.test>',
  'DATA',
  'Subject: hi',
  '',
  'body',
  '.',
  'QUIT',
];
const codes = (cells: ReturnType<typeof alignColumn>['cells']) =>
  cells.map((c) => c.replies.map((r) => r.code));

describe('compare: aligning replies to the lines that caused them', () => {
  it('puts the greeting apart, gives message content no reply and the dot the verdict', () => {
    const column = alignColumn(
      message.length,
      serve(
        'postfix',
        message.map((l) => l + '\r\n'),
      ),
    );
    expect(column.greeting.map((r) => r.code)).toEqual([220]);
    expect(codes(column.cells)).toEqual([[250], [250], [250], [354], [], [], [], [250], [221]]);
    expect(column.cells.map((c) => c.data)).toEqual([
      false,
      false,
      false,
      false,
      true,
      true,
      true,
      false,
      false,
    ]);
    expect(column.cells.every((c) => c.read)).toBe(true);
  });

  it('lines up a pipelined group sent in one write with its commands', () => {
    const group = message.slice(1, 4).join('\r\n') + '\r\n';
    const column = alignColumn(4, serve('postfix', ['EHLO laptop.client.test\r\n', group]));
    expect(codes(column.cells)).toEqual([[250], [250], [250], [354]]);
    expect(column.cells[2].replies[0].enhanced).toBe('2.1.5');
  });

  it('keeps command order when a server answers a group only after reading all of it', () => {
    const reply = (code: number) => ({
      type: 'reply' as const,
      connectionId: 1,
      reply: { id: code === 220 ? ('greeting' as const) : ('mail.ok' as const), code, lines: [`${code} x`] },
      wire: `${code} x\r\n`,
      command: null,
    });
    const command = (line: string) => ({
      type: 'command' as const,
      connectionId: 1,
      line,
      verb: line.split(' ')[0],
      argument: '',
      ending: '\r\n' as const,
    });
    const events: SmtpEvent[] = [
      reply(220),
      command('MAIL FROM:<a@b>'),
      command('RCPT TO:<c@d>'),
      command('RCPT TO:<e@f>'),
      reply(250),
      reply(550),
      reply(251),
    ];
    expect(codes(alignColumn(3, events).cells)).toEqual([[250], [550], [251]]);
  });

  it('keeps a multi-line reply whole on the line that asked for it', () => {
    const column = alignColumn(1, serve('postfix', ['EHLO laptop.client.test\r\n']));
    expect(column.cells[0].replies).toHaveLength(1);
    expect(column.cells[0].replies[0].lines.length).toBeGreaterThan(3);
    expect(column.cells[0].replies[0].lines).toContain('PIPELINING');
  });

  it('marks a hang-up on the line that caused it and leaves the later lines unread', () => {
    // postfix-strict drops a client whose command line ends in a bare LF.
    const lines = ['HELO laptop.client.test', 'MAIL FROM:<learner@client.test>', 'QUIT'];
    const events = serve('postfix-strict', [
      'HELO laptop.client.test\r\n',
      'MAIL FROM:<learner@client.test>\n',
      'QUIT\r\n',
    ]);
    const column = alignColumn(lines.length, events);
    expect(column.cells.map((c) => c.hangUp)).toEqual([false, true, false]);
    expect(column.cells.map((c) => c.read)).toEqual([true, true, false]);
    expect(column.cells[2].replies).toEqual([]);
  });

  it('says what differs between servers on a line, and nothing where they agree', () => {
    const lines = ['HELO laptop.client.test', 'MAIL FROM:<learner@client.test>', 'FOO'];
    const writes = lines.map((l) => l + '\r\n');
    const postfix = alignColumn(3, serve('postfix', writes));
    const library = alignColumn(3, serve('smtp-server', writes));
    const same = rowDifference([postfix.cells[1], alignColumn(3, serve('postfix-stock', writes)).cells[1]]);
    expect(Object.values(same).some(Boolean)).toBe(false);
    const mail = rowDifference([postfix.cells[1], library.cells[1]]);
    expect(mail.class).toBe(false);
    expect(mail.enhanced).toBe(true);
    expect(mail.text).toBe(true); // "Ok" and "Accepted"
    const python = alignColumn(3, serve('aiosmtpd', writes));
    const unknown = rowDifference([postfix.cells[2], library.cells[2], python.cells[2]]);
    expect(unknown).toEqual({
      class: false,
      code: false,
      enhanced: true,
      text: true, // aiosmtpd names the command
      hangUp: false,
      replied: false,
    });
    // Postfix and smtp-server alone word it the same way.
    expect(rowDifference([postfix.cells[2], library.cells[2]]).text).toBe(false);
  });

  it('tells a hang-up apart from a reply', () => {
    const lines = ['HELO a', 'MAIL FROM:<learner@client.test>'];
    const strict = alignColumn(
      2,
      serve('postfix-strict', ['HELO a\r\n', 'MAIL FROM:<learner@client.test>\n']),
    );
    const postfix = alignColumn(
      2,
      serve(
        'postfix',
        lines.map((l) => l + '\n'),
      ),
    );
    const d = rowDifference([strict.cells[1], postfix.cells[1]]);
    expect(d.hangUp).toBe(true);
  });
});

describe('compare: share links', () => {
  const profiles = ['postfix', 'sendmail', 'aiosmtpd'];
  it('carries the servers and the groups of lines', () => {
    const c = {
      servers: ['postfix', 'sendmail'],
      groups: [['HELO a'], ['MAIL FROM:<a@b>', 'RCPT TO:<c@d>'], ['']],
    };
    const query = compareQuery(c);
    expect(query).not.toBeNull();
    expect(readCompareQuery(query ?? '', profiles)).toEqual({ kind: 'comparison', comparison: c });
  });
  it('refuses unknown servers, a single server and groups that do not add up', () => {
    const good = compareQuery({ servers: ['postfix', 'aiosmtpd'], groups: [['A'], ['B']] }) ?? '';
    expect(readCompareQuery(good.replace('aiosmtpd', 'constructor'), profiles).kind).toBe('unreadable');
    expect(
      readCompareQuery(good.replace('servers=postfix%2Caiosmtpd', 'servers=postfix'), profiles).kind,
    ).toBe('unreadable');
    expect(readCompareQuery(good.replace('groups=1.1', 'groups=1.5'), profiles).kind).toBe('unreadable');
    expect(readCompareQuery(good.replace('groups=1.1', 'groups=0.2'), profiles).kind).toBe('unreadable');
    expect(readCompareQuery('', profiles).kind).toBe('none');
  });
});
