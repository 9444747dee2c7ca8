//! Themes: named sets of terms (with optional `*` wildcards) whose counts are
//! summed into one series per theme.
//!
//! `theme_trends` columns: the group columns, `theme`, `token_count` (sum of
//! the theme's term counts in the group), `tokens_total`, `per_10k_tokens`,
//! `share_pct` (the theme's share of all theme tokens in the group, so the
//! themes of a group sum to 100), `terms_present` (how many of its terms
//! occur in the group), `documents`.

use std::collections::BTreeMap;
use std::path::Path;

use globset::{Glob, GlobMatcher};
use polars::prelude::*;
use serde::Deserialize;

use crate::corpus::clean::toml_error;
use crate::error::{Error, Result, Warning, WarningKind};

/// The shipped theme set.
pub const DEFAULT_THEMES: &str = include_str!("../../assets/themes/default.toml");

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
    /// Wildcard patterns (`*` = any characters) matched against the corpus's words.
    #[serde(default)]
    pub patterns: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawThemes {
    theme: Vec<Theme>,
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
    matchers: Vec<Vec<GlobMatcher>>,
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
            let mut m = Vec::new();
            for p in &t.patterns {
                let g = Glob::new(p).map_err(|e| Error::BadFile {
                    path: origin.to_path_buf(),
                    message: format!("theme {:?}: bad pattern {p:?}: {e}", t.name),
                })?;
                m.push(g.compile_matcher());
            }
            matchers.push(m);
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

    /// `(theme index, term)` pairs: explicit terms plus the words of
    /// `vocabulary` matching a theme's patterns; and warnings for words that
    /// fall into several themes.
    pub fn expand<'a>(
        &self,
        vocabulary: impl IntoIterator<Item = &'a str>,
    ) -> (Vec<(usize, String)>, Vec<Warning>) {
        let mut pairs: Vec<(usize, String)> = Vec::new();
        for (i, t) in self.themes.iter().enumerate() {
            pairs.extend(t.terms.iter().map(|w| (i, w.clone())));
        }
        let vocab: Vec<&str> = vocabulary.into_iter().collect();
        for (i, ms) in self.matchers.iter().enumerate() {
            for w in &vocab {
                if w.chars().count() >= 2 && ms.iter().any(|m| m.is_match(w)) {
                    pairs.push((i, w.to_string()));
                }
            }
        }
        pairs.sort();
        pairs.dedup();
        let mut owners: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, w) in &pairs {
            owners.entry(w.as_str()).or_default().push(*i);
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

/// Sum a `term_trends` frame (with every theme term) into `theme_trends`.
pub fn theme_trends(
    term_trends: &DataFrame,
    themes: &Themes,
    pairs: &[(usize, String)],
    keys: &[&str],
) -> Result<DataFrame> {
    let mapping = DataFrame::new_infer_height(vec![
        Column::new(
            "term".into(),
            pairs.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "theme".into(),
            pairs
                .iter()
                .map(|(i, _)| themes.themes[*i].name.as_str())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "theme_order".into(),
            pairs.iter().map(|(i, _)| *i as u32).collect::<Vec<u32>>(),
        ),
    ])?;
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
        let (pairs, warnings) = t.expand(["数字政府", "数字化", "经济", "数"]);
        assert_eq!(
            pairs,
            [
                (0, "数字化".to_string()),
                (0, "数字政府".to_string()),
                (0, "数字经济".to_string()),
                (1, "数字政府".to_string()),
            ]
        );
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].message.contains("数字政府"));
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
