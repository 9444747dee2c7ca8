//! Collocates of a node term: words co-occurring with it in the same
//! sentence (default) or within ±N content tokens, ranked by logDice, with
//! PMI, overall and per year.
//!
//! Counting (content tokens only; stopwords are skipped as collocates but
//! kept in totals): `f_x` = occurrences of the node, `f_y` = occurrences of
//! the collocate, `n` = content tokens, all within the scope (the corpus or
//! one year); `f_xy` = number of (node occurrence, collocate occurrence)
//! pairs within the window — in sentence mode, the same sentence (split at
//! 。!?; and line breaks). logDice = 14 + log2(2·f_xy / (f_x + f_y)) (Rychlý
//! 2008); PMI = log2(f_xy·n / (f_x·f_y)). Pairs below `min_freq` are left
//! out.

use std::collections::{BTreeMap, HashMap};

use polars::prelude::*;
use rayon::prelude::*;

use super::select::eligible;
use super::stats::{log_dice, pmi};
use crate::corpus::Corpus;
use crate::error::Result;
use crate::tokens::{Segmenter, Stopwords, is_content};

/// The co-occurrence window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Window {
    /// The same sentence.
    Sentence,
    /// Up to N content tokens on each side.
    Tokens(usize),
}

/// Counts for one scope.
#[derive(Debug, Default, Clone)]
struct Scope {
    f_x: u64,
    n: u64,
    f_y: HashMap<String, u64>,
    f_xy: HashMap<String, u64>,
}

/// One collocate row.
#[derive(Debug, Clone, PartialEq)]
pub struct Collocate {
    /// `None` for the whole corpus, or the year.
    pub year: Option<i32>,
    /// The collocate.
    pub word: String,
    /// Co-occurrences.
    pub f_xy: u64,
    /// Node frequency.
    pub f_x: u64,
    /// Collocate frequency.
    pub f_y: u64,
    /// Content tokens in scope.
    pub n: u64,
    /// logDice.
    pub log_dice: f64,
    /// PMI.
    pub pmi: f64,
}

fn count_doc(seg: &Segmenter, text: &str, node: &str, window: Window) -> Scope {
    let mut sc = Scope::default();
    // Content tokens with the sentence each belongs to.
    let mut toks: Vec<(&str, usize)> = Vec::new();
    let mut sentence = 0usize;
    seg.each_token(text, |t| {
        if is_content(t.word) {
            toks.push((t.word, sentence));
        } else if t.word.contains(['。', '!', '?', ';', '\n']) {
            sentence += 1;
        }
    });
    sc.n = toks.len() as u64;
    for (w, _) in &toks {
        *sc.f_y.entry((*w).to_string()).or_default() += 1;
    }
    for (i, (w, s)) in toks.iter().enumerate() {
        if *w != node {
            continue;
        }
        sc.f_x += 1;
        let range: Box<dyn Iterator<Item = usize>> = match window {
            Window::Sentence => Box::new(
                toks.iter()
                    .enumerate()
                    .filter(move |(_, t)| t.1 == *s)
                    .map(|(j, _)| j),
            ),
            Window::Tokens(k) => Box::new(i.saturating_sub(k)..(i + k + 1).min(toks.len())),
        };
        for j in range {
            if j != i && toks[j].0 != node {
                *sc.f_xy.entry(toks[j].0.to_string()).or_default() += 1;
            }
        }
    }
    sc
}

fn merge(into: &mut Scope, from: &Scope) {
    into.f_x += from.f_x;
    into.n += from.n;
    for (k, v) in &from.f_y {
        *into.f_y.entry(k.clone()).or_default() += v;
    }
    for (k, v) in &from.f_xy {
        *into.f_xy.entry(k.clone()).or_default() += v;
    }
}

/// Collocates of `node`, overall (`year: None`) and per year.
pub fn collocates(
    corpus: &Corpus,
    seg: &Segmenter,
    stop: &Stopwords,
    node: &str,
    window: Window,
    min_freq: u64,
) -> Vec<Collocate> {
    let per_doc: Vec<(i32, Scope)> = corpus
        .documents
        .par_iter()
        .with_max_len(1)
        .map(|d| (d.year, count_doc(seg, &d.text, node, window)))
        .collect();
    let mut all = Scope::default();
    let mut by_year: BTreeMap<i32, Scope> = BTreeMap::new();
    for (y, sc) in &per_doc {
        merge(&mut all, sc);
        merge(by_year.entry(*y).or_default(), sc);
    }
    // The years first, the whole corpus (no year) last: a reader that
    // guesses column types from the first rows (Polars' 100) then sees
    // years, not empty cells, and reads `year` as a number.
    let mut out = Vec::new();
    for (y, sc) in &by_year {
        out.extend(rank(Some(*y), sc, stop, min_freq));
    }
    out.extend(rank(None, &all, stop, min_freq));
    out
}

