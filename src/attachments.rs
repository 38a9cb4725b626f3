//! Attachments: the scans, photos and PDFs that back a timeline entry (`evidence:
//! attachments/2026/0828-会议纪要.pdf`). They are published only from `content/attachments/`,
//! only when a *published* item refers to them (a draft's or a withdrawn item's scan never
//! leaves the office), only as PDF, JPEG or PNG (by extension *and* by their first bytes), only
//! under [`MAX_BYTES`], and JPEG and PNG files lose their metadata on the way out (EXIF GPS
//! position, camera serial, author, XMP, IPTC, comments, text chunks). PDFs are copied as they
//! are: their metadata is the author's responsibility.
//!
//! No program can tell that a scan shows an ID card, so every published attachment that nobody
//! marked in `content/attachments/reviewed.yaml` is listed as a warning.
//!
//! A path is never followed outside `content/attachments`: every component is checked not to
//! be a symbolic link, the canonical path must lie below the folder's, and the file is opened
//! without following links.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read as _;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::model::Item;
use crate::publish::OutputFile;
use crate::source::SourceFile;
use crate::view::PublicView;
use crate::yaml::YamlDoc;

/// The largest attachment published, in bytes (20 MiB). A bigger file is an error: scan it
/// at a lower resolution or split it.
pub const MAX_BYTES: u64 = 20 * 1024 * 1024;

/// The folder attachments are published from, relative to the site root.
pub const FOLDER: &str = "content/attachments";

/// The review marks, relative to the site root.
pub const REVIEWED: &str = "content/attachments/reviewed.yaml";

/// How an evidence string that names an attachment begins; the published copy keeps the path.
pub const PREFIX: &str = "attachments/";

/// The message of the warning for a published attachment that nobody marked as reviewed.
pub const NOT_REVIEWED: &str = "attachment not marked as reviewed: a text scan cannot read a scanned ID card — have someone look at it and add it to content/attachments/reviewed.yaml";

/// The fields of one review mark in `reviewed.yaml`.
pub const MARK_FIELDS: &[&str] = &["file", "reviewed_by", "reviewed_on"];

/// Whether an evidence string names an attachment (rather than a web address or plain text).
pub fn is_attachment(evidence: &str) -> bool {
    evidence.starts_with(PREFIX)
}

/// The file name of an attachment path, shown as the link's text.
pub fn file_name(evidence: &str) -> &str {
    evidence.rsplit('/').next().unwrap_or(evidence)
}

/// The attachments a publication carries, and what was found on the way.
#[derive(Debug, Default)]
pub struct Collected {
    /// The cleaned files, at `attachments/<path>`, sorted by path.
    pub files: Vec<OutputFile>,
    /// Errors (missing, refused or broken files, bad review marks) and warnings (unreviewed
    /// attachments, marks for files that do not exist).
    pub problems: Vec<Diagnostic>,
}

/// The types an attachment may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A PDF document, copied as it is.
    Pdf,
    /// A JPEG image, published without its metadata segments.
    Jpeg,
    /// A PNG image, published without its text, EXIF and time chunks.
    Png,
}

impl Kind {
    /// The type an allowed file extension stands for.
    pub fn from_extension(name: &str) -> Option<Kind> {
        let extension = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match extension.as_str() {
            "pdf" => Some(Kind::Pdf),
            "jpg" | "jpeg" => Some(Kind::Jpeg),
            "png" => Some(Kind::Png),
            _ => None,
        }
    }

    fn magic(self) -> &'static [u8] {
        match self {
            Kind::Pdf => b"%PDF-",
            Kind::Jpeg => b"\xFF\xD8\xFF",
            Kind::Png => b"\x89PNG\r\n\x1A\n",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Pdf => "a PDF document",
            Kind::Jpeg => "a JPEG image",
            Kind::Png => "a PNG image",
        }
    }
}

