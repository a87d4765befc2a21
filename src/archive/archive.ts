import type Database from 'better-sqlite3';
import { openDatabase, explainDbError } from './db.js';
import { getAnalyser, analyseQueryText, type Analyser } from './analyse.js';
import { decodeWords, nameKey, type StoredWord } from './keys.js';
import { ftsExpression, matchRanges, splitQuery, type QueryTerm } from './query.js';
import { parseDateBound } from './dates.js';
import { SCHEMA_VERSION } from './schema.js';
import type {
  AggregateFilter,
  Archive,
  ArchiveStats,
  ArticleRecord,
  EntityCount,
  EntityRecord,
  MonthCount,
  OpenArchiveOptions,
  QuoteRecord,
  SearchHit,
  SearchQuery,
  SearchResults,
  Snippet,
} from './types.js';

const MAX_QUERY_CHARS = 2000;
const MAX_QUERY_WORDS = 32;

/** Words of context on each side of a match in a snippet. */
const CONTEXT_BEFORE = 10;
const SNIPPET_WORDS = 32;

/**
 * Open an archive file. Async because the query analyser (the sokhan pipeline and its
 * models) is loaded once here; every method after that is synchronous.
 * Errors are ArchiveError with a one-line message (locked, read-only, not an archive …).
 */
export async function openArchive(path: string, opts: OpenArchiveOptions = {}): Promise<Archive> {
  const db = openDatabase(path, opts);
  try {
    // Queries are short and have no context for the tagger: they get the `fast` analysis
    // (normaliser + lemmatiser on the form); the match also tries the word's own key as a lemma.
    const an = await getAnalyser('fast');
    return new SqliteArchive(db, path, opts.readonly === true, an);
  } catch (e) {
    db.close();
    throw e;
  }
}

interface Where {
  sql: string[];
  params: unknown[];
}

function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => '\\' + c);
}

class SqliteArchive implements Archive {
  constructor(
    private readonly db: Database.Database,
    readonly path: string,
    readonly readonly: boolean,
    private readonly an: Analyser,
  ) {}

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Analyse the query text into terms (the same analysis as the articles). */
  analyseQuery(text: string): QueryTerm[] {
    const terms: QueryTerm[] = [];
    const seen = new Set<string>();
    // A query is at most MAX_QUERY_CHARS long and MAX_QUERY_WORDS words (repeats dropped), so
    // a hostile query cannot make a huge FTS expression.
    let budget = MAX_QUERY_WORDS;
    let q = text;
    if (q.length > MAX_QUERY_CHARS) {
      const cut = q.lastIndexOf(' ', MAX_QUERY_CHARS);
      q = q.slice(0, cut > 0 ? cut : MAX_QUERY_CHARS);
    }
    for (const part of splitQuery(q)) {
      if (budget <= 0) break;
      const { text: norm, words: all } = analyseQueryText(this.an, part.text);
      if (part.phrase) {
        const words = all.slice(0, budget);
        const id = 'p' + words.map((w) => w.key).join(' ');
        if (words.length > 0 && !seen.has(id)) {
          seen.add(id);
          budget -= words.length;
          terms.push({ text: part.text, phrase: words.length > 1, prefix: false, words });
        }
        continue;
      }
      for (const w of all) {
        if (budget <= 0) break;
        const prefix = norm[w.end] === '*';
        const id = (prefix ? '*' : 'w') + w.key + '|' + w.lemma;
        if (seen.has(id)) continue;
        seen.add(id);
        budget--;
        terms.push({ text: norm.slice(w.start, w.end), phrase: false, prefix, words: [w] });
      }
    }
    return terms;
  }

