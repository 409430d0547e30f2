// What `help` prints on the simulated laptop, one object per language. Loaded with the help command (tools.ts,
// a chunk of its own), not with the shell: few learners type help, and every lesson would carry the list.

export interface HelpStrings {
  /** A heading, then one line per command, then a footer. */
  helpHeading: string;
  helpCommands: readonly (readonly [usage: string, what: string])[];
  helpFooter: string;
}

export const en: HelpStrings = {
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
};

export const helpStrings: HelpStrings = en;
