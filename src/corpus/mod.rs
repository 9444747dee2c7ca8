//! The `corpus` stage: report files in, cleaned documents with metadata out.
//!
//! [`load`] walks the input ([`walk`]), decodes each file ([`decode`]),
//! splits it into records ([`formats`]), cleans each text ([`clean`]) and
//! resolves its metadata ([`metadata`]). The loaded [`Corpus`] is never
//! changed by later stages; they read it.

pub mod cache;
pub mod clean;
pub mod config;
pub mod convert;
pub mod decode;
pub mod formats;
pub mod metadata;
pub mod sections;
pub mod walk;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

pub use self::clean::Rules;
pub use self::formats::Format;
use self::formats::RawRecord;
pub use self::metadata::{Date, Level};
use self::metadata::{parse_date, parse_year_field, region_from_title};
use self::walk::InputFile;
use crate::error::{Error, Result, Warning, WarningKind};

/// Where a document's year came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum YearSource {
    /// `year` in `corpus.toml`.
    Config,
    /// A year field.
    Field,
    /// A date field.
    Date,
    /// The title.
    Title,
    /// The file name.
    FileName,
}

impl YearSource {
    /// Lowercase name used in tables.
    pub fn as_str(self) -> &'static str {
        match self {
            YearSource::Config => "config",
            YearSource::Field => "field",
            YearSource::Date => "date",
            YearSource::Title => "title",
            YearSource::FileName => "file_name",
        }
    }
}

/// One cleaned report with its metadata.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Document {
    /// Stable identifier: `{year}_{region}` (or the file stem), with a
    /// numeric suffix when several documents would share it.
    pub doc_id: String,
    /// The file, as shown in tables.
    pub source_path: String,
    /// Line where the record starts (JSONL, CSV).
    pub source_line: Option<u64>,
    /// Data row (CSV).
    pub source_row: Option<u64>,
    /// Format of the file.
    pub format: Format,
    /// Encoding the file was decoded from.
    #[serde(skip)]
    pub encoding: &'static str,
    /// Title, from a field or the first title-like line.
    pub title: Option<String>,
    /// Year of the report.
    pub year: i32,
    /// Where the year came from.
    pub year_source: YearSource,
    /// Date, when known.
    pub date: Option<Date>,
    /// Region whose government gave the report (全国 for national reports).
    pub region: Option<String>,
    /// Province the region belongs to (the region itself for provinces).
    pub province: Option<String>,
    /// Administrative level, when known.
    pub level: Option<Level>,
    /// Characters before cleaning.
    pub chars_raw: usize,
    /// Characters removed by cleaning.
    pub chars_removed: usize,
    /// Han characters in the cleaned text.
    pub han_chars: usize,
    /// SHA-256 of the cleaned text, hex.
    pub sha256: String,
    /// The cleaned text (NFKC, chrome removed).
    #[serde(skip)]
    pub text: String,
}

impl Document {
    /// `path:line` (or just the path) for messages and the `source` column.
    pub fn source(&self) -> String {
        match self.source_line {
            Some(line) => format!("{}:{line}", self.source_path),
            None => self.source_path.clone(),
        }
    }

    /// Characters in the cleaned text.
    pub fn chars(&self) -> usize {
        self.chars_raw - self.chars_removed
    }
}

/// A file that was read, for the manifest.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct SourceFile {
    /// Path as shown.
    pub path: String,
    /// Format.
    pub format: Format,
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256 of the file's bytes, hex.
    pub sha256: String,
    /// Encoding it was decoded from (empty if undecodable).
    pub encoding: String,
    /// Documents taken from it.
    pub documents: usize,
}

/// The loaded corpus: documents sorted by year, then source.
#[derive(Debug, Clone)]
pub struct Corpus {
    /// The input path.
    pub input: PathBuf,
    /// The documents.
    pub documents: Vec<Document>,
    /// Files read.
    pub files: Vec<SourceFile>,
    /// Problems met while loading.
    pub warnings: Vec<Warning>,
    /// Document-cache `(hits, misses, rebuilt)` files, when a cache was used.
    pub doc_cache: Option<(u64, u64, u64)>,
}

impl Corpus {
    /// The distinct years present, ascending.
    pub fn years(&self) -> Vec<i32> {
        let mut y: Vec<i32> = self.documents.iter().map(|d| d.year).collect();
        y.sort_unstable();
        y.dedup();
        y
    }

    /// Total cleaned characters.
    pub fn total_chars(&self) -> usize {
        self.documents.iter().map(Document::chars).sum()
    }
}

/// Options for [`load`].
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Cleaning rules.
    pub rules: Rules,
    /// Convert traditional characters to simplified after cleaning.
    pub t2s: Option<convert::T2s>,
    /// Cache root for loaded files (see [`cache`]); `None`: no cache.
    pub cache: Option<PathBuf>,
}

