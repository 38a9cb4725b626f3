//! The live preview's incremental rebuilds: an edit to one item re-renders its page and its
//! office's page at once and the lists after; a broken edit still shows the overlay; a change
//! to anything but an item's text rebuilds everything; and after a series of edits the site
//! served is byte for byte the site a fresh full build makes.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const SITE: &str = "title: 测试站\nunit: 测试单位\ncampaign: 效能建设\nyear: 2026\ncategories:\n  - id: c1\n    name: 类别一\n  - id: c2\n    name: 类别二\n";

fn office(id: &str, name: &str) -> String {
    format!(
        "id: {id}\nname: {name}\nchief: 王某某\ndeputy: 李某某\nduties: 职责。\nphone: 0839-5200001\n"
    )
}

fn item(id: &str, office: &str, title: &str, category: &str, status: &str) -> String {
    format!(
        "---\nid: {id}\noffice: {office}\ntitle: {title}\ncategory: {category}\nsource: 群众提\nfound: 2026-03-01\ndeadline: 2026-06-30\n\
         timeline:\n  - date: 2026-06-01\n    status: {status}\n    note: 立项。\n---\n正文，见 [另一项](item:B-1)。\n"
    )
}

fn site(dir: &Path) {
    std::fs::create_dir_all(dir.join("content/offices")).unwrap();
    std::fs::create_dir_all(dir.join("content/items/o1")).unwrap();
    std::fs::create_dir_all(dir.join("content/items/o2")).unwrap();
    std::fs::write(dir.join("content/site.yaml"), SITE).unwrap();
    std::fs::write(dir.join("content/offices/o1.yaml"), office("o1", "一科")).unwrap();
    std::fs::write(dir.join("content/offices/o2.yaml"), office("o2", "二科")).unwrap();
    for (path, id, office) in [
        ("o1/a.md", "A-1", "o1"),
        ("o1/b.md", "B-1", "o1"),
        ("o2/c.md", "C-1", "o2"),
    ] {
        let text = item(id, office, &format!("{id} 的标题"), "c1", "整改中");
        std::fs::write(dir.join("content/items").join(path), text).unwrap();
    }
}

/// A running `gongkai serve`, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
    _lines: mpsc::Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(root: &Path) -> Server {
    let child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["serve", "--port", "0", "--as-of", "2026-11-25", "--root"])
        .arg(root)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (send, lines) = mpsc::channel();
    let mut server = Server {
        child,
        port: 0,
        _lines: lines,
    };
    let stderr = server.child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if send.send(line).is_err() {
                break;
            }
        }
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if let Ok(line) = server._lines.recv_timeout(Duration::from_millis(200)) {
            if let Some(rest) = line.strip_prefix("serving the preview on http://127.0.0.1:") {
                server.port = rest.split('/').next().unwrap().parse().unwrap();
                return server;
            }
        }
    }
    panic!("serve did not start");
}

/// The status code and the body.
fn get(port: u16, path: &str) -> (u16, Vec<u8>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let head_end = response.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&response[..head_end]).into_owned();
    let code = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    (code, response[head_end + 4..].to_vec())
}

fn text(port: u16, path: &str) -> String {
    String::from_utf8_lossy(&get(port, path).1).into_owned()
}

