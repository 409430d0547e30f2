// The simulated laptop's shell: reads lines and control keys, runs commands and pipelines, and hands the
// terminal to a running program (telnet, nc, openssl) until it ends.
import type { Network } from '../smtp/network.ts';
import { loadProfiles } from '../smtp/profiles/registry.ts';
import type { InputMode, Shell, ShellOutput, Signal } from './types.ts';
import type { CommandContext, Machine, Program } from './command.ts';
import { PipeBuffer, screenStream } from './command.ts';
import { expandValue, expandWord, type ListItem, parse, type SimpleCommand } from './parse.ts';
import { BUILTINS, findCommand, loadCommands, notLoaded } from './commands/index.ts';
import { looksLikeSmtp } from './smtp-lines.ts';
import { strings } from './strings.ts';
import { ansiCQuote } from './escapes.ts';

export interface WorkstationOptions {
  network: Network;
  output: ShellOutput;
  /** false imitates a telnet that does not echo what is typed (seed 000, Windows telnet). Default true. */
  telnetEcho?: boolean;
}

/** One command that handed the terminal to a program and has not ended yet. */
interface Job {
  program: Program | null;
  done: boolean;
}

/** Programs that connect to a server named in their arguments. */
const CONNECTS = new Set(['telnet', 'nc', 'netcat', 'openssl']);
/** The commands that ask DNS: one that names a DKIM key runs once the world's keys are published (made on first need). */
const LOOKS_UP = new Set(['dig', 'host', 'nslookup']);

/** The command a name runs: /usr/bin/telnet and friends are the same programs, found by path (not builtins). */
function commandName(name: string): string {
  const m = /^\/(?:usr\/)?bin\/([^/]+)$/.exec(name);
  return m && !BUILTINS.has(m[1]) ? m[1] : name;
}

export function createWorkstation(options: WorkstationOptions): Shell {
  return new Workstation(options);
}

class Workstation implements Shell {
  readonly #network: Network;
  readonly #screen: ShellOutput;
  readonly #machine: Machine;
  readonly #lines: string[] = [];
  readonly #variables = new Map<string, string>();
  readonly #listeners = new Set<(mode: InputMode) => void>();
  #lastMode: string;
  #lastStatus = 0;
  /** Text of a command that needs more lines (open quote, trailing | or backslash). */
  #pending: string | null = null;
  #current: Job | null = null;
  /**
   * While a command's code loads (commands/index.ts): the name, and the lines and keys typed meanwhile, handed
   * on in order once it has run (typeahead).
   */
  #loading: { name: string; queued: Array<() => void> } | null = null;
  #disposed = false;

