/**
 * Public types of `sokhan/archive`: the SQLite article store and its Persian-aware search.
 *
 * Every `start`/`end` that points into an article is a UTF-16 offset into the article's
 * ORIGINAL text (`ArticleRecord.original`), i.e. `articleText(article)` for a JSON article
 * (see src/news/article.ts) and the file content for a plain-text article.
 */

export interface OpenArchiveOptions {
  /** Open read-only (the web server does this). Default false. */
  readonly?: boolean;
  /** Create the file and schema if missing (default true unless `readonly`). */
  create?: boolean;
  /** How long to wait for a lock held by another process, in ms (default 5000). */
  busyTimeoutMs?: number;
}

/** A span into the article's original text. */
export interface TextSpan {
  start: number;
  end: number;
}

export interface Snippet extends TextSpan {
  /** `original.slice(start, end)`, with "…" neither added nor implied. */
  text: string;
  /** The matched words, as absolute offsets into the original article text (sorted, disjoint). */
  highlights: TextSpan[];
}

export interface SearchQuery {
  /**
   * Free text. Words are ANDed; `"…"` is an exact phrase; a trailing `*` makes a prefix.
   * May be empty when a filter is given (then results are ordered by date, newest first).
   */
  text?: string;
  /** Only articles mentioning this entity (canonical name, matched after normalisation). */
  entity?: string;
  /** Only articles with a quote by this speaker (canonical name, matched after normalisation). */
  speaker?: string;
  /** Only articles with an entity of this type (PER, ORG, LOC …). */
  type?: string;
  /** Article date range, ISO `YYYY-MM-DD` (or `YYYY-MM`, `YYYY`), inclusive. */
  from?: string;
  to?: string;
  /** Source: host (`farsnews.ir`), news agency named in the article (`ایرنا`), or input file name. */
  source?: string;
  /** Default 20, at most 1000. */
  limit?: number;
  /** For paging; default 0. */
  offset?: number;
  /** Snippets per hit (default 2). */
  snippets?: number;
}

export interface SearchHit {
  id: number;
  key: string;
  title: string | null;
  link: string | null;
  source: string | null;
  agency: string | null;
  category: string | null;
  /** Gregorian ISO date `YYYY-MM-DD`, when known. */
  date: string | null;
  /** bm25 relevance (higher is better); 0 when the query had no text. */
  score: number;
  snippets: Snippet[];
  /** Quotes in this article by the `speaker` filter, when given. */
  quotes?: QuoteRecord[];
}

export interface SearchResults {
  /** The query as understood, after analysis: one entry per term or phrase, with its index keys. */
  terms: { text: string; phrase: boolean; prefix: boolean; keys: string[]; lemmas: string[] }[];
  /** Number of matching articles (all pages). */
  total: number;
  hits: SearchHit[];
  tookMs: number;
}

export interface MentionRecord extends TextSpan {
  text: string;
}

export interface ArticleEntity {
  /** Archive-wide entity id (stable across imports into the same file). */
  id: number;
  name: string;
  type: string;
  titles: string[];
  mentions: MentionRecord[];
}

export interface QuoteRecord extends TextSpan {
  articleId: number;
  kind: 'direct' | 'indirect';
  speaker: { name: string; entityId: number | null; mention?: MentionRecord };
  verb: string;
  text: string;
}

export interface DateRecord extends TextSpan {
  text: string;
  iso: string;
}

export interface ArticleRecord {
  id: number;
  /** Identity used for idempotent import: `link:…`, `id:…` or `sha256:…`. */
  key: string;
  title: string | null;
  link: string | null;
  /** Id given by the input (e.g. varzesh3 `code`, or the news id parsed from a Fars link). */
  externalId: string | null;
  /** Host of the link, else the input file's base name. */
  source: string | null;
  /** News agency named in the source line (from the news reader). */
  agency: string | null;
  category: string | null;
  subcategory: string | null;
  tags: string[];
  /** Gregorian ISO date and the Jalali date it came from (`YYYY-MM-DD` both), when known. */
  date: string | null;
  jalaliDate: string | null;
  /** Input file and line (1-based) the article came from. */
  file: string | null;
  line: number | null;
  original: string;
  normalized: string;
  entities: ArticleEntity[];
  quotes: QuoteRecord[];
  keyphrases: { text: string; score: number }[];
  dates: DateRecord[];
  /** Which analysis produced the record, e.g. `pipeline:normalize,tokenize,pos,lemma,ner;news`. */
  analysis: string;
}

export interface EntityRecord {
  id: number;
  name: string;
  type: string;
  titles: string[];
  /** Number of articles mentioning it, and of quotes it is the speaker of. */
  articles: number;
  quotes: number;
  /** Most recent articles first. */
  recent: { id: number; title: string | null; date: string | null }[];
}

export interface EntityCount {
  id: number;
  name: string;
  type: string;
  count: number;
}

export interface AggregateFilter {
  from?: string;
  to?: string;
  source?: string;
  /** Default 20. */
  limit?: number;
}

export interface MonthCount {
  /** `YYYY-MM` (Gregorian). */
  month: string;
  count: number;
}

export interface ArchiveStats {
  articles: number;
  entities: number;
  quotes: number;
  sources: { source: string; count: number }[];
  firstDate: string | null;
  lastDate: string | null;
  schemaVersion: number;
}

export interface Archive {
  readonly path: string;
  readonly readonly: boolean;
  search(query: string | SearchQuery): SearchResults;
  getArticle(id: number): ArticleRecord | null;
  getEntity(id: number): EntityRecord | null;
  /** Entities whose normalised name contains `name` (most mentioned first). */
  findEntities(name: string, opts?: { type?: string; limit?: number }): EntityCount[];
  /** People (speakers) quoted most; `count` = number of quotes. */
  topSpeakers(opts?: AggregateFilter): EntityCount[];
  /** Entities most often mentioned in the same articles as entity `id`; `count` = shared articles. */
  coMentions(id: number, opts?: AggregateFilter & { type?: string }): EntityCount[];
  /** Article counts per month; optionally only articles matching a search (text and filters). */
  countsByMonth(query?: SearchQuery): MonthCount[];
  stats(): ArchiveStats;
  close(): void;
}
