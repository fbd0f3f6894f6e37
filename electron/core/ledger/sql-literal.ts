/**
 * A string as an SQL literal. A leaf module (no imports): the SQL builders (dialect.ts, station-status.ts) need it,
 * and db.ts imports them, so taking it from db.ts would close an import cycle that leaves bundled constants undefined.
 */
export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}
