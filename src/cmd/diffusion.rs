//! `analyze diffusion DIR`: when each region first uses a term, how long after the national
//! reports (or a `--reference` corpus), and how many of the regions reporting in a year have
//! adopted it by then.

use std::path::PathBuf;

use clap::Args;

use super::{ChartArgs, InputArgs, OutputArgs, TokenArgs, print_json, print_warnings};
use crate::error::Result;
use crate::report::charts::Per;
use crate::run::diffusion::{DiffusionSettings, run as run_diffusion};

const EXAMPLES: &str = "\
Examples:
  analyze diffusion reports/cities --reference reports/national \\
      --terms 数字经济,互联网+,高质量发展,乡村振兴,新质生产力
      each city's first use of each term, its lag behind the national reports,
      and the share of the cities reporting in a year that have used it by then
  analyze diffusion reports/provinces --with reports/national
      every lexicon term; the national reports in the corpus are the reference
  analyze diffusion reports/cities --reference reports/national --levels city --years 2010-2024

A document uses a term when the term is one of its tokens (the term is
protected in segmentation). A region's first_year is its first report year
using the term; lag_years = first_year − the reference's first year
(negative: the region was first); censored = the first use is in the
region's first report (it may be earlier). Adoption counts, per year, only
the regions with a report that year: a missing report is not non-adoption.
Formulas: docs/STATISTICS.md (Diffusion).

Writes diffusion.{parquet,csv}: term, region, level, first_year, lag_years,
reports_before, reports, first_report_year, censored, reference_first_year;
adoption.{parquet,csv}: term, year, regions_reporting, regions_adopted,
share, adopters_total; diffusion_terms.{parquet,csv}: term,
reference_first_year, regions, adopters, first_regional_year, median_lag,
median_lag_uncensored, ahead_of_reference, last_share, half_year;
adoption.svg/png (cumulative adoption curves) and lags.svg/png (lags by
region, a dot per term).";

/// Arguments of `analyze diffusion`.
#[derive(Debug, Clone, Args)]
#[command(after_help = EXAMPLES)]
pub struct DiffusionArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Terms to follow, comma-separated. Default: every term of the policy lexicon (and --dict).
    #[arg(long, value_delimiter = ',', value_name = "TERMS")]
    terms: Vec<String>,
    /// File with one term per line (# comments allowed); adds to --terms.
    #[arg(long, value_name = "FILE")]
    terms_file: Option<PathBuf>,
    /// The reference reports (folder or file, read like the corpus and whole, unfiltered); repeatable. Default: the corpus's national reports.
    #[arg(long, value_name = "DIR")]
    reference: Vec<PathBuf>,
    /// Also read the reports under this folder or file into the corpus; repeatable.
    #[arg(long = "with", value_name = "DIR")]
    with: Vec<PathBuf>,
    /// Without --terms: the charts show this many terms, those used by the most regions.
    #[arg(long, default_value_t = 6, value_name = "N", value_parser = super::positive)]
    chart_terms: usize,
    #[command(flatten)]
    chart: ChartArgs,
    #[command(flatten)]
    tokens: TokenArgs,
    #[command(flatten)]
    output: OutputArgs,
}

impl DiffusionArgs {
    fn terms(&self) -> Result<Vec<String>> {
        super::requested_terms(
            &self.terms,
            self.terms_file.as_deref(),
            "every term of the policy lexicon",
        )
    }
}

/// Resolve `analyze diffusion`'s arguments into settings, checking them (a
/// batch checks every job so before any runs).
pub fn settings(args: &DiffusionArgs) -> Result<DiffusionSettings> {
    super::require_existing(args.reference.iter().chain(&args.with))?;
    Ok(DiffusionSettings {
        corpus: args.input.settings_for(&args.output)?,
        with: args.with.clone(),
        reference: args.reference.clone(),
        tokens: args.tokens.settings(&args.output),
        terms: args.terms()?,
        chart_terms: args.chart_terms.max(1),
        chart: args.chart.settings(Per::Tokens)?,
        output: args.output.settings(&args.input.input, "-diffusion")?,
    })
}

/// Run `analyze diffusion`.
pub fn run(args: DiffusionArgs) -> Result<u8> {
    let settings = settings(&args)?;
    let summary = run_diffusion(&settings)?;
    if !args.output.quiet {
        print_warnings(&summary.warnings, 10, "warnings.csv");
        eprintln!(
            "{} documents ({} reference), {} terms -> {}",
            summary.documents,
            summary.reference_documents,
            summary.terms.len(),
            summary.run_folder.display()
        );
        if !args.output.json {
            for t in
                summary
                    .terms
                    .iter()
                    .filter(|t| t.adopters > 0)
                    .take(if args.terms.is_empty() {
                        15
                    } else {
                        usize::MAX
                    })
            {
                let year = |y: Option<i32>| y.map_or("—".to_string(), |y| y.to_string());
                // The lags of regions whose first use is seen; when every
                // one is censored (their reports begin after the reference's
                // first use), the median is only a bound.
                let lag = match (t.median_lag_uncensored, t.median_lag) {
                    (Some(l), _) => format!("median lag {l:+.1} y"),
                    (None, Some(l)) => format!(
                        "median lag at most {l:+.1} y (every region's first report already uses it)"
                    ),
                    (None, None) => "no lag".to_string(),
                };
                eprintln!(
                    "  {}: {} first {} · {} of {} regions · {lag} · {:.0} % of the last year's reporting regions",
                    t.term,
                    summary.reference,
                    year(t.reference_first_year),
                    t.adopters,
                    t.regions,
                    100.0 * t.last_share.unwrap_or(0.0)
                );
            }
        }
    }
    if args.output.json {
        print_json(&summary)?;
    }
    Ok(args.output.exit_code(summary.warnings.len()))
}
