// White space before a header's colon ("Subject : x"), and leading "From " lines: the messages of
// tests/scenarios/244_header_space_before_colon.txt as a live Postfix 3.7 stored them (tests/refs-header-space/,
// recorded with `npm run refs:compare` against scripts/reference-postfix.sh), and as the simulated one stores
// them (src/smtp/cleanup.ts). Near misses: the body, a part's body, a multipart preamble and BDAT are not touched.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScenario, unescapeBytes } from '../../../scripts/refs-compare.ts';
import { joinHeaderColons } from '../../../src/smtp/cleanup.ts';
import { Session } from './harness.ts';
import { mboxMessages, withoutTrace } from './mbox.ts';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
const scenario = parseScenario('244', read('../../scenarios/244_header_space_before_colon.txt'));

/**
 * A stored message without the trace fields delivery writes on top, the Message-Id and Date Postfix generated
 * masked (the client's own stay), and as local(8) writes it into an mbox file: a line starting with "From "
 * quoted as ">From ".
 */
function comparable(stored: string): string {
  return withoutTrace(stored)
    .replace(/^Message-Id: <\d{14}\.[0-9A-F]+@mail\.example\.test>$/gm, 'Message-Id: <masked>')
    .replace(/^Date: .* \(UTC\)$/gm, 'Date: <masked>')
    .replace(/^From /gm, '>From ');
}

/** The scenario's steps replayed against the simulated Postfix; alice's mailbox after it. */
function simulated(client: string, profile = 'postfix'): string[] {
  const s = new Session({ profile, client }).start();
  s.take();
  // The libraries have no BDAT: their replay stops before it.
  const steps = profile === 'postfix' ? scenario.steps : scenario.steps.filter((st) => st.kind !== 'raw');
  for (const step of steps) {
    if (step.kind === 'line') s.command(step.line);
    else if (step.kind === 'data-block') expect(s.command(step.lines.join('\r\n'))[0]).toMatch(/^250 /);
    else if (step.kind === 'raw') expect(s.send(unescapeBytes(step.bytes)).take()[0]).toMatch(/^250 /);
    else throw new Error(`unexpected step ${step.kind}`);
  }
  return s.net.mailbox('alice@example.test').map((m) => comparable(m.stored));
}

const messages = scenario.steps.filter((s) => s.kind === 'data-block' || s.kind === 'raw').length;
const remote = mboxMessages(read('../../refs-header-space/mailbox-remote.mbox')).map(comparable);
const local = mboxMessages(read('../../refs-header-space/mailbox-local.mbox')).map(comparable);
const bySubject = (live: string[], s: string) =>
  live.find((m) => new RegExp(`^Subject: ?${s}$`, 'im').test(m))!;

describe('white space before the colon, as a live Postfix 3.7 stores it', () => {
  it('the recordings hold one message per DATA block and BDAT', () => {
    expect(messages).toBe(25);
    expect(remote).toHaveLength(messages);
    expect(local).toHaveLength(messages);
  });

  it('what the recording shows, in words', () => {
    // Any name, space or tab, one or more: the white space goes, the rest of the line stays as sent.
    expect(remote[0]).toBe('Subject: s1\n\nhello');
    expect(remote[1]).toBe('Subject: s2\n\nhello');
    expect(remote[2]).toBe('Subject:s3\n\nhello');
    expect(bySubject(remote, 's4')).toBe('Subject: s4\nX-Foo: y\n\nhello');
    expect(bySubject(remote, 's11')).toBe('SUBJECT: s11\n\nhello');
    expect(bySubject(remote, 's17')).toContain('\nTo:  Alice <alice@example.test>\n');
    expect(bySubject(remote, 's21')).toContain('\nX-A:v\n');
    // A folded field keeps its continuation lines; the body keeps "Subject : body line".
    expect(bySubject(remote, 's9')).toBe('Subject: s9\n\tcontinued with a tab\n and a space\n\nhello');
    expect(bySubject(remote, 's10')).toBe('Subject: s10\n\nSubject : body line\nTo : alice@example.test');
    // MIME: a part's header block is rewritten, its body, the preamble and the epilogue are not.
    const mime = bySubject(remote, 's19');
    expect(mime).toContain('\nContent-Type: text/plain\nX-Part: one\n\nSubject : part body\n');
    expect(mime).toContain('\nSubject: inner\nFrom: inner@client.test\n');
    expect(mime).toContain('\nX-Pre : preamble text\n');
    expect(mime).toMatch(/\nX-Epi : epilogue$/);
    // A local client: "From :" counts as a From, so none is added; "From :" as the first line of DATA does not.
    expect(bySubject(local, 's6')).not.toMatch(/^From: learner@client.test$/m);
    expect(bySubject(local, 's7')).toMatch(/^X-Mailbox-Line: From : Learner <learner@client.test>$/m);
    expect(bySubject(local, 's7')).toMatch(/^From: learner@client.test$/m);
    // BDAT: no X-Mailbox-Line, so "From x" starts the body and the Subject in it is text.
    expect(remote.at(-1)).toBe('\n>From x\nSubject : s25 bdat\n\nhi');
  });

  it('a remote client: the simulated Postfix stores the same', () => {
    expect(simulated('203.0.113.7')).toEqual(remote);
  });

  it('a local client: the same, with the fields added after the rewritten ones', () => {
    expect(simulated('127.0.0.1')).toEqual(local);
  });

  it('the libraries store what they got (shared/refs/delivered): nothing rewritten', () => {
    const sent = simulated('203.0.113.7', 'smtp-server');
    expect(sent[0]).toBe('Subject : s1\nhello');
    expect(sent.find((m) => m.includes('s20'))).toBe('>From x\n>From : y\n>From z\nSubject : s20\nhello');
  });
});

