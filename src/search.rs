//! The search index: small JavaScript files under `search/` that the theme's `search.js`
//! loads, made from the public view like every other output (so whatever the view hides or
//! masks never reaches the index).
//!
//! Chinese is written without spaces, and a word segmenter would need a dictionary of
//! megabytes and still miss names of offices and local terms. So the index holds every
//! overlapping pair of characters (bigram) of each run of Chinese characters, plus every
//! single character, and ASCII words and ids lower-cased whole. A query is cut the same way:
//! a record matches a term when it holds all the term's bigrams. [`tokens`] here and
//! `tokenize` in `themes/default/static/search.js` must agree; a test checks that they do.
//!
//! The files, all plain scripts (a page opened from disk may not `fetch()`, but may load
//! `<script src>`):
//! - `search/meta.js`: the numbers of shards and document chunks and the document kinds;
//! - `search/shard-<n>.js`: the postings of the tokens whose [`hash`] modulo the shard count is
//!   `n`, so a query loads only the shards of its own tokens;
//! - `search/docs-<k>.js`: documents `k * DOC_CHUNK ..`: kind, id, title, office, status,
//!   address and the text the result snippets are cut from, loaded only for shown results.
//!
//! A record type becomes searchable by one function that turns the view into [`Doc`]s,
//! listed in [`KINDS`].

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use pulldown_cmark::{Event, TagEnd};
use rayon::prelude::*;
use serde::Serialize;

use crate::markdown;
use crate::model::Office;
use crate::publish::OutputFile;
use crate::view::{PublicItem, PublicView};

/// The index's entry file, the one the search page links to; it names the others.
pub const META: &str = "search/meta.js";

/// Documents per `docs-<k>.js` file: small, since a result page loads one file per shown
/// result in the worst case.
pub const DOC_CHUNK: usize = 16;

/// The size a shard aims at, in bytes.
pub const SHARD_TARGET: usize = 120 * 1024;

/// The most weight one token can have in one document (weights are kept in three bits).
const MAX_WEIGHT: u8 = 7;

/// How much one occurrence of a token counts, by the field it occurs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The record's own name or id: a match here is the record itself.
    Name,
    /// The title.
    Title,
    /// Office, category and other labels.
    Label,
    /// Body text and timeline notes.
    Text,
}

impl Field {
    fn weight(self) -> u8 {
        match self {
            Field::Name => 6,
            Field::Title => 4,
            Field::Label => 2,
            Field::Text => 1,
        }
    }
}

/// One searchable document. It borrows the view's records; only its text is made for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc<'v> {
    /// Its kind (`item`, `office`, …): one of [`KINDS`]' names.
    pub kind: &'static str,
    /// The record's id.
    pub id: &'v str,
    /// The title shown in results.
    pub title: &'v str,
    /// The office's name shown in results (empty for an office itself).
    pub office: &'v str,
    /// The status word shown in results (may be empty).
    pub status: &'static str,
    /// Its page, relative to the site root, ending in `/`.
    pub url: String,
    /// The weighted names and labels that are indexed besides the text.
    pub fields: Vec<(Field, &'v str)>,
    /// The exact names that rank the record first when a query term equals one of them (the
    /// id, the office's name).
    pub exact: Vec<&'v str>,
    /// The text result snippets are cut from; it is indexed as [`Field::Text`].
    pub text: String,
}

impl<'v> Doc<'v> {
    /// Every indexed text with its field: the names and labels, then the text.
    fn indexed(&self) -> impl Iterator<Item = (Field, &str)> {
        let text = (Field::Text, self.text.as_str());
        self.fields.iter().copied().chain(std::iter::once(text))
    }
}

/// A function that turns the view into documents of one kind.
pub type Kind = for<'v> fn(&PublicView<'v>) -> Vec<Doc<'v>>;

/// Every kind of document, in index order. Add a record type here with one function.
pub const KINDS: [(&str, Kind); 2] = [("item", item_docs), ("office", office_docs)];

/// Published items: title, id, office, category, source, body and the timeline notes the
/// public could know on the as-of date. Bodies are cut to text in parallel.
pub fn item_docs<'v>(view: &PublicView<'v>) -> Vec<Doc<'v>> {
    view.items
        .par_iter()
        .map(|item| item_doc(view, item))
        .collect()
}

/// One published item's document.
fn item_doc<'v>(view: &PublicView<'v>, item: &PublicItem<'v>) -> Doc<'v> {
    let record = item.item;
    let office: &'v Office = view.office_of(item).office;
    let mut text = plain_text(record.body_text());
    let notes = item.entries(view.as_of).map(|e| e.note.as_str());
    for note in notes.filter(|n| !n.is_empty()) {
        text.push('\n');
        text.push_str(note);
    }
    let id = record.id.value.as_str();
    Doc {
        kind: "item",
        id,
        title: &record.title,
        office: &office.name,
        status: item.state.status.word(),
        url: format!("items/{id}/"),
        fields: vec![
            (Field::Name, id),
            (Field::Title, &record.title),
            (Field::Label, &office.name),
            (Field::Label, item.category_name),
            (Field::Label, &record.source.value),
        ],
        exact: vec![id],
        text,
    }
}

