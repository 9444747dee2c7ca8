//! Typed errors of the library and the non-fatal warnings a run collects.
//!
//! Errors stop a run; warnings (a file skipped, a document without a year,
//! a character the chart font lacks) are collected, printed, and written to
//! `warnings.csv`, and the run goes on.

use std::fmt;
use std::path::{Path, PathBuf};

/// Everything that can stop a library call.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input path given on the command line does not exist.
    #[error("input path {} does not exist", .0.display())]
    MissingInput(PathBuf),
    /// The input folder holds no file in a supported format.
    #[error(
        "no report files found under {} (supported: .txt, .md, .jsonl, .json, .csv, .tsv, .html, .mht, .docx, .doc, .odt, .pdf, .xlsx, .xls, .ods, .parquet, .zip)",
        .0.display()
    )]
    EmptyInput(PathBuf),
    /// Files were found, but no document in them has a year.
    #[error(
        "none of the {documents} document(s) under {} has a year; add a `year` field, a date, a year in the title or in the file name (e.g. 2023.txt), or set `year` in corpus.toml",
        .path.display()
    )]
    NoDatedDocuments {
        /// The input path.
        path: PathBuf,
        /// How many undated documents were seen.
        documents: usize,
    },
    /// Files were found, but no document could be read from them.
    #[error("no document could be read under {}: {reasons}", .path.display())]
    NothingRead {
        /// The input path.
        path: PathBuf,
        /// The first warnings, saying why.
        reasons: String,
    },
    /// A file could not be read.
    #[error("cannot read {}: {source}", .path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A file or folder could not be written.
    #[error("cannot write {}: {source}", .path.display())]
    Write {
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A configuration-like file (corpus.toml, rules, dictionary, terms
    /// file, stopwords) has a bad line.
    #[error("{}:{line}: {message}", .path.display())]
    BadLine {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// A configuration-like file is wrong as a whole (e.g. invalid TOML
    /// without a position).
    #[error("{}: {message}", .path.display())]
    BadFile {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A command-line value is invalid.
    #[error("{0}")]
    Usage(String),
    /// A dataframe operation failed.
    #[error("dataframe error: {0}")]
    Polars(#[from] polars::error::PolarsError),
    /// Rendering a chart failed.
    #[error("chart error: {0}")]
    Chart(#[from] crate::textplot::ChartError),
    /// Serialising a manifest or summary failed.
    #[error("cannot serialise {what}: {source}")]
    Json {
        /// What was being serialised.
        what: &'static str,
        /// The underlying error.
        source: serde_json::Error,
    },
}

/// Shorthand for results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A read error for `path`.
    pub fn read(path: &Path, source: std::io::Error) -> Self {
        Error::Read {
            path: path.to_path_buf(),
            source,
        }
    }

    /// A write error for `path`.
    pub fn write(path: &Path, source: std::io::Error) -> Self {
        Error::Write {
            path: path.to_path_buf(),
            source,
        }
    }

    /// A bad line in `path`.
    pub fn bad_line(path: &Path, line: usize, message: impl Into<String>) -> Self {
        Error::BadLine {
            path: path.to_path_buf(),
            line,
            message: message.into(),
        }
    }
}

/// The kind of a [`Warning`], for filtering and for the `kind` column of
/// `warnings.csv`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    /// A file was skipped because it is not a report (e.g. no text column).
    NotAReport,
    /// A document has no year and was skipped.
    NoYear,
    /// A file could not be decoded, or only with replacement characters.
    Encoding,
    /// A file or a record could not be parsed, or the file is in a format
    /// that is not read (`.rtf`, `.rar`: the warning says what to convert to).
    Parse,
    /// A document is empty after cleaning.
    Empty,
    /// A document was dropped as a duplicate, or two documents share a
    /// year and region.
    Duplicate,
    /// A document was dropped as too short (`--min-chars`).
    Short,
    /// A document's metadata disagree (a year field against its dateline).
    Metadata,
    /// Segmentation could not keep a requested term whole everywhere.
    Segmentation,
    /// A document was detected as written in traditional (or mixed)
    /// characters: converted to simplified, or left as it is.
    Script,
    /// A statistic rests on small counts (keyness terms below the minimum
    /// expected count).
    Statistics,
    /// A group mixes documents that should not be summed together (levels).
    Grouping,
    /// A chart label uses characters the chart font lacks.
    Font,
    /// Anything else worth telling the user.
    Other,
}

impl fmt::Display for WarningKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            WarningKind::NotAReport => "not_a_report",
            WarningKind::NoYear => "no_year",
            WarningKind::Encoding => "encoding",
            WarningKind::Parse => "parse",
            WarningKind::Empty => "empty",
            WarningKind::Duplicate => "duplicate",
            WarningKind::Short => "short",
            WarningKind::Metadata => "metadata",
            WarningKind::Segmentation => "segmentation",
            WarningKind::Script => "script",
            WarningKind::Statistics => "statistics",
            WarningKind::Grouping => "grouping",
            WarningKind::Font => "font",
            WarningKind::Other => "other",
        };
        f.write_str(s)
    }
}

/// A problem that did not stop the run.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Warning {
    /// What kind of problem.
    pub kind: WarningKind,
    /// The file concerned (empty when none).
    pub file: String,
    /// The 1-based line in that file, when known.
    pub line: Option<u64>,
    /// A sentence saying what happened.
    pub message: String,
}

impl Warning {
    /// A note about the run as a whole (kind `other`, no file): why a chart
    /// was not drawn, what a result cannot say.
    pub fn note(message: impl Into<String>) -> Self {
        Self::new(WarningKind::Other, "", None, message)
    }

    /// A warning about `file` (and optionally a line in it).
    pub fn new(
        kind: WarningKind,
        file: impl Into<String>,
        line: Option<u64>,
        message: impl Into<String>,
    ) -> Self {
        Warning {
            kind,
            file: file.into(),
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.file.is_empty(), self.line) {
            (true, _) => write!(f, "{}", self.message),
            (false, Some(line)) => write!(f, "{}:{}: {}", self.file, line, self.message),
            (false, None) => write!(f, "{}: {}", self.file, self.message),
        }
    }
}
