// The operator's decisions, asked by the session after syntax and sequence pass (Postfix smtpd_check.c):
// is this domain ours, where does this address really go, does this user exist, may this client relay,
// is this password right.
import { domainOf, ipOfLiteral, isIPv4, localPartOf, normalizeIp, splitAddress } from './grammar.ts';
import type { Profile } from './profiles/types.ts';
import type { MailHost } from './types.ts';

/** Complete an address without a domain with the host's first domain (Postfix append_at_myorigin). */
export function qualify(host: MailHost, address: string, enabled: boolean): string {
  if (!enabled || address.includes('@') || address === '') return address;
  return `${address}@${host.domains[0] ?? host.name}`;
}

/**
 * The host's own addresses (Postfix inet_interfaces = all: every interface, loopback included): the world's
 * addresses for it, plus any a transport added (the TCP bridge's listening address, Network.addInterfaceAddress).
 */
function ownAddresses(host: MailHost): string[] {
  return [...host.addresses, '127.0.0.1', '::1'].map(normalizeIp);
}

/**
 * Postfix resolve_local(): one of mydestination, the host's name, or an address literal naming one of the
 * host's own addresses (alice@[127.0.0.1], alice@[IPv6:::1]). An address without a domain is local.
 */
export function isLocalDomain(host: MailHost, address: string): boolean {
  const domain = domainOf(address).replace(/([^.])\.$/, '$1');
  if (domain === '') return true;
  if (domain.startsWith('[')) {
    const ip = ipOfLiteral(domain);
    return ip !== null && ownAddresses(host).includes(ip);
  }
  return domain === host.name.toLowerCase() || host.domains.some((d) => d.toLowerCase() === domain);
}

export interface Resolved {
  /** Where the address goes after the rewrites: user@domain. */
  address: string;
  /** The final domain is one of the host's own. */
  local: boolean;
}

/**
 * Where an address really goes (Postfix trivial-rewrite resolve.c): while the domain is local, the local
 * part is read again as an address of its own: "user@elsewhere"@here, the percent hack user%elsewhere@here
 * (allow_percent_hack) and the bang path elsewhere!user@here (swap_bangpath) all go to elsewhere, which is
 * why a relay check must look at the resolved address and not at the last '@'.
 */
export function resolveAddress(profile: Profile, host: MailHost, address: string): Resolved {
  let current = address;
  for (let depth = 0; depth < 10; depth++) {
    if (!isLocalDomain(host, current)) return { address: current, local: false };
    const domain = splitAddress(current).domain;
    const local = localPartOf(current);
    let next: string | null = null;
    if (!profile.policy.routeLocalParts) next = null;
    else if (local.includes('@')) next = local;
    else if (local.includes('!')) {
      const bang = local.indexOf('!');
      next = `${local.slice(bang + 1)}@${local.slice(0, bang)}`;
    } else if (local.includes('%')) {
      const percent = local.lastIndexOf('%');
      next = `${local.slice(0, percent)}@${local.slice(percent + 1)}`;
    }
    if (next === null || next.endsWith('@') || next.startsWith('@')) {
      return { address: domain === '' ? current : `${local}@${domain}`, local: true };
    }
    current = next;
  }
  return { address: current, local: isLocalDomain(host, current) };
}

/** Local parts compare case-insensitively, as Postfix's local_recipient_maps lookups do. */
export function userExists(host: MailHost, address: string): boolean {
  const local = splitAddress(address).local.toLowerCase();
  // RFC 5321 section 4.5.1: every domain must have a postmaster.
  if (local === 'postmaster') return true;
  return findUser(host, local) !== undefined || aliasOf(host, local) !== undefined;
}

/** The user with this local part (case-insensitive), if the host has one. */
export function findUser(host: MailHost, local: string): MailHost['users'][number] | undefined {
  return host.users.find((u) => u.name.toLowerCase() === local.toLowerCase());
}

/** The members of the alias with this local part (case-insensitive), if there is one. */
export function aliasOf(host: MailHost, local: string): string[] | undefined {
  return Object.entries(host.aliases ?? {}).find(([name]) => name.toLowerCase() === local.toLowerCase())?.[1];
}

export function canRelay(profile: Profile, host: MailHost, client: string, authUser: string | null): boolean {
  if (profile.policy.relay === 'local-only') return false;
  return (
    profile.policy.relay === 'open' || authUser !== null || inNetworks(client, host.trustedNetworks ?? [])
  );
}

/** Postfix permit_inet_interfaces: the client is this machine (its own address or loopback). */
export function clientIsLocal(host: MailHost, client: string): boolean {
  return ownAddresses(host).includes(normalizeIp(client)) || client.startsWith('127.');
}

export function checkPassword(host: MailHost, user: string, password: string): boolean {
  const { local: name, domain } = splitAddress(user);
  const local = domain === '' || host.domains.some((d) => d.toLowerCase() === domain.toLowerCase());
  return (
    local && host.users.some((u) => u.name === name && u.password !== undefined && u.password === password)
  );
}

/** The client's name as Postfix prints it in Received headers; no reverse DNS in the simulation. */
export function clientName(_client: string): string {
  return 'unknown';
}

function inNetworks(client: string, networks: string[]): boolean {
  return networks.some((net) => {
    const [base, bitsText] = net.replace(/^\[|\]$/g, '').split('/');
    if (bitsText === undefined || !isIPv4(base) || !isIPv4(client)) return base === client;
    const bits = Number(bitsText);
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    return (toInt(base) & mask) === (toInt(client) & mask);
  });
}

function toInt(ip: string): number {
  return ip.split('.').reduce((n, part) => ((n << 8) | Number(part)) >>> 0, 0);
}
