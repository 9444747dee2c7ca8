//! Emerging and fading terms.
//!
//! For every eligible term with at least `min_total` occurrences: its
//! per-10k-token series over the years that have reports (a year without a
//! report is missing, not zero; a year with reports and no occurrence is 0),
//! first and last year present, years present, the Mann–Kendall test
//! (S, Z, p) with Sen's slope (per 10k tokens per year, x = actual years)
//! and its 95 % confidence interval (`sen_low`, `sen_high`),
//! and Pettitt's change point (the year after which the level shifts most,
//! with the means before and after).
//!
//! Lists (`emerging_lists`): `new` — first appearance within the last
//! `recent_years` years of the corpus and present in every report year
//! since; `vanished` — absent from the last `recent_years` years after at
//! least `min_total` occurrences before (both complete, ranked by total);
//! `riser` / `faller` — the `top` strongest monotonic trends (Mann–Kendall
//! p < alpha, ranked by |Z|, then by |Sen's slope|).

use std::collections::{BTreeMap, HashMap};

use polars::prelude::*;

use super::select::{eligible, place_names};
use super::stats::{change_point, mann_kendall, sens_slope, sens_slope_interval};

/// Coverage of the confidence interval of Sen's slope (`sen_low`, `sen_high`).
pub const SEN_LEVEL: f64 = 0.95;
use crate::corpus::Corpus;
use crate::dfm::Dfm;
use crate::error::Result;
use crate::tokens::Stopwords;

/// Options.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct EmergingOptions {
    /// Minimum total occurrences for a term to be analysed.
    pub min_total: u64,
    /// "Recent" window for new and vanished terms, in years.
    pub recent_years: i32,
    /// Length of each list.
    pub top: usize,
    /// Significance level of the Mann–Kendall test for risers/fallers.
    pub alpha: f64,
}

impl Default for EmergingOptions {
    fn default() -> Self {
        EmergingOptions {
            min_total: 10,
            recent_years: 10,
            top: 20,
            alpha: 0.05,
        }
    }
}

/// Statistics of one term.
#[derive(Debug, Clone, PartialEq)]
pub struct TermSeries {
    /// The term.
    pub term: String,
    /// Total occurrences.
    pub total: u64,
    /// First year with an occurrence.
    pub first_year: i32,
    /// Last year with an occurrence.
    pub last_year: i32,
    /// Years with an occurrence.
    pub years_present: usize,
    /// `(year, per 10k tokens)` for every report year.
    pub series: Vec<(i32, f64)>,
    /// Mann–Kendall S.
    pub mk_s: Option<i64>,
    /// Mann–Kendall Z.
    pub mk_z: Option<f64>,
    /// Mann–Kendall p.
    pub mk_p: Option<f64>,
    /// Sen's slope, per 10k tokens per year.
    pub sen_slope: Option<f64>,
    /// 95 % confidence interval of Sen's slope, `(low, high)`
    /// ([`sens_slope_interval`]).
    pub sen_interval: Option<(f64, f64)>,
    /// Pettitt change point: last year before the shift.
    pub change_year: Option<i32>,
    /// First year after the shift.
    pub change_after: Option<i32>,
    /// Pettitt p.
    pub change_p: Option<f64>,
    /// Mean rate before the change.
    pub mean_before: Option<f64>,
    /// Mean rate after the change.
    pub mean_after: Option<f64>,
}

