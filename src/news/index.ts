// News reading: source line, entities with titles, quotes with speakers, key phrases, summary, dates.
export * from './types.js';
export { articleText, inputText } from './article.js';
export { readNews } from './read.js';
