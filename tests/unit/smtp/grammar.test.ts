// Table tests for the command grammar (grammar.ts) and the ESMTP parameter rules (params.ts).
import { describe, expect, it } from 'vitest';
import {
  ipOfLiteral,
  isAddressLiteral,
  isDomain,
  isIPv6,
  isMailbox,
  isPostfixDomain,
  looksLikeHeader,
  normalizeIp,
  parseParam,
  parsePathArgument,
  splitCommand,
  unquotedAddress,
} from '../../../src/smtp/grammar.ts';
import { resolveAddress } from '../../../src/smtp/policy.ts';
import { getProfile } from '../../../src/smtp/profiles/index.ts';
import { defaultWorld } from '../../../src/smtp/worlds.ts';
import {
  checkMailParams,
  checkRcptParams,
  isNotifyList,
  isOrcpt,
  xtextDecode,
  type ParamContext,
} from '../../../src/smtp/params.ts';

describe('splitCommand', () => {
  it.each([
    ['MAIL FROM:<a@b.example>', 'MAIL', 'FROM:<a@b.example>'],
    ['  noop  ', 'NOOP', ''],
    ['', '', ''],
    [' \t ', '', ''],
    ['rcpt\tTO:<x@y.example>', 'RCPT', 'TO:<x@y.example>'],
    ['HELO a  b', 'HELO', 'a  b'],
    ['NOOP\v\f', 'NOOP', ''],
    ['QUIT\r', 'QUIT', ''],
    ['ehlo client.example', 'EHLO', 'client.example'],
  ])('%j -> %s / %j', (line, verb, argument) => {
    expect(splitCommand(line)).toEqual({ verb, argument });
  });

  it('stays linear on a long line of blanks', () => {
    const line = `NOOP ${' '.repeat(200_000)}x${' '.repeat(200_000)}`;
    expect(splitCommand(line)).toEqual({ verb: 'NOOP', argument: `${' '.repeat(200_000)}x`.trimStart() });
  });
});

describe('looksLikeHeader (Postfix is_header on the first word)', () => {
  it.each([
    ['From:', true],
    ['Subject:hello', true],
    ['X-Mailer:', true],
    ['a:b', true],
    ['Subject', false],
    [':x', false],
    ['MAIL', false],
    ['', false],
  ])('%j -> %s', (word, header) => {
    expect(looksLikeHeader(word)).toBe(header);
  });
});

type Expect =
  | { address: string; raw?: string; params?: string[]; utf8?: boolean }
  | { error: 'syntax' }
  | { error: 'address' };

