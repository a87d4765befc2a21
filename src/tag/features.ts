/**
 * Feature extraction for the tagger. Word-intrinsic and neighbour features depend only on
 * the form, so they are built once per distinct form (as strings) and cached as feature ids;
 * per token only a few integer lookups remain.
 */
import { analyzeVerb, lemmatize } from '../morph/lemmatize.js';
import { normalizeKey, type Lexicon } from '../morph/lexicon.js';

const NO_FACTS: ReadonlyMap<string, string> = new Map();
/**
 * Distributional word classes from unlabelled text: the k-means clusters (clusters.ts), word key →
 * cluster id, optionally carrying binarised word-vector codes (src/ml/word-vectors.ts; `wordClasses`).
 */
export type Clusters = ReadonlyMap<string, number> & {
  /** Word key → three-way code per dimension ('-', '0', '+'); fired as `e=<dim><sign>` (`e=?`: no code). */
  readonly codes?: ReadonlyMap<string, string>;
  /** The ±1 neighbours' codes are features too (`-1e=…`, `1e=…`). */
  readonly codesNb?: boolean;
  /** A word without a code takes (as `ez=…`) the code of its noun base or of its part after the last ZWNJ. */
  readonly codesBack?: boolean;
  /** Codes only: the cluster features (k=, kz=, kb=, neighbours' k=) are left out. */
  readonly kOff?: boolean;
};

/** Clusters and/or word-vector codes as one `Clusters` value (see the type). */
export function wordClasses(
  clusters: ReadonlyMap<string, number> | undefined,
  codes: ReadonlyMap<string, string> | undefined,
  codesNb = false,
  codesBack = false,
): Clusters | undefined {
  if (!codes) return clusters;
  return Object.assign(new Map(clusters ?? []), { codes, codesNb, codesBack, kOff: clusters === undefined });
}

/** The same classes without the word-vector codes (e.g. for a stage that does not read them). */
export function withoutCodes(c: Clusters | undefined): Clusters | undefined {
  if (!c?.codes) return c;
  return c.kOff ? undefined : new Map(c);
}

/**
 * What the features of a form read from the lexicon and the clusters, computed once per form
 * (`formFacts`) and shared by its self, neighbour and history features.
 */
export interface FormFacts {
  form: string;
  /** wordKey(form). */
  w: string;
  /** lex.bits(w) and its base-36 spelling. */
  bits: number;
  lb: string;
  /** shape(form). */
  sh: string;
  /** The other treebank's UPOS for the form (undefined if none, or `other` is false). */
  ou: string | undefined;
  /** lex.neFacts.get(w). */
  ne: string | undefined;
  /** Cluster of w ('-' if none), when there are clusters. */
  k: string;
  /** Word-vector code of w ('?' if none), when there are codes; else ''. */
  e: string;
}

/**
 * Receives one feature as a prefix id (see `prefixId`; the prefix is the name up to and including
 * its first '=', or the whole name) and a value: the feature's name is FEATURE_PREFIXES[prefix] + value.
 */
export type FeatureSink = (prefix: number, value: string) => void;

/** Feature name prefixes by id (grows as new prefixes are met). */
export const FEATURE_PREFIXES: string[] = [];
const PREFIX_IDS = new Map<string, number>();

/** The id of a feature name prefix (registered on first use). */
export function prefixId(prefix: string): number {
  let i = PREFIX_IDS.get(prefix);
  if (i === undefined) {
    i = FEATURE_PREFIXES.length;
    FEATURE_PREFIXES.push(prefix);
    PREFIX_IDS.set(prefix, i);
  }
  return i;
}

