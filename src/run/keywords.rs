//! The keywords run: TF-IDF (and TextRank) keywords per year, a
//! small-multiples chart and a bump chart of the ranks, written to
//! `keywords.{parquet,csv}`, `keywords.svg/png` and `keywords_rank.svg/png`.

use std::path::PathBuf;

use serde::Serialize;

use super::{CorpusSettings, Keep, OutputSettings, TokenSettings, finish_run, prepare_counts};
use crate::error::{Result, Warning};
use crate::report::RunDir;
use crate::report::charts::ChartSettings;
use crate::report::charts::write_chart;
use crate::report::figures::{keyword_panels, keyword_ranks};
use crate::report::tables::write_frame;
use crate::textstat::keywords::{
    KeywordOptions, KeywordRow, keywords_frame, textrank_keywords, tfidf_keywords,
};

/// Typed settings of a keywords run.
#[derive(Debug, Clone)]
pub struct KeywordSettings {
    /// Corpus.
    pub corpus: CorpusSettings,
    /// Segmentation.
    pub tokens: TokenSettings,
    /// Options.
    pub options: KeywordOptions,
    /// Bars per panel in the chart.
    pub chart_top: usize,
    /// Chart.
    pub chart: ChartSettings,
    /// Output.
    pub output: OutputSettings,
}

/// What a keywords run produced.
#[derive(Debug, Clone, Serialize)]
pub struct KeywordSummary {
    /// Run folder.
    pub run_folder: PathBuf,
    /// Documents.
    pub documents: usize,
    /// Years with keywords.
    pub years: Vec<i32>,
    /// Keyword rows written.
    pub rows: usize,
    /// Files written.
    pub files: Vec<String>,
    /// Warnings.
    pub warnings: Vec<Warning>,
}

/// Run the keywords analysis; also returns the rows.
pub fn run(s: &KeywordSettings) -> Result<(KeywordSummary, Vec<KeywordRow>)> {
    // TF-IDF needs every word's counts; TextRank reads the texts again
    // (streamed: from where they were set aside on disk).
    let keep = Ok(if s.options.textrank {
        Keep::AllAndTexts
    } else {
        Keep::All
    });
    let (mut p, dfm, streamed) = prepare_counts(&s.corpus, &s.tokens, &[], keep, &s.output)?;
    let vocab = crate::textstat::Vocabulary::new(
        s.options.vocab,
        &p.dictionaries,
        &p.segmenter,
        &p.stopwords,
    );
    let mut rows = tfidf_keywords(&p.corpus, &dfm, &p.stopwords, &vocab, &s.options);
    if s.options.textrank {
        rows.extend(textrank_keywords(
            &p.corpus,
            &dfm,
            &p.segmenter,
            &p.stopwords,
            &s.options,
        )?);
    }
    p.timer.mark("keywords");
    let mut warnings = p.corpus.warnings.clone();
    // The charts show TF-IDF; with one report (every word's IDF is
    // ln(1/1) = 0) there is none, and they show TextRank.
    let method = ["tfidf", "textrank"]
        .into_iter()
        .find(|m| rows.iter().any(|r| r.method == *m));
    if method != Some("tfidf") {
        // With two reports or more, TF-IDF found no word that reaches the
        // minimum count in a year.
        let why = if p.corpus.documents.len() >= 2 {
            format!(
                "no word reaches --min-count {} in a year's reports (lower it, e.g. --min-count 1)",
                s.options.min_count
            )
        } else {
            "TF-IDF needs two or more reports (with one, every word's IDF is ln(1/1) = 0)"
                .to_string()
        };
        warnings.push(Warning::new(
            crate::error::WarningKind::Statistics,
            "",
            None,
            match method {
                Some(_) => format!("no TF-IDF keywords: {why}; the charts show TextRank"),
                None => format!(
                    "no keywords: {why}, and TextRank was not asked for or found none; no chart is written"
                ),
            },
        ));
    }
    let mut run = RunDir::create(&s.output.run_dir)?;
    write_frame(&mut run, "keywords", &mut keywords_frame(&rows)?)?;
    if let Some(method) = method {
        let words = match s.options.vocab {
            crate::textstat::Vocab::Content => "实词",
            crate::textstat::Vocab::Lexicon => "词表术语",
            crate::textstat::Vocab::All => "词",
        };
        let which = format!("当年至少出现 {} 次的{words}", s.options.min_count);
        let chart = keyword_panels(&rows, method, s.chart_top, &which, &p.corpus, &s.chart)?;
        warnings.extend(chart.warnings.iter().cloned());
        write_chart(&mut run, "keywords", &chart, &s.chart)?;
        let top = s.chart_top.min(10);
        if let Some(ranks) = keyword_ranks(&rows, method, top, &p.corpus, &s.chart)? {
            warnings.extend(ranks.warnings.iter().cloned());
            write_chart(&mut run, "keywords_rank", &ranks, &s.chart)?;
        }
    }
    p.timer.mark("chart");
    let params = serde_json::json!({
        "options": s.options,
        "streamed": streamed,
        "idf": "ln(N / df) with N = number of reports in the corpus (one document = one report), df = reports containing the term",
        "tf": "count of the term in the year's reports / content tokens of those reports",
        "textrank": "jieba-rs TextRank, window 5, POS n/vn/v/ns/nz/l, our stopwords",
        "chart": "TF-IDF, top per year (keywords.svg: panels per year; keywords_rank.svg: bump chart of the ranks over the latest 15 years, top 10 at most)",
    });
    // The years once each (the rows are TF-IDF's, then TextRank's).
    let mut years: Vec<i32> = rows.iter().map(|r| r.year).collect();
    years.sort_unstable();
    years.dedup();
    let tokens = dfm.tokens_total();
    let (folder, files) = finish_run(
        run,
        &mut p,
        "keywords",
        &s.corpus,
        params,
        Some(tokens),
        &warnings,
    )?;
    Ok((
        KeywordSummary {
            run_folder: folder,
            documents: p.corpus.documents.len(),
            years,
            rows: rows.len(),
            files,
            warnings,
        },
        rows,
    ))
}
