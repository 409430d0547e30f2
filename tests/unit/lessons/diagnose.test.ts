// The sentences about the learner's own line, through the lesson runtime the page uses: each mistake is typed as
// a learner types it and must be named; lines close to it must not be (no sentence is better than a wrong one).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileLesson } from '../../../src/lessons/compile.ts';
import type { NoteId } from '../../../src/lessons/engine/diagnose.ts';
import { strayHeaderLine } from '../../../src/lessons/engine/message.ts';
import { keyEntry, type SessionKey } from '../../../src/lessons/progress.ts';
import { LessonRun } from '../../../src/lessons/run.ts';
import { fixedEnvironment } from '../../../src/smtp/environment.ts';
import { notesEn } from '../../../src/ui/lesson/note-strings.ts';
import { lessonEn } from '../../../src/ui/lesson/strings.ts';
import { looksLikeSmtp } from '../../../src/workstation/smtp-lines.ts';

function lesson(extra = '', goal = '{ delivered: { to: nobody@example.test } }') {
  const { lesson, problems } = compileLesson(
    't.md',
    '01-t',
    `---
title: Notes
summary: A lesson whose goal is never reached, to type anything.
${extra}
steps:
  - id: never
    text: Anything.
    goal: ${goal}
    hints: ['Type: \`QUIT\`']
    done: Done.
    solution: ['QUIT']
---
`,
  );
  if (!lesson) throw new Error(JSON.stringify(problems));
  return lesson;
}

const KEYS: Record<string, SessionKey> = { '^C': 'interrupt', '^D': 'eof', '^]': 'escape' };

/** Types the lines (^C, ^D, ^] press the key) and returns the notes each one got, and the screen. */
function play(lines: string[], extra = '') {
  let screen = '';
  const run = new LessonRun(lesson(extra), {
    environment: fixedEnvironment(),
    output: { write: (t) => (screen += t), clear: () => {} },
  });
  const notes = lines.map((line) => {
    const outcome = run.enter(KEYS[line] ? keyEntry(KEYS[line]) : line);
    return outcome?.notes ?? [];
  });
  run.dispose();
  return { notes, ids: notes.map((n) => n.map((x) => x.id)), screen };
}

const CONNECT = ['telnet mail.example.test 25', 'EHLO laptop.client.test'];
const IN_DATA = [...CONNECT, 'MAIL FROM:<learner@client.test>', 'RCPT TO:<alice@example.test>', 'DATA'];

/** The note ids of the last line typed after `before`. */
function last(before: string[], line: string, extra = ''): NoteId[] {
  return play([...before, line], extra).ids.at(-1)!;
}

describe('a dot with spaces in DATA', () => {
  it('" ." and ".  " are message text: said, with the spaces shown', () => {
    const { notes } = play([...IN_DATA, ' .', '.  ']);
    expect(notes.at(-2)).toEqual([{ id: 'dotWithSpaces', vars: { line: '␣.' } }]);
    expect(notes.at(-1)).toEqual([{ id: 'dotWithSpaces', vars: { line: '.␣␣' } }]);
  });

  it('not for the real end, a stuffed dot, or a dot inside text', () => {
    for (const line of ['.', '..', 'a .', '. and more'])
      expect(last([...IN_DATA, 'Subject: x', ''], line)).not.toContain('dotWithSpaces');
  });

  it('not for " ." outside DATA', () => {
    expect(last(CONNECT, ' .')).not.toContain('dotWithSpaces');
  });
});

