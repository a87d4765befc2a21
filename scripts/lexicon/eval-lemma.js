#!/usr/bin/env node
// Lemma accuracy on gold tokens (diagnostic for the lemmatiser alone).
//   node scripts/lexicon/eval-lemma.js FILE.conllu [--scheme perdt|seraji] [--folds K] [--errors N]
//        [--tags OOF.json] [--breakdown] [--no-learned] [--no-ctx] [--no-cross]
// With --folds K: K-fold cross-validation, lemma facts taken from the other folds only.
// Without: facts from the packed lexicon (only fair on files that are NOT the dev split it was built from).
// --tags: predicted UPOS per word (JSON array in file order, e.g. from scripts/lexicon/oof-tags.js);
// without it the gold UPOS is used. With --folds, the nominal ranker is trained per fold on the training
// folds' words in context (as scripts/build-lexicon.js does on the whole split) and is given each word's
// neighbours (PerDT; the Seraji ranker uses none, see RANKER_CONTEXT); --no-ctx: no context, ranker trained on the
// fold's lemma facts (types). --breakdown: errors by category.
import { readFileSync } from 'node:fs';
import { parseConllu } from '../../dist/eval/conllu.js';
import { lemmatizeToken, RANKER_CONTEXT, schemeRankerExamples, sentenceContexts, trainRankerOnTokens } from '../../dist/morph/lemmatize.js';
import { getLexicon, normalizeKey } from '../../dist/morph/lexicon.js';

const args = process.argv.slice(2);
const opt = (n, d) => { const i = args.indexOf(n); return i >= 0 ? args[i + 1] : d; };
const file = args.find((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--') && args[i - 1] !== '--breakdown'));
const scheme = opt('--scheme', 'perdt');
const folds = Number(opt('--folds', '0'));
const showErrors = Number(opt('--errors', '0'));
const tagsFile = opt('--tags', null);
const useCtx = !args.includes('--no-ctx') && RANKER_CONTEXT[opt('--scheme', 'perdt')];
const learned = args.includes('--no-learned') ? false : args.includes('--learned') ? true : undefined;
const sents = parseConllu(readFileSync(file, 'utf8'), file);
const lex = getLexicon();
const predTags = tagsFile ? JSON.parse(readFileSync(tagsFile, 'utf8')) : null;
// Word index in file order → predicted UPOS.
let wi = 0;
const sentStart = sents.map((s) => { const st = wi; for (const t of s.tokens) wi += t.words.length; return st; });
if (predTags && predTags.length !== wi) throw new Error(`--tags has ${predTags.length} tags, file has ${wi} words`);

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

let n = 0, ok = 0; const errs = new Map(); const byUpos = {}; const cats = new Map();
const addCat = (c) => cats.set(c, (cats.get(c) ?? 0) + 1);
function category(w, upos, t, facts) {
  const c = [];
  const f = normalizeKey(w.form);
  c.push((upos === w.upos ? 'tag-ok ' : 'tag-WRONG ') + w.upos);
  if (t.words.length > 1) c.push('mwt-part');
  if (w.form.includes('\u200c')) c.push('zwnj');
  if (upos !== undefined && (facts ?? lex.lemmaFacts[scheme]).has(f + '\t' + upos)) c.push('seen(form,upos)');
  else c.push('unseen');
  if (!lex.has(f)) c.push('not-in-lexicon');
  if (w.upos === 'NOUN' || w.upos === 'ADJ' || w.upos === 'PROPN') {
    if (!f.startsWith(normalizeKey(w.lemma).slice(0, 2))) c.push('nominal:lemma-not-prefix(broken-plural?)');
    else if (w.lemma === w.form) c.push('nominal:gold=form');
    else c.push('nominal:suffix');
  }
  if (/^(OrigLemma=|.*\|OrigLemma=)[^|]*#/.test(w.misc ?? '')) c.push('verb-origlemma');
  return c;
}
function score(ss, facts, ranker) {
  for (const s of ss) {
    let j = sentStart[sents.indexOf(s)];
    const allWords = s.tokens.flatMap((t) => t.words);
    const sentCtx = sentenceContexts(allWords.map((w) => w.form), allWords.map((w, k) => (predTags ? predTags[j + k] : w.upos)));
    let wk = 0;
    for (const t of s.tokens) {
      const uposList = t.words.map((w, k) => (predTags ? predTags[j + k] : w.upos));
      const ctxs = useCtx ? t.words.map((_, k) => sentCtx[wk + k]) : undefined;
      wk += t.words.length;
      const got = lemmatizeToken(t.words.map((w) => w.form), uposList, { scheme, facts: facts ?? undefined, lexicon: lex, learned, ranker: ranker ?? undefined, crossFacts: !args.includes('--no-cross') }, ctxs);
      t.words.forEach((w, k) => {
        const upos = uposList[k];
        n++; const good = got[k] === w.lemma; if (good) ok++;
        const u = (byUpos[w.upos] ??= [0, 0]); u[0]++; if (good) u[1]++;
        if (!good) {
          const key = `${w.upos}${upos !== w.upos ? '(pred ' + upos + ')' : ''} ${w.form} → ${got[k]} (gold ${w.lemma})`;
          errs.set(key, (errs.get(key) ?? 0) + 1);
          for (const c of category(w, upos, t, facts)) addCat(c);
          addCat('ALL');
        }
      });
      j += t.words.length;
    }
  }
}
if (folds > 1) {
  for (let f = 0; f < folds; f++) {
    const train = sents.filter((_, i) => i % folds !== f), test = sents.filter((_, i) => i % folds === f);
    score(test, factsFrom(train), args.includes('--no-ctx') ? null : trainRankerOnTokens(schemeRankerExamples(train, scheme), lex));
  }
} else score(sents, null);
console.log(JSON.stringify({ file, scheme, folds: folds || null, tags: tagsFile ? 'predicted' : 'gold', words: n, lemmaAccuracy: +(100 * ok / n).toFixed(2),
  byUpos: Object.fromEntries(Object.entries(byUpos).map(([u, [a, b]]) => [u, `${(100 * b / a).toFixed(1)} of ${a} (${a - b} err)`])) }, null, 1));
if (args.includes('--breakdown')) console.log([...cats].sort((a, b) => b[1] - a[1]).map(([k, c]) => `${String(c).padStart(5)} ${k}`).join('\n'));
if (showErrors) console.log([...errs].sort((a, b) => b[1] - a[1]).slice(0, showErrors).map(([k, c]) => c + ' ' + k).join('\n'));
