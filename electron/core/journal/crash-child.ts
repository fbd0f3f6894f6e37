/**
 * Child process of crash.test.ts (not part of the app): opens a journal and appends until it is killed.
 * Usage: node crash-child.cjs <journalDir> <keyFile> <seed> <segmentMaxRecords>
 * Prints "ready <head seq>", then for each append: "w <bytes>" just before a large one, "W <bytes>" just before the
 * write() of a large line, and "ok <seq> <id>"
 * once an append (or seal) has resolved, i.e. once the record is flushed to disk.
 * Writes to a pipe are synchronous in Node on Linux, so every printed line reaches the parent before a kill.
 */
import { writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { Journal } from './journal';
import { FileKeyStore } from './keys';
import { systemClock } from '../time/clock';

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x1_0000_0000;
  };
}

/**
 * Announce large writes: print "W <bytes>" right before a large write() is issued, so the parent can aim its kill
 * at the write itself (the journal's code is unchanged: this only observes the call).
 */
async function announceLargeWrites(): Promise<void> {
  const probe = await open(process.execPath, 'r');
  const proto = Object.getPrototypeOf(probe) as { write: (...args: unknown[]) => Promise<unknown> };
  await probe.close();
  const write = proto.write;
  proto.write = function (this: unknown, ...args: unknown[]) {
    const buf = args[0];
    if (Buffer.isBuffer(buf) && buf.length > 200_000) writeSync(1, `W ${buf.length}\n`);
    return write.apply(this, args);
  };
}

async function main(): Promise<void> {
  await announceLargeWrites();
  const [dir, keyFile, seedText, maxText] = process.argv.slice(2);
  if (!dir || !keyFile) throw new Error('usage: crash-child <journalDir> <keyFile> <seed> <segmentMaxRecords>');
  const random = rng(Number(seedText ?? 1));
  const journal = await Journal.open({
    dir,
    stationId: 'crash-station',
    clock: systemClock('Asia/Kolkata'),
    keyStore: new FileKeyStore(keyFile),
    segmentMaxRecords: Number(maxText ?? 25),
  });
  process.stdout.write(`ready ${journal.head.seq}\n`);
  for (let i = 0; ; i++) {
    const r = random();
    if (r < 0.04) {
      const seal = await journal.seal('supervisor');
      process.stdout.write(`ok ${seal.seq} ${seal.id}\n`);
      continue;
    }
    let value: unknown = { i, n: Math.floor(random() * 1000) };
    if (r > 0.8) {
      // A large value: its write() takes long enough for a kill to cut it.
      const size = 1024 * 1024 + Math.floor(random() * 5 * 1024 * 1024);
      value = { blob: 'x'.repeat(size) };
      process.stdout.write(`w ${size}\n`);
    }
    const rec = await journal.append({ actor: 'artisan-crash', type: 'step.done', step: `step-${i % 7}`, value });
    process.stdout.write(`ok ${rec.seq} ${rec.id}\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
