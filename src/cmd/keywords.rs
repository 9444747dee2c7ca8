//! `analyze keywords DIR`: keywords per year (TF-IDF with the IDF from this
//! corpus, and TextRank) with a small-multiples chart.

use clap::Args;

use super::{ChartArgs, InputArgs, OutputArgs, TokenArgs, VocabArg, print_json, print_warnings};
use crate::error::Result;
use crate::report::charts::Per;
use crate::run::keywords::{KeywordSettings, run as run_keywords};
use crate::textstat::keywords::KeywordOptions;

const EXAMPLES: &str = "\
Examples:
  analyze keywords reports/national
  analyze keywords reports/national --years 2013-2025 --top 15
  analyze keywords datasets/ --no-textrank

Writes keywords.{parquet,csv} (year, method, rank, term, score, count, df, idf),
keywords.svg/png (one panel of TF-IDF keywords per year; TextRank's with a
single report, whose IDFs are all 0) and, over several years,
keywords_rank.svg/png (how the top keywords' ranks change). The IDF is
ln(N/df) over the reports of the corpus being analysed (one report = one
document; with --years, the reports of those years).";

/// Arguments of `analyze keywords`.
#[derive(Debug, Clone, Args)]
#[command(after_help = EXAMPLES)]
pub struct KeywordsArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Keywords per year and method.
    #[arg(long, default_value_t = 20, value_name = "K", value_parser = super::positive)]
    top: usize,
    /// Skip TextRank (TF-IDF only).
    #[arg(long)]
    no_textrank: bool,
    /// Keywords per panel in the chart.
    #[arg(long, default_value_t = 10, value_name = "N", value_parser = super::positive)]
    chart_top: usize,
    /// Words TF-IDF ranks: content (dictionary terms and nouns, idioms,
    /// abbreviations by jieba's tags), all, or lexicon only.
    #[arg(long, value_enum, default_value_t = VocabArg::Content)]
    vocab: VocabArg,
    /// TF-IDF ranks a word in a year only from N occurrences in that year on
    /// (a word said once or twice in one report has the highest IDF of all).
    #[arg(long, default_value_t = 3, value_name = "N")]
    min_count: u64,
    #[command(flatten)]
    chart: ChartArgs,
    #[command(flatten)]
    tokens: TokenArgs,
    #[command(flatten)]
    output: OutputArgs,
}

/// Resolve `analyze keywords`'s arguments into settings, checking them (a
/// batch checks every job so before any runs).
pub fn settings(args: &KeywordsArgs) -> Result<KeywordSettings> {
    Ok(KeywordSettings {
        corpus: args.input.settings_for(&args.output)?,
        tokens: args.tokens.settings(&args.output),
        options: KeywordOptions {
            textrank: !args.no_textrank,
            vocab: args.vocab.into(),
            min_count: args.min_count.max(1),
            ..KeywordOptions::new(args.top.max(1))
        },
        chart_top: args.chart_top.max(1),
        chart: args.chart.settings(Per::Tokens)?,
        output: args.output.settings(&args.input.input, "-keywords")?,
    })
}

/// Run `analyze keywords`.
pub fn run(args: KeywordsArgs) -> Result<u8> {
    let settings = settings(&args)?;
    let (summary, rows) = run_keywords(&settings)?;
    if !args.output.quiet {
        print_warnings(&summary.warnings, 15, "warnings.csv");
        eprintln!(
            "{} documents, {} years, {} keyword rows -> {}",
            summary.documents,
            summary.years.len(),
            summary.rows,
            summary.run_folder.display()
        );
        // TF-IDF's keywords, else (one report) TextRank's, as in the chart.
        let method = if rows.iter().any(|r| r.method == "tfidf") {
            "tfidf"
        } else {
            "textrank"
        };
        for year in summary.years.iter().rev().take(5) {
            let top: Vec<&str> = rows
                .iter()
                .filter(|r| r.year == *year && r.method == method)
                .take(8)
                .map(|r| r.term.as_str())
                .collect();
            eprintln!("  {year}  {}", top.join(" "));
        }
        // The earlier years are in the table; say so, and where.
        if let Some(earlier) = summary.years.len().checked_sub(5).filter(|n| *n > 0) {
            eprintln!(
                "  … {earlier} earlier year(s) ({}–{}) in keywords.csv",
                summary.years[0],
                summary.years[earlier - 1]
            );
        }
    }
    if args.output.json {
        print_json(&summary)?;
    }
    Ok(args.output.exit_code(summary.warnings.len()))
}
