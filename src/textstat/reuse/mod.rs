//! Text reuse: passages of target documents that repeat passages of source
//! documents, after passim (Smith, Cordell & Mullen 2015), adapted to
//! Chinese.
//!
//! 1. **Skeleton** ([`skeleton`]): each cleaned text reduced to its Han
//!    characters and digits; every kept character remembers its character
//!    offset in the cleaned text.
//! 2. **Seeds** ([`shingles`](mod@shingles)): character n-grams (default 5) of the
//!    skeleton, hashed; n-grams repeated more than `max_repeat` times in
//!    one document, and (optionally) n-grams found in more than `max_df`
//!    documents, are not seeds. The sources' n-grams are indexed once
//!    (hash → postings); each target looks its n-grams up.
//! 3. **Candidates**: a (source, target) pair allowed by the pairing and
//!    sharing at least `min_shared` distinct seed n-grams.
//! 4. **Chains** ([`chain`](mod@chain)): seeds merged into exact runs, runs chained
//!    along both texts across small edits.
//! 5. **Alignment** ([`align`](mod@align)): banded Smith–Waterman around each chain;
//!    a local alignment of at least `min_chars` Han characters of the
//!    target with identity (matches / alignment columns) at least
//!    `min_identity` is a passage.
//!
//! Definitions, the share formula and a worked example are in
//! `docs/STATISTICS.md` ("Text reuse").

pub mod align;
pub mod chain;
pub mod pairs;
pub mod shingles;
pub mod skeleton;
pub mod tables;
#[cfg(test)]
mod tests;

use rayon::prelude::*;
use rustc_hash::FxHashSet;
use serde::Serialize;

use self::align::{Alignment, align};
use self::chain::{Run, anchored, chains, runs};
use self::shingles::{Shingle, SourceIndex, frequent_hashes, shingles};
use self::skeleton::Skeleton;

/// Longest shingle allowed.
pub const MAX_NGRAM: usize = 16;

/// Targets with at most this many sources are compared with each source
/// directly (a merge of two sorted shingle lists); the others look their
/// shingles up in the index of all such sources. Both give the same seeds.
const DIRECT_MAX: usize = 4;

/// Parameters of reuse detection.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReuseOptions {
    /// Shingle length in characters (2–16).
    pub ngram: usize,
    /// Shortest passage, in Han characters of the target.
    pub min_chars: usize,
    /// Lowest identity (matches / alignment columns) of a passage.
    pub min_identity: f64,
    /// A shingle repeated more often than this in one document is not a
    /// seed there.
    pub max_repeat: usize,
    /// A shingle found in more documents than this is not a seed (0: no
    /// limit). Documents counted: every source and target of the run.
    pub max_df: usize,
    /// A pair is a candidate when it shares at least this many distinct
    /// seed shingles.
    pub min_shared: usize,
    /// Most unseeded characters between two runs of one chain.
    pub max_gap: usize,
    /// Largest shift of the diagonal between two runs of one chain, and
    /// the half-width of the alignment band around the chain.
    pub band: usize,
}

impl Default for ReuseOptions {
    fn default() -> Self {
        ReuseOptions {
            ngram: 5,
            min_chars: 20,
            min_identity: 0.8,
            max_repeat: 8,
            max_df: 0,
            min_shared: 2,
            max_gap: 30,
            band: 8,
        }
    }
}

impl ReuseOptions {
    /// Target characters a chain must anchor before it is aligned:
    /// half the minimum passage, at least one shingle.
    pub fn seed_min(&self) -> usize {
        (self.min_chars / 2).max(self.ngram)
    }

    /// Check the ranges; the message names the option.
    pub fn validate(&self) -> std::result::Result<(), String> {
        if !(2..=MAX_NGRAM).contains(&self.ngram) {
            return Err(format!("--ngram must be 2–{MAX_NGRAM}"));
        }
        if !(0.0..=1.0).contains(&self.min_identity) {
            return Err("--identity must be between 0 and 1".into());
        }
        if self.min_chars < self.ngram {
            return Err(format!(
                "--min-length ({}) must be at least --ngram ({})",
                self.min_chars, self.ngram
            ));
        }
        if self.max_repeat == 0 || self.min_shared == 0 {
            return Err("--max-repeat and --min-shared must be at least 1".into());
        }
        Ok(())
    }
}

