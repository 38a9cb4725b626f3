//! Bounds on what one build reads, so that a broken or hostile content folder fails fast with
//! a plain message instead of exhausting memory, hanging or crashing. They are constants, not
//! settings: every real site is far below them.
//!
//! | what | bound | where it is checked |
//! |---|---|---|
//! | one record file | [`FILE_SIZE`] bytes (4 MiB); a frozen bulletin snapshot [`SNAPSHOT_SIZE`] (64 MiB) | [`crate::source::SourceFile::read`], before reading |
//! | record files in one folder (`content/items`, `content/offices`) | [`FILES`] (250,000) | [`crate::load`], counted while walking, before reading any |
//! | nesting of lists and groups in YAML | [`DEPTH`] levels | [`crate::yaml`] |
//! | YAML aliases (`*name`) | expanded by serde_yaml only up to its own repetition limit, then refused | [`crate::yaml`] |
//!
//! Also refused, each with its own message: text that is not UTF-8, NUL bytes, control
//! characters other than tab, line feed and carriage return and a byte-order mark (U+FEFF)
//! anywhere but at the very start, in a record's fields (see
//! [`crate::source::is_refused_control`]; a Markdown body may hold them), YAML tags (`!!binary`, `!foo`), and symbolic links under `content/` (never followed).

/// The largest record file read, in bytes (4 MiB). A rectification item is a few KiB.
pub const FILE_SIZE: u64 = 4 * 1024 * 1024;

/// The largest frozen bulletin snapshot (`content/bulletins/<quarter>.frozen.yaml`), in bytes
/// (64 MiB). gongkai writes it, listing every item counted in each figure of each office: about
/// 6 MB for 100,000 items and 1,000 offices, more than a hand-written record ever needs.
pub const SNAPSHOT_SIZE: u64 = 64 * 1024 * 1024;

/// The size limit of the record file at `relative`: [`SNAPSHOT_SIZE`] for a frozen bulletin
/// snapshot, [`FILE_SIZE`] for anything else.
pub fn file_size(relative: &std::path::Path) -> u64 {
    let snapshot = relative
        .file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| name.ends_with(".frozen.yaml"));
    if snapshot { SNAPSHOT_SIZE } else { FILE_SIZE }
}

/// The most files walked in one record folder; admits 100,000 items with room to spare.
pub const FILES: usize = 250_000;

/// The deepest nesting of YAML lists and groups (a timeline entry is at depth 3).
pub const DEPTH: usize = 32;
