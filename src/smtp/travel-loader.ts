// Mail that travels, loaded on demand (a lesson with `world.travel`, the sandbox): the travel chunk, then the
// profiles of every host of the world, since queued mail may reach any of them (travel reads them loaded).
// A lesson fetches those ahead (src/lessons/preload.ts), the sandbox has them all.
import type { Network } from './network.ts';
import { loadProfiles } from './profiles/registry.ts';

export async function loadTravel(network: Network): Promise<typeof import('./travel/index.ts')> {
  const travel = await import('./travel/index.ts');
  await loadProfiles(travel.missingWorldProfiles(network));
  return travel;
}
