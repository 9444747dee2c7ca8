//! Reading the supported file formats into raw records.
//!
//! One document per file: `.txt`, `.md`, `.html` (and `.htm`, `.shtml`,
//! `.xhtml`; `.mht` and `.mhtml` web archives), `.docx`, `.doc`, `.odt`,
//! `.pdf`. One document per line or row:
//! `.jsonl`, `.csv`, and every sheet of `.xlsx`, `.xls`, `.ods`; one per
//! object of a `.json` file's array. `.zip`
//! archives are walked like folders by the loader ([`archive`]).
//!
//! The extension says what a file should be; its content decides what it is
//! ([`Format::sniff`]): HTML saved as `.txt` is read as HTML, a zip named
//! `.xlsx` that holds a Word document is read as `.docx`. A text field or
//! body that is really markup (a scraped `<div>…</div>` fragment, a Python
//! list repr of one) goes through the same HTML conversion ([`html`]) and
//! is flagged.

pub mod archive;
pub mod doc;
pub mod fields;
pub mod front_matter;
pub mod html;
pub mod jsonl;
pub mod markdown;
pub mod mhtml;
pub mod office;
pub mod parquet;
pub mod pdf;
pub mod sheet;
pub mod table;

use std::path::Path;

use super::config::{FolderConfig, Rows};
use super::decode::{self, Decoded};
use crate::error::{Warning, WarningKind};
pub use fields::FieldMap;

/// A supported input format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain text, one document.
    Txt,
    /// Markdown, one document.
    Md,
    /// JSON Lines, one document per line.
    Jsonl,
    /// JSON: an array of objects (or an object holding one), one document
    /// per object.
    Json,
    /// CSV with a header, one document per row (also `.tsv`; the separator
    /// is the header line's: comma, tab, semicolon or bar).
    Csv,
    /// A web page, one document.
    Html,
    /// A web page saved as one file (`.mht`, `.mhtml`): its HTML part is
    /// read like a page.
    Mhtml,
    /// Office Open XML word-processor file, one document.
    Docx,
    /// Word 97–2003 document (`.doc`; `.wps` files that are Word
    /// documents), one document.
    Doc,
    /// OpenDocument text, one document.
    Odt,
    /// PDF with a text layer, one document.
    Pdf,
    /// Excel workbook (Office Open XML): one document per row of each sheet.
    Xlsx,
    /// Excel 97–2003 workbook: one document per row of each sheet.
    Xls,
    /// OpenDocument spreadsheet: one document per row of each sheet.
    Ods,
    /// Parquet table (pandas, polars, R arrow): one document per row.
    Parquet,
    /// A zip archive of report files, walked like a folder.
    Zip,
}

impl Format {
    /// The format a path's extension names (case-insensitive).
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "txt" | "text" => Format::Txt,
            "md" | "markdown" => Format::Md,
            "jsonl" | "ndjson" => Format::Jsonl,
            "json" => Format::Json,
            "csv" | "tsv" => Format::Csv,
            "html" | "htm" | "shtml" | "xhtml" => Format::Html,
            "mht" | "mhtml" => Format::Mhtml,
            "docx" => Format::Docx,
            "doc" | "wps" => Format::Doc,
            "odt" => Format::Odt,
            "pdf" => Format::Pdf,
            "xlsx" | "xlsm" => Format::Xlsx,
            "xls" => Format::Xls,
            "ods" => Format::Ods,
            "parquet" | "pq" => Format::Parquet,
            "zip" => Format::Zip,
            _ => return None,
        })
    }

    /// Lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Txt => "txt",
            Format::Md => "md",
            Format::Jsonl => "jsonl",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Html => "html",
            Format::Mhtml => "mhtml",
            Format::Docx => "docx",
            Format::Doc => "doc",
            Format::Odt => "odt",
            Format::Pdf => "pdf",
            Format::Xlsx => "xlsx",
            Format::Xls => "xls",
            Format::Ods => "ods",
            Format::Parquet => "parquet",
            Format::Zip => "zip",
        }
    }

    /// Whether files of this format are text to decode (as opposed to a
    /// binary container).
    pub fn is_text(self) -> bool {
        matches!(
            self,
            Format::Txt | Format::Md | Format::Jsonl | Format::Json | Format::Csv | Format::Html
        )
    }

    /// What the content of a file says it is, when that overrides the
    /// extension's `claimed` format: a PDF, a zip container (Word, Excel,
    /// OpenDocument, or an archive), an Excel 97 workbook, a text file
    /// that is a whole HTML page, or a "workbook" that is an HTML table or
    /// delimited text. `None`: read as `claimed`.
    pub fn sniff(bytes: &[u8], claimed: Format) -> Option<Format> {
        let head = &bytes[..bytes.len().min(1024)];
        let pdf_later = !claimed.is_text() && memchr::memmem::find(head, b"%PDF-").is_some();
        if head.starts_with(b"%PDF-") || pdf_later {
            return Some(Format::Pdf);
        }
        if bytes.len() >= 12 && bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1") {
            return Some(Format::Parquet);
        }
        if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
            return Some(zip_kind(bytes, claimed));
        }
        if bytes.starts_with(&OLE_MAGIC) {
            return match ole_kind(bytes) {
                OleKind::Workbook => Some(Format::Xls),
                OleKind::Word => Some(Format::Doc),
                // Unknown compound files: the extension decides.
                OleKind::Other => None,
            };
        }
        // Sites' "download as Word" often serve a web page, or a web archive,
        // named `.doc`.
        if matches!(claimed, Format::Txt | Format::Md | Format::Doc) && looks_like_html_page(head) {
            return Some(Format::Html);
        }
        // Sites' and data portals' "Excel" downloads are often an HTML table
        // or tab-separated text named `.xls`: read as a page (whose table of
        // reports is read as a table) or as a CSV/TSV table.
        if matches!(claimed, Format::Xls | Format::Xlsx | Format::Ods) {
            let lower = head.to_ascii_lowercase();
            if looks_like_html_page(head) || memchr::memmem::find(&lower, b"<table").is_some() {
                return Some(Format::Html);
            }
            if !head.contains(&0) && (head.contains(&b'\t') || head.contains(&b',')) {
                return Some(Format::Csv);
            }
            return None;
        }
        if claimed == Format::Doc
            && head.starts_with(b"MIME-Version:")
            && memchr::memmem::find(head, b"text/html").is_some()
        {
            return Some(Format::Mhtml);
        }
        // A `.doc` (or `.wps`) that is plain text: a report pasted into a
        // file named like a Word document. RTF is not plain text (its
        // reader says so).
        if claimed == Format::Doc && !head.starts_with(b"{\\rtf") && looks_like_plain_text(head) {
            return Some(Format::Txt);
        }
        None
    }
}

/// Whether the first bytes of a file read as plain text in any of the
/// encodings the loader decodes (UTF-8, GB18030, Big5 with or without a
/// BOM): no NUL and no control character but tab, line breaks and form
/// feed. Word's and other binary formats hold many of them (UTF-16 text,
/// which does too, is caught by its BOM).
fn looks_like_plain_text(head: &[u8]) -> bool {
    let utf16_bom = head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]);
    !head.is_empty()
        && (utf16_bom
            || !head
                .iter()
                .any(|&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)) || b == 0x7F))
}

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

enum OleKind {
    Workbook,
    Word,
    Other,
}

