//! Text cleaning driven by a rules file, not by code paths.
//!
//! Every document goes through the same steps: Unicode NFKC (so `互联网＋`
//! becomes `互联网+` and full-width digits become ASCII), page breaks and
//! the other line separators made line breaks (with a paged text's page
//! numbers and running headers: [`super::pages`]), the `replace` rules,
//! then the line rules (`drop_line`, `cut_from`, `cut_until`) restricted to
//! their zone, then whitespace tidying (lines trimmed, runs of blank lines
//! collapsed to one). The rules shipped with the project live in
//! `assets/rules/clean.toml`; users add their own with `--rules FILE`.
//!
//! Most rules match nothing in most reports, so each is first asked
//! whether it can: NFKC notes which characters the text holds (`Seen`),
//! and a rule whose trigger strings, needed strings or line prefixes (found
//! in its pattern) all start with a character the text lacks is skipped;
//! a line too long for a rule, or starting or holding none of its strings,
//! is not searched with its regex.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use regex::{Regex, RegexSet};
use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

use super::pages;
use crate::error::{Error, Result};

/// The rules file shipped with the project.
pub const DEFAULT_RULES: &str = include_str!("../../assets/rules/clean.toml");

/// What a rule does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Replace every match of the pattern in the whole text by `with`.
    Replace,
    /// Drop every line (trimmed) that matches, within the zone.
    DropLine,
    /// Remove the first matching line in the zone and everything after it.
    CutFrom,
    /// Remove everything up to and including the last matching line in the
    /// zone.
    CutUntil,
    /// In documents whose paragraphs are separated by blank lines (at least
    /// `min_blank_ratio` of the non-blank lines are followed by a blank
    /// line), join each non-blank line with the next non-blank line when the
    /// pattern does not match it: single line breaks there are artefacts
    /// (Wikisource puts each link on its own line). Documents with one
    /// paragraph per line are left alone. Among the first `zone_lines`
    /// non-blank lines, a line the rule's `alone` pattern matches (a title,
    /// dateline, speaker or `key: value` line of the report's head) is never
    /// joined to its neighbours.
    JoinWrappedLines,
}

/// Where in the document a line rule looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Zone {
    /// The whole document.
    #[default]
    All,
    /// The first `zone_lines` non-blank lines.
    Head,
    /// The last `zone_lines` non-blank lines.
    Tail,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    name: String,
    action: Action,
    pattern: String,
    #[serde(default)]
    with: Option<String>,
    #[serde(default)]
    zone: Zone,
    #[serde(default)]
    zone_lines: Option<usize>,
    #[serde(default)]
    min_blank_ratio: Option<f64>,
    #[serde(default)]
    alone: Option<String>,
    #[serde(default)]
    triggers: Vec<String>,
    #[serde(default)]
    keeps_date: bool,
    #[serde(default)]
    drops_listing: bool,
    #[serde(default)]
    unless: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    #[serde(default)]
    rule: Vec<RawRule>,
}

/// One compiled rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// The rule's name, for reports.
    pub name: String,
    /// What it does.
    pub action: Action,
    /// The compiled pattern.
    pub pattern: RulePattern,
    /// Replacement text for [`Action::Replace`].
    pub with: String,
    /// Where it applies.
    pub zone: Zone,
    /// Size of a head/tail zone in non-blank lines.
    pub zone_lines: usize,
    /// For [`Action::JoinWrappedLines`]: share of paragraph-ending lines
    /// needed before joining.
    pub min_blank_ratio: f64,
    /// For [`Action::JoinWrappedLines`]: lines of the head (the first
    /// `zone_lines` non-blank lines) that keep their own line, neither
    /// joined to the line before nor to the line after.
    pub alone: Option<RulePattern>,
    /// For a pattern anchored at both ends (`^…$`) with a bounded length:
    /// the longest line (in bytes) it can match; longer lines are not
    /// searched (most lines of a report are long paragraphs, and most line
    /// rules match short chrome lines).
    pub max_line: Option<usize>,
    /// For a line rule: strings one of which every match of the pattern
    /// contains, found in the pattern itself ([`needed_strings`]): a line holding none of them
    /// is not searched with the pattern (one `memchr` instead of a regex
    /// search; most lines a line rule sees cannot match).
    needs: Option<Needs>,
    /// For a line rule anchored at the start of the line: the strings one
    /// of which every line it matches starts with ([`Starts`]); a line
    /// starting with none is not searched (most of the lines a head or
    /// tail rule sees are paragraphs of the report).
    starts: Option<Starts>,
    /// For [`Action::Replace`]: strings one of which every match of the
    /// pattern contains (`triggers` in the rules file); a text holding none
    /// of them is not searched with the pattern, and when the pattern's
    /// matches are bounded ([`Rule::max_len`]) only the stretches around
    /// the triggers are.
    pub triggers: Vec<String>,
    /// The longest match (in bytes) of the pattern, when bounded.
    pub max_len: Option<usize>,
    /// For a [`Action::DropLine`] rule (`keeps_date = true` in the rules
    /// file): the lines it drops are a page's publication stamp
    /// (`发布时间:2019-01-15 来源:…`), kept in [`Cleaned::dated_lines`] for
    /// the date they carry.
    pub keeps_date: bool,
    /// For a [`Action::DropLine`] rule (`drops_listing = true` in the rules
    /// file): the lines right below a line it drops that come again, word
    /// for word, further down the text go with it — the entries of a table
    /// of contents without page numbers under its `目录`, which would
    /// otherwise count every heading twice (`listing_below`).
    pub drops_listing: bool,
    /// For a line rule (`unless` in the rules file): a line this pattern
    /// also matches is left alone (the regex engine has no look-around;
    /// `unless = '报告'` keeps a title with a time stamp that a byline
    /// pattern would take).
    pub unless: Option<RulePattern>,
    /// For a replace rule whose pattern is a set of plain strings (e.g. a
    /// class of invisible characters) and whose replacement has no group
    /// reference: the strings, replaced with one SIMD-accelerated pass.
    literal: Option<aho_corasick::AhoCorasick>,
}

impl Rule {
    /// Whether a line rule may match some line of a text holding the
    /// characters `seen`: false when the strings every line it matches
    /// holds ([`Needs`]) or starts with ([`Starts`]) all begin with a
    /// character the text does not hold.
    fn may_match_in(&self, seen: &Seen) -> bool {
        self.needs.as_ref().is_none_or(|n| n.may_occur(seen))
            && self
                .starts
                .as_ref()
                .is_none_or(|s| s.by_first.iter().any(|(c, _)| seen.may_hold(*c)))
    }

    /// Whether the pattern matches the line `l`: lines longer than it can
    /// match ([`Rule::max_line`]) or holding none of the strings every
    /// match needs are not searched.
    fn matches_line(&self, l: &str) -> bool {
        self.max_line.is_none_or(|m| l.len() <= m)
            && self.starts.as_ref().is_none_or(|s| s.starts(l))
            && self.needs.as_ref().is_none_or(|n| n.in_text(l))
            && self.pattern.is_match(l)
            && self.unless.as_ref().is_none_or(|u| !u.is_match(l))
    }
}

/// A small set of strings one of which every match of a pattern contains
/// (see [`needed_strings`]), with the cheapest search for them.
#[derive(Debug, Clone)]
enum Needs {
    /// One to three single bytes (ASCII: `:`, `|`, a space): `memchr`.
    Bytes(Vec<u8>),
    /// Longer strings, each searched with its own SIMD searcher.
    Strings(Vec<memchr::memmem::Finder<'static>>),
}

impl Needs {
    fn of(pattern: &str) -> Option<Needs> {
        let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
        let set = needed_strings(&hir)?;
        if set.iter().all(|s| s.len() == 1) && set.len() <= 3 {
            return Some(Needs::Bytes(set.iter().map(|s| s[0]).collect()));
        }
        Some(Needs::Strings(
            set.iter()
                .map(|s| memchr::memmem::Finder::new(s).into_owned())
                .collect(),
        ))
    }

    /// Whether a text holding the characters `seen` may hold one of the
    /// strings.
    fn may_occur(&self, seen: &Seen) -> bool {
        match self {
            Needs::Bytes(set) => set.iter().any(|&b| seen.may_hold(char::from(b))),
            Needs::Strings(finders) => finders.iter().any(|f| {
                std::str::from_utf8(f.needle())
                    .ok()
                    .and_then(|t| t.chars().next())
                    .is_none_or(|c| seen.may_hold(c))
            }),
        }
    }

    /// Whether `text` holds one of the strings.
    fn in_text(&self, text: &str) -> bool {
        let b = text.as_bytes();
        match self {
            Needs::Bytes(set) => match set[..] {
                [x] => memchr::memchr(x, b).is_some(),
                [x, y] => memchr::memchr2(x, y, b).is_some(),
                [x, y, z] => memchr::memchr3(x, y, z, b).is_some(),
                _ => true,
            },
            Needs::Strings(finders) => finders.iter().any(|f| f.find(b).is_some()),
        }
    }
}

/// The strings one of which every line a start-anchored pattern matches
/// starts with, from regex-syntax's prefix extraction (exact or not: a
/// match starts with one of them either way), grouped by their first
/// character (a line is compared only with the strings that start like
/// it).
#[derive(Debug, Clone)]
struct Starts {
    by_first: Vec<(char, Vec<Vec<u8>>)>,
}

/// The most strings a [`Starts`] holds.
const MAX_STARTS: usize = 64;

/// The bytes of a [`Starts`] string kept (two CJK characters).
const START_BYTES: usize = 6;

impl Starts {
    /// `None` unless `pattern` is anchored at the start of the line
    /// (`^`) and the lines it matches start with one of at most
    /// [`MAX_STARTS`] non-empty strings.
    fn of(pattern: &str) -> Option<Starts> {
        use regex_syntax::hir::Look;
        use regex_syntax::hir::literal::{ExtractKind, Extractor};
        let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
        let prefix = hir.properties().look_set_prefix();
        if !(prefix.contains(Look::Start) || prefix.contains(Look::StartLF)) {
            return None;
        }
        let mut seq = Extractor::new().kind(ExtractKind::Prefix).extract(&hir);
        // Two CJK characters tell lines apart as well as whole words, and
        // shortened strings fold together (a match still starts with one).
        seq.keep_first_bytes(START_BYTES);
        seq.dedup();
        let literals = seq.literals()?;
        if literals.is_empty()
            || literals.len() > MAX_STARTS
            || literals.iter().any(|l| l.as_bytes().is_empty())
        {
            return None;
        }
        let mut by_first: Vec<(char, Vec<Vec<u8>>)> = Vec::new();
        for l in literals {
            // A string cut inside a character keeps its whole characters.
            let b = l.as_bytes();
            let whole = match std::str::from_utf8(b) {
                Ok(t) => t,
                Err(e) => std::str::from_utf8(&b[..e.valid_up_to()]).ok()?,
            };
            let first = whole.chars().next()?;
            match by_first.iter_mut().find(|(c, _)| *c == first) {
                Some((_, v)) => v.push(whole.as_bytes().to_vec()),
                None => by_first.push((first, vec![whole.as_bytes().to_vec()])),
            }
        }
        by_first.sort_by_key(|(c, _)| *c);
        Some(Starts { by_first })
    }

