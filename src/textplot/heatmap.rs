//! Heatmap: rows × columns (years, or labels such as documents) coloured by value on a
//! sequential scale with a colour bar; cells without a value are left blank and keyed; values
//! are written in the cells when every one of them fits.

use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};

use super::ChartError;
use super::axes::{self, BottomLabels, Years};
use super::canvas::{Canvas, Frame};
use super::colormap::{Sequential, text_on};
use super::legend::{self, ColorBar, Entry, Swatch};
use super::render::{Chart, Plot, chart_chrome};
use super::scale::{format_value, ordered, tick_labels_tight};
use super::style::{self, Sizes, Texts, clean};

/// Default legend text for cells without a value.
pub const NO_VALUE: &str = "无数据";

/// The columns of a [`Heatmap`].
#[derive(Clone, Debug)]
pub enum HeatColumns {
    /// One column per year of the inclusive `range`, drawn on a year axis: years in `marked`
    /// (those with documents) get a dot, the others a grey band (`无报告的年份`) and no cells.
    Years {
        /// First and last year.
        range: (i32, i32),
        /// Years with documents.
        marked: Vec<i32>,
    },
    /// One column per label, left to right (e.g. documents); labels are written under the
    /// columns, turned upright when they do not fit across, and thinned when even that does
    /// not fit.
    Labels(Vec<String>),
}

impl Default for HeatColumns {
    fn default() -> Self {
        HeatColumns::Labels(Vec::new())
    }
}

impl HeatColumns {
    /// Number of columns.
    pub fn len(&self) -> usize {
        match self {
            HeatColumns::Years { range, .. } => {
                let (lo, hi) = ordered(*range);
                (hi - lo + 1) as usize
            }
            HeatColumns::Labels(l) => l.len(),
        }
    }

    /// Whether there is no column.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Data value of the left edge of the first column (columns are one unit wide).
    fn origin(&self) -> f64 {
        match self {
            HeatColumns::Years { range, .. } => f64::from(ordered(*range).0) - 0.5,
            HeatColumns::Labels(_) => 0.0,
        }
    }
}

/// A heatmap of values ≥ 0.
#[derive(Clone, Debug, Default)]
pub struct Heatmap {
    /// Title, top left.
    pub title: String,
    /// Optional subtitle under the title (grey).
    pub subtitle: Option<String>,
    /// Title of the column axis (e.g. `年份`).
    pub x_label: String,
    /// Title of the row axis, drawn upright at the left edge (may be empty).
    pub y_label: String,
    /// Title of the colour bar (what the colours measure).
    pub value_label: String,
    /// Source note under the plot (small grey text).
    pub source_note: String,
    /// The columns.
    pub columns: HeatColumns,
    /// Row labels, top to bottom.
    pub rows: Vec<String>,
    /// `cells[row][column]`: one value per column (`None`: no value, the cell is blank).
    pub cells: Vec<Vec<Option<f64>>>,
    /// The colour scale runs from 0 to the first round tick at or above this value (default:
    /// the largest cell); larger values get the top colour. Use it to keep a few extreme cells
    /// (e.g. a similarity matrix's diagonal of 1) from washing out the rest.
    pub value_max: Option<f64>,
    /// Legend text for blank cells in columns that have data (default `无数据`).
    pub missing_label: Option<String>,
}

impl Heatmap {
    /// One row of cells over the years of `range` from `(year, value)` points: `None` for
    /// years without a point.
    pub fn year_cells(range: (i32, i32), points: &[(i32, f64)]) -> Vec<Option<f64>> {
        let (lo, hi) = ordered(range);
        (lo..=hi)
            .map(|y| points.iter().find(|p| p.0 == y).map(|p| p.1))
            .collect()
    }