/// An OLE2 compound file holding an Excel stream (`Workbook`/`Book` in
/// UTF-16 in its directory) rather than a `WordDocument`.
fn ole_kind(bytes: &[u8]) -> OleKind {
    let utf16 = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(u16::to_le_bytes).collect() };
    let has = |s: &str| memchr::memmem::find(bytes, &utf16(s)).is_some();
    if has("WordDocument") {
        OleKind::Word
    } else if has("Workbook") || has("Book") {
        OleKind::Workbook
    } else {
        OleKind::Other
    }
}

/// Which kind of zip container `bytes` is, from its member names. One that
/// cannot be opened (cut short, damaged) is what its extension `claimed`
/// when that is a zip-based document (a truncated `.docx` is a damaged
/// `.docx`, not an archive), else an archive.
fn zip_kind(bytes: &[u8], claimed: Format) -> Format {
    let Ok(archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return match claimed {
            Format::Docx | Format::Xlsx | Format::Odt | Format::Ods => claimed,
            _ => Format::Zip,
        };
    };
    let names: Vec<String> = archive
        .file_names()
        .filter_map(Result::ok)
        .map(|n| n.into_owned())
        .collect();
    let has = |n: &str| names.iter().any(|x| x == n);
    if has("word/document.xml") {
        return Format::Docx;
    }
    if has("xl/workbook.xml") {
        return Format::Xlsx;
    }
    if has("content.xml") && has("mimetype") {
        // The mimetype member is stored first and uncompressed.
        if memchr::memmem::find(&bytes[..bytes.len().min(200)], b"opendocument.spreadsheet")
            .is_some()
        {
            return Format::Ods;
        }
        if memchr::memmem::find(&bytes[..bytes.len().min(200)], b"opendocument.text").is_some() {
            return Format::Odt;
        }
    }
    Format::Zip
}

/// Why a zip-based file (`.docx`, `.xlsx`, `.odt`, `.ods`, `.zip`) of
/// `bytes` could not be opened, for a warning: one that starts like a zip
/// container but cannot be read is damaged or cut short (an interrupted
/// download), which a user fixes differently from a file of another kind.
pub(crate) fn unreadable_zip(bytes: &[u8], kind: &str, error: &dyn std::fmt::Display) -> String {
    if bytes.starts_with(b"PK\x03\x04") {
        format!(
            "a damaged or cut-short .{kind}: it starts like one, but its zip container cannot be read ({error}); download or save it again"
        )
    } else {
        format!("not a readable .{kind}: the file is not a zip container ({error})")
    }
}

/// A text file whose first bytes are an HTML document's (doctype or `<html`).
fn looks_like_html_page(head: &[u8]) -> bool {
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace() && !matches!(b, 0xEF | 0xBB | 0xBF))
        .unwrap_or(head.len());
    let lower: Vec<u8> = head[start..head.len().min(start + 64)]
        .iter()
        .map(u8::to_ascii_lowercase)
        .collect();
    lower.starts_with(b"<!doctype html")
        || lower.starts_with(b"<html")
        || (lower.starts_with(b"<?xml") && memchr::memmem::find(head, b"<html").is_some())
}

/// Extensions of pages saved from a web server under the name of the script
/// that served them (`content.jsp`, `view.aspx`): what they hold decides
/// whether they are read ([`Format::of_content`]).
const SERVER_PAGES: [&str; 6] = ["asp", "aspx", "jsp", "php", "jhtml", "do"];

/// Whether the format of `path` is left to its content: no extension
/// (files saved by scrapers under an id), or a server script's
/// (`SERVER_PAGES`).
pub fn named_by_content(path: &Path) -> bool {
    match path.extension() {
        None => path.file_name().is_some(),
        Some(ext) => ext
            .to_str()
            .is_some_and(|e| SERVER_PAGES.contains(&e.to_ascii_lowercase().as_str())),
    }
}

impl Format {
    /// The format the first bytes of a file show, for a file whose name says
    /// nothing ([`named_by_content`]): a PDF, a zip container (refined by
    /// [`Format::sniff`] once the whole file is read), or an HTML page.
    /// Anything else (plain text, images, scripts) is `None`: such files are
    /// not taken for reports.
    pub fn of_content(head: &[u8]) -> Option<Format> {
        let head = &head[..head.len().min(1024)];
        if head.starts_with(b"%PDF-") {
            Some(Format::Pdf)
        } else if head.starts_with(b"PK\x03\x04") {
            Some(Format::Zip)
        } else if looks_like_html_page(head) {
            Some(Format::Html)
        } else {
            None
        }
    }
}

/// The page a folder of saved-page resources belongs to: browsers save a
/// complete page as `报告.html` plus `报告_files/` (Chrome, Firefox) or
/// `报告.files/` (Internet Explorer), whose frames, scripts and images are
/// no reports. Returns the page names to look for beside the folder.
pub fn saved_page_names(folder: &str) -> Vec<String> {
    let Some(stem) = folder
        .strip_suffix("_files")
        .or_else(|| folder.strip_suffix(".files"))
        .filter(|s| !s.is_empty())
    else {
        return vec![];
    };
    ["htm", "html", "shtml", "xhtml", "HTM", "HTML"]
        .iter()
        .map(|ext| format!("{stem}.{ext}"))
        .collect()
}

/// Extensions of document formats we cannot read, with advice.
pub fn unsupported_advice(path: &Path) -> Option<&'static str> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "rtf" => Some(
            "this word-processor format is not read (no well-kept Rust reader); open it and save as .docx (or .txt, UTF-8)",
        ),
        "xlsb" | "et" => Some("this spreadsheet format is not read; save it as .xlsx"),
        "rar" | "7z" | "tar" | "gz" | "tgz" => {
            Some("this archive format is not read; unpack it, or re-pack it as .zip")
        }
        "caj" | "kdh" | "nh" => Some("CNKI files are not read; export the report as PDF or .docx"),
        "ofd" => Some(
            "OFD (版式文档) files are not read; open it in an OFD reader (数科, 福昕, WPS) and save it as PDF or .docx",
        ),
        "feather" | "arrow" | "ipc" => Some(
            "Arrow/Feather tables are not read; write it as Parquet (pandas: df.to_parquet(path)) or JSON Lines (df.to_json(path, orient=\"records\", lines=True, force_ascii=False))",
        ),
        _ => None,
    }
}

/// How a record's text was obtained, when it was converted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Conversion {
    /// Stored as plain text.
    #[default]
    None,
    /// Converted from HTML (a page, or markup inside a text or field).
    Html,
    /// Extracted from a PDF's text layer.
    Pdf,
    /// Read from a word-processor file.
    Office,
}

/// One document as found in a file, before cleaning.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawRecord {
    /// The text as stored (converted to plain text where it was markup).
    pub text: String,
    /// The title field, if any.
    pub title: Option<String>,
    /// The year field, if any (as text).
    pub year: Option<String>,
    /// The date field, if any.
    pub date: Option<String>,
    /// Whether the date field is named for the publication date
    /// ([`FieldMap::date_is_publication`]): the text's dateline, the day the
    /// report was delivered, outranks it.
    pub date_published: bool,
    /// The region field, if any.
    pub region: Option<String>,
    /// The city of a county's row (the city column of a table whose county
    /// column is filled), if any: it tells apart districts that several
    /// cities have (南山 of 深圳).
    pub parent_region: Option<String>,
    /// The province field, if any.
    pub province: Option<String>,
    /// The level field, if any.
    pub level: Option<String>,
    /// A title from document properties or a page's `<title>` (a weaker
    /// candidate than a title field or the text's own title line).
    pub prop_title: Option<String>,
    /// A date from document properties (creation date; a weak candidate,
    /// never used for the year).
    pub prop_date: Option<String>,
    /// A page's publication date from its metadata (`<meta name="PubDate">`,
    /// see [`html::PUBLISHED_META`]), as written: the year of last resort,
    /// like a publication stamp at the top of the text.
    pub published: Option<String>,
    /// Whether (and from what) the text was converted.
    pub conversion: Conversion,
    /// 1-based line where the record starts (JSONL, CSV), or the sheet row.
    pub line: Option<u64>,
    /// 1-based data row (CSV, sheets), or the record's number in a JSON
    /// file's array.
    pub row: Option<u64>,
    /// The sheet, for workbooks.
    pub sheet: Option<String>,
    /// The paragraph number of a row holding one paragraph of a report (a
    /// table's paragraph column, see [`join_paragraphs`]).
    pub paragraph: Option<String>,
}

