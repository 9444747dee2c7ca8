//! From tables to chart descriptions: the `term_trends` frame becomes a line
//! chart over years (or a bar chart over regions), rendered by `textplot`
//! as SVG and PNG.

use std::collections::BTreeMap;
use std::path::PathBuf;

use polars::prelude::*;
use serde::Serialize;

use crate::corpus::Corpus;
use crate::error::{Result, Warning, WarningKind};
use crate::textplot::{
    BarChart, BarSeries, ChartFont, LineChart, LineSeries, bar_chart_png, bar_chart_svg,
    line_chart_png, line_chart_svg,
};
use crate::textstat::GroupBy;

/// Which rate the chart plots.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Per {
    /// Per 10,000 content tokens.
    Tokens,
    /// Per 10,000 Han characters.
    Chars,
}

impl Per {
    /// The `term_trends` column plotted.
    pub fn column(self) -> &'static str {
        match self {
            Per::Tokens => "per_10k_tokens",
            Per::Chars => "per_10k_chars",
        }
    }

    /// Axis label.
    pub fn label(self) -> &'static str {
        match self {
            Per::Tokens => "每万词出现次数 (per 10k tokens)",
            Per::Chars => "每万汉字出现次数 (per 10k Han characters)",
        }
    }
}

/// Chart options.
#[derive(Debug, Clone)]
pub struct ChartSettings {
    /// Rate plotted.
    pub per: Per,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Font for labels.
    pub font: ChartFont,
    /// The font file given with `--font`, if any.
    pub font_path: Option<PathBuf>,
    /// Title (default: derived from the corpus).
    pub title: Option<String>,
}

impl ChartSettings {
    /// Name of the font for the manifest.
    pub fn font_name(&self) -> String {
        match &self.font_path {
            Some(p) => p.display().to_string(),
            None => format!("embedded: {}", self.font.name()),
        }
    }
}

/// A rendered chart.
#[derive(Debug, Clone)]
pub struct RenderedChart {
    /// SVG document.
    pub svg: String,
    /// PNG bytes.
    pub png: Vec<u8>,
    /// Font coverage problems.
    pub warnings: Vec<Warning>,
}

/// Most series a year-and-region chart draws (the largest by count).
pub const MAX_SERIES: usize = 12;

struct Row {
    year: Option<i32>,
    region: Option<String>,
    term: String,
    rate: Option<f64>,
    count: u64,
    first_year: Option<i32>,
}

fn rows(df: &DataFrame, per: Per, by: GroupBy) -> Result<Vec<Row>> {
    let term = df.column("term")?.str()?;
    let rate = df.column(per.column())?.f64()?;
    let count = df.column(match per {
        Per::Tokens => "token_count",
        Per::Chars => "substring_count",
    })?;
    let count = count.u64()?;
    let first = df.column("first_year")?.i32()?;
    let year = if by.has_year() {
        Some(df.column("year")?.i32()?.clone())
    } else {
        None
    };
    let region = if by != GroupBy::Year {
        Some(df.column("region")?.str()?.clone())
    } else {
        None
    };
    Ok((0..df.height())
        .map(|i| Row {
            year: year.as_ref().and_then(|y| y.get(i)),
            region: region.as_ref().and_then(|r| r.get(i).map(str::to_string)),
            term: term.get(i).unwrap_or_default().to_string(),
            rate: rate.get(i),
            count: count.get(i).unwrap_or(0),
            first_year: first.get(i),
        })
        .collect())
}

fn source_note(corpus: &Corpus, lines: bool) -> String {
    let years = corpus.years();
    let span = match (years.first(), years.last()) {
        (Some(a), Some(b)) if a != b => format!("{a}-{b}"),
        (Some(a), _) => a.to_string(),
        _ => String::new(),
    };
    let name = crate::run::default_run_name(&corpus.input);
    let gaps = if lines {
        " · 无报告的年份不连线"
    } else {
        ""
    };
    format!(
        "数据: {name} · {} 份报告 · {} 个年份 ({span}) · jieba-rs 分词 + 政策词表{gaps}",
        corpus.documents.len(),
        years.len()
    )
}

