//! The command-line interface: one file per subcommand, each with its help
//! text, an args struct and a small `run()`. Arguments are parsed here and
//! resolved into the typed settings of [`crate::run`].
//!
//! Exit codes: 0 success; 1 finished, but with warnings and `--strict`;
//! 2 usage or input error (nothing or not everything was written); 3 a
//! batch job failed; 130 stopped by Ctrl-C or SIGTERM (the run folders
//! being written removed).
//!
//! The doc comments of the argument structs are the command line's help
//! text, written for a terminal: `[default: …]`, `<out>` and `[freq]` are
//! meant literally there, so rustdoc is told not to read them as links or
//! HTML.
#![allow(rustdoc::broken_intra_doc_links, rustdoc::invalid_html_tags)]

pub mod batch;
pub mod cache;
pub mod collocates;
pub mod compare;
pub mod completions;
pub mod corpus;
pub mod diffusion;
pub mod emerging;
pub mod keywords;
pub mod kwic;
pub mod reuse;
pub mod sections;
pub mod similarity;
pub mod trends;

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::error::{Result, Warning};
use crate::run::{CorpusSettings, OutputSettings, TokenSettings};

/// Exit code: success.
pub const EXIT_OK: u8 = 0;
/// Exit code: finished with warnings, and `--strict` was given.
pub const EXIT_WARNINGS: u8 = 1;
/// Exit code: usage or input error.
pub const EXIT_ERROR: u8 = 2;
/// Exit code of `batch`: at least one job failed (the others finished).
pub const EXIT_JOB_FAILED: u8 = 3;
/// Exit code: stopped by Ctrl-C or SIGTERM (128 + SIGINT's number, as
/// shells report a program a Ctrl-C ended).
pub const EXIT_INTERRUPTED: i32 = 130;

const AFTER_HELP: &str = "\
Exit codes: 0 ok · 1 finished with warnings (only with --strict) · 2 usage or input error
            · 3 (batch) at least one job failed · 130 stopped by Ctrl-C (the run folders being written removed)

Examples:
  analyze trends datasets/
  analyze trends reports/national --terms 数字经济,人工智能,新质生产力
  analyze trends reports/provinces-2026 --by region --terms 数字经济,低空经济
  analyze corpus reports/panjin --out output
  analyze sections reports/national
  analyze keywords reports/national --years 2013-2025
  analyze compare reports/national --a 2013-2017 --b 2018-2022
  analyze emerging reports/national
  analyze kwic 新质生产力 reports/national
  analyze collocates 数字经济 reports/national
  analyze reuse reports/national --target 1978-2025
  analyze similarity reports/national
  analyze diffusion reports/cities --reference reports/national --terms 数字经济,乡村振兴
  analyze batch datasets/research.example.toml
  analyze completions bash > ~/.local/share/bash-completion/completions/analyze";

/// Emphasis shifts in Chinese government work reports (政府工作报告).
#[derive(Debug, Parser)]
#[command(name = "analyze", version, about, after_help = AFTER_HELP, args_override_self = true)]
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
    /// The section tree of every report, with roles (review, tasks…).
    Sections(sections::SectionsArgs),
    /// Keywords per year: TF-IDF (IDF from this corpus) and TextRank.
    Keywords(Box<keywords::KeywordsArgs>),
    /// Keyness: which terms distinguish group A from group B.
    Compare(Box<compare::CompareArgs>),
    /// Emerging and fading terms: first/last year, Mann–Kendall, Sen's slope, change point.
    Emerging(Box<emerging::EmergingArgs>),
    /// Every occurrence of a term with its context, year, region and section.
    Kwic(Box<kwic::KwicArgs>),
    /// Words co-occurring with a term (logDice, PMI), overall and per year.
    Collocates(Box<collocates::CollocatesArgs>),
    /// Text reuse: passages of target reports that repeat their sources (previous year, national…).
    Reuse(Box<reuse::ReuseArgs>),
    /// Similarity of reports, pair by pair (TF-IDF cosine, shingle Jaccard) and year to year.
    Similarity(Box<similarity::SimilarityArgs>),
    /// Diffusion of terms: each region's first use, its lag behind the national reports, adoption by year.
    Diffusion(Box<diffusion::DiffusionArgs>),
    /// Run many analyses from one TOML config (parallel, cached), with an HTML report.
    Batch(Box<batch::BatchArgs>),
    /// Inspect or clear the cache (cleaned documents and word counts).
    Cache(cache::CacheArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(completions::CompletionsArgs),
}

