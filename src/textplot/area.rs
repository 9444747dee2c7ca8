//! Stacked area chart: theme shares over years, broken wherever no series has a point.

use plotters::prelude::DrawingBackend;

use super::ChartError;
use super::axes::{self, Years};
use super::canvas::{Canvas, Frame};
use super::colormap::{area_color, mix};
use super::legend::{self, Entry, Swatch};
use super::render::{Chart, Plot, chart_chrome};
use super::scale::{ordered, tick_labels_tight};
use super::style::{self, Texts, clean};

/// Half the width, in years, of the bar drawn for a year with data between two years without.
const ISOLATED_HALF_W: f64 = 0.3;

/// A stacked area chart of shares (e.g. themes) over years.
#[derive(Clone, Debug, Default)]
pub struct StackedArea {
    /// Title, top left.
    pub title: String,
    /// Optional subtitle under the title (grey).
    pub subtitle: Option<String>,
    /// X axis title (e.g. `年份`).
    pub x_label: String,
    /// Y axis title (e.g. `占比 (%)`).
    pub y_label: String,
    /// Source note under the plot (small grey text).
    pub source_note: String,
    /// Every integer year in this inclusive range gets a tick, as in [`super::LineChart`];
    /// points outside it are ignored.
    pub x_range: (i32, i32),
    /// Years that have documents: dots on the x axis; other years get a grey band.
    pub marked_x: Vec<i32>,
    /// The layers, stacked in this order: the first at the bottom.
    pub series: Vec<AreaSeries>,
}

/// One layer of a [`StackedArea`].
#[derive(Clone, Debug, Default)]
pub struct AreaSeries {
    /// Legend label.
    pub label: String,
    /// (year, value ≥ 0), only years with data, at most one point per year. In a year where
    /// another series has a point and this one has none, this layer is 0.
    pub points: Vec<(i32, f64)>,
}

/// Stacked tops of every layer in one year: `tops[i]` is the sum of layers `0..=i`.
#[derive(Clone, Debug, PartialEq)]
struct Column {
    year: i32,
    tops: Vec<f64>,
}

impl StackedArea {
    /// Runs of consecutive years in which at least one series has a point, as (first, last)
    /// years: each run is drawn as its own polygons; a run of one year as a narrow bar.
    pub fn runs(&self) -> Vec<(i32, i32)> {
        let mut runs: Vec<(i32, i32)> = Vec::new();
        for year in self.columns().iter().map(|c| c.year) {
            match runs.last_mut() {
                Some(run) if run.1 + 1 == year => run.1 = year,
                _ => runs.push((year, year)),
            }
        }
        runs
    }

    /// One column per year with at least one point in range, in year order.
    fn columns(&self) -> Vec<Column> {
        let (lo, hi) = ordered(self.x_range);
        let mut years: Vec<i32> = (self.series.iter().flat_map(|s| &s.points))
            .map(|p| p.0)
            .filter(|y| (lo..=hi).contains(y))
            .collect();
        years.sort_unstable();
        years.dedup();
        let value =
            |s: &AreaSeries, year: i32| s.points.iter().find(|p| p.0 == year).map_or(0.0, |p| p.1);
        let column = |year: i32| {
            let tops = (self.series.iter())
                .scan(0.0, |sum, s| {
                    *sum += value(s, year);
                    Some(*sum)
                })
                .collect();
            Column { year, tops }
        };
        years.into_iter().map(column).collect()
    }

    fn value_labels(&self) -> Vec<(f64, String)> {
        let max = (self.columns().iter())
            .filter_map(|c| c.tops.last().copied())
            .fold(0.0, f64::max);
        tick_labels_tight(max)
    }

    /// Layers top to bottom (as stacked), then the keys for year dots and gap bands.
    fn legend_entries(&self) -> Vec<Entry> {
        let mut entries: Vec<Entry> = (self.series.iter().enumerate().rev())
            .map(|(i, s)| Entry {
                swatch: Swatch::Area(area_color(i)),
                text: clean(&s.label),
            })
            .collect();
        entries.extend(axes::year_keys(&self.marked_x, self.x_range));
        entries
    }

