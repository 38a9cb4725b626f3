//! Open data: every record type as CSV and JSON, with a data dictionary and JSON Schemas.

use tera::Context;

use crate::publish::OutputFile;
use crate::view::PublicView;

/// Every data download of the site.
pub fn generate(_view: &PublicView) -> Vec<OutputFile> {
    Vec::new()
}

/// The context of the data page (`data/`), besides the common keys.
pub fn page_context(_view: &PublicView, _ctx: &mut Context) {}
