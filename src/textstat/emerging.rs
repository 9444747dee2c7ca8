//! Emerging and fading terms.
//!
//! Which terms are analysed: every eligible word with at least `min_total`
//! occurrences; every dictionary term (the policy lexicon and `--dict`
//! files) that occurs at all; and the rare words that are candidates for the
//! `new` list — first used within the last `recent_years` years and there
//! either `new_min_total` times or in `new_min_reports` reports (new terms
//! are rare when they arrive: 新质生产力 has 3 occurrences in two reports).
//!
//! For each: its per-10k-token series over the years that have reports (a
//! year without a report is missing, not zero; a year with reports and no
//! occurrence is 0), first and last year present, years present, the
//! Mann–Kendall test (S, Z, p) with Sen's slope (per 10k tokens per year,
//! x = actual years) and its 95 % confidence interval (`sen_low`,
//! `sen_high`), Pettitt's change point (the year after which the level
//! shifts most, with the means before and after), its jieba tag, whether the
//! chosen vocabulary admits it (see [`super::vocab`]), and, for list
//! candidates, the longer word most of its occurrences sit in (see
//! [`super::fragments`]).
//!
//! Lists (`emerging_lists`), drawn from the vocabulary (`--vocab`, content
//! words by default) and never holding a fragment of a longer word (常态 of
//! 常态化): `new` — first appearance within the last `recent_years` years of
//! the corpus, above the new-term threshold (or a dictionary term), and
//! present in every report year since; `vanished` — absent from the last
//! `recent_years` years after at least `min_total` occurrences before (both
//! complete, ranked by total); `riser` / `faller` — the `top` strongest
//! monotonic trends among terms with at least `min_total` occurrences
//! (Mann–Kendall p < alpha, ranked by |Z|, then by |Sen's slope|).

use std::collections::{BTreeMap, HashMap};

use polars::prelude::*;

use super::fragments::{Container, FragmentOptions, containers, string_years};
use super::select::{eligible, place_names};
use super::stats::{change_point, mann_kendall, sens_slope, sens_slope_interval};
use super::vocab::{Vocab, Vocabulary};

/// Coverage of the confidence interval of Sen's slope (`sen_low`, `sen_high`).
pub const SEN_LEVEL: f64 = 0.95;
use crate::corpus::Corpus;
use crate::dfm::Dfm;
use crate::error::Result;
use crate::tokens::{Segmenter, Stopwords};

/// Options.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct EmergingOptions {
    /// Minimum total occurrences for a term to be analysed (and to be a
    /// riser, faller or vanished term); dictionary terms are always analysed.
    pub min_total: u64,
    /// A rare term first used within the recent window is a `new` candidate
    /// with at least this many occurrences…
    pub new_min_total: u64,
    /// …or in at least this many reports.
    pub new_min_reports: usize,
    /// The vocabulary the lists draw from.
    pub vocab: Vocab,
    /// The fragment test applied to list candidates.
    pub fragments: FragmentOptions,
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
            new_min_total: 3,
            new_min_reports: 2,
            vocab: Vocab::Content,
            fragments: FragmentOptions::default(),
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
    /// A term of the loaded dictionaries (lexicon, `--dict`).
    pub lexicon: bool,
    /// jieba's tag of the word type.
    pub pos: Option<String>,
    /// Whether the vocabulary of the lists admits it.
    pub in_vocab: bool,
    /// The longer word most of its occurrences sit in (list candidates only;
    /// see [`mark_fragments`]).
    pub container: Option<Container>,
    /// Occurrences of the term as a string (inside any word) in the reports
    /// before its first year, and after its last (list candidates only; see
    /// [`mark_fragments`]).
    pub string_outside: Option<(u64, u64)>,
}

impl TermSeries {
    /// Whether the term is mostly a piece of a longer word.
    pub fn is_fragment(&self, opts: &FragmentOptions) -> bool {
        self.container.as_ref().is_some_and(|c| c.is_fragment(opts))
    }
}

