//! Writes a synthetic but valid site of any size, for benchmarks and load tests.
//!
//! ```text
//! cargo run --release --example synth -- --offices 1000 --items 100000 --output DIR [--seed N] [--force]
//! ```
//! It writes `DIR/content/site.yaml`, `DIR/content/offices/o0001.yaml`, …,
//! `DIR/content/items/<office>/<id>.md` and the other campaign records (see `records.rs`: two
//! 民主评议 periods with every office tallied and a rotating roster, the 绩效考评 year, each
//! office's 九项制度 and phase plans, inspections, opinions, accountability decisions, 四个一
//! activities, the bulletins of Q1–Q3 with Q2 frozen through the library, and the sample's
//! holiday calendar). The output is deterministic: the same arguments give
//! the same bytes (each item has its own xorshift generator seeded from `--seed` and its
//! number, so the two writer threads cannot change the result). Titles and bodies (~1 KB of
//! Chinese Markdown: 问题描述 / 原因分析 / 整改措施 / 整改结果) are composed from phrase banks;
//! every item has 3–5 timeline entries; every status, category and source occurs, with overdue
//! items as of 2026-11-25, late completions, extensions and reopened items, and a few
//! `N个工作日` and 长期 deadlines. Every record passes
//! `gongkai check`.
//!
//! `DIR/content` must not exist yet, unless `--force` is given (then it is replaced).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

mod records;

/// The as-of date the corpus is shaped for (overdue items are overdue on this day).
const AS_OF: i64 = 328; // 2026-11-25, counted in days from 2026-01-01

fn main() {
    let mut offices = 12usize;
    let mut items = 1000usize;
    let mut output: Option<PathBuf> = None;
    let mut seed = 2026u64;
    let mut force = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .unwrap_or_else(|| usage(&format!("{name} needs a value")))
        };
        match arg.as_str() {
            "--offices" => offices = number(&value("--offices")) as usize,
            "--items" => items = number(&value("--items")) as usize,
            "--seed" => seed = number(&value("--seed")),
            "--output" => output = Some(PathBuf::from(value("--output"))),
            "--force" => force = true,
            "-h" | "--help" => usage(""),
            other => usage(&format!("unknown argument `{other}`")),
        }
    }
    let Some(output) = output else {
        usage("--output DIR is required")
    };
    if offices == 0 || offices > 99_999 {
        usage("--offices must be between 1 and 99999");
    }
    if items > 9_999_999 {
        usage("--items must be at most 9999999");
    }
    let content = output.join("content");
    if content.exists() {
        if force {
            std::fs::remove_dir_all(&content).unwrap_or_else(|e| die(&content, e));
        } else {
            usage(&format!(
                "{} exists already: choose an empty folder, or pass --force to replace it",
                content.display()
            ));
        }
    }
    let bytes = generate(&content, offices, items, seed);
    freeze_second_quarter(&output);
    eprintln!(
        "synth: wrote {offices} offices and {items} items ({:.1} MB) into {}",
        bytes as f64 / 1e6,
        content.display()
    );
}

/// Freezes the 2026-Q2 bulletin through the library, as `gongkai bulletin 2026-Q2 --freeze`
/// would on its issuing day, so that the corpus has a frozen quarter beside live ones.
fn freeze_second_quarter(root: &Path) {
    let options = gongkai::Options {
        root: root.to_path_buf(),
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 7, 8),
        ..Default::default()
    };
    let quarter = gongkai::bulletin::Quarter::parse("2026-Q2").unwrap_or_else(|e| usage(&e));
    let scratch = root.join("bulletin-2026-Q2");
    if let Err(e) = gongkai::bulletin(&options, quarter, true, &scratch) {
        eprintln!("synth: freezing the 2026-Q2 bulletin failed: {e:?}");
        std::process::exit(4);
    }
    std::fs::remove_dir_all(&scratch).unwrap_or_else(|e| die(&scratch, e));
}

fn usage(why: &str) -> ! {
    if !why.is_empty() {
        eprintln!("synth: {why}");
    }
    eprintln!(
        "usage: synth --offices N --items N --output DIR [--seed N] [--force]\n\
         writes DIR/content (site.yaml, offices/, items/), the same bytes for the same arguments"
    );
    std::process::exit(2);
}

fn number(text: &str) -> u64 {
    text.parse()
        .unwrap_or_else(|_| usage(&format!("`{text}` is not a whole number")))
}

fn die(path: &Path, e: std::io::Error) -> ! {
    eprintln!("synth: {}: {e}", path.display());
    std::process::exit(3);
}

fn write(path: &Path, text: &str) -> u64 {
    std::fs::write(path, text).unwrap_or_else(|e| die(path, e));
    text.len() as u64
}

