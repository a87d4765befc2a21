#!/usr/bin/env node
// Experiment (issue 3, session 6): a second stage-A pass that also sees the pass-1 UPOS on the RIGHT,
// trained on jackknifed pass-1 output (train.ts `correctStatic`: stage C with every stage-A feature).
// The fast tagger cannot run such a model, so this script scores the second pass plainly (feature
// strings summed from the model file) and reports UPOS out of fold against the first pass.
//   node scripts/tag/second-pass.js --scheme perdt [--folds 5] [--nf 5] [--ensemble 1] [--correct 5]
//        [--templates 't:0;t:1;…'] [--epochs-c N] [--base F]
import { getLexicon } from '../../dist/morph/lexicon.js';
import { trainTagger } from '../../dist/tag/train.js';
import { C_DEFAULT_TEMPLATES, correctionStrings, historyStrings, parseCTemplate, stageAFeatureStrings, Tagger } from '../../dist/tag/model.js';
import { correctionParts, formFacts, wordKey } from '../../dist/tag/features.js';
import { devFile, opt, readSentences, shippedClusters, weightTable } from './dev-split.js';

const scheme = opt('--scheme', 'perdt');
const k = Number(opt('--folds', '5'));
const nf = Number(opt('--nf', String(k)));
const ensemble = Number(opt('--ensemble', '1'));
const J = Number(opt('--correct', '5'));
const specs = opt('--templates', null)?.split(';') ?? [...C_DEFAULT_TEMPLATES];
const epochsC = opt('--epochs-c', null);
const base = Number(opt('--base', '0'));
const lex = getLexicon();
const sents = readSentences(devFile(scheme));
const clusters = shippedClusters(scheme);
const tpls = specs.map(parseCTemplate);

const acc = { n: 0, first: 0, second: 0, fixed: 0, broken: 0 };
// The second pass only where stage A's margin (best - runner-up score) is below a gate: UPOS and the share of words re-decided.
const GATES = [0.5, 1, 2, 3, 4, 6, 8, 12, 16];
const gated = GATES.map(() => ({ ok: 0, redone: 0 }));
let scored = 0;
const t0 = Date.now();
for (let f = 0; f < nf; f++) {
  const train = sents.filter((_, i) => i % k !== f);
  const model = trainTagger(train, { lexicon: lex, scheme, epochs: 10, clusters, ensemble, prune: 20, correct: J, correctStatic: true, correctTemplates: specs, correctBase: base, ...(epochsC ? { epochsC: Number(epochsC) } : {}) });
  const C = weightTable(model.c.table);
  const A = weightTable(model.a);
  const first = { ...model };
  delete first.c;
  const tagger = new Tagger(first, lex);
  const nU = model.upos.length;
  const hs = historyStrings(model.upos);
  const dict = new Map(Object.entries(model.tagdict ?? {}));
  const s = new Float64Array(nU);
  sents.forEach((sent, si) => {
    if (si % k !== f) return;
    const forms = sent.forms;
    const n = forms.length;
    const p = tagger.tag(forms).map((x) => model.upos.indexOf(x.upos));
    for (let i = 0; i < n; i++) {
      let u = p[i];
      let margin = Infinity;
      if (!dict.has(wordKey(forms[i]))) {
        const q1 = i >= 1 ? p[i - 1] : nU;
        const q2 = i >= 2 ? p[i - 2] : nU;
        {
          // stage A's own scores (its history = the pass-1 UPOS), for the margin
          const fa0 = stageAFeatureStrings(forms, i, q1, q2, model.upos, hs, lex, scheme, clusters);
          s.fill(0);
          for (const name of fa0) for (const [l, w] of A.get(name) ?? []) s[l] += w;
          let b = 0;
          for (let t = 1; t < nU; t++) if (s[t] > s[b]) b = t;
          let b2 = -Infinity;
          for (let t = 0; t < nU; t++) if (t !== b && s[t] > b2) b2 = s[t];
          margin = s[b] - b2;
          scored++;
        }
        const fa = stageAFeatureStrings(forms, i, q1, q2, model.upos, hs, lex, scheme, clusters);
        const parts = correctionParts(formFacts(forms[i], lex, scheme, true, clusters));
        const feats = [...correctionStrings(model.upos, tpls, parts, (r) => (i + r >= 0 && i + r < n ? p[i + r] : nU)), ...fa.map((x) => 'A:' + x)];
        s.fill(0);
        if (base !== 0) for (const name of fa) for (const [l, w] of A.get(name) ?? []) s[l] += base * w;
        for (const name of feats) for (const [l, w] of C.get(name) ?? []) s[l] += w;
        u = 0;
        for (let t = 1; t < nU; t++) if (s[t] > s[u]) u = t;
      }
      const g = model.upos.indexOf(sent.words[i].upos);
      GATES.forEach((gate, q) => {
        const use = margin < gate ? u : p[i];
        gated[q].ok += use === g;
        gated[q].redone += margin < gate;
      });
      acc.n++;
      acc.first += p[i] === g;
      acc.second += u === g;
      acc.fixed += p[i] !== g && u === g;
      acc.broken += p[i] === g && u !== g;
    }
  });
  process.stderr.write(`fold ${f + 1}/${nf}\n`);
}
const pc = (x) => +(100 * x / acc.n).toFixed(2);
console.log(JSON.stringify({ scheme, folds: k, scored: nf, ensemble, correct: J, templates: specs.join(';'), epochsC: epochsC ?? 10, base, words: acc.n, firstPassUPOS: pc(acc.first), secondPassUPOS: pc(acc.second), fixed: acc.fixed, broken: acc.broken, gates: Object.fromEntries(GATES.map((g, q) => [g, { UPOS: pc(gated[q].ok), redone: +(100 * gated[q].redone / Math.max(1, scored)).toFixed(1) }])), seconds: (Date.now() - t0) / 1000 }));
