/**
 * Quote scoring for `sokhan eval news` (eval/news/GUIDELINES.md).
 * Spans are trimmed of surrounding white space and of final/edge punctuation (. » « " ، : ؛ ! ؟)
 * on both sides; a system quote matches a gold quote when
 *   overlap = |gold ∩ system| / max(|gold|, |system|) ≥ threshold (0.9),
 * one-to-one, greedily by best overlap. Speaker accuracy compares names after folding
 * (Persian letters, ZWNJ and spaces removed) over matched quotes.
 */
import { foldKey } from './text.js';

export interface GoldQuote {
  start: number;
  end: number;
  kind: 'direct' | 'indirect';
  speaker: string;
}
export interface SysQuote {
  start: number;
  end: number;
  kind: 'direct' | 'indirect';
  speaker: { name: string };
}

export interface QuoteScore {
  gold: number;
  system: number;
  matched: number;
  speakerCorrect: number;
  precision: number;
  recall: number;
  f1: number;
  speakerAccuracy: number;
}

const EDGE = new Set([' ', '\n', '\t', '\u200c', '\u200e', '\u200f', '\u00a0', '.', '»', '«', '"', '،', ',', ':', '؛', ';', '!', '؟', '?', '“', '”']);

export function trimSpan(text: string, start: number, end: number): [number, number] {
  while (start < end && EDGE.has(text[start])) start++;
  while (end > start && EDGE.has(text[end - 1])) end--;
  return [start, end];
}

export function overlap(text: string, a: { start: number; end: number }, b: { start: number; end: number }): number {
  const [as, ae] = trimSpan(text, a.start, a.end);
  const [bs, be] = trimSpan(text, b.start, b.end);
  const inter = Math.max(0, Math.min(ae, be) - Math.max(as, bs));
  const m = Math.max(ae - as, be - bs);
  return m > 0 ? inter / m : 0;
}

export function sameSpeaker(a: string, b: string): boolean {
  const f = (s: string): string => {
    let k = foldKey(s);
    if (k.startsWith(foldKey('یک'))) k = k.slice(2);
    return k;
  };
  return f(a) === f(b);
}

export interface Matched {
  gold: GoldQuote;
  system: SysQuote;
  overlap: number;
}

/** Match system quotes to gold quotes in one article. */
export function matchQuotes(text: string, gold: readonly GoldQuote[], sys: readonly SysQuote[], threshold = 0.9): { matched: Matched[]; missed: GoldQuote[]; spurious: SysQuote[] } {
  const pairs: Matched[] = [];
  for (const g of gold) for (const s of sys) {
    const o = overlap(text, g, s);
    if (o >= threshold) pairs.push({ gold: g, system: s, overlap: o });
  }
  pairs.sort((a, b) => b.overlap - a.overlap);
  const ug = new Set<GoldQuote>();
  const us = new Set<SysQuote>();
  const matched: Matched[] = [];
  for (const p of pairs) {
    if (ug.has(p.gold) || us.has(p.system)) continue;
    ug.add(p.gold);
    us.add(p.system);
    matched.push(p);
  }
  return { matched, missed: gold.filter((g) => !ug.has(g)), spurious: sys.filter((s) => !us.has(s)) };
}

export function summarizeScore(gold: number, system: number, matched: number, speakerCorrect: number): QuoteScore {
  const pct = (a: number, b: number): number => (b > 0 ? Math.round((10000 * a) / b) / 100 : 0);
  const precision = pct(matched, system);
  const recall = pct(matched, gold);
  const f1 = precision + recall > 0 ? Math.round((200 * precision * recall) / (precision + recall)) / 100 : 0;
  return { gold, system, matched, speakerCorrect, precision, recall, f1, speakerAccuracy: pct(speakerCorrect, matched) };
}
