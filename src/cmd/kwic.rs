//! `analyze kwic TERM DIR`: every occurrence of a term in context.

use clap::Args;
use unicode_width::UnicodeWidthStr;

use super::{InputArgs, OutputArgs, print_json, print_warnings, query_term};
use crate::error::{Error, Result};
use crate::run::context::{KwicSettings, run_kwic};

const EXAMPLES: &str = "\
Examples:
  analyze kwic 新质生产力 reports/national
  analyze kwic 数字经济 reports/provinces-2026 --context 30 --limit 50
  analyze kwic 阶级斗争 reports/national --t2s always

Prints a concordance and writes kwic.{parquet,csv}: doc_id, year, region,
section_path, section_title, section_role, start_char, end_char,
left_context, keyword, right_context, source. Offsets are character offsets
into the cleaned text; in the two contexts a line break is shown as ⏎.";

/// Arguments of `analyze kwic`.
#[derive(Debug, Clone, Args)]
#[command(after_help = EXAMPLES)]
pub struct KwicArgs {
    /// The term to find.
    term: String,
    #[command(flatten)]
    input: InputArgs,
    /// Characters of context on each side, 1–500 (for a whole paragraph,
    /// read the document's text: `analyze corpus --out`).
    #[arg(long, default_value_t = 20, value_name = "CHARS", value_parser = clap::value_parser!(u64).range(1..=500))]
    context: u64,
    /// Lines printed on the terminal (all are written to the files).
    #[arg(long, default_value_t = 40, value_name = "N")]
    limit: usize,
    #[command(flatten)]
    output: OutputArgs,
    /// Accepted as the analyses accept it: `kwic` always loads and cleans
    /// afresh, and neither reads nor writes the cache.
    #[arg(long)]
    no_cache: bool,
}

/// Pad `s` on the left to display width `w`.
fn left_pad(s: &str, w: usize) -> String {
    format!("{}{s}", " ".repeat(w.saturating_sub(s.width())))
}

/// Resolve `analyze kwic`'s arguments into settings, checking them (a
/// batch checks every job so before any runs).
pub fn settings(args: &KwicArgs) -> Result<KwicSettings> {
    let term: String = query_term(&args.term);
    if term.is_empty() {
        return Err(Error::Usage("kwic needs a non-empty TERM".into()));
    }
    Ok(KwicSettings {
        corpus: args.input.settings_for(&args.output)?,
        term,
        width: args.context as usize,
        output: args.output.settings(&args.input.input, "-kwic")?,
    })
}

/// Run `analyze kwic`.
pub fn run(args: KwicArgs) -> Result<u8> {
    // Nothing to turn off: see the `no_cache` argument.
    let _ = args.no_cache;
    let settings = settings(&args)?;
    let (summary, hits, p) = run_kwic(&settings)?;
    if !args.output.json && !args.output.quiet {
        let lw = args.context as usize * 2;
        for h in hits.iter().take(args.limit) {
            let d = &p.corpus.documents[h.doc];
            let place = format!("{} {}", d.year, d.region.as_deref().unwrap_or(""));
            println!(
                "{:<14} {:<10} {}【{}】{}",
                place,
                h.section_path.chars().take(10).collect::<String>(),
                left_pad(&h.left, lw),
                h.keyword,
                h.right
            );
        }
        if hits.len() > args.limit {
            println!("… {} more in kwic.csv", hits.len() - args.limit);
        }
    }
    if !args.output.quiet {
        print_warnings(&summary.warnings, 10, "warnings.csv");
        eprintln!(
            "{} occurrences of {} -> {}",
            summary.rows,
            summary.term,
            summary.run_folder.display()
        );
    }
    if args.output.json {
        print_json(&summary)?;
    }
    Ok(args.output.exit_code(summary.warnings.len()))
}