/// Published offices: name, id, parent unit, chief, deputy, duties and phone.
pub fn office_docs<'v>(view: &PublicView<'v>) -> Vec<Doc<'v>> {
    view.offices
        .iter()
        .map(|o| {
            let office: &'v Office = o.office;
            let parent = office
                .parent
                .as_ref()
                .and_then(|p| view.records.office(&p.value))
                .map_or("", |p| p.name.as_str());
            let text = [
                office.duties.as_str(),
                &office.chief,
                &office.deputy,
                &office.phone,
            ]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join("\n");
            let id = office.id.value.as_str();
            Doc {
                kind: "office",
                id,
                title: &office.name,
                office: parent,
                status: if o.exists { "" } else { "已撤销" },
                url: format!("offices/{id}/"),
                fields: vec![
                    (Field::Name, &office.name),
                    (Field::Name, id),
                    (Field::Label, parent),
                ],
                exact: vec![&office.name, id],
                text,
            }
        })
        .collect()
}

/// The visible text of a Markdown body, blocks on their own lines.
pub fn plain_text(markdown: &str) -> String {
    let prepared = markdown::Prepared::new(markdown);
    let mut out = String::with_capacity(markdown.len());
    for event in prepared.events() {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&markdown::unmark(&t)),
            Event::SoftBreak | Event::HardBreak => out.push('\n'),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock,
            ) if !out.ends_with('\n') => out.push('\n'),
            _ => {}
        }
    }
    let trimmed = out.trim();
    if trimmed.len() == out.len() {
        out
    } else {
        trimmed.to_string()
    }
}

/// A character as the tokenizer sees it: full-width ASCII folded to ASCII, letters lower-cased.
fn fold(c: char) -> char {
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    c.to_ascii_lowercase()
}

/// Characters that make up Chinese (and Japanese and Korean) words: cut into bigrams.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3007 | 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF
        | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

fn is_word(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '_' | '.')
}

/// A run of a text, as the tokenizer cuts it (characters folded).
enum Run<'a> {
    /// Chinese characters.
    Chinese(&'a [char]),
    /// An ASCII word: letters and digits, joined by `-`, `_` or `.` inside (ids, dates,
    /// phones).
    Word(&'a str),
}

/// Cuts texts into [`Run`]s, keeping its buffers from text to text so that cutting
/// allocates nothing once they have grown.
#[derive(Default)]
struct Scanner {
    /// The Chinese run being read.
    chinese: Vec<char>,
    /// The word being read.
    word: String,
    /// A joiner read after the word: part of it only if a letter or digit follows.
    joiner: Option<char>,
}

impl Scanner {
    /// Calls `visit` with each run of `text`, in order.
    fn runs(&mut self, text: &str, mut visit: impl FnMut(Run<'_>)) {
        for c in text.chars().map(fold) {
            if self.continues_word(c, &mut visit) {
                continue;
            }
            if is_cjk(c) {
                self.chinese.push(c);
                continue;
            }
            self.end_chinese(&mut visit);
            if is_word(c) {
                self.word.push(c);
            }
        }
        self.end_word(&mut visit);
        self.end_chinese(&mut visit);
    }

    /// Takes `c` into the word being read, if any, when it continues it; otherwise ends
    /// that word and returns false.
    fn continues_word(&mut self, c: char, visit: &mut impl FnMut(Run<'_>)) -> bool {
        if self.word.is_empty() {
            return false;
        }
        match self.joiner.take() {
            Some(joiner) if is_word(c) => self.word.extend([joiner, c]),
            None if is_word(c) => self.word.push(c),
            None if is_joiner(c) => self.joiner = Some(c),
            _ => {
                self.end_word(visit);
                return false;
            }
        }
        true
    }

    fn end_word(&mut self, visit: &mut impl FnMut(Run<'_>)) {
        if !self.word.is_empty() {
            visit(Run::Word(&self.word));
            self.word.clear();
        }
        self.joiner = None;
    }

    fn end_chinese(&mut self, visit: &mut impl FnMut(Run<'_>)) {
        if !self.chinese.is_empty() {
            visit(Run::Chinese(&self.chinese));
            self.chinese.clear();
        }
    }
}

/// The bit that marks a packed bigram (code points take 21 bits each).
const BIGRAM: u64 = 1 << 42;

/// Calls `visit` with the tokens of a Chinese run, in order: each character, each followed
/// by its bigram with the next one. A token is packed in a number: one character `c`, or a
/// bigram `BIGRAM | a << 21 | b`.
fn each_chinese_token(run: &[char], mut visit: impl FnMut(u64)) {
    for (i, &c) in run.iter().enumerate() {
        visit(c as u64);
        if let Some(&next) = run.get(i + 1) {
            visit(BIGRAM | (c as u64) << 21 | next as u64);
        }
    }
}

/// The characters of a packed Chinese token.
fn unpack(packed: u64) -> impl Iterator<Item = char> {
    let char_at = move |shift: u64| char::from_u32(((packed >> shift) & 0x1F_FFFF) as u32);
    let first = (packed & BIGRAM != 0).then(|| char_at(21)).flatten();
    first.into_iter().chain(char_at(0))
}

/// [`hash`] of a packed Chinese token, without spelling it.
fn packed_hash(packed: u64) -> u32 {
    let last = (packed & 0x1F_FFFF) as u32;
    let first = (packed >> 21 & 0x1F_FFFF) as u32;
    let h = if packed & BIGRAM == 0 {
        FNV_OFFSET
    } else {
        fnv_step(FNV_OFFSET, first)
    };
    fnv_step(h, last)
}

/// A token's text as the shard files spell it: a Chinese token inline, a word on the heap.
#[derive(Debug, PartialEq, Eq)]
enum TokenText {
    /// The UTF-8 of one or two Chinese characters.
    Chinese { bytes: [u8; 8], len: u8 },
    /// An ASCII word, or an exact name's `=` token.
    Word(Box<str>),
}

impl TokenText {
    fn chinese(packed: u64) -> TokenText {
        let mut bytes = [0; 8];
        let mut len = 0;
        for c in unpack(packed) {
            len += c.encode_utf8(&mut bytes[len..]).len();
        }
        TokenText::Chinese {
            bytes,
            len: len as u8,
        }
    }

    /// The first eight bytes, zero-padded, as a number that orders as the bytes do.
    fn prefix(&self) -> u64 {
        let bytes = self.as_bytes();
        let mut first = [0; 8];
        let len = bytes.len().min(8);
        first[..len].copy_from_slice(&bytes[..len]);
        u64::from_be_bytes(first)
    }

    /// Orders tokens by their bytes, as the shards list them; most differ in the first
    /// eight, compared as one number.
    fn cmp(&self, other: &TokenText) -> std::cmp::Ordering {
        let by_prefix = self.prefix().cmp(&other.prefix());
        by_prefix.then_with(|| self.as_bytes().cmp(other.as_bytes()))
    }

    fn as_bytes(&self) -> &[u8] {
        match self {
            TokenText::Chinese { bytes, len } => &bytes[..usize::from(*len)],
            TokenText::Word(word) => word.as_bytes(),
        }
    }
}

/// The tokens a text is indexed under, in order, repeats kept: ASCII words whole, and for
/// each run of Chinese characters every overlapping bigram and every single character.
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    Scanner::default().runs(text, |run| match run {
        Run::Word(word) => out.push(word.to_string()),
        Run::Chinese(run) => each_chinese_token(run, |packed| out.push(unpack(packed).collect())),
    });
    out
}

/// The tokens of one query term, as `search.js` cuts it: ASCII words whole, a run of one
/// Chinese character as that character, a longer run as its bigrams only.
pub fn query_tokens(term: &str) -> Vec<String> {
    let mut out = Vec::new();
    Scanner::default().runs(term, |run| match run {
        Run::Word(word) => out.push(word.to_string()),
        Run::Chinese([c]) => out.push(c.to_string()),
        Run::Chinese(run) => out.extend(run.windows(2).map(|w| w.iter().collect::<String>())),
    });
    out
}

/// The token under which a document's exact name is indexed: `=` and the folded name.
pub fn exact_token(name: &str) -> String {
    let folded: String = name
        .chars()
        .map(fold)
        .filter(|c| !c.is_whitespace())
        .collect();
    format!("={folded}")
}

const FNV_OFFSET: u32 = 0x811c_9dc5;

fn fnv_step(h: u32, code: u32) -> u32 {
    (h ^ code).wrapping_mul(16_777_619)
}

/// FNV-1a over the token's code points, 32 bits: decides a token's shard. `search.js` has
/// the same function.
pub fn hash(token: &str) -> u32 {
    token.chars().fold(FNV_OFFSET, |h, c| fnv_step(h, c as u32))
}

/// A fast hasher for the indexer's own maps, keyed by packed tokens and words of the site's
/// own records (no untrusted input to defend against): a multiply per eight bytes, the high
/// half folded into the low one, which the map takes its buckets from.
#[derive(Default, Clone, Copy)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 32)
    }
}

/// A map keyed by tokens, hashed with [`KeyHasher`].
type TokenMap<K, V> = HashMap<K, V, BuildHasherDefault<KeyHasher>>;

#[derive(Serialize)]
struct Meta {
    version: u32,
    shards: usize,
    docs: usize,
    chunk: usize,
    kinds: Vec<&'static str>,
}

/// Every document of the view, kind by kind.
pub fn documents<'v>(view: &PublicView<'v>) -> Vec<Doc<'v>> {
    KINDS.iter().flat_map(|(_, kind)| kind(view)).collect()
}

