//! The render stage: compiles the theme's templates once and renders pages with tera.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::Tera;

use crate::diagnostics::Diagnostic;
use crate::pages::Page;
use crate::theme::{Origin, Theme};
use crate::view::PublicView;

/// The compiled templates of a theme.
pub struct Renderer {
    tera: Tera,
    origins: BTreeMap<String, (PathBuf, String)>,
}

impl Renderer {
    /// Compiles every template of the theme; a template error names its file.
    pub fn new(theme: &Theme) -> Result<Renderer, Diagnostic> {
        let mut origins = BTreeMap::new();
        let mut sources = Vec::new();
        for (name, file) in &theme.templates {
            let path = match &file.origin {
                Origin::Embedded => Path::new("themes/default/templates").join(name),
                Origin::Site(path) => path.clone(),
            };
            let text = String::from_utf8(file.bytes.clone())
                .map_err(|_| Diagnostic::error(&path, 0, 0, "the template is not UTF-8 text"))?;
            origins.insert(name.clone(), (path, text.clone()));
            sources.push((name.clone(), text));
        }
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        tera.add_raw_templates(sources)
            .map_err(|e| template_error(&origins, &e))?;
        Ok(Renderer { tera, origins })
    }

    /// Renders one page of the view into bytes, left for the caller to check as UTF-8 (a
    /// province's 1.9 GB of pages are checked by a vectorised pass rather than tera's own).
    pub fn render(&self, page: Page, view: &PublicView) -> Result<Vec<u8>, Diagnostic> {
        let mut html = Vec::with_capacity(32 * 1024);
        self.tera
            .render_to(page.template(), &page.context(view), &mut html)
            .map_err(|e| template_error(&self.origins, &e))?;
        Ok(html)
    }
}

fn template_error(origins: &BTreeMap<String, (PathBuf, String)>, e: &tera::Error) -> Diagnostic {
    if let tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) = e.kind()
    {
        if let Some((path, text)) = origins.get(report.filename()) {
            let span = report.span();
            let width = if span.end_line == span.start_line {
                span.end_col.saturating_sub(span.start_col)
            } else {
                1
            };
            return Diagnostic::error(
                path,
                span.start_line,
                span.start_col + 1,
                format!("template: {}", report.message()),
            )
            .with_width(width)
            .with_source(text);
        }
    }
    let text = e.to_string();
    let path = origins
        .iter()
        .find(|(name, _)| text.contains(name.as_str()))
        .map_or_else(|| PathBuf::from("themes"), |(_, (p, _))| p.clone());
    Diagnostic::error(&path, 0, 0, format!("template: {text}"))
}
