//! Keyness of one term between two groups of reports, from the 2×2 table
//! "this term / all other tokens" × "group A / group B": G² (full table and
//! Rayson & Garside's 2-cell form), Pearson χ² with and without Yates'
//! correction, their p-values, log ratio and %DIFF.
//!
//! All functions take the same four numbers:
//!
//! * `a`: occurrences of the term in group A (e.g. the reports of 2013–2017),
//! * `b`: occurrences of the term in group B,
//! * `c`: total content tokens of group A,
//! * `d`: total content tokens of group B,
//!
//! so that the table is
//!
//! ```text
//!              A        B        total
//! term         a        b        a + b
//! other      c - a    d - b      N - a - b
//! total        c        d        N = c + d
//! ```
//!
//! Valid input is finite with `0 ≤ a ≤ c` and `0 ≤ b ≤ d`. The functions
//! returning a bare `f64` give the "no evidence" value 0 for invalid input
//! and for degenerate tables (a zero row or column total); see each one.

use statrs::distribution::{ChiSquared, ContinuousCDF};

/// True when `(a, b, c, d)` is a possible table: finite, `0 ≤ a ≤ c`,
/// `0 ≤ b ≤ d`.
fn valid(a: f64, b: f64, c: f64, d: f64) -> bool {
    [a, b, c, d].iter().all(|x| x.is_finite()) && a >= 0.0 && b >= 0.0 && a <= c && b <= d
}

/// True when the table is valid and none of its four margins (row totals
/// `a + b`, `N − a − b`; column totals `c`, `d`) is zero.
fn informative(a: f64, b: f64, c: f64, d: f64) -> bool {
    valid(a, b, c, d) && c > 0.0 && d > 0.0 && a + b > 0.0 && (c - a) + (d - b) > 0.0
}

/// `O · ln(O / E)` with the convention `0 · ln 0 = 0`.
fn o_ln_o_e(o: f64, e: f64) -> f64 {
    if o == 0.0 { 0.0 } else { o * (o / e).ln() }
}

/// Log-likelihood ratio G² (Dunning 1993) over the full 2×2 table:
/// `G² = 2 Σ O·ln(O/E)` over the four cells (term and other tokens, in A
/// and in B), with `E = row total · column total / N` and `0·ln 0 = 0`.
///
/// Compare with a χ² distribution with 1 degree of freedom
/// ([`chi2_p_value`]); 3.84 is p = 0.05, 10.83 is p = 0.001. Symmetric:
/// swapping A and B (`a↔b`, `c↔d`) gives the bitwise same value.
///
/// Returns 0.0 (never negative, never NaN) when a margin is zero (an empty
/// group, a term absent from both groups, a term that is every token) or
/// the input is invalid (non-finite, negative, `a > c`, `b > d`).
pub fn log_likelihood(a: f64, b: f64, c: f64, d: f64) -> f64 {
    if !informative(a, b, c, d) {
        return 0.0;
    }
    let n = c + d;
    let (r1, r2) = (a + b, (c - a) + (d - b));
    // Summed row by row so that the A↔B swap only swaps commutative sums.
    let term_row = o_ln_o_e(a, r1 * c / n) + o_ln_o_e(b, r1 * d / n);
    let other_row = o_ln_o_e(c - a, r2 * c / n) + o_ln_o_e(d - b, r2 * d / n);
    (2.0 * (term_row + other_row)).max(0.0)
}

/// Log-likelihood in the 2-cell form of Rayson & Garside (2000), the one
/// reported by Wmatrix, the UCREL calculator and many corpus tools:
/// `LL = 2 (a·ln(a/E1) + b·ln(b/E2))` with `E1 = c(a+b)/N`,
/// `E2 = d(a+b)/N`, `0·ln 0 = 0`.
///
/// It leaves out the two "other tokens" cells of [`log_likelihood`], whose
/// contribution is never negative, so it is never larger than G² and only
/// slightly smaller for a rare term (5.822 against 5.854 for
/// `a = 10, b = 2, c = d = 1000`); the two agree as the term's share of the
/// corpus goes to zero. Symmetric under the A↔B swap. Returns 0.0 when
/// `c`, `d` or `a + b` is zero or the input is invalid.
pub fn log_likelihood_rayson(a: f64, b: f64, c: f64, d: f64) -> f64 {
    if !valid(a, b, c, d) || c == 0.0 || d == 0.0 || a + b == 0.0 {
        return 0.0;
    }
    let n = c + d;
    let e1 = c * (a + b) / n;
    let e2 = d * (a + b) / n;
    (2.0 * (o_ln_o_e(a, e1) + o_ln_o_e(b, e2))).max(0.0)
}

