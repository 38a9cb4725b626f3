//! Publishing guarantees: atomic replacement even when killed, the same bytes on any number
//! of threads, a verifiable manifest, broken links refused, what changed named, and a site
//! that works under a sub-path of a real static server and straight from disk.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
}

fn sample_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn build(root: &Path, output: &Path, extra: &[&str]) -> Output {
    bin()
        .args(["build", "--as-of", "2026-11-25", "--root"])
        .arg(root)
        .arg("--output")
        .arg(output)
        .args(extra)
        .output()
        .unwrap()
}

fn ok(output: &Output) {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
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

/// A site with many items, so that a build takes long enough to be killed part-way.
fn big_site(dir: &Path, items: usize) {
    let content = dir.join("content");
    std::fs::create_dir_all(content.join("offices")).unwrap();
    std::fs::create_dir_all(content.join("items")).unwrap();
    std::fs::write(
        content.join("site.yaml"),
        "title: 测试站\nunit: 测试单位\ncampaign: 效能建设\nyear: 2026\ncategories:\n  - id: c1\n    name: 类别一\n",
    )
    .unwrap();
    std::fs::write(
        content.join("offices/o1.yaml"),
        "id: o1\nname: 一科\nchief: 王某某\ndeputy: 李某某\nduties: 职责。\nphone: 0839-5200001\n",
    )
    .unwrap();
    for n in 0..items {
        std::fs::write(
            content.join(format!("items/{n:05}.md")),
            format!(
                "---\nid: T-{n:05}\noffice: o1\ntitle: 第{n}号事项\ncategory: c1\nsource: 群众提\nfound: 2026-06-01\n\
                 deadline: 2026-06-30\ntimeline:\n  - date: 2026-06-02\n    status: 整改中\n    note: 开始整改。\n---\n\
                 ## 问题描述\n窗口服务需要改进，第{n}号。\n"
            ),
        )
        .unwrap();
    }
}

#[test]
fn a_killed_build_leaves_the_previous_site_complete() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let output = tmp.path().join("public");
    big_site(&root, 2500);
    ok(&build(&root, &output, &[]));
    let old = tree(&output);
    // The next publication differs: every page's as-of date changes. It is made elsewhere
    // against the same previous manifest, as a build into `output` that finishes makes it
    // (本次更新 compares with the site it replaces).
    let next = tmp.path().join("next");
    ok(&bin()
        .args(["build", "--as-of", "2026-11-26", "--root"])
        .arg(&root)
        .arg("--output")
        .arg(&next)
        .arg("--previous")
        .arg(output.join("manifest.json"))
        .output()
        .unwrap());
    let new = tree(&next);
    let mut killed_mid_build = 0;
    for delay_ms in [5u64, 20, 40, 80, 120, 200, 300, 450] {
        let mut child = bin()
            .args(["build", "--as-of", "2026-11-26", "--root"])
            .arg(&root)
            .arg("--output")
            .arg(&output)
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let finished = child.try_wait().unwrap().is_some();
        child.kill().ok();
        child.wait().unwrap();
        let now = tree(&output);
        assert!(
            now == old || now == new,
            "after a kill at {delay_ms} ms the output is neither the old nor the new site"
        );
        if !finished && now == old {
            killed_mid_build += 1;
        }
        // Put the old site back for the next round.
        if now == new {
            std::fs::remove_dir_all(&output).unwrap();
            ok(&build(&root, &output, &[]));
        }
    }
    assert!(
        killed_mid_build > 0,
        "at least one kill landed while the build was running"
    );
    // The next build cleans up what the killed ones left behind.
    ok(&build(&root, &output, &[]));
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn one_thread_or_many_give_the_same_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let mut trees = Vec::new();
    for threads in ["1", "2", "7"] {
        let output = tmp.path().join(format!("out-{threads}"));
        let result = bin()
            .env("RAYON_NUM_THREADS", threads)
            .args(["build", "--as-of", "2026-11-25", "--root"])
            .arg(sample_root())
            .arg("--output")
            .arg(&output)
            .output()
            .unwrap();
        ok(&result);
        trees.push(tree(&output));
    }
    assert_eq!(trees[0], trees[1]);
    assert_eq!(trees[0], trees[2]);
}

