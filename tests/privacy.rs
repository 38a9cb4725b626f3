//! The privacy guard (《政府信息公开条例》第十五条), through the real binary on fixture sites:
//! personal information in any published text stops the build (`policy: error`, located and
//! shown masked) or is published masked (`policy: mask`) in every output; allow-list entries
//! exempt one field; censor rules reach every output; and a template that prints a mobile
//! number fails the build naming the output file.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SITE: &str = "title: 测试站\nunit: 测试单位\ncampaign: 效能建设\nyear: 2026\n\
categories:\n  - id: c1\n    name: 类别一\n";
const OFFICE: &str =
    "id: o1\nname: 一科\nchief: 王某某\ndeputy: 李某某\nduties: 职责。\nphone: 0839-5200001\n";

/// GB 11643: the check character of 17 digits, computed independently of the crate.
fn id_check(first17: &str) -> char {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17
        .chars()
        .zip(W)
        .map(|(c, w)| c.to_digit(10).unwrap() * w)
        .sum();
    ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'][(sum % 11) as usize]
}

fn valid_id(first17: &str) -> String {
    format!("{first17}{}", id_check(first17))
}

/// An ID with a wrong check character.
fn invalid_id(first17: &str) -> String {
    let right = id_check(first17);
    let wrong = if right == '0' { '1' } else { '0' };
    format!("{first17}{wrong}")
}

fn luhn_ok(digits: &str) -> bool {
    let sum: u32 = digits
        .chars()
        .rev()
        .enumerate()
        .map(|(i, c)| {
            let d = c.to_digit(10).unwrap();
            if i % 2 == 1 {
                (d * 2) / 10 + (d * 2) % 10
            } else {
                d
            }
        })
        .sum();
    sum % 10 == 0
}

/// A Luhn-valid card number from its first digits (the last digit computed).
fn valid_card(prefix: &str) -> String {
    (0..10)
        .map(|d| format!("{prefix}{d}"))
        .find(|c| luhn_ok(c))
        .unwrap()
}

fn invalid_card(prefix: &str) -> String {
    (0..10)
        .map(|d| format!("{prefix}{d}"))
        .find(|c| !luhn_ok(c))
        .unwrap()
}

fn item(id: &str, title: &str, extra: &str, note: &str, body: &str) -> String {
    format!(
        "---\nid: {id}\noffice: o1\ntitle: {title}\ncategory: c1\nsource: 群众提\nfound: 2026-06-01\n\
         deadline: 2026-06-30\n{extra}timeline:\n  - date: 2026-06-01\n    status: 整改中\n    note: {note}\n---\n{body}\n"
    )
}

struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    fn new(site_extra: &str, office: &str, items: &[(&str, String)]) -> Site {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/offices")).unwrap();
        std::fs::create_dir_all(root.join("content/items")).unwrap();
        std::fs::write(
            root.join("content/site.yaml"),
            format!("{SITE}{site_extra}"),
        )
        .unwrap();
        std::fs::write(root.join("content/offices/o1.yaml"), office).unwrap();
        for (name, text) in items {
            std::fs::write(root.join("content/items").join(name), text).unwrap();
        }
        Site { dir }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    fn run(&self, command: &str) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_gongkai"));
        cmd.args([command, "--as-of", "2026-11-25", "--root"])
            .arg(self.root());
        if command == "build" {
            cmd.arg("--output").arg(self.out());
        }
        cmd.output().unwrap()
    }

    fn build_ok(&self) {
        let result = self.run("build");
        assert!(
            result.status.success(),
            "{}",
            String::from_utf8_lossy(&result.stderr)
        );
    }

    fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.out().join(path)).unwrap()
    }

    /// Every file of the output, whatever its kind, as (path, text).
    fn all_files(&self) -> Vec<(String, String)> {
        walkdir::WalkDir::new(self.out())
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let path = e
                    .path()
                    .strip_prefix(self.out())
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                let text = String::from_utf8_lossy(&std::fs::read(e.path()).unwrap()).into_owned();
                (path, text)
            })
            .collect()
    }

    fn assert_nowhere(&self, raw: &str) {
        for (path, text) in self.all_files() {
            assert!(!text.contains(raw), "{raw} published in {path}");
        }
    }
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn clean_corpus_passes_under_the_default_error_policy() {
    // Landlines, dates, timeline text, wrong check digits, Luhn failures, numbers inside longer
    // runs or tokens, office mailboxes, and masked values are no findings.
    let bad_id = invalid_id("11010519491231002");
    let bad_card = invalid_card("622202123456789012");
    let body = format!(
        "## 问题描述\n\n办公电话0371-12345678，值班电话 0839-5212301，分机 0371-12345678-801。\n\
         2026-06-30 至 2026-07-31 期间收文120件，平均6.8个工作日，13:45 开会。\n\
         证号 {bad_id}（校验位不对），卡号 {bad_card}（不过 Luhn）。\n\
         流水号 1381234567890123456789，文件 abc13812345678.pdf，哈希 5e13812345678fa0。\n\
         来信请寄 zzb@qinglan.gov.cn，已打码的 138****5678。\n"
    );
    let site = Site::new(
        "",
        OFFICE,
        &[(
            "a.md",
            item(
                "A-1",
                "窗口服务态度差",
                "",
                "2026-06-01 立项，2026-06-15 回访，电话 0839-5212301，已打码的 z***@qq.com。",
                &body,
            ),
        )],
    );
    let check = site.run("check");
    assert!(check.status.success(), "{}", stderr(&check));
    site.build_ok();
}

