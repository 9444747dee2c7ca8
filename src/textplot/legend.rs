//! Legends: swatches with labels in one or more columns (right of a plot) or in rows (under
//! a title), and the colour bar of a colour scale.

use plotters::prelude::DrawingBackend;
use plotters::style::RGBColor;
use plotters::style::text_anchor::{HPos, VPos};

use super::ChartError;
use super::canvas::Canvas;
use super::colormap::Sequential;
use super::style::{self, SeriesStyle};

/// What is drawn left of a legend label.
#[derive(Clone, Copy, Debug)]
pub enum Swatch {
    /// Line sample with the series' marker.
    Line(SeriesStyle),
    /// Filled block in the series' colour.
    Bar(SeriesStyle),
    /// Filled block of a stacked area in its fill colour.
    Area(RGBColor),
    /// Ring marking a term's first appearance.
    Ring,
    /// Dot on the x axis marking a year with data.
    Dot,
    /// Grey band marking a year without data.
    Band,
    /// The series' marker alone (dot plots).
    Marker(SeriesStyle),
    /// A short vertical rule (a reference line).
    Rule,
}

/// One legend row.
#[derive(Clone, Debug)]
pub struct Entry {
    /// Swatch.
    pub swatch: Swatch,
    /// Label (already cleaned).
    pub text: String,
}

/// Legend geometry: column width, row height and columns needed.
#[derive(Clone, Copy, Debug)]
pub struct Legend {
    /// Width of one column in px (swatch, gap and the widest label).
    pub col_w: i32,
    /// Height of one row in px.
    pub row_h: i32,
    /// Number of rows per column.
    pub rows: usize,
    /// Number of columns.
    pub cols: usize,
}

impl Legend {
    /// Total width in px (0 for an empty legend).
    pub fn width(&self) -> i32 {
        self.col_w * self.cols as i32
    }
}

/// Length of the swatch area in px.
fn swatch_len<DB: DrawingBackend>(c: &Canvas<'_, DB>) -> i32 {
    c.sizes.px(48.0)
}

/// Measures a legend for `entries` that must fit in `avail_h` px of height.
pub fn measure<DB: DrawingBackend>(c: &Canvas<'_, DB>, entries: &[Entry], avail_h: i32) -> Legend {
    let s = c.sizes;
    let row_h = (s.legend * 1.3).ceil() as i32;
    let text_w = entries
        .iter()
        .map(|e| c.width(&e.text, s.legend))
        .max()
        .unwrap_or(0);
    let col_w = swatch_len(c) + s.px(12.0) + text_w + s.px(24.0);
    let per_col = (avail_h / row_h.max(1)).max(1) as usize;
    let cols = entries.len().div_ceil(per_col);
    let rows = entries.len().div_ceil(cols.max(1));
    Legend {
        col_w,
        row_h,
        rows,
        cols,
    }
}

/// Draws `entries` with their top-left corner at `origin`.
pub fn draw<DB: DrawingBackend>(
    c: &Canvas<'_, DB>,
    legend: &Legend,
    entries: &[Entry],
    origin: (i32, i32),
) -> Result<(), ChartError> {
    for (i, entry) in entries.iter().enumerate() {
        let col = (i / legend.rows.max(1)) as i32;
        let row = (i % legend.rows.max(1)) as i32;
        let x = origin.0 + col * legend.col_w;
        let y = origin.1 + row * legend.row_h + legend.row_h / 2;
        draw_entry(c, entry, (x, y))?;
    }
    Ok(())
}

/// Draws one entry: its swatch from `x`, its label after it, both centred on row `y`.
fn draw_entry<DB: DrawingBackend>(
    c: &Canvas<'_, DB>,
    entry: &Entry,
    (x, y): (i32, i32),
) -> Result<(), ChartError> {
    let s = c.sizes;
    let len = swatch_len(c);
    match entry.swatch {
        Swatch::Line(st) => c.line_sample((x, y), len, &st)?,
        Swatch::Bar(st) => c.rect(
            (x + len / 4, y - s.px(9.0)),
            (x + len * 3 / 4, y + s.px(9.0)),
            st.color,
        )?,
        Swatch::Area(color) => c.rect(
            (x + len / 6, y - s.px(11.0)),
            (x + len * 5 / 6, y + s.px(11.0)),
            color,
        )?,
        Swatch::Ring => c.ring(
            (x + len / 2, y),
            s.marker * 2 + 2,
            style::AXIS,
            s.line.saturating_sub(1).max(2),
        )?,
        Swatch::Dot => {
            // As on the year axis: the dot just under the axis line.
            let r = s.px(4.5).max(3);
            let axis = y - r - s.px(2.0);
            c.line(vec![(x, axis), (x + len, axis)], style::AXIS, 2)?;
            c.dot((x + len / 2, y), r, style::AXIS)?;
        }
        Swatch::Band => c.rect(
            (x + len / 4, y - s.px(11.0)),
            (x + len * 3 / 4, y + s.px(11.0)),
            style::GAP_BAND_KEY,
        )?,
        Swatch::Marker(st) => c.marker((x + len / 2, y), s.marker + 1, &st)?,
        Swatch::Rule => c.line(
            vec![(x + len / 2, y - s.px(12.0)), (x + len / 2, y + s.px(12.0))],
            style::AXIS,
            2,
        )?,
    }
    c.text(
        &entry.text,
        (x + len + s.px(12.0), y),
        s.legend,
        style::TEXT,
        (HPos::Left, VPos::Center),
    )
}