/// Pearson's χ² on the 2×2 table, in the closed form
/// `χ² = N (ad − bc)² / ((a+b)(N−a−b) c d)`; note that with the cells
/// `a, b, c−a, d−b` the cross-product difference `a(d−b) − b(c−a)` is
/// exactly `ad − bc`.
///
/// With `yates`, Yates' continuity correction in the form that cannot
/// overshoot: `χ² = N · max(0, |ad − bc| − N/2)² / ((a+b)(N−a−b) c d)`,
/// i.e. every `|O − E|` is reduced by 0.5 but not below zero (this is what
/// `scipy.stats.chi2_contingency(correction=True)` computes).
///
/// Symmetric under the A↔B swap. Returns 0.0 when a margin is zero or the
/// input is invalid.
pub fn chi_squared(a: f64, b: f64, c: f64, d: f64, yates: bool) -> f64 {
    if !informative(a, b, c, d) {
        return 0.0;
    }
    let n = c + d;
    let (r1, r2) = (a + b, (c - a) + (d - b));
    let mut diff = (a * d - b * c).abs();
    if yates {
        diff = (diff - n / 2.0).max(0.0);
    }
    n * diff * diff / (r1 * r2 * (c * d))
}

/// Upper-tail p-value `P(X ≥ stat)` of a χ² distribution with `df`
/// degrees of freedom (use `df = 1` for every 2×2 statistic of this
/// module), from `statrs`' `ChiSquared` survival function.
///
/// Returns 1.0 for `stat ≤ 0`, a NaN `stat` or `df = 0`, and 0.0 for an
/// infinite `stat`.
pub fn chi2_p_value(stat: f64, df: u32) -> f64 {
    if stat.is_nan() || stat <= 0.0 {
        return 1.0;
    }
    match ChiSquared::new(f64::from(df)) {
        Ok(dist) => dist.sf(stat).clamp(0.0, 1.0),
        Err(_) => 1.0,
    }
}

/// The small-count correction of [`log_ratio`]: a zero frequency counts as
/// 0.5.
fn half_if_zero(x: f64) -> f64 {
    if x == 0.0 { 0.5 } else { x }
}

/// Log ratio (Hardie 2014): the binary log of the ratio of the relative
/// frequencies, `log2((a/c) / (b/d))`. +1 means the term is twice as
/// frequent (per token) in A as in B, −1 twice as frequent in B.
///
/// Correction: a zero frequency is replaced by 0.5 (only the zero one, the
/// totals are unchanged), so the value is finite when the term is absent
/// from one group. It is computed as `log2(a/c) − log2(b/d)`, so swapping A
/// and B flips the sign exactly.
///
/// Returns 0.0 when the term is absent from both groups (`a = b = 0`, where
/// the correction alone would give `log2(d/c)`), when `c` or `d` is zero,
/// or when the input is invalid.
pub fn log_ratio(a: f64, b: f64, c: f64, d: f64) -> f64 {
    if !valid(a, b, c, d) || c == 0.0 || d == 0.0 || (a == 0.0 && b == 0.0) {
        return 0.0;
    }
    (half_if_zero(a) / c).log2() - (half_if_zero(b) / d).log2()
}

/// %DIFF (Gabrielatos & Marchi 2012): how much larger, in per cent, the
/// normalised frequency in A is than in B,
/// `(normA − normB) · 100 / normB` with `normA = a/c`, `normB = b/d` (per
/// million in the paper; the scale cancels). 100 means twice as frequent
/// in A, −50 half as frequent; the range is −100 to +∞.
///
/// Not symmetric: if %DIFF(A, B) = p then %DIFF(B, A) = −100p / (100 + p).
///
/// `None` when `b = 0` (normB = 0: the percentage is infinite; no
/// correction is applied here, use [`log_ratio`] for such terms), when `c`
/// or `d` is zero, or when the input is invalid.
pub fn percent_diff(a: f64, b: f64, c: f64, d: f64) -> Option<f64> {
    if !valid(a, b, c, d) || c == 0.0 || d == 0.0 || b == 0.0 {
        return None;
    }
    let (norm_a, norm_b) = (a / c, b / d);
    Some((norm_a - norm_b) * 100.0 / norm_b)
}

