//! Document × document similarity: how alike two reports (or two groups of reports) are, by
//! two measures.
//!
//! - **cosine of TF-IDF vectors of content words** ([`vectors`]): what the reports talk
//!   about, weighted towards the words that distinguish them;
//! - **Jaccard similarity and containment of character 5-gram shingle sets** ([`sets`],
//!   the shingles of `analyze reuse`): how much wording they share.
//!
//! Up to [`SimilarityOptions::exact_max`] units every pair is computed exactly. Above it
//! (or with [`Mode::MinHash`]) shingle sets are reduced to MinHash sketches ([`minhash`]),
//! LSH banding proposes the pairs likely to reach [`SimilarityOptions::threshold`], their
//! Jaccard similarity and containment are estimated from the sketches (standard error at most
//! `√(J(1−J)/k)`) and their cosine is computed exactly; only pairs whose estimated Jaccard
//! reaches the threshold are reported. Every unit is also compared with its predecessor (the
//! same place's previous available report or group, [`units::predecessors`]): the
//! continuity table, computed by the same method. Formulas and worked examples:
//! `docs/STATISTICS.md` ("Similarity").

pub mod minhash;
pub mod sets;
pub mod tables;
#[cfg(test)]
mod tests;
pub mod units;
pub mod vectors;

use rayon::prelude::*;
use serde::Serialize;

use self::units::Unit;
use self::vectors::{Vector, cosine};
use crate::corpus::Corpus;
use crate::dfm::Dfm;

/// How pairs are computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Every pair, exact shingle sets.
    Exact,
    /// MinHash sketches, LSH candidates, estimated Jaccard and containment.
    #[serde(rename = "minhash")]
    MinHash,
}

impl Mode {
    /// Lowercase name (the `method` column).
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Exact => "exact",
            Mode::MinHash => "minhash",
        }
    }
}

/// A similarity measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Cosine of TF-IDF vectors of content words.
    CosineTfidf,
    /// Jaccard similarity of character shingle sets.
    Jaccard,
    /// Share of the first unit's shingles found in the second (not symmetric).
    Containment,
}

impl Measure {
    /// Name in tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Measure::CosineTfidf => "cosine_tfidf",
            Measure::Jaccard => "jaccard",
            Measure::Containment => "containment",
        }
    }
}

/// Parameters of a similarity run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SimilarityOptions {
    /// Shingle length in characters (Han characters and digits).
    pub ngram: usize,
    /// Up to this many units every pair is exact; above, MinHash and LSH.
    pub exact_max: usize,
    /// Force a mode whatever the number of units.
    pub mode: Option<Mode>,
    /// Values per MinHash sketch.
    pub k: usize,
    /// MinHash mode: pairs are reported when their estimated Jaccard reaches this.
    pub threshold: f64,
}

impl Default for SimilarityOptions {
    fn default() -> Self {
        SimilarityOptions {
            ngram: 5,
            exact_max: 1000,
            mode: None,
            k: 256,
            threshold: 0.5,
        }
    }
}

impl SimilarityOptions {
    /// The mode for `n` units.
    pub fn mode_for(&self, n: usize) -> Mode {
        self.mode.unwrap_or(if n <= self.exact_max {
            Mode::Exact
        } else {
            Mode::MinHash
        })
    }

    /// Check the ranges; the message names the option.
    pub fn validate(&self) -> std::result::Result<(), String> {
        if !(2..=crate::textstat::reuse::MAX_NGRAM).contains(&self.ngram) {
            return Err(format!(
                "--ngram must be 2–{}",
                crate::textstat::reuse::MAX_NGRAM
            ));
        }
        if !(16..=4096).contains(&self.k) {
            return Err("--k must be 16–4096".into());
        }
        if !(self.threshold > 0.0 && self.threshold <= 1.0) {
            return Err("--threshold must be above 0 and at most 1".into());
        }
        Ok(())
    }
}

/// The values of one pair of units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairValues {
    /// First unit (index into the units).
    pub a: usize,
    /// Second unit.
    pub b: usize,
    /// Cosine of their TF-IDF vectors (always exact).
    pub cosine: f64,
    /// Jaccard similarity of their shingle sets (exact or estimated).
    pub jaccard: f64,
    /// Share of `a`'s shingles in `b`.
    pub contained_ab: f64,
    /// Share of `b`'s shingles in `a`.
    pub contained_ba: f64,
}

impl PairValues {
    /// A unit with itself: 1 by every measure.
    pub fn itself(a: usize) -> PairValues {
        PairValues {
            a,
            b: a,
            cosine: 1.0,
            jaccard: 1.0,
            contained_ab: 1.0,
            contained_ba: 1.0,
        }
    }
}

/// What a similarity computation found.
#[derive(Debug, Clone)]
pub struct Similarity {
    /// The units, ordered by year.
    pub units: Vec<Unit>,
    /// How pairs were computed.
    pub mode: Mode,
    /// Pairs `a < b`: all of them (exact), or those whose estimated Jaccard reaches the
    /// threshold (MinHash); sorted.
    pub pairs: Vec<PairValues>,
    /// Each unit against each of its predecessors: `a` the unit, `b` the predecessor.
    pub continuity: Vec<PairValues>,
    /// Shingles per unit (distinct).
    pub set_sizes: Vec<usize>,
    /// MinHash mode: the bands `(b, r)` and the number of candidate pairs checked.
    pub lsh: Option<(usize, usize, usize)>,
}

