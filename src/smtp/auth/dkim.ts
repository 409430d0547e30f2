// DKIM (RFC 6376) signing and verifying with Web Crypto (the same crypto.subtle in Node 20 and the browser):
// rsa-sha256 and ed25519-sha256 (RFC 8463), simple and relaxed canonicalization (section 3.4).
import type { AuthResolver } from './dns.ts';
import { parseTags, splitMessage, type Field } from './fields.ts';

export type DkimAlgorithm = 'rsa-sha256' | 'ed25519-sha256';
export type DkimResult = 'pass' | 'fail' | 'neutral' | 'policy' | 'temperror' | 'permerror';

export interface DkimKey {
  domain: string;
  selector: string;
  algorithm: DkimAlgorithm;
  privateKey: CryptoKey;
  /** The TXT record to publish at SELECTOR._domainkey.DOMAIN. */
  record: string;
  bits: number;
}

export interface DkimVerdict {
  result: DkimResult;
  domain: string;
  selector: string;
  algorithm: string;
  /** The first eight characters of b=, as OpenDKIM's header.b= shows them. */
  b: string;
  /** Signed header field names, as h= lists them. */
  headers: string[];
  /** The key's size in bits when it was read. */
  bits?: number;
  /** Why the result is not pass. */
  reason?: string;
}

const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
const ED25519 = { name: 'Ed25519' };

