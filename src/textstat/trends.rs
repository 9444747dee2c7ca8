//! Term trends: per (group, term) counts and rates, grouped by year, region
//! or both, computed with Polars from per-document counts.
//!
//! Columns of the result (`term_trends`):
//! `year` and/or `region` (the group), `term`, `token_count` (the term as a
//! token after segmentation), `substring_count` (non-overlapping occurrences
//! in the cleaned NFKC text, independent of segmentation), `tokens_total`
//! and `han_chars` of the group, `per_10k_tokens` = token_count / tokens_total
//! × 10⁴, `per_10k_chars` = substring_count / han_chars × 10⁴, `documents`
//! in the group, `first_year` the term occurs in the corpus (as a token),
//! `pick` and `reason` (why the term is in the table).
//!
//! Several documents in one group are summed before normalising. A group
//! with documents and no occurrence has a row with 0; a year without
//! documents has no row at all (it is a gap, not a zero).

use polars::prelude::*;
use rayon::prelude::*;

use super::select::TermChoice;
use crate::corpus::Corpus;
use crate::dfm::Dfm;
use crate::error::{Error, Result};
use crate::tokens::substring_count;

/// How documents are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    /// One group per year.
    Year,
    /// One group per region (all years summed).
    Region,
    /// One group per (year, region).
    YearRegion,
}

impl GroupBy {
    /// Parse `year`, `region`, `year,region` (or `region,year`).
    pub fn parse(s: &str) -> Result<GroupBy> {
        let mut parts: Vec<String> = s
            .split(',')
            .map(|p| p.trim().to_lowercase())
            .filter(|p| !p.is_empty())
            .collect();
        parts.sort();
        parts.dedup();
        match parts.iter().map(String::as_str).collect::<Vec<_>>()[..] {
            ["year"] => Ok(GroupBy::Year),
            ["region"] => Ok(GroupBy::Region),
            ["region", "year"] => Ok(GroupBy::YearRegion),
            _ => Err(Error::Usage(format!(
                "--by {s:?}: use year, region, or year,region"
            ))),
        }
    }

    /// The group columns, in order.
    pub fn keys(self) -> &'static [&'static str] {
        match self {
            GroupBy::Year => &["year"],
            GroupBy::Region => &["region"],
            GroupBy::YearRegion => &["year", "region"],
        }
    }

    /// Whether the groups include the year.
    pub fn has_year(self) -> bool {
        self != GroupBy::Region
    }
}

/// Region label used when a document has none.
pub const UNKNOWN_REGION: &str = "(unknown)";

/// Per-document facts: `doc_id, year, region, tokens_total, han_chars`.
pub fn doc_facts(corpus: &Corpus, dfm: &Dfm) -> Result<DataFrame> {
    let docs = &corpus.documents;
    Ok(DataFrame::new_infer_height(vec![
        Column::new(
            "doc_id".into(),
            docs.iter().map(|d| d.doc_id.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "year".into(),
            docs.iter().map(|d| d.year).collect::<Vec<i32>>(),
        ),
        Column::new(
            "region".into(),
            docs.iter()
                .map(|d| d.region.as_deref().unwrap_or(UNKNOWN_REGION))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "tokens_total".into(),
            dfm.docs
                .iter()
                .map(|c| c.tokens_total)
                .collect::<Vec<u64>>(),
        ),
        Column::new(
            "han_chars".into(),
            docs.iter()
                .map(|d| d.han_chars as u64)
                .collect::<Vec<u64>>(),
        ),
    ])?)
}

/// Per (document, term) counts for the chosen terms, zeros included:
/// `doc_id, term, term_order, token_count, substring_count`.
pub fn doc_term_counts(corpus: &Corpus, dfm: &Dfm, terms: &[TermChoice]) -> Result<DataFrame> {
    let rows: Vec<(usize, usize, u64, u64)> = corpus
        .documents
        .par_iter()
        .enumerate()
        .flat_map_iter(|(di, doc)| {
            terms.iter().enumerate().map(move |(ti, t)| {
                (
                    di,
                    ti,
                    u64::from(dfm.docs[di].get(&t.term)),
                    substring_count(&doc.text, &t.term) as u64,
                )
            })
        })
        .collect();
    Ok(DataFrame::new_infer_height(vec![
        Column::new(
            "doc_id".into(),
            rows.iter()
                .map(|r| corpus.documents[r.0].doc_id.as_str())
                .collect::<Vec<_>>(),
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
pub fn term_trends(
    corpus: &Corpus,
    dfm: &Dfm,
    terms: &[TermChoice],
    by: GroupBy,
) -> Result<DataFrame> {
    let facts = doc_facts(corpus, dfm)?.lazy();
    let counts = doc_term_counts(corpus, dfm, terms)?.lazy();
    let joined = counts.join(
        facts,
        [col("doc_id")],
        [col("doc_id")],
        JoinArgs::new(JoinType::Inner),
    );
    let first_year = joined
        .clone()
        .filter(col("token_count").gt(lit(0u64)))
        .group_by([col("term")])
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
    let mut keys: Vec<Expr> = by.keys().iter().map(|k| col(*k)).collect();
    keys.push(col("term"));
    keys.push(col("term_order"));
    let mut sort_keys: Vec<PlSmallStr> = by.keys().iter().map(|k| (*k).into()).collect();
    sort_keys.push("term_order".into());
    let mut out_cols: Vec<Expr> = by.keys().iter().map(|k| col(*k)).collect();
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
    let df = joined
        .group_by(keys)
        .agg([
            col("token_count").sum(),
            col("substring_count").sum(),
            col("tokens_total").sum(),
            col("han_chars").sum(),
            len().cast(DataType::UInt32).alias("documents"),
        ])
        .with_columns([
            rate("token_count", "tokens_total").alias("per_10k_tokens"),
            rate("substring_count", "han_chars").alias("per_10k_chars"),
        ])
        .join(
            first_year,
            [col("term")],
            [col("term")],
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

/// `num / den × 10⁴` as f64 (null when the denominator is 0).
fn rate(num: &str, den: &str) -> Expr {
    when(col(den).gt(lit(0u64)))
        .then(col(num).cast(DataType::Float64) * lit(10_000.0) / col(den).cast(DataType::Float64))
        .otherwise(lit(NULL).cast(DataType::Float64))
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
        let t = term_trends(
            &c,
            &dfm,
            &[TermChoice::requested("数字经济")],
            GroupBy::Year,
        )
        .unwrap();
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

        let r = term_trends(
            &c,
            &dfm,
            &[TermChoice::requested("数字经济")],
            GroupBy::YearRegion,
        )
        .unwrap();
        assert_eq!(r.height(), 3);
        let r = term_trends(
            &c,
            &dfm,
            &[TermChoice::requested("数字经济")],
            GroupBy::Region,
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
    fn group_by_parses() {
        assert_eq!(GroupBy::parse("year").unwrap(), GroupBy::Year);
        assert_eq!(GroupBy::parse("region, year").unwrap(), GroupBy::YearRegion);
        assert!(GroupBy::parse("decade").is_err());
    }
}
