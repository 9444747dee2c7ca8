//! Trend line chart: one line per term over the years, broken wherever a year is missing.

use plotters::prelude::DrawingBackend;
use plotters::style::Color;

use super::ChartError;
use super::axes::{self, Years};
use super::canvas::{Canvas, Frame};
use super::legend::{self, Entry, Swatch};
use super::style::{SeriesStyle, clean, format_tick, value_ticks};

/// Legend suffix for a term's first appearance: `label (首次出现 2017)`.
pub const FIRST_SEEN: &str = "首次出现";
/// Legend text for the dots on the x axis.
pub const KEY_DOCS: &str = "有报告的年份";
/// Legend text for the grey bands.
pub const KEY_GAPS: &str = "无报告的年份";

/// A trend chart of terms over years.
#[derive(Clone, Debug, Default)]
pub struct LineChart {
    /// Title, top left.
    pub title: String,
    /// Optional subtitle under the title (grey).
    pub subtitle: Option<String>,
    /// X axis title (e.g. `年份`).
    pub x_label: String,
    /// Y axis title (e.g. `每万词频次`).
    pub y_label: String,
    /// Source note under the plot (small grey text).
    pub source_note: String,
    /// Every integer year in this inclusive range gets a tick; labels every 1/2/5/10… years
    /// depending on the space available.
    pub x_range: (i32, i32),
    /// Years that have data (documents): dots on the x axis; other years get a grey band.
    pub marked_x: Vec<i32>,
    /// The lines.
    pub series: Vec<LineSeries>,
}

/// One line of a [`LineChart`].
#[derive(Clone, Debug, Default)]
pub struct LineSeries {
    /// Legend label.
    pub label: String,
    /// Data points; only years that have data. A year absent here is a gap: the line
    /// breaks there and nothing (no zero) is drawn. Non-finite values count as absent.
    pub points: Vec<(i32, f64)>,
    /// First year the term appears: drawn as a ring and named in the legend.
    pub first_x: Option<i32>,
    /// Confidence interval per year, `(year, low, high)`: drawn as a light band in the
    /// series' colour behind the lines over each run of consecutive years that have a point,
    /// and as a whisker at a year without neighbours. A gap is never bridged; entries for
    /// years without a point, or with non-finite bounds, are ignored.
    pub band: Vec<(i32, f64, f64)>,
}

impl LineSeries {
    /// Legend text: the label, plus `(首次出现 YEAR)` when `first_x` is set.
    pub fn legend_label(&self) -> String {
        match self.first_x {
            Some(year) => format!("{} ({FIRST_SEEN} {year})", clean(&self.label)),
            None => clean(&self.label),
        }
    }

    /// Finite points inside `range`, sorted by year, one per year (the last one given wins).
    pub fn clean_points(&self, range: (i32, i32)) -> Vec<(i32, f64)> {
        let mut pts: Vec<(i32, f64)> = self
            .points
            .iter()
            .copied()
            .filter(|(x, v)| v.is_finite() && *x >= range.0 && *x <= range.1)
            .collect();
        pts.sort_by_key(|p| p.0);
        pts.reverse();
        pts.dedup_by_key(|p| p.0);
        pts.reverse();
        pts
    }

    /// The usable band entries: finite, `low <= high`, in `range`, at a year that has a
    /// point; sorted by year, one per year.
    pub fn clean_band(&self, range: (i32, i32)) -> Vec<(i32, f64, f64)> {
        let years: Vec<i32> = self.clean_points(range).iter().map(|p| p.0).collect();
        let mut band: Vec<(i32, f64, f64)> = self
            .band
            .iter()
            .copied()
            .filter(|(x, lo, hi)| {
                lo.is_finite() && hi.is_finite() && lo <= hi && years.binary_search(x).is_ok()
            })
            .collect();
        band.sort_by_key(|b| b.0);
        band.dedup_by_key(|b| b.0);
        band
    }

    /// Runs of band entries in adjacent years: each run is one band polygon (or, alone, a
    /// whisker).
    pub fn band_runs(&self, range: (i32, i32)) -> Vec<Vec<(i32, f64, f64)>> {
        let mut runs: Vec<Vec<(i32, f64, f64)>> = Vec::new();
        for b in self.clean_band(range) {
            match runs.last_mut() {
                Some(run) if run.last().is_some_and(|q| q.0 + 1 == b.0) => run.push(b),
                _ => runs.push(vec![b]),
            }
        }
        runs
    }

