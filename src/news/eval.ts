/**
 * Quote scoring for `sokhan eval news` (eval/news/GUIDELINES.md).
 * Spans are trimmed of surrounding white space and of final/edge punctuation (. » « " ، : ؛ ! ؟)
 * on both sides; a system quote matches a gold quote when
 *   overlap = |gold ∩ system| / max(|gold|, |system|) ≥ threshold (0.9),
 * one-to-one, greedily by best overlap. Speaker accuracy compares names after folding
 * (Persian letters, ZWNJ and spaces removed) over matched quotes.
 */
import { foldKey } from './text.js';
import { articleText } from './article.js';
import { readNews } from './read.js';
import type { NewsArticleInput } from './types.js';

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

export interface GoldArticleItem {
  article: NewsArticleInput;
  quotes: GoldQuote[];
  split?: string;
  /** Label for error lines, e.g. `fars-news-1.json.gz #22`. */
  label?: string;
}

export interface NewsEvalResult {
  overall: QuoteScore;
  splits: Record<string, QuoteScore>;
  articles: number;
  threshold: number;
  /** Missed / spurious / wrong-speaker lines (human-readable). */
  errors: string[];
}

/** Run the reader on annotated articles and score quotes and speakers, overall and per split. */
export function evaluateNews(items: readonly GoldArticleItem[], threshold = 0.9): NewsEvalResult {
  const splits = new Map<string, { g: number; s: number; m: number; sp: number }>();
  const tot = { g: 0, s: 0, m: 0, sp: 0 };
  const errors: string[] = [];
  for (const it of items) {
    const text = articleText(it.article);
    const res = readNews(it.article);
    const { matched, missed, spurious } = matchQuotes(text, it.quotes, res.quotes, threshold);
    const sp = matched.filter((m) => sameSpeaker(m.gold.speaker, m.system.speaker.name)).length;
    const key = it.split ?? 'all';
    const acc = splits.get(key) ?? { g: 0, s: 0, m: 0, sp: 0 };
    for (const o of [acc, tot]) {
      o.g += it.quotes.length;
      o.s += res.quotes.length;
      o.m += matched.length;
      o.sp += sp;
    }
    splits.set(key, acc);
    const label = it.label ?? '';
    const cut = (s: number, e: number): string => text.slice(s, e).replace(/\s+/g, ' ').slice(0, 90);
    for (const g of missed) errors.push(`${label} MISSED  ${g.kind} [${g.start},${g.end}] ${g.speaker}: ${cut(g.start, g.end)}`);
    for (const s of spurious) errors.push(`${label} SPURIOUS ${s.kind} [${s.start},${s.end}] ${s.speaker.name}: ${cut(s.start, s.end)}`);
    for (const m of matched) if (!sameSpeaker(m.gold.speaker, m.system.speaker.name)) errors.push(`${label} SPEAKER gold=${m.gold.speaker} system=${m.system.speaker.name}: ${cut(m.gold.start, m.gold.end)}`);
  }
  return {
    overall: summarizeScore(tot.g, tot.s, tot.m, tot.sp),
    splits: Object.fromEntries([...splits].map(([k, v]) => [k, summarizeScore(v.g, v.s, v.m, v.sp)])),
    articles: items.length,
    threshold,
    errors,
  };
}
