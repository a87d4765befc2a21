// Readers for the half-space model's sources (../shared/data). Each yields normalised text
// (sokhan's own normaliser with half-space restoration off, so the model sees what the
// rule sees at run time).
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { normalizeText } from '../../dist/text/normalize.js';
import { parseConllu, sentenceText } from '../../dist/eval/conllu.js';

export const NORM = { halfSpaces: false, digits: 'keep', punctuation: false, quotes: false };
export const norm = (s) => normalizeText(s, NORM);

/** Sentence texts of a CoNLL-U file. */
export function conlluTexts(dataDir, rel) {
  const s = parseConllu(readFileSync(join(dataDir, rel), 'utf8'), rel);
  return s.map((x) => norm(x.text ?? sentenceText(x)));
}

/** PEYMA: sentences as token arrays (a token may hold a space = a half-space boundary). */
export function peymaSentences(dataDir, rel) {
  const out = [];
  let cur = [];
  for (const line of readFileSync(join(dataDir, rel), 'utf8').split('\n')) {
    const t = line.trim();
    if (!t) {
      if (cur.length) out.push(cur);
      cur = [];
      continue;
    }
    const bar = t.lastIndexOf('|');
    cur.push(norm(bar > 0 ? t.slice(0, bar) : t));
  }
  if (cur.length) out.push(cur);
  return out;
}

/** ParsTwiNER: sentence texts (tokens joined by spaces; tokens keep their ZWNJ). */
export function twinerTexts(dataDir, rel) {
  const out = [];
  let cur = [];
  for (const line of readFileSync(join(dataDir, rel), 'utf8').split('\n')) {
    const t = line.trim();
    if (!t) {
      if (cur.length) out.push(norm(cur.join(' ')));
      cur = [];
      continue;
    }
    cur.push(t.split('\t')[0]);
  }
  if (cur.length) out.push(norm(cur.join(' ')));
  return out;
}

/** Raw news: paragraphs (titles, abstracts, bodies). */
export function newsTexts(dataDir) {
  const out = [];
  for (const f of ['fars-news-1', 'fars-news-2', 'fars-news-3', 'fars-news-4', 'fars-news-5', 'varzesh3-1']) {
    const arts = JSON.parse(gunzipSync(readFileSync(join(dataDir, 'persian-news-langml', f + '.json.gz'))).toString('utf8'));
    for (const a of arts) {
      for (const p of [a.title, a.abstract, ...(a.paragraphs ?? [])]) if (typeof p === 'string' && p) out.push(norm(p));
    }
  }
  return out;
}

/** Lilak lexicon rows: [word, pos]. */
export function lilakWords(dataDir) {
  const out = [];
  for (const line of readFileSync(join(dataDir, 'lilak-lexicon/lexicon'), 'utf8').split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const c = line.split(',');
    if (c[0]) out.push([norm(c[0].trim()), c[1] ?? '']);
  }
  for (const line of readFileSync(join(dataDir, 'lilak-lexicon/dic_users'), 'utf8').split('\n')) {
    const w = line.trim();
    if (w && !w.startsWith('#')) out.push([norm(w), 'user']);
  }
  return out;
}

export function myspellWords(dataDir) {
  const lines = gunzipSync(readFileSync(join(dataDir, 'myspell-fa/fa_IR.dic.gz'))).toString('utf8').split('\n');
  return lines.slice(1).map((w) => norm(w.trim())).filter(Boolean);
}

/** hazm words.dat: [word, freq, pos]. */
export function hazmWords(dataDir) {
  const out = [];
  for (const line of readFileSync(join(dataDir, 'hazm-lexicon/words.dat'), 'utf8').split('\n')) {
    const c = line.split('\t');
    if (c[0]) out.push([norm(c[0].trim()), Number(c[1]) || 0, c[2] ?? '']);
  }
  return out;
}

/** Verb stems: {past: Set, present: Set} from hazm verbs.dat and lilak verbs.htm. */
export function verbStems(dataDir) {
  const past = new Set();
  const present = new Set();
  for (const line of readFileSync(join(dataDir, 'hazm-lexicon/verbs.dat'), 'utf8').split('\n')) {
    const [a, b] = line.trim().split('#');
    if (a) past.add(norm(a));
    if (b) present.add(norm(b));
  }
  const html = readFileSync(join(dataDir, 'lilak-lexicon/verbs.htm'), 'utf8');
  const re = /<tr><td>\d+<\/td><td[^>]*>([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td>/g;
  let m;
  while ((m = re.exec(html))) {
    for (const p of m[2].split(/[\/،,]| یا /)) if (p.trim()) past.add(norm(p.trim()));
    for (const p of m[3].split(/[\/،,]| یا /)) if (p.trim()) present.add(norm(p.trim()));
  }
  return { past, present };
}