impl RawRecord {
    /// A record holding a whole file's text.
    pub fn whole(text: String) -> RawRecord {
        RawRecord {
            text,
            ..RawRecord::default()
        }
    }

    /// Convert the text from markup when it is markup (see
    /// [`html::looks_like_markup`]); a title found in it becomes a
    /// property title.
    pub fn convert_markup(&mut self) {
        if self.conversion != Conversion::None {
            return;
        }
        if let Some(text) = unescaped(&self.text) {
            self.text = text;
        }
        if html::looks_like_markup(&self.text) {
            let converted = html::markup_to_text(&self.text);
            self.text = converted.text;
            if self.prop_title.is_none() {
                self.prop_title = converted.title;
            }
            if self.published.is_none() {
                self.published = converted.published;
            }
            self.conversion = Conversion::Html;
        } else if let Some(text) = html::decode_entities(&self.text) {
            self.text = text;
        }
    }
}

/// A text stored with its line breaks escaped (`第一段\\n第二段`, as a
/// string literal or a JSON dump written as text: `\\n`, `\\t`, `\\"`,
/// and `\\u4e2d` when non-ASCII was escaped too), unescaped; `None` for a
/// text that is not so (fewer than two escaped line breaks and twenty
/// escaped characters, or more real line breaks than escaped ones).
fn unescaped(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    memchr::memchr(b'\\', bytes)?;
    let breaks = memchr::memmem::find_iter(bytes, b"\\n").count();
    let chars = memchr::memmem::find_iter(bytes, b"\\u").count();
    if breaks < 2 && chars < 20 {
        return None;
    }
    if memchr::memchr_iter(b'\n', bytes).count() >= breaks.max(1) {
        return None;
    }
    // Exactly as JSON reads it when it is a JSON string's inside (quotes
    // not escaped in it are escaped first); else only the line breaks.
    let quoted = format!("\"{}\"", escape_bare_quotes(text));
    if let Ok(s) = serde_json::from_str::<String>(&quoted) {
        return Some(s);
    }
    (breaks >= 2).then(|| {
        text.replace("\\r\\n", "\n")
            .replace("\\n", "\n")
            .replace("\\t", "\t")
    })
}

