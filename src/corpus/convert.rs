//! Traditional → simplified conversion with ferrous-opencc, a pure Rust
//! implementation of OpenCC and its dictionaries (phrase-aware, so 乾隆
//! stays 乾隆 while 乾燥 becomes 干燥), and the detection of the script a
//! document is written in.
//!
//! The 1954 national report is written in traditional characters (and 1957
//! mixes some in), so simplified terms miss it unless it is converted.
//! [`detect`] counts the document's *script-specific* characters, read off
//! OpenCC's own tables: a character is *traditional-only* when OpenCC's
//! `t2s` changes it on its own (發 → 发, 國 → 国; not 乾 and 薹, see
//! `WRITTEN_IN_SIMPLIFIED`), *simplified-only* when
//! `s2t` changes it (发 → 發). The share of traditional-only characters
//! among them decides the [`Script`] (thresholds [`TRADITIONAL_MIN`] and
//! [`SIMPLIFIED_MAX`]); [`T2sMode::Auto`] converts traditional and mixed
//! documents.

use std::sync::{Arc, OnceLock};

use ferrous_opencc::OpenCC;
use ferrous_opencc::config::BuiltinConfig;

use crate::error::{Error, Result};

/// A shareable traditional → simplified converter.
#[derive(Clone)]
pub struct T2s(Arc<OpenCC>);

impl std::fmt::Debug for T2s {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("T2s(OpenCC t2s)")
    }
}

impl T2s {
    /// Build the converter (OpenCC's `t2s` configuration).
    pub fn new() -> Result<T2s> {
        OpenCC::from_config(BuiltinConfig::T2s)
            .map(|c| T2s(Arc::new(c)))
            .map_err(|e| Error::Usage(format!("cannot load the t2s conversion tables: {e}")))
    }

    /// Convert `text` to simplified characters.
    pub fn convert(&self, text: &str) -> String {
        self.0.convert(text)
    }
}

/// When documents are converted from traditional to simplified characters
/// (`--t2s`).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    serde::Serialize,
    serde::Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "snake_case")]
pub enum T2sMode {
    /// Convert the documents detected as traditional or mixed.
    #[default]
    Auto,
    /// Convert every document (also `true`, and a bare --t2s).
    #[value(alias = "true")]
    Always,
    /// Convert none (also `false`).
    #[value(alias = "false")]
    Never,
}

impl T2sMode {
    /// Lowercase name, as on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            T2sMode::Auto => "auto",
            T2sMode::Always => "always",
            T2sMode::Never => "never",
        }
    }

    /// Whether a document written in `script` is converted.
    pub fn converts(self, script: Script) -> bool {
        match self {
            T2sMode::Always => true,
            T2sMode::Never => false,
            T2sMode::Auto => matches!(script, Script::Traditional | Script::Mixed),
        }
    }
}

/// The script a document is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Script {
    /// Script-specific characters are (almost) all simplified-only.
    Simplified,
    /// Script-specific characters are mostly traditional-only.
    Traditional,
    /// Both kinds in between.
    Mixed,
    /// Too few script-specific characters to tell (or no Han text).
    #[default]
    None,
}

impl Script {
    /// Lowercase name, as in the `documents` table.
    pub fn as_str(self) -> &'static str {
        match self {
            Script::Simplified => "simplified",
            Script::Traditional => "traditional",
            Script::Mixed => "mixed",
            Script::None => "none",
        }
    }
}

/// A share of traditional-only characters at or above this makes a
/// document [`Script::Traditional`] (the 1954 national report: 97 %; the
/// rest are characters such as 于 and 里 that OpenCC's s2t changes but
/// traditional texts also use).
pub const TRADITIONAL_MIN: f64 = 0.8;
/// A share of traditional-only characters at or below this makes a
/// document [`Script::Simplified`]; between the two it is
/// [`Script::Mixed`]. Simplified reports show at most 0.04 % (a stray
/// character); the 1957 national report, simplified with 227 traditional
/// characters left in (業 49 times), shows 2.1 %.
pub const SIMPLIFIED_MAX: f64 = 0.01;
/// At least this many traditional-only characters make a document
/// [`Script::Mixed`] whatever their share: the 1955 national report is
/// simplified but has one heading left in traditional characters
/// (第一個五年計劃的若幹問題, 0.2 % of its script-specific characters), whose
/// words would otherwise be lost to simplified queries. Simplified reports
/// show at most 2 stray ones.
pub const MIXED_MIN_CHARS: usize = 5;
/// Fewer script-specific characters than this: [`Script::None`].
pub const MIN_EVIDENCE: usize = 10;

