//! Small multiples: one panel per series (or group of series) over the years, all panels on
//! the same year axis and the same value scale, so panels compare at a glance where a line
//! chart of many series would be a tangle.

use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};

use super::ChartError;
use super::axes::{self, Years};
use super::canvas::{Canvas, Frame};
use super::legend::{self, Entry, Swatch};
use super::lines::LineChart;
use super::marks::draw_lines;
use super::render::{Chart, Plot, chart_chrome};
use super::scale::{ordered, tick_labels_for_lines};
use super::series::{FIRST_SEEN, LineSeries, any_cut, cut_entry, value_max};
use super::style::{self, SeriesStyle, Sizes, Texts, clean};

/// Most panel columns.
const MAX_COLS: usize = 8;

/// A grid of line panels over the years with shared axes.
#[derive(Clone, Debug, Default)]
pub struct SmallMultiples {
    /// Title, top left.
    pub title: String,
    /// Optional subtitle under the title (grey).
    pub subtitle: Option<String>,
    /// X axis title (e.g. `年份`), once under the grid.
    pub x_label: String,
    /// Y axis title, once, upright left of the grid.
    pub y_label: String,
    /// Source note under the plot (small grey text).
    pub source_note: String,
    /// Every panel's year axis: a tick for every year of this inclusive range.
    pub x_range: (i32, i32),
    /// Years with documents: dots on every panel's axis, grey bands on the others (a panel
    /// may have its own, [`LinePanel::marked_x`]).
    pub marked_x: Vec<i32>,
    /// The panels, left to right, then top to bottom.
    pub panels: Vec<LinePanel>,
    /// Legend labels of the line styles used (style `i`: the `i`-th palette colour); empty
    /// when one style is used and the panel titles say what the lines are.
    pub keys: Vec<String>,
}

/// One panel of [`SmallMultiples`].
#[derive(Clone, Debug, Default)]
pub struct LinePanel {
    /// Panel title (e.g. the term).
    pub title: String,
    /// The lines, each with its style number (see [`SmallMultiples::keys`]).
    pub lines: Vec<(usize, LineSeries)>,
    /// The years with documents for this panel when they are not the chart's
    /// ([`SmallMultiples::marked_x`]): dots on this panel's axis, grey bands on the others.
    pub marked_x: Option<Vec<i32>>,
}

/// Grid of panels: columns and rows.
fn grid(n: usize) -> (usize, usize) {
    let n = n.max(1);
    let cols = ((n as f64 * 1.5).sqrt().ceil() as usize).clamp(1, MAX_COLS);
    let rows = n.div_ceil(cols);
    (n.div_ceil(rows), rows)
}

/// Sizes inside a panel: smaller text, thinner lines, smaller markers.
fn panel_sizes(s: &Sizes) -> Sizes {
    Sizes {
        tick: s.tick * 0.8,
        line: s.line.saturating_sub(1).max(2),
        marker: (s.marker - 1).max(2),
        ..*s
    }
}

/// Smallest plot height of a panel the image grows for.
fn min_plot_h(s: &Sizes) -> i32 {
    s.px(120.0)
}

/// Height of a panel's title row.
fn title_h(s: &Sizes) -> i32 {
    s.line_h(s.legend * 0.85) + s.px(10.0)
}

/// Height of a panel's year-label row under its plot.
fn labels_h(s: &Sizes) -> i32 {
    let p = panel_sizes(s);
    p.px(14.0) + p.line_h(p.tick) + p.px(6.0)
}

/// Vertical gap between panel rows.
fn gap_h(s: &Sizes) -> i32 {
    s.px(18.0)
}

/// Height the chart is drawn at: the requested height, or more when a panel's plot would be
/// lower than 120 px (at 1600×900). Width never changes. At 1600×900 up to 3 rows of panels
/// fit (15 panels in 5 columns); 42 panels (7 columns, 6 rows) grow the image to 1.5k px.
pub fn small_multiples_height(chart: &SmallMultiples, size: (u32, u32)) -> u32 {
    let s = Sizes::for_size(size);
    let (_, rows) = grid(chart.panels.len());
    let rows = rows as i32;
    let sub = chart
        .subtitle
        .as_deref()
        .is_some_and(|t| !t.trim().is_empty());
    let legend = (s.legend * 1.3).ceil() as i32 * 2;
    let chrome = s.header_h(sub)
        + legend
        + s.px(18.0)
        + s.line_h(s.axis_title)
        + s.footer_h(!chart.source_note.trim().is_empty());
    let panel = title_h(&s) + min_plot_h(&s) + labels_h(&s);
    let need = chrome + rows * panel + (rows - 1) * gap_h(&s);
    size.1
        .max(u32::try_from(need).unwrap_or(size.1).min(16_384))
}

