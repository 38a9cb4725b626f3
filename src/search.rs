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

use std::fmt::Write as _;

use pulldown_cmark::{Event, TagEnd};
use rayon::prelude::*;
use serde::Serialize;

use crate::markdown;
use crate::publish::OutputFile;
use crate::view::PublicView;

/// The index's entry file, the one the search page links to; it names the others.
pub const META: &str = "search/meta.js";

/// Documents per `docs-<k>.js` file: small, since a result page loads one file per shown
/// result in the worst case.
pub const DOC_CHUNK: usize = 16;

/// The size a shard aims at, in bytes.
pub const SHARD_TARGET: usize = 120 * 1024;

/// The most weight one token can have in one document (weights are kept in three bits).
const MAX_WEIGHT: u32 = 7;

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
    fn weight(self) -> u32 {
        match self {
            Field::Name => 6,
            Field::Title => 4,
            Field::Label => 2,
            Field::Text => 1,
        }
    }
}

/// One searchable document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    /// Its kind (`item`, `office`, …): one of [`KINDS`]' names.
    pub kind: &'static str,
    /// The record's id.
    pub id: String,
    /// The title shown in results.
    pub title: String,
    /// The office's name shown in results (empty for an office itself).
    pub office: String,
    /// The status word shown in results (may be empty).
    pub status: String,
    /// Its page, relative to the site root, ending in `/`.
    pub url: String,
    /// The weighted texts that are indexed.
    pub fields: Vec<(Field, String)>,
    /// The exact names that rank the record first when a query term equals one of them (the
    /// id, the office's name).
    pub exact: Vec<String>,
    /// The text result snippets are cut from.
    pub text: String,
}

/// A function that turns the view into documents of one kind.
pub type Kind = fn(&PublicView) -> Vec<Doc>;

/// Every kind of document, in index order. Add a record type here with one function.
pub const KINDS: [(&str, Kind); 2] = [("item", item_docs), ("office", office_docs)];

/// Published items: title, id, office, category, source, body and the timeline notes the
/// public could know on the as-of date.
pub fn item_docs(view: &PublicView) -> Vec<Doc> {
    view.items
        .iter()
        .map(|item| {
            let office = &view.office_of(item).office.name;
            let body = plain_text(item.item.body_text());
            let notes: Vec<&str> = item
                .entries(view.as_of)
                .map(|e| e.note.as_str())
                .filter(|n| !n.is_empty())
                .collect();
            let mut text = body;
            for note in &notes {
                text.push('\n');
                text.push_str(note);
            }
            Doc {
                kind: "item",
                id: item.item.id.value.clone(),
                title: item.item.title.clone(),
                office: office.clone(),
                status: item.state.status.word().to_string(),
                url: format!("items/{}/", item.item.id.value),
                fields: vec![
                    (Field::Name, item.item.id.value.clone()),
                    (Field::Title, item.item.title.clone()),
                    (Field::Label, office.clone()),
                    (Field::Label, item.category_name.to_string()),
                    (Field::Label, item.item.source.value.clone()),
                    (Field::Text, text.clone()),
                ],
                exact: vec![item.item.id.value.clone()],
                text,
            }
        })
        .collect()
}

/// Published offices: name, id, parent unit, chief, deputy, duties and phone.
pub fn office_docs(view: &PublicView) -> Vec<Doc> {
    view.offices
        .iter()
        .map(|o| {
            let office = o.office;
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
            Doc {
                kind: "office",
                id: office.id.value.clone(),
                title: office.name.clone(),
                office: parent.to_string(),
                status: if o.exists { "" } else { "已撤销" }.to_string(),
                url: format!("offices/{}/", office.id.value),
                fields: vec![
                    (Field::Name, office.name.clone()),
                    (Field::Name, office.id.value.clone()),
                    (Field::Label, parent.to_string()),
                    (Field::Text, text.clone()),
                ],
                exact: vec![office.name.clone(), office.id.value.clone()],
                text,
            }
        })
        .collect()
}

