/**
 * The tokenizer model: abbreviations and the clitic-splitting tables built by
 * scripts/build-tokenizer.js (see models/MODEL_CARD.tokenizer.md). Loaded lazily, once.
 */
import { loadJsonModel } from '../models/load.js';

/** The JSON file as written by the build script. */
export interface TokenizerModelFile {
  version: number;
  /** Abbreviations with their dots, e.g. `ه.ش.`, `م.`. */
  abbreviations: string[];
  /** Forms seen in the dev treebanks: form → lengths of its parts ([] = never split). */
  forms: Record<string, number[]>;
  /** Words that may carry a clitic (nouns, adjectives, pronouns, prepositions…), from the lexicons. */
  hosts: string[];
  /** Lexicon words that look like host+clitic but are one word (آرامش, ارزش, رفتم…). */
  blocked: string[];
  /** Adjectives, for the copula rules. */
  adjectives: string[];
  /** Clitic suffix rules, tried longest first. */
  rules: CliticRule[];
}

export interface CliticRule {
  /** The clitic as written (ش, شان, یش, ‌اش, ست…). A leading ZWNJ means "after a ZWNJ", which stays on the host. */
  suffix: string;
  /** What the host must end with: 'vowel' (ا or و), 'consonant' (anything else), 'zwnj', 'plural' (ها), or 'any'. */
  after: 'vowel' | 'consonant' | 'zwnj' | 'plural' | 'any';
  /** Minimum host length in code units (without a trailing ZWNJ). */
  minHost: number;
  /** The host must be an adjective (copula clitics: معتقدیم, گرفتارند, انسانی‌اند). */
  adjective?: boolean;
}

export interface TokenizerModel {
  abbreviations: Set<string>;
  maxAbbreviation: number;
  forms: Map<string, number[]>;
  hosts: Set<string>;
  blocked: Set<string>;
  adjectives: Set<string>;
  rules: CliticRule[];
  /** Flags by UTF-16 code unit: 1 when a clitic or a memorised split form can end with it (a fast pre-filter). */
  finals: Uint8Array;
  /** The rules by the last code unit of their suffix. */
  rulesByFinal: Map<number, CliticRule[]>;
  /** PerDT puts punctuation that follows a multi-word token without a space inside that token. */
  absorbPunctuation: boolean;
}

export const TOKENIZER_MODEL_FILE = 'tokenizer.json.gz';

export function compileTokenizerModel(file: TokenizerModelFile, style: 'perdt' | 'seraji' = 'perdt'): TokenizerModel {
  if (!file || file.version !== 1) throw new Error('sokhan: models/tokenizer.json.gz has an unknown version; rebuild it with scripts/build-tokenizer.js');
  const abbreviations = new Set(file.abbreviations);
  let maxAbbreviation = 0;
  for (const a of abbreviations) maxAbbreviation = Math.max(maxAbbreviation, a.length);
  const rules = [...file.rules].sort((a, b) => b.suffix.length - a.suffix.length);
  const finals = new Uint8Array(65536);
  for (const r of rules) finals[r.suffix.charCodeAt(r.suffix.length - 1)] = 1;
  for (const [f, parts] of Object.entries(file.forms)) if (parts.length > 1) finals[f.charCodeAt(f.length - 1)] = 1;
  const rulesByFinal = new Map<number, CliticRule[]>();
  for (const r of rules) {
    const k = r.suffix.charCodeAt(r.suffix.length - 1);
    const list = rulesByFinal.get(k) ?? [];
    list.push(r);
    rulesByFinal.set(k, list);
  }
  return {
    finals,
    rulesByFinal,
    abbreviations,
    maxAbbreviation: maxAbbreviation + 1,
    forms: new Map(Object.entries(file.forms)),
    hosts: new Set(file.hosts),
    blocked: new Set(file.blocked),
    adjectives: new Set(file.adjectives ?? []),
    rules,
    absorbPunctuation: style === 'perdt',
  };
}

const compiled = new Map<string, TokenizerModel>();

/** The shipped model (models/tokenizer.json.gz), parsed once per treebank style. */
export function loadTokenizerModel(style: 'perdt' | 'seraji' = 'perdt'): TokenizerModel {
  let m = compiled.get(style);
  if (!m) {
    m = compileTokenizerModel(loadJsonModel<TokenizerModelFile>(TOKENIZER_MODEL_FILE), style);
    compiled.set(style, m);
  }
  return m;
}
