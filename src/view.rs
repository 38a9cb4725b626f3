//! The public view: the records as the public may see them on the as-of date, with every
//! derived figure computed once. Every page is made from this view, never from the raw
//! records, so what is shown (items found by the date, entries dated by the date, offices
//! that existed) is decided in one place.

use std::sync::Arc;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::campaign::{Campaign, Visibility};
use crate::changes::Changes;
use crate::derive::{Figures, ItemState};
use crate::model::{Item, Office, Records, TimelineEntry};

/// The records as of one date.
#[derive(Debug)]
pub struct PublicView<'r> {
    /// The validated records.
    pub records: &'r Records,
    /// The date everything is computed for.
    pub as_of: NaiveDate,
    /// Items found on or before the date and not withdrawn, by id.
    pub items: Vec<PublicItem<'r>>,
    /// Items withdrawn by the date: their pages stay as notices; they leave lists and data.
    pub withdrawn: Vec<PublicItem<'r>>,
    /// Whether drafts are shown (a preview, never a publication).
    pub show_drafts: bool,
    /// The campaign records in force on the date: drafts left out (unless previewing),
    /// withdrawn ones set apart. Every campaign page and derived rule reads these.
    pub campaign: Campaign,
    /// The campaign records withdrawn by the date: notices and 已撤回 notes, nothing else.
    pub campaign_withdrawn: Campaign,
    /// Offices that had been set up by the date (or hold a published item), by id.
    pub offices: Vec<PublicOffice<'r>>,
    /// Figures over all published items.
    pub figures: Figures,
    /// What changed since the previous publication: set once the records' digests are
    /// made (the page and the feed that show it come after); read it with [`PublicView::changes`].
    pub changes: std::sync::OnceLock<Changes>,
    /// Where the publication came from, for the footer.
    pub provenance: Provenance,
    /// The open data page's table of downloads, made with the downloads (set once they are
    /// written; the data page renders after that).
    pub data_page: std::sync::OnceLock<crate::data::DataPage>,
    /// The long item lists (index, overdue, stale, by status and category), each sorted
    /// once here so that their pages only slice them.
    pub lists: crate::listing::Lists,
    /// Which opinions and inspection findings name each item, for the items' pages.
    pub mentions: crate::campaign::Mentions,
    /// Every evaluation period's ranking, for the offices' pages.
    pub rankings: crate::campaign::evaluation::Rankings,
    /// Each quarter's bulletin once made: its page and its Word file show the same one, and
    /// making it computes a whole view as of the quarter's end.
    pub bulletins: std::sync::Mutex<
        std::collections::BTreeMap<
            crate::bulletin::Quarter,
            Arc<crate::bulletin::page::BulletinDoc>,
        >,
    >,
}

/// Where a publication came from. Never the wall clock: a build date appears only when
/// `SOURCE_DATE_EPOCH` gives one, so the same records give the same bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Provenance {
    /// The content's git commit id, when the site asks for it.
    pub commit: Option<String>,
    /// The build date from `SOURCE_DATE_EPOCH`, as YYYY-MM-DD.
    pub built: Option<String>,
}

/// One published item with its state on the as-of date.
#[derive(Debug)]
pub struct PublicItem<'r> {
    /// The record.
    pub item: &'r Item,
    /// Derived state.
    pub state: ItemState,
    /// Index of its office in [`PublicView::offices`].
    pub office: usize,
    /// Name of its category.
    pub category_name: &'r str,
    /// Its display period (公示期) had ended by the date.
    pub archived: bool,
    /// Not yet approved: shown only in a preview, with a 草稿 banner.
    pub draft: bool,
}

impl<'r> PublicItem<'r> {
    /// Timeline entries the public could know on the as-of date.
    pub fn entries(&self, as_of: NaiveDate) -> impl Iterator<Item = &'r TimelineEntry> {
        self.item.timeline.as_of(as_of)
    }
}

/// One published office with its figures.
#[derive(Debug)]
pub struct PublicOffice<'r> {
    /// The record.
    pub office: &'r Office,
    /// Whether it still existed on the as-of date.
    pub exists: bool,
    /// Figures over its published items.
    pub figures: Figures,
    /// Indices of its items in [`PublicView::items`].
    pub items: Vec<usize>,
}

impl<'r> PublicView<'r> {
    /// What changed since the previous publication; none yet before the records' digests are
    /// made (a preview of pages only counts as a first publication).
    pub fn changes(&self) -> &Changes {
        static NOT_MADE: Changes = Changes {
            previous_as_of: None,
            added: Vec::new(),
            changed: Vec::new(),
            removed: Vec::new(),
        };
        self.changes.get().unwrap_or(&NOT_MADE)
    }

