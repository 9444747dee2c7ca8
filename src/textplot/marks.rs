//! Marks: series lines in their dash pattern, markers of every shape, rings, dots and legend
//! samples, and the drawing of [`LineSeries`] (bands, lines broken at gaps, markers, rings)
//! shared by the line chart and the small multiples.

use plotters::element::{Circle, DashedPathElement, Polygon};
use plotters::prelude::DrawingBackend;
use plotters::style::{Color, RGBColor, ShapeStyle};

use super::ChartError;
use super::canvas::{Canvas, Frame, draw_err};
use super::series::LineSeries;
use super::style::{Dash, Marker, SeriesStyle};

impl<DB: DrawingBackend> Canvas<'_, DB> {
    /// Polyline in the series' dash pattern.
    pub fn series_line(
        &self,
        points: Vec<(i32, i32)>,
        series: &SeriesStyle,
    ) -> Result<(), ChartError> {
        let width = self.sizes.line;
        let style = ShapeStyle {
            color: series.color.to_rgba(),
            filled: false,
            stroke_width: self.sizes.stroke(width),
        };
        let (on, off) = match series.dash {
            Dash::Solid => return self.line(points, series.color, width),
            Dash::Dashed => (self.sizes.px(16.0), self.sizes.px(9.0)),
            Dash::Dotted => (self.sizes.px(5.0), self.sizes.px(7.0)),
        };
        let dashed = DashedPathElement::new(points, on.max(2), off.max(2), style);
        self.area.draw(&dashed).map_err(draw_err)
    }

    /// Filled marker of the series' shape with radius `r` and a white outline.
    pub fn marker(&self, c: (i32, i32), r: i32, series: &SeriesStyle) -> Result<(), ChartError> {
        let fill = series.color.filled();
        let (x, y) = c;
        // The white outline, 1 layout px.
        let o = self.sizes.stroke(1) as i32;
        let shape = |r: i32| -> Vec<(i32, i32)> {
            match series.marker {
                Marker::Circle | Marker::Square => vec![
                    (x - r, y - r),
                    (x + r, y - r),
                    (x + r, y + r),
                    (x - r, y + r),
                ],
                Marker::Triangle => vec![(x, y - r - o), (x + r + o, y + r), (x - r - o, y + r)],
                Marker::Diamond => vec![
                    (x, y - r - o),
                    (x + r + o, y),
                    (x, y + r + o),
                    (x - r - o, y),
                ],
            }
        };
        if series.marker == Marker::Circle {
            self.area
                .draw(&Circle::new(c, r + o, RGBColor(255, 255, 255).filled()))
                .map_err(draw_err)?;
            return self.area.draw(&Circle::new(c, r, fill)).map_err(draw_err);
        }
        self.area
            .draw(&Polygon::new(
                shape(r + o),
                RGBColor(255, 255, 255).filled(),
            ))
            .map_err(draw_err)?;
        self.area
            .draw(&Polygon::new(shape(r), fill))
            .map_err(draw_err)
    }

    /// Unfilled ring of radius `r` and stroke `width`.
    pub fn ring(
        &self,
        c: (i32, i32),
        r: i32,
        color: RGBColor,
        width: u32,
    ) -> Result<(), ChartError> {
        let style = ShapeStyle {
            color: color.to_rgba(),
            filled: false,
            stroke_width: self.sizes.stroke(width),
        };
        self.area.draw(&Circle::new(c, r, style)).map_err(draw_err)
    }

    /// Small filled dot.
    pub fn dot(&self, c: (i32, i32), r: i32, color: RGBColor) -> Result<(), ChartError> {
        self.area
            .draw(&Circle::new(c, r, color.filled()))
            .map_err(draw_err)
    }

    /// Legend sample for a line series: a short line with a marker in the middle.
    pub fn line_sample(
        &self,
        left: (i32, i32),
        len: i32,
        series: &SeriesStyle,
    ) -> Result<(), ChartError> {
        let (x, y) = left;
        self.series_line(vec![(x, y), (x + len, y)], series)?;
        self.marker((x + len / 2, y), self.sizes.marker, series)
    }
}

