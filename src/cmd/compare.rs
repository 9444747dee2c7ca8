//! `analyze compare DIR --a … --b …`: keyness of group A against group B.

use clap::{Args, ValueEnum};

use super::{ChartArgs, InputArgs, OutputArgs, TokenArgs, print_json, print_warnings};
use crate::error::{Error, Result};
use crate::report::charts::Per;
use crate::run::compare::{CompareSettings, run as run_compare};
use crate::textstat::compare::{CompareOptions, Correction};
use crate::textstat::groups::Side;

const EXAMPLES: &str = "\
Examples:
  analyze compare reports/national --a 2013-2017 --b 2018-2022
  analyze compare reports/national --a 1978-1988
      (one side only: compared with all other reports)
  analyze compare reports/provinces-2026 --by region --a 广东省 --b 甘肃省
  analyze compare reports/provinces-2026 --by region --a 北京市,上海市,天津市,重庆市

Writes keyness.{parquet,csv}: term, freq_a, freq_b, per_10k_a, per_10k_b,
expected_min (smallest expected count of the 2×2 table; below 5 G²'s p-value is
only approximate, and one warning counts such terms), g2,
p_value, p_adjusted, chi2, chi2_yates, log_ratio, percent_diff, direction,
significant; and keyness.svg/png (diverging bars of the strongest
significant terms). Formulas and corrections: docs/STATISTICS.md.";

/// Multiple-testing correction.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum CorrectionArg {
    /// Benjamini–Hochberg (false discovery rate).
    Bh,
    /// Bonferroni (family-wise error rate).
    Bonferroni,
    /// No correction.
    None,
}

/// Arguments of `analyze compare`.
#[derive(Debug, Clone, Args)]
#[command(after_help = EXAMPLES)]
pub struct CompareArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Group A: years (2013-2017, 2018,2020) or, with --by region, region names (short ones such as 四平 completed from the corpus).
    #[arg(long, value_name = "GROUP")]
    a: String,
    /// Group B (default: every document not in A).
    #[arg(long, value_name = "GROUP")]
    b: Option<String>,
    /// What the groups name: year or region.
    #[arg(long, default_value = "year", value_name = "KIND")]
    by: String,
    /// Minimum freq_a + freq_b for a term to be tested.
    #[arg(long, default_value_t = 5, value_name = "N")]
    min_freq: u64,
    /// Significance level for the adjusted p-value.
    #[arg(long, default_value_t = 0.05)]
    alpha: f64,
    /// Multiple-testing correction.
    #[arg(long, value_enum, default_value = "bh")]
    correction: CorrectionArg,
    /// Terms per side in the chart.
    #[arg(long, default_value_t = 15, value_name = "N", value_parser = super::positive)]
    chart_top: usize,
    #[command(flatten)]
    chart: ChartArgs,
    #[command(flatten)]
    tokens: TokenArgs,
    #[command(flatten)]
    output: OutputArgs,
}

/// Resolve `analyze compare`'s arguments into settings, checking them (a
/// batch checks every job so before any runs).
pub fn settings(args: &CompareArgs) -> Result<CompareSettings> {
    let by_region = match args.by.as_str() {
        "year" => false,
        "region" => true,
        other => {
            return Err(Error::Usage(format!("--by {other:?}: use year or region")));
        }
    };
    if !(0.0..=1.0).contains(&args.alpha) {
        return Err(Error::Usage("--alpha must be between 0 and 1".into()));
    }
    let a = Side::parse(&args.a, by_region)?;
    let b = match &args.b {
        Some(b) => Side::parse(b, by_region)?,
        None => Side::Rest,
    };
    Ok(CompareSettings {
        corpus: args.input.settings_for(&args.output)?,
        tokens: args.tokens.settings(&args.output),
        options: CompareOptions {
            a,
            b,
            min_freq: args.min_freq,
            alpha: args.alpha,
            correction: match args.correction {
                CorrectionArg::Bh => Correction::Bh,
                CorrectionArg::Bonferroni => Correction::Bonferroni,
                CorrectionArg::None => Correction::None,
            },
        },
        chart_top: args.chart_top.max(1),
        chart: args.chart.settings(Per::Tokens)?,
        output: args.output.settings(&args.input.input, "-compare")?,
    })
}

/// Run `analyze compare`.
pub fn run(args: CompareArgs) -> Result<u8> {
    let settings = settings(&args)?;
    let (summary, rows) = run_compare(&settings)?;
    if !args.output.quiet {
        print_warnings(&summary.warnings, 15, "warnings.csv");
        let t = &summary.totals;
        eprintln!(
            "A: {} documents, {} tokens; B: {} documents, {} tokens; {} terms tested, {} + {} significant -> {}",
            t.docs_a,
            t.total_a,
            t.docs_b,
            t.total_b,
            summary.tested,
            summary.significant.0,
            summary.significant.1,
            summary.run_folder.display()
        );
        use crate::textstat::stats::Direction;
        for (d, name) in [(Direction::A, "A"), (Direction::B, "B")] {
            let top: Vec<String> = rows
                .iter()
                .filter(|r| r.significant && r.k.direction == d)
                .take(10)
                .map(|r| format!("{} ({:.1})", r.term, r.k.log_likelihood))
                .collect();
            eprintln!("  {name}: {}", top.join(" "));
        }
    }
    if args.output.json {
        print_json(&summary)?;
    }
    Ok(args.output.exit_code(summary.warnings.len()))
}