/// Checks an attachment's type by its name and its first bytes, and returns the bytes to
/// publish: JPEG and PNG without metadata, PDF unchanged. `Err` says what is wrong in plain words.
pub fn clean(name: &str, bytes: &[u8]) -> Result<Vec<u8>, String> {
    let Some(kind) = Kind::from_extension(name) else {
        let extension = name.rsplit_once('.').map_or_else(
            || "files without an extension".to_string(),
            |(_, e)| format!(".{e} files"),
        );
        return Err(format!(
            "{extension} cannot be published as attachments: only PDF, JPEG and PNG files (.pdf, .jpg, .jpeg, .png) can; convert it to PDF first"
        ));
    };
    if !bytes.starts_with(kind.magic()) {
        return Err(format!(
            "the file is named like {} but is not one ({}); convert it or correct its name",
            kind.name(),
            looks_like(bytes)
        ));
    }
    match kind {
        Kind::Pdf => Ok(bytes.to_vec()),
        Kind::Jpeg => strip_jpeg(bytes),
        Kind::Png => strip_png(bytes),
    }
}

/// A guess at what some bytes are, for a message.
fn looks_like(bytes: &[u8]) -> &'static str {
    let start: Vec<u8> = bytes
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take(16)
        .map(u8::to_ascii_lowercase)
        .collect();
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    if start.starts_with(b"<") || bytes.starts_with(b"\xEF\xBB\xBF<") {
        "it looks like HTML, XML or SVG"
    } else if starts(b"MZ") || starts(b"\x7FELF") {
        "it looks like a program"
    } else if starts(b"PK\x03\x04") {
        "it looks like a ZIP archive, e.g. a .docx or .xlsx file"
    } else if starts(b"\xD0\xCF\x11\xE0") {
        "it looks like an old Word or Excel file"
    } else if starts(b"%PDF-") {
        "it is a PDF document"
    } else if starts(b"\xFF\xD8\xFF") {
        "it is a JPEG image"
    } else if starts(b"\x89PNG") {
        "it is a PNG image"
    } else if starts(b"GIF8") {
        "it is a GIF image"
    } else if starts(b"RIFF") {
        "it looks like a WebP image or a sound or video file"
    } else {
        "its first bytes are not those of any allowed type"
    }
}

