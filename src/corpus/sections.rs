//! Report structure: a section tree parsed from the cleaned text.
//!
//! Levels: 1 = `一、` / `第一部分`, 2 = `(一)` (full-width brackets are ASCII
//! after NFKC), 3 = `1.`, 4 = the lead sentence opening a paragraph
//! (`加快发展数字经济。`). Text before the first heading is a level-1
//! `前言` section; a report without numbered headings (1954) is one level-1
//! section `全文`. So level-1 sections always tile the whole text.
//!
//! Headings are told from numbered list items in two ways: numbers must run
//! on (二 after 一, within the same parent), and a run of sibling items whose
//! first sentences are long (median over 40 characters, like the 1978
//! report's `(一)在普遍增产粮食的基础上…` items, or the 1985 report's
//! price-reform measures `一、合理调整农村粮食购销价格…`) is a list, not
//! headings, at any level.
//! Where a heading and its lead sentence share a line
//! (`(二)因地制宜发展新质生产力,加快建设现代化产业体系。推动…`), the title
//! is the first sentence.
//!
//! Top-level sections get a role from `assets/rules/section_roles.toml`
//! (review, requirements, tasks, self_building, other); sub-sections inherit
//! it.

use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use super::clean::toml_error;
use crate::error::{Error, Result};

/// The role table shipped with the project.
pub const DEFAULT_ROLES: &str = include_str!("../../assets/rules/section_roles.toml");

/// The role given where no rule matches.
pub const OTHER_ROLE: &str = "other";

/// First sentences longer than this (median of a sibling run) make a list.
const LIST_ITEM_CHARS: usize = 40;
/// Longest first sentence that counts as a paragraph's lead.
const LEAD_CHARS: usize = 30;

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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRoles {
    role: Vec<RawRole>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRole {
    name: String,
    patterns: Vec<String>,
}

/// The role rules: first match wins.
#[derive(Debug, Clone)]
pub struct RoleRules {
    roles: Vec<(String, Vec<Regex>)>,
    /// Where the rules came from.
    pub origin: String,
}

impl RoleRules {
    /// The shipped rules.
    pub fn builtin() -> Result<RoleRules> {
        Self::parse(DEFAULT_ROLES, Path::new("assets/rules/section_roles.toml"))
    }

    /// Rules from a file.
    pub fn read(path: &Path) -> Result<RoleRules> {
        let text = crate::fileio::read_utf8(path, "the section-role rules")?;
        Self::parse(&text, path)
    }

    /// Parse TOML text.
    pub fn parse(text: &str, origin: &Path) -> Result<RoleRules> {
        let raw: RawRoles = toml::from_str(text).map_err(|e| toml_error(origin, text, &e))?;
        let mut roles = Vec::new();
        for r in raw.role {
            let mut res = Vec::new();
            for p in &r.patterns {
                res.push(Regex::new(p).map_err(|e| Error::BadFile {
                    path: origin.to_path_buf(),
                    message: format!("role {:?}: bad pattern {p:?}: {e}", r.name),
                })?);
            }
            roles.push((r.name, res));
        }
        Ok(RoleRules {
            roles,
            origin: origin.display().to_string(),
        })
    }

    /// The role of a top-level heading title.
    pub fn role_of(&self, title: &str) -> &str {
        self.roles
            .iter()
            .find(|(_, res)| res.iter().any(|r| r.is_match(title)))
            .map_or(OTHER_ROLE, |(name, _)| name.as_str())
    }

    /// Role names in order, then `other`.
    pub fn names(&self) -> Vec<String> {
        let mut n: Vec<String> = self.roles.iter().map(|(n, _)| n.clone()).collect();
        n.push(OTHER_ROLE.to_string());
        n
    }
}

static L1: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:第([一二三四五六七八九十]{1,3})部分|([一二三四五六七八九十]{1,3})、)\s*(.*)$")
        .unwrap()
});
static L2: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\(([一二三四五六七八九十]{1,3})\)\s*(.*)$").unwrap());
static L3: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(\d{1,2})\.\s*(\D.*)$").unwrap());

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

