//! Dot plot: one row per category (e.g. region), one dot per series on a horizontal value axis
//! that may run below zero, with an optional reference line (e.g. the national first use).

use plotters::prelude::DrawingBackend;

use super::ChartError;
use super::axes;
use super::canvas::{Canvas, Frame};
use super::legend::{self, Entry, Swatch};
use super::render::{Chart, Plot, chart_chrome};
use super::scale::span_ticks;
use super::style::{self, Marker, SeriesStyle, Sizes, Texts, clean};

/// A dot plot.
#[derive(Clone, Debug, Default)]
pub struct DotPlot {
    /// Title, top left.
    pub title: String,
    /// Optional subtitle under the title (grey).
    pub subtitle: Option<String>,
    /// Title of the value (horizontal) axis.
    pub value_label: String,
    /// Source note under the plot (small grey text).
    pub source_note: String,
    /// Row labels, top to bottom.
    pub categories: Vec<String>,
    /// The dots: one series per colour and marker shape.
    pub series: Vec<DotSeries>,
    /// A vertical reference line at a value, with its legend text.
    pub reference: Option<(f64, String)>,
    /// Legend text of the hollow markers ([`DotSeries::open`]), when any is drawn.
    pub open_label: Option<String>,
}

/// One series of a [`DotPlot`].
#[derive(Clone, Debug, Default)]
pub struct DotSeries {
    /// Legend label.
    pub label: String,
    /// One value per category; `None` (or non-finite) draws nothing.
    pub values: Vec<Option<f64>>,
    /// Categories whose value is a bound, not a measurement (a lag censored by the start of
    /// the data): drawn hollow. Empty: none.
    pub open: Vec<bool>,
}

/// Height the dot plot is drawn at: the requested height, or more when a row would be lower
/// than the larger of 0.88 tick-label lines (20 px at 1600×900) and `9·series + 6` px, so
/// that the dots of a row, set apart vertically, stay visible even where they share a value.
/// Width never changes; 42 rows of 5 series grow 1600×900 to about 2.4k px.
pub fn dot_plot_height(chart: &DotPlot, size: (u32, u32)) -> u32 {
    let s = Sizes::for_size(size);
    let text = (f64::from(s.line_h(s.tick)) * 0.88).ceil() as i32;
    let row = text.max(s.px(9.0) * chart.series.len() as i32 + s.px(6.0));
    let sub = chart
        .subtitle
        .as_deref()
        .is_some_and(|t| !t.trim().is_empty());
    let chrome =
        s.header_h(sub) + s.bottom_axis_h() + s.footer_h(!chart.source_note.trim().is_empty());
    let need = chrome + row * chart.categories.len() as i32;
    size.1
        .max(u32::try_from(need).unwrap_or(size.1).min(16_384))
}

impl DotPlot {
    /// Drawable values as (category, series, value).
    fn values(&self) -> impl Iterator<Item = (usize, usize, f64)> + '_ {
        self.series.iter().enumerate().flat_map(|(si, s)| {
            (s.values.iter().enumerate())
                .filter_map(move |(ci, v)| v.filter(|v| v.is_finite()).map(|v| (ci, si, v)))
        })
    }

    fn ticks(&self) -> Vec<(f64, String)> {
        let refv = self.reference.as_ref().map(|r| r.0);
        let vals = self.values().map(|v| v.2).chain(refv);
        let (lo, hi) = vals.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
        // Room beyond the extreme dots, so that none sits on the frame
        // (a lag of 0 at the axis's start, hiding the reference line).
        if lo.is_finite() && hi.is_finite() {
            let pad = ((hi - lo) * 0.04).max(0.5);
            return span_ticks(lo - pad, hi + pad);
        }
        span_ticks(lo, hi)
    }

    fn legend_entries(&self) -> Vec<Entry> {
        let mut e: Vec<Entry> = (self.series.iter().enumerate())
            .map(|(i, s)| Entry {
                swatch: Swatch::Marker(dot_style(i)),
                text: clean(&s.label),
            })
            .collect();
        if let Some((_, label)) = &self.reference {
            e.push(Entry {
                swatch: Swatch::Rule,
                text: clean(label),
            });
        }
        if let Some(label) = &self.open_label
            && self.values().any(|(ci, si, _)| self.is_open(ci, si))
        {
            e.push(Entry {
                swatch: Swatch::Ring,
                text: clean(label),
            });
        }
        e
    }

    /// Whether the value of series `si` at category `ci` is drawn hollow.
    fn is_open(&self, ci: usize, si: usize) -> bool {
        self.series[si].open.get(ci).copied().unwrap_or(false)
    }

    fn validate(&self) -> Result<(), ChartError> {
        if self.categories.is_empty() {
            return Err(ChartError::InvalidData("dot plot has no categories".into()));
        }
        match self
            .series
            .iter()
            .find(|s| s.values.len() != self.categories.len())
        {
            Some(s) => Err(ChartError::InvalidData(format!(
                "series {:?} has {} values for {} categories",
                s.label,
                s.values.len(),
                self.categories.len()
            ))),
            None => Ok(()),
        }
    }
}

