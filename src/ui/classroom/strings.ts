// Every user-facing string of the classroom tools (Compare view, Predict the reply, handouts), English here.
const count = (n: number) => new Intl.NumberFormat('en').format(n);

export const classEn = {
  compare: {
    heading: 'Compare servers',
    intro:
      'Type a line once and it goes to every server below, each in its own connection. Replies line up with the line that caused them; rows where the servers disagree are marked.',
    server: (n: number) => `Server ${n}`,
    none: '(none)',
    line: 'Line to send to every server',
    lineNote: 'Enter sends the line. Paste several lines to send them as one pipelined group.',
    send: 'Send',
    reset: 'Start over',
    share: 'Copy a link to this comparison',
    copied: 'Link copied. Opening it sends the same lines to the same servers.',
    copyByHand: 'Copy this link:',
    tooLong: 'Too many lines for a link (400 lines of 2,000 characters at most).',
    unreadable: 'This link does not hold a comparison this version can read; starting empty.',
    tableCaption: 'What each server answered to each line',
    sent: 'You sent',
    connect: '(connection opened)',
    content: 'message content: no reply due',
    noReply: 'no reply',
    hungUp: 'the server hung up',
    notRead: 'not read: the connection is closed',
    differs: 'Differs:',
    same: 'same class and code',
    aspects: {
      class: 'class',
      code: 'code',
      enhanced: 'enhanced code',
      text: 'text',
      hangUp: 'hang-up',
      replied: 'whether it replied',
    },
    emptyLine: '(an empty line)',
  },
};

export const handoutEn = {
  label: 'Handout',
  saveText: 'Save the transcript as text',
  saveTextNote:
    'Plain text marked as swaks prints a session: -> sent, <- replies, <** errors, === the connection.',
  print: 'Print a handout',
  fileName: 'smtp-session.txt',
};

export const lessonShareEn = {
  share: 'Copy a link to my session',
  note: 'Whoever opens the link (your teacher) sees what you typed here replayed into this lesson.',
  copied: 'Link copied. Opening it replays what you typed into this lesson.',
  copyByHand: 'Copy this link:',
  tooLong:
    'Too much was typed for a link (400 lines of 2,000 characters at most): save the transcript as text.',
  apart:
    'A session from a link, not yours: it stays in this page, and your own progress in this lesson is untouched.',
  own: 'Open my own session in this lesson',
  unreadable:
    'This link’s session cannot be read (cut short when it was copied?): the lesson starts empty here.',
  linkSession: (n: number) =>
    `This link brought ${count(n)} ${n === 1 ? 'line' : 'lines'} someone typed in this lesson. Read them first:`,
};

export const predictEn = {
  toggle: 'Predict the reply',
  toggleNote: 'Each reply is held back until the class has guessed its class.',
  exact: 'and the exact code',
  exactNote: 'After the class, the class also guesses the code itself (or keeps to the class).',
  question: 'What will the server answer?',
  codeQuestion: (digit: number) => `${digit}xx: which code exactly?`,
  keys: 'Keys: 2 to 5, or arrows / Page Down to move and Space or Enter to choose.',
  codeKeys: 'Keys: the last two digits, or arrows / Page Down and Space; Backspace goes back to the classes.',
  classes: { 2: '2xx success', 3: '3xx go on', 4: '4xx try later', 5: '5xx refused' } as Record<
    number,
    string
  >,
  /** The codes offered per class: those this simulator's servers send most (RFC 5321 §4.2.3, 4954). */
  codes: {
    2: [220, 221, 235, 250, 251, 252],
    3: [334, 354],
    4: [421, 450, 451, 452, 454],
    5: [500, 501, 502, 503, 504, 530, 535, 550, 552, 553, 554, 555],
  } as Record<number, number[]>,
  classOnly: 'Only the class',
  right: (code: number) => `Right: the server answered ${code}.`,
  exactRight: (code: number) => `Exactly: the server answered ${code}.`,
  exactWrong: (code: number, guess: number) => `Right class, but not ${guess}: the server answered ${code}.`,
  wrong: (code: number, guess: number) => `Not ${guess}xx: the server answered ${code}.`,
  several: (n: number) => `(${n} replies, to a pipelined group: the first one counts.)`,
  next: 'Continue',
  tally: (right: number, asked: number) => `${count(right)} of ${count(asked)} predicted`,
  exactTally: (right: number, asked: number) => `exact code: ${count(right)} of ${count(asked)}`,
};

export type ClassStrings = typeof classEn;
export { count };
