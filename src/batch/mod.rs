//! Batch research runs: one TOML file drives many analyses.
//!
//! Each job becomes the command line of a subcommand (see [`config`]), so
//! every analysis the CLI has can run in a batch without changes here. Jobs
//! run in parallel (rayon); a failing job is recorded with its error and the
//! others finish. Each job writes `<batch>/<job name>/` exactly as the
//! subcommand would; the batch then writes `index.html`, `index.md` and
//! `manifest.json` (config hash, every input file with SHA-256, versions,
//! per-job timings), atomically.

pub mod config;
pub mod report;

use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::Parser;
use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
use rayon::prelude::*;
use serde::Serialize;

use self::config::{BatchConfig, Overrides, job_argv};
use crate::cmd::Cli;
use crate::error::{Error, Result};

/// Typed settings of a batch run.
#[derive(Debug, Clone)]
pub struct BatchSettings {
    /// The configuration.
    pub config: BatchConfig,
    /// The batch folder.
    pub out: PathBuf,
    /// Segmentation cache folder (`None`: no cache).
    pub cache: Option<PathBuf>,
    /// Only these jobs (all when empty).
    pub only: Vec<String>,
    /// Command-line overrides.
    pub overrides: Overrides,
    /// Show progress bars.
    pub progress: bool,
    /// Without progress bars (stderr is no terminal: a log file), say each
    /// job's outcome as it finishes.
    pub log: bool,
}

/// What happened to one job.
#[derive(Debug, Clone, Serialize)]
pub struct JobOutcome {
    /// Job name.
    pub name: String,
    /// Subcommand.
    pub analysis: String,
    /// The command line it ran (without the program name).
    pub argv: Vec<String>,
    /// `ok`, `warnings` (finished with warnings), or `failed`.
    pub status: String,
    /// The error, when it failed.
    pub error: Option<String>,
    /// Its folder, relative to the batch folder.
    pub folder: String,
    /// Wall time in seconds.
    pub seconds: f64,
    /// Warnings the job gave (the rows of its `warnings.csv`).
    pub warnings: usize,
}

impl JobOutcome {
    /// One line for the console: name, status, time, warnings or error.
    pub fn line(&self) -> String {
        // Padded by display width: a Chinese job name is twice as wide.
        use unicode_width::UnicodeWidthStr;
        let name = format!(
            "{}{}",
            self.name,
            " ".repeat(24usize.saturating_sub(self.name.width()))
        );
        match &self.error {
            Some(e) => format!("{name} FAILED after {:.1} s: {e}", self.seconds),
            None => format!(
                "{name} {} in {:.1} s{}",
                self.status,
                self.seconds,
                match self.warnings {
                    0 => String::new(),
                    1 => ", 1 warning".to_string(),
                    n => format!(", {n} warnings"),
                }
            ),
        }
    }
}

/// The planned command lines, for `--dry-run` and for running.
pub fn plan(s: &BatchSettings) -> Result<Vec<(String, String, Vec<String>)>> {
    let mut out = Vec::new();
    for n in &s.only {
        if !s.config.jobs.iter().any(|(j, _)| &j.name == n) {
            return Err(Error::Usage(format!(
                "--jobs {n:?}: no such job in {}",
                s.config.path.display()
            )));
        }
    }
    for (job, line) in &s.config.jobs {
        if !s.only.is_empty() && !s.only.contains(&job.name) {
            continue;
        }
        // An error about one param is named at that param's line.
        let bad = |m: String| {
            let at = param_named_in(job, &m).map_or(*line, |k| s.config.key_line(*line, k));
            Error::bad_line(&s.config.path, at, format!("job {:?}: {m}", job.name))
        };
        let argv =
            job_argv(&s.config, job, &s.out, s.cache.as_deref(), &s.overrides).map_err(&bad)?;
        // Parse and resolve now, so that a bad option or value fails before
        // anything runs.
        let mut full = vec!["analyze".to_string()];
        full.extend(argv.iter().cloned());
        let cli = Cli::try_parse_from(&full).map_err(|e| {
            let text = e.to_string();
            let first = text.lines().next().unwrap_or_default();
            // clap's own `error: ` prefix: the message gets one already.
            bad(first.strip_prefix("error: ").unwrap_or(first).to_string())
        })?;
        crate::cmd::check(&cli).map_err(|e| match e {
            Error::Usage(m) => bad(m),
            other => bad(other.to_string()),
        })?;
        out.push((job.name.clone(), job.analysis.clone(), argv));
    }
    // An override no job can take is a typo (`--set widht=1200`), not a
    // no-op.
    // Every such key at once, so that one run names them all.
    let unknown: Vec<String> = s
        .overrides
        .iter()
        .filter(|(key, _)| {
            !out.iter()
                .any(|(_, analysis, _)| config::has_option(analysis, key))
        })
        .map(|(key, _)| format!("--set {key}=… (no option --{})", key.replace('_', "-")))
        .collect();
    if !unknown.is_empty() {
        return Err(Error::Usage(format!(
            "none of the jobs takes {}; see `analyze <analysis> --help` for the options",
            unknown.join(", ")
        )));
    }
    Ok(out)
}

/// The param of `job` an error message `m` is about: the one whose option
/// it names (`--top <K>`, `--width must be…`), else the one whose value it
/// holds (`"abc" is not a year`, `cannot read ./nowhere.toml`).
fn param_named_in<'a>(job: &'a config::Job, m: &str) -> Option<&'a String> {
    let names_option = |k: &str| {
        let option = format!("--{}", k.replace('_', "-"));
        m.match_indices(&option).any(|(i, _)| {
            m[i + option.len()..]
                .chars()
                .next()
                .is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '-'))
        })
    };
    job.params.keys().find(|k| names_option(k)).or_else(|| {
        job.params.iter().find_map(|(k, v)| {
            let text = v.as_str()?;
            (text.chars().count() >= 2 && m.contains(text)).then_some(k)
        })
    })
}

