import { describe, expect, it, vi } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The README's `$ echo '…' | npx sokhan normalize` examples are the built CLI's real output
 * (`npm run build` first; `npm test` does it), so the documentation cannot drift from the code.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin/sokhan.js');

vi.setConfig({ testTimeout: 120_000 });

/** Each example: the echoed input and the output line that follows it in a ```text block. */
function readmeExamples(readme: string): { input: string; output: string }[] {
  const out: { input: string; output: string }[] = [];
  const lines = readme.split('\n');
  for (let i = 0; i + 1 < lines.length; i++) {
    const m = /^\$ echo '([^']*)' \| npx sokhan normalize$/.exec(lines[i]);
    if (m) out.push({ input: m[1], output: lines[i + 1] });
  }
  return out;
}

describe('README examples', () => {
  const examples = readmeExamples(readFileSync(join(ROOT, 'README.md'), 'utf8'));

  it('finds the examples (a changed README format must not make this test pass empty)', () => {
    expect(examples.length).toBeGreaterThanOrEqual(2);
  });

  it('shows what `sokhan normalize` really prints', () => {
    for (const { input, output } of examples) {
      const r = spawnSync(process.execPath, [BIN, 'normalize', '-'], { input: input + '\n', cwd: ROOT });
      expect(r.status).toBe(0);
      expect(r.stdout.toString('utf8')).toBe(output + '\n');
    }
  });
});
