//! Entry points: run a chart's drawing code on the bitmap backend (PNG) or SVG backend.

use plotters::coord::Shift;
use plotters::prelude::{BitMapBackend, DrawingArea, DrawingBackend, IntoDrawingArea, SVGBackend};
use plotters::style::WHITE;

use super::area::{self, StackedArea};
use super::bars::{self, BarChart};
use super::canvas::Canvas;
use super::diverging::{self, DivergingBars};
use super::font::ChartFont;
use super::lines::{self, LineChart};
use super::panels::{self, PanelBars};
use super::style::Sizes;
use super::{ChartError, svg};

/// Renders `chart` as an SVG document of `size` px (see the module docs for fonts).
///
/// # Errors
///
/// [`ChartError::TooSmall`] for images under 320×200 px (or over 16384 px) or too small for
/// the text, [`ChartError::InvalidData`] for data that cannot be drawn, and drawing,
/// encoding or subsetting failures.
pub fn line_chart_svg(
    chart: &LineChart,
    font: &ChartFont,
    size: (u32, u32),
) -> Result<String, ChartError> {
    svg_doc(font, size, Sizes::for_size(size), |c| {
        lines::draw(chart, c, size)
    })
}

/// Renders `chart` as PNG bytes of exactly `size` px.
///
/// # Errors
///
/// [`ChartError::TooSmall`] for images under 320×200 px (or over 16384 px) or too small for
/// the text, [`ChartError::InvalidData`] for data that cannot be drawn, and drawing,
/// encoding or subsetting failures.
pub fn line_chart_png(
    chart: &LineChart,
    font: &ChartFont,
    size: (u32, u32),
) -> Result<Vec<u8>, ChartError> {
    png_doc(font, size, Sizes::for_size(size), |c| {
        lines::draw(chart, c, size)
    })
}

/// Renders `chart` as an SVG document `size.0` px wide and [`bars::bar_chart_height`] px high.
///
/// # Errors
///
/// [`ChartError::TooSmall`] for images under 320×200 px (or over 16384 px) or too small for
/// the text, [`ChartError::InvalidData`] for data that cannot be drawn, and drawing,
/// encoding or subsetting failures.
pub fn bar_chart_svg(
    chart: &BarChart,
    font: &ChartFont,
    size: (u32, u32),
) -> Result<String, ChartError> {
    let grown = (size.0, bars::bar_chart_height(chart, size));
    svg_doc(font, grown, Sizes::for_size(size), |c| {
        bars::draw(chart, c, grown)
    })
}

/// Renders `chart` as PNG bytes, `size.0` px wide and [`bars::bar_chart_height`] high.
///
/// # Errors
///
/// [`ChartError::TooSmall`] for images under 320×200 px (or over 16384 px) or too small for
/// the text, [`ChartError::InvalidData`] for data that cannot be drawn, and drawing,
/// encoding or subsetting failures.
pub fn bar_chart_png(
    chart: &BarChart,
    font: &ChartFont,
    size: (u32, u32),
) -> Result<Vec<u8>, ChartError> {
    let grown = (size.0, bars::bar_chart_height(chart, size));
    png_doc(font, grown, Sizes::for_size(size), |c| {
        bars::draw(chart, c, grown)
    })
}

/// Renders `chart` as an SVG document `size.0` px wide and [`panels::panel_bars_height`] px
/// high.
///
/// # Errors
///
/// [`ChartError::TooSmall`] for images under 320×200 px (or over 16384 px) or too small for
/// the text, [`ChartError::InvalidData`] for no panels or a negative or non-finite value, and
/// drawing, encoding or subsetting failures.
pub fn panel_bars_svg(
    chart: &PanelBars,
    font: &ChartFont,
    size: (u32, u32),
) -> Result<String, ChartError> {
    let grown = (size.0, panels::panel_bars_height(chart, size));
    svg_doc(font, grown, Sizes::for_size(size), |c| {
        panels::draw(chart, c, size)
    })
}

/// Renders `chart` as PNG bytes, `size.0` px wide and [`panels::panel_bars_height`] px high.
///
/// # Errors
///
/// As [`panel_bars_svg`].
pub fn panel_bars_png(
    chart: &PanelBars,
    font: &ChartFont,
    size: (u32, u32),
) -> Result<Vec<u8>, ChartError> {
    let grown = (size.0, panels::panel_bars_height(chart, size));
    png_doc(font, grown, Sizes::for_size(size), |c| {
        panels::draw(chart, c, size)
    })
}

