//! Automatic term selection: the strongest risers and fallers between the
//! earliest and latest thirds of the period, plus the most frequent words.
//!
//! Rates are per 10,000 content tokens, computed from counts summed over
//! every document of a third (never from averaged rates). A term must occur
//! at least `min_count` times in the two thirds together, so rare words do
//! not win on noise. Stopwords, single-character words, words without a
//! letter or Han character, and parts of the corpus's own region names
//! (北京 of 北京市) are never picked; nor are words outside the vocabulary
//! (`--vocab`, content words by default, see [`super::vocab`]) or pieces of
//! longer words (常态 of 常态化, see [`super::fragments`]).

use std::collections::HashMap;

use super::fragments::{FragmentOptions, containers};
use super::vocab::{Vocab, Vocabulary};
use crate::corpus::Corpus;
use crate::dfm::Dfm;
use crate::error::Result;
use crate::tokens::Stopwords;

/// Why a term is in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Pick {
    /// The user asked for it.
    Requested,
    /// It rose most.
    Riser,
    /// It fell most.
    Faller,
    /// It is among the most frequent words.
    Frequent,
}

impl Pick {
    /// Lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Pick::Requested => "requested",
            Pick::Riser => "riser",
            Pick::Faller => "faller",
            Pick::Frequent => "frequent",
        }
    }
}

/// A term and why it was chosen.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TermChoice {
    /// The term.
    pub term: String,
    /// The kind of reason.
    pub pick: Pick,
    /// The reason in words, with the numbers behind it.
    pub reason: String,
}

impl TermChoice {
    /// A term the user asked for.
    pub fn requested(term: &str) -> TermChoice {
        TermChoice {
            term: term.to_string(),
            pick: Pick::Requested,
            reason: "requested".into(),
        }
    }
}

/// How many terms of each kind to pick.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct SelectOptions {
    /// Strongest risers.
    pub risers: usize,
    /// Strongest fallers.
    pub fallers: usize,
    /// Most frequent words (besides the above).
    pub frequent: usize,
    /// Minimum count in the two thirds together for a riser/faller.
    pub min_count: u64,
    /// The vocabulary picks are drawn from.
    pub vocab: Vocab,
    /// The fragment test applied to candidates.
    pub fragments: FragmentOptions,
}

impl Default for SelectOptions {
    fn default() -> Self {
        SelectOptions {
            risers: 3,
            fallers: 3,
            frequent: 2,
            min_count: 20,
            vocab: Vocab::Content,
            fragments: FragmentOptions::default(),
        }
    }
}

/// The years of the earliest and latest thirds of the span of `years`.
/// `None` with fewer than three distinct years.
pub fn thirds(years: &[i32]) -> Option<(Vec<i32>, Vec<i32>)> {
    if years.len() < 3 {
        return None;
    }
    let (min, max) = (*years.first()?, *years.last()?);
    let third = f64::from(max - min) / 3.0;
    let early = years
        .iter()
        .copied()
        .filter(|&y| f64::from(y) <= f64::from(min) + third)
        .collect();
    let late = years
        .iter()
        .copied()
        .filter(|&y| f64::from(y) >= f64::from(max) - third)
        .collect();
    Some((early, late))
}

/// Whether `term` may be picked as a keyword or trend term: two or more
/// characters, not a stopword, has a letter, not a number written in
/// Chinese digits (一九五, 二〇二三: pieces of dates such as 一九五四年, which
/// jieba cuts apart; 十四五 and 五四 stay), not part of a region name.
pub fn eligible(term: &str, stop: &Stopwords, places: &[String]) -> bool {
    let digits = |c: char| "〇○零一二三四五六七八九".contains(c);
    term.chars().count() >= 2
        && !stop.contains(term)
        && term.chars().any(char::is_alphabetic)
        && !(term.chars().count() >= 3 && term.chars().all(digits))
        && !places.iter().any(|p| p.contains(term))
}

/// Region and province names of the corpus: their parts (北京 of 北京市)
/// say where a report is from, not what it emphasises.
pub fn place_names(corpus: &Corpus) -> Vec<String> {
    let mut names: Vec<String> = corpus
        .documents
        .iter()
        .flat_map(|d| [d.region.clone(), d.province.clone()])
        .flatten()
        .collect();
    names.sort();
    names.dedup();
    names
}

/// How many ranked candidates of each kind are checked for being fragments.
const POOL: usize = 10;

