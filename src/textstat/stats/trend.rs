//! Trend tests on a yearly series of one term (e.g. occurrences per 10 000
//! tokens in each year's report): the Mann–Kendall test, Sen's slope and
//! Pettitt's change-point test.
//!
//! A series is a slice of `(year, value)` points. A year without a report
//! is simply absent, never a zero: Mann–Kendall and Pettitt use only the
//! order of the points, Sen's slope uses the actual years as x, so a gap
//! counts as the number of years it spans. The slice may be in any order;
//! it is sorted by year. A year present twice, or a non-finite value, makes
//! the series invalid and every function returns `None`.

use statrs::distribution::{ContinuousCDF, Normal};

/// The points sorted by year; `None` if a value is not finite or a year
/// occurs twice.
fn sorted_series(points: &[(i32, f64)]) -> Option<Vec<(i32, f64)>> {
    if points.iter().any(|&(_, y)| !y.is_finite()) {
        return None;
    }
    let mut v = points.to_vec();
    v.sort_by_key(|&(year, _)| year);
    if v.windows(2).any(|w| w[0].0 == w[1].0) {
        return None;
    }
    Some(v)
}

/// `sgn(x − y)` as −1, 0 or +1, without computing the difference.
fn sgn(x: f64, y: f64) -> i64 {
    i64::from(x > y) - i64::from(x < y)
}

/// Sizes of the groups of equal values (only groups of two or more).
fn tie_groups(values: &[f64]) -> Vec<i64> {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let mut groups = Vec::new();
    let mut run = 1i64;
    for w in v.windows(2) {
        if w[0] == w[1] {
            run += 1;
        } else {
            if run > 1 {
                groups.push(run);
            }
            run = 1;
        }
    }
    if run > 1 {
        groups.push(run);
    }
    groups
}

/// Median of a non-empty slice of finite numbers (mean of the two middle
/// values for an even length).
fn median(values: &mut [f64]) -> Option<f64> {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(values[n / 2]),
        _ => Some((values[n / 2 - 1] + values[n / 2]) / 2.0),
    }
}

/// Result of the Mann–Kendall trend test.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MannKendall {
    /// Number of points.
    pub n: usize,
    /// `S = Σ_{i<j} sgn(y_j − y_i)` over the points in year order: positive
    /// for an upward trend.
    pub s: i64,
    /// Variance of S under "no trend", with the tie correction:
    /// `(n(n−1)(2n+5) − Σ_g t_g(t_g−1)(2t_g+5)) / 18`, `t_g` the size of
    /// the g-th group of equal values.
    pub var_s: f64,
    /// Normal score with continuity correction: `(S−1)/√Var(S)` if S > 0,
    /// 0 if S = 0, `(S+1)/√Var(S)` if S < 0 (0 when Var(S) = 0, i.e. all
    /// values equal).
    pub z: f64,
    /// Two-sided p-value `2·(1 − Φ(|z|))`, Φ the standard normal CDF.
    pub p_value: f64,
    /// Kendall's τ_a = S / (n(n−1)/2), as reported by pymannkendall.
    pub tau_a: f64,
    /// Kendall's τ_b = S / √(n₀(n₀ − n₂)), n₀ = n(n−1)/2,
    /// n₂ = Σ_g t_g(t_g−1)/2 (years have no ties); the value of
    /// `scipy.stats.kendalltau(years, values)`. 0 when all values are equal.
    pub tau_b: f64,
}

