// Replays every golden transcript in tests/transcripts/ and diffs the server's lines; a few transcripts also
// check what ended up in the mailbox, which the wire alone does not show.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultWorld } from '../../../src/smtp/worlds.ts';
import type { StoredMessage } from '../../../src/smtp/types.ts';
import { parseTranscript, replayTranscript } from './transcript.ts';

const dir = new URL('../../transcripts/', import.meta.url);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.txt'))
  .sort();

function load(file: string) {
  return parseTranscript(readFileSync(new URL(file, dir), 'utf8'), file);
}

/** The body of a stored message: the lines after the first empty line. */
function body(message: StoredMessage): string[] {
  const lines = message.stored.split('\n');
  return lines.slice(lines.indexOf('') + 1);
}

/** Further checks on what was delivered, by transcript. */
const delivered: Record<string, (mailbox: (address: string) => readonly StoredMessage[]) => void> = {
  'dot-stuffing.txt': (mailbox) => {
    const [message] = mailbox('alice@example.test');
    expect(body(message)).toEqual([
      '.line 2 was typed as ".line 2" and the client doubled the dot',
      '.',
      'line 4 follows a line that was a single dot',
      'line 5 started with one dot that nobody doubled',
      '..line 6 was typed as "..line 6"',
    ]);
  },
  'bare-lf-postfix.txt': (mailbox) => {
    // The smuggled NOOP ran as a command: the message was cut at the LF . LF.
    const [message] = mailbox('alice@example.test');
    expect(body(message)).toEqual(['before']);
  },
  'seed-001-sendmail-mime.txt': (mailbox) => {
    const [message] = mailbox('test@example.com');
    const lines = message.stored.split('\n');
    // Sendmail ends the header block at the first line that is not a header and adds the separator.
    expect(lines.slice(lines.indexOf('Content-type: text/plain; charset=US-ASCII'))).toEqual([
      'Content-type: text/plain; charset=US-ASCII',
      'Message-Id: <200106091231.MAA31077@smtp.example.com>',
      'Date: Sat, 9 Jun 2001 12:31:40 +0100 (BST)',
      '',
      'Hello. Content goes here.',
    ]);
  },
  'seed-002-navieg.txt': (mailbox) => {
    // An open relay: the message leaves for a domain the gateway does not serve.
    expect(mailbox('richlowe@internet--tips.net')).toHaveLength(1);
  },
  'seed-003-postfix-mime-images.txt': (mailbox) => {
    expect(mailbox('jdoe@example.com')).toHaveLength(1);
    expect(mailbox('az9281@yahoo.com')).toHaveLength(0);
  },
  'postfix-address-routing.txt': (mailbox) => {
    // Routed back home: X-Original-To keeps the address as given, Delivered-To names the mailbox.
    const [alice] = mailbox('alice@example.test');
    expect(alice.originalRecipient).toBe('alice%example.test@example.test');
    expect(alice.stored).toContain('Delivered-To: alice@example.test\n');
    expect(mailbox('bob@example.test').map((m) => m.originalRecipient)).toEqual([
      'example.test!bob@example.test',
    ]);
    expect(mailbox('alice%example.test@example.test')).toHaveLength(0);
  },
  'bdat.txt': (mailbox) => {
    const [message] = mailbox('bob@example.test');
    expect(body(message)).toEqual(['Hello Bob,', 'two chunks.']);
  },
};

describe('golden transcripts', () => {
  it('there are transcripts to replay', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  for (const file of files) {
    it(file, () => {
      const { expected, actual, session } = replayTranscript(load(file));
      expect(actual).toBe(expected);
      delivered[file]?.((address) => session.net.mailbox(address));
    });
  }

  it('every transcript with extra delivery checks exists', () => {
    for (const file of Object.keys(delivered)) expect(files).toContain(file);
  });

  it('each seed transcript uses the profile its host serves in the default world', () => {
    for (const file of files.filter((f) => f.startsWith('seed-'))) {
      const { header } = load(file);
      const host = defaultWorld.hosts.find((h) => h.name === header.host);
      const service = host?.services.find((s) => s.port === header.port);
      expect(service?.profile, file).toBe(header.profile);
    }
  });
});
