/**
 * A TypeScript port of the CoNLL 2018 shared task scorer (conll18_ud_eval.py, v1.2,
 * Milan Straka and Martin Popel, UFAL, MPL 2.0): the same metric definitions.
 *
 * - Tokens and sentences are compared as character spans of the concatenated FORMs with
 *   Unicode Zs spaces removed; the two files must spell the same characters.
 * - Words are aligned through their tokens; inside "multi-word spans" (the smallest spans that
 *   contain whole multi-word tokens of both files) by LCS over lower-cased FORMs.
 * - UPOS, XPOS, UFeats (universal features only), AllTags, Lemmas, UAS, LAS (deprel subtypes
 *   ignored), CLAS, MLAS, BLEX over aligned words.
 *
 * One difference, for system files without a parse: a HEAD of `_` is "unknown" and never
 * matches (the Python scorer refuses such a file unless --skip-parse, which zeroes UAS/LAS).
 */
import { parseConllu, type ConlluSentence } from './conllu.js';

export const UD_METRICS = ['Tokens', 'Sentences', 'Words', 'UPOS', 'XPOS', 'UFeats', 'AllTags', 'Lemmas', 'UAS', 'LAS', 'CLAS', 'MLAS', 'BLEX'] as const;
export type UdMetric = (typeof UD_METRICS)[number];

export interface UdScore {
  /** In percent. */
  precision: number;
  recall: number;
  f1: number;
  /** Percent of aligned words that are correct (metrics over aligned words only), else null. */
  aligned_accuracy: number | null;
  correct: number;
  gold_total: number;
  system_total: number;
  aligned_total: number | null;
}

export type UdScores = Record<UdMetric, UdScore>;

export class UDError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UDError';
  }
}

const CONTENT_DEPRELS = new Set([
  'nsubj', 'obj', 'iobj', 'csubj', 'ccomp', 'xcomp', 'obl', 'vocative', 'expl', 'dislocated', 'advcl', 'advmod', 'discourse', 'nmod',
  'appos', 'nummod', 'acl', 'amod', 'conj', 'fixed', 'flat', 'compound', 'list', 'parataxis', 'orphan', 'goeswith', 'reparandum',
  'root', 'dep',
]);
const FUNCTIONAL_DEPRELS = new Set(['aux', 'cop', 'mark', 'det', 'clf', 'case', 'cc']);
const UNIVERSAL_FEATURES = new Set([
  'PronType', 'NumType', 'Poss', 'Reflex', 'Foreign', 'Abbr', 'Gender', 'Animacy', 'Number', 'Case', 'Definite', 'Degree',
  'VerbForm', 'Mood', 'Tense', 'Aspect', 'Voice', 'Evident', 'Polarity', 'Person', 'Polite',
]);

interface UDSpan {
  start: number;
  end: number;
}

/** Unknown head (HEAD `_`): never equal to anything. */
const UNKNOWN = Symbol('unknown-head');

interface UDWord {
  span: UDSpan;
  form: string;
  lemma: string;
  upos: string;
  xpos: string;
  feats: string;
  deprel: string;
  isMultiword: boolean;
  /** null = root; UNKNOWN = no head given. */
  parent: UDWord | null | typeof UNKNOWN;
  functionalChildren: UDWord[];
  isContent: boolean;
  isFunctional: boolean;
}

interface UDRepresentation {
  characters: string;
  tokens: UDSpan[];
  words: UDWord[];
  sentences: UDSpan[];
}

/** Unicode category Zs. */
function isZs(c: number): boolean {
  return c === 0x20 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x202f || c === 0x205f || c === 0x3000;
}

function stripZs(s: string): string {
  let out = '';
  for (const ch of s) if (!isZs(ch.codePointAt(0)!)) out += ch;
  return out;
}

function universalFeats(feats: string): string {
  return feats
    .split('|')
    .filter((f) => UNIVERSAL_FEATURES.has(f.split('=', 1)[0]))
    .sort()
    .join('|');
}

