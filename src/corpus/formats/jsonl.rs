//! JSON Lines (one object per line) and JSON files (an array of objects,
//! or an object holding one, as scrapers and `pandas.to_json(orient=
//! "records")` write them): one document per object. The text field must
//! be a string; anything else (a number, an array, an object) is a warning
//! naming the line, never a document.

use serde_json::Value;
use serde_json::value::RawValue;

use super::fields::{FieldMap, text_missing_message};
use super::{FileRecords, Format, RawRecord};
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
    /// Line breaks in the text read (the next line's number, less the
    /// first's), so that a reader going on in the next chunk need not
    /// count them again.
    pub newlines: u64,
}

impl JsonlScan {
    /// Join the scan of the lines that follow.
    pub fn append(&mut self, mut next: JsonlScan) {
        self.out.records.append(&mut next.out.records);
        self.out.warnings.append(&mut next.out.warnings);
        self.out.fields = self.out.fields.take().or(next.out.fields);
        self.saw_text_field |= next.saw_text_field;
        self.objects += next.objects;
        self.newlines += next.newlines;
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
    let (split, newlines) = split_lines(text, CHUNK);
    let pieces: Vec<JsonlScan> = split
        .into_par_iter()
        .with_max_len(1)
        .map(|(line, part)| read_piece(part, first_line - 1 + line, shown, cfg))
        .collect();
    let mut all = JsonlScan::default();
    for p in pieces {
        all.append(p);
    }
    all.newlines = newlines;
    all
}

/// `text` cut after line breaks into pieces of at least `size` bytes, each
/// with the 1-based number of its first line, and the line breaks of the
/// whole text. The pieces' line breaks are counted in parallel (counted
/// one piece after another, they held up the parallel parse of a large
/// file).
fn split_lines(text: &str, size: usize) -> (Vec<(u64, &str)>, u64) {
    use rayon::prelude::*;
    let mut parts = Vec::new();
    let mut start = 0usize;
    while start < text.len() {
        let want = (start + size).min(text.len());
        let end = match memchr::memchr(b'\n', &text.as_bytes()[want..]) {
            Some(k) if want < text.len() => want + k + 1,
            _ => text.len(),
        };
        parts.push(&text[start..end]);
        start = end;
    }
    let counts: Vec<u64> = parts
        .par_iter()
        .map(|p| memchr::memchr_iter(b'\n', p.as_bytes()).count() as u64)
        .collect();
    let mut line = 1u64;
    let mut pieces = Vec::with_capacity(parts.len());
    for (part, n) in parts.into_iter().zip(counts) {
        pieces.push((line, part));
        line += n;
    }
    (pieces, line - 1)
}

/// Read the lines of one piece, numbered from `first_line`.
fn read_piece(text: &str, first_line: u64, shown: &str, cfg: &FolderConfig) -> JsonlScan {
    let mut scan = JsonlScan::default();
    // Objects of one file nearly always share their keys: resolve once per
    // distinct key list.
    let mut last: Option<(Vec<String>, FieldMap)> = None;
    for (i, line) in crate::corpus::decode::lines(text).enumerate() {
        let line_no = first_line + i as u64;
        if line.trim().is_empty() {
            continue;
        }
        let obj = match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(o)) => o,
            Ok(v) => {
                scan.out.warn(
                    WarningKind::Parse,
                    shown,
                    Some(line_no),
                    format!("line is JSON but {}, not an object; skipped", kind_of(&v)),
                );
                continue;
            }
            Err(e) => {
                scan.out.warn(
                    WarningKind::Parse,
                    shown,
                    Some(line_no),
                    format!("invalid JSON ({e}); line skipped"),
                );
                continue;
            }
        };
        scan.object(obj, line_no, shown, cfg, &mut last);
    }
    scan
}

