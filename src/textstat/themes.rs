//! Themes: named sets of terms (with optional `*` wildcards) whose counts are
//! summed into one series per theme.
//!
//! `theme_trends` columns: the group columns, `theme`, `token_count` (sum of
//! the theme's term counts in the group), `tokens_total`, `per_10k_tokens`,
//! `share_pct` (the theme's share of all theme tokens in the group, so the
//! themes of a group sum to 100), `terms_present` (how many of its terms
//! occur in the group), `documents`.
//!
//! `theme_terms` columns: the group columns, `theme`, `term`, `source`
//! (`terms`, or the pattern that matched the word), `token_count` — one row
//! per word that counts in a theme in a group (words with no occurrence in
//! the group are left out), so every number of `theme_trends` is the sum of
//! its rows here.
//!
//! Patterns: `*` stands for any characters, but a pattern never matches its
//! bare stem, the word left when the `*`s are removed (`数字*` matches
//! 数字化, never 数字 "figures"); a pattern without `*` is one exact word of
//! the corpus (for a stem that is itself about the theme, like 互联网). Words
//! listed in a theme's `exclude` (exact words or patterns) never count for it
//! through a pattern.

use std::collections::BTreeMap;
use std::path::Path;

use globset::{Glob, GlobMatcher};
use polars::prelude::*;
use serde::Deserialize;

use crate::corpus::clean::toml_error;
use crate::error::{Error, Result, Warning, WarningKind};

/// The shipped theme set.
pub const DEFAULT_THEMES: &str = include_str!("../../assets/themes/default.toml");

/// The reviewed words the shipped patterns may match (`theme<TAB>word`).
pub const DEFAULT_ALLOW: &str = include_str!("../../assets/themes/default.allow.txt");

/// One theme.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    /// Display name.
    pub name: String,
    /// Optional ASCII identifier.
    #[serde(default)]
    pub id: Option<String>,
    /// Optional description.
    #[serde(default)]
    pub description: Option<String>,
    /// Exact terms.
    #[serde(default)]
    pub terms: Vec<String>,
    /// Wildcard patterns (`*` = any characters, never the bare stem)
    /// matched against the corpus's words.
    #[serde(default)]
    pub patterns: Vec<String>,
    /// Words (or patterns) that never count for the theme through a pattern.
    #[serde(default)]
    pub exclude: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawThemes {
    theme: Vec<Theme>,
}

/// A compiled pattern: the glob and the bare stem it must not match.
#[derive(Debug, Clone)]
struct Pattern {
    text: String,
    glob: GlobMatcher,
    stem: Option<String>,
}

impl Pattern {
    fn new(text: &str, theme: &str, origin: &Path) -> Result<Pattern> {
        let glob = Glob::new(text).map_err(|e| Error::BadFile {
            path: origin.to_path_buf(),
            message: format!("theme {theme:?}: bad pattern {text:?}: {e}"),
        })?;
        Ok(Pattern {
            text: text.to_string(),
            glob: glob.compile_matcher(),
            stem: text.contains('*').then(|| text.replace('*', "")),
        })
    }

    fn is_match(&self, word: &str) -> bool {
        self.stem.as_deref() != Some(word) && self.glob.is_match(word)
    }
}

/// A theme's compiled patterns and exclusions.
#[derive(Debug, Clone)]
struct Matchers {
    patterns: Vec<Pattern>,
    exclude: Vec<GlobMatcher>,
}

/// A word counted in a theme, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ThemeTerm {
    /// Index of the theme in [`Themes::themes`].
    pub theme: usize,
    /// The word.
    pub term: String,
    /// `terms` for an explicit term, else the pattern that matched it.
    pub source: String,
}

/// A theme set with its origin.
#[derive(Debug, Clone)]
pub struct Themes {
    /// The themes, in file order.
    pub themes: Vec<Theme>,
    /// Where they came from.
    pub origin: String,
    /// SHA-256 of the file.
    pub sha256: String,
    matchers: Vec<Matchers>,
}

