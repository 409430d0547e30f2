// `npm run smtp:serve`: the simulated SMTP server on a real TCP port, for telnet, nc, swaks and mail clients.
import { parseServeArgs, readyLine, usage } from '../src/bridge/cli.ts';
import { isLoopback } from '../src/bridge/address.ts';
import { startBridge, type Bridge } from '../src/bridge/server.ts';

async function main(): Promise<void> {
  const parsed = parseServeArgs(process.argv.slice(2));
  if (parsed.kind === 'help') {
    console.log(usage());
    return;
  }
  if (parsed.kind === 'error') {
    console.error(`smtp-serve: ${parsed.message}\n\n${usage()}`);
    process.exitCode = 2;
    return;
  }
  const { bridge: options, verbose } = parsed.options;
  const stamp = () => new Date().toISOString().slice(11, 19);
  const log = verbose ? (line: string) => console.error(`${stamp()} ${line}`) : undefined;

  // Last line of defence: the bridge guards every socket callback, but a bug elsewhere must not take the
  // whole classroom down with it.
  process.on('uncaughtException', (e) => console.error(`smtp-serve: unexpected error: ${e.stack ?? e}`));
  process.on('unhandledRejection', (e) => console.error(`smtp-serve: unexpected rejection: ${String(e)}`));

  let bridge: Bridge;
  try {
    bridge = await startBridge({ ...options, log });
  } catch (e) {
    console.error(`smtp-serve: cannot start: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
    return;
  }
  const bind = options.bindAddress ?? '127.0.0.1';
  if (!isLoopback(bind))
    console.error(`smtp-serve: listening on ${bind}: anyone who can reach this machine can connect.`);
  console.log(readyLine(bridge.endpoints, bridge.hostName));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1); // a second Ctrl-C means "now"
    stopping = true;
    log?.(`${signal}: closing`);
    const force = setTimeout(() => process.exit(0), 3000);
    force.unref();
    void bridge.close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

void main();
