// The forgery checks (src/smtp/auth-loader.ts) load on demand; loaded before the tests, a checking server answers
// as each line is typed, which the synchronous replays of lessons and sessions rely on.
import { loadReceiverChecks } from '../../src/smtp/auth-loader.ts';

await loadReceiverChecks();
