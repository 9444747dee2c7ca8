//! Bump chart: the rank of the top terms in each year, rank 1 on top, one line per term
//! through the years it holds a rank, broken where it drops out of the top or a year has no
//! report; each term is named where its line starts and, for the last year, at the right.
//! Terms ranked in a single year are grey, so the lasting ones stand out.

use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};

use super::ChartError;
use super::axes::{self, Years};
use super::canvas::{Canvas, Frame};
use super::colormap::mix;
use super::legend;
use super::render::{Chart, Plot, chart_chrome};
use super::scale::ordered;
use super::style::{self, SeriesStyle, Texts, clean};
use plotters::style::RGBColor;

/// Colour of a term ranked in one year only.
const ONCE: RGBColor = RGBColor(0xAA, 0xAA, 0xAA);

/// A term's name at the end of the plot: `(series, rank, name)`.
type EndLabel = (usize, u32, String);

/// A bump chart of ranks over years.
#[derive(Clone, Debug, Default)]
pub struct BumpChart {
    /// Title, top left.
    pub title: String,
    /// Optional subtitle under the title (grey).
    pub subtitle: Option<String>,
    /// X axis title (e.g. `年份`).
    pub x_label: String,
    /// Y axis title (e.g. `排名`).
    pub y_label: String,
    /// Source note under the plot (small grey text).
    pub source_note: String,
    /// Every year of this inclusive range gets a column.
    pub x_range: (i32, i32),
    /// Years with documents: dots on the axis; other years get a grey band.
    pub marked_x: Vec<i32>,
    /// Ranks shown: 1 (top) to `top` (bottom).
    pub top: u32,
    /// The terms, drawn in this order (colours cycle through the palette).
    pub series: Vec<BumpSeries>,
}

/// One term of a [`BumpChart`].
#[derive(Clone, Debug, Default)]
pub struct BumpSeries {
    /// The term.
    pub label: String,
    /// `(year, rank)`, rank 1 the highest; a year without an entry is a year the term is not
    /// ranked (or has no report). Ranks above `top` are left out.
    pub ranks: Vec<(i32, u32)>,
}

impl BumpSeries {
    /// Ranks within `range` and `1..=top`, by year, one per year; split into runs of
    /// consecutive years (each run is one unbroken line).
    pub fn runs(&self, range: (i32, i32), top: u32) -> Vec<Vec<(i32, u32)>> {
        let mut pts: Vec<(i32, u32)> = (self.ranks.iter().copied())
            .filter(|(y, r)| (range.0..=range.1).contains(y) && (1..=top).contains(r))
            .collect();
        pts.sort_unstable();
        pts.dedup_by_key(|p| p.0);
        let mut runs: Vec<Vec<(i32, u32)>> = Vec::new();
        for p in pts {
            match runs.last_mut() {
                Some(run) if run.last().is_some_and(|q| q.0 + 1 == p.0) => run.push(p),
                _ => runs.push(vec![p]),
            }
        }
        runs
    }
}

impl BumpChart {
    /// First and last year that have a rank, if any.
    fn span(&self) -> Option<(i32, i32)> {
        let range = ordered(self.x_range);
        let years = (self.series.iter())
            .flat_map(|s| s.runs(range, self.top).into_iter().flatten())
            .map(|p| p.0);
        let (mut lo, mut hi) = (None::<i32>, None::<i32>);
        for y in years {
            lo = Some(lo.map_or(y, |l| l.min(y)));
            hi = Some(hi.map_or(y, |h| h.max(y)));
        }
        lo.zip(hi)
    }

    /// Labels left of the plot (ranked in the first year) and right of it (ranked in the
    /// last year), as `(series, rank, label)`.
    fn end_labels(&self) -> (Vec<EndLabel>, Vec<EndLabel>) {
        let Some((first, last)) = self.span() else {
            return (vec![], vec![]);
        };
        let range = ordered(self.x_range);
        let at = |year: i32| -> Vec<EndLabel> {
            (self.series.iter().enumerate())
                .filter_map(|(i, s)| {
                    let runs = s.runs(range, self.top);
                    let r = runs.iter().flatten().find(|p| p.0 == year)?;
                    Some((i, r.1, clean(&s.label)))
                })
                .collect()
        };
        (at(first), at(last))
    }

