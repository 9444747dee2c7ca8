//! Chart look: the Okabe–Ito palette, per-series line/marker styles, font sizes, margins, ticks.

use plotters::style::RGBColor;

/// Okabe–Ito colour-blind-safe palette, ordered for contrast on white
/// (blue, vermillion, bluish green, reddish purple, orange, sky blue, black, yellow).
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(0x00, 0x72, 0xB2),
    RGBColor(0xD5, 0x5E, 0x00),
    RGBColor(0x00, 0x9E, 0x73),
    RGBColor(0xCC, 0x79, 0xA7),
    RGBColor(0xE6, 0x9F, 0x00),
    RGBColor(0x56, 0xB4, 0xE9),
    RGBColor(0x00, 0x00, 0x00),
    RGBColor(0xF0, 0xE4, 0x42),
];

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

/// Main text colour (titles, tick labels).
pub const TEXT: RGBColor = RGBColor(0x22, 0x22, 0x22);
/// Secondary text colour (subtitle, source note).
pub const MUTED: RGBColor = RGBColor(0x66, 0x66, 0x66);
/// Axis lines and ticks.
pub const AXIS: RGBColor = RGBColor(0x44, 0x44, 0x44);
/// Major grid lines.
pub const GRID: RGBColor = RGBColor(0xDD, 0xDD, 0xDD);
/// Background of every other category row in bar charts.
pub const ZEBRA: RGBColor = RGBColor(0xF7, 0xF7, 0xF7);
/// Background band of years without any document.
pub const GAP_BAND: RGBColor = RGBColor(0xF4, 0xF4, 0xF4);
/// Legend swatch for [`GAP_BAND`] (a touch darker so it shows on white).
pub const GAP_BAND_KEY: RGBColor = RGBColor(0xE6, 0xE6, 0xE6);

/// Line pattern of a series.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dash {
    /// Continuous line.
    Solid,
    /// Long dashes.
    Dashed,
    /// Short dashes.
    Dotted,
}

/// Marker shape of a series.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marker {
    /// Filled circle.
    Circle,
    /// Filled square.
    Square,
    /// Filled triangle.
    Triangle,
    /// Filled diamond.
    Diamond,
}

/// How series number `index` is drawn: colours cycle through the 8 palette entries, and
/// each further round of 8 changes the dash pattern and marker shape.
#[derive(Clone, Copy, Debug)]
pub struct SeriesStyle {
    /// Line, marker and bar colour.
    pub color: RGBColor,
    /// Line pattern.
    pub dash: Dash,
    /// Marker shape.
    pub marker: Marker,
}

impl SeriesStyle {
    /// Style of the `index`-th series (0-based).
    pub fn nth(index: usize) -> SeriesStyle {
        let round = index / PALETTE.len();
        let dash = [Dash::Solid, Dash::Dashed, Dash::Dotted][round % 3];
        let marker = [
            Marker::Circle,
            Marker::Square,
            Marker::Triangle,
            Marker::Diamond,
        ][round % 4];
        SeriesStyle {
            color: PALETTE[index % PALETTE.len()],
            dash,
            marker,
        }
    }
}

/// Font sizes (plotters/`ab_glyph` sizes: ascent-to-descent height in px) and line widths,
/// designed for a 1600×900 chart. Geometry scales with `k`, the smaller of the width and
/// height ratios to 1600×900 (clamped to 0.5–3); text scales with `k^0.6`, so small charts
/// keep readable text and large ones do not get huge text.
#[derive(Clone, Copy, Debug)]
pub struct Sizes {
    /// Scale factor relative to 1600×900.
    pub k: f64,
    /// Title.
    pub title: f64,
    /// Subtitle.
    pub subtitle: f64,
    /// Axis titles.
    pub axis_title: f64,
    /// Tick labels and category labels.
    pub tick: f64,
    /// Legend entries.
    pub legend: f64,
    /// Source note.
    pub note: f64,
    /// Series line width in px (at least 3, i.e. ≥ 2.5).
    pub line: u32,
    /// Marker radius in px.
    pub marker: i32,
    /// Outer margin in px.
    pub margin: i32,
}

impl Sizes {
    /// Sizes for a chart of `size` pixels.
    pub fn for_size(size: (u32, u32)) -> Sizes {
        let k = (f64::from(size.0) / 1600.0)
            .min(f64::from(size.1) / 900.0)
            .clamp(0.5, 3.0);
        let t = k.powf(0.6);
        Sizes {
            k,
            title: 46.0 * t,
            subtitle: 31.0 * t,
            axis_title: 30.0 * t,
            tick: 27.0 * t,
            legend: 29.0 * t,
            note: 24.0 * t,
            line: ((3.0 * k).round() as u32).max(3),
            marker: ((5.0 * k).round() as i32).max(3),
            margin: (24.0 * k).round() as i32,
        }
    }