    fn validate(&self) -> Result<(), ChartError> {
        let bad = |msg: String| Err(ChartError::InvalidData(msg));
        for s in &self.series {
            for (i, (year, v)) in s.points.iter().enumerate() {
                if !v.is_finite() || *v < 0.0 {
                    return bad(format!("value {v} of {:?} at {year}", s.label));
                }
                if s.points[..i].iter().any(|p| p.0 == *year) {
                    return bad(format!("{:?} has two points for {year}", s.label));
                }
            }
        }
        if self.columns().is_empty() {
            return bad("stacked area chart has no point in x_range".into());
        }
        Ok(())
    }
}

impl Chart for StackedArea {
    /// Title, subtitle, axis titles, source note, legend entries, value tick labels and the
    /// label of every year in `x_range` (a superset of the year labels actually drawn, which
    /// depend on the image width).
    fn texts(&self) -> Vec<String> {
        let mut t = Texts::chrome(&self.title, self.subtitle.as_deref(), &self.source_note);
        t.add(&self.x_label).add(&self.y_label);
        t.extend(self.legend_entries().into_iter().map(|e| e.text));
        t.extend(self.value_labels().into_iter().map(|(_, l)| l));
        t.extend(axes::year_labels(self.x_range));
        t.done()
    }

    chart_chrome!();

    /// Draws the plot between the title block and the note.
    fn draw_plot<DB: DrawingBackend>(&self, c: &Canvas<'_, DB>, p: Plot) -> Result<(), ChartError> {
        let (size, top, note_top) = (p.size, p.top, p.note_top);
        let s = c.sizes;
        let values = self.value_labels();
        let entries = self.legend_entries();
        let years = Years {
            range: ordered(self.x_range),
            marked: &self.marked_x,
        };
        let plot = axes::year_plot(c, size, (top, note_top), years, &values, &entries)?;
        let f = plot.frame;
        axes::gap_bands(c, &f, years)?;
        axes::value_axis(c, &f, &values, &self.y_label)?;
        axes::year_grid(c, &f, years)?;
        let columns = self.columns();
        for run in columns.chunk_by(|a, b| a.year + 1 == b.year) {
            draw_run(c, &f, run)?;
        }
        axes::year_axis(c, &f, years, &self.x_label, plot.x_title_top)?;
        legend::draw(c, &plot.legend, &entries, (f.right + s.px(20.0), top))
    }
}

/// Draws the layers over one run of consecutive years: a polygon per layer, or a bar of
/// width `2 · ISOLATED_HALF_W` years when the run is a single year.
fn draw_run<DB: DrawingBackend>(
    c: &Canvas<'_, DB>,
    f: &Frame,
    run: &[Column],
) -> Result<(), ChartError> {
    // (x, column) pairs along the run: a single year becomes a bar with two edges.
    let edges: Vec<(f64, &Column)> = match run {
        [only] => {
            let x = f64::from(only.year);
            vec![(x - ISOLATED_HALF_W, only), (x + ISOLATED_HALF_W, only)]
        }
        _ => run.iter().map(|col| (f64::from(col.year), col)).collect(),
    };
    let layers = run.first().map_or(0, |col| col.tops.len());
    let outline = c.sizes.px(1.5).max(1) as u32;
    for i in 0..layers {
        let top_of = |col: &Column| col.tops[i];
        let base_of = |col: &Column| if i == 0 { 0.0 } else { col.tops[i - 1] };
        if edges.iter().all(|(_, col)| top_of(col) <= base_of(col)) {
            continue;
        }
        let upper: Vec<(i32, i32)> = (edges.iter())
            .map(|(x, col)| (f.px(*x), f.py(top_of(col))))
            .collect();
        let lower = (edges.iter().rev()).map(|(x, col)| (f.px(*x), f.py(base_of(col))));
        let color = area_color(i);
        c.polygon(upper.iter().copied().chain(lower).collect(), color)?;
        let edge = mix(color, style::TEXT, 0.35);
        c.line(upper, edge, outline)?;
    }
    Ok(())
}