  constructor(options: WorkstationOptions) {
    this.#network = options.network;
    this.#screen = options.output;
    this.#machine = {
      network: options.network,
      screen: options.output,
      telnetEcho: options.telnetEcho !== false,
      history: () => this.#lines,
      clearHistory: () => {
        this.#lines.length = 0;
      },
    };
    this.#lastMode = JSON.stringify(this.mode());
  }

  input(line: string): void {
    if (this.#disposed) return;
    if (this.#loading) return void this.#loading.queued.push(() => this.input(line));
    this.#guard(() => {
      if (this.#current?.program) this.#current.program.input(line);
      else this.#shellLine(line);
    });
  }

  signal(signal: Signal): void {
    if (this.#disposed) return;
    if (this.#loading) return void this.#loading.queued.push(() => this.signal(signal));
    this.#guard(() => {
      if (this.#current?.program) this.#current.program.signal(signal);
      else this.#shellSignal(signal);
    });
  }

  mode(): InputMode {
    if (this.#current?.program) return this.#current.program.mode();
    // Loading a command's code: like a program that has not printed yet, no prompt; typed keys still echo.
    if (this.#loading) return { prompt: '', echo: true, program: this.#loading.name, historyKey: 'shell' };
    const ws = this.#network.world.workstation;
    const prompt = this.#pending !== null ? '> ' : `${ws.user}@${ws.hostname.split('.')[0]}:~$ `;
    return { prompt, echo: true, program: 'shell', historyKey: 'shell' };
  }

  onModeChange(listener: (mode: InputMode) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  history(): readonly string[] {
    return [...this.#lines];
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    const job = this.#current;
    this.#current = null;
    this.#loading = null;
    if (job) job.done = true;
    job?.program?.abort();
    this.#listeners.clear();
  }

  /** Runs a step; a failure inside the simulator is reported on screen, never thrown at the terminal. */
  #guard(step: () => void): void {
    try {
      step();
    } catch (error) {
      this.#screen.write(
        strings.internalError(error instanceof Error ? error.message : String(error)) + '\n',
      );
    }
    const mode = this.mode();
    const key = JSON.stringify(mode);
    if (key !== this.#lastMode) {
      this.#lastMode = key;
      for (const listener of [...this.#listeners]) listener(mode);
    }
  }

  #shellSignal(signal: Signal): void {
    if (signal === 'clear') {
      this.#screen.clear();
    } else if (signal === 'interrupt') {
      this.#screen.write('^C\n');
      this.#pending = null;
      this.#lastStatus = 130;
    } else if (signal === 'eof') {
      if (this.#pending !== null) {
        this.#screen.write('bash: syntax error: unexpected end of file\n');
        this.#pending = null;
        this.#lastStatus = 2;
      } else {
        // Ctrl-D on an empty line ends a login shell, exactly as `logout` does.
        this.#screen.write(`logout\n${strings.logoutNote}\n`);
        this.#lastStatus = 0;
      }
    }
  }

  #shellLine(line: string): void {
    this.#remember(line);
    const source = this.#pending === null ? line : this.#pending + '\n' + line;
    this.#pending = null;
    const parsed = parse(source);
    if (parsed.kind === 'incomplete') this.#pending = source;
    else if (parsed.kind === 'syntax') {
      this.#screen.write(`bash: syntax error near unexpected token \`${ansiCQuote(parsed.token)}'\n`);
      this.#lastStatus = 2;
    } else if (parsed.kind === 'unsupported') {
      this.#screen.write(strings.unsupported(ansiCQuote(parsed.construct)) + '\n');
      this.#lastStatus = 2;
    } else {
      const loads = this.#prepare(parsed.list);
      if (loads) return this.#runWhenLoaded(loads.name, loads.ready, parsed.list, line);
      this.#run(parsed.list);
    }
    if (parsed.kind !== 'incomplete') this.#hintIfSmtp(line);
  }

  /** bash's own error is all the shell says; SMTP typed here (after QUIT, or before connecting) gets a hint. */
  #hintIfSmtp(line: string): void {
    if (this.#current === null && this.#lastStatus !== 0 && looksLikeSmtp(line))
      this.#screen.write(strings.notConnected(this.#mailHost()) + '\n');
  }

  /**
   * The prepare step: what a command line needs that is not loaded yet (a command's code, the profile of a
   * server it connects to), or null when everything is here and it can run at once.
   */
  #prepare(list: ListItem[]): { name: string; ready: Promise<void> } | null {
    const stages = list.flatMap((item) => item.pipeline.map((stage) => this.#stageArgv(stage)));
    const names = stages.map((argv) => commandName(argv[0] ?? ''));
    const missing = notLoaded(names);
    const profiles = names.flatMap((name, k) =>
      CONNECTS.has(name) ? this.#missingProfiles(stages[k].slice(1)) : [],
    );
    const keys =
      !this.#network.keysPublished &&
      stages.some((argv, k) => LOOKS_UP.has(names[k]) && argv.some((word) => /_domainkey/i.test(word)));
    if (missing.length === 0 && profiles.length === 0 && !keys) return null;
    const ready = Promise.all([
      loadCommands(missing),
      profiles.length > 0 ? loadProfiles(profiles) : null,
      keys ? this.#network.publishKeys() : null,
    ]);
    const connecting = names.find((name) => CONNECTS.has(name)) ?? names[0];
    return { name: missing[0] ?? connecting, ready: ready.then(() => undefined) };
  }

  /** The profiles still to load of servers these arguments name (host, address, host:port, [address]:port). */
  #missingProfiles(args: string[]): string[] {
    const hostPort = /^\[([^\]]*)\]:(\d+)$|^([^:]*):(\d+)$/;
    const ports = args.flatMap((word) =>
      (/^\d+$/.test(word) ? [word] : (/:(\d+)$/.exec(word)?.slice(1) ?? [])).map(Number),
    );
    return args.flatMap((word) => {
      const m = hostPort.exec(word);
      const own = this.#network.missingProfiles(word, ports);
      return m ? [...own, ...this.#network.missingProfiles(m[1] ?? m[3], ports)] : own;
    });
  }

  /**
   * Runs the list once what it needs has loaded (typed in a lesson that did not load it ahead). Meanwhile the
   * shell reads nothing itself: lines and keys wait in order for what runs after it (typeahead).
   */
  #runWhenLoaded(name: string, ready: Promise<void>, list: ListItem[], line: string): void {
    const loading = { name, queued: [] as Array<() => void> };
    this.#loading = loading;
    const resume = (failed: unknown) => {
      if (this.#disposed || this.#loading !== loading) return;
      this.#loading = null;
      this.#guard(() => {
        if (failed === null) this.#run(list);
        else {
          // Offline before the page could fetch it: said, as a missing program would be, never an exception.
          const detail = failed instanceof Error ? failed.message : String(failed);
          this.#screen.write(strings.loadFailed(ansiCQuote(name), detail) + '\n');
          this.#lastStatus = 127;
        }
        this.#hintIfSmtp(line);
      });
      for (const next of loading.queued) next();
    };
    ready.then(
      () => resume(null),
      (error: unknown) => resume(error ?? 'failed'),
    );
  }

  /** A pipeline stage's words after expansion, as runPipeline runs them. */
  #stageArgv(stage: SimpleCommand): string[] {
    return stage.words.flatMap((w) => expandWord(w, (n) => this.#variable(n)));
  }

  /** The host learners connect to: the first with a mail server on port 25. */
  #mailHost(): string {
    const hosts = this.#network.world.hosts;
    return (hosts.find((h) => h.services.some((s) => s.port === 25)) ?? hosts[0])?.name ?? 'localhost';
  }
  /** bash with HISTCONTROL=ignoreboth (Debian's default .bashrc): no blank lines, no leading-space lines, no repeats. */
  #remember(line: string): void {
    if (line.trim() === '' || line.startsWith(' ')) return;
    if (this.#lines[this.#lines.length - 1] === line) return;
    this.#lines.push(line);
  }

  #run(list: ListItem[], start = 0, status = this.#lastStatus): void {
    for (let i = start; i < list.length; i++) {
      const item = list[i];
      if ((item.op === '&&' && status !== 0) || (item.op === '||' && status === 0)) continue;
      const result = this.#runPipeline(item.pipeline, (s) => {
        this.#lastStatus = s;
        this.#run(list, i + 1, s);
      });
      if (result === 'running') return;
      status = result;
      this.#lastStatus = result;
    }
  }

  /** Runs the stages left to right, each one's output becoming the next one's input. */
  #runPipeline(stages: SimpleCommand[], whenDone: (status: number) => void): number | 'running' {
    let stdin: Uint8Array | null = null;
    let status = 0;
    for (let k = 0; k < stages.length; k++) {
      const last = k === stages.length - 1;
      const stage = stages[k];
      const argv = stage.words.flatMap((w) => expandWord(w, (n) => this.#variable(n)));
      if (argv.length === 0) {
        // NAME=value alone sets a shell variable.
        for (const a of stage.assignments)
          this.#variables.set(
            a.name,
            expandValue(a.value, (n) => this.#variable(n)),
          );
        stdin = new Uint8Array(0);
        status = 0;
        continue;
      }
      const pipe = last ? null : new PipeBuffer();
      const result = this.#runCommand(argv, stdin, pipe, last ? whenDone : null);
      if (result === 'running') return 'running';
      status = result;
      stdin = pipe ? pipe.bytes() : null;
    }
    return status;
  }

  #runCommand(
    argv: string[],
    stdin: Uint8Array | null,
    pipe: PipeBuffer | null,
    whenDone: ((status: number) => void) | null,
  ): number | 'running' {
    const name = argv[0];
    const command = this.#find(name);
    if (!command) {
      const message = name.includes('/') ? 'No such file or directory' : 'command not found';
      // bash $'…'-quotes a name with control characters: a typed or pasted ESC never reaches the terminal raw.
      this.#screen.write(`bash: ${ansiCQuote(name)}: ${message}\n`);
      return 127;
    }
    const job: Job = { program: null, done: false };
    let waiting = false;
    let early: number | undefined;
    const screen = screenStream(this.#screen);
    const ctx: CommandContext = {
      argv,
      stdin,
      stdout: pipe ?? screen,
      stderr: screen,
      machine: this.#machine,
      exit: (status) => {
        if (job.done) return;
        job.done = true;
        if (!waiting) {
          early = status;
          return;
        }
        if (this.#current === job) this.#current = null;
        whenDone?.(status);
      },
    };
    const result = command(ctx);
    if (early !== undefined) return early;
    if (typeof result === 'number') {
      job.done = true;
      return result;
    }
    if (!whenDone) {
      // Only the last stage of a pipeline may keep the terminal.
      job.done = true;
      result.abort();
      this.#screen.write(strings.pipedSession(ansiCQuote(name)) + '\n');
      return 1;
    }
    job.program = result;
    waiting = true;
    this.#current = job;
    return 'running';
  }

  #find(name: string) {
    const own = commandName(name);
    return own.includes('/') ? undefined : findCommand(own);
  }

  #variable(name: string): string {
    const own = this.#variables.get(name);
    if (own !== undefined) return own;
    const ws = this.#network.world.workstation;
    switch (name) {
      case '?':
        return String(this.#lastStatus);
      case '$':
        return '4242';
      case '#':
        return '0';
      case '0':
        return 'bash';
      case 'HOME':
      case 'PWD':
        return `/home/${ws.user}`;
      case 'USER':
      case 'LOGNAME':
        return ws.user;
      case 'HOSTNAME':
        return ws.hostname.split('.')[0];
      case 'SHELL':
        return '/bin/bash';
      case 'PATH':
        return '/usr/local/bin:/usr/bin:/bin';
      case 'TERM':
        return 'xterm-256color';
      case 'LANG':
        return 'C.UTF-8';
      default:
        return '';
    }
  }
}
