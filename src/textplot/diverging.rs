//! Diverging bars: terms over-represented in group A extend left of a central zero axis,
//! terms over-represented in group B extend right, on one symmetric scale.

use plotters::prelude::DrawingBackend;
use plotters::style::RGBColor;
use plotters::style::text_anchor::{HPos, VPos};

use super::ChartError;
use super::canvas::Canvas;
use super::render::{Chart, Plot, chart_chrome};
use super::scale::tick_labels;
use super::style::{self, PALETTE, Sizes, Texts, clean};

/// Bar colour of the left group (Okabe–Ito blue).
pub const LEFT_COLOR: RGBColor = PALETTE[0];
/// Bar colour of the right group (Okabe–Ito vermillion).
pub const RIGHT_COLOR: RGBColor = PALETTE[1];

/// A diverging (back-to-back) bar chart of keyness, group A (left) vs group B (right).
#[derive(Clone, Debug, Default)]
pub struct DivergingBars {
    /// Title, top left.
    pub title: String,
    /// Optional subtitle under the title (grey).
    pub subtitle: Option<String>,
    /// Title of the value axis (e.g. `|log 比值|`); tick labels are magnitudes on both sides.
    pub value_label: String,
    /// Source note under the plot (small grey text).
    pub source_note: String,
    /// Header above the left side (group A, e.g. `2013-2017`).
    pub left_label: String,
    /// Header above the right side (group B, e.g. `2018-2022`).
    pub right_label: String,
    /// (term, magnitude ≥ 0) over-represented in group A, drawn top to bottom in this order.
    pub left: Vec<(String, f64)>,
    /// (term, magnitude ≥ 0) over-represented in group B, drawn top to bottom in this order.
    pub right: Vec<(String, f64)>,
}

/// Height the diverging chart is drawn at: the requested height, or more when the requested
/// height leaves a bar row less than 0.88 tick-label line heights (20 px at 1600×900). Width
/// never changes. At 1600×900, 30 rows fit.
pub fn diverging_bars_height(chart: &DivergingBars, size: (u32, u32)) -> u32 {
    let s = Sizes::for_size(size);
    let need = chrome_h(chart, &s) + min_row_h(&s) * chart.rows() as i32;
    size.1.max(u32::try_from(need).unwrap_or(size.1))
}

fn min_row_h(s: &Sizes) -> i32 {
    ((f64::from(s.line_h(s.tick)) * 0.88).ceil() as i32).max(s.px(12.0))
}

/// Height of the group headers row.
fn group_header_h(s: &Sizes) -> i32 {
    s.line_h(s.axis_title) + s.px(16.0)
}

/// Height of everything but the bar rows.
fn chrome_h(chart: &DivergingBars, s: &Sizes) -> i32 {
    let sub = chart
        .subtitle
        .as_deref()
        .is_some_and(|t| !t.trim().is_empty());
    let note = !chart.source_note.trim().is_empty();
    s.header_h(sub) + group_header_h(s) + s.bottom_axis_h() + s.footer_h(note)
}

impl DivergingBars {
    /// Number of bar rows: the longer of the two lists.
    fn rows(&self) -> usize {
        self.left.len().max(self.right.len())
    }

    fn value_labels(&self) -> Vec<(f64, String)> {
        let max = (self.left.iter().chain(&self.right))
            .map(|b| b.1)
            .filter(|v| v.is_finite())
            .fold(0.0, f64::max);
        tick_labels(max)
    }

    fn validate(&self) -> Result<(), ChartError> {
        if self.rows() == 0 {
            return Err(ChartError::InvalidData(
                "diverging bar chart has no bars".into(),
            ));
        }
        match (self.left.iter().chain(&self.right)).find(|b| !b.1.is_finite() || b.1 < 0.0) {
            Some((term, v)) => Err(ChartError::InvalidData(format!(
                "value {v} of {term:?} (values are magnitudes, >= 0)"
            ))),
            None => Ok(()),
        }
    }
}

