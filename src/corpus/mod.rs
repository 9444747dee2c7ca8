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
pub mod head;
pub mod metadata;
pub mod pages;
pub mod quality;
pub mod roles;
pub mod sections;
pub mod spill;
pub mod walk;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

pub use self::clean::Rules;
use self::formats::RawRecord;
pub use self::formats::{Conversion, FieldMap, Format};
pub use self::metadata::{Date, Level};
use self::metadata::{parse_date, parse_year_field, region_from_title};
pub use self::quality::{Dropped, DuplicatePolicy, Flag};
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
    /// A key–value header at the top of the text (`发文时间:`).
    Header,
    /// The dateline under the title (`——2016年2月19日在…会议上`).
    Dateline,
    /// The file name.
    FileName,
    /// The name of the spreadsheet sheet the row is on (`2019年`), for a
    /// workbook with one sheet per year and no year column.
    Sheet,
    /// A folder the file is in, named for a year (`2019/示例市.txt`).
    Folder,
    /// The signature's date at the end of the text (`示例市人民政府` /
    /// `2019年1月20日`).
    Signature,
    /// The page's publication stamp (`发布时间:2019-01-15 来源:…` at the
    /// top of a saved web article): when it went online, the last resort.
    Published,
}

impl YearSource {
    /// Lowercase name used in tables.
    pub fn as_str(self) -> &'static str {
        match self {
            YearSource::Config => "config",
            YearSource::Field => "field",
            YearSource::Date => "date",
            YearSource::Title => "title",
            YearSource::Header => "header",
            YearSource::Dateline => "dateline",
            YearSource::FileName => "file_name",
            YearSource::Sheet => "sheet",
            YearSource::Folder => "folder",
            YearSource::Signature => "signature",
            YearSource::Published => "published",
        }
    }
}

/// Where a document's date came from: the day the report was delivered
/// (a dateline, a signature) or only the day a page went online
/// (`published`, a page's stamp; a publication-named date field that no
/// dateline outranks stays `field`, and the manifest's field mapping says
/// `date_is_publication`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateSource {
    /// A date field, as the user's data names it (`date`, `日期`, or a
    /// `publish_date` when the text has no dateline).
    Field,
    /// A key–value header at the top of the text (`发文时间:`).
    Header,
    /// The dateline under the title (`——2016年2月19日在…会议上`).
    Dateline,
    /// The title (`…政府工作报告（2019年1月15日）`).
    Title,
    /// The document's own properties (a Word file's creation date).
    Properties,
    /// A full date in the file name (`2023-01-05 中山市…`).
    FileName,
    /// The signature's date at the end of the text.
    Signature,
    /// The page's publication stamp (`发布时间:2019-01-15 来源:…`).
    Published,
}

impl DateSource {
    /// Lowercase name used in tables.
    pub fn as_str(self) -> &'static str {
        match self {
            DateSource::Field => "field",
            DateSource::Header => "header",
            DateSource::Dateline => "dateline",
            DateSource::Title => "title",
            DateSource::Properties => "properties",
            DateSource::FileName => "file_name",
            DateSource::Signature => "signature",
            DateSource::Published => "published",
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
    /// Data row (CSV, sheets), or the record's number in a JSON array.
    pub source_row: Option<u64>,
    /// The sheet, for workbooks with several sheets.
    #[serde(default)]
    pub sheet: Option<String>,
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
    /// Where the date came from, when there is one.
    #[serde(default)]
    pub date_source: Option<DateSource>,
    /// Region whose government gave the report (全国 for national reports).
    pub region: Option<String>,
    /// Province the region belongs to (the region itself for provinces).
    pub province: Option<String>,
    /// Administrative level, when known.
    pub level: Option<Level>,
    /// The congress session the report was given to, from its dateline
    /// (`第十四届人民代表大会第五次会议`).
    #[serde(default)]
    pub session: Option<String>,
    /// The report year the text itself states (its dateline — a report
    /// delivered in November or December is the next year's — else its
    /// title), for checks against the year used.
    #[serde(default)]
    pub text_year: Option<i32>,
    /// The report year its review section implies: one after the year its
    /// opening review heading names (`一、2009年工作回顾` → 2010). Used
    /// only to choose among identical texts filed under different years.
    #[serde(default)]
    pub review_year: Option<i32>,
    /// How the text was obtained, when converted (HTML, PDF, office file).
    #[serde(default)]
    pub conversion: Conversion,
    /// Quality flags (see [`quality`]).
    #[serde(default)]
    pub flags: Vec<Flag>,
    /// Characters each cleaning rule removed, by rule name (only rules that
    /// removed something).
    #[serde(default)]
    pub removed_by: Vec<(String, u32)>,
    /// Characters before cleaning.
    pub chars_raw: usize,
    /// Characters removed by cleaning: the sum of [`Document::removed_by`],
    /// so that `chars_raw - chars_removed + chars_added` is the cleaned
    /// text's length.
    pub chars_removed: usize,
    /// Characters cleaning added: NFKC expanding a character (`⑴` → `(1)`),
    /// a space where wrapped lines were joined, a paragraph break.
    #[serde(default)]
    pub chars_added: usize,
    /// Characters in the cleaned text (see [`Document::chars`]).
    #[serde(default)]
    pub chars_clean: usize,
    /// Han characters in the cleaned text.
    pub han_chars: usize,
    /// SHA-256 of the cleaned text, hex.
    pub sha256: String,
    /// The script the cleaned text was written in, before any conversion
    /// (see [`convert::detect`]).
    #[serde(default)]
    pub script: convert::Script,
    /// Whether the text (and title) were converted from traditional to
    /// simplified characters.
    #[serde(default)]
    pub converted: bool,
    /// The cleaned text (NFKC, chrome removed; converted to simplified
    /// characters when `converted`).
    #[serde(skip)]
    pub text: String,
}

impl Document {
    /// `path:line` (or just the path; `path[sheet]:row` for a sheet,
    /// `path[record n]:line` for an object of a JSON array) for messages and
    /// the `source` column.
    pub fn source(&self) -> String {
        match self.source_line {
            Some(line) => format!("{}:{line}", self.location()),
            None => self.location(),
        }
    }

    /// The file the document came from as warnings name it: its path, with
    /// the sheet of a workbook (`book.xlsx[2019年]`) or the number of an
    /// object of a JSON array, whose objects may share a line
    /// (`reports.json[record 2]`).
    pub fn location(&self) -> String {
        location(
            &self.source_path,
            self.sheet.as_deref(),
            self.source_row,
            self.format,
        )
    }

    /// Characters in the cleaned text.
    pub fn chars(&self) -> usize {
        self.chars_clean
    }
}

/// A file as warnings name it: `path`, with the `sheet` of a workbook
/// (`book.xlsx[2019年]`), or with the number `row` of an object of a JSON
/// array, whose objects may share a line (`reports.json[record 2]`).
pub fn location(path: &str, sheet: Option<&str>, row: Option<u64>, format: Format) -> String {
    match (sheet, row) {
        (Some(sheet), _) => format!("{path}[{sheet}]"),
        (None, Some(row)) if format == Format::Json => format!("{path}[record {row}]"),
        (None, _) => path.to_string(),
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
    /// The columns or keys taken for each field (tables and JSONL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<FieldMap>,
    /// The format its content showed, when it differs from its extension's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_as: Option<Format>,
    /// The later pages read with it (a web page saved one file per page);
    /// `bytes` and `sha256` are then those of all its pages in turn.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pages: Vec<String>,
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
    /// Documents loaded but left out (duplicates, `--min-chars`), and why.
    pub dropped: Vec<Dropped>,
    /// Document-cache `(hits, misses, rebuilt)` files, when a cache was used.
    pub doc_cache: Option<(u64, u64, u64)>,
    /// The document cache while its background writes go on (they overlap
    /// with segmentation); they are finished when the corpus is dropped, or
    /// by [`cache::DocCache::finish`].
    pub cache_writes: Option<std::sync::Arc<cache::DocCache>>,
    /// The documents' texts, when a streamed run set them aside on disk
    /// (their `text` fields are then empty): read them with
    /// [`Corpus::text`] or [`Corpus::map_texts`].
    pub spilled: Option<std::sync::Arc<spill::Spilled>>,
    /// The first year of reports that `--years` left out although they are earlier than
    /// every report kept and of the regions and levels asked for: a term's "first
    /// appearance" is then its first within the selected years, and charts say so.
    pub earlier_left_out: Option<i32>,
    /// Other inputs whose documents were added to this corpus (`--with`),
    /// named in the charts' source notes.
    pub added_inputs: Vec<PathBuf>,
}

impl Corpus {
    /// The distinct years present, ascending.
    pub fn years(&self) -> Vec<i32> {
        let mut y: Vec<i32> = self.documents.iter().map(|d| d.year).collect();
        y.sort_unstable();
        y.dedup();
        y
    }

    /// Wait until the document-cache entries written while loading are on
    /// disk (they are written in the background; dropping the corpus waits
    /// too). A second load in the same process sees them only after this.
    pub fn finish_cache_writes(&self) {
        if let Some(c) = &self.cache_writes {
            c.finish();
        }
    }

    /// Total cleaned characters.
    pub fn total_chars(&self) -> usize {
        self.documents.iter().map(Document::chars).sum()
    }

    /// The cleaned text of document `i`: in memory, or read back from where
    /// a streamed run set it aside ([`Corpus::spilled`]; documents added
    /// after those, e.g. by `--with`, keep their texts in memory).
    pub fn text(&self, i: usize) -> Result<std::borrow::Cow<'_, str>> {
        match &self.spilled {
            Some(s) if i < s.len() => {
                s.text(i)
                    .map(std::borrow::Cow::Owned)
                    .map_err(|source| Error::Read {
                        path: PathBuf::from("(the texts --stream set aside in the output folder)"),
                        source,
                    })
            }
            _ => Ok(std::borrow::Cow::Borrowed(
                self.documents.get(i).map_or("", |d| d.text.as_str()),
            )),
        }
    }

    /// `f(i, document, text)` for every document, in parallel, in corpus
    /// order; a spilled text is read back for the call and dropped after it,
    /// so only the texts being worked on are in memory.
    pub fn map_texts<T, F>(&self, f: F) -> Result<Vec<T>>
    where
        T: Send,
        F: Fn(usize, &Document, &str) -> T + Sync,
    {
        self.documents
            .par_iter()
            .with_max_len(1)
            .enumerate()
            .map(|(i, d)| Ok(f(i, d, &self.text(i)?)))
            .collect()
    }
}

/// Options for [`load`].
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Cleaning rules.
    pub rules: Rules,
    /// Which documents are converted from traditional to simplified
    /// characters after cleaning.
    pub t2s: convert::T2sMode,
    /// Cache root for loaded files (see [`cache`]); `None`: no cache.
    pub cache: Option<PathBuf>,
    /// What to do with two different documents for one year and region.
    pub duplicates: DuplicatePolicy,
    /// Documents with fewer Han characters are dropped (0: none).
    pub min_chars: usize,
    /// Keep the reports that are not government work reports (party
    /// congress reports, resolutions, the standing committee's, the 政协's,
    /// court's, procuratorate's, plan and budget reports, communiqués, news,
    /// commentaries and notices: [`quality::other_kind`]),
    /// which are otherwise left out with a warning each.
    pub all_kinds: bool,
    /// JSON Lines files larger than this many bytes are read in chunks of
    /// about this size, each parsed and cleaned before the next is read, so
    /// that a single large export is never held in memory whole (0: every
    /// file is read whole). The result is the same either way.
    pub stream_chunk: usize,
    /// Called with every document once its file's (or chunk's) documents
    /// are built (see [`DocHook`]);
    /// with a hook, the document cache is not used.
    pub on_document: Option<DocHook>,
    /// Called with the input bytes just read and processed (a file, or a
    /// chunk of a large one), e.g. to advance a progress bar.
    pub on_bytes: Option<BytesHook>,
}

