/** A PostgreSQL address with some parts changed: for the unit tests (test/support/pg.ts) and the e2e ones (e2e/pg-support.ts). */

/** A URL with another database, user, password (an empty one removes it) or port. */
export function withUrl(url: string, change: { database?: string; user?: string; password?: string; port?: number }): string {
  const u = new URL(url);
  if (change.database !== undefined) u.pathname = `/${change.database}`;
  if (change.user !== undefined) u.username = change.user;
  if (change.password !== undefined) u.password = change.password;
  if (change.port !== undefined) u.port = String(change.port);
  return u.toString();
}