/// Which group uses a term more, per token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Over-represented in group A: `a/c > b/d`.
    A,
    /// Over-represented in group B: `a/c < b/d`.
    B,
    /// Same relative frequency in both groups (or undefined: invalid input,
    /// `c = 0` or `d = 0`).
    Neither,
}

/// The smallest expected count of the 2×2 table, `min_ij R_i·C_j/N`: for a
/// term that is a small share of both groups it is the term's expected count
/// in the smaller group, `(a + b)·min(c, d)/N`. G²'s χ² approximation needs
/// it large enough (see `docs/STATISTICS.md`, section 1.8). Degenerate or
/// invalid input: 0.
pub fn expected_min(a: f64, b: f64, c: f64, d: f64) -> f64 {
    if !valid(a, b, c, d) {
        return 0.0;
    }
    let n = c + d;
    if n <= 0.0 {
        return 0.0;
    }
    let (r1, r2) = (a + b, n - a - b);
    r1.min(r2) * c.min(d) / n
}

/// The [`Direction`] of a term, comparing `a/c` with `b/d` through the
/// cross products `a·d` and `b·c` (exact for integer counts below 2⁵³).
pub fn direction(a: f64, b: f64, c: f64, d: f64) -> Direction {
    if !valid(a, b, c, d) || c == 0.0 || d == 0.0 {
        return Direction::Neither;
    }
    let (ad, bc) = (a * d, b * c);
    if ad > bc {
        Direction::A
    } else if ad < bc {
        Direction::B
    } else {
        Direction::Neither
    }
}

/// Every keyness statistic of one term (one row of a keyness table).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Keyness {
    /// Occurrences of the term in group A (`a`).
    pub freq_a: f64,
    /// Occurrences of the term in group B (`b`).
    pub freq_b: f64,
    /// Content tokens of group A (`c`).
    pub total_a: f64,
    /// Content tokens of group B (`d`).
    pub total_b: f64,
    /// Occurrences per million tokens in A: `a / c · 10⁶`.
    pub per_million_a: f64,
    /// Occurrences per million tokens in B: `b / d · 10⁶`.
    pub per_million_b: f64,
    /// G² over the full 2×2 table ([`log_likelihood`]).
    pub log_likelihood: f64,
    /// 2-cell log-likelihood of Rayson & Garside ([`log_likelihood_rayson`]).
    pub log_likelihood_rayson: f64,
    /// p-value of `log_likelihood` against χ² with 1 degree of freedom.
    pub p_value: f64,
    /// Pearson χ² without correction ([`chi_squared`]).
    pub chi_squared: f64,
    /// Pearson χ² with Yates' continuity correction.
    pub chi_squared_yates: f64,
    /// Log ratio with the 0.5 zero-frequency correction ([`log_ratio`]).
    pub log_ratio: f64,
    /// %DIFF, `None` when `b = 0` ([`percent_diff`]).
    pub percent_diff: Option<f64>,
    /// Which group uses the term more.
    pub direction: Direction,
    /// The smallest expected count of the 2×2 table ([`expected_min`]).
    pub expected_min: f64,
}

impl Keyness {
    /// All statistics for a term seen `a` times in A and `b` times in B,
    /// with `c` and `d` content tokens in A and B. `None` when the input is
    /// invalid (non-finite, negative, `a > c`, `b > d`) or a group is empty
    /// (`c = 0` or `d = 0`); a term absent from both groups gives a row of
    /// zeros with p = 1.
    pub fn new(a: f64, b: f64, c: f64, d: f64) -> Option<Keyness> {
        if !valid(a, b, c, d) || c == 0.0 || d == 0.0 {
            return None;
        }
        let g2 = log_likelihood(a, b, c, d);
        Some(Keyness {
            freq_a: a,
            freq_b: b,
            total_a: c,
            total_b: d,
            per_million_a: a / c * 1e6,
            per_million_b: b / d * 1e6,
            log_likelihood: g2,
            log_likelihood_rayson: log_likelihood_rayson(a, b, c, d),
            p_value: chi2_p_value(g2, 1),
            chi_squared: chi_squared(a, b, c, d, false),
            chi_squared_yates: chi_squared(a, b, c, d, true),
            log_ratio: log_ratio(a, b, c, d),
            percent_diff: percent_diff(a, b, c, d),
            direction: direction(a, b, c, d),
            expected_min: expected_min(a, b, c, d),
        })
    }