/// A target passage that reuses a source passage.
#[derive(Debug, Clone, PartialEq)]
pub struct Passage {
    /// Source document (index into the texts given).
    pub source: usize,
    /// Target document.
    pub target: usize,
    /// Start of the source passage: character offset in the cleaned text.
    pub source_start: usize,
    /// End of the source passage (exclusive).
    pub source_end: usize,
    /// Start of the target passage: character offset in the cleaned text.
    pub target_start: usize,
    /// End of the target passage (exclusive).
    pub target_end: usize,
    /// Han characters of the target passage.
    pub han_chars: usize,
    /// The alignment in skeleton coordinates, with its matches and columns.
    pub alignment: Alignment,
}

impl Passage {
    /// Matches / alignment columns.
    pub fn identity(&self) -> f64 {
        self.alignment.identity()
    }
}

/// A candidate pair: allowed, and sharing enough seed shingles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Candidate {
    /// Source document.
    pub source: usize,
    /// Target document.
    pub target: usize,
    /// Distinct seed shingles they share.
    pub shared: usize,
}

/// What reuse detection found.
#[derive(Debug, Clone, Default)]
pub struct ReuseResult {
    /// Passages, by target, source, target start, source start.
    pub passages: Vec<Passage>,
    /// Candidate pairs, by target and source.
    pub candidates: Vec<Candidate>,
    /// Shingles indexed (postings), for the manifest.
    pub indexed: usize,
}

/// Which sources each target is compared with: `(target, sources)`, all
/// indexes into the texts. A target is never compared with itself.
pub type Pairs = [(usize, Vec<usize>)];

/// The seed shingles of every document in `docs`, each list sorted by
/// hash; shingles repeated more than `max_repeat` times in their document
/// are left out. Documents not in `docs` get an empty list.
pub fn seed_lists(texts: &[&str], docs: &[usize], opts: &ReuseOptions) -> Vec<Vec<Shingle>> {
    let mut want = vec![false; texts.len()];
    for &d in docs {
        want[d] = true;
    }
    texts
        .par_iter()
        .with_max_len(1)
        .enumerate()
        .map(|(i, t)| {
            if want[i] {
                shingles(&Skeleton::new(t), opts.ngram, opts.max_repeat)
            } else {
                vec![]
            }
        })
        .collect()
}

/// Every document that is a target or a source in `pairs`, ascending.
pub fn involved(pairs: &Pairs) -> Vec<usize> {
    let mut v: Vec<usize> = pairs
        .iter()
        .flat_map(|(t, s)| std::iter::once(*t).chain(s.iter().copied()))
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Find the passages of each target that reuse one of its sources.
pub fn find_reuse(texts: &[&str], pairs: &Pairs, opts: &ReuseOptions) -> ReuseResult {
    let docs = involved(pairs);
    let skeletons: Vec<Option<Skeleton>> = {
        let mut want = vec![false; texts.len()];
        for &d in &docs {
            want[d] = true;
        }
        texts
            .par_iter()
            .with_max_len(1)
            .enumerate()
            .map(|(i, t)| want[i].then(|| Skeleton::new(t)))
            .collect()
    };
    let lists: Vec<Vec<Shingle>> = skeletons
        .par_iter()
        .with_max_len(1)
        .map(|s| {
            s.as_ref()
                .map(|s| shingles(s, opts.ngram, opts.max_repeat))
                .unwrap_or_default()
        })
        .collect();
    let frequent = {
        let refs: Vec<&[Shingle]> = docs.iter().map(|&d| lists[d].as_slice()).collect();
        frequent_hashes(&refs, opts.max_df)
    };
    // The index: sources of the targets with many sources.
    let mut indexed_docs: Vec<usize> = pairs
        .iter()
        .filter(|(_, s)| s.len() > DIRECT_MAX)
        .flat_map(|(_, s)| s.iter().copied())
        .collect();
    indexed_docs.sort_unstable();
    indexed_docs.dedup();
    let index = {
        let refs: Vec<&[Shingle]> = indexed_docs.iter().map(|&d| lists[d].as_slice()).collect();
        SourceIndex::build(&refs)
    };
    let ctx = Context {
        skeletons: &skeletons,
        lists: &lists,
        frequent: &frequent,
        index: &index,
        indexed_docs: &indexed_docs,
        opts,
    };
    let per_target: Vec<(Vec<Candidate>, Vec<Passage>)> = pairs
        .par_iter()
        .with_max_len(1)
        .map(|(t, sources)| ctx.target(*t, sources))
        .collect();
    let mut out = ReuseResult {
        indexed: index.len(),
        ..ReuseResult::default()
    };
    for (c, p) in per_target {
        out.candidates.extend(c);
        out.passages.extend(p);
    }
    out.candidates.sort_by_key(|c| (c.target, c.source));
    out.passages
        .sort_by_key(|p| (p.target, p.source, p.target_start, p.source_start));
    out
}

struct Context<'a> {
    skeletons: &'a [Option<Skeleton>],
    lists: &'a [Vec<Shingle>],
    frequent: &'a FxHashSet<u64>,
    index: &'a SourceIndex,
    indexed_docs: &'a [usize],
    opts: &'a ReuseOptions,
}

