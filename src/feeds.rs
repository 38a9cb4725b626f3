//! Atom feeds (RFC 4287) — every update, each office's updates, the overdue items and the
//! completed items — plus `sitemap.xml` and `robots.txt`. All are made from the
//! [`PublicView`] as of its date, never from the raw records, and never from the clock: the
//! same records and the same as-of date give the same bytes.
//!
//! Entry ids are tag URIs (RFC 4151) named after the event, not after the build, so a feed
//! reader sees the same id for the same event whatever day the site is built as of:
//! `tag:<host>,<year>:items/<id>/entries/<n>`, `…/overdue/<deadline>`, `…/completed`.

use std::borrow::Cow;
use std::fmt::Write as _;

use atom_syndication::{Entry, Feed, FixedDateTime, Generator, Link, Person, Text};
use chrono::{DateTime, LocalResult, NaiveDate, NaiveTime, Offset, TimeZone};
use chrono_tz::Tz;

use crate::model::{Item, Status, TimelineEntry};
use crate::pages::{self, Page};
use crate::publish::OutputFile;
use crate::view::{PublicItem, PublicOffice, PublicView};

/// How many entries a feed of updates or completions carries.
const FEED_LENGTH: usize = 50;

/// The most addresses one sitemap file may list (sitemaps.org).
const SITEMAP_LIMIT: usize = 50_000;

/// The tag authority when the site has no `base_url`: a name reserved never to resolve.
const FALLBACK_HOST: &str = "gongkai.invalid";

/// Every feed of the site, the sitemap (when `base_url` is set) and robots.txt.
pub fn generate(view: &PublicView) -> Vec<OutputFile> {
    let site = Publication::new(view);
    let mut files = vec![
        all_feed(view, &site),
        overdue_feed(view, &site),
        completed_feed(view, &site),
        changes_feed(view, &site),
    ];
    files.extend(view.offices.iter().map(|o| office_feed(view, &site, o)));
    files.extend(sitemap(view, &site));
    files.push(robots(&site));
    files
}

/// Where the site is published, which decides links and entry ids.
struct Publication {
    /// `base_url` with a trailing slash, if the site has one.
    base_url: Option<String>,
    /// `tag:<host>,<year>:`, the prefix of every id.
    tag: String,
    /// The site's time zone, in which a date's midnight is reckoned.
    timezone: Tz,
}

impl Publication {
    /// Reads the site's address, host, year and time zone.
    fn new(view: &PublicView) -> Self {
        let site = &view.records.site;
        let base_url = site.base_url.as_deref().and_then(normalise_base_url);
        let host = base_url.as_deref().and_then(host_of);
        Publication {
            tag: format!(
                "tag:{},{}:",
                host.as_deref().unwrap_or(FALLBACK_HOST),
                site.year
            ),
            base_url,
            timezone: site.timezone,
        }
    }

    /// A link to `target` (a path below the site root, such as `items/A-1/`) as written in
    /// the file at `from`: absolute under `base_url`, else relative to `from`.
    fn link(&self, target: &str, from: &str) -> String {
        match &self.base_url {
            Some(base) => format!("{base}{target}"),
            None => format!("{}{target}", pages::root_of(from)),
        }
    }

    /// The link a feed at `path` gives for itself.
    fn self_link(&self, path: &str) -> String {
        match &self.base_url {
            Some(base) => format!("{base}{path}"),
            None => path.rsplit('/').next().unwrap_or(path).to_string(),
        }
    }

    /// The permanent id of a thing named `specific` (`items/A-1/completed`).
    fn id(&self, specific: &str) -> String {
        format!("{}{specific}", self.tag)
    }

    /// Midnight at the start of `date` in the site's time zone.
    fn midnight(&self, date: NaiveDate) -> FixedDateTime {
        let local = date.and_time(NaiveTime::MIN);
        let offset = match self.timezone.offset_from_local_datetime(&local) {
            LocalResult::Single(o) | LocalResult::Ambiguous(o, _) => o.fix(),
            // Midnight skipped by a clock change: keep the offset in force around it.
            LocalResult::None => self.timezone.offset_from_utc_datetime(&local).fix(),
        };
        offset
            .from_local_datetime(&local)
            .single()
            .unwrap_or_else(|| DateTime::from_naive_utc_and_offset(local, offset))
    }
}