/// Horizontal geometry: the zero axis, the longest bar and the room for term labels, in px,
/// and the value at the end of the longest bar.
#[derive(Clone, Copy, Debug)]
struct Scale {
    zero: i32,
    bar_max: i32,
    label_w: i32,
    max: f64,
}

impl Scale {
    /// Bar length of `v` in px.
    fn len(&self, v: f64) -> i32 {
        (v / self.max * f64::from(self.bar_max)).round() as i32
    }
}

impl Chart for DivergingBars {
    /// Title, subtitle, value-axis title, source note, group headers, terms and value tick
    /// labels.
    fn texts(&self) -> Vec<String> {
        let mut t = Texts::chrome(&self.title, self.subtitle.as_deref(), &self.source_note);
        t.add(&self.value_label)
            .add(&self.left_label)
            .add(&self.right_label);
        t.extend(self.left.iter().chain(&self.right).map(|(term, _)| term));
        t.extend(self.value_labels().into_iter().map(|(_, l)| l));
        t.done()
    }

    /// The requested width; the height of [`diverging_bars_height`].
    fn image_size(&self, size: (u32, u32)) -> (u32, u32) {
        (size.0, diverging_bars_height(self, size))
    }

    chart_chrome!();

    /// Draws the plot between the title block and the note.
    fn draw_plot<DB: DrawingBackend>(&self, c: &Canvas<'_, DB>, p: Plot) -> Result<(), ChartError> {
        let (size, top, note_top) = (p.size, p.top, p.note_top);
        let s = c.sizes;
        let w = size.0 as i32;
        let rows_top = top + group_header_h(&s);
        let bottom = note_top - s.bottom_axis_h();
        let row_h = f64::from(bottom - rows_top) / self.rows() as f64;
        let term_size = s.tick.min(row_h * 0.85 / 0.78);
        let values = self.value_labels();
        let half = w / 2 - s.margin;
        let label_w = (self.left.iter().chain(&self.right))
            .map(|(t, _)| c.width(&clean(t), term_size))
            .max()
            .unwrap_or(0);
        let bar_max = (half - s.px(10.0) - label_w).max(half / 2);
        let scale = Scale {
            zero: w / 2,
            bar_max,
            label_w: half - s.px(10.0) - bar_max,
            max: values.last().map_or(1.0, |v| v.0),
        };
        if bar_max < s.px(100.0) || row_h < 2.0 {
            return Err(ChartError::TooSmall {
                width: size.0,
                height: size.1,
            });
        }
        draw_value_axis(self, c, &scale, (rows_top, bottom), &values)?;
        draw_headers(self, c, &scale, top)?;
        let rows = Rows {
            top: f64::from(rows_top),
            row_h,
            term_size,
        };
        draw_side(c, &self.left, Side::Left, &scale, &rows)?;
        draw_side(c, &self.right, Side::Right, &scale, &rows)?;
        let axis = vec![(scale.zero, rows_top - s.px(6.0)), (scale.zero, bottom)];
        c.line(axis, style::AXIS, 2)
    }
}

/// Vertical geometry of the bar rows.
struct Rows {
    /// Top of the first row.
    top: f64,
    /// Row height.
    row_h: f64,
    /// Largest term font size.
    term_size: f64,
}

/// Which side of the zero axis.
#[derive(Clone, Copy)]
enum Side {
    Left,
    Right,
}

