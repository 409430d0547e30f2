// The transcript and the sequence diagram as data, built from network events, entered lines and shell output.
// Plain TypeScript (no runes) so it is tested without a DOM; LabSession publishes its arrays to the views.
// Entries are immutable: an entry that changes (a message growing line by line) is replaced by a new object.
import type { ConnectionOrigin, Lane } from '../smtp/travel/events.ts';
import type { Phase, Reply, SmtpEvent } from '../smtp/types.ts';
import { stripAnsi } from '../terminal/text-width.ts';

export type Ending = '\r\n' | '\n' | '';

/** Network events shown as one-line notes between the exchanges. */
export type NoteEvent = Extract<SmtpEvent, { type: 'connected' | 'tls' | 'auth' | 'closed' | 'delivered' }>;

/**
 * Lines of a connection a host's relay opened (mail.example.test -> mx.elsewhere.test) carry its lane, so the
 * views never show them as the learner's own; the learner's lines have none.
 */
export interface OnLane {
  relay?: Lane;
}

export type LogEntry =
  /** A line the learner entered outside an SMTP conversation (the shell, telnet's own prompt). */
  | { kind: 'shell'; id: number; prompt: string; text: string }
  /** What the shell printed outside an SMTP conversation (ANSI colours removed). */
  | { kind: 'output'; id: number; text: string }
  /** C: a line the server read, command or message content. */
  | ({
      kind: 'client';
      id: number;
      connectionId: number;
      text: string;
      ending: Ending;
      data: boolean;
    } & OnLane)
  /** S: one reply (all its lines); phaseAfter is where the session stood after it. */
  | ({
      kind: 'server';
      id: number;
      connectionId: number;
      reply: Reply;
      lines: string[];
      phaseAfter: Phase | null;
    } & OnLane)
  | ({ kind: 'note'; id: number; event: NoteEvent } & OnLane)
  /** Lines left out of a long message or output ("… 12 345 more lines"). */
  | { kind: 'elided'; id: number; count: number };

export type DiagramEntry = (
  | { kind: 'command'; id: number; connectionId: number; text: string; ending: Ending }
  /** The message content as one arrow; `done` once its end (the lone dot, or BDAT LAST) was read. */
  | { kind: 'message'; id: number; connectionId: number; lines: number; octets: number | null; done: boolean }
  | { kind: 'reply'; id: number; connectionId: number; reply: Reply }
  | { kind: 'note'; id: number; event: NoteEvent }
) &
  OnLane;

/** Who opened a connection (Network.connectionOrigin); without one, every connection is the learner's. */
export type OriginOf = (connectionId: number) => ConnectionOrigin;

export interface LogLimits {
  /** Message lines shown before the rest is summed up in one "more lines" entry. */
  dataLines: number;
  /** Output lines shown per run of output, likewise. */
  outputLines: number;
  /** Entries kept in the transcript; older ones are dropped (and counted). */
  transcript: number;
  diagram: number;
}

export const defaultLimits: LogLimits = { dataLines: 40, outputLines: 200, transcript: 3000, diagram: 600 };

/** A bounded list: past its limit the oldest entries go, in batches, and are counted. */
class Bounded<T> {
  items: T[] = [];
  dropped = 0;

  readonly #limit: number;
  constructor(limit: number) {
    this.#limit = limit;
  }
  push(item: T): void {
    this.items.push(item);
    // Trim in batches of a quarter so a long paste does not copy the array at every line.
    if (this.items.length > this.#limit + Math.ceil(this.#limit / 4)) {
      const excess = this.items.length - this.#limit;
      this.items.splice(0, excess);
      this.dropped += excess;
    }
  }
  /** Replace the entry with this id, if it is still kept (recent entries are at the end). */
  replace(id: number, make: (old: T) => T, idOf: (item: T) => number): void {
    for (let i = this.items.length - 1; i >= 0; i--) {
      if (idOf(this.items[i]) === id) {
        this.items[i] = make(this.items[i]);
        return;
      }
    }
  }
  clear(): void {
    this.items = [];
    this.dropped = 0;
  }
}

interface MessageProgress {
  lines: number;
  shown: number;
  elidedId: number | null;
  elided: number;
  arrowId: number | null;
  /** The latest line was shown (not summed up), so a "." that ends the message is already on the page. */
  lastShown: boolean;
  lastEnding: Ending;
}

export class SessionLog {
  #nextId = 1;
  readonly #transcript: Bounded<LogEntry>;
  readonly #diagram: Bounded<DiagramEntry>;
  /** Open connections: while one is open, the screen shows the conversation, which the events already log. */
  readonly #open = new Set<number>();
  readonly #messages = new Map<number, MessageProgress>();
  readonly #lastReply = new Map<number, number>();
  /** Where each session stands: replies carry it, so an explanation can say what the server waits for. */
  readonly #phase = new Map<number, Phase>();
  /** Connections a relay opened, and their lane (known from the server's 'connected' event). */
  readonly #relays = new Map<number, Lane>();
  #originOf: OriginOf = () => ({ kind: 'client' });
  #partialOutput = '';
  #output: { shown: number; elidedId: number | null; elided: number } | null = null;
  /** Bumped at every change, so a view can tell cheaply that something new arrived. */
  version = 0;

