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

/// Word → count map (FxHash: word counting is hashing-bound).
pub type Counts = rustc_hash::FxHashMap<String, u32>;

/// Word counts of one document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocCounts {
    /// Content-token frequencies (punctuation, whitespace, numbers dropped).
    pub counts: Counts,
    /// Number of content tokens (stopwords included).
    pub tokens_total: u64,
}

impl DocCounts {
    /// Count the content tokens of `text`.
    pub fn of(seg: &Segmenter, text: &str) -> DocCounts {
        // Count borrowed words first (no allocation per token), then own
        // each distinct word once.
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
        let mut counts = Counts::with_capacity_and_hasher(borrowed.len(), Default::default());
        counts.extend(borrowed.into_iter().map(|(w, n)| (w.to_string(), n)));
        DocCounts {
            counts,
            tokens_total: total,
        }
    }

    /// How often `term` occurs as a token.
    pub fn get(&self, term: &str) -> u32 {
        self.counts.get(term).copied().unwrap_or(0)
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
            let mut pairs: Vec<(&String, &u32)> = c.counts.iter().collect();
            pairs.sort_unstable();
            for (t, n) in pairs {
                doc_ids.push(doc.doc_id.as_str());
                terms.push(t.as_str());
                counts.push(*n);
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
