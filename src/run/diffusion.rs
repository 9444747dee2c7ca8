//! The diffusion run: for requested terms (or the lexicon), each region's first use, its lag
//! behind the reference (the national reports, or `--reference`), and adoption by year,
//! written to `diffusion`, `adoption` and `diffusion_terms` (Parquet + CSV),
//! `adoption.svg/png` and `lags.svg/png`.

use std::path::PathBuf;

use serde::Serialize;

use super::{
    CorpusSettings, DocFilter, Keep, OutputSettings, Prepared, TokenSettings, finish_run,
    stream_choice,
};
use crate::corpus::Level;
use crate::error::{Error, Result, Warning};
use crate::report::RunDir;
use crate::report::charts::{ChartSettings, write_chart};
use crate::report::diffusion::{adoption_curves, lag_dots};
use crate::report::tables::write_frame;
use crate::textstat::diffusion::{TermDiffusion, adoption_frame, diffusion, diffusion_frame};

/// Typed settings of a diffusion run.
#[derive(Debug, Clone)]
pub struct DiffusionSettings {
    /// Corpus (its input is the first folder or file).
    pub corpus: CorpusSettings,
    /// More folders or files read into the same corpus.
    pub with: Vec<PathBuf>,
    /// The reference corpus (folders or files); empty: the corpus's national reports.
    pub reference: Vec<PathBuf>,
    /// Segmentation.
    pub tokens: TokenSettings,
    /// Terms (empty: every term of the loaded dictionaries).
    pub terms: Vec<String>,
    /// Terms drawn in the charts when none are requested: those with the most adopters.
    pub chart_terms: usize,
    /// Charts.
    pub chart: ChartSettings,
    /// Output.
    pub output: OutputSettings,
}

/// What a diffusion run produced.
#[derive(Debug, Clone, Serialize)]
pub struct DiffusionSummary {
    /// Run folder.
    pub run_folder: PathBuf,
    /// Documents read (reference included).
    pub documents: usize,
    /// Reference documents.
    pub reference_documents: usize,
    /// What the reference is (`全国` or the `--reference` inputs).
    pub reference: String,
    /// Per term.
    pub terms: Vec<TermDiffusion>,
    /// Files written.
    pub files: Vec<String>,
    /// Warnings.
    pub warnings: Vec<Warning>,
}

