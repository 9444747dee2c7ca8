//! Keyness: which terms distinguish group A from group B (years, year
//! ranges, or regions; one side alone is compared with the rest).
//!
//! For every eligible term with `freq_a + freq_b >= min_freq`: the 2×2
//! statistics of `stats::Keyness` (G² with its p-value, χ² with and without
//! Yates, log ratio with the 0.5 zero-count correction, %DIFF), rates per
//! 10,000 tokens, the p-value adjusted for multiple testing over all tested
//! terms (Benjamini–Hochberg by default, or Bonferroni), and `significant`
//! (adjusted p < alpha). Formulas: `docs/STATISTICS.md`.
//!
//! `keyness` columns: `term`, `freq_a`, `freq_b`, `per_10k_a`, `per_10k_b`,
//! `expected_min` (the smallest expected count of the term's 2×2 table), `g2`, `p_value`, `p_adjusted`, `chi2`, `chi2_yates`, `log_ratio`,
//! `percent_diff`, `direction` (A / B / none), `significant`; sorted by
//! direction (A first), then G² descending.

use std::collections::HashMap;

use polars::prelude::*;

use super::groups::Side;
use super::select::{eligible, place_names};
use super::stats::{Direction, Keyness, benjamini_hochberg, bonferroni};
use crate::corpus::Corpus;
use crate::dfm::Dfm;
use crate::error::{Error, Result};
use crate::tokens::Stopwords;

/// G²'s χ² approximation wants every expected count of the 2×2 table at
/// least this large (Cochran's rule); terms below it are counted in
/// [`small_expected_warning`].
pub const EXPECTED_MIN: f64 = 5.0;

/// One warning summarising the tested terms whose smallest expected count
/// is below [`EXPECTED_MIN`] (`None` when there are none).
pub fn small_expected_warning(rows: &[KeynessRow]) -> Option<crate::error::Warning> {
    let small: Vec<&KeynessRow> = rows
        .iter()
        .filter(|r| r.k.expected_min < EXPECTED_MIN)
        .collect();
    if small.is_empty() {
        return None;
    }
    let significant = small.iter().filter(|r| r.significant).count();
    let strong = small.iter().filter(|r| r.k.log_likelihood >= 15.13).count();
    Some(crate::error::Warning::new(
        crate::error::WarningKind::Statistics,
        "",
        None,
        format!(
            "{} of {} tested terms have an expected count below {EXPECTED_MIN} in a group (column expected_min), where G²'s p-value is only approximate; {significant} of them are marked significant, {strong} reach G² >= 15.13 (p < 0.0001), the cut-off advised for such terms. Raise --min-freq or compare larger groups to test fewer of them",
            small.len(),
            rows.len()
        ),
    ))
}

/// Multiple-testing correction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Correction {
    /// Benjamini–Hochberg false discovery rate.
    Bh,
    /// Bonferroni family-wise error rate.
    Bonferroni,
    /// No correction.
    None,
}

/// Comparison options.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CompareOptions {
    /// Group A.
    pub a: Side,
    /// Group B (`Side::Rest` for "everything not in A").
    pub b: Side,
    /// Minimum `freq_a + freq_b` for a term to be tested.
    pub min_freq: u64,
    /// Significance level for the adjusted p-value.
    pub alpha: f64,
    /// Correction.
    pub correction: Correction,
}

/// One term's comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct KeynessRow {
    /// The term.
    pub term: String,
    /// The statistics.
    pub k: Keyness,
    /// Adjusted p-value.
    pub p_adjusted: f64,
    /// Adjusted p below alpha.
    pub significant: bool,
}

/// The documents of each side, and their summed counts.
pub struct Groups<'a> {
    /// Counts per term in A.
    pub a: HashMap<&'a str, u64>,
    /// Counts per term in B.
    pub b: HashMap<&'a str, u64>,
    /// Content tokens of A.
    pub total_a: u64,
    /// Content tokens of B.
    pub total_b: u64,
    /// Documents in A.
    pub docs_a: usize,
    /// Documents in B.
    pub docs_b: usize,
}

/// Sizes of the two groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Totals {
    /// Content tokens of A.
    pub total_a: u64,
    /// Content tokens of B.
    pub total_b: u64,
    /// Documents in A.
    pub docs_a: usize,
    /// Documents in B.
    pub docs_b: usize,
}