/// Computes the similarity of `units` of `corpus` (TF-IDF over the words `admit` accepts;
/// see the module docs). `predecessors` gives each unit's predecessors (see
/// [`units::predecessors`]).
pub fn similarity(
    corpus: &Corpus,
    dfm: &Dfm,
    units: Vec<Unit>,
    predecessors: &[Vec<usize>],
    admit: &(dyn Fn(&str) -> bool + Sync),
    o: &SimilarityOptions,
) -> Similarity {
    let mode = o.mode_for(units.len());
    let unit_set = |u: &Unit| -> Vec<u64> {
        let parts: Vec<Vec<u64>> = (u.docs.iter())
            .map(|&d| sets::shingle_set(&corpus.documents[d].text, o.ngram))
            .collect();
        match parts.as_slice() {
            [one] => one.clone(),
            _ => sets::union(&parts.iter().map(Vec::as_slice).collect::<Vec<_>>()),
        }
    };
    let continuity_pairs: Vec<(usize, usize)> = (predecessors.iter().enumerate())
        .flat_map(|(a, ps)| ps.iter().map(move |&b| (a, b)))
        .collect();
    // The vectors and the shingles are independent: both at once.
    let vectors = || vectors::tfidf_vectors(dfm, &units, admit);
    match mode {
        Mode::Exact => {
            let n = units.len();
            let (cos, (inter, sizes)) = rayon::join(
                || vectors::pair_cosines(&vectors()),
                || {
                    let all: Vec<Vec<u64>> = units.par_iter().map(unit_set).collect();
                    (
                        sets::pair_intersections(&all),
                        all.iter().map(Vec::len).collect::<Vec<_>>(),
                    )
                },
            );
            let values = |a: usize, b: usize| {
                let (i, j) = (a.min(b), a.max(b));
                let cosine = vectors::rounded(f64::from(cos[i * n + j]));
                exact_pair(a, b, (cosine, inter[i * n + j] as usize), &sizes)
            };
            let pairs: Vec<PairValues> = (0..n)
                .into_par_iter()
                .with_max_len(1)
                .flat_map_iter(|a| (a + 1..n).map(move |b| values(a, b)))
                .collect();
            let continuity = continuity_pairs
                .iter()
                .map(|&(a, b)| values(a, b))
                .collect();
            Similarity {
                set_sizes: sizes,
                units,
                mode,
                pairs,
                continuity,
                lsh: None,
            }
        }
        Mode::MinHash => {
            let (vecs, (sketches, set_sizes)) = rayon::join(vectors, || {
                units
                    .par_iter()
                    .map(|u| {
                        let set = unit_set(u);
                        (minhash::sketch(&set, o.k), set.len())
                    })
                    .unzip::<_, _, Vec<minhash::Sketch>, Vec<usize>>()
            });
            let (b, r) = minhash::bands(o.k, o.threshold);
            let candidates = minhash::candidates(&sketches, b, r);
            let values = |a: usize, b: usize| estimated_pair(a, b, &sketches, &set_sizes, &vecs);
            let pairs: Vec<PairValues> = candidates
                .par_iter()
                .map(|&(x, y)| values(x as usize, y as usize))
                .filter(|p| p.jaccard >= o.threshold)
                .collect();
            let continuity = continuity_pairs
                .par_iter()
                .map(|&(a, b)| values(a, b))
                .collect();
            Similarity {
                lsh: Some((b, r, candidates.len())),
                units,
                mode,
                pairs,
                continuity,
                set_sizes,
            }
        }
    }
}

/// Exact values of units `a` and `b` whose vectors have the cosine `cosine` and whose
/// shingle sets share `inter` shingles (set sizes `sizes`); a unit with itself is 1
/// throughout.
pub fn exact_pair(
    a: usize,
    b: usize,
    (cosine, inter): (f64, usize),
    sizes: &[usize],
) -> PairValues {
    if a == b {
        return PairValues::itself(a);
    }
    PairValues {
        a,
        b,
        cosine,
        jaccard: sets::jaccard_of(inter, sizes[a], sizes[b]),
        contained_ab: sets::containment_of(inter, sizes[a]),
        contained_ba: sets::containment_of(inter, sizes[b]),
    }
}

/// Values of units `a` and `b` from their sketches: Ĵ as estimated, the containments from Ĵ
/// and the exact set sizes (`|A ∩ B| = Ĵ·(|A| + |B|)/(1 + Ĵ)`), the cosine exact.
pub fn estimated_pair(
    a: usize,
    b: usize,
    sketches: &[minhash::Sketch],
    sizes: &[usize],
    vecs: &[Vector],
) -> PairValues {
    if a == b {
        return PairValues::itself(a);
    }
    let j = minhash::estimate(&sketches[a], &sketches[b]);
    let inter = j * (sizes[a] + sizes[b]) as f64 / (1.0 + j);
    let share = |n: usize| {
        if n == 0 {
            0.0
        } else {
            (inter / n as f64).min(1.0)
        }
    };
    PairValues {
        a,
        b,
        cosine: cosine(&vecs[a], &vecs[b]),
        jaccard: j,
        contained_ab: share(sizes[a]),
        contained_ba: share(sizes[b]),
    }
}