    /// Whether `line` starts with one of the strings.
    fn starts(&self, line: &str) -> bool {
        let Some(c) = line.chars().next() else {
            return false;
        };
        match self.by_first.binary_search_by_key(&c, |(f, _)| *f) {
            Ok(k) => self.by_first[k]
                .1
                .iter()
                .any(|s| line.as_bytes().starts_with(s)),
            Err(_) => false,
        }
    }
}

/// The most strings [`needed_strings`] keeps in a set (more would cost
/// more to search for than the pattern).
const MAX_NEEDED: usize = 4;

/// A set of at most [`MAX_NEEDED`] strings one of which every match of
/// `hir` contains, or `None` when the pattern has no such small set (it
/// may match without any literal text, or through too many alternatives).
///
/// A literal needs itself; a concatenation needs what any one of its parts
/// needs (the set with the fewest, then the longest, strings is taken); an
/// alternation needs one of what each branch needs (the union); a
/// repetition at least once needs what its body needs; a class of at most
/// [`MAX_NEEDED`] characters needs one of them (`(?i)` letters are such
/// classes). Anything else (a wide class, an optional part, an anchor)
/// needs nothing known. In a union, a string holding another one of the
/// set is replaced by it (where the longer occurs, the shorter does).
fn needed_strings(hir: &regex_syntax::hir::Hir) -> Option<Vec<Vec<u8>>> {
    use regex_syntax::hir::{Class, HirKind};
    let set: Vec<Vec<u8>> = match hir.kind() {
        HirKind::Literal(l) => vec![l.0.to_vec()],
        HirKind::Class(Class::Unicode(c)) => class_chars(c, MAX_NEEDED)?
            .into_iter()
            .map(|ch| ch.to_string().into_bytes())
            .collect(),
        HirKind::Class(Class::Bytes(c)) => {
            let n: usize = c
                .ranges()
                .iter()
                .map(|r| usize::from(r.end() - r.start()) + 1)
                .sum();
            if n > MAX_NEEDED {
                return None;
            }
            c.ranges()
                .iter()
                .flat_map(|r| r.start()..=r.end())
                .map(|b| vec![b])
                .collect()
        }
        HirKind::Capture(c) => return needed_strings(&c.sub),
        HirKind::Repetition(r) if r.min >= 1 => return needed_strings(&r.sub),
        HirKind::Concat(parts) => {
            return parts
                .iter()
                .filter_map(needed_strings)
                .min_by_key(|set| (set.len(), std::cmp::Reverse(shortest(set))));
        }
        HirKind::Alternation(branches) => {
            let mut all = Vec::new();
            for b in branches {
                all.extend(needed_strings(b)?);
            }
            all
        }
        _ => return None,
    };
    let set = simplest(set);
    (set.len() <= MAX_NEEDED).then_some(set)
}

/// The characters of a class, when it has at most `max`.
fn class_chars(c: &regex_syntax::hir::ClassUnicode, max: usize) -> Option<Vec<char>> {
    let n: usize = c
        .ranges()
        .iter()
        .map(|r| (r.end() as u32 - r.start() as u32) as usize + 1)
        .sum();
    (n <= max).then(|| {
        c.ranges()
            .iter()
            .flat_map(|r| r.start()..=r.end())
            .collect()
    })
}

/// The length of the shortest string of a set.
fn shortest(set: &[Vec<u8>]) -> usize {
    set.iter().map(Vec::len).min().unwrap_or(0)
}

/// `set` without duplicates and without any string that holds another one
/// of the set (the shorter is needed wherever the longer occurs).
fn simplest(mut set: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
    set.sort_by_key(Vec::len);
    let mut out: Vec<Vec<u8>> = Vec::new();
    for s in set {
        if !out.iter().any(|o| memchr::memmem::find(&s, o).is_some()) {
            out.push(s);
        }
    }
    out
}

/// The strings `pattern` matches, when it matches nothing but a small
/// finite set of plain strings (no anchors, no repetition).
fn literal_set(pattern: &str) -> Option<Vec<String>> {
    use regex_syntax::hir::{Class, HirKind};
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    let one = |h: &regex_syntax::hir::Hir| -> Option<Vec<String>> {
        match h.kind() {
            HirKind::Literal(l) => Some(vec![String::from_utf8(l.0.to_vec()).ok()?]),
            HirKind::Class(Class::Unicode(c)) => {
                Some(class_chars(c, 64)?.into_iter().map(String::from).collect())
            }
            _ => None,
        }
    };
    match hir.kind() {
        HirKind::Alternation(alts) => {
            let mut out = Vec::new();
            for a in alts {
                out.extend(one(a)?);
            }
            Some(out)
        }
        _ => one(&hir),
    }
}

/// The longest text (in bytes) `pattern` can match when it is anchored at
/// both ends of the haystack and bounded, else `None`. Every alternative
/// must be anchored: `^a$|b` is not.
fn anchored_max_len(pattern: &str) -> Option<usize> {
    use regex_syntax::hir::Look;
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    let p = hir.properties();
    let (prefix, suffix) = (p.look_set_prefix(), p.look_set_suffix());
    let anchored = (prefix.contains(Look::Start) || prefix.contains(Look::StartLF))
        && (suffix.contains(Look::End) || suffix.contains(Look::EndLF));
    if anchored { p.maximum_len() } else { None }
}

/// Compile a rule's pattern, with room for the lazy DFA of a pattern made
/// of many Unicode classes (`\p{Han}{0,15}`, `[^。,]{0,40}`): with the
/// default 2 MiB its cache is cleared and rebuilt over and over on Chinese
/// text (the `alone` pattern of the shipped rules took 2.2 µs a line, 0.65 µs
/// with 8 MiB). The room is taken only as states are made.
fn compile(pattern: &str) -> std::result::Result<Regex, regex::Error> {
    regex::RegexBuilder::new(pattern)
        .dfa_size_limit(8 << 20)
        .build()
}

/// A rule's pattern (also its `alone` and `unless` patterns), used as a
/// [`Regex`] (it dereferences to one). A rules file a user gives is
/// compiled as it is read, so that an invalid pattern is an error naming its
/// rule; the shipped rules ([`Rules::builtin`]) are compiled when first
/// used: most never run on a given text (their triggers and needed strings
/// are absent), and compiling all of them took ~30 ms of every run, most of
/// a small corpus's loading. The test `every_shipped_pattern_compiles`
/// compiles each one.
#[derive(Clone)]
pub struct RulePattern {
    source: String,
    /// Shared by the clones (the loader clones its options for a streamed
    /// workbook), so that each pattern is compiled once per process.
    compiled: std::sync::Arc<std::sync::OnceLock<std::result::Result<Regex, regex::Error>>>,
}

impl RulePattern {
    /// The pattern compiled now.
    fn eager(source: &str) -> std::result::Result<RulePattern, regex::Error> {
        let compiled = std::sync::Arc::new(std::sync::OnceLock::new());
        let _ = compiled.set(Ok(compile(source)?));
        Ok(RulePattern {
            source: source.to_string(),
            compiled,
        })
    }

    /// The pattern, compiled when first used (for the shipped rules only).
    fn lazy(source: &str) -> RulePattern {
        RulePattern {
            source: source.to_string(),
            compiled: std::sync::Arc::default(),
        }
    }

    /// The pattern as written (without compiling it).
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The compiled pattern, compiled now if it was not yet.
    pub fn try_regex(&self) -> std::result::Result<&Regex, regex::Error> {
        // Threads that meet an uncompiled pattern together wait for one
        // compilation.
        self.compiled
            .get_or_init(|| compile(&self.source))
            .as_ref()
            .map_err(Clone::clone)
    }
}

impl std::ops::Deref for RulePattern {
    type Target = Regex;

    /// The compiled pattern. Only the shipped rules are compiled lazily,
    /// and every one of them compiles (the test
    /// `every_shipped_pattern_compiles`); a user's rules were compiled when
    /// read.
    #[allow(clippy::expect_used)]
    fn deref(&self) -> &Regex {
        self.try_regex()
            .expect("the shipped cleaning rules compile (tested)")
    }
}

impl std::fmt::Debug for RulePattern {
    /// As [`Regex`]'s own: `Regex("…")` (the rules' `Debug` text is part of
    /// the document cache's fingerprint).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Regex").field(&self.source).finish()
    }
}

/// An ordered list of cleaning rules.
#[derive(Debug, Clone, Default)]
pub struct Rules {
    rules: Vec<Rule>,
    sources: Vec<String>,
    /// The replace rules' patterns, in rule order, searched together: one
    /// pass over a text says which replace rules can apply (for the rules
    /// without triggers).
    replace_set: Option<RegexSet>,
    /// The triggers of the replace rules that have them, each with a SIMD
    /// substring searcher and the replace rules (by position among the
    /// replace rules) it triggers. One search per trigger (each ~10 GB/s
    /// on Chinese text) is faster than one multi-string search (~1 GB/s:
    /// the triggers' first bytes are the same few UTF-8 lead bytes).
    triggers: Vec<(memchr::memmem::Finder<'static>, Vec<usize>)>,
}

/// The result of cleaning one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cleaned {
    /// The cleaned text.
    pub text: String,
    /// Characters in the input.
    pub chars_before: usize,
    /// Characters removed (input minus output; NFKC may also shorten).
    pub chars_removed: usize,
    /// Characters each rule removed, by rule name, in rule order (rules
    /// that removed nothing are left out; `nfkc` when normalisation
    /// shortened the text, `whitespace` for trimming, joined and collapsed
    /// lines). They add up to `chars_removed`, except that NFKC may also
    /// lengthen a text (`…` → `...`), which no entry counts.
    pub removed_by: Vec<(String, u32)>,
    /// The lines dropped by rules marked `keeps_date` (a page's publication
    /// stamp, `发布时间:2019-01-15 10:30 来源:…`), rule by rule in the rules'
    /// order, each rule's in text order: the date
    /// they carry is metadata (see `head::published_date`), although the
    /// line is not text. At most [`MAX_DATED_LINES`].
    pub dated_lines: Vec<String>,
    /// The cleaned text's script counts (characters, Han characters,
    /// traditional- and simplified-only ones), taken in the pass that counts
    /// its characters.
    pub script: super::convert::ScriptCount,
}

/// How many dropped publication-stamp lines [`Cleaned::dated_lines`] keeps.
pub const MAX_DATED_LINES: usize = 4;

const DEFAULT_ZONE_LINES: usize = 30;

impl Rules {
    /// The rules shipped with the project.
    pub fn builtin() -> Result<Self> {
        let mut rules = Rules::default();
        rules.add_toml_as(DEFAULT_RULES, Path::new("assets/rules/clean.toml"), true)?;
        Ok(rules)
    }

    /// Append the rules of a TOML file.
    pub fn add_file(&mut self, path: &Path) -> Result<()> {
        let text = crate::fileio::read_utf8(path, "the rules file")?;
        self.add_toml(&text, path)
    }

    /// Append the rules in `text`, which came from `origin` (for messages).
    pub fn add_toml(&mut self, text: &str, origin: &Path) -> Result<()> {
        self.add_toml_as(text, origin, false)
    }

    /// [`Rules::add_toml`], the patterns compiled when first used if
    /// `lazy` (the shipped rules: see [`RulePattern`]).
    fn add_toml_as(&mut self, text: &str, origin: &Path, lazy: bool) -> Result<()> {
        let compile = |p: &str| {
            if lazy {
                Ok(RulePattern::lazy(p))
            } else {
                RulePattern::eager(p)
            }
        };
        let raw: RawRules = toml::from_str(text).map_err(|e| toml_error(origin, text, &e))?;
        for r in raw.rule {
            let _ = r.note;
            let pattern = compile(&r.pattern).map_err(|e| Error::BadFile {
                path: origin.to_path_buf(),
                message: format!("rule `{}`: invalid pattern: {e}", r.name),
            })?;
            if r.action == Action::Replace && r.with.is_none() {
                return Err(Error::BadFile {
                    path: origin.to_path_buf(),
                    message: format!("rule `{}`: action `replace` needs `with`", r.name),
                });
            }
            for (set, option) in [
                (r.keeps_date, "keeps_date"),
                (r.drops_listing, "drops_listing"),
            ] {
                if set && r.action != Action::DropLine {
                    return Err(Error::BadFile {
                        path: origin.to_path_buf(),
                        message: format!(
                            "rule `{}`: `{option}` applies to action `drop_line` only",
                            r.name
                        ),
                    });
                }
            }
            let plain_with = r.with.clone().unwrap_or_default();
            let alone = match (&r.alone, r.action) {
                (None, _) => None,
                (Some(a), Action::JoinWrappedLines) => {
                    Some(compile(a).map_err(|e| Error::BadFile {
                        path: origin.to_path_buf(),
                        message: format!("rule `{}`: invalid `alone` pattern: {e}", r.name),
                    })?)
                }
                (Some(_), _) => {
                    return Err(Error::BadFile {
                        path: origin.to_path_buf(),
                        message: format!(
                            "rule `{}`: `alone` applies to action `join_wrapped_lines` only",
                            r.name
                        ),
                    });
                }
            };
            let unless = match (&r.unless, r.action) {
                (None, _) => None,
                (Some(_), Action::Replace | Action::JoinWrappedLines) => {
                    return Err(Error::BadFile {
                        path: origin.to_path_buf(),
                        message: format!(
                            "rule `{}`: `unless` applies to line rules only (drop_line, cut_from, cut_until)",
                            r.name
                        ),
                    });
                }
                (Some(u), _) => Some(compile(u).map_err(|e| Error::BadFile {
                    path: origin.to_path_buf(),
                    message: format!("rule `{}`: invalid `unless` pattern: {e}", r.name),
                })?),
            };
            self.rules.push(Rule {
                name: r.name,
                action: r.action,
                pattern,
                with: r.with.unwrap_or_default(),
                zone: r.zone,
                zone_lines: r.zone_lines.unwrap_or(DEFAULT_ZONE_LINES),
                min_blank_ratio: r.min_blank_ratio.unwrap_or(0.5),
                alone,
                max_line: anchored_max_len(&r.pattern),
                needs: (r.action != Action::Replace)
                    .then(|| Needs::of(&r.pattern))
                    .flatten(),
                starts: (r.action != Action::Replace)
                    .then(|| Starts::of(&r.pattern))
                    .flatten(),
                max_len: regex_syntax::Parser::new()
                    .parse(&r.pattern)
                    .ok()
                    .and_then(|h| h.properties().maximum_len()),
                literal: (r.action == Action::Replace && !plain_with.contains('$'))
                    .then(|| literal_set(&r.pattern))
                    .flatten()
                    .and_then(|words| aho_corasick::AhoCorasick::new(words).ok()),
                triggers: r.triggers.into_iter().filter(|t| !t.is_empty()).collect(),
                keeps_date: r.keeps_date,
                drops_listing: r.drops_listing,
                unless,
            });
        }
        self.sources.push(origin.display().to_string());
        self.build_sets(origin)
    }

    /// Compile the replace and line-rule sets from the rules.
    fn build_sets(&mut self, origin: &Path) -> Result<()> {
        let set = |rules: Vec<&Rule>| -> Result<Option<RegexSet>> {
            if rules.is_empty() {
                return Ok(None);
            }
            // A lazy-DFA cache large enough for the combined automaton
            // (Unicode classes of many rules): a small one is cleared and
            // rebuilt over and over on Chinese text.
            regex::RegexSetBuilder::new(rules.iter().map(|r| r.pattern.as_str()))
                .dfa_size_limit(64 << 20)
                .build()
                .map(Some)
                .map_err(|e| Error::BadFile {
                    path: origin.to_path_buf(),
                    message: format!("the rules cannot be combined: {e}"),
                })
        };
        let replace: Vec<&Rule> = self
            .rules
            .iter()
            .filter(|r| r.action == Action::Replace)
            .collect();
        self.replace_set = set(replace.clone())?;
        let mut words: Vec<String> = Vec::new();
        let mut rules_of: Vec<Vec<usize>> = Vec::new();
        for (i, r) in replace.iter().enumerate() {
            for t in &r.triggers {
                match words.iter().position(|w| w == t) {
                    Some(k) => rules_of[k].push(i),
                    None => {
                        words.push(t.clone());
                        rules_of.push(vec![i]);
                    }
                }
            }
        }
        self.triggers = words
            .iter()
            .zip(rules_of)
            .map(|(w, rules)| {
                (
                    memchr::memmem::Finder::new(w.as_bytes()).into_owned(),
                    rules,
                )
            })
            .collect();
        Ok(())
    }

