//! The quick way of reading a record's YAML (`src/yaml/simple.rs`) must read every document it
//! takes into the same value and the same positions as serde_yaml and the event pass: checked
//! on every YAML document of the sample site, of the test corpora and fixtures, of a generated
//! site, on hand-written near misses, and on variants of all of them with a line dropped,
//! doubled, indented, cut short or given an unusual character.

use std::path::{Path, PathBuf};

use gongkai::source::SourceFile;
use gongkai::yaml::quick_path_agrees;

/// Every `.yaml`/`.yml` file and every `.md` file's front matter below `dir`.
fn documents(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut found = Vec::new();
    for entry in walkdir(dir) {
        let extension = entry.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !["yaml", "yml", "md"].contains(&extension) {
            continue;
        }
        let Ok(bytes) = std::fs::read(&entry) else {
            continue;
        };
        let text = match SourceFile::from_bytes(&entry, &bytes) {
            Ok(file) if extension == "md" => match file.front_matter() {
                Ok(front) => front.yaml.to_string(),
                Err(_) => continue,
            },
            Ok(file) => file.text,
            Err(_) => String::from_utf8_lossy(&bytes).into_owned(),
        };
        found.push((entry, text));
    }
    found
}

fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Checks one document as written; returns whether the quick way read it.
fn check(name: &str, yaml: &str) -> bool {
    match quick_path_agrees(yaml) {
        Ok(read) => read,
        Err(why) => panic!("{name}:\n{yaml}\n---\n{why}"),
    }
}

/// Checks the near misses of a document (its first lines only, so that a big document costs
/// no more than a small one): each line dropped, doubled, indented by one and two spaces,
/// dedented, cut short, or given one of the characters that change YAML's reading at the
/// start of its text, at its value and at its end.
fn check_variants(name: &str, yaml: &str, lines_varied: usize) {
    const ODD: [&str; 26] = [
        " #", "#", ":", ": ", "- ", "-", "[", "]", "{", "}", ",", "'", "\"", "&a ", "*a", "!", "|",
        ">", "\t", "\r", "\u{85}", "\u{2028}", "\u{FEFF}", "~", "?", "%",
    ];
    let lines: Vec<&str> = yaml.lines().take(40).collect();
    let with = |i: usize, replacement: &[String]| {
        let mut v: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        v.splice(i..=i, replacement.iter().cloned());
        v.join("\n") + "\n"
    };
    // Spread the varied lines over the document.
    let step = (lines.len() / lines_varied.max(1)).max(1);
    for (i, line) in lines.iter().enumerate().step_by(step) {
        let mut variants = vec![
            with(i, &[]),
            with(i, &[line.to_string(), line.to_string()]),
            with(i, &[format!(" {line}")]),
            with(i, &[format!("  {line}")]),
            with(i, &[line.trim_start().to_string()]),
        ];
        let cuts: Vec<usize> = line.char_indices().map(|(at, _)| at).collect();
        for &cut in cuts.iter().step_by(cuts.len() / 3 + 1) {
            variants.push(with(i, &[line[..cut].to_string()]));
        }
        let text_at = line.len() - line.trim_start().len();
        let value_at = line.find(": ").map_or(text_at, |at| at + 2);
        for odd in ODD {
            for at in [text_at, value_at, line.len()] {
                variants.push(with(i, &[format!("{}{odd}{}", &line[..at], &line[at..])]));
            }
        }
        for variant in variants {
            if let Err(why) = quick_path_agrees(&variant) {
                panic!(
                    "{name} (a variant of line {}):\n{variant}\n---\n{why}",
                    i + 1
                );
            }
        }
    }
}

