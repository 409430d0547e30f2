// The strings of the lab's views (terminal, transcript, diagram, reply explanations, the mailbox panel), which every
// page with a terminal shows, one object per language; components take them from context. The site's own pages
// speak site-strings.ts, the sandbox's controls sandbox-strings.ts, the lesson pages lesson/strings.ts: a lesson
// widget loads none of the first two.
import type { NoteEvent } from './session-log.ts';

const numbers = new Intl.NumberFormat('en');
const count = (n: number) => numbers.format(n);
const plural = (n: number, one: string, many: string) => `${count(n)} ${n === 1 ? one : many}`;

export const en = {
  mailbox: { heading: 'Mailboxes', loading: 'Opening the mailboxes…' },
  loading: 'Loading…',
  loadFailed: 'This page could not be loaded. Check the connection and reload.',
  terminal: {
    label: 'Terminal',
    leaveHint:
      'Tab or Shift+Tab leaves the terminal; in a mail session, where Tab types a tab, press Esc first.',
    /** On-screen keys for touch screens, which have no Ctrl key (and whose Tab is not sent to the page). */
    keys: {
      label: 'Keys a phone keyboard lacks',
      interrupt: 'Ctrl-C',
      eof: 'Ctrl-D',
      escape: 'Ctrl-]',
      tab: 'Tab',
    },
    moreCharacters: (n: number) => `… (${plural(n, 'more character', 'more characters')})`,
    internalError: (m: string) => `internal error: ${m}`,
    holdFailed: (m: string) =>
      `Part of the simulation could not be loaded (${m}). Check the connection and reload the page; mail for other domains will not leave until then.`,
    pastedLinesHidden: (n: number) =>
      `… ${plural(n, 'more pasted line', 'more pasted lines')} sent (not drawn, to keep the page responsive)`,
    linkHeading: 'A link in the terminal leads to:',
    linkOpen: 'Open it in a new tab',
    linkRefused: 'Not followed, not a web address:',
    linkClose: 'Close',
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
    /** The header before a relay's conversation: one host passing the mail on to the next. */
    relay: (client: string, server: string) => `${client} → ${server} (relay)`,
    /** Before each relay line, for a screen reader that reads lines one at a time. */
    relayLine: (client: string, server: string) => `${client} to ${server}, `,
    /** The header when the learner's own conversation goes on after a relay's. */
    yours: 'your connection',
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
    /** The third lane: the host the server passes the mail on to. */
    nextHop: 'Next hop',
    /** Before a relay arrow, for a screen reader. */
    hop: (from: string, to: string) => `${from} to ${to}`,
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
      e.message.held !== undefined
        ? `accepted for ${e.message.mailbox}, then held in the hold queue of ${e.message.host} (queue id ${e.message.queueId}): ${e.message.held}`
        : e.queued
          ? `queued for relay to ${e.message.mailbox} (queue id ${e.message.queueId}): delivered only when the next hop accepts it`
          : `delivered to ${e.message.mailbox} (queue id ${e.message.queueId})`,
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
