import { quantizeModel } from '../ml/sparse.js';
import { PerceptronTrainer, averageSequenceModels, mixSequenceModels, pruneWeights, seededRandom, shuffleInPlace, SequenceModel, type TrainingSequence } from '../ml/perceptron.js';
import { bioConstraints } from '../ml/viterbi.js';
import { CrfTrainer } from '../ml/crf.js';
import { simhashClusters } from '../ml/simhash-clusters.js';
import { wordVectors, binarizeWordVectors, serializeWordCodes } from '../ml/word-vectors.js';
import { Gazetteer, type LexiconLike, buildMemory, formKey, normalizeGoldToken, sentenceFeatures, serializeClusters } from './features.js';
import type { GoldSentence } from './formats.js';
import { BIO_LABELS, ENTITY_TYPES, TYPE_MAPS, labelIndex, spansFromBio, spansFromLabels, typesOf, type NerCorpus } from './labels.js';
import { NerModel } from './model.js';
import { getTagger } from '../tag/tagger.js';
import { unpackClusters } from '../tag/clusters.js';

/**
 * Training of the NER model (the data reading lives in scripts/train-ner.js, since the core
 * may not import Node modules). Deterministic: same data and options → same bytes.
 *
 * The corpora annotate different type sets (PEYMA has no FAC/EVENT/PRODUCT, Arman no
 * DATE/TIME/MONEY/PERCENT). With `partial`, a token a corpus tags O may also be any type that
 * corpus does not annotate; the perceptron's target is then the best path the annotation
 * allows (latent-variable training), so one corpus does not teach that the other's types are O.
 */
export interface NerTrainOptions {
  bits: number;
  epochs: number;
  seed: number;
  /** Jackknife folds for training-data gazetteer features (≥ 2), or 0 for no gazetteer. */
  gazetteerFolds: number;
  partial: boolean;
  prune: number;
  /** Conjoin features with the corpus (see FeatureContext.domain). */
  domains: boolean;
  /** Signature bits of the distributional word classes (0 = no word classes). */
  clusterBits: number;
  /** Document memory: sentences on each side whose entities feed memory features (0 = off). */
  memoryWindow: number;
  /** Pair features are shared across domains only (see FeatureContext.sharedPairs). */
  sharedPairs: boolean;
  /** Lexicon features (FeatureContext.lexicon); the lexicon object itself is passed to trainNer. */
  lexicon: boolean;
  /**
   * Organisation head words as a feature (FeatureContext.orgHeads): words that begin at least
   * `orgHeadMin` ORG names of the training data and begin one in at least a quarter of their
   * occurrences (0 = off).
   */
  orgHeadMin: number;
  /**
   * Part-of-speech features (FeatureContext.pos): the training sentences are tagged with the
   * PerDT tagger (`getTagger('perdt')`), as the pipeline's pos component tags running text.
   */
  pos: boolean;
  /**
   * Seed ensemble: train this many perceptrons on different orders of the data and average
   * their weights into one model (the same size and speed at run time); 1 = one perceptron.
   */
  ensemble: number;
  /**
   * After training, the model is put in integer units (`quantizeModel`: max |w| = 32767, as the
   * file stores it) and its weights below this magnitude dropped (0 = none). An ensemble's
   * average has many small weights (a feature one member used once): they change no
   * prediction that matters and cost reading time.
   */
  quantizedPrune: number;
  /** Gazetteer word roles as features (FeatureContext.gazWords; jackknifed like the name hits). */
  gazWords: boolean;
  /** Character n-grams of the word, lengths 3 to this (FeatureContext.ngrams; 0 = none). */
  ngrams: number;
  /**
   * The tagger's word clusters as features (FeatureContext.tagClusters; the table itself, in
   * `packClusters` form, is passed to trainNer and stored in the model).
   */
  tagClusters: boolean;
  /** Loss-augmented training (PerceptronTrainer margin; 0 = plain perceptron). */
  margin: number;
  /** The margin at tokens inside a gold entity (default: `margin`; −1 = same as margin). */
  marginEntity: number;
  /**
   * Feature bagging: each ensemble member ignores this share of the hashed feature buckets,
   * drawn at random per member (PerceptronTrainer `drop`; 0 = none).
   */
  featureDrop: number;
  /** Word × neighbour word-class pair features (FeatureContext.pairClasses; needs clusterBits > 0). */
  pairClasses: boolean;
  /**
   * The learner: 'perceptron' (averaged structured perceptron) or 'crf' (linear-chain CRF,
   * conditional log-likelihood, AdaGrad with L2; `CrfTrainer`). Same features, same model.
   */
  learner: 'perceptron' | 'crf' | 'mix';
  /** With learner 'mix': the CRF's share of the mix (the perceptron ensemble has the rest). */
  mixCrf: number;
  /** CRF: AdaGrad base learning rate. */
  crfEta: number;
  /** CRF: L2 coefficient over the whole training set (objective Σ NLL + crfL2/2 ‖w‖²). */
  crfL2: number;
  /** CRF: softmax-margin cost of a wrong label at an O token (0 = plain likelihood). */
  crfCost: number;
  /** CRF: the cost at tokens inside a gold entity (−1 = `crfCost`). */
  crfCostEntity: number;
  /** CRF: emission gradients below this magnitude are not applied (CrfTrainerOptions.minGrad). */
  crfMinGrad: number;
  /** CRF: average the weights at the ends of this many last epochs (0 = the final weights). */
  crfAverage: number;
  /**
   * Binarised distributional word vectors (FeatureContext.wordCodes) of this many dimensions,
   * from the same text as the word classes (`wordVectors` in src/ml; 0 = none). S8.
   */
  wordVectors: number;
  /**
   * Which learners read the word-vector features: 'crf' (the CRF alone, default: in the mix the
   * perceptron ensemble then trains without them) or 'all'. S8.
   */
  wordVectorLearners: 'crf' | 'all';
  /**
   * Self-training sentences (the `selfData` argument of `trainNer`): the domain their features
   * are conjoined with, 'self' (their own, default) or 'peyma' (as extra PEYMA data). S9.
   */
  selfDomain: 'self' | 'peyma';
  /** Recorded in the model's metadata: which split was held out (e.g. 'arman2'), if any. */
  holdout?: string | null;
}

