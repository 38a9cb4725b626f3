//! The built site as a whole: every page stamped with its as-of date, every link relative and
//! resolving, the same bytes from the same records, the embedded theme and its overrides,
//! and Chinese Markdown rendered right.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn gongkai(args: &[&str], root: &Path, output: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .arg("--root")
        .arg(root)
        .arg("--output")
        .arg(output)
        .output()
        .unwrap()
}

fn sample_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn build_sample(on: &str) -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("public");
    let result = gongkai(&["build", "--as-of", on], &sample_root(), &site);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    (out, site)
}

/// Every `href="…"` and `src="…"` value in a page.
fn links(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attr in ["href=\"", "src=\""] {
        for part in html.split(attr).skip(1) {
            found.push(part.split('"').next().unwrap().to_string());
        }
    }
    found
}

#[test]
fn every_page_is_stamped_relative_and_its_links_resolve() {
    let (_keep, site) = build_sample("2026-11-25");
    let files = tree(&site);
    let pages: Vec<_> = files
        .keys()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    assert!(pages.len() > 100);
    for page in pages {
        let html = String::from_utf8(files[page].clone()).unwrap();
        assert!(html.contains("<html lang=\"zh-CN\">"), "{page:?}");
        assert!(
            html.contains("数据截至"),
            "{page:?} carries the as-of stamp"
        );
        assert!(
            html.contains("2026年11月25日"),
            "{page:?} names the as-of date"
        );
        assert_eq!(html.matches("<h1").count(), 1, "{page:?} has one h1");
        for link in links(&html) {
            if link.starts_with("https://")
                || link.starts_with("http://")
                || link.starts_with("tel:")
                || link.starts_with('#')
            {
                continue;
            }
            assert!(
                !link.starts_with('/'),
                "{page:?}: link {link} must be relative"
            );
            let base = page.parent().unwrap();
            // A fragment (`help/figures/#stale`) names a place in the file the path names.
            let link = link.split('#').next().unwrap_or_default();
            let mut target = site.join(base).join(link);
            if link.ends_with('/') || link.is_empty() || link == "./" {
                target = target.join("index.html");
            }
            assert!(target.is_file(), "{page:?}: link {link} does not resolve");
        }
    }
}

#[test]
fn same_records_and_date_give_the_same_bytes() {
    let (_a, first) = build_sample("2026-09-30");
    let (_b, second) = build_sample("2026-09-30");
    assert_eq!(tree(&first), tree(&second));
}

#[test]
fn chinese_emphasis_in_the_sample_renders_bold() {
    let (_keep, site) = build_sample("2026-11-25");
    let mut bold_after_punctuation = 0;
    for (path, bytes) in tree(&site.join("items")) {
        let html = String::from_utf8(bytes).unwrap();
        assert!(!html.contains("**"), "{path:?} shows unrendered ** markers");
        bold_after_punctuation += html.matches("。</strong>").count();
    }
    assert!(
        bold_after_punctuation >= 3,
        "the sample exercises **…。**后文"
    );
}

const SITE: &str = "title: 测试站\nunit: 测试单位\ncampaign: 效能建设\nyear: 2026\n\
categories:\n  - id: c1\n    name: 类别一\n";
const OFFICE: &str =
    "id: o1\nname: 一科\nchief: 王某某\ndeputy: 李某某\nduties: 职责。\nphone: 0839-5200001\n";
const ITEM: &str = "---\nid: A-1\noffice: o1\ntitle: 窗口服务态度差\ncategory: c1\nsource: 群众提\n\
found: 2026-06-01\ndeadline: 2026-06-30\ntimeline:\n  - date: 2026-06-01\n    status: 待整改\n    note: 立项。\n---\n\
正文<script>alert(1)</script>\n\n**整改完成。**群众满意\n";

fn small_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir_all(content.join("offices")).unwrap();
    std::fs::create_dir_all(content.join("items")).unwrap();
    std::fs::write(content.join("site.yaml"), SITE).unwrap();
    std::fs::write(content.join("offices/o1.yaml"), OFFICE).unwrap();
    std::fs::write(content.join("items/a1.md"), ITEM).unwrap();
    dir
}

#[test]
fn a_site_without_a_theme_folder_uses_the_embedded_theme() {
    let site = small_site();
    let out = site.path().join("public");
    let result = gongkai(&["build", "--as-of", "2026-07-01"], site.path(), &out);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    assert!(out.join("assets/style.css").is_file());
    let item = std::fs::read_to_string(out.join("items/A-1/index.html")).unwrap();
    assert!(item.contains("<strong>整改完成。</strong>群众满意"));
    assert!(
        !item.contains("<script>alert"),
        "raw HTML from a record is never markup"
    );
    assert!(item.contains("逾期 1 天"), "deadline 06-30 passed on 07-01");
}

