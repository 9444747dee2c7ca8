//! `analyze reuse DIR`: passages of target reports that repeat their
//! sources (the previous report of the same region by default).

use std::path::PathBuf;

use clap::Args;

use super::{ChartArgs, InputArgs, OutputArgs, print_json, print_warnings};
use crate::error::{Error, Result};
use crate::report::charts::Per;
use crate::run::reuse::{ReuseSettings, run as run_reuse};
use crate::textstat::reuse::ReuseOptions;
use crate::textstat::reuse::pairs::{GroupSpec, SourceSpec};

const EXAMPLES: &str = "\
Examples:
  analyze reuse reports/national --target 1978-2025
      (each report against the previous one: --source prev-year is the default)
  analyze reuse reports/provinces-2026 --with reports/national --source national,2025 --target province
      (how much of each 2026 provincial report echoes the 2025 national one)
  analyze reuse reports/cities --with reports/national --source national --target city --same-year
      (each city report against the national report of its year)
  analyze reuse reports/cities --source prev-year --source national --with reports/national
      (two source groups, reported side by side)
  analyze reuse reports/national --export-postings output/postings
  analyze reuse reports/national --candidates candidates.parquet

Groups (--source, --target) are comma-separated items: years and ranges
(2025, 2013-2017), levels (national, province, city, county, town), region names,
path:GLOB (documents read from matching files), all. Items of one kind are
alternatives, kinds combine: `national,2025`, `city,云南省,2010-2015`.
`--source prev-year`: the same region's previous available report.

Writes reuse_passages.{parquet,csv}: source_doc, source_year, source_region,
source_start, source_end, target_doc, target_year, target_region,
target_start, target_end, chars, identity, source_excerpt, target_excerpt
(offsets are character offsets into the cleaned texts);
reuse_share.{parquet,csv}: target_doc, year, region, level, source_group,
sources, main_source, han_chars, reused_han_chars, share, passages;
reuse_candidates.{parquet,csv}: source_doc, target_doc, shared_shingles;
reuse_by_year.svg/png and reuse_by_region.svg/png. Method: docs/STATISTICS.md;
past one machine: docs/SCALE.md.";

/// Arguments of `analyze reuse`.
#[derive(Debug, Clone, Args)]
#[command(after_help = EXAMPLES)]
pub struct ReuseArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Also read the reports under this folder or file into the corpus (e.g. the national reports for provincial targets); repeatable.
    #[arg(long = "with", value_name = "DIR")]
    with: Vec<PathBuf>,
    /// Where sources come from: prev-year (the same region's previous report) or a group; repeatable (one share per group) [default: prev-year].
    #[arg(long = "source", value_name = "GROUP")]
    source: Vec<String>,
    /// Which documents are targets (a group) [default: all].
    #[arg(long, value_name = "GROUP")]
    target: Option<String>,
    /// Sources of a group must be of the target's year.
    #[arg(long)]
    same_year: bool,
    /// Shortest passage, in Han characters of the target.
    #[arg(long, default_value_t = 20, value_name = "N")]
    min_length: usize,
    /// Lowest identity (matches / alignment columns) of a passage.
    #[arg(long, default_value_t = 0.8, value_name = "F")]
    identity: f64,
    /// Seed length in characters (Han characters and digits).
    #[arg(long, default_value_t = 5, value_name = "N")]
    ngram: usize,
    /// An n-gram repeated more often than this in one document is not a seed there.
    #[arg(long, default_value_t = 8, value_name = "N")]
    max_repeat: usize,
    /// An n-gram found in more documents than this is not a seed (0: no limit).
    #[arg(long, default_value_t = 0, value_name = "N")]
    max_df: usize,
    /// A pair is aligned only when it shares at least this many distinct seed n-grams.
    #[arg(long, default_value_t = 2, value_name = "N")]
    min_shared: usize,
    /// Write the seed postings (hash, doc_id, pos) here as Parquet partitioned by hash, for a distributed candidate stage (docs/SCALE.md).
    #[arg(long, value_name = "DIR")]
    export_postings: Option<PathBuf>,
    /// Align only the pairs of this Parquet file or folder of Parquet files (columns source_doc, target_doc), e.g. from scripts/spark_candidates.py.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["source", "target", "same_year", "export_postings"])]
    candidates: Option<PathBuf>,
    /// Rows of the share table printed on the terminal (all are written to the files).
    #[arg(long, default_value_t = 20, value_name = "N")]
    limit: usize,
    /// Cache folder for cleaned documents [default: <out>/.cache, i.e. output/.cache].
    #[arg(long, value_name = "DIR")]
    cache: Option<PathBuf>,
    /// Load and clean everything afresh; neither read nor write the cache.
    #[arg(long)]
    no_cache: bool,
    #[command(flatten)]
    chart: ChartArgs,
    #[command(flatten)]
    output: OutputArgs,
}

