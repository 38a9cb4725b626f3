//! 绩效考评 (performance evaluation): per year, each office's score per configured criterion, totals, grades and ranks.
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

/// One record of `content/performance/`.
#[derive(Debug, Clone)]
pub struct PerformanceYear {
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

/// Reads every file of `content/performance/`.
pub(crate) fn load(_root: &Path) -> (Vec<PerformanceYear>, Vec<Diagnostic>) {
    (Vec::new(), Vec::new())
}

/// Checks the records against the site's rules and the other records.
pub(crate) fn validate(
    _known: &Known,
    _records: &[PerformanceYear],
    _problems: &mut Vec<Diagnostic>,
) {
}

/// Censors and masks every published text of the records.
pub(crate) fn protect(_records: &mut [PerformanceYear], _pass: &mut Pass) {}

/// A page of this section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PerformancePage {
    /// The section's index.
    Index,
}

impl PerformancePage {
    /// Every page of the section.
    pub fn plan(_view: &PublicView) -> Vec<PerformancePage> {
        vec![PerformancePage::Index]
    }

    /// The output path below the site root.
    pub fn path(self, _view: &PublicView) -> String {
        "performance/index.html".to_string()
    }

    /// The template that renders it.
    pub fn template(self) -> &'static str {
        "performance.html"
    }

    /// The page's values.
    pub fn context(self, _view: &PublicView, ctx: &mut Context) {
        crate::pages::common(ctx, "performance", "绩效考评");
    }
}
