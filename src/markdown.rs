//! Markdown bodies to HTML, with tables, footnotes and strikethrough, and with emphasis that
//! works in Chinese.
//!
//! CommonMark's flanking rules refuse to close `**整改完成。**群众满意`: the closing `**` is
//! preceded by punctuation (。) and followed by a letter (群), so it is not "right-flanking".
//! Chinese text hits this constantly. Before parsing, a `*` run that has CJK punctuation on
//! one side and a non-space character on the other gets an invisible marker (U+FFFC, which
//! CommonMark counts as punctuation) on the letter side; that satisfies the flanking rules,
//! and the markers are removed from the HTML afterwards.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

const MARK: char = '\u{FFFC}';

/// The Markdown extensions records may use.
const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH);

/// A body's text made ready for parsing: the Chinese emphasis markers inserted.
pub struct Prepared(String);

impl Prepared {
    /// Prepares a Markdown body.
    pub fn new(markdown: &str) -> Prepared {
        Prepared(mark_cjk_emphasis(&markdown.replace(MARK, "")))
    }

    /// The body's events, safe to publish: raw HTML becomes text, script links are dropped.
    /// Text events may carry invisible markers: pass text through [`unmark`].
    pub fn events(&self) -> impl Iterator<Item = Event<'_>> {
        Parser::new_ext(&self.0, OPTIONS).map(make_safe)
    }
}

/// Removes the invisible emphasis markers from text or HTML.
pub fn unmark(text: &str) -> String {
    text.replace(MARK, "")
}

fn make_safe(event: Event<'_>) -> Event<'_> {
    match event {
        // Raw HTML in a record is shown as text, never passed through: records carry text
        // from the public, and nothing in them may become markup or script.
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        other => other,
    }
}

/// A link to another record written in a body, `[见](item:ZZK-2026-003)` or
/// `[干部一科](office:ganbu1)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordLink {
    /// `item` or `office`.
    pub kind: &'static str,
    /// The record's id.
    pub id: String,
    /// Byte range of the link in the body.
    pub span: Range<usize>,
}

/// Splits `item:ID` / `office:ID` into its kind and id.
fn record_target(url: &str) -> Option<(&'static str, &str)> {
    if let Some(id) = url.strip_prefix("item:") {
        Some(("item", id))
    } else {
        url.strip_prefix("office:").map(|id| ("office", id))
    }
}

/// Every link to another record in a body, with its position, for validation.
pub fn record_links(markdown: &str) -> Vec<RecordLink> {
    Parser::new_ext(markdown, OPTIONS)
        .into_offset_iter()
        .filter_map(|(event, span)| match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                record_target(&dest_url).map(|(kind, id)| RecordLink {
                    kind,
                    id: id.to_string(),
                    span,
                })
            }
            _ => None,
        })
        .collect()
}

/// Renders a record's Markdown body as HTML. `resolve(kind, id)` gives the href of a linked
/// record, or `None` when it is not published (the link text is then kept without a link).
pub fn render(markdown: &str, resolve: &dyn Fn(&str, &str) -> Option<String>) -> String {
    let prepared = Prepared::new(markdown);
    let mut unlinked: Vec<bool> = Vec::new();
    let events = prepared.events().filter_map(|event| match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let target = match record_target(&dest_url) {
                None => Some(dest_url),
                Some((kind, record)) => resolve(kind, record).map(CowStr::from),
            };
            unlinked.push(target.is_none());
            target.map(|dest_url| {
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            })
        }
        Event::End(TagEnd::Link) => {
            (!unlinked.pop().unwrap_or(false)).then_some(Event::End(TagEnd::Link))
        }
        other => Some(other),
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    unmark(&out)
}

/// Drops link targets that would run script (`javascript:`, `vbscript:`, `data:`).
fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let scheme: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take_while(|c| *c != ':')
        .collect::<String>()
        .to_ascii_lowercase();
    let has_scheme = url.contains(':') && !url.starts_with(['/', '.', '#', '?']);
    if has_scheme && matches!(scheme.as_str(), "javascript" | "vbscript" | "data") {
        CowStr::Borrowed("#")
    } else {
        url
    }
}

