/**
 * Per-article analysis for the archive: the sokhan pipeline (normaliser, tokenizer, tagger,
 * lemmatiser, NER — whichever of them work in this build), the news reader (`readNews`), and the
 * search keys of every word. Runs inside piscina worker threads (./worker.ts) or in-process.
 *
 * The result is plain data (structured-clone safe) that ./store.ts writes in one transaction.
 */
import { sokhan, type Pipeline, type ComponentName } from '../pipeline.js';
import { normalize } from '../text/index.js';
import { lemmatize as lemmatizeWord } from '../morph/lemmatize.js';
import type { Doc } from '../doc/types.js';
import { articleText, readNews, type NewsArticleInput, type NewsResult } from '../news/index.js';
import { encodeWords, foldKey, indexWords, lemmaKey, nameKey, type IndexWord } from './keys.js';
import { farsLinkDate } from './dates.js';

/** One article to analyse, as read from an input file. */
export interface ImportItem {
  key: string;
  file: string;
  /** 1-based line of the article (JSONL line, or the line where a JSON array element starts). */
  line: number;
  /** A JSON article (title, abstract/lead, paragraphs/body, …) or a plain-text article. */
  article?: Record<string, unknown>;
  text?: string;
}

export interface AnalysedEntity {
  name: string;
  nameKey: string;
  type: string;
  titles: string[];
  mentions: { start: number; end: number; text: string }[];
}

export interface AnalysedQuote {
  kind: 'direct' | 'indirect';
  speakerName: string;
  speakerKey: string;
  /** Index into `entities`, or -1. */
  speakerEntity: number;
  mention: { start: number; end: number; text: string } | null;
  verb: string;
  text: string;
  start: number;
  end: number;
}

export interface AnalysedArticle {
  key: string;
  file: string;
  line: number;
  title: string | null;
  link: string | null;
  externalId: string | null;
  source: string | null;
  agency: string | null;
  category: string | null;
  subcategory: string | null;
  tags: string[];
  date: string | null;
  jalaliDate: string | null;
  original: string;
  normalized: string;
  /** Source offsets of each index word: [start0, end0, start1, end1, …]. */
  wordsPos: Int32Array;
  /** ./keys.ts encodeWords() of the index words. */
  words: string;
  fts: { surf: string; lemma: string; extra: string };
  entities: AnalysedEntity[];
  quotes: AnalysedQuote[];
  keyphrases: { text: string; score: number }[];
  dates: { text: string; iso: string; start: number; end: number }[];
  newsSource: unknown;
  analysis: string;
  /** Problems that did not stop the article (e.g. a component that threw on it). */
  warnings: string[];
}

type LemmatizeFn = (word: string, upos?: string) => string;

export interface Analyser {
  nlp: Pipeline;
  /** The same pipeline without NER, for queries (entities are not needed there); built on first use. */
  queryNlp?: Pipeline;
  components: ComponentName[];
  lemmatize: LemmatizeFn | null;
  news: boolean;
  /** Why a stage is missing, for the import summary. */
  notes: string[];
}

/**
 * `full`: ONE sokhan pipeline pass (normalize, tokenize, pos, lemma, ner) whose doc feeds both
 * the index (lemmas) and the news reader (`readNews(input, { doc })`: its normalised text, offset
 * map and NER entities) for entities, quotes, key phrases and dates. Nothing is analysed twice.
 * `fast`: normalize, tokenize, ner (no tagger or contextual lemmatiser: lemmas come from the
 * lemmatiser on each word, cached) and the same news reader. Lemmas are guessed from the form alone.
 */
export type AnalysisMode = 'full' | 'fast';

/** Component lists to try, longest first (a component that fails in this build is left out). */
const FULL: ComponentName[][] = [
  ['normalize', 'tokenize', 'pos', 'lemma', 'ner'],
  ['normalize', 'tokenize', 'lemma', 'ner'],
  ['normalize', 'tokenize', 'ner'],
  ['normalize', 'tokenize', 'pos', 'lemma'],
  ['normalize', 'tokenize', 'lemma'],
  ['normalize', 'tokenize'],
  ['normalize'],
];
const FAST: ComponentName[][] = [['normalize', 'tokenize', 'ner'], ['normalize', 'tokenize'], ['normalize']];

