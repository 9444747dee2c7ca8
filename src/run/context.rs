//! The context runs: KWIC (`kwic.{parquet,csv}`) and collocates
//! (`collocates.{parquet,csv}`, `collocates.svg/png`) of one term.

use std::path::PathBuf;

use serde::Serialize;

use super::{CorpusSettings, OutputSettings, Prepared, TokenSettings, finish_run};
use crate::error::{Result, Warning};
use crate::report::RunDir;
use crate::report::charts::ChartSettings;
use crate::report::charts::write_chart;
use crate::report::figures::collocate_bars;
use crate::report::tables::write_frame;
use crate::textstat::collocates::{Collocate, Window, collocates, collocates_frame};
use crate::textstat::kwic::{Hit, kwic, kwic_frame};

/// Typed settings of a KWIC run.
#[derive(Debug, Clone)]
pub struct KwicSettings {
    /// Corpus.
    pub corpus: CorpusSettings,
    /// The term.
    pub term: String,
    /// Context width in characters.
    pub width: usize,
    /// Output.
    pub output: OutputSettings,
}

/// What a context run produced.
#[derive(Debug, Clone, Serialize)]
pub struct ContextSummary {
    /// Run folder.
    pub run_folder: PathBuf,
    /// The term.
    pub term: String,
    /// Rows written (occurrences or collocates).
    pub rows: usize,
    /// Files written.
    pub files: Vec<String>,
    /// Warnings.
    pub warnings: Vec<Warning>,
}

/// Run KWIC; also returns the hits and the prepared corpus (for printing).
pub fn run_kwic(s: &KwicSettings) -> Result<(ContextSummary, Vec<Hit>, Prepared)> {
    let mut p = Prepared::new(&s.corpus, &TokenSettings::default(), &[])?;
    let roles = s.corpus.roles()?;
    let hits = kwic(&p.corpus, &s.term, s.width, &roles);
    p.timer.mark("kwic");
    let warnings = p.corpus.warnings.clone();
    let mut run = RunDir::create(&s.output.run_dir)?;
    write_frame(&mut run, "kwic", &mut kwic_frame(&p.corpus, &hits)?)?;
    let params = serde_json::json!({
        "term": s.term, "width": s.width,
        "offsets": "character offsets into the cleaned text (texts/<doc_id>.txt of `analyze corpus --out`)",
    });
    let (folder, files) = finish_run(run, &mut p, "kwic", &s.corpus, params, None, &warnings)?;
    Ok((
        ContextSummary {
            run_folder: folder,
            term: s.term.clone(),
            rows: hits.len(),
            files,
            warnings,
        },
        hits,
        p,
    ))
}

/// Typed settings of a collocates run.
#[derive(Debug, Clone)]
pub struct CollocateSettings {
    /// Corpus.
    pub corpus: CorpusSettings,
    /// Segmentation.
    pub tokens: TokenSettings,
    /// The node term.
    pub term: String,
    /// Window.
    pub window: Window,
    /// Minimum co-occurrence count.
    pub min_freq: u64,
    /// Collocates in the chart.
    pub chart_top: usize,
    /// Chart.
    pub chart: ChartSettings,
    /// Output.
    pub output: OutputSettings,
}

/// Run collocates; also returns the rows.
pub fn run_collocates(s: &CollocateSettings) -> Result<(ContextSummary, Vec<Collocate>)> {
    let mut p = Prepared::new_to_segment(&s.corpus, &s.tokens, std::slice::from_ref(&s.term))?;
    let rows = collocates(
        &p.corpus,
        &p.segmenter,
        &p.stopwords,
        &s.term,
        s.window,
        s.min_freq,
    );
    p.timer.mark("collocates");
    let mut warnings = p.corpus.warnings.clone();
    let mut run = RunDir::create(&s.output.run_dir)?;
    write_frame(&mut run, "collocates", &mut collocates_frame(&rows)?)?;
    if rows.iter().any(|r| r.year.is_none()) {
        let chart = collocate_bars(&rows, &s.term, s.chart_top, &p.corpus, &s.chart)?;
        warnings.extend(chart.warnings.iter().cloned());
        write_chart(&mut run, "collocates", &chart, &s.chart)?;
    } else {
        warnings.push(crate::error::Warning::note(format!(
                "no collocate of {:?} occurs at least {} times (is the term in the corpus? see `analyze kwic`); no chart drawn",
                s.term, s.min_freq
            ),
        ));
    }
    p.timer.mark("chart");
    let params = serde_json::json!({
        "term": s.term, "window": s.window, "min_freq": s.min_freq,
        "measures": "logDice = 14 + log2(2 f_xy / (f_x + f_y)); PMI = log2(f_xy n / (f_x f_y)); f_xy = (node, collocate) pairs in the window",
    });
    let (folder, files) = finish_run(
        run,
        &mut p,
        "collocates",
        &s.corpus,
        params,
        None,
        &warnings,
    )?;
    Ok((
        ContextSummary {
            run_folder: folder,
            term: s.term.clone(),
            rows: rows.len(),
            files,
            warnings,
        },
        rows,
    ))
}
