// The travel machinery: a host's queue manager and smtp(8) client, attached to a Network on demand
// (the app imports this module dynamically, LabOptions.travel, so lessons without travelling mail do not
// download it).
// Events: events.ts. Recorded behaviour it follows: tests/refs-two-hop/ (two Postfix 3.7 on loopback).
import { rfc5322Date } from '../dates.ts';
import { writeReport, type Reported } from '../dsn.ts';
import { domainOf } from '../grammar.ts';
import { splitHeaders } from '../headers.ts';
import type { Network, Outbound } from '../network.ts';
import { loadedProfile, requireProfile } from '../profiles/registry.ts';
import { isLocalDomain, userExists } from '../policy.ts';
import { makeQueueId } from '../queue-id.ts';
import type { Connection, MailHost, Recipient, Reply, SmtpEvent, StoredMessage } from '../types.ts';
import type { DeliveryStatus, Lane, TravelEvent } from './events.ts';
import {
  backoff,
  formatMailq,
  POSTFIX_QUEUE_DEFAULTS,
  wireSize,
  type QueueEntry,
  type QueuedRecipient,
  type QueueSettings,
} from './queue.ts';

export type { QueueEntry, QueueSettings } from './queue.ts';
export type { TravelEvent, Lane } from './events.ts';
export { travelMatches } from './conditions.ts';

export interface TravelOptions {
  /** qmgr/bounce parameters for every host (Postfix's defaults where not given). */
  settings?: Partial<QueueSettings>;
  /** How a delivery run is started after a message is queued; default queueMicrotask (after the 250). */
  schedule?: (run: () => void) => void;
}

/** One outcome for one recipient in one delivery attempt. */
interface Outcome {
  rcpt: QueuedRecipient;
  status: 'sent' | 'deferred' | 'bounced';
  dsn: string;
  reason: string;
  relay: string;
  remote?: { mta: string; reply: string };
  /** The server announced DSN, so a NOTIFY=SUCCESS was passed on to it and it reports the delivery itself. */
  dsnOffered?: boolean;
}

const SMTP_PORT = 25;
/** Postfix's initial_destination_concurrency: deliveries to one destination that start in parallel. */
const INITIAL_DESTINATION_CONCURRENCY = 5;

export class Travel implements Outbound {
  readonly settings: QueueSettings;
  readonly #network: Network;
  readonly #queue: QueueEntry[] = [];
  readonly #down = new Set<string>();
  readonly #schedule: (run: () => void) => void;
  #scheduled = false;
  #running = false;
  /** Connections left open for the next message to the same destination, during one queue run. */
  readonly #sessions = new Map<string, Conversation>();
  /** Deliveries started per destination during one queue run (for cacheOnDemand). */
  readonly #started = new Map<string, number>();

  constructor(network: Network, options: TravelOptions = {}) {
    this.#network = network;
    this.settings = { ...POSTFIX_QUEUE_DEFAULTS, ...options.settings };
    this.#schedule = options.schedule ?? ((run) => queueMicrotask(run));
    network.setOutbound(this);
  }

