//! The privacy guard (个人隐私; 《政府信息公开条例》第十五条): personal information is not
//! published. Every text that will be published — site.yaml's texts, offices' fields, items'
//! fields, Markdown bodies, timeline notes and evidence — is scanned for
//!
//! - resident ID numbers (居民身份证号): 18 digits whose last character is the GB 11643 check
//!   digit (`0`–`9` or `X`), or the old 15-digit form; both with a province code and a real
//!   date of birth;
//! - mainland mobile numbers (手机号码): `1[3-9]` and nine more digits, optionally `+86`;
//! - bank card numbers (银行卡号): 16 to 19 digits passing the Luhn check, beginning with 3,
//!   4, 5, 6 (UnionPay `62…`) or 9 (the old domestic `95…` cards);
//! - e-mail addresses of persons. An address whose domain is `gov.cn` or ends in `.gov.cn` is an
//!   office's public mailbox and is allowed.
//!
//! Office landlines (`0371-12345678`, `0839-5212301`) are allowed: no finding begins with `0`.
//! How digits are grouped into numbers is described at [`scan`].
//!
//! site.yaml's `privacy:` section decides what happens ([`PrivacyPolicy`]): with `policy: error`
//! (the default) every finding is an error located at its file, line and column, the value shown
//! masked; with `policy: mask` the value is published masked (`138****5678`). An `allow` entry
//! exempts one field of one record, with a stated reason; `censor` rules replace literal texts or
//! regular expressions everywhere.
//!
//! There is one place where this happens: [`apply`] turns the validated records into the records
//! that are published — censored, then masked — before the public view is built, so pages, feeds,
//! data downloads and the search index all receive the same texts. [`guard_output`] checks every
//! written text file once more, so a template that prints something the records never held
//! (a custom footer with a mobile number) fails the build too.

use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use regex::Regex;

use crate::diagnostics::Diagnostic;
use crate::model::Records;
use crate::source::SourceFile;
use crate::yaml::{Fields, Located, Pos, pos_at};

mod quick;
use quick::may_hold_personal;

// ---------------------------------------------------------------------------------------
// The policy in site.yaml
// ---------------------------------------------------------------------------------------

/// What a finding does to the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// The build fails, naming every finding (masked) at its file, line and column.
    #[default]
    Error,
    /// The values are published masked.
    Mask,
}

/// One exemption: a field of a record that may publish what the guard would find.
#[derive(Debug, Clone)]
pub struct AllowEntry {
    /// An office or item id, or `site`.
    pub record: Located<String>,
    /// The field (`body`, `note`, `phone`, …).
    pub field: Located<String>,
    /// Why it may be published (required: it is the record of the decision).
    pub reason: String,
}

/// What a censor rule looks for.
#[derive(Debug, Clone)]
pub enum Pattern {
    /// This exact text.
    Literal(String),
    /// A regular expression (the `regex` crate's syntax).
    Regex(Regex),
}

/// A replacement applied to every published text.
#[derive(Debug, Clone)]
pub struct CensorRule {
    /// What to replace.
    pub pattern: Pattern,
    /// The replacement; with a regular expression `$1`, `${name}` insert groups.
    pub replace: String,
    /// Why (required, never published).
    pub comment: String,
}

/// site.yaml's `privacy:` section.
#[derive(Debug, Clone, Default)]
pub struct PrivacyPolicy {
    /// `error` (default) or `mask`.
    pub mode: Mode,
    /// Exempted fields.
    pub allow: Vec<AllowEntry>,
    /// Replacements, applied in order before the scan.
    pub censor: Vec<CensorRule>,
    /// site.yaml itself, to locate findings in site texts and problems of `allow` entries.
    pub source: Option<Arc<SourceFile>>,
    /// Filled in by [`apply`]: the values (normalised) that allow-listed fields publish, so
    /// that [`guard_output`] lets them through.
    pub exempt: Vec<String>,
}

/// The keys of the `privacy:` section.
pub const POLICY_FIELDS: &[&str] = &["policy", "allow", "censor"];
/// The keys of an `allow` entry.
pub const ALLOW_FIELDS: &[&str] = &["record", "field", "reason"];
/// The keys of a `censor` rule.
pub const CENSOR_FIELDS: &[&str] = &["find", "regex", "replace", "comment"];
/// The fields an `allow` entry may name for `site`.
pub const SITE_TEXT_FIELDS: &[&str] = &[
    "title",
    "unit",
    "campaign",
    "phases",
    "categories",
    "systems",
    "catalogue",
];
/// The fields an `allow` entry may name for an office.
pub const OFFICE_TEXT_FIELDS: &[&str] = &[
    "name",
    "chief",
    "deputy",
    "duties",
    "phone",
    "approved_by",
    "withdrawn_reason",
];
/// The fields an `allow` entry may name for an item.
pub const ITEM_TEXT_FIELDS: &[&str] = &[
    "title",
    "leader",
    "responsible",
    "body",
    "note",
    "evidence",
    "approved_by",
    "withdrawn_reason",
];

/// Reads site.yaml's `privacy:` section (absent: `policy: error`, nothing allowed, no censor).
/// Problems (an unknown policy word, a bad regular expression with its position, an entry
/// without its reason) are recorded in `f`'s document. Whether an `allow` entry names a real
/// record is checked by [`apply`], which knows the records.
pub fn read_policy(f: &Fields, file: &Arc<SourceFile>) -> PrivacyPolicy {
    let mut policy = PrivacyPolicy {
        source: Some(Arc::clone(file)),
        ..PrivacyPolicy::default()
    };
    let Some(p) = f.group("privacy", "the privacy section") else {
        return policy;
    };
    p.reject_unknown(POLICY_FIELDS);
    match p.opt_text("policy").as_deref() {
        None | Some("error") => {}
        Some("mask") => policy.mode = Mode::Mask,
        Some(other) => p.error(
            "policy",
            format!(
                "`{other}` is not a privacy policy: write `error` (findings stop the build) or `mask` (they are published masked)"
            ),
        ),
    }
    for a in p.groups("allow", "an allow entry") {
        a.reject_unknown(ALLOW_FIELDS);
        let (record, field, reason) = (
            a.located_text("record"),
            a.located_text("field"),
            a.text("reason"),
        );
        if let Some(field) = &field {
            let known = [SITE_TEXT_FIELDS, OFFICE_TEXT_FIELDS, ITEM_TEXT_FIELDS].concat();
            if !known.contains(&field.value.as_str()) {
                a.error_at(
                    field.at,
                    format!(
                        "`{}` is not a field that is published; expected one of: {}",
                        field.value,
                        dedup(&known).join(", ")
                    ),
                );
            }
        }
        if let (Some(record), Some(field), Some(reason)) = (record, field, reason) {
            policy.allow.push(AllowEntry {
                record,
                field,
                reason,
            });
        }
    }
    for c in p.groups("censor", "a censor rule") {
        c.reject_unknown(CENSOR_FIELDS);
        let comment = c.text("comment");
        let replace = if c.has("replace") {
            c.opt_text("replace")
        } else {
            c.text("replace")
        };
        let pattern = match (c.has("find"), c.has("regex")) {
            (true, false) => c.text("find").map(Pattern::Literal),
            (false, true) => c.text("regex").and_then(|r| compile(&c, file, &r)),
            (true, true) => {
                c.error(
                    "regex",
                    "a censor rule has either `find` (a literal text) or `regex`, not both",
                );
                None
            }
            (false, false) => {
                c.error_at(
                    c.pos(),
                    "a censor rule needs `find` (a literal text) or `regex` (a regular expression)",
                );
                None
            }
        };
        let replace = match (replace, c.has("replace")) {
            (Some(r), _) => Some(r),
            (None, true) => Some(String::new()),
            (None, false) => None,
        };
        if let (Some(pattern), Some(replace), Some(comment)) = (pattern, replace, comment) {
            policy.censor.push(CensorRule {
                pattern,
                replace,
                comment,
            });
        }
    }
    policy
}

