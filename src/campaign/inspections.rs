//! Inspections (监督检查): date, kind, offices visited, findings, and the items a finding raised.
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
use crate::yaml::{Fields, Located};

/// One record of `content/inspections/`.
#[derive(Debug, Clone)]
pub struct Inspection {
    /// Id, used in its URL.
    pub id: Located<String>,
    /// The record file.
    pub file: Arc<SourceFile>,
}

/// This record type's rules from site.yaml.
#[derive(Debug, Clone, Default)]
pub struct Rules {}

/// Reads this record type's section of site.yaml.
pub(crate) fn read_rules(_site: &Fields) -> Rules {
    Rules::default()
}

/// Reads every file of `content/inspections/`.
pub(crate) fn load(_root: &Path) -> (Vec<Inspection>, Vec<Diagnostic>) {
    (Vec::new(), Vec::new())
}

/// Checks the records against the site's rules and the other records.
pub(crate) fn validate(_known: &Known, _records: &[Inspection], _problems: &mut Vec<Diagnostic>) {}

/// Censors and masks every published text of the records.
pub(crate) fn protect(_records: &mut [Inspection], _pass: &mut Pass) {}

/// A page of this section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InspectionsPage {
    /// The section's index.
    Index,
}

impl InspectionsPage {
    /// Every page of the section.
    pub fn plan(_view: &PublicView) -> Vec<InspectionsPage> {
        vec![InspectionsPage::Index]
    }

    /// The output path below the site root.
    pub fn path(self, _view: &PublicView) -> String {
        "inspections/index.html".to_string()
    }

    /// The template that renders it.
    pub fn template(self) -> &'static str {
        "inspections.html"
    }

    /// The page's values.
    pub fn context(self, _view: &PublicView, ctx: &mut Context) {
        crate::pages::common(ctx, "supervision", "监督检查");
    }
}

/// What this section adds to an item's page.
pub(crate) fn item_context(
    _view: &PublicView,
    _item: &crate::view::PublicItem,
    _ctx: &mut Context,
) {
}