/// `text` with each `"` that no backslash escapes escaped, and raw control
/// characters (which JSON strings cannot hold) as `\\u` escapes.
fn escape_bare_quotes(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut backslashes = 0usize;
    for c in text.chars() {
        match c {
            '"' if backslashes.is_multiple_of(2) => out.push_str("\\\""),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
        backslashes = if c == '\\' { backslashes + 1 } else { 0 };
    }
    out
}

/// Records read from one file, and the problems met.
#[derive(Debug, Default)]
pub struct FileRecords {
    /// The documents.
    pub records: Vec<RawRecord>,
    /// Problems (bad lines, missing fields, not a report).
    pub warnings: Vec<Warning>,
    /// The encoding text was decoded from (empty for binary formats).
    pub encoding: &'static str,
    /// Malformed byte sequences replaced while decoding.
    pub replaced: usize,
    /// NUL characters removed while decoding, and the line of the first
    /// ([`decode::Decoded::nuls`]).
    pub nuls: (usize, u64),
    /// Lines read as GBK in a file of UTF-8 and GBK lines, and the first
    /// ([`decode::Decoded::mixed`]).
    pub mixed: (usize, u64),
    /// Which column or key was taken for each field (tables and JSONL).
    pub fields: Option<FieldMap>,
}

impl FileRecords {
    fn warn(&mut self, kind: WarningKind, shown: &str, line: Option<u64>, msg: impl Into<String>) {
        self.warnings.push(Warning::new(kind, shown, line, msg));
    }
}

/// Read one file's bytes as `format` (already resolved by content, see
/// [`Format::sniff`]; [`Format::Zip`] is the loader's business and gives no
/// records here).
pub fn read_file(bytes: &[u8], format: Format, shown: &str, cfg: &FolderConfig) -> FileRecords {
    let mut out = read_records(bytes, format, shown, cfg);
    let rows = cfg.config.fields.rows;
    let joined = rows_are_paragraphs(&out.records, rows, true) == Some(true);
    if joined {
        mark_paragraph_rows(&mut out.records);
    }
    let n = out.records.len();
    out.records = join_paragraphs(std::mem::take(&mut out.records));
    if joined {
        let reports = out.records.len();
        note_rows_joined(&mut out, shown, n, reports, rows);
    }
    out
}

/// How many rows with text [`rows_are_paragraphs`] looks at: the first
/// ones, so that a file read in chunks decides as the whole read does.
pub const PARAGRAPH_SAMPLE: usize = 32;

/// Whether the rows of a table (CSV, sheet, JSON records) that has no
/// paragraph-number field are the paragraphs of reports, to be joined like
/// those of a table that has one ([`join_paragraphs`]): as `[fields] rows`
/// says, or, by default, when the first [`PARAGRAPH_SAMPLE`] rows with text
/// have paragraph-length texts (median under 1,000 characters; a report is
/// ten times that), each a year or date, and metadata (year, date, region,
/// title…) that repeats on consecutive rows, three rows or more to a report
/// on average — a row with no metadata at all counting as its report's row
/// above ([`fill_down`]: a report's year and region written on its first
/// row only). A table of one report per row, where neighbours differ, is
/// left alone. `None` while fewer than [`PARAGRAPH_SAMPLE`] rows with text
/// were seen, more may come (`complete` false) and those seen do not
/// already rule it out.
pub fn rows_are_paragraphs(records: &[RawRecord], rows: Rows, complete: bool) -> Option<bool> {
    if records.iter().any(|r| r.paragraph.is_some()) {
        return Some(false);
    }
    match rows {
        Rows::Reports => return Some(false),
        Rows::Paragraphs => return Some(true),
        Rows::Auto => {}
    }
    // Rows with no metadata at all below a row that has some (年份 and 城市
    // written on a report's first row only, as merged cells unmerged leave
    // them) are judged as their report's rows, filled down. Only their
    // metadata is copied (the texts of a sample of reports are megabytes);
    // each text's length is kept beside it, counted as far as the tests
    // below look (`LONG` characters).
    const LONG: usize = 1000;
    let mut filled: Vec<RawRecord> = Vec::new();
    let mut lengths: Vec<Option<usize>> = Vec::new();
    let mut with_text = 0;
    for r in records {
        if with_text == PARAGRAPH_SAMPLE {
            break;
        }
        let has_text = !r.text.trim().is_empty();
        with_text += usize::from(has_text);
        lengths.push(has_text.then(|| r.text.chars().take(LONG).count()));
        filled.push(RawRecord {
            title: r.title.clone(),
            year: r.year.clone(),
            date: r.date.clone(),
            date_published: r.date_published,
            region: r.region.clone(),
            province: r.province.clone(),
            level: r.level.clone(),
            sheet: r.sheet.clone(),
            ..RawRecord::default()
        });
    }
    fill_down(&mut filled);
    let (sample, mut chars): (Vec<&RawRecord>, Vec<usize>) = filled
        .iter()
        .zip(&lengths)
        .filter_map(|(r, n)| n.map(|n| (r, n)))
        .unzip();
    // What the rows seen so far settle whatever rows follow (they are all
    // in the sample): a row without a year or date (a run of rows is one
    // year's report; a region alone may repeat over several years'
    // reports), too many runs, or over half the sample report-length.
    let dated = |r: &RawRecord| r.year.is_some() || r.date.is_some();
    let runs = 1 + sample
        .windows(2)
        .filter(|w| !same_metadata(w[0], w[1]))
        .count();
    let long = chars.iter().filter(|&&n| n >= LONG).count();
    if !sample.iter().all(|r| dated(r))
        || runs * 3 > PARAGRAPH_SAMPLE
        || long * 2 > PARAGRAPH_SAMPLE
    {
        return Some(false);
    }
    if sample.len() < PARAGRAPH_SAMPLE && !complete {
        return None;
    }
    chars.sort_unstable();
    Some(sample.len() >= 6 && chars[chars.len() / 2] < LONG && runs * 3 <= sample.len())
}

/// Give every row without a paragraph number an empty one, so that
/// [`join_paragraphs`] joins the consecutive rows of one report in row
/// order; a row with no metadata at all (no title, year, date, region,
/// province or level) below one that has some takes that row's, as a
/// merged cell's rows do ([`fill_down`]).
pub fn mark_paragraph_rows(records: &mut [RawRecord]) {
    fill_down(records);
    for r in records {
        r.paragraph.get_or_insert_with(String::new);
    }
}

/// Fill down the metadata of a paragraph-per-row table: a row of the same
/// sheet with no title, year, date, region, province or level takes those
/// of the row above (a report's 年份 and 城市 written on its first row only,
/// blank below, as merged cells look once unmerged). A row with any of them
/// keeps its own, blanks included: a blank there means unknown.
fn fill_down(records: &mut [RawRecord]) {
    let bare = |r: &RawRecord| {
        r.title.is_none()
            && r.year.is_none()
            && r.date.is_none()
            && r.region.is_none()
            && r.province.is_none()
            && r.level.is_none()
    };
    for i in 1..records.len() {
        let (above, rest) = records.split_at_mut(i);
        let (prev, r) = (&above[i - 1], &mut rest[0]);
        if bare(r) && !bare(prev) && r.sheet == prev.sheet {
            r.title.clone_from(&prev.title);
            r.year.clone_from(&prev.year);
            r.date.clone_from(&prev.date);
            r.date_published = prev.date_published;
            r.region.clone_from(&prev.region);
            r.province.clone_from(&prev.province);
            r.level.clone_from(&prev.level);
        }
    }
}

/// Record that the `rows` rows of a table were joined into `reports`
/// reports: in the field map, and, when the rows told it (not
/// `corpus.toml`), in a warning that says how to keep them apart.
pub fn note_rows_joined(
    out: &mut FileRecords,
    shown: &str,
    rows: usize,
    reports: usize,
    setting: Rows,
) {
    if let Some(f) = out.fields.as_mut() {
        f.rows_joined = true;
    }
    if setting == Rows::Auto {
        out.warn(
            WarningKind::Metadata,
            shown,
            None,
            format!(
                "{rows} rows joined into {reports} report(s): the table has no paragraph-number column, but its rows hold paragraphs (under 1,000 characters) and consecutive rows share their year, region…: reports kept a paragraph per row; if each row is a report, put `[fields]` `rows = \"reports\"` in a corpus.toml in its folder"
            ),
        );
    }
}

/// Whether two records are paragraphs of one report: both have a
/// paragraph number, and the same sheet, title, year, date, region,
/// province and level.
fn same_report(a: &RawRecord, b: &RawRecord) -> bool {
    a.paragraph.is_some() && b.paragraph.is_some() && same_metadata(a, b)
}

/// Whether two records have the same sheet, title, year, date, region,
/// province and level.
fn same_metadata(a: &RawRecord, b: &RawRecord) -> bool {
    a.sheet == b.sheet
        && a.title == b.title
        && a.year == b.year
        && a.date == b.date
        && a.region == b.region
        && a.province == b.province
        && a.level == b.level
}

/// Join the rows of a table with one paragraph per row (a paragraph
/// number column: `段落序号`, `paragraph`…) into one record per report:
/// consecutive rows with a paragraph number and the same metadata (sheet,
/// title, year, date, region, province, level) are one report, their texts
/// joined line by line in the order of their paragraph numbers when all of
/// them are numbers (`3`, `3.0`), else in row order. The report keeps the
/// line and row of its first row. Rows without a paragraph number, and
/// rows of one report that are not next to each other, stay apart (the
/// second then is a duplicate of the first, reported as such). Without
/// this, `--duplicates keep-longest` would keep one paragraph of each
/// report.
pub fn join_paragraphs(records: Vec<RawRecord>) -> Vec<RawRecord> {
    if records.iter().all(|r| r.paragraph.is_none()) {
        return records;
    }
    let mut out: Vec<RawRecord> = Vec::with_capacity(records.len());
    let mut run: Vec<RawRecord> = Vec::new();
    for rec in records {
        if run.last().is_some_and(|last| !same_report(last, &rec)) {
            out.push(join_run(std::mem::take(&mut run)));
        }
        run.push(rec);
    }
    if !run.is_empty() {
        out.push(join_run(run));
    }
    out
}

/// The records at the end of `records` that [`join_paragraphs`] would
/// join with rows that follow them (a report whose rows go on in the next
/// chunk of a file read in chunks), taken out of `records`.
pub fn take_last_report(records: &mut Vec<RawRecord>) -> Vec<RawRecord> {
    let Some(last) = records.last() else {
        return vec![];
    };
    if last.paragraph.is_none() {
        return vec![];
    }
    let start = records
        .iter()
        .rposition(|r| !same_report(r, last))
        .map_or(0, |i| i + 1);
    records.split_off(start)
}

/// One report from its rows (see [`join_paragraphs`]).
fn join_run(mut run: Vec<RawRecord>) -> RawRecord {
    if run.len() == 1 {
        return run.pop().unwrap_or_default();
    }
    let number = |r: &RawRecord| {
        r.paragraph
            .as_deref()
            .and_then(|p| p.trim().parse::<f64>().ok())
            .filter(|n| n.is_finite())
    };
    let mut order: Vec<usize> = (0..run.len()).collect();
    if run.iter().all(|r| number(r).is_some()) {
        order.sort_by(|&a, &b| {
            number(&run[a])
                .partial_cmp(&number(&run[b]))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
    }
    let text = order
        .iter()
        .map(|&i| run[i].text.trim_end_matches(['\r', '\n']))
        .collect::<Vec<_>>()
        .join("\n");
    let conversion = run
        .iter()
        .map(|r| r.conversion)
        .find(|c| *c != Conversion::None)
        .unwrap_or_default();
    let mut first = run.swap_remove(0);
    first.text = text;
    first.conversion = conversion;
    first
}

/// [`read_file`] before the paragraphs of one report are joined.
fn read_records(bytes: &[u8], format: Format, shown: &str, cfg: &FolderConfig) -> FileRecords {
    match format {
        Format::Txt | Format::Md | Format::Jsonl | Format::Json | Format::Csv | Format::Html => {
            read_text_file(bytes, format, shown, cfg)
        }
        Format::Mhtml => match mhtml::page_of(bytes) {
            Ok(page) => {
                let mut out = read_text_file(&page.bytes, Format::Html, shown, cfg);
                if let Some(c) = page.charset {
                    out.encoding = c;
                }
                out
            }
            Err(e) => {
                let mut out = FileRecords::default();
                out.warn(
                    WarningKind::NotAReport,
                    shown,
                    None,
                    format!("cannot read this .mht ({e}); skipped"),
                );
                out
            }
        },
        Format::Docx | Format::Odt | Format::Doc => read_office(bytes, format, shown),
        Format::Pdf => read_pdf(bytes, shown),
        Format::Xlsx | Format::Xls | Format::Ods => read_workbook(bytes, format, shown, cfg),
        Format::Parquet => read_parquet_table(bytes, shown, cfg),
        Format::Zip => FileRecords::default(),
    }
}

/// Whether `page`, a file named as a later page of the web page `first`
/// (`报告_1.html` beside `报告.html`), is a report of its own rather than a
/// continuation: its head holds a dateline that is not the first page's
/// (another day, year or region), or its title — the `<title>` or a title
/// line of its head — names another year or region than the first page's.
/// A site that numbers the files of different reports alike (`2019.html`,
/// `2019_1.html` for two districts; `政府工作报告.html`, `_1`, `_2` for three
/// years) saves such pages; a genuine later page carries no dateline of its
/// own, or repeats the first page's.
pub fn opens_own_report(first: &[u8], page: &[u8]) -> bool {
    use super::head::{HEAD_LINES, read_head};
    use super::metadata::{region_from_title, year_from_title};
    use unicode_normalization::UnicodeNormalization;
    let read = |bytes: &[u8]| {
        let decoded = html::decode_html(bytes).ok()?;
        let page = html::html_to_text(&decoded.text);
        let head: String = page
            .text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .take(HEAD_LINES)
            .collect::<Vec<_>>()
            .join("\n")
            .nfkc()
            .collect();
        let title = page.title.map(|t| t.nfkc().collect::<String>());
        Some((read_head(&head), title))
    };
    let (Some((first_head, first_title)), Some((head, title))) = (read(first), read(page)) else {
        return false;
    };
    if let Some(d) = &head.dateline {
        let same = first_head.dateline.as_ref().is_some_and(|f| {
            f.year == d.year
                && (f.date.is_none() || d.date.is_none() || f.date == d.date)
                && (f.region.is_none() || d.region.is_none() || f.region == d.region)
        });
        if !same {
            return true;
        }
    }
    let titles = |a: Option<&str>, b: Option<&str>| {
        let (Some(a), Some(b)) = (a, b) else {
            return false;
        };
        let years = (year_from_title(a), year_from_title(b));
        let regions = (region_from_title(a).region, region_from_title(b).region);
        matches!(years, (Some(x), Some(y)) if x != y)
            || matches!(regions, (Some(x), Some(y)) if x != y)
    };
    titles(first_title.as_deref(), title.as_deref())
        || titles(first_head.title.as_deref(), head.title.as_deref())
}

/// Read a web page saved one file per page: the `first` page's bytes and
/// the `later` ones' (shown as `later_shown`), each converted on its own,
/// their texts joined in page order into one record. On later pages the
/// lines that repeat the first page's head (the title, a source line) are
/// left out, and a page whose text an earlier page already holds is not
/// joined (a warning says so).
pub fn read_page_set(
    first: &[u8],
    later: &[Vec<u8>],
    later_shown: &[&str],
    shown: &str,
    cfg: &FolderConfig,
) -> FileRecords {
    let mut out = read_text_file(first, Format::Html, shown, cfg);
    let Some(mut joined) = out.records.pop() else {
        return out;
    };
    let head: Vec<String> = joined
        .text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(5)
        .map(str::to_string)
        .collect();
    let mut texts = vec![joined.text.trim().to_string()];
    for (bytes, name) in later.iter().zip(later_shown) {
        let mut page = read_text_file(bytes, Format::Html, name, cfg);
        out.warnings.append(&mut page.warnings);
        out.replaced += page.replaced;
        for rec in page.records {
            let lines: Vec<&str> = rec
                .text
                .lines()
                .skip_while(|l| l.trim().is_empty() || head.iter().any(|h| h == l.trim()))
                .collect();
            let text = lines.join("\n").trim().to_string();
            if text.is_empty() {
                continue;
            }
            if texts.iter().any(|t| t.contains(&text)) {
                out.warn(
                    WarningKind::Duplicate,
                    name,
                    None,
                    format!(
                        "an earlier page of {shown} already holds this page's text; not joined"
                    ),
                );
                continue;
            }
            joined.text.push_str("\n\n");
            joined.text.push_str(&text);
            texts.push(text);
        }
    }
    out.records.push(joined);
    out
}

fn read_text_file(bytes: &[u8], format: Format, shown: &str, cfg: &FolderConfig) -> FileRecords {
    let decoded = if format == Format::Html {
        html::decode_html(bytes)
    } else {
        decode::decode(bytes)
    };
    let decoded: Decoded<'_> = match decoded {
        Ok(d) => d,
        Err(u) => {
            let mut out = FileRecords::default();
            out.warn(
                WarningKind::Encoding,
                shown,
                None,
                format!("cannot decode (tried {}): {}; skipped", u.tried, u.reason),
            );
            return out;
        }
    };
    // An RTF document saved under a text extension (a `.txt` that Word or
    // WordPad wrote as rich text): its control words would be read as the
    // report.
    if matches!(format, Format::Txt | Format::Md) && decoded.text.trim_start().starts_with("{\\rtf")
    {
        let mut out = FileRecords::default();
        out.warn(
            WarningKind::Parse,
            shown,
            None,
            "this is an RTF document (its content), which is not read (no well-kept Rust reader); open it and save it as .docx (or .txt, UTF-8); skipped",
        );
        return out;
    }
    let mut out = match format {
        Format::Jsonl => jsonl::read(&decoded.text, shown, cfg),
        Format::Json => jsonl::read_json(&decoded.text, shown, cfg),
        Format::Csv => table::read_csv(&decoded.text, shown, cfg),
        // A page that is a table of reports (an "Excel" export, pandas'
        // `to_html`): one document per row.
        Format::Html if let Some(rows) = html::report_table(&decoded.text, cfg) => {
            table::read_rows(rows, shown, None, cfg)
        }
        Format::Html => {
            let page = html::html_to_text(&decoded.text);
            FileRecords {
                records: vec![RawRecord {
                    prop_title: page.title,
                    published: page.published,
                    conversion: Conversion::Html,
                    ..RawRecord::whole(page.text)
                }],
                ..FileRecords::default()
            }
        }
        // A sheet saved by Excel as "Unicode text" (UTF-16, tab-separated)
        // or a tab-separated export named `.txt`: a table.
        _ if table::is_tab_table(&decoded.text, cfg) => table::read_csv(&decoded.text, shown, cfg),
        _ => plain_text(decoded.text.into_owned(), format == Format::Md, cfg),
    };
    out.encoding = decoded.encoding;
    out.replaced = decoded.replaced;
    out.nuls = decoded.nuls;
    out.mixed = decoded.mixed;
    out
}

/// A plain or (`markdown`) Markdown text: one record, its front matter
/// (YAML between `---` lines, TOML between `+++` lines) read as fields and
/// left out of the text, Markdown converted to plain text
/// ([`markdown::to_text`]), HTML markup converted.
fn plain_text(mut text: String, markdown: bool, cfg: &FolderConfig) -> FileRecords {
    let mut fields = None;
    let mut rec = RawRecord::default();
    if let Some(fm) = front_matter::split(&text) {
        let names: Vec<String> = fm.fields.iter().map(|(k, _)| k.clone()).collect();
        let map = FieldMap::resolve(cfg, &names);
        let value = |name: &Option<String>| {
            name.as_ref()
                .and_then(|n| fm.fields.iter().find(|(k, _)| k == n))
                .map(|(_, v)| v.clone())
        };
        rec.title = value(&map.title);
        rec.year = value(&map.year);
        rec.date = value(&map.date);
        rec.date_published = map.date_is_publication;
        rec.region =
            fields::place(value(&map.region)).or_else(|| fields::place(value(&map.region_parent)));
        rec.parent_region = fields::place(value(&map.region_parent));
        rec.province = fields::place(value(&map.province));
        rec.level = value(&map.level);
        text.drain(..fm.body_start);
        fields = Some(FieldMap {
            text: None,
            paragraph: None,
            ..map
        });
    }
    rec.text = if markdown {
        markdown::to_text(&text)
    } else {
        text
    };
    rec.convert_markup();
    FileRecords {
        records: vec![rec],
        fields,
        ..FileRecords::default()
    }
}

/// A word-processor file (`.docx`, `.odt`, `.doc`): one record with the
/// document's properties, or a warning.
fn read_office(bytes: &[u8], format: Format, shown: &str) -> FileRecords {
    let read = match format {
        Format::Docx => office::docx_text(bytes),
        Format::Doc => doc::doc_text(bytes).map_err(|e| {
            // Many `.doc` downloads are RTF, which is not read.
            let what = if bytes.starts_with(b"{\\rtf") {
                "an RTF file, which is not read".to_string()
            } else {
                e.to_string()
            };
            format!("{what}; open it and save it as .docx")
        }),
        _ => office::odt_text(bytes),
    };
    let mut out = FileRecords::default();
    match read {
        Ok(doc) => out.records.push(RawRecord {
            prop_title: doc.title.as_deref().and_then(report_title_property),
            prop_date: doc.created,
            conversion: Conversion::Office,
            ..RawRecord::whole(doc.text)
        }),
        Err(e) => out.warn(
            WarningKind::Parse,
            shown,
            None,
            format!(
                "cannot read this .{} ({e}); skipped",
                // A `.wps` read as Word 97–2003 is named as the user knows it.
                Path::new(shown)
                    .extension()
                    .and_then(|x| x.to_str())
                    .map_or_else(|| format.as_str().to_string(), str::to_lowercase)
            ),
        ),
    }
    out
}

/// A title stored in a document's properties (a PDF's Info `Title`, a
/// Word or OpenDocument file's `dc:title`, a `.doc`'s summary information),
/// trimmed, when it names a report (holds 报告) and is not the name of the
/// file or template it came from (`Microsoft Word - 报告.docx`, `无标题`,
/// `untitled`): Word fills the property with whatever the document was
/// first saved as (`Document1`, `附件1`, a notice or summary the file was
/// made from), which must not name a report's title or year.
pub fn report_title_property(raw: &str) -> Option<String> {
    static FILE_NAME: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?i)^(microsoft\s+(word|excel|powerpoint)\s*-|untitled$|无标题)|\.(docx?|wps|wpt|rtf|odt|pdf|txt|xlsx?|pptx?|html?|tmp)$",
        )
        .unwrap_or_else(|e| unreachable!("{e}"))
    });
    let title: String = raw.chars().filter(|c| !c.is_control()).collect();
    let title = title.trim();
    (title.contains("报告") && !FILE_NAME.is_match(title)).then(|| title.to_string())
}