/// `base_url` trimmed, with a trailing slash and URL-safe characters; `None` when blank.
fn normalise_base_url(raw: &str) -> Option<String> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return None;
    }
    let mut url = String::with_capacity(trimmed.len() + 1);
    for c in trimmed.chars() {
        if c.is_ascii_graphic()
            && !matches!(c, '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}')
        {
            url.push(c);
        } else {
            let mut utf8 = [0; 4];
            for byte in c.encode_utf8(&mut utf8).bytes() {
                let _ = write!(url, "%{byte:02X}");
            }
        }
    }
    if !url.ends_with('/') {
        url.push('/');
    }
    Some(url)
}

/// The DNS host of an absolute URL, lower-cased, without user or port.
fn host_of(url: &str) -> Option<String> {
    let (_, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit('@').next()?;
    let host = host_port.split(':').next()?.to_ascii_lowercase();
    let valid = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
    valid.then_some(host)
}

/// Text with the characters XML 1.0 forbids (control characters pasted from Word, U+FFFE,
/// U+FFFF) removed; escaping `<`, `&` and quotes is the XML writer's job.
fn xml_text(text: &str) -> Cow<'_, str> {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
    };
    if text.chars().all(allowed) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().filter(|&c| allowed(c)).collect())
    }
}

/// Text escaped for XML content and attributes, for the hand-written sitemap.
fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in xml_text(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}

/// One timeline entry of one item, with its position in the item's timeline.
#[derive(Clone, Copy)]
struct Update<'a, 'r> {
    /// The item.
    item: &'a PublicItem<'r>,
    /// Index of the entry in the item's whole timeline (stable as entries are appended).
    index: usize,
    /// The entry.
    entry: &'r TimelineEntry,
}

/// The latest `n` visible updates of `items`, newest first; one day's updates by item id,
/// an item's updates of one day the later-written first (as [`PublicView::latest_updates`]).
fn latest_updates<'a, 'r>(
    view: &PublicView<'r>,
    items: impl Iterator<Item = &'a PublicItem<'r>>,
    n: usize,
) -> Vec<Update<'a, 'r>>
where
    'r: 'a,
{
    let mut all: Vec<Update<'a, 'r>> = items
        .flat_map(|item| {
            item.entries(view.as_of)
                .enumerate()
                .map(move |(index, entry)| Update { item, index, entry })
        })
        .collect();
    let newest_first = |a: &Update, b: &Update| {
        (b.entry.date, &a.item.item.id.value, b.index).cmp(&(
            a.entry.date,
            &b.item.item.id.value,
            a.index,
        ))
    };
    if all.len() > n {
        all.select_nth_unstable_by(n, newest_first);
        all.truncate(n);
    }
    all.sort_by(newest_first);
    all
}

/// What a feed is, before it is written.
struct FeedSpec {
    /// Path below the site root (`feeds/all.xml`).
    path: String,
    /// What the feed is, after the site title.
    subject: String,
    /// The id's specific part (`feeds/all`).
    id: String,
    /// The page the feed stands for, below the site root (`overdue/`).
    page: String,
    /// The entries, newest first.
    entries: Vec<Entry>,
}

/// An Atom entry about an item.
fn item_entry(
    site: &Publication,
    feed_path: &str,
    item: &Item,
    event: String,
    title: String,
    date: NaiveDate,
    summary: String,
) -> Entry {
    let href = site.link(&format!("items/{}/", item.id.value), feed_path);
    Entry {
        title: Text::plain(xml_text(&title)),
        id: site.id(&format!("items/{}/{event}", item.id.value)),
        updated: site.midnight(date),
        links: vec![Link {
            href,
            rel: "alternate".into(),
            mime_type: Some("text/html".into()),
            ..Link::default()
        }],
        summary: (!summary.is_empty()).then(|| Text::plain(xml_text(&summary))),
        ..Entry::default()
    }
}

