import type { Component } from '../component.js';

// Placeholder until its issue lands; replace the whole file (keep the export name).
export function lemmaComponent(_options?: Record<string, unknown>): Component {
  return {
    name: 'lemma',
    requires: ['tokens'],
    assigns: ['token.lemma'],
    run() {
      throw new Error('sokhan: the lemma component is not implemented yet');
    },
  };
}