impl LoadOptions {
    /// The shipped cleaning rules, no conversion.
    pub fn builtin() -> Result<LoadOptions> {
        Ok(LoadOptions {
            rules: Rules::builtin()?,
            t2s: None,
            cache: None,
        })
    }
}

/// Load every report under `input` (a folder or one file).
///
/// Errors: the path is missing, holds no supported file, a `corpus.toml` is
/// invalid, or no document has a year. Everything else (an unreadable or
/// undecodable file, a bad line, a document without a year) is a warning.
pub fn load(input: &Path, opts: &LoadOptions) -> Result<Corpus> {
    let (files, mut warnings) = walk::find_inputs(input)?;
    let doc_cache = opts.cache.as_deref().map(|root| {
        cache::DocCache::open(
            root,
            cache::loader_fingerprint(&opts.rules, opts.t2s.is_some()),
        )
    });
    let per_file: Vec<FileResult> = files
        .par_iter()
        .map(|f| load_file(f, opts, doc_cache.as_ref()))
        .collect();
    let mut documents = Vec::new();
    let mut sources = Vec::new();
    let mut undated = 0usize;
    for r in per_file {
        warnings.extend(r.warnings);
        undated += r.undated;
        if let Some(s) = r.source {
            sources.push(s);
        }
        documents.extend(r.documents);
    }
    if documents.is_empty() && undated > 0 {
        return Err(Error::NoDatedDocuments {
            path: input.to_path_buf(),
            documents: undated,
        });
    }
    documents.sort_by(|a, b| {
        (a.year, &a.source_path, a.source_line).cmp(&(b.year, &b.source_path, b.source_line))
    });
    assign_ids(&mut documents);
    Ok(Corpus {
        input: input.to_path_buf(),
        documents,
        files: sources,
        warnings,
        doc_cache: doc_cache.map(|c| c.stats()),
    })
}

type FileResult = cache::FileEntry;

/// Load one file, through the document cache when there is one.
fn load_file(
    file: &InputFile,
    opts: &LoadOptions,
    doc_cache: Option<&cache::DocCache>,
) -> FileResult {
    crate::fileio::with_file(crate::fileio::Buffer::Input, &file.path, |read| {
        let bytes = match read {
            Ok(b) => b,
            Err(e) => {
                return FileResult {
                    documents: vec![],
                    warnings: vec![Warning::new(
                        WarningKind::Other,
                        &file.shown,
                        None,
                        format!("cannot read ({e}); skipped. Check the file's permissions"),
                    )],
                    source: None,
                    undated: 0,
                };
            }
        };
        let sha256 = |bytes: &[u8]| hex::encode(Sha256::digest(bytes));
        let Some(doc_cache) = doc_cache else {
            let sha = sha256(bytes);
            return load_bytes(file, bytes, sha, opts);
        };
        // The key hashes the bytes with XXH3-128 (~10× faster than SHA-256);
        // the entry carries the file's SHA-256, computed when it was made.
        let content = format!("{:032x}", xxhash_rust::xxh3::xxh3_128(bytes));
        let settings = format!("{:?}\n{:?}", file.format, file.config.config);
        let key = doc_cache.key(&content, &file.shown, &settings);
        if let Some(mut hit) = doc_cache.get(&key) {
            let encoding = hit
                .source
                .as_ref()
                .and_then(|s| encoding_rs::Encoding::for_label(s.encoding.as_bytes()))
                .map_or("", |e| e.name());
            for d in &mut hit.documents {
                d.encoding = encoding;
            }
            return hit;
        }
        let sha = sha256(bytes);
        let out = load_bytes(file, bytes, sha, opts);
        doc_cache.put(&key, &out);
        out
    })
}

/// Decode, split, clean and date the records of one file's `bytes`.
fn load_bytes(file: &InputFile, bytes: &[u8], sha256: String, opts: &LoadOptions) -> FileResult {
    let mut out = FileResult {
        documents: vec![],
        warnings: vec![],
        source: None,
        undated: 0,
    };
    let mut source = SourceFile {
        path: file.shown.clone(),
        format: file.format,
        bytes: bytes.len() as u64,
        sha256,
        encoding: String::new(),
        documents: 0,
    };
    let decoded = match decode::decode(bytes) {
        Ok(d) => d,
        Err(u) => {
            out.warnings.push(Warning::new(
                WarningKind::Encoding,
                &file.shown,
                None,
                format!("cannot decode (tried {}): {}; skipped", u.tried, u.reason),
            ));
            out.source = Some(source);
            return out;
        }
    };
    if decoded.replaced > 0 {
        out.warnings.push(Warning::new(
            WarningKind::Encoding,
            &file.shown,
            None,
            format!(
                "{} malformed byte sequence(s) replaced by U+FFFD while decoding as {}",
                decoded.replaced, decoded.encoding
            ),
        ));
    }
    source.encoding = decoded.encoding.to_string();
    let records = formats::read_records(&decoded.text, file.format, &file.shown, &file.config);
    out.warnings.extend(records.warnings);
    for rec in records.records {
        match build_document(rec, file, decoded.encoding, opts) {
            Ok(doc) => out.documents.push(doc),
            Err(w) => {
                if w.kind == WarningKind::NoYear {
                    out.undated += 1;
                }
                out.warnings.push(w);
            }
        }
    }
    source.documents = out.documents.len();
    out.source = Some(source);
    out
}