/** A new key pair and the record that publishes it (RFC 6376 section 3.6.1; RFC 8463 section 4). */
export async function generateDkimKey(
  domain: string,
  selector: string,
  algorithm: DkimAlgorithm,
): Promise<DkimKey> {
  if (algorithm === 'rsa-sha256') {
    const pair = (await crypto.subtle.generateKey(
      { ...RSA, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
      true,
      ['sign', 'verify'],
    )) as CryptoKeyPair;
    const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
    return {
      domain,
      selector,
      algorithm,
      privateKey: pair.privateKey,
      record: `v=DKIM1; k=rsa; p=${toBase64(spki)}`,
      bits: 2048,
    };
  }
  const pair = (await crypto.subtle.generateKey(ED25519, true, ['sign', 'verify'])) as CryptoKeyPair;
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  return {
    domain,
    selector,
    algorithm,
    privateKey: pair.privateKey,
    record: `v=DKIM1; k=ed25519; p=${toBase64(raw)}`,
    bits: 256,
  };
}

/** The header fields a signer covers when the message has them (RFC 6376 section 5.4.1's list). */
const SIGNED = [
  'from',
  'to',
  'cc',
  'subject',
  'date',
  'message-id',
  'reply-to',
  'mime-version',
  'content-type',
];

/**
 * Sign a message (lines joined with "\n" or CRLF) with relaxed/relaxed; returns the DKIM-Signature field
 * (folded with "\n\t", as OpenDKIM writes it) to put on top of the message.
 */
export async function dkimSign(message: string, key: DkimKey, timestamp: number): Promise<string> {
  const { fields, body } = splitMessage(message);
  const present = SIGNED.filter((name) => fields.some((f) => f.name.toLowerCase() === name));
  const bh = toBase64(await sha256(utf8(relaxedBody(body))));
  const h = present.map((n) => fields.find((f) => f.name.toLowerCase() === n)!.name).join(':');
  const unsigned =
    `DKIM-Signature: v=1; a=${key.algorithm}; c=relaxed/relaxed; d=${key.domain};\r\n` +
    `\ts=${key.selector}; t=${Math.floor(timestamp / 1000)};\r\n\tbh=${bh};\r\n\th=${h};\r\n\tb=`;
  const data = signedData(fields, present, { name: 'DKIM-Signature', raw: unsigned }, 'relaxed');
  const signature = toBase64(await signBytes(key, utf8(data)));
  const folded = signature.match(/.{1,70}/g)!.join('\r\n\t ');
  return (unsigned + folded).replace(/\r\n/g, '\n');
}

/** Every DKIM-Signature of a message, verified (RFC 6376 section 6); an empty list: dkim=none. */
export async function dkimVerify(message: string, resolver: AuthResolver): Promise<DkimVerdict[]> {
  const { fields, body } = splitMessage(message);
  const signatures = fields.filter((f) => f.name.toLowerCase() === 'dkim-signature');
  const verdicts: DkimVerdict[] = [];
  for (const signature of signatures) verdicts.push(await verifyOne(signature, fields, body, resolver));
  return verdicts;
}

async function verifyOne(
  signature: Field,
  fields: Field[],
  body: string,
  resolver: AuthResolver,
): Promise<DkimVerdict> {
  const tags = parseTags(valueOf(signature));
  const verdict: DkimVerdict = {
    result: 'permerror',
    domain: (tags?.get('d') ?? '').toLowerCase(),
    selector: tags?.get('s') ?? '',
    algorithm: tags?.get('a') ?? '',
    b: (tags?.get('b') ?? '').replace(/\s+/g, '').slice(0, 8),
    headers: (tags?.get('h') ?? '')
      .split(':')
      .map((s) => s.trim())
      .filter(Boolean),
  };
  const fail = (result: DkimResult, reason: string): DkimVerdict => ({ ...verdict, result, reason });
  if (!tags) return fail('permerror', 'the signature field is not a tag list');
  for (const required of ['v', 'a', 'b', 'bh', 'd', 'h', 's'])
    if (!tags.has(required)) return fail('permerror', `the signature has no ${required}= tag`);
  if (tags.get('v') !== '1') return fail('permerror', 'v= is not 1');
  const algorithm = verdict.algorithm;
  if (algorithm !== 'rsa-sha256' && algorithm !== 'ed25519-sha256')
    return fail('permerror', `the algorithm ${algorithm} is not supported`);
  if (!verdict.headers.some((h) => h.toLowerCase() === 'from'))
    return fail('permerror', 'h= does not list From');
  const [headerCanon, bodyCanon = 'simple'] = (tags.get('c') ?? 'simple/simple').toLowerCase().split('/');
  if (!isCanon(headerCanon) || !isCanon(bodyCanon))
    return fail('permerror', 'c= names an unknown canonicalization');
  const expires = tags.get('x');
  if (expires !== undefined && Number(expires) * 1000 < Date.now())
    return fail('fail', 'the signature expired');

  // The key (section 3.6.2): SELECTOR._domainkey.DOMAIN TXT.
  const keyName = `${verdict.selector}._domainkey.${verdict.domain}`;
  const reply = resolver.query(keyName, 'TXT');
  if (reply.status === 'SERVFAIL') return fail('temperror', `the key lookup for ${keyName} failed`);
  const record = reply.answers.map(parseTags).find((t) => t !== null && (t.get('v') ?? 'DKIM1') === 'DKIM1');
  if (!record || !record.has('p')) return fail('permerror', `no key published at ${keyName}`);
  const p = (record.get('p') ?? '').replace(/\s+/g, '');
  if (p === '') return fail('permerror', `the key at ${keyName} is revoked (empty p=)`);
  const keyType = (record.get('k') ?? 'rsa').toLowerCase();
  if (keyType !== algorithm.split('-')[0])
    return fail('permerror', `the key at ${keyName} is of type ${keyType}`);

  const bodyText = bodyCanon === 'relaxed' ? relaxedBody(body) : simpleBody(body);
  const limit = tags.get('l');
  const hashed = limit === undefined ? utf8(bodyText) : utf8(bodyText).slice(0, Number(limit));
  if (toBase64(await sha256(hashed)) !== (tags.get('bh') ?? '').replace(/\s+/g, ''))
    return fail('fail', 'body hash did not verify');
  const data = signedData(fields, verdict.headers, signature, headerCanon, true);
  let key: CryptoKey;
  try {
    key =
      keyType === 'rsa'
        ? await crypto.subtle.importKey('spki', fromBase64(p), RSA, false, ['verify'])
        : await crypto.subtle.importKey('raw', fromBase64(p), ED25519, false, ['verify']);
  } catch {
    return fail('permerror', `the key at ${keyName} cannot be read`);
  }
  const bits = keyType === 'rsa' ? ((key.algorithm as { modulusLength?: number }).modulusLength ?? 0) : 256;
  const sig = fromBase64((tags.get('b') ?? '').replace(/\s+/g, ''));
  const message = keyType === 'rsa' ? utf8(data) : await sha256(utf8(data));
  const ok = await crypto.subtle.verify(keyType === 'rsa' ? RSA : ED25519, key, sig, message);
  return ok ? { ...verdict, result: 'pass', bits } : { ...fail('fail', 'signature did not verify'), bits };
}

function valueOf(field: Field): string {
  return field.raw.slice(field.raw.indexOf(':') + 1);
}

function isCanon(c: string): c is 'simple' | 'relaxed' {
  return c === 'simple' || c === 'relaxed';
}

/** Section 3.4.2: lower-case name, unfolded, runs of whitespace as one space, none at the ends. */
function canonHeader(field: Field, canon: 'simple' | 'relaxed'): string {
  if (canon === 'simple') return field.raw;
  const value = valueOf(field)
    .replace(/\r\n(?=[ \t])/g, '')
    .replace(/[ \t]+/g, ' ')
    .trim();
  return `${field.name.toLowerCase()}:${value}`;
}

function bodyLines(body: string): string[] {
  const lines = body.split('\r\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Section 3.4.4: whitespace runs as one space, none at line ends, no empty lines at the end. */
export function relaxedBody(body: string): string {
  const lines = bodyLines(body).map((l) => l.replace(/[ \t]+/g, ' ').replace(/ $/, ''));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => l + '\r\n').join('');
}

/** Section 3.4.3: no empty lines at the end; an empty body is one CRLF. */
export function simpleBody(body: string): string {
  const lines = bodyLines(body);
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.length === 0 ? '\r\n' : lines.map((l) => l + '\r\n').join('');
}

/**
 * The data the signature covers (section 3.7): each field h= names, taken from the bottom up (a name listed
 * again takes the next one up, or nothing), then the signature field with b= emptied and no final CRLF.
 */
function signedData(
  fields: Field[],
  names: string[],
  signature: Field,
  canon: string,
  verifying = false,
): string {
  const used = new Set<Field>();
  let data = '';
  for (const name of names) {
    const candidates = fields.filter(
      (f) => f.name.toLowerCase() === name.toLowerCase() && !used.has(f) && f !== signature,
    );
    const field = candidates[candidates.length - 1];
    if (!field) continue;
    used.add(field);
    data += canonHeader(field, canon as 'simple' | 'relaxed') + '\r\n';
  }
  const emptied = verifying ? signature.raw.replace(/((?:^|;)\s*b\s*=)[^;]*/, '$1') : signature.raw;
  return data + canonHeader({ name: signature.name, raw: emptied }, canon as 'simple' | 'relaxed');
}

async function signBytes(key: DkimKey, data: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  if (key.algorithm === 'rsa-sha256')
    return new Uint8Array(await crypto.subtle.sign(RSA, key.privateKey, data));
  return new Uint8Array(await crypto.subtle.sign(ED25519, key.privateKey, await sha256(data)));
}

async function sha256(data: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', data));
}

/** Bytes on a plain ArrayBuffer, as Web Crypto's BufferSource wants them. */
function utf8(text: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(new TextEncoder().encode(text));
}

export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    return new Uint8Array(0);
  }
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