/** Build the scorer's representation from parsed CoNLL-U sentences. */
export function udRepresentation(sentences: readonly ConlluSentence[]): UDRepresentation {
  const chars: string[] = [];
  const tokens: UDSpan[] = [];
  const words: UDWord[] = [];
  const sents: UDSpan[] = [];
  let index = 0;
  for (const s of sentences) {
    const sentStart = index;
    const first = words.length;
    const heads: (number | null)[] = [];
    for (const t of s.tokens) {
      const form = stripZs(t.form);
      if (!form) throw new UDError(`There is an empty FORM in the CoNLL-U file (sentence at line ${s.line})`);
      chars.push(form);
      const span = { start: index, end: index + form.length };
      tokens.push(span);
      index += form.length;
      for (const w of t.words) {
        const deprel = w.deprel.split(':')[0];
        words.push({
          span,
          form: t.multiword ? w.form : form,
          lemma: w.lemma,
          upos: w.upos,
          xpos: w.xpos,
          feats: universalFeats(w.feats),
          deprel,
          isMultiword: t.multiword,
          parent: UNKNOWN,
          functionalChildren: [],
          isContent: CONTENT_DEPRELS.has(deprel),
          isFunctional: FUNCTIONAL_DEPRELS.has(deprel),
        });
        heads.push(w.head);
      }
    }
    const n = words.length - first;
    // Resolve heads and check for cycles (iteratively: sentences can be long).
    for (let k = 0; k < n; k++) {
      const h = heads[k];
      const w = words[first + k];
      if (h === null) continue;
      if (h < 0 || h > n) throw new UDError(`HEAD '${h}' points outside of the sentence (sentence at line ${s.line})`);
      w.parent = h === 0 ? null : words[first + h - 1];
    }
    let known = true;
    for (let k = 0; k < n; k++) if (heads[k] === null) known = false;
    if (known) {
      for (let k = 0; k < n; k++) {
        let steps = 0;
        let p = words[first + k].parent;
        while (p !== null && p !== UNKNOWN) {
          if (++steps > n) throw new UDError(`There is a cycle in a sentence (sentence at line ${s.line})`);
          p = p.parent;
        }
      }
      let roots = 0;
      for (let k = 0; k < n; k++) if (words[first + k].parent === null) roots++;
      if (roots !== 1) throw new UDError(`There are multiple roots in a sentence (sentence at line ${s.line})`);
    }
    for (let k = 0; k < n; k++) {
      const w = words[first + k];
      if (w.parent && w.parent !== UNKNOWN && w.isFunctional) w.parent.functionalChildren.push(w);
    }
    sents.push({ start: sentStart, end: index });
  }
  return { characters: chars.join(''), tokens, words, sentences: sents };
}

/** Parse and load a CoNLL-U string. */
export function loadUd(conllu: string, file?: string): UDRepresentation {
  return udRepresentation(parseConllu(conllu, file));
}

function score(gold: number, system: number, correct: number, aligned: number | null = null): UdScore {
  const pct = (x: number) => 100 * x;
  return {
    precision: pct(system ? correct / system : 0),
    recall: pct(gold ? correct / gold : 0),
    f1: pct(system + gold ? (2 * correct) / (system + gold) : 0),
    aligned_accuracy: aligned === null ? null : aligned ? pct(correct / aligned) : 0,
    correct,
    gold_total: gold,
    system_total: system,
    aligned_total: aligned,
  };
}

function spansScore(gold: UDSpan[], system: UDSpan[]): UdScore {
  let correct = 0;
  let gi = 0;
  let si = 0;
  while (gi < gold.length && si < system.length) {
    if (system[si].start < gold[gi].start) si++;
    else if (gold[gi].start < system[si].start) gi++;
    else {
      if (gold[gi].end === system[si].end) correct++;
      si++;
      gi++;
    }
  }
  return score(gold.length, system.length, correct);
}

interface Alignment {
  goldWords: UDWord[];
  systemWords: UDWord[];
  matched: { gold: UDWord; system: UDWord }[];
  map: Map<UDWord, UDWord>;
}

function beyondEnd(words: UDWord[], i: number, end: number): boolean {
  if (i >= words.length) return true;
  if (words[i].isMultiword) return words[i].span.start >= end;
  return words[i].span.end > end;
}

function extendEnd(word: UDWord, end: number): number {
  return word.isMultiword && word.span.end > end ? word.span.end : end;
}

