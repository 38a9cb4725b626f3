//! Review and visibility: drafts are never published, an approval is needed when site.yaml
//! requires review, a withdrawn item leaves only a notice, an expired display period moves an
//! item to the archive; and the disclosure catalogue, link style and provenance from site.yaml.

use std::path::Path;
use std::process::{Command, Output};

const SITE: &str = "title: 测试站\nunit: 测试单位\ncampaign: 效能建设\nyear: 2026\n\
categories:\n  - id: c1\n    name: 类别一\n";
const OFFICE: &str =
    "id: o1\nname: 一科\nchief: 王某某\ndeputy: 李某某\nduties: 职责。\nphone: 0839-5200001\n";

fn item(id: &str, title: &str, extra: &str) -> String {
    format!(
        "---\nid: {id}\noffice: o1\ntitle: {title}\ncategory: c1\nsource: 群众提\nfound: 2026-06-01\n\
         deadline: 2026-06-30\n{extra}timeline:\n  - date: 2026-06-01\n    status: 整改中\n    note: {title}立项。\n---\n正文。\n"
    )
}

fn site(dir: &Path, site_extra: &str, items: &[(&str, String)]) {
    std::fs::create_dir_all(dir.join("content/offices")).unwrap();
    std::fs::create_dir_all(dir.join("content/items")).unwrap();
    std::fs::write(dir.join("content/site.yaml"), format!("{SITE}{site_extra}")).unwrap();
    std::fs::write(dir.join("content/offices/o1.yaml"), OFFICE).unwrap();
    for (name, text) in items {
        std::fs::write(dir.join("content/items").join(name), text).unwrap();
    }
}

fn run(args: &[&str], root: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .args(["--as-of", "2026-11-25", "--root"])
        .arg(root)
        .output()
        .unwrap()
}

fn build(root: &Path) -> (Output, std::path::PathBuf) {
    let out = root.join("public");
    let result = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["build", "--as-of", "2026-11-25", "--root"])
        .arg(root)
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    (result, out)
}

/// Every published text file of the output, concatenated: pages, feeds and data.
fn everything(out: &Path) -> String {
    walkdir::WalkDir::new(out)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            e.path()
                .extension()
                .is_some_and(|x| x == "html" || x == "xml" || x == "csv" || x == "json")
        })
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect()
}

#[test]
fn a_draft_is_listed_by_check_and_published_nowhere() {
    let dir = tempfile::tempdir().unwrap();
    site(
        dir.path(),
        "",
        &[
            ("a.md", item("A-1", "窗口服务态度差", "")),
            ("d.md", item("D-1", "尚未审核的草稿事项", "draft: true\n")),
        ],
    );
    let check = run(&["check"], dir.path());
    assert!(check.status.success());
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(
        stderr.contains("content/items/d.md:2:5: warning: draft, not published"),
        "{stderr}"
    );
    let (_, out) = build(dir.path());
    assert!(!out.join("items/D-1").exists());
    let all = everything(&out);
    assert!(
        !all.contains("尚未审核的草稿事项") && !all.contains("D-1"),
        "the draft leaks somewhere"
    );
    assert!(all.contains("窗口服务态度差"));
}

#[test]
fn with_review_required_only_approved_records_are_published() {
    let dir = tempfile::tempdir().unwrap();
    let approved = item(
        "A-1",
        "已审核事项",
        "approved_by: 分管副部长\napproved_on: 2026-06-02\n",
    );
    site(
        dir.path(),
        "review_required: true\n",
        &[("a.md", approved), ("b.md", item("B-1", "未审核事项", ""))],
    );
    // The office needs an approval too, or nothing of it is published.
    std::fs::write(
        dir.path().join("content/offices/o1.yaml"),
        format!("{OFFICE}approved_by: 办公室主任\napproved_on: 2026-06-01\n"),
    )
    .unwrap();
    let (result, out) = build(dir.path());
    assert!(
        String::from_utf8_lossy(&result.stderr)
            .contains("content/items/b.md:2:5: warning: draft, not published")
    );
    let all = everything(&out);
    assert!(all.contains("已审核事项") && !all.contains("未审核事项"));
}

#[test]
fn an_approval_needs_both_role_and_date() {
    let dir = tempfile::tempdir().unwrap();
    site(
        dir.path(),
        "",
        &[("a.md", item("A-1", "事项", "approved_by: 分管副部长\n"))],
    );
    let check = run(&["check"], dir.path());
    assert_eq!(check.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(
        stderr.contains("content/items/a.md:9:14: error: `approved_by` needs `approved_on`"),
        "{stderr}"
    );
}

#[test]
fn a_withdrawn_item_keeps_a_notice_and_leaves_lists_figures_and_data() {
    let dir = tempfile::tempdir().unwrap();
    let withdrawn = item(
        "W-1",
        "重复登记的事项",
        "withdrawn_on: 2026-07-02\nwithdrawn_reason: 与 A-1 为同一问题，已合并办理。\n",
    );
    site(
        dir.path(),
        "",
        &[
            ("a.md", item("A-1", "窗口服务态度差", "")),
            ("w.md", withdrawn),
        ],
    );
    let (_, out) = build(dir.path());
    let notice = std::fs::read_to_string(out.join("items/W-1/index.html")).unwrap();
    assert!(notice.contains("本事项已撤回") && notice.contains("与 A-1 为同一问题，已合并办理。"));
    assert!(
        !notice.contains("重复登记的事项立项。"),
        "the withdrawn record's content is not shown"
    );
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        home.contains("<span class=\"figure-num\">1</span>"),
        "only A-1 is counted"
    );
    let data = std::fs::read_to_string(out.join("data/items.json")).unwrap();
    assert!(!data.contains("W-1"));
    let items = std::fs::read_to_string(out.join("items/index.html")).unwrap();
    assert!(items.contains("已撤回事项") && items.contains("items/W-1/"));
}

