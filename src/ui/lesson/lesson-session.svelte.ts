// One lesson being played in the page: the lab (terminal, network, shell), the engine following its events, the
// saved progress, and the reactive state the lesson views show. One per lesson view, never a module singleton.
import type { Environment } from '../../smtp/types.ts';
import { createWorkstation } from '../../workstation/workstation.ts';
import { LessonEngine, type Outcome, type StepStatus } from '../../lessons/engine/engine.ts';
import type { CompiledLesson } from '../../lessons/engine/types.ts';
import { buildWorld } from '../../lessons/engine/world.ts';
import { entryKey, keyEntry, MAX_SESSION_LINES, type ProgressStore } from '../../lessons/progress.ts';
import { latestState } from '../../lessons/run.ts';
import { LabSession } from '../lab.svelte.ts';
import type { Settings } from '../settings.svelte.ts';
import type { Strings } from '../strings.ts';

export interface LessonSessionOptions {
  lesson: CompiledLesson;
  progress: ProgressStore;
  settings?: Settings;
  strings?: Strings;
  environment?: () => Environment;
  /** Pause between the lines "Show solution" types, so each one can be read (0 in tests). */
  lineDelay?: number;
}

type Mode = 'preparing' | 'replaying' | 'live';

export class LessonSession {
  readonly lesson: CompiledLesson;
  readonly lab: LabSession;
  readonly progress: ProgressStore;

  current = $state(0);
  statuses = $state<StepStatus[]>([]);
  hintsShown = $state(0);
  finished = $state(false);
  /** What the last command did, for the outcome panel; null before any. */
  outcome = $state.raw<Outcome | null>(null);
  /** Start lines, a replay or "Show solution" are being typed: the lesson buttons wait. */
  busy = $state(false);
  /** The saved session was replayed after a reload. */
  restored = $state(false);
  /** Index of the current step's solution line that "Type line" types next (a step-by-step demo). */
  nextLine = $state(0);

  private engine!: LessonEngine;
  private mode: Mode = 'preparing';
  /** The entries typed since the start, for the replay after a reload (see recordForReplay). */
  private lines: string[] = [];
  private sessionTooLong = false;
  private saveQueued = false;
  private settleQueued = false;
  private lineSinceSettle = false;
  private generation = 0;
  private readonly lineDelay: number;
  private readonly teardown: Array<() => void> = [];
  private offEngine: (() => void) | null = null;

  constructor(options: LessonSessionOptions) {
    this.lesson = options.lesson;
    this.progress = options.progress;
    this.lineDelay = options.lineDelay ?? 350;
    const telnetEcho = options.lesson.world.telnetEcho;
    this.lab = new LabSession({
      world: buildWorld(options.lesson.world),
      settings: options.settings,
      strings: options.strings,
      environment: options.environment,
      createShell: (shellOptions) =>
        createWorkstation({ ...shellOptions, telnetEcho: telnetEcho ?? shellOptions.telnetEcho }),
    });
    this.newEngine();
    this.teardown.push(
      this.lab.onEvent((event) => this.engine.observe(event)),
      this.lab.onLine((entry) => this.entered(entry.line)),
      // Ctrl-C, Ctrl-D and Ctrl-] move the terminal (out of telnet, out of DATA): a replay must press them too.
      this.lab.onSignal((signal) => {
        if (signal !== 'clear') this.entered(keyEntry(signal));
      }),
    );
  }

  get steps() {
    return this.lesson.steps;
  }

  /** Type the start lines, then replay the saved session (if any) without outcomes. */
  async start(): Promise<void> {
    const generation = this.generation;
    this.busy = true;
    this.mode = 'preparing';
    for (const line of this.lesson.start.lines) {
      await this.lab.typeLine(line);
      if (generation !== this.generation) return;
    }
    await Promise.resolve();
    this.engine.begin();
    const saved = this.progress.sessionLines(this.lesson.slug);
    if (saved.length > 0) {
      this.mode = 'replaying';
      for (const entry of saved) {
        const key = entryKey(entry);
        await (key ? this.lab.typeSignal(key) : this.lab.typeLine(entry));
        if (generation !== this.generation) return;
      }
      await Promise.resolve();
      this.engine.settle();
      this.restored = true;
    }
    const stored = this.progress.lesson(this.lesson.slug);
    this.engine.restore(stored.completed, stored.current);
    this.mode = 'live';
    this.outcome = null;
    this.busy = false;
    this.sync();
  }

  nextHint(): void {
    this.engine.nextHint();
  }

