import type { Rule } from '../rule.js';

/** Persian punctuation, quotes, ellipsis and spacing. (Being written: see issue 2.) */
export const punctuation: Rule = {
  name: 'punctuation',
  enabled: (o) => o.punctuation || o.quotes || o.ellipsis || o.spacing,
  apply() {
    return null;
  },
};
