//! The quick way through the YAML that records are actually written in: `field: value` lines,
//! lists of `- ` entries, groups of fields inside them and one-line `[a, b]` lists, every value
//! plain text on its line. Such a document is read in one pass over its lines, into the very
//! value serde_yaml makes of it and the very positions the event pass records.
//!
//! Anything else — quotes, `|` and `>` blocks, a value continued on the next line, comments
//! after a value, anchors, tags, tabs, a key that is not a plain word, a repeated key, an empty
//! value, an unusual character, deep nesting — makes [`read`] answer `None`, and the document
//! goes through serde_yaml and the event pass as before: the quick way never guesses, it only
//! takes the documents whose reading is certain. A test compares both ways on every record of
//! the sample site, the test corpora and a generated site (`tests/yaml_quick_path.rs`).
//!
//! Plain values are resolved (text, number, true/false, null) by a copy of serde_yaml's own
//! rules (`serde_yaml::de::visit_untagged_scalar`, version 0.9), so a `007` stays text and a
//! `2026-05-15` is text, exactly as serde_yaml reads them.

use std::collections::BTreeMap;
use std::num::ParseIntError;

use serde_yaml::{Mapping, Value};

use super::{NodeSpan, Pos};

/// How deep the quick way nests before it leaves a document to the full parsers (records need
/// three or four levels; the full parsers enforce [`crate::limits::DEPTH`]).
const DEPTH: usize = 16;

/// The value and the positions of every node (by path, as [`super::span_map`] names them).
pub(super) type Read = (Value, BTreeMap<String, NodeSpan>);

/// Reads `yaml` (which begins on line `first_line` of its file) when it keeps to the simple
/// form described above; `None` when it does not, or when anything about it is unusual.
pub(super) fn read(yaml: &str, first_line: usize) -> Option<Read> {
    if !plain_characters(yaml) {
        return None;
    }
    let lines = content_lines(yaml)?;
    if lines.first()?.indent != 0 {
        return None;
    }
    let mut reader = Reader {
        lines,
        next: 0,
        first_line,
        spans: BTreeMap::new(),
    };
    let value = reader.mapping(0, String::new(), None, 1)?;
    if reader.next != reader.lines.len() {
        return None;
    }
    Some((value, reader.spans))
}

/// Only line feeds, spaces and printable characters: no tab, no carriage return, no control
/// character and none of the characters YAML parsers treat as line breaks or refuse (U+0085,
/// U+2028, U+2029, U+FEFF, U+FFFE, U+FFFF).
fn plain_characters(yaml: &str) -> bool {
    yaml.chars().all(|c| match c {
        '\n' | ' '..='~' => true,
        '\u{0}'..='\u{9F}' => false,
        '\u{2028}' | '\u{2029}' | '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}' => false,
        _ => true,
    })
}

/// One line that holds something: its 0-based number in the document, its indentation, and
/// its text after the indentation with trailing spaces removed. The text of a `- ` entry that
/// opens a group stands in for the rest of its line, indented to where that rest begins.
#[derive(Clone, Copy)]
struct Line<'a> {
    number: usize,
    indent: usize,
    text: &'a str,
}

/// The lines that hold something: blank lines and whole-line comments are skipped. `None` for
/// a document marker or directive (`---`, `...`, `%YAML`).
fn content_lines(yaml: &str) -> Option<Vec<Line<'_>>> {
    let mut lines = Vec::with_capacity(yaml.len() / 24);
    for (number, line) in yaml.split('\n').enumerate() {
        let text = line.trim_start_matches(' ');
        let indent = line.len() - text.len();
        let text = text.trim_end_matches(' ');
        if text.is_empty() || text.starts_with('#') {
            continue;
        }
        if indent == 0
            && (text.starts_with("---") || text.starts_with("...") || text.starts_with('%'))
        {
            return None;
        }
        lines.push(Line {
            number,
            indent,
            text,
        });
    }
    Some(lines)
}

struct Reader<'a> {
    lines: Vec<Line<'a>>,
    /// The next line to read.
    next: usize,
    first_line: usize,
    spans: BTreeMap<String, NodeSpan>,
}

