//! `analyze batch research.toml`: many analyses from one config file.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::Args;

use super::print_json;
use crate::batch::config::{BatchConfig, parse_overrides};
use crate::batch::{BatchSettings, default_out, plan, run as run_batch};
use crate::error::Result;

const EXAMPLES: &str = "\
Examples:
  analyze batch datasets/research.example.toml
  analyze batch datasets/research.example.toml --dry-run
  analyze batch study.toml --jobs national-trends,provinces --set width=1200
  analyze batch study.toml --no-cache --out /tmp/study

Each [[job]] runs one subcommand exactly as on the command line and writes
<batch folder>/<job name>/; the batch adds index.html (offline, charts inline),
index.md and manifest.json. Exit codes: 0 all jobs ok, 1 a job finished with
warnings (their count is shown per job) and --strict was given, 3 at least one
job failed (the others finished), 2 the config is invalid. Config format: see README (Batch runs).";

/// Arguments of `analyze batch`.
#[derive(Debug, Clone, Args)]
#[command(after_help = EXAMPLES)]
pub struct BatchArgs {
    /// The batch configuration (TOML).
    #[arg(value_name = "CONFIG")]
    config: PathBuf,
    /// Run only these jobs (comma-separated names).
    #[arg(long, value_delimiter = ',', value_name = "NAMES")]
    jobs: Vec<String>,
    /// Print what would run and where it would write; run nothing.
    #[arg(long)]
    dry_run: bool,
    /// Batch folder [default: [shared] out, else output/<config name>].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Segmentation cache folder [default: [shared] cache, else .cache beside the batch folder].
    #[arg(long, value_name = "DIR")]
    cache: Option<PathBuf>,
    /// Segment everything afresh.
    #[arg(long)]
    no_cache: bool,
    /// Override an option of every job that has it, e.g. width=1200 (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    set: Vec<String>,
    /// Print the job outcomes as JSON.
    #[arg(long)]
    json: bool,
    /// No progress and no messages except errors.
    #[arg(long, short)]
    quiet: bool,
    /// Exit with code 1 when a job finished with warnings.
    #[arg(long)]
    strict: bool,
}

/// Run `analyze batch`.
pub fn run(args: BatchArgs) -> Result<u8> {
    let config = BatchConfig::read(&args.config)?;
    let out = match (&args.out, &config.shared.out) {
        (Some(o), _) => o.clone(),
        (None, Some(o)) => config.dir().join(o),
        (None, None) => default_out(&args.config),
    };
    let cache = if args.no_cache {
        None
    } else {
        Some(match (&args.cache, &config.shared.cache) {
            (Some(c), _) => c.clone(),
            (None, Some(c)) => config.dir().join(c),
            (None, None) => out
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .map_or_else(|| PathBuf::from(".cache"), |p| p.join(".cache")),
        })
    };
    let settings = BatchSettings {
        config,
        out,
        cache,
        only: args.jobs.clone(),
        overrides: parse_overrides(&args.set)?,
        progress: !args.quiet && std::io::stderr().is_terminal(),
        log: !args.quiet && !std::io::stderr().is_terminal(),
    };
    if args.dry_run {
        for (name, _, argv) in plan(&settings)? {
            println!("{name}: analyze {}", argv.join(" "));
            println!("    -> {}", settings.out.join(&name).display());
        }
        return Ok(super::EXIT_OK);
    }
    let outcomes = run_batch(&settings)?;
    if !args.quiet {
        // Without a terminal each job's line was printed as it finished.
        if settings.progress {
            for o in &outcomes {
                eprintln!("{}", o.line());
            }
        }
        eprintln!("report: {}", settings.out.join("index.html").display());
    }
    if args.json {
        print_json(&outcomes)?;
    }
    Ok(if outcomes.iter().any(|o| o.status == "failed") {
        super::EXIT_JOB_FAILED
    } else if args.strict
        && outcomes
            .iter()
            .any(|o| o.status == "warnings" || o.warnings > 0)
    {
        super::EXIT_WARNINGS
    } else {
        super::EXIT_OK
    })
}
