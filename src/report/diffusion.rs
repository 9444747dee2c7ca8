//! Charts of `analyze diffusion`: cumulative adoption curves (the share of the regions
//! reporting in a year that have used the term by then) and a dot plot of each region's lag
//! behind the reference's first use.

use std::collections::BTreeMap;

use super::charts::{ChartSettings, RenderedChart, render};
use super::years::{Many, render_lines};
use crate::error::Result;
use crate::textplot::{DotPlot, DotSeries, LineChart, LineSeries};
use crate::textstat::diffusion::{Diffusion, TermDiffusion};

/// Most terms in the dot plot (one colour and marker each).
pub const DOT_TERMS: usize = 8;

/// A term's legend label: `数字经济 (参照首次 2017)`.
fn term_label(t: &TermDiffusion, reference: &str) -> String {
    match t.reference_first_year {
        Some(y) => format!("{} ({reference}首次 {y})", t.term),
        None => t.term.clone(),
    }
}

/// The adoption curves of `terms` (in percent), over the years with a region's report; more
/// than six terms become small multiples.
pub fn adoption_curves(
    d: &Diffusion,
    terms: &[String],
    reference: &str,
    note: &str,
    s: &ChartSettings,
) -> Result<Option<RenderedChart>> {
    let mut years: Vec<i32> = d
        .adoption
        .iter()
        .filter(|a| a.regions_reporting > 0)
        .map(|a| a.year)
        .collect();
    years.sort_unstable();
    years.dedup();
    let (Some(&first), Some(&last)) = (years.first(), years.last()) else {
        return Ok(None);
    };
    let series: Vec<LineSeries> = (d.terms.iter())
        .filter(|t| terms.contains(&t.term))
        .map(|t| LineSeries {
            label: term_label(t, reference),
            points: (d.adoption.iter())
                .filter(|a| a.term == t.term && a.regions_reporting > 0)
                .map(|a| (a.year, 100.0 * a.share))
                .collect(),
            first_x: None,
            band: vec![],
            years: None,
        })
        .collect();
    if series.is_empty() {
        return Ok(None);
    }
    let chart = LineChart {
        title: s
            .title
            .clone()
            .unwrap_or_else(|| "政策用语在各地区的扩散".into()),
        subtitle: Some(
            "当年有报告的地区中, 此前或当年已使用该词的地区占比 · 无报告的地区不计入分母".into(),
        ),
        x_label: "年份".into(),
        y_label: "已使用的地区占比 (%)".into(),
        source_note: note.into(),
        x_range: (first, last),
        marked_x: years,
        series,
    };
    render_lines(chart, Many::Panels, s).map(Some)
}

/// The dot plot of the lags of the first [`DOT_TERMS`] of `terms` by region (rows by their
/// mean lag, the regions that never use a shown term last); `None` without a reference year.
pub fn lag_dots(
    d: &Diffusion,
    terms: &[String],
    reference: &str,
    note: &str,
    s: &ChartSettings,
) -> Result<Option<RenderedChart>> {
    let shown: Vec<&TermDiffusion> = (d.terms.iter())
        .filter(|t| terms.contains(&t.term) && t.reference_first_year.is_some())
        .take(DOT_TERMS)
        .collect();
    if shown.is_empty() {
        return Ok(None);
    }
    let left_out = (d.terms.iter())
        .filter(|t| terms.contains(&t.term) && t.reference_first_year.is_some())
        .count()
        - shown.len();
    let more = if left_out > 0 {
        format!(" · 仅显示前 {DOT_TERMS} 个词 (另有 {left_out} 个见表)")
    } else {
        String::new()
    };
    // (lag, censored, never used although the place reported after the
    // reference's first use).
    type Lags = Vec<(Option<f64>, bool, bool)>;
    let mut lags: BTreeMap<String, Lags> = BTreeMap::new();
    for (k, t) in shown.iter().enumerate() {
        for r in d.rows.iter().filter(|r| r.term == t.term) {
            let row = lags
                .entry(r.region.clone())
                .or_insert_with(|| vec![(None, false, false); shown.len()]);
            let unused = r.first_year.is_none()
                && t.reference_first_year
                    .is_some_and(|f| r.last_report_year >= f);
            row[k] = (r.lag_years.map(f64::from), r.censored, unused);
        }
    }
    let mut regions: Vec<(String, Lags)> = lags.into_iter().collect();
    let mean = |v: &[(Option<f64>, bool, bool)]| {
        let known: Vec<f64> = v.iter().filter_map(|x| x.0).collect();
        if known.is_empty() {
            f64::INFINITY
        } else {
            known.iter().sum::<f64>() / known.len() as f64
        }
    };
    // A region that never used a shown term, although it reported after
    // the reference first used it, has no dot for it: it is ranked below
    // every region that used more of them (its mean lag is over fewer
    // terms, and would put it among the early adopters), and its label says
    // which term it never used. A term the reference first used after the
    // region's last report is no finding: no dot, no mark.
    let unused = |v: &[(Option<f64>, bool, bool)]| v.iter().filter(|x| x.2).count();
    regions.sort_by(|a, b| {
        unused(&a.1)
            .cmp(&unused(&b.1))
            .then(mean(&a.1).total_cmp(&mean(&b.1)))
            .then(a.0.cmp(&b.0))
    });
    let label = |(region, v): &(String, Lags)| {
        let missing: Vec<&str> = (v.iter().zip(&shown))
            .filter(|(x, _)| x.2)
            .map(|(_, t)| t.term.as_str())
            .collect();
        match missing[..] {
            [] => region.clone(),
            [one] => format!("{region} (未用{one})"),
            _ if missing.len() == shown.len() => format!("{region} (均未使用)"),
            _ => format!("{region} (未用 {} 个词)", missing.len()),
        }
    };
    let chart = DotPlot {
        title: s
            .title
            .clone()
            .unwrap_or_else(|| format!("各地区首次使用比{reference}晚几年")),
        subtitle: Some(format!(
            "滞后年数 = 地区首次使用年份 - {reference}首次使用年份 · 负数: 早于{reference} · 未使用的词无点, 地区名后注明 (其后无报告的不算) · 按未使用词数、再按平均滞后排序{more}"
        )),
        value_label: format!("滞后年数 (相对{reference}首次使用)"),
        source_note: note.into(),
        categories: regions.iter().map(label).collect(),
        series: (shown.iter().enumerate())
            .map(|(k, t)| DotSeries {
                label: term_label(t, reference),
                values: regions.iter().map(|r| r.1[k].0).collect(),
                open: regions.iter().map(|r| r.1[k].1).collect(),
            })
            .collect(),
        reference: Some((0.0, format!("{reference}首次使用"))),
        open_label: Some("空心: 首份报告已使用, 实际可能更早".into()),
    };
    render(&chart, s).map(Some)
}