/// Run the parsed command; returns the exit code.
pub fn dispatch(cli: Cli) -> Result<u8> {
    match cli.command {
        Command::Trends(a) => trends::run(*a),
        Command::Corpus(a) => corpus::run(a),
        Command::Sections(a) => sections::run(a),
        Command::Keywords(a) => keywords::run(*a),
        Command::Compare(a) => compare::run(*a),
        Command::Emerging(a) => emerging::run(*a),
        Command::Kwic(a) => kwic::run(*a),
        Command::Collocates(a) => collocates::run(*a),
        Command::Reuse(a) => reuse::run(*a),
        Command::Similarity(a) => similarity::run(*a),
        Command::Diffusion(a) => diffusion::run(*a),
        Command::Batch(a) => batch::run(*a),
        Command::Cache(a) => cache::run(a),
        Command::Completions(a) => completions::run(a),
    }
}

/// Resolve a command line's arguments into its settings without running
/// it, so that what only resolving finds (`--years abc`, a missing themes
/// file, a width out of range) is an error before anything runs: a batch
/// checks every job so.
pub fn check(cli: &Cli) -> Result<()> {
    match &cli.command {
        Command::Trends(a) => a.settings().map(drop),
        Command::Corpus(a) => corpus::settings(a).map(drop),
        Command::Sections(a) => sections::settings(a).map(drop),
        Command::Keywords(a) => keywords::settings(a).map(drop),
        Command::Compare(a) => compare::settings(a).map(drop),
        Command::Emerging(a) => emerging::settings(a).map(drop),
        Command::Kwic(a) => kwic::settings(a).map(drop),
        Command::Collocates(a) => collocates::settings(a).map(drop),
        Command::Reuse(a) => reuse::settings(a).map(drop),
        Command::Similarity(a) => similarity::settings(a).map(drop),
        Command::Diffusion(a) => diffusion::settings(a).map(drop),
        Command::Batch(_) | Command::Cache(_) | Command::Completions(_) => Ok(()),
    }
}

/// `--vocab`: the words automatic selection may pick.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum VocabArg {
    /// Every eligible word (not a stopword, two or more characters).
    All,
    /// Dictionary terms and nouns, idioms and abbreviations (jieba's tags).
    Content,
    /// Terms of the policy lexicon and --dict files only.
    Lexicon,
}

impl From<VocabArg> for crate::textstat::Vocab {
    fn from(v: VocabArg) -> Self {
        match v {
            VocabArg::All => crate::textstat::Vocab::All,
            VocabArg::Content => crate::textstat::Vocab::Content,
            VocabArg::Lexicon => crate::textstat::Vocab::Lexicon,
        }
    }
}

/// Arguments for reading a corpus.
#[derive(Debug, Clone, Args)]
pub struct InputArgs {
    /// Folder of reports (walked recursively, .zip archives included) or one file: .txt, .md, .jsonl, .json, .csv, .tsv, .html, .mht, .docx, .doc, .odt, .pdf, .xlsx, .xls, .ods, .parquet, .zip.
    #[arg(value_name = "DIR")]
    pub input: PathBuf,
    /// Extra cleaning rules (TOML, format of assets/rules/clean.toml); repeatable.
    #[arg(long = "rules", value_name = "FILE")]
    pub rules: Vec<PathBuf>,
    /// Do not apply the shipped cleaning rules (NFKC and blank-line tidying still apply).
    #[arg(long)]
    pub no_default_rules: bool,
    /// Convert traditional characters to simplified (OpenCC t2s) after cleaning. The script of
    /// every document is detected (documents table: script, converted); a bare --t2s means
    /// always (write --t2s=always when the folder follows).
    #[arg(
        long,
        value_enum,
        num_args = 0..=1,
        default_value = "auto",
        default_missing_value = "always",
        value_name = "WHEN"
    )]
    pub t2s: crate::corpus::convert::T2sMode,
    /// Section-role rules replacing assets/rules/section_roles.toml (words,
    /// [years] and [position] rules).
    #[arg(long, value_name = "FILE")]
    pub section_roles: Option<PathBuf>,
    /// Keep only documents of these years, e.g. 1978-2025 or 2013-2017,2019.
    #[arg(long, value_name = "YEARS")]
    pub years: Option<String>,
    /// Keep only documents of these regions (or provinces), comma-separated; short names (四平 for 四平市) are completed from the corpus.
    #[arg(long, value_delimiter = ',', value_name = "NAMES")]
    pub regions: Vec<String>,
    /// Keep only documents of these levels: national, province, city, county, town.
    #[arg(long, value_delimiter = ',', value_name = "LEVELS")]
    pub levels: Vec<String>,
    /// Two different documents for one year and region: keep the longer, keep both (sum), or stop.
    #[arg(
        long,
        value_enum,
        default_value = "keep-longest",
        value_name = "POLICY"
    )]
    pub duplicates: crate::corpus::DuplicatePolicy,
    /// Drop documents with fewer Han characters than this (a warning each).
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub min_chars: usize,
    /// Keep reports that are not government work reports: party congress reports (党代会报告),
    /// resolutions (决议), the reports of the people's congress standing committee, the political
    /// consultative conference (政协), the court and the procuratorate, the plan and budget
    /// reports, statistical communiqués, news reports, commentaries on a report (解读, 图解,
    /// 记者会实录), notices (通知) and a web site's error pages saved instead of the report
    /// (页面不存在). By default they are left out with a warning each
    /// (documents table: flags), as their title, dateline or opening names them.
    #[arg(long)]
    pub all_kinds: bool,
}