impl Reader<'_> {
    /// The position of the character that follows `before` characters of a line's text.
    fn pos(&self, line: Line, before: usize, width: usize) -> Pos {
        Pos {
            line: line.number + self.first_line,
            column: line.indent + before + 1,
            width,
        }
    }

    /// Records where a group or a list opens (at the next line), unless it nests too deep.
    fn open(&mut self, path: &str, key: Option<Pos>, depth: usize) -> Option<()> {
        if depth > DEPTH {
            return None;
        }
        let start = self.pos(self.lines[self.next], 0, 1);
        self.spans.insert(
            path.to_string(),
            NodeSpan {
                key,
                value: start,
                raw: None,
            },
        );
        Some(())
    }

    /// A group of `field: value` lines at `indent`, starting at the next line.
    fn mapping(
        &mut self,
        indent: usize,
        path: String,
        key: Option<Pos>,
        depth: usize,
    ) -> Option<Value> {
        self.open(&path, key, depth)?;
        let mut map = Mapping::new();
        while let Some(&line) = self.lines.get(self.next) {
            if line.indent < indent {
                break;
            }
            if line.indent > indent {
                return None;
            }
            let (name, rest) = split_key(line.text)?;
            let key_at = self.pos(line, 0, name.len());
            let child = join(&path, name);
            let value = if rest.is_empty() {
                self.next += 1;
                let below = *self.lines.get(self.next)?;
                if below.indent <= indent {
                    // An empty value (null), or a list at the key's own indentation.
                    return None;
                }
                if below.text.starts_with('-') {
                    self.sequence(below.indent, child, Some(key_at), depth + 1)?
                } else {
                    self.mapping(below.indent, child, Some(key_at), depth + 1)?
                }
            } else {
                let value = rest.trim_start_matches(' ');
                // What comes before the value (`name:` and spaces) is ASCII: one byte, one
                // character.
                let offset = line.text.len() - value.len();
                let value = if value.starts_with('[') {
                    self.flow_list(line, offset, child, Some(key_at))?
                } else if value.starts_with('{') {
                    self.flow_group(line, offset, child, Some(key_at))?
                } else {
                    self.scalar(line, offset, offset, child, Some(key_at))?
                };
                self.next += 1;
                if self.lines.get(self.next).is_some_and(|l| l.indent > indent) {
                    // A value continued on the next line, or a misplaced line.
                    return None;
                }
                value
            };
            if map.insert(Value::String(name.to_string()), value).is_some() {
                return None;
            }
        }
        Some(Value::Mapping(map))
    }

    /// A list of `- ` entries at `indent`, starting at the next line.
    fn sequence(
        &mut self,
        indent: usize,
        path: String,
        key: Option<Pos>,
        depth: usize,
    ) -> Option<Value> {
        self.open(&path, key, depth)?;
        let mut list = Vec::new();
        while let Some(&line) = self.lines.get(self.next) {
            if line.indent < indent {
                break;
            }
            if line.indent > indent {
                return None;
            }
            let rest = line.text.strip_prefix('-')?;
            let entry = rest.trim_start_matches(' ');
            if entry.len() == rest.len() {
                // `-` alone (an empty or nested entry) or `-x` (text, not an entry).
                return None;
            }
            let child = join(&path, &list.len().to_string());
            let entry_line = Line {
                number: line.number,
                indent: indent + line.text.len() - entry.len(),
                text: entry,
            };
            if split_key(entry).is_some() {
                self.lines[self.next] = entry_line;
                list.push(self.mapping(entry_line.indent, child, None, depth + 1)?);
            } else {
                list.push(if entry.starts_with('{') {
                    self.flow_group(entry_line, 0, child, None)?
                } else {
                    self.scalar(entry_line, 0, 0, child, None)?
                });
                self.next += 1;
                if self.lines.get(self.next).is_some_and(|l| l.indent > indent) {
                    return None;
                }
            }
        }
        Some(Value::Sequence(list))
    }

    /// The text between the brackets of a one-line list or group `offset` bytes into the
    /// line, with where the collection opens recorded; `None` when it holds any of `refused`.
    fn flow_open<'l>(
        &mut self,
        line: Line<'l>,
        offset: usize,
        path: &str,
        key: Option<Pos>,
        (open, close): (char, char),
        refused: &[char],
    ) -> Option<&'l str> {
        let written = &line.text[offset..];
        let inner = written.strip_prefix(open)?.strip_suffix(close)?;
        if inner.contains(refused) {
            return None;
        }
        // The event pass underlines the bracket and the spaces after it.
        let opening = 1 + inner.len() - inner.trim_start_matches(' ').len();
        self.spans.insert(
            path.to_string(),
            NodeSpan {
                key,
                value: self.pos(line, offset, opening),
                raw: None,
            },
        );
        Some(inner)
    }

    /// A one-line list `[a, b, c]` of plain values, `offset` bytes (and as many characters)
    /// into the line's text.
    fn flow_list(
        &mut self,
        line: Line,
        offset: usize,
        path: String,
        key: Option<Pos>,
    ) -> Option<Value> {
        let inner = self.flow_open(line, offset, &path, key, ('[', ']'), FLOW_LIST_REFUSED)?;
        let mut list = Vec::new();
        if inner.is_empty() {
            return Some(Value::Sequence(list));
        }
        for (entry, entry_at, entry_chars) in flow_entries(inner, offset) {
            let child = join(&path, &list.len().to_string());
            let value = Line {
                text: &line.text[..entry_at + entry.len()],
                ..line
            };
            list.push(self.scalar(value, entry_at, entry_chars, child, None)?);
        }
        Some(Value::Sequence(list))
    }

    /// A one-line group `{ name: value, name: value }` of plain values, `offset` bytes (and
    /// as many characters) into the line's text.
    fn flow_group(
        &mut self,
        line: Line,
        offset: usize,
        path: String,
        key: Option<Pos>,
    ) -> Option<Value> {
        let inner = self.flow_open(line, offset, &path, key, ('{', '}'), FLOW_GROUP_REFUSED)?;
        let mut map = Mapping::new();
        if inner.is_empty() {
            return Some(Value::Mapping(map));
        }
        for (entry, entry_at, entry_chars) in flow_entries(inner, offset) {
            let (name, rest) = split_key(entry)?;
            let value = rest.trim_start_matches(' ');
            if value.is_empty() || value.contains(':') {
                return None;
            }
            // `name:` and the spaces after it are ASCII.
            let before_value = entry.len() - value.len();
            let (value_at, value_chars) = (entry_at + before_value, entry_chars + before_value);
            let key_at = self.pos(line, entry_chars, name.len());
            let value_line = Line {
                text: &line.text[..value_at + value.len()],
                ..line
            };
            let value = self.scalar(
                value_line,
                value_at,
                value_chars,
                join(&path, name),
                Some(key_at),
            )?;
            if map.insert(Value::String(name.to_string()), value).is_some() {
                return None;
            }
        }
        Some(Value::Mapping(map))
    }

    /// A value on one line: the rest of `line`'s text from `offset` bytes (`before`
    /// characters), plain or quoted.
    fn scalar(
        &mut self,
        line: Line,
        offset: usize,
        before: usize,
        path: String,
        key: Option<Pos>,
    ) -> Option<Value> {
        let text = &line.text[offset..];
        let (value, raw) = match quoted(text) {
            Some(inner) => (Value::String(inner.to_string()), None),
            None if is_plain(text) => {
                let value = resolve(text)?;
                // The written form is asked for only when it is not read as text.
                let raw = match value {
                    Value::String(_) | Value::Null => None,
                    _ => Some(text.to_string()),
                };
                (value, raw)
            }
            None => return None,
        };
        let width = text.chars().count();
        self.spans.insert(
            path,
            NodeSpan {
                key,
                value: self.pos(line, before, width),
                raw,
            },
        );
        Some(value)
    }
}

