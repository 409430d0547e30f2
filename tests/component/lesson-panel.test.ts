// The lesson panel as a learner uses it: the steps checklist, progressive hints, Show solution, the outcome panel
// texts, and progress that survives a reload (or is set aside when damaged).
import { cleanup, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compileLesson } from '../../src/lessons/compile.ts';
import type { CompiledLesson } from '../../src/lessons/engine/types.ts';
import { ProgressStore, type StorageLike } from '../../src/lessons/progress.ts';
import { LessonRun } from '../../src/lessons/run.ts';
import { fixedEnvironment } from '../../src/smtp/environment.ts';
import LessonPanel from '../../src/ui/lesson/LessonPanel.svelte';
import LessonsIndex from '../../src/ui/lesson/LessonsIndex.svelte';
import OutcomePanel from '../../src/ui/lesson/OutcomePanel.svelte';
import { LessonSession } from '../../src/ui/lesson/lesson-session.svelte.ts';
import { MemoryStorage } from '../memory-storage.ts';

const source = `---
title: Say EHLO
summary: Connect, greet, quit.
steps:
  - id: connect
    text: Connect to **port 25**.
    goal: { reply: { id: greeting } }
    hints: ['Type: \`telnet mail.example.test 25\`']
    done: The server greeted you with 220.
    solution: ['telnet mail.example.test 25']
  - id: ehlo
    text: Greet the server with EHLO.
    goal: { reply: { id: ehlo.ok } }
    teaches:
      - when: { reply: { id: helo.ok } }
        say: HELO works, but this step is about \`EHLO\`.
    hints:
      - The verb has four letters.
      - It starts with E and lists extensions.
      - 'Type: \`EHLO laptop.client.test\`'
    done: EHLO lists the extensions.
    solution: ['EHLO laptop.client.test']
  - id: quit
    text: Say goodbye.
    goal: { closed: { by: server } }
    hints: ['Type: \`QUIT\`']
    done: Bye.
    solution: ['QUIT']
---
Mail servers listen on port 25.
`;

function compiled(text = source): CompiledLesson {
  const { lesson, problems } = compileLesson('t.md', '01-say-ehlo', text);
  if (!lesson) throw new Error(JSON.stringify(problems));
  return lesson;
}

const sessions: LessonSession[] = [];
afterEach(() => {
  cleanup();
  for (const s of sessions.splice(0)) s.dispose();
});

async function startSession(storage: StorageLike = new MemoryStorage(), text = source) {
  const session = new LessonSession({
    lesson: compiled(text),
    progress: new ProgressStore(storage, 'test'),
    environment: () => fixedEnvironment(),
    lineDelay: 0,
  });
  sessions.push(session);
  await session.start();
  return session;
}

/** Type as the learner would, then let the engine judge the line. */
async function type(session: LessonSession, line: string) {
  await session.lab.typeLine(line);
  await Promise.resolve();
}

const steps = () => within(screen.getByTestId('lesson-steps')).getAllByRole('listitem');
/** The checklist is loaded when its fold first opens (open from the start on a page): wait for it. */
const checklist = () => screen.findByTestId('lesson-steps');

