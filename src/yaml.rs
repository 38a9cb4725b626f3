//! The one place that knows YAML. `serde_yaml` (the client's choice) parses the values and
//! reports syntax errors; an event pass with `saphyr-parser` over the same text records where
//! every key and value stands, so that semantic errors ("unknown office", "deadline before
//! found") point at their line too. Swapping the YAML crate is a change to this file alone.
//!
//! Records are read through [`Fields`], which collects every problem of a file instead of
//! stopping at the first, and converts values into the domain's types.

use std::cell::RefCell;
use std::collections::BTreeMap;

use chrono::NaiveDate;
use saphyr_parser::{Event, Parser, ScalarStyle};
use serde_yaml::{Mapping, Value};

use crate::diagnostics::Diagnostic;
use crate::limits;
use crate::source::{SourceFile, line_and_column};

mod simple;

/// A position in a record file: 1-based line, 1-based character column, underline width.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, PartialOrd, Ord)]
pub struct Pos {
    /// 1-based line in the file.
    pub line: usize,
    /// 1-based column in characters.
    pub column: usize,
    /// Characters to underline.
    pub width: usize,
}

/// A value together with where it was written, for errors found after reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Where it stands in its file.
    pub at: Pos,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct NodeSpan {
    key: Option<Pos>,
    value: Pos,
    /// The scalar exactly as written (keeps `001` from becoming the number 1).
    raw: Option<String>,
}

/// One parsed YAML document of a record file, with positions and collected problems.
pub struct YamlDoc<'f> {
    file: &'f SourceFile,
    value: Value,
    spans: BTreeMap<String, NodeSpan>,
    start: Pos,
    problems: RefCell<Vec<Diagnostic>>,
    /// Where [`Fields`] writes the path of a field it looks up.
    scratch: RefCell<String>,
}

impl<'f> YamlDoc<'f> {
    /// Parses `yaml`, which begins on line `first_line` of `file`.
    pub fn parse(file: &'f SourceFile, yaml: &str, first_line: usize) -> Result<Self, Diagnostic> {
        let (value, spans) = match simple::read(yaml, first_line) {
            Some(read) => read,
            None => read_in_full(file, yaml, first_line)?,
        };
        Ok(YamlDoc {
            file,
            value,
            spans,
            start: Pos {
                line: first_line,
                column: 1,
                width: 1,
            },
            problems: RefCell::new(Vec::new()),
            scratch: RefCell::new(String::new()),
        })
    }

    /// The top-level mapping of fields, or an error if the document is not one.
    pub fn fields(&self, what: &'static str) -> Option<Fields<'_, 'f>> {
        match &self.value {
            Value::Mapping(map) => Some(Fields {
                doc: self,
                map,
                path: String::new(),
                what,
            }),
            Value::Null => {
                self.error_at(self.start, format!("{what} has no fields"));
                None
            }
            other => {
                self.error_at(
                    self.start,
                    format!(
                        "{what} must be a list of `field: value` lines, not {}",
                        kind(other)
                    ),
                );
                None
            }
        }
    }

    /// Records a problem at a position of this file.
    pub fn error_at(&self, at: Pos, message: impl Into<String>) {
        self.push(
            Diagnostic::error(&self.file.path, at.line, at.column, message).with_width(at.width),
        );
    }

    /// Records a warning at a position of this file.
    pub fn warn_at(&self, at: Pos, message: impl Into<String>) {
        self.push(
            Diagnostic::warning(&self.file.path, at.line, at.column, message).with_width(at.width),
        );
    }

    fn push(&self, d: Diagnostic) {
        self.problems
            .borrow_mut()
            .push(d.with_source(&self.file.text));
    }

    /// The problems found while reading, each with its source line.
    pub fn into_problems(self) -> Vec<Diagnostic> {
        self.problems.into_inner()
    }

    fn value_pos(&self, path: &str) -> Pos {
        self.spans.get(path).map_or(self.start, |s| s.value)
    }

