/* gongkai search: the theme's own script, no framework, ES5.
 *
 * The index (written by src/search.rs) is a set of plain scripts under search/, each
 * storing its part at window.GONGKAI_SEARCH: meta.js (counts), shard-<n>.js (postings of the
 * tokens whose hash modulo the shard count is n) and docs-<k>.js (titles, offices, statuses,
 * addresses and snippet text of 16 documents). Scripts, not fetch(), so that a site opened
 * from disk searches too. A query loads only its own tokens' shards and the documents shown.
 *
 * The tokenizer must agree with src/search.rs: ASCII words (ids, dates) lower-cased whole,
 * runs of Chinese characters cut into overlapping bigrams (the index also holds every single
 * character, for one-character queries). A test compares the two.
 *
 * This file runs in browsers (it starts the search page when it finds #search-form) and in
 * node (module.exports), where tests/search/query.test.mjs runs the same query code.
 */
(function (root, factory) {
  'use strict';
  var api = factory();
  if (typeof module === 'object' && module && module.exports) {
    module.exports = api;
  }
  if (root) {
    root.GongkaiSearch = api;
  }
  if (typeof document !== 'undefined' && root && root.document === document) {
    api.start(root, document);
  }
}(typeof window !== 'undefined' ? window : this, function () {
  'use strict';

  var PAGE = 20;

  function fold(cp) {
    if (cp >= 0xFF01 && cp <= 0xFF5E) {
      cp -= 0xFEE0;
    }
    if (cp >= 65 && cp <= 90) {
      cp += 32;
    }
    return cp;
  }

  function isCjk(c) {
    return c === 0x3007 || (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) ||
      (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) ||
      (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FA1F);
  }

  function isWord(c) {
    return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
  }

  function isJoiner(c) {
    return c === 45 || c === 95 || c === 46;
  }

  /* The code points of a string, surrogate pairs joined. */
  function codePoints(text) {
    var out = [];
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (c >= 0xD800 && c <= 0xDBFF && i + 1 < text.length) {
        var d = text.charCodeAt(i + 1);
        if (d >= 0xDC00 && d <= 0xDFFF) {
          c = (c - 0xD800) * 0x400 + (d - 0xDC00) + 0x10000;
          i++;
        }
      }
      out.push(c);
    }
    return out;
  }

  function chr(cp) {
    if (cp > 0xFFFF) {
      cp -= 0x10000;
      return String.fromCharCode(0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF));
    }
    return String.fromCharCode(cp);
  }

  function str(cps) {
    var s = '';
    for (var i = 0; i < cps.length; i++) {
      s += chr(cps[i]);
    }
    return s;
  }

  /* Runs of Chinese characters ({cjk: true}) and ASCII words ({cjk: false}). */
  function runs(text) {
    var cps = codePoints(text);
    var out = [];
    var i = 0;
    for (var k = 0; k < cps.length; k++) {
      cps[k] = fold(cps[k]);
    }
    while (i < cps.length) {
      var c = cps[i];
      var start = i;
      if (isCjk(c)) {
        while (i < cps.length && isCjk(cps[i])) {
          i++;
        }
        out.push({ cjk: true, cps: cps.slice(start, i) });
      } else if (isWord(c)) {
        while (i < cps.length && (isWord(cps[i]) ||
            (isJoiner(cps[i]) && i + 1 < cps.length && isWord(cps[i + 1])))) {
          i++;
        }
        out.push({ cjk: false, cps: cps.slice(start, i) });
      } else {
        i++;
      }
    }
    return out;
  }

  /* The tokens a text is indexed under (as src/search.rs `tokens`). */
  function tokenize(text) {
    var out = [];
    var rs = runs(text);
    for (var r = 0; r < rs.length; r++) {
      var cps = rs[r].cps;
      if (!rs[r].cjk) {
        out.push(str(cps));
        continue;
      }
      for (var i = 0; i < cps.length; i++) {
        out.push(chr(cps[i]));
        if (i + 1 < cps.length) {
          out.push(chr(cps[i]) + chr(cps[i + 1]));
        }
      }
    }
    return out;
  }

  /* The tokens of one query term (as src/search.rs `query_tokens`). */
  function queryTokens(term) {
    var out = [];
    var rs = runs(term);
    for (var r = 0; r < rs.length; r++) {
      var cps = rs[r].cps;
      if (!rs[r].cjk || cps.length === 1) {
        out.push(str(cps));
      } else {
        for (var i = 0; i + 1 < cps.length; i++) {
          out.push(chr(cps[i]) + chr(cps[i + 1]));
        }
      }
    }
    return out;
  }

  function foldText(text) {
    var cps = codePoints(text);
    var out = [];
    for (var i = 0; i < cps.length; i++) {
      out.push(fold(cps[i]));
    }
    return str(out);
  }

  function exactToken(name) {
    return '=' + foldText(name).replace(/\s+/g, '');
  }

  /* FNV-1a over code points, 32 bits (as src/search.rs `hash`). */
  function hash(token) {
    var cps = codePoints(token);
    var h = 0x811c9dc5;
    for (var i = 0; i < cps.length; i++) {
      h ^= cps[i];
      h = (h + (h << 1) + (h << 4) + (h << 7) + (h << 8) + (h << 24)) | 0;
    }
    return h >>> 0;
  }

  /* A query's terms (split at spaces, full-width ones too), each with its tokens. */
  function parse(query) {
    var parts = String(query || '').split(/[\s\u3000]+/);
    var terms = [];
    var seen = {};
    for (var i = 0; i < parts.length; i++) {
      var text = parts[i];
      var tokens = queryTokens(text);
      if (!tokens.length || seen['$' + text]) {
        continue;
      }
      seen['$' + text] = true;
      terms.push({ text: text, tokens: tokens, exact: exactToken(text) });
    }
    return terms;
  }

  function shardOf(token, meta) {
    return hash(token) % meta.shards;
  }

  /* The shard numbers a query needs. */
  function shardsFor(terms, meta) {
    var need = {};
    var out = [];
    for (var i = 0; i < terms.length; i++) {
      var all = terms[i].tokens.concat([terms[i].exact]);
      for (var j = 0; j < all.length; j++) {
        var n = shardOf(all[j], meta);
        if (!need[n]) {
          need[n] = true;
          out.push(n);
        }
      }
    }
    return out.sort(function (a, b) { return a - b; });
  }

  /* A posting list as {doc: weight}: numbers are (doc delta << 3) | weight. */
  function postings(index, token) {
    var list = (index.shards[shardOf(token, index.meta)] || {})[token];
    var out = {};
    var doc = 0;
    if (!list) {
      return null;
    }
    for (var i = 0; i < list.length; i++) {
      doc += Math.floor(list[i] / 8);
      out[doc] = list[i] % 8;
    }
    return out;
  }

  /* Ranks the documents for the terms; the terms' shards must be loaded. Most terms matched
   * first, then exact names (ids, office names), then weight, then index order. A document
   * matches a term when it has all the term's tokens. */
  function rank(index, terms) {
    var hits = {};
    function hit(doc) {
      if (!hits[doc]) {
        hits[doc] = { doc: +doc, terms: 0, exact: 0, score: 0 };
      }
      return hits[doc];
    }
    for (var t = 0; t < terms.length; t++) {
      var matched = null;
      for (var k = 0; k < terms[t].tokens.length; k++) {
        var list = postings(index, terms[t].tokens[k]) || {};
        var next = {};
        for (var d in list) {
          if (Object.prototype.hasOwnProperty.call(list, d) && (matched === null || d in matched)) {
            next[d] = (matched === null ? 0 : matched[d]) + list[d];
          }
        }
        matched = next;
      }
      var exact = postings(index, terms[t].exact) || {};
      for (var e in exact) {
        if (Object.prototype.hasOwnProperty.call(exact, e)) {
          hit(e).exact += 1;
          if (!(e in matched)) {
            matched[e] = exact[e];
          }
        }
      }
      for (var m in matched) {
        if (Object.prototype.hasOwnProperty.call(matched, m)) {
          var h = hit(m);
          h.terms += 1;
          h.score += matched[m];
        }
      }
    }
    var out = [];
    for (var doc in hits) {
      if (Object.prototype.hasOwnProperty.call(hits, doc)) {
        out.push(hits[doc]);
      }
    }
    out.sort(function (a, b) {
      return (b.terms - a.terms) || (b.exact - a.exact) || (b.score - a.score) || (a.doc - b.doc);
    });
    return out;
  }

  function docChunk(doc, meta) {
    return Math.floor(doc / meta.chunk);
  }

  /* A document as {kind, id, title, office, status, url, text}, if its chunk is loaded. */
  function docAt(index, doc) {
    var chunk = index.docs[docChunk(doc, index.meta)];
    var row = chunk && chunk[doc % index.meta.chunk];
    if (!row) {
      return null;
    }
    return {
      kind: row[0], id: row[1], title: row[2], office: row[3], status: row[4], url: row[5],
      text: row[6]
    };
  }

  /* The words to highlight: each term, then its tokens, longest first. */
  function needles(terms) {
    var out = [];
    var seen = {};
    for (var i = 0; i < terms.length; i++) {
      var all = [foldText(terms[i].text)].concat(terms[i].tokens);
      for (var j = 0; j < all.length; j++) {
        if (all[j] && !seen['$' + all[j]]) {
          seen['$' + all[j]] = true;
          out.push(all[j]);
        }
      }
    }
    return out.sort(function (a, b) { return b.length - a.length; });
  }

  /* Where the needles occur in a text, as non-overlapping [start, end) pairs in order.
   * Folding keeps lengths, so positions in the folded text are positions in the text. */
  function matches(text, words) {
    var folded = foldText(text);
    var out = [];
    var i = 0;
    while (i < folded.length) {
      var found = null;
      for (var w = 0; w < words.length; w++) {
        if (folded.substr(i, words[w].length) === words[w]) {
          found = words[w];
          break;
        }
      }
      if (found) {
        out.push([i, i + found.length]);
        i += found.length;
      } else {
        i++;
      }
    }
    return out;
  }

  /* A text cut to about `width` characters around its first match, as segments
   * [{text, mark}] (marks are to become <mark> elements, text nodes always). */
  function snippet(text, terms, width) {
    var words = needles(terms);
    text = String(text || '').replace(/\s+/g, ' ');
    var found = matches(text, words);
    var start = 0;
    var end = text.length;
    if (width && text.length > width) {
      start = found.length ? Math.max(0, found[0][0] - Math.floor(width / 4)) : 0;
      end = Math.min(text.length, start + width);
    }
    var out = [];
    var at = start;
    if (start > 0) {
      out.push({ text: '…', mark: false });
    }
    for (var i = 0; i < found.length; i++) {
      var a = Math.max(found[i][0], at);
      var b = Math.min(found[i][1], end);
      if (b <= a) {
        continue;
      }
      if (a > at) {
        out.push({ text: text.substring(at, a), mark: false });
      }
      out.push({ text: text.substring(a, b), mark: true });
      at = b;
    }
    if (at < end) {
      out.push({ text: text.substring(at, end), mark: false });
    }
    if (end < text.length) {
      out.push({ text: '…', mark: false });
    }
    return out;
  }

  /* ---- the search page ---- */

  function loader(win, doc, base) {
    var state = {};
    return function load(paths, done) {
      var waiting = 0;
      var finished = false;
      function one() {
        waiting--;
        if (waiting === 0 && !finished) {
          finished = true;
          done();
        }
      }
      for (var i = 0; i < paths.length; i++) {
        var path = paths[i];
        if (state[path] === 'done') {
          continue;
        }
        waiting++;
        if (state[path]) {
          state[path].push(one);
          continue;
        }
        state[path] = [one];
        var script = doc.createElement('script');
        script.src = base + path;
        script.onload = script.onerror = (function (p) {
          return function () {
            var waiters = state[p];
            state[p] = 'done';
            for (var w = 0; w < waiters.length; w++) {
              waiters[w]();
            }
          };
        }(path));
        doc.head.appendChild(script);
      }
      if (waiting === 0) {
        finished = true;
        done();
      }
    };
  }

  function queryOf(search) {
    var parts = String(search || '').replace(/^\?/, '').split('&');
    for (var i = 0; i < parts.length; i++) {
      var kv = parts[i].split('=');
      if (kv[0] === 'q' && kv.length > 1) {
        try {
          return decodeURIComponent(kv[1].replace(/\+/g, ' '));
        } catch (e) {
          return '';
        }
      }
    }
    return '';
  }

  function append(doc, parent, segments) {
    for (var i = 0; i < segments.length; i++) {
      if (segments[i].mark) {
        var mark = doc.createElement('mark');
        mark.textContent = segments[i].text;
        parent.appendChild(mark);
      } else {
        parent.appendChild(doc.createTextNode(segments[i].text));
      }
    }
  }

  var KIND_LABELS = { item: '整改事项', office: '科室' };

  function start(win, doc) {
    var form = doc.getElementById('search-form');
    if (!form) {
      return;
    }
    var input = doc.getElementById('search-q');
    var status = doc.getElementById('search-status');
    var list = doc.getElementById('search-results');
    var nojs = doc.getElementById('search-nojs');
    var base = form.getAttribute('data-root') || '';
    var fileLinks = win.location.protocol === 'file:';
    var load = loader(win, doc, base);
    var index = win.GONGKAI_SEARCH || {};
    var current = 0;
    if (nojs) {
      nojs.hidden = true;
    }

    function href(url) {
      return base + url + (fileLinks && /\/$/.test(url) ? 'index.html' : '');
    }

    function render(terms, ranked, from, serial) {
      var shown = ranked.slice(from, from + PAGE);
      var chunks = [];
      for (var i = 0; i < shown.length; i++) {
        var c = 'search/docs-' + docChunk(shown[i].doc, index.meta) + '.js';
        if (chunks.indexOf(c) < 0) {
          chunks.push(c);
        }
      }
      load(chunks, function () {
        if (serial !== current) {
          return;
        }
        var more = doc.getElementById('search-more');
        if (more) {
          more.parentNode.removeChild(more);
        }
        for (var i = 0; i < shown.length; i++) {
          var d = docAt(index, shown[i].doc);
          if (!d) {
            continue;
          }
          var li = doc.createElement('li');
          li.className = 'search-result';
          var h = doc.createElement('h2');
          var a = doc.createElement('a');
          a.href = href(d.url);
          append(doc, a, snippet(d.title, terms, 0));
          h.appendChild(a);
          li.appendChild(h);
          var meta = doc.createElement('p');
          meta.className = 'meta';
          var bits = [KIND_LABELS[d.kind] || d.kind, d.kind === 'office' ? '' : d.id, d.office, d.status];
          meta.textContent = bits.filter(function (b) { return b; }).join(' · ');
          li.appendChild(meta);
          var p = doc.createElement('p');
          p.className = 'search-snippet';
          append(doc, p, snippet(d.text, terms, 120));
          li.appendChild(p);
          list.appendChild(li);
        }
        if (from + PAGE < ranked.length) {
          var button = doc.createElement('button');
          button.type = 'button';
          button.id = 'search-more';
          button.textContent = '显示更多结果（还有 ' + (ranked.length - from - PAGE) + ' 条）';
          button.addEventListener('click', function () {
            render(terms, ranked, from + PAGE, serial);
          });
          list.parentNode.insertBefore(button, list.nextSibling);
        }
      });
    }

    function run(query) {
      var serial = ++current;
      var terms = parse(query);
      while (list.firstChild) {
        list.removeChild(list.firstChild);
      }
      var more = doc.getElementById('search-more');
      if (more) {
        more.parentNode.removeChild(more);
      }
      if (!terms.length) {
        status.textContent = '';
        return;
      }
      if (!index.meta) {
        status.textContent = '搜索索引未能加载。';
        return;
      }
      status.textContent = '正在搜索…';
      var shards = shardsFor(terms, index.meta);
      var paths = [];
      for (var i = 0; i < shards.length; i++) {
        paths.push('search/shard-' + shards[i] + '.js');
      }
      load(paths, function () {
        if (serial !== current) {
          return;
        }
        var ranked = rank(index, terms);
        status.textContent = ranked.length ?
          '找到 ' + ranked.length + ' 条结果。' :
          '没有找到与“' + query + '”相关的记录。';
        render(terms, ranked, 0, serial);
      });
    }

    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var q = input.value;
      var url = '?q=' + encodeURIComponent(q);
      try {
        win.history.pushState({ q: q }, '', url);
      } catch (e) {
        /* a page opened from disk may refuse; the search still runs */
      }
      run(q);
    });
    win.addEventListener('popstate', function () {
      var q = queryOf(win.location.search);
      input.value = q;
      run(q);
    });
    var initial = queryOf(win.location.search);
    if (initial) {
      input.value = initial;
      run(initial);
    }
  }

  return {
    tokenize: tokenize,
    queryTokens: queryTokens,
    exactToken: exactToken,
    hash: hash,
    parse: parse,
    shardsFor: shardsFor,
    rank: rank,
    docChunk: docChunk,
    docAt: docAt,
    snippet: snippet,
    start: start
  };
}));
