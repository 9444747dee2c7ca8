//! The batch configuration file (TOML) and its translation into one command
//! line per job.
//!
//! ```toml
//! [shared]                      # every field optional; defaults in brackets
//! out = "../output/study"       # batch folder, relative to this file [output/<config name> in the working directory]
//! dict = ["terms.txt"]          # user dictionaries (--dict) [none]
//! stopwords = []                # stopword lists replacing the shipped ones (--stopwords) [shipped lists]
//! rules = []                    # extra cleaning rules (--rules) [none]
//! themes = "default"            # theme file used by jobs with themes = true ["default": assets/themes/default.toml]
//! font = "font.ttf"             # chart font (--font) [embedded Noto Sans SC subset]
//! formats = ["svg", "png"]      # chart files (--formats) [svg and png]
//! width = 1600                  # chart size (--width/--height) [1600 × 900]
//! height = 900
//! t2s = "auto"                  # traditional → simplified (--t2s): "auto", "always" (or true), "never" (or false) ["auto"]
//! no_lexicon = false            # leave out the policy lexicon (--no-lexicon) [false]
//! hmm = true                    # jieba HMM (false = --no-hmm) [true]
//! cache = ".cache"              # cache folder (--cache) [<batch folder>/../.cache]
//!
//! [[job]]
//! name = "national-trends"      # folder name of the job's outputs (required, unique)
//! analysis = "trends"           # any subcommand: trends, compare, emerging, keywords, kwic, … (required)
//! corpus = "../corpora/national" # folder or file, relative to this file (required)
//! years = "1978-2025"           # filters (--years/--regions/--levels) [all documents]
//! regions = ["北京市"]
//! levels = ["province"]
//! params = { terms = "数字经济,人工智能", by = "year", themes = true }
//! ```
//!
//! `params` are the subcommand's own options, named as on the command line
//! (`min_freq` or `min-freq` for `--min-freq`; `true` for a flag; a list for
//! a repeatable option); positional arguments such as the TERM of `kwic`
//! are given by name (`term = "数字经济"`); paths in them (`reference`,
//! `with`, `terms_file`, a `themes` file …) are relative to this file, like
//! `corpus`. Precedence, lowest first:
//! built-in defaults < `[shared]` < the job < command-line overrides
//! (`analyze batch … --set width=800`). Unknown keys are errors reported as
//! `path:line`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::{ArgAction, CommandFactory};
use serde::Deserialize;

use crate::cmd::Cli;
use crate::corpus::clean::toml_error;
use crate::error::{Error, Result};

/// `[shared]`.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Shared {
    /// Batch folder.
    pub out: Option<PathBuf>,
    /// User dictionaries.
    #[serde(default)]
    pub dict: Vec<PathBuf>,
    /// Stopword lists.
    #[serde(default)]
    pub stopwords: Vec<PathBuf>,
    /// Extra cleaning rules.
    #[serde(default)]
    pub rules: Vec<PathBuf>,
    /// Theme file (or "default").
    pub themes: Option<String>,
    /// Chart font.
    pub font: Option<PathBuf>,
    /// Chart formats.
    pub formats: Option<Vec<String>>,
    /// Chart width.
    pub width: Option<u32>,
    /// Chart height.
    pub height: Option<u32>,
    /// Traditional → simplified: `true`/`false` (always/never) or the mode
    /// as a string (`"auto"`, `"always"`, `"never"`).
    pub t2s: Option<T2sSetting>,
    /// Leave out the lexicon.
    pub no_lexicon: Option<bool>,
    /// jieba HMM.
    pub hmm: Option<bool>,
    /// Cache folder.
    pub cache: Option<PathBuf>,
}

/// `t2s` in `[shared]`: a boolean (the old flag: `true` = always, `false` =
/// never) or the mode's name.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(untagged)]
pub enum T2sSetting {
    /// `true` → always, `false` → never.
    Flag(bool),
    /// `auto`, `always` or `never`.
    Mode(String),
}

impl T2sSetting {
    /// The value passed as `--t2s`.
    pub fn value(&self) -> String {
        match self {
            T2sSetting::Flag(true) => "always".into(),
            T2sSetting::Flag(false) => "never".into(),
            T2sSetting::Mode(m) => m.clone(),
        }
    }
}