fn dedup<'a>(names: &[&'a str]) -> Vec<&'a str> {
    let mut seen = BTreeSet::new();
    names.iter().copied().filter(|n| seen.insert(*n)).collect()
}

/// Compiles a censor regex; an error points at the offending character of the pattern.
fn compile(c: &Fields, file: &SourceFile, pattern: &str) -> Option<Pattern> {
    match Regex::new(pattern) {
        Ok(re) => Some(Pattern::Regex(re)),
        Err(e) => {
            let (offset, why) = syntax_error(pattern).unwrap_or((0, e.to_string()));
            let at = c.pos_of("regex");
            // A quoted value starts one column after its quote.
            let quoted = file
                .text
                .lines()
                .nth(at.line.saturating_sub(1))
                .and_then(|l| l.chars().nth(at.column.saturating_sub(1)))
                .is_some_and(|ch| ch == '"' || ch == '\'');
            let column = at.column + usize::from(quoted) + offset;
            c.error_at(
                Pos {
                    line: at.line,
                    column,
                    width: 1,
                },
                format!(
                    "the censor regex `{pattern}` is not valid at character {}: {why}",
                    offset + 1
                ),
            );
            None
        }
    }
}

/// The character offset and the reason of a regex syntax error.
fn syntax_error(pattern: &str) -> Option<(usize, String)> {
    let (span, why) = match regex_syntax::Parser::new().parse(pattern) {
        Err(regex_syntax::Error::Parse(e)) => (*e.span(), e.kind().to_string()),
        Err(regex_syntax::Error::Translate(e)) => (*e.span(), e.kind().to_string()),
        _ => return None,
    };
    Some((pattern[..span.start.offset].chars().count(), why))
}

// ---------------------------------------------------------------------------------------
// Scanning
// ---------------------------------------------------------------------------------------

/// What kind of personal information a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// 居民身份证号 (18 or 15 digits).
    IdNumber,
    /// 手机号码.
    Mobile,
    /// 银行卡号.
    BankCard,
    /// A person's e-mail address.
    Email,
    /// A person's address, marked in the text as `【住址：…】` or `【地址：…】`.
    Address,
}

impl Kind {
    /// Plain words for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::IdNumber => "a resident ID number (身份证号)",
            Kind::Mobile => "a mobile number (手机号码)",
            Kind::BankCard => "a bank card number (银行卡号)",
            Kind::Email => "a personal e-mail address (个人电子邮箱)",
            Kind::Address => "a personal address (住址)",
        }
    }
}

/// One piece of personal information in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// What it is.
    pub kind: Kind,
    /// Byte range in the scanned text (separators and a `+86` prefix included).
    pub range: Range<usize>,
    /// The text as written.
    pub text: String,
    /// The normalised value: ASCII digits (and `X`), or the lower-case address.
    pub value: String,
    /// How it is published under `policy: mask`.
    pub masked: String,
}

/// A digit, ASCII or full-width (０–９), as its ASCII digit.
fn digit(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8),
        '０'..='９' => Some(b'0' + (c as u32 - '０' as u32) as u8),
        _ => None,
    }
}

/// A character that makes a digit run part of a longer token (`abc123`, a hash, `12X3`).
fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || digit(c).is_some()
        || ('Ａ'..='Ｚ').contains(&c)
        || ('ａ'..='ｚ').contains(&c)
}

/// A character that may split the groups of one number: a space or a dash.
fn is_separator(c: char) -> bool {
    matches!(c, ' ' | '\u{3000}' | '-' | '－' | '\u{2010}' | '\u{2011}')
}

fn is_check_x(c: char) -> bool {
    matches!(c, 'X' | 'x' | 'Ｘ' | 'ｘ')
}

/// A maximal run of digits, with an `X` that follows it.
#[derive(Debug)]
struct Run {
    start: usize,
    end: usize,
    digits: String,
    x: bool,
    word_before: bool,
    word_after: bool,
}

/// The ASCII digit at byte `i` and its length in bytes (full-width digits are `EF BC 90..99`).
fn digit_at(b: &[u8], i: usize) -> Option<(u8, usize)> {
    match b[i] {
        d @ b'0'..=b'9' => Some((d, 1)),
        0xEF if b.get(i + 1) == Some(&0xBC) => match b.get(i + 2) {
            Some(&d @ 0x90..=0x99) => Some((b'0' + (d - 0x90), 3)),
            _ => None,
        },
        _ => None,
    }
}

/// The digit runs of `text` that could take part in a finding: runs of fewer than three digits
/// are left out (they neither join nor make a number on their own; their digits still stand
/// between their neighbours, so those do not join across them either).
fn runs(text: &str) -> Vec<Run> {
    let b = text.as_bytes();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if digit_at(b, i).is_none() {
            i += 1;
            continue;
        }
        let start = i;
        let mut count = 0;
        while i < b.len() && digit_at(b, i).is_some() {
            i += digit_at(b, i).map_or(1, |(_, len)| len);
            count += 1;
        }
        let mut end = i;
        let x = text[i..].chars().next().is_some_and(is_check_x);
        if x {
            end += text[i..].chars().next().map_or(0, char::len_utf8);
        }
        i = end;
        if count < 3 {
            continue;
        }
        let mut digits = String::with_capacity(count);
        let mut j = start;
        while let Some((d, len)) = (j < b.len()).then(|| digit_at(b, j)).flatten() {
            digits.push(d as char);
            j += len;
        }
        runs.push(Run {
            start,
            end,
            digits,
            x,
            word_before: text[..start].chars().next_back().is_some_and(is_word),
            word_after: text[end..].chars().next().is_some_and(is_word),
        });
    }
    runs
}