/// Series and tests for every analysed term (see the module docs).
pub fn term_series(
    corpus: &Corpus,
    dfm: &Dfm,
    stop: &Stopwords,
    vocab: &Vocabulary<'_>,
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
    let years = corpus.years();
    let first_report = years.first().copied().unwrap_or_default();
    let recent_from = years.last().copied().unwrap_or_default() - opts.recent_years + 1;
    let analysed = |t: &str, by: &BTreeMap<i32, u64>| {
        let lexicon = vocab.is_lexicon(t);
        if !lexicon && !eligible(t, stop, &places) {
            return false;
        }
        let total: u64 = by.values().sum();
        let present = by.values().filter(|n| **n > 0).count();
        let first = by
            .iter()
            .find(|(_, n)| **n > 0)
            .map_or(i32::MAX, |(y, _)| *y);
        let new_candidate = first >= recent_from
            && first > first_report
            && (total >= opts.new_min_total || present >= opts.new_min_reports);
        lexicon || total >= opts.min_total || new_candidate
    };
    let mut out: Vec<TermSeries> = counts
        .into_iter()
        .filter(|(t, by)| by.values().any(|n| *n > 0) && analysed(t, by))
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
                lexicon: vocab.is_lexicon(t),
                pos: vocab.tag(t),
                in_vocab: vocab.admits(t),
                container: None,
                string_outside: None,
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

/// The four lists, each ranked: `(list, rank, index into terms)`. Terms
/// outside the vocabulary and fragments (after [`mark_fragments`]) are left
/// out.
pub fn lists(
    corpus: &Corpus,
    terms: &[TermSeries],
    opts: &EmergingOptions,
) -> Vec<(List, usize, usize)> {
    ranked(corpus, terms, opts, opts.top, true)
}

/// Check the terms that could enter a list for being pieces of longer words
/// (see [`super::fragments`]), storing each one's container: the `new` and
/// `vanished` candidates, and three times `top` risers and fallers.
pub fn mark_fragments(
    corpus: &Corpus,
    seg: &Segmenter,
    stop: &Stopwords,
    terms: &mut [TermSeries],
    opts: &EmergingOptions,
) -> Result<()> {
    let mut idx: Vec<usize> = ranked(corpus, terms, opts, 3 * opts.top, false)
        .into_iter()
        .map(|(_, _, i)| i)
        .collect();
    idx.sort_unstable();
    idx.dedup();
    let words: Vec<&str> = idx.iter().map(|&i| terms[i].term.as_str()).collect();
    let found = containers(corpus, seg, stop, &words, &opts.fragments)?;
    let strings = string_years(corpus, &words)?;
    for ((i, c), by_year) in idx.into_iter().zip(found).zip(strings) {
        let t = &mut terms[i];
        t.container = c;
        let (first, last) = (t.first_year, t.last_year);
        t.string_outside = Some((
            by_year.range(..first).map(|(_, n)| n).sum(),
            by_year.range(last + 1..).map(|(_, n)| n).sum(),
        ));
    }
    Ok(())
}

fn ranked(
    corpus: &Corpus,
    terms: &[TermSeries],
    opts: &EmergingOptions,
    trend_limit: usize,
    skip_fragments: bool,
) -> Vec<(List, usize, usize)> {
    let years = corpus.years();
    let Some(&last) = years.last() else {
        return vec![];
    };
    let recent_from = last - opts.recent_years + 1;
    let report_years_since = |y: i32| years.iter().filter(|&&x| x >= y).count();
    let listable = |i: &usize| {
        let t = &terms[*i];
        t.in_vocab && !(skip_fragments && t.is_fragment(&opts.fragments))
    };
    // A new word's string was not there before it (世博会 holds 博会 long
    // before 2022), a vanished word's string is not there after it (粮食产量
    // holds 产量): the token came or went with the segmentation, not the
    // word.
    let string_before = |t: &TermSeries| {
        t.string_outside
            .is_some_and(|(before, _)| before >= opts.fragments.min_count)
    };
    let string_after = |t: &TermSeries| {
        t.string_outside
            .is_some_and(|(_, after)| after >= opts.fragments.min_count)
    };
    let new_enough = |t: &TermSeries| {
        t.lexicon || t.total >= opts.new_min_total || t.years_present >= opts.new_min_reports
    };
    let mut new: Vec<usize> = (0..terms.len())
        .filter(listable)
        .filter(|&i| {
            let t = &terms[i];
            t.first_year >= recent_from
                && t.first_year > years[0]
                && new_enough(t)
                && t.years_present == report_years_since(t.first_year)
                && !(skip_fragments && string_before(t))
        })
        .collect();
    new.sort_by(|&a, &b| {
        terms[b]
            .total
            .cmp(&terms[a].total)
            .then(terms[a].first_year.cmp(&terms[b].first_year))
            .then(terms[a].term.cmp(&terms[b].term))
    });
    let frequent = |i: &usize| terms[*i].total >= opts.min_total;
    let mut vanished: Vec<usize> = (0..terms.len())
        .filter(listable)
        .filter(frequent)
        .filter(|&i| terms[i].last_year < recent_from)
        .filter(|&i| !(skip_fragments && string_after(&terms[i])))
        .collect();
    vanished.sort_by(|&a, &b| {
        terms[b]
            .total
            .cmp(&terms[a].total)
            .then(terms[a].term.cmp(&terms[b].term))
    });
    let trend = |sign: f64| {
        let mut v: Vec<usize> = (0..terms.len())
            .filter(listable)
            .filter(frequent)
            .filter(|&i| {
                terms[i].mk_p.is_some_and(|p| p < opts.alpha)
                    && terms[i].mk_z.is_some_and(|z| z * sign > 0.0)
            })
            .collect();
        v.sort_by(|&a, &b| {
            let za = terms[a].mk_z.unwrap_or(0.0).abs();
            let zb = terms[b].mk_z.unwrap_or(0.0).abs();
            zb.total_cmp(&za)
                .then(
                    (terms[b].sen_slope.unwrap_or(0.0).abs())
                        .total_cmp(&terms[a].sen_slope.unwrap_or(0.0).abs()),
                )
                .then(terms[a].term.cmp(&terms[b].term))
        });
        v
    };
    let mut out = Vec::new();
    for (list, v, limit) in [
        (List::New, new, usize::MAX),
        (List::Vanished, vanished, usize::MAX),
        (List::Riser, trend(1.0), trend_limit),
        (List::Faller, trend(-1.0), trend_limit),
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

/// The `emerging_terms` table (one row per term); `fragment` is judged
/// with `fragments`.
pub fn terms_frame(terms: &[TermSeries], fragments: &FragmentOptions) -> Result<DataFrame> {
    let o =
        |f: &dyn Fn(&TermSeries) -> Option<f64>| terms.iter().map(f).collect::<Vec<Option<f64>>>();
    let oi =
        |f: &dyn Fn(&TermSeries) -> Option<i32>| terms.iter().map(f).collect::<Vec<Option<i32>>>();
    // The string's occurrences outside the token's years, one side each.
    let outside = |name: &str, side: fn((u64, u64)) -> u64| {
        Column::new(
            name.into(),
            terms
                .iter()
                .map(|t| t.string_outside.map(side))
                .collect::<Vec<Option<u64>>>(),
        )
    };
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
        Column::new(
            "lexicon".into(),
            terms.iter().map(|t| t.lexicon).collect::<Vec<bool>>(),
        ),
        Column::new(
            "pos".into(),
            terms
                .iter()
                .map(|t| t.pos.clone())
                .collect::<Vec<Option<String>>>(),
        ),
        Column::new(
            "in_vocab".into(),
            terms.iter().map(|t| t.in_vocab).collect::<Vec<bool>>(),
        ),
        Column::new(
            "inside_word".into(),
            terms
                .iter()
                .map(|t| t.container.as_ref().map(|c| c.longer.clone()))
                .collect::<Vec<Option<String>>>(),
        ),
        Column::new(
            "inside_share".into(),
            o(&|t| t.container.as_ref().map(|c| c.share)),
        ),
        Column::new(
            "fragment".into(),
            terms
                .iter()
                .map(|t| t.container.as_ref().map(|c| c.is_fragment(fragments)))
                .collect::<Vec<Option<bool>>>(),
        ),
        outside("string_before_first", |x| x.0),
        outside("string_after_last", |x| x.1),
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

/// The `emerging_series` table: the yearly rates behind the chart, for
/// every listed term: `list, rank, term, year, per_10k` (one row per report
/// year; years without a report have no row, as in the chart).
pub fn series_frame(terms: &[TermSeries], lists: &[(List, usize, usize)]) -> Result<DataFrame> {
    let rows: Vec<(&str, u32, &str, i32, f64)> = lists
        .iter()
        .flat_map(|&(list, rank, i)| {
            terms[i].series.iter().map(move |&(year, rate)| {
                (
                    list.as_str(),
                    rank as u32,
                    terms[i].term.as_str(),
                    year,
                    rate,
                )
            })
        })
        .collect();
    Ok(DataFrame::new_infer_height(vec![
        Column::new("list".into(), rows.iter().map(|r| r.0).collect::<Vec<_>>()),
        Column::new(
            "rank".into(),
            rows.iter().map(|r| r.1).collect::<Vec<u32>>(),
        ),
        Column::new("term".into(), rows.iter().map(|r| r.2).collect::<Vec<_>>()),
        Column::new(
            "year".into(),
            rows.iter().map(|r| r.3).collect::<Vec<i32>>(),
        ),
        Column::new(
            "per_10k".into(),
            rows.iter().map(|r| r.4).collect::<Vec<f64>>(),
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
            vocab: Vocab::All,
            ..EmergingOptions::default()
        };
        let terms = term_series(&c, &dfm, &Stopwords::default(), &Vocabulary::all(), &opts);
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
        let frame = terms_frame(&terms, &opts.fragments).unwrap();
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

    #[test]
    fn a_string_there_before_or_after_its_token_keeps_a_word_off_the_lists() {
        let (_d, c, dfm) = corpus(
            &[
                ("2000.txt", words(&[("农业", 5), ("服务", 5)])),
                ("2001.txt", words(&[("服务", 5), ("农业", 5)])),
                (
                    "2003.txt",
                    format!(
                        "{}，粮食产量，粮食产量，粮食产量",
                        words(&[("创新", 4), ("服务", 6)])
                    ),
                ),
                ("2004.txt", words(&[("创新", 6), ("服务", 4)])),
            ],
            &[],
        );
        // The strings, inside any word, by year.
        let by = string_years(&c, &["农业", "产量"]).unwrap();
        assert_eq!(by[0], BTreeMap::from([(2000, 5), (2001, 5)]));
        assert_eq!(by[1], BTreeMap::from([(2003, 3)]));
        let opts = EmergingOptions {
            min_total: 5,
            recent_years: 2,
            top: 5,
            alpha: 0.5,
            vocab: Vocab::All,
            ..EmergingOptions::default()
        };
        let mut terms = term_series(&c, &dfm, &Stopwords::default(), &Vocabulary::all(), &opts);
        let names = |terms: &[TermSeries], list: List| -> Vec<String> {
            lists(&c, terms, &opts)
                .into_iter()
                .filter(|x| x.0 == list)
                .map(|x| terms[x.2].term.clone())
                .collect()
        };
        assert_eq!(names(&terms, List::New), ["创新"]);
        assert_eq!(names(&terms, List::Vanished), ["农业"]);
        let at = |terms: &[TermSeries], w: &str| terms.iter().position(|t| t.term == w).unwrap();
        // Fewer than min_count (3) occurrences of the string outside: listed.
        let (i, j) = (at(&terms, "创新"), at(&terms, "农业"));
        terms[i].string_outside = Some((2, 0));
        terms[j].string_outside = Some((0, 2));
        assert_eq!(names(&terms, List::New), ["创新"]);
        assert_eq!(names(&terms, List::Vanished), ["农业"]);
        // Three before its first year, or after its last: not listed.
        terms[i].string_outside = Some((3, 0));
        terms[j].string_outside = Some((0, 3));
        assert!(names(&terms, List::New).is_empty());
        assert!(names(&terms, List::Vanished).is_empty());
    }

    #[test]
    fn rare_new_terms_have_their_own_threshold_and_fragments_are_not_listed() {
        use crate::tokens::{Dictionary, SegmenterConfig};
        // Reports 2000–2005; recent window 2004–2005. 旅游 is in both recent
        // reports once (2 reports), 航天 three times in 2005 (3
        // occurrences), 海洋 once in 2005 (neither), 数字经济 once in 2005
        // (a lexicon term: always eligible).
        let filler = |n: usize| words(&[("服务", n), ("农业", 10 - n)]);
        let (_d, c, dfm) = corpus(
            &[
                ("2000.txt", filler(1)),
                ("2001.txt", filler(2)),
                ("2002.txt", filler(3)),
                ("2003.txt", filler(4)),
                ("2004.txt", format!("{}，旅游", filler(5))),
                (
                    "2005.txt",
                    format!("{}，旅游，航天，航天，航天，海洋，数字经济", filler(6)),
                ),
            ],
            &[],
        );
        let lexicon = Dictionary::lexicon().unwrap();
        let seg = Segmenter::new(&SegmenterConfig {
            hmm: true,
            dictionaries: vec![lexicon.clone()],
            required: vec![],
        })
        .unwrap();
        let stop = Stopwords::default();
        let vocab = Vocabulary::new(Vocab::All, std::slice::from_ref(&lexicon), &seg, &stop);
        let opts = EmergingOptions {
            min_total: 10,
            recent_years: 2,
            vocab: Vocab::All,
            ..EmergingOptions::default()
        };
        let mut terms = term_series(&c, &dfm, &stop, &vocab, &opts);
        let names: Vec<&str> = terms.iter().map(|t| t.term.as_str()).collect();
        // 海洋 (1 occurrence, 1 report) is not analysed; the filler words are.
        assert!(!names.contains(&"海洋"), "{names:?}");
        let new = |terms: &[TermSeries]| -> Vec<String> {
            lists(&c, terms, &opts)
                .into_iter()
                .filter(|x| x.0 == List::New)
                .map(|x| terms[x.2].term.clone())
                .collect()
        };
        // Ranked by total, then first year.
        assert_eq!(new(&terms), ["航天", "旅游", "数字经济"]);
        let dx = terms.iter().find(|t| t.term == "数字经济").unwrap();
        assert!(dx.lexicon);
        assert_eq!((dx.total, dx.first_year), (1, 2005));
        // A term found to sit mostly inside a longer word leaves the lists.
        let i = terms.iter().position(|t| t.term == "航天").unwrap();
        terms[i].container = Some(Container {
            longer: "航天器".into(),
            inside: 3,
            occurrences: 3,
            share: 1.0,
        });
        assert_eq!(new(&terms), ["旅游", "数字经济"]);
        // Outside the vocabulary: not listed either.
        let j = terms.iter().position(|t| t.term == "旅游").unwrap();
        terms[j].in_vocab = false;
        assert_eq!(new(&terms), ["数字经济"]);
    }
}