  private filters(q: SearchQuery, alias = 'a'): Where {
    const w: Where = { sql: [], params: [] };
    const type = q.type?.trim().toUpperCase();
    if (q.entity && q.entity.trim()) {
      const k = nameKey(q.entity);
      w.sql.push(`${alias}.id IN (SELECT ae.article_id FROM article_entities ae JOIN entities e ON e.id = ae.entity_id
        WHERE (' ' || e.name_key || ' ') LIKE ? ESCAPE '\\'${type ? ' AND e.type = ?' : ''})`);
      w.params.push(`% ${likeEscape(k)} %`);
      if (type) w.params.push(type);
    } else if (type) {
      w.sql.push(`${alias}.id IN (SELECT ae.article_id FROM article_entities ae JOIN entities e ON e.id = ae.entity_id WHERE e.type = ?)`);
      w.params.push(type);
    }
    if (q.speaker && q.speaker.trim()) {
      const k = nameKey(q.speaker);
      w.sql.push(`${alias}.id IN (SELECT article_id FROM quotes WHERE (' ' || speaker_key || ' ') LIKE ? ESCAPE '\\')`);
      w.params.push(`% ${likeEscape(k)} %`);
    }
    if (q.from) {
      w.sql.push(`${alias}.date >= ?`);
      w.params.push(parseDateBound(q.from, false));
    }
    if (q.to) {
      w.sql.push(`${alias}.date <= ?`);
      w.params.push(parseDateBound(q.to, true));
    }
    if (q.source && q.source.trim()) {
      const s = q.source.trim();
      w.sql.push(`(${alias}.source = ? OR ${alias}.agency = ? OR ${alias}.source LIKE ? ESCAPE '\\' OR ${alias}.file LIKE ? ESCAPE '\\')`);
      w.params.push(s, s, `%${likeEscape(s)}%`, `%${likeEscape(s)}%`);
    }
    return w;
  }

  search(query: string | SearchQuery): SearchResults {
    const t0 = performance.now();
    const q: SearchQuery = typeof query === 'string' ? { text: query } : query;
    const limit = Math.max(0, Math.min(1000, Math.trunc(q.limit ?? 20)));
    const offset = Math.max(0, Math.trunc(q.offset ?? 0));
    const nSnippets = Math.max(0, Math.min(10, Math.trunc(q.snippets ?? 2)));
    const terms = q.text ? this.analyseQuery(q.text) : [];
    const match = ftsExpression(terms);
    const where = this.filters(q);
    const cols = 'a.id, a.key, a.title, a.link, a.source, a.agency, a.category, a.date, a.original, a.words, a.words_pos';
    type Row = {
      id: number; key: string; title: string | null; link: string | null; source: string | null; agency: string | null;
      category: string | null; date: string | null; original: string; words: string; words_pos: Buffer; rank: number;
    };
    let rows: Row[];
    let total: number;
    try {
      if (match) {
        const cond = ['article_fts MATCH ?', ...where.sql].join(' AND ');
        const params = [match, ...where.params];
        rows = this.db
          .prepare(`SELECT ${cols}, bm25(article_fts, 1.0, 0.8, 0.5) AS rank FROM article_fts JOIN articles a ON a.id = article_fts.rowid
            WHERE ${cond} ORDER BY rank LIMIT ? OFFSET ?`)
          .all(...params, limit, offset) as Row[];
        total = (this.db.prepare(`SELECT count(*) AS n FROM article_fts JOIN articles a ON a.id = article_fts.rowid WHERE ${cond}`).get(...params) as { n: number }).n;
      } else if (q.text && q.text.trim() && terms.length === 0) {
        // The query had text but no indexable word (only punctuation): nothing can match.
        rows = [];
        total = 0;
      } else {
        const cond = where.sql.length ? 'WHERE ' + where.sql.join(' AND ') : '';
        rows = this.db
          .prepare(`SELECT ${cols}, 0 AS rank FROM articles a ${cond} ORDER BY a.date IS NULL, a.date DESC, a.id DESC LIMIT ? OFFSET ?`)
          .all(...where.params, limit, offset) as Row[];
        total = (this.db.prepare(`SELECT count(*) AS n FROM articles a ${cond}`).get(...where.params) as { n: number }).n;
      }
    } catch (e) {
      throw explainDbError(e, this.path);
    }
    const speakerKey = q.speaker && q.speaker.trim() ? nameKey(q.speaker) : null;
    const hits: SearchHit[] = rows.map((r) => {
      const words = decodeWords(r.words);
      const pos = new Int32Array(r.words_pos.buffer.slice(r.words_pos.byteOffset, r.words_pos.byteOffset + r.words_pos.byteLength));
      const hit: SearchHit = {
        id: r.id,
        key: r.key,
        title: r.title,
        link: r.link,
        source: r.source,
        agency: r.agency,
        category: r.category,
        date: r.date,
        score: r.rank ? -r.rank : 0,
        snippets: makeSnippets(r.original, words, pos, terms, nSnippets),
      };
      if (speakerKey) {
        hit.quotes = this.quotesOf(r.id).filter((qq) => (' ' + nameKey(qq.speaker.name) + ' ').includes(' ' + speakerKey + ' '));
        // With no search words, the snippets are the speaker's quotes, the speaker's words highlighted.
        if (terms.length === 0 && hit.quotes.length > 0) hit.snippets = quoteSnippets(r.original, hit.quotes, nSnippets);
      }
      return hit;
    });
    return {
      terms: terms.map((t) => ({ text: t.text, phrase: t.phrase, prefix: t.prefix, keys: t.words.map((w) => w.key), lemmas: t.words.map((w) => w.lemma) })),
      total,
      hits,
      tookMs: Math.round((performance.now() - t0) * 100) / 100,
    };
  }