/// What [`detect`] found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ScriptCount {
    /// Traditional-only characters (occurrences).
    pub traditional: usize,
    /// Simplified-only characters (occurrences).
    pub simplified: usize,
    /// Han characters (occurrences; [`crate::corpus::metadata::is_han`]),
    /// counted in the same pass.
    pub han: usize,
    /// All characters (`text.chars().count()`), counted in the same pass.
    pub chars: usize,
}

impl ScriptCount {
    /// `traditional / (traditional + simplified)`, `None` without either.
    pub fn traditional_share(&self) -> Option<f64> {
        let n = self.traditional + self.simplified;
        (n > 0).then(|| self.traditional as f64 / n as f64)
    }

    /// The script these counts show.
    pub fn script(&self) -> Script {
        if self.traditional + self.simplified < MIN_EVIDENCE {
            return Script::None;
        }
        match self.traditional_share() {
            Some(s) if s >= TRADITIONAL_MIN => Script::Traditional,
            Some(s) if s <= SIMPLIFIED_MAX && self.traditional < MIXED_MIN_CHARS => {
                Script::Simplified
            }
            Some(_) => Script::Mixed,
            None => Script::None,
        }
    }
}

/// The traditional-only and simplified-only characters, as one class per
/// code point of the Basic Multilingual Plane (where every looked-up block
/// lies): 0 neither, 1 traditional-only, 2 simplified-only. A table lookup
/// per character instead of two hash-set probes (script detection reads
/// every character of every document).
struct Tables {
    /// Indexed by a 16-bit code point: no bounds check per lookup.
    class: Box<[u8; 0x10000]>,
}

const TRADITIONAL_ONLY: u8 = 1;
const SIMPLIFIED_ONLY: u8 = 2;
/// A Han character ([`crate::corpus::metadata::is_han`]), whatever its class.
const HAN: u8 = 4;

/// Han code points whose conversion is looked up: CJK Unified Ideographs,
/// Extension A and the compatibility ideographs (the other extensions hold
/// rare characters OpenCC barely maps).
#[cfg(test)]
const HAN_BLOCKS: [(u32, u32); 3] = [(0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF)];

/// Characters that `cc` changes when converted one at a time (each on its
/// own line, so no phrase entry applies). Only the tests call it: the
/// result for OpenCC's `t2s` and `s2t` is [`SCRIPT_CLASSES`].
#[cfg(test)]
fn changed_by(cc: &OpenCC) -> std::collections::BTreeSet<char> {
    let chars: Vec<char> = HAN_BLOCKS
        .iter()
        .flat_map(|&(a, b)| (a..=b).filter_map(char::from_u32))
        .collect();
    let input: String = chars.iter().flat_map(|&c| [c, '\n']).collect();
    let output = cc.convert(&input);
    chars
        .iter()
        .zip(output.split('\n'))
        .filter(|&(&c, out)| out.chars().ne(std::iter::once(c)))
        .map(|(&c, _)| c)
        .collect()
}

/// The characters OpenCC's `t2s` (lines `T`) and `s2t` (lines `S`) change
/// one at a time, as ferrous-opencc's conversions give them: converting the
/// ~28,000 Han characters twice took 11–19 ms of every run (most of a small
/// corpus's loading). The test `script_classes_asset_is_opencc` computes
/// the lists again and compares (and rewrites the file with
/// `ANALYZE_WRITE_SCRIPT_CLASSES=1`).
const SCRIPT_CLASSES: &str = include_str!("../../assets/opencc/script_classes.txt");