/// Writes the whole corpus; returns the bytes written.
fn generate(content: &Path, offices: usize, items: usize, seed: u64) -> u64 {
    let office_dir = content.join("offices");
    let item_dir = content.join("items");
    for dir in [&office_dir, &item_dir] {
        std::fs::create_dir_all(dir).unwrap_or_else(|e| die(dir, e));
    }
    let mut bytes = write(&content.join("site.yaml"), SITE_YAML);
    let office_ids: Vec<String> = (0..offices).map(|i| format!("o{:04}", i + 1)).collect();
    let names: Vec<String> = (0..offices).map(office_name).collect();
    for i in 0..offices {
        let text = office_yaml(i, &office_ids, &names, seed);
        bytes += write(&office_dir.join(format!("{}.yaml", office_ids[i])), &text);
    }
    bytes += records::generate(content, &records::offices(&office_ids, &names), seed);
    // Which office each item belongs to, and its number within the office.
    let mut owner = Vec::with_capacity(items);
    let mut count = vec![0u32; offices];
    for k in 0..items {
        let mut rng = Rng::new(seed ^ 0x0FF1_CE00, k as u64);
        // Uneven but fixed: some offices carry more items than others.
        let o = if rng.below(4) == 0 {
            rng.below(offices.div_ceil(5))
        } else {
            rng.below(offices)
        };
        count[o] += 1;
        owner.push((o, count[o]));
    }
    for (o, id) in office_ids.iter().enumerate() {
        if count[o] > 0 {
            let dir = item_dir.join(id);
            std::fs::create_dir_all(&dir).unwrap_or_else(|e| die(&dir, e));
        }
    }
    let threads = 2;
    let written: u64 = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let (owner, office_ids, names, item_dir) = (&owner, &office_ids, &names, &item_dir);
                s.spawn(move || {
                    let mut bytes = 0;
                    let mut text = String::with_capacity(8192);
                    for k in (t..items).step_by(threads) {
                        let (o, n) = owner[k];
                        text.clear();
                        let id = format!("{}-2026-{:05}", office_ids[o].to_uppercase(), n);
                        item_md(&mut text, k, &id, &office_ids[o], &names[o], seed);
                        let path = item_dir.join(&office_ids[o]).join(format!("{n:05}.md"));
                        bytes += write(&path, &text);
                    }
                    bytes
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    });
    bytes + written
}

/// xorshift64* with a splitmix64 seed: small, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn new(seed: u64, stream: u64) -> Rng {
        let mut z = seed
            .wrapping_add(stream.wrapping_mul(0x9E37_79B9_7F4A_7C15))
            .wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        Rng(if z == 0 { 0x2545_F491_4F6C_DD1D } else { z })
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        ((self.next() >> 11) % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as usize) as i64
    }

    fn pick<'a>(&mut self, bank: &[&'a str]) -> &'a str {
        bank[self.below(bank.len())]
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// `n` different entries of `bank`, in bank order shuffled by a rotation.
    fn several<'a>(&mut self, bank: &[&'a str], n: usize) -> Vec<&'a str> {
        let mut chosen: Vec<usize> = Vec::with_capacity(n);
        while chosen.len() < n.min(bank.len()) {
            let i = self.below(bank.len());
            if !chosen.contains(&i) {
                chosen.push(i);
            }
        }
        chosen.into_iter().map(|i| bank[i]).collect()
    }
}

