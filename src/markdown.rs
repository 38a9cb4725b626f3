//! Markdown bodies to HTML, with tables, footnotes and strikethrough, and with emphasis that
//! works in Chinese.
//!
//! CommonMark's flanking rules refuse to close `**整改完成。**群众满意`: the closing `**` is
//! preceded by punctuation (。) and followed by a letter (群), so it is not "right-flanking".
//! Chinese text hits this constantly. Before parsing, a `*` run that has CJK punctuation on
//! one side and a non-space character on the other gets an invisible marker (U+FFFC, which
//! CommonMark counts as punctuation) on the letter side; that satisfies the flanking rules,
//! and the markers are removed from the HTML afterwards.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, html};

const MARK: char = '\u{FFFC}';

/// Renders a record's Markdown body as HTML.
pub fn render(markdown: &str) -> String {
    let source = mark_cjk_emphasis(&markdown.replace(MARK, ""));
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let mut out = String::with_capacity(source.len() * 3 / 2);
    // Raw HTML in a record is shown as text, never passed through: records carry text
    // from the public, and nothing in them may become markup or script.
    let events = Parser::new_ext(&source, options).map(|event| match event {
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
    });
    html::push_html(&mut out, events);
    out.replace(MARK, "")
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

    #[test]
    fn chinese_emphasis_closing_after_punctuation() {
        assert_eq!(
            render("**整改完成。**群众满意"),
            "<p><strong>整改完成。</strong>群众满意</p>\n"
        );
    }

    #[test]
    fn chinese_emphasis_opening_before_punctuation() {
        assert_eq!(
            render("群众**“满意”**率高"),
            "<p>群众<strong>“满意”</strong>率高</p>\n"
        );
    }

    #[test]
    fn ordinary_markdown_is_unchanged() {
        assert_eq!(render("a **b** c"), "<p>a <strong>b</strong> c</p>\n");
        assert_eq!(render("2 * 3 * 4"), "<p>2 * 3 * 4</p>\n");
        assert_eq!(render("`**。**x`"), "<p><code>**。**x</code></p>\n");
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        let html = render("<script>alert(1)</script>\n\n段落<img src=x onerror=alert(1)>");
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
        );
        assert!(
            !html.to_lowercase().contains("javascript") && !html.contains("data:"),
            "{html}"
        );
        assert!(html.contains("href=\"https://e.cn/\""), "{html}");
    }

    #[test]
    fn tables_and_footnotes() {
        let html = render("| a | b |\n|---|---|\n| 1 | 2 |\n\n见注[^1]。\n\n[^1]: 注释。\n");
        assert!(
            html.contains("<table>") && html.contains("<td>1</td>"),
            "{html}"
        );
        assert!(html.contains("footnote-definition"), "{html}");
    }
}
