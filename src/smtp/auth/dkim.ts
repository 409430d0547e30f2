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
  /** The signing identity (i=, or @ and d=), as OpenDKIM's header.i= shows it. */
  identity: string;
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

/**
 * The header fields OpenDKIM signs when present: libopendkim's dkim_should_signhdrs (dkim.c, "recommended list
 * of headers to sign, from RFC6376 Section 5.4"), its default SignHeaders.
 */
const SIGNED = new Set([
  'from',
  'reply-to',
  'subject',
  'date',
  'to',
  'cc',
  'resent-date',
  'resent-from',
  'resent-sender',
  'resent-to',
  'resent-cc',
  'in-reply-to',
  'references',
  'list-id',
  'list-help',
  'list-unsubscribe',
  'list-subscribe',
  'list-post',
  'list-owner',
  'list-archive',
]);

/** libopendkim's DKIM_HDRMARGIN: where dkim_getsighdr_d() folds the field. */
const MARGIN = 75;

/**
 * Sign a message (lines joined with "\n" or CRLF) with relaxed/relaxed as OpenDKIM does (Debian's
 * opendkim.conf: OversignHeaders From): h= names each field of SIGNED in the message's order, then From once
 * more, so that a From added later breaks the signature. Returns the DKIM-Signature field, folded as
 * dkim_getsighdr_d() folds it (lines joined with "\n"), to insert on top of the message (Postfix's
 * cleanup_ins_header: "Index 1 is the top-most header").
 */
export async function dkimSign(
  message: string,
  key: DkimKey,
  timestamp: number,
  memo?: DkimMemo,
): Promise<string> {
  const { fields, body } = splitMessage(message);
  const names = fields.filter((f) => SIGNED.has(f.name.toLowerCase())).map((f) => f.name);
  const h = [...names, 'From'];
  const canonBody = relaxedBody(body);
  const bh = toBase64(await sha256(utf8(canonBody)));
  if (memo) remember(memo.digests, canonBody, bh);
  const tags = [
    'v=1;',
    `a=${key.algorithm};`,
    'c=relaxed/relaxed;',
    `d=${key.domain};`,
    `s=${key.selector};`,
    `t=${Math.floor(timestamp / 1000)};`,
    `bh=${bh};`,
    `h=${h.join(':')};`,
  ];
  // The signed field ends with an empty "b=" (RFC 6376 section 3.7); the signature does not change how the
  // tags before it fold (its length is fixed by the key), so the field is folded once with a stand-in.
  const standIn = 'b=' + 'A'.repeat(key.algorithm === 'rsa-sha256' ? Math.ceil(key.bits / 24) * 4 : 88);
  const folded = foldSignature([...tags, standIn], key);
  const unsigned = folded.slice(0, folded.lastIndexOf('b=') + 2);
  const signatureField: Field = { name: 'DKIM-Signature', raw: `DKIM-Signature: ${unsigned}` };
  const data = signedData(fields, h, signatureField, 'relaxed');
  const signature = toBase64(await signBytes(key, utf8(data)));
  return `DKIM-Signature: ${foldSignature([...tags, `b=${signature}`], key)}`.replace(/\r\n/g, '\n');
}

/** dkim_getsighdr_d() (libopendkim/dkim.c) with dkim_margin 75 and "DKIM-Signature: " already written. */
function foldSignature(tags: string[], key: DkimKey): string {
  let out = '';
  let len = 'DKIM-Signature'.length + 2;
  tags.forEach((pv, i) => {
    const which = pv.slice(0, pv.indexOf('='));
    // An RSA b= always starts a line of its own when it cannot fit whole.
    const forceWrap =
      key.algorithm === 'rsa-sha256' && which === 'b' && len + which.length + pv.length >= MARGIN;
    if (i === 0) {
      out += pv;
      len += pv.length;
    } else if (forceWrap || len + pv.length > MARGIN) {
      out += '\r\n\t';
      len = 8;
      if (which === 'h') {
        // Break at colons.
        pv.split(':').forEach((name, j) => {
          if (j === 0) {
            out += name;
            len += name.length;
          } else if (len + name.length + 1 > MARGIN) {
            out += ':\r\n\t ' + name;
            len = 9 + name.length;
          } else {
            out += ':' + name;
            len += name.length + 1;
          }
        });
      } else if (which === 'b' || which === 'bh') {
        // Break at the margin.
        const offset = which.length + 1;
        out += pv.slice(0, offset + 1);
        len += offset + 1;
        let rest = pv.slice(offset + 1);
        while (rest.length > 0) {
          if (MARGIN - len === 0) {
            out += '\r\n\t ';
            len = 9;
          }
          const n = Math.min(MARGIN - len, rest.length);
          out += rest.slice(0, n);
          rest = rest.slice(n);
          len += n;
        }
      } else {
        out += pv;
        len += pv.length;
      }
    } else {
      out += ' ' + pv;
      len += pv.length + 1;
    }
  });
  return out;
}

