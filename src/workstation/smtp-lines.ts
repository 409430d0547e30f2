// Lines that belong to an SMTP conversation, not to the shell: what a learner types at the prompt after QUIT or a
// hang-up, or before connecting. The shell adds a hint after its error; the lesson engine explains the same line.
import { COMMANDS } from '../smtp/commands.ts';

/** The SMTP verbs the simulated server knows, but HELP (the laptop's `help` is a command of its own). */
const VERBS = new Set(Object.keys(COMMANDS).filter((verb) => verb !== 'HELP'));

/** Header fields a learner types in DATA, which the shell would take for a command name. */
const MESSAGE_HEADER = /^(from|to|cc|bcc|subject|date|message-id|reply-to|mime-version|content-type)\s*:/i;

/** Whether a line typed at the shell prompt is really meant for a mail server. */
export function looksLikeSmtp(line: string): boolean {
  const text = line.trim();
  if (text === '.' || MESSAGE_HEADER.test(text)) return true;
  const word = /^[A-Za-z]+(?=$|[\s:])/.exec(text)?.[0];
  return word !== undefined && VERBS.has(word.toUpperCase());
}
