import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync } from 'node:fs';
import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveSupplier } from '../ledger/supplier';
import { memoryLogger } from '../log/logger';
import { SyncService } from './service';
import { nodeShareFs } from './share-fs';
import { ensureShareSupplier, readShareSupplier, supplierFileText } from './share-supplier';
import { openTestStation, TempDirs, type TestStation } from './test-support';

const dirs = new TempDirs();
const stations: TestStation[] = [];
afterEach(async () => {
  await Promise.all(stations.splice(0).map((s) => s.svc.close({ seal: false }).catch(() => undefined)));
  await dirs.cleanup();
});

async function share(): Promise<string> {
  const root = await dirs.make();
  const dir = path.join(root, 'share');
  await mkdir(dir);
  return dir;
}
const fileOf = (dir: string) => path.join(dir, 'supplier.json');

describe('the share supplier (supplier.json at the share root)', () => {
  it('absent: written create-only, in the format the importer reads, and no temporary file is left', async () => {
    const dir = await share();
    const got = await ensureShareSupplier(dir, '  Acme Cartons ', nodeShareFs);
    expect(got).toMatchObject({ state: 'named', name: 'Acme Cartons', written: true });
    expect(await readFile(fileOf(dir), 'utf8')).toBe('{"supplier":"Acme Cartons"}\n');
    expect(await resolveSupplier(dir)).toBe('Acme Cartons');
    expect(await readdir(dir)).toEqual(['supplier.json']);
  });

  it('present with the same name: nothing is written (the file keeps its bytes and its inode)', async () => {
    const dir = await share();
    await writeFile(fileOf(dir), '{ "supplier": "Acme Cartons" }');
    const ino = lstatSync(fileOf(dir)).ino;
    const got = await ensureShareSupplier(dir, 'Acme Cartons', nodeShareFs);
    expect(got).toEqual({ state: 'named', file: fileOf(dir), name: 'Acme Cartons' });
    expect(await readFile(fileOf(dir), 'utf8')).toBe('{ "supplier": "Acme Cartons" }');
    expect(lstatSync(fileOf(dir)).ino).toBe(ino);
  });

  it('present with another name: not overwritten, the share\'s name is reported', async () => {
    const dir = await share();
    await writeFile(fileOf(dir), supplierFileText('Bharat Boxes'));
    const got = await ensureShareSupplier(dir, 'Acme Cartons', nodeShareFs);
    expect(got).toMatchObject({ state: 'named', name: 'Bharat Boxes' });
    expect(got).not.toHaveProperty('written');
    expect(await readFile(fileOf(dir), 'utf8')).toBe('{"supplier":"Bharat Boxes"}\n');
  });

  it('a symbolic link named supplier.json is refused: not followed (even when it dangles), nothing written', async () => {
    const dir = await share();
    const elsewhere = path.join(path.dirname(dir), 'elsewhere.json');
    await writeFile(elsewhere, '{"supplier":"Through A Link"}');
    await symlink(elsewhere, fileOf(dir));
    const got = await ensureShareSupplier(dir, 'Acme Cartons', nodeShareFs);
    expect(got.state).toBe('refused');
    expect(got.state === 'refused' && got.reason).toContain('supplier.json');
    expect(await readFile(elsewhere, 'utf8')).toBe('{"supplier":"Through A Link"}');
    expect(lstatSync(fileOf(dir)).isSymbolicLink()).toBe(true);

    // The importer reads as the station does: the link is refused, the file it points to is not read.
    await expect(resolveSupplier(dir)).rejects.toThrow(/supplier\.json cannot be read \(a symbolic link\)/);

    const dangling = await share();
    const target = path.join(path.dirname(dangling), 'created-through-link.json');
    await symlink(target, fileOf(dangling));
    expect((await ensureShareSupplier(dangling, 'Acme Cartons', nodeShareFs)).state).toBe('refused');
    expect(existsSync(target)).toBe(false);
    expect((await readdir(dangling)).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it.skipIf(process.platform === 'win32')('a FIFO named supplier.json is refused at once (never waited on), nothing written', async () => {
    const dir = await share();
    execFileSync('mkfifo', [fileOf(dir)]);
    const started = Date.now();
    const got = await ensureShareSupplier(dir, 'Acme Cartons', nodeShareFs);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(got.state).toBe('refused');
    expect(lstatSync(fileOf(dir)).isFIFO()).toBe(true);
    expect(await readdir(dir)).toEqual(['supplier.json']);
  });

  it('a supplier.json that is not {"supplier": NAME} is refused and left as it is', async () => {
    const dir = await share();
    await writeFile(fileOf(dir), '{"name":"Acme"}');
    const got = await readShareSupplier(dir, nodeShareFs);
    expect(got.state).toBe('refused');
    expect(got.state === 'refused' && got.reason).toContain('expected {"supplier": "NAME"}');
    expect((await ensureShareSupplier(dir, 'Acme Cartons', nodeShareFs)).state).toBe('refused');
    expect(await readFile(fileOf(dir), 'utf8')).toBe('{"name":"Acme"}');
  });

  it('no name given and none on the share: nothing is written', async () => {
    const dir = await share();
    expect(await ensureShareSupplier(dir, undefined, nodeShareFs)).toEqual({ state: 'none' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('a name the importer would refuse (control characters, over 100 characters) is never written', async () => {
    const dir = await share();
    await expect(ensureShareSupplier(dir, 'Acme\u0007', nodeShareFs)).rejects.toThrow(/control characters/);
    await expect(ensureShareSupplier(dir, 'x'.repeat(101), nodeShareFs)).rejects.toThrow(/1 to 100/);
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('sync writes the supplier the station was given', () => {
  async function setup(supplier: () => string | undefined) {
    const root = await dirs.make();
    const st = await openTestStation(path.join(root, 'station'));
    stations.push(st);
    const logger = memoryLogger();
    const sharePath = path.join(root, 'share');
    const sync = await SyncService.create({
      station: st.svc,
      identity: () => ({ ...st.svc.identity(), name: 'Gluing bench' }),
      sharePath: () => sharePath,
      supplier,
      localStandardsDir: path.join(root, 'station', 'standards'),
      clock: st.clock,
      intervalMs: 0,
      logger,
    });
    return { sharePath, sync, logger };
  }

  it('a share unreachable at set-up gets the supplier at the next sync that reaches it', async () => {
    const { sharePath, sync } = await setup(() => 'Acme Cartons');
    const first = await sync.syncNow();
    expect(first.state).toBe('unreachable');
    expect(sync.shareSupplier()).toBeUndefined();
    await mkdir(sharePath);
    const second = await sync.syncNow();
    expect(second.state).toBe('up_to_date');
    expect(sync.shareSupplier()).toMatchObject({ state: 'named', name: 'Acme Cartons', written: true });
    expect(await resolveSupplier(sharePath)).toBe('Acme Cartons');
    // The sync after: the same name is there, nothing is written again.
    await sync.syncNow();
    expect(sync.shareSupplier()).toEqual({ state: 'named', file: fileOf(sharePath), name: 'Acme Cartons' });
  });

  it('a share that names another supplier keeps it; the log says so once', async () => {
    const { sharePath, sync, logger } = await setup(() => 'Acme Cartons');
    await mkdir(sharePath);
    await writeFile(fileOf(sharePath), supplierFileText('Bharat Boxes'));
    await sync.syncNow();
    await sync.syncNow();
    expect(sync.shareSupplier()).toMatchObject({ state: 'named', name: 'Bharat Boxes' });
    expect(await resolveSupplier(sharePath)).toBe('Bharat Boxes');
    const said = logger.lines.filter((l) => l.message.includes('says its supplier is "Bharat Boxes"'));
    expect(said).toHaveLength(1);
  });

  it('a refused supplier.json does not stop the events being published', async () => {
    const { sharePath, sync } = await setup(() => 'Acme Cartons');
    await mkdir(sharePath);
    await symlink(path.join(sharePath, '..', 'nowhere.json'), fileOf(sharePath));
    const status = await sync.syncNow();
    expect(status.state).toBe('up_to_date');
    expect(sync.shareSupplier()?.state).toBe('refused');
    expect(existsSync(path.join(sharePath, '..', 'nowhere.json'))).toBe(false);
  });
});
