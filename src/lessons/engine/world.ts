// Builds the simulated world a lesson asks for: a base world with the lesson's server profile, extra users and
// DNS records applied to a fresh copy (worlds are shared constants and must never be modified in place).
import type { DnsRecord, MailHost, WorldSpec } from '../../smtp/types.ts';
import { defaultWorld, findWorld } from '../../smtp/worlds.ts';
import type { LessonStart, LessonWorld } from './types.ts';

export const DEFAULT_HOST = 'mail.example.test';

/** The lesson's server host name. */
export function lessonHost(world: LessonWorld): string {
  return world.host ?? DEFAULT_HOST;
}

export function buildWorld(spec: LessonWorld): WorldSpec {
  const base = findWorld(spec.base ?? 'default') ?? defaultWorld;
  const world: WorldSpec = structuredCloneLike(base);
  const hostName = lessonHost(spec).toLowerCase();
  const host = world.hosts.find((h) => h.name.toLowerCase() === hostName);
  if (host) applyToHost(host, spec);
  // A stopped server: the machine answers, nothing listens, so telnet and a relay alike get "Connection refused".
  const stopped = new Set((spec.stopped ?? []).map((name) => name.toLowerCase()));
  for (const h of world.hosts) if (stopped.has(h.name.toLowerCase())) h.services = [];
  for (const r of spec.dns ?? []) {
    const ttl = r.ttl ?? 300;
    const record: DnsRecord =
      r.type === 'MX'
        ? { name: r.name, type: 'MX', ttl, preference: r.preference, exchange: r.exchange }
        : { name: r.name, type: r.type, ttl, value: r.value };
    world.dns.push(record);
  }
  return world;
}

function applyToHost(host: MailHost, spec: LessonWorld): void {
  if (spec.profile) {
    const smtp = host.services.find((s) => s.port === 25);
    if (smtp) smtp.profile = spec.profile;
    else host.services.push({ port: 25, profile: spec.profile });
  }
  for (const user of spec.users ?? []) {
    host.users = host.users.filter((u) => u.name.toLowerCase() !== user.name.toLowerCase());
    host.users.push({ ...user });
  }
}

/** The lines typed for the learner before step 1 (telnet to the lesson's host first, unless at the shell). */
export function startLines(
  start: { at?: LessonStart['at']; port?: number; commands?: string[] },
  world: LessonWorld,
): string[] {
  const at = start.at ?? 'shell';
  const port = start.port ?? 25;
  const lines: string[] = [];
  // A lesson about nc or openssl names its own client as the first command; otherwise telnet is typed.
  const ownClient = /^\s*(telnet|nc|ncat|netcat|openssl)\b/.test(start.commands?.[0] ?? '');
  if (at !== 'shell' && !ownClient) lines.push(`telnet ${lessonHost(world)} ${port}`);
  if (start.commands) lines.push(...start.commands);
  else if (at === 'data') {
    // "data" without commands: the plainest transaction to the lesson's host, ending at the 354.
    lines.push(
      'EHLO laptop.client.test',
      'MAIL FROM:<learner@client.test>',
      `RCPT TO:<alice@${lessonHost(world).replace(/^mail\./, '')}>`,
      'DATA',
    );
  }
  return lines;
}

/** A deep copy of plain data (structuredClone is not in the core's ES2022 library). */
function structuredCloneLike<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
