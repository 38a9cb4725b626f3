//! The quick refusal: whether a text could hold a finding at all, decided in one pass that
//! reads 64 bytes at a time, so that checking every published byte (1.9 GB at a province's
//! size, digits every few bytes in the search index and the data downloads) costs little.
//!
//! A finding is a chain of digit runs joined by separators ([`super::scan`]), so all of it lies
//! in one *span*: consecutive characters that are each a digit (ASCII or full-width) or a
//! separator (space, `　`, `-`, `－`, `‐`, `‑`). A span shorter than [`FEWEST_DIGITS`] bytes
//! cannot hold that many digits; the pass marks the bytes of every span and looks only at the
//! spans that are long enough, with the rules of [`super::scan`] ([`chain_reaches_fewest`]).
//! `@` (an e-mail) and `【` (an address marker) anywhere answer at once.

use super::{FEWEST_DIGITS, digit_at, gap_joins};

// The span window of [`next_long_span`] is built of shifts for exactly this many bytes.
const _: () = assert!(
    FEWEST_DIGITS == 11,
    "next_long_span looks for 11 bytes in a row"
);

/// Whether `bytes` could hold a finding at all: an `@` (an e-mail), a `【` (an address marker),
/// or a chain of digit runs that [`super::scan`] could join into a number of at least
/// [`FEWEST_DIGITS`] digits. One pass over the bytes with no allocation, erring only towards
/// `true`: nearly every page and record text holds none, and skips the full scan.
///
/// Item ids (`O0030-2026-00059`) and dates are the reason for following the scan's rules
/// rather than counting digits: a run right after a letter never starts a number, runs of
/// fewer than three digits never join, only one to three separators join two runs, and no
/// number begins with `0` (offices' landlines, `0839-5200099`, fill the office pages).
pub(super) fn may_hold_personal(bytes: &[u8]) -> bool {
    let mut from = 0;
    loop {
        match next_long_span(bytes, from) {
            Next::Nothing => return false,
            Next::Marker => return true,
            Next::Span(start) => {
                let end = span_end(bytes, start);
                // The byte before the span decides whether its first run may start a number.
                if chain_reaches_fewest(&bytes[start.saturating_sub(1)..end]) {
                    return true;
                }
                // Always forward, even if a block ever disagreed with `span_end`.
                from = end.max(start + 1);
            }
        }
    }
}

/// What [`next_long_span`] found.
#[derive(Debug, PartialEq)]
enum Next {
    /// Neither a marker nor a long span until the end.
    Nothing,
    /// An `@` or a `【` somewhere after the start.
    Marker,
    /// A span of at least [`FEWEST_DIGITS`] bytes starts here.
    Span(usize),
}

/// The bytes of one 64-byte block, one bit each (bit `i` is byte `i`).
#[derive(Debug, Default, PartialEq)]
struct Block {
    /// ASCII digits, spaces and hyphens: spans' one-byte characters.
    single: u64,
    /// The first bytes of spans' three-byte characters: `　`, `－`, `‐`, `‑` and `０`–`９`.
    lead: u64,
    /// `@` and the first byte of `【`.
    marker: u64,
}

/// The first long span or marker at or after `from`, which is a character boundary after which
/// nothing before counts as part of a span.
fn next_long_span(bytes: &[u8], from: usize) -> Next {
    // The span bits of the previous block, and the bits of this block that continue a
    // three-byte character begun in the previous one.
    let (mut previous, mut carried) = (0u64, 0u64);
    let mut base = from;
    while base < bytes.len() {
        let block = Block::at(bytes, base);
        if block.marker != 0 {
            return Next::Marker;
        }
        let span = block.single | block.lead | block.lead << 1 | block.lead << 2 | carried;
        carried = block.lead >> 62 | block.lead >> 63;
        // Bit j of `ends` is set when bits j-10 ..= j are all span bits: 11 bytes in a row.
        let window = u128::from(previous) | u128::from(span) << 64;
        let two = window & window << 1;
        let four = two & two << 2;
        let eight = four & four << 4;
        let ends = eight & eight << 3;
        let ends_here = (ends >> 64) as u64;
        if ends_here != 0 {
            let first = 64 + ends_here.trailing_zeros();
            let before = !window & ((1u128 << (first - 10)) - 1);
            // The span starts after the last non-span byte before the window; a block of
            // zeros stands before `from`, so there is always one.
            let start_bit = 128 - before.leading_zeros() as usize;
            return Next::Span((base + start_bit).saturating_sub(64).max(from));
        }
        previous = span;
        base += 64;
    }
    Next::Nothing
}

/// Where the span starting at `start` ends: the first character that is neither a digit nor
/// a separator.
fn span_end(bytes: &[u8], start: usize) -> usize {
    let mut at = start;
    while let Some(width) = span_character(bytes, at) {
        at += width;
    }
    at
}