fn build_document(
    rec: RawRecord,
    file: &InputFile,
    encoding: &'static str,
    opts: &LoadOptions,
) -> Result<Document, Warning> {
    let mut cleaned = opts.rules.clean(&rec.text);
    if let Some(t2s) = &opts.t2s {
        cleaned.text = t2s.convert(&cleaned.text);
    }
    let line = rec.line;
    if cleaned.text.is_empty() {
        return Err(Warning::new(
            WarningKind::Empty,
            &file.shown,
            line,
            "document is empty after cleaning; skipped",
        ));
    }
    let stem = file
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let title = rec
        .title
        .as_deref()
        .map(|t| t.trim().to_string())
        .map(|t| opts.t2s.as_ref().map_or(t.clone(), |c| c.convert(&t)))
        .or_else(|| title_from_text(&cleaned.text, file.format));
    let fixed = &file.config.config.metadata;
    let title_str = title.as_deref().unwrap_or("");
    let field_date = rec.date.as_deref().and_then(parse_date);
    let title_date = parse_date(title_str);
    let year = fixed
        .year
        .map(|y| (y, YearSource::Config))
        .or_else(|| {
            rec.year
                .as_deref()
                .and_then(parse_year_field)
                .map(|y| (y, YearSource::Field))
        })
        .or_else(|| field_date.map(|d| (d.year, YearSource::Date)))
        .or_else(|| title_date.map(|d| (d.year, YearSource::Title)))
        .or_else(|| metadata::year_from_title(title_str).map(|y| (y, YearSource::Title)))
        .or_else(|| metadata::year_from_file_name(&stem).map(|y| (y, YearSource::FileName)));
    let Some((year, year_source)) = year else {
        let what = title.as_deref().unwrap_or("document");
        return Err(Warning::new(
            WarningKind::NoYear,
            &file.shown,
            line,
            format!(
                "no year for {what:?} (no year/date field, none in the title or file name); skipped. Add a year field or a year in the file name, or exclude the file in a corpus.toml"
            ),
        ));
    };
    let from_title = region_from_title(title_str);
    let region = fixed
        .region
        .clone()
        .or(rec.region.clone())
        .or(from_title.region.clone())
        .or_else(|| metadata::region_from_file_name(&stem));
    let level = fixed
        .level
        .as_deref()
        .and_then(Level::parse)
        .or_else(|| rec.level.as_deref().and_then(Level::parse))
        .or(from_title.national.then_some(Level::National))
        .or_else(|| region.as_deref().and_then(metadata::level_of_region));
    let province = fixed
        .province
        .clone()
        .or(rec.province.clone())
        .or(from_title.province.clone())
        .or_else(|| {
            (level == Some(Level::Province))
                .then(|| region.clone())
                .flatten()
        });
    let han_chars = metadata::count_han(&cleaned.text);
    Ok(Document {
        doc_id: String::new(),
        source_path: file.shown.clone(),
        source_line: line,
        source_row: rec.row,
        format: file.format,
        encoding,
        title,
        year,
        year_source,
        date: field_date.or(title_date),
        region,
        province,
        level,
        chars_raw: cleaned.chars_before,
        chars_removed: cleaned.chars_removed,
        han_chars,
        sha256: hex::encode(Sha256::digest(cleaned.text.as_bytes())),
        text: cleaned.text,
    })
}

/// The first short line mentioning 报告 in the first ten lines of a plain
/// text (Markdown `#` removed).
fn title_from_text(text: &str, format: Format) -> Option<String> {
    if !matches!(format, Format::Txt | Format::Md) {
        return None;
    }
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .take(10)
        .map(|l| l.trim().trim_start_matches('#').trim())
        .find(|l| l.contains("报告") && l.chars().count() <= 60)
        .map(str::to_string)
}

/// Give each document `{year}_{region}` (or `{year}_{file stem}`), adding
/// `_2`, `_3`… in source order when that is not unique.
fn assign_ids(docs: &mut [Document]) {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for d in docs.iter() {
        *seen.entry(base_id(d)).or_default() += 1;
    }
    let mut used: BTreeMap<String, usize> = BTreeMap::new();
    for d in docs.iter_mut() {
        let base = base_id(d);
        let n = used.entry(base.clone()).or_default();
        *n += 1;
        d.doc_id = if seen[&base] > 1 {
            format!("{base}_{n}")
        } else {
            base
        };
    }
}

fn base_id(d: &Document) -> String {
    let who = d.region.clone().unwrap_or_else(|| {
        Path::new(&d.source_path)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    });
    let who: String = who
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    format!("{}_{}", d.year, who)
}
