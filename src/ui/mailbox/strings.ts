// Every user-facing string of the mailbox viewer, one object per language (English here).

const count = (n: number) => new Intl.NumberFormat('en').format(n);
const plural = (n: number, one: string, many: string) => `${count(n)} ${n === 1 ? one : many}`;

export const mailboxEn = {
  heading: 'Mailboxes',
  empty: 'No mail delivered yet. Send a message with DATA and the lone dot, and it appears here.',
  mailboxLabel: (address: string, messages: number) =>
    `${address} (${plural(messages, 'message', 'messages')})`,
  newMail: (mailbox: string) => `New message for ${mailbox}`,
  heldMail: (host: string) => `A message was put in the hold queue of ${host}`,
  holdQueue: (host: string, messages: number) =>
    `Hold queue of ${host} (${messages} ${messages === 1 ? 'message' : 'messages'})`,
  heldNote: (host: string, reason: string) =>
    `Held, not delivered: ${reason}. ${host} answered 250 and keeps the message in Postfix's hold queue ` +
    '(postqueue -p marks its queue ID with "!"); the postmaster releases it with postsuper -H or deletes it ' +
    'with postsuper -d. OpenDMARC quarantines this way when the From domain asks for p=quarantine.',
  noSubject: '(no subject)',
  noFrom: '(no From header)',
  queueId: 'Queue ID',
  received: 'Received',
  selectPrompt: 'Choose a message to see its envelope, its stored form and how a mail program shows it.',
  messageTitle: (subject: string, mailbox: string) => `${subject}, in ${mailbox}`,

  tabs: {
    label: 'Message views',
    envelope: 'Envelope vs headers',
    stored: 'As stored',
    rendered: 'Rendered',
  },

  envelope: {
    intro:
      'Servers deliver by the envelope (MAIL FROM and RCPT TO, given as SMTP commands). The reader sees the headers, which are just text inside DATA: nothing forces them to agree.',
    envelopeHeading: 'Envelope (SMTP commands)',
    headerHeading: 'Headers (inside the message)',
    mailFrom: 'MAIL FROM',
    rcptTo: 'RCPT TO',
    nullSender: '<> (the null sender: a bounce or a delivery report; nobody to reply to)',
    none: '(none)',
    thisCopy: 'this copy',
    thisCopyNote: (rcpt: string, traced: boolean) =>
      `This copy was delivered because of RCPT TO:<${rcpt}>${traced ? ' (see X-Original-To)' : ''}.`,
    inHeader: (header: string) => `also in ${header}`,
    bcc: 'in no header: a blind copy (Bcc)',
    bccNote:
      'A Bcc recipient is only an RCPT TO: the other recipients cannot see it, because it appears in no header of the message.',
    notInEnvelope:
      'named in a header, but not an RCPT TO of this transaction: this server did not deliver to it',
    fromMatches: 'The From header matches the envelope sender.',
    fromDiffers: (header: string, envelope: string) =>
      `The From header (${header}) is not the envelope sender (${envelope || '<>'}). SMTP does not check the From header: this is how mail is forged. Receiving servers use SPF, DKIM and DMARC to catch it.`,
    displayNameSpoof: (name: string, address: string) =>
      `The display name "${name}" looks like an address, but the real address is ${address}: a common phishing trick.`,
    noFromHeader: 'There is no From header at all. Many receivers reject such a message.',
    addedByServer: 'added by the server',
    fromAdded:
      'The client sent no From header, so the server added one from the envelope sender (Postfix does this for local clients only).',
    noRecipientHeaders:
      'No To or Cc header: the message still arrived, because delivery follows RCPT TO, not the headers.',
    flag: 'Warning',
  },

  auth: {
    heading: (server: string) => `Checked by ${server}`,
    intro:
      'What the receiving server found when it checked the sender (its Authentication-Results and Received-SPF lines). Choose a result to see why.',
    explain: (method: string, result: string) => `${method} ${result}: why?`,
    record: 'DNS record',
    noRecord: 'no record',
    rfc: 'Where it is defined',
    spf: {
      asked: (ip: string, domain: string, identity: string) =>
        `The server asked whether ${ip}, the client's address, may send mail for ${domain} (${identity === 'helo' ? 'the HELO name, because the envelope sender was empty' : 'the domain of MAIL FROM'}).`,
      result: {
        pass: 'Pass: the record lists this address.',
        fail: 'Fail: the record does not list this address and ends in -all, so the domain says it never sends from here.',
        softfail: 'Softfail: not listed, and ~all asks receivers to be suspicious rather than to refuse.',
        neutral: 'Neutral: the domain says nothing either way about this address.',
        none: 'None: the domain publishes no SPF record, so nothing can be checked.',
        temperror: 'Temperror: a DNS lookup failed for now.',
        permerror: 'Permerror: the record cannot be used.',
      } as Record<string, string>,
      decidedBy: (term: string) => `Decided by the term ${term}.`,
      envelopeOnly:
        'SPF checks only the envelope sender, never the From header the reader sees: that is what DMARC adds.',
      rfc: 'RFC 7208 §2.6, §4, §5',
    },
    dkim: {
      none: 'The message carries no DKIM-Signature header: nobody signed it.',
      signature: (domain: string, selector: string, algorithm: string) =>
        `A signature by ${domain} (selector ${selector}, ${algorithm}); the public key is at ${selector}._domainkey.${domain}.`,
      result: {
        pass: 'Pass: the body and the signed header fields are exactly what was signed.',
        fail: 'Fail: something changed after signing (a footer, an edited header), or the key does not match.',
        permerror: 'Permerror: the signature or its key cannot be used.',
        temperror: 'Temperror: the key could not be fetched for now.',
        neutral: 'Neutral.',
        policy: 'Policy: the receiver does not accept this kind of signature.',
      } as Record<string, string>,
      rfc: 'RFC 6376 §3.5, §3.7, §6; RFC 8463 (Ed25519)',
    },
    dmarc: {
      from: (domain: string) => `The From header's domain is ${domain || '(none)'}.`,
      none: (domain: string) =>
        `No DMARC record at _dmarc.${domain || '…'} (nor at its organisational domain): the domain asks nothing, so a forged From passes unnoticed.`,
      aligned: (method: string, yes: boolean) =>
        `${method} ${yes ? 'passed for this domain (aligned)' : 'did not pass for this domain (not aligned)'}.`,
      policy: (policy: string, disposition: string) =>
        `Policy p=${policy}; the receiver applied: ${disposition}.`,
      result: {
        pass: 'Pass: SPF or DKIM vouches for the domain the reader sees.',
        fail: 'Fail: neither SPF nor DKIM passed for the From domain.',
        none: 'None: nothing to check against.',
        temperror: 'Temperror: the record could not be fetched for now.',
        permerror: 'Permerror.',
      } as Record<string, string>,
      rfc: 'RFC 7489 §3.1 (alignment), §6.3, §6.6; Authentication-Results: RFC 8601',
    },
  },

  stored: {
    intro:
      'The message exactly as the mailbox file holds it. Highlighted lines were added by the server; everything else is what the client sent after DATA.',
    legend: 'added by the server',
    label: 'Stored message, line by line',
    why: {
      mboxFrom: 'mbox separator: envelope sender, arrival time',
      'return-path': 'the envelope sender (MAIL FROM)',
      'x-original-to': 'the RCPT TO as the client gave it',
      'delivered-to': 'the final recipient mailbox',
      received: 'trace: client name and address, server, queue ID, time',
      'received-spf': 'the SPF verdict, written by the policy service (policyd-spf)',
      'authentication-results': 'what the receiving server checked: DKIM, DMARC (RFC 8601)',
      'message-id': 'was missing, so the server added it',
      date: 'was missing, so the server added it',
      from: 'was missing: the envelope sender, added by the server',
      'empty-line':
        'no empty line came after the headers: the server ended them at the first line that is no header field and put the empty line in',
      'x-mailbox-line':
        'the message began with a line "From …", an mbox separator and no header field: the server (smtpd) kept it as this field',
      respelled:
        'the client wrote white space before the colon (obsolete syntax, RFC 5322 §4.5): the server stored the field without it',
      other: 'added by the server',
    } as Record<string, string>,
  },

  rendered: {
    loading: 'Reading the MIME structure…',
    parseError: 'Could not parse this message as MIME. Here is the raw text instead.',
    textPart: 'Text part',
    htmlPart: 'HTML part',
    frameTitle: (subject: string) => `HTML part of "${subject}", shown without scripts or network access`,
    frameNote:
      'The HTML is shown in a sandbox: no scripts run, nothing is loaded from the network, forms and links cannot leave it.',
    empty: '(the message has no body)',
    emptyWhy: (line: string) =>
      `Why: this server stores a message as it came, and no empty line came after the headers, so the text from "${line}" on is read as part of the header block (RFC 5322 §2.1). Postfix and Sendmail would have started the body at that line and put the empty line in.`,
    attachments: 'Attachments',
    noAttachments: 'No attachments.',
    inline: 'inline',
    unnamed: '(no name)',
    blockedHeading: 'Removed from the HTML for your safety',
    blocked: {
      scripts: (n: number) => plural(n, 'script', 'scripts'),
      handlers: (n: number) =>
        plural(n, 'event-handler attribute (onload, onerror…)', 'event-handler attributes'),
      scriptUrls: (n: number) => plural(n, 'javascript: link', 'javascript: links'),
      frames: (n: number) => plural(n, 'embedded frame or object', 'embedded frames or objects'),
      meta: (n: number) => plural(n, 'refresh, base or meta element', 'refresh, base or meta elements'),
      remote: (n: number) =>
        plural(n, 'remote resource (it would tell the sender you opened the mail)', 'remote resources'),
      forms: (n: number) => plural(n, 'form target', 'form targets'),
      other: (n: number) =>
        plural(
          n,
          'other element a mail reader does not show (MathML or SVG tricks, unknown tags)',
          'other elements a mail reader does not show',
        ),
    },
    size: (bytes: number) =>
      bytes < 1024 ? plural(bytes, 'byte', 'bytes') : `${(bytes / 1024).toFixed(bytes < 10240 ? 1 : 0)} KB`,
    headers: { from: 'From', to: 'To', cc: 'Cc', subject: 'Subject', date: 'Date' },
    noHeader: '(none)',
  },
};

export type MailboxStrings = typeof mailboxEn;