/// Documents written to test the edges of the simple form.
const NEAR_MISSES: &[&str] = &[
    "id: a\n",
    "id: 007\nyear: 2026\nscore: 92.5\nshare: .5\nbig: 123456789012345678901234567890\n",
    "a: true\nb: False\nc: ~\nd: null\ne: NULL\nf: yes\ng: no\nh: on\n",
    "a: 0x1F\nb: 0o17\nc: 0b101\nd: +5\ne: 1e3\nf: 1_000\ng: .inf\nh: .NaN\ni: 1.5e400\n",
    "a: 2026-05-15\nb: 2026-05-15T10:00:00\nc: 12:30\nd: 0839-5200000\n",
    "true: a\n",
    "null: a\n",
    "1: a\n",
    "a-b: c\n_x: y\n",
    "a: b\na: c\n",
    "a:\n  - x\n  - y\nb:\n- z\n",
    "a:\n  - x: 1\n    y: 2\n  - x: 3\n",
    "a:\n  -   x: 1\n      y: 2\n",
    "a:\n  - x: 1\n   y: 2\n",
    "a:\n  - x: 1\n     y: 2\n",
    "a:\n  -\n    x: 1\n",
    "a:\n  - - x\n",
    "a:\nb: c\n",
    "a: b\n  c\n",
    "a: b # c\n",
    "a: b#c\n",
    "a: [x, y, z]\nb: []\nc: [ x ]\nd: [x,y]\ne: [x, , y]\nf: [x, y,]\n",
    "a: [x: 1]\n",
    "a: [\"x\", y]\n",
    "a: [中文, 文字]\nb: 中文: 文字\n",
    "a: { x: 1, y: 2 }\nb: {}\nc: {x: 1}\nd: { x: 1, x: 2 }\n",
    "a:\n  - { x: 1, y: [2] }\n  - {x: a b}\n",
    "a: \"quoted\"\nb: 'single'\nc: \"esc\\n\"\nd: 'it''s'\ne: \"\"\nf: ''\n",
    "a: \"two\n  lines\"\n",
    "a: |\n  block\n",
    "a: >-\n  folded\n",
    "a: &x 1\nb: *x\n",
    "a: !!str 1\n",
    "? a\n: b\n",
    "---\na: b\n",
    "a: b\n...\n",
    "%YAML 1.2\n---\na: b\n",
    "  a: b\n  c: d\n",
    "# only a comment\n",
    "",
    "a: b\n\n\n# comment\n  # indented comment\nc: d\n",
    "a: x:y\nb: http://example.com/a\nc: a:\n",
    "a: -x\nb: -1\nc: - x\n",
    "a: @x\nb: `x\nc: %x\n",
    "a: 全角　空格\nb: x　\n",
    "a:\n  b:\n    c:\n      d:\n        e:\n          f:\n            g:\n              h:\n                i:\n                  j:\n                    k:\n                      l:\n                        m:\n                          n:\n                            o:\n                              p:\n                                q:\n                                  r: 1\n",
];

#[test]
fn the_quick_way_agrees_on_the_sample_site_and_the_test_files() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut quick = 0;
    let mut total = 0;
    for folder in ["content", "tests"] {
        for (path, yaml) in documents(&root.join(folder)) {
            total += 1;
            let name = path.display().to_string();
            quick += usize::from(check(&name, &yaml));
            check_variants(&name, &yaml, 2);
        }
    }
    assert!(total > 100, "only {total} documents found");
    // The sample site's records keep to the simple form: the quick way must take most.
    assert!(quick * 2 > total, "the quick way read {quick} of {total}");
}

#[test]
fn the_quick_way_agrees_on_near_misses() {
    for (i, yaml) in NEAR_MISSES.iter().enumerate() {
        let name = format!("near miss {i}");
        check(&name, yaml);
        check_variants(&name, yaml, 40);
    }
    // The simple form itself is read the quick way.
    for yaml in [
        "id: 007\nyear: 2026\nscore: 92.5\nok: true\nnone: ~\n",
        "a:\n  - x: 1\n    y: [a, b]\n  - z\n  - { x: 1 }\nb: \"q\"\n",
    ] {
        assert_eq!(quick_path_agrees(yaml), Ok(true), "{yaml}");
    }
}

/// A generated site (`examples/synth`, the benchmark's corpus): every record type, and the
/// quick way reads every one of its documents.
#[test]
fn the_quick_way_agrees_on_a_generated_site() {
    let dir = tempfile::tempdir().unwrap();
    let status = std::process::Command::new(env!("CARGO"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["run", "--quiet", "--example", "synth", "--"])
        .args(["--offices", "12", "--items", "300", "--output"])
        .arg(dir.path())
        .status()
        .unwrap();
    assert!(status.success(), "synth failed: {status}");
    let documents = documents(&dir.path().join("content"));
    assert!(documents.len() > 300, "{} documents", documents.len());
    let mut left = Vec::new();
    for (i, (path, yaml)) in documents.iter().enumerate() {
        let name = path.display().to_string();
        if !check(&name, yaml) {
            left.push(name.clone());
        }
        if i % 25 == 0 {
            check_variants(&name, yaml, 3);
        }
    }
    assert!(left.is_empty(), "left to the full parsers: {left:?}");
}
