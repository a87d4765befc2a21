import { normalize } from '../text/normalize.js';
import type { OffsetMap } from '../doc/offset-map.js';
import type { Entity as DocEntity } from '../doc/types.js';
import { sokhan, type Pipeline } from '../pipeline.js';
import { articleText } from './article.js';
import { findDates, findNumbers } from './dates.js';
import { keyphrases, type Keyphrase } from './keyphrases.js';
import { AGENCIES, BOUNDARIES, DEMONSTRATIVES, PLACES, PRONOUNS, RANKS, STOPWORDS, TITLE_HEADS } from './lexicon.js';
import { detectQuotes, parseSubject, type KnownNames, type QuoteCand, type SpeakerMention } from './quotes.js';
import { parseSourceAt, type SourceHit } from './source.js';
import { expandName, SpeakerResolver, type Ent } from './speakers.js';
import { paragraphs, sentences, type Layout, type Para, type Sent } from './structure.js';
import { cleanName, foldKey, PhraseSet, tokenizeLine } from './text.js';
import type {
  NewsArticleInput, NewsDate, NewsEntity, NewsMention, NewsNumber, NewsOptions, NewsQuote, NewsResult, NewsSentence, NewsSource,
} from './types.js';

let nerPipeline: Pipeline | null | undefined;

/** The sokhan pipeline with NER when every component works in this build; otherwise null (own fallbacks are used). */
function pipeline(): Pipeline | null {
  if (nerPipeline !== undefined) return nerPipeline;
  try {
    const p = sokhan({ components: ['normalize', 'tokenize', 'ner'] });
    p('آزمون'); // components that are not ready throw here
    nerPipeline = p;
  } catch {
    nerPipeline = null;
  }
  return nerPipeline;
}

function nonBlank(x: unknown): boolean {
  return typeof x === 'string' && x.trim().length > 0;
}

/**
 * Read a news article: source line, entities with titles, quotes with resolved speakers,
 * key phrases, an extractive summary, dates and numbers. `input` is raw text or a JSON article;
 * every offset indexes the raw text, or `articleText(article)` for an article.
 */
