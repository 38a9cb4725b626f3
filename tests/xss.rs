//! Script injection: a corpus of XSS payloads placed in every kind of text a record carries
//! (item titles and bodies, timeline notes and evidence, responsible people, office names,
//! chiefs and duties, the site's title) is built with the real binary, and every page is then
//! parsed with an HTML5 parser (scraper / html5ever) and checked: no script but the theme's
//! own files, no event handler, no script URL, no dangerous element, and every YAML string
//! shown as the same text it was written as. The feeds carry the payloads as escaped text,
//! and the open data carries them verbatim.

use std::path::{Path, PathBuf};
use std::process::Command;

use scraper::{ElementRef, Html, Selector};

const AS_OF: &str = "2026-11-25";

/// The theme's Content-Security-Policy, the only `meta http-equiv` a page may have.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   object-src 'none'; base-uri 'none'; form-action 'self'";

/// The corpus. Each payload is one item's title, body, note, evidence and responsible person,
/// and one office's name, chief and duties.
const PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=JaVaScRiPt:alert(1)>",
    "<a href=\"jav&#x61;script:alert(1)\">x</a>",
    "<a href=\" javascript:alert(1)\">x</a>",
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "![x](data:text/html;base64,PHNjcmlwdD4=)",
    "<svg><script>alert(1)</script></svg>",
    "<math><mi//xlink:href=\"data:x,<script>alert(4)</script>\">",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<style><img src=x onerror=alert(1)></style>",
    "\"><script>alert(1)</script>",
    "'><img src=x onerror=alert(1)>",
    "<body onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    "<form action=javascript:alert(1)><button>x",
    "<details open ontoggle=alert(1)>",
    "<a href=\"vbscript:msgbox(1)\">x</a>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<base href=\"javascript:alert(1)//\">",
    "{{ site }}",
    "{% raw %}x{% endraw %}{{ config.title }}",
    "<img src=x OnErRoR=alert(1)>",
    "<a href=\"java\tscript:alert(1)\">x</a>",
    "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>",
    "<a href=\"javascript&colon;alert(1)\">x</a>",
    "<a href=\"\u{1}\u{e}javascript:alert(1)\">x</a>",
    "[x](&#x6A;avascript:alert(1))",
    "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
    "<svg/onload=alert(1)>",
    "<svg></p><style><a id=\"</style><img src=1 onerror=alert(1)>\">",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<embed src=\"javascript:alert(1)\">",
    "<input onfocus=alert(1) autofocus>",
    "<button formaction=javascript:alert(1)>x</button>",
    "<video><source onerror=\"alert(1)\"></video>",
    "<template><script>alert(1)</script></template>",
    "<x onclick=alert(1)>点击</x>",
    "<a href=\"https://example.invalid/\" onclick=alert(1)>正常链接</a>",
    "<!--<img src=x onerror=alert(1)>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "</div></main></body><script>alert(1)</script>",
    "<textarea><script>alert(1)</script></textarea>",
    "<table><td background=\"javascript:alert(1)\">x</td></table>",
    "<p lang=\"zh\" OnMouseOver=\"alert(1)\">悬停</p>",
];

/// Where a body's relative images may point: a file of the fixture's theme.
const IMAGE: &str = "../../assets/x.png";

/// A payload as written in a body: relative images point at a file that exists, so that the
/// build's broken-link check (tested on its own below) does not stop the build.
fn in_body(payload: &str) -> String {
    payload
        .replace("src=x", &format!("src={IMAGE}"))
        .replace("src=1 ", &format!("src={IMAGE} "))
}

/// A YAML double-quoted scalar (JSON strings are YAML).
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

fn item_id(i: usize) -> String {
    format!("X-{i:02}")
}

fn office_id(i: usize) -> String {
    format!("o{i:02}")
}

/// The site title: a payload too.
const SITE_TITLE: &str = "测试县<script>alert('title')</script>{{ site.title }}";