const [P_B, P_W, P_S1, P_S2, P_S3, P_S4, P_P1, P_P2, P_P3, P_ZS, P_ZP, P_ZF, P_SH, P_LEN, P_K, P_KZ, P_LB, P_L] = [
  'b', 'w=', 's1=', 's2=', 's3=', 's4=', 'p1=', 'p2=', 'p3=', 'zs=', 'zp=', 'zf=', 'sh=', 'len=', 'k=', 'kz=', 'lb=', 'l=',
].map(prefixId);
const [P_CX, P_CA, P_CB, P_CC, P_CD, P_NE, P_NR, P_OU, P_O1, P_BL, P_BS, P_KB, P_V, P_VP, P_VE, P_VPE, P_VPV, P_VX, P_VXS] = [
  'cx=', 'ca=', 'cb=', 'cc=', 'cd=', 'ne=', 'nr=', 'ou=', 'o1=', 'bl=', 'bs=', 'kb=', 'v=', 'vp=', 've=', 'vpe=', 'vpv', 'vx=', 'vxs=',
].map(prefixId);
const P_E = prefixId('e=');
const P_EZ = prefixId('ez=');
/** Values of the code features: E_VAL[2 * dim] = dim + '-', E_VAL[2 * dim + 1] = dim + '+'. */
const E_VAL = Array.from({ length: 256 }, (_, i) => String(i >> 1) + (i & 1 ? '+' : '-'));

/** The code features of `e` (FormFacts.e) under prefix p: one per non-zero dimension, or '?' without a code. */
function emitCode(e: string, p: number, emit: FeatureSink): void {
  if (e === '?') {
    emit(p, '?');
    return;
  }
  const n = Math.min(e.length, 128);
  for (let d = 0; d < n; d++) {
    const c = e.charCodeAt(d);
    if (c === 43) emit(p, E_VAL[2 * d + 1]);
    else if (c === 45) emit(p, E_VAL[2 * d]);
  }
}

/** The per-form facts of `form` (see FormFacts). */
export function formFacts(form: string, lex: Lexicon, scheme: string, other = true, clusters?: Clusters, key?: string): FormFacts {
  const w = key ?? wordKey(form);
  const bits = lex.bits(w);
  let k = '';
  let e = '';
  if (clusters) {
    const c = clusters.get(w);
    k = c === undefined ? '-' : String(c);
    if (clusters.codes) e = clusters.codes.get(w) ?? '?';
  }
  return {
    form,
    w,
    bits,
    lb: bits.toString(36),
    sh: shape(form),
    ou: other ? lex.uposFacts[scheme === 'seraji' ? 'perdt' : 'seraji'].get(form) : undefined,
    ne: lex.neFacts.get(w),
    k,
    e,
  };
}

const L_BITS = Array.from({ length: 24 }, (_, b) => String(b));