/// Year, month and day of a day counted from 2026-01-01 (2026 and 2027 are not leap years).
fn civil(day: i64) -> (i64, i64, i64) {
    const MONTHS: [i64; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let (mut year, mut d) = (2026 + day.div_euclid(365), day.rem_euclid(365));
    if year > 2027 {
        year = 2027;
        d = 364;
    }
    let mut month = 1;
    for len in MONTHS {
        if d < len {
            break;
        }
        d -= len;
        month += 1;
    }
    (year, month, d + 1)
}

fn date(day: i64) -> String {
    let (y, m, d) = civil(day);
    format!("{y:04}-{m:02}-{d:02}")
}

fn month_day(day: i64) -> String {
    let (_, m, d) = civil(day);
    format!("{m}月{d}日")
}

fn office_name(i: usize) -> String {
    let (d, f) = (i % DEPARTMENTS.len(), i / DEPARTMENTS.len());
    if f < UNITS.len() {
        format!("{}{}", DEPARTMENTS[d], UNITS[f])
    } else {
        format!("第{}科", i + 1)
    }
}

/// The day office `i` was set up, for the few created during the campaign (2026-03-01).
fn established(i: usize) -> Option<i64> {
    (i % 50 == 7).then_some(59)
}

/// The day office `i` was dissolved, for the few merged away during the campaign (2026-10-01).
fn dissolved(i: usize) -> Option<i64> {
    (i % 97 == 13).then_some(273)
}

fn office_yaml(i: usize, ids: &[String], names: &[String], seed: u64) -> String {
    let mut rng = Rng::new(seed ^ 0x00FF_1CE5, i as u64);
    let mut text = String::with_capacity(512);
    let _ = writeln!(text, "id: {}", ids[i]);
    let _ = writeln!(text, "name: {}", names[i]);
    // The first office of each department is the parent of the department's other units.
    if i >= DEPARTMENTS.len() && i / DEPARTMENTS.len() < UNITS.len() {
        let _ = writeln!(text, "parent: {}", ids[i % DEPARTMENTS.len()]);
    }
    let _ = writeln!(text, "chief: {}某某", rng.pick(SURNAMES));
    let _ = writeln!(text, "deputy: {}某某", rng.pick(SURNAMES));
    let duties = rng.several(MATTERS, 3);
    let _ = writeln!(
        text,
        "duties: 负责{}、{}和{}等工作，{}",
        duties[0],
        duties[1],
        duties[2],
        rng.pick(DUTY_TAILS)
    );
    let _ = writeln!(text, "phone: 0839-5{:06}", 200_000 + i);
    if let Some(day) = established(i) {
        let _ = writeln!(text, "established: {}", date(day));
    }
    if let Some(day) = dissolved(i) {
        let _ = writeln!(text, "dissolved: {}", date(day));
    }
    text
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Pending,
    InProgress,
    Done,
    DoneLate,
    Extended,
    Reopened,
}

/// One timeline entry before it is written.
struct Entry {
    day: i64,
    status: Option<&'static str>,
    note: String,
    deadline: Option<i64>,
    evidence: Option<String>,
}

fn item_md(text: &mut String, k: usize, id: &str, office: &str, office_name: &str, seed: u64) {
    let mut rng = Rng::new(seed, k as u64);
    let category = k % CATEGORIES.len(); // every category, evenly
    let source = SOURCES[(k / CATEGORIES.len() + rng.below(2)) % SOURCES.len()];
    let n = 3 + rng.below(3);
    let kind = match rng.below(100) {
        0..12 => Kind::Pending,
        12..40 => Kind::InProgress,
        40..72 => Kind::Done,
        72..84 => Kind::DoneLate,
        84..94 if n >= 4 => Kind::Extended,
        94..100 if n >= 4 => Kind::Reopened,
        _ => Kind::Done,
    };
    // Found between 2026-03-01 and 2026-11-20; entries in date order, none after the as-of day.
    let found = rng.range(59, 323);
    let mut days = vec![found];
    for _ in 1..n {
        let last = *days.last().unwrap();
        days.push((last + rng.range(0, 24)).min(AS_OF));
    }
    let last = days[n - 1];
    let matter = rng.pick(MATTERS);
    let problem = rng.pick(PROBLEMS[category]);
    let title = match rng.below(4) {
        0 => format!("{matter}工作中{problem}"),
        1 => format!("{}{matter}{problem}", rng.pick(PLACES)),
        2 => format!("{matter}{problem}，{}", rng.pick(CONSEQUENCES)),
        _ => format!("{matter}{problem}"),
    };
    let evidence = |rng: &mut Rng, day: i64| -> Option<String> {
        rng.chance(50).then(|| {
            let (_, m, d) = civil(day);
            format!(
                "https://www.example.gov.cn/xny/2026/{m:02}{d:02}/{}.html",
                id.to_ascii_lowercase()
            )
        })
    };
    let mut entries: Vec<Entry> = days
        .iter()
        .map(|&day| Entry {
            day,
            status: None,
            note: rng.pick(PROGRESS).to_string(),
            deadline: None,
            evidence: None,
        })
        .collect();
    entries[0].status = Some("待整改");
    entries[0].note = rng.pick(OPENED).to_string();
    if kind != Kind::Pending {
        entries[1].status = Some("整改中");
        entries[1].note = rng.pick(STARTED).to_string();
    } else {
        for e in &mut entries[1..] {
            e.note = rng.pick(PENDING_NOTES).to_string();
        }
    }
    let deadline;
    match kind {
        Kind::Pending | Kind::InProgress => {
            deadline = found + rng.range(15, 90);
            if kind == Kind::InProgress && n >= 4 && rng.chance(30) {
                let e = &mut entries[n - 2];
                let new = deadline.max(e.day) + rng.range(15, 45);
                e.deadline = Some(new);
                e.note = format!(
                    "{}，经分管领导同意延期至{}。",
                    rng.pick(DELAYS),
                    month_day(new)
                );
            }
        }
        Kind::Done | Kind::DoneLate | Kind::Extended => {
            let done = &mut entries[n - 1];
            done.status = Some("已办结");
            done.note = format!("整改完成，{}。", rng.pick(RESULTS));
            done.evidence = evidence(&mut rng, last);
            deadline = match kind {
                Kind::Done => last + rng.range(0, 30),
                Kind::DoneLate => (last - rng.range(1, 30)).max(found),
                _ => {
                    let ext = &mut entries[n - 2];
                    let original = ext.day + rng.range(0, 10);
                    let new = (original + rng.range(10, 40)).max(last + rng.range(0, 10));
                    ext.deadline = Some(new);
                    ext.note = format!(
                        "{}，经分管领导同意延期至{}。",
                        rng.pick(DELAYS),
                        month_day(new)
                    );
                    original
                }
            };
        }
        Kind::Reopened => {
            deadline = found + rng.range(20, 60);
            entries[2].status = Some("已办结");
            entries[2].note = format!("整改完成，{}。", rng.pick(RESULTS));
            entries[3].status = Some("整改中");
            entries[3].note = rng.pick(REOPENED).to_string();
            if n == 5 && rng.chance(50) {
                entries[4].status = Some("已办结");
                entries[4].note = format!("再次整改完成，{}。", rng.pick(RESULTS));
                entries[4].evidence = evidence(&mut rng, last);
            }
        }
    }
    let final_status = entries
        .iter()
        .rev()
        .find_map(|e| e.status)
        .unwrap_or("待整改");

    text.push_str("---\n");
    let _ = writeln!(text, "id: {id}");
    let _ = writeln!(text, "office: {office}");
    let _ = writeln!(text, "title: {title}");
    let _ = writeln!(text, "category: {}", CATEGORIES[category]);
    let _ = writeln!(text, "source: {source}");
    let _ = writeln!(text, "found: {}", date(found));
    // A few deadlines are written in working days (counted on the holiday calendar) or as
    // 长期 (standing work without a date).
    match k % 101 {
        5 if matches!(kind, Kind::Pending | Kind::InProgress) && found < 300 => {
            let _ = writeln!(text, "deadline: {}个工作日", 10 + k % 30);
        }
        9 if kind == Kind::InProgress => text.push_str("deadline: 长期\n"),
        _ => {
            let _ = writeln!(text, "deadline: {}", date(deadline));
        }
    }
    if rng.chance(90) {
        let _ = writeln!(text, "leader: {}某某", rng.pick(SURNAMES));
        let _ = writeln!(text, "responsible: {}某某", rng.pick(SURNAMES));
    }
    text.push_str("timeline:\n");
    for e in &entries {
        let _ = writeln!(text, "  - date: {}", date(e.day));
        if let Some(status) = e.status {
            let _ = writeln!(text, "    status: {status}");
        }
        if let Some(new) = e.deadline {
            let _ = writeln!(text, "    deadline: {}", date(new));
        }
        let _ = writeln!(text, "    note: {}", e.note);
        if let Some(link) = &e.evidence {
            let _ = writeln!(text, "    evidence:\n      - {link}");
        }
    }
    text.push_str("---\n");

    // The body: 问题描述 / 原因分析 / 整改措施 / 整改结果.
    let (_, m, d) = civil(found);
    let ten_days = if d <= 10 {
        "上旬"
    } else if d <= 20 {
        "中旬"
    } else {
        "下旬"
    };
    let symptoms = rng.several(SYMPTOMS, 2);
    let _ = write!(
        text,
        "## 问题描述\n\n{m}月{ten_days}，{}反映，{office_name}在办理{matter}时{}；{}。{}。\n\n\
         经核实，{}。{m}月以来，共有{}名群众反映类似问题，其中{}人为二次来访。\n\n",
        rng.pick(REPORTERS),
        symptoms[0],
        symptoms[1],
        rng.pick(IMPACTS),
        rng.pick(VERIFIED),
        rng.range(3, 40),
        rng.range(1, 3)
    );
    let causes = rng.several(CAUSES, 3);
    let _ = write!(
        text,
        "## 原因分析\n\n一是{}；二是{}；三是{}。{}\n\n",
        causes[0],
        causes[1],
        causes[2],
        rng.pick(CAUSE_TAILS)
    );
    text.push_str("## 整改措施\n\n");
    let measures = 4 + rng.below(2);
    for measure in rng.several(MEASURES, measures) {
        let _ = writeln!(text, "- {measure}；");
    }
    text.push('\n');
    text.push_str("## 整改结果\n\n");
    match final_status {
        "已办结" => {
            let _ = writeln!(
                text,
                "**整改完成。**{}，{}。整改期间共修订制度{}项，培训工作人员{}人次。",
                rng.pick(RESULTS),
                rng.pick(FOLLOW_UPS),
                rng.range(1, 5),
                rng.range(5, 60)
            );
            if rng.chance(25) {
                let before = rng.range(3, 15);
                let _ = write!(
                    text,
                    "\n| 指标 | 整改前 | 整改后 |\n|---|---|---|\n| 办理时限（个工作日） | {before} | {} |\n| 群众往返次数 | {} | 1 |\n",
                    rng.range(1, before - 1),
                    rng.range(2, 4)
                );
            }
        }
        "整改中" => {
            let _ = writeln!(
                text,
                "整改正在推进，{}。计划于{}前全部完成。",
                rng.pick(PROGRESS_RESULTS),
                month_day(deadline)
            );
        }
        _ => {
            let _ = writeln!(text, "已列入整改台账，{}。", rng.pick(PENDING_RESULTS));
        }
    }
}

const CATEGORIES: [&str; 6] = ["sixiang", "zuofeng", "fuwu", "xiaolv", "lianjie", "zhidu"];
const SOURCES: [&str; 5] = ["自身找", "群众提", "明察暗访", "民主评议", "投诉"];

const SITE_YAML: &str = "title: 示范县机关效能建设公开专栏（合成数据）
unit: 示范县机关效能建设联系会议办公室
campaign: 机关效能建设年活动
year: 2026
timezone: Asia/Shanghai
theme: default
phases:
  - id: mobilize
    name: 学习、教育、动员
    start: 2026-04-01
    end: 2026-05-31
    deliverable: 各单位实施方案
    due: 2026-05-31
  - id: rectify
    name: 搞好“六项整治”，严格自查自纠
    start: 2026-06-01
    end: 2026-09-30
    deliverable: 查纠整改情况报告
    due: 2026-09-30
  - id: systems
    name: 健全和完善“九项制度”
    start: 2026-08-01
    end: 2026-10-31
    deliverable: 九项制度建立情况报告
    due: 2026-10-31
  - id: supervise
    name: 监督检查
    start: 2026-04-01
    end: 2026-12-31
  - id: evaluate
    name: 绩效考评
    start: 2026-11-16
    end: 2026-12-31
    deliverable: 年度绩效考评结果
    due: 2026-12-31
categories:
  - id: sixiang
    name: 整治思想观念不解放问题
  - id: zuofeng
    name: 整治工作作风不扎实问题
  - id: fuwu
    name: 整治服务态度不端正问题
  - id: xiaolv
    name: 整治办事效率不高问题
  - id: lianjie
    name: 整治廉洁自律不严格问题
  - id: zhidu
    name: 整治制度执行不到位问题
sources: [自身找, 群众提, 明察暗访, 民主评议, 投诉]
systems:
  - id: tingzheng
    name: 决策听证咨询制度
    summary: 重大决策事项和大额资金使用须深入调研、广泛征求意见，吃透“三头”，做到“三化”。
  - id: mubiao
    name: 目标责任制
    summary: 把机关效能建设纳入领导班子和领导干部目标管理，“一把手”是第一责任人，分管领导是直接责任人。
  - id: shouwen
    name: 首问责任制
    summary: 第一接待到机关办事当事人的人员为首问负责人，做到首问必接、首问必答、首问必果。
  - id: quanri
    name: 全日式办公制
    summary: 工作日全天不空岗、工作人员全天不缺位、业务工作全天不间断，保证办事群众找得到人、办得了事。
  - id: xianshi
    name: 限时办结制
    summary: 有规定时限的按时限办结，没有规定时限的明确办理时限并向社会公布。
  - id: minzhujiandu
    name: 民主监督制
    summary: 发挥监督联系会议和电子信箱作用，健全机关内部监督制度，监督机关效能建设。
  - id: pingyi
    name: 民主评议制
    summary: 坚持全员制、轮换制、免排制、诫勉制、多元制“五制”，做到全年评议、全程公开、全部反映群众意见。
  - id: sigeyi
    name: “四个一”制度
    summary: 每季度一次基层调研、每季度走访一次监督员、每月一次明察暗访、每季度通报一次各单位效能建设情况。
  - id: xiagang
    name: 一次查实下岗制
    summary: 对违反“六条禁令”、不作为乱作为和以权谋私等行为，群众投诉一经查实，视情节给予告诫、通报批评、停职下岗直至纪律处分。
deadlines:
  count: calendar_days
  stale_after: 30
  due_soon: 5
evaluation:
  weights:
    satisfied: 100
    basic: 60
    unsatisfied: 0
  min_evaluators: 30
  lagging_below: 80
  excellent_from: 92
  rotation_share: 0.3
performance:
  criteria:
    - id: liuxiang
      name: 六项整治
      weight: 30
      max: 100
    - id: jiuxiang
      name: 九项制度
      weight: 30
      max: 100
    - id: pingyi
      name: 民主评议
      weight: 20
      max: 100
    - id: jiancha
      name: 监督检查
      weight: 10
      max: 10
    - id: gongkai
      name: 全程公开
      weight: 10
      max: 10
  grades:
    - name: 优秀
      min: 90
    - name: 良好
      min: 80
    - name: 合格
      min: 60
    - name: 不合格
      min: 0
inspections:
  kinds: [普遍检查, 抽查, 明察暗访]
activities:
  kinds:
    - id: research
      name: 基层调研
      every: quarter
      cards: true
    - id: supervisors
      name: 走访效能监督员
      every: quarter
    - id: covert
      name: 明察暗访
      every: month
      inspection_kind: 明察暗访
    - id: bulletin
      name: 效能建设情况通报
      every: quarter
      bulletins: true
opinions:
  channels: [意见卡, 意见箱, 来访, 来电, 网上留言]
accountability:
  prohibitions:
    - id: tuiwei
      name: 严禁对职责范围内的事项推诿扯皮、敷衍塞责
    - id: diaonan
      name: 严禁对办事群众态度冷漠、故意刁难
    - id: tuoyan
      name: 严禁无故拖延办理时限、办事拖拉
    - id: chinakayao
      name: 严禁吃拿卡要、收受财物
    - id: lizhi
      name: 严禁工作时间擅离职守、上网娱乐
    - id: jiuhou
      name: 严禁工作日午间饮酒、酒后上岗
    - id: buzuowei
      name: 不作为
    - id: luanzuowei
      name: 乱作为
    - id: yiquanmousi
      name: 以权谋私
  levels:
    - id: gaojie
      name: 效能告诫
    - id: tongbao
      name: 通报批评
    - id: xiagang
      name: 停职下岗
    - id: chufen
      name: 党政纪处分
";

const DEPARTMENTS: &[&str] = &[
    "县委办",
    "县政府办",
    "县发改局",
    "县教体局",
    "县财政局",
    "县人社局",
    "县自然资源局",
    "县住建局",
    "县交通运输局",
    "县农业农村局",
    "县水利局",
    "县商务局",
    "县文旅局",
    "县卫健局",
    "县应急局",
    "县市场监管局",
    "县医保局",
    "县民政局",
    "县司法局",
    "县审计局",
    "县统计局",
    "县林业局",
    "县信访局",
    "县行政审批局",
    "县生态环境局",
    "县退役军人事务局",
    "县乡村振兴局",
    "县机关事务中心",
    "县档案馆",
    "县融媒体中心",
    "县公积金中心",
    "县残联",
    "县科技局",
    "县经信局",
];

const UNITS: &[&str] = &[
    "",
    "办公室",
    "人事股",
    "财务股",
    "综合股",
    "法规股",
    "审批股",
    "监督股",
    "政策股",
    "规划股",
    "业务一股",
    "业务二股",
    "信访股",
    "宣传股",
    "执法大队",
    "服务中心",
    "政务窗口",
    "档案室",
    "计划股",
    "统计股",
    "安全股",
    "项目股",
    "基层股",
    "信息中心",
    "培训中心",
    "考核股",
    "督查室",
    "机关党委",
    "纪检组",
    "离退休干部股",
];

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
    "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧", "程", "曹",
    "袁", "邓", "许", "傅", "沈", "曾", "彭", "吕", "苏", "卢", "蒋", "蔡", "贾",
];