/// Mann–Kendall test (Mann 1945, Kendall 1975) for a monotonic trend in a
/// yearly series. See [`MannKendall`] for the formulas. Only the order of
/// the points matters, so gaps between years do not change the result.
///
/// `None` for fewer than 3 points, a repeated year or a non-finite value.
pub fn mann_kendall(points: &[(i32, f64)]) -> Option<MannKendall> {
    let series = sorted_series(points)?;
    let n = series.len();
    if n < 3 {
        return None;
    }
    let y: Vec<f64> = series.iter().map(|&(_, v)| v).collect();
    let mut s = 0i64;
    for i in 0..n {
        for j in i + 1..n {
            s += sgn(y[j], y[i]);
        }
    }
    let ni = n as i64;
    let ties = tie_groups(&y);
    let tie_term: i64 = ties.iter().map(|&t| t * (t - 1) * (2 * t + 5)).sum();
    let var_s = (ni * (ni - 1) * (2 * ni + 5) - tie_term) as f64 / 18.0;
    let z = if var_s <= 0.0 || s == 0 {
        0.0
    } else if s > 0 {
        (s - 1) as f64 / var_s.sqrt()
    } else {
        (s + 1) as f64 / var_s.sqrt()
    };
    let p_value = (2.0 * Normal::standard().sf(z.abs())).min(1.0);
    let n0 = (ni * (ni - 1) / 2) as f64;
    let n2 = ties.iter().map(|&t| t * (t - 1) / 2).sum::<i64>() as f64;
    let tau_b_den = (n0 * (n0 - n2)).sqrt();
    Some(MannKendall {
        n,
        s,
        var_s,
        z,
        p_value,
        tau_a: s as f64 / n0,
        tau_b: if tau_b_den > 0.0 {
            s as f64 / tau_b_den
        } else {
            0.0
        },
    })
}

/// Sen's slope (Sen 1968; the Theil–Sen estimator): the median of
/// `(y_j − y_i) / (x_j − x_i)` over all pairs i < j, with x the actual
/// years. A gap of two years between two reports counts as two years, so
/// the slope stays "change per year". Units: value units per year.
///
/// `None` for fewer than 2 points, a repeated year or a non-finite value.
pub fn sens_slope(points: &[(i32, f64)]) -> Option<f64> {
    let series = sorted_series(points)?;
    let n = series.len();
    if n < 2 {
        return None;
    }
    let mut slopes = Vec::with_capacity(n * (n - 1) / 2);
    for i in 0..n {
        for j in i + 1..n {
            let (xi, yi) = series[i];
            let (xj, yj) = series[j];
            let dx = (i64::from(xj) - i64::from(xi)) as f64;
            slopes.push((yj - yi) / dx);
        }
    }
    median(&mut slopes)
}

/// Confidence interval of Sen's slope (Sen 1968, eq. 2.6; Gilbert 1987,
/// §16.5), the rank interval scipy's `theilslopes` reports: with the `N`
/// pairwise slopes sorted ascending, `Var(S)` the Mann–Kendall variance with
/// the tie correction (see [`MannKendall::var_s`]) and
/// `C = z_{1−(1−level)/2} · √Var(S)`,
///
/// ```text
/// lower = slope number round((N − C)/2)        (1-based)
/// upper = slope number round((N + C)/2) + 1
/// ```
///
/// with ranks clamped to 1 … N and rounding half to even (as numpy does).
/// `level` is the coverage, e.g. 0.95. Units: those of [`sens_slope`].
///
/// `None` for fewer than 2 points, a repeated year, a non-finite value, or
/// a level outside (0, 1).
pub fn sens_slope_interval(points: &[(i32, f64)], level: f64) -> Option<(f64, f64)> {
    if !(level > 0.0 && level < 1.0) {
        return None;
    }
    let series = sorted_series(points)?;
    let n = series.len();
    if n < 2 {
        return None;
    }
    let mut slopes = Vec::with_capacity(n * (n - 1) / 2);
    for i in 0..n {
        for j in i + 1..n {
            let (xi, yi) = series[i];
            let (xj, yj) = series[j];
            slopes.push((yj - yi) / (i64::from(xj) - i64::from(xi)) as f64);
        }
    }
    slopes.sort_by(f64::total_cmp);
    let y: Vec<f64> = series.iter().map(|&(_, v)| v).collect();
    let ni = n as i64;
    let tie_term: i64 = tie_groups(&y)
        .iter()
        .map(|&t| t * (t - 1) * (2 * t + 5))
        .sum();
    let var_s = (ni * (ni - 1) * (2 * ni + 5) - tie_term) as f64 / 18.0;
    let z = Normal::standard().inverse_cdf(1.0 - (1.0 - level) / 2.0);
    let c = z * var_s.max(0.0).sqrt();
    let count = slopes.len() as f64;
    let last = slopes.len() - 1;
    // 0-based indices, as in scipy: Rl = round((N − C)/2) − 1, Ru = round((N + C)/2).
    let lo = ((count - c) / 2.0).round_ties_even() - 1.0;
    let hi = ((count + c) / 2.0).round_ties_even();
    let index = |r: f64| (r.max(0.0) as usize).min(last);
    Some((slopes[index(lo)], slopes[index(hi)]))
}

