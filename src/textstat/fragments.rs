//! Fragments: candidate words that are mostly a piece of one longer word.
//!
//! jieba cuts words it does not know into pieces, and a piece can look like
//! a term of its own: 常态 comes from 常态化 (常态 / 化), 多措 from 多措并举
//! (多措 / 并举). For a candidate term *t*, every occurrence of *t* as a
//! substring of the cleaned texts is looked at with the tokens around it:
//!
//! - inside a longer token *w* (新常态 holds 常态), it sits inside *w*;
//! - as a token of its own, it sits inside *t* joined with its left or right
//!   neighbour, when that neighbour is a word (not punctuation, a number or a
//!   stopword) and the two make at most [`FragmentOptions::max_chars`]
//!   characters (常态 + 化 = 常态化; longer joins are phrases, not words).
//!
//! The longer word holding most occurrences is *t*'s container; `share` is
//! the fraction of all of *t*'s occurrences inside it. *t* is a fragment
//! when `share >= min_share` (0.5: mostly) and the container itself occurs
//! at least `min_count` times. On the national corpus 常态 sits inside 常态化
//! in 23 of its 30 occurrences (77 %), 多措 inside 多措并举 in 11 of 13.

use std::collections::{BTreeMap, HashMap};

use aho_corasick::{AhoCorasick, MatchKind};

use rayon::prelude::*;

use crate::corpus::Corpus;
use crate::error::Result;
use crate::tokens::{Segmenter, Stopwords, is_content};

/// Thresholds of the fragment test.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct FragmentOptions {
    /// Share of occurrences inside one longer word that makes a fragment.
    pub min_share: f64,
    /// Occurrences the longer word needs (so a one-off join is not a word).
    pub min_count: u64,
    /// Longest join of a token and its neighbour that counts as a word.
    pub max_chars: usize,
}

impl Default for FragmentOptions {
    fn default() -> Self {
        FragmentOptions {
            min_share: 0.5,
            min_count: 3,
            max_chars: 4,
        }
    }
}

/// Where a term's occurrences sit.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Container {
    /// The longer word holding most occurrences.
    pub longer: String,
    /// Occurrences of the term inside it.
    pub inside: u64,
    /// All occurrences of the term (as a substring).
    pub occurrences: u64,
    /// `inside / occurrences`.
    pub share: f64,
}

impl Container {
    /// Whether the term is a fragment of its container under `opts`.
    pub fn is_fragment(&self, opts: &FragmentOptions) -> bool {
        self.share >= opts.min_share && self.inside >= opts.min_count
    }
}

/// The container of each of `terms` (same order; `None` for a term that
/// never sits inside a longer word). The texts are read through
/// [`Corpus::text`] (from disk when a streamed run set them aside).
pub fn containers(
    corpus: &Corpus,
    seg: &Segmenter,
    stop: &Stopwords,
    terms: &[&str],
    opts: &FragmentOptions,
) -> Result<Vec<Option<Container>>> {
    if terms.is_empty() {
        return Ok(vec![]);
    }
    let index: HashMap<&str, usize> = terms.iter().enumerate().map(|(i, t)| (*t, i)).collect();
    let Ok(ac) = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(terms)
    else {
        return Ok(vec![None; terms.len()]);
    };
    // Summed as the documents are read (not kept per document): memory does
    // not grow with the corpus.
    let total = (0..corpus.documents.len())
        .into_par_iter()
        .with_max_len(1)
        .map(|i| -> Result<Tally> { Ok(tally(&corpus.text(i)?, seg, stop, &ac, &index, opts)) })
        .try_reduce(
            || Tally::new(terms.len()),
            |mut a, b| {
                a.add(b);
                Ok(a)
            },
        )?;
    Ok(total
        .inside
        .into_iter()
        .zip(total.occurrences)
        .map(|(by, occurrences)| {
            let (longer, inside) = by
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))?;
            Some(Container {
                share: inside as f64 / occurrences.max(1) as f64,
                longer,
                inside,
                occurrences,
            })
        })
        .collect())
}

/// Per term, its occurrences as a string (overlapping, inside any word)
/// in each year's reports: where the string stands in years the token is
/// absent (粮食产量 holds 产量 long after 产量 stopped being cut as a word).
pub fn string_years(corpus: &Corpus, terms: &[&str]) -> Result<Vec<BTreeMap<i32, u64>>> {
    let Ok(ac) = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(terms)
    else {
        return Ok(vec![BTreeMap::new(); terms.len()]);
    };
    (0..corpus.documents.len())
        .into_par_iter()
        .with_max_len(1)
        .map(|i| -> Result<Vec<BTreeMap<i32, u64>>> {
            let year = corpus.documents[i].year;
            let mut by = vec![BTreeMap::new(); terms.len()];
            for m in ac.find_overlapping_iter(corpus.text(i)?.as_ref()) {
                *by[m.pattern().as_usize()].entry(year).or_insert(0) += 1;
            }
            Ok(by)
        })
        .try_reduce(
            || vec![BTreeMap::new(); terms.len()],
            |mut a, b| {
                for (x, y) in a.iter_mut().zip(b) {
                    for (year, n) in y {
                        *x.entry(year).or_insert(0) += n;
                    }
                }
                Ok(a)
            },
        )
}