#[test]
fn error_policy_locates_every_finding_and_shows_it_masked() {
    let id18 = valid_id("11010519491231002"); // 11010519491231002X
    assert_eq!(id18, "11010519491231002X");
    let card = valid_card("622202123456789012");
    let office = OFFICE.replace("0839-5200001", "13912345678");
    let note = format!("群众身份证号 {id18} 已核实。");
    let body = format!(
        "## 问题描述\n\n\
         群众反映，联系电话 +86 138 1234 5678。\n\
         另一手机１３７１２３４５６７８（全角）。\n\
         银行卡 {card}。\n\
         旧证号 110105491231002，邮箱 zhangsan@qq.com。\n"
    );
    let site = Site::new(
        "",
        &office,
        &[(
            "a.md",
            item("A-1", "手机号 135-0000-1111 的群众投诉", "", &note, &body),
        )],
    );
    let out = site.run("check");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    // Each finding at its file, line and column, masked.
    for (location, masked) in [
        ("content/offices/o1.yaml:6:8", "139****5678"),
        ("content/items/a.md:4:12", "135****1111"),
        ("content/items/a.md:12:18", "11*************02X"),
        ("content/items/a.md:16:11", "+86 138****5678"),
        ("content/items/a.md:17:5", "137****5678"),
        ("content/items/a.md:18:5", "6222***********"),
        ("content/items/a.md:19:5", "11**********002"),
        ("content/items/a.md:19:24", "z***@qq.com"),
    ] {
        let line = err
            .lines()
            .find(|l| l.starts_with(&format!("{location}: error")))
            .unwrap_or_else(|| panic!("no error at {location}:\n{err}"));
        assert!(line.contains(masked), "{line}");
    }
    // The raw values appear nowhere in the report, not even in the quoted lines.
    for raw in [
        "13912345678",
        "0000-1111",
        id18.as_str(),
        "138 1234 5678",
        "１３７１２３４５６７８",
        card.as_str(),
        "110105491231002",
        "zhangsan@qq.com",
    ] {
        assert!(!err.contains(raw), "{raw} shown in:\n{err}");
    }
    // Nothing is published.
    let build = site.run("build");
    assert_eq!(build.status.code(), Some(1));
    assert!(!site.out().join("index.html").exists());
}

#[test]
fn split_full_width_and_prefixed_numbers_are_all_found() {
    let cases = [
        "138 1234 5678",
        "138-1234-5678",
        "138　1234　5678",
        "+8613812345678",
        "＋86 13812345678",
        "１３８１２３４５６７８",
        "110105 19491231 002X",
        "6222 0212 3456 7890 128",
    ];
    for case in cases {
        let site = Site::new(
            "",
            OFFICE,
            &[(
                "a.md",
                item("A-1", "事项", "", "记录。", &format!("电话：{case}。")),
            )],
        );
        let out = site.run("check");
        assert_eq!(out.status.code(), Some(1), "{case} not found");
        assert!(
            stderr(&out).contains("content/items/a.md:14:4:"),
            "{case}: {}",
            stderr(&out)
        );
    }
}