describe('parsePathArgument', () => {
  const cases: [string, 'FROM' | 'TO', 'loose' | 'strict', Expect][] = [
    // the null reverse-path and postmaster
    ['FROM:<>', 'FROM', 'loose', { address: '', raw: '<>' }],
    ['FROM:<>', 'FROM', 'strict', { address: '' }],
    ['TO:<postmaster>', 'TO', 'loose', { address: 'postmaster' }],
    ['TO:<Postmaster>', 'TO', 'loose', { address: 'Postmaster' }],
    // quoted local parts: spaces and ">" inside quotes are part of the address
    ['FROM:<"john doe"@example.test>', 'FROM', 'strict', { address: '"john doe"@example.test' }],
    ['FROM:<"a>b"@example.test>', 'FROM', 'loose', { address: '"a>b"@example.test' }],
    ['FROM:<"a\\"b"@example.test>', 'FROM', 'strict', { address: '"a\\"b"@example.test' }],
    // address literals
    ['TO:<alice@[192.0.2.25]>', 'TO', 'strict', { address: 'alice@[192.0.2.25]' }],
    ['TO:<alice@[IPv6:2001:db8::25]>', 'TO', 'strict', { address: 'alice@[IPv6:2001:db8::25]' }],
    ['TO:<alice@[IPv6:::1]>', 'TO', 'strict', { address: 'alice@[IPv6:::1]' }],
    ['TO:<alice@[IPv6:2001:db8::zz]>', 'TO', 'strict', { error: 'address' }],
    ['TO:<alice@[300.1.1.1]>', 'TO', 'strict', { error: 'address' }],
    // SMTPUTF8 (RFC 6531)
    ['FROM:<jürgen@münchen.example>', 'FROM', 'strict', { address: 'jürgen@münchen.example', utf8: true }],
    ['FROM:<a@b.example>', 'FROM', 'strict', { address: 'a@b.example', utf8: false }],
    // source routes are accepted and dropped (RFC 5321 section 4.1.2)
    ['TO:<@a.example,@b.example:alice@example.test>', 'TO', 'strict', { address: 'alice@example.test' }],
    // Postfix's lenient forms (strict_rfc821_envelopes = no)
    ['FROM: <a@b.example>', 'FROM', 'loose', { address: 'a@b.example' }],
    ['FROM: a@b.example', 'FROM', 'loose', { address: 'a@b.example', raw: 'a@b.example' }],
    ['FROM:a@b.example SIZE=10', 'FROM', 'loose', { address: 'a@b.example', params: ['SIZE=10'] }],
    ['FROM:<learner@@client.test>', 'FROM', 'loose', { address: 'learner@@client.test' }],
    ['TO:<alice>', 'TO', 'loose', { address: 'alice' }],
    ['to:<Alice@Example.Test>', 'TO', 'loose', { address: 'Alice@Example.Test' }],
    // "MAIL FROM:Learner <x>": Postfix takes "Learner" as the address and "<x>" as a parameter
    [
      'FROM:Learner <learner@client.test>',
      'FROM',
      'loose',
      { address: 'Learner', params: ['<learner@client.test>'] },
    ],
    // the same forms, strictly
    ['FROM: <a@b.example>', 'FROM', 'strict', { address: 'a@b.example' }],
    ['FROM:a@b.example', 'FROM', 'strict', { error: 'address' }],
    ['FROM:<learner@@client.test>', 'FROM', 'strict', { error: 'address' }],
    // syntax: no colon, a blank before it, nothing after it
    ['FROM <a@b.example>', 'FROM', 'loose', { error: 'syntax' }],
    ['FROM : <a@b.example>', 'FROM', 'loose', { error: 'syntax' }],
    ['FROM:', 'FROM', 'loose', { error: 'syntax' }],
    ['TO:<a@b.example>', 'FROM', 'loose', { error: 'syntax' }],
    // malformed paths
    ['FROM:<a@b.example', 'FROM', 'loose', { error: 'address' }],
    ['TO:<alice smith@example.test>', 'TO', 'loose', { error: 'address' }],
    ['TO:<a@b.example>x', 'TO', 'loose', { error: 'address' }],
    ['TO:<a@b\u0001.example>', 'TO', 'loose', { error: 'address' }],
    ['TO:<<a@b.example>>', 'TO', 'loose', { error: 'address' }],
    // the address is judged before the parameters, as Postfix does
    ['TO:<a b@c.example> <junk>', 'TO', 'loose', { error: 'address' }],
    // parameters are split, not judged
    [
      'FROM:<a@b.example> BODY=8BITMIME SIZE= FOO  ret=hdrs',
      'FROM',
      'strict',
      { address: 'a@b.example', params: ['BODY=8BITMIME', 'SIZE=', 'FOO', 'ret=hdrs'] },
    ],
  ];
  it.each(cases)('%s %s (%s)', (argument, keyword, mode, expected) => {
    const result = parsePathArgument(argument, keyword, mode === 'loose');
    if ('error' in expected) {
      expect(result.ok ? 'ok' : result.error).toBe(expected.error);
      return;
    }
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.address).toBe(expected.address);
    if (expected.raw !== undefined) expect(result.raw).toBe(expected.raw);
    expect(result.params.map((p) => p.raw)).toEqual(expected.params ?? []);
    if (expected.utf8 !== undefined) expect(result.utf8).toBe(expected.utf8);
  });
});

describe('parseParam', () => {
  it.each([
    ['SIZE=1000', 'SIZE', '1000'],
    ['body=8bitmime', 'BODY', '8bitmime'],
    ['SIZE=', 'SIZE', ''],
    ['SMTPUTF8', 'SMTPUTF8', null],
    ['ORCPT=rfc822;a=b@c', 'ORCPT', 'rfc822;a=b@c'],
    ['<x@y>', '<X@Y>', null],
  ])('%s', (token, keyword, value) => {
    expect(parseParam(token)).toEqual({ keyword, value, raw: token });
  });
});