/// The width in bytes of the span character at `at`: a digit ([`super::digit_at`]) or a
/// separator ([`super::is_separator`]), spelled in UTF-8; `None` for anything else.
fn span_character(bytes: &[u8], at: usize) -> Option<usize> {
    match (bytes.get(at)?, bytes.get(at + 1), bytes.get(at + 2)) {
        (b'0'..=b'9' | b' ' | b'-', ..) => Some(1),
        (0xE3, Some(0x80), Some(0x80))
        | (0xEF, Some(0xBC), Some(0x8D | 0x90..=0x99))
        | (0xE2, Some(0x80), Some(0x90 | 0x91)) => Some(3),
        _ => None,
    }
}

/// Whether one span (with the byte before it first) joins digit runs into a number of at least
/// [`FEWEST_DIGITS`] digits, by [`super::scan`]'s rules: runs of three digits or more join
/// across one to three separators; a shorter run breaks the chain; a chain cannot start with
/// `0` or right after a letter.
fn chain_reaches_fewest(bytes: &[u8]) -> bool {
    // The digits of the longest number the last run could end, and where that run ends.
    let mut joinable: Option<(usize, usize)> = None;
    let mut i = 0;
    while i < bytes.len() {
        let Some((first, _)) = digit_at(bytes, i) else {
            i += 1;
            continue;
        };
        let start = i;
        let mut digits = 0;
        while let Some((_, width)) = (i < bytes.len()).then(|| digit_at(bytes, i)).flatten() {
            digits += 1;
            i += width;
        }
        if digits < 3 {
            joinable = None;
            continue;
        }
        let before = joinable.filter(|&(_, previous_end)| {
            std::str::from_utf8(&bytes[previous_end..start]).is_ok_and(gap_joins)
        });
        let cannot_start = first == b'0' || start > 0 && bytes[start - 1].is_ascii_alphabetic();
        let total = match before {
            Some((previous, _)) => previous + digits,
            None if cannot_start => 0,
            None => digits,
        };
        if total >= FEWEST_DIGITS {
            return true;
        }
        joinable = Some((total, i));
    }
    false
}

impl Block {
    /// The block of 64 bytes at `base`; bytes past the end count as zeros.
    fn at(bytes: &[u8], base: usize) -> Block {
        // Each byte's class looks at the two bytes after it.
        const READ: usize = 64 + 2;
        if base + READ <= bytes.len() {
            return Block::of(&bytes[base..base + READ]);
        }
        let mut padded = [0u8; READ];
        let rest = &bytes[base..];
        padded[..rest.len()].copy_from_slice(rest);
        Block::of(&padded)
    }

    /// The classes of the first 64 of these 66 bytes.
    #[cfg(target_arch = "x86_64")]
    fn of(bytes: &[u8]) -> Block {
        sse2::block(bytes)
    }

    /// The classes of the first 64 of these 66 bytes.
    #[cfg(not(target_arch = "x86_64"))]
    fn of(bytes: &[u8]) -> Block {
        Block::bytewise(bytes)
    }

    /// One byte at a time: the reference for the vector version, and the version elsewhere.
    #[cfg_attr(target_arch = "x86_64", allow(dead_code))]
    fn bytewise(bytes: &[u8]) -> Block {
        let mut block = Block::default();
        for i in 0..64 {
            let bit = 1u64 << i;
            match span_character(bytes, i) {
                Some(1) => block.single |= bit,
                Some(_) => block.lead |= bit,
                None if bytes[i] == b'@' || bytes[i..i + 3] == *"【".as_bytes() => {
                    block.marker |= bit
                }
                None => {}
            }
        }
        block
    }
}

/// SSE2, which every x86-64 processor has: 16 bytes per step.
#[cfg(target_arch = "x86_64")]
mod sse2 {
    use super::Block;
    use std::arch::x86_64::{
        __m128i, _mm_and_si128, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_max_epu8, _mm_movemask_epi8,
        _mm_or_si128, _mm_set1_epi8, _mm_sub_epi8,
    };

    /// The classes of the first 64 of these 66 bytes, as [`Block::bytewise`] gives them.
    pub(super) fn block(bytes: &[u8]) -> Block {
        assert!(bytes.len() >= 66, "a block reads 66 bytes");
        let mut block = Block::default();
        for lane in 0..4 {
            let at = lane * 16;
            let (single, lead, marker) = classes(
                load(&bytes[at..at + 16]),
                load(&bytes[at + 1..at + 17]),
                load(&bytes[at + 2..at + 18]),
            );
            block.single |= u64::from(single) << at;
            block.lead |= u64::from(lead) << at;
            block.marker |= u64::from(marker) << at;
        }
        block
    }

    fn load(sixteen: &[u8]) -> __m128i {
        assert_eq!(sixteen.len(), 16);
        // SAFETY: the slice holds the 16 bytes read; the load needs no alignment.
        unsafe { _mm_loadu_si128(sixteen.as_ptr().cast()) }
    }

