// Where the body starts when no empty line follows the headers: the messages of
// tests/scenarios/240_body_without_empty_line.txt as a live Postfix 3.7 stored them (tests/refs-body-start/,
// recorded with `npm run refs:compare` against scripts/reference-postfix.sh), and as the simulated one stores
// them. cleanup(8) ends the header block at the first line that is neither a header field nor a continuation,
// and writes the empty line the client left out.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../scripts/refs-compare.ts';
import { Session } from './harness.ts';
import { mboxMessages, withoutTrace } from './mbox.ts';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

/** The DATA blocks of the scenario, each as the client sent it (lone dot included). */
const blocks = parseScenario('240', read('../../scenarios/240_body_without_empty_line.txt')).steps.flatMap(
  (s) => (s.kind === 'data-block' ? [s.lines] : []),
);

/** A stored message without the trace fields delivery writes on top, dates and Message-Ids masked. */
function comparable(stored: string): string {
  return withoutTrace(stored).replace(/^(Message-Id|Date): .*$/gm, '$1: <masked>');
}

function simulated(client: string): string[] {
  const s = new Session({ profile: 'postfix', client }).start();
  s.command('EHLO client.example');
  return blocks.map((lines) => {
    s.command('MAIL FROM:<learner@client.test>');
    s.command('RCPT TO:<alice@example.test>');
    s.command('DATA');
    expect(s.command(lines.join('\r\n'))[0]).toMatch(/^250 /);
    return comparable(s.net.mailbox('alice@example.test').at(-1)!.stored);
  });
}

describe('the body starts at the first line that is no header (live Postfix 3.7)', () => {
  it('the recordings hold one message per DATA block', () => {
    expect(blocks.length).toBeGreaterThan(10);
    for (const file of ['mailbox-remote.mbox', 'mailbox-local.mbox'])
      expect(mboxMessages(read(`../../refs-body-start/${file}`)), file).toHaveLength(blocks.length);
  });

  it('a remote client: the empty line put in, nothing else changed', () => {
    const live = mboxMessages(read('../../refs-body-start/mailbox-remote.mbox')).map(comparable);
    expect(simulated('203.0.113.7')).toEqual(live);
    // What the recording shows, in words: text right after the Subject starts the body...
    expect(live[0]).toBe('Subject: x\n\nhello there\n\nsecond para');
    // ..."Not a header:" has spaces in its name, so it is text, while "NotAHeader:" is a field.
    expect(live[1]).toBe('Subject: y\n\nNot a header: really?\nhello');
    expect(live[2]).toBe('Subject: a1\nNotAHeader:really?\n\nhello');
  });

  it('a local client: Message-Id, Date and From go after the header block, before the empty line', () => {
    const live = mboxMessages(read('../../refs-body-start/mailbox-local.mbox')).map(comparable);
    expect(simulated('127.0.0.1')).toEqual(live);
  });
});
