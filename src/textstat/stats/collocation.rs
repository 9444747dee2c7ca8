//! Association between a node word x and a collocate y: logDice
//! (Rychlý 2008) and pointwise mutual information (Church & Hanks 1990).
//!
//! The counts, for window-based co-occurrence in this project's reports:
//!
//! * `f_xy`: co-occurrences — the number of times y occurs within the
//!   window (e.g. ±5 content tokens, inside one sentence) around an
//!   occurrence of x;
//! * `f_x`, `f_y`: the corpus frequencies of x and of y (content tokens);
//! * `n`: the size of the corpus in content tokens.
//!
//! All four must come from the same set of reports.

/// True when every count is finite and non-negative.
fn counts_ok(counts: &[f64]) -> bool {
    counts.iter().all(|x| x.is_finite() && *x >= 0.0)
}

/// logDice (Rychlý 2008): `14 + log2(2·f_xy / (f_x + f_y))`.
///
/// Depends only on the three frequencies, not on the corpus size, so it is
/// comparable across groups of reports of different sizes. The maximum is
/// 14 when x and y only ever occur together (`f_xy = f_x = f_y`); each unit
/// less halves the Dice coefficient. With window counting `f_xy` can exceed
/// `min(f_x, f_y)` (two y's in one window) and the value can exceed 14.
///
/// `None` when `f_xy = 0` (log 0), `f_x + f_y = 0`, or a count is negative
/// or non-finite.
pub fn log_dice(f_xy: f64, f_x: f64, f_y: f64) -> Option<f64> {
    if !counts_ok(&[f_xy, f_x, f_y]) || f_xy == 0.0 || f_x + f_y == 0.0 {
        return None;
    }
    Some(14.0 + (2.0 * f_xy / (f_x + f_y)).log2())
}

/// Pointwise mutual information (Church & Hanks 1990):
/// `log2(f_xy · n / (f_x · f_y))`, i.e. `log2(P(x,y) / (P(x) P(y)))` with
/// probabilities estimated as counts over `n`.
///
/// No window-size correction is applied: with a window of span `w` the
/// value expected under independence is about `log2(w)`, not 0, so compare
/// PMI values only between collocates counted with the same window. PMI
/// favours rare pairs; require a minimum `f_xy` (e.g. 3 or 5) before
/// ranking by it.
///
/// `None` when `f_xy`, `f_x`, `f_y` or `n` is zero, or a count is negative
/// or non-finite.
pub fn pmi(f_xy: f64, f_x: f64, f_y: f64, n: f64) -> Option<f64> {
    if !counts_ok(&[f_xy, f_x, f_y, n]) || f_xy == 0.0 || f_x == 0.0 || f_y == 0.0 || n == 0.0 {
        return None;
    }
    Some((f_xy * n / (f_x * f_y)).log2())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_dice_by_hand() {
        // f_xy = 8, f_x = 20, f_y = 12: 2·8/(20+12) = 16/32 = 1/2,
        // log2(1/2) = −1, so logDice = 14 − 1 = 13.
        assert_eq!(log_dice(8.0, 20.0, 12.0), Some(13.0));
        // 2·3/(40+24) = 6/64 → 14 + log2(0.09375).
        let want = 14.0 + (6.0f64 / 64.0).log2();
        let got = log_dice(3.0, 40.0, 24.0).unwrap_or(f64::NAN);
        assert!((got - want).abs() < 1e-12);
        assert!((got - 10.584962500721156).abs() < 1e-12); // 14 + log2(3/32), Python math.log2
        // Always together: the maximum, 14.
        assert_eq!(log_dice(5.0, 5.0, 5.0), Some(14.0));
        assert_eq!(log_dice(0.0, 5.0, 5.0), None);
        assert_eq!(log_dice(1.0, 0.0, 0.0), None);
        assert_eq!(log_dice(-1.0, 5.0, 5.0), None);
    }

    #[test]
    fn pmi_by_hand() {
        // f_xy = 8, f_x = 20, f_y = 12, n = 1920:
        // 8·1920/(20·12) = 15360/240 = 64, log2 64 = 6.
        assert_eq!(pmi(8.0, 20.0, 12.0, 1920.0), Some(6.0));
        // Independence: f_xy = f_x·f_y/n = 20·12/1920 = 0.125 → PMI 0.
        assert_eq!(pmi(0.125, 20.0, 12.0, 1920.0), Some(0.0));
        // Below expectation: negative.
        let want = (1.0f64 * 1000.0 / (100.0 * 50.0)).log2(); // log2 0.2
        let got = pmi(1.0, 100.0, 50.0, 1000.0).unwrap_or(f64::NAN);
        assert!((got - want).abs() < 1e-12 && got < 0.0);
        assert_eq!(pmi(0.0, 20.0, 12.0, 1920.0), None);
        assert_eq!(pmi(1.0, 0.0, 12.0, 1920.0), None);
        assert_eq!(pmi(1.0, 20.0, 12.0, 0.0), None);
        assert_eq!(pmi(f64::NAN, 20.0, 12.0, 1920.0), None);
    }
}