describe('text right after the headers, with no empty line', () => {
  it('the first line that is no header, with no empty line before it', () => {
    const { notes } = play([...IN_DATA, 'Subject: hi', 'Hello Bob', 'more text']);
    expect(notes.at(-2)).toEqual([{ id: 'textInHeaders', vars: { line: 'Hello Bob' } }]);
    // Once is enough: the following lines are in the same mistake.
    expect(notes.at(-1)).toEqual([]);
  });

  it('a name with spaces is no field name: "Not a header: really?" starts the body (live Postfix 3.7)', () => {
    expect(last([...IN_DATA, 'Subject: hi'], 'Not a header: really?')).toEqual(['textInHeaders']);
  });

  it('white space first with no field above it is text, not a continuation (live Postfix 3.7)', () => {
    expect(last(IN_DATA, '  Hello Bob')).toEqual(['textInHeaders']);
  });

  it('not after the empty line, for a folded header, or for another field', () => {
    expect(last([...IN_DATA, 'Subject: hi', ''], 'Hello Bob')).toEqual([]);
    expect(last([...IN_DATA, 'Subject: a long'], '  folded subject')).toEqual([]);
    expect(last([...IN_DATA, 'Subject: hi'], 'X-Note: fine')).toEqual([]);
    expect(last([...IN_DATA, 'Subject: hi'], 'Subject : spaced')).toEqual([]);
  });

  it('a Bcc: typed after the body began is body text, not a header', () => {
    expect(last([...IN_DATA, 'Subject: hi', 'Hello Bob'], 'Bcc: carol@example.test')).toEqual([]);
  });

  it('the note says where the body started and what became of it, truthfully', () => {
    const text = notesEn.textInHeaders({ line: 'Hello Bob' });
    expect(text).toContain('`Hello Bob`');
    expect(text).toMatch(/starts the body/);
    expect(text).not.toMatch(/still in the header block|drop it|show no body/);
  });

  it('a server that stores the message as it came leaves the text in the header block (the mailbox says so)', () => {
    expect(strayHeaderLine('Received: x\n\tby y\nSubject: hi\nHello Bob\n')).toBe('Hello Bob');
    expect(strayHeaderLine('Subject: hi\n\nHello Bob\n')).toBeNull();
    expect(strayHeaderLine('Subject: hi\n')).toBeNull();
  });
});

describe('a Bcc: header in DATA', () => {
  it('is named, in any case', () => {
    expect(last(IN_DATA, 'Bcc: carol@example.test')).toEqual(['bccHeader']);
    expect(last([...IN_DATA, 'To: alice@example.test'], 'bcc:carol@example.test')).toEqual(['bccHeader']);
  });

  it('not in the body, nor for Cc or X-Bcc', () => {
    expect(last([...IN_DATA, 'Subject: x', ''], 'Bcc: in the body')).toEqual([]);
    expect(last(IN_DATA, 'Cc: carol@example.test')).toEqual([]);
    expect(last(IN_DATA, 'X-Bcc: carol@example.test')).toEqual([]);
  });
});

describe('MAIL FROM: <a@b> with a space after the colon', () => {
  it('accepted by Postfix, and named against the grammar, with the fixed line', () => {
    const { notes } = play([
      ...CONNECT,
      'MAIL FROM: <learner@client.test>',
      'RCPT TO:  <alice@example.test>',
    ]);
    expect(notes.at(-2)).toEqual([
      {
        id: 'spaceAfterColon',
        vars: {
          line: 'MAIL FROM: <learner@client.test>',
          verb: 'MAIL FROM',
          fixed: 'MAIL FROM:<learner@client.test>',
          bracketed: 'yes',
          accepted: 'yes',
        },
      },
    ]);
    expect(notes.at(-1)![0]).toMatchObject({ id: 'spaceAfterColon', vars: { verb: 'RCPT TO' } });
    const sentence = notesEn.spaceAfterColon(notes.at(-2)![0].vars);
    expect(sentence).toMatch(/accepted it, as Postfix does.*RFC 5321/);
  });

  it('not without the space, with parameters, or as message text', () => {
    expect(last(CONNECT, 'MAIL FROM:<learner@client.test>')).toEqual([]);
    expect(last(CONNECT, 'MAIL FROM:<learner@client.test> SIZE=100')).toEqual([]);
    expect(last(IN_DATA, 'MAIL FROM: <quoted@in.text>')).not.toContain('spaceAfterColon');
  });
});