impl JsonlScan {
    /// Add one object, which starts on line `line_no`: a record, or a
    /// warning. `last` caches the field mapping of the last key list.
    fn object(
        &mut self,
        mut obj: serde_json::Map<String, Value>,
        line_no: u64,
        shown: &str,
        cfg: &FolderConfig,
        last: &mut Option<(Vec<String>, FieldMap)>,
    ) {
        flatten(&mut obj);
        let out = &mut self.out;
        self.objects += 1;
        let keys: Vec<String> = obj.keys().cloned().collect();
        let mut names = match &*last {
            Some((k, m)) if *k == keys => m.clone(),
            _ => {
                let m = FieldMap::resolve(cfg, &keys);
                *last = Some((keys.clone(), m.clone()));
                m
            }
        };
        // No key with a text name: the one key whose value is
        // report-length, as a table's longest column (kept for the objects
        // with the same keys that follow).
        if names.text.is_none()
            && cfg.config.fields.text.is_none()
            && let Some(key) = long_text_key(&obj, &names)
        {
            names.text = Some(key);
            names.text_by_length = true;
            *last = Some((keys.clone(), names.clone()));
        }
        if self.keys_seen.is_empty() {
            self.keys_seen = keys.clone();
        }
        let get = |obj: &serde_json::Map<String, Value>, name: &Option<String>| {
            value_text(name.as_ref().and_then(|n| obj.get(n)))
        };
        let Some(text_key) = &names.text else {
            // One record without the text field others have (a misspelt
            // key, a text kept in a sub-object): said, with its line
            // ([`JsonlScan::finish`] makes these one warning when no record
            // has a text field).
            out.warn(
                WarningKind::Empty,
                shown,
                Some(line_no),
                format!(
                    "no text field among this record's keys ({}), though the file's other records have one; skipped (a misspelt key? [fields] text = \"…\" in a corpus.toml names the field to read)",
                    keys.join(", ")
                ),
            );
            return;
        };
        self.saw_text_field = true;
        let empty = |out: &mut FileRecords| {
            out.warn(
                WarningKind::Empty,
                shown,
                Some(line_no),
                format!("text field {text_key:?} is empty; skipped"),
            );
        };
        let body = match obj.remove(text_key) {
            Some(Value::String(s)) if !s.trim().is_empty() => s,
            // The paragraphs as a list of strings (how scrapers often keep
            // them): one paragraph per line.
            Some(Value::Array(items))
                if items.iter().all(Value::is_string)
                    && items
                        .iter()
                        .any(|v| v.as_str().is_some_and(|p| !p.trim().is_empty())) =>
            {
                items
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join("\n")
            }
            None | Some(Value::Null) | Some(Value::String(_)) => {
                empty(out);
                return;
            }
            Some(Value::Array(items)) if items.iter().all(Value::is_string) => {
                empty(out);
                return;
            }
            Some(other) => {
                out.warn(
                    WarningKind::Parse,
                    shown,
                    Some(line_no),
                    format!(
                        "text field {text_key:?} is {}, not a string; skipped",
                        kind_of(&other)
                    ),
                );
                return;
            }
        };
        let mut rec = RawRecord {
            text: body,
            title: get(&obj, &names.title),
            year: get(&obj, &names.year),
            date: get(&obj, &names.date),
            date_published: names.date_is_publication,
            region: super::fields::place(get(&obj, &names.region))
                .or_else(|| super::fields::place(get(&obj, &names.region_parent))),
            parent_region: super::fields::place(get(&obj, &names.region_parent)),
            province: super::fields::place(get(&obj, &names.province)),
            level: get(&obj, &names.level),
            paragraph: get(&obj, &names.paragraph),
            line: Some(line_no),
            ..RawRecord::default()
        };
        rec.convert_markup();
        out.records.push(rec);
        if out.fields.is_none() {
            out.fields = Some(names);
        }
    }
}

/// Lift the fields of sub-objects to the top, under dotted names
/// (`{"meta": {"year": 2019}}` → `meta.year`), one level down, as datasets
/// exported with their metadata apart write them; field names then match
/// on the part after the dot too ([`FieldMap::resolve`]). A top-level key
/// of the same name is left as it is.
fn flatten(obj: &mut serde_json::Map<String, Value>) {
    if !obj.values().any(Value::is_object) {
        return;
    }
    let nested: Vec<String> = obj
        .iter()
        .filter(|(_, v)| v.is_object())
        .map(|(k, _)| k.clone())
        .collect();
    for key in nested {
        if let Some(Value::Object(inner)) = obj.remove(&key) {
            for (k, v) in inner {
                obj.entry(format!("{key}.{k}")).or_insert(v);
            }
        }
    }
}