/// The index of one view, each file handed to `write` as soon as it is made and then
/// dropped: a province's index is some 300 MB of files, which the build need not hold.
pub fn write_index<E: Send>(
    view: &PublicView,
    write: &(dyn Fn(OutputFile) -> Result<(), E> + Sync),
) -> Result<(), E> {
    each_index_file(&documents(view), write)
}

/// Makes every index file of these documents, in parallel, and hands each to `write`.
fn each_index_file<E: Send>(
    docs: &[Doc],
    write: &(dyn Fn(OutputFile) -> Result<(), E> + Sync),
) -> Result<(), E> {
    let tokens = indexed_tokens(docs);
    let shards = shard_count(&tokens);
    let meta = Meta {
        version: 1,
        shards,
        docs: docs.len(),
        chunk: DOC_CHUNK,
        kinds: KINDS.iter().map(|(name, _)| *name).collect(),
    };
    write(script(META, "meta", &json(&meta)))?;
    shard_files(tokens, shards, write)?;
    docs.par_chunks(DOC_CHUNK)
        .enumerate()
        .try_for_each(|(k, chunk)| write(docs_file(k, chunk)))
}

/// Documents weighed at once: bounds the memory of the per-document token lists.
const BATCH: usize = 4096;

/// The first batches are smaller: a document weighed before the vocabulary knows its tokens
/// leaves them to be numbered one by one, so a few documents first teach it the common ones.
const FIRST_BATCHES: [usize; 2] = [64, 512];

