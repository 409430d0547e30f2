// Bytes on the wire are UTF-8 (RFC 6531): a reply that echoes the client's text sends back the client's own
// octets, and no octet the client sends can make a reply line of its own or a terminal control.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bridge } from '../../../src/bridge/server.ts';
import { profiles } from '../../../src/smtp/profiles/index.ts';
import { Network } from '../../../src/smtp/network.ts';
import { defaultWorld } from '../../../src/smtp/worlds.ts';
import { portOf, RawClient, testBridge } from './helpers.ts';
import { Terminal } from '@xterm/headless';
import { wireText } from '../../../src/workstation/commands/net.ts';

const strict = new TextDecoder('utf-8', { fatal: true });
const utf8 = (text: string) => Buffer.from(text, 'utf8');
/** A reply as the octets that came off the socket (the client keeps one char per octet). */
const octets = (reply: string) => Buffer.from(reply, 'latin1');

let bridges: Record<string, Bridge & { errors: string[] }> = {};
beforeAll(async () => {
  for (const id of Object.keys(profiles)) bridges[id] = await testBridge([{ port: 0, profile: id }]);
});
afterAll(async () => {
  for (const b of Object.values(bridges)) await b.close();
  bridges = {};
});

/** Sends `lines` (octets, CRLF added) after the greeting, one write each, and returns each reply. */
async function session(profile: string, lines: Buffer[]): Promise<string[]> {
  const c = await RawClient.connect(portOf(bridges[profile]));
  try {
    const out = [await c.reply()];
    for (const line of lines) {
      await c.write(Buffer.concat([line, utf8('\r\n')]));
      out.push(await c.reply());
    }
    return out;
  } finally {
    c.destroy();
  }
}

/**
 * Everything the server sent, split into lines: each must be "NNN", "NNN text" or "NNN-text", with no CR
 * or LF inside, no C0 or C1 control, and the whole stream valid UTF-8.
 */
function checkWire(received: Buffer): string[] {
  const text = strict.decode(received);
  expect(text === '' || text.endsWith('\r\n')).toBe(true);
  const lines = text.split('\r\n').slice(0, -1);
  for (const line of lines) {
    expect(line).toMatch(/^\d{3}(?:[ -][^\r\n]*)?$/);
    expect(line).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
  }
  return lines;
}

