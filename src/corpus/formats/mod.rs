//! Reading the supported file formats into raw records: `.txt`/`.md` (one
//! document per file), `.jsonl` (one per line), `.csv` (one per row).

pub mod archive;
pub mod html;
pub mod office;
pub mod pdf;
pub mod sheet;

use std::path::Path;

use serde_json::Value;

use super::config::{FolderConfig, defaults};
use crate::error::{Warning, WarningKind};

/// A supported input format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain text, one document.
    Txt,
    /// Markdown, one document.
    Md,
    /// JSON Lines, one document per line.
    Jsonl,
    /// CSV with a header, one document per row.
    Csv,
}

impl Format {
    /// The format of a path, by extension (case-insensitive).
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(Format::Txt),
            "md" | "markdown" => Some(Format::Md),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }

    /// Lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Txt => "txt",
            Format::Md => "md",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
        }
    }
}

/// Extensions of document formats we cannot read, with advice.
pub fn unsupported_advice(path: &Path) -> Option<&'static str> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "pdf" | "doc" | "docx" | "wps" | "rtf" | "odt" => {
            Some("this format is not read; save the report as .txt (UTF-8) first")
        }
        "html" | "htm" => Some("web pages are not read; save the page text as .txt"),
        "xls" | "xlsx" | "ods" => Some("spreadsheets are not read; export as .csv (UTF-8)"),
        "json" => Some("plain .json is not read; use JSON Lines (.jsonl), one document per line"),
        _ => None,
    }
}

/// One document as found in a file, before cleaning.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawRecord {
    /// The text as stored.
    pub text: String,
    /// The title field, if any.
    pub title: Option<String>,
    /// The year field, if any (as text).
    pub year: Option<String>,
    /// The date field, if any.
    pub date: Option<String>,
    /// The region field, if any.
    pub region: Option<String>,
    /// The province field, if any.
    pub province: Option<String>,
    /// The level field, if any.
    pub level: Option<String>,
    /// 1-based line where the record starts (JSONL, CSV).
    pub line: Option<u64>,
    /// 1-based data row (CSV).
    pub row: Option<u64>,
}

/// Records read from one file, and the problems met.
#[derive(Debug, Default)]
pub struct FileRecords {
    /// The documents.
    pub records: Vec<RawRecord>,
    /// Problems (bad lines, missing fields, not a report).
    pub warnings: Vec<Warning>,
}

/// Split a decoded file into records.
pub fn read_records(text: &str, format: Format, shown: &str, cfg: &FolderConfig) -> FileRecords {
    match format {
        Format::Txt | Format::Md => FileRecords {
            records: vec![RawRecord {
                text: text.to_string(),
                ..RawRecord::default()
            }],
            warnings: vec![],
        },
        Format::Jsonl => read_jsonl(text, shown, cfg),
        Format::Csv => read_csv(text, shown, cfg),
    }
}

struct FieldNames {
    text: Option<String>,
    title: Option<String>,
    year: Option<String>,
    date: Option<String>,
    region: Option<String>,
    province: Option<String>,
    level: Option<String>,
}

impl FieldNames {
    fn resolve(cfg: &FolderConfig, available: &[String]) -> Self {
        let f = &cfg.config.fields;
        let pick = |explicit: &Option<String>, cands: &[&str]| {
            FolderConfig::pick(explicit.as_deref(), cands, available)
        };
        FieldNames {
            text: pick(&f.text, defaults::TEXT),
            title: pick(&f.title, defaults::TITLE),
            year: pick(&f.year, defaults::YEAR),
            date: pick(&f.date, defaults::DATE),
            region: pick(&f.region, defaults::REGION),
            province: pick(&f.province, defaults::PROVINCE),
            level: pick(&f.level, defaults::LEVEL),
        }
    }

    fn text_missing_message(cfg: &FolderConfig) -> String {
        match &cfg.config.fields.text {
            Some(name) => format!("no field {name:?} (set in corpus.toml [fields] text)"),
            None => format!(
                "no text field (looked for {}); set [fields] text in a corpus.toml if the text is under another name",
                defaults::TEXT.join(", ")
            ),
        }
    }
}

/// A field's value as text, taking it (the report text is most of the line;
/// moving it saves a copy).
fn value_into_text(v: Value) -> Option<String> {
    match v {
        Value::String(s) if s.trim().is_empty() => None,
        Value::String(s) => Some(s),
        other => value_text(Some(&other)),
    }
}

fn value_text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Null => None,
        Value::String(s) if s.trim().is_empty() => None,
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        other => Some(other.to_string()),
    }
}