/// [`SCRIPT_CLASSES`] read: the characters of its `T` lines and of its `S`
/// lines.
fn script_class_lists(text: &str) -> (Vec<char>, Vec<char>) {
    let (mut t, mut s) = (Vec::new(), Vec::new());
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("T\t") {
            t.extend(rest.chars());
        } else if let Some(rest) = line.strip_prefix("S\t") {
            s.extend(rest.chars());
        }
    }
    (t, s)
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let (t2s, s2t) = script_class_lists(SCRIPT_CLASSES);
        let mut class: Box<[u8; 0x10000]> = Box::new([0; 0x10000]);
        for (u, k) in (0u32..).zip(class.iter_mut()) {
            if char::from_u32(u).is_some_and(super::metadata::is_han) {
                *k = HAN;
            }
        }
        // Every listed character is in the BMP (HAN_BLOCKS): `get_mut`
        // only guards the index.
        for c in s2t {
            if let Some(k) = class.get_mut(c as usize) {
                *k |= SIMPLIFIED_ONLY;
            }
        }
        // A character both conversions change counts as traditional
        // (traditional is looked up first), unless simplified texts use it
        // too (below).
        let shared = WRITTEN_IN_SIMPLIFIED;
        for c in t2s {
            if let Some(k) = class.get_mut(c as usize) {
                *k = if shared.contains(&c) {
                    *k & HAN
                } else {
                    (*k & HAN) | TRADITIONAL_ONLY
                };
            }
        }
        Tables { class }
    })
}

/// Characters OpenCC's `t2s` changes on their own (乾 → 干) that simplified
/// texts nevertheless write, in the reading the 简化字总表 leaves
/// unsimplified and that is the common one in simplified text: 乾 (qián:
/// 乾坤, 乾隆, the place names 乾安县 and 乾县; gān is typed 干) and 薹
/// (蒜薹, 菜薹). They are no evidence of traditional script: a simplified
/// report naming 乾安县 five times was `mixed`, and converted into 干安县.
/// Both are among the characters OpenCC lists as their own conversion too
/// (`乾\t干 乾`; a test checks it). The others of that list stay evidence:
/// in simplified reports 於, 徵, 夥, 麽 and 剋 are almost always leaks of
/// traditional text (关於, 特徵, 合夥, 什麽), which the conversion mends.
const WRITTEN_IN_SIMPLIFIED: [char; 2] = ['乾', '薹'];

/// The characters OpenCC's `t2s` changes on their own but also lists as
/// one of their own conversions (`乾\t干 乾`).
#[cfg(test)]
fn kept_by_t2s(characters: &str) -> Vec<char> {
    let mut out = Vec::new();
    for line in characters.lines() {
        if line.starts_with('#') {
            continue;
        }
        let Some((key, values)) = line.split_once('\t') else {
            continue;
        };
        let mut chars = key.chars();
        let (Some(c), None) = (chars.next(), chars.next()) else {
            continue;
        };
        let mut values = values.split(' ');
        if values.next().is_some_and(|first| first != key) && values.any(|v| v == key) {
            out.push(c);
        }
    }
    out
}

/// OpenCC's traditional → simplified phrase dictionary, as compiled into
/// ferrous-opencc's `t2s` (see `assets/opencc/README.md`).
const TS_PHRASES: &str = include_str!("../../assets/opencc/TSPhrases.txt");
/// OpenCC's traditional → simplified character dictionary.
const TS_CHARACTERS: &str = include_str!("../../assets/opencc/TSCharacters.txt");

/// The entries of an OpenCC dictionary file as ferrous-opencc's compiler
/// reads them: `key<TAB>value value…` lines (blank lines and `#` comments
/// skipped; a line with an empty value is dropped; a later line for the
/// same key wins), each key with its first value.
fn opencc_entries(text: &str) -> std::collections::BTreeMap<&str, &str> {
    let mut out = std::collections::BTreeMap::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let parts: Vec<&str> = line.split('\t').collect();
        if let [key, values] = parts[..] {
            let values: Vec<&str> = values.split(' ').collect();
            if !key.is_empty() && !values.iter().any(|v| v.is_empty()) {
                out.insert(key, values[0]);
            }
        }
    }
    out
}

/// OpenCC's `t2s` as one Aho–Corasick automaton over both dictionaries.
/// ferrous-opencc converts by taking, at each position, the longest key of
/// either dictionary that starts there (the phrase when a phrase and a
/// character are equally long) and its first value, else copying one
/// character: leftmost-longest matching. Here the automaton (anchored,
/// leftmost-longest) is asked only at characters that start some key, found
/// with a bit per code point; the other characters are copied as they are.
struct FastT2s {
    /// Anchored: asked only where a key may start.
    matcher: aho_corasick::AhoCorasick,
    values: Vec<&'static str>,
    /// The first characters of the keys: one bit per BMP code point, and
    /// the others sorted. A text's other characters are copied as they
    /// are without running the automaton (most of a mixed text).
    starts: Box<[u64; 1024]>,
    starts_beyond_bmp: Vec<char>,
}

