//! The campaign records beyond items and offices: 民主评议 periods, the 绩效考评 year, each
//! office's 九项制度 and phase plans, inspections, opinions, accountability decisions, 四个一
//! activities, quarterly bulletins and the holiday calendar. Sized by the number of offices, so
//! that a province-scale corpus exercises every page type the way a county's does.

use std::fmt::Write as _;
use std::path::Path;

use crate::{MATTERS, Rng, SURNAMES, date, dissolved, established, month_day, write};

/// The 2026 holiday calendar, the sample site's own (working-day deadlines count on it).
const CALENDAR: &str = include_str!("../../content/calendar/2026.yaml");

/// One office as the other records need it.
pub(crate) struct Office<'a> {
    pub(crate) id: &'a str,
    pub(crate) name: &'a str,
    /// Day (from 2026-01-01) the office came into being, if during the campaign.
    pub(crate) from: Option<i64>,
    /// Day the office was dissolved, if it was.
    pub(crate) until: Option<i64>,
}

impl Office<'_> {
    /// Whether the office existed on some day of `start..=end`.
    fn during(&self, start: i64, end: i64) -> bool {
        self.from.is_none_or(|d| d <= end) && self.until.is_none_or(|d| d > start)
    }

    /// Whether the office existed on `day`.
    fn on(&self, day: i64) -> bool {
        self.during(day, day)
    }
}

/// The offices of the corpus, with their lifetimes.
pub(crate) fn offices<'a>(ids: &'a [String], names: &'a [String]) -> Vec<Office<'a>> {
    (0..ids.len())
        .map(|i| Office {
            id: &ids[i],
            name: &names[i],
            from: established(i),
            until: dissolved(i),
        })
        .collect()
}

/// Writes every record folder besides offices and items; returns the bytes written.
pub(crate) fn generate(content: &Path, offices: &[Office], seed: u64) -> u64 {
    let mut bytes = 0;
    let mut file = |folder: &str, name: &str, text: &str| {
        let dir = content.join(folder);
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| crate::die(&dir, e));
        bytes += write(&dir.join(name), text);
    };
    file("calendar", "2026.yaml", CALENDAR);
    for (id, start, end, held) in [("2026-Q2", 90, 180, 190), ("2026-Q3", 181, 272, 283)] {
        let text = evaluation(id, start, end, held, offices, seed);
        file("evaluations", &format!("{id}.yaml"), &text);
    }
    file("performance", "2026.yaml", &performance(offices, seed));
    for (i, office) in offices.iter().enumerate() {
        if let Some(text) = systems(i, office, seed) {
            file("systems", &format!("{}.yaml", office.id), &text);
        }
        for (phase, text) in plans(i, office) {
            file("plans", &format!("{}-{phase}.yaml", office.id), &text);
        }
    }
    for (id, text) in inspections(offices, seed) {
        file("inspections", &format!("{id}.yaml"), &text);
    }
    for (id, text) in opinions(offices, seed) {
        file("opinions", &format!("{id}.yaml"), &text);
    }
    for (id, text) in accountability(offices, seed) {
        file("accountability", &format!("{id}.yaml"), &text);
    }
    for (id, text) in activities() {
        file("activities", &format!("{id}.yaml"), &text);
    }
    for (quarter, text) in bulletins(offices) {
        file("bulletins", &format!("{quarter}.md"), &text);
    }
    bytes
}

/// The evaluator groups of every period and their sizes (the roster has one line per member).
const GROUPS: [(&str, usize); 4] = [
    ("县人大代表", 8),
    ("县政协委员", 6),
    ("效能监督员", 10),
    ("服务对象代表", 36),
];