    fn key_pos(&self, path: &str) -> Pos {
        self.spans
            .get(path)
            .and_then(|s| s.key)
            .unwrap_or_else(|| self.value_pos(path))
    }

    fn raw(&self, path: &str) -> Option<&str> {
        self.spans.get(path).and_then(|s| s.raw.as_deref())
    }
}

/// Reads `yaml` with serde_yaml, then records its positions with the event pass: the way
/// every document went before the quick way ([`simple`]), and the way of every document that
/// the quick way leaves.
fn read_in_full(
    file: &SourceFile,
    yaml: &str,
    first_line: usize,
) -> Result<simple::Read, Diagnostic> {
    // serde_yaml first: it bounds nesting (128 levels) and alias expansion itself, and
    // saphyr-parser 0.3 hangs on flow nesting a few hundred levels deep, so the event pass
    // only ever sees text that serde_yaml accepted.
    let value: Value =
        serde_yaml::from_str(yaml).map_err(|e| syntax_error(file, &e, yaml, first_line))?;
    let (spans, refused) = span_map(yaml, first_line);
    if let Some((at, message)) = refused {
        return Err(Diagnostic::error(&file.path, at.line, at.column, message)
            .with_width(at.width)
            .with_source(&file.text));
    }
    Ok((value, spans))
}

/// Compares the quick way of reading a YAML document with the full one: `Ok(true)` when the
/// quick way read it, into the same value and the same positions (and the same written form
/// of every value that is not text); `Ok(false)` when it left
/// the document to the full parsers; `Err` with both readings when they differ. For the
/// equivalence tests and fuzzing only.
#[doc(hidden)]
pub fn quick_path_agrees(yaml: &str) -> Result<bool, String> {
    let Some((value, spans)) = simple::read(yaml, 1) else {
        return Ok(false);
    };
    let file = SourceFile {
        path: std::path::PathBuf::from("t.yaml"),
        text: yaml.to_string(),
        verbatim: false,
    };
    match read_in_full(&file, yaml, 1) {
        Ok((full_value, full_spans)) => {
            if format!("{full_value:?}") != format!("{value:?}") {
                return Err(format!(
                    "values differ:\n full: {full_value:?}\nquick: {value:?}"
                ));
            }
            // The quick way keeps the written form of a value only when it is not text.
            let mut full_spans = full_spans;
            for span in full_spans.values_mut() {
                if span.raw.as_deref().is_some_and(simple::reads_as_text) {
                    span.raw = None;
                }
            }
            if full_spans != spans {
                let mut differences = String::new();
                for (path, span) in &full_spans {
                    if spans.get(path) != Some(span) {
                        differences.push_str(&format!(
                            "{path:?}: full {span:?}, quick {:?}\n",
                            spans.get(path)
                        ));
                    }
                }
                for (path, span) in &spans {
                    if !full_spans.contains_key(path) {
                        differences.push_str(&format!("{path:?}: only quick {span:?}\n"));
                    }
                }
                return Err(format!("positions differ:\n{differences}"));
            }
            Ok(true)
        }
        Err(e) => Err(format!(
            "the quick way read a document the full one refuses: {}",
            e.message
        )),
    }
}

fn syntax_error(
    file: &SourceFile,
    e: &serde_yaml::Error,
    yaml: &str,
    first_line: usize,
) -> Diagnostic {
    let message = e.to_string();
    let message = match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    };
    let (mut line, mut column) = e
        .location()
        .map_or((first_line, 1), |l| (l.line() + first_line - 1, l.column()));
    let message = if message.starts_with("recursion limit exceeded") {
        too_deep()
    } else if message.starts_with("repetition limit exceeded") {
        // serde_yaml gives no position: point at the first alias.
        if let Some(offset) = first_alias(yaml) {
            let (l, c) = line_and_column(yaml, offset);
            (line, column) = (l + first_line - 1, c);
        }
        "the aliases (`*name`) expand to too much data (a \"billion laughs\" file?): \
         write the values out instead of repeating them with `&name`/`*name`"
            .to_string()
    } else {
        format!("YAML syntax: {message}")
    };
    // At the end of the text the parser points past the last line: point at its end instead.
    let lines = file.text.lines().count().max(1);
    if line > lines {
        line = lines;
        column = file.text.lines().last().map_or(0, |l| l.chars().count()) + 1;
    }
    Diagnostic::error(&file.path, line, column, message).with_source(&file.text)
}

