import { describe } from 'vitest';
import { dataDir, hasData } from './data-path.js';

/**
 * `describe` for tests that read ../shared/data. Without the data they are skipped with
 * a message, except under CI, where missing data is a failure.
 */
export function describeGold(name: string, needs: string[], fn: () => void): void {
  const missing = needs.filter((p) => !hasData(p));
  if (missing.length === 0) {
    describe(name, fn);
    return;
  }
  if (process.env.CI) {
    describe(name, () => {
      throw new Error(`gold data missing under CI: ${missing.join(', ')} (looked in ${dataDir()}; set SOKHAN_DATA)`);
    });
    return;
  }
  // eslint-disable-next-line no-console
  console.warn(`skipping "${name}": gold data not found (${missing.join(', ')} in ${dataDir()}; set SOKHAN_DATA)`);
  describe.skip(name, fn);
}
