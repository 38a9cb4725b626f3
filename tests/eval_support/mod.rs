//! Helpers shared by the evaluation, performance and chart tests: build the sample site (or an
//! edited copy of it) with the library, read its records with serde_yaml directly, and find
//! diagnostics by `path:line:col`.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use gongkai::diagnostics::Diagnostic;
use gongkai::{Error, Options};
use scraper::{ElementRef, Html, Selector};
use serde_yaml::Value;
use tempfile::TempDir;

/// The repository's sample site.
pub(crate) fn sample_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn options(root: &Path, as_of: &str) -> Options {
    Options {
        root: root.to_path_buf(),
        as_of: Some(NaiveDate::parse_from_str(as_of, "%Y-%m-%d").expect("a date")),
        ..Default::default()
    }
}

/// The built pages of a site as of a date.
pub(crate) fn build(root: &Path, as_of: &str) -> BTreeMap<String, Vec<u8>> {
    match gongkai::build_in_memory(&options(root, as_of)) {
        Ok(site) => site.files,
        Err(Error::Records(d)) => panic!(
            "the site does not build:\n{}",
            d.iter().map(Diagnostic::render).collect::<String>()
        ),
        Err(e) => panic!("{e:?}"),
    }
}

/// One built page, parsed.
pub(crate) fn page(files: &BTreeMap<String, Vec<u8>>, path: &str) -> Html {
    let bytes = files
        .get(path)
        .unwrap_or_else(|| panic!("{path} is not built"));
    Html::parse_document(std::str::from_utf8(bytes).expect("UTF-8"))
}

/// The text of an element, whitespace collapsed.
pub(crate) fn text(e: ElementRef) -> String {
    e.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every element matching `css` below `e`, as text.
pub(crate) fn texts(e: ElementRef, css: &str) -> Vec<String> {
    let s = Selector::parse(css).expect("a selector");
    e.select(&s).map(text).collect()
}

/// The elements matching `css` in a page.
pub(crate) fn select<'a>(html: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    let s = Selector::parse(css).expect("a selector");
    html.select(&s).collect()
}

/// A copy of the sample site's records in a temporary folder, to be edited into a bad one.
pub(crate) fn copy_sample() -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let from = sample_root().join("content");
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.expect("walk");
        let to = dir
            .path()
            .join("content")
            .join(entry.path().strip_prefix(&from).expect("below content"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &to).expect("copy");
        }
    }
    dir
}

/// Replaces the one occurrence of `from` in a file of the site.
pub(crate) fn edit(root: &Path, relative: &str, from: &str, to: &str) {
    let path = root.join(relative);
    let text = std::fs::read_to_string(&path).expect("read");
    assert_eq!(
        text.matches(from).count(),
        1,
        "{relative} must contain `{from}` exactly once"
    );
    std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
}

/// The 1-based line of the first line of `relative` that contains `needle`, at or after line
/// `after`.
pub(crate) fn line_of(root: &Path, relative: &str, needle: &str, after: usize) -> usize {
    let text = std::fs::read_to_string(root.join(relative)).expect("read");
    text.lines()
        .enumerate()
        .skip(after.saturating_sub(1))
        .find(|(_, l)| l.contains(needle))
        .map(|(i, _)| i + 1)
        .unwrap_or_else(|| panic!("{relative} has no line with `{needle}`"))
}

/// Every problem (errors and warnings) `check` reports for a site as of a date.
pub(crate) fn problems(root: &Path, as_of: &str) -> Vec<Diagnostic> {
    match gongkai::check(&options(root, as_of)) {
        Ok(report) => report.warnings,
        Err(Error::Records(d)) => d,
        Err(e) => panic!("{e:?}"),
    }
}

/// Asserts a problem of this severity at `path:line:col` whose message holds every word.
pub(crate) fn assert_problem(problems: &[Diagnostic], location: &str, error: bool, words: &[&str]) {
    let found = problems.iter().find(|d| {
        d.location() == location
            && d.is_error() == error
            && words.iter().all(|w| d.message.contains(w))
    });
    assert!(
        found.is_some(),
        "no {} at {location} saying {words:?}; reported:\n{}",
        if error { "error" } else { "warning" },
        problems.iter().map(Diagnostic::render).collect::<String>()
    );
}

/// A YAML file of the site, read with serde_yaml.
pub(crate) fn yaml(root: &Path, relative: &str) -> Value {
    let text = std::fs::read_to_string(root.join(relative)).expect("read");
    serde_yaml::from_str(&text).expect("YAML")
}

/// A number of a YAML value.
pub(crate) fn num(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v:?}"))
}

/// A text of a YAML value.
pub(crate) fn str_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => serde_yaml::to_string(other)
            .expect("YAML")
            .trim()
            .to_string(),
    }
}

/// Replaces `from` by `to` on one line (1-based) of a file; returns the new line.
pub(crate) fn edit_line(root: &Path, relative: &str, line: usize, from: &str, to: &str) -> String {
    let path = root.join(relative);
    let text = std::fs::read_to_string(&path).expect("read");
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let edited = lines[line - 1].replacen(from, to, 1);
    assert_ne!(
        edited,
        lines[line - 1],
        "line {line} of {relative} has no `{from}`"
    );
    lines[line - 1] = edited.clone();
    std::fs::write(&path, lines.join("\n") + "\n").expect("write");
    edited
}
