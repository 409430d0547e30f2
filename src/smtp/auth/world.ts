// The DKIM keys of the world's signing hosts, made (or loaded) when the world starts and published at
// SELECTOR._domainkey.DOMAIN; loaded on demand, with the crypto code.
import type { Network } from '../network.ts';
import type { MailHost, WorldSigner } from '../types.ts';
import { dkimSign, dkimVerify, generateDkimKey, type DkimKey, type DkimMemo } from './dkim.ts';
import { fromDomain } from './dmarc.ts';
import { splitMessage } from './fields.ts';
import { silentResolver } from './resolver.ts';

/** The public half of the lab's RSA key, as published. */
export const LAB_RSA_RECORD =
  'v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEArIXRaZm+75+GdwLuvPozWMsrXFhPLvYq3OCNPJ+Mt7m7uXZPuUIS7WwAhm7YJbBscKGAWRJTCOkcUKwk8cN9T8sOhaQl/hjwVcHDLbjbXrI3LoDPKOjxYKoL3iGQ67O1FnRFSfPkSS/gWjE03sQH2lWSOsRIK2ZkxyZSRW+dYUjLLU4h15Hksvif8Inrs0dV7L8X46cEjUmJGvebspC1h0sgohdr+5isxAlbDK3R6VgUxLeow8hVwJ+3FEnNHLNs594EPHBb0mIpNjtabj2FT82m+wJxZg0mElLMt1eVuZ/dRvQN5C7eJX6NtFu/XCjlI/Wo6V7MLxXe+IsIq2B5OwIDAQAB';

/**
 * The lab's RSA key (PKCS#8): making
 * a 2048-bit RSA key takes over a second of CPU, too long for every world that starts (tests start
 * hundreds). Ed25519 keys take milliseconds and are made fresh at each start.
 */
export const LAB_RSA_PKCS8 =
  'MIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSiAgEAAoIBAQCshdFpmb7vn4Z3Au68+jNYyytcWE8u9irc4I08n4y3ubu5dk+5QhLtbACGbtglsGxwoYBZElMI6RxQrCTxw31Pyw6FpCX+GPBVwcMtuNtesjcugM8o6PFgqgveIZDrs7UWdEVJ8+RJL+BaMTTexAfaVZI6xEgrZmTHJlJFb51hSMstTiHXkeSy+J/wieuzR1XsvxfjpwSNSYka95uykLWHSyCiF2v7mKzECVsMrdHpWBTEt6jDyFXAn7cUSc0cs2zn3gQ8cFvSYik2O1puPYVPzab7AnFmDSYSUsy3V5W5n91G9A3kLt4lfo20W79cKOUj9ajpXswvFd74iwirYHk7AgMBAAECggEAB9mW670pKPITRjsF7edcir/D21HRWIuu65n0EzwXRQzYc9nkSsOs5MyzQWqtvxlF9eIDWwowaQliVnFexPlmLElLAd20NNmhpeVJIj11DdwCEsWdp3jh8soJ/DN+yprEtJ7ZwEGus33QMYpno3M8AD1AiBgCSKdCEqW1vJ8VhCWegpCFdAbpoLwuOYKu1tgnuVWOXpQowjL3IkFXJCxDaRBx2BaFuzofIQXz65LrtTpiNm9lH8c76E6H0LrIengranbJl9DH2Fa52PtBl24giTSMUFmGuZh4kydWEbKUNkvdH23+H0yCGQU0Ct2nZZulXBqd7MKmRq+Owy8irC92kQKBgQDuORdI8186/3oeydI2hXint2Xfx51Tpg7cSEUQ/B/MzapkloDISISJAxa9m3nEvTeP9s/pOrPE783QMj/hoVwpd/oqYyhc7Hvamcy6uUJ59i1gOJoGp+7BwGYsDlhlvXMHSXf3oA0FeTNGWigYqNZk9HfKYLvwK+/XXbcC/Y7y1QKBgQC5ZZ4JF1UIKiczOjaPyiNHO+9Oww2yavHC3f0cLoIdUnNUH3lLeAcPZSsxqD7uFRyeJSkz2F+fyvHTt2gT5QzttLkX84TONjRpw6fr4aVe2iJKzZT3RBx9E5sjZ4ZSE9zgAl5ADJ64xyOGh+YxfrGJpnrGuKl3dHuVBPIU2LsjzwKBgAPjrrukLZPbA/VouiPlvfiPB/zFV448EdYK4AXM9//yA6wswOGEPZW3FTH3Td+mbzfMgcx/BtxaRfP2PhDC/6w1p0H16HzL56HEDRGnYKx5FniRtAITz9Qd/g0OFudiVnRyAKFsXYoPVoT5h9oPN6DiVOpa9faP4RSVFR3ZYfIZAoGATwCdanRV2MfVsn+w9m8Fv3orzN1Tfd8SrJ5aGGM9MO+Mk6Fh16YLJCVRVbTDNEMs0bs2JpCilv4tNLHoGOo3Kygi47Dyu8jfZt5oNR0Pki7UBBo8y21r0mTDbD/WPi2WpqJ7tUFrdYPugIpyrk61qtmVYg8Yr/2kF+lmmzmL7YMCgYBifJJCqGxYjYsUc0yb/26iySj3pvTVAWOCajs/cmKgBHhSObrD6RlCSMbjalciq9pGr1Di7MEVYHWlzFEp5SXRWFvA6JkVNVZkawlDah4L8ZCYxiOEzJSpGBvdz3fnoQ9ghhsCfCv2kBIIDqohMhGYMuTejzHFWqfLO2kdGTis0w==';

