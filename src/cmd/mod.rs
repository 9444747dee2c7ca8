//! The command-line interface: one file per subcommand, each with its help
//! text, an args struct and a small `run()`. Arguments are parsed here and
//! resolved into the typed settings of [`crate::run`].
//!
//! Exit codes: 0 success; 1 finished, but with warnings and `--strict`;
//! 2 usage or input error (nothing or not everything was written).

pub mod corpus;
pub mod trends;

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::error::{Result, Warning};
use crate::run::{CorpusSettings, OutputSettings, TokenSettings};

/// Exit code: success.
pub const EXIT_OK: u8 = 0;
/// Exit code: finished with warnings, and `--strict` was given.
pub const EXIT_WARNINGS: u8 = 1;
/// Exit code: usage or input error.
pub const EXIT_ERROR: u8 = 2;

const AFTER_HELP: &str = "\
Exit codes: 0 ok · 1 finished with warnings (only with --strict) · 2 usage or input error

Examples:
  analyze trends datasets/
  analyze trends ../shared/corpora/national --terms 数字经济,人工智能,新质生产力
  analyze trends ../shared/corpora/provincial-2026 --by region --terms 数字经济,低空经济
  analyze corpus ../shared/corpora/panjin --out output/panjin-corpus";

/// Emphasis shifts in Chinese government work reports (政府工作报告).
#[derive(Debug, Parser)]
#[command(name = "analyze", version, about, after_help = AFTER_HELP)]
pub struct Cli {
    /// The subcommand.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Term frequencies per year (or region) with a trend chart.
    Trends(Box<trends::TrendsArgs>),
    /// Show (and optionally write) what was ingested: documents, metadata, warnings.
    Corpus(corpus::CorpusArgs),
}

/// Run the parsed command; returns the exit code.
pub fn dispatch(cli: Cli) -> Result<u8> {
    match cli.command {
        Command::Trends(a) => trends::run(*a),
        Command::Corpus(a) => corpus::run(a),
    }
}

/// Arguments for reading a corpus.
#[derive(Debug, Clone, Args)]
pub struct InputArgs {
    /// Folder of reports (walked recursively) or a single .txt/.md/.jsonl/.csv file.
    #[arg(value_name = "DIR")]
    pub input: PathBuf,
    /// Extra cleaning rules (TOML, format of assets/rules/clean.toml); repeatable.
    #[arg(long = "rules", value_name = "FILE")]
    pub rules: Vec<PathBuf>,
    /// Do not apply the shipped cleaning rules (NFKC and blank-line tidying still apply).
    #[arg(long)]
    pub no_default_rules: bool,
}

impl InputArgs {
    /// Resolve into settings.
    pub fn settings(&self) -> CorpusSettings {
        CorpusSettings {
            input: self.input.clone(),
            rule_files: self.rules.clone(),
            no_default_rules: self.no_default_rules,
        }
    }
}

/// Arguments for segmentation.
#[derive(Debug, Clone, Args)]
pub struct TokenArgs {
    /// User dictionary in Python-jieba format (word [freq] [tag]); repeatable.
    #[arg(long = "dict", value_name = "FILE")]
    pub dict: Vec<PathBuf>,
    /// Leave out the shipped policy-term lexicon.
    #[arg(long)]
    pub no_lexicon: bool,
    /// Stopword list replacing the shipped ones (one word per line); repeatable.
    #[arg(long = "stopwords", value_name = "FILE")]
    pub stopwords: Vec<PathBuf>,
    /// Turn off jieba's HMM for unknown words (Python jieba's cut(HMM=False)).
    #[arg(long)]
    pub no_hmm: bool,
}

impl TokenArgs {
    /// Resolve into settings.
    pub fn settings(&self) -> TokenSettings {
        TokenSettings {
            dict_files: self.dict.clone(),
            no_lexicon: self.no_lexicon,
            stopword_files: self.stopwords.clone(),
            hmm: !self.no_hmm,
        }
    }
}

/// Arguments for output and reporting.
#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// Folder that receives the run folder [default: output].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Name of the run folder [default: the input folder's name].
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Print a machine-readable summary to stdout (messages stay on stderr).
    #[arg(long)]
    pub json: bool,
    /// No progress bars and no messages except errors.
    #[arg(long, short)]
    pub quiet: bool,
    /// Exit with code 1 when the run finished with warnings.
    #[arg(long)]
    pub strict: bool,
}

impl OutputArgs {
    /// Resolve the run folder for `input` (name suffixed with `suffix`).
    pub fn settings(&self, input: &std::path::Path, suffix: &str) -> Result<OutputSettings> {
        let name = match &self.name {
            Some(n) => {
                if n.is_empty() || n.contains(['/', '\\']) || n.starts_with('.') {
                    return Err(crate::error::Error::Usage(format!(
                        "--name {n:?}: use a plain folder name (no slashes, not starting with a dot)"
                    )));
                }
                n.clone()
            }
            None => format!("{}{suffix}", crate::run::default_run_name(input)),
        };
        let parent = self.out.clone().unwrap_or_else(|| PathBuf::from("output"));
        let run_dir = parent.join(name);
        crate::run::check_output_location(input, &run_dir, self.out.is_some())?;
        Ok(OutputSettings {
            run_dir,
            progress: !self.quiet && std::io::stderr().is_terminal(),
        })
    }

    /// The exit code for a finished run.
    pub fn exit_code(&self, warnings: usize) -> u8 {
        if self.strict && warnings > 0 {
            EXIT_WARNINGS
        } else {
            EXIT_OK
        }
    }
}

/// Print warnings to stderr (the first `limit`, then a count).
pub fn print_warnings(warnings: &[Warning], limit: usize, where_all: &str) {
    for w in warnings.iter().take(limit) {
        eprintln!("warning: {w}");
    }
    if warnings.len() > limit {
        eprintln!(
            "warning: … and {} more (all in {where_all})",
            warnings.len() - limit
        );
    }
}
