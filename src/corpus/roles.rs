//! Roles of top-level report sections, from their words and from the
//! report's structure (`assets/rules/section_roles.toml`).
//!
//! A report's top-level headings get their roles in three steps, each only
//! where the previous one gave none (`other`):
//!
//! 1. **words**: the first `[[role]]` whose patterns match the heading
//!    (回顾 → review, 总体要求 → requirements, 工作任务 → tasks, 政府自身建设 →
//!    self_building);
//! 2. **the year named** (`[years]`): a heading naming only years before the
//!    report's year (at most `span` years before: 1996年国内工作的回顾 in the
//!    1997 report, 一九五八年的伟大成就 in 1959) reports on them — `before`;
//!    one naming only the report's year or the next `span` years plans them —
//!    `current` (二、1981年国民经济计划的任务 in the 1980 report);
//!    The first section of a report, where neither gives a role, takes the
//!    `[opening]` role when the first sentence of its text matches one of
//!    its patterns (1979: 一、伟大的历史性转变 opens 从去年三月…到我们这次会议
//!    召开, the review of the time since the last session);
//! 3. **position** (`[position]`): a section after one with an `after` role
//!    (the review) and before the first section that closes the part on the
//!    year's work — a heading matching an `until` pattern (foreign affairs,
//!    unification, closing words, appendix) or with an `until_roles` role
//!    (government self-building) — gets `role`: in 1978–2000 the review is
//!    followed by one section per policy area for the coming year, then
//!    外交 and 政府自身建设.
//!
//! Sub-sections inherit the role of their top-level section.

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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRoles {
    role: Vec<RawRole>,
    #[serde(default)]
    years: Option<RawYears>,
    #[serde(default)]
    opening: Option<RawOpening>,
    #[serde(default)]
    position: Option<RawPosition>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOpening {
    role: String,
    patterns: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRole {
    name: String,
    patterns: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawYears {
    before: Option<String>,
    current: Option<String>,
    span: Option<i32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPosition {
    role: String,
    after: Vec<String>,
    #[serde(default)]
    until: Vec<String>,
    #[serde(default)]
    until_roles: Vec<String>,
}

/// The year rule (step 2).
#[derive(Debug, Clone)]
struct YearRule {
    before: Option<String>,
    current: Option<String>,
    span: i32,
}

/// The opening rule (end of step 2).
#[derive(Debug, Clone)]
struct OpeningRule {
    role: String,
    patterns: Vec<Regex>,
}

/// The position rule (step 3).
#[derive(Debug, Clone)]
struct PositionRule {
    role: String,
    after: Vec<String>,
    until: Vec<Regex>,
    until_roles: Vec<String>,
}

/// The role rules (see the module docs).
#[derive(Debug, Clone)]
pub struct RoleRules {
    roles: Vec<(String, Vec<Regex>)>,
    years: Option<YearRule>,
    opening: Option<OpeningRule>,
    position: Option<PositionRule>,
    /// Where the rules came from.
    pub origin: String,
}

fn regex(origin: &Path, what: &str, p: &str) -> Result<Regex> {
    Regex::new(p).map_err(|e| Error::BadFile {
        path: origin.to_path_buf(),
        message: format!("{what}: bad pattern {p:?}: {e}"),
    })
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
            let what = format!("role {:?}", r.name);
            let res = r
                .patterns
                .iter()
                .map(|p| regex(origin, &what, p))
                .collect::<Result<Vec<_>>>()?;
            roles.push((r.name, res));
        }
        let known = |name: &str, what: &str| -> Result<()> {
            if name == OTHER_ROLE || roles.iter().any(|(n, _)| n == name) {
                Ok(())
            } else {
                Err(Error::BadFile {
                    path: origin.to_path_buf(),
                    message: format!(
                        "{what}: unknown role {name:?}; define it with [[role]] first"
                    ),
                })
            }
        };
        let years = match raw.years {
            Some(y) => {
                for r in y.before.iter().chain(&y.current) {
                    known(r, "[years]")?;
                }
                Some(YearRule {
                    before: y.before,
                    current: y.current,
                    span: y.span.unwrap_or(5).max(1),
                })
            }
            None => None,
        };
        let opening = match raw.opening {
            Some(o) => {
                known(&o.role, "[opening] role")?;
                Some(OpeningRule {
                    patterns: o
                        .patterns
                        .iter()
                        .map(|p| regex(origin, "[opening]", p))
                        .collect::<Result<Vec<_>>>()?,
                    role: o.role,
                })
            }
            None => None,
        };
        let position = match raw.position {
            Some(p) => {
                known(&p.role, "[position] role")?;
                for r in p.after.iter().chain(&p.until_roles) {
                    known(r, "[position]")?;
                }
                Some(PositionRule {
                    until: p
                        .until
                        .iter()
                        .map(|u| regex(origin, "[position] until", u))
                        .collect::<Result<Vec<_>>>()?,
                    role: p.role,
                    after: p.after,
                    until_roles: p.until_roles,
                })
            }
            None => None,
        };
        Ok(RoleRules {
            roles,
            years,
            opening,
            position,
            origin: origin.display().to_string(),
        })
    }

    /// The role a top-level heading's words give (step 1 only).
    pub fn role_of(&self, title: &str) -> &str {
        self.roles
            .iter()
            .find(|(_, res)| res.iter().any(|r| r.is_match(title)))
            .map_or(OTHER_ROLE, |(name, _)| name.as_str())
    }

    /// The role the years named in a heading give, against the report's
    /// year (step 2 only).
    pub fn role_by_year(&self, title: &str, year: i32) -> &str {
        let Some(rule) = &self.years else {
            return OTHER_ROLE;
        };
        let named = named_years(title);
        if named.is_empty() {
            return OTHER_ROLE;
        }
        let before = named.iter().all(|&y| y < year && y >= year - rule.span);
        let current = named.iter().all(|&y| y >= year && y <= year + rule.span);
        let role = if before {
            rule.before.as_deref()
        } else if current {
            rule.current.as_deref()
        } else {
            None
        };
        role.unwrap_or(OTHER_ROLE)
    }

    /// The roles of a report's top-level headings, in order (see the module
    /// docs): each heading is `(title, first sentence of its text)`; `year`
    /// is the report's year (without it, the year rule is skipped).
    pub fn assign(&self, headings: &[(&str, &str)], year: Option<i32>) -> Vec<String> {
        let mut out: Vec<String> = headings
            .iter()
            .map(|(t, _)| {
                let by_words = self.role_of(t);
                match (by_words, year) {
                    (OTHER_ROLE, Some(y)) => self.role_by_year(t, y),
                    _ => by_words,
                }
                .to_string()
            })
            .collect();
        if let (Some(o), Some((_, opening)), Some(first)) =
            (&self.opening, headings.first(), out.first_mut())
            && first == OTHER_ROLE
            && o.patterns.iter().any(|r| r.is_match(opening))
        {
            first.clone_from(&o.role);
        }
        let titles: Vec<&str> = headings.iter().map(|(t, _)| *t).collect();
        let Some(p) = &self.position else {
            return out;
        };
        let mut after = false;
        for (title, role) in titles.iter().zip(out.iter_mut()) {
            if p.until.iter().any(|r| r.is_match(title)) || p.until_roles.contains(role) {
                break;
            }
            if p.after.contains(role) {
                after = true;
            } else if after && role == OTHER_ROLE {
                role.clone_from(&p.role);
            }
        }
        out
    }

    /// Role names in order, then `other`.
    pub fn names(&self) -> Vec<String> {
        let mut n: Vec<String> = self.roles.iter().map(|(n, _)| n.clone()).collect();
        n.push(OTHER_ROLE.to_string());
        n
    }
}

static ARABIC_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    // 1996, 1 9 9 8 (spaced digits in the 1998 report); the digits around a
    // match are checked by hand (no look-around in `regex`).
    Regex::new(r"(?:1\s?9|2\s?0)\s?[0-9]\s?[0-9]").unwrap()
});
static HAN_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([一二][〇零一二三四五六七八九]{3})年").unwrap());