/// Pick terms automatically (see the module docs). `vocab` decides which
/// words may be picked; with a segmenter it also drives the fragment test.
pub fn select_terms(
    corpus: &Corpus,
    dfm: &Dfm,
    stop: &Stopwords,
    vocab: &Vocabulary<'_>,
    opts: &SelectOptions,
) -> Result<Vec<TermChoice>> {
    let years = corpus.years();
    let places = place_names(corpus);
    let admitted = |t: &str| eligible(t, stop, &places) && vocab.admits(t);
    let mut want_frequent = opts.frequent;
    let scored = match thirds(&years) {
        Some((early, late)) => trend_scores(corpus, dfm, opts, &early, &late, &admitted),
        None => {
            want_frequent += opts.risers + opts.fallers;
            Scored::default()
        }
    };
    let mut totals: HashMap<&str, u64> = HashMap::new();
    for c in &dfm.docs {
        for (t, n) in c.iter() {
            *totals.entry(t).or_default() += u64::from(n);
        }
    }
    let mut ranked: Vec<(&str, u64)> = totals.into_iter().filter(|(t, _)| admitted(t)).collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let risers: Vec<&Score> = scored.rows.iter().filter(|s| s.change > 0.0).collect();
    let fallers: Vec<&Score> = scored
        .rows
        .iter()
        .rev()
        .filter(|s| s.change < 0.0)
        .collect();
    // Check the leading candidates of each kind for being fragments.
    let mut pool: Vec<&str> = risers
        .iter()
        .take(POOL * opts.risers.max(1))
        .chain(fallers.iter().take(POOL * opts.fallers.max(1)))
        .map(|s| s.term)
        .chain(ranked.iter().take(POOL * want_frequent.max(1)).map(|r| r.0))
        .collect();
    pool.sort_unstable();
    pool.dedup();
    let fragment: std::collections::HashSet<&str> = match vocab.segmenter() {
        Some(seg) => pool
            .iter()
            .zip(containers(corpus, seg, stop, &pool, &opts.fragments)?)
            .filter(|(_, c)| c.as_ref().is_some_and(|c| c.is_fragment(&opts.fragments)))
            .map(|(t, _)| *t)
            .collect(),
        None => Default::default(),
    };
    let mut chosen: Vec<TermChoice> = Vec::new();
    let describe = |kind: &str, s: &Score| {
        format!(
            "{kind}: {:.2} -> {:.2} per 10k tokens ({} vs {}; change {:+.2})",
            s.early, s.late, scored.early, scored.late, s.change
        )
    };
    for s in risers
        .iter()
        .filter(|s| !fragment.contains(s.term))
        .take(opts.risers)
    {
        chosen.push(TermChoice {
            term: s.term.to_string(),
            pick: Pick::Riser,
            reason: describe("riser", s),
        });
    }
    for s in fallers
        .iter()
        .filter(|s| !fragment.contains(s.term))
        .take(opts.fallers)
    {
        chosen.push(TermChoice {
            term: s.term.to_string(),
            pick: Pick::Faller,
            reason: describe("faller", s),
        });
    }
    let mut picked = 0;
    for (rank, (term, n)) in ranked.into_iter().enumerate() {
        if picked >= want_frequent {
            break;
        }
        if fragment.contains(term) || chosen.iter().any(|c| c.term == term) {
            continue;
        }
        picked += 1;
        chosen.push(TermChoice {
            term: term.to_string(),
            pick: Pick::Frequent,
            reason: format!(
                "frequent: {n} occurrences in all documents (rank {} among content words)",
                rank + 1
            ),
        });
    }
    Ok(chosen)
}

/// One term's rates in the earliest and latest thirds.
struct Score<'a> {
    term: &'a str,
    change: f64,
    early: f64,
    late: f64,
}

/// Every admitted term's change, sorted from the strongest rise down, with
/// the spans of the thirds.
#[derive(Default)]
struct Scored<'a> {
    rows: Vec<Score<'a>>,
    early: String,
    late: String,
}