const MATTERS: &[&str] = &[
    "干部档案查阅",
    "党员组织关系转接",
    "公务员登记备案",
    "人才公寓申请",
    "职称评审材料报送",
    "来信来访办理",
    "党费收缴",
    "远程教育站点维护",
    "老干部走访慰问",
    "基层党建经费拨付",
    "考察材料归档",
    "窗口咨询接待",
    "公文流转",
    "政务信息报送",
    "会议通知下发",
    "培训报名",
    "政审函调",
    "工资审批",
    "退休审批",
    "人员调动手续",
    "社会组织党建指导",
    "非公企业党组织组建",
    "村级后备干部培养",
    "驻村工作队管理",
    "志愿服务登记",
    "党员教育培训",
    "因私出国（境）证照管理",
    "年度考核备案",
    "招录体检安排",
    "遴选报名审核",
    "人才引进补贴兑现",
    "信访件转办",
    "电话咨询答复",
    "门户网站信息更新",
    "档案数字化",
    "印章使用登记",
    "公务用车审批",
    "办公用品采购",
    "经费报销",
    "节假日值班值守",
    "建设项目审批",
    "低保资格审核",
    "企业开办登记",
    "不动产登记咨询",
    "医保报销结算",
    "农机购置补贴发放",
    "惠民资金公示",
    "行政执法案件办理",
    "政府信息依申请公开",
    "营商环境投诉处理",
];

