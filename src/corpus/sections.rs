//! Report structure: a section tree parsed from the cleaned text.
//!
//! Headings are numbered `一、` / `第一部分` (or a numeral alone on its line,
//! as in 1960), `(一)` (full-width brackets are ASCII after NFKC) or `1.`;
//! or they are unnumbered title lines (`过去五年的回顾`, `关于外交工作`,
//! `结束语`). Levels follow the nesting, not the numbering style: a
//! report's top-level headings are level 1 whatever their style (`(一)` in
//! the 1958 and 1981 reports, `一、` in most), their sub-headings level 2,
//! and so on; a lead sentence opening a paragraph (`加快发展数字经济。`) is
//! level 4 (one below its parent when that is deeper). Text before the
//! first heading is a level-1 `前言` section; a report without headings
//! (1954) is one level-1 section `全文`. So level-1 sections always tile the
//! whole text.
//!
//! Headings are told from numbered list items in three ways:
//! - numbers must run on within their parent (二 after 一);
//! - a number that starts again (`一、` inside a section already numbered
//!   `一、二、三、`) opens a list: its items, and whatever continues their
//!   numbers, are list items, not headings — so the 1955 report's sentence
//!   `四、在私营工厂做工的工人,…`, the fourth item of a list inside its third
//!   part, is not a fourth part; the list closes when a heading of its
//!   parent's level or above comes next;
//! - a run of sibling items whose first sentences are long (median over 40
//!   characters, like the 1978 report's `(一)在普遍增产粮食的基础上…`) is a
//!   list, not headings, at any level; a first sentence over 80 characters
//!   is never a heading.
//!
//! Unnumbered title lines: a line of 3–24 characters without sentence
//! punctuation, with body text before it and a paragraph or a numbered
//! heading after it, that is not a salutation or the report's title. They
//! are headings only when the report is built on them: two or more such
//! lines, the first before any numbered heading (the 1964, 1982–1984 and
//! 1988 national reports, 2026 甘肃 and 内蒙古), in which case the
//! numbered headings nest under them; a single one before the numbered
//! headings (2002's 首先报告2001年的工作) is a top-level sibling of them.
//! Closing lines (`结束语`, `附件`, `名词解释`, `注释`) always start a
//! top-level section.
//!
//! Where a heading and its lead sentence share a line
//! (`(二)因地制宜发展新质生产力,加快建设现代化产业体系。推动…`), the title
//! is the first sentence; a title broken inside `《…》` continues on the
//! next line; a numeral alone on its line (1960) takes the first sentence of
//! the paragraph after it as its title.
//!
//! Top-level sections get a role from the rules of
//! `assets/rules/section_roles.toml` — the heading's words, the years it
//! names against the report's year, and its position after the review (see
//! [`super::roles`]); sub-sections and leads inherit it.

use std::sync::LazyLock;

use regex::Regex;

pub use super::roles::{DEFAULT_ROLES, OTHER_ROLE, RoleRules};

/// First sentences longer than this (median of a sibling run) make a list.
const LIST_ITEM_CHARS: usize = 40;
/// Longest first sentence that counts as a paragraph's lead.
const LEAD_CHARS: usize = 30;
/// Longest unnumbered title line, in characters.
const TITLE_CHARS: usize = 24;
/// Shortest line that counts as body text around a title line.
const BODY_CHARS: usize = 20;

/// What a section is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    /// A whole report without numbered headings.
    Whole,
    /// Text before the first heading.
    Preamble,
    /// A numbered heading.
    Heading,
    /// A lead sentence opening a paragraph.
    Lead,
}

impl SectionKind {
    /// Lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            SectionKind::Whole => "whole",
            SectionKind::Preamble => "preamble",
            SectionKind::Heading => "heading",
            SectionKind::Lead => "lead",
        }
    }
}

/// One node of the section tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Position in the document's list (document order).
    pub index: usize,
    /// Index of the parent section, if any.
    pub parent: Option<usize>,
    /// 1–4 (see the module docs).
    pub level: u8,
    /// What it is.
    pub kind: SectionKind,
    /// The number as written (`三`, `(二)`, `1.`), empty for preamble/lead.
    pub number: String,
    /// Path of numbers from the top (`三/(二)`; leads add `¶n`).
    pub path: String,
    /// Title: the heading's first sentence, or the lead sentence.
    pub title: String,
    /// Role of its top-level section.
    pub role: String,
    /// Byte offset of the start in the cleaned text.
    pub start: usize,
    /// Byte offset of the end (exclusive).
    pub end: usize,
}