/**
 * Results of the two costly steps of a verification, by their exact inputs: the body hash of a canonical body
 * and the outcome of a public-key check. Web Crypto only answers asynchronously; with both known, a verifier
 * answers at once (a server on a relay's connection must answer before the relay reads its reply). Pure
 * functions of their inputs, so a result found once holds for every later message with the same inputs.
 */
export interface DkimMemo {
  digests: Map<string, string>;
  verified: Map<string, boolean>;
}

const MEMO_LIMIT = 64;
/** Characters of keys (canonical bodies, signed data) kept at most: a class sending 10 MB messages stays small. */
const MEMO_CHARS = 4_000_000;

function remember<T>(map: Map<string, T>, key: string, value: T): void {
  if (key.length > MEMO_CHARS / 4) return;
  map.delete(key);
  map.set(key, value);
  let chars = 0;
  for (const k of map.keys()) chars += k.length;
  for (const k of map.keys()) {
    if (map.size <= MEMO_LIMIT && chars <= MEMO_CHARS) break;
    chars -= k.length;
    map.delete(k);
  }
}

export function newDkimMemo(): DkimMemo {
  return { digests: new Map(), verified: new Map() };
}

/** What is left to compute for one signature once its tags and key are read. */
interface Pending {
  verdict: DkimVerdict;
  keyType: 'rsa' | 'ed25519';
  p: string;
  b: string;
  bh: string;
  /** The canonical body, and the l= limit if any. */
  body: string;
  limit?: number;
  data: string;
}

/** Every DKIM-Signature of a message, verified (RFC 6376 section 6); an empty list: dkim=none. */
export async function dkimVerify(
  message: string,
  resolver: AuthResolver,
  memo: DkimMemo = newDkimMemo(),
): Promise<DkimVerdict[]> {
  const steps = plan(message, resolver);
  const verdicts: DkimVerdict[] = [];
  for (const step of steps) {
    if (!('data' in step)) {
      verdicts.push(step);
      continue;
    }
    const bodyKey = digestKey(step);
    const digest = memo.digests.get(bodyKey) ?? toBase64(await sha256(bodyBytes(step)));
    remember(memo.digests, bodyKey, digest);
    const sigKey = verifyKey(step);
    const ok = memo.verified.get(sigKey) ?? (await checkSignature(step));
    remember(memo.verified, sigKey, ok);
    verdicts.push(judge(step, digest, ok));
  }
  return verdicts;
}

/** The same verdicts without waiting, when the memo holds every result they need; otherwise null. */
export function dkimVerifyNow(message: string, resolver: AuthResolver, memo: DkimMemo): DkimVerdict[] | null {
  const verdicts: DkimVerdict[] = [];
  for (const step of plan(message, resolver)) {
    const verdict = 'data' in step ? decide(step, memo) : step;
    if (!verdict) return null;
    verdicts.push(verdict);
  }
  return verdicts;
}

function plan(message: string, resolver: AuthResolver): Array<DkimVerdict | Pending> {
  const { fields, body } = splitMessage(message);
  return fields
    .filter((f) => f.name.toLowerCase() === 'dkim-signature')
    .map((signature) => planOne(signature, fields, body, resolver));
}

function digestKey(step: Pending): string {
  return `${step.limit ?? ''}:${step.body}`;
}

function verifyKey(step: Pending): string {
  return [step.keyType, step.p, step.b, step.data].join('\0');
}