  /** Detach from the network: remote mail is stored on the accepting host again. */
  detach(): void {
    if (this.#network.outbound === this) this.#network.setOutbound(null);
  }

  /** A host that answers no connection (its machine is down): an MX lesson takes the best MX away. */
  setDown(hostName: string, isDown = true): void {
    const key = hostName.toLowerCase();
    if (isDown) this.#down.add(key);
    else this.#down.delete(key);
  }

  /** The messages in a host's queue (all hosts when none is named), oldest first. */
  entries(hostName?: string): readonly QueueEntry[] {
    const key = hostName?.toLowerCase();
    return this.#queue.filter((e) => key === undefined || e.host.name.toLowerCase() === key);
  }

  /** `postqueue -p` on a host (default: the first host whose queue is used, or mail.example.test). */
  mailq(hostName = 'mail.example.test'): string {
    const entries = this.entries(hostName);
    const host = this.#network.findHost(hostName)?.name ?? hostName;
    this.publish({
      type: 'queue-list',
      connectionId: 0,
      host,
      messages: entries.length,
      deferred: entries.filter((e) => e.recipients.some((r) => r.deferred)).length,
      at: this.#network.env.now(),
      lane: { client: host, server: host },
    });
    return formatMailq(entries, this.#network.env);
  }

  /** `postqueue -f`: try every queued message now. */
  flush(): void {
    const now = this.#network.env.now();
    for (const e of this.#queue) e.nextAttempt = Math.min(e.nextAttempt, now);
    this.runDue();
  }

  // ------------------------------------------------------------------------------------------
  // Outbound

  take(message: StoredMessage): boolean {
    const host = this.#network.findHost(message.host);
    if (!host || isLocalDomain(host, message.mailbox)) return false;
    const rcpt = message.envelope.rcptTo.find((r) => r.address === message.originalRecipient);
    const recipient: QueuedRecipient = {
      address: message.mailbox.toLowerCase(),
      original: message.originalRecipient,
      params: rcpt?.params ?? {},
    };
    // One queue file per accepted message: its other recipients join it (deliver() hands them over at once).
    const same = this.#queue.find(
      (e) => e.queueId === message.queueId && e.host === host && e.attempts === 0,
    );
    if (same) {
      if (!same.recipients.some((r) => r.address === recipient.address)) same.recipients.push(recipient);
      return true;
    }
    this.#enqueue(host, {
      queueId: message.queueId,
      sender: message.envelope.mailFrom,
      mailParams: message.envelope.mailParams,
      recipients: [recipient],
      content: queueFileContent(message.stored),
      arrival: message.receivedAt,
    });
    return true;
  }

  accepted(): void {
    this.runDue();
  }

  clockAdvanced(until: number): void {
    // Attempts that fall inside the jump happen at their own time, in order, as they would have.
    for (let guard = 0; guard < 10_000; guard++) {
      const next = this.#queue.reduce((t, e) => Math.min(t, e.nextAttempt), Infinity);
      if (next > until) break;
      this.#network.moveClockTo(next);
      this.runDue();
    }
  }

  // ------------------------------------------------------------------------------------------
  // The queue manager