/// Result of Pettitt's change-point test.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChangePoint {
    /// Number of points.
    pub n: usize,
    /// Pettitt's statistic `K = max_t |U_t|`, t = 1 … n−1, with
    /// `U_t = Σ_{i≤t} Σ_{j>t} sgn(y_i − y_j)`.
    pub k: i64,
    /// `U_t` at the change point, with its sign: negative when the values
    /// after the change are larger (a rise), positive for a fall.
    pub u: i64,
    /// Number of points in the first segment (Pettitt's t, 1 … n−1).
    pub n_before: usize,
    /// The change point: the LAST year of the first segment (the year of
    /// point t). The new level starts at `first_year_after`.
    pub last_year_before: i32,
    /// The first year of the second segment (point t+1); with a gap in the
    /// series this is more than one year after `last_year_before`.
    pub first_year_after: i32,
    /// Approximate significance `min(1, 2·exp(−6K² / (n³ + n²)))`.
    pub p_value: f64,
    /// Mean of the values up to and including `last_year_before`.
    pub mean_before: f64,
    /// Mean of the values from `first_year_after` on.
    pub mean_after: f64,
}

/// Pettitt's (1979) test for a single change in level. The change point is
/// the t that maximises `|U_t|` (the first such t on a tie); see
/// [`ChangePoint`] for the statistic and the meaning of the years. When all
/// values are equal K = 0, p = 1 and the reported split (after the first
/// point) means nothing.
///
/// `None` for fewer than 3 points, a repeated year or a non-finite value.
pub fn change_point(points: &[(i32, f64)]) -> Option<ChangePoint> {
    let series = sorted_series(points)?;
    let n = series.len();
    if n < 3 {
        return None;
    }
    let y: Vec<f64> = series.iter().map(|&(_, v)| v).collect();
    // U_t = U_{t−1} + V_t with V_t = Σ_j sgn(y_t − y_j) over all j
    // (Pettitt 1979); the pairs inside the first segment cancel.
    let mut u_t = 0i64;
    let (mut best_t, mut best_u) = (0usize, 0i64);
    for t in 0..n - 1 {
        u_t += y.iter().map(|&yj| sgn(y[t], yj)).sum::<i64>();
        if t == 0 || u_t.abs() > best_u.abs() {
            best_t = t;
            best_u = u_t;
        }
    }
    let n_before = best_t + 1;
    let k = best_u.abs();
    let nf = n as f64;
    let kf = k as f64;
    let p_value = (2.0 * (-6.0 * kf * kf / (nf.powi(3) + nf.powi(2))).exp()).min(1.0);
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    Some(ChangePoint {
        n,
        k,
        u: best_u,
        n_before,
        last_year_before: series[best_t].0,
        first_year_after: series[n_before].0,
        p_value,
        mean_before: mean(&y[..n_before]),
        mean_after: mean(&y[n_before..]),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(got: f64, want: f64, tol: f64) {
        assert!((got - want).abs() <= tol, "got {got:e}, want {want:e}");
    }

    fn years(start: i32, values: &[f64]) -> Vec<(i32, f64)> {
        values
            .iter()
            .enumerate()
            .map(|(i, &v)| (start + i as i32, v))
            .collect()
    }

    // A longer series with gaps (no reports in 2008, 2012, 2015, 2019) and
    // ties (3.4 ×2, 4.4 ×3), used for the cross-checks.
    const LONG_YEARS: [i32; 12] = [
        2005, 2006, 2007, 2009, 2010, 2011, 2013, 2014, 2016, 2017, 2018, 2020,
    ];
    const LONG_VALUES: [f64; 12] = [3.1, 2.9, 3.4, 3.4, 4.0, 3.8, 4.4, 4.4, 4.4, 5.2, 4.9, 5.6];

    fn long() -> Vec<(i32, f64)> {
        LONG_YEARS.iter().copied().zip(LONG_VALUES).collect()
    }

    #[test]
    fn mann_kendall_by_hand() {
        // 2015–2019: 1, 3, 2, 3, 5 (one tie: 3 twice).
        // sgn(y_j − y_i) for i < j:
        //   from 1: +1 +1 +1 +1 = 4
        //   from 3: −1  0 +1    = 0
        //   from 2: +1 +1       = 2
        //   from 3: +1          = 1      → S = 7
        // Var(S) = (5·4·15 − 2·1·9)/18 = (300 − 18)/18 = 282/18 = 15.667
        // Z = (7 − 1)/√15.667 = 1.5159; p = 2(1 − Φ(1.5159)) = 0.1296
        // τ_a = 7/10; τ_b = 7/√(10·(10 − 1)) = 7/√90.
        let Some(r) = mann_kendall(&years(2015, &[1.0, 3.0, 2.0, 3.0, 5.0])) else {
            panic!("5 points")
        };
        assert_eq!((r.n, r.s), (5, 7));
        close(r.var_s, 282.0 / 18.0, 1e-12);
        close(r.z, 6.0 / (282.0f64 / 18.0).sqrt(), 1e-12);
        close(r.p_value, 0.1296, 1e-4); // normal table: Φ(1.52) ≈ 0.9352
        close(r.tau_a, 0.7, 1e-12);
        close(r.tau_b, 7.0 / 90.0f64.sqrt(), 1e-12);
        // pymannkendall 1.4.3 original_test([1,3,2,3,5]): s = 7,
        // var_s = 15.666666666666666, z = 1.5158734579197342,
        // p = 0.12955135290440878, Tau = 0.7;
        // scipy.stats.kendalltau(years, values): 0.7378647873726218.
        close(r.var_s, 15.666666666666666, 1e-12);
        close(r.z, 1.5158734579197342, 1e-12);
        // statrs' erfc agrees with scipy to ~1e-10 relative, hence the
        // looser tolerance on p (scipy 2·norm.sf(z) = 0.12955135290440883).
        close(r.p_value, 0.12955135290440878, 1e-10);
        close(r.tau_b, 0.7378647873726218, 1e-12);
    }

    #[test]
    fn mann_kendall_downward_and_flat() {
        // 5, 4, 3: S = −3, Var = 3·2·11/18 = 66/18, Z = (−3 + 1)/√(66/18).
        let Some(r) = mann_kendall(&years(2000, &[5.0, 4.0, 3.0])) else {
            panic!("3 points")
        };
        assert_eq!(r.s, -3);
        close(r.var_s, 66.0 / 18.0, 1e-12);
        close(r.z, -2.0 / (66.0f64 / 18.0).sqrt(), 1e-12);
        close(r.tau_a, -1.0, 1e-12);
        // All equal: one tie group of 4, Var = (4·3·13 − 4·3·13)/18 = 0.
        let Some(f) = mann_kendall(&years(2000, &[2.0; 4])) else {
            panic!("4 points")
        };
        assert_eq!(
            (f.s, f.var_s, f.z, f.p_value, f.tau_b),
            (0, 0.0, 0.0, 1.0, 0.0)
        );
    }

    #[test]
    fn mann_kendall_gaps_and_order() {
        // Only the order matters: the same values with a gap give the same
        // test, and the input order does not matter.
        let plain = mann_kendall(&years(2015, &[1.0, 3.0, 2.0, 3.0, 5.0]));
        let gap = [
            (2019, 5.0),
            (2015, 1.0),
            (2018, 3.0),
            (2016, 3.0),
            (2017, 2.0),
        ];
        assert_eq!(mann_kendall(&gap), plain);
        let gapped = [
            (2011, 1.0),
            (2013, 3.0),
            (2014, 2.0),
            (2017, 3.0),
            (2020, 5.0),
        ];
        assert_eq!(mann_kendall(&gapped), plain);
    }

    #[test]
    fn mann_kendall_reference_series() {
        // pymannkendall 1.4.3 original_test(LONG_VALUES): s = 56,
        // var_s = 208, z = 3.8135638490484505, p = 0.0001369771163386435,
        // Tau = 0.8484848484848485; scipy kendalltau: 0.8754275592730113.
        // By hand: ties 3.4×2 and 4.4×3 → Var = (12·11·29 − 2·1·9 −
        // 3·2·11)/18 = (3828 − 18 − 66)/18 = 208.
        let Some(r) = mann_kendall(&long()) else {
            panic!("12 points")
        };
        assert_eq!(r.s, 56);
        close(r.var_s, 208.0, 1e-12);
        close(r.z, 55.0 / 208.0f64.sqrt(), 1e-12);
        close(r.z, 3.8135638490484505, 1e-12);
        let rel = r.p_value / 0.0001369771163386435 - 1.0;
        assert!(rel.abs() < 1e-9, "p = {:e}", r.p_value);
        close(r.tau_a, 56.0 / 66.0, 1e-12);
        close(r.tau_b, 0.8754275592730113, 1e-12);
    }

    #[test]
    fn mann_kendall_undefined() {
        assert_eq!(mann_kendall(&[]), None);
        assert_eq!(mann_kendall(&[(2020, 1.0), (2021, 2.0)]), None);
        assert_eq!(mann_kendall(&[(2020, 1.0), (2020, 2.0), (2021, 3.0)]), None);
        assert_eq!(
            mann_kendall(&[(2019, 1.0), (2020, f64::NAN), (2021, 3.0)]),
            None
        );
    }

    #[test]
    fn sens_slope_uses_actual_years() {
        // 2015, 2016, 2018, 2019 (no 2017 report): 10, 12, 15, 20.
        //   2015→2016: (12−10)/1 = 2      2016→2018: (15−12)/2 = 1.5
        //   2015→2018: (15−10)/3 = 5/3    2016→2019: (20−12)/3 = 8/3
        //   2015→2019: (20−10)/4 = 2.5    2018→2019: (20−15)/1 = 5
        // sorted 1.5, 1.667, 2, 2.5, 2.667, 5 → median (2 + 2.5)/2 = 2.25.
        let pts = [(2015, 10.0), (2016, 12.0), (2018, 15.0), (2019, 20.0)];
        close(sens_slope(&pts).unwrap_or(f64::NAN), 2.25, 1e-12);
        // scipy.stats.theilslopes([10,12,15,20], [2015,2016,2018,2019]): 2.25.
        // With positions 0,1,2,3 instead of years the slopes would be
        // 2, 2.5, 3.33, 3, 4, 5 → median (3 + 3.33)/2 = 3.17: wrong.
        let by_index = years(0, &[10.0, 12.0, 15.0, 20.0]);
        close(
            sens_slope(&by_index).unwrap_or(f64::NAN),
            (3.0 + 10.0 / 3.0) / 2.0,
            1e-12,
        );
    }

    #[test]
    fn sens_slope_odd_and_reference() {
        // 1, 3, 2, 3, 5 in consecutive years: the 10 slopes
        // 2, 1/2, 2/3, 1, −1, 0, 2/3, 1, 3/2, 2 sorted:
        // −1, 0, 1/2, 2/3, 2/3, 1, 1, 3/2, 2, 2 → median (2/3 + 1)/2 = 5/6.
        let r = sens_slope(&years(2015, &[1.0, 3.0, 2.0, 3.0, 5.0]));
        close(r.unwrap_or(f64::NAN), 5.0 / 6.0, 1e-12); // pymannkendall: 0.8333333333333333
        // scipy.stats.theilslopes(LONG_VALUES, LONG_YEARS): 0.1666666666666667.
        close(
            sens_slope(&long()).unwrap_or(f64::NAN),
            0.1666666666666667,
            1e-12,
        );
        // Two points: the one slope; fewer: None.
        close(
            sens_slope(&[(2010, 1.0), (2014, 3.0)]).unwrap_or(f64::NAN),
            0.5,
            1e-12,
        );
        assert_eq!(sens_slope(&[(2010, 1.0)]), None);
        assert_eq!(sens_slope(&[(2010, 1.0), (2010, 3.0)]), None);
    }

    #[test]
    fn sens_slope_interval_by_hand_and_against_scipy() {
        // 2010–2014, 2016–2019, 2021: 1, 3, 2, 3, 5, 4, 6, 8, 7, 9.
        // N = 45 slopes; one tie (3 twice): Var(S) = (10·9·25 − 2·1·9)/18 = 124;
        // C = 1.959964·√124 = 21.8252; (N − C)/2 = 11.587 → rank 12;
        // (N + C)/2 = 33.41 → 33, + 1 = rank 34. Sorted slopes 1…45 have
        // 1/2 at ranks 10–15 and 1 at ranks 33–39: [0.5, 1], around the
        // median 5/7. scipy.stats.theilslopes(y, x, 0.95): low 0.5, high 1.0.
        let x = [2010, 2011, 2012, 2013, 2014, 2016, 2017, 2018, 2019, 2021];
        let y = [1.0, 3.0, 2.0, 3.0, 5.0, 4.0, 6.0, 8.0, 7.0, 9.0];
        let pts: Vec<(i32, f64)> = x.into_iter().zip(y).collect();
        assert_eq!(sens_slope_interval(&pts, 0.95), Some((0.5, 1.0)));
        close(sens_slope(&pts).unwrap_or(f64::NAN), 5.0 / 7.0, 1e-12);
        // The 4-point example of sens_slope_uses_actual_years: C = 1.96·√(4·3·13/18)
        // = 5.77, ranks round(0.115) = 0 → 1 and round(5.885) + 1 = 7 → 6:
        // every slope, [1.5, 5] (scipy: low 1.5, high 5.0).
        let four = [(2015, 10.0), (2016, 12.0), (2018, 15.0), (2019, 20.0)];
        assert_eq!(sens_slope_interval(&four, 0.95), Some((1.5, 5.0)));
        // scipy.stats.theilslopes(LONG_VALUES, LONG_YEARS, 0.95):
        // low 0.13333333333333316, high 0.19999999999999998; at 0.90:
        // low 0.1363636363636364, high 0.19999999999999996.
        let (lo, hi) = sens_slope_interval(&long(), 0.95).unwrap_or_default();
        close(lo, 0.13333333333333316, 1e-12);
        close(hi, 0.19999999999999998, 1e-12);
        let (lo, hi) = sens_slope_interval(&long(), 0.90).unwrap_or_default();
        close(lo, 0.1363636363636364, 1e-12);
        close(hi, 0.19999999999999996, 1e-12);
        assert_eq!(sens_slope_interval(&[(2010, 1.0)], 0.95), None);
        assert_eq!(sens_slope_interval(&four, 1.0), None);
        // All equal: Var(S) = 0, the interval is the slope itself.
        let flat = years(2000, &[2.0, 2.0, 2.0, 2.0]);
        assert_eq!(sens_slope_interval(&flat, 0.95), Some((0.0, 0.0)));
    }

    #[test]
    fn pettitt_by_hand() {
        // 2010–2015: 1, 2, 1, 5, 6, 5.
        // V_t = Σ_j sgn(y_t − y_j): V = −4, −1, −4, 2, 5, 2.
        // U_t = running sum: U1 = −4, U2 = −5, U3 = −9, U4 = −7, U5 = −2.
        // Check U3 directly: each of 1, 2, 1 is below each of 5, 6, 5 → −9.
        // K = 9 at t = 3: first segment 2010–2012, second 2013–2015.
        // p = 2·exp(−6·81/(216 + 36)) = 2·exp(−486/252) = 0.2907.
        let Some(c) = change_point(&years(2010, &[1.0, 2.0, 1.0, 5.0, 6.0, 5.0])) else {
            panic!("6 points")
        };
        assert_eq!((c.n, c.k, c.u, c.n_before), (6, 9, -9, 3));
        assert_eq!((c.last_year_before, c.first_year_after), (2012, 2013));
        close(c.p_value, 2.0 * (-486.0f64 / 252.0).exp(), 1e-12);
        close(c.mean_before, 4.0 / 3.0, 1e-12);
        close(c.mean_after, 16.0 / 3.0, 1e-12);
        // pyhomogeneity 1.1 pettitt_test(x, sim=None): U = 9, cp = 3 (1-based
        // position of the last point before the change), p = 0.2907114024676932,
        // mu1 = 1.3333333333333333, mu2 = 5.333333333333333.
        close(c.p_value, 0.2907114024676932, 1e-12);
    }

    #[test]
    fn pettitt_reference_series_with_gaps() {
        // pyhomogeneity 1.1 pettitt_test(LONG_VALUES, sim=None): U = 36,
        // cp = 6 (the 6th point, 2011), p = 0.03140780113025614,
        // mu1 = 3.4333333333333336, mu2 = 4.816666666666667.
        let Some(c) = change_point(&long()) else {
            panic!("12 points")
        };
        assert_eq!((c.k, c.u, c.n_before), (36, -36, 6));
        // No report in 2012: the change is between 2011 and 2013.
        assert_eq!((c.last_year_before, c.first_year_after), (2011, 2013));
        close(
            c.p_value,
            2.0 * (-6.0f64 * 36.0 * 36.0 / (1728.0 + 144.0)).exp(),
            1e-12,
        );
        close(c.p_value, 0.03140780113025614, 1e-12);
        close(
            c.mean_before,
            (3.1 + 2.9 + 3.4 + 3.4 + 4.0 + 3.8) / 6.0,
            1e-12,
        );
        close(
            c.mean_after,
            (4.4 + 4.4 + 4.4 + 5.2 + 4.9 + 5.6) / 6.0,
            1e-12,
        );
    }

    #[test]
    fn pettitt_fall_flat_and_undefined() {
        // A fall: 9, 8, 9, 2, 1 → U2 = Σ_{i≤2,j>2} sgn: (9 vs 9,2,1) 0+1+1,
        // (8 vs 9,2,1) −1+1+1 → 3; U3 = 3 rows × 2 = 6; K = 6 at t = 3.
        let Some(c) = change_point(&years(2000, &[9.0, 8.0, 9.0, 2.0, 1.0])) else {
            panic!("5 points")
        };
        assert_eq!((c.k, c.u, c.last_year_before), (6, 6, 2002));
        // Flat: K = 0, p capped at 1.
        let Some(f) = change_point(&years(2000, &[3.0; 5])) else {
            panic!("5 points")
        };
        assert_eq!((f.k, f.p_value), (0, 1.0));
        assert_eq!(change_point(&[(2000, 1.0), (2001, 2.0)]), None);
        assert_eq!(change_point(&[(2000, 1.0), (2000, 2.0), (2001, 3.0)]), None);
    }
}