/// The documents in batches of [`FIRST_BATCHES`], then of [`BATCH`].
fn batches<'d, 'v>(docs: &'d [Doc<'v>]) -> impl Iterator<Item = &'d [Doc<'v>]> {
    let mut rest = docs;
    let mut sizes = FIRST_BATCHES.into_iter();
    std::iter::from_fn(move || {
        let size = sizes.next().unwrap_or(BATCH).min(rest.len());
        let (batch, after) = rest.split_at(size);
        rest = after;
        (!batch.is_empty()).then_some(batch)
    })
}

/// The postings are built in this many parts at once (a power of two), a token's part
/// chosen by its number: a part scans every document's tokens and takes its own.
const PARTS: usize = 4;

/// The tokens met so far, each with a dense number by which its postings are kept, so that
/// adding a posting needs no lookup by text.
#[derive(Default)]
struct Vocabulary {
    chinese: PackedNumbers,
    words: TokenMap<Box<str>, u32>,
    /// Each token's [`hash`], by number.
    hashes: Vec<u32>,
}

impl Vocabulary {
    fn len(&self) -> usize {
        self.hashes.len()
    }

    /// The number of a Chinese token, given one if it is new.
    fn chinese_number(&mut self, packed: u64) -> u32 {
        let next = self.hashes.len() as u32;
        if let Some(number) = self.chinese.get(packed) {
            return number;
        }
        self.chinese.insert(packed, next);
        self.hashes.push(packed_hash(packed));
        next
    }

    /// The number of a word, given one if it is new.
    fn word_number(&mut self, word: &str) -> u32 {
        if let Some(&number) = self.words.get(word) {
            return number;
        }
        let number = self.hashes.len() as u32;
        self.words.insert(word.into(), number);
        self.hashes.push(hash(word));
        number
    }

    /// Numbers the tokens the batch's documents met first, in document order.
    fn number_new(&mut self, batch: &mut [DocTokens]) {
        for doc in batch {
            for &(packed, weight) in &doc.new_chinese {
                let number = self.chinese_number(packed);
                doc.numbered.push(posting(number, weight));
            }
            for &(start, end, weight) in &doc.new_words {
                let number = self.word_number(&doc.words[start as usize..end as usize]);
                doc.numbered.push(posting(number, weight));
            }
        }
    }

    /// Every token, spelled, with its hash and posting list.
    fn into_tokens(self, parts: Vec<Vec<Postings>>) -> Vec<IndexedToken> {
        let mut texts: Vec<Option<TokenText>> = (0..self.len()).map(|_| None).collect();
        for (packed, number) in self.chinese.iter() {
            texts[number as usize] = Some(TokenText::chinese(packed));
        }
        for (word, number) in self.words {
            texts[number as usize] = Some(TokenText::Word(word));
        }
        let mut lists: Vec<_> = parts.into_iter().map(Vec::into_iter).collect();
        texts
            .into_iter()
            .zip(self.hashes)
            .enumerate()
            .filter_map(|(number, (text, hash))| {
                let postings = lists[number % PARTS].next()?;
                Some(IndexedToken {
                    text: text?,
                    hash,
                    postings,
                })
            })
            .collect()
    }
}

/// The numbers of packed Chinese tokens, looked up for every character of every text: an
/// open-addressing table with linear probing, at most half full. No packed token is 0 (the
/// character U+0000 is not Chinese), so 0 marks an empty slot.
#[derive(Default)]
struct PackedNumbers {
    /// Packed token and number, by slot; the number of slots is a power of two.
    slots: Vec<(u64, u32)>,
    len: usize,
}

impl PackedNumbers {
    /// Where a token's probe starts: the high bits of a multiplicative hash.
    fn home(&self, packed: u64) -> usize {
        let bits = self.slots.len().trailing_zeros();
        (packed.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize
    }

    /// The slot that holds the token, or the empty one where it would go.
    fn slot(&self, packed: u64) -> usize {
        let mask = self.slots.len() - 1;
        let mut slot = self.home(packed);
        while self.slots[slot].0 != packed && self.slots[slot].0 != 0 {
            slot = (slot + 1) & mask;
        }
        slot
    }

    fn get(&self, packed: u64) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let (key, number) = self.slots[self.slot(packed)];
        (key == packed).then_some(number)
    }

    /// Adds a token that is not in the table yet.
    fn insert(&mut self, packed: u64, number: u32) {
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let slot = self.slot(packed);
        self.slots[slot] = (packed, number);
        self.len += 1;
    }

    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(1024);
        let old = std::mem::replace(&mut self.slots, vec![(0, 0); size]);
        for (packed, number) in old.into_iter().filter(|&(packed, _)| packed != 0) {
            let slot = self.slot(packed);
            self.slots[slot] = (packed, number);
        }
    }

    /// Every token with its number.
    fn iter(&self) -> impl Iterator<Item = (u64, u32)> + '_ {
        self.slots
            .iter()
            .copied()
            .filter(|&(packed, _)| packed != 0)
    }
}

/// A token's number and weight in one document, packed: `number << 3 | weight`.
fn posting(number: u32, weight: u8) -> u32 {
    number << 3 | u32::from(weight)
}

/// One document's tokens, each once with its weight.
struct DocTokens {
    /// The tokens the vocabulary knew when the document was weighed, as [`posting`]s,
    /// grouped by part.
    known: Vec<u32>,
    /// Where each part's tokens start in `known`, and the end.
    starts: [u32; PARTS + 1],
    /// Tokens numbered since, and the words: [`posting`]s, not grouped.
    numbered: Vec<u32>,
    /// Chinese tokens the vocabulary did not know yet.
    new_chinese: Vec<(u64, u8)>,
    /// Words the vocabulary did not know yet: byte ranges in `words`.
    new_words: Vec<(u32, u32, u8)>,
    /// The texts of the new words, one after another.
    words: String,
}

