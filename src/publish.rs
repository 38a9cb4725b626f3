//! The publish stage: the one place that writes the site. Pages go into a staging folder
//! beside the output, which replaces the output only when every page was written; a failed
//! build leaves the previously published folder exactly as it was. A folder that gongkai did
//! not write is never replaced.

use std::io;
use std::path::{Path, PathBuf};

/// The file that marks a folder as gongkai's output, safe to replace.
pub const MARKER: &str = ".gongkai-output";

const MARKER_TEXT: &str = "This folder is written by gongkai. Each build replaces it whole.\n";

/// Why the output could not be written: the environment refused, not the records.
#[derive(Debug)]
pub struct PublishError(pub String);

/// A staging folder that becomes the output on [`Staging::commit`] and disappears otherwise.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
    committed: bool,
}

impl Staging {
    /// Prepares to replace `output`, refusing a folder that gongkai did not write.
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
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)
                .map_err(|e| PublishError(format!("cannot clear {}: {e}", dir.display())))?;
        }
        std::fs::create_dir(&dir)
            .map_err(|e| PublishError(format!("cannot create {}: {e}", dir.display())))?;
        let staging = Staging {
            dir,
            output: output.to_path_buf(),
            committed: false,
        };
        staging
            .write(MARKER, MARKER_TEXT.as_bytes())
            .map_err(|e| staging.error(MARKER, &e))?;
        Ok(staging)
    }

    /// Writes one file at a path below the site root (`items/A-1/index.html`).
    pub fn write(&self, relative: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.dir.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, bytes)
    }

    /// Describes a failed write.
    pub fn error(&self, relative: &str, e: &io::Error) -> PublishError {
        PublishError(format!(
            "cannot write {}: {e}",
            self.output.join(relative).display()
        ))
    }

    /// Swaps the staging folder in as the output.
    pub fn commit(mut self) -> Result<(), PublishError> {
        let old = self.dir.with_file_name(format!(
            "{}.old",
            self.dir
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
        ));
        let had_output = self.output.exists();
        if had_output {
            std::fs::rename(&self.output, &old).map_err(|e| {
                PublishError(format!(
                    "cannot move the old {} aside: {e}",
                    self.output.display()
                ))
            })?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.output) {
            if had_output {
                let _ = std::fs::rename(&old, &self.output);
            }
            return Err(PublishError(format!(
                "cannot put the new site in {}: {e}",
                self.output.display()
            )));
        }
        self.committed = true;
        if had_output {
            let _ = std::fs::remove_dir_all(&old);
        }
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
    if empty || output.join(MARKER).is_file() {
        Ok(())
    } else {
        Err(PublishError(format!(
            "refusing to replace {}: it was not written by gongkai (it has no {MARKER} file) and is not empty. \
             Choose another --output, or move that folder's contents away yourself",
            output.display()
        )))
    }
}
