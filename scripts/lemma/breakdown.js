#!/usr/bin/env node
// Lemma errors of the lemmatiser in K-fold cross-validation on a dev split, with predicted UPOS
// (out-of-fold, scripts/lexicon/oof-tags.js) AND with gold UPOS, broken down by cause and word class.
//   node scripts/lemma/breakdown.js FILE.conllu --tags OOF.json [--scheme perdt|seraji] [--folds 10] [--list CLASS|CAUSE|all]
// Experiment switches (all measured, none adopted unless the model card says so): --rank-train gold|pred|both,
// --pred-facts none|first|fallback, --any-tag-fact TAGS|all, --rank-other FILE.conllu, --rank-noctx,
// --no-ctx-apply, --no-learned.
// Cause: "tag" = wrong predicted UPOS and the gold UPOS would have given the right lemma;
// "tag+lemma" = wrong UPOS and wrong with the gold one too; "lemma" = right UPOS, wrong lemma.
// Class: the gold UPOS and the shape of the word (verbs: copula clitic, future, participle, passive/light
// verb convention, preverb, prefixed, other; nominals: broken plural, plural ها/ان/ات, final ی, تر/ترین,
// ZWNJ, gold = form, other suffix; numbers/punctuation/Latin).
import { readFileSync } from 'node:fs';
import { parseConllu } from '../../dist/eval/conllu.js';
import { lemmatizeToken, RANKER_CONTEXT, rankerExamples, schemeRankerExamples, sentenceContexts, trainRankerOnTokens } from '../../dist/morph/lemmatize.js';
import { getLexicon, normalizeKey } from '../../dist/morph/lexicon.js';

const args = process.argv.slice(2);
const opt = (n, d) => { const i = args.indexOf(n); return i >= 0 ? args[i + 1] : d; };
const file = args[0];
const scheme = opt('--scheme', 'perdt');
const folds = Number(opt('--folds', '10'));
const list = opt('--list', null);
const sents = parseConllu(readFileSync(file, 'utf8'), file);
const lex = getLexicon();
const predJson = JSON.parse(readFileSync(opt('--tags'), 'utf8'));
// --tags: an array of UPOS (scripts/lexicon/oof-tags.js) or scripts/tag/oof-scores.js output ({ upos, upos2, margin }).
const pred = Array.isArray(predJson) ? predJson : predJson.upos;
// Experiment: the lemma under the tagger's runner-up UPOS when its stage-A margin is small.
//   --second-margin M: words whose margin < M and whose (predicted, runner-up) pair is in --second-pairs
//   (default NOUN:ADJ,ADJ:NOUN,VERB:ADJ,ADJ:VERB) get a second lemma; --second-rule picks between them:
//   swap (always the runner-up's), form (the one equal to the form, if exactly one is), notform (the one
//   that differs from the form, if exactly one does), fact (the runner-up's when only (form, runner-up) is a
//   training fact).
const secondMargin = Number(opt('--second-margin', '0'));
const secondPairs = new Set(opt('--second-pairs', 'NOUN:ADJ,ADJ:NOUN,VERB:ADJ,ADJ:VERB').split(','));
const secondRule = opt('--second-rule', 'swap');
if (secondMargin > 0 && Array.isArray(predJson)) throw new Error('--second-margin needs --tags from scripts/tag/oof-scores.js');
const secondStats = { tried: 0, differ: 0, changed: 0, fixed: 0, broken: 0 };
// Experiments: train the ranker on gold / predicted (out-of-fold) / both UPOS; lemma facts keyed by the
// predicted UPOS (from the training folds' out-of-fold tags) before or after the gold-UPOS facts.
const rankTrain = opt('--rank-train', 'gold');
const otherFile = opt('--rank-other', null);
const otherExamples = otherFile ? rankerExamples(parseConllu(readFileSync(otherFile, 'utf8'), otherFile)) : null;
const predFactsMode = opt('--pred-facts', 'none');
const anyTag = opt('--any-tag-fact', null); // comma list of tags the fallback may apply to, or 'all'
const ALLTAGS = ['NOUN', 'ADJ', 'PROPN', 'ADV', 'VERB', 'AUX', 'PRON', 'DET', 'ADP', 'NUM', 'CCONJ', 'SCONJ', 'PART', 'INTJ'];
function anyTagFact(facts, form, upos) {
  if (!anyTag || (anyTag !== 'all' && !anyTag.split(',').includes(upos))) return undefined;
  const key = normalizeKey(form);
  if (facts.has(key + '\t' + upos)) return undefined;
  let l;
  for (const t of ALLTAGS) { const g = facts.get(key + '\t' + t); if (g === undefined) continue; if (l !== undefined && l !== g) return undefined; l = g; }
  return l;
}

