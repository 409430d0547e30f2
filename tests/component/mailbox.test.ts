// The mailbox viewer as a learner uses it: messages delivered through the SMTP core, chosen and read by keyboard.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { tick } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import Mailbox from '../../src/ui/mailbox/Mailbox.svelte';
import { cidMessage, PNG, sendMail, testNetwork } from './mailbox-send.ts';

afterEach(cleanup);

function open(subject: string | RegExp) {
  return userEvent.setup().click(screen.getByRole('button', { name: subject }));
}

describe('Mailbox', () => {
  it('shows messages as they are delivered, newest first, with From, Subject and queue ID', async () => {
    const net = testNetwork();
    render(Mailbox, { props: { network: net } });
    expect(screen.getByText(/No mail delivered yet/)).toBeInTheDocument();

    const first = sendMail(net, {
      from: 'learner@client.test',
      to: ['alice@example.test'],
      data: 'From: Learner <learner@client.test>\nSubject: first\n\n1',
    });
    sendMail(net, {
      from: 'learner@client.test',
      to: ['alice@example.test'],
      data: 'From: Learner <learner@client.test>\nSubject: second\n\n2',
    });

    const list = await screen.findByRole('list', { name: /alice@example\.test \(2 messages\)/ });
    const items = within(list).getAllByRole('button');
    expect(items.map((b) => within(b).getByText(/first|second/).textContent)).toEqual(['second', 'first']);
    const queueId = /queued as (\w+)/.exec(first.join(''))?.[1] ?? '';
    expect(queueId).not.toBe('');
    expect(items[1]).toHaveTextContent(queueId);
    expect(items[1]).toHaveTextContent('Learner <learner@client.test>');
  });

  it('puts the envelope beside the headers, shows the Bcc recipient and flags a forged From', async () => {
    const net = testNetwork();
    sendMail(net, {
      from: 'learner@client.test',
      to: ['alice@example.test', 'bob@example.test'],
      data: 'From: The Bank <security@bank.test>\nTo: alice@example.test\nSubject: Verify your account\n\nClick.',
    });
    render(Mailbox, { props: { network: net } });
    const bobList = screen.getByRole('list', { name: /bob@example\.test/ });
    await userEvent.setup().click(within(bobList).getByRole('button'));

    const panel = screen.getByRole('tabpanel', { name: 'Envelope vs headers' });
    expect(within(panel).getByText('<learner@client.test>')).toBeInTheDocument();
    const bob = within(panel).getByText('<bob@example.test>').closest('li');
    expect(bob).toHaveTextContent('this copy');
    expect(bob).toHaveTextContent('in no header: a blind copy (Bcc)');
    expect(within(panel).getByText('<alice@example.test>').closest('li')).toHaveTextContent('also in To');
    const warning = panel.querySelector('[data-finding="from-differs"]');
    expect(warning).toHaveTextContent('security@bank.test');
    expect(warning).toHaveTextContent('learner@client.test');
  });

  it('says the From header matches when it does', async () => {
    const net = testNetwork();
    sendMail(net, {
      from: 'learner@client.test',
      to: ['alice@example.test'],
      data: 'From: learner@client.test\nTo: alice@example.test\nSubject: honest\n\nx',
    });
    render(Mailbox, { props: { network: net } });
    await open(/honest/);
    const panel = screen.getByRole('tabpanel', { name: 'Envelope vs headers' });
    expect(panel.querySelector('[data-finding="from-differs"]')).toBeNull();
    expect(panel.querySelector('[data-finding="from-matches"]')).not.toBeNull();
    expect(panel.querySelector('[data-finding="bcc"]')).toBeNull();
  });

  it('marks the headers the server added in the stored text, and only those', async () => {
    const net = testNetwork();
    sendMail(net, {
      from: 'learner@client.test',
      to: ['alice@example.test'],
      data: 'Subject: no date\n\nbody',
      clientAddress: '127.0.0.1',
    });
    render(Mailbox, { props: { network: net } });
    await open(/no date/);
    await userEvent.setup().click(screen.getByRole('tab', { name: 'As stored' }));

    const panel = screen.getByRole('tabpanel', { name: 'As stored' });
    const rows = within(panel).getAllByRole('listitem');
    const added = rows.filter((r) => r.textContent?.includes('added by the server:'));
    const firstLines = added.map((r) => r.querySelector('pre')?.textContent?.split(/[:\s]/)[0]);
    expect(firstLines).toEqual([
      'From',
      'Return-Path',
      'X-Original-To',
      'Delivered-To',
      'Received',
      'Message-Id',
      'Date',
      'From',
    ]);
    const subject = rows.find((r) => r.querySelector('pre')?.textContent === 'Subject: no date');
    expect(subject).toBeDefined();
    expect(subject).not.toHaveTextContent('added by the server');
    expect(rows.at(-1)?.querySelector('pre')?.textContent).toBe('\nbody');
  });

  it('text typed right after the headers is the body, as Postfix stores it: rendered, and the empty line marked', async () => {
    const net = testNetwork();
    sendMail(net, {
      from: 'learner@client.test',
      to: ['alice@example.test'],
      data: 'Subject: forgot\nhello there',
    });
    render(Mailbox, { props: { network: net } });
    await open(/forgot/);
    await userEvent.setup().click(screen.getByRole('tab', { name: 'Rendered' }));
    const rendered = screen.getByRole('tabpanel', { name: 'Rendered' });
    expect(await within(rendered).findByText('hello there')).toBeInTheDocument();
    expect(within(rendered).queryByTestId('no-body-why')).toBeNull();

    await userEvent.setup().click(screen.getByRole('tab', { name: 'As stored' }));
    const rows = within(screen.getByRole('tabpanel', { name: 'As stored' })).getAllByRole('listitem');
    const empty = rows.find((r) => r.dataset.added === 'empty-line');
    expect(empty?.querySelector('pre')?.textContent).toBe('');
    expect(empty).toHaveTextContent('put the empty line in');
    expect(rows.at(-1)?.querySelector('pre')?.textContent).toBe('hello there');
  });

  it('renders a multipart message: text part, HTML in a sandboxed frame, the cid: image as data:', async () => {
    const net = testNetwork();
    sendMail(net, { from: 'noreply@alanzanotti.test', to: ['alice@example.test'], data: cidMessage });
    render(Mailbox, { props: { network: net } });
    await open(/I want this cat!/);
    await userEvent.setup().click(screen.getByRole('tab', { name: 'Rendered' }));

    const frame = await screen.findByTitle(/HTML part of "I want this cat!"/);
    expect(frame.tagName).toBe('IFRAME');
    expect(frame.getAttribute('sandbox')).toBe('');
    expect(frame.getAttribute('sandbox')).not.toMatch(/allow-/);
    const srcdoc = frame.getAttribute('srcdoc') ?? '';
    expect(srcdoc.startsWith('<!doctype html><meta http-equiv="Content-Security-Policy"')).toBe(true);
    expect(srcdoc).toContain(`src="data:image/png;base64,${PNG}"`);
    expect(srcdoc).not.toContain('cid:1234567890');
    // The message's HTML never reaches the page itself.
    expect(document.querySelector('img[alt="cat"]')).toBeNull();

    const panel = screen.getByRole('tabpanel', { name: 'Rendered' });
    expect(within(panel).getByText(/She's so cute!/)).toBeInTheDocument();
    const attachments = within(panel).getByRole('region', { name: 'Attachments' });
    expect(attachments).toHaveTextContent('cortana-the-cat.png');
    expect(attachments).toHaveTextContent('image/png');
    expect(attachments).toHaveTextContent('70 bytes');
  });

  it('shows a delivery report: the note, then its delivery-status and headers parts as text', async () => {
    const net = testNetwork();
    sendMail(net, {
      from: 'bob@example.test',
      to: ['alice@example.test'],
      rcptParams: 'NOTIFY=SUCCESS',
      data: 'Subject: report please\n\nhi',
    });
    render(Mailbox, { props: { network: net } });
    await open(/Successful Mail Delivery Report/);
    await userEvent.setup().click(screen.getByRole('tab', { name: 'Rendered' }));
    const panel = screen.getByRole('tabpanel', { name: 'Rendered' });
    expect(await within(panel).findByText(/successfully delivered/, { selector: 'pre' })).toBeInTheDocument();
    const attachments = within(panel).getByRole('region', { name: 'Attachments' });
    const parts = Array.from(attachments.querySelectorAll('pre'), (pre) => pre.textContent ?? '');
    expect(parts).toHaveLength(2);
    expect(parts[0]).toMatch(/^Action: delivered$/m);
    expect(parts[0]).toMatch(/^Status: 2\.0\.0$/m);
    expect(parts[1]).toMatch(/^Subject: report please$/m);
  });

  it('keeps hostile HTML out of the page and says what it removed', async () => {
    const net = testNetwork();
    sendMail(net, {
      from: 'x@client.test',
      to: ['alice@example.test'],
      data: 'Subject: xss\nContent-Type: text/html\n\n<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b>bold</b>',
    });
    render(Mailbox, { props: { network: net } });
    await open(/xss/);
    await userEvent.setup().click(screen.getByRole('tab', { name: 'Rendered' }));
    const frame = await screen.findByTitle(/HTML part/);
    expect(frame.getAttribute('srcdoc')).not.toMatch(/onerror|<script/);
    expect(document.body.innerHTML).not.toContain('<b>bold</b>');
    const panel = screen.getByRole('tabpanel', { name: 'Rendered' });
    expect(panel.querySelector('[data-blocked="scripts"]')).toHaveTextContent('1 script');
    expect(panel.querySelector('[data-blocked="handlers"]')).toHaveTextContent('1 event-handler');
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('shows the raw text with a clear note when the MIME cannot be read', async () => {
    let nested = 'Subject: broken\nContent-Type: multipart/mixed; boundary=b0\n\n';
    for (let i = 1; i < 100; i++) nested += `--b${i - 1}\nContent-Type: multipart/mixed; boundary=b${i}\n\n`;
    const net = testNetwork();
    sendMail(net, { from: 'x@client.test', to: ['alice@example.test'], data: nested });
    render(Mailbox, { props: { network: net } });
    await open(/broken/);
    await userEvent.setup().click(screen.getByRole('tab', { name: 'Rendered' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not parse this message as MIME');
    const panel = screen.getByRole('tabpanel', { name: 'Rendered' });
    expect(panel.querySelector('pre')?.textContent).toContain('--b98');
  });

  it('reads Unicode headers and bodies without trouble', async () => {
    const net = testNetwork();
    sendMail(net, {
      from: 'zoe@client.test',
      to: ['alice@example.test'],
      data: 'From: Zoë <zoë@client.test>\nSubject: =?UTF-8?B?Q2Fmw6kg4piV?= 猫\n\nנעים מאוד 😀',
    });
    render(Mailbox, { props: { network: net } });
    await open(/Café ☕ 猫/);
    await userEvent.setup().click(screen.getByRole('tab', { name: 'Rendered' }));
    const panel = screen.getByRole('tabpanel', { name: 'Rendered' });
    expect(await within(panel).findByText(/נעים מאוד 😀/)).toBeInTheDocument();
  });

  it('gives its headings real h2–h6 elements one level under where it sits, labelling their sections', async () => {
    const net = testNetwork();
    sendMail(net, { from: 'noreply@alanzanotti.test', to: ['alice@example.test'], data: cidMessage });
    const headings = () =>
      [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => `${h.tagName} ${h.textContent}`);
    // In a lesson the panel's summary is an h2: the mailbox starts at h3.
    render(Mailbox, { props: { network: net, headingLevel: 3 } });
    await open(/I want this cat!/);
    expect(headings()).toEqual([
      'H3 Mailboxes',
      'H4 alice@example.test (1 message)',
      'H4 I want this cat!',
      'H5 Envelope (SMTP commands)',
      'H5 Headers (inside the message)',
    ]);
    expect(screen.getByRole('region', { name: 'Mailboxes' })).toBeInTheDocument();
    expect(screen.getByRole('list', { name: 'alice@example.test (1 message)' })).toBeInTheDocument();
    expect(screen.getByRole('article', { name: 'I want this cat!' })).toBeInTheDocument();
    await userEvent.setup().click(screen.getByRole('tab', { name: 'Rendered' }));
    expect(headings().slice(3)).toEqual(['H5 HTML part', 'H5 Attachments']);
    cleanup();
    // The sandbox's own mailbox starts at h2.
    render(Mailbox, { props: { network: net } });
    expect(headings().slice(0, 2)).toEqual(['H2 Mailboxes', 'H3 alice@example.test (1 message)']);
  });

  it('moves between tabs with the arrow keys, Home and End', async () => {
    const net = testNetwork();
    sendMail(net, { from: 'a@client.test', to: ['alice@example.test'], data: 'Subject: keys\n\nx' });
    render(Mailbox, { props: { network: net } });
    await open(/keys/);
    const tabs = within(screen.getByRole('tablist')).getAllByRole('tab');
    expect(tabs.map((t) => t.getAttribute('aria-selected'))).toEqual(['true', 'false', 'false']);
    expect(tabs.map((t) => t.tabIndex)).toEqual([0, -1, -1]);

    tabs[0].focus();
    await fireEvent.keyDown(tabs[0], { key: 'ArrowRight' });
    expect(tabs[1]).toHaveFocus();
    expect(tabs[1]).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('tabpanel', { name: 'As stored' })).toBeVisible();
    await fireEvent.keyDown(tabs[1], { key: 'End' });
    expect(tabs[2]).toHaveFocus();
    await fireEvent.keyDown(tabs[2], { key: 'ArrowRight' });
    expect(tabs[0]).toHaveFocus();
    await fireEvent.keyDown(tabs[0], { key: 'ArrowLeft' });
    expect(tabs[2]).toHaveAttribute('aria-selected', 'true');
    await fireEvent.keyDown(tabs[2], { key: 'Home' });
    expect(tabs[0]).toHaveAttribute('aria-selected', 'true');
    expect(tabs[0].getAttribute('aria-controls')).toBe(screen.getByRole('tabpanel').id);
  });

  it('starts over when it is handed a new Network', async () => {
    const net = testNetwork();
    sendMail(net, { from: 'a@client.test', to: ['alice@example.test'], data: 'Subject: old\n\nx' });
    const view = render(Mailbox, { props: { network: net } });
    expect(screen.getByRole('button', { name: /old/ })).toBeInTheDocument();
    const fresh = testNetwork();
    await view.rerender({ network: fresh });
    expect(screen.queryByRole('button', { name: /old/ })).toBeNull();
    sendMail(fresh, { from: 'a@client.test', to: ['bob@example.test'], data: 'Subject: new\n\nx' });
    await waitFor(() => expect(screen.getByRole('button', { name: /new/ })).toBeInTheDocument());
    // The old network's deliveries no longer reach the view.
    sendMail(net, { from: 'a@client.test', to: ['alice@example.test'], data: 'Subject: stale\n\nx' });
    await tick();
    expect(screen.queryByRole('button', { name: /stale/ })).toBeNull();
  });
});
