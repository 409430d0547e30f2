// The lesson engine: follows the event stream of the simulated network, advances through a lesson's steps
// when their goals become true, and says after each command what happened (advanced, off-path, error, neutral).
import type { Phase, Reply, SessionState, SmtpEvent } from '../../smtp/types.ts';
import type { CompiledStep } from './types.ts';
import { firstAt, holds, type EvalContext } from './conditions.ts';
import type { Note } from './diagnose.ts';

export interface AdvancedStep {
  index: number;
  id: string;
  doneHtml: string;
}

export type Outcome =
  /** The step's goal became true: show `done` of each step completed by this command. */
  (
    | { kind: 'advanced'; steps: AdvancedStep[]; finished: boolean }
    /**
     * A `teaches` entry matched: not what this step is about. `refused` is the first 4xx/5xx reply of the command,
     * if any: then it did not work either, and the panel says so.
     */
    | { kind: 'off-path'; stepId: string; say?: string; sayHtml: string; refused: Reply | null }
    /** The server answered 4xx/5xx: the first such reply of the command, to explain (with the phase it left). */
    | { kind: 'error'; reply: Reply; phase: Phase | null; others: number }
    /** Nothing to say; the last reply, if any, can be explained on request. */
    | { kind: 'neutral'; reply: Reply | null }
  ) & {
    /** Sentences about the learner's own input (diagnose.ts), shown with any outcome; the runtime adds them. */
    notes: readonly Note[];
  };

export interface EngineOptions {
  /** The current state of the latest connection (the engine cannot see connections, only events). */
  state?: () => SessionState | null;
}

export type StepStatus = 'done' | 'current' | 'todo';

export class LessonEngine {
  readonly steps: readonly CompiledStep[];
  readonly #stateOf: () => SessionState | null;
  #log: SmtpEvent[] = [];
  /** Where the current step's window of events begins. */
  #stepFrom = 0;
  /** Where the current command's events begin. */
  #commandFrom = 0;
  #advancedSinceSettle: AdvancedStep[] = [];
  #currentIndex = 0;
  readonly #completed = new Set<string>();
  #hints: number[];
  #lastPhase: Phase | null = null;
  /** Before begin(), events are recorded (for state and look-backs) but no goal is evaluated. */
  #started = false;
  readonly #listeners = new Set<() => void>();

  constructor(steps: readonly CompiledStep[], options: EngineOptions = {}) {
    this.steps = steps;
    this.#stateOf = options.state ?? (() => null);
    this.#hints = steps.map(() => 0);
  }

  /** Index of the current step; equals steps.length when the lesson is finished. */
  get current(): number {
    return this.#currentIndex;
  }

  get finished(): boolean {
    return this.#currentIndex >= this.steps.length;
  }

  get currentStep(): CompiledStep | null {
    return this.steps[this.#currentIndex] ?? null;
  }

  status(index: number): StepStatus {
    if (this.#completed.has(this.steps[index]?.id)) return 'done';
    return index === this.#currentIndex ? 'current' : 'todo';
  }

  completedIds(): string[] {
    return this.steps.filter((s) => this.#completed.has(s.id)).map((s) => s.id);
  }

  /** Notified whenever the current step, the completed set or the hints change. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The lesson's start lines are typed: step 1 begins now, earlier events do not count toward it. */
  begin(): void {
    this.#started = true;
    this.#stepFrom = this.#log.length;
    this.#commandFrom = this.#log.length;
    this.#advancedSinceSettle = [];
  }

  /** Feed every event of the network here (network.on). */
  observe(event: SmtpEvent): void {
    this.#log.push(event);
    if (event.type === 'phase') this.#lastPhase = event.to;
    else if (event.type === 'connected') this.#lastPhase = null;
    this.#check();
  }

  /**
   * A command (one typed line) has been handled: evaluate once more (a state goal may hold now) and say what
   * happened since the previous call.
   */
  settle(): Outcome {
    this.#check();
    const outcome = this.#outcome();
    this.#commandFrom = this.#log.length;
    this.#advancedSinceSettle = [];
    return outcome;
  }

  /** Reveal the current step's next hint; returns how many are shown now. */
  nextHint(): number {
    const i = this.#currentIndex;
    if (i >= this.steps.length) return 0;
    this.#hints[i] = Math.min(this.#hints[i] + 1, this.steps[i].hintsHtml.length);
    this.#notify();
    return this.#hints[i];
  }

  hintsShown(index = this.#currentIndex): number {
    return this.#hints[index] ?? 0;
  }

  /** Resume saved progress: these steps count as done and the lesson continues at `index`. */
  restore(completedIds: readonly string[], index: number): void {
    for (const id of completedIds) if (this.steps.some((s) => s.id === id)) this.#completed.add(id);
    const target = Math.max(0, Math.min(index, this.steps.length));
    if (target > this.#currentIndex) {
      for (let i = 0; i < target; i++) this.#completed.add(this.steps[i].id);
      this.#currentIndex = target;
      this.#stepFrom = this.#log.length;
    }
    this.#notify();
  }

  #context(from: number): EvalContext {
    return { log: this.#log, from, state: this.#stateOf() };
  }

  #check(): void {
    if (!this.#started) return;
    let changed = false;
    // Several steps may complete at once (a pipelined group, or a state goal already true).
    while (this.#currentIndex < this.steps.length) {
      const step = this.steps[this.#currentIndex];
      if (!holds(step.goal, this.#context(this.#stepFrom))) break;
      this.#completed.add(step.id);
      this.#advancedSinceSettle.push({ index: this.#currentIndex, id: step.id, doneHtml: step.doneHtml });
      this.#currentIndex++;
      this.#stepFrom = this.#log.length;
      changed = true;
    }
    if (changed) this.#notify();
  }

  #outcome(): Outcome {
    const notes: Note[] = [];
    if (this.#advancedSinceSettle.length > 0) {
      return { kind: 'advanced', steps: [...this.#advancedSinceSettle], finished: this.finished, notes };
    }
    const replies = this.#log.slice(this.#commandFrom).filter((e) => e.type === 'reply');
    const errors = replies.filter((e) => e.reply.code >= 400);
    const step = this.currentStep;
    if (step) {
      const ctx = this.#context(this.#commandFrom);
      const teach = step.teaches.find((t) => firstAt(t.when, ctx, this.#commandFrom) >= 0);
      if (teach) {
        const refused = errors[0]?.reply ?? null;
        return { kind: 'off-path', stepId: step.id, say: teach.say, sayHtml: teach.sayHtml, refused, notes };
      }
    }
    if (errors.length > 0) {
      const phase = this.#stateOf()?.phase ?? this.#lastPhase;
      const reply = errors[0].reply;
      return { kind: 'error', reply, phase, others: errors.length - 1, notes };
    }
    return { kind: 'neutral', reply: replies.at(-1)?.reply ?? null, notes };
  }

  #notify(): void {
    for (const listener of this.#listeners) listener();
  }
}
