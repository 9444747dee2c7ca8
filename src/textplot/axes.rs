//! Axes shared by the chart kinds: the plot layout of year charts (line chart, stacked area,
//! bump chart) with a legend on the right, a year axis with grey bands for years without
//! documents and dots for years with them and the legend keys saying so, a value axis on the
//! left, and a value axis along the bottom (bar charts).

use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};

use super::ChartError;
use super::canvas::{Canvas, Frame};
use super::legend::{self, Entry, Legend, Swatch};
use super::style::{self, clean};

/// Legend text for the dots on the x axis.
pub const KEY_DOCS: &str = "有报告的年份";
/// Legend text for the grey bands.
pub const KEY_GAPS: &str = "无报告的年份";

/// The legend keys of a year axis over `range`: a dot for years with documents and, when
/// some year of the range has none ([`has_gaps`]), a grey band for years without; none
/// when no year is marked.
pub fn year_keys(marked: &[i32], range: (i32, i32)) -> Vec<Entry> {
    year_keys_with(marked, has_gaps(marked, range))
}

/// [`year_keys`] with the grey band's key when `gaps` (for charts whose panels have years
/// of their own).
pub fn year_keys_with(marked: &[i32], gaps: bool) -> Vec<Entry> {
    if marked.is_empty() {
        return Vec::new();
    }
    let mut keys = vec![Entry {
        swatch: Swatch::Dot,
        text: KEY_DOCS.to_owned(),
    }];
    if gaps {
        keys.push(Entry {
            swatch: Swatch::Band,
            text: KEY_GAPS.to_owned(),
        });
    }
    keys
}

/// Whether some year of `range` (ends in any order) is not among the `marked` ones (a year
/// without documents, drawn as a grey band).
pub fn has_gaps(marked: &[i32], range: (i32, i32)) -> bool {
    let (lo, hi) = super::scale::ordered(range);
    !marked.is_empty() && (lo..=hi).any(|y| !marked.contains(&y))
}

/// The label of every year of `range` (ends in any order): a superset of the labels a year
/// axis draws, for glyph-coverage checks.
pub fn year_labels(range: (i32, i32)) -> Vec<String> {
    let (lo, hi) = super::scale::ordered(range);
    (lo..=hi).map(|y| y.to_string()).collect()
}

/// The years of a year chart: the inclusive range on the x axis and the years with documents.
#[derive(Clone, Copy, Debug)]
pub struct Years<'a> {
    /// First and last year (in order).
    pub range: (i32, i32),
    /// Years with documents (dots on the axis); empty means no bands and no dots.
    pub marked: &'a [i32],
}

/// Placement of a year chart: the plot frame, its legend and where the x axis title goes.
#[derive(Clone, Copy, Debug)]
pub struct YearPlot {
    /// Plot rectangle; x in years (± half a year), y in values.
    pub frame: Frame,
    /// Legend right of the plot.
    pub legend: Legend,
    /// Top row of the x axis title.
    pub x_title_top: i32,
}

/// Lays out a year chart in the rows `top..note_top` of an image of `size` px: value labels
/// and the y axis title on the left, `entries` as a legend on the right.
///
/// # Errors
///
/// [`ChartError::TooSmall`] when the plot would be narrower than 200 or lower than 120 px
/// (scaled).
pub fn year_plot<DB: DrawingBackend>(
    c: &Canvas<'_, DB>,
    size: (u32, u32),
    (top, note_top): (i32, i32),
    years: Years<'_>,
    values: &[(f64, String)],
    entries: &[Entry],
) -> Result<YearPlot, ChartError> {
    let s = c.sizes;
    let x_title_top = note_top - s.px(18.0) - c.line_h(s.axis_title);
    let bottom = note_top - s.bottom_axis_h();
    let label_w = values
        .iter()
        .map(|(_, t)| c.width(t, s.tick))
        .max()
        .unwrap_or(0);
    let left = s.margin + c.line_h(s.axis_title) + s.px(18.0) + label_w + s.px(12.0);
    let legend = legend::measure(c, entries, bottom - top);
    let right = size.0 as i32 - s.margin - legend.width();
    if right - left < s.px(200.0) || bottom - top < s.px(120.0) {
        return Err(ChartError::TooSmall {
            width: size.0,
            height: size.1,
        });
    }
    let (lo, hi) = years.range;
    let y_max = values.last().map_or(1.0, |v| v.0);
    let frame = Frame {
        left,
        top,
        right,
        bottom,
        x: (f64::from(lo) - 0.5, f64::from(hi) + 0.5),
        y: (0.0, y_max),
    };
    Ok(YearPlot {
        frame,
        legend,
        x_title_top,
    })
}