fn read_jsonl(text: &str, shown: &str, cfg: &FolderConfig) -> FileRecords {
    let mut out = FileRecords::default();
    let mut saw_text_field = false;
    let mut objects = 0usize;
    for (i, line) in text.lines().enumerate() {
        let line_no = i as u64 + 1;
        if line.trim().is_empty() {
            continue;
        }
        let mut obj = match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(o)) => o,
            Ok(_) => {
                out.warnings.push(Warning::new(
                    WarningKind::Parse,
                    shown,
                    Some(line_no),
                    "line is JSON but not an object; skipped",
                ));
                continue;
            }
            Err(e) => {
                out.warnings.push(Warning::new(
                    WarningKind::Parse,
                    shown,
                    Some(line_no),
                    format!("invalid JSON ({e}); line skipped"),
                ));
                continue;
            }
        };
        objects += 1;
        let keys: Vec<String> = obj.keys().cloned().collect();
        let names = FieldNames::resolve(cfg, &keys);
        let body = names
            .text
            .as_ref()
            .and_then(|n| obj.remove(n))
            .and_then(value_into_text);
        let get = |name: &Option<String>| value_text(name.as_ref().and_then(|n| obj.get(n)));
        let Some(body) = body else {
            if names.text.is_some() {
                saw_text_field = true;
                out.warnings.push(Warning::new(
                    WarningKind::Empty,
                    shown,
                    Some(line_no),
                    "text field is empty; skipped",
                ));
            } else {
                out.warnings.push(Warning::new(
                    WarningKind::Parse,
                    shown,
                    Some(line_no),
                    format!("{}; line skipped", FieldNames::text_missing_message(cfg)),
                ));
            }
            continue;
        };
        saw_text_field = true;
        out.records.push(RawRecord {
            text: body,
            title: get(&names.title),
            year: get(&names.year),
            date: get(&names.date),
            region: get(&names.region),
            province: get(&names.province),
            level: get(&names.level),
            line: Some(line_no),
            row: None,
        });
    }
    if objects > 0 && !saw_text_field {
        // Not a report file at all: one warning instead of one per line.
        out.warnings.clear();
        out.warnings.push(Warning::new(
            WarningKind::NotAReport,
            shown,
            None,
            format!(
                "skipped: {}",
                FieldNames::text_missing_message(cfg).replacen("no ", "no line has a ", 1)
            ),
        ));
    }
    out
}

fn read_csv(text: &str, shown: &str, cfg: &FolderConfig) -> FileRecords {
    let mut out = FileRecords::default();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_string()).collect(),
        Err(e) => {
            out.warnings.push(Warning::new(
                WarningKind::Parse,
                shown,
                Some(1),
                format!("cannot read the CSV header ({e}); file skipped"),
            ));
            return out;
        }
    };
    let names = FieldNames::resolve(cfg, &headers);
    let Some(text_col) = names
        .text
        .as_ref()
        .and_then(|n| headers.iter().position(|h| h == n))
    else {
        out.warnings.push(Warning::new(
            WarningKind::NotAReport,
            shown,
            None,
            format!(
                "skipped, not a report table: header has {}; {}",
                headers.join(","),
                FieldNames::text_missing_message(cfg)
            ),
        ));
        return out;
    };
    let col = |name: &Option<String>| {
        name.as_ref()
            .and_then(|n| headers.iter().position(|h| h == n))
    };
    let (title, year, date) = (col(&names.title), col(&names.year), col(&names.date));
    let (region, province, level) = (col(&names.region), col(&names.province), col(&names.level));
    for (i, rec) in reader.records().enumerate() {
        let row = i as u64 + 1;
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line());
                out.warnings.push(Warning::new(
                    WarningKind::Parse,
                    shown,
                    line,
                    format!("row {row}: {e}; row skipped"),
                ));
                continue;
            }
        };
        let line = rec.position().map(|p| p.line());
        let get = |c: Option<usize>| {
            c.and_then(|c| rec.get(c))
                .map(str::to_string)
                .filter(|s| !s.trim().is_empty())
        };
        let Some(body) = get(Some(text_col)) else {
            out.warnings.push(Warning::new(
                WarningKind::Empty,
                shown,
                line,
                format!("row {row}: text column is empty; skipped"),
            ));
            continue;
        };
        out.records.push(RawRecord {
            text: body,
            title: get(title),
            year: get(year),
            date: get(date),
            region: get(region),
            province: get(province),
            level: get(level),
            line,
            row: Some(row),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg() -> FolderConfig {
        FolderConfig::none(Path::new(".")).unwrap()
    }

    #[test]
    fn jsonl_fields_lines_and_nulls() {
        let text = "{\"title\":\"2025年报告\",\"year\":\"2025\",\"content\":\"正文\"}\n\n{\"title\":\"决议\",\"year\":null,\"content\":\"决议正文\"}\nnot json\n";
        let r = read_records(text, Format::Jsonl, "n.jsonl", &cfg());
        assert_eq!(r.records.len(), 2);
        assert_eq!(r.records[0].year.as_deref(), Some("2025"));
        assert_eq!(r.records[1].year, None);
        assert_eq!(r.records[1].line, Some(3));
        assert_eq!(r.warnings.len(), 1);
        assert_eq!(r.warnings[0].line, Some(4));
    }

    #[test]
    fn csv_with_embedded_newlines_and_lines() {
        let text =
            "province,year,full_text\n北京市,2026,\"第一行\n第二行\"\n天津市,2026,\"正文\"\n";
        let r = read_records(text, Format::Csv, "p.csv", &cfg());
        assert_eq!(r.records.len(), 2);
        assert_eq!(r.records[0].text, "第一行\n第二行");
        assert_eq!(r.records[0].region.as_deref(), Some("北京市"));
        assert_eq!(r.records[1].line, Some(4));
        assert_eq!(r.records[1].row, Some(2));
    }

    #[test]
    fn csv_without_text_column_is_not_a_report() {
        let r = read_records(
            "province,reason\n北京市,timeout\n",
            Format::Csv,
            "failures.csv",
            &cfg(),
        );
        assert!(r.records.is_empty());
        assert_eq!(r.warnings.len(), 1);
        assert_eq!(r.warnings[0].kind, WarningKind::NotAReport);
    }
}
