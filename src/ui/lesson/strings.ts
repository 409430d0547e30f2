// Every user-facing string of the lesson pages, one object per language (English here); the sentences about a
// learner's own line are in note-strings.ts, the course index's in index-strings.ts.

const count = (n: number) => new Intl.NumberFormat('en').format(n);

export const lessonEn = {
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
    allDone: 'All steps done.',
    /** The card of the step to do now, next to the terminal (above it on a narrow screen). */
    now: 'Current step',
    nowHeading: (n: number, total: number) => `Step ${count(n)} of ${count(total)}`,
    /** The steps list's fold: how far the learner is. */
    summary: (done: number, total: number) => `Steps (${count(done)} of ${count(total)} done)`,
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
    restartStep: 'Start this step over',
    restartStepNote:
      'Puts the terminal, the server and the mailboxes back to where this step began; earlier steps stay done.',
  },
  outcome: {
    label: 'What happened',
    idle: 'Type in the terminal: what the server does appears here.',
    preparing: 'Setting up the lesson…',
    advanced: 'Step done',
    finished: 'Lesson complete. Well done!',
    offPath: 'Not what this step asks for yet:',
    offPathRefused: (code: number) =>
      `The server refused that with ${code}, and it is not what this step is about.`,
    notes: 'About what you typed',
    error: (code: number) => `The server refused with ${code}. Here is why:`,
    errorOthers: (n: number) => `(${count(n)} more ${n === 1 ? 'refusal' : 'refusals'} in the same input.)`,
    neutral: 'Nothing new for this step yet. Select a reply in the transcript to see what it means.',
    selected: 'You selected this reply in the transcript:',
    /** The explanation or the notes are loaded when first shown, and that failed. */
    loadFailed: 'The explanation could not be loaded: check the connection; the next line tries again.',
  },
  progress: {
    setAside: 'Saved progress could not be read and was set aside; the rest is kept.',
    saveFailed:
      'Your progress could not be saved (the browser’s storage is full or off): it lasts until you close the page.',
    restored: 'Welcome back: your terminal session was replayed where you left it.',
  },
};

export type LessonStrings = typeof lessonEn;