  private quotesOf(articleId: number): QuoteRecord[] {
    const rows = this.db
      .prepare('SELECT id, kind, speaker_name, speaker_entity, speaker_mention, verb, text, start, "end" FROM quotes WHERE article_id = ? ORDER BY start')
      .all(articleId) as { kind: string; speaker_name: string; speaker_entity: number | null; speaker_mention: string | null; verb: string; text: string; start: number; end: number }[];
    return rows.map((q) => ({
      articleId,
      kind: q.kind === 'indirect' ? 'indirect' : 'direct',
      speaker: { name: q.speaker_name, entityId: q.speaker_entity, ...(q.speaker_mention ? { mention: JSON.parse(q.speaker_mention) } : {}) },
      verb: q.verb,
      text: q.text,
      start: q.start,
      end: q.end,
    }));
  }

  getArticle(id: number): ArticleRecord | null {
    const r = this.db.prepare('SELECT * FROM articles WHERE id = ?').get(id) as Record<string, unknown> | undefined;
    if (!r) return null;
    const ents = this.db
      .prepare('SELECT e.id, e.name, e.type, e.titles, ae.mentions FROM article_entities ae JOIN entities e ON e.id = ae.entity_id WHERE ae.article_id = ? ORDER BY ae.count DESC, e.id')
      .all(id) as { id: number; name: string; type: string; titles: string; mentions: string }[];
    return {
      id: r.id as number,
      key: r.key as string,
      title: r.title as string | null,
      link: r.link as string | null,
      externalId: r.external_id as string | null,
      source: r.source as string | null,
      agency: r.agency as string | null,
      category: r.category as string | null,
      subcategory: r.subcategory as string | null,
      tags: JSON.parse(r.tags as string) as string[],
      date: r.date as string | null,
      jalaliDate: r.jalali_date as string | null,
      file: r.file as string | null,
      line: r.line as number | null,
      original: r.original as string,
      normalized: r.normalized as string,
      entities: ents.map((e) => ({ id: e.id, name: e.name, type: e.type, titles: JSON.parse(e.titles), mentions: JSON.parse(e.mentions) })),
      quotes: this.quotesOf(id),
      keyphrases: JSON.parse(r.keyphrases as string),
      dates: JSON.parse(r.dates as string),
      analysis: r.analysis as string,
    };
  }

  getEntity(id: number): EntityRecord | null {
    const e = this.db.prepare('SELECT id, name, type, titles FROM entities WHERE id = ?').get(id) as { id: number; name: string; type: string; titles: string } | undefined;
    if (!e) return null;
    const articles = (this.db.prepare('SELECT count(*) AS n FROM article_entities WHERE entity_id = ?').get(id) as { n: number }).n;
    const quotes = (this.db.prepare('SELECT count(*) AS n FROM quotes WHERE speaker_entity = ?').get(id) as { n: number }).n;
    const recent = this.db
      .prepare('SELECT a.id, a.title, a.date FROM article_entities ae JOIN articles a ON a.id = ae.article_id WHERE ae.entity_id = ? ORDER BY a.date IS NULL, a.date DESC, a.id DESC LIMIT 20')
      .all(id) as { id: number; title: string | null; date: string | null }[];
    return { id: e.id, name: e.name, type: e.type, titles: JSON.parse(e.titles), articles, quotes, recent };
  }

