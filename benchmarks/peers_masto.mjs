// The masto.js contender of benchmarks/peers.py: walk the home timeline to the end.
//
//   node benchmarks/peers_masto.mjs NODE_MODULES_PARENT BASE_URL TOKEN
//
// Prints one JSON line: {"seconds": ..., "count": ..., "version": ...}. The time runs from
// making the client to the last page (node's start and the import are not counted, as
// the Python contenders' imports are not).
import { createRequire } from "node:module";
import path from "node:path";

const [where, url, accessToken] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(where), "peers.cjs"));
const { createRestAPIClient } = require("masto");
const { version } = require("masto/package.json");

const started = performance.now();
const masto = createRestAPIClient({ url, accessToken });
let count = 0;
for await (const statuses of masto.v1.timelines.home.list({ limit: 40 })) {
  count += statuses.length;
}
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ seconds, count, version }));