    /// How series `i` is drawn: terms ranked in two or more years take the palette's colours
    /// in turn (solid lines, circles; past the palette's 12 colours, the next round dashed
    /// with squares, as [`SeriesStyle::nth`], so no two terms look alike); a term ranked once
    /// is a grey dot with a grey name, so the terms that stay stand out.
    fn style(&self, i: usize) -> SeriesStyle {
        let range = ordered(self.x_range);
        let lasting =
            |s: &BumpSeries| s.runs(range, self.top).iter().map(Vec::len).sum::<usize>() > 1;
        if !self.series.get(i).is_some_and(lasting) {
            return SeriesStyle {
                color: ONCE,
                ..SeriesStyle::nth(0)
            };
        }
        let k = self.series[..i].iter().filter(|s| lasting(s)).count();
        SeriesStyle::nth(k)
    }

    fn validate(&self) -> Result<(), ChartError> {
        if self.top == 0 || self.span().is_none() {
            return Err(ChartError::InvalidData(
                "bump chart has no rank to draw".into(),
            ));
        }
        Ok(())
    }
}

impl Chart for BumpChart {
    /// Title, subtitle, axis titles, source note, the year keys, every term, the ranks and
    /// the label of every year in `x_range`.
    fn texts(&self) -> Vec<String> {
        let mut t = Texts::chrome(&self.title, self.subtitle.as_deref(), &self.source_note);
        t.add(&self.x_label).add(&self.y_label);
        t.extend(
            axes::year_keys(&self.marked_x, self.x_range)
                .into_iter()
                .map(|e| e.text),
        );
        t.extend(self.series.iter().map(|s| &s.label));
        t.extend((1..=self.top).map(|r| r.to_string()));
        t.extend(axes::year_labels(self.x_range));
        t.done()
    }

    chart_chrome!();

    /// Draws the plot between the title block and the note.
    fn draw_plot<DB: DrawingBackend>(&self, c: &Canvas<'_, DB>, p: Plot) -> Result<(), ChartError> {
        let (size, top, note_top) = (p.size, p.top, p.note_top);
        let s = c.sizes;
        let w = size.0 as i32;
        let keys = axes::year_keys(&self.marked_x, self.x_range);
        legend::draw_rows(c, &keys, (s.margin, top), w - 2 * s.margin)?;
        let plot_top = top + legend::rows_height(c, &keys, w - 2 * s.margin) + s.px(10.0);
        let (left_labels, right_labels) = self.end_labels();
        let label_size = s.tick * 0.9;
        let widest = |l: &[EndLabel]| {
            (l.iter())
                .map(|x| c.width(&x.2, label_size))
                .max()
                .unwrap_or(0)
        };
        let rank_w = c.width(&self.top.to_string(), s.tick);
        let left = s.margin
            + c.line_h(s.axis_title)
            + s.px(14.0)
            + rank_w
            + s.px(14.0)
            + widest(&left_labels).min(w / 5)
            + s.px(14.0);
        let right = w - s.margin - widest(&right_labels).min(w / 5) - s.px(14.0);
        let bottom = note_top - s.bottom_axis_h();
        if right - left < s.px(200.0) || bottom - plot_top < s.px(120.0) {
            return Err(ChartError::TooSmall {
                width: size.0,
                height: size.1,
            });
        }
        let years = Years {
            range: ordered(self.x_range),
            marked: &self.marked_x,
        };
        let f = Frame {
            left,
            top: plot_top,
            right,
            bottom,
            x: (
                f64::from(years.range.0) - 0.5,
                f64::from(years.range.1) + 0.5,
            ),
            y: (f64::from(self.top) + 0.5, 0.5),
        };
        axes::gap_bands(c, &f, years)?;
        self.draw_ranks(c, &f, rank_w)?;
        axes::year_grid(c, &f, years)?;
        self.draw_series(c, &f, years.range)?;
        self.draw_end_labels(c, &f, (&left_labels, &right_labels), label_size)?;
        let title_top = note_top - s.px(18.0) - c.line_h(s.axis_title);
        axes::year_axis(c, &f, years, &self.x_label, title_top)?;
        let mid = (f.top + f.bottom) / 2;
        let at = (s.margin + c.line_h(s.axis_title) / 2, mid);
        c.text_up(&clean(&self.y_label), at, s.axis_title, style::TEXT)
    }
}

