// DKIM against the RFCs' own examples (RFC 8463 appendix A, RFC 6376 section 3.4.5) and against an
// independent implementation (the mailauth package): each verifies what the other signs.
import { describe, expect, it } from 'vitest';
import { dkimSign as theirSign } from 'mailauth/lib/dkim/sign.js';
import { dkimVerify as theirVerify } from 'mailauth/lib/dkim/verify.js';
import { splitMessage } from '../../../src/smtp/auth/fields.ts';
import type { AuthDnsReply, AuthResolver } from '../../../src/smtp/auth/dns.ts';
import {
  dkimSign,
  dkimVerify,
  dkimVerifyNow,
  newDkimMemo,
  generateDkimKey,
  relaxedBody,
  simpleBody,
  type DkimKey,
} from '../../../src/smtp/auth/dkim.ts';

/** RFC 8463 appendix A.3, as published (both signatures, t=1528637909, no expiry). */
const RFC8463 = [
  'DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed;',
  ' d=football.example.com; i=@football.example.com;',
  ' q=dns/txt; s=brisbane; t=1528637909; h=from : to :',
  ' subject : date : message-id : from : subject : date;',
  ' bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=;',
  ' b=/gCrinpcQOoIfuHNQIbq4pgh9kyIK3AQUdt9OdqQehSwhEIug4D11Bus',
  ' Fa3bT3FY5OsU7ZbnKELq+eXdp1Q1Dw==',
  'DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;',
  ' d=football.example.com; i=@football.example.com;',
  ' q=dns/txt; s=test; t=1528637909; h=from : to : subject :',
  ' date : message-id : from : subject : date;',
  ' bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=;',
  ' b=F45dVWDfMbQDGHJFlXUNB2HKfbCeLRyhDXgFpEL8GwpsRe0IeIixNTe3',
  ' DhCVlUrSjV4BwcVcOF6+FF3Zo9Rpo1tFOeS9mPYQTnGdaSGsgeefOsk2Jz',
  ' dA+L10TeYt9BgDfQNZtKdN1WO//KgIqXP7OdEFE4LjFYNcUxZQ4FADY+8=',
  'From: Joe SixPack <joe@football.example.com>',
  'To: Suzie Q <suzie@shopping.example.net>',
  'Subject: Is dinner ready?',
  'Date: Fri, 11 Jul 2003 21:00:37 -0700 (PDT)',
  'Message-ID: <20030712040037.46341.5F8J@football.example.com>',
  '',
  'Hi.',
  '',
  'We lost the game.  Are you hungry yet?',
  '',
  'Joe.',
  '',
  '',
].join('\r\n');

/** RFC 8463 appendix A.2: the published keys. */
const RFC8463_KEYS: Record<string, string> = {
  'brisbane._domainkey.football.example.com':
    'v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=',
  'test._domainkey.football.example.com':
    'v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWR' +
    'iGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutAC' +
    'DfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3' +
    'Ip3G+2kryOTIKT+l/K4w3QIDAQAB',
};

function txtResolver(records: Partial<Record<string, string>>): AuthResolver {
  return {
    query(name, type): AuthDnsReply {
      const value = records[name.toLowerCase()];
      if (type !== 'TXT' || value === undefined) return { status: 'NXDOMAIN', answers: [] };
      return { status: 'NOERROR', answers: [value] };
    },
  };
}

/** mailauth's resolver: node's dns.promises.resolve shape, TXT as arrays of strings. */
function theirResolver(records: Partial<Record<string, string>>): never {
  return (async (name: string, rr: string) => {
    const value = records[name.toLowerCase()];
    if (rr !== 'TXT' || value === undefined)
      throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    return [value.match(/.{1,255}/g)];
  }) as never;
}

async function pem(key: DkimKey): Promise<string> {
  const der = new Uint8Array(await crypto.subtle.exportKey('pkcs8', key.privateKey));
  const b64 = Buffer.from(der).toString('base64');
  return `-----BEGIN PRIVATE KEY-----\n${b64.match(/.{1,64}/g)!.join('\n')}\n-----END PRIVATE KEY-----\n`;
}

