// Bench (bench/sections/02-tokenize.js): use `tokenize(text)` from dist/tokenize/index.js;
// it returns { sentences, tokens, paragraphStarts } for a normalised text (offsets = text offsets).
export { tokenize, type TokenizeOptions, type Tokenized } from './tokenize.js';
export { tokenizeComponent, type TokenizeComponentOptions } from './component.js';
export { splitClitics } from './clitics.js';
export { scan, type Scan, type ScanOptions } from './scan.js';
export { loadTokenizerModel, compileTokenizerModel, TOKENIZER_MODEL_FILE, type TokenizerModel, type TokenizerModelFile, type CliticRule } from './model.js';
