// Writes the JSON Schema (draft 2020-12) of every version of every Eiffel event type, for
// producers written in other languages: <out>/<EventType>/<version>.json, plus <EventType>/latest.json.
//   npm run build && node schemas/dist/bin/export-json-schemas.js <out dir>
import { mkdirSync, writeFileSync } from 'node:fs';
import { EIFFEL_EVENT_TYPES, eiffelJsonSchema } from '../index.js';
import { eiffelVersions, latestEiffelVersion } from '../eiffel/eiffel-definitions-lookup.js';

const outDir = process.argv[2];
if (outDir === undefined) {
  console.error('usage: export-json-schemas <out dir>');
  process.exit(2);
}
let count = 0;
for (const type of EIFFEL_EVENT_TYPES) {
  mkdirSync(`${outDir}/${type}`, { recursive: true });
  for (const version of eiffelVersions(type)) {
    const body = `${JSON.stringify(eiffelJsonSchema(type, version), null, 2)}\n`;
    writeFileSync(`${outDir}/${type}/${version}.json`, body);
    if (version === latestEiffelVersion(type)) writeFileSync(`${outDir}/${type}/latest.json`, body);
    count++;
  }
}
console.log(`wrote ${count} JSON Schemas of ${EIFFEL_EVENT_TYPES.length} event types to ${outDir}`);
