// The one lesson runtime: a lesson's world on a Network, the learner's shell (any Shell, from a factory), the
// engine following the events, and what the learner entered. The page drives it through its terminal
// (src/ui/lesson/lesson-session.svelte.ts is a thin adapter), the tests and `npm run lesson:play` type into it
// directly: both get the same outcomes, the same sentences about their own lines, the same solution lines.
import { Network } from '../smtp/network.ts';
import type { Environment, Phase, SessionState, SmtpEvent } from '../smtp/types.ts';
import type { InputMode, Shell, ShellOutput } from '../workstation/types.ts';
import { createWorkstation } from '../workstation/workstation.ts';
import { matchTravelWith } from './engine/conditions.ts';
import { LessonEngine, type Outcome } from './engine/engine.ts';
import { DataTracker, diagnose, type TypedEntry } from './engine/diagnose.ts';
import type { CompiledLesson } from './engine/types.ts';
import { buildWorld, lessonHost } from './engine/world.ts';
import { entryKey, keyEntry, type SessionKey } from './progress.ts';
import { loadTravel } from '../smtp/travel-loader.ts';
import { loadReportWriter } from '../smtp/delivery.ts';
import { lessonMessageChecks, lessonReports, looksUpKeys } from './preload.ts';
import { loadMessageChecks } from './engine/conditions.ts';

/** The SessionState a lesson's goals read: that of the connection the network opened last. */
export function latestState(network: Network): () => SessionState | null {
  return () => network.latestConnection?.state ?? null;
}

export interface ShellFactoryOptions {
  network: Network;
  output: ShellOutput;
  telnetEcho: boolean;
}
export type ShellFactory = (options: ShellFactoryOptions) => Shell;

export interface LessonRunOptions {
  environment?: Environment;
  /** Where the shell writes; discarded by default. */
  output?: ShellOutput;
  /** The shell to run; the simulated workstation by default. */
  createShell?: ShellFactory;
  /** The learner's telnet echo setting (the lesson's world may fix it). Default true. */
  telnetEcho?: boolean;
  /**
   * Type the start lines and begin at once (default). The page says false: it types them through its terminal,
   * so the learner sees them, then calls begin().
   */
  typeStart?: boolean;
}

/** Entries kept for "Start this step over" (a long paste is many lines; past this, only the lesson restarts). */
const MAX_ENTRIES = 5000;

/** Programs that talk to a server: a line typed at the shell that starts one is how the learner connects. */
const CONNECT = /^\s*(telnet|nc|ncat|netcat|openssl)\s+\S/;

/** Where a reference replay of the solutions stands when a step begins (see solutionEntries). */
interface Reference {
  mode: InputMode;
  phase: SessionState['phase'] | null;
  /** The entries since the connection in use was opened at the shell: how to get back there. */
  connection: string[];
}

export class LessonRun {
  readonly lesson: CompiledLesson;
  readonly network: Network;
  readonly shell: Shell;
  readonly engine: LessonEngine;
  /** The outcome of every judged input since begin(), in order. */
  readonly outcomes: Outcome[] = [];

  /** Lines and control keys (progress entries) entered since begin(), oldest first. */
  readonly #entered: string[] = [];
  #overflow = false;
  /** entered.length when each step began (index: step). */
  readonly #stepStarts: number[] = [0];
  #typed: TypedEntry[] = [];
  #events: SmtpEvent[] = [];
  readonly #data = new DataTracker();
  #began = false;
  /** How the learner connects in this lesson, for "you are not connected": the last session they opened. */
  #connect: string;
  #lastShellLine = '';
  readonly #references = new Map<number, Reference>();
  readonly #unsubscribe: () => void;
  /**
   * Resolves once the lesson's world is complete: with `world.travel` the travel machinery is loaded on demand
   * (its own chunk, so lessons without it do not carry it) and attached to the network; the message checks its
   * goals use are loaded.
   */
  readonly ready: Promise<void>;

