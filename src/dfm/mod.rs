//! The `dfm` stage (document × feature counts): segment every document once,
//! in parallel, and keep per-document word counts; expose them as Polars
//! frames for grouping.
//!
//! Counts are kept raw; weighting (per 10k tokens or characters) happens
//! after grouping, never before (summed weights would be wrong).

pub mod cache;
pub mod units;

use indicatif::ProgressBar;
use polars::prelude::*;
use rayon::prelude::*;

use crate::corpus::{Corpus, Document};
use crate::error::Result;
use crate::tokens::{Segmenter, is_content};

/// Word → count map used while counting (FxHash: counting is hashing-bound).
pub type Counts = rustc_hash::FxHashMap<String, u32>;

/// One entry of a packed [`DocCounts`]: the word's hash, where its text
/// ends in the word buffer, and its count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Entry {
    hash: u32,
    end: u32,
    count: u32,
}

/// The 32-bit hash that orders a packed [`DocCounts`] (XXH3, stable across
/// runs and platforms, so cache files and outputs are reproducible).
fn word_hash(word: &str) -> u32 {
    xxhash_rust::xxh3::xxh3_64(word.as_bytes()) as u32
}

/// Word counts of one document, packed: the distinct words in one buffer and
/// one 12-byte entry per word, ordered by the word's hash. About a third of
/// the memory of a hash map of `String`s, written to and read from the
/// segmentation cache as-is, and looked up by binary search.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocCounts {
    /// Distinct words, concatenated in entry order.
    words: Box<str>,
    /// Sorted by (hash, word).
    entries: Box<[Entry]>,
    /// Number of content tokens (stopwords included).
    pub tokens_total: u64,
}

impl DocCounts {
    /// Count the content tokens of `text` (punctuation, whitespace and
    /// numbers are not content; see [`is_content`]).
    pub fn of(seg: &Segmenter, text: &str) -> DocCounts {
        // Count borrowed words (no allocation per token), then pack.
        // About one distinct word per 25 bytes of Chinese text.
        let mut borrowed: rustc_hash::FxHashMap<&str, u32> =
            rustc_hash::FxHashMap::with_capacity_and_hasher(text.len() / 25, Default::default());
        let mut total = 0u64;
        seg.each_token(text, |t| {
            if is_content(t.word) {
                total += 1;
                *borrowed.entry(t.word).or_insert(0) += 1;
            }
        });
        DocCounts::from_pairs(borrowed, total)
    }

    /// Pack `(word, count)` pairs (each word once) with `tokens_total`.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, u32)>,
        tokens_total: u64,
    ) -> DocCounts {
        let mut keyed: Vec<(u32, &str, u32)> = pairs
            .into_iter()
            .map(|(w, n)| (word_hash(w), w, n))
            .collect();
        // Integer keys first: string comparisons only on hash collisions.
        keyed.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)));
        let mut words = String::with_capacity(keyed.iter().map(|k| k.1.len()).sum());
        let mut entries = Vec::with_capacity(keyed.len());
        for (hash, w, count) in keyed {
            words.push_str(w);
            entries.push(Entry {
                hash,
                end: words.len() as u32,
                count,
            });
        }
        DocCounts {
            words: words.into_boxed_str(),
            entries: entries.into_boxed_slice(),
            tokens_total,
        }
    }

    /// How often `term` occurs as a token.
    pub fn get(&self, term: &str) -> u32 {
        let h = word_hash(term);
        let mut i = self.entries.partition_point(|e| e.hash < h);
        while let Some(e) = self.entries.get(i).filter(|e| e.hash == h) {
            if self.word(i) == term {
                return e.count;
            }
            i += 1;
        }
        0
    }

    /// The word of entry `i`.
    fn word(&self, i: usize) -> &str {
        let start = if i == 0 {
            0
        } else {
            self.entries[i - 1].end as usize
        };
        &self.words[start..self.entries[i].end as usize]
    }

    /// Every `(word, count)`, in hash order (sort for presentation).
    pub fn iter(&self) -> impl Iterator<Item = (&str, u32)> + '_ {
        let mut start = 0usize;
        self.entries.iter().map(move |e| {
            let end = e.end as usize;
            let w = &self.words[start..end];
            start = end;
            (w, e.count)
        })
    }

    /// The distinct words, in hash order.
    pub fn terms(&self) -> impl Iterator<Item = &str> + '_ {
        self.iter().map(|(w, _)| w)
    }

    /// Number of distinct words.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the document has no content word.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The packed layout: the word buffer and `(hash, end, count)` entries
    /// (what the segmentation cache stores).
    pub(crate) fn raw(&self) -> (&str, Vec<(u32, u32, u32)>) {
        (
            &self.words,
            self.entries
                .iter()
                .map(|e| (e.hash, e.end, e.count))
                .collect(),
        )
    }

    /// Rebuild from [`DocCounts::raw`]'s parts, checking the layout: word
    /// ends strictly increasing on character boundaries, covering the
    /// buffer, hashes matching their words and in order. `None` if not.
    pub(crate) fn from_raw(
        words: &str,
        entries: &[(u32, u32, u32)],
        tokens_total: u64,
    ) -> Option<DocCounts> {
        let mut start = 0usize;
        let mut prev_hash = 0u32;
        let mut packed = Vec::with_capacity(entries.len());
        for &(hash, end, count) in entries {
            let end_us = end as usize;
            if end_us <= start || !words.is_char_boundary(end_us) || hash < prev_hash {
                return None;
            }
            if word_hash(words.get(start..end_us)?) != hash {
                return None;
            }
            packed.push(Entry { hash, end, count });
            start = end_us;
            prev_hash = hash;
        }
        (start == words.len()).then(|| DocCounts {
            words: words.into(),
            entries: packed.into_boxed_slice(),
            tokens_total,
        })
    }

    /// The counts as an owned map (tests and small documents).
    pub fn to_map(&self) -> Counts {
        self.iter().map(|(w, n)| (w.to_string(), n)).collect()
    }
}

