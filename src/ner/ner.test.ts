import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createDoc } from '../doc/doc.js';
import type { Doc, Token } from '../doc/types.js';
import { propnFromEntities, recognizeEntities } from './component.js';
import { Gazetteer, formKey, normalizeGoldToken, shapeOf, uposCode, UPOS_UNKNOWN } from './features.js';
import { NerFormatError, parseNerGold } from './formats.js';
import { BIO_LABELS, spansFromBio, spansFromLabels, TYPE_MAPS, typesOf } from './labels.js';
import { NerModel } from './model.js';
import { SpanScorer } from './score.js';
import { trainNer, type CorpusSentence } from './train.js';
import { toyPeymaData } from './testing/toy-corpus.js';

const Z = '\u200c';

describe('gold formats', () => {
  it('reads PEYMA, with spaces and | inside tokens', () => {
    const f = parseNerGold(`علی|B_PER\nرضایی|I_PER\nروش های|O\na|b|O\n\nتهران|B_LOC\n`);
    expect(f.corpus).toBe('peyma');
    expect(f.sentences.map((s) => s.tokens)).toEqual([['علی', 'رضایی', 'روش های', 'a|b'], ['تهران']]);
    expect(spansFromBio(f.sentences[0].tags, TYPE_MAPS.peyma)).toEqual([{ start: 0, end: 2, type: 'PER', raw: 'PER' }]);
  });

  it('reads Arman and ParsTwiNER, CRLF and BOM included', () => {
    const a = parseNerGold(`\ufeffموزه B-fac\r\nملی I-fac\r\n\r\nدر O\r\n`);
    expect(a.corpus).toBe('arman');
    expect(spansFromBio(a.sentences[0].tags, TYPE_MAPS.arman)[0].type).toBe('FAC');
    const t = parseNerGold(`ایرانی\tB-NAT\nسعدی\tB-PER\n`);
    expect(t.corpus).toBe('parstwiner');
    expect(spansFromBio(t.sentences[0].tags, TYPE_MAPS.parstwiner).map((s) => s.type)).toEqual([null, 'PER']);
  });

  it('reports the line of a malformed line', () => {
    expect(() => parseNerGold('علی|B_PER\nرضا\n')).toThrow(/line 2: malformed peyma line/);
    expect(() => parseNerGold('علی B-pers\nرضا B-XYZ\n')).toThrow(NerFormatError);
    expect(() => parseNerGold('just some text\n')).toThrow(/line 1: cannot recognise/);
    expect(() => parseNerGold('\n\n')).toThrow(/no tokens/);
  });
});

describe('labels', () => {
  it('maps every corpus type, leaving only POG and NAT without a counterpart', () => {
    expect(typesOf('peyma')).toEqual(['PER', 'ORG', 'LOC', 'DATE', 'TIME', 'MONEY', 'PERCENT']);
    expect(typesOf('arman')).toEqual(['PER', 'ORG', 'LOC', 'FAC', 'EVENT', 'PRODUCT']);
    expect(typesOf('parstwiner')).toEqual(['PER', 'ORG', 'LOC', 'EVENT']);
    expect(BIO_LABELS.length).toBe(21);
  });

  it('reads spans from BIO labels, an orphan I- starting a new span', () => {
    expect(spansFromLabels(['B-PER', 'I-PER', 'O', 'I-LOC', 'I-ORG'])).toEqual([
      { start: 0, end: 2, type: 'PER' },
      { start: 3, end: 4, type: 'LOC' },
      { start: 4, end: 5, type: 'ORG' },
    ]);
  });
});

describe('scoring', () => {
  it('counts exact spans only, and ignores types the gold set lacks', () => {
    const s = new SpanScorer(typesOf('peyma'));
    s.add(
      [
        { start: 0, end: 2, type: 'PER' },
        { start: 3, end: 4, type: 'LOC' },
      ],
      [
        { start: 0, end: 2, type: 'PER' },
        { start: 3, end: 5, type: 'LOC' },
        { start: 6, end: 7, type: 'FAC' },
      ],
    );
    const r = s.result();
    expect(r.overall.precision).toBe(50);
    expect(r.overall.recall).toBe(50);
    expect(r.types.PER?.f1).toBe(100);
    expect(r.types.FAC).toBeUndefined();
  });
});

