// Facts the lessons state, checked against what the simulated lab does: a warning that speaks only when it is
// true, and server texts that agree with the lesson that quotes them.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourse } from '../../../src/lessons/course.ts';
import { startLesson } from '../../../src/lessons/replay.ts';

const course = loadCourse(resolve('lessons'));
const lesson = (slug: string) => {
  const found = course.lessons.find((l) => l.slug === slug);
  if (!found) throw new Error(`no lesson ${slug}`);
  return found;
};

describe('lesson 14, STARTTLS step', () => {
  const tls = lesson('tls-and-auth');
  const atStep2 = () => {
    const replay = startLesson(tls);
    for (const line of tls.steps[0].solution) replay.run.type(line);
    expect(replay.run.engine.current).toBe(1);
    return replay;
  };

  it('warns about telnet when STARTTLS was typed in telnet', () => {
    const replay = atStep2();
    replay.run.type('QUIT');
    replay.run.type('telnet mail.example.test 587');
    replay.run.type('EHLO laptop.client.test');
    expect(replay.run.type('STARTTLS').kind).toBe('off-path');
  });

  it('does not warn when openssl s_client -starttls smtp did the handshake', () => {
    const replay = atStep2();
    replay.run.type('QUIT');
    const outcome = replay.run.type(
      'openssl s_client -connect mail.example.test:587 -starttls smtp -crlf -quiet',
    );
    expect(outcome.kind).not.toBe('off-path');
    expect(replay.run.type('EHLO laptop.client.test').kind).toBe('advanced');
  });
});

describe('lesson 6: a header naming someone the envelope left out', () => {
  const type = (lines: string[]) => {
    const replay = startLesson(lesson('envelope-vs-headers'));
    return lines.map((line) => replay.run.type(line)).at(-1)!;
  };
  const message = (rcpts: string[]) => [
    'MAIL FROM:<learner@client.test>',
    ...rcpts.map((r) => `RCPT TO:<${r}@example.test>`),
    'DATA',
    'To: alice@example.test',
    'Cc: postmaster@example.test',
    '',
    'Numbers attached.',
    '.',
  ];

  it('says who got no copy and why: Cc without a RCPT TO, To without a RCPT TO', () => {
    const noPostmaster = type(message(['alice', 'bob']));
    expect(noPostmaster).toMatchObject({ kind: 'off-path' });
    expect(noPostmaster.kind === 'off-path' && noPostmaster.say).toMatch(/postmaster is named in `Cc:`/);
    const noAlice = type(message(['postmaster', 'bob']));
    expect(noAlice.kind === 'off-path' && noAlice.say).toMatch(/Alice is named in `To:`/);
  });

  it('says nothing of the kind when every named person had a RCPT TO', () => {
    expect(type(message(['alice', 'postmaster', 'bob'])).kind).toBe('advanced');
    expect(type(message(['alice', 'postmaster'])).kind).not.toBe('off-path');
  });
});

describe('lesson 9 names the header field that is wrong', () => {
  const FIELDS: Record<string, string> = {
    Date: 'Date: Sun, 22 Nov 2026 23:05:00 +0000',
    From: 'From: Learner <learner@client.test>',
    To: 'To: Alice <alice@example.test>',
    Subject: 'Subject: A proper message',
    'Message-ID': 'Message-ID: <20261122230500.4f7a@laptop.client.test>',
    'MIME-Version': 'MIME-Version: 1.0',
    'Content-Type': 'Content-Type: text/plain; charset=UTF-8',
  };
  /** The outcome of a message with these fields changed (null: left out). */
  const send = async (changed: Record<string, string | null>) => {
    const nine = lesson('proper-message');
    const replay = startLesson(nine);
    await replay.run.ready;
    for (const line of nine.steps[0].solution) replay.run.type(line);
    const fields = Object.entries({ ...FIELDS, ...changed }).flatMap(([, line]) => (line ? [line] : []));
    const lines = [
      'MAIL FROM:<learner@client.test>',
      'RCPT TO:<alice@example.test>',
      'DATA',
      ...fields,
      '',
      'Hi',
      '.',
    ];
    return lines.map((line) => replay.run.type(line)).at(-1)!;
  };
  const said = async (changed: Record<string, string | null>) => {
    const outcome = await send(changed);
    return outcome.kind === 'off-path' ? outcome.say : outcome.kind;
  };

  it('a Date not in RFC 5322 form, a Message-ID without brackets, no MIME-Version, no address in To', async () => {
    expect(await said({ Date: 'Date: 2026-12-06 10:00' })).toMatch(/the `Date:` field/);
    expect(await said({ 'Message-ID': 'Message-ID: 12345@client.test' })).toMatch(/the `Message-ID:` field/);
    expect(await said({ 'MIME-Version': null })).toMatch(/`MIME-Version: 1\.0`/);
    expect(await said({ To: 'To: Alice' })).toMatch(/`From:` or `To:`/);
    expect(await said({ Subject: null })).toMatch(/a `Subject:` is missing/);
  });

  it('none of them when all seven are there and well-formed', async () => {
    expect((await send({})).kind).toBe('advanced');
  });
});

describe('lesson 15 quotes the Sendmail replies the lab sends', () => {
  it('"<address>... Sender ok" and "... Recipient ok"', () => {
    const three = lesson('three-servers');
    const done = three.steps.find((s) => s.id === 'sendmail')!.done;
    const replay = startLesson(three);
    for (const line of three.steps[0].solution) replay.run.type(line);
    const before = replay.screen.length;
    for (const line of three.steps[1].solution) replay.run.type(line);
    const screen = replay.screen.slice(before);
    for (const quoted of [
      '250 <learner@client.test>... Sender ok',
      '250 <test@example.com>... Recipient ok',
    ]) {
      expect(done).toContain(quoted);
      expect(screen).toContain(quoted);
    }
  });
});

describe('lesson 3 on DATA without a recipient', () => {
  it('states both Postfix replies the lab gives (before MAIL, and after an accepted MAIL)', () => {
    const codes = lesson('reply-codes');
    const done = codes.steps.find((s) => s.id === 'bad-sequence')!.done!.replace(/\s+/g, ' ');
    const replay = startLesson(codes);
    const before = replay.screen.length;
    replay.run.type('DATA');
    replay.run.type('MAIL FROM:<learner@client.test>');
    replay.run.type('DATA');
    const screen = replay.screen.slice(before);
    for (const quoted of ['503 5.5.1 Error: need RCPT command', '554 5.5.1 Error: no valid recipients']) {
      expect(done).toContain(quoted);
      expect(screen).toContain(quoted);
    }
  });
});
