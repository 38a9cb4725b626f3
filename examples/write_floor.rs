//! The write floor: how fast this machine can write a finished site at all.
//!
//! ```text
//! cargo run --release --example write_floor -- SITE FRESH [--threads N]
//! ```
//! Reads every file under `SITE` (a built output folder) into memory — paths and bytes — and
//! then times only writing the same bytes to the same relative paths under `FRESH`, a folder
//! that must not exist yet, creating folders as needed, with two threads (`--threads`) that
//! split the file list. Prints the wall time in milliseconds on stdout, and the files and bytes
//! on stderr. A build that writes the same files cannot be faster than this; `scripts/bench.sh`
//! reports build time as a multiple of it.
//!
//! With `--with-hash-and-guard` each thread also does, to each file before writing it, the two
//! things a build must do to every byte it publishes whatever it renders: the SHA-256 for
//! `manifest.json` and `SHA256SUMS` ([`gongkai::publish::sha256_hex`]) and the output guard's
//! scan for personal data ([`gongkai::privacy::guard_output`]), the library's own functions.
//! That time is a floor for any build that keeps those guarantees, before it has read a single
//! record; `scripts/bench.sh` reports it beside the plain floor.

use std::path::{Path, PathBuf};
use std::time::Instant;

fn main() {
    let mut positional = Vec::new();
    let mut threads = 2usize;
    let mut hash_and_guard = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--with-hash-and-guard" {
            hash_and_guard = true;
        } else if arg == "--threads" {
            threads = args
                .next()
                .and_then(|v| v.parse().ok())
                .filter(|&n| n > 0)
                .unwrap_or_else(|| usage());
        } else {
            positional.push(PathBuf::from(arg));
        }
    }
    let [site, fresh] = positional.as_slice() else {
        usage()
    };
    if fresh.exists() {
        eprintln!(
            "write_floor: {} exists: the floor is measured into a fresh folder",
            fresh.display()
        );
        std::process::exit(2);
    }
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    read_tree(site, Path::new(""), &mut files);
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();

    let start = Instant::now();
    std::fs::create_dir(fresh).unwrap_or_else(|e| die(fresh, e));
    // Interleave the (sorted) list so both threads share every folder's work evenly.
    std::thread::scope(|s| {
        for t in 0..threads {
            let files = &files;
            s.spawn(move || {
                for (relative, contents) in files.iter().skip(t).step_by(threads) {
                    let path = fresh.join(relative);
                    if hash_and_guard {
                        guarantee(relative, contents);
                    }
                    if let Err(e) = std::fs::write(&path, contents) {
                        if e.kind() != std::io::ErrorKind::NotFound {
                            die(&path, e);
                        }
                        let parent = path.parent().unwrap_or(fresh);
                        std::fs::create_dir_all(parent).unwrap_or_else(|e| die(parent, e));
                        std::fs::write(&path, contents).unwrap_or_else(|e| die(&path, e));
                    }
                }
            });
        }
    });
    let elapsed = start.elapsed();
    println!("{:.1}", elapsed.as_secs_f64() * 1000.0);
    let also = if hash_and_guard {
        ", hashed and guarded,"
    } else {
        ""
    };
    eprintln!(
        "write_floor: {} files, {} bytes written{also} into {} in {:.1} ms with {threads} threads",
        files.len(),
        bytes,
        fresh.display(),
        elapsed.as_secs_f64() * 1000.0
    );
}

/// What every build does to each file it publishes: the manifest's SHA-256 and the guard's
/// scan (a finding is ignored: the floor's input is a site that passed the guard already).
fn guarantee(relative: &Path, contents: &[u8]) {
    let name = relative.to_string_lossy();
    std::hint::black_box(gongkai::privacy::guard_output(&name, contents, &[]));
    std::hint::black_box(gongkai::publish::sha256_hex(contents));
}

fn usage() -> ! {
    eprintln!(
        "usage: write_floor SITE FRESH [--threads N] [--with-hash-and-guard]   (FRESH must not exist)"
    );
    std::process::exit(2);
}

fn die(path: &Path, e: std::io::Error) -> ! {
    eprintln!("write_floor: {}: {e}", path.display());
    std::process::exit(3);
}

/// Every regular file below `root/relative`, with its contents.
fn read_tree(root: &Path, relative: &Path, files: &mut Vec<(PathBuf, Vec<u8>)>) {
    let dir = root.join(relative);
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| die(&dir, e));
    for entry in entries {
        let entry = entry.unwrap_or_else(|e| die(&dir, e));
        let kind = entry.file_type().unwrap_or_else(|e| die(&entry.path(), e));
        let path = relative.join(entry.file_name());
        if kind.is_dir() {
            read_tree(root, &path, files);
        } else if kind.is_file() {
            let contents = std::fs::read(root.join(&path)).unwrap_or_else(|e| die(&path, e));
            files.push((path, contents));
        }
    }
}