/// Renders `chart` as an SVG document `size.0` px wide and
/// [`diverging::diverging_bars_height`] px high.
///
/// # Errors
///
/// [`ChartError::TooSmall`] for images under 320×200 px (or over 16384 px) or too small for
/// the text, [`ChartError::InvalidData`] when both sides are empty or for a negative or
/// non-finite value, and drawing, encoding or subsetting failures.
pub fn diverging_bars_svg(
    chart: &DivergingBars,
    font: &ChartFont,
    size: (u32, u32),
) -> Result<String, ChartError> {
    let grown = (size.0, diverging::diverging_bars_height(chart, size));
    svg_doc(font, grown, Sizes::for_size(size), |c| {
        diverging::draw(chart, c, grown)
    })
}

/// Renders `chart` as PNG bytes, `size.0` px wide and [`diverging::diverging_bars_height`] px
/// high.
///
/// # Errors
///
/// As [`diverging_bars_svg`].
pub fn diverging_bars_png(
    chart: &DivergingBars,
    font: &ChartFont,
    size: (u32, u32),
) -> Result<Vec<u8>, ChartError> {
    let grown = (size.0, diverging::diverging_bars_height(chart, size));
    png_doc(font, grown, Sizes::for_size(size), |c| {
        diverging::draw(chart, c, grown)
    })
}

/// Renders `chart` as an SVG document of exactly `size` px.
///
/// # Errors
///
/// [`ChartError::TooSmall`] for images under 320×200 px (or over 16384 px) or too small for
/// the text, [`ChartError::InvalidData`] for a negative or non-finite value, two points of a
/// series in one year or no point in `x_range`, and drawing, encoding or subsetting failures.
pub fn stacked_area_svg(
    chart: &StackedArea,
    font: &ChartFont,
    size: (u32, u32),
) -> Result<String, ChartError> {
    svg_doc(font, size, Sizes::for_size(size), |c| {
        area::draw(chart, c, size)
    })
}

/// Renders `chart` as PNG bytes of exactly `size` px.
///
/// # Errors
///
/// As [`stacked_area_svg`].
pub fn stacked_area_png(
    chart: &StackedArea,
    font: &ChartFont,
    size: (u32, u32),
) -> Result<Vec<u8>, ChartError> {
    png_doc(font, size, Sizes::for_size(size), |c| {
        area::draw(chart, c, size)
    })
}

fn check_size(size: (u32, u32)) -> Result<(), ChartError> {
    if size.0 < 320 || size.1 < 200 || size.0 > 16_384 || size.1 > 16_384 {
        return Err(ChartError::TooSmall {
            width: size.0,
            height: size.1,
        });
    }
    Ok(())
}

fn paint<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    font: &ChartFont,
    sizes: Sizes,
    raster: bool,
    draw: impl FnOnce(&Canvas<'_, DB>) -> Result<(), ChartError>,
) -> Result<(), ChartError> {
    area.fill(&WHITE)
        .map_err(|e| ChartError::Draw(e.to_string()))?;
    let canvas = Canvas {
        area,
        font,
        sizes,
        raster,
    };
    draw(&canvas)?;
    area.present().map_err(|e| ChartError::Draw(e.to_string()))
}

fn svg_doc(
    font: &ChartFont,
    size: (u32, u32),
    sizes: Sizes,
    draw: impl FnOnce(&Canvas<'_, SVGBackend<'_>>) -> Result<(), ChartError>,
) -> Result<String, ChartError> {
    check_size(size)?;
    let mut raw = String::new();
    {
        let area = SVGBackend::with_string(&mut raw, size).into_drawing_area();
        paint(&area, font, sizes, false, draw)?;
    }
    svg::finish(&raw, font)
}

fn png_doc(
    font: &ChartFont,
    size: (u32, u32),
    sizes: Sizes,
    draw: impl FnOnce(&Canvas<'_, BitMapBackend<'_>>) -> Result<(), ChartError>,
) -> Result<Vec<u8>, ChartError> {
    check_size(size)?;
    let mut rgb = vec![255u8; size.0 as usize * size.1 as usize * 3];
    {
        let area = BitMapBackend::with_buffer(&mut rgb, size).into_drawing_area();
        paint(&area, font, sizes, true, draw)?;
    }
    encode_png(&rgb, size)
}

/// Encodes an RGB8 buffer as PNG.
fn encode_png(rgb: &[u8], (w, h): (u32, u32)) -> Result<Vec<u8>, ChartError> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::Default);
        let mut writer = enc
            .write_header()
            .map_err(|e| ChartError::Png(e.to_string()))?;
        writer
            .write_image_data(rgb)
            .map_err(|e| ChartError::Png(e.to_string()))?;
        writer
            .finish()
            .map_err(|e| ChartError::Png(e.to_string()))?;
    }
    Ok(out)
}
