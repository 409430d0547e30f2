// The strings of the steps checklist (its list, "Start the lesson over" and its confirmation) and of the prompt
// before lines from a file are typed, one object per language (English here): parts of a lesson page loaded when
// first opened, so a lesson does not fetch their strings ahead; lesson/strings.ts has the rest.

const count = (n: number) => new Intl.NumberFormat('en').format(n);

export const stepsListEn = {
  steps: {
    step: (n: number) => `Step ${count(n)}`,
    done: 'done',
    current: 'current step',
    todo: 'to do',
    whatHappened: 'What happened',
    /** In the list, the current step's text is on the card instead. */
    shownAbove: 'On its card, next to the terminal.',
  },
  reset: 'Start the lesson over',
  confirmReset: {
    heading: 'Start the lesson over?',
    body: (done: number) =>
      `${count(done)} ${done === 1 ? 'step is' : 'steps are'} done. Starting over unchecks ${done === 1 ? 'it' : 'them'} and clears the terminal session.`,
    confirm: 'Start over',
    cancel: 'Keep my progress',
  },
  imported: {
    session: (n: number) =>
      `The file brought ${count(n)} ${n === 1 ? 'line' : 'lines'} to type. Read them first:`,
    type: 'Type these lines',
    skip: 'Start without them',
  },
};

export type StepsListStrings = typeof stepsListEn;
