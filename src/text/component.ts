import type { Component } from '../component.js';
import { normalize } from './normalize.js';
import type { NormalizeOptions } from './options.js';

export function normalizeComponent(options?: Partial<NormalizeOptions>): Component {
  return {
    name: 'normalize',
    requires: [],
    assigns: ['text'],
    run(doc) {
      const r = normalize(doc.source, options);
      doc.text = r.text;
      doc.map = r.map;
      return doc;
    },
  };
}
