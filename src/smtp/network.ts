// The simulated network: DNS, hosts and their SMTP services, mailboxes, and one event stream for all
// connections. One Network per simulator instance: nothing here is shared between instances.
import type {
  Connection,
  ConnectResult,
  DnsAnswer,
  DnsRecord,
  Environment,
  MailHost,
  ReceiverChecks,
  SmtpEvent,
  SmtpEventListener,
  StoredMessage,
  WorldSpec,
} from './types.ts';
import { SmtpConnection } from './session.ts';
import { loadedProfile, requireProfile } from './profiles/registry.ts';
import type { Profile } from './profiles/types.ts';
import { isLocalDomain } from './policy.ts';
import { defaultEnvironment } from './environment.ts';
import type { DkimKey, DkimMemo } from './auth/dkim.ts';
import { splitHeaders } from './headers.ts';
import { loadReceiverChecks, receiverChecksFor } from './auth-loader.ts';
import type { ConnectionOrigin, TravelEvent } from './travel/events.ts';

/**
 * What a host does with mail for domains it does not deliver itself, once the travel machinery
 * (src/smtp/travel, loaded on demand) is attached: it queues it and sends it on. Without one, such a message
 * is stored under its recipient's address on the accepting host, as before.
 */
export interface Outbound {
  /** A message a host accepted for this mailbox: true when the outbound takes it (queued, not stored). */
  take(message: StoredMessage): boolean;
  /**
   * The simulated clock is jumping forward to `until` (travel/clock.ts): run what falls due on the way,
   * moving the clock to each due time first (Network.moveClockTo).
   */
  clockAdvanced(until: number): void;
  /** `postqueue -p` of a host's queue (the laptop's mailq shortcut). */
  mailq(hostName?: string): string;
  /** `postqueue -f`: try everything in the queues now. */
  flush(): void;
  /**
   * A host has just said 250 for mail it queued (its 'delivered' events are out): deliver now, as qmgr picks a
   * new message up at once, so the second hop follows the first in the same turn.
   */
  accepted(): void;
}

export interface ConnectOptions {
  clientAddress?: string;
  /** The client's name as the server's reverse lookup finds it (Received: from helo (NAME [addr])). */
  clientName?: string;
  /** Who opens the connection; a relay's connections do not become `latestConnection`. */
  origin?: ConnectionOrigin;
}

/**
 * How much mail the network keeps (the TCP bridge: a classroom may send without end). Past either limit the
 * oldest messages are dropped, whichever mailbox holds them; the newest is always kept.
 */
export interface MailLimit {
  messages: number;
  /** Characters of stored text (octets, for ASCII mail). */
  octets: number;
  /** Told about each message dropped. */
  onDrop?: (message: StoredMessage) => void;
}

export class Network {
  readonly world: WorldSpec;
  readonly env: Environment;
  readonly #listeners = new Set<SmtpEventListener>();
  readonly #mailboxes = new Map<string, StoredMessage[]>();
  #nextConnectionId = 1;
  #latest: Connection | null = null;
  /** Records the world adds while it runs (the DKIM keys made at start). */
  readonly #published: DnsRecord[] = [];

  /** The DKIM keys of the world's signers once asked for (dkimKeys), and whether their records are published. */
  #keys: Promise<DkimKey[]> | null = null;
  #keysSettled = false;
  /** Body hashes and signature checks already computed (auth/dkim.ts): a receiver answers at once with them. */
  readonly dkimMemo: DkimMemo = { digests: new Map(), verified: new Map() };
  /** Checks, signatures and list copies under way (Web Crypto answers asynchronously), and who waits for none. */
  #inFlight = 0;
  #idleWaiters: Array<() => void> = [];
  /** Messages a milter quarantined: Postfix's hold queue, per host, oldest first. */
  readonly #holdQueue: StoredMessage[] = [];
  readonly #limit: MailLimit | null;
  /** Every kept message, oldest first, and the size counted for it (only with a limit). */
  readonly #kept: Array<{ message: StoredMessage; octets: number }> = [];
  #keptOctets = 0;
  readonly #origins = new Map<number, ConnectionOrigin>();
  #outboundHandler: Outbound | null = null;
  /** Mail for other hosts accepted before the outbound (loaded on demand) attached: see holdOutbound. */
  #heldForOutbound: StoredMessage[] | null = null;
  /** Messages the outbound took (queued to pass on), for the `queued` mark of their 'delivered' event. */
  readonly #queued = new WeakSet<StoredMessage>();
  /** Greylisting (postgrey): when each (host, client, sender, recipient) triplet was first seen. */
  readonly #greylistSeen = new Map<string, number>();
  /** How far the simulated clock was moved forward (sleep N), in ms. */
  #skew = 0;
  /** Addresses a transport added to a host's own (normalized host name -> addresses). */
  readonly #interfaces = new Map<string, string[]>();