export const DEFAULT_TRAIN_OPTIONS: NerTrainOptions = {
  bits: 20,
  epochs: 8,
  seed: 1,
  gazetteerFolds: 5,
  partial: false,
  prune: 0.05,
  domains: true,
  clusterBits: 20,
  memoryWindow: 0,
  sharedPairs: true,
  lexicon: false,
  orgHeadMin: 0,
  pos: false,
  ensemble: 5,
  quantizedPrune: 150,
  gazWords: false,
  ngrams: 0,
  tagClusters: false,
  pairClasses: false,
  margin: 0,
  marginEntity: -1,
  featureDrop: 0,
  learner: 'mix',
  mixCrf: 0.5,
  crfEta: 0.1,
  crfL2: 10,
  crfAverage: 4,
  crfCost: 0,
  crfMinGrad: 1e-4,
  crfCostEntity: 1,
  wordVectors: 32,
  wordVectorLearners: 'crf',
  selfDomain: 'self',
};

/** Options added in S6 (see `trainNer`'s metadata). */
const S6_OPTIONS = ['ngrams', 'tagClusters', 'pairClasses', 'margin', 'marginEntity', 'featureDrop', 'wordVectors', 'wordVectorLearners', 'selfDomain'] as const;

export interface CorpusSentence extends GoldSentence {
  corpus: NerCorpus;
}

interface Prepared {
  corpus: NerCorpus | 'self';
  forms: string[];
  keys: string[];
  gold: Int32Array;
  allowed: Uint8Array | null;
  spans: { start: number; end: number; t: number }[];
  upos: string[] | null;
}