export function readNews(input: string | NewsArticleInput, options: NewsOptions = {}): NewsResult {
  let source: string;
  let layout: Layout | null = null;
  if (typeof input === 'string') source = input;
  else {
    source = articleText(input);
    const lead = nonBlank(input.lead) ? input.lead : input.abstract;
    layout = { hasTitle: nonBlank(input.title), hasLead: nonBlank(lead) };
  }
  const nSent = clampInt(options.sentences, 3, 0, 50);
  const nKey = clampInt(options.keyphrases, 10, 0, 100);

  // Normalise (and run NER when the pipeline works); offsets map back through `map`.
  let text: string;
  let map: OffsetMap;
  let nerEntities: DocEntity[] = [];
  const given = options.doc;
  if (given !== undefined && given !== null) {
    if (typeof given !== 'object' || typeof given.text !== 'string' || !given.map || given.source !== source) {
      throw new TypeError('sokhan news: options.doc must be the analysed doc of exactly the input text (articleText(article) for an article)');
    }
  }
  const nlp = given || options.usePipeline === false ? null : pipeline();
  let done = false;
  if (given) {
    text = given.text;
    map = given.map;
    nerEntities = given.entities ?? [];
    done = true;
  } else if (nlp) {
    try {
      const doc = nlp(source);
      text = doc.text;
      map = doc.map;
      nerEntities = doc.entities;
      done = true;
    } catch {
      done = false;
    }
  }
  if (!done) {
    const n = normalize(source);
    text = n.text;
    map = n.map;
  }
  const toSrc = (s: number, e: number): [number, number] => map.toSourceSpan(s, e);
  const mention = (s: number, e: number): NewsMention => {
    const [a, b] = toSrc(s, e);
    return { start: a, end: b, text: source.slice(a, b) };
  };

  const paras = paragraphs(text!, layout);
  const sents = sentences(paras);

  // Pass A finds names in clean subject positions; pass B re-reads subjects knowing them.
  const passA = detectQuotes(text!, paras, sents, { known: null });
  const known = knownNames(passA, nerEntities, text!);
  const resolver = new SpeakerResolver();
  type Ev = { at: number; q?: QuoteCand; note?: SpeakerMention };
  // Names followed by a title anywhere in the text are registered first (title → person links).
  for (const p of paras) {
    for (let i = 0; i < p.toks.length; i++) {
      const m = known.matchAt(p.toks, i);
      if (!m) continue;
      const r = parseSubject(p.toks, i, p.toks.length, text!, known);
      if (r && r.m.kind === 'name' && r.m.titles.length) {
        resolver.preRegister(r.m);
        for (const t of r.m.titles) known.titles!.add(t, true);
      }
      i = m.end - 1;
    }
  }
  const cands = detectQuotes(text!, paras, sents, { known });
  // Resolve speakers in reading order, noting sentence-initial names for pronouns.
  const events: Ev[] = cands.map((q) => ({ at: q.at, q }));
  for (const s of sents) {
    const p = paras[s.para];
    if (p.zone === 'title') continue;
    let a = s.a;
    const src = parseSourceAt(p.toks, a, s.b, text!);
    if (src) a = src.next;
    if (a >= s.b) continue;
    const r = parseSubject(p.toks, a, s.b, text!, known);
    if (r && r.m.kind === 'name') events.push({ at: p.toks[a].start - 0.5, note: r.m });
  }
  events.sort((x, y) => x.at - y.at);
  const resolvedQ: { q: QuoteCand; e: Ent }[] = [];
  for (const ev of events) {
    if (ev.q) {
      const quiet = ev.q.zone === 'title' && ev.q.kind === 'indirect';
      resolvedQ.push({ q: ev.q, e: quiet ? resolver.resolveQuiet(ev.q.speaker, ev.q.zone) : resolver.resolve(ev.q.speaker, ev.q.zone) });
    }
    else if (ev.note) resolver.noteSubject(ev.note);
  }

  // One-word speaker names gain a first name from a rank or title context elsewhere in the text.
  const isRank = (i: number, t: readonly { key: string; kind: string; text: string }[]): boolean => i >= 0 && !!t[i] && RANKS.has(t[i].text);
  const isTitleAt = (i: number, t: readonly { key: string; kind: string; text: string }[]): boolean => !!t[i] && !!TITLE_HEADS.matchAt(t as never, i);
  const isNameWord = (k: string): boolean => !STOPWORDS.has(k) && !BOUNDARIES.has(k) && !PRONOUNS.has(k) && !DEMONSTRATIVES.has(k);
  for (const e of new Set(resolvedQ.map((r) => resolver.final(r.e)))) expandName(e, paras, isRank, isTitleAt, isNameWord);

  // Entities: speakers first, then NER entities and places not already covered.
  const ents: Ent[] = [];
  const seen = new Set<Ent>();
  for (const { e } of resolvedQ) {
    const r = resolver.final(e);
    if (!seen.has(r)) {
      seen.add(r);
      ents.push(r);
    }
  }
  for (const e of resolver.named()) {
    if (!seen.has(e)) {
      seen.add(e);
      ents.push(e);
    }
  }
  const extra = otherEntities(paras, nerEntities, text!, ents);
  const all = [...ents, ...extra];
  const outEntities: NewsEntity[] = [];
  const idOf = new Map<Ent, string>();
  all.forEach((e, i) => {
    const id = `e${i + 1}`;
    idOf.set(e, id);
    const spans = collectMentions(e, text!);
    outEntities.push({
      id,
      name: e.name,
      type: e.type,
      titles: e.titles,
      ranks: e.ranks,
      mentions: spans.map((s) => mention(s.start, s.end)),
    });
  });

  const quotes: NewsQuote[] = resolvedQ
    .sort((a, b) => a.q.start - b.q.start)
    .map(({ q, e }) => {
      const r = resolver.final(e);
      const [s, en] = toSrc(q.start, q.end);
      const sp: NewsQuote['speaker'] = { entity: idOf.get(r), name: r.name };
      if (q.speaker.kind !== 'zero' && q.speaker.end > q.speaker.start) sp.mention = mention(q.speaker.start, q.speaker.end);
      return { kind: q.kind, speaker: sp, verb: q.verb, text: source.slice(s, en), start: s, end: en };
    });

  // One ranking serves both: the first nKey of a longer list are the nKey list (greedy, in score order).
  const kps = keyphrases(paras, Math.max(20, nKey));
  return {
    offsets: 'utf16',
    source: findSource(paras, sents, text!, toSrc, source),
    entities: outEntities,
    quotes,
    keyphrases: kps.slice(0, nKey),
    summary: summarize(paras, sents, text!, nSent, kps, toSrc, source),
    dates: paras.flatMap((p) => findDates(p.toks)).map((d): NewsDate => {
      const m = mention(d.start, d.end);
      return { text: m.text, iso: d.iso, calendar: d.calendar, start: m.start, end: m.end };
    }),
    numbers: paras.flatMap((p) => findNumbers(p.toks)).map((d): NewsNumber => {
      const m = mention(d.start, d.end);
      return { text: m.text, value: d.value, start: m.start, end: m.end };
    }),
  };
}

