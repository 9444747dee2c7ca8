//! Seeds: character n-grams ("shingles") of skeletons, their hashes, and
//! the index of the sources' shingles (hash → postings) that every target
//! is looked up in.
//!
//! A shingle's hash is XXH3-64 of its `n` code points written as 32-bit
//! little-endian integers (reproducible anywhere). A shingle that occurs
//! more than `max_repeat` times in one document is dropped from that
//! document: in a report such n-grams are stock phrases (高质量发展 …),
//! and a passage that really is reused keeps its other shingles.

use rustc_hash::{FxHashMap, FxHashSet};

use super::skeleton::Skeleton;

/// One shingle occurrence: `(hash, position in the skeleton)`.
pub type Shingle = (u64, u32);

/// Hash of the `n` code points `codes`.
pub fn hash(codes: &[u32]) -> u64 {
    let mut buf = [0u8; 4 * super::MAX_NGRAM];
    for (i, c) in codes.iter().enumerate() {
        buf[4 * i..4 * i + 4].copy_from_slice(&c.to_le_bytes());
    }
    xxhash_rust::xxh3::xxh3_64(&buf[..4 * codes.len()])
}

/// The shingles of `s`, sorted by `(hash, pos)`, without those occurring
/// more than `max_repeat` times.
pub fn shingles(s: &Skeleton, n: usize, max_repeat: usize) -> Vec<Shingle> {
    if s.len() < n {
        return vec![];
    }
    let mut v: Vec<Shingle> = s
        .codes
        .windows(n)
        .enumerate()
        .map(|(i, w)| (hash(w), i as u32))
        .collect();
    v.sort_unstable();
    let mut out = Vec::with_capacity(v.len());
    for group in v.chunk_by(|a, b| a.0 == b.0) {
        if group.len() <= max_repeat {
            out.extend_from_slice(group);
        }
    }
    out
}

/// Hashes found in more than `max_df` of the documents `lists` (each list
/// sorted by hash); empty when `max_df` is 0 (no limit).
pub fn frequent_hashes(lists: &[&[Shingle]], max_df: usize) -> FxHashSet<u64> {
    if max_df == 0 {
        return FxHashSet::default();
    }
    let mut all: Vec<u64> = Vec::new();
    for l in lists {
        let mut prev = None;
        for &(h, _) in l.iter() {
            if prev != Some(h) {
                all.push(h);
                prev = Some(h);
            }
        }
    }
    rayon::slice::ParallelSliceMut::par_sort_unstable(&mut all[..]);
    all.chunk_by(|a, b| a == b)
        .filter(|g| g.len() > max_df)
        .map(|g| g[0])
        .collect()
}

/// One occurrence in a source: `(source number, position)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Posting {
    /// The source's number in the index.
    pub doc: u32,
    /// Position in its skeleton.
    pub pos: u32,
}

/// The shingles of a set of sources: hash → postings sorted by
/// `(doc, pos)`.
#[derive(Debug, Default)]
pub struct SourceIndex {
    slots: FxHashMap<u64, (u32, u32)>,
    postings: Vec<Posting>,
}

impl SourceIndex {
    /// Index the shingle lists of sources `0..lists.len()`.
    pub fn build(lists: &[&[Shingle]]) -> SourceIndex {
        let total: usize = lists.iter().map(|l| l.len()).sum();
        let mut all: Vec<(u64, Posting)> = Vec::with_capacity(total);
        for (doc, l) in lists.iter().enumerate() {
            all.extend(l.iter().map(|&(h, pos)| {
                (
                    h,
                    Posting {
                        doc: doc as u32,
                        pos,
                    },
                )
            }));
        }
        rayon::slice::ParallelSliceMut::par_sort_unstable(&mut all[..]);
        let mut slots = FxHashMap::default();
        slots.reserve(total / 2);
        let mut postings = Vec::with_capacity(total);
        for group in all.chunk_by(|a, b| a.0 == b.0) {
            slots.insert(group[0].0, (postings.len() as u32, group.len() as u32));
            postings.extend(group.iter().map(|x| x.1));
        }
        SourceIndex { slots, postings }
    }

    /// The postings of `hash` (empty when no source has it).
    pub fn get(&self, hash: u64) -> &[Posting] {
        match self.slots.get(&hash) {
            Some(&(start, len)) => &self.postings[start as usize..(start + len) as usize],
            None => &[],
        }
    }

    /// Number of postings.
    pub fn len(&self) -> usize {
        self.postings.len()
    }

    /// Whether nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.postings.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sk(s: &str) -> Skeleton {
        Skeleton::new(s)
    }

    #[test]
    fn repeated_shingles_are_dropped_from_their_document() {
        // 发展经济 three times, 加快 once: with n = 2 and max_repeat = 2,
        // 发展/展经/经济 (3 each) go, the rest stay.
        let s = sk("发展经济,发展经济,发展经济,加快");
        let all = shingles(&s, 2, 10);
        assert_eq!(all.len(), s.len() - 1);
        let capped = shingles(&s, 2, 2);
        let kept: FxHashSet<u64> = capped.iter().map(|x| x.0).collect();
        assert!(!kept.contains(&hash(&['发' as u32, '展' as u32])));
        assert!(kept.contains(&hash(&['加' as u32, '快' as u32])));
        // 济发 occurs twice (between the copies): kept, with 济加 and 加快.
        assert!(kept.contains(&hash(&['济' as u32, '发' as u32])));
        assert_eq!(capped.len(), 4);
        assert!(capped.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn index_lookups_and_document_frequency() {
        let a = shingles(&sk("甲乙丙丁"), 2, 8);
        let b = shingles(&sk("乙丙戊"), 2, 8);
        let idx = SourceIndex::build(&[&a, &b]);
        let h = hash(&['乙' as u32, '丙' as u32]);
        assert_eq!(
            idx.get(h),
            [Posting { doc: 0, pos: 1 }, Posting { doc: 1, pos: 0 }]
        );
        assert!(idx.get(hash(&['戊' as u32, '己' as u32])).is_empty());
        assert_eq!(idx.len(), 5);
        let frequent = frequent_hashes(&[&a, &b], 1);
        assert_eq!(frequent.into_iter().collect::<Vec<_>>(), [h]);
        assert!(frequent_hashes(&[&a, &b], 0).is_empty());
    }
}