/// The Atom entry of one timeline update.
fn update_entry(site: &Publication, feed_path: &str, update: &Update) -> Entry {
    let item = update.item.item;
    let word = update.entry.status.map_or("进展", Status::word);
    item_entry(
        site,
        feed_path,
        item,
        format!("entries/{}", update.index + 1),
        format!("{}：{word}", item.title),
        update.entry.date,
        update.entry.note.clone(),
    )
}

/// Writes a feed; its `updated` is its newest entry's, or the as-of date when it is empty.
fn write_feed(view: &PublicView, site: &Publication, spec: FeedSpec) -> OutputFile {
    let config = &view.records.site;
    let updated = spec
        .entries
        .iter()
        .map(|e| e.updated)
        .max()
        .unwrap_or_else(|| site.midnight(view.as_of));
    let feed = Feed {
        title: Text::plain(xml_text(&format!("{}：{}", config.title, spec.subject))),
        id: site.id(&spec.id),
        updated,
        authors: vec![Person {
            name: xml_text(&config.unit).into_owned(),
            ..Person::default()
        }],
        generator: Some(Generator {
            value: "gongkai".into(),
            ..Generator::default()
        }),
        links: vec![
            Link {
                href: site.self_link(&spec.path),
                rel: "self".into(),
                mime_type: Some("application/atom+xml".into()),
                ..Link::default()
            },
            Link {
                href: site.link(&spec.page, &spec.path),
                rel: "alternate".into(),
                mime_type: Some("text/html".into()),
                ..Link::default()
            },
        ],
        entries: spec.entries,
        lang: Some("zh-CN".into()),
        ..Feed::default()
    };
    // Writing into memory cannot fail: the only errors are the writer's I/O errors.
    let bytes = feed.write_to(Vec::new()).unwrap_or_default();
    OutputFile {
        path: spec.path,
        bytes,
    }
}

/// `feeds/changes.xml`: what changed since the previous publication (本次更新), one entry
/// per record added, changed or removed, dated the as-of date of this publication.
fn changes_feed(view: &PublicView, site: &Publication) -> OutputFile {
    let path = "feeds/changes.xml".to_string();
    let changes = view.changes();
    let groups = [
        ("新增", &changes.added),
        ("修改", &changes.changed),
        ("删除", &changes.removed),
    ];
    let entries = groups
        .into_iter()
        .flat_map(|(verb, records)| records.iter().map(move |r| (verb, r)))
        .map(|(verb, record)| {
            let published =
                record.kind == "item" && view.items.iter().any(|i| i.item.id.value == record.id);
            let page = if published {
                format!("items/{}/", record.id)
            } else {
                "changes/".to_string()
            };
            Entry {
                title: Text::plain(xml_text(&format!("{verb}：{}", record.title))),
                id: site.id(&format!("changes/{}/{}", view.as_of, record.path)),
                updated: site.midnight(view.as_of),
                links: vec![Link {
                    href: site.link(&page, &path),
                    rel: "alternate".into(),
                    mime_type: Some("text/html".into()),
                    ..Link::default()
                }],
                summary: Some(Text::plain(xml_text(&format!(
                    "{verb}记录 {}（{}）",
                    record.id, record.path
                )))),
                ..Entry::default()
            }
        })
        .collect();
    let spec = FeedSpec {
        path,
        subject: "本次更新".into(),
        id: "feeds/changes".into(),
        page: "changes/".into(),
        entries,
    };
    write_feed(view, site, spec)
}

/// `feeds/all.xml`: the latest updates of every item.
fn all_feed(view: &PublicView, site: &Publication) -> OutputFile {
    let path = "feeds/all.xml".to_string();
    let entries = view
        .latest_updates(FEED_LENGTH)
        .into_iter()
        .filter_map(|(item, entry)| {
            let index = item
                .item
                .timeline
                .entries
                .iter()
                .position(|e| std::ptr::eq(e, entry))?;
            Some(update_entry(site, &path, &Update { item, index, entry }))
        })
        .collect();
    let spec = FeedSpec {
        subject: "最新进展".into(),
        id: "feeds/all".into(),
        page: String::new(),
        entries,
        path,
    };
    write_feed(view, site, spec)
}

