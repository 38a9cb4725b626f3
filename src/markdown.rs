//! Markdown bodies to HTML, with tables, footnotes and strikethrough, and with emphasis that
//! works in Chinese; the HTML is then sanitized to an allow-list.
//!
//! CommonMark's flanking rules refuse to close `**整改完成。**群众满意`: the closing `**` is
//! preceded by punctuation (。) and followed by a letter (群), so it is not "right-flanking".
//! Chinese text hits this constantly. Before parsing, a `*` run that has CJK punctuation on
//! one side and a non-space character on the other gets an invisible marker (U+FFFC, which
//! CommonMark counts as punctuation) on the letter side; that satisfies the flanking rules,
//! and the markers are removed from the HTML afterwards.
//!
//! Raw HTML in a body (clerks paste from Word) goes into the Markdown renderer, and the whole
//! rendered body is then cleaned by [ammonia](https://docs.rs/ammonia), an HTML5-parser-based
//! sanitizer, to the allow-list of [`sanitize`]. Nothing outside that list reaches a page.

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

use ammonia::{Builder, Url, UrlRelative};
use pulldown_cmark::{
    Alignment, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html,
};

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
        Prepared(mark_cjk_emphasis(&unmark(markdown)))
    }

    /// The body's events as parsed, raw HTML included (it is sanitized only in [`render`]'s
    /// output). Text events may carry invisible markers: pass text through [`unmark`].
    pub fn events(&self) -> impl Iterator<Item = Event<'_>> {
        Parser::new_ext(&self.0, OPTIONS)
    }
}

/// Removes the invisible emphasis markers from text or HTML, copying only when there is one.
pub fn unmark(text: &str) -> Cow<'_, str> {
    if text.contains(MARK) {
        Cow::Owned(text.replace(MARK, ""))
    } else {
        Cow::Borrowed(text)
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

/// Renders a record's Markdown body as sanitized HTML. `resolve(kind, id)` gives the href of
/// a linked record, or `None` when it is not published (the link text is then kept without a
/// link). A `#` heading becomes `h2`, since the page has its own `h1`.
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
        Event::Start(Tag::Heading {
            level: HeadingLevel::H1,
            id,
            classes,
            attrs,
        }) => Some(Event::Start(Tag::Heading {
            level: HeadingLevel::H2,
            id,
            classes,
            attrs,
        })),
        Event::End(TagEnd::Heading(HeadingLevel::H1)) => {
            Some(Event::End(TagEnd::Heading(HeadingLevel::H2)))
        }
        Event::FootnoteReference(label) => Some(Event::FootnoteReference(footnote_id(&label))),
        Event::Start(Tag::FootnoteDefinition(label)) => {
            Some(Event::Start(Tag::FootnoteDefinition(footnote_id(&label))))
        }
        other => Some(other),
    });
    let plain = Cell::new(true);
    let events = events.inspect(|event| {
        if !is_plain(event) {
            plain.set(false);
        }
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    let out = match unmark(&out) {
        Cow::Borrowed(_) => out,
        Cow::Owned(unmarked) => unmarked,
    };
    if plain.get() { out } else { sanitize(&out) }
}

/// Whether pulldown-cmark writes this event exactly as the sanitizer would write it back:
/// paragraphs, headings, lists, quotes, emphasis, strikethrough, indented code and tables
/// without column alignment, with text
/// that holds no `"` and no no-break space (the two characters the HTML serializer behind
/// ammonia writes differently). A body made only of these (most bodies: 问题描述, 整改措施 and
/// the like) skips [`sanitize`], which parses the HTML again and took a sixth of the time of
/// rendering a page; anything else (raw HTML, links, images, tables, footnotes, rules, line
/// breaks, fenced code) goes through it. A test checks that both give the same bytes.
fn is_plain(event: &Event) -> bool {
    match event {
        Event::Text(text) | Event::Code(text) => !text.contains(['"', '\u{a0}']),
        Event::Start(tag) => match tag {
            Tag::Heading {
                level,
                id: None,
                classes,
                attrs,
            } => *level != HeadingLevel::H1 && classes.is_empty() && attrs.is_empty(),
            Tag::Paragraph
            | Tag::BlockQuote(None)
            | Tag::List(_)
            | Tag::Item
            | Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::CodeBlock(CodeBlockKind::Indented)
            | Tag::TableHead
            | Tag::TableRow
            | Tag::TableCell => true,
            // A table whose columns have no alignment (an alignment is a style attribute,
            // which the sanitizer removes).
            Tag::Table(alignments) => alignments.iter().all(|a| *a == Alignment::None),
            _ => false,
        },
        Event::End(_) | Event::SoftBreak => true,
        _ => false,
    }
}

/// The id of a footnote's definition: its label behind [`FOOTNOTE_ID`], spaces made `-`.
fn footnote_id(label: &str) -> CowStr<'static> {
    let words: Vec<&str> = label.split_whitespace().collect();
    CowStr::from(format!("{FOOTNOTE_ID}{}", words.join("-")))
}

