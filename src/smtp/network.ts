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
import { getProfile } from './profiles/index.ts';
import { defaultEnvironment } from './environment.ts';
import type { DkimKey } from './auth/dkim.ts';
import { loadReceiverChecks, receiverChecksFor } from './auth-loader.ts';

export class Network {
  readonly world: WorldSpec;
  readonly env: Environment;
  private readonly listeners = new Set<SmtpEventListener>();
  private readonly mailboxes = new Map<string, StoredMessage[]>();
  private nextConnectionId = 1;
  private latest: Connection | null = null;
  /** Records the world adds while it runs (the DKIM keys made at start). */
  private readonly published: DnsRecord[] = [];

  /** The DKIM keys of the world's signers, ready once their records are published. */
  readonly dkimKeys: Promise<DkimKey[]>;
  /** Addresses a transport added to a host's own (normalized host name -> addresses). */
  private readonly interfaces = new Map<string, string[]>();

  constructor(world: WorldSpec, env: Environment = defaultEnvironment()) {
    this.world = world;
    this.env = env;
    if (world.hosts.some((h) => h.services.some((s) => getProfile(s.profile).policy.authChecks)))
      void loadReceiverChecks();
    const signers = world.dkim ?? [];
    this.dkimKeys =
      signers.length === 0
        ? Promise.resolve([])
        : import('./auth/world.ts').then((m) => m.startSigners(this, signers));
  }

  /** Every event of every connection, in order. Returns an unsubscribe function. */
  on(listener: SmtpEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** DNS lookup in the simulated world; names compare case-insensitively, a trailing dot is ignored. */
  resolve(name: string, type: DnsRecord['type']): DnsAnswer {
    const wanted = normalizeName(name);
    const forName = [...this.world.dns, ...this.published].filter((r) => normalizeName(r.name) === wanted);
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
    const status = known ? 'NOERROR' : 'NXDOMAIN';
    this.emit({ type: 'dns', connectionId: 0, name: wanted, qtype: type, status, answers: answers.length });
    return { status, answers };
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
    const list = this.interfaces.get(key) ?? [];
    if (!list.includes(address)) this.interfaces.set(key, [...list, address]);
  }

  /** The connection opened last, whichever client opened it (telnet, nc, openssl); null before any. */
  get latestConnection(): Connection | null {
    return this.latest;
  }

  /** Open a TCP connection to a service. Call connection.on(...) and then connection.start(). */
  connect(hostOrAddress: string, port: number, options: { clientAddress?: string } = {}): ConnectResult {
    const host = this.findHost(hostOrAddress);
    if (!host) return { ok: false, error: 'unknown-host' };
    const address = host.addresses.includes(hostOrAddress) ? hostOrAddress : host.addresses[0];
    const service = host.services.find((s) => s.port === port);
    if (!service) return { ok: false, error: 'refused', address };
    const extra = this.interfaces.get(normalizeName(host.name)) ?? [];
    const connection = new SmtpConnection({
      id: this.nextConnectionId++,
      host: extra.length > 0 ? { ...host, addresses: [...host.addresses, ...extra] } : host,
      port,
      service,
      profile: getProfile(service.profile),
      clientAddress: options.clientAddress ?? this.world.workstation.address,
      env: this.env,
      deliver: (message) => this.store(message),
      emit: (event) => this.emit(event),
      checks: this.checksFor(host, getProfile(service.profile)),
    });
    this.latest = connection;
    return { ok: true, connection, address };
  }

  /** Add a DNS record to the running world (dig shows it from now on). */
  publish(record: DnsRecord): void {
    this.published.push(record);
  }

  /** A checking profile's policy service and milters. */
  private checksFor(host: MailHost, profile: ReturnType<typeof getProfile>): ReceiverChecks | undefined {
    const policy = profile.policy.authChecks;
    return policy ? receiverChecksFor(this, host.name, policy) : undefined;
  }

  /** Messages stored for this address (lower-cased), oldest first. */
  mailbox(address: string): readonly StoredMessage[] {
    return this.mailboxes.get(address.toLowerCase()) ?? [];
  }

  /** All mailboxes with at least one message. */
  allMailboxes(): ReadonlyMap<string, readonly StoredMessage[]> {
    return this.mailboxes;
  }

  private store(message: StoredMessage): void {
    const key = message.mailbox.toLowerCase();
    const box = this.mailboxes.get(key) ?? [];
    box.push(message);
    this.mailboxes.set(key, box);
  }

  private emit(event: SmtpEvent): void {
    // A failing view or lesson must never break the server or the other listeners.
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        console.error('SMTP network listener failed', error);
      }
    }
  }
}

export function normalizeName(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}