/// What a one-line list may not hold for the quick way (nesting, a key, a comment, quotes).
const FLOW_LIST_REFUSED: &[char] = &['[', ']', '{', '}', ':', '#', '"', '\''];

/// What a one-line group may not hold for the quick way (nesting, a comment, quotes).
const FLOW_GROUP_REFUSED: &[char] = &['[', ']', '{', '}', '#', '"', '\''];

/// The comma-separated entries of a one-line collection's inner text (which begins one
/// byte past `offset`), trimmed, each with where it begins in bytes and in characters
/// (counted once along the line).
fn flow_entries(inner: &str, offset: usize) -> impl Iterator<Item = (&str, usize, usize)> {
    let (mut at, mut chars) = (offset + 1, offset + 1);
    inner.split(',').map(move |part| {
        let entry = part.trim_start_matches(' ');
        let spaces = part.len() - entry.len();
        let begins = (at + spaces, chars + spaces);
        at += part.len() + 1;
        chars += part.chars().count() + 1;
        (entry.trim_end_matches(' '), begins.0, begins.1)
    })
}

/// `name: rest` or `name:` with a plain word for a name: ASCII letters, digits, `_` and `-`,
/// beginning with a letter or `_`, and not a word YAML reads as null or true/false.
fn split_key(text: &str) -> Option<(&str, &str)> {
    let end = text.find(':')?;
    let (name, rest) = (&text[..end], &text[end + 1..]);
    let word = name
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    // A word beginning with a letter or `_` is text to serde_yaml unless it is null or a
    // boolean (see `resolve`).
    let plain_text = !is_null_or_bool(name);
    (word && plain_text && (rest.is_empty() || rest.starts_with(' '))).then_some((name, rest))
}