const MASK: &str = "privacy:\n  policy: mask\n";

#[test]
fn mask_policy_publishes_masked_values_in_every_output_and_raw_ones_nowhere() {
    let id18 = valid_id("44052419800101001");
    let card = valid_card("622202123456789012");
    let note = format!("联系人手机13812345678，身份证{id18}。");
    let body = format!(
        "## 问题描述\n\n群众 李某 手机 13812345678，卡号 {card}，邮箱 lisi@163.com。\n\n\
         ## 整改措施\n\n回访 13812345678，邮箱 lisi@163.com。\n"
    );
    let office = OFFICE.replace("0839-5200001", "13912345678");
    let site = Site::new(
        MASK,
        &office,
        &[(
            "a.md",
            item("A-1", "手机13812345678的群众反映窗口推诿", "", &note, &body),
        )],
    );
    site.build_ok();
    for raw in [
        "13812345678",
        "13912345678",
        id18.as_str(),
        card.as_str(),
        "lisi@163.com",
    ] {
        site.assert_nowhere(raw);
    }
    let page = site.read("items/A-1/index.html");
    assert!(page.contains("138****5678"), "{page}");
    assert!(page.contains("44*************"));
    assert!(page.contains("6222***********"));
    assert!(page.contains("l***@163.com"));
    // The Markdown body shows the stars, not emphasis.
    assert!(!page.contains("<em>****"));
    assert!(site.read("offices/o1/index.html").contains("139****5678"));
    assert!(site.read("feeds/all.xml").contains("138****5678"));
    let csv = site.read("data/items.csv");
    assert!(csv.contains("手机138****5678的群众反映窗口推诿"), "{csv}");
    assert!(site.read("data/timeline.csv").contains("138****5678"));
    assert!(site.read("data/offices.csv").contains("139****5678"));
    assert!(site.read("data/items.json").contains("138****5678"));
}

#[test]
fn an_allowed_field_publishes_its_value_and_the_same_value_elsewhere_is_caught() {
    let allow = "privacy:\n  allow:\n    - record: o1\n      field: phone\n      \
                 reason: 公开的是单位对公服务手机，不属于个人信息\n";
    let office = OFFICE.replace("0839-5200001", "13912345678");
    let items = [(
        "a.md",
        item("A-1", "事项", "", "回访电话 13912345678。", "正文。"),
    )];
    // Under `error`, the allowed field passes and the note is still an error.
    let site = Site::new(allow, &office, &items);
    let out = site.run("check");
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("content/items/a.md:12:16"), "{err}");
    assert!(!err.contains("o1.yaml"), "{err}");
    // Under `mask`, the office page shows the number and the item masks it; the output
    // guard lets the allowed value through.
    let site = Site::new(&format!("{}{}", allow, "  policy: mask\n"), &office, &items);
    site.build_ok();
    assert!(site.read("offices/o1/index.html").contains("13912345678"));
    let item_page = site.read("items/A-1/index.html");
    assert!(item_page.contains("回访电话 139****5678"), "{item_page}");
    assert!(site.read("data/timeline.csv").contains("139****5678"));
    assert!(!site.read("data/timeline.csv").contains("13912345678"));
}