    /// Runs of points in adjacent years (y, y+1, …): each run is one unbroken line.
    pub fn runs(&self, range: (i32, i32)) -> Vec<Vec<(i32, f64)>> {
        let mut runs: Vec<Vec<(i32, f64)>> = Vec::new();
        for p in self.clean_points(range) {
            match runs.last_mut() {
                Some(run) if run.last().is_some_and(|q| q.0 + 1 == p.0) => run.push(p),
                _ => runs.push(vec![p]),
            }
        }
        runs
    }
}

impl LineChart {
    /// Every string the chart may draw: title, subtitle, axis titles, source note, legend
    /// entries, value tick labels and the label of every year in `x_range` (a superset of
    /// the year labels actually drawn, which depend on the image width).
    pub fn texts(&self) -> Vec<String> {
        let mut out = vec![clean(&self.title)];
        out.extend(self.subtitle.as_deref().map(clean));
        out.extend([
            clean(&self.x_label),
            clean(&self.y_label),
            clean(&self.source_note),
        ]);
        out.extend(self.legend_entries().into_iter().map(|e| e.text));
        out.extend(self.value_labels().into_iter().map(|(_, t)| t));
        let (lo, hi) = self.range();
        out.extend((lo..=hi).map(|y| y.to_string()));
        out.retain(|t| !t.trim().is_empty());
        out
    }

    /// `x_range` with its ends in order.
    fn range(&self) -> (i32, i32) {
        (
            self.x_range.0.min(self.x_range.1),
            self.x_range.0.max(self.x_range.1),
        )
    }

    fn value_labels(&self) -> Vec<(f64, String)> {
        let range = self.range();
        // The axis makes room for the bands, but at most up to 1.5 times the highest point:
        // a report of a few hundred tokens has an interval so wide that it would flatten
        // every line; such bands are cut at the top of the plot (their bounds are in the
        // tables).
        let points = self
            .series
            .iter()
            .flat_map(|s| s.clean_points(range))
            .map(|p| p.1)
            .fold(0.0, f64::max);
        let bands = self
            .series
            .iter()
            .flat_map(|s| s.clean_band(range))
            .map(|b| b.2)
            .fold(0.0, f64::max);
        let max = points.max(bands.min(points * BAND_HEADROOM));
        let (_, ticks) = value_ticks(max);
        let step = ticks.get(1).copied().unwrap_or(1.0);
        ticks
            .into_iter()
            .map(|v| (v, format_tick(v, step)))
            .collect()
    }

    fn legend_entries(&self) -> Vec<Entry> {
        let mut entries: Vec<Entry> = self
            .series
            .iter()
            .enumerate()
            .map(|(i, s)| Entry {
                swatch: Swatch::Line(SeriesStyle::nth(i)),
                text: s.legend_label(),
            })
            .collect();
        if self.series.iter().any(|s| s.first_x.is_some()) {
            entries.push(Entry {
                swatch: Swatch::Ring,
                text: FIRST_SEEN.to_owned(),
            });
        }
        if !self.marked_x.is_empty() {
            entries.push(Entry {
                swatch: Swatch::Dot,
                text: KEY_DOCS.to_owned(),
            });
            entries.push(Entry {
                swatch: Swatch::Band,
                text: KEY_GAPS.to_owned(),
            });
        }
        entries
    }

    fn validate(&self) -> Result<(), ChartError> {
        let bad = self
            .series
            .iter()
            .flat_map(|s| {
                s.points
                    .iter()
                    .copied()
                    .chain(s.band.iter().map(|b| (b.0, b.1)))
            })
            .find(|p| p.1 < 0.0);
        match bad {
            Some((year, v)) => Err(ChartError::InvalidData(format!(
                "negative value {v} at {year}"
            ))),
            None => Ok(()),
        }
    }
}

/// Draws `chart` on `c` (an image of `size` px).
pub(super) fn draw<DB: DrawingBackend>(
    chart: &LineChart,
    c: &Canvas<'_, DB>,
    size: (u32, u32),
) -> Result<(), ChartError> {
    chart.validate()?;
    let s = c.sizes;
    let (w, h) = (size.0 as i32, size.1 as i32);
    let (top, note_top) = c.frame(
        (&chart.title, chart.subtitle.as_deref(), &chart.source_note),
        (w, h),
    )?;
    let values = chart.value_labels();
    let entries = chart.legend_entries();
    let years = Years {
        range: chart.range(),
        marked: &chart.marked_x,
    };
    let plot = axes::year_plot(c, size, (top, note_top), years, &values, &entries)?;
    let f = plot.frame;
    axes::gap_bands(c, &f, years)?;
    axes::value_axis(c, &f, &values, &chart.y_label)?;
    axes::year_grid(c, &f, years)?;
    axes::year_axis(c, &f, years, &chart.x_label, plot.x_title_top)?;
    draw_series(chart, c, &f)?;
    legend::draw(c, &plot.legend, &entries, (f.right + s.px(20.0), top))
}

