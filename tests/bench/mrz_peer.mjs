// Peer throughput for mrtd_bench: npm `mrz` (cheminfo/mrz) `parse(lines)` over the records of
// one NDJSON file ({"mrz": "LINE1\nLINE2", "id": ...} per line), in this one Node process.
//
// usage: node mrz_peer.mjs PEER_DIR FILE.ndjson [MIN_SECONDS]
//   PEER_DIR holds node_modules/mrz (npm install --prefix PEER_DIR mrz@5.0.2).
// Prints one JSON object: {"records", "runs", "best_seconds", "records_per_s", "valid", "threw",
// "version"}. Reading and splitting the file happens before timing; each run parses every
// record once (repeated until MIN_SECONDS, default 1, have passed); the best of 3 runs counts.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [peerDir, file, minSecondsArg] = process.argv.slice(2);
if (!peerDir || !file) {
  console.error('usage: node mrz_peer.mjs PEER_DIR FILE.ndjson [MIN_SECONDS]');
  process.exit(2);
}
const minSeconds = Number(minSecondsArg ?? 1);

// Resolve `mrz` from PEER_DIR, not from this script's folder.
const require = createRequire(join(peerDir, 'package.json'));
const entry = require.resolve('mrz');
const { parse } = await import(pathToFileURL(entry).href);
const version = JSON.parse(readFileSync(join(peerDir, 'node_modules/mrz/package.json'), 'utf8')).version;

const records = readFileSync(file, 'utf8')
  .split('\n')
  .filter((line) => line.length > 0)
  .map((line) => JSON.parse(line).mrz.split('\n'));

// One pass over every record; parse() throws on shapes it does not know, which counts as a
// verdict too (mrtd reports those as error verdicts).
function pass() {
  let valid = 0;
  let threw = 0;
  for (const lines of records) {
    try {
      if (parse(lines).valid) {
        valid++;
      }
    } catch {
      threw++;
    }
  }
  return { valid, threw };
}

let best = Infinity;
let counts = { valid: 0, threw: 0 };
for (let run = 0; run < 3; run++) {
  let passes = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  do {
    counts = pass();
    passes++;
    elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  } while (elapsed < minSeconds);
  best = Math.min(best, elapsed / passes);
}

console.log(
  JSON.stringify({
    records: records.length,
    runs: 3,
    best_seconds: best,
    records_per_s: records.length / best,
    valid: counts.valid,
    threw: counts.threw,
    version,
  }),
);
