// dig, host and nslookup against the default world, each in its real output format.
import { describe, expect, it } from 'vitest';
import type { Environment } from '../../../src/smtp/types.ts';
import { boot } from './harness.ts';

/** A clock that stands still, so that dig's WHEN line is known. */
const still: Environment = { now: () => Date.UTC(2026, 10, 22, 23, 2, 45), queueId: () => '0123456789A' };

describe('dig', () => {
  it('prints the full default report', () => {
    const laptop = boot({ env: still });
    const out = laptop.type('dig example.test MX');
    const lines = out.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      '',
      '; <<>> DiG 9.18.33-1~deb12u2-Debian <<>> example.test MX',
      ';; global options: +cmd',
    ]);
    expect(lines[3]).toBe(';; Got answer:');
    expect(lines[4]).toMatch(/^;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: \d{1,5}$/);
    expect(lines.slice(5)).toEqual([
      ';; flags: qr rd ra; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1',
      '',
      ';; OPT PSEUDOSECTION:',
      '; EDNS: version: 0, flags:; udp: 1232',
      ';; QUESTION SECTION:',
      ';example.test.\t\t\tIN\tMX',
      '',
      ';; ANSWER SECTION:',
      'example.test.\t\t1800\tIN\tMX\t10 mail.example.test.',
      '',
      expect.stringMatching(/^;; Query time: \d+ msec$/),
      ';; SERVER: 192.0.2.53#53(192.0.2.53) (UDP)',
      ';; WHEN: Sun Nov 22 23:02:45 UTC 2026',
      // 12 header + 18 question + 21 answer (compressed owner and exchange suffix) + 11 OPT.
      ';; MSG SIZE  rcvd: 62',
      '',
      '',
    ]);
  });

  it('takes the type before or after the name, and +short prints only the data', () => {
    const laptop = boot();
    expect(laptop.type('dig MX example.com +short')).toBe('10 mail01.example.com.\n20 mail02.example.com.\n');
    expect(laptop.type('dig example.com mx +short')).toBe('10 mail01.example.com.\n20 mail02.example.com.\n');
    expect(laptop.type('dig +short mail.example.test')).toBe('192.0.2.25\n');
    expect(laptop.type('dig +short mail.example.test AAAA')).toBe('2001:db8::25\n');
    expect(laptop.type('dig +short example.test TXT')).toBe('"v=spf1 mx -all"\n');
    expect(laptop.type('dig -t mx +short strict.example.test')).toBe('10 strict.example.test.\n');
  });

  it('shows NXDOMAIN with the SOA in the authority section, as real dig does', () => {
    const laptop = boot({ env: still });
    const out = laptop.type('dig nosuch.test');
    expect(out).toMatch(/status: NXDOMAIN, id: \d+\n/);
    expect(out).toContain(';; flags: qr rd ra; QUERY: 1, ANSWER: 0, AUTHORITY: 1, ADDITIONAL: 1\n');
    expect(out).toContain(';; QUESTION SECTION:\n;nosuch.test.\t\t\tIN\tA\n\n');
    expect(out).not.toContain('ANSWER SECTION');
    expect(out).toMatch(
      /;; AUTHORITY SECTION:\n\.\t\t\t86400\tIN\tSOA\ta\.root-servers\.net\. nstld\.verisign-grs\.com\. \d+ /,
    );
    expect(laptop.type('dig nosuch.test +short')).toBe('');
    expect(laptop.type('dig nosuch.test +noall +answer')).toBe('');
  });

  it('refuses illegal names and unknown options with dig’s messages', () => {
    const laptop = boot();
    expect(laptop.type(`dig ${'x'.repeat(64)}.test`)).toBe(
      `dig: '${'x'.repeat(64)}.test' is not a legal name (label too long)\n`,
    );
    expect(laptop.type('dig a..b')).toBe("dig: 'a..b' is not a legal name (empty label)\n");
    expect(laptop.type('dig +frobnicate example.test')).toMatch(
      /^Invalid option: \+frobnicate\nUsage: {2}dig /,
    );
  });

  it('answers a reverse lookup with -x', () => {
    const laptop = boot();
    expect(laptop.type('dig -x 192.0.2.25 +short')).toBe('mail.example.test.\n');
    expect(laptop.type('dig -x 192.0.2.25 +noall +answer')).toBe(
      '25.2.0.192.in-addr.arpa. 3600\tIN\tPTR\tmail.example.test.\n',
    );
  });
});

