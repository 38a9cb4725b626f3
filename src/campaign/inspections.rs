//! Inspections (监督检查): the supervising office's general checks, spot checks and covert
//! visits — date, kind (site.yaml `inspections: kinds:`), the offices visited and what was
//! found. A finding may name the rectification items it raised; those items' pages link back
//! ("由监督检查发现"). An inspection dated after the as-of date is not published.

use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;
use tera::Context;

use crate::campaign::Known;
use crate::diagnostics::Diagnostic;
use crate::model::Disclosure;
use crate::privacy::{Pass, Place};
use crate::source::SourceFile;
use crate::validate::{check_reference, error};
use crate::view::{PublicItem, PublicView};
use crate::yaml::{Fields, Located};

/// The kinds of inspection when site.yaml names none (the notice's three).
pub const DEFAULT_KINDS: [&str; 3] = ["普遍检查", "抽查", "明察暗访"];

/// One finding of an inspection.
#[derive(Debug, Clone)]
pub struct Finding {
    /// The office it concerns.
    pub office: Located<String>,
    /// What was found.
    pub text: String,
    /// The rectification items it raised.
    pub items: Vec<Located<String>>,
}

/// One record of `content/inspections/`.
#[derive(Debug, Clone)]
pub struct Inspection {
    /// Id, used in its URL.
    pub id: Located<String>,
    /// The day of the inspection.
    pub date: NaiveDate,
    /// One of the configured kinds.
    pub kind: Located<String>,
    /// What it was, in one line.
    pub title: String,
    /// How it was done, in a few sentences (optional).
    pub summary: String,
    /// The offices visited.
    pub offices: Vec<Located<String>>,
    /// What was found.
    pub findings: Vec<Finding>,
    /// The record file.
    pub file: Arc<SourceFile>,
    /// Review and visibility (先审后发, withdrawal).
    pub disclosure: Disclosure,
}

/// This record type's rules from site.yaml.
#[derive(Debug, Clone)]
pub struct Rules {
    /// The kinds of inspection, e.g. 普遍检查, 抽查, 明察暗访.
    pub kinds: Vec<String>,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            kinds: words(&DEFAULT_KINDS),
        }
    }
}

/// Reads this record type's section of site.yaml (`inspections: kinds: [...]`).
pub(crate) fn read_rules(site: &Fields) -> Rules {
    Rules {
        kinds: read_words(
            site,
            "inspections",
            "the inspections section",
            "kinds",
            &DEFAULT_KINDS,
        ),
    }
}

fn words(list: &[&str]) -> Vec<String> {
    list.iter().map(|w| w.to_string()).collect()
}

/// A list of words in a section of site.yaml (`<section>: <key>: [...]`), such as the kinds of
/// inspection or the channels of opinions; `defaults` when the section or the key is absent.
pub(crate) fn read_words(
    site: &Fields,
    section: &str,
    what: &'static str,
    key: &str,
    defaults: &[&str],
) -> Vec<String> {
    let Some(f) = site.group(section, what) else {
        return words(defaults);
    };
    f.reject_unknown(&[key]);
    if !f.has(key) {
        return words(defaults);
    }
    f.text_list(key).into_iter().map(|w| w.value).collect()
}

/// The fields of a record of `content/inspections/`.
pub const FIELDS: &[&str] = &[
    "id",
    "date",
    "kind",
    "title",
    "summary",
    "offices",
    "findings",
    "draft",
    "approved_by",
    "approved_on",
    "withdrawn_on",
    "withdrawn_reason",
    "display_until",
];
/// The fields of a finding.
pub const FINDING_FIELDS: &[&str] = &["office", "text", "items"];

/// Reads every file of `content/inspections/`.
pub(crate) fn load(root: &Path) -> (Vec<Inspection>, Vec<Diagnostic>) {
    let (mut records, problems) =
        crate::load::read_yaml_folder(root, "content/inspections", "an inspection", read);
    records.sort_by(|a: &Inspection, b| (a.date, &a.id.value).cmp(&(b.date, &b.id.value)));
    (records, problems)
}

fn read(f: &Fields, file: &Arc<SourceFile>) -> Option<Inspection> {
    f.reject_unknown(FIELDS);
    let disclosure = crate::load::read_disclosure(f);
    let (id, date, kind, title) = (
        f.id("id"),
        f.date("date"),
        f.located_text("kind"),
        f.text("title"),
    );
    let offices = f.text_list("offices");
    if offices.is_empty() {
        f.error(
            "offices",
            "list the offices visited under `offices` (their ids)",
        );
    }
    let findings = f
        .groups("findings", "a finding")
        .iter()
        .filter_map(|g| {
            g.reject_unknown(FINDING_FIELDS);
            let (office, text) = (g.located_text("office"), g.text("text"));
            Some(Finding {
                office: office?,
                text: text?,
                items: g.text_list("items"),
            })
        })
        .collect();
    Some(Inspection {
        id: id?,
        date: date?,
        kind: kind?,
        title: title?,
        summary: f.opt_text("summary").unwrap_or_default(),
        offices,
        findings,
        file: Arc::clone(file),
        disclosure,
    })
}