/// Objects handed to one task when a JSON file's array is read in parallel.
const JSON_BATCH: usize = 64;

/// Read a JSON file: an array of objects, an object holding such an array
/// (at any depth up to three; the longest when there are several), or one
/// object with a text field. Each object's line is where it starts. A file
/// that is not one JSON value but JSON Lines (as some tools name them) is
/// read as JSON Lines.
pub fn read_json(text: &str, shown: &str, cfg: &FolderConfig) -> FileRecords {
    use rayon::prelude::*;
    let top: &RawValue = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let mut lines = text.lines().filter(|l| !l.trim().is_empty());
            let first_is_object = lines
                .next()
                .is_some_and(|l| matches!(serde_json::from_str::<Value>(l), Ok(Value::Object(_))));
            if first_is_object && lines.next().is_some() {
                return read(text, shown, cfg);
            }
            let mut out = FileRecords::default();
            out.warn(
                WarningKind::Parse,
                shown,
                Some(e.line() as u64),
                format!("invalid JSON ({e}); file skipped"),
            );
            return out;
        }
    };
    let line_of = |raw: &RawValue| {
        let at = (raw.get().as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
        1 + memchr::memchr_iter(b'\n', &text.as_bytes()[..at.min(text.len())]).count() as u64
    };
    if let Some(rows) = pandas_table(top, cfg) {
        return super::table::read_rows(rows, shown, None, cfg);
    }
    let Some(items) = report_objects(top, cfg, 0) else {
        let mut out = FileRecords::default();
        let keys: Vec<String> =
            serde_json::from_str::<std::collections::BTreeMap<String, &RawValue>>(top.get())
                .map(|m| m.into_keys().collect())
                .unwrap_or_default();
        out.warn(
            WarningKind::NotAReport,
            shown,
            None,
            if keys.is_empty() {
                "skipped: no report objects (expected an array of objects with a text field, or an object holding one)".to_string()
            } else {
                format!("skipped: {}", text_missing_message(cfg, &keys, None))
            },
        );
        return out;
    };
    let pieces: Vec<JsonlScan> = items
        .par_chunks(JSON_BATCH)
        .enumerate()
        .map(|(b, batch)| {
            let mut scan = JsonlScan::default();
            let mut last = None;
            for (k, raw) in batch.iter().enumerate() {
                let line_no = line_of(raw);
                match serde_json::from_str::<Value>(raw.get()) {
                    Ok(Value::Object(o)) => {
                        let (before, warned) = (scan.out.records.len(), scan.out.warnings.len());
                        scan.object(o, line_no, shown, cfg, &mut last);
                        // The record's number in its array, on the record and
                        // on what was said about it: objects written on one
                        // line share their line number.
                        let number = (b * JSON_BATCH + k + 1) as u64;
                        if scan.out.records.len() > before
                            && let Some(rec) = scan.out.records.last_mut()
                        {
                            rec.row = Some(number);
                        }
                        for w in &mut scan.out.warnings[warned..] {
                            if w.file == shown {
                                w.file = crate::corpus::location(
                                    shown,
                                    None,
                                    Some(number),
                                    Format::Json,
                                );
                            }
                        }
                    }
                    Ok(v) => scan.out.warn(
                        WarningKind::Parse,
                        shown,
                        Some(line_no),
                        format!("array element is {}, not an object; skipped", kind_of(&v)),
                    ),
                    Err(e) => scan.out.warn(
                        WarningKind::Parse,
                        shown,
                        Some(line_no),
                        format!("invalid JSON ({e}); element skipped"),
                    ),
                }
            }
            scan
        })
        .collect();
    let mut all = JsonlScan::default();
    for p in pieces {
        all.append(p);
    }
    all.finish(shown, cfg)
}

