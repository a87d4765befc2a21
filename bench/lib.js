// Small helpers shared by the bench sections: timing, memory and Markdown tables.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const DIST = new URL('../dist/', import.meta.url);

/** True when `npm run build` has produced dist/<rel>. */
export function hasDist(rel) {
  return existsSync(fileURLToPath(new URL(rel, DIST)));
}

/** Import dist/<rel>, or null when it is not built (or does not exist yet). */
export async function importDist(rel) {
  if (!hasDist(rel)) return null;
  try {
    return await import(new URL(rel, DIST).href);
  } catch (e) {
    return { __error: e };
  }
}

export function gc() {
  if (typeof globalThis.gc === 'function') globalThis.gc();
}

/**
 * Best (fastest) wall time of `runs` calls of fn after `warmup` calls, in ms.
 * Returns { best, median, result } where result is the last return value.
 */
export function timeBest(fn, { runs = 5, warmup = 1 } = {}) {
  let result;
  for (let i = 0; i < warmup; i++) result = fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    gc();
    const t0 = process.hrtime.bigint();
    result = fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { best: times[0], median: times[times.length >> 1], result };
}

/** Peak heap+external growth (bytes) while fn runs, sampled by a timer-free probe. */
export function memoryDuring(fn) {
  gc();
  const before = process.memoryUsage();
  const out = fn();
  const after = process.memoryUsage();
  return { result: out, heapDelta: after.heapUsed - before.heapUsed, rss: after.rss };
}

export function mchars(chars, ms) {
  return chars / (ms / 1000) / 1e6;
}

export function fmt(n, digits = 1) {
  if (n === null || n === undefined || Number.isNaN(n)) return 'n/a';
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function mb(bytes) {
  return fmt(bytes / 1024 / 1024, 1) + ' MB';
}

/** Print a Markdown table. */
export function table(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  console.log(line(header));
  console.log(line(header.map((_, i) => (i === 0 ? '---' : '---:'))));
  for (const r of rows) console.log(line(r.map((c) => String(c))));
}

/** Best-of-N wall and CPU milliseconds of fn() (after warm-up, each run on a clean heap). */
export function measureBest(fn, { runs = 3, warmup = 1 } = {}) {
  let result;
  for (let i = 0; i < warmup; i++) result = fn();
  let bestWall = Infinity;
  let bestCpu = Infinity;
  for (let i = 0; i < runs; i++) {
    gc();
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    result = fn();
    const wall = Number(process.hrtime.bigint() - t0) / 1e6;
    const c = process.cpuUsage(c0);
    bestWall = Math.min(bestWall, wall);
    bestCpu = Math.min(bestCpu, (c.user + c.system) / 1000);
  }
  return { wall: bestWall, cpu: bestCpu, result };
}
