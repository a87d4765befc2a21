import type { NewsArticleInput, NewsOptions, NewsResult } from './types.js';
import { inputText } from './article.js';

/** Read a news article (raw text or JSON article). Offsets index the input text. */
export function readNews(input: string | NewsArticleInput, _options: NewsOptions = {}): NewsResult {
  inputText(input);
  throw new Error('sokhan: readNews is being written (issue 5); the types and articleText are final');
}
