/**
 * `npm run start:web` → node dist/harness/server.cjs [--port N] [--data DIR]
 * Starts the browser harness (harness.ts) and prints the address to open. Ctrl+C stops it.
 */
import { defaultDataDir, LOOPBACK_HOST, startHarness } from './harness';

export { startHarness } from './harness';

const USAGE = `Usage: node dist/harness/server.cjs [--port N] [--data DIR]

  --port N    port on ${LOOPBACK_HOST} (env STEADYWORK_PORT; default 0 = any free port)
  --data DIR  data folder, created if missing (env STEADYWORK_DATA; default ${defaultDataDir()})
  --host H    only ${LOOPBACK_HOST} is accepted: the harness never listens beyond this machine
  --help      show this text`;

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
  const harness = await startHarness({ port: args.port, dataDir: args.dataDir, host: args.host });
  console.log(`Steadywork harness: ${harness.url}`);
  console.log(`Data folder: ${harness.dataDir}`);
  console.log('Open the address above in a browser on this machine. Press Ctrl+C to stop.');
  const stop = () => {
    void harness.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

// Run only as the entry point (the bundle dist/harness/server.cjs), never when imported by tests.
if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) {
  main().catch((err: unknown) => {
    console.error(`Steadywork harness: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