impl BumpChart {
    /// A light rule and the rank number at every rank.
    fn draw_ranks<DB: DrawingBackend>(
        &self,
        c: &Canvas<'_, DB>,
        f: &Frame,
        rank_w: i32,
    ) -> Result<(), ChartError> {
        let s = c.sizes;
        let x = s.margin + c.line_h(s.axis_title) + s.px(14.0) + rank_w;
        for r in 1..=self.top {
            let y = f.py(f64::from(r));
            c.line(vec![(f.left, y), (f.right, y)], style::GRID, 1)?;
            let anchor = (HPos::Right, VPos::Center);
            c.text(&r.to_string(), (x, y), s.tick, style::MUTED, anchor)?;
        }
        Ok(())
    }

    /// Every term's runs as lines with markers, and its name above the start of each run that
    /// does not start in the first year.
    fn draw_series<DB: DrawingBackend>(
        &self,
        c: &Canvas<'_, DB>,
        f: &Frame,
        range: (i32, i32),
    ) -> Result<(), ChartError> {
        let first = self.span().map(|s| s.0);
        let at = |p: &(i32, u32)| (f.px(f64::from(p.0)), f.py(f64::from(p.1)));
        for (i, series) in self.series.iter().enumerate() {
            let st = self.style(i);
            for run in series.runs(range, self.top) {
                if run.len() > 1 {
                    c.series_line(run.iter().map(at).collect(), &st)?;
                }
            }
        }
        let size = c.sizes.tick * 0.7;
        for (i, series) in self.series.iter().enumerate() {
            let st = self.style(i);
            for run in series.runs(range, self.top) {
                for p in &run {
                    c.marker(at(p), c.sizes.marker, &st)?;
                }
                if Some(run[0].0) != first {
                    let (x, y) = at(&run[0]);
                    let up = (x, y - c.sizes.marker - c.sizes.px(3.0));
                    let label = clean(&series.label);
                    c.text(
                        &label,
                        up,
                        size,
                        label_color(&self.style(i)),
                        (HPos::Center, VPos::Bottom),
                    )?;
                }
            }
        }
        Ok(())
    }

    /// The names of the terms ranked in the first year left of the plot and of those ranked
    /// in the last year right of it, each at its rank, in its colour.
    fn draw_end_labels<DB: DrawingBackend>(
        &self,
        c: &Canvas<'_, DB>,
        f: &Frame,
        (left, right): (&[EndLabel], &[EndLabel]),
        size: f64,
    ) -> Result<(), ChartError> {
        let gap = c.sizes.px(12.0);
        let max_w = c.area.dim_in_pixel().0 as i32 / 5;
        for (labels, x, anchor) in [
            (left, f.left - gap, HPos::Right),
            (right, f.right + gap, HPos::Left),
        ] {
            for (i, rank, label) in labels {
                let y = f.py(f64::from(*rank));
                let color = label_color(&self.style(*i));
                let size = c.fit(label, size, max_w);
                c.text(label, (x, y), size, color, (anchor, VPos::Center))?;
            }
        }
        Ok(())
    }
}

/// Text colour of series `i`'s name: its line colour darkened a little (the palette's yellow
/// is unreadable as text on white).
fn label_color(st: &SeriesStyle) -> RGBColor {
    mix(st.color, style::TEXT, 0.3)
}

#[cfg(test)]
mod style_tests {
    use super::*;

    /// More lasting terms than the palette has colours: the second round
    /// is dashed with another marker, never a twin of the first.
    #[test]
    fn terms_past_the_palette_do_not_repeat_a_look() {
        let years: Vec<i32> = (2010..=2015).collect();
        let series: Vec<BumpSeries> = (0..14)
            .map(|i| BumpSeries {
                label: format!("词{i}"),
                ranks: years.iter().map(|&y| (y, i + 1)).collect(),
            })
            .collect();
        let chart = BumpChart {
            title: "t".into(),
            subtitle: None,
            x_label: "年份".into(),
            y_label: "排名".into(),
            source_note: String::new(),
            x_range: (2010, 2015),
            marked_x: years,
            top: 14,
            series,
        };
        let looks: Vec<_> = (0..14)
            .map(|i| {
                let st = chart.style(i);
                (st.color, st.dash, st.marker)
            })
            .collect();
        for i in 0..14 {
            for j in 0..i {
                assert_ne!(looks[i], looks[j], "series {j} and {i}");
            }
        }
    }
}