/// One `[[job]]`.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Job {
    /// Name (folder of its outputs).
    pub name: String,
    /// The subcommand.
    pub analysis: String,
    /// Corpus folder or file.
    pub corpus: PathBuf,
    /// Year filter.
    pub years: Option<String>,
    /// Region filter.
    #[serde(default)]
    pub regions: Vec<String>,
    /// Level filter.
    #[serde(default)]
    pub levels: Vec<String>,
    /// The subcommand's options.
    #[serde(default)]
    pub params: BTreeMap<String, toml::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    shared: Shared,
    #[serde(default)]
    job: Vec<toml::Spanned<Job>>,
}

/// A parsed configuration.
#[derive(Debug, Clone)]
pub struct BatchConfig {
    /// The file.
    pub path: PathBuf,
    /// Its SHA-256.
    pub sha256: String,
    /// `[shared]`.
    pub shared: Shared,
    /// Jobs with the line each starts on.
    pub jobs: Vec<(Job, usize)>,
}

impl BatchConfig {
    /// The line, at or after `from` (a job's first line), where `key` is
    /// set (`key =`, also inside an inline `params = { … }`); `from` when
    /// the file no longer says.
    pub fn key_line(&self, from: usize, key: &str) -> usize {
        let Ok(text) = std::fs::read_to_string(&self.path) else {
            return from;
        };
        let pattern = format!(r"(?:^|[{{,\s]){}\s*=", regex::escape(key));
        let Ok(re) = regex::Regex::new(&pattern) else {
            return from;
        };
        text.lines()
            .enumerate()
            .skip(from.saturating_sub(1))
            .find(|(_, l)| re.is_match(l))
            .map_or(from, |(i, _)| i + 1)
    }

    /// Read and validate the file (names unique and safe, analyses known).
    pub fn read(path: &Path) -> Result<BatchConfig> {
        let text = crate::fileio::read_utf8(path, "the batch config")?;
        let raw: Raw = toml::from_str(&text).map_err(|e| toml_error(path, &text, &e))?;
        let mut jobs = Vec::new();
        for j in raw.job {
            let line = text[..j.span().start.min(text.len())].matches('\n').count() + 1;
            let job = j.into_inner();
            let bad = |m: String| Error::bad_line(path, line, m);
            if job.name.is_empty()
                || job.name.starts_with('.')
                || job.name.contains(['/', '\\'])
                || job.name == "index.html"
            {
                return Err(bad(format!(
                    "job name {:?}: use a plain folder name",
                    job.name
                )));
            }
            if jobs.iter().any(|(x, _): &(Job, usize)| x.name == job.name) {
                return Err(bad(format!("job name {:?} is used twice", job.name)));
            }
            if !analyses().contains(&job.analysis) {
                return Err(bad(format!(
                    "job {:?}: unknown analysis {:?}; use one of {}",
                    job.name,
                    job.analysis,
                    analyses().join(", ")
                )));
            }
            jobs.push((job, line));
        }
        if jobs.is_empty() {
            return Err(Error::BadFile {
                path: path.to_path_buf(),
                message: "no [[job]] in the file".into(),
            });
        }
        Ok(BatchConfig {
            path: path.to_path_buf(),
            sha256: crate::report::sha256_hex(text.as_bytes()),
            shared: raw.shared,
            jobs,
        })
    }

    /// The folder the config file sits in (relative paths are resolved
    /// against it).
    pub fn dir(&self) -> PathBuf {
        self.path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    }
}

/// Subcommands a job may run.
pub fn analyses() -> Vec<String> {
    Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .filter(|n| !["batch", "cache", "completions", "help"].contains(&n.as_str()))
        .collect()
}

fn subcommand(name: &str) -> Option<clap::Command> {
    Cli::command().find_subcommand(name).cloned()
}

/// How an option is given on a command line.
enum Kind {
    Flag,
    Single,
    Repeated,
    Delimited,
}

fn option_kind(cmd: &clap::Command, long: &str) -> Option<Kind> {
    let arg = cmd.get_arguments().find(|a| a.get_long() == Some(long))?;
    Some(match arg.get_action() {
        ArgAction::SetTrue | ArgAction::SetFalse | ArgAction::Count => Kind::Flag,
        ArgAction::Append if arg.get_value_delimiter().is_some() => Kind::Delimited,
        ArgAction::Append => Kind::Repeated,
        _ if arg.get_value_delimiter().is_some() => Kind::Delimited,
        _ => Kind::Single,
    })
}

