// The clock and queue-ID source, injectable so that tests and replays are deterministic.
import type { Environment } from './types.ts';

/** Real time and random queue IDs. */
export function defaultEnvironment(): Environment {
  return {
    now: () => Date.now(),
    queueId: () => randomHex(11),
  };
}

/**
 * A clock that starts at `start` and advances one second per reading, and queue IDs from a seeded
 * generator: the same session gives the same transcript every time.
 */
export function fixedEnvironment(start = Date.UTC(2026, 10, 22, 23, 2, 45), seed = 0x5eed): Environment {
  let t = start;
  let state = seed >>> 0;
  const next = () => {
    // xorshift32: tiny and good enough for IDs.
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
  return {
    now: () => {
      const v = t;
      t += 1000;
      return v;
    },
    queueId: () => {
      let id = '';
      while (id.length < 11) id += next().toString(16).toUpperCase().padStart(8, '0');
      return id.slice(0, 11);
    },
  };
}

function randomHex(length: number): string {
  let out = '';
  while (out.length < length) out += Math.floor(Math.random() * 16).toString(16);
  return out.toUpperCase();
}
