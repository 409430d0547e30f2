// Every user-facing string of the views, one object per language; components take them from context.
import type { NoteEvent } from './session-log.ts';

const numbers = new Intl.NumberFormat('en');
const count = (n: number) => numbers.format(n);
const plural = (n: number, one: string, many: string) => `${count(n)} ${n === 1 ? one : many}`;

export const en = {
  appName: 'SMTP Lab',
  tagline: 'Send mail by hand: a simulated SMTP server in your browser.',
  skipLink: 'Skip to main content',
  nav: { label: 'Main', home: 'Home', sandbox: 'Sandbox', lessons: 'Lessons', sources: 'Sources' },
  display: {
    label: 'Display',
    projector: 'Projector mode',
    fontSize: 'Text size',
    smaller: 'Smaller text',
    larger: 'Larger text',
  },
  home: {
    heading: 'Talk SMTP to a mail server',
    intro: [
      'Mail servers speak SMTP, a conversation of short text commands and three-digit replies. Here you type that conversation yourself, as the classic "send mail with telnet" tutorials do, and a simulated server answers the way a real Postfix server would.',
      'Nothing leaves your browser: the laptop, the network, the DNS and the mail servers are all simulated.',
    ],
    sandboxLink: 'Open the sandbox',
    sandboxBlurb: 'A terminal, a mail server and a live transcript: try anything.',
    lessonsLink: 'Follow the lessons',
    lessonsBlurb: 'Step-by-step tutorials from HELO to STARTTLS.',
    sourcesLink: 'The old tutorials behind the lessons',
    sourcesBlurb:
      'Five "send mail with telnet" pages from 2001 to today: what each teaches, and what it gets wrong.',
  },
  sources: {
    heading: 'Sources',
    intro:
      'The lessons retrace five tutorials that taught people to send mail by hand. Each got a lot right and something wrong; the lessons teach what they teach, in their own words, and correct the rest.',
    shows: 'What it shows',
    wrong: 'What it gets wrong',
    lessons: 'Lessons that draw on it',
    none: 'No lesson draws on it yet.',
    /** By the id lessons give in their `seeds:` front matter. */
    items: {
      '000': {
        name: 'the 2001 magazine tutorial',
        title: 'Using Telnet to send mail by SMTP',
        year: '2001',
        shows:
          'A whole session from the Windows telnet program to Yahoo’s mail server: HELO, MAIL, RCPT, DATA and QUIT, with a warning that telnet does not show what you type, and why programs read only the three-digit codes.',
        wrong:
          'It greets with the server’s own name, lost the addresses after MAIL From: and RCPT To: when the page became HTML, says the server closes the session once the mail is sent and delivers it only at QUIT, calls forged senders “relaying”, and treats POP-before-SMTP as the only protection.',
      },
      '001': {
        name: 'the Sendmail 8.9 telnet guide',
        title: 'Trivial uses of Telnet: SMTP',
        year: '2001',
        shows:
          'A Sendmail 8.9.2 session with its friendly replies, the commands one by one (HELO, EHLO, MAIL FROM, RCPT TO, DATA, QUIT), the note that every header can be faked, and a message with MIME headers.',
        wrong:
          'It ends a message with a dot and two Returns, says the server detects your real name whatever HELO says, dropped the dots of “... Sender ok”, and its MIME example has no empty line between the headers and the text.',
      },
      '002': {
        name: 'the 2002 Internet Tips page',
        title: 'SMTP (Internet Tips)',
        year: '2002',
        shows:
          'One session with an antivirus mail gateway, step by step, and the point that the real sender and recipients travel before the data while From: and To: can be forged.',
        wrong:
          'It calls the server’s greeting a header the client prints, cites RFC 821 as current, talks to an open relay without saying so, shows an address that changes between command and reply (edited by hand), and puts two empty lines after the headers.',
      },
      '003': {
        name: 'the 2016 blog post',
        title: 'Sending Mail Using Telnet',
        year: '2016',
        shows:
          'Finding the server with an MX lookup (dig), a Postfix session with EHLO, a Date made with date -R, then MIME: text and HTML alternatives and an inline image.',
        wrong:
          'It types a space after MAIL FROM: and RCPT TO:, which the SMTP grammar does not allow, and puts the HTML and its inline image in multipart/mixed instead of multipart/related.',
      },
      '004': {
        name: 'the Eraldy how-to',
        title: 'How to send an email at the command line with SMTP',
        year: 'undated, 2020s',
        shows:
          'An ESMTP session with SIZE, the capability list explained, STARTTLS and implicit TLS with openssl, the envelope versus the To: header of a mailing list, and RSET before a second message.',
        wrong:
          'Its transcript sends the text after DATA with no 354 in between, it says port 25 should have no TLS and calls 587 “TLS”, it expects the server to fill in missing Date and Message-ID headers, and it announces a 10 KB size limit as if it were normal.',
      },
    } as Record<string, { name: string; title: string; year: string; shows: string; wrong: string }>,
    lessonLink: (order: number, title: string) => `${order}. ${title}`,
    drawsOn: 'Draws on',
    called: (name: string) => `Called “${name}” in the lessons.`,
    unknown: (id: string) => `tutorial ${id}`,
  },
  mailbox: { heading: 'Mailboxes', loading: 'Opening the mailboxes…' },
  loading: 'Loading…',
  loadFailed: 'This page could not be loaded. Check the connection and reload.',
  notFound: { heading: 'Page not found', back: 'Back to the start page' },
  sandbox: {
    heading: 'Sandbox',
    profile: 'Server software',
    world: 'World',
    hint: 'Type:',
    reset: 'Start over',
    showEndings: 'Show line endings',
    telnetEcho: 'telnet shows what you type',
    telnetEchoNote: 'Applies from the next start over.',
    program: (name: string) => `Running: ${name}`,
    share: 'Copy a link to this session',
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
    keyNames: { interrupt: 'Ctrl-C', eof: 'Ctrl-D', escape: 'Ctrl-]' },
    unreadable: {
      'too-long': 'This link is too long to be a session; the sandbox starts empty.',
      'not-base64': 'This link is damaged (cut short?); the sandbox starts empty.',
      'not-a-session': 'This link does not hold a session this version can read; the sandbox starts empty.',
      'unknown-server':
        'This link names a server or world this version does not have; the sandbox starts empty.',
    },
  },
  terminal: {
    label: 'Terminal',
    leaveHint: 'Tab or Shift+Tab leaves the terminal.',
    moreCharacters: (n: number) => `… (${plural(n, 'more character', 'more characters')})`,
    internalError: (m: string) => `internal error: ${m}`,
    pastedLinesHidden: (n: number) =>
      `… ${plural(n, 'more pasted line', 'more pasted lines')} sent (not drawn, to keep the page responsive)`,
  },
  transcript: {
    heading: 'Transcript',
    label: 'Transcript of the SMTP conversation',
    copy: 'Copy',
    copied: 'Copied',
    copyFailed: 'Select the text to copy it',
    empty: 'Nothing yet: the conversation appears here as you type.',
    client: 'C:',
    server: 'S:',
    explain: 'explain this reply',
    moreLines: (n: number) => `… ${plural(n, 'more line', 'more lines')}`,
    earlier: (n: number) => `… ${plural(n, 'earlier line', 'earlier lines')} not shown`,
  },
  diagram: {
    heading: 'Sequence diagram',
    label: 'Sequence diagram of the SMTP conversation',
    client: 'Client',
    server: 'Server',
    empty: 'Connect to a server to see the exchange.',
    message: (lines: number, done: boolean) =>
      `message, ${plural(lines, 'line', 'lines')}${done ? '' : ' …'}`,
    earlier: (n: number) => `… ${plural(n, 'earlier arrow', 'earlier arrows')} not shown`,
    toServer: 'client to server',
    toClient: 'server to client',
  },
  replyClass: {
    '2xx': 'success',
    '3xx': 'go on',
    '4xx': 'temporary failure',
    '5xx': 'permanent failure',
    other: 'unknown class',
  } as Record<'2xx' | '3xx' | '4xx' | '5xx' | 'other', string>,
  endings: {
    // Drawn as small boxed letters: fonts without the Control Pictures block (␍ ␊) would show empty boxes.
    cr: 'CR',
    lf: 'LF',
    crlfTitle: 'CR LF line end',
    bareLfTitle: 'bare LF: no CR before it',
    noneTitle: 'no line end',
  },
  explanation: {
    heading: (code: number) => `Reply ${code}`,
    close: 'Close',
    classMeaning: 'Class',
    enhanced: 'Enhanced code',
    meaning: 'Meaning',
    next: 'What now',
    rfc: 'Defined in',
    phase: 'The server now',
    prompt: 'Select a server reply (S:) in the transcript to see what it means.',
  },
  notes: {
    connected: (e: Extract<NoteEvent, { type: 'connected' }>) =>
      `connected to ${e.host} port ${e.port} (${e.profile})${e.tls ? ', TLS' : ''}`,
    tls: () => 'TLS handshake done: the conversation is now encrypted',
    auth: (e: Extract<NoteEvent, { type: 'auth' }>) =>
      e.success
        ? `authenticated${e.user ? ` as ${e.user}` : ''} (${e.mechanism})`
        : `authentication failed (${e.mechanism})`,
    closed: (e: Extract<NoteEvent, { type: 'closed' }>) =>
      e.by === 'client' ? 'connection closed by the client' : `connection closed by the server: ${e.reason}`,
    delivered: (e: Extract<NoteEvent, { type: 'delivered' }>) =>
      `delivered to ${e.message.mailbox} (queue id ${e.message.queueId})`,
  },
};

export type Strings = typeof en;

/** The text of a note, in one place for the transcript and the diagram. */
export function noteText(s: Strings, event: NoteEvent): string {
  switch (event.type) {
    case 'connected':
      return s.notes.connected(event);
    case 'tls':
      return s.notes.tls();
    case 'auth':
      return s.notes.auth(event);
    case 'closed':
      return s.notes.closed(event);
    case 'delivered':
      return s.notes.delivered(event);
  }
}