/// The visible text of a Markdown body, blocks on their own lines.
pub fn plain_text(markdown: &str) -> String {
    let prepared = markdown::Prepared::new(markdown);
    let mut out = String::new();
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
    out.trim().to_string()
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

/// The runs of a text: `(true, run)` for a run of Chinese characters, `(false, word)` for an
/// ASCII word (letters and digits, joined by `-`, `_` or `.` inside: ids, dates, phones).
fn runs(text: &str) -> Vec<(bool, Vec<char>)> {
    let chars: Vec<char> = text.chars().map(fold).collect();
    let mut out: Vec<(bool, Vec<char>)> = Vec::new();
    each_run(&chars, |cjk, run| out.push((cjk, run.to_vec())));
    out
}

/// Calls `visit(cjk, run)` for each run of already folded characters, in order.
fn each_run(chars: &[char], mut visit: impl FnMut(bool, &[char])) {
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_cjk(c) {
            let start = i;
            while i < chars.len() && is_cjk(chars[i]) {
                i += 1;
            }
            visit(true, &chars[start..i]);
        } else if is_word(c) {
            let start = i;
            while i < chars.len()
                && (is_word(chars[i])
                    || (is_joiner(chars[i]) && chars.get(i + 1).is_some_and(|&n| is_word(n))))
            {
                i += 1;
            }
            visit(false, &chars[start..i]);
        } else {
            i += 1;
        }
    }
}

/// One token as the indexer holds it: a Chinese character or bigram packed in a number (no
/// allocation per token), or an ASCII word.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Token {
    /// One character (`c`) or a bigram (`BIGRAM | a << 21 | b`).
    Chinese(u64),
    /// An ASCII word, or an exact name's `=` token.
    Word(String),
}

/// The bit that marks a packed bigram (code points take 21 bits each).
const BIGRAM: u64 = 1 << 42;

impl Token {
    fn text(&self) -> String {
        match self {
            Token::Word(w) => w.clone(),
            Token::Chinese(packed) => {
                let char_at = |shift: u64| char::from_u32(((packed >> shift) & 0x1F_FFFF) as u32);
                if packed & BIGRAM == 0 {
                    char_at(0).into_iter().collect()
                } else {
                    [char_at(21), char_at(0)].into_iter().flatten().collect()
                }
            }
        }
    }
}

/// Calls `visit` with each token of `text`, in the order of [`tokens`].
fn each_token(text: &str, mut visit: impl FnMut(Token)) {
    let chars: Vec<char> = text.chars().map(fold).collect();
    each_run(&chars, |cjk, run| {
        if !cjk {
            visit(Token::Word(run.iter().collect()));
            return;
        }
        for (i, &c) in run.iter().enumerate() {
            visit(Token::Chinese(c as u64));
            if let Some(&next) = run.get(i + 1) {
                visit(Token::Chinese(BIGRAM | (c as u64) << 21 | next as u64));
            }
        }
    });
}

/// The tokens a text is indexed under, in order, repeats kept: ASCII words whole, and for
/// each run of Chinese characters every overlapping bigram and every single character.
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    each_token(text, |token| out.push(token.text()));
    out
}