struct Candidate {
    line: usize,
    level: u8,
    value: u32,
    number: String,
    rest: String,
}

/// Parse the section tree of one cleaned text.
pub fn parse(text: &str, roles: &RoleRules) -> Vec<Section> {
    let lines = line_spans(text);
    let headings = accepted_headings(&lines);
    build_tree(text, &lines, &headings, roles)
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
    let s = s.trim_start_matches('#').trim_start();
    let (level, num, rest, number) = if let Some(c) = L1.captures(s) {
        let n = c.get(1).or(c.get(2))?.as_str();
        let written = if c.get(1).is_some() {
            format!("第{n}部分")
        } else {
            n.to_string()
        };
        (1, chinese_number(n)?, c[3].to_string(), written)
    } else if let Some(c) = L2.captures(s) {
        (
            2,
            chinese_number(&c[1])?,
            c[2].to_string(),
            format!("({})", &c[1]),
        )
    } else if let Some(c) = L3.captures(s) {
        (
            3,
            c[1].parse().ok()?,
            c[2].to_string(),
            format!("{}.", &c[1]),
        )
    } else {
        return None;
    };
    Some(Candidate {
        line,
        level,
        value: num,
        number,
        rest,
    })
}

/// Candidates whose numbers run on within their parent, minus list-like runs.
fn accepted_headings(lines: &[(usize, &str)]) -> Vec<Candidate> {
    let mut accepted: Vec<Candidate> = Vec::new();
    // last[level] = value of the last accepted heading at that level since
    // its parent started.
    let mut last: [Option<u32>; 4] = [None; 4];
    for (i, (_, s)) in lines.iter().enumerate() {
        let Some(c) = candidate(i, s) else { continue };
        // A paragraph-long first sentence is never a heading.
        if first_sentence(&c.rest).chars().count() > 2 * LIST_ITEM_CHARS {
            continue;
        }
        let lvl = c.level as usize;
        let fits = match last[lvl] {
            None => true,
            Some(prev) => c.value == prev + 1,
        };
        if !fits {
            continue;
        }
        last[lvl] = Some(c.value);
        for deeper in last.iter_mut().skip(lvl + 1) {
            *deeper = None;
        }
        accepted.push(c);
    }
    drop_list_runs(accepted)
}

/// Remove runs of level-2/3 siblings whose first sentences are long.
fn drop_list_runs(headings: Vec<Candidate>) -> Vec<Candidate> {
    let mut keep = vec![true; headings.len()];
    let mut done = vec![false; headings.len()];
    for i in 0..headings.len() {
        if done[i] {
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
    headings
        .into_iter()
        .zip(keep)
        .filter_map(|(h, k)| k.then_some(h))
        .collect()
}

fn build_tree(
    text: &str,
    lines: &[(usize, &str)],
    headings: &[Candidate],
    roles: &RoleRules,
) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    let first_line = headings.iter().find(|h| h.level == 1).map(|h| h.line);
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
    for h in headings {
        if h.level > 1 && first_line.is_some_and(|f| h.line < f) {
            continue; // sub-headings before the first top-level one stay in the preamble
        }
        while stack.last().is_some_and(|&(l, _)| l >= h.level) {
            stack.pop();
        }
        let parent = stack.last().map(|&(_, i)| i);
        let title = first_sentence(&h.rest).to_string();
        let role = match parent {
            Some(p) => out[p].role.clone(),
            None => roles.role_of(&title).to_string(),
        };
        let path = match parent {
            Some(p) => format!("{}/{}", out[p].path, h.number),
            None => h.number.clone(),
        };
        let index = out.len();
        out.push(Section {
            index,
            parent,
            level: h.level,
            kind: SectionKind::Heading,
            number: h.number.clone(),
            path,
            title,
            role,
            start: lines[h.line].0,
            end: text.len(),
        });
        stack.push((h.level, index));
    }
    close_spans(&mut out, text.len());
    add_leads(text, lines, headings, &mut out);
    out
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

/// Lead sentences of paragraphs (not heading lines) become level-4 nodes.
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
        let lead = &line[..end];
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
            level: 4,
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