function prepare(s: CorpusSentence, partial: boolean): Prepared {
  const forms = s.tokens.map(normalizeGoldToken);
  const keys = forms.map(formKey);
  const n = forms.length;
  const L = BIO_LABELS.length;
  const map = TYPE_MAPS[s.corpus];
  const spans = spansFromBio(s.tags, map);
  const gold = new Int32Array(n); // 0 = O
  const unknown = new Uint8Array(n); // tokens of an unmapped type (POG, NAT)
  const out: Prepared['spans'] = [];
  for (const sp of spans) {
    if (!sp.type) {
      for (let i = sp.start; i < sp.end; i++) unknown[i] = 1;
      continue;
    }
    gold[sp.start] = labelIndex('B', sp.type);
    for (let i = sp.start + 1; i < sp.end; i++) gold[i] = labelIndex('I', sp.type);
    out.push({ start: sp.start, end: sp.end, t: ENTITY_TYPES.indexOf(sp.type) });
  }
  let allowed: Uint8Array | null = null;
  const annotated = new Set(typesOf(s.corpus));
  const missing = ENTITY_TYPES.filter((t) => !annotated.has(t));
  const anyUnknown = unknown.some((u) => u === 1);
  if ((partial && missing.length > 0) || anyUnknown) {
    allowed = new Uint8Array(n * L);
    for (let i = 0; i < n; i++) {
      if (unknown[i]) {
        allowed.fill(1, i * L, i * L + L);
        continue;
      }
      allowed[i * L + gold[i]] = 1;
      if (gold[i] === 0 && partial) {
        for (const t of missing) {
          allowed[i * L + labelIndex('B', t)] = 1;
          allowed[i * L + labelIndex('I', t)] = 1;
        }
      }
    }
  }
  return { corpus: s.corpus, forms, keys, gold, allowed, spans: out, upos: null };
}

/** A machine-tagged sentence (self-training) in the form of a gold one, with `corpus` its domain. */
function prepareSelf(s: SelfTrainingSentence, corpus: NerCorpus | 'self'): Prepared {
  const forms = s.forms.map(normalizeGoldToken);
  const keys = forms.map(formKey);
  const gold = new Int32Array(forms.length);
  const labels = s.forms.map((_, i) => s.labels[i] ?? 'O');
  const spans = spansFromLabels(labels);
  const out: Prepared['spans'] = [];
  for (const sp of spans) {
    gold[sp.start] = labelIndex('B', sp.type);
    for (let i = sp.start + 1; i < sp.end; i++) gold[i] = labelIndex('I', sp.type);
    out.push({ start: sp.start, end: sp.end, t: ENTITY_TYPES.indexOf(sp.type) });
  }
  // Tokens left free: any label may be the target there (latent, as POG/NAT in `prepare`).
  let allowed: Uint8Array | null = null;
  if (s.free && s.free.some((f) => f === 1)) {
    const L = BIO_LABELS.length;
    allowed = new Uint8Array(forms.length * L);
    for (let i = 0; i < forms.length; i++) {
      if (s.free[i] === 1) allowed.fill(1, i * L, i * L + L);
      else allowed[i * L + gold[i]] = 1;
    }
  }
  return { corpus, forms, keys, gold, allowed, spans: out, upos: null };
}

/** A machine-tagged training sentence (`selectSelfTraining`): BIO labels, and the tokens left free. */
export interface SelfTrainingSentence {
  forms: readonly string[];
  labels: readonly string[];
  free?: Uint8Array;
}

/** Words that begin at least `min` ORG names and begin one in ≥ 1/4 of their occurrences. */
function organisationHeads(prepared: readonly Prepared[], min: number): Set<string> {
  const ORG = ENTITY_TYPES.indexOf('ORG');
  const first = new Map<string, number>();
  const all = new Map<string, number>();
  for (const p of prepared) {
    for (const k of p.keys) all.set(k, (all.get(k) ?? 0) + 1);
    for (const sp of p.spans) if (sp.t === ORG && sp.end - sp.start > 1) first.set(p.keys[sp.start], (first.get(p.keys[sp.start]) ?? 0) + 1);
  }
  const out = new Set<string>();
  for (const [k, c] of first) if (c >= min && 4 * c >= (all.get(k) ?? 0)) out.add(k);
  return out;
}

