// The strings of the course index (#/lessons) and its progress file tools, one object per language (English
// here). A lesson page never shows them, so a lesson widget does not load them; lesson/strings.ts has the rest.

const count = (n: number) => new Intl.NumberFormat('en').format(n);

export const courseEn = {
  index: {
    heading: 'Lessons',
    intro:
      'Each lesson is a short conversation with a mail server. Steps are checked by what the server does, so any correct way of typing passes.',
    empty: 'No lessons yet.',
    done: 'completed',
    progress: (done: number, total: number) => `${count(done)} of ${count(total)} steps done`,
    notStarted: (n: number) => `not started, ${count(n)} ${n === 1 ? 'step' : 'steps'}`,
    steps: (n: number) => `${count(n)} ${n === 1 ? 'step' : 'steps'}`,
  },
  progressFile: {
    export: 'Download my progress',
    import: 'Load progress from a file',
    imported: 'Progress loaded.',
    importedNotSaved: 'Progress loaded for this visit only: the browser would not store it.',
    importFailed: 'That file is not SMTP Lab progress: nothing was changed.',
    fileName: 'smtp-lab-progress.json',
  },
};

export type CourseStrings = typeof courseEn;