/// The prefix of every id a body may carry (footnote definitions), so that a body can never
/// take an id of the page around it (`main`, a heading's id).
const FOOTNOTE_ID: &str = "fn-";

/// Cleans a body's HTML to this allow-list (anything else is removed; the content of an
/// element that is not allowed is kept as text, except for the elements whose content is
/// dropped with them: `script`, `style`, `svg`, `math`, `iframe`, `object`, `embed`,
/// `noscript`, `template`, `textarea`, `select`, `title`, `xmp`, `noembed`, `noframes`,
/// `plaintext`):
///
/// - text: `p`, `h2`–`h6`, `ul`, `ol[start]`, `li`, `blockquote`, `pre`, `code`, `hr`, `br`,
///   `strong`, `em`, `b`, `i`, `u`, `del`, `s`, `sub`, `sup`;
/// - tables: `table`, `caption`, `thead`, `tbody`, `tfoot`, `tr`, `th` and `td` with `scope`,
///   `align`, `colspan`, `rowspan`;
/// - footnotes as pulldown-cmark writes them: `sup.footnote-reference`,
///   `div.footnote-definition[id]`, `sup.footnote-definition-label` (the only classes; the only
///   ids are footnote ids, which start with `fn-`);
/// - `a[href, title]`: `http:`, `https:`, `mailto:`, `tel:` and relative addresses; absolute
///   links get `rel="noopener noreferrer"`;
/// - `img[src, alt, title]`: `https:` and relative addresses only.
///
/// No `style`, no event handler, no other attribute; `javascript:`, `vbscript:`, `data:` and
/// every other scheme are removed from `href` and `src`, however they are written (entities,
/// case, spaces, control characters), because ammonia parses the HTML the way browsers do
/// (mutation XSS through `svg`, `math` and `style` included) and checks the parsed URL.
pub fn sanitize(html: &str) -> String {
    SANITIZER.clean(html).to_string()
}

thread_local! {
    /// Whether the `a` being cleaned has an absolute `href` (ammonia adds `rel` after it).
    static ABSOLUTE_LINK: Cell<bool> = const { Cell::new(false) };
}

static SANITIZER: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let set = |names: &[&'static str]| names.iter().copied().collect::<HashSet<&'static str>>();
    let cell = set(&["scope", "align", "colspan", "rowspan"]);
    let mut builder = Builder::empty();
    builder
        .tags(set(&[
            "p",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "ul",
            "ol",
            "li",
            "blockquote",
            "pre",
            "code",
            "hr",
            "br",
            "strong",
            "em",
            "b",
            "i",
            "u",
            "del",
            "s",
            "sub",
            "sup",
            "table",
            "caption",
            "thead",
            "tbody",
            "tfoot",
            "tr",
            "th",
            "td",
            "div",
            "a",
            "img",
        ]))
        .clean_content_tags(set(&[
            "script",
            "style",
            "svg",
            "math",
            "iframe",
            "object",
            "embed",
            "noscript",
            "template",
            "textarea",
            "select",
            "title",
            "xmp",
            "noembed",
            "noframes",
            "plaintext",
        ]))
        .generic_attributes(HashSet::new())
        .tag_attributes(HashMap::from([
            ("a", set(&["href", "title"])),
            ("img", set(&["src", "alt", "title"])),
            ("ol", set(&["start"])),
            ("th", cell.clone()),
            ("td", cell),
            ("div", set(&["id"])),
        ]))
        .allowed_classes(HashMap::from([
            (
                "sup",
                set(&["footnote-reference", "footnote-definition-label"]),
            ),
            ("div", set(&["footnote-definition"])),
        ]))
        .url_schemes(set(&["http", "https", "mailto", "tel"]))
        .url_relative(UrlRelative::PassThrough)
        .link_rel(Some("noopener noreferrer"))
        .strip_comments(true)
        .attribute_filter(|element, attribute, value| match (element, attribute) {
            ("img", "src") => match Url::parse(value) {
                Ok(url) if url.scheme() != "https" => None,
                _ => Some(Cow::Borrowed(value)),
            },
            ("a", "href") => {
                ABSOLUTE_LINK.set(Url::parse(value).is_ok() || value.starts_with("//"));
                Some(Cow::Borrowed(value))
            }
            // ammonia adds `rel` last, after the `href` above: keep it for absolute links only.
            ("a", "rel") => ABSOLUTE_LINK.replace(false).then_some(Cow::Borrowed(value)),
            (_, "id") => value
                .starts_with(FOOTNOTE_ID)
                .then_some(Cow::Borrowed(value)),
            _ => Some(Cow::Borrowed(value)),
        });
    builder
});

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