const PROBLEMS: [&[&str]; 6] = [
    // sixiang
    &[
        "因循守旧，不愿改进办事方式",
        "对新政策学习不深，解释不清",
        "服务意识淡薄，重管理轻服务",
        "满足于过得去，缺乏创新",
        "怕担责任，遇事层层上交",
        "习惯于按老办法办事",
        "对群众诉求重视不够",
        "等靠思想严重，主动作为不够",
    ],
    // zuofeng
    &[
        "调研走过场，问题摸不准",
        "台账资料不全，底数不清",
        "督办事项落实不力",
        "会议多而实效差",
        "工作人员迟到早退",
        "上班时间办私事",
        "下基层次数不够",
        "材料报送敷衍应付",
    ],
    // fuwu
    &[
        "窗口人员态度生硬",
        "电话长时间无人接听",
        "答复群众咨询不耐烦",
        "首问负责落实不到位",
        "群众来访无人接待",
        "政策解释不清楚",
        "告知内容前后不一",
        "午间时段无人值守",
    ],
    // xiaolv
    &[
        "手续繁琐，群众多次往返",
        "办理时限过长",
        "材料重复提交",
        "审批环节过多",
        "超过承诺时限未办结",
        "线上线下标准不一",
        "一次性告知不到位",
        "部门之间推诿扯皮",
    ],
    // lianjie
    &[
        "收受服务对象土特产",
        "公务接待超标准",
        "借办事之机吃拿卡要",
        "公车私用",
        "违规发放津补贴",
        "利用职务之便为亲属办事",
        "违规接受宴请",
        "报销票据审核不严",
    ],
    // zhidu
    &[
        "限时办结制执行不严",
        "首问责任制落实不到位",
        "AB岗制度形同虚设",
        "请销假制度执行不严",
        "公示内容未及时更新",
        "政务公开不及时",
        "考勤制度执行走样",
        "服务承诺未兑现",
    ],
];