impl FastT2s {
    fn new() -> std::result::Result<FastT2s, String> {
        let mut all = opencc_entries(TS_CHARACTERS);
        all.extend(opencc_entries(TS_PHRASES));
        let (keys, values): (Vec<&str>, Vec<&str>) = all.into_iter().unzip();
        let matcher = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            // An anchored search walks a few states from the start (one key
            // at most): the contiguous NFA is as fast there as a DFA and
            // builds in less time (7–9 against 11–14 ms in a run, once per run
            // that meets a traditional text).
            .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
            .start_kind(aho_corasick::StartKind::Anchored)
            .build(&keys)
            .map_err(|e| e.to_string())?;
        let mut starts = Box::new([0u64; 1024]);
        let mut starts_beyond_bmp = Vec::new();
        for c in keys.iter().filter_map(|k| k.chars().next()) {
            match usize::try_from(u32::from(c)) {
                Ok(u) if u < 0x10000 => starts[u / 64] |= 1 << (u % 64),
                _ => starts_beyond_bmp.push(c),
            }
        }
        starts_beyond_bmp.sort_unstable();
        starts_beyond_bmp.dedup();
        Ok(FastT2s {
            matcher,
            values,
            starts,
            starts_beyond_bmp,
        })
    }

    /// Whether some key starts with the character `u`.
    fn starts_with(&self, u: u32) -> bool {
        match usize::try_from(u) {
            Ok(u) if u < 0x10000 => self.starts[u / 64] >> (u % 64) & 1 == 1,
            _ => {
                char::from_u32(u).is_some_and(|c| self.starts_beyond_bmp.binary_search(&c).is_ok())
            }
        }
    }

    /// Leftmost-longest replacement, as `replace_all` would do it: the
    /// leftmost match starts at the first position where a key matches,
    /// which is one whose character starts a key; there the anchored
    /// search gives the longest key, and the search goes on after it.
    fn convert(&self, text: &str) -> String {
        use aho_corasick::{Anchored, Input};
        let b = text.as_bytes();
        let mut out = String::with_capacity(text.len());
        let (mut copied, mut i) = (0, 0);
        while let Some(&x) = b.get(i) {
            // The character at `i` and its length (three-byte characters,
            // most of a Chinese text, decoded here).
            let (u, len) = match (x, b.get(i + 1..i + 3)) {
                (0..=0x7F, _) => (u32::from(x), 1),
                (0xE0..=0xEF, Some(w)) => (
                    (u32::from(x & 0x0F) << 12)
                        | (u32::from(w[0] & 0x3F) << 6)
                        | u32::from(w[1] & 0x3F),
                    3,
                ),
                _ => text
                    .get(i..)
                    .and_then(|r| r.chars().next())
                    .map_or((0, 1), |c| (u32::from(c), c.len_utf8())),
            };
            if self.starts_with(u)
                && let Some(m) = self
                    .matcher
                    .find(Input::new(text).range(i..).anchored(Anchored::Yes))
            {
                out.push_str(&text[copied..i]);
                out.push_str(self.values[m.pattern().as_usize()]);
                copied = m.end();
                i = m.end();
            } else {
                i += len;
            }
        }
        out.push_str(&text[copied..]);
        out
    }
}

/// The fast converter, built once per process.
fn fast_t2s() -> Result<&'static FastT2s> {
    static T2S: OnceLock<std::result::Result<FastT2s, String>> = OnceLock::new();
    T2S.get_or_init(FastT2s::new)
        .as_ref()
        .map_err(|e| Error::Usage(format!("cannot build the t2s conversion tables: {e}")))
}

/// The converter shared by every document of a process.
fn shared_t2s() -> Result<&'static OpenCC> {
    static T2S: OnceLock<std::result::Result<OpenCC, String>> = OnceLock::new();
    T2S.get_or_init(|| OpenCC::from_config(BuiltinConfig::T2s).map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| Error::Usage(format!("cannot load the t2s conversion tables: {e}")))
}

/// Convert `text` to simplified characters: OpenCC's `t2s` dictionaries
/// matched in one pass, the automaton run only where a key can start
/// (`FastT2s`, built once per process); tested equal
/// to ferrous-opencc ([`to_simplified_whole`]) on every dictionary key and
/// on the real corpora, several times faster (OpenCC's lookups were the
/// slowest step of loading a traditional report).
pub fn to_simplified(text: &str) -> Result<String> {
    Ok(fast_t2s()?.convert(text))
}

