//! Charts of `analyze similarity`: the heatmap of one measure over the units (documents or
//! groups on both axes, ordered by year) and the continuity chart (each unit against its
//! predecessor, over the years, gaps kept as gaps).

use std::collections::BTreeMap;

use super::charts::{ChartSettings, RenderedChart, render};
use super::years::MAX_LINES;
use crate::error::Result;
use crate::textplot::{HeatColumns, Heatmap, LineChart, LinePanel, LineSeries, SmallMultiples};
use crate::textstat::similarity::tables::matrix;
use crate::textstat::similarity::units::Unit;
use crate::textstat::similarity::{Measure, Mode, Similarity};

/// Most units a heatmap shows (a larger corpus: group it, e.g. `--by year`).
pub const HEATMAP_MAX: usize = 600;

/// Chinese name of a measure for charts.
pub fn measure_label(m: Measure) -> &'static str {
    match m {
        Measure::CosineTfidf => "余弦相似度 (TF-IDF 实词)",
        Measure::Jaccard => "Jaccard 相似度 (5字片段)",
        Measure::Containment => "包含度 (5字片段)",
    }
}

/// The heatmap of `measure` (cosine or Jaccard) over every unit, `axis` naming the units
/// (报告, 年份…); `None` in MinHash mode (not
/// every pair is known) or with more than [`HEATMAP_MAX`] units. The colour scale ends at the
/// largest value off the diagonal, so the diagonal's 1 does not wash out the rest.
pub fn heatmap(
    sim: &Similarity,
    (measure, axis): (Measure, &str),
    note: &str,
    s: &ChartSettings,
) -> Result<Option<RenderedChart>> {
    if sim.mode != Mode::Exact || sim.units.len() < 2 || sim.units.len() > HEATMAP_MAX {
        return Ok(None);
    }
    let cells = matrix(sim, measure);
    let off_max = (cells.iter().enumerate())
        .flat_map(|(i, row)| {
            row.iter()
                .enumerate()
                .filter(move |(j, _)| *j != i)
                .filter_map(|(_, v)| *v)
        })
        .fold(0.0, f64::max);
    let labels: Vec<String> = sim.units.iter().map(|u| u.label.clone()).collect();
    // The order the units are in (units::units), as the axes show it.
    let years: std::collections::BTreeSet<i32> = sim.units.iter().filter_map(|u| u.year).collect();
    let regions = sim.units.iter().any(|u| u.region.is_some());
    let order = match (years.len() > 1, regions) {
        (true, true) => "按年份、省份排列",
        (true, false) => "按年份排列",
        (false, true) => "按省份排列",
        (false, false) => "按输入顺序排列",
    };
    let chart = Heatmap {
        title: s
            .title
            .clone()
            .unwrap_or_else(|| "政府工作报告之间的相似度".into()),
        subtitle: Some(format!(
            "{} · {order} · 对角线为 1 (色标止于对角线以外的最大值)",
            measure_label(measure)
        )),
        x_label: axis.into(),
        y_label: axis.into(),
        value_label: measure_label(measure).into(),
        source_note: note.into(),
        columns: HeatColumns::Labels(labels.clone()),
        rows: labels,
        cells,
        value_max: Some(off_max).filter(|m| *m > 0.0),
        missing_label: None,
    };
    render(&chart, s).map(Some)
}

/// The continuity chart: for each place (region and level, or all units when grouped by year
/// alone) its units' similarity to their predecessors over the years, cosine and Jaccard, the
/// mean when a year has several. Up to [`MAX_LINES`] lines in one chart, else one panel per
/// place; `None` without continuity rows.
pub fn continuity(
    sim: &Similarity,
    note: &str,
    s: &ChartSettings,
) -> Result<Option<RenderedChart>> {
    type Sums = BTreeMap<i32, (f64, f64, usize)>;
    let place_of = |u: &Unit| -> String {
        let name: Vec<&str> = u.region.iter().map(String::as_str).collect();
        if name.is_empty() {
            "全部报告".to_string()
        } else {
            name.join(" ")
        }
    };
    let mut places: BTreeMap<String, Sums> = BTreeMap::new();
    for p in &sim.continuity {
        let u = &sim.units[p.a];
        let Some(year) = u.year else { continue };
        let e = places
            .entry(place_of(u))
            .or_default()
            .entry(year)
            .or_default();
        e.0 += p.cosine;
        e.1 += p.jaccard;
        e.2 += 1;
    }
    if places.is_empty() {
        return Ok(None);
    }
    // Each place's own report years, for its panel's axis.
    let mut place_years: BTreeMap<String, Vec<i32>> = BTreeMap::new();
    for u in &sim.units {
        let Some(year) = u.year else { continue };
        let ys = place_years.entry(place_of(u)).or_default();
        if !ys.contains(&year) {
            ys.push(year);
        }
    }
    let mut years: Vec<i32> = sim.units.iter().filter_map(|u| u.year).collect();
    years.sort_unstable();
    years.dedup();
    let series = |sums: &Sums, m: Measure| LineSeries {
        label: measure_label(m).into(),
        points: (sums.iter())
            .map(|(y, (c, j, n))| {
                (
                    *y,
                    if m == Measure::CosineTfidf { c } else { j } / *n as f64,
                )
            })
            .collect(),
        first_x: None,
        band: vec![],
        years: None,
    };
    let title = s
        .title
        .clone()
        .unwrap_or_else(|| "与上一份报告的相似度".into());
    let subtitle =
        "每份报告与同一地区上一份报告 (跳过无报告的年份) 比较 · 无报告的年份不连线".to_string();
    let range = (
        years.first().copied().unwrap_or(0),
        years.last().copied().unwrap_or(0),
    );
    let measures = [Measure::CosineTfidf, Measure::Jaccard];
    if places.len() * measures.len() <= MAX_LINES {
        let many = places.len() > 1;
        let lines = (places.iter())
            .flat_map(|(place, sums)| {
                measures.iter().map(move |m| {
                    let mut l = series(sums, *m);
                    if many {
                        l.label = format!("{place} · {}", l.label);
                    }
                    l
                })
            })
            .collect();
        let chart = LineChart {
            title,
            subtitle: Some(subtitle),
            x_label: "年份".into(),
            y_label: "相似度".into(),
            source_note: note.into(),
            x_range: range,
            marked_x: years,
            series: lines,
        };
        return render(&chart, s).map(Some);
    }
    let chart = SmallMultiples {
        title,
        subtitle: Some(subtitle),
        x_label: "年份".into(),
        y_label: "相似度".into(),
        source_note: note.into(),
        x_range: range,
        marked_x: years,
        panels: (places.iter())
            .map(|(place, sums)| LinePanel {
                title: place.clone(),
                marked_x: place_years.get(place).cloned(),
                lines: measures
                    .iter()
                    .enumerate()
                    .map(|(i, m)| (i, series(sums, *m)))
                    .collect(),
            })
            .collect(),
        keys: measures
            .iter()
            .map(|m| measure_label(*m).to_string())
            .collect(),
    };
    render(&chart, s).map(Some)
}