impl SmallMultiples {
    /// The shared value scale: ticks with labels.
    pub(super) fn value_labels(&self) -> Vec<(f64, String)> {
        let all = self
            .panels
            .iter()
            .flat_map(|p| p.lines.iter().map(|l| &l.1));
        tick_labels_for_lines(value_max(all, ordered(self.x_range)))
    }

    fn legend_entries(&self) -> Vec<Entry> {
        let mut entries: Vec<Entry> = (self.keys.iter().enumerate())
            .map(|(i, k)| Entry {
                swatch: Swatch::Line(SeriesStyle::nth(i)),
                text: clean(k),
            })
            .collect();
        let lines = || self.panels.iter().flat_map(|p| &p.lines);
        if lines().any(|l| l.1.first_x.is_some()) {
            entries.push(Entry {
                swatch: Swatch::Ring,
                text: FIRST_SEEN.to_owned(),
            });
        }
        let top = self.value_labels().last().map_or(1.0, |v| v.0);
        if any_cut(lines().map(|l| &l.1), ordered(self.x_range), top) {
            entries.push(cut_entry());
        }
        // A panel with its own report years bands the chart's others.
        let gaps = std::iter::once(self.marked_x.as_slice())
            .chain(self.panels.iter().filter_map(|p| p.marked_x.as_deref()))
            .any(|m| axes::has_gaps(m, self.x_range));
        entries.extend(axes::year_keys_with(&self.marked_x, gaps));
        entries
    }

    fn validate(&self) -> Result<(), ChartError> {
        if self.panels.is_empty() {
            return Err(ChartError::InvalidData(
                "small multiples without panels".into(),
            ));
        }
        let lines = self.panels.iter().flat_map(|p| &p.lines);
        let points = lines.flat_map(|l| {
            l.1.points
                .iter()
                .copied()
                .chain(l.1.band.iter().map(|b| (b.0, b.1)))
        });
        match points.into_iter().find(|p| p.1 < 0.0) {
            Some((year, v)) => Err(ChartError::InvalidData(format!(
                "negative value {v} at {year}"
            ))),
            None => Ok(()),
        }
    }
}

impl Chart for SmallMultiples {
    /// Title, subtitle, axis titles, source note, legend entries, panel titles, value tick
    /// labels and the label of every year in `x_range`.
    fn texts(&self) -> Vec<String> {
        let mut t = Texts::chrome(&self.title, self.subtitle.as_deref(), &self.source_note);
        t.add(&self.x_label).add(&self.y_label);
        t.extend(self.legend_entries().into_iter().map(|e| e.text));
        t.extend(self.panels.iter().map(|p| &p.title));
        t.extend(self.value_labels().into_iter().map(|(_, l)| l));
        t.extend(axes::year_labels(self.x_range));
        t.done()
    }

    /// The requested width; the height of [`small_multiples_height`].
    fn image_size(&self, size: (u32, u32)) -> (u32, u32) {
        (size.0, small_multiples_height(self, size))
    }

    chart_chrome!();