static L1: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:第([一二三四五六七八九十]{1,3})部分|([一二三四五六七八九十]{1,3})、)\s*(.*)$")
        .unwrap()
});
static L1_BARE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([一二三四五六七八九十]{1,3})$").unwrap());
static L2: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\(([一二三四五六七八九十]{1,3})\)\s*(.*)$").unwrap());
static L3: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(\d{1,2})\.\s*(\D.*)$").unwrap());
static CLOSING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:结束语|结语|附件\s*\d*|附录|名词解释|注释)$").unwrap());
static NOT_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"政府工作报告|^各位代表|^代表们|^同志们|^谢谢|^第[一二三四五六七八九十]+[、,]|^[一二三四五六七八九十]+[是要]")
        .unwrap()
});

/// Value of a Chinese numeral up to 99 (`一` 1, `十二` 12, `二十` 20).
pub fn chinese_number(s: &str) -> Option<u32> {
    let digit = |c: char| "一二三四五六七八九".find(c).map(|i| i as u32 / 3 + 1);
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [c] if *c == '十' => Some(10),
        [c] => digit(*c),
        ['十', c] => Some(10 + digit(*c)?),
        [a, '十'] => Some(digit(*a)? * 10),
        [a, '十', c] => Some(digit(*a)? * 10 + digit(*c)?),
        _ => None,
    }
}

/// The first sentence of `s` (up to 。!?;), without its end mark.
fn first_sentence(s: &str) -> &str {
    let end = s.find(['。', '!', '?', ';']).unwrap_or(s.len());
    s[..end].trim()
}

/// How a heading is marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// `一、`, `第一部分`, or a numeral alone.
    Chapter,
    /// `(一)`.
    Paren,
    /// `1.`.
    Arabic,
    /// An unnumbered title line.
    Title,
}

struct Candidate {
    line: usize,
    style: Style,
    value: u32,
    number: String,
    rest: String,
    /// Nesting depth, 1 = top level (set when accepted).
    level: u8,
    /// Path of the heading (set when the tree is built).
    path: String,
}

/// Parse the section tree of one cleaned text, without the year rule of
/// the roles (see [`parse_report`]).
pub fn parse(text: &str, roles: &RoleRules) -> Vec<Section> {
    parse_report(text, None, roles)
}

/// Parse the section tree of one report of year `year`.
pub fn parse_report(text: &str, year: Option<i32>, roles: &RoleRules) -> Vec<Section> {
    let lines = line_spans(text);
    let headings = accepted_headings(&lines);
    build_tree(text, &lines, headings, year, roles)
}

fn line_spans(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut pos = 0;
    for line in text.split('\n') {
        out.push((pos, line));
        pos += line.len() + 1;
    }
    out
}

fn candidate(line: usize, s: &str) -> Option<Candidate> {
    // Markdown headings (`## 一、…`) count as headings too.
    let s = s.trim_start_matches('#').trim();
    let (style, value, rest, number) = if let Some(c) = L1.captures(s) {
        let n = c.get(1).or(c.get(2))?.as_str();
        let written = if c.get(1).is_some() {
            format!("第{n}部分")
        } else {
            n.to_string()
        };
        (
            Style::Chapter,
            chinese_number(n)?,
            c[3].to_string(),
            written,
        )
    } else if let Some(c) = L1_BARE.captures(s) {
        (
            Style::Chapter,
            chinese_number(&c[1])?,
            String::new(),
            c[1].to_string(),
        )
    } else if let Some(c) = L2.captures(s) {
        (
            Style::Paren,
            chinese_number(&c[1])?,
            c[2].to_string(),
            format!("({})", &c[1]),
        )
    } else if let Some(c) = L3.captures(s) {
        (
            Style::Arabic,
            c[1].parse().ok()?,
            c[2].to_string(),
            format!("{}.", &c[1]),
        )
    } else {
        return None;
    };
    Some(Candidate {
        line,
        style,
        value,
        number,
        rest,
        level: 0,
        path: String::new(),
    })
}