impl DocTokens {
    /// The known tokens of one part.
    fn part(&self, part: usize) -> &[u32] {
        &self.known[self.starts[part] as usize..self.starts[part + 1] as usize]
    }
}

/// Adds one occurrence's weight to a token's weight in a document, capped at [`MAX_WEIGHT`].
fn add_weight(total: &mut u8, weight: u8) {
    *total = (*total + weight).min(MAX_WEIGHT);
}

/// Weighs the tokens of one document at a time against a vocabulary, keeping its buffers
/// between documents.
struct Weigher<'a> {
    vocabulary: &'a Vocabulary,
    scanner: Scanner,
    /// The weights of the known tokens of the document, by number (0: not met).
    weights: Vec<u8>,
    /// The numbers of the known tokens met, in the order met.
    met: Vec<u32>,
    /// The Chinese tokens met that the vocabulary does not know, with their weights.
    new_chinese: TokenMap<u64, u8>,
    /// The words met, one after another, with repeats.
    words: String,
    /// Each word met: its byte range in `words` and its field's weight.
    word_weights: Vec<(u32, u32, u8)>,
}

impl<'a> Weigher<'a> {
    fn new(vocabulary: &'a Vocabulary) -> Weigher<'a> {
        Weigher {
            vocabulary,
            scanner: Scanner::default(),
            weights: vec![0; vocabulary.len()],
            met: Vec::new(),
            new_chinese: TokenMap::default(),
            words: String::new(),
            word_weights: Vec::new(),
        }
    }

    /// The document's tokens: their weights summed over its fields and capped at
    /// [`MAX_WEIGHT`]; an exact name's `=` token weighs the most.
    fn weigh(&mut self, doc: &Doc) -> DocTokens {
        for (field, text) in doc.indexed() {
            self.scan(text, field.weight());
        }
        let mut out = self.known_by_part();
        self.take_words(&mut out);
        let mut exact: Vec<String> = doc.exact.iter().map(|name| exact_token(name)).collect();
        exact.sort_unstable();
        exact.dedup();
        for token in &exact {
            self.add_word(&mut out, token, MAX_WEIGHT);
        }
        out
    }

    /// The known tokens met, grouped by part (a counting sort), and the new Chinese ones;
    /// the weights are cleared for the next document.
    fn known_by_part(&mut self) -> DocTokens {
        let mut starts = [0u32; PARTS + 1];
        for &number in &self.met {
            starts[number as usize % PARTS + 1] += 1;
        }
        for part in 0..PARTS {
            starts[part + 1] += starts[part];
        }
        let mut next = starts;
        let mut known = vec![0; self.met.len()];
        for number in self.met.drain(..) {
            let weight = std::mem::take(&mut self.weights[number as usize]);
            let slot = &mut next[number as usize % PARTS];
            known[*slot as usize] = posting(number, weight);
            *slot += 1;
        }
        DocTokens {
            known,
            starts,
            numbered: Vec::new(),
            new_chinese: self.new_chinese.drain().collect(),
            new_words: Vec::new(),
            words: String::new(),
        }
    }

    /// Counts the tokens of one field's text.
    fn scan(&mut self, text: &str, weight: u8) {
        let Weigher {
            vocabulary,
            scanner,
            weights,
            met,
            new_chinese,
            words,
            word_weights,
        } = self;
        scanner.runs(text, |run| match run {
            Run::Chinese(run) => {
                each_chinese_token(run, |packed| match vocabulary.chinese.get(packed) {
                    Some(number) => {
                        let total = &mut weights[number as usize];
                        if *total == 0 {
                            met.push(number);
                        }
                        add_weight(total, weight);
                    }
                    None => add_weight(new_chinese.entry(packed).or_default(), weight),
                })
            }
            Run::Word(word) => {
                let start = words.len() as u32;
                words.push_str(word);
                word_weights.push((start, words.len() as u32, weight));
            }
        });
    }

    /// Adds the words met to the document's tokens, each once with its summed weight.
    fn take_words(&mut self, out: &mut DocTokens) {
        let met = std::mem::take(&mut self.words);
        let text = |&(start, end, _): &(u32, u32, u8)| &met[start as usize..end as usize];
        let mut word_weights = std::mem::take(&mut self.word_weights);
        word_weights.sort_unstable_by(|a, b| text(a).cmp(text(b)));
        let mut i = 0;
        while let Some(entry) = word_weights.get(i) {
            let word = text(entry);
            let mut weight = 0;
            while let Some(same) = word_weights.get(i).filter(|e| text(e) == word) {
                add_weight(&mut weight, same.2);
                i += 1;
            }
            self.add_word(out, word, weight);
        }
        word_weights.clear();
        self.word_weights = word_weights;
        self.words = met;
        self.words.clear();
    }

    /// Adds one word, met once, to the document's tokens.
    fn add_word(&self, out: &mut DocTokens, word: &str, weight: u8) {
        match self.vocabulary.words.get(word) {
            Some(&number) => out.numbered.push(posting(number, weight)),
            None => {
                let start = out.words.len() as u32;
                out.words.push_str(word);
                out.new_words.push((start, out.words.len() as u32, weight));
            }
        }
    }
}

/// Weighs a batch of documents in parallel.
fn weigh(batch: &[Doc], vocabulary: &Vocabulary) -> Vec<DocTokens> {
    batch
        .par_iter()
        .map_init(
            || Weigher::new(vocabulary),
            |weigher, doc| weigher.weigh(doc),
        )
        .collect()
}

/// One token's posting list: `(doc delta << 3) | weight` for each document holding the
/// token, docs ascending. The numbers are kept as LEB128 varints (most take one byte), not
/// as `u32`s: a province's index holds some 60 million postings, and their memory was most
/// of the build's peak.
#[derive(Default)]
struct Postings {
    /// The last document added.
    last: u32,
    /// The bytes the list takes written out: each number and a comma (or bracket).
    len: u32,
    /// The numbers, seven bits a byte, the high bit set on every byte but a number's last.
    values: Vec<u8>,
}

impl Postings {
    fn add(&mut self, doc: u32, weight: u32) {
        let mut value = (doc - self.last) << 3 | weight;
        self.len += decimal_digits(value) as u32 + 1;
        while value >= 0x80 {
            self.values.push((value & 0x7F) as u8 | 0x80);
            value >>= 7;
        }
        self.values.push(value as u8);
        self.last = doc;
    }

