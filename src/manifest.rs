//! The manifest: what a publication contains, verifiably. `manifest.json` lists every output
//! file with its SHA-256 and size, every source record with the SHA-256 of its bytes, the
//! as-of date and the generator; `SHA256SUMS` beside it is what `sha256sum -c` checks. The
//! next build reads it back to say what changed since (本次更新).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::publish::{FileDigest, sha256_hex};
use crate::source::SourceFile;
use crate::view::PublicView;

/// The generator's name and version, as written into the manifest.
pub fn generator() -> String {
    format!("gongkai {}", env!("CARGO_PKG_VERSION"))
}

/// A source record's identity and content hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordDigest {
    /// Path relative to the site root.
    pub path: String,
    /// `site`, `office` or `item`.
    pub kind: String,
    /// The record's id (`site` for site.yaml).
    pub id: String,
    /// Its title or name, for the changes page.
    pub title: String,
    /// SHA-256 of the file's bytes as stored.
    pub sha256: String,
}

/// One output file in the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    /// Path below the site root.
    pub path: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
}

/// `manifest.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// `gongkai <version>`: also the marker that the folder is gongkai's to replace.
    pub generator: String,
    /// The date the publication was computed as of.
    pub as_of: String,
    /// Every output file except the manifest and the checksum list, by path.
    pub files: Vec<FileEntry>,
    /// Every source record, by path.
    pub records: Vec<RecordDigest>,
}

/// Hashes every *published* record file as it is stored (before any normalisation): site.yaml,
/// the offices and items of the public view (withdrawn items included, drafts never — their
/// titles must not leak through the manifest or the changes page).
pub fn record_digests(root: &Path, view: &PublicView) -> Vec<RecordDigest> {
    let records = view.records;
    let site = std::iter::once((
        "site",
        "site".to_string(),
        records.site.title.clone(),
        Stored::Disk(PathBuf::from("content/site.yaml")),
    ));
    let offices = view.offices.iter().map(|o| o.office).map(|o| {
        (
            "office",
            o.id.value.clone(),
            o.name.clone(),
            Stored::Read(&o.file),
        )
    });
    let items = view
        .items
        .iter()
        .chain(&view.withdrawn)
        .map(|i| i.item)
        .map(|i| {
            (
                "item",
                i.id.value.clone(),
                i.title.clone(),
                Stored::Read(&i.file),
            )
        });
    let campaign = crate::campaign::listed(view)
        .into_iter()
        .map(|r| (r.kind, r.id, r.title, Stored::Disk(r.path)));
    let all: Vec<(&str, String, String, Stored)> =
        site.chain(offices).chain(items).chain(campaign).collect();
    let mut digests: Vec<RecordDigest> = all
        .into_par_iter()
        .map(|(kind, id, title, stored)| RecordDigest {
            sha256: stored.sha256(root),
            path: stored.path().to_string_lossy().replace('\\', "/"),
            kind: kind.to_string(),
            id,
            title,
        })
        .collect();
    digests.sort_by(|a, b| a.path.cmp(&b.path));
    digests
}

/// Where a record's stored bytes are found for its digest.
enum Stored<'a> {
    /// A file read by the build: its text is the bytes on disk when it is verbatim.
    Read(&'a SourceFile),
    /// A file known by its path only.
    Disk(PathBuf),
}

impl Stored<'_> {
    fn path(&self) -> &Path {
        match self {
            Stored::Read(file) => &file.path,
            Stored::Disk(path) => path,
        }
    }

    /// The SHA-256 of the file as stored (empty if it cannot be read any more).
    fn sha256(&self, root: &Path) -> String {
        match self {
            Stored::Read(file) if file.verbatim => sha256_hex(file.text.as_bytes()),
            _ => std::fs::read(root.join(self.path()))
                .map(|b| sha256_hex(&b))
                .unwrap_or_default(),
        }
    }
}

impl Manifest {
    /// The manifest of a publication.
    pub fn new(
        as_of: NaiveDate,
        files: &BTreeMap<String, FileDigest>,
        records: Vec<RecordDigest>,
    ) -> Manifest {
        Manifest {
            generator: generator(),
            as_of: as_of.to_string(),
            files: files
                .iter()
                .map(|(path, d)| FileEntry {
                    path: path.clone(),
                    sha256: d.sha256.clone(),
                    size: d.size,
                })
                .collect(),
            records,
        }
    }

    /// Pretty JSON with a final newline.
    pub fn to_json(&self) -> Vec<u8> {
        // About what each entry takes, so that a province's 46 MB are not copied as they grow.
        let guess = 256 * self.files.len() + 512 * self.records.len() + 4096;
        let mut bytes = Vec::with_capacity(guess);
        if serde_json::to_writer_pretty(&mut bytes, self).is_err() {
            // Strings and numbers always serialize.
            bytes.clear();
        }
        bytes.push(b'\n');
        bytes
    }

    /// Reads a manifest written by an earlier build; `None` if absent or not one of ours.
    pub fn read(path: &Path) -> Option<Manifest> {
        let bytes = std::fs::read(path).ok()?;
        serde_json::from_slice::<Manifest>(&bytes)
            .ok()
            .filter(|m| m.generator.starts_with("gongkai"))
    }
}

/// The two files that close a publication whose other files are `files`: the manifest, and
/// `SHA256SUMS`, which lists every file, the manifest included, sorted by path as
/// `sha256sum -c` reads it. The other files' lines are made while the manifest is serialized
/// (46 MB at 100,000 items). The build and the live preview both close with these.
pub fn closing_files(
    as_of: NaiveDate,
    files: &BTreeMap<String, FileDigest>,
    records: Vec<RecordDigest>,
) -> (Vec<u8>, Vec<u8>) {
    use std::ops::Bound::{Excluded, Unbounded};
    let manifest = Manifest::new(as_of, files, records);
    let path = crate::publish::MANIFEST;
    let lines = |range: std::collections::btree_map::Range<'_, String, FileDigest>| {
        checksum_lines(range.map(|(path, d)| (path.as_str(), d.sha256.as_str())))
    };
    let (json, (before, after)) = rayon::join(
        || manifest.to_json(),
        || {
            (
                lines(files.range::<str, _>((Unbounded, Excluded(path)))),
                lines(files.range::<str, _>((Excluded(path), Unbounded))),
            )
        },
    );
    let mut sums = before;
    sums.extend(checksum_lines(std::iter::once((
        path,
        sha256_hex(&json).as_str(),
    ))));
    sums.extend(after);
    (json, sums)
}

/// `<hex>  <path>` lines.
fn checksum_lines<'a>(files: impl Iterator<Item = (&'a str, &'a str)>) -> Vec<u8> {
    let mut out = Vec::new();
    for (path, sha256) in files {
        out.extend_from_slice(sha256.as_bytes());
        out.extend_from_slice(b"  ");
        out.extend_from_slice(path.as_bytes());
        out.push(b'\n');
    }
    out
}