impl Themes {
    /// The shipped themes (`assets/themes/default.toml`).
    pub fn builtin() -> Result<Themes> {
        Self::parse(DEFAULT_THEMES, Path::new("assets/themes/default.toml"))
    }

    /// Read a theme file.
    pub fn read(path: &Path) -> Result<Themes> {
        let text = crate::fileio::read_utf8(path, "the themes file")?;
        Self::parse(&text, path)
    }

    /// Parse TOML text.
    pub fn parse(text: &str, origin: &Path) -> Result<Themes> {
        let raw: RawThemes = toml::from_str(text).map_err(|e| toml_error(origin, text, &e))?;
        let mut matchers = Vec::new();
        for t in &raw.theme {
            if t.terms.is_empty() && t.patterns.is_empty() {
                return Err(Error::BadFile {
                    path: origin.to_path_buf(),
                    message: format!("theme {:?} has neither terms nor patterns", t.name),
                });
            }
            if let Some(w) = t.exclude.iter().find(|w| t.terms.contains(w)) {
                return Err(Error::BadFile {
                    path: origin.to_path_buf(),
                    message: format!(
                        "theme {:?}: {w:?} is both a term and excluded; remove it from one list",
                        t.name
                    ),
                });
            }
            let mut patterns = Vec::new();
            for p in &t.patterns {
                patterns.push(Pattern::new(p, &t.name, origin)?);
            }
            let mut exclude = Vec::new();
            for p in &t.exclude {
                exclude.push(Pattern::new(p, &t.name, origin)?.glob);
            }
            matchers.push(Matchers { patterns, exclude });
        }
        Ok(Themes {
            themes: raw.theme,
            origin: origin.display().to_string(),
            sha256: crate::report::sha256_hex(text.as_bytes()),
            matchers,
        })
    }

    /// Every explicit term of every theme (to protect in segmentation).
    pub fn explicit_terms(&self) -> Vec<String> {
        let mut t: Vec<String> = self.themes.iter().flat_map(|t| t.terms.clone()).collect();
        t.sort();
        t.dedup();
        t
    }

    /// The pattern of theme `i` that matches `word` (first in file order),
    /// unless the word is excluded or shorter than two characters.
    pub fn pattern_match(&self, i: usize, word: &str) -> Option<&str> {
        let m = self.matchers.get(i)?;
        if word.chars().count() < 2 || m.exclude.iter().any(|e| e.is_match(word)) {
            return None;
        }
        m.patterns
            .iter()
            .find(|p| p.is_match(word))
            .map(|p| p.text.as_str())
    }

    /// The theme words: explicit terms plus the words of `vocabulary`
    /// matching a theme's patterns (sorted by theme, then word); and
    /// warnings for words that fall into several themes.
    pub fn expand<'a>(
        &self,
        vocabulary: impl IntoIterator<Item = &'a str>,
    ) -> (Vec<ThemeTerm>, Vec<Warning>) {
        let mut pairs: Vec<ThemeTerm> = Vec::new();
        for (i, t) in self.themes.iter().enumerate() {
            pairs.extend(t.terms.iter().map(|w| ThemeTerm {
                theme: i,
                term: w.clone(),
                source: "terms".into(),
            }));
        }
        // Distinct words, sorted (the words of every document's counts come
        // in: a hash set keeps memory to the vocabulary's size).
        let distinct: rustc_hash::FxHashSet<&str> = vocabulary.into_iter().collect();
        let mut vocab: Vec<&str> = distinct.into_iter().collect();
        vocab.sort_unstable();
        for i in 0..self.themes.len() {
            for w in &vocab {
                if self.themes[i].terms.iter().any(|t| t == w) {
                    continue;
                }
                if let Some(p) = self.pattern_match(i, w) {
                    pairs.push(ThemeTerm {
                        theme: i,
                        term: w.to_string(),
                        source: p.to_string(),
                    });
                }
            }
        }
        pairs.sort();
        pairs.dedup_by(|a, b| a.theme == b.theme && a.term == b.term);
        let mut owners: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for p in &pairs {
            owners.entry(p.term.as_str()).or_default().push(p.theme);
        }
        let warnings = owners
            .into_iter()
            .filter(|(_, v)| v.len() > 1)
            .map(|(w, v)| {
                let names: Vec<&str> = v.iter().map(|&i| self.themes[i].name.as_str()).collect();
                Warning::new(
                    WarningKind::Other,
                    self.origin.clone(),
                    None,
                    format!(
                        "{w:?} belongs to several themes ({}); it counts in each",
                        names.join(", ")
                    ),
                )
            })
            .collect();
        (pairs, warnings)
    }
}