/// Whether line `i` is an unnumbered title line (see the module docs), and
/// whether it closes the report (`结束语`, `附件`, …).
fn title_line(lines: &[(usize, &str)], i: usize) -> Option<bool> {
    let s = lines[i].1.trim_start_matches('#').trim();
    let chars = s.chars().count();
    if CLOSING.is_match(s) {
        return Some(true);
    }
    let han = s.chars().filter(|c| super::metadata::is_han(*c)).count();
    if !(3..=TITLE_CHARS).contains(&chars)
        || han < 2
        || s.contains(|c: char| c.is_whitespace() || "。,;:!?…".contains(c))
        || NOT_TITLE.is_match(s)
        || candidate(i, s).is_some()
    {
        return None;
    }
    let body = |l: &str| l.chars().count() >= BODY_CHARS;
    let before = lines[..i].iter().any(|(_, l)| body(l));
    let next = lines[i + 1..]
        .iter()
        .map(|(_, l)| l.trim())
        .find(|l| !l.is_empty());
    let after = next.is_some_and(|l| body(l) || candidate(0, l).is_some());
    (before && after).then_some(false)
}

/// A frame of the heading stack: an open run of numbers.
struct Frame {
    style: Style,
    last: u32,
    /// Headings (true) or the items of a list (false).
    heading: bool,
}

/// The headings of a text, with their levels (see the module docs).
fn accepted_headings(lines: &[(usize, &str)]) -> Vec<Candidate> {
    let mut numbered: Vec<Candidate> = Vec::new();
    let mut titles: Vec<(usize, bool)> = Vec::new();
    for (i, (_, s)) in lines.iter().enumerate() {
        if let Some(c) = candidate(i, s) {
            numbered.push(c);
        } else if let Some(closing) = title_line(lines, i) {
            titles.push((i, closing));
        }
    }
    let first_numbered = numbered.first().map_or(usize::MAX, |c| c.line);
    let plain: Vec<usize> = titles.iter().filter(|t| !t.1).map(|t| t.0).collect();
    let leading = plain.first().is_some_and(|&l| l < first_numbered);
    // Title lines carry the report (parents), open it (one sibling), or are
    // not headings at all (only closing lines count then).
    let (parents, sibling) = match (leading, plain.len()) {
        (true, n) if n >= 2 => (true, false),
        (true, 1) => (false, true),
        _ => (false, false),
    };
    let mut events: Vec<Candidate> = titles
        .iter()
        .filter(|(_, closing)| *closing || parents || sibling)
        .map(|&(line, closing)| Candidate {
            line,
            style: Style::Title,
            value: u32::from(closing),
            number: String::new(),
            rest: lines[line].1.trim_start_matches('#').trim().to_string(),
            level: 0,
            path: String::new(),
        })
        .collect();
    events.extend(numbered);
    events.sort_by_key(|c| c.line);
    let mut stack: Vec<Frame> = Vec::new();
    let mut accepted: Vec<Candidate> = Vec::new();
    for mut c in events {
        if c.style == Style::Title {
            stack.clear();
            c.level = 1;
            // A closing line, or a title the report is built on, holds the
            // numbered headings that follow it.
            if c.value == 1 || parents {
                stack.push(Frame {
                    style: Style::Title,
                    last: 0,
                    heading: true,
                });
            }
            accepted.push(c);
            continue;
        }
        // A paragraph-long first sentence is never a heading, but it can be
        // a list item.
        let sentence = first_sentence(&c.rest).chars().count() > 2 * LIST_ITEM_CHARS;
        let continued = stack
            .iter()
            .rposition(|f| f.style == c.style && f.last + 1 == c.value);
        let level_of = |stack: &[Frame]| stack.iter().filter(|f| f.heading).count() as u8;
        match continued {
            Some(k) if sentence && stack[k].heading => {}
            Some(k) => {
                stack.truncate(k + 1);
                stack[k].last = c.value;
                if stack[k].heading {
                    c.level = level_of(&stack);
                    accepted.push(c);
                }
            }
            None => {
                let seen = stack.iter().any(|f| f.style == c.style);
                if seen && c.value != 1 {
                    continue; // a number out of turn: body text
                }
                // A number starting again under an open run of its style,
                // or anything inside a list, is a list item.
                let heading = !sentence && !seen && stack.iter().all(|f| f.heading);
                stack.push(Frame {
                    style: c.style,
                    last: c.value,
                    heading,
                });
                if heading {
                    c.level = level_of(&stack);
                    accepted.push(c);
                }
            }
        }
    }
    drop_list_runs(accepted)
}