describe('mailboxes, domains and literals (RFC 5321 section 4.1.2)', () => {
  it.each([
    ['alice@example.test', true],
    ['a.b+tag@sub.example.test', true],
    ['"quoted local"@example.test', true],
    ['alice@[192.0.2.1]', true],
    ['alice@[IPv6:2001:db8::1]', true],
    ['alice@[x-tag:something]', true],
    ['a..b@example.test', false],
    ['.a@example.test', false],
    ['alice@', false],
    ['@example.test', false],
    ['alice', false],
    ['alice@-bad.example', false],
    ['alice@exa mple.test', false],
    [`${'x'.repeat(300)}@example.test`, false],
  ])('isMailbox(%j) = %s', (address, valid) => {
    expect(isMailbox(address)).toBe(valid);
  });

  it.each([
    ['example.test', true],
    ['a-b.example', true],
    ['münchen.example', true],
    ['a..b', false],
    ['-a.example', false],
    [`${'a'.repeat(64)}.example`, false],
  ])('isDomain(%j) = %s', (domain, valid) => {
    expect(isDomain(domain)).toBe(valid);
  });

  it.each([
    ['::1', true],
    ['2001:db8::1', true],
    ['2001:db8:0:0:0:0:0:1', true],
    ['::ffff:192.0.2.1', true],
    ['2001:db8::1::2', false],
    ['2001:db8:0:0:0:0:0:0:1', false],
    ['2001:db8:::1', false],
    ['12345::1', false],
    ['', false],
  ])('isIPv6(%j) = %s', (text, valid) => {
    expect(isIPv6(text)).toBe(valid);
  });

  it.each([
    ['[192.0.2.1]', true],
    ['[IPv6:::1]', true],
    ['[ipv6:::1]', true],
    ['192.0.2.1', false],
    ['[192.0.2]', false],
  ])('isAddressLiteral(%j) = %s', (text, valid) => {
    expect(isAddressLiteral(text)).toBe(valid);
  });
});

describe('addresses as Postfix reads them (live Postfix 3.7)', () => {
  it.each([
    ['example.test', true],
    ['example.test.', true],
    ['exa_mple.test', true],
    ['bücher.test', true],
    [`${'a'.repeat(63)}.test`, true],
    [`${'a'.repeat(64)}.test`, false],
    // 255 octets is the most (Postfix VALID_HOSTNAME_LEN)
    [`${'a.'.repeat(125)}tests`, true],
    [`${'a.'.repeat(126)}test`, false],
    ['-bad.test', false],
    ['bad-.test', false],
    ['1.2.3.4', false],
    ['123', false],
    ['a..b', false],
    ['.', false],
    ['[127.0.0.1]', true],
    ['[IPv6:::1]', true],
    ['[999.1.1.1]', false],
    ['[tag:foo]', false],
    ['[IPv6:zz]', false],
  ])('isPostfixDomain(%j) = %s', (domain, valid) => {
    expect(isPostfixDomain(domain)).toBe(valid);
  });

  it.each([
    ['[127.0.0.1]', '127.0.0.1'],
    ['[127.000.000.001]', '127.0.0.1'],
    ['[IPv6:::1]', '0:0:0:0:0:0:0:1'],
    ['[ipv6:0:0:0:0:0:0:0:1]', '0:0:0:0:0:0:0:1'],
    ['[IPv6:2001:DB8::25]', '2001:db8:0:0:0:0:0:25'],
    ['[IPv6:::ffff:192.0.2.1]', '::ffff:192.0.2.1'],
    ['[::1]', null],
    ['127.0.0.1', null],
  ])('ipOfLiteral(%j) = %j', (literal, ip) => {
    expect(ipOfLiteral(literal)).toBe(ip);
  });

  it('normalizes equal addresses to equal text, and leaves other text alone', () => {
    expect(normalizeIp('::1')).toBe(normalizeIp('0:0:0:0:0:0:0:1'));
    expect(normalizeIp('2001:db8::25')).not.toBe(normalizeIp('2001:db8::26'));
    expect(normalizeIp('mail.example.test')).toBe('mail.example.test');
  });

  it.each([
    ['"alice smith"@example.test', 'alice smith@example.test'],
    ['"alice"@example.test', 'alice@example.test'],
    ['"a\\"b"@example.test', 'a"b@example.test'],
    ['nobody', 'nobody'],
    ['alice@example.test', 'alice@example.test'],
  ])('unquotedAddress(%j) = %j', (address, echoed) => {
    expect(unquotedAddress(address)).toBe(echoed);
  });

  it('keeps blanks inside the brackets out of the address where Postfix is lenient, not where strict', () => {
    const loose = parsePathArgument('FROM:< learner@client.test >', 'FROM', true);
    expect(loose.ok && loose.address).toBe('learner@client.test');
    expect(parsePathArgument('FROM:< learner@client.test >', 'FROM', false).ok).toBe(false);
    expect(parsePathArgument('TO:<alice@[999.1.1.1]>', 'TO', true)).toEqual({
      ok: false,
      error: 'address',
      raw: '<alice@[999.1.1.1]>',
    });
  });

  const host = defaultWorld.hosts.find((h) => h.name === 'mail.example.test')!;
  const postfix = getProfile('postfix');
  it.each([
    ['alice@example.test', 'alice@example.test', true],
    ['alice@[127.0.0.1]', 'alice@[127.0.0.1]', true],
    ['alice@[IPv6:::1]', 'alice@[IPv6:::1]', true],
    ['alice@[192.0.2.25]', 'alice@[192.0.2.25]', true],
    ['alice@[192.0.2.26]', 'alice@[192.0.2.26]', false],
    ['alice%example.test@example.test', 'alice@example.test', true],
    ['someone%elsewhere.test@example.test', 'someone@elsewhere.test', false],
    ['a%b%example.test@example.test', 'a@b', false],
    ['elsewhere.test!someone@example.test', 'someone@elsewhere.test', false],
    ['example.test!bob@example.test', 'bob@example.test', true],
    ['"someone@elsewhere.test"@example.test', 'someone@elsewhere.test', false],
    ['someone%elsewhere.test@elsewhere.test', 'someone%elsewhere.test@elsewhere.test', false],
    ['alice%@example.test', 'alice%@example.test', true],
  ])('resolveAddress(%j) = %j, local %s', (address, where, local) => {
    expect(resolveAddress(postfix, host, address)).toEqual({ address: where, local });
  });

  it('a server that does not route local parts reads them as names', () => {
    const library = getProfile('smtp-server');
    expect(resolveAddress(library, host, 'someone%elsewhere.test@example.test')).toEqual({
      address: 'someone%elsewhere.test@example.test',
      local: true,
    });
  });
});