const PROBE = 'به گزارش خبرگزاری فارس، علی لاریجانی رئیس مجلس روز دوشنبه در تهران گفت: «تحریم‌ها اثری ندارد.»';

const shared = new Map<AnalysisMode, Promise<Analyser>>();

/**
 * Build the analyser once per thread and mode: the longest component list that runs on a probe
 * sentence (components still being written fail and are left out, which is recorded in each
 * article's `analysis` field and in the import notes), the lemmatiser, and the news reader.
 */
export function getAnalyser(mode: AnalysisMode = 'full'): Promise<Analyser> {
  let p = shared.get(mode);
  if (!p) {
    p = buildAnalyser(mode);
    shared.set(mode, p);
  }
  return p;
}

async function buildAnalyser(mode: AnalysisMode): Promise<Analyser> {
  const notes: string[] = [];
  let news = true;
  try {
    readNews({ title: 'تحریم', abstract: PROBE, paragraphs: [PROBE] });
  } catch (e) {
    news = false;
    notes.push(`news reader unavailable (${(e as Error).message})`);
  }
  const candidates = mode === 'fast' ? FAST : FULL;
  let chosen: { nlp: Pipeline; components: ComponentName[] } | null = null;
  let firstError = '';
  for (const components of candidates) {
    try {
      const nlp = sokhan({ components });
      nlp(PROBE);
      chosen = { nlp, components };
      break;
    } catch (e) {
      if (!firstError) firstError = (e as Error).message;
    }
  }
  if (!chosen) throw new Error(`sokhan archive: even the normaliser fails: ${firstError}`);
  if (chosen.components.length < candidates[0].length) notes.push(`pipeline reduced to ${chosen.components.join(',')} (${firstError})`);
  let lemmatize: LemmatizeFn | null = null;
  if (!chosen.components.includes('lemma')) {
    try {
      lemmatizeWord('می\u200cگوید', 'VERB'); // loads the lexicon; fails clearly if the model is missing
      lemmatize = lemmatizeWord;
    } catch (e) {
      notes.push(`lemmatiser unavailable (${(e as Error).message}); using the archive's affix stripper`);
    }
  }
  return { nlp: chosen.nlp, components: chosen.components, lemmatize, news, notes };
}

/** Notes on missing stages (empty when the whole analysis runs). */
export async function analyserNotes(mode: AnalysisMode = 'full'): Promise<string[]> {
  return (await getAnalyser(mode)).notes;
}

function str(x: unknown): string | null {
  return typeof x === 'string' && x.trim().length > 0 ? x : typeof x === 'number' && Number.isFinite(x) ? String(x) : null;
}

