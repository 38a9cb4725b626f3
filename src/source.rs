//! Reading one record file as text: UTF-8 checked (clerks often save GBK from Notepad),
//! byte-order mark and CRLF accepted, and Markdown front matter split from the body.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::limits;

/// The text of one record file, normalised to `\n` line endings and without a byte-order mark.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the site root, as diagnostics show it.
    pub path: PathBuf,
    /// The whole text.
    pub text: String,
    /// Whether `text` is the file's bytes exactly: no byte-order mark taken off, no carriage
    /// return changed, nothing rewritten since (a masked body makes a new file). The
    /// manifest's record digests are then computed from memory instead of reading the file
    /// again.
    pub verbatim: bool,
}

impl SourceFile {
    /// Reads `root/relative`, refusing files that are empty, not UTF-8 or contain NUL bytes.
    /// A symbolic link is reported, never followed, and a file over its limit
    /// ([`limits::file_size`]) is refused before it is read.
    pub fn read(root: &Path, relative: &Path) -> Result<SourceFile, Diagnostic> {
        let cannot = |e: std::io::Error| {
            Diagnostic::error(relative, 0, 0, format!("cannot read the file: {e}"))
        };
        let path = root.join(relative);
        let file = open_unless_link(&path).map_err(|e| match e {
            Opening::Link => Diagnostic::error(relative, 0, 0, SYMLINK),
            Opening::Failed(e) => cannot(e),
        })?;
        let size = file.metadata().map_err(cannot)?.len();
        let limit = limits::file_size(relative);
        if size > limit {
            return Err(too_big(relative, size));
        }
        // The file may grow while it is read: never read more than one byte over the limit.
        let mut bytes = Vec::with_capacity(size as usize);
        file.take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(cannot)?;
        SourceFile::from_vec(relative, bytes)
    }

    /// Checks and normalises raw bytes; separated from [`SourceFile::read`] for tests.
    pub fn from_bytes(relative: &Path, bytes: &[u8]) -> Result<SourceFile, Diagnostic> {
        SourceFile::from_vec(relative, bytes.to_vec())
    }

