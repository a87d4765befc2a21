// The learned part of the half-space model: two small logistic classifiers over candidate
// keys (a word that some source writes with a ZWNJ). One decides whether a joined word gets
// its ZWNJ form (delete damage), the other whether words written apart at the form's ZWNJs
// are joined (space damage). Features: build.js candidateFeatures (FEATURE_NAMES).
//
// Training pairs are honest out-of-fold: the features of a key are counted from a build
// WITHOUT fold f, and its labels are how fold f's gold writes it. Folds: the two contiguous
// halves of PerDT dev and Seraji dev. PerDT test is never read.
import { words, canonical, buildModel, FEATURE_NAMES } from './build.js';

const ZW = '\u200c';

function inc(map, key, by = 1) {
  map.set(key, (map.get(key) ?? 0) + by);
}
function inc2(map, key, sub) {
  let m = map.get(key);
  if (!m) map.set(key, (m = new Map()));
  m.set(sub, (m.get(sub) ?? 0) + 1);
}

/** How gold sentence texts (normalised, as in sources.js) write each key. */
export function goldLabels(texts) {
  const forms = new Map(); // key → Map(ZWNJ form → count)
  const joined = new Map(); // key → count written joined
  const apart = new Map(); // key → Map(cut positions "3,7" → count) for words written apart
  for (const t of texts) {
    const ws = words(t);
    for (let i = 0; i < ws.length; i++) {
      const w = canonical(ws[i].w);
      const key = w.replaceAll(ZW, '');
      if (w.includes(ZW)) inc2(forms, key, w);
      else inc(joined, key);
      let k2 = key;
      let cuts = [key.length];
      for (let k = 1; k < 4 && i + k < ws.length && ws[i + k].sp; k++) {
        k2 += ws[i + k].w.replaceAll(ZW, '');
        inc2(apart, k2, cuts.join(','));
        cuts = [...cuts, k2.length];
      }
    }
  }
  return { forms, joined, apart };
}

function zwnjPositions(form) {
  const s = new Set();
  let p = 0;
  for (const ch of form) {
    if (ch === ZW) s.add(p);
    else p += ch.length;
  }
  return s;
}

/**
 * Training instances: build without the fold (`exclude`), collect each candidate's features,
 * label them with the fold's gold. Returns [{fv, delPos, delNeg, spPos, spNeg}].
 */
export function foldInstances(S, buildOpts, labels, weight = 1) {
  const out = [];
  buildModel(S, {
    ...buildOpts,
    collect: (key, form, fv) => {
      const fm = labels.forms.get(key);
      const j = labels.joined.get(key) ?? 0;
      const ap = labels.apart.get(key);
      if (!fm && !j && !ap) return;
      let same = 0;
      let other = 0;
      if (fm) for (const [f, n] of fm) f === form ? (same += n) : (other += n);
      let apartN = 0;
      if (ap) {
        const zp = zwnjPositions(form);
        for (const [sig, n] of ap) if (sig.split(',').every((p) => zp.has(Number(p)))) apartN += n;
      }
      out.push({ fv, delPos: same * weight, delNeg: (j + other) * weight, spPos: same * weight, spNeg: apartN * weight });
    },
  });
  return out;
}

