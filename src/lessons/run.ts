// One lesson played without a screen: its world, a Network, the simulated workstation and the engine, wired
// together. The test harness replays solutions with it; the page does the same wiring around the lab's terminal.
import { Network } from '../smtp/network.ts';
import type { Environment, SessionState } from '../smtp/types.ts';
import type { Shell, ShellOutput } from '../workstation/types.ts';
import { createWorkstation } from '../workstation/workstation.ts';
import { LessonEngine, type Outcome } from './engine/engine.ts';
import type { CompiledLesson } from './engine/types.ts';
import { buildWorld } from './engine/world.ts';

/** The SessionState a lesson's goals read: that of the connection the network opened last. */
export function latestState(network: Network): () => SessionState | null {
  return () => network.latestConnection?.state ?? null;
}

export interface LessonRunOptions {
  environment?: Environment;
  /** Where the shell writes; discarded by default. */
  output?: ShellOutput;
}

export class LessonRun {
  readonly network: Network;
  readonly shell: Shell;
  readonly engine: LessonEngine;
  /** The outcome of every line typed since begin(), in order. */
  readonly outcomes: Outcome[] = [];

  constructor(lesson: CompiledLesson, options: LessonRunOptions = {}) {
    this.network = new Network(buildWorld(lesson.world), options.environment);
    const state = latestState(this.network);
    this.engine = new LessonEngine(lesson.steps, { state });
    this.network.on((event) => this.engine.observe(event));
    this.shell = createWorkstation({
      network: this.network,
      output: options.output ?? { write: () => {}, clear: () => {} },
      telnetEcho: lesson.world.telnetEcho,
    });
    // The start lines put the learner where the lesson begins; they do not count toward step 1.
    for (const line of lesson.start.lines) this.shell.input(line);
    this.engine.begin();
  }

  /** Type one line as the learner would, and return what the engine says about it. */
  type(line: string): Outcome {
    this.shell.input(line);
    const outcome = this.engine.settle();
    this.outcomes.push(outcome);
    return outcome;
  }

  dispose(): void {
    this.shell.dispose();
  }
}