/// Grey bands over the years in the range that are not marked (no bands when none is marked).
pub fn gap_bands<DB: DrawingBackend>(
    c: &Canvas<'_, DB>,
    f: &Frame,
    years: Years<'_>,
) -> Result<(), ChartError> {
    if years.marked.is_empty() {
        return Ok(());
    }
    let (lo, hi) = years.range;
    let mut year = lo;
    while year <= hi {
        if years.marked.contains(&year) {
            year += 1;
            continue;
        }
        let start = year;
        while year <= hi && !years.marked.contains(&year) {
            year += 1;
        }
        let (x0, x1) = (f.px(f64::from(start) - 0.5), f.px(f64::from(year) - 0.5));
        c.rect((x0, f.top), (x1, f.bottom), style::GAP_BAND)?;
    }
    Ok(())
}

/// Value labels and grid lines at `values`, and the rotated axis title `label` at the left edge.
pub fn value_axis<DB: DrawingBackend>(
    c: &Canvas<'_, DB>,
    f: &Frame,
    values: &[(f64, String)],
    label: &str,
) -> Result<(), ChartError> {
    let s = c.sizes;
    value_grid(c, f, values, true)?;
    let mid = (f.top + f.bottom) / 2;
    c.text_up(
        &clean(label),
        (s.margin + c.line_h(s.axis_title) / 2, mid),
        s.axis_title,
        style::TEXT,
    )
}

/// Grid lines at `values` above 0 and, if `labels`, the values' labels left of the plot
/// (every other one, or fewer, where ticks are closer than 1.4 label lines).
pub fn value_grid<DB: DrawingBackend>(
    c: &Canvas<'_, DB>,
    f: &Frame,
    values: &[(f64, String)],
    labels: bool,
) -> Result<(), ChartError> {
    let s = c.sizes;
    // Labels at every tick, or every k-th one where ticks are closer than 1.4 lines.
    let spacing = f64::from(f.bottom - f.top) / (values.len().max(2) - 1) as f64;
    let every = (f64::from(c.line_h(s.tick)) * 1.4 / spacing)
        .ceil()
        .max(1.0) as usize;
    for (i, (v, text)) in values.iter().enumerate() {
        let y = f.py(*v);
        if *v > 0.0 {
            c.line(vec![(f.left, y), (f.right, y)], style::GRID, 1)?;
        }
        if labels && i % every == 0 {
            let at = (f.left - s.px(12.0), y);
            c.text(text, at, s.tick, style::TEXT, (HPos::Right, VPos::Center))?;
        }
    }
    Ok(())
}

/// Year step for labels: the smallest of 1, 2, 5, 10, 20, 50, 100 whose labels do not touch.
fn year_step<DB: DrawingBackend>(c: &Canvas<'_, DB>, f: &Frame, years: i32) -> i32 {
    let per_year = f64::from(f.right - f.left) / f64::from(years.max(1));
    let need = f64::from(c.width("0000", c.sizes.tick) + c.sizes.px(16.0));
    [1, 2, 5, 10, 20, 50, 100]
        .into_iter()
        .find(|k| f64::from(*k) * per_year >= need)
        .unwrap_or(100)
}

/// Vertical grid lines at the labelled years (drawn under the data).
pub fn year_grid<DB: DrawingBackend>(
    c: &Canvas<'_, DB>,
    f: &Frame,
    years: Years<'_>,
) -> Result<(), ChartError> {
    let (lo, hi) = years.range;
    let step = year_step(c, f, hi - lo + 1);
    for year in (lo..=hi).filter(|y| y % step == 0) {
        let x = f.px(f64::from(year));
        c.line(vec![(x, f.top), (x, f.bottom)], style::GRID, 1)?;
    }
    Ok(())
}

/// Year ticks (every year; labels every few years, see [`year_grid`]), the axis lines, dots
/// on marked years and the axis title `label` centred at row `title_top`.
pub fn year_axis<DB: DrawingBackend>(
    c: &Canvas<'_, DB>,
    f: &Frame,
    years: Years<'_>,
    label: &str,
    title_top: i32,
) -> Result<(), ChartError> {
    year_ticks(c, f, years, true)?;
    axis_title_below(c, f, label, title_top)
}