    /// The numbers, in order.
    fn numbers(&self) -> impl Iterator<Item = u32> + '_ {
        let mut bytes = self.values.iter();
        std::iter::from_fn(move || {
            let mut value = 0u32;
            let mut shift = 0;
            loop {
                let byte = *bytes.next()?;
                value |= u32::from(byte & 0x7F) << shift;
                if byte < 0x80 {
                    return Some(value);
                }
                shift += 7;
            }
        })
    }

    /// The bytes of the list written as a JSON array.
    fn written_len(&self) -> usize {
        self.len as usize + 1
    }

    /// Writes the list as a JSON array.
    fn write(&self, out: &mut Vec<u8>) {
        out.push(b'[');
        for (i, value) in self.numbers().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            push_number(out, value);
        }
        out.push(b']');
    }
}

fn decimal_digits(n: u32) -> usize {
    n.checked_ilog10().map_or(1, |log| log as usize + 1)
}

/// Adds a numbered batch of documents, the first being document `first`, to the posting
/// lists: each part, in parallel, takes the tokens whose number is its own.
fn add(parts: &mut [Vec<Postings>], first: u32, batch: &[DocTokens]) {
    parts
        .par_iter_mut()
        .enumerate()
        .for_each(|(part, lists)| add_part(part, lists, first, batch));
}

/// Adds the postings of one part's tokens of a batch of documents.
fn add_part(part: usize, lists: &mut [Postings], first: u32, batch: &[DocTokens]) {
    for (doc, tokens) in (first..).zip(batch) {
        for &posting in tokens.part(part) {
            lists[(posting >> 3) as usize / PARTS].add(doc, posting & 7);
        }
        for &posting in &tokens.numbered {
            let number = (posting >> 3) as usize;
            if number % PARTS == part {
                lists[number / PARTS].add(doc, posting & 7);
            }
        }
    }
}

/// Makes room in the parts for the postings of every numbered token.
fn grow(parts: &mut [Vec<Postings>], tokens: usize) {
    for (part, lists) in parts.iter_mut().enumerate() {
        lists.resize_with((tokens + PARTS - 1 - part) / PARTS, Postings::default);
    }
}

/// A token of the index with its posting list.
struct IndexedToken {
    text: TokenText,
    /// The token's [`hash`].
    hash: u32,
    postings: Postings,
}

impl IndexedToken {
    /// The bytes it counts for in a shard's size (its text, its list and a few more).
    fn size(&self) -> usize {
        self.text.as_bytes().len() + self.postings.written_len() + 4
    }
}

/// Every token of the documents with its posting list. Batches of documents are weighed in
/// parallel against the tokens numbered so far; the tokens first met are then numbered, and
/// the batch's postings added, in document order so that each list comes out ascending,
/// while the next batch is weighed.
fn indexed_tokens(docs: &[Doc]) -> Vec<IndexedToken> {
    let mut vocabulary = Vocabulary::default();
    let mut parts: Vec<Vec<Postings>> = (0..PARTS).map(|_| Vec::new()).collect();
    let mut batches = batches(docs);
    let mut first = 0;
    let mut weighed = batches.next().map(|batch| weigh(batch, &vocabulary));
    while let Some(mut batch) = weighed {
        vocabulary.number_new(&mut batch);
        grow(&mut parts, vocabulary.len());
        let next = batches.next();
        let (next, ()) = rayon::join(
            || next.map(|next| weigh(next, &vocabulary)),
            || add(&mut parts, first, &batch),
        );
        first += batch.len() as u32;
        weighed = next;
    }
    vocabulary.into_tokens(parts)
}

/// How many shards the tokens fill at [`SHARD_TARGET`] bytes each (at least one).
fn shard_count(tokens: &[IndexedToken]) -> usize {
    let total: usize = tokens.iter().map(IndexedToken::size).sum();
    total.div_ceil(SHARD_TARGET).max(1)
}

/// The shard files: shard `n` holds the tokens whose hash modulo the shard count is `n`,
/// sorted by token so that the same records give the same bytes. Shards are written in
/// parallel, each list freed once copied.
fn shard_files<E: Send>(
    tokens: Vec<IndexedToken>,
    shards: usize,
    write: &(dyn Fn(OutputFile) -> Result<(), E> + Sync),
) -> Result<(), E> {
    let mut by_shard: Vec<Vec<IndexedToken>> = (0..shards).map(|_| Vec::new()).collect();
    for token in tokens {
        by_shard[token.hash as usize % shards].push(token);
    }
    by_shard
        .into_par_iter()
        .enumerate()
        .try_for_each(|(n, tokens)| write(shard_file(n, tokens)))
}

