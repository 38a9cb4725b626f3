//! The long lists of items (整改事项, 逾期事项, 长期未更新, the status and category filter
//! pages), each computed once per view and cut into pages of [`PAGE_ROWS`] rows, so that no
//! page grows past a few hundred kilobytes however many items a campaign has. The first page
//! keeps the list's own address (`items/`); the others are `items/page/2/`, `items/page/3/`, …
//! The complete lists remain downloadable as open data.

use serde::Serialize;

use crate::model::Status;
use crate::view::PublicView;

/// Rows on one page of a long list: about 400 KB of HTML for items.
pub const PAGE_ROWS: usize = 500;

/// The item lists of a view, as indexes into `view.items`, each in its published order.
#[derive(Debug, Default, Clone)]
pub struct Lists {
    /// Current items with a deadline (the items index's main table).
    pub dated: Vec<usize>,
    /// Current items whose deadline is 长期.
    pub ongoing: Vec<usize>,
    /// Archived items.
    pub archived: Vec<usize>,
    /// Overdue items, most days overdue first (then by id); `PublicView::overdue` reads it.
    pub overdue: Vec<usize>,
    /// Stale open items, longest silence first (then by id).
    pub stale: Vec<usize>,
    /// Items by status, in [`Status::ALL`]'s order.
    pub by_status: Vec<Vec<usize>>,
    /// Items by category, in site.yaml's order.
    pub by_category: Vec<Vec<usize>>,
}

impl Lists {
    /// Sorts the view's items into every list at once (one pass, then two sorts).
    pub fn of(view: &PublicView) -> Lists {
        let categories = &view.records.site.categories;
        let mut lists = Lists {
            by_status: vec![Vec::new(); Status::ALL.len()],
            by_category: vec![Vec::new(); categories.len()],
            ..Lists::default()
        };
        for (i, item) in view.items.iter().enumerate() {
            if item.archived {
                lists.archived.push(i);
            } else if item.state.deadline.is_none() {
                lists.ongoing.push(i);
            } else {
                lists.dated.push(i);
            }
            if let Some(s) = Status::ALL.iter().position(|&s| s == item.state.status) {
                lists.by_status[s].push(i);
            }
            if let Some(c) = categories
                .iter()
                .position(|c| c.id == item.item.category.value)
            {
                lists.by_category[c].push(i);
            }
            if item.state.stale {
                lists.stale.push(i);
            }
            if item.state.overdue {
                lists.overdue.push(i);
            }
        }
        let items = &view.items;
        lists.stale.sort_by(|&a, &b| {
            let (a, b) = (&items[a], &items[b]);
            b.state
                .days_since_update
                .cmp(&a.state.days_since_update)
                .then(a.item.id.value.cmp(&b.item.id.value))
        });
        lists.overdue.sort_by(|&a, &b| {
            let (a, b) = (&items[a], &items[b]);
            b.state
                .days_overdue
                .cmp(&a.state.days_overdue)
                .then(a.item.id.value.cmp(&b.item.id.value))
        });
        lists
    }
}

/// Rows on one page of a list of offices (九项制度, 实施方案), whose rows are several times
/// an item's: about 450 KB of HTML for the systems matrix.
pub const OFFICE_ROWS: usize = 200;

/// How many pages a list of `rows` rows takes (at least one, for the empty list's page).
pub fn page_count(rows: usize) -> usize {
    pages(rows, PAGE_ROWS)
}

/// How many pages a list of `rows` rows takes at `per_page` rows a page.
pub fn pages(rows: usize, per_page: usize) -> usize {
    rows.div_ceil(per_page.max(1)).max(1)
}

/// The rows of page `n` (0-based) of a list.
pub fn page_of<T>(rows: &[T], n: usize) -> &[T] {
    page_slice(rows, n, PAGE_ROWS)
}

/// The rows of page `n` (0-based) of a list at `per_page` rows a page.
pub fn page_slice<T>(rows: &[T], n: usize, per_page: usize) -> &[T] {
    &rows[page_range(rows.len(), n, per_page)]
}

