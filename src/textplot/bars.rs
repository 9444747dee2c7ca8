//! Grouped horizontal bar chart: one group per category (e.g. 31 provinces), one bar per series.

use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};

use super::ChartError;
use super::axes;
use super::canvas::{Canvas, Frame};
use super::legend::{self, Entry, Swatch};
use super::render::{Chart, Plot, chart_chrome};
use super::scale::{format_value, tick_labels};
use super::style::{self, SeriesStyle, Sizes, Texts, clean};

/// A grouped horizontal bar chart.
#[derive(Clone, Debug, Default)]
pub struct BarChart {
    /// Title, top left.
    pub title: String,
    /// Optional subtitle under the title (grey).
    pub subtitle: Option<String>,
    /// Title of the value (horizontal) axis.
    pub value_label: String,
    /// Source note under the plot (small grey text).
    pub source_note: String,
    /// Category labels (left), drawn top to bottom in this order.
    pub categories: Vec<String>,
    /// Series; each has one value per category.
    pub series: Vec<BarSeries>,
}

/// One series of a [`BarChart`].
#[derive(Clone, Debug, Default)]
pub struct BarSeries {
    /// Legend label.
    pub label: String,
    /// One value per category; `None` (or a non-finite value) draws nothing, not 0.
    pub values: Vec<Option<f64>>,
}

/// Height the bar chart is drawn at: the requested height, or more when the requested height
/// leaves a category row less than the larger of 0.88 tick-label line heights (20 px at
/// 1600×900) and `6·series + 6` px (scaled with the chart's size factor). Width never changes.
/// For example at 1600×900, 31 categories fit with 1 or 2 series; 31 categories with 8
/// series grow the image to about 1900 px.
pub fn bar_chart_height(chart: &BarChart, size: (u32, u32)) -> u32 {
    let s = Sizes::for_size(size);
    let row = min_row_h(&s, chart.series.len());
    let has_sub = chart
        .subtitle
        .as_deref()
        .is_some_and(|t| !t.trim().is_empty());
    let chrome =
        s.header_h(has_sub) + s.bottom_axis_h() + s.footer_h(!chart.source_note.trim().is_empty());
    let need = chrome + row * chart.categories.len() as i32;
    size.1.max(u32::try_from(need).unwrap_or(size.1))
}

fn min_row_h(s: &Sizes, series: usize) -> i32 {
    let text = (f64::from(s.line_h(s.tick)) * 0.88).ceil() as i32;
    text.max(s.px(6.0) * series as i32 + s.px(6.0))
}

impl BarChart {
    /// Drawable values as (category index, series index, value).
    fn values(&self) -> impl Iterator<Item = (usize, usize, f64)> + '_ {
        self.series.iter().enumerate().flat_map(|(si, s)| {
            s.values
                .iter()
                .enumerate()
                .filter_map(move |(ci, v)| v.filter(|v| v.is_finite()).map(|v| (ci, si, v)))
        })
    }

    fn value_labels(&self) -> Vec<(f64, String)> {
        let max = self.values().map(|v| v.2).fold(0.0, f64::max);
        tick_labels(max * 1.04)
    }

    fn validate(&self) -> Result<(), ChartError> {
        if self.categories.is_empty() {
            return Err(ChartError::InvalidData(
                "bar chart has no categories".into(),
            ));
        }
        if let Some(s) = self
            .series
            .iter()
            .find(|s| s.values.len() != self.categories.len())
        {
            let (n, m) = (s.values.len(), self.categories.len());
            return Err(ChartError::InvalidData(format!(
                "series {:?} has {n} values for {m} categories",
                s.label
            )));
        }
        match self.values().find(|v| v.2 < 0.0) {
            Some((ci, _, v)) => Err(ChartError::InvalidData(format!(
                "negative value {v} for {:?}",
                self.categories[ci]
            ))),
            None => Ok(()),
        }
    }
}

