// Lines that belong to an SMTP conversation, not to the shell: what a learner types at the prompt after QUIT or a
// hang-up, or before connecting. The shell adds a hint after its error; the lesson engine explains the same line.

/** The SMTP verbs (RFC 5321 and the extensions the simulator serves); none is a command on the laptop. */
const VERBS = new Set([
  'HELO',
  'EHLO',
  'MAIL',
  'RCPT',
  'DATA',
  'BDAT',
  'RSET',
  'NOOP',
  'QUIT',
  'VRFY',
  'EXPN',
  'ETRN',
  'STARTTLS',
  'AUTH',
]);

/** Header fields a learner types in DATA, which the shell would take for a command name. */
const MESSAGE_HEADER = /^(from|to|cc|bcc|subject|date|message-id|reply-to|mime-version|content-type)\s*:/i;

/** Whether a line typed at the shell prompt is really meant for a mail server. */
export function looksLikeSmtp(line: string): boolean {
  const text = line.trim();
  if (text === '.' || MESSAGE_HEADER.test(text)) return true;
  const word = /^[A-Za-z]+(?=$|[\s:])/.exec(text)?.[0];
  return word !== undefined && VERBS.has(word.toUpperCase());
}