/// Which of `rows` rows page `n` (0-based) shows at `per_page` rows a page.
pub fn page_range(rows: usize, n: usize, per_page: usize) -> std::ops::Range<usize> {
    let start = n.saturating_mul(per_page).min(rows);
    start..start.saturating_add(per_page).min(rows)
}

/// The output path of page `n` of the list at `base` (`items/`): `items/index.html`, then
/// `items/page/2/index.html`, …
pub fn page_path(base: &str, n: usize) -> String {
    format!("{}index.html", page_href(base, n))
}

/// The root-relative address of page `n` of the list at `base`.
pub fn page_href(base: &str, n: usize) -> String {
    if n == 0 {
        base.to_string()
    } else {
        format!("{base}page/{}/", n + 1)
    }
}

/// One link of the page navigation.
#[derive(Debug, Serialize)]
pub struct PageLink {
    /// The page's number, from 1.
    pub number: usize,
    /// Its root-relative address.
    pub href: String,
    /// Whether it is the page shown.
    pub current: bool,
}

/// The navigation of a paginated list (上一页 / page numbers / 下一页), and which rows the page
/// shows; absent from the context when the list fits on one page.
#[derive(Debug, Serialize)]
pub struct Pager {
    /// The page shown, from 1.
    pub current: usize,
    /// Pages in all.
    pub pages: usize,
    /// Rows in the whole list.
    pub rows: usize,
    /// The first and last row shown, from 1.
    pub first_row: usize,
    /// See `first_row`.
    pub last_row: usize,
    /// The previous page's address, if any.
    pub previous: Option<String>,
    /// The next page's address, if any.
    pub next: Option<String>,
    /// Every page, for the page numbers.
    pub links: Vec<PageLink>,
}

impl Pager {
    /// The navigation of page `n` (0-based) of a list of `rows` rows at `base`, or `None` when
    /// the list fits on one page.
    pub fn new(base: &str, n: usize, rows: usize) -> Option<Pager> {
        Pager::of(base, n, rows, PAGE_ROWS)
    }

    /// [`Pager::new`] for a list of `per_page` rows a page.
    pub fn of(base: &str, n: usize, rows: usize, per_page: usize) -> Option<Pager> {
        let pages = pages(rows, per_page);
        (pages > 1).then(|| Pager {
            current: n + 1,
            pages,
            rows,
            first_row: n * per_page + 1,
            last_row: ((n + 1) * per_page).min(rows),
            previous: n.checked_sub(1).map(|p| page_href(base, p)),
            next: (n + 1 < pages).then(|| page_href(base, n + 1)),
            links: (0..pages)
                .map(|p| PageLink {
                    number: p + 1,
                    href: page_href(base, p),
                    current: p == n,
                })
                .collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_page_keeps_the_list_address() {
        assert_eq!(page_path("items/", 0), "items/index.html");
        assert_eq!(page_path("items/", 1), "items/page/2/index.html");
        assert_eq!(page_count(0), 1);
        assert_eq!(page_count(PAGE_ROWS), 1);
        assert_eq!(page_count(PAGE_ROWS + 1), 2);
        assert!(Pager::new("items/", 0, PAGE_ROWS).is_none());
    }

    #[test]
    fn pages_cover_every_row_once() {
        let rows: Vec<usize> = (0..2 * PAGE_ROWS + 7).collect();
        let pages: Vec<&[usize]> = (0..page_count(rows.len()))
            .map(|n| page_of(&rows, n))
            .collect();
        assert_eq!(pages.len(), 3);
        assert_eq!(pages.concat(), rows);
        let pager = Pager::new("overdue/", 2, rows.len()).unwrap();
        assert_eq!(pager.previous.as_deref(), Some("overdue/page/2/"));
        assert_eq!(pager.next, None);
        assert_eq!((pager.first_row, pager.last_row), (1001, 1007));
    }
}