describe('features', () => {
  it('normalises gold tokens consistently (a PEYMA inner space becomes a ZWNJ)', () => {
    expect(normalizeGoldToken('روش های')).toBe(`روش${Z}های`);
    expect(normalizeGoldToken('كتاب')).toBe('کتاب');
    expect(formKey('۱۳۹۵')).toBe('0000');
    expect(formKey('NASA')).toBe('nasa');
    expect(shapeOf('ایران۲۰')).toBe('فd');
  });

  it('knows which words begin or end the multi-word names of the name list', () => {
    const g = new Gazetteer();
    g.add(['شهرداری', 'تهران'], 1); // ORG
    g.add(['تهران'], 2); // LOC, one word: no role
    g.add(['دانشگاه', 'صنعتی', 'شریف'], 1);
    g.add(['علی', 'شریف'], 0); // PER
    expect(g.wordRoles('شهرداری')).toBe(1 << 1);
    expect(g.wordRoles('تهران')).toBe(1 << (16 + 1));
    expect(g.wordRoles('شریف')).toBe((1 << (16 + 1)) | (1 << 16));
    expect(g.wordRoles('صنعتی')).toBe(0);
    g.add(['صنعتی', 'نفت'], 1); // the roles are rebuilt after an addition
    expect(g.wordRoles('صنعتی')).toBe(1 << 1);
    expect(Gazetteer.parse(g.serialize()).wordRoles('علی')).toBe(1);
  });

  it('codes UPOS values, unknown and missing ones alike', () => {
    expect(uposCode('PROPN')).not.toBe(UPOS_UNKNOWN);
    expect(uposCode('propn')).toBe(UPOS_UNKNOWN);
    expect(uposCode(undefined)).toBe(UPOS_UNKNOWN);
    expect(uposCode('toString')).toBe(UPOS_UNKNOWN);
  });
});

// A toy model trained on sentences written for this test.
function toyData(): CorpusSentence[] {
  return toyPeymaData();
}

let toy: NerModel | null = null;
function toyModel(): NerModel {
  // The perceptron learner: the default's CRF L2 (10, over the training set) is tuned for ≈ 17k
  // sentences and would flatten a CRF trained on five; the mix is tested below with a small L2.
  toy ??= NerModel.fromBytes(trainNer(toyData(), { bits: 14, epochs: 8, gazetteerFolds: 2, pos: true, learner: 'perceptron' }).toBytes());
  return toy;
}

function docOf(text: string): Doc {
  // A whitespace tokenisation, enough to drive the component.
  const doc = createDoc(text);
  const tokens: Token[] = [];
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) tokens.push({ form: m[0], start: m.index, end: m.index + m[0].length, sourceStart: m.index, sourceEnd: m.index + m[0].length, spaceAfter: true });
  doc.tokens = tokens;
  doc.sentences = tokens.length ? [{ start: 0, end: text.length, sourceStart: 0, sourceEnd: text.length, tokenStart: 0, tokenEnd: tokens.length }] : [];
  return doc;
}