/// A 民主评议 period: every office that existed tallied, a roster of which a third is new in
/// the second period (轮换制), and an opinion with its response for about one office in five.
fn evaluation(id: &str, start: i64, end: i64, held: i64, offices: &[Office], seed: u64) -> String {
    let second = start > 100;
    let mut text = String::with_capacity(200 * offices.len());
    let _ = writeln!(text, "id: {id}");
    let quarter = if second { "三" } else { "二" };
    let _ = writeln!(text, "title: 2026年第{quarter}季度民主评议");
    let _ = writeln!(
        text,
        "start: {}\nend: {}\nheld: {}",
        date(start),
        date(end),
        date(held)
    );
    text.push_str(
        "method: 采取会议测评与问卷调查相结合的方式，评议代表听取各单位述职后现场无记名填写评议票，服务对象代表从本季度办事群众中随机抽取。\n",
    );
    text.push_str("groups:\n");
    for (name, size) in GROUPS {
        let _ = writeln!(text, "  - name: {name}\n    size: {size}");
    }
    // Members are numbered within their group; the second period replaces the first third.
    text.push_str("roster:\n");
    for (name, size) in GROUPS {
        let shift = if second { size.div_ceil(3) } else { 0 };
        for n in 0..size {
            let member = n + shift;
            let _ = writeln!(
                text,
                "  - {name} {}某某{:02}号",
                SURNAMES[member % SURNAMES.len()],
                member + 1
            );
        }
    }
    let voters: usize = GROUPS.iter().map(|(_, size)| size).sum();
    text.push_str("tallies:\n");
    for (i, office) in offices.iter().enumerate() {
        if !office.during(start, end) {
            continue;
        }
        let mut rng = Rng::new(seed ^ 0x0E0A_1000 ^ start as u64, i as u64);
        // Most offices have every answer; one in two hundred has too few to be ranked.
        let answers = if i % 200 == 17 {
            rng.range(20, 29) as usize
        } else {
            voters - rng.below(4)
        };
        let unsatisfied = rng.below(answers / 8 + 1);
        let basic = rng.below((answers - unsatisfied) / 3 + 1);
        let satisfied = answers - unsatisfied - basic;
        let _ = writeln!(
            text,
            "  - office: {}\n    satisfied: {satisfied}\n    basic: {basic}\n    unsatisfied: {unsatisfied}",
            office.id
        );
    }
    text.push_str("opinions:\n");
    for (i, office) in offices.iter().enumerate() {
        let mut rng = Rng::new(seed ^ 0x0091_1100 ^ start as u64, i as u64);
        if !office.during(start, end) || !rng.chance(20) {
            continue;
        }
        let matter = rng.pick(MATTERS);
        let _ = writeln!(
            text,
            "  - office: {}\n    text: {}办理{matter}时{}。",
            office.id,
            office.name,
            rng.pick(COMPLAINTS)
        );
        // Most are answered within a month; a few are still awaiting a response.
        if rng.chance(90) {
            let day = held + rng.range(3, 30);
            let _ = writeln!(
                text,
                "    response: 已{}，{matter}办理情况在本专栏公示。\n    responded_on: {}",
                rng.pick(ANSWERS),
                date(day)
            );
        }
    }
    text
}

const COMPLAINTS: &[&str] = &[
    "材料清单没有一次说清，来回跑了两趟",
    "中午无人值守，群众只能在门外等候",
    "电话咨询多次无人接听",
    "办理时限没有公开，不知道什么时候能办好",
    "窗口工作人员态度生硬，解释不耐烦",
    "同一份数据要求重复填报",
];

const ANSWERS: &[&str] = &[
    "公布材料清单和样表，实行一次性告知",
    "实行中午轮流值班，值班表在门口公示",
    "明确专人接听咨询电话，并开通网上留言答复",
    "公开办理时限，按限时办结制办理",
    "对相关工作人员进行批评教育，开展服务礼仪培训",
    "合并报表，同一数据只报一次",
];

/// The 绩效考评 year: five criteria scored for every office that existed in the year.
fn performance(offices: &[Office], seed: u64) -> String {
    let mut text = String::with_capacity(300 * offices.len());
    text.push_str(
        "year: 2026\ntitle: 2026年度机关效能建设绩效考评\nevaluated_on: 2026-11-20\n\
         method: 由效能建设联系会议办公室牵头组成考评组，采取听取汇报、查阅台账、实地抽查和征求服务对象意见相结合的方式进行考评。\n\
         scores:\n",
    );
    for (i, office) in offices.iter().enumerate() {
        if !office.during(0, 364) {
            continue;
        }
        let mut rng = Rng::new(seed ^ 0x0005_C0FE, i as u64);
        // A base level per office, so the grades spread from 不合格 to 优秀.
        let base = rng.range(55, 96);
        let mut hundred = || (base + rng.range(-5, 4)).clamp(0, 100);
        let (liuxiang, jiuxiang, pingyi) = (hundred(), hundred(), hundred());
        let mut ten = || {
            format!(
                "{}",
                ((base / 10) as f64 - rng.range(0, 2) as f64 * 0.5).max(0.0)
            )
        };
        let (jiancha, gongkai) = (ten(), ten());
        let _ = writeln!(
            text,
            "  - office: {}\n    criteria:\n      - {{ criterion: liuxiang, score: {liuxiang} }}\n      - {{ criterion: jiuxiang, score: {jiuxiang} }}\n      - {{ criterion: pingyi, score: {pingyi} }}\n      - {{ criterion: jiancha, score: {jiancha} }}\n      - {{ criterion: gongkai, score: {gongkai} }}",
            office.id
        );
    }
    text
}