describe('host', () => {
  it('says who handles the mail, with preferences', () => {
    const laptop = boot();
    expect(laptop.type('host -t mx example.test')).toBe(
      'example.test mail is handled by 10 mail.example.test.\n',
    );
    expect(laptop.type('host -t MX example.com')).toBe(
      'example.com mail is handled by 10 mail01.example.com.\n' +
        'example.com mail is handled by 20 mail02.example.com.\n',
    );
  });

  it('lists addresses, then mail exchangers, for a bare name', () => {
    const laptop = boot();
    expect(laptop.type('host mail.example.test')).toBe(
      'mail.example.test has address 192.0.2.25\nmail.example.test has IPv6 address 2001:db8::25\n',
    );
    expect(laptop.type('host example.test')).toBe('example.test mail is handled by 10 mail.example.test.\n');
  });

  it('reports missing names and records', () => {
    const laptop = boot();
    expect(laptop.type('host nosuch.test')).toBe('Host nosuch.test not found: 3(NXDOMAIN)\n');
    expect(laptop.type('host -t mx mail.example.test')).toBe('mail.example.test has no MX record\n');
    expect(laptop.type('host -t txt example.test')).toBe('example.test descriptive text "v=spf1 mx -all"\n');
    expect(laptop.type('host -t frob example.test')).toBe('host: invalid type: frob\n');
  });

  it('looks up addresses in reverse', () => {
    const laptop = boot();
    expect(laptop.type('host 198.51.100.109')).toBe(
      '109.100.51.198.in-addr.arpa domain name pointer mail01.example.com.\n',
    );
  });
});

describe('nslookup', () => {
  const header = 'Server:\t\t192.0.2.53\nAddress:\t192.0.2.53#53\n\n';

  it('prints mail exchangers with -type=mx and -query=mx', () => {
    const laptop = boot();
    const expected = `${header}Non-authoritative answer:\nexample.test\tmail exchanger = 10 mail.example.test.\n\n`;
    expect(laptop.type('nslookup -type=mx example.test')).toBe(expected);
    expect(laptop.type('nslookup -query=MX example.test')).toBe(expected);
    expect(laptop.type('nslookup -q=mx example.com')).toBe(
      `${header}Non-authoritative answer:\n` +
        'example.com\tmail exchanger = 10 mail01.example.com.\n' +
        'example.com\tmail exchanger = 20 mail02.example.com.\n\n',
    );
  });

  it('prints addresses by default, and NXDOMAIN for unknown names', () => {
    const laptop = boot();
    expect(laptop.type('nslookup mail01.example.com')).toBe(
      `${header}Non-authoritative answer:\nName:\tmail01.example.com\nAddress: 198.51.100.109\n\n`,
    );
    expect(laptop.type('nslookup nosuch.test')).toBe(
      `${header}** server can't find nosuch.test: NXDOMAIN\n\n`,
    );
  });

  it('has an interactive mode with set type=mx', () => {
    const laptop = boot();
    laptop.type('nslookup');
    expect(laptop.shell.mode()).toMatchObject({ prompt: '> ', program: 'nslookup' });
    expect(laptop.type('set type=mx')).toBe('');
    expect(laptop.type('example.test')).toContain('example.test\tmail exchanger = 10 mail.example.test.\n');
    laptop.type('exit');
    expect(laptop.shell.mode().program).toBe('shell');
  });
});