fn too_deep() -> String {
    format!(
        "the lists and groups are nested more than {} levels deep: records need only a few levels — check the indentation and the brackets",
        limits::DEPTH
    )
}

/// The byte offset of the first `*name` that looks like an alias (outside quotes is not
/// checked: this only places an error that serde_yaml could not place).
fn first_alias(yaml: &str) -> Option<usize> {
    let bytes = yaml.as_bytes();
    (0..bytes.len()).find(|&i| {
        bytes[i] == b'*'
            && (i == 0 || matches!(bytes[i - 1], b' ' | b'\t' | b'\n' | b'[' | b',' | b'{'))
            && bytes
                .get(i + 1)
                .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-')
    })
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a group of fields",
        Value::Tagged(_) => "a tagged value",
    }
}

/// A mapping of a record being read: each accessor checks one field and records problems.
pub struct Fields<'d, 'f> {
    doc: &'d YamlDoc<'f>,
    map: &'d Mapping,
    path: String,
    what: &'static str,
}

impl<'d, 'f> Fields<'d, 'f> {
    fn child(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    /// Where this mapping begins, for "missing field" errors.
    pub fn pos(&self) -> Pos {
        self.doc.value_pos(&self.path)
    }

    /// Where a field's value stands (or the mapping, when the field is absent).
    pub fn pos_of(&self, key: &str) -> Pos {
        if self.map.contains_key(key) {
            self.with_child(key, |path| self.doc.value_pos(path))
        } else {
            self.pos()
        }
    }

    /// Runs `f` with the path of a field of this mapping, written in a buffer kept for the
    /// purpose rather than a new string per look-up.
    fn with_child<R>(&self, key: &str, f: impl FnOnce(&str) -> R) -> R {
        if self.path.is_empty() {
            return f(key);
        }
        let mut buffer = self.doc.scratch.borrow_mut();
        buffer.clear();
        buffer.push_str(&self.path);
        buffer.push('.');
        buffer.push_str(key);
        f(&buffer)
    }

    /// Records an error at a field's value.
    pub fn error(&self, key: &str, message: impl Into<String>) {
        self.doc.error_at(self.pos_of(key), message);
    }

    /// Records an error at a position read earlier, e.g. a [`Located`] value's.
    pub fn error_at(&self, at: Pos, message: impl Into<String>) {
        self.doc.error_at(at, message);
    }

    /// Records a warning at the start of this mapping.
    pub fn warn(&self, message: impl Into<String>) {
        self.doc.warn_at(self.pos(), message);
    }

    /// Reports every key that is not in `known`, suggesting the closest known one.
    pub fn reject_unknown(&self, known: &[&str]) {
        for key in self.map.keys() {
            let name = match key {
                Value::String(s) => s.clone(),
                // On one line, so the message stays one line.
                other => serde_json::to_string(other).unwrap_or_default(),
            };
            if known.contains(&name.as_str()) {
                continue;
            }
            let hint = closest(&name, known)
                .map(|k| format!("did you mean `{k}`? "))
                .unwrap_or_default();
            let at = self.doc.key_pos(&self.child(&name));
            self.doc.error_at(
                Pos {
                    width: name.chars().count(),
                    ..at
                },
                format!(
                    "unknown field `{name}` in {}; {hint}expected one of: {}",
                    self.what,
                    known.join(", ")
                ),
            );
        }
    }

    fn get(&self, key: &str) -> Option<&'d Value> {
        match self.map.get(key) {
            None | Some(Value::Null) => None,
            Some(v) => Some(v),
        }
    }