/** Host of a URL without `www.`, or null. */
export function linkHost(link: string | null): string | null {
  if (!link) return null;
  try {
    return new URL(link).hostname.replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}

/**
 * The news reader's input for an item: the JSON article (with a plain `text`/`content` field as
 * its body when it has no body/paragraphs), or the plain text. `articleText()` of it is the
 * article's original text.
 */
export function newsInput(item: Pick<ImportItem, 'article' | 'text'>): NewsArticleInput | string {
  if (item.article) {
    const a = item.article as NewsArticleInput;
    // Plain `text`/`content` fields are accepted as the body when there is no body/paragraphs.
    if (a.body === undefined && a.paragraphs === undefined) {
      const t = str(a.text) ?? str(a.content);
      if (t) return { ...a, body: t };
    }
    return a;
  }
  return item.text ?? '';
}

/** The article's original text, as every stored offset indexes it. */
export function originalText(item: Pick<ImportItem, 'article' | 'text'>): string {
  const input = newsInput(item);
  return typeof input === 'string' ? input : articleText(input);
}

/** Lemma keys by surface form (and UPOS): word frequencies are Zipfian, so this saves most calls. */
const lemmaCache = new Map<string, string>();

/** The words of a normalised text, with lemmas from the doc (or the lemmatiser, or the stripper). */
export function wordsOfDoc(doc: Pick<Doc, 'text' | 'tokens'>, lemmatize: LemmatizeFn | null): IndexWord[] {
  const byStart = new Map<number, string>();
  const byEnd = new Map<number, string>();
  const uposByStart = new Map<number, string>();
  for (const t of doc.tokens ?? []) {
    const host = t.words && t.words.length > 0 ? t.words[0] : t;
    if (host.lemma) {
      byStart.set(t.start, host.lemma);
      byEnd.set(t.end, host.lemma);
    }
    if (host.upos) uposByStart.set(t.start, host.upos);
  }
  const text = doc.text;
  return indexWords(text, (w) => {
    const prefixed = w.parts.length > 1 && (w.parts[0] === 'می' || w.parts[0] === 'نمی');
    const l = prefixed ? (byEnd.get(w.end) ?? byStart.get(w.start)) : (byStart.get(w.start) ?? byEnd.get(w.end));
    if (l) {
      const k = lemmaKey(l);
      if (k) return k;
    }
    if (lemmatize) {
      const surface = text.slice(w.start, w.end);
      const upos = uposByStart.get(w.start);
      const ck = upos ? surface + '\t' + upos : surface;
      let k = lemmaCache.get(ck);
      if (k === undefined) {
        try {
          k = lemmaKey(lemmatize(surface, upos));
        } catch {
          k = '';
        }
        if (lemmaCache.size > 200_000) lemmaCache.clear();
        lemmaCache.set(ck, k);
      }
      if (k) return k;
    }
    return undefined;
  });
}

function ftsColumns(words: readonly IndexWord[]): { surf: string; lemma: string; extra: string } {
  const surf: string[] = [];
  const lemma: string[] = [];
  const extra: string[] = [];
  for (const w of words) {
    surf.push(w.key);
    lemma.push(w.lemma);
    for (const p of w.parts) extra.push(p);
  }
  return { surf: surf.join(' '), lemma: lemma.join(' '), extra: extra.join(' ') };
}

/** Analyse one article. Throws only on a bug; component failures become warnings. */
export async function analyseItem(item: ImportItem, mode: AnalysisMode = 'full'): Promise<AnalysedArticle> {
  const an = await getAnalyser(mode);
  return analyseWith(an, item);
}

export function analyseWith(an: Analyser, item: ImportItem): AnalysedArticle {
  const warnings: string[] = [];
  const a = item.article ?? {};
  const input = newsInput(item);
  const original = typeof input === 'string' ? input : articleText(input);
  let doc: Doc;
  let used = an.components.join(',');
  let docOk = true;
  try {
    doc = an.nlp(original);
  } catch (e) {
    docOk = false;
    warnings.push(`pipeline failed (${(e as Error).message}); indexed with the normaliser only`);
    const n = normalize(original);
    doc = { source: original, text: n.text, map: n.map, sentences: [], tokens: [], entities: [] };
    used = 'normalize';
  }
  const words = wordsOfDoc(doc, an.lemmatize);
  const wordsPos = new Int32Array(words.length * 2);
  for (let i = 0; i < words.length; i++) {
    const [s, e] = doc.map.toSourceSpan(words[i].start, words[i].end);
    wordsPos[2 * i] = s;
    wordsPos[2 * i + 1] = e;
  }

  let news: NewsResult | null = null;
  if (an.news) {
    try {
      // The pipeline's doc is passed on (same text, same normaliser, NER included when it works),
      // so the news reader does not normalise, tokenise and tag entities a second time.
      news = readNews(input, docOk ? { doc } : {});
    } catch (e) {
      warnings.push(`news reader failed (${(e as Error).message})`);
    }
  }

  const entities: AnalysedEntity[] = [];
  const quotes: AnalysedQuote[] = [];
  if (news) {
    const idx = new Map<string, number>();
    for (const e of news.entities) {
      const k = nameKey(e.name);
      if (!k) continue;
      idx.set(e.id, entities.length);
      entities.push({ name: e.name, nameKey: k, type: e.type, titles: e.titles ?? [], mentions: e.mentions.map((m) => ({ start: m.start, end: m.end, text: m.text })) });
    }
    for (const q of news.quotes) {
      const name = q.speaker?.name ?? '';
      quotes.push({
        kind: q.kind,
        speakerName: name,
        speakerKey: nameKey(name),
        speakerEntity: q.speaker?.entity !== undefined ? (idx.get(q.speaker.entity) ?? -1) : -1,
        mention: q.speaker?.mention ? { start: q.speaker.mention.start, end: q.speaker.mention.end, text: q.speaker.mention.text } : null,
        verb: q.verb,
        text: q.text,
        start: q.start,
        end: q.end,
      });
    }
  } else if (doc.entities && doc.entities.length > 0) {
    // No news reader: group the NER mentions by normalised name and type.
    const idx = new Map<string, number>();
    for (const e of doc.entities) {
      const k = nameKey(e.text);
      if (!k) continue;
      const id = e.type + '\t' + k;
      let i = idx.get(id);
      if (i === undefined) {
        i = entities.length;
        idx.set(id, i);
        entities.push({ name: e.text, nameKey: k, type: e.type, titles: [], mentions: [] });
      }
      entities[i].mentions.push({ start: e.sourceStart, end: e.sourceEnd, text: original.slice(e.sourceStart, e.sourceEnd) });
    }
  }

  const link = str(a.link) ?? str(a.url);
  const fars = link ? farsLinkDate(link) : null;
  const given = str(a.date) ?? str(a.published);
  const givenIso = given && /^\d{4}-\d{2}-\d{2}/.test(given) ? given.slice(0, 10) : null;
  const tags = Array.isArray(a.tags) ? (a.tags as unknown[]).filter((t): t is string => typeof t === 'string') : [];
  const base = item.file.replace(/^.*[\\/]/, '').replace(/\.(gz)$/i, '').replace(/\.(jsonl?|ndjson|txt)$/i, '');
  return {
    key: item.key,
    file: item.file,
    line: item.line,
    title: str(a.title),
    link,
    externalId: str(a.code) ?? str(a.id) ?? fars?.newsId ?? null,
    source: linkHost(link) ?? (base || null),
    agency: news?.source?.agency ?? null,
    category: str(a.cat) ?? str(a.category),
    subcategory: str(a.subcat) ?? str(a.subcategory),
    tags,
    date: fars?.iso ?? givenIso,
    jalaliDate: fars?.jalali ?? null,
    original,
    normalized: doc.text,
    wordsPos,
    words: encodeWords(words),
    fts: ftsColumns(words),
    entities,
    quotes,
    keyphrases: news?.keyphrases.map((k) => ({ text: k.text, score: k.score })) ?? [],
    dates: news?.dates.map((d) => ({ text: d.text, iso: d.iso, start: d.start, end: d.end })) ?? [],
    newsSource: news?.source ?? null,
    analysis: `pipeline:${used}${an.lemmatize ? ';lemmatize' : ''}${news ? ';news' : ''}`,
    warnings,
  };
}

/** Query-side analysis: the same normaliser, segmentation and lemmas as the articles get. */
export function analyseQueryText(an: Analyser, text: string): { text: string; words: IndexWord[] } {
  let doc: Pick<Doc, 'text' | 'tokens'>;
  try {
    if (!an.queryNlp) {
      const names = an.components.filter((c) => c !== 'ner');
      an.queryNlp = names.length === an.components.length ? an.nlp : sokhan({ components: names });
    }
    doc = an.queryNlp(text);
  } catch {
    doc = { text: normalize(text).text, tokens: [] };
  }
  return { text: doc.text, words: wordsOfDoc(doc, an.lemmatize) };
}

export { foldKey };