fn read_pdf(bytes: &[u8], shown: &str) -> FileRecords {
    let mut out = FileRecords::default();
    match pdf::pdf_text(bytes) {
        Ok(doc) => out.records.push(RawRecord {
            prop_title: doc.title,
            prop_date: doc.created,
            conversion: Conversion::Pdf,
            ..RawRecord::whole(doc.text)
        }),
        Err(pdf::PdfProblem::NoTextLayer { pages }) => out.warn(
            WarningKind::NotAReport,
            shown,
            None,
            format!("no text layer: OCR it first ({pages} page(s) of images, a scan); skipped"),
        ),
        Err(pdf::PdfProblem::Encrypted) => out.warn(
            WarningKind::Parse,
            shown,
            None,
            "the PDF is encrypted; save an unprotected copy; skipped",
        ),
        Err(pdf::PdfProblem::Invalid(why)) => out.warn(
            WarningKind::Parse,
            shown,
            None,
            format!(
                "cannot read this PDF ({why}); skipped. Extract its text with another tool (pdftotext, or Save As text in a PDF reader) and put the .txt beside it in its place"
            ),
        ),
    }
    out
}

fn read_parquet_table(bytes: &[u8], shown: &str, cfg: &FolderConfig) -> FileRecords {
    match parquet::read_parquet(bytes) {
        Ok(rows) => table::read_rows(rows, shown, None, cfg),
        Err(e) => unreadable(
            shown,
            format!("cannot read this Parquet file ({e}); skipped"),
        ),
    }
}