  #enqueue(
    host: MailHost,
    m: Pick<QueueEntry, 'queueId' | 'sender' | 'mailParams' | 'recipients' | 'content' | 'arrival'>,
  ): QueueEntry {
    const warn = this.settings.delay_warning_time;
    const entry: QueueEntry = {
      ...m,
      host,
      size: wireSize(m.content),
      nextAttempt: m.arrival,
      warnAt: warn > 0 && m.sender !== '' ? m.arrival + warn * 1000 : null,
      attempts: 0,
    };
    this.#queue.push(entry);
    this.#kick();
    return entry;
  }

  #kick(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    this.#schedule(() => {
      this.#scheduled = false;
      this.runDue();
    });
  }

  /** Attempt every message whose time has come (qmgr's scan of the incoming and deferred queues). */
  runDue(): void {
    if (this.#running) return;
    this.#running = true;
    try {
      for (let guard = 0; guard < 1000; guard++) {
        const now = this.#network.env.now();
        const due = this.#queue.find((e) => e.nextAttempt <= now);
        if (!due) break;
        this.#attempt(due);
      }
    } finally {
      // The cached connections are closed (QUIT) when the run is over (smtp_connection_cache_time_limit).
      for (const session of this.#sessions.values()) session.close();
      this.#sessions.clear();
      this.#started.clear();
      this.#running = false;
    }
  }

  /**
   * Whether this delivery keeps its connection for the next message (qmgr_entry.c, on-demand session caching):
   * only once the destination is "up to speed", that is beyond the first initial_destination_concurrency (5)
   * deliveries of this run, which Postfix runs in parallel over connections of their own (a burst of two was
   * recorded so), and only while more mail for it is due.
   */
  cacheOnDemand(entry: QueueEntry, domain: string): boolean {
    const key = `${entry.host.name}\0${domain}`;
    const started = (this.#started.get(key) ?? 0) + 1;
    this.#started.set(key, started);
    if (started <= INITIAL_DESTINATION_CONCURRENCY) return false;
    const now = this.#network.env.now();
    return this.#queue.some(
      (e) =>
        e !== entry &&
        e.host === entry.host &&
        e.nextAttempt <= now &&
        e.recipients.some((r) => domainOf(r.address) === domain),
    );
  }

  /** Keep a connection of this host's to this destination for the next message. */
  keepSession(host: MailHost, domain: string, session: Conversation): void {
    const key = `${host.name}\0${domain}`;
    this.#sessions.get(key)?.close();
    this.#sessions.set(key, session);
  }

  takeSession(host: MailHost, domain: string): Conversation | undefined {
    const key = `${host.name}\0${domain}`;
    const session = this.#sessions.get(key);
    this.#sessions.delete(key);
    return session;
  }

  #attempt(entry: QueueEntry): void {
    // Announced when qmgr picks it up, with all its recipients (after the client's 250, as Postfix logs it).
    if (entry.attempts === 0) {
      this.publish({
        type: 'queue-add',
        connectionId: 0,
        host: entry.host.name,
        queueId: entry.queueId,
        sender: entry.sender,
        recipients: entry.recipients.map((r) => r.address),
        size: entry.size,
        at: entry.arrival,
        lane: { client: entry.host.name, server: entry.host.name },
      });
    }
    entry.attempts++;
    const byDomain = new Map<string, QueuedRecipient[]>();
    for (const r of entry.recipients) {
      const domain = domainOf(r.address);
      byDomain.set(domain, [...(byDomain.get(domain) ?? []), r]);
    }
    const outcomes = [...byDomain].flatMap(([domain, rcpts]) =>
      new Delivery(this, entry, domain, rcpts).run(),
    );
    const now = this.#network.env.now();
    const bounced: Reported[] = [];
    const relayed: Reported[] = [];
    for (const o of outcomes) {
      this.publish({
        type: 'queue-status',
        connectionId: 0,
        host: entry.host.name,
        queueId: entry.queueId,
        recipient: o.rcpt.address,
        status: o.status,
        dsn: o.dsn,
        relay: o.relay,
        reason: o.reason,
        delay: Math.round((now - entry.arrival) / 1000),
        nextAttempt: undefined,
        at: now,
        lane: laneOf(entry, o.relay),
      });
      if (o.status === 'deferred') o.rcpt.deferred = { reason: o.reason, dsn: o.dsn, remote: o.remote };
      if (o.status === 'bounced') bounced.push(reported(o.rcpt, 'failed', o.dsn, o.reason, o.remote));
      // smtp_rcpt_done(): a server that announced DSN got NOTIFY=SUCCESS and reports the final delivery
      // itself; one that did not is the end of the trail, so the sender hears "relayed" from here.
      if (o.status === 'sent' && !o.dsnOffered && wants(o.rcpt, 'SUCCESS')) {
        relayed.push(reported(o.rcpt, 'relayed', o.dsn, `delivery via ${o.relay}: ${o.reason}`, o.remote));
      }
    }
    entry.recipients = entry.recipients.filter((r) =>
      outcomes.some((o) => o.rcpt === r && o.status === 'deferred'),
    );
    this.#report(
      entry,
      bounced.filter((r) => wants(r.rcpt, 'FAILURE')),
      'failed',
    );
    this.#report(entry, relayed, 'delivered');
    if (entry.recipients.length > 0 && now - entry.arrival >= this.settings.maximal_queue_lifetime * 1000) {
      // qmgr: the message is too old; what is still deferred is returned with its last reason.
      const expired = entry.recipients.map((r) => {
        const d = r.deferred!;
        this.#statusEvent(entry, r, 'expired', d.dsn, d.reason, now);
        return reported(r, 'failed', d.dsn, d.reason, d.remote);
      });
      entry.recipients = [];
      this.#report(
        entry,
        expired.filter((r) => wants(r.rcpt, 'FAILURE')),
        'failed',
      );
    }
    if (entry.recipients.length === 0) {
      this.#queue.splice(this.#queue.indexOf(entry), 1);
      this.publish({
        type: 'queue-remove',
        connectionId: 0,
        host: entry.host.name,
        queueId: entry.queueId,
        at: now,
        lane: { client: entry.host.name, server: entry.host.name },
      });
      return;
    }
    if (entry.warnAt !== null && now >= entry.warnAt) {
      entry.warnAt = null;
      const until = entry.arrival + this.settings.maximal_queue_lifetime * 1000;
      const delayed = entry.recipients
        .filter((r) => wants({ address: r.address, params: r.params }, 'DELAY'))
        .map((r) => ({
          ...reported(r, 'delayed', r.deferred!.dsn, r.deferred!.reason, r.deferred!.remote),
          retryUntil: until,
        }));
      this.#report(entry, delayed, 'delayed');
    }
    entry.nextAttempt = now + backoff(entry, now, this.settings);
  }

  #statusEvent(
    entry: QueueEntry,
    r: QueuedRecipient,
    status: DeliveryStatus,
    dsn: string,
    reason: string,
    at: number,
  ): void {
    this.publish({
      type: 'queue-status',
      connectionId: 0,
      host: entry.host.name,
      queueId: entry.queueId,
      recipient: r.address,
      status,
      dsn,
      relay: 'none',
      reason,
      delay: Math.round((at - entry.arrival) / 1000),
      at,
      lane: { client: entry.host.name, server: entry.host.name },
    });
  }

  /** bounce(8): one report for these recipients, to the sender's mailbox here, or out through the queue. */
  #report(entry: QueueEntry, lines: Reported[], kind: 'failed' | 'delayed' | 'delivered'): void {
    // A report is never sent about a report (null sender): Postfix discards a double bounce.
    if (lines.length === 0 || entry.sender === '') return;
    const env = this.#network.env;
    const at = env.now();
    const profile = requireProfile(entry.host.services[0]?.profile ?? 'postfix');
    const queued = `Return-Path: <${entry.sender}>\n${entry.content}`;
    const reportId = makeQueueId('postfix', env);
    const message = writeReport(
      {
        serverName: profile.serverName ?? entry.host.name,
        origin: entry.host.domains[0] ?? entry.host.name,
        software: profile.software,
        hostName: entry.host.name,
        env,
        queueId: entry.queueId,
        envelope: { mailFrom: entry.sender, mailParams: entry.mailParams, rcptTo: [] },
        arrival: entry.arrival,
        queued,
        queuedHeaders: ['Return-Path: <' + entry.sender + '>', ...splitHeaders(entry.content).headers].join(
          '\n',
        ),
        reportId,
        at,
        warnHours: Math.floor(this.settings.delay_warning_time / 3600),
        lifetimeDays: Math.floor(this.settings.maximal_queue_lifetime / 86400),
      },
      lines,
    );
    this.publish({
      type: 'queue-report',
      connectionId: 0,
      host: entry.host.name,
      queueId: entry.queueId,
      kind,
      reportId,
      to: entry.sender,
      at,
      lane: { client: entry.host.name, server: entry.host.name },
    });
    if (isLocalDomain(entry.host, entry.sender)) {
      if (userExists(entry.host, entry.sender)) this.#network.deposit(message);
      return;
    }
    // The sender is elsewhere: the report travels like any mail, from <>.
    this.#enqueue(entry.host, {
      queueId: reportId,
      sender: '',
      mailParams: {},
      recipients: [{ address: entry.sender.toLowerCase(), original: entry.sender, params: {} }],
      content: message.content.replace(
        /^/,
        `Received: by ${entry.host.name} (${profile.software})\n\tid ${reportId}; ${rfc5322Date(at, env)}\n`,
      ),
      arrival: at,
    });
  }

  // ------------------------------------------------------------------------------------------
  // For Delivery

  isDown(name: string): boolean {
    return this.#down.has(name.toLowerCase());
  }

  get net(): Network {
    return this.#network;
  }

  publish(event: TravelEvent): void {
    this.#network.publish(event);
  }
}

