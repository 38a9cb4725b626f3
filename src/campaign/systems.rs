//! The nine systems (九项制度) per office: each system's state (未建立 / 已建立 / 已落实), date and document.
//!
//! Placeholder: the record type, its reading, checks and pages are still to be written.

use std::path::Path;
use std::sync::Arc;

use tera::Context;

use crate::campaign::Known;
use crate::diagnostics::Diagnostic;
use crate::privacy::Pass;
use crate::source::SourceFile;
use crate::view::PublicView;
use crate::yaml::Located;

/// One record of `content/systems/`.
#[derive(Debug, Clone)]
pub struct OfficeSystems {
    /// Id, used in its URL.
    pub id: Located<String>,
    /// The record file.
    pub file: Arc<SourceFile>,
}

/// Reads every file of `content/systems/`.
pub(crate) fn load(_root: &Path) -> (Vec<OfficeSystems>, Vec<Diagnostic>) {
    (Vec::new(), Vec::new())
}

/// Checks the records against the site's rules and the other records.
pub(crate) fn validate(
    _known: &Known,
    _records: &[OfficeSystems],
    _problems: &mut Vec<Diagnostic>,
) {
}

/// Censors and masks every published text of the records.
pub(crate) fn protect(_records: &mut [OfficeSystems], _pass: &mut Pass) {}

/// A page of this section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SystemsPage {
    /// The section's index.
    Index,
}

impl SystemsPage {
    /// Every page of the section.
    pub fn plan(_view: &PublicView) -> Vec<SystemsPage> {
        vec![SystemsPage::Index]
    }

    /// The output path below the site root.
    pub fn path(self, _view: &PublicView) -> String {
        "systems/index.html".to_string()
    }

    /// The template that renders it.
    pub fn template(self) -> &'static str {
        "systems.html"
    }

    /// The page's values.
    pub fn context(self, _view: &PublicView, ctx: &mut Context) {
        crate::pages::common(ctx, "supervision", "九项制度");
    }
}

/// What this section adds to an office's page.
pub(crate) fn office_context(
    _view: &PublicView,
    _office: &crate::view::PublicOffice,
    _ctx: &mut Context,
) {
}