/// The text inside `"…"` or `'…'` quotes, when it needs no unescaping: no quote inside and,
/// between double quotes, no `\\`.
fn quoted(text: &str) -> Option<&str> {
    let inner = match text.as_bytes().first()? {
        b'"' => text.strip_prefix('"')?.strip_suffix('"')?,
        b'\'' => text.strip_prefix('\'')?.strip_suffix('\'')?,
        _ => return None,
    };
    (!inner.contains(['"', '\'', '\\'])).then_some(inner)
}

/// Whether `text` is one plain value on its own: not empty, not beginning with a character
/// that means something else in YAML, with no `: ` or ` #` inside and no `:` at the end.
fn is_plain(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    let indicator = matches!(
        first,
        '-' | '?'
            | ':'
            | ','
            | '['
            | ']'
            | '{'
            | '}'
            | '#'
            | '&'
            | '*'
            | '!'
            | '|'
            | '>'
            | '\''
            | '"'
            | '%'
            | '@'
            | '`'
            | ' '
    );
    !indicator && !text.contains(": ") && !text.ends_with(':') && !text.contains(" #")
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        let mut joined = String::with_capacity(path.len() + 1 + name.len());
        joined.push_str(path);
        joined.push('.');
        joined.push_str(name);
        joined
    }
}

/// Whether serde_yaml reads a plain value as text or as null: then [`super::Fields`] never
/// asks for its written form, and the quick way does not keep it.
pub(super) fn reads_as_text(plain: &str) -> bool {
    matches!(resolve(plain), Some(Value::String(_) | Value::Null))
}

/// What serde_yaml makes of a plain value, by its own rules (`visit_untagged_scalar`); `None`
/// for a whole number too big for 64 bits, which serde_yaml reads its own way.
fn resolve(v: &str) -> Option<Value> {
    // Numbers begin with a digit, a sign or a `.` (`.5`, `.inf`), null may be `~`: text that
    // begins with anything else is a number to none of the rules below.
    let first = v.as_bytes().first().copied().unwrap_or(b'0');
    if !matches!(first, b'0'..=b'9' | b'+' | b'-' | b'.' | b'~') && !is_null_or_bool(v) {
        return Some(Value::String(v.to_string()));
    }
    resolve_in_full(v)
}

/// serde_yaml's rules for a plain value, without the shortcut for text that cannot be a
/// number; `None` for an integer too large for serde_yaml's own numbers.
fn resolve_in_full(v: &str) -> Option<Value> {
    if v.is_empty() || parse_null(v.as_bytes()).is_some() {
        return Some(Value::Null);
    }
    if let Some(boolean) = parse_bool(v) {
        return Some(Value::Bool(boolean));
    }
    if let Some(int) = parse_unsigned_int(v, u64::from_str_radix) {
        return Some(Value::Number(int.into()));
    }
    if let Some(int) = parse_negative_int(v, i64::from_str_radix) {
        return Some(Value::Number(int.into()));
    }
    if parse_unsigned_int(v, u128::from_str_radix).is_some()
        || parse_negative_int(v, i128::from_str_radix).is_some()
    {
        return None;
    }
    if !digits_but_not_number(v) {
        if let Some(float) = parse_f64(v) {
            return Some(Value::Number(float.into()));
        }
    }
    Some(Value::String(v.to_string()))
}

/// The words serde_yaml reads as null or as true/false (besides `~`).
fn is_null_or_bool(word: &str) -> bool {
    matches!(
        word,
        "null" | "Null" | "NULL" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE"
    )
}

// The functions below are serde_yaml 0.9's (src/de.rs), unchanged.

fn parse_null(scalar: &[u8]) -> Option<()> {
    match scalar {
        b"null" | b"Null" | b"NULL" | b"~" => Some(()),
        _ => None,
    }
}