const PLACES: &[&str] = &[
    "城关镇",
    "东坝乡",
    "西河镇",
    "南山乡",
    "北川镇",
    "清水乡",
    "石桥镇",
    "白马乡",
    "青林镇",
    "龙泉乡",
    "金岭镇",
    "桃园乡",
    "新华街道",
    "河西街道",
    "凤凰乡",
    "双溪镇",
    "红岩乡",
    "高坪镇",
];

const CONSEQUENCES: &[&str] = &[
    "群众意见较大",
    "影响办事效率",
    "被群众投诉",
    "造成工作延误",
    "影响机关形象",
    "群众满意度不高",
    "基层反映强烈",
    "多次被明察暗访通报",
];

const DUTY_TAILS: &[&str] = &[
    "承办上级交办的其他事项。",
    "做好相关政策的宣传解释工作。",
    "指导基层单位开展有关业务。",
    "负责有关数据的统计和报送。",
    "协调解决工作中的重大问题。",
];

const REPORTERS: &[&str] = &[
    "县人社局人事干部",
    "城关镇组织委员",
    "前来办事的群众",
    "部风监督员",
    "12345热线来电群众",
    "明察暗访组",
    "民主评议代表",
    "乡镇党委书记",
    "离退休老干部家属",
    "企业党组织书记",
    "县人大代表",
    "县政协委员",
    "村党支部书记",
    "外地来县投资的企业负责人",
    "社区居民",
    "科室自查小组",
    "县效能办",
    "新录用公务员",
    "驻村第一书记",
    "县融媒体中心记者",
];