/// A table as pandas writes a data frame to JSON, as rows (the header
/// first, numbered 1; data rows from 2): orient `split`
/// (`{"columns": [...], "data": [[...], ...]}`), `columns`, the default of
/// `DataFrame.to_json` (`{"year": {"0": 2019, ...}, "text": {"0": "…", ...}}`,
/// one object per column keyed by the row labels; a column names the text
/// field) or `index` (`{"0": {"year": 2019, "text": "…"}, ...}`, one object
/// per row). Row labels that are all integers (pandas' default index) are
/// taken in numeric order, others in the order of their text.
fn pandas_table(top: &RawValue, cfg: &FolderConfig) -> Option<Vec<(u32, Vec<String>)>> {
    // A look at the top level first (borrowed, cheap): an object whose
    // values are all objects, or that holds `columns` and `data` arrays.
    let parts: std::collections::BTreeMap<String, &RawValue> =
        serde_json::from_str(top.get()).ok()?;
    let starts = |r: &RawValue, c: char| r.get().trim_start().starts_with(c);
    let split = ["columns", "data"]
        .iter()
        .all(|k| parts.get(*k).is_some_and(|r| starts(r, '[')));
    if parts.is_empty() || !(split || parts.values().all(|r| starts(r, '{'))) {
        return None;
    }
    let Ok(Value::Object(obj)) = serde_json::from_str::<Value>(top.get()) else {
        return None;
    };
    let cell = |v: &Value| match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    };
    let numbered = |rows: Vec<Vec<String>>| -> Vec<(u32, Vec<String>)> {
        rows.into_iter()
            .enumerate()
            .map(|(i, r)| (i as u32 + 1, r))
            .collect()
    };
    let ordered = |labels: Vec<&String>| -> Vec<String> {
        let mut labels: Vec<String> = labels.into_iter().cloned().collect();
        if labels.iter().all(|l| l.parse::<i64>().is_ok()) {
            labels.sort_by_key(|l| l.parse::<i64>().unwrap_or(0));
        }
        labels
    };
    if let (Some(Value::Array(columns)), Some(Value::Array(data))) =
        (obj.get("columns"), obj.get("data"))
    {
        let mut rows = vec![columns.iter().map(cell).collect::<Vec<_>>()];
        for r in data {
            rows.push(r.as_array()?.iter().map(cell).collect());
        }
        return Some(numbered(rows));
    }
    if obj.is_empty() || !obj.values().all(Value::is_object) {
        return None;
    }
    let names: Vec<String> = obj.keys().cloned().collect();
    let map = FieldMap::resolve(cfg, &names);
    if let Some(text) = &map.text {
        // One object per column.
        let labels = ordered(obj.get(text)?.as_object()?.keys().collect());
        let mut rows = vec![names.clone()];
        for label in &labels {
            rows.push(
                names
                    .iter()
                    .map(|n| obj[n].get(label.as_str()).map(cell).unwrap_or_default())
                    .collect(),
            );
        }
        return Some(numbered(rows));
    }
    // One object per row: the columns are the rows' keys.
    let mut header: Vec<String> = Vec::new();
    for row in obj.values().filter_map(Value::as_object) {
        for k in row.keys() {
            if !header.contains(k) {
                header.push(k.clone());
            }
        }
    }
    FieldMap::resolve(cfg, &header).text.as_ref()?;
    let mut rows = vec![header.clone()];
    for label in ordered(obj.keys().collect()) {
        let row = obj[&label].as_object()?;
        rows.push(
            header
                .iter()
                .map(|h| row.get(h).map(cell).unwrap_or_default())
                .collect(),
        );
    }
    Some(numbered(rows))
}