/// Finds every ID number, mobile number, bank card number and personal e-mail address in
/// `text`, in order.
///
/// How digits make numbers:
/// - A *run* is a maximal sequence of digits (ASCII or full-width), with an `X` right after it
///   (an ID's check digit). A run touching a letter or another digit run (`abc13812345678`,
///   a SHA-256 hash, `12X3`) is part of a longer token and is never a finding, nor is a number
///   inside a longer run of digits (`138123456789012` is not a mobile number).
/// - Runs separated by one to three spaces or dashes may join into one number
///   (`138 1234 5678`, `6222-0212-3456-7890`, `110105 19491231 002X`), but **only runs of at
///   least three digits join**. Dates (`2026-06-30`: the `06` and `30` cannot join) and times
///   therefore never combine with their neighbours, and a landline (`0839-5212301`,
///   `0371-12345678-801`) joins into a number beginning with `0`, which no finding does.
/// - Within a chain of joinable runs the longest valid number starting at the leftmost run is
///   taken first, so `138 1234 5678 139 8765 4321` gives two mobile numbers.
/// - `+86` (or `＋86`) before a mobile number, with or without a separator, belongs to it.
pub fn scan(text: &str) -> Vec<Finding> {
    if !may_hold_personal(text.as_bytes()) {
        return Vec::new();
    }
    scan_all(text)
}

/// [`scan`] without its quick refusal of texts that cannot hold a finding.
fn scan_all(text: &str) -> Vec<Finding> {
    let mut findings = emails(text);
    findings.extend(addresses(text));
    let personal_emails: Vec<Range<usize>> = findings.iter().map(|f| f.range.clone()).collect();
    let runs = runs(text);
    let mut i = 0;
    while i < runs.len() {
        // The chain of joinable runs starting at i.
        let mut end = i;
        while end + 1 < runs.len() && joins(text, &runs[end], &runs[end + 1]) {
            end += 1;
        }
        let mut k = i;
        while k <= end {
            match (k..=end)
                .rev()
                .find_map(|j| number(text, &runs[k..=j]).map(|f| (j, f)))
            {
                Some((j, f)) => {
                    if !personal_emails
                        .iter()
                        .any(|e| e.start < f.range.end && f.range.start < e.end)
                    {
                        findings.push(f);
                    }
                    k = j + 1;
                }
                None => k += 1,
            }
        }
        i = end + 1;
    }
    findings.sort_by_key(|f| f.range.start);
    findings
}

/// The fewest digits any finding has (a mobile number; an ID, a card and `+86` have more).
const FEWEST_DIGITS: usize = 11;

/// Whether the text between two digit runs lets them join: one to three separators.
fn gap_joins(gap: &str) -> bool {
    let n = gap.chars().count();
    (1..=3).contains(&n) && gap.chars().all(is_separator)
}

fn joins(text: &str, a: &Run, b: &Run) -> bool {
    if a.x || a.digits.len() < 3 || b.digits.len() < 3 {
        return false;
    }
    gap_joins(&text[a.end..b.start])
}

/// The finding made of exactly these joined runs, if they are one.
fn number(text: &str, runs: &[Run]) -> Option<Finding> {
    let (first, last) = (runs.first()?, runs.last()?);
    if first.word_before || last.word_after {
        return None;
    }
    let digits: String = runs.iter().map(|r| r.digits.as_str()).collect();
    let mut start = first.start;
    let (kind, value) = if last.x {
        let id = format!("{digits}X");
        (id.len() == 18 && is_id18(&id)).then_some((Kind::IdNumber, id))?
    } else {
        match digits.len() {
            11 if is_mobile(&digits) => {
                start = plus86(text, start).unwrap_or(start);
                (Kind::Mobile, digits)
            }
            13 if digits.starts_with("86")
                && is_mobile(&digits[2..])
                && text[..start].ends_with(['+', '＋']) =>
            {
                start -= text[..start].chars().next_back()?.len_utf8();
                (Kind::Mobile, digits[2..].to_string())
            }
            15 if is_id15(&digits) => (Kind::IdNumber, digits),
            18 if is_id18(&digits) => (Kind::IdNumber, digits),
            16..=19 if is_card(&digits) => (Kind::BankCard, digits),
            _ => return None,
        }
    };
    let range = start..last.end;
    let prefix = if kind == Kind::Mobile && start != first.start {
        "+86 "
    } else {
        ""
    };
    Some(Finding {
        kind,
        text: text[range.clone()].to_string(),
        masked: format!("{prefix}{}", mask_value(kind, &value)),
        value,
        range,
    })
}

/// Where a `+86` written before `start` begins (at most three separators between).
fn plus86(text: &str, start: usize) -> Option<usize> {
    let before = &text[..start];
    let trimmed = before.trim_end_matches(is_separator);
    if before.len() - trimmed.len() > 3 * '－'.len_utf8()
        || before[trimmed.len()..].chars().count() > 3
    {
        return None;
    }
    let mut chars = trimmed.char_indices().rev();
    let (_, six) = chars.next()?;
    let (_, eight) = chars.next()?;
    let (plus_at, plus) = chars.next()?;
    (digit(six) == Some(b'6') && digit(eight) == Some(b'8') && matches!(plus, '+' | '＋'))
        .then_some(plus_at)
}

fn is_mobile(digits: &str) -> bool {
    let b = digits.as_bytes();
    b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1])
}

/// The first two digits of an ID: a province-level code (11–15, 21–23, 31–37, 41–46, 50–54,
/// 61–65, and 71, 81, 82, 83 for Taiwan, Hong Kong, Macao and the residence permits).
fn is_province(code: &str) -> bool {
    matches!(
        code.parse::<u8>(),
        Ok(11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 | 71 | 81..=83)
    )
}

fn is_birth_date(year: i32, month_day: &str) -> bool {
    let (Ok(m), Ok(d)) = (
        month_day[..2].parse::<u32>(),
        month_day[2..4].parse::<u32>(),
    ) else {
        return false;
    };
    (1900..=2099).contains(&year) && chrono::NaiveDate::from_ymd_opt(year, m, d).is_some()
}

/// GB 11643's check character of the first 17 digits.
pub fn id_check_char(first17: &str) -> Option<char> {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    if first17.len() != 17 || !first17.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = first17
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    Some(b"10X98765432"[(sum % 11) as usize] as char)
}

fn is_id18(id: &str) -> bool {
    id.len() == 18
        && is_province(&id[..2])
        && id[6..10]
            .parse()
            .is_ok_and(|year| is_birth_date(year, &id[10..14]))
        && id_check_char(&id[..17]) == id[17..].chars().next()
}

fn is_id15(id: &str) -> bool {
    id.len() == 15
        && is_province(&id[..2])
        && id[6..8]
            .parse::<i32>()
            .is_ok_and(|yy| is_birth_date(1900 + yy, &id[8..12]))
}

