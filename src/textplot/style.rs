//! Chart look: the Okabe–Ito palette, per-series line/marker styles, font sizes and margins,
//! and the strings a chart draws ([`Texts`]).

use plotters::style::RGBColor;

/// Series colours: the Okabe–Ito colour-blind-safe palette without its yellow (unreadable as
/// text or thin lines on white) and black (the colour of the axes and their report-year
/// dots), then six darker colours from Paul Tol's palettes and black, so that up to 12 series
/// (bars, bump-chart labels) each get their own colour: blue, vermillion, bluish green,
/// reddish purple, orange, sky blue, wine, olive, indigo, brown, dark green, black.
pub const PALETTE: [RGBColor; 12] = [
    RGBColor(0x00, 0x72, 0xB2),
    RGBColor(0xD5, 0x5E, 0x00),
    RGBColor(0x00, 0x9E, 0x73),
    RGBColor(0xCC, 0x79, 0xA7),
    RGBColor(0xE6, 0x9F, 0x00),
    RGBColor(0x56, 0xB4, 0xE9),
    RGBColor(0x88, 0x22, 0x55),
    RGBColor(0x99, 0x99, 0x33),
    RGBColor(0x33, 0x22, 0x88),
    RGBColor(0x8C, 0x56, 0x4B),
    RGBColor(0x11, 0x77, 0x33),
    RGBColor(0x00, 0x00, 0x00),
];

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

/// How series number `index` is drawn: colours cycle through the 12 palette entries, and
/// each further round of 12 changes the dash pattern and marker shape.
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
    /// Series line width in layout px (at least 3, i.e. ≥ 2.5); drawn
    /// [`Sizes::stroke`] px wide.
    pub line: u32,
    /// Pixels per layout pixel ([`with_density`]); stroke widths are
    /// multiplied by it when drawn.
    pub density: f64,
    /// Marker radius in px.
    pub marker: i32,
    /// Outer margin in px.
    pub margin: i32,
}

thread_local! {
    /// Pixels per layout pixel of the chart being drawn on this thread
    /// (see [`with_density`]).
    static DENSITY: std::cell::Cell<f64> = const { std::cell::Cell::new(1.0) };
}

/// Run `f` with charts drawn at `density` pixels per layout pixel: a chart
/// of `size` px then has the layout of one of `size / density` px, every
/// length and letter `density` times as large (a PNG for print, `--png-scale`).
pub fn with_density<R>(density: f64, f: impl FnOnce() -> R) -> R {
    let before = DENSITY.with(|d| d.replace(density));
    let r = f();
    DENSITY.with(|d| d.set(before));
    r
}

impl Sizes {
    /// Sizes for a chart of `size` pixels (at the density set by
    /// [`with_density`], 1 unless set).
    pub fn for_size(size: (u32, u32)) -> Sizes {
        let density = DENSITY.with(std::cell::Cell::get);
        let layout = (f64::from(size.0) / density, f64::from(size.1) / density);
        let k = (layout.0 / 1600.0).min(layout.1 / 900.0).clamp(0.5, 3.0);
        let t = k.powf(0.6) * density;
        let line = ((3.0 * k).round() as u32).max(3);
        let k = k * density;
        Sizes {
            k,
            title: 46.0 * t,
            subtitle: 31.0 * t,
            axis_title: 30.0 * t,
            tick: 27.0 * t,
            legend: 29.0 * t,
            note: 24.0 * t,
            line,
            density,
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

    /// A stroke `width` layout px wide in pixels at this density (1 px lines
    /// and 2 px axes grow with `--png-scale` as everything else does).
    pub fn stroke(&self, width: u32) -> u32 {
        ((f64::from(width) * self.density).round() as u32).max(1)
    }

    /// `v` scaled by `k`, in whole pixels.
    pub fn px(&self, v: f64) -> i32 {
        (v * self.k).round() as i32
    }
}

/// Removes characters that cannot appear in SVG/XML or be drawn (control characters
/// other than tab/newline become spaces; newlines too, as labels are single-line).
pub fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The strings a chart may draw, each passed through [`clean`]; blank ones are left out. Every
/// chart kind's `texts()` is built with it, for glyph-coverage checks.
#[derive(Debug, Default)]
pub struct Texts(Vec<String>);

impl Texts {
    /// Starts with a chart's title block: title, optional subtitle and source note.
    pub fn chrome(title: &str, subtitle: Option<&str>, note: &str) -> Texts {
        let mut t = Texts::default();
        t.add(title);
        if let Some(sub) = subtitle {
            t.add(sub);
        }
        t.add(note);
        t
    }

    /// Adds one string.
    pub fn add(&mut self, text: &str) -> &mut Texts {
        self.0.push(clean(text));
        self
    }

    /// Adds every string of `texts`.
    pub fn extend<S: AsRef<str>>(&mut self, texts: impl IntoIterator<Item = S>) -> &mut Texts {
        self.0.extend(texts.into_iter().map(|t| clean(t.as_ref())));
        self
    }

    /// The strings, blank ones left out.
    pub fn done(mut self) -> Vec<String> {
        self.0.retain(|t| !t.trim().is_empty());
        self.0
    }
}