/// Draws `lines` (each with its style) in the frame `f` over the years `range`: first every
/// confidence band (behind everything), then every line (one per run of consecutive years, so
/// gaps stay open), then the markers and the rings of first appearances.
pub fn draw_lines<DB: DrawingBackend>(
    c: &Canvas<'_, DB>,
    f: &Frame,
    range: (i32, i32),
    lines: &[(SeriesStyle, &LineSeries)],
) -> Result<(), ChartError> {
    let at = |p: &(i32, f64)| (f.px(f64::from(p.0)), f.py(p.1));
    let banded = (lines.iter())
        .filter(|(_, s)| !s.band_runs(range).is_empty())
        .count();
    let opacity = band_opacity(banded);
    for (st, series) in lines {
        draw_band(series, st, c, f, (range, opacity))?;
    }
    for (st, series) in lines {
        for run in series.runs(range).iter().filter(|r| r.len() > 1) {
            c.series_line(run.iter().map(at).collect(), st)?;
        }
    }
    // Rings already drawn: a ring on (or next to) another one, two terms
    // first seen in the same year at the same rate, is drawn around it.
    let mut rings: Vec<(i32, i32)> = Vec::new();
    for (st, series) in lines {
        let pts = series.clean_points(range);
        // Zeros sit on the x axis, where every series' zeros would pile up on
        // the "has a report" dots: they get a marker only when isolated (no
        // line to show them), otherwise the line along the axis shows them.
        let isolated: Vec<i32> = series
            .runs(range)
            .iter()
            .filter(|r| r.len() == 1)
            .map(|r| r[0].0)
            .collect();
        for p in pts.iter().filter(|p| p.1 != 0.0 || isolated.contains(&p.0)) {
            c.marker(at(p), c.sizes.marker, st)?;
        }
        if let Some(first) = series.first_x.filter(|x| (range.0..=range.1).contains(x)) {
            let v = pts.iter().find(|p| p.0 == first).map_or(0.0, |p| p.1);
            let centre = at(&(first, v));
            let stroke = c.sizes.line.saturating_sub(1).max(2);
            let near = c.sizes.marker;
            let under = rings
                .iter()
                .filter(|r| (r.0 - centre.0).abs() <= near && (r.1 - centre.1).abs() <= near)
                .count() as i32;
            rings.push(centre);
            c.ring(
                centre,
                c.sizes.marker * 2 + 2 + under * (stroke as i32 + 2),
                st.color,
                stroke,
            )?;
        }
    }
    Ok(())
}

/// Opacity of a confidence band over white (and over other bands) when `n` series have
/// bands: 0.16 for up to three, then less so that overlapping bands stay light (0.48/n, at
/// least 0.08).
pub fn band_opacity(n: usize) -> f64 {
    if n <= 3 {
        0.16
    } else {
        (0.48 / n as f64).max(0.08)
    }
}

/// The confidence band of one series: a translucent polygon in its colour over each run of
/// consecutive years, a whisker with caps at an isolated year (three times as opaque, as
/// a thin line shows less than an area).
fn draw_band<DB: DrawingBackend>(
    series: &LineSeries,
    st: &SeriesStyle,
    c: &Canvas<'_, DB>,
    f: &Frame,
    (range, opacity): ((i32, i32), f64),
) -> Result<(), ChartError> {
    for run in series.band_runs(range) {
        let x = |b: &(i32, f64, f64)| f.px(f64::from(b.0));
        // Cut at the top of the plot (see `BAND_HEADROOM`).
        let y = |v: f64| f.py(v.min(f.y.1));
        if run.len() == 1 {
            let b = run[0];
            let (top, bottom) = (y(b.2), y(b.1));
            let cap = c.sizes.marker;
            let width = (c.sizes.line / 2).max(2);
            let color = st.color.mix((opacity * 3.0).min(0.5));
            c.translucent_line(vec![(x(&b), top), (x(&b), bottom)], color, width)?;
            // No cap where the whisker is cut, a triangle instead: it goes on above the plot.
            let caps = if b.2 > f.y.1 {
                vec![bottom]
            } else {
                vec![top, bottom]
            };
            for y in caps {
                c.translucent_line(vec![(x(&b) - cap, y), (x(&b) + cap, y)], color, width)?;
            }
            if b.2 > f.y.1 {
                cut_mark(c, x(&b), f.top, st)?;
            }
            continue;
        }
        let mut outline: Vec<(i32, i32)> = run.iter().map(|b| (x(b), y(b.2))).collect();
        outline.extend(run.iter().rev().map(|b| (x(b), y(b.1))));
        c.translucent_polygon(outline, st.color.mix(opacity))?;
        for b in run.iter().filter(|b| b.2 > f.y.1) {
            cut_mark(c, x(b), f.top, st)?;
        }
    }
    Ok(())
}

/// A small triangle pointing up at the top of the plot where a band or whisker is cut (its
/// upper bound is above the value axis; the tables have it).
fn cut_mark<DB: DrawingBackend>(
    c: &Canvas<'_, DB>,
    x: i32,
    top: i32,
    st: &SeriesStyle,
) -> Result<(), ChartError> {
    let r = (c.sizes.marker - 1).max(2);
    c.polygon(
        vec![(x, top - r), (x + r, top + r), (x - r, top + r)],
        st.color,
    )
}