describe('NER model and component', () => {
  it('learns the toy data and round-trips through bytes', () => {
    const m = toyModel();
    expect(m.tag(['علی', 'رضایی', 'به', 'تهران', 'رفت', '.'])).toEqual(['B-PER', 'I-PER', 'O', 'B-LOC', 'O', 'O']);
    expect(m.domains).toEqual(['peyma']);
  });

  it('learns the toy data with the CRF and with the CRF + perceptron mix', () => {
    for (const learner of ['crf', 'mix'] as const) {
      const m = NerModel.fromBytes(trainNer(toyData(), { bits: 14, epochs: 8, gazetteerFolds: 2, learner, crfL2: 0.1, ensemble: 2 }).toBytes());
      expect(m.tag(['علی', 'رضایی', 'به', 'تهران', 'رفت', '.'])).toEqual(['B-PER', 'I-PER', 'O', 'B-LOC', 'O', 'O']);
      expect(m.tag(['مریم', 'احمدی', 'در', 'شیراز', 'است', '.'])).toEqual(['B-PER', 'I-PER', 'O', 'B-LOC', 'O', 'O']);
      expect((m.meta.options as { learner: string }).learner).toBe(learner);
    }
  }, 60_000);

  it('fills doc.entities with text, offsets and token ranges, and token.ner', () => {
    const text = 'علی رضایی به تهران رفت .';
    const doc = recognizeEntities(docOf(text), toyModel());
    expect(doc.entities.map((e) => [e.type, e.text, e.tokenStart, e.tokenEnd])).toEqual([
      ['PER', 'علی رضایی', 0, 2],
      ['LOC', 'تهران', 3, 4],
    ]);
    for (const e of doc.entities) expect(text.slice(e.sourceStart, e.sourceEnd)).toBe(e.text);
    expect(doc.tokens.map((t) => t.ner)).toEqual(['B-PER', 'I-PER', 'O', 'B-LOC', 'O', 'O']);
  });

  it('never emits an I- tag without a B-/I- of the same type before it', () => {
    const m = toyModel();
    fc.assert(
      fc.property(fc.array(fc.constantFrom('علی', 'رضایی', 'تهران', 'درصد', '۲۰', 'ملی', 'در', '.'), { maxLength: 30 }), (forms) => {
        const tags = m.tag(forms);
        for (let i = 0; i < tags.length; i++) {
          if (tags[i].startsWith('I-')) expect(i > 0 && tags[i - 1] !== 'O' && tags[i - 1].slice(2) === tags[i].slice(2)).toBe(true);
        }
      }),
    );
  });

  it('never crashes on arbitrary input (no Persian, emoji, huge tokens)', () => {
    const m = toyModel();
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        const doc = recognizeEntities(docOf(text), m);
        expect(doc.tokens.every((t) => typeof t.ner === 'string')).toBe(true);
        for (const e of doc.entities) expect(e.end).toBeGreaterThan(e.start);
      }),
      { numRuns: 200 },
    );
    const huge = 'ا'.repeat(100_000) + ' \u{1F600}\u{1F600} hello ' + 'x'.repeat(50_000);
    expect(() => recognizeEntities(docOf(huge), m)).not.toThrow();
    const long = Array.from({ length: 2000 }, (_, i) => (i % 3 ? 'علی' : 'تهران')).join(' ');
    expect(recognizeEntities(docOf(long), m).tokens.length).toBe(2000);
  });

  it("reads the tokens' UPOS when the model has part-of-speech features, and tags untagged text itself", () => {
    const m = toyModel();
    expect(m.usesPos).toBe(true);
    const text = 'علی رضایی به تهران رفت .';
    const forms = text.split(' ');
    const upos = ['PROPN', 'PROPN', 'ADP', 'PROPN', 'VERB', 'PUNCT'];
    const tagged = docOf(text);
    tagged.tokens.forEach((t, i) => (t.upos = upos[i]));
    expect(recognizeEntities(tagged, m).tokens.map((t) => t.ner)).toEqual(m.tagDocument([forms], 'news', [upos])[0]);
    const odd = ['X', 'X', 'X', 'X', 'X', 'X'];
    const oddDoc = docOf(text);
    oddDoc.tokens.forEach((t, i) => (t.upos = odd[i]));
    expect(recognizeEntities(oddDoc, m).tokens.map((t) => t.ner)).toEqual(m.tagDocument([forms], 'news', [odd])[0]);
    // No UPOS (or not on every token): the model runs the tagger, as in training.
    const partly = docOf(text);
    partly.tokens[0].upos = 'X';
    expect(recognizeEntities(partly, m).tokens.map((t) => t.ner)).toEqual(m.tagDocument([forms], 'news')[0]);
    expect(m.tagDocument([forms], 'news')).toEqual(m.tagDocument([forms], 'news', [null]));
  });
});

describe('the shipped model in the pipeline', () => {
  it('never crashes on arbitrary text and keeps entity offsets lossless', async () => {
    const { sokhan } = await import('../pipeline.js');
    const nlp = sokhan({ components: ['normalize', 'tokenize', 'ner'] });
    const doc = nlp('سفر حسن روحانی به تهران در ۱۲ آبان ۱۳۹۸');
    for (const e of doc.entities) {
      expect(doc.tokens[e.tokenStart].sourceStart).toBe(e.sourceStart);
      expect(e.text).toBe(doc.text.slice(e.start, e.end));
    }
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 120 }), fc.constantFrom('', ' تهران ', ' علی\u200cرضا '), (a, b) => {
        const d = nlp(a + b + a);
        for (const e of d.entities) {
          expect(e.sourceEnd).toBeGreaterThan(e.sourceStart);
          expect(e.sourceEnd).toBeLessThanOrEqual(d.source.length);
          expect(e.tokenEnd).toBeGreaterThan(e.tokenStart);
        }
        expect(d.tokens.every((t) => typeof t.ner === 'string')).toBe(true);
      }),
      { numRuns: 100 },
    );
    expect(() => nlp('x'.repeat(200_000) + ' \u{1F600} ' + 'ب'.repeat(100_000))).not.toThrow();
  }, 120_000);

  it('finds the same entities with the tokenizer\'s form slots (in the pipeline) as without them', async () => {
    const { sokhan } = await import('../pipeline.js');
    const { loadNerModel } = await import('./component.js');
    const withNer = sokhan({ components: ['normalize', 'tokenize', 'pos', 'ner'] });
    const before = sokhan({ components: ['normalize', 'tokenize', 'pos'] });
    const texts = [
      'سفر حسن روحانی به تهران در ۱۲ آبان ۱۳۹۸ و دیدار با وزیر امور خارجه\u200cی آلمان.',
      'بانک مرکزی جمهوری اسلامی ایران گفت نرخ تورم ۲۵ درصد شد. شرکت ملی نفت ایران هم اعلام کرد.',
      'کتاب\u200cهایم را در دانشگاه تهران خواندم، گفت: «بله».',
    ];
    for (let r = 0; r < 2; r++) {
      for (const t of texts) {
        const a = withNer(t); // the ner component reads the slots of the tokens just made
        const b = before(t);
        before('یک متن دیگر'); // b's tokens are no longer the last made: no slots
        recognizeEntities(b, loadNerModel());
        expect(a.entities).toEqual(b.entities);
        expect(a.tokens.map((x) => x.ner)).toEqual(b.tokens.map((x) => x.ner));
      }
    }
  }, 60_000);
});