/// The nine systems in site.yaml's order, with the word of each document's title.
const SYSTEMS: [(&str, &str); 9] = [
    ("tingzheng", "决策听证咨询制度"),
    ("mubiao", "目标责任制"),
    ("shouwen", "首问责任制"),
    ("quanri", "全日式办公制"),
    ("xianshi", "限时办结制"),
    ("minzhujiandu", "民主监督制"),
    ("pingyi", "民主评议制"),
    ("sigeyi", "“四个一”制度"),
    ("xiagang", "一次查实下岗制"),
];

/// An office's 九项制度: most established and carried out, some only established, a few
/// missing; offices dissolved before the systems phase have none.
fn systems(i: usize, office: &Office, seed: u64) -> Option<String> {
    if !office.on(213) {
        return None;
    }
    let mut rng = Rng::new(seed ^ 0x0051_5000, i as u64);
    let mut text = format!("office: {}\nsystems:\n", office.id);
    for (n, (id, name)) in SYSTEMS.iter().enumerate() {
        let state = match rng.below(10) {
            0 => continue,
            1..=3 => "已建立",
            _ => "已落实",
        };
        let day = 213 + 3 * n as i64 + rng.range(0, 40);
        let _ = writeln!(
            text,
            "  - system: {id}\n    state: {state}\n    date: {}\n    document: 《{}{name}实施细则》",
            date(day.min(crate::AS_OF)),
            office.name
        );
    }
    Some(text)
}

/// The phases' deliverables an office submitted (before its phase's due day, or late for a few).
fn plans(i: usize, office: &Office) -> Vec<(&'static str, String)> {
    let phases = [
        ("mobilize", 150, "机关效能建设实施方案"),
        ("rectify", 272, "“六项整治”查纠整改情况报告"),
        ("systems", 303, "“九项制度”建立情况报告"),
    ];
    phases
        .iter()
        .enumerate()
        .filter(|&(n, _)| (i + n) % 11 != 0)
        .filter_map(|(n, &(phase, due, title))| {
            let day = due - 10 + ((i * 7 + n) % 14) as i64;
            office.on(day).then(|| {
                let text = format!(
                    "office: {}\nphase: {phase}\nsubmitted: {}\ntitle: 《{}{title}》\n",
                    office.id,
                    date(day),
                    office.name
                );
                (phase, text)
            })
        })
        .collect()
}

/// Inspections: a 明察暗访 every month of the campaign (the 四个一's monthly one) and a
/// 普遍检查 each quarter, each visiting a handful of offices with findings for some.
fn inspections(offices: &[Office], seed: u64) -> Vec<(String, String)> {
    let mut days: Vec<(i64, &str)> = [98, 128, 159, 189, 220, 251, 281, 312]
        .iter()
        .map(|&d| (d, "明察暗访"))
        .collect();
    days.extend([(170, "普遍检查"), (262, "普遍检查"), (300, "抽查")]);
    days.sort();
    days.iter()
        .enumerate()
        .map(|(n, &(day, kind))| {
            let mut rng = Rng::new(seed ^ 0x0001_5EC7, n as u64);
            let id = format!("JC-2026-{:02}", n + 1);
            let mut visited: Vec<&Office> = Vec::new();
            let wanted = 3 + rng.below(6);
            for _ in 0..wanted * 4 {
                let office = &offices[rng.below(offices.len())];
                if visited.len() < wanted
                    && office.on(day)
                    && !visited.iter().any(|o| o.id == office.id)
                {
                    visited.push(office);
                }
            }
            visited.sort_by_key(|o| o.id);
            let ids: Vec<&str> = visited.iter().map(|o| o.id).collect();
            let mut text = format!(
                "id: {id}\ndate: {}\nkind: {kind}\ntitle: {}工作日到岗和窗口服务情况{kind}\n\
                 summary: 检查组随机到{}个单位查看到岗、去向公示和窗口服务情况，并拨打办公电话。\n\
                 offices: [{}]\n",
                date(day),
                month_day(day),
                ids.len(),
                ids.join(", ")
            );
            let found: Vec<&&Office> = visited.iter().filter(|_| rng.chance(40)).collect();
            if !found.is_empty() {
                text.push_str("findings:\n");
                for office in found {
                    let _ = writeln!(
                        text,
                        "  - office: {}\n    text: {}{}。",
                        office.id,
                        office.name,
                        rng.pick(FINDINGS)
                    );
                }
            }
            (id, text)
        })
        .collect()
}

const FINDINGS: &[&str] = &[
    "上午8时30分仅1人在岗，去向公示牌未填写",
    "中午12时30分拨打值班电话，连续3次无人接听",
    "窗口未公示办理时限和材料清单",
    "工作人员上班时间浏览与工作无关的网页",
];

