//! Implementation plans (实施方案): each office's plan for a phase deliverable, on time, late or missing against the phase's due date.
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

/// One record of `content/plans/`.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Id, used in its URL.
    pub id: Located<String>,
    /// The record file.
    pub file: Arc<SourceFile>,
}

/// Reads every file of `content/plans/`.
pub(crate) fn load(_root: &Path) -> (Vec<Plan>, Vec<Diagnostic>) {
    (Vec::new(), Vec::new())
}

/// Checks the records against the site's rules and the other records.
pub(crate) fn validate(_known: &Known, _records: &[Plan], _problems: &mut Vec<Diagnostic>) {}

/// Censors and masks every published text of the records.
pub(crate) fn protect(_records: &mut [Plan], _pass: &mut Pass) {}

/// A page of this section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlansPage {
    /// The section's index.
    Index,
}

impl PlansPage {
    /// Every page of the section.
    pub fn plan(_view: &PublicView) -> Vec<PlansPage> {
        vec![PlansPage::Index]
    }

    /// The output path below the site root.
    pub fn path(self, _view: &PublicView) -> String {
        "plans/index.html".to_string()
    }

    /// The template that renders it.
    pub fn template(self) -> &'static str {
        "plans.html"
    }

    /// The page's values.
    pub fn context(self, _view: &PublicView, ctx: &mut Context) {
        crate::pages::common(ctx, "supervision", "实施方案");
    }
}