/// The report objects of a JSON value: the elements of an array holding
/// objects; the value itself when it is an object with a text field; else
/// the longest such array among an object's values (searched to `depth`
/// 3). `None` when there is none.
fn report_objects<'a>(
    value: &'a RawValue,
    cfg: &FolderConfig,
    depth: usize,
) -> Option<Vec<&'a RawValue>> {
    let starts = |r: &RawValue, c: char| r.get().trim_start().starts_with(c);
    if starts(value, '[') {
        let items: Vec<&RawValue> = serde_json::from_str(value.get()).ok()?;
        return items.iter().any(|i| starts(i, '{')).then_some(items);
    }
    if !starts(value, '{') {
        return None;
    }
    let fields: std::collections::BTreeMap<String, &RawValue> =
        serde_json::from_str(value.get()).ok()?;
    let keys: Vec<String> = fields.keys().cloned().collect();
    if FieldMap::resolve(cfg, &keys).text.is_some() || has_long_text(value, cfg) {
        return Some(vec![value]);
    }
    if depth >= 3 {
        return None;
    }
    // An array whose objects have a text field before any other (pandas'
    // `orient="table"` holds `schema.fields`, objects of `name` and
    // `type`, beside its one-row `data`), then the longest.
    fields
        .values()
        .filter_map(|v| report_objects(v, cfg, depth + 1))
        .max_by_key(|items| (has_text_field(items, cfg), items.len()))
}

/// Whether the first objects of `items` (up to 8) have a field the text is
/// read from (by its name, or by its length: [`long_text_key`]).
fn has_text_field(items: &[&RawValue], cfg: &FolderConfig) -> bool {
    items.iter().take(8).any(|item| {
        serde_json::from_str::<std::collections::BTreeMap<String, serde::de::IgnoredAny>>(
            item.get(),
        )
        .is_ok_and(|fields| {
            let keys: Vec<String> = fields.into_keys().collect();
            FieldMap::resolve(cfg, &keys).text.is_some()
        })
    }) || items.iter().take(8).any(|item| has_long_text(item, cfg))
}

/// Whether `value` is an object whose text is found by its length
/// ([`long_text_key`]), no key having a text name and `corpus.toml` naming
/// none.
fn has_long_text(value: &RawValue, cfg: &FolderConfig) -> bool {
    if cfg.config.fields.text.is_some() {
        return false;
    }
    let Ok(Value::Object(mut obj)) = serde_json::from_str::<Value>(value.get()) else {
        return false;
    };
    flatten(&mut obj);
    let keys: Vec<String> = obj.keys().cloned().collect();
    let map = FieldMap::resolve(cfg, &keys);
    map.text.is_none() && long_text_key(&obj, &map).is_some()
}