/// Series and tests for every eligible term above the minimum.
pub fn term_series(
    corpus: &Corpus,
    dfm: &Dfm,
    stop: &Stopwords,
    opts: &EmergingOptions,
) -> Vec<TermSeries> {
    let mut tokens: BTreeMap<i32, u64> = BTreeMap::new();
    let mut counts: HashMap<&str, BTreeMap<i32, u64>> = HashMap::new();
    for (d, c) in corpus.documents.iter().zip(&dfm.docs) {
        *tokens.entry(d.year).or_default() += c.tokens_total;
        for (t, n) in c.iter() {
            *counts.entry(t).or_default().entry(d.year).or_default() += u64::from(n);
        }
    }
    let places = place_names(corpus);
    let mut out: Vec<TermSeries> = counts
        .into_iter()
        .filter(|(t, by)| eligible(t, stop, &places) && by.values().sum::<u64>() >= opts.min_total)
        .map(|(t, by)| {
            let series: Vec<(i32, f64)> = tokens
                .iter()
                .map(|(y, tot)| {
                    let n = by.get(y).copied().unwrap_or(0);
                    let rate = if *tot > 0 {
                        n as f64 * 1e4 / *tot as f64
                    } else {
                        0.0
                    };
                    (*y, rate)
                })
                .collect();
            let present: Vec<i32> = by
                .iter()
                .filter(|(_, n)| **n > 0)
                .map(|(y, _)| *y)
                .collect();
            let mk = mann_kendall(&series);
            let cp = change_point(&series);
            TermSeries {
                term: t.to_string(),
                total: by.values().sum(),
                first_year: present.first().copied().unwrap_or_default(),
                last_year: present.last().copied().unwrap_or_default(),
                years_present: present.len(),
                mk_s: mk.as_ref().map(|m| m.s),
                mk_z: mk.as_ref().map(|m| m.z),
                mk_p: mk.as_ref().map(|m| m.p_value),
                sen_slope: sens_slope(&series),
                sen_interval: sens_slope_interval(&series, SEN_LEVEL),
                change_year: cp.as_ref().map(|c| c.last_year_before),
                change_after: cp.as_ref().map(|c| c.first_year_after),
                change_p: cp.as_ref().map(|c| c.p_value),
                mean_before: cp.as_ref().map(|c| c.mean_before),
                mean_after: cp.as_ref().map(|c| c.mean_after),
                series,
            }
        })
        .collect();
    out.sort_by(|a, b| b.total.cmp(&a.total).then(a.term.cmp(&b.term)));
    out
}

/// Which list a term is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum List {
    /// Appeared recently and stayed.
    New,
    /// Disappeared recently after being frequent.
    Vanished,
    /// Strongest monotonic rise.
    Riser,
    /// Strongest monotonic fall.
    Faller,
}

impl List {
    /// Lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            List::New => "new",
            List::Vanished => "vanished",
            List::Riser => "riser",
            List::Faller => "faller",
        }
    }
}

/// The four lists, each ranked: `(list, rank, index into terms)`.
pub fn lists(
    corpus: &Corpus,
    terms: &[TermSeries],
    opts: &EmergingOptions,
) -> Vec<(List, usize, usize)> {
    let years = corpus.years();
    let Some(&last) = years.last() else {
        return vec![];
    };
    let recent_from = last - opts.recent_years + 1;
    let report_years_since = |y: i32| years.iter().filter(|&&x| x >= y).count();
    let mut new: Vec<usize> = (0..terms.len())
        .filter(|&i| {
            let t = &terms[i];
            t.first_year >= recent_from
                && t.first_year > years[0]
                && t.years_present == report_years_since(t.first_year)
        })
        .collect();
    new.sort_by(|&a, &b| terms[b].total.cmp(&terms[a].total));
    let mut vanished: Vec<usize> = (0..terms.len())
        .filter(|&i| terms[i].last_year < recent_from)
        .collect();
    vanished.sort_by(|&a, &b| terms[b].total.cmp(&terms[a].total));
    let trend = |sign: f64| {
        let mut v: Vec<usize> = (0..terms.len())
            .filter(|&i| {
                terms[i].mk_p.is_some_and(|p| p < opts.alpha)
                    && terms[i].mk_z.is_some_and(|z| z * sign > 0.0)
            })
            .collect();
        v.sort_by(|&a, &b| {
            let za = terms[a].mk_z.unwrap_or(0.0).abs();
            let zb = terms[b].mk_z.unwrap_or(0.0).abs();
            zb.total_cmp(&za).then(
                (terms[b].sen_slope.unwrap_or(0.0).abs())
                    .total_cmp(&terms[a].sen_slope.unwrap_or(0.0).abs()),
            )
        });
        v
    };
    let mut out = Vec::new();
    for (list, v, limit) in [
        (List::New, new, usize::MAX),
        (List::Vanished, vanished, usize::MAX),
        (List::Riser, trend(1.0), opts.top),
        (List::Faller, trend(-1.0), opts.top),
    ] {
        out.extend(
            v.into_iter()
                .take(limit)
                .enumerate()
                .map(|(r, i)| (list, r + 1, i)),
        );
    }
    out
}

