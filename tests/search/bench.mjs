// Index size and query time of a built site's search, with node:
//   node tests/search/bench.mjs SITE_DIR [QUERY ...]
// Prints the index size (raw and gzipped), then for each query the files it loads (raw and
// gzipped bytes), the time to evaluate them (as a browser runs the scripts) and to rank.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadSite } from './load.mjs';

const site = process.argv[2];
if (!site) {
  console.error('usage: node tests/search/bench.mjs SITE_DIR [QUERY ...]');
  process.exit(2);
}
const queries = process.argv.slice(3).length ? process.argv.slice(3) : ['首问', '窗口 态度', '群众', '窗'];
const dir = join(site, 'search');
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const size = (files) => {
  let raw = 0;
  let gz = 0;
  for (const f of files) {
    const b = readFileSync(join(site, f));
    raw += b.length;
    gz += gzipSync(b, { level: 9 }).length;
  }
  return { raw, gz };
};
const files = readdirSync(dir).filter((f) => f.endsWith('.js')).map((f) => `search/${f}`);
for (const [label, pick] of [
  ['shards', (f) => f.includes('shard-')],
  ['docs', (f) => f.includes('docs-')],
  ['all', () => true],
]) {
  const group = files.filter(pick);
  const { raw, gz } = size(group);
  const each = group.map((f) => readFileSync(join(site, f)).length);
  console.log(`${label}: ${group.length} files, ${kb(raw)} raw, ${kb(gz)} gzipped` +
    (group.length > 1 ? `, each ${kb(Math.min(...each))}–${kb(Math.max(...each))}` : ''));
}
for (const q of queries) {
  const s = loadSite(site);
  const before = new Set(s.loaded);
  const t0 = process.hrtime.bigint();
  const terms = s.search.parse(q);
  for (const n of s.search.shardsFor(terms, s.index().meta)) s.run(`search/shard-${n}.js`);
  const t1 = process.hrtime.bigint();
  const ranked = s.search.rank(s.index(), terms);
  const t2 = process.hrtime.bigint();
  for (const r of ranked.slice(0, 20)) s.run(`search/docs-${s.search.docChunk(r.doc, s.index().meta)}.js`);
  for (const r of ranked.slice(0, 20)) s.search.snippet(s.search.docAt(s.index(), r.doc).text, terms, 120);
  const t3 = process.hrtime.bigint();
  const loaded = [...s.loaded].filter((f) => !before.has(f));
  const { raw, gz } = size(loaded);
  const ms = (a, b) => (Number(b - a) / 1e6).toFixed(1);
  console.log(`"${q}": ${ranked.length} results; loads ${loaded.length} files ` +
    `(${kb(raw)} raw, ${kb(gz)} gzipped); evaluate shards ${ms(t0, t1)} ms, rank ${ms(t1, t2)} ms, ` +
    `first 20 results with snippets ${ms(t2, t3)} ms; total ${ms(t0, t3)} ms`);
}