/// Remove runs of numbered siblings whose first sentences are long.
fn drop_list_runs(headings: Vec<Candidate>) -> Vec<Candidate> {
    let mut keep = vec![true; headings.len()];
    let mut done = vec![false; headings.len()];
    for i in 0..headings.len() {
        if done[i] || headings[i].style == Style::Title {
            continue;
        }
        let level = headings[i].level;
        // A run: the siblings of this level until a shallower heading.
        let run: Vec<usize> = (i..headings.len())
            .take_while(|&k| headings[k].level >= level)
            .filter(|&k| headings[k].level == level)
            .collect();
        for &k in &run {
            done[k] = true;
        }
        let mut lens: Vec<usize> = run
            .iter()
            .map(|&k| first_sentence(&headings[k].rest).chars().count())
            .collect();
        lens.sort_unstable();
        if lens[lens.len() / 2] > LIST_ITEM_CHARS {
            for &k in &run {
                keep[k] = false;
            }
        }
    }
    // Removing a run leaves its children one level too deep only if they
    // were kept: a list's items never have heading children, so they go too.
    let mut out: Vec<Candidate> = Vec::new();
    let mut dropped_level: Option<u8> = None;
    for (h, k) in headings.into_iter().zip(keep) {
        if let Some(l) = dropped_level {
            if h.level > l {
                continue;
            }
            dropped_level = None;
        }
        if k {
            out.push(h);
        } else {
            dropped_level = Some(h.level);
        }
    }
    out
}

/// `s` without the dashes some reports put before a paragraph as a bullet
/// (`--我们要…`, `——`, `──`): not part of a title, and a spreadsheet would
/// take a cell starting with `-` for a formula.
fn undecorated(s: &str) -> &str {
    s.trim_start_matches(|c: char| {
        matches!(c, '-' | '—' | '―' | '–' | '─' | '－') || c.is_whitespace()
    })
}

/// The title of a heading: its first sentence, continued on the next line
/// when it breaks inside `《…》`; an unnumbered title is its line; a numeral
/// alone on its line takes the first sentence of the paragraph after it.
fn heading_title(h: &Candidate, lines: &[(usize, &str)]) -> String {
    if h.rest.is_empty() {
        // A numeral alone on its line (1960): the first sentence after it.
        return lines[h.line + 1..]
            .iter()
            .map(|(_, l)| l.trim())
            .find(|l| !l.is_empty())
            .map(|l| undecorated(first_sentence(l)).to_string())
            .unwrap_or_default();
    }
    let mut title = undecorated(first_sentence(&h.rest)).to_string();
    if title.matches('《').count() > title.matches('》').count()
        && let Some((_, next)) = lines.get(h.line + 1)
        && next.chars().count() <= TITLE_CHARS * 2
    {
        title.push_str(first_sentence(next.trim()));
    }
    title
}

fn build_tree(
    text: &str,
    lines: &[(usize, &str)],
    mut headings: Vec<Candidate>,
    year: Option<i32>,
    roles: &RoleRules,
) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    let first_line = headings.first().map(|h| h.line);
    let top_start = first_line.map_or(text.len(), |l| lines[l].0);
    if top_start > 0 || first_line.is_none() {
        let whole = first_line.is_none();
        out.push(Section {
            index: 0,
            parent: None,
            level: 1,
            kind: if whole {
                SectionKind::Whole
            } else {
                SectionKind::Preamble
            },
            number: String::new(),
            path: if whole { "全文" } else { "前言" }.into(),
            title: if whole { "全文" } else { "前言" }.into(),
            role: OTHER_ROLE.into(),
            start: 0,
            end: top_start.min(text.len()),
        });
    }
    // stack of (level, index in out)
    let mut stack: Vec<(u8, usize)> = Vec::new();
    let mut titles = 0;
    for h in &mut headings {
        while stack.last().is_some_and(|&(l, _)| l >= h.level) {
            stack.pop();
        }
        let parent = stack.last().map(|&(_, i)| i);
        let number = if h.style == Style::Title {
            titles += 1;
            format!("§{titles}")
        } else {
            h.number.clone()
        };
        h.path = match parent {
            Some(p) => format!("{}/{number}", out[p].path),
            None => number,
        };
        let index = out.len();
        out.push(Section {
            index,
            parent,
            level: h.level,
            kind: SectionKind::Heading,
            number: h.number.clone(),
            path: h.path.clone(),
            title: heading_title(h, lines),
            role: String::new(),
            start: lines[h.line].0,
            end: text.len(),
        });
        stack.push((h.level, index));
    }
    assign_roles(lines, &mut out, year, roles);
    close_spans(&mut out, text.len());
    add_leads(text, lines, &headings, &mut out);
    out
}