fn parse_bool(scalar: &str) -> Option<bool> {
    match scalar {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

fn parse_unsigned_int<T>(
    scalar: &str,
    from_str_radix: fn(&str, radix: u32) -> Result<T, ParseIntError>,
) -> Option<T> {
    let unpositive = scalar.strip_prefix('+').unwrap_or(scalar);
    if let Some(rest) = unpositive.strip_prefix("0x") {
        if rest.starts_with(['+', '-']) {
            return None;
        }
        if let Ok(int) = from_str_radix(rest, 16) {
            return Some(int);
        }
    }
    if let Some(rest) = unpositive.strip_prefix("0o") {
        if rest.starts_with(['+', '-']) {
            return None;
        }
        if let Ok(int) = from_str_radix(rest, 8) {
            return Some(int);
        }
    }
    if let Some(rest) = unpositive.strip_prefix("0b") {
        if rest.starts_with(['+', '-']) {
            return None;
        }
        if let Ok(int) = from_str_radix(rest, 2) {
            return Some(int);
        }
    }
    if unpositive.starts_with(['+', '-']) {
        return None;
    }
    if digits_but_not_number(scalar) {
        return None;
    }
    from_str_radix(unpositive, 10).ok()
}

fn parse_negative_int<T>(
    scalar: &str,
    from_str_radix: fn(&str, radix: u32) -> Result<T, ParseIntError>,
) -> Option<T> {
    if let Some(rest) = scalar.strip_prefix("-0x") {
        let negative = format!("-{}", rest);
        if let Ok(int) = from_str_radix(&negative, 16) {
            return Some(int);
        }
    }
    if let Some(rest) = scalar.strip_prefix("-0o") {
        let negative = format!("-{}", rest);
        if let Ok(int) = from_str_radix(&negative, 8) {
            return Some(int);
        }
    }
    if let Some(rest) = scalar.strip_prefix("-0b") {
        let negative = format!("-{}", rest);
        if let Ok(int) = from_str_radix(&negative, 2) {
            return Some(int);
        }
    }
    if digits_but_not_number(scalar) {
        return None;
    }
    from_str_radix(scalar, 10).ok()
}

fn parse_f64(scalar: &str) -> Option<f64> {
    let unpositive = if let Some(unpositive) = scalar.strip_prefix('+') {
        if unpositive.starts_with(['+', '-']) {
            return None;
        }
        unpositive
    } else {
        scalar
    };
    if let ".inf" | ".Inf" | ".INF" = unpositive {
        return Some(f64::INFINITY);
    }
    if let "-.inf" | "-.Inf" | "-.INF" = scalar {
        return Some(f64::NEG_INFINITY);
    }
    if let ".nan" | ".NaN" | ".NAN" = scalar {
        return Some(f64::NAN.copysign(1.0));
    }
    if let Ok(float) = unpositive.parse::<f64>() {
        if float.is_finite() {
            return Some(float);
        }
    }
    None
}

fn digits_but_not_number(scalar: &str) -> bool {
    // Leading zero(s) followed by numeric characters is a string according to
    // the YAML 1.2 spec. https://yaml.org/spec/1.2/spec.html#id2761292
    let scalar = scalar.strip_prefix(['-', '+']).unwrap_or(scalar);
    scalar.len() > 1 && scalar.starts_with('0') && scalar[1..].bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shortcut_for_text_changes_no_reading() {
        let starts = [
            "", "0", "1", "+", "-", ".", "~", "a", "e", "E", "i", "I", "n", "N", "x", "_", "中",
            "inf", "Inf", "nan", "NaN", "infinity", "null", "Null", "NULL", "true", "True", "TRUE",
            "false", "False", "FALSE", "0x", "0o", "0b",
        ];
        let ends = [
            "",
            "0",
            "1",
            "5",
            "e5",
            "E5",
            ".5",
            "x1",
            "_1",
            "inf",
            "nan",
            "ull",
            "rue",
            "alse",
            "a",
            "文",
            "-01",
            "1e400",
            "0000000000000000000000000",
        ];
        for start in starts {
            for end in ends {
                let text = format!("{start}{end}");
                assert_eq!(
                    format!("{:?}", resolve(&text)),
                    format!("{:?}", resolve_in_full(&text)),
                    "{text}"
                );
            }
        }
    }
}
