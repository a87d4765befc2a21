#!/usr/bin/env node
// `npm run bench [-- NAME...]`: runs each bench/sections/*.js in its own process (so one
// section's heap does not skew the next) and prints their tables in order.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('./sections/', import.meta.url));
const only = process.argv.slice(2);
const sections = readdirSync(dir)
  .filter((f) => f.endsWith('.js'))
  .sort()
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)));
if (sections.length === 0) {
  console.error(`bench: no section matches ${only.join(' ')}`);
  process.exit(1);
}
let failed = 0;
for (const f of sections) {
  console.log(`\n## ${f.replace(/\.js$/, '')}\n`);
  const r = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=8192', dir + f], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.log(`(section ${f} failed with status ${r.status})`);
  }
}
process.exit(failed ? 1 : 0);
