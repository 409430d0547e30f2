// One lesson being played in the page: a runes adapter over the lesson runtime (src/lessons/run.ts, the same one
// the course tests and `npm run lesson:play` type into). It builds the runtime inside the lab (terminal, network,
// shell), passes what the learner enters on to it, saves progress, and holds the reactive state the views show.
// One per lesson view, never a module singleton.
import type { Environment } from '../../smtp/types.ts';
import type { InputMode, ShellOutput } from '../../workstation/types.ts';
import type { Outcome, StepStatus } from '../../lessons/engine/engine.ts';
import type { CompiledLesson } from '../../lessons/engine/types.ts';
import { entryKey, keyEntry, MAX_SESSION_LINES, type ProgressStore } from '../../lessons/progress.ts';
import type { LessonRun, SolutionDetour } from '../../lessons/run.ts';
import type { LabSession } from '../lab.svelte.ts';
import { Settings } from '../settings.svelte.ts';
import type { Strings } from '../strings.ts';

/** The lab's code (the core), loaded after the lesson's text has painted. */
type LabModule = typeof import('./lesson-lab.ts');

export interface LessonSessionOptions {
  lesson: CompiledLesson;
  progress: ProgressStore;
  settings?: Settings;
  strings?: Strings;
  environment?: () => Environment;
  /** Pause between the lines "Show solution" types, so each one can be read (0 in tests). */
  lineDelay?: number;
  /** Lines a share link brought (someone's session in this lesson; null: unreadable): shown, then typed if the
   * viewer agrees. */
  incoming?: () => Promise<readonly string[] | null>;
}

type Mode = 'preparing' | 'replaying' | 'live';

export class LessonSession {
  readonly lesson: CompiledLesson;
  readonly progress: ProgressStore;
  readonly settings: Settings;
  /** The lab exists (start() builds it once its code is here): the views that show it wait for this. */
  built = $state(false);
  #lab = $state.raw<LabSession | null>(null);

  current = $state(0);
  statuses = $state<StepStatus[]>([]);
  hintsShown = $state(0);
  finished = $state(false);
  /** What the last command did, for the outcome panel; null before any. */
  outcome = $state.raw<Outcome | null>(null);
  /** The lab is being built, start lines, a replay or "Show solution" are being typed: the lesson buttons wait. */
  busy = $state(true);
  /** The saved session was replayed after a reload. */
  restored = $state(false);
  /** Index of the current step's solution line that "Type line" types next (a step-by-step demo). */
  nextLine = $state(0);
  /** Why the last "Show solution" typed lines before the step's own (a lone dot, RSET...): said beside it. */
  solutionBack = $state.raw<readonly SolutionDetour[]>([]);
  /** The session can be put back to where the current step began ("Start this step over"). */
  canRestartStep = $state(false);
  /** Lines an imported progress file brought, waiting for the learner to read them and choose (answerImported). */
  importedLines = $state.raw<string[] | null>(null);
  /** Where importedLines come from: a progress file, or a share link. */
  importedFrom = $state<'file' | 'link'>('file');
  #decideImported: ((accept: boolean) => void) | null = null;

  #run!: LessonRun;
  #building: Promise<LabModule> | null = null;
  #disposed = false;
  readonly #strings: Strings | undefined;
  #mode: Mode = 'preparing';
  #sessionTooLong = false;
  #saveQueued = false;
  #settleQueued = false;
  #generation = 0;
  readonly #lineDelay: number;
  readonly #environment: (() => Environment) | undefined;
  /** Asked about once: "Start the lesson over" starts empty. */
  #incoming: (() => Promise<readonly string[] | null>) | null;
  readonly #teardown: Array<() => void> = [];
  #offEngine: (() => void) | null = null;

