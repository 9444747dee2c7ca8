//! Trend and comparison charts with Chinese text, as PNG and SVG, on machines without CJK fonts.
//!
//! Nine chart kinds:
//!
//! - [`LineChart`]: terms over years, broken at missing years, first appearance marked.
//! - [`BarChart`]: grouped horizontal bars, e.g. 31 provinces.
//! - [`PanelBars`]: small multiples, a grid of horizontal bar panels, e.g. the top keywords
//!   of every year.
//! - [`DivergingBars`]: keyness of group A against group B, A's terms extending left of a
//!   central zero axis and B's right.
//! - [`StackedArea`]: shares (e.g. of themes) over years, stacked, broken at missing years.
//! - [`Heatmap`]: rows × years (or × documents) coloured on a sequential scale (viridis) with
//!   a colour bar; years without a report blank and keyed; values written in the cells when
//!   they all fit.
//! - [`BumpChart`]: the rank of the top terms in each year.
//! - [`DotPlot`]: one row per category, one dot per series on a value axis that may run below
//!   zero (e.g. lags behind the national first use, by region), with a reference line.
//! - [`SmallMultiples`]: one panel per series over the years, on shared axes: what a line
//!   chart of more than six series becomes.
//!
//! Each implements [`Chart`] and renders to an SVG document with [`chart_svg`] or to PNG bytes
//! with [`chart_png`]. The kinds share their pieces: `scale.rs` (value ticks and number
//! formats), `axes.rs` (year axis with gap bands, value axes, plot layout), `legend.rs`,
//! `colormap.rs` (fills and colour scales), `marks.rs` (markers, rings, dashed lines and the
//! drawing of [`LineSeries`]), `canvas.rs` (text, lines, shapes, the title block), so each kind
//! is a short file of its own.
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
//! Use [`ChartFont::missing_chars`] with the chart's [`Chart::texts`] to check coverage before
//! drawing; missing characters are drawn as the font's `.notdef` box.
//!
//! # Layout
//!
//! Sizes are designed for 1600×900 and scale with the image (see `style::Sizes`); titles and
//! notes too long for the width are drawn smaller rather than cut. Labels this module
//! generates use ASCII parentheses (e.g. `数字经济 (首次出现 2017)`). Control characters in
//! labels are drawn as spaces; all text is XML-escaped in SVGs. Colours are the Okabe–Ito
//! palette without yellow and black, then darker colours of Paul Tol's: 12 in all
//! ([`PALETTE`]).
//!
//! - **Line chart** and **stacked area**: exactly the requested size; the same year axis (a
//!   tick for every year of `x_range`, labels every 1/2/5/10… years as space allows, grey
//!   bands over the years not in `marked_x` keyed `无报告的年份`, dots on the marked ones keyed
//!   `有报告的年份`) and a legend right of the plot that wraps into more columns when it is
//!   taller than the plot.
//! - **Stacked area**: series stacked in order, the first at the bottom (the legend lists them
//!   top to bottom, as stacked), each a filled area with a thin darker top edge. A year in
//!   which no series has a point is a year without documents: the areas break there, each
//!   run of consecutive years is its own polygon and a single year between gaps is a bar 0.6
//!   year wide. In a year where some series have points, a series without one counts as 0.
//!   The value axis runs from 0 to the highest stack with no headroom, so shares summing to
//!   100 get an axis up to 100. Fills are the palette with grey instead of black, then paler
//!   tints of it for series 9–16 and 17 on.
//! - **Bar chart**: keeps the requested width but grows the image height when the requested
//!   height cannot give every category row enough room (see [`bar_chart_height`]).
//! - **Panel bars**: panels left to right, then top to bottom; at most 6 columns, as many as
//!   the labels and values leave at least ~140 px of bar each, but no more than needed for
//!   panels of at most 800 px to fit the height at 30 px per bar (at 1600×900 with 10 bars
//!   each: 2 panels 2×1, 4 panels 2×2, 6 panels 3×2). **Every panel has its own scale** (its
//!   longest bar spans the panel), because scores such as TF-IDF are not comparable across
//!   years; every bar's value is printed at its end (3 significant digits), there is no value
//!   axis, and the caption under the grid says so: `TF-IDF 得分 (各面板刻度独立)`. One colour
//!   (the first of the palette). A panel without bars shows `无数据`. The image grows in height
//!   when the rows cannot give each bar the label's line height (see [`panel_bars_height`]):
//!   at 1600×900, 16 panels of 10 bars grow it to 1244 px and 52 panels (one per year of the
//!   national corpus) to about 3.1k px (5 columns; 3.6k px in 4 columns when labels are 8
//!   characters long).
//! - **Diverging bars**: the zero axis is the image's centre line and the scale is symmetric
//!   (tick labels are magnitudes on both sides). Row *i* holds the *i*-th term of each side;
//!   each term is drawn at the outer end of its bar (left terms right-aligned left of their
//!   bar, right terms left-aligned right of theirs), so labels never cross the axis; labels wider than the room left
//!   beside a half-length bar are drawn smaller. The group labels head each half with a
//!   swatch of its colour (blue left, vermillion right). The image grows in height like the
//!   bar chart's (see [`diverging_bars_height`]; about 30 rows fit 1600×900).
//! - **Heatmap**: cells fill the plot; a column per year of the range (on the same year axis
//!   as the line chart, years without documents a grey band keyed `无报告的年份`) or per label
//!   (labels across when they fit, else upright, thinned when even that does not fit); rows
//!   labelled on the left (thinned likewise); the colour bar and keys on the right. The image
//!   grows in height (up to three times the request) when rows would be lower than 18 px
//!   ([`heatmap_height`]). Colours run from 0 to the top tick at or above `value_max` (default
//!   the largest value); cell values are written (dark or white, whichever reads on the fill)
//!   only when every value fits its cell.
//! - **Bump chart**: rank 1 on top; lines only between consecutive years (a year without a
//!   report, or one the term is not ranked in, breaks it); names left of the first year's
//!   ranks, right of the last year's, and small above each other run's first point.
//! - **Dot plot**: rows like the bar chart's (zebra, labels left, the image grows so a row
//!   holds its dots set apart: [`dot_plot_height`]); a value axis over the range of the values
//!   and the reference (ticks of 1, 2, 2.5 or 5 × 10ⁿ, below zero too); each series its colour
//!   and shape (circle, square, triangle, diamond); the reference a vertical rule.
//! - **Small multiples**: up to 8 columns, about 1.5 times as many columns as rows; every panel
//!   has the same year axis and value scale (value labels left of the first column, year labels
//!   under the lowest panel of each column, one axis title each); legend keys in a row under the
//!   title; the image grows so every plot is at least 120 px high
//!   ([`small_multiples_height`]).
//!
//! # Errors
//!
//! [`chart_svg`] and [`chart_png`] return [`ChartError::TooSmall`] for images under 320×200 px or too
//! small for the text. [`ChartError::InvalidData`] is returned, rather than an empty chart
//! drawn, for: a negative value in any chart; a non-finite value in the panel, diverging and
//! stacked-area charts (the line and bar charts skip non-finite values as missing); a bar
//! chart without categories or with a series of the wrong length; a panel chart without
//! panels; a diverging chart with both sides empty (one empty side is drawn); a stacked
//! area with two points of one series in the same year or no point in `x_range`.