function bodyBytes(step: Pending): Uint8Array<ArrayBuffer> {
  const bytes = utf8(step.body);
  return step.limit === undefined ? bytes : bytes.slice(0, step.limit);
}

/** The verdict from the memo, or null when a result is not in it yet. */
function decide(step: Pending, memo: DkimMemo): DkimVerdict | null {
  const digest = memo.digests.get(digestKey(step));
  const ok = memo.verified.get(verifyKey(step));
  return digest === undefined || ok === undefined ? null : judge(step, digest, ok);
}

/** Section 6.1.3: the body hash first, then the signature. */
function judge(step: Pending, digest: string, ok: boolean): DkimVerdict {
  if (digest !== step.bh) return { ...step.verdict, result: 'fail', reason: 'body hash did not verify' };
  return ok
    ? { ...step.verdict, result: 'pass' }
    : { ...step.verdict, result: 'fail', reason: 'signature did not verify' };
}

async function checkSignature(step: Pending): Promise<boolean> {
  let key: CryptoKey;
  try {
    key =
      step.keyType === 'rsa'
        ? await crypto.subtle.importKey('spki', fromBase64(step.p), RSA, false, ['verify'])
        : await crypto.subtle.importKey('raw', fromBase64(step.p), ED25519, false, ['verify']);
  } catch {
    return false;
  }
  const sig = fromBase64(step.b);
  const data = step.keyType === 'rsa' ? utf8(step.data) : await sha256(utf8(step.data));
  try {
    return await crypto.subtle.verify(step.keyType === 'rsa' ? RSA : ED25519, key, sig, data);
  } catch {
    return false;
  }
}

function planOne(
  signature: Field,
  fields: Field[],
  body: string,
  resolver: AuthResolver,
): DkimVerdict | Pending {
  const tags = parseTags(valueOf(signature));
  const verdict: DkimVerdict = {
    result: 'permerror',
    domain: (tags?.get('d') ?? '').toLowerCase(),
    selector: tags?.get('s') ?? '',
    algorithm: tags?.get('a') ?? '',
    b: (tags?.get('b') ?? '').replace(/\s+/g, '').slice(0, 8),
    identity: tags?.get('i') ?? `@${(tags?.get('d') ?? '').toLowerCase()}`,
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
  const bits = keyBits(keyType, p);
  if (bits === null) return fail('permerror', `the key at ${keyName} cannot be read`);
  const limit = tags.get('l');
  return {
    verdict: { ...verdict, bits },
    keyType: keyType as 'rsa' | 'ed25519',
    p,
    b: (tags.get('b') ?? '').replace(/\s+/g, ''),
    bh: (tags.get('bh') ?? '').replace(/\s+/g, ''),
    body: bodyCanon === 'relaxed' ? relaxedBody(body) : simpleBody(body),
    limit: limit === undefined ? undefined : Number(limit),
    data: signedData(fields, verdict.headers, signature, headerCanon, true),
  };
}

/**
 * The key's size, read from its DER (an RSA SubjectPublicKeyInfo: the modulus INTEGER's length), as OpenDKIM's
 * "(2048-bit key)" shows it; an Ed25519 key is 32 raw bytes. null: not a key.
 */
function keyBits(keyType: string, p: string): number | null {
  const der = fromBase64(p);
  if (keyType === 'ed25519') return der.length === 32 ? 256 : null;
  // SEQUENCE { SEQUENCE { OID, NULL }, BIT STRING { SEQUENCE { INTEGER n, INTEGER e } } }
  let i = 0;
  const length = (): number => {
    const first = der[i++];
    if (first < 0x80) return first;
    let n = 0;
    for (let k = 0; k < (first & 0x7f); k++) n = n * 256 + der[i++];
    return n;
  };
  const enter = (tag: number): boolean => der[i++] === tag && (length(), true);
  if (!enter(0x30) || der[i] !== 0x30) return null;
  i++;
  const skip = length();
  i += skip;
  if (!enter(0x03)) return null;
  i++; // unused bits
  if (!enter(0x30) || der[i++] !== 0x02) return null;
  let n = length();
  if (der[i] === 0) n--;
  return n > 0 && i + n <= der.length ? n * 8 : null;
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
