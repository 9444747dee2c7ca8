//! Colour maps: the fills of stacked layers (the palette, then paler tints of it) and colour
//! mixing.

use plotters::style::RGBColor;

use super::style::PALETTE;

/// Fill colours of stacked areas: the Okabe–Ito palette with grey (#999999) in place of black,
/// which would swamp a filled area, ordered so that neighbouring layers contrast.
pub const AREA_PALETTE: [RGBColor; 8] = [
    PALETTE[0],
    PALETTE[1],
    PALETTE[2],
    PALETTE[3],
    PALETTE[4],
    PALETTE[5],
    RGBColor(0x99, 0x99, 0x99),
    PALETTE[7],
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
