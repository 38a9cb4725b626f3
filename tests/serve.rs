//! The live preview: serves the site, picks up an edited record, shows a broken record's
//! errors over the page while the last good site stays served, tells open pages to reload,
//! previews drafts only when asked, and refuses a port in use.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const SITE: &str = "title: 测试站\nunit: 测试单位\ncampaign: 效能建设\nyear: 2026\ncategories:\n  - id: c1\n    name: 类别一\n";
const OFFICE: &str =
    "id: o1\nname: 一科\nchief: 王某某\ndeputy: 李某某\nduties: 职责。\nphone: 0839-5200001\n";

fn item(title: &str, found: &str, extra: &str) -> String {
    format!(
        "---\nid: A-1\noffice: o1\ntitle: {title}\ncategory: c1\nsource: 群众提\nfound: {found}\ndeadline: 2026-06-30\n{extra}\
         timeline:\n  - date: 2026-06-01\n    status: 整改中\n    note: 立项。\n---\n正文。\n"
    )
}

fn site(dir: &Path, item_text: &str) {
    std::fs::create_dir_all(dir.join("content/offices")).unwrap();
    std::fs::create_dir_all(dir.join("content/items")).unwrap();
    std::fs::write(dir.join("content/site.yaml"), SITE).unwrap();
    std::fs::write(dir.join("content/offices/o1.yaml"), OFFICE).unwrap();
    std::fs::write(dir.join("content/items/a.md"), item_text).unwrap();
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

fn serve(root: &Path, extra: &[&str]) -> Server {
    let child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["serve", "--port", "0", "--as-of", "2026-11-25", "--root"])
        .arg(root)
        .args(extra)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (send, lines) = mpsc::channel();
    // From here the server is stopped on drop, even if it never starts listening.
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

fn get(port: u16, path: &str) -> (u16, String) {
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
    let text = String::from_utf8_lossy(&response).into_owned();
    let code = text.split_whitespace().nth(1).unwrap().parse().unwrap();
    (code, text)
}

/// Polls until `check` holds for the page's text, or fails after ten seconds.
fn wait_for(port: u16, path: &str, what: &str, check: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (_, text) = get(port, path);
        if check(&text) {
            return text;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what}; last response:\n{text}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn an_edit_is_served_and_a_broken_record_shows_an_overlay_over_the_last_good_site() {
    let dir = tempfile::tempdir().unwrap();
    site(dir.path(), &item("窗口服务态度差", "2026-06-01", ""));
    let server = serve(dir.path(), &[]);
    let (code, page) = get(server.port, "/items/A-1/");
    assert_eq!(code, 200);
    assert!(page.contains("窗口服务态度差") && page.contains("/__gongkai/live.js"));

    // An open page is told to reload: the event stream sends a message on the next rebuild.
    let mut events = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    events
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        events,
        "GET /__gongkai/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(300));

    std::fs::write(
        dir.path().join("content/items/a.md"),
        item("窗口服务态度已改进", "2026-06-01", ""),
    )
    .unwrap();
    wait_for(server.port, "/items/A-1/", "the edited title", |t| {
        t.contains("窗口服务态度已改进")
    });
    let mut seen = String::new();
    let mut buffer = [0u8; 1024];
    let deadline = Instant::now() + Duration::from_secs(10);
    while !seen.contains("data:") && Instant::now() < deadline {
        let n = events.read(&mut buffer).unwrap();
        seen.push_str(&String::from_utf8_lossy(&buffer[..n]));
    }
    assert!(
        seen.contains("text/event-stream") && seen.contains("data:"),
        "{seen}"
    );

    std::fs::write(
        dir.path().join("content/items/a.md"),
        item("坏记录", "2026-02-30", ""),
    )
    .unwrap();
    let page = wait_for(server.port, "/items/A-1/", "the overlay", |t| {
        t.contains("gongkai-overlay")
    });
    assert!(
        page.contains("content/items/a.md:7:8"),
        "the overlay names the place:\n{page}"
    );
    assert!(
        page.contains("窗口服务态度已改进"),
        "the last good site is still served"
    );
    let (_, status) = get(server.port, "/__gongkai/status");
    assert!(status.contains("\"ok\":false"));

    std::fs::write(
        dir.path().join("content/items/a.md"),
        item("已修正", "2026-06-01", ""),
    )
    .unwrap();
    let page = wait_for(server.port, "/items/A-1/", "the fixed record", |t| {
        t.contains("已修正")
    });
    assert!(!page.contains("gongkai-overlay"));
}

#[test]
fn drafts_are_previewed_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    site(dir.path(), &item("草稿事项", "2026-06-01", "draft: true\n"));
    let plain = serve(dir.path(), &[]);
    assert_eq!(get(plain.port, "/items/A-1/").0, 404);
    drop(plain);
    let preview = serve(dir.path(), &["--drafts"]);
    let (code, page) = get(preview.port, "/items/A-1/");
    assert_eq!(code, 200);
    assert!(page.contains("草稿预览") && page.contains("草稿事项"));
}

#[test]
fn a_port_in_use_is_refused_with_status_3() {
    let dir = tempfile::tempdir().unwrap();
    site(dir.path(), &item("事项", "2026-06-01", ""));
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let output = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["serve", "--port", &port, "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot listen"));
}