impl Chart for DotPlot {
    /// Title, subtitle, value-axis title, source note, categories, legend entries and tick
    /// labels.
    fn texts(&self) -> Vec<String> {
        let mut t = Texts::chrome(&self.title, self.subtitle.as_deref(), &self.source_note);
        t.add(&self.value_label).extend(&self.categories);
        t.extend(self.legend_entries().into_iter().map(|e| e.text));
        t.extend(self.ticks().into_iter().map(|(_, l)| l));
        t.done()
    }

    /// The requested width; the height of [`dot_plot_height`].
    fn image_size(&self, size: (u32, u32)) -> (u32, u32) {
        (size.0, dot_plot_height(self, size))
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
        let entries = self.legend_entries();
        let lg = legend::measure(c, &entries, bottom - top);
        let right = w - s.margin - lg.width() - s.px(12.0);
        if right - left < s.px(200.0) {
            return Err(ChartError::TooSmall {
                width: size.0,
                height: size.1,
            });
        }
        let ticks = self.ticks();
        let (lo, hi) = (
            ticks.first().map_or(0.0, |t| t.0),
            ticks.last().map_or(1.0, |t| t.0),
        );
        let f = Frame {
            left,
            top,
            right,
            bottom,
            x: (lo, hi),
            y: (0.0, 1.0),
        };
        rows.zebra(c, right)?;
        axes::bottom_value_axis(c, &f, &ticks, &self.value_label)?;
        if let Some((v, _)) = self.reference {
            let x = f.px(v);
            c.line(vec![(x, top), (x, bottom)], style::AXIS, 2)?;
        }
        rows.draw_labels(c)?;
        // Dots of one row are set apart vertically (series in order, top to bottom), so equal
        // values do not hide each other.
        let n = self.series.len().max(1) as f64;
        let (step, r) = dot_spacing(row_h, self.series.len(), s.marker);
        for (ci, si, v) in self.values() {
            let dy = ((si as f64 - (n - 1.0) / 2.0) * step).round() as i32;
            let at = (f.px(v), rows.mid(ci) + dy);
            c.marker(at, r, &dot_style(si))?;
            if self.is_open(ci, si) {
                let hole = SeriesStyle {
                    color: plotters::style::RGBColor(0xFF, 0xFF, 0xFF),
                    ..dot_style(si)
                };
                c.marker(at, (r * 11 / 20).max(1), &hole)?;
            }
        }
        legend::draw(c, &lg, &entries, (right + s.px(32.0), top))
    }
}

/// The vertical step between the dots of one row and their radius: markers at most as wide
/// as the step, so that the dots of one value (the censored lags at 0 of every term) stand
/// one above the other without covering each other.
fn dot_spacing(row_h: f64, series: usize, marker: i32) -> (f64, i32) {
    let n = series.max(1) as f64;
    let step = (row_h * 0.8 / n).min(f64::from(marker) * 2.4);
    let r = (marker + 1)
        .min((step / 2.0).floor() as i32)
        .min((row_h * 0.35) as i32)
        .max(2);
    (step, r)
}

/// Colour and shape of series `i`: the palette in turn, and circle, square, triangle and
/// diamond in turn, so overlapping dots of different series stay apart.
fn dot_style(i: usize) -> SeriesStyle {
    let marker = [
        Marker::Circle,
        Marker::Square,
        Marker::Triangle,
        Marker::Diamond,
    ][i % 4];
    SeriesStyle {
        marker,
        ..SeriesStyle::nth(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dots_of_one_value_do_not_cover_each_other() {
        // Rows as tall as dot_plot_height makes them, at 1600×900 and at 2×.
        for scale in [1.0, 2.0] {
            let s = super::super::style::with_density(scale, || {
                Sizes::for_size(((1600.0 * scale) as u32, (900.0 * scale) as u32))
            });
            for series in 1..=8 {
                let row = f64::from(s.px(9.0) * series as i32 + s.px(6.0));
                let (step, r) = dot_spacing(row, series, s.marker);
                assert!(
                    f64::from(2 * r) <= step || series == 1,
                    "{series} series: radius {r}, step {step}"
                );
                assert!(r >= 3, "{series} series: dots of radius {r} are too small");
                assert!(step * (series as f64 - 1.0) + f64::from(2 * r) <= row);
            }
        }
    }
}

#[cfg(test)]
mod tick_tests {
    use super::*;

    /// The axis reaches past the extreme dots: a lag of 0 (the smallest)
    /// and of 6 (the largest) sit inside the frame, not on it.
    #[test]
    fn the_axis_has_room_beyond_the_extreme_dots() {
        let plot = DotPlot {
            categories: vec!["甲".into(), "乙".into()],
            series: vec![DotSeries {
                label: "数字经济".into(),
                values: vec![Some(0.0), Some(6.0)],
                open: vec![],
            }],
            reference: Some((0.0, "全国首次使用".into())),
            ..DotPlot::default()
        };
        let ticks = plot.ticks();
        let (first, last) = (ticks[0].0, ticks[ticks.len() - 1].0);
        assert!(first < 0.0 && last > 6.0, "{ticks:?}");
    }
}