/// Run the batch: all jobs, then the report and the manifest.
pub fn run(s: &BatchSettings) -> Result<Vec<JobOutcome>> {
    let started = Instant::now();
    let planned = plan(s)?;
    check_batch_folder(&s.out)?;
    std::fs::create_dir_all(&s.out).map_err(|e| Error::write(&s.out, e))?;
    // Marked, so that reading a corpus that holds the batch folder skips
    // its report files, and a later batch may write there again.
    crate::report::write_marker(&s.out)?;
    report::write_started(s, &planned)?;
    let multi = if s.progress {
        MultiProgress::new()
    } else {
        MultiProgress::with_draw_target(indicatif::ProgressDrawTarget::hidden())
    };
    let style = ProgressStyle::with_template("{spinner} {prefix:<24} {msg} {elapsed}")
        .unwrap_or_else(|_| ProgressStyle::default_spinner());
    let outcomes: Vec<JobOutcome> = planned
        .par_iter()
        .with_max_len(1)
        .map(|(name, analysis, argv)| {
            let bar = multi.add(ProgressBar::new_spinner());
            bar.set_style(style.clone());
            bar.set_prefix(name.clone());
            bar.set_message(format!("running {analysis}"));
            bar.enable_steady_tick(std::time::Duration::from_millis(200));
            let mut outcome =
                crate::run::with_job_progress(&multi, &bar, || run_job(name, analysis, argv));
            if outcome.error.is_none() {
                outcome.warnings = warning_rows(&s.out.join(&outcome.folder));
            }
            if s.log {
                eprintln!("{}", outcome.line());
            }
            bar.finish_with_message(outcome.status.clone());
            outcome
        })
        .collect();
    report::write(s, &outcomes, started.elapsed().as_secs_f64())?;
    Ok(outcomes)
}

/// The rows of `warnings.csv` in a job's folder (0 without one).
fn warning_rows(folder: &Path) -> usize {
    csv::Reader::from_path(folder.join("warnings.csv")).map_or(0, |mut r| {
        r.records().filter(std::result::Result::is_ok).count()
    })
}

/// Refuse a batch folder that is a file, or that holds anything but an earlier batch's
/// files (its report, its run folders, hidden files such as its cache): a
/// job folder replaces an earlier run, and the report files are
/// overwritten, so a folder of the user's is not written into.
fn check_batch_folder(out: &Path) -> Result<()> {
    if out.exists() && !out.is_dir() {
        return Err(Error::Usage(format!(
            "the batch folder {} is a file, not a folder; give --out (or `out` in the config) a folder (it is created if missing)",
            out.display()
        )));
    }
    let Ok(entries) = std::fs::read_dir(out) else {
        return Ok(());
    };
    if out.join(crate::corpus::walk::RUN_MARKER).exists() {
        return Ok(());
    }
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let path = e.path();
        let ours = name.starts_with('.')
            || ["index.html", "index.md", "manifest.json"].contains(&name.as_str())
            || (path.is_dir() && path.join(crate::corpus::walk::RUN_MARKER).exists());
        if !ours {
            return Err(Error::Usage(format!(
                "the batch folder {} holds files analyze did not write ({}); choose another --out (or `out` in the config), or move them away",
                out.display(),
                path.display()
            )));
        }
    }
    Ok(())
}

fn run_job(name: &str, analysis: &str, argv: &[String]) -> JobOutcome {
    let t = Instant::now();
    let mut full = vec!["analyze".to_string()];
    full.extend(argv.iter().cloned());
    let result = Cli::try_parse_from(&full)
        .map_err(|e| e.to_string())
        .and_then(|cli| crate::cmd::dispatch(cli).map_err(|e| e.to_string()));
    let (status, error) = match result {
        Ok(0) => ("ok".to_string(), None),
        Ok(_) => ("warnings".to_string(), None),
        Err(e) => ("failed".to_string(), Some(e)),
    };
    JobOutcome {
        name: name.to_string(),
        analysis: analysis.to_string(),
        argv: argv.to_vec(),
        status,
        error,
        folder: name.to_string(),
        seconds: t.elapsed().as_secs_f64(),
        warnings: 0,
    }
}

/// The default batch folder: `output/<config file stem>`.
pub fn default_out(config: &Path) -> PathBuf {
    let stem = config
        .file_stem()
        .map(|s| s.to_string_lossy().replace(".example", "-example"))
        .unwrap_or_else(|| "batch".into());
    PathBuf::from("output").join(stem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn job_lines_align_by_display_width() {
        let job = |name: &str, warnings| JobOutcome {
            name: name.into(),
            analysis: "trends".into(),
            argv: vec![],
            status: "ok".into(),
            error: None,
            folder: name.into(),
            seconds: 1.0,
            warnings,
        };
        let a = job("全国趋势", 0).line();
        let b = job("national", 2).line();
        use unicode_width::UnicodeWidthStr;
        // "ok" starts at the same column (width 25) in both.
        let at = |l: &str| l[..l.find(" ok").unwrap()].width();
        assert_eq!(at(&a), 24);
        assert_eq!(at(&b), 24);
        assert!(b.ends_with(", 2 warnings") && !a.contains("warning"));
    }
}
