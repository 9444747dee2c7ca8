//! Keywords per year: TF-IDF with the IDF computed from the corpus being
//! analysed (one document = one report), and TextRank (jieba-rs) on each
//! year's text.
//!
//! `keywords` columns: `year`, `method` (tfidf / textrank), `rank`, `term`,
//! `score`, `count` (occurrences in that year), `df` (reports containing the
//! term), `idf` (TF-IDF rows only; `ln(N/df)`).
//!
//! TF-IDF of a term in a year = (count in the year's reports / content
//! tokens of those reports) × ln(N / df), N = number of reports in the
//! corpus. A term in every report has idf 0 and never ranks. Only words of
//! the vocabulary (content words by default) said at least `min_count`
//! times in the year are ranked; equal scores go by count, then code point.
//! TextRank runs
//! jieba-rs's implementation (co-occurrence window 5, PageRank) over the
//! concatenated text of a year, with our stopwords, keeping nouns, verbal
//! nouns, verbs, place names and the lexicon's policy terms (POS n, vn, v,
//! ns, nz, l). jieba-rs gives a word's PageRank weight times 10¹⁰; the
//! `score` of a TextRank row is that weight over the year's top weight (the
//! top word 1.0, as Python jieba's `textrank` scales it to its top), so
//! scores read the same way in every year.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use jieba_rs::{KeywordExtract, KeywordExtractConfig, TextRank};
use polars::prelude::*;
use rayon::prelude::*;

use super::groups::YearSpec;
use super::select::{eligible, place_names};
use super::stats::{idf, tf_idf};
use super::vocab::{Vocab, Vocabulary};
use crate::corpus::Corpus;
use crate::dfm::Dfm;
use crate::error::Result;
use crate::tokens::{Segmenter, Stopwords};

/// Keyword options.
#[derive(Debug, Clone, serde::Serialize)]
pub struct KeywordOptions {
    /// Keywords per year and method.
    pub top_k: usize,
    /// Only these years (all when `None`).
    pub years: Option<YearSpec>,
    /// Run TextRank too.
    pub textrank: bool,
    /// Words TF-IDF may rank ([`Vocab`]; content words by default).
    pub vocab: Vocab,
    /// TF-IDF ranks a word in a year only from this many occurrences in
    /// that year on: a word said once or twice in one report has the
    /// highest IDF of all and would fill the list with ties.
    pub min_count: u64,
}

impl KeywordOptions {
    /// The defaults of `analyze keywords`: 20 a year, every year,
    /// TextRank too, content words, at least 3 occurrences.
    pub fn new(top_k: usize) -> KeywordOptions {
        KeywordOptions {
            top_k,
            years: None,
            textrank: true,
            vocab: Vocab::Content,
            min_count: 3,
        }
    }
}

/// One keyword row.
#[derive(Debug, Clone, PartialEq)]
pub struct KeywordRow {
    /// Year.
    pub year: i32,
    /// `tfidf` or `textrank`.
    pub method: &'static str,
    /// 1-based rank within the year and method.
    pub rank: u32,
    /// The term.
    pub term: String,
    /// Its score.
    pub score: f64,
    /// Occurrences in the year.
    pub count: u64,
    /// Reports containing it.
    pub df: u64,
    /// Its IDF (TF-IDF only).
    pub idf: Option<f64>,
}

/// Per-year counts and token totals, and document frequencies.
struct YearCounts<'a> {
    by_year: BTreeMap<i32, (HashMap<&'a str, u64>, u64)>,
    df: HashMap<&'a str, u64>,
}

fn year_counts<'a>(corpus: &Corpus, dfm: &'a Dfm) -> YearCounts<'a> {
    let mut by_year: BTreeMap<i32, (HashMap<&str, u64>, u64)> = BTreeMap::new();
    let mut df: HashMap<&str, u64> = HashMap::new();
    for (d, c) in corpus.documents.iter().zip(&dfm.docs) {
        let entry = by_year.entry(d.year).or_default();
        entry.1 += c.tokens_total;
        for (t, n) in c.iter() {
            *entry.0.entry(t).or_default() += u64::from(n);
            *df.entry(t).or_default() += 1;
        }
    }
    YearCounts { by_year, df }
}

