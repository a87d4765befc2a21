// The benchmark corpus: Fars news articles (title, abstract, paragraphs; one paragraph a
// line) from ../shared/data/persian-news-langml, repeated to the size asked for. The text
// is third-party and is read from the data folder at run time, never copied into the repo.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const ROOT = resolve(fileURLToPath(new URL('../', import.meta.url)));

export function dataDir() {
  return process.env.SOKHAN_DATA ? resolve(process.env.SOKHAN_DATA) : resolve(ROOT, '../shared/data');
}

export const NEWS_DIR = () => join(dataDir(), 'persian-news-langml');

/** Paths of the Fars news files present, in order. */
export function farsFiles() {
  const out = [];
  for (let i = 1; i <= 5; i++) {
    const p = join(NEWS_DIR(), `fars-news-${i}.json.gz`);
    if (existsSync(p)) out.push(p);
  }
  return out;
}

/** The Fars articles as text (one paragraph a line), or null when the data is absent. */
export function farsText() {
  const files = farsFiles();
  if (files.length === 0) return null;
  const parts = [];
  for (const f of files) {
    const articles = JSON.parse(gunzipSync(readFileSync(f)).toString('utf8'));
    for (const a of articles) {
      if (a.title) parts.push(a.title);
      if (a.abstract) parts.push(a.abstract);
      for (const p of a.paragraphs ?? []) if (p) parts.push(p);
      parts.push('');
    }
  }
  return parts.join('\n');
}

/**
 * At least `minBytes` of Fars news text (UTF-8 bytes), repeating the articles as needed,
 * or null when the data is absent.
 */
export function farsCorpus(minBytes = 10 * 1024 * 1024) {
  const base = farsText();
  if (base === null) return null;
  const baseBytes = Buffer.byteLength(base, 'utf8');
  const times = Math.max(1, Math.ceil(minBytes / baseBytes));
  return times === 1 ? base : Array(times).fill(base).join('\n');
}

/** Print the standard "skipped" message for a section whose data is missing. */
export function skipNoData(what) {
  console.log(`skipped: ${what} not found in ${dataDir()} (set SOKHAN_DATA to the shared data folder)`);
}

/** Non-blank paragraphs of the Fars news text, at most `max`, and their total length; null without the data. */
export function farsParagraphs(max) {
  const text = farsText();
  if (text === null) return null;
  const paragraphs = text.split('\n').filter((p) => p.trim().length > 0).slice(0, max);
  return { paragraphs, chars: paragraphs.reduce((a, p) => a + p.length, 0) };
}