/// `feeds/offices/<id>.xml`: the latest updates of one office's items.
fn office_feed(view: &PublicView, site: &Publication, office: &PublicOffice) -> OutputFile {
    let id = &office.office.id.value;
    let path = format!("feeds/offices/{id}.xml");
    let items = office.items.iter().filter_map(|&i| view.items.get(i));
    let entries = latest_updates(view, items, FEED_LENGTH)
        .iter()
        .map(|u| update_entry(site, &path, u))
        .collect();
    let spec = FeedSpec {
        subject: format!("{}最新进展", office.office.name),
        id: format!("feeds/offices/{id}"),
        page: format!("offices/{id}/"),
        entries,
        path,
    };
    write_feed(view, site, spec)
}

/// The first day of the overdue spell an item is in on `as_of`: the day after its deadline,
/// or a later day on which it became overdue again (reopened, or a deadline shortened).
fn overdue_since(item: &Item, as_of: NaiveDate) -> NaiveDate {
    let deadline_passed = item
        .deadline
        .value
        .due()
        .into_iter()
        .chain(item.timeline.as_of(as_of).filter_map(|e| e.deadline))
        .filter_map(|d| d.succ_opt());
    let entry_days = item.timeline.as_of(as_of).map(|e| e.date);
    let became_overdue = |day: &NaiveDate| {
        *day <= as_of
            && item.is_overdue_on(*day)
            && day
                .pred_opt()
                .is_none_or(|before| !item.is_overdue_on(before))
    };
    deadline_passed
        .chain(entry_days)
        .filter(became_overdue)
        .max()
        .unwrap_or_else(|| {
            let deadline = item.deadline_on(as_of).unwrap_or(as_of);
            deadline.succ_opt().unwrap_or(deadline)
        })
}

/// `feeds/overdue.xml`: the items overdue on the as-of date, newest overdue first.
fn overdue_feed(view: &PublicView, site: &Publication) -> OutputFile {
    let path = "feeds/overdue.xml".to_string();
    let mut overdue: Vec<(NaiveDate, &PublicItem)> = view
        .overdue()
        .into_iter()
        .map(|i| (overdue_since(i.item, view.as_of), i))
        .collect();
    overdue.sort_by(|a, b| (b.0, &a.1.item.id.value).cmp(&(a.0, &b.1.item.id.value)));
    let entries = overdue
        .into_iter()
        .map(|(since, item)| {
            let state = &item.state;
            let deadline = crate::pages::date_or_empty(state.deadline);
            let summary = format!(
                "责任科室：{}；整改时限：{deadline}；截至{}已逾期{}{}，仍未办结。",
                view.office_of(item).office.name,
                view.as_of,
                state.days_overdue,
                view.records.site.deadlines.count.unit()
            );
            item_entry(
                site,
                &path,
                item.item,
                format!("overdue/{deadline}"),
                format!("逾期：{}", item.item.title),
                since,
                summary,
            )
        })
        .collect();
    let spec = FeedSpec {
        subject: "逾期事项".into(),
        id: "feeds/overdue".into(),
        page: "overdue/".into(),
        entries,
        path,
    };
    write_feed(view, site, spec)
}

/// What the completed feed says about one completed item.
fn completion_summary(view: &PublicView, item: &PublicItem, completed: NaiveDate) -> String {
    let mut summary = format!(
        "责任科室：{}；办结日期：{completed}；整改时限：{}",
        view.office_of(item).office.name,
        item.item.deadline_on(completed).map_or_else(
            || crate::model::Deadline::ONGOING.to_string(),
            |d| d.to_string()
        )
    );
    summary.push_str(if item.state.completed_late {
        "；逾期办结。"
    } else {
        "；按期办结。"
    });
    if item.state.status != Status::Done {
        let _ = write!(summary, "此后重新整改，目前状态：{}。", item.state.status);
    }
    summary
}

