// The laptop's stub resolver as a program that connects uses it (getaddrinfo): the rules a name must meet to be
// asked at all, and the IPv4 address a name has, CNAMEs followed. dig, host and nslookup print whole answers
// (dns.ts, loaded with them).
import type { Network } from '../smtp/network.ts';
import { utf8Encode } from './bytes.ts';

/** Why a name cannot be asked (dig: "'x' is not a legal name (empty label)"), or null. */
export function nameProblem(name: string): string | null {
  if (name === '.' || name === '') return null;
  const labels = name.replace(/\.$/, '').split('.');
  if (labels.some((l) => l === '')) return 'empty label';
  if (labels.some((l) => utf8Encode(l).length > 63)) return 'label too long';
  if (wireName(name) > 255) return 'ran out of space';
  return null;
}

export const absolute = (name: string) => (name.endsWith('.') ? name : name + '.');
export const bare = (name: string) => name.replace(/\.$/, '').toLowerCase();

/** Octets of a name on the wire, uncompressed. */
export function wireName(name: string): number {
  const labels = name.replace(/\.$/, '').split('.').filter(Boolean);
  return labels.reduce((n, l) => n + 1 + utf8Encode(l).length, 1);
}

/**
 * The address a name resolves to, and the name that holds it (the end of its CNAME chain), with the queries
 * dns.ts lookup(name, 'A') asks and in the same order (the world sees each); null when it has none.
 */
export function addressOf(network: Network, name: string): { address: string; canonicalName: string } | null {
  let current = absolute(name);
  const seen = new Set<string>();
  // At most eight links, and no loop (RFC 1034 section 3.6.2), as lookup() follows them.
  for (let hop = 0; hop < 8 && !seen.has(bare(current)); hop++) {
    seen.add(bare(current));
    const a = network.resolve(bare(current), 'A').answers[0];
    if (a) return a.type === 'A' ? { address: a.value, canonicalName: current.replace(/\.$/, '') } : null;
    const cname = network.resolve(bare(current), 'CNAME').answers[0];
    if (cname?.type !== 'CNAME') return null;
    current = absolute(cname.value);
  }
  return null;
}