fn is_cjk_punctuation(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F      // CJK symbols and punctuation: 。、「」『』【】〔〕
        | 0xFF01..=0xFF0F    // fullwidth ！＂＃…／
        | 0xFF1A..=0xFF20    // ：；＜＝＞？＠
        | 0xFF3B..=0xFF40
        | 0xFF5B..=0xFF65
        | 0x2018..=0x201F    // ‘’“” as used in Chinese text
        | 0x2026             // …
        | 0x2014             // —
    )
}

/// Inserts [`MARK`] next to `*` runs that CommonMark would wrongly refuse in Chinese text.
fn mark_cjk_emphasis(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 16);
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '*' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i] == '*' {
            i += 1;
        }
        let before = start.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i).copied();
        let solid = |c: Option<char>| {
            c.is_some_and(|c| !c.is_whitespace() && !is_cjk_punctuation(c) && c != '*')
        };
        let cjk_punct = |c: Option<char>| c.is_some_and(is_cjk_punctuation);
        let mark_before = cjk_punct(after) && solid(before);
        let mark_after = cjk_punct(before) && solid(after);
        if mark_before {
            out.push(MARK);
        }
        out.extend(&chars[start..i]);
        if mark_after {
            out.push(MARK);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none(_: &str, _: &str) -> Option<String> {
        None
    }

    #[test]
    fn chinese_emphasis_closing_after_punctuation() {
        assert_eq!(
            render("**整改完成。**群众满意", &none),
            "<p><strong>整改完成。</strong>群众满意</p>\n"
        );
    }

    #[test]
    fn chinese_emphasis_opening_before_punctuation() {
        assert_eq!(
            render("群众**“满意”**率高", &none),
            "<p>群众<strong>“满意”</strong>率高</p>\n"
        );
    }

    #[test]
    fn ordinary_markdown_is_unchanged() {
        assert_eq!(
            render("a **b** c", &none),
            "<p>a <strong>b</strong> c</p>\n"
        );
        assert_eq!(render("2 * 3 * 4", &none), "<p>2 * 3 * 4</p>\n");
        assert_eq!(render("`**。**x`", &none), "<p><code>**。**x</code></p>\n");
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        let html = render(
            "<script>alert(1)</script>\n\n段落<img src=x onerror=alert(1)>",
            &none,
        );
        assert!(
            !html.contains("<script") && !html.contains("<img"),
            "{html}"
        );
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn script_urls_are_dropped() {
        let html = render(
            "[a](javascript:alert(1)) [b]( JaVaScRiPt:x) ![c](data:text/html,x) [d](https://e.cn/)",
            &none,
        );
        assert!(
            !html.to_lowercase().contains("javascript") && !html.contains("data:"),
            "{html}"
        );
        assert!(html.contains("href=\"https://e.cn/\""), "{html}");
    }

    #[test]
    fn record_links_resolve_or_become_text() {
        let body = "见[另一事项](item:B-1)和[一科](office:o1)，[外链](https://e.cn/)。";
        let links = record_links(body);
        assert_eq!(
            links
                .iter()
                .map(|l| (l.kind, l.id.as_str()))
                .collect::<Vec<_>>(),
            [("item", "B-1"), ("office", "o1")]
        );
        assert_eq!(&body[links[0].span.clone()], "[另一事项](item:B-1)");
        let resolve = |kind: &str, id: &str| (kind == "item").then(|| format!("../{id}/"));
        let html = render(body, &resolve);
        assert!(html.contains("<a href=\"../B-1/\">另一事项</a>"), "{html}");
        assert!(
            html.contains("和一科，") && html.contains("href=\"https://e.cn/\""),
            "{html}"
        );
    }

    #[test]
    fn tables_and_footnotes() {
        let html = render(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n见注[^1]。\n\n[^1]: 注释。\n",
            &none,
        );
        assert!(
            html.contains("<table>") && html.contains("<td>1</td>"),
            "{html}"
        );
        assert!(html.contains("footnote-definition"), "{html}");
    }
}
