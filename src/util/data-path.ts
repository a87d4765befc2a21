import { existsSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (src/util and dist/util are both two levels down). */
export const PACKAGE_ROOT = resolve(fileURLToPath(new URL('../../', import.meta.url)));

/** Gold data and lexicons: $SOKHAN_DATA, or ../shared/data beside the repository. */
export function dataDir(): string {
  return process.env.SOKHAN_DATA ? resolve(process.env.SOKHAN_DATA) : resolve(PACKAGE_ROOT, '../shared/data');
}

export function dataPath(...parts: string[]): string {
  return join(dataDir(), ...parts);
}

export function hasData(...parts: string[]): boolean {
  return existsSync(dataPath(...parts));
}