    fn missing(&self, key: &str) {
        self.doc.error_at(
            self.pos(),
            format!("missing field `{key}` in {}", self.what),
        );
    }

    /// The text of a scalar field, trimmed.
    fn scalar_text(&self, key: &str, v: &Value) -> Option<String> {
        match v {
            Value::String(s) => Some(s.trim().to_string()),
            Value::Number(_) | Value::Bool(_) => Some(
                self.with_child(key, |path| {
                    self.doc.raw(path).map(|raw| raw.trim().to_string())
                })
                .unwrap_or_else(|| {
                    serde_yaml::to_string(v)
                        .unwrap_or_default()
                        .trim()
                        .to_string()
                }),
            ),
            other => {
                self.error(key, format!("`{key}` must be text, not {}", kind(other)));
                None
            }
        }
    }

    /// Optional text; absent, `null` or blank gives `None`.
    pub fn opt_text(&self, key: &str) -> Option<String> {
        let text = self.scalar_text(key, self.get(key)?)?;
        (!text.is_empty()).then_some(text)
    }

    /// Required, non-blank text.
    pub fn text(&self, key: &str) -> Option<String> {
        let Some(v) = self.get(key) else {
            self.missing(key);
            return None;
        };
        let text = self.scalar_text(key, v)?;
        if text.is_empty() {
            self.error(key, format!("`{key}` is empty"));
            return None;
        }
        Some(text)
    }

    /// Required text with its position.
    pub fn located_text(&self, key: &str) -> Option<Located<String>> {
        let value = self.text(key)?;
        Some(Located {
            at: self.located_pos(key, &value),
            value,
        })
    }

    /// Optional text with its position.
    pub fn opt_located_text(&self, key: &str) -> Option<Located<String>> {
        let value = self.opt_text(key)?;
        Some(Located {
            at: self.located_pos(key, &value),
            value,
        })
    }

    fn located_pos(&self, key: &str, value: &str) -> Pos {
        Pos {
            width: value.chars().count(),
            ..self.pos_of(key)
        }
    }

    /// An identifier: 1–64 ASCII letters, digits, `-` or `_`.
    pub fn id(&self, key: &str) -> Option<Located<String>> {
        let id = self.located_text(key)?;
        if is_valid_id(&id.value) {
            Some(id)
        } else {
            self.error(
                key,
                format!(
                    "`{}` is not a valid id: use 1 to 64 ASCII letters, digits, `-` or `_`",
                    id.value
                ),
            );
            None
        }
    }

    /// Required whole number.
    pub fn integer(&self, key: &str) -> Option<i64> {
        let Some(v) = self.get(key) else {
            self.missing(key);
            return None;
        };
        match v.as_i64() {
            Some(n) => Some(n),
            None => {
                self.error(
                    key,
                    format!("`{key}` must be a whole number, not {}", kind(v)),
                );
                None
            }
        }
    }

    /// Required number, whole or with decimals (a score, a weight, a share such as 0.3).
    pub fn number(&self, key: &str) -> Option<f64> {
        if self.get(key).is_none() {
            self.missing(key);
            return None;
        }
        self.opt_number(key)
    }

    /// Optional number, whole or with decimals; absent or `null` gives `None`.
    pub fn opt_number(&self, key: &str) -> Option<f64> {
        let v = self.get(key)?;
        match v.as_f64().filter(|n| n.is_finite()) {
            Some(n) => Some(n),
            None => {
                self.error(
                    key,
                    format!(
                        "`{key}` must be a number such as 85 or 92.5, not {}",
                        kind(v)
                    ),
                );
                None
            }
        }
    }