const MESSAGE = [
  'From: Bob Builder <bob@example.test>',
  'To: Carol Danvers <carol@elsewhere.test>',
  'Subject: The  wall\t is finished',
  'Date: Sun, 22 Nov 2026 23:02:45 +0000',
  'Message-ID: <1@example.test>',
  '',
  'Carol,   the wall is up.  ',
  '',
  'Bob',
  '',
].join('\n');

describe('RFC 6376 section 3.4.5 canonicalization example', () => {
  it('relaxed and simple bodies', () => {
    const { fields, body } = splitMessage('A: X\r\nB : Y\t\r\n\tZ  \r\n\r\n C \r\nD \t E\r\n\r\n\r\n');
    expect(fields.map((f) => f.name)).toEqual(['A', 'B']);
    expect(relaxedBody(body)).toBe(' C\r\nD E\r\n');
    expect(simpleBody(body)).toBe(' C \r\nD \t E\r\n');
    expect(relaxedBody('')).toBe('');
    expect(simpleBody('')).toBe('\r\n');
  });
});

describe('RFC 8463 appendix A', () => {
  it('both published signatures verify with the published keys', async () => {
    const verdicts = await dkimVerify(RFC8463, txtResolver(RFC8463_KEYS));
    expect(verdicts.map((v) => [v.selector, v.algorithm, v.result])).toEqual([
      ['brisbane', 'ed25519-sha256', 'pass'],
      ['test', 'rsa-sha256', 'pass'],
    ]);
    expect(verdicts[1].bits).toBe(1024);
  });

  it('a changed body fails the body hash, a changed signed header the signature', async () => {
    const body = await dkimVerify(RFC8463.replace('hungry', 'angry'), txtResolver(RFC8463_KEYS));
    expect(body.map((v) => [v.result, v.reason])).toEqual([
      ['fail', 'body hash did not verify'],
      ['fail', 'body hash did not verify'],
    ]);
    const header = await dkimVerify(RFC8463.replace('dinner', 'lunch'), txtResolver(RFC8463_KEYS));
    expect(header.map((v) => [v.result, v.reason])).toEqual([
      ['fail', 'signature did not verify'],
      ['fail', 'signature did not verify'],
    ]);
    // A field no signature covers may be added.
    const added = await dkimVerify(
      RFC8463.replace('Message-ID:', 'X-Mailer: any\r\nMessage-ID:'),
      txtResolver(RFC8463_KEYS),
    );
    expect(added.map((v) => v.result)).toEqual(['pass', 'pass']);
  });

  it('no key, a revoked key, a key of the other type', async () => {
    const { 'test._domainkey.football.example.com': rsa } = RFC8463_KEYS;
    for (const keys of [
      {},
      { 'brisbane._domainkey.football.example.com': 'v=DKIM1; k=ed25519; p=' },
      { 'brisbane._domainkey.football.example.com': rsa },
    ]) {
      const [first] = await dkimVerify(RFC8463, txtResolver(keys));
      expect(first.result).toBe('permerror');
    }
  });

  it('an unsigned message has no verdicts (dkim=none)', async () => {
    expect(await dkimVerify(MESSAGE, txtResolver({}))).toEqual([]);
  });
});

