//! `analyze collocates TERM DIR`: words co-occurring with a term, ranked by
//! logDice, with PMI, overall and per year.

use clap::Args;

use super::{ChartArgs, InputArgs, OutputArgs, TokenArgs, print_json, print_warnings, query_term};
use crate::error::{Error, Result};
use crate::report::charts::Per;
use crate::run::context::{CollocateSettings, run_collocates};
use crate::textstat::collocates::Window;

const EXAMPLES: &str = "\
Examples:
  analyze collocates 数字经济 reports/national
  analyze collocates 数字经济 reports/national --window 5 --min-freq 2
  analyze collocates 乡村振兴 reports/provinces-2026

Writes collocates.{parquet,csv}: scope (all or the year), year, collocate,
f_xy, f_x, f_y, n, log_dice, pmi; and collocates.svg/png. Default window: the
same sentence; --window N uses ±N content tokens.";

/// Arguments of `analyze collocates`.
#[derive(Debug, Clone, Args)]
#[command(after_help = EXAMPLES)]
pub struct CollocatesArgs {
    /// The node term.
    term: String,
    #[command(flatten)]
    input: InputArgs,
    /// ±N content tokens instead of the same sentence.
    #[arg(long, value_name = "N", value_parser = super::positive)]
    window: Option<usize>,
    /// Minimum co-occurrence count.
    #[arg(long, default_value_t = 3, value_name = "N")]
    min_freq: u64,
    /// Collocates in the chart.
    #[arg(long, default_value_t = 20, value_name = "N", value_parser = super::positive)]
    chart_top: usize,
    #[command(flatten)]
    chart: ChartArgs,
    #[command(flatten)]
    tokens: TokenArgs,
    #[command(flatten)]
    output: OutputArgs,
}

/// Resolve `analyze collocates`'s arguments into settings, checking them (a
/// batch checks every job so before any runs).
pub fn settings(args: &CollocatesArgs) -> Result<CollocateSettings> {
    let term: String = query_term(&args.term);
    if !term.chars().any(char::is_alphabetic) {
        return Err(Error::Usage(format!("{term:?} is not a word")));
    }
    Ok(CollocateSettings {
        corpus: args.input.settings_for(&args.output)?,
        tokens: args.tokens.settings(&args.output),
        term,
        window: match args.window {
            Some(n) => Window::Tokens(n.max(1)),
            None => Window::Sentence,
        },
        min_freq: args.min_freq.max(1),
        chart_top: args.chart_top.max(1),
        chart: args.chart.settings(Per::Tokens)?,
        output: args.output.settings(&args.input.input, "-collocates")?,
    })
}

/// Run `analyze collocates`.
pub fn run(args: CollocatesArgs) -> Result<u8> {
    let settings = settings(&args)?;
    let (summary, rows) = run_collocates(&settings)?;
    if !args.output.quiet {
        print_warnings(&summary.warnings, 10, "warnings.csv");
        let top: Vec<String> = rows
            .iter()
            .filter(|r| r.year.is_none())
            .take(15)
            .map(|r| format!("{} ({:.2})", r.word, r.log_dice))
            .collect();
        eprintln!("{}: {}", summary.term, top.join(" "));
        eprintln!("{} rows -> {}", summary.rows, summary.run_folder.display());
    }
    if args.output.json {
        print_json(&summary)?;
    }
    Ok(args.output.exit_code(summary.warnings.len()))
}