    /// Where each replace rule (by position among them) from the `from`th
    /// on may match `text`: `Some(stretches)` of the text to search (around
    /// its triggers, or the whole text; empty: nowhere), `None` to search
    /// the whole text. The rules before `from` are not searched for (empty).
    /// With `seen`, the characters `text` may hold ([`Seen`]), a trigger
    /// whose first character it does not hold is not searched for.
    fn replace_candidates(
        &self,
        replace: &[&Rule],
        text: &str,
        from: usize,
        seen: Option<&Seen>,
    ) -> Vec<Option<Vec<(usize, usize)>>> {
        let mut hits: Vec<Vec<(usize, usize)>> = vec![Vec::new(); replace.len()];
        for (finder, rules) in &self.triggers {
            if rules.iter().all(|&i| i < from) {
                continue;
            }
            let first = std::str::from_utf8(finder.needle())
                .ok()
                .and_then(|t| t.chars().next());
            if let (Some(seen), Some(c)) = (seen, first)
                && !seen.may_hold(c)
            {
                continue;
            }
            let len = finder.needle().len();
            for start in finder.find_iter(text.as_bytes()) {
                for &i in rules {
                    hits[i].push((start, start + len));
                }
            }
        }
        for h in hits.iter_mut() {
            h.sort_unstable();
        }
        let set = replace[from.min(replace.len())..]
            .iter()
            .any(|r| r.triggers.is_empty())
            .then(|| self.replace_set.as_ref().map(|s| s.matches(text)))
            .flatten();
        replace
            .iter()
            .zip(hits)
            .enumerate()
            .map(|(i, (r, found))| {
                if i < from {
                    return Some(Vec::new());
                }
                if r.triggers.is_empty() {
                    return match &set {
                        Some(s) if !s.matched(i) => Some(Vec::new()),
                        _ => None,
                    };
                }
                match r.max_len {
                    Some(max) if !found.is_empty() => Some(windows(text, &found, max)),
                    Some(_) => Some(Vec::new()),
                    None if found.is_empty() => Some(Vec::new()),
                    None => None,
                }
            })
            .collect()
    }

    /// The rules in order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Where the rules came from, in order.
    pub fn sources(&self) -> &[String] {
        &self.sources
    }

    /// Clean `raw` (see the module docs for the order of steps).
    pub fn clean(&self, raw: &str) -> Cleaned {
        let mut removed_by: Vec<(String, u32)> = Vec::new();
        let note = |removed_by: &mut Vec<(String, u32)>, name: &str, n: usize| {
            if n > 0 {
                removed_by.push((name.to_string(), n as u32));
            }
        };
        let Normalised {
            mut text,
            mut seen,
            chars_in: chars_before,
            chars_out: mut chars,
        } = nfkc_seen(raw);
        note(&mut removed_by, "nfkc", chars_before.saturating_sub(chars));
        // Page breaks and the other line separators become line breaks;
        // the page furniture of a paged text goes with its page breaks
        // (NFKC leaves every separator as it is, and a page number written
        // in full-width digits reads as one after it). A text without any
        // separator is not searched for them.
        let separators = ['\r', '\u{b}', '\u{c}', '\u{85}', '\u{2028}', '\u{2029}'];
        if separators.iter().any(|&c| seen.may_hold(c))
            && let Some(paged) = pages::line_breaks(&text)
        {
            seen.add(u32::from(b'\n'));
            text = paged.text;
            let now = text.chars().count();
            note(&mut removed_by, "page-furniture", chars.saturating_sub(now));
            chars = now;
        }
        // One search for all replace rules; after a replacement the text
        // has changed, so the rules after it are searched again.
        let replace_rules: Vec<&Rule> = self
            .rules
            .iter()
            .filter(|r| r.action == Action::Replace)
            .collect();
        // The text holds only the characters NFKC saw and those of the
        // replacements made since: triggers starting with another are not
        // searched for.
        let mut may = self.replace_candidates(&replace_rules, &text, 0, Some(&seen));
        for (i, rule) in replace_rules.iter().enumerate() {
            let matches = match (&may[i], &rule.literal) {
                (None, Some(ac)) => ac.is_match(&text),
                (None, None) => rule.pattern.is_match(&text),
                (Some(stretches), Some(ac)) => {
                    stretches.iter().any(|&(a, b)| ac.is_match(&text[a..b]))
                }
                (Some(stretches), None) => stretches
                    .iter()
                    .any(|&(a, b)| rule.pattern.is_match(&text[a..b])),
            };
            if matches {
                let now;
                (text, now) = match (&may[i], &rule.literal) {
                    // Plain strings are replaced only in the stretches around
                    // their triggers: a match lies wholly inside one, and the
                    // text between them is copied as it is.
                    (Some(stretches), Some(ac)) => {
                        let with = vec![rule.with.as_str(); ac.patterns_len()];
                        let mut out = String::with_capacity(text.len());
                        let (mut last, mut now) = (0, chars);
                        for &(a, b) in stretches {
                            out.push_str(&text[last..a]);
                            let replaced = ac.replace_all(&text[a..b], &with);
                            now = now + replaced.chars().count() - text[a..b].chars().count();
                            out.push_str(&replaced);
                            last = b;
                        }
                        out.push_str(&text[last..]);
                        (out, now)
                    }
                    (None, Some(ac)) => {
                        let out =
                            ac.replace_all(&text, &vec![rule.with.as_str(); ac.patterns_len()]);
                        let now = out.chars().count();
                        (out, now)
                    }
                    (_, None) => {
                        let out = rule
                            .pattern
                            .replace_all(&text, rule.with.as_str())
                            .into_owned();
                        let now = out.chars().count();
                        (out, now)
                    }
                };
                note(&mut removed_by, &rule.name, chars.saturating_sub(now));
                chars = now;
                // The rules after this one are searched for again in the
                // changed text.
                seen.add_str(&rule.with);
                may = self.replace_candidates(&replace_rules, &text, i + 1, Some(&seen));
            }
        }
        let mut by_line_rules = 0usize;
        let mut dated_lines = Vec::new();
        // Lines borrow from `text`; only joined lines are owned.
        let mut lines: Vec<Cow<'_, str>> = super::decode::lines(&text)
            .map(|l| Cow::Borrowed(l.trim()))
            .collect();
        // Joined lines may meet at a space.
        seen.add(u32::from(b' '));
        for rule in self.rules.iter().filter(|r| r.action != Action::Replace) {
            if rule.action == Action::JoinWrappedLines {
                join_wrapped_lines(rule, &mut lines);
            } else if rule.may_match_in(&seen) {
                let n = apply_line_rule(rule, &mut lines, &mut dated_lines);
                by_line_rules += n;
                note(&mut removed_by, &rule.name, n);
            }
        }
        let text = tidy(&lines);
        // The characters are counted with the script (one pass for both).
        let script = super::convert::count_script(&text);
        let after = script.chars;
        let total = chars_before.saturating_sub(after);
        // Trimming, joined lines and collapsed blank lines: what is left of
        // the text after the replace rules, less the line rules' removals.
        note(
            &mut removed_by,
            "whitespace",
            chars.saturating_sub(by_line_rules).saturating_sub(after),
        );
        Cleaned {
            text,
            chars_before,
            chars_removed: total,
            removed_by,
            dated_lines,
            script,
        }
    }
}

/// The stretches of `text` within `max` bytes of each hit (a trigger), merged
/// where they overlap and widened to character boundaries: a match of at
/// most `max` bytes that holds a trigger lies inside one of them.
fn windows(text: &str, hits: &[(usize, usize)], max: usize) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for &(s, e) in hits {
        let mut a = s.saturating_sub(max);
        while !text.is_char_boundary(a) {
            a -= 1;
        }
        let mut b = (e + max).min(text.len());
        while !text.is_char_boundary(b) {
            b += 1;
        }
        match out.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// Unicode NFKC, with a fast path for Chinese text.
///
/// Each character is decomposed for compatibility (full-width `，` → `,`,
/// `＋` → `+`, `…` → `...`); as long as every resulting character is one that
/// canonical composition never touches (ASCII, CJK ideographs, CJK and
/// general punctuation, Latin-1 symbols), the decomposition *is* the NFKC
/// form. Otherwise (accents, Hangul, kana voicing marks…) the whole text
/// goes through the full algorithm. Tested equal to full NFKC on the corpora.
pub fn nfkc(text: &str) -> String {
    nfkc_seen(text).text
}

/// A small Bloom filter of the characters a text holds, as [`nfkc_seen`]
/// records them: every character of the normalised text except CJK
/// ideographs U+4000–U+9FFF (which the fast path passes over unseen).
/// [`Seen::may_hold`] is false only for a character the text does not hold.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Seen([u64; 16]);

impl Seen {
    fn bit(c: u32) -> (usize, u64) {
        let h = c.wrapping_mul(0x9E37_79B1) >> 22;
        ((h >> 6) as usize, 1 << (h & 63))
    }

    fn add(&mut self, c: u32) {
        if (0x4000..=0x9FFF).contains(&c) {
            return;
        }
        let (w, b) = Self::bit(c);
        self.0[w] |= b;
    }

    fn add_str(&mut self, s: &str) {
        for c in s.chars() {
            self.add(c as u32);
        }
    }

    /// Whether the text may hold `c`; always true for the ideographs the
    /// filter does not record.
    pub(crate) fn may_hold(&self, c: char) -> bool {
        if (0x4000..=0x9FFF).contains(&(c as u32)) {
            return true;
        }
        let (w, b) = Self::bit(c as u32);
        self.0[w] & b != 0
    }
}

/// [`nfkc`], also returning which characters the result holds ([`Seen`])
/// and how many characters were read and written: [`Rules::clean`] skips
/// the searches for line separators, triggers and line rules whose strings
/// start with a character that is not there, and needs no counting pass.
pub(crate) fn nfkc_seen(text: &str) -> Normalised {
    let mut seen = Seen::default();
    // Characters read, and how many more (or fewer) were written, in all
    // and since the line began.
    let (mut chars_in, mut delta, mut delta_line) = (0usize, 0isize, 0isize);
    let mut out = String::with_capacity(text.len());
    let table = fullwidth_table();
    let bmp = bmp_table();
    // Runs of ASCII and common CJK ideographs (unchanged by NFKC) are copied
    // whole; other characters are decomposed one by one (full-width forms
    // and CJK punctuation from a table made once).
    let bytes = text.as_bytes();
    let mut run = 0;
    let mut i = 0;
    // Where the current line starts, in `text` and in the output: a line
    // holding a character the fast path cannot handle goes through the full
    // algorithm on its own (a line break is a boundary no composition
    // crosses, so NFKC of the lines is NFKC of the text).
    let (mut line, mut out_line) = (0, 0);
    while i < bytes.len() {
        // Byte-level fast path. Three-byte characters (Han, CJK and
        // full-width punctuation): one table lookup says whether NFKC keeps
        // them (中, 。、“”《》), turns them into one ASCII byte (，→, ：→:
        // ＋→+, the ideographic space), or needs the general path; a lookup
        // for every one, Han included, keeps the branch predictable.
        let b = bytes[i];
        // Four ideographs in a row (lead bytes E4–E9: U+4000–U+9FFF, all
        // kept by NFKC, see the test `ideograph_leads_are_kept`), the most
        // common stretch of a report: passed over at once.
        if let Some(w) = bytes.get(i..i + 12)
            && [w[0], w[3], w[6], w[9]]
                .iter()
                .all(|&l| l.wrapping_sub(0xE4) < 6)
        {
            chars_in += 4;
            i += 12;
            continue;
        }
        if (0xE0..0xF0).contains(&b)
            && let (Some(&b1), Some(&b2)) = (bytes.get(i + 1), bytes.get(i + 2))
        {
            let u = (usize::from(b & 0x0F) << 12)
                | (usize::from(b1 & 0x3F) << 6)
                | usize::from(b2 & 0x3F);
            let k = bmp[u];
            chars_in += 1;
            if k == BMP_KEEP {
                seen.add(u as u32);
                i += 3;
                continue;
            }
            if k != BMP_SLOW {
                seen.add(u32::from(k));
                out.push_str(&text[run..i]);
                out.push(char::from(k));
                i += 3;
                run = i;
                continue;
            }
        } else if b < 0x80 {
            seen.add(u32::from(b));
            chars_in += 1;
            if b == b'\n' {
                delta_line = 0;
                line = i + 1;
                out_line = out.len() + (line - run);
            }
            i += 1;
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let len = c.len_utf8();
        // A three-byte character the table sent here was counted there.
        chars_in += usize::from(len != 3 || !(0xE0..0xF0).contains(&b));
        // Characters NFKC leaves as they are (。、“”《》…) stay in the run.
        if let Some((true, mapped)) = table.get(c)
            && mapped.as_str() == &text[i..i + len]
        {
            seen.add(c as u32);
            i += len;
            continue;
        }
        out.push_str(&text[run..i]);
        i += len;
        run = i;
        let safe = match table.get(c) {
            Some((safe, mapped)) => {
                if *safe {
                    seen.add_str(mapped);
                    out.push_str(mapped);
                    let d = mapped.chars().count() as isize - 1;
                    (delta, delta_line) = (delta + d, delta_line + d);
                }
                *safe
            }
            None => {
                let (mut safe, mut n) = (true, 0isize);
                unicode_normalization::char::decompose_compatible(c, |d| {
                    safe &= composition_safe(d);
                    seen.add(d as u32);
                    out.push(d);
                    n += 1;
                });
                if safe {
                    (delta, delta_line) = (delta + n - 1, delta_line + n - 1);
                }
                safe
            }
        };
        if !safe {
            let end = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |k| i + k);
            out.truncate(out_line);
            out.extend(text[line..end].nfkc());
            seen.add_str(&out[out_line..]);
            // The line's own count replaces what its characters added.
            chars_in += text[i..end].chars().count();
            let d =
                out[out_line..].chars().count() as isize - text[line..end].chars().count() as isize;
            delta += d - delta_line;
            delta_line = d;
            i = end;
            run = end;
        }
    }
    out.push_str(&text[run..]);
    Normalised {
        text: out,
        seen,
        chars_in,
        chars_out: chars_in.saturating_add_signed(delta),
    }
}

/// What [`nfkc_seen`] returns.
pub(crate) struct Normalised {
    /// The text in NFKC.
    pub(crate) text: String,
    /// The characters it holds.
    pub(crate) seen: Seen,
    /// Characters of the input (`chars().count()`).
    pub(crate) chars_in: usize,
    /// Characters of the output.
    pub(crate) chars_out: usize,
}

/// [`bmp_table`]: NFKC leaves the character as it is.
const BMP_KEEP: u8 = 0;
/// [`bmp_table`]: the character needs the general path.
const BMP_SLOW: u8 = 0xFF;

/// For every character U+0000–U+FFFF: [`BMP_KEEP`] when its compatibility
/// decomposition is itself and composition never touches it, the ASCII
/// byte it decomposes to when that byte is all (and composition-safe), else
/// [`BMP_SLOW`]. Read by [`nfkc`] for three-byte characters.
fn bmp_table() -> &'static [u8] {
    static TABLE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (0..=0xFFFFu32)
            .map(|u| {
                let Some(c) = char::from_u32(u) else {
                    return BMP_SLOW;
                };
                let mut d = Vec::new();
                unicode_normalization::char::decompose_compatible(c, |x| d.push(x));
                if !d.iter().all(|&x| composition_safe(x)) {
                    return BMP_SLOW;
                }
                match d.as_slice() {
                    [x] if *x == c => BMP_KEEP,
                    [x] if x.is_ascii() && *x != '\0' => *x as u8,
                    _ => BMP_SLOW,
                }
            })
            .collect()
    })
}