/** The self features of a form, in order, as (prefix, value) pairs: `selfFeatures` is prefix + value of each. */
export function emitSelf(f: FormFacts, lex: Lexicon, emit: FeatureSink, clusters?: Clusters): void {
  const w = f.w;
  emit(P_B, '');
  emit(P_W, w);
  const n = w.length;
  if (n <= 30) {
    if (n > 1) emit(P_S1, w.slice(n - 1));
    if (n > 2) emit(P_S2, w.slice(n - 2));
    if (n > 3) emit(P_S3, w.slice(n - 3));
    if (n > 4) emit(P_S4, w.slice(n - 4));
    if (n > 1) emit(P_P1, w.slice(0, 1));
    if (n > 2) emit(P_P2, w.slice(0, 2));
    if (n > 3) emit(P_P3, w.slice(0, 3));
  }
  const z = w.lastIndexOf('\u200c');
  if (z > 0) {
    emit(P_ZS, w.slice(z + 1, z + 6));
    emit(P_ZP, w.slice(Math.max(0, z - 2), z));
    const i = w.indexOf('\u200c');
    emit(P_ZF, w.slice(0, i).slice(0, 5));
  }
  emit(P_SH, f.sh);
  emit(P_LEN, String(Math.min(n, 8)));
  if (clusters && !clusters.kOff) {
    emit(P_K, f.k);
    // Unclustered word: the cluster of its part after the last ZWNJ (e.g. an unseen compound).
    if (f.k === '-' && z > 0) emit(P_KZ, String(clusters.get(w.slice(z + 1)) ?? '-'));
  }
  const bits = f.bits;
  emit(P_LB, f.lb);
  for (let b = 0; b < 24; b++) if (bits & (1 << b)) emit(P_L, L_BITS[b]);
  const cx = lex.contextFacts.get(w);
  if (cx) {
    emit(P_CX, cx);
    emit(P_CA, cx[0]);
    emit(P_CB, cx[1]);
    emit(P_CC, cx[2]);
    emit(P_CD, cx[3]);
  } else emit(P_CX, '-');
  const ne = f.ne;
  emit(P_NE, ne ?? '-');
  if (ne) emit(P_NR, ne[0]);
  // The other treebank's UPOS for this form (a lexicon fact, not this treebank's training data).
  // Left out (other = false) for training sentences OF that other treebank: there the fact is the gold label.
  const ou = f.ou;
  if (ou !== undefined) {
    emit(P_OU, ou);
    for (const u of ou.split(',')) emit(P_O1, u);
  }
  let base = w;
  if (n <= 40) {
    // Lexicon tags of the base once plural/ezafe endings are stripped (unknown plurals of known nouns).
    base = lemmatize(w, 'NOUN', { lexicon: lex, facts: NO_FACTS });
    if (base !== w) {
      emit(P_BL, lex.bits(base).toString(36));
      emit(P_BS, w.slice(base.length, base.length + 5));
      if (clusters && !clusters.kOff) emit(P_KB, String(clusters.get(base) ?? '-'));
    }
    const v = analyzeVerb(w, lex);
    if (v) {
      emit(P_V, v.stem);
      emit(P_VP, v.prefix);
      emit(P_VE, v.ending);
      emit(P_VPE, v.prefix + '|' + v.ending + '|' + v.stem);
      if (v.preverb) emit(P_VPV, '');
      // The word's own tail after the stem (the analysis' ending is not always the written one:
      // می‌کنیم can come back with ending م), so person/number endings are read off the form too.
      const stem = v.stem === 'present' ? v.present : v.past;
      const at = stem ? w.lastIndexOf(stem) : -1;
      if (at >= 0) {
        const tail = w.slice(at + stem.length, at + stem.length + 4);
        emit(P_VX, tail);
        emit(P_VXS, v.stem + '|' + tail);
      }
    } else emit(P_V, '0');
  }
  if (f.e) {
    emitCode(f.e, P_E, emit);
    if (f.e === '?' && clusters?.codesBack) {
      const codes = clusters.codes!;
      const alt = (base !== w ? codes.get(base) : undefined) ?? (z > 0 ? codes.get(w.slice(z + 1)) : undefined);
      if (alt) emitCode(alt, P_EZ, emit);
    }
  }
}

/** Neighbour feature prefixes per relative position (rel + name), built once. */
const NB_NAMES = ['w=', 'k=', 's2=', 's3=', 'ou=', 'ne=', 'lb=', 'sh=', 'e='] as const;
const NB_PREFIX = new Map<number, number[]>([-2, -1, 1, 2].map((r) => [r, NB_NAMES.map((x) => prefixId(r + x))]));

/** The features a form gives its neighbour at `rel`, in order, as (prefix, value) pairs (see neighbourFeatures). */
export function emitNeighbour(f: FormFacts, rel: number, emit: FeatureSink, clusters?: Clusters): void {
  const w = f.w;
  const n = w.length;
  const p = NB_PREFIX.get(rel) ?? NB_NAMES.map((x) => prefixId(rel + x));
  emit(p[0], w);
  if (clusters && !clusters.kOff) emit(p[1], f.k);
  if (rel === -1 || rel === 1) {
    if (n > 2 && n <= 30) {
      emit(p[2], w.slice(n - 2));
      emit(p[3], w.slice(n - 3));
    }
    if (f.ou !== undefined) emit(p[4], f.ou);
    emit(p[5], f.ne ?? '-');
    emit(p[6], f.lb);
    emit(p[7], f.sh);
    if (f.e && clusters?.codesNb) emitCode(f.e, p[8], emit);
  }
}

