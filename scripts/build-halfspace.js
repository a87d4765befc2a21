// Builds models/halfspace.txt.gz from ../shared/data (see models/MODEL_CARD.halfspace.md).
// Deterministic: same data → same bytes. Run with `npm run build:halfspace`.
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { buildModel, loadSources } from './halfspace/build.js';
import { instancesFor, trainClassifier, LEARN_DEFAULTS } from './halfspace/learn.js';
import { dataDir } from '../dist/util/data-path.js';

const S = loadSources(dataDir());
// The learned decisions (learn.js): trained on out-of-fold pairs from PerDT dev halves and
// Seraji dev, then applied to the build over all the sources.
const classifier = trainClassifier(instancesFor(S, [], LEARN_DEFAULTS), LEARN_DEFAULTS);
const lines = buildModel(S, { classifier, log: (s) => process.stderr.write(s + '\n') });
const text = '#sokhan halfspace model v1\n' + lines.join('\n') + '\n';
const gz = gzipSync(Buffer.from(text, 'utf8'), { level: 9 });
const out = new URL('../models/halfspace.txt.gz', import.meta.url);
writeFileSync(out, gz);
process.stderr.write(`wrote models/halfspace.txt.gz: ${gz.length} bytes (${text.length} chars), sha256 ${createHash('sha256').update(gz).digest('hex').slice(0, 16)}\n`);