const SYMPTOMS: &[&str] = &[
    "要求提交的材料与上次重复",
    "承办人员外出时无人替岗",
    "需要先后到三个科室签字",
    "电话咨询时被告知“不归我们管”",
    "办理进度无从查询",
    "一次性告知单内容过时",
    "网上公布的办事指南与窗口要求不一致",
    "审批表格需要手工填写多遍",
    "等候时间超过一个小时",
    "承办人员对政策把握不准，前后说法不一",
    "窗口午休期间暂停受理",
    "需要自行到其他部门开具证明",
    "申请材料被退回却没有说明原因",
    "办结后未按承诺通知当事人",
    "科长签批要等一两天",
    "办事须知没有在窗口公示",
    "同一事项在两个股室重复审核",
    "上报材料口径频繁变化",
    "系统故障时没有应急办理渠道",
    "复印、扫描等基本服务要求群众自行解决",
];

const IMPACTS: &[&str] = &[
    "一件事往往要跑两三趟",
    "群众意见较大",
    "影响了机关形象",
    "造成工作延误",
    "被群众投诉到县效能办",
    "部分群众因此放弃申请",
    "基层单位反映强烈",
    "办事时间明显超出承诺时限",
];

const CAUSES: &[&str] = &[
    "办事流程多年来层层叠加，从未从办事人角度整体梳理",
    "审批权限集中在科长一人，没有授权机制",
    "AB岗制度只停留在纸面，替岗人员不熟悉业务",
    "工作人员服务意识不强，习惯于坐等群众上门",
    "对新出台政策学习不够，解释口径不统一",
    "信息系统之间数据不共享，只能让群众重复提交",
    "内部考核偏重数量，对办理质量和群众满意度关注不够",
    "监督检查偏重事后，日常提醒不到位",
    "科室之间职责边界不清，遇到交叉事项互相推让",
    "办事指南更新不及时，与实际要求脱节",
    "窗口人员少、业务量大，高峰时段应对不足",
    "对廉洁纪律的教育提醒不够经常",
    "制度执行缺少检查，违规成本低",
    "领导干部对作风问题重视不够，抓得不紧",
    "工作台账不规范，办理进度无人跟踪",
];

const VERIFIED: &[&str] = &[
    "反映情况基本属实，问题在该科室近半年的办理记录中多次出现",
    "反映情况属实，相关工作人员对问题负有直接责任",
    "反映的问题部分属实，另有部分属于相关部门职责，已转交处理",
    "调取窗口监控和办理台账，确认问题存在",
    "与反映人当面核对，并抽查了同期办理的二十件事项，确认问题具有普遍性",
    "经部风监督员实地暗访，情况属实",
];

const CAUSE_TAILS: &[&str] = &[
    "科室负责人对此负有领导责任。",
    "暴露出制度执行中的薄弱环节。",
    "根子在思想认识，表现在工作作风。",
    "经科务会研究，认定属于应当整改的问题。",
    "",
];