/// Compatibility decompositions of the characters most common in Chinese
/// text outside ASCII and the main ideograph block: general punctuation,
/// CJK punctuation and full-width forms, each with whether it is safe for
/// the fast path (see `composition_safe`).
struct FullwidthTable {
    ranges: [(u32, Vec<(bool, String)>); 3],
}

impl FullwidthTable {
    fn get(&self, c: char) -> Option<&(bool, String)> {
        let u = c as u32;
        self.ranges
            .iter()
            .find(|(start, v)| u >= *start && u < start + v.len() as u32)
            .map(|(start, v)| &v[(u - start) as usize])
    }
}

fn fullwidth_table() -> &'static FullwidthTable {
    static TABLE: std::sync::OnceLock<FullwidthTable> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let range = |start: u32, end: u32| {
            let v = (start..=end)
                .map(|u| {
                    let mut s = String::new();
                    let mut safe = true;
                    if let Some(c) = char::from_u32(u) {
                        unicode_normalization::char::decompose_compatible(c, |d| {
                            safe &= composition_safe(d);
                            s.push(d);
                        });
                    }
                    (safe, s)
                })
                .collect();
            (start, v)
        };
        FullwidthTable {
            ranges: [
                range(0x2000, 0x206F),
                range(0x3000, 0x303F),
                range(0xFF00, 0xFFEF),
            ],
        }
    })
}

fn composition_safe(c: char) -> bool {
    matches!(c as u32,
        0x00..=0x7F
        | 0xA0..=0xBF
        | 0xD7
        | 0xF7
        | 0x2000..=0x206F
        | 0x2190..=0x21FF
        | 0x2460..=0x24FF
        | 0x2500..=0x25FF
        | 0x3000..=0x3029
        | 0x3030..=0x303F
        // Ideographs, and the Yijing hexagrams between their blocks (no
        // decomposition, in no composition).
        | 0x3400..=0x9FFF)
}

