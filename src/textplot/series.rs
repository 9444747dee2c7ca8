//! A line over years ([`LineSeries`]): its points broken into runs at missing years, its
//! confidence band, and the value-axis room it needs. Drawn by the line chart and by every
//! panel of the small multiples.

use super::style::clean;

/// Legend suffix for a term's first appearance: `label (首次出现 2017)`.
pub const FIRST_SEEN: &str = "首次出现";

/// One line over years: of a [`super::LineChart`] or a panel of [`super::SmallMultiples`].
#[derive(Clone, Debug, Default)]
pub struct LineSeries {
    /// Legend label.
    pub label: String,
    /// Data points; only years that have data. A year absent here is a gap: the line
    /// breaks there and nothing (no zero) is drawn. Non-finite values count as absent.
    pub points: Vec<(i32, f64)>,
    /// First year the term appears: drawn as a ring and named in the legend.
    pub first_x: Option<i32>,
    /// Confidence interval per year, `(year, low, high)`: drawn as a light band in the
    /// series' colour behind the lines over each run of consecutive years that have a point,
    /// and as a whisker at a year without neighbours. A gap is never bridged; entries for
    /// years without a point, or with non-finite bounds, are ignored.
    pub band: Vec<(i32, f64, f64)>,
    /// The years with documents for this series when they are not the chart's (a region's
    /// own report years): a panel of [`super::SmallMultiples`] made from this series marks
    /// these on its axis and bands the others, so a year without the region's report never
    /// reads as a zero. `None`: the chart's years.
    pub years: Option<Vec<i32>>,
}

impl LineSeries {
    /// Legend text: the label, plus `(首次出现 YEAR)` when `first_x` is set.
    pub fn legend_label(&self) -> String {
        match self.first_x {
            Some(year) => format!("{} ({FIRST_SEEN} {year})", clean(&self.label)),
            None => clean(&self.label),
        }
    }

    /// Finite points inside `range`, sorted by year, one per year (the last one given wins).
    pub fn clean_points(&self, range: (i32, i32)) -> Vec<(i32, f64)> {
        let mut pts: Vec<(i32, f64)> = self
            .points
            .iter()
            .copied()
            .filter(|(x, v)| v.is_finite() && *x >= range.0 && *x <= range.1)
            .collect();
        pts.sort_by_key(|p| p.0);
        pts.reverse();
        pts.dedup_by_key(|p| p.0);
        pts.reverse();
        pts
    }

    /// The usable band entries: finite, `low <= high`, in `range`, at a year that has a
    /// point; sorted by year, one per year.
    pub fn clean_band(&self, range: (i32, i32)) -> Vec<(i32, f64, f64)> {
        let years: Vec<i32> = self.clean_points(range).iter().map(|p| p.0).collect();
        let mut band: Vec<(i32, f64, f64)> = self
            .band
            .iter()
            .copied()
            .filter(|(x, lo, hi)| {
                lo.is_finite() && hi.is_finite() && lo <= hi && years.binary_search(x).is_ok()
            })
            .collect();
        band.sort_by_key(|b| b.0);
        band.dedup_by_key(|b| b.0);
        band
    }

    /// Runs of band entries in adjacent years: each run is one band polygon (or, alone, a
    /// whisker).
    pub fn band_runs(&self, range: (i32, i32)) -> Vec<Vec<(i32, f64, f64)>> {
        let mut runs: Vec<Vec<(i32, f64, f64)>> = Vec::new();
        for b in self.clean_band(range) {
            match runs.last_mut() {
                Some(run) if run.last().is_some_and(|q| q.0 + 1 == b.0) => run.push(b),
                _ => runs.push(vec![b]),
            }
        }
        runs
    }

    /// Runs of points in adjacent years (y, y+1, …): each run is one unbroken line.
    pub fn runs(&self, range: (i32, i32)) -> Vec<Vec<(i32, f64)>> {
        let mut runs: Vec<Vec<(i32, f64)>> = Vec::new();
        for p in self.clean_points(range) {
            match runs.last_mut() {
                Some(run) if run.last().is_some_and(|q| q.0 + 1 == p.0) => run.push(p),
                _ => runs.push(vec![p]),
            }
        }
        runs
    }
}

/// Legend text of the triangle at the top of a cut band or whisker.
pub const CUT_KEY: &str = "区间超出纵轴";

/// Whether a band of `series` over `range` goes above `top`, the top of the value axis (it
/// is cut there and marked, see [`cut_entry`]).
pub fn any_cut<'a>(
    series: impl IntoIterator<Item = &'a LineSeries>,
    range: (i32, i32),
    top: f64,
) -> bool {
    (series.into_iter()).any(|s| s.clean_band(range).iter().any(|b| b.2 > top))
}

/// The legend entry of the cut mark: a grey triangle pointing up.
pub fn cut_entry() -> super::legend::Entry {
    super::legend::Entry {
        swatch: super::legend::Swatch::Marker(super::style::SeriesStyle {
            color: super::style::AXIS,
            marker: super::style::Marker::Triangle,
            dash: super::style::Dash::Solid,
        }),
        text: CUT_KEY.to_owned(),
    }
}

/// Bands raise the value axis to at most this multiple of the highest point; above it
/// they are cut at the top of the plot.
pub const BAND_HEADROOM: f64 = 1.5;

/// The highest value the value axis must show for `series` over `range`: the highest point,
/// or a band's top up to [`BAND_HEADROOM`] times that (a report of a few hundred tokens has an
/// interval so wide that it would flatten every line; such bands are cut at the top of the
/// plot, their bounds are in the tables).
pub fn value_max<'a>(series: impl IntoIterator<Item = &'a LineSeries>, range: (i32, i32)) -> f64 {
    let (mut points, mut bands) = (0.0f64, 0.0f64);
    for s in series {
        points = s
            .clean_points(range)
            .iter()
            .map(|p| p.1)
            .fold(points, f64::max);
        bands = s
            .clean_band(range)
            .iter()
            .map(|b| b.2)
            .fold(bands, f64::max);
    }
    points.max(bands.min(points * BAND_HEADROOM))
}
