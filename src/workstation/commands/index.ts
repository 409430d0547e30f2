// The laptop's command table: every name the shell can run, mapped to its implementation. The commands most
// lessons never type (DNS lookups, openssl, printf, nc, date, the queue's, the small tools) are chunks of their
// own, loaded on first use: the shell waits for one (keys typed meanwhile queue up, as typeahead does in a real
// terminal) and then runs it as usual.
import type { Command } from '../command.ts';
import * as b from './builtins.ts';
import { echo } from './echo.ts';
import { telnet } from './telnet.ts';

/** A Map, not an object: "constructor" or "__proto__" typed at the prompt must not find anything. */
const always = new Map<string, Command>([
  ['telnet', telnet],
  ['echo', echo],
  ['clear', b.clear],
  ['exit', b.logout],
  ['logout', b.logout],
  ['true', b.trueCommand],
  ['false', b.falseCommand],
]);

/** The commands loaded on demand, each with the import that brings its code (a chunk per module). */
const onDemand = new Map<string, () => Promise<Command>>([
  ['dig', () => import('./dig.ts').then((m) => m.dig)],
  ['host', () => import('./host.ts').then((m) => m.host)],
  ['nslookup', () => import('./nslookup.ts').then((m) => m.nslookup)],
  ['openssl', () => import('./openssl.ts').then((m) => m.openssl)],
  ['printf', () => import('./printf.ts').then((m) => m.printf)],
  ['nc', () => import('./nc.ts').then((m) => m.nc)],
  ['netcat', () => import('./nc.ts').then((m) => m.nc)],
  ['date', () => import('./date.ts').then((m) => m.date)],
  // The small tools no lesson types (tools.ts): one chunk for them all.
  ['base64', () => import('./tools.ts').then((m) => m.base64)],
  ['cat', () => import('./tools.ts').then((m) => m.cat)],
  ['history', () => import('./tools.ts').then((m) => m.history)],
  ['whoami', () => import('./tools.ts').then((m) => m.whoami)],
  ['id', () => import('./tools.ts').then((m) => m.id)],
  ['hostname', () => import('./tools.ts').then((m) => m.hostname)],
  ['pwd', () => import('./tools.ts').then((m) => m.pwd)],
  ['cd', () => import('./tools.ts').then((m) => m.cd)],
  ['ls', () => import('./tools.ts').then((m) => m.ls)],
  ['help', () => import('./help.ts').then((m) => m.help)],
  // The mail queue and the simulated clock: for mail that travels (src/smtp/travel), which few lessons use.
  ['sleep', () => import('./queue.ts').then((m) => m.sleep)],
  ['mailq', () => import('./queue.ts').then((m) => m.mailq)],
  ['postqueue', () => import('./queue.ts').then((m) => m.postqueue)],
]);

// Loaded code, shared as any import is: a command holds no simulator's state (that is in its context).
const loaded = new Map<string, Command>();
const loading = new Map<string, Promise<void>>();

/** Every command name the shell knows, loaded or not. */
export const commandNames: readonly string[] = [...always.keys(), ...onDemand.keys()];

/** The command of that name if its code is here; undefined for an unknown name or one still to load. */
export function findCommand(name: string): Command | undefined {
  return always.get(name) ?? loaded.get(name);
}

/** Of these names, those whose code must load before they run (unknown names are not loaded: not found). */
export function notLoaded(names: Iterable<string>): string[] {
  return [...new Set(names)].filter((n) => onDemand.has(n) && !loaded.has(n));
}

/**
 * Load these commands' code (names that need none are ignored). A lesson starts this for the commands its
 * solutions type, the sandbox for all of them, so that they answer at once; the shell does it for a name typed
 * before. Rejects when a chunk cannot be fetched (offline without the service worker); a later call tries again.
 */
export function loadCommands(names: Iterable<string> = onDemand.keys()): Promise<void> {
  return Promise.all(
    notLoaded(names).map((name) => {
      let pending = loading.get(name);
      if (!pending) {
        pending = onDemand.get(name)!()
          .then((command) => void loaded.set(name, command))
          .finally(() => loading.delete(name));
        loading.set(name, pending);
      }
      return pending;
    }),
  ).then(() => undefined);
}

/** The on-demand commands that command lines start (the first word of each stage), for loadCommands. */
export function onDemandIn(lines: readonly string[]): string[] {
  const names = lines.flatMap((line) =>
    line.split(/[|;&]+/).map((part) => /^\s*(?:\/(?:usr\/)?bin\/)?([\w.-]+)/.exec(part)?.[1] ?? ''),
  );
  return [...new Set(names)].filter((n) => onDemand.has(n)).sort();
}

/** Commands that are bash builtins (no /usr/bin path). */
export const BUILTINS = new Set([
  'echo',
  'printf',
  'history',
  'help',
  'exit',
  'logout',
  'pwd',
  'cd',
  'true',
  'false',
]);