  constructor(options: LessonSessionOptions) {
    this.lesson = options.lesson;
    this.progress = options.progress;
    this.#lineDelay = options.lineDelay ?? 350;
    this.#environment = options.environment;
    this.#incoming = options.incoming ?? null;
    this.settings = options.settings ?? new Settings();
    this.#strings = options.strings;
    // Until the engine runs: where the saved progress says the learner is, so the step card is right at once.
    const saved = this.progress.lesson(this.lesson.slug);
    this.current = Math.min(saved.current, this.lesson.steps.length);
    this.finished = saved.finished;
    this.statuses = this.lesson.steps.map((step, i) =>
      saved.completed.includes(step.id) ? 'done' : i === this.current ? 'current' : 'todo',
    );
  }

  /** The lab: built by start(); reading it before is a bug (views wait for `built`). */
  get lab(): LabSession {
    if (!this.#lab) throw new Error('the lesson lab is not built yet: await start() first');
    return this.#lab;
  }

  /** Loads the lab's code (once) and builds the lab: its network, shell, terminal output and engine. */
  #build(): Promise<LabModule> {
    this.#building ??= import('./lesson-lab.ts').then(async (m) => {
      // What the lesson's own lines use loads first, in parallel with the terminal, so that they (and a saved
      // session's replay) answer at once; a failure only shows if the learner types such a command.
      const world = m.buildWorld(this.lesson.world);
      await Promise.allSettled([
        m.loadCommands(m.lessonCommands(this.lesson)),
        m.loadProfiles(m.lessonProfiles(this.lesson, world)),
      ]);
      if (this.#disposed) return m;
      const lab = new m.LabSession({
        world,
        settings: this.settings,
        strings: this.#strings,
        // Every reset of the lab builds a fresh runtime: its network, its shell writing to the terminal, its engine.
        open: ({ output, telnetEcho }) => this.#openRun(m, output, telnetEcho),
      });
      this.#lab = lab;
      this.#teardown.push(
        lab.onLine((entry) => this.#entered(entry.line, entry.mode)),
        // Ctrl-C, Ctrl-D and Ctrl-] move the terminal (out of telnet, out of DATA): a replay must press them too.
        lab.onSignal((signal) => {
          if (signal !== 'clear') this.#entered(keyEntry(signal), this.#run.shell.mode());
        }),
      );
      this.built = true;
      return m;
    });
    return this.#building;
  }

  get steps() {
    return this.lesson.steps;
  }

  /** Type the start lines, then replay the saved session (if any) without outcomes. */
  async start(): Promise<void> {
    const generation = this.#generation;
    await this.#build();
    if (generation !== this.#generation || this.#disposed) return;
    let saved = this.progress.sessionLines(this.lesson.slug);
    const incoming = this.#incoming;
    this.#incoming = null;
    const linked = incoming ? await incoming() : null;
    if (generation !== this.#generation) return;
    const fromLink = linked !== null && linked.length > 0;
    if (fromLink) saved = [...linked];
    if (saved.length > 0 && (fromLink || this.progress.sessionImported(this.lesson.slug))) {
      // From a file or a link, not from this learner's keyboard: shown first, typed only on their click.
      this.busy = true;
      this.importedFrom = fromLink ? 'link' : 'file';
      const accepted = await new Promise<boolean>((resolve) => {
        this.importedLines = saved;
        this.#decideImported = resolve;
      });
      this.importedLines = null;
      this.#decideImported = null;
      if (generation !== this.#generation) return;
      if (!accepted) {
        saved = [];
        this.progress.saveSession(this.lesson.slug, []);
      }
    }
    if (!(await this.#prepare(saved, generation))) return;
    if (saved.length > 0) this.restored = true;
    const stored = this.progress.lesson(this.lesson.slug);
    this.#run.restore(stored.completed, stored.current);
    this.#goLive();
  }

  /**
   * Start this step over: a fresh runtime, replaying what was entered up to the moment the current step began
   * (so the server, the mailboxes and the terminal are as they were then), with the steps before it done.
   */
  async restartStep(): Promise<void> {
    const entries = this.#run?.stepStartEntries();
    if (!entries || this.busy || this.#run.engine.finished) return;
    const index = this.#run.engine.current;
    const completed = this.#run.engine.completedIds();
    const hints = this.#run.engine.hintsShown();
    const generation = ++this.#generation;
    this.#saveQueued = false;
    this.outcome = null;
    this.restored = false;
    this.lab.reset((await this.#build()).buildWorld(this.lesson.world));
    if (!(await this.#prepare(entries, generation))) return;
    this.#run.restore(completed, index);
    // The hints read so far stay read.
    for (let i = 0; i < hints; i++) this.#run.engine.nextHint();
    this.#sessionTooLong = false;
    this.#queueSave();
    this.#goLive();
  }

  /** Types the start lines, begins, and replays these entries; false when a reset came in between. */
  async #prepare(entries: readonly string[], generation: number): Promise<boolean> {
    this.busy = true;
    this.#mode = 'preparing';
    for (const line of this.lesson.start.lines) {
      await this.#typeEntry(line);
      if (generation !== this.#generation) return false;
    }
    await Promise.resolve();
    this.#run.begin();
    this.#mode = 'replaying';
    for (const entry of entries) {
      await this.#typeEntry(entry);
      if (generation !== this.#generation) return false;
    }
    // The last entry's judgement (queued as a microtask) is in before the steps are restored.
    await Promise.resolve();
    return generation === this.#generation;
  }

  #goLive(): void {
    this.#mode = 'live';
    this.outcome = null;
    this.busy = false;
    this.#sync();
  }

  /** The learner read the imported lines: type them (true) or start without them (false). */
  answerImported(accept: boolean): void {
    this.#decideImported?.(accept);
  }

  /**
   * Types an entry that did not come from the learner's keyboard now (a lesson's start and solution lines, the
   * saved session, an imported file): what it makes the shell print shows its escape sequences, never runs them.
   */
  #typeEntry(entry: string): Promise<void> {
    const key = entryKey(entry);
    return key ? this.lab.typeSignal(key) : this.lab.typeLine(entry, { foreign: true });
  }

  nextHint(): void {
    this.#run?.engine.nextHint();
  }

  /** What was entered since the lesson began (lines, and control keys as progress entries): a share link's. */
  get entries(): readonly string[] {
    return this.#run?.entries ?? [];
  }

  /**
   * Types the current step's solution into the terminal, visibly, a line at a time, after what brings the
   * learner to where it starts (after QUIT: the connection again, never SMTP at the shell prompt).
   */
  async showSolution(): Promise<void> {
    const engine = this.#run?.engine;
    if (!engine?.currentStep || this.busy) return;
    const generation = this.#generation;
    const index = engine.current;
    const { entries, back } = this.#run.solutionPlan();
    this.solutionBack = back;
    this.busy = true;
    try {
      for (const [i, entry] of entries.entries()) {
        if (i > 0 && this.#lineDelay > 0) await new Promise((r) => setTimeout(r, this.#lineDelay));
        // The learner reset, or the step is done already (a pipelined group): stop typing.
        if (generation !== this.#generation || this.#run.engine.current !== index) return;
        await this.#typeEntry(entry);
      }
    } finally {
      if (generation === this.#generation) this.busy = false;
    }
  }

  /**
   * Types the next line of the current step's solution, one per call, so a teacher can stop after each reply.
   * After the last line it starts over at the first (the class typed something else in between).
   */
  async typeNextLine(): Promise<void> {
    this.solutionBack = [];
    const step = this.#run?.engine.currentStep;
    if (!step || step.solution.length === 0 || this.busy) return;
    const generation = this.#generation;
    // About to type line 1 but not where the step begins (after QUIT, say): back there first, as Show solution
    // does. Later lines follow the earlier ones, wherever those led.
    const plan = this.nextLine % step.solution.length === 0 ? this.#run.solutionEntries() : step.solution;
    const back = plan.slice(0, plan.length - step.solution.length);
    const line = step.solution[this.nextLine % step.solution.length];
    this.busy = true;
    try {
      for (const entry of back) {
        await this.#typeEntry(entry);
        if (generation !== this.#generation || this.#run.engine.currentStep !== step) return;
      }
      await this.#typeEntry(line);
    } finally {
      if (generation === this.#generation) {
        this.busy = false;
        // A new step (this line completed the last one) starts at its first line again: see sync().
        if (this.#run.engine.currentStep === step) this.nextLine = (this.nextLine + 1) % step.solution.length;
      }
    }
  }

  /** Start over: a fresh world, the steps unchecked, the saved session forgotten. */
  async reset(): Promise<void> {
    this.solutionBack = [];
    this.#generation++;
    this.#decideImported?.(false);
    this.progress.resetLesson(this.lesson.slug);
    this.#sessionTooLong = false;
    this.#saveQueued = false;
    this.outcome = null;
    this.restored = false;
    // "Type line N of M" starts at line 1 again (else it types a mid-lesson line into the fresh session).
    this.nextLine = 0;
    const m = await this.#build();
    this.lab.reset(m.buildWorld(this.lesson.world));
    await this.start();
  }

  dispose(): void {
    // A save still waiting for its turn is written now (the page is going away, or the lesson changes).
    this.#saveSession();
    this.#disposed = true;
    this.#generation++;
    this.#decideImported?.(false);
    for (const undo of this.#teardown) undo();
    this.#offEngine?.();
    this.#lab?.dispose();
  }

  /**
   * A fresh runtime for the lab's fresh terminal output (every reset builds a new network, a new engine). Its
   * `ready` (a lesson whose mail travels loads that machinery on demand) holds the terminal's input, the start
   * and replayed lines included, so that no line runs before the world is complete.
   */
  #openRun(m: LabModule, output: ShellOutput, telnetEcho: boolean): LessonRun {
    this.#offEngine?.();
    this.#run?.dispose();
    const run = new m.LessonRun(this.lesson, {
      output,
      telnetEcho,
      environment: this.#environment?.(),
      typeStart: false,
    });
    this.#run = run;
    this.#offEngine = run.engine.onChange(() => this.#sync());
    this.#sync();
    return run;
  }

  /** A line entered (with the mode it was typed in), or a control key's entry: noted, saved, then judged. */
  #entered(entry: string, mode: InputMode): void {
    this.#run.record(entry, mode);
    if (this.#mode === 'preparing') return;
    this.#queueSave();
    if (this.#settleQueued) return;
    // The editor announces a line before the shell runs it: judge once the shell has answered (a paste of
    // several lines is judged as one input). A replay is judged too (it marks where each step began), silently.
    this.#settleQueued = true;
    const run = this.#run;
    queueMicrotask(() => {
      this.#settleQueued = false;
      if (run !== this.#run) return;
      const outcome = run.settle();
      // The judgement marks where a step that just began starts.
      this.canRestartStep = !run.engine.finished && run.stepStartEntries() !== null;
      // null: a key that did nothing to judge (Ctrl-C at the prompt) leaves the last explanation in place.
      if (this.#mode === 'live' && outcome) this.outcome = outcome;
    });
  }

  /**
   * Save the entries for the replay after a reload, once per burst, not per line: a pasted message enters
   * thousands of lines, and writing the whole progress for each one froze the tab for seconds.
   */
  #queueSave(): void {
    // Replaying only its end would type message lines at the shell prompt: keep the steps, not the session.
    if (this.#run.entries.length > MAX_SESSION_LINES) this.#sessionTooLong = true;
    if (this.#saveQueued) return;
    this.#saveQueued = true;
    setTimeout(() => this.#saveSession(), 0);
  }

  #saveSession(): void {
    if (!this.#saveQueued || !this.#run) return;
    this.#saveQueued = false;
    this.progress.saveSession(this.lesson.slug, this.#sessionTooLong ? [] : this.#run.entries);
  }

  #sync(): void {
    const e = this.#run.engine;
    if (e.current !== this.current) this.nextLine = 0;
    this.current = e.current;
    this.statuses = this.lesson.steps.map((_, i) => e.status(i));
    this.hintsShown = e.hintsShown();
    this.finished = e.finished;
    this.canRestartStep = !e.finished && this.#run.stepStartEntries() !== null;
    if (this.#mode === 'live') {
      this.progress.saveLesson(this.lesson.slug, {
        completed: e.completedIds(),
        current: e.current,
        finished: e.finished,
      });
    }
  }
}