    /// Derives the public view of `records` on `as_of`: drafts left out (unless previewing),
    /// withdrawn items set apart as notices, offices not yet set up left out.
    pub fn new(records: &'r Records, as_of: NaiveDate, show_drafts: bool) -> Self {
        let review = records.site.review_required;
        let visible = |d: &crate::model::Disclosure| show_drafts || !d.is_draft(review);
        let find_office = |id: &str| {
            records
                .offices
                .binary_search_by(|o| o.id.value.as_str().cmp(id))
                .ok()
        };
        let mut has_items = vec![false; records.offices.len()];
        for item in records.items.iter().filter(|i| i.exists_on(as_of)) {
            if let Some(o) = find_office(&item.office.value) {
                has_items[o] = true;
            }
        }
        let office_index: Vec<Option<usize>> = {
            let mut next = 0;
            records
                .offices
                .iter()
                .zip(&has_items)
                .map(|(o, &has_items)| {
                    let started = o.established.is_none_or(|e| e <= as_of);
                    (visible(&o.disclosure) && (started || has_items)).then(|| {
                        next += 1;
                        next - 1
                    })
                })
                .collect()
        };
        let mut offices: Vec<PublicOffice<'r>> = records
            .offices
            .iter()
            .zip(&office_index)
            .filter(|(_, index)| index.is_some())
            .map(|(office, _)| PublicOffice {
                office,
                exists: office.exists_on(as_of) && office.disclosure.withdrawn_by(as_of).is_none(),
                figures: Figures::default(),
                items: Vec::new(),
            })
            .collect();
        let (withdrawn, items): (Vec<PublicItem<'r>>, Vec<PublicItem<'r>>) = records
            .items
            .par_iter()
            .filter(|item| item.exists_on(as_of) && visible(&item.disclosure))
            .filter_map(|item| {
                let office = find_office(&item.office.value)?;
                Some(PublicItem {
                    item,
                    state: item.state_on(as_of, &crate::derive::Reckoning::of(&records.site)),
                    office: office_index[office]?,
                    category_name: records
                        .site
                        .category(&item.category.value)
                        .map_or("", |c| c.name.as_str()),
                    archived: item.disclosure.archived_on(as_of),
                    draft: item.disclosure.is_draft(review),
                })
            })
            .partition(|i| i.item.disclosure.withdrawn_by(as_of).is_some());
        let (campaign, campaign_withdrawn) = records.campaign.public(Visibility {
            review_required: review,
            as_of,
            show_drafts,
        });
        let mut figures = Figures::default();
        for (index, item) in items.iter().enumerate() {
            figures.count(&item.state);
            offices[item.office].figures.count(&item.state);
            offices[item.office].items.push(index);
        }
        let mut view = PublicView {
            records,
            as_of,
            items,
            withdrawn,
            offices,
            figures,
            show_drafts,
            campaign,
            campaign_withdrawn,
            changes: std::sync::OnceLock::new(),
            provenance: Provenance::default(),
            data_page: std::sync::OnceLock::new(),
            lists: crate::listing::Lists::default(),
            mentions: crate::campaign::Mentions::default(),
            rankings: crate::campaign::evaluation::Rankings::default(),
            bulletins: std::sync::Mutex::default(),
        };
        view.lists = crate::listing::Lists::of(&view);
        view.mentions = crate::campaign::Mentions::of(&view.campaign);
        view.rankings = crate::campaign::evaluation::Rankings::of(
            &records.site.rules.evaluation,
            &view.campaign.evaluations,
        );
        view
    }

    /// The office of a published item.
    pub fn office_of(&self, item: &PublicItem<'r>) -> &PublicOffice<'r> {
        &self.offices[item.office]
    }

    /// Overdue items, most days overdue first (then by id).
    pub fn overdue(&self) -> Vec<&PublicItem<'r>> {
        self.lists.overdue.iter().map(|&i| &self.items[i]).collect()
    }

    /// The latest `n` timeline entries up to the as-of date, newest first; entries of one
    /// day are ordered by item id, and within an item the later-written entry first.
    pub fn latest_updates(&self, n: usize) -> Vec<(&PublicItem<'r>, &'r TimelineEntry)> {
        type Update<'a, 'r> = (&'a PublicItem<'r>, usize, &'r TimelineEntry);
        let mut all: Vec<Update<'_, 'r>> = self
            .items
            .iter()
            .flat_map(|i| {
                i.entries(self.as_of)
                    .enumerate()
                    .map(move |(k, e)| (i, k, e))
            })
            .collect();
        let newest_first = |a: &Update, b: &Update| {
            (b.2.date, &a.0.item.id.value, b.1).cmp(&(a.2.date, &b.0.item.id.value, a.1))
        };
        if all.len() > n {
            all.select_nth_unstable_by(n, newest_first);
            all.truncate(n);
        }
        all.sort_by(newest_first);
        all.into_iter().map(|(i, _, e)| (i, e)).collect()
    }
}
