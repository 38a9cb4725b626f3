//! Accountability decisions (问责公示) under the one-strike rule (一次查实下岗制): the date, the
//! office, the person as the decision writes them (张某某), the prohibition or conduct violated
//! (site.yaml `accountability: prohibitions:` — the 六条禁令 and 不作为 / 乱作为 / 以权谋私), the
//! level of the sanction (`accountability: levels:`, in order of severity), the decision's
//! text, and whether the section chief was held responsible too (科长负连带责任).
//!
//! The person is published by design, yet still passes the privacy rules like every text.
//! A decision dated after the as-of date is not published.

use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;
use tera::Context;

use crate::campaign::Known;
use crate::campaign::inspections::{OfficeLink, check_unique_ids, office_link};
use crate::diagnostics::Diagnostic;
use crate::model::Disclosure;
use crate::privacy::{Pass, Place};
use crate::source::SourceFile;
use crate::validate::check_reference;
use crate::view::PublicView;
use crate::yaml::{Fields, Located};

/// A configured word with its id: a prohibition or a sanction level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    /// Short ASCII id used in records.
    pub id: String,
    /// The words published.
    pub name: String,
}

/// The prohibitions when site.yaml names none: six prohibitions of a county's efficiency
/// rules, and the three kinds of conduct the notice names.
pub const DEFAULT_PROHIBITIONS: [(&str, &str); 9] = [
    ("tuiwei", "严禁对职责范围内的事项推诿扯皮、敷衍塞责"),
    ("diaonan", "严禁对办事群众态度冷漠、故意刁难"),
    ("tuoyan", "严禁无故拖延办理时限、办事拖拉"),
    ("chinakayao", "严禁吃拿卡要、收受财物"),
    ("lizhi", "严禁工作时间擅离职守、上网娱乐"),
    ("jiuhou", "严禁工作日午间饮酒、酒后上岗"),
    ("buzuowei", "不作为"),
    ("luanzuowei", "乱作为"),
    ("yiquanmousi", "以权谋私"),
];

/// The sanction levels when site.yaml names none, mildest first (from the notice).
pub const DEFAULT_LEVELS: [(&str, &str); 4] = [
    ("gaojie", "效能告诫"),
    ("tongbao", "通报批评"),
    ("xiagang", "停职下岗"),
    ("chufen", "党政纪处分"),
];

/// One record of `content/accountability/`.
#[derive(Debug, Clone)]
pub struct Decision {
    /// Id, used in its URL.
    pub id: Located<String>,
    /// The day of the decision.
    pub date: NaiveDate,
    /// The office of the person.
    pub office: Located<String>,
    /// The person, as the decision writes them (张某某).
    pub person: String,
    /// The prohibition or conduct violated (an id of `prohibitions`).
    pub violation: Located<String>,
    /// The sanction (an id of `levels`).
    pub level: Located<String>,
    /// The decision's text.
    pub decision: String,
    /// Whether the section chief was held responsible too.
    pub chief_responsible: bool,
    /// The record file.
    pub file: Arc<SourceFile>,
    /// Review and visibility (先审后发, withdrawal).
    pub disclosure: Disclosure,
}

/// This record type's rules from site.yaml.
#[derive(Debug, Clone)]
pub struct Rules {
    /// What a decision may find violated.
    pub prohibitions: Vec<Named>,
    /// The sanctions, mildest first.
    pub levels: Vec<Named>,
}

fn named(list: &[(&str, &str)]) -> Vec<Named> {
    list.iter()
        .map(|(id, name)| Named {
            id: id.to_string(),
            name: name.to_string(),
        })
        .collect()
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            prohibitions: named(&DEFAULT_PROHIBITIONS),
            levels: named(&DEFAULT_LEVELS),
        }
    }
}

/// Reads this record type's section of site.yaml (`accountability: prohibitions:, levels:`).
pub(crate) fn read_rules(site: &Fields) -> Rules {
    let defaults = Rules::default();
    let Some(f) = site.group("accountability", "the accountability section") else {
        return defaults;
    };
    f.reject_unknown(&["prohibitions", "levels"]);
    let list = |key: &str, what: &'static str, default: Vec<Named>| {
        if !f.has(key) {
            return default;
        }
        f.groups(key, what)
            .iter()
            .filter_map(|g| {
                g.reject_unknown(&["id", "name"]);
                Some(Named {
                    id: g.id("id")?.value,
                    name: g.text("name")?,
                })
            })
            .collect()
    };
    Rules {
        prohibitions: list("prohibitions", "a prohibition", defaults.prohibitions),
        levels: list("levels", "a sanction level", defaults.levels),
    }
}

/// The fields of a record of `content/accountability/`.
pub const FIELDS: &[&str] = &[
    "id",
    "date",
    "office",
    "person",
    "violation",
    "level",
    "decision",
    "chief_responsible",
    "draft",
    "approved_by",
    "approved_on",
    "withdrawn_on",
    "withdrawn_reason",
    "display_until",
];

/// Reads every file of `content/accountability/`.
pub(crate) fn load(root: &Path) -> (Vec<Decision>, Vec<Diagnostic>) {
    let (mut records, problems) = crate::load::read_yaml_folder(
        root,
        "content/accountability",
        "an accountability decision",
        read,
    );
    records.sort_by(|a: &Decision, b| (a.date, &a.id.value).cmp(&(b.date, &b.id.value)));
    (records, problems)
}