/// Whether a digit string passes the Luhn check.
pub fn luhn(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                if d * 2 > 9 { d * 2 - 9 } else { d * 2 }
            } else {
                d
            }
        })
        .sum();
    sum % 10 == 0
}

fn is_card(digits: &str) -> bool {
    (16..=19).contains(&digits.len())
        && matches!(digits.as_bytes()[0], b'3'..=b'6' | b'9')
        && luhn(digits)
}

fn is_local_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-')
}

fn is_domain_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '-')
}

/// Whether a domain is an office's (the government's `gov.cn`), whose addresses are public.
pub fn is_office_domain(domain: &str) -> bool {
    let d = domain.to_ascii_lowercase();
    d == "gov.cn" || d.ends_with(".gov.cn")
}

/// Personal e-mail addresses (offices' `*.gov.cn` addresses are left out).
fn emails(text: &str) -> Vec<Finding> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices('@') {
        let local_start = text[..at]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| is_local_char(c))
            .last()
            .map_or(at, |(i, _)| i);
        let local_start = local_start + text[local_start..at].len()
            - text[local_start..at].trim_start_matches('.').len();
        let domain_end = text[at + 1..]
            .char_indices()
            .take_while(|&(_, c)| is_domain_char(c))
            .last()
            .map_or(at + 1, |(i, c)| at + 1 + i + c.len_utf8());
        let domain = text[at + 1..domain_end].trim_end_matches(['.', '-']);
        let local = &text[local_start..at];
        let tld = domain.rsplit('.').next().unwrap_or("");
        let well_formed = !local.is_empty()
            && domain.contains('.')
            && domain.split('.').all(|l| !l.is_empty())
            && tld.len() >= 2
            && tld.chars().all(|c| c.is_ascii_alphabetic());
        if !well_formed || is_office_domain(domain) {
            continue;
        }
        let range = local_start..at + 1 + domain.len();
        let value = text[range.clone()].to_ascii_lowercase();
        found.push(Finding {
            kind: Kind::Email,
            text: text[range.clone()].to_string(),
            masked: mask_value(Kind::Email, &text[range.clone()]),
            value,
            range,
        });
    }
    found
}

// ---------------------------------------------------------------------------------------
// Masking and censoring
// ---------------------------------------------------------------------------------------

/// The masked form of a normalised value: `138****5678`; an ID keeps its first 2 and last 3
/// characters, a bank card its first 4 and last 4 digits, an e-mail address its first
/// character and its domain (`z***@example.com`).
pub fn mask_value(kind: Kind, value: &str) -> String {
    let stars = |keep_start: usize, keep_end: usize| {
        let n = value.chars().count();
        let head: String = value.chars().take(keep_start).collect();
        let tail: String = value.chars().skip(n.saturating_sub(keep_end)).collect();
        format!(
            "{head}{}{tail}",
            "*".repeat(n.saturating_sub(keep_start + keep_end))
        )
    };
    match kind {
        Kind::Mobile => stars(3, 4),
        Kind::IdNumber => stars(2, 3),
        Kind::BankCard => stars(4, 4),
        Kind::Email => {
            let (local, domain) = value.split_once('@').unwrap_or((value, ""));
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        Kind::Address => cut_address(value),
    }
}

/// What is left of a marked address after masking: everything up to its township
/// (乡, 镇 or 街道), or else its county or district, followed by （详细地址略）.
pub fn cut_address(address: &str) -> String {
    let base = address.strip_suffix(ADDRESS_CUT).unwrap_or(address);
    format!("{}{ADDRESS_CUT}", &base[..address_end(base)])
}

/// What a cut address ends with.
const ADDRESS_CUT: &str = "（详细地址略）";

/// Where the published part of an address ends: after its township, else its county.
fn address_end(base: &str) -> usize {
    let after = |marks: &[&str]| {
        marks
            .iter()
            .filter_map(|m| base.find(m).map(|at| at + m.len()))
            .min()
    };
    after(&["街道", "乡", "镇"])
        .or_else(|| after(&["县", "区", "市"]))
        .unwrap_or(0)
}

/// Addresses marked `【住址：…】` or `【地址：…】` whose detail goes beyond the township. An
/// address already cut (it ends in （详细地址略）) is no finding, so masked output passes the guard.
fn addresses(text: &str) -> Vec<Finding> {
    let mut found = Vec::new();
    for marker in ["【住址：", "【地址："] {
        let mut from = 0;
        while let Some(at) = text[from..].find(marker) {
            let start = from + at + marker.len();
            let Some(len) = text[start..].find('】') else {
                break;
            };
            let value = &text[start..start + len];
            let base = value.strip_suffix(ADDRESS_CUT).unwrap_or(value);
            if address_end(base) < base.len() {
                let masked = cut_address(value);
                found.push(Finding {
                    kind: Kind::Address,
                    range: start..start + len,
                    text: value.to_string(),
                    value: value.to_string(),
                    masked,
                });
            }
            from = start + len;
        }
    }
    found
}

/// `text` with every finding replaced by its masked form.
pub fn mask(text: &str) -> String {
    replace_findings(text, &scan(text), false)
}

/// Replaces findings (in order, not overlapping) with their masked forms; in Markdown the
/// stars are escaped, so that `138****5678` is not read as emphasis.
fn replace_findings(text: &str, findings: &[Finding], markdown: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for f in findings {
        out.push_str(&text[at..f.range.start]);
        if markdown {
            out.push_str(&escape_markdown(&f.masked));
        } else {
            out.push_str(&f.masked);
        }
        at = f.range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Backslash-escapes the characters Markdown would read as formatting.
fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `text` with every censor rule applied in order. In a Markdown body the replacement is
/// inserted as plain text (its formatting characters escaped).
pub fn censor<'t>(text: &'t str, rules: &[CensorRule], markdown: bool) -> Cow<'t, str> {
    let mut text = Cow::Borrowed(text);
    for rule in rules {
        let replaced = match &rule.pattern {
            Pattern::Literal(find) => {
                if !text.contains(find.as_str()) {
                    continue;
                }
                let with = if markdown {
                    escape_markdown(&rule.replace)
                } else {
                    rule.replace.clone()
                };
                text.replace(find.as_str(), &with)
            }
            Pattern::Regex(re) => {
                let out = re.replace_all(&text, |caps: &regex::Captures| {
                    let mut with = String::new();
                    caps.expand(&rule.replace, &mut with);
                    if markdown {
                        escape_markdown(&with)
                    } else {
                        with
                    }
                });
                match out {
                    Cow::Borrowed(_) => continue,
                    Cow::Owned(s) => s,
                }
            }
        };
        text = Cow::Owned(replaced);
    }
    text
}

// ---------------------------------------------------------------------------------------
// Applying the policy to the records
// ---------------------------------------------------------------------------------------

/// Where a record's texts stand, to locate findings.
/// Where a published text comes from: the record, its file and where its fields are, so that a
/// finding is reported at its line and column.
pub(crate) struct Place<'a> {
    /// `site`, or the record's id.
    pub(crate) record: &'a str,
    /// How messages name the record.
    pub(crate) label: String,
    /// The record file, if known.
    pub(crate) file: Option<&'a SourceFile>,
    /// The part of the file where its fields are written.
    pub(crate) fields: Range<usize>,
    /// Where to point when a value cannot be found in the file (e.g. a folded YAML line).
    pub(crate) fallback: Pos,
}

