// A host's mail queue as Postfix keeps it (one entry per queue file: the envelope, the recipients still to
// do with their last deferral reason, the message with the accepting host's Received line) and the retry
// arithmetic of qmgr(8); `postqueue -p` prints it.
import { ctimeDate } from '../dates.ts';
import type { Environment, MailHost } from '../types.ts';

/** The qmgr(8) and bounce(8) parameters the simulation uses, in seconds (Postfix's main.cf names). */
export interface QueueSettings {
  minimal_backoff_time: number;
  maximal_backoff_time: number;
  maximal_queue_lifetime: number;
  /** 0: no delay warnings at all, whatever NOTIFY says (cleanup(8) writes a warning time only when > 0). */
  delay_warning_time: number;
}

/** Postfix 3.7's defaults (postconf -d). */
export const POSTFIX_QUEUE_DEFAULTS: QueueSettings = {
  minimal_backoff_time: 300,
  maximal_backoff_time: 4000,
  maximal_queue_lifetime: 5 * 86400,
  delay_warning_time: 0,
};

export interface QueuedRecipient {
  /** Where it goes (after alias expansion), lower-cased. */
  address: string;
  /** The RCPT TO as given (ORCPT when the client gave none). */
  original: string;
  params: Record<string, string>;
  /** The last deferral (Postfix keeps it in the defer log; mailq prints it). */
  deferred?: { reason: string; dsn: string; remote?: { mta: string; reply: string } };
}

export interface QueueEntry {
  queueId: string;
  host: MailHost;
  sender: string;
  mailParams: Record<string, string>;
  recipients: QueuedRecipient[];
  /** The queue file's message: the accepting host's Received line, then the message; lines joined with LF. */
  content: string;
  /** Octets with CR LF line ends, as qmgr logs it and MAIL FROM's SIZE= says. */
  size: number;
  arrival: number;
  nextAttempt: number;
  /** When a delay warning is due (null: none, or already sent). */
  warnAt: number | null;
  attempts: number;
}

/**
 * qmgr_active_done(): a message with deferred recipients waits as long as it has been in the queue, but at
 * least minimal_backoff_time and at most maximal_backoff_time, so the waits roughly double.
 */
export function backoff(entry: QueueEntry, now: number, settings: QueueSettings): number {
  const age = Math.floor((now - entry.arrival) / 1000);
  return Math.min(settings.maximal_backoff_time, Math.max(settings.minimal_backoff_time, age)) * 1000;
}

/** Octets of the message on the wire: every line end is CR LF. */
export function wireSize(content: string): number {
  // Each stored line ends with CR LF, the last one included (the queue file holds whole lines).
  const lines = content === '' ? 0 : content.split('\n').length;
  return new TextEncoder().encode(content).length + lines + 1 - (content === '' ? 1 : 0);
}

/**
 * `postqueue -p` (showq): a header, per message its ID, size, arrival time and sender, then each recipient
 * still to do, after the reason of its last deferral; a total line. Recorded: tests/refs-two-hop/mailq-*.txt.
 */
export function formatMailq(entries: readonly QueueEntry[], env: Environment): string {
  if (entries.length === 0) return 'Mail queue is empty\n';
  const out = ['-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------'];
  let total = 0;
  for (const e of entries) {
    total += e.size;
    const arrival = ctimeDate(e.arrival, env).slice(0, 20);
    out.push(
      `${e.queueId.padEnd(11)}${String(e.size).padStart(8)} ${arrival} ${e.sender || 'MAILER-DAEMON'}`,
    );
    let lastReason: string | null = null;
    for (const r of e.recipients) {
      const reason = r.deferred?.reason ?? null;
      if (reason !== null && reason !== lastReason) out.push(`(${reason})`);
      lastReason = reason;
      out.push(`${' '.repeat(41)}${r.address}`);
    }
    out.push('');
  }
  const n = entries.length;
  out.push(`-- ${Math.floor(total / 1024)} Kbytes in ${n} Request${n === 1 ? '' : 's'}.`);
  return out.join('\n') + '\n';
}