/** Weighted L2 logistic regression by full-batch gradient descent (deterministic). */
export function trainLogistic(inst, posKey, negKey, opts = {}) {
  const iters = opts.iters ?? 600;
  const lr = opts.lr ?? 0.5;
  const l2 = opts.l2 ?? 1e-3;
  const data = inst.filter((x) => x[posKey] + x[negKey] > 0);
  const d = FEATURE_NAMES.length;
  const mean = new Array(d).fill(0);
  const std = new Array(d).fill(1);
  for (let k = 1; k < d; k++) {
    let s = 0;
    for (const x of data) s += x.fv[k];
    mean[k] = s / Math.max(1, data.length);
    let v = 0;
    for (const x of data) v += (x.fv[k] - mean[k]) ** 2;
    std[k] = Math.sqrt(v / Math.max(1, data.length)) || 1;
  }
  const X = data.map((x) => x.fv.map((v, k) => (k === 0 ? 1 : (v - mean[k]) / std[k])));
  const P = data.map((x) => x[posKey]);
  const N = data.map((x) => x[negKey]);
  let total = 0;
  for (let i = 0; i < data.length; i++) total += P[i] + N[i];
  const w = new Array(d).fill(0);
  const g = new Array(d).fill(0);
  for (let it = 0; it < iters; it++) {
    g.fill(0);
    for (let i = 0; i < X.length; i++) {
      const xi = X[i];
      let t = 0;
      for (let k = 0; k < d; k++) t += w[k] * xi[k];
      const p = 1 / (1 + Math.exp(-t));
      // d/dt of -(P log p + N log(1-p)) = (P + N) p - P
      const r = (P[i] + N[i]) * p - P[i];
      for (let k = 0; k < d; k++) g[k] += r * xi[k];
    }
    for (let k = 0; k < d; k++) w[k] -= lr * (g[k] / total + (k ? l2 * w[k] : 0));
  }
  return { mean, std, w };
}

/** Training settings (chosen by nested cross-validation, scripts/halfspace/cv.js --learned). */
export const LEARN_DEFAULTS = { iters: 600, lr: 0.5, l2: 1e-3, delLow: 0, delHigh: 1.1, spLow: 0.3, spHigh: 0.95, goldMinSp: 8, goldMinDel: 0, serajiWeight: 0.5 };

/** Train both classifiers from out-of-fold instances. */
export function trainClassifier(inst, opts = {}) {
  return {
    del: trainLogistic(inst, 'delPos', 'delNeg', opts),
    sp: trainLogistic(inst, 'spPos', 'spNeg', opts),
    delLow: opts.delLow ?? LEARN_DEFAULTS.delLow,
    delHigh: opts.delHigh ?? LEARN_DEFAULTS.delHigh,
    spLow: opts.spLow ?? LEARN_DEFAULTS.spLow,
    spHigh: opts.spHigh ?? LEARN_DEFAULTS.spHigh,
    goldMinSp: opts.goldMinSp ?? LEARN_DEFAULTS.goldMinSp,
    goldMinDel: opts.goldMinDel ?? LEARN_DEFAULTS.goldMinDel,
  };
}

/** Fold specs over the loaded sources: which sentences a build leaves out. */
export function foldSpecs(S) {
  const half = Math.floor(S.perdt.length / 2);
  return {
    half,
    A: { texts: S.perdt.slice(0, half), test: (i) => i < half },
    B: { texts: S.perdt.slice(half), test: (i) => i >= half },
  };
}

/** Build options leaving out the named folds ('A', 'B' = PerDT dev halves, 'S' = Seraji dev). */
export function excluding(S, names) {
  const F = foldSpecs(S);
  const outA = names.includes('A');
  const outB = names.includes('B');
  return {
    perdtFilter: outA || outB ? (i) => !(outA && F.A.test(i)) && !(outB && F.B.test(i)) : undefined,
    noSeraji: names.includes('S'),
  };
}

export function foldTexts(S, name) {
  const F = foldSpecs(S);
  return name === 'A' ? F.A.texts : name === 'B' ? F.B.texts : S.seraji;
}

/**
 * Out-of-fold instances for training a classifier used on a build that already leaves out
 * `outer` (nested CV), or on the full build (outer = []).
 */
export function instancesFor(S, outer, opts = {}) {
  const inst = [];
  for (const f of ['A', 'B', 'S']) {
    if (outer.includes(f)) continue;
    const wt = f === 'S' ? (opts.serajiWeight ?? 0.5) : 1;
    inst.push(...foldInstances(S, { ...excluding(S, [...outer, f]), weights: opts.weights }, goldLabels(foldTexts(S, f)), wt));
  }
  return inst;
}
