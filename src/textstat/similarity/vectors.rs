//! TF-IDF vectors of content words and their cosine similarity.
//!
//! A unit's weight of term t is `tf · idf` with `tf = count of t in the unit / the unit's
//! content tokens` and `idf = ln(N / df)` (N units, df of them containing t), the weights of
//! `analyze keywords` (`docs/STATISTICS.md` §7), over the words the vocabulary admits
//! (content words by default). Vectors are L2-normalised, so the cosine of two units is the
//! dot product of their vectors.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::units::Unit;
use crate::dfm::Dfm;
use crate::textstat::stats::{idf, tf_idf};

/// A sparse unit vector: `(term id, weight)` sorted by term id.
pub type Vector = Vec<(u32, f32)>;

/// The TF-IDF vectors of `units` over the words `admit` accepts. A unit without any
/// admitted word with idf > 0 has an empty vector.
pub fn tfidf_vectors(
    dfm: &Dfm,
    units: &[Unit],
    admit: &(dyn Fn(&str) -> bool + Sync),
) -> Vec<Vector> {
    // Admitted words, decided once per word type.
    let mut words: Vec<&str> = units
        .iter()
        .flat_map(|u| u.docs.iter().flat_map(|&d| dfm.docs[d].terms()))
        .collect();
    words.sort_unstable();
    words.dedup();
    let keep: Vec<bool> = words.par_iter().map(|w| admit(w)).collect();
    let ids: FxHashMap<&str, u32> = (words.iter().zip(&keep))
        .filter(|(_, k)| **k)
        .enumerate()
        .map(|(i, (w, _))| (*w, i as u32))
        .collect();
    let counts: Vec<(Vec<(u32, u64)>, u64)> = units
        .par_iter()
        .map(|u| {
            let mut c: FxHashMap<u32, u64> = FxHashMap::default();
            let mut total = 0;
            for &d in &u.docs {
                total += dfm.docs[d].tokens_total;
                for (t, n) in dfm.docs[d].iter() {
                    if let Some(&id) = ids.get(t) {
                        *c.entry(id).or_default() += u64::from(n);
                    }
                }
            }
            let mut v: Vec<(u32, u64)> = c.into_iter().collect();
            v.sort_unstable();
            (v, total)
        })
        .collect();
    let mut df = vec![0usize; ids.len()];
    for (v, _) in &counts {
        for (t, _) in v {
            df[*t as usize] += 1;
        }
    }
    let n = units.len();
    counts
        .into_par_iter()
        .map(|(v, total)| {
            let w: Vec<(u32, f64)> = v
                .into_iter()
                .map(|(t, c)| (t, tf_idf(c as f64, total as f64, idf(n, df[t as usize]))))
                .filter(|x| x.1 > 0.0)
                .collect();
            let norm = w.iter().map(|x| x.1 * x.1).sum::<f64>().sqrt();
            w.into_iter().map(|(t, x)| (t, (x / norm) as f32)).collect()
        })
        .collect()
}

/// Cosine similarity of two unit vectors (their dot product, to 6 decimals); 0 when either
/// is empty.
pub fn cosine(a: &[(u32, f32)], b: &[(u32, f32)]) -> f64 {
    let (mut i, mut j, mut dot) = (0, 0, 0.0f64);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += f64::from(a[i].1) * f64::from(b[j].1);
                i += 1;
                j += 1;
            }
        }
    }
    rounded(dot)
}

/// A cosine from f32 weights (about 7 significant digits) in 0–1 and rounded to 6 decimals,
/// so that the tables do not show digits that mean nothing (0.2, not 0.19999998807907104).
pub fn rounded(cosine: f64) -> f64 {
    (cosine.clamp(0.0, 1.0) * 1e6).round() / 1e6
}

/// The cosine of every pair of `vecs` (unit vectors): entry `i * n + j` for `i < j`.
///
/// As [`super::sets::pair_intersections`]: terms in at most `max(8, n/8)` units add
/// `w_i · w_j` to each pair of their units from the inverted index; the other terms form a
/// dense unit × term matrix whose rows are multiplied pair by pair. Equal to [`cosine`] of
/// each pair up to rounding (sums in a different order).
pub fn pair_cosines(vecs: &[Vector]) -> Vec<f32> {
    let n = vecs.len();
    let terms = vecs
        .iter()
        .flat_map(|v| v.iter().map(|x| x.0 as usize + 1))
        .max()
        .unwrap_or(0);
    let mut df = vec![0u32; terms];
    for v in vecs {
        for (t, _) in v {
            df[*t as usize] += 1;
        }
    }
    let rare_max = (n / 8).max(8) as u32;
    // Inverted index of the rare terms (CSR), and a column for each frequent term.
    let mut start = vec![0usize; terms + 1];
    let mut column = vec![u32::MAX; terms];
    let mut frequent = 0usize;
    for t in 0..terms {
        start[t + 1] = start[t] + if df[t] <= rare_max { df[t] as usize } else { 0 };
        if df[t] > rare_max {
            column[t] = frequent as u32;
            frequent += 1;
        }
    }
    let mut postings = vec![(0u32, 0f32); start[terms]];
    let mut fill = start.clone();
    let mut dense = vec![0f32; n * frequent];
    for (i, v) in vecs.iter().enumerate() {
        for &(t, w) in v {
            let t = t as usize;
            if column[t] == u32::MAX {
                postings[fill[t]] = (i as u32, w);
                fill[t] += 1;
            } else {
                dense[i * frequent + column[t] as usize] = w;
            }
        }
    }
    let lists: Vec<&[(u32, f32)]> = (0..terms)
        .map(|t| &postings[start[t]..start[t + 1]])
        .collect();
    let mut out = lists
        .par_chunks(2048)
        .fold(
            || vec![0f32; n * n],
            |mut m, chunk| {
                for list in chunk {
                    for (k, x) in list.iter().enumerate() {
                        for y in &list[k + 1..] {
                            m[x.0 as usize * n + y.0 as usize] += x.1 * y.1;
                        }
                    }
                }
                m
            },
        )
        .reduce(
            || vec![0f32; n * n],
            |mut a, b| {
                a.iter_mut().zip(&b).for_each(|(x, y)| *x += y);
                a
            },
        );
    out.par_chunks_mut(n).enumerate().for_each(|(i, row)| {
        let a = &dense[i * frequent..(i + 1) * frequent];
        for (j, cell) in row.iter_mut().enumerate().skip(i + 1) {
            let b = &dense[j * frequent..(j + 1) * frequent];
            *cell += a.iter().zip(b).map(|(x, y)| x * y).sum::<f32>();
        }
    });
    out
}