/// Sum the counts of both sides. A document in both is an error.
pub fn groups<'a>(corpus: &Corpus, dfm: &'a Dfm, opts: &CompareOptions) -> Result<Groups<'a>> {
    let mut g = Groups {
        a: HashMap::new(),
        b: HashMap::new(),
        total_a: 0,
        total_b: 0,
        docs_a: 0,
        docs_b: 0,
    };
    let (a, b) = (
        opts.a.resolved(&corpus.documents)?,
        opts.b.resolved(&corpus.documents)?,
    );
    // Every name and year asked for must find a report: a list that lost
    // one of its members would compare another group than the one named.
    for (flag, side) in [("--a", &a), ("--b", &b)] {
        if let Some(missing) = side.unmatched(&corpus.documents) {
            return Err(Error::Usage(format!(
                "{flag} {}: {missing}; correct or leave it out (see `analyze corpus DIR` for the years and regions)",
                side.label()
            )));
        }
    }
    for (d, c) in corpus.documents.iter().zip(&dfm.docs) {
        let in_a = a.contains(d);
        let in_b = match b {
            Side::Rest => !in_a,
            _ => b.contains(d),
        };
        if in_a && in_b {
            return Err(Error::Usage(format!(
                "{} ({}) is in both groups: --a {} and --b {} overlap",
                d.doc_id,
                d.source(),
                a.label(),
                b.label()
            )));
        }
        let (map, total, docs) = if in_a {
            (&mut g.a, &mut g.total_a, &mut g.docs_a)
        } else if in_b {
            (&mut g.b, &mut g.total_b, &mut g.docs_b)
        } else {
            continue;
        };
        *total += c.tokens_total;
        *docs += 1;
        for (t, n) in c.iter() {
            *map.entry(t).or_default() += u64::from(n);
        }
    }
    for (side, docs) in [(&a, g.docs_a), (&b, g.docs_b)] {
        if docs == 0 {
            // The default --b is every document --a leaves: none when --a
            // takes them all.
            let rest = if matches!(side, Side::Rest) {
                " (--b, by default every document --a does not take: --a takes them all; give --b)"
            } else {
                ""
            };
            return Err(Error::Usage(format!(
                "no document matches group {}{rest}; check the years or region names (see `analyze corpus DIR`)",
                side.label()
            )));
        }
    }
    Ok(g)
}

/// Compare the two groups.
pub fn keyness(
    corpus: &Corpus,
    dfm: &Dfm,
    stop: &Stopwords,
    opts: &CompareOptions,
) -> Result<(Vec<KeynessRow>, Totals)> {
    let g = groups(corpus, dfm, opts)?;
    let places = place_names(corpus);
    let mut terms: Vec<&str> = g.a.keys().chain(g.b.keys()).copied().collect();
    terms.sort_unstable();
    terms.dedup();
    let (c, d) = (g.total_a as f64, g.total_b as f64);
    let mut rows: Vec<(String, Keyness)> = terms
        .into_iter()
        .filter(|t| eligible(t, stop, &places))
        .filter_map(|t| {
            let a = g.a.get(t).copied().unwrap_or(0);
            let b = g.b.get(t).copied().unwrap_or(0);
            if a + b < opts.min_freq {
                return None;
            }
            Keyness::new(a as f64, b as f64, c, d).map(|k| (t.to_string(), k))
        })
        .collect();
    let p: Vec<f64> = rows.iter().map(|(_, k)| k.p_value).collect();
    let adjusted = match opts.correction {
        Correction::Bh => benjamini_hochberg(&p),
        Correction::Bonferroni => bonferroni(&p),
        Correction::None => p,
    };
    let order = |k: &Keyness| match k.direction {
        Direction::A => 0,
        Direction::B => 1,
        Direction::Neither => 2,
    };
    let mut out: Vec<KeynessRow> = rows
        .drain(..)
        .zip(adjusted)
        .map(|((term, k), q)| KeynessRow {
            term,
            significant: q < opts.alpha,
            p_adjusted: q,
            k,
        })
        .collect();
    out.sort_by(|x, y| {
        order(&x.k)
            .cmp(&order(&y.k))
            .then(y.k.log_likelihood.total_cmp(&x.k.log_likelihood))
            .then(x.term.cmp(&y.term))
    });
    let totals = Totals {
        total_a: g.total_a,
        total_b: g.total_b,
        docs_a: g.docs_a,
        docs_b: g.docs_b,
    };
    Ok((out, totals))
}

