// Runs a short SMTP conversation against the real core and returns what the views get: the session log.
import { Network } from '../../src/smtp/network.ts';
import { defaultWorld } from '../../src/smtp/worlds.ts';
import { fixedEnvironment } from '../../src/smtp/environment.ts';
import { SessionLog, type LogLimits } from '../../src/ui/session-log.ts';

/** Each item is sent as is (include the line end: "\r\n", or "\n" for a bare LF as nc sends it). */
export function converse(lines: string[], limits?: LogLimits): SessionLog {
  const network = new Network(defaultWorld, fixedEnvironment());
  const log = new SessionLog(limits);
  network.on((e) => log.event(e));
  const r = network.connect('mail.example.test', 25);
  if (!r.ok) throw new Error('no connection');
  r.connection.start();
  for (const line of lines) r.connection.send(line);
  return log;
}