impl InputArgs {
    /// Resolve into settings, with the progress bar `output` allows.
    pub fn settings_for(&self, output: &OutputArgs) -> Result<CorpusSettings> {
        Ok(self.settings()?.with_progress(output.shows_progress()))
    }

    /// Resolve into settings.
    pub fn settings(&self) -> Result<CorpusSettings> {
        let mut levels = Vec::new();
        for l in &list_items(&self.levels) {
            levels.push(crate::corpus::Level::parse(l).ok_or_else(|| {
                crate::error::Error::Usage(format!(
                    "--levels {l:?}: use national, province, city, county or town"
                ))
            })?);
        }
        // A section-roles file is checked now, whether or not this analysis
        // reads sections: a broken file is an error, not a manifest entry.
        if let Some(path) = &self.section_roles {
            crate::corpus::roles::RoleRules::read(path)?;
        }
        Ok(CorpusSettings {
            input: self.input.clone(),
            rule_files: self.rules.clone(),
            no_default_rules: self.no_default_rules,
            t2s: self.t2s,
            section_roles: self.section_roles.clone(),
            filter: crate::run::DocFilter {
                years: self
                    .years
                    .as_deref()
                    .map(crate::textstat::groups::YearSpec::parse)
                    .transpose()?,
                regions: list_items(&self.regions),
                levels,
            },
            duplicates: self.duplicates,
            min_chars: self.min_chars,
            all_kinds: self.all_kinds,
            progress: false,
        })
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
    /// Cache folder for cleaned documents and word counts [default: <out>/.cache, i.e. output/.cache].
    #[arg(long, value_name = "DIR")]
    pub cache: Option<PathBuf>,
    /// Load, clean and segment everything afresh; neither read nor write the cache.
    #[arg(long)]
    pub no_cache: bool,
    /// Count each document as soon as it is cleaned and drop its text, so that memory does not
    /// hold the texts (trends, compare, keywords, emerging, diffusion; flat however large the
    /// corpus for trends --terms and diffusion, the others keep every word's counts, ~50 KB a
    /// report; texts read again after counting are set aside in a temporary file in the output
    /// folder; no cache is used). auto: when the input files exceed 256 MiB with --no-cache,
    /// 4 GiB with the cache.
    #[arg(long, value_enum, default_value_t = StreamArg::Auto)]
    pub stream: StreamArg,
}

/// `--stream`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StreamArg {
    /// When the analysis allows it and the input files exceed 256 MiB (--no-cache) or 4 GiB.
    Auto,
    /// Always (an error for collocates and similarity, which keep the texts).
    Always,
    /// Never: the texts stay in memory until the run ends.
    Never,
}

impl From<StreamArg> for crate::run::Stream {
    fn from(s: StreamArg) -> Self {
        match s {
            StreamArg::Auto => Self::Auto,
            StreamArg::Always => Self::Always,
            StreamArg::Never => Self::Never,
        }
    }
}

