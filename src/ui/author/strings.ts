// What the lesson editor and the pages for lessons from outside say (English).
export const authorEn = {
  editor: {
    title: 'Lesson editor',
    intro:
      'Write a lesson in Markdown, in the format of the lessons on this site. Problems show as you type; Try it plays the lesson here. Nothing leaves your browser until you save or share it.',
    source: 'Lesson file (Markdown with YAML front matter)',
    open: 'Open a lesson file…',
    drop: 'or drop a .md file here',
    save: 'Save file',
    share: 'Share link',
    shareLabel: 'Link to this lesson',
    shareTooBig:
      'This lesson is too long for a link: save the file and put it online, then link to it with #/lessons/url?src=…',
    tryIt: 'Try it',
    backToEditor: 'Back to the editor',
    preview: 'Preview',
    checking: 'Checking…',
    ok: 'No problems: the lesson is ready to try.',
    problems: (n: number) => `${n} problem${n === 1 ? '' : 's'}`,
    fileTooBig: (name: string, max: number) => `${name} is larger than ${max} characters: not opened.`,
    stepHeading: (n: number, id: string) => `Step ${n}: ${id}`,
    hints: 'Hints',
    done: 'When done',
    solution: 'Solution',
    fileName: 'File name',
    draftSaved: (time: string) => `Draft saved in this browser at ${time}.`,
    draftRestored: (name: string, time: string) => `Your draft ${name} (saved at ${time}) is back.`,
    draftNotSaved:
      "This draft could not be saved in this browser (storage is full or turned off): save the file so it isn't lost.",
    drafts: 'Drafts in this browser',
    draftOption: (name: string, time: string) => `${name} (${time})`,
    discard: 'Discard draft',
    discarded: (name: string) => `Draft ${name} discarded.`,
    undoDiscard: 'Undo',
    embed: 'Embed code',
    embedLabel: 'For a blog post: paste this where the exercise goes (the lesson is inside it)',
    embedNote:
      'Runs in the post itself, in its own Shadow DOM. Where scripts are not allowed, save the file, put it online and use embed.html?lesson-src=… in an iframe.',
    embedScript:
      'This lesson contains "</script", which would end the block early in a page: save the file and use lesson-src="…" instead.',
  },
  outside: {
    loading: 'Loading the lesson…',
    fromOutside: (where: string) =>
      `A lesson from ${where}, not one of this site's: it runs only in the simulated network.`,
    invalid: (n: number) => `This lesson has ${n} problem${n === 1 ? '' : 's'} and cannot be played:`,
    noSource: 'No lesson given: the link needs ?src=<address of a .md file>.',
    badLink: 'This link does not hold a lesson (it may have been cut short when it was copied).',
    badUrl: (url: string) => `"${url}" is not an http(s) address.`,
    network: (url: string) =>
      `Could not read ${url}. The likely cause is CORS: the server that holds the file does not allow other sites to read it (it must send Access-Control-Allow-Origin). A file on the same site, or on a host that allows it (e.g. raw.githubusercontent.com, a gist), works.`,
    status: (url: string, status: number) => `Could not read ${url}: the server answered ${status}.`,
    tooBig: (url: string) => `${url} is too large to be a lesson.`,
    edit: 'Open in the editor',
  },
};

export type AuthorStrings = typeof authorEn;