#[test]
fn after_its_display_period_an_item_is_archived() {
    let dir = tempfile::tempdir().unwrap();
    site(
        dir.path(),
        "",
        &[
            ("a.md", item("A-1", "当前事项", "")),
            (
                "b.md",
                item("B-1", "公示期满事项", "display_until: 2026-10-31\n"),
            ),
        ],
    );
    let (_, out) = build(dir.path());
    let index = std::fs::read_to_string(out.join("items/index.html")).unwrap();
    let archive = &index[index.find("已归档事项").unwrap()..];
    assert!(archive.contains("items/B-1/") && !archive.contains("items/A-1/"));
    let page = std::fs::read_to_string(out.join("items/B-1/index.html")).unwrap();
    assert!(page.contains("公示期已于"));
}

#[test]
fn drafts_are_previewed_with_a_banner_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    site(
        dir.path(),
        "",
        &[("d.md", item("D-1", "草稿事项", "draft: true\n"))],
    );
    let out = dir.path().join("preview");
    let options = gongkai::Options {
        root: dir.path().to_path_buf(),
        output: Some(out.clone()),
        as_of: Some(chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()),
        drafts: true,
        ..gongkai::Options::default()
    };
    gongkai::build(&options).unwrap();
    let page = std::fs::read_to_string(out.join("items/D-1/index.html")).unwrap();
    assert!(page.contains("草稿预览") && page.contains("tag-draft"));
}

#[test]
fn the_catalogue_comes_from_site_yaml() {
    let dir = tempfile::tempdir().unwrap();
    let catalogue = "catalogue:\n  - kind: 整改事项\n    content: 问题和整改全过程\n    basis: 政府信息公开条例\n    \
                     time_limit: 5个工作日内\n    body: 各科室\n    channel: 本专栏\n    audience: 全社会\n";
    site(dir.path(), catalogue, &[("a.md", item("A-1", "事项", ""))]);
    let (_, out) = build(dir.path());
    let page = std::fs::read_to_string(out.join("catalogue/index.html")).unwrap();
    for cell in [
        "整改事项",
        "问题和整改全过程",
        "政府信息公开条例",
        "5个工作日内",
        "各科室",
        "本专栏",
        "全社会",
    ] {
        assert!(page.contains(cell), "{cell}");
    }
}

#[test]
fn site_yaml_can_ask_for_file_links() {
    let dir = tempfile::tempdir().unwrap();
    site(
        dir.path(),
        "links: file\n",
        &[("a.md", item("A-1", "事项", ""))],
    );
    let (_, out) = build(dir.path());
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("href=\"./items/index.html\""), "{home}");
    assert!(!home.contains("href=\"./items/\""));
}

#[test]
fn the_footer_names_the_commit_when_asked_and_a_build_date_only_from_source_date_epoch() {
    let dir = tempfile::tempdir().unwrap();
    site(
        dir.path(),
        "show_commit: true\n",
        &[("a.md", item("A-1", "事项", ""))],
    );
    let git = |args: &[&str]| {
        Command::new("git")
            .current_dir(dir.path())
            .args(args)
            .output()
    };
    let Ok(init) = git(&["init", "-q"]) else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "git is required in CI"
        );
        eprintln!("skipped: git is not installed");
        return;
    };
    assert!(init.status.success());
    git(&["add", "content"]).unwrap();
    let commit = git(&[
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.invalid",
        "commit",
        "-qm",
        "x",
    ])
    .unwrap();
    assert!(commit.status.success());
    let head = String::from_utf8(git(&["rev-parse", "HEAD"]).unwrap().stdout).unwrap();
    let out = dir.path().join("public");
    let result = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .env("SOURCE_DATE_EPOCH", "1795305600") // 2026-11-22T00:00:00Z
        .args(["build", "--as-of", "2026-11-25", "--root"])
        .arg(dir.path())
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    assert!(result.status.success());
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains(head.trim()), "the commit id is in the footer");
    assert!(home.contains("生成于 2026-11-22"));
    let (_, plain) = {
        std::fs::write(dir.path().join("content/site.yaml"), SITE).unwrap();
        build(dir.path())
    };
    let home = std::fs::read_to_string(plain.join("index.html")).unwrap();
    assert!(!home.contains(head.trim()) && !home.contains("生成于"));
}