    /// Optional true/false.
    pub fn opt_bool(&self, key: &str) -> Option<bool> {
        match self.get(key)? {
            Value::Bool(b) => Some(*b),
            other => {
                self.error(
                    key,
                    format!("`{key}` must be true or false, not {}", kind(other)),
                );
                None
            }
        }
    }

    /// Required calendar date written `YYYY-MM-DD`.
    pub fn date(&self, key: &str) -> Option<NaiveDate> {
        if self.get(key).is_none() {
            self.missing(key);
            return None;
        }
        self.opt_date(key)
    }

    /// Optional calendar date.
    pub fn opt_date(&self, key: &str) -> Option<NaiveDate> {
        let text = self.opt_text(key)?;
        match parse_date(&text) {
            Ok(d) => Some(d),
            Err(message) => {
                self.doc
                    .error_at(self.located_pos(key, &text), format!("`{key}`: {message}"));
                None
            }
        }
    }

    /// Optional list of texts (absent gives an empty list).
    pub fn text_list(&self, key: &str) -> Vec<Located<String>> {
        let Some(v) = self.get(key) else {
            return Vec::new();
        };
        let Value::Sequence(seq) = v else {
            self.error(
                key,
                format!(
                    "`{key}` must be a list (lines starting with `- `), not {}",
                    kind(v)
                ),
            );
            return Vec::new();
        };
        let path = self.child(key);
        seq.iter()
            .enumerate()
            .filter_map(|(i, item)| {
                let item_path = format!("{path}.{i}");
                let at = self.doc.value_pos(&item_path);
                match item {
                    Value::String(s) if !s.trim().is_empty() => Some(Located {
                        value: s.trim().to_string(),
                        at: Pos {
                            width: s.chars().count(),
                            ..at
                        },
                    }),
                    Value::Number(_) | Value::Bool(_) => {
                        self.doc.raw(&item_path).map(|raw| Located {
                            value: raw.to_string(),
                            at,
                        })
                    }
                    other => {
                        self.doc.error_at(
                            at,
                            format!("each entry of `{key}` must be text, not {}", kind(other)),
                        );
                        None
                    }
                }
            })
            .collect()
    }

    /// Optional list of groups of fields, e.g. timeline entries (absent gives an empty list).
    pub fn groups(&self, key: &str, what: &'static str) -> Vec<Fields<'d, 'f>> {
        let Some(v) = self.get(key) else {
            return Vec::new();
        };
        let Value::Sequence(seq) = v else {
            self.error(
                key,
                format!(
                    "`{key}` must be a list (lines starting with `- `), not {}",
                    kind(v)
                ),
            );
            return Vec::new();
        };
        let path = self.child(key);
        seq.iter()
            .enumerate()
            .filter_map(|(i, item)| {
                let item_path = format!("{path}.{i}");
                match item {
                    Value::Mapping(map) => Some(Fields { doc: self.doc, map, path: item_path, what }),
                    other => {
                        self.doc.error_at(
                            self.doc.value_pos(&item_path),
                            format!("each entry of `{key}` must be a group of `field: value` lines, not {}", kind(other)),
                        );
                        None
                    }
                }
            })
            .collect()
    }

    /// An optional group of fields under one key, e.g. site.yaml's `privacy:` section
    /// (absent gives `None`; anything but a group of `field: value` lines is an error).
    pub fn group(&self, key: &str, what: &'static str) -> Option<Fields<'d, 'f>> {
        match self.get(key)? {
            Value::Mapping(map) => Some(Fields {
                doc: self.doc,
                map,
                path: self.child(key),
                what,
            }),
            other => {
                self.error(
                    key,
                    format!(
                        "`{key}` must be a group of `field: value` lines, not {}",
                        kind(other)
                    ),
                );
                None
            }
        }
    }

    /// Whether the field is present (and not null).
    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }
}

