/**
 * Learned choice among the candidate lemmas of a noun/adjective (UDPipe-style lemma rules, but
 * ranked with lexicon features): keep the form, or strip one of the suffixes (ی, ها, ان, ات, ...),
 * or the hand rules' answer. An averaged perceptron is trained lazily on the lemma facts it is
 * given (`form\tupos` → lemma from a UD dev split), so cross-validation trains it on the other
 * folds only. Used for (form, UPOS) pairs the facts do not cover.
 */
import { bit, normalizeKey, type Lexicon } from './lexicon.js';

const ZWNJ = '\u200c';

/** (suffix, replacement) edits tried on a nominal form. */
const EDITS: readonly (readonly [string, string])[] = [
  ['هایی', ''], ['های', ''], ['ها', ''],
  ['ترین', ''], ['تری', ''], ['تر', ''],
  ['گان', 'ه'], ['گانی', 'ه'], ['یان', ''], ['یان', 'ی'], ['ان', ''], ['انی', ''], ['ین', ''], ['یون', 'ی'],
  ['جات', ''], ['جات', 'ه'], ['یات', 'ه'], ['یات', ''], ['ات', ''], ['ات', 'ه'], ['ات', 'ت'], ['ات', 'ی'], ['اتی', ''], ['اتی', 'ه'],
  ['ای', ''], ['یی', ''], ['ی', ''], ['ئی', ''], ['\u0654', ''],
];

/** Suffixes that may follow a ZWNJ and go from the lemma (the part after any other ZWNJ stays: سه‌شاخه). */
const ZWNJ_SUFFIXES = new Set(['ها', 'های', 'هایی', 'هایم', 'هایت', 'هایش', 'هایمان', 'هایتان', 'هایشان', 'ای', 'ی', 'یی', 'تر', 'ترین', 'تری', 'ام', 'ات', 'اش', 'مان', 'تان', 'شان', 'اند', 'ایم', 'اید']);

export const RANKED_UPOS: ReadonlySet<string> = new Set(['NOUN', 'PROPN', 'ADJ', 'ADV']);

interface Cand {
  lemma: string;
  feats: string[];
  hand?: boolean;
  /** Prepared candidates (ctx === CTX_MARKS): the context feature at each place of `feats` (there ''). */
  tp?: CtxTemplate[];
}

const MASK = bit('N') | bit('AJ') | bit('ADV') | bit('PL') | bit('V') | bit('AJC') | bit('AJS') | bit('PRO');

function bitsCode(lex: Lexicon, w: string): string {
  if (w.length < 2) return 'x';
  const b = lex.bits(w);
  if (b === 0 && !lex.has(w)) return '-';
  return (b & MASK).toString(36);
}

const ATTEST = [bit('PLAN'), bit('PLAT'), bit('PLHA'), bit('AJTR')];

/** The lexicon's attestation bits of a word (with ان / ات / ها, with تر/ترین) as a letter code. */
function attestCode(lex: Lexicon, w: string): string {
  if (w.length < 2) return 'x';
  const b = lex.bits(w);
  let c = 0;
  for (let i = 0; i < ATTEST.length; i++) if ((b & ATTEST[i]) !== 0) c |= 1 << i;
  return c.toString(16);
}

function freqBucket(lex: Lexicon, w: string): number {
  return w.length < 2 ? 0 : lex.freq(w);
}

/**
 * Candidate lemmas of `form` (already stripped of trailing ZWNJ/hamza marks), each with its features.
 * `key` is normalizeKey(form); `hand` the rule-based lemma; `broken` a broken-plural singular.
 */
/** The neighbours of a word, when known (the lemma component passes them; the tagger has run). */
export interface LemmaContext {
  prevUpos?: string;
  nextUpos?: string;
  nextForm?: string;
}

const CLOSED = new Set(['ADP', 'CCONJ', 'SCONJ', 'AUX', 'PUNCT', 'PRON', 'DET', 'PART']);

/** Context key of a word's neighbours (also the lemma component's memo key part). */
export function contextKey(ctx: LemmaContext | undefined): string {
  if (!ctx) return '';
  const nf = ctx.nextUpos !== undefined && CLOSED.has(ctx.nextUpos) && ctx.nextForm !== undefined && ctx.nextForm.length <= 4 ? ctx.nextForm : '';
  return (ctx.prevUpos ?? '^') + '\t' + (ctx.nextUpos ?? '$') + '\t' + nf;
}