/// TF-IDF keywords per year: the words of `vocab` that occur at least
/// `min_count` times in the year, by score, then by count (the more
/// frequent of two equal scores first), then by code point.
pub fn tfidf_keywords(
    corpus: &Corpus,
    dfm: &Dfm,
    stop: &Stopwords,
    vocab: &Vocabulary<'_>,
    opts: &KeywordOptions,
) -> Vec<KeywordRow> {
    let yc = year_counts(corpus, dfm);
    let n = corpus.documents.len();
    let places = place_names(corpus);
    let mut out = Vec::new();
    for (year, (counts, total)) in &yc.by_year {
        if opts.years.as_ref().is_some_and(|y| !y.contains(*year)) {
            continue;
        }
        let mut scored: Vec<(&str, f64, u64, u64, f64)> = counts
            .iter()
            .filter(|(t, c)| **c >= opts.min_count && eligible(t, stop, &places) && vocab.admits(t))
            .map(|(t, c)| {
                let df = yc.df.get(t).copied().unwrap_or(0);
                let w = idf(n, df as usize);
                (*t, tf_idf(*c as f64, *total as f64, w), *c, df, w)
            })
            .filter(|x| x.1 > 0.0)
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(b.0)));
        for (i, (t, score, c, df, w)) in scored.into_iter().take(opts.top_k).enumerate() {
            out.push(KeywordRow {
                year: *year,
                method: "tfidf",
                rank: i as u32 + 1,
                term: t.to_string(),
                score,
                count: c,
                df,
                idf: Some(w),
            });
        }
    }
    out
}

/// TextRank keywords per year (jieba-rs), over each year's texts joined
/// (read through [`Corpus::text`]).
pub fn textrank_keywords(
    corpus: &Corpus,
    dfm: &Dfm,
    seg: &Segmenter,
    stop: &Stopwords,
    opts: &KeywordOptions,
) -> Result<Vec<KeywordRow>> {
    let yc = year_counts(corpus, dfm);
    let places = place_names(corpus);
    // jieba-rs's stop list: our stopwords plus every corpus word we would
    // not pick (place-name parts, words without letters).
    let mut words: BTreeSet<String> = stop.iter().map(str::to_string).collect();
    for (counts, _) in yc.by_year.values() {
        for t in counts.keys() {
            if !eligible(t, stop, &places) {
                words.insert((*t).to_string());
            }
        }
    }
    let config = KeywordExtractConfig::builder()
        .set_stop_words(words)
        .use_hmm(true)
        .min_keyword_length(2)
        .build();
    let tr = TextRank::new(5, config);
    let pos: Vec<String> = ["n", "vn", "v", "ns", "nz", "l"].map(String::from).to_vec();
    let years: Vec<i32> = yc
        .by_year
        .keys()
        .copied()
        .filter(|y| opts.years.as_ref().is_none_or(|s| s.contains(*y)))
        .collect();
    let per_year: Vec<Vec<KeywordRow>> = years
        .par_iter()
        .with_max_len(1)
        .map(|&year| -> Result<Vec<KeywordRow>> {
            // The year's texts (read back one year at a time when a
            // streamed run set them aside).
            let texts = corpus
                .documents
                .iter()
                .enumerate()
                .filter(|(_, d)| d.year == year)
                .map(|(i, _)| corpus.text(i))
                .collect::<Result<Vec<_>>>()?;
            let text = texts.join("\n");
            drop(texts);
            let (counts, _) = &yc.by_year[&year];
            let found = tr.extract_keywords(seg.jieba(), &text, opts.top_k, pos.clone());
            let top = found.iter().map(|k| k.weight).fold(0.0, f64::max);
            Ok(found
                .into_iter()
                .enumerate()
                .map(|(i, k)| KeywordRow {
                    year,
                    method: "textrank",
                    rank: i as u32 + 1,
                    count: counts.get(k.keyword.as_str()).copied().unwrap_or(0),
                    df: yc.df.get(k.keyword.as_str()).copied().unwrap_or(0),
                    term: k.keyword,
                    score: if top > 0.0 { k.weight / top } else { 0.0 },
                    idf: None,
                })
                .collect())
        })
        .collect::<Result<_>>()?;
    Ok(per_year.into_iter().flatten().collect())
}

