import type { Attr, Component } from './component.js';
import { createDoc } from './doc/doc.js';
import type { Doc } from './doc/types.js';
import { normalizeComponent } from './text/component.js';
import type { NormalizeOptions } from './text/options.js';
import { tokenizeComponent } from './tokenize/component.js';
import { lemmaComponent } from './morph/component.js';
import { posComponent } from './tag/component.js';
import { nerComponent } from './ner/component.js';

export type ComponentName = 'normalize' | 'tokenize' | 'lemma' | 'pos' | 'ner';
export const ALL_COMPONENTS: readonly ComponentName[] = ['normalize', 'tokenize', 'pos', 'lemma', 'ner'];

export interface PipelineOptions {
  components?: readonly (ComponentName | Component)[];
  normalize?: Partial<NormalizeOptions>;
  /** Tagger model: 'perdt' (default) or 'seraji'. */
  model?: 'perdt' | 'seraji';
}

export interface Pipeline {
  (text: string): Doc;
  readonly components: readonly Component[];
  /** Analyse many texts lazily; memory stays bounded by one document at a time. */
  stream(texts: Iterable<string> | AsyncIterable<string>): AsyncGenerator<Doc>;
}

function makeComponent(name: ComponentName, o: PipelineOptions): Component {
  switch (name) {
    case 'normalize':
      return normalizeComponent(o.normalize);
    case 'tokenize':
      return tokenizeComponent({ style: o.model });
    case 'lemma':
      return lemmaComponent({ model: o.model });
    case 'pos':
      return posComponent({ model: o.model });
    case 'ner':
      // PerDT tags every word of a name PROPN: NOUN/ADJ words inside PER/LOC/ORG entities follow.
      return nerComponent({ propn: o.model !== 'seraji' });
    default:
      throw new Error(`sokhan: unknown component "${String(name)}"; choose from ${ALL_COMPONENTS.join(', ')}`);
  }
}

/** Check that every component's requirements are assigned by an earlier one. */
export function validateOrder(components: readonly Component[]): void {
  const have = new Set<Attr>();
  for (const c of components) {
    for (const r of c.requires) {
      if (!have.has(r)) {
        const provider = components.find((p) => p.assigns.includes(r));
        const fix = provider ? `put "${provider.name}" before "${c.name}"` : `add a component that assigns "${r}" before "${c.name}"`;
        throw new Error(`sokhan: component "${c.name}" requires "${r}", which nothing before it assigns; ${fix}`);
      }
    }
    for (const a of c.assigns) have.add(a);
  }
}

/** Build a frozen pipeline. Components are validated once; models load lazily on first use. */
export function sokhan(options: PipelineOptions = {}): Pipeline {
  const names = options.components ?? ALL_COMPONENTS;
  const components = Object.freeze(names.map((c) => (typeof c === 'string' ? makeComponent(c, options) : c)));
  validateOrder(components);
  const nlp = ((text: string): Doc => {
    if (typeof text !== 'string') throw new TypeError(`sokhan: a pipeline takes a string, got ${typeof text}`);
    let doc = createDoc(text);
    for (const c of components) doc = c.run(doc);
    return doc;
  }) as Pipeline;
  Object.defineProperty(nlp, 'components', { value: components });
  Object.defineProperty(nlp, 'stream', {
    value: async function* (texts: Iterable<string> | AsyncIterable<string>) {
      for await (const t of texts as AsyncIterable<string>) yield nlp(t);
    },
  });
  return Object.freeze(nlp);
}