/// Inserts [`MARK`] next to `*` runs that CommonMark would wrongly refuse in Chinese text:
/// a run with CJK punctuation on one side and a letter, digit or character on the other.
/// The text between runs is copied as it is (most bodies have no `*` at all).
fn mark_cjk_emphasis(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let bytes = text.as_bytes();
    let mut copied = 0;
    while let Some(found) = memchr::memchr(b'*', &bytes[copied..]) {
        let start = copied + found;
        let end = start + bytes[start..].iter().take_while(|&&b| b == b'*').count();
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        let solid = |c: Option<char>| {
            c.is_some_and(|c| !c.is_whitespace() && !is_cjk_punctuation(c) && c != '*')
        };
        let cjk_punct = |c: Option<char>| c.is_some_and(is_cjk_punctuation);
        out.push_str(&text[copied..start]);
        if cjk_punct(after) && solid(before) {
            out.push(MARK);
        }
        out.push_str(&text[start..end]);
        if cjk_punct(before) && solid(after) {
            out.push(MARK);
        }
        copied = end;
    }
    out.push_str(&text[copied..]);
    out
}

#[cfg(test)]
mod tests {

    /// The character-by-character version the run-by-run one replaced.
    fn mark_char_by_char(text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::new();
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
            if cjk_punct(after) && solid(before) {
                out.push(MARK);
            }
            out.extend(&chars[start..i]);
            if cjk_punct(before) && solid(after) {
                out.push(MARK);
            }
        }
        out
    }

    /// Emphasis markers go where the character-by-character version put them, on random
    /// texts of `*` runs, CJK punctuation, letters, Chinese and spaces.
    #[test]
    fn emphasis_marks_run_by_run_as_char_by_char() {
        let pieces = [
            "*", "**", "***", "。", "，", "“", "”", "（", "）", "a", "中", " ", "\n", "—", "_",
        ];
        let mut seed: u64 = 0x5eed;
        let mut marked = 0;
        for _ in 0..20_000 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let len = (seed >> 59) as usize;
            let mut text = String::new();
            for _ in 0..len {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            let expected = mark_char_by_char(&text);
            marked += usize::from(expected.contains(MARK));
            assert_eq!(mark_cjk_emphasis(&text), expected, "{text:?}");
        }
        assert!(marked > 1_000, "only {marked} texts were marked");
    }

    /// A plain body's HTML is exactly what the sanitizer makes of it: every body of the sample
    /// site, and bodies built from every construct, plain or not.
    #[test]
    fn plain_bodies_skip_the_sanitizer_with_the_same_bytes() {
        let no_links = |_: &str, _: &str| None;
        let pieces = [
            "## 问题描述\n\n",
            "# 标题\n\n",
            "### 三级\n\n",
            "一是窗口人员少。",
            "**整改完成。**群众满意",
            "*强调*文字",
            "~~删除~~",
            "- 第一条\n- 第二条\n\n",
            "1. 一\n2. 二\n\n",
            "3. 三\n4. 四\n\n",
            "> 引用的话\n\n",
            "    缩进代码\n\n",
            "`代码`",
            "a < b & c > d",
            "\"引号\"",
            "it's",
            "\u{a0}",
            "&copy;",
            "&amp;",
            "行一\n行二",
            "行一  \n行二",
            "---\n\n",
            "[链接](https://example.gov.cn/a?b=1&c=2)",
            "[相对](../x/)",
            "![图](https://example.gov.cn/a.png)",
            "<b>粗</b>",
            "<script>alert(1)</script>",
            "| 甲 | 乙 |\n|:--|--:|\n| 1 | 2 |\n\n",
            "| 指标 | 整改前 | 整改后 |\n|---|---|---|\n| 时限（天） | 3 | 1 |\n| 往返 | **4** | 1 |\n\n",
            "| 甲 |\n|---|\n\n",
            "脚注[^1]\n\n[^1]: 说明\n\n",
            "```rust\nfn main() {}\n```\n\n",
            "\n\n",
            "：",
            "，",
            "。",
            "\\*",
            "<!-- 注释 -->",
            "[见](item:ZZK-2026-003)",
            "javascript:alert(1)",
        ];
        let mut seed: u64 = 9704;
        let mut bodies: Vec<String> = Vec::new();
        for _ in 0..4000 {
            let mut body = String::new();
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            for _ in 0..1 + (seed >> 60) {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                body.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            bodies.push(body);
        }
        let items = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/items");
        for entry in walkdir::WalkDir::new(items).into_iter().flatten() {
            if let Ok(text) = std::fs::read_to_string(entry.path()) {
                bodies.push(text.splitn(3, "---").nth(2).unwrap_or("").to_string());
            }
        }
        let (mut plain, mut plain_tables) = (0, 0);
        for body in &bodies {
            let prepared = Prepared::new(body);
            let mut html_out = String::new();
            html::push_html(&mut html_out, prepared.events());
            if prepared.events().all(|e| is_plain(&e)) {
                plain += 1;
                plain_tables += usize::from(html_out.contains("<table>"));
                let html_out = unmark(&html_out);
                assert_eq!(sanitize(&html_out), html_out, "{body:?}");
            }
            assert_eq!(
                render(body, &no_links),
                sanitize(&render(body, &no_links)),
                "{body:?}"
            );
        }
        assert!(plain > 500, "only {plain} plain bodies");
        assert!(
            plain_tables > 50,
            "only {plain_tables} plain bodies with a table"
        );
    }

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
    fn raw_html_is_sanitized() {
        let html = render(
            "<script>alert(1)</script>\n\n段落<img src=x onerror=alert(1)><b>粗体</b><u>下划线</u>\
             <span style=\"color:red\" class=\"x\" id=\"main\">字</span>",
            &none,
        );
        assert!(
            !html.contains("<script") && !html.contains("alert"),
            "{html}"
        );
        assert!(html.contains("<img src=\"x\">"), "{html}");
        assert!(
            html.contains("<b>粗体</b><u>下划线</u>字</p>"),
            "allowed tags stay, others keep their text: {html}"
        );
        assert!(
            !html.contains("style") && !html.contains("class") && !html.contains("id="),
            "{html}"
        );
    }

    #[test]
    fn sanitizer_removes_mutation_xss_and_script_urls() {
        for payload in [
            "<svg><script>alert(1)</script></svg>",
            "<math><mi//xlink:href=\"data:x,<script>alert(4)</script>\">",
            "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
            "<style><img src=x onerror=alert(1)></style>",
            "<IMG SRC=JaVaScRiPt:alert(1)>",
            "<a href=\"jav&#x61;script:alert(1)\">x</a>",
            "<a href=\" javascript:alert(1)\">x</a>",
            "<a href=\"java\tscript:alert(1)\">x</a>",
            "<a href=\"vbscript:msgbox(1)\">x</a>",
            "<img src=\"http://e.cn/a.png\"><img src=\"data:image/png;base64,AA==\">",
            "<p OnErRoR=alert(1) onclick=alert(1)>x</p>",
            "<iframe src=javascript:alert(1)></iframe><form action=javascript:alert(1)><button>x",
            "<div style=\"background:url(javascript:alert(1))\">x</div>",
        ] {
            let html = render(payload, &none).to_ascii_lowercase();
            for bad in [
                "<script",
                "<svg",
                "<math",
                "<style",
                "<iframe",
                "<form",
                "<noscript",
                " on",
                "javascript",
                "vbscript",
                "data:",
                "http:",
                "alert",
                "style=",
            ] {
                assert!(!html.contains(bad), "{payload} gave {html}");
            }
        }
    }

    #[test]
    fn absolute_links_get_rel_and_relative_ones_do_not() {
        let html = render(
            "[a](https://e.cn/) [b](../x/) <a href=\"mailto:a@e.cn\">c</a> <a>d</a> [e](#fn-1)",
            &none,
        );
        assert!(
            html.contains("<a href=\"https://e.cn/\" rel=\"noopener noreferrer\">a</a>")
                && html.contains("<a href=\"../x/\">b</a>")
                && html.contains("<a href=\"mailto:a@e.cn\" rel=\"noopener noreferrer\">c</a>")
                && html.contains("<a>d</a>")
                && html.contains("<a href=\"#fn-1\">e</a>"),
            "{html}"
        );
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
        assert!(
            html.contains("<sup class=\"footnote-reference\"><a href=\"#fn-1\">1</a></sup>")
                && html.contains("<div class=\"footnote-definition\" id=\"fn-1\">")
                && html.contains("<sup class=\"footnote-definition-label\">1</sup>"),
            "{html}"
        );
    }

    #[test]
    fn top_level_headings_become_h2() {
        assert_eq!(render("# 问题描述", &none), "<h2>问题描述</h2>\n");
    }
}
