// The operator's decisions, asked by the session after syntax and sequence pass (Postfix smtpd_check.c):
// is this domain ours, does this user exist, may this client relay, is this password right.
import { domainOf, isIPv4 } from './grammar.ts';
import type { Profile } from './profiles/types.ts';
import type { MailHost } from './types.ts';

/** Complete an address without a domain with the host's first domain (Postfix append_at_myorigin). */
export function qualify(host: MailHost, address: string, enabled: boolean): string {
  if (!enabled || address.includes('@') || address === '') return address;
  return `${address}@${host.domains[0] ?? host.name}`;
}

export function isLocalDomain(host: MailHost, address: string): boolean {
  const domain = domainOf(address);
  if (domain === '') return true;
  const literal = /^\[(?:ipv6:)?(.*)\]$/i.exec(domain);
  if (literal) return host.addresses.some((a) => a.toLowerCase() === literal[1].toLowerCase());
  return domain === host.name.toLowerCase() || host.domains.some((d) => d.toLowerCase() === domain);
}

/** Local parts compare case-insensitively, as Postfix's local_recipient_maps lookups do. */
export function userExists(host: MailHost, address: string): boolean {
  const at = address.lastIndexOf('@');
  const local = (at < 0 ? address : address.slice(0, at)).toLowerCase();
  // RFC 5321 section 4.5.1: every domain must have a postmaster.
  if (local === 'postmaster') return true;
  if (host.users.some((u) => u.name.toLowerCase() === local)) return true;
  return Object.keys(host.aliases ?? {}).some((a) => a.toLowerCase() === local);
}

export function canRelay(profile: Profile, host: MailHost, client: string, authUser: string | null): boolean {
  if (profile.policy.relay === 'local-only') return false;
  return (
    profile.policy.relay === 'open' || authUser !== null || inNetworks(client, host.trustedNetworks ?? [])
  );
}

/** Postfix permit_inet_interfaces: the client is this machine (its own address or loopback). */
export function clientIsLocal(host: MailHost, client: string): boolean {
  return host.addresses.includes(client) || client.startsWith('127.') || client === '::1';
}

export function checkPassword(host: MailHost, user: string, password: string): boolean {
  const name = user.includes('@') ? user.slice(0, user.lastIndexOf('@')) : user;
  const local = user.includes('@') ? host.domains.some((d) => d.toLowerCase() === domainOf(user)) : true;
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
