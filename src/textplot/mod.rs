//! Trend and comparison charts with Chinese text, as PNG and SVG, on machines without CJK fonts.
//!
//! Two chart kinds: [`LineChart`] (terms over years, broken at missing years, first
//! appearance marked) and [`BarChart`] (grouped horizontal bars, e.g. 31 provinces).
//! Each renders to PNG bytes (`*_png`) or an SVG document (`*_svg`).
//!
//! # Fonts
//!
//! Chart text is drawn with a [`ChartFont`]: by default the embedded Noto Sans SC Regular
//! subset (`assets/fonts/`, SIL OFL 1.1: GB2312, the punctuation blocks and every character of
//! the reference corpora), or any TTF/OTF given with `--font FILE` ([`ChartFont::from_file`]).
//! Nothing depends on fonts installed on the machine.
//!
//! - **PNG**: plotters' bitmap backend draws the shapes; text is rasterised with `ab_glyph`
//!   from the chart font by `raster.rs`, glyph by glyph with correct side bearings (plotters'
//!   own `ab_glyph` text drawing drops the left bearing and so misplaces full-width
//!   punctuation such as （ ） 、 ·). Every `ChartFont` is also registered with plotters under
//!   a unique family name via `plotters::style::register_font` ([`ChartFont::family`]), so
//!   plotters' own text elements work with it too. plotters' font-kit backend is not used:
//!   it needs fontconfig and draws Chinese as boxes.
//! - **SVG**: text stays real `<text>` elements (searchable, copyable). A `<style>` block holds
//!   an `@font-face` whose source is a base64 data URL of a subset of the chart font with only
//!   the characters this chart draws (tens of KB), and every `<text>` has the font-family list
//!   `<that face>, Noto Sans SC, Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif`.
//!   Font sizes are rewritten so the SVG em matches the PNG (`ab_glyph` sizes are
//!   ascent-to-descent heights, CSS sizes are ems). Fonts that cannot be subset (CFF
//!   outlines, collections, restricted `fsType`) are not embedded: see
//!   [`ChartFont::can_embed_in_svg`].
//!
//! Use [`ChartFont::missing_chars`] with [`LineChart::texts`] / [`BarChart::texts`] to check
//! coverage before drawing; missing characters are drawn as the font's `.notdef` box.
//!
//! # Layout
//!
//! Sizes are designed for 1600×900 and scale with the image (see `style::Sizes`); titles and
//! notes too long for the width are drawn smaller rather than cut. Labels this module
//! generates use ASCII parentheses (e.g. `数字经济 (首次出现 2017)`). Control characters in
//! labels are drawn as spaces; all text is XML-escaped in SVGs. The line chart's legend sits
//! right of the plot and wraps into more columns when it is taller than the plot. The bar
//! chart keeps the requested width but grows the image height when the requested height
//! cannot give every category row enough room (see [`bar_chart_height`]); line charts are
//! always exactly the requested size.

mod bars;
mod canvas;
mod font;
mod legend;
mod lines;
mod raster;
mod render;
mod style;
mod svg;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_svg;

use std::path::PathBuf;

pub use bars::{BarChart, BarSeries, bar_chart_height};
pub use font::ChartFont;
pub use lines::{LineChart, LineSeries};
pub use render::{bar_chart_png, bar_chart_svg, line_chart_png, line_chart_svg};
pub use style::PALETTE;
pub use svg::FALLBACK_FAMILIES;

/// Errors of chart rendering and font loading.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// The font file could not be read.
    #[error("cannot read font file {path}: {source}")]
    FontRead {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not a TrueType/OpenType font.
    #[error("not a truetype/opentype font: {path}")]
    NotAFont {
        /// The file.
        path: PathBuf,
    },
    /// plotters rejected the font data.
    #[error("invalid font: {0}")]
    InvalidFont(String),
    /// The image is too small for the chart's text and plot area.
    #[error("image of {width}x{height} px is too small for this chart")]
    TooSmall {
        /// Requested width.
        width: u32,
        /// Requested height.
        height: u32,
    },
    /// The chart data cannot be drawn (e.g. negative values, mismatched lengths).
    #[error("invalid chart data: {0}")]
    InvalidData(String),
    /// A drawing operation failed.
    #[error("drawing failed: {0}")]
    Draw(String),
    /// PNG encoding failed.
    #[error("png encoding failed: {0}")]
    Png(String),
    /// Font subsetting for the SVG failed.
    #[error("font subsetting failed: {0}")]
    Subset(String),
}
