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

/// Read a JSON Lines text.
pub fn read(text: &str, shown: &str, cfg: &FolderConfig) -> FileRecords {
    let mut out = FileRecords::default();
    let mut saw_text_field = false;
    let mut objects = 0usize;
    let mut keys_seen: Vec<String> = Vec::new();
    // Objects of one file nearly always share their keys: resolve once per
    // distinct key list.
    let mut last: Option<(Vec<String>, FieldMap)> = None;
    for (i, line) in text.lines().enumerate() {
        let line_no = i as u64 + 1;
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
    if objects > 0 && !saw_text_field {
        // Not a report file at all: one warning instead of one per line.
        out.warnings.retain(|w| w.kind != WarningKind::Empty);
        out.warnings.push(Warning::new(
            WarningKind::NotAReport,
            shown,
            None,
            format!("skipped: {}", text_missing_message(cfg, &keys_seen, None)),
        ));
    }
    out
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
    fn no_text_key_anywhere_is_one_warning() {
        let r = read("{\"a\":1}\n{\"a\":2}\n", "x.jsonl", &cfg());
        assert!(r.records.is_empty());
        assert_eq!(r.warnings.len(), 1);
        assert_eq!(r.warnings[0].kind, WarningKind::NotAReport);
        assert!(r.warnings[0].message.contains("fields are: a"));
    }
}