/// Build and render the chart of a `term_trends` frame.
pub fn trend_chart(
    df: &DataFrame,
    corpus: &Corpus,
    by: GroupBy,
    s: &ChartSettings,
) -> Result<RenderedChart> {
    let rows = rows(df, s.per, by)?;
    let size = (s.width, s.height);
    let (svg, png, texts) = if by == GroupBy::Region {
        let chart = region_bars(&rows, corpus, s);
        (
            bar_chart_svg(&chart, &s.font, size)?,
            bar_chart_png(&chart, &s.font, size)?,
            chart.texts(),
        )
    } else {
        let chart = year_lines(&rows, corpus, by, s);
        (
            line_chart_svg(&chart, &s.font, size)?,
            line_chart_png(&chart, &s.font, size)?,
            chart.texts(),
        )
    };
    let mut missing: Vec<char> = texts.iter().flat_map(|t| s.font.missing_chars(t)).collect();
    missing.sort_unstable();
    missing.dedup();
    let warnings = if missing.is_empty() {
        vec![]
    } else {
        vec![Warning::new(
            WarningKind::Font,
            "",
            None,
            format!(
                "the chart font ({}) has no glyph for {}; those characters show as boxes. Pass --font with a font that has them",
                s.font_name(),
                missing.iter().collect::<String>()
            ),
        )]
    };
    Ok(RenderedChart { svg, png, warnings })
}

fn year_lines(rows: &[Row], corpus: &Corpus, by: GroupBy, s: &ChartSettings) -> LineChart {
    let years = corpus.years();
    // A term present from the first year of the data did not "arrive": only
    // later first appearances are marked.
    let start = years.first().copied().unwrap_or(i32::MIN);
    let mut series: BTreeMap<(usize, String), (LineSeries, u64)> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for r in rows {
        if !order.contains(&r.term) {
            order.push(r.term.clone());
        }
    }
    for r in rows {
        let (Some(year), Some(rate)) = (r.year, r.rate) else {
            continue;
        };
        let label = match (&r.region, by) {
            (Some(region), GroupBy::YearRegion) => format!("{} · {region}", r.term),
            _ => r.term.clone(),
        };
        let idx = order.iter().position(|t| *t == r.term).unwrap_or(0);
        let entry = series.entry((idx, label.clone())).or_insert_with(|| {
            (
                LineSeries {
                    label,
                    points: vec![],
                    first_x: r.first_year.filter(|&y| y > start),
                },
                0,
            )
        });
        entry.0.points.push((year, rate));
        entry.1 += r.count;
    }
    let mut list: Vec<(LineSeries, u64)> = series.into_values().collect();
    if list.len() > MAX_SERIES {
        let mut by_count = list.clone();
        by_count.sort_by_key(|x| std::cmp::Reverse(x.1));
        let keep: Vec<String> = by_count[..MAX_SERIES]
            .iter()
            .map(|x| x.0.label.clone())
            .collect();
        list.retain(|x| keep.contains(&x.0.label));
    }
    for (l, _) in &mut list {
        l.points.sort_by_key(|p| p.0);
    }
    LineChart {
        title: s
            .title
            .clone()
            .unwrap_or_else(|| "政府工作报告用词趋势".to_string()),
        subtitle: Some(format!("{} · 空心圆环标出首次出现的年份", s.per.label())),
        x_label: "年份".into(),
        y_label: s.per.label().into(),
        source_note: source_note(corpus, true),
        x_range: (
            years.first().copied().unwrap_or(0),
            years.last().copied().unwrap_or(0),
        ),
        marked_x: years,
        series: list.into_iter().map(|x| x.0).collect(),
    }
}

fn region_bars(rows: &[Row], corpus: &Corpus, s: &ChartSettings) -> BarChart {
    let mut terms: Vec<String> = Vec::new();
    let mut regions: Vec<String> = Vec::new();
    let mut values: BTreeMap<(String, String), f64> = BTreeMap::new();
    for r in rows {
        let region = r.region.clone().unwrap_or_default();
        if !terms.contains(&r.term) {
            terms.push(r.term.clone());
        }
        if !regions.contains(&region) {
            regions.push(region.clone());
        }
        if let Some(v) = r.rate {
            values.insert((r.term.clone(), region), v);
        }
    }
    // Regions ordered by the first term's rate, highest first.
    if let Some(first) = terms.first() {
        let key = |reg: &String| values.get(&(first.clone(), reg.clone())).copied();
        regions.sort_by(|a, b| {
            key(b)
                .unwrap_or(f64::NEG_INFINITY)
                .total_cmp(&key(a).unwrap_or(f64::NEG_INFINITY))
                .then(a.cmp(b))
        });
    }
    BarChart {
        title: s
            .title
            .clone()
            .unwrap_or_else(|| "各地区政府工作报告用词比较".to_string()),
        subtitle: Some(format!("{} · 按第一个词排序", s.per.label())),
        value_label: s.per.label().into(),
        source_note: source_note(corpus, false),
        series: terms
            .iter()
            .map(|t| BarSeries {
                label: t.clone(),
                values: regions
                    .iter()
                    .map(|r| values.get(&(t.clone(), r.clone())).copied())
                    .collect(),
            })
            .collect(),
        categories: regions,
    }
}