  /** Types the current step's solution into the terminal, visibly, a line at a time. */
  async showSolution(): Promise<void> {
    const step = this.engine.currentStep;
    if (!step || this.busy) return;
    const generation = this.generation;
    const index = this.engine.current;
    this.busy = true;
    try {
      for (const [i, line] of step.solution.entries()) {
        if (i > 0 && this.lineDelay > 0) await new Promise((r) => setTimeout(r, this.lineDelay));
        // The learner reset, or the step is done already (a pipelined group): stop typing.
        if (generation !== this.generation || this.engine.current !== index) return;
        await this.lab.typeLine(line);
      }
    } finally {
      if (generation === this.generation) this.busy = false;
    }
  }

  /**
   * Types the next line of the current step's solution, one per call, so a teacher can stop after each reply.
   * After the last line it starts over at the first (the class typed something else in between).
   */
  async typeNextLine(): Promise<void> {
    const step = this.engine.currentStep;
    if (!step || step.solution.length === 0 || this.busy) return;
    const generation = this.generation;
    const line = step.solution[this.nextLine % step.solution.length];
    this.busy = true;
    try {
      await this.lab.typeLine(line);
    } finally {
      if (generation === this.generation) {
        this.busy = false;
        // A new step (this line completed the last one) starts at its first line again: see sync().
        if (this.engine.currentStep === step) this.nextLine = (this.nextLine + 1) % step.solution.length;
      }
    }
  }

  /** Start over: a fresh world, the steps unchecked, the saved session forgotten. */
  async reset(): Promise<void> {
    this.generation++;
    this.progress.resetLesson(this.lesson.slug);
    this.lines = [];
    this.sessionTooLong = false;
    this.saveQueued = false;
    this.outcome = null;
    this.restored = false;
    // "Type line N of M" starts at line 1 again (else it types a mid-lesson line into the fresh session).
    this.nextLine = 0;
    this.lab.reset(buildWorld(this.lesson.world));
    this.newEngine();
    await this.start();
  }

  dispose(): void {
    // A save still waiting for its turn is written now (the page is going away, or the lesson changes).
    this.saveSession();
    this.generation++;
    for (const undo of this.teardown) undo();
    this.offEngine?.();
    this.lab.dispose();
  }

  private newEngine(): void {
    this.offEngine?.();
    // Every reset builds a new network, and a new engine after it: goals read that network's latest connection.
    this.engine = new LessonEngine(this.lesson.steps, { state: latestState(this.lab.network) });
    this.offEngine = this.engine.onChange(() => this.sync());
    this.sync();
  }

  /**
   * Keep an entry for the replay after a reload. Saved once per burst, not per line: a pasted message enters
   * thousands of lines, and writing the whole progress for each one froze the tab for seconds.
   */
  private recordForReplay(entry: string): void {
    if (this.sessionTooLong) return;
    this.lines.push(entry);
    if (this.lines.length > MAX_SESSION_LINES) {
      // Replaying only its end would type message lines at the shell prompt: keep the steps, not the session.
      this.sessionTooLong = true;
      this.lines = [];
    }
    if (this.saveQueued) return;
    this.saveQueued = true;
    setTimeout(() => this.saveSession(), 0);
  }

  private saveSession(): void {
    if (!this.saveQueued) return;
    this.saveQueued = false;
    this.progress.saveSession(this.lesson.slug, this.lines);
  }

  /** A line entered, or a control key's entry: saved for the replay, then judged. */
  private entered(line: string): void {
    if (this.mode === 'preparing') return;
    this.recordForReplay(line);
    if (entryKey(line) === null) this.lineSinceSettle = true;
    if (this.mode !== 'live' || this.settleQueued) return;
    // The editor announces a line before the shell runs it: judge once the shell has answered (a paste of
    // several lines is judged as one input).
    this.settleQueued = true;
    queueMicrotask(() => {
      this.settleQueued = false;
      if (this.mode !== 'live') return;
      const outcome = this.engine.settle();
      // A key that did nothing to judge (Ctrl-C at the prompt) leaves the last explanation in place.
      if (this.lineSinceSettle || outcome.kind !== 'neutral' || outcome.reply !== null)
        this.outcome = outcome;
      this.lineSinceSettle = false;
    });
  }

  private sync(): void {
    const e = this.engine;
    if (e.current !== this.current) this.nextLine = 0;
    this.current = e.current;
    this.statuses = this.lesson.steps.map((_, i) => e.status(i));
    this.hintsShown = e.hintsShown();
    this.finished = e.finished;
    if (this.mode === 'live') {
      this.progress.saveLesson(this.lesson.slug, {
        completed: e.completedIds(),
        current: e.current,
        finished: e.finished,
      });
    }
  }
}