/// Run the diffusion analysis.
pub fn run(s: &DiffusionSettings) -> Result<DiffusionSummary> {
    // The terms followed: those asked for, or every lexicon term.
    let terms: Vec<String> = if s.terms.is_empty() {
        let mut t: Vec<String> = s
            .tokens
            .dictionaries()?
            .iter()
            .flat_map(|d| d.entries.iter().map(|e| e.word.clone()))
            .collect();
        t.sort();
        t.dedup();
        t
    } else {
        s.terms.clone()
    };
    if terms.is_empty() {
        return Err(Error::Usage(
            "no terms: pass --terms (or keep the lexicon)".into(),
        ));
    }
    // Streamed, the main input is counted as it loads (only the terms'
    // counts kept); the --with and --reference inputs, read after it, are
    // counted below.
    let (mut p, main_dfm) =
        match stream_choice(&s.corpus, &s.tokens, Ok(Keep::Counts(terms.clone())))? {
            Some(keep) => {
                let (p, dfm) =
                    Prepared::counting(&s.corpus, &s.tokens, &s.terms, &keep, &s.output)?;
                (p, Some(dfm))
            }
            None => (
                Prepared::new_to_segment(&s.corpus, &s.tokens, &s.terms)?,
                None,
            ),
        };
    p.add_inputs(&s.corpus, &s.with, s.tokens.cache.as_deref())?;
    let before = p.corpus.documents.len();
    // The reference is read whole: a year or level filter would move its first use.
    let unfiltered = CorpusSettings {
        filter: DocFilter::default(),
        ..s.corpus.clone()
    };
    p.add_inputs(&unfiltered, &s.reference, s.tokens.cache.as_deref())?;
    let docs = &p.corpus.documents;
    let reference: Vec<bool> = (0..docs.len())
        .map(|i| {
            if s.reference.is_empty() {
                docs[i].level == Some(Level::National)
            } else {
                i >= before
            }
        })
        .collect();
    // The reference is 全国 when it is national reports (the default, or a --reference of them).
    let national = (0..docs.len())
        .filter(|&i| reference[i])
        .all(|i| docs[i].level == Some(Level::National));
    let label = if national { "全国" } else { "参照" }.to_string();
    let mut warnings = p.corpus.warnings.clone();
    if !reference.contains(&true) {
        warnings.push(Warning::note("no reference report: the corpus has no national report and no --reference was given, so there are no lags (first years and adoption only); add the national reports with --reference".to_string(),
        ));
    }
    if reference.iter().all(|r| *r) {
        warnings.push(Warning::note("every report is a reference report: there are no regions to follow, only the reference's first years (diffusion_terms); add regional reports".to_string(),
        ));
    }
    let streamed = main_dfm.is_some();
    let dfm = match main_dfm {
        Some(mut dfm) => {
            use rayon::prelude::*;
            let added: Vec<crate::dfm::DocCounts> = p.corpus.documents[dfm.docs.len()..]
                .par_iter()
                .with_max_len(1)
                .map(|d| crate::dfm::DocCounts::of(&p.segmenter, &d.text).restricted(&terms))
                .collect();
            dfm.docs.extend(added);
            dfm
        }
        None => p.dfm(s.output.progress),
    };
    let uses = |d: usize, t: usize| dfm.docs[d].get(&terms[t]) > 0;
    let d = diffusion(&p.corpus.documents, &reference, &terms, &uses);
    p.timer.mark("diffusion");
    let unused: Vec<&str> = (d.terms.iter())
        .filter(|t| t.adopters == 0 && t.reference_first_year.is_none())
        .map(|t| t.term.as_str())
        .collect();
    if !unused.is_empty() && !s.terms.is_empty() {
        warnings.push(Warning::note(format!(
            "{} term(s) used in no report: {}",
            unused.len(),
            unused.join(", ")
        )));
    }
    if let Some(w) = censoring_note(&p.corpus.documents, &reference, &d) {
        warnings.push(w);
    }
    let mut run = RunDir::create(&s.output.run_dir)?;
    write_frame(&mut run, "diffusion", &mut diffusion_frame(&d)?)?;
    write_frame(&mut run, "adoption", &mut adoption_frame(&d)?)?;
    write_frame(&mut run, "diffusion_terms", &mut terms_frame(&d.terms)?)?;
    p.timer.mark("tables");
    let shown: Vec<String> = if s.terms.is_empty() {
        let mut by: Vec<&TermDiffusion> = d.terms.iter().filter(|t| t.adopters > 0).collect();
        by.sort_by(|a, b| b.adopters.cmp(&a.adopters).then(a.term.cmp(&b.term)));
        by.into_iter()
            .take(s.chart_terms)
            .map(|t| t.term.clone())
            .collect()
    } else {
        terms.clone()
    };
    let note = format!(
        "数据: {} · {} 份报告 · 参照: {} ({} 份报告) · jieba-rs 分词 + 政策词表",
        crate::run::default_run_name(&s.corpus.input),
        before,
        if s.reference.is_empty() {
            "语料中的全国报告".to_string()
        } else {
            s.reference
                .iter()
                .map(|r| crate::run::default_run_name(r))
                .collect::<Vec<_>>()
                .join(", ")
        },
        reference.iter().filter(|r| **r).count()
    );
    if let Some(c) = adoption_curves(&d, &shown, &label, &note, &s.chart)? {
        warnings.extend(c.warnings.iter().cloned());
        write_chart(&mut run, "adoption", &c, &s.chart)?;
    }
    if let Some(c) = lag_dots(&d, &shown, &label, &note, &s.chart)? {
        warnings.extend(c.warnings.iter().cloned());
        write_chart(&mut run, "lags", &c, &s.chart)?;
    }
    p.timer.mark("chart");
    let params = serde_json::json!({
        "inputs": std::iter::once(&s.corpus.input).chain(&s.with).collect::<Vec<_>>(),
        "streamed": streamed,
        "reference_inputs": s.reference,
        "reference": if s.reference.is_empty() { "the corpus's national reports (level national)" } else { "the documents read from --reference (unfiltered)" },
        "terms_requested": s.terms,
        "terms": terms.len(),
        "chart_terms": shown,
        "use": "a document uses a term when the term is one of its tokens (jieba-rs with the term protected); several reports of a place in one year count as one report year",
        "first_year": "first report year of the place (region and level) that uses the term",
        "lag_years": "first_year - the first year a reference report uses the term",
        "reports_before": "report years of the place before first_year (all of them if never used)",
        "censored": "first use in the place's first report year: the real first use may be earlier",
        "adoption": "per year: regions_reporting = places with a report that year; regions_adopted = those with first_year <= year; share = adopted / reporting; places without a report that year are in neither",
    });
    let tokens = dfm.tokens_total();
    let reference_documents = reference.iter().filter(|r| **r).count();
    let documents = p.corpus.documents.len();
    let (folder, files) = finish_run(
        run,
        &mut p,
        "diffusion",
        &s.corpus,
        params,
        Some(tokens),
        &warnings,
    )?;
    Ok(DiffusionSummary {
        run_folder: folder,
        documents,
        reference_documents,
        reference: label,
        terms: d.terms,
        files,
        warnings,
    })
}