impl Context<'_> {
    /// Candidates and passages of one target.
    fn target(&self, t: usize, sources: &[usize]) -> (Vec<Candidate>, Vec<Passage>) {
        let mut sources: Vec<usize> = sources.iter().copied().filter(|&s| s != t).collect();
        sources.sort_unstable();
        sources.dedup();
        let seeds = if sources.len() > DIRECT_MAX {
            self.seeds_indexed(t, &sources)
        } else {
            sources.iter().map(|&s| self.seeds_direct(t, s)).collect()
        };
        let mut candidates = Vec::new();
        let mut passages = Vec::new();
        for (&s, (shared, mut seeds)) in sources.iter().zip(seeds) {
            if shared < self.opts.min_shared {
                continue;
            }
            candidates.push(Candidate {
                source: s,
                target: t,
                shared,
            });
            passages.extend(self.pair(t, s, &mut seeds));
        }
        (candidates, passages)
    }

    /// Distinct shared shingles and seeds of `(t, s)`, merging the two
    /// sorted lists.
    fn seeds_direct(&self, t: usize, s: usize) -> (usize, Vec<(u32, u32)>) {
        let (a, b) = (&self.lists[t], &self.lists[s]);
        let (mut i, mut j) = (0, 0);
        let mut shared = 0;
        let mut seeds = Vec::new();
        while i < a.len() && j < b.len() {
            let (ha, hb) = (a[i].0, b[j].0);
            if ha < hb {
                i += 1;
            } else if hb < ha {
                j += 1;
            } else {
                let ie = i + a[i..].iter().take_while(|x| x.0 == ha).count();
                let je = j + b[j..].iter().take_while(|x| x.0 == ha).count();
                if !self.frequent.contains(&ha) {
                    shared += 1;
                    for x in &a[i..ie] {
                        seeds.extend(b[j..je].iter().map(|y| (x.1, y.1)));
                    }
                }
                (i, j) = (ie, je);
            }
        }
        (shared, seeds)
    }

    /// Distinct shared shingles and seeds of `t` with each of `sources`
    /// (sorted), through the index.
    fn seeds_indexed(&self, t: usize, sources: &[usize]) -> Vec<(usize, Vec<(u32, u32)>)> {
        // index number -> position in `sources`
        let mut slot = vec![u32::MAX; self.indexed_docs.len()];
        for (k, s) in sources.iter().enumerate() {
            if let Ok(x) = self.indexed_docs.binary_search(s) {
                slot[x] = k as u32;
            }
        }
        let mut out: Vec<(usize, Vec<(u32, u32)>)> = vec![(0, vec![]); sources.len()];
        for group in self.lists[t].chunk_by(|a, b| a.0 == b.0) {
            let h = group[0].0;
            if self.frequent.contains(&h) {
                continue;
            }
            for run in self.index.get(h).chunk_by(|a, b| a.doc == b.doc) {
                let k = slot[run[0].doc as usize];
                if k == u32::MAX {
                    continue;
                }
                let (shared, seeds) = &mut out[k as usize];
                *shared += 1;
                for x in group {
                    seeds.extend(run.iter().map(|p| (x.1, p.pos)));
                }
            }
        }
        out
    }

    /// The passages of one pair.
    fn pair(&self, t: usize, s: usize, seeds: &mut [(u32, u32)]) -> Vec<Passage> {
        let (Some(ts), Some(ss)) = (&self.skeletons[t], &self.skeletons[s]) else {
            return vec![];
        };
        let o = self.opts;
        let runs = runs(seeds, o.ngram);
        let mut found: Vec<Alignment> = Vec::new();
        for c in chains(&runs, o.ngram, o.max_gap, o.band) {
            align_chain(ts, ss, &c, (0, ts.len()), (0, ss.len()), o, &mut found);
        }
        found.sort_unstable_by_key(|a| (a.t_start, a.s_start, a.t_end, a.s_end));
        found.dedup();
        found
            .into_iter()
            .filter(|a| {
                ts.han_in(a.t_start, a.t_end) >= o.min_chars && a.identity() >= o.min_identity
            })
            .map(|a| {
                let (target_start, target_end) = ts.char_span(a.t_start, a.t_end);
                let (source_start, source_end) = ss.char_span(a.s_start, a.s_end);
                Passage {
                    source: s,
                    target: t,
                    source_start,
                    source_end,
                    target_start,
                    target_end,
                    han_chars: ts.han_in(a.t_start, a.t_end),
                    alignment: a,
                }
            })
            .collect()
    }
}