/// Whether an office or item id is acceptable in a URL and a file name on every system.
pub fn is_valid_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Parses `YYYY-MM-DD`, telling an impossible date (2026-02-30) from a malformed one.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !shaped {
        return Err(format!(
            "`{text}` is not a date; write dates as YYYY-MM-DD, e.g. 2026-06-30"
        ));
    }
    // Shaped as YYYY-MM-DD: the three numbers are read directly (as `%Y-%m-%d` would).
    let number = |range: std::ops::Range<usize>| text[range].parse::<u32>().ok();
    let day = match (number(0..4), number(5..7), number(8..10)) {
        (Some(year), Some(month), Some(day)) => i32::try_from(year)
            .ok()
            .and_then(|year| NaiveDate::from_ymd_opt(year, month, day)),
        _ => None,
    };
    day.ok_or_else(|| format!("{text} is not a real calendar date"))
}

fn closest<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| (edit_distance(name, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 3))
        .min()
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

enum Frame {
    Map {
        path: String,
        key: Option<(String, Pos)>,
    },
    Seq {
        path: String,
        next: usize,
    },
}

/// Walks the YAML events once and records the position of every key and value by path
/// (`timeline.2.date`). If the event parser disagrees with serde_yaml, positions fall back to
/// the start of the document: a less precise error, never a wrong value.
///
/// It also returns the first construct records may not use: a tag (`!!binary`, `!foo`), or
/// nesting deeper than [`limits::DEPTH`].
fn span_map(yaml: &str, first_line: usize) -> (BTreeMap<String, NodeSpan>, Option<(Pos, String)>) {
    let mut spans = BTreeMap::new();
    let mut stack: Vec<Frame> = Vec::new();
    // Depth inside a list or group used as a key (`[备注]: …`), whose events name no path.
    let mut in_key = 0usize;
    for event in Parser::new_from_str(yaml) {
        let Ok((event, span)) = event else { break };
        if in_key > 0 {
            match event {
                Event::MappingStart(..) | Event::SequenceStart(..) => in_key += 1,
                Event::MappingEnd | Event::SequenceEnd => in_key -= 1,
                _ => {}
            }
            continue;
        }
        let pos = Pos {
            line: span.start.line() + first_line - 1,
            column: span.start.col() + 1,
            width: span.end.index().saturating_sub(span.start.index()).max(1),
        };
        let tag = match &event {
            Event::Scalar(_, _, _, tag)
            | Event::MappingStart(_, tag)
            | Event::SequenceStart(_, tag) => tag.as_ref(),
            _ => None,
        };
        if let Some(tag) = tag {
            let written = if tag.handle == "tag:yaml.org,2002:" {
                format!("!!{}", tag.suffix)
            } else {
                format!("{}{}", tag.handle, tag.suffix)
            };
            let message = format!(
                "tags are not allowed (`{written}`): write the value as plain text, without the `!` part"
            );
            return (spans, Some((pos, message)));
        }
        let opening = matches!(event, Event::MappingStart(..) | Event::SequenceStart(..));
        if opening && stack.len() + in_key >= limits::DEPTH {
            return (spans, Some((pos, too_deep())));
        }
        let (raw, opens) = match &event {
            Event::Scalar(text, style, ..) => {
                (Some((text.to_string(), *style == ScalarStyle::Plain)), None)
            }
            Event::MappingStart(..) => (None, Some(true)),
            Event::SequenceStart(..) => (None, Some(false)),
            Event::Alias(_) => (Some((String::new(), false)), None),
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
                continue;
            }
            _ => continue,
        };
        // A scalar in key position names the next value.
        if let Some(Frame::Map {
            key: key @ None, ..
        }) = stack.last_mut()
        {
            if let Some((text, _)) = &raw {
                *key = Some((text.clone(), pos));
                continue;
            }
            // A list or group as a key: skip it, so the values after it keep their paths.
            *key = Some((String::from("\0"), pos));
            in_key = 1;
            continue;
        }
        let (path, key_pos) = match stack.last_mut() {
            None => (String::new(), None),
            Some(Frame::Map { path, key }) => {
                let (name, at) = key.take().unwrap_or_default();
                (join(path, &name), Some(at))
            }
            Some(Frame::Seq { path, next }) => {
                *next += 1;
                (join(path, &(*next - 1).to_string()), None)
            }
        };
        let raw_text = raw.and_then(|(text, plain)| plain.then_some(text));
        let width = raw_text
            .as_ref()
            .map_or(pos.width, |t| t.chars().count().max(1));
        spans.insert(
            path.clone(),
            NodeSpan {
                key: key_pos,
                value: Pos { width, ..pos },
                raw: raw_text,
            },
        );
        match opens {
            Some(true) => stack.push(Frame::Map { path, key: None }),
            Some(false) => stack.push(Frame::Seq { path, next: 0 }),
            None => {}
        }
    }
    (spans, None)
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path}.{name}")
    }
}

