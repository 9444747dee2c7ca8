//! Value scales: round tick values with room above the data, their labels, and number
//! formats for tick labels, bar ends and heatmap cells.

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

/// Tick values from 0 to above `max` (see [`value_ticks`]), each with its label.
pub fn tick_labels(max: f64) -> Vec<(f64, String)> {
    labelled(value_ticks(max).1)
}

/// Tick labels for lines over years: with headroom (see [`value_ticks`]),
/// unless the largest value is itself a round top tick (a share of exactly
/// 100 %), which then ends the axis (0–100, not 0–120).
pub fn tick_labels_for_lines(max: f64) -> Vec<(f64, String)> {
    if max > 0.0 && value_ticks_tight(max).0 == max {
        tick_labels_tight(max)
    } else {
        tick_labels(max)
    }
}

/// Like [`tick_labels`], without headroom (see [`value_ticks_tight`]).
pub fn tick_labels_tight(max: f64) -> Vec<(f64, String)> {
    labelled(value_ticks_tight(max).1)
}

/// Ticks with labels formatted for their step.
fn labelled(ticks: Vec<f64>) -> Vec<(f64, String)> {
    let step = ticks.get(1).copied().unwrap_or(1.0);
    ticks
        .into_iter()
        .map(|v| (v, format_tick(v, step)))
        .collect()
}

/// An inclusive range with its ends in order.
pub fn ordered(range: (i32, i32)) -> (i32, i32) {
    (range.0.min(range.1), range.0.max(range.1))
}

/// Ticks covering `lo..=hi` (either may be negative), each with its label: a step of 1, 2,
/// 2.5 or 5 times a power of ten giving 4 to 10 intervals, the ends rounded outwards to it.
/// An empty span (`lo == hi`) is widened by 1 on each side.
pub fn span_ticks(lo: f64, hi: f64) -> Vec<(f64, String)> {
    let (lo, hi) = if lo.is_finite() && hi.is_finite() && lo < hi {
        (lo, hi)
    } else if lo.is_finite() {
        (lo - 1.0, lo + 1.0)
    } else {
        (0.0, 1.0)
    };
    let span = hi - lo;
    let pow = 10f64.powf((span / 10.0).log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0, 20.0]
        .map(|m| m * pow)
        .into_iter()
        .find(|s| ((hi / s).ceil() - (lo / s).floor()) <= 10.0)
        .unwrap_or(span);
    let (first, last) = ((lo / step).floor() as i64, (hi / step).ceil() as i64);
    (first..=last)
        .map(|i| i as f64 * step)
        .map(|v| (v, format_tick(v, step)))
        .collect()
}
