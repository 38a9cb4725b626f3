//! The theme: templates and static files. The default theme is embedded in the binary so a
//! new site needs no theme folder; a site's `themes/<name>/templates/X.html` and
//! `themes/<name>/static/Y` override the embedded files of the same name, one by one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use walkdir::WalkDir;

use crate::diagnostics::Diagnostic;

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Where a theme file came from, for error messages.
#[derive(Debug, Clone)]
pub enum Origin {
    /// Embedded in the binary.
    Embedded,
    /// The site's own file (path relative to the site root).
    Site(PathBuf),
}

/// One theme file.
#[derive(Debug, Clone)]
pub struct ThemeFile {
    /// Its contents.
    pub bytes: Vec<u8>,
    /// Where it came from.
    pub origin: Origin,
}

/// The resolved theme: each name maps to the one file that wins.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Templates by name (`home.html`, `partials/x.html`).
    pub templates: BTreeMap<String, ThemeFile>,
    /// Static files by output path below the site root (`assets/style.css`).
    pub assets: BTreeMap<String, ThemeFile>,
}

impl Theme {
    /// The embedded theme overlaid with the site's `themes/<name>` folder, if it has one.
    /// A theme other than `default` must exist in the site.
    pub fn resolve(root: &Path, name: &str) -> Result<Theme, Diagnostic> {
        let mut theme = Theme::default();
        collect_embedded(&DEFAULT_THEME, &mut theme);
        let folder = Path::new("themes").join(name);
        if !root.join(&folder).is_dir() {
            if name == "default" {
                return Ok(theme);
            }
            return Err(Diagnostic::error(
                Path::new("content/site.yaml"),
                0,
                0,
                format!(
                    "the theme `{name}` named in site.yaml has no folder {}",
                    folder.display()
                ),
            ));
        }
        overlay(root, &folder.join("templates"), &mut theme.templates, "")?;
        overlay(root, &folder.join("static"), &mut theme.assets, "assets/")?;
        Ok(theme)
    }
}

fn collect_embedded(dir: &Dir<'static>, theme: &mut Theme) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().replace('\\', "/");
        let entry = ThemeFile {
            bytes: file.contents().to_vec(),
            origin: Origin::Embedded,
        };
        if let Some(name) = path.strip_prefix("templates/") {
            theme.templates.insert(name.to_string(), entry);
        } else if let Some(name) = path.strip_prefix("static/") {
            theme.assets.insert(format!("assets/{name}"), entry);
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, theme);
    }
}

fn overlay(
    root: &Path,
    folder: &Path,
    into: &mut BTreeMap<String, ThemeFile>,
    prefix: &str,
) -> Result<(), Diagnostic> {
    if !root.join(folder).is_dir() {
        return Ok(());
    }
    for entry in WalkDir::new(root.join(folder)).sort_by_file_name() {
        let entry = entry
            .map_err(|e| Diagnostic::error(folder, 0, 0, format!("cannot read the theme: {e}")))?;
        if !entry.file_type().is_file() || entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let relative_to_root = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .to_path_buf();
        let name = entry
            .path()
            .strip_prefix(root.join(folder))
            .unwrap_or(entry.path());
        let name = format!("{prefix}{}", name.to_string_lossy().replace('\\', "/"));
        let bytes = std::fs::read(entry.path())
            .map_err(|e| Diagnostic::error(&relative_to_root, 0, 0, format!("cannot read: {e}")))?;
        into.insert(
            name,
            ThemeFile {
                bytes,
                origin: Origin::Site(relative_to_root),
            },
        );
    }
    Ok(())
}
