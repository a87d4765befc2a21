#!/usr/bin/env node
// Helper for hand-annotating quotes in news articles (eval/news). No article text is written
// into the repository: `show` prints an article to the terminal, `build` turns an anchor file
// kept OUTSIDE the repo into offsets (eval/news/annotations.json).
//
//   node scripts/annotate-news.js select                 # the fixed article selection (file, index, split)
//   node scripts/annotate-news.js show FILE INDEX        # article text with paragraph offsets
//   node scripts/annotate-news.js build ANCHORS.txt      # anchors -> annotations JSON on stdout
//
// Anchor file format (one article block after another):
//   @ fars-news-1.json.gz 17 dev
//   D | start words … | … end words | speaker full name      (D direct, I indirect)
//   I | context words >> start words | end words | speaker   (start searched after the context)
//   -                                                        (article has no quotes)
// A quote's span runs from the first match of the start words (at or after the previous quote's
// start) to the end of the first match of the end words after it. Matching folds ي/ك/ZWNJ/spaces.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { resolve, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { articleText } from '../dist/news/article.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DATA = process.env.SOKHAN_DATA ? resolve(process.env.SOKHAN_DATA) : resolve(ROOT, '../shared/data');
const dir = join(DATA, 'persian-news-langml');
const cache = new Map();
function load(file) {
  if (!cache.has(file)) cache.set(file, JSON.parse(gunzipSync(readFileSync(join(dir, file))).toString('utf8')));
  return cache.get(file);
}

const CATS = ['politics', 'world', 'economy', 'social', 'sports', 'province', 'scientific-academic', 'culture', 'arts-media'];
const QUOTE_HINT = /(گفت|افزود|کرد|داشت|داد|كرد)\s*:/;
function words(s) { return s.split(/\s+/).filter(Boolean).length; }

/** Fixed selection: per file, round-robin over categories, 7 articles with a colon quote and 1 without; alternate dev/held-out. */
function select() {
  const out = [];
  for (let f = 1; f <= 5; f++) {
    const file = `fars-news-${f}.json.gz`;
    const arts = load(file);
    const withQ = new Map(); const without = [];
    arts.forEach((a, i) => {
      const body = (a.paragraphs || []).join('\n');
      const n = words(body);
      if (n < 60 || n > 320 || !CATS.includes(a.cat)) return;
      if (QUOTE_HINT.test(body)) { if (!withQ.has(a.cat)) withQ.set(a.cat, []); withQ.get(a.cat).push(i); }
      else without.push(i);
    });
    const picked = [];
    for (let round = 0; picked.length < 7 && round < 50; round++) {
      for (const c of CATS) { const l = withQ.get(c); if (l && l[round] !== undefined && picked.length < 7) picked.push(l[round]); }
    }
    if (without.length) picked.push(without[f % without.length]);
    for (const i of picked) out.push({ file, index: i, cat: arts[i].cat, link: arts[i].link });
  }
  out.forEach((o, k) => (o.split = k % 2 === 0 ? 'dev' : 'heldout'));
  return out;
}

function show(file, index) {
  const a = load(file)[Number(index)];
  const text = articleText(a);
  process.stdout.write(`# ${file} ${index} ${a.cat} ${a.link}\n`);
  let pos = 0;
  for (const line of text.split('\n')) {
    process.stdout.write(`[${pos}] ${line}\n`);
    pos += line.length + 1;
  }
}

// Fold for anchor matching: keep a map from folded index to original index.
function fold(s) {
  let out = ''; const map = [];
  for (let i = 0; i < s.length; i++) {
    let c = s[i];
    if (c === 'ي' || c === 'ى') c = 'ی'; else if (c === 'ك') c = 'ک'; else if (c === 'ة') c = 'ه';
    else if (c === 'أ' || c === 'إ') c = 'ا';
    if (c === '\u200c' || c === '\u200f' || c === '\u200e' || c === 'ـ' || /\s/.test(c)) c = ' ';
    if (c === ' ' && out.endsWith(' ')) continue;
    out += c; map.push(i);
  }
  map.push(s.length);
  return { out, map };
}

function build(anchorFile) {
  const lines = readFileSync(anchorFile, 'utf8').split('\n');
  const articles = []; let cur = null; let cursor = 0; let folded = null; let errors = 0;
  for (const [ln, raw] of lines.entries()) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    if (line.startsWith('@')) {
      const [file, index, split] = line.slice(1).trim().split(/\s+/);
      const a = load(file)[Number(index)];
      cur = { file, index: Number(index), link: a.link, split, quotes: [] };
      articles.push(cur); cursor = 0;
      const text = articleText(a); cur.textLength = text.length; folded = fold(text);
      continue;
    }
    if (line === '-') continue;
    const [kind, startW, endW, speaker] = line.split('|').map((x) => x.trim());
    // `context >> start words`: the start words are searched after the context.
    let from = cursor; let sw = startW;
    if (startW.includes('>>')) {
      const [ctx, rest] = startW.split('>>').map((x) => x.trim());
      const c = folded.out.indexOf(fold(ctx).out.trim(), cursor);
      from = c < 0 ? folded.out.length : c + fold(ctx).out.trim().length;
      sw = rest;
    }
    const fs = fold(sw).out.trim(), fe = fold(endW).out.trim();
    const s = folded.out.indexOf(fs, from);
    const e = s < 0 ? -1 : folded.out.indexOf(fe, s);
    if (s < 0 || e < 0) { process.stderr.write(`line ${ln + 1}: anchor not found (${s < 0 ? 'start' : 'end'}) in ${cur.file} ${cur.index}: ${line}\n`); errors++; continue; }
    cur.quotes.push({ start: folded.map[s], end: folded.map[e + fe.length - 1] + 1, kind: kind === 'D' ? 'direct' : 'indirect', speaker });
    cursor = s + 1;
  }
  if (errors) process.exitCode = 1;
  return { version: 1, guidelines: 'eval/news/GUIDELINES.md', text: 'articleText() of each article (src/news/article.ts); offsets are UTF-16', articles };
}

process.stdout.on('error', (e) => { if (e.code !== 'EPIPE') throw e; });
const [cmd, ...args] = process.argv.slice(2);
if (cmd === 'select') process.stdout.write(select().map((o) => `${o.file} ${o.index} ${o.split} ${o.cat} ${o.link}`).join('\n') + '\n');
else if (cmd === 'show') show(args[0], args[1]);
else if (cmd === 'build') process.stdout.write(JSON.stringify(build(args[0]), null, 1) + '\n');
else { process.stderr.write('usage: annotate-news.js select | show FILE INDEX | build ANCHORS.txt\n'); process.exitCode = 2; }
