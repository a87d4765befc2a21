// The binary half-space model as text (the format build.js produces and the model card
// describes): `node scripts/halfspace/dump.js [models/halfspace.bin] > halfspace.txt`.
// Also converts a text model to the binary one: `--from-text FILE.txt[.gz] --out FILE.bin`
// (the same encoding build-halfspace.js writes).
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { decodeHalfSpaceModel, encodeHalfSpaceModel, halfSpaceModelText } from '../../dist/text/halfspace/binary.js';
import { parseHalfSpaceModel } from '../../dist/text/halfspace/model.js';

const args = process.argv.slice(2);
const read = (f) => {
  const b = readFileSync(f);
  return f.endsWith('.gz') ? gunzipSync(b) : b;
};
if (args[0] === '--from-text') {
  const out = args[args.indexOf('--out') + 1];
  if (!args[1] || !out) throw new Error('usage: dump.js --from-text FILE.txt[.gz] --out FILE.bin');
  const bin = encodeHalfSpaceModel(parseHalfSpaceModel(new TextDecoder().decode(read(args[1]))));
  writeFileSync(out, out.endsWith('.gz') ? gzipSync(bin, { level: 9 }) : bin);
  process.stderr.write(`wrote ${out}\n`);
} else {
  const file = args[0] ?? new URL('../../models/halfspace.bin', import.meta.url).pathname;
  process.stdout.write(halfSpaceModelText(decodeHalfSpaceModel(read(file))));
}