const MEASURES: &[&str] = &[
    "将多份材料合并为一张表，群众只需填写一次",
    "明确常规事项由经办人直接办理，特殊事项报科长审批",
    "制作一次性告知单，写明所需材料和办理时限",
    "在信息系统中增加办理进度查询功能",
    "落实AB岗制度，外出人员必须明确替岗人员",
    "实行午间轮流值班，窗口全天不间断受理",
    "开展政策业务培训，统一解释口径",
    "公开科室电话和监督电话，接受群众监督",
    "建立办理台账，每周通报一次办理进度",
    "对超过承诺时限的事项实行红黄牌预警",
    "主动与相关部门对接，实现数据共享，不再要求群众重复提交",
    "组织工作人员学习“六条禁令”并签订承诺书",
    "开展一次廉洁从政警示教育",
    "将整改情况纳入科室年度目标考核",
    "邀请部风监督员对整改情况进行评议",
    "修订完善内部管理制度，明确责任到人",
    "更新办事指南并在网站和窗口同步公布",
    "对相关责任人进行诫勉谈话",
    "建立群众意见回访制度，办结后三日内电话回访",
    "设置导办岗位，帮助群众填写材料",
    "推行预约服务和延时服务",
    "精简会议文件，腾出时间下基层",
    "每月开展一次明察暗访，发现问题及时通报",
    "退还违规收受的物品并在科务会上作出检查",
];

const RESULTS: &[&str] = &[
    "办理时间由两天缩短为半天",
    "群众往返次数由三次减少为一次",
    "近两个月未再收到同类投诉",
    "回访满意率达到百分之九十八",
    "办结时限全部控制在承诺时限以内",
    "窗口实现全天不间断受理",
    "相关制度已印发执行",
    "责任人已作出书面检查",
    "违规款物已全部退还",
    "办事指南已在网站和窗口同步更新",
    "办理进度可在网上实时查询",
    "所需材料由六份精简为两份",
];

const FOLLOW_UPS: &[&str] = &[
    "经部风监督员评议认定整改到位",
    "群众满意度明显提升",
    "将继续跟踪回访，防止问题反弹",
    "整改经验已在全县推广",
    "已建立长效机制",
    "县效能办复查确认整改到位",
];

const PROGRESS_RESULTS: &[&str] = &[
    "整改方案已经科务会审定",
    "主要措施已落实，正在完善配套制度",
    "新流程已试运行",
    "相关人员培训已完成",
    "系统改造正在进行",
    "已与相关部门达成共享数据的意见",
];

const PENDING_RESULTS: &[&str] = &[
    "正在制定整改方案",
    "已明确责任领导和责任人",
    "正在调查核实有关情况",
    "待县效能办协调相关部门后启动整改",
];

const OPENED: &[&str] = &[
    "经科务会研究，列入整改台账。",
    "部务会议研究确定为整改事项，明确责任人。",
    "接到县效能办转办件，登记建档。",
    "明察暗访发现问题，通报后列入整改。",
    "民主评议收集的意见，经梳理列入整改台账。",
    "群众投诉经核实属实，列入整改。",
    "科室自查发现，列入整改台账。",
];

const STARTED: &[&str] = &[
    "制定整改方案，明确整改时限和责任人。",
    "召开专题会议，研究整改措施。",
    "分管领导约谈科室负责人，部署整改。",
    "梳理办事流程，拟定改进方案。",
    "与反映人见面沟通，听取意见建议。",
    "组织科室人员学习相关制度。",
];

const PROGRESS: &[&str] = &[
    "一次性告知单已在窗口张贴。",
    "新流程开始试运行。",
    "完成工作人员业务培训。",
    "整改情况在科务会上通报。",
    "向反映人反馈整改进展。",
    "修订后的制度提交部务会审议。",
    "信息系统改造完成测试。",
    "部风监督员实地查看整改情况。",
    "开展第一次回访，群众基本满意。",
    "办事指南更新后在网站公布。",
    "替岗人员名单在窗口公示。",
    "县效能办督查整改进度。",
    "完成相关材料的清理归档。",
    "召开群众座谈会听取意见。",
];

const PENDING_NOTES: &[&str] = &[
    "已联系反映人核实有关情况。",
    "调取相关办理记录进行核查。",
    "提请部务会议研究整改方案。",
    "等待县效能办协调相关部门意见。",
    "向反映人说明整改安排。",
    "责任领导听取情况汇报。",
    "整改方案征求相关部门意见。",
];

const DELAYS: &[&str] = &[
    "因信息系统升级，相关模块无法调整",
    "因涉及多个部门，协调需要时间",
    "因防汛工作任务繁重",
    "因相关政策尚待上级明确",
    "因配套资金尚未到位",
    "因承办人员调整",
];

const REOPENED: &[&str] = &[
    "回访中发现问题反弹，重新启动整改。",
    "群众再次反映同类问题，重新整改。",
    "县效能办复查认为整改不彻底，退回重新整改。",
];
