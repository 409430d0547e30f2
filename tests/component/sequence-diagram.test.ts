import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/svelte';
import SequenceDiagram from '../../src/ui/SequenceDiagram.svelte';
import { converse, travelled } from './conversation.ts';
import { expectPrintsWhole, LONG_SESSION } from './printing.ts';

const arrowsOf = (container: HTMLElement, kind: string) =>
  Array.from(container.querySelectorAll<HTMLElement>(`li[data-kind="${kind}"]`));

/** The visible label of an arrow (without the text for screen readers). */
const label = (arrow: HTMLElement) => {
  const copy = arrow.cloneNode(true) as HTMLElement;
  copy.querySelectorAll('.sr-only').forEach((e) => e.remove());
  return copy.textContent?.trim();
};

afterEach(() => cleanup());

describe('SequenceDiagram', () => {
  it('draws one arrow per command and one per reply, with the reply class as text', () => {
    const log = converse([
      'EHLO laptop\r\n',
      'MAIL FROM:<a@client.test>\r\n',
      'RCPT TO:<nobody@example.test>\r\n',
    ]);
    const { container } = render(SequenceDiagram, { props: { arrows: log.arrows } });
    expect(arrowsOf(container, 'command').map(label)).toEqual([
      'EHLO laptop',
      'MAIL FROM:<a@client.test>',
      'RCPT TO:<nobody@example.test>',
    ]);
    const replies = arrowsOf(container, 'reply');
    expect(replies.map((r) => r.dataset.class)).toEqual(['2xx', '2xx', '2xx', '5xx']);
    expect(replies[3]).toHaveTextContent('5xx permanent failure');
    expect(replies[3]).toHaveTextContent('550 5.1.1');
    expect(replies[0]).toHaveTextContent('2xx success');
  });

  it('shows the message content as one arrow with its line count, then the dot', () => {
    const log = converse([
      'HELO laptop\r\n',
      'MAIL FROM:<a@client.test>\r\n',
      'RCPT TO:<alice@example.test>\r\n',
      'DATA\r\n',
      'Subject: hi\r\n',
      '\r\n',
      'Hello\r\n',
      '.\r\n',
    ]);
    const { container } = render(SequenceDiagram, { props: { arrows: log.arrows } });
    const messages = arrowsOf(container, 'message');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toHaveTextContent('message, 3 lines');
    const commands = arrowsOf(container, 'command').map(label);
    expect(commands.at(-1)).toBe('.');
    expect(arrowsOf(container, 'reply').at(-1)).toHaveAttribute('data-class', '2xx');
    expect(arrowsOf(container, 'reply').at(-2)).toHaveAttribute('data-class', '3xx');
  });

  it('marks a command that ended with a bare LF when line endings are shown', () => {
    const log = converse(['EHLO laptop\n']);
    const { container } = render(SequenceDiagram, { props: { arrows: log.arrows, showEndings: true } });
    expect(arrowsOf(container, 'command')[0].querySelector('[data-ending="bare-lf"]')).not.toBeNull();
  });

  it('names the lanes: the client machine and the server of the connection', () => {
    const log = converse([]);
    render(SequenceDiagram, { props: { arrows: log.arrows, clientName: 'laptop.client.test' } });
    expect(screen.getByText('laptop.client.test')).toBeInTheDocument();
    expect(screen.getByText('mail.example.test:25')).toBeInTheDocument();
  });

  it('is an ordered list with a label, so assistive technology reads it in order', () => {
    render(SequenceDiagram, { props: { arrows: converse(['NOOP\r\n']).arrows } });
    expect(
      screen.getByRole('list', { name: 'Sequence diagram of the SMTP conversation' }),
    ).toBeInTheDocument();
  });
});

describe('SequenceDiagram with a relay hop', () => {
  it('adds a lane for the next hop and draws the relay’s arrows between the second and third lanes', async () => {
    const { log } = await travelled();
    const { container } = render(SequenceDiagram, {
      props: { arrows: log.arrows, clientName: 'laptop.client.test' },
    });
    const lanes = Array.from(container.querySelectorAll<HTMLElement>('.lanes .lane small')).map(
      (l) => l.textContent,
    );
    expect(lanes).toEqual(['laptop.client.test', 'mail.example.test:587', 'mx.elsewhere.test']);
    const commands = arrowsOf(container, 'command');
    const hop = (text: string) => commands.find((a) => label(a) === text)?.dataset.hop;
    expect(hop('EHLO laptop.client.test')).toBe('1');
    expect(hop('EHLO mail.example.test')).toBe('2');
    expect(hop('RCPT TO:<alice@elsewhere.test>')).toBe('1');
    const relayArrows = Array.from(container.querySelectorAll<HTMLElement>('li[data-hop="2"]'));
    // In order as it happened: the relay's greeting, EHLO, …, its QUIT, all between the second and third lanes.
    expect(relayArrows.some((a) => a.dataset.kind === 'message')).toBe(true);
    expect(relayArrows.find((a) => a.dataset.kind === 'reply')?.textContent).toContain(
      'mx.elsewhere.test to mail.example.test',
    );
  });

  it('keeps two lanes while nothing was passed on', () => {
    const { container } = render(SequenceDiagram, {
      props: { arrows: converse(['EHLO laptop\r\n']).arrows },
    });
    expect(container.querySelectorAll('.lanes .lane')).toHaveLength(2);
    expect(container.querySelectorAll('li[data-hop="2"]')).toHaveLength(0);
  });
});

describe('SequenceDiagram when printed', () => {
  it('draws every row of a long session while printing (at once, inside beforeprint), and a window after', () => {
    const log = converse(LONG_SESSION);
    expectPrintsWhole(
      () => render(SequenceDiagram, { props: { arrows: log.arrows } }),
      'ol > [data-id]',
      log.arrows.length,
    );
  });
});
