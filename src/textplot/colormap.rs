//! Colour maps: the fills of stacked layers (the palette, then paler tints of it), colour
//! mixing, and the sequential colour scale of heatmaps with the text colour readable on it.

use plotters::style::RGBColor;

use super::style::PALETTE;

/// Fill colours of stacked areas: the Okabe–Ito palette with grey (#999999) in place of black,
/// which would swamp a filled area, and its yellow (fine as a fill), ordered so that
/// neighbouring layers contrast.
pub const AREA_PALETTE: [RGBColor; 8] = [
    PALETTE[0],
    PALETTE[1],
    PALETTE[2],
    PALETTE[3],
    PALETTE[4],
    PALETTE[5],
    RGBColor(0x99, 0x99, 0x99),
    RGBColor(0xF0, 0xE4, 0x42),
];

/// Fill of stacked layer `index` (0-based): [`AREA_PALETTE`] in order, then again in paler
/// tints (mixed with 45% and then 70% white) for the second and third round.
pub fn area_color(index: usize) -> RGBColor {
    let base = AREA_PALETTE[index % AREA_PALETTE.len()];
    let white = [0.0, 0.45, 0.7][(index / AREA_PALETTE.len()).min(2)];
    mix(base, RGBColor(0xFF, 0xFF, 0xFF), white)
}

/// `a` mixed with the fraction `t` (0–1) of `b`.
pub fn mix(a: RGBColor, b: RGBColor, t: f64) -> RGBColor {
    let ch = |x: u8, y: u8| (f64::from(x) * (1.0 - t) + f64::from(y) * t).round() as u8;
    RGBColor(ch(a.0, b.0), ch(a.1, b.1), ch(a.2, b.2))
}
/// A sequential colour scale for values from `lo` to `hi`: viridis (perceptually uniform,
/// readable in grey and with the common colour-vision deficiencies), from dark purple (`lo`)
/// over teal to yellow (`hi`). Values outside the range are clamped.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sequential {
    /// Value drawn in the first colour.
    pub lo: f64,
    /// Value drawn in the last colour.
    pub hi: f64,
}

/// Viridis at 0, 1/8, …, 1 (matplotlib's `viridis` sampled at those points).
const VIRIDIS: [RGBColor; 9] = [
    RGBColor(0x44, 0x01, 0x54),
    RGBColor(0x47, 0x2D, 0x7B),
    RGBColor(0x3B, 0x52, 0x8B),
    RGBColor(0x2C, 0x72, 0x8E),
    RGBColor(0x21, 0x91, 0x8C),
    RGBColor(0x28, 0xAE, 0x80),
    RGBColor(0x5E, 0xC9, 0x62),
    RGBColor(0xAD, 0xDC, 0x30),
    RGBColor(0xFD, 0xE7, 0x25),
];

impl Sequential {
    /// The colour of `v`.
    pub fn color(&self, v: f64) -> RGBColor {
        let span = self.hi - self.lo;
        let t = if span > 0.0 && v.is_finite() {
            ((v - self.lo) / span).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let x = t * (VIRIDIS.len() - 1) as f64;
        let i = (x.floor() as usize).min(VIRIDIS.len() - 2);
        mix(VIRIDIS[i], VIRIDIS[i + 1], x - i as f64)
    }
}

/// Text colour readable on `fill`: near-black on light fills, white on dark ones (relative
/// luminance, WCAG's formula, above or below 0.4).
pub fn text_on(fill: RGBColor) -> RGBColor {
    let lin = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * lin(fill.0) + 0.7152 * lin(fill.1) + 0.0722 * lin(fill.2);
    if l > 0.4 {
        super::style::TEXT
    } else {
        RGBColor(0xFF, 0xFF, 0xFF)
    }
}