fn write_site(root: &Path) {
    let content = root.join("content");
    std::fs::create_dir_all(content.join("offices")).unwrap();
    std::fs::create_dir_all(content.join("items")).unwrap();
    std::fs::create_dir_all(root.join("themes/default/static")).unwrap();
    std::fs::write(
        root.join("themes/default/static/x.png"),
        b"\x89PNG\r\n\x1a\n",
    )
    .unwrap();
    std::fs::write(
        content.join("site.yaml"),
        format!(
            "title: {}\nunit: 测试县委组织部\ncampaign: 机关效能建设年活动\nyear: 2026\ntheme: default\n\
             timezone: Asia/Shanghai\nphases:\n  - id: all\n    name: 全年\n    start: 2026-04-01\n    end: 2026-12-31\n\
             categories:\n  - id: xiaolv\n    name: 整治办事效率不高问题\n",
            quoted(SITE_TITLE)
        ),
    )
    .unwrap();
    for (i, payload) in PAYLOADS.iter().enumerate() {
        let p = quoted(payload);
        std::fs::write(
            content
                .join("offices")
                .join(format!("{}.yaml", office_id(i))),
            format!(
                "id: {}\nname: {}\nchief: {p}\ndeputy: 李某某\nduties: {p}\nphone: 0839-1234567\n",
                office_id(i),
                quoted(&format!("科室{i:02}{payload}")),
            ),
        )
        .unwrap();
        let body = in_body(payload);
        std::fs::write(
            content.join("items").join(format!("{}.md", item_id(i))),
            format!(
                "---\nid: {id}\noffice: {office}\ntitle: {p}\ncategory: xiaolv\nsource: 群众提\n\
                 found: 2026-06-01\ndeadline: 2026-06-30\nleader: {p}\nresponsible: {p}\ntimeline:\n\
                 \x20 - date: 2026-06-01\n    status: 待整改\n    note: {p}\n\
                 \x20 - date: 2026-06-10\n    status: 已办结\n    note: {note}\n    evidence:\n\
                 \x20     - {p}\n      - {web}\n---\n\
                 ## 问题描述\n\n{body}\n\n段落中{body}结尾[^1]。\n\n- 列表 {body}\n\n\
                 | 列 | 值 |\n|---|---|\n| 单元格 | {body} |\n\n[链接{body}](https://example.invalid/)\n\n\
                 [^1]: 注释{body}\n",
                id = item_id(i),
                office = office_id(i),
                note = quoted(&format!("办结{payload}")),
                web = quoted(&format!("https://example.invalid/?q={payload}")),
            ),
        )
        .unwrap();
    }
}

fn run_build(root: &Path, output: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["build", "--as-of", AS_OF, "--root"])
        .arg(root)
        .arg("--output")
        .arg(output)
        .output()
        .unwrap()
}

/// The built corpus site, kept for all the checks.
struct Site {
    _dir: tempfile::TempDir,
    out: PathBuf,
}

fn site() -> &'static Site {
    static SITE: std::sync::OnceLock<Site> = std::sync::OnceLock::new();
    SITE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        write_site(dir.path());
        let out = dir.path().join("public");
        let result = run_build(dir.path(), &out);
        assert!(
            result.status.success(),
            "{}",
            String::from_utf8_lossy(&result.stderr)
        );
        Site { _dir: dir, out }
    })
}

fn files(root: &Path, ext: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == ext) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap()
}

fn parse(path: &Path) -> Html {
    Html::parse_document(&std::fs::read_to_string(path).unwrap())
}

