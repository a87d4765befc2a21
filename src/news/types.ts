import type { Doc, EntityType } from '../doc/types.js';

/**
 * Public types of the news reader (DESIGN §4, `sokhan news --json`).
 * Every `start`/`end` is a UTF-16 offset into the ORIGINAL input text: for a raw-text input,
 * the string itself; for a JSON article, `articleText(article)` (see ./article.ts).
 */

/** A JSON article. `lead` and `abstract` are synonyms, as are `body` and `paragraphs`. */
export interface NewsArticleInput {
  title?: string;
  lead?: string;
  abstract?: string;
  /** The body as one string, or as paragraphs. */
  body?: string | string[];
  paragraphs?: string[];
  /** Other fields (link, tags, cat …) are allowed and ignored. */
  [key: string]: unknown;
}

export interface NewsOptions {
  /** Number of summary sentences (default 3). */
  sentences?: number;
  /** Number of key phrases (default 10). */
  keyphrases?: number;
  /**
   * Use the sokhan pipeline (tokenizer, POS/lemma, NER) when it is available (default true).
   * Whatever fails falls back to the reader's own rules, so the result never depends on it.
   */
  usePipeline?: boolean;
  /**
   * An already-analysed document of exactly the input's text (`input` itself, or
   * `articleText(input)` for an article), e.g. from `sokhan({ components: ['normalize',
   * 'tokenize', 'pos', 'lemma', 'ner'] })`. The reader then uses its normalised text, offset map
   * and entities instead of running its own pipeline, so a caller that needs the doc anyway (the
   * archive) analyses each text once. The result equals `readNews(input)` when the doc was made
   * with the default normaliser and includes `ner` (without `ner`, no NER entities are used).
   * A doc of another text is refused with a TypeError.
   */
  doc?: Pick<Doc, 'source' | 'text' | 'map' | 'entities'>;
}

export interface NewsSpan {
  start: number;
  end: number;
}

export interface NewsMention extends NewsSpan {
  text: string;
}

/** The source line, e.g. «به گزارش خبرنگار دفاعی ایرنا» or a «تهران - ایرنا -» dateline. */
export interface NewsSource extends NewsSpan {
  /** Canonical agency name, e.g. `ایرنا`. */
  agency?: string;
  /** Reporter / desk, e.g. `خبرنگار دفاعی`. */
  desk?: string;
  /** Dateline place, e.g. `تهران`. */
  dateline?: string;
  /** The office or medium quoted through «به نقل از …», e.g. `روابط عمومی بنیاد سینمایی فارابی`. */
  via?: string;
  /** The whole source phrase as written. */
  text: string;
}

export type NewsEntityType = EntityType;

export interface NewsEntity {
  /** Stable within one result: `e1`, `e2` … */
  id: string;
  /** Canonical full name, without ranks or honorifics (e.g. `محمد باقری`). */
  name: string;
  type: NewsEntityType;
  /** Roles linked to the entity, e.g. `رئیس ستاد کل نیروهای مسلح`. */
  titles: string[];
  /** Ranks and honorifics seen before the name, e.g. `سرلشکر`, `دکتر`. */
  ranks: string[];
  /** Every reference: full name, surname, title, pronoun. */
  mentions: NewsMention[];
}

export interface NewsSpeaker {
  /** Id of the entity in `entities`, when the speaker was resolved to one. */
  entity?: string;
  /** The entity's canonical full name (or the best name found, when unresolved). */
  name: string;
  /** The words that introduced the speaker in this quote (pronoun, title, name …). */
  mention?: NewsMention;
}

export interface NewsQuote extends NewsSpan {
  kind: 'direct' | 'indirect';
  speaker: NewsSpeaker;
  /** The reporting verb as written (normalised), e.g. `تصریح کرد`. */
  verb: string;
  /** The quoted content; `start`/`end` delimit it. */
  text: string;
}

export interface NewsKeyphrase {
  text: string;
  score: number;
}

export interface NewsSentence extends NewsSpan {
  text: string;
}

export interface NewsDate extends NewsSpan {
  text: string;
  /** ISO 8601 date `YYYY-MM-DD` (Gregorian), or `YYYY-MM` / `YYYY` when only that is known. */
  iso: string;
  calendar: 'jalali' | 'gregorian';
}

export interface NewsNumber extends NewsSpan {
  text: string;
  value: number;
}

export interface NewsResult {
  offsets: 'utf16';
  source: NewsSource | null;
  entities: NewsEntity[];
  quotes: NewsQuote[];
  keyphrases: NewsKeyphrase[];
  summary: NewsSentence[];
  dates: NewsDate[];
  numbers: NewsNumber[];
}