function findMultiwordSpan(gold: UDWord[], system: UDWord[], gi: number, si: number): [number, number, number, number] {
  let end: number;
  if (gold[gi].isMultiword) {
    end = gold[gi].span.end;
    if (!system[si].isMultiword && system[si].span.start < gold[gi].span.start) si++;
  } else {
    end = system[si].span.end;
    if (!gold[gi].isMultiword && gold[gi].span.start < system[si].span.start) gi++;
  }
  const gs = gi;
  const ss = si;
  while (!beyondEnd(gold, gi, end) || !beyondEnd(system, si, end)) {
    if (gi < gold.length && (si >= system.length || gold[gi].span.start <= system[si].span.start)) {
      end = extendEnd(gold[gi], end);
      gi++;
    } else {
      end = extendEnd(system[si], end);
      si++;
    }
  }
  return [gs, ss, gi, si];
}

function alignWords(gold: UDWord[], system: UDWord[]): Alignment {
  const a: Alignment = { goldWords: gold, systemWords: system, matched: [], map: new Map() };
  const add = (g: UDWord, s: UDWord) => {
    a.matched.push({ gold: g, system: s });
    a.map.set(s, g);
  };
  let gi = 0;
  let si = 0;
  while (gi < gold.length && si < system.length) {
    if (gold[gi].isMultiword || system[si].isMultiword) {
      const [gs, ss, ge, se] = findMultiwordSpan(gold, system, gi, si);
      gi = ge;
      si = se;
      if (si > ss && gi > gs) {
        const G = gi - gs;
        const S = si - ss;
        // lcs[g][s] over suffixes, as in compute_lcs.
        const lcs: Int32Array[] = [];
        for (let g = 0; g < G; g++) lcs.push(new Int32Array(S));
        const eq = (g: number, s: number) => gold[gs + g].form.toLowerCase() === system[ss + s].form.toLowerCase();
        for (let g = G - 1; g >= 0; g--) {
          for (let s = S - 1; s >= 0; s--) {
            let v = 0;
            if (eq(g, s)) v = 1 + (g + 1 < G && s + 1 < S ? lcs[g + 1][s + 1] : 0);
            v = Math.max(v, g + 1 < G ? lcs[g + 1][s] : 0);
            v = Math.max(v, s + 1 < S ? lcs[g][s + 1] : 0);
            lcs[g][s] = v;
          }
        }
        let g = 0;
        let s = 0;
        while (g < G && s < S) {
          if (eq(g, s)) {
            add(gold[gs + g], system[ss + s]);
            g++;
            s++;
          } else if (lcs[g][s] === (g + 1 < G ? lcs[g + 1][s] : 0)) g++;
          else s++;
        }
      }
    } else {
      const gw = gold[gi];
      const sw = system[si];
      if (gw.span.start === sw.span.start && gw.span.end === sw.span.end) {
        add(gw, sw);
        gi++;
        si++;
      } else if (gw.span.start <= sw.span.start) gi++;
      else si++;
    }
  }
  return a;
}

type Key = (w: UDWord, ga: (w: UDWord | null | typeof UNKNOWN) => unknown) => string;

function alignmentScore(a: Alignment, key?: Key, filter?: (w: UDWord) => boolean): UdScore {
  let gold: number;
  let system: number;
  let aligned: number;
  if (filter) {
    gold = a.goldWords.filter(filter).length;
    system = a.systemWords.filter(filter).length;
    aligned = a.matched.filter((m) => filter(m.gold)).length;
  } else {
    gold = a.goldWords.length;
    system = a.systemWords.length;
    aligned = a.matched.length;
  }
  if (!key) return score(gold, system, aligned);
  // Identify gold words by position so that keys are comparable strings.
  const goldIndex = new Map<UDWord, number>();
  a.goldWords.forEach((w, i) => goldIndex.set(w, i));
  let unknownCounter = 0;
  const ref = (w: UDWord | null | typeof UNKNOWN | undefined): string => {
    if (w === null) return 'root';
    if (w === undefined) return 'NotAligned';
    if (w === UNKNOWN) return `unknown#${unknownCounter++}`;
    return `g${goldIndex.get(w)}`;
  };
  const gaGold = (w: UDWord | null | typeof UNKNOWN) => (w === null || w === UNKNOWN ? ref(w) : ref(w));
  const gaSystem = (w: UDWord | null | typeof UNKNOWN) => (w === null || w === UNKNOWN ? ref(w) : ref(a.map.get(w)));
  let correct = 0;
  for (const m of a.matched) {
    if (filter && !filter(m.gold)) continue;
    if (key(m.gold, gaGold) === key(m.system, gaSystem)) correct++;
  }
  return score(gold, system, correct, aligned);
}