/// An attribute value as a browser reads a URL: ASCII whitespace and control characters
/// removed, lower case.
fn normalized_url(value: &str) -> String {
    value
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Every injection problem of one parsed page.
fn problems(page: &str, html: &Html) -> Vec<String> {
    let mut found = Vec::new();
    for element in html
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
    {
        let name = element.value().name().to_ascii_lowercase();
        let attr = |name: &str| element.value().attr(name);
        match name.as_str() {
            "script" => {
                let mut target = attr("src").unwrap_or("");
                while let Some(rest) = target.strip_prefix("../") {
                    target = rest;
                }
                let allowed = (target.starts_with("assets/") || target.starts_with("search/"))
                    && target.ends_with(".js")
                    && !target.contains("..")
                    && !target.contains(':')
                    && element.text().all(|t| t.trim().is_empty())
                    && element
                        .value()
                        .attrs()
                        .all(|(a, _)| matches!(a, "src" | "defer"));
                if !allowed {
                    found.push(format!(
                        "{page}: a script that is not the theme's: {}",
                        element.html()
                    ));
                }
            }
            "iframe" | "frame" | "frameset" | "object" | "embed" | "applet" | "svg" | "math"
            | "style" | "base" | "noscript" | "template" | "textarea" | "details" | "video"
            | "audio" | "source" | "input" | "button" | "select" => {
                let theme_search = page.ends_with("search/index.html")
                    && matches!(name.as_str(), "input" | "button")
                    && element
                        .ancestors()
                        .filter_map(ElementRef::wrap)
                        .any(|a| a.value().id() == Some("search-form"));
                // The theme's charts: an inline SVG made by src/campaign/charts.rs (escaped
                // text only) inside the chart partial's figure; nothing from a record is SVG.
                let theme_chart = name == "svg"
                    && attr("class") == Some("chart-svg")
                    && element
                        .parent()
                        .and_then(ElementRef::wrap)
                        .is_some_and(|p| {
                            p.value().name() == "figure" && p.value().attr("class") == Some("chart")
                        });
                if !theme_search && !theme_chart {
                    found.push(format!("{page}: a <{name}> element: {}", element.html()));
                }
            }
            "form" => {
                let theme_search = page.ends_with("search/index.html")
                    && element.value().id() == Some("search-form")
                    && attr("action").is_none();
                if !theme_search {
                    found.push(format!("{page}: a form: {}", element.html()));
                }
            }
            "meta" if attr("http-equiv").is_some() => {
                let csp = attr("http-equiv")
                    .unwrap()
                    .eq_ignore_ascii_case("content-security-policy")
                    && attr("content") == Some(CSP);
                if !csp {
                    found.push(format!("{page}: a meta http-equiv: {}", element.html()));
                }
            }
            _ => {}
        }
        for (attribute, value) in element.value().attrs() {
            let attribute = attribute.to_ascii_lowercase();
            if attribute.starts_with("on") {
                found.push(format!("{page}: an event handler: {}", element.html()));
            }
            if attribute == "style" {
                found.push(format!("{page}: a style attribute: {}", element.html()));
            }
            let url_attribute = matches!(
                attribute.as_str(),
                "href"
                    | "src"
                    | "action"
                    | "formaction"
                    | "xlink:href"
                    | "data"
                    | "poster"
                    | "background"
                    | "srcset"
                    | "ping"
            );
            if url_attribute {
                let url = normalized_url(value);
                if ["javascript:", "vbscript:", "data:"]
                    .iter()
                    .any(|scheme| url.starts_with(scheme))
                {
                    found.push(format!("{page}: a script URL: {}", element.html()));
                }
            }
        }
    }
    found
}

#[test]
fn the_corpus_is_large_enough() {
    assert!(PAYLOADS.len() >= 30, "{}", PAYLOADS.len());
}

#[test]
fn no_page_has_a_script_a_handler_a_script_url_or_a_dangerous_element() {
    let site = site();
    let pages = files(&site.out, "html");
    assert!(pages.len() > PAYLOADS.len() * 2, "{} pages", pages.len());
    let csp = selector("head > meta[http-equiv=\"Content-Security-Policy\"]");
    let mut found = Vec::new();
    for path in &pages {
        let page = path.strip_prefix(&site.out).unwrap().display().to_string();
        let html = parse(path);
        found.extend(problems(&page, &html));
        if html.select(&csp).count() != 1 {
            found.push(format!("{page}: no Content-Security-Policy meta in <head>"));
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn every_yaml_string_is_shown_as_the_text_it_was_written_as() {
    let site = site();
    let h1 = selector("h1");
    let notes = selector(".timeline-note");
    let evidence = selector(".evidence li");
    let dd = selector("dd");
    let title = selector("title");
    for (i, payload) in PAYLOADS.iter().enumerate() {
        let page = parse(&site.out.join(format!("items/{}/index.html", item_id(i))));
        let heading: String = page.select(&h1).next().unwrap().text().collect();
        assert_eq!(heading.trim(), *payload, "item {i}'s title");
        let head_title: String = page.select(&title).next().unwrap().text().collect();
        assert_eq!(head_title, format!("{payload} - {SITE_TITLE}"));
        let notes: Vec<String> = page.select(&notes).map(|n| n.text().collect()).collect();
        assert_eq!(notes, [payload.to_string(), format!("办结{payload}")]);
        let evidence: Vec<String> = page
            .select(&evidence)
            .map(|n| n.text().collect::<String>().trim().to_string())
            .collect();
        let web = format!("https://example.invalid/?q={payload}");
        assert_eq!(evidence, [payload.to_string(), web.clone()]);
        let link = page
            .select(&selector(".evidence a"))
            .next()
            .expect("the web address is a link");
        assert_eq!(link.value().attr("href"), Some(web.as_str()));
        let fields: Vec<String> = page.select(&dd).map(|d| d.text().collect()).collect();
        assert!(
            fields.iter().filter(|f| f.trim() == *payload).count() >= 2,
            "leader and responsible of item {i}: {fields:?}"
        );

        let office = parse(
            &site
                .out
                .join(format!("offices/{}/index.html", office_id(i))),
        );
        let heading: String = office.select(&h1).next().unwrap().text().collect();
        assert_eq!(heading.trim(), format!("科室{i:02}{payload}"));
        let fields: Vec<String> = office.select(&dd).map(|d| d.text().collect()).collect();
        assert!(
            fields.iter().filter(|f| f.trim() == *payload).count() >= 2,
            "chief and duties of office {i}: {fields:?}"
        );
    }
}

#[test]
fn bodies_keep_their_allowed_markup_and_lose_the_rest() {
    let site = site();
    let prose = selector(".prose");
    for (i, payload) in PAYLOADS.iter().enumerate() {
        let page = parse(&site.out.join(format!("items/{}/index.html", item_id(i))));
        let body = page.select(&prose).next().expect("a body");
        assert!(
            body.select(&selector("h2, p, ul > li, table td, .footnote-definition"))
                .count()
                >= 5,
            "item {i} ({payload}): the Markdown around the payload is kept: {}",
            body.html()
        );
        for element in body.descendants().filter_map(ElementRef::wrap) {
            let allowed = [
                "div",
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
                "a",
                "img",
            ];
            let name = element.value().name();
            assert!(
                allowed.contains(&name),
                "item {i} ({payload}): <{name}> in {}",
                body.html()
            );
            for (attribute, value) in element.value().attrs() {
                let ok = match (name, attribute) {
                    ("a", "href" | "title" | "rel") | ("img", "src" | "alt" | "title") => true,
                    ("ol", "start") => true,
                    ("th" | "td", "scope" | "align" | "colspan" | "rowspan") => true,
                    ("div", "id") => value.starts_with("fn-"),
                    ("div", "class") => value == "footnote-definition" || value == "prose",
                    ("sup", "class") => {
                        value == "footnote-reference" || value == "footnote-definition-label"
                    }
                    _ => false,
                };
                assert!(
                    ok,
                    "item {i} ({payload}): {attribute}=\"{value}\" on <{name}>: {}",
                    body.html()
                );
            }
            if name == "img" {
                let src = element.value().attr("src").unwrap_or(IMAGE);
                assert_eq!(
                    src,
                    IMAGE,
                    "item {i}: only relative images: {}",
                    body.html()
                );
            }
        }
        let external = selector("a[href^=\"https:\"]");
        for link in body.select(&external) {
            assert_eq!(link.value().attr("rel"), Some("noopener noreferrer"));
        }
    }
    // The harmless part of a payload stays: the link's text and its address, not its handler.
    let i = PAYLOADS
        .iter()
        .position(|p| p.contains("正常链接"))
        .unwrap();
    let page = parse(&site.out.join(format!("items/{}/index.html", item_id(i))));
    let link = page
        .select(&selector(".prose a[href=\"https://example.invalid/\"]"))
        .find(|a| a.text().collect::<String>() == "正常链接")
        .expect("the ordinary link is kept");
    assert_eq!(link.value().attrs().count(), 2, "{}", link.html());
}

#[test]
fn feeds_carry_the_payloads_as_escaped_text() {
    let site = site();
    let feeds = files(&site.out.join("feeds"), "xml");
    assert!(!feeds.is_empty());
    let mut escaped_seen = 0;
    for path in &feeds {
        let xml = std::fs::read_to_string(path).unwrap();
        let lower = xml.to_ascii_lowercase();
        for markup in [
            "<script",
            "<img",
            "<svg",
            "<math",
            "<iframe",
            "<a href=\"jav",
            "<style",
        ] {
            assert!(
                !lower.contains(markup),
                "{}: unescaped {markup}",
                path.display()
            );
        }
        let feed = atom_syndication::Feed::read_from(xml.as_bytes())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for entry in feed.entries() {
            assert_ne!(entry.title().r#type, atom_syndication::TextType::Html);
            assert_ne!(entry.title().r#type, atom_syndication::TextType::Xhtml);
            if let Some(summary) = entry.summary() {
                assert_ne!(summary.r#type, atom_syndication::TextType::Html);
                assert_ne!(summary.r#type, atom_syndication::TextType::Xhtml);
            }
            if PAYLOADS.iter().any(|p| entry.title().value.contains(p)) {
                escaped_seen += 1;
            }
        }
        if xml.contains("&lt;script&gt;alert(1)&lt;/script&gt;") {
            escaped_seen += 1;
        }
    }
    assert!(
        escaped_seen > PAYLOADS.len(),
        "the feeds name the items by their titles, as text ({escaped_seen})"
    );
}

#[test]
fn open_data_keeps_the_text_verbatim() {
    let site = site();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(site.out.join("data/items.csv"))
        .unwrap();
    let cells: Vec<String> = reader
        .records()
        .flat_map(|r| r.unwrap().iter().map(str::to_string).collect::<Vec<_>>())
        .collect();
    for payload in PAYLOADS {
        assert!(
            cells.iter().any(|c| c == payload),
            "items.csv has the title {payload:?} verbatim"
        );
    }
}

#[test]
fn a_body_image_that_points_nowhere_stops_the_build_as_a_broken_link() {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path());
    let items = dir.path().join("content/items");
    let first = items.join(format!("{}.md", item_id(0)));
    let text = std::fs::read_to_string(&first).unwrap();
    std::fs::write(&first, format!("{text}\n<img src=x onerror=alert(1)>\n")).unwrap();
    let out = dir.path().join("public");
    let result = run_build(dir.path(), &out);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("broken link `x`"), "{stderr}");
    assert!(
        !stderr.contains("onerror"),
        "the handler is gone before the check: {stderr}"
    );
    assert!(!out.exists(), "nothing is written");
}

#[test]
fn the_checks_catch_what_they_look_for() {
    let bad = [
        "<script>alert(1)</script>",
        "<script src=\"https://e.invalid/a.js\"></script>",
        "<script src=\"../../x.js\"></script>",
        "<img src=\"a.png\" OnErRoR=\"alert(1)\">",
        "<a href=\" JaVa\tScRiPt:alert(1)\">x</a>",
        "<a href=\"&#x1;vbscript:x\">x</a>",
        "<img src=\"data:image/png;base64,AA==\">",
        "<svg></svg>",
        "<math></math>",
        "<iframe></iframe>",
        "<object></object>",
        "<embed>",
        "<style></style>",
        "<base href=\"/\">",
        "<form></form>",
        "<meta http-equiv=\"refresh\" content=\"0;url=/\">",
        "<p style=\"color:red\">x</p>",
        "<button formaction=\"javascript:x\">x</button>",
    ];
    for fragment in bad {
        let html = Html::parse_document(&format!(
            "<!DOCTYPE html><html><head></head><body>{fragment}</body></html>"
        ));
        assert!(
            !problems("items/A/index.html", &html).is_empty(),
            "{fragment} went unnoticed"
        );
    }
    let good = Html::parse_document(&format!(
        "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\
         <script src=\"../../assets/tables.js\" defer></script></head><body><p>&lt;script&gt;</p>\
         <a href=\"https://e.invalid/\" rel=\"noopener noreferrer\">x</a></body></html>"
    ));
    assert_eq!(problems("items/A/index.html", &good), Vec::<String>::new());
}
