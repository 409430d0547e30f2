// The forgery checks (src/smtp/auth-loader.ts) load on demand; loaded before the tests, a checking server answers
// as each line is typed, which the synchronous replays of lessons and sessions rely on. The DKIM signers' module
// too: every Network of the default world imports it, and a test file may end before a late import resolves
// (in jsdom that import then fails with "environment was torn down").
import { loadReceiverChecks } from '../../src/smtp/auth-loader.ts';

await loadReceiverChecks();
await import('../../src/smtp/auth/world.ts');
