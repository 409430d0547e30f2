// The Sources page's texts (English): each old tutorial, what it shows and what it gets wrong. Loaded only with
// that page; the short names every lesson page shows are in source-names.ts.

export const sourcesPageEn = {
  heading: 'Sources',
  intro:
    'The lessons retrace five tutorials that taught people to send mail by hand. Each got a lot right and something wrong; the lessons teach what they teach, in their own words, and correct the rest.',
  shows: 'What it shows',
  wrong: 'What it gets wrong',
  lessons: 'Lessons that draw on it',
  none: 'No lesson draws on it yet.',
  lessonLink: (order: number, title: string) => `${order}. ${title}`,
  called: (name: string) => `Called “${name}” in the lessons.`,
  /** By the id lessons give in their `seeds:` front matter (names in source-names.ts). */
  items: {
    '000': {
      title: 'Using Telnet to send mail by SMTP',
      year: '2001',
      shows:
        'A whole session from the Windows telnet program to Yahoo’s mail server: HELO, MAIL, RCPT, DATA and QUIT, with a warning that telnet does not show what you type, and why programs read only the three-digit codes.',
      wrong:
        'It greets with the server’s own name, lost the addresses after MAIL From: and RCPT To: when the page became HTML, says the server closes the session once the mail is sent and delivers it only at QUIT, calls forged senders “relaying”, and treats POP-before-SMTP as the only protection.',
    },
    '001': {
      title: 'Trivial uses of Telnet: SMTP',
      year: '2001',
      shows:
        'A Sendmail 8.9.2 session with its friendly replies, the commands one by one (HELO, EHLO, MAIL FROM, RCPT TO, DATA, QUIT), the note that every header can be faked, and a message with MIME headers.',
      wrong:
        'It ends a message with a dot and two Returns, says the server detects your real name whatever HELO says, dropped the dots of “... Sender ok”, and its MIME example has no empty line between the headers and the text.',
    },
    '002': {
      title: 'SMTP (Internet Tips)',
      year: '2002',
      shows:
        'One session with an antivirus mail gateway, step by step, and the point that the real sender and recipients travel before the data while From: and To: can be forged.',
      wrong:
        'It calls the server’s greeting a header the client prints, cites RFC 821 as current, talks to an open relay without saying so, shows an address that changes between command and reply (edited by hand), and puts two empty lines after the headers.',
    },
    '003': {
      title: 'Sending Mail Using Telnet',
      year: '2016',
      shows:
        'Finding the server with an MX lookup (dig), a Postfix session with EHLO, a Date made with date -R, then MIME: text and HTML alternatives and an inline image.',
      wrong:
        'It types a space after MAIL FROM: and RCPT TO:, which the SMTP grammar does not allow, and puts the HTML and its inline image in multipart/mixed instead of multipart/related.',
    },
    '004': {
      title: 'How to send an email at the command line with SMTP',
      year: 'undated, 2020s',
      shows:
        'An ESMTP session with SIZE, the capability list explained, STARTTLS and implicit TLS with openssl, the envelope versus the To: header of a mailing list, and RSET before a second message.',
      wrong:
        'Its transcript sends the text after DATA with no 354 in between, it says port 25 should have no TLS and calls 587 “TLS”, it expects the server to fill in missing Date and Message-ID headers, and it announces a 10 KB size limit as if it were normal.',
    },
  } as Record<string, { title: string; year: string; shows: string; wrong: string }>,
};

export type SourcesPageStrings = typeof sourcesPageEn;