/// JPEG without metadata: keeps SOI, the JFIF APP0, the tables, the frame header and every
/// scan byte for byte; drops APP1 (EXIF, XMP), APP2 (ICC), APP13 (IPTC, Photoshop), APP14
/// (Adobe) and every other APPn, a JFXX thumbnail APP0, comments (COM) and anything after EOI.
pub fn strip_jpeg(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let broken = |what: &str, at: usize| {
        Err(format!(
            "the JPEG image is damaged ({what} at byte {at}); open it and save it again"
        ))
    };
    if !bytes.starts_with(b"\xFF\xD8") {
        return broken("no start-of-image marker", 0);
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(b"\xFF\xD8");
    let mut i = 2;
    loop {
        if i >= bytes.len() {
            return broken("it ends before its end-of-image marker", i);
        }
        if bytes[i] != 0xFF {
            return broken("a marker was expected", i);
        }
        // Fill bytes (0xFF) may precede a marker.
        while i < bytes.len() && bytes[i] == 0xFF {
            i += 1;
        }
        let Some(&marker) = bytes.get(i) else {
            return broken("it ends before its end-of-image marker", i);
        };
        i += 1;
        match marker {
            0xD9 => {
                out.extend_from_slice(b"\xFF\xD9");
                return Ok(out);
            }
            0x01 | 0xD0..=0xD7 => out.extend_from_slice(&[0xFF, marker]),
            0x00 | 0xD8 => return broken("an unexpected marker", i - 2),
            _ => {
                let Some(length) = bytes
                    .get(i..i + 2)
                    .map(|l| usize::from(u16::from_be_bytes([l[0], l[1]])))
                else {
                    return broken("a segment is cut off", i);
                };
                if length < 2 || i + length > bytes.len() {
                    return broken("a segment is cut off", i);
                }
                let body = &bytes[i + 2..i + length];
                let keep = match marker {
                    0xE0 => body.starts_with(b"JFIF\0"),
                    0xE1..=0xEF | 0xFE => false,
                    _ => true,
                };
                if keep {
                    out.extend_from_slice(&[0xFF, marker]);
                    out.extend_from_slice(&bytes[i..i + length]);
                }
                i += length;
                if marker == 0xDA {
                    // Entropy-coded data runs to the next marker that is not a stuffed 0xFF00
                    // or a restart marker; it is copied as it is.
                    let start = i;
                    while i < bytes.len() {
                        if bytes[i] == 0xFF {
                            match bytes.get(i + 1) {
                                Some(0x00 | 0xD0..=0xD7) => i += 2,
                                _ => break,
                            }
                        } else {
                            i += 1;
                        }
                    }
                    out.extend_from_slice(&bytes[start..i.min(bytes.len())]);
                }
            }
        }
    }
}

/// The PNG chunks that carry text, EXIF or a time stamp, dropped on the way out.
const PNG_DROPPED: [&[u8; 4]; 5] = [b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"tIME"];

/// PNG without metadata: drops the tEXt, zTXt, iTXt, eXIf and tIME chunks and anything after
/// IEND; every other chunk is kept byte for byte. A chunk whose CRC is wrong makes it an error.
pub fn strip_png(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let broken = |what: &str, at: usize| {
        Err(format!(
            "the PNG image is damaged ({what} at byte {at}); open it and save it again"
        ))
    };
    let signature = Kind::Png.magic();
    if !bytes.starts_with(signature) {
        return broken("no PNG signature", 0);
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(signature);
    let mut i = signature.len();
    loop {
        let Some(header) = bytes.get(i..i + 8) else {
            return broken("it ends before its IEND chunk", i);
        };
        let length = u32::from_be_bytes([header[0], header[1], header[2], header[3]]) as usize;
        let kind: [u8; 4] = [header[4], header[5], header[6], header[7]];
        let end = i
            .checked_add(12)
            .and_then(|n| n.checked_add(length))
            .filter(|&end| end <= bytes.len());
        let Some(end) = end else {
            return broken("a chunk is cut off", i);
        };
        let stored = u32::from_be_bytes([
            bytes[end - 4],
            bytes[end - 3],
            bytes[end - 2],
            bytes[end - 1],
        ]);
        if crc32(&bytes[i + 4..end - 4]) != stored {
            return broken("a chunk's checksum is wrong", i);
        }
        if !PNG_DROPPED.contains(&&kind) {
            out.extend_from_slice(&bytes[i..end]);
        }
        i = end;
        if &kind == b"IEND" {
            return Ok(out);
        }
    }
}

const CRC_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut n = 0;
    while n < 256 {
        let mut c = n as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        table[n] = c;
        n += 1;
    }
    table
};

/// The CRC-32 that PNG chunks carry (ISO 3309, as in zlib).
pub fn crc32(bytes: &[u8]) -> u32 {
    !bytes.iter().fold(!0u32, |c, &b| {
        CRC_TABLE[((c ^ u32::from(b)) & 0xFF) as usize] ^ (c >> 8)
    })
}

/// Collects the attachments that the published items of `view` refer to (entries up to the
/// as-of date), cleaned, with every problem; and lists the unreviewed ones as warnings.
pub fn collect(root: &Path, view: &PublicView) -> Collected {
    collect_with_limit(root, view, MAX_BYTES)
}

/// [`collect`] with another size limit (for tests).
pub fn collect_with_limit(root: &Path, view: &PublicView, limit: u64) -> Collected {
    // Each attachment once, with the first record that names it.
    let mut referenced: BTreeMap<&str, Reference> = BTreeMap::new();
    for public in &view.items {
        for entry in public.entries(view.as_of) {
            for evidence in entry.evidence.iter().filter(|e| is_attachment(e)) {
                referenced
                    .entry(&evidence[PREFIX.len()..])
                    .or_insert(Reference::Evidence(public.item, evidence));
            }
        }
    }
    for document in campaign_documents(view).filter(|d| is_attachment(&d.1.value)) {
        referenced
            .entry(&document.1.value[PREFIX.len()..])
            .or_insert(Reference::Document(document.0, document.1));
    }
    let results: Vec<Result<OutputFile, Diagnostic>> = referenced
        .par_iter()
        .map(|(&relative, reference)| {
            read_cleaned(root, relative, limit)
                .map(|bytes| OutputFile {
                    path: format!("{PREFIX}{relative}"),
                    bytes,
                })
                .map_err(|why| reference.problem(&why))
        })
        .collect();
    let mut collected = Collected::default();
    for result in results {
        match result {
            Ok(file) => collected.files.push(file),
            Err(d) => collected.problems.push(d),
        }
    }
    let reviewed = read_marks(root, &mut collected.problems);
    for file in &collected.files {
        let relative = &file.path[PREFIX.len()..];
        if !reviewed.contains(relative) {
            collected.problems.push(Diagnostic::warning(
                &Path::new(FOLDER).join(relative),
                0,
                0,
                NOT_REVIEWED,
            ));
        }
    }
    collected
}

/// A diagnostic at the evidence string in the item's fields, or at the file if it is not found.
/// The record that names an attachment: an item's evidence, or the document of a nine-systems
/// entry or an implementation plan.
enum Reference<'r> {
    Evidence(&'r Item, &'r str),
    Document(&'r SourceFile, &'r crate::yaml::Located<String>),
}