describe('UTF-8 on the wire', () => {
  it('echoes jörg and 用户 as the client sent them (c3 b6; e7 94 a8 e6 88 b7), as Postfix does', async () => {
    const replies = await session('postfix', [
      utf8('EHLO client.example'),
      utf8('MAIL FROM:<jörg@client.test> SMTPUTF8'),
      utf8('RCPT TO:<jörg@example.test>'),
      utf8('RCPT TO:<用户@example.test>'),
    ]);
    const [, , mail, jorg, yonghu] = replies.map(octets);
    expect(mail.toString()).toBe('250 2.1.0 Ok\r\n');
    expect(jorg).toEqual(
      utf8(
        '550 5.1.1 <jörg@example.test>: Recipient address rejected: User unknown in local recipient table\r\n',
      ),
    );
    expect(yonghu.includes(utf8('<用户@example.test>'))).toBe(true);
    // What the Latin-1 writer used to send: the lone octet f6, and 用户 cut to "(7".
    expect(jorg.includes(Buffer.from([0x6a, 0xf6, 0x72]))).toBe(false);
    expect(yonghu.includes(Buffer.from('<(7@', 'latin1'))).toBe(false);
  });

  it('ETRN x\\u010d\\u010a250-INJECTED gets one reply line, never a forged "250-INJECTED"', async () => {
    const [, ehlo, etrn, vrfy, noop] = await session('postfix', [
      utf8('EHLO client.example'),
      utf8('ETRN x\u010d\u010a250-INJECTED'),
      utf8('VRFY x\u010d\u010a250-INJECTED'),
      utf8('NOOP'),
    ]);
    expect(ehlo).toMatch(/^250-/);
    for (const reply of [etrn, vrfy]) {
      const lines = checkWire(octets(reply));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^[45]\d\d /);
    }
    // Where the reply echoes the argument, it is the client's two characters (c4 8d c4 8a), not CR LF.
    expect(octets(vrfy).includes(utf8('<x\u010d\u010a250-INJECTED>'))).toBe(true);
    // And the next reply is the NOOP's, not a stray line left over.
    expect(noop).toBe('250 2.0.0 Ok\r\n');
  });

  it('C1 controls echoed in a reply are "?" (VRFY \\u009b2J cleared the screen): on the bridge and in the core', async () => {
    const [, vrfy, letter] = await session('postfix', [
      utf8('VRFY \u009b2J\u009b31mred'),
      utf8('VRFY \u011b[2J'),
    ]);
    expect(octets(vrfy).toString()).toBe(
      '550 5.1.1 <?2J?31mred>: Recipient address rejected: User unknown in local recipient table\r\n',
    );
    // U+011B is a letter (ě): it stays, as its two octets, and no longer turns into ESC.
    expect(octets(letter).includes(utf8('<ě[2J>'))).toBe(true);
    expect(octets(letter).includes(0x1b)).toBe(false);

    // The browser runs the same core: what reaches its terminal has no C1 either.
    const network = new Network(defaultWorld);
    const result = network.connect('mail.example.test', 25);
    if (!result.ok) throw new Error(result.error);
    const wires: string[] = [];
    result.connection.on((e) => {
      if (e.type === 'reply') wires.push(e.wire);
    });
    result.connection.start();
    result.connection.send('VRFY \u009b2J\u0090\u009d0;title\u009c\r\n');
    expect(wires[1]).toBe(
      '550 5.1.1 <?2J??0;title?>: Recipient address rejected: User unknown in local recipient table\r\n',
    );
  });

  it("a C1 CSI in a reply no longer clears the learner's screen or paints it red (xterm, as in the browser)", async () => {
    const screen = async (text: string) => {
      const term = new Terminal({ cols: 100, rows: 4, allowProposedApi: true });
      await new Promise<void>((resolve) => term.write(`EHLO learner typed this\r\n${text}`, resolve));
      const line = (y: number) => term.buffer.active.getLine(y)?.translateToString(true).trimEnd() ?? '';
      const painted = term.buffer.active.getLine(1)?.getCell(20)?.isBgDefault() === false;
      term.dispose();
      return { first: line(0), second: line(1), painted };
    };
    // The attack as it was: xterm obeys U+009B as CSI, clears the screen and sets a red background.
    const before = await screen('550 5.1.1 <\u009b2J\u009b41mred>: Recipient address rejected\r\n');
    expect(before.first).toBe('');
    expect(before.painted).toBe(true);

    const network = new Network(defaultWorld);
    const result = network.connect('mail.example.test', 25);
    if (!result.ok) throw new Error(result.error);
    let shown = '';
    result.connection.on((e) => {
      if (e.type === 'reply') shown += wireText(e).replace(/\n/g, '\r\n');
    });
    result.connection.start();
    result.connection.send('VRFY \u009b2J\u009b41mred\r\n');
    const after = await screen(shown);
    expect(after.first).toBe('EHLO learner typed this');
    expect(after.second).toBe('220 mail.example.test ESMTP Postfix');
    expect(after.painted).toBe(false);
  });

  it('Unicode blanks after VRFY or RCPT TO: are answered, not a crash (the hostile property found one)', async () => {
    const replies = await session('postfix', [
      utf8('EHLO client.example'),
      utf8('VRFY \u2028x'),
      utf8('VRFY \u00a0'),
      utf8('MAIL FROM:<learner@client.test> SMTPUTF8'),
      utf8('RCPT TO:\u0085alice@example.test'),
      utf8('NOOP'),
    ]);
    for (const reply of replies) checkWire(octets(reply));
    expect(replies[replies.length - 1]).toBe('250 2.0.0 Ok\r\n');
    expect(bridges.postfix.errors).toEqual([]);
  });

  it('property: any local part of letters from any script is echoed octet for octet', async () => {
    const letter = fc.constantFrom(...'aöéßжю用户사랑αΩğışćđ😀'.split(/(?=[\s\S])/u));
    const local = fc.array(letter, { minLength: 1, maxLength: 12 }).map((a) => a.join(''));
    await fc.assert(
      fc.asyncProperty(local, async (name) => {
        const [, , , rcpt] = await session('postfix', [
          utf8('EHLO client.example'),
          utf8('MAIL FROM:<learner@client.test> SMTPUTF8'),
          utf8(`RCPT TO:<${name}@example.test>`),
        ]);
        checkWire(octets(rcpt));
        expect(octets(rcpt).includes(utf8(`<${name}@example.test>`))).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('property: hostile octets after any verb, for every profile: well-formed UTF-8 lines, no controls', async () => {
    const verb = fc.constantFrom(
      'VRFY ',
      'ETRN ',
      'HELO ',
      'EHLO ',
      'MAIL FROM:<',
      'RCPT TO:<',
      'XYZZY ',
      'AUTH ',
      '',
    );
    const hostile = fc.constantFrom(
      [0x0d],
      [0x0a],
      [0x0d, 0x0a],
      [0x1b, 0x5b, 0x32, 0x4a],
      [0xc2, 0x9b],
      [0xc2, 0x85],
      [0xc4, 0x8d, 0xc4, 0x8a],
      [0xe2, 0x80, 0xa8],
      [0xff],
      [0xc3],
      [0xed, 0xa0, 0x80],
      [0x00],
      [...utf8('250-INJECTED')],
    );
    const piece = fc.oneof(hostile, fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 8 }));
    const line = fc
      .tuple(verb, fc.array(piece, { maxLength: 6 }))
      .map(([v, parts]) => Buffer.concat([utf8(v), Buffer.from(parts.flat())]));
    const ids = Object.keys(profiles);
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ids),
        fc.array(line, { minLength: 1, maxLength: 6 }),
        async (id, lines) => {
          const c = await RawClient.connect(portOf(bridges[id]));
          const received: Buffer[] = [];
          c.socket.on('data', (d: Buffer) => received.push(d));
          await c.write(Buffer.concat([...lines.flatMap((l) => [l, utf8('\r\n')]), utf8('QUIT\r\n')]));
          await c.closed(10_000).catch(() => c.destroy());
          const lines_ = checkWire(Buffer.concat(received));
          expect(lines_.length).toBeGreaterThan(0);
          answered += lines_.length;
        },
      ),
      { numRuns: 150 },
    );
    expect(answered).toBeGreaterThan(300);
    for (const b of Object.values(bridges)) expect(b.errors).toEqual([]);
  }, 60_000);
});
