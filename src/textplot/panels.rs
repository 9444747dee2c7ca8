//! Small multiples: a grid of horizontal bar panels (e.g. top keywords per year), each on its
//! own value scale.

use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};

use super::ChartError;
use super::canvas::Canvas;
use super::render::{Chart, Plot, chart_chrome};
use super::scale::format_sig;
use super::style::{self, PALETTE, Sizes, Texts, clean};

/// Caption suffix saying that every panel has its own scale: `TF-IDF (各面板刻度独立)`.
pub const PER_PANEL_SCALE: &str = "各面板刻度独立";
/// Text drawn in a panel without bars.
pub const NO_DATA: &str = "无数据";

/// Most panel columns, whatever the width.
const MAX_COLS: usize = 6;

/// A grid of bar panels ("small multiples").
#[derive(Clone, Debug, Default)]
pub struct PanelBars {
    /// Title, top left.
    pub title: String,
    /// Optional subtitle under the title (grey).
    pub subtitle: Option<String>,
    /// What the bars measure (e.g. `TF-IDF`); drawn under the grid as
    /// `TF-IDF (各面板刻度独立)`.
    pub value_label: String,
    /// Source note under the plot (small grey text).
    pub source_note: String,
    /// The panels, laid out left to right, then top to bottom.
    pub panels: Vec<Panel>,
}

/// One panel of a [`PanelBars`] chart.
#[derive(Clone, Debug, Default)]
pub struct Panel {
    /// Panel title (e.g. `2024`).
    pub title: String,
    /// (label, value ≥ 0), drawn top to bottom in this order.
    pub bars: Vec<(String, f64)>,
}

/// Panel grid and the vertical sizes it is built from, in px.
#[derive(Clone, Copy, Debug)]
struct Grid {
    cols: usize,
    rows: usize,
    /// Most bars in a panel (at least 1).
    bars: usize,
    /// Height of a panel's title block.
    title_h: i32,
    /// Height of the caption block under the grid.
    caption_h: i32,
    /// Height of the title, caption and source-note blocks together.
    chrome_h: i32,
    /// Gaps between panel columns and rows.
    gap: (i32, i32),
}

/// Label, value and panel-title font sizes.
fn text_sizes(s: &Sizes) -> (f64, f64, f64) {
    (s.tick * 0.9, s.tick * 0.75, s.legend)
}

/// Smallest bar row (the label's line height, at least 14 px scaled).
fn min_row_h(s: &Sizes) -> i32 {
    let (label, ..) = text_sizes(s);
    ((f64::from(s.line_h(label)) * 1.05).ceil() as i32).max(s.px(14.0))
}

/// Width of `text` at font size `size`, estimated without a font (CJK 1 em, others 0.56 em,
/// with Noto Sans SC's em of size / 1.448) so that the grid, and so the image height, does
/// not depend on the font.
fn est_width(text: &str, size: f64) -> i32 {
    let em = size / 1.448;
    let ems: f64 = text
        .chars()
        .map(|c| if u32::from(c) >= 0x2E80 { 1.0 } else { 0.56 })
        .sum();
    (ems * em).ceil() as i32
}

impl PanelBars {
    /// The caption under the grid: `value_label (各面板刻度独立)`.
    fn caption(&self) -> String {
        let label = clean(&self.value_label);
        if label.trim().is_empty() {
            PER_PANEL_SCALE.to_owned()
        } else {
            format!("{label} ({PER_PANEL_SCALE})")
        }
    }

    fn validate(&self) -> Result<(), ChartError> {
        if self.panels.is_empty() {
            return Err(ChartError::InvalidData("panel chart has no panels".into()));
        }
        let bars = self
            .panels
            .iter()
            .flat_map(|p| p.bars.iter().map(move |b| (p, b)));
        for (p, (label, v)) in bars {
            if !v.is_finite() || *v < 0.0 {
                return Err(ChartError::InvalidData(format!(
                    "value {v} of {label:?} in panel {:?}",
                    p.title
                )));
            }
        }
        Ok(())
    }

    fn has_subtitle(&self) -> bool {
        self.subtitle
            .as_deref()
            .is_some_and(|t| !t.trim().is_empty())
    }
}

/// Height the panel chart is drawn at: the requested height, or more when the grid's rows
/// cannot give every bar the label's line height (20 px at 1600×900). Width never changes.
/// For example at 1600×900 with 10 bars per panel and 4-character labels, 9 panels fit;
/// 16 panels (4×4) grow the image to 1244 px and 52 panels (5 columns, 11 rows) to 3085 px.
pub fn panel_bars_height(chart: &PanelBars, size: (u32, u32)) -> u32 {
    let s = Sizes::for_size(size);
    let g = grid(chart, size);
    let rows = g.rows as i32;
    let panel_h = g.title_h + min_row_h(&s) * g.bars as i32;
    let need = g.chrome_h + rows * panel_h + (rows - 1) * g.gap.1;
    size.1.max(u32::try_from(need).unwrap_or(size.1))
}

