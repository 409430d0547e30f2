// The forgery checks (src/smtp/auth-loader.ts), the laptop's on-demand commands (dig, openssl, printf...), the
// server profiles other than Postfix, the delivery report writer and the lesson engine's message checks load on
// demand; loaded before the tests, a checking server answers as each line is typed, which the synchronous
// replays of lessons and sessions rely on. The DKIM signers' module too: every Network of the default world
// imports it, and a test file may end before a late import resolves (in jsdom that import then fails with
// "environment was torn down"). tests/unit/workstation/on-demand.test.ts loads fresh modules to try them before
// they are loaded.
import { loadEverything } from '../../src/lessons/replay.ts';

await loadEverything();
