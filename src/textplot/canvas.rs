//! Pixel-space drawing helpers shared by all chart kinds, generic over the plotters backend.

use plotters::coord::Shift;
use plotters::element::{PathElement, Polygon, Rectangle};
use plotters::prelude::{DrawingArea, DrawingBackend};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{
    Color, FontDesc, FontFamily, FontStyle, FontTransform, RGBAColor, RGBColor, ShapeStyle,
};

use super::ChartError;
use super::font::ChartFont;
use super::raster::{self, TextSpec};
use super::style::Sizes;

/// Horizontal and vertical anchor of a text position.
pub type Anchor = (HPos, VPos);

/// A drawing area in pixel coordinates plus the chart font and sizes.
pub struct Canvas<'a, DB: DrawingBackend> {
    /// Target area (the whole image).
    pub area: &'a DrawingArea<DB, Shift>,
    /// Font used for every text.
    pub font: &'a ChartFont,
    /// Font sizes, widths and margins.
    pub sizes: Sizes,
    /// Draw text as pixels with our own rasteriser (bitmap output) instead of plotters'
    /// text (SVG output, where it becomes `<text>`).
    pub raster: bool,
}

/// A plotters drawing error as a [`ChartError`].
pub fn draw_err<E: std::fmt::Display>(err: E) -> ChartError {
    ChartError::Draw(err.to_string())
}

impl<DB: DrawingBackend> Canvas<'_, DB> {
    /// Draws `text` at `pos` with plotters font size `size`.
    pub fn text(
        &self,
        text: &str,
        pos: (i32, i32),
        size: f64,
        color: RGBColor,
        anchor: Anchor,
    ) -> Result<(), ChartError> {
        self.text_t(text, pos, size, color, anchor, FontTransform::None)
    }

    /// Draws `text` rotated by 270° (reading bottom to top), centred on `pos`.
    pub fn text_up(
        &self,
        text: &str,
        pos: (i32, i32),
        size: f64,
        color: RGBColor,
    ) -> Result<(), ChartError> {
        self.text_t(
            text,
            pos,
            size,
            color,
            (HPos::Center, VPos::Center),
            FontTransform::Rotate270,
        )
    }

    fn text_t(
        &self,
        text: &str,
        pos: (i32, i32),
        size: f64,
        color: RGBColor,
        anchor: Anchor,
        transform: FontTransform,
    ) -> Result<(), ChartError> {
        if text.trim().is_empty() {
            return Ok(());
        }
        if self.raster {
            let up = matches!(transform, FontTransform::Rotate270);
            let spec = TextSpec {
                size,
                color,
                anchor,
                up,
            };
            return raster::draw_text(self.area, self.font, text, pos, spec);
        }
        let style = FontDesc::new(
            FontFamily::Name(self.font.family()),
            size,
            FontStyle::Normal,
        )
        .transform(transform)
        .color(&color)
        .pos(Pos::new(anchor.0, anchor.1));
        self.area.draw_text(text, &style, pos).map_err(draw_err)
    }

    /// Width in pixels of `text` at font size `size`.
    pub fn width(&self, text: &str, size: f64) -> i32 {
        self.font.text_width(text, size).ceil() as i32
    }

    /// Straight polyline of width `width`.
    pub fn line(
        &self,
        points: Vec<(i32, i32)>,
        color: RGBColor,
        width: u32,
    ) -> Result<(), ChartError> {
        self.translucent_line(points, color.to_rgba(), width)
    }

    /// Straight polyline in a translucent colour.
    pub fn translucent_line(
        &self,
        points: Vec<(i32, i32)>,
        color: RGBAColor,
        width: u32,
    ) -> Result<(), ChartError> {
        let style = ShapeStyle {
            color,
            filled: false,
            stroke_width: self.sizes.stroke(width),
        };
        self.area
            .draw(&PathElement::new(points, style))
            .map_err(draw_err)
    }

    /// Filled axis-aligned rectangle between two corners.
    pub fn rect(&self, a: (i32, i32), b: (i32, i32), color: RGBColor) -> Result<(), ChartError> {
        self.area
            .draw(&Rectangle::new([a, b], color.filled()))
            .map_err(draw_err)
    }

    /// Filled polygon (no outline).
    pub fn polygon(&self, points: Vec<(i32, i32)>, color: RGBColor) -> Result<(), ChartError> {
        self.translucent_polygon(points, color.to_rgba())
    }

    /// Filled polygon in a translucent colour (no outline).
    pub fn translucent_polygon(
        &self,
        points: Vec<(i32, i32)>,
        color: RGBAColor,
    ) -> Result<(), ChartError> {
        self.area
            .draw(&Polygon::new(points, color.filled()))
            .map_err(draw_err)
    }
}