impl<'a> Place<'a> {
    /// A whole YAML record file, named `label` (e.g. `inspection JC-2026-03`) in messages.
    pub(crate) fn record(id: &'a Located<String>, label: String, file: &'a SourceFile) -> Self {
        Place {
            record: &id.value,
            label,
            file: Some(file),
            fields: 0..file.text.len(),
            fallback: id.at,
        }
    }
}

/// One pass of censoring and masking over the records to be published: [`apply`] makes it,
/// and each record type hands it its texts.
pub(crate) struct Pass<'p> {
    policy: &'p PrivacyPolicy,
    allowed: BTreeSet<(&'p str, &'p str)>,
    problems: Vec<Diagnostic>,
    exempt: BTreeSet<String>,
    /// Per file and value: where to search for its next occurrence.
    cursors: HashMap<(PathBuf, String), usize>,
}

impl<'p> Pass<'p> {
    /// A pass with the same policy and nothing found yet, for another thread's share.
    fn fork(&self) -> Pass<'p> {
        Pass {
            policy: self.policy,
            allowed: self.allowed.clone(),
            problems: Vec::new(),
            exempt: BTreeSet::new(),
            cursors: HashMap::new(),
        }
    }

    /// Takes over what a forked pass found.
    fn join(&mut self, other: Pass<'p>) {
        self.problems.extend(other.problems);
        self.exempt.extend(other.exempt);
        self.cursors.extend(other.cursors);
    }

    /// Censors, then scans one published text; masks it or reports its findings.
    pub(crate) fn text(&mut self, place: &Place, field: &str, text: &mut String) {
        let censored = censor(text, &self.policy.censor, false);
        if self.allowed.contains(&(place.record, field)) {
            self.exempt
                .extend(scan(&censored).into_iter().map(|f| f.value));
            if let Cow::Owned(c) = censored {
                *text = c;
            }
            return;
        }
        let findings = scan(&censored);
        if findings.is_empty() {
            if let Cow::Owned(c) = censored {
                *text = c;
            }
            return;
        }
        match self.policy.mode {
            Mode::Mask => *text = replace_findings(&censored, &findings, false),
            Mode::Error => {
                for f in &findings {
                    let offset = self.locate(place, place.fields.clone(), &f.text);
                    self.report(place, field, f, offset);
                }
            }
        }
    }

    /// Censors, scans and masks an item's Markdown body, which lives in its file's text.
    /// Censors and scans a Markdown body (`body`, a range of `file`): with a change, the file
    /// with the new body and the body's new range.
    pub(crate) fn markdown_body(
        &mut self,
        place: &Place,
        file: &Arc<SourceFile>,
        body: &Range<usize>,
    ) -> Option<(Arc<SourceFile>, Range<usize>)> {
        let new = self.body(place, file, body)?;
        let (start, end) = (body.start, body.end);
        let mut text = String::with_capacity(file.text.len() + new.len());
        text.push_str(file.text.get(..start).unwrap_or(""));
        text.push_str(&new);
        let range = start..text.len();
        text.push_str(file.text.get(end..).unwrap_or(""));
        let file = Arc::new(SourceFile {
            path: file.path.clone(),
            text,
            verbatim: false,
        });
        Some((file, range))
    }

    fn body(
        &mut self,
        place: &Place,
        file: &Arc<SourceFile>,
        body: &Range<usize>,
    ) -> Option<String> {
        let raw = file.text.get(body.clone()).unwrap_or("");
        let censored = censor(raw, &self.policy.censor, true);
        if self.allowed.contains(&(place.record, "body")) {
            self.exempt
                .extend(scan(&censored).into_iter().map(|f| f.value));
            return matches!(censored, Cow::Owned(_)).then(|| censored.into_owned());
        }
        let findings = scan(&censored);
        if findings.is_empty() {
            return matches!(censored, Cow::Owned(_)).then(|| censored.into_owned());
        }
        match self.policy.mode {
            Mode::Mask => Some(replace_findings(&censored, &findings, true)),
            Mode::Error => {
                let exact = matches!(censored, Cow::Borrowed(_));
                for f in &findings {
                    let offset = if exact {
                        Some(body.start + f.range.start)
                    } else {
                        self.locate(place, body.clone(), &f.text)
                    };
                    self.report(place, "body", f, offset);
                }
                None
            }
        }
    }

    /// The next occurrence of `value` in `within` of the record's file.
    fn locate(&mut self, place: &Place, within: Range<usize>, value: &str) -> Option<usize> {
        let file = place.file?;
        let cursor = self
            .cursors
            .entry((file.path.clone(), value.to_string()))
            .or_insert(within.start);
        let from = (*cursor).max(within.start);
        let found = file.text.get(from..within.end)?.find(value)? + from;
        *cursor = found + value.len();
        Some(found)
    }

    fn report(&mut self, place: &Place, field: &str, f: &Finding, offset: Option<usize>) {
        let message = format!(
            "{} {} in `{field}` of {}: personal information is not published \
             (《政府信息公开条例》第十五条). Remove it; or publish it masked with \
             `privacy: {{policy: mask}}` in site.yaml; or, if it is not a person's \
             (e.g. an office's service number), exempt this field with an `allow` entry and its reason",
            f.kind.describe(),
            f.masked,
            place.label
        );
        let d = match (place.file, offset) {
            (Some(file), Some(offset)) => {
                let at = pos_at(&file.text, offset, f.masked.chars().count());
                Diagnostic::error(&file.path, at.line, at.column, message)
                    .with_width(at.width)
                    .with_source(&file.text)
            }
            (Some(file), None) => Diagnostic::error(
                &file.path,
                place.fallback.line,
                place.fallback.column,
                message,
            )
            .with_width(place.fallback.width)
            .with_source(&file.text),
            (None, _) => Diagnostic::error(Path::new("content/site.yaml"), 0, 0, message),
        };
        self.problems.push(mask_source_line(d));
    }
}

/// A diagnostic's source line shows the raw value: mask it there too.
fn mask_source_line(mut d: Diagnostic) -> Diagnostic {
    d.source_line = d.source_line.map(|l| mask(&l));
    d
}