fn draw_series<DB: DrawingBackend>(
    chart: &LineChart,
    c: &Canvas<'_, DB>,
    f: &Frame,
) -> Result<(), ChartError> {
    let range = chart.range();
    let at = |p: &(i32, f64)| (f.px(f64::from(p.0)), f.py(p.1));
    let banded = chart
        .series
        .iter()
        .filter(|s| !s.band_runs(range).is_empty())
        .count();
    let opacity = band_opacity(banded);
    for (i, series) in chart.series.iter().enumerate() {
        draw_band(series, &SeriesStyle::nth(i), c, f, (range, opacity))?;
    }
    for (i, series) in chart.series.iter().enumerate() {
        let st = SeriesStyle::nth(i);
        for run in series.runs(range).iter().filter(|r| r.len() > 1) {
            c.series_line(run.iter().map(at).collect(), &st)?;
        }
    }
    for (i, series) in chart.series.iter().enumerate() {
        let st = SeriesStyle::nth(i);
        let pts = series.clean_points(range);
        // Zeros sit on the x axis, where every series' zeros would pile up on
        // the "has a report" dots: they get a marker only when isolated (no
        // line to show them), otherwise the line along the axis shows them.
        let isolated: Vec<i32> = series
            .runs(range)
            .iter()
            .filter(|r| r.len() == 1)
            .map(|r| r[0].0)
            .collect();
        for p in pts.iter().filter(|p| p.1 != 0.0 || isolated.contains(&p.0)) {
            c.marker(at(p), c.sizes.marker, &st)?;
        }
        if let Some(first) = series.first_x.filter(|x| (range.0..=range.1).contains(x)) {
            let v = pts.iter().find(|p| p.0 == first).map_or(0.0, |p| p.1);
            c.ring(
                at(&(first, v)),
                c.sizes.marker * 2 + 2,
                st.color,
                c.sizes.line.saturating_sub(1).max(2),
            )?;
        }
    }
    Ok(())
}

/// Bands raise the value axis to at most this multiple of the highest point; above it
/// they are cut at the top of the plot.
pub const BAND_HEADROOM: f64 = 1.5;

/// Opacity of a confidence band over white (and over other bands) when `n` series have
/// bands: 0.16 for up to three, then less so that overlapping bands stay light (0.48/n, at
/// least 0.08).
pub fn band_opacity(n: usize) -> f64 {
    if n <= 3 {
        0.16
    } else {
        (0.48 / n as f64).max(0.08)
    }
}

/// The confidence band of one series: a translucent polygon in its colour over each run of
/// consecutive years, a whisker with caps at an isolated year (three times as opaque, as
/// a thin line shows less than an area).
fn draw_band<DB: DrawingBackend>(
    series: &LineSeries,
    st: &SeriesStyle,
    c: &Canvas<'_, DB>,
    f: &Frame,
    (range, opacity): ((i32, i32), f64),
) -> Result<(), ChartError> {
    for run in series.band_runs(range) {
        let x = |b: &(i32, f64, f64)| f.px(f64::from(b.0));
        // Cut at the top of the plot (see `BAND_HEADROOM`).
        let y = |v: f64| f.py(v.min(f.y.1));
        if run.len() == 1 {
            let b = run[0];
            let (top, bottom) = (y(b.2), y(b.1));
            let cap = c.sizes.marker;
            let width = (c.sizes.line / 2).max(2);
            let color = st.color.mix((opacity * 3.0).min(0.5));
            c.translucent_line(vec![(x(&b), top), (x(&b), bottom)], color, width)?;
            // No cap where the whisker is cut: it goes on above the plot.
            let caps = if b.2 > f.y.1 {
                vec![bottom]
            } else {
                vec![top, bottom]
            };
            for y in caps {
                c.translucent_line(vec![(x(&b) - cap, y), (x(&b) + cap, y)], color, width)?;
            }
            continue;
        }
        let mut outline: Vec<(i32, i32)> = run.iter().map(|b| (x(b), y(b.2))).collect();
        outline.extend(run.iter().rev().map(|b| (x(b), y(b.1))));
        c.translucent_polygon(outline, st.color.mix(opacity))?;
    }
    Ok(())
}
