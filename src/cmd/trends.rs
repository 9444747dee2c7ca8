//! `analyze trends DIR`: per-year (or per-region) term frequencies and a
//! trend chart.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use unicode_width::UnicodeWidthStr;

use super::{ChartArgs, InputArgs, OutputArgs, TokenArgs, VocabArg, print_json, print_warnings};
use crate::error::{Error, Result};
use crate::report::charts::Per;
use crate::run::trends::{TrendSettings, run as run_trends};
use crate::textstat::themes::Themes;
use crate::textstat::{GroupBy, SelectOptions};

const EXAMPLES: &str = "\
Examples:
  analyze trends datasets/
      terms picked automatically (risers, fallers, frequent words)
  analyze trends reports/national --terms 数字经济,互联网+,新质生产力,高质量发展
  analyze trends reports/ --terms-file terms.txt --per chars --name my-run
  analyze trends reports/provinces-2026 --by region --terms 数字经济,低空经济
  analyze trends reports/ --by year,region --terms 乡村振兴 --json
  analyze trends reports/ --by year,level --terms 乡村振兴
      national, provincial and city reports of one year as separate lines
      (grouped by year alone, a year that mixes levels is a warning)
  analyze trends reports/national --by year,section --terms 数字经济
      is 数字经济 reviewed as an achievement or planned as a task, and since when?
  analyze trends reports/national --themes
      one series per theme of assets/themes/default.toml, plus a stacked-area chart
  analyze trends reports/national --terms 新质生产力,低空经济 --ci 99
      99 % intervals (exact Poisson) around every per-10k rate; --ci none: none
  analyze trends reports/big-export.jsonl --terms 数字经济,人工智能 --stream always
      each document counted as soon as it is cleaned and its text dropped:
      memory stays flat however large the export (no cache is used; auto:
      above 256 MiB with --no-cache, above 4 GiB with the cache)
  analyze trends reports/national --terms 社会主义 --t2s never
      the 1954 report is in traditional characters and converted by default
      (--t2s auto); never keeps it as it is, and 社会主义 then counts 0 there

Outputs (in output/<name>/): documents.{parquet,csv}, warnings.csv,
manifest.json; for terms (--terms, or chosen when neither --terms nor --themes
is given) term_trends.{parquet,csv} (with per_10k_low and per_10k_high, the
95 % interval of per_10k_tokens) and trends.svg/png; with --themes
theme_trends.{parquet,csv}, theme_terms.{parquet,csv} (the words behind each
theme's count: group, theme, term, source, token_count), themes.svg/png and
(by year) themes_share.svg/png.";

/// Rate plotted on the chart.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum PerArg {
    /// Per 10,000 word tokens (stopwords included; punctuation, spaces and numbers are no tokens).
    Tokens,
    /// Per 10,000 Han characters.
    Chars,
}

/// Arguments of `analyze trends`.
#[derive(Debug, Clone, Args)]
#[command(after_help = EXAMPLES)]
pub struct TrendsArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Terms to follow, comma-separated (e.g. 数字经济,人工智能). Default: picked automatically.
    #[arg(long, value_delimiter = ',', value_name = "TERMS")]
    terms: Vec<String>,
    /// File with one term per line (# comments allowed); adds to --terms.
    #[arg(long, value_name = "FILE")]
    terms_file: Option<PathBuf>,
    /// Group by year, level (national, province, city, county, town), region, section (role of the
    /// top-level section), or a comma-separated combination such as year,level, year,region or
    /// year,section.
    #[arg(long, default_value = "year", value_name = "KEYS")]
    by: String,
    /// Sum terms into themes: the shipped set (assets/themes/default.toml) or a TOML FILE.
    #[arg(long, num_args = 0..=1, default_missing_value = "default", value_name = "FILE")]
    themes: Option<String>,
    /// Rate on the chart: per 10k tokens or per 10k Han characters.
    #[arg(long, value_enum, default_value = "tokens")]
    per: PerArg,
    /// Automatic selection: how many rising terms.
    #[arg(long, default_value_t = 3, value_name = "N")]
    risers: usize,
    /// Automatic selection: how many falling terms.
    #[arg(long, default_value_t = 3, value_name = "N")]
    fallers: usize,
    /// Automatic selection: how many most-frequent words besides those.
    #[arg(long, default_value_t = 2, value_name = "N")]
    frequent: usize,
    /// Automatic selection: minimum count in the first and last thirds together.
    #[arg(long, default_value_t = 20, value_name = "N")]
    min_count: u64,
    /// Automatic selection draws from: content (dictionary terms and nouns,
    /// idioms, abbreviations by jieba's tags), all, or lexicon only.
    #[arg(long, value_enum, default_value_t = VocabArg::Content)]
    vocab: VocabArg,
    /// Confidence intervals of the per-10k rates (exact Poisson), as a coverage in percent
    /// (95, 99, …) or none: columns per_10k_low/per_10k_high (and per_10k_chars_low/high) and
    /// light bands around the lines.
    #[arg(long, default_value = "95", value_name = "PERCENT")]
    ci: String,
    #[command(flatten)]
    chart: ChartArgs,
    #[command(flatten)]
    tokens: TokenArgs,
    #[command(flatten)]
    output: OutputArgs,
}

