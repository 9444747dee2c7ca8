//! Legend: a list of swatches with labels, laid out in one or more columns.

use plotters::prelude::DrawingBackend;
use plotters::style::RGBColor;
use plotters::style::text_anchor::{HPos, VPos};

use super::ChartError;
use super::canvas::Canvas;
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
    let s = c.sizes;
    let len = swatch_len(c);
    for (i, entry) in entries.iter().enumerate() {
        let col = (i / legend.rows.max(1)) as i32;
        let row = (i % legend.rows.max(1)) as i32;
        let x = origin.0 + col * legend.col_w;
        let y = origin.1 + row * legend.row_h + legend.row_h / 2;
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
                c.line(vec![(x, y), (x + len, y)], style::AXIS, 2)?;
                c.dot((x + len / 2, y), s.px(4.5).max(3), style::AXIS)?;
            }
            Swatch::Band => c.rect(
                (x + len / 4, y - s.px(11.0)),
                (x + len * 3 / 4, y + s.px(11.0)),
                style::GAP_BAND_KEY,
            )?,
        }
        c.text(
            &entry.text,
            (x + len + s.px(12.0), y),
            s.legend,
            style::TEXT,
            (HPos::Left, VPos::Center),
        )?;
    }
    Ok(())
}
