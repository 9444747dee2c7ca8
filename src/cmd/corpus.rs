//! `analyze corpus DIR`: what was ingested — documents with their metadata
//! and the warnings; `--out` writes them with the cleaned texts.

use clap::Args;
use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};

use super::{InputArgs, print_warnings};
use crate::corpus::{Corpus, Document};
use crate::error::{Error, Result};

const EXAMPLES: &str = "\
Examples:
  analyze corpus datasets/
  analyze corpus reports/national
  analyze corpus reports/cities --out output
      writes output/cities-corpus/: documents.{parquet,csv}, warnings.csv,
      cleaning.{parquet,csv} (characters each cleaning rule removed from each
      document), texts/<doc_id>.txt (the cleaned texts), manifest.json

For tables (CSV, spreadsheets, pandas JSON), JSON Lines and front matter, the columns taken for each
field are printed (and written to the manifest): check them once per new source.
Flags: short (far shorter than a full report of its level), truncated (ends
mid-sentence), replacement_chars (decoding damage), excerpt (摘要/节选…),
from_html / from_pdf / from_office (converted).";

/// Arguments of `analyze corpus`.
#[derive(Debug, Clone, Args)]
#[command(after_help = EXAMPLES)]
pub struct CorpusArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Write documents, warnings and cleaned texts into DIR/<name> (default name: <input>-corpus).
    #[arg(long, value_name = "DIR")]
    out: Option<std::path::PathBuf>,
    /// Name of the run folder [default: <input folder>-corpus].
    #[arg(long, value_name = "NAME")]
    name: Option<String>,
    /// Print the documents as JSON to stdout instead of a table.
    #[arg(long)]
    json: bool,
    /// Only errors on stderr.
    #[arg(long, short)]
    quiet: bool,
    /// Exit with code 1 when there were warnings.
    #[arg(long)]
    strict: bool,
    /// Accepted as the analyses accept it: `corpus` always loads and cleans
    /// afresh, and neither reads nor writes the cache.
    #[arg(long)]
    no_cache: bool,
}

/// Resolve `analyze corpus`'s arguments, checking them (a batch checks
/// every job so before any runs): the corpus settings, and the run folder
/// when `--out` asks for one.
pub fn settings(
    args: &CorpusArgs,
) -> Result<(crate::run::CorpusSettings, Option<std::path::PathBuf>)> {
    let settings = args.input.settings()?;
    let out = match &args.out {
        Some(parent) => {
            let out_args = super::OutputArgs {
                out: Some(parent.clone()),
                name: args.name.clone(),
                json: args.json,
                quiet: args.quiet,
                strict: args.strict,
            };
            Some(out_args.settings(&settings.input, "-corpus")?.run_dir)
        }
        None => None,
    };
    Ok((settings, out))
}

/// Run `analyze corpus`.
pub fn run(args: CorpusArgs) -> Result<u8> {
    // Nothing to turn off: see `CorpusArgs::no_cache`.
    let _ = args.no_cache;
    let (settings, out) = settings(&args)?;
    let (corpus, summary) = crate::run::corpus::run(&settings, out.as_deref())?;
    if args.json && !crate::run::in_batch_job() {
        let docs: Vec<serde_json::Value> = corpus.documents.iter().map(doc_json).collect();
        let v = serde_json::json!({
            "run_folder": summary.run_folder,
            "documents": docs,
            "warnings": corpus.warnings,
            "dropped": corpus.dropped,
            "input_files": corpus.files,
            "files": summary.files,
        });
        let s = serde_json::to_string_pretty(&v).map_err(|source| Error::Json {
            what: "summary",
            source,
        })?;
        println!("{s}");
    } else if !crate::run::in_batch_job() {
        println!("{}", table(&corpus));
    }
    if !args.quiet {
        for f in &corpus.files {
            if let Some(m) = &f.fields {
                eprintln!("{}: {}", f.path, m.describe());
            }
            if let Some(fmt) = f.read_as {
                eprintln!("{}: read as .{} (its content)", f.path, fmt.as_str());
            }
        }
        print_warnings(&corpus.warnings, 30, "warnings.csv (with --out)");
        eprintln!(
            "{} documents from {} files, {} years, {} warnings",
            corpus.documents.len(),
            corpus.files.len(),
            corpus.years().len(),
            corpus.warnings.len()
        );
        if let Some(f) = &summary.run_folder {
            eprintln!("written to {}", f.display());
        }
    }
    Ok(if args.strict && !corpus.warnings.is_empty() {
        super::EXIT_WARNINGS
    } else {
        super::EXIT_OK
    })
}

fn doc_json(d: &Document) -> serde_json::Value {
    serde_json::json!({
        "doc_id": d.doc_id,
        "year": d.year,
        "date": d.date.map(|x| x.to_string()),
        "region": d.region,
        "province": d.province,
        "level": d.level,
        "title": d.title,
        "source": d.source(),
        "encoding": d.encoding,
        "chars": d.chars(),
        "han_chars": d.han_chars,
        "chars_removed": d.chars_removed,
        "chars_added": d.chars_added,
        "session": d.session,
        "flags": d.flags,
        "year_source": d.year_source.as_str(),
        "date_source": d.date_source.map(|x| x.as_str()),
        "sha256": d.sha256,
    })
}

fn table(corpus: &Corpus) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header([
            "doc_id", "year", "date", "region", "level", "title", "chars", "han", "removed",
            "flags", "source",
        ]);
    for d in &corpus.documents {
        let title: String = d.title.as_deref().unwrap_or("").chars().take(28).collect();
        t.add_row([
            d.doc_id.clone(),
            d.year.to_string(),
            d.date.map(|x| x.to_string()).unwrap_or_default(),
            d.region.clone().unwrap_or_default(),
            d.level.map(|l| l.to_string()).unwrap_or_default(),
            title,
            d.chars().to_string(),
            d.han_chars.to_string(),
            d.chars_removed.to_string(),
            d.flags
                .iter()
                .map(|f| f.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            d.source(),
        ]);
    }
    t
}
