// One simulator instance: its Network, the learner's Shell, the line editor between the Shell and the terminal,
// and the transcript and diagram built from what happens. Handed down through context, never a module singleton.
import { Network } from '../smtp/network.ts';
import type { Environment, Reply, SmtpEvent, WorldSpec } from '../smtp/types.ts';
import type { InputMode, Shell, ShellOutput, Signal } from '../workstation/types.ts';
import { createWorkstation } from '../workstation/workstation.ts';
import { LineEditor, type EditorOptions, type EnteredLine } from '../terminal/editor.ts';
import { SessionLog, type DiagramEntry, type LogEntry, type LogLimits } from './session-log.ts';
import { Settings } from './settings.svelte.ts';
import { en, type Strings } from './strings.ts';
import { loadTravel } from '../smtp/travel-loader.ts';

/** How often the views catch up while a big paste is being fed (ms). */
const SYNC_INTERVAL = 200;
/** Predict mode: how long the server must stay quiet before what it said is held up for a guess (ms). */
const HOLD_SETTLE = 40;

/** A shell line that opens a mail session (its greeting is held in predict mode like any reply). */
const CONNECTS = /^\s*(telnet|nc|ncat|netcat|openssl)\b/;
/** What happened since an SMTP line was entered in predict mode, in order, not yet shown. */
type Held = Array<{ text: string } | { event: SmtpEvent }>;

export interface ShellFactoryOptions {
  network: Network;
  output: ShellOutput;
  telnetEcho: boolean;
}

export interface LabOptions {
  world: WorldSpec;
  settings?: Settings;
  strings?: Strings;
  /** A fresh environment for each network (fixedEnvironment in tests); the real clock by default. */
  environment?: () => Environment;
  /** The Shell to run; the simulated workstation by default. */
  createShell?: (options: ShellFactoryOptions) => Shell;
  /**
   * Builds the network and the shell at each reset instead (a lesson's runtime, src/lessons/run.ts, which then
   * ignores `world`, `environment` and `createShell`).
   */
  /** `ready`: the world is complete (parts loaded on demand); the terminal holds input until then. */
  open?: (options: { output: ShellOutput; telnetEcho: boolean }) => {
    network: Network;
    shell: Shell;
    ready?: Promise<void>;
  };
  editor?: EditorOptions;
  limits?: LogLimits;
  /**
   * Mail for other domains travels: the provider queues it and delivers it to the recipient's MX
   * (src/smtp/travel, loaded on demand at the first reset). Without it, such mail stays where it arrived.
   */
  travel?: boolean;
}

export class LabSession {
  world = $state.raw<WorldSpec>() as WorldSpec;
  network = $state.raw<Network>() as Network;
  shell = $state.raw<Shell>() as Shell;
  /** The running program's input mode (prompt, echo, program name), for views. */
  mode = $state.raw<InputMode>({ prompt: '', echo: true, program: 'shell', historyKey: 'shell' });
  transcript = $state.raw<readonly LogEntry[]>([]);
  diagram = $state.raw<readonly DiagramEntry[]>([]);
  /** Entries dropped from the front of the transcript and the diagram to keep pages light. */
  droppedTranscript = $state(0);
  droppedDiagram = $state(0);

  /**
   * Predict mode (the class guesses each reply): from an SMTP line (or a connection) entered until the server has
   * gone quiet, what the server says reaches neither the terminal, the transcript nor the lesson; `held` then lists
   * the replies, and release() lets all of it through at once, a pipelined group or multi-line reply whole.
   */
  holdReplies = false;
  held = $state.raw<readonly Reply[] | null>(null);

  readonly settings: Settings;
  readonly editor: LineEditor;
  #holding: Held | null = null;
  #settleTimer: ReturnType<typeof setTimeout> | null = null;

  readonly #log: SessionLog;
  readonly #options: LabOptions;
  // Listener registries, not view state: plain Sets on purpose.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #eventListeners = new Set<(event: SmtpEvent) => void>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #lineListeners = new Set<(entry: EnteredLine) => void>();
  #teardown: Array<() => void> = [];
  #syncQueued = false;
  #disposed = false;