/// Align one chain inside the bounds, then what is left of it on either
/// side of the alignment found.
fn align_chain(
    t: &Skeleton,
    s: &Skeleton,
    chain: &[Run],
    t_bounds: (usize, usize),
    s_bounds: (usize, usize),
    o: &ReuseOptions,
    out: &mut Vec<Alignment>,
) {
    let (Some(first), Some(last)) = (chain.first(), chain.last()) else {
        return;
    };
    if anchored(chain) < o.seed_min() {
        return;
    }
    let pad = o.ngram + o.band;
    let t_win = (
        (first.t as usize).saturating_sub(pad).max(t_bounds.0),
        (last.t_end() as usize + pad).min(t_bounds.1),
    );
    let s_win = (
        (first.s as usize)
            .saturating_sub(pad + o.band)
            .max(s_bounds.0),
        (last.s_end() as usize + pad + o.band).min(s_bounds.1),
    );
    if t_win.0 >= t_win.1 || s_win.0 >= s_win.1 {
        return;
    }
    let Some(a) = align(&t.codes, &s.codes, chain, t_win, s_win, o.band) else {
        return;
    };
    let left: Vec<Run> = chain
        .iter()
        .filter(|r| r.t_end() as usize <= a.t_start && r.s_end() as usize <= a.s_start)
        .copied()
        .collect();
    let right: Vec<Run> = chain
        .iter()
        .filter(|r| r.t as usize >= a.t_end && r.s as usize >= a.s_end)
        .copied()
        .collect();
    out.push(a);
    align_chain(
        t,
        s,
        &left,
        (t_bounds.0, a.t_start),
        (s_bounds.0, a.s_start),
        o,
        out,
    );
    align_chain(
        t,
        s,
        &right,
        (a.t_end, t_bounds.1),
        (a.s_end, s_bounds.1),
        o,
        out,
    );
}

/// Han characters of `text` inside the union of the character spans
/// `spans` (half-open, in any order, overlapping or not).
pub fn covered_han(text: &str, spans: &[(usize, usize)]) -> usize {
    let mut spans = spans.to_vec();
    spans.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (a, b) in spans {
        match merged.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    let mut n = 0;
    let mut k = 0;
    for (i, c) in text.chars().enumerate() {
        while k < merged.len() && merged[k].1 <= i {
            k += 1;
        }
        if k == merged.len() {
            break;
        }
        if i >= merged[k].0 && crate::corpus::metadata::is_han(c) {
            n += 1;
        }
    }
    n
}