/// Roles of the top-level headings (see [`RoleRules::assign`]); every other
/// section takes its parent's.
fn assign_roles(
    lines: &[(usize, &str)],
    out: &mut [Section],
    year: Option<i32>,
    roles: &RoleRules,
) {
    let top: Vec<usize> = (0..out.len())
        .filter(|&i| out[i].parent.is_none() && out[i].kind == SectionKind::Heading)
        .collect();
    let openings: Vec<&str> = top.iter().map(|&i| opening(lines, &out[i])).collect();
    let headings: Vec<(&str, &str)> = top
        .iter()
        .zip(&openings)
        .map(|(&i, o)| (out[i].title.as_str(), *o))
        .collect();
    let assigned = roles.assign(&headings, year);
    for (i, role) in top.into_iter().zip(assigned) {
        out[i].role = role;
    }
    for i in 0..out.len() {
        out[i].role = match out[i].parent {
            Some(p) => out[p].role.clone(),
            None if out[i].role.is_empty() => OTHER_ROLE.to_string(),
            None => continue,
        };
    }
}

/// The first sentence of a heading's text after its title line.
fn opening<'t>(lines: &[(usize, &'t str)], s: &Section) -> &'t str {
    lines
        .iter()
        .skip_while(|(start, _)| *start <= s.start)
        .map(|(_, l)| l.trim())
        .find(|l| !l.is_empty())
        .map_or("", first_sentence)
}

/// Each heading ends where the next heading of the same or a higher level
/// starts.
fn close_spans(out: &mut [Section], len: usize) {
    for i in 0..out.len() {
        let end = out[i + 1..]
            .iter()
            .find(|s| s.level <= out[i].level)
            .map_or(len, |s| s.start);
        out[i].end = end.max(out[i].start);
    }
}

/// Lead sentences of paragraphs (not heading lines) become nodes one level
/// below their parent (level 4 at least).
fn add_leads(text: &str, lines: &[(usize, &str)], headings: &[Candidate], out: &mut Vec<Section>) {
    let heading_lines: Vec<usize> = headings.iter().map(|h| h.line).collect();
    let mut counters: std::collections::HashMap<usize, usize> = Default::default();
    for (i, &(start, line)) in lines.iter().enumerate() {
        if heading_lines.contains(&i) || line.is_empty() {
            continue;
        }
        let Some(end) = line.find('。') else {
            continue;
        };
        let lead = undecorated(&line[..end]);
        let n = lead.chars().count();
        if n == 0 || n > LEAD_CHARS || end + '。'.len_utf8() >= line.len() {
            continue;
        }
        if lead.contains([',', ';', ':', '、']) {
            continue;
        }
        let Some(parent) = out
            .iter()
            .filter(|s| s.kind != SectionKind::Lead && s.start <= start && start < s.end)
            .max_by_key(|s| s.level)
            .map(|s| s.index)
        else {
            continue;
        };
        let k = counters.entry(parent).or_default();
        *k += 1;
        let index = out.len();
        out.push(Section {
            index,
            parent: Some(parent),
            level: (out[parent].level + 1).max(4),
            kind: SectionKind::Lead,
            number: String::new(),
            path: format!("{}/¶{}", out[parent].path, k),
            title: lead.to_string(),
            role: out[parent].role.clone(),
            start,
            end: (start + line.len()).min(text.len()),
        });
    }
}

