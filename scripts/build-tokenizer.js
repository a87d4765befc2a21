#!/usr/bin/env node
/**
 * Builds models/tokenizer.json.gz: abbreviations and the clitic-splitting tables.
 *
 *   npm run build && node scripts/build-tokenizer.js [--report] [--no-memory]
 *
 * Sources (../shared/data, see models/MODEL_CARD.tokenizer.md):
 *   - hazm-lexicon/abbreviations.dat (MIT)              → abbreviations
 *   - hazm-lexicon/words.dat (MIT, word/frequency/POS)  → hosts and blocked words
 *   - lilak-lexicon/lexicon (Apache-2.0, POS lexicon)   → hosts and blocked words (its 50k verb forms block رفتم…)
 *   - ud-persian-perdt dev, ud-persian-seraji dev (CC BY-SA 4.0) → multi-word-token statistics:
 *     forms seen split or whole, and hosts seen with a clitic. Never the PerDT test split.
 * Deterministic: same inputs, same bytes (sorted keys, fixed gzip level, no timestamps).
 *
 * --report prints how the lexicon rules alone (without memorised forms) decide the dev
 * treebanks' words, which is how the thresholds below were chosen.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConllu } from '../dist/eval/conllu.js';
import { normalizeText } from '../dist/text/normalize.js';
import { compileTokenizerModel } from '../dist/tokenize/model.js';
import { splitClitics } from '../dist/tokenize/clitics.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const data = process.env.SOKHAN_DATA ? resolve(process.env.SOKHAN_DATA) : resolve(root, '../shared/data');
const args = new Set(process.argv.slice(2));
const ZWNJ = '\u200c';

/** Minimum hazm frequency for a word to serve as a host, and to block a split. */
const HOST_MIN_FREQ = Number(process.env.HOST_MIN_FREQ ?? 1000);
const BLOCK_MIN_FREQ = Number(process.env.BLOCK_MIN_FREQ ?? 1);
/** hazm POS tags that can carry a clitic (nouns, adjectives, pronouns, prepositions, adverbs, numbers). */
const HOST_POS = new Set(['N', 'AJ', 'PRO', 'P', 'ADV', 'DET', 'POSTP', 'RES']);
const LILAK_HOST_POS = new Set(['noun_singular', 'noun_plural', 'adjective', 'pronoun', 'adposition', 'adjective_comparative', 'adjective_superlative', 'adverb']);

const RULES = [
  // Pronoun clitics after a consonant: کتابش تیمشان دلم
  { suffix: 'شان', after: 'consonant', minHost: 2 },
  { suffix: 'مان', after: 'consonant', minHost: 2 },
  { suffix: 'تان', after: 'consonant', minHost: 2 },
  { suffix: 'ش', after: 'consonant', minHost: 2 },
  { suffix: 'م', after: 'consonant', minHost: 2 },
  { suffix: 'ت', after: 'consonant', minHost: 2 },
  // After ا / و the clitic takes a ی: صدایش کارهایم بیجایشان
  { suffix: 'یشان', after: 'vowel', minHost: 2 },
  { suffix: 'یمان', after: 'vowel', minHost: 2 },
  { suffix: 'یتان', after: 'vowel', minHost: 2 },
  { suffix: 'یش', after: 'vowel', minHost: 2 },
  { suffix: 'یم', after: 'vowel', minHost: 2 },
  { suffix: 'یت', after: 'vowel', minHost: 2 },
  // After a ZWNJ (the host keeps it): خانواده‌اش فاطمه‌ام زندگی‌شان
  { suffix: 'اش', after: 'zwnj', minHost: 2 },
  { suffix: 'ام', after: 'zwnj', minHost: 2 },
  { suffix: 'ات', after: 'zwnj', minHost: 2 },
  { suffix: 'شان', after: 'zwnj', minHost: 2 },
  { suffix: 'مان', after: 'zwnj', minHost: 2 },
  { suffix: 'تان', after: 'zwnj', minHost: 2 },
  // Copula after a vowel: دل‌هاست اوست شماست
  { suffix: 'ست', after: 'vowel', minHost: 2 },
  // Copula after an adjective: معتقدیم گرفتارند انسانی‌اند
  { suffix: 'یم', after: 'consonant', minHost: 3, adjective: true },
  { suffix: 'ید', after: 'consonant', minHost: 3, adjective: true },
  { suffix: 'ند', after: 'consonant', minHost: 3, adjective: true },
  { suffix: 'اند', after: 'zwnj', minHost: 3, adjective: true },
  { suffix: 'ایم', after: 'zwnj', minHost: 3, adjective: true },
  { suffix: 'اید', after: 'zwnj', minHost: 3, adjective: true },
];
/** A lexicon word W = H + clitic is blocked (kept whole) when freq(W) >= BLOCK_RATIO * freq(H). */
const BLOCK_RATIO = Number(process.env.BLOCK_RATIO ?? 0.05);
/** …or when freq(W) >= BLOCK_ABS whatever its host. */
const BLOCK_ABS = Number(process.env.BLOCK_ABS ?? 1);

