//! `analyze sections DIR`: the section tree of every report (headings
//! 一、/(一)/1., unnumbered title lines, lead sentences) with roles, as
//! `sections.{parquet,csv}`.

use clap::Args;

use super::{InputArgs, OutputArgs, print_warnings};
use crate::error::{Error, Result};
use crate::run::sections::{SectionSettings, run as run_sections};

const EXAMPLES: &str = "\
Examples:
  analyze sections reports/national
  analyze sections reports/panjin --name panjin-sections
  analyze sections reports/ --section-roles my_roles.toml --json

Writes output/<name>/sections.{parquet,csv}: doc_id, year, region, section_id,
parent_id, level (1 = the report's top-level headings, whatever their style;
2, 3 their sub-headings; 4 lead sentences), kind, number, path (三/(二); §n for
the n-th unnumbered title line such as 过去五年的回顾), title, role (review,
requirements, tasks, self_building, other: from the heading's words, the years
it names against the report's year, and its place after the review; see
assets/rules/section_roles.toml), start_char, end_char, chars; plus documents,
warnings.csv and manifest.json.";

/// Arguments of `analyze sections`.
#[derive(Debug, Clone, Args)]
#[command(after_help = EXAMPLES)]
pub struct SectionsArgs {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    output: OutputArgs,
    /// Accepted as the analyses accept it: `sections` always loads and cleans
    /// afresh, and neither reads nor writes the cache.
    #[arg(long)]
    no_cache: bool,
}

/// Resolve `analyze sections`'s arguments into settings, checking them (a
/// batch checks every job so before any runs).
pub fn settings(args: &SectionsArgs) -> Result<SectionSettings> {
    Ok(SectionSettings {
        corpus: args.input.settings_for(&args.output)?,
        output: args.output.settings(&args.input.input, "-sections")?,
    })
}

/// Run `analyze sections`.
pub fn run(args: SectionsArgs) -> Result<u8> {
    // Nothing to turn off: see the `no_cache` argument.
    let _ = args.no_cache;
    let settings = settings(&args)?;
    let summary = run_sections(&settings)?;
    if !args.output.quiet {
        print_warnings(&summary.warnings, 15, "warnings.csv");
        eprintln!(
            "{} documents, {} sections -> {}",
            summary.documents,
            summary.sections,
            summary.run_folder.display()
        );
        for (role, n) in &summary.top_level_by_role {
            eprintln!("  {role:<14} {n} top-level sections");
        }
    }
    if args.output.json {
        let json = serde_json::to_string_pretty(&summary).map_err(|source| Error::Json {
            what: "summary",
            source,
        })?;
        println!("{json}");
    }
    Ok(args.output.exit_code(summary.warnings.len()))
}