/// Checks the records against the site's rules and the other records.
pub(crate) fn validate(known: &Known, records: &[Inspection], problems: &mut Vec<Diagnostic>) {
    let kinds: Vec<&str> = known
        .site
        .rules
        .inspections
        .kinds
        .iter()
        .map(String::as_str)
        .collect();
    let offices: Vec<&str> = known.offices.iter().map(|o| o.id.value.as_str()).collect();
    let items: Vec<&str> = known.items.iter().map(|i| i.id.value.as_str()).collect();
    check_unique_ids(
        "inspection",
        records.iter().map(|r| (&r.id, &r.file)),
        problems,
    );
    for r in records {
        check_reference(&r.kind, "inspection kind", &kinds, &r.file, problems);
        for office in &r.offices {
            check_reference(office, "office", &offices, &r.file, problems);
        }
        for finding in &r.findings {
            check_reference(&finding.office, "office", &offices, &r.file, problems);
            let visited = r.offices.iter().any(|o| o.value == finding.office.value);
            if !visited && offices.contains(&finding.office.value.as_str()) {
                problems.push(error(
                    &r.file,
                    finding.office.at,
                    format!(
                        "the finding concerns office `{}`, which is not among the offices visited: add it to `offices`",
                        finding.office.value
                    ),
                ));
            }
            for item in &finding.items {
                check_reference(item, "item", &items, &r.file, problems);
            }
        }
    }
}

/// Reports an id used by two records of one type (ignoring case, as URLs may).
pub(crate) fn check_unique_ids<'a>(
    what: &str,
    ids: impl Iterator<Item = (&'a Located<String>, &'a Arc<SourceFile>)>,
    problems: &mut Vec<Diagnostic>,
) {
    let mut first: std::collections::BTreeMap<String, &Path> = Default::default();
    for (id, file) in ids {
        match first.get(&id.value.to_ascii_lowercase()) {
            Some(path) => problems.push(error(
                file,
                id.at,
                format!(
                    "duplicate {what} id `{}`: it is already used in {} (ids must differ even ignoring case)",
                    id.value,
                    path.display()
                ),
            )),
            None => {
                first.insert(id.value.to_ascii_lowercase(), &file.path);
            }
        }
    }
}

/// Censors and masks every published text of the records.
pub(crate) fn protect(records: &mut [Inspection], pass: &mut Pass) {
    for r in records {
        let file = Arc::clone(&r.file);
        let place = Place::record(&r.id, format!("inspection {}", r.id.value), &file);
        pass.text(&place, "title", &mut r.title);
        pass.text(&place, "summary", &mut r.summary);
        crate::privacy::disclosure(pass, &place, &mut r.disclosure);
        for finding in &mut r.findings {
            pass.text(&place, "text", &mut finding.text);
        }
    }
}

/// The inspections published on the as-of date (dated on or before it), oldest first.
pub(crate) fn published<'v>(view: &'v PublicView) -> impl Iterator<Item = &'v Inspection> {
    let as_of = view.as_of;
    view.campaign
        .inspections
        .iter()
        .filter(move |r| r.date <= as_of)
}

/// A link to an item named by another record: its page when published, else its id as text.
#[derive(Debug, Serialize)]
pub(crate) struct ItemLink {
    id: String,
    title: String,
    href: String,
}

/// How a record shows an item it names on the as-of date.
pub(crate) fn item_link(view: &PublicView, id: &str) -> ItemLink {
    match view.items.iter().find(|i| i.item.id.value == id) {
        Some(item) => ItemLink {
            id: id.to_string(),
            title: item.item.title.clone(),
            href: crate::pages::item_href(item),
        },
        None => ItemLink {
            id: id.to_string(),
            title: String::new(),
            href: String::new(),
        },
    }
}

/// An office as a record names it: its page when published, else its id.
#[derive(Debug, Serialize)]
pub(crate) struct OfficeLink {
    id: String,
    name: String,
    href: String,
}

/// How a record shows an office it names on the as-of date.
pub(crate) fn office_link(view: &PublicView, id: &str) -> OfficeLink {
    match view.offices.iter().find(|o| o.office.id.value == id) {
        Some(o) => OfficeLink {
            id: id.to_string(),
            name: o.office.name.clone(),
            href: crate::pages::office_href(o),
        },
        None => OfficeLink {
            id: id.to_string(),
            name: view
                .records
                .office(id)
                .map_or_else(|| id.to_string(), |o| o.name.clone()),
            href: String::new(),
        },
    }
}

#[derive(Debug, Serialize)]
struct FindingRow {
    office: OfficeLink,
    text: String,
    items: Vec<ItemLink>,
}

#[derive(Debug, Serialize)]
struct InspectionRow {
    id: String,
    href: String,
    date: String,
    kind: String,
    title: String,
    summary: String,
    offices: Vec<OfficeLink>,
    findings: Vec<FindingRow>,
    items: usize,
    draft: bool,
}

fn href(r: &Inspection) -> String {
    format!("inspections/{}/", r.id.value)
}