function readLines(path) {
  return readFileSync(path, 'utf8').split(/\r?\n/);
}

// Half-space restoration is left out: it needs context, and these are single words.
const norm = (w) => normalizeText(w, { halfSpaces: false });

// ---- abbreviations (hazm; parenthesised ones like (ص) are left out: PerDT splits them) ----
const abbreviations = [
  ...new Set(
    readLines(resolve(data, 'hazm-lexicon/abbreviations.dat'))
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('(') && l.includes('.'))
      // Only abbreviations that end with a dot or have one inside.
      .map((l) => l),
  ),
].sort();

// ---- lexicons ----
/** word → max hazm frequency */
const hazmFreq = new Map();
const hazmHost = new Set();
const hazmAdj = new Set();
for (const line of readLines(resolve(data, 'hazm-lexicon/words.dat'))) {
  const [w0, f, pos] = line.split('\t');
  if (!w0 || f === undefined) continue;
  const w = norm(w0);
  const freq = Number(f) || 0;
  hazmFreq.set(w, Math.max(hazmFreq.get(w) ?? 0, freq));
  if (freq >= HOST_MIN_FREQ && pos && pos.split(',').some((p) => HOST_POS.has(p))) hazmHost.add(w);
  if (freq >= HOST_MIN_FREQ && pos && pos.split(',').includes('AJ')) hazmAdj.add(w);
}
const lilakWords = new Set();
const lilakHost = new Set();
const lilakVerb = new Set();
const lilakAdj = new Set();
for (const line of readLines(resolve(data, 'lilak-lexicon/lexicon'))) {
  if (!line || line.startsWith('#')) continue;
  const [w0, pos] = line.split(',');
  if (!w0 || !pos) continue;
  const w = norm(w0);
  lilakWords.add(w);
  if (LILAK_HOST_POS.has(pos)) lilakHost.add(w);
  if (pos === 'verb') lilakVerb.add(w);
  if (pos === 'adjective') lilakAdj.add(w);
}

// ---- treebank statistics (dev splits only) ----
const treebanks = [
  resolve(data, 'ud-persian-perdt/fa_perdt-ud-dev.conllu'),
  resolve(data, 'ud-persian-seraji/fa_seraji-ud-dev.conllu'),
];
/** normalised form → Map(split signature → count); signature "" = whole */
const seen = new Map();
const treebankHosts = new Set();
const treebankAdj = new Set();
/** Pronouns and prepositions seen with a pronoun clitic (خود, برای): their whole paradigm splits. */
const closedHosts = new Set();
const treebankWords = []; // [form, signature] for the report
for (const file of treebanks) {
  for (const s of parseConllu(readFileSync(file, 'utf8'), file)) {
    for (const t of s.tokens) {
      let parts = t.words.map((w) => w.form);
      if (t.multiword) {
        // Drop punctuation that PerDT keeps inside a multi-word token (معذورم.).
        while (parts.length > 1 && t.words[parts.length - 1].upos === 'PUNCT') parts = parts.slice(0, -1);
      } else if (t.words[0].upos === 'PUNCT' || t.words[0].upos === 'NUM') continue;
      const raw = parts.join('');
      const form = norm(raw);
      let sig = '';
      if (parts.length > 1) {
        if (form !== raw) continue; // normalisation changed the form; lengths would not line up
        sig = parts.map((p) => p.length).join(',');
        const host = parts[0].endsWith(ZWNJ) ? parts[0].slice(0, -1) : parts[0];
        if (t.words[0].upos !== 'PUNCT') treebankHosts.add(host);
        if (t.words[0].upos === 'ADJ') treebankAdj.add(host);
        if ((t.words[0].upos === 'PRON' || t.words[0].upos === 'ADP') && t.words[1].upos === 'PRON' && !parts[0].endsWith(ZWNJ) && parts[0].length >= 3) closedHosts.add(parts[0]);
      }
      let m = seen.get(form);
      if (!m) seen.set(form, (m = new Map()));
      m.set(sig, (m.get(sig) ?? 0) + 1);
      if (file.includes('perdt')) treebankWords.push([form, sig]);
    }
  }
}