  constructor(options: LabOptions) {
    this.#options = options;
    this.settings = options.settings ?? new Settings();
    const strings = options.strings ?? en;
    this.editor = new LineEditor({
      messages: {
        moreCharacters: strings.terminal.moreCharacters,
        internalError: strings.terminal.internalError,
        pastedLinesHidden: strings.terminal.pastedLinesHidden,
        holdFailed: strings.terminal.holdFailed,
      },
      ...options.editor,
    });
    this.#log = new SessionLog(options.limits);
    this.editor.onLine((entry) => {
      // SMTP lines reach the transcript as the server reads them (network events), not as typed.
      const inConversation = this.#log.connected && entry.mode.historyKey === 'smtp';
      // A connection typed at the shell: its greeting is the first reply to predict (220, or 554 from a server
      // that turns clients away); the client's own lines (Trying…, Connected to…) wait with it.
      const connecting =
        !this.#log.connected && entry.mode.historyKey === 'shell' && CONNECTS.test(entry.line);
      if ((inConversation || connecting) && this.holdReplies && this.held === null) {
        this.#holding ??= [];
        this.#settle();
      }
      this.#log.enteredLine(entry.line, entry.mode.prompt, inConversation);
      this.#queueSync();
      for (const listener of this.#lineListeners) listener(entry);
    });
    this.reset(options.world);
  }

  /** Start over: a fresh network (empty mailboxes) and shell, a cleared screen, transcript and diagram. */
  reset(world: WorldSpec = this.world): void {
    if (this.#disposed) return;
    for (const undo of this.#teardown) undo();
    this.#teardown = [];
    this.#dropHold();
    this.world = world;
    let live = true;
    const settings = this.settings;
    const output: ShellOutput = {
      write: (text) => {
        if (!live) return;
        if (this.#holding) {
          this.#holding.push({ text });
          this.#settle();
          return;
        }
        this.editor.output.write(text);
        this.#log.shellOutput(text);
        this.#queueSync();
      },
      clear: () => {
        if (live) this.editor.output.clear();
      },
    };
    const opened: ReturnType<NonNullable<LabOptions['open']>> =
      this.#options.open?.({ output, telnetEcho: settings.telnetEcho }) ?? this.#open(output);
    const { network, shell } = opened;
    let ready = opened.ready;
    this.network = network;
    this.#log.setOrigins((id) => network.connectionOrigin(id));
    this.shell = shell;
    this.mode = shell.mode();
    if (this.#options.travel) {
      network.holdOutbound();
      ready = loadTravel(network).then(({ enableTravel }) => {
        if (live) enableTravel(network);
      });
    }
    const offNetwork = network.on((event) => {
      if (this.#holding) {
        this.#holding.push({ event });
        this.#settle();
        return;
      }
      this.#log.event(event);
      this.#queueSync();
      for (const listener of this.#eventListeners) listener(event);
    });
    const offMode = shell.onModeChange((mode) => (this.mode = mode));
    this.#teardown.push(offNetwork, offMode, () => {
      live = false;
      shell.dispose();
    });
    this.#log.clear();
    this.editor.output.clear();
    this.editor.setShell(shell);
    // A part of the world still loading (the travel machinery): no line runs before it is there.
    if (ready) this.editor.holdUntil(ready);
    this.#sync();
  }

  #open(output: ShellOutput): { network: Network; shell: Shell } {
    const network = new Network(this.world, this.#options.environment?.());
    const settings = this.settings;
    const create = this.#options.createShell ?? createWorkstation;
    const shell = create({
      network,
      output,
      get telnetEcho() {
        return settings.telnetEcho;
      },
    });
    return { network, shell };
  }

  /**
   * Type a line into the terminal as if the learner did; resolves once it was entered. `foreign` for a line from
   * elsewhere (share link, progress file, lesson): the control characters it makes the shell print are shown.
   */
  typeLine(text: string, options: { foreign?: boolean } = {}): Promise<void> {
    return this.editor.typeLine(text, options);
  }

  /** Press Ctrl-C, Ctrl-D or Ctrl-] as if the learner did; resolves once the shell has handled it. */
  typeSignal(signal: 'interrupt' | 'eof' | 'escape'): Promise<void> {
    return this.editor.typeSignal(signal);
  }

  /** Control keys the learner pressed (or typeSignal pressed), once the shell has handled them. */
  onSignal(listener: (signal: Signal) => void): () => void {
    return this.editor.onSignal(listener);
  }

  /** Network events of this lab, across resets (the network object itself is replaced by reset). */
  onEvent(listener: (event: SmtpEvent) => void): () => void {
    this.#eventListeners.add(listener);
    return () => this.#eventListeners.delete(listener);
  }

  /** Lines the learner entered (or typeLine typed), with the mode they were entered in. */
  onLine(listener: (entry: EnteredLine) => void): () => void {
    this.#lineListeners.add(listener);
    return () => this.#lineListeners.delete(listener);
  }

  /** Let through what was held back (predict mode), in the order it happened. */
  release(): void {
    const held = this.#holding;
    this.#dropHold();
    if (!held) return;
    for (const item of held) {
      if ('text' in item) {
        this.editor.output.write(item.text);
        this.#log.shellOutput(item.text);
      } else {
        this.#log.event(item.event);
        for (const listener of this.#eventListeners) listener(item.event);
      }
    }
    this.#queueSync();
  }

  #dropHold(): void {
    if (this.#settleTimer !== null) clearTimeout(this.#settleTimer);
    this.#settleTimer = null;
    this.#holding = null;
    this.held = null;
  }

  /** Once the server is quiet (and a paste fed whole), ask for a guess, or let through a line with no reply. */
  #settle(): void {
    if (this.#settleTimer !== null) clearTimeout(this.#settleTimer);
    this.#settleTimer = setTimeout(() => {
      this.#settleTimer = null;
      if (!this.#holding) return;
      if (this.editor.busyFeeding) return this.#settle();
      const replies = this.#holding.flatMap((item) =>
        'event' in item && item.event.type === 'reply' ? [item.event.reply] : [],
      );
      if (replies.length > 0) this.held = replies;
      else this.release();
    }, HOLD_SETTLE);
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#dropHold();
    for (const undo of this.#teardown) undo();
    this.#teardown = [];
    this.editor.dispose();
    this.#eventListeners.clear();
    this.#lineListeners.clear();
  }

  /**
   * Publish the log once per burst of events. While a big paste is being fed (thousands of events per slice)
   * at most every SYNC_INTERVAL ms: the views need not redraw between every two slices.
   */
  #queueSync(): void {
    if (this.#syncQueued) return;
    this.#syncQueued = true;
    const run = () => {
      this.#syncQueued = false;
      this.#sync();
    };
    if (this.editor.busyFeeding) setTimeout(run, SYNC_INTERVAL);
    else queueMicrotask(run);
  }

  #sync(): void {
    if (this.#disposed) return;
    this.transcript = this.#log.entries.slice();
    this.diagram = this.#log.arrows.slice();
    this.droppedTranscript = this.#log.droppedEntries;
    this.droppedDiagram = this.#log.droppedArrows;
  }
}

/** The host a learner connects to first: the first host with an SMTP service on port 25. */
export function primaryHost(world: WorldSpec): string {
  return world.hosts.find((h) => h.services.some((s) => s.port === 25))?.name ?? world.hosts[0]?.name ?? '';
}

/**
 * The port a server profile answers on at the primary host: its own port where the world already runs it there
 * (the submission Postfix on 587), else 25, where worldWithProfile puts it.
 */
export function profilePort(world: WorldSpec, profile: string): number {
  const host = world.hosts.find((h) => h.name === primaryHost(world));
  return host?.services.find((s) => s.profile === profile && !s.tls)?.port ?? 25;
}

/**
 * A copy of the world where the primary host's port 25 runs another server profile; unchanged when the world
 * already runs that profile on a port of its own (then the learner connects there: see profilePort).
 */
export function worldWithProfile(world: WorldSpec, profile: string): WorldSpec {
  if (profilePort(world, profile) !== 25) return world;
  const name = primaryHost(world);
  return {
    ...world,
    hosts: world.hosts.map((h) =>
      h.name !== name
        ? h
        : { ...h, services: h.services.map((s) => (s.port === 25 ? { ...s, profile } : s)) },
    ),
  };
}

/** The profile the primary host runs on port 25. */
export function primaryProfile(world: WorldSpec): string {
  const host = world.hosts.find((h) => h.name === primaryHost(world));
  return host?.services.find((s) => s.port === 25)?.profile ?? '';
}