    /// Finite values of the cells as `(row, column, value)`.
    fn values(&self) -> impl Iterator<Item = (usize, usize, f64)> + '_ {
        self.cells.iter().enumerate().flat_map(|(r, row)| {
            (row.iter().enumerate())
                .filter_map(move |(k, v)| v.filter(|v| v.is_finite()).map(|v| (r, k, v)))
        })
    }

    /// Colour-bar ticks; the last is the top of the scale.
    fn ticks(&self) -> Vec<(f64, String)> {
        let max = self.values().map(|v| v.2).fold(0.0, f64::max);
        tick_labels_tight(
            self.value_max
                .filter(|m| m.is_finite() && *m > 0.0)
                .unwrap_or(max),
        )
    }

    fn scale(&self) -> Sequential {
        let hi = self.ticks().last().map_or(1.0, |t| t.0);
        Sequential { lo: 0.0, hi }
    }

    /// Whether a cell in a column with data has no value.
    fn has_missing(&self) -> bool {
        let marked = |k: usize| match &self.columns {
            HeatColumns::Years { range, marked } => {
                marked.contains(&(ordered(*range).0 + k as i32))
            }
            HeatColumns::Labels(_) => true,
        };
        (self.cells.iter())
            .any(|row| (row.iter().enumerate()).any(|(k, v)| v.is_none() && marked(k)))
    }

    fn keys(&self) -> Vec<Entry> {
        let mut keys = match &self.columns {
            HeatColumns::Years { marked, range } => axes::year_keys(marked, *range),
            HeatColumns::Labels(_) => Vec::new(),
        };
        if self.has_missing() {
            keys.push(Entry {
                swatch: Swatch::Band,
                text: clean(self.missing_label.as_deref().unwrap_or(NO_VALUE)),
            });
        }
        keys
    }

    fn column_labels(&self) -> Vec<String> {
        match &self.columns {
            HeatColumns::Years { range, .. } => axes::year_labels(*range),
            HeatColumns::Labels(l) => l.iter().map(|t| clean(t)).collect(),
        }
    }

    fn validate(&self) -> Result<(), ChartError> {
        let bad = |m: String| Err(ChartError::InvalidData(m));
        if self.rows.is_empty() || self.columns.is_empty() {
            return bad("heatmap has no rows or no columns".into());
        }
        if self.cells.len() != self.rows.len() {
            return bad(format!(
                "{} rows of cells for {} rows",
                self.cells.len(),
                self.rows.len()
            ));
        }
        let n = self.columns.len();
        if let Some((r, row)) = self.cells.iter().enumerate().find(|(_, c)| c.len() != n) {
            return bad(format!(
                "row {:?} has {} cells for {n} columns",
                self.rows[r],
                row.len()
            ));
        }
        match self.values().find(|v| v.2 < 0.0) {
            Some((r, _, v)) => bad(format!("negative value {v} in row {:?}", self.rows[r])),
            None => Ok(()),
        }
    }
}

/// Smallest row the image grows for: the line height of a column label (0.85 of a tick
/// label).
fn min_row_h(s: &Sizes) -> i32 {
    s.line_h(s.tick * 0.85)
}

/// Height the heatmap is drawn at: the requested height, or more (up to three times it) when
/// rows would be lower than a column label's line (18 px at 1600×900); rows of
/// larger heatmaps are thinner and their labels thinned out. Width never changes. At
/// 1600×900, 14 rows fit; 52 rows of documents grow the image to about 1.25k px.
pub fn heatmap_height(chart: &Heatmap, size: (u32, u32)) -> u32 {
    let s = Sizes::for_size(size);
    let sub = chart
        .subtitle
        .as_deref()
        .is_some_and(|t| !t.trim().is_empty());
    let axis = match &chart.columns {
        HeatColumns::Years { .. } => s.bottom_axis_h(),
        HeatColumns::Labels(l) => {
            let chars = l.iter().map(|t| t.chars().count()).max().unwrap_or(0);
            BottomLabels::upright_h(&s, (chars as f64 * s.tick * 0.85 / 1.448).ceil() as i32)
        }
    };
    let chrome = s.header_h(sub) + axis + s.footer_h(!chart.source_note.trim().is_empty());
    let need = chrome + min_row_h(&s) * chart.rows.len() as i32;
    let cap = size.1.saturating_mul(3).min(16_384);
    size.1.max(u32::try_from(need).unwrap_or(cap).min(cap))
}