/// Per term: occurrences, and occurrences inside each longer word.
struct Tally {
    occurrences: Vec<u64>,
    inside: Vec<HashMap<String, u64>>,
}

impl Tally {
    fn new(n: usize) -> Tally {
        Tally {
            occurrences: vec![0; n],
            inside: vec![HashMap::new(); n],
        }
    }

    fn add(&mut self, other: Tally) {
        for (a, b) in self.occurrences.iter_mut().zip(other.occurrences) {
            *a += b;
        }
        for (a, b) in self.inside.iter_mut().zip(other.inside) {
            for (w, n) in b {
                *a.entry(w).or_default() += n;
            }
        }
    }
}

fn tally(
    text: &str,
    seg: &Segmenter,
    stop: &Stopwords,
    ac: &AhoCorasick,
    index: &HashMap<&str, usize>,
    opts: &FragmentOptions,
) -> Tally {
    let mut t = Tally::new(index.len());
    let mut any = false;
    for m in ac.find_overlapping_iter(text) {
        t.occurrences[m.pattern().as_usize()] += 1;
        any = true;
    }
    if !any {
        return t;
    }
    let tokens = seg.tokens(text);
    let joinable = |w: &str| is_content(w) && !stop.contains(w) && !w.chars().any(char::is_numeric);
    for (k, tok) in tokens.iter().enumerate() {
        let w = tok.word;
        if let Some(&i) = index.get(w) {
            let n = w.chars().count();
            let left = k.checked_sub(1).and_then(|j| tokens.get(j));
            if let Some(l) = left.filter(|l| joinable(l.word))
                && n + l.word.chars().count() <= opts.max_chars
            {
                *t.inside[i].entry(format!("{}{w}", l.word)).or_default() += 1;
            }
            if let Some(r) = tokens.get(k + 1).filter(|r| joinable(r.word))
                && n + r.word.chars().count() <= opts.max_chars
            {
                *t.inside[i].entry(format!("{w}{}", r.word)).or_default() += 1;
            }
        }
        // Terms inside this token (each occurrence once).
        let bounds: Vec<usize> = w.char_indices().map(|(b, _)| b).chain([w.len()]).collect();
        let chars = bounds.len() - 1;
        for a in 0..chars {
            for b in a + 2..=chars {
                if b - a == chars {
                    continue;
                }
                if let Some(&i) = index.get(&w[bounds[a]..bounds[b]]) {
                    *t.inside[i].entry(w.to_string()).or_default() += 1;
                }
            }
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::textstat::testutil::corpus;

    #[test]
    fn pieces_of_longer_words_by_hand() {
        // 常态 occurs 4 times: 3 × in 常态化 (常态 / 化), once in 新常态
        // (a lexicon term, one token). 多措 is always followed by 并举.
        let (_d, c, _) = corpus(
            &[
                (
                    "2020.txt",
                    "推进常态化监管。坚持常态化防控。适应新常态。常态化管理。多措并举稳就业。"
                        .to_string(),
                ),
                ("2021.txt", "多措并举保民生。多措并举促消费。".to_string()),
            ],
            &[],
        );
        let seg = Segmenter::new(&crate::tokens::SegmenterConfig {
            hmm: true,
            dictionaries: vec![crate::tokens::Dictionary::lexicon().unwrap()],
            required: vec![],
        })
        .unwrap();
        let opts = FragmentOptions::default();
        let got = containers(
            &c,
            &seg,
            &Stopwords::builtin().unwrap(),
            &["常态", "多措", "民生"],
            &opts,
        )
        .unwrap();
        let normal = got[0].as_ref().unwrap();
        assert_eq!(normal.occurrences, 4);
        // Whether 常态化 is one token (a lexicon term) or 常态 / 化, the
        // occurrence sits inside 常态化.
        assert_eq!((normal.longer.as_str(), normal.inside), ("常态化", 3));
        assert_eq!(normal.share, 0.75);
        assert!(normal.is_fragment(&opts));
        let many = got[1].as_ref().unwrap();
        assert_eq!(
            (many.longer.as_str(), many.inside, many.occurrences),
            ("多措并举", 3, 3)
        );
        assert!(many.is_fragment(&opts));
        // 民生 occurs once: whatever holds it, once is not a fragment.
        let people = got[2].as_ref().unwrap();
        assert_eq!(people.occurrences, 1);
        assert!(!people.is_fragment(&opts));
    }
}
