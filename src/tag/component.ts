import type { Component } from '../component.js';

// Placeholder until its issue lands; replace the whole file (keep the export name).
export function posComponent(_options?: Record<string, unknown>): Component {
  return {
    name: 'pos',
    requires: ['tokens'],
    assigns: ['token.pos'],
    run() {
      throw new Error('sokhan: the pos component is not implemented yet');
    },
  };
}