/// The plot rectangle in pixels and a linear map from data to pixels.
#[derive(Clone, Copy, Debug)]
pub struct Frame {
    /// Left edge (px).
    pub left: i32,
    /// Top edge (px).
    pub top: i32,
    /// Right edge (px).
    pub right: i32,
    /// Bottom edge (px).
    pub bottom: i32,
    /// Data range mapped to `left..right`.
    pub x: (f64, f64),
    /// Data range mapped to `bottom..top`.
    pub y: (f64, f64),
}

impl Frame {
    /// Pixel column of data value `v`.
    pub fn px(&self, v: f64) -> i32 {
        let t = (v - self.x.0) / (self.x.1 - self.x.0);
        (f64::from(self.left) + t * f64::from(self.right - self.left)).round() as i32
    }

    /// Pixel row of data value `v`.
    pub fn py(&self, v: f64) -> i32 {
        let t = (v - self.y.0) / (self.y.1 - self.y.0);
        (f64::from(self.bottom) - t * f64::from(self.bottom - self.top)).round() as i32
    }
}

impl<DB: DrawingBackend> Canvas<'_, DB> {
    /// Vertical space in px taken by one line of text at font size `size`.
    pub fn line_h(&self, size: f64) -> i32 {
        self.sizes.line_h(size)
    }

    /// Font size at most `size` at which `text` fits in `avail` px.
    pub fn fit(&self, text: &str, size: f64, avail: i32) -> f64 {
        let w = self.font.text_width(text, size);
        if w > f64::from(avail) && w > 0.0 {
            size * f64::from(avail) / w
        } else {
            size
        }
    }

    /// Draws title and optional subtitle at the top left; returns the first free row below.
    pub fn header(
        &self,
        title: &str,
        subtitle: Option<&str>,
        width: i32,
    ) -> Result<i32, ChartError> {
        let s = self.sizes;
        let avail = width - 2 * s.margin;
        let size = self.fit(title, s.title, avail);
        self.text(
            title,
            (s.margin, s.margin),
            size,
            super::style::TEXT,
            (HPos::Left, VPos::Top),
        )?;
        let sub = subtitle.filter(|t| !t.trim().is_empty());
        let mut extra = 0;
        if let Some(sub) = sub {
            let y = s.margin + self.line_h(s.title) + s.px(14.0);
            let step = self.line_h(s.subtitle) + s.px(6.0);
            let lines = self.subtitle_lines(sub, s.subtitle, avail);
            for (i, line) in lines.iter().enumerate() {
                let size = self.fit(line, s.subtitle, avail);
                self.text(
                    line,
                    (s.margin, y + i as i32 * step),
                    size,
                    super::style::MUTED,
                    (HPos::Left, VPos::Top),
                )?;
            }
            extra = (lines.len() as i32 - 1) * step;
        }
        Ok(s.header_h(sub.is_some()) + extra)
    }

    /// A subtitle in lines of at most `avail` px at `size`: one line when it
    /// fits, or fits shrunk to no less than 85 % of `size`; otherwise broken
    /// at its ` · ` separators (a narrow chart's subtitle, which holds the
    /// unit and the method, stays readable instead of shrinking to a few
    /// pixels), at most three lines, the last one shrunk if it must be.
    pub fn subtitle_lines(&self, sub: &str, size: f64, avail: i32) -> Vec<String> {
        let fits = |t: &str, at: f64| self.font.text_width(t, at) <= f64::from(avail);
        if fits(sub, size * 0.85) {
            return vec![sub.to_string()];
        }
        let mut lines: Vec<String> = Vec::new();
        for part in sub.split(" · ") {
            let full = lines.len() == 3;
            match lines.last_mut() {
                Some(last) if full || fits(&format!("{last} · {part}"), size) => {
                    last.push_str(" · ");
                    last.push_str(part);
                }
                _ => lines.push(part.to_string()),
            }
        }
        lines
    }

    /// Draws a chart's frame: title and subtitle on top, source note at the bottom, each
    /// passed through [`super::style::clean`] first. Returns `(top, note_top)`: the first free
    /// row under the header and the top row of the note, between which the plot goes.
    pub fn frame(
        &self,
        (title, subtitle, note): (&str, Option<&str>, &str),
        (width, height): (i32, i32),
    ) -> Result<(i32, i32), ChartError> {
        let clean = super::style::clean;
        let top = self.header(&clean(title), subtitle.map(clean).as_deref(), width)?;
        let note_top = self.footer(&clean(note), (width, height))?;
        Ok((top, note_top))
    }

    /// Draws the source note at the bottom left; returns its top row.
    pub fn footer(&self, note: &str, (width, height): (i32, i32)) -> Result<i32, ChartError> {
        let s = self.sizes;
        if note.trim().is_empty() {
            return Ok(height - s.margin);
        }
        let size = self.fit(note, s.note, width - 2 * s.margin);
        let top = height - s.footer_h(true);
        self.text(
            note,
            (s.margin, top),
            size,
            super::style::MUTED,
            (HPos::Left, VPos::Top),
        )?;
        Ok(top)
    }
}
