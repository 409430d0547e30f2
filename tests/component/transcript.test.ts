import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/svelte';
import Transcript from '../../src/ui/Transcript.svelte';
import { converse, travelled } from './conversation.ts';
import { expectPrintsWhole, LONG_SESSION } from './printing.ts';
import { defaultLimits } from '../../src/ui/session-log.ts';

const session = () =>
  converse(['EHLO laptop\r\n', 'MAIL FROM:<learner@client.test>\r\n', 'RCPT TO:<nobody@example.test>\n']);

afterEach(() => cleanup());

describe('Transcript', () => {
  it('is a polite live log that a screen reader can follow', () => {
    render(Transcript, { props: { entries: session().entries } });
    const log = screen.getByRole('log');
    expect(log).toHaveAttribute('aria-live', 'polite');
    expect(log).toHaveTextContent('C: EHLO laptop');
    expect(log).toHaveTextContent('S: 220 mail.example.test ESMTP Postfix');
  });

  it('shows every line of a multi-line reply with S:, in one button', () => {
    render(Transcript, { props: { entries: session().entries } });
    const ehlo = screen.getAllByRole('button').find((b) => b.textContent?.includes('250-PIPELINING'));
    expect(ehlo).toBeDefined();
    expect(within(ehlo!).getAllByText('S:').length).toBeGreaterThan(5);
  });

  it('renders each server reply as a button that calls onselectreply with that reply', async () => {
    const onselectreply = vi.fn();
    render(Transcript, { props: { entries: session().entries, onselectreply } });
    const replies = screen.getAllByRole('button').filter((b) => b.dataset.kind === 'server');
    expect(replies.map((b) => b.dataset.code)).toEqual(['220', '250', '250', '550']);
    replies[3].click();
    expect(onselectreply).toHaveBeenCalledTimes(1);
    const [reply, entry] = onselectreply.mock.calls[0];
    expect(reply.code).toBe(550);
    expect(reply.enhanced).toBe('5.1.1');
    expect(entry.phaseAfter).toBe('mail');
  });

  it('marks the selected reply as pressed', () => {
    const entries = session().entries;
    const last = entries.filter((e) => e.kind === 'server').at(-1)!;
    render(Transcript, { props: { entries, selected: last.id } });
    const pressed = screen.getAllByRole('button', { pressed: true });
    expect(pressed).toHaveLength(1);
    expect(pressed[0]).toHaveTextContent('550 5.1.1');
  });

  it('shows line endings only when asked: CR LF as two marks, a bare LF as one warning mark', async () => {
    const { container, rerender } = render(Transcript, { props: { entries: session().entries } });
    expect(container.querySelector('[data-ending]')).toBeNull();
    await rerender({ entries: session().entries, showEndings: true });
    const rcpt = screen.getByText('RCPT TO:<nobody@example.test>').closest('.line')!;
    expect(rcpt.querySelector('[data-ending="bare-lf"]')).toHaveTextContent('LF');
    expect(rcpt.querySelector('[data-ending="crlf"]')).toBeNull();
    const ehlo = screen.getByText('EHLO laptop').closest('.line')!;
    expect(ehlo.querySelector('[data-ending="crlf"]')).toHaveTextContent('CRLF');
  });

  it('sums up a long message after its first lines and still shows the final dot', () => {
    const body = Array.from({ length: 12_345 + defaultLimits.dataLines }, (_, i) => `line ${i}\r\n`);
    const log = converse([
      'EHLO laptop\r\n',
      'MAIL FROM:<a@client.test>\r\n',
      'RCPT TO:<alice@example.test>\r\n',
      'DATA\r\n',
      ...body,
      '.\r\n',
    ]);
    render(Transcript, { props: { entries: log.entries } });
    const log$ = screen.getByRole('log');
    expect(log$).toHaveTextContent('… 12,345 more lines');
    expect(log$).toHaveTextContent(`C: line ${defaultLimits.dataLines - 1}`);
    expect(log$).not.toHaveTextContent(`C: line ${defaultLimits.dataLines} `);
    expect(screen.getAllByText('.').length).toBe(1);
    expect(log$).toHaveTextContent('queued as');
  });

  it('renders at most renderLimit entries and says how many earlier ones are not shown', () => {
    const lines = Array.from({ length: 60 }, () => 'NOOP\r\n');
    const entries = converse(lines).entries;
    render(Transcript, { props: { entries, renderLimit: 20 } });
    expect(screen.getByRole('log')).toHaveTextContent(`… ${entries.length - 20} earlier lines not shown`);
    expect(
      screen.getByRole('log').querySelectorAll('[data-kind="client"], [data-kind="server"]').length,
    ).toBe(20);
  });

  it('has a Copy button', () => {
    render(Transcript, { props: { entries: session().entries } });
    expect(screen.getByRole('button', { name: 'Copy' })).toBeInTheDocument();
  });
});