  findEntities(name: string, opts: { type?: string; limit?: number } = {}): EntityCount[] {
    const k = nameKey(name);
    if (!k) return [];
    const type = opts.type?.trim().toUpperCase();
    return this.db
      .prepare(`SELECT e.id, e.name, e.type, count(ae.article_id) AS count FROM entities e LEFT JOIN article_entities ae ON ae.entity_id = e.id
        WHERE e.name_key LIKE ? ESCAPE '\\' ${type ? 'AND e.type = ?' : ''} GROUP BY e.id ORDER BY count DESC, e.id LIMIT ?`)
      .all(`%${likeEscape(k)}%`, ...(type ? [type] : []), clampLimit(opts.limit)) as EntityCount[];
  }

  topSpeakers(opts: AggregateFilter = {}): EntityCount[] {
    const where = this.filters({ from: opts.from, to: opts.to, source: opts.source });
    const cond = where.sql.length ? 'AND ' + where.sql.join(' AND ') : '';
    const rows = this.db
      .prepare(`SELECT coalesce(q.speaker_entity, 0) AS id, min(q.speaker_name) AS name, coalesce(min(e.type), 'PER') AS type, count(*) AS count
        FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN entities e ON e.id = q.speaker_entity
        WHERE q.speaker_key != '' ${cond} GROUP BY q.speaker_key ORDER BY count DESC, name LIMIT ?`)
      .all(...where.params, clampLimit(opts.limit)) as EntityCount[];
    return rows;
  }

  coMentions(id: number, opts: AggregateFilter & { type?: string } = {}): EntityCount[] {
    const where = this.filters({ from: opts.from, to: opts.to, source: opts.source });
    const type = opts.type?.trim().toUpperCase();
    const cond = [...where.sql, ...(type ? ['e.type = ?'] : [])];
    return this.db
      .prepare(`SELECT e.id, e.name, e.type, count(*) AS count FROM article_entities x
        JOIN article_entities y ON y.article_id = x.article_id AND y.entity_id != x.entity_id
        JOIN entities e ON e.id = y.entity_id JOIN articles a ON a.id = x.article_id
        WHERE x.entity_id = ? ${cond.length ? 'AND ' + cond.join(' AND ') : ''}
        GROUP BY e.id ORDER BY count DESC, e.id LIMIT ?`)
      .all(id, ...where.params, ...(type ? [type] : []), clampLimit(opts.limit)) as EntityCount[];
  }

  countsByMonth(query: SearchQuery = {}): MonthCount[] {
    const terms = query.text ? this.analyseQuery(query.text) : [];
    const match = ftsExpression(terms);
    if (query.text && query.text.trim() && !match) return [];
    const where = this.filters(query);
    const cond = [...(match ? ['a.id IN (SELECT rowid FROM article_fts WHERE article_fts MATCH ?)'] : []), 'a.date IS NOT NULL', ...where.sql];
    return this.db
      .prepare(`SELECT substr(a.date, 1, 7) AS month, count(*) AS count FROM articles a WHERE ${cond.join(' AND ')} GROUP BY month ORDER BY month`)
      .all(...(match ? [match] : []), ...where.params) as MonthCount[];
  }

  stats(): ArchiveStats {
    const one = (sql: string): number => (this.db.prepare(sql).get() as { n: number }).n;
    const range = this.db.prepare('SELECT min(date) AS a, max(date) AS b FROM articles').get() as { a: string | null; b: string | null };
    return {
      articles: one('SELECT count(*) AS n FROM articles'),
      entities: one('SELECT count(*) AS n FROM entities'),
      quotes: one('SELECT count(*) AS n FROM quotes'),
      sources: this.db.prepare('SELECT coalesce(source, \'\') AS source, count(*) AS count FROM articles GROUP BY source ORDER BY count DESC').all() as { source: string; count: number }[],
      firstDate: range.a,
      lastDate: range.b,
      schemaVersion: Math.min(SCHEMA_VERSION, this.db.pragma('user_version', { simple: true }) as number),
    };
  }
}

