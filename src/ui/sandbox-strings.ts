// The strings of the sandbox page (its controls, share links and their replay), one object per language (English
// here): a lesson never shows them. The terminal, transcript and diagram inside it speak strings.ts.

const plural = (n: number, one: string, many: string) =>
  `${new Intl.NumberFormat('en').format(n)} ${n === 1 ? one : many}`;

export const sandboxEn = {
  heading: 'Sandbox',
  profile: 'Server software',
  world: 'World',
  hint: 'Type:',
  reset: 'Start over',
  showEndings: 'Show line endings',
  telnetEcho: 'telnet shows what you type',
  telnetEchoNote: 'Applies from the next start over.',
  share: 'Copy a link to this session',
  compare: 'Compare servers side by side',
  shareNote: 'Whoever opens the link can replay what you typed here, one line at a time.',
  copied: 'Link copied. Opening it replays this session line by line.',
  copyByHand: 'Copy this link:',
  tooLongToShare:
    'This session is too long for a link (400 lines of 2,000 characters at most). Start over and type a shorter demo.',
  replayHeading: (at: number, total: number) => `Shared session: line ${at} of ${total}`,
  replayDone: (total: number) => `Shared session: all ${plural(total, 'line', 'lines')} typed.`,
  replayNext: 'Type the next line',
  replayRest: 'Type the rest',
  replayAgain: 'Start over and replay',
  emptyLine: '(an empty line)',
  unknownWorld: (name: string) => `No world called “${name}”: using the default one.`,
  unknownProfile: (name: string) => `No server software called “${name}”: using the world’s own.`,
  unreadable: {
    'too-long': 'This link is too long to be a session; the sandbox starts empty.',
    'not-base64': 'This link is damaged (cut short?); the sandbox starts empty.',
    'not-a-session': 'This link does not hold a session this version can read; the sandbox starts empty.',
    'unknown-server':
      'This link names a server or world this version does not have; the sandbox starts empty.',
  },
};

export type SandboxStrings = typeof sandboxEn;
