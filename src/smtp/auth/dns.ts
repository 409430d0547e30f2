// The DNS questions SPF, DKIM and DMARC ask, as an interface: the simulated world answers them from its
// records (world.ts), the tests from the test suites' zone data. Synchronous: the world is in memory.

export type AuthDnsType = 'A' | 'AAAA' | 'MX' | 'TXT';

export interface AuthDnsReply {
  /** SERVFAIL stands for any temporary failure (a timeout): it makes temperror. */
  status: 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL';
  /** A/AAAA: addresses; MX: exchange names, best preference first; TXT: each record's strings joined. */
  answers: string[];
}

export interface AuthResolver {
  query(name: string, type: AuthDnsType): AuthDnsReply;
}

/** The domain of an address (after the last @), lower case; '' for none. */
export function domainOfAddress(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? '' : address.slice(at + 1).toLowerCase();
}

/**
 * The organisational domain (RFC 7489 section 3.2). The real rule reads the Public Suffix List; the lab's
 * worlds only use one-label public suffixes (.test, .com, .org, .net, .example), so the organisational
 * domain is the last two labels.
 */
export function organizationalDomain(domain: string): string {
  const labels = domain.toLowerCase().replace(/\.$/, '').split('.');
  return labels.slice(-2).join('.');
}