impl Reference<'_> {
    /// A problem with the attachment, reported where the record names it.
    fn problem(&self, why: &str) -> Diagnostic {
        match self {
            Reference::Evidence(item, evidence) => {
                at_evidence(item, evidence, &format!("attachment `{evidence}`: {why}"))
            }
            Reference::Document(file, document) => crate::validate::error(
                file,
                document.at,
                format!("attachment `{}`: {why}", document.value),
            ),
        }
    }
}

/// The documents the campaign's records publish on the as-of date: the nine systems' entries
/// not dated after it (as the systems pages show them), and the plans submitted by then.
fn campaign_documents<'v>(
    view: &'v PublicView,
) -> impl Iterator<Item = (&'v SourceFile, &'v crate::yaml::Located<String>)> {
    let campaign = &view.campaign;
    let as_of = view.as_of;
    let systems = campaign.systems.iter().flat_map(move |record| {
        record
            .systems
            .iter()
            .filter(move |e| e.date.is_none_or(|d| d <= as_of))
            .filter_map(move |e| Some((record.file.as_ref(), e.document.as_ref()?)))
    });
    let plans = campaign
        .plans
        .iter()
        .filter(move |p| p.submitted <= as_of)
        .filter_map(|p| Some((p.file.as_ref(), p.document.as_ref()?)));
    systems.chain(plans)
}

fn at_evidence(item: &Item, evidence: &str, message: &str) -> Diagnostic {
    let text = &item.file.text;
    let fields = text.get(..item.body.start).unwrap_or(text);
    match fields.find(evidence) {
        Some(offset) => {
            let width = evidence.chars().count();
            let at = crate::yaml::pos_at(text, offset, width);
            Diagnostic::error(&item.file.path, at.line, at.column, message)
                .with_width(width)
                .with_source(text)
        }
        None => Diagnostic::error(&item.file.path, 0, 0, message),
    }
}

/// Characters that would break the link to an attachment or make it ambiguous.
fn bad_character(relative: &str) -> Option<char> {
    relative.chars().find(|c| {
        c.is_whitespace()
            || c.is_control()
            || matches!(
                c,
                '#' | '?' | '%' | '"' | '\'' | '<' | '>' | '\\' | '`' | '&'
            )
    })
}

/// Reads `content/attachments/<relative>` without ever leaving that folder, checks its size
/// and type, and returns the bytes to publish.
fn read_cleaned(root: &Path, relative: &str, limit: u64) -> Result<Vec<u8>, String> {
    if let Some(c) = bad_character(relative) {
        return Err(format!(
            "the name contains {c:?}, which breaks links: rename the file without spaces or any of # ? % \" ' < > \\ ` &"
        ));
    }
    let bytes = read_inside(root, relative, limit)?;
    clean(file_name(relative), &bytes)
}

fn size_error(size: u64, limit: u64) -> String {
    format!(
        "the file is {} bytes, more than the limit of {limit} bytes ({} MiB): scan it at a lower resolution or split it",
        size,
        limit / (1024 * 1024)
    )
}

