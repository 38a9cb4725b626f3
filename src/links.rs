//! Links inside the published site: every page's `href` and `src` values are resolved against
//! the files written, so a broken internal link fails the build instead of reaching the
//! public; and for a site opened straight from disk (a USB stick), links to folders are
//! rewritten to end in `index.html`, which browsers need on `file://`.

use std::borrow::Cow;
use std::sync::LazyLock;

use memchr::memmem;

/// How links to folders are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LinkStyle {
    /// `items/A-1/`: for any web server.
    #[default]
    Server,
    /// `items/A-1/index.html`: for opening from disk as well.
    File,
}

/// Every `href="…"` and `src="…"` value of a page, with `&amp;` decoded. Every page of a
/// build passes through here (the link check), so the attributes are found with `memchr`'s
/// vectorised search and a link is copied only when it holds an `&amp;`.
pub fn attribute_links(html: &str) -> Vec<Cow<'_, str>> {
    static ATTRIBUTES: LazyLock<[memmem::Finder<'static>; 2]> = LazyLock::new(|| {
        [
            memmem::Finder::new(" href=\""),
            memmem::Finder::new(" src=\""),
        ]
    });
    let mut links = Vec::new();
    for finder in ATTRIBUTES.iter() {
        for at in finder.find_iter(html.as_bytes()) {
            let rest = &html[at + finder.needle().len()..];
            if let Some(end) = memchr::memchr(b'"', rest.as_bytes()) {
                let link = &rest[..end];
                links.push(if link.contains("&amp;") {
                    Cow::Owned(link.replace("&amp;", "&"))
                } else {
                    Cow::Borrowed(link)
                });
            }
        }
    }
    links
}

/// Whether a link leaves the site or stays on the page (scheme, `//host`, `#fragment`).
fn is_external(link: &str) -> bool {
    let scheme_end = link.find(':');
    let first_special = link.find(['/', '?', '#']);
    let has_scheme = match (scheme_end, first_special) {
        (Some(colon), Some(other)) => colon < other,
        (Some(_), None) => true,
        _ => false,
    };
    has_scheme || link.starts_with("//") || link.starts_with('#')
}

/// The file below the site root that a relative link on `page` points to, or `Err` with
/// the reason when it leaves the site root. External links give `Ok(None)`.
pub fn resolve(page: &str, link: &str) -> Result<Option<String>, &'static str> {
    if is_external(link) {
        return Ok(None);
    }
    let target = link.split(['#', '?']).next().unwrap_or("");
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop(); // the page's own file name
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err("it climbs above the site root");
                }
            }
            other => parts.push(other),
        }
    }
    if target.is_empty()
        || target.ends_with('/')
        || target == "."
        || target.ends_with("/.")
        || target.ends_with("..")
    {
        parts.push("index.html");
    }
    Ok(Some(parts.join("/")))
}

/// Rewrites relative links to folders so they end in `index.html`.
pub fn to_file_links(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 1024);
    let mut rest = html;
    while let Some(at) = rest.find(" href=\"") {
        let start = at + " href=\"".len();
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest.find('"').unwrap_or(rest.len());
        let link = &rest[..end];
        let path = link.split(['#', '?']).next().unwrap_or("");
        out.push_str(path);
        if !is_external(link) && (path.ends_with('/') || path == "." || path == "..") {
            if !path.ends_with('/') {
                out.push('/');
            }
            out.push_str("index.html");
        }
        // A fragment or query stays after the file name: `help/figures/index.html#stale`.
        out.push_str(&link[path.len()..]);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_links_against_the_page() {
        assert_eq!(
            resolve("items/A/index.html", "../../offices/o/"),
            Ok(Some("offices/o/index.html".into()))
        );
        assert_eq!(resolve("index.html", "./"), Ok(Some("index.html".into())));
        assert_eq!(
            resolve("items/index.html", "../assets/style.css"),
            Ok(Some("assets/style.css".into()))
        );
        assert_eq!(
            resolve("items/index.html", "../"),
            Ok(Some("index.html".into()))
        );
        assert_eq!(resolve("index.html", "https://e.cn/x"), Ok(None));
        assert_eq!(resolve("index.html", "#main"), Ok(None));
        assert_eq!(resolve("index.html", "tel:0839-5200001"), Ok(None));
        assert!(resolve("index.html", "../x").is_err());
    }

    #[test]
    fn file_links_end_in_index_html() {
        let html = r##"<a href="../items/">x</a><a href="./">h</a><a href="https://e.cn/">e</a><a href="#m">m</a><link href="../a.css"><a href="../help/figures/#stale">f</a>"##;
        assert_eq!(
            to_file_links(html),
            r##"<a href="../items/index.html">x</a><a href="./index.html">h</a><a href="https://e.cn/">e</a><a href="#m">m</a><link href="../a.css"><a href="../help/figures/index.html#stale">f</a>"##
        );
    }

    #[test]
    fn finds_href_and_src() {
        let links = attribute_links(r#"<a href="a/?x=1&amp;y=2">a</a><img src="b.png" alt="">"#);
        assert_eq!(links, ["a/?x=1&y=2", "b.png"]);
    }
}
