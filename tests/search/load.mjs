// Loads a built site's search script and index into node, the way the search page does:
// the same assets/search.js, and the search/*.js files run as scripts against a `window`.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export function loadSite(site) {
  const require = createRequire(import.meta.url);
  const search = require(join(site, 'assets', 'search.js'));
  const window = {};
  const loaded = new Set();
  const run = (path) => {
    if (loaded.has(path)) return;
    loaded.add(path);
    new Function('window', readFileSync(join(site, path), 'utf8'))(window);
  };
  run('search/meta.js');
  const index = () => window.GONGKAI_SEARCH;
  // A query as the page runs it: load the query's shards, rank, load the shown documents.
  const query = (q, shown = 20) => {
    const terms = search.parse(q);
    for (const n of search.shardsFor(terms, index().meta)) run(`search/shard-${n}.js`);
    const ranked = search.rank(index(), terms);
    for (const r of ranked.slice(0, shown)) {
      run(`search/docs-${search.docChunk(r.doc, index().meta)}.js`);
    }
    return { terms, ranked };
  };
  // Every document, for checks over whole result sets.
  const doc = (n) => {
    run(`search/docs-${search.docChunk(n, index().meta)}.js`);
    return search.docAt(index(), n);
  };
  return { search, index, query, doc, run, loaded };
}
