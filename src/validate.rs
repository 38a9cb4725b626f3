//! The validate stage: checks that need more than one file — every reference resolves
//! (office, category, source, parent office) and no id is used twice — and hands on the
//! records only when there is no error.

use std::collections::{BTreeMap, HashSet};

use rayon::prelude::*;
use std::path::Path;

use crate::diagnostics::{self, Diagnostic};
use crate::load::Loaded;
use crate::model::{Records, SiteConfig};
use crate::source::SourceFile;
use crate::yaml::{Located, Pos};

/// The outcome of loading and validating: the records if they are publishable, and every
/// problem (errors and warnings) sorted by file and line.
#[derive(Debug)]
pub struct Validated {
    /// `Some` only when there are no errors.
    pub records: Option<Records>,
    /// Every problem found.
    pub problems: Vec<Diagnostic>,
}

/// Runs the cross-file checks over what the load stage read.
pub fn validate(loaded: Loaded) -> Validated {
    let Loaded {
        site,
        mut offices,
        mut items,
        mut problems,
        campaign,
        bulletins,
    } = loaded;
    check_unique(
        "office",
        offices.iter().map(|o| (&o.id, o.file.as_ref())),
        &mut problems,
    );
    let office_ids: Vec<&str> = offices.iter().map(|o| o.id.value.as_str()).collect();
    // Looked up once per item: a set, not a search through a province's thousand offices.
    let office_set: HashSet<&str> = office_ids.iter().copied().collect();
    for office in &offices {
        if let Some(parent) = &office.parent {
            if !office_set.contains(parent.value.as_str()) {
                check_reference(parent, "office", &office_ids, &office.file, &mut problems);
            }
        }
    }
    crate::bulletin::validate(&bulletins, &office_ids, &mut problems);
    // The item checks, the campaign's and the links in bodies read the records side by side.
    let ((unique, references), (campaign_problems, links)) = rayon::join(
        || {
            rayon::join(
                || {
                    let mut found = Vec::new();
                    check_unique(
                        "item",
                        items.iter().map(|i| (&i.id, i.file.as_ref())),
                        &mut found,
                    );
                    found
                },
                || {
                    site.as_ref()
                        .map(|site| check_item_references(site, &items, &office_ids, &office_set))
                        .unwrap_or_default()
                },
            )
        },
        || {
            rayon::join(
                || {
                    site.as_ref()
                        .map(|site| {
                            let known = crate::campaign::Known {
                                site,
                                offices: &offices,
                                items: &items,
                            };
                            crate::campaign::validate(&known, &campaign)
                        })
                        .unwrap_or_default()
                },
                || check_record_links(&items, &office_set),
            )
        },
    );
    if let Some(site) = &site {
        check_site(site, &mut problems);
    }
    problems.extend(unique);
    problems.extend(references);
    problems.extend(campaign_problems);
    problems.extend(links);
    diagnostics::sort(&mut problems);
    let has_errors = problems.iter().any(Diagnostic::is_error);
    let records = match site {
        Some(site) if !has_errors => {
            offices.sort_by(|a, b| a.id.value.cmp(&b.id.value));
            items.sort_by(|a, b| a.id.value.cmp(&b.id.value));
            Some(Records {
                site,
                offices,
                items,
                campaign,
                bulletins,
            })
        }
        _ => None,
    };
    Validated { records, problems }
}

/// Each item's office, category and source must be ones the site knows.
fn check_item_references(
    site: &SiteConfig,
    items: &[crate::model::Item],
    office_ids: &[&str],
    office_set: &HashSet<&str>,
) -> Vec<Diagnostic> {
    let categories: Vec<&str> = site.categories.iter().map(|c| c.id.as_str()).collect();
    let sources: Vec<&str> = site.sources.iter().map(String::as_str).collect();
    let mut problems = Vec::new();
    for item in items {
        if !office_set.contains(item.office.value.as_str()) {
            check_reference(
                &item.office,
                "office",
                office_ids,
                &item.file,
                &mut problems,
            );
        }
        check_reference(
            &item.category,
            "category",
            &categories,
            &item.file,
            &mut problems,
        );
        check_reference(&item.source, "source", &sources, &item.file, &mut problems);
    }
    problems
}

/// An error at a position of a record file, with the line shown.
pub(crate) fn error(file: &SourceFile, at: Pos, message: String) -> Diagnostic {
    Diagnostic::error(&file.path, at.line, at.column, message)
        .with_width(at.width)
        .with_source(&file.text)
}

fn check_unique<'a>(
    what: &str,
    ids: impl Iterator<Item = (&'a Located<String>, &'a SourceFile)>,
    problems: &mut Vec<Diagnostic>,
) {
    let mut first: BTreeMap<String, (&Path, Pos)> = BTreeMap::new();
    for (id, file) in ids {
        let key = id.value.to_ascii_lowercase();
        match first.get(&key) {
            Some((path, at)) => problems.push(error(
                file,
                id.at,
                format!(
                    "duplicate {what} id `{}`: it is already used at {}:{}:{} (ids must differ even ignoring case)",
                    id.value,
                    path.display(),
                    at.line,
                    at.column
                ),
            )),
            None => {
                first.insert(key, (file.path.as_path(), id.at));
            }
        }
    }
}

/// Reports `reference` when it is not one of `known` ("unknown office `x`; known: …").
pub(crate) fn check_reference(
    reference: &Located<String>,
    what: &str,
    known: &[&str],
    file: &SourceFile,
    problems: &mut Vec<Diagnostic>,
) {
    if known.contains(&reference.value.as_str()) {
        return;
    }
    let hint = known
        .iter()
        .find(|k| k.eq_ignore_ascii_case(&reference.value))
        .map(|k| format!("; did you mean `{k}`?"))
        .unwrap_or_else(|| {
            if known.len() <= 12 {
                format!("; known: {}", known.join(", "))
            } else {
                String::new()
            }
        });
    problems.push(error(
        file,
        reference.at,
        format!("unknown {what} `{}`{hint}", reference.value),
    ));
}

fn check_site(site: &SiteConfig, problems: &mut Vec<Diagnostic>) {
    let mut seen = std::collections::BTreeSet::new();
    for c in &site.categories {
        if !seen.insert(c.id.as_str()) {
            problems.push(Diagnostic::error(
                Path::new("content/site.yaml"),
                0,
                0,
                format!("category id `{}` is listed twice", c.id),
            ));
        }
    }
}

/// Links in bodies to other records (`item:ID`, `office:ID`) must name a record that exists.
fn check_record_links(items: &[crate::model::Item], office_ids: &HashSet<&str>) -> Vec<Diagnostic> {
    let item_ids: HashSet<&str> = items.iter().map(|i| i.id.value.as_str()).collect();
    items
        .par_iter()
        .filter(|item| may_link_to_a_record(item.body_text()))
        .flat_map_iter(|item| {
            let body = item.body_text();
            crate::markdown::record_links(body)
                .into_iter()
                .filter(|link| match link.kind {
                    "item" => !item_ids.contains(link.id.as_str()),
                    _ => !office_ids.contains(link.id.as_str()),
                })
                .map(|link| {
                    let offset = item.body.start + link.span.start;
                    let at = crate::yaml::pos_at(
                        &item.file.text,
                        offset,
                        body[link.span.clone()].chars().count(),
                    );
                    error(
                        &item.file,
                        at,
                        format!(
                            "the link names an unknown {} `{}`: check the id",
                            link.kind, link.id
                        ),
                    )
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

fn may_link_to_a_record(body: &str) -> bool {
    body.contains("item") || body.contains("office") || body.contains('&')
}
