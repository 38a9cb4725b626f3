//! Public opinions (群众意见) received outside evaluations: date, channel, office, summary, response and linked items. The sender is never stored.
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

/// One record of `content/opinions/`.
#[derive(Debug, Clone)]
pub struct Opinion {
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

/// Reads every file of `content/opinions/`.
pub(crate) fn load(_root: &Path) -> (Vec<Opinion>, Vec<Diagnostic>) {
    (Vec::new(), Vec::new())
}

/// Checks the records against the site's rules and the other records.
pub(crate) fn validate(_known: &Known, _records: &[Opinion], _problems: &mut Vec<Diagnostic>) {}

/// Censors and masks every published text of the records.
pub(crate) fn protect(_records: &mut [Opinion], _pass: &mut Pass) {}

/// A page of this section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpinionsPage {
    /// The section's index.
    Index,
}

impl OpinionsPage {
    /// Every page of the section.
    pub fn plan(_view: &PublicView) -> Vec<OpinionsPage> {
        vec![OpinionsPage::Index]
    }

    /// The output path below the site root.
    pub fn path(self, _view: &PublicView) -> String {
        "opinions/index.html".to_string()
    }

    /// The template that renders it.
    pub fn template(self) -> &'static str {
        "opinions.html"
    }

    /// The page's values.
    pub fn context(self, _view: &PublicView, ctx: &mut Context) {
        crate::pages::common(ctx, "supervision", "群众意见");
    }
}

/// What this section adds to an office's page.
pub(crate) fn office_context(
    _view: &PublicView,
    _office: &crate::view::PublicOffice,
    _ctx: &mut Context,
) {
}

/// What this section adds to an item's page.
pub(crate) fn item_context(
    _view: &PublicView,
    _item: &crate::view::PublicItem,
    _ctx: &mut Context,
) {
}