/**
 * One smtp(8) delivery of one message to one destination domain: MX lookup, each MX in order of preference
 * until one answers, then the client conversation (recorded: tests/refs-two-hop/log-a.txt).
 */
class Delivery {
  readonly #host: MailHost;
  readonly #helo: string;
  readonly #travel: Travel;
  readonly #entry: QueueEntry;
  readonly #domain: string;
  readonly #rcpts: QueuedRecipient[];
  constructor(travel: Travel, entry: QueueEntry, domain: string, rcpts: QueuedRecipient[]) {
    this.#travel = travel;
    this.#entry = entry;
    this.#domain = domain;
    this.#rcpts = rcpts;
    this.#host = entry.host;
    this.#helo = entry.host.name;
  }

  run(): Outcome[] {
    // A connection to this destination left open by the message before: reused without a new lookup.
    const cached = this.#travel.takeSession(this.#host, this.#domain);
    if (cached) {
      if (cached.probe(this)) return this.#transfer(cached);
      cached.close();
    }
    const net = this.#travel.net;
    const mx = net.lookup(this.#domain, 'MX');
    this.#dns(this.#domain, 'MX', mx.status, mx.answers);
    if (mx.status === 'NXDOMAIN') {
      return this.all(
        'bounced',
        '5.4.4',
        `Host or domain name not found. Name service error for name=${this.#domain} type=MX: Host not found`,
        'none',
      );
    }
    const exchanges = mx.answers.flatMap((r) =>
      r.type === 'MX' ? [{ name: r.exchange, preference: r.preference as number | null }] : [],
    );
    // No MX record: the domain itself is the mail exchanger (RFC 5321 section 5.1).
    const targets = exchanges.length > 0 ? exchanges : [{ name: this.#domain, preference: null }];
    let lastError = '';
    for (const target of targets) {
      if (target.name.toLowerCase() === this.#host.name.toLowerCase()) {
        return this.all('bounced', '5.4.6', `mail for ${this.#domain} loops back to myself`, 'none');
      }
      const a = net.lookup(target.name, 'A');
      this.#dns(target.name, 'A', a.status, a.answers);
      const address = a.answers.find((r) => r.type === 'A');
      if (!address || address.type !== 'A') {
        lastError = `Host or domain name not found. Name service error for name=${target.name} type=A: Host not found`;
        continue;
      }
      const ip = address.value;
      const opened = this.#travel.isDown(target.name)
        ? null
        : net.connect(ip, SMTP_PORT, {
            clientAddress: this.#host.addresses[0],
            clientName: this.#host.name,
            origin: { kind: 'relay', host: this.#host.name, queueId: this.#entry.queueId },
          });
      if (!opened || !opened.ok) {
        const error = this.#travel.isDown(target.name) ? 'Connection timed out' : 'Connection refused';
        lastError = `connect to ${target.name}[${ip}]:${SMTP_PORT}: ${error}`;
        this.event(
          {
            type: 'relay-connect',
            connectionId: 0,
            server: target.name,
            address: ip,
            port: SMTP_PORT,
            preference: target.preference,
            error,
          },
          target.name,
        );
        continue;
      }
      this.event(
        {
          type: 'relay-connect',
          connectionId: opened.connection.id,
          server: target.name,
          address: ip,
          port: SMTP_PORT,
          preference: target.preference,
        },
        target.name,
      );
      const conversation = new Conversation(this, opened.connection, target.name, ip);
      const ready = conversation.open();
      if (ready === true) return this.#transfer(conversation);
      conversation.close();
      if (ready) return ready;
      lastError = `host ${target.name}[${ip}] refused to talk to me`;
    }
    return this.all('deferred', '4.4.1', lastError || `delivery temporarily suspended`, 'none');
  }

  /** Send the message; keep the connection for the next one when more mail for this destination is due. */
  #transfer(conversation: Conversation): Outcome[] {
    const outcomes = conversation.transfer(this.#travel.cacheOnDemand(this.#entry, this.#domain));
    if (conversation.reusable) this.#travel.keepSession(this.#host, this.#domain, conversation);
    else conversation.close();
    return outcomes;
  }

  all(status: Outcome['status'], dsn: string, reason: string, relay: string): Outcome[] {
    return this.#rcpts.map((rcpt) => ({ rcpt, status, dsn, reason, relay }));
  }

  get rcptList(): QueuedRecipient[] {
    return this.#rcpts;
  }

  get queueEntry(): QueueEntry {
    return this.#entry;
  }

  get heloName(): string {
    return this.#helo;
  }

  /** Whether this host's client starts TLS when offered: only one with TLS of its own (a 2002 gateway has none). */
  get tlsClient(): boolean {
    const service = this.#host.services.find((s) => s.port === SMTP_PORT) ?? this.#host.services[0];
    return requireProfile(service?.profile ?? 'postfix').policy.starttls;
  }

  event(
    e: DistributiveOmit<TravelEvent, 'host' | 'queueId' | 'lane' | 'at'> & { at?: number },
    server: string,
  ): void {
    const full = {
      ...e,
      host: this.#host.name,
      queueId: this.#entry.queueId,
      lane: { client: this.#host.name, server },
    } as TravelEvent;
    if ('at' in full || e.type === 'relay-connect' || e.type === 'relay-dns')
      (full as { at?: number }).at ??= this.#travel.net.env.now();
    this.#travel.publish(full);
  }

  #dns(
    name: string,
    qtype: 'MX' | 'A',
    status: 'NOERROR' | 'NXDOMAIN',
    answers: import('../types.ts').DnsRecord[],
  ): void {
    this.event({ type: 'relay-dns', connectionId: 0, name, qtype, status, answers }, this.#domain);
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * The client side of one SMTP connection, as smtp(8) speaks it (PIPELINING, STARTTLS when offered). When the
 * queue manager caches it (Travel.cacheOnDemand) the connection stays open after a message and the next one
 * follows an RSET probe; otherwise QUIT goes out with the message's dot.
 */
class Conversation {
  readonly #replies: { reply: Reply; wire: string }[] = [];
  readonly #lane: string;
  readonly #off: () => void;
  #features = new Set<string>();
  #closed = false;
  /** The last message ended with a 2xx and no QUIT was sent: the connection may carry another. */
  reusable = false;
  #d: Delivery;
  readonly #c: Connection;
  readonly #server: string;
  readonly #ip: string;
  constructor(d: Delivery, c: Connection, server: string, ip: string) {
    this.#d = d;
    this.#c = c;
    this.#server = server;
    this.#ip = ip;
    this.#lane = server;
    this.#off = this.#c.on((e: SmtpEvent) => {
      if (e.type === 'reply') this.#replies.push({ reply: e.reply, wire: e.wire });
    });
  }

  /** Greeting, EHLO, STARTTLS: true when ready for mail; null when this MX would not talk (try the next). */
  open(): true | Outcome[] | null {
    this.#c.start();
    const greeting = this.#read(null);
    if (!greeting || greeting.code !== 220) {
      this.#write(['QUIT']);
      return null;
    }
    let ehlo = this.#ask(`EHLO ${this.#d.heloName}`);
    if (!ehlo || ehlo.code !== 250) {
      ehlo = this.#ask(`HELO ${this.#d.heloName}`);
      if (!ehlo || ehlo.code !== 250) return this.#fail(ehlo, 'HELO');
    }
    this.#features = keywords(ehlo);
    // smtp_tls_security_level = may, on a host that has TLS set up (its own server offers STARTTLS).
    if (this.#features.has('STARTTLS') && this.#d.tlsClient) {
      const tls = this.#ask('STARTTLS');
      if (tls?.code === 220) {
        this.#c.startTls();
        this.#d.event({ type: 'relay-tls', connectionId: this.#c.id }, this.#lane);
        const again = this.#ask(`EHLO ${this.#d.heloName}`);
        if (!again || again.code !== 250) return this.#fail(again, 'EHLO');
        this.#features = keywords(again);
      }
    }
    return true;
  }

  /** Reuse for another delivery: the RSET probe smtp(8) sends first; false when the server said no. */
  probe(d: Delivery): boolean {
    this.#d = d;
    this.reusable = false;
    const rset = this.#ask('RSET');
    return rset !== undefined && rset.code === 250;
  }

  /** Close: QUIT unless one went out already (its 221 is not waited for), then the connection. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.reusable) this.#write(['QUIT']);
    this.#off();
    if (this.#c.state.phase !== 'closed') this.#c.close();
    this.#d.event({ type: 'relay-close', connectionId: this.#c.id }, this.#lane);
  }

  /** One message for this delivery's recipients; `keep`: leave the connection open after it (no QUIT). */
  transfer(keep: boolean): Outcome[] {
    const features = this.#features;
    const entry = this.#d.queueEntry;
    const dsn = features.has('DSN');
    const mailParams = [
      features.has('SIZE') ? ` SIZE=${entry.size}` : '',
      features.has('8BITMIME') && entry.mailParams.BODY?.toUpperCase() === '8BITMIME' ? ' BODY=8BITMIME' : '',
      features.has('SMTPUTF8') && 'SMTPUTF8' in entry.mailParams ? ' SMTPUTF8' : '',
      dsn && entry.mailParams.RET ? ` RET=${entry.mailParams.RET.toUpperCase()}` : '',
      dsn && entry.mailParams.ENVID ? ` ENVID=${entry.mailParams.ENVID}` : '',
    ].join('');
    const rcpts = this.#d.rcptList;
    const lines = [
      `MAIL FROM:<${entry.sender}>${mailParams}`,
      ...rcpts.map((r) => `RCPT TO:<${r.address}>${dsn ? rcptDsn(r) : ''}`),
      'DATA',
    ];
    // PIPELINING (RFC 2920): MAIL, RCPT and DATA in one write, the replies read afterwards.
    const answers = features.has('PIPELINING') ? this.#askAll(lines) : this.#askEach(lines);
    const [mail, ...rest] = answers;
    const rcptReplies = rest.slice(0, rcpts.length);
    const data = rest[rcpts.length];
    if (!mail || mail.code !== 250) {
      this.#write(['RSET', 'QUIT']);
      return rcpts.map((r) => this.#outcome(r, mail, 'MAIL FROM'));
    }
    const outcomes: Outcome[] = [];
    const accepted: QueuedRecipient[] = [];
    rcpts.forEach((r, i) => {
      const reply = rcptReplies[i];
      if (reply && reply.code >= 200 && reply.code < 300) accepted.push(r);
      else outcomes.push(this.#outcome(r, reply, 'RCPT TO'));
    });
    if (accepted.length === 0 || !data || data.code !== 354) {
      this.#write(['RSET', 'QUIT']);
      for (const r of accepted) outcomes.push(this.#outcome(r, data, 'DATA'));
      return outcomes;
    }
    // The message and QUIT in one write, as Postfix does; the 221 is not waited for (smtp_skip_quit_response).
    // A connection kept for the next message gets no QUIT.
    const body = entry.content.split('\n').map((l) => (l.startsWith('.') ? `.${l}` : l));
    this.#d.event(
      { type: 'relay-content', connectionId: this.#c.id, lines: body.length, octets: entry.size },
      this.#lane,
    );
    this.#d.event({ type: 'relay-command', connectionId: this.#c.id, line: '.' }, this.#lane);
    if (!keep) this.#d.event({ type: 'relay-command', connectionId: this.#c.id, line: 'QUIT' }, this.#lane);
    const before = this.#replies.length;
    this.#c.send(`${body.join('\r\n')}\r\n.\r\n${keep ? '' : 'QUIT\r\n'}`);
    const end = this.#take(before, 'end of DATA');
    const sent = end !== undefined && end.code >= 200 && end.code < 300;
    this.reusable = keep && sent;
    for (const r of accepted) {
      if (sent) {
        outcomes.push({
          rcpt: r,
          status: 'sent',
          dsn: end.enhanced ?? '2.0.0',
          reason: replyText(end),
          relay: this.#relay(),
          remote: { mta: this.#server, reply: replyText(end) },
          dsnOffered: dsn,
        });
      } else outcomes.push(this.#outcome(r, end, 'end of DATA'));
    }
    if (keep && !sent) this.#write(['QUIT']);
    return outcomes;
  }

  #relay(): string {
    return `${this.#server}[${this.#ip}]:${SMTP_PORT}`;
  }

  /** A refusal as Postfix words it: "host X[ip] said: 550 5.1.1 … (in reply to RCPT TO command)". */
  #outcome(rcpt: QueuedRecipient, reply: Reply | undefined, command: string): Outcome {
    if (!reply) {
      return {
        rcpt,
        status: 'deferred',
        dsn: '4.4.2',
        reason: `lost connection with ${this.#server}[${this.#ip}] while sending ${command}`,
        relay: this.#relay(),
      };
    }
    const text = replyText(reply);
    const cls = Math.floor(reply.code / 100);
    return {
      rcpt,
      status: cls === 4 ? 'deferred' : 'bounced',
      dsn: reply.enhanced ?? `${cls === 4 ? 4 : 5}.0.0`,
      reason: `host ${this.#server}[${this.#ip}] said: ${text} (in reply to ${command} command)`,
      relay: this.#relay(),
      remote: { mta: this.#server, reply: text },
    };
  }

  #fail(reply: Reply | undefined, command: string): Outcome[] {
    this.#write(['QUIT']);
    return this.#d.rcptList.map((r) => this.#outcome(r, reply, command));
  }

  #write(lines: string[]): void {
    for (const line of lines)
      this.#d.event({ type: 'relay-command', connectionId: this.#c.id, line }, this.#lane);
    this.#c.send(lines.map((l) => `${l}\r\n`).join(''));
  }

  #ask(line: string): Reply | undefined {
    const before = this.#replies.length;
    this.#write([line]);
    return this.#take(before, line);
  }

  #askAll(lines: string[]): (Reply | undefined)[] {
    const before = this.#replies.length;
    this.#write(lines);
    return lines.map((line, i) => this.#take(before + i, line));
  }

  #askEach(lines: string[]): (Reply | undefined)[] {
    const out: (Reply | undefined)[] = [];
    for (const line of lines) {
      const reply = this.#ask(line);
      out.push(reply);
      if (!reply || (line.startsWith('MAIL') && reply.code !== 250)) break;
    }
    return out;
  }

  #read(command: string | null): Reply | undefined {
    return this.#take(0, command);
  }

  #take(index: number, command: string | null): Reply | undefined {
    const got = this.#replies[index];
    if (got) {
      this.#d.event(
        { type: 'relay-reply', connectionId: this.#c.id, reply: got.reply, wire: got.wire, command },
        this.#lane,
      );
    }
    return got?.reply;
  }
}

function keywords(ehlo: Reply): Set<string> {
  return new Set(ehlo.lines.slice(1).map((l) => l.split(' ')[0].toUpperCase()));
}

function replyText(reply: Reply): string {
  const enhanced = reply.enhanced ? `${reply.enhanced} ` : '';
  return `${reply.code} ${enhanced}${reply.lines.join(' ')}`;
}

/** ORCPT, then NOTIFY in Postfix's order (recorded: "ORCPT=rfc822;x NOTIFY=FAILURE,DELAY"). */
function rcptDsn(r: QueuedRecipient): string {
  const orcpt = r.params.ORCPT ?? `rfc822;${r.original}`;
  const given = (r.params.NOTIFY ?? '').toUpperCase().split(',');
  const notify = given.includes('NEVER')
    ? ['NEVER']
    : ['SUCCESS', 'FAILURE', 'DELAY'].filter((n) => given.includes(n));
  return ` ORCPT=${orcpt}${notify.length > 0 ? ` NOTIFY=${notify.join(',')}` : ''}`;
}

/** Whether a recipient gets this kind of report: without NOTIFY, failures and delays are reported, not successes. */
function wants(rcpt: Recipient, what: 'SUCCESS' | 'FAILURE' | 'DELAY'): boolean {
  if (!('NOTIFY' in rcpt.params)) return what !== 'SUCCESS';
  return rcpt.params.NOTIFY.toUpperCase().split(',').includes(what);
}

function reported(
  r: QueuedRecipient,
  action: Reported['action'],
  status: string,
  diagnostic: string,
  remote?: { mta: string; reply: string },
): Reported {
  return {
    rcpt: { address: r.address, params: { ...r.params, ORCPT: r.params.ORCPT ?? `rfc822;${r.original}` } },
    action,
    status,
    diagnostic,
    remote,
  };
}

function laneOf(entry: QueueEntry, relay: string): Lane {
  const server = relay === 'none' ? entry.host.name : relay.replace(/\[.*$/, '');
  return { client: entry.host.name, server };
}

/** The queue file's message: what the host stored minus the delivery-only lines (Return-Path, X-Original-To, Delivered-To). */
function queueFileContent(stored: string): string {
  const lines = stored.split('\n');
  let i = 0;
  while (i < lines.length && /^(Return-Path|X-Original-To|Delivered-To):/i.test(lines[i])) i++;
  return lines.slice(i).join('\n');
}

/** Attach the travel machinery to a network. */
export function enableTravel(network: Network, options: TravelOptions = {}): Travel {
  return new Travel(network, options);
}

/** The server profiles still to load that some host of this world runs (queued mail may reach any). */
export function missingWorldProfiles(network: Network): string[] {
  const ids = network.world.hosts.flatMap((h) => h.services.map((s) => s.profile));
  return [...new Set(ids)].filter((id) => !loadedProfile(id));
}