/// `feeds/completed.xml`: the latest completions by the as-of date, newest first.
fn completed_feed(view: &PublicView, site: &Publication) -> OutputFile {
    let path = "feeds/completed.xml".to_string();
    let mut completed: Vec<(NaiveDate, &PublicItem)> = view
        .items
        .iter()
        .filter_map(|i| Some((i.state.completed?, i)))
        .collect();
    let newest_first = |a: &(NaiveDate, &PublicItem), b: &(NaiveDate, &PublicItem)| {
        (b.0, &a.1.item.id.value).cmp(&(a.0, &b.1.item.id.value))
    };
    if completed.len() > FEED_LENGTH {
        completed.select_nth_unstable_by(FEED_LENGTH, newest_first);
        completed.truncate(FEED_LENGTH);
    }
    completed.sort_by(newest_first);
    let entries = completed
        .into_iter()
        .map(|(date, item)| {
            let late = if item.state.completed_late {
                "逾期办结"
            } else {
                "办结"
            };
            item_entry(
                site,
                &path,
                item.item,
                "completed".into(),
                format!("{late}：{}", item.item.title),
                date,
                completion_summary(view, item, date),
            )
        })
        .collect();
    let spec = FeedSpec {
        subject: "办结事项".into(),
        id: "feeds/completed".into(),
        page: "items/".into(),
        entries,
        path,
    };
    write_feed(view, site, spec)
}

/// The day an item's page last changed in substance: its last visible entry, or when found.
fn item_last_change(view: &PublicView, item: &PublicItem) -> NaiveDate {
    item.entries(view.as_of)
        .last()
        .map_or(item.item.found, |e| e.date)
}

/// One address in the sitemap.
struct SitemapUrl {
    /// The absolute address.
    loc: String,
    /// When the page last changed in substance, if known.
    lastmod: Option<NaiveDate>,
}

/// `sitemap.xml` (sitemaps.org 0.9) listing every HTML page, only when `base_url` is set.
/// Past the protocol's 50,000 addresses a file, it is an index of `sitemaps/<n>.xml`.
fn sitemap(view: &PublicView, site: &Publication) -> Vec<OutputFile> {
    let Some(base) = site.base_url.as_deref() else {
        return Vec::new();
    };
    let urls: Vec<SitemapUrl> = pages::plan(view)
        .into_iter()
        .filter_map(|page| {
            let path = page.path(view);
            // Only the pages a visitor asks for by address (not, say, 404.html).
            let dir = path.strip_suffix("index.html")?;
            Some(SitemapUrl {
                loc: format!("{base}{dir}"),
                lastmod: page_last_change(view, page),
            })
        })
        .collect();
    sitemap_files(base, &urls, SITEMAP_LIMIT)
}

/// The sitemap files for `urls`, at most `limit` addresses a file.
fn sitemap_files(base: &str, urls: &[SitemapUrl], limit: usize) -> Vec<OutputFile> {
    if urls.len() <= limit {
        return vec![urlset("sitemap.xml", urls)];
    }
    let parts: Vec<(OutputFile, SitemapUrl)> = urls
        .chunks(limit.max(1))
        .enumerate()
        .map(|(k, chunk)| {
            let file = urlset(&format!("sitemaps/{}.xml", k + 1), chunk);
            let part = SitemapUrl {
                loc: format!("{base}{}", file.path),
                lastmod: chunk.iter().filter_map(|u| u.lastmod).max(),
            };
            (file, part)
        })
        .collect();
    let index = sitemap_document(
        "sitemapindex",
        "sitemap",
        parts.iter().map(|(_, part)| part),
    );
    let mut files: Vec<OutputFile> = parts.into_iter().map(|(file, _)| file).collect();
    files.push(OutputFile {
        path: "sitemap.xml".into(),
        bytes: index.into_bytes(),
    });
    files
}

/// A `<urlset>` file at `path`.
fn urlset(path: &str, urls: &[SitemapUrl]) -> OutputFile {
    OutputFile {
        path: path.into(),
        bytes: sitemap_document("urlset", "url", urls.iter()).into_bytes(),
    }
}

/// A sitemaps.org document: `<root>` holding one `<element>` (loc, lastmod) per address.
fn sitemap_document<'a>(
    root: &str,
    element: &str,
    urls: impl Iterator<Item = &'a SitemapUrl>,
) -> String {
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <{root} xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
    );
    for url in urls {
        let _ = write!(xml, "  <{element}><loc>{}</loc>", escape_xml(&url.loc));
        if let Some(date) = url.lastmod {
            let _ = write!(xml, "<lastmod>{date}</lastmod>");
        }
        let _ = writeln!(xml, "</{element}>");
    }
    let _ = writeln!(xml, "</{root}>");
    xml
}

