//! JSON Lines: one object per line, one document per object. The text field
//! must be a string; anything else (a number, an array, an object) is a
//! warning naming the line, never a document.

use serde_json::Value;

use super::fields::{FieldMap, text_missing_message};
use super::{FileRecords, RawRecord};
use crate::corpus::config::FolderConfig;
use crate::error::{Warning, WarningKind};

/// A field's value as text (numbers and booleans written out).
fn value_text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Null => None,
        Value::String(s) if s.trim().is_empty() => None,
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        other => Some(other.to_string()),
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Bytes of JSON Lines parsed by one task: a large file is split at line
/// breaks into pieces of about this size, parsed in parallel, and the
/// pieces' records and warnings joined in file order.
const CHUNK: usize = 4 << 20;

/// What reading some lines of a JSON Lines file gave: its records and
/// warnings, and what is needed to tell, once the whole file is read,
/// whether it holds reports at all. Pieces read in parallel, and the chunks
/// of a file read in turn ([`read_lines`]), are joined with
/// [`JsonlScan::append`] and closed with [`JsonlScan::finish`].
#[derive(Default)]
pub struct JsonlScan {
    /// The records and warnings so far (records may be taken out as they
    /// come; the warnings and field mapping stay).
    pub out: FileRecords,
    saw_text_field: bool,
    objects: usize,
    keys_seen: Vec<String>,
}

impl JsonlScan {
    /// Join the scan of the lines that follow.
    pub fn append(&mut self, mut next: JsonlScan) {
        self.out.records.append(&mut next.out.records);
        self.out.warnings.append(&mut next.out.warnings);
        self.out.fields = self.out.fields.take().or(next.out.fields);
        self.saw_text_field |= next.saw_text_field;
        self.objects += next.objects;
        if self.keys_seen.is_empty() {
            self.keys_seen = next.keys_seen;
        }
    }

    /// The file's records and warnings: a file of objects none of which has
    /// a text field is one "not a report" warning instead of one per line.
    pub fn finish(mut self, shown: &str, cfg: &FolderConfig) -> FileRecords {
        if self.objects > 0 && !self.saw_text_field {
            self.out.warnings.retain(|w| w.kind != WarningKind::Empty);
            self.out.warnings.push(Warning::new(
                WarningKind::NotAReport,
                shown,
                None,
                format!(
                    "skipped: {}",
                    text_missing_message(cfg, &self.keys_seen, None)
                ),
            ));
        }
        self.out
    }
}

/// Read a JSON Lines text (in parallel pieces when it is large; the result
/// is the same as reading it in one go).
pub fn read(text: &str, shown: &str, cfg: &FolderConfig) -> FileRecords {
    read_lines(text, 1, shown, cfg).finish(shown, cfg)
}

/// Read the lines of `text`, the first of which is line `first_line` of
/// the file, in parallel pieces; not yet [finished](JsonlScan::finish).
pub fn read_lines(text: &str, first_line: u64, shown: &str, cfg: &FolderConfig) -> JsonlScan {
    use rayon::prelude::*;
    let pieces: Vec<JsonlScan> = split_lines(text, CHUNK)
        .into_par_iter()
        .map(|(line, part)| read_piece(part, first_line - 1 + line, shown, cfg))
        .collect();
    let mut all = JsonlScan::default();
    for p in pieces {
        all.append(p);
    }
    all
}

/// `text` cut after line breaks into pieces of at least `size` bytes, each
/// with the 1-based number of its first line.
fn split_lines(text: &str, size: usize) -> Vec<(u64, &str)> {
    let mut pieces = Vec::new();
    let (mut start, mut line) = (0usize, 1u64);
    while start < text.len() {
        let want = (start + size).min(text.len());
        let end = match memchr::memchr(b'\n', &text.as_bytes()[want..]) {
            Some(k) if want < text.len() => want + k + 1,
            _ => text.len(),
        };
        let part = &text[start..end];
        pieces.push((line, part));
        line += memchr::memchr_iter(b'\n', part.as_bytes()).count() as u64;
        start = end;
    }
    pieces
}

