// The simulated Internet the learner's laptop can reach: mail hosts of the seed tutorials, their users,
// and DNS (MX with preferences, A, SPF and DMARC TXT). Addresses come from the documentation ranges.
import type { DnsRecord, MailHost, WorldSpec } from './types.ts';

const exampleTest: MailHost = {
  name: 'mail.example.test',
  addresses: ['192.0.2.25', '2001:db8::25'],
  services: [
    { port: 25, profile: 'postfix' },
    { port: 587, profile: 'postfix-submission' },
    { port: 465, profile: 'postfix-submission', tls: 'implicit' },
  ],
  domains: ['example.test'],
  users: [
    { name: 'alice', fullName: 'Alice Liddell', password: 'secret' },
    { name: 'bob', fullName: 'Bob Builder', password: 'builder' },
  ],
  aliases: { postmaster: ['alice'], team: ['alice', 'bob'] },
  trustedNetworks: ['192.0.2.0/24'],
};

const strictTest: MailHost = {
  name: 'strict.example.test',
  addresses: ['192.0.2.26'],
  services: [{ port: 25, profile: 'postfix-strict' }],
  domains: ['strict.example.test'],
  users: [{ name: 'alice', fullName: 'Alice Liddell' }],
};

const seed003Hosts: MailHost[] = ['mail01', 'mail02'].map((name, i) => ({
  name: `${name}.example.com`,
  addresses: [`198.51.100.${109 + i}`],
  // Seed 003 was recorded against the Postfix 2.10 of CentOS 7: its EHLO list has no STARTTLS or CHUNKING.
  services: [{ port: 25, profile: 'postfix-2.10' }],
  domains: ['example.com'],
  users: [{ name: 'jdoe', fullName: 'John Doe' }, { name: 'vagrant' }],
}));

const yahoo: MailHost = {
  name: 'smtp.mail.yahoo.com',
  addresses: ['198.51.100.17'],
  services: [{ port: 25, profile: 'yahoo-2001' }],
  domains: ['yahoo.com'],
  users: [{ name: 'anaplexian' }, { name: 'az9281' }],
};

const sendmailHost: MailHost = {
  name: 'smtp.example.com',
  addresses: ['198.51.100.25'],
  services: [{ port: 25, profile: 'sendmail' }],
  domains: ['example.com'],
  users: [
    { name: 'test', fullName: 'Test User' },
    { name: 'user123', fullName: 'User 123' },
  ],
  aliases: { postmaster: ['test'] },
};

const navieg: MailHost = {
  name: 'rglapache',
  addresses: ['198.51.100.63'],
  services: [{ port: 25, profile: 'navieg' }],
  domains: ['testingsmtp.com'],
  users: [{ name: 'test' }],
};

// Where the 2002 page's open relay passed its test message on (lesson 17): the recipient's own MX.
const internetTips: MailHost = {
  name: 'mail.internet-tips.net',
  addresses: ['198.51.100.64'],
  services: [{ port: 25, profile: 'postfix' }],
  domains: ['internet-tips.net'],
  users: [{ name: 'richlowe', fullName: 'Rich Lowe' }],
};

const eraldy: MailHost = {
  name: 'eraldy.com',
  addresses: ['198.51.100.44', '::1'],
  services: [{ port: 25, profile: 'eraldy' }],
  domains: ['eraldy.com'],
  users: [{ name: 'foo' }, { name: 'bar' }, { name: 'list' }],
};

// Another organisation, the destination of mail that travels (src/smtp/travel): its best MX and a backup MX
// at a higher preference, both Postfix, both delivering elsewhere.test (a backup MX that stores the mail
// itself keeps the example simple; many forward to the primary instead).
const elsewhereUsers = [
  { name: 'alice', fullName: 'Alice Elsewhere' },
  { name: 'carol', fullName: 'Carol Danvers' },
  { name: 'someone' },
];
const elsewhere: MailHost = {
  name: 'mx.elsewhere.test',
  addresses: ['203.0.113.80'],
  services: [{ port: 25, profile: 'postfix' }],
  domains: ['elsewhere.test'],
  users: elsewhereUsers,
};
const elsewhereBackup: MailHost = { ...elsewhere, name: 'mx2.elsewhere.test', addresses: ['203.0.113.81'] };

// A third organisation whose MX greylists (postgrey, 300 s): a first attempt gets 450, a retry later passes.
const slow: MailHost = {
  name: 'mx.slow.test',
  addresses: ['203.0.113.90'],
  services: [{ port: 25, profile: 'postfix' }],
  domains: ['slow.test'],
  users: [{ name: 'dave', fullName: 'Dave Patient' }],
  greylisting: { delaySeconds: 300 },
};