/// The grid for `chart` at the requested `size` (before the height grows).
///
/// Columns: the fewest (at most 6, and at most as many as fit the estimated label and value
/// widths plus 160 px) that keep panels at most 800 px wide and let all rows fit the requested
/// height at 30 px per bar; then rebalanced so the last row is as full as possible.
fn grid(chart: &PanelBars, size: (u32, u32)) -> Grid {
    let s = Sizes::for_size(size);
    let (label_size, value_size, title_size) = text_sizes(&s);
    let n = chart.panels.len().max(1);
    let bars = (chart.panels.iter().map(|p| p.bars.len()))
        .max()
        .unwrap_or(0)
        .max(1);
    let caption_h = s.px(18.0) + s.line_h(s.axis_title) + s.px(8.0);
    let note = !chart.source_note.trim().is_empty();
    let mut g = Grid {
        cols: 1,
        rows: n,
        bars,
        title_h: s.line_h(title_size) + s.px(12.0),
        caption_h,
        chrome_h: s.header_h(chart.has_subtitle()) + caption_h + s.footer_h(note),
        gap: (s.px(44.0), s.px(28.0)),
    };
    let all_bars = || chart.panels.iter().flat_map(|p| &p.bars);
    let label_w = all_bars().map(|(l, _)| est_width(&clean(l), label_size));
    let value_w = all_bars().map(|(_, v)| est_width(&format_sig(*v), value_size));
    let need = label_w.max().unwrap_or(0) + value_w.max().unwrap_or(0) + s.px(160.0);
    let avail_w = size.0 as i32 - 2 * s.margin;
    let fit = usize::try_from((avail_w + g.gap.0) / (need + g.gap.0)).unwrap_or(1);
    let max_cols = fit.clamp(1, MAX_COLS).min(n);
    let avail_h = size.1 as i32 - g.chrome_h;
    let fits = |cols: usize| {
        let rows = n.div_ceil(cols) as i32;
        let panel_w = (avail_w - (cols as i32 - 1) * g.gap.0) / cols as i32;
        let panel_h = g.title_h + s.px(30.0) * bars as i32;
        panel_w <= s.px(800.0) && rows * panel_h + (rows - 1) * g.gap.1 <= avail_h
    };
    let cols = (1..=max_cols).find(|c| fits(*c)).unwrap_or(max_cols);
    g.rows = n.div_ceil(cols);
    g.cols = n.div_ceil(g.rows);
    g
}

/// Horizontal layout shared by all panels, in px.
#[derive(Clone, Copy, Debug)]
struct PanelLayout {
    /// Panel width and height.
    size: (i32, i32),
    /// Width of the label column (labels are right-aligned to it).
    label_w: i32,
    /// Width reserved right of the longest bar for its value.
    value_w: i32,
    /// Height of one bar row.
    row_h: f64,
}

impl Chart for PanelBars {
    /// Title, subtitle, value caption, source note, panel titles, bar labels, bar-end values
    /// and, if a panel has no bars, `无数据`.
    fn texts(&self) -> Vec<String> {
        let mut t = Texts::chrome(&self.title, self.subtitle.as_deref(), &self.source_note);
        t.add(&self.caption());
        for p in &self.panels {
            t.add(&p.title);
            t.extend(p.bars.iter().map(|(l, _)| l));
            t.extend(p.bars.iter().map(|(_, v)| format_sig(*v)));
        }
        if self.panels.iter().any(|p| p.bars.is_empty()) {
            t.add(NO_DATA);
        }
        t.done()
    }

    /// The requested width; the height of [`panel_bars_height`].
    fn image_size(&self, size: (u32, u32)) -> (u32, u32) {
        (size.0, panel_bars_height(self, size))
    }

    chart_chrome!();

    /// Draws the plot between the title block and the note.
    fn draw_plot<DB: DrawingBackend>(&self, c: &Canvas<'_, DB>, p: Plot) -> Result<(), ChartError> {
        let (size, image, top, note_top) = (p.requested, p.size, p.top, p.note_top);
        let s = c.sizes;
        let g = grid(self, size);
        let w = image.0 as i32;
        let grid_h = note_top - g.caption_h - top;
        let lay = layout(self, c, &g, size, grid_h)?;
        for (i, panel) in self.panels.iter().enumerate() {
            let (col, row) = ((i % g.cols) as i32, (i / g.cols) as i32);
            let x = s.margin + col * (lay.size.0 + g.gap.0);
            let y = top + row * (lay.size.1 + g.gap.1);
            draw_panel(c, panel, (x, y), &lay, &g)?;
        }
        // The caption follows the grid, which is shorter than its room when rows hit the
        // maximum bar row height.
        let rows = g.rows as i32;
        let caption_top = top + rows * lay.size.1 + (rows - 1) * g.gap.1 + s.px(18.0);
        let caption = self.caption();
        c.text(
            &caption,
            (w / 2, caption_top),
            c.fit(&caption, s.axis_title, w - 2 * s.margin),
            style::TEXT,
            (HPos::Center, VPos::Top),
        )
    }
}