describe('LessonPanel', () => {
  it('lists the steps with the current one highlighted, and checks them off as the world changes', async () => {
    const session = await startSession();
    render(LessonPanel, { props: { session } });
    await checklist();
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Say EHLO');
    expect(screen.getByText('Mail servers listen on port 25.')).toBeInTheDocument();
    expect(steps()).toHaveLength(3);
    expect(steps()[0]).toHaveAttribute('aria-current', 'step');
    expect(steps()[1]).not.toHaveAttribute('aria-current');

    await type(session, 'telnet mail.example.test 25');
    await waitFor(() => expect(steps()[1]).toHaveAttribute('aria-current', 'step'));
    expect(steps()[0]).toHaveTextContent('(done)');
    expect(within(steps()[0]).getByText('What happened')).toBeInTheDocument();
  });

  it('names the tutorials a lesson draws on, linked to the Sources page in the app, as plain names in a widget', async () => {
    const text = source.replace(
      'summary: Connect, greet, quit.',
      'summary: Connect, greet, quit.\nseeds: ["000"]',
    );
    const session = await startSession(new MemoryStorage(), text);
    const view = render(LessonPanel, { props: { session } });
    const line = () => document.querySelector('.sources-line')!;
    expect(line()).toHaveTextContent('Draws on: the 2001 magazine tutorial');
    expect(within(line() as HTMLElement).getByRole('link')).toHaveAttribute('href', '#/sources');
    view.unmount();
    // In a blog post "#/sources" would be the blog's own address: no link.
    render(LessonPanel, { props: { session, linkSources: false } });
    expect(line()).toHaveTextContent('Draws on: the 2001 magazine tutorial');
    expect(within(line() as HTMLElement).queryByRole('link')).toBeNull();
  });

  it('reveals hints one at a time, with the count, up to the answer', async () => {
    const session = await startSession();
    await type(session, 'telnet mail.example.test 25');
    render(LessonPanel, { props: { session } });
    const user = userEvent.setup();
    expect(screen.queryByTestId('hints')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Hint (3 available)' }));
    expect(
      within(screen.getByTestId('hints'))
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['The verb has four letters.']);
    await user.click(screen.getByRole('button', { name: 'Next hint (1 of 3 shown)' }));
    await user.click(screen.getByRole('button', { name: 'Next hint (2 of 3 shown)' }));
    const hints = within(screen.getByTestId('hints')).getAllByRole('listitem');
    expect(hints).toHaveLength(3);
    expect(within(hints[2]).getByText('EHLO laptop.client.test').tagName).toBe('CODE');
    expect(screen.getByRole('button', { name: 'All 3 hints shown' })).toBeDisabled();
  });

  it('Show solution types the current step into the terminal and the step completes', async () => {
    const session = await startSession();
    render(LessonPanel, { props: { session } });
    // A one-line answer has no "Type line 1 of 1" beside it.
    expect(screen.queryByTestId('next-line')).toBeNull();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Show solution' }));
    await waitFor(() => expect(steps()[1]).toHaveAttribute('aria-current', 'step'));
    expect(
      session.lab.transcript.some((e) => JSON.stringify(e).includes('telnet mail.example.test 25')),
    ).toBe(true);
  });

  it('Type line types one line of the step per press (a class demo), and the next step starts at its first', async () => {
    // The first step's answer is three lines long.
    const demo = source
      .replace('goal: { reply: { id: greeting } }', 'goal: { reply: { id: mail.ok } }')
      .replace(
        "solution: ['telnet mail.example.test 25']",
        "solution: ['telnet mail.example.test 25', 'HELO laptop.client.test', 'MAIL FROM:<me@client.test>']",
      )
      .replace("solution: ['EHLO laptop.client.test']", "solution: ['RSET', 'EHLO laptop.client.test']");
    const session = await startSession(new MemoryStorage(), demo);
    render(LessonPanel, { props: { session } });
    const user = userEvent.setup();
    const button = () => screen.getByTestId('next-line');
    const typed = () => session.lab.transcript.filter((e) => e.kind === 'client').length;
    expect(button()).toHaveTextContent('Type line 1 of 3');

    await user.click(button());
    await waitFor(() => expect(button()).toHaveTextContent('Type line 2 of 3'));
    expect(session.lab.transcript.some((e) => JSON.stringify(e).includes('HELO'))).toBe(false);
    await user.click(button());
    await waitFor(() => expect(button()).toHaveTextContent('Type line 3 of 3'));
    expect(typed()).toBe(1);
    expect(steps()[0]).toHaveAttribute('aria-current', 'step');

    await user.click(button());
    await waitFor(() => expect(steps()[1]).toHaveAttribute('aria-current', 'step'));
    expect(typed()).toBe(2);
    expect(button()).toHaveTextContent('Type line 1 of 2');
  });

  it('Reset asks first when steps are done: "Keep my progress" keeps them, "Start over" starts afresh', async () => {
    const session = await startSession();
    await type(session, 'telnet mail.example.test 25');
    render(LessonPanel, { props: { session } });
    await checklist();
    const user = userEvent.setup();
    const dialog = () => screen.getByRole('dialog', { hidden: true });
    expect(dialog()).not.toHaveAttribute('open');

    await user.click(screen.getByRole('button', { name: 'Start the lesson over' }));
    expect(dialog()).toHaveAttribute('open');
    expect(dialog()).toHaveAccessibleName('Start the lesson over?');
    expect(dialog()).toHaveAccessibleDescription(/1 step is done/);
    await user.click(within(dialog()).getByRole('button', { name: 'Keep my progress' }));
    expect(dialog()).not.toHaveAttribute('open');
    expect(steps()[1]).toHaveAttribute('aria-current', 'step');
    expect(session.progress.sessionLines('say-ehlo')).not.toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Start the lesson over' }));
    await user.click(within(dialog()).getByRole('button', { name: 'Start over' }));
    await waitFor(() => expect(steps()[0]).toHaveAttribute('aria-current', 'step'));
    expect(session.progress.sessionLines('say-ehlo')).toEqual([]);
  });

  it('Reset with nothing done starts over at once, and "Type line" starts again at line 1', async () => {
    const demo = source.replace(
      "solution: ['telnet mail.example.test 25']",
      "solution: ['echo one', 'telnet mail.example.test 25']",
    );
    const session = await startSession(new MemoryStorage(), demo);
    render(LessonPanel, { props: { session } });
    const user = userEvent.setup();
    await user.click(screen.getByTestId('next-line'));
    await waitFor(() => expect(screen.getByTestId('next-line')).toHaveTextContent('Type line 2 of 2'));
    await user.click(screen.getByRole('button', { name: 'Start the lesson over' }));
    expect(screen.getByRole('dialog', { hidden: true })).not.toHaveAttribute('open');
    // The next press types line 1 into the fresh session, not line 2 (a telnet the class has not seen).
    await waitFor(() => expect(screen.getByTestId('next-line')).toHaveTextContent('Type line 1 of 2'));
    await waitFor(() => expect(session.busy).toBe(false));
    expect(session.lab.transcript.some((e) => JSON.stringify(e).includes('echo one'))).toBe(false);
  });
});

describe('progress across a reload', () => {
  it('replays the saved terminal session and continues at the same step', async () => {
    const storage = new MemoryStorage();
    const first = await startSession(storage);
    await type(first, 'telnet mail.example.test 25');
    await type(first, 'ehlo laptop.client.test');
    expect(first.current).toBe(2);
    first.dispose();

    const again = await startSession(storage);
    expect(again.current).toBe(2);
    expect(again.restored).toBe(true);
    // The connection is open again: QUIT reaches the server and completes the last step.
    await type(again, 'QUIT');
    expect(again.finished).toBe(true);
    expect(new ProgressStore(storage, 'test').lesson('say-ehlo').finished).toBe(true);
  });

  it('replays the control keys pressed too: after Ctrl-] and close, the reload is back at the shell', async () => {
    const storage = new MemoryStorage();
    const first = await startSession(storage);
    await type(first, 'telnet mail.example.test 25');
    // Ctrl-] as the terminal sends it, then telnet's own "close" (which the SMTP server would refuse with 502).
    first.lab.editor.feed('\x1d');
    await type(first, 'close');
    expect(first.lab.mode.program).toBe('shell');
    first.dispose();

    const again = await startSession(storage);
    expect(again.restored).toBe(true);
    expect(again.lab.mode.program).toBe('shell');
    expect(again.lab.transcript.some((e) => e.kind === 'client' && e.text === 'close')).toBe(false);
  });

  it('damaged saved data is set aside and reported, never a crash', () => {
    const storage = new MemoryStorage();
    storage.setItem('test:progress', '{"version":1,"lessons":');
    render(LessonsIndex, {
      props: {
        storage,
        storagePrefix: 'test',
        lessons: [
          {
            slug: 'say-ehlo',
            order: 1,
            title: 'Say EHLO',
            summary: 'Connect.',
            seeds: [],
            steps: [{ id: 'connect' }],
          },
        ],
      },
    });
    expect(screen.getByRole('alert')).toHaveTextContent('Saved progress could not be read and was set aside');
    expect(storage.getItem('test:progress:unreadable')).toBe('{"version":1,"lessons":');
    expect(screen.getByRole('link', { name: 'Say EHLO' })).toHaveAttribute('href', '#/lessons/say-ehlo');
  });

  it('the index marks finished lessons and counts steps of started ones', () => {
    const storage = new MemoryStorage();
    const store = new ProgressStore(storage, 'test');
    store.saveLesson('one', { completed: ['a'], current: 1, finished: true });
    store.saveLesson('two', { completed: ['a'], current: 1 });
    const summary = (slug: string, order: number) => ({
      slug,
      order,
      title: `Lesson ${slug}`,
      summary: '.',
      seeds: [],
      steps: [{ id: 'a' }, { id: 'b' }],
    });
    render(LessonsIndex, {
      props: {
        storage,
        storagePrefix: 'test',
        lessons: [summary('one', 1), summary('two', 2), summary('three', 3)],
      },
    });
    const items = within(screen.getByTestId('lessons-index')).getAllByRole('listitem');
    expect(items[0]).toHaveTextContent('(completed, 2 steps)');
    expect(items[1]).toHaveTextContent('(1 of 2 steps done)');
    expect(items[2]).toHaveTextContent('(not started, 2 steps)');
  });
});

describe('OutcomePanel', () => {
  /** Outcomes come from the real engine on the real workstation, not written by hand. */
  function outcomesOf(lines: string[]) {
    const run = new LessonRun(compiled(), { environment: fixedEnvironment() });
    return lines.map((l) => run.type(l));
  }

  it('before anything: what to do', () => {
    render(OutcomePanel, { props: { outcome: null } });
    expect(screen.getByRole('status')).toHaveTextContent('Type in the terminal');
  });

  it('advanced: step done with its explanation', () => {
    const [outcome] = outcomesOf(['telnet mail.example.test 25']);
    render(OutcomePanel, { props: { outcome } });
    expect(screen.getByRole('status')).toHaveTextContent('Step done');
    expect(screen.getByRole('status')).toHaveTextContent('The server greeted you with 220.');
  });

  it('not what this step asks for: the lesson says why', () => {
    const [, outcome] = outcomesOf(['telnet mail.example.test 25', 'HELO laptop.client.test']);
    render(OutcomePanel, { props: { outcome } });
    const status = screen.getByRole('status');
    expect(status).toHaveTextContent('Not what this step asks for yet:');
    expect(within(status).getByText('EHLO').tagName).toBe('CODE');
  });

  it('error reply: the refusal explained (meaning, class, enhanced code, state now, what next, RFC)', async () => {
    const [, outcome] = outcomesOf(['telnet mail.example.test 25', 'RCPT TO:<alice@example.test>']);
    render(OutcomePanel, { props: { outcome } });
    const status = screen.getByRole('status');
    expect(status).toHaveTextContent('The server refused with 503');
    // The catalog's text arrives with its own chunk.
    await vi.waitFor(() => expect(status).toHaveTextContent(/5\.5\.1/));
    expect(status).toHaveTextContent(/5xx permanent failure/);
    expect(status).toHaveTextContent(/The server now/);
    expect(status).toHaveTextContent(/RFC 5321/);
  });

  it('lesson complete after the last step', () => {
    const outcomes = outcomesOf(['telnet mail.example.test 25', 'EHLO x', 'QUIT']);
    render(OutcomePanel, { props: { outcome: outcomes[2] } });
    expect(screen.getByRole('status')).toHaveTextContent('Lesson complete');
  });

  it('a reply selected in the transcript is explained instead', async () => {
    const [outcome] = outcomesOf(['telnet mail.example.test 25']);
    const reply = { id: 'rcpt.unknownUser' as const, code: 550, enhanced: '5.1.1', lines: ['no'] };
    render(OutcomePanel, { props: { outcome, selected: { reply, phaseAfter: 'mail' } } });
    const status = screen.getByRole('status');
    expect(status).toHaveTextContent('You selected this reply');
    await vi.waitFor(() => expect(status).toHaveTextContent(/no such user/));
    expect(status).not.toHaveTextContent('Step done');
  });
});
