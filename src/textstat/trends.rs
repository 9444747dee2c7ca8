//! Term trends: per (group, term) counts and rates, grouped by year, region,
//! section role or a combination, computed with Polars from per-unit counts
//! (a unit is a document, or the part of a document under one section role).
//!
//! Columns of the result (`term_trends`):
//! `year`, `level`, `region`, `section` (the group columns asked for), `term`, `token_count` (the term as a
//! token after segmentation), `substring_count` (non-overlapping occurrences
//! in the cleaned NFKC text, independent of segmentation), `tokens_total`
//! and `han_chars` of the group, `per_10k_tokens` = token_count / tokens_total
//! × 10⁴, `per_10k_chars` = substring_count / han_chars × 10⁴, `documents`
//! (distinct documents) in the group, `first_year` the term occurs (as a token) in the units given that share the
//! group's level, region and section (by year alone: in all the reports a run analyses),
//! `pick` and `reason` (why the term is in the table).
//!
//! [`with_rate_intervals`] adds 95 % (or other) exact Poisson intervals of the
//! rates: `per_10k_low`, `per_10k_high` after `per_10k_tokens` and
//! `per_10k_chars_low`, `per_10k_chars_high` after `per_10k_chars`.
//!
//! Several documents in one group are summed before normalising. A group
//! with documents and no occurrence has a row with 0; a year without
//! documents has no row at all (it is a gap, not a zero).

use polars::prelude::*;
use rayon::prelude::*;

use super::select::TermChoice;
use crate::dfm::units::Unit;
use crate::error::{Error, Result};

/// How units are grouped: any non-empty combination of year, level, region
/// and section role, always in that column order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct GroupBy {
    /// Group by year.
    pub year: bool,
    /// Group by administrative level (national, province, city, county).
    pub level: bool,
    /// Group by region.
    pub region: bool,
    /// Group by section role (units are document sections).
    pub section: bool,
}

impl GroupBy {
    /// One group per year.
    pub const YEAR: GroupBy = GroupBy {
        year: true,
        level: false,
        region: false,
        section: false,
    };
    /// One group per region.
    pub const REGION: GroupBy = GroupBy {
        year: false,
        level: false,
        region: true,
        section: false,
    };

    /// Parse a comma-separated list of `year`, `level`, `region`, `section`.
    pub fn parse(s: &str) -> Result<GroupBy> {
        let mut g = GroupBy::default();
        for part in s.split(',').map(|p| p.trim().to_lowercase()) {
            match part.as_str() {
                "year" => g.year = true,
                "level" => g.level = true,
                "region" => g.region = true,
                "section" => g.section = true,
                "" => {}
                _ => {
                    return Err(Error::Usage(format!(
                        "--by {s:?}: use year, level, region, section or a comma-separated combination (year,level; year,region; year,section)"
                    )));
                }
            }
        }
        if !(g.year || g.level || g.region || g.section) {
            return Err(Error::Usage(
                "--by needs year, level, region or section".into(),
            ));
        }
        Ok(g)
    }

    /// The group columns, in order.
    pub fn keys(self) -> Vec<&'static str> {
        let mut k = Vec::new();
        if self.year {
            k.push("year");
        }
        if self.level {
            k.push("level");
        }
        if self.region {
            k.push("region");
        }
        if self.section {
            k.push("section");
        }
        k
    }

    /// Whether the groups include the year.
    pub fn has_year(self) -> bool {
        self.year
    }
}

/// The region and level labels of a document without one (defined by
/// the corpus stage, whose warnings name them too).
pub use crate::corpus::{UNKNOWN_LEVEL, UNKNOWN_REGION};

/// The `level` group value of a document: `national`, `province`, `city`,
/// `county`, or [`UNKNOWN_LEVEL`].
pub fn level_label(d: &crate::corpus::Document) -> &'static str {
    d.level.map_or(UNKNOWN_LEVEL, |l| l.as_str())
}

/// The years whose documents are of more than one level, with those levels
/// (sorted), e.g. `2019 → [city, national]`: grouped by year alone their
/// counts and totals are summed across levels, so a national report and city
/// reports make one rate.
pub fn mixed_level_years(
    docs: &[crate::corpus::Document],
) -> std::collections::BTreeMap<i32, Vec<&'static str>> {
    let mut by_year: std::collections::BTreeMap<i32, std::collections::BTreeSet<&'static str>> =
        std::collections::BTreeMap::new();
    for d in docs {
        by_year.entry(d.year).or_default().insert(level_label(d));
    }
    by_year
        .into_iter()
        .filter(|(_, l)| l.len() > 1)
        .map(|(y, l)| (y, l.into_iter().collect()))
        .collect()
}
/// Section label when units are whole documents.
pub const ALL_SECTIONS: &str = "all";

