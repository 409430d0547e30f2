// The workstation's own words (help, notes, limits of the simulation), one object per language.
// Imitations of real tool output (bash, telnet, dig...) are not here: they stay exactly as the tools print them.

export interface WorkstationStrings {
  /** `help`: a heading, then one line per command. */
  helpHeading: string;
  helpCommands: readonly (readonly [usage: string, what: string])[];
  helpFooter: string;
  /** After "logout": the simulated laptop does not really close. */
  logoutNote: string;
  /** Shell syntax that this simulation does not implement. */
  unsupported(construct: string): string;
  /** A session program (telnet, nc, openssl) was used in the middle of a pipeline. */
  pipedSession(program: string): string;
  /** Something inside the simulator failed; the learner's input was not the problem. */
  internalError(detail: string): string;
  /** SMTP typed at the shell prompt: no connection is open (after QUIT, or before telnet). */
  notConnected(host: string): string;
  /** A command's code could not be fetched (loaded on first use; the page is offline without its cache). */
  loadFailed(program: string, detail: string): string;
  /** nslookup interactive mode: a command it has but the simulation does not. */
  nslookupUnsupported(command: string): string;
}

export const en: WorkstationStrings = {
  helpHeading: 'Commands on this simulated laptop (they behave like their Linux counterparts):',
  helpCommands: [
    ['telnet HOST [PORT]', 'talk to a server by hand; Ctrl-] then "quit" to leave'],
    ['nc [-C] [-v] HOST PORT', 'netcat: like telnet, but sends bare LF line ends unless -C'],
    ['openssl s_client -connect HOST:465 -crlf', 'an SMTP session inside TLS (port 465)'],
    ['openssl s_client -starttls smtp -connect HOST:25 -crlf', 'upgrade to TLS with STARTTLS first'],
    ['dig DOMAIN MX', 'look up DNS records (+short, +noall +answer)'],
    ['host -t mx DOMAIN', 'the same question, short answers'],
    ['nslookup -type=mx DOMAIN', 'the same question, the classic way'],
    ['date [-R]', 'the date and time; -R gives the format of a Date: header'],
    ['sleep SECONDS', 'let simulated time pass at once (sleep 300: five minutes; also 5m, 1h, 5d)'],
    [
      'mailq, postqueue -p, postqueue -f',
      "mail.example.test's queue (-f: retry now); a shortcut, really on the server",
    ],
    ['echo [-n] [-e] TEXT', 'print text'],
    ['printf FORMAT [ARG...]', "print formatted text, e.g. printf '\\0alice\\0secret'"],
    ['base64 [-d]', 'encode (or decode) what is piped in: ... | base64'],
    ['cat', 'copy what is piped in to the screen'],
    ['history', 'the commands you typed'],
    ['clear', 'clear the screen (also Ctrl-L)'],
    ['whoami, hostname, id, pwd, ls, cd', 'who and where you are'],
    ['help', 'this list'],
  ],
  helpFooter:
    'Quoting works as in bash (\'single\', "double", backslash), and so do pipes: a | b.\n' +
    'Up and down arrows recall earlier commands.',
  logoutNote: '(This simulated laptop stays open: carry on typing commands.)',
  unsupported: (construct) => `bash: ${construct}: not available on this simulated laptop`,
  pipedSession: (program) =>
    `(${program} was stopped: on this simulated laptop it can only run at the end of a pipeline)`,
  internalError: (detail) =>
    `[simulator error: ${detail}. This is a bug in SMTP Lab, not in what you typed.]`,
  notConnected: (host) =>
    `(You are not connected to a mail server: that line is for one, not for the shell. Connect first: telnet ${host} 25)`,
  loadFailed: (program, detail) =>
    `bash: ${program}: could not be loaded (${detail}); check the connection and try again`,
  nslookupUnsupported: (command) => `*** "${command}" is not available in this simulation`,
};

export const strings: WorkstationStrings = en;
