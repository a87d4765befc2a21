import type { Rule } from '../rule.js';

/** Half-space restoration. (Being written: see issue 2.) */
export const halfSpaces: Rule = {
  name: 'halfSpaces',
  enabled: (o) => o.halfSpaces,
  apply() {
    return null;
  },
};