function clampInt(v: unknown, dflt: number, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) return dflt;
  return Math.max(min, Math.min(max, Math.floor(v)));
}

/** Known names: full names of named speakers and NER persons, plus their surnames (last one or two words). */
function knownNames(passA: readonly QuoteCand[], ner: readonly DocEntity[], text: string): KnownNames {
  const set: KnownNames = Object.assign(new PhraseSet<string>(), { titles: new PhraseSet<true>() });
  const addName = (name: string, type: string): void => {
    const words = cleanName(name).split(' ').filter(Boolean);
    if (!words.length) return;
    set.add(words.join(' '), words.join(' '));
    if (type !== 'PER' || words.length < 2) return;
    const last = words[words.length - 1];
    if (foldKey(last).length >= 3 && !STOPWORDS.has(foldKey(last))) set.add(last, words.join(' '));
    if (words.length >= 3) set.add(words.slice(-2).join(' '), words.join(' '));
  };
  const names = passA.filter((q) => q.speaker.kind === 'name' && q.speaker.clean !== false).map((q) => q.speaker);
  // A «name» that starts with another person's surname is that surname plus other words («موسوی مبغوض‌ترین حلال»).
  const surnames = new Set(names.filter((m) => m.type === 'PER' && (m.keys?.length ?? 0) >= 2).map((m) => m.keys![m.keys!.length - 1]));
  for (const m of names) {
    if ((m.keys?.length ?? 0) >= 2 && surnames.has(m.keys![0]) && !names.some((o) => o !== m && o.keys && o.keys.length >= 2 && o.keys[o.keys.length - 1] === m.keys![m.keys!.length - 1])) continue;
    addName(m.text, m.type);
  }
  for (const e of ner) {
    if (e.type !== 'PER' && e.type !== 'ORG') continue;
    const name = text.slice(e.start, e.end);
    if (AGENCIES.matchAt(tokenizeLine(name, 0, name.length), 0)) continue; // «خبرگزاری فارس» is the source, not a speaker
    addName(name, e.type);
  }
  return set;
}

/** NER entities and gazetteer places that are not speakers. */
function otherEntities(paras: readonly Para[], ner: readonly DocEntity[], text: string, speakers: readonly Ent[]): Ent[] {
  const out: Ent[] = [];
  const byKey = new Map<string, Ent>();
  const covered = (keys: string[]): boolean =>
    speakers.some((e) => e.keys.join('') === keys.join('') || (e.keys.length > keys.length && e.keys.join('').endsWith(keys.join(''))));
  const add = (name: string, type: Ent['type'], s: number, e: number): void => {
    const keys = cleanName(name).split(' ').map(foldKey).filter(Boolean);
    if (!keys.length || covered(keys)) return;
    const k = keys.join(' ');
    let ent = byKey.get(k);
    if (!ent) {
      ent = { name: cleanName(name), keys, type, titles: [], ranks: [], provisional: false, standalone: false, mentions: [] };
      byKey.set(k, ent);
      out.push(ent);
    }
    ent.mentions.push({ start: s, end: e });
  };
  for (const e of ner) {
    if (e.type === 'PER' || e.type === 'ORG' || e.type === 'LOC') add(text.slice(e.start, e.end), e.type, e.start, e.end);
  }
  for (const p of paras) {
    for (let i = 0; i < p.toks.length; i++) {
      const m = PLACES.matchAt(p.toks, i);
      if (m) {
        add(text.slice(p.toks[i].start, p.toks[m.end - 1].end), 'LOC', p.toks[i].start, p.toks[m.end - 1].end);
        i = m.end - 1;
      }
    }
  }
  return out;
}

