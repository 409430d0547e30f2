// The laptop's command table: every name the shell can run, mapped to its implementation.
import type { Command } from '../command.ts';
import * as b from './builtins.ts';
import { dig } from './dig.ts';
import { host } from './host.ts';
import { nc } from './nc.ts';
import { nslookup } from './nslookup.ts';
import { openssl } from './openssl.ts';
import { echo, printf } from './printf.ts';
import { mailq, postqueue, sleep } from './queue.ts';
import { telnet } from './telnet.ts';

/** A Map, not an object: "constructor" or "__proto__" typed at the prompt must not find anything. */
export const commands: ReadonlyMap<string, Command> = new Map<string, Command>([
  ['telnet', telnet],
  ['nc', nc],
  ['netcat', nc],
  ['openssl', openssl],
  ['dig', dig],
  ['host', host],
  ['nslookup', nslookup],
  ['date', b.date],
  ['sleep', sleep],
  ['mailq', mailq],
  ['postqueue', postqueue],
  ['echo', echo],
  ['printf', printf],
  ['base64', b.base64],
  ['cat', b.cat],
  ['history', b.history],
  ['help', b.help],
  ['clear', b.clear],
  ['exit', b.logout],
  ['logout', b.logout],
  ['whoami', b.whoami],
  ['id', b.id],
  ['hostname', b.hostname],
  ['pwd', b.pwd],
  ['cd', b.cd],
  ['ls', b.ls],
  ['true', b.trueCommand],
  ['false', b.falseCommand],
]);

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
