import { appendFile, open as openFile } from 'node:fs/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { verifyJournalDir } from './verify';
import { segPath, setup, TempDirs, tick } from './test-support';

const tmp = new TempDirs();
afterEach(() => tmp.cleanup());

describe("Journal: durability 'none' (tests only)", () => {
  it('writes, seals, recovers and checkpoints the same journal without any flush', async () => {
    const { dir, open, keyStore } = setup(await tmp.make(), { segmentMaxRecords: 3, durability: 'none' });
    // Node's FileHandle class is not exported: take its prototype from a handle.
    const probe = await openFile(dir, 'r');
    const proto = Object.getPrototypeOf(probe) as { datasync(): Promise<void>; sync(): Promise<void> };
    await probe.close();
    const datasync = vi.spyOn(proto, 'datasync');
    const sync = vi.spyOn(proto, 'sync');
    const j = await open();
    for (let i = 0; i < 5; i++) await j.append(tick(i));
    await j.saveCheckpoint({ n: 5 });
    await j.close();
    await appendFile(segPath(dir, 7), '{"torn');
    const again = await open();
    expect(again.recovery?.reason).toBe('no-newline');
    expect(again.checkpoint?.projection).toEqual({ n: 5 });
    await again.close();
    expect(datasync).not.toHaveBeenCalled();
    expect(sync).not.toHaveBeenCalled();
    datasync.mockRestore();
    sync.mockRestore();
    const report = await verifyJournalDir(dir, { publicKey: (await keyStore.loadOrCreate()).publicKey });
    expect(report.ok).toBe(true);
  });
});