impl TokenArgs {
    /// Resolve into settings; the cache defaults to `.cache` in the output
    /// parent folder.
    pub fn settings(&self, output: &OutputArgs) -> TokenSettings {
        let cache = if self.no_cache {
            None
        } else {
            Some(
                self.cache
                    .clone()
                    .unwrap_or_else(|| output.parent().join(".cache")),
            )
        };
        TokenSettings {
            dict_files: self.dict.clone(),
            no_lexicon: self.no_lexicon,
            stopword_files: self.stopwords.clone(),
            hmm: !self.no_hmm,
            cache,
            stream: self.stream.into(),
        }
    }
}

/// Arguments for output and reporting.
#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// Folder that receives the run folder [default: output].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Name of the run folder [default: the input folder's name, followed by the command's
    /// (`reports-kwic`); for trends the folder's name alone].
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
        let run_dir = self.parent().join(name);
        crate::run::check_output_location(input, &run_dir, self.out.is_some())?;
        Ok(OutputSettings {
            run_dir,
            progress: self.shows_progress(),
        })
    }

    /// Whether progress bars are shown: on a terminal, not with `--quiet`.
    pub fn shows_progress(&self) -> bool {
        !self.quiet && std::io::stderr().is_terminal()
    }

    /// The folder receiving run folders (`--out`, default `output`).
    pub fn parent(&self) -> PathBuf {
        self.out.clone().unwrap_or_else(|| PathBuf::from("output"))
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

/// Arguments for charts.
#[derive(Debug, Clone, Args)]
pub struct ChartArgs {
    /// Chart title.
    #[arg(long)]
    pub title: Option<String>,
    /// Chart width in pixels.
    #[arg(long, default_value_t = 1600)]
    pub width: u32,
    /// Chart height in pixels.
    #[arg(long, default_value_t = 900)]
    pub height: u32,
    /// TTF/OTF font for chart labels (default: the embedded Noto Sans SC subset).
    #[arg(long, value_name = "FILE")]
    pub font: Option<PathBuf>,
    /// Chart files to write: svg, png or both.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "svg,png",
        value_name = "FORMATS"
    )]
    pub formats: Vec<String>,
    /// Pixel density of the PNG files, 1–4: 2 draws the same chart twice as wide and high,
    /// every line and letter twice as large (--width 1600 --png-scale 2: 3200×1800 px, 300 dpi
    /// at 27 cm wide), for print; the SVG keeps --width × --height.
    #[arg(long, default_value_t = 1.0, value_name = "K")]
    pub png_scale: f64,
}

impl ChartArgs {
    /// Resolve into settings, plotting `per`.
    pub fn settings(
        &self,
        per: crate::report::charts::Per,
    ) -> Result<crate::report::charts::ChartSettings> {
        let font = match &self.font {
            Some(p) => crate::textplot::ChartFont::from_file(p)?,
            None => crate::textplot::ChartFont::embedded(),
        };
        if !(320..=10_000).contains(&self.width) || !(240..=10_000).contains(&self.height) {
            return Err(crate::error::Error::Usage(
                "--width must be 320–10000 and --height 240–10000 pixels".into(),
            ));
        }
        if !(1.0..=4.0).contains(&self.png_scale) {
            return Err(crate::error::Error::Usage(format!(
                "--png-scale {}: use a density from 1 to 4 (2 doubles the PNG's resolution)",
                self.png_scale
            )));
        }
        if f64::from(self.width.max(self.height)) * self.png_scale > 16_384.0 {
            return Err(crate::error::Error::Usage(format!(
                "--png-scale {} makes the PNG {} px wide or high, over the 16384 px a PNG can be here; lower it or --width/--height",
                self.png_scale,
                (f64::from(self.width.max(self.height)) * self.png_scale).round()
            )));
        }
        let mut svg = false;
        let mut png = false;
        for f in &self.formats {
            match f.trim().to_lowercase().as_str() {
                "svg" => svg = true,
                "png" => png = true,
                other => {
                    return Err(crate::error::Error::Usage(format!(
                        "--formats {other:?}: use svg, png or svg,png"
                    )));
                }
            }
        }
        Ok(crate::report::charts::ChartSettings {
            per,
            width: self.width,
            height: self.height,
            font,
            font_path: self.font.clone(),
            title: self.title.clone(),
            ci: None,
            svg,
            png,
            png_scale: self.png_scale,
        })
    }
}