    /// Checks and normalises the bytes of a file, keeping them as its text when they need no
    /// change (UTF-8, no byte-order mark, no carriage return): one buffer per file.
    fn from_vec(relative: &Path, mut bytes: Vec<u8>) -> Result<SourceFile, Diagnostic> {
        if bytes.len() as u64 > limits::file_size(relative) {
            return Err(too_big(relative, bytes.len() as u64));
        }
        // Offsets in messages count from the start of the file, byte-order mark included.
        let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes.drain(..3);
            3
        } else {
            0
        };
        let mut text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                return Err(not_utf8(relative, e.as_bytes(), offset, bom));
            }
        };
        if let Some(offset) = text.find('\0') {
            let (line, column) = line_and_column(&text, offset);
            return Err(Diagnostic::error(
                relative,
                line,
                column,
                format!(
                    "the file contains a NUL byte (byte offset {}); it is not a text file",
                    offset + bom
                ),
            ));
        }
        if text.trim().is_empty() {
            return Err(Diagnostic::error(
                relative,
                1,
                1,
                "the file is empty: fill it in or delete it",
            ));
        }
        // A lone CR (old Mac files, pasted text) is a line break for the YAML parsers and
        // for editors: make it one here too, or every later line number would be off.
        let carriage_returns = text.contains('\r');
        if carriage_returns {
            text = text.replace("\r\n", "\n").replace('\r', "\n");
        }
        let verbatim = bom == 0 && !carriage_returns;
        let file = SourceFile {
            path: relative.to_path_buf(),
            text,
            verbatim,
        };
        file.refuse_controls()?;
        Ok(file)
    }

    /// Refuses control characters in the fields: the whole of a YAML file, the front matter of
    /// a Markdown record. A Markdown body may hold them: the renderer shows them as text.
    fn refuse_controls(&self) -> Result<(), Diagnostic> {
        let markdown = self.path.extension().is_some_and(|e| e == "md");
        let fields = match self.front_matter() {
            Ok(front) if markdown => &self.text[..self.text.len() - front.body.len()],
            _ => &self.text,
        };
        if !may_hold_refused_control(fields) {
            return Ok(());
        }
        let Some((offset, c)) = fields.char_indices().find(|&(_, c)| is_refused_control(c)) else {
            return Ok(());
        };
        let (line, column) = line_and_column(&self.text, offset);
        let what = if c == '\u{FEFF}' {
            "an invisible byte-order mark (U+FEFF) inside the text, probably from two files pasted together".to_string()
        } else {
            format!("the invisible control character U+{:04X}", u32::from(c))
        };
        Err(Diagnostic::error(
            &self.path,
            line,
            column,
            format!("the file contains {what}; fields may hold only text, tabs and line breaks: delete it"),
        )
        .with_source(&self.text))
    }

    /// Splits `---` front matter from the Markdown body.
    pub fn front_matter(&self) -> Result<FrontMatter<'_>, Diagnostic> {
        let mut lines = self.text.split_inclusive('\n');
        let first = lines.next().unwrap_or("");
        if first.trim_end() != "---" {
            return Err(Diagnostic::error(
                &self.path,
                1,
                1,
                "the file must begin with a `---` line, then the fields, then another `---` line before the text",
            )
            .with_source(&self.text));
        }
        let mut offset = first.len();
        for (index, line) in lines.enumerate() {
            if line.trim_end() == "---" {
                return Ok(FrontMatter {
                    yaml: &self.text[first.len()..offset],
                    first_line: 2,
                    body: &self.text[offset + line.len()..],
                    body_first_line: index + 3,
                });
            }
            offset += line.len();
        }
        Err(Diagnostic::error(
            &self.path,
            1,
            1,
            "the fields are not closed: add a `---` line after the last field",
        )
        .with_source(&self.text))
    }
}

/// A Markdown record split in two: the YAML fields and the text.
#[derive(Debug, Clone, Copy)]
pub struct FrontMatter<'a> {
    /// The YAML between the fences.
    pub yaml: &'a str,
    /// The file line on which the YAML starts.
    pub first_line: usize,
    /// The Markdown after the closing fence.
    pub body: &'a str,
    /// The file line on which the body starts.
    pub body_first_line: usize,
}

/// The message for a symbolic link under `content/`.
pub const SYMLINK: &str = "symlinks are not followed: copy the file in instead";

/// Whether a character is refused in a record's fields: the C0 controls other than tab, line feed and
/// carriage return, DEL, the C1 controls, and U+FEFF (a byte-order mark is accepted only as the
/// very first character of a file, where it is removed). They are invisible in an editor, and
/// they either break the YAML parser or end up in the published pages.
pub fn is_refused_control(c: char) -> bool {
    matches!(c, '\0'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{7F}'..='\u{9F}' | '\u{FEFF}')
}

/// Whether `text` may hold a character that [`is_refused_control`] refuses: a byte below
/// space other than tab, line feed and carriage return, DEL, or the first byte of the UTF-8
/// form of a C1 control (`C2 80`–`C2 9F`) or of U+FEFF (`EF BB BF`). A quick look at the bytes
/// that spares most files the character by character search.
fn may_hold_refused_control(text: &str) -> bool {
    text.bytes()
        .any(|b| matches!(b, 0x00..=0x08 | 0x0B | 0x0C | 0x0E..=0x1F | 0x7F | 0xC2 | 0xEF))
}

/// Why a record file could not be opened.
enum Opening {
    /// The path is a symbolic link.
    Link,
    /// Any other reason.
    Failed(std::io::Error),
}

/// Opens a file for reading unless it is a symbolic link. On Unix, one `open` that refuses a
/// link (`O_NOFOLLOW`) rather than a look at the path then an `open`; only when it fails is
/// the path looked at, to tell a link from another failure.
fn open_unless_link(path: &Path) -> Result<std::fs::File, Opening> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        match std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NOFOLLOW)
            .open(path)
        {
            Ok(file) => Ok(file),
            // As before the single `open`: what the look at the path says comes first.
            Err(e) => match std::fs::symlink_metadata(path) {
                Ok(m) if m.is_symlink() => Err(Opening::Link),
                Ok(_) => Err(Opening::Failed(e)),
                Err(e) => Err(Opening::Failed(e)),
            },
        }
    }
    #[cfg(not(unix))]
    {
        let metadata = std::fs::symlink_metadata(path).map_err(Opening::Failed)?;
        if metadata.is_symlink() {
            return Err(Opening::Link);
        }
        std::fs::File::open(path).map_err(Opening::Failed)
    }
}

