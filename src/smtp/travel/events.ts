// Mail that travels between hosts: the events a queue, its smtp(8)-like client and their DNS lookups add to
// the network's event stream (Network.on), for the transcript, a multi-lane sequence diagram and lessons.
//
// How the pieces fit (all in one Network, one simulator):
// - A host that accepts mail for a domain it does not deliver itself (mail.example.test after AUTH on 587/465,
//   or for a client in mynetworks) hands the message to its queue: `queue-add`.
// - The queue manager delivers it as Postfix's qmgr + smtp(8) do: an MX lookup (`relay-dns`, the same data
//   `dig` shows), a connection to the best MX, then the backup MX if that fails (`relay-connect`), and the
//   client conversation: every line the client writes is a `relay-command` (the message itself one
//   `relay-content`), every reply it reads a `relay-reply`.
// - The remote server is a real session of the core (src/smtp/session.ts) on the same Network, so its own
//   events (connected, command, reply, delivered, closed) are on the stream as well, with the connectionId
//   that `relay-connect` announced. A view draws one lane per host: laptop -> mail.example.test -> mx....
//   `Network.connectionOrigin(id)` says which connections a relay opened (lessons about the learner's own
//   session should skip those).
// - The outcome per recipient is a `queue-status` (sent / deferred / bounced / expired, with Postfix's DSN
//   and reason text, as its log line "to=<…>, relay=…, delay=…, dsn=…, status=…" shows), then
//   `queue-remove` when nothing is left to do. Reports (bounce, delay warning) are `queue-report`.
// - Time is simulated: `clock` says the clock jumped (the laptop's `sleep N`); due retries run then.
//
// Every event has `lane`: the pair of hosts it travels between, so that a diagram needs no other state, and a
// `connectionId` as every event of the stream has: the relay connection's, or 0 for queue, DNS and clock
// events (as the laptop's own DNS events).
import type { DnsRecord, Reply } from '../types.ts';

/** The two ends of an arrow in a lane diagram: client host -> server host (host names as in the world). */
export interface Lane {
  client: string;
  server: string;
}

/** Postfix's per-recipient outcome, as in its log ("status=deferred"). */
export type DeliveryStatus = 'sent' | 'deferred' | 'bounced' | 'expired';

export type TravelEvent =
  /** A message entered `host`'s queue (Postfix: cleanup, then qmgr "from=<…>, size=…, nrcpt=…"). */
  | {
      type: 'queue-add';
      connectionId: 0;
      host: string;
      queueId: string;
      sender: string;
      recipients: string[];
      /** Octets as mailq shows them. */
      size: number;
      at: number;
      lane: Lane;
    }
  /** The queue's MX (or A) lookup for a destination domain. */
  | {
      type: 'relay-dns';
      connectionId: 0;
      host: string;
      queueId: string;
      name: string;
      qtype: 'MX' | 'A';
      status: 'NOERROR' | 'NXDOMAIN';
      answers: DnsRecord[];
      at: number;
      lane: Lane;
    }
  /**
   * A connection attempt to one MX: `connectionId` is the network connection (its server events carry the
   * same id), 0 when nothing answered (`error`: Postfix's text, e.g. "Connection refused").
   */
  | {
      type: 'relay-connect';
      host: string;
      queueId: string;
      connectionId: number;
      server: string;
      address: string;
      port: number;
      preference: number | null;
      error?: string;
      at: number;
      lane: Lane;
    }
  /** A line the relay client wrote (without CRLF), e.g. "EHLO mail.example.test", "RCPT TO:<…>". */
  | { type: 'relay-command'; host: string; queueId: string; connectionId: number; line: string; lane: Lane }
  /** The message content the client sent after DATA's 354 (dot-stuffed on the wire, ended by "."). */
  | {
      type: 'relay-content';
      host: string;
      queueId: string;
      connectionId: number;
      lines: number;
      octets: number;
      lane: Lane;
    }
  /** A reply the relay client read; `command` is the line it answers (null for the greeting). */
  | {
      type: 'relay-reply';
      host: string;
      queueId: string;
      connectionId: number;
      reply: Reply;
      wire: string;
      command: string | null;
      lane: Lane;
    }
  /** TLS started on a relay connection (after 220 to STARTTLS). */
  | { type: 'relay-tls'; host: string; queueId: string; connectionId: number; lane: Lane }
  /** The relay client closed a connection (after QUIT, or after a failure). */
  | { type: 'relay-close'; host: string; queueId: string; connectionId: number; lane: Lane }
  /** The outcome for one recipient of one attempt (Postfix's smtp/local log line). */
  | {
      type: 'queue-status';
      connectionId: 0;
      host: string;
      queueId: string;
      recipient: string;
      status: DeliveryStatus;
      /** RFC 3463, e.g. "2.0.0", "4.7.1", "5.1.1". */
      dsn: string;
      /** "mx.elsewhere.test[203.0.113.80]:25", or "none". */
      relay: string;
      /** Postfix's parenthesised reason, e.g. "250 2.0.0 Ok: queued as 1A2B3C" or "host … said: …". */
      reason: string;
      /** Seconds since the message arrived. */
      delay: number;
      /** When deferred: the next attempt (ms since the epoch). */
      nextAttempt?: number;
      at: number;
      lane: Lane;
    }
  /** A report the queue wrote for the sender: a bounce, a delay warning (NOTIFY=DELAY), a success notice. */
  | {
      type: 'queue-report';
      connectionId: 0;
      host: string;
      queueId: string;
      kind: 'failed' | 'delayed' | 'delivered';
      /** The queue ID of the report message itself. */
      reportId: string;
      to: string;
      at: number;
      lane: Lane;
    }
  /** The queue was listed (mailq, postqueue -p): how many messages, how many of them with a deferred recipient. */
  | {
      type: 'queue-list';
      connectionId: 0;
      host: string;
      messages: number;
      deferred: number;
      at: number;
      lane: Lane;
    }
  /** The message left the queue (all recipients done). */
  | { type: 'queue-remove'; connectionId: 0; host: string; queueId: string; at: number; lane: Lane }
  /** The simulated clock jumped forward (`sleep N`). */
  | { type: 'clock'; connectionId: 0; from: number; to: number };

export type TravelEventListener = (event: TravelEvent) => void;

/** Who opened a connection: the learner's laptop (telnet, nc, openssl, the TCP bridge) or a host's relay. */
export type ConnectionOrigin = { kind: 'client' } | { kind: 'relay'; host: string; queueId: string };