function factsFrom(ss, tagOf) {
  const counts = new Map();
  for (const s of ss) for (const t of s.tokens) for (const w of t.words) {
    const k = normalizeKey(w.form) + '\t' + (tagOf ? tagOf(w) : w.upos);
    let m = counts.get(k); if (!m) counts.set(k, (m = new Map()));
    m.set(w.lemma, (m.get(w.lemma) ?? 0) + 1);
  }
  const out = new Map();
  for (const [k, m] of counts) out.set(k, [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0]);
  return out;
}

const ZWNJ = '\u200c';
function wordClass(w, t) {
  const u = w.upos, f = normalizeKey(w.form), l = normalizeKey(w.lemma);
  if (u === 'NUM' || u === 'PUNCT' || u === 'SYM' || /[A-Za-z0-9۰-۹]/.test(f)) return 'num/punct/latin';
  if (u === 'VERB' || u === 'AUX') {
    if (t.words.length > 1 && t.words.indexOf(w) > 0) return 'verb:copula-clitic';
    if (f.includes(' ') || /^ن?خواه/.test(f)) return 'verb:future';
    if (/ه$/.test(f.replace(/\u200c.*$/, '')) && !f.startsWith('می')) return 'verb:participle';
    if (/^(شد|شو|می‌شو|میشو|نشد|نمی‌شو)/.test(f) && l !== 'شد') return 'verb:passive/light(شد→X)';
    if (/^(بر|در|فرا|باز|وا|فرو)/.test(f)) return 'verb:preverb?';
    if (/^(می|نمی|ب|ن)/.test(f)) return 'verb:prefixed';
    return 'verb:other';
  }
  if (u === 'PRON' || u === 'DET' || u === 'ADP' || u === 'CCONJ' || u === 'SCONJ' || u === 'PART' || u === 'INTJ') return 'closed:' + u;
  const pre = u === 'PROPN' ? 'propn' : u === 'ADJ' ? 'adj' : u === 'ADV' ? 'adv' : 'noun';
  if (t.words.length > 1) return pre + ':mwt-part';
  if (!f.startsWith(l.slice(0, 2))) return pre + ':broken-plural/irregular';
  if (f === l) return pre + (f.endsWith('ی') ? ':gold=form(ends ی)' : ':gold=form');
  const suf = f.startsWith(l) ? f.slice(l.length) : f.slice(l.length - 1);
  if (/^\u200c?(ترین|تر|تری)$/.test(suf)) return pre + ':تر/ترین';
  if (/^\u200c?(ها|های|هایی)$/.test(suf)) return pre + ':plural ها';
  if (/^(ان|یان|گان|ین|ون)$/.test(suf) || /^(ات|جات|یات)$/.test(suf) || (l.endsWith('ه') && /^(گان|ات)$/.test(f.slice(l.length - 1)))) return pre + ':plural ان/ات';
  if (/^\u200c?(ی|ای|یی|ئی)$/.test(suf)) return pre + ':final ی';
  if (f.includes(ZWNJ)) return pre + ':zwnj-other';
  return pre + ':other-suffix';
}