fn trend_scores<'a>(
    corpus: &Corpus,
    dfm: &'a Dfm,
    opts: &SelectOptions,
    early: &[i32],
    late: &[i32],
    admitted: &dyn Fn(&str) -> bool,
) -> Scored<'a> {
    let mut e_counts: HashMap<&str, u64> = HashMap::new();
    let mut l_counts: HashMap<&str, u64> = HashMap::new();
    let (mut e_tokens, mut l_tokens) = (0u64, 0u64);
    for (doc, c) in corpus.documents.iter().zip(&dfm.docs) {
        let (map, tokens) = if early.contains(&doc.year) {
            (&mut e_counts, &mut e_tokens)
        } else if late.contains(&doc.year) {
            (&mut l_counts, &mut l_tokens)
        } else {
            continue;
        };
        *tokens += c.tokens_total;
        for (t, n) in c.iter() {
            *map.entry(t).or_default() += u64::from(n);
        }
    }
    let span = |ys: &[i32]| match (ys.first(), ys.last()) {
        (Some(a), Some(b)) if a != b => format!("{a}-{b}"),
        (Some(a), _) => a.to_string(),
        _ => String::new(),
    };
    let mut out = Scored {
        rows: vec![],
        early: span(early),
        late: span(late),
    };
    if e_tokens == 0 || l_tokens == 0 {
        return out;
    }
    let mut terms: Vec<&str> = e_counts.keys().chain(l_counts.keys()).copied().collect();
    terms.sort_unstable();
    terms.dedup();
    out.rows = terms
        .into_iter()
        .filter(|w| admitted(w))
        .filter_map(|t| {
            let e = e_counts.get(t).copied().unwrap_or(0);
            let l = l_counts.get(t).copied().unwrap_or(0);
            (e + l >= opts.min_count).then(|| {
                let re = e as f64 * 1e4 / e_tokens as f64;
                let rl = l as f64 * 1e4 / l_tokens as f64;
                Score {
                    term: t,
                    change: rl - re,
                    early: re,
                    late: rl,
                }
            })
        })
        .collect();
    out.rows
        .sort_by(|a, b| b.change.total_cmp(&a.change).then(a.term.cmp(b.term)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_chinese_digits_are_not_eligible() {
        let stop = Stopwords::default();
        let places = vec!["示例市".to_string()];
        for no in [
            "一九五",
            "一九五四",
            "二〇二三",
            "二○二",
            "零零七",
            "示例",
            "的",
            "2023",
        ] {
            assert!(!eligible(no, &stop, &places), "{no}");
        }
        for yes in ["十四五", "五四", "一带一路", "数字经济", "三农", "第一"] {
            assert!(eligible(yes, &stop, &places), "{yes}");
        }
    }

    #[test]
    fn thirds_of_the_national_span() {
        let years: Vec<i32> = vec![1954, 1955, 1960, 1975, 1978, 1990, 2001, 2002, 2019, 2025];
        let (e, l) = thirds(&years).unwrap();
        // span 71 years: early <= 1977.67, late >= 2001.33
        assert_eq!(e, [1954, 1955, 1960, 1975]);
        assert_eq!(l, [2002, 2019, 2025]);
        assert!(thirds(&[2025, 2026]).is_none());
    }

    #[test]
    fn risers_fallers_and_frequent_by_hand() {
        use crate::textstat::testutil::{corpus, words};
        // 10 tokens per year. Early third = 2000, late third = 2020 (span 20,
        // thirds 6.67 years); 2010 is in neither.
        let (_d, c, dfm) = corpus(
            &[
                ("2000.txt", words(&[("农业", 6), ("工业", 4)])),
                (
                    "2010.txt",
                    words(&[("农业", 3), ("工业", 3), ("创新", 2), ("服务", 2)]),
                ),
                (
                    "2020.txt",
                    words(&[("创新", 5), ("服务", 3), ("农业", 1), ("工业", 1)]),
                ),
            ],
            &[],
        );
        assert!(dfm.docs.iter().all(|d| d.tokens_total == 10));
        let opts = SelectOptions {
            risers: 1,
            fallers: 1,
            frequent: 1,
            min_count: 1,
            vocab: Vocab::All,
            ..SelectOptions::default()
        };
        let picked =
            select_terms(&c, &dfm, &Stopwords::default(), &Vocabulary::all(), &opts).unwrap();
        let got: Vec<(&str, Pick, &str)> = picked
            .iter()
            .map(|p| (p.term.as_str(), p.pick, p.reason.as_str()))
            .collect();
        // 创新: 0/10 -> 5/10 = +5000 per 10k; 农业: 6/10 -> 1/10 = -5000.
        // Totals: 农业 10, 工业 8 (rank 2, first not yet chosen), 创新 7, 服务 5.
        assert_eq!(
            got,
            [
                (
                    "创新",
                    Pick::Riser,
                    "riser: 0.00 -> 5000.00 per 10k tokens (2000 vs 2020; change +5000.00)"
                ),
                (
                    "农业",
                    Pick::Faller,
                    "faller: 6000.00 -> 1000.00 per 10k tokens (2000 vs 2020; change -5000.00)"
                ),
                (
                    "工业",
                    Pick::Frequent,
                    "frequent: 8 occurrences in all documents (rank 2 among content words)"
                ),
            ]
        );
        // Content words only: 创新 (v) and 服务 (vn) cannot be picked, so
        // nothing rises; 农业 and 工业 (n) still can.
        let lexicon = crate::tokens::Dictionary::lexicon().unwrap();
        let seg = crate::tokens::Segmenter::new(&crate::tokens::SegmenterConfig {
            hmm: true,
            dictionaries: vec![lexicon.clone()],
            required: vec![],
        })
        .unwrap();
        let stop = Stopwords::default();
        let content = Vocabulary::new(Vocab::Content, std::slice::from_ref(&lexicon), &seg, &stop);
        let picked = select_terms(&c, &dfm, &stop, &content, &opts).unwrap();
        let got: Vec<(&str, Pick)> = picked.iter().map(|p| (p.term.as_str(), p.pick)).collect();
        assert_eq!(got, [("农业", Pick::Faller), ("工业", Pick::Frequent)]);
        // min_count filters: with 11 nothing rises or falls (max early+late = 7).
        let strict = SelectOptions {
            min_count: 11,
            frequent: 0,
            ..opts
        };
        assert!(
            select_terms(&c, &dfm, &Stopwords::default(), &Vocabulary::all(), &strict)
                .unwrap()
                .is_empty()
        );
    }
}