/** How many other (form, UPOS) entries of the training facts have this lemma. */
export type LemmaCount = (lemmaKey: string) => number;

function candidates(form: string, key: string, upos: string, lex: Lexicon, hand: string, broken: string | undefined, ctx?: string, lemmaCount?: LemmaCount): Cand[] {
  const out: Cand[] = [];
  let pu = '', nu = '', nf = '';
  if (ctx) {
    const a = ctx.indexOf('\t');
    const b = ctx.indexOf('\t', a + 1);
    pu = ctx.slice(0, a);
    nu = ctx.slice(a + 1, b);
    nf = ctx.slice(b + 1);
  }
  const fb = bitsCode(lex, key);
  const ff = freqBucket(lex, key);
  const s2 = key.slice(-2);
  const s3 = key.slice(-3);
  const add = (lemma: string, lkey: string, rule: string) => {
    let c = out.find((x) => x.lemma === lemma);
    if (!c) out.push((c = { lemma, feats: [] }));
    const R = 'R' + rule;
    const bb = bitsCode(lex, lkey);
    const df = Math.max(-6, Math.min(6, freqBucket(lex, lkey) - ff));
    c.feats.push(
      R,
      R + '|U' + upos,
      R + '|B' + bb,
      R + '|F' + fb,
      R + '|B' + bb + '|F' + fb + '|U' + upos,
      R + '|D' + df,
      R + '|D' + (df > 0 ? '+' : df < 0 ? '-' : '0') + '|B' + bb,
      R + '|E' + lkey.slice(-1),
      R + '|S' + s2 + '|U' + upos,
      R + '|L' + Math.min(lkey.length, 7),
    );
    // Whether the lexicon attests the candidate with ان / ات / ها and with تر/ترین (myspell facts):
    // plural and comparative edits, and derivational ی on gradable bases (10-fold CV, 2026-11-29 s4).
    const ac = attestCode(lex, lkey);
    c.feats.push(R + '|A' + ac, R + '|A' + ac + '|U' + upos, R + '|A' + ac + '|B' + bb, R + '|S3' + s3);
    if (lemmaCount) {
      const kl = Math.min(lemmaCount(lkey), 2);
      c.feats.push(R + '|KL' + kl, 'KL' + kl + '|U' + upos);
    }
    if (ctx === CTX_MARKS) {
      // The same features as below, as templates (see NominalRanker.prepare).
      const tp = (c.tp ??= []);
      const at = c.feats.length;
      const rn = R + '|NU';
      tp[at] = { pre: rn, v: 1, suf: '' };
      tp[at + 1] = { pre: rn, v: 1, suf: '|U' + upos };
      tp[at + 2] = { pre: R + '|PU', v: 0, suf: '' };
      tp[at + 3] = { pre: R + '|NF', v: 2, suf: '' };
      tp[at + 4] = { pre: rn, v: 1, suf: '|B' + bb };
      c.feats.push('', '', '', '', '');
    } else if (ctx) c.feats.push(R + '|NU' + nu, R + '|NU' + nu + '|U' + upos, R + '|PU' + pu, R + '|NF' + nf, R + '|NU' + nu + '|B' + bb);
  };
  add(form, key, 'id');
  const z = form.lastIndexOf(ZWNJ);
  if (z > 0 && ZWNJ_SUFFIXES.has(form.slice(z + 1))) {
    const base = form.slice(0, z);
    add(base, normalizeKey(base), 'z' + form.slice(z + 1));
  }
  for (const [suf, rep] of EDITS) {
    if (!key.endsWith(suf) || key.length < suf.length + 2) continue;
    const lkey = key.slice(0, key.length - suf.length) + rep;
    // Never cut into a ZWNJ-joined part, leaving one letter of it (برجسته‌ای ↛ برجسته‌ا).
    const zi = lkey.lastIndexOf(ZWNJ);
    if (lkey.endsWith(ZWNJ) || (zi >= 0 && lkey.length - zi - 1 < 2) || (zi >= 0 && key.length - zi - 1 <= suf.length)) continue;
    add(form.slice(0, form.length - suf.length) + rep, lkey, suf + '>' + rep);
  }
  if (broken !== undefined) add(broken, broken, 'bp');
  let h = out.find((x) => x.lemma === hand);
  if (!h) {
    out.push((h = { lemma: hand, feats: [] }));
    h.feats.push('Rother', 'Rother|U' + upos);
  }
  h.hand = true;
  h.feats.push('H', 'H|U' + upos, 'H|F' + fb, 'H|S' + s2);
  return out;
}

