// The notes about the learner's own line in the outcome panel, a refusal never called "works", Show solution
// after QUIT (it reconnects first), Start this step over, and the mailbox saying why a message has no body: as a
// learner meets them, through the page's LessonSession (the runtime's adapter) and the components.
import { cleanup, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { compileLesson } from '../../src/lessons/compile.ts';
import type { CompiledLesson } from '../../src/lessons/engine/types.ts';
import { ProgressStore } from '../../src/lessons/progress.ts';
import { LessonRun } from '../../src/lessons/run.ts';
import { fixedEnvironment } from '../../src/smtp/environment.ts';
import type { StoredMessage } from '../../src/smtp/types.ts';
import LessonPanel from '../../src/ui/lesson/LessonPanel.svelte';
import OutcomePanel from '../../src/ui/lesson/OutcomePanel.svelte';
import { LessonSession } from '../../src/ui/lesson/lesson-session.svelte.ts';
import RenderedView from '../../src/ui/mailbox/RenderedView.svelte';
import { mailboxEn } from '../../src/ui/mailbox/strings.ts';
import { MemoryStorage } from '../memory-storage.ts';

const source = `---
title: Envelope
summary: Greet, sender, recipient.
steps:
  - id: connect
    text: Connect.
    goal: { reply: { id: greeting } }
    hints: ['\`telnet mail.example.test 25\`']
    done: Connected.
    solution: ['telnet mail.example.test 25']
  - id: helo
    text: Greet.
    goal: { reply: { id: helo.ok } }
    teaches:
      - when: { command: { verb: EHLO } }
        say: This step is about \`HELO\`.
    hints: ['\`HELO laptop.client.test\`']
    done: Greeted.
    solution: ['HELO laptop.client.test']
  - id: sender
    text: Sender.
    goal: { reply: { id: mail.ok } }
    hints: ['\`MAIL FROM:<learner@client.test>\`']
    done: Sender given.
    solution: ['MAIL FROM:<learner@client.test>']
  - id: recipient
    text: Recipient.
    goal: { reply: { id: rcpt.ok } }
    hints: ['\`RCPT TO:<alice@example.test>\`']
    done: Recipient given.
    solution: ['RCPT TO:<alice@example.test>']
---
`;

function compiled(): CompiledLesson {
  const { lesson, problems } = compileLesson('t.md', '01-envelope', source);
  if (!lesson) throw new Error(JSON.stringify(problems));
  return lesson;
}

const sessions: LessonSession[] = [];
afterEach(() => {
  cleanup();
  for (const s of sessions.splice(0)) s.dispose();
});

async function startSession(storage = new MemoryStorage()) {
  const session = new LessonSession({
    lesson: compiled(),
    progress: new ProgressStore(storage, 'test'),
    environment: () => fixedEnvironment(),
    lineDelay: 0,
  });
  sessions.push(session);
  await session.start();
  return session;
}

async function type(session: LessonSession, ...lines: string[]) {
  for (const line of lines) {
    await session.lab.typeLine(line);
    await Promise.resolve();
  }
}

const clientLines = (session: LessonSession) =>
  session.lab.transcript.filter((e) => e.kind === 'client').map((e) => JSON.stringify(e));

describe('the outcome panel', () => {
  function outcomeOf(lines: string[]) {
    const run = new LessonRun(compiled(), { environment: fixedEnvironment() });
    return lines.map((l) => run.type(l)).at(-1)!;
  }

  it('a note about the line, with what to type as code and the learner’s line as text, never HTML', async () => {
    const outcome = outcomeOf(['telnet mail.example.test 25', 'QUIT', 'HELO <img src=x onerror=alert(1)>']);
    render(OutcomePanel, { props: { outcome } });
    const notes = screen.getByTestId('lesson-notes');
    // The sentences load with the first note.
    await waitFor(() => expect(notes).toHaveTextContent('You are not connected to a mail server'));
    expect(within(notes).getByText('telnet mail.example.test 25').tagName).toBe('CODE');
    expect(within(notes).getByText('HELO <img src=x onerror=alert(1)>').tagName).toBe('CODE');
    expect(notes.querySelector('img')).toBeNull();
    // A note is enough: not "Nothing new" beside it.
    expect(screen.getByRole('status')).not.toHaveTextContent('Nothing new');
  });

  it('a teaches entry that matched a refusal says it was refused, not that it works', () => {
    const outcome = outcomeOf(['telnet mail.example.test 25', 'EHLO']);
    render(OutcomePanel, { props: { outcome } });
    const status = screen.getByRole('status');
    expect(status).toHaveTextContent('The server refused that with 501');
    expect(status).not.toHaveTextContent('works');
  });

  it('no notes: no notes box', () => {
    render(OutcomePanel, { props: { outcome: outcomeOf(['telnet mail.example.test 25']) } });
    expect(screen.queryByTestId('lesson-notes')).toBeNull();
  });

  it('a refusal is explained once the explanation has loaded, with what the catalog says of the reply', async () => {
    const outcome = outcomeOf(['telnet mail.example.test 25', 'RCPT TO:<alice@example.test>']);
    expect(outcome.kind).toBe('error');
    render(OutcomePanel, { props: { outcome } });
    expect(screen.getByRole('status')).toHaveTextContent('The server refused with 503');
    const explanation = await screen.findByTestId('reply-explanation');
    expect(explanation).toHaveTextContent('Reply 503');
    await waitFor(() => expect(explanation).toHaveTextContent('Defined in'));
  });

  it('notes that cannot be fetched are said to be missing, and the next line that has notes tries again', async () => {
    let fail = true;
    const { notesEn } = await import('../../src/ui/lesson/note-strings.ts');
    const loadNotes = () => (fail ? Promise.reject(new Error('offline')) : Promise.resolve(notesEn));
    const noted = (line: string) => outcomeOf(['telnet mail.example.test 25', 'QUIT', line]);
    const view = render(OutcomePanel, { props: { outcome: noted('HELO one'), loadNotes } });
    expect(await screen.findByRole('alert')).toHaveTextContent('could not be loaded');
    expect(within(screen.getByTestId('lesson-notes')).queryAllByRole('listitem')).toHaveLength(0);
    fail = false;
    await view.rerender({ outcome: noted('HELO two'), loadNotes });
    await waitFor(() => expect(screen.getByTestId('lesson-notes')).toHaveTextContent('HELO two'));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('the lesson page', () => {
  it('Show solution after QUIT reconnects first: no SMTP typed at the shell prompt', async () => {
    const session = await startSession();
    await type(session, 'telnet mail.example.test 25', 'HELO laptop.client.test', 'QUIT');
    expect(session.lab.mode.program).toBe('shell');
    render(LessonPanel, { props: { session } });
    await userEvent.setup().click(screen.getByRole('button', { name: 'Show solution' }));
    await waitFor(() => expect(session.current).toBe(3));
    const shellLines = session.lab.transcript.filter((e) => e.kind === 'shell').map((e) => JSON.stringify(e));
    expect(shellLines.filter((l) => l.includes('MAIL FROM'))).toEqual([]);
    expect(session.outcome?.notes ?? []).toEqual([]);
    expect(clientLines(session).filter((l) => l.includes('HELO laptop.client.test'))).toHaveLength(2);
  });

  it('Show solution in the same session but another phase: back as a person would, and says so', async () => {
    const session = await startSession();
    // The sender step is done; then RSET drops the transaction the recipient step starts inside.
    await type(
      session,
      'telnet mail.example.test 25',
      'HELO laptop.client.test',
      'MAIL FROM:<learner@client.test>',
      'RSET',
    );
    expect(session.current).toBe(3);
    render(LessonPanel, { props: { session } });
    expect(screen.queryByTestId('solution-back')).toBeNull();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Show solution' }));
    await waitFor(() => expect(session.finished).toBe(true));
    expect(screen.getByTestId('solution-back')).toHaveTextContent(
      'the envelope (MAIL FROM, RCPT TO) was given again',
    );
    // Same session: one HELO, no hang-up.
    expect(clientLines(session).filter((l) => l.includes('HELO laptop.client.test'))).toHaveLength(1);
  });

  it('Type line after QUIT also reconnects before the step’s first line', async () => {
    const session = await startSession();
    await type(session, 'telnet mail.example.test 25', 'HELO laptop.client.test', 'QUIT');
    await session.typeNextLine();
    await waitFor(() => expect(session.current).toBe(3));
    expect(session.outcome?.notes ?? []).toEqual([]);
    expect(session.lab.mode.program).toBe('telnet');
  });

  it('Start this step over is not offered on step 1 (Start the lesson over does that)', async () => {
    const session = await startSession();
    render(LessonPanel, { props: { session } });
    expect(screen.queryByTestId('restart-step')).toBeNull();
    await type(session, 'telnet mail.example.test 25');
    await waitFor(() => expect(screen.getByTestId('restart-step')).toBeInTheDocument());
  });

  it('Start this step over: back to where the step began, earlier steps done, what came after gone', async () => {
    const storage = new MemoryStorage();
    const session = await startSession(storage);
    await type(
      session,
      'telnet mail.example.test 25',
      'HELO laptop.client.test',
      'MAIL FROM:<learner@client.test>',
    );
    expect(session.current).toBe(3);
    // In the step: a mistake that leaves the server elsewhere (RSET drops the sender).
    await type(session, 'RSET', 'NOOP');
    session.nextHint();
    expect(session.lab.network.latestConnection?.state.phase).toBe('ready');
    render(LessonPanel, { props: { session } });
    await userEvent.setup().click(screen.getByTestId('restart-step'));
    await waitFor(() => expect(session.busy).toBe(false));
    expect(session.current).toBe(3);
    expect(session.statuses.slice(0, 3)).toEqual(['done', 'done', 'done']);
    expect(session.lab.network.latestConnection?.state.phase).toBe('mail');
    expect(session.hintsShown).toBe(1);
    expect(clientLines(session).some((l) => l.includes('RSET'))).toBe(false);
    await waitFor(() =>
      expect(new ProgressStore(storage, 'test').sessionLines('envelope')).toEqual([
        'telnet mail.example.test 25',
        'HELO laptop.client.test',
        'MAIL FROM:<learner@client.test>',
      ]),
    );
    // And the step goes on from there.
    await type(session, 'RCPT TO:<alice@example.test>');
    expect(session.finished).toBe(true);
  });
});

describe('the mailbox', () => {
  const message = (stored: string): StoredMessage =>
    ({ stored, content: stored, mailbox: 'alice@example.test' }) as unknown as StoredMessage;

  it('says why a message has no body when the text went into the header block', async () => {
    render(RenderedView, {
      props: { message: message('Subject: hi\nHello Bob\n'), strings: mailboxEn, subject: 'hi' },
    });
    await waitFor(() => expect(screen.getByTestId('no-body-why')).toHaveTextContent('"Hello Bob"'));
  });

  it('not for a message that has its empty line', async () => {
    render(RenderedView, {
      props: { message: message('Subject: hi\n\n'), strings: mailboxEn, subject: 'hi' },
    });
    await waitFor(() => expect(screen.getByText(mailboxEn.rendered.empty)).toBeInTheDocument());
    expect(screen.queryByTestId('no-body-why')).toBeNull();
  });
});
