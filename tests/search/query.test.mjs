// The search page's query code (assets/search.js of a built site) over the built index.
// Run by `cargo test --test search`, which builds the sample site and computes the expected
// results from the records: GONGKAI_SITE is the built site, GONGKAI_EXPECT the expectations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadSite } from './load.mjs';

const site = process.env.GONGKAI_SITE;
const expect = site && JSON.parse(readFileSync(process.env.GONGKAI_EXPECT, 'utf8'));
const skip = site ? false : 'GONGKAI_SITE is not set: run through `cargo test --test search`';
const s = site && loadSite(site);

const ids = (ranked, kind) =>
  ranked.map((r) => s.doc(r.doc)).filter((d) => !kind || d.kind === kind).map((d) => d.id);

test('the script cuts text into the same tokens as the index builder', { skip }, () => {
  for (const c of expect.tokens) {
    assert.deepEqual(s.search.tokenize(c.text), c.tokens, `tokens of ${c.text}`);
    assert.deepEqual(s.search.queryTokens(c.text), c.query, `query tokens of ${c.text}`);
    assert.equal(s.search.hash(c.hash), c.hash_value, `hash of ${c.hash}`);
  }
});

test('首问 finds every record that mentions 首问', { skip }, () => {
  const { ranked } = s.query('首问');
  assert.deepEqual(ids(ranked, 'item').sort(), [...expect.shouwen].sort());
  assert.ok(expect.shouwen.length > 0);
});

test('窗口 态度 ranks the records with both terms first', { skip }, () => {
  const { ranked } = s.query('窗口 态度');
  const items = ids(ranked, 'item');
  const both = expect.window_both.length;
  assert.ok(both > 0, 'the sample has records with both terms');
  assert.deepEqual(items.slice(0, both).sort(), [...expect.window_both].sort());
  assert.deepEqual([...items].sort(), [...expect.window_either].sort());
});

test('an item id returns that item first, in any case and width', { skip }, () => {
  for (const q of [expect.item_id, expect.item_id.toLowerCase(), 'ＧＢ１-2026-001']) {
    const first = s.doc(s.query(q).ranked[0].doc);
    assert.equal(first.kind, 'item', q);
    assert.equal(first.id, expect.item_id, q);
  }
});

test('an office name returns the office first', { skip }, () => {
  const first = s.doc(s.query(expect.office.name).ranked[0].doc);
  assert.equal(first.kind, 'office');
  assert.equal(first.id, expect.office.id);
  assert.equal(first.title, expect.office.name);
});

test('a one-character query finds every record with that character', { skip }, () => {
  assert.deepEqual(ids(s.query('窗').ranked, 'item').sort(), [...expect.chuang].sort());
});

test('snippets mark the matched words and keep record text as text', { skip }, () => {
  const terms = s.search.parse('首问 <b>');
  const segments = s.search.snippet('前文<b>x，落实首问负责制，后文', terms, 0);
  assert.deepEqual(
    segments.filter((x) => x.mark).map((x) => x.text),
    ['<b>', '首问'],
  );
  assert.equal(segments.map((x) => x.text).join(''), '前文<b>x，落实首问负责制，后文');
  const { ranked, terms: t } = s.query('首问');
  const d = s.doc(ranked[0].doc);
  assert.ok(s.search.snippet(d.text + d.title, t, 120).some((x) => x.mark && x.text === '首问'));
});

test('a query loads only its own shards and the shown documents', { skip }, () => {
  const fresh = loadSite(site);
  fresh.query('首问');
  const shards = [...fresh.loaded].filter((p) => p.includes('shard-'));
  assert.ok(shards.length <= 2, `shards loaded: ${shards}`);
});