/// The `keyness` table.
pub fn keyness_frame(rows: &[KeynessRow]) -> Result<DataFrame> {
    let f = |g: &dyn Fn(&KeynessRow) -> f64| rows.iter().map(g).collect::<Vec<f64>>();
    Ok(DataFrame::new_infer_height(vec![
        Column::new(
            "term".into(),
            rows.iter().map(|r| r.term.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "freq_a".into(),
            rows.iter().map(|r| r.k.freq_a as u64).collect::<Vec<u64>>(),
        ),
        Column::new(
            "freq_b".into(),
            rows.iter().map(|r| r.k.freq_b as u64).collect::<Vec<u64>>(),
        ),
        Column::new("per_10k_a".into(), f(&|r| r.k.per_million_a / 100.0)),
        Column::new("per_10k_b".into(), f(&|r| r.k.per_million_b / 100.0)),
        Column::new("expected_min".into(), f(&|r| r.k.expected_min)),
        Column::new("g2".into(), f(&|r| r.k.log_likelihood)),
        Column::new("p_value".into(), f(&|r| r.k.p_value)),
        Column::new("p_adjusted".into(), f(&|r| r.p_adjusted)),
        Column::new("chi2".into(), f(&|r| r.k.chi_squared)),
        Column::new("chi2_yates".into(), f(&|r| r.k.chi_squared_yates)),
        Column::new("log_ratio".into(), f(&|r| r.k.log_ratio)),
        Column::new(
            "percent_diff".into(),
            rows.iter()
                .map(|r| r.k.percent_diff)
                .collect::<Vec<Option<f64>>>(),
        ),
        Column::new(
            "direction".into(),
            rows.iter()
                .map(|r| match r.k.direction {
                    Direction::A => "A",
                    Direction::B => "B",
                    Direction::Neither => "none",
                })
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "significant".into(),
            rows.iter().map(|r| r.significant).collect::<Vec<bool>>(),
        ),
    ])?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::textstat::groups::YearSpec;
    use crate::textstat::stats::Keyness;
    use crate::textstat::testutil::{corpus, words};

    #[test]
    fn groups_statistics_and_symmetry() {
        // A = 2000 (创新 2 of 20 tokens), B = 2020 (创新 10 of 20 tokens).
        let (_d, c, dfm) = corpus(
            &[
                ("2000.txt", words(&[("创新", 2), ("农业", 18)])),
                ("2020.txt", words(&[("创新", 10), ("农业", 10)])),
            ],
            &[],
        );
        let opts = |a: &str, b: &str| CompareOptions {
            a: Side::Years(YearSpec::parse(a).unwrap()),
            b: Side::Years(YearSpec::parse(b).unwrap()),
            min_freq: 1,
            alpha: 0.05,
            correction: Correction::None,
        };
        let (ab, g) = keyness(&c, &dfm, &Stopwords::default(), &opts("2000", "2020")).unwrap();
        assert_eq!((g.total_a, g.total_b, g.docs_a, g.docs_b), (20, 20, 1, 1));
        let cx = ab.iter().find(|r| r.term == "创新").unwrap();
        assert_eq!((cx.k.freq_a, cx.k.freq_b), (2.0, 10.0));
        // log ratio = log2((2/20) / (10/20)) = log2(0.2)
        assert!((cx.k.log_ratio - 0.2f64.log2()).abs() < 1e-12);
        assert_eq!(cx.k.direction, Direction::B);
        let (ba, _) = keyness(&c, &dfm, &Stopwords::default(), &opts("2020", "2000")).unwrap();
        let cy = ba.iter().find(|r| r.term == "创新").unwrap();
        assert_eq!(cy.k.log_ratio, -cx.k.log_ratio);
        assert_eq!(cy.k.log_likelihood, cx.k.log_likelihood);
        // Overlapping groups and empty groups are errors.
        assert!(keyness(&c, &dfm, &Stopwords::default(), &opts("2000", "2000")).is_err());
        assert!(keyness(&c, &dfm, &Stopwords::default(), &opts("1990", "2020")).is_err());
        // One side against the rest.
        let rest = CompareOptions {
            b: Side::Rest,
            ..opts("2000", "2020")
        };
        let (_, g) = keyness(&c, &dfm, &Stopwords::default(), &rest).unwrap();
        assert_eq!(g.docs_b, 1);
    }

    #[test]
    fn one_warning_counts_the_terms_below_the_minimum_expected_count() {
        let row = |term: &str, a: f64, b: f64, significant: bool| KeynessRow {
            term: term.into(),
            k: Keyness::new(a, b, 1000.0, 9000.0).unwrap_or_else(|| unreachable!()),
            p_adjusted: 0.01,
            significant,
        };
        // Expected counts in A (1000 of 10 000 tokens): 4 → 0.4, 30 → 3, 80 → 8.
        let rows = vec![
            row("甲", 3.0, 1.0, true),
            row("乙", 20.0, 10.0, false),
            row("丙", 40.0, 40.0, true),
        ];
        let frame = keyness_frame(&rows).unwrap();
        let e = frame
            .column("expected_min")
            .unwrap()
            .f64()
            .unwrap()
            .to_vec();
        assert_eq!(e, [Some(0.4), Some(3.0), Some(8.0)]);
        let w = small_expected_warning(&rows).unwrap_or_else(|| unreachable!());
        assert_eq!(w.kind, crate::error::WarningKind::Statistics);
        // 乙: G² of (20, 10, 1000, 9000) = 56.34 ≥ 15.13; 甲: G² = 9.54 (scipy
        // chi2_contingency(..., lambda_="log-likelihood")): 1 of 2 is that strong.
        assert!(
            w.message
                .starts_with("2 of 3 tested terms have an expected count below 5"),
            "{}",
            w.message
        );
        assert!(
            w.message
                .contains("1 of them are marked significant, 1 reach"),
            "{}",
            w.message
        );
        assert!(small_expected_warning(&rows[2..]).is_none());
    }
}