const hosts = new Set([...hazmHost, ...lilakHost, ...treebankHosts]);
const adjectives = new Set([...hazmAdj, ...lilakAdj, ...treebankAdj]);

const sorted = (set) => [...set].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

// ---- blocked: lexicon words that the rules would split ----
const probe = compileTokenizerModel({ version: 1, abbreviations: [], forms: {}, hosts: [...hosts], blocked: [], adjectives: [...adjectives], rules: RULES });
const blocked = new Set();
/** hazm frequency of a host, counting a plural by its singular. */
const hostFreq = (h) => {
  if (h.endsWith(ZWNJ)) h = h.slice(0, -1);
  let f = hazmFreq.get(h) ?? 0;
  for (const k of ['های', 'ها']) if (!f && h.endsWith(k)) f = hazmFreq.get(h.slice(0, -k.length).replace(/\u200c$/, '')) ?? 0;
  return f;
};
for (const [w, f] of hazmFreq) {
  if (f < BLOCK_MIN_FREQ) continue;
  const p = splitClitics(w, probe);
  if (p && (f >= BLOCK_ABS || f >= BLOCK_RATIO * hostFreq(w.slice(0, p[0])))) blocked.add(w);
}
// Lilak: verb forms always block (رفتم, کردیم); other words block unless hazm has a frequency for them.
for (const w of lilakWords) {
  if (!splitClitics(w, probe)) continue;
  if (lilakVerb.has(w) || !(hazmFreq.get(w) > 0)) blocked.add(w);
}

// ---- memorised forms: majority decision in the dev treebanks, only where it matters ----
const forms = {};
const memory = !args.has('--no-memory');
if (memory) {
  const model0 = compileTokenizerModel({ version: 1, abbreviations: [], forms: {}, hosts: [...hosts], blocked: [...blocked], adjectives: [...adjectives], rules: RULES });
  for (const [form, m] of [...seen].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    let best = '';
    let bestN = -1;
    for (const [sig, c] of [...m].sort()) if (c > bestN) ((best = sig), (bestN = c));
    const predicted = splitClitics(form, model0);
    const predSig = predicted ? predicted.join(',') : '';
    if (predSig !== best) forms[form] = best ? best.split(',').map(Number) : [];
  }
}
// Paradigm completion for closed-class hosts: خودش seen split → خودم خودت خودمان… split too.
if (memory) {
  for (const h of sorted(closedHosts)) {
    const vowel = /[اوآ]$/.test(h);
    for (const c of vowel ? ['یم', 'یت', 'یش', 'یمان', 'یتان', 'یشان'] : ['م', 'ت', 'ش', 'مان', 'تان', 'شان']) {
      const f = h + c;
      if (!(f in forms) && !seen.has(f)) forms[f] = [h.length, c.length];
    }
  }
}
// A form the treebanks split is never blocked.
for (const [f, parts] of Object.entries(forms)) if (parts.length > 1) blocked.delete(f);

const model = {
  version: 1,
  abbreviations,
  forms,
  hosts: sorted(hosts),
  blocked: sorted(blocked),
  adjectives: sorted(adjectives),
  rules: RULES,
};

if (args.has('--report')) {
  const m = compileTokenizerModel(model);
  let tp = 0, fp = 0, fn = 0, wrong = 0;
  const fps = new Map(), fns = new Map();
  for (const [form, sig] of treebankWords) {
    const p = splitClitics(form, m);
    const ps = p ? p.join(',') : '';
    if (ps === sig) { if (sig) tp++; continue; }
    if (sig && ps) { wrong++; if (wrong < 40) process.stdout.write(form + ' ' + sig + ' vs ' + ps + ' | '); }
    else if (ps) { fp++; fps.set(form, (fps.get(form) ?? 0) + 1); }
    else { fn++; fns.set(form, (fns.get(form) ?? 0) + 1); }
  }
  const top = (mp) => [...mp].sort((a, b) => b[1] - a[1]).slice(0, 60).map(([f, c]) => `${f}:${c}`).join(' ');
  console.log(`PerDT dev words, memory=${memory}: tp=${tp} fp=${fp} fn=${fn} wrong=${wrong}`);
  console.log('false splits:', top(fps));
  console.log('missed splits:', top(fns));
}

const out = resolve(root, 'models/tokenizer.json.gz');
mkdirSync(dirname(out), { recursive: true });
const json = JSON.stringify(model);
writeFileSync(out, gzipSync(Buffer.from(json), { level: 9 }));
console.error(`wrote ${out}: ${abbreviations.length} abbreviations, ${Object.keys(forms).length} memorised forms, ${hosts.size} hosts, ${blocked.size} blocked (${json.length} bytes JSON)`);
