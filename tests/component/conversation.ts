// Runs a short SMTP conversation against the real core and returns what the views get: the session log.
import { Network } from '../../src/smtp/network.ts';
import { defaultWorld } from '../../src/smtp/worlds.ts';
import { fixedEnvironment } from '../../src/smtp/environment.ts';
import { SessionLog, type LogLimits } from '../../src/ui/session-log.ts';
import { enableTravel } from '../../src/smtp/travel/index.ts';

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

/**
 * A submission on 587 (STARTTLS, AUTH) to alice@elsewhere.test with the travel machinery on, as the sandbox
 * has it: mail.example.test relays the message to mx.elsewhere.test. Resolves once the queue has run.
 */
export async function travelled(): Promise<{ log: SessionLog; learner: number }> {
  const network = new Network(defaultWorld, fixedEnvironment());
  enableTravel(network);
  const log = new SessionLog();
  log.setOrigins((id) => network.connectionOrigin(id));
  network.on((e) => log.event(e));
  const r = network.connect('mail.example.test', 587);
  if (!r.ok) throw new Error('no connection');
  const c = r.connection;
  c.start();
  c.send('EHLO laptop.client.test\r\nSTARTTLS\r\n');
  c.startTls();
  c.send(`EHLO laptop.client.test\r\nAUTH PLAIN ${btoa('\0alice\0secret')}\r\n`);
  c.send('MAIL FROM:<alice@example.test>\r\nRCPT TO:<alice@elsewhere.test>\r\n');
  c.send('DATA\r\nSubject: Hi\r\n\r\nHi there.\r\n.\r\n');
  await new Promise((resolve) => setTimeout(resolve, 0));
  c.send('QUIT\r\n');
  return { log, learner: c.id };
}