/// No records, and a warning that the file could not be parsed.
fn unreadable(shown: &str, message: String) -> FileRecords {
    let mut out = FileRecords::default();
    out.warn(WarningKind::Parse, shown, None, message);
    out
}

fn read_workbook(bytes: &[u8], format: Format, shown: &str, cfg: &FolderConfig) -> FileRecords {
    let kind = match format {
        Format::Xls => sheet::WorkbookKind::Xls,
        Format::Ods => sheet::WorkbookKind::Ods,
        _ => sheet::WorkbookKind::Xlsx,
    };
    let book = match sheet::read_workbook_with_hidden(bytes, kind) {
        Ok(b) => b,
        Err(e) => return unreadable(shown, format!("cannot read this workbook ({e}); skipped")),
    };
    // Hidden sheets (drafts, lookups) are not read: one warning each.
    let mut out = FileRecords {
        warnings: book.warnings(shown),
        ..FileRecords::default()
    };
    let sheets = book.sheets;
    let several = sheets.len() > 1;
    for s in sheets {
        let name = several.then(|| s.name.clone());
        // One report written down a column, a paragraph per row.
        if let Some((first_row, text)) = table::sheet_as_text(&s.rows, cfg) {
            let mut rec = RawRecord {
                text,
                line: Some(u64::from(first_row)),
                sheet: name,
                ..RawRecord::default()
            };
            rec.convert_markup();
            out.records.push(rec);
            continue;
        }
        let mut part = table::read_rows(s.rows, shown, name.as_deref(), cfg);
        if let Some(name) = &name {
            for r in &mut part.records {
                r.sheet = Some(name.clone());
            }
        }
        out.records.append(&mut part.records);
        out.warnings.append(&mut part.warnings);
        if out.fields.is_none() {
            out.fields = part.fields;
        }
    }
    out
}

