//! MinHash sketches of shingle sets and LSH banding, for corpora too large to compare every
//! pair exactly.
//!
//! **Sketch** (one-permutation hashing, Li, Owen & Zhang 2012): the 64-bit shingle hashes are
//! spread over `k` bins by their top 32 bits (multiply-shift), and each bin keeps its smallest
//! hash; an empty bin takes the value of the next non-empty bin to its right (circularly),
//! shifted by the distance (rotation densification, Shrivastava & Li 2014), so a sketch is
//! always `k` values. One pass over the set, whatever `k`.
//!
//! **Estimate**: the share of the `k` positions where two sketches agree estimates the
//! Jaccard similarity J of the sets, without bias; its standard error is at most
//! `√(J(1−J)/k)` (sampling without replacement makes it a little smaller), i.e. at most
//! 0.031 for `k = 256`.
//!
//! **Banding**: the sketch is cut into `b` bands of `r` values (`b·r ≤ k`); two units whose
//! sketches agree on a whole band are a candidate pair. A pair of similarity J becomes a
//! candidate with probability `1 − (1 − J^r)^b`, an S-curve whose steepest point is near
//! `(1/b)^(1/r)`; [`bands`] picks the largest `r` whose curve gives a pair at the reporting
//! threshold a chance of at least 0.99.

use rustc_hash::FxHashSet;

/// Sketch of a set: `k` values.
pub type Sketch = Vec<u64>;

/// Golden-ratio increment: the shift per bin of distance in densification.
const SHIFT: u64 = 0x9E37_79B9_7F4A_7C15;

/// The `k`-value sketch of a set of shingle hashes (any order, no repeats needed). The
/// sketch of an empty set is `k` times `u64::MAX`.
pub fn sketch(set: &[u64], k: usize) -> Sketch {
    let mut bins = vec![u64::MAX; k];
    let mut filled = vec![false; k];
    for &h in set {
        let bin = (((h >> 32) * k as u64) >> 32) as usize;
        bins[bin] = bins[bin].min(h);
        filled[bin] = true;
    }
    if filled.iter().all(|f| !f) {
        return bins;
    }
    let mut out = bins.clone();
    for j in (0..k).filter(|&j| !filled[j]) {
        let d = (1..k).find(|d| filled[(j + d) % k]).unwrap_or(0);
        out[j] = bins[(j + d) % k].wrapping_add(SHIFT.wrapping_mul(d as u64));
    }
    out
}

/// The estimate of the Jaccard similarity: the share of positions where the sketches agree
/// (two empty sets: 0).
pub fn estimate(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() || a.iter().all(|&x| x == u64::MAX) {
        return 0.0;
    }
    let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
    same as f64 / a.len() as f64
}

/// Upper bound of the standard error of the estimate of a similarity `j` with `k` values:
/// `√(j(1−j)/k)`.
pub fn standard_error(j: f64, k: usize) -> f64 {
    (j * (1.0 - j) / k as f64).sqrt()
}

/// Probability that a pair of similarity `j` is a candidate with `b` bands of `r` values.
pub fn candidate_probability(j: f64, b: usize, r: usize) -> f64 {
    1.0 - (1.0 - j.powi(r as i32)).powi(b as i32)
}

/// Bands `(b, r)` for sketches of `k` values and a reporting `threshold`: the largest `r`
/// (fewest false candidates) for which a pair at the threshold is a candidate with
/// probability at least 0.99, with `b = k / r`.
pub fn bands(k: usize, threshold: f64) -> (usize, usize) {
    let r = (1..=k.max(1))
        .rev()
        .find(|&r| candidate_probability(threshold, k / r, r) >= 0.99)
        .unwrap_or(1);
    (k / r, r)
}

/// Candidate pairs `(i, j)`, `i < j`, of `sketches`: units that agree on every value of at
/// least one band; sorted. Empty sets are never candidates.
pub fn candidates(sketches: &[Sketch], b: usize, r: usize) -> Vec<(u32, u32)> {
    let mut pairs: FxHashSet<(u32, u32)> = FxHashSet::default();
    let mut keys: Vec<(u64, u32)> = Vec::with_capacity(sketches.len());
    for band in 0..b {
        keys.clear();
        for (i, s) in sketches.iter().enumerate() {
            if s.first() == Some(&u64::MAX) && s.iter().all(|&x| x == u64::MAX) {
                continue;
            }
            let part = &s[band * r..(band + 1) * r];
            let bytes: Vec<u8> = part.iter().flat_map(|x| x.to_le_bytes()).collect();
            keys.push((xxhash_rust::xxh3::xxh3_64(&bytes), i as u32));
        }
        keys.sort_unstable();
        for bucket in keys.chunk_by(|x, y| x.0 == y.0) {
            for (n, x) in bucket.iter().enumerate() {
                for y in &bucket[n + 1..] {
                    pairs.insert((x.1.min(y.1), x.1.max(y.1)));
                }
            }
        }
    }
    let mut out: Vec<(u32, u32)> = pairs.into_iter().collect();
    out.sort_unstable();
    out
}