/// Panel size and column widths for a grid `grid_h` px high in an image of `size` px.
fn layout<DB: DrawingBackend>(
    chart: &PanelBars,
    c: &Canvas<'_, DB>,
    g: &Grid,
    size: (u32, u32),
    grid_h: i32,
) -> Result<PanelLayout, ChartError> {
    let s = c.sizes;
    let (label_size, value_size, _) = text_sizes(&s);
    let (cols, rows) = (g.cols as i32, g.rows as i32);
    let panel_w = (size.0 as i32 - 2 * s.margin - (cols - 1) * g.gap.0) / cols;
    let room_h = (grid_h - (rows - 1) * g.gap.1) / rows;
    let row_h = (f64::from(room_h - g.title_h) / g.bars as f64).min(f64::from(s.px(44.0)));
    if panel_w < s.px(120.0) || row_h < f64::from(s.px(6.0)) {
        return Err(ChartError::TooSmall {
            width: size.0,
            height: size.1,
        });
    }
    let all_bars = || chart.panels.iter().flat_map(|p| &p.bars);
    let label_w = all_bars().map(|(l, _)| c.width(&clean(l), label_size));
    let value_w = all_bars().map(|(_, v)| c.width(&format_sig(*v), value_size));
    Ok(PanelLayout {
        size: (panel_w, g.title_h + (row_h * g.bars as f64).round() as i32),
        label_w: label_w.max().unwrap_or(0).min(panel_w * 2 / 5),
        value_w: value_w.max().unwrap_or(0) + s.px(6.0),
        row_h,
    })
}

/// Draws one panel with its top-left corner at `(x, y)`: title over a thin rule, then one
/// row per bar (label, bar on the panel's own scale, value) and a baseline.
fn draw_panel<DB: DrawingBackend>(
    c: &Canvas<'_, DB>,
    panel: &Panel,
    (x, y): (i32, i32),
    lay: &PanelLayout,
    g: &Grid,
) -> Result<(), ChartError> {
    let s = c.sizes;
    let (label_size, value_size, title_size) = text_sizes(&s);
    let (panel_w, _) = lay.size;
    let title = clean(&panel.title);
    let size = c.fit(&title, title_size, panel_w);
    c.text(&title, (x, y), size, style::TEXT, (HPos::Left, VPos::Top))?;
    let rule_y = y + g.title_h - s.px(6.0);
    c.line(vec![(x, rule_y), (x + panel_w, rule_y)], style::GRID, 1)?;
    let base = x + lay.label_w + s.px(10.0);
    let rows = Rows {
        top: f64::from(y + g.title_h),
        row_h: lay.row_h,
        base,
        label_w: lay.label_w,
        room: (x + panel_w - lay.value_w - base).max(1),
        max: panel.bars.iter().map(|b| b.1).fold(0.0, f64::max),
        sizes: (
            label_size.min(lay.row_h * 0.9 / 0.78),
            value_size.min(lay.row_h * 0.9 / 0.78),
        ),
    };
    if panel.bars.is_empty() {
        let at = (rows.base, rows.y(0));
        let anchor = (HPos::Left, VPos::Center);
        return c.text(NO_DATA, at, rows.sizes.0, style::MUTED, anchor);
    }
    for (j, (label, v)) in panel.bars.iter().enumerate() {
        rows.draw(c, j, &clean(label), *v)?;
    }
    let bottom = rows.y(panel.bars.len()) - (lay.row_h / 2.0).round() as i32;
    let baseline = vec![(rows.base, rows.top as i32), (rows.base, bottom)];
    c.line(baseline, style::AXIS, 1)
}

/// The bar rows of one panel.
struct Rows {
    /// Top of the first row.
    top: f64,
    /// Row height.
    row_h: f64,
    /// Column where bars start.
    base: i32,
    /// Width of the label column left of `base`.
    label_w: i32,
    /// Length of the longest bar (the panel's maximum value).
    room: i32,
    /// The panel's maximum value.
    max: f64,
    /// Label and value font sizes.
    sizes: (f64, f64),
}

impl Rows {
    /// Centre row of bar `j`.
    fn y(&self, j: usize) -> i32 {
        (self.top + self.row_h * (j as f64 + 0.5)).round() as i32
    }

    /// Draws row `j`: the label right-aligned to the label column, the bar, the value.
    fn draw<DB: DrawingBackend>(
        &self,
        c: &Canvas<'_, DB>,
        j: usize,
        label: &str,
        v: f64,
    ) -> Result<(), ChartError> {
        let (cy, gap) = (self.y(j), c.sizes.px(10.0));
        let size = c.fit(label, self.sizes.0, self.label_w);
        let anchor = (HPos::Right, VPos::Center);
        c.text(label, (self.base - gap, cy), size, style::TEXT, anchor)?;
        let len = if self.max > 0.0 {
            (v / self.max * f64::from(self.room)).round() as i32
        } else {
            0
        };
        let half = (self.row_h * 0.31).max(1.0).round() as i32;
        if len > 0 {
            c.rect(
                (self.base, cy - half),
                (self.base + len, cy + half),
                PALETTE[0],
            )?;
        }
        let at = (self.base + len + c.sizes.px(5.0), cy);
        let anchor = (HPos::Left, VPos::Center);
        c.text(&format_sig(v), at, self.sizes.1, style::MUTED, anchor)
    }
}