/// Shared by the readers' tests.
#[cfg(test)]
pub(crate) mod testutil {
    /// Truncated prefixes and bit-flipped copies of `bytes` (a fixed
    /// xorshift walk), for "never panics" tests.
    pub fn mutations(bytes: &[u8]) -> Vec<Vec<u8>> {
        let mut out: Vec<Vec<u8>> = (0..200)
            .map(|i| bytes[..bytes.len() * i / 200].to_vec())
            .collect();
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64 ^ bytes.len() as u64;
        for _ in 0..300 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let mut copy = bytes.to_vec();
            if !copy.is_empty() {
                let pos = (seed % copy.len() as u64) as usize;
                copy[pos] ^= 1 << ((seed >> 40) % 8);
            }
            out.push(copy);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn converted(text: &str) -> RawRecord {
        let mut r = RawRecord::whole(text.to_string());
        r.convert_markup();
        r
    }

    /// A row of a paragraph-per-row table: report `region` of `year`,
    /// paragraph `para` (none when empty) holding `text`, on line `line`.
    fn row(region: &str, year: &str, para: &str, text: &str, line: u64) -> RawRecord {
        RawRecord {
            text: text.into(),
            year: Some(year.into()),
            region: Some(region.into()),
            paragraph: (!para.is_empty()).then(|| para.into()),
            line: Some(line),
            row: Some(line - 1),
            ..RawRecord::default()
        }
    }

    fn summary(records: &[RawRecord]) -> Vec<(Option<u64>, String)> {
        records.iter().map(|r| (r.line, r.text.clone())).collect()
    }

    /// A record of a table: year, region and text.
    fn plain_row(year: &str, region: &str, text: &str) -> RawRecord {
        RawRecord {
            year: Some(year.into()),
            region: Some(region.into()),
            text: text.into(),
            ..RawRecord::default()
        }
    }

    #[test]
    fn rows_are_paragraphs_when_short_texts_repeat_their_metadata() {
        let para = "坚持稳中求进工作总基调,推进数字经济和高质量发展。";
        // Three reports of 12 paragraphs each.
        let paragraphs: Vec<RawRecord> = (0..36)
            .map(|i| plain_row(&(2019 + i / 12).to_string(), "示例市", para))
            .collect();
        assert_eq!(
            rows_are_paragraphs(&paragraphs, Rows::Auto, true),
            Some(true)
        );
        // The first rows decide: not yet 32 rows with text, and more to come.
        assert_eq!(
            rows_are_paragraphs(&paragraphs[..20], Rows::Auto, false),
            None
        );
        // … unless those already settle it: a row without a year, too many
        // runs, too many long texts.
        let mut undated_row = paragraphs[..20].to_vec();
        undated_row[7].year = None;
        assert_eq!(
            rows_are_paragraphs(&undated_row, Rows::Auto, false),
            Some(false)
        );
        let distinct: Vec<RawRecord> = (0..12)
            .map(|i| plain_row(&(1990 + i).to_string(), "示例市", para))
            .collect();
        assert_eq!(
            rows_are_paragraphs(&distinct, Rows::Auto, false),
            Some(false)
        );
        let longer: Vec<RawRecord> = (0..17)
            .map(|_| plain_row("2019", "示例市", &para.repeat(60)))
            .collect();
        assert_eq!(rows_are_paragraphs(&longer, Rows::Auto, false), Some(false));
        assert_eq!(rows_are_paragraphs(&longer[..16], Rows::Auto, false), None);
        assert_eq!(
            rows_are_paragraphs(&paragraphs[..20], Rows::Auto, true),
            Some(true)
        );
        // Joined in row order, one report per run.
        let mut marked = paragraphs.clone();
        mark_paragraph_rows(&mut marked);
        let joined = join_paragraphs(marked);
        assert_eq!(joined.len(), 3);
        assert_eq!(joined[0].text, [para; 12].join("\n"));
        // A report per row: neighbours differ.
        let reports: Vec<RawRecord> = (0..36)
            .map(|i| plain_row(&(1990 + i).to_string(), "示例市", para))
            .collect();
        assert_eq!(rows_are_paragraphs(&reports, Rows::Auto, true), Some(false));
        // Report-length texts, though neighbours share their metadata.
        let long = para.repeat(60);
        let same: Vec<RawRecord> = (0..36)
            .map(|_| plain_row("2019", "示例市", &long))
            .collect();
        assert_eq!(rows_are_paragraphs(&same, Rows::Auto, true), Some(false));
        // Rows with no metadata, or too few rows: left alone.
        let bare: Vec<RawRecord> = (0..36)
            .map(|_| RawRecord {
                text: para.into(),
                ..RawRecord::default()
            })
            .collect();
        assert_eq!(rows_are_paragraphs(&bare, Rows::Auto, true), Some(false));
        // A region without a year: several years' short reports may follow
        // one another.
        let undated: Vec<RawRecord> = (0..36)
            .map(|_| RawRecord {
                region: Some("示例市".into()),
                text: para.into(),
                ..RawRecord::default()
            })
            .collect();
        assert_eq!(rows_are_paragraphs(&undated, Rows::Auto, true), Some(false));
        assert_eq!(
            rows_are_paragraphs(&paragraphs[..5], Rows::Auto, true),
            Some(false)
        );
        // corpus.toml says; a paragraph column leaves it to join_paragraphs.
        assert_eq!(
            rows_are_paragraphs(&paragraphs, Rows::Reports, true),
            Some(false)
        );
        assert_eq!(
            rows_are_paragraphs(&reports, Rows::Paragraphs, true),
            Some(true)
        );
        let mut numbered = paragraphs.clone();
        numbered[3].paragraph = Some("1".into());
        assert_eq!(
            rows_are_paragraphs(&numbered, Rows::Auto, true),
            Some(false)
        );
    }

    #[test]
    fn paragraph_rows_of_a_report_are_joined_in_paragraph_order() {
        let rows = vec![
            // 甲市 2019: numbered out of order, one number written as a float.
            row("甲市", "2019", "2", "第二段。", 2),
            row("甲市", "2019", "1.0", "第一段。\n", 3),
            row("甲市", "2019", "10", "第十段。", 4),
            row("甲市", "2019", "3", "第三段。", 5),
            // Another report: a new run.
            row("乙市", "2019", "1", "乙一。", 6),
            row("乙市", "2019", "2", "乙二。", 7),
            // Non-numeric paragraph labels: row order.
            row("丙市", "2020", "第二段", "丙二。", 8),
            row("丙市", "2020", "第一段", "丙一。", 9),
            // A row without a paragraph number stays a report of its own,
            // and so does the row of 甲市 that is not next to its others.
            row("丁市", "2020", "", "丁全文。", 10),
            row("甲市", "2019", "4", "甲市末段。", 11),
        ];
        let joined = join_paragraphs(rows);
        assert_eq!(
            summary(&joined),
            [
                (
                    Some(2),
                    "第一段。\n第二段。\n第三段。\n第十段。".to_string()
                ),
                (Some(6), "乙一。\n乙二。".to_string()),
                (Some(8), "丙二。\n丙一。".to_string()),
                (Some(10), "丁全文。".to_string()),
                (Some(11), "甲市末段。".to_string()),
            ]
        );
        // The report keeps its first row's place and metadata.
        assert_eq!(joined[0].row, Some(1));
        assert_eq!(joined[0].region.as_deref(), Some("甲市"));
        // A year that differs splits a run, so does a sheet.
        let mut b = row("甲市", "2019", "2", "b", 3);
        b.sheet = Some("Sheet2".into());
        let split = join_paragraphs(vec![
            row("甲市", "2019", "1", "a", 2),
            b,
            row("甲市", "2020", "3", "c", 4),
        ]);
        assert_eq!(split.len(), 3);
        // Tables without a paragraph column are left as they are.
        let plain = vec![
            row("甲市", "2019", "", "x", 2),
            row("甲市", "2019", "", "y", 3),
        ];
        assert_eq!(join_paragraphs(plain.clone()), plain);
    }

    #[test]
    fn a_report_cut_by_a_chunk_boundary_waits_for_its_other_rows() {
        let all = vec![
            row("甲市", "2019", "1", "甲一。", 2),
            row("甲市", "2019", "2", "甲二。", 3),
            row("乙市", "2019", "2", "乙二。", 4),
            row("乙市", "2019", "1", "乙一。", 5),
            row("丙市", "2019", "1", "丙一。", 6),
            row("丙市", "2019", "2", "丙二。", 7),
        ];
        let whole = join_paragraphs(all.clone());
        // Every place to cut the rows into two chunks gives the same
        // reports, when the tail of the first waits for the second.
        for cut in 0..=all.len() {
            let mut first = all[..cut].to_vec();
            let carry = take_last_report(&mut first);
            let mut got = join_paragraphs(first);
            let mut second = carry;
            second.extend_from_slice(&all[cut..]);
            got.extend(join_paragraphs(second));
            assert_eq!(summary(&got), summary(&whole), "cut at {cut}");
        }
        // Rows without a paragraph number never wait.
        let mut plain = vec![row("甲市", "2019", "", "x", 2)];
        assert!(take_last_report(&mut plain).is_empty());
        assert_eq!(plain.len(), 1);
    }

    #[test]
    fn character_references_in_plain_text_are_decoded() {
        let r = converted(
            "&nbsp;&nbsp;各位代表：\n&nbsp;&nbsp;加快发展&ldquo;数字经济&rdquo;，增长率6&permil;，“11&#8226;18”与“5&#x2022;18”。\nR&D投入；A&B;",
        );
        assert_eq!(
            r.text,
            "\u{a0}\u{a0}各位代表：\n\u{a0}\u{a0}加快发展“数字经济”，增长率6‰，“11•18”与“5•18”。\nR&D投入；A&B;"
        );
        // Plain text: not converted from HTML, lines kept.
        assert_eq!(r.conversion, Conversion::None);
        // No reference: the text as it was.
        for plain in ["R&D投入", "A&B;C", "&;", "数字经济"] {
            assert_eq!(converted(plain).text, plain);
        }
    }

    #[test]
    fn lines_joined_with_br_are_markup() {
        let r = converted(
            "2020年示例市政府工作报告<br>各位代表：<br/>现在，我代表市人民政府向大会报告工作。<br />加快发展数字经济。<BR>",
        );
        assert_eq!(r.conversion, Conversion::Html);
        let lines: Vec<&str> = r
            .text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        assert_eq!(
            lines,
            [
                "2020年示例市政府工作报告",
                "各位代表：",
                "现在，我代表市人民政府向大会报告工作。",
                "加快发展数字经济。"
            ]
        );
        // One or two breaks in a long text are no markup.
        let long = format!("{}<br>{}", "正文。".repeat(2000), "正文。".repeat(2000));
        assert_eq!(converted(&long).conversion, Conversion::None);
    }

    #[test]
    fn texts_with_escaped_line_breaks_are_unescaped() {
        // A string literal's inside, quotes escaped or not.
        let r = converted(
            "各位代表：\\n现在，我代表市人民政府向大会报告\\\"工作\\\"。\\n\\t加快发展\"数字经济\"。",
        );
        assert_eq!(
            r.text,
            "各位代表：\n现在，我代表市人民政府向大会报告\"工作\"。\n\t加快发展\"数字经济\"。"
        );
        // Non-ASCII escaped too (a JSON dump with ensure_ascii).
        let ascii = "\\u5404\\u4f4d\\u4ee3\\u8868\\uff1a\\n\\u6570\\u5b57\\u7ecf\\u6d4e\\u3002\\n"
            .repeat(3);
        assert_eq!(converted(&ascii).text, "各位代表：\n数字经济。\n".repeat(3));
        // An escape JSON does not know: only the line breaks.
        let odd = "第一段\\n第二段 C:\\dir\\n第三段";
        assert_eq!(converted(odd).text, "第一段\n第二段 C:\\dir\n第三段");
        // One escaped break, or real line breaks: left alone.
        for text in ["路径 a\\nb", "第一段\n第二段\n第三段 a\\nb c\\nd"] {
            assert_eq!(converted(text).text, text);
        }
    }

    #[test]
    fn extensions_are_case_insensitive() {
        assert_eq!(Format::of(Path::new("a/B.TXT")), Some(Format::Txt));
        assert_eq!(Format::of(Path::new("报告.HTM")), Some(Format::Html));
        assert_eq!(Format::of(Path::new("x.Xlsx")), Some(Format::Xlsx));
        assert_eq!(Format::of(Path::new("x.PDF")), Some(Format::Pdf));
        assert_eq!(Format::of(Path::new("x.DOC")), Some(Format::Doc));
        assert_eq!(Format::of(Path::new("x.rtf")), None);
        assert!(unsupported_advice(Path::new("x.RTF")).is_some());
    }

    #[test]
    fn content_overrides_the_extension() {
        let page = b"\n  <!DOCTYPE html><html><body><p>x</p></body></html>";
        assert_eq!(Format::sniff(page, Format::Txt), Some(Format::Html));
        assert_eq!(
            Format::sniff(b"%PDF-1.7\n...", Format::Txt),
            Some(Format::Pdf)
        );
        assert_eq!(Format::sniff("各位代表：".as_bytes(), Format::Txt), None);
        // Plain text named `.doc` (UTF-8, GBK, UTF-16 with its BOM) is text;
        // RTF and binary files stay `.doc` (whose reader says what they are).
        let gbk = encoding_rs::GBK.encode("政府工作报告\r\n各位代表：").0;
        for text in [
            "政府工作报告\n各位代表：\t现在".as_bytes(),
            &gbk,
            &[0xFF, 0xFE, 0x3F, 0x5F, 0x00, 0x00],
        ] {
            assert_eq!(Format::sniff(text, Format::Doc), Some(Format::Txt));
        }
        assert_eq!(Format::sniff(b"{\\rtf1\\ansi hello}", Format::Doc), None);
        assert_eq!(Format::sniff(b"\x01\x02binary\x00\x00", Format::Doc), None);
        assert_eq!(Format::sniff(b"", Format::Doc), None);
        // A plain text that mentions <html> later is still text.
        assert_eq!(
            Format::sniff("正文 <html> 标签".as_bytes(), Format::Txt),
            None
        );
    }

    #[test]
    fn a_zip_that_cannot_be_opened_keeps_its_office_extension() {
        // The first bytes of a zip container whose end (the central
        // directory) is missing, as an interrupted download leaves it.
        let cut = b"PK\x03\x04\x14\x00\x00\x00\x08\x00word/document.xml";
        for kind in [Format::Docx, Format::Xlsx, Format::Odt, Format::Ods] {
            assert_eq!(Format::sniff(cut, kind), Some(kind));
        }
        // Another extension, or none: an archive (whose reader says it is
        // damaged).
        assert_eq!(Format::sniff(cut, Format::Txt), Some(Format::Zip));
        assert_eq!(Format::sniff(cut, Format::Zip), Some(Format::Zip));
        let why = unreadable_zip(cut, "docx", &"no end of central directory");
        assert!(why.starts_with("a damaged or cut-short .docx"), "{why}");
        let why = unreadable_zip(b"plain text", "docx", &"no end of central directory");
        assert!(why.starts_with("not a readable .docx"), "{why}");
    }
}
