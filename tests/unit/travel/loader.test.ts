// Mail that travels loads on demand with the profiles of every host of its world (src/smtp/travel-loader.ts):
// the relay client reads them as loaded, so a world whose remote MX runs another profile must have it before
// any mail leaves. The travel chunk itself must not drag in every profile (the one-lesson widget pays for them).
// The test setup loads everything for the other tests: here each test gets fresh modules, nothing loaded.
import { beforeEach, describe, expect, it, vi } from 'vitest';

type Registry = typeof import('../../../src/smtp/profiles/registry.ts');
let registry: Registry;
beforeEach(async () => {
  vi.resetModules();
  registry = await import('../../../src/smtp/profiles/registry.ts');
});

async function checkingNetwork() {
  const { Network } = await import('../../../src/smtp/network.ts');
  const { checkingWorld } = await import('../../../src/smtp/worlds.ts');
  return new Network(checkingWorld);
}

describe('loading mail travel', () => {
  it('the travel chunk alone loads no profile but Postfix', async () => {
    const network = await checkingNetwork();
    const { missingWorldProfiles } = await import('../../../src/smtp/travel/index.ts');
    expect(missingWorldProfiles(network)).toContain('postfix-dmarc');
    expect(registry.loadedProfile('postfix-dmarc')).toBeUndefined();
  });

  it('loadTravel brings the profiles of every host of the world, then enables the relay', async () => {
    const network = await checkingNetwork();
    const { loadTravel } = await import('../../../src/smtp/travel-loader.ts');
    const { enableTravel, missingWorldProfiles } = await loadTravel(network);
    expect(missingWorldProfiles(network)).toEqual([]);
    expect(registry.loadedProfile('postfix-dmarc')?.id).toBe('postfix-dmarc');
    expect(() => enableTravel(network)).not.toThrow();
  });

  it('a profile still to load is named in the error, never answered as Postfix', () => {
    expect(() => registry.requireProfile('sendmail')).toThrow(/"sendmail" is not loaded/);
    expect(registry.requireProfile('postfix').id).toBe('postfix');
  });
});