/** Snippets for quotes: the quote with the mention that introduced its speaker, when near. */
function quoteSnippets(original: string, quotes: readonly QuoteRecord[], max: number): Snippet[] {
  const out: Snippet[] = [];
  for (const q of quotes.slice(0, max)) {
    let start = q.start;
    let end = q.end;
    const highlights: { start: number; end: number }[] = [];
    const m = q.speaker.mention;
    if (m && m.end <= original.length && Math.max(end, m.end) - Math.min(start, m.start) <= 600) {
      start = Math.min(start, m.start);
      end = Math.max(end, m.end);
      highlights.push({ start: m.start, end: m.end });
    }
    out.push({ start, end, text: original.slice(start, end), highlights });
  }
  return out;
}

/** Ranges (sorted by `from`) inside [from, to): binary search for the first, then a scan. */
function inWindow<T extends { from: number; to: number }>(ranges: readonly T[], from: number, to: number): T[] {
  let lo = 0;
  let hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid].from < from) lo = mid + 1;
    else hi = mid;
  }
  const out: T[] = [];
  for (let i = lo; i < ranges.length && ranges[i].from < to; i++) if (ranges[i].to <= to) out.push(ranges[i]);
  return out;
}

function clampLimit(n: number | undefined): number {
  return Math.max(1, Math.min(1000, Math.trunc(n ?? 20)));
}

/**
 * Snippets around the best clusters of matches. Offsets are mapped through the stored word
 * positions, which the import computed with the normaliser's OffsetMap, so they index the
 * ORIGINAL article text.
 */
export function makeSnippets(original: string, words: readonly StoredWord[], pos: Int32Array, terms: readonly QueryTerm[], max: number): Snippet[] {
  if (max <= 0 || words.length === 0) return [];
  const n = Math.min(words.length, pos.length >> 1);
  const ranges = terms.length ? matchRanges(words, terms).filter((r) => r.to <= n) : [];
  const snippet = (from: number, to: number, hl: { from: number; to: number }[]): Snippet => {
    const start = pos[2 * from];
    const end = pos[2 * (to - 1) + 1];
    const highlights: { start: number; end: number }[] = [];
    for (const h of hl) {
      const s = pos[2 * h.from];
      const e = pos[2 * (h.to - 1) + 1];
      const last = highlights[highlights.length - 1];
      if (last && s <= last.end) last.end = Math.max(last.end, e);
      else highlights.push({ start: s, end: e });
    }
    return { start, end, text: original.slice(start, end), highlights };
  };
  if (ranges.length === 0) return [snippet(0, Math.min(n, SNIPPET_WORDS), [])];
  // Score a window starting near each match: distinct terms first, then number of matches.
  const used: { from: number; to: number }[] = [];
  const out: Snippet[] = [];
  while (out.length < max) {
    let best: { from: number; to: number; score: number } | null = null;
    // Window starts: at most 200 candidates (a very common word can match thousands of times).
    const step = Math.max(1, Math.ceil(ranges.length / 200));
    for (let ri = 0; ri < ranges.length; ri += step) {
      const r = ranges[ri];
      const from = Math.max(0, Math.min(r.from - CONTEXT_BEFORE, n - SNIPPET_WORDS));
      const to = Math.min(n, from + SNIPPET_WORDS);
      if (used.some((u) => from < u.to && u.from < to)) continue;
      const inside = inWindow(ranges, from, to);
      const score = new Set(inside.map((x) => x.term)).size * 1000 + inside.length;
      if (!best || score > best.score) best = { from, to, score };
    }
    if (!best) break;
    used.push(best);
    out.push(snippet(best.from, best.to, inWindow(ranges, best.from, best.to)));
  }
  out.sort((a, b) => a.start - b.start);
  return out;
}
