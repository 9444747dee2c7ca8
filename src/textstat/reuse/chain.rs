//! From seeds to chains. The seeds of one (target, source) pair are the
//! positions `(t, s)` where both share a shingle. Seeds on one diagonal
//! (`s − t`) whose shingles overlap or touch merge into a *run* — a stretch
//! where both texts agree character for character. Runs are then chained
//! in order along both texts, allowing at most `max_gap` unseeded
//! characters between consecutive runs and a shift of at most `band`
//! between their diagonals (the net insertions and deletions in between).
//! Each chain is one candidate passage for the alignment stage.

/// A stretch of `len` characters equal in both texts (up to hash
/// collisions, which the alignment stage does not trust anyway).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    /// Start in the target skeleton.
    pub t: u32,
    /// Start in the source skeleton.
    pub s: u32,
    /// Length in characters (at least the shingle length).
    pub len: u32,
}

impl Run {
    /// End in the target (exclusive).
    pub fn t_end(&self) -> u32 {
        self.t + self.len
    }

    /// End in the source (exclusive).
    pub fn s_end(&self) -> u32 {
        self.s + self.len
    }

    /// The diagonal `s − t`.
    pub fn diag(&self) -> i64 {
        i64::from(self.s) - i64::from(self.t)
    }
}

/// Merge the seeds `(t, s)` of shingles of length `n` into runs, sorted by
/// `(t, s)`. `seeds` is reordered.
pub fn runs(seeds: &mut [(u32, u32)], n: usize) -> Vec<Run> {
    seeds.sort_unstable_by_key(|&(t, s)| (i64::from(s) - i64::from(t), t));
    let n = n as u32;
    let mut out: Vec<Run> = Vec::new();
    let mut cur: Option<Run> = None;
    for &(t, s) in seeds.iter() {
        match &mut cur {
            Some(r) if r.diag() == i64::from(s) - i64::from(t) && t <= r.t_end() => {
                r.len = r.len.max(t + n - r.t);
            }
            _ => {
                out.extend(cur.take());
                cur = Some(Run { t, s, len: n });
            }
        }
    }
    out.extend(cur);
    out.sort_unstable_by_key(|r| (r.t, r.s));
    out
}

/// Target characters covered by `runs` (their union).
pub fn anchored(runs: &[Run]) -> usize {
    let mut spans: Vec<(u32, u32)> = runs.iter().map(|r| (r.t, r.t_end())).collect();
    spans.sort_unstable();
    let (mut total, mut end) = (0usize, 0u32);
    for (a, b) in spans {
        let a = a.max(end);
        if b > a {
            total += (b - a) as usize;
            end = b;
        }
    }
    total
}

/// How many earlier runs a run looks back at for its predecessor.
const LOOKBACK: usize = 64;

/// Chain `runs` (sorted by `(t, s)`): each chain in target order; chains
/// in order of their first run.
pub fn chains(runs: &[Run], n: usize, max_gap: usize, band: usize) -> Vec<Vec<Run>> {
    let k = n as i64;
    let (max_gap, band) = (max_gap as i64, band as i64);
    let mut score = vec![0i64; runs.len()];
    let mut pred: Vec<Option<usize>> = vec![None; runs.len()];
    for i in 0..runs.len() {
        let r = runs[i];
        score[i] = i64::from(r.len);
        for j in (i.saturating_sub(LOOKBACK)..i).rev() {
            let p = runs[j];
            let gap_t = i64::from(r.t) - i64::from(p.t_end());
            let gap_s = i64::from(r.s) - i64::from(p.s_end());
            if gap_t < 1 - k || gap_s < 1 - k || gap_t.max(gap_s) > max_gap {
                continue;
            }
            let drift = (gap_t - gap_s).abs();
            if drift > band || r.t <= p.t || r.s <= p.s {
                continue;
            }
            let overlap = (-gap_t.min(gap_s)).max(0);
            let s = score[j] + i64::from(r.len) - overlap - drift;
            if s > score[i] {
                score[i] = s;
                pred[i] = Some(j);
            }
        }
    }
    // Best chain ends first; a chain stops where it meets a used run.
    let mut order: Vec<usize> = (0..runs.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(score[i]), i));
    let mut used = vec![false; runs.len()];
    let mut out: Vec<Vec<Run>> = Vec::new();
    for i in order {
        if used[i] {
            continue;
        }
        let mut chain = Vec::new();
        let mut at = Some(i);
        while let Some(j) = at {
            if used[j] {
                break;
            }
            used[j] = true;
            chain.push(runs[j]);
            at = pred[j];
        }
        chain.reverse();
        out.push(chain);
    }
    out.sort_by_key(|c| (c[0].t, c[0].s));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_merge_into_runs_per_diagonal() {
        // Shingles of 3: seeds at t = 0, 1, 2 on diagonal +5, a missing
        // seed (t = 3), t = 4 (still touching: 2 + 3 = 5 > 4), then t = 20.
        let mut seeds = vec![(0, 5), (1, 6), (2, 7), (4, 9), (20, 25), (1, 40)];
        let r = runs(&mut seeds, 3);
        assert_eq!(
            r,
            [
                Run { t: 0, s: 5, len: 7 },
                Run {
                    t: 1,
                    s: 40,
                    len: 3
                },
                Run {
                    t: 20,
                    s: 25,
                    len: 3
                },
            ]
        );
        assert_eq!(anchored(&r), 10);
    }

    #[test]
    fn runs_chain_across_small_edits_but_not_across_long_gaps() {
        let runs = [
            Run {
                t: 0,
                s: 0,
                len: 10,
            },
            // one substitution, then an insertion in the target: diagonal −1
            Run {
                t: 11,
                s: 11,
                len: 8,
            },
            Run {
                t: 21,
                s: 20,
                len: 9,
            },
            // a stretch of 40 unseeded characters: a new chain
            Run {
                t: 70,
                s: 69,
                len: 12,
            },
            // a repeat elsewhere in the source, same target span
            Run {
                t: 71,
                s: 500,
                len: 6,
            },
        ];
        let c = chains(&runs, 5, 20, 8);
        assert_eq!(c.len(), 3);
        assert_eq!(c[0], runs[..3]);
        assert_eq!(c[1], [runs[3]]);
        assert_eq!(c[2], [runs[4]]);
    }
}
