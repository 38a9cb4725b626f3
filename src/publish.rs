//! The publish stage: the one place that writes the site. Files go into a staging folder
//! beside the output, each hashed as it is written; the staging folder replaces the output
//! only when everything was written, in one atomic exchange on Linux. A build that fails or
//! is killed at any moment leaves the previously published folder complete and unchanged,
//! and a folder that gongkai did not write (it has no gongkai `manifest.json`) is never
//! replaced.

use std::collections::{BTreeMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use sha2::{Digest, Sha256};

/// The manifest's file name; its presence (with gongkai as generator) marks our output.
pub const MANIFEST: &str = "manifest.json";

/// The checksum list beside the manifest, in the format `sha256sum -c` reads.
pub const CHECKSUMS: &str = "SHA256SUMS";

/// Why the output could not be written: the environment refused, not the records.
#[derive(Debug)]
pub struct PublishError(pub String);

/// A generated file that is not a templated page: a feed, a data download, the sitemap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path below the site root (`feeds/all.xml`).
    pub path: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// The SHA-256 and size of a written file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileDigest {
    /// Lower-case hex SHA-256.
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
}

/// Lower-case hex SHA-256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest.iter() {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 15)]));
    }
    out
}

/// Where a build writes its files: a staging folder on disk, or memory for previews.
pub trait Sink: Sync {
    /// Writes one file at a path below the site root and records its digest.
    fn write(&self, relative: &str, bytes: &[u8]) -> Result<(), PublishError>;
    /// Every file written so far, with its digest.
    fn written(&self) -> BTreeMap<String, FileDigest>;
}

/// A site held in memory (`serve`, tests): nothing touches the disk.
#[derive(Debug, Default)]
pub struct Memory {
    files: Mutex<BTreeMap<String, (Vec<u8>, FileDigest)>>,
}

impl Memory {
    /// The files, by path.
    pub fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.files
            .into_inner()
            .map(|f| f.into_iter().map(|(k, (bytes, _))| (k, bytes)).collect())
            .unwrap_or_default()
    }
}

impl Sink for Memory {
    fn write(&self, relative: &str, bytes: &[u8]) -> Result<(), PublishError> {
        let digest = FileDigest {
            sha256: sha256_hex(bytes),
            size: bytes.len() as u64,
        };
        let mut files = self
            .files
            .lock()
            .map_err(|_| PublishError("a writer thread failed".into()))?;
        files.insert(relative.to_string(), (bytes.to_vec(), digest));
        Ok(())
    }

    fn written(&self) -> BTreeMap<String, FileDigest> {
        self.files
            .lock()
            .map(|f| f.iter().map(|(k, (_, d))| (k.clone(), d.clone())).collect())
            .unwrap_or_default()
    }
}

impl Sink for Staging {
    fn write(&self, relative: &str, bytes: &[u8]) -> Result<(), PublishError> {
        Staging::write(self, relative, bytes)
    }

    fn written(&self) -> BTreeMap<String, FileDigest> {
        Staging::written(self)
    }
}

/// Files from this size on are hashed and written side by side.
const BIG_FILE: usize = 1 << 20;

/// A staging folder that becomes the output on [`Staging::commit`] and disappears otherwise.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
    written: Mutex<BTreeMap<String, FileDigest>>,
    /// The folders made so far, so that each is made once (100,000 pages share a few).
    folders: Mutex<HashSet<PathBuf>>,
    committed: bool,
}