/// The reviewed `(theme, word)` pairs of an allow-list (`theme<TAB>word` per
/// line, `#` comments, blank lines ignored): the words a theme's patterns
/// were checked to match correctly.
pub fn parse_allow_list(text: &str, origin: &Path) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.split('\t');
        match (parts.next(), parts.next(), parts.next()) {
            (Some(theme), Some(word), None) if !theme.is_empty() && !word.is_empty() => {
                out.push((theme.trim().to_string(), word.trim().to_string()));
            }
            _ => {
                return Err(Error::BadFile {
                    path: origin.to_path_buf(),
                    message: format!("line {}: expected `theme<TAB>word`, got {line:?}", n + 1),
                });
            }
        }
    }
    Ok(out)
}

/// The term → theme mapping as a frame (`term`, `theme`, `theme_order`, `source`).
fn mapping(themes: &Themes, pairs: &[ThemeTerm]) -> Result<DataFrame> {
    Ok(DataFrame::new_infer_height(vec![
        Column::new(
            "term".into(),
            pairs.iter().map(|p| p.term.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "theme".into(),
            pairs
                .iter()
                .map(|p| themes.themes[p.theme].name.as_str())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "theme_order".into(),
            pairs.iter().map(|p| p.theme as u32).collect::<Vec<u32>>(),
        ),
        Column::new(
            "source".into(),
            pairs.iter().map(|p| p.source.as_str()).collect::<Vec<_>>(),
        ),
    ])?)
}

/// The `theme_terms` table: every word with occurrences in a group, under
/// each theme it counts for (see the module docs).
pub fn theme_terms(
    term_trends: &DataFrame,
    themes: &Themes,
    pairs: &[ThemeTerm],
    keys: &[&str],
) -> Result<DataFrame> {
    let mut select: Vec<Expr> = keys.iter().map(|k| col(*k)).collect();
    select.extend(["theme", "term", "source", "token_count"].map(col));
    let mut sort: Vec<PlSmallStr> = keys.iter().map(|k| (*k).into()).collect();
    sort.extend(["theme_order".into(), "token_count".into(), "term".into()]);
    let mut descending = vec![false; keys.len()];
    descending.extend([false, true, false]);
    let df = term_trends
        .clone()
        .lazy()
        .filter(col("token_count").gt(lit(0u64)))
        .join(
            mapping(themes, pairs)?.lazy(),
            [col("term")],
            [col("term")],
            JoinArgs::new(JoinType::Inner),
        )
        .sort(
            sort,
            SortMultipleOptions::default().with_order_descending_multi(descending),
        )
        .select(select)
        .collect()?;
    Ok(df)
}

/// Sum a `term_trends` frame (with every theme term) into `theme_trends`.
pub fn theme_trends(
    term_trends: &DataFrame,
    themes: &Themes,
    pairs: &[ThemeTerm],
    keys: &[&str],
) -> Result<DataFrame> {
    let mapping = mapping(themes, pairs)?;
    let group: Vec<Expr> = keys.iter().map(|k| col(*k)).collect();
    let mut by: Vec<Expr> = group.clone();
    by.extend([col("theme"), col("theme_order")]);
    let mut sort: Vec<PlSmallStr> = keys.iter().map(|k| (*k).into()).collect();
    sort.push("theme_order".into());
    let mut select: Vec<Expr> = group.clone();
    select.extend(
        [
            "theme",
            "token_count",
            "tokens_total",
            "per_10k_tokens",
            "share_pct",
            "terms_present",
            "documents",
        ]
        .map(col),
    );
    let group_total = col("token_count").sum().over(group.clone())?;
    let df = term_trends
        .clone()
        .lazy()
        .join(
            mapping.lazy(),
            [col("term")],
            [col("term")],
            JoinArgs::new(JoinType::Inner),
        )
        .group_by(by)
        .agg([
            col("token_count").sum(),
            col("tokens_total").first(),
            col("documents").first(),
            col("token_count")
                .gt(lit(0u64))
                .cast(DataType::UInt32)
                .sum()
                .alias("terms_present"),
        ])
        .with_columns([
            (col("token_count").cast(DataType::Float64) * lit(10_000.0)
                / col("tokens_total").cast(DataType::Float64))
            .alias("per_10k_tokens"),
            (col("token_count").cast(DataType::Float64) * lit(100.0)
                / group_total.cast(DataType::Float64))
            .fill_nan(lit(0.0))
            .alias("share_pct"),
        ])
        .sort(sort, SortMultipleOptions::default())
        .select(select)
        .collect()?;
    Ok(df)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_themes_are_many_and_in_the_lexicon() {
        let t = Themes::builtin().unwrap();
        assert!(t.themes.len() >= 8);
        let lexicon = crate::tokens::Dictionary::lexicon().unwrap();
        let words: std::collections::HashSet<&str> =
            lexicon.entries.iter().map(|e| e.word.as_str()).collect();
        for th in &t.themes {
            for w in &th.terms {
                assert!(
                    words.contains(w.as_str()),
                    "{w} ({}) not in the lexicon",
                    th.name
                );
            }
        }
        assert!(t.themes.iter().any(|x| x.name == "数字化"));
    }

    #[test]
    fn patterns_expand_against_the_vocabulary_and_overlaps_warn() {
        let t = Themes::parse(
            "[[theme]]\nname = \"A\"\nterms = [\"数字经济\"]\npatterns = [\"数字*\"]\n[[theme]]\nname = \"B\"\nterms = [\"数字政府\"]\n",
            Path::new("t.toml"),
        )
        .unwrap();
        let (pairs, warnings) = t.expand(["数字政府", "数字化", "经济", "数", "数字"]);
        let got: Vec<(usize, &str, &str)> = pairs
            .iter()
            .map(|p| (p.theme, p.term.as_str(), p.source.as_str()))
            .collect();
        // 数字 itself is not matched: a pattern never matches its bare stem.
        assert_eq!(
            got,
            [
                (0, "数字化", "数字*"),
                (0, "数字政府", "数字*"),
                (0, "数字经济", "terms"),
                (1, "数字政府", "terms"),
            ]
        );
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].message.contains("数字政府"));
    }

    #[test]
    fn stems_exclusions_and_exact_word_patterns() {
        let t = Themes::parse(
            "[[theme]]\nname = \"A\"\npatterns = [\"*互联网*\", \"互联网\", \"数字*\"]\nexclude = [\"数字电路\", \"*密码\"]\n",
            Path::new("t.toml"),
        )
        .unwrap();
        assert_eq!(t.pattern_match(0, "互联网金融"), Some("*互联网*"));
        assert_eq!(t.pattern_match(0, "移动互联网"), Some("*互联网*"));
        // The bare stem of *互联网* is matched only by the exact pattern.
        assert_eq!(t.pattern_match(0, "互联网"), Some("互联网"));
        assert_eq!(t.pattern_match(0, "数字"), None);
        assert_eq!(t.pattern_match(0, "数字化"), Some("数字*"));
        assert_eq!(t.pattern_match(0, "数字电路"), None);
        assert_eq!(t.pattern_match(0, "数字密码"), None);
        let both = Themes::parse(
            "[[theme]]\nname = \"A\"\nterms = [\"数字经济\"]\nexclude = [\"数字经济\"]\n",
            Path::new("t.toml"),
        );
        assert!(
            both.unwrap_err()
                .to_string()
                .contains("both a term and excluded")
        );
    }

    #[test]
    fn shipped_allow_list_names_shipped_themes() {
        let t = Themes::builtin().unwrap();
        let allow = parse_allow_list(DEFAULT_ALLOW, Path::new("default.allow.txt")).unwrap();
        assert!(allow.len() >= 10);
        for (theme, word) in &allow {
            let i = t.themes.iter().position(|x| &x.name == theme);
            let i = i.unwrap_or_else(|| panic!("{theme} is not a shipped theme"));
            assert!(
                t.pattern_match(i, word).is_some(),
                "{word} is not matched by {theme}"
            );
        }
        assert!(allow.contains(&("数字化".into(), "数字化".into())));
        let bad = parse_allow_list("数字化 数字化\n", Path::new("a.txt"));
        assert!(bad.unwrap_err().to_string().contains("line 1"));
    }

    #[test]
    fn theme_terms_trace_each_theme_count_to_its_words() {
        let tt = df!(
            "year" => [2020i32, 2020, 2020, 2021],
            "term" => ["甲", "乙", "丙", "甲"],
            "token_count" => [3u64, 0, 4, 2],
            "tokens_total" => [1000u64, 1000, 1000, 500],
            "documents" => [1u32, 1, 1, 1],
        )
        .unwrap();
        let t = Themes::parse(
            "[[theme]]\nname = \"A\"\nterms = [\"甲\"]\npatterns = [\"乙*\"]\n[[theme]]\nname = \"B\"\nterms = [\"丙\", \"甲\"]\n",
            Path::new("t.toml"),
        )
        .unwrap();
        let (pairs, _) = t.expand(["乙乙"]);
        let mut pairs = pairs;
        pairs.push(ThemeTerm {
            theme: 0,
            term: "乙".into(),
            source: "乙*".into(),
        });
        let out = theme_terms(&tt, &t, &pairs, &["year"]).unwrap();
        let year = out.column("year").unwrap().i32().unwrap().to_vec();
        let theme = out.column("theme").unwrap().str().unwrap();
        let term = out.column("term").unwrap().str().unwrap();
        let n = out.column("token_count").unwrap().u64().unwrap().to_vec();
        let rows: Vec<(i32, &str, &str, u64)> = (0..out.height())
            .map(|i| {
                (
                    year[i].unwrap(),
                    theme.get(i).unwrap(),
                    term.get(i).unwrap(),
                    n[i].unwrap(),
                )
            })
            .collect();
        // 乙 has no occurrence: no row. B in 2020: 丙 4 before 甲 3.
        assert_eq!(
            rows,
            [
                (2020, "A", "甲", 3),
                (2020, "B", "丙", 4),
                (2020, "B", "甲", 3),
                (2021, "A", "甲", 2),
                (2021, "B", "甲", 2),
            ]
        );
    }

    #[test]
    fn sums_and_shares_by_hand() {
        // One year, tokens_total 1000: theme A = 3 + 1, theme B = 4.
        let tt = df!(
            "year" => [2020i32, 2020, 2020],
            "term" => ["甲", "乙", "丙"],
            "token_count" => [3u64, 1, 4],
            "tokens_total" => [1000u64, 1000, 1000],
            "documents" => [1u32, 1, 1],
        )
        .unwrap();
        let t = Themes::parse(
            "[[theme]]\nname = \"A\"\nterms = [\"甲\", \"乙\"]\n[[theme]]\nname = \"B\"\nterms = [\"丙\"]\n",
            Path::new("t.toml"),
        )
        .unwrap();
        let (pairs, _) = t.expand([]);
        let out = theme_trends(&tt, &t, &pairs, &["year"]).unwrap();
        let count = out.column("token_count").unwrap().u64().unwrap().to_vec();
        assert_eq!(count, [Some(4), Some(4)]);
        let share = out.column("share_pct").unwrap().f64().unwrap().to_vec();
        assert_eq!(share, [Some(50.0), Some(50.0)]);
        let per = out
            .column("per_10k_tokens")
            .unwrap()
            .f64()
            .unwrap()
            .to_vec();
        assert_eq!(per, [Some(40.0), Some(40.0)]);
        let present = out.column("terms_present").unwrap().u32().unwrap().to_vec();
        assert_eq!(present, [Some(2), Some(1)]);
    }
}
