// The forgery checks (src/smtp/auth-loader.ts) load on demand; loaded before the tests, a checking server answers
// as each line is typed, which the synchronous replays of lessons and sessions rely on. The DKIM signers' module
// too: every Network of the default world imports it, and a test file may end before a late import resolves
// (in jsdom that import then fails with "environment was torn down").
// The laptop's on-demand commands (dig, openssl, printf...), the server profiles other than Postfix, the
// delivery report writer and the lesson engine's message checks likewise: the tests type them and read the
// answer at once
// (tests/unit/workstation/on-demand.test.ts loads fresh modules to try them before they are loaded).
import { loadReceiverChecks } from '../../src/smtp/auth-loader.ts';
import { loadCommands } from '../../src/workstation/commands/index.ts';
import { loadProfiles } from '../../src/smtp/profiles/registry.ts';
import { loadReportWriter } from '../../src/smtp/delivery.ts';
import { loadMessageChecks } from '../../src/lessons/engine/conditions.ts';

await Promise.all([
  loadReceiverChecks(),
  loadCommands(),
  loadProfiles(),
  loadReportWriter(),
  loadMessageChecks(),
]);
await import('../../src/smtp/auth/world.ts');
