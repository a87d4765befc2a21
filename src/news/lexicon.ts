import verbsData from './data/reporting-verbs.json' with { type: 'json' };
import lex from './data/lexicon.json' with { type: 'json' };
import stop from './data/stopwords.json' with { type: 'json' };
import { PhraseSet, foldKey } from './text.js';

/** A reporting verb as matched: its list entry and the surface form that matched. */
export interface VerbEntry {
  verb: string;
  clause: boolean;
}

function pastVariants(v: string, fixed: boolean): string[] {
  if (fixed) return [v];
  // Plural and perfect forms of a past-tense entry (گفت → گفتند, گفته است, گفته بود, گفته‌اند …).
  return [v, v + 'ند', v + 'ه است', v + 'ه بود', v + 'ه‌اند', v + 'ه بودند', v + 'ه‌است'];
}

export const SPEECH = new PhraseSet<VerbEntry>();
for (const e of verbsData.speech as { verb: string; clause: boolean; tense?: string }[]) {
  for (const f of pastVariants(e.verb, e.tense === 'fixed')) SPEECH.add(f, { verb: e.verb, clause: e.clause });
}
export const LIGHT_VERBS = new Set<string>();
for (const v of verbsData.lightVerbs) for (const f of pastVariants(v, false)) LIGHT_VERBS.add(foldKey(f));

export interface FrameEntry {
  marker: string;
  verb: string;
}
export const FRAME_VERBS = new PhraseSet<FrameEntry[]>();
{
  const byVerb = new Map<string, FrameEntry[]>();
  for (const fr of verbsData.frames) {
    for (const v of fr.verbs) {
      const forms = fr.marker === 'خواستار' ? [v, v + 'ند'] : pastVariants(v, false);
      for (const f of forms) {
        const k = foldKey(f);
        if (!byVerb.has(k)) byVerb.set(k, []);
        byVerb.get(k)!.push({ marker: fr.marker, verb: v });
      }
    }
  }
  for (const [k, list] of byVerb) FRAME_VERBS.add(k, list);
}
export const FRAMING = new PhraseSet<true>();
for (const f of verbsData.framing) FRAMING.add(f, true);
export const ACCORDING = new PhraseSet<true>();
for (const f of verbsData.according) ACCORDING.add(f, true);

/** Number of distinct reporting-verb entries (for docs/tests). */
export const REPORTING_VERB_COUNT = verbsData.speech.length;

function keySet(words: readonly string[]): Set<string> {
  return new Set(words.map(foldKey));
}
function phraseSet(words: readonly string[]): PhraseSet<true> {
  const p = new PhraseSet<true>();
  for (const w of words) p.add(w, true);
  return p;
}

export interface AgencyEntry {
  name: string;
}
export const AGENCIES = new PhraseSet<AgencyEntry>();
for (const a of lex.agencies) for (const al of a.aliases) AGENCIES.add(al, { name: a.name });

export const DESK_HEADS = keySet(lex.deskHeads);
export const RANKS = phraseSet(lex.ranks);
export const TITLE_HEADS = phraseSet(lex.titleHeads);
export const ORG_HEADS = phraseSet(lex.orgHeads);
export const MEDIA_HEADS = phraseSet(lex.mediaHeads);
export const PRONOUNS = keySet(lex.pronouns);
export const DEMONSTRATIVES = keySet(lex.demonstratives);
export const BOUNDARIES = keySet(lex.subjectBoundaries);
export const ADVERBIALS = phraseSet(lex.adverbials);
export const FROM_EXCLUSIONS = keySet(lex.fromExclusions);
export const PLACES = phraseSet(lex.countries);
export const PLURAL_GROUPS = keySet(lex.pluralGroupHeads);
export const STOPWORDS = keySet(stop.words);
export const TEMPORAL = keySet(lex.temporal);
/** Words that introduce a place name inside a title («امام جمعه شهر آبیک»): the title ends after the name. */
export const PLACE_INTRO = keySet(lex.placeIntro);
