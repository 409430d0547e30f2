// The workstation's own words (notes, limits of the simulation), one object per language; `help`'s list is in
// help-strings.ts, which loads with that command (tools.ts).
// Imitations of real tool output (bash, telnet, dig...) are not here: they stay exactly as the tools print them.

export interface WorkstationStrings {
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
