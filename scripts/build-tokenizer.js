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
  // …and after a consonant: کسیست اینست
  { suffix: 'ست', after: 'consonant', minHost: 3 },
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
/** Common Latin abbreviations met in Persian news (written here, not from a corpus). */
const LATIN_ABBREVIATIONS = ['Dr.', 'Mr.', 'Mrs.', 'Ms.', 'Prof.', 'Inc.', 'Ltd.', 'Co.', 'Corp.', 'Jr.', 'Sr.', 'St.', 'vs.', 'etc.', 'e.g.', 'i.e.', 'U.S.', 'U.K.', 'U.N.', 'No.'];
const abbreviations = [
  ...new Set([
    // Only abbreviations with a dot; the ones in brackets are left out.
    ...readLines(resolve(data, 'hazm-lexicon/abbreviations.dat'))
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('(') && l.includes('.')),
    ...LATIN_ABBREVIATIONS,
  ]),
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
/**
 * One entry per word-like surface token of the dev treebanks:
 * { form (normalised), sig ("" = whole, else part lengths "4,1"), host?, adj?, closed?, perdt, sent }.
 */
const entries = [];
for (const file of treebanks) {
  const perdt = file.includes('perdt');
  parseConllu(readFileSync(file, 'utf8'), file).forEach((s, sent) => {
    for (const t of s.tokens) {
      let parts = t.words.map((w) => w.form);
      if (t.multiword) {
        // Drop punctuation that PerDT keeps inside a multi-word token (معذورم.).
        while (parts.length > 1 && t.words[parts.length - 1].upos === 'PUNCT') parts = parts.slice(0, -1);
      } else if (t.words[0].upos === 'PUNCT' || t.words[0].upos === 'NUM') continue;
      const raw = parts.join('');
      const form = norm(raw);
      const e = { form, sig: '', perdt, sent };
      if (parts.length > 1) {
        if (form !== raw) continue; // normalisation changed the form; lengths would not line up
        e.sig = parts.map((p) => p.length).join(',');
        e.host = parts[0].endsWith(ZWNJ) ? parts[0].slice(0, -1) : parts[0];
        e.adj = t.words[0].upos === 'ADJ';
        // Pronouns and prepositions with a pronoun clitic (خود, برای): their whole paradigm splits.
        e.closed = (t.words[0].upos === 'PRON' || t.words[0].upos === 'ADP') && t.words[1].upos === 'PRON' && !parts[0].endsWith(ZWNJ) && parts[0].length >= 3;
      }
      entries.push(e);
    }
  });
}

const sorted = (set) => [...set].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
/** hazm frequency of a host, counting a plural by its singular. */
const hostFreq = (h) => {
  if (h.endsWith(ZWNJ)) h = h.slice(0, -1);
  let f = hazmFreq.get(h) ?? 0;
  for (const k of ['های', 'ها']) if (!f && h.endsWith(k)) f = hazmFreq.get(h.slice(0, -k.length).replace(/\u200c$/, '')) ?? 0;
  return f;
};