/// The items of comma-separated list options as people type them: clap
/// splits at `,` only, and a Chinese keyboard writes the full-width `，`,
/// the enumeration comma `、` or `；` (`--terms 数字经济，人工智能`), which
/// would otherwise join two terms into one that occurs nowhere.
pub fn list_items(values: &[String]) -> Vec<String> {
    values
        .iter()
        .flat_map(|v| v.split(['，', '、', '；']))
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// The terms of `--terms` (normalised by [`query_term`]; each a word: letters, no spaces)
/// and of a terms file (one per line, `#` comments), in order, each once. An error when
/// `--terms` was given but names no term (`--terms ''`, `--terms ,,`: an empty shell
/// variable) or the file holds none, rather than a run that silently falls back to
/// `default` (what an absent `--terms` gives).
pub fn requested_terms(
    flag: &[String],
    file: Option<&std::path::Path>,
    default: &str,
) -> Result<Vec<String>> {
    let mut terms: Vec<String> = Vec::new();
    for t in &list_items(flag) {
        let t: String = query_term(t);
        if t.is_empty() {
            continue;
        }
        if !t.chars().any(char::is_alphabetic) || t.chars().any(char::is_whitespace) {
            return Err(crate::error::Error::Usage(format!(
                "--terms: {t:?} is not a word (terms are comma-separated, without spaces)"
            )));
        }
        terms.push(t);
    }
    if !flag.is_empty() && terms.is_empty() {
        return Err(crate::error::Error::Usage(format!(
            "--terms names no term; give at least one (--terms 数字经济,人工智能), or leave --terms out for {default}"
        )));
    }
    if let Some(path) = file {
        let text = crate::fileio::read_utf8(path, "the terms file")?;
        let from_file = crate::tokens::dict::read_word_list(&text, path)?;
        if from_file.is_empty() {
            return Err(crate::error::Error::Usage(format!(
                "the terms file {} holds no term (one term per line; # starts a comment)",
                path.display()
            )));
        }
        terms.extend(from_file);
    }
    let mut seen = std::collections::HashSet::new();
    terms.retain(|t| seen.insert(t.clone()));
    Ok(terms)
}

/// A term typed on the command line, normalised as document text is (NFKC through
/// [`crate::corpus::clean::nfkc`], so `互联网＋` matches `互联网+`) and trimmed.
pub fn query_term(raw: &str) -> String {
    crate::corpus::clean::nfkc(raw).trim().to_string()
}

/// Print a serialisable summary as pretty JSON on stdout (not in a batch
/// job: stdout is the batch's).
pub fn print_json<T: serde::Serialize>(value: &T) -> Result<()> {
    if crate::run::in_batch_job() {
        return Ok(());
    }
    let json = serde_json::to_string_pretty(value).map_err(|source| crate::error::Error::Json {
        what: "summary",
        source,
    })?;
    println!("{json}");
    Ok(())
}

/// Print warnings to stderr: more than two of the same kind in the same
/// file are summarised on one line; at most `limit` lines, then a count.
pub fn print_warnings(warnings: &[Warning], limit: usize, where_all: &str) {
    let lines = warning_lines(warnings);
    for l in lines.iter().take(limit) {
        eprintln!("warning: {l}");
    }
    if lines.len() > limit {
        eprintln!(
            "warning: … {} more (all in {where_all})",
            lines.len() - limit
        );
    }
}

/// The lines [`print_warnings`] prints, before the limit.
fn warning_lines(warnings: &[Warning]) -> Vec<String> {
    // The warnings of one file and kind go together wherever they stand in
    // the list (the records of a large file are read in pieces, so kinds
    // interleave), in the order of their first appearance.
    let mut groups: Vec<Vec<&Warning>> = Vec::new();
    let mut index: std::collections::BTreeMap<(&str, crate::error::WarningKind), usize> =
        std::collections::BTreeMap::new();
    for w in warnings {
        if w.file.is_empty() {
            groups.push(vec![w]);
            continue;
        }
        match index.entry((w.file.as_str(), w.kind)) {
            std::collections::btree_map::Entry::Occupied(e) => groups[*e.get()].push(w),
            std::collections::btree_map::Entry::Vacant(e) => {
                e.insert(groups.len());
                groups.push(vec![w]);
            }
        }
    }
    let mut lines: Vec<String> = Vec::new();
    for g in groups {
        let (w, run) = (g[0], g.len());
        if run > 2 {
            let at: Vec<String> = g
                .iter()
                .filter_map(|x| x.line.map(|l| l.to_string()))
                .take(6)
                .collect();
            let more = if run > at.len() { ", …" } else { "" };
            lines.push(format!(
                "{}: {run} × {} (lines {}{more}); first: {}",
                w.file,
                w.kind,
                at.join(", "),
                w.message
            ));
        } else {
            lines.extend(g.iter().map(ToString::to_string));
        }
    }
    lines
}

/// An error naming the first of `paths` (`--with`, `--reference` inputs)
/// that does not exist.
fn require_existing<'a>(paths: impl IntoIterator<Item = &'a PathBuf>) -> Result<()> {
    match paths.into_iter().find(|p| !p.exists()) {
        Some(p) => Err(crate::error::Error::MissingInput(p.clone())),
        None => Ok(()),
    }
}