/// The `diffusion_terms` table: one row per term with the reference's first year and how the
/// regions followed.
fn terms_frame(terms: &[TermDiffusion]) -> Result<polars::prelude::DataFrame> {
    use polars::prelude::*;
    let t = terms;
    Ok(DataFrame::new_infer_height(vec![
        Column::new(
            "term".into(),
            t.iter().map(|x| x.term.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "reference_first_year".into(),
            t.iter().map(|x| x.reference_first_year).collect::<Vec<_>>(),
        ),
        Column::new(
            "regions".into(),
            t.iter().map(|x| x.regions as u64).collect::<Vec<_>>(),
        ),
        Column::new(
            "adopters".into(),
            t.iter().map(|x| x.adopters as u64).collect::<Vec<_>>(),
        ),
        Column::new(
            "first_regional_year".into(),
            t.iter().map(|x| x.first_regional_year).collect::<Vec<_>>(),
        ),
        Column::new(
            "median_lag".into(),
            t.iter().map(|x| x.median_lag).collect::<Vec<_>>(),
        ),
        Column::new(
            "median_lag_uncensored".into(),
            t.iter()
                .map(|x| x.median_lag_uncensored)
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "ahead_of_reference".into(),
            t.iter()
                .map(|x| x.ahead_of_reference as u64)
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "last_share".into(),
            t.iter().map(|x| x.last_share).collect::<Vec<_>>(),
        ),
        Column::new(
            "half_year".into(),
            t.iter().map(|x| x.half_year).collect::<Vec<_>>(),
        ),
    ])?)
}

/// A note when some terms' lags are all censored: every region's first use
/// is in its first report, which comes after the reference first used the
/// term (the regions' reports begin later than the reference's), so the
/// term's `median_lag` is an upper bound and no lag is measured.
fn censoring_note(
    docs: &[crate::corpus::Document],
    reference: &[bool],
    d: &crate::textstat::diffusion::Diffusion,
) -> Option<Warning> {
    let bounded: Vec<&str> = d
        .terms
        .iter()
        .filter(|t| t.median_lag.is_some() && t.median_lag_uncensored.is_none())
        .map(|t| t.term.as_str())
        .collect();
    if bounded.is_empty() {
        return None;
    }
    let span = |want: bool| {
        let years = docs
            .iter()
            .zip(reference)
            .filter(|(_, r)| **r == want)
            .map(|(doc, _)| doc.year);
        years.clone().min().zip(years.max())
    };
    let (regions, refs) = (span(false)?, span(true)?);
    let shown: Vec<&str> = bounded.iter().take(8).copied().collect();
    Some(Warning::note(format!(
        "{} of {} term(s) have no measured lag ({}{}): every region already uses them in its first report, and the regions' reports ({}–{}) begin after the reference's ({}–{}) first use, so median_lag is only an upper bound (read median_lag_uncensored, empty for them, or add earlier regional reports)",
        bounded.len(),
        d.terms.len(),
        shown.join(", "),
        if bounded.len() > shown.len() {
            ", …"
        } else {
            ""
        },
        regions.0,
        regions.1,
        refs.0,
        refs.1
    )))
}
