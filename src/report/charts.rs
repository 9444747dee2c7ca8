//! From tables to chart descriptions: `term_trends` and `theme_trends`
//! frames become line charts over years (or bar charts over regions and
//! sections), theme shares a stacked-area chart; `textplot` renders them as
//! SVG and PNG.

use std::collections::BTreeMap;
use std::path::PathBuf;

use polars::prelude::*;
use serde::Serialize;

use super::years::{MAX_LINES, MAX_PANELS, Many, render_lines};
use crate::corpus::Corpus;
use crate::error::{Result, Warning, WarningKind};
use crate::textplot::{
    AreaSeries, BarChart, BarSeries, Chart, ChartFont, LineChart, LineSeries, StackedArea,
    chart_png_scaled, chart_svg,
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
    /// Coverage of the confidence bands drawn around trend lines (e.g. 0.95),
    /// from the frame's interval columns; `None`: no bands (`--ci none`).
    pub ci: Option<f64>,
    /// Write SVG files.
    pub svg: bool,
    /// Write PNG files.
    pub png: bool,
    /// Pixels of the PNG per pixel of `width` × `height` (`--png-scale`; 1:
    /// the SVG's size).
    pub png_scale: f64,
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

/// Render `chart` as SVG and PNG at the settings' size, with a warning if the chart font lacks
/// characters of its labels. The two are drawn at the same time (the PNG's
/// rasterising and compression took as long as everything else a small
/// corpus's chart needs).
pub fn render<C: Chart + Sync>(chart: &C, s: &ChartSettings) -> Result<RenderedChart> {
    let size = (s.width, s.height);
    let (svg, png) = rayon::join(
        || chart_svg(chart, &s.font, size),
        || chart_png_scaled(chart, &s.font, size, s.png_scale),
    );
    Ok(RenderedChart {
        svg: svg?,
        png: png?,
        warnings: font_warnings(&chart.texts(), s),
    })
}

/// Write a rendered chart as `stem.svg` and/or `stem.png`, as the settings
/// ask.
pub fn write_chart(
    run: &mut super::RunDir,
    stem: &str,
    chart: &RenderedChart,
    s: &ChartSettings,
) -> Result<()> {
    if s.svg {
        run.write(&format!("{stem}.svg"), chart.svg.as_bytes())?;
    }
    if s.png {
        run.write(&format!("{stem}.png"), &chart.png)?;
    }
    Ok(())
}

/// Chinese label of a section role for charts.
pub fn role_label(role: &str) -> &str {
    match role {
        "review" => "工作回顾",
        "requirements" => "总体要求",
        "tasks" => "工作任务",
        "self_building" => "政府自身建设",
        "other" => "其他",
        "all" => "全文",
        r => r,
    }
}

/// Chinese label of a level for charts.
pub fn level_chart_label(level: &str) -> &str {
    match level {
        "national" => "全国",
        "province" => "省级",
        "city" => "市级",
        "county" => "县级",
        crate::textstat::trends::UNKNOWN_LEVEL => "级别不明",
        l => l,
    }
}

/// The chart note for years whose reports mix levels while grouped by year
/// alone (see [`crate::textstat::trends::mixed_level_years`]):
/// `1990 (全国+市级)、2019 (全国+市级) 混合不同级别的报告, 建议 --by year,level`.
/// `None` when no year mixes levels or the grouping separates them.
pub fn mixed_levels_note(corpus: &Corpus, by: GroupBy) -> Option<String> {
    if !by.year || by.level || by.region {
        return None;
    }
    let mixed = crate::textstat::trends::mixed_level_years(&corpus.documents);
    if mixed.is_empty() {
        return None;
    }
    let mut years: Vec<String> = mixed
        .iter()
        .take(3)
        .map(|(y, levels)| {
            let l: Vec<&str> = levels.iter().map(|l| level_chart_label(l)).collect();
            format!("{y} ({})", l.join("+"))
        })
        .collect();
    if mixed.len() > 3 {
        years.push(format!("等 {} 个年份", mixed.len()));
    }
    Some(format!(
        "{} 混合不同级别的报告, 建议 --by year,level",
        years.join("、")
    ))
}

/// One row of a trend-like frame, reduced to what charts need.
struct Row {
    year: Option<i32>,
    /// Region and/or section label, when grouped by them.
    group: Option<String>,
    /// The term or theme.
    name: String,
    rate: Option<f64>,
    /// The interval of the rate, when the frame has one.
    interval: Option<(f64, f64)>,
    count: u64,
}

/// The interval columns of a rate column (see
/// [`crate::textstat::trends::with_rate_intervals`]).
fn interval_columns(value_col: &str) -> Option<(&'static str, &'static str)> {
    match value_col {
        "per_10k_tokens" => Some(("per_10k_low", "per_10k_high")),
        "per_10k_chars" => Some(("per_10k_chars_low", "per_10k_chars_high")),
        _ => None,
    }
}

/// `95%`, `99.5%`: a coverage as a percentage for chart text.
pub fn percent_label(level: f64) -> String {
    let p = level * 100.0;
    if (p - p.round()).abs() < 1e-9 {
        format!("{}%", p.round())
    } else {
        format!("{}%", (p * 10.0).round() / 10.0)
    }
}

/// Read `name_col` (term/theme), `value_col` and the group columns.
fn rows(df: &DataFrame, name_col: &str, value_col: &str, by: GroupBy) -> Result<Vec<Row>> {
    let name = df.column(name_col)?.str()?;
    let rate = df.column(value_col)?.f64()?;
    let count = df.column("token_count")?.u64()?;
    let bounds = match interval_columns(value_col) {
        Some((lo, hi)) if df.column(lo).is_ok() && df.column(hi).is_ok() => {
            Some((df.column(lo)?.f64()?.clone(), df.column(hi)?.f64()?.clone()))
        }
        _ => None,
    };
    let year = if by.year {
        Some(df.column("year")?.i32()?.clone())
    } else {
        None
    };
    let level = if by.level {
        Some(df.column("level")?.str()?.clone())
    } else {
        None
    };
    let region = if by.region {
        Some(df.column("region")?.str()?.clone())
    } else {
        None
    };
    let section = if by.section {
        Some(df.column("section")?.str()?.clone())
    } else {
        None
    };
    Ok((0..df.height())
        .map(|i| {
            let mut parts: Vec<String> = Vec::new();
            if let Some(l) = level.as_ref().and_then(|l| l.get(i)) {
                parts.push(level_chart_label(l).to_string());
            }
            if let Some(r) = region.as_ref().and_then(|r| r.get(i)) {
                parts.push(r.to_string());
            }
            if let Some(s) = section.as_ref().and_then(|s| s.get(i)) {
                parts.push(role_label(s).to_string());
            }
            Row {
                year: year.as_ref().and_then(|y| y.get(i)),
                group: (!parts.is_empty()).then(|| parts.join(" · ")),
                name: name.get(i).unwrap_or_default().to_string(),
                rate: rate.get(i),
                interval: bounds
                    .as_ref()
                    .and_then(|(lo, hi)| Some((lo.get(i)?, hi.get(i)?))),
                count: count.get(i).unwrap_or(0),
            }
        })
        .collect())
}

/// The source note under every chart: corpus, reports, years, method.
pub fn source_note(corpus: &Corpus, lines: bool) -> String {
    let years = corpus.years();
    let span = match (years.first(), years.last()) {
        (Some(a), Some(b)) if a != b => format!("{a}-{b}"),
        (Some(a), _) => a.to_string(),
        _ => String::new(),
    };
    let name = std::iter::once(&corpus.input)
        .chain(&corpus.added_inputs)
        .map(|p| crate::run::default_run_name(p))
        .collect::<Vec<_>>()
        .join(" + ");
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

/// Added to the label of a term that occurs in none of the reports charted.
pub const NOT_FOUND: &str = "未出现";

/// When `--years` left out earlier reports: "first appearance" means within the selected
/// years, said in the subtitle of charts that ring first appearances.
pub fn first_seen_note(corpus: &Corpus) -> Option<String> {
    let earlier = corpus.earlier_left_out?;
    let first = corpus.years().first().copied()?;
    Some(format!(
        "首次出现指 {first} 年以来 ({earlier}-{} 年的报告未计入)",
        first - 1
    ))
}

/// What a chart is about, for titles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// Terms (`term_trends`).
    Terms,
    /// Themes (`theme_trends`).
    Themes,
}

/// Build and render the chart of a `term_trends` or `theme_trends` frame:
/// lines over years when grouped by year, bars over regions/sections
/// otherwise.
pub fn trend_chart(
    df: &DataFrame,
    corpus: &Corpus,
    by: GroupBy,
    subject: Subject,
    s: &ChartSettings,
) -> Result<RenderedChart> {
    let (name_col, value_col) = match subject {
        Subject::Terms => ("term", s.per.column()),
        Subject::Themes => ("theme", "per_10k_tokens"),
    };
    let rows = rows(df, name_col, value_col, by)?;
    let per = if subject == Subject::Themes {
        Per::Tokens
    } else {
        s.per
    };
    // Reports of one year have no trend to draw: bars, as without `year`.
    if !by.year || corpus.years().len() == 1 {
        let mut bars = group_bars(&rows, corpus, s, per, subject);
        // Groups whose reports cover different years: their rates pool
        // different spans, which the chart says where it is read (the
        // warning alone stays behind when the image is reused).
        let uneven = crate::textstat::trends::years_of_groups(corpus, by).is_some_and(|g| {
            g.values()
                .collect::<Vec<_>>()
                .windows(2)
                .any(|w| w[0] != w[1])
        });
        if uneven {
            let note = "各组报告年份不同, 比率合并各自的年份";
            bars.subtitle = Some(match bars.subtitle.take() {
                Some(t) => format!("{t} · {note}"),
                None => note.to_string(),
            });
        }
        return render(&bars, s);
    }
    let mixed = mixed_levels_note(corpus, by);
    // A region's or a level's series has rows only in its own report years: its panel
    // marks those (a section missing from a report is no missing report, so not by section).
    let own_years = (by.region || by.level) && !by.section;
    let chart = year_lines(&rows, corpus, s, (per, subject, own_years), mixed);
    let many = match subject {
        Subject::Terms => Many::Panels,
        Subject::Themes => Many::Heatmap,
    };
    render_lines(chart, many, s)
}

/// A warning if the chart font lacks characters of `texts`.
pub fn font_warnings(texts: &[String], s: &ChartSettings) -> Vec<Warning> {
    let mut missing: Vec<char> = texts.iter().flat_map(|t| s.font.missing_chars(t)).collect();
    missing.sort_unstable();
    missing.dedup();
    if missing.is_empty() {
        return vec![];
    }
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
}

/// The stacked-area chart of theme shares (`share_pct` of `theme_trends`
/// grouped by year only).
pub fn theme_share_chart(
    df: &DataFrame,
    corpus: &Corpus,
    s: &ChartSettings,
) -> Result<RenderedChart> {
    let rows = rows(df, "theme", "share_pct", GroupBy::YEAR)?;
    let mut series: Vec<AreaSeries> = Vec::new();
    for r in &rows {
        let (Some(year), Some(v)) = (r.year, r.rate) else {
            continue;
        };
        match series.iter_mut().find(|a| a.label == r.name) {
            Some(a) => a.points.push((year, v)),
            None => series.push(AreaSeries {
                label: r.name.clone(),
                points: vec![(year, v)],
            }),
        }
    }
    let years = corpus.years();
    let chart = StackedArea {
        title: s
            .title
            .clone()
            .map(|t| format!("{t} · 主题构成"))
            .unwrap_or_else(|| "政府工作报告主题构成".to_string()),
        subtitle: Some("各主题词频占全部主题词频的百分比".into()),
        x_label: "年份".into(),
        y_label: "占比 (%)".into(),
        source_note: source_note(corpus, true),
        x_range: (
            years.first().copied().unwrap_or(0),
            years.last().copied().unwrap_or(0),
        ),
        marked_x: years,
        series,
    };
    render(&chart, s)
}

fn year_lines(
    rows: &[Row],
    corpus: &Corpus,
    s: &ChartSettings,
    (per, subject, own_years): (Per, Subject, bool),
    mixed: Option<String>,
) -> LineChart {
    let years = corpus.years();
    let mut order: Vec<String> = Vec::new();
    for r in rows {
        if !order.contains(&r.name) {
            order.push(r.name.clone());
        }
    }
    let mut series: BTreeMap<(usize, String), (LineSeries, u64)> = BTreeMap::new();
    for r in rows {
        let (Some(year), Some(rate)) = (r.year, r.rate) else {
            continue;
        };
        let label = match &r.group {
            Some(g) => format!("{} · {g}", r.name),
            None => r.name.clone(),
        };
        let idx = order.iter().position(|t| *t == r.name).unwrap_or(0);
        let entry = series.entry((idx, label.clone())).or_insert_with(|| {
            (
                LineSeries {
                    label,
                    points: vec![],
                    first_x: None,
                    band: vec![],
                    years: None,
                },
                0,
            )
        });
        // The first year the term occurs in this series, marked only if the
        // series has an earlier point (with 0): a term present from the first
        // year of the data, or of a group's data, did not "arrive". Without
        // groups this is the corpus-wide `first_year`.
        if r.count > 0 && entry.0.first_x.is_none_or(|f| year < f) {
            entry.0.first_x = Some(year);
        }
        entry.0.points.push((year, rate));
        // Bands only where the term occurs: a year without an occurrence has
        // the interval 0 to ~3.7/total (in the table), which for every term
        // at once would pile up along the axis and hide the lines.
        if s.ci.is_some()
            && let Some((lo, hi)) = r.interval
            && lo > 0.0
        {
            entry.0.band.push((year, lo, hi));
        }
        entry.1 += r.count;
    }
    let mut list: Vec<(LineSeries, u64)> = series.into_values().collect();
    // More lines become panels (at most MAX_PANELS, the largest by count) or heatmap rows.
    let most = match subject {
        Subject::Terms => MAX_PANELS,
        Subject::Themes => usize::MAX,
    };
    let dropped = list.len().saturating_sub(most);
    if dropped > 0 {
        let mut by_count = list.clone();
        by_count.sort_by_key(|x| std::cmp::Reverse(x.1));
        let keep: Vec<String> = by_count[..most].iter().map(|x| x.0.label.clone()).collect();
        list.retain(|x| keep.contains(&x.0.label));
    }
    for (l, total) in &mut list {
        // A term found nowhere: its flat line is no measurement of a falling use.
        if *total == 0 && subject == Subject::Terms {
            l.label.push_str(&format!(" ({NOT_FOUND})"));
        }
        l.points.sort_by_key(|p| p.0);
        if own_years {
            l.years = Some(l.points.iter().map(|p| p.0).collect());
        }
        let start = l.points.first().map(|p| p.0);
        l.first_x = l.first_x.filter(|&f| start.is_some_and(|s| f > s));
    }
    let (title, mut subtitle) = match subject {
        Subject::Terms => (
            "政府工作报告用词趋势",
            format!("{} · 空心圆环标出首次出现的年份", per.label()),
        ),
        Subject::Themes => (
            "政府工作报告主题趋势",
            format!("{} · 主题内各词频次之和", per.label()),
        ),
    };
    if let Some(note) = mixed {
        subtitle.push_str(" · ");
        subtitle.push_str(&note);
    }
    if subject == Subject::Terms
        && list.iter().any(|(l, _)| l.first_x.is_some())
        && let Some(note) = first_seen_note(corpus)
    {
        subtitle.push_str(" · ");
        subtitle.push_str(&note);
    }
    if dropped > 0 {
        subtitle.push_str(&format!(
            " · 仅显示频次最高的 {most} 个 (另有 {dropped} 个见表)"
        ));
    }
    let heatmap = subject == Subject::Themes && list.len() > MAX_LINES;
    if let Some(level) = s.ci
        && !heatmap
        && list.iter().any(|(l, _)| !l.band.is_empty())
    {
        subtitle.push_str(&format!(
            " · 浅色带: {} 置信区间 (泊松精确区间)",
            percent_label(level)
        ));
    }
    LineChart {
        title: s.title.clone().unwrap_or_else(|| title.to_string()),
        subtitle: Some(subtitle),
        x_label: "年份".into(),
        y_label: per.label().into(),
        source_note: source_note(corpus, true),
        x_range: (
            years.first().copied().unwrap_or(0),
            years.last().copied().unwrap_or(0),
        ),
        marked_x: years,
        series: list.into_iter().map(|x| x.0).collect(),
    }
}

fn group_bars(
    rows: &[Row],
    corpus: &Corpus,
    s: &ChartSettings,
    per: Per,
    subject: Subject,
) -> BarChart {
    let mut names: Vec<String> = Vec::new();
    let mut groups: Vec<String> = Vec::new();
    let mut values: BTreeMap<(String, String), f64> = BTreeMap::new();
    for r in rows {
        let group = r.group.clone().unwrap_or_default();
        if !names.contains(&r.name) {
            names.push(r.name.clone());
        }
        if !groups.contains(&group) {
            groups.push(group.clone());
        }
        if let Some(v) = r.rate {
            values.insert((r.name.clone(), group), v);
        }
    }
    // Groups ordered by the first series' rate, highest first.
    if let Some(first) = names.first() {
        let key = |g: &String| values.get(&(first.clone(), g.clone())).copied();
        groups.sort_by(|a, b| {
            key(b)
                .unwrap_or(f64::NEG_INFINITY)
                .total_cmp(&key(a).unwrap_or(f64::NEG_INFINITY))
                .then(a.cmp(b))
        });
    }
    let title = match subject {
        Subject::Terms => "政府工作报告用词比较",
        Subject::Themes => "政府工作报告主题比较",
    };
    // A term found nowhere says so.
    let label = |t: &String| {
        if subject == Subject::Terms && rows.iter().all(|r| r.name != *t || r.count == 0) {
            format!("{t} ({NOT_FOUND})")
        } else {
            t.clone()
        }
    };
    // No group but the year (reports of one year, grouped by year): the
    // terms are the bars, highest first, one series named for the year.
    if groups.len() == 1 && rows.iter().all(|r| r.group.is_none()) {
        let year = rows.iter().find_map(|r| r.year);
        let mut bars: Vec<(String, Option<f64>)> = names
            .iter()
            .map(|t| {
                (
                    label(t),
                    values.get(&(t.clone(), groups[0].clone())).copied(),
                )
            })
            .collect();
        bars.sort_by(|a, b| {
            b.1.unwrap_or(f64::NEG_INFINITY)
                .total_cmp(&a.1.unwrap_or(f64::NEG_INFINITY))
        });
        let year_text = year.map_or_else(String::new, |y| format!("{y} 年"));
        return BarChart {
            title: s.title.clone().unwrap_or_else(|| title.to_string()),
            subtitle: Some(
                [per.label().to_string(), year_text.clone()]
                    .into_iter()
                    .filter(|t| !t.is_empty())
                    .collect::<Vec<_>>()
                    .join(" · "),
            ),
            value_label: per.label().into(),
            source_note: source_note(corpus, false),
            series: vec![BarSeries {
                label: if year_text.is_empty() {
                    per.label().to_string()
                } else {
                    year_text
                },
                values: bars.iter().map(|b| b.1).collect(),
            }],
            categories: bars.into_iter().map(|b| b.0).collect(),
        };
    }
    BarChart {
        title: s.title.clone().unwrap_or_else(|| title.to_string()),
        subtitle: Some(if names.len() > 1 {
            format!("{} · 按第一个系列排序", per.label())
        } else {
            per.label().to_string()
        }),
        value_label: per.label().into(),
        source_note: source_note(corpus, false),
        series: names
            .iter()
            .map(|t| BarSeries {
                label: label(t),
                values: groups
                    .iter()
                    .map(|g| values.get(&(t.clone(), g.clone())).copied())
                    .collect(),
            })
            .collect(),
        categories: groups,
    }
}