function collect(run: (emit: FeatureSink) => void): string[] {
  const out: string[] = [];
  run((p, v) => out.push(FEATURE_PREFIXES[p] + v));
  return out;
}

/** Feature strings that describe the word itself. */
export function selfFeatures(form: string, lex: Lexicon, scheme: string, other = true, clusters?: Clusters): string[] {
  const f = formFacts(form, lex, scheme, other, clusters);
  return collect((emit) => emitSelf(f, lex, emit, clusters));
}

/** Features a word gives to its neighbour at relative position `rel` (-2, -1, +1, +2). */
export function neighbourFeatures(form: string, rel: number, lex: Lexicon, scheme: string, other = true, clusters?: Clusters): string[] {
  const f = formFacts(form, lex, scheme, other, clusters);
  return collect((emit) => emitNeighbour(f, rel, emit, clusters));
}

/** Lookup key of a form: canonical letters, Latin lower-cased, digits folded to 0. */
export function wordKey(form: string): string {
  let s = normalizeKey(form);
  let needs = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 65 && c <= 90) || (c >= 48 && c <= 57) || (c >= 0x06f0 && c <= 0x06f9) || (c >= 0x0660 && c <= 0x0669)) {
      needs = true;
      break;
    }
  }
  if (needs) {
    let out = '';
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 65 && c <= 90) out += String.fromCharCode(c + 32);
      else if ((c >= 48 && c <= 57) || (c >= 0x06f0 && c <= 0x06f9) || (c >= 0x0660 && c <= 0x0669)) out += '0';
      else out += s[i];
    }
    s = out;
  }
  return s.length > 64 ? s.slice(0, 64) : s;
}

/** Coarse character-class shape: d digit, p Persian letter, l Latin, z ZWNJ, . punctuation/other. */
export function shape(form: string): string {
  let out = '';
  let last = '';
  const n = Math.min(form.length, 32);
  for (let i = 0; i < n; i++) {
    const c = form.charCodeAt(i);
    let k: string;
    if ((c >= 48 && c <= 57) || (c >= 0x06f0 && c <= 0x06f9) || (c >= 0x0660 && c <= 0x0669)) k = 'd';
    else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) k = 'l';
    else if (c === 0x200c) k = 'z';
    else if (c >= 0x0620 && c <= 0x06ff && !(c >= 0x066a && c <= 0x066d) && c !== 0x060c && c !== 0x061b && c !== 0x061f && c !== 0x06d4) k = 'p';
    else k = form[i];
    if (k !== last) out += k;
    last = k;
  }
  return out.length > 8 ? out.slice(0, 8) : out;
}

/** Parts of the word that are conjoined with the previous word's UPOS (`h<UPOS>=<part>`). */
export function historyParts(form: string, lex: Lexicon, facts?: FormFacts): string[] {
  const w = facts ? facts.w : wordKey(form);
  const n = w.length;
  const out = ['lb' + (facts ? facts.lb : lex.bits(w).toString(36))];
  if (n > 2 && n <= 30) out.push('s2' + w.slice(n - 2));
  return out;
}

/**
 * Parts of the word that stage C (the correction of stage-A UPOS, see model.ts C_TEMPLATES) conjoins
 * with pass-1 UPOS: [word key, 2-letter suffix, 3-letter suffix, cluster, lexicon bits]; '' = none.
 */
export function correctionParts(f: FormFacts): string[] {
  const w = f.w;
  const n = w.length;
  const mid = n <= 30;
  return [w, mid && n > 2 ? w.slice(n - 2) : '', mid && n > 3 ? w.slice(n - 3) : '', f.k, f.lb];
}