/// Draws the bars of one side from the zero axis outwards, each term beyond its bar's end.
fn draw_side<DB: DrawingBackend>(
    c: &Canvas<'_, DB>,
    bars: &[(String, f64)],
    side: Side,
    scale: &Scale,
    rows: &Rows,
) -> Result<(), ChartError> {
    let gap = c.sizes.px(10.0);
    let (sign, color, anchor) = match side {
        Side::Left => (-1, LEFT_COLOR, HPos::Right),
        Side::Right => (1, RIGHT_COLOR, HPos::Left),
    };
    let half_t = (rows.row_h * 0.33).max(1.0).round() as i32;
    for (i, (term, v)) in bars.iter().enumerate() {
        let cy = (rows.top + rows.row_h * (i as f64 + 0.5)).round() as i32;
        let tip = scale.zero + sign * scale.len(*v);
        if tip != scale.zero {
            c.rect((scale.zero, cy - half_t), (tip, cy + half_t), color)?;
        }
        let term = clean(term);
        let size = c.fit(&term, rows.term_size, scale.label_w);
        let at = (tip + sign * gap, cy);
        c.text(&term, at, size, style::TEXT, (anchor, VPos::Center))?;
    }
    Ok(())
}

/// Group headers centred over each half, each after a swatch of the group's colour.
fn draw_headers<DB: DrawingBackend>(
    chart: &DivergingBars,
    c: &Canvas<'_, DB>,
    scale: &Scale,
    top: i32,
) -> Result<(), ChartError> {
    let s = c.sizes;
    let half = scale.zero - s.margin;
    let y = top + c.line_h(s.axis_title) / 2;
    let sides = [
        (&chart.left_label, scale.zero - half / 2, LEFT_COLOR),
        (&chart.right_label, scale.zero + half / 2, RIGHT_COLOR),
    ];
    for (label, centre, color) in sides {
        let label = clean(label);
        if label.trim().is_empty() {
            continue;
        }
        let (sw, gap) = (s.px(20.0), s.px(10.0));
        let size = c.fit(&label, s.axis_title, half - sw - gap - s.px(20.0));
        let left = centre - (sw + gap + c.width(&label, size)) / 2;
        c.rect((left, y - sw / 2), (left + sw, y + sw / 2), color)?;
        let at = (left + sw + gap, y);
        c.text(&label, at, size, style::TEXT, (HPos::Left, VPos::Center))?;
    }
    Ok(())
}

/// Grid lines and magnitude ticks on both sides (labels thinned when they would touch), the
/// bottom axis line and the axis title centred under the zero axis.
fn draw_value_axis<DB: DrawingBackend>(
    chart: &DivergingBars,
    c: &Canvas<'_, DB>,
    scale: &Scale,
    (top, bottom): (i32, i32),
    values: &[(f64, String)],
) -> Result<(), ChartError> {
    let s = c.sizes;
    let widest = values.iter().map(|(_, t)| c.width(t, s.tick)).max();
    let spacing = scale.bar_max / (values.len() as i32 - 1).max(1);
    let need = widest.unwrap_or(0) + s.px(14.0);
    let every = (1..values.len().max(1))
        .find(|k| spacing * *k as i32 >= need)
        .unwrap_or(values.len().max(1));
    for (i, (v, text)) in values.iter().enumerate() {
        for sign in [-1, 1] {
            let x = scale.zero + sign * scale.len(*v);
            if *v > 0.0 {
                c.line(vec![(x, top), (x, bottom)], style::GRID, 1)?;
            }
            c.line(vec![(x, bottom), (x, bottom + s.px(8.0))], style::AXIS, 1)?;
            if i % every == 0 && (sign == 1 || *v > 0.0) {
                let at = (x, bottom + s.px(14.0));
                c.text(text, at, s.tick, style::TEXT, (HPos::Center, VPos::Top))?;
            }
        }
    }
    let ends = (scale.zero - scale.bar_max, scale.zero + scale.bar_max);
    c.line(vec![(ends.0, bottom), (ends.1, bottom)], style::AXIS, 2)?;
    let title_top = bottom + s.px(16.0) + c.line_h(s.tick) + s.px(14.0);
    let label = clean(&chart.value_label);
    let size = c.fit(&label, s.axis_title, 2 * scale.bar_max);
    c.text(
        &label,
        (scale.zero, title_top),
        size,
        style::TEXT,
        (HPos::Center, VPos::Top),
    )
}