  readonly #limits: LogLimits;
  constructor(limits: LogLimits = defaultLimits) {
    this.#limits = limits;
    this.#transcript = new Bounded(limits.transcript);
    this.#diagram = new Bounded(limits.diagram);
  }

  get entries(): readonly LogEntry[] {
    return this.#transcript.items;
  }
  get arrows(): readonly DiagramEntry[] {
    return this.#diagram.items;
  }
  get droppedEntries(): number {
    return this.#transcript.dropped;
  }
  get droppedArrows(): number {
    return this.#diagram.dropped;
  }
  /** Tell relay connections from the learner's (the network is opened after the log). */
  setOrigins(originOf: OriginOf): void {
    this.#originOf = originOf;
  }

  /** Whether one of the learner's SMTP connections is open now (a relay's does not hold the shell). */
  get connected(): boolean {
    return this.#open.size > 0;
  }

  clear(): void {
    this.#transcript.clear();
    this.#diagram.clear();
    this.#open.clear();
    this.#messages.clear();
    this.#lastReply.clear();
    this.#phase.clear();
    this.#relays.clear();
    this.#partialOutput = '';
    this.#output = null;
    this.version++;
  }

  /** A line the learner entered; SMTP lines are logged from the network events instead. */
  enteredLine(text: string, prompt: string, inConversation: boolean): void {
    if (inConversation) return;
    this.#endOutput();
    this.#transcript.push({ kind: 'shell', id: this.#nextId++, prompt: stripAnsi(prompt), text });
    this.version++;
  }