/// The deepest section containing byte offset `pos`.
pub fn section_at(sections: &[Section], pos: usize) -> Option<&Section> {
    sections
        .iter()
        .filter(|s| s.start <= pos && pos < s.end)
        .max_by_key(|s| s.level)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles() -> RoleRules {
        RoleRules::builtin().unwrap()
    }

    #[test]
    fn numbers() {
        assert_eq!(chinese_number("一"), Some(1));
        assert_eq!(chinese_number("十"), Some(10));
        assert_eq!(chinese_number("十二"), Some(12));
        assert_eq!(chinese_number("二十"), Some(20));
        assert_eq!(chinese_number("二十三"), Some(23));
        assert_eq!(chinese_number("零"), None);
    }

    #[test]
    fn tree_paths_roles_and_shared_heading_lines() {
        let text = "各位代表:\n现在我代表政府报告工作。\n一、2024年工作回顾\n过去一年很不平凡。\n二、2025年总体要求\n要稳中求进。\n三、2025年政府工作任务\n(一)大力提振消费。\n加快发展数字经济。大力推进产业数字化,培育平台企业。\n(二)因地制宜发展新质生产力,加快建设现代化产业体系。推动科技创新和产业创新融合发展。\n1.培育新兴产业\n发展低空经济。\n四、加强政府自身建设\n依法行政。";
        let s = parse(text, &roles());
        let tops: Vec<(&str, &str, &str)> = s
            .iter()
            .filter(|x| x.level == 1)
            .map(|x| (x.path.as_str(), x.title.as_str(), x.role.as_str()))
            .collect();
        assert_eq!(
            tops,
            [
                ("前言", "前言", "other"),
                ("一", "2024年工作回顾", "review"),
                ("二", "2025年总体要求", "requirements"),
                ("三", "2025年政府工作任务", "tasks"),
                ("四", "加强政府自身建设", "self_building"),
            ]
        );
        let two = s.iter().find(|x| x.path == "三/(二)").unwrap();
        assert_eq!(two.title, "因地制宜发展新质生产力,加快建设现代化产业体系");
        assert_eq!(two.role, "tasks");
        let three = s.iter().find(|x| x.path == "三/(二)/1.").unwrap();
        assert_eq!(three.level, 3);
        let lead = s.iter().find(|x| x.kind == SectionKind::Lead).unwrap();
        assert_eq!(lead.title, "加快发展数字经济");
        assert_eq!(lead.path, "三/(一)/¶1");
        // Level-1 sections tile the text.
        let mut pos = 0;
        for x in s.iter().filter(|x| x.level == 1) {
            assert_eq!(x.start, pos);
            pos = x.end;
        }
        assert_eq!(pos, text.len());
        let at = section_at(&s, text.find("低空经济").unwrap()).unwrap();
        assert_eq!(at.path, "三/(二)/1.");
    }

    #[test]
    fn long_numbered_items_are_a_list_not_headings() {
        let item = |n: &str| {
            format!(
                "({n})在普遍增产粮食的基础上抓好两头,一头是抓好大面积商品粮基地和全国的国营农场,八年内使它们提供的商品粮比现在增加两三倍;一头是抓好经济作物。"
            )
        };
        let text = format!(
            "一、加快社会主义经济建设\n{}\n{}\n{}",
            item("一"),
            item("二"),
            item("三")
        );
        let s = parse(&text, &roles());
        assert_eq!(
            s.iter().filter(|x| x.kind == SectionKind::Heading).count(),
            1
        );
    }

    fn tops(s: &[Section]) -> Vec<(&str, &str, &str)> {
        s.iter()
            .filter(|x| x.level == 1)
            .map(|x| (x.path.as_str(), x.title.as_str(), x.role.as_str()))
            .collect()
    }

    #[test]
    fn a_restarted_numbering_is_a_list_whatever_continues_it() {
        // Like the 1955 report: inside 三 a list 一、二、三、四 (sentences);
        // its 四 continues the list, not the parts; the real 四 follows.
        let body = "这一部分的正文说明了许多情况,也提出了要求。";
        let text = format!(
            "一、总任务\n{body}\n二、计划概要\n{body}\n三、若干问题\n(一)关于工业\n一、我国人民推翻了帝国主义的统治\n二、我国人民推翻了封建主义\n三、我国人民推翻了官僚资本主义\n四、在私营工厂做工的工人现在仍要拿出一部分劳动成果\n(二)关于农业\n{body}\n四、为完成计划而奋斗\n{body}"
        );
        let s = parse(&text, &roles());
        let paths: Vec<(&str, &str)> = s
            .iter()
            .filter(|x| x.kind == SectionKind::Heading)
            .map(|x| (x.path.as_str(), x.title.as_str()))
            .collect();
        assert_eq!(
            paths,
            [
                ("一", "总任务"),
                ("二", "计划概要"),
                ("三", "若干问题"),
                ("三/(一)", "关于工业"),
                ("三/(二)", "关于农业"),
                ("四", "为完成计划而奋斗"),
            ]
        );
    }

    #[test]
    fn titles_lose_the_dashes_put_before_a_paragraph() {
        let body = "我代表国务院向大会报告政府工作,请各位代表审议,并请全国政协委员提出意见。";
        let text = format!(
            "一、过去一年的工作\n{body}\n--我们要推动经济发展再上新台阶。{body}\n— —坚持改革开放。{body}\n二、今年的任务\n{body}"
        );
        let s = parse_report(&text, Some(1995), &roles());
        let leads: Vec<&str> = (s.iter())
            .filter(|x| x.kind == SectionKind::Lead)
            .map(|x| x.title.as_str())
            .collect();
        assert_eq!(leads, ["我们要推动经济发展再上新台阶", "坚持改革开放"]);
        assert!(s.iter().all(|x| !x.title.starts_with(['-', '—'])));
    }

    #[test]
    fn title_lines_parents_siblings_and_closing_words() {
        let body = "我代表国务院向大会报告政府工作,请各位代表审议,并请全国政协委员提出意见。";
        // Two title lines before any number: they carry the report, and the
        // numbered headings nest under them (1983, 1988).
        let text = format!(
            "各位代表:\n{body}\n过去五年的回顾\n{body}\n今后五年的主要任务\n{body}\n(一)关于经济建设\n{body}\n(二)关于外交工作\n{body}\n结束语\n{body}"
        );
        let s = parse_report(&text, Some(1983), &roles());
        assert_eq!(
            tops(&s),
            [
                ("前言", "前言", "other"),
                ("§1", "过去五年的回顾", "review"),
                ("§2", "今后五年的主要任务", "tasks"),
                ("§3", "结束语", "other"),
            ]
        );
        let two = s.iter().find(|x| x.path == "§2/(二)").unwrap();
        assert_eq!((two.level, two.role.as_str()), (2, "tasks"));
        // One title line before the numbers opens the report beside them
        // (2002): it names the past year, the parts after it are tasks
        // until self-building.
        let text = format!(
            "各位代表:\n{body}\n首先报告2001年的工作\n{body}\n一、扩大和培育内需\n{body}\n二、加强政风建设\n{body}\n三、进一步做好外交工作\n{body}"
        );
        let s = parse_report(&text, Some(2002), &roles());
        assert_eq!(
            tops(&s),
            [
                ("前言", "前言", "other"),
                ("§1", "首先报告2001年的工作", "review"),
                ("一", "扩大和培育内需", "tasks"),
                ("二", "加强政风建设", "self_building"),
                ("三", "进一步做好外交工作", "other"),
            ]
        );
        // A short line after the numbered headings have begun is not a
        // heading (1958's 先说工业战线上的情况).
        let text = format!(
            "(一)一九五七年的胜利\n{body}\n先说工业战线上的情况\n{body}\n(二)一九五八年的任务\n{body}"
        );
        let s = parse_report(&text, Some(1958), &roles());
        assert_eq!(
            tops(&s),
            [
                ("(一)", "一九五七年的胜利", "review"),
                ("(二)", "一九五八年的任务", "tasks"),
            ]
        );
    }

    #[test]
    fn bare_numerals_and_titles_broken_inside_book_marks() {
        let text = "一\n下面我首先说一下纲要在过去四年中执行的情况。正文。\n二\n人民公社制度是根本保障。正文。\n三、关于《国民经济和社会发展第十一个五年规划\n纲要(草案)》的说明\n正文。";
        let s = parse_report(text, Some(1960), &roles());
        assert_eq!(
            tops(&s),
            [
                ("一", "下面我首先说一下纲要在过去四年中执行的情况", "review"),
                ("二", "人民公社制度是根本保障", "tasks"),
                (
                    "三",
                    "关于《国民经济和社会发展第十一个五年规划纲要(草案)》的说明",
                    "requirements"
                ),
            ]
        );
    }

    #[test]
    fn no_headings_is_one_whole_section_and_numbers_must_run_on() {
        let s = parse("我们第一届全国人民代表大会。\n继续努力。", &roles());
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].kind, SectionKind::Whole);
        // 三、 after 一、 is not the next number: body text, not a heading.
        let s = parse("一、回顾\n正文\n三、不是标题\n二、总体要求\n正文", &roles());
        let paths: Vec<&str> = s.iter().map(|x| x.path.as_str()).collect();
        assert_eq!(paths, ["一", "二"]);
        // Numbers like 2.5 are not level-3 headings.
        let s = parse("一、回顾\n2.5\n正文", &roles());
        assert_eq!(s.len(), 1);
    }
}