/** All mentions of an entity: recorded ones plus every occurrence of its name, surname and titles. */
function collectMentions(e: Ent, text: string): { start: number; end: number }[] {
  const spans = [...e.mentions];
  const forms = new Set<string>();
  if (!e.provisional) forms.add(e.name);
  const words = e.name.split(' ');
  if (e.type === 'PER' && words.length >= 2 && !e.provisional) {
    const last = words[words.length - 1];
    if (last.length >= 3 && !STOPWORDS.has(foldKey(last))) forms.add(last);
  }
  for (const t of e.titles) if (t.split(' ').length >= 2) forms.add(t);
  for (const f of forms) {
    if (!f) continue;
    let from = 0;
    for (let guard = 0; guard < 1000; guard++) {
      const i = text.indexOf(f, from);
      if (i < 0) break;
      const before = i > 0 ? text[i - 1] : ' ';
      const after = text[i + f.length] ?? ' ';
      if (!isLetter(before) && !isLetter(after)) spans.push({ start: i, end: i + f.length });
      from = i + f.length;
    }
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: { start: number; end: number }[] = [];
  for (const s of spans) {
    const prev = out[out.length - 1];
    if (prev && s.start < prev.end) continue; // nested or overlapping: keep the first, longest
    if (s.end > s.start) out.push(s);
  }
  return out;
}

function isLetter(ch: string): boolean {
  return /[\p{L}\p{M}\p{N}\u200c]/u.test(ch);
}

function findSource(
  paras: readonly Para[], sents: readonly Sent[], text: string, toSrc: (s: number, e: number) => [number, number], source: string,
): NewsSource | null {
  // Rank: «به گزارش …» > dateline > «به نقل از …» > a bare «خبرگزاری فارس:» prefix; earliest wins a tie.
  const rank = { report: 3, dateline: 2, via: 1, prefix: 0 } as const;
  let best: SourceHit | null = null;
  for (const s of sents) {
    const p = paras[s.para];
    if (p.zone === 'title') continue;
    if (p.index > 8) break;
    for (let i = s.a; i < Math.min(s.b, s.a + 3); i++) {
      const h = parseSourceAt(p.toks, i, s.b, text);
      if (!h) continue;
      if (!best || rank[h.pattern] > rank[best.pattern]) best = h;
      break;
    }
    if (best && best.pattern === 'report') break;
  }
  if (!best) return null;
  const [a, b] = toSrc(best.start, best.end);
  const out: NewsSource = { text: source.slice(a, b), start: a, end: b };
  if (best.agency) out.agency = best.agency;
  if (best.desk) out.desk = best.desk;
  if (best.dateline) out.dateline = best.dateline;
  if (best.via) out.via = best.via;
  return out;
}

/**
 * Extractive summary: each lead/body sentence is scored by the key-phrase words it contains
 * (sum of their key-phrase scores / √length) × a position weight (lead 1.5, then 1.2 for the first
 * body paragraph, decaying as 1/(1+0.1·paragraph)); the top N are returned in text order.
 * Title lines and bare source prefixes are excluded; very short sentences (< 5 words) are skipped.
 */
function summarize(
  paras: readonly Para[], sents: readonly Sent[], text: string, n: number, kps: readonly Keyphrase[],
  toSrc: (s: number, e: number) => [number, number], source: string,
): NewsSentence[] {
  if (n <= 0) return [];
  const weight = new Map<string, number>();
  for (const k of kps) for (const w of k.text.split(' ')) weight.set(foldKey(w), Math.max(weight.get(foldKey(w)) ?? 0, k.score));
  const scored: { s: Sent; score: number }[] = [];
  let firstBody = -1;
  for (const s of sents) {
    const p = paras[s.para];
    if (p.zone === 'title') continue;
    const words = p.toks.slice(s.a, s.b).filter((t) => t.kind === 'word');
    if (words.length < 5) continue;
    if (p.zone === 'body' && firstBody < 0) firstBody = p.index;
    let sc = 0;
    for (const w of words) sc += weight.get(w.key) ?? 0;
    sc /= Math.sqrt(words.length);
    const pos = p.zone === 'lead' ? 1.5 : p.index === firstBody ? 1.2 : 1 / (1 + 0.1 * Math.max(0, p.index - Math.max(firstBody, 0)));
    scored.push({ s, score: sc * pos });
  }
  const top = [...scored].sort((a, b) => b.score - a.score).slice(0, n).sort((a, b) => a.s.start - b.s.start);
  return top.map(({ s }) => {
    const [a, b] = toSrc(s.start, s.end);
    return { text: source.slice(a, b), start: a, end: b };
  });
}

