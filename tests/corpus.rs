//! The malformed-input corpus (`tests/corpus/`, described in its README): every case is a tiny
//! site with one defect. Each is built into an output folder that already holds a good build;
//! the build must fail with exit status 1, name the file and line, never panic, and leave the
//! previous site byte-for-byte as it was.
//!
//! Cases that git cannot carry or that would weigh megabytes (a record over the size limit,
//! symlinks that leave `content/` or loop) are made here, in [`generated_cases`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

const AS_OF: &str = "2026-11-25";

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

/// Copies a folder, recreating symlinks as symlinks (never following them).
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        let kind = entry.file_type().unwrap();
        if kind.is_symlink() {
            let link = std::fs::read_link(entry.path()).unwrap();
            let _ = std::fs::remove_file(&target);
            std::os::unix::fs::symlink(link, &target).unwrap();
        } else if kind.is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn has_symlink(dir: &Path) -> bool {
    std::fs::read_dir(dir).unwrap().any(|e| {
        let e = e.unwrap();
        let kind = e.file_type().unwrap();
        kind.is_symlink() || (kind.is_dir() && has_symlink(&e.path()))
    })
}

/// Every file below `dir`, relative path → bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                files.insert(path.strip_prefix(dir).unwrap().to_path_buf(), bytes);
            }
        }
    }
    files
}

fn build(root: &Path, output: &Path) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--output")
        .arg(output)
        .args(["--as-of", AS_OF])
        .env("NO_COLOR", "1")
        .output()
        .expect("run gongkai");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// One case: how to make its site, and what stderr must say.
struct Case {
    name: String,
    /// Lays the defect over the valid base site at the given root.
    make: Box<dyn Fn(&Path) + Send + Sync>,
    /// The `path:line:col: error:` prefix (or `path: error:`).
    prefix: String,
    /// A key phrase of the message, on the same line.
    phrase: String,
}

fn committed_cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for entry in std::fs::read_dir(corpus()).unwrap() {
        let dir = entry.unwrap().path();
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        if !dir.is_dir() || name.starts_with('_') {
            continue;
        }
        let expect = std::fs::read_to_string(dir.join("expect.txt"))
            .unwrap_or_else(|e| panic!("{name}: expect.txt: {e}"));
        let mut lines = expect.lines();
        let prefix = lines.next().unwrap_or_default().to_string();
        let phrase = lines.next().unwrap_or_default().to_string();
        assert!(
            prefix.ends_with(" error:") && !phrase.is_empty(),
            "{name}: expect.txt must hold the `path:line:col: error:` prefix and a key phrase"
        );
        let content = dir.join("content");
        if name.starts_with("symlink-") && !has_symlink(&content) {
            eprintln!(
                "{name}: the checkout did not keep its symlink (core.symlinks=false?): skipped"
            );
            continue;
        }
        cases.push(Case {
            name,
            make: Box::new(move |root: &Path| copy_tree(&content, &root.join("content"))),
            prefix,
            phrase,
        });
    }
    cases
}

fn generated(
    name: &str,
    prefix: &str,
    phrase: &str,
    make: impl Fn(&Path) + Send + Sync + 'static,
) -> Case {
    Case {
        name: format!("generated:{name}"),
        make: Box::new(make),
        prefix: prefix.to_string(),
        phrase: phrase.to_string(),
    }
}