/// The `emerging_terms` table (one row per term).
pub fn terms_frame(terms: &[TermSeries]) -> Result<DataFrame> {
    let o =
        |f: &dyn Fn(&TermSeries) -> Option<f64>| terms.iter().map(f).collect::<Vec<Option<f64>>>();
    let oi =
        |f: &dyn Fn(&TermSeries) -> Option<i32>| terms.iter().map(f).collect::<Vec<Option<i32>>>();
    Ok(DataFrame::new_infer_height(vec![
        Column::new(
            "term".into(),
            terms.iter().map(|t| t.term.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "total".into(),
            terms.iter().map(|t| t.total).collect::<Vec<u64>>(),
        ),
        Column::new(
            "first_year".into(),
            terms.iter().map(|t| t.first_year).collect::<Vec<i32>>(),
        ),
        Column::new(
            "last_year".into(),
            terms.iter().map(|t| t.last_year).collect::<Vec<i32>>(),
        ),
        Column::new(
            "years_present".into(),
            terms
                .iter()
                .map(|t| t.years_present as u32)
                .collect::<Vec<u32>>(),
        ),
        Column::new(
            "mk_s".into(),
            terms.iter().map(|t| t.mk_s).collect::<Vec<Option<i64>>>(),
        ),
        Column::new("mk_z".into(), o(&|t| t.mk_z)),
        Column::new("mk_p".into(), o(&|t| t.mk_p)),
        Column::new("sen_slope_per_year".into(), o(&|t| t.sen_slope)),
        Column::new("sen_low".into(), o(&|t| t.sen_interval.map(|x| x.0))),
        Column::new("sen_high".into(), o(&|t| t.sen_interval.map(|x| x.1))),
        Column::new("change_year".into(), oi(&|t| t.change_year)),
        Column::new("change_next_year".into(), oi(&|t| t.change_after)),
        Column::new("change_p".into(), o(&|t| t.change_p)),
        Column::new("mean_before".into(), o(&|t| t.mean_before)),
        Column::new("mean_after".into(), o(&|t| t.mean_after)),
    ])?)
}

/// The `emerging_lists` table.
pub fn lists_frame(terms: &[TermSeries], lists: &[(List, usize, usize)]) -> Result<DataFrame> {
    let t = |i: usize| &terms[i];
    Ok(DataFrame::new_infer_height(vec![
        Column::new(
            "list".into(),
            lists.iter().map(|l| l.0.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "rank".into(),
            lists.iter().map(|l| l.1 as u32).collect::<Vec<u32>>(),
        ),
        Column::new(
            "term".into(),
            lists
                .iter()
                .map(|l| t(l.2).term.as_str())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "total".into(),
            lists.iter().map(|l| t(l.2).total).collect::<Vec<u64>>(),
        ),
        Column::new(
            "first_year".into(),
            lists
                .iter()
                .map(|l| t(l.2).first_year)
                .collect::<Vec<i32>>(),
        ),
        Column::new(
            "last_year".into(),
            lists.iter().map(|l| t(l.2).last_year).collect::<Vec<i32>>(),
        ),
        Column::new(
            "mk_z".into(),
            lists
                .iter()
                .map(|l| t(l.2).mk_z)
                .collect::<Vec<Option<f64>>>(),
        ),
        Column::new(
            "mk_p".into(),
            lists
                .iter()
                .map(|l| t(l.2).mk_p)
                .collect::<Vec<Option<f64>>>(),
        ),
        Column::new(
            "sen_slope_per_year".into(),
            lists
                .iter()
                .map(|l| t(l.2).sen_slope)
                .collect::<Vec<Option<f64>>>(),
        ),
        Column::new(
            "sen_low".into(),
            lists
                .iter()
                .map(|l| t(l.2).sen_interval.map(|x| x.0))
                .collect::<Vec<Option<f64>>>(),
        ),
        Column::new(
            "sen_high".into(),
            lists
                .iter()
                .map(|l| t(l.2).sen_interval.map(|x| x.1))
                .collect::<Vec<Option<f64>>>(),
        ),
        Column::new(
            "change_year".into(),
            lists
                .iter()
                .map(|l| t(l.2).change_year)
                .collect::<Vec<Option<i32>>>(),
        ),
    ])?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::textstat::testutil::{corpus, words};

    #[test]
    fn series_have_report_years_only_and_lists_follow_the_rules() {
        // Reports in 2000, 2001, 2003 (2002 missing), 2004. 创新 rises from
        // 2003 (new within the last 2 years), 农业 stops after 2001.
        let (_d, c, dfm) = corpus(
            &[
                ("2000.txt", words(&[("农业", 5), ("服务", 5)])),
                // Same counts, different text (identical texts are dropped as duplicates).
                ("2001.txt", words(&[("服务", 5), ("农业", 5)])),
                ("2003.txt", words(&[("创新", 4), ("服务", 6)])),
                ("2004.txt", words(&[("创新", 6), ("服务", 4)])),
            ],
            &[],
        );
        let opts = EmergingOptions {
            min_total: 5,
            recent_years: 2,
            top: 5,
            alpha: 0.5,
        };
        let terms = term_series(&c, &dfm, &Stopwords::default(), &opts);
        let cx = terms.iter().find(|t| t.term == "创新").unwrap();
        let years: Vec<i32> = cx.series.iter().map(|p| p.0).collect();
        assert_eq!(years, [2000, 2001, 2003, 2004], "2002 is missing, not zero");
        assert_eq!(cx.series[0].1, 0.0);
        assert_eq!(cx.series[3].1, 6000.0); // 6 of 10 tokens
        assert_eq!(
            (cx.first_year, cx.last_year, cx.years_present),
            (2003, 2004, 2)
        );
        // Sen's slope over actual years: pairs (2000,0)-(2001,0): 0; (2000,0)-(2003,4000):
        // 4000/3; (2000,0)-(2004,6000): 1500; (2001,0)-(2003,4000): 2000;
        // (2001,0)-(2004,6000): 2000; (2003,4000)-(2004,6000): 2000 → median 1750.
        assert!((cx.sen_slope.unwrap() - 1750.0).abs() < 1e-9);
        // Its 95 % interval: the 6 slopes sorted are 0, 4000/3, 1500, 2000, 2000,
        // 2000; one tie (0 twice): Var(S) = (4·3·13 − 2·1·9)/18 = 7.667,
        // C = 1.96·2.769 = 5.43; ranks round(0.29) = 0 → 1 and round(5.71) + 1 = 7 → 6:
        // [0, 2000] (scipy.stats.theilslopes([0,0,4000,6000], [2000,2001,2003,2004]):
        // low 0.0, high 2000.0).
        assert_eq!(cx.sen_interval, Some((0.0, 2000.0)));
        let frame = terms_frame(&terms).unwrap();
        let i = terms.iter().position(|t| t.term == "创新").unwrap();
        assert_eq!(
            frame.column("sen_high").unwrap().f64().unwrap().get(i),
            Some(2000.0)
        );
        assert_eq!(cx.change_year, Some(2001));
        assert_eq!(cx.change_after, Some(2003));
        let l = lists(&c, &terms, &opts);
        let names = |list: List| -> Vec<&str> {
            l.iter()
                .filter(|x| x.0 == list)
                .map(|x| terms[x.2].term.as_str())
                .collect()
        };
        assert_eq!(names(List::New), ["创新"]);
        assert_eq!(names(List::Vanished), ["农业"]);
    }
}
