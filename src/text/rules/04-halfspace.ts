import { halfSpaceModel } from '../halfspace/model.js';
import { restoreHalfSpaces } from '../halfspace/restore.js';
import type { Rule } from '../rule.js';

/**
 * Half-space restoration (issue 2): ZWNJ put back into joined words (میشود → می‌شود) and
 * in place of a space inside a word (توانسته اند → توانسته‌اند). See src/text/halfspace/.
 */
export const halfSpaces: Rule = {
  name: 'halfSpaces',
  enabled: (o) => o.halfSpaces,
  apply(input) {
    // Pure Latin/ASCII text needs no model: skip the load and the scan.
    if (!/[\u0600-\u06ff]/.test(input)) return null;
    return restoreHalfSpaces(input, halfSpaceModel());
  },
};
