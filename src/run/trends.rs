//! The trends run: corpus → tokens → counts → term trends → chart, written
//! to `<out>/<name>/` (term_trends, documents, warnings, trends.svg/png,
//! manifest.json).

use std::collections::BTreeMap;
use std::path::PathBuf;

use polars::prelude::*;
use serde::Serialize;

use super::{CorpusSettings, OutputSettings, Timer, TokenSettings};
use crate::corpus::Corpus;
use crate::dfm::Dfm;
use crate::error::{Error, Result, Warning, WarningKind};
use crate::report::RunDir;
use crate::report::charts::{ChartSettings, trend_chart};
use crate::report::manifest::{Counts, Manifest, crate_versions};
use crate::report::tables::{documents_frame, warnings_frame, write_frame};
use crate::textstat::{GroupBy, SelectOptions, TermChoice, select_terms, term_trends};

/// Typed settings of a trends run.
#[derive(Debug, Clone)]
pub struct TrendSettings {
    /// Corpus input and cleaning.
    pub corpus: CorpusSettings,
    /// Segmentation.
    pub tokens: TokenSettings,
    /// Terms asked for (empty: pick automatically).
    pub terms: Vec<String>,
    /// Automatic selection.
    pub select: SelectOptions,
    /// Grouping.
    pub by: GroupBy,
    /// Chart options.
    pub chart: ChartSettings,
    /// Output.
    pub output: OutputSettings,
}

/// What a trends run produced.
#[derive(Debug, Clone, Serialize)]
pub struct TrendSummary {
    /// The run folder.
    pub run_folder: PathBuf,
    /// Documents analysed.
    pub documents: usize,
    /// Years present.
    pub years: Vec<i32>,
    /// Terms in the table, with why.
    pub terms: Vec<TermChoice>,
    /// Warnings (also in warnings.csv).
    pub warnings: Vec<Warning>,
    /// Files written, relative to the run folder.
    pub files: Vec<String>,
    /// Stage timings in milliseconds.
    pub timings_ms: BTreeMap<String, u64>,
}

/// Run the trends analysis.
pub fn run(s: &TrendSettings) -> Result<TrendSummary> {
    let mut timer = Timer::start();
    let (corpus, rules) = s.corpus.load()?;
    timer.mark("load_and_clean");
    let dictionaries = s.tokens.dictionaries()?;
    let stopwords = s.tokens.stopwords()?;
    let seg = s.tokens.segmenter(dictionaries.clone(), &s.terms)?;
    timer.mark("build_segmenter");
    let total_bytes: u64 = corpus.documents.iter().map(|d| d.text.len() as u64).sum();
    let bar = super::byte_progress(s.output.progress, total_bytes, "segmenting");
    let dfm = Dfm::build(&corpus, &seg, Some(&bar));
    bar.finish_and_clear();
    timer.mark("segment_and_count");
    let choices: Vec<TermChoice> = if s.terms.is_empty() {
        select_terms(&corpus, &dfm, &stopwords, &s.select)
    } else {
        s.terms.iter().map(|t| TermChoice::requested(t)).collect()
    };
    if choices.is_empty() {
        return Err(Error::Usage(
            "no terms to chart: the corpus has no content word above --min-count; pass --terms"
                .into(),
        ));
    }
    let mut trends = term_trends(&corpus, &dfm, &choices, s.by)?;
    timer.mark("term_trends");
    let mut warnings = corpus.warnings.clone();
    warnings.extend(segmentation_warnings(&trends, &choices, s.by)?);
    let chart = trend_chart(&trends, &corpus, s.by, &s.chart)?;
    warnings.extend(chart.warnings.iter().cloned());
    timer.mark("chart");

    let mut run = RunDir::create(&s.output.run_dir)?;
    write_frame(&mut run, "term_trends", &mut trends)?;
    write_frame(
        &mut run,
        "documents",
        &mut documents_frame(&corpus.documents)?,
    )?;
    run.write(
        "warnings.csv",
        &crate::report::tables::csv_bytes(&mut warnings_frame(&warnings)?)?,
    )?;
    run.write("trends.svg", chart.svg.as_bytes())?;
    run.write("trends.png", &chart.png)?;
    timer.mark("write");
    let mut files = run.written().to_vec();
    files.push("manifest.json".into());
    let manifest = Manifest {
        tool: "analyze",
        version: env!("CARGO_PKG_VERSION"),
        crates: crate_versions(),
        command: "trends".into(),
        input: s.corpus.input.display().to_string(),
        parameters: parameters(s, &choices),
        input_files: corpus.files.clone(),
        dictionaries: super::dictionary_info(&dictionaries),
        stopwords: super::stopwords_info(&stopwords),
        cleaning_rules: super::rules_info(&rules),
        counts: counts(&corpus, &dfm, warnings.len()),
        outputs: files.clone(),
        timings_ms: timer.stages.clone(),
    };
    run.write("manifest.json", &manifest.to_json()?)?;
    let folder = run.commit()?;
    Ok(TrendSummary {
        run_folder: folder,
        documents: corpus.documents.len(),
        years: corpus.years(),
        terms: choices,
        warnings,
        files,
        timings_ms: timer.stages,
    })
}