#[test]
fn a_site_template_overrides_the_embedded_one_file_by_file() {
    let site = small_site();
    let templates = site.path().join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("overdue.html"),
        "{% extends \"base.html\" %}{% block content %}<h1>本县逾期清单</h1>{{ items | length }}{% endblock content %}",
    )
    .unwrap();
    let out = site.path().join("public");
    let result = gongkai(&["build", "--as-of", "2026-07-01"], site.path(), &out);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let overdue = std::fs::read_to_string(out.join("overdue/index.html")).unwrap();
    assert!(overdue.contains("<h1>本县逾期清单</h1>1"), "{overdue}");
    assert!(
        overdue.contains("数据截至"),
        "the embedded base.html still applies"
    );
}

#[test]
fn a_broken_site_template_is_a_records_error_naming_the_file() {
    let site = small_site();
    let templates = site.path().join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join("home.html"), "{% if %}").unwrap();
    let out = site.path().join("public");
    let result = gongkai(&["build", "--as-of", "2026-07-01"], site.path(), &out);
    assert_eq!(result.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        stderr.contains("themes/default/templates/home.html"),
        "{stderr}"
    );
    assert!(!out.exists());
}

#[test]
fn a_theme_named_but_missing_is_an_error() {
    let site = small_site();
    std::fs::write(
        site.path().join("content/site.yaml"),
        format!("{SITE}theme: county\n"),
    )
    .unwrap();
    let result = gongkai(
        &["check", "--as-of", "2026-07-01"],
        site.path(),
        &site.path().join("public"),
    );
    assert_eq!(result.status.code(), Some(2), "check takes no --output");
    let result = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["check", "--as-of", "2026-07-01", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    assert_eq!(result.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&result.stderr).contains("themes/county"));
}

#[test]
fn links_between_records_resolve_and_unknown_ids_are_errors() {
    let site = small_site();
    let items = site.path().join("content/items");
    let second = ITEM.replace("id: A-1", "id: B-2").replace(
        "正文<script>alert(1)</script>",
        "见[前一事项](item:A-1)，由[一科](office:o1)办理。",
    );
    std::fs::write(items.join("b2.md"), &second).unwrap();
    let out = site.path().join("public");
    let result = gongkai(&["build", "--as-of", "2026-07-01"], site.path(), &out);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let page = std::fs::read_to_string(out.join("items/B-2/index.html")).unwrap();
    assert!(
        page.contains("<a href=\"../../items/A-1/\">前一事项</a>"),
        "{page}"
    );
    assert!(page.contains("<a href=\"../../offices/o1/\">一科</a>"));

    std::fs::write(items.join("b2.md"), second.replace("item:A-1", "item:A-9")).unwrap();
    let result = gongkai(&["build", "--as-of", "2026-07-01"], site.path(), &out);
    assert_eq!(result.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        stderr.contains("content/items/b2.md:14:2: error: the link names an unknown item `A-9`"),
        "{stderr}"
    );
}

#[test]
fn a_portal_header_and_footer_replace_the_themes_without_copying_the_rest() {
    let site = small_site();
    let theme = site.path().join("themes/default");
    std::fs::create_dir_all(theme.join("templates/partials")).unwrap();
    std::fs::create_dir_all(theme.join("static/portal")).unwrap();
    std::fs::write(
        theme.join("templates/partials/header.html"),
        "<header class=\"portal\"><img src=\"{{ root }}assets/portal/logo.png\" alt=\"青岚县人民政府门户网站\"></header>",
    )
    .unwrap();
    std::fs::write(
        theme.join("templates/partials/footer.html"),
        "<footer>主办：青岚县人民政府办公室</footer>",
    )
    .unwrap();
    std::fs::write(theme.join("static/portal/logo.png"), b"\x89PNG\r\n\x1a\n").unwrap();
    let out = site.path().join("public");
    let result = gongkai(&["build", "--as-of", "2026-07-01"], site.path(), &out);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let item = std::fs::read_to_string(out.join("items/A-1/index.html")).unwrap();
    assert!(
        item.contains("<img src=\"../../assets/portal/logo.png\""),
        "the portal header, linked relatively"
    );
    assert!(item.contains("主办：青岚县人民政府办公室"));
    assert!(
        item.contains("窗口服务态度差"),
        "the rest of the embedded theme still renders the page"
    );
    assert!(out.join("assets/portal/logo.png").is_file() && out.join("assets/style.css").is_file());
}