fn too_big(relative: &Path, size: u64) -> Diagnostic {
    let limit = limits::file_size(relative);
    Diagnostic::error(
        relative,
        0,
        0,
        format!(
            "the file is {size} bytes, more than the limit of {} bytes ({} MiB) for one record: \
             split it, or put scans and photos in content/attachments",
            limit,
            limit / (1024 * 1024)
        ),
    )
}

/// 1-based line and character column of a byte offset.
pub fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn not_utf8(relative: &Path, bytes: &[u8], offset: usize, bom: usize) -> Diagnostic {
    // Everything before the first bad byte is valid UTF-8, so its characters can be counted.
    let valid = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
    let (line, column) = line_and_column(valid, valid.len());
    Diagnostic::error(
        relative,
        line,
        column,
        format!(
            "the file is not UTF-8 text (first bad byte at offset {}); it was probably saved as GBK/ANSI — \
             open it and save it again choosing the UTF-8 encoding",
            offset + bom
        ),
    )
    .with_source(&String::from_utf8_lossy(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(bytes: &[u8]) -> Result<SourceFile, Diagnostic> {
        SourceFile::from_bytes(Path::new("x.md"), bytes)
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        let f = file(b"\xEF\xBB\xBF---\r\nid: a\r\n---\r\nbody\r\n").unwrap();
        let fm = f.front_matter().unwrap();
        assert_eq!(fm.yaml, "id: a\n");
        assert_eq!(fm.body, "body\n");
        assert_eq!(fm.body_first_line, 4);
    }

    #[test]
    fn gbk_is_reported_with_its_byte_offset() {
        // "id: 干部" in GBK.
        let e = file(b"---\nid: \xb8\xc9\xb2\xbf\n").unwrap_err();
        assert_eq!((e.line, e.message.contains("offset 8")), (2, true), "{e:?}");
    }

    #[test]
    fn control_characters_and_inner_bom_are_refused() {
        let e = file(b"---\nid: a\x1b[31m\n---\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 6), "{e:?}");
        assert!(e.message.contains("U+001B"), "{}", e.message);
        let e = file("---\nid: a\u{FEFF}\n---\n".as_bytes()).unwrap_err();
        assert!(e.message.contains("U+FEFF"), "{}", e.message);
        // A body may hold them: it is shown as text.
        assert!(file(b"---\nid: a\n---\nx\x01y\n").is_ok());
        assert!(file(b"---\nid:\ta\r\n").is_ok());
    }

    #[test]
    fn oversized_text_is_refused() {
        let big = vec![b'a'; limits::FILE_SIZE as usize + 1];
        assert!(file(&big).unwrap_err().message.contains("4 MiB"));
    }

    #[test]
    fn missing_fence_and_empty_file() {
        assert!(file(b"id: a\n").unwrap().front_matter().is_err());
        assert!(file(b"---\nid: a\n").unwrap().front_matter().is_err());
        assert!(file(b"  \n").is_err());
    }
}
