// sokhan/archive: the SQLite article store and Persian-aware search (Node only).
export * from './types.js';
export { openArchive, makeSnippets } from './archive.js';
export { importFiles, articleKey, type ImportOptions, type ImportSummary, type ImportIssue, type ImportProgress } from './import.js';
export { ArchiveError, type ArchiveErrorCode } from './db.js';
export { foldKey, nameKey, segment, indexWords, fallbackLemma, type IndexWord } from './keys.js';
export { farsLinkDate, parseDateBound, type LinkDate } from './dates.js';
export { readInput, detectFormat, jsonArrayElements, type InputRecord } from './read.js';
export { SCHEMA_VERSION } from './schema.js';
