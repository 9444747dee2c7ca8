//! Text rasterisation for bitmap output, with correct glyph bearings.
//!
//! plotters' `ab_glyph` text drawing places every glyph's bitmap at the pen position and so
//! drops its left side bearing, which misplaces full-width punctuation (（）、，· …). Bitmap
//! charts therefore draw text here, glyph by glyph with `ab_glyph`, and blend the coverage
//! into the drawing area; SVG charts keep plotters' `<text>` elements.

use ab_glyph::{Font, OutlinedGlyph, PxScale, ScaleFont, point};
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{Color, RGBColor};

use super::ChartError;
use super::font::ChartFont;

/// Baseline offset below the anchor row for each vertical anchor, in ems. The ideographic
/// em box spans 0.88 em above to 0.12 em below the baseline.
pub fn baseline_offset(v: VPos) -> f64 {
    match v {
        VPos::Top => 0.88,
        VPos::Center => 0.38,
        VPos::Bottom => -0.12,
    }
}

/// Lays out `text` on a baseline at y = 0 starting at x = 0 and returns the outlined glyphs.
fn layout(font: &ChartFont, text: &str, size: f64) -> Vec<OutlinedGlyph> {
    let face = font.face();
    let scaled = face.as_scaled(PxScale::from(size as f32));
    let mut x = 0.0f32;
    let mut prev = None;
    let mut out = Vec::new();
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = prev {
            x += scaled.kern(p, id);
        }
        let glyph = id.with_scale_and_position(PxScale::from(size as f32), point(x, 0.0));
        out.extend(face.outline_glyph(glyph));
        x += scaled.h_advance(id);
        prev = Some(id);
    }
    out
}

/// How a text is drawn.
#[derive(Clone, Copy)]
pub struct TextSpec {
    /// plotters font size (ascent-to-descent height in px).
    pub size: f64,
    /// Colour.
    pub color: RGBColor,
    /// Anchor of `pos` relative to the text.
    pub anchor: (HPos, VPos),
    /// Rotate by 270° (reading bottom to top).
    pub up: bool,
}

/// Draws `text` anchored at `pos`.
pub fn draw_text<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    font: &ChartFont,
    text: &str,
    pos: (i32, i32),
    spec: TextSpec,
) -> Result<(), ChartError> {
    let TextSpec {
        size,
        color,
        anchor: (h, v),
        up,
    } = spec;
    let width = font.text_width(text, size);
    let dx = match h {
        HPos::Left => 0.0,
        HPos::Center => -width / 2.0,
        HPos::Right => -width,
    };
    let dy = baseline_offset(v) * font.em_px(size);
    for glyph in layout(font, text, size) {
        let b = glyph.px_bounds();
        let mut result = Ok(());
        glyph.draw(|gx, gy, cov| {
            if cov <= 0.0 || result.is_err() {
                return;
            }
            // Position relative to the anchor in the unrotated text frame.
            let tx = f64::from(b.min.x) + f64::from(gx) + dx;
            let ty = f64::from(b.min.y) + f64::from(gy) + dy;
            let (px, py) = if up { (ty, -tx) } else { (tx, ty) };
            let at = (pos.0 + px.round() as i32, pos.1 + py.round() as i32);
            let c = color.mix(f64::from(cov.min(1.0)));
            result = area
                .draw_pixel(at, &c)
                .map_err(|e| ChartError::Draw(e.to_string()));
        });
        result?;
    }
    Ok(())
}