/// Per-document counts, aligned with `corpus.documents`.
#[derive(Debug, Clone, Default)]
pub struct Dfm {
    /// One entry per document, in corpus order.
    pub docs: Vec<DocCounts>,
}

impl Dfm {
    /// Segment and count every document of `corpus` (in parallel).
    /// `progress`, if given, advances by each document's byte length.
    pub fn build(corpus: &Corpus, seg: &Segmenter, progress: Option<&ProgressBar>) -> Dfm {
        let docs = corpus
            .documents
            .par_iter()
            .map(|d: &Document| {
                let c = DocCounts::of(seg, &d.text);
                if let Some(p) = progress {
                    p.inc(d.text.len() as u64);
                }
                c
            })
            .collect();
        Dfm { docs }
    }

    /// Like [`Dfm::build`], reading and filling `cache`: documents that
    /// contain a requested term outside the dictionaries are segmented
    /// directly (their segmentation depends on it).
    pub fn build_cached(
        corpus: &Corpus,
        seg: &Segmenter,
        cache: &cache::Cache,
        progress: Option<&ProgressBar>,
    ) -> Dfm {
        let extra = seg.extra_terms();
        let docs = corpus
            .documents
            .par_iter()
            .map(|d: &Document| {
                let c = if extra.iter().any(|t| d.text.contains(t.as_str())) {
                    cache.note_bypass();
                    DocCounts::of(seg, &d.text)
                } else {
                    cache.get_or_insert(&d.sha256, || DocCounts::of(seg, &d.text))
                };
                if let Some(p) = progress {
                    p.inc(d.text.len() as u64);
                }
                c
            })
            .collect();
        Dfm { docs }
    }

    /// Total content tokens.
    pub fn tokens_total(&self) -> u64 {
        self.docs.iter().map(|d| d.tokens_total).sum()
    }

    /// The long table `doc_id, term, count` of every (document, word) pair
    /// with a non-zero count, sorted by document then term.
    pub fn to_frame(&self, corpus: &Corpus) -> Result<DataFrame> {
        let mut doc_ids = Vec::new();
        let mut terms = Vec::new();
        let mut counts = Vec::new();
        for (doc, c) in corpus.documents.iter().zip(&self.docs) {
            let mut pairs: Vec<(&str, u32)> = c.iter().collect();
            pairs.sort_unstable();
            for (t, n) in pairs {
                doc_ids.push(doc.doc_id.as_str());
                terms.push(t);
                counts.push(n);
            }
        }
        Ok(DataFrame::new_infer_height(vec![
            Column::new("doc_id".into(), doc_ids),
            Column::new("term".into(), terms),
            Column::new("count".into(), counts),
        ])?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::{Dictionary, SegmenterConfig};

    #[test]
    fn counts_and_totals() {
        let seg = Segmenter::new(&SegmenterConfig {
            hmm: true,
            dictionaries: vec![Dictionary::lexicon().unwrap()],
            required: vec![],
        })
        .unwrap();
        let c = DocCounts::of(&seg, "发展数字经济。数字经济增长10%!");
        assert_eq!(c.get("数字经济"), 2);
        // 发展 数字经济 数字经济 增长 = 4 words; 。 10 % ! dropped.
        assert_eq!(c.tokens_total, 4);
    }
}