impl Chart for Heatmap {
    /// Title, subtitle, axis titles, source note, colour-bar title and ticks, the legend keys,
    /// every row and column label and every cell value as it would be written.
    fn texts(&self) -> Vec<String> {
        let mut t = Texts::chrome(&self.title, self.subtitle.as_deref(), &self.source_note);
        t.add(&self.x_label)
            .add(&self.y_label)
            .add(&self.value_label);
        t.extend(&self.rows).extend(self.column_labels());
        t.extend(self.ticks().into_iter().map(|(_, l)| l));
        t.extend(self.keys().into_iter().map(|e| e.text));
        t.extend(self.values().map(|(.., v)| format_value(v)));
        t.done()
    }

    /// The requested width; the height of [`heatmap_height`].
    fn image_size(&self, size: (u32, u32)) -> (u32, u32) {
        (size.0, heatmap_height(self, size))
    }

    chart_chrome!();

    /// Draws the plot between the title block and the note.
    fn draw_plot<DB: DrawingBackend>(&self, c: &Canvas<'_, DB>, p: Plot) -> Result<(), ChartError> {
        let (size, top, note_top) = (p.size, p.top, p.note_top);
        let s = c.sizes;
        let w = size.0 as i32;
        let bar = ColorBar {
            scale: self.scale(),
            ticks: self.ticks(),
            title: clean(&self.value_label),
        };
        let keys = self.keys();
        let key_lg = legend::measure(c, &keys, i32::MAX / 4);
        let legend_w = bar.width(c, s.px(300.0)).max(key_lg.width());
        let right = w - s.margin - legend_w - s.px(28.0);
        // Rows first with the year axis' height, then again once the column axis is known.
        let n_rows = self.rows.len() as f64;
        let row_size = |row_h: f64| (row_h * 0.95 / 0.78).clamp(s.tick * 0.6, s.tick);
        let guess = f64::from(note_top - s.bottom_axis_h() - top) / n_rows;
        let rows: Vec<String> = self.rows.iter().map(|r| clean(r)).collect();
        let label_w = (rows
            .iter()
            .map(|r| c.width(r, row_size(guess)))
            .max()
            .unwrap_or(0))
        .min(w * 3 / 10);
        let y_title = if clean(&self.y_label).trim().is_empty() {
            0
        } else {
            c.line_h(s.axis_title) + s.px(14.0)
        };
        let left = s.margin + y_title + label_w + s.px(12.0);
        let n_cols = self.columns.len();
        let col_w = f64::from(right - left) / n_cols as f64;
        let labels = match &self.columns {
            HeatColumns::Labels(l) => Some(BottomLabels::fit(c, l, col_w)),
            HeatColumns::Years { .. } => None,
        };
        let axis_h = labels.map_or(s.bottom_axis_h(), |l| l.axis_h);
        let bottom = note_top - axis_h;
        let row_h = f64::from(bottom - top) / n_rows;
        if right - left < s.px(200.0) || row_h < 1.0 || col_w < 1.0 {
            return Err(ChartError::TooSmall {
                width: size.0,
                height: size.1,
            });
        }
        let x0 = self.columns.origin();
        let f = Frame {
            left,
            top,
            right,
            bottom,
            x: (x0, x0 + n_cols as f64),
            y: (0.0, n_rows),
        };
        let grid = Grid { f, row_h, col_w };
        if let HeatColumns::Years { range, marked } = &self.columns {
            axes::gap_bands(
                c,
                &f,
                Years {
                    range: ordered(*range),
                    marked,
                },
            )?;
        }
        self.draw_cells(c, &grid, &bar.scale)?;
        let mid = |r: usize| {
            let (y0, y1) = grid.rows(r);
            (y0 + y1) / 2
        };
        axes::row_labels(c, &rows, (left, row_h), row_size(row_h), mid)?;
        let title_top = note_top - s.px(18.0) - c.line_h(s.axis_title);
        match (&self.columns, labels) {
            (HeatColumns::Years { range, marked }, _) => {
                let years = Years {
                    range: ordered(*range),
                    marked,
                };
                axes::year_axis(c, &f, years, &self.x_label, title_top)?;
            }
            (HeatColumns::Labels(_), Some(l)) => {
                let centre = |k: usize| {
                    let (x0, x1) = grid.cols(k);
                    (x0 + x1) / 2
                };
                l.draw(c, &self.column_labels(), f.bottom, centre)?;
                axes::axis_title_below(c, &f, &self.x_label, title_top)?;
            }
            (HeatColumns::Labels(_), None) => {}
        }
        if y_title > 0 {
            let mid = (top + bottom) / 2;
            c.text_up(
                &clean(&self.y_label),
                (s.margin + c.line_h(s.axis_title) / 2, mid),
                s.axis_title,
                style::TEXT,
            )?;
        }
        self.draw_legend(
            c,
            (&bar, &keys, &key_lg),
            (right + s.px(28.0), top, bottom),
            legend_w,
        )
    }
}