  constructor(lesson: CompiledLesson, options: LessonRunOptions = {}) {
    this.lesson = lesson;
    this.network = new Network(buildWorld(lesson.world), options.environment);
    // Mail that leaves waits for the travel machinery (loaded below) instead of staying on the first host.
    if (lesson.world.travel) this.network.holdOutbound();
    this.engine = new LessonEngine(lesson.steps, { state: latestState(this.network) });
    this.#unsubscribe = this.network.on((event) => {
      // A relay's connections (mail passed on to another host) are not the learner's conversation: a remote
      // server's 250 must not complete a step the learner has not done.
      if (event.connectionId !== 0 && this.network.connectionOrigin(event.connectionId).kind === 'relay')
        return;
      this.engine.observe(event);
      this.#data.observe(event);
      this.#events.push(event);
    });
    this.shell = (options.createShell ?? createWorkstation)({
      network: this.network,
      output: options.output ?? { write: () => {}, clear: () => {} },
      telnetEcho: lesson.world.telnetEcho ?? options.telnetEcho ?? true,
    });
    // Travel brings the goals on travelling mail (relayed, report, mailq) with it.
    this.ready = Promise.all([
      lesson.world.travel
        ? loadTravel(this.network).then(({ enableTravel, travelMatches }) => {
            enableTravel(this.network);
            matchTravelWith(travelMatches);
          })
        : null,
      looksUpKeys(lesson) ? this.network.publishKeys() : null,
      // The message checks its goals use: here before the first line runs (a failed fetch is tried again when
      // a goal needs them; until then it is not met).
      lessonMessageChecks(lesson) ? loadMessageChecks().catch(() => {}) : null,
    ]).then(() => undefined);
    // The report writer the lesson's mail needs, at once rather than when the first report is owed (a failed
    // fetch is tried again then).
    if (lessonReports(lesson)) loadReportWriter().catch(() => {});
    this.#connect = `telnet ${lessonHost(lesson.world)} ${lesson.start.port}`;
    if (options.typeStart !== false) this.#typeStart();
  }

  /** Types the lesson's start lines straight into the shell, then begins (without a terminal). */
  #typeStart(): void {
    for (const line of this.lesson.start.lines) {
      this.record(line, this.shell.mode());
      this.shell.input(line);
    }
    this.begin();
  }

  /** The start lines are typed: step 1 begins now, earlier input does not count toward it. */
  begin(): void {
    this.#noteConnection();
    this.engine.begin();
    this.#began = true;
    this.#typed = [];
    this.#events = [];
    this.#data.take();
  }

  /**
   * Note a line the learner entered, with the mode it was entered in (call before the shell runs it), or a
   * control key's progress entry (after the shell handled it).
   */
  record(entry: string, mode: InputMode): void {
    const key = entryKey(entry);
    const state = this.network.latestConnection?.state ?? null;
    if (key === null && mode.program === 'shell') this.#lastShellLine = entry.trim();
    if (!this.#began) return;
    if (!this.#overflow) {
      this.#entered.push(entry);
      if (this.#entered.length > MAX_ENTRIES) this.#overflow = true;
    }
    this.#typed.push({
      text: entry,
      key,
      program: mode.program,
      prompt: mode.prompt,
      phase: state && state.phase !== 'closed' ? state.phase : null,
    });
  }

  /**
   * The input since the last call has been handled: what it did for the lesson, with sentences about the
   * learner's own lines. null when only a control key was pressed and nothing happened (the last explanation
   * stays where it is).
   */
  settle(): Outcome | null {
    this.#noteConnection();
    const base = this.engine.settle();
    const notes = diagnose({
      typed: this.#typed,
      events: this.#events,
      data: this.#data.take(),
      programAfter: this.shell.mode().program,
      connect: this.#connect,
      mailHostOf: (name) => {
        if (this.network.findHost(name) || this.network.lookup(name, 'A').answers.length > 0) return null;
        const mx = this.network.lookup(name, 'MX').answers[0];
        return mx?.type === 'MX' ? mx.exchange.replace(/\.$/, '') : null;
      },
    });
    const outcome: Outcome = { ...base, notes };
    if (outcome.kind === 'advanced') {
      for (const step of outcome.steps) this.#stepStarts[step.index + 1] = this.#entered.length;
    }
    const lineTyped = this.#typed.some((t) => t.key === null);
    this.#typed = [];
    this.#events = [];
    this.outcomes.push(outcome);
    const quiet = !lineTyped && base.kind === 'neutral' && base.reply === null && notes.length === 0;
    return quiet ? null : outcome;
  }

  /** Type one line as the learner would (no terminal), and return what it did. */
  type(line: string): Outcome {
    this.record(line, this.shell.mode());
    this.shell.input(line);
    return this.settle()!;
  }

  /** Press Ctrl-C, Ctrl-D or Ctrl-] as the learner would (no terminal). */
  press(key: SessionKey): Outcome | null {
    this.shell.signal(key);
    this.record(keyEntry(key), this.shell.mode());
    return this.settle();
  }

  /** Type a progress entry: a line, or a control key's entry. */
  enter(entry: string): Outcome | null {
    const key = entryKey(entry);
    return key ? this.press(key) : this.type(entry);
  }

  /** Resume saved progress: these steps count as done and the lesson continues at `index`. */
  restore(completedIds: readonly string[], index: number): void {
    this.engine.restore(completedIds, index);
    const current = this.engine.current;
    if (this.#stepStarts[current] === undefined) this.#stepStarts[current] = this.#entered.length;
  }

  /** Everything entered since begin() (lines, and control keys as progress entries). */
  get entries(): readonly string[] {
    return this.#entered;
  }

  /**
   * The entries that bring a fresh run to where the current step began ("Start this step over"), or null when
   * they are not known (a reload restored the step without its session, or a huge paste).
   */
  stepStartEntries(): string[] | null {
    const at = this.#stepStarts[this.engine.current];
    if (at === undefined || this.#overflow) return null;
    return this.#entered.slice(0, at);
  }

  /** What "Show solution" types for the current step (see solutionPlan). */
  solutionEntries(): string[] {
    return this.solutionPlan().entries;
  }

  /**
   * What "Show solution" types for the current step: its solution lines, after what brings the learner to where
   * that solution starts, and why (`back`, for the note the page shows). In the session the step uses, but in
   * another phase, that is what a person would type: a lone dot to end a message begun, `*` to cancel AUTH,
   * RSET to drop an open transaction, the envelope again up to where the step begins. After QUIT (at the shell,
   * while the step is typed inside a session) it is the connection again, never SMTP at the shell prompt; in a
   * program the step does not use (a session the step opens itself, base64 waiting for input), leaving it first.
   */
  solutionPlan(): { entries: string[]; back: SolutionDetour[] } {
    const step = this.engine.currentStep;
    if (!step) return { entries: [], back: [] };
    const ref = this.#reference(this.engine.current);
    const here = this.shell.mode();
    const phase = this.network.latestConnection?.state.phase ?? null;
    const sameProgram = here.program === ref.mode.program && here.prompt === ref.mode.prompt;
    if (sameProgram && (here.program === 'shell' || phase === ref.phase))
      return { entries: [...step.solution], back: [] };
    const inSession = sameProgram && phase !== null && ref.phase !== null && phase !== 'closed';
    const back = inSession ? backInSession(phase, ref) : null;
    if (back) return { entries: [...back.entries, ...step.solution], back: back.why };
    const entries = [
      ...leave(here),
      ...(ref.mode.program === 'shell' ? [] : ref.connection),
      ...step.solution,
    ];
    return { entries, back: [] };
  }

  dispose(): void {
    this.#unsubscribe();
    this.shell.dispose();
  }

  /** The last line typed at the shell opened a session (telnet with a port that answered): how to connect. */
  #noteConnection(): void {
    const program = this.shell.mode().program;
    if (program !== 'shell' && CONNECT.test(this.#lastShellLine)) this.#connect = this.#lastShellLine;
  }

  /** Replays the solutions of the steps before `index` in a run of its own, to see where step `index` begins. */
  #reference(index: number): Reference {
    const known = this.#references.get(index);
    if (known) return known;
    const run = new LessonRun(this.lesson, { typeStart: false });
    const lines: { text: string; program: string }[] = [];
    const typeLine = (line: string) => {
      lines.push({ text: line, program: run.shell.mode().program });
      run.shell.input(line);
    };
    for (const line of this.lesson.start.lines) typeLine(line);
    run.begin();
    for (const step of this.lesson.steps.slice(0, index)) for (const line of step.solution) typeLine(line);
    const mode = run.shell.mode();
    const state = run.network.latestConnection?.state ?? null;
    // The connection in use began with the last line typed at the shell prompt.
    let from = lines.length;
    if (mode.program !== 'shell') {
      while (from > 0 && lines[from - 1].program !== 'shell') from--;
      from = Math.max(0, from - 1);
    }
    const ref: Reference = {
      mode,
      phase: state?.phase ?? null,
      connection: lines.slice(from).map((l) => l.text),
    };
    run.dispose();
    this.#references.set(index, ref);
    return ref;
  }
}

/** Why Show solution typed lines before the step's own (strings: lessonEn.solutionBack). */
export type SolutionDetour = 'endData' | 'cancelAuth' | 'rset' | 'envelope';

/**
 * From `phase` to the phase where the step's solution starts, in the same session, the way a person at the
 * keyboard would get there; null where no such way is known (inside a BDAT chunk, before HELO): then the
 * session is left and opened again.
 */
function backInSession(phase: Phase, ref: Reference): { entries: string[]; why: SolutionDetour[] } | null {
  const entries: string[] = [];
  const why: SolutionDetour[] = [];
  let now: Phase = phase;
  // The lone dot is the only end of DATA short of hanging up: the server keeps what was typed so far.
  if (now === 'data') [now] = ['ready' as Phase, entries.push('.'), why.push('endData')];
  // RFC 4954: "*" cancels an AUTH exchange.
  if (now === 'auth') [now] = ['ready' as Phase, entries.push('*'), why.push('cancelAuth')];
  if ((now === 'mail' || now === 'rcpt') && now !== ref.phase) {
    entries.push('RSET');
    why.push('rset');
    now = 'ready';
  }
  if (now === 'ready' && (ref.phase === 'mail' || ref.phase === 'rcpt')) {
    // The envelope of the reference's open transaction: from its MAIL FROM to where the step begins.
    const from = ref.connection.findLastIndex((line) => /^\s*MAIL\s+FROM\s*:/i.test(line));
    if (from < 0) return null;
    entries.push(...ref.connection.slice(from));
    why.push('envelope');
    now = ref.phase;
  }
  return now === ref.phase ? { entries, why } : null;
}

/** The entries that leave the program reading the terminal, back to the shell prompt. */
function leave(mode: InputMode): string[] {
  // A command waiting for more lines (an open quote) is cancelled as bash does, with Ctrl-C.
  if (mode.program === 'shell') return mode.prompt === '> ' ? [keyEntry('interrupt')] : [];
  if (mode.program === 'telnet') return mode.prompt === 'telnet> ' ? ['quit'] : [keyEntry('escape'), 'quit'];
  return [keyEntry('interrupt')];
}
