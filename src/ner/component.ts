import type { Component } from '../component.js';

// Placeholder until its issue lands; replace the whole file (keep the export name).
export function nerComponent(_options?: Record<string, unknown>): Component {
  return {
    name: 'ner',
    requires: ['tokens'],
    assigns: ['entities'],
    run() {
      throw new Error('sokhan: the ner component is not implemented yet');
    },
  };
}