describe('PROPN from entities (PerDT conventions)', () => {
  // A hand-built doc: «سازمان ملل گفت» with ORG over the first two tokens, and a DATE entity.
  const word = (form: string, upos: string, start: number): Token =>
    ({ form, start, end: start + form.length, sourceStart: start, sourceEnd: start + form.length, upos }) as Token;
  const make = (): Doc => {
    const doc = createDoc('سازمان ملل گفت دیروز');
    doc.tokens = [word('سازمان', 'NOUN', 0), word('ملل', 'ADJ', 7), word('گفت', 'VERB', 11), word('دیروز', 'NOUN', 15)];
    doc.entities = [
      { type: 'ORG', text: 'سازمان ملل', start: 0, end: 10, sourceStart: 0, sourceEnd: 10, tokenStart: 0, tokenEnd: 2 },
      { type: 'DATE', text: 'دیروز', start: 15, end: 20, sourceStart: 15, sourceEnd: 20, tokenStart: 3, tokenEnd: 4 },
    ];
    return doc;
  };

  it('retags NOUN and ADJ inside PER/LOC/ORG only, and nothing else of the word', () => {
    const doc = make();
    doc.tokens[0].xpos = 'N_IANM';
    doc.tokens[0].feats = 'Number=Sing';
    expect(propnFromEntities(doc)).toBe(2);
    expect(doc.tokens.map((t) => t.upos)).toEqual(['PROPN', 'PROPN', 'VERB', 'NOUN']);
    expect(doc.tokens[0].xpos).toBe('N_IANM');
    expect(doc.tokens[0].feats).toBe('Number=Sing');
  });

  it('looks at the words of a multi-word token, and leaves a PRON clitic alone', () => {
    const doc = make();
    doc.tokens[1].words = [word('مل', 'NOUN', 7), word('ل', 'PRON', 9)];
    propnFromEntities(doc);
    expect(doc.tokens[1].words!.map((w) => w.upos)).toEqual(['PROPN', 'PRON']);
  });

  it('is on in the PerDT pipeline and off for Seraji (which has no PROPN)', async () => {
    const { sokhan } = await import('../pipeline.js');
    const text = 'دبیر شورای عالی امنیت ملی گفت.';
    const last = (doc: Doc) => doc.tokens.find((t) => t.form === 'ملی')!;
    // The tagger alone reads «ملی» as an adjective; inside the ORG entity it is part of a name.
    expect(last(sokhan({ components: ['normalize', 'tokenize', 'pos', 'lemma'] })(text)).upos).toBe('ADJ');
    const doc = sokhan()(text);
    expect(doc.entities.some((e) => e.type === 'ORG')).toBe(true);
    expect(last(doc).upos).toBe('PROPN');
    const seraji = sokhan({ model: 'seraji' })(text);
    expect(seraji.tokens.some((t) => t.upos === 'PROPN')).toBe(false);
  }, 60_000);
});

describe('mergeNewsLabels', () => {
  it("adds Arman's FAC/EVENT/PRODUCT to PEYMA's reading, never over a date", async () => {
    const { mergeNewsLabels } = await import('./model.js');
    expect(mergeNewsLabels(['B-LOC', 'I-LOC', 'O', 'B-DATE'], ['B-FAC', 'I-FAC', 'O', 'B-EVENT'])).toEqual(['B-FAC', 'I-FAC', 'O', 'B-DATE']);
    expect(mergeNewsLabels(['B-PER', 'O', 'O'], ['B-PER', 'O', 'B-PRODUCT'])).toEqual(['B-PER', 'O', 'B-PRODUCT']);
  });
});