mod area;
mod axes;
mod bars;
mod bump;
mod canvas;
mod colormap;
mod diverging;
mod dots;
mod font;
mod heatmap;
mod legend;
mod lines;
mod marks;
mod multiples;
mod panels;
mod raster;
mod render;
mod scale;
mod series;
mod style;
mod svg;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_kinds;
#[cfg(test)]
mod tests_more;
#[cfg(test)]
mod tests_snapshot;
#[cfg(test)]
mod tests_svg;
mod webfont;

use std::path::PathBuf;

pub use area::{AreaSeries, StackedArea};
pub use bars::{BarChart, BarSeries, bar_chart_height};
pub use bump::{BumpChart, BumpSeries};
pub use diverging::{DivergingBars, diverging_bars_height};
pub use dots::{DotPlot, DotSeries, dot_plot_height};
pub use font::ChartFont;
pub use heatmap::{HeatColumns, Heatmap, heatmap_height};
pub use lines::LineChart;
pub use multiples::{LinePanel, SmallMultiples, small_multiples_height};
pub use panels::{Panel, PanelBars, panel_bars_height};
pub use render::{Chart, Plot, chart_png, chart_png_scaled, chart_svg};
pub use series::LineSeries;
pub use style::PALETTE;
pub use svg::FALLBACK_FAMILIES;
pub use webfont::{PAGE_FAMILY, page_font_css};

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
