//! Charts of `analyze reuse`: the share of each year's target reports that
//! reuses its sources (the existing line chart, gaps kept) and the same
//! share per region (the existing bar chart). Several reports of one year
//! or region are pooled: Σ reused Han characters / Σ Han characters.

use std::collections::BTreeMap;

use super::charts::{ChartSettings, RenderedChart, render};
use super::years::{Many, render_lines};
use crate::corpus::Document;
use crate::error::Result;
use crate::textplot::{BarChart, BarSeries, LineChart, LineSeries};
use crate::textstat::reuse::ReuseOptions;
use crate::textstat::reuse::tables::ShareRow;

/// Axis label of both charts.
const AXIS: &str = "复用占比 (%) · 目标报告中与来源重复的汉字";

/// Legend label of a source group.
pub fn group_label(group: &str) -> String {
    match group {
        "prev-year" => "本地区上一份报告 (prev-year)".to_string(),
        "candidates" => "候选对 (--candidates)".to_string(),
        // A group of levels and years (`national,2025`): the levels in Chinese, as the
        // charts name them, and the group as written.
        g => {
            let parts: Vec<&str> = (g.split(','))
                .map(|p| super::charts::level_chart_label(p.trim()))
                .collect();
            format!("来源: {} ({g})", parts.join(" "))
        }
    }
}

/// The note under both charts.
fn note(name: &str, targets: usize, o: &ReuseOptions, lines: bool) -> String {
    let gaps = if lines {
        " · 无目标报告的年份不连线"
    } else {
        ""
    };
    format!(
        "数据: {name} · {targets} 份目标报告 · {}字种子 + Smith–Waterman 比对 · 段落至少 {} 个汉字, 一致率 ≥ {:.2}{gaps}",
        o.ngram, o.min_chars, o.min_identity
    )
}

/// Pooled share in percent per `(group, key)`, groups in order of first
/// appearance.
fn pooled<K: Ord + Clone>(
    rows: &[ShareRow],
    key: impl Fn(&ShareRow) -> Option<K>,
) -> (Vec<String>, BTreeMap<(usize, K), f64>) {
    let mut groups: Vec<String> = Vec::new();
    let mut sums: BTreeMap<(usize, K), (usize, usize)> = BTreeMap::new();
    for r in rows {
        let Some(k) = key(r) else { continue };
        let g = match groups.iter().position(|x| *x == r.group) {
            Some(g) => g,
            None => {
                groups.push(r.group.clone());
                groups.len() - 1
            }
        };
        let e = sums.entry((g, k)).or_default();
        e.0 += r.reused;
        e.1 += r.han_chars;
    }
    let shares = sums
        .into_iter()
        .filter(|(_, (_, han))| *han > 0)
        .map(|(k, (reused, han))| (k, 100.0 * reused as f64 / han as f64))
        .collect();
    (groups, shares)
}

/// The line chart of the pooled share per target year; `None` with fewer
/// than two years.
pub fn share_by_year(
    docs: &[Document],
    rows: &[ShareRow],
    name: &str,
    o: &ReuseOptions,
    s: &ChartSettings,
) -> Result<Option<RenderedChart>> {
    let (groups, shares) = pooled(rows, |r| Some(docs[r.target].year));
    let mut years: Vec<i32> = shares.keys().map(|k| k.1).collect();
    years.sort_unstable();
    years.dedup();
    let (Some(&first), Some(&last)) = (years.first(), years.last()) else {
        return Ok(None);
    };
    if first == last {
        return Ok(None);
    }
    let targets = rows
        .iter()
        .map(|r| r.target)
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    let chart = LineChart {
        title: s
            .title
            .clone()
            .unwrap_or_else(|| "政府工作报告文本复用 (按年份)".to_string()),
        subtitle: Some("每年目标报告中与来源报告重复的汉字占比 · 同年多份报告合并计算".into()),
        x_label: "年份".into(),
        y_label: AXIS.into(),
        source_note: note(name, targets, o, true),
        x_range: (first, last),
        marked_x: years,
        series: groups
            .iter()
            .enumerate()
            .map(|(g, label)| LineSeries {
                label: group_label(label),
                points: shares
                    .iter()
                    .filter(|(k, _)| k.0 == g)
                    .map(|(k, v)| (k.1, *v))
                    .collect(),
                first_x: None,
                band: Vec::new(),
                years: None,
            })
            .collect(),
    };
    render_lines(chart, Many::Panels, s).map(Some)
}

/// The bar chart of the pooled share per target region (highest first by
/// the first group); `None` with fewer than two regions.
pub fn share_by_region(
    docs: &[Document],
    rows: &[ShareRow],
    name: &str,
    o: &ReuseOptions,
    s: &ChartSettings,
) -> Result<Option<RenderedChart>> {
    let (groups, shares) = pooled(rows, |r| docs[r.target].region.clone());
    let mut regions: Vec<String> = shares.keys().map(|k| k.1.clone()).collect();
    regions.sort();
    regions.dedup();
    if regions.len() < 2 {
        return Ok(None);
    }
    let value = |g: usize, r: &String| shares.get(&(g, r.clone())).copied();
    regions.sort_by(|a, b| {
        value(0, b)
            .unwrap_or(f64::NEG_INFINITY)
            .total_cmp(&value(0, a).unwrap_or(f64::NEG_INFINITY))
            .then(a.cmp(b))
    });
    let targets = rows
        .iter()
        .map(|r| r.target)
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    let chart = BarChart {
        title: s
            .title
            .clone()
            .unwrap_or_else(|| "政府工作报告文本复用 (按地区)".to_string()),
        subtitle: Some(
            "目标报告中与来源报告重复的汉字占比 · 同一地区多份报告合并计算 · 按第一个系列排序"
                .into(),
        ),
        value_label: AXIS.into(),
        source_note: note(name, targets, o, false),
        series: groups
            .iter()
            .enumerate()
            .map(|(g, label)| BarSeries {
                label: group_label(label),
                values: regions.iter().map(|r| value(g, r)).collect(),
            })
            .collect(),
        categories: regions,
    };
    render(&chart, s).map(Some)
}

#[cfg(test)]
mod tests {
    use super::group_label;

    #[test]
    fn source_groups_are_named_in_chinese_beside_the_group_as_written() {
        assert_eq!(
            group_label("national,2025"),
            "来源: 全国 2025 (national,2025)"
        );
        assert_eq!(group_label("city"), "来源: 市级 (city)");
        assert_eq!(group_label("prev-year"), "本地区上一份报告 (prev-year)");
    }
}
