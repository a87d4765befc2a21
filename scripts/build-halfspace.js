// Builds models/halfspace.bin from ../shared/data (see models/MODEL_CARD.halfspace.md).
// Deterministic: same data → same bytes. Run with `npm run build:halfspace`.
// The model is made in its text form (build.js), then encoded as the binary the loader reads
// (src/text/halfspace/binary.ts); `--text FILE` also writes the text form (gzipped if FILE ends
// in .gz). `node scripts/halfspace/dump.js` prints the text form of the shipped binary.
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { buildModel, loadSources } from './halfspace/build.js';
import { instancesFor, trainClassifier, LEARN_DEFAULTS } from './halfspace/learn.js';
import { dataDir } from '../dist/util/data-path.js';
import { encodeHalfSpaceModel } from '../dist/text/halfspace/binary.js';
import { parseHalfSpaceModel } from '../dist/text/halfspace/model.js';

const args = process.argv.slice(2);
const S = loadSources(dataDir());
// The learned decisions (learn.js): trained on out-of-fold pairs from PerDT dev halves and
// Seraji dev, then applied to the build over all the sources.
const classifier = trainClassifier(instancesFor(S, [], LEARN_DEFAULTS), LEARN_DEFAULTS);
const lines = buildModel(S, { classifier, log: (s) => process.stderr.write(s + '\n') });
const text = '#sokhan halfspace model v1\n' + lines.join('\n') + '\n';
const sha = (b) => createHash('sha256').update(b).digest('hex').slice(0, 16);
if (args.includes('--text')) {
  const file = args[args.indexOf('--text') + 1];
  const raw = Buffer.from(text, 'utf8');
  writeFileSync(file, file.endsWith('.gz') ? gzipSync(raw, { level: 9 }) : raw);
  process.stderr.write(`wrote ${file} (${text.length} chars, text sha256 ${sha(raw)})\n`);
}
const bin = encodeHalfSpaceModel(parseHalfSpaceModel(text));
const out = new URL('../models/halfspace.bin', import.meta.url);
writeFileSync(out, bin);
process.stderr.write(
  `wrote models/halfspace.bin: ${bin.length} bytes (${gzipSync(bin, { level: 9 }).length} gzipped), sha256 ${sha(bin)}; text form ${text.length} chars, sha256 ${sha(Buffer.from(text, 'utf8'))}\n`,
);
