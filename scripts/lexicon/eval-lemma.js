#!/usr/bin/env node
// Lemma accuracy on gold tokens and gold UPOS (diagnostic for the lemmatiser alone).
//   node scripts/lexicon/eval-lemma.js FILE.conllu [--scheme perdt|seraji] [--folds K] [--errors N]
// With --folds K: K-fold cross-validation, lemma facts taken from the other folds only.
// Without: facts from the packed lexicon (only fair on files that are NOT the dev split it was built from).
import { readFileSync } from 'node:fs';
import { parseConllu } from '../../dist/eval/conllu.js';
import { lemmatize } from '../../dist/morph/lemmatize.js';
import { getLexicon, normalizeKey } from '../../dist/morph/lexicon.js';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a));
const opt = (n, d) => { const i = args.indexOf(n); return i >= 0 ? args[i + 1] : d; };
const scheme = opt('--scheme', 'perdt');
const folds = Number(opt('--folds', '0'));
const showErrors = Number(opt('--errors', '0'));
const sents = parseConllu(readFileSync(file, 'utf8'), file);
const lex = getLexicon();

function factsFrom(ss) {
  const counts = new Map();
  for (const s of ss) for (const t of s.tokens) for (const w of t.words) {
    const k = normalizeKey(w.form) + '\t' + w.upos;
    let m = counts.get(k); if (!m) counts.set(k, (m = new Map()));
    m.set(w.lemma, (m.get(w.lemma) ?? 0) + 1);
  }
  const out = new Map();
  for (const [k, m] of counts) {
    const best = [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
    out.set(k, best);
  }
  return out;
}

let n = 0, ok = 0; const errs = new Map(); const byUpos = {};
function score(ss, facts) {
  for (const s of ss) for (const t of s.tokens) for (const w of t.words) {
    const got = lemmatize(w.form, w.upos, { scheme, facts: facts ?? undefined, lexicon: lex });
    n++; const good = got === w.lemma; if (good) ok++;
    const u = (byUpos[w.upos] ??= [0, 0]); u[0]++; if (good) u[1]++;
    if (!good) { const k = `${w.upos} ${w.form} → ${got} (gold ${w.lemma})`; errs.set(k, (errs.get(k) ?? 0) + 1); }
  }
}
if (folds > 1) {
  for (let f = 0; f < folds; f++) {
    const train = sents.filter((_, i) => i % folds !== f), test = sents.filter((_, i) => i % folds === f);
    score(test, factsFrom(train));
  }
} else score(sents, null);
console.log(JSON.stringify({ file, scheme, folds: folds || null, words: n, lemmaAccuracy: +(100 * ok / n).toFixed(2),
  byUpos: Object.fromEntries(Object.entries(byUpos).map(([u, [a, b]]) => [u, `${(100 * b / a).toFixed(1)} of ${a}`])) }, null, 1));
if (showErrors) console.log([...errs].sort((a, b) => b[1] - a[1]).slice(0, showErrors).map(([k, c]) => c + ' ' + k).join('\n'));