/// Year ticks, their labels if `labels` (every few years, see [`year_grid`]), the axis lines
/// and dots on the marked years.
pub fn year_ticks<DB: DrawingBackend>(
    c: &Canvas<'_, DB>,
    f: &Frame,
    years: Years<'_>,
    labels: bool,
) -> Result<(), ChartError> {
    let s = c.sizes;
    let (lo, hi) = years.range;
    let step = year_step(c, f, hi - lo + 1);
    for year in lo..=hi {
        let x = f.px(f64::from(year));
        let major = year % step == 0;
        let tick = if major { s.px(10.0) } else { s.px(5.0) };
        c.line(vec![(x, f.bottom), (x, f.bottom + tick)], style::AXIS, 1)?;
        if major && labels {
            c.text(
                &year.to_string(),
                (x, f.bottom + s.px(14.0)),
                s.tick,
                style::TEXT,
                (HPos::Center, VPos::Top),
            )?;
        }
    }
    c.line(
        vec![(f.left, f.bottom), (f.right, f.bottom)],
        style::AXIS,
        2,
    )?;
    c.line(vec![(f.left, f.top), (f.left, f.bottom)], style::AXIS, 2)?;
    let per_year = f64::from(f.right - f.left) / f64::from(hi - lo + 1);
    let r = (s.px(4.5)).min((per_year * 0.3) as i32).max(2);
    // Just under the axis line, clear of the data: a point at 0 sits on the line itself
    // and must not be taken for the mark of a report, nor hidden by one.
    let below = f.bottom + r + s.px(2.0);
    for year in years.marked.iter().filter(|y| (lo..=hi).contains(*y)) {
        c.dot((f.px(f64::from(*year)), below), r, style::AXIS)?;
    }
    Ok(())
}

/// The title of a bottom axis, centred under the plot with its top at row `top`.
pub fn axis_title_below<DB: DrawingBackend>(
    c: &Canvas<'_, DB>,
    f: &Frame,
    label: &str,
    top: i32,
) -> Result<(), ChartError> {
    let mid = (f.left + f.right) / 2;
    let at = (mid, top);
    let anchor = (HPos::Center, VPos::Top);
    c.text(&clean(label), at, c.sizes.axis_title, style::TEXT, anchor)
}

/// A value axis along the bottom of the plot (values grow to the right): a grid line, tick
/// and label at every value, the axis line and the axis title `label` under it.
pub fn bottom_value_axis<DB: DrawingBackend>(
    c: &Canvas<'_, DB>,
    f: &Frame,
    values: &[(f64, String)],
    label: &str,
) -> Result<(), ChartError> {
    let s = c.sizes;
    for (v, text) in values {
        let x = f.px(*v);
        c.line(vec![(x, f.top), (x, f.bottom)], style::GRID, 1)?;
        let tick = vec![(x, f.bottom), (x, f.bottom + s.px(8.0))];
        c.line(tick, style::AXIS, 1)?;
        let at = (x, f.bottom + s.px(14.0));
        c.text(text, at, s.tick, style::TEXT, (HPos::Center, VPos::Top))?;
    }
    let axis = vec![(f.left, f.bottom), (f.right, f.bottom)];
    c.line(axis, style::AXIS, 2)?;
    let title_top = f.bottom + s.px(16.0) + c.line_h(s.tick) + s.px(14.0);
    axis_title_below(c, f, label, title_top)
}

/// How the labels of equally wide categories (e.g. heatmap columns) are written under the
/// plot: across when the widest fits its column, else upright (reading upwards, ending at the
/// axis) and, when even a line does not fit a column, every `step`-th one.
#[derive(Clone, Copy, Debug)]
pub struct BottomLabels {
    /// Font size (0.85 of a tick label).
    pub size: f64,
    /// Upright rather than across.
    pub upright: bool,
    /// Every `step`-th label is written.
    pub step: usize,
    /// Height of the axis: labels and axis title.
    pub axis_h: i32,
}

impl BottomLabels {
    /// The labels of columns `col_w` px wide.
    pub fn fit<DB: DrawingBackend>(
        c: &Canvas<'_, DB>,
        labels: &[String],
        col_w: f64,
    ) -> BottomLabels {
        let s = c.sizes;
        let size = s.tick * 0.85;
        let widest = labels
            .iter()
            .map(|t| c.width(&clean(t), size))
            .max()
            .unwrap_or(0);
        if f64::from(widest + s.px(8.0)) <= col_w {
            let axis_h =
                s.px(12.0) + c.line_h(size) + s.px(14.0) + c.line_h(s.axis_title) + s.px(18.0);
            return BottomLabels {
                size,
                upright: false,
                step: 1,
                axis_h,
            };
        }
        let step = (f64::from(c.line_h(size)) * 1.15 / col_w).ceil().max(1.0) as usize;
        let step = step.min(labels.len().max(1));
        BottomLabels {
            size,
            upright: true,
            step,
            axis_h: Self::upright_h(&s, widest),
        }
    }

    /// Height of the axis for upright labels at most `label_w` px long (longer ones are
    /// written smaller, within 260 px).
    pub fn upright_h(s: &super::style::Sizes, label_w: i32) -> i32 {
        s.px(12.0) + label_w.min(s.px(260.0)) + s.px(14.0) + s.line_h(s.axis_title) + s.px(18.0)
    }

