/**
 * A second, real process for data-lock.test.ts: takes the data folder's lock (argv[2]) and says what happened on
 * stdout ("locked <pid>" or "refused <code> <message>"), then holds the lock until its stdin closes or it is killed.
 */
import { acquireDataLock, DataFolderLockedError } from './data-lock';

const dir = process.argv[2] as string;
acquireDataLock(dir, { what: 'test child' }).then(
  (lock) => {
    process.stdout.write(`locked ${process.pid}\n`);
    process.stdin.resume();
    process.stdin.on('end', () => void lock.release().then(() => process.exit(0)));
  },
  (err: unknown) => {
    if (err instanceof DataFolderLockedError) process.stdout.write(`refused ${err.code} ${err.message}\n`);
    else process.stdout.write(`failed ${String(err)}\n`);
    process.exit(3);
  },
);
