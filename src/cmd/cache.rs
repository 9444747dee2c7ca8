//! `analyze cache clear|info`: the cache of cleaned documents and word counts.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::error::Result;

const EXAMPLES: &str = "\
Examples:
  analyze cache info
  analyze cache clear
  analyze cache clear --cache /tmp/my-cache

The cache (default folder: output/.cache) holds, per input file, its cleaned
documents (keyed by the file's bytes, the cleaning rules and corpus.toml) and
their dictionary-only word counts (per segmentation fingerprint: dictionaries,
HMM, segmenter version). Runs read and fill it unless given --no-cache; a
corrupt entry is detected and rebuilt.";

/// Arguments of `analyze cache`.
#[derive(Debug, Clone, Args)]
#[command(after_help = EXAMPLES)]
pub struct CacheArgs {
    /// What to do.
    #[command(subcommand)]
    action: CacheAction,
}

/// Cache actions.
#[derive(Debug, Clone, Subcommand)]
pub enum CacheAction {
    /// Delete every cached document and segmentation (files that are no cache entry stay).
    Clear {
        /// The cache folder.
        #[arg(long, default_value = "output/.cache", value_name = "DIR")]
        cache: PathBuf,
    },
    /// Show how many entries the cache holds.
    Info {
        /// The cache folder.
        #[arg(long, default_value = "output/.cache", value_name = "DIR")]
        cache: PathBuf,
    },
}

/// Run `analyze cache`.
pub fn run(args: CacheArgs) -> Result<u8> {
    match args.action {
        CacheAction::Clear { cache } => {
            let cleared = crate::dfm::cache::clear(&cache)?;
            eprintln!(
                "removed {} cache files ({:.1} MB) from {}",
                cleared.files,
                cleared.bytes as f64 / 1e6,
                cache.display()
            );
            if let Some(first) = cleared.kept.first() {
                eprintln!(
                    "kept {} file(s) there that are no cache entries (the first: {}); move them elsewhere if the folder should go",
                    cleared.kept.len(),
                    first.display()
                );
            }
        }
        CacheAction::Info { cache } => {
            let size = |dir: &std::path::Path| {
                let (mut files, mut bytes) = (0u64, 0u64);
                for f in walkdir::WalkDir::new(dir).into_iter().flatten() {
                    if f.file_type().is_file() {
                        files += 1;
                        bytes += f.metadata().map(|m| m.len()).unwrap_or(0);
                    }
                }
                (files, bytes as f64 / 1e6)
            };
            let mut prints = 0;
            let docs = cache.join(crate::corpus::cache::DIR);
            if docs.exists() {
                let (files, mb) = size(&docs);
                println!("cleaned documents: {files} input files  {mb:.1} MB");
                prints += 1;
            }
            if let Ok(entries) = std::fs::read_dir(cache.join(crate::dfm::cache::DIR)) {
                for e in entries.flatten() {
                    let (files, mb) = size(&e.path());
                    println!(
                        "segmentation {}: {files} input files  {mb:.1} MB",
                        e.file_name().to_string_lossy()
                    );
                    prints += 1;
                }
            }
            if prints == 0 {
                println!(
                    "{} holds no cached documents or segmentations",
                    cache.display()
                );
            }
        }
    }
    Ok(super::EXIT_OK)
}
