// The verdict badges of a message checked by mx.elsewhere.test: a badge per method, each a button whose
// explanation names the DNS record read and the RFC; a message nobody checked shows no badges.
import { cleanup, render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadReceiverChecks } from '../../src/smtp/auth-loader.ts';
import Mailbox from '../../src/ui/mailbox/Mailbox.svelte';
import { fixedEnvironment } from '../../src/smtp/environment.ts';
import { Network } from '../../src/smtp/network.ts';
import { checkingWorld } from '../../src/smtp/worlds.ts';
import { sendMail } from './mailbox-send.ts';

const testNetwork = () => new Network(checkingWorld, fixedEnvironment());

afterEach(cleanup);
// sendMail types a whole session at once; with the checks loaded they answer before its QUIT.
beforeAll(() => loadReceiverChecks());

describe('verdict badges', () => {
  it('a forged CEO from a domain without DMARC: SPF pass, DKIM none, DMARC none, each explained', async () => {
    const net = testNetwork();
    render(Mailbox, { props: { network: net } });
    sendMail(net, {
      host: 'mx.elsewhere.test',
      from: 'learner@client.test',
      to: ['carol@elsewhere.test'],
      data: 'From: The CEO <ceo@elsewhere.test>\nSubject: Gift cards\n\nBuy them.',
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: /Gift cards/ }));
    const region = await screen.findByRole('region', { name: /Checked by mx\.elsewhere\.test/ });
    const spf = within(region).getByRole('button', { name: 'SPF pass: why?' });
    const dkim = within(region).getByRole('button', { name: 'DKIM none: why?' });
    const dmarc = within(region).getByRole('button', { name: 'DMARC none: why?' });
    expect(spf).toHaveAttribute('aria-expanded', 'false');

    await user.click(spf);
    expect(spf).toHaveAttribute('aria-expanded', 'true');
    expect(region).toHaveTextContent('may send mail for client.test');
    expect(region).toHaveTextContent('v=spf1 ip4:203.0.113.7 -all');
    expect(region).toHaveTextContent('Decided by the term ip4:203.0.113.7');
    expect(region).toHaveTextContent('RFC 7208');

    await user.click(dmarc);
    expect(spf).toHaveAttribute('aria-expanded', 'false');
    expect(region).toHaveTextContent('No DMARC record at _dmarc.elsewhere.test');
    expect(region).toHaveTextContent('RFC 7489');

    await user.click(dkim);
    expect(region).toHaveTextContent('no DKIM-Signature header');
    await user.click(dkim);
    expect(dkim).toHaveAttribute('aria-expanded', 'false');
    expect(region).not.toHaveTextContent('no DKIM-Signature header');
  });

  it('a message the receiver did not check has no badges', async () => {
    const net = testNetwork();
    render(Mailbox, { props: { network: net } });
    sendMail(net, {
      from: 'bob@example.test',
      to: ['alice@example.test'],
      data: 'From: bob@example.test\nSubject: Unchecked\n\nx',
    });
    await userEvent.setup().click(await screen.findByRole('button', { name: /Unchecked/ }));
    await screen.findByText(/Servers deliver by the envelope/);
    expect(screen.queryByRole('region', { name: /Checked by/ })).toBeNull();
  });
});