/// Opinions from the public: about one for every two offices, most answered.
fn opinions(offices: &[Office], seed: u64) -> Vec<(String, String)> {
    let channels = ["意见卡", "意见箱", "来访", "来电", "网上留言"];
    (0..offices.len().div_ceil(2).max(4))
        .filter_map(|n| {
            let mut rng = Rng::new(seed ^ 0x0091_7700, n as u64);
            let office = &offices[rng.below(offices.len())];
            let received = 100 + rng.range(0, 200);
            if !office.on(received) {
                return None;
            }
            let id = format!("YJ-2026-{:05}", n + 1);
            let matter = rng.pick(MATTERS);
            let mut text = format!(
                "id: {id}\nreceived: {}\nchannel: {}\noffice: {}\nsummary: 反映{}办理{matter}时{}。\n",
                date(received),
                channels[n % channels.len()],
                office.id,
                office.name,
                rng.pick(COMPLAINTS)
            );
            if rng.chance(85) {
                let _ = write!(
                    text,
                    "response: 已{}。\nresponded_on: {}\n",
                    rng.pick(ANSWERS),
                    date((received + rng.range(3, 20)).min(crate::AS_OF))
                );
            }
            Some((id, text))
        })
        .collect()
}

/// 一次查实下岗制 decisions: about one for every twenty offices, every level and prohibition.
fn accountability(offices: &[Office], seed: u64) -> Vec<(String, String)> {
    let violations = ["tuiwei", "diaonan", "tuoyan", "lizhi", "buzuowei"];
    let levels = ["gaojie", "gaojie", "tongbao", "xiagang", "chufen"];
    (0..(offices.len() / 20).max(3))
        .filter_map(|n| {
            let mut rng = Rng::new(seed ^ 0x00AC_C000, n as u64);
            let office = &offices[rng.below(offices.len())];
            let day = 120 + rng.range(0, 190);
            if !office.on(day) {
                return None;
            }
            let id = format!("WZ-2026-{:04}", n + 1);
            let person = format!("{}某某", rng.pick(SURNAMES));
            let text = format!(
                "id: {id}\ndate: {}\noffice: {}\nperson: {person}\nviolation: {}\nlevel: {}\n\
                 decision: 经查实，{}工作人员{person}在办理{}时{}。依照“一次查实下岗制”作出处理，责令作出书面检查。\n\
                 chief_responsible: {}\n",
                date(day),
                office.id,
                violations[n % violations.len()],
                levels[n % levels.len()],
                office.name,
                rng.pick(MATTERS),
                rng.pick(COMPLAINTS),
                n % 7 == 3
            );
            Some((id, text))
        })
        .collect()
}

/// The quarterly 四个一 activities kept by hand: 基层调研 and visits to the supervisors (the
/// monthly 明察暗访 are the inspections; the 通报 are the bulletins).
fn activities() -> Vec<(String, String)> {
    let mut records = Vec::new();
    for (quarter, day) in [("Q2", 145), ("Q3", 236), ("Q4", 320)] {
        let text = format!(
            "id: DY-2026-{quarter}\nactivity: research\ndate: {}\ntitle: {}赴乡镇开展基层调研\n\
             summary: 领导带队走访乡镇和村，召开座谈会，征求对机关作风和办事效率的意见。\n\
             cards_issued: 120\ncards_returned: {}\n",
            date(day),
            month_day(day),
            100 + day % 20
        );
        records.push((format!("DY-2026-{quarter}"), text));
    }
    for (quarter, day) in [("Q2", 174), ("Q3", 265)] {
        let text = format!(
            "id: ZF-2026-{quarter}\nactivity: supervisors\ndate: {}\ntitle: {}走访效能监督员\n\
             summary: 分别走访效能监督员，通报活动开展情况，收集意见建议。\n",
            date(day),
            month_day(day)
        );
        records.push((format!("ZF-2026-{quarter}"), text));
    }
    records
}

/// The quarterly 通报 of Q1 to Q3 (issued early in the next quarter).
fn bulletins(offices: &[Office]) -> Vec<(&'static str, String)> {
    let first = offices.first().map_or("", |o| o.name);
    [("2026-Q1", 97, 1), ("2026-Q2", 188, 3), ("2026-Q3", 280, 5)]
        .into_iter()
        .map(|(quarter, issued, number)| {
            let text = format!(
                "---\nquarter: {quarter}\nnumber: 示效通〔2026〕{number}号\nissued: {}\n\
                 issuer: 示范县机关效能建设联系会议办公室\nto: [各单位]\ncc: [县领导]\n---\n\
                 本季度各单位按照活动安排查摆问题、推进整改，总体有序。{first}等单位办结率位居前列。\n\n\
                 各单位要对照整改台账逐项销号，未办结事项要在时限内完成，确需延期的须经分管领导批准并在台账中登记。\n",
                date(issued)
            );
            (quarter, text)
        })
        .collect()
}