  constructor(world: WorldSpec, env: Environment = defaultEnvironment(), limit: MailLimit | null = null) {
    this.world = world;
    this.#limit = limit;
    // The network's clock is the environment's plus the jumps `sleep` made: one time for every host.
    // Delegating, not spreading: an environment may be a class instance with its methods on the prototype.
    this.env = {
      now: () => env.now() + this.#skew,
      queueId: () => env.queueId(),
      get timezone() {
        return env.timezone;
      },
    };
    // (A profile still to load starts them when it is prepared: needsProfiles, then the shell's load.) A checking
    // host may look a DKIM key up at any time: the world's keys are made at once too.
    if (world.hosts.some((h) => h.services.some((s) => loadedProfile(s.profile)?.policy.authChecks))) {
      void loadReceiverChecks();
      void this.dkimKeys;
    }
  }

  /**
   * The DKIM keys of the world's signers (world.dkim), made and published in DNS (SELECTOR._domainkey) on first
   * need: a signature, a receiver's check, a DNS command about to run (publishKeys). Most lessons need none, and
   * the signing code is a chunk of its own.
   */
  get dkimKeys(): Promise<DkimKey[]> {
    if (this.#keys) return this.#keys;
    const signers = this.world.dkim ?? [];
    this.#keys =
      signers.length === 0
        ? Promise.resolve([])
        : import('./auth/world.ts').then((m) => m.startSigners(this, signers));
    const settled = () => void (this.#keysSettled = true);
    this.#keys.then(settled, settled);
    return this.#keys;
  }

  /** Whether anything asked for the DKIM keys yet (npm run size counts the signing chunk for such lessons). */
  get keysRequested(): boolean {
    return this.#keys !== null;
  }

  /** Whether DNS already answers with every record of the world (the DKIM keys published, or none to make). */
  get keysPublished(): boolean {
    return this.#keysSettled || (this.world.dkim ?? []).length === 0;
  }

  /** Publish the DKIM keys, if not yet: resolves once they are in DNS (or could not be made). */
  publishKeys(): Promise<void> {
    return this.dkimKeys.then(
      () => undefined,
      () => undefined,
    );
  }

  /** Move the simulated clock on to `at`, never back (the laptop's `sleep N`: travel/clock.ts). */
  moveClockTo(at: number): void {
    const now = this.env.now();
    if (at > now) this.#skew += at - now;
  }

  /** Store a message a host wrote itself (a bounce or delay report from its queue) and announce it. */
  deposit(message: StoredMessage): void {
    if (this.store(message)) this.#emit({ type: 'delivered', connectionId: 0, message });
  }

  /**
   * An outbound is on its way (its module loads on demand): until setOutbound attaches it, mail a host accepts
   * for another domain waits here instead of being stored on the accepting host, then goes to its queue. So a
   * learner who types fast after the page loads sees the same travel as one who waits.
   */
  holdOutbound(): void {
    this.#heldForOutbound ??= [];
  }

  /** Attach the travel machinery (src/smtp/travel); null detaches it. Held mail is handed over first. */
  setOutbound(outbound: Outbound | null): void {
    this.#outboundHandler = outbound;
    const held = this.#heldForOutbound;
    if (!outbound || !held) return;
    this.#heldForOutbound = null;
    for (const message of held) if (!outbound.take(message)) this.store(message);
  }

  get outbound(): Outbound | null {
    return this.#outboundHandler;
  }

  /** Who opened this connection (a relay's connections are marked); 'client' for the learner's. */
  connectionOrigin(connectionId: number): ConnectionOrigin {
    return this.#origins.get(connectionId) ?? { kind: 'client' };
  }

  /** Put an event of the travel machinery on the stream. */
  publish(event: TravelEvent): void {
    this.#emit(event);
  }

  /** Every event of every connection, in order. Returns an unsubscribe function. */
  on(listener: SmtpEventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** DNS lookup in the simulated world; names compare case-insensitively, a trailing dot is ignored. */
  resolve(name: string, type: DnsRecord['type']): DnsAnswer {
    const answer = this.lookup(name, type);
    this.#emit({
      type: 'dns',
      connectionId: 0,
      name: normalizeName(name),
      qtype: type,
      status: answer.status,
      answers: answer.answers.length,
    });
    return answer;
  }

  /** The same lookup without a 'dns' event: a server's own lookups announce themselves (relay-dns). */
  lookup(name: string, type: DnsRecord['type']): DnsAnswer {
    const wanted = normalizeName(name);
    const forName = [...this.world.dns, ...this.#published].filter((r) => normalizeName(r.name) === wanted);
    const hostAddresses = this.world.hosts
      .filter((h) => normalizeName(h.name) === wanted)
      .flatMap((h) => h.addresses);
    const known = forName.length > 0 || hostAddresses.length > 0;
    let answers = forName.filter((r) => r.type === type);
    // Hosts in the world answer A/AAAA queries even without explicit records.
    if (answers.length === 0 && (type === 'A' || type === 'AAAA')) {
      answers = hostAddresses
        .filter((a) => (type === 'A') === !a.includes(':'))
        .map((value) => ({ name: wanted, type, ttl: 3600, value }));
    }
    if (type === 'MX') {
      answers = [...answers].sort((a, b) =>
        a.type === 'MX' && b.type === 'MX' ? a.preference - b.preference : 0,
      );
    }
    return { status: known ? 'NOERROR' : 'NXDOMAIN', answers };
  }

  /**
   * The server profiles whose data is still to load (profiles/registry.ts) that connecting to this name or
   * address (a host, or a name whose A record points at one) on one of these ports (any port when none is given)
   * would need: the laptop's shell loads them first.
   */
  missingProfiles(nameOrAddress: string, ports: readonly number[] = []): string[] {
    const host =
      this.findHost(nameOrAddress) ??
      this.lookup(nameOrAddress, 'A')
        .answers.map((r) => ('value' in r ? this.findHost(r.value) : undefined))
        .find((h) => h !== undefined);
    return (host?.services ?? [])
      .filter((s) => (ports.length === 0 || ports.includes(s.port)) && !loadedProfile(s.profile))
      .map((s) => s.profile);
  }

  /** The host with this name or address, if the world has one. */
  findHost(nameOrAddress: string): MailHost | undefined {
    const wanted = normalizeName(nameOrAddress.replace(/^\[|\]$/g, ''));
    return this.world.hosts.find(
      (h) => normalizeName(h.name) === wanted || h.addresses.some((a) => a.toLowerCase() === wanted),
    );
  }

  /**
   * Give a host one more address of its own, as an interface of the real machine: the TCP bridge adds the
   * address it listens on, so that alice@[that address] is local mail, as it is for a Postfix listening
   * there. The world (which other simulators may share) is left untouched; connections opened from now on
   * see the address. Unknown hosts are ignored.
   */
  addInterfaceAddress(hostName: string, address: string): void {
    const key = normalizeName(hostName);
    const list = this.#interfaces.get(key) ?? [];
    if (!list.includes(address)) this.#interfaces.set(key, [...list, address]);
  }

  /** The connection opened last, whichever client opened it (telnet, nc, openssl); null before any. */
  get latestConnection(): Connection | null {
    return this.#latest;
  }

  /** Open a TCP connection to a service. Call connection.on(...) and then connection.start(). */
  connect(hostOrAddress: string, port: number, options: ConnectOptions = {}): ConnectResult {
    const host = this.findHost(hostOrAddress);
    if (!host) return { ok: false, error: 'unknown-host' };
    const address = host.addresses.includes(hostOrAddress) ? hostOrAddress : host.addresses[0];
    const service = host.services.find((s) => s.port === port);
    if (!service) return { ok: false, error: 'refused', address };
    const id = this.#nextConnectionId++;
    if (options.origin) this.#origins.set(id, options.origin);
    const extra = this.#interfaces.get(normalizeName(host.name)) ?? [];
    // The messages of the transaction just accepted: stored (or queued) before the 250, announced after it.
    const batch = { stored: 0, announced: 0, queued: false };
    const connection = new SmtpConnection({
      id,
      host: extra.length > 0 ? { ...host, addresses: [...host.addresses, ...extra] } : host,
      port,
      service,
      profile: profileOf(service.profile),
      clientAddress: options.clientAddress ?? this.world.workstation.address,
      clientName: options.clientName,
      greylisted: host.greylisting
        ? (client, sender, recipient) => this.#greylisted(host, client, sender, recipient)
        : undefined,
      env: this.env,
      track: (work) => this.#track(work),
      deliver: (message) => {
        const kept = this.store(message);
        if (kept) batch.stored++;
        if (kept && this.#queued.has(message)) batch.queued = true;
        return kept;
      },
      emit: (event) => {
        if (event.type !== 'delivered') return this.#emit(event);
        this.#emit(this.#queued.has(event.message) ? { ...event, queued: true } : event);
        // Once the whole message is announced (one event per mailbox), mail that leaves goes on its way.
        if (++batch.announced < batch.stored) return;
        const leaves = batch.queued;
        Object.assign(batch, { stored: 0, announced: 0, queued: false });
        if (leaves) this.#outboundHandler?.accepted();
      },
      checks: this.#checksFor(host, profileOf(service.profile)),
    });
    if (options.origin?.kind !== 'relay') this.#latest = connection;
    return { ok: true, connection, address };
  }

  /** Add a DNS record to the running world (dig shows it from now on). */
  publishRecord(record: DnsRecord): void {
    this.#published.push(record);
  }

  /** A checking profile's policy service and milters; OpenDKIM's signing for a profile that signs. */
  #checksFor(host: MailHost, profile: Profile): ReceiverChecks | undefined {
    const policy = profile.policy.authChecks;
    if (policy) void this.dkimKeys;
    const checks: ReceiverChecks | undefined = policy
      ? receiverChecksFor(this, host.name, policy)
      : profile.policy.dkimSign
        ? { recipient: () => null, message: () => ({ refuse: null, headers: [], verdict: null }) }
        : undefined;
    if (!checks) return undefined;
    const sign = (tx: Parameters<NonNullable<ReceiverChecks['sign']>>[0]) =>
      // Only mail whose From is in the host's domains is signed (its SigningTable); the rest goes on at once.
      host.domains.some((d) => d.toLowerCase() === headerFromDomain(tx.content))
        ? import('./auth/world.ts')
            .then((m) => m.signMessage(this, host, tx.content))
            // A signer that fails leaves the message unsigned, as OpenDKIM's On-Default accept does.
            .catch(() => [])
        : null;
    return {
      recipient: (tx) => this.#track(checks.recipient(tx)),
      message: (tx) => this.#track(checks.message(tx)),
      ...(profile.policy.dkimSign ? { sign: (tx) => this.#track(sign(tx)) } : {}),
    };
  }

  /**
   * Resolves once no server waits for a check or a signature and no list copy waits to be sent: a replay that
   * types line by line waits for it, as a learner waits for the answer.
   */
  settled(): Promise<void> {
    if (this.#inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #track<T>(work: T): T {
    if (!(work instanceof Promise)) return work;
    this.#inFlight++;
    const done = () => {
      if (--this.#inFlight > 0) return;
      // The session goes on in the same turn as the promise; the waiters after it.
      const waiters = this.#idleWaiters;
      this.#idleWaiters = [];
      queueMicrotask(() => waiters.forEach((w) => w()));
    };
    work.then(done, done);
    return work;
  }

  /** Postfix's hold queue on a host (all hosts when none is named): what a milter quarantined. */
  held(hostName?: string): readonly StoredMessage[] {
    const key = hostName?.toLowerCase();
    return this.#holdQueue.filter((m) => key === undefined || m.host.toLowerCase() === key);
  }

  /** postgrey: defer a triplet seen for the first time, or again before the delay has passed. */
  #greylisted(host: MailHost, client: string, sender: string, recipient: string): boolean {
    const key = [host.name, client, sender, recipient].join('\0').toLowerCase();
    const now = this.env.now();
    const first = this.#greylistSeen.get(key);
    if (first === undefined) this.#greylistSeen.set(key, now);
    return first === undefined || now - first < (host.greylisting?.delaySeconds ?? 0) * 1000;
  }

  /** Messages stored for this address (lower-cased), oldest first. */
  mailbox(address: string): readonly StoredMessage[] {
    return this.#mailboxes.get(address.toLowerCase()) ?? [];
  }

  /** All mailboxes with at least one message. */
  allMailboxes(): ReadonlyMap<string, readonly StoredMessage[]> {
    return this.#mailboxes;
  }

  /** Keep a message in its mailbox, or queue it to pass on; false when it goes nowhere. */
  store(message: StoredMessage): boolean {
    if (message.held !== undefined) {
      this.#holdQueue.push(message);
      return true;
    }
    if (message.protocol !== 'local' && this.#listMail(message)) return true;
    if (this.#leavesHost(message)) {
      if (this.#heldForOutbound) {
        this.#heldForOutbound.push(message);
        this.#queued.add(message);
        return true;
      }
      if (this.#outboundHandler?.take(message)) {
        this.#queued.add(message);
        return true;
      }
      // A host's own report (a bounce, a success notice) for a sender elsewhere: without outbound mail it
      // goes nowhere. Mail received over SMTP stays on the accepting host, under its recipient's address.
      if (message.protocol === 'local') return false;
    }
    const key = message.mailbox.toLowerCase();
    const box = this.#mailboxes.get(key) ?? [];
    box.push(message);
    this.#mailboxes.set(key, box);
    if (this.#limit) this.#keepWithin(this.#limit, message);
    return true;
  }

  /** Whether the accepting host delivers this message elsewhere (its recipient's domain is not its own). */
  #leavesHost(message: StoredMessage): boolean {
    const host = this.findHost(message.host);
    return host !== undefined && !isLocalDomain(host, message.mailbox);
  }

  /** Mail to a list address: the list manager (lists.ts, loaded on demand) sends a copy to each member. */
  #listMail(message: StoredMessage): boolean {
    const host = this.findHost(message.host);
    const local = message.mailbox.slice(0, message.mailbox.lastIndexOf('@')).toLowerCase();
    if (!host?.lists?.some((l) => l.name.toLowerCase() === local)) return false;
    void this.#track(import('./lists.ts').then((m) => m.sendListCopies(this, host, message)));
    return true;
  }

  #keepWithin(limit: MailLimit, message: StoredMessage): void {
    const octets = message.content.length + message.mailbox.length;
    this.#kept.push({ message, octets });
    this.#keptOctets += octets;
    while (this.#kept.length > 1 && (this.#kept.length > limit.messages || this.#keptOctets > limit.octets)) {
      const oldest = this.#kept.shift()!;
      this.#keptOctets -= oldest.octets;
      const key = oldest.message.mailbox.toLowerCase();
      const box = this.#mailboxes.get(key) ?? [];
      // The oldest message overall is the oldest of its own mailbox too.
      const at = box.indexOf(oldest.message);
      if (at >= 0) box.splice(at, 1);
      if (box.length === 0) this.#mailboxes.delete(key);
      limit.onDrop?.(oldest.message);
    }
  }

  #emit(event: SmtpEvent): void {
    // A failing view or lesson must never break the server or the other listeners.
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        console.error('SMTP network listener failed', error);
      }
    }
  }
}

/** The domain of the From header's address, lower case ('' without one): a quick look, before any signing. */
function headerFromDomain(content: string): string {
  const { headers } = splitHeaders(content);
  const at = headers.findIndex((h) => /^from[ \t]*:/i.test(h));
  if (at < 0) return '';
  let value = headers[at].slice(headers[at].indexOf(':') + 1);
  for (let i = at + 1; i < headers.length && /^[ \t]/.test(headers[i]); i++) value += headers[i];
  const found = /<[^<>]*@([^<>\s]+)>/.exec(value) ?? /@([^\s<>,;()]+)/.exec(value);
  return found ? found[1].toLowerCase() : '';
}

export function normalizeName(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

/** A service's profile; the shell loads what a connection needs first (missingProfiles), so a miss is a bug. */
const profileOf = requireProfile;
