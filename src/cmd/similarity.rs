//! `analyze similarity DIR`: how alike reports are, pair by pair (TF-IDF cosine of content
//! words; Jaccard and containment of character 5-grams), and each report against the
//! previous one of its region.

use std::path::PathBuf;

use clap::Args;

use super::{ChartArgs, InputArgs, OutputArgs, TokenArgs, VocabArg, print_json, print_warnings};
use crate::error::{Error, Result};
use crate::report::charts::Per;
use crate::run::similarity::{SimilaritySettings, run as run_similarity};
use crate::textstat::GroupBy;
use crate::textstat::similarity::{Mode, SimilarityOptions};

const EXAMPLES: &str = "\
Examples:
  analyze similarity reports/national
      every pair of the national reports, exact; heatmaps and continuity
  analyze similarity reports/cities --by year
      one unit per year (reports of a year pooled)
  analyze similarity reports/cities --regions 昆明市,曲靖市 --years 2010-2024
  analyze similarity reports/provinces-2026 --with reports/national --years 2025-2026
      the 2026 provincial reports and the 2025 national one, side by side
  analyze similarity reports/counties --minhash --threshold 0.6
      MinHash sketches and LSH: the pairs with Jaccard ≥ 0.6, found without
      comparing every pair (automatic above --exact-max units)

Measures: cosine_tfidf (cosine of TF-IDF vectors of content words; tf = count /
content tokens, idf = ln(N/df) over the compared units), jaccard (shared
distinct character n-grams of the Han characters and digits / all of them),
containment (share of doc_a's n-grams found in doc_b). Exact up to
--exact-max units; above, Jaccard and containment are MinHash estimates
(standard error at most √(J(1−J)/k): 0.031 with k = 256) and only pairs
reaching --threshold are listed. Formulas: docs/STATISTICS.md (Similarity).

Writes similarity.{parquet,csv}: doc_a, doc_b, measure, value, method,
year_a, region_a, level_a, year_b, region_b, level_b (containment both ways,
cosine and Jaccard once per pair); continuity.{parquet,csv}: doc, prev_doc,
region, level, year, prev_year, years_between, cosine_tfidf, jaccard,
containment, method (each report against the previous available report of
its region: years without a report are skipped, never zero);
similarity_cosine.svg/png and similarity_jaccard.svg/png (heatmaps, ordered
by year) and continuity.svg/png.";

/// Arguments of `analyze similarity`.
#[derive(Debug, Clone, Args)]
#[command(after_help = EXAMPLES)]
pub struct SimilarityArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Also read the reports under this folder or file into the corpus; repeatable.
    #[arg(long = "with", value_name = "DIR")]
    with: Vec<PathBuf>,
    /// Compare groups instead of documents: year, region, level or a combination (year,region; year,level).
    #[arg(long, value_name = "KEYS")]
    by: Option<String>,
    /// Words of the TF-IDF vectors: content (dictionary terms and nouns, idioms, abbreviations by jieba's tags), all, or lexicon only.
    #[arg(long, value_enum, default_value_t = VocabArg::Content)]
    vocab: VocabArg,
    /// Shingle length for Jaccard and containment, in characters (Han characters and digits).
    #[arg(long, default_value_t = 5, value_name = "N")]
    ngram: usize,
    /// Up to this many units every pair is computed exactly; above, MinHash and LSH.
    #[arg(long, default_value_t = 1000, value_name = "N")]
    exact_max: usize,
    /// Compute every pair exactly, whatever the number of units.
    #[arg(long, conflicts_with = "minhash")]
    exact: bool,
    /// Use MinHash sketches and LSH, whatever the number of units.
    #[arg(long)]
    minhash: bool,
    /// MinHash sketch length (more: smaller error, more time).
    #[arg(long, default_value_t = 256, value_name = "K")]
    k: usize,
    /// MinHash mode: list the pairs whose estimated Jaccard reaches this.
    #[arg(long, default_value_t = 0.5, value_name = "J")]
    threshold: f64,
    #[command(flatten)]
    chart: ChartArgs,
    #[command(flatten)]
    tokens: TokenArgs,
    #[command(flatten)]
    output: OutputArgs,
}

/// Resolve `analyze similarity`'s arguments into settings, checking them (a
/// batch checks every job so before any runs).
pub fn settings(args: &SimilarityArgs) -> Result<SimilaritySettings> {
    let options = SimilarityOptions {
        ngram: args.ngram,
        exact_max: args.exact_max,
        mode: if args.exact {
            Some(Mode::Exact)
        } else if args.minhash {
            Some(Mode::MinHash)
        } else {
            None
        },
        k: args.k,
        threshold: args.threshold,
    };
    options.validate().map_err(Error::Usage)?;
    let by = match args.by.as_deref() {
        None => None,
        Some(text) => {
            let g = GroupBy::parse(text)?;
            if g.section {
                return Err(Error::Usage(
                    "--by section: similarity compares documents or groups of whole documents; use year, region, level or a combination".into(),
                ));
            }
            Some(g)
        }
    };
    super::require_existing(&args.with)?;
    Ok(SimilaritySettings {
        corpus: args.input.settings_for(&args.output)?,
        with: args.with.clone(),
        tokens: args.tokens.settings(&args.output),
        by,
        vocab: args.vocab.into(),
        options,
        chart: args.chart.settings(Per::Tokens)?,
        output: args.output.settings(&args.input.input, "-similarity")?,
    })
}

/// Run `analyze similarity`.
pub fn run(args: SimilarityArgs) -> Result<u8> {
    let settings = settings(&args)?;
    let summary = run_similarity(&settings)?;
    if !args.output.quiet {
        print_warnings(&summary.warnings, 10, "warnings.csv");
        let lsh = summary
            .lsh
            .map(|(b, r, c)| format!(", LSH {b} bands × {r}: {c} candidate pairs checked"))
            .unwrap_or_default();
        eprintln!(
            "{} documents, {} units, {} pairs ({}{lsh}), {} continuity rows -> {}",
            summary.documents,
            summary.units,
            summary.pairs,
            summary.mode.as_str(),
            summary.continuity,
            summary.run_folder.display()
        );
        if let Some((c, j)) = summary.continuity_means {
            eprintln!("  mean similarity to the previous report: cosine {c:.3}, Jaccard {j:.3}");
        }
    }
    if args.output.json {
        print_json(&summary)?;
    }
    Ok(args.output.exit_code(summary.warnings.len()))
}