/// Read the lines of one piece, numbered from `first_line`.
fn read_piece(text: &str, first_line: u64, shown: &str, cfg: &FolderConfig) -> JsonlScan {
    let mut out = FileRecords::default();
    let mut saw_text_field = false;
    let mut objects = 0usize;
    let mut keys_seen: Vec<String> = Vec::new();
    // Objects of one file nearly always share their keys: resolve once per
    // distinct key list.
    let mut last: Option<(Vec<String>, FieldMap)> = None;
    for (i, line) in text.lines().enumerate() {
        let line_no = first_line + i as u64;
        if line.trim().is_empty() {
            continue;
        }
        let mut obj = match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(o)) => o,
            Ok(v) => {
                out.warn(
                    WarningKind::Parse,
                    shown,
                    Some(line_no),
                    format!("line is JSON but {}, not an object; skipped", kind_of(&v)),
                );
                continue;
            }
            Err(e) => {
                out.warn(
                    WarningKind::Parse,
                    shown,
                    Some(line_no),
                    format!("invalid JSON ({e}); line skipped"),
                );
                continue;
            }
        };
        objects += 1;
        let keys: Vec<String> = obj.keys().cloned().collect();
        let names = match &last {
            Some((k, m)) if *k == keys => m.clone(),
            _ => {
                let m = FieldMap::resolve(cfg, &keys);
                last = Some((keys.clone(), m.clone()));
                m
            }
        };
        if keys_seen.is_empty() {
            keys_seen = keys;
        }
        let get = |obj: &serde_json::Map<String, Value>, name: &Option<String>| {
            value_text(name.as_ref().and_then(|n| obj.get(n)))
        };
        let Some(text_key) = &names.text else {
            continue;
        };
        saw_text_field = true;
        let body = match obj.remove(text_key) {
            Some(Value::String(s)) if !s.trim().is_empty() => s,
            None | Some(Value::Null) | Some(Value::String(_)) => {
                out.warn(
                    WarningKind::Empty,
                    shown,
                    Some(line_no),
                    format!("text field {text_key:?} is empty; skipped"),
                );
                continue;
            }
            Some(other) => {
                out.warn(
                    WarningKind::Parse,
                    shown,
                    Some(line_no),
                    format!(
                        "text field {text_key:?} is {}, not a string; line skipped",
                        kind_of(&other)
                    ),
                );
                continue;
            }
        };
        let mut rec = RawRecord {
            text: body,
            title: get(&obj, &names.title),
            year: get(&obj, &names.year),
            date: get(&obj, &names.date),
            region: get(&obj, &names.region),
            province: get(&obj, &names.province),
            level: get(&obj, &names.level),
            line: Some(line_no),
            ..RawRecord::default()
        };
        rec.convert_markup();
        out.records.push(rec);
        if out.fields.is_none() {
            out.fields = Some(names);
        }
    }
    JsonlScan {
        out,
        saw_text_field,
        objects,
        keys_seen,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn cfg() -> FolderConfig {
        FolderConfig::none(Path::new(".")).unwrap()
    }

    #[test]
    fn fields_lines_and_nulls() {
        let text = "{\"title\":\"2025年报告\",\"year\":\"2025\",\"content\":\"正文\"}\n\n{\"title\":\"决议\",\"year\":null,\"content\":\"决议正文\"}\nnot json\n";
        let r = read(text, "n.jsonl", &cfg());
        assert_eq!(r.records.len(), 2);
        assert_eq!(r.records[0].year.as_deref(), Some("2025"));
        assert_eq!(r.records[1].year, None);
        assert_eq!(r.records[1].line, Some(3));
        assert_eq!(r.warnings.len(), 1);
        assert_eq!(r.warnings[0].line, Some(4));
    }

    #[test]
    fn a_text_field_that_is_not_a_string_is_a_warning() {
        let text = "{\"year\":2015,\"正文\":12345}\n{\"year\":2016,\"正文\":[\"a\"]}\n{\"year\":2017,\"正文\":\"报告\"}\n";
        let r = read(text, "n.jsonl", &cfg());
        assert_eq!(r.records.len(), 1);
        assert_eq!(r.records[0].year.as_deref(), Some("2017"));
        let lines: Vec<_> = r.warnings.iter().map(|w| (w.line, w.kind)).collect();
        assert_eq!(
            lines,
            [(Some(1), WarningKind::Parse), (Some(2), WarningKind::Parse)]
        );
        assert!(r.warnings[0].message.contains("a number"));
    }

    #[test]
    fn pieces_read_like_the_whole() {
        let mut text = String::new();
        for i in 0..500 {
            match i % 7 {
                3 => text.push_str("not json\n"),
                5 => text.push('\n'),
                _ => text.push_str(&format!(
                    "{{\"year\":{},\"content\":\"正文{i}\"}}\n",
                    1990 + i % 30
                )),
            }
        }
        let whole = read_piece(&text, 1, "x.jsonl", &cfg()).out;
        for size in [1, 10, 100, 1000, 1 << 20] {
            let pieces = split_lines(&text, size);
            assert_eq!(pieces.iter().map(|p| p.1).collect::<String>(), text);
            let mut records = Vec::new();
            let mut warnings = Vec::new();
            for (first, part) in pieces {
                let mut p = read_piece(part, first, "x.jsonl", &cfg());
                records.append(&mut p.out.records);
                warnings.append(&mut p.out.warnings);
            }
            assert_eq!(records, whole.records, "{size}");
            assert_eq!(warnings, whole.warnings, "{size}");
        }
        assert_eq!(read(&text, "x.jsonl", &cfg()).records, whole.records);
    }

    #[test]
    fn no_text_key_anywhere_is_one_warning() {
        let r = read("{\"a\":1}\n{\"a\":2}\n", "x.jsonl", &cfg());
        assert!(r.records.is_empty());
        assert_eq!(r.warnings.len(), 1);
        assert_eq!(r.warnings[0].kind, WarningKind::NotAReport);
        assert!(r.warnings[0].message.contains("fields are: a"));
    }
}
