/**
 * The channel procurement.setLedger through the composition (validation, guard, domain), against a real PostgreSQL
 * server (test/support/pg.ts): a working address is kept in the settings (with its password: the settings file is
 * the station's own 0600 file) and answered, logged and shown without it; a bad address or a server that does not
 * answer is refused in words and changes nothing; the channel is procurement's (a live supervisor session).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { adminQuery, freshDatabase, withUrl } from '../../../test/support/pg';
import { CHANNELS } from '../../contract';
import type { Logger } from '../log/logger';
import { closeStations, env, open, setUpStation, unlock } from '../composition/station-test-support';

afterEach(closeStations);

async function station() {
  const e = await env();
  const lines: string[] = [];
  const logger: Logger = { info: (m) => void lines.push(m), warn: (m) => void lines.push(m), error: (m) => void lines.push(m) };
  const opened = await open(e, { logger });
  await setUpStation(opened.value);
  const session = await unlock(opened.value);
  return { ...opened, e, session, log: () => lines.join('\n') };
}

describe('procurement.setLedger', () => {
  it('is a procurement channel: without a live supervisor session it is refused and nothing is kept', async () => {
    expect(CHANNELS['procurement.setLedger'].access).toBe('procurement');
    const s = await station();
    // A session that has ended (locked): well formed, no longer live.
    await s.value('supervisor.lock', { session: s.session });
    const r = await s.call('procurement.setLedger', { session: s.session, kind: 'postgres', url: 'postgres://someone@127.0.0.1:1/none' });
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.error.code).toBe('SUPERVISOR_REQUIRED');
    expect(await s.call('procurement.setLedger', { session: 'not-a-session', kind: 'duckdb' })).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS' } });
    expect(s.e.settings.read().procurementPg).toBeUndefined();
  });

  it('keeps a working address with its password in the settings, and answers and logs it without the password', async () => {
    const s = await station();
    const db = await freshDatabase();
    const secret = `pw-${Date.now().toString(36)}`;
    try {
      await adminQuery(`CREATE ROLE sw_setledger LOGIN PASSWORD '${secret}'`).catch(() => adminQuery(`ALTER ROLE sw_setledger PASSWORD '${secret}'`));
      await adminQuery(`ALTER DATABASE ${db.name} OWNER TO sw_setledger`);
      const url = withUrl(db.url, { user: 'sw_setledger', password: '' });
      const r = await s.call('procurement.setLedger', { session: s.session, kind: 'postgres', url, password: secret });
      expect(r).toMatchObject({ ok: true, value: { kind: 'postgres', hasPassword: true } });
      const answered = JSON.stringify(r);
      expect(answered).not.toContain(secret);
      expect(answered).toContain('sw_setledger@');
      // Kept (the next start uses it), with the password; the ledger as the screen sees it has none.
      expect(s.e.settings.read().procurementPg).toBe(withUrl(url, { password: secret }));
      const seen = await s.call('procurement.ledger', { session: s.session });
      expect(JSON.stringify(seen)).not.toContain(secret);
      // The address typed again without its password keeps the kept one.
      const again = await s.call('procurement.setLedger', { session: s.session, kind: 'postgres', url });
      expect(again).toMatchObject({ ok: true, value: { hasPassword: true } });
      expect(s.e.settings.read().procurementPg).toBe(withUrl(url, { password: secret }));
      // The ledger's schema was made by the check (it can be imported into).
      const tables = await adminQuery(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'events'`, db.name);
      expect(tables.rows[0]).toEqual({ n: 1 });
      // Back to the file on this computer: the address is forgotten.
      expect(await s.call('procurement.setLedger', { session: s.session, kind: 'duckdb' })).toMatchObject({ ok: true, value: { kind: 'duckdb' } });
      expect(s.e.settings.read().procurementPg).toBeUndefined();
      expect(s.log()).not.toContain(secret);
    } finally {
      await db.drop();
      await adminQuery('DROP ROLE IF EXISTS sw_setledger').catch(() => undefined);
    }
  });

  it('refuses a bad address and a server that does not answer, in words, keeping the ledger chosen before', async () => {
    const s = await station();
    const notPg = await s.call('procurement.setLedger', { session: s.session, kind: 'postgres', url: 'http://db.example/steadywork' });
    expect(notPg).toMatchObject({ ok: false, error: { code: 'PG_ADDRESS_INVALID' } });
    expect(notPg.ok ? '' : notPg.error.message).toContain('is not a PostgreSQL address (it starts with http://): write it as postgres://USER:PASSWORD@HOST:PORT/DATABASE.');
    const noUrl = await s.call('procurement.setLedger', { session: s.session, kind: 'postgres' });
    expect(noUrl).toMatchObject({ ok: false, error: { code: 'PG_ADDRESS_INVALID', message: 'Give the PostgreSQL address: postgres://USER:PASSWORD@HOST:PORT/DATABASE.' } });
    const down = await s.call('procurement.setLedger', { session: s.session, kind: 'postgres', url: 'postgres://someone:hush-hush@127.0.0.1:1/steadywork' });
    expect(down).toMatchObject({ ok: false, error: { code: 'PG_UNREACHABLE' } });
    expect(down.ok ? '' : down.error.message).toContain('No PostgreSQL server answers at 127.0.0.1:1 (connection refused)');
    expect(JSON.stringify(down)).not.toContain('hush-hush');
    expect(s.e.settings.read().procurementPg).toBeUndefined();
    expect(await s.call('procurement.ledger', { session: s.session })).toMatchObject({ ok: true, value: { kind: 'duckdb' } });
    expect(s.log()).not.toContain('hush-hush');
  });
});