describe('joinHeaderColons', () => {
  const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,8}$/);
  const ws = fc.stringMatching(/^[ \t]{0,3}$/);
  const text = fc.stringMatching(/^[ -~]{0,12}$/);
  const field = fc.tuple(name, ws, text).map(([n, w, t]) => `${n}${w}:${t}`);
  const line = fc.oneof(field, text, fc.constant(''), fc.constant('--b'), fc.constant('--b--'));
  const type = fc.constantFrom(
    'Content-Type : multipart/mixed; boundary=b',
    'Content-Type: message/rfc822',
    'Content-Type: multipart/digest; boundary="b"',
    'Content-Type: text/plain',
  );
  // Multipart parts in order, each a header block and a body; then lines in any order around them.
  const part = fc
    .tuple(fc.array(field, { maxLength: 3 }), fc.array(line, { maxLength: 4 }))
    .map(([head, body]) => ['--b', ...head, '', ...body]);
  const content = fc
    .tuple(
      fc.array(field, { maxLength: 4 }),
      fc.option(type),
      fc.array(line, { maxLength: 6 }),
      fc.array(part, { maxLength: 4 }),
      fc.array(line, { maxLength: 6 }),
    )
    .map(([head, t, before, parts, after]) =>
      [...head, ...(t === null ? [] : [t]), '', ...before, ...parts.flat(), ...after].join('\n'),
    );

  it('only ever removes white space right before the first colon of a line, and is idempotent', () => {
    fc.assert(
      fc.property(content, (c) => {
        const out = joinHeaderColons(c);
        const before = c.split('\n');
        const after = out.split('\n');
        expect(after).toHaveLength(before.length);
        after.forEach((l, i) => {
          if (l !== before[i]) expect(before[i].replace(/^([^ \t:]+)[ \t]+:/, '$1:')).toBe(l);
        });
        expect(joinHeaderColons(out)).toBe(out);
      }),
    );
  });

  it('reaches the header blocks of parts and nested messages, and leaves look-alike body lines alone', () => {
    let rewrittenAfterPrimary = 0;
    let keptInBodies = 0;
    fc.assert(
      fc.property(content, (c) => {
        const before = c.split('\n');
        const after = joinHeaderColons(c).split('\n');
        const primaryEnd = before.findIndex((l) => !/^[!-9;-~]+[ \t]*:/.test(l));
        after.forEach((l, i) => {
          if (i <= primaryEnd || primaryEnd < 0) return;
          if (l !== before[i]) rewrittenAfterPrimary++;
          else if (/^[!-9;-~]+[ \t]+:/.test(l)) keptInBodies++;
        });
      }),
    );
    // The generator reaches both deep states: a part's or nested message's field rewritten, and a spaced
    // field left as it is because it is body text.
    expect(rewrittenAfterPrimary).toBeGreaterThan(20);
    expect(keptInBodies).toBeGreaterThan(20);
  });

  it('a body that is not MIME is left as it is, however many look-alike lines it holds', () => {
    const big = `Subject : x\n\n${'Subject : y\n'.repeat(200_000)}`;
    const out = joinHeaderColons(big);
    expect(out.slice(0, 21)).toBe('Subject: x\n\nSubject :');
    expect(out.length).toBe(big.length - 1);
    const plain = `Subject: x\n\n${'Subject : y\n'.repeat(10)}`;
    expect(joinHeaderColons(plain)).toBe(plain);
  });
});