fn read(f: &Fields, file: &Arc<SourceFile>) -> Option<Decision> {
    f.reject_unknown(FIELDS);
    let disclosure = crate::load::read_disclosure(f);
    let (id, date, office, person, violation, level, decision) = (
        f.id("id"),
        f.date("date"),
        f.located_text("office"),
        f.text("person"),
        f.located_text("violation"),
        f.located_text("level"),
        f.text("decision"),
    );
    Some(Decision {
        id: id?,
        date: date?,
        office: office?,
        person: person?,
        violation: violation?,
        level: level?,
        decision: decision?,
        chief_responsible: f.opt_bool("chief_responsible").unwrap_or(false),
        file: Arc::clone(file),
        disclosure,
    })
}

/// Checks the records against the site's rules and the other records.
pub(crate) fn validate(known: &Known, records: &[Decision], problems: &mut Vec<Diagnostic>) {
    let rules = &known.site.rules.accountability;
    let prohibitions: Vec<&str> = rules.prohibitions.iter().map(|p| p.id.as_str()).collect();
    let levels: Vec<&str> = rules.levels.iter().map(|l| l.id.as_str()).collect();
    let offices: Vec<&str> = known.offices.iter().map(|o| o.id.value.as_str()).collect();
    check_unique_ids(
        "decision",
        records.iter().map(|r| (&r.id, &r.file)),
        problems,
    );
    for r in records {
        check_reference(&r.office, "office", &offices, &r.file, problems);
        check_reference(
            &r.violation,
            "prohibition",
            &prohibitions,
            &r.file,
            problems,
        );
        check_reference(&r.level, "sanction level", &levels, &r.file, problems);
    }
}

/// Censors and masks every published text of the records.
pub(crate) fn protect(records: &mut [Decision], pass: &mut Pass) {
    for r in records {
        let file = Arc::clone(&r.file);
        let place = Place::record(&r.id, format!("decision {}", r.id.value), &file);
        pass.text(&place, "person", &mut r.person);
        pass.text(&place, "decision", &mut r.decision);
        crate::privacy::disclosure(pass, &place, &mut r.disclosure);
    }
}

#[derive(Debug, Serialize)]
struct DecisionRow {
    id: String,
    date: String,
    office: OfficeLink,
    person: String,
    violation: String,
    level: String,
    level_rank: usize,
    decision: String,
    chief_responsible: bool,
    draft: bool,
}

#[derive(Debug, Serialize)]
struct LevelCount {
    name: String,
    count: usize,
}

fn name_of(list: &[Named], id: &str) -> String {
    list.iter()
        .find(|n| n.id == id)
        .map_or_else(|| id.to_string(), |n| n.name.clone())
}

/// The section, for withdrawn decisions' notes.
const SECTION: super::Section = super::Section {
    nav: "supervision",
    name: "问责公示",
    href: "accountability/",
};

/// The decisions withdrawn by the as-of date (e.g. revoked on review): out of the list and
/// the counts, named in the page's 已撤回 note by id, office and date only.
fn withdrawn(view: &PublicView) -> Vec<super::WithdrawnNote> {
    view.campaign_withdrawn
        .decisions
        .iter()
        .filter(|r| r.date <= view.as_of)
        .map(|r| {
            let office = super::office_name(view, &r.office.value);
            let name = format!("问责决定 {}（{office}，{}）", r.id.value, r.date);
            super::WithdrawnNote::of(r, (&r.id.value, name), SECTION, String::new())
        })
        .collect()
}

/// A page of this section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountabilityPage {
    /// Every published decision, newest first, with counts per level.
    Index,
}

impl AccountabilityPage {
    /// Every page of the section.
    pub fn plan(_view: &PublicView) -> Vec<AccountabilityPage> {
        vec![AccountabilityPage::Index]
    }

    /// The output path below the site root.
    pub fn path(self, _view: &PublicView) -> String {
        "accountability/index.html".to_string()
    }

    /// The template that renders it.
    pub fn template(self) -> &'static str {
        "accountability.html"
    }

    /// The page's values.
    pub fn context(self, view: &PublicView, ctx: &mut Context) {
        crate::pages::common(ctx, "supervision", "问责公示");
        let rules = &view.records.site.rules.accountability;
        let mut rows: Vec<DecisionRow> = view
            .campaign
            .decisions
            .iter()
            .filter(|r| r.date <= view.as_of)
            .map(|r| DecisionRow {
                id: r.id.value.clone(),
                date: r.date.to_string(),
                office: office_link(view, &r.office.value),
                person: r.person.clone(),
                violation: name_of(&rules.prohibitions, &r.violation.value),
                level: name_of(&rules.levels, &r.level.value),
                level_rank: rules
                    .levels
                    .iter()
                    .position(|l| l.id == r.level.value)
                    .unwrap_or(0),
                decision: r.decision.clone(),
                chief_responsible: r.chief_responsible,
                draft: super::is_draft(view, r),
            })
            .collect();
        rows.reverse();
        let counts: Vec<LevelCount> = rules
            .levels
            .iter()
            .map(|l| LevelCount {
                name: l.name.clone(),
                count: rows.iter().filter(|r| r.level == l.name).count(),
            })
            .collect();
        ctx.insert("decisions", &rows);
        ctx.insert("level_counts", &counts);
        super::withdrawn_notes(&withdrawn(view), ctx);
        ctx.insert(
            "prohibitions",
            &rules
                .prohibitions
                .iter()
                .map(|p| &p.name)
                .collect::<Vec<_>>(),
        );
    }
}