fn parameters(s: &TrendSettings, choices: &[TermChoice]) -> serde_json::Value {
    serde_json::json!({
        "terms_requested": s.terms,
        "terms": choices.iter().map(|c| &c.term).collect::<Vec<_>>(),
        "select": s.select,
        "by": s.by,
        "per": s.chart.per,
        "chart_size": [s.chart.width, s.chart.height],
        "font": s.chart.font_name(),
        "hmm": s.tokens.hmm,
        "lexicon": !s.tokens.no_lexicon,
        "user_dictionaries": s.tokens.dict_files,
        "stopword_files": s.tokens.stopword_files,
        "rule_files": s.corpus.rule_files,
        "default_rules": !s.corpus.no_default_rules,
        "normalisation": "NFKC; per_10k_tokens = token_count / tokens_total * 1e4; per_10k_chars = substring_count / han_chars * 1e4; counts summed over documents of a group before normalising",
        "tokens": "content tokens: jieba-rs cut (HMM as set) with protected lexicon/requested terms; punctuation, whitespace and numbers dropped; stopwords kept in totals",
    })
}

fn counts(corpus: &Corpus, dfm: &Dfm, warnings: usize) -> Counts {
    Counts {
        files: corpus.files.len(),
        documents: corpus.documents.len(),
        warnings,
        years: corpus.years().len(),
        tokens: dfm.tokens_total(),
        han_chars: corpus.documents.iter().map(|d| d.han_chars as u64).sum(),
    }
}

/// A warning per requested term whose token count differs from its
/// substring count in some group (it overlaps another protected term).
fn segmentation_warnings(
    trends: &DataFrame,
    choices: &[TermChoice],
    by: GroupBy,
) -> Result<Vec<Warning>> {
    let term = trends.column("term")?.str()?;
    let tok = trends.column("token_count")?.u64()?;
    let sub = trends.column("substring_count")?.u64()?;
    let group = trends.column(by.keys()[0])?.cast(&DataType::String)?;
    let group = group.str()?;
    let mut by_term: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for i in 0..trends.height() {
        if let (Some(t), Some(a), Some(b)) = (term.get(i), tok.get(i), sub.get(i))
            && a != b
            && choices
                .iter()
                .any(|c| c.term == t && c.pick == crate::textstat::Pick::Requested)
        {
            by_term
                .entry(t.to_string())
                .or_default()
                .push(format!("{} ({a} vs {b})", group.get(i).unwrap_or("?")));
        }
    }
    Ok(by_term
        .into_iter()
        .map(|(t, groups)| {
            Warning::new(
                WarningKind::Segmentation,
                "",
                None,
                format!(
                    "term {t:?}: token_count differs from substring_count in {}; it overlaps another protected term there (see the lexicon or your other terms)",
                    groups.join(", ")
                ),
            )
        })
        .collect())
}
