/**
 * Vitest global setup: a throw-away PostgreSQL cluster for the PostgreSQL ledger's tests (scripts/pg-test-cluster.mjs),
 * stopped when the run ends. STEADYWORK_TEST_PG_URL set beforehand: that server is used and nothing is started.
 * When no cluster can start, the reason is handed to the tests, and every test that needs PostgreSQL fails with it
 * (test/support/pg.ts): they are never skipped in silence.
 */
import type { TestProject } from 'vitest/node';
// @ts-expect-error: a plain .mjs script without types (also run by .ci/run and the bench).
import { startPgCluster, PG_URL_ENV } from '../../scripts/pg-test-cluster.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
    pgUnavailable: string;
  }
}

type Cluster = { url: string; stop(): void };

export default async function setup(project: TestProject): Promise<() => void> {
  const given = process.env[PG_URL_ENV as string];
  if (given) {
    project.provide('pgUrl', given);
    project.provide('pgUnavailable', '');
    return () => undefined;
  }
  let cluster: Cluster | null = null;
  try {
    cluster = (await (startPgCluster as (o: { log: (m: string) => void }) => Promise<Cluster>)({ log: (m) => process.stderr.write(`${m}\n`) }));
    project.provide('pgUrl', cluster.url);
    project.provide('pgUnavailable', '');
  } catch (err) {
    project.provide('pgUrl', '');
    project.provide('pgUnavailable', err instanceof Error ? err.message : String(err));
  }
  return () => cluster?.stop();
}