/// The tokens of one query term, as `search.js` cuts it: ASCII words whole, a run of one
/// Chinese character as that character, a longer run as its bigrams only.
pub fn query_tokens(term: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (cjk, run) in runs(term) {
        if !cjk || run.len() == 1 {
            out.push(run.into_iter().collect());
        } else {
            out.extend(run.windows(2).map(|w| w.iter().collect::<String>()));
        }
    }
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

/// FNV-1a over the token's code points, 32 bits: decides a token's shard. `search.js` has
/// the same function.
pub fn hash(token: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for c in token.chars() {
        h ^= c as u32;
        h = h.wrapping_mul(16_777_619);
    }
    h
}

#[derive(Serialize)]
struct Meta {
    version: u32,
    shards: usize,
    docs: usize,
    chunk: usize,
    kinds: Vec<&'static str>,
}

/// Every document of the view, kind by kind.
pub fn documents(view: &PublicView) -> Vec<Doc> {
    KINDS.iter().flat_map(|(_, kind)| kind(view)).collect()
}

/// The index of one view, as the files to publish.
pub fn generate(view: &PublicView) -> Vec<OutputFile> {
    index_files(&documents(view))
}

/// Documents tokenized at once: bounds the memory of the per-document token lists.
const BATCH: usize = 4096;

/// One document's tokens with their weights (summed over its fields, capped at
/// [`MAX_WEIGHT`]), sorted, each once.
fn weighted_tokens(doc: &Doc) -> Vec<(Token, u32)> {
    let mut all: Vec<(Token, u32)> = Vec::new();
    for (field, text) in &doc.fields {
        each_token(text, |token| all.push((token, field.weight())));
    }
    all.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut merged: Vec<(Token, u32)> = Vec::with_capacity(all.len() / 2);
    for (token, weight) in all {
        match merged.last_mut() {
            Some(last) if last.0 == token => last.1 += weight,
            _ => merged.push((token, weight)),
        }
    }
    // An exact name outweighs everything (its `=` token never occurs in a field).
    for name in &doc.exact {
        let token = Token::Word(exact_token(name));
        match merged.iter_mut().find(|(t, _)| *t == token) {
            Some(found) => found.1 = MAX_WEIGHT,
            None => merged.push((token, MAX_WEIGHT)),
        }
    }
    for entry in &mut merged {
        entry.1 = entry.1.min(MAX_WEIGHT);
    }
    merged
}

/// The index files for these documents.
pub fn index_files(docs: &[Doc]) -> Vec<OutputFile> {
    // Token → postings (doc << 3 | weight), docs ascending: documents are tokenized in
    // parallel a batch at a time and folded in in order.
    let mut chinese: std::collections::HashMap<u64, Vec<u32>> = std::collections::HashMap::new();
    let mut words: std::collections::HashMap<String, Vec<u32>> = std::collections::HashMap::new();
    for (b, batch) in docs.chunks(BATCH).enumerate() {
        let weighted: Vec<Vec<(Token, u32)>> = batch.par_iter().map(weighted_tokens).collect();
        for (n, tokens) in weighted.into_iter().enumerate() {
            let posting = ((b * BATCH + n) as u32) << 3;
            for (token, weight) in tokens {
                match token {
                    Token::Chinese(c) => chinese.entry(c).or_default().push(posting | weight),
                    Token::Word(w) => words.entry(w).or_default().push(posting | weight),
                }
            }
        }
    }
    // Sorted by token, so that the same records give the same bytes.
    let mut postings: Vec<(String, Vec<u32>)> = chinese
        .into_iter()
        .map(|(c, list)| (Token::Chinese(c).text(), list))
        .chain(words)
        .collect();
    postings.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    // Each posting list is one JSON array of numbers: (doc delta << 3) | weight.
    let encoded: Vec<(String, String)> = postings
        .into_par_iter()
        .map(|(token, list)| {
            let mut previous = 0;
            let mut text = String::with_capacity(list.len() * 4 + 2);
            text.push('[');
            for (i, posting) in list.into_iter().enumerate() {
                let (doc, weight) = ((posting >> 3) as usize, (posting & 7) as usize);
                if i > 0 {
                    text.push(',');
                }
                let _ = write!(text, "{}", ((doc - previous) << 3) | weight);
                previous = doc;
            }
            text.push(']');
            (token, text)
        })
        .collect();
    let total: usize = encoded.iter().map(|(t, p)| t.len() + p.len() + 4).sum();
    let shards = total.div_ceil(SHARD_TARGET).max(1);
    let mut bodies = vec![String::new(); shards];
    for (token, list) in &encoded {
        let body = &mut bodies[hash(token) as usize % shards];
        body.push(if body.is_empty() { '{' } else { ',' });
        body.push_str(&json(token));
        body.push(':');
        body.push_str(list);
    }
    let mut files = Vec::new();
    let meta = Meta {
        version: 1,
        shards,
        docs: docs.len(),
        chunk: DOC_CHUNK,
        kinds: KINDS.iter().map(|(name, _)| *name).collect(),
    };
    files.push(script("search/meta.js", "meta", &json(&meta)));
    for (n, mut body) in bodies.into_iter().enumerate() {
        if body.is_empty() {
            body.push('{');
        }
        body.push('}');
        files.push(script(
            &format!("search/shard-{n}.js"),
            &format!("shards[{n}]"),
            &body,
        ));
    }
    for (k, chunk) in docs.chunks(DOC_CHUNK).enumerate() {
        let rows: Vec<[&str; 7]> = chunk
            .iter()
            .map(|d| {
                [
                    d.kind, &d.id, &d.title, &d.office, &d.status, &d.url, &d.text,
                ]
            })
            .collect();
        files.push(script(
            &format!("search/docs-{k}.js"),
            &format!("docs[{k}]"),
            &json(&rows),
        ));
    }
    files
}

/// JSON that is also a valid JavaScript literal in old browsers (U+2028 and U+2029 escaped).
fn json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value)
        // Plain structs of strings and numbers always serialize; `null` keeps the script valid.
        .unwrap_or_else(|_| "null".to_string())
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// A script that stores `value` at `GONGKAI_SEARCH.<slot>`.
fn script(path: &str, slot: &str, value: &str) -> OutputFile {
    let text = format!(
        "(function(G){{G.shards=G.shards||{{}};G.docs=G.docs||{{}};G.{slot}={value};}})\
         (window.GONGKAI_SEARCH=window.GONGKAI_SEARCH||{{}});\n"
    );
    OutputFile {
        path: path.to_string(),
        bytes: text.into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(
            plain_text("## 问题描述\n\n**整改完成。**群众满意\n\n- 一\n- 二"),
            "问题描述\n整改完成。群众满意\n一\n二"
        );
    }
}
