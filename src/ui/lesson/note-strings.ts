// The sentences about a learner's own line, one object per language (English here). Most lines get none, so the
// outcome panel loads them with the first one (OutcomePanel.svelte): a lesson does not fetch them ahead.
import type { NoteId } from '../../lessons/engine/diagnose.ts';

type Vars = Readonly<Record<string, string>>;
export type NoteStrings = Readonly<Record<NoteId, (v: Vars) => string>>;

/**
 * The sentences about the learner's own input (src/lessons/engine/diagnose.ts finds the mistake, these say it).
 * Markdown-free plain text; `code` marks what to type, shown as code by the panel.
 */
export const notesEn: NoteStrings = {
  dotWithSpaces: (v) =>
    `Your line \`${v.line}\` is message text, not the end: the message ends only at a line that holds a single dot and nothing else, no space before or after it. Type \`.\` alone.`,
  unstuffedDot: (v) =>
    `Your line \`${v.line}\` starts with one dot. A server takes the first dot off every line that starts with one (RFC 5321 §4.5.2: the client is meant to have doubled it), so Postfix stores \`${v.stored}\`. To send a line that starts with a dot, type the dot twice: \`${v.fixed}\`.`,
  textInHeaders: (v) =>
    `No empty line came between the headers and \`${v.line}\`. Postfix starts the body at the first line that is no header field and puts the missing empty line in, so this text arrives as the body; but a line that looks like a field (\`Note: bring cake\`) would have stayed in the headers, and a header typed after it is body text now. End the headers with an empty line (RFC 5322 §2.1), then write the text.`,
  bccHeader: () =>
    'A Bcc: header typed in DATA is part of the message: every recipient can read it, so nothing is blind. A blind copy is made with the envelope alone: one more RCPT TO for the hidden recipient, who is named in no header.',
  spaceAfterColon: (v) =>
    `\`${v.line}\` has a space after the colon${v.bracketed === 'no' ? ' and no angle brackets around the address' : ''}. ${v.accepted === 'yes' ? 'This server accepted it, as Postfix does' : 'Postfix accepts it'}, but RFC 5321's grammar is "${v.verb}:" directly followed by the address in angle brackets, and stricter servers refuse ${v.bracketed === 'no' ? 'it' : 'the space'}. Write \`${v.fixed}\`.`,
  noAngleBrackets: (v) =>
    `\`${v.line}\` gives the address without angle brackets. ${v.accepted === 'yes' ? 'This server accepted it, as Postfix does by default' : 'Postfix accepts it by default'}, but RFC 5321's grammar puts the address in <…>, and a server that checks the grammar strictly (Postfix with strict_rfc821_envelopes = yes) refuses it. Write \`${v.fixed}\`.`,
  paramSpaces: (v) =>
    `\`${v.line}\` has spaces around \`=\`. An ESMTP parameter is one word, KEYWORD=value, with no spaces (RFC 5321 §4.1.2), so the server read \`${v.keyword}\` without its value. Write \`${v.fixed}\`.`,
  authPlainString: (v) => {
    const legend = /<(NUL|LF)>/.test(v.decoded ?? '') ? ' (<NUL> is a zero byte, <LF> a line end)' : '';
    const decodes = `The string after \`AUTH PLAIN\` decodes to \`${v.decoded}\`${legend}`;
    const shape =
      "PLAIN wants three fields separated by zero bytes: an identity (usually empty), the user name and the password, as `printf '\\0user\\0password' | base64` makes them.";
    switch (v.problem) {
      case 'notBase64':
        return `\`${v.line}\`: what follows \`AUTH PLAIN\` is not base64. ${shape}`;
      case 'echoed':
        return `${decodes}: a backslash and a zero as two characters, not a zero byte${v.decoded.endsWith('<LF>') ? ', and a line end at the end' : ''}. Bash's \`echo\` prints \`\\0\` as it is and adds a line end; \`${v.printf}\` gives the zero bytes and no line end.`;
      case 'noZeroBytes':
        return `${decodes}, with no zero bytes in it. ${shape}`;
      case 'lineEnd':
        return `${decodes}: the line end at the end became part of the password. \`echo\` adds one; \`${v.printf}\` does not.`;
      case 'fields':
        return `${decodes}. ${shape}`;
      default:
        return `${decodes}: the shape is right, user \`${v.user}\` and a password, so the server refused the user name or the password itself.`;
    }
  },
  notConnected: (v) =>
    `You are not connected to a mail server: \`${v.line}\` went to the laptop's shell, which knows no SMTP. Connect first with \`${v.connect}\`, then type it again.`,
  alreadyConnected: (v) =>
    `\`${v.line}\` went to the mail server, not to the laptop's shell: you are connected through ${v.program}, so the server read it as an SMTP command. Type SMTP commands here; to get back to the shell, end the session with \`QUIT\`.`,
  telnetNoPort: (v) =>
    `Without a port, telnet connects to port 23 (the telnet service), where no mail server listens. SMTP is on port 25: \`${v.fixed}\`.`,
  connectToDomain: (v) =>
    `\`${v.domain}\` has no address of its own: its mail goes to the hosts its MX records name, and telnet does not read MX records (a sending server does). Its best MX is ${v.exchange}: \`${v.fixed}\`.`,
  interruptInData: () =>
    'Ctrl-C does not leave DATA: telnet sends nothing to the server, which is still reading your message. End the message with a line holding only `.`, or leave telnet with Ctrl-] and then `quit`.',
  interruptInTelnet: () =>
    'Ctrl-C does nothing in a telnet session: telnet sends nothing to the server. To end the conversation type `QUIT`; to leave telnet at once press Ctrl-] and then type `quit`.',
  waitingForEof: (v) =>
    `\`${v.line}\` was given no input through a pipe, so ${v.program} now reads what you type, until Ctrl-D on an empty line (Ctrl-C cancels). Usually you pipe text into it, e.g. \`printf 'text' | ${v.program}\`.`,
};