/// Resolve `analyze reuse`'s arguments into settings, checking them (a
/// batch checks every job so before any runs).
pub fn settings(args: &ReuseArgs) -> Result<ReuseSettings> {
    let options = ReuseOptions {
        ngram: args.ngram,
        min_chars: args.min_length,
        min_identity: args.identity,
        max_repeat: args.max_repeat,
        max_df: args.max_df,
        min_shared: args.min_shared,
        ..ReuseOptions::default()
    };
    options.validate().map_err(Error::Usage)?;
    let sources = if args.source.is_empty() {
        vec![SourceSpec::PrevYear]
    } else {
        args.source
            .iter()
            .map(|s| SourceSpec::parse(s))
            .collect::<Result<Vec<_>>>()?
    };
    let target = match &args.target {
        Some(t) => GroupSpec::parse(t)?,
        None => GroupSpec::all(),
    };
    super::require_existing(&args.with)?;
    let cache = if args.no_cache {
        None
    } else {
        Some(
            args.cache
                .clone()
                .unwrap_or_else(|| args.output.parent().join(".cache")),
        )
    };
    Ok(ReuseSettings {
        corpus: args.input.settings_for(&args.output)?,
        with: args.with.clone(),
        cache,
        sources,
        target,
        same_year: args.same_year,
        candidates: args.candidates.clone(),
        options,
        export_postings: args.export_postings.clone(),
        chart: args.chart.settings(Per::Chars)?,
        output: args.output.settings(&args.input.input, "-reuse")?,
    })
}

/// Run `analyze reuse`.
pub fn run(args: ReuseArgs) -> Result<u8> {
    let settings = settings(&args)?;
    let (summary, rows, p) = run_reuse(&settings)?;
    if !args.output.quiet {
        let docs = &p.corpus.documents;
        if !args.output.json {
            for r in rows.iter().take(args.limit) {
                let d = &docs[r.target];
                println!(
                    "{:<24} {:<14} {:>6.1} %  {:>6} / {:<6} {}",
                    d.doc_id,
                    r.group,
                    100.0 * r.share(),
                    r.reused,
                    r.han_chars,
                    r.main_source
                        .map(|s| format!("mostly {}", docs[s].doc_id))
                        .unwrap_or_default()
                );
            }
            if rows.len() > args.limit {
                println!("… {} more rows in reuse_share.csv", rows.len() - args.limit);
            }
        }
        print_warnings(&summary.warnings, 10, "warnings.csv");
        for g in &summary.groups {
            eprintln!(
                "{}: {} targets, {:.1} % of their Han characters reused ({} of {})",
                g.group,
                g.targets,
                100.0 * g.share,
                g.reused_han_chars,
                g.han_chars
            );
        }
        eprintln!(
            "{} documents, {} targets, {} candidate pairs, {} passages -> {}",
            summary.documents,
            summary.targets,
            summary.candidates,
            summary.passages,
            summary.run_folder.display()
        );
        if let Some(d) = &summary.postings {
            eprintln!("postings -> {}", d.display());
        }
    }
    if args.output.json {
        print_json(&summary)?;
    }
    Ok(args.output.exit_code(summary.warnings.len()))
}