/// Converts a byte offset in `text` into a [`Pos`]; used by stages that locate their own
/// findings inside a record's body.
pub fn pos_at(text: &str, offset: usize, width: usize) -> Pos {
    let (line, column) = line_and_column(text, offset);
    Pos {
        line,
        column,
        width,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn doc(text: &str) -> SourceFile {
        SourceFile::from_bytes(Path::new("t.yaml"), text.as_bytes()).unwrap()
    }

    #[test]
    fn positions_of_nested_values() {
        let f = doc("id: a\ntimeline:\n  - date: 2026-02-30\n    note: x\n");
        let d = YamlDoc::parse(&f, &f.text, 1).unwrap();
        let fields = d.fields("an item").unwrap();
        let entries = fields.groups("timeline", "a timeline entry");
        assert_eq!(entries[0].opt_date("date"), None);
        let problems = d.into_problems();
        assert_eq!((problems[0].line, problems[0].column), (3, 11));
        assert!(problems[0].message.contains("not a real calendar date"));
    }

    #[test]
    fn unknown_field_suggests_the_right_one() {
        let f = doc("id: a\ndeadlne: 2026-01-01\n");
        let d = YamlDoc::parse(&f, &f.text, 1).unwrap();
        d.fields("an item")
            .unwrap()
            .reject_unknown(&["id", "deadline"]);
        let p = d.into_problems();
        assert_eq!((p[0].line, p[0].column), (2, 1));
        assert!(
            p[0].message.contains("did you mean `deadline`"),
            "{}",
            p[0].message
        );
    }

    #[test]
    fn numbers_keep_their_written_form() {
        let f = doc("id: 007\n");
        let d = YamlDoc::parse(&f, &f.text, 1).unwrap();
        assert_eq!(d.fields("x").unwrap().text("id").as_deref(), Some("007"));
    }

    #[test]
    fn syntax_errors_are_located_in_the_file() {
        let f = doc("---\nid: a\n  b: [\n---\n");
        let e = YamlDoc::parse(&f, "id: a\n  b: [\n", 2).err().unwrap();
        assert_eq!(e.line, 3, "{e:?}");
    }

    #[test]
    fn dates_are_read_as_chrono_reads_them() {
        for year in [0, 1, 999, 1900, 2000, 2024, 2026, 2100, 9999] {
            for month in 0..=13 {
                for day in 0..=32 {
                    let text = format!("{year:04}-{month:02}-{day:02}");
                    let chrono = NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok();
                    assert_eq!(parse_date(&text).ok(), chrono, "{text}");
                }
            }
        }
    }

    #[test]
    fn dates_are_checked() {
        assert!(parse_date("2026-02-28").is_ok());
        assert!(
            parse_date("2026-02-30")
                .unwrap_err()
                .contains("not a real calendar date")
        );
        assert!(parse_date("2026/02/01").unwrap_err().contains("YYYY-MM-DD"));
    }
}