/// Checks that every `allow` entry names a record and a field of that record.
fn check_allow(records: &Records, policy: &PrivacyPolicy) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for entry in &policy.allow {
        let id = entry.record.value.as_str();
        let (fields, what) = if id == "site" {
            (SITE_TEXT_FIELDS, "site.yaml")
        } else if records.office(id).is_some() {
            (OFFICE_TEXT_FIELDS, "an office")
        } else if records.items.iter().any(|i| i.id.value == id) {
            (ITEM_TEXT_FIELDS, "an item")
        } else {
            problems.push(allow_problem(
                policy,
                entry.record.at,
                format!(
                    "the privacy allow entry names `{id}`, which is neither `site` nor the id of an office or an item"
                ),
            ));
            continue;
        };
        if !fields.contains(&entry.field.value.as_str()) {
            problems.push(allow_problem(
                policy,
                entry.field.at,
                format!(
                    "{what} has no published field `{}`; expected one of: {}",
                    entry.field.value,
                    fields.join(", ")
                ),
            ));
        }
    }
    problems
}

fn allow_problem(policy: &PrivacyPolicy, at: Pos, message: String) -> Diagnostic {
    let path = Path::new("content/site.yaml");
    let d = Diagnostic::error(path, at.line, at.column, message).with_width(at.width);
    match &policy.source {
        Some(file) => d.with_source(&file.text),
        None => d,
    }
}

/// The records as they are published: censor rules applied to every published text, then
/// personal information masked (`policy: mask`) — or, with `policy: error`, every finding
/// reported at its file, line and column (masked in the message and in the quoted line).
/// Allow-listed fields are censored but not scanned; their values are kept in
/// `site.privacy.exempt` for [`guard_output`]. Records with nothing to change keep sharing
/// their files. The records are changed in place, never copied: a province's copy held a
/// second set of every field while the first was still alive.
pub fn apply(records: Records) -> Result<Records, Vec<Diagnostic>> {
    let policy = &records.site.privacy.clone();
    let allow_problems = check_allow(&records, policy);
    if !allow_problems.is_empty() {
        return Err(allow_problems);
    }
    let mut pass = Pass {
        policy,
        allowed: policy
            .allow
            .iter()
            .map(|a| (a.record.value.as_str(), a.field.value.as_str()))
            .collect(),
        problems: Vec::new(),
        exempt: BTreeSet::new(),
        cursors: HashMap::new(),
    };
    let mut out = records;

    let site_file = policy.source.as_deref();
    let site = Place {
        record: "site",
        label: "site.yaml".to_string(),
        file: site_file,
        fields: 0..site_file.map_or(0, |f| f.text.len()),
        fallback: Pos {
            line: 1,
            column: 1,
            width: 1,
        },
    };
    let s = &mut out.site;
    pass.text(&site, "title", &mut s.title);
    pass.text(&site, "unit", &mut s.unit);
    pass.text(&site, "campaign", &mut s.campaign);
    for p in &mut s.phases {
        pass.text(&site, "phases", &mut p.name);
        if let Some(d) = &mut p.deliverable {
            pass.text(&site, "phases", d);
        }
    }
    for c in &mut s.categories {
        pass.text(&site, "categories", &mut c.name);
    }
    for w in &mut s.systems {
        pass.text(&site, "systems", &mut w.name);
        pass.text(&site, "systems", &mut w.summary);
    }
    for c in &mut s.catalogue {
        for t in [
            &mut c.kind,
            &mut c.content,
            &mut c.basis,
            &mut c.time_limit,
            &mut c.body,
            &mut c.channel,
            &mut c.audience,
        ] {
            pass.text(&site, "catalogue", t);
        }
    }

    for o in &mut out.offices {
        let file = Arc::clone(&o.file);
        let id = o.id.value.clone();
        let place = Place {
            record: &id,
            label: format!("office {id}"),
            file: Some(&file),
            fields: 0..file.text.len(),
            fallback: o.id.at,
        };
        pass.text(&place, "name", &mut o.name);
        pass.text(&place, "chief", &mut o.chief);
        pass.text(&place, "deputy", &mut o.deputy);
        pass.text(&place, "duties", &mut o.duties);
        pass.text(&place, "phone", &mut o.phone);
        disclosure(&mut pass, &place, &mut o.disclosure);
    }

    // Items are many and independent: each thread masks its share with a pass of its own.
    let passes: Vec<Pass> = out
        .items
        .par_iter_mut()
        .fold(
            || pass.fork(),
            |mut pass, item| {
                protect_item(&mut pass, item);
                pass
            },
        )
        .collect();
    for forked in passes {
        pass.join(forked);
    }

    crate::campaign::protect(&mut out.campaign, &mut pass);
    crate::bulletin::protect(&mut out.bulletins, &mut pass);

    if !pass.problems.is_empty() {
        return Err(pass.problems);
    }
    out.site.privacy.exempt = pass.exempt.into_iter().collect();
    Ok(out)
}

/// Censors, scans and masks one item's published texts and its body.
fn protect_item(pass: &mut Pass, item: &mut crate::model::Item) {
    let file = Arc::clone(&item.file);
    let id = item.id.value.clone();
    let place = Place {
        record: &id,
        label: format!("item {id}"),
        file: Some(&file),
        fields: 0..item.body.start.min(file.text.len()),
        fallback: item.id.at,
    };
    pass.text(&place, "title", &mut item.title);
    if let Some(l) = &mut item.leader {
        pass.text(&place, "leader", l);
    }
    if let Some(r) = &mut item.responsible {
        pass.text(&place, "responsible", r);
    }
    for e in &mut item.timeline.entries {
        pass.text(&place, "note", &mut e.note);
        for ev in &mut e.evidence {
            pass.text(&place, "evidence", ev);
        }
    }
    disclosure(pass, &place, &mut item.disclosure);
    if let Some((file, body)) = pass.markdown_body(&place, &file, &item.body) {
        item.file = file;
        item.body = body;
    }
}

/// Hands a record's published review texts (the approver's role, the withdrawal reason) to
/// the pass, for every record type that carries them.
pub(crate) fn disclosure(pass: &mut Pass, place: &Place, d: &mut crate::model::Disclosure) {
    if let Some(a) = &mut d.approval {
        pass.text(place, "approved_by", &mut a.by);
    }
    if let Some(w) = &mut d.withdrawn {
        pass.text(place, "withdrawn_reason", &mut w.reason);
    }
}

// ---------------------------------------------------------------------------------------
// The output guard
// ---------------------------------------------------------------------------------------

/// The output files the guard reads (by extension).
const GUARDED: &[&str] = &["html", "htm", "xml", "json", "csv", "js", "txt"];