/// Convert `text` with ferrous-opencc itself (the reference for
/// [`to_simplified`]).
pub fn to_simplified_whole(text: &str) -> Result<String> {
    Ok(shared_t2s()?.convert(text))
}

/// Count the traditional-only, simplified-only and Han characters of
/// `text` in one pass over its bytes (a table lookup per three-byte
/// character; four-byte characters are Han in the supplementary ideograph
/// planes).
pub fn count_script(text: &str) -> ScriptCount {
    let t = tables();
    let class = &*t.class;
    let b = text.as_bytes();
    let mut n = ScriptCount::default();
    // The three counts travel packed in one integer, 21 bits each (a class
    // is turned into its increment by a lookup in `STEP`), and are moved to
    // `n` at least every 2^20 bytes, before a field could overflow.
    const FIELD: u32 = 21;
    const MASK: u64 = (1 << FIELD) - 1;
    const STEP: [u64; 8] = {
        let mut s = [0u64; 8];
        let mut k = 0;
        while k < 8 {
            let k64 = k as u64;
            s[k] = (k64 & 1) | ((k64 >> 1) & 1) << FIELD | ((k64 >> 2) & 1) << (2 * FIELD);
            k += 1;
        }
        s
    };
    let mut packed = 0u64;
    let flush = |packed: &mut u64, n: &mut ScriptCount| {
        n.traditional += (*packed & MASK) as usize;
        n.simplified += ((*packed >> FIELD) & MASK) as usize;
        n.han += (*packed >> (2 * FIELD)) as usize;
        *packed = 0;
    };
    // The class of the three-byte character at `w[0..3]` (16 bits of code
    // point: the table needs no bounds check).
    let class_of = |w: &[u8]| {
        let c =
            (u16::from(w[0] & 0x0F) << 12) | (u16::from(w[1] & 0x3F) << 6) | u16::from(w[2] & 0x3F);
        class[usize::from(c)]
    };
    let mut i = 0;
    let mut next_flush = 1 << 20;
    while i + 2 < b.len() {
        if i >= next_flush {
            flush(&mut packed, &mut n);
            next_flush = i + (1 << 20);
        }
        // The common case, four three-byte characters in a row (Han and
        // CJK punctuation), is taken four at a time: the lookups do not
        // wait on each other.
        if let Some(w) = b.get(i..i + 12)
            && (w[0] & w[3] & w[6] & w[9]) & 0xF0 == 0xE0
            && (w[0] | w[3] | w[6] | w[9]) & 0xF0 == 0xE0
        {
            packed += STEP[usize::from(class_of(&w[0..3]) & 7)]
                + STEP[usize::from(class_of(&w[3..6]) & 7)]
                + STEP[usize::from(class_of(&w[6..9]) & 7)]
                + STEP[usize::from(class_of(&w[9..12]) & 7)];
            n.chars += 4;
            i += 12;
            continue;
        }
        let x = b[i];
        let len = utf8_len(x);
        n.chars += 1;
        if len == 4 {
            if let Some(c) = text.get(i..).and_then(|r| r.chars().next()) {
                n.han += usize::from(super::metadata::is_han(c));
            }
            i += 4;
            continue;
        }
        if len == 3 {
            packed += STEP[usize::from(class_of(&b[i..i + 3]) & 7)];
        }
        i += len;
    }
    flush(&mut packed, &mut n);
    // The last one or two bytes: ASCII or one two-byte character.
    n.chars += b[i.min(b.len())..]
        .iter()
        .filter(|&&x| x & 0xC0 != 0x80)
        .count();
    n
}

/// The length of a UTF-8 sequence from its first byte (1 for ASCII).
fn utf8_len(first: u8) -> usize {
    match first {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    }
}