    /// Each of 16 positions, given its byte (`b0`) and the next two (`b1`, `b2`).
    fn classes(b0: __m128i, b1: __m128i, b2: __m128i) -> (u16, u16, u16) {
        // SAFETY: these intrinsics only compute on registers, and SSE2 is part of every x86-64
        // processor (the target enables it).
        unsafe {
            let is = |v: __m128i, byte: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(byte as i8));
            // Bytes from `low` to `low + 9`: the difference, unsigned, is at most 9.
            let ten_from = |v: __m128i, low: u8| {
                let d = _mm_sub_epi8(v, _mm_set1_epi8(low as i8));
                _mm_cmpeq_epi8(_mm_max_epu8(d, _mm_set1_epi8(9)), _mm_set1_epi8(9))
            };
            let or = _mm_or_si128;
            let and = _mm_and_si128;
            let single = or(ten_from(b0, b'0'), or(is(b0, b' '), is(b0, b'-')));
            let after_e3_80 = and(is(b0, 0xE3), is(b1, 0x80));
            let wide = and(
                and(is(b0, 0xEF), is(b1, 0xBC)),
                or(is(b2, 0x8D), ten_from(b2, 0x90)),
            );
            let dash = and(
                and(is(b0, 0xE2), is(b1, 0x80)),
                or(is(b2, 0x90), is(b2, 0x91)),
            );
            let lead = or(or(and(after_e3_80, is(b2, 0x80)), wide), dash);
            let marker = or(is(b0, b'@'), and(after_e3_80, is(b2, 0x90)));
            let mask = |v: __m128i| _mm_movemask_epi8(v) as u16;
            (mask(single), mask(lead), mask(marker))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small random generator, so the tests are the same on every run.
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            self.0 >> 16
        }
    }

    /// Texts made of the characters that matter and their look-alikes, of every length
    /// around the 64-byte blocks.
    fn texts(seed: u64, count: usize) -> Vec<Vec<u8>> {
        let pieces = [
            "0",
            "1",
            "3",
            "8",
            "9",
            "５",
            "０",
            " ",
            "-",
            "－",
            "\u{3000}",
            "\u{2010}",
            "\u{2011}",
            "\u{2012}",
            "〔",
            "【",
            "@",
            "，",
            "：",
            "。",
            "（",
            "中",
            "a",
            "X",
            "ｘ",
            "\n",
            "<td>",
            "2026-06-30",
            "13812345678",
            "O0030-2026-00059",
            "0839-5200099",
            "138 1234 5678",
            "6222021234567890",
            "11010519491231002X",
            "\u{FF0E}",
            "\u{E000}",
        ];
        let mut random = Lcg(seed);
        (0..count)
            .map(|_| {
                let len = (random.next() % 200) as usize;
                let mut text = Vec::new();
                while text.len() < len {
                    let r = random.next();
                    if r % 7 == 0 {
                        text.push((r >> 8) as u8);
                    } else {
                        let piece = pieces[(r >> 8) as usize % pieces.len()];
                        text.extend_from_slice(piece.as_bytes());
                    }
                }
                text
            })
            .collect()
    }

    /// The pass as it was before blocks: every digit run of the whole text, one at a time.
    fn run_by_run(bytes: &[u8]) -> bool {
        bytes.contains(&b'@')
            || bytes.windows(3).any(|w| w == "【".as_bytes())
            || chain_reaches_fewest(bytes)
    }

    /// The span characters are exactly the scan's digits and separators, over the whole
    /// Basic Multilingual Plane.
    #[test]
    fn span_characters_are_the_scans_digits_and_separators() {
        let mut spelled = [0u8; 4];
        for c in (0..=0xFFFF).filter_map(char::from_u32) {
            let text = c.encode_utf8(&mut spelled).as_bytes();
            let expected = (super::super::digit(c).is_some() || super::super::is_separator(c))
                .then_some(text.len());
            assert_eq!(span_character(text, 0), expected, "{c:?}");
        }
    }

    #[test]
    fn blocks_agree_with_the_bytewise_reference() {
        for text in texts(7, 5_000) {
            let mut padded = text.clone();
            padded.resize(padded.len().max(66), 0);
            for base in 0..padded.len() - 65 {
                let window = &padded[base..base + 66];
                assert_eq!(Block::of(window), Block::bytewise(window), "{window:x?}");
            }
        }
    }

    #[test]
    fn spans_decide_as_the_whole_text_does() {
        let mut held = 0;
        for text in texts(2026, 40_000) {
            let whole = run_by_run(&text);
            held += usize::from(whole);
            assert_eq!(
                may_hold_personal(&text),
                whole,
                "{:?}",
                String::from_utf8_lossy(&text)
            );
        }
        assert!(held > 5_000, "only {held} texts may hold a finding");
    }

    #[test]
    fn long_spans_are_found_across_blocks() {
        for at in 50..80 {
            let mut text = "中".repeat(40).into_bytes();
            text.truncate(at);
            text.extend_from_slice(b"a 138-1234-5678 b");
            assert_eq!(next_long_span(&text, 0), Next::Span(at + 1), "at {at}");
            assert!(may_hold_personal(&text));
            // A long span whose runs do not join into eleven digits.
            text.truncate(at);
            text.extend_from_slice("a ０1-234 5６7 b".as_bytes());
            assert!(!may_hold_personal(&text));
        }
    }
}