/// Indices (ascending) of the non-blank lines in the rule's zone that its
/// pattern matches. A head or tail zone is walked from its own end of the
/// text, so a rule for the first or last few lines looks at those only.
fn zone_hits(rule: &Rule, lines: &[Cow<'_, str>]) -> Vec<usize> {
    let hit =
        |&(i, l): &(usize, &Cow<'_, str>)| (!l.is_empty() && rule.matches_line(l)).then_some(i);
    let non_blank = |(_, l): &(usize, &Cow<'_, str>)| !l.is_empty();
    let (n, all) = (rule.zone_lines, lines.iter().enumerate());
    match rule.zone {
        Zone::All => all.filter_map(|x| hit(&x)).collect(),
        Zone::Head => all
            .filter(non_blank)
            .take(n)
            .filter_map(|x| hit(&x))
            .collect(),
        Zone::Tail => {
            let mut hits: Vec<usize> = all
                .rev()
                .filter(non_blank)
                .take(n)
                .filter_map(|x| hit(&x))
                .collect();
            hits.reverse();
            hits
        }
    }
}

/// Apply a line rule; returns the characters it removed. Lines longer than
/// the rule can match ([`Rule::max_line`]) are not searched. The lines a
/// `keeps_date` rule drops are added to `dated` (up to
/// [`MAX_DATED_LINES`]).
fn apply_line_rule(rule: &Rule, lines: &mut Vec<Cow<'_, str>>, dated: &mut Vec<String>) -> usize {
    let hits = zone_hits(rule, lines);
    let count = |ls: &[Cow<'_, str>]| ls.iter().map(|l| l.chars().count()).sum::<usize>();
    match rule.action {
        Action::DropLine => {
            if rule.keeps_date {
                let room = MAX_DATED_LINES.saturating_sub(dated.len());
                dated.extend(hits.iter().take(room).map(|&i| lines[i].to_string()));
            }
            let mut n = 0;
            // From the last hit up, so that the earlier lines keep their
            // places; a hit's listing goes before the hit itself.
            for &i in hits.iter().rev() {
                if rule.drops_listing {
                    for j in listing_below(lines, i).into_iter().rev() {
                        n += lines.remove(j).chars().count();
                    }
                }
                n += lines.remove(i).chars().count();
            }
            n
        }
        Action::CutFrom => match hits.first() {
            Some(&first) => {
                let n = count(&lines[first..]);
                lines.truncate(first);
                n
            }
            None => 0,
        },
        Action::CutUntil => match hits.last() {
            Some(&last) => {
                let n = count(&lines[..=last]);
                lines.drain(..=last);
                n
            }
            None => 0,
        },
        Action::Replace | Action::JoinWrappedLines => 0,
    }
}

/// The longest line of a listing [`listing_below`] takes, in characters.
const MAX_LISTING_LINE: usize = 60;

/// The most entries a listing [`listing_below`] takes: a longer run of
/// repeated short lines is not a table of contents (a text saved twice
/// over), and is left alone.
const MAX_LISTING: usize = 80;

/// The lines of the listing right below line `at` (with the blank lines
/// between them): each no longer than [`MAX_LISTING_LINE`] characters and
/// found again, word for word, further down the text, up to the first line
/// that is not; none unless there are at least two. Under a `目录`, these
/// are the headings of a table of contents without page numbers, which the
/// report then opens one by one.
fn listing_below(lines: &[Cow<'_, str>], at: usize) -> Vec<usize> {
    // The listing's lines, with the blank lines between them.
    let (mut out, mut entries, mut blanks) = (Vec::new(), 0, Vec::new());
    for j in at + 1..lines.len() {
        let line = &lines[j];
        if line.is_empty() {
            blanks.push(j);
            continue;
        }
        let again = || lines[j + 1..].iter().any(|l| l == line);
        if line.chars().count() > MAX_LISTING_LINE || !again() {
            break;
        }
        out.append(&mut blanks);
        out.push(j);
        entries += 1;
        if entries > MAX_LISTING {
            break;
        }
    }
    if !(2..=MAX_LISTING).contains(&entries) {
        out.clear();
    }
    out
}

fn join_wrapped_lines(rule: &Rule, lines: &mut Vec<Cow<'_, str>>) {
    let non_blank = lines.iter().filter(|l| !l.is_empty()).count();
    // Lines that end a paragraph: followed by a blank line, and the last
    // line — but only in a text that has blank lines at all (a short text
    // without any is not made of blank-line paragraphs).
    let blank_endings = lines
        .windows(2)
        .filter(|w| !w[0].is_empty() && w[1].is_empty())
        .count();
    let ending = blank_endings + usize::from(blank_endings > 0);
    if non_blank < 2
        || blank_endings == 0
        || (ending as f64) < rule.min_blank_ratio * non_blank as f64
    {
        join_fixed_width_lines(rule, lines);
        return;
    }
    // A line the pattern matches keeps its own line (lines longer than the
    // pattern can match are not searched).
    let keeps = |l: &str| rule.matches_line(l);
    let mut alone = alone_in_head(rule);
    let mut out: Vec<Cow<'_, str>> = Vec::with_capacity(lines.len());
    // Whether the last line pushed stands alone.
    let mut last_alone = false;
    // Whether a line stands alone matters only next to a non-blank line
    // (only such neighbours join): between blank lines the `alone`
    // pattern is not tried.
    let mut next_blank: Vec<bool> = lines.iter().skip(1).map(|l| l.is_empty()).collect();
    next_blank.push(true);
    let mut prev_blank = true;
    for (line, next_blank) in lines.drain(..).zip(next_blank) {
        let this_alone = alone(&line, !(prev_blank && next_blank));
        prev_blank = line.is_empty();
        match out.last_mut() {
            Some(prev)
                if !prev.is_empty()
                    && !line.is_empty()
                    && !last_alone
                    && !this_alone
                    && !keeps(prev) =>
            {
                prev.to_mut().push_str(&line);
            }
            _ => {
                out.push(line);
                last_alone = this_alone;
            }
        }
    }
    *lines = out;
}

/// Whether a line is a head line that stands alone: among the first
/// `zone_lines` non-blank lines (counted as the lines are passed in order)
/// and matched by the rule's `alone` pattern. With `try_it` false the line
/// is only counted (and said not to).
fn alone_in_head(rule: &Rule) -> impl FnMut(&str, bool) -> bool + '_ {
    let mut seen = 0usize;
    move |l: &str, try_it: bool| {
        if l.is_empty() {
            return false;
        }
        seen += 1;
        try_it && seen <= rule.zone_lines && rule.alone.as_ref().is_some_and(|a| a.is_match(l))
    }
}

/// The width (in characters) a text was wrapped at, when it reads as
/// hard-wrapped: among its non-blank lines (eight or more), at least five
/// and 40 % are within a character below or four above (half-width digits
/// take half a cell) of the most common length of 15 characters or more.
/// Characters, not display columns: NFKC has made the full-width
/// punctuation half-width, but each mark still took one cell. Texts with a
/// paragraph per line have no such width.
fn wrap_width(lines: &[Cow<'_, str>]) -> Option<usize> {
    // Only lengths up to 124 characters can count below (widths 15..=120,
    // lines up to four above the width): a line of more than four times
    // that in bytes is longer (a character takes at most four bytes), and
    // is not counted character by character.
    let lengths: Vec<usize> = lines
        .iter()
        .filter(|l| !l.is_empty())
        .map(|l| {
            if l.len() > 4 * 124 {
                usize::MAX
            } else {
                l.chars().count()
            }
        })
        .collect();
    if lengths.len() < 8 {
        return None;
    }
    let mut counts: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    for &n in lengths.iter().filter(|&&n| (15..=120).contains(&n)) {
        *counts.entry(n).or_default() += 1;
    }
    let (&w, _) = counts.iter().max_by_key(|&(w, n)| (*n, *w))?;
    let near = lengths
        .iter()
        .filter(|&&n| n.saturating_add(1) >= w && n <= w + 4)
        .count();
    (near >= 5 && near * 10 >= lengths.len() * 4).then_some(w)
}

/// In a hard-wrapped text (one that went through a PDF or a fixed-width
/// export: [`wrap_width`]) with no blank lines between paragraphs, join a
/// line that fills the width (less three characters, for a paragraph's
/// indented first line) and does not end a sentence to the next one,
/// unless the next starts a heading or list item, the rule's pattern
/// matches either, or either is a head line that stands alone. Words
/// broken at the wrap (`数\n字经济`) come out whole; paragraphs end where
/// a line is short or ends a sentence.
fn join_fixed_width_lines(rule: &Rule, lines: &mut Vec<Cow<'_, str>>) {
    use crate::corpus::formats::pdf::{ends_sentence, join_line, starts_block};
    let Some(width) = wrap_width(lines) else {
        return;
    };
    let mut alone = alone_in_head(rule);
    let mut out: Vec<Cow<'_, str>> = Vec::with_capacity(lines.len());
    // Whether the last line pushed may take the next one.
    let mut open = false;
    for line in lines.drain(..) {
        let this_alone = alone(&line, true);
        let joins = open
            && !line.is_empty()
            && !this_alone
            && !starts_block(&line)
            && !rule.matches_line(&line);
        let this_open = !line.is_empty()
            && !this_alone
            && line.chars().count() + 3 >= width
            && !ends_sentence(&line)
            && !rule.matches_line(&line);
        match out.last_mut() {
            Some(prev) if joins => {
                join_line(prev.to_mut(), &line);
                // The joined line's own end decides whether it goes on.
                open = this_open;
            }
            _ => {
                out.push(line);
                open = this_open;
            }
        }
    }
    *lines = out;
}

/// Join lines, collapsing runs of blank lines to one and trimming the ends.
fn tidy(lines: &[Cow<'_, str>]) -> String {
    let mut out = String::with_capacity(lines.iter().map(|l| l.len() + 1).sum());
    let mut blank_run = false;
    for line in lines {
        if line.is_empty() {
            blank_run = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
            if blank_run {
                out.push('\n');
            }
        }
        blank_run = false;
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod bound_tests {
    use super::anchored_max_len;

    #[test]
    fn only_patterns_anchored_at_both_ends_have_a_bound() {
        assert_eq!(anchored_max_len("^ab$"), Some(2));
        assert_eq!(anchored_max_len("^(下载|打印)$"), Some(6));
        assert_eq!(anchored_max_len("^.{0,3}$"), Some(12));
        assert_eq!(anchored_max_len("^a|b$"), None);
        assert_eq!(anchored_max_len("^a.*$"), None);
        assert_eq!(anchored_max_len("ICP备"), None);
        assert_eq!(anchored_max_len("^(版权所有|Copyright)"), None);
    }
}

#[cfg(test)]
mod join_tests {
    use super::*;

    #[test]
    fn wrapped_lines_join_only_in_blank_line_paragraph_documents() {
        let rules = Rules::builtin().unwrap();
        // Paragraphs separated by blank lines; a link split onto its own line.
        let wiki = "第一段贯彻《\n民族区域自治法\n》,支持发展。\n\n第二段。\n\n第三段。";
        assert_eq!(
            rules.clean(wiki).text,
            "第一段贯彻《民族区域自治法》,支持发展。\n\n第二段。\n\n第三段。"
        );
        // Two lines and no blank line: untouched (a title and a sentence).
        assert_eq!(
            rules.clean("示例市2020年政府工作报告\n数字经济。").text,
            "示例市2020年政府工作报告\n数字经济。"
        );
        // One paragraph per line (provincial pages): untouched.
        let page = "一、2025年工作回顾\n过去一年很不平凡。\n二、2026年工作安排\n今年要做好工作。";
        assert_eq!(rules.clean(page).text, page);
    }

    /// Per-rule tallies add up to the characters removed, NFKC's growth
    /// (… → ...) aside, also when page breaks go (a fuzzing find: two form
    /// feeds among ellipses).
    #[test]
    fn tallies_add_up_with_page_breaks() {
        let rules = Rules::builtin().unwrap();
        let found: &[u8] = b"\x7b\x22\x64\x61\x74\x61\x22\x3a\x20\x7b\x22\x6c\x69\x73\x74\x22\x3a\x20\x5b\x7b\x22\x5d\x65\x61\x72\x22\x3a\x00\x00\x01\x60\x35\x2c\x20\x22\xe6\xad\xa3\xbd\x9c\xef\xbc\x8c\xe8\xaf\xb7\xe4\xbc\x9a\xc1\x0c\x00\xe5\x8a\xaa\xe5\x8a\x9b\xe5\xa5\x8b\xe6\x96\x97\xef\xbc\x3b\x81\x5c\x6e\x22\x7d\x2c\x20\x37\x2c\x20\x7b\x22\x79\x65\x61\x72\x22\x3a\x20\x22\x32\x30\x31\x36\xe5\xb9\xb4\x22\x2c\x20\x22\xe6\xad\xa3\xe6\x96\x87\x22\x3a\x20\x22\xe4\xe6\x8a\xa5\xe5\x9c\xe5\x90\x91\xe5\xa4\xa7\xe4\xbc\x9a\xe6\x8a\xa5\xe5\x91\x8a\xe5\xb7\xa5\xe4\xbd\x9c\xef\xbc\x8c\xe8\xaf\xb7\xe4\xba\x91\x8a\xe5\xb7\xa5\xe4\xbd\x9c\xef\xbc\x8c\xe8\xaf\xb7\xe4\xba\x88\xe5\xe4\x3d\xc1\x0c\x00\xe5\x8a\xaa\xe5\x8a\x9b\xe5\xa5\x8b\xe6\x96\x97\xef\xbc\x3b\x81\x5c\x6e\x22\x7d\x2c\x20\x37\x2c\x20\x7b\x22\x79\x65\x61\x72\x22\x3a\x20\x22\x32\x30\x31\x36\xe5\xb9\xb4\x22\x2c\x20\x22\xe6\xad\xa3\xe6\x96\x87\x22\x3a\x20\x22\xe4\xb9\x99\x22\x7d\x5d\x7d\x7d";
        let page = |n: usize| format!("示例……文件\n\n第{n}页正文……。\n\n- {n} -\n");
        let paged: Vec<String> = (1..=4).map(page).collect();
        for text in [
            String::from_utf8_lossy(found).into_owned(),
            paged.join("\u{c}"),
            "甲……\r乙\u{c}丙".to_string(),
        ] {
            let c = rules.clean(&text);
            let before = text.chars().count() as i64;
            let added = (nfkc(&text).chars().count() as i64 - before).max(0);
            let by_rules: i64 = c.removed_by.iter().map(|(_, n)| i64::from(*n)).sum();
            let after = c.text.chars().count() as i64;
            assert_eq!(
                by_rules - added,
                before - after,
                "{text:?} {:?}",
                c.removed_by
            );
        }
    }

    #[test]
    fn fixed_width_lines_join_into_their_paragraphs() {
        let rules = Rules::builtin().unwrap();
        // Paragraphs wrapped at 16 characters, no blank lines, a heading
        // between them: words broken at the wrap come out whole.
        let para = "推进数字经济和实体经济深度融合,扎实推进乡村振兴,加快发展新质生产力。";
        let wrap = |p: &str| {
            let c: Vec<char> = p.chars().collect();
            c.chunks(16)
                .map(|l| l.iter().collect::<String>())
                .collect::<Vec<_>>()
                .join("\n")
        };
        let raw = format!(
            "{}\n一、2025年工作回顾\n{}\n{}",
            wrap(para),
            wrap(para),
            wrap(para)
        );
        assert!(raw.lines().count() >= 8, "{raw}");
        assert!(raw.contains("数\n字") || raw.contains("生\n产") || raw.contains("振\n兴"));
        assert_eq!(
            rules.clean(&raw).text,
            format!("{para}\n一、2025年工作回顾\n{para}\n{para}")
        );
        // Lines of one length that each end a sentence: untouched.
        let list = "今年要做好以下十项重点工作第一项。\n".repeat(9);
        assert_eq!(rules.clean(&list).text, list.trim_end());
    }

    #[test]
    fn head_lines_stay_alone_in_blank_line_paragraph_documents() {
        let rules = Rules::builtin().unwrap();
        let rest = "\n\n第二段。".repeat(8);
        let body = format!("各位代表:\n\n第一段贯彻《\n民族区域自治法\n》,支持发展。{rest}");
        let joined = format!("各位代表:\n\n第一段贯彻《民族区域自治法》,支持发展。{rest}");
        // Title, dateline and speaker lines over a blank-line body (spaced
        // and plain titles, dashes of every kind, wrapped datelines).
        for head in [
            "政 府 工 作 报 告\n——2016年2月19日在海拉尔区第十四届人民代表大会第五次会议上\n海拉尔区人民政府区长 杜联合",
            "2016年海拉尔区政府工作报告\n―2016年2月19日在海拉尔区第十四届人民代表大会第五次会议上\n区长 杜联合",
            "政府工作报告\n(二〇一六年二月十九日在海拉尔区\n第十四届人民代表大会第五次会议上)",
            "政府工作报告\n----2016年2月19日在海拉尔区\n第十四届人民代表大会第五次会议上\n报告人:海拉尔区人民政府区长 杜联合",
            "标题:示例市政府工作报告\n发文时间:2015-04-21\n报告人:未知\n正文:",
            // A date alone under the title, as the delivery date.
            "示例市政府工作报告\n(2019年1月15日)\n市长 张某",
            "政 府 工 作 报 告\n——在示例市第一届人民代表大会第二次会议上\n二〇〇五年三月二十二日\n代市长 李某某",
            "示例市政府工作报告\n2019.01.15\n市长 张某",
        ] {
            let text = format!("{head}\n\n{body}");
            let want = format!("{head}\n\n{joined}");
            assert_eq!(rules.clean(&text).text, want, "{head}");
            // With no blank line between head and body, too.
            let text = format!("{head}\n{body}");
            let want = format!("{head}\n{joined}");
            assert_eq!(rules.clean(&text).text, want, "{head}");
        }
        // Past the head, such lines are joined like any other.
        let late = format!("{}\n\n区长 杜联合\n说。", "段落。\n\n".repeat(20));
        assert!(rules.clean(&late).text.ends_with("区长 杜联合说。"));
    }

    #[test]
    fn every_key_value_header_line_the_head_reads_stays_alone() {
        // Every key corpus/head.rs reads, as `key: value` and `【key】value`
        // (English keys in any case), over a body of blank-line paragraphs:
        // the header keeps its lines, so the head can read it.
        let rules = Rules::builtin().unwrap();
        let body = format!("各位代表:\n\n第一段。{}", "\n\n第二段。".repeat(8));
        let keys = crate::corpus::head::KV_KEYS.iter().map(|k| k.to_string());
        let english = crate::corpus::head::KV_ENGLISH.iter().flat_map(|k| {
            let mut title = k.to_string();
            title[..1].make_ascii_uppercase();
            [k.to_string(), k.to_ascii_uppercase(), title]
        });
        for key in keys.chain(english) {
            for head in [
                format!("{key}: 2019-01-15\n标题:示例市政府工作报告\n正文:"),
                format!("【{key}】2019-01-15\n【标题】示例市政府工作报告\n【正文】"),
            ] {
                let text = format!("{head}\n{body}");
                let cleaned = rules.clean(&text).text;
                // Each header line is kept as it was, or dropped whole (a
                // page's `发布时间:` line, whose date is kept aside): never
                // glued to the next.
                let lines: Vec<&str> = cleaned.lines().collect();
                let first = head.lines().next().unwrap_or_default();
                assert!(
                    lines.contains(&first) || !cleaned.contains("2019-01-15"),
                    "{key}: {cleaned}"
                );
                for line in head.lines().skip(1) {
                    assert!(lines.contains(&line), "{key}: {cleaned}");
                }
                assert!(cleaned.ends_with(&body), "{key}: {cleaned}");
            }
        }
    }
}

/// A TOML error as `path:line: message`.
pub(crate) fn toml_error(path: &Path, text: &str, e: &toml::de::Error) -> Error {
    match e.span() {
        Some(span) => {
            let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
            Error::BadLine {
                path: PathBuf::from(path),
                line,
                message: e.message().trim().to_string(),
            }
        }
        None => Error::BadFile {
            path: PathBuf::from(path),
            message: e.message().trim().to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin() -> Rules {
        Rules::builtin().expect("shipped rules parse")
    }

    #[test]
    fn every_shipped_pattern_compiles() {
        let rules = builtin();
        let patterns = || {
            rules.rules().iter().flat_map(|r| {
                std::iter::once((&r.name, &r.pattern)).chain(
                    [&r.alone, &r.unless]
                        .into_iter()
                        .flatten()
                        .map(move |p| (&r.name, p)),
                )
            })
        };
        // Compiled when first used, not when the rules are read.
        assert!(patterns().count() > rules.rules().len());
        assert!(patterns().all(|(_, p)| p.compiled.get().is_none()));
        // A clone (the loader clones its options) shares the compilations.
        let copy = rules.clone();
        for (name, p) in patterns() {
            let re = p
                .try_regex()
                .unwrap_or_else(|e| panic!("rule `{name}`: {e}"));
            assert_eq!(re.as_str(), p.as_str());
        }
        assert!(
            copy.rules()
                .iter()
                .all(|r| r.pattern.compiled.get().is_some())
        );
        // A rules file a user gives is compiled as it is read: its errors
        // name the rule then.
        let mut user = Rules::default();
        let err = user
            .add_toml(
                "[[rule]]\nname = \"bad\"\naction = \"drop_line\"\npattern = '(unclosed'\n",
                Path::new("my_rules.toml"),
            )
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("my_rules.toml") && err.contains("`bad`"),
            "{err}"
        );
        user.add_toml(
            "[[rule]]\nname = \"ok\"\naction = \"drop_line\"\npattern = '^广告$'\nunless = '报告'\n",
            Path::new("my_rules.toml"),
        )
        .unwrap();
        let ok = &user.rules()[0];
        assert!(ok.pattern.compiled.get().is_some_and(|r| r.is_ok()));
        assert!(
            ok.unless
                .as_ref()
                .is_some_and(|u| u.compiled.get().is_some_and(|r| r.is_ok()))
        );
        // The `Debug` text (part of the document cache's key) is `Regex`'s.
        assert_eq!(
            format!("{:?}", ok.pattern),
            format!("{:?}", Regex::new("^广告$").unwrap())
        );
    }

    #[test]
    fn ideograph_leads_are_kept() {
        // What `nfkc` passes over four at a time: every character whose
        // UTF-8 lead byte is E4–E9.
        let bmp = bmp_table();
        for u in 0x4000..0xA000u32 {
            assert_eq!(bmp[u as usize], BMP_KEEP, "U+{u:04X}");
            let c = char::from_u32(u).unwrap();
            assert!((0xE4..=0xE9).contains(&c.to_string().as_bytes()[0]));
        }
        // Runs of ideographs of every length, between other characters,
        // come out as NFKC makes them.
        for n in 0..30 {
            let run: String = "中国经济㐀䶵鿿".chars().cycle().take(n).collect();
            for around in ["", "，", "Ａ", "\n", "ｶﾞ"] {
                let s = format!("{around}{run}{around}{run}ﾊﾟ{around}");
                assert_eq!(nfkc(&s), s.nfkc().collect::<String>(), "{s:?}");
            }
        }
    }

    #[test]
    fn nfkc_turns_fullwidth_plus_into_ascii() {
        let c = builtin().clean("推进“互联网＋”行动，增长１２％");
        assert!(c.text.contains("互联网+"), "{}", c.text);
        assert!(c.text.contains("12%"), "{}", c.text);
    }

    #[test]
    fn web_widgets_and_source_lines_go() {
        let raw = "下载\n打印\n全屏\n收藏\n【字号：\n加大\n还原\n减小\n】\n2026年某省政府工作报告\n来源：某某日报\n时间：2026-02-02\n某某同志作政府工作报告。本报记者 某某摄\n各位代表：\n正文第一段。\n相关报道：";
        let c = builtin().clean(raw);
        assert_eq!(
            c.text, "2026年某省政府工作报告\n各位代表:\n正文第一段。",
            "cleaned: {:?}",
            c.text
        );
        assert_eq!(
            c.chars_removed,
            raw.chars().count() - c.text.chars().count()
        );
    }

    #[test]
    fn wikisource_footer_is_cut() {
        let raw = "正文。\n\n\n\n最后一段。\n\n\n\n本作品是中华人民共和国的\n法律\n、\n法规\n。\n\nPublic domain\nPublic domain\nfalse\nfalse";
        let c = builtin().clean(raw);
        assert_eq!(c.text, "正文。\n\n最后一段。");
    }

    #[test]
    fn body_lines_that_look_like_chrome_outside_the_zone_stay() {
        // A body paragraph far from the head that happens to read like a
        // source line must not be dropped: head rules only see the head.
        let mut raw = String::from("标题\n");
        for i in 0..60 {
            raw.push_str(&format!("第{i}段。\n"));
        }
        raw.push_str("来源:统计公报\n结尾。");
        let c = builtin().clean(&raw);
        assert!(c.text.contains("来源:统计公报"));
    }

    #[test]
    fn user_rules_extend_and_report_bad_lines() {
        let mut rules = builtin();
        rules
            .add_toml(
                "[[rule]]\nname = \"x\"\naction = \"drop_line\"\npattern = \"^广告\"\n",
                Path::new("user.toml"),
            )
            .unwrap();
        assert_eq!(rules.clean("正文\n广告:买\n完").text, "正文\n完");
        let err = rules
            .add_toml(
                "[[rule]]\nname = \"y\"\naction = \"explode\"\npattern = \"a\"\n",
                Path::new("bad.toml"),
            )
            .unwrap_err();
        assert!(err.to_string().starts_with("bad.toml:3:"), "{err}");
    }

    #[test]
    fn line_rule_fields_are_refused_on_replace_rules() {
        // A replace rule with one more field: the error the rules file gives.
        let error = |field: &str| {
            let toml = format!(
                "[[rule]]\nname = \"r\"\naction = \"replace\"\npattern = \"a\"\nwith = \"\"\n{field}\n"
            );
            builtin()
                .add_toml(&toml, Path::new("user.toml"))
                .unwrap_err()
                .to_string()
        };
        let e = error("keeps_date = true");
        assert!(
            e.contains("`keeps_date` applies to action `drop_line` only"),
            "{e}"
        );
        let e = error("drops_listing = true");
        assert!(
            e.contains("`drops_listing` applies to action `drop_line` only"),
            "{e}"
        );
        let e = error("unless = \"b\"");
        assert!(e.contains("`unless` applies to line rules only"), "{e}");
    }

    #[test]
    fn publication_stamps_dropped_as_chrome_are_kept_for_their_date() {
        let c = builtin().clean(
            "示例市政府工作报告\n发布时间：2019-01-15 10:30 来源：示例市人民政府 浏览次数：120\n2024年5月1日 星期三\n各位代表：\n正文。",
        );
        assert_eq!(c.text, "示例市政府工作报告\n各位代表:\n正文。");
        // The stamp is kept; the date a site's header shows is not.
        assert_eq!(
            c.dated_lines,
            ["发布时间:2019-01-15 10:30 来源:示例市人民政府 浏览次数:120"]
        );
        // At most MAX_DATED_LINES lines are kept.
        let many: String = (1..=9)
            .map(|d| format!("发布时间:2019-01-0{d}\n"))
            .collect();
        let c = builtin().clean(&format!("{many}正文。"));
        assert_eq!(c.dated_lines.len(), MAX_DATED_LINES);
        assert_eq!(c.dated_lines[0], "发布时间:2019-01-01");
    }

    #[test]
    fn fast_nfkc_equals_full_nfkc() {
        for s in [
            "推进“互联网＋”行动，增长１２％……",
            "café résumé",
            "한국어 텍스트",
            "ｶﾞｷﾞ がぎ",
            "①㎡℃ ﬁ ½ ·×",
            "（一）因地制宜发展新质生产力，加快建设现代化产业体系。",
            "\u{3000}\u{3000}各位代表：",
            "第一行，全角\n第二行 café，还有①\n第三行 e\u{301}（组合）\n末行",
            "\u{AC00}\u{11A8}\n한국어",
        ] {
            let full: String = s.nfkc().collect();
            assert_eq!(nfkc(s), full, "{s}");
        }
    }

    #[test]
    fn fast_nfkc_equals_full_nfkc_for_every_bmp_character() {
        // Each character between Han text, alone on a line, and before a
        // combining mark (which composition may join with it).
        let mut text = String::new();
        for u in 0x80..=0xFFFFu32 {
            let Some(c) = char::from_u32(u) else { continue };
            text.clear();
            text.push_str("中文");
            text.push(c);
            text.push_str("文字\n");
            text.push(c);
            text.push('\n');
            text.push(c);
            text.push('\u{301}');
            let full: String = text.nfkc().collect();
            assert_eq!(nfkc(&text), full, "U+{u:04X}");
        }
    }

    #[test]
    fn blank_runs_collapse_and_lines_are_trimmed() {
        let c = Rules::default().clean("  a  \n\n\n\n  b\n \n");
        assert_eq!(c.text, "a\n\nb");
    }
}

#[cfg(test)]
mod chrome_rule_tests {
    //! One case per rule for the chrome of government sites, data vendors
    //! and converters: the input, the expected text, and the rule that must
    //! have removed something.
    use super::*;

    /// Body lines before the case, so that the text is a one-paragraph-
    /// per-line document like a real page (tiny texts would be joined by
    /// the wrapped-lines rule).
    const PAD: &str = "第一段。\n第二段。\n第三段。\n";

    fn check(rule: &str, raw: &str, want: &str) {
        check_after(PAD, rule, raw, want);
    }

    /// `raw` after `pad` is cleaned to `want` after `pad`, and `rule` (or
    /// one of `a|b`) removed something.
    fn check_after(pad: &str, rule: &str, raw: &str, want: &str) {
        let c = Rules::builtin().unwrap().clean(&format!("{pad}{raw}"));
        assert_eq!(c.text, format!("{pad}{want}"), "rule {rule}: {raw:?}");
        assert!(
            c.removed_by
                .iter()
                .any(|(n, k)| rule.split('|').any(|r| r == n) && *k > 0),
            "rule {rule} removed nothing: {:?}",
            c.removed_by
        );
        let by_rules: u32 = c.removed_by.iter().map(|(_, n)| n).sum();
        assert_eq!(by_rules as usize, c.chars_removed, "{:?}", c.removed_by);
    }

    const BODY: &str = "各位代表:\n现在,我代表市人民政府作报告。";

    #[test]
    fn vendor_watermarks_in_their_forms() {
        for wm in [
            "来自马克数据网",
            "微信公众号“马克 数据网”",
            "(来 自 马 克 数 据 网)",
            "该数据由【马克数据网】整理",
            "数据由“马 克 团 队”整理",
            "来源:百度“马 克 数据网”",
            "来自:www.macrodatas.cn",
            "(macrodatas.cn) (来 自 马 克 数 据 网) 来源:“马 克 团 队”",
            "来自马\t克数据网",
            "来自马克\t数据网",
            "来自“马克 团队”",
        ] {
            check(
                "vendor-watermark",
                &format!("{BODY}\n{wm}\n结尾。"),
                &format!("{BODY}\n结尾。"),
            );
        }
        // At the end of a body line, only the watermark goes.
        check(
            "vendor-watermark",
            "而努力奋斗! 来源:百度搜索“马克数据网”",
            "而努力奋斗!",
        );
        // A company name in the body is not a watermark.
        let c = Rules::builtin()
            .unwrap()
            .clean("加快托克马克数据服务等项目建设。");
        assert_eq!(c.text, "加快托克马克数据服务等项目建设。");
    }

    #[test]
    fn editor_notes_footnotes_and_banners() {
        check("editor-note", "全文完。(责任编辑:王某)", "全文完。");
        // Each word of the note, with spaces and brackets (its triggers are
        // the words, so that 学校 and 编制 in a body are not searched around).
        for note in [
            "(编辑:王某)",
            "【 校对 :李某】",
            "[审核:张某]",
            "(审校: 赵某)",
            "(责编:刘某)",
        ] {
            check("editor-note", &format!("全文完。{note}"), "全文完。");
        }
        check(
            "footnote-markers",
            "加快发展新质生产力[11],推动高质量发展[2]。",
            "加快发展新质生产力,推动高质量发展。",
        );
        check(
            "pdf-converter-banner",
            "Evaluation Warning : The document was created with Spire.PDF for .NET.\n政府工作报告",
            "政府工作报告",
        );
        check(
            "leave-site-dialog",
            "正文。\n您访问的链接即将离开“示例市人民政府”门户网站 是否继续?\n继续访问\n放弃",
            "正文。",
        );
    }

    #[test]
    fn government_site_chrome() {
        check(
            "site-menu-line",
            "长者模式 | 繁體中文 | EN | 无障碍\n政府工作报告",
            "政府工作报告",
        );
        check("site-menu-line", "繁 EN\n政府工作报告", "政府工作报告");
        check(
            "breadcrumb",
            "首页>市政府>政府工作报告\n2003年示例市政府工作报告",
            "2003年示例市政府工作报告",
        );
        check(
            "font-size-widget",
            "【字体:大中小】 打印\n政府工作报告",
            "政府工作报告",
        );
        // The same widgets one piece per line, with a breadcrumb's lone >
        // and labels whose values stand on lines of their own.
        check_after(
            "",
            "page-widgets|article-info-line",
            ">\n示例要闻\n2026-02-03 09:02:33\n【字体:\n大\n中\n小\n】\n分享:\n阅读量:\n发表时间:\n政府工作报告",
            "示例要闻\n政府工作报告",
        );
        check_after(
            "",
            "article-info-line",
            "2026年02月10日 07时41分\n示例日报\n政府工作报告",
            "示例日报\n政府工作报告",
        );
        // A date without a time (a delivery date under the title) stays, as
        // do body lines with a time or a source: they are no page headers.
        let rules = Rules::builtin().unwrap();
        for kept in [
            "政府工作报告\n2019年1月15日\n各位代表:",
            "政府工作报告\n2019.01.15\n各位代表:",
            "2024年示例市政府工作报告\n各位代表:\n2023年1月5日 9:30,全市召开动员大会,打印和分享了文件。",
            "政府工作报告\n会议于2024年1月10日 9:00开幕(来源:大会秘书处)。",
        ] {
            assert_eq!(rules.clean(kept).text, kept);
        }
        // The same header on lines of its own, in a text of blank-line
        // paragraphs (whose wrapped lines are joined): the title, the page
        // header and the widgets are not joined into one line.
        check_after(
            "",
            "article-info-line|page-widgets",
            "示例市政府工作报告(2024年1月18日 张三)\n2024年02月02日 15:22   来源:示例日报   \n[手机看新闻][字号 大 中 小][打印本稿]\n——2024年1月18日在示例市第六届人民代表大会第三次会议上\n\n市长 张三\n\n各位代表:\n\n我代表市人民政府,向大会报告工作,\n请予审议。\n\n一、2023年工作回顾\n\n过去的一年,\n我们迎难而上。",
            "示例市政府工作报告(2024年1月18日 张三)\n——2024年1月18日在示例市第六届人民代表大会第三次会议上\n\n市长 张三\n\n各位代表:\n\n我代表市人民政府,向大会报告工作,请予审议。\n\n一、2023年工作回顾\n\n过去的一年,我们迎难而上。",
        );
        // A page header of any order with a time stamp and a page word.
        for header in [
            "【字体:大 中 小】打印打印2024-02-04 11:41:44 来源: 示例市人民政府办公室",
            "来源: 示例市人民政府办公室访问量:883发布时间: 2024-02-05 14:39字体【 大  中  小 】",
            "发布时间: 2024-01-15 14:54 浏览量:162 来源:示例市海洋与渔业局加大字体 缩小字体 收藏 打印 分享",
        ] {
            check(
                "page-header-stamp",
                &format!("2024年示例市政府工作报告\n{header}\n{BODY}"),
                &format!("2024年示例市政府工作报告\n{BODY}"),
            );
        }
        check(
            "site-domain-banner",
            "example.gov.cn The People's Government of Example City\n政府工作报告",
            "政府工作报告",
        );
        check(
            "article-info-line",
            "2013-01-18 10:54:40 来源:市人民政府办公室\n政府工作报告",
            "政府工作报告",
        );
        check(
            "article-info-line|source-and-time-lines",
            "时间:2015-04-21 作者:办公室 阅读:1234 评论:0\n政府工作报告",
            "政府工作报告",
        );
        check(
            "article-info-line|source-and-time-lines",
            "发布时间:2016-02-19 浏览次数:567 信息来源:区政府办\n政府工作报告",
            "政府工作报告",
        );
        check(
            "page-tools",
            "而努力奋斗!\n扫一扫在手机打开当前页\n打印本页\n关闭窗口",
            "而努力奋斗!",
        );
        check(
            "page-tools",
            "而努力奋斗!\n点击下载PDF版本\n新媒体矩阵\n<5闽政通APP",
            "而努力奋斗!",
        );
        check(
            "sidebar-blocks",
            "而努力奋斗!\n阅读排行\n某某新闻\n标签云\n经济",
            "而努力奋斗!",
        );
        check(
            "sidebar-blocks",
            "而努力奋斗!\n相关链接>>\n某某解读政府工作报告",
            "而努力奋斗!",
        );
        check(
            "page-tools|sidebar-blocks",
            "而努力奋斗!\n》》点击图片进入专题《《\n收藏\n|\n×\n相关文档:",
            "而努力奋斗!",
        );
        check(
            "site-footer",
            "而努力奋斗!\n版权所有@示例市人民政府网\n主办:示例市人民政府办公室\nICP备案编号:琼ICP备00000000号-1 政府网站标识码:0000000000",
            "而努力奋斗!",
        );
        // A 主办 line that names one office or site, or that holds another
        // footer field, starts the footer.
        for footer in [
            "主办:示例市人民政府办公室 开发维护:示例市党政综合网络信息中心",
            "主办单位:示例市人民政府办公室 承办单位:示例市数字发展中心",
            "主办:示例市人民政府",
            "主办单位:示例市人民政府门户网站",
            "主办:示例市人民政府办公室 电话:0000-0000000",
        ] {
            check(
                "site-footer",
                &format!("而努力奋斗!\n{footer}\n某某路1号"),
                "而努力奋斗!",
            );
        }
        // A report's list of projects names each one's lead departments
        // the same way: the list is the report's own text and stays.
        for item in [
            "主办单位:市水务局,各县(区)人民政府",
            "主办单位:思茅区人民政府,市住房城乡建设局",
            "主办单位:市扶贫办",
            "主办单位:市残联、市民政局",
            "主办单位:市教体局,各县市区人民政府。",
        ] {
            let text = format!(
                "而努力奋斗!\n附件\n一、农村供水保障\n目标任务:建设120件集中供水工程。\n{item}\n二、学前教育普及普惠项目\n目标任务:新建13所幼儿园。\n{item}"
            );
            let out = Rules::builtin().unwrap().clean(&format!("{PAD}{text}"));
            assert_eq!(out.text, format!("{PAD}{text}"), "{item}");
        }
    }

    #[test]
    fn page_tool_rows_and_official_document_heads_and_feet() {
        for row in [
            "【打印本页】 【关闭窗口】",
            "【打印本页】【关闭窗口】",
            "[打印] [关闭]",
            "打印本页 | 关闭窗口",
            "打印本页 关闭窗口",
        ] {
            check_tail(
                "page-tool-row",
                &format!("而努力奋斗!\n{row}"),
                "而努力奋斗!",
            );
        }
        // Words of a sentence stay.
        let kept = "而努力奋斗!\n打印机和关闭的工厂";
        let out = Rules::builtin().unwrap().clean(&format!("{PAD}{kept}"));
        assert_eq!(out.text, format!("{PAD}{kept}"));
        check(
            "official-document-head",
            "示例县人民政府文件\n示政〔2021〕3号\n2021年示例县政府工作报告\n各位代表:",
            "2021年示例县政府工作报告\n各位代表:",
        );
        check(
            "official-document-head",
            "示例县第十六届人民代表大会第三次会议文件(2)\n政府工作报告\n各位代表:",
            "政府工作报告\n各位代表:",
        );
        check_tail(
            "official-document-foot",
            "而努力奋斗!\n(此件公开发布)\n抄送:县委各部门,县人大常委会办公室。\n示例县人民政府办公室 2020年1月20日印发",
            "而努力奋斗!",
        );
    }

    /// In a text whose paragraphs are separated by blank lines (its
    /// wrapped lines joined), the red head and the foot still go: they are
    /// removed before the lines are joined.
    #[test]
    fn official_document_head_and_foot_in_a_blank_line_separated_text() {
        let body: String = (0..12)
            .map(|i| format!("第{i}段的文字在这里,\n换行之后接着写。\n\n"))
            .collect();
        let raw = format!(
            "示例市人民政府文件\n\n示政〔2016〕30号\n\n{body}(此件公开发布)\n\n抄送:市委各部门。\n\n示例市人民政府办公厅 2016年2月20日印发"
        );
        let c = Rules::builtin().unwrap().clean(&raw);
        for gone in ["人民政府文件", "〔2016〕", "此件公开发布", "抄送", "印发"] {
            assert!(!c.text.contains(gone), "{gone}: {}", c.text);
        }
        assert!(
            c.text.contains("第0段的文字在这里,换行之后接着写。"),
            "{}",
            c.text
        );
    }

    #[test]
    fn wikisource_notes_on_missing_glyphs() {
        check(
            "wikisource-missing-glyph-notes",
            "而奋斗!\n字库未存字注释:\n@1原字石右加安\n@2原字钅右加夕",
            "而奋斗!",
        );
    }

    #[test]
    fn news_copies_and_attachment_links() {
        check(
            "page-tools|page-tool-row",
            "而努力奋斗!\n【纠错】\n[纠错]",
            "而努力奋斗!",
        );
        check(
            "attachment-links",
            "而努力奋斗!\n附件:示例市2024年政府工作报告.pdf",
            "而努力奋斗!",
        );
        check(
            "attachment-links",
            "而努力奋斗!\n相关附件 1. 政府工作报告(全文).DOCX\n附件2、图解.jpg",
            "而努力奋斗!\n附件2、图解.jpg",
        );
        check(
            "editor-note",
            "【编者按】1月10日,示例市召开人代会。以下为报告全文。\n政府工作报告",
            "政府工作报告",
        );
        check(
            "editor-note",
            "编者按:以下为报告全文。\n政府工作报告",
            "政府工作报告",
        );
        check(
            "agency-lead",
            "新华社北京3月5日电 (记者某某)政府工作报告",
            "政府工作报告",
        );
        check("emoji-lines", "而努力奋斗!\n🔥🔥🔥\n👍", "而努力奋斗!");
        for mark in [
            "- # -",
            "-#-",
            "#",
            "(完)",
            "【完】",
            "〔全文完〕",
            "—完—",
            "--完--",
        ] {
            check(
                "news-end-mark",
                &format!("而努力奋斗!\n{mark}"),
                "而努力奋斗!",
            );
        }
        // NFKC first: the full-width forms are the same marks.
        check("news-end-mark", "而努力奋斗!\n（完）", "而努力奋斗!");
        check("news-end-mark", "而努力奋斗!\n—#—\n", "而努力奋斗!");
        // Not chrome: an attachment the report speaks of, a sentence with
        // 编者按 later in it, an agency named in a sentence, emoji in a line
        // of text.
        let rules = Rules::builtin().unwrap();
        for kept in [
            "附件中的数据以统计公报为准。",
            "我们读到编者按:这一说法。",
            "据新华社北京3月5日电,大会开幕。",
            "为建设美好家园而奋斗🔥",
            // An end mark's characters in a line of text, or far from the
            // end, stay.
            "二是完善机制(完)。",
            "完",
        ] {
            let text = format!("{PAD}{kept}\n而努力奋斗!");
            assert_eq!(rules.clean(&text).text, text, "{kept}");
        }
    }

    #[test]
    fn menus_weather_page_numbers_and_share_bars() {
        check(
            "site-menu-words",
            "示例市人民政府\n首页 市政府 政务公开 解读回应 办事服务\n政 府 工 作 报 告",
            "示例市人民政府\n政 府 工 作 报 告",
        );
        check(
            "date-and-weather",
            "2023年7月16日 星期日\n示例市阴29.7°C\n政府工作报告",
            "政府工作报告",
        );
        check(
            "page-number-lines",
            "发展数字经济。\n- 20 -\n推进乡村振兴。\n—31 —\n第3页 共10页\n建设美好家园。",
            "发展数字经济。\n推进乡村振兴。\n建设美好家园。",
        );
        check("bare-page-number-at-end", "而努力奋斗!\n26", "而努力奋斗!");
        check(
            "table-of-contents-heading|table-of-contents",
            "目 录\n一、2023年工作回顾 ........................ 1\n二、2024年工作安排··········8\n第三部分 政府自身建设 . . . . . 21\n各位代表:\n一、2023年工作回顾\n全市生产总值增长5.2%。",
            "各位代表:\n一、2023年工作回顾\n全市生产总值增长5.2%。",
        );
        check(
            "table-of-contents-tabs",
            "（一）着力扩大有效需求\t9\n第三部分 政府自身建设\t21\n各位代表:",
            "各位代表:",
        );
        // A table of contents without page numbers: the entries that the
        // report opens again as headings go with its 目录 ...
        check(
            "table-of-contents-heading",
            "目 录\n一、2023年工作回顾\n\n二、2024年工作安排\n三、政府自身建设\n各位代表:\n一、2023年工作回顾\n全市生产总值增长5.2%。\n二、2024年工作安排\n发展数字经济。\n三、政府自身建设\n依法行政。",
            "各位代表:\n一、2023年工作回顾\n全市生产总值增长5.2%。\n二、2024年工作安排\n发展数字经济。\n三、政府自身建设\n依法行政。",
        );
        // ... from the top of the listing to the first line that does not
        // come again; one such line alone is no listing; and a 目录 whose
        // next lines are not repeated loses only itself.
        let rules = Rules::builtin().unwrap();
        assert_eq!(
            rules
                .clean("目录\n一、工作回顾\n二、工作安排\n各位代表:\n一、工作回顾\n正文。\n二、工作安排\n正文。")
                .text,
            "各位代表:\n一、工作回顾\n正文。\n二、工作安排\n正文。"
        );
        assert_eq!(
            rules
                .clean("目录\n一、工作回顾\n各位代表:\n一、工作回顾\n正文。")
                .text,
            "一、工作回顾\n各位代表:\n一、工作回顾\n正文。"
        );
        // A text saved twice over under a 目录 is no table of contents.
        let short: Vec<String> = (0..100).map(|i| format!("第{i}行。")).collect();
        let twice = format!("目录\n{}\n{}", short.join("\n"), short.join("\n"));
        assert_eq!(rules.clean(&twice).text, twice["目录\n".len()..]);
        assert_eq!(
            rules
                .clean("目录\n一、工作回顾\n二、工作安排\n各位代表:\n正文。")
                .text,
            "一、工作回顾\n二、工作安排\n各位代表:\n正文。"
        );
        // Word's leader of ellipses (…… is ...... after NFKC).
        let toc = "第一段。\n目录\n二、2024年工作安排……………………8\n各位代表:";
        assert_eq!(
            Rules::builtin().unwrap().clean(toc).text,
            "第一段。\n各位代表:"
        );
        // Body lines with dots or a tab and a number stay.
        let body = "第一段。\n第二段。\n第三段。\n增长率为......5.2%。\n地区生产总值\t5.2\n目录管理不断完善。";
        assert_eq!(Rules::builtin().unwrap().clean(body).text, body);
        check(
            "pager-lines",
            "发展数字经济。\n上一页 1 2 3 下一页\n推进乡村振兴。\n共3页 第2页 首页 上一页 [1] [2] [3] 下一页 尾页\n而努力奋斗!\n« 上一页 | 下一页 »",
            "发展数字经济。\n推进乡村振兴。\n而努力奋斗!",
        );
        // A sentence that speaks of pages stays.
        let prose = "翻开新的一页\n下一页更精彩。";
        assert_eq!(Rules::builtin().unwrap().clean(prose).text, prose);
        check(
            "site-menu-bar",
            "首页 | 政务公开 | 政务服务 | 互动交流 | 走进平阳\n首页丨新闻中心丨信息公开\n首页 · 政务公开 · 办事服务\n2019年示例县政府工作报告",
            "2019年示例县政府工作报告",
        );
        // A title or heading with separators, two items, a table row of
        // numbers, and a name with its middle dot stay.
        let kept = "政府工作报告 | 示例县人民政府 | 2019\n创新·协调·绿色·开放·共享\n首页 | 政务公开\n产值 | 2019 | 2020\n阿卜杜·热合曼·买买提\n各位代表:";
        assert_eq!(Rules::builtin().unwrap().clean(kept).text, kept);
        check_tail(
            "site-menu-bar-foot",
            "而努力奋斗!\n关于我们 | 联系我们 | 使用帮助",
            "而努力奋斗!",
        );
        check_tail(
            "previous-next-article",
            "而努力奋斗!\n上一篇:示例县人民政府关于印发2019年重点工作任务的通知\n下一篇:示例县2018年国民经济和社会发展统计公报\n上一篇:没有了\n< 下一篇 >",
            "而努力奋斗!",
        );
        // A sentence opening with 下一篇 in the body stays.
        let prose = format!("{}下一篇文章要写好。\n而努力奋斗!", "第一段。\n".repeat(40));
        assert_eq!(Rules::builtin().unwrap().clean(&prose).text, prose);
        check(
            "follow-account",
            "而努力奋斗!关注公众号\n高度关注民生。",
            "而努力奋斗!\n高度关注民生。",
        );
        check("follow-account", "而努力奋斗!https:///", "而努力奋斗!");
        check(
            "follow-account",
            "而努力奋斗!\n关注\nhttps:///",
            "而努力奋斗!",
        );
    }

    /// [`check`] for a tail rule: the text is long enough that no head
    /// rule reaches its end.
    fn check_tail(rule: &str, raw: &str, want: &str) {
        let pad: String = (0..40).map(|i| format!("第{i}段。\n")).collect();
        check_after(&pad, rule, raw, want);
    }

    #[test]
    fn wechat_article_chrome() {
        check(
            "wechat-byline",
            "原创 示例发布 示例发布 2023-01-10 08:00 发表于某省\n政府工作报告",
            "政府工作报告",
        );
        check(
            "wechat-byline",
            "示例市人民政府 2023-01-10 18:30\n政府工作报告",
            "政府工作报告",
        );
        // As a saved page gives it, the spaces between Han characters and
        // digits gone.
        check(
            "wechat-byline",
            "原创示例发布2016-01-20 08:00发表于某省\n政府工作报告",
            "政府工作报告",
        );
        // A title with the page's time stamp on its line is no byline (the
        // head reads the stamp as the publication date).
        let titled = "示例市政府工作报告 2023-01-10 18:30\n各位代表:";
        assert_eq!(Rules::builtin().unwrap().clean(titled).text, titled);
        check(
            "wechat-follow-prompt",
            "点击上方蓝字关注我们\n↑点击上方“示例发布”关注我们\n政府工作报告",
            "政府工作报告",
        );
        check(
            "wechat-footer",
            "而努力奋斗!\n长按识别二维码关注我们\n阅读原文\n分享\n收藏\n点赞 在看",
            "而努力奋斗!",
        );
        check_tail(
            "article-credits",
            "而努力奋斗!\n来源:某某日报\n编辑:某某\n审核:某某\n监制:某某\n长按识别二维码关注我们",
            "而努力奋斗!",
        );
        check_tail(
            "article-credits",
            "而努力奋斗!\n(来源:某某日报)\n编辑:某某",
            "而努力奋斗!",
        );
        // A source note of the body stays.
        check_tail(
            "article-credits",
            "注:数据来源于统计公报。\n来源:统计公报\n而努力奋斗!\n编辑:某某",
            "注:数据来源于统计公报。\n来源:统计公报\n而努力奋斗!",
        );
        // The editor's name on a line of its own, then related links.
        check_tail(
            "article-credits",
            "而努力奋斗!\n责任编辑:\n某某某\n相关附件>>\n相关链接>>\n0123abcd:\n某某热议政府工作报告",
            "而努力奋斗!",
        );
        // Report lines that speak of the same things stay.
        let prose = "各位代表:\n2023年1月10日 全市召开大会。\n关注民生,点滴做起。\n审核制度改革取得进展。\n分享发展成果。\n点赞基层干部。\n编辑出版地方志。\n来源于人民,服务人民。";
        assert_eq!(Rules::builtin().unwrap().clean(prose).text, prose);
    }

    #[test]
    fn triggers_hold_on_the_real_corpora() {
        // Every match of a replace rule holds one of its triggers: checked
        // on every match in every text of the real corpora (NFKC, before
        // any rule).
        let Some(documents) = normalised_real_corpora() else {
            return;
        };
        let rules = Rules::builtin().unwrap();
        let mut checked = 0;
        for d in &documents {
            for r in rules.rules().iter().filter(|r| !r.triggers.is_empty()) {
                for m in r.pattern.find_iter(&d.text) {
                    checked += 1;
                    assert!(
                        r.triggers.iter().any(|t| m.as_str().contains(t.as_str())),
                        "{} matches {:?} in {} without a trigger",
                        r.name,
                        m.as_str(),
                        d.doc_id
                    );
                }
            }
        }
        assert!(checked > 100, "{checked}");
    }

    /// The documents of the real corpora in NFKC, no rule applied (`None`,
    /// said, when the corpora are not there; a failure under CI).
    fn normalised_real_corpora() -> Option<Vec<crate::corpus::Document>> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
        if !dir.is_dir() {
            assert!(std::env::var("CI").is_err(), "CI: no real corpora");
            eprintln!("SKIPPED: no real corpora");
            return None;
        }
        let opts = crate::corpus::LoadOptions {
            rules: Rules::default(),
            t2s: crate::corpus::convert::T2sMode::Never,
            ..crate::corpus::LoadOptions::builtin().unwrap()
        };
        let mut documents = Vec::new();
        for c in ["national", "provincial-2026", "panjin", "cities-2003-2024"] {
            documents.extend(crate::corpus::load(&dir.join(c), &opts).unwrap().documents);
        }
        Some(documents)
    }

    #[test]
    fn seen_holds_every_character_of_the_normalised_text() {
        // A Bloom filter may say yes wrongly, never no wrongly: every
        // character of the output is held, for texts that take each path
        // (fast runs, the table, decomposition, a line through the full
        // algorithm) and for every BMP character after ASCII and Han.
        let mut texts: Vec<String> = [
            "推进“互联网＋”行动，增长１２％……\u{200B}\u{FEFF}\u{AD}",
            "第一行，全角\n第二行 café，还有①\n第三行 e\u{301}（组合）\n末行\r\n\u{2028}\u{c}",
            "\u{AC00}\u{11A8}\n한국어 ｶﾞｷﾞ ﬁ ½ 𠀀𪚥",
            // Lengthened (…, ①) before a character the line is redone for.
            "前…①ﬁ e\u{301}… 后\n次行…ｶﾞ\n末…",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        texts.push(
            (0x80..0x10000u32)
                .filter_map(char::from_u32)
                .flat_map(|c| ['a', c, '中'])
                .collect(),
        );
        for t in &texts {
            let n = nfkc_seen(t);
            let (out, seen) = (n.text, n.seen);
            assert_eq!(n.chars_in, t.chars().count(), "{t:?}");
            assert_eq!(n.chars_out, out.chars().count(), "{t:?}");
            for c in out.chars() {
                assert!(seen.may_hold(c), "U+{:04X} in {t:?}", c as u32);
            }
        }
        // And it tells: a Chinese text without them holds none of these.
        let seen = nfkc_seen("（一）因地制宜发展新质生产力，加快建设现代化产业体系。").seen;
        let refused = ['\u{200B}', '\u{FEFF}', '#', '[', '\r', '\u{2028}']
            .iter()
            .filter(|&&c| !seen.may_hold(c))
            .count();
        assert!(refused >= 5, "{refused}");
    }

    #[test]
    fn characters_a_replacement_brings_are_searched_for() {
        // `#` and `:` are not in the text NFKC saw; the first rule brings
        // them, and the rules after it still find them.
        let mut rules = Rules::default();
        rules
            .add_toml(
                r##"
[[rule]]
name = "a"
action = "replace"
pattern = "甲"
with = "#:"
triggers = ["甲"]

[[rule]]
name = "b"
action = "replace"
pattern = "#"
with = ""
triggers = ["#"]

[[rule]]
name = "c"
action = "drop_line"
pattern = "^:乙$"
"##,
                Path::new("test.toml"),
            )
            .unwrap();
        assert_eq!(rules.clean("甲乙\n正文").text, "正文");
    }

    #[test]
    fn line_starts_hold_on_the_rules_and_the_real_corpora() {
        let rules = Rules::builtin().unwrap();
        let with: Vec<&Rule> = rules
            .rules()
            .iter()
            .filter(|r| r.starts.is_some())
            .collect();
        assert!(with.len() >= 10, "{}", with.len());
        // Unanchored patterns have none; an anchored one with a wide class
        // first neither.
        assert!(Starts::of("报告$").is_none());
        assert!(Starts::of(r"^\p{Han}{2}").is_none());
        let s = Starts::of("^(相关报道|相关新闻|延伸阅读)\\s*:?$").unwrap();
        assert!(s.starts("相关新闻:") && s.starts("延伸阅读") && !s.starts("报告"));
        // Strings cut after six bytes keep whole characters (`a中` of `a中文`).
        let s = Starts::of("^(a中文件|b)$").unwrap();
        assert!(s.starts("a中x") && s.starts("b") && !s.starts("a文"));
        // Every line of the real corpora a rule with starts matches starts
        // with one of them.
        let Some(documents) = normalised_real_corpora() else {
            return;
        };
        let mut matched = 0;
        for d in &documents {
            for l in d.text.lines().map(str::trim) {
                for r in &with {
                    if r.pattern.is_match(l) {
                        matched += 1;
                        assert!(r.starts.as_ref().unwrap().starts(l), "{}: {l}", r.name);
                    }
                }
            }
        }
        assert!(matched > 50, "{matched}");
    }

    #[test]
    fn cleaning_counts_the_script_of_what_it_returns() {
        // The counts the cleaning takes (and the loader uses instead of
        // counting again) are those of the text it returns, with rules that
        // drop lines, replace and join, and on the real corpora.
        let rules = Rules::builtin().unwrap();
        let mut texts: Vec<String> = [
            "政府工作報告\n——2016年2月19日在海拉爾區\n各位代表：\n發展國民經濟。\n（責任編輯：王某）\n",
            "首页 | 新闻 | 政务公开\n政府工作报告\n　　推进“互联网＋”行动。\n\n\n版权所有：某市人民政府\n",
            "",
        ]
        .map(String::from)
        .to_vec();
        if let Some(documents) = normalised_real_corpora() {
            texts.extend(documents.into_iter().map(|d| d.text));
        }
        for t in &texts {
            let c = rules.clean(t);
            assert_eq!(
                c.script,
                crate::corpus::convert::count_script(&c.text),
                "{}",
                t.chars().take(40).collect::<String>()
            );
        }
    }

    #[test]
    fn bom_and_no_break_spaces_anywhere() {
        let c = Rules::builtin().unwrap().clean(
            "\u{feff}各位代表:\n现在,\u{feff}我代表\u{a0}市人民政府作报告。\n一、回顾\n正文。",
        );
        assert_eq!(
            c.text,
            "各位代表:\n现在,我代表 市人民政府作报告。\n一、回顾\n正文。"
        );
        assert!(!c.text.contains('\u{feff}') && !c.text.contains('\u{a0}'));
    }
}

#[cfg(test)]
mod speed_tests {
    use super::*;

    #[test]
    fn shipped_line_rules_that_see_every_line_are_bounded() {
        // A line rule over the whole text runs on every line; anchored and
        // bounded, it skips the long paragraph lines without a search.
        let rules = Rules::builtin().unwrap();
        let unbounded: Vec<&str> = rules
            .rules()
            .iter()
            .filter(|r| !matches!(r.action, Action::Replace | Action::JoinWrappedLines))
            .filter(|r| r.zone == Zone::All && r.max_line.is_none())
            .map(|r| r.name.as_str())
            .collect();
        assert!(unbounded.is_empty(), "{unbounded:?}");
        let join = rules
            .rules()
            .iter()
            .filter(|r| r.action == Action::JoinWrappedLines);
        for r in join {
            assert!(r.max_line.is_some(), "{}", r.name);
        }
    }
}

#[cfg(test)]
mod needs_tests {
    use super::{Needs, Rules, needed_strings};

    fn needs(pattern: &str) -> Option<Vec<String>> {
        let hir = regex_syntax::Parser::new().parse(pattern).unwrap();
        needed_strings(&hir).map(|set| {
            set.into_iter()
                .map(|s| String::from_utf8(s).unwrap())
                .collect()
        })
    }

    #[test]
    fn needed_strings_by_hand() {
        let set = |v: &[&str]| Some(v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        // The fewest strings, then the longest, among a concatenation's parts.
        assert_eq!(needs("ab(c|d)"), set(&["ab"]));
        assert_eq!(needs("(c|d)x"), set(&["x"]));
        assert_eq!(
            needs(r"^(?:(?:时间|日期)\s*:\s*)?\d{4}[-/](?:(?:来源|作者)\s*:.{0,40})+$"),
            set(&[":"])
        );
        assert_eq!(needs(r"^\d{4}年\d{1,2}月"), set(&["年"]));
        // A union; a string holding another one is replaced by it.
        assert_eq!(needs("(foo|foobar)"), set(&["foo"]));
        assert_eq!(needs("^(上一页|下一页)$"), set(&["上一页", "下一页"]));
        assert_eq!(needs(r"x\.gov\.cn|备案号"), set(&["x.gov.cn", "备案号"]));
        // `(?i)` letters are small classes.
        assert_eq!(needs("(?i)gov"), set(&["G", "g"]));
        // Nothing known: optional parts, wide classes, a branch without one,
        // too many strings.
        assert_eq!(needs("a?b*"), None);
        assert_eq!(needs(r"\d+"), None);
        assert_eq!(needs(r"^\p{Han}{2,6}$"), None);
        assert_eq!(needs("abc|d*"), None);
        assert_eq!(needs("^(a|b|c|d|e)$"), None);
        // The table-of-contents rules search only lines that can hold an
        // entry.
        let rules = Rules::builtin().unwrap();
        for name in [
            "table-of-contents-heading",
            "table-of-contents",
            "table-of-contents-tabs",
        ] {
            let rule = rules.rules.iter().find(|r| r.name == name).unwrap();
            assert!(rule.needs.is_some(), "{name}");
        }
    }

    #[test]
    fn needs_search_finds_any_of_the_strings() {
        let n = Needs::of(r"[:|]").unwrap();
        assert!(n.in_text("首页 | 新闻"));
        assert!(n.in_text("时间:2020"));
        assert!(!n.in_text("各位代表,现在我代表国务院"));
        let n = Needs::of(r"^.{0,30}[a-z]+\.gov\.cn$|网站标识码").unwrap();
        assert!(n.in_text("www.example.gov.cn"));
        assert!(n.in_text("网站标识码 1234"));
        assert!(!n.in_text("gov.com 网站"));
    }

    /// No line any shipped line rule matches is skipped by its filter: every
    /// line of the real corpora and of chrome written here, searched with
    /// and without it.
    #[test]
    fn filters_never_skip_a_matching_line() {
        let rules = Rules::builtin().unwrap();
        let mut lines: Vec<String> = [
            "时间:2019-01-20 作者:办公室 阅读:123 评论:0",
            "发布时间:2021-02-01 来源:市政府办公室",
            "2021-02-01 10:00 来源:本网",
            "www.example.gov.cn 示例市人民政府",
            "首页 | 政务公开 | 办事服务 | 互动交流",
            "长者模式 | 繁體中文 | EN | 无障碍",
            "2023年1月4日 星期三",
            "晴转多云 -3~5°C",
            "上一页 1 2 3 下一页",
            "- 12 -",
            "目 录",
            "一、2023年工作回顾 ........ 1",
            "二、2024年工作安排 . . . . 8",
            "(一)着力扩大有效需求\t9",
            "版权所有:示例市人民政府 ICP备12345678号",
            "本作品在全世界都属于公有领域",
            "Evaluation Warning : The document was created with Spire.PDF for .NET.",
            "当前位置:首页 > 政务公开 > 政府工作报告",
            "【字号:大 中 小】",
            "新华社记者 张三 摄",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let corpora =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/national");
        if let Ok(dir) = std::fs::read_dir(&corpora) {
            for f in dir.flatten() {
                if let Ok(text) = std::fs::read_to_string(f.path()) {
                    for row in text.lines() {
                        if let Ok(v) = serde_json::from_str::<serde_json::Value>(row)
                            && let Some(t) = v.get("content").and_then(|c| c.as_str())
                        {
                            lines.extend(super::nfkc(t).lines().map(|l| l.trim().to_string()));
                        }
                    }
                }
            }
        }
        let mut filtered = 0;
        for rule in rules.rules() {
            let Some(needs) = &rule.needs else { continue };
            filtered += 1;
            for l in &lines {
                if rule.pattern.is_match(l) {
                    assert!(needs.in_text(l), "{}: {l}", rule.name);
                    assert!(
                        rule.matches_line(l)
                            || rule.max_line.is_some_and(|m| l.len() > m)
                            || rule.unless.as_ref().is_some_and(|u| u.is_match(l))
                    );
                }
            }
        }
        assert!(filtered >= 5, "{filtered} rules filtered");
    }
}