describe('ESMTP parameters (params.ts)', () => {
  const postfixLike: ParamContext = {
    offers: (k) => ['SIZE', '8BITMIME', 'DSN', 'SMTPUTF8', 'AUTH'].includes(k),
    sasl: false,
    lenient: false,
    paramsAllowed: true,
    maxSize: 10240000,
  };
  const mail = (tokens: string[], ctx = postfixLike) => {
    const r = checkMailParams(tokens.map(parseParam), ctx);
    return r.ok ? 'ok' : `${r.id} ${r.vars.param}`;
  };
  const rcpt = (tokens: string[], ctx = postfixLike) => {
    const r = checkRcptParams(tokens.map(parseParam), ctx);
    return r.ok ? 'ok' : `${r.id} ${r.vars.param}`;
  };

  it.each([
    [['SIZE=1000'], 'ok'],
    [['BODY=8BITMIME'], 'ok'],
    [['body=7bit'], 'ok'],
    [['SMTPUTF8'], 'ok'],
    [['RET=HDRS', 'ENVID=QQ314159'], 'ok'],
    [['SIZE=20000000'], 'mail.sizeExceeded SIZE=20000000'],
    [['SIZE=abc'], 'mail.sizeSyntax SIZE=abc'],
    [['SIZE='], 'mail.sizeSyntax SIZE='],
    [['SIZE'], 'mail.unsupportedOption SIZE'],
    [['BODY=9BIT'], 'mail.badBody BODY=9BIT'],
    [['BODY=BINARYMIME'], 'mail.badBody BODY=BINARYMIME'],
    [['FOO=BAR'], 'mail.unsupportedOption FOO=BAR'],
    [['<learner@client.test>'], 'mail.unsupportedOption <learner@client.test>'],
    [['SMTPUTF8=yes'], 'mail.unsupportedOption SMTPUTF8=yes'],
    [['RET=SOME'], 'mail.badDsn RET=SOME'],
    [['RET=FULL', 'RET=HDRS'], 'mail.badDsn RET=HDRS'],
    [['ENVID=a+2'], 'mail.badDsn ENVID=a+2'],
    // AUTH= means something only where SASL is switched on
    [['AUTH=<>'], 'mail.unsupportedOption AUTH=<>'],
    // off_cvt_string() overflows past 2^63 - 1: Postfix's "file system imposed limit"
    [['SIZE=99999999999999999999'], 'mail.sizeOverflow SIZE=99999999999999999999'],
    [['SIZE=9223372036854775808'], 'mail.sizeOverflow SIZE=9223372036854775808'],
    [['SIZE=9223372036854775807'], 'mail.sizeExceeded SIZE=9223372036854775807'],
    // Postfix checks SIZE against the limit only after every parameter was read
    [['SIZE=20000000', 'FOO=BAR'], 'mail.unsupportedOption FOO=BAR'],
  ])('MAIL %j -> %s', (tokens, expected) => {
    expect(mail(tokens)).toBe(expected);
  });

  it('AUTH= is accepted where SASL is switched on, even before AUTH is offered (Postfix ignores AUTH=<>)', () => {
    expect(mail(['AUTH=<>'], { ...postfixLike, sasl: true })).toBe('ok');
  });

  it('a lenient server ignores what it does not know, but still checks SIZE', () => {
    const lenient = { ...postfixLike, lenient: true };
    expect(mail(['FOO=BAR', 'X'], lenient)).toBe('ok');
    expect(mail(['SIZE=20000000'], lenient)).toBe('mail.sizeExceeded SIZE=20000000');
  });

  it('after a plain HELO some servers refuse all parameters', () => {
    expect(mail(['SIZE=10'], { ...postfixLike, paramsAllowed: false })).toBe(
      'mail.unsupportedOption SIZE=10',
    );
    expect(rcpt(['NOTIFY=NEVER'], { ...postfixLike, paramsAllowed: false })).toBe(
      'rcpt.unsupportedOption NOTIFY=NEVER',
    );
  });

  it('without DSN on offer, NOTIFY and RET are unknown', () => {
    const noDsn = { ...postfixLike, offers: (k: string) => k === 'SIZE' };
    expect(rcpt(['NOTIFY=NEVER'], noDsn)).toBe('rcpt.unsupportedOption NOTIFY=NEVER');
    expect(mail(['RET=FULL'], noDsn)).toBe('mail.unsupportedOption RET=FULL');
  });

  it.each([
    [['NOTIFY=SUCCESS,FAILURE'], 'ok'],
    [['NOTIFY=never'], 'ok'],
    [['NOTIFY=DELAY', 'ORCPT=rfc822;alice@example.test'], 'ok'],
    [['ORCPT=utf-8;j+C3+BCrgen@example.test'], 'ok'],
    [['NOTIFY=SOMETIMES'], 'rcpt.badNotify NOTIFY=SOMETIMES'],
    [['NOTIFY=NEVER,SUCCESS'], 'rcpt.badNotify NOTIFY=NEVER,SUCCESS'],
    [['NOTIFY='], 'rcpt.badNotify NOTIFY='],
    [['NOTIFY=SUCCESS', 'NOTIFY=FAILURE'], 'rcpt.badNotify NOTIFY=FAILURE'],
    [['ORCPT=alice@example.test'], 'rcpt.badOrcpt ORCPT=alice@example.test'],
    [['ORCPT=;alice@example.test'], 'rcpt.badOrcpt ORCPT=;alice@example.test'],
    [['ORCPT=rfc822;a+zz@example.test'], 'rcpt.badOrcpt ORCPT=rfc822;a+zz@example.test'],
    [['FOO'], 'rcpt.unsupportedOption FOO'],
  ])('RCPT %j -> %s', (tokens, expected) => {
    expect(rcpt(tokens)).toBe(expected);
  });

  it.each([
    ['SUCCESS,FAILURE,DELAY', true],
    ['success, failure', true],
    ['NEVER', true],
    ['NEVER,NEVER', true],
    ['', false],
    ['SOMETIMES', false],
  ])('isNotifyList(%j) = %s', (value, valid) => {
    expect(isNotifyList(value)).toBe(valid);
  });

  it('xtext and ORCPT', () => {
    expect(xtextDecode('a+2Bb+3Dc')).toBe('a+b=c');
    expect(xtextDecode('a+2')).toBeNull();
    expect(isOrcpt('rfc822;alice@example.test')).toBe(true);
    expect(isOrcpt('rfc822')).toBe(false);
  });
});