describe('MAIL FROM:a@b, the address without angle brackets (as the seed tutorials write it)', () => {
  it('with the space too: one note names both, and the fixed line has the brackets', () => {
    const { notes } = play([...CONNECT, 'mail from: learner@client.test']);
    expect(notes.at(-1)).toEqual([
      {
        id: 'spaceAfterColon',
        vars: {
          line: 'mail from: learner@client.test',
          verb: 'MAIL FROM',
          fixed: 'mail from:<learner@client.test>',
          bracketed: 'no',
          accepted: 'yes',
        },
      },
    ]);
    expect(notesEn.spaceAfterColon(notes.at(-1)![0].vars)).toMatch(
      /space after the colon and no angle brackets.*Write `mail from:<learner@client\.test>`/,
    );
  });

  it('without the space: named against the grammar; parameters stay after the bracketed address', () => {
    const { notes } = play([
      ...CONNECT,
      'MAIL FROM:learner@client.test',
      'RCPT TO:alice@example.test NOTIFY=NEVER',
    ]);
    expect(notes.at(-2)).toEqual([
      {
        id: 'noAngleBrackets',
        vars: {
          line: 'MAIL FROM:learner@client.test',
          verb: 'MAIL FROM',
          fixed: 'MAIL FROM:<learner@client.test>',
          bracketed: 'no',
          accepted: 'yes',
        },
      },
    ]);
    expect(notes.at(-1)![0]).toMatchObject({
      id: 'noAngleBrackets',
      vars: { fixed: 'RCPT TO:<alice@example.test> NOTIFY=NEVER' },
    });
    expect(notesEn.noAngleBrackets(notes.at(-2)![0].vars)).toMatch(
      /without angle brackets\. This server accepted it, as Postfix does by default.*strict_rfc821_envelopes/,
    );
  });

  it('not for a bracketed path, the null sender, parameters, or message text', () => {
    expect(last(CONNECT, 'MAIL FROM:<learner@client.test>')).toEqual([]);
    expect(last(CONNECT, 'MAIL FROM:<>')).toEqual([]);
    expect(last(CONNECT, 'MAIL FROM:<learner@client.test> SIZE=100')).toEqual([]);
    expect(last(IN_DATA, 'MAIL FROM:quoted@in.text')).not.toContain('noAngleBrackets');
  });
});

describe('a message line that starts with one dot (not doubled)', () => {
  it('says the server takes the dot off, what Postfix stores, and the doubled line', () => {
    const { notes } = play([...IN_DATA, 'Subject: x', '', '.hidden']);
    expect(notes.at(-1)).toEqual([
      { id: 'unstuffedDot', vars: { line: '.hidden', stored: 'hidden', fixed: '..hidden' } },
    ]);
    expect(notesEn.unstuffedDot(notes.at(-1)![0].vars)).toMatch(/Postfix stores `hidden`.*`\.\.hidden`/);
  });

  it('not for a doubled dot, the lone dot, a dot with spaces, a dot inside a line, or outside DATA', () => {
    expect(last([...IN_DATA, 'Subject: x', ''], '..hidden')).toEqual([]);
    expect(last([...IN_DATA, 'Subject: x', ''], '...')).toEqual([]);
    expect(last([...IN_DATA, 'Subject: x', ''], '.')).toEqual([]);
    expect(last([...IN_DATA, 'Subject: x', ''], '. ')).toEqual(['dotWithSpaces']);
    expect(last([...IN_DATA, 'Subject: x', ''], 'a.b')).toEqual([]);
    expect(last(CONNECT, '.hidden')).not.toContain('unstuffedDot');
  });
});