/// Checks one written output file: a finding there (say, a template that prints a mobile
/// number) is an error naming the file, its line and column, and the value masked. Values of
/// allow-listed fields (`exempt`, normalised) pass. Only text files are read; a file with no
/// digit and no `@` is passed over after one look at its bytes.
pub fn guard_output(path: &str, bytes: &[u8], exempt: &[String]) -> Option<Diagnostic> {
    let guarded = path
        .rsplit_once('.')
        .is_some_and(|(_, ext)| GUARDED.contains(&ext.to_ascii_lowercase().as_str()));
    if !guarded || !may_hold_personal(bytes) {
        return None;
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let leaks: Vec<Finding> = scan(text)
        .into_iter()
        .filter(|f| !exempt.contains(&f.value))
        .collect();
    let first = leaks.first()?;
    let at = pos_at(text, first.range.start, first.masked.chars().count());
    let mut values: Vec<String> = leaks
        .iter()
        .map(|f| format!("{} {}", f.kind.describe(), f.masked))
        .collect();
    values.dedup();
    let more = if values.len() > 3 {
        format!(" and {} more", values.len() - 3)
    } else {
        String::new()
    };
    values.truncate(3);
    Some(
        Diagnostic::error(
            Path::new(path),
            at.line,
            at.column,
            format!(
                "the output file {path} would publish {}{more} unmasked: a template prints personal \
                 information the records do not hold (check the site's templates/ overrides); \
                 personal data reaches the site only through the records, where site.yaml's \
                 `privacy` rules apply",
                values.join(", ")
            ),
        )
        .with_width(at.width),
    )
}

#[cfg(test)]
mod tests {
    /// The quick refusal never refuses a text the full scan finds something in: random texts
    /// of digits (ASCII and full-width), separators, check letters, `+86`, `@` and address
    /// markers, many of them holding numbers.
    #[test]
    fn quick_refusal_never_hides_a_finding() {
        let pieces = [
            "1",
            "3",
            "8",
            "0",
            "2",
            "6",
            "9",
            "１",
            "３",
            "８",
            " ",
            "-",
            "－",
            "\u{3000}",
            "\u{2010}",
            "X",
            "ｘ",
            "a",
            "号",
            "。",
            "+86",
            "＋",
            "@",
            "mail.com",
            "【住址：",
            "某县某街道12号】",
            ",",
            "\"",
            "<td>",
            "2026-06-30",
            "13812345678",
            "11010519491231002X",
            "6222021234567890",
            "O0030-2026-00059",
            "ａ",
            "Ｚ",
            "ab",
            "0839-5200099",
            "０",
        ];
        let mut seed: u64 = 0x2026_1125;
        let mut found = 0;
        for _ in 0..20_000 {
            let mut text = String::new();
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let len = 1 + (seed >> 59) as usize;
            for _ in 0..len * 3 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            let all = scan_all(&text);
            if !all.is_empty() {
                found += 1;
                assert!(
                    may_hold_personal(text.as_bytes()),
                    "refused {text:?}: {all:?}"
                );
            }
            assert_eq!(scan(&text), all, "{text:?}");
        }
        assert!(found > 1_000, "only {found} texts held a finding");
        for text in [
            "办结日期：2026-09-26，共修订制度12项",
            "<a href=\"../O0030-2026-00059/\">O0030-2026-00059</a> 2026-09-26 12:30",
            "联系电话 0839-5200099、0371-5212301",
        ] {
            assert!(!may_hold_personal(text.as_bytes()), "{text}");
        }
    }

    use super::*;

    /// A valid 18-digit ID from 17 digits.
    fn id(first17: &str) -> String {
        format!("{first17}{}", id_check_char(first17).unwrap())
    }

    fn kinds(text: &str) -> Vec<(Kind, String)> {
        scan(text).into_iter().map(|f| (f.kind, f.text)).collect()
    }

    #[test]
    fn id_check_digit_follows_gb11643() {
        assert_eq!(id_check_char("11010519491231002"), Some('X'));
        assert_eq!(id("44052419800101001"), "440524198001010013");
        let valid = "11010519491231002X";
        assert_eq!(kinds(valid), [(Kind::IdNumber, valid.to_string())]);
        assert_eq!(kinds("11010519491231002x").len(), 1);
        // A wrong check digit is no ID (and this one fails Luhn too).
        assert!(kinds("110105194912310021").is_empty());
        // A real check digit but an impossible birth date.
        assert!(kinds(&id("11010519491332002")).is_empty());
        // No province 19.
        assert!(kinds(&id("19010519491231002")).is_empty());
    }

    #[test]
    fn fifteen_digit_ids_need_a_real_date() {
        assert_eq!(kinds("旧证号110105491231002。").len(), 1);
        assert!(kinds("旧证号110105491331002。").is_empty());
        assert_eq!(
            mask_value(Kind::IdNumber, "110105491231002"),
            "11**********002"
        );
    }

    #[test]
    fn mobiles_with_and_without_86() {
        let f = scan("电话13812345678。");
        assert_eq!(
            (f[0].kind, f[0].masked.as_str()),
            (Kind::Mobile, "138****5678")
        );
        let f = scan("手机+8613812345678");
        assert_eq!(f[0].text, "+8613812345678");
        assert_eq!(f[0].masked, "+86 138****5678");
        let f = scan("手机 +86 138 1234 5678，");
        assert_eq!(f[0].text, "+86 138 1234 5678");
        let f = scan("（＋86-138-1234-5678）");
        assert_eq!(f[0].text, "＋86-138-1234-5678");
        // 12 is not a mobile prefix.
        assert!(scan("12812345678").is_empty());
        // 86 without a plus is a longer number.
        assert!(scan("8613812345678").is_empty());
    }

    #[test]
    fn numbers_inside_longer_runs_or_tokens_are_not_findings() {
        assert!(scan("编号138123456789").is_empty());
        assert!(scan("9138123456780").is_empty());
        assert!(scan("abc13812345678").is_empty());
        assert!(scan("13812345678def").is_empty());
        assert!(scan("sha 5e13812345678fa0").is_empty());
        assert!(scan("13812345678X").is_empty());
    }

    #[test]
    fn full_width_digits_count() {
        let f = scan("电话１３８１２３４５６７８");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].value, "13812345678");
        assert_eq!(f[0].masked, "138****5678");
        let mixed = scan("电话１３８1234５６７８");
        assert_eq!(mixed[0].kind, Kind::Mobile);
    }

    #[test]
    fn split_numbers_join_but_dates_and_landlines_do_not() {
        assert_eq!(kinds("138 1234 5678").len(), 1);
        assert_eq!(kinds("138-1234-5678").len(), 1);
        assert_eq!(kinds("138　1234　5678").len(), 1);
        let two = kinds("138 1234 5678 139 8765 4321");
        assert_eq!(two.len(), 2, "{two:?}");
        assert_eq!(kinds("110105 19491231 002X").len(), 1);
        for clean in [
            "2026-06-30",
            "2026-06-30 至 2026-07-31",
            "电话0371-12345678",
            "0839-5212301",
            "0371-12345678-8001",
            "（0839）5212301",
            "2026年6月30日 13:45",
            "2026-06-30 0839-5212301 2026-07-01",
            "GB1-2026-003",
            "收文120件，平均6.8个工作日",
            "https://www.example.gov.cn/qlx/zzb/2026/0720-gwlc.html",
            "| 阅知件 | 3.1个工作日 | 0.5个工作日 |",
        ] {
            assert!(scan(clean).is_empty(), "{clean}: {:?}", scan(clean));
        }
    }

    #[test]
    fn bank_cards_are_luhn_checked() {
        assert!(luhn("6222021234567890128"));
        let f = scan("卡号6222021234567890128");
        assert_eq!(f[0].kind, Kind::BankCard);
        assert_eq!(f[0].masked, "6222***********0128");
        assert!(scan("卡号6222021234567890127").is_empty());
        assert_eq!(kinds("4111 1111 1111 1111").len(), 1);
        assert!(kinds("4111 1111 1111 1112").is_empty());
    }

    #[test]
    fn emails_of_persons_but_not_of_offices() {
        let f = scan("联系 zhangsan.1990@qq.com。");
        assert_eq!(f[0].text, "zhangsan.1990@qq.com");
        assert_eq!(f[0].masked, "z***@qq.com");
        assert!(scan("来信请寄 zzb@qinglan.gov.cn").is_empty());
        assert!(scan("JDK@Gov.CN").is_empty());
        assert!(scan("not@mail").is_empty());
        // The masked form is found no more.
        assert!(scan("z***@qq.com").is_empty());
        // The mobile inside a personal address is masked with the address.
        assert_eq!(kinds("13812345678@qq.com")[0].0, Kind::Email);
    }

    #[test]
    fn marked_addresses_are_cut_to_the_township() {
        let text = "来信人【住址：青岚县城关镇解放路12号3单元】反映";
        let f = scan(text);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].kind, Kind::Address);
        assert_eq!(f[0].masked, "青岚县城关镇（详细地址略）");
        let masked = mask(text);
        assert_eq!(masked, "来信人【住址：青岚县城关镇（详细地址略）】反映");
        assert!(
            scan(&masked).is_empty(),
            "a cut address passes the output guard"
        );
        assert_eq!(
            cut_address("青岚县东城街道幸福小区5栋"),
            "青岚县东城街道（详细地址略）"
        );
        assert!(
            scan("【地址：青岚县城关镇】").is_empty(),
            "nothing beyond the township: no finding"
        );
        assert!(
            scan("单位地址：青岚县城关镇解放路1号").is_empty(),
            "unmarked text is not an address finding"
        );
    }

    #[test]
    fn masking_is_stable() {
        let text = "电话13812345678，证号11010519491231002X，邮箱li@163.com";
        let masked = mask(text);
        assert_eq!(
            masked,
            "电话138****5678，证号11*************02X，邮箱l***@163.com"
        );
        assert!(scan(&masked).is_empty());
        assert_eq!(
            replace_findings("a 13812345678", &scan("a 13812345678"), true),
            "a 138\\*\\*\\*\\*5678"
        );
    }

    #[test]
    fn censor_literal_and_regex() {
        let rules = vec![
            CensorRule {
                pattern: Pattern::Literal("某某宾馆".into()),
                replace: "**宾馆".into(),
                comment: String::new(),
            },
            CensorRule {
                pattern: Pattern::Regex(Regex::new("内部编号([0-9]+)").unwrap()),
                replace: "内部编号（略）".into(),
                comment: String::new(),
            },
        ];
        assert_eq!(
            censor("在某某宾馆开会，内部编号2026001", &rules, false),
            "在**宾馆开会，内部编号（略）"
        );
        assert_eq!(censor("某某宾馆", &rules, true), "\\*\\*宾馆");
        assert!(matches!(censor("无", &rules, false), Cow::Borrowed(_)));
    }

    #[test]
    fn regex_errors_have_a_position() {
        let (offset, why) = syntax_error("内部编号[0-9+").unwrap();
        assert_eq!(offset, 4, "{why}");
    }

    fn records(policy: &str, body: &str) -> Records {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/offices")).unwrap();
        std::fs::create_dir_all(root.join("content/items")).unwrap();
        std::fs::write(
            root.join("content/site.yaml"),
            format!(
                "title: 站\nunit: 单位\ncampaign: 活动\nyear: 2026\ncategories:\n  - id: c1\n    name: 类\n{policy}"
            ),
        )
        .unwrap();
        std::fs::write(
            root.join("content/offices/o1.yaml"),
            "id: o1\nname: 一科\nchief: 王某\ndeputy: 李某\nduties: 职责\nphone: 0839-5200001\n",
        )
        .unwrap();
        std::fs::write(
            root.join("content/items/a.md"),
            format!(
                "---\nid: A-1\noffice: o1\ntitle: 事项\ncategory: c1\nsource: 群众提\nfound: 2026-06-01\n\
                 deadline: 2026-06-30\n---\n{body}"
            ),
        )
        .unwrap();
        crate::validate::validate(crate::load::load(root))
            .records
            .unwrap()
    }

    #[test]
    fn apply_shares_clean_files_and_rewrites_masked_bodies() {
        let clean = records("privacy:\n  policy: mask\n", "电话0839-5212301。\n");
        let out = apply(clean.clone()).unwrap();
        assert!(Arc::ptr_eq(&out.items[0].file, &clean.items[0].file));
        assert!(Arc::ptr_eq(&out.offices[0].file, &clean.offices[0].file));

        let dirty = records("privacy:\n  policy: mask\n", "手机13812345678。\n");
        let out = apply(dirty.clone()).unwrap();
        assert!(!Arc::ptr_eq(&out.items[0].file, &dirty.items[0].file));
        assert_eq!(out.items[0].body_text(), "手机138\\*\\*\\*\\*5678。\n");
        assert!(out.items[0].file.text.starts_with("---\nid: A-1"));

        let error = records("", "手机13812345678。\n");
        let problems = apply(error).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!((problems[0].line, problems[0].column), (10, 3));
        assert_eq!(
            problems[0].source_line.as_deref(),
            Some("手机138****5678。")
        );
    }

    #[test]
    fn guard_names_the_file_and_masks() {
        let d = guard_output("index.html", "<p>\n电话 13812345678</p>".as_bytes(), &[]).unwrap();
        assert_eq!((d.line, d.column), (2, 4));
        assert!(d.message.contains("138****5678"));
        assert!(!d.message.contains("13812345678"));
        assert!(
            guard_output("index.html", b"<p>13812345678</p>", &["13812345678".into()]).is_none()
        );
        assert!(guard_output("style.css", b"13812345678", &[]).is_none());
        assert!(guard_output("a.html", b"0839-5212301 2026-06-30", &[]).is_none());
    }
}
