/**
 * Writes assets/schema/standard.schema.json from the zod schema of a standard.
 *
 *   npx tsx scripts/generate-schema.ts          write the file
 *   npx tsx scripts/generate-schema.ts --check  exit 1 if the committed file differs from what would be written
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { STANDARD_JSON_SCHEMA_PATH, standardJsonSchemaText } from '../electron/core/standards/json-schema';

/** The project root: the nearest folder above the working directory that holds package.json. */
function projectRoot(): string {
  let dir = process.cwd();
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}

async function main(): Promise<number> {
  const check = process.argv.includes('--check');
  const target = path.join(projectRoot(), STANDARD_JSON_SCHEMA_PATH);
  const wanted = standardJsonSchemaText();
  const current: string | null = await readFile(target, 'utf8').catch(() => null);
  if (check) {
    if (current === wanted) {
      console.log(`${STANDARD_JSON_SCHEMA_PATH} is up to date.`);
      return 0;
    }
    console.error(
      current === null
        ? `${STANDARD_JSON_SCHEMA_PATH} is missing. Run: npx tsx scripts/generate-schema.ts`
        : `${STANDARD_JSON_SCHEMA_PATH} differs from the zod schema. Run: npx tsx scripts/generate-schema.ts`,
    );
    return 1;
  }
  if (current === wanted) {
    console.log(`${STANDARD_JSON_SCHEMA_PATH} is already up to date.`);
    return 0;
  }
  await mkdir(path.dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  await writeFile(tmp, wanted, 'utf8');
  await rename(tmp, target);
  console.log(`Wrote ${STANDARD_JSON_SCHEMA_PATH}.`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(2);
  },
);
