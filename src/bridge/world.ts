// The simulated world a bridge serves: a copy of a WorldSpec whose chosen mail host answers on the real
// TCP ports the bridge listens on, each with the profile the teacher picked.
import type { MailHost, Service, WorldSpec } from '../smtp/types.ts';
import { normalizeName } from '../smtp/network.ts';

/** One simulated service reached through a real listening port. */
export interface BridgedService {
  port: number;
  profile: string;
  tls?: 'implicit';
}

/**
 * A copy of `world` in which `hostName` offers exactly `services` (its own ports are dropped, so that what
 * a telnet user reaches is what the ready line announced). The original world is left untouched: several
 * bridges, or a bridge and a browser simulator, may share one WorldSpec.
 */
export function bridgeWorld(world: WorldSpec, hostName: string, services: BridgedService[]): WorldSpec {
  const wanted = normalizeName(hostName);
  const target = world.hosts.find((h) => normalizeName(h.name) === wanted);
  if (!target) {
    const known = world.hosts.map((h) => h.name).join(', ');
    throw new Error(`World "${world.id}" has no host "${hostName}"; known: ${known}`);
  }
  const replaced: MailHost = {
    ...target,
    services: services.map((s): Service => (s.tls ? { ...s } : { port: s.port, profile: s.profile })),
  };
  return { ...world, hosts: world.hosts.map((h) => (h === target ? replaced : h)) };
}