describe("the world's DKIM keys, made on first need", () => {
  it('no key is made at start; dig of a key waits for it (keys typed meanwhile after it), other names answer at once', async () => {
    const laptop = boot({ env: still });
    expect(laptop.net.keysRequested).toBe(false);
    expect(laptop.type('dig mx example.test')).toContain('10 mail.example.test.');
    expect(laptop.net.keysRequested).toBe(false);

    // Nothing printed yet: the key is being made; a line typed meanwhile runs after the answer.
    expect(laptop.type('dig mail._domainkey.example.test TXT')).not.toContain('ANSWER SECTION');
    expect(laptop.net.keysRequested).toBe(true);
    laptop.type('echo after');
    await laptop.net.publishKeys();
    await new Promise((done) => setTimeout(done, 0));
    const screen = laptop.screen();
    expect(screen).toMatch(/^mail\._domainkey\.example\.test\. 3600 IN\tTXT\t"v=DKIM1; k=rsa; p=/m);
    expect(screen.indexOf('v=DKIM1')).toBeLessThan(screen.lastIndexOf('\nafter\n'));
    // Published now: the Ed25519 key answers at once.
    expect(laptop.type('dig +short ed._domainkey.example.test TXT')).toMatch(/"v=DKIM1; k=ed25519; p=/);
  });
});

describe('the stub resolver a connecting program asks (resolver.ts addressOf)', () => {
  it("finds what dig's lookup finds for A, with the same queries in the same order", async () => {
    const { Network } = await import('../../../src/smtp/network.ts');
    const { defaultWorld } = await import('../../../src/smtp/worlds.ts');
    const { lookup } = await import('../../../src/workstation/dns.ts');
    const { addressOf } = await import('../../../src/workstation/resolver.ts');
    // A world with a CNAME chain, a CNAME to nowhere, a loop and a name with an A record only.
    const world = {
      ...defaultWorld,
      dns: [
        ...defaultWorld.dns,
        { name: 'smtp.example.test', type: 'CNAME' as const, ttl: 300, value: 'relay.example.test.' },
        { name: 'relay.example.test', type: 'CNAME' as const, ttl: 300, value: 'Mail.Example.Test' },
        { name: 'gone.example.test', type: 'CNAME' as const, ttl: 300, value: 'nowhere.example.test' },
        { name: 'loop1.example.test', type: 'CNAME' as const, ttl: 300, value: 'loop2.example.test' },
        { name: 'loop2.example.test', type: 'CNAME' as const, ttl: 300, value: 'loop1.example.test' },
        { name: 'bare.example.test', type: 'A' as const, ttl: 300, value: '192.0.2.99' },
      ],
    };
    const names = [
      'mail.example.test',
      'SMTP.example.test.',
      'gone.example.test',
      'loop1.example.test',
      'bare.example.test',
      'example.test',
      'nonexistent.test',
    ];
    for (const name of names) {
      const viaDig = new Network(world);
      const viaResolver = new Network(world);
      const queries = (n: InstanceType<typeof Network>) => {
        const seen: string[] = [];
        n.on((e) => void (e.type === 'dns' && seen.push(`${e.qtype} ${e.name} ${e.status}`)));
        return seen;
      };
      const digQueries = queries(viaDig);
      const resolverQueries = queries(viaResolver);
      const a = lookup(viaDig, name, 'A').answers.find((rr) => rr.type === 'A');
      const expected = a ? { address: a.rdata, canonicalName: a.owner.replace(/\.$/, '') } : null;
      expect(addressOf(viaResolver, name), name).toEqual(expected);
      expect(resolverQueries, name).toEqual(digQueries);
    }
    // The chain is followed to the host, in the case its last link names it.
    expect(addressOf(new Network(world), 'smtp.example.test')).toEqual({
      address: '192.0.2.25',
      canonicalName: 'Mail.Example.Test',
    });
  });
});