fn inspection_row(view: &PublicView, r: &Inspection) -> InspectionRow {
    InspectionRow {
        id: r.id.value.clone(),
        href: href(r),
        date: r.date.to_string(),
        kind: r.kind.value.clone(),
        title: r.title.clone(),
        summary: r.summary.clone(),
        offices: r
            .offices
            .iter()
            .map(|o| office_link(view, &o.value))
            .collect(),
        findings: r
            .findings
            .iter()
            .map(|f| FindingRow {
                office: office_link(view, &f.office.value),
                text: f.text.clone(),
                items: f.items.iter().map(|i| item_link(view, &i.value)).collect(),
            })
            .collect(),
        items: r.findings.iter().map(|f| f.items.len()).sum(),
        draft: super::is_draft(view, r),
    }
}

#[derive(Debug, Serialize)]
struct KindCount {
    kind: String,
    count: usize,
}

/// A page of this section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InspectionsPage {
    /// Every published inspection, newest first, with counts per kind.
    Index,
    /// One inspection (index into the view's inspections in force).
    Detail(usize),
    /// A withdrawn inspection's notice (index into the view's withdrawn inspections).
    Withdrawn(usize),
}

/// The section, for withdrawn inspections' notices.
const SECTION: super::Section = super::Section {
    nav: "supervision",
    name: "监督检查",
    href: "inspections/",
};

/// The notes of the inspections withdrawn by the as-of date; each keeps its page as a notice.
fn withdrawn(view: &PublicView) -> Vec<super::WithdrawnNote> {
    view.campaign_withdrawn
        .inspections
        .iter()
        .filter(|r| r.date <= view.as_of)
        .map(|r| super::WithdrawnNote::of(r, (&r.id.value, r.title.clone()), SECTION, href(r)))
        .collect()
}

impl InspectionsPage {
    /// Every page of the section.
    pub fn plan(view: &PublicView) -> Vec<InspectionsPage> {
        let mut pages = vec![InspectionsPage::Index];
        pages.extend(
            (0..view.campaign.inspections.len())
                .filter(|&i| view.campaign.inspections[i].date <= view.as_of)
                .map(InspectionsPage::Detail),
        );
        pages.extend((0..withdrawn(view).len()).map(InspectionsPage::Withdrawn));
        pages
    }

    /// The output path below the site root.
    pub fn path(self, view: &PublicView) -> String {
        match self {
            InspectionsPage::Index => "inspections/index.html".to_string(),
            InspectionsPage::Detail(i) => {
                format!("{}index.html", href(&view.campaign.inspections[i]))
            }
            InspectionsPage::Withdrawn(i) => format!("{}index.html", withdrawn(view)[i].href),
        }
    }

    /// The template that renders it.
    pub fn template(self) -> &'static str {
        match self {
            InspectionsPage::Index => "inspections.html",
            InspectionsPage::Detail(_) => "inspections_detail.html",
            InspectionsPage::Withdrawn(_) => super::WITHDRAWN_TEMPLATE,
        }
    }

    /// The page's values.
    pub fn context(self, view: &PublicView, ctx: &mut Context) {
        match self {
            InspectionsPage::Index => {
                crate::pages::common(ctx, "supervision", "监督检查");
                let mut rows: Vec<InspectionRow> =
                    published(view).map(|r| inspection_row(view, r)).collect();
                rows.reverse();
                let counts: Vec<KindCount> = view
                    .records
                    .site
                    .rules
                    .inspections
                    .kinds
                    .iter()
                    .map(|k| KindCount {
                        kind: k.clone(),
                        count: rows.iter().filter(|r| &r.kind == k).count(),
                    })
                    .collect();
                ctx.insert("inspections", &rows);
                ctx.insert("kind_counts", &counts);
                super::withdrawn_notes(&withdrawn(view), ctx);
            }
            InspectionsPage::Detail(i) => {
                let r = &view.campaign.inspections[i];
                crate::pages::common(ctx, "supervision", &r.title);
                ctx.insert("inspection", &inspection_row(view, r));
            }
            InspectionsPage::Withdrawn(i) => {
                if let Some(note) = withdrawn(view).get(i) {
                    super::withdrawn_page(note, ctx);
                }
            }
        }
    }
}

#[derive(Debug, Serialize)]
struct BackLink {
    href: String,
    date: String,
    kind: String,
    title: String,
    finding: String,
}

/// What this section adds to an item's page: the inspection findings that raised it.
pub(crate) fn item_context(view: &PublicView, item: &PublicItem, ctx: &mut Context) {
    let named = view.mentions.findings.get(&item.item.id.value);
    let links: Vec<BackLink> = named
        .into_iter()
        .flatten()
        .filter_map(|&(i, f)| {
            let r = view.campaign.inspections.get(i)?;
            Some((r, r.findings.get(f)?))
        })
        .filter(|(r, _)| r.date <= view.as_of)
        .map(|(r, f)| BackLink {
            href: href(r),
            date: r.date.to_string(),
            kind: r.kind.value.clone(),
            title: r.title.clone(),
            finding: f.text.clone(),
        })
        .collect();
    ctx.insert("item_inspections", &links);
}
