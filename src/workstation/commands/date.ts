// date (GNU coreutils): the laptop's clock in its time zone, or UTC, in the default, RFC 5322 or a + format.
// Loaded on demand (index.ts): lesson 9 types it, most lessons never do.
import type { Command } from '../command.ts';
import { DATE_DEFAULT, DATE_RFC5322, strftime, UTC, zoneOf } from '../clock.ts';
import { badOption } from './builtins.ts';

export const date: Command = (ctx) => {
  const { machine, stdout, stderr } = ctx;
  let format = DATE_DEFAULT;
  let zone = zoneOf(machine.network.env);
  for (const arg of ctx.argv.slice(1)) {
    if (arg === '-R' || arg === '--rfc-email' || arg === '--rfc-2822') format = DATE_RFC5322;
    else if (arg === '-u' || arg === '--utc' || arg === '--universal') zone = UTC;
    else if (arg === '-I' || arg === '--iso-8601') format = '%F';
    else if (arg.startsWith('+')) format = arg.slice(1);
    else if (arg.startsWith('-') && arg.length > 1) return badOption(ctx, 'date', arg);
    else {
      stderr.write(`date: invalid date '${arg}'\n`);
      return 1;
    }
  }
  stdout.write(strftime(format, machine.network.env.now(), zone) + '\n');
  return 0;
};
