//! `gongkai init`, `gongkai new` and `gongkai schema`, run as the real binary: new sites and
//! new records pass `check` and `build`, ids continue where the records left off, nothing is
//! overwritten, and the generated schemas accept the sample records and reject broken ones.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const TODAY: &str = "2026-11-25";

fn gongkai(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run gongkai")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn code(output: &Output) -> i32 {
    output.status.code().unwrap_or(-1)
}

fn assert_ok(output: &Output, what: &str) {
    assert_eq!(
        code(output),
        0,
        "{what} failed\nstdout:\n{}\nstderr:\n{}",
        text(&output.stdout),
        text(&output.stderr)
    );
}

fn s(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

/// A new site in `<temp>/site`, as of TODAY.
fn new_site(temp: &tempfile::TempDir) -> PathBuf {
    let site = temp.path().join("site");
    assert_ok(&gongkai(&["init", s(&site), "--today", TODAY]), "init");
    site
}

fn check(site: &Path) -> Output {
    gongkai(&["check", "--root", s(site), "--as-of", TODAY])
}

/// Runs `new …` and gives the path it printed.
fn new_record(args: &[&str]) -> PathBuf {
    let output = gongkai(args);
    assert_ok(&output, "new");
    let printed = text(&output.stdout);
    let path = PathBuf::from(printed.trim());
    assert!(
        path.is_file(),
        "new printed {printed:?}, which is not a file"
    );
    path
}

/// The value of `key: value` at the start of a line of a record (comment removed).
fn field(record: &str, key: &str) -> String {
    record
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{key}:")))
        .map(|v| v.split(" #").next().unwrap_or("").trim().to_string())
        .unwrap_or_else(|| panic!("no `{key}` in\n{record}"))
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walk(dir);
    files.sort();
    files
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fn copy_tree(from: &Path, to: &Path) {
    for file in walk(from) {
        let target = to.join(file.strip_prefix(from).unwrap());
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::copy(&file, &target).unwrap();
    }
}

// ---------------------------------------------------------------------------------------
// init
// ---------------------------------------------------------------------------------------

#[test]
fn init_in_an_empty_folder_makes_a_site_that_checks_and_builds() {
    let temp = tempfile::tempdir().unwrap();
    let site = temp.path();
    let output = gongkai(&["init", s(site), "--today", TODAY]);
    assert_ok(&output, "init");
    for file in [
        "content/site.yaml",
        "content/offices/bgs.yaml",
        "content/items/bgs/BGS-2026-001.md",
        "schemas/site.schema.json",
        "schemas/office.schema.json",
        "schemas/item.schema.json",
    ] {
        assert!(site.join(file).is_file(), "init did not write {file}");
        assert!(
            text(&output.stdout).contains(file),
            "init did not print {file}"
        );
    }
    let config = fs::read_to_string(site.join("content/site.yaml")).unwrap();
    assert!(config.starts_with("# yaml-language-server: $schema=../schemas/site.schema.json\n"));
    assert_eq!(field(&config, "year"), "2026");
    for phase in [
        "学习、教育、动员",
        "六项整治",
        "九项制度",
        "监督检查",
        "绩效考评",
    ] {
        assert!(config.contains(phase), "site.yaml lacks the phase {phase}");
    }
    assert!(config.contains("start: 2026-04-01") && config.contains("due: 2026-05-31"));
    for system in [
        "决策听证咨询制度",
        "目标责任制",
        "首问责任制",
        "全日式办公制",
        "限时办结制",
        "民主监督制",
        "民主评议制",
        "“四个一”制度",
        "一次查实下岗制",
    ] {
        assert!(
            config.contains(system),
            "site.yaml lacks the system {system}"
        );
    }
    let item = fs::read_to_string(site.join("content/items/bgs/BGS-2026-001.md")).unwrap();
    assert!(
        item.starts_with(
            "---\n# yaml-language-server: $schema=../../../schemas/item.schema.json\n"
        )
    );

    let checked = check(site);
    assert_ok(&checked, "check");
    assert!(
        text(&checked.stderr).contains("(0 warnings)"),
        "{}",
        text(&checked.stderr)
    );
    let built = gongkai(&["build", "--root", s(site), "--as-of", TODAY]);
    assert_ok(&built, "build");
    assert!(site.join("public/index.html").is_file());
    assert!(site.join("public/items/BGS-2026-001/index.html").is_file());
}

#[test]
fn init_creates_a_missing_folder() {
    let temp = tempfile::tempdir().unwrap();
    let site = new_site(&temp);
    assert_ok(&check(&site), "check");
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let temp = tempfile::tempdir().unwrap();
    fs::write(temp.path().join("notes.txt"), "mine").unwrap();
    let output = gongkai(&["init", s(temp.path()), "--today", TODAY]);
    assert_eq!(code(&output), 3, "{}", text(&output.stderr));
    assert!(
        text(&output.stderr).contains("is not empty"),
        "{}",
        text(&output.stderr)
    );
    assert_eq!(
        files_under(temp.path()),
        vec![temp.path().join("notes.txt")]
    );
    assert_eq!(
        fs::read_to_string(temp.path().join("notes.txt")).unwrap(),
        "mine"
    );
}

// ---------------------------------------------------------------------------------------
// new
// ---------------------------------------------------------------------------------------

#[test]
fn new_items_take_the_next_free_id_and_validate() {
    let temp = tempfile::tempdir().unwrap();
    let site = new_site(&temp);
    let root = s(&site);
    let first = new_record(&[
        "new",
        "item",
        "--office",
        "bgs",
        "--title",
        "窗口午休时间无人值守: 群众白跑",
        "--root",
        root,
        "--today",
        TODAY,
    ]);
    let second = new_record(&[
        "new", "item", "--office", "bgs", "--root", root, "--today", TODAY,
    ]);
    assert_eq!(first, site.join("content/items/bgs/BGS-2026-002.md"));
    assert_eq!(second, site.join("content/items/bgs/BGS-2026-003.md"));

    let record = fs::read_to_string(&first).unwrap();
    assert!(
        record.starts_with(
            "---\n# yaml-language-server: $schema=../../../schemas/item.schema.json\n"
        )
    );
    assert_eq!(field(&record, "id"), "BGS-2026-002");
    assert_eq!(field(&record, "office"), "bgs");
    assert_eq!(
        field(&record, "title"),
        "\"窗口午休时间无人值守: 群众白跑\""
    );
    assert_eq!(field(&record, "found"), TODAY);
    assert!(
        record.contains(
            "deadline: 2026-12-31        # 整改时限：日期（YYYY-MM-DD）、N个工作日 或 长期"
        )
    );
    assert_eq!(
        field(&fs::read_to_string(&second).unwrap(), "id"),
        "BGS-2026-003"
    );

    let checked = check(&site);
    assert_ok(&checked, "check");
    assert!(
        text(&checked.stderr).contains("(0 warnings)"),
        "{}",
        text(&checked.stderr)
    );
    assert_ok(
        &gongkai(&["build", "--root", root, "--as-of", TODAY]),
        "build",
    );
    assert!(site.join("public/items/BGS-2026-002/index.html").is_file());
}

#[test]
fn new_item_continues_the_highest_number_and_its_year() {
    let temp = tempfile::tempdir().unwrap();
    let site = new_site(&temp);
    let old = fs::read_to_string(site.join("content/items/bgs/BGS-2026-001.md")).unwrap();
    fs::write(
        site.join("content/items/bgs/old.md"),
        old.replace("id: BGS-2026-001", "id: bgs-2026-041"),
    )
    .unwrap();
    let root = s(&site);
    let path = new_record(&[
        "new", "item", "--office", "bgs", "--root", root, "--today", TODAY,
    ]);
    assert!(path.ends_with("BGS-2026-042.md"), "{}", path.display());
    let next_year = new_record(&[
        "new",
        "item",
        "--office",
        "bgs",
        "--root",
        root,
        "--today",
        "2027-01-04",
    ]);
    assert!(
        next_year.ends_with("BGS-2027-001.md"),
        "{}",
        next_year.display()
    );
    assert_ok(
        &gongkai(&["check", "--root", root, "--as-of", "2027-01-04"]),
        "check",
    );
}

#[test]
fn new_item_for_an_unknown_office_fails_clearly() {
    let temp = tempfile::tempdir().unwrap();
    let site = new_site(&temp);
    let before = files_under(&site);
    let output = gongkai(&[
        "new",
        "item",
        "--office",
        "nosuch",
        "--root",
        s(&site),
        "--today",
        TODAY,
    ]);
    assert_eq!(code(&output), 1);
    let stderr = text(&output.stderr);
    assert!(stderr.contains("unknown office `nosuch`"), "{stderr}");
    assert!(
        stderr.contains("bgs"),
        "the message should list the offices: {stderr}"
    );
    assert!(
        stderr.contains("gongkai new office --id nosuch"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());
    assert_eq!(files_under(&site), before, "nothing may be written");
}

#[test]
fn new_office_then_an_item_for_it() {
    let temp = tempfile::tempdir().unwrap();
    let site = new_site(&temp);
    let root = s(&site);
    let office = new_record(&[
        "new",
        "office",
        "--id",
        "ganbu1",
        "--name",
        "干部一科",
        "--root",
        root,
    ]);
    assert_eq!(office, site.join("content/offices/ganbu1.yaml"));
    let record = fs::read_to_string(&office).unwrap();
    assert!(
        record.starts_with("# yaml-language-server: $schema=../../schemas/office.schema.json\n")
    );
    assert_eq!(field(&record, "name"), "干部一科");
    let derived = new_record(&["new", "office", "--root", root]);
    assert_eq!(derived, site.join("content/offices/office1.yaml"));
    let again = new_record(&["new", "office", "--root", root]);
    assert_eq!(again, site.join("content/offices/office2.yaml"));

    let item = new_record(&[
        "new", "item", "--office", "ganbu1", "--root", root, "--today", TODAY,
    ]);
    assert_eq!(item, site.join("content/items/ganbu1/GANBU1-2026-001.md"));
    assert_ok(&check(&site), "check");

    let taken = gongkai(&["new", "office", "--id", "GANBU1", "--root", root]);
    assert_eq!(code(&taken), 1, "{}", text(&taken.stderr));
    assert!(
        text(&taken.stderr).contains("taken"),
        "{}",
        text(&taken.stderr)
    );
    let bad = gongkai(&["new", "office", "--id", "干部科", "--root", root]);
    assert_eq!(code(&bad), 2, "{}", text(&bad.stderr));
}

#[test]
fn new_never_overwrites_an_existing_file() {
    let temp = tempfile::tempdir().unwrap();
    let site = new_site(&temp);
    // A file already sits where the next item would go, holding another id.
    let squatter = site.join("content/items/bgs/BGS-2026-002.md");
    fs::write(&squatter, "not mine to replace\n").unwrap();
    let output = gongkai(&[
        "new",
        "item",
        "--office",
        "bgs",
        "--root",
        s(&site),
        "--today",
        TODAY,
    ]);
    assert_eq!(code(&output), 3, "{}", text(&output.stderr));
    assert!(
        text(&output.stderr).contains("exists already"),
        "{}",
        text(&output.stderr)
    );
    assert_eq!(
        fs::read_to_string(&squatter).unwrap(),
        "not mine to replace\n"
    );
}

#[test]
fn new_item_in_the_sample_site_validates() {
    let temp = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    copy_tree(&sample, &temp.path().join("content"));
    let root = s(temp.path());
    let path = new_record(&[
        "new", "item", "--office", "ganbu1", "--root", root, "--today", TODAY,
    ]);
    // The office's items are numbered GB1-2026-NNN: a new one continues that series.
    let highest = fs::read_dir(sample.join("items/ganbu1"))
        .unwrap()
        .filter_map(|e| {
            let text = fs::read_to_string(e.unwrap().path()).unwrap();
            let id = text
                .lines()
                .find_map(|l| l.strip_prefix("id: GB1-2026-"))?
                .to_string();
            id.parse::<u32>().ok()
        })
        .max()
        .unwrap();
    let expected = format!("content/items/ganbu1/GB1-2026-{:03}.md", highest + 1);
    assert!(
        path.ends_with(&expected),
        "{} should be {expected}",
        path.display()
    );
    let output = check(temp.path());
    assert_ok(&output, "check of the sample site with a new item");
}

#[test]
fn help_describes_the_commands_and_hides_today() {
    let help = text(&gongkai(&["new", "item", "--help"]).stdout);
    assert!(
        help.contains("--office <ID>") && help.contains("--title"),
        "{help}"
    );
    assert!(!help.contains("--today"), "{help}");
    let help = text(&gongkai(&["--help"]).stdout);
    for command in ["init", "new", "schema"] {
        assert!(help.contains(command), "{help}");
    }
}

// ---------------------------------------------------------------------------------------
// schema
// ---------------------------------------------------------------------------------------

/// Writes the schemas with `gongkai schema --output` and compiles them.
fn validators(dir: &Path) -> [(&'static str, jsonschema::Validator); 3] {
    let output = gongkai(&["schema", "--output", s(dir)]);
    assert_ok(&output, "schema");
    ["site", "office", "item"].map(|record| {
        let path = dir.join(format!("{record}.schema.json"));
        assert!(text(&output.stdout).contains(s(&path)));
        let schema: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
        let validator = jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .unwrap_or_else(|e| panic!("{record}.schema.json is not a valid schema: {e}"));
        (record, validator)
    })
}

fn validator<'a>(
    all: &'a [(&str, jsonschema::Validator); 3],
    record: &str,
) -> &'a jsonschema::Validator {
    &all.iter().find(|(r, _)| *r == record).unwrap().1
}

/// A record's fields as JSON: the whole YAML file, or an item's front matter.
fn fields_as_json(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap();
    let yaml = if path.extension().is_some_and(|e| e == "md") {
        let rest = text.strip_prefix("---\n").expect("front matter");
        rest[..rest.find("\n---\n").expect("closing ---") + 1].to_string()
    } else {
        text
    };
    let value: serde_yaml::Value = serde_yaml::from_str(&yaml).unwrap();
    serde_json::to_value(value).unwrap()
}

fn errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn schemas_accept_every_sample_record() {
    let temp = tempfile::tempdir().unwrap();
    let all = validators(temp.path());
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let mut records = vec![("site", content.join("site.yaml"))];
    records.extend(
        files_under(&content.join("offices"))
            .into_iter()
            .map(|p| ("office", p)),
    );
    records.extend(
        files_under(&content.join("items"))
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .map(|p| ("item", p)),
    );
    assert!(records.len() > 20, "the sample site has offices and items");
    for (record, path) in records {
        let found = errors(validator(&all, record), &fields_as_json(&path));
        assert!(found.is_empty(), "{}: {found:#?}", path.display());
    }
}

#[test]
fn schemas_accept_what_init_and_new_write() {
    let temp = tempfile::tempdir().unwrap();
    let site = new_site(&temp);
    let root = s(&site);
    new_record(&["new", "office", "--id", "ganbu2", "--root", root]);
    new_record(&[
        "new", "item", "--office", "ganbu2", "--title", "标题", "--root", root, "--today", TODAY,
    ]);
    let all = validators(&temp.path().join("schemas"));
    for (record, path) in [
        ("site", site.join("content/site.yaml")),
        ("office", site.join("content/offices/bgs.yaml")),
        ("office", site.join("content/offices/ganbu2.yaml")),
        ("item", site.join("content/items/bgs/BGS-2026-001.md")),
        ("item", site.join("content/items/ganbu2/GANBU2-2026-001.md")),
    ] {
        let found = errors(validator(&all, record), &fields_as_json(&path));
        assert!(found.is_empty(), "{}: {found:#?}", path.display());
    }
    // init's copies are the same as `gongkai schema` writes.
    for record in ["site", "office", "item"] {
        let name = format!("{record}.schema.json");
        assert_eq!(
            fs::read_to_string(site.join("schemas").join(&name)).unwrap(),
            fs::read_to_string(temp.path().join("schemas").join(&name)).unwrap()
        );
    }
}

#[test]
fn schemas_reject_broken_records() {
    let temp = tempfile::tempdir().unwrap();
    let all = validators(temp.path());
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let item = fields_as_json(&content.join("items/ganbu1/001.md"));
    let item_schema = validator(&all, "item");
    assert!(errors(item_schema, &item).is_empty());

    let broken = |change: &dyn Fn(&mut Value)| {
        let mut copy = item.clone();
        change(&mut copy);
        errors(item_schema, &copy)
    };
    let unknown = broken(&|v| v["deadlin"] = Value::from("2026-07-31"));
    assert!(unknown.iter().any(|e| e.contains("deadlin")), "{unknown:?}");
    let bad_date = broken(&|v| v["found"] = Value::from("2026-6-8"));
    assert!(
        bad_date.iter().any(|e| e.contains("/found")),
        "{bad_date:?}"
    );
    let not_a_date = broken(&|v| v["deadline"] = Value::from("2026-02-30"));
    assert!(
        not_a_date.iter().any(|e| e.contains("/deadline")),
        "{not_a_date:?}"
    );
    for fine in ["15个工作日", "长期"] {
        let written = broken(&|v| v["deadline"] = Value::from(fine));
        assert!(written.is_empty(), "{fine}: {written:?}");
    }
    let not_a_span = broken(&|v| v["deadline"] = Value::from("15天"));
    assert!(
        not_a_span.iter().any(|e| e.contains("/deadline")),
        "{not_a_span:?}"
    );
    let bad_status = broken(&|v| v["timeline"][0]["status"] = Value::from("已完成"));
    assert!(
        bad_status.iter().any(|e| e.contains("/timeline/0/status")),
        "{bad_status:?}"
    );
    let entry_field = broken(&|v| v["timeline"][0]["staus"] = Value::from("整改中"));
    assert!(
        entry_field.iter().any(|e| e.contains("staus")),
        "{entry_field:?}"
    );
    let missing = broken(&|v| {
        v.as_object_mut().unwrap().remove("office");
    });
    assert!(missing.iter().any(|e| e.contains("office")), "{missing:?}");
    let bad_id = broken(&|v| v["id"] = Value::from("GB1 2026 001"));
    assert!(bad_id.iter().any(|e| e.contains("/id")), "{bad_id:?}");

    let mut office = fields_as_json(&content.join("offices/ganbu1.yaml"));
    office["established"] = Value::from("2026年1月1日");
    office["email"] = Value::from("a@example.gov.cn");
    let office_errors = errors(validator(&all, "office"), &office);
    assert!(
        office_errors.iter().any(|e| e.contains("/established")),
        "{office_errors:?}"
    );
    assert!(
        office_errors.iter().any(|e| e.contains("email")),
        "{office_errors:?}"
    );

    let mut site = fields_as_json(&content.join("site.yaml"));
    site["phases"][0]["start"] = Value::from("4月1日");
    site.as_object_mut().unwrap().remove("categories");
    let site_errors = errors(validator(&all, "site"), &site);
    assert!(
        site_errors.iter().any(|e| e.contains("/phases/0/start")),
        "{site_errors:?}"
    );
    assert!(
        site_errors.iter().any(|e| e.contains("categories")),
        "{site_errors:?}"
    );
}