impl Chart for BarChart {
    /// Title, subtitle, value-axis title, source note, categories, legend labels, value tick
    /// labels and every bar-end value label.
    fn texts(&self) -> Vec<String> {
        let mut t = Texts::chrome(&self.title, self.subtitle.as_deref(), &self.source_note);
        t.add(&self.value_label);
        t.extend(&self.categories);
        t.extend(self.series.iter().map(|s| &s.label));
        t.extend(self.value_labels().into_iter().map(|(_, l)| l));
        t.extend(self.values().map(|(_, _, v)| format_value(v)));
        t.done()
    }

    /// The requested width; the height of [`bar_chart_height`].
    fn image_size(&self, size: (u32, u32)) -> (u32, u32) {
        (size.0, bar_chart_height(self, size))
    }

    chart_chrome!();

    /// Draws the plot between the title block and the note.
    fn draw_plot<DB: DrawingBackend>(&self, c: &Canvas<'_, DB>, p: Plot) -> Result<(), ChartError> {
        let (size, top, note_top) = (p.size, p.top, p.note_top);
        let s = c.sizes;
        let w = size.0 as i32;
        let bottom = note_top - s.bottom_axis_h();
        let rows = axes::CategoryRows::new(c, &self.categories, (top, bottom));
        let (left, row_h) = (rows.left, rows.row_h);
        let entries: Vec<Entry> = (self.series.iter().enumerate())
            .map(|(i, b)| Entry {
                swatch: Swatch::Bar(SeriesStyle::nth(i)),
                text: clean(&b.label),
            })
            .collect();
        let lg = legend::measure(c, &entries, bottom - top);
        let right = w - s.margin - lg.width() - if entries.is_empty() { 0 } else { s.px(12.0) };
        let values = self.value_labels();
        let x_max = values.last().map_or(1.0, |v| v.0);
        let f = Frame {
            left,
            top,
            right,
            bottom,
            x: (0.0, x_max),
            y: (0.0, f64::from(bottom - top)),
        };
        if right - left < s.px(200.0) {
            return Err(ChartError::TooSmall {
                width: size.0,
                height: size.1,
            });
        }
        rows.zebra(c, right)?;
        axes::bottom_value_axis(c, &f, &values, &self.value_label)?;
        rows.draw_labels(c)?;
        draw_bars(self, c, &f, row_h)?;
        c.line(vec![(f.left, f.top), (f.left, f.bottom)], style::AXIS, 2)?;
        legend::draw(c, &lg, &entries, (right + s.px(32.0), top))
    }
}

fn draw_bars<DB: DrawingBackend>(
    chart: &BarChart,
    c: &Canvas<'_, DB>,
    f: &Frame,
    row_h: f64,
) -> Result<(), ChartError> {
    let n = chart.series.len().max(1) as f64;
    // Bars no thicker than 48 px at 1600×900: two categories would otherwise be two slabs
    // filling the plot.
    let thick = (row_h * if n > 1.0 { 0.8 } else { 0.66 } / n).min(f64::from(c.sizes.px(48.0)));
    let band = thick * n;
    // Bar-end labels may be as tall as the bar (one series: as the row).
    let room = if n > 1.0 { thick } else { row_h * 0.9 };
    let label_size = (c.sizes.tick * 0.8).min(room / 0.78);
    let show_labels = label_size >= c.sizes.tick * 0.5;
    for (ci, si, v) in chart.values() {
        let y0 = f64::from(f.top) + row_h * ci as f64 + (row_h - band) / 2.0 + thick * si as f64;
        let (top, bottom) = (y0.round() as i32, (y0 + thick).round() as i32 - 1);
        let x1 = f.px(v).max(f.left + 1);
        c.rect(
            (f.left, top),
            (x1, bottom.max(top + 1)),
            SeriesStyle::nth(si).color,
        )?;
        if show_labels {
            let mid = (top + bottom) / 2;
            c.text(
                &format_value(v),
                (x1 + c.sizes.px(6.0), mid),
                label_size,
                style::MUTED,
                (HPos::Left, VPos::Center),
            )?;
        }
    }
    Ok(())
}
