import type { NewsArticleInput } from './types.js';

/**
 * The ONE canonical assembly of a JSON article into text. Every offset the news reader
 * reports for a JSON article indexes this string.
 *
 *   text = [title, lead, body].filter(nonBlank).join("\n\n")
 *   lead = article.lead ?? article.abstract
 *   body = article.body as a string, or the paragraphs (article.body as an array, else
 *          article.paragraphs) with blank ones dropped, joined by "\n"
 *
 * Parts are used exactly as given (no trimming or normalisation); a part is "blank" when it
 * is missing, not a string, or only whitespace.
 */
export function articleText(article: NewsArticleInput): string {
  if (article === null || typeof article !== 'object' || Array.isArray(article)) {
    throw new TypeError('articleText() takes an article object with title, lead/abstract and body/paragraphs');
  }
  const lead = nonBlank(article.lead) ? article.lead : article.abstract;
  let body: unknown;
  if (typeof article.body === 'string') body = article.body;
  else {
    const paras = Array.isArray(article.body) ? article.body : Array.isArray(article.paragraphs) ? article.paragraphs : [];
    body = (paras as unknown[]).filter(nonBlank).join('\n');
  }
  return [article.title, lead, body].filter(nonBlank).join('\n\n');
}

function nonBlank(x: unknown): x is string {
  return typeof x === 'string' && x.trim().length > 0;
}

/** The text a news input stands for: a string as is, an article through `articleText`. */
export function inputText(input: string | NewsArticleInput): string {
  if (typeof input === 'string') return input;
  return articleText(input);
}