/// A count that must be 1 or more (`--top`, `--chart-top`, `--min-count`…):
/// 0 is refused rather than taken as 1.
pub fn positive(s: &str) -> std::result::Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(0) => Err("must be 1 or more".to_string()),
        Ok(n) => Ok(n),
        Err(e) => Err(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::{Cli, Command};
    use crate::corpus::convert::T2sMode;

    fn t2s(args: &[&str]) -> Result<T2sMode, clap::Error> {
        let mut argv = vec!["analyze", "trends"];
        argv.extend_from_slice(args);
        match Cli::try_parse_from(argv)?.command {
            Command::Trends(a) => Ok(a.input().t2s),
            _ => unreachable!("trends parses as trends"),
        }
    }

    #[test]
    fn warnings_of_one_file_and_kind_are_one_line_wherever_they_stand() {
        use crate::error::{Warning, WarningKind};
        let mut ws = Vec::new();
        for i in 0..4u64 {
            ws.push(Warning::new(
                WarningKind::NoYear,
                "a.jsonl",
                Some(10 * i + 1),
                "no year",
            ));
            ws.push(Warning::new(
                WarningKind::Script,
                "a.jsonl",
                Some(10 * i + 2),
                "mixed",
            ));
        }
        ws.push(Warning::new(
            WarningKind::Script,
            "b.jsonl",
            Some(1),
            "mixed",
        ));
        ws.push(Warning::note("about the run"));
        let lines = super::warning_lines(&ws);
        assert_eq!(lines.len(), 4, "{lines:#?}");
        assert!(
            lines[0].starts_with("a.jsonl: 4 × no_year (lines 1, 11, 21, 31); first: no year"),
            "{}",
            lines[0]
        );
        assert!(
            lines[1].starts_with("a.jsonl: 4 × script (lines 2, 12, 22, 32)"),
            "{}",
            lines[1]
        );
        assert!(
            lines[2].contains("b.jsonl") && lines[2].contains("mixed"),
            "{}",
            lines[2]
        );
        assert!(lines[3].contains("about the run"), "{}", lines[3]);
    }

    #[test]
    fn t2s_defaults_to_auto_and_a_bare_flag_means_always() {
        assert_eq!(t2s(&["d"]).unwrap(), T2sMode::Auto);
        assert_eq!(t2s(&["d", "--t2s"]).unwrap(), T2sMode::Always);
        assert_eq!(
            t2s(&["d", "--t2s", "--terms", "数字经济"]).unwrap(),
            T2sMode::Always
        );
        assert_eq!(t2s(&["d", "--t2s", "never"]).unwrap(), T2sMode::Never);
        assert_eq!(t2s(&["d", "--t2s=auto"]).unwrap(), T2sMode::Auto);
        assert_eq!(t2s(&["--t2s=always", "d"]).unwrap(), T2sMode::Always);
        // The batch runner's spelling of the old boolean.
        assert_eq!(t2s(&["d", "--t2s", "true"]).unwrap(), T2sMode::Always);
        assert_eq!(t2s(&["d", "--t2s", "false"]).unwrap(), T2sMode::Never);
        // A bare --t2s directly before the folder takes the folder as its value.
        let e = t2s(&["--t2s", "d"]).unwrap_err().to_string();
        assert!(e.contains("possible values: auto, always, never"), "{e}");
    }
}
