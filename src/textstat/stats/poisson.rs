//! Exact (Garwood) confidence intervals for a Poisson count, and for a rate
//! per 10 000 tokens derived from it: how uncertain a per-10k rate is when
//! the count behind it is small.

use statrs::distribution::{ChiSquared, ContinuousCDF};

/// The exact two-sided Poisson interval for an observed count `k` (Garwood
/// 1936), at coverage `level` (e.g. 0.95, α = 1 − level):
///
/// ```text
/// lower = χ²_{α/2}(2k) / 2         (0 when k = 0)
/// upper = χ²_{1−α/2}(2k + 2) / 2
/// ```
///
/// with `χ²_q(ν)` the q-quantile of the χ² distribution with ν degrees of
/// freedom (`statrs`' `ChiSquared::inverse_cdf`). It is conservative: the
/// coverage is at least `level` for every mean.
///
/// `None` for a level outside (0, 1).
pub fn poisson_interval(k: u64, level: f64) -> Option<(f64, f64)> {
    if !(level > 0.0 && level < 1.0) {
        return None;
    }
    let alpha = 1.0 - level;
    let k = k as f64;
    let quantile = |df: f64, q: f64| ChiSquared::new(df).ok().map(|c| c.inverse_cdf(q) / 2.0);
    let lower = if k == 0.0 {
        0.0
    } else {
        quantile(2.0 * k, alpha / 2.0)?
    };
    let upper = quantile(2.0 * k + 2.0, 1.0 - alpha / 2.0)?;
    Some((lower, upper))
}

/// The interval of the rate `k / total × per` (e.g. `per` = 10 000 for
/// "per 10k tokens"): [`poisson_interval`] of `k`, divided by `total` and
/// multiplied by `per`. The total is taken as fixed (it is the size of the
/// group's text, not a random count).
///
/// `None` for `total` = 0 or a level outside (0, 1).
pub fn rate_interval(k: u64, total: u64, per: f64, level: f64) -> Option<(f64, f64)> {
    if total == 0 {
        return None;
    }
    let (lo, hi) = poisson_interval(k, level)?;
    let scale = per / total as f64;
    Some((lo * scale, hi * scale))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(got: f64, want: f64) {
        let tol = 1e-9 * want.abs().max(1.0);
        assert!((got - want).abs() <= tol, "got {got:e}, want {want:e}");
    }

    #[test]
    fn garwood_intervals_against_scipy() {
        // Values from scipy 1.17.1: chi2.ppf(0.025, 2k)/2, chi2.ppf(0.975, 2k+2)/2.
        // k = 0: lower 0, upper −ln(0.025) = 3.6888794541139354.
        let (lo, hi) = poisson_interval(0, 0.95).unwrap_or_default();
        assert_eq!(lo, 0.0);
        close(hi, 3.6888794541139354);
        close(hi, -(0.025f64.ln()));
        // k = 3: chi2.ppf(0.025, 6) = 1.2373442457912027,
        // chi2.ppf(0.975, 8) = 17.534546139484647.
        let (lo, hi) = poisson_interval(3, 0.95).unwrap_or_default();
        close(lo, 0.6186721228956014);
        close(hi, 8.767273069742323);
        // k = 34 (社会主义 in the 1954 report): chi2.ppf(0.025, 68) =
        // 47.09197676914454, chi2.ppf(0.975, 70) = 95.02318419040617.
        let (lo, hi) = poisson_interval(34, 0.95).unwrap_or_default();
        close(lo, 23.54598838457227);
        close(hi, 47.511592095203085);
        let (lo, hi) = poisson_interval(5, 0.95).unwrap_or_default();
        close(lo, 1.6234863901184207);
        close(hi, 11.66833207932267);
        assert_eq!(poisson_interval(5, 1.0), None);
        assert_eq!(poisson_interval(5, 0.0), None);
    }

    #[test]
    fn rate_intervals_per_10k_tokens() {
        // 34 of 11 158 tokens: 30.4714 per 10k, 95 % interval
        // 23.5460/11158·1e4 = 21.1023 to 47.5116/11158·1e4 = 42.5807.
        let (lo, hi) = rate_interval(34, 11_158, 1e4, 0.95).unwrap_or_default();
        close(lo, 21.102337681100796);
        close(hi, 42.580742153793764);
        // 3 of 12 000 tokens: 2.5 per 10k, 0.5156 to 7.3061.
        let (lo, hi) = rate_interval(3, 12_000, 1e4, 0.95).unwrap_or_default();
        close(lo, 0.5155601024130012);
        close(hi, 7.306060891451936);
        // 0 of 12 000: 0 to 3.0741 per 10k.
        let (lo, hi) = rate_interval(0, 12_000, 1e4, 0.95).unwrap_or_default();
        assert_eq!(lo, 0.0);
        close(hi, 3.074066211761613);
        assert_eq!(rate_interval(3, 0, 1e4, 0.95), None);
    }
}