    /// Vertical space in px taken by one line of text at font size `size`.
    pub fn line_h(&self, size: f64) -> i32 {
        (size * 0.78).ceil() as i32
    }

    /// Height of the title block drawn by `Canvas::header`, margin included.
    pub fn header_h(&self, has_subtitle: bool) -> i32 {
        let sub = if has_subtitle {
            self.line_h(self.subtitle) + self.px(12.0)
        } else {
            0
        };
        self.margin + self.line_h(self.title) + self.px(14.0) + sub + self.px(16.0)
    }

    /// Height of the source-note block drawn by `Canvas::footer`, margin included.
    pub fn footer_h(&self, has_note: bool) -> i32 {
        self.margin + if has_note { self.line_h(self.note) } else { 0 }
    }

    /// Height below the plot taken by the bottom axis: ticks, tick labels, axis title.
    pub fn bottom_axis_h(&self) -> i32 {
        self.px(16.0)
            + self.line_h(self.tick)
            + self.px(14.0)
            + self.line_h(self.axis_title)
            + self.px(18.0)
    }

    /// `v` scaled by `k`, in whole pixels.
    pub fn px(&self, v: f64) -> i32 {
        (v * self.k).round() as i32
    }
}

/// Upper end of the value axis and its tick values, starting at 0.
///
/// The step is 1, 2, 2.5 or 5 times a power of ten giving 4 to 8 intervals, the one whose
/// top tick is lowest while leaving at least 4% headroom above `max` (on a tie, the one
/// with more intervals).
pub fn value_ticks(max: f64) -> (f64, Vec<f64>) {
    let max = if max.is_finite() && max > 0.0 {
        max * 1.04
    } else {
        1.0
    };
    let pow = 10f64.powf((max / 8.0).log10().floor());
    let candidates = [1.0, 2.0, 2.5, 5.0, 10.0, 20.0].map(|m| m * pow);
    let (step, n) = candidates
        .iter()
        .map(|step| (*step, (max / step - 1e-9).ceil().max(1.0)))
        .filter(|(_, n)| (4.0..=8.0).contains(n))
        .min_by(|a, b| {
            (a.0 * a.1)
                .total_cmp(&(b.0 * b.1))
                .then(b.1.total_cmp(&a.1))
        })
        .unwrap_or((max, 1.0));
    let ticks: Vec<f64> = (0..=n as usize).map(|i| i as f64 * step).collect();
    (n * step, ticks)
}

/// Like [`value_ticks`] but without the headroom: the top tick may equal `max` (for filled
/// areas, e.g. shares summing to exactly 100 get an axis up to 100, not 120).
pub fn value_ticks_tight(max: f64) -> (f64, Vec<f64>) {
    value_ticks(max / 1.04)
}

/// Formats tick value `v` with as many decimals as `step` needs.
pub fn format_tick(v: f64, step: f64) -> String {
    let mut decimals = 0usize;
    let mut s = step.abs();
    while decimals < 6 && (s - s.round()).abs() > 1e-6 * step.abs().max(1.0) {
        s *= 10.0;
        decimals += 1;
    }
    format!("{v:.decimals$}")
}

/// Formats a data value for a bar-end label: up to 3 significant decimals, no trailing zeros.
pub fn format_value(v: f64) -> String {
    let decimals = if v.abs() >= 100.0 {
        0
    } else if v.abs() >= 10.0 {
        1
    } else {
        2
    };
    let s = format!("{v:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    }
}

/// Formats a data value with 3 significant digits (whole numbers from 100 up), no trailing
/// zeros: `0.01234` → `0.0123`, `12.34` → `12.3`, `1234.6` → `1235`. For values such as
/// TF-IDF scores, where [`format_value`]'s fixed 2 decimals would print `0.01` for all.
pub fn format_sig(v: f64) -> String {
    if v == 0.0 {
        return "0".to_owned();
    }
    if !v.is_finite() {
        return format!("{v}");
    }
    let magnitude = v.abs().log10().floor() as i32;
    let decimals = (2 - magnitude).clamp(0, 6) as usize;
    let s = format!("{v:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    }
}

/// Removes characters that cannot appear in SVG/XML or be drawn (control characters
/// other than tab/newline become spaces; newlines too, as labels are single-line).
pub fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}