/** The context argument of `candidates` that asks for context feature templates (see NominalRanker.prepare). */
const CTX_MARKS = '\u0000\t\u0001\t\u0002';

/** A context feature of a prepared candidate: pre + value v (0 previous UPOS, 1 next UPOS, 2 next form) + suf. */
interface CtxTemplate {
  pre: string;
  v: number;
  suf: string;
}

interface PrepCand {
  lemma: string;
  hand: boolean;
  /** Weight of each feature in order (0 at a context feature's place). */
  ws: number[];
  /** The context feature at each place, or null. */
  tp: (CtxTemplate | null)[];
}

/** A form's candidates with their context-free feature weights looked up (see NominalRanker.prepare). */
export interface RankPrep {
  cands: PrepCand[];
  hand: string;
}

export class NominalRanker {
  /** Chosen lemmas by UPOS, then form (bounded): lemmas of frequent words repeat. */
  private memo = new Map<string, Map<string, string>>();

  constructor(private readonly w: ReadonlyMap<string, number>) {}

  cached(upos: string, form: string): string | undefined {
    return this.memo.get(upos)?.get(form);
  }

  remember(upos: string, form: string, lemma: string): void {
    let m = this.memo.get(upos);
    if (!m) this.memo.set(upos, (m = new Map()));
    if (m.size >= 50_000) m.clear();
    m.set(form, lemma);
  }

  private score(c: Cand): number {
    let s = 0;
    for (const f of c.feats) s += this.w.get(f) ?? 0;
    return s;
  }

  /**
   * The candidates of a form prepared for ranking in any context: `choosePrepared(prep, ctx)` gives
   * what `choose(…, ctx)` gives, looking up only the context features again (same features, same
   * order of summing, so the same scores to the last bit).
   */
  prepare(form: string, key: string, upos: string, lex: Lexicon, hand: string, broken: string | undefined, lemmaCount?: LemmaCount): RankPrep {
    const cs = candidates(form, key, upos, lex, hand, broken, CTX_MARKS, lemmaCount);
    const out: PrepCand[] = [];
    for (const c of cs) {
      const n = c.feats.length;
      const ws = new Array<number>(n);
      const tp = new Array<CtxTemplate | null>(n);
      const ct = c.tp;
      for (let p = 0; p < n; p++) {
        const t = ct !== undefined ? ct[p] : undefined;
        if (t === undefined) {
          ws[p] = this.w.get(c.feats[p]) ?? 0;
          tp[p] = null;
        } else {
          ws[p] = 0;
          tp[p] = t;
        }
      }
      out.push({ lemma: c.lemma, hand: c.hand === true, ws, tp });
    }
    return { cands: out, hand };
  }

  /** The best prepared candidate in context `ctx` (a contextKey string; undefined: none). */
  choosePrepared(prep: RankPrep, ctx?: string): string {
    const cs = prep.cands;
    if (cs.length === 1) return cs[0].lemma;
    let vals: string[] | undefined;
    if (ctx) {
      const a = ctx.indexOf('\t');
      const b = ctx.indexOf('\t', a + 1);
      vals = [ctx.slice(0, a), ctx.slice(a + 1, b), ctx.slice(b + 1)];
    }
    let best = prep.hand;
    let bestScore = -Infinity;
    for (const c of cs) {
      let s = 0;
      const { ws, tp } = c;
      for (let p = 0; p < ws.length; p++) {
        const t = tp[p];
        if (t === null) s += ws[p];
        else if (vals !== undefined) s += this.w.get(t.pre + vals[t.v] + t.suf) ?? 0;
      }
      const sc = s + (c.hand ? 1e-9 : 0);
      if (sc > bestScore) {
        bestScore = sc;
        best = c.lemma;
      }
    }
    return best;
  }