/// The `keywords` table.
pub fn keywords_frame(rows: &[KeywordRow]) -> Result<DataFrame> {
    Ok(DataFrame::new_infer_height(vec![
        Column::new(
            "year".into(),
            rows.iter().map(|r| r.year).collect::<Vec<i32>>(),
        ),
        Column::new(
            "method".into(),
            rows.iter().map(|r| r.method).collect::<Vec<_>>(),
        ),
        Column::new(
            "rank".into(),
            rows.iter().map(|r| r.rank).collect::<Vec<u32>>(),
        ),
        Column::new(
            "term".into(),
            rows.iter().map(|r| r.term.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "score".into(),
            rows.iter().map(|r| r.score).collect::<Vec<f64>>(),
        ),
        Column::new(
            "count".into(),
            rows.iter().map(|r| r.count).collect::<Vec<u64>>(),
        ),
        Column::new("df".into(), rows.iter().map(|r| r.df).collect::<Vec<u64>>()),
        Column::new(
            "idf".into(),
            rows.iter().map(|r| r.idf).collect::<Vec<Option<f64>>>(),
        ),
    ])?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::textstat::testutil::{corpus, words};

    #[test]
    fn tfidf_by_hand() {
        // Three reports of 10 tokens. 农业 is in every report (idf 0),
        // 创新 only in 2020 (df 1), 服务 in 2010 and 2020 (df 2).
        let (_d, c, dfm) = corpus(
            &[
                ("2000.txt", words(&[("农业", 10)])),
                ("2010.txt", words(&[("农业", 8), ("服务", 2)])),
                ("2020.txt", words(&[("农业", 2), ("创新", 5), ("服务", 3)])),
            ],
            &[],
        );
        let opts = KeywordOptions {
            textrank: false,
            vocab: Vocab::All,
            min_count: 1,
            ..KeywordOptions::new(5)
        };
        let rows = tfidf_keywords(&c, &dfm, &Stopwords::default(), &Vocabulary::all(), &opts);
        let y2020: Vec<(&str, f64)> = rows
            .iter()
            .filter(|r| r.year == 2020)
            .map(|r| (r.term.as_str(), r.score))
            .collect();
        // 创新: 5/10 × ln(3/1); 服务: 3/10 × ln(3/2); 农业: idf 0, dropped.
        let expected = [("创新", 0.5 * 3f64.ln()), ("服务", 0.3 * 1.5f64.ln())];
        assert_eq!(y2020.len(), 2);
        for ((t, s), (et, es)) in y2020.iter().zip(expected) {
            assert_eq!(*t, et);
            assert!((s - es).abs() < 1e-12, "{t}: {s} vs {es}");
        }
        assert!(
            rows.iter().all(|r| r.year != 2000),
            "2000 has only an idf-0 word"
        );
    }

    #[test]
    fn rare_words_and_ties() {
        // 2020: 创新 5 times, 服务 3, 偶尔 2 and 一手 2, all only in 2020
        // (df 1, the same IDF): with min_count 3 the two said twice are
        // left out; with 1 they come after the others, and of 偶尔 and
        // 一手, with equal scores and counts, by code point (一 U+4E00
        // before 偶 U+5076).
        let (_d, c, dfm) = corpus(
            &[
                ("2010.txt", words(&[("农业", 10)])),
                (
                    "2020.txt",
                    words(&[
                        ("农业", 2),
                        ("创新", 5),
                        ("服务", 3),
                        ("偶尔", 2),
                        ("一手", 2),
                    ]),
                ),
            ],
            &[],
        );
        let terms = |min_count: u64| -> Vec<String> {
            let opts = KeywordOptions {
                textrank: false,
                vocab: Vocab::All,
                min_count,
                ..KeywordOptions::new(10)
            };
            tfidf_keywords(&c, &dfm, &Stopwords::default(), &Vocabulary::all(), &opts)
                .into_iter()
                .filter(|r| r.year == 2020)
                .map(|r| r.term)
                .collect()
        };
        assert_eq!(terms(3), ["创新", "服务"]);
        assert_eq!(terms(1), ["创新", "服务", "一手", "偶尔"]);
    }
}