describe('AUTH PLAIN refused: what its string decodes to', () => {
  // Port 587 after STARTTLS (openssl s_client), where the server offers AUTH.
  const TLS = [
    'openssl s_client -connect mail.example.test:587 -starttls smtp -crlf -quiet',
    'EHLO laptop.client.test',
  ];
  const b64 = (text: string) => Buffer.from(text, 'latin1').toString('base64');
  const noteFor = (text: string) => play([...TLS, `AUTH PLAIN ${text}`]).notes.at(-1)!;

  it("echo's backslash-zero as text and its line end: the printf line that makes the zero bytes", () => {
    const [note] = noteFor(b64('\\0alice\\0secret\n'));
    expect(note).toMatchObject({
      id: 'authPlainString',
      vars: {
        problem: 'echoed',
        decoded: '\\0alice\\0secret<LF>',
        printf: "printf '\\0alice\\0secret' | base64",
      },
    });
    expect(notesEn.authPlainString(note.vars)).toMatch(/two characters, not a zero byte, and a line end/);
  });

  it('a colon for the zero bytes, a line end kept, a wrong password, too few fields, not base64', () => {
    expect(noteFor(b64('alice:secret'))[0].vars).toMatchObject({
      problem: 'noZeroBytes',
      decoded: 'alice:secret',
    });
    expect(noteFor(b64('\0alice\0secret\n'))[0].vars).toMatchObject({
      problem: 'lineEnd',
      printf: "printf '\\0alice\\0secret' | base64",
    });
    expect(noteFor(b64('\0alice\0wrong'))[0].vars).toMatchObject({ problem: 'credentials', user: 'alice' });
    expect(noteFor(b64('\0alice'))[0].vars).toMatchObject({ problem: 'fields' });
    expect(noteFor('not-base64!')[0].vars).toMatchObject({ problem: 'notBase64' });
    // Each problem has its own sentence; none leaves a placeholder unfilled.
    for (const text of ['alice:secret', '\0alice\0secret\n', '\0alice\0wrong', '\0alice'])
      expect(notesEn.authPlainString(noteFor(b64(text))[0].vars)).not.toMatch(/undefined/);
  });

  it('any string after AUTH PLAIN, base64 or not, gets at most one sentence and never an exception', () => {
    const bytes = fc.uint8Array({ maxLength: 24 }).map((b) => Buffer.from(b).toString('base64'));
    const junk = fc
      .string({ unit: 'binary-ascii', minLength: 1, maxLength: 24 })
      .filter((t) => !/\s/.test(t));
    fc.assert(
      fc.property(
        fc.oneof(
          bytes.filter((t) => t !== ''),
          junk,
        ),
        (text) => {
          const notes = noteFor(text).filter((n) => n.id === 'authPlainString');
          expect(notes.length).toBeLessThanOrEqual(1);
          for (const n of notes) expect(notesEn.authPlainString(n.vars)).not.toMatch(/undefined/);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('not when the login succeeds, for AUTH LOGIN, or for PLAIN without a string (the server asks for it)', () => {
    expect(last(TLS, `AUTH PLAIN ${b64('\0alice\0secret')}`)).toEqual([]);
    expect(last(TLS, 'AUTH LOGIN')).toEqual([]);
    expect(last(TLS, 'AUTH PLAIN')).toEqual([]);
  });
});

describe('telnet to a domain that has only MX records', () => {
  it('names the domain, its best MX and the line that connects there', () => {
    const { notes, screen } = play(['telnet example.com 25']);
    expect(screen).toContain('could not resolve example.com/25');
    expect(notes.at(-1)).toEqual([
      {
        id: 'connectToDomain',
        vars: {
          line: 'telnet example.com 25',
          domain: 'example.com',
          exchange: 'mail01.example.com',
          fixed: 'telnet mail01.example.com 25',
        },
      },
    ]);
    expect(notesEn.connectToDomain(notes.at(-1)![0].vars)).toMatch(/does not read MX records/);
    expect(last([], 'nc example.test 25')[0]).toBe('connectToDomain');
  });

  it('not for a host, a name with an address, an unknown name, or inside a session', () => {
    expect(last([], 'telnet mail01.example.com 25')).toEqual([]);
    expect(last([], 'telnet client.test 25')).toEqual([]);
    expect(last([], 'telnet nowhere.test 25')).toEqual([]);
    expect(last(CONNECT, 'telnet example.com 25')).not.toContain('connectToDomain');
  });
});

describe('an ESMTP parameter with spaces around =', () => {
  it('names the keyword the server read alone, and the line written as one word', () => {
    const { notes, screen } = play([...CONNECT, 'MAIL FROM:<learner@client.test> SIZE = 20000000']);
    expect(screen).toMatch(/^555 5\.5\.4 Unsupported option: SIZE/m);
    expect(notes.at(-1)).toEqual([
      {
        id: 'paramSpaces',
        vars: {
          line: 'MAIL FROM:<learner@client.test> SIZE = 20000000',
          keyword: 'SIZE',
          fixed: 'MAIL FROM:<learner@client.test> SIZE=20000000',
        },
      },
    ]);
    expect(notesEn.paramSpaces(notes.at(-1)![0].vars)).toMatch(/read `SIZE` without its value/);
    const rcpt = play([
      ...CONNECT,
      'MAIL FROM:<learner@client.test>',
      'RCPT TO:<alice@example.test> notify= SUCCESS',
    ]);
    expect(rcpt.notes.at(-1)![0]).toMatchObject({ id: 'paramSpaces', vars: { keyword: 'NOTIFY' } });
  });

  it('not for a parameter written as one word, an = in the text of a message, or in another command', () => {
    expect(last(CONNECT, 'MAIL FROM:<learner@client.test> SIZE=20000000')).toEqual([]);
    expect(last([...IN_DATA, 'Subject: x', ''], 'a = b')).toEqual([]);
    expect(last(CONNECT, 'NOOP a = b')).toEqual([]);
  });
});

describe('a laptop command typed inside the SMTP session (already connected)', () => {
  it('names the line, the program the learner is in, and how to get back to the shell', () => {
    const { notes, screen } = play([...CONNECT, 'telnet mail.example.test 25']);
    expect(screen).toMatch(/^500 5\.5\.2 Error: command not recognized/m);
    expect(notes.at(-1)).toEqual([
      { id: 'alreadyConnected', vars: { line: 'telnet mail.example.test 25', program: 'telnet' } },
    ]);
    expect(notesEn.alreadyConnected(notes.at(-1)![0].vars)).toMatch(/connected through telnet.*`QUIT`/);
    expect(last(['nc mail.example.test 25'], 'dig MX example.test')).toEqual(['alreadyConnected']);
  });

  it('not at the shell, not as message text, not for SMTP verbs or telnet’s own prompt', () => {
    expect(last([], 'telnet mail.example.test 25')).toEqual([]);
    expect(last(['telnet mail.example.test 25', 'QUIT'], 'telnet mail.example.test 25')).toEqual([]);
    expect(last(IN_DATA, 'telnet mail.example.test 25')).not.toContain('alreadyConnected');
    expect(last(CONNECT, 'HELO telnet.client.test')).toEqual([]);
    expect(last(['telnet'], 'open mail.example.test 25')).not.toContain('alreadyConnected');
  });
});

describe('SMTP at the shell prompt (after QUIT, or before connecting)', () => {
  it('names the line and how this learner connects', () => {
    const { notes, screen } = play([...CONNECT, 'QUIT', 'MAIL FROM:<a@b.test>']);
    expect(notes.at(-1)).toEqual([
      { id: 'notConnected', vars: { line: 'MAIL FROM:<a@b.test>', connect: 'telnet mail.example.test 25' } },
    ]);
    // The shell itself says it too, after bash's own words (the sandbox has no lesson panel).
    expect(screen).toMatch(
      /bash: <: not available.*\n\(You are not connected to a mail server.*telnet mail\.example\.test 25\)/,
    );
    // A telnet that failed (no port) is not how to connect: the lesson's own line is.
    expect(play(['telnet mail.example.test', 'EHLO x']).notes[1][0].vars.connect).toBe(
      'telnet mail.example.test 25',
    );
    expect(play(['nc -C mail.example.test 25', 'QUIT', 'EHLO x']).notes[2][0].vars.connect).toBe(
      'nc -C mail.example.test 25',
    );
    for (const line of ['EHLO laptop', 'quit', 'Subject: hello', '.', 'rcpt to:<x@y>'])
      expect(last(['telnet mail.example.test 25', 'QUIT'], line)).toEqual(['notConnected']);
  });

  it('not for shell commands, nor for SMTP inside the session', () => {
    for (const line of ['echo EHLO', 'help', 'telnet mail.example.test 25', 'date -R', 'mailx'])
      expect(last([], line)).not.toContain('notConnected');
    expect(last(CONNECT, 'QUIT')).toEqual([]);
    expect(looksLikeSmtp('DATAFILE=x')).toBe(false);
    expect(looksLikeSmtp('helo.sh')).toBe(false);
  });
});

describe('telnet without a port', () => {
  it('goes to port 23: said, with the line to type', () => {
    const { notes } = play(['telnet mail.example.test']);
    expect(notes[0]).toEqual([
      {
        id: 'telnetNoPort',
        vars: {
          line: 'telnet mail.example.test',
          host: 'mail.example.test',
          fixed: 'telnet mail.example.test 25',
        },
      },
    ]);
  });

  it('not with a port, nor for telnet alone', () => {
    expect(last([], 'telnet mail.example.test 25')).toEqual([]);
    expect(last([], 'telnet mail.example.test 587')).toEqual([]);
    expect(last([], 'telnet')).toEqual([]);
  });
});

describe('Ctrl-C in telnet', () => {
  it('during DATA: telnet sends nothing, how to end or leave', () => {
    expect(last([...IN_DATA, 'Subject: x'], '^C')).toEqual(['interruptInData']);
  });

  it('in the session outside DATA: another sentence; at the shell: nothing at all', () => {
    expect(last(CONNECT, '^C')).toEqual(['interruptInTelnet']);
    const { notes } = play(['^C']);
    expect(notes[0]).toEqual([]);
  });
});

describe('a command waiting for Ctrl-D', () => {
  it('bare base64 reads the keyboard: said', () => {
    expect(last([], 'base64')).toEqual(['waitingForEof']);
    expect(last([], 'cat')).toEqual(['waitingForEof']);
  });

  it('not when something is piped in', () => {
    expect(last([], "printf '\\0alice\\0secret' | base64")).toEqual([]);
    expect(last([], 'echo aGk= | base64 -d')).toEqual([]);
  });
});

describe('a refusal is never called "works"', () => {
  const teaches = (when: string) =>
    lesson(
      '',
      `{ reply: { id: ehlo.ok } }
    teaches:
      - when: ${when}
        say: Not this one.`,
    );

  it('a teaches entry that matched a refusal carries it', () => {
    const run = new LessonRun(teaches('{ command: { verb: EHLO } }'), { environment: fixedEnvironment() });
    run.type('telnet mail.example.test 25');
    const refused = run.type('EHLO');
    expect(refused).toMatchObject({ kind: 'off-path', refused: { code: 501 } });
    if (refused.kind === 'off-path')
      expect(lessonEn.outcome.offPathRefused(refused.refused!.code)).toMatch(/refused that with 501/);
  });

  it('one that matched an accepted command does not', () => {
    const run = new LessonRun(teaches('{ reply: { id: helo.ok } }'), { environment: fixedEnvironment() });
    run.type('telnet mail.example.test 25');
    expect(run.type('HELO laptop.client.test')).toMatchObject({ kind: 'off-path', refused: null });
  });
});

describe('every note has its words', () => {
  it('in the strings file, quoting the learner', () => {
    const { notes } = play([...IN_DATA, 'Subject: hi', 'Hello `Bob`']);
    const sentence = notesEn[notes.at(-1)![0].id](notes.at(-1)![0].vars);
    expect(sentence).toContain('Hello `Bob`');
  });
});