/** The clitic tables from the lexicons plus the given treebank entries. */
function buildTables(train, memory) {
  /** normalised form → Map(split signature → count) */
  const seen = new Map();
  const treebankHosts = new Set();
  const treebankAdj = new Set();
  const closedHosts = new Set();
  for (const e of train) {
    if (e.sig) {
      treebankHosts.add(e.host);
      if (e.adj) treebankAdj.add(e.host);
      if (e.closed) closedHosts.add(e.form.slice(0, Number(e.sig.split(',')[0])));
    }
    let m = seen.get(e.form);
    if (!m) seen.set(e.form, (m = new Map()));
    m.set(e.sig, (m.get(e.sig) ?? 0) + 1);
  }
  const hosts = new Set([...hazmHost, ...lilakHost, ...treebankHosts]);
  const adjectives = new Set([...hazmAdj, ...lilakAdj, ...treebankAdj]);

  // Blocked: lexicon words that the rules would split.
  const probe = compileTokenizerModel({ version: 1, abbreviations: [], forms: {}, hosts: [...hosts], blocked: [], adjectives: [...adjectives], rules: RULES });
  const blocked = new Set();
  for (const [w, f] of hazmFreq) {
    if (f < BLOCK_MIN_FREQ) continue;
    const p = splitClitics(w, probe);
    if (p && (f >= BLOCK_ABS || p[0] <= 2 || f >= BLOCK_RATIO * hostFreq(w.slice(0, p[0])))) blocked.add(w);
  }
  // Lilak: verb forms always block (رفتم, کردیم); other words block unless hazm has a frequency for them.
  for (const w of lilakWords) {
    if (!splitClitics(w, probe)) continue;
    if (lilakVerb.has(w) || !(hazmFreq.get(w) > 0)) blocked.add(w);
  }

  // Memorised forms: the majority decision in the dev treebanks, kept only where the rules disagree.
  const forms = {};
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
    // Paradigm completion for closed-class hosts: خودش seen split → خودم خودت خودمان… split too.
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
  return { hosts, adjectives, blocked, forms };
}

const memory = !args.has('--no-memory');
const { hosts, adjectives, blocked, forms } = buildTables(entries, memory);

const model = {
  version: 1,
  abbreviations,
  forms,
  hosts: sorted(hosts),
  blocked: sorted(blocked),
  adjectives: sorted(adjectives),
  rules: RULES,
};

/** How a model decides the PerDT dev words in `test`: tp/fp/fn/wrong split decisions. */
function decide(m, test, verbose) {
  let tp = 0, fp = 0, fn = 0, wrong = 0, splits = 0;
  const fps = new Map(), fns = new Map();
  for (const { form, sig } of test) {
    if (sig) splits++;
    const p = splitClitics(form, m);
    const ps = p ? p.join(',') : '';
    if (ps === sig) { if (sig) tp++; continue; }
    if (sig && ps) wrong++;
    else if (ps) { fp++; fps.set(form, (fps.get(form) ?? 0) + 1); }
    else { fn++; fns.set(form, (fns.get(form) ?? 0) + 1); }
  }
  const top = (mp) => [...mp].sort((a, b) => b[1] - a[1]).slice(0, 40).map(([f, c]) => `${f}:${c}`).join(' ');
  if (verbose) console.log('  false splits:', top(fps), '\n  missed splits:', top(fns));
  return `split tokens=${splits} correct=${tp} false splits=${fp} missed=${fn} wrongly split=${wrong}`;
}

if (args.has('--report')) {
  const perdtDev = entries.filter((e) => e.perdt);
  const full = compileTokenizerModel({ version: 1, abbreviations, forms, hosts: [...hosts], blocked: [...blocked], adjectives: [...adjectives], rules: RULES });
  console.log(`PerDT dev, model built with all dev data (memory=${memory}): ${decide(full, perdtDev, true)}`);
  // Two-fold cross-validation over PerDT dev sentences (Seraji dev always in training).
  for (const fold of [0, 1]) {
    const train = entries.filter((e) => !e.perdt || e.sent % 2 !== fold);
    const test = perdtDev.filter((e) => e.sent % 2 === fold);
    const t = buildTables(train, memory);
    const m = compileTokenizerModel({ version: 1, abbreviations, forms: t.forms, hosts: [...t.hosts], blocked: [...t.blocked], adjectives: [...t.adjectives], rules: RULES });
    console.log(`PerDT dev fold ${fold} held out (2-fold CV): ${decide(m, test, args.has('--verbose'))}`);
  }
}

const out = resolve(root, 'models/tokenizer.json.gz');
mkdirSync(dirname(out), { recursive: true });
const json = JSON.stringify(model);
writeFileSync(out, gzipSync(Buffer.from(json), { level: 9 }));
console.error(`wrote ${out}: ${abbreviations.length} abbreviations, ${Object.keys(forms).length} memorised forms, ${hosts.size} hosts, ${blocked.size} blocked (${json.length} bytes JSON)`);