/// One shard file: a JSON object from token to posting list.
fn shard_file(n: usize, mut tokens: Vec<IndexedToken>) -> OutputFile {
    tokens.sort_unstable_by(|a, b| a.text.cmp(&b.text));
    let size: usize = tokens.iter().map(IndexedToken::size).sum();
    let mut out = Script::start(&format!("shards[{n}]"), size + 2);
    out.bytes.push(b'{');
    for (i, token) in tokens.into_iter().enumerate() {
        if i > 0 {
            out.bytes.push(b',');
        }
        match &token.text {
            TokenText::Chinese { .. } => push_quoted(&mut out.bytes, token.text.as_bytes()),
            TokenText::Word(word) => push_json_str(&mut out.bytes, word),
        }
        out.bytes.push(b':');
        token.postings.write(&mut out.bytes);
    }
    out.bytes.push(b'}');
    out.finish(format!("search/shard-{n}.js"))
}

/// A document chunk file: an array of rows of kind, id, title, office, status, address
/// and text.
fn docs_file(k: usize, chunk: &[Doc]) -> OutputFile {
    let rows: Vec<[&str; 7]> = chunk
        .iter()
        .map(|d| [d.kind, d.id, d.title, d.office, d.status, &d.url, &d.text])
        .collect();
    let size: usize = rows.iter().flatten().map(|s| s.len() + 3).sum();
    let mut out = Script::start(&format!("docs[{k}]"), size + 2 * rows.len() + 2);
    if rows.iter().flatten().any(|s| has_line_separator(s)) {
        out.bytes.extend_from_slice(json(&rows).as_bytes());
    } else if serde_json::to_writer(&mut out.bytes, &rows).is_err() {
        // Rows of strings always serialize; `null` keeps the script valid.
        out.bytes.extend_from_slice(b"null");
    }
    out.finish(format!("search/docs-{k}.js"))
}

/// Whether a text holds U+2028 or U+2029, which old browsers take for line ends inside a
/// string literal.
fn has_line_separator(text: &str) -> bool {
    text.contains('\u{2028}') || text.contains('\u{2029}')
}

/// Appends a string as JSON: quoted as it is when nothing in it needs escaping.
fn push_json_str(out: &mut Vec<u8>, text: &str) {
    let plain = !text.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\');
    if plain && !has_line_separator(text) {
        push_quoted(out, text.as_bytes());
    } else {
        out.extend_from_slice(json(text).as_bytes());
    }
}

fn push_quoted(out: &mut Vec<u8>, text: &[u8]) {
    out.push(b'"');
    out.extend_from_slice(text);
    out.push(b'"');
}

/// Appends a number in decimal.
fn push_number(out: &mut Vec<u8>, n: u32) {
    if n < 10 {
        out.push(b'0' + n as u8);
    } else if n < 100 {
        out.push(b'0' + (n / 10) as u8);
        out.push(b'0' + (n % 10) as u8);
    } else {
        push_number(out, n / 10);
        out.push(b'0' + (n % 10) as u8);
    }
}

/// JSON that is also a valid JavaScript literal in old browsers (U+2028 and U+2029 escaped).
fn json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value)
        // Plain structs of strings and numbers always serialize; `null` keeps the script valid.
        .unwrap_or_else(|_| "null".to_string())
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// The opening of every index script, up to the slot's name.
const SCRIPT_START: &str = "(function(G){G.shards=G.shards||{};G.docs=G.docs||{};G.";

/// The end of every index script, after the value.
const SCRIPT_END: &str = ";})(window.GONGKAI_SEARCH=window.GONGKAI_SEARCH||{});\n";

/// A script that stores a value at `GONGKAI_SEARCH.<slot>`, its value written in place.
struct Script {
    bytes: Vec<u8>,
}

impl Script {
    /// The script up to its value, with room for a value of about `size` bytes.
    fn start(slot: &str, size: usize) -> Script {
        let mut bytes = Vec::with_capacity(SCRIPT_START.len() + slot.len() + size + 60);
        bytes.extend_from_slice(SCRIPT_START.as_bytes());
        bytes.extend_from_slice(slot.as_bytes());
        bytes.push(b'=');
        Script { bytes }
    }

    /// The script, closed after its value, as the file at `path`.
    fn finish(mut self, path: String) -> OutputFile {
        self.bytes.extend_from_slice(SCRIPT_END.as_bytes());
        OutputFile {
            path,
            bytes: self.bytes,
        }
    }
}