impl TrendsArgs {
    /// The corpus arguments.
    pub fn input(&self) -> &InputArgs {
        &self.input
    }

    fn terms(&self) -> Result<Vec<String>> {
        super::requested_terms(
            &self.terms,
            self.terms_file.as_deref(),
            "terms picked automatically",
        )
    }

    /// Resolve into settings, checking them (a batch checks every job so
    /// before any runs).
    pub fn settings(&self) -> Result<TrendSettings> {
        let themes = match self.themes.as_deref() {
            None => None,
            Some("default") => Some(Themes::builtin()?),
            Some(path) => Some(Themes::read(std::path::Path::new(path))?),
        };
        let ci = parse_ci(&self.ci)?;
        let mut chart = self.chart.settings(match self.per {
            PerArg::Tokens => Per::Tokens,
            PerArg::Chars => Per::Chars,
        })?;
        chart.ci = ci;
        Ok(TrendSettings {
            corpus: self.input.settings_for(&self.output)?,
            tokens: self.tokens.settings(&self.output),
            terms: self.terms()?,
            themes,
            select: SelectOptions {
                risers: self.risers,
                fallers: self.fallers,
                frequent: self.frequent,
                min_count: self.min_count,
                vocab: self.vocab.into(),
                ..SelectOptions::default()
            },
            by: GroupBy::parse(&self.by)?,
            ci,
            chart,
            output: self.output.settings(&self.input.input, "")?,
        })
    }
}

/// `--ci`: a coverage in percent (`95` → 0.95) or `none`.
pub fn parse_ci(text: &str) -> Result<Option<f64>> {
    let t = text.trim().trim_end_matches('%');
    if t.eq_ignore_ascii_case("none") || t.eq_ignore_ascii_case("off") {
        return Ok(None);
    }
    match t.parse::<f64>() {
        Ok(p) if p > 0.0 && p < 100.0 => Ok(Some(p / 100.0)),
        _ => Err(Error::Usage(format!(
            "--ci {text:?}: give a coverage in percent between 0 and 100 (e.g. 95) or none"
        ))),
    }
}

/// Run `analyze trends`.
pub fn run(args: TrendsArgs) -> Result<u8> {
    let settings = args.settings()?;
    let summary = run_trends(&settings)?;
    let quiet = args.output.quiet;
    if !quiet {
        print_warnings(
            &summary.warnings,
            15,
            &format!("{}/warnings.csv", summary.run_folder.display()),
        );
        let what = if summary.themes.is_empty() {
            format!("{} terms", summary.terms.len())
        } else {
            format!(
                "{} terms, {} themes",
                summary.terms.len(),
                summary.themes.len()
            )
        };
        eprintln!(
            "{} documents, {} years ({}), {what} -> {}",
            summary.documents,
            summary.years.len(),
            span(&summary.years),
            summary.run_folder.display()
        );
        let width = summary
            .terms
            .iter()
            .map(|t| t.term.width())
            .max()
            .unwrap_or(0);
        for t in &summary.terms {
            let pad = " ".repeat(width - t.term.width());
            eprintln!("  {}{pad}  {}", t.term, t.reason);
        }
    }
    if args.output.json {
        print_json(&summary)?;
    }
    Ok(args.output.exit_code(summary.warnings.len()))
}

fn span(years: &[i32]) -> String {
    match (years.first(), years.last()) {
        (Some(a), Some(b)) if a != b => format!("{a}-{b}"),
        (Some(a), _) => a.to_string(),
        _ => "none".into(),
    }
}