fn rank(year: Option<i32>, sc: &Scope, stop: &Stopwords, min_freq: u64) -> Vec<Collocate> {
    let mut v: Vec<Collocate> = sc
        .f_xy
        .iter()
        .filter(|(w, f)| **f >= min_freq && eligible(w, stop, &[]))
        .filter_map(|(w, &f)| {
            let fy = sc.f_y.get(w).copied().unwrap_or(0);
            Some(Collocate {
                year,
                word: w.clone(),
                f_xy: f,
                f_x: sc.f_x,
                f_y: fy,
                n: sc.n,
                log_dice: log_dice(f as f64, sc.f_x as f64, fy as f64)?,
                pmi: pmi(f as f64, sc.f_x as f64, fy as f64, sc.n as f64)?,
            })
        })
        .collect();
    v.sort_by(|a, b| b.log_dice.total_cmp(&a.log_dice).then(a.word.cmp(&b.word)));
    v
}

/// The `collocates` table (`scope` = all or the year).
pub fn collocates_frame(rows: &[Collocate]) -> Result<DataFrame> {
    Ok(DataFrame::new_infer_height(vec![
        Column::new(
            "scope".into(),
            rows.iter()
                .map(|r| r.year.map_or("all".to_string(), |y| y.to_string()))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "year".into(),
            rows.iter().map(|r| r.year).collect::<Vec<Option<i32>>>(),
        ),
        Column::new(
            "collocate".into(),
            rows.iter().map(|r| r.word.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "f_xy".into(),
            rows.iter().map(|r| r.f_xy).collect::<Vec<u64>>(),
        ),
        Column::new(
            "f_x".into(),
            rows.iter().map(|r| r.f_x).collect::<Vec<u64>>(),
        ),
        Column::new(
            "f_y".into(),
            rows.iter().map(|r| r.f_y).collect::<Vec<u64>>(),
        ),
        Column::new("n".into(), rows.iter().map(|r| r.n).collect::<Vec<u64>>()),
        Column::new(
            "log_dice".into(),
            rows.iter().map(|r| r.log_dice).collect::<Vec<f64>>(),
        ),
        Column::new(
            "pmi".into(),
            rows.iter().map(|r| r.pmi).collect::<Vec<f64>>(),
        ),
    ])?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::textstat::testutil::corpus;

    #[test]
    fn sentence_and_window_counts_by_hand() {
        // Sentence 1: 发展 数字经济 创新 ; sentence 2: 数字经济 农业 ; sentence 3: 农业 创新
        let text = "发展数字经济创新。数字经济农业。农业创新。".to_string();
        let (_d, c, _) = corpus(&[("2020.txt", text)], &["数字经济"]);
        let seg = crate::tokens::Segmenter::new(&crate::tokens::SegmenterConfig {
            hmm: true,
            dictionaries: vec![crate::tokens::Dictionary::lexicon().unwrap()],
            required: vec!["数字经济".into()],
        })
        .unwrap();
        let rows = collocates(
            &c,
            &seg,
            &Stopwords::default(),
            "数字经济",
            Window::Sentence,
            1,
        );
        let all: Vec<&Collocate> = rows.iter().filter(|r| r.year.is_none()).collect();
        let get = |w: &str| all.iter().find(|r| r.word == w).copied().unwrap();
        // n = 7 tokens, f_x = 2; 创新: f_xy 1 (sentence 1), f_y 2; 农业: f_xy 1, f_y 2.
        let cx = get("创新");
        assert_eq!((cx.f_xy, cx.f_x, cx.f_y, cx.n), (1, 2, 2, 7));
        assert!((cx.log_dice - (14.0 + (2.0f64 / 4.0).log2())).abs() < 1e-12);
        assert!((cx.pmi - (7.0f64 / 4.0).log2()).abs() < 1e-12);
        // ±1 token window: 发展 and 创新 (around the first), 创新 and 农业 (second).
        let rows = collocates(
            &c,
            &seg,
            &Stopwords::default(),
            "数字经济",
            Window::Tokens(1),
            1,
        );
        let f = |w: &str| {
            rows.iter()
                .find(|r| r.year.is_none() && r.word == w)
                .map(|r| r.f_xy)
        };
        assert_eq!(
            (f("发展"), f("创新"), f("农业")),
            (Some(1), Some(2), Some(1))
        );
        // The year's rows come first, the whole corpus's (no year) last.
        let first_all = rows.iter().position(|r| r.year.is_none()).unwrap();
        assert!(first_all > 0);
        assert!(rows[..first_all].iter().all(|r| r.year == Some(2020)));
        assert!(rows[first_all..].iter().all(|r| r.year.is_none()));
    }
}