    /// G² with the sign of the direction: positive when the term is
    /// over-represented in A, negative in B, 0 when neither. Sorting by it
    /// puts the key terms of A first and those of B last.
    pub fn signed_log_likelihood(&self) -> f64 {
        match self.direction {
            Direction::A => self.log_likelihood,
            Direction::B => -self.log_likelihood,
            Direction::Neither => 0.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOL: f64 = 1e-9;

    fn close(got: f64, want: f64, tol: f64) {
        assert!(
            (got - want).abs() <= tol,
            "got {got:e}, want {want:e} (diff {:e})",
            got - want
        );
    }

    // The running example: a = 10, b = 2, c = d = 1000.
    //              A      B     total
    //   term      10      2        12
    //   other    990    998      1988
    //   total   1000   1000      2000
    // E11 = E12 = 12·1000/2000 = 6, E21 = E22 = 1988·1000/2000 = 994.

    #[test]
    fn expected_min_by_hand() {
        // Running example: E11 = E12 = 6, E21 = E22 = 994 → 6.
        close(expected_min(10.0, 2.0, 1000.0, 1000.0), 6.0, TOL);
        // a = 3, b = 1, c = 1000, d = 9000: E11 = 4·1000/10000 = 0.4 (the others are
        // 3.6, 999.6, 8996.4) → 0.4.
        close(expected_min(3.0, 1.0, 1000.0, 9000.0), 0.4, TOL);
        // Realistic example: 210·95000/215000 = 92.79.
        close(
            expected_min(150.0, 60.0, 120_000.0, 95_000.0),
            210.0 * 95_000.0 / 215_000.0,
            TOL,
        );
        assert_eq!(expected_min(1.0, 1.0, 0.0, 0.0), 0.0);
        let k = Keyness::new(3.0, 1.0, 1000.0, 9000.0).unwrap_or_else(|| unreachable!());
        close(k.expected_min, 0.4, TOL);
    }

    #[test]
    fn log_likelihood_by_hand() {
        let expected = 2.0
            * (10.0 * (10.0f64 / 6.0).ln()
                + 2.0 * (2.0f64 / 6.0).ln()
                + 990.0 * (990.0f64 / 994.0).ln()
                + 998.0 * (998.0f64 / 994.0).ln());
        close(log_likelihood(10.0, 2.0, 1000.0, 1000.0), expected, TOL);
        // scipy.stats.chi2_contingency([[10,2],[990,998]], correction=False,
        // lambda_="log-likelihood") (scipy 1.17.1) gives 5.85425656648961.
        close(expected, 5.85425656648961, 1e-12);
    }

    #[test]
    fn log_likelihood_with_a_zero_cell() {
        // a = 0, b = 7, c = 50000, d = 20000, N = 70000:
        // E11 = 7·50000/70000 = 5, E12 = 2; E21 = 69993·50000/70000 =
        // 49995, E22 = 19998; the zero cell contributes 0·ln 0 = 0.
        let expected = 2.0
            * (0.0
                + 7.0 * (7.0f64 / 2.0).ln()
                + 50000.0 * (50000.0f64 / 49995.0).ln()
                + 19993.0 * (19993.0f64 / 19998.0).ln());
        let got = log_likelihood(0.0, 7.0, 50000.0, 20000.0);
        close(got, expected, TOL);
        // scipy.stats.chi2_contingency(..., lambda_="log-likelihood"):
        close(got, 17.54043182147514, 1e-9);
    }

    #[test]
    fn rayson_two_cell_by_hand() {
        // Only the term row: E1 = 1000·12/2000 = 6, E2 = 6.
        let expected = 2.0 * (10.0 * (10.0f64 / 6.0).ln() + 2.0 * (2.0f64 / 6.0).ln());
        let got = log_likelihood_rayson(10.0, 2.0, 1000.0, 1000.0);
        close(got, expected, TOL);
        // numpy, same formula: 5.822063320647374; a bit below the full G².
        close(got, 5.822063320647374, 1e-12);
        assert!(got < log_likelihood(10.0, 2.0, 1000.0, 1000.0));
    }

    #[test]
    fn rayson_never_above_full() {
        // G² − LL = 2·Σ over the "other" row of O·ln(O/E) ≥ 0 (that row's
        // O and E have the same total); the gap grows with the term's share.
        for (a, b, c, d) in [
            (10.0, 2.0, 1000.0, 1000.0),
            (150.0, 60.0, 120000.0, 95000.0),
            (0.0, 7.0, 50000.0, 20000.0),
            (400.0, 100.0, 1000.0, 1000.0),
        ] {
            let full = log_likelihood(a, b, c, d);
            let two = log_likelihood_rayson(a, b, c, d);
            let other_row = 2.0
                * ((c - a) * ((c - a) / ((c + d - a - b) * c / (c + d))).ln()
                    + (d - b) * ((d - b) / ((c + d - a - b) * d / (c + d))).ln());
            assert!(two <= full, "{a} {b} {c} {d}");
            close(full - two, other_row, 1e-9);
        }
    }

    #[test]
    fn chi_squared_by_hand() {
        // ad − bc = 10·1000 − 2·1000 = 8000 (= 10·998 − 2·990);
        // margins: 12, 1988, 1000, 1000.
        let plain = 2000.0 * 8000.0f64.powi(2) / (12.0 * 1988.0 * 1000.0 * 1000.0);
        close(chi_squared(10.0, 2.0, 1000.0, 1000.0, false), plain, TOL);
        // Yates: |ad − bc| − N/2 = 8000 − 1000 = 7000.
        let yates = 2000.0 * 7000.0f64.powi(2) / (12.0 * 1988.0 * 1000.0 * 1000.0);
        close(chi_squared(10.0, 2.0, 1000.0, 1000.0, true), yates, TOL);
        // Same as the cell sum Σ (O − E)²/E: (10−6)²/6 + (2−6)²/6 +
        // (990−994)²/994 + (998−994)²/994.
        let cells = 16.0 / 6.0 + 16.0 / 6.0 + 16.0 / 994.0 + 16.0 / 994.0;
        close(plain, cells, TOL);
        // scipy.stats.chi2_contingency(correction=False / True):
        close(plain, 5.365526492287056, 1e-12);
        close(yates, 4.107981220657277, 1e-12);
    }

    #[test]
    fn yates_does_not_overshoot() {
        // a = 5, b = 5, c = 1000, d = 1001: ad − bc = 5005 − 5000 = 5,
        // smaller than N/2 = 1000.5, so the corrected statistic is 0 (the
        // naive (|ad−bc| − N/2)² would be (−995.5)², a huge χ²).
        assert_eq!(chi_squared(5.0, 5.0, 1000.0, 1001.0, true), 0.0);
        let plain = 2001.0 * 25.0 / (10.0 * 1991.0 * 1000.0 * 1001.0);
        close(chi_squared(5.0, 5.0, 1000.0, 1001.0, false), plain, TOL);
    }

    #[test]
    fn p_values() {
        // df = 2: the χ² survival function is exactly exp(−x/2).
        close(chi2_p_value(10.0, 2), (-5.0f64).exp(), 1e-12);
        // df = 1: P(X ≥ x) = erfc(√(x/2)); 3.841458820694124 is the 95 %
        // quantile, so p = 0.05.
        close(chi2_p_value(3.841458820694124, 1), 0.05, 1e-12);
        // scipy.stats.chi2.sf (scipy 1.17.1):
        close(chi2_p_value(3.84, 1), 0.05004352124870519, 1e-12);
        close(chi2_p_value(10.0, 3), 0.01856613546304325, 1e-12);
        let tiny = chi2_p_value(100.0, 1);
        assert!(
            (tiny / 1.5239706048320995e-23 - 1.0).abs() < 1e-9,
            "{tiny:e}"
        );
        close(chi2_p_value(5.85425656648961, 1), 0.0155394207840957, 1e-12);
        // Degenerate input.
        assert_eq!(chi2_p_value(0.0, 1), 1.0);
        assert_eq!(chi2_p_value(-1.0, 1), 1.0);
        assert_eq!(chi2_p_value(f64::NAN, 1), 1.0);
        assert_eq!(chi2_p_value(5.0, 0), 1.0);
        assert_eq!(chi2_p_value(f64::INFINITY, 1), 0.0);
    }

    #[test]
    fn log_ratio_by_hand() {
        // Equal totals: log2((10/1000)/(2/1000)) = log2 5.
        close(log_ratio(10.0, 2.0, 1000.0, 1000.0), 5.0f64.log2(), TOL);
        // (30/2000)/(10/4000) = 0.015/0.0025 = 6.
        close(log_ratio(30.0, 10.0, 2000.0, 4000.0), 6.0f64.log2(), TOL);
        // Zero in A counts as 0.5: (0.5/50000)/(7/20000) = 1e-5/3.5e-4 = 1/35.
        close(
            log_ratio(0.0, 7.0, 50000.0, 20000.0),
            -(35.0f64.log2()),
            TOL,
        );
        // Zero in B: (4/1000)/(0.5/1000) = 8 → exactly 3.
        close(log_ratio(4.0, 0.0, 1000.0, 1000.0), 3.0, TOL);
        // Absent from both: 0, not log2(d/c).
        assert_eq!(log_ratio(0.0, 0.0, 1000.0, 4000.0), 0.0);
    }

    #[test]
    fn percent_diff_by_hand() {
        // normA = 30/2000 = 15000 per million, normB = 10/4000 = 2500 pm:
        // (15000 − 2500)·100/2500 = 500 %.
        let p = percent_diff(30.0, 10.0, 2000.0, 4000.0);
        close(p.unwrap_or(f64::NAN), 500.0, TOL);
        // Swapped: (2500 − 15000)·100/15000 = −83.33 % = −100·500/(100+500).
        let q = percent_diff(10.0, 30.0, 4000.0, 2000.0).unwrap_or(f64::NAN);
        close(q, -12500.0 / 150.0, TOL);
        close(q, -100.0 * 500.0 / 600.0, TOL);
        // Absent from A: −100 %.
        close(
            percent_diff(0.0, 7.0, 50000.0, 20000.0).unwrap_or(f64::NAN),
            -100.0,
            TOL,
        );
        // normB = 0: undefined.
        assert_eq!(percent_diff(4.0, 0.0, 1000.0, 1000.0), None);
        assert_eq!(percent_diff(0.0, 0.0, 1000.0, 1000.0), None);
    }

    #[test]
    fn swapping_groups() {
        let tables = [
            (10.0, 2.0, 1000.0, 1000.0),
            (150.0, 60.0, 120000.0, 95000.0),
            (0.0, 7.0, 50000.0, 20000.0),
            (3.0, 41.0, 7777.0, 123456.0),
        ];
        for (a, b, c, d) in tables {
            // G² and χ² are unchanged (bitwise), log ratio flips sign exactly.
            assert_eq!(log_likelihood(a, b, c, d), log_likelihood(b, a, d, c));
            assert_eq!(
                log_likelihood_rayson(a, b, c, d),
                log_likelihood_rayson(b, a, d, c)
            );
            for yates in [false, true] {
                assert_eq!(
                    chi_squared(a, b, c, d, yates),
                    chi_squared(b, a, d, c, yates)
                );
            }
            assert_eq!(log_ratio(a, b, c, d), -log_ratio(b, a, d, c));
            assert!(log_ratio(a, b, c, d) != 0.0);
        }
        assert_eq!(direction(10.0, 2.0, 1000.0, 1000.0), Direction::A);
        assert_eq!(direction(2.0, 10.0, 1000.0, 1000.0), Direction::B);
    }

    #[test]
    fn scipy_reference_table() {
        // a = 150, b = 60, c = 120000, d = 95000; values from
        // scipy.stats.chi2_contingency (scipy 1.17.1) on [[150,60],[119850,94940]].
        let (a, b, c, d) = (150.0, 60.0, 120000.0, 95000.0);
        close(log_likelihood(a, b, c, d), 21.7022925784482, 1e-9);
        close(chi_squared(a, b, c, d, false), 20.781576479491946, 1e-9);
        close(chi_squared(a, b, c, d, true), 20.15264398202001, 1e-9);
        let p = chi2_p_value(log_likelihood(a, b, c, d), 1);
        assert!((p / 3.1841052395489534e-06 - 1.0).abs() < 1e-8, "{p:e}");
        // Rayson 2-cell, numpy: 21.681994781131657.
        close(log_likelihood_rayson(a, b, c, d), 21.681994781131657, 1e-9);
        // The zero-cell table: χ² 17.501750175017502, Yates 14.176417641764177.
        close(
            chi_squared(0.0, 7.0, 50000.0, 20000.0, false),
            17.501750175017502,
            1e-9,
        );
        close(
            chi_squared(0.0, 7.0, 50000.0, 20000.0, true),
            14.176417641764177,
            1e-9,
        );
    }

    #[test]
    fn degenerate_and_invalid_tables() {
        // Empty group, term absent everywhere, term is every token.
        for (a, b, c, d) in [
            (0.0, 3.0, 0.0, 100.0),
            (0.0, 0.0, 100.0, 100.0),
            (100.0, 50.0, 100.0, 50.0),
        ] {
            assert_eq!(log_likelihood(a, b, c, d), 0.0);
            assert_eq!(chi_squared(a, b, c, d, false), 0.0);
            assert_eq!(chi_squared(a, b, c, d, true), 0.0);
        }
        assert_eq!(log_likelihood_rayson(0.0, 3.0, 0.0, 100.0), 0.0);
        assert_eq!(log_likelihood_rayson(0.0, 0.0, 100.0, 100.0), 0.0);
        assert_eq!(log_ratio(0.0, 3.0, 0.0, 100.0), 0.0);
        // Invalid: a > c, negative, NaN, infinite.
        for (a, b, c, d) in [
            (11.0, 2.0, 10.0, 100.0),
            (-1.0, 2.0, 10.0, 100.0),
            (f64::NAN, 2.0, 10.0, 100.0),
            (1.0, 2.0, 10.0, f64::INFINITY),
        ] {
            assert_eq!(log_likelihood(a, b, c, d), 0.0);
            assert_eq!(log_likelihood_rayson(a, b, c, d), 0.0);
            assert_eq!(chi_squared(a, b, c, d, true), 0.0);
            assert_eq!(log_ratio(a, b, c, d), 0.0);
            assert_eq!(percent_diff(a, b, c, d), None);
            assert_eq!(direction(a, b, c, d), Direction::Neither);
            assert_eq!(Keyness::new(a, b, c, d), None);
        }
        assert_eq!(Keyness::new(0.0, 3.0, 0.0, 100.0), None);
    }

    #[test]
    fn keyness_row() {
        let k = Keyness::new(10.0, 2.0, 1000.0, 1000.0);
        let Some(k) = k else { panic!("valid table") };
        assert_eq!(k.log_likelihood, log_likelihood(10.0, 2.0, 1000.0, 1000.0));
        assert_eq!(k.p_value, chi2_p_value(k.log_likelihood, 1));
        assert_eq!(k.chi_squared, chi_squared(10.0, 2.0, 1000.0, 1000.0, false));
        assert_eq!(
            k.chi_squared_yates,
            chi_squared(10.0, 2.0, 1000.0, 1000.0, true)
        );
        assert_eq!(k.log_ratio, log_ratio(10.0, 2.0, 1000.0, 1000.0));
        // 10/1000 and 2/1000 per token = 10000 and 2000 per million;
        // %DIFF = (10000 − 2000)·100/2000 = 400.
        close(k.per_million_a, 10000.0, TOL);
        close(k.per_million_b, 2000.0, TOL);
        close(k.percent_diff.unwrap_or(f64::NAN), 400.0, TOL);
        assert_eq!(k.direction, Direction::A);
        assert_eq!(k.signed_log_likelihood(), k.log_likelihood);
        let Some(r) = Keyness::new(2.0, 10.0, 1000.0, 1000.0) else {
            panic!("valid table")
        };
        assert_eq!(r.direction, Direction::B);
        assert_eq!(r.signed_log_likelihood(), -k.log_likelihood);
        // Absent from both groups: a row of zeros, p = 1, no %DIFF.
        let Some(z) = Keyness::new(0.0, 0.0, 1000.0, 1000.0) else {
            panic!("valid table")
        };
        assert_eq!((z.log_likelihood, z.p_value, z.log_ratio), (0.0, 1.0, 0.0));
        assert_eq!((z.percent_diff, z.direction), (None, Direction::Neither));
    }
}