#[test]
fn sha256sum_accepts_the_checksums_and_the_manifest_lists_every_file() {
    let tmp = tempfile::tempdir().unwrap();
    let output = tmp.path().join("public");
    ok(&build(&sample_root(), &output, &[]));
    let check = Command::new("sha256sum")
        .args(["-c", "--strict", "SHA256SUMS"])
        .current_dir(&output)
        .output();
    match check {
        Ok(result) => assert!(
            result.status.success(),
            "{}",
            String::from_utf8_lossy(&result.stdout)
        ),
        Err(e) => panic!("sha256sum (coreutils) is needed for this test: {e}"),
    }
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(output.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["as_of"], "2026-11-25");
    let listed: Vec<&str> = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    let written: Vec<String> = tree(&output)
        .keys()
        .map(|p| p.to_string_lossy().into_owned())
        .filter(|p| p != "manifest.json" && p != "SHA256SUMS")
        .collect();
    assert_eq!(listed, written);
    let records = manifest["records"].as_array().unwrap();
    let item_files = walkdir::WalkDir::new(sample_root().join("content/items"))
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        // Drafts are not published, so the manifest does not name them.
        .filter(|e| {
            !std::fs::read_to_string(e.path())
                .unwrap()
                .contains("\ndraft: true\n")
        })
        .count();
    assert_eq!(
        records.iter().filter(|r| r["kind"] == "item").count(),
        item_files
    );
    assert!(
        records
            .iter()
            .all(|r| r["sha256"].as_str().unwrap().len() == 64)
    );
}

const SITE: &str = "title: 测试站\nunit: 测试单位\ncampaign: 效能建设\nyear: 2026\ncategories:\n  - id: c1\n    name: 类别一\n";
const OFFICE: &str =
    "id: o1\nname: 一科\nchief: 王某某\ndeputy: 李某某\nduties: 职责。\nphone: 0839-5200001\n";

fn item(id: &str, title: &str) -> String {
    format!(
        "---\nid: {id}\noffice: o1\ntitle: {title}\ncategory: c1\nsource: 群众提\nfound: 2026-06-01\ndeadline: 2026-06-30\n\
         timeline:\n  - date: 2026-06-01\n    status: 待整改\n    note: 立项。\n---\n正文。\n"
    )
}

fn small_site(dir: &Path) {
    std::fs::create_dir_all(dir.join("content/offices")).unwrap();
    std::fs::create_dir_all(dir.join("content/items")).unwrap();
    std::fs::write(dir.join("content/site.yaml"), SITE).unwrap();
    std::fs::write(dir.join("content/offices/o1.yaml"), OFFICE).unwrap();
    std::fs::write(
        dir.join("content/items/a.md"),
        item("A-1", "窗口服务态度差"),
    )
    .unwrap();
    std::fs::write(dir.join("content/items/b.md"), item("B-1", "公文流转慢")).unwrap();
}

#[test]
fn the_changes_page_names_added_edited_and_removed_records() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let output = tmp.path().join("public");
    small_site(&root);
    ok(&build(&root, &output, &[]));
    let first = std::fs::read_to_string(output.join("changes/index.html")).unwrap();
    assert!(first.contains("首次发布"));
    std::fs::write(
        root.join("content/items/a.md"),
        item("A-1", "窗口服务态度差（已补充）"),
    )
    .unwrap();
    std::fs::remove_file(root.join("content/items/b.md")).unwrap();
    std::fs::write(root.join("content/items/c.md"), item("C-1", "会议过多")).unwrap();
    ok(&build(&root, &output, &[]));
    let page = std::fs::read_to_string(output.join("changes/index.html")).unwrap();
    let section = |id: &str| {
        let start = page.find(&format!("id=\"changes-{id}\"")).unwrap();
        let rest = &page[start..];
        rest[..rest.find("</section>").unwrap()].to_string()
    };
    assert!(section("changed").contains("A-1") && section("changed").contains("items/A-1/"));
    assert!(section("removed").contains("B-1") && section("removed").contains("公文流转慢"));
    assert!(section("added").contains("C-1"));
    assert!(!section("added").contains("A-1") && !section("changed").contains("C-1"));
    // With --previous, the comparison is against the given manifest.
    let elsewhere = tmp.path().join("elsewhere");
    ok(&build(
        &root,
        &elsewhere,
        &["--previous", output.join("manifest.json").to_str().unwrap()],
    ));
    let page = std::fs::read_to_string(elsewhere.join("changes/index.html")).unwrap();
    assert!(page.contains("新增 0 条、修改 0 条、删除 0 条"), "{page}");
}

