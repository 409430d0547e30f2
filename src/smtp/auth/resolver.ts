// The world's DNS as the checks ask it (dns.ts's interface).
import type { Network } from '../network.ts';
import type { DnsRecord } from '../types.ts';
import type { AuthDnsType, AuthResolver } from './dns.ts';

/** Answers from the world's records, each query visible as a DNS event as dig's are. */
export function worldResolver(network: Network): AuthResolver {
  return fromAnswers((name, type) => network.resolve(name, type));
}

/** The same answers without DNS events (work done ahead of time, not a lookup anyone made). */
export function silentResolver(network: Network): AuthResolver {
  return fromAnswers((name, type) => network.lookup(name, type));
}

function fromAnswers(
  ask: (name: string, type: AuthDnsType) => { status: 'NOERROR' | 'NXDOMAIN'; answers: DnsRecord[] },
): AuthResolver {
  return {
    query(name: string, type: AuthDnsType) {
      const reply = ask(name, type);
      const answers = reply.answers.map((r: DnsRecord) => (r.type === 'MX' ? r.exchange : r.value));
      return { status: reply.status, answers };
    },
  };
}
