/**
 * `npm run start:web` → node dist/harness/server.cjs [--port N] [--data DIR]
 * Starts the browser harness with the station's core services (station-harness.ts) and prints the address
 * to open. Ctrl+C (SIGINT) or SIGTERM stops it: the server first, then the journal is sealed and closed.
 */
import { defaultDataDir, LOOPBACK_HOST } from './harness';
import { startStationHarness } from './station-harness';

export { startHarness } from './harness';
export { startStationHarness, defaultStandardsDir, type StationHarness, type StationHarnessOptions } from './station-harness';

const USAGE = `Usage: node dist/harness/server.cjs [--port N] [--data DIR]

  --port N    port on ${LOOPBACK_HOST} (env STEADYWORK_PORT; default 0 = any free port)
  --data DIR  data folder, created if missing (env STEADYWORK_DATA; default ${defaultDataDir()})
  --host H    only ${LOOPBACK_HOST} is accepted: the harness never listens beyond this machine
  --help      show this text

Environment (development and end-to-end tests):
  STEADYWORK_FAKE_NOW=ISO    start the station's clock at this time, e.g. 2026-11-27T08:05:00+05:30
                             (it runs on from there), so "today" and what is due are always the same
  STEADYWORK_TIME_ZONE=ZONE  the station's time zone, e.g. Asia/Kolkata (default: this computer's)`;

export type ServerArgs = { port: number; dataDir: string; host: string } | { help: true } | { error: string };

export function parseServerArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ServerArgs {
  let port: string | undefined = env.STEADYWORK_PORT;
  let dataDir: string | undefined = env.STEADYWORK_DATA;
  let host = LOOPBACK_HOST;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i];
    switch (name) {
      case '--help':
      case '-h':
        return { help: true };
      case '--port':
        port = value();
        break;
      case '--data':
        dataDir = value();
        break;
      case '--host':
        host = value() ?? '';
        break;
      default:
        return { error: `Unknown option "${arg}".` };
    }
  }
  if (host !== LOOPBACK_HOST) return { error: `The harness listens on ${LOOPBACK_HOST} only; refusing --host ${host}.` };
  const portNumber = port === undefined || port === '' ? 0 : Number(port);
  if (!Number.isInteger(portNumber) || portNumber < 0 || portNumber > 65535) return { error: `Invalid port "${port}".` };
  if (dataDir === '') return { error: 'The data folder must not be empty.' };
  return { port: portNumber, dataDir: dataDir ?? defaultDataDir(env), host };
}

async function main(): Promise<void> {
  const args = parseServerArgs(process.argv.slice(2));
  if ('help' in args) {
    console.log(USAGE);
    return;
  }
  if ('error' in args) {
    console.error(`Steadywork harness: ${args.error}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const harness = await startStationHarness({ port: args.port, dataDir: args.dataDir });
  console.log(`Steadywork harness: ${harness.url}`);
  console.log(`Data folder: ${harness.dataDir}`);
  console.log(`Station: ${harness.stationId}`);
  if (process.env.STEADYWORK_FAKE_NOW) console.log(`Clock starts at ${process.env.STEADYWORK_FAKE_NOW} (STEADYWORK_FAKE_NOW).`);
  console.log('Open the address above in a browser on this machine. Press Ctrl+C to stop.');
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    harness
      .close()
      .then(() => {
        console.log(`Steadywork harness: stopped (${signal}); the journal is sealed.`);
        process.exit(0);
      })
      .catch((err: unknown) => {
        console.error(`Steadywork harness: could not close cleanly: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

// Run only as the entry point (the bundle dist/harness/server.cjs), never when imported by tests.
if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) {
  main().catch((err: unknown) => {
    console.error(`Steadywork harness: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