/// Polls until `check` holds for the page's text, or fails after twenty seconds.
fn wait_for(port: u16, path: &str, what: &str, check: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let page = text(port, path);
        if check(&page) {
            return page;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what}; last response:\n{page}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Waits until the background half of the latest rebuild is done.
fn settled(port: u16) {
    wait_for(port, "/__gongkai/status", "the lists", |s| {
        s.contains("\"busy\":false")
    });
}

#[test]
fn a_title_edit_reaches_the_item_page_then_the_items_index() {
    let dir = tempfile::tempdir().unwrap();
    site(dir.path());
    let server = serve(dir.path());
    let edited = item("A-1", "o1", "新的标题甲", "c1", "整改中");
    std::fs::write(dir.path().join("content/items/o1/a.md"), edited).unwrap();
    wait_for(server.port, "/items/A-1/", "the item page", |p| {
        p.contains("新的标题甲")
    });
    wait_for(server.port, "/offices/o1/", "the office page", |p| {
        p.contains("新的标题甲")
    });
    wait_for(server.port, "/items/", "the items index", |p| {
        p.contains("新的标题甲")
    });
    settled(server.port);
    assert!(text(server.port, "/items/").contains("新的标题甲"));
}

#[test]
fn an_edit_naming_an_unknown_office_shows_the_overlay() {
    let dir = tempfile::tempdir().unwrap();
    site(dir.path());
    let server = serve(dir.path());
    let broken = item("A-1", "nosuch", "坏的", "c1", "整改中");
    std::fs::write(dir.path().join("content/items/o1/a.md"), broken).unwrap();
    let page = wait_for(server.port, "/items/A-1/", "the overlay", |p| {
        p.contains("gongkai-overlay")
    });
    assert!(page.contains("nosuch"), "the overlay names the problem");
    assert!(
        page.contains("A-1 的标题"),
        "the last good page stays served"
    );
    // Mending it brings the site back, without the overlay.
    let mended = item("A-1", "o1", "修好了", "c1", "整改中");
    std::fs::write(dir.path().join("content/items/o1/a.md"), mended).unwrap();
    let page = wait_for(server.port, "/items/A-1/", "the mended page", |p| {
        p.contains("修好了")
    });
    assert!(!page.contains("gongkai-overlay"));
}

#[test]
fn a_change_to_site_yaml_rebuilds_every_page() {
    let dir = tempfile::tempdir().unwrap();
    site(dir.path());
    let server = serve(dir.path());
    std::fs::write(
        dir.path().join("content/site.yaml"),
        SITE.replace("测试站", "改名站"),
    )
    .unwrap();
    for path in ["/", "/items/A-1/", "/items/C-1/", "/offices/o2/"] {
        wait_for(server.port, path, "the new site title", |p| {
            p.contains("改名站")
        });
    }
}

#[test]
fn after_incremental_edits_the_served_site_equals_a_full_build() {
    let dir = tempfile::tempdir().unwrap();
    site(dir.path());
    let server = serve(dir.path());
    let edits = [
        ("o1/a.md", item("A-1", "o1", "甲一改", "c2", "已办结")),
        ("o2/c.md", item("C-1", "o2", "丙一改", "c1", "待整改")),
        ("o1/b.md", item("B-1", "o1", "乙一改", "c2", "整改中")),
        ("o1/a.md", item("A-1", "o1", "甲一再改", "c1", "整改中")),
    ];
    for (path, text_) in &edits {
        std::fs::write(dir.path().join("content/items").join(path), text_).unwrap();
        let id = &text_[8..11];
        let title = text_.lines().nth(3).unwrap().trim_start_matches("title: ");
        wait_for(server.port, &format!("/items/{id}/"), "the edit", |p| {
            p.contains(title)
        });
    }
    wait_for(server.port, "/items/", "the last edit in the index", |p| {
        p.contains("甲一再改")
    });
    settled(server.port);
    let status = text(server.port, "/__gongkai/status");
    assert!(
        status.contains("\"last\":\"lists\""),
        "the edits were incremental: {status}"
    );
    let options = gongkai::Options {
        root: dir.path().to_path_buf(),
        as_of: Some(chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()),
        ..Default::default()
    };
    let built = gongkai::build_in_memory(&options).unwrap();
    let script = "<script src=\"/__gongkai/live.js\"></script>";
    let mut compared = 0;
    for (path, bytes) in &built.files {
        let (code, body) = get(server.port, &format!("/{path}"));
        assert_eq!(code, 200, "{path}");
        if path.ends_with(".html") {
            let served = String::from_utf8(body).unwrap().replacen(script, "", 1);
            assert!(
                served.as_bytes() == bytes.as_slice(),
                "{path} differs from a full build"
            );
        } else {
            assert!(body == *bytes, "{path} differs from a full build");
        }
        compared += 1;
    }
    assert!(compared > 10);
}