/// A function told how many input bytes were just read and processed.
#[derive(Clone)]
pub struct BytesHook(pub std::sync::Arc<dyn Fn(u64) + Send + Sync>);

impl std::fmt::Debug for BytesHook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BytesHook")
    }
}

/// A function called with every document once all documents of its file
/// (or of its chunk of a large file) are built, on the loading threads,
/// before the next chunk is read: e.g. to
/// count the document and drop its text, so that a large corpus is never in
/// memory whole. Documents later dropped as duplicates or by `--min-chars`
/// have been passed to it too.
#[derive(Clone)]
pub struct DocHook(pub std::sync::Arc<dyn Fn(&mut Document) + Send + Sync>);

impl std::fmt::Debug for DocHook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DocHook")
    }
}

/// The bytes of the supported files under `input` (a folder or one file),
/// as found by [`load`].
pub fn input_bytes(input: &Path) -> Result<u64> {
    let (files, _) = walk::find_inputs(input)?;
    Ok(files_bytes(&files))
}

/// The bytes of `files` (those that can be stat'ed).
fn files_bytes(files: &[walk::InputFile]) -> u64 {
    files
        .iter()
        .filter_map(|f| std::fs::metadata(&f.path).ok())
        .map(|m| m.len())
        .sum()
}

/// Files this process has read in chunks (see [`LoadOptions::stream_chunk`]),
/// for tests and benchmarks to tell that the chunked reader ran.
pub static STREAMED_FILES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Workbooks this process has cleaned row by row while reading them (see
/// `load_sheet_rows`), for tests and benchmarks to tell that it ran.
pub static SHEETS_BY_ROWS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// The region a document without one is grouped under (`--by region`),
/// and named in the warning that says it has none.
pub const UNKNOWN_REGION: &str = "(unknown)";
/// The level a document without one is grouped under (`--by level`).
pub const UNKNOWN_LEVEL: &str = "(unknown)";

/// The default [`LoadOptions::stream_chunk`]: 64 MiB.
pub const STREAM_CHUNK: usize = 64 << 20;

impl LoadOptions {
    /// The shipped cleaning rules; traditional and mixed documents
    /// converted ([`convert::T2sMode::Auto`]).
    pub fn builtin() -> Result<LoadOptions> {
        Ok(LoadOptions {
            rules: Rules::builtin()?,
            t2s: convert::T2sMode::Auto,
            cache: None,
            duplicates: DuplicatePolicy::default(),
            min_chars: 0,
            all_kinds: false,
            stream_chunk: STREAM_CHUNK,
            on_document: None,
            on_bytes: None,
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
    crate::memory::input_found(files_bytes(&files));
    let cache_root = opts.cache.as_deref().filter(|_| opts.on_document.is_none());
    let doc_cache = cache_root.map(|root| {
        std::sync::Arc::new(cache::DocCache::open(
            root,
            cache::loader_fingerprint(&opts.rules, opts.t2s),
        ))
    });
    let per_file: Vec<FileResult> = files
        .par_iter()
        .with_max_len(1)
        .map(|f| load_file(f, opts, doc_cache.as_deref()))
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
    if documents.is_empty() {
        let first: Vec<String> = warnings.iter().take(3).map(ToString::to_string).collect();
        let more = match warnings.len() {
            0 => "no file gave a warning".to_string(),
            n if n <= 3 => format!("{n} warning(s) in all"),
            n => format!("{n} warnings in all, the first 3 shown"),
        };
        return Err(Error::NothingRead {
            path: input.to_path_buf(),
            reasons: format!("{} ({more})", first.join("; ")),
        });
    }
    drop_province_prefixes(&mut documents);
    unify_short_regions(&mut documents, &mut warnings);
    warn_ambiguous_short_regions(&documents, &mut warnings);
    let (mut documents, dropped) = quality::dedupe(
        documents,
        opts.duplicates,
        opts.min_chars,
        opts.all_kinds,
        &mut warnings,
    )?;
    assign_ids(&mut documents);
    Ok(Corpus {
        input: input.to_path_buf(),
        documents,
        files: sources,
        warnings,
        dropped,
        doc_cache: doc_cache.as_ref().map(|c| c.stats()),
        cache_writes: doc_cache,
        spilled: None,
        earlier_left_out: None,
        added_inputs: vec![],
    })
}

/// What cleaning removed and added, so that `before - removed + added = after`:
/// `removed` is the sum of the rules' removals (`removed_by`), `added` what normalisation
/// added (NFKC expansions, joining spaces, paragraph breaks). A shortfall no rule accounts
/// for (a conversion to simplified characters that shortened a phrase) is entered as
/// `other`.
fn cleaning_account(
    mut removed_by: Vec<(String, u32)>,
    before: usize,
    after: usize,
) -> (Vec<(String, u32)>, usize, usize) {
    let removed: usize = removed_by.iter().map(|r| r.1 as usize).sum();
    match (removed + after).checked_sub(before) {
        Some(added) => (removed_by, removed, added),
        None => {
            let other = before - removed - after;
            removed_by.push(("other".into(), u32::try_from(other).unwrap_or(u32::MAX)));
            (removed_by, removed + other, 0)
        }
    }
}

type FileResult = cache::FileEntry;

/// A file that gave no document, only `warning`.
fn skipped(warning: Warning) -> FileResult {
    FileResult {
        documents: vec![],
        warnings: vec![warning],
        source: None,
        undated: 0,
    }
}

/// Load one file's `bytes` as if found at `name` (its extension names the
/// format; its content may override it), with no `corpus.toml` and no
/// cache: the documents (not yet de-duplicated), warnings and manifest entry
/// of that file. For benchmarks, fuzzing and embedding.
pub fn load_bytes_as(name: &str, bytes: &[u8], opts: &LoadOptions) -> Result<cache::FileEntry> {
    let path = PathBuf::from(name);
    let format = Format::of(&path).ok_or_else(|| {
        Error::Usage(format!(
            "{name}: not a supported file name (see `analyze corpus --help`)"
        ))
    })?;
    let config = std::sync::Arc::new(config::FolderConfig::none(Path::new("."))?);
    let file = InputFile {
        path,
        shown: name.to_string(),
        format,
        config,
        pages: vec![],
    };
    let sha = hex::encode(Sha256::digest(bytes));
    Ok(load_bytes(&file, bytes, &[], sha, opts))
}

/// Load one file, through the document cache when there is one.
fn load_file(
    file: &InputFile,
    opts: &LoadOptions,
    doc_cache: Option<&cache::DocCache>,
) -> FileResult {
    if file.format == Format::Jsonl
        && opts.stream_chunk > 0
        && std::fs::metadata(&file.path).is_ok_and(|m| m.len() > opts.stream_chunk as u64)
        && let Some(mut out) = load_streamed(file, opts, doc_cache)
    {
        no_silent_file(file, &mut out);
        return out;
    }
    let mut out = load_whole(file, opts, doc_cache);
    if let (Some(h), Some(s)) = (&opts.on_bytes, &out.source) {
        (h.0)(s.bytes);
    }
    no_silent_file(file, &mut out);
    out
}

/// A file that gave neither a document nor a warning (a table of a header
/// alone, JSON Lines of blank lines, an empty archive) says so.
fn no_silent_file(file: &InputFile, out: &mut FileResult) {
    if out.documents.is_empty() && out.warnings.is_empty() && out.undated == 0 {
        out.warnings.push(Warning::new(
            WarningKind::Empty,
            &file.shown,
            None,
            format!(
                "no report in this file (a {} with no row of text); skipped",
                file.format.as_str()
            ),
        ));
    }
}

/// [`load_file`] for a file read whole.
fn load_whole(
    file: &InputFile,
    opts: &LoadOptions,
    doc_cache: Option<&cache::DocCache>,
) -> FileResult {
    crate::fileio::with_file(crate::fileio::Buffer::Input, &file.path, |read| {
        let bytes = match read {
            Ok(b) => b,
            Err(e) => {
                return skipped(Warning::new(
                    WarningKind::Other,
                    &file.shown,
                    None,
                    format!("cannot read ({e}); skipped. Check the file's permissions"),
                ));
            }
        };
        // An empty file (a failed download, a placeholder) says so, in
        // every format (a CSV or JSON Lines file of no rows would
        // otherwise pass in silence).
        if bytes.is_empty() && file.pages.is_empty() {
            let mut out = skipped(Warning::new(
                WarningKind::Empty,
                &file.shown,
                None,
                "the file is empty (0 bytes); skipped",
            ));
            // Listed with the files read all the same, so that the
            // manifest is a whole record of the input.
            out.source = Some(SourceFile {
                path: file.shown.clone(),
                format: file.format,
                bytes: 0,
                sha256: hex::encode(Sha256::digest(b"")),
                encoding: String::new(),
                documents: 0,
                fields: None,
                read_as: None,
                pages: vec![],
            });
            return out;
        }
        // The later pages of a page saved one file per page.
        let mut pages: Vec<Vec<u8>> = Vec::with_capacity(file.pages.len());
        let mut unread = Vec::new();
        for page in &file.pages {
            match std::fs::read(&page.path) {
                Ok(b) => pages.push(b),
                Err(e) => unread.push(Warning::new(
                    WarningKind::Other,
                    &page.shown,
                    None,
                    format!("cannot read ({e}); this page is left out of its report"),
                )),
            }
        }
        let Some(doc_cache) = doc_cache else {
            let mut out = load_hashed(file, bytes, &pages, opts);
            out.warnings.extend(unread);
            return out;
        };
        // The key hashes the bytes with XXH3-128 (~10× faster than SHA-256);
        // the entry carries the file's SHA-256, computed when it was made.
        let xxh3 = if pages.is_empty() {
            xxhash_rust::xxh3::xxh3_128(bytes)
        } else {
            let mut h = xxhash_rust::xxh3::Xxh3::new();
            h.update(bytes);
            for p in &pages {
                h.update(&(p.len() as u64).to_le_bytes());
                h.update(p);
            }
            h.digest128()
        };
        let (key, hit) = cached(doc_cache, file, xxh3);
        if let Some(mut hit) = hit {
            hit.warnings.extend(unread);
            return hit;
        }
        let mut out = load_hashed(file, bytes, &pages, opts);
        out.warnings.extend(unread);
        doc_cache.put(&key, &out);
        out
    })
}

/// The document-cache key of `file` with content hash `xxh3` (XXH3-128 of
/// its bytes), and the entry under it if there is one.
fn cached(
    doc_cache: &cache::DocCache,
    file: &InputFile,
    xxh3: u128,
) -> (String, Option<FileResult>) {
    let content = format!("{xxh3:032x}");
    let settings = format!("{:?}\n{:?}", file.format, file.config.config);
    let key = doc_cache.key(&content, &file.shown, &settings);
    let hit = doc_cache.get(&key).map(|mut hit| {
        let encoding = hit
            .source
            .as_ref()
            .and_then(|s| encoding_rs::Encoding::for_label(s.encoding.as_bytes()))
            .map_or("", |e| e.name());
        for d in &mut hit.documents {
            d.encoding = encoding;
        }
        hit
    });
    (key, hit)
}

/// Read a large JSON Lines file in chunks of about `opts.stream_chunk`
/// bytes cut after line breaks: each chunk is parsed and its records
/// cleaned (in parallel) before the next is read, so the file is never in
/// memory whole; the SHA-256 (and the cache key) are computed on the way.
/// The documents, warnings and their order are those of reading the file
/// whole. `None` when the file turns out not to be plain UTF-8 JSON Lines
/// (another encoding, a BOM other than UTF-8's, NUL bytes, other content):
/// it is then read whole like any file.
fn load_streamed(
    file: &InputFile,
    opts: &LoadOptions,
    doc_cache: Option<&cache::DocCache>,
) -> Option<FileResult> {
    use std::io::Read;
    let chunk = opts.stream_chunk;
    // Fill `buf` up to `chunk` more bytes; false at the end of the file.
    let fill = |f: &mut std::fs::File, buf: &mut Vec<u8>| -> Option<bool> {
        let want = buf.len() + chunk;
        buf.reserve(chunk);
        while buf.len() < want {
            let before = buf.len();
            let n = f
                .by_ref()
                .take((want - before) as u64)
                .read_to_end(buf)
                .ok()?;
            if n == 0 {
                return Some(false);
            }
        }
        Some(true)
    };
    let key = match doc_cache {
        Some(dc) => {
            let mut f = std::fs::File::open(&file.path).ok()?;
            let mut h = xxhash_rust::xxh3::Xxh3::new();
            let mut buf = Vec::new();
            loop {
                buf.clear();
                let more = fill(&mut f, &mut buf)?;
                h.update(&buf);
                if !more {
                    break;
                }
            }
            let (key, hit) = cached(dc, file, h.digest128());
            if let Some(hit) = hit {
                if let (Some(h), Some(s)) = (&opts.on_bytes, &hit.source) {
                    (h.0)(s.bytes);
                }
                return Some(hit);
            }
            Some(key)
        }
        None => None,
    };
    let mut f = std::fs::File::open(&file.path).ok()?;
    let mut sha = Sha256::new();
    let mut scan = formats::jsonl::JsonlScan::default();
    let mut built = Vec::new();
    let stem = stem_of_path(&file.path);
    let part = Part {
        file,
        shown: &file.shown,
        stem: &stem,
        format: Format::Jsonl,
    };
    let encoding = encoding_rs::UTF_8.name();
    let (mut first, mut line) = (true, 1u64);
    // `buf` holds the chunk being worked on: the end of the previous one
    // (`buf[..from]`, already hashed) and the bytes read since.
    let (mut buf, mut spare) = (Vec::new(), Vec::new());
    let mut carry: Vec<formats::RawRecord> = Vec::new();
    // Whether the rows are paragraphs to join (decided on the first rows, as
    // the whole read decides: see `formats::rows_are_paragraphs`; until then
    // the rows wait in `carry`), and how many rows and reports there were.
    let setting = file.config.config.fields.rows;
    let (mut joined, mut rows_in, mut reports) = (None::<bool>, 0usize, 0usize);
    let mut more = fill(&mut f, &mut buf)?;
    let (mut from, mut total) = (0, buf.len() as u64);
    loop {
        // Whole lines only; the rest waits for the next chunk.
        let end = if more {
            match memchr::memrchr(b'\n', &buf) {
                Some(k) => k + 1,
                None => {
                    sha.update(&buf[from..]);
                    from = buf.len();
                    more = fill(&mut f, &mut buf)?;
                    total += (buf.len() - from) as u64;
                    continue;
                }
            }
        } else {
            buf.len()
        };
        let mut bytes = &buf[..end];
        if first {
            first = false;
            // Content that overrides the extension (a zip, a PDF…).
            if Format::sniff(bytes, Format::Jsonl).is_some() {
                return None;
            }
            match encoding_rs::Encoding::for_bom(bytes) {
                Some((e, n)) if e == encoding_rs::UTF_8 => bytes = &bytes[n..],
                Some(_) => return None,
                None => {}
            }
        }
        // While this chunk is parsed and cleaned, the bytes just read are
        // hashed (SHA-256 cannot be split; it would leave a core idle) and
        // the next chunk is read after this one's unfinished line.
        // The next chunk goes into the buffer of the chunk before this one:
        // a fresh 64 MiB buffer per chunk would have its pages zeroed by
        // the kernel on first touch (~10 % of a one-file load's time).
        let mut next = std::mem::take(&mut spare);
        next.clear();
        next.extend_from_slice(&buf[end..]);
        let new = &buf[from..];
        let carry = &mut carry;
        let (joined, rows_in, reports) = (&mut joined, &mut rows_in, &mut reports);
        let ((), (next_more, chunk)) = rayon::join(
            || sha.update(new),
            || {
                rayon::join(
                    || {
                        if more {
                            fill(&mut f, &mut next)
                        } else {
                            Some(false)
                        }
                    },
                    || {
                        let text = simdutf8::basic::from_utf8(bytes).ok()?;
                        if memchr::memchr(0, bytes).is_some() {
                            return None;
                        }
                        let mut lines =
                            formats::jsonl::read_lines(text, line, &file.shown, &file.config);
                        // A report kept one paragraph per line may go on in
                        // the next chunk: its lines wait for it.
                        let mut records = std::mem::take(carry);
                        *rows_in += lines.out.records.len();
                        records.append(&mut lines.out.records);
                        // Too few rows yet to tell: they wait for the
                        // next chunk, unbuilt.
                        let decided = joined
                            .or_else(|| formats::rows_are_paragraphs(&records, setting, !more));
                        let newlines = lines.newlines;
                        let Some(join) = decided else {
                            *carry = records;
                            return Some((lines, vec![], newlines));
                        };
                        *joined = Some(join);
                        if join {
                            formats::mark_paragraph_rows(&mut records);
                        }
                        if more {
                            *carry = formats::take_last_report(&mut records);
                        }
                        let records = formats::join_paragraphs(records);
                        *reports += records.len();
                        let b = build_all(records, &part, encoding, opts);
                        Some((lines, b, newlines))
                    },
                )
            },
        );
        let (lines, mut chunk_built, newlines) = chunk?;
        line += newlines;
        if let Some(h) = &opts.on_bytes {
            (h.0)(bytes.len() as u64);
        }
        built.append(&mut chunk_built);
        scan.append(lines);
        if !more {
            break;
        }
        from = buf.len() - end;
        more = next_more?;
        total += (next.len() - from) as u64;
        spare = std::mem::replace(&mut buf, next);
    }
    let mut records = scan.finish(&file.shown, &file.config);
    if joined == Some(true) {
        formats::note_rows_joined(&mut records, &file.shown, rows_in, reports, setting);
    }
    let mut out = FileResult {
        documents: vec![],
        warnings: records.warnings,
        source: None,
        undated: 0,
    };
    push_built(built, &mut out);
    out.source = Some(SourceFile {
        path: file.shown.clone(),
        format: file.format,
        bytes: total,
        sha256: hex::encode(sha.finalize()),
        encoding: encoding.to_string(),
        documents: out.documents.len(),
        fields: records.fields,
        read_as: None,
        pages: vec![],
    });
    if let (Some(dc), Some(key)) = (doc_cache, key) {
        dc.put(&key, &out);
    }
    STREAMED_FILES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    Some(out)
}

/// Files from this size on are hashed while they are read, on another
/// thread (a single large export would otherwise wait for its SHA-256, which
/// cannot be split).
const HASH_ALONGSIDE: usize = 8 << 20;

/// [`load_bytes`] with the file's SHA-256 for the manifest (of its bytes
/// and its later `pages`' in turn, for a page saved one file per page).
fn load_hashed(
    file: &InputFile,
    bytes: &[u8],
    pages: &[Vec<u8>],
    opts: &LoadOptions,
) -> FileResult {
    let sha256 = || {
        let mut h = Sha256::new();
        h.update(bytes);
        for p in pages {
            h.update(p);
        }
        hex::encode(h.finalize())
    };
    if bytes.len() < HASH_ALONGSIDE {
        return load_bytes(file, bytes, pages, sha256(), opts);
    }
    let (sha, mut out) = rayon::join(sha256, || {
        load_bytes(file, bytes, pages, String::new(), opts)
    });
    if let Some(s) = out.source.as_mut() {
        s.sha256 = sha;
    }
    out
}

/// Read, clean and date the records of one file's `bytes` (its content
/// decides the format: see [`Format::sniff`]).
fn load_bytes(
    file: &InputFile,
    bytes: &[u8],
    pages: &[Vec<u8>],
    sha256: String,
    opts: &LoadOptions,
) -> FileResult {
    let mut out = FileResult {
        documents: vec![],
        warnings: vec![],
        source: None,
        undated: 0,
    };
    let format = Format::sniff(bytes, file.format).unwrap_or(file.format);
    let mut source = SourceFile {
        path: file.shown.clone(),
        format: file.format,
        bytes: (bytes.len() + pages.iter().map(Vec::len).sum::<usize>()) as u64,
        sha256,
        encoding: String::new(),
        documents: 0,
        fields: None,
        read_as: (format != file.format).then_some(format),
        pages: file.pages.iter().map(|p| p.shown.clone()).collect(),
    };
    let stem = stem_of_path(&file.path);
    let part = Part {
        file,
        shown: &file.shown,
        stem: &stem,
        format,
    };
    let pipelined = match format {
        Format::Xlsx => load_sheet_rows(bytes, &part, opts),
        _ => None,
    };
    if format == Format::Zip {
        load_archive(file, bytes, opts, &file.shown, 0, &mut out);
    } else if let Some((records, built)) = pipelined {
        source.encoding = records.encoding.to_string();
        source.fields = records.fields.clone();
        out.warnings.extend(records.warnings);
        push_built(built, &mut out);
    } else {
        let records = if pages.is_empty() || format != Format::Html {
            formats::read_file(bytes, format, &file.shown, &file.config)
        } else {
            let shown: Vec<&str> = file.pages.iter().map(|p| p.shown.as_str()).collect();
            formats::read_page_set(bytes, pages, &shown, &file.shown, &file.config)
        };
        source.encoding = records.encoding.to_string();
        source.fields = records.fields.clone();
        add_records(records, &part, opts, &mut out);
    }
    source.documents = out.documents.len();
    out.source = Some(source);
    out
}

/// Rows of a one-sheet workbook cleaned per task (see [`load_sheet_rows`]).
const SHEET_BATCH: usize = 32;

/// A one-sheet `.xlsx` whose header names its text column, read and
/// cleaned at once: while calamine parses the cells on this thread, every
/// [`SHEET_BATCH`] rows are turned into records and documents on the
/// others, and the batches are put back in row order, so the records,
/// warnings and documents are those of reading the whole sheet first
/// ([`formats::read_file`]) and cleaning after. `None` (read it whole) for
/// other workbooks: several sheets, a text column found by its length, rows
/// out of order, anything the whole read must report.
fn load_sheet_rows(
    bytes: &[u8],
    part: &Part<'_>,
    opts: &LoadOptions,
) -> Option<(formats::FileRecords, Vec<Built>)> {
    use formats::sheet::{RowStep, with_single_sheet_rows};
    with_single_sheet_rows(bytes, |next| {
        let header = match next() {
            RowStep::Row(_, h) => h,
            RowStep::End => return Some((formats::FileRecords::default(), vec![])),
            RowStep::Fail => return None,
        };
        let mapper =
            formats::table::RowMapper::from_header(&header, &part.file.config, part.shown, None)?;
        // One paragraph per row: the rows of a report are joined, which
        // batches of rows would cut apart.
        if mapper.map.paragraph.is_some() {
            return None;
        }
        // The per-document hook (a streamed run's counting) runs once the
        // whole sheet was read: a sheet that fails part way is read again.
        let quiet = LoadOptions {
            on_document: None,
            ..opts.clone()
        };
        let quiet = &quiet;
        type Batch = (usize, formats::FileRecords, Vec<Built>);
        let done: std::sync::Mutex<Vec<Batch>> = std::sync::Mutex::default();
        let read_all = rayon::scope(|s| {
            let (mut index, mut first_row) = (0usize, 1u64);
            loop {
                let mut rows = Vec::with_capacity(SHEET_BATCH);
                let mut end = false;
                while rows.len() < SHEET_BATCH {
                    match next() {
                        RowStep::Row(n, cells) => rows.push((u64::from(n), cells)),
                        RowStep::End => {
                            end = true;
                            break;
                        }
                        RowStep::Fail => return false,
                    }
                }
                let n = rows.len() as u64;
                // Rows that are the paragraphs of reports are joined, which
                // batches would cut apart: such a sheet, or one whose first
                // batch cannot tell, is read whole.
                if index == 0 {
                    let mut probe = formats::FileRecords::default();
                    mapper.records(rows.clone(), first_row, &mut probe);
                    let setting = part.file.config.config.fields.rows;
                    if formats::rows_are_paragraphs(&probe.records, setting, end) != Some(false) {
                        return false;
                    }
                }
                if n > 0 {
                    let (mapper, done) = (&mapper, &done);
                    s.spawn(move |_| {
                        let mut records = formats::FileRecords::default();
                        mapper.records(rows, first_row, &mut records);
                        let all = std::mem::take(&mut records.records);
                        let built = build_all(all, part, records.encoding, quiet);
                        if let Ok(mut d) = done.lock() {
                            d.push((index, records, built));
                        }
                    });
                }
                index += 1;
                first_row += n;
                if end {
                    return true;
                }
            }
        });
        if !read_all {
            return None;
        }
        let mut batches = done.into_inner().ok()?;
        batches.sort_by_key(|b| b.0);
        let mut out = formats::FileRecords {
            fields: Some(mapper.map.clone()),
            ..formats::FileRecords::default()
        };
        let mut built = Vec::new();
        for (_, mut records, mut b) in batches {
            out.warnings.append(&mut records.warnings);
            built.append(&mut b);
        }
        if let Some(hook) = &opts.on_document {
            built.par_iter_mut().with_max_len(1).for_each(|b| {
                if let Ok((doc, _)) = b {
                    (hook.0)(doc);
                }
            });
        }
        SHEETS_BY_ROWS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Some((out, built))
    })
    .flatten()
}

/// Nested archives are followed this deep.
const MAX_ARCHIVE_DEPTH: usize = 3;

/// Load the report files inside a zip archive, shown as `archive.zip/inner/path`.
fn load_archive(
    file: &InputFile,
    bytes: &[u8],
    opts: &LoadOptions,
    shown: &str,
    depth: usize,
    out: &mut FileResult,
) {
    let warn = |out: &mut FileResult, path: &str, msg: String| {
        out.warnings
            .push(Warning::new(WarningKind::NotAReport, path, None, msg));
    };
    let (entries, problems) =
        match formats::archive::zip_entries(bytes, formats::archive::Limits::default()) {
            Ok(e) => e,
            Err(e) => {
                out.warnings.push(Warning::new(
                    WarningKind::Parse,
                    shown,
                    None,
                    format!("cannot read this archive: {e}; skipped"),
                ));
                return;
            }
        };
    for p in problems {
        out.warnings.push(Warning::new(
            WarningKind::Parse,
            shown,
            None,
            format!("{p}; skipped"),
        ));
    }
    // Resource folders of saved pages (`报告_files/` beside `报告.html`).
    let page_folders =
        formats::archive::saved_page_folders(entries.iter().map(|e| e.path.as_str()));
    for (dir, page) in &page_folders {
        warn(
            out,
            &format!("{shown}/{dir}"),
            format!("skipped: the images, scripts and frames saved with the page {page}"),
        );
    }
    // Pages saved one file per page: the later ones are read with the first.
    let sets = walk::page_sets(entries.iter().map(|e| {
        let path = Path::new(&e.path);
        (Format::of(path) == Some(Format::Html)).then_some(path)
    }));
    let mut later_of: Vec<Vec<usize>> = vec![Vec::new(); entries.len()];
    let mut is_later = vec![false; entries.len()];
    for (first, pages) in sets {
        let (pages, own): (Vec<usize>, Vec<usize>) = pages
            .into_iter()
            .partition(|&i| !formats::opens_own_report(&entries[first].bytes, &entries[i].bytes));
        for &i in &own {
            out.warnings.push(walk::own_report_warning(
                &format!("{shown}/{}", entries[i].path),
                &format!("{shown}/{}", entries[first].path),
            ));
        }
        if pages.is_empty() {
            continue;
        }
        for &i in &pages {
            is_later[i] = true;
        }
        let names: Vec<String> = pages
            .iter()
            .map(|&i| format!("{shown}/{}", entries[i].path))
            .collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        out.warnings.push(walk::page_set_warning(
            &format!("{shown}/{}", entries[first].path),
            &names,
        ));
        later_of[first] = pages;
    }
    for (index, entry) in entries.iter().enumerate() {
        if is_later[index] {
            continue;
        }
        let inner = format!("{shown}/{}", entry.path);
        let path = Path::new(&entry.path);
        if !file.config.selects(path) {
            continue;
        }
        if page_folders.iter().any(|(d, _)| {
            entry
                .path
                .strip_prefix(d.as_str())
                .is_some_and(|r| r.starts_with('/'))
        }) {
            continue;
        }
        let named = Format::of(path).or_else(|| {
            formats::named_by_content(path)
                .then(|| Format::of_content(&entry.bytes))
                .flatten()
        });
        let Some(claimed) = named else {
            if let Some(advice) = formats::unsupported_advice(path) {
                out.warnings.push(Warning::new(
                    WarningKind::Parse,
                    &inner,
                    None,
                    format!("skipped: {advice}"),
                ));
            }
            continue;
        };
        let format = Format::sniff(&entry.bytes, claimed).unwrap_or(claimed);
        if format == Format::Zip {
            if depth + 1 >= MAX_ARCHIVE_DEPTH {
                warn(out, &inner, "skipped: archives nested too deep".into());
            } else {
                load_archive(file, &entry.bytes, opts, &inner, depth + 1, out);
            }
            continue;
        }
        let records = if later_of[index].is_empty() || format != Format::Html {
            formats::read_file(&entry.bytes, format, &inner, &file.config)
        } else {
            let pages: Vec<Vec<u8>> = later_of[index]
                .iter()
                .map(|&i| entries[i].bytes.clone())
                .collect();
            let names: Vec<String> = later_of[index]
                .iter()
                .map(|&i| format!("{shown}/{}", entries[i].path))
                .collect();
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            formats::read_page_set(&entry.bytes, &pages, &names, &inner, &file.config)
        };
        let stem = stem_of(&entry.path);
        let part = Part {
            file,
            shown: &inner,
            stem: &stem,
            format,
        };
        add_records(records, &part, opts, out);
    }
}

/// The file a record came from: the input file, or a member of an archive.
struct Part<'a> {
    file: &'a InputFile,
    shown: &'a str,
    stem: &'a str,
    format: Format,
}

/// A file's name without its extension, after NFKC (full-width digits
/// and brackets, as in `２０２３年…`, read like ASCII ones).
fn stem_of(path: &str) -> String {
    stem_of_path(Path::new(path))
}

/// [`stem_of`] for a path on disk, whose name may not be UTF-8
/// ([`walk::name_text`]).
fn stem_of_path(path: &Path) -> String {
    use unicode_normalization::UnicodeNormalization;
    path.file_stem()
        .map(|s| walk::name_text(s).nfkc().collect())
        .unwrap_or_default()
}

/// Turn a file's records into documents (or warnings).
fn add_records(
    records: formats::FileRecords,
    part: &Part<'_>,
    opts: &LoadOptions,
    out: &mut FileResult,
) {
    if records.replaced > 0 {
        // The line of the first replacement, in a text read as it is
        // stored (a converted page's or document's lines are not the file's).
        let first = records
            .records
            .iter()
            .filter(|r| r.conversion == formats::Conversion::None)
            .find_map(|r| {
                let at = r.text.find('\u{FFFD}')?;
                let before = memchr::memchr_iter(b'\n', &r.text.as_bytes()[..at]).count() as u64;
                Some(r.line.unwrap_or(1) + before)
            });
        out.warnings.push(Warning::new(
            WarningKind::Encoding,
            part.shown,
            first,
            format!(
                "{} malformed byte sequence(s) replaced by U+FFFD while decoding as {}{}",
                records.replaced,
                records.encoding,
                if first.is_some() {
                    " (the first on this line); the file is damaged there: fetch it again or check its encoding"
                } else {
                    ""
                }
            ),
        ));
    }
    if records.mixed.0 > 0 {
        out.warnings.push(Warning::new(
            WarningKind::Encoding,
            part.shown,
            Some(records.mixed.1),
            format!(
                "the file mixes encodings: {} line(s) are GBK (the first is this one), the rest UTF-8, as in a file joined from two sources; each line was read in its own. Save it as UTF-8 to settle it",
                records.mixed.0
            ),
        ));
    }
    if records.nuls.0 > 0 {
        out.warnings.push(Warning::new(
            WarningKind::Encoding,
            part.shown,
            Some(records.nuls.1),
            format!(
                "{} NUL character(s) removed (the first on this line): the tool that saved or cut the file left them; the rest is read as {}",
                records.nuls.0, records.encoding
            ),
        ));
    }
    out.warnings.extend(records.warnings);
    let mut recs = Vec::with_capacity(records.records.len());
    for rec in records.records {
        split_collected_reports(rec, part.shown, &mut recs, &mut out.warnings);
    }
    let built = build_all(recs, part, records.encoding, opts);
    push_built(built, out);
}

/// The shortest report (in bytes) a collection is split into.
const MIN_SPLIT_REPORT: usize = 1500;

/// A whole file's text that holds several reports one after another (a
/// collection, `象山县政府工作报告合集.txt`: each report under its own
/// title and dateline, [`head::report_heads`]) is split into one record
/// per report, each starting at its title line, with a warning naming the
/// years: when the first report opens the text, the heads' datelines name
/// different years or regions, and each report is at least
/// [`MIN_SPLIT_REPORT`] bytes. Heads that do not meet this leave the text
/// whole, with a warning naming the file and the years of the datelines
/// found. A record with fields of its own (a table's row, a JSON object)
/// is left alone.
fn split_collected_reports(
    rec: RawRecord,
    shown: &str,
    out: &mut Vec<RawRecord>,
    warnings: &mut Vec<Warning>,
) {
    let whole = rec.line.is_none()
        && rec.row.is_none()
        && rec.title.is_none()
        && rec.year.is_none()
        && rec.date.is_none();
    let heads = if whole {
        head::report_heads(&rec.text)
    } else {
        vec![]
    };
    if heads.len() < 2 {
        out.push(rec);
        return;
    }
    let years: Vec<String> = heads
        .iter()
        .map(|(_, _, d)| {
            d.report_year()
                .map_or_else(|| "?".to_string(), |y| y.to_string())
        })
        .collect();
    let keys: BTreeSet<(Option<i32>, Option<&str>)> = heads
        .iter()
        .map(|(_, _, d)| (d.report_year(), d.region.as_deref()))
        .collect();
    let first_opens = rec.text[..heads[0].0]
        .lines()
        .filter(|l| !l.trim().is_empty())
        .count()
        < head::HEAD_LINES;
    let ends: Vec<usize> = heads
        .iter()
        .skip(1)
        .map(|h| h.0)
        .chain([rec.text.len()])
        .collect();
    let long_enough = heads
        .iter()
        .zip(&ends)
        .all(|(h, &end)| end - h.0 >= MIN_SPLIT_REPORT);
    if keys.len() < heads.len() || !first_opens || !long_enough {
        warnings.push(Warning::new(
            WarningKind::Metadata,
            shown,
            None,
            format!(
                "holds the heads of {} reports (title and dateline; years {}): read as one document; put each report in a file of its own",
                heads.len(),
                years.join(", ")
            ),
        ));
        out.push(rec);
        return;
    }
    warnings.push(Warning::new(
        WarningKind::Metadata,
        shown,
        None,
        format!(
            "holds {} reports one after another (title and dateline; years {}): read as one document each, from its title line",
            heads.len(),
            years.join(", ")
        ),
    ));
    // Anything above the first head (a collection's own title) stays with
    // the first report.
    let mut start = 0;
    for ((_, number, _), &end) in heads.iter().zip(&ends) {
        let mut part = rec.clone();
        part.text = rec.text[start..end].to_string();
        part.line = (start > 0).then_some(*number);
        out.push(part);
        start = end;
    }
}

/// A document built from a record, with its notes, or why there is none.
type Built = Result<(Document, Vec<Warning>), Warning>;

/// Build the documents of `records` in parallel (a single large JSONL or
/// CSV export loads as fast as many files); the order is kept. The
/// per-document hook (a streamed run's counting) runs once all of them are
/// built, not after each: alternating cleaning and segmentation document by
/// document evicts jieba's word graph tables from the cache, and cost a
/// streamed 330 MB run ~20 % more processor time than building first.
///
/// Each document is a task of its own (`with_max_len(1)`), here and in the
/// other per-document loops: rayon's default cuts a list into a few long
/// runs and splits a run only when another thread steals it before it
/// starts, so at the end of each 64 MiB chunk one core waited 100–300 ms
/// while the other finished a run of a few hundred documents.
fn build_all(
    records: Vec<RawRecord>,
    part: &Part<'_>,
    encoding: &'static str,
    opts: &LoadOptions,
) -> Vec<Built> {
    let mut built: Vec<Built> = records
        .into_par_iter()
        .with_max_len(1)
        .map(|rec| build_document(rec, part, encoding, opts))
        .collect();
    if let Some(hook) = &opts.on_document {
        built.par_iter_mut().with_max_len(1).for_each(|b| {
            if let Ok((doc, _)) = b {
                (hook.0)(doc);
            }
        });
    }
    built
}

/// Add built documents, their notes and the records' warnings to `out`.
fn push_built(built: Vec<Built>, out: &mut FileResult) {
    for b in built {
        match b {
            Ok((doc, mut notes)) => {
                out.warnings.append(&mut notes);
                out.documents.push(doc);
            }
            Err(w) => {
                if w.kind == WarningKind::NoYear {
                    out.undated += 1;
                }
                out.warnings.push(w);
            }
        }
    }
}

/// Metadata candidates of one record, strongest first within each field.
struct Candidates {
    title: Option<String>,
    year: Option<(i32, YearSource)>,
    date: Option<(Date, DateSource)>,
    region: Option<String>,
    level: Option<Level>,
    province: Option<String>,
    /// A province a folder or a field gives that the gazetteer's for the
    /// region contradicts: (what it says, where, the gazetteer's).
    province_clash: Option<(String, &'static str, &'static str)>,
    /// The region as the report wrote it, when that is a former name
    /// [`metadata::current_name`] replaced, and how it was found.
    renamed: Option<(String, metadata::Renaming)>,
}

fn build_document(
    rec: RawRecord,
    part: &Part<'_>,
    encoding: &'static str,
    opts: &LoadOptions,
) -> Result<(Document, Vec<Warning>), Warning> {
    let cut_at_cell_limit = at_cell_limit(&rec, part.format);
    let mut cleaned = opts.rules.clean(&rec.text);
    let line = rec.line;
    // Warnings name the sheet of a workbook with several (`book.xlsx[2019年]`).
    let label = location(part.shown, rec.sheet.as_deref(), rec.row, part.format);
    // The counts of the text before any conversion.
    let counted = cleaned.script;
    let (script, converted, script_note) =
        convert_script(&mut cleaned.text, counted, opts.t2s, &label, line);
    let mut head = head::read_head(&cleaned.text);
    // A publication stamp the cleaning dropped, else the page's metadata,
    // else one left in the head (a lone `日期:` line).
    if let Some(d) = head::published_date(&cleaned.dated_lines)
        .or_else(|| head::published_date(rec.published.as_slice()))
    {
        head.published = Some(d);
    }
    if head.kv_len > 0 {
        let removed = cleaned.text[..head.kv_len].chars().count();
        cleaned.text.drain(..head.kv_len);
        cleaned.chars_removed += removed;
        cleaned
            .removed_by
            .push(("key-value-header".into(), removed as u32));
    }
    if cleaned.text.trim().is_empty() {
        return Err(Warning::new(
            WarningKind::Empty,
            &label,
            line,
            "document is empty after cleaning; skipped",
        ));
    }
    // A page that links its report as an attached file and holds little
    // else (a title): not the report.
    if cleaned
        .removed_by
        .iter()
        .any(|(rule, n)| rule == "attachment-links" && *n > 0)
        && metadata::count_han(cleaned.text.lines().skip(1).collect::<String>().as_str())
            < ATTACHMENT_PAGE_HAN
    {
        return Err(Warning::new(
            WarningKind::NotAReport,
            &label,
            line,
            "the page links its report as an attached file (a 附件 line naming a .pdf, .doc …) and holds almost nothing else; skipped. Download the attachment into the folder",
        ));
    }
    let c = candidates(&rec, &head, part, converted);
    let Some((year, year_source)) = c.year else {
        let what = c.title.as_deref().unwrap_or(part.stem);
        // A year field the reader could not read says so: the generic
        // message would claim there is none.
        let unread = [("year", &rec.year), ("date", &rec.date)]
            .into_iter()
            .filter_map(|(name, v)| {
                let v = v.as_deref()?.trim();
                (!v.is_empty()).then(|| format!("the {name} field holds {v:?}, not a year; "))
            })
            .collect::<String>();
        let fields = if unread.is_empty() {
            "no year/date field, ".to_string()
        } else {
            unread
        };
        // A resolution or a party congress report that comes without a
        // year is said to be one: a year would not make it a work report.
        if let Some(kind) = quality::other_kind(c.title.as_deref(), part.stem, &cleaned.text)
            .and_then(quality::Flag::other_kind)
        {
            return Err(Warning::new(
                WarningKind::NotAReport,
                &label,
                line,
                format!(
                    "{what:?} is {kind}, not a government work report, and has no year ({fields}no dateline, none in the title or file name); skipped"
                ),
            ));
        }
        return Err(Warning::new(WarningKind::NoYear, &label, line, {
            // A file name of several years (`2018-2019_山西`) is not
            // one of none.
            let named = metadata::years_in_file_name(part.stem);
            let where_not = if named.len() > 1 {
                let years: Vec<String> = named.iter().map(i32::to_string).collect();
                format!(
                    "none in the title or a folder named for a year, and the file name holds several, {}, so it gives none",
                    years.join(" and ")
                )
            } else {
                "none in the title, file name or a folder named for a year".to_string()
            };
            format!(
                "no year for {what:?} ({fields}no dateline, {where_not}); skipped. Add a year field or a year in the file name, or exclude the file in a corpus.toml"
            )
        }));
    };
    let dateline = head.dateline.as_ref();
    // The report year the text implies: its dateline's year (a report
    // delivered in November or December opens the next year), else the
    // title's.
    let text_year = dateline
        .and_then(head::Dateline::report_year)
        .or_else(|| c.title.as_deref().and_then(metadata::year_from_title));
    let mut notes: Vec<Warning> = script_note.into_iter().collect();
    // A file named for one year in a folder named for another
    // (`2019/2020.txt`): the file's name is used, and the clash said.
    if year_source == YearSource::FileName
        && let Some(folder_year) = metadata::folders_of(part.shown)
            .into_iter()
            .find_map(metadata::year_from_folder_name)
        && folder_year != year
    {
        notes.push(Warning::new(
            WarningKind::Metadata,
            &label,
            line,
            format!(
                "the file name says {year}, its folder {folder_year}; {year} is used (a file's name outranks its folder's): check the source"
            ),
        ));
    }
    if let Some((former, how)) = &c.renamed {
        let now = c.region.as_deref().unwrap_or_default();
        let why = match how {
            metadata::Renaming::Listed => {
                format!("{former} is now {now} (a renaming assets/gazetteer/renamed.tsv lists)")
            }
            metadata::Renaming::Suffix => format!(
                "{former} is in no gazetteer table; {now} is the one division of that name with another suffix (a renaming such as 撤县设区 or 撤地设市)"
            ),
        };
        notes.push(Warning::new(
            WarningKind::Metadata,
            &label,
            line,
            format!(
                "{why}: counted as {now}, so that its reports make one series; to keep {former}, set region = \"{former}\" under [metadata] in a corpus.toml beside it"
            ),
        ));
    }
    if let Some((said, source, known)) = &c.province_clash {
        let region = c.region.as_deref().unwrap_or_default();
        let used = if *source == "field" {
            said.as_str()
        } else {
            known
        };
        notes.push(Warning::new(
            WarningKind::Metadata,
            &label,
            line,
            format!(
                "the {source} says {said}, but {region} is in {known}; {used} is used: check the source"
            ),
        ));
    }
    // A year from outside the text (a field, corpus.toml, the file's or a
    // folder's name, the sheet's), which the text itself may contradict.
    let from_outside = matches!(
        year_source,
        YearSource::Field
            | YearSource::Config
            | YearSource::FileName
            | YearSource::Sheet
            | YearSource::Folder
    );
    if let Some(ty) = text_year
        && ty != year
        && from_outside
    {
        notes.push(Warning::new(
            WarningKind::Metadata,
            &label,
            line,
            format!(
                "the year is {year} ({}), but the text's own dateline or title says {ty}; check the source",
                year_source.as_str()
            ),
        ));
    }
    // With neither a dateline nor a title year, the review section's year
    // (`一、2023年工作回顾`: the report of 2024) tells a report filed under
    // another year.
    if text_year.is_none()
        && from_outside
        && let Some(ry) = quality::review_year(&cleaned.text)
        && ry != year
    {
        notes.push(Warning::new(
            WarningKind::Metadata,
            &label,
            line,
            format!(
                "the year is {year} ({}), but the text's review section looks back on {}, as the report of {ry} does; check the source",
                year_source.as_str(),
                ry - 1
            ),
        ));
    }
    // The title's year outranks the dateline's; where they differ, one of
    // them is wrong (a title a collection wrote, a line above the report
    // taken for its title) and the reader is told which was used.
    if year_source == YearSource::Title
        && let Some(dy) = dateline.and_then(head::Dateline::report_year)
        && dy != year
    {
        notes.push(Warning::new(
            WarningKind::Metadata,
            &label,
            line,
            format!(
                "the year is {year} (from the title {:?}), but the dateline under it says {dy}; the title's is used. Check the source; if the dateline is right, `year = {dy}` under [metadata] in a corpus.toml beside the file sets it",
                c.title.as_deref().unwrap_or("")
            ),
        ));
    }
    // The other way round: the text's own year (its dateline, title,
    // header or a date field) outranks a year in the sheet, file or folder
    // name; where they differ the relabelling is said, or a `2020.txt`
    // holding the 2021 report would silently become 2021 (and perhaps a
    // duplicate of the real 2021). The file's and folder's names speak for
    // a file of one report only (a `reports_2024.jsonl` export holds every
    // year); a sheet's name for each of its rows.
    if matches!(
        year_source,
        YearSource::Dateline | YearSource::Title | YearSource::Header | YearSource::Date
    ) {
        let one_report = rec.row.is_none() && rec.line.is_none();
        let named = rec
            .sheet
            .as_deref()
            .and_then(metadata::year_from_file_name)
            .map(|y| (y, "sheet name"))
            .or_else(|| {
                one_report
                    .then(|| metadata::year_from_file_name(part.stem))
                    .flatten()
                    .map(|y| (y, "file name"))
            })
            .or_else(|| {
                one_report
                    .then(|| {
                        metadata::folders_of(part.shown)
                            .into_iter()
                            .find_map(metadata::year_from_folder_name)
                    })
                    .flatten()
                    .map(|y| (y, "folder name"))
            });
        if let Some((named, what)) = named
            && named != year
        {
            let from = match year_source {
                YearSource::Dateline => "the text's dateline",
                YearSource::Title => "the title",
                YearSource::Header => "the text's key-value header",
                _ => "the date field",
            };
            notes.push(Warning::new(
                WarningKind::Metadata,
                &label,
                line,
                format!(
                    "the year is {year} (from {from}), but the {what} says {named}; {from} is taken: check the source, or set the year in a corpus.toml"
                ),
            ));
        }
    }
    // A region field against the dateline's place: a report filed under
    // the wrong region (or a place renamed since) is worth a look.
    let set_by = if part.file.config.config.metadata.region.is_some() {
        Some("corpus.toml")
    } else {
        rec.region.as_ref().map(|_| "field")
    };
    // A national report (its dateline or its opening says so) in a row of
    // a region is the source's error more often than not.
    let said_national = head.national
        || dateline.and_then(|d| d.region.as_deref()) == Some(metadata::NATIONAL_REGION);
    if let Some(set_by) = set_by
        && let Some(region) = c.region.as_deref()
        && said_national
        && metadata::level_of_region(region) != Some(Level::National)
    {
        notes.push(Warning::new(
            WarningKind::Metadata,
            &label,
            line,
            format!(
                "the region is {region} ({set_by}), but the text is a national report (its dateline or opening names the State Council or the National People's Congress); check the source (the wrong report in this row?)"
            ),
        ));
    } else if let Some(set_by) = set_by
        && let (Some(region), Some(said)) = (
            c.region.as_deref(),
            dateline.and_then(|d| d.region.as_deref()),
        )
        && said != metadata::NATIONAL_REGION
        && !same_place(region, said)
    {
        notes.push(Warning::new(
            WarningKind::Metadata,
            &label,
            line,
            format!(
                "the region is {region} ({set_by}), but the text's own dateline says {said}; check the source (the wrong report in this row, or a place renamed since)"
            ),
        ));
    }
    // A document with no region is kept (a year is enough for `--by
    // year`), but grouped by region it falls under [`UNKNOWN_REGION`]: say so
    // rather than let a series split without a word.
    // A district's name several cities' districts share, with nothing to
    // say which: kept as written, without a province, and said.
    if let (Some(region), None) = (c.region.as_deref(), c.province.as_deref()) {
        let sharing = metadata::divisions_sharing(region);
        if sharing.len() > 1 {
            let cities: Vec<&str> = sharing
                .iter()
                .map(|(province, city)| if city.is_empty() { *province } else { *city })
                .collect();
            notes.push(Warning::new(
                WarningKind::Metadata,
                &label,
                line,
                format!(
                    "{region} is the name of districts in {} places ({}); nothing says which, so it has no province and stays apart from them. Put the file in a folder named for its city ({}/{region}/…), or set region = \"…\" under [metadata] in a corpus.toml",
                    cities.len(),
                    cities.join(", "),
                    cities[0]
                ),
            ));
        }
    }
    if c.region.is_none() {
        let what = c.title.as_deref().unwrap_or(part.stem);
        notes.push(Warning::new(
            WarningKind::Metadata,
            &label,
            line,
            format!(
                "no region for {what:?} (no region field, and none in the title, file name, dateline, speaker line, opening or folder names); kept, under {UNKNOWN_REGION} when grouped by region. Name the file or its folder for the region (e.g. 海拉尔区2016.txt), or set region = \"…\" under [metadata] in a corpus.toml beside it"
            ),
        ));
    }
    // Counted with the script unless the text changed since.
    let (han_chars, chars_clean) = if !converted && head.kv_len == 0 {
        (counted.han, counted.chars)
    } else {
        // The script counter's table lookup (tested equal to count_han).
        let c = convert::count_script(&cleaned.text);
        (c.han, c.chars)
    };
    let (removed_by, chars_removed, chars_added) =
        cleaning_account(cleaned.removed_by, cleaned.chars_before, chars_clean);
    let mut doc = Document {
        doc_id: String::new(),
        source_path: part.shown.to_string(),
        source_line: line,
        source_row: rec.row,
        sheet: rec.sheet.clone(),
        format: part.format,
        encoding,
        // Without a title of its own, a file name that names the report
        // (白山市2019年政府工作报告.txt) is the title; it gave the year and
        // region above already, as a file name does.
        title: c
            .title
            .or_else(|| title_from_file_name(part.stem, converted)),
        year,
        year_source,
        date: c.date.map(|(d, _)| d),
        date_source: c.date.map(|(_, s)| s),
        region: c.region,
        province: c.province,
        level: c.level,
        session: dateline.and_then(|d| d.session.clone()),
        text_year,
        review_year: quality::review_year(&cleaned.text),
        conversion: rec.conversion,
        flags: vec![],
        removed_by,
        chars_raw: cleaned.chars_before,
        chars_clean,
        chars_removed,
        chars_added,
        han_chars,
        sha256: hex::encode(Sha256::digest(cleaned.text.as_bytes())),
        script,
        converted,
        text: cleaned.text,
    };
    doc.flags = quality::flags(&doc, part.stem);
    if cut_at_cell_limit {
        doc.flags.push(quality::Flag::Truncated);
        doc.flags.sort_unstable();
        doc.flags.dedup();
        notes.push(Warning::new(
            WarningKind::Other,
            &label,
            line,
            "the text is exactly 32,767 characters long, the most an Excel cell holds: the spreadsheet it came through probably cut it off (flagged truncated); take the text from the original report",
        ));
    }
    Ok((doc, notes))
}

/// The city whose name a province shares (吉林: 吉林省 and 吉林市), for a
/// report whose opening speaks for a city's government
/// (`我代表市人民政府`, which a province's never says) but whose region
/// came out as the province from a short name (`吉林.txt`, a folder
/// `吉林/`). `None` for any other region or kind.
fn city_sharing_a_province_name(region: &str, kind: Level) -> Option<String> {
    if kind != Level::City || metadata::level_of_region(region) != Some(Level::Province) {
        return None;
    }
    let short = ["省", "自治区"]
        .iter()
        .find_map(|s| region.strip_suffix(s))?;
    let city = format!("{short}市");
    (metadata::province_of_division(&city) == Some(region)).then_some(city)
}

/// Han characters, below the first line, under which a page whose
/// attachment link was dropped holds no report of its own.
const ATTACHMENT_PAGE_HAN: usize = 50;

/// The most characters an Excel cell holds: a longer report saved through
/// Excel is cut at this length, without a word.
const EXCEL_CELL_CHARS: usize = 32_767;

/// Whether a record's text field (a table's cell or a JSON value, as
/// stored) is exactly [`EXCEL_CELL_CHARS`] long: almost surely cut by
/// Excel on its way into the table (`pandas.read_excel` and CSV or JSON
/// exports of a workbook carry the cut along).
fn at_cell_limit(rec: &RawRecord, format: Format) -> bool {
    let fields = matches!(
        format,
        Format::Csv
            | Format::Xlsx
            | Format::Xls
            | Format::Ods
            | Format::Parquet
            | Format::Jsonl
            | Format::Json
    );
    let n = rec.text.len();
    fields
        && rec.conversion == Conversion::None
        && (EXCEL_CELL_CHARS..=4 * EXCEL_CELL_CHARS).contains(&n)
        && rec.text.chars().count() == EXCEL_CELL_CHARS
}

/// Detect the script of a cleaned `text` and convert it to simplified
/// characters when `mode` says so. Returns the script, whether the text was
/// converted, and a warning for a converted document (or a traditional one
/// left as it is): `(script, converted, warning)`. `count`: the text's
/// script counts, as the cleaning took them.
fn convert_script(
    text: &mut String,
    count: convert::ScriptCount,
    mode: convert::T2sMode,
    shown: &str,
    line: Option<u64>,
) -> (convert::Script, bool, Option<Warning>) {
    use convert::{Script, T2sMode};
    let script = count.script();
    let share = count.traditional_share().unwrap_or(0.0) * 100.0;
    let what = format!(
        "written in {} characters ({} of {} script-specific characters traditional-only, {share:.0} %)",
        script.as_str(),
        count.traditional,
        count.traditional + count.simplified
    );
    if !mode.converts(script) {
        let note = (script != Script::Simplified && script != Script::None).then(|| {
            Warning::new(
                WarningKind::Script,
                shown,
                line,
                format!(
                    "{what}; not converted (--t2s {}), so simplified terms may miss it. Drop --t2s never to convert it",
                    mode.as_str()
                ),
            )
        });
        return (script, false, note);
    }
    let Ok(out) = convert::to_simplified(text) else {
        let w = Warning::new(
            WarningKind::Script,
            shown,
            line,
            format!("{what}; the OpenCC t2s tables could not be loaded, so it was not converted"),
        );
        return (script, false, Some(w));
    };
    let changed = out != *text;
    *text = out;
    let note = (changed || matches!(script, Script::Traditional | Script::Mixed)).then(|| {
        let how = if mode == T2sMode::Auto {
            "--t2s never keeps the original"
        } else {
            "--t2s always"
        };
        Warning::new(
            WarningKind::Script,
            shown,
            line,
            format!("{what}; converted to simplified characters (OpenCC t2s; {how})"),
        )
    });
    (script, true, note)
}

/// A file name (without its extension) that names a work report, as a
/// title: NFKC, at most 60 characters, holding 工作报告 (`2019年白山市政府工作报告`,
/// not `2019` or `report_17`); converted to simplified characters with the
/// document.
fn title_from_file_name(stem: &str, converted: bool) -> Option<String> {
    let t = clean::nfkc(stem).trim().to_string();
    if !t.contains("工作报告") || t.chars().count() > 60 {
        return None;
    }
    Some(if converted {
        convert::to_simplified(&t).unwrap_or(t)
    } else {
        t
    })
}

/// Resolve title, year, date, region, level and province from the fixed
/// metadata of `corpus.toml`, the record's fields, the text's head, the
/// title and the file name, in that order of strength.
fn candidates(rec: &RawRecord, head: &head::Head, part: &Part<'_>, converted: bool) -> Candidates {
    let fixed = &part.file.config.config.metadata;
    let convert = |t: String| {
        if converted {
            convert::to_simplified(&t).unwrap_or(t)
        } else {
            t
        }
    };
    let clean_title = |t: &str| {
        let t = clean::nfkc(t).trim().to_string();
        (!t.is_empty() && !t.starts_with('<')).then_some(t)
    };
    let strong_title = rec
        .title
        .as_deref()
        .and_then(clean_title)
        .map(convert)
        .or_else(|| head.title.clone());
    // A title from the document's properties or a page's `<title>` only
    // when the record and its text have none; a document property's year
    // (Word's, a PDF's: often a template's or the first draft's) ranks
    // below the dateline's and the file name's.
    let prop_title =
        strong_title.is_none() && matches!(rec.conversion, Conversion::Office | Conversion::Pdf);
    let title =
        strong_title.or_else(|| rec.prop_title.as_deref().and_then(clean_title).map(convert));
    let title_str = title.as_deref().unwrap_or("");
    let kv = head.kv.as_ref();
    let dateline = head.dateline.as_ref();
    let field_date = rec
        .date
        .as_deref()
        .and_then(|d| head::parse_any_date(d).or_else(|| metadata::numeric_date(d)));
    let kv_date = kv.and_then(|k| k.date.as_deref());
    let title_date = head::parse_any_date(title_str);
    // The year of a publication date (a `publish_date` field, a header's
    // `发布时间`) yields to the dateline's where they differ: an archive
    // page put online years later, or a December delivery published in
    // the old year.
    let dateline_year = dateline
        .and_then(head::Dateline::report_year)
        .map(|y| (y, YearSource::Dateline));
    let behind_dateline_year = |published: bool, year: (i32, YearSource)| match dateline_year {
        Some(d) if published && d.0 != year.0 => d,
        _ => year,
    };
    let title_year = title_date
        .map(|d| (d.year, YearSource::Title))
        .or_else(|| metadata::year_from_title(title_str).map(|y| (y, YearSource::Title)));
    let year = fixed
        .year
        .map(|y| (y, YearSource::Config))
        .or_else(|| {
            rec.year
                .as_deref()
                .and_then(parse_year_field)
                .map(|y| (y, YearSource::Field))
        })
        .or_else(|| {
            rec.date
                .as_deref()
                .and_then(|d| {
                    head::year_of(d).or_else(|| metadata::numeric_date(d).map(|x| x.year))
                })
                .map(|y| behind_dateline_year(rec.date_published, (y, YearSource::Date)))
        })
        .or_else(|| {
            kv_date.and_then(head::year_of).map(|y| {
                behind_dateline_year(
                    kv.is_some_and(|k| k.date_published),
                    (y, YearSource::Header),
                )
            })
        })
        .or_else(|| title_year.filter(|_| !prop_title))
        .or(dateline_year)
        .or_else(|| {
            rec.sheet
                .as_deref()
                .and_then(metadata::year_from_file_name)
                .map(|y| (y, YearSource::Sheet))
        })
        .or_else(|| metadata::year_from_file_name(part.stem).map(|y| (y, YearSource::FileName)))
        // A national report named only by its session (`十四届全国人大一次
        // 会议政府工作报告`).
        .or_else(|| {
            metadata::year_from_npc_session(title_str)
                .map(|y| (y, YearSource::Title))
                .or_else(|| {
                    metadata::year_from_npc_session(part.stem).map(|y| (y, YearSource::FileName))
                })
        })
        .or_else(|| title_year.filter(|_| prop_title))
        .or_else(|| {
            metadata::folders_of(part.shown)
                .into_iter()
                .find_map(metadata::year_from_folder_name)
                .map(|y| (y, YearSource::Folder))
        })
        .or_else(|| head.signed.map(|d| (d.year, YearSource::Signature)))
        .or_else(|| head.published.map(|d| (d.year, YearSource::Published)));
    // The weaker dates count only in the year found.
    let of_year = |d: &Date| year.is_some_and(|(y, _)| y == d.year);
    let prop_date = rec
        .prop_date
        .as_deref()
        .and_then(parse_date)
        .filter(of_year);
    let name_date = metadata::date_from_file_name(part.stem).filter(of_year);
    // A date field named for the publication (`publish_date`, 发布时间)
    // holds when the page went online, days or weeks after the report was
    // delivered: the text's own dateline outranks it.
    // So does a key–value header's `发布时间`.
    // A dateline without a day still rules out a publication date of
    // another year.
    let dateline_date = dateline
        .and_then(|d| d.date)
        .map(|d| (d, DateSource::Dateline));
    let behind_dateline = |published: bool, date: Option<(Date, DateSource)>| {
        if published {
            dateline_date.or(date.filter(|(p, _)| {
                dateline
                    .and_then(|d| d.year)
                    .is_none_or(|year| year == p.year)
            }))
        } else {
            date
        }
    };
    let field_date = behind_dateline(
        rec.date_published,
        field_date.map(|d| (d, DateSource::Field)),
    );
    let header_date = behind_dateline(
        kv.is_some_and(|k| k.date_published),
        kv_date
            .and_then(head::parse_any_date)
            .map(|d| (d, DateSource::Header)),
    );
    let date = field_date
        .or(header_date)
        .or(dateline_date)
        .or(title_date.map(|d| (d, DateSource::Title)))
        .or(prop_date.map(|d| (d, DateSource::Properties)))
        .or(name_date.map(|d| (d, DateSource::FileName)))
        .or(head
            .signed
            .filter(of_year)
            .map(|d| (d, DateSource::Signature)))
        .or(head
            .published
            .filter(of_year)
            .map(|d| (d, DateSource::Published)));
    let from_title = region_from_title(title_str);
    let national = from_title.national
        || head.national
        || dateline.and_then(|d| d.region.as_deref()) == Some(metadata::NATIONAL_REGION)
        || part.stem.contains("国务院")
        || kv
            .and_then(|k| k.issuer.as_deref())
            .is_some_and(|i| i.contains("国务院"));
    let issuer_region = kv
        .and_then(|k| k.issuer.as_deref())
        .map(|i| i.trim_end_matches("人民政府").trim_end_matches("政府"))
        .filter(|r| metadata::level_of_region(r).is_some())
        .or_else(|| {
            kv.and_then(|k| k.region.as_deref())
                .filter(|r| metadata::level_of_region(r).is_some())
        })
        .map(str::to_string);
    let region = fixed
        .region
        .clone()
        .or(rec.region.clone().map(full_region_name))
        .or(national.then(|| metadata::NATIONAL_REGION.to_string()))
        .or(from_title.region.clone().map(full_city_name))
        .or_else(|| dateline.and_then(|d| d.region.clone()))
        .or(issuer_region)
        .or_else(|| region_from_title(part.stem).region.map(full_city_name))
        .or_else(|| metadata::region_from_file_name(part.stem))
        .or_else(|| {
            let cities: Vec<String> = metadata::folders_of(part.shown)
                .into_iter()
                .filter_map(metadata::region_from_folder_name)
                .filter(|f| metadata::level_of_region(f) == Some(Level::City))
                .collect();
            metadata::shared_county_in_name(part.stem, &cities)
        })
        .or_else(|| head.speaker_region.clone())
        .or_else(|| head.opening_region.clone())
        // A province's own row in a table of its cities and counties (the
        // city and county cells blank).
        .or_else(|| rec.province.clone().map(full_region_name))
        .or_else(|| {
            metadata::folders_of(part.shown)
                .into_iter()
                .find_map(metadata::region_from_folder_name)
        });
    // A short name (`惠州2023.txt`, a `地区` cell `惠州`) that the opening
    // names in full (`我代表惠州市人民政府`) takes the full name.
    let region = match (region, &head.opening_region) {
        (Some(r), Some(full)) if fixed.region.is_none() && metadata::completes(&r, full) => {
            Some(full.clone())
        }
        (r, _) => r,
    };
    // So does a district's name (`鼓楼区人民政府工作报告`) that the dateline
    // gives with its city (`在福建省福州市鼓楼区…`): 鼓楼区 is in six cities.
    let region = match (region, dateline.and_then(|d| d.region.as_deref())) {
        (Some(r), Some(full))
            if fixed.region.is_none()
                && metadata::completes(&r, full)
                && metadata::level_of_region(&r) == Some(Level::County) =>
        {
            Some(full.to_string())
        }
        (r, _) => r,
    };
    // A district's name several divisions share (和平区: 天津市's and
    // 沈阳市's) takes the city a folder names, or the one in the province a
    // folder or field names: `沈阳市/和平区.txt` is 沈阳市和平区, and
    // `天津市/和平区.txt` stays 和平区, of 天津市.
    let hints: Vec<String> = (rec.parent_region.iter())
        .map(|p| full_region_name(p.clone()))
        .chain(
            metadata::folders_of(part.shown)
                .into_iter()
                .filter_map(metadata::region_from_folder_name),
        )
        .chain(rec.province.iter().map(|p| full_region_name(p.clone())))
        .chain(from_title.province.clone())
        .collect();
    // A county's short name in a table's county column that several
    // cities' districts share (南山 beside the city 深圳): the one of the
    // city given.
    let region = match region {
        Some(r) if fixed.region.is_none() && metadata::level_of_region(&r).is_none() => {
            Some(metadata::shared_county_in_name(&r, &hints).unwrap_or(r))
        }
        r => r,
    };
    let (region, shared_province) = match region {
        Some(r) if fixed.region.is_none() => match qualified_shared_county(&r, &hints)
            .or_else(|| county_of_another_city(&r, &hints))
            .or_else(|| town_in_county(&r, &hints))
        {
            Some((name, province)) => (Some(name), province),
            None => (Some(r), None),
        },
        r => (r, None),
    };
    // A city's short name that a county shares (`长沙/`: 长沙市 or 长沙县)
    // is settled by the opening when it speaks for a kind of government
    // (`我代表市人民政府`: the city).
    let region = match (region, head.opening_level) {
        (Some(r), Some(kind)) if fixed.region.is_none() => {
            let settled = metadata::short_name_candidates(&r).and_then(|names| {
                let mut of_kind = names
                    .into_iter()
                    .filter(|n| metadata::level_of_region(n) == Some(kind));
                match (of_kind.next(), of_kind.next()) {
                    (Some(one), None) => Some(one.to_string()),
                    _ => None,
                }
            });
            Some(
                settled
                    .or_else(|| city_sharing_a_province_name(&r, kind))
                    .unwrap_or(r),
            )
        }
        (r, _) => r,
    };
    // `湖南省长沙市`: the region is 长沙市, in the province 湖南省 (a region
    // set in corpus.toml stays as written).
    let split = region
        .as_deref()
        .filter(|_| fixed.region.is_none())
        .and_then(metadata::split_province);
    let (region, region_province) = match split {
        Some((province, within)) => (Some(within.to_string()), Some(province.to_string())),
        None => (region, None),
    };
    // A division's former name (襄樊市, 临安市, 铜仁地区) is counted under
    // the one it bears now, so that its series does not split at the
    // renaming (a region set in corpus.toml stays as written).
    let (region, renamed) = match region {
        Some(r) if fixed.region.is_none() => match metadata::current_name(&r) {
            Some((now, how)) => (Some(now), Some((r, how))),
            None => (Some(r), None),
        },
        r => (r, None),
    };
    let level = fixed
        .level
        .as_deref()
        .and_then(Level::parse)
        .or_else(|| rec.level.as_deref().and_then(Level::parse))
        .or(national.then_some(Level::National))
        .or_else(|| region.as_deref().and_then(metadata::level_of_region));
    // The province of a city or county the gazetteer knows (深圳市 →
    // 广东省, 海拉尔区 → 内蒙古自治区).
    let known = region.as_deref().and_then(|r| {
        metadata::province_of_city(r)
            .or_else(|| metadata::province_of_county(r))
            .or_else(|| metadata::province_of_division(r))
    });
    // A city's or county's file in a folder named for a province
    // (`河南/2023年郑州.txt`).
    let folder_province = matches!(level, Some(Level::City | Level::County))
        .then(|| {
            metadata::folders_of(part.shown)
                .into_iter()
                .filter_map(metadata::region_from_folder_name)
                .find(|r| metadata::level_of_region(r) == Some(Level::Province))
        })
        .flatten();
    // A folder or a field that puts a city or county in another province
    // than the gazetteer's: the gazetteer's is used for a folder (a file
    // filed in the wrong folder, or a dateline naming another place than
    // the folder), the field's kept; both are said.
    // A province written short (`广东`) in full, so that one province is
    // one name.
    let field_province = (fixed.province.clone().or(rec.province.clone())).map(|p| {
        metadata::province_full_name(p.trim())
            .map(str::to_string)
            .unwrap_or(p)
    });
    let province_clash = known.and_then(|k| {
        let differs = |p: &String| {
            let p = full_region_name(p.clone());
            metadata::level_of_region(&p) == Some(Level::Province) && p != k
        };
        match (&field_province, &folder_province) {
            (Some(f), _) if differs(f) => Some((f.clone(), "field", k)),
            (None, Some(f)) if differs(f) => Some((f.clone(), "folder", k)),
            _ => None,
        }
    });
    let province = field_province
        .or(shared_province.map(str::to_string))
        .or(from_title.province.clone())
        .or(region_province)
        .or_else(|| {
            (level == Some(Level::Province))
                .then(|| region.clone())
                .flatten()
        })
        .or(known.map(str::to_string))
        .or(folder_province);
    Candidates {
        title,
        year,
        date,
        region,
        level,
        province,
        province_clash,
        renamed,
    }
}

/// A county or district in the folder of a city other than the one the
/// gazetteer puts it in (`深圳市/龙华区/`: the gazetteer knows 海口市's
/// 龙华区, older than 深圳市's): named with the folder's city
/// (深圳市龙华区), in that city's province. `None` when the first city
/// among `hints` is its own or no hint names a city.
fn county_of_another_city(
    region: &str,
    hints: &[String],
) -> Option<(String, Option<&'static str>)> {
    if metadata::level_of_region(region) != Some(Level::County) {
        return None;
    }
    let own = metadata::prefecture_of_county(region)?;
    let city = hints
        .iter()
        .find(|h| metadata::level_of_region(h) == Some(Level::City))?;
    let province = metadata::province_of_city(city)?;
    (city != own && !region.starts_with(city.as_str()))
        .then(|| (format!("{city}{region}"), Some(province)))
}

/// A town's report (湖寮镇) in its county's folder (`大埔县/`): named with
/// its county (大埔县湖寮镇), as towns' names repeat across the country,
/// in the county's province where the gazetteer knows it.
fn town_in_county(region: &str, hints: &[String]) -> Option<(String, Option<&'static str>)> {
    if metadata::level_of_region(region) != Some(Level::Town) {
        return None;
    }
    let county = hints
        .iter()
        .find(|h| metadata::level_of_region(h) == Some(Level::County))?;
    let province =
        metadata::province_of_county(county).or_else(|| metadata::province_of_division(county));
    (!region.starts_with(county.as_str())).then(|| (format!("{county}{region}"), province))
}

/// A county-level name several divisions share
/// ([`metadata::divisions_sharing`]) with the city or province that one of
/// `hints` (folder names, nearest first, then a province field's or the
/// title's) names: the name to use (沈阳市和平区; a municipality's
/// district keeps its name, 和平区) and its province. `None` when the
/// name is no such name or no hint settles which it is.
fn qualified_shared_county(
    region: &str,
    hints: &[String],
) -> Option<(String, Option<&'static str>)> {
    let sharing = metadata::divisions_sharing(region);
    if sharing.len() < 2 {
        return None;
    }
    let named = |province: &'static str, prefecture: &str| {
        let name = if prefecture.is_empty() {
            region.to_string()
        } else {
            format!("{prefecture}{region}")
        };
        (name, Some(province))
    };
    hints.iter().find_map(|hint| {
        if let Some(&(province, prefecture)) = sharing
            .iter()
            .find(|(_, prefecture)| !prefecture.is_empty() && prefecture == hint)
        {
            return Some(named(province, prefecture));
        }
        let mut in_province = sharing.iter().filter(|(province, _)| province == hint);
        match (in_province.next(), in_province.next()) {
            (Some(&(province, prefecture)), None) => Some(named(province, prefecture)),
            _ => None,
        }
    })
}

/// Whether two names of a region name one place: the same name, one the
/// other written short (`惠州` / 惠州市), or one the other within its
/// province (`湖南省长沙市` / 长沙市).
fn same_place(a: &str, b: &str) -> bool {
    fn within(n: &str) -> &str {
        metadata::split_province(n).map_or(n, |(_, r)| r)
    }
    let (a, b) = (within(a), within(b));
    a == b || metadata::completes(a, b) || metadata::completes(b, a)
}

/// A city's or county's short name as a title or a title-like file name
/// writes it (`泰州2012年政府工作报告`, `海拉尔2012年…`) in full (泰州市,
/// 海拉尔区), as a file or folder name's is
/// ([`metadata::city_from_short_name`], [`metadata::county_from_short_name`]);
/// anything else as it is.
fn full_city_name(region: String) -> String {
    let full = metadata::city_from_short_name(&region)
        .or_else(|| metadata::county_from_short_name(&region))
        .map(str::to_string);
    full.unwrap_or(region)
}

/// A region field's value written short (`北京`, `内蒙古`, `成都`,
/// `海拉尔`) in full (北京市, 内蒙古自治区, 成都市, 海拉尔区), as a folder
/// name's is ([`metadata::region_from_folder_name`]), so that a table of
/// short names gives the regions, levels and provinces a folder of them
/// gives; anything else (a full name, a name the gazetteer does not know,
/// a short name several places share) as it is.
fn full_region_name(region: String) -> String {
    // Spaces typed to align a name in its column (`温 州 市`, `丽　水`) are
    // no part of it.
    let region = if region
        .chars()
        .filter(|c| !c.is_whitespace())
        .all(metadata::is_han)
    {
        region.chars().filter(|c| !c.is_whitespace()).collect()
    } else {
        region.trim().to_string()
    };
    match metadata::province_full_name(&region) {
        Some(full) => full.to_string(),
        None => full_city_name(region),
    }
}

/// A region written with its province before it (`江苏省南京市江宁区`, as
/// some datelines and fields name it) without it: the province is its own
/// column, and the same place named without it must be the same region.
fn drop_province_prefixes(docs: &mut [Document]) {
    for d in docs {
        let Some((rest, province)) = d.region.as_deref().and_then(metadata::without_province)
        else {
            continue;
        };
        let rest = rest.to_string();
        d.province.get_or_insert_with(|| province.to_string());
        d.region = Some(rest);
    }
}

/// A region still written as a city's short name that a county or
/// district shares (`长沙/` with nothing in the corpus naming 长沙市 or
/// 长沙县): one warning per name, saying what it may be and how to say
/// which.
fn warn_ambiguous_short_regions(docs: &[Document], warnings: &mut Vec<Warning>) {
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for d in docs {
        if let Some(r) = d.region.as_deref()
            && metadata::short_name_candidates(r).is_some()
        {
            *count.entry(r).or_default() += 1;
        }
    }
    for (short, n) in count {
        let Some(names) = metadata::short_name_candidates(short) else {
            continue;
        };
        warnings.push(Warning::new(
            WarningKind::Metadata,
            "",
            None,
            format!(
                "region {short} ({n} document(s)) may be {}: kept as written; to say which, put a corpus.toml with `[metadata]` `region = \"{}\"` in its folder",
                names.join(" or "),
                names[0]
            ),
        ));
    }
}

/// One region, one name: a region some documents got in short (a folder
/// `广州`, a file `惠州2023.txt`) that others name in full (广州市, from a
/// title) takes the full name, and the level that name implies when the
/// level came from the name, so that `--by region` and the duplicate check
/// see one region. Only when exactly one full name completes the short one
/// (`通州` beside both 通州区 and 通州市 stays). A warning per short name
/// says what was read as what.
fn unify_short_regions(docs: &mut [Document], warnings: &mut Vec<Warning>) {
    let names: BTreeSet<&str> = docs.iter().filter_map(|d| d.region.as_deref()).collect();
    // The provinces each name's documents give: 朝阳区 in 北京市 is not
    // 长春市朝阳区 (吉林省).
    let mut provinces: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for d in docs.iter() {
        if let (Some(r), Some(p)) = (d.region.as_deref(), d.province.as_deref()) {
            provinces.entry(r).or_default().insert(p);
        }
    }
    let same_province = |short: &str, full: &str| match (provinces.get(short), provinces.get(full))
    {
        (Some(a), Some(b)) => a.is_subset(b),
        _ => true,
    };
    let mut full_of: BTreeMap<String, String> = BTreeMap::new();
    for &short in &names {
        let mut fulls = names
            .iter()
            .filter(|&&full| metadata::completes(short, full) && same_province(short, full));
        if let (Some(&full), None) = (fulls.next(), fulls.next()) {
            full_of.insert(short.to_string(), full.to_string());
        }
    }
    if full_of.is_empty() {
        return;
    }
    let mut changed: BTreeMap<&str, usize> = BTreeMap::new();
    for d in docs.iter_mut() {
        let Some(full) = d.region.as_deref().and_then(|r| full_of.get(r)) else {
            continue;
        };
        let short = d.region.replace(full.clone()).unwrap_or_default();
        if d.level == metadata::level_of_region(&short) {
            d.level = metadata::level_of_region(full).or(d.level);
        }
        if d.province.is_none() {
            d.province = metadata::province_of_city(full).map(str::to_string);
        }
        *changed
            .entry(
                full_of
                    .get_key_value(&short)
                    .map_or("", |(k, _)| k.as_str()),
            )
            .or_default() += 1;
    }
    for (short, n) in changed {
        warnings.push(Warning::new(
            WarningKind::Metadata,
            "",
            None,
            format!(
                "region {short} ({n} document(s)) read as {}, the name other documents give it",
                full_of[short]
            ),
        ));
    }
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

#[cfg(test)]
mod tests {
    use super::cleaning_account;

    #[test]
    fn the_cleaning_account_balances() {
        let rules = || {
            vec![
                ("vendor-watermark".to_string(), 12),
                ("whitespace".into(), 3),
            ]
        };
        // 100 characters, 15 removed by rules, 2 added by NFKC: 87 left.
        let (by, removed, added) = cleaning_account(rules(), 100, 87);
        assert_eq!((by.len(), removed, added), (2, 15, 2));
        // 80 left: 5 removed that no rule names, entered as `other`.
        let (by, removed, added) = cleaning_account(rules(), 100, 80);
        assert_eq!((removed, added), (20, 0));
        assert_eq!(by.last(), Some(&("other".to_string(), 5)));
        assert_eq!(100 - removed + added, 80);
    }
}