/** Make (Ed25519) or load (RSA) the world's signing keys and publish the new records in its DNS. */
export async function startSigners(network: Network, signers: readonly WorldSigner[]): Promise<DkimKey[]> {
  const keys = await Promise.all(
    signers.map((s) =>
      s.algorithm === 'rsa-sha256'
        ? labRsaKey(s.domain, s.selector)
        : generateDkimKey(s.domain, s.selector, s.algorithm),
    ),
  );
  for (const key of keys)
    network.publishRecord({
      name: `${key.selector}._domainkey.${key.domain}`,
      type: 'TXT',
      ttl: 3600,
      value: key.record,
    });
  return keys;
}

async function labRsaKey(domain: string, selector: string): Promise<DkimKey> {
  const der = new Uint8Array(Uint8Array.from(atob(LAB_RSA_PKCS8), (c) => c.charCodeAt(0)));
  const privateKey = await crypto.subtle.importKey(
    'pkcs8',
    der,
    { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    true,
    ['sign'],
  );
  return { domain, selector, algorithm: 'rsa-sha256', privateKey, record: LAB_RSA_RECORD, bits: 2048 };
}

/** The DKIM-Signature fields a signing host puts on a message from its domain (one per key, newest on top). */
export async function signFor(
  keys: DkimKey[],
  content: string,
  now: number,
  memo?: DkimMemo,
): Promise<string[]> {
  const fields: string[] = [];
  for (const key of keys) fields.unshift(await dkimSign(content, key, now, memo));
  return fields;
}

/**
 * OpenDKIM in signing mode on a host (its SigningTable: the host's own domains, with every key the world has
 * for the domain of the message's From): the fields to insert on top, none for mail from another domain.
 * The signed message is verified once, quietly, so that a receiver answers at once when it arrives unchanged.
 */
export async function signMessage(network: Network, host: MailHost, content: string): Promise<string[]> {
  const from = splitMessage(content).fields.find((f) => f.name.toLowerCase() === 'from');
  const domain = from ? fromDomain(from.raw.slice(from.raw.indexOf(':') + 1)) : '';
  if (!host.domains.some((d) => d.toLowerCase() === domain)) return [];
  const keys = (await network.dkimKeys).filter((k) => k.domain.toLowerCase() === domain);
  if (keys.length === 0) return [];
  const fields = await signFor(keys, content, network.env.now(), network.dkimMemo);
  await warm(network, [...fields, content].join('\n'));
  return fields;
}

/** Verify a message's signatures quietly so that the crypto results are in the network's memo. */
export async function warm(network: Network, message: string): Promise<void> {
  await dkimVerify(message, silentResolver(network), network.dkimMemo);
}