/// Width of one entry of a legend row: swatch, gap, label and the space before the next.
fn row_entry_w<DB: DrawingBackend>(c: &Canvas<'_, DB>, entry: &Entry) -> i32 {
    swatch_len(c) + c.sizes.px(12.0) + c.width(&entry.text, c.sizes.legend) + c.sizes.px(32.0)
}

/// Height of a legend laid out in rows ([`draw_rows`]) within `avail_w` px; 0 without
/// entries.
pub fn rows_height<DB: DrawingBackend>(c: &Canvas<'_, DB>, entries: &[Entry], avail_w: i32) -> i32 {
    let row_h = (c.sizes.legend * 1.3).ceil() as i32;
    let (mut rows, mut x) = (0, avail_w);
    for e in entries {
        let w = row_entry_w(c, e);
        if x + w > avail_w && x > 0 {
            rows += 1;
            x = 0;
        }
        x += w;
    }
    rows * row_h
}

/// Draws `entries` left to right from `origin` (top left), wrapping onto a new row before an
/// entry that would pass `avail_w` px.
pub fn draw_rows<DB: DrawingBackend>(
    c: &Canvas<'_, DB>,
    entries: &[Entry],
    origin: (i32, i32),
    avail_w: i32,
) -> Result<(), ChartError> {
    let row_h = (c.sizes.legend * 1.3).ceil() as i32;
    let (mut x, mut y) = (0, origin.1 + row_h / 2);
    for e in entries {
        let w = row_entry_w(c, e);
        if x + w > avail_w && x > 0 {
            x = 0;
            y += row_h;
        }
        draw_entry(c, e, (origin.0 + x, y))?;
        x += w;
    }
    Ok(())
}

/// A colour bar: the colours of `scale` from its `lo` (bottom) to its `hi` (top), a tick and
/// label at each of `ticks`, and `title` above it.
#[derive(Clone, Debug)]
pub struct ColorBar {
    /// The colour scale.
    pub scale: Sequential,
    /// Tick values with their labels.
    pub ticks: Vec<(f64, String)>,
    /// Title above the bar (already cleaned).
    pub title: String,
}

impl ColorBar {
    /// Width of the bar.
    fn bar_w<DB: DrawingBackend>(c: &Canvas<'_, DB>) -> i32 {
        c.sizes.px(26.0)
    }

    /// Font size of the title, at most the legend size, fitting `max_w`.
    fn title_size<DB: DrawingBackend>(&self, c: &Canvas<'_, DB>, max_w: i32) -> f64 {
        c.fit(&self.title, c.sizes.legend * 0.9, max_w)
    }

    /// Width in px: the bar with its tick labels, or the title if wider (at most `max_w`).
    pub fn width<DB: DrawingBackend>(&self, c: &Canvas<'_, DB>, max_w: i32) -> i32 {
        let labels = (self.ticks.iter())
            .map(|(_, t)| c.width(t, c.sizes.tick))
            .max()
            .unwrap_or(0);
        let bar = Self::bar_w(c) + c.sizes.px(14.0) + labels;
        let title = c.width(&self.title, self.title_size(c, max_w));
        bar.max(title).min(max_w.max(bar))
    }

    /// Height of the title block above the bar.
    pub fn title_h<DB: DrawingBackend>(&self, c: &Canvas<'_, DB>) -> i32 {
        c.line_h(c.sizes.legend * 0.9) + c.sizes.px(16.0)
    }

    /// Draws the title at `origin` (top left) and the bar under it, `bar_h` px high; the title
    /// is fitted into `max_w` px.
    pub fn draw<DB: DrawingBackend>(
        &self,
        c: &Canvas<'_, DB>,
        origin: (i32, i32),
        bar_h: i32,
        max_w: i32,
    ) -> Result<(), ChartError> {
        let s = c.sizes;
        let (x, top) = origin;
        let size = self.title_size(c, max_w);
        c.text(
            &self.title,
            (x, top),
            size,
            style::TEXT,
            (HPos::Left, VPos::Top),
        )?;
        let y1 = top + self.title_h(c) + bar_h;
        let w = Self::bar_w(c);
        let (lo, hi) = (self.scale.lo, self.scale.hi);
        // One strip per 2 px, coloured at its centre.
        let strips = (bar_h / 2).max(1);
        for i in 0..strips {
            let (a, b) = (y1 - bar_h * i / strips, y1 - bar_h * (i + 1) / strips);
            let t = (f64::from(i) + 0.5) / f64::from(strips);
            c.rect((x, b), (x + w, a), self.scale.color(lo + t * (hi - lo)))?;
        }
        for (v, label) in &self.ticks {
            if hi <= lo {
                break;
            }
            let y = y1 - ((v - lo) / (hi - lo) * f64::from(bar_h)).round() as i32;
            c.line(vec![(x + w, y), (x + w + s.px(6.0), y)], style::AXIS, 1)?;
            let at = (x + w + s.px(12.0), y);
            c.text(label, at, s.tick, style::TEXT, (HPos::Left, VPos::Center))?;
        }
        Ok(())
    }
}