fn symlink(target: impl AsRef<Path>, link: &Path) {
    let _ = std::fs::remove_file(link);
    std::fs::create_dir_all(link.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(target, link).unwrap();
}

fn generated_cases() -> Vec<Case> {
    const SYMLINK: &str = "symlinks are not followed: copy the file in instead";
    vec![
        // A valid item padded past the limit: refused before it is read.
        generated(
            "huge-file",
            "content/items/x.md: error:",
            "more than the limit of 4194304 bytes (4 MiB)",
            |root| {
                let path = root.join("content/items/x.md");
                let mut text = std::fs::read_to_string(&path).unwrap();
                let pad = 4 * 1024 * 1024 + 1 - text.len();
                text.push_str(&"正".repeat(pad / 3));
                text.push_str(&"a".repeat(pad % 3));
                std::fs::write(&path, text).unwrap();
            },
        ),
        generated(
            "symlink-escape-absolute",
            "content/items/passwd.md: error:",
            SYMLINK,
            |root| symlink("/etc/passwd", &root.join("content/items/passwd.md")),
        ),
        generated(
            "symlink-escape-relative",
            "content/items/other.md: error:",
            SYMLINK,
            |root| {
                // A valid record outside content/, reached through a relative link.
                std::fs::copy(root.join("content/items/x.md"), root.join("outside.md")).unwrap();
                symlink("../../outside.md", &root.join("content/items/other.md"));
            },
        ),
        generated(
            "symlink-loop-to-parent",
            "content/items/loop: error:",
            SYMLINK,
            |root| symlink("..", &root.join("content/items/loop")),
        ),
        generated(
            "symlink-to-itself",
            "content/items/self.md: error:",
            SYMLINK,
            |root| symlink("self.md", &root.join("content/items/self.md")),
        ),
        generated(
            "symlink-dangling",
            "content/offices/gone.yaml: error:",
            SYMLINK,
            |root| symlink("nowhere.yaml", &root.join("content/offices/gone.yaml")),
        ),
        generated(
            "symlink-site-yaml",
            "content/site.yaml: error:",
            SYMLINK,
            |root| {
                std::fs::rename(root.join("content/site.yaml"), root.join("site.yaml")).unwrap();
                symlink("../site.yaml", &root.join("content/site.yaml"));
            },
        ),
        generated(
            "symlink-items-folder",
            "content/items: error:",
            SYMLINK,
            |root| {
                std::fs::rename(root.join("content/items"), root.join("items")).unwrap();
                symlink("../items", &root.join("content/items"));
            },
        ),
    ]
}

/// Builds the valid base site once: the "previous publication" every case must leave alone.
fn good_build(scratch: &Path) -> PathBuf {
    let root = scratch.join("good");
    copy_tree(&corpus().join("_base/content"), &root.join("content"));
    let output = scratch.join("good-output");
    let (code, stderr) = build(&root, &output);
    assert_eq!(code, Some(0), "the base site must build:\n{stderr}");
    output
}

/// Runs one case; returns a description of what went wrong, if anything did.
fn run(case: &Case, good: &Path, scratch: &Path) -> Option<String> {
    let dir = scratch.join(case.name.replace(':', "-"));
    let root = dir.join("site");
    copy_tree(&corpus().join("_base/content"), &root.join("content"));
    (case.make)(&root);
    let parent = dir.join("published");
    let output = parent.join("public");
    copy_tree(good, &output);
    let before = snapshot(&output);
    let (code, stderr) = build(&root, &output);
    let mut wrong = Vec::new();
    if code != Some(1) {
        wrong.push(format!("exit status {code:?}, expected 1"));
    }
    if stderr.contains("panicked") {
        wrong.push("it panicked".to_string());
    }
    let located = stderr
        .lines()
        .any(|l| l.starts_with(&case.prefix) && l.contains(&case.phrase));
    if !located {
        wrong.push(format!(
            "no line starts with `{}` and says `{}`",
            case.prefix, case.phrase
        ));
    }
    if snapshot(&output) != before {
        wrong.push("the previous output was changed".to_string());
    }
    let beside: Vec<_> = std::fs::read_dir(&parent)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    if beside.len() != 1 {
        wrong.push(format!("left files beside the output: {beside:?}"));
    }
    (!wrong.is_empty()).then(|| {
        format!(
            "{}: {}\n--- stderr ---\n{stderr}",
            case.name,
            wrong.join("; ")
        )
    })
}

#[test]
fn every_malformed_site_fails_cleanly_and_leaves_the_previous_build() {
    let scratch = TempDir::new().unwrap();
    let good = good_build(scratch.path());
    let committed = committed_cases();
    assert!(
        committed.len() >= 40,
        "the corpus must hold at least 40 cases, it holds {}",
        committed.len()
    );
    let cases: Vec<Case> = committed.into_iter().chain(generated_cases()).collect();
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let failures: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = cases
            .chunks(cases.len().div_ceil(threads))
            .map(|chunk| {
                let (good, scratch) = (&good, scratch.path());
                s.spawn(move || {
                    chunk
                        .iter()
                        .filter_map(|case| run(case, good, scratch))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

/// A symlink committed to git: followed by git checkouts that keep links (the usual case on
/// Linux); where the checkout made it a plain file, the case says so and is skipped.
#[test]
fn the_committed_symlink_is_still_a_symlink() {
    let link = corpus().join("symlink-committed/content/items/link.md");
    match std::fs::symlink_metadata(&link) {
        Ok(m) if m.is_symlink() => {}
        Ok(_) => eprintln!(
            "{} is not a symlink in this checkout (core.symlinks=false?): the generated symlink cases still run",
            link.display()
        ),
        Err(e) => panic!("{}: {e}", link.display()),
    }
}