describe.each(['rsa-sha256', 'ed25519-sha256'] as const)(
  '%s with keys generated in Web Crypto',
  (algorithm) => {
    it('signs what it verifies; a footer or an edited Subject breaks it', async () => {
      const key = await generateDkimKey('example.test', 'mail', algorithm);
      const keys = { 'mail._domainkey.example.test': key.record };
      const signed = (await dkimSign(MESSAGE, key, Date.UTC(2026, 10, 22))) + '\n' + MESSAGE;
      expect((await dkimVerify(signed, txtResolver(keys)))[0].result).toBe('pass');
      const footer = signed + '--\nlist@lists.elsewhere.test\n';
      expect((await dkimVerify(footer, txtResolver(keys)))[0].reason).toBe('body hash did not verify');
      const subject = signed.replace('Subject: The', 'Subject: [list] The');
      expect((await dkimVerify(subject, txtResolver(keys)))[0].reason).toBe('signature did not verify');
      // Relaxed canonicalization forgives whitespace changed on the way.
      const rewrapped = signed.replace('The  wall\t is', 'The wall is').replace('up.  ', 'up.');
      expect((await dkimVerify(rewrapped, txtResolver(keys)))[0].result).toBe('pass');
    });

    it('mailauth verifies what the simulator signs', async () => {
      const key = await generateDkimKey('example.test', 'mail', algorithm);
      const keys = { 'mail._domainkey.example.test': key.record };
      const signed = ((await dkimSign(MESSAGE, key, Date.now())) + '\n' + MESSAGE).replace(/\n/g, '\r\n');
      const result = await theirVerify(Buffer.from(signed), { resolver: theirResolver(keys) });
      expect(result.results.map((r: { status: { result: string } }) => r.status.result)).toEqual(['pass']);
      const tampered = await theirVerify(Buffer.from(signed.replace('Bob\r\n', 'Mallory\r\n')), {
        resolver: theirResolver(keys),
      });
      // mailauth says neutral for a body hash mismatch (RFC 6376 section 6.3 leaves that to the verifier).
      expect(tampered.results[0].status.result).toBe('neutral');
      expect(tampered.results[0].status.comment).toMatch(/body hash/);
    });

    it('the simulator verifies what mailauth signs', async () => {
      const key = await generateDkimKey('example.test', 'theirs', algorithm);
      const keys = { 'theirs._domainkey.example.test': key.record };
      const crlf = MESSAGE.replace(/\n/g, '\r\n');
      const signed = await theirSign(crlf, {
        canonicalization: 'relaxed/relaxed',
        algorithm,
        signatureData: [{ signingDomain: 'example.test', selector: 'theirs', privateKey: await pem(key) }],
      } as never);
      expect(signed.errors).toEqual([]);
      const verdicts = await dkimVerify(signed.signatures + crlf, txtResolver(keys));
      expect(verdicts.map((v) => [v.domain, v.selector, v.result])).toEqual([
        ['example.test', 'theirs', 'pass'],
      ]);
      const tampered = await dkimVerify(
        signed.signatures + crlf.replace('Bob\r\n', 'Mallory\r\n'),
        txtResolver(keys),
      );
      expect(tampered[0].result).toBe('fail');
    });
  },
);

describe('the memo of crypto results', () => {
  it('answers at once once a message was verified; a body too big to keep is verified again, never lost', async () => {
    const key = await generateDkimKey('example.test', 'ed', 'ed25519-sha256');
    const keys = { 'ed._domainkey.example.test': key.record };
    const memo = newDkimMemo();
    const signed = (await dkimSign(MESSAGE, key, 0)) + '\n' + MESSAGE;
    expect(dkimVerifyNow(signed, txtResolver(keys), memo)).toBeNull();
    await dkimVerify(signed, txtResolver(keys), memo);
    expect(dkimVerifyNow(signed, txtResolver(keys), memo)?.map((v) => v.result)).toEqual(['pass']);
    // A changed body is a new input: not known yet.
    expect(dkimVerifyNow(signed + 'P.S.\n', txtResolver(keys), memo)).toBeNull();
    const big = MESSAGE + 'x'.repeat(72).concat('\n').repeat(20_000);
    const bigSigned = (await dkimSign(big, key, 0)) + '\n' + big;
    expect((await dkimVerify(bigSigned, txtResolver(keys), memo)).map((v) => v.result)).toEqual(['pass']);
    expect(dkimVerifyNow(bigSigned, txtResolver(keys), memo)).toBeNull();
  });
});