/// Whether a path is relative, normalized and names no special component: `2026/a.pdf`, not
/// `../a.pdf`, `/a.pdf`, `2026/./a.pdf` or `2026//a.pdf`.
fn is_plain(relative: &str) -> bool {
    relative
        .split('/')
        .all(|part| !part.is_empty() && part != "." && part != "..")
        && Path::new(relative)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// Reads a file below `content/attachments`, refusing anything that is not a plain path,
/// a symbolic link anywhere on the way, a file outside the folder, or one over the limit.
fn read_inside(root: &Path, relative: &str, limit: u64) -> Result<Vec<u8>, String> {
    if !is_plain(relative) {
        return Err(format!(
            "`{relative}` is not a plain path below {FOLDER}: attachments are never read from anywhere else"
        ));
    }
    let base = root.join(FOLDER);
    let mut path: PathBuf = base.clone();
    let check = |path: &Path| -> Result<std::fs::Metadata, String> {
        let shown = path
            .strip_prefix(root)
            .unwrap_or(path)
            .display()
            .to_string();
        let meta = std::fs::symlink_metadata(path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                format!(
                    "there is no file {FOLDER}/{relative}: put the file there or correct the path"
                )
            } else {
                format!("cannot read {shown}: {e}")
            }
        })?;
        if meta.file_type().is_symlink() {
            return Err(format!(
                "{shown} is a symbolic link: attachments must be real files inside {FOLDER}, copy the file there instead"
            ));
        }
        Ok(meta)
    };
    let mut meta = check(&path)?;
    for component in Path::new(relative).components() {
        path.push(component);
        meta = check(&path)?;
    }
    if !meta.is_file() {
        return Err(format!("{FOLDER}/{relative} is not a file"));
    }
    let inside = match (base.canonicalize(), path.canonicalize()) {
        (Ok(base), Ok(file)) => file.starts_with(base),
        _ => false,
    };
    if !inside {
        return Err(format!("{FOLDER}/{relative} is not inside {FOLDER}"));
    }
    if meta.len() > limit {
        return Err(size_error(meta.len(), limit));
    }
    let file =
        open_no_follow(&path).map_err(|e| format!("cannot read {FOLDER}/{relative}: {e}"))?;
    let opened = file
        .metadata()
        .map_err(|e| format!("cannot read {FOLDER}/{relative}: {e}"))?;
    if !opened.is_file() {
        return Err(format!("{FOLDER}/{relative} is not a file"));
    }
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {FOLDER}/{relative}: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(size_error(bytes.len() as u64, limit));
    }
    Ok(bytes)
}

#[cfg(unix)]
fn open_no_follow(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt as _;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_no_follow(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// Reads `reviewed.yaml` (a list of `- file:` / `reviewed_by:` / `reviewed_on:` marks) and
/// returns the files marked, relative to `content/attachments`. Malformed marks are errors; a
/// mark for a file that does not exist is a warning.
fn read_marks(root: &Path, problems: &mut Vec<Diagnostic>) -> BTreeSet<String> {
    let mut marked = BTreeSet::new();
    let relative = Path::new(REVIEWED);
    let path = root.join(relative);
    match std::fs::symlink_metadata(&path) {
        Err(_) => return marked,
        Ok(meta) if meta.file_type().is_symlink() || !meta.is_file() => {
            problems.push(Diagnostic::error(
                relative,
                0,
                0,
                "reviewed.yaml must be a plain file, not a symbolic link or a folder",
            ));
            return marked;
        }
        Ok(_) => {}
    }
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) => {
            problems.push(Diagnostic::error(
                relative,
                0,
                0,
                format!("cannot read the file: {e}"),
            ));
            return marked;
        }
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return marked;
    }
    let file = match SourceFile::from_bytes(relative, &bytes) {
        Ok(file) => file,
        Err(d) => {
            problems.push(d);
            return marked;
        }
    };
    // The first line that is not blank or a comment must begin the list.
    let first = file.text.lines().enumerate().find(|(_, l)| {
        let l = l.trim_start();
        !l.is_empty() && !l.starts_with('#') && l != "---"
    });
    if let Some((n, line)) = first.filter(|(_, l)| {
        let l = l.trim_start();
        !(l.starts_with("- ") || l == "-" || l.starts_with('['))
    }) {
        problems.push(
            Diagnostic::error(
                relative,
                n + 1,
                1,
                "reviewed.yaml is a list of marks, each beginning with `- file: `, e.g.\n- file: 2026/0828-会议纪要.pdf\n  reviewed_by: 办公室（保密审查）\n  reviewed_on: 2026-08-29",
            )
            .with_width(line.chars().count())
            .with_source(&file.text),
        );
        return marked;
    }
    // The list becomes the value of one key, so the reader's field accessors (and their
    // positions) apply; the added first line is line 0, so every line number stays right.
    let body: String = file
        .text
        .lines()
        .map(|l| if l.trim_end() == "---" { "" } else { l })
        .collect::<Vec<_>>()
        .join("\n");
    let yaml = format!("reviewed:\n{body}\n");
    let doc = match YamlDoc::parse(&file, &yaml, 0) {
        Ok(doc) => doc,
        Err(d) => {
            problems.push(d);
            return marked;
        }
    };
    if let Some(fields) = doc.fields("reviewed.yaml") {
        for mark in fields.groups("reviewed", "a review mark") {
            mark.reject_unknown(MARK_FIELDS);
            let name = mark.located_text("file");
            let by = mark.text("reviewed_by");
            let on = mark.date("reviewed_on");
            let (Some(name), Some(_), Some(_)) = (name, by, on) else {
                continue;
            };
            let exists = read_inside_exists(root, &name.value);
            if !exists {
                let hint = if is_attachment(&name.value) {
                    format!(
                        "; write it relative to {FOLDER}, without `{PREFIX}`: `{}`",
                        &name.value[PREFIX.len()..]
                    )
                } else {
                    String::new()
                };
                doc.warn_at(
                    name.at,
                    format!(
                        "there is no file {FOLDER}/{}: this mark applies to nothing{hint}",
                        name.value
                    ),
                );
            }
            marked.insert(name.value);
        }
    }
    problems.extend(doc.into_problems());
    marked
}

