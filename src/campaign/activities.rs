//! The 四个一 activities: quarterly grassroots research, quarterly visits to the conduct supervisors, monthly covert inspections and quarterly bulletins, and the compliance of each period up to the as-of date.
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

/// One record of `content/activities/`.
#[derive(Debug, Clone)]
pub struct Activity {
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

/// Reads every file of `content/activities/`.
pub(crate) fn load(_root: &Path) -> (Vec<Activity>, Vec<Diagnostic>) {
    (Vec::new(), Vec::new())
}

/// Checks the records against the site's rules and the other records.
pub(crate) fn validate(_known: &Known, _records: &[Activity], _problems: &mut Vec<Diagnostic>) {}

/// Censors and masks every published text of the records.
pub(crate) fn protect(_records: &mut [Activity], _pass: &mut Pass) {}

/// A page of this section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivitiesPage {
    /// The section's index.
    Index,
}

impl ActivitiesPage {
    /// Every page of the section.
    pub fn plan(_view: &PublicView) -> Vec<ActivitiesPage> {
        vec![ActivitiesPage::Index]
    }

    /// The output path below the site root.
    pub fn path(self, _view: &PublicView) -> String {
        "activities/index.html".to_string()
    }

    /// The template that renders it.
    pub fn template(self) -> &'static str {
        "activities.html"
    }

    /// The page's values.
    pub fn context(self, _view: &PublicView, ctx: &mut Context) {
        crate::pages::common(ctx, "supervision", "四个一");
    }
}