/// The calendar years a heading names: Arabic (1996, `1 9 9 8`) or in
/// Chinese numerals (一九五八年).
pub fn named_years(title: &str) -> Vec<i32> {
    let digit_at = |i: Option<char>| i.is_some_and(|c| c.is_ascii_digit());
    let mut out: Vec<i32> = ARABIC_YEAR
        .find_iter(title)
        .filter(|m| {
            // A year is followed by 年, or by 、/至/到/- and another year
            // (1980、1981年); 2000万 is a number.
            let next = title[m.end()..].trim_start().chars().next();
            !digit_at(title[..m.start()].chars().next_back())
                && next.is_some_and(|c| "年、至到-—".contains(c))
        })
        .filter_map(|m| m.as_str().replace(' ', "").parse().ok())
        .collect();
    let digit = |ch: char| match ch {
        '〇' | '零' => Some(0),
        _ => "一二三四五六七八九"
            .chars()
            .position(|d| d == ch)
            .map(|p| p as i32 + 1),
    };
    for c in HAN_YEAR.captures_iter(title) {
        if let Some(y) = c[1]
            .chars()
            .try_fold(0i32, |acc, ch| Some(acc * 10 + digit(ch)?))
        {
            out.push(y);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_named_in_headings() {
        assert_eq!(named_years("1996年国内工作的回顾"), [1996]);
        assert_eq!(named_years("关于1 9 9 8 年政府工作的建议"), [1998]);
        assert_eq!(
            named_years("采取有力措施,保证1980、1981年计划的完成"),
            [1980, 1981]
        );
        assert_eq!(named_years("一九五八年的伟大成就"), [1958]);
        assert_eq!(named_years("二〇二六年重点工作"), [2026]);
        assert_eq!(named_years("“十四五”时期主要目标"), Vec::<i32>::new());
        assert_eq!(named_years("城镇新增就业1200万人以上"), Vec::<i32>::new());
        assert_eq!(named_years("新增就业2000万人"), Vec::<i32>::new());
    }

    #[test]
    fn words_then_years_then_position() {
        let r = RoleRules::builtin().unwrap();
        // 1997: words give the review; the policy areas after it are tasks
        // until unification and foreign affairs.
        let h = |titles: &[&'static str]| -> Vec<(&'static str, &'static str)> {
            titles.iter().map(|t| (*t, "")).collect()
        };
        let titles = h(&[
            "1996年国内工作的回顾",
            "保持国民经济发展的良好势头",
            "在国有企业改革方面迈出更大的步伐",
            "确保香港政权的顺利交接与平稳过渡,推进祖国统一大业",
            "关于外交工作",
        ]);
        assert_eq!(
            r.assign(&titles, Some(1997)),
            ["review", "tasks", "tasks", "other", "other"]
        );
        // 1959: the years named decide.
        let titles = h(&[
            "第一个五年计划时期内和第二个五年计划的第一年——一九五八年的伟大成就",
            "我们在第二个五年计划的第二年——一九五九年经济战线上的任务",
        ]);
        assert_eq!(r.assign(&titles, Some(1959)), ["review", "tasks"]);
        assert_eq!(
            r.role_by_year("1981年国民经济计划的任务和主要指标", 1980),
            "tasks"
        );
        assert_eq!(r.role_by_year("1955年国家决算", 1956), "review");
        // Without a review nothing is placed by position.
        assert_eq!(
            r.assign(&h(&["关于社会主义建设", "关于人民生活"]), Some(1957)),
            ["other", "other"]
        );
        // Self-building closes the part on the year's work.
        assert_eq!(
            r.assign(
                &h(&[
                    "过去一年工作回顾",
                    "继续保持经济平稳较快发展",
                    "加强行政能力建设和政风建设",
                    "坚持和平发展道路"
                ]),
                Some(2005)
            ),
            ["review", "tasks", "self_building", "other"]
        );
        // 1979: the first section's words say nothing; its first sentence
        // dates it from last year's session, so it is the review.
        let h1979 = [
            (
                "伟大的历史性转变",
                "从去年三月第五届全国人民代表大会第一次会议闭幕到我们这次会议召开,已经一年零三个月了",
            ),
            ("打好四个现代化的第一个战役", "中共十一届三中全会以后"),
            ("反对霸权主义、维护世界和平", ""),
        ];
        assert_eq!(r.assign(&h1979, Some(1979)), ["review", "tasks", "other"]);
    }

    #[test]
    fn unknown_roles_in_structure_rules_are_errors() {
        let text = "[[role]]\nname = \"review\"\npatterns = ['回顾']\n[position]\nrole = \"plans\"\nafter = [\"review\"]\n";
        let e = RoleRules::parse(text, Path::new("r.toml")).unwrap_err();
        assert!(e.to_string().contains("unknown role \"plans\""), "{e}");
    }
}
