// Time and the mail queue from the laptop: `sleep N` moves the simulated clock on (so a retry, a delay
// warning or a bounce after the queue lifetime happens in seconds), and `mailq` / `postqueue -p` show the
// queue of the learner's provider, mail.example.test. On a real network the queue is only visible on the
// server (ssh there, then mailq); here the laptop shows it directly, a teaching shortcut that `help` names.
import { advanceClock } from '../../smtp/travel/clock.ts';
import type { Command } from '../command.ts';

const UNITS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };

/** GNU sleep: NUMBER[smhd]..., the sum of all. */
export const sleep: Command = ({ argv, stderr, machine }) => {
  const args = argv.slice(1);
  if (args.length === 0) {
    stderr.write("sleep: missing operand\nTry 'sleep --help' for more information.\n");
    return 1;
  }
  let seconds = 0;
  for (const arg of args) {
    const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(arg);
    if (!m) {
      stderr.write(`sleep: invalid time interval '${arg}'\nTry 'sleep --help' for more information.\n`);
      return 1;
    }
    seconds += Number(m[1]) * UNITS[m[2]];
  }
  advanceClock(machine.network, Math.round(seconds * 1000));
  return 0;
};

const PROVIDER = 'mail.example.test';

function showQueue(machine: Parameters<Command>[0]['machine']): string {
  // Without the travel machinery nothing is ever queued: mail to other domains is stored where it arrived.
  return machine.network.outbound?.mailq(PROVIDER) ?? 'Mail queue is empty\n';
}

export const mailq: Command = ({ argv, stdout, stderr, machine }) => {
  if (argv.length > 1) {
    stderr.write(`mailq: fatal: this simulation knows mailq without options only\n`);
    return 1;
  }
  stdout.write(showQueue(machine));
  return 0;
};

/** postqueue -p (list), -f (flush: try everything now); Postfix 3.7's usage line otherwise. */
export const postqueue: Command = ({ argv, stdout, stderr, machine }) => {
  const option = argv.slice(1).join(' ');
  if (option === '-p') {
    stdout.write(showQueue(machine));
    return 0;
  }
  if (option === '-f') {
    machine.network.outbound?.flush();
    return 0;
  }
  stderr.write(
    'postqueue: fatal: usage: postqueue -f | postqueue -i queueid | postqueue -j | postqueue -p | postqueue -s site\n',
  );
  return 1;
};
