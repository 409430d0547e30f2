// Every user-facing string of the lesson pages, one object per language (English here).

import type { NoteId } from '../../lessons/engine/diagnose.ts';

const count = (n: number) => new Intl.NumberFormat('en').format(n);

type Vars = Readonly<Record<string, string>>;

/**
 * The sentences about the learner's own input (src/lessons/engine/diagnose.ts finds the mistake, these say it).
 * Markdown-free plain text; `code` marks what to type, shown as code by the panel.
 */
const notes: Record<NoteId, (v: Vars) => string> = {
  dotWithSpaces: (v) =>
    `Your line \`${v.line}\` is message text, not the end: the message ends only at a line that holds a single dot and nothing else, no space before or after it. Type \`.\` alone.`,
  textInHeaders: (v) =>
    `No empty line came between the headers and \`${v.line}\`. Postfix starts the body at the first line that is no header field and puts the missing empty line in, so this text arrives as the body; but a line that looks like a field (\`Note: bring cake\`) would have stayed in the headers, and a header typed after it is body text now. End the headers with an empty line (RFC 5322 §2.1), then write the text.`,
  bccHeader: () =>
    'A Bcc: header typed in DATA is part of the message: every recipient can read it, so nothing is blind. A blind copy is made with the envelope alone: one more RCPT TO for the hidden recipient, who is named in no header.',
  spaceAfterColon: (v) =>
    `\`${v.line}\` has a space after the colon. ${v.accepted === 'yes' ? 'This server accepted it, as Postfix does' : 'Postfix accepts it'}, but RFC 5321's grammar is "${v.verb}:" directly followed by the address in angle brackets, and stricter servers refuse the space. Write \`${v.fixed}\`.`,
  notConnected: (v) =>
    `You are not connected to a mail server: \`${v.line}\` went to the laptop's shell, which knows no SMTP. Connect first with \`${v.connect}\`, then type it again.`,
  telnetNoPort: (v) =>
    `Without a port, telnet connects to port 23 (the telnet service), where no mail server listens. SMTP is on port 25: \`${v.fixed}\`.`,
  interruptInData: () =>
    'Ctrl-C does not leave DATA: telnet sends nothing to the server, which is still reading your message. End the message with a line holding only `.`, or leave telnet with Ctrl-] and then `quit`.',
  interruptInTelnet: () =>
    'Ctrl-C does nothing in a telnet session: telnet sends nothing to the server. To end the conversation type `QUIT`; to leave telnet at once press Ctrl-] and then type `quit`.',
  waitingForEof: (v) =>
    `\`${v.line}\` was given no input through a pipe, so ${v.program} now reads what you type, until Ctrl-D on an empty line (Ctrl-C cancels). Usually you pipe text into it, e.g. \`printf 'text' | ${v.program}\`.`,
};

export const lessonEn = {
  notes,
  page: {
    loading: 'Loading the lesson…',
    notFound: (slug: string) => `There is no lesson "${slug}".`,
    backToIndex: 'All lessons',
    lessonNumber: (n: number) => `Lesson ${count(n)}`,
    loadFailed: 'The lesson could not be loaded. Check the connection and reload the page.',
  },
  nav: {
    label: 'Lesson navigation',
    /** The same links again under a finished lesson: landmarks need names of their own. */
    labelEnd: 'Lesson navigation, end of lesson',
    previous: (title: string) => `Previous: ${title}`,
    next: (title: string) => `Next: ${title}`,
  },
  steps: {
    heading: 'Steps',
    label: 'Steps of this lesson',
    step: (n: number) => `Step ${count(n)}`,
    done: 'done',
    current: 'current step',
    todo: 'to do',
    whatHappened: 'What happened',
    allDone: 'All steps done.',
    /** The card of the step to do now, next to the terminal (above it on a narrow screen). */
    now: 'Current step',
    nowHeading: (n: number, total: number) => `Step ${count(n)} of ${count(total)}`,
    /** The steps list's fold: how far the learner is. */
    summary: (done: number, total: number) => `Steps (${count(done)} of ${count(total)} done)`,
    /** In the list, the current step's text is on the card instead. */
    shownAbove: 'On its card, next to the terminal.',
  },
  intro: {
    heading: 'About this lesson',
  },
  hints: {
    heading: 'Hints',
    button: (shown: number, total: number) =>
      shown === 0
        ? `Hint (${count(total)} available)`
        : `Next hint (${count(shown)} of ${count(total)} shown)`,
    allShown: (total: number) => `All ${count(total)} hints shown`,
  },
  actions: {
    label: 'Lesson actions',
    showSolution: 'Show solution',
    showSolutionNote: 'Types this step’s lines into the terminal for you.',
    /** Said when Show solution first brought the session to where the step starts, as a person would. */
    solutionBack: {
      endData:
        'You were in the middle of a message, so Show solution ended it with a lone dot first: SMTP has no way to take back a message begun, short of hanging up, and the server keeps what was typed so far.',
      cancelAuth: 'You were in the middle of AUTH: a lone * cancels it (RFC 4954).',
      rset: 'A transaction was open (MAIL FROM was given), so RSET cleared it first: another MAIL FROM would get "503 nested MAIL command".',
      envelope:
        'This step starts inside a transaction, so the envelope (MAIL FROM, RCPT TO) was given again up to there.',
    },
    nextLine: (next: number, total: number) => `Type line ${next} of ${total}`,
    nextLineNote:
      'Types one line of this step’s answer, so each reply can be read before the next (for a class demo).',
    typing: 'Typing…',
    reset: 'Start the lesson over',
    restartStep: 'Start this step over',
    restartStepNote:
      'Puts the terminal, the server and the mailboxes back to where this step began; earlier steps stay done.',
  },
  confirmReset: {
    heading: 'Start the lesson over?',
    body: (done: number) =>
      `${count(done)} ${done === 1 ? 'step is' : 'steps are'} done. Starting over unchecks ${done === 1 ? 'it' : 'them'} and clears the terminal session.`,
    confirm: 'Start over',
    cancel: 'Keep my progress',
  },
  outcome: {
    label: 'What happened',
    idle: 'Type in the terminal: what the server does appears here.',
    preparing: 'Setting up the lesson…',
    advanced: 'Step done',
    finished: 'Lesson complete. Well done!',
    offPath: 'That works, but it is not what this step is about.',
    offPathRefused: (code: number) =>
      `The server refused that with ${code}, and it is not what this step is about.`,
    notes: 'About what you typed',
    error: (code: number) => `The server refused with ${code}. Here is why:`,
    errorOthers: (n: number) => `(${count(n)} more ${n === 1 ? 'refusal' : 'refusals'} in the same input.)`,
    neutral: 'Nothing new for this step yet. Select a reply in the transcript to see what it means.',
    selected: 'You selected this reply in the transcript:',
  },
  progress: {
    setAside: 'Saved progress could not be read and was set aside; the rest is kept.',
    saveFailed:
      'Your progress could not be saved (the browser’s storage is full or off): it lasts until you close the page.',
    restored: 'Welcome back: your terminal session was replayed where you left it.',
    importedSession: (n: number) =>
      `The file brought ${count(n)} ${n === 1 ? 'line' : 'lines'} to type. Read them first:`,
    typeImported: 'Type these lines',
    skipImported: 'Start without them',
  },
};

export type LessonStrings = typeof lessonEn;