#[test]
fn a_broken_internal_link_fails_the_build_naming_the_page() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    small_site(&root);
    let templates = root.join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("overdue.html"),
        "{% extends \"base.html\" %}{% block content %}<h1>逾期</h1><a href=\"{{ root }}nowhere/\">x</a>{% endblock content %}",
    )
    .unwrap();
    let output = tmp.path().join("public");
    let result = build(&root, &output, &[]);
    assert_eq!(result.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        stderr.contains("overdue/index.html: error: broken link `../nowhere/`"),
        "{stderr}"
    );
    assert!(!output.exists(), "nothing is published");
}

#[test]
fn file_links_work_when_opened_from_disk() {
    let tmp = tempfile::tempdir().unwrap();
    let output = tmp.path().join("public");
    ok(&build(&sample_root(), &output, &["--links", "file"]));
    let mut checked = 0;
    for (page, bytes) in tree(&output) {
        if page.extension().is_none_or(|e| e != "html") || page == Path::new("404.html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for link in gongkai::links::attribute_links(&html) {
            if link.contains(':') || link.starts_with('#') {
                continue;
            }
            let path = link.split('#').next().unwrap();
            let target = output.join(page.parent().unwrap()).join(path);
            assert!(target.is_file(), "{page:?}: {link} is not a file on disk");
            checked += 1;
        }
    }
    assert!(checked > 1000);
}

/// A real static server (Python's http.server) serving the output under a sub-path.
struct Server {
    child: std::process::Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn python_server(dir: &Path) -> Option<Server> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .ok()?
        .local_addr()
        .ok()?
        .port();
    let child = Command::new("python3")
        .args([
            "-m",
            "http.server",
            "--bind",
            "127.0.0.1",
            &port.to_string(),
        ])
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    let child = match child {
        Ok(child) => child,
        Err(e) => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "python3 is required in CI: {e}"
            );
            eprintln!(
                "skipped: python3 is not installed, so no static server can be started ({e})"
            );
            return None;
        }
    };
    let server = Server { child, port };
    for _ in 0..100 {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Some(server);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("the static server did not start");
}