/// Whether a mark names a real file below `content/attachments` (no link followed).
fn read_inside_exists(root: &Path, relative: &str) -> bool {
    is_plain(relative)
        && std::fs::symlink_metadata(root.join(FOLDER).join(relative)).is_ok_and(|m| m.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(marker: u8, body: &[u8]) -> Vec<u8> {
        let mut s = vec![0xFF, marker];
        s.extend_from_slice(&((body.len() + 2) as u16).to_be_bytes());
        s.extend_from_slice(body);
        s
    }

    fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut c = (data.len() as u32).to_be_bytes().to_vec();
        c.extend_from_slice(kind);
        c.extend_from_slice(data);
        let crc = crc32(&c[4..]);
        c.extend_from_slice(&crc.to_be_bytes());
        c
    }

    #[test]
    fn crc_matches_the_png_specification() {
        // The IEND chunk's CRC is well known.
        assert_eq!(crc32(b"IEND"), 0xAE42_6082);
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn jpeg_keeps_jfif_tables_and_scan_and_drops_the_rest() {
        let jfif = segment(0xE0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
        let dqt = segment(0xDB, &[0; 65]);
        let sos = segment(0xDA, b"\x01\x01\x00\x00\x3F\x00");
        let scan = b"\x12\xFF\x00\x34\xFF\xD0\x56";
        let mut jpeg = b"\xFF\xD8".to_vec();
        jpeg.extend(&jfif);
        jpeg.extend(segment(0xE0, b"JFXX\0\x10thumbnail"));
        jpeg.extend(segment(0xE1, b"Exif\0\0secret-serial"));
        jpeg.extend(segment(0xE2, b"ICC_PROFILE\0"));
        jpeg.extend(segment(0xED, b"Photoshop 3.0\0"));
        jpeg.extend(segment(0xFE, b"a comment"));
        jpeg.extend(&dqt);
        jpeg.extend(&sos);
        jpeg.extend(scan);
        jpeg.extend(b"\xFF\xD9trailing secret");
        let out = strip_jpeg(&jpeg).unwrap();
        let mut expected = b"\xFF\xD8".to_vec();
        expected.extend(&jfif);
        expected.extend(&dqt);
        expected.extend(&sos);
        expected.extend(scan);
        expected.extend(b"\xFF\xD9");
        assert_eq!(out, expected);
    }

    #[test]
    fn metadata_between_progressive_scans_is_dropped_too() {
        let sos = segment(0xDA, b"\x01\x01\x00\x00\x3F\x00");
        let mut jpeg = b"\xFF\xD8".to_vec();
        jpeg.extend(&sos);
        jpeg.extend(b"\x01\x02");
        jpeg.extend(segment(0xFE, b"hidden"));
        jpeg.extend(&sos);
        jpeg.extend(b"\x03\xFF\xD9");
        let out = strip_jpeg(&jpeg).unwrap();
        assert!(!out.windows(6).any(|w| w == b"hidden"));
        assert!(out.ends_with(b"\x03\xFF\xD9"));
    }

    #[test]
    fn damaged_jpegs_are_refused() {
        assert!(strip_jpeg(b"\xFF\xD8\xFF\xE1\x00\x40abc").is_err());
        assert!(strip_jpeg(b"\xFF\xD8").is_err());
        assert!(strip_jpeg(b"\xFF\xD8\x00").is_err());
    }

    #[test]
    fn png_drops_text_exif_and_time_and_checks_crcs() {
        let ihdr = chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
        let idat = chunk(b"IDAT", b"\x78\x9c\x63\x60\x00\x00\x00\x02\x00\x01");
        let iend = chunk(b"IEND", b"");
        let mut png = Kind::Png.magic().to_vec();
        png.extend(&ihdr);
        png.extend(chunk(b"tEXt", b"Author\0Secret"));
        png.extend(chunk(b"tIME", &[7, 234, 8, 28, 9, 0, 0]));
        png.extend(&idat);
        png.extend(&iend);
        png.extend(b"appended");
        let out = strip_png(&png).unwrap();
        let mut expected = Kind::Png.magic().to_vec();
        expected.extend(&ihdr);
        expected.extend(&idat);
        expected.extend(&iend);
        assert_eq!(out, expected);
        let last = png.len() - b"appended".len() - 13;
        png[last] ^= 1; // damage the IEND CRC
        assert!(strip_png(&png).unwrap_err().contains("checksum"));
    }

    #[test]
    fn types_are_checked_by_name_and_by_content() {
        assert!(clean("a.pdf", b"%PDF-1.4\n%%EOF").is_ok());
        assert!(clean("a.PDF", b"%PDF-1.4\n%%EOF").is_ok());
        let html = clean("a.jpg", b"<!DOCTYPE html><html>").unwrap_err();
        assert!(html.contains("HTML"), "{html}");
        let svg = clean("a.svg", b"<svg/>").unwrap_err();
        assert!(svg.contains(".svg files cannot be published"), "{svg}");
        assert!(clean("a.exe", b"MZ").is_err());
        assert!(clean("README", b"%PDF-").is_err());
        assert!(
            clean("a.png", b"%PDF-1.4")
                .unwrap_err()
                .contains("it is a PDF")
        );
    }

    #[test]
    fn size_limit_is_enforced_when_reading() {
        let dir = tempfile::TempDir::new().unwrap();
        let folder = dir.path().join(FOLDER);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("a.pdf"), b"%PDF-1.4 0123456789").unwrap();
        assert!(read_cleaned(dir.path(), "a.pdf", 100).is_ok());
        let err = read_cleaned(dir.path(), "a.pdf", 10).unwrap_err();
        assert!(err.contains("more than the limit of 10 bytes"), "{err}");
    }

    #[test]
    fn paths_never_leave_the_folder() {
        let dir = tempfile::TempDir::new().unwrap();
        std::fs::create_dir_all(dir.path().join(FOLDER)).unwrap();
        std::fs::write(dir.path().join("secret.pdf"), b"%PDF-1.4").unwrap();
        for bad in ["../../secret.pdf", "/etc/passwd", "a/./b.pdf", ""] {
            assert!(read_cleaned(dir.path(), bad, MAX_BYTES).is_err(), "{bad}");
        }
        let err = read_cleaned(dir.path(), "a b.pdf", MAX_BYTES).unwrap_err();
        assert!(err.contains("breaks links"), "{err}");
    }

    #[test]
    fn file_name_is_the_last_component() {
        assert_eq!(
            file_name("attachments/2026/0828-会议纪要.pdf"),
            "0828-会议纪要.pdf"
        );
        assert!(is_attachment("attachments/x.pdf"));
        assert!(!is_attachment("https://e.cn/attachments/x.pdf"));
    }
}
