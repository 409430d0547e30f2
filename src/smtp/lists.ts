// A mailing list manager (Mailman 3 behind Postfix, in the shape its copies have): a message to a list
// address goes out again to every member, with a new envelope sender (NAME-bounces@domain, so bounces reach
// the list, and SPF is now the list's), the List-* header fields added below the others, and a footer
// appended to the body. The copy is handed back to the host's Postfix over SMTP from localhost, which adds
// its Received line. The footer changes the body, so a DKIM signature made before the list fails.
import { rfc5322Date } from './dates.ts';
import { splitAddress } from './grammar.ts';
import { splitHeaders } from './headers.ts';
import { requireProfile } from './profiles/registry.ts';
import { makeQueueId } from './queue-id.ts';
import type { Network } from './network.ts';
import type { Environment, MailHost, StoredMessage } from './types.ts';

/**
 * The list manager runs after delivery (Network.store loads this module for mail to a list address): each copy
 * goes out through the host's queue. A copy that carries signatures is verified quietly first, so that a
 * checking receiver answers the relay at once.
 */
export async function sendListCopies(
  network: Network,
  host: MailHost,
  message: StoredMessage,
): Promise<void> {
  for (const copy of listCopies(host, message, network.env) ?? []) {
    if (/^DKIM-Signature:/im.test(copy.content))
      await import('./auth/world.ts').then((m) => m.warm(network, copy.content)).catch(() => {});
    if (!network.outbound?.take(copy)) network.store(copy);
  }
}

/** The copies a list sends for a message stored for its address on this host, or null: not a list. */
export function listCopies(host: MailHost, message: StoredMessage, env: Environment): StoredMessage[] | null {
  const { local, domain } = splitAddress(message.mailbox.toLowerCase());
  const list = host.lists?.find((l) => l.name.toLowerCase() === local);
  if (!list || !host.domains.some((d) => d.toLowerCase() === domain)) return null;
  const address = `${list.name}@${domain}`;
  const sender = `${list.name}-bounces@${domain}`;
  // What the list manager received: the message as delivered, without the delivery's own lines.
  const received = message.stored.replace(/^(?:(?:Return-Path|X-Original-To|Delivered-To):.*\n)+/i, '');
  const { headers, body } = splitHeaders(received);
  const added = [
    `List-Id: ${list.title} <${list.name}.${domain}>`,
    `List-Post: <mailto:${address}>`,
    `List-Unsubscribe: <mailto:${list.name}-leave@${domain}>`,
  ];
  const content = [...headers, ...added, '', ...withFooter(body, list.footer)].join('\n');
  const profile = requireProfile(host.services[0]?.profile ?? 'postfix');
  return list.members.map((member) => {
    const queueId = makeQueueId('postfix', env);
    const at = env.now();
    const trace =
      `Received: from ${host.name} (localhost [127.0.0.1])\n\tby ${host.name} (${profile.software}) ` +
      `with ESMTP id ${queueId}\n\tfor <${member}>; ${rfc5322Date(at, env)}`;
    return {
      queueId,
      mailbox: member.toLowerCase(),
      originalRecipient: member,
      envelope: { mailFrom: sender, mailParams: {}, rcptTo: [{ address: member, params: {} }] },
      heloName: host.name,
      clientAddress: '127.0.0.1',
      protocol: 'ESMTP',
      content: `${trace}\n${content}`,
      stored: `${trace}\n${content}`,
      mboxFrom: '',
      receivedAt: at,
      host: host.name,
    };
  });
}

function withFooter(body: string[], footer: string[]): string[] {
  const lines = [...body];
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return [...lines, ...footer];
}
