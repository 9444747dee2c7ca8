//! Diffusion of terms across regions: the first year each region's reports use a term, its
//! lag behind the reference's first use (the national reports, or a `--reference` corpus),
//! and how many of the regions reporting in a year have adopted the term by then.
//!
//! A *place* is a region with its level (昆明市 city); its *report years* are the years it
//! has a report (several reports of one year count as one year that uses the term if any of
//! them does). A document *uses* a term when the term is a token of it (the counts of the
//! `dfm` stage, the terms protected in segmentation). For a term and a place:
//!
//! - `first_year`: its first report year that uses the term (none if none does);
//! - `lag_years = first_year − reference_first_year` (negative when the place used it first);
//! - `reports_before`: its report years before `first_year` (all of them if never used);
//! - `censored`: the first use is in the place's first report year, so it may be earlier;
//! - `last_report_year`: its last report year (a term the reference first used later
//!   cannot be in its reports).
//!
//! Adoption by year Y: `regions_reporting` = places with a report in Y; `regions_adopted` =
//! those of them whose `first_year ≤ Y`; `share` = adopted / reporting. Places without a
//! report in Y are left out of both: a missing report is not non-adoption.

use std::collections::BTreeMap;

use polars::prelude::*;
use serde::Serialize;

use crate::corpus::{Document, Level};
use crate::error::Result;

/// One place's adoption of one term.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiffusionRow {
    /// The term.
    pub term: String,
    /// The region.
    pub region: String,
    /// Its level.
    pub level: Option<Level>,
    /// First report year using the term.
    pub first_year: Option<i32>,
    /// `first_year` minus the reference's first year.
    pub lag_years: Option<i32>,
    /// Report years before the first use (all, if never used).
    pub reports_before: usize,
    /// Report years of the place.
    pub reports: usize,
    /// The place's first report year.
    pub first_report_year: i32,
    /// The place's last report year: a term the reference first used after
    /// it cannot have been used by the place's reports (never used is then
    /// no finding).
    pub last_report_year: i32,
    /// First use in the first report year (the real first use may be earlier).
    pub censored: bool,
}

/// Adoption of one term in one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AdoptionRow {
    /// The term.
    pub term: String,
    /// The year.
    pub year: i32,
    /// Places with a report this year.
    pub regions_reporting: usize,
    /// Of which have used the term this year or before.
    pub regions_adopted: usize,
    /// `regions_adopted / regions_reporting`.
    pub share: f64,
    /// Places (reporting this year or not) that have used the term by this year.
    pub adopters_total: usize,
}

/// Per term: the reference's first year and how the places followed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TermDiffusion {
    /// The term.
    pub term: String,
    /// First year a reference report uses it.
    pub reference_first_year: Option<i32>,
    /// Places.
    pub regions: usize,
    /// Places that ever use it.
    pub adopters: usize,
    /// First year any place uses it.
    pub first_regional_year: Option<i32>,
    /// Median lag over the places with a lag.
    pub median_lag: Option<f64>,
    /// Median lag over the places whose first use is not censored.
    pub median_lag_uncensored: Option<f64>,
    /// Places using it before the reference does (negative lag).
    pub ahead_of_reference: usize,
    /// Share adopted among the places reporting in the last year of the corpus.
    pub last_share: Option<f64>,
    /// Year by which half the reporting places have adopted it (first such year).
    pub half_year: Option<i32>,
}

/// The result of [`diffusion`].
#[derive(Debug, Clone, Default)]
pub struct Diffusion {
    /// Per term and place, terms in order, places by name and level.
    pub rows: Vec<DiffusionRow>,
    /// Per term and year with a place's report.
    pub adoption: Vec<AdoptionRow>,
    /// Per term.
    pub terms: Vec<TermDiffusion>,
}

/// A place: its report years and, per year, its documents.
struct Place {
    region: String,
    level: Option<Level>,
    years: BTreeMap<i32, Vec<usize>>,
}