impl Staging {
    /// Prepares to replace `output`, refusing a folder that gongkai did not write, and
    /// clearing staging folders that killed builds left behind.
    pub fn begin(output: &Path) -> Result<Staging, PublishError> {
        check_replaceable(output)?;
        let name = output
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        let parent = output
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)
            .map_err(|e| PublishError(format!("cannot create {}: {e}", parent.display())))?;
        remove_abandoned_staging(parent, &name);
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)
                .map_err(|e| PublishError(format!("cannot clear {}: {e}", dir.display())))?;
        }
        std::fs::create_dir(&dir)
            .map_err(|e| PublishError(format!("cannot create {}: {e}", dir.display())))?;
        Ok(Staging {
            dir,
            output: output.to_path_buf(),
            written: Mutex::new(BTreeMap::new()),
            folders: Mutex::new(HashSet::new()),
            committed: false,
        })
    }

    /// Writes one file at a path below the site root (`items/A-1/index.html`) and records
    /// its digest for the manifest.
    pub fn write(&self, relative: &str, bytes: &[u8]) -> Result<(), PublishError> {
        let path = self.dir.join(relative);
        if let Some(parent) = path.parent() {
            self.make_folder(parent)
                .map_err(|e| self.error(relative, &e))?;
        }
        // A big file (the open data's 230 MB of JSON at a province's size) is hashed while
        // it is written.
        let (wrote, sha256) = if bytes.len() >= BIG_FILE {
            rayon::join(|| std::fs::write(&path, bytes), || sha256_hex(bytes))
        } else {
            (std::fs::write(&path, bytes), sha256_hex(bytes))
        };
        wrote.map_err(|e| self.error(relative, &e))?;
        let digest = FileDigest {
            sha256,
            size: bytes.len() as u64,
        };
        if let Ok(mut written) = self.written.lock() {
            written.insert(relative.to_string(), digest);
        }
        Ok(())
    }

    /// Makes a folder and its parents unless this staging folder made it already.
    fn make_folder(&self, folder: &Path) -> io::Result<()> {
        let made = |f: &Path| self.folders.lock().is_ok_and(|set| set.contains(f));
        if made(folder) {
            return Ok(());
        }
        std::fs::create_dir_all(folder)?;
        if let Ok(mut set) = self.folders.lock() {
            set.insert(folder.to_path_buf());
        }
        Ok(())
    }

    /// Every file written so far, by path.
    pub fn written(&self) -> BTreeMap<String, FileDigest> {
        self.written.lock().map(|w| w.clone()).unwrap_or_default()
    }

    fn error(&self, relative: &str, e: &io::Error) -> PublishError {
        PublishError(format!(
            "cannot write {}: {e}",
            self.output.join(relative).display()
        ))
    }

    /// Swaps the staging folder in as the output.
    pub fn commit(mut self) -> Result<(), PublishError> {
        if self.output.exists() {
            exchange(&self.dir, &self.output).map_err(|e| {
                PublishError(format!(
                    "cannot put the new site in {}: {e}",
                    self.output.display()
                ))
            })?;
            // The staging path now holds the previous site.
            let _ = std::fs::remove_dir_all(&self.dir);
        } else {
            std::fs::rename(&self.dir, &self.output).map_err(|e| {
                PublishError(format!(
                    "cannot put the new site in {}: {e}",
                    self.output.display()
                ))
            })?;
        }
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Atomically exchanges two folders (Linux `renameat2(RENAME_EXCHANGE)`), so that at every
/// instant the output path holds a complete site.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let to_c = |p: &Path| CString::new(p.as_os_str().as_bytes()).map_err(io::Error::other);
    let (ca, cb) = (to_c(a)?, to_c(b)?);
    // SAFETY: both pointers are valid NUL-terminated strings that outlive the call.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        fallback_exchange(a, b, io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    fallback_exchange(a, b, io::Error::other("no atomic exchange on this system"))
}

/// Two renames, for file systems without an atomic exchange: the output path is missing for
/// an instant, but never holds a half-written site.
fn fallback_exchange(staging: &Path, output: &Path, why: io::Error) -> io::Result<()> {
    if why.raw_os_error() != Some(libc::EINVAL)
        && why.raw_os_error() != Some(libc::ENOSYS)
        && cfg!(target_os = "linux")
    {
        return Err(why);
    }
    let aside = staging.with_extension("previous");
    std::fs::rename(output, &aside)?;
    if let Err(e) = std::fs::rename(staging, output) {
        let _ = std::fs::rename(&aside, output);
        return Err(e);
    }
    std::fs::rename(&aside, staging)
}

/// Removes `.<name>.staging-<pid>` folders whose build process is gone (killed builds).
fn remove_abandoned_staging(parent: &Path, name: &str) {
    let prefix = format!(".{name}.staging-");
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file_name.strip_prefix(&prefix) else {
            continue;
        };
        let pid = rest.split('.').next().unwrap_or("");
        let alive = pid
            .parse::<u32>()
            .is_ok_and(|p| p == std::process::id() || Path::new(&format!("/proc/{p}")).exists());
        if !alive && cfg!(target_os = "linux") {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Whether a folder holds a manifest written by gongkai.
pub fn is_gongkai_output(dir: &Path) -> bool {
    std::fs::read(dir.join(MANIFEST))
        .ok()
        .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
        .and_then(|v| {
            v.get("generator")
                .and_then(|g| g.as_str())
                .map(|g| g.starts_with("gongkai"))
        })
        .unwrap_or(false)
}

fn check_replaceable(output: &Path) -> Result<(), PublishError> {
    if !output.exists() {
        return Ok(());
    }
    if !output.is_dir() {
        return Err(PublishError(format!(
            "{} exists and is not a folder; choose another --output",
            output.display()
        )));
    }
    let empty = std::fs::read_dir(output)
        .map_err(|e| PublishError(format!("cannot read {}: {e}", output.display())))?
        .next()
        .is_none();
    if empty || is_gongkai_output(output) {
        Ok(())
    } else {
        Err(PublishError(format!(
            "refusing to replace {}: it is not empty and was not written by gongkai (it has no gongkai {MANIFEST}). \
             Choose another --output, or move that folder's contents away yourself",
            output.display()
        )))
    }
}

/// Writes one file so that a reader sees the old bytes or the new ones, never a half-written
/// file: the bytes go to a hidden temporary file beside it, which is then renamed over it.
/// Folders are created as needed. For the commands that write single files (`import`,
/// `export`, `bulletin`) rather than a whole site.
pub fn write_file_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.gongkai-tmp"));
    std::fs::write(&temp, bytes)?;
    std::fs::rename(&temp, path)
}
