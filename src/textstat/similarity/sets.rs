//! Character shingle sets: the distinct character n-grams (Han characters and digits, the
//! skeleton of `analyze reuse`) of a text as sorted 64-bit hashes, and the exact Jaccard
//! similarity and containment of two sets.

use crate::textstat::reuse::shingles::shingles;
use crate::textstat::reuse::skeleton::Skeleton;

/// The distinct `n`-grams of `text`'s skeleton (Han characters and digits, punctuation,
/// whitespace and letters left out), as sorted hashes (`reuse::shingles::hash`).
pub fn shingle_set(text: &str, n: usize) -> Vec<u64> {
    let mut set: Vec<u64> = shingles(&Skeleton::new(text), n, usize::MAX)
        .into_iter()
        .map(|s| s.0)
        .collect();
    set.dedup();
    set
}

/// The union of sorted sets, sorted.
pub fn union(sets: &[&[u64]]) -> Vec<u64> {
    let mut all: Vec<u64> = sets.iter().flat_map(|s| s.iter().copied()).collect();
    all.sort_unstable();
    all.dedup();
    all
}

/// Elements common to two sorted sets.
pub fn intersection(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Jaccard similarity `|A ∩ B| / |A ∪ B|` of two sorted sets; 0 when both are empty.
pub fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    jaccard_of(intersection(a, b), a.len(), b.len())
}

/// Jaccard similarity from the intersection and the two set sizes; 0 when both are empty.
pub fn jaccard_of(inter: usize, a: usize, b: usize) -> f64 {
    let union = a + b - inter;
    if union == 0 {
        0.0
    } else {
        inter as f64 / union as f64
    }
}

/// Containment of A in B, `|A ∩ B| / |A|`: the share of A's shingles found in B; 0 for an
/// empty A.
pub fn containment_of(inter: usize, a: usize) -> f64 {
    if a == 0 { 0.0 } else { inter as f64 / a as f64 }
}

/// The intersection sizes of every pair of `sets` (each sorted, without repeats): entry
/// `i * n + j` for `i < j` (the rest 0).
///
/// Computed from the inverted index rather than pair by pair: shingles found in few sets
/// (at most `max(8, n/8)`) add 1 to every pair of their sets; the others set a bit in each of
/// their sets' bit rows, and a pair's count of those is the popcount of the AND of its two
/// rows. A shingle of document frequency d costs d²/2 counts or n²/128 word operations,
/// whichever is less, instead of a merge of both sets for every pair.
pub fn pair_intersections(sets: &[Vec<u64>]) -> Vec<u32> {
    use rayon::prelude::*;
    let n = sets.len();
    let mut postings: Vec<(u64, u32)> = (sets.iter().enumerate())
        .flat_map(|(i, s)| s.iter().map(move |&h| (h, i as u32)))
        .collect();
    postings.par_sort_unstable();
    let groups: Vec<&[(u64, u32)]> = postings.chunk_by(|a, b| a.0 == b.0).collect();
    let rare_max = (n / 8).max(8);
    let frequent: Vec<&&[(u64, u32)]> = groups.iter().filter(|g| g.len() > rare_max).collect();
    let counts = groups
        .par_chunks(4096)
        .fold(
            || vec![0u32; n * n],
            |mut m, chunk| {
                for g in chunk.iter().filter(|g| g.len() <= rare_max) {
                    for (k, x) in g.iter().enumerate() {
                        for y in &g[k + 1..] {
                            m[x.1 as usize * n + y.1 as usize] += 1;
                        }
                    }
                }
                m
            },
        )
        .reduce(
            || vec![0u32; n * n],
            |mut a, b| {
                a.iter_mut().zip(&b).for_each(|(x, y)| *x += y);
                a
            },
        );
    let words = frequent.len().div_ceil(64);
    let mut rows = vec![0u64; n * words];
    for (f, g) in frequent.iter().enumerate() {
        for x in g.iter() {
            rows[x.1 as usize * words + f / 64] |= 1 << (f % 64);
        }
    }
    let mut out = counts;
    out.par_chunks_mut(n).enumerate().for_each(|(i, row)| {
        let a = &rows[i * words..(i + 1) * words];
        for (j, cell) in row.iter_mut().enumerate().skip(i + 1) {
            let b = &rows[j * words..(j + 1) * words];
            *cell += a
                .iter()
                .zip(b)
                .map(|(x, y)| (x & y).count_ones())
                .sum::<u32>();
        }
    });
    out
}
