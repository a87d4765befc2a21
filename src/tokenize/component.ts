import type { Component } from '../component.js';

// Placeholder until its issue lands; replace the whole file (keep the export name).
export function tokenizeComponent(_options?: Record<string, unknown>): Component {
  return {
    name: 'tokenize',
    requires: ['text'],
    assigns: ['sentences', 'tokens'],
    run() {
      throw new Error('sokhan: the tokenize component is not implemented yet');
    },
  };
}
