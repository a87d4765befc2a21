import type { Rule } from '../rule.js';

/** Digits to Persian or ASCII in Persian text; Latin runs untouched. (Being written: see issue 2.) */
export const digits: Rule = {
  name: 'digits',
  enabled: (o) => o.digits !== 'keep',
  apply() {
    return null;
  },
};
