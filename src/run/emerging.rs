//! The emerging run: per-term series with Mann–Kendall, Sen's slope and
//! Pettitt's change point; lists of new, vanished, rising and falling
//! terms; `emerging_terms`, `emerging_lists` and `emerging.svg/png`.

use std::path::PathBuf;

use serde::Serialize;

use super::{CorpusSettings, Keep, OutputSettings, TokenSettings, finish_run, prepare_counts};
use crate::error::{Result, Warning};
use crate::report::RunDir;
use crate::report::charts::ChartSettings;
use crate::report::charts::write_chart;
use crate::report::figures::emerging_panels;
use crate::report::tables::write_frame;
use crate::textstat::emerging::{
    EmergingOptions, List, TermSeries, lists, lists_frame, mark_fragments, series_frame,
    term_series, terms_frame,
};
use crate::textstat::vocab::Vocabulary;

/// Typed settings of an emerging run.
#[derive(Debug, Clone)]
pub struct EmergingSettings {
    /// Corpus.
    pub corpus: CorpusSettings,
    /// Segmentation.
    pub tokens: TokenSettings,
    /// Options.
    pub options: EmergingOptions,
    /// Lines per list in the chart.
    pub chart_top: usize,
    /// Chart.
    pub chart: ChartSettings,
    /// Output.
    pub output: OutputSettings,
}

/// What an emerging run produced.
#[derive(Debug, Clone, Serialize)]
pub struct EmergingSummary {
    /// Run folder.
    pub run_folder: PathBuf,
    /// Terms analysed.
    pub terms: usize,
    /// The lists: `(list, rank, term)`.
    pub lists: Vec<(List, usize, String)>,
    /// Files written.
    pub files: Vec<String>,
    /// Warnings.
    pub warnings: Vec<Warning>,
}

/// Run the analysis; also returns the term series.
pub fn run(s: &EmergingSettings) -> Result<(EmergingSummary, Vec<TermSeries>)> {
    // Every word's counts; the fragment checks read the texts again
    // (streamed: from where they were set aside on disk).
    let (mut p, dfm, streamed) =
        prepare_counts(&s.corpus, &s.tokens, &[], Ok(Keep::AllAndTexts), &s.output)?;
    let years = p.corpus.years();
    if years.len() < 2 {
        return Err(crate::error::Error::Usage(format!(
            "emerging compares years, and these reports are all of {}: give it reports of more years (or widen --years)",
            years
                .first()
                .map_or_else(|| "no year".to_string(), i32::to_string)
        )));
    }
    let vocab = Vocabulary::new(s.options.vocab, &p.dictionaries, &p.segmenter, &p.stopwords);
    let mut terms = term_series(&p.corpus, &dfm, &p.stopwords, &vocab, &s.options);
    mark_fragments(
        &p.corpus,
        &p.segmenter,
        &p.stopwords,
        &mut terms,
        &s.options,
    )?;
    let l = lists(&p.corpus, &terms, &s.options);
    p.timer.mark("emerging");
    let mut warnings = p.corpus.warnings.clone();
    // The chart shows the risers and fallers; without any (too few years
    // for a trend test to pass), the tables are written and the chart is not.
    let chart = if l.iter().any(|x| matches!(x.0, List::Riser | List::Faller)) {
        let chart = emerging_panels(&terms, &l, s.chart_top, &p.corpus, &s.chart)?;
        warnings.extend(chart.warnings.iter().cloned());
        Some(chart)
    } else {
        warnings.push(Warning::new(
            crate::error::WarningKind::Statistics,
            "",
            None,
            format!(
                "no term rises or falls significantly over these {} years (Mann–Kendall needs several years of reports to pass); the tables are written, the chart (emerging.svg) is not",
                years.len()
            ),
        ));
        None
    };
    let mut run = RunDir::create(&s.output.run_dir)?;
    write_frame(
        &mut run,
        "emerging_terms",
        &mut terms_frame(&terms, &s.options.fragments)?,
    )?;
    write_frame(&mut run, "emerging_lists", &mut lists_frame(&terms, &l)?)?;
    write_frame(&mut run, "emerging_series", &mut series_frame(&terms, &l)?)?;
    if let Some(chart) = &chart {
        write_chart(&mut run, "emerging", chart, &s.chart)?;
    }
    p.timer.mark("chart");
    let params = serde_json::json!({
        "options": s.options,
        "vocabulary": crate::textstat::vocab::DESCRIPTION,
        "fragments": "list candidates whose occurrences mostly (inside_share >= min_share) sit inside one longer word occurring >= min_count times (a longer token, or the term joined with a neighbouring word into <= max_chars characters) are left out of the lists",
        "series": "per 10k content tokens for every year with reports; years without reports are missing (not zero)",
        "trend_test": "Mann-Kendall with tie correction and continuity correction, two-sided normal p; Sen's slope with actual years as x, with its 95% rank confidence interval (sen_low, sen_high; Sen 1968 eq. 2.6 as scipy.stats.theilslopes)",
        "change_point": "Pettitt (1979); change_year = last year before the shift, change_next_year = first year after",
        "t2s": s.corpus.t2s.as_str(),
        "streamed": streamed,
    });
    let tokens = dfm.tokens_total();
    let (folder, files) = finish_run(
        run,
        &mut p,
        "emerging",
        &s.corpus,
        params,
        Some(tokens),
        &warnings,
    )?;
    let named = l
        .iter()
        .map(|&(list, rank, i)| (list, rank, terms[i].term.clone()))
        .collect();
    Ok((
        EmergingSummary {
            run_folder: folder,
            terms: terms.len(),
            lists: named,
            files,
            warnings,
        },
        terms,
    ))
}