const cnt = new Map();
const add = (k) => cnt.set(k, (cnt.get(k) ?? 0) + 1);
const listed = [];
let n = 0, okPred = 0, okGold = 0;
let wi = 0;
const sentStart = sents.map((s) => { const st = wi; for (const t of s.tokens) wi += t.words.length; return st; });
if (pred.length !== wi) throw new Error(`--tags has ${pred.length} tags, file has ${wi} words`);
const predOf = new Map();
sents.forEach((s, si) => s.tokens.flatMap((t) => t.words).forEach((w, k) => predOf.set(w, pred[sentStart[si] + k])));
for (let f = 0; f < folds; f++) {
  const trainS = sents.filter((_, i) => i % folds !== f);
  let facts = factsFrom(trainS);
  if (predFactsMode !== 'none') {
    const pf = factsFrom(trainS, (w) => predOf.get(w));
    const merged = new Map(predFactsMode === 'first' ? pf : facts);
    for (const [k, v] of predFactsMode === 'first' ? facts : pf) if (!merged.has(k)) merged.set(k, v);
    facts = merged;
  }
  const predS = trainS.map((s) => ({ tokens: s.tokens.map((t) => ({ words: t.words.map((w) => ({ form: w.form, lemma: w.lemma, upos: predOf.get(w) })) })) }));
  const exs = rankTrain === 'gold' ? schemeRankerExamples(trainS, scheme) : rankTrain === 'pred' ? rankerExamples(predS) : [...rankerExamples(trainS), ...rankerExamples(predS)];
  // --rank-other FILE: also train the ranker on another treebank's words (e.g. Seraji dev for PerDT).
  // --rank-noctx: the ranker is trained without the neighbours (as scripts/build-lexicon.js does for Seraji).
  const exs2 = args.includes('--rank-noctx') ? exs.map((e) => ({ ...e, ctx: undefined })) : exs;
  const ranker = trainRankerOnTokens(otherExamples ? [...exs2, ...otherExamples] : exs2, lex);
  sents.forEach((s, si) => {
    if (si % folds !== f) return;
    const words = s.tokens.flatMap((t) => t.words);
    const pu = words.map((_, k) => pred[sentStart[si] + k]);
    const gu = words.map((w) => w.upos);
    const pc = sentenceContexts(words.map((w) => w.form), pu), gc = sentenceContexts(words.map((w) => w.form), gu);
    let k0 = 0;
    for (const t of s.tokens) {
      const forms = t.words.map((w) => w.form), m = forms.length;
      const o = { scheme, facts, lexicon: lex, ranker, crossFacts: true, learned: args.includes('--no-learned') ? false : undefined };
      // --no-ctx-apply: the words' neighbours are not given to the lemmatiser (never for Seraji: RANKER_CONTEXT).
      const noCtx = args.includes('--no-ctx-apply') || !RANKER_CONTEXT[scheme];
      const lp = lemmatizeToken(forms, pu.slice(k0, k0 + m), o, noCtx ? undefined : pc.slice(k0, k0 + m));
      if (m === 1) { const a = anyTagFact(facts, forms[0], pu[k0]); if (a !== undefined) lp[0] = a; }
      const lg = lemmatizeToken(forms, gu.slice(k0, k0 + m), o, noCtx ? undefined : gc.slice(k0, k0 + m));
      if (secondMargin > 0)
        for (let k = 0; k < m; k++) {
          const at = sentStart[si] + k0 + k;
          const u2 = predJson.upos2[at], mg = predJson.margin[at];
          if (mg === null || mg >= secondMargin || !secondPairs.has(pu[k0 + k] + ':' + u2)) continue;
          secondStats.tried++;
          const alt = lemmatizeToken(forms, pu.slice(k0, k0 + m).map((u, j) => (j === k ? u2 : u)), o, noCtx ? undefined : pc.slice(k0, k0 + m))[k];
          if (alt === lp[k]) continue;
          secondStats.differ++;
          const form = normalizeKey(forms[k]);
          let take = false;
          if (secondRule === 'swap') take = true;
          else if (secondRule === 'form') take = normalizeKey(alt) === form && normalizeKey(lp[k]) !== form;
          else if (secondRule === 'notform') take = normalizeKey(alt) !== form && normalizeKey(lp[k]) === form;
          else if (secondRule === 'fact') take = facts.has(form + '\t' + u2) && !facts.has(form + '\t' + pu[k0 + k]);
          else throw new Error(`unknown --second-rule ${secondRule}`);
          if (!take) continue;
          secondStats.changed++;
          const g = t.words[k].lemma;
          if (alt === g && lp[k] !== g) secondStats.fixed++;
          if (alt !== g && lp[k] === g) secondStats.broken++;
          lp[k] = alt;
        }
      t.words.forEach((w, k) => {
        n++;
        const gp = lp[k] === w.lemma, gg = lg[k] === w.lemma;
        okPred += gp; okGold += gg;
        if (!gg) add('gold-tags ALL');
        if (!gg) add('gold-tags ' + wordClass(w, t));
        if (gp) return;
        const tagOk = pu[k0 + k] === w.upos;
        const cause = tagOk ? 'lemma' : gg ? 'tag' : 'tag+lemma';
        const cls = wordClass(w, t);
        const seen = facts.has(normalizeKey(w.form) + '\t' + pu[k0 + k]);
        add('pred-tags ALL'); add('pred-tags cause=' + cause); add('pred-tags ' + cls); add('pred-tags cause=' + cause + (seen ? ' seen' : ' unseen') + ' (form, predicted UPOS)');
        if (!tagOk) add(`pred-tags tag ${w.upos}→${pu[k0 + k]}`);
        if (list && (cls.startsWith(list) || cause === list || list === 'all')) listed.push(`${cause}${seen ? ' seen' : ''}\t${cls}\t${w.upos}${tagOk ? '' : '(pred ' + pu[k0 + k] + ')'} ${w.form} → ${lp[k]} (gold ${w.lemma}${gg ? '' : ', gold-tag gives ' + lg[k]})`);
      });
      k0 += m;
    }
  });
}
const rows = [...cnt].sort((a, b) => (a[0] < b[0] ? -1 : 1));
console.log(JSON.stringify({ file, scheme, folds, words: n, lemmasPredictedUpos: +(100 * okPred / n).toFixed(2), lemmasGoldUpos: +(100 * okGold / n).toFixed(2), ...(secondMargin > 0 ? { second: { margin: secondMargin, rule: secondRule, pairs: [...secondPairs].join(','), ...secondStats } } : {}) }));
for (const [k, c] of rows) console.log(String(c).padStart(5), k);
if (list) console.log(listed.sort().join('\n'));