#[test]
fn censor_rules_reach_every_output() {
    let censor = "privacy:\n  censor:\n    - find: 某某宾馆\n      replace: \"**宾馆\"\n      \
                  comment: 涉及商业秘密\n    - regex: \"内部编号[0-9]+\"\n      \
                  replace: 内部编号（略）\n      comment: 内部文号不公开\n";
    let site = Site::new(
        censor,
        &OFFICE.replace("职责。", "负责某某宾馆接待。"),
        &[(
            "a.md",
            item(
                "A-1",
                "在某某宾馆违规接待",
                "",
                "内部编号2026118 已立案。",
                "## 问题描述\n\n某某宾馆的接待，内部编号2026119。\n",
            ),
        )],
    );
    site.build_ok();
    site.assert_nowhere("某某宾馆");
    site.assert_nowhere("2026118");
    site.assert_nowhere("2026119");
    let page = site.read("items/A-1/index.html");
    assert!(page.contains("在**宾馆违规接待"), "{page}");
    assert!(page.contains("内部编号（略）"));
    // In the Markdown body the replacement is plain text, not bold.
    assert!(page.contains("**宾馆的接待"), "{page}");
    assert!(site.read("feeds/all.xml").contains("**宾馆"));
    assert!(site.read("data/items.csv").contains("在**宾馆违规接待"));
    assert!(
        site.read("data/timeline.csv")
            .contains("内部编号（略） 已立案")
    );
    assert!(
        site.read("offices/o1/index.html")
            .contains("负责**宾馆接待")
    );
}

#[test]
fn a_template_that_prints_a_mobile_number_fails_the_build() {
    let site = Site::new(
        "",
        OFFICE,
        &[("a.md", item("A-1", "事项", "", "记录。", "正文。"))],
    );
    let partials = site.root().join("themes/default/templates/partials");
    std::fs::create_dir_all(&partials).unwrap();
    std::fs::write(
        partials.join("footer.html"),
        "<footer><p>值班手机：13812345678</p></footer>\n",
    )
    .unwrap();
    let out = site.run("build");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("index.html:"), "{err}");
    assert!(err.contains("items/A-1/index.html"), "{err}");
    assert!(err.contains("138****5678"), "{err}");
    assert!(!err.contains("13812345678"), "{err}");
    assert!(!site.out().join("index.html").exists());
}

#[test]
fn the_privacy_section_is_checked() {
    let section = "privacy:\n  policy: hide\n  allow:\n    - record: NO-SUCH\n      field: body\n      \
                   reason: 无\n  censor:\n    - regex: \"内部编号[0-9+\"\n      replace: x\n      \
                   comment: 坏的正则\n";
    let site = Site::new(
        section,
        OFFICE,
        &[("a.md", item("A-1", "事项", "", "记录。", "正文。"))],
    );
    let out = site.run("check");
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("content/site.yaml:9:11: error: `hide` is not a privacy policy"),
        "{err}"
    );
    // The regex is quoted at column 14; its bad bracket is the 5th character.
    assert!(
        err.contains("content/site.yaml:15:19: error: the censor regex"),
        "{err}"
    );
    // The unknown record is reported once the syntax is right.
    let site = Site::new(
        "privacy:\n  allow:\n    - record: NO-SUCH\n      field: body\n      reason: 无\n    \
         - record: o1\n      field: body\n      reason: 办公室没有正文\n",
        OFFICE,
        &[("a.md", item("A-1", "事项", "", "记录。", "正文。"))],
    );
    let err = stderr(&site.run("check"));
    assert!(
        err.contains("content/site.yaml:10:15: error: the privacy allow entry names `NO-SUCH`"),
        "{err}"
    );
    assert!(
        err.contains("content/site.yaml:14:14: error: an office has no published field `body`"),
        "{err}"
    );
}

#[test]
fn marked_addresses_are_cut_to_the_township_or_refused() {
    let note = "来访群众【住址：青岚县城关镇解放路12号3单元】反映办事难。";
    let body = "## 问题描述\n\n群众【地址：青岚县东城街道幸福小区5栋201室】多次来电。\n";
    let masked = Site::new(
        MASK,
        OFFICE,
        &[("a.md", item("A-1", "来访群众反映办事难", "", note, body))],
    );
    masked.build_ok();
    for raw in ["解放路12号3单元", "幸福小区5栋201室"] {
        masked.assert_nowhere(raw);
    }
    let page = masked.read("items/A-1/index.html");
    assert!(page.contains("青岚县城关镇（详细地址略）"), "{page}");
    assert!(page.contains("青岚县东城街道（详细地址略）"), "{page}");

    let strict = Site::new(
        "",
        OFFICE,
        &[("a.md", item("A-1", "来访群众反映办事难", "", note, body))],
    );
    let out = strict.run("check");
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("a personal address (住址)") && !err.contains("解放路12号"),
        "{err}"
    );
}
