//! The synthetic corpus of `examples/synth` (the benchmark's input) is a valid site with every
//! record type, and large sites stay usable: no page over about 1 MB.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use gongkai::Options;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

/// Runs `cargo run --example synth` (the same cargo that runs the tests) into a fresh folder.
fn synth(offices: usize, items: usize) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let status = Command::new(env!("CARGO"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["run", "--quiet", "--example", "synth", "--"])
        .args([
            "--offices",
            &offices.to_string(),
            "--items",
            &items.to_string(),
        ])
        .arg("--output")
        .arg(&root)
        .status()
        .unwrap();
    assert!(status.success(), "synth failed: {status}");
    (dir, root)
}

fn options(root: &Path) -> Options {
    Options {
        root: root.to_path_buf(),
        as_of: Some(as_of()),
        ..Default::default()
    }
}

/// Every record folder of a campaign site is written, and `check` finds no error.
#[test]
fn a_generated_site_has_every_record_type_and_passes_check() {
    let (_dir, root) = synth(25, 300);
    for folder in [
        "offices",
        "items",
        "evaluations",
        "performance",
        "systems",
        "plans",
        "inspections",
        "opinions",
        "accountability",
        "activities",
        "bulletins",
        "calendar",
    ] {
        let path = root.join("content").join(folder);
        let files = std::fs::read_dir(&path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .count();
        assert!(files > 0, "{folder} is empty");
    }
    assert!(root.join("content/bulletins/2026-Q2.frozen.yaml").is_file());
    let items = walkdir::WalkDir::new(root.join("content/items"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect::<Vec<_>>();
    assert!(items.iter().any(|t| t.contains("个工作日\n")));
    assert!(items.iter().any(|t| t.contains("deadline: 长期\n")));
    let report = gongkai::check(&options(&root)).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(report.as_of, as_of());
}
