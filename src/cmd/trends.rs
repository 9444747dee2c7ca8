//! `analyze trends DIR`: per-year (or per-region) term frequencies and a
//! trend chart.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use unicode_normalization::UnicodeNormalization;
use unicode_width::UnicodeWidthStr;

use super::{InputArgs, OutputArgs, TokenArgs, print_warnings};
use crate::error::{Error, Result};
use crate::report::charts::{ChartSettings, Per};
use crate::run::trends::{TrendSettings, run as run_trends};
use crate::textplot::ChartFont;
use crate::textstat::{GroupBy, SelectOptions};
use crate::tokens::dict::read_word_list;

const EXAMPLES: &str = "\
Examples:
  analyze trends datasets/
      terms picked automatically (risers, fallers, frequent words)
  analyze trends ../shared/corpora/national --terms 数字经济,互联网+,新质生产力,高质量发展
  analyze trends reports/ --terms-file terms.txt --per chars --name my-run
  analyze trends ../shared/corpora/provincial-2026 --by region --terms 数字经济,低空经济
  analyze trends reports/ --by year,region --terms 乡村振兴 --json

Outputs (in output/<name>/): term_trends.{parquet,csv}, documents.{parquet,csv},
warnings.csv, trends.svg, trends.png, manifest.json.";

/// Rate plotted on the chart.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum PerArg {
    /// Per 10,000 content tokens.
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
    /// Group by year, region, or year,region.
    #[arg(long, default_value = "year", value_name = "KEYS")]
    by: String,
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
    /// Chart title.
    #[arg(long)]
    title: Option<String>,
    /// Chart width in pixels.
    #[arg(long, default_value_t = 1600)]
    width: u32,
    /// Chart height in pixels.
    #[arg(long, default_value_t = 900)]
    height: u32,
    /// TTF/OTF font for chart labels (default: the embedded Noto Sans SC subset).
    #[arg(long, value_name = "FILE")]
    font: Option<PathBuf>,
    #[command(flatten)]
    tokens: TokenArgs,
    #[command(flatten)]
    output: OutputArgs,
}

impl TrendsArgs {
    fn terms(&self) -> Result<Vec<String>> {
        let mut terms: Vec<String> = Vec::new();
        for t in &self.terms {
            let t: String = t.nfkc().collect::<String>().trim().to_string();
            if t.is_empty() {
                continue;
            }
            if !t.chars().any(char::is_alphabetic) || t.chars().any(char::is_whitespace) {
                return Err(Error::Usage(format!(
                    "--terms: {t:?} is not a word (terms are comma-separated, without spaces)"
                )));
            }
            terms.push(t);
        }
        if let Some(path) = &self.terms_file {
            let text = std::fs::read_to_string(path).map_err(|e| Error::read(path, e))?;
            terms.extend(read_word_list(&text, path)?);
        }
        let mut seen = std::collections::HashSet::new();
        terms.retain(|t| seen.insert(t.clone()));
        Ok(terms)
    }

    fn settings(&self) -> Result<TrendSettings> {
        let font = match &self.font {
            Some(p) => ChartFont::from_file(p)?,
            None => ChartFont::embedded(),
        };
        if !(320..=10_000).contains(&self.width) || !(240..=10_000).contains(&self.height) {
            return Err(Error::Usage(
                "--width must be 320–10000 and --height 240–10000 pixels".into(),
            ));
        }
        Ok(TrendSettings {
            corpus: self.input.settings(),
            tokens: self.tokens.settings(),
            terms: self.terms()?,
            select: SelectOptions {
                risers: self.risers,
                fallers: self.fallers,
                frequent: self.frequent,
                min_count: self.min_count,
            },
            by: GroupBy::parse(&self.by)?,
            chart: ChartSettings {
                per: match self.per {
                    PerArg::Tokens => Per::Tokens,
                    PerArg::Chars => Per::Chars,
                },
                width: self.width,
                height: self.height,
                font,
                font_path: self.font.clone(),
                title: self.title.clone(),
            },
            output: self.output.settings(&self.input.input, "")?,
        })
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
        eprintln!(
            "{} documents, {} years ({}), {} terms -> {}",
            summary.documents,
            summary.years.len(),
            span(&summary.years),
            summary.terms.len(),
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
        let json = serde_json::to_string_pretty(&summary).map_err(|source| Error::Json {
            what: "summary",
            source,
        })?;
        println!("{json}");
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