/// Per-unit facts: `unit, doc_id, year, level, region, section, tokens_total, han_chars`.
pub fn unit_facts(units: &[Unit<'_>]) -> Result<DataFrame> {
    Ok(DataFrame::new_infer_height(vec![
        Column::new("unit".into(), (0..units.len() as u32).collect::<Vec<u32>>()),
        Column::new(
            "doc_id".into(),
            units
                .iter()
                .map(|u| u.doc.doc_id.as_str())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "year".into(),
            units.iter().map(|u| u.doc.year).collect::<Vec<i32>>(),
        ),
        Column::new(
            "level".into(),
            units.iter().map(|u| level_label(u.doc)).collect::<Vec<_>>(),
        ),
        Column::new(
            "region".into(),
            units
                .iter()
                .map(|u| u.doc.region.as_deref().unwrap_or(UNKNOWN_REGION))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "section".into(),
            units
                .iter()
                .map(|u| u.section.unwrap_or(ALL_SECTIONS))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "tokens_total".into(),
            units
                .iter()
                .map(|u| u.counts.tokens_total)
                .collect::<Vec<u64>>(),
        ),
        Column::new(
            "han_chars".into(),
            units
                .iter()
                .map(|u| {
                    if u.section.is_none() {
                        u.doc.han_chars as u64
                    } else {
                        u.text
                            .chars()
                            .filter(|&c| crate::corpus::metadata::is_han(c))
                            .count() as u64
                    }
                })
                .collect::<Vec<u64>>(),
        ),
    ])?)
}

/// Per (unit, term) counts for the chosen terms where the term occurs (as
/// a token or as a substring): `unit, term, term_order, token_count,
/// substring_count`. A unit without the term has no row ([`term_trends`]
/// gives its group a zero), so the table grows with the occurrences, not
/// with units × terms (hundreds of theme words over thousands of reports).
pub fn unit_term_counts(units: &[Unit<'_>], terms: &[TermChoice]) -> Result<DataFrame> {
    let counter =
        crate::tokens::SubstringCounter::new(&terms.iter().map(|t| &t.term).collect::<Vec<_>>());
    let rows: Vec<(u32, usize, u64, u64)> = units
        .par_iter()
        .with_max_len(1)
        .enumerate()
        .flat_map_iter(|(ui, u)| {
            // Counted already (cached or streamed), else all terms in one pass.
            let substrings: Vec<u64> = match u.substrings {
                Some(_) => terms
                    .iter()
                    .map(|t| u.substring_count(&t.term) as u64)
                    .collect(),
                None => counter.counts(u.text).into_iter().map(u64::from).collect(),
            };
            terms
                .iter()
                .zip(substrings)
                .enumerate()
                .filter_map(move |(ti, (t, sub))| {
                    let row = (ui as u32, ti, u64::from(u.counts.get(&t.term)), sub);
                    (row.2 > 0 || row.3 > 0).then_some(row)
                })
        })
        .collect();
    Ok(DataFrame::new_infer_height(vec![
        Column::new(
            "unit".into(),
            rows.iter().map(|r| r.0).collect::<Vec<u32>>(),
        ),
        Column::new(
            "term".into(),
            rows.iter()
                .map(|r| terms[r.1].term.as_str())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "term_order".into(),
            rows.iter().map(|r| r.1 as u32).collect::<Vec<u32>>(),
        ),
        Column::new(
            "token_count".into(),
            rows.iter().map(|r| r.2).collect::<Vec<u64>>(),
        ),
        Column::new(
            "substring_count".into(),
            rows.iter().map(|r| r.3).collect::<Vec<u64>>(),
        ),
    ])?)
}

/// The `term_trends` table (see the module docs for its columns).
pub fn term_trends(units: &[Unit<'_>], terms: &[TermChoice], by: GroupBy) -> Result<DataFrame> {
    let facts = unit_facts(units)?.lazy();
    let counts = unit_term_counts(units, terms)?.lazy();
    let joined = counts.join(
        facts.clone(),
        [col("unit")],
        [col("unit")],
        JoinArgs::new(JoinType::Inner),
    );
    // The first year the term occurs in each group's reports, where a
    // group is everything but the year: by year alone, the term's first
    // year in all the reports analysed; by year and region, that region's
    // first year (what the chart's "首次出现" marks).
    let mut first_keys: Vec<Expr> = by
        .keys()
        .into_iter()
        .filter(|k| *k != "year")
        .map(col)
        .collect();
    first_keys.push(col("term"));
    let first_year = joined
        .clone()
        .filter(col("token_count").gt(lit(0u64)))
        .group_by(first_keys.clone())
        .agg([col("year").min().alias("first_year")]);
    let reasons = DataFrame::new_infer_height(vec![
        Column::new(
            "term".into(),
            terms.iter().map(|t| t.term.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "pick".into(),
            terms.iter().map(|t| t.pick.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "reason".into(),
            terms.iter().map(|t| t.reason.as_str()).collect::<Vec<_>>(),
        ),
    ])?
    .lazy();
    let group: Vec<&str> = by.keys();
    let group_keys: Vec<Expr> = group.iter().map(|k| col(*k)).collect();
    let mut keys: Vec<Expr> = group_keys.clone();
    keys.push(col("term"));
    keys.push(col("term_order"));
    // Every group with every term (a group without an occurrence of a term
    // gets 0): the groups' totals, joined on a constant key to the terms.
    let groups = facts
        .group_by(group_keys)
        .agg([
            col("tokens_total").sum(),
            col("han_chars").sum(),
            col("doc_id")
                .n_unique()
                .cast(DataType::UInt32)
                .alias("documents"),
        ])
        .with_column(lit(1u32).alias("__all"));
    let term_list = DataFrame::new_infer_height(vec![
        Column::new(
            "term".into(),
            terms.iter().map(|t| t.term.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "term_order".into(),
            (0..terms.len() as u32).collect::<Vec<u32>>(),
        ),
    ])?
    .lazy()
    .with_column(lit(1u32).alias("__all"));
    let grid = materialized(groups.join(
        term_list,
        [col("__all")],
        [col("__all")],
        JoinArgs::new(JoinType::Inner),
    ))?;
    let sums = joined
        .group_by(keys.clone())
        .agg([col("token_count").sum(), col("substring_count").sum()]);
    let mut sort_keys: Vec<PlSmallStr> = group.iter().map(|k| (*k).into()).collect();
    sort_keys.push("term_order".into());
    let mut out_cols: Vec<Expr> = group.iter().map(|k| col(*k)).collect();
    out_cols.extend(
        [
            "term",
            "token_count",
            "substring_count",
            "tokens_total",
            "han_chars",
            "per_10k_tokens",
            "per_10k_chars",
            "documents",
            "first_year",
            "pick",
            "reason",
        ]
        .map(col),
    );
    let df = grid
        .join(sums, keys.clone(), keys, JoinArgs::new(JoinType::Left))
        .with_columns([
            col("token_count").fill_null(lit(0u64)),
            col("substring_count").fill_null(lit(0u64)),
        ])
        .with_columns([
            rate("token_count", "tokens_total").alias("per_10k_tokens"),
            rate("substring_count", "han_chars").alias("per_10k_chars"),
        ])
        .join(
            first_year,
            first_keys.clone(),
            first_keys,
            JoinArgs::new(JoinType::Left),
        )
        .join(
            reasons,
            [col("term")],
            [col("term")],
            JoinArgs::new(JoinType::Left),
        )
        .sort(sort_keys, SortMultipleOptions::default())
        .select(out_cols)
        .collect()?;
    Ok(df)
}

/// The rate columns that get intervals: `(rate, count, total, low, high)`.
const INTERVAL_COLUMNS: [(&str, &str, &str, &str, &str); 2] = [
    (
        "per_10k_tokens",
        "token_count",
        "tokens_total",
        "per_10k_low",
        "per_10k_high",
    ),
    (
        "per_10k_chars",
        "substring_count",
        "han_chars",
        "per_10k_chars_low",
        "per_10k_chars_high",
    ),
];

/// Add confidence intervals at coverage `level` (e.g. 0.95) to the per-10k
/// rates of a `term_trends` or `theme_trends` frame: `per_10k_low` and
/// `per_10k_high` after `per_10k_tokens` (from `token_count` and
/// `tokens_total`), and `per_10k_chars_low`/`per_10k_chars_high` after
/// `per_10k_chars` (from `substring_count` and `han_chars`), for the rate
/// columns the frame has. Each is the exact Poisson (Garwood) interval of the
/// count divided by the total × 10⁴ ([`rate_interval`]); null where the
/// total is 0.
///
/// [`rate_interval`]: super::stats::rate_interval
pub fn with_rate_intervals(df: &DataFrame, level: f64) -> Result<DataFrame> {
    let mut columns: Vec<Column> = Vec::with_capacity(df.width() + 4);
    for c in df.columns() {
        columns.push(c.clone());
        let Some(&(_, count, total, low, high)) =
            INTERVAL_COLUMNS.iter().find(|x| x.0 == c.name().as_str())
        else {
            continue;
        };
        let count = df.column(count)?.cast(&DataType::UInt64)?;
        let total = df.column(total)?.cast(&DataType::UInt64)?;
        let (count, total) = (count.u64()?, total.u64()?);
        let bounds: Vec<Option<(f64, f64)>> = count
            .iter()
            .zip(total.iter())
            .map(|(k, n)| super::stats::rate_interval(k?, n?, 1e4, level))
            .collect();
        columns.push(Column::new(
            low.into(),
            bounds.iter().map(|b| b.map(|b| b.0)).collect::<Vec<_>>(),
        ));
        columns.push(Column::new(
            high.into(),
            bounds.iter().map(|b| b.map(|b| b.1)).collect::<Vec<_>>(),
        ));
    }
    Ok(DataFrame::new_infer_height(columns)?)
}

/// `lf` collected with every column a full series. A join with a one-row
/// frame (a single group) leaves that frame's columns as broadcast scalars,
/// and Polars divides by a scalar as a multiplication by its reciprocal,
/// which can differ from the division in the last bit of a rate.
fn materialized(lf: LazyFrame) -> Result<LazyFrame> {
    let df = lf.collect()?;
    let columns: Vec<Column> = df
        .columns()
        .iter()
        .map(|c| c.as_materialized_series().clone().into_column())
        .collect();
    Ok(DataFrame::new_infer_height(columns)?.lazy())
}

/// `num / den × 10⁴` as f64 (null when the denominator is 0).
fn rate(num: &str, den: &str) -> Expr {
    when(col(den).gt(lit(0u64)))
        .then(col(num).cast(DataType::Float64) * lit(10_000.0) / col(den).cast(DataType::Float64))
        .otherwise(lit(NULL).cast(DataType::Float64))
}

/// The years each group of a grouping without `year` (by region, level or
/// both) has reports in, sorted: `None` when the grouping has `year` or
/// neither region nor level. The key is the group's level and region
/// joined by a space, as tables show them.
pub fn years_of_groups(
    corpus: &crate::corpus::Corpus,
    by: GroupBy,
) -> Option<std::collections::BTreeMap<String, Vec<i32>>> {
    if by.year || !(by.region || by.level) {
        return None;
    }
    let mut years: std::collections::BTreeMap<String, Vec<i32>> = Default::default();
    for d in &corpus.documents {
        let mut key = Vec::new();
        if by.level {
            key.push(d.level.map_or("(unknown)", |l| l.as_str()));
        }
        if by.region {
            key.push(d.region.as_deref().unwrap_or(crate::corpus::UNKNOWN_REGION));
        }
        years.entry(key.join(" ")).or_default().push(d.year);
    }
    for ys in years.values_mut() {
        ys.sort_unstable();
        ys.dedup();
    }
    Some(years)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::textstat::testutil::{corpus, words};

    #[test]
    fn documents_of_a_year_are_summed_before_normalising_and_gaps_stay_gaps() {
        // 2019: doc A has 数字经济 2 times in 10 tokens, doc B none in 30 tokens.
        // Pooled rate = 2 / 40 * 1e4 = 500 (the mean of the two rates would be 1000).
        // 2021: no 数字经济 in 10 tokens -> a row with 0. 2020: no document -> no row.
        let (_d, c, dfm) = corpus(
            &[
                ("2019_甲市.txt", words(&[("数字经济", 2), ("农业", 8)])),
                ("2019_乙市.txt", words(&[("农业", 30)])),
                ("2021_甲市.txt", words(&[("农业", 10)])),
            ],
            &["数字经济"],
        );
        let units = crate::dfm::units::documents(&c, &dfm);
        let t = term_trends(&units, &[TermChoice::requested("数字经济")], GroupBy::YEAR).unwrap();
        assert_eq!(t.height(), 2);
        let col = |n: &str| t.column(n).unwrap().clone();
        assert_eq!(
            col("year").i32().unwrap().to_vec(),
            [Some(2019), Some(2021)]
        );
        assert_eq!(
            col("token_count").u64().unwrap().to_vec(),
            [Some(2), Some(0)]
        );
        assert_eq!(
            col("tokens_total").u64().unwrap().to_vec(),
            [Some(40), Some(10)]
        );
        assert_eq!(col("documents").u32().unwrap().to_vec(), [Some(2), Some(1)]);
        assert_eq!(
            col("per_10k_tokens").f64().unwrap().to_vec(),
            [Some(500.0), Some(0.0)]
        );
        // han_chars: 2019 = (2*4 + 8*2) + 30*2 = 84 Han characters; 2 occurrences.
        assert_eq!(
            col("han_chars").u64().unwrap().to_vec(),
            [Some(84), Some(20)]
        );
        let per_chars = col("per_10k_chars").f64().unwrap().get(0).unwrap();
        assert!((per_chars - 2.0 / 84.0 * 1e4).abs() < 1e-9);
        assert_eq!(
            col("first_year").i32().unwrap().to_vec(),
            [Some(2019), Some(2019)]
        );

        let by = GroupBy::parse("year,region").unwrap();
        let r = term_trends(&units, &[TermChoice::requested("数字经济")], by).unwrap();
        assert_eq!(r.height(), 3);
        let r = term_trends(
            &units,
            &[TermChoice::requested("数字经济")],
            GroupBy::REGION,
        )
        .unwrap();
        // 甲市: 2 in 20 tokens = 1000 per 10k; 乙市: 0.
        assert_eq!(
            {
                let c = r.column("region").unwrap().str().unwrap().clone();
                (0..c.len())
                    .map(|i| c.get(i).map(str::to_string))
                    .collect::<Vec<_>>()
            },
            [Some("乙市".to_string()), Some("甲市".to_string())]
        );
        assert_eq!(
            r.column("per_10k_tokens").unwrap().f64().unwrap().to_vec(),
            [Some(0.0), Some(1000.0)]
        );
    }

    #[test]
    fn first_year_is_the_groups_own_by_region_and_the_corpus_by_year() {
        // 甲市 uses 数字经济 from 2019, 乙市 only from 2021.
        let (_d, c, dfm) = corpus(
            &[
                ("2019_甲市.txt", words(&[("数字经济", 1), ("农业", 9)])),
                ("2019_乙市.txt", words(&[("农业", 10)])),
                ("2021_乙市.txt", words(&[("数字经济", 2), ("农业", 8)])),
            ],
            &["数字经济"],
        );
        let units = crate::dfm::units::documents(&c, &dfm);
        let terms = [TermChoice::requested("数字经济")];
        let rows = |by: GroupBy| {
            let t = term_trends(&units, &terms, by).unwrap();
            let region = t.column("region").ok().map(|c| c.str().unwrap().clone());
            let year = t.column("year").unwrap().i32().unwrap().clone();
            let first = t.column("first_year").unwrap().i32().unwrap().clone();
            (0..t.height())
                .map(|i| {
                    (
                        year.get(i),
                        region.as_ref().and_then(|r| r.get(i).map(str::to_string)),
                        first.get(i),
                    )
                })
                .collect::<Vec<_>>()
        };
        let r = |s: &str| Some(s.to_string());
        assert_eq!(
            rows(GroupBy::parse("year,region").unwrap()),
            [
                (Some(2019), r("乙市"), Some(2021)),
                (Some(2019), r("甲市"), Some(2019)),
                (Some(2021), r("乙市"), Some(2021)),
            ]
        );
        assert_eq!(
            rows(GroupBy::YEAR),
            [
                (Some(2019), None, Some(2019)),
                (Some(2021), None, Some(2019))
            ]
        );
    }

    #[test]
    fn rate_intervals_follow_their_rates() {
        // 2019: 数字经济 2 in 40 tokens (500 per 10k); 2021: 0 in 10 tokens.
        let (_d, c, dfm) = corpus(
            &[
                ("2019_甲市.txt", words(&[("数字经济", 2), ("农业", 8)])),
                ("2019_乙市.txt", words(&[("农业", 30)])),
                ("2021_甲市.txt", words(&[("农业", 10)])),
            ],
            &["数字经济"],
        );
        let units = crate::dfm::units::documents(&c, &dfm);
        let t = term_trends(&units, &[TermChoice::requested("数字经济")], GroupBy::YEAR).unwrap();
        let t = with_rate_intervals(&t, 0.95).unwrap();
        let names: Vec<&str> = t.get_column_names().iter().map(|n| n.as_str()).collect();
        let at = |n: &str| names.iter().position(|x| *x == n).unwrap();
        assert_eq!(at("per_10k_low"), at("per_10k_tokens") + 1);
        assert_eq!(at("per_10k_high"), at("per_10k_tokens") + 2);
        assert_eq!(at("per_10k_chars_low"), at("per_10k_chars") + 1);
        assert_eq!(at("per_10k_chars_high"), at("per_10k_chars") + 2);
        let v = |n: &str| t.column(n).unwrap().f64().unwrap().to_vec();
        // k = 2: scipy chi2.ppf(0.025, 4)/2 = 0.24220928, chi2.ppf(0.975, 6)/2 =
        // 7.22468767; over 40 tokens × 1e4: 60.5523 and 1806.1719.
        let (lo, hi) = (v("per_10k_low"), v("per_10k_high"));
        assert!((lo[0].unwrap() - 0.24220927854396496 / 40.0 * 1e4).abs() < 1e-6);
        assert!((hi[0].unwrap() - 7.22468766772396 / 40.0 * 1e4).abs() < 1e-6);
        // k = 0: 0 to −ln(0.025) = 3.68888 over 10 tokens.
        assert_eq!(lo[1], Some(0.0));
        assert!((hi[1].unwrap() - (-(0.025f64.ln())) / 10.0 * 1e4).abs() < 1e-6);
        assert!(lo[0] < v("per_10k_tokens")[0] && v("per_10k_tokens")[0] < hi[0]);
    }

    #[test]
    fn level_is_a_group_key_and_mixed_years_are_found() {
        // 2019: the State Council's report (数字经济 2 of 10 tokens) and 甲市's
        // (0 of 30); 2020: 甲市 only.
        let (_d, c, dfm) = corpus(
            &[
                ("2019_国务院.txt", words(&[("数字经济", 2), ("农业", 8)])),
                ("2019_甲市.txt", words(&[("农业", 30)])),
                ("2020_甲市.txt", words(&[("数字经济", 1), ("农业", 9)])),
            ],
            &["数字经济"],
        );
        let levels: Vec<&str> = c.documents.iter().map(level_label).collect();
        assert_eq!(levels, ["national", "city", "city"]);
        let mixed = mixed_level_years(&c.documents);
        assert_eq!(
            mixed.into_iter().collect::<Vec<_>>(),
            [(2019, vec!["city", "national"])]
        );
        let units = crate::dfm::units::documents(&c, &dfm);
        let term = [TermChoice::requested("数字经济")];
        // By year: 2019 sums both levels, 2 / 40 × 1e4 = 500.
        let t = term_trends(&units, &term, GroupBy::YEAR).unwrap();
        assert_eq!(
            t.column("per_10k_tokens").unwrap().f64().unwrap().to_vec(),
            [Some(500.0), Some(1000.0)]
        );
        // By year and level: 2019 national 2 / 10 = 2000, city 0 / 30 = 0; 2020 city 1000.
        let t = term_trends(&units, &term, GroupBy::parse("year,level").unwrap()).unwrap();
        let level = t.column("level").unwrap().str().unwrap().clone();
        type Row<'a> = (Option<i32>, Option<&'a str>, Option<u64>, Option<f64>);
        let rows: Vec<Row<'_>> = (0..t.height())
            .map(|i| {
                (
                    t.column("year").unwrap().i32().unwrap().get(i),
                    level.get(i),
                    t.column("tokens_total").unwrap().u64().unwrap().get(i),
                    t.column("per_10k_tokens").unwrap().f64().unwrap().get(i),
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                (Some(2019), Some("city"), Some(30), Some(0.0)),
                (Some(2019), Some("national"), Some(10), Some(2000.0)),
                (Some(2020), Some("city"), Some(10), Some(1000.0)),
            ]
        );
    }

    #[test]
    fn group_by_parses() {
        assert_eq!(GroupBy::parse("year").unwrap(), GroupBy::YEAR);
        assert_eq!(
            GroupBy::parse("region, year").unwrap().keys(),
            ["year", "region"]
        );
        assert_eq!(
            GroupBy::parse("year,section").unwrap().keys(),
            ["year", "section"]
        );
        assert_eq!(
            GroupBy::parse("level,year").unwrap().keys(),
            ["year", "level"]
        );
        assert_eq!(
            GroupBy::parse("region,level,year,section").unwrap().keys(),
            ["year", "level", "region", "section"]
        );
        assert!(GroupBy::parse("decade").is_err());
        assert!(GroupBy::parse("").is_err());
    }
}