const mx = (name: string, preference: number, exchange: string): DnsRecord => ({
  name,
  type: 'MX',
  ttl: 1800,
  preference,
  exchange,
});
const txt = (name: string, value: string): DnsRecord => ({ name, type: 'TXT', ttl: 3600, value });

export const defaultWorld: WorldSpec = {
  id: 'default',
  hosts: [
    exampleTest,
    strictTest,
    ...seed003Hosts,
    yahoo,
    sendmailHost,
    navieg,
    internetTips,
    eraldy,
    elsewhere,
    elsewhereBackup,
    slow,
  ],
  dns: [
    mx('example.test', 10, 'mail.example.test'),
    txt('example.test', 'v=spf1 mx -all'),
    txt('_dmarc.example.test', 'v=DMARC1; p=reject; rua=mailto:postmaster@example.test'),
    mx('strict.example.test', 10, 'strict.example.test'),
    mx('example.com', 10, 'mail01.example.com'),
    mx('example.com', 20, 'mail02.example.com'),
    mx('yahoo.com', 1, 'smtp.mail.yahoo.com'),
    mx('testingsmtp.com', 10, 'rglapache'),
    mx('internet-tips.net', 10, 'mail.internet-tips.net'),
    mx('eraldy.com', 10, 'eraldy.com'),
    mx('elsewhere.test', 10, 'mx.elsewhere.test'),
    mx('elsewhere.test', 20, 'mx2.elsewhere.test'),
    txt('elsewhere.test', 'v=spf1 ip4:203.0.113.80 -all'),
    mx('slow.test', 10, 'mx.slow.test'),
    { name: 'client.test', type: 'A', ttl: 3600, value: '203.0.113.7' },
    txt('client.test', 'v=spf1 ip4:203.0.113.7 -all'),
    txt('_dmarc.client.test', 'v=DMARC1; p=none'),
  ],
  workstation: { hostname: 'laptop.client.test', user: 'learner', address: '203.0.113.7' },
  // The provider signs for its domain (rsa-sha256 with the lab's key, ed25519 made at start): the keys are
  // published at mail._domainkey and ed._domainkey.example.test when the world starts (src/smtp/auth/world.ts).
  dkim: [
    { domain: 'example.test', selector: 'mail', algorithm: 'rsa-sha256' },
    { domain: 'example.test', selector: 'ed', algorithm: 'ed25519-sha256' },
  ],
};

/**
 * The default world where mail is checked and signed: elsewhere.test's MX checks SPF, DKIM and DMARC
 * (postfix-dmarc), the provider signs what its trusted clients send for example.test (OpenDKIM), a list host
 * sends list mail on with a footer, and shop.test asks for a quarantine (p=quarantine). Lesson 7 runs in it
 * (world.base: checking).
 */
const forum: MailHost = {
  name: 'lists.forum.test',
  addresses: ['198.51.100.70'],
  services: [{ port: 25, profile: 'postfix' }],
  domains: ['lists.forum.test'],
  users: [{ name: 'readers' }, { name: 'readers-bounces' }],
  lists: [
    {
      name: 'readers',
      title: 'Readers',
      members: ['carol@elsewhere.test'],
      footer: [
        '_______________________________________________',
        'Readers mailing list -- readers@lists.forum.test',
        'To leave the list, write to readers-leave@lists.forum.test',
      ],
    },
  ],
};

const signingProfiles: Record<string, string> = {
  postfix: 'postfix-dkim',
  'postfix-submission': 'postfix-submission-dkim',
};

export const checkingWorld: WorldSpec = {
  ...defaultWorld,
  id: 'checking',
  hosts: [
    ...defaultWorld.hosts.map((h) => {
      if (h.name === 'mx.elsewhere.test') return { ...h, services: [{ port: 25, profile: 'postfix-dmarc' }] };
      if (h.name === 'mail.example.test')
        return {
          ...h,
          services: h.services.map((s) => ({ ...s, profile: signingProfiles[s.profile] ?? s.profile })),
        };
      return h;
    }),
    forum,
  ],
  dns: [
    ...defaultWorld.dns,
    mx('lists.forum.test', 10, 'lists.forum.test'),
    txt('lists.forum.test', 'v=spf1 a -all'),
    txt('shop.test', 'v=spf1 -all'),
    txt('_dmarc.shop.test', 'v=DMARC1; p=quarantine; rua=mailto:dmarc@shop.test'),
  ],
};

export const worlds: Readonly<Record<string, WorldSpec>> = Object.freeze({
  default: defaultWorld,
  checking: checkingWorld,
});

/** The world of that id, or undefined: own keys only ("constructor", "toString" are no worlds). */
export function findWorld(id: string): WorldSpec | undefined {
  return Object.hasOwn(worlds, id) ? worlds[id] : undefined;
}
