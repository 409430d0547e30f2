// Pure helpers of the mailbox viewer: header fields, envelope-versus-header comparison, and which stored lines
// the server added. No DOM, so component tests and views share one reading of a StoredMessage.
import { addressParser, decodeWords } from 'postal-mime';
import { headerFields, splitHeaders, type HeaderField } from '../../smtp/headers.ts';
import type { StoredMessage } from '../../smtp/types.ts';

// The core's reading of the header section, so that the view and delivery agree where headers end.
export { headerFields, type HeaderField };

export interface Address {
  name: string;
  address: string;
}

/** Mailboxes named in an address header value; groups are flattened, bad input yields what could be read. */
export function parseAddresses(value: string): Address[] {
  try {
    return addressParser(value, { flatten: true })
      .filter((a) => a.address !== undefined)
      .map((a) => ({ name: a.name, address: a.address ?? '' }))
      .filter((a) => a.address !== '' || a.name !== '');
  } catch {
    // The parser is lenient, but a hostile header must never take the view down.
    return [];
  }
}

/** RFC 2047 encoded words decoded for display; the raw text when they cannot be decoded. */
export function decodeHeader(value: string): string {
  try {
    return decodeWords(value);
  } catch {
    return value;
  }
}

/** "Name <address>", the name quoted when it holds specials (RFC 5322 3.2.3), so "a@b" <c@d> reads as it is. */
export function formatAddress(a: Address): string {
  if (!a.name) return a.address;
  const name = /[()<>[\]:;@\\,."]/.test(a.name) ? `"${a.name.replace(/["\\]/g, '\\$&')}"` : a.name;
  return a.address ? `${name} <${a.address}>` : name;
}

/** Addresses compare without case: domains are case-insensitive and real servers fold local parts too. */
export function sameAddress(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

// -------------------------------------------------------------------------------------------------------
// Which stored header fields came from the server.

/** The reason a server added a line; keys of strings.stored.why. */
export type AddedReason =
  | 'mboxFrom'
  | 'return-path'
  | 'x-original-to'
  | 'delivered-to'
  | 'received'
  | 'message-id'
  | 'date'
  | 'from'
  | 'empty-line'
  | 'x-mailbox-line'
  | 'respelled'
  | 'other';

export interface StoredSegment {
  text: string;
  /** Why the server added it; absent for what the client sent. */
  added?: AddedReason;
  kind: 'separator' | 'header' | 'body';
}

const REASONS = new Set<string>([
  'return-path',
  'x-original-to',
  'delivered-to',
  'received',
  'message-id',
  'date',
  'from',
  'x-mailbox-line',
]);

/** The client's content as it sits in the stored copy (the server may have respelled a field's name). */
function clientContent(message: StoredMessage): string {
  return message.queuedContent ?? message.content;
}

/**
 * Stored header fields, each marked as the client's or the server's; `rewritten`: the client's field as the
 * server rewrote it (X-Mailbox-Line made of a leading "From " line, a name respelled without the white space
 * before its colon: delivery's queuedContent).
 */
export function classifyStoredFields(
  message: StoredMessage,
): Array<HeaderField & { added: boolean; rewritten: boolean }> {
  const stored = headerFields(message.stored);
  const client = headerFields(clientContent(message)).map((f) => f.raw);
  // A field whose first line the client did not write among its header lines was rewritten.
  const end = message.content.indexOf('\n\n');
  const sent = new Set((end < 0 ? message.content : message.content.slice(0, end)).split('\n'));
  const changed = message.queuedContent !== undefined && message.queuedContent !== message.content;
  const rewritten = (raw: string) => changed && !sent.has(raw.slice(0, (raw + '\n').indexOf('\n')));
  // The client's header block sits in the stored copy in order, after the trace fields and before any fields
  // added because they were missing (delivery.ts). Find where it starts.
  for (let start = 0; start + client.length <= stored.length; start++) {
    if (client.every((raw, i) => stored[start + i].raw === raw)) {
      return stored.map((f, i) => {
        const added = i < start || i >= start + client.length;
        return { ...f, added, rewritten: !added && rewritten(f.raw) };
      });
    }
  }
  // No aligned block (a server that stores the message as it came, and a body that began with white space
  // folded into the header above it): match field by field.
  const pool = [...client];
  return stored.map((f) => {
    const at = pool.indexOf(f.raw);
    if (at >= 0) pool.splice(at, 1);
    return { ...f, added: at < 0, rewritten: at >= 0 && rewritten(f.raw) };
  });
}

/** The stored message (mbox separator, header fields, body) in segments, each marked added or not. */
export function storedSegments(message: StoredMessage): StoredSegment[] {
  const fields = classifyStoredFields(message);
  const segments: StoredSegment[] = [{ text: message.mboxFrom, added: 'mboxFrom', kind: 'separator' }];
  for (const f of fields) {
    const rewritten = f.key === 'x-mailbox-line' ? 'x-mailbox-line' : 'respelled';
    const added = f.added
      ? ((REASONS.has(f.key) ? f.key : 'other') as AddedReason)
      : f.rewritten
        ? rewritten
        : undefined;
    segments.push({ text: f.raw, added, kind: 'header' });
  }
  const headerLines = fields.reduce((n, f) => n + f.raw.split('\n').length, 0);
  const lines = message.stored === '' ? [] : message.stored.split('\n');
  let bodyStart = headerLines;
  // The client went from its headers straight to text; the server ended the header block there and wrote the
  // empty line itself (cleanup(8)).
  if (
    lines[headerLines] === '' &&
    lines.length > headerLines + 1 &&
    !splitHeaders(clientContent(message)).hadSeparator
  ) {
    segments.push({ text: '', added: 'empty-line', kind: 'body' });
    bodyStart++;
  }
  if (lines.length > bodyStart) segments.push({ text: lines.slice(bodyStart).join('\n'), kind: 'body' });
  return segments;
}

// -------------------------------------------------------------------------------------------------------
// Envelope versus headers.

export interface EnvelopeRecipient {
  address: string;
  /** The RCPT TO this stored copy was delivered for. */
  thisCopy: boolean;
  /** Address headers (To, Cc, Bcc) naming it; empty for a blind copy. */
  headers: string[];
}

export interface EnvelopeReport {
  /** '' for the null reverse-path <>. */
  mailFrom: string;
  recipients: EnvelopeRecipient[];
  /** The From header the reader sees (null if none), and whether the server added it. */
  from: { value: string; addresses: Address[]; added: boolean } | null;
  /** To, Cc and Bcc headers as the reader sees them, in that order, only those present. */
  recipientHeaders: Array<{ name: string; value: string; addresses: Address[]; added: boolean }>;
  /** Addresses in a recipient header that were no RCPT TO of the transaction. */
  headerOnly: Array<{ header: string; address: string }>;
  /** The From header names none of the envelope sender (never flagged for the null sender). */
  fromDiffers: boolean;
  /** A From display name that looks like another address, e.g. "ceo@bank.test" <x@evil.test>. */
  displayNameSpoof: Address | null;
}

const RECIPIENT_HEADERS = ['to', 'cc', 'bcc'];

export function envelopeReport(message: StoredMessage): EnvelopeReport {
  // The reader's view: every header except the trace fields at the top (those belong to the transport).
  const fields = classifyStoredFields(message);
  const client = headerFields(clientContent(message));
  const visible = fields.filter(
    (f) => !f.added || !['return-path', 'x-original-to', 'delivered-to', 'received'].includes(f.key),
  );
  const addedByServer = (f: HeaderField) => !client.some((c) => c.raw === f.raw);

  const fromField = visible.find((f) => f.key === 'from');
  const from = fromField
    ? {
        value: decodeHeader(fromField.value),
        addresses: parseAddresses(fromField.value),
        added: addedByServer(fromField),
      }
    : null;

  const recipientHeaders = RECIPIENT_HEADERS.flatMap((key) =>
    visible
      .filter((f) => f.key === key)
      .map((f) => ({
        name: f.name,
        value: decodeHeader(f.value),
        addresses: parseAddresses(f.value),
        added: addedByServer(f),
      })),
  );

  const recipients = message.envelope.rcptTo.map((r) => ({
    address: r.address,
    thisCopy: sameAddress(r.address, message.originalRecipient),
    headers: [
      ...new Set(
        recipientHeaders
          .filter((h) => h.addresses.some((a) => sameAddress(a.address, r.address)))
          .map((h) => h.name),
      ),
    ],
  }));

  const headerOnly = recipientHeaders.flatMap((h) =>
    h.addresses
      .filter((a) => a.address && !message.envelope.rcptTo.some((r) => sameAddress(r.address, a.address)))
      .map((a) => ({ header: h.name, address: a.address })),
  );

  const mailFrom = message.envelope.mailFrom;
  const fromDiffers =
    mailFrom !== '' &&
    from !== null &&
    from.addresses.length > 0 &&
    !from.addresses.some((a) => sameAddress(a.address, mailFrom));

  return {
    mailFrom,
    recipients,
    from,
    recipientHeaders,
    headerOnly,
    fromDiffers,
    displayNameSpoof: spoofedName(from?.addresses ?? []),
  };
}

function spoofedName(addresses: Address[]): Address | null {
  for (const a of addresses) {
    const inName = /[^\s<>"@]+@[^\s<>"@]+\.[^\s<>"@]+/.exec(a.name)?.[0];
    if (inName && !sameAddress(inName, a.address)) return a;
  }
  return null;
}

// -------------------------------------------------------------------------------------------------------
// The message list.

export interface MessageSummary {
  /** Index in net.mailbox(address): stable, because mailboxes only grow. */
  index: number;
  message: StoredMessage;
  from: string;
  subject: string;
}

export interface MailboxSummary {
  address: string;
  /** Newest first. */
  messages: MessageSummary[];
}

/** Mailboxes in address order, each with its messages newest first. */
export function mailboxList(boxes: ReadonlyMap<string, readonly StoredMessage[]>): MailboxSummary[] {
  return [...boxes.entries()]
    .filter(([, messages]) => messages.length > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([address, messages]) => ({
      address,
      messages: messages
        .map((message, index) => ({ index, message, ...summarize(message) }))
        .sort((a, b) => b.message.receivedAt - a.message.receivedAt || b.index - a.index),
    }));
}

/** From and Subject as the reader sees them ('' when absent). */
export function summarize(message: StoredMessage): { from: string; subject: string } {
  const fields = headerFields(message.stored);
  const fromValue = fields.find((f) => f.key === 'from')?.value;
  const addresses = fromValue === undefined ? [] : parseAddresses(fromValue);
  const from = addresses.length > 0 ? addresses.map(formatAddress).join(', ') : decodeHeader(fromValue ?? '');
  return { from, subject: decodeHeader(fields.find((f) => f.key === 'subject')?.value ?? '') };
}

/** "2026-11-22 23:02:45 UTC" in the simulated world's zone, independent of the reader's locale and zone. */
export function formatWhen(
  ms: number,
  zone: { offsetMinutes: number; name: string } = { offsetMinutes: 0, name: 'UTC' },
): string {
  const d = new Date(ms + zone.offsetMinutes * 60_000);
  if (Number.isNaN(d.getTime())) return '';
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} ${zone.name}`;
}
