/**
 * Generic machine-learning pieces shared by sokhan's trained components (NER, and
 * available to the POS tagger): feature hashing, an averaged structured perceptron with
 * first-order Viterbi decoding (optionally with hard transition constraints and partial
 * labels), and a compact binary serialisation. Nothing here is language-specific.
 *
 * Typical use:
 *   const fb = new FeatureBuffer(bits); fb.add('w=' + form); … items.push(fb.toArray());
 *   const trainer = new PerceptronTrainer({ labels, bits, constraints: bioConstraints(labels) });
 *   for (epoch…) for (seq of shuffled) trainer.update({ ...packFeatures(items), gold });
 *   const model = trainer.finalize(prune); bytes = serializeModel(model);
 *   deserializeModel(bytes).decode(packFeatures(items)) → label indices
 */
export { fnv1a, mix32, hashFeature, FeatureBuffer } from './hash.js';
export { viterbi, bioConstraints, FixedTransitionViterbi } from './viterbi.js';
export { SparseEmissions, IntegerRows, quantizeModel } from './sparse.js';
export {
  PerceptronTrainer,
  SequenceModel,
  packFeatures,
  averageSequenceModels,
  mixSequenceModels,
  pruneWeights,
  seededRandom,
  shuffleInPlace,
  type FeatureSequence,
  type TrainingSequence,
  type TrainerOptions,
} from './perceptron.js';
export { serializeModel, deserializeModel } from './serialize.js';
export { CrfTrainer, type CrfTrainerOptions } from './crf.js';
export { simhashClusters, DEFAULT_SIMHASH, type SimHashOptions } from './simhash-clusters.js';
export { wordVectors, binarizeWordVectors, serializeWordCodes, parseWordCodes, symmetricEigen, DEFAULT_WORD_VECTORS, type WordVectors, type WordVectorOptions } from './word-vectors.js';