function addToGazetteer(g: Gazetteer, p: Prepared): void {
  for (const sp of p.spans) g.add(p.keys.slice(sp.start, sp.end), sp.t);
}

function withMeta(m: SequenceModel, meta: Record<string, unknown>): SequenceModel {
  return new SequenceModel(m.labels, m.bits, m.buckets, m.weights, m.trans, meta);
}

export type TrainLog = (msg: string) => void;

/** Train a model on gold sentences from any of the corpora. */
/**
 * Train a model on gold sentences from any of the corpora. `unlabeled` (token sequences of
 * raw text, any tokenisation) feeds the distributional word classes together with the
 * training sentences themselves.
 */
export function trainNer(
  data: readonly CorpusSentence[],
  options: Partial<NerTrainOptions> = {},
  log: TrainLog = () => {},
  unlabeled: readonly (readonly string[])[] = [],
  lexicon: LexiconLike | null = null,
  /** The tagger's word clusters (`packClusters` text), for `tagClusters`. */
  tagClusterText = '',
  /**
   * Self-training sentences (machine-tagged raw text, see `selectSelfTraining`): trained on
   * like the gold ones, in the domain `selfDomain`, but kept out of the name lists, the word
   * classes and vectors (their text is in `unlabeled` already) and the memory stop list.
   */
  selfData: readonly SelfTrainingSentence[] = [],
): NerModel {
  const o = { ...DEFAULT_TRAIN_OPTIONS, ...options };
  if (o.tagClusters && !tagClusterText) throw new Error('sokhan: trainNer with tagger clusters needs the cluster table');
  const tagClusters = o.tagClusters ? unpackClusters(tagClusterText) : null;
  if (o.lexicon && !lexicon) throw new Error('sokhan: trainNer with lexicon features needs the lexicon');
  const lex = o.lexicon ? lexicon : null;
  const prepared = data.map((s) => prepare(s, o.partial));
  const selfPrepared = selfData.map((s) => prepareSelf(s, o.selfDomain));
  if (selfPrepared.length > 0) log(`ner: ${selfPrepared.length} self-training sentences (domain ${o.selfDomain})`);
  const allPrepared = selfPrepared.length > 0 ? [...prepared, ...selfPrepared] : prepared;
  if (o.pos) {
    const tagger = getTagger('perdt');
    for (const p of allPrepared) p.upos = p.forms.length > 0 ? tagger.tag(p.forms).map((t) => t.upos) : [];
    log(`ner: ${allPrepared.length} sentences tagged (UPOS)`);
  }
  let clusters: Map<string, number> | null = null;
  let wordCodes: Map<string, string> | null = null;
  if (o.clusterBits > 0 || o.wordVectors > 0) {
    const texts: string[][] = prepared.map((p) => p.keys);
    for (const u of unlabeled) texts.push(u.map((t) => formKey(normalizeGoldToken(t))));
    if (o.clusterBits > 0) {
      clusters = simhashClusters(texts, { bits: o.clusterBits });
      log(`ner: word classes for ${clusters.size} words from ${texts.length} sentences`);
    }
    if (o.wordVectors > 0) {
      wordCodes = binarizeWordVectors(wordVectors(texts, { dims: o.wordVectors }));
      log(`ner: ${o.wordVectors}-dimensional word vectors for ${wordCodes.size} words`);
    }
  }
  // Name lists from the training entities. Each sentence's features use a list built from
  // the other folds only, so the weights learn how far a list hit is to be trusted on
  // unseen text (a list built from all data would be right 100% of the time in training).
  const full = new Gazetteer();
  for (const p of prepared) addToGazetteer(full, p);
  const K = o.gazetteerFolds;
  const foldGaz: Gazetteer[] = [];
  if (K >= 2) {
    for (let k = 0; k < K; k++) {
      const g = new Gazetteer();
      prepared.forEach((p, idx) => {
        if (idx % K !== k) addToGazetteer(g, p);
      });
      foldGaz.push(g);
    }
  }
  log(`ner: ${prepared.length} sentences, gazetteer ${full.size} names`);
  const orgHeads = o.orgHeadMin > 0 ? organisationHeads(prepared, o.orgHeadMin) : null;
  if (orgHeads) log(`ner: ${orgHeads.size} organisation head words`);
  // Very common words never enter the document memory.
  const freq = new Map<string, number>();
  for (const p of prepared) for (const k of p.keys) freq.set(k, (freq.get(k) ?? 0) + 1);
  const stopList = [...freq].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 300).map((e) => e[0]);
  const stop = new Set(stopList);
  const W = o.memoryWindow;
  const featurize = (codes: Map<string, string> | null): TrainingSequence[] => {
    const memRand = seededRandom(o.seed + 1);
    return allPrepared.map((p, idx) => {
      const gaz = K >= 2 ? foldGaz[idx % K] : null;
      let memory: Map<string, number> | null = null;
      if (W > 0) {
        // Gold entities of the neighbouring sentences of the same corpus; a quarter of them
        // are dropped, since at run time the memory comes from (imperfect) predictions.
        const nb: { keys: string[]; spans: Prepared['spans'] }[] = [];
        for (let j = Math.max(0, idx - W); j <= Math.min(allPrepared.length - 1, idx + W); j++) {
          if (j === idx || allPrepared[j].corpus !== p.corpus) continue;
          nb.push({ keys: allPrepared[j].keys, spans: allPrepared[j].spans.filter(() => memRand() >= 0.25) });
        }
        memory = buildMemory(nb, stop);
      }
      const f = sentenceFeatures(p.forms, { bits: o.bits, gazetteer: gaz, domain: o.domains ? p.corpus : null, clusters, clusterBits: o.clusterBits, memory, sharedPairs: o.sharedPairs, lexicon: lex, orgHeads, pos: o.pos, upos: p.upos, gazWords: o.gazWords, ngrams: o.ngrams, tagClusters, pairClasses: o.pairClasses, wordCodes: codes });
      return { ...f, gold: p.gold, allowed: p.allowed };
    });
  };
  // The CRF reads the word-vector features; the perceptrons only with wordVectorLearners 'all'
  // (in the mix, perceptrons without them and a CRF with them did best, see the model card).
  const crfCodes = o.learner !== 'perceptron' ? wordCodes : null;
  const percCodes = o.learner === 'crf' || o.wordVectorLearners !== 'all' ? null : wordCodes;
  if (o.learner === 'perceptron' && o.wordVectorLearners !== 'all') wordCodes = null;
  const seqs = featurize(o.learner === 'crf' ? crfCodes : percCodes);
  const crfSeqs = o.learner === 'mix' && crfCodes !== percCodes ? featurize(crfCodes) : seqs;
  const E = Math.max(1, Math.floor(o.ensemble));
  const trainCrf = (member: number, drop: Uint8Array | null, order: number[], rand: () => number): SequenceModel => {
    const crf = new CrfTrainer({ labels: BIO_LABELS, bits: o.bits, constraints: bioConstraints(BIO_LABELS), eta: o.crfEta, l2: o.crfL2, size: seqs.length, drop, cost: o.crfCost, costEntity: o.crfCostEntity >= 0 ? o.crfCostEntity : o.crfCost, minGrad: o.crfMinGrad });
    for (let epoch = 1; epoch <= o.epochs; epoch++) {
      shuffleInPlace(order, rand);
      let nll = 0;
      for (const i of order) {
        const v = crf.update(crfSeqs[i]);
        if (Number.isFinite(v)) nll += v;
      }
      if (o.crfAverage > 0 && epoch > o.epochs - o.crfAverage) crf.snapshot();
      log(`ner: crf ${E > 1 && o.learner === 'crf' ? `member ${member + 1}/${E}, ` : ''}epoch ${epoch}/${o.epochs}: NLL ${nll.toFixed(1)}${crf.skipped ? `, ${crf.skipped} sequences skipped` : ''}`);
    }
    return crf.finalize(0, {}, o.crfAverage > 0);
  };
  const members: SequenceModel[] = [];
  for (let member = 0; member < E; member++) {
    let drop: Uint8Array | null = null;
    if (o.featureDrop > 0) {
      const r = seededRandom(o.seed * 104729 + 31 * member + 17);
      drop = new Uint8Array(1 << o.bits);
      for (let b = 0; b < drop.length; b++) if (r() < o.featureDrop) drop[b] = 1;
    }
    const rand = seededRandom(o.seed + 7919 * member);
    const order = seqs.map((_, i) => i);
    if (o.learner === 'crf') {
      members.push(trainCrf(member, drop, order, rand));
      continue;
    }
    const trainer = new PerceptronTrainer({ labels: BIO_LABELS, bits: o.bits, constraints: bioConstraints(BIO_LABELS), margin: o.margin, marginEntity: o.marginEntity >= 0 ? o.marginEntity : o.margin, drop });
    for (let epoch = 1; epoch <= o.epochs; epoch++) {
      shuffleInPlace(order, rand);
      let errors = 0;
      let tokens = 0;
      for (const i of order) {
        errors += trainer.update(seqs[i]);
        tokens += seqs[i].n;
      }
      log(`ner: ${E > 1 ? `member ${member + 1}/${E}, ` : ''}epoch ${epoch}/${o.epochs}: ${((100 * errors) / Math.max(1, tokens)).toFixed(2)}% token errors`);
    }
    members.push(trainer.finalize(E > 1 ? 0 : o.prune));
  }
  // Options added in S6 are recorded only when they differ from their defaults, so that the
  // default configuration still rebuilds the shipped model files byte for byte.
  const recorded: Record<string, unknown> = { ...o };
  for (const k of S6_OPTIONS) if (recorded[k] === DEFAULT_TRAIN_OPTIONS[k]) delete recorded[k];
  const meta = {
    kind: 'sokhan-ner',
    version: 1,
    options: recorded,
    holdout: o.holdout ?? null,
    domains: o.domains ? [...new Set(allPrepared.map((p) => p.corpus))].sort() : [],
    ...(selfPrepared.length > 0 ? { selfTrain: selfPrepared.length } : {}),
    gazetteer: K >= 2 ? full.serialize() : '',
    clusterBits: o.clusterBits,
    sharedPairs: o.sharedPairs,
    lexicon: o.lexicon,
    pos: o.pos,
    gazWords: o.gazWords,
    ...(o.ngrams ? { ngrams: o.ngrams } : {}),
    ...(o.pairClasses ? { pairClasses: true } : {}),
    ...(tagClusters ? { tagClusters: tagClusterText } : {}),
    ...(wordCodes ? { wordCodes: serializeWordCodes(wordCodes) } : {}),
    memoryWindow: W,
    memoryStop: stopList.join('\n'),
    clusters: clusters ? serializeClusters(clusters) : '',
    orgHeads: orgHeads ? [...orgHeads].sort().join('\n') : '',
  };
  let seq = E > 1 ? averageSequenceModels(members, o.prune, meta) : withMeta(members[0], meta);
  if (o.learner === 'mix') {
    // The perceptron ensemble and one CRF (data order of seed o.seed), each scaled to max |w| = 1.
    const crf = trainCrf(0, null, seqs.map((_, i) => i), seededRandom(o.seed));
    seq = mixSequenceModels([seq, crf], [1 - o.mixCrf, o.mixCrf], meta);
  }
  if (o.learner !== 'perceptron') {
    let maxAbs = 0;
    let nz = 0;
    for (const v of seq.weights) {
      if (v !== 0) nz++;
      if (Math.abs(v) > maxAbs) maxAbs = Math.abs(v);
    }
    log(`ner: ${nz} weights before quantisation, max |w| ${maxAbs.toFixed(4)}`);
  }
  if (o.quantizedPrune > 0) seq = pruneWeights(quantizeModel(seq), o.quantizedPrune);
  if (o.learner !== 'perceptron') {
    let nz = 0;
    for (const v of seq.weights) if (v !== 0) nz++;
    log(`ner: ${nz} weights stored`);
  }
  return new NerModel(seq, K >= 2 ? full : new Gazetteer(), clusters, lex);
}
