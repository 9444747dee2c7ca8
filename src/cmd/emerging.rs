//! `analyze emerging DIR`: new, vanished, rising and falling terms, with
//! Mann–Kendall tests, Sen's slopes and change points.

use clap::Args;

use super::{ChartArgs, InputArgs, OutputArgs, TokenArgs, VocabArg, print_json, print_warnings};
use crate::error::Result;
use crate::report::charts::Per;
use crate::run::emerging::{EmergingSettings, run as run_emerging};
use crate::textstat::emerging::EmergingOptions;

const EXAMPLES: &str = "\
Examples:
  analyze emerging reports/national
  analyze emerging reports/national --recent 8 --min-total 30

Writes emerging_terms.{parquet,csv} (term, total, first_year, last_year,
years_present, mk_s, mk_z, mk_p, sen_slope_per_year, sen_low, sen_high (its 95 %
confidence interval), change_year, change_next_year, change_p, mean_before,
mean_after, lexicon, pos, in_vocab, inside_word, inside_share, fragment,
string_before_first, string_after_last),
emerging_lists.{parquet,csv} (list: new, vanished, riser or faller; rank,
term, total, first_year, last_year, mk_z, mk_p, sen_slope_per_year, sen_low,
sen_high, change_year) and emerging.svg/png. Years without reports are missing from the series, never
zero. The lists hold words of --vocab (content words by default) and never a
piece of a longer word (常态 of 常态化: see inside_word/inside_share), nor
a word whose string was there three times or more before its token came or
after it went (产量 inside 粮食产量: see string_before_first/string_after_last;
fewer are taken for chance, and the columns show them).
Documents in traditional or mixed characters (the 1954 and 1957 reports) are
converted to simplified by default (--t2s auto), so 我們 and 國家 do not show
up as vanished words.";

/// Arguments of `analyze emerging`.
#[derive(Debug, Clone, Args)]
#[command(after_help = EXAMPLES)]
pub struct EmergingArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Minimum total occurrences for a term to be analysed, and to be a
    /// riser, faller or vanished term (dictionary terms are always analysed).
    #[arg(long, default_value_t = 10, value_name = "N")]
    min_total: u64,
    /// A term first used within --recent years is a `new` candidate with at
    /// least N occurrences…
    #[arg(long, default_value_t = 3, value_name = "N")]
    new_min_total: u64,
    /// …or in at least N reports (dictionary terms need neither).
    #[arg(long, default_value_t = 2, value_name = "N")]
    new_min_reports: usize,
    /// Words the lists draw from: content (dictionary terms and nouns,
    /// idioms, abbreviations by jieba's tags), all, or lexicon only.
    #[arg(long, value_enum, default_value_t = VocabArg::Content)]
    vocab: VocabArg,
    /// The recent window for new and vanished terms, in years.
    #[arg(long, default_value_t = 10, value_name = "YEARS")]
    recent: i32,
    /// Length of the riser and faller lists (new and vanished are complete).
    #[arg(long, default_value_t = 20, value_name = "N", value_parser = super::positive)]
    top: usize,
    /// Significance level of the Mann–Kendall test for risers and fallers.
    #[arg(long, default_value_t = 0.05)]
    alpha: f64,
    /// Lines per list (risers, fallers) in the chart.
    #[arg(long, default_value_t = 4, value_name = "N", value_parser = super::positive)]
    chart_top: usize,
    #[command(flatten)]
    chart: ChartArgs,
    #[command(flatten)]
    tokens: TokenArgs,
    #[command(flatten)]
    output: OutputArgs,
}

/// Resolve `analyze emerging`'s arguments into settings, checking them (a
/// batch checks every job so before any runs).
pub fn settings(args: &EmergingArgs) -> Result<EmergingSettings> {
    Ok(EmergingSettings {
        corpus: args.input.settings_for(&args.output)?,
        tokens: args.tokens.settings(&args.output),
        options: EmergingOptions {
            min_total: args.min_total,
            new_min_total: args.new_min_total,
            new_min_reports: args.new_min_reports,
            vocab: args.vocab.into(),
            recent_years: args.recent.max(1),
            top: args.top.max(1),
            alpha: args.alpha,
            ..EmergingOptions::default()
        },
        chart_top: args.chart_top,
        chart: args.chart.settings(Per::Tokens)?,
        output: args.output.settings(&args.input.input, "-emerging")?,
    })
}

/// Run `analyze emerging`.
pub fn run(args: EmergingArgs) -> Result<u8> {
    let settings = settings(&args)?;
    let (summary, _) = run_emerging(&settings)?;
    if !args.output.quiet {
        print_warnings(&summary.warnings, 15, "warnings.csv");
        eprintln!(
            "{} terms analysed -> {}",
            summary.terms,
            summary.run_folder.display()
        );
        for list in ["new", "vanished", "riser", "faller"] {
            let top: Vec<&str> = summary
                .lists
                .iter()
                .filter(|x| x.0.as_str() == list)
                .take(10)
                .map(|x| x.2.as_str())
                .collect();
            let top = if top.is_empty() {
                "(none)".to_string()
            } else {
                top.join(" ")
            };
            eprintln!("  {list:<9} {top}");
        }
    }
    if args.output.json {
        print_json(&summary)?;
    }
    Ok(args.output.exit_code(summary.warnings.len()))
}
