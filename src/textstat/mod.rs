//! The `textstat` stage: tables of statistics computed from the counts of
//! the `dfm` stage — term trends by year/region/section, automatic term
//! selection, themes, keywords (TF-IDF, TextRank), keyness between groups,
//! emerging and fading terms, KWIC and collocates, text reuse, document
//! similarity, the diffusion of terms across regions. The pure formulas live
//! in [`stats`] (documented in `docs/STATISTICS.md`).

pub mod collocates;
pub mod compare;
pub mod diffusion;
pub mod emerging;
pub mod fragments;
pub mod groups;
pub mod keywords;
pub mod kwic;
pub mod reuse;
pub mod select;
pub mod similarity;
pub mod stats;
pub mod themes;
pub mod trends;
pub mod vocab;

pub use self::select::{Pick, SelectOptions, TermChoice, select_terms};
pub use self::trends::{GroupBy, term_trends, with_rate_intervals};
pub use self::vocab::{Vocab, Vocabulary};

#[cfg(test)]
pub(crate) mod testutil {
    //! Tiny corpora written to a temporary folder, for hand-computed tests.
    use crate::corpus::{Corpus, LoadOptions, load};
    use crate::dfm::Dfm;
    use crate::tokens::{Dictionary, Segmenter, SegmenterConfig};

    /// `(file name, text)` pairs loaded as a corpus and counted.
    pub fn corpus(files: &[(&str, String)], required: &[&str]) -> (tempfile::TempDir, Corpus, Dfm) {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let c = load(dir.path(), &LoadOptions::builtin().unwrap()).unwrap();
        let seg = Segmenter::new(&SegmenterConfig {
            hmm: true,
            dictionaries: vec![Dictionary::lexicon().unwrap()],
            required: required.iter().map(|s| s.to_string()).collect(),
        })
        .unwrap();
        let dfm = Dfm::build(&c, &seg, None);
        (dir, c, dfm)
    }

    /// `word` repeated `n` times, comma-separated.
    pub fn words(parts: &[(&str, usize)]) -> String {
        parts
            .iter()
            .flat_map(|(w, n)| std::iter::repeat_n(*w, *n))
            .collect::<Vec<_>>()
            .join("，")
    }
}