  /** Text the shell wrote to the screen. */
  shellOutput(text: string): void {
    if (this.#open.size > 0) return;
    const all = this.#partialOutput + stripAnsi(text).replace(/\r\n?/g, '\n');
    const lines = all.split('\n');
    this.#partialOutput = lines.pop() ?? '';
    for (const line of lines) this.#outputLine(line);
  }

  #outputLine(text: string): void {
    const run = (this.#output ??= { shown: 0, elidedId: null, elided: 0 });
    if (run.shown < this.#limits.outputLines) {
      run.shown++;
      this.#transcript.push({ kind: 'output', id: this.#nextId++, text });
    } else {
      this.#bumpElided(run);
    }
    this.version++;
  }

  /** A new command or conversation starts: flush a last output line without its line end. */
  #endOutput(): void {
    if (this.#partialOutput) this.#outputLine(this.#partialOutput);
    this.#partialOutput = '';
    this.#output = null;
  }

  #bumpElided(run: { elidedId: number | null; elided: number }): void {
    run.elided++;
    const count = run.elided;
    if (run.elidedId === null) {
      run.elidedId = this.#nextId++;
      this.#transcript.push({ kind: 'elided', id: run.elidedId, count });
    } else {
      this.#transcript.replace(
        run.elidedId,
        (old) => ({ ...old, count }) as LogEntry,
        (e) => e.id,
      );
    }
  }

  event(event: SmtpEvent): void {
    // A phase event belongs to the reply just before it, not to a reply that something else followed.
    if (event.type !== 'phase' && event.type !== 'reply') this.#lastReply.delete(event.connectionId);
    if (event.type === 'connected') {
      const origin = this.#originOf(event.connectionId);
      if (origin.kind === 'relay')
        this.#relays.set(event.connectionId, { client: origin.host, server: event.host });
    }
    const relay = event.connectionId === 0 ? undefined : this.#relays.get(event.connectionId);
    const lane: OnLane = relay ? { relay } : {};
    switch (event.type) {
      case 'connected':
        if (relay) {
          this.#note(event, true, lane);
          break;
        }
        this.#endOutput();
        this.#open.add(event.connectionId);
        this.#phase.set(event.connectionId, 'greeting');
        this.#note(event, true, lane);
        break;
      case 'closed':
        this.#open.delete(event.connectionId);
        this.#messages.delete(event.connectionId);
        this.#relays.delete(event.connectionId);
        this.#note(event, true, lane);
        break;
      case 'tls':
      case 'auth':
        this.#note(event, true, lane);
        break;
      case 'delivered':
        this.#note(event, false, lane);
        break;
      case 'command':
        this.#clientLine(event.connectionId, event.line, event.ending, false);
        this.#diagram.push({
          kind: 'command',
          id: this.#nextId++,
          connectionId: event.connectionId,
          text: event.line,
          ending: event.ending,
          ...lane,
        });
        break;
      case 'data-line':
        this.#dataLine(event.connectionId, event.line, event.ending);
        break;
      case 'message':
        this.#endMessage(event.connectionId, event.content, event.octets, event.via);
        break;
      case 'reply': {
        const id = this.#nextId++;
        const lines = event.wire.split('\r\n');
        if (lines[lines.length - 1] === '') lines.pop();
        this.#transcript.push({
          kind: 'server',
          id,
          connectionId: event.connectionId,
          reply: event.reply,
          lines,
          phaseAfter: this.#phase.get(event.connectionId) ?? null,
          ...lane,
        });
        this.#lastReply.set(event.connectionId, id);
        this.#diagram.push({
          kind: 'reply',
          id: this.#nextId++,
          connectionId: event.connectionId,
          reply: event.reply,
          ...lane,
        });
        break;
      }
      case 'phase': {
        // The core announces a new phase just after the reply that caused it.
        this.#phase.set(event.connectionId, event.to);
        const id = this.#lastReply.get(event.connectionId);
        if (id === undefined) return;
        this.#transcript.replace(
          id,
          (old) => (old.kind === 'server' ? { ...old, phaseAfter: event.to } : old),
          (e) => e.id,
        );
        break;
      }
    }
    this.version++;
  }

  #note(event: NoteEvent, inDiagram: boolean, lane: OnLane): void {
    this.#transcript.push({ kind: 'note', id: this.#nextId++, event, ...lane });
    if (inDiagram) this.#diagram.push({ kind: 'note', id: this.#nextId++, event, ...lane });
  }

  #lane(connectionId: number): OnLane {
    const relay = this.#relays.get(connectionId);
    return relay ? { relay } : {};
  }

  #clientLine(connectionId: number, text: string, ending: Ending, data: boolean): void {
    this.#transcript.push({
      kind: 'client',
      id: this.#nextId++,
      connectionId,
      text,
      ending,
      data,
      ...this.#lane(connectionId),
    });
  }

  #dataLine(connectionId: number, text: string, ending: Ending): void {
    let m = this.#messages.get(connectionId);
    if (!m) {
      m = {
        lines: 0,
        shown: 0,
        elidedId: null,
        elided: 0,
        arrowId: null,
        lastShown: false,
        lastEnding: '\r\n',
      };
      this.#messages.set(connectionId, m);
    }
    m.lines++;
    m.lastEnding = ending;
    m.lastShown = m.shown < this.#limits.dataLines;
    if (m.lastShown) {
      m.shown++;
      this.#clientLine(connectionId, text, ending, true);
    } else {
      this.#bumpElided(m);
    }
    this.#messageArrow(connectionId, m, null, false);
  }

  #messageArrow(connectionId: number, m: MessageProgress, octets: number | null, done: boolean): void {
    const lines = m.lines;
    if (m.arrowId === null) {
      m.arrowId = this.#nextId++;
      this.#diagram.push({
        kind: 'message',
        id: m.arrowId,
        connectionId,
        lines,
        octets,
        done,
        ...this.#lane(connectionId),
      });
    } else {
      this.#diagram.replace(
        m.arrowId,
        (old) => ({ ...old, lines, octets, done }) as DiagramEntry,
        (e) => e.id,
      );
    }
  }

  /**
   * Whether a "." ends the message is the core's decision (bare LF rules); it says so with a 'message'
   * event right after that line. The line was logged as content: count it out again as the end marker.
   */
  #endMessage(connectionId: number, content: string, octets: number, via: 'DATA' | 'BDAT'): void {
    const m = this.#messages.get(connectionId);
    this.#messages.delete(connectionId);
    if (via === 'BDAT' || !m) {
      const lines = content === '' ? 0 : content.split('\n').length;
      this.#diagram.push({
        kind: 'message',
        id: this.#nextId++,
        connectionId,
        lines,
        octets,
        done: true,
        ...this.#lane(connectionId),
      });
      return;
    }
    m.lines--;
    if (!m.lastShown && m.elidedId !== null) {
      m.elided--;
      const count = m.elided;
      this.#transcript.replace(
        m.elidedId,
        (old) => ({ ...old, count }) as LogEntry,
        (e) => e.id,
      );
      this.#clientLine(connectionId, '.', m.lastEnding, true);
    }
    this.#messageArrow(connectionId, m, octets, true);
    this.#diagram.push({
      kind: 'command',
      id: this.#nextId++,
      connectionId,
      text: '.',
      ending: m.lastEnding,
      ...this.#lane(connectionId),
    });
  }
}

/** The reply class of a code, for colours and their text labels. */
export function replyClass(code: number): '2xx' | '3xx' | '4xx' | '5xx' | 'other' {
  const digit = Math.floor(code / 100);
  return digit >= 2 && digit <= 5 ? (`${digit}xx` as '2xx' | '3xx' | '4xx' | '5xx') : 'other';
}