/// The diffusion of `terms` over the places of `docs` (documents with a region that are not
/// `reference`), against the first use among the `reference` documents; `uses(doc, term)`
/// says whether document `doc` uses term number `term`.
pub fn diffusion(
    docs: &[Document],
    reference: &[bool],
    terms: &[String],
    uses: &(dyn Fn(usize, usize) -> bool + Sync),
) -> Diffusion {
    let mut places: BTreeMap<(String, Option<Level>), Place> = BTreeMap::new();
    for (i, d) in docs.iter().enumerate() {
        let Some(region) = d.region.clone().filter(|_| !reference[i]) else {
            continue;
        };
        let p = places
            .entry((region.clone(), d.level))
            .or_insert_with(|| Place {
                region,
                level: d.level,
                years: BTreeMap::new(),
            });
        p.years.entry(d.year).or_default().push(i);
    }
    let mut all_years: Vec<i32> = places
        .values()
        .flat_map(|p| p.years.keys().copied())
        .collect();
    all_years.sort_unstable();
    all_years.dedup();
    let mut out = Diffusion::default();
    for (t, term) in terms.iter().enumerate() {
        let reference_first = (docs.iter().enumerate())
            .filter(|(i, _)| reference[*i] && uses(*i, t))
            .map(|(_, d)| d.year)
            .min();
        let firsts: Vec<(&Place, Option<i32>)> = places
            .values()
            .map(|p| {
                let first = p
                    .years
                    .iter()
                    .find(|(_, ds)| ds.iter().any(|&d| uses(d, t)))
                    .map(|(y, _)| *y);
                (p, first)
            })
            .collect();
        for (p, first) in &firsts {
            let first_report = p.years.keys().next().copied().unwrap_or_default();
            let last_report = p.years.keys().next_back().copied().unwrap_or_default();
            out.rows.push(DiffusionRow {
                term: term.clone(),
                region: p.region.clone(),
                level: p.level,
                first_year: *first,
                lag_years: first.zip(reference_first).map(|(f, r)| f - r),
                reports_before: p
                    .years
                    .keys()
                    .filter(|y| first.is_none_or(|f| **y < f))
                    .count(),
                reports: p.years.len(),
                first_report_year: first_report,
                last_report_year: last_report,
                censored: *first == Some(first_report),
            });
        }
        let adoption: Vec<AdoptionRow> = all_years
            .iter()
            .map(|&y| {
                let reporting = firsts.iter().filter(|(p, _)| p.years.contains_key(&y));
                let (n, adopted) = reporting.fold((0, 0), |(n, a), (_, f)| {
                    (n + 1, a + usize::from(f.is_some_and(|f| f <= y)))
                });
                AdoptionRow {
                    term: term.clone(),
                    year: y,
                    regions_reporting: n,
                    regions_adopted: adopted,
                    share: if n == 0 {
                        0.0
                    } else {
                        adopted as f64 / n as f64
                    },
                    adopters_total: firsts
                        .iter()
                        .filter(|(_, f)| f.is_some_and(|f| f <= y))
                        .count(),
                }
            })
            .collect();
        let rows = &out.rows[out.rows.len() - firsts.len()..];
        let lags = |all: bool| -> Vec<f64> {
            rows.iter()
                .filter(|r| all || !r.censored)
                .filter_map(|r| r.lag_years)
                .map(f64::from)
                .collect()
        };
        out.terms.push(TermDiffusion {
            term: term.clone(),
            reference_first_year: reference_first,
            regions: firsts.len(),
            adopters: firsts.iter().filter(|(_, f)| f.is_some()).count(),
            first_regional_year: firsts.iter().filter_map(|(_, f)| *f).min(),
            median_lag: median(lags(true)),
            median_lag_uncensored: median(lags(false)),
            ahead_of_reference: rows
                .iter()
                .filter(|r| r.lag_years.is_some_and(|l| l < 0))
                .count(),
            last_share: adoption.last().map(|a| a.share),
            half_year: adoption
                .iter()
                .find(|a| a.regions_reporting > 0 && a.share >= 0.5)
                .map(|a| a.year),
        });
        out.adoption.extend(adoption);
    }
    out
}

/// Median of `v` (the mean of the middle two for an even count); `None` when empty.
pub fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

