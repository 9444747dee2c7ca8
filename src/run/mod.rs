//! Runs: the stages composed into one analysis with typed settings, written
//! to a run folder. The CLI (`cmd/`) only parses arguments into these
//! settings and prints what a run returns.

pub mod corpus;
pub mod trends;

use std::path::{Path, PathBuf};
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::corpus::{Corpus, LoadOptions, Rules};
use crate::error::{Error, Result};
use crate::report::manifest::ResourceInfo;
use crate::tokens::{Dictionary, Segmenter, SegmenterConfig, Stopwords};

/// Settings shared by every analysis that reads a corpus.
#[derive(Debug, Clone)]
pub struct CorpusSettings {
    /// The input folder or file.
    pub input: PathBuf,
    /// Extra cleaning-rule files (applied after the shipped rules).
    pub rule_files: Vec<PathBuf>,
    /// Skip the shipped cleaning rules.
    pub no_default_rules: bool,
}

impl CorpusSettings {
    /// Build the cleaning rules.
    pub fn rules(&self) -> Result<Rules> {
        let mut rules = if self.no_default_rules {
            Rules::default()
        } else {
            Rules::builtin()?
        };
        for f in &self.rule_files {
            rules.add_file(f)?;
        }
        Ok(rules)
    }

    /// Load the corpus.
    pub fn load(&self) -> Result<(Corpus, Rules)> {
        let rules = self.rules()?;
        let corpus = crate::corpus::load(
            &self.input,
            &LoadOptions {
                rules: rules.clone(),
            },
        )?;
        Ok((corpus, rules))
    }
}

/// Segmentation settings.
#[derive(Debug, Clone)]
pub struct TokenSettings {
    /// User dictionaries (Python-jieba format), after the lexicon.
    pub dict_files: Vec<PathBuf>,
    /// Leave out the shipped policy lexicon.
    pub no_lexicon: bool,
    /// Stopword files replacing the shipped lists (empty: shipped lists).
    pub stopword_files: Vec<PathBuf>,
    /// Use jieba's HMM for unknown words.
    pub hmm: bool,
}

impl Default for TokenSettings {
    fn default() -> Self {
        TokenSettings {
            dict_files: vec![],
            no_lexicon: false,
            stopword_files: vec![],
            hmm: true,
        }
    }
}

impl TokenSettings {
    /// The dictionaries in load order (lexicon first).
    pub fn dictionaries(&self) -> Result<Vec<Dictionary>> {
        let mut out = Vec::new();
        if !self.no_lexicon {
            out.push(Dictionary::lexicon()?);
        }
        for f in &self.dict_files {
            out.push(Dictionary::read(f)?);
        }
        Ok(out)
    }

    /// The stopword set.
    pub fn stopwords(&self) -> Result<Stopwords> {
        if self.stopword_files.is_empty() {
            Stopwords::builtin()
        } else {
            Stopwords::from_files(&self.stopword_files)
        }
    }

    /// Build the segmenter, protecting `required` terms.
    pub fn segmenter(
        &self,
        dictionaries: Vec<Dictionary>,
        required: &[String],
    ) -> Result<Segmenter> {
        Segmenter::new(&SegmenterConfig {
            hmm: self.hmm,
            dictionaries,
            required: required.to_vec(),
        })
    }
}

/// Where a run writes and how it reports.
#[derive(Debug, Clone)]
pub struct OutputSettings {
    /// The run folder (`<out>/<name>`).
    pub run_dir: PathBuf,
    /// Show progress bars (only on a terminal, never with `--quiet`).
    pub progress: bool,
}

/// The default run name for an input path: the folder's (or file's stem's)
/// name.
pub fn default_run_name(input: &Path) -> String {
    let canonical = input.canonicalize().unwrap_or_else(|_| input.to_path_buf());
    let name = if canonical.is_file() {
        canonical.file_stem()
    } else {
        canonical.file_name()
    };
    name.map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "run".into())
}

/// Refuse a run folder inside the input folder unless the user chose it.
pub fn check_output_location(input: &Path, run_dir: &Path, explicit: bool) -> Result<()> {
    if explicit {
        return Ok(());
    }
    let Ok(input) = input.canonicalize() else {
        return Ok(());
    };
    if !input.is_dir() {
        return Ok(());
    }
    let parent = run_dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let parent = parent
        .canonicalize()
        .unwrap_or_else(|_| std::env::current_dir().unwrap_or_default().join(parent));
    if parent.starts_with(&input) {
        return Err(Error::Usage(format!(
            "the default output folder {} is inside the input folder {}; pass --out DIR to write elsewhere (or to confirm that location)",
            run_dir.display(),
            input.display()
        )));
    }
    Ok(())
}

/// A progress bar over `total` bytes on stderr, or a hidden one.
pub fn byte_progress(show: bool, total: u64, what: &str) -> ProgressBar {
    if !show {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template(
        "{msg:>12} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar())
    .progress_chars("=> ");
    bar.set_style(style);
    bar.set_message(what.to_string());
    bar
}

/// Stage timings, in order.
#[derive(Debug, Default)]
pub struct Timer {
    last: Option<Instant>,
    /// `(stage, milliseconds)`.
    pub stages: std::collections::BTreeMap<String, u64>,
}

impl Timer {
    /// Start timing.
    pub fn start() -> Timer {
        Timer {
            last: Some(Instant::now()),
            stages: Default::default(),
        }
    }

    /// Record the time since the previous mark under `stage`.
    pub fn mark(&mut self, stage: &str) {
        let now = Instant::now();
        if let Some(last) = self.last {
            let ms = now.duration_since(last).as_millis() as u64;
            *self.stages.entry(stage.to_string()).or_default() += ms;
        }
        self.last = Some(now);
    }
}

/// Manifest entries for dictionaries.
pub fn dictionary_info(dicts: &[Dictionary]) -> Vec<ResourceInfo> {
    dicts
        .iter()
        .map(|d| ResourceInfo {
            origin: d.origin.clone(),
            sha256: d.sha256.clone(),
            entries: d.entries.len(),
        })
        .collect()
}

/// Manifest entry for cleaning rules.
pub fn rules_info(rules: &Rules) -> ResourceInfo {
    let mut text = String::new();
    for r in rules.rules() {
        text.push_str(&format!(
            "{}\t{:?}\t{}\n",
            r.name,
            r.action,
            r.pattern.as_str()
        ));
    }
    ResourceInfo {
        origin: rules.sources().join(", "),
        sha256: crate::report::sha256_hex(text.as_bytes()),
        entries: rules.rules().len(),
    }
}

/// Manifest entry for stopwords.
pub fn stopwords_info(s: &Stopwords) -> ResourceInfo {
    ResourceInfo {
        origin: s.origins.join(", "),
        sha256: s.sha256.clone(),
        entries: s.len(),
    }
}