    /// Writes `labels` under the axis at row `bottom`, label `k` centred on column `centre(k)`,
    /// each with a tick.
    pub fn draw<DB: DrawingBackend>(
        &self,
        c: &Canvas<'_, DB>,
        labels: &[String],
        bottom: i32,
        centre: impl Fn(usize) -> i32,
    ) -> Result<(), ChartError> {
        let s = c.sizes;
        let top = bottom + s.px(12.0);
        for (k, label) in labels.iter().enumerate().step_by(self.step) {
            let (x, label) = (centre(k), clean(label));
            c.line(vec![(x, bottom), (x, bottom + s.px(6.0))], style::AXIS, 1)?;
            if self.upright {
                let size = c.fit(&label, self.size, s.px(260.0));
                let w = c.width(&label, size);
                c.text_up(&label, (x, top + w / 2), size, style::TEXT)?;
            } else {
                let anchor = (HPos::Center, VPos::Top);
                c.text(&label, (x, top), self.size, style::TEXT, anchor)?;
            }
        }
        Ok(())
    }
}

/// Labels of rows `row_h` px high right-aligned just left of column `left`, row `r`'s centred
/// on `mid(r)`, at font size `size` (smaller when wider than the room to the margin); every
/// `k`-th one when rows are lower than a label's line.
pub fn row_labels<DB: DrawingBackend>(
    c: &Canvas<'_, DB>,
    labels: &[String],
    (left, row_h): (i32, f64),
    size: f64,
    mid: impl Fn(usize) -> i32,
) -> Result<(), ChartError> {
    let step = (f64::from(c.line_h(size)) / row_h).ceil().max(1.0) as usize;
    let avail = left - c.sizes.margin - c.sizes.px(12.0);
    for (r, label) in labels.iter().enumerate().step_by(step) {
        let at = (left - c.sizes.px(10.0), mid(r));
        let size = c.fit(label, size, avail);
        c.text(label, at, size, style::TEXT, (HPos::Right, VPos::Center))?;
    }
    Ok(())
}

/// Horizontal rows, one per category, between a top and a bottom row (bars, dot plots):
/// the cleaned labels, their size (smaller when rows are low), the row height, and the
/// plot's left edge after the widest label.
pub struct CategoryRows {
    /// Cleaned category labels, top to bottom.
    pub labels: Vec<String>,
    /// Font size of the labels.
    pub size: f64,
    /// Height of a row, in px.
    pub row_h: f64,
    /// Top of the first row.
    pub top: i32,
    /// The plot's left edge.
    pub left: i32,
}

impl CategoryRows {
    /// Rows for `categories` between `top` and `bottom`.
    pub fn new<DB: DrawingBackend>(
        c: &Canvas<'_, DB>,
        categories: &[String],
        (top, bottom): (i32, i32),
    ) -> CategoryRows {
        let s = c.sizes;
        let row_h = f64::from(bottom - top) / categories.len() as f64;
        let size = s.tick.min(row_h * 0.85 / 0.78);
        let labels: Vec<String> = categories.iter().map(|t| clean(t)).collect();
        let label_w = labels.iter().map(|t| c.width(t, size)).max().unwrap_or(0);
        CategoryRows {
            labels,
            size,
            row_h,
            top,
            left: s.margin + label_w + s.px(14.0),
        }
    }

    /// The middle row of category `i`.
    pub fn mid(&self, i: usize) -> i32 {
        self.top + (self.row_h * (i as f64 + 0.5)).round() as i32
    }

    /// Light bands behind every second row, from the margin to `right`.
    pub fn zebra<DB: DrawingBackend>(
        &self,
        c: &Canvas<'_, DB>,
        right: i32,
    ) -> Result<(), ChartError> {
        for i in (1..self.labels.len()).step_by(2) {
            let y0 = self.top + (self.row_h * i as f64).round() as i32;
            let y1 = self.top + (self.row_h * (i + 1) as f64).round() as i32;
            c.rect((c.sizes.margin, y0), (right, y1), style::ZEBRA)?;
        }
        Ok(())
    }

    /// The labels, right-aligned just left of the plot.
    pub fn draw_labels<DB: DrawingBackend>(&self, c: &Canvas<'_, DB>) -> Result<(), ChartError> {
        for (i, label) in self.labels.iter().enumerate() {
            c.text(
                label,
                (self.left - c.sizes.px(12.0), self.mid(i)),
                self.size,
                style::TEXT,
                (HPos::Right, VPos::Center),
            )?;
        }
        Ok(())
    }
}