/// The `<lastmod>` of a page: an item's last change, or an office's newest item change.
fn page_last_change(view: &PublicView, page: Page) -> Option<NaiveDate> {
    match page {
        Page::Item(i) => view.items.get(i).map(|item| item_last_change(view, item)),
        Page::Office(o) => view.offices.get(o).and_then(|office| {
            office
                .items
                .iter()
                .filter_map(|&i| view.items.get(i))
                .map(|item| item_last_change(view, item))
                .max()
        }),
        _ => None,
    }
}

/// `robots.txt`: everything may be crawled; the sitemap is named when there is one.
fn robots(site: &Publication) -> OutputFile {
    let mut text = String::from("User-agent: *\nAllow: /\n");
    if let Some(base) = &site.base_url {
        let _ = write!(text, "\nSitemap: {base}sitemap.xml\n");
    }
    OutputFile {
        path: "robots.txt".into(),
        bytes: text.into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_gets_a_trailing_slash_and_safe_characters() {
        assert_eq!(
            normalise_base_url(" https://x.gov.cn/xny ").as_deref(),
            Some("https://x.gov.cn/xny/")
        );
        assert_eq!(
            normalise_base_url("https://x.gov.cn/公开/").as_deref(),
            Some("https://x.gov.cn/%E5%85%AC%E5%BC%80/")
        );
        assert_eq!(normalise_base_url("  "), None);
    }

    #[test]
    fn host_is_the_dns_name_only() {
        assert_eq!(
            host_of("https://user@WWW.Example.gov.cn:8443/xny/").as_deref(),
            Some("www.example.gov.cn")
        );
        assert_eq!(host_of("www.example.gov.cn/xny/"), None);
        assert_eq!(host_of("https:///"), None);
    }

    #[test]
    fn forbidden_xml_characters_are_dropped_and_markup_escaped() {
        assert_eq!(xml_text("a\u{c}b\tc\u{1}"), "ab\tc");
        assert_eq!(escape_xml("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&apos;");
    }

    #[test]
    fn a_long_sitemap_becomes_an_index_of_parts() {
        let url = |loc: &str, day: u32| SitemapUrl {
            loc: format!("https://x.gov.cn/{loc}"),
            lastmod: NaiveDate::from_ymd_opt(2026, 7, day),
        };
        let urls = [url("", 1), url("items/", 3), url("items/A&B/", 2)];
        let one = sitemap_files("https://x.gov.cn/", &urls, 3);
        assert_eq!(one.len(), 1);
        let text = String::from_utf8_lossy(&one[0].bytes).into_owned();
        assert_eq!(text.matches("<url>").count(), 3);
        assert!(
            text.contains(
                "<loc>https://x.gov.cn/items/A&amp;B/</loc><lastmod>2026-07-02</lastmod>"
            )
        );
        let parts = sitemap_files("https://x.gov.cn/", &urls, 2);
        let paths: Vec<&str> = parts.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["sitemaps/1.xml", "sitemaps/2.xml", "sitemap.xml"]);
        let index = String::from_utf8_lossy(&parts[2].bytes).into_owned();
        assert!(
            index.contains("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">")
        );
        assert!(index.contains(
            "<sitemap><loc>https://x.gov.cn/sitemaps/1.xml</loc><lastmod>2026-07-03</lastmod></sitemap>"
        ));
        assert_eq!(index.matches("<sitemap>").count(), 2);
    }

    #[test]
    fn midnight_carries_the_site_offset() {
        let site = Publication {
            base_url: None,
            tag: String::new(),
            timezone: chrono_tz::Asia::Shanghai,
        };
        let date = NaiveDate::from_ymd_opt(2026, 6, 8).unwrap_or_default();
        assert_eq!(
            site.midnight(date).to_rfc3339(),
            "2026-06-08T00:00:00+08:00"
        );
    }
}