/// The text key of an object none of whose keys has a text name, as a
/// table's text column is found by its length: the one key, not taken for
/// another field, whose value (a string, or a list of strings) is
/// report-length (500 characters or more). `None` when no key or several
/// are.
fn long_text_key(obj: &serde_json::Map<String, Value>, map: &FieldMap) -> Option<String> {
    let taken = map.metadata();
    let long: Vec<&String> = obj
        .iter()
        .filter(|(k, _)| !taken.iter().any(|t| t.as_deref() == Some(k.as_str())))
        .filter(|(_, v)| {
            let chars = match v {
                Value::String(s) => s.chars().count(),
                Value::Array(items) => items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(|p| p.chars().count())
                    .sum(),
                _ => 0,
            };
            chars >= 500
        })
        .map(|(k, _)| k)
        .collect();
    match long[..] {
        [k] => Some(k.clone()),
        _ => None,
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
        // A list of strings is paragraphs; a list holding anything else is
        // not a text.
        let text = "{\"year\":2015,\"正文\":12345}\n{\"year\":2016,\"正文\":[1,\"a\"]}\n{\"year\":2017,\"正文\":\"报告\"}\n{\"year\":2018,\"正文\":[\"甲\",\"乙\"]}\n";
        let r = read(text, "n.jsonl", &cfg());
        assert_eq!(r.records.len(), 2);
        assert_eq!(r.records[0].year.as_deref(), Some("2017"));
        assert_eq!(r.records[1].text, "甲\n乙");
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
            let (pieces, newlines) = split_lines(&text, size);
            assert_eq!(pieces.iter().map(|p| p.1).collect::<String>(), text);
            assert_eq!(newlines, text.matches('\n').count() as u64, "{size}");
            assert_eq!(
                read_lines(&text, 1, "x.jsonl", &cfg()).newlines,
                newlines,
                "{size}"
            );
            // Each piece's first line is one more than the breaks before it.
            let mut before = 0u64;
            for (first, part) in &pieces {
                assert_eq!(*first, before + 1, "{size}");
                before += part.matches('\n').count() as u64;
            }
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
    fn fields_of_sub_objects_are_found() {
        // Metadata apart (a dataset's `meta`), the text nested too, and a
        // top-level field that wins over a nested one of the same name.
        let text = concat!(
            "{\"id\": 1, \"meta\": {\"year\": 2019, \"city\": \"甲市\", \"title\": \"2019年甲市政府工作报告\"}, \"content\": \"正文一\"}\n",
            "{\"doc\": {\"text\": \"正文二\"}, \"meta\": {\"year\": \"2020\", \"region\": \"乙市\"}}\n",
            "{\"year\": 2021, \"meta\": {\"year\": 1999}, \"content\": \"正文三\"}\n",
            "{\"text\": {\"body\": \"正文四\"}, \"year\": 2022}\n",
        );
        let r = read(text, "m.jsonl", &cfg());
        let got: Vec<_> = r
            .records
            .iter()
            .map(|x| (x.text.as_str(), x.year.as_deref(), x.region.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("正文一", Some("2019"), Some("甲市")),
                ("正文二", Some("2020"), Some("乙市")),
                ("正文三", Some("2021"), None),
                ("正文四", Some("2022"), None),
            ],
            "{:?}",
            r.warnings
        );
        assert_eq!(
            r.records[0].title.as_deref(),
            Some("2019年甲市政府工作报告")
        );
        let fields = r.fields.unwrap();
        assert_eq!(fields.year.as_deref(), Some("meta.year"));
        assert_eq!(fields.region.as_deref(), Some("meta.city"));
        // In a .json array as well.
        let array = "[{\"meta\": {\"年份\": 2018}, \"正文\": \"甲\"}]";
        let r = read_json(array, "a.json", &cfg());
        assert_eq!(r.records[0].year.as_deref(), Some("2018"));
    }

    #[test]
    fn json_arrays_wrapped_arrays_and_single_objects() {
        let array = "[\n  {\"year\": 2019, \"content\": \"报告一\"},\n  {\"year\": 2020,\n   \"content\": \"报告二\"},\n  7,\n  {\"year\": 2021, \"content\": 12}\n]";
        let r = read_json(array, "a.json", &cfg());
        let got: Vec<_> = r.records.iter().map(|x| (x.year.clone(), x.line)).collect();
        assert_eq!(
            got,
            [
                (Some("2019".into()), Some(2)),
                (Some("2020".into()), Some(3))
            ]
        );
        let warnings: Vec<_> = r.warnings.iter().map(|w| (w.line, w.kind)).collect();
        assert_eq!(
            warnings,
            [(Some(5), WarningKind::Parse), (Some(6), WarningKind::Parse)]
        );
        assert!(r.warnings[0].message.contains("a number, not an object"));
        // Wrapped (the longest array wins), nested, and one object.
        let wrapped = "{\"total\": 2, \"tags\": [{\"a\": 1}], \"data\": {\"list\": [{\"正文\": \"甲\", \"年份\": \"2015年\"}, {\"正文\": \"乙\", \"年份\": \"2016年\"}]}}";
        let r = read_json(wrapped, "w.json", &cfg());
        let years: Vec<_> = r.records.iter().map(|x| x.year.clone().unwrap()).collect();
        assert_eq!(years, ["2015年", "2016年"]);
        // pandas' `to_json(orient="table")` of one row: `data` (one report)
        // wins over the longer `schema.fields`, which has no text field.
        let table = "{\"schema\":{\"fields\":[{\"name\":\"index\",\"type\":\"integer\"},{\"name\":\"year\",\"type\":\"integer\"},{\"name\":\"title\",\"type\":\"string\"},{\"name\":\"content\",\"type\":\"string\"}],\"primaryKey\":[\"index\"],\"pandas_version\":\"1.4.0\"},\"data\":[{\"index\":0,\"year\":2021,\"title\":\"2021年示例市政府工作报告\",\"content\":\"正文\"}]}";
        let r = read_json(table, "t.json", &cfg());
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
        assert_eq!(r.records.len(), 1);
        assert_eq!(r.records[0].year.as_deref(), Some("2021"));
        assert_eq!(r.records[0].text, "正文");
        let one = "{\"title\": \"2017年示例市政府工作报告\", \"text\": \"正文\"}";
        let r = read_json(one, "o.json", &cfg());
        assert_eq!(r.records.len(), 1);
        assert_eq!(
            r.records[0].title.as_deref(),
            Some("2017年示例市政府工作报告")
        );
        // The same objects in parallel batches: the order of the file.
        let many: Vec<String> = (0..500)
            .map(|i| format!("{{\"year\": {}, \"content\": \"正文{i}\"}}", 1990 + i % 30))
            .collect();
        let r = read_json(&format!("[\n{}\n]", many.join(",\n")), "m.json", &cfg());
        let lines: Vec<u64> = r.records.iter().filter_map(|x| x.line).collect();
        assert_eq!(lines, (2..502).collect::<Vec<u64>>());
        assert_eq!(r.records[499].text, "正文499");
    }

    /// No key with a text name (`contents`, `detail`): the one key whose
    /// value is report-length is the text, as a table's longest column,
    /// noted in the field map; short values everywhere still give none.
    #[test]
    fn a_text_key_found_by_its_length() {
        let long = "过去一年,经济社会发展取得新成绩。".repeat(40);
        let lines = format!(
            "{{\"region\": \"甲区\", \"year\": 2019, \"contents\": \"{long}\"}}\n{{\"region\": \"乙区\", \"year\": 2019, \"contents\": \"{long}乙\"}}\n"
        );
        let r = read(&lines, "x.jsonl", &cfg());
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
        assert_eq!(r.records.len(), 2);
        assert_eq!(r.records[1].region.as_deref(), Some("乙区"));
        assert!(r.records[1].text.ends_with("乙"));
        let fields = r.fields.unwrap();
        assert_eq!(fields.text.as_deref(), Some("contents"));
        assert!(fields.describe().contains("longest values"));
        let one = format!("{{\"title\": \"2017年示例市政府工作报告\", \"detail\": \"{long}\"}}");
        let r = read_json(&one, "o.json", &cfg());
        assert_eq!(r.records.len(), 1, "{:?}", r.warnings);
        assert_eq!(r.records[0].text, long);
        let array = format!("{{\"list\": [{one}, {one}]}}");
        assert_eq!(read_json(&array, "a.json", &cfg()).records.len(), 2);
        let short = "{\"region\": \"甲区\", \"contents\": \"短\"}\n";
        let r = read(short, "s.jsonl", &cfg());
        assert!(r.records.is_empty());
        assert_eq!(r.warnings[0].kind, WarningKind::NotAReport);
    }

    #[test]
    fn json_lines_named_json_and_broken_json() {
        let lines = "{\"year\":2015,\"content\":\"甲\"}\n{\"year\":2016,\"content\":\"乙\"}\n";
        assert_eq!(
            read_json(lines, "l.json", &cfg()).records,
            read(lines, "l.json", &cfg()).records
        );
        let broken =
            "[\n{\"year\": 2015, \"content\": \"甲\"},\n{\"year\": 2016 \"content\": \"乙\"}\n]";
        let r = read_json(broken, "b.json", &cfg());
        assert!(r.records.is_empty());
        assert_eq!(r.warnings.len(), 1);
        assert_eq!(
            (r.warnings[0].line, r.warnings[0].kind),
            (Some(3), WarningKind::Parse)
        );
        // Objects without a text field, and no objects at all.
        let r = read_json("[{\"a\": 1}, {\"a\": 2}]", "n.json", &cfg());
        assert_eq!(r.warnings.len(), 1);
        assert_eq!(r.warnings[0].kind, WarningKind::NotAReport);
        assert!(
            r.warnings[0].message.contains("fields are: a"),
            "{}",
            r.warnings[0].message
        );
        let r = read_json("{\"count\": 3, \"name\": \"x\"}", "n.json", &cfg());
        assert_eq!(r.warnings[0].kind, WarningKind::NotAReport);
        let r = read_json("[1, 2]", "n.json", &cfg());
        assert_eq!(r.warnings[0].kind, WarningKind::NotAReport);
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