impl Heatmap {
    /// The colour bar from `top` (at most 420 px high) and the keys under it.
    fn draw_legend<DB: DrawingBackend>(
        &self,
        c: &Canvas<'_, DB>,
        (bar, keys, key_lg): (&ColorBar, &[Entry], &legend::Legend),
        (x, top, bottom): (i32, i32, i32),
        width: i32,
    ) -> Result<(), ChartError> {
        let s = c.sizes;
        let keys_h = key_lg.rows as i32 * key_lg.row_h;
        let bar_h = (bottom - top - bar.title_h(c) - keys_h - s.px(24.0))
            .min(s.px(420.0))
            .max(s.px(60.0));
        bar.draw(c, (x, top), bar_h, width)?;
        legend::draw(
            c,
            key_lg,
            keys,
            (x, top + bar.title_h(c) + bar_h + s.px(24.0)),
        )
    }
}

/// Geometry of the cells.
#[derive(Clone, Copy, Debug)]
struct Grid {
    f: Frame,
    row_h: f64,
    col_w: f64,
}

impl Grid {
    /// Top and bottom pixel rows of row `r`.
    fn rows(&self, r: usize) -> (i32, i32) {
        let top = f64::from(self.f.top);
        (
            (top + self.row_h * r as f64).round() as i32,
            (top + self.row_h * (r + 1) as f64).round() as i32,
        )
    }

    /// Left and right pixel columns of column `k`.
    fn cols(&self, k: usize) -> (i32, i32) {
        let x0 = self.f.x.0;
        (self.f.px(x0 + k as f64), self.f.px(x0 + k as f64 + 1.0))
    }
}

impl Heatmap {
    /// Every cell: its colour (a blank cell in a column with data in the gap colour), a white
    /// seam between cells of at least 6 px, and its value when every value fits.
    fn draw_cells<DB: DrawingBackend>(
        &self,
        c: &Canvas<'_, DB>,
        g: &Grid,
        scale: &Sequential,
    ) -> Result<(), ChartError> {
        let s = c.sizes;
        let seam = i32::from(g.col_w >= 6.0 && g.row_h >= 6.0);
        let size = (s.tick * 0.8).min(g.row_h * 0.75 / 0.78);
        let texts: Vec<(usize, usize, f64, String)> = self
            .values()
            .map(|(r, k, v)| (r, k, v, format_value(v)))
            .collect();
        let fits = size >= s.tick * 0.5
            && texts
                .iter()
                .all(|t| f64::from(c.width(&t.3, size) + s.px(6.0)) <= g.col_w);
        let marked = |k: usize| match &self.columns {
            HeatColumns::Years { range, marked } => {
                marked.contains(&(ordered(*range).0 + k as i32))
            }
            HeatColumns::Labels(_) => true,
        };
        for (r, row) in self.cells.iter().enumerate() {
            let (y0, y1) = g.rows(r);
            for (k, v) in row.iter().enumerate() {
                let (x0, x1) = g.cols(k);
                let color = match v.filter(|v| v.is_finite()) {
                    Some(v) => scale.color(v),
                    None if marked(k) => style::GAP_BAND,
                    None => continue,
                };
                c.rect((x0, y0), ((x1 - seam).max(x0), (y1 - seam).max(y0)), color)?;
            }
        }
        if fits {
            for (r, k, v, text) in &texts {
                let ((y0, y1), (x0, x1)) = (g.rows(*r), g.cols(*k));
                let at = ((x0 + x1 - seam) / 2, (y0 + y1 - seam) / 2);
                c.text(
                    text,
                    at,
                    size,
                    text_on(scale.color(*v)),
                    (HPos::Center, VPos::Center),
                )?;
            }
        }
        Ok(())
    }
}