    /// Draws the plot between the title block and the note.
    fn draw_plot<DB: DrawingBackend>(&self, c: &Canvas<'_, DB>, p: Plot) -> Result<(), ChartError> {
        let (size, top, note_top) = (p.size, p.top, p.note_top);
        let s = c.sizes;
        let w = size.0 as i32;
        let entries = self.legend_entries();
        let avail_w = w - 2 * s.margin;
        legend::draw_rows(c, &entries, (s.margin, top), avail_w)?;
        let grid_top = top + legend::rows_height(c, &entries, avail_w) + s.px(8.0);
        let title_top = note_top - s.px(18.0) - c.line_h(s.axis_title);
        let values = self.value_labels();
        let mut ps = panel_sizes(&s);
        let label_w = values
            .iter()
            .map(|(_, t)| c.width(t, ps.tick))
            .max()
            .unwrap_or(0);
        let left = s.margin + c.line_h(s.axis_title) + s.px(14.0) + label_w + s.px(12.0);
        let (cols, rows) = grid(self.panels.len());
        let gap_w = s.px(22.0);
        let panel_w = (w - s.margin - left - (cols as i32 - 1) * gap_w) / cols as i32;
        let room = title_top - s.px(8.0) - grid_top - (rows as i32 - 1) * gap_h(&s);
        let panel_h = room / rows as i32;
        let plot_h = panel_h - title_h(&s) - labels_h(&s);
        if panel_w < s.px(120.0) || plot_h < s.px(40.0) {
            return Err(ChartError::TooSmall {
                width: size.0,
                height: size.1,
            });
        }
        let years = Years {
            range: ordered(self.x_range),
            marked: &self.marked_x,
        };
        let (lo, hi) = years.range;
        // Markers no wider than most of a year, so yearly points stay apart.
        let per_year = f64::from(panel_w) / f64::from(hi - lo + 1);
        ps.marker = ((per_year * 0.35) as i32).clamp(2, ps.marker);
        let pc = Canvas {
            area: c.area,
            font: c.font,
            sizes: ps,
            raster: c.raster,
        };
        let y_max = values.last().map_or(1.0, |v| v.0);
        for (i, panel) in self.panels.iter().enumerate() {
            let (col, row) = (i % cols, i / cols);
            let x = left + col as i32 * (panel_w + gap_w);
            let y = grid_top + row as i32 * (panel_h + gap_h(&s));
            let f = Frame {
                left: x,
                top: y + title_h(&s),
                right: x + panel_w,
                bottom: y + title_h(&s) + plot_h,
                x: (f64::from(lo) - 0.5, f64::from(hi) + 0.5),
                y: (0.0, y_max),
            };
            // Year labels under the lowest panel of each column, value labels left of the
            // first panel of each row.
            let lowest = i + cols >= self.panels.len();
            draw_panel(&pc, panel, &f, years, (&values, col == 0, lowest))?;
        }
        let mid = (grid_top + title_top) / 2;
        c.text_up(
            &clean(&self.y_label),
            (s.margin + c.line_h(s.axis_title) / 2, mid),
            s.axis_title,
            style::TEXT,
        )?;
        let grid = Frame {
            left,
            top: grid_top,
            right: w - s.margin,
            bottom: title_top,
            x: (0.0, 1.0),
            y: (0.0, 1.0),
        };
        axes::axis_title_below(c, &grid, &self.x_label, title_top)
    }
}

/// One panel: its title, gap bands, value grid (and labels), year grid, lines and year axis.
fn draw_panel<DB: DrawingBackend>(
    c: &Canvas<'_, DB>,
    panel: &LinePanel,
    f: &Frame,
    years: Years<'_>,
    (values, value_labels, year_labels): (&[(f64, String)], bool, bool),
) -> Result<(), ChartError> {
    let s = c.sizes;
    let title = clean(&panel.title);
    let size = c.fit(&title, s.legend * 0.85, f.right - f.left);
    let at = (f.left, f.top - title_h(&s) + s.px(2.0));
    c.text(&title, at, size, style::TEXT, (HPos::Left, VPos::Top))?;
    let years = Years {
        marked: panel.marked_x.as_deref().unwrap_or(years.marked),
        ..years
    };
    axes::gap_bands(c, f, years)?;
    axes::value_grid(c, f, values, value_labels)?;
    axes::year_grid(c, f, years)?;
    let lines: Vec<(SeriesStyle, &LineSeries)> = (panel.lines.iter())
        .map(|(i, l)| (SeriesStyle::nth(*i), l))
        .collect();
    draw_lines(c, f, years.range, &lines)?;
    axes::year_ticks(c, f, years, year_labels)
}

impl From<LineChart> for SmallMultiples {
    /// One panel per line of `chart`, in order, titled with its legend label (the first
    /// appearance included), all in the first colour, bands and rings kept.
    fn from(chart: LineChart) -> SmallMultiples {
        SmallMultiples {
            title: chart.title,
            subtitle: chart.subtitle,
            x_label: chart.x_label,
            y_label: chart.y_label,
            source_note: chart.source_note,
            x_range: chart.x_range,
            marked_x: chart.marked_x,
            panels: (chart.series.into_iter())
                .map(|s| LinePanel {
                    title: s.legend_label(),
                    marked_x: s.years.clone(),
                    lines: vec![(0, s)],
                })
                .collect(),
            keys: Vec::new(),
        }
    }
}