fn value_text(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        toml::Value::Array(a) => a.iter().map(value_text).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

/// Append `--long value` to `argv` as the option's kind wants; options the
/// subcommand does not have are skipped when `optional`, errors otherwise.
fn push_option(
    argv: &mut Vec<String>,
    cmd: &clap::Command,
    key: &str,
    value: &toml::Value,
    optional: bool,
) -> std::result::Result<(), String> {
    let long = key.replace('_', "-");
    let Some(kind) = option_kind(cmd, &long) else {
        return if optional {
            Ok(())
        } else {
            Err(format!(
                "`{}` has no option --{long} (see `analyze {} --help`)",
                cmd.get_name(),
                cmd.get_name()
            ))
        };
    };
    match (kind, value) {
        (Kind::Flag, toml::Value::Boolean(true)) => argv.push(format!("--{long}")),
        (Kind::Flag, toml::Value::Boolean(false)) => {}
        (Kind::Flag, other) => {
            return Err(format!(
                "--{long} is a flag: write {key} = true, not {other}"
            ));
        }
        (Kind::Repeated, toml::Value::Array(items)) => {
            for i in items {
                argv.push(format!("--{long}"));
                argv.push(value_text(i));
            }
        }
        // A list written as one string (`--set dict=a.txt,b.txt`): the
        // option once per item, as an array gives it.
        (Kind::Repeated, toml::Value::String(items)) => {
            for i in items.split(',').map(str::trim).filter(|i| !i.is_empty()) {
                argv.push(format!("--{long}"));
                argv.push(i.to_string());
            }
        }
        (_, v) => {
            argv.push(format!("--{long}"));
            argv.push(value_text(v));
        }
    }
    Ok(())
}

/// Resolve a path from the config against its folder.
fn resolve(dir: &Path, p: &Path) -> String {
    if p.is_absolute() {
        p.display().to_string()
    } else if p == Path::new(".") {
        dir.display().to_string()
    } else {
        dir.join(p).display().to_string()
    }
}

/// A job's param, its paths resolved against the config's folder like
/// `corpus` when the option takes paths (`--reference`, `--with`,
/// `--terms-file`, `--candidates` …: clap's value hint for a `PathBuf`).
fn path_param(cmd: &clap::Command, key: &str, v: &toml::Value, dir: &Path) -> toml::Value {
    let long = key.replace('_', "-");
    let takes_paths = cmd.get_arguments().any(|a| {
        a.get_long() == Some(long.as_str())
            && matches!(
                a.get_value_hint(),
                clap::ValueHint::AnyPath | clap::ValueHint::FilePath | clap::ValueHint::DirPath
            )
    });
    let one = |v: &toml::Value| match v {
        toml::Value::String(p) if takes_paths => toml::Value::String(resolve(dir, Path::new(p))),
        other => other.clone(),
    };
    match v {
        toml::Value::Array(items) => toml::Value::Array(items.iter().map(one).collect()),
        other => one(other),
    }
}

/// Command-line overrides given to `analyze batch` (`--set key=value`),
/// applied to every job whose subcommand has that option.
pub type Overrides = Vec<(String, toml::Value)>;

/// The command line of one job (without the program name), its output
/// going to `out/<job name>`.
pub fn job_argv(
    cfg: &BatchConfig,
    job: &Job,
    out: &Path,
    cache: Option<&Path>,
    overrides: &Overrides,
) -> std::result::Result<Vec<String>, String> {
    let dir = cfg.dir();
    let cmd =
        subcommand(&job.analysis).ok_or_else(|| format!("unknown analysis {:?}", job.analysis))?;
    let mut argv = vec![job.analysis.clone()];
    // Positionals in declaration order: the corpus, or a param of that name.
    for p in cmd.get_positionals() {
        let id = p.get_id().as_str();
        if id == "input" {
            if job.corpus.as_os_str().is_empty() {
                return Err(format!(
                    "job {:?}: `corpus` is empty; name the folder or file of its reports",
                    job.name
                ));
            }
            argv.push(resolve(&dir, &job.corpus));
        } else if let Some(v) = job.params.get(id) {
            argv.push(value_text(v));
        } else {
            return Err(format!("`{}` needs `{id}` in params", job.analysis));
        }
    }
    let positional: Vec<String> = cmd
        .get_positionals()
        .map(|p| p.get_id().to_string())
        .collect();
    let s = &cfg.shared;
    let path_list = |v: &[PathBuf]| {
        toml::Value::Array(
            v.iter()
                .map(|p| toml::Value::String(resolve(&dir, p)))
                .collect(),
        )
    };
    let mut shared: Vec<(&str, toml::Value)> = Vec::new();
    if !s.dict.is_empty() {
        shared.push(("dict", path_list(&s.dict)));
    }
    if !s.stopwords.is_empty() {
        shared.push(("stopwords", path_list(&s.stopwords)));
    }
    if !s.rules.is_empty() {
        shared.push(("rules", path_list(&s.rules)));
    }
    if let Some(f) = &s.font {
        shared.push(("font", toml::Value::String(resolve(&dir, f))));
    }
    if let Some(f) = &s.formats {
        shared.push(("formats", toml::Value::String(f.join(","))));
    }
    if let Some(w) = s.width {
        shared.push(("width", toml::Value::Integer(i64::from(w))));
    }
    if let Some(h) = s.height {
        shared.push(("height", toml::Value::Integer(i64::from(h))));
    }
    if let Some(t) = &s.t2s {
        shared.push(("t2s", toml::Value::String(t.value())));
    }
    if let Some(n) = s.no_lexicon {
        shared.push(("no_lexicon", toml::Value::Boolean(n)));
    }
    if let Some(h) = s.hmm {
        shared.push(("no_hmm", toml::Value::Boolean(!h)));
    }
    // A key set at a higher level replaces the lower levels' value, also
    // for an option given more than once (`terms`, `dict`): `--set
    // terms=碳达峰` follows 碳达峰 alone.
    let norm = |k: &str| k.replace('-', "_");
    let overridden: Vec<String> = overrides.iter().map(|(k, _)| norm(k)).collect();
    let in_job: Vec<String> = job.params.keys().map(|k| norm(k)).collect();
    let set_above = |k: &str| overridden.contains(&norm(k));
    for (k, v) in &shared {
        if set_above(k) || in_job.contains(&norm(k)) {
            continue;
        }
        push_option(&mut argv, &cmd, k, v, true)?;
    }
    match cache {
        Some(c) => push_option(
            &mut argv,
            &cmd,
            "cache",
            &toml::Value::String(c.display().to_string()),
            true,
        )?,
        None => push_option(
            &mut argv,
            &cmd,
            "no_cache",
            &toml::Value::Boolean(true),
            true,
        )?,
    }
    if let Some(y) = job.years.as_ref().filter(|_| !set_above("years")) {
        push_option(
            &mut argv,
            &cmd,
            "years",
            &toml::Value::String(y.clone()),
            false,
        )?;
    }
    let list = |v: &[String]| toml::Value::String(v.join(","));
    if !job.regions.is_empty() && !set_above("regions") {
        push_option(&mut argv, &cmd, "regions", &list(&job.regions), false)?;
    }
    if !job.levels.is_empty() && !set_above("levels") {
        push_option(&mut argv, &cmd, "levels", &list(&job.levels), false)?;
    }
    for (k, v) in &job.params {
        // The batch gives each job its folder and name: a job's own would
        // be overruled without a word.
        if ["out", "name", "quiet"].contains(&norm(k).as_str()) {
            return Err(format!(
                "job {:?}: params.{k} cannot be set; a batch writes each job to <--out>/<job name> (set the batch's --out or [shared] out, and the job's name)",
                job.name
            ));
        }
        if positional.iter().any(|p| p == k) || set_above(k) {
            continue;
        }
        if k == "themes" && matches!(v, toml::Value::Boolean(true) | toml::Value::String(_)) {
            let themes = match (v, s.themes.as_deref()) {
                (toml::Value::String(f), _) if f != "default" => resolve(&dir, Path::new(f)),
                (toml::Value::String(_), _) | (_, None | Some("default")) => "default".to_string(),
                (_, Some(f)) => resolve(&dir, Path::new(f)),
            };
            push_option(
                &mut argv,
                &cmd,
                "themes",
                &toml::Value::String(themes),
                false,
            )?;
            continue;
        }
        push_option(&mut argv, &cmd, k, &path_param(&cmd, k, v, &dir), false)?;
    }
    for (k, v) in overrides {
        push_option(&mut argv, &cmd, k, v, true)?;
    }
    for (k, v) in [
        ("out", out.display().to_string()),
        ("name", job.name.clone()),
    ] {
        push_option(&mut argv, &cmd, k, &toml::Value::String(v), true)?;
    }
    push_option(&mut argv, &cmd, "quiet", &toml::Value::Boolean(true), true)?;
    Ok(argv)
}

/// Whether the subcommand `analysis` has the option `key` (`min_count`
/// or `min-count`).
pub fn has_option(analysis: &str, key: &str) -> bool {
    subcommand(analysis).is_some_and(|cmd| option_kind(&cmd, &key.replace('_', "-")).is_some())
}

/// Parse `key=value` overrides (`width=800`, `t2s=true`, `formats=svg`).
pub fn parse_overrides(items: &[String]) -> Result<Overrides> {
    items
        .iter()
        .map(|s| {
            let (k, v) = s.split_once('=').ok_or_else(|| {
                Error::Usage(format!(
                    "--set {s:?}: write key=value, e.g. --set width=800"
                ))
            })?;
            let value = match v {
                "true" => toml::Value::Boolean(true),
                "false" => toml::Value::Boolean(false),
                _ => v
                    .parse::<i64>()
                    .map(toml::Value::Integer)
                    .unwrap_or_else(|_| toml::Value::String(v.to_string())),
            };
            Ok((k.trim().to_string(), value))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, text: &str) -> PathBuf {
        let p = dir.join("study.toml");
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn jobs_become_command_lines_with_precedence() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            dir.path(),
            "[shared]\nwidth = 1000\ndict = [\"a.txt\", \"b.txt\"]\n\n[[job]]\nname = \"t\"\nanalysis = \"trends\"\ncorpus = \"data\"\nyears = \"2013-2017\"\nparams = { terms = \"数字经济\", width = 1200, min_count = 5 }\n\n[[job]]\nname = \"k\"\nanalysis = \"kwic\"\ncorpus = \"data\"\nparams = { term = \"数字经济\", context = 30 }\n",
        );
        let cfg = BatchConfig::read(&p).unwrap();
        assert_eq!(cfg.jobs[1].1, 12, "line of the second job");
        let out = Path::new("out");
        // A list in one --set value: the option once per item.
        let over = parse_overrides(&["dict=x.txt, y.txt".into()]).unwrap();
        let t = job_argv(&cfg, &cfg.jobs[0].0, out, None, &over).unwrap();
        let dicts: Vec<&str> = t
            .windows(2)
            .filter(|w| w[0] == "--dict")
            .map(|w| w[1].as_str())
            .collect();
        assert_eq!(dicts, ["x.txt", "y.txt"]);
        let over = parse_overrides(&["height=500".into()]).unwrap();
        let t = job_argv(&cfg, &cfg.jobs[0].0, out, None, &over).unwrap();
        let joined = t.join(" ");
        // The job's width 1200 replaces the shared 1000.
        assert!(
            !joined.contains("--width 1000") && joined.contains("--width 1200"),
            "{joined}"
        );
        assert!(
            joined.contains("--dict") && joined.contains("--min-count 5"),
            "{joined}"
        );
        assert!(
            joined.contains("--height 500") && joined.contains("--no-cache"),
            "{joined}"
        );
        let mut full = vec!["analyze".to_string()];
        full.extend(t);
        let cli = <crate::cmd::Cli as clap::Parser>::try_parse_from(full).unwrap();
        assert!(matches!(cli.command, crate::cmd::Command::Trends(_)));
        // --set replaces an option given more than once (terms, dict) and
        // the job's years, not adds to them.
        let over = parse_overrides(&[
            "terms=碳达峰".into(),
            "dict=c.txt".into(),
            "years=2020-2025".into(),
        ])
        .unwrap();
        let t = job_argv(&cfg, &cfg.jobs[0].0, out, None, &over).unwrap();
        let mut full = vec!["analyze".to_string()];
        full.extend(t.clone());
        let cli = <crate::cmd::Cli as clap::Parser>::try_parse_from(full).unwrap();
        let crate::cmd::Command::Trends(args) = cli.command else {
            panic!("not trends: {t:?}")
        };
        let joined = t.join(" ");
        assert!(
            !joined.contains("数字经济") && joined.contains("--terms 碳达峰"),
            "{joined}"
        );
        assert!(
            !joined.contains("a.txt") && joined.contains("c.txt"),
            "{joined}"
        );
        assert_eq!(args.input().years.as_deref(), Some("2020-2025"), "{joined}");
        assert!(!joined.contains("2013-2017"), "{joined}");
        // kwic: the term is the first positional; kwic has no chart, so no --width from shared
        let k = job_argv(&cfg, &cfg.jobs[1].0, out, None, &vec![]).unwrap();
        assert_eq!(k[0], "kwic");
        assert_eq!(k[1], "数字经济");
        assert!(k[2].ends_with("data"));
        assert!(k.join(" ").contains("--context 30"));
        assert!(!k.join(" ").contains("--width"), "kwic has no chart size");
    }

    /// A job's `out`, `name` or `quiet` in params, and an empty corpus, are
    /// errors naming the job, not overruled or walked in silence.
    #[test]
    fn params_the_batch_sets_and_an_empty_corpus_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            dir.path(),
            "[[job]]\nname = \"t\"\nanalysis = \"trends\"\ncorpus = \"c\"\nparams = { terms = \"数字经济\", out = \"/tmp/x\" }\n\n[[job]]\nname = \"e\"\nanalysis = \"trends\"\ncorpus = \"\"\nparams = { terms = \"数字经济\" }\n",
        );
        let cfg = BatchConfig::read(&p).unwrap();
        let err =
            |i: usize| job_argv(&cfg, &cfg.jobs[i].0, Path::new("out"), None, &vec![]).unwrap_err();
        assert!(err(0).contains("params.out cannot be set"), "{}", err(0));
        assert!(err(1).contains("`corpus` is empty"), "{}", err(1));
    }

    #[test]
    fn path_params_are_resolved_against_the_config_folder() {
        // Like `corpus`: --reference, --with, --terms-file, a themes file;
        // not a term, a group or a number.
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            dir.path(),
            "[[job]]\nname = \"d\"\nanalysis = \"diffusion\"\ncorpus = \"../in/prov\"\nparams = { reference = \"../in/nat\", with = [\"a\", \"/abs/b\"], terms_file = \"terms.txt\", chart_terms = 5 }\n\n[[job]]\nname = \"t\"\nanalysis = \"trends\"\ncorpus = \"c\"\nparams = { themes = \"my_themes.toml\", terms = \"数字经济\" }\n\n[[job]]\nname = \"r\"\nanalysis = \"reuse\"\ncorpus = \"c\"\nparams = { source = \"prev-year\", candidates = \"cand.csv\" }\n",
        );
        let cfg = BatchConfig::read(&p).unwrap();
        let at = |rel: &str| dir.path().join(rel).display().to_string();
        let argv =
            |i: usize| job_argv(&cfg, &cfg.jobs[i].0, Path::new("out"), None, &vec![]).unwrap();
        let value = |argv: &[String], opt: &str| -> Vec<String> {
            argv.windows(2)
                .filter(|w| w[0] == opt)
                .map(|w| w[1].clone())
                .collect()
        };
        let d = argv(0);
        assert_eq!(d[1], at("../in/prov"));
        assert_eq!(value(&d, "--reference"), [at("../in/nat")]);
        assert_eq!(value(&d, "--with"), [at("a"), "/abs/b".to_string()]);
        assert_eq!(value(&d, "--terms-file"), [at("terms.txt")]);
        assert_eq!(value(&d, "--chart-terms"), ["5"]);
        let t = argv(1);
        assert_eq!(value(&t, "--themes"), [at("my_themes.toml")]);
        assert_eq!(value(&t, "--terms"), ["数字经济"]);
        let r = argv(2);
        assert_eq!(value(&r, "--source"), ["prev-year"]);
        assert_eq!(value(&r, "--candidates"), [at("cand.csv")]);
    }

    #[test]
    fn t2s_accepts_the_old_booleans_and_the_modes() {
        let dir = tempfile::tempdir().unwrap();
        for (value, expected) in [
            ("true", "always"),
            ("false", "never"),
            ("\"auto\"", "auto"),
            ("\"never\"", "never"),
        ] {
            let p = write(
                dir.path(),
                &format!(
                    "[shared]\nt2s = {value}\n\n[[job]]\nname = \"t\"\nanalysis = \"trends\"\ncorpus = \"data\"\n"
                ),
            );
            let cfg = BatchConfig::read(&p).unwrap();
            let argv = job_argv(&cfg, &cfg.jobs[0].0, Path::new("o"), None, &vec![]).unwrap();
            let joined = argv.join(" ");
            assert!(joined.contains(&format!("--t2s {expected}")), "{joined}");
            let mut full = vec!["analyze".to_string()];
            full.extend(argv);
            let cli = <crate::cmd::Cli as clap::Parser>::try_parse_from(full).unwrap();
            let crate::cmd::Command::Trends(t) = cli.command else {
                panic!("not trends")
            };
            assert_eq!(t.input().t2s.as_str(), expected);
        }
        // A job's own params and --set overrides take the boolean too.
        let p = write(
            dir.path(),
            "[[job]]\nname = \"t\"\nanalysis = \"trends\"\ncorpus = \"data\"\nparams = { t2s = false }\n",
        );
        let cfg = BatchConfig::read(&p).unwrap();
        let over = parse_overrides(&["t2s=true".into()]).unwrap();
        let argv = job_argv(&cfg, &cfg.jobs[0].0, Path::new("o"), None, &over).unwrap();
        let mut full = vec!["analyze".to_string()];
        full.extend(argv);
        let cli = <crate::cmd::Cli as clap::Parser>::try_parse_from(full).unwrap();
        let crate::cmd::Command::Trends(t) = cli.command else {
            panic!("not trends")
        };
        assert_eq!(t.input().t2s.as_str(), "always", "--set wins");
        let p = write(
            dir.path(),
            "[shared]\nt2s = \"sometimes\"\n\n[[job]]\nname = \"t\"\nanalysis = \"trends\"\ncorpus = \"data\"\n",
        );
        let cfg = BatchConfig::read(&p).unwrap();
        let argv = job_argv(&cfg, &cfg.jobs[0].0, Path::new("o"), None, &vec![]).unwrap();
        let mut full = vec!["analyze".to_string()];
        full.extend(argv);
        assert!(<crate::cmd::Cli as clap::Parser>::try_parse_from(full).is_err());
    }

    #[test]
    fn ci_is_found_on_trends_by_introspection() {
        let dir = tempfile::tempdir().unwrap();
        for (value, expected) in [("\"none\"", "none"), ("99", "99")] {
            let p = write(
                dir.path(),
                &format!(
                    "[[job]]\nname = \"t\"\nanalysis = \"trends\"\ncorpus = \"data\"\nparams = {{ ci = {value} }}\n"
                ),
            );
            let cfg = BatchConfig::read(&p).unwrap();
            let argv = job_argv(&cfg, &cfg.jobs[0].0, Path::new("o"), None, &vec![]).unwrap();
            assert!(argv.join(" ").contains(&format!("--ci {expected}")));
            let mut full = vec!["analyze".to_string()];
            full.extend(argv);
            assert!(<crate::cmd::Cli as clap::Parser>::try_parse_from(full).is_ok());
        }
    }

    #[test]
    fn bad_configs_name_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            dir.path(),
            "[[job]]\nname = \"a\"\nanalysis = \"trends\"\ncorpus = \"x\"\ncolour = \"red\"\n",
        );
        let e = BatchConfig::read(&p).unwrap_err().to_string();
        assert!(e.contains("study.toml:") && e.contains("colour"), "{e}");
        let p = write(
            dir.path(),
            "[[job]]\nname = \"a\"\nanalysis = \"dance\"\ncorpus = \"x\"\n",
        );
        let e = BatchConfig::read(&p).unwrap_err().to_string();
        assert!(e.contains("study.toml:1:") && e.contains("dance"), "{e}");
        let p = write(
            dir.path(),
            "[[job]]\nname = \"a\"\nanalysis = \"trends\"\ncorpus = \"x\"\nparams = { frobnicate = 1 }\n",
        );
        let cfg = BatchConfig::read(&p).unwrap();
        let e = job_argv(&cfg, &cfg.jobs[0].0, Path::new("o"), None, &vec![]).unwrap_err();
        assert!(e.contains("--frobnicate"), "{e}");
        // The key is found on its own line (5), after the job's (1), in a
        // table of params as in an inline one.
        assert_eq!(cfg.key_line(1, "frobnicate"), 5);
        let p = write(
            dir.path(),
            "[[job]]\nname = \"a\"\nanalysis = \"trends\"\ncorpus = \"x\"\n\n[[job]]\nname = \"b\"\nanalysis = \"trends\"\ncorpus = \"x\"\n[job.params]\nterms = \"数字经济\"\ntermz = 1\n",
        );
        let cfg = BatchConfig::read(&p).unwrap();
        assert_eq!(cfg.jobs[1].1, 6);
        assert_eq!(cfg.key_line(6, "termz"), 12);
        assert_eq!(cfg.key_line(6, "missing"), 6);
    }
}
