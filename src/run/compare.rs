//! The compare run: keyness of group A against group B, written to
//! `keyness.{parquet,csv}` and `keyness.svg/png`.

use std::path::PathBuf;

use serde::Serialize;

use super::{CorpusSettings, Keep, OutputSettings, TokenSettings, finish_run, prepare_counts};
use crate::error::{Result, Warning};
use crate::report::RunDir;
use crate::report::charts::ChartSettings;
use crate::report::charts::write_chart;
use crate::report::figures::keyness_bars;
use crate::report::tables::write_frame;
use crate::textstat::compare::{
    CompareOptions, EXPECTED_MIN, KeynessRow, Totals, keyness, keyness_frame,
    small_expected_warning,
};

/// Typed settings of a compare run.
#[derive(Debug, Clone)]
pub struct CompareSettings {
    /// Corpus.
    pub corpus: CorpusSettings,
    /// Segmentation.
    pub tokens: TokenSettings,
    /// The comparison.
    pub options: CompareOptions,
    /// Terms per side in the chart.
    pub chart_top: usize,
    /// Chart.
    pub chart: ChartSettings,
    /// Output.
    pub output: OutputSettings,
}

/// What a compare run produced.
#[derive(Debug, Clone, Serialize)]
pub struct CompareSummary {
    /// Run folder.
    pub run_folder: PathBuf,
    /// Group sizes.
    pub totals: Totals,
    /// Terms tested.
    pub tested: usize,
    /// Significant terms for A and for B.
    pub significant: (usize, usize),
    /// Files written.
    pub files: Vec<String>,
    /// Warnings.
    pub warnings: Vec<Warning>,
}

/// Run the comparison; also returns the rows.
pub fn run(s: &CompareSettings) -> Result<(CompareSummary, Vec<KeynessRow>)> {
    // Keyness needs every word's counts, never the texts.
    let (mut p, dfm, streamed) =
        prepare_counts(&s.corpus, &s.tokens, &[], Ok(Keep::All), &s.output)?;
    let (rows, totals) = keyness(&p.corpus, &dfm, &p.stopwords, &s.options)?;
    p.timer.mark("keyness");
    let mut warnings = p.corpus.warnings.clone();
    warnings.extend(small_expected_warning(&rows));
    let (la, lb) = (s.options.a.label(), s.options.b.label());
    let docs = (totals.docs_a, totals.docs_b);
    let mut run = RunDir::create(&s.output.run_dir)?;
    write_frame(&mut run, "keyness", &mut keyness_frame(&rows)?)?;
    if rows.iter().any(|r| r.significant) {
        let chart = keyness_bars(
            &rows,
            (&la, &lb),
            docs,
            s.chart_top,
            s.options.correction,
            &p.corpus,
            &s.chart,
        )?;
        warnings.extend(chart.warnings.iter().cloned());
        write_chart(&mut run, "keyness", &chart, &s.chart)?;
    } else {
        warnings.push(crate::error::Warning::note(format!(
                "no term differs significantly between {la} and {lb} ({} terms tested at alpha {}, correction {}); keyness.csv lists them all; no chart drawn",
                rows.len(),
                s.options.alpha,
                serde_json::to_value(s.options.correction)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default()
            ),
        ));
    }
    p.timer.mark("chart");
    let count = |d| {
        rows.iter()
            .filter(|r| r.significant && r.k.direction == d)
            .count()
    };
    use crate::textstat::stats::Direction;
    let significant = (count(Direction::A), count(Direction::B));
    let params = serde_json::json!({
        "a": s.options.a, "b": s.options.b,
        "a_label": la, "b_label": lb,
        "totals": totals,
        "min_freq": s.options.min_freq,
        "expected_min": format!("expected_min = smallest expected count of the 2x2 table; below {EXPECTED_MIN} G²'s chi-squared p-value is approximate (one warning counts such terms)"),
        "streamed": streamed,
        "alpha": s.options.alpha,
        "correction": s.options.correction,
        "statistics": "G² over the full 2×2 table with p from χ²(1); χ² with and without Yates; log ratio = log2((a/c)/(b/d)) with 0.5 added to a zero frequency; %DIFF (Gabrielatos & Marchi); see docs/STATISTICS.md",
    });
    let tokens = dfm.tokens_total();
    let (folder, files) = finish_run(
        run,
        &mut p,
        "compare",
        &s.corpus,
        params,
        Some(tokens),
        &warnings,
    )?;
    Ok((
        CompareSummary {
            run_folder: folder,
            totals,
            tested: rows.len(),
            significant,
            files,
            warnings,
        },
        rows,
    ))
}