/// The script `text` is written in (see [`ScriptCount::script`]).
pub fn detect(text: &str) -> Script {
    count_script(text).script()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_becomes_simplified_and_simplified_stays() {
        let t = T2s::new().unwrap();
        assert_eq!(t.convert("階級鬥爭,發展國民經濟"), "阶级斗争,发展国民经济");
        let s = "推进数字经济和高质量发展";
        assert_eq!(t.convert(s), s);
    }

    /// [`SCRIPT_CLASSES`] as it should be for these lists.
    fn script_classes_file(
        t2s: &std::collections::BTreeSet<char>,
        s2t: &std::collections::BTreeSet<char>,
    ) -> String {
        let mut out = String::from(
            "# The Han characters (CJK Unified Ideographs, Extension A, compatibility\n\
             # ideographs) that OpenCC changes when converting them one at a time, as\n\
             # ferrous-opencc 0.4.0 does: T = its t2s (traditional-only characters),\n\
             # S = its s2t (simplified-only). Generated by the test\n\
             # `script_classes_asset_is_opencc` in src/corpus/convert.rs, which checks\n\
             # this file against ferrous-opencc; rewrite it with\n\
             # ANALYZE_WRITE_SCRIPT_CLASSES=1 cargo test script_classes_asset_is_opencc\n\
             # OpenCC dictionaries: Apache License 2.0 (see README.md here).\n",
        );
        for (tag, set) in [("T", t2s), ("S", s2t)] {
            let chars: Vec<char> = set.iter().copied().collect();
            for line in chars.chunks(40) {
                out.push_str(tag);
                out.push('\t');
                out.extend(line);
                out.push('\n');
            }
        }
        out
    }

    #[test]
    fn script_classes_asset_is_opencc() {
        let load = |c| OpenCC::from_config(c).unwrap();
        let t2s = changed_by(&load(BuiltinConfig::T2s));
        let s2t = changed_by(&load(BuiltinConfig::S2t));
        assert!(
            t2s.len() > 2000 && s2t.len() > 2000,
            "{} {}",
            t2s.len(),
            s2t.len()
        );
        let want = script_classes_file(&t2s, &s2t);
        if std::env::var_os("ANALYZE_WRITE_SCRIPT_CLASSES").is_some() {
            let path = concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/assets/opencc/script_classes.txt"
            );
            std::fs::write(path, &want).unwrap();
        }
        assert!(
            SCRIPT_CLASSES == want,
            "assets/opencc/script_classes.txt differs from ferrous-opencc: rewrite it with ANALYZE_WRITE_SCRIPT_CLASSES=1 (the file is compiled in: after rewriting, run the test again)"
        );
        // And the file reads back as those lists.
        let (t, s) = script_class_lists(SCRIPT_CLASSES);
        assert_eq!(
            t.into_iter().collect::<std::collections::BTreeSet<_>>(),
            t2s
        );
        assert_eq!(
            s.into_iter().collect::<std::collections::BTreeSet<_>>(),
            s2t
        );
        // Every listed character has the class the table gives it (乾 and
        // 薹, which simplified texts write, are neither).
        let table = tables();
        let shared = WRITTEN_IN_SIMPLIFIED;
        for c in &s2t {
            let want = if shared.contains(c) {
                0
            } else if t2s.contains(c) {
                TRADITIONAL_ONLY
            } else {
                SIMPLIFIED_ONLY
            };
            assert_eq!(table.class[*c as usize] & !HAN, want, "{c}");
        }
        for c in &t2s {
            let want = if shared.contains(c) {
                0
            } else {
                TRADITIONAL_ONLY
            };
            assert_eq!(table.class[*c as usize] & !HAN, want, "{c}");
        }
        let listed = t2s.iter().filter(|c| !shared.contains(c)).count()
            + s2t
                .iter()
                .filter(|c| !t2s.contains(c) && !shared.contains(c))
                .count();
        assert_eq!(
            table.class.iter().filter(|&&k| k & !HAN != 0).count(),
            listed
        );
    }

    #[test]
    fn script_specific_characters_come_from_the_opencc_tables() {
        let t = tables();
        let class = |c: char| t.class[c as usize] & !HAN;
        // t2s changes these on their own: traditional-only.
        for c in "發國們業經裡麵隻臺係幹".chars() {
            assert_eq!(class(c), TRADITIONAL_ONLY, "{c}");
        }
        // s2t changes these: simplified-only.
        for c in "发国们业经于里干后台".chars() {
            assert_eq!(class(c), SIMPLIFIED_ONLY, "{c}");
        }
        // Shared characters are neither (著 stays 著 in both directions as a
        // single character; 面, 只, 系 are simplified and traditional).
        for c in "著面只系中人民政府".chars() {
            assert!(class(c) == 0, "{c}");
        }
        // t2s changes these on their own but simplified texts write them
        // (乾安县, 蒜薹): neither. They are among the characters OpenCC lists
        // as their own conversion too (`乾\t干 乾`); the rest of those stay
        // traditional-only.
        let own = kept_by_t2s(TS_CHARACTERS);
        assert_eq!(own, "乾剋夥徵於薹麽".chars().collect::<Vec<_>>());
        for c in own {
            let want = if WRITTEN_IN_SIMPLIFIED.contains(&c) {
                0
            } else {
                TRADITIONAL_ONLY
            };
            assert_eq!(class(c), want, "{c}");
        }
        assert_eq!(
            kept_by_t2s("# c\n乾\t干 乾\n瞭\t瞭 了\n發\t发\n乾坤\t乾 坤\n"),
            vec!['乾']
        );
        // A simplified report naming 乾安县 over and over stays simplified
        // (it was `mixed`, and converted into 干安县).
        let text = "乾安县".repeat(20) + &"发展经济国家".repeat(10);
        let n = count_script(&text);
        assert_eq!((n.traditional, n.script()), (0, Script::Simplified));
        // While 於 leaked from traditional text (关於, 高於) still makes it
        // mixed, and converted.
        let leaks = "关於".repeat(6) + &"发展经济国家".repeat(100);
        let n = count_script(&leaks);
        assert_eq!((n.traditional, n.script()), (6, Script::Mixed));
    }

    #[test]
    fn scripts_by_share_of_traditional_only_characters() {
        let n = |traditional, simplified| ScriptCount {
            traditional,
            simplified,
            ..ScriptCount::default()
        };
        assert_eq!(n(97, 3).script(), Script::Traditional);
        assert_eq!(
            n(80, 20).script(),
            Script::Traditional,
            "80 % is traditional"
        );
        assert_eq!(n(79, 21).script(), Script::Mixed);
        assert_eq!(n(2, 98).script(), Script::Mixed);
        assert_eq!(n(1, 99).script(), Script::Simplified, "1 % is simplified");
        assert_eq!(n(0, 5000).script(), Script::Simplified);
        assert_eq!(n(4, 5000).script(), Script::Simplified, "stray characters");
        assert_eq!(
            n(12, 5000).script(),
            Script::Mixed,
            "a heading left in traditional characters (1955)"
        );
        assert_eq!(n(5, 4).script(), Script::None, "9 characters are too few");
        assert_eq!(n(0, 0).script(), Script::None);
        assert_eq!(n(0, 0).traditional_share(), None);
        assert_eq!(n(1, 3).traditional_share(), Some(0.25));
    }

    #[test]
    fn the_one_pass_converter_equals_ferrous_opencc() {
        // Every key of both dictionaries on its own, and all of them run
        // together (phrases overlapping characters and each other), with
        // text between them and without.
        let keys: Vec<&str> = opencc_entries(TS_PHRASES)
            .into_keys()
            .chain(opencc_entries(TS_CHARACTERS).into_keys())
            .collect();
        assert!(keys.len() > 4_000, "{}", keys.len());
        for k in &keys {
            assert_eq!(
                to_simplified(k).unwrap(),
                to_simplified_whole(k).unwrap(),
                "{k}"
            );
        }
        for sep in ["", "，", "a", "发展", "\n", "😀é\r\n"] {
            let all = keys.join(sep);
            assert_eq!(
                to_simplified(&all).unwrap(),
                to_simplified_whole(&all).unwrap(),
                "{sep:?}"
            );
            let reversed: Vec<&str> = keys.iter().rev().copied().collect();
            let all = reversed.join(sep);
            assert_eq!(
                to_simplified(&all).unwrap(),
                to_simplified_whole(&all).unwrap(),
                "{sep:?}"
            );
        }
        // Phrases cut in two and glued to their neighbours.
        let glued: String = keys
            .iter()
            .map(|k| {
                let cut = k.char_indices().nth(1).map_or(k.len(), |(i, _)| i);
                format!("{}{}", &k[cut..], &k[..cut])
            })
            .collect();
        assert_eq!(
            to_simplified(&glued).unwrap(),
            to_simplified_whole(&glued).unwrap()
        );
        assert_eq!(to_simplified("乾隆年間,乾燥").unwrap(), "乾隆年间,干燥");
    }

    #[test]
    fn script_counts_equal_the_chars() {
        let s = "abc,發展国民經濟①㐀\u{FA00}😀é\n第二行";
        let n = count_script(s);
        assert_eq!(n.han, crate::corpus::metadata::count_han(s));
        let t = tables();
        let of = |flag: u8| {
            s.chars()
                .filter(|&c| (c as u32) < 0x10000 && t.class[c as usize] & flag != 0)
                .count()
        };
        assert_eq!(
            (n.traditional, n.simplified),
            (of(TRADITIONAL_ONLY), of(SIMPLIFIED_ONLY))
        );
        assert_eq!(n.traditional, 3, "發 經 濟");
        assert_eq!(
            to_simplified("阶级斗争\n階級鬥爭\n").unwrap(),
            "阶级斗争\n阶级斗争\n"
        );
    }

    #[test]
    fn count_script_equals_a_count_char_by_char() {
        let t = tables();
        let reference = |s: &str| ScriptCount {
            traditional: s
                .chars()
                .filter(|&c| (c as u32) < 0x10000 && t.class[c as usize] & TRADITIONAL_ONLY != 0)
                .count(),
            simplified: s
                .chars()
                .filter(|&c| (c as u32) < 0x10000 && t.class[c as usize] & SIMPLIFIED_ONLY != 0)
                .count(),
            han: crate::corpus::metadata::count_han(s),
            chars: s.chars().count(),
        };
        // Every BMP character, after ASCII, after a two-byte and after a
        // four-byte character, and each text ending in each width.
        let mut all = String::new();
        for u in (0x80..0x10000u32).chain(0x20000..0x20010) {
            if let Some(c) = char::from_u32(u) {
                all.push(c);
                all.push(['a', 'é', '𠀀', '中'][u as usize % 4]);
            }
        }
        // Long runs of three-byte characters (taken four at a time), after
        // each width and cut at every length.
        let run: String = (0x800..0x10000u32).filter_map(char::from_u32).collect();
        for start in ["", "a", "é", "𠀀"] {
            let ends = (0..40).map(|cut| run.len() - cut).chain(0..40);
            for mut end in ends {
                while !run.is_char_boundary(end) {
                    end -= 1;
                }
                let s = format!("{start}{}", &run[..end]);
                assert_eq!(count_script(&s), reference(&s), "{start:?}, {end}");
            }
        }
        // Counts past the packed fields' flushes (every 2^20 bytes): more
        // than 2^21 of one class would overflow a field that was not moved.
        let long = all.repeat(10) + &"國".repeat(2_200_000);
        assert!(long.len() > 6 << 20);
        assert_eq!(count_script(&long), reference(&long), "long text");
        for end in ["", "a", "é", "中", "𠀀", "ab"] {
            let s = format!("{all}{end}");
            assert_eq!(count_script(&s), reference(&s), "ending {end:?}");
            assert_eq!(count_script(end), reference(end), "{end:?}");
        }
    }

    #[test]
    fn detects_and_modes_decide() {
        let trad = "發展國民經濟,鞏固國防,實現社會主義工業化";
        let c = count_script(trad);
        // 發 國 經 濟 鞏 國 實 現 會 義 業: 11 traditional-only; 展 民 固 防 社
        // 主 工 化 are shared, and nothing is simplified-only.
        assert_eq!(
            c,
            ScriptCount {
                traditional: 11,
                simplified: 0,
                han: 19,
                chars: 21
            }
        );
        assert_eq!(detect(trad), Script::Traditional);
        let simp = "发展国民经济,巩固国防,实现社会主义工业化";
        assert_eq!(
            count_script(simp),
            ScriptCount {
                traditional: 0,
                simplified: 11,
                han: 19,
                chars: 21
            }
        );
        assert_eq!(detect(simp), Script::Simplified);
        assert_eq!(detect("中人民政府 abc"), Script::None);
        assert!(T2sMode::Auto.converts(Script::Traditional));
        assert!(T2sMode::Auto.converts(Script::Mixed));
        assert!(!T2sMode::Auto.converts(Script::Simplified));
        assert!(!T2sMode::Auto.converts(Script::None));
        assert!(T2sMode::Always.converts(Script::Simplified));
        assert!(!T2sMode::Never.converts(Script::Traditional));
        assert_eq!(to_simplified(trad).unwrap(), simp);
    }
}