describe('Transcript with a relay hop', () => {
  it('puts a header before the relay’s conversation and marks its lines, never as the learner’s', async () => {
    const { log } = await travelled();
    const onselectreply = vi.fn();
    const { container } = render(Transcript, { props: { entries: log.entries, onselectreply } });
    const headers = screen.getAllByRole('heading').map((h) => h.textContent?.trim());
    expect(headers).toContain('mail.example.test → mx.elsewhere.test (relay)');
    // Back to the learner's own conversation (QUIT) after the relay's block.
    expect(headers.at(-1)).toBe('your connection');
    const relayEhlo = Array.from(container.querySelectorAll<HTMLElement>('[data-kind="client"]')).find((l) =>
      l.textContent?.includes('EHLO mail.example.test'),
    );
    expect(relayEhlo?.dataset.lane).toBe('relay');
    expect(relayEhlo).toHaveTextContent('mail.example.test to mx.elsewhere.test, C: EHLO mail.example.test');
    const learnerEhlo = Array.from(container.querySelectorAll<HTMLElement>('[data-kind="client"]')).filter(
      (l) => l.textContent?.includes('EHLO laptop.client.test'),
    );
    expect(learnerEhlo.length).toBe(2);
    for (const l of learnerEhlo) expect(l.dataset.lane).toBe('learner');
    // The relay block comes after the header, and its replies are explainable by a click like any other.
    const relayReplies = Array.from(container.querySelectorAll<HTMLElement>('button[data-lane="relay"]'));
    expect(relayReplies.length).toBeGreaterThan(4);
    expect(relayReplies[0]).toHaveTextContent(
      /mx\.elsewhere\.test to mail\.example\.test, S: 220 mx\.elsewhere\.test/,
    );
    relayReplies[0].click();
    expect(onselectreply).toHaveBeenCalledWith(expect.objectContaining({ code: 220 }), expect.anything());
  });
});

describe('Copy', () => {
  async function copied(entries: Parameters<typeof converse>[0] | null): Promise<string> {
    const writeText = vi.fn((_text: string) => Promise.resolve());
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    try {
      const log = entries ? converse(entries) : (await travelled()).log;
      render(Transcript, { props: { entries: log.entries } });
      screen.getByRole('button', { name: 'Copy' }).click();
      await vi.waitFor(() => expect(writeText).toHaveBeenCalledTimes(1));
      return writeText.mock.calls[0][0];
    } finally {
      vi.unstubAllGlobals();
    }
  }

  it('keeps a typed tab as a tab, which the page shows as the terminal did (up to column 8 of the line)', async () => {
    const lines = ['EHLO laptop\r\n', 'MAIL FROM:<a@client.test>\r\n', 'RCPT TO:<alice@example.test>\r\n'];
    const typed = ['DATA\r\n', 'To:\talice\r\n', 'abcdefgh\tx\r\n'];
    const text = await copied([...lines, ...typed]);
    expect(text).toContain('C: To:\talice');
    expect(text).toContain('C: abcdefgh\tx');
    const shown = [...document.querySelectorAll('.line.client .text')].map((el) => el.textContent);
    expect(shown).toContain('To:     alice');
    expect(shown).toContain('abcdefgh        x');
  });

  it('gives the C:/S: text, with no lane headers while mail does not travel', async () => {
    const text = await copied(['EHLO laptop\r\n']);
    expect(text.split('\n').slice(0, 3)).toEqual([
      '-- connected to mail.example.test port 25 (postfix)',
      'S: 220 mail.example.test ESMTP Postfix',
      'C: EHLO laptop',
    ]);
    expect(text).not.toMatch(/your connection|relay\)/);
  });

  it('gives a relay’s conversation under its header, its C:/S: lines indented, then the learner’s again', async () => {
    const lines = (await copied(null)).split('\n');
    const header = lines.indexOf('-- mail.example.test → mx.elsewhere.test (relay)');
    expect(header).toBeGreaterThan(0);
    // The learner's lines before it have no header (nothing travelled yet) and no indent.
    expect(lines.slice(0, header).some((l) => l.startsWith('-- your connection'))).toBe(false);
    expect(lines).toContain('C: EHLO laptop.client.test');
    expect(lines.slice(header + 1, header + 4)).toEqual([
      '-- connected to mx.elsewhere.test port 25 (postfix)',
      '    S: 220 mx.elsewhere.test ESMTP Postfix',
      '    C: EHLO mail.example.test',
    ]);
    const back = lines.lastIndexOf('-- your connection');
    expect(back).toBeGreaterThan(header);
    expect(lines[back + 1]).toBe('C: QUIT');
  });
});

describe('Transcript when printed', () => {
  it('draws every row of a long session while printing (at once, inside beforeprint), and a window after', () => {
    const log = converse(LONG_SESSION);
    expectPrintsWhole(
      () => render(Transcript, { props: { entries: log.entries } }),
      '.log > [data-id]',
      log.entries.length,
    );
  });
});
