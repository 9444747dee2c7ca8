//! Multiple-testing adjustments for the p-values of many terms tested at
//! once (a keyness table tests every term of the vocabulary): the
//! Benjamini–Hochberg false discovery rate and the Bonferroni correction.
//!
//! Both return adjusted values in the order of the input, capped at 1.
//! A NaN p-value is treated as 1 and values outside [0, 1] are clamped, so
//! the output never contains NaN.

/// A p-value made safe: NaN → 1, clamped to [0, 1].
fn clean(p: f64) -> f64 {
    if p.is_nan() { 1.0 } else { p.clamp(0.0, 1.0) }
}

/// Benjamini–Hochberg (1995) adjusted p-values ("q-values"), in the input
/// order. With the `m` p-values sorted ascending, `p(1) ≤ … ≤ p(m)`,
///
/// `q(i) = min over j ≥ i of min(1, p(j) · m / j)`,
///
/// so the q-values are monotone in the p-values. A term is significant at
/// false discovery rate α when its q-value is ≤ α. Tied p-values get the
/// same q-value. An empty slice gives an empty vector.
pub fn benjamini_hochberg(p: &[f64]) -> Vec<f64> {
    let m = p.len();
    let clean_p: Vec<f64> = p.iter().map(|&x| clean(x)).collect();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&i, &j| clean_p[i].total_cmp(&clean_p[j]));
    let mut q = vec![1.0; m];
    let mut running_min = 1.0f64;
    // From the largest p-value (rank m) down to the smallest (rank 1).
    for (rank0, &idx) in order.iter().enumerate().rev() {
        let rank = (rank0 + 1) as f64;
        running_min = running_min.min(clean_p[idx] * m as f64 / rank);
        q[idx] = running_min;
    }
    q
}

/// Bonferroni-adjusted p-values, in the input order:
/// `min(1, p · m)` for `m` p-values. Controls the family-wise error rate;
/// much more conservative than [`benjamini_hochberg`] on a vocabulary of
/// thousands of terms.
pub fn bonferroni(p: &[f64]) -> Vec<f64> {
    let m = p.len() as f64;
    p.iter().map(|&x| (clean(x) * m).min(1.0)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close_all(got: &[f64], want: &[f64]) {
        assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(want) {
            assert!((g - w).abs() <= 1e-12, "got {got:?}, want {want:?}");
        }
    }

    #[test]
    fn bh_textbook() {
        // p = [0.01, 0.04, 0.03, 0.005], m = 4. Sorted with ranks:
        //   0.005 (1) → 0.005·4/1 = 0.02
        //   0.01  (2) → 0.01·4/2  = 0.02
        //   0.03  (3) → 0.03·4/3  = 0.04
        //   0.04  (4) → 0.04·4/4  = 0.04
        // Running minimum from the top changes nothing; back in input order:
        let q = benjamini_hochberg(&[0.01, 0.04, 0.03, 0.005]);
        close_all(&q, &[0.02, 0.04, 0.04, 0.02]);
        // scipy.stats.false_discovery_control (scipy 1.17.1):
        // [0.02, 0.04, 0.03999999999999999, 0.02].
        close_all(&q, &[0.02, 0.04, 0.03999999999999999, 0.02]);
    }

    #[test]
    fn bh_enforces_monotonicity_and_cap() {
        // p = [0.02, 0.021, 0.5], m = 3: raw 0.02·3/1 = 0.06,
        // 0.021·3/2 = 0.0315, 0.5·3/3 = 0.5; the running minimum from the
        // top lowers the first to 0.0315 (scipy gives [0.0315, 0.0315, 0.5]).
        close_all(
            &benjamini_hochberg(&[0.02, 0.021, 0.5]),
            &[0.0315, 0.0315, 0.5],
        );
        // p = [0.9, 0.95]: raw 0.9·2/1 = 1.8 → min(1.8, 0.95·2/2) = 0.95.
        close_all(&benjamini_hochberg(&[0.9, 0.95]), &[0.95, 0.95]);
        // Unsorted input with ties: q is monotone in p, ties share q.
        let p = [0.3, 0.001, 0.04, 0.04, 0.2];
        let q = benjamini_hochberg(&p);
        // sorted: 0.001(1) 0.04(2) 0.04(3) 0.2(4) 0.3(5); raw: 0.005, 0.1,
        // 0.0666…, 0.25, 0.3; running min from top: 0.3, 0.25, 0.0666…,
        // 0.0666…, 0.005.
        close_all(&q, &[0.3, 0.005, 0.2 / 3.0, 0.2 / 3.0, 0.25]);
        for i in 0..p.len() {
            for j in 0..p.len() {
                if p[i] <= p[j] {
                    assert!(q[i] <= q[j]);
                }
            }
        }
    }

    #[test]
    fn bh_edge_cases() {
        assert!(benjamini_hochberg(&[]).is_empty());
        close_all(&benjamini_hochberg(&[0.03]), &[0.03]);
        // NaN counts as 1, out-of-range values are clamped.
        close_all(
            &benjamini_hochberg(&[f64::NAN, 0.01, -0.5]),
            &[1.0, 0.015, 0.0],
        );
    }

    #[test]
    fn bonferroni_by_hand() {
        // m = 4: p·4, capped at 1.
        close_all(
            &bonferroni(&[0.01, 0.04, 0.3, 0.005]),
            &[0.04, 0.16, 1.0, 0.02],
        );
        assert!(bonferroni(&[]).is_empty());
        close_all(&bonferroni(&[f64::NAN, 2.0]), &[1.0, 1.0]);
    }
}