/// The `diffusion` table: `term, region, level, first_year, lag_years, reports_before,
/// reports, first_report_year, last_report_year, censored, reference_first_year`.
pub fn diffusion_frame(d: &Diffusion) -> Result<DataFrame> {
    let r = &d.rows;
    let reference: BTreeMap<&str, Option<i32>> = d
        .terms
        .iter()
        .map(|t| (t.term.as_str(), t.reference_first_year))
        .collect();
    Ok(DataFrame::new_infer_height(vec![
        Column::new(
            "term".into(),
            r.iter().map(|x| x.term.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "region".into(),
            r.iter().map(|x| x.region.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "level".into(),
            r.iter()
                .map(|x| x.level.map(|l| l.as_str()))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "first_year".into(),
            r.iter().map(|x| x.first_year).collect::<Vec<_>>(),
        ),
        Column::new(
            "lag_years".into(),
            r.iter().map(|x| x.lag_years).collect::<Vec<_>>(),
        ),
        Column::new(
            "reports_before".into(),
            r.iter()
                .map(|x| x.reports_before as u64)
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "reports".into(),
            r.iter().map(|x| x.reports as u64).collect::<Vec<_>>(),
        ),
        Column::new(
            "first_report_year".into(),
            r.iter().map(|x| x.first_report_year).collect::<Vec<_>>(),
        ),
        Column::new(
            "last_report_year".into(),
            r.iter().map(|x| x.last_report_year).collect::<Vec<_>>(),
        ),
        Column::new(
            "censored".into(),
            r.iter().map(|x| x.censored).collect::<Vec<_>>(),
        ),
        Column::new(
            "reference_first_year".into(),
            r.iter()
                .map(|x| reference.get(x.term.as_str()).copied().flatten())
                .collect::<Vec<_>>(),
        ),
    ])?)
}

/// The `adoption` table: `term, year, regions_reporting, regions_adopted, share,
/// adopters_total`.
pub fn adoption_frame(d: &Diffusion) -> Result<DataFrame> {
    let a = &d.adoption;
    Ok(DataFrame::new_infer_height(vec![
        Column::new(
            "term".into(),
            a.iter().map(|x| x.term.as_str()).collect::<Vec<_>>(),
        ),
        Column::new("year".into(), a.iter().map(|x| x.year).collect::<Vec<_>>()),
        Column::new(
            "regions_reporting".into(),
            a.iter()
                .map(|x| x.regions_reporting as u64)
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "regions_adopted".into(),
            a.iter()
                .map(|x| x.regions_adopted as u64)
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "share".into(),
            a.iter().map(|x| x.share).collect::<Vec<f64>>(),
        ),
        Column::new(
            "adopters_total".into(),
            a.iter()
                .map(|x| x.adopters_total as u64)
                .collect::<Vec<_>>(),
        ),
    ])?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::textstat::testutil::corpus;

    #[test]
    fn first_years_lags_and_adoption_by_hand() {
        // 全国 (reference) uses 数字经济 from 2017; 甲市 reports 2016, 2018, 2019 and uses it
        // from 2018; 乙市 reports 2016, 2017 (no 2018) and 2019, using it in 2017 — before the
        // reference would have if it had reported in 2016, but its lag is 0; 丙市 reports
        // 2019 only and uses it (censored: its first report).
        let file = |y: i32, r: &str| format!("{y}_{r}.txt");
        let files: Vec<(String, String)> = vec![
            (file(2016, "全国"), "国务院 我代表国务院 乡村振兴 一".into()),
            (file(2017, "全国"), "我代表国务院 数字经济 二".into()),
            (file(2016, "甲市"), "乡村振兴 甲一".into()),
            (file(2018, "甲市"), "数字经济 甲二".into()),
            (file(2019, "甲市"), "乡村振兴 甲三".into()),
            (file(2016, "乙市"), "乡村振兴 乙一".into()),
            (file(2017, "乙市"), "数字经济 乙二".into()),
            (file(2019, "乙市"), "乡村振兴 乙三".into()),
            (file(2019, "丙市"), "数字经济 丙一".into()),
        ];
        let named: Vec<(&str, String)> =
            files.iter().map(|(n, t)| (n.as_str(), t.clone())).collect();
        let (_d, c, dfm) = corpus(&named, &[]);
        let reference: Vec<bool> = c
            .documents
            .iter()
            .map(|d| d.region.as_deref() == Some("全国"))
            .collect();
        assert_eq!(reference.iter().filter(|r| **r).count(), 2);
        let terms = vec!["数字经济".to_string()];
        let uses = |d: usize, t: usize| dfm.docs[d].get(&terms[t]) > 0;
        let d = diffusion(&c.documents, &reference, &terms, &uses);
        let row = |r: &str| d.rows.iter().find(|x| x.region == r).unwrap();
        assert_eq!(
            (
                row("甲市").first_year,
                row("甲市").lag_years,
                row("甲市").reports_before
            ),
            (Some(2018), Some(1), 1)
        );
        assert_eq!(
            (
                row("乙市").first_year,
                row("乙市").lag_years,
                row("乙市").reports_before
            ),
            (Some(2017), Some(0), 1)
        );
        assert!(row("丙市").censored && !row("甲市").censored);
        assert_eq!(row("丙市").lag_years, Some(2));
        // Adoption: 2016: 甲, 乙 report, none adopted → 0/2; 2017: only 乙 reports, adopted →
        // 1/1; 2018: only 甲, adopted → 1/1; 2019: 甲, 乙, 丙 all adopted → 3/3.
        let shares: Vec<(i32, usize, usize)> = d
            .adoption
            .iter()
            .map(|a| (a.year, a.regions_reporting, a.regions_adopted))
            .collect();
        assert_eq!(
            shares,
            [(2016, 2, 0), (2017, 1, 1), (2018, 1, 1), (2019, 3, 3)]
        );
        let t = &d.terms[0];
        assert_eq!(
            (t.reference_first_year, t.adopters, t.regions),
            (Some(2017), 3, 3)
        );
        // Lags 1, 0, 2 → median 1; without the censored 丙市: 0 and 1 → 0.5.
        assert_eq!(
            (t.median_lag, t.median_lag_uncensored),
            (Some(1.0), Some(0.5))
        );
        assert_eq!(t.half_year, Some(2017));
        assert_eq!(diffusion_frame(&d).unwrap().height(), 3);
        assert_eq!(adoption_frame(&d).unwrap().height(), 4);
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(vec![4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(vec![]), None);
    }
}
