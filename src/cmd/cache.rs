//! `analyze cache clear|info`: the segmentation cache.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::error::Result;

const EXAMPLES: &str = "\
Examples:
  analyze cache info
  analyze cache clear
  analyze cache clear --cache /tmp/my-cache

The cache holds per-document word counts keyed by the cleaned text's SHA-256
and the dictionaries' hashes (default folder: output/.cache). Runs read and
fill it unless given --no-cache; a corrupt entry is detected and rebuilt.";

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
    /// Delete every cached segmentation.
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
            let (files, bytes) = crate::dfm::cache::clear(&cache)?;
            eprintln!(
                "removed {files} cached documents ({:.1} MB) from {}",
                bytes as f64 / 1e6,
                cache.display()
            );
        }
        CacheAction::Info { cache } => {
            let dir = cache.join("dfm-v1");
            let mut prints = 0;
            if let Ok(entries) = std::fs::read_dir(&dir) {
                for e in entries.flatten() {
                    let (mut files, mut bytes) = (0u64, 0u64);
                    for f in walkdir::WalkDir::new(e.path()).into_iter().flatten() {
                        if f.file_type().is_file() {
                            files += 1;
                            bytes += f.metadata().map(|m| m.len()).unwrap_or(0);
                        }
                    }
                    println!(
                        "{}  {files} documents  {:.1} MB",
                        e.file_name().to_string_lossy(),
                        bytes as f64 / 1e6
                    );
                    prints += 1;
                }
            }
            if prints == 0 {
                println!("{} holds no cached segmentation", cache.display());
            }
        }
    }
    Ok(super::EXIT_OK)
}
