// Converts a PrefLib .soi/.soc file to the JSON input of the npm package
// meeks-prf-js (see its README): candidates are named c1..cN by their
// PrefLib numbers, and ties are broken in that order.
//
// Usage: node preflib-to-meeks.mjs FILE.soi SEATS > input.json
import { readFileSync } from 'node:fs';

const [file, seats] = process.argv.slice(2);
const lines = readFileSync(file, 'utf8').split('\n');
let n = 0;
const ballots = [];
for (const line of lines) {
  const m = line.match(/^# NUMBER ALTERNATIVES: (\d+)/);
  if (m) n = Number(m[1]);
  if (line.startsWith('#') || !line.includes(':')) continue;
  const [count, order] = line.split(':');
  if (order.includes('{')) throw new Error(`${file}: ties in orders are not supported`);
  const ranking = order.split(',').map((c) => c.trim()).filter(Boolean).map((c) => 'c' + c);
  ballots.push([Number(count), ' ' + ranking.join(' ')]);
}
const ids = Array.from({ length: n }, (_, i) => 'c' + (i + 1)).join(' ');
process.stdout.write(JSON.stringify({
  nbrSeatsToFill: Number(seats),
  candidates: ' ' + ids,
  ballots,
  maxRankingLevels: n,
  tieBreaker: ' ' + ids,
  excluded: '',
  protected: '',
  options: {},
}));