/// A script that stores `value` at `GONGKAI_SEARCH.<slot>`.
fn script(path: &str, slot: &str, value: &str) -> OutputFile {
    let mut out = Script::start(slot, value.len());
    out.bytes.extend_from_slice(value.as_bytes());
    out.finish(path.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every index file of these documents, in the order the format lists them: the meta,
    /// the shards, the document chunks.
    fn index_files(docs: &[Doc]) -> Vec<OutputFile> {
        let files = std::sync::Mutex::new(Vec::new());
        each_index_file(docs, &|file| {
            files.lock().unwrap().push(file);
            Ok::<(), ()>(())
        })
        .unwrap();
        let mut files = files.into_inner().unwrap();
        let number = |path: &str, prefix: &str| -> Option<usize> {
            path.strip_prefix(prefix)?.strip_suffix(".js")?.parse().ok()
        };
        files.sort_by_key(|f| {
            match (
                number(&f.path, "search/shard-"),
                number(&f.path, "search/docs-"),
            ) {
                (Some(n), _) => (1, n),
                (_, Some(k)) => (2, k),
                _ => (0, 0),
            }
        });
        files
    }

    #[test]
    fn chinese_is_cut_into_bigrams_and_characters() {
        assert_eq!(
            tokens("首问责任"),
            ["首", "首问", "问", "问责", "责", "责任", "任"]
        );
        assert_eq!(query_tokens("首问责任"), ["首问", "问责", "责任"]);
        assert_eq!(query_tokens("窗"), ["窗"]);
    }

    #[test]
    fn ids_and_ascii_words_stay_whole_and_lower_case() {
        assert_eq!(
            tokens("见GB1-2026-001。WPS, ＧＢ１"),
            ["见", "gb1-2026-001", "wps", "gb1"]
        );
        assert_eq!(exact_token("GB1-2026-001"), "=gb1-2026-001");
    }

    /// The shards as a plain reading of the format makes them: strings and ordered maps
    /// throughout, token by token.
    fn reference_shards(docs: &[Doc]) -> Vec<String> {
        use std::collections::BTreeMap;
        let mut postings: BTreeMap<String, Vec<(usize, usize)>> = BTreeMap::new();
        for (n, doc) in docs.iter().enumerate() {
            let mut weights: BTreeMap<String, usize> = BTreeMap::new();
            for (field, text) in doc.indexed() {
                for token in tokens(text) {
                    *weights.entry(token).or_default() += usize::from(field.weight());
                }
            }
            for name in &doc.exact {
                weights.insert(exact_token(name), 7);
            }
            for (token, weight) in weights {
                postings.entry(token).or_default().push((n, weight.min(7)));
            }
        }
        let lists: Vec<(String, String)> = postings
            .into_iter()
            .map(|(token, list)| {
                let mut previous = 0;
                let numbers: Vec<String> = list
                    .iter()
                    .map(|&(doc, weight)| {
                        let number = ((doc - previous) << 3) | weight;
                        previous = doc;
                        number.to_string()
                    })
                    .collect();
                (token, format!("[{}]", numbers.join(",")))
            })
            .collect();
        let total: usize = lists.iter().map(|(t, l)| t.len() + l.len() + 4).sum();
        let shards = total.div_ceil(SHARD_TARGET).max(1);
        let mut bodies = vec![Vec::new(); shards];
        for (token, list) in &lists {
            bodies[hash(token) as usize % shards].push(format!("{}:{list}", json(token)));
        }
        bodies
            .into_iter()
            .map(|body| format!("{{{}}}", body.join(",")))
            .collect()
    }

    #[test]
    fn the_index_is_the_plain_reading_of_its_format() {
        let texts = [
            "首问责任制落实不到位，群众反映GB1-2026-001号文件。",
            "见ＧＢ１，电话0571-8888.1234；a--b a-.b x_y 首问",
            "整改完成。\u{2028}群众满意 \"引号\" 首问责任",
        ];
        let ids: Vec<String> = (0..2500)
            .map(|n| format!("O{:04}-2026-{n:05}", n % 97))
            .collect();
        let mut docs: Vec<Doc> = ids
            .iter()
            .enumerate()
            .map(|(n, id)| Doc {
                kind: "item",
                id,
                title: ["窗口办事指南不一致", "Title \"quoted\""][n % 2],
                office: "县委办",
                status: "已办结",
                url: format!("items/{id}/"),
                fields: vec![
                    (Field::Name, id.as_str()),
                    (Field::Title, "窗口办事指南"),
                    (Field::Label, "县委办"),
                ],
                exact: vec![id],
                text: format!("{} {n} 第{}号", texts[n % 3], n * 7),
            })
            .collect();
        docs.push(Doc {
            kind: "office",
            id: "ganbu1",
            title: "ganbu1",
            office: "",
            status: "已撤销",
            url: "offices/ganbu1/".to_string(),
            fields: vec![(Field::Name, "ganbu1"), (Field::Name, "ganbu1")],
            exact: vec!["ganbu1", "GANBU1", "Ｇanbu 1", "a\"b\\c"],
            text: "干部一科\n0571".to_string(),
        });
        let files = index_files(&docs);
        let shards = reference_shards(&docs);
        assert!(shards.len() > 1, "the test fills more than one shard");
        for (n, body) in shards.iter().enumerate() {
            let expected = script(
                &format!("search/shard-{n}.js"),
                &format!("shards[{n}]"),
                body,
            );
            assert_eq!(files[1 + n], expected);
        }
        for (k, chunk) in docs.chunks(DOC_CHUNK).enumerate() {
            let rows: Vec<[&str; 7]> = chunk
                .iter()
                .map(|d| [d.kind, d.id, d.title, d.office, d.status, &d.url, &d.text])
                .collect();
            let expected = script(
                &format!("search/docs-{k}.js"),
                &format!("docs[{k}]"),
                &json(&rows),
            );
            assert_eq!(files[1 + shards.len() + k], expected);
        }
        assert_eq!(
            files.len(),
            1 + shards.len() + docs.len().div_ceil(DOC_CHUNK)
        );
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(
            plain_text("## 问题描述\n\n**整改完成。**群众满意\n\n- 一\n- 二"),
            "问题描述\n整改完成。群众满意\n一\n二"
        );
    }
}
