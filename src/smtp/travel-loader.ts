// Mail that travels, loaded on demand (a lesson with `world.travel`, the sandbox): the travel chunk, and the
// profiles of every host of the world, since queued mail may reach any of them (travel reads them loaded).
import type { Network } from './network.ts';
import { loadProfiles } from './profiles/registry.ts';

export async function loadTravel(network: Network): Promise<typeof import('./travel/index.ts')> {
  const [travel] = await Promise.all([
    import('./travel/index.ts'),
    loadProfiles(network.missingWorldProfiles()),
  ]);
  return travel;
}