  /** The best candidate lemma (ties go to the hand rules' answer). */
  choose(form: string, key: string, upos: string, lex: Lexicon, hand: string, broken: string | undefined, ctx?: string, lemmaCount?: LemmaCount): string {
    const cs = candidates(form, key, upos, lex, hand, broken, ctx, lemmaCount);
    if (cs.length === 1) return cs[0].lemma;
    let best = hand;
    let bestScore = -Infinity;
    for (const c of cs) {
      const sc = this.score(c) + (c.hand ? 1e-9 : 0);
      if (sc > bestScore) {
        bestScore = sc;
        best = c.lemma;
      }
    }
    return best;
  }

  get size(): number {
    return this.w.size;
  }

  /** Weights as sorted `feature\tweight` lines (for the packed lexicon). */
  toLines(): string[] {
    return [...this.w].filter(([f]) => f.indexOf('\t') < 0 && f.indexOf('\n') < 0).map(([f, v]) => f + '\t' + v).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }
}

export type HandRule = (form: string, upos: string) => { form: string; key: string; hand: string; broken: string | undefined };

/** One training example: a word (as in the treebank), its UPOS, gold lemma and context key. */
export interface RankerExample {
  form: string;
  upos: string;
  lemma: string;
  ctx?: string;
}

/** Train on the facts' nominal entries (deterministic: facts in insertion order, fixed epochs). */
export function trainNominalRanker(facts: ReadonlyMap<string, string>, lex: Lexicon, prepare: HandRule, epochs = 8): NominalRanker {
  const ex: RankerExample[] = [];
  for (const [k, lemma] of facts) {
    const t = k.lastIndexOf('\t');
    ex.push({ form: k.slice(0, t), upos: k.slice(t + 1), lemma });
  }
  return trainRankerOn(ex, lex, prepare, epochs);
}

/** Train on examples (tokens in context, or types); deterministic for the same examples in the same order. */
export function trainRankerOn(items: Iterable<RankerExample>, lex: Lexicon, prepare: HandRule, epochs = 8): NominalRanker {
  const list = [...items].filter((it) => RANKED_UPOS.has(it.upos));
  // Lemma counts over the training entries; each example's own lemma is not counted for it.
  const counts = new Map<string, number>();
  for (const it of list) {
    const l = normalizeKey(it.lemma);
    counts.set(l, (counts.get(l) ?? 0) + 1);
  }
  const examples: { cands: Cand[]; gold: number }[] = [];
  for (const it of list) {
    const own = normalizeKey(it.lemma);
    const lemmaCount: LemmaCount = (k) => (counts.get(k) ?? 0) - (k === own ? 1 : 0);
    const upos = it.upos;
    if (!RANKED_UPOS.has(upos)) continue;
    const p = prepare(it.form, upos);
    const cands = candidates(p.form, p.key, upos, lex, p.hand, p.broken, it.ctx, lemmaCount);
    if (cands.length < 2) continue;
    const lemma = it.lemma;
    const gold = cands.findIndex((c) => c.lemma === lemma || normalizeKey(c.lemma) === normalizeKey(lemma));
    if (gold < 0) continue;
    examples.push({ cands, gold });
  }
  const w = new Map<string, number>();
  const total = new Map<string, number>(); // sum of updates × time, for averaging
  let time = 1;
  const upd = (feats: string[], d: number) => {
    for (const f of feats) {
      w.set(f, (w.get(f) ?? 0) + d);
      total.set(f, (total.get(f) ?? 0) + d * time);
    }
  };
  for (let e = 0; e < epochs; e++) {
    for (const ex of examples) {
      let best = 0;
      let bestScore = -Infinity;
      ex.cands.forEach((c, i) => {
        let s = 0;
        for (const f of c.feats) s += w.get(f) ?? 0;
        if (c.hand) s += 1e-9;
        if (s > bestScore) {
          bestScore = s;
          best = i;
        }
      });
      if (best !== ex.gold) {
        upd(ex.cands[ex.gold].feats, 1);
        upd(ex.cands[best].feats, -1);
      }
      time++;
    }
  }
  const avg = new Map<string, number>();
  for (const [f, v] of w) {
    // Rounded to 1/1000 so that the weights stored in the lexicon give the same choices.
    const a = Math.round((v - (total.get(f) ?? 0) / time) * 1000) / 1000;
    if (a !== 0) avg.set(f, a);
  }
  return new NominalRanker(avg);
}