/** Lemma key: a gold lemma of `_` accepts anything. */
function lemmaKey(w: UDWord, ga: (w: UDWord) => unknown, goldOf: (w: UDWord) => UDWord): string {
  void ga;
  return goldOf(w).lemma !== '_' ? w.lemma : '_';
}

/** Score a system representation against the gold one. Throws UDError if their characters differ. */
export function evaluateUd(gold: UDRepresentation, system: UDRepresentation): UdScores {
  if (gold.characters !== system.characters) {
    let i = 0;
    while (i < gold.characters.length && i < system.characters.length && gold.characters[i] === system.characters[i]) i++;
    throw new UDError(
      `The concatenation of tokens in gold file and in system file differ! First 20 differing characters in gold file: '${gold.characters.slice(i, i + 20)}' and system file: '${system.characters.slice(i, i + 20)}'`,
    );
  }
  const a = alignWords(gold.words, system.words);
  const goldOf = (w: UDWord): UDWord => a.map.get(w) ?? w;
  const lemma: Key = (w) => lemmaKey(w, () => undefined, goldOf);
  const J = JSON.stringify;
  const children = (w: UDWord, ga: (w: UDWord | null | typeof UNKNOWN) => unknown) =>
    w.functionalChildren.map((c) => [ga(c), c.deprel, c.upos, c.feats]);
  return {
    Tokens: spansScore(gold.tokens, system.tokens),
    Sentences: spansScore(gold.sentences, system.sentences),
    Words: alignmentScore(a),
    UPOS: alignmentScore(a, (w) => w.upos),
    XPOS: alignmentScore(a, (w) => w.xpos),
    UFeats: alignmentScore(a, (w) => w.feats),
    AllTags: alignmentScore(a, (w) => J([w.upos, w.xpos, w.feats])),
    Lemmas: alignmentScore(a, lemma),
    UAS: alignmentScore(a, (w, ga) => J(ga(w.parent))),
    LAS: alignmentScore(a, (w, ga) => J([ga(w.parent), w.deprel])),
    CLAS: alignmentScore(a, (w, ga) => J([ga(w.parent), w.deprel]), (w) => w.isContent),
    MLAS: alignmentScore(a, (w, ga) => J([ga(w.parent), w.deprel, w.upos, w.feats, children(w, ga)]), (w) => w.isContent),
    BLEX: alignmentScore(a, (w, ga) => J([ga(w.parent), w.deprel, lemma(w, ga)]), (w) => w.isContent),
  };
}

/** Score two CoNLL-U strings. */
export function scoreConllu(goldText: string, systemText: string, files: { gold?: string; system?: string } = {}): UdScores {
  return evaluateUd(loadUd(goldText, files.gold), loadUd(systemText, files.system));
}

/** The raw text the system is given for a gold file: `# text` lines (or the rebuilt text)
 * joined by a space; a blank line where the gold file starts a new paragraph or document. */
export function goldRawText(sentences: readonly ConlluSentence[]): string {
  const parts: string[] = [];
  for (let i = 0; i < sentences.length; i++) {
    const s = sentences[i];
    if (i > 0) {
      const brk = s.comments.some((c) => /^#\s*new(par|doc)\b/.test(c));
      parts.push(brk ? '\n\n' : ' ');
    }
    parts.push(s.text ?? sentenceTextOf(s));
  }
  return parts.join('');
}

function sentenceTextOf(s: ConlluSentence): string {
  let out = '';
  for (let i = 0; i < s.tokens.length; i++) {
    out += s.tokens[i].form;
    if (s.tokens[i].spaceAfter && i < s.tokens.length - 1) out += ' ';
  }
  return out;
}

/** A fixed-width table like the Python scorer's verbose output. */
export function formatUdTable(scores: UdScores): string {
  const pad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);
  const lines = ['Metric     | Precision |    Recall |  F1 Score | AligndAcc', '-----------+-----------+-----------+-----------+-----------'];
  for (const m of UD_METRICS) {
    const s = scores[m];
    lines.push(
      `${m.padEnd(11)}|${pad(s.precision.toFixed(2), 10)} |${pad(s.recall.toFixed(2), 10)} |${pad(s.f1.toFixed(2), 10)} |${s.aligned_accuracy === null ? '' : pad(s.aligned_accuracy.toFixed(2), 10)}`,
    );
  }
  return lines.join('\n') + '\n';
}