/// GET a path (non-ASCII bytes percent-encoded, as a browser sends them); returns the
/// status code and the body.
fn get(port: u16, path: &str) -> (u16, Vec<u8>) {
    let path: String = path
        .bytes()
        .map(|b| {
            if b.is_ascii() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let head_end = response.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&response[..head_end]);
    let code = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    (code, response[head_end + 4..].to_vec())
}

/// Resolves a relative link against a URL path the way a browser does.
fn join_url(base: &str, link: &str) -> String {
    let link = link.split('#').next().unwrap();
    let mut parts: Vec<&str> = base.split('/').collect();
    parts.pop();
    for part in link.split('/') {
        match part {
            "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    if link.is_empty() {
        base.to_string()
    } else {
        joined
    }
}

#[test]
fn the_site_under_a_sub_path_of_a_static_server_has_no_broken_link() {
    let tmp = tempfile::tempdir().unwrap();
    ok(&build(&sample_root(), &tmp.path().join("gongkai"), &[]));
    let Some(server) = python_server(tmp.path()) else {
        return;
    };
    let mut seen = std::collections::BTreeSet::new();
    let mut queue = vec!["/gongkai/".to_string()];
    while let Some(url) = queue.pop() {
        if !seen.insert(url.clone()) {
            continue;
        }
        let (code, body) = get(server.port, &url);
        assert_eq!(code, 200, "{url}");
        if !(url.ends_with('/') || url.ends_with(".html")) {
            continue;
        }
        for link in gongkai::links::attribute_links(&String::from_utf8_lossy(&body)) {
            if link.contains(':') || link.starts_with('#') {
                continue;
            }
            let target = join_url(&url, &link);
            assert!(
                target.starts_with("/gongkai/"),
                "{url}: {link} leaves the sub-path"
            );
            queue.push(target);
        }
    }
    let items = std::fs::read_dir(sample_root().join("content/items"))
        .unwrap()
        .count();
    assert!(
        seen.len() > items,
        "the crawl reached every page ({} urls)",
        seen.len()
    );
}

/// The 本次更新 page covers the campaign's records too: a new inspection, an edited opinion
/// and a removed 四个一 activity of a copy of the sample are named with their kind, and the
/// ones still published link to their pages.
#[test]
fn the_changes_page_names_campaign_records() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let sample = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content");
    for entry in walkdir::WalkDir::new(&sample) {
        let entry = entry.unwrap();
        let target = root
            .join("content")
            .join(entry.path().strip_prefix(&sample).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    let output = tmp.path().join("public");
    ok(&build(&root, &output, &[]));
    let inspection = "id: JC-2026-99\ndate: 2026-11-20\nkind: 抽查\ntitle: 十一月窗口服务抽查\noffices: [bgs]\nfindings:\n  - office: bgs\n    text: 窗口登记簿未填写办理结果。\n";
    std::fs::write(root.join("content/inspections/JC-2026-99.yaml"), inspection).unwrap();
    let opinion = root.join("content/opinions/YJ-2026-001.yaml");
    let text = std::fs::read_to_string(&opinion).unwrap();
    std::fs::write(&opinion, text.replacen("summary: ", "summary: （补充）", 1)).unwrap();
    std::fs::remove_file(root.join("content/activities/DY-2026-Q3.yaml")).unwrap();
    ok(&build(&root, &output, &[]));
    let page = std::fs::read_to_string(output.join("changes/index.html")).unwrap();
    let section = |id: &str| {
        let start = page.find(&format!("id=\"changes-{id}\"")).unwrap();
        let rest = &page[start..];
        rest[..rest.find("</section>").unwrap()].to_string()
    };
    let added = section("added");
    assert!(
        added.contains("监督检查") && added.contains("JC-2026-99"),
        "{added}"
    );
    assert!(added.contains("inspections/JC-2026-99/"), "{added}");
    let changed = section("changed");
    assert!(
        changed.contains("群众意见") && changed.contains("YJ-2026-001"),
        "{changed}"
    );
    assert!(changed.contains("opinions/"), "{changed}");
    let removed = section("removed");
    assert!(
        removed.contains("“四个一”活动") && removed.contains("DY-2026-Q3"),
        "{removed}"
    );
    assert!(page.contains("新增 1 条、修改 1 条、删除 1 条"), "{page}");
}

/// The manifest's record digests are the SHA-256 of each file as stored: a file kept as it
/// was read is hashed from memory, and files whose text the build changed (a byte-order mark
/// taken off, CRLF line ends, a body masked by the privacy policy) are hashed from disk. Each
/// is checked against the bytes on disk, hashed here.
#[test]
fn record_digests_are_of_the_stored_bytes() {
    use sha2::{Digest, Sha256};
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let output = tmp.path().join("public");
    small_site(&root);
    let site = format!("{SITE}privacy:\n  policy: mask\n");
    std::fs::write(root.join("content/site.yaml"), site).unwrap();
    let crlf = item("C-1", "会议过多").replace('\n', "\r\n");
    std::fs::write(root.join("content/items/c.md"), crlf).unwrap();
    let bom = format!("\u{feff}{}", item("D-1", "材料重复报送"));
    std::fs::write(root.join("content/items/d.md"), bom).unwrap();
    let masked = item("E-1", "回访不及时").replace("正文。", "回访电话 13812345678。");
    std::fs::write(root.join("content/items/e.md"), masked).unwrap();
    ok(&build(&root, &output, &[]));
    let page = std::fs::read_to_string(output.join("items/E-1/index.html")).unwrap();
    assert!(page.contains("138****5678"), "the body was not masked");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(output.join("manifest.json")).unwrap()).unwrap();
    let records = manifest["records"].as_array().unwrap();
    let paths = ["a", "b", "c", "d", "e"]
        .map(|name| format!("content/items/{name}.md"))
        .into_iter()
        .chain(["content/offices/o1.yaml".to_string()]);
    for path in paths {
        let stored = std::fs::read(root.join(&path)).unwrap();
        let expected: String = Sha256::digest(&stored)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let record = records.iter().find(|r| r["path"] == path.as_str());
        assert_eq!(record.unwrap()["sha256"], expected.as_str(), "{path}");
    }
}
