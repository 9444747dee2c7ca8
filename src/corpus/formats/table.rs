//! Tables of reports: a header row, then one document per row. CSV files
//! are parsed strictly (an unterminated or malformed quoted field, or a row
//! with more fields than the header, is a warning with its line, and reading
//! goes on at the next line: rows are never merged silently); spreadsheet
//! sheets arrive as rows of cells ([`super::sheet`]). Both become records
//! through the same field mapping ([`FieldMap::resolve_table`], which
//! joins a text cut over numbered columns, `正文1`, `正文2`…).

use super::fields::{FieldMap, text_missing_message};
use super::{FileRecords, RawRecord};
use crate::corpus::config::FolderConfig;
use crate::error::WarningKind;

/// One row: its 1-based line (CSV) or sheet row, and its cells.
type Row = (u64, Vec<String>);

/// Read a CSV text (header first). The separator is the header line's:
/// a comma unless tabs, semicolons or bars outnumber the commas there
/// (tab-separated exports, `.tsv`, and the semicolon CSV of European
/// spreadsheets).
pub fn read_csv(text: &str, shown: &str, cfg: &FolderConfig) -> FileRecords {
    let mut parse = FileRecords::default();
    // A title line above the header (`2003-2024年政府工作报告汇总`), as
    // exports made for reading carry: the table starts below it.
    let titles = csv_title_lines(text, cfg);
    let mut body = text;
    for _ in 0..titles {
        body = body.split_once('\n').map_or("", |(_, rest)| rest);
    }
    let mut rows = csv_rows(body, shown, &mut parse, delimiter_of(body));
    if titles > 0 {
        let shift = titles as u64;
        for (line, _) in &mut rows {
            *line += shift;
        }
        for w in &mut parse.warnings {
            w.line = w.line.map(|l| l + shift);
        }
    }
    if titles == 0
        && let Some((line, text)) = csv_as_text(body, &rows, delimiter_of(body), cfg)
    {
        let mut rec = RawRecord {
            text,
            line: Some(line),
            ..RawRecord::default()
        };
        rec.convert_markup();
        return FileRecords {
            records: vec![rec],
            ..FileRecords::default()
        };
    }
    let mut out = records_from_rows(rows, shown, None, cfg);
    if titles > 0
        && let Some(f) = out.fields.as_mut()
    {
        f.header_line = Some(titles as u64 + 1);
    }
    parse.warnings.append(&mut out.warnings);
    out.warnings = parse.warnings;
    out
}

/// Whether a plain text is a tab-separated table: its first line holds
/// tabs and names the text field and one more known field (`年份`, `地区`,
/// `标题`…). Excel's "Unicode text" saves a sheet so (UTF-16, `.txt`), and
/// exports are often named `.txt`. A report's own first line (a title) has
/// no such names.
pub fn is_tab_table(text: &str, cfg: &FolderConfig) -> bool {
    let first = text
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or("");
    if !first.contains('\t') {
        return false;
    }
    let names: Vec<String> = first
        .split('\t')
        .map(|n| n.trim().trim_matches('"').to_string())
        .collect();
    let map = FieldMap::resolve_table(cfg, &names);
    map.text.is_some() && map.metadata().iter().any(|f| f.is_some())
}

/// Read the rows of one sheet (`rows[0]` is the header).
pub fn read_rows(
    rows: Vec<(u32, Vec<String>)>,
    shown: &str,
    sheet: Option<&str>,
    cfg: &FolderConfig,
) -> FileRecords {
    let rows = rows.into_iter().map(|(n, r)| (u64::from(n), r)).collect();
    records_from_rows(rows, shown, sheet, cfg)
}

/// Bytes of CSV parsed by one task: a large file whose quoting is clean is
/// cut at record boundaries into pieces of about this size, parsed in
/// parallel, and the pieces' rows and warnings joined in file order.
const CHUNK: usize = 4 << 20;

/// Parse CSV records with their starting lines, checking each record's
/// quoting; a bad record is reported and parsing restarts at the line after
/// its first line. Large files are parsed in parallel pieces (see
/// [`split_records`]); the result is the same as parsing in one go.
fn csv_rows(text: &str, shown: &str, out: &mut FileRecords, delim: u8) -> Vec<Row> {
    csv_rows_in(text, shown, out, CHUNK, delim)
}

/// The separator of a CSV text, from its first line (outside quotes): the
/// comma, unless a tab, semicolon or bar occurs there more often.
pub fn delimiter_of(text: &str) -> u8 {
    let mut counts = [0usize; 4];
    let candidates = [b',', b'\t', b';', b'|'];
    let mut quoted = false;
    for &b in text.as_bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            _ if !quoted => {
                if let Some(k) = candidates.iter().position(|&c| c == b) {
                    counts[k] += 1;
                }
            }
            _ => {}
        }
    }
    let mut best = 0;
    for k in 1..candidates.len() {
        if counts[k] > counts[best] {
            best = k;
        }
    }
    candidates[best]
}

/// [`csv_rows`] with pieces of about `chunk` bytes.
fn csv_rows_in(
    text: &str,
    shown: &str,
    out: &mut FileRecords,
    chunk: usize,
    delim: u8,
) -> Vec<Row> {
    use rayon::prelude::*;
    let pieces = match split_records(text, chunk, delim) {
        Some(p) if p.len() > 1 => p,
        _ => return csv_rows_from(text, 0, None, shown, out, delim).0,
    };
    // The first piece fixes the header's width for the others.
    let (mut rows, header_len) = csv_rows_from(pieces[0].1, pieces[0].0, None, shown, out, delim);
    if header_len.is_none() {
        return csv_rows_from(text, 0, None, shown, out, delim).0;
    }
    let rest: Vec<(Vec<Row>, FileRecords)> = pieces[1..]
        .par_iter()
        .with_max_len(1)
        .map(|&(line_base, part)| {
            let mut o = FileRecords::default();
            let (r, _) = csv_rows_from(part, line_base, header_len, shown, &mut o, delim);
            (r, o)
        })
        .collect();
    for (mut r, mut o) in rest {
        rows.append(&mut r);
        out.warnings.append(&mut o.warnings);
    }
    rows
}

/// `text` cut after line breaks that lie outside quoted fields into pieces
/// of at least `size` bytes, each with the number of lines before it; `None`
/// when the quoting is not clean enough to tell record boundaries without
/// parsing (a quote inside an unquoted field, a closing quote followed by
/// text, an unterminated quote): such a file is parsed in one go, so its
/// warnings and resynchronisation are exactly the serial ones.
fn split_records(text: &str, size: usize, delim: u8) -> Option<Vec<(u64, &str)>> {
    let b = text.as_bytes();
    if b.len() <= size {
        return Some(vec![(0, text)]);
    }
    // Quoted fields as byte ranges (opening quote, closing quote).
    let mut quoted: Vec<(usize, usize)> = Vec::new();
    let mut quotes = memchr::memchr_iter(b'"', b);
    while let Some(open) = quotes.next() {
        if open > 0 && !(b[open - 1] == delim || matches!(b[open - 1], b'\n' | b'\r')) {
            return None;
        }
        loop {
            let close = quotes.next()?;
            if b.get(close + 1) == Some(&b'"') {
                quotes.next();
                continue;
            }
            if !matches!(b.get(close + 1), None | Some(b'\n' | b'\r'))
                && b.get(close + 1) != Some(&delim)
            {
                return None;
            }
            quoted.push((open, close));
            break;
        }
    }
    let inside = |pos: usize| {
        let i = quoted.partition_point(|&(_, close)| close < pos);
        quoted.get(i).filter(|&&(open, _)| open < pos).copied()
    };
    let mut pieces = Vec::new();
    let (mut start, mut lines) = (0usize, 0u64);
    while start < b.len() {
        let mut at = (start + size).min(b.len());
        let end = loop {
            match memchr::memchr(b'\n', &b[at..]) {
                None => break b.len(),
                Some(k) => match inside(at + k) {
                    Some((_, close)) => at = close + 1,
                    None => break at + k + 1,
                },
            }
        };
        let part = &text[start..end];
        pieces.push((lines, part));
        lines += memchr::memchr_iter(b'\n', part.as_bytes()).count() as u64;
        start = end;
    }
    Some(pieces)
}

/// Parse the CSV records of `text`, whose first line is line
/// `line_base + 1` of the file; `header_len` is the header's width when the
/// header was read elsewhere. Returns the rows and the header width used.
fn csv_rows_from(
    text: &str,
    line_base: u64,
    header_len: Option<usize>,
    shown: &str,
    out: &mut FileRecords,
    delim: u8,
) -> (Vec<Row>, Option<usize>) {
    let mut rows: Vec<Row> = Vec::new();
    let mut header_len = header_len;
    let (mut offset, mut line_base) = (0usize, line_base);
    'restart: while offset < text.len() {
        let part = &text[offset..];
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delim)
            .has_headers(false)
            .flexible(true)
            .from_reader(part.as_bytes());
        // Byte records: the text is valid UTF-8 already, and std's check of
        // every field (a StringRecord's) cost a tenth of reading a CSV file;
        // the fields are checked again with SIMD below.
        let mut rec = csv::ByteRecord::new();
        // Line breaks counted so far, up to byte `counted` of `part`.
        let (mut counted, mut lines) = (0usize, 0u64);
        loop {
            let start = reader.position().byte() as usize;
            let problem = match reader.read_byte_record(&mut rec) {
                Ok(false) => break 'restart,
                Ok(true) => None,
                Err(e) => Some(e.to_string()),
            };
            // The reader's position is just past the previous record,
            // before the line breaks (blank lines, the `\n` of a `\r\n`) it
            // skips: the record's line is that of its first byte.
            let bytes = part.as_bytes();
            let first = start.min(bytes.len())
                + bytes[start.min(bytes.len())..]
                    .iter()
                    .take_while(|&&c| c == b'\r' || c == b'\n')
                    .count();
            lines += memchr::memchr_iter(b'\n', &bytes[counted.min(first)..first]).count() as u64;
            counted = counted.max(first);
            let line = line_base + 1 + lines;
            let problem = problem.or_else(|| {
                let end = reader.position().byte() as usize;
                let raw = &part[start..end.min(part.len())];
                quoting_problem(raw, delim).map(|_| String::new())
            });
            if let Some(reader_error) = problem {
                // Report the damaged stretch (the record's first line and
                // the lines after it that start no row: the rest of a
                // quoted field that never closed) and start again at the
                // next line that starts a row: the rows after it are never
                // merged into it, and the lines of the damaged field are
                // not read as rows of their own.
                let stretch = damaged_stretch(part, first, line, header_len, delim);
                let message = stretch.message(&reader_error);
                out.warn(WarningKind::Parse, shown, Some(line), message);
                match stretch.resume {
                    Some(next) => {
                        offset += next;
                        line_base = stretch.last;
                        continue 'restart;
                    }
                    None => break 'restart,
                }
            }
            let cells: Vec<String> = rec
                .iter()
                .map(|f| match simdutf8::basic::from_utf8(f) {
                    Ok(s) => s.to_string(),
                    Err(_) => String::from_utf8_lossy(f).into_owned(),
                })
                .collect();
            let expected = *header_len.get_or_insert(cells.len());
            if cells.len() > expected {
                out.warn(
                    WarningKind::Parse,
                    shown,
                    Some(line),
                    format!(
                        "row has {} fields, the header has {expected}; row skipped (an unquoted comma in the text?)",
                        cells.len()
                    ),
                );
                continue;
            }
            if cells.len() < expected && !(cells.len() == 1 && cells[0].is_empty()) {
                out.warn(
                    WarningKind::Parse,
                    shown,
                    Some(line),
                    format!(
                        "row has {} fields, the header has {expected}; the missing trailing fields are read as empty",
                        cells.len()
                    ),
                );
            }
            rows.push((line, cells));
        }
    }
    (rows, header_len)
}

/// Byte offset of the line after the one containing `at`.
fn next_line(text: &str, at: usize) -> Option<usize> {
    let nl = memchr::memchr(b'\n', text.as_bytes().get(at..)?)?;
    let next = at + nl + 1;
    (next < text.len()).then_some(next)
}

/// What is wrong with a record's quoting (see [`quoting_problem`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quoting {
    /// The quoted field opened at this byte never closes.
    Unterminated { open: usize },
    /// The quoted field opened at `open` closes at `close`, and text
    /// follows the closing quote before the next separator.
    TextAfterClose { open: usize, close: usize },
}

/// Why a record's raw text is not well-formed CSV quoting: a quoted field
/// that never closes, or a closing quote followed by something other than a
/// separator or the end of the record.
fn quoting_problem(raw: &str, delim: u8) -> Option<Quoting> {
    let b = raw.as_bytes();
    let mut i = 0;
    let mut field_start = true;
    while i < b.len() {
        if field_start && b[i] == b'"' {
            // Quoted field: find its closing quote ("" is an escaped quote).
            let open = i;
            i += 1;
            loop {
                match memchr::memchr(b'"', &b[i..]) {
                    None => return Some(Quoting::Unterminated { open }),
                    Some(q) => {
                        i += q + 1;
                        if b.get(i) == Some(&b'"') {
                            i += 1;
                            continue;
                        }
                        break;
                    }
                }
            }
            match b.get(i) {
                None | Some(b'\n' | b'\r') => {}
                Some(&c) if c == delim => {}
                Some(_) => return Some(Quoting::TextAfterClose { open, close: i - 1 }),
            }
            field_start = false;
            continue;
        }
        field_start = b[i] == delim || matches!(b[i], b'\n' | b'\r');
        i += 1;
    }
    None
}

/// A stretch of a CSV text left unread because of a bad record: its lines
/// and where reading goes on.
#[derive(Debug)]
struct Stretch {
    /// The record's first line (1-based, in the file).
    first: u64,
    /// The stretch's last line that is not blank.
    last_filled: u64,
    /// The stretch's last line (blank lines included): reading goes on at
    /// the line after it.
    last: u64,
    /// Byte offset (in the text parsed) of the line where reading goes
    /// on; `None` at the end of the text.
    resume: Option<usize>,
    /// What is wrong, found in the stretch's own text, with the line of
    /// the quote that opened the bad field, and of the one that closed it.
    quoting: Option<(Quoting, u64, u64)>,
}

impl Stretch {
    /// The warning: what happened, where, the lines not read, and what to
    /// do. `reader_error` is the CSV reader's own message when it, not the
    /// quoting check, refused the record.
    fn message(&self, reader_error: &str) -> String {
        let lines = match (self.last_filled > self.first, self.resume) {
            (false, _) => format!("line {} was not read", self.first),
            (true, Some(_)) => format!("lines {}–{} were not read", self.first, self.last_filled),
            (true, None) => format!(
                "lines {}–{}, to the end of the file, were not read",
                self.first, self.last_filled
            ),
        };
        let what = match self.quoting {
            Some((Quoting::Unterminated { .. }, open, _)) => {
                format!("unterminated quote opened at line {open}")
            }
            Some((Quoting::TextAfterClose { .. }, open, close)) if close == open => format!(
                "a quoted field opened at line {open} is followed by text after its closing quote (a quote inside the text is not doubled, or a quote is missing)"
            ),
            Some((Quoting::TextAfterClose { .. }, open, close)) => format!(
                "a quoted field opened at line {open} closes on line {close} and is followed by text there (a quote inside the text is not doubled, or a quote is missing)"
            ),
            None if !reader_error.is_empty() => format!("unreadable row ({reader_error})"),
            None => "the quotes of this row do not pair up".to_string(),
        };
        let fix = if self.quoting.is_some() {
            "fix the quote and run again"
        } else {
            "fix the row and run again"
        };
        let resume = match self.resume {
            Some(_) => format!("; reading goes on at line {}", self.last + 1),
            None => String::new(),
        };
        format!("{what}: {lines} ({fix}){resume}")
    }
}

/// The stretch left unread when the record starting at byte `first` of
/// `text` (line `line` of the file) is malformed: its first line, and the
/// lines after it that start no row of the header's width — the rest of a
/// quoted field that never closed, a report's paragraphs — up to the next
/// line that does (the header's width unknown: the first line alone).
fn damaged_stretch(
    text: &str,
    first: usize,
    line: u64,
    header_len: Option<usize>,
    delim: u8,
) -> Stretch {
    let mut stretch = Stretch {
        first: line,
        last_filled: line,
        last: line,
        resume: next_line(text, first),
        quoting: None,
    };
    if let Some(width) = header_len {
        while let Some(at) = stretch.resume {
            if starts_a_row(&text[at..], delim, width) {
                break;
            }
            stretch.last += 1;
            let end = next_line(text, at);
            let this = &text[at..end.unwrap_or(text.len())];
            if !this.trim().is_empty() {
                stretch.last_filled = stretch.last;
            }
            stretch.resume = end;
        }
    }
    let end = stretch.resume.unwrap_or(text.len());
    let own = &text[first.min(end)..end];
    let line_of = |at: usize| {
        line + memchr::memchr_iter(b'\n', &own.as_bytes()[..at.min(own.len())]).count() as u64
    };
    stretch.quoting = quoting_problem(own, delim).map(|q| match q {
        Quoting::Unterminated { open } => (q, line_of(open), line_of(open)),
        Quoting::TextAfterClose { open, close } => (q, line_of(open), line_of(close)),
    });
    stretch
}

/// Whether the line at the start of `text` starts a row of `width` fields:
/// its fields (a quoted field still open at the line's end counts, as a
/// field going on over the next lines) are `width`, and no closing quote is
/// followed by text. A line of a report's text (one field, or fields cut at
/// its commas) does not.
fn starts_a_row(text: &str, delim: u8, width: usize) -> bool {
    let b = text.as_bytes();
    let end = memchr::memchr(b'\n', b).unwrap_or(b.len());
    let b = &b[..end];
    let b = b.strip_suffix(b"\r").unwrap_or(b);
    if b.iter().all(u8::is_ascii_whitespace) {
        return false;
    }
    let (mut fields, mut i) = (1usize, 0usize);
    while i < b.len() {
        if b[i] == b'"' {
            // A quoted field: closed on this line, or going on past it.
            i += 1;
            loop {
                match memchr::memchr(b'"', &b[i..]) {
                    None => return fields == width,
                    Some(q) if b.get(i + q + 1) == Some(&b'"') => i += q + 2,
                    Some(q) => {
                        i += q + 1;
                        break;
                    }
                }
            }
            match b.get(i) {
                None => break,
                Some(&c) if c == delim => {}
                Some(_) => return false,
            }
        } else {
            match memchr::memchr(delim, &b[i..]) {
                None => break,
                Some(d) => i += d,
            }
        }
        // At a separator: the next field starts after it.
        fields += 1;
        i += 1;
        if fields > width {
            return false;
        }
    }
    fields == width
}

/// Title and note lines before a CSV text's header (see [`header_index`]):
/// lines each closed on itself (no quoted field going on over the next
/// line) with few fields filled (`标题,,,,`, `来源：某数据库`), above a line
/// of several fields that name known fields, within the first
/// [`HEADER_SEARCH_ROWS`] lines. The separator is the header line's.
fn csv_title_lines(text: &str, cfg: &FolderConfig) -> usize {
    let lines: Vec<&str> = text.lines().take(HEADER_SEARCH_ROWS).collect();
    let Some(first) = lines.first() else {
        return 0;
    };
    if header_score(&csv_line_cells(first, delimiter_of(text)), cfg) > 0 {
        return 0;
    }
    let (mut best, mut best_score) = (0, 0);
    for k in 1..lines.len() {
        let rest = text.splitn(k + 1, '\n').nth(k).unwrap_or_default();
        let delim = delimiter_of(rest);
        let header = csv_line_cells(lines[k], delim);
        let score = header_score(&header, cfg);
        if score <= best_score {
            continue;
        }
        let width = filled(&header);
        let notes_above = lines[..k].iter().all(|l| {
            quoting_problem(l, delim).is_none()
                && is_note_row(filled(&csv_line_cells(l, delim)), width)
        });
        if notes_above {
            (best, best_score) = (k, score);
        }
    }
    best
}

/// The fields of one CSV line, trimmed.
fn csv_line_cells(line: &str, delim: u8) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delim)
        .has_headers(false)
        .flexible(true)
        .from_reader(line.as_bytes());
    let mut rec = csv::StringRecord::new();
    match reader.read_record(&mut rec) {
        Ok(true) => rec.iter().map(|c| c.trim().to_string()).collect(),
        _ => Vec::new(),
    }
}

/// Rows searched for a table's header below title and note rows: a
/// workbook made for reading may carry a title, a source, a date and
/// several notes above its table.
const HEADER_SEARCH_ROWS: usize = 20;

/// The number of non-empty cells of a row.
fn filled(cells: &[String]) -> usize {
    cells.iter().filter(|c| !c.trim().is_empty()).count()
}

/// Whether a row of `cells` non-empty cells may stand above a header of
/// `header` non-empty cells as a title or note row: one cell (a merged
/// title cell, a note), or at most half as many as the header
/// (`数据来源：`, `各市政府网站`).
fn is_note_row(cells: usize, header: usize) -> bool {
    cells <= 1.max(header / 2)
}

/// How well `cells` name a table's columns: 0 unless two or more are
/// non-empty and one names a known field (or one `corpus.toml` names);
/// else the number of fields named, the text counting three.
fn header_score(cells: &[String], cfg: &FolderConfig) -> usize {
    let names: Vec<String> = cells.iter().map(|c| c.trim().to_string()).collect();
    if filled(&names) < 2 {
        return 0;
    }
    let map = FieldMap::resolve_table(cfg, &names);
    let named = map.metadata().iter().filter(|m| m.is_some()).count()
        + usize::from(map.paragraph.is_some());
    match map.text {
        Some(_) => named + 3,
        None if named > 0 => named,
        None => 0,
    }
}

/// The index of a table's header among its first rows: 0 when the first
/// row names known fields (or when no row below title and note rows does);
/// else, among the first [`HEADER_SEARCH_ROWS`] rows, the row below title
/// and note rows only ([`is_note_row`]) whose cells name the most known
/// fields ([`header_score`]), the first of equals.
fn header_index(rows: &[&[String]], cfg: &FolderConfig) -> usize {
    let rows = &rows[..rows.len().min(HEADER_SEARCH_ROWS)];
    let Some(first) = rows.first() else {
        return 0;
    };
    if header_score(first, cfg) > 0 {
        return 0;
    }
    let (mut best, mut best_score) = (0, 0);
    for (k, row) in rows.iter().enumerate().skip(1) {
        let score = header_score(row, cfg);
        if score <= best_score {
            continue;
        }
        let width = filled(row);
        if rows[..k].iter().all(|r| is_note_row(filled(r), width)) {
            (best, best_score) = (k, score);
        }
    }
    best
}

/// Leading rows of a table that are title and note rows above its header
/// (see [`header_index`]).
fn title_rows(rows: &[Row], cfg: &FolderConfig) -> usize {
    let cells: Vec<&[String]> = rows
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .map(|r| r.1.as_slice())
        .collect();
    header_index(&cells, cfg)
}

/// For the warning about a table whose header names no text field, when
/// its first row is a title or note and no row below names a known field:
/// the row that is probably the header (the first one within
/// [`HEADER_SEARCH_ROWS`] with two or more cells below title and note rows
/// only) and its index.
fn probable_header(rows: &[Row]) -> Option<usize> {
    let rows = &rows[..rows.len().min(HEADER_SEARCH_ROWS)];
    if filled(&rows.first()?.1) > 1 {
        return None;
    }
    let k = rows.iter().position(|r| filled(&r.1) >= 2)?;
    let width = filled(&rows[k].1);
    rows[..k]
        .iter()
        .all(|r| is_note_row(filled(&r.1), width))
        .then_some(k)
}

/// The warning's reason for a table whose text column was not found:
/// [`text_missing_message`], after what was looked at when the first row
/// is a title or a note over a table whose header names no known field
/// (the suggestion then names a column of that header, which
/// `corpus.toml` makes the header).
fn no_text_reason(rows: &[Row], header: &[String], data: &[Row], cfg: &FolderConfig) -> String {
    let plain = || text_missing_message(cfg, header, longest_any(header, data));
    let Some(k) = probable_header(rows) else {
        return plain();
    };
    let names: Vec<String> = rows[k].1.iter().map(|c| c.trim().to_string()).collect();
    let below = &rows[k + 1..];
    let guess = longest_any(&names, below).filter(|n| !n.is_empty());
    let notes: Vec<String> = rows[..k]
        .iter()
        .filter_map(|r| r.1.iter().map(|c| c.trim()).find(|c| !c.is_empty()))
        .map(|c| {
            let short: String = c.chars().take(40).collect();
            if short.len() < c.len() {
                format!("{short}…")
            } else {
                short.to_string()
            }
        })
        .collect();
    let lines = match (rows[0].0, rows[k - 1].0) {
        (a, b) if a == b => format!("line {a} holds"),
        (a, b) => format!("lines {a}–{b} hold"),
    };
    let shown_names: Vec<&str> = names
        .iter()
        .map(String::as_str)
        .filter(|n| !n.is_empty())
        .collect();
    let fix = match &cfg.config.fields.text {
        Some(name) => format!(
            "the column {name:?} that corpus.toml names (its [fields] text) is not in it either; name one of its columns there"
        ),
        None => format!(
            "if that is the header, name its text column: put a corpus.toml beside the file with:\n[fields]\ntext = \"{}\"",
            guess.unwrap_or("<the text column>")
        ),
    };
    format!(
        "no header row naming the text field ({}) or another known field (年份, 地区, 标题…) in its first {HEADER_SEARCH_ROWS} rows: {lines} a title or notes ({}), and line {} holds {}; {fix}",
        crate::corpus::config::defaults::TEXT.join(", "),
        notes.join("; "),
        rows[k].0,
        shown_names.join(", "),
    )
}

/// Records from a header row and data rows.
/// Characters from which a first row's cell is a text, not a column name.
const HEADERLESS_CELL: usize = 200;

fn records_from_rows(
    rows: Vec<Row>,
    shown: &str,
    sheet: Option<&str>,
    cfg: &FolderConfig,
) -> FileRecords {
    let mut out = FileRecords::default();
    let titles = title_rows(&rows, cfg);
    let header_line = rows.get(titles).map(|r| r.0);
    let mut it = rows.into_iter().skip(titles);
    let Some(first) = it.next() else {
        return out;
    };
    let mut header: Vec<String> = first.1.iter().map(|h| h.trim().to_string()).collect();
    // The first row as read, for the warning when it is a title above a
    // header that names nothing known.
    let first_row = (titles == 0).then(|| first.clone());
    let mut data: Vec<Row> = it.collect();
    let mut headerless = false;
    // No header: a first row holding a text no column name is as long as
    // (a column of reports exported without its name) is data, and the
    // columns are numbered.
    if cfg.config.fields.text.is_none()
        && header.iter().any(|h| h.chars().count() >= HEADERLESS_CELL)
        && FieldMap::resolve_table(cfg, &header).text.is_none()
    {
        data.insert(0, first);
        header = (1..=header.len()).map(|i| format!("column {i}")).collect();
        headerless = true;
    }
    let mut map = FieldMap::resolve_table(cfg, &header);
    if map.text.is_none()
        && cfg.config.fields.text.is_none()
        && let Some(c) = longest_column(&header, &data, &map)
    {
        map.text = Some(header[c].clone());
        map.text_by_length = true;
    }
    let Some(mapper) = RowMapper::new(header.clone(), map, shown, sheet) else {
        let what = sheet.map(|s| format!("sheet {s:?} ")).unwrap_or_default();
        let reason = match first_row {
            Some(first) if !headerless => {
                // Only the rows a header is looked for in, and the values
                // below it that guess the text column, are needed.
                let head: Vec<Row> = std::iter::once(first)
                    .chain(data.iter().take(HEADER_SEARCH_ROWS + 50).cloned())
                    .collect();
                no_text_reason(&head, &header, &data, cfg)
            }
            _ => {
                let message = text_missing_message(cfg, &header, longest_any(&header, &data));
                match header_line {
                    Some(line) if titles > 0 => format!(
                        "header on line {line} (the title and note rows above it skipped): {message}"
                    ),
                    _ => message,
                }
            }
        };
        out.warn(
            WarningKind::NotAReport,
            shown,
            None,
            format!("{what}skipped, not a report table: {reason}"),
        );
        return out;
    };
    mapper.records(data, 1, &mut out);
    let mut map = mapper.map;
    if titles > 0 {
        map.header_line = header_line;
    }
    out.fields = Some(map);
    out
}

/// Turns the data rows of a table whose text column is known into records
/// (rows of one sheet or CSV file, in batches or all at once: the result
/// is the same).
#[derive(Debug)]
pub struct RowMapper<'a> {
    header: Vec<String>,
    /// The columns taken for each field.
    pub map: FieldMap,
    /// The text column, or the columns a text cut over numbered columns is
    /// in, in number order ([`FieldMap::text_parts`]).
    text_cols: Vec<usize>,
    /// Columns of title, year, date, region, province, level.
    cols: [Option<usize>; 6],
    /// The city's column whose value a row with a blank region cell takes
    /// ([`FieldMap::region_parent`]).
    parent_col: Option<usize>,
    /// The paragraph-number column.
    paragraph_col: Option<usize>,
    shown: &'a str,
    sheet: Option<&'a str>,
}

impl<'a> RowMapper<'a> {
    /// The mapper for `header` (trimmed) and the fields `map`; `None` when
    /// `map` names no text column of the header (or one of the numbered
    /// columns of its [`FieldMap::text_parts`] is not there).
    pub fn new(
        header: Vec<String>,
        map: FieldMap,
        shown: &'a str,
        sheet: Option<&'a str>,
    ) -> Option<RowMapper<'a>> {
        let col = |name: &Option<String>| {
            name.as_ref()
                .and_then(|n| header.iter().position(|h| h == n))
        };
        let text_cols = if map.text_parts.is_empty() {
            vec![col(&map.text)?]
        } else {
            map.text_parts
                .iter()
                .map(|p| col(&Some(p.clone())))
                .collect::<Option<Vec<usize>>>()?
        };
        let cols = map.metadata().map(col);
        let paragraph_col = col(&map.paragraph);
        let parent_col = col(&map.region_parent);
        Some(RowMapper {
            parent_col,
            header,
            map,
            text_cols,
            cols,
            paragraph_col,
            shown,
            sheet,
        })
    }

    /// The mapper for a header row whose names alone give the text column
    /// (no look at the data needed); `None` otherwise.
    pub fn from_header(
        header: &[String],
        cfg: &FolderConfig,
        shown: &'a str,
        sheet: Option<&'a str>,
    ) -> Option<RowMapper<'a>> {
        let header: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
        let map = FieldMap::resolve_table(cfg, &header);
        RowMapper::new(header, map, shown, sheet)
    }

    /// The records of `data` (the table's data rows numbered from
    /// `first_row`, 1 for the row after the header) into `out`, with a
    /// warning for each row whose text is empty. A text cut over numbered
    /// columns is their cells joined in number order, without a separator
    /// (an empty part adds nothing).
    pub fn records(&self, data: Vec<Row>, first_row: u64, out: &mut FileRecords) {
        // The warning's line is the row's own (the CSV line, the sheet's
        // row number as the spreadsheet shows it): no other number.
        let where_ = match self.sheet {
            Some(s) => format!("sheet {s:?}: "),
            None => String::new(),
        };
        for (i, (line, cells)) in data.into_iter().enumerate() {
            let row = i as u64 + first_row;
            let get = |c: Option<usize>| {
                c.and_then(|c| cells.get(c))
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
            };
            let body = match &self.text_cols[..] {
                [c] => cells.get(*c).cloned(),
                parts => Some(
                    parts
                        .iter()
                        .filter_map(|&c| cells.get(c))
                        .map(String::as_str)
                        .collect(),
                ),
            };
            let Some(body) = body.filter(|s| !s.trim().is_empty()) else {
                if cells.iter().all(|c| c.trim().is_empty()) {
                    continue;
                }
                let what = match &self.text_cols[..] {
                    [c] => format!("text column {:?} is empty", self.header[*c]),
                    parts => format!(
                        "text columns {:?} are empty",
                        parts
                            .iter()
                            .map(|&c| self.header[c].as_str())
                            .collect::<Vec<_>>()
                            .join("+")
                    ),
                };
                out.warn(
                    WarningKind::Empty,
                    self.shown,
                    Some(line),
                    format!("{where_}{what}; row skipped"),
                );
                continue;
            };
            let mut rec = RawRecord {
                text: body,
                title: get(self.cols[0]),
                year: get(self.cols[1]),
                date: get(self.cols[2]),
                date_published: self.map.date_is_publication,
                region: super::fields::place(get(self.cols[3]))
                    .or_else(|| super::fields::place(get(self.parent_col))),
                parent_region: super::fields::place(get(self.parent_col)),
                province: super::fields::place(get(self.cols[4])),
                level: get(self.cols[5]),
                paragraph: get(self.paragraph_col),
                line: Some(line),
                row: Some(row),
                ..RawRecord::default()
            };
            rec.convert_markup();
            out.records.push(rec);
        }
    }
}

/// Median length in characters of column `c`'s first 50 values.
fn median_len(data: &[Row], c: usize) -> usize {
    let mut lens: Vec<usize> = data
        .iter()
        .take(50)
        .map(|(_, r)| r.get(c).map_or(0, |s| s.chars().count()))
        .collect();
    lens.sort_unstable();
    lens.get(lens.len() / 2).copied().unwrap_or(0)
}

/// The one column whose values are report-length (median ≥ 500
/// characters), not already taken for another field.
fn longest_column(header: &[String], data: &[Row], map: &FieldMap) -> Option<usize> {
    let taken = map.metadata();
    let long: Vec<usize> = (0..header.len())
        .filter(|&c| {
            !taken
                .iter()
                .any(|t| t.as_deref() == Some(header[c].as_str()))
        })
        .filter(|&c| median_len(data, c) >= 500)
        .collect();
    match long[..] {
        [c] => Some(c),
        _ => None,
    }
}

/// A sheet that holds one report written down a column, a paragraph per
/// row (pasted from a document into a workbook, or a PDF or OCR tool's
/// export), under no header that names a text field: its text and the
/// number of its first row. Every row's non-empty cells are joined by tabs
/// (a table inside the report stays a table, as from a `.docx`), one row
/// per line, so nothing in the sheet is lost. `None` for a table: a header
/// (in the first four rows) names a text field, `corpus.toml` names one,
/// another column is filled in half as many rows as the fullest one (a
/// table's fields are filled on every row; a table inside a report fills
/// its other columns on a few rows only), no value there has 40 characters, the column holds under 200 characters in
/// all, or its values are report-length (median of 500 characters or more
/// over several rows: one report per row, which the table reader takes).
pub fn sheet_as_text(rows: &[(u32, Vec<String>)], cfg: &FolderConfig) -> Option<(u32, String)> {
    let first = written_down_a_column(rows, cfg)?;
    let text = rows
        .iter()
        .map(|(_, cells)| {
            cells
                .iter()
                .map(|c| c.trim())
                .filter(|c| !c.is_empty())
                .collect::<Vec<_>>()
                .join("\t")
        })
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    Some((u32::try_from(first).ok()?, text))
}

/// Whether `rows` hold one report written down a column (see
/// [`sheet_as_text`]): the number of the first non-empty row if so.
fn written_down_a_column<N: Copy + Into<u64>>(
    rows: &[(N, Vec<String>)],
    cfg: &FolderConfig,
) -> Option<u64> {
    if cfg.config.fields.text.is_some() {
        return None;
    }
    let filled: Vec<(u64, Vec<&str>)> = rows
        .iter()
        .map(|(n, cells)| {
            (
                (*n).into(),
                cells.iter().map(|c| c.trim()).collect::<Vec<_>>(),
            )
        })
        .filter(|(_, cells)| cells.iter().any(|c| !c.is_empty()))
        .collect();
    let first = filled.first()?.0;
    for (_, cells) in filled.iter().take(4) {
        let names: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
        if FieldMap::resolve_table(cfg, &names).text.is_some() {
            return None;
        }
    }
    // A header further down, below a title and notes, that names the text
    // and another known field: a table.
    let cells: Vec<Vec<String>> = filled
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .map(|(_, c)| c.iter().map(|v| v.to_string()).collect())
        .collect();
    let cells: Vec<&[String]> = cells.iter().map(Vec::as_slice).collect();
    let k = header_index(&cells, cfg);
    if k > 0 && header_score(cells[k], cfg) > 3 {
        return None;
    }
    let width = filled.iter().map(|(_, c)| c.len()).max().unwrap_or(0);
    let per_column: Vec<usize> = (0..width)
        .map(|c| {
            filled
                .iter()
                .filter(|(_, cells)| cells.get(c).is_some_and(|v| !v.is_empty()))
                .count()
        })
        .collect();
    let (column, &most) = per_column.iter().enumerate().max_by_key(|(_, n)| **n)?;
    if per_column
        .iter()
        .enumerate()
        .any(|(c, &n)| c != column && n * 2 >= most)
    {
        return None;
    }
    let mut lengths: Vec<usize> = filled
        .iter()
        .filter_map(|(_, cells)| cells.get(column).filter(|v| !v.is_empty()))
        .map(|v| v.chars().count())
        .collect();
    lengths.sort_unstable();
    let longest = lengths.last().copied().unwrap_or(0);
    let median = lengths.get(lengths.len() / 2).copied().unwrap_or(0);
    if longest < 40 || lengths.iter().sum::<usize>() < 200 || (lengths.len() > 1 && median >= 500) {
        return None;
    }
    Some(first)
}

/// A CSV text that holds one report a paragraph per line (see
/// [`sheet_as_text`]; what saving such a sheet as CSV, or naming a plain
/// text `.csv`, gives): its text, each record's fields joined by the
/// separator again (a line's own commas come back; quotes are undone), and
/// the line it starts on.
fn csv_as_text(body: &str, rows: &[Row], delim: u8, cfg: &FolderConfig) -> Option<(u64, String)> {
    let first = written_down_a_column(rows, cfg)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim)
        .from_reader(body.as_bytes());
    let mut lines = Vec::new();
    for record in reader.records() {
        let record = record.ok()?;
        let fields: Vec<&str> = record.iter().collect();
        let line = fields.join(&char::from(delim).to_string());
        let line = line.trim_end_matches(char::from(delim)).trim();
        if !line.is_empty() {
            lines.push(line.to_string());
        }
    }
    Some((first, lines.join("\n")))
}

/// The column with the longest values, for the suggestion in a warning.
fn longest_any<'a>(header: &'a [String], data: &[Row]) -> Option<&'a str> {
    (0..header.len())
        .filter(|&c| mostly_han(data, c))
        .max_by_key(|&c| median_len(data, c))
        .filter(|&c| median_len(data, c) >= MIN_GUESS_LEN)
        .map(|c| header[c].as_str())
}

/// The median length (characters) of a column suggested as the text: a
/// sentence at least (a place name or a title is no report).
const MIN_GUESS_LEN: usize = 50;

/// Whether the first 50 values of column `c` are Chinese text, at least a
/// third Han characters (a report's text is; a URL, a number or a code
/// is not, and is never suggested as the text).
fn mostly_han(data: &[Row], c: usize) -> bool {
    let (mut han, mut all) = (0usize, 0usize);
    for (_, r) in data.iter().take(50) {
        if let Some(v) = r.get(c) {
            han += crate::corpus::metadata::count_han(v);
            all += v.chars().filter(|ch| !ch.is_whitespace()).count();
        }
    }
    all > 0 && han * 3 >= all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_from_the_header_line() {
        assert_eq!(delimiter_of("year,region,content\n1\t2\t3\t4\n"), b',');
        assert_eq!(delimiter_of("year\tregion\tcontent\n"), b'\t');
        assert_eq!(delimiter_of("year;region;content"), b';');
        assert_eq!(delimiter_of("year|region|content\n"), b'|');
        // Separators inside a quoted header name do not count.
        assert_eq!(delimiter_of("\"a;b;c\",year,content\n"), b',');
        assert_eq!(delimiter_of("content\n"), b',');
        // Tab- and semicolon-separated files read like the comma version,
        // quoted fields with separators and line breaks included, in
        // parallel pieces too.
        let mut comma = String::from("year,region,content\n");
        for i in 0..300 {
            comma.push_str(&format!(
                "{},甲市,\"正文{i},含\n分隔;符\t号\"\n",
                1990 + i % 30
            ));
        }
        let mut whole = FileRecords::default();
        let want = csv_rows_in(&comma, "c.csv", &mut whole, 1 << 20, b',');
        assert_eq!(want.len(), 301);
        for delim in [b'\t', b';'] {
            let other: String = comma
                .split('\n')
                .map(|line| {
                    if line.contains('"') {
                        line.replacen(',', &(delim as char).to_string(), 2)
                    } else {
                        line.replace(',', &(delim as char).to_string())
                    }
                })
                .collect::<Vec<_>>()
                .join("\n");
            assert_eq!(delimiter_of(&other), delim);
            for chunk in [64, 1 << 20] {
                let mut out = FileRecords::default();
                assert_eq!(csv_rows_in(&other, "t.csv", &mut out, chunk, delim), want);
                assert!(out.warnings.is_empty(), "{:?}", out.warnings);
            }
        }
    }
    use std::path::Path;

    fn cfg() -> FolderConfig {
        FolderConfig::none(Path::new(".")).unwrap()
    }

    /// Sheet rows from cell values (row numbers from 1).
    fn sheet(rows: &[&[&str]]) -> Vec<(u32, Vec<String>)> {
        rows.iter()
            .enumerate()
            .map(|(i, r)| (i as u32 + 1, r.iter().map(|c| c.to_string()).collect()))
            .collect()
    }

    const PARAGRAPH: &str = "过去一年，我们坚持稳中求进工作总基调，加快发展数字经济，推进乡村振兴，全市地区生产总值增长百分之六点五。";

    #[test]
    fn a_report_written_down_a_column_is_one_text() {
        let rows = sheet(&[
            &["", ""],
            &["2019年示例市政府工作报告", ""],
            &["各位代表：", ""],
            &[PARAGRAPH, ""],
            &["", ""],
            // A table inside the report: its cells joined by tabs.
            &["指标", "2018年"],
            &["地区生产总值增长", "6.5%"],
            &[PARAGRAPH, ""],
            &[PARAGRAPH, ""],
            &[PARAGRAPH, ""],
        ]);
        let (first, text) = sheet_as_text(&rows, &cfg()).unwrap();
        assert_eq!(first, 2);
        assert_eq!(
            text,
            format!(
                "2019年示例市政府工作报告\n各位代表：\n{PARAGRAPH}\n指标\t2018年\n地区生产总值增长\t6.5%\n{PARAGRAPH}\n{PARAGRAPH}\n{PARAGRAPH}"
            )
        );
        // One cell holding the whole report.
        let long = PARAGRAPH.repeat(8);
        assert_eq!(sheet_as_text(&sheet(&[&[&long]]), &cfg()).unwrap().1, long);
    }

    #[test]
    fn a_csv_holding_one_report_a_paragraph_per_line() {
        // As a one-column sheet saved as CSV: a cell with commas quoted,
        // and a plain line whose ASCII commas split it into fields.
        let text = format!(
            "2019年示例市政府工作报告\n各位代表:\n\"{PARAGRAPH}其中,工业增长6%,服务业增长7%。\"\n{PARAGRAPH}\n增长6.5%,高于预期,{PARAGRAPH}\n\n{PARAGRAPH}\n{PARAGRAPH}\n"
        );
        let out = read_csv(&text, "r.csv", &cfg());
        assert!(out.warnings.is_empty(), "{:?}", out.warnings);
        assert_eq!(out.records.len(), 1);
        assert_eq!(out.records[0].line, Some(1));
        assert_eq!(
            out.records[0].text,
            format!(
                "2019年示例市政府工作报告\n各位代表:\n{PARAGRAPH}其中,工业增长6%,服务业增长7%。\n{PARAGRAPH}\n增长6.5%,高于预期,{PARAGRAPH}\n{PARAGRAPH}\n{PARAGRAPH}"
            )
        );
        // A table with the same lines under a header naming fields is a table.
        let table = format!("年份,正文\n2019,{PARAGRAPH}\n2020,{PARAGRAPH}\n");
        assert_eq!(read_csv(&table, "t.csv", &cfg()).records.len(), 2);
    }

    #[test]
    fn a_column_of_reports_without_a_header_loses_no_report() {
        // One report per row, no header: the first row is a report too.
        let report = |i: usize| format!("{i}号报告。{}", PARAGRAPH.repeat(12));
        let rows: Vec<(u32, Vec<String>)> = (1..=3).map(|i| (i as u32, vec![report(i)])).collect();
        let out = read_rows(rows, "r.xlsx", None, &cfg());
        let texts: Vec<&str> = out.records.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(texts, [report(1), report(2), report(3)]);
        assert_eq!(out.records[0].line, Some(1));
        let fields = out.fields.unwrap();
        assert_eq!(fields.text.as_deref(), Some("column 1"));
        assert!(fields.text_by_length);
        // A short first row is a header as before.
        let rows = vec![
            (1, vec!["报告".to_string()]),
            (2, vec![report(1)]),
            (3, vec![report(2)]),
        ];
        assert_eq!(read_rows(rows, "r.xlsx", None, &cfg()).records.len(), 2);
    }

    #[test]
    fn tables_are_not_taken_for_a_report_down_a_column() {
        // A header naming the text field: a table, even with one column.
        let header = sheet(&[&["正文"], &[PARAGRAPH], &[PARAGRAPH], &[PARAGRAPH]]);
        assert!(sheet_as_text(&header, &cfg()).is_none());
        // ... also below title rows.
        let titled = sheet(&[
            &["2003-2024年政府工作报告汇总", ""],
            &["年份", "全文"],
            &["2019", PARAGRAPH],
            &["2020", PARAGRAPH],
        ]);
        assert!(sheet_as_text(&titled, &cfg()).is_none());
        // A list of short values.
        let list = sheet(&[&["城市"], &["示例甲市"], &["示例乙市"], &["示例丙市"]]);
        assert!(sheet_as_text(&list, &cfg()).is_none());
        // Values spread over several columns: a table.
        let spread = sheet(&[
            &["2019", "示例市", PARAGRAPH],
            &["2020", "示例市", PARAGRAPH],
            &["2021", "示例市", PARAGRAPH],
        ]);
        assert!(sheet_as_text(&spread, &cfg()).is_none());
        // Report-length values in several rows: one report per row.
        let long = PARAGRAPH.repeat(12);
        let reports = sheet(&[&[&long], &[&long], &[&long]]);
        assert!(sheet_as_text(&reports, &cfg()).is_none());
        // Too little text to be a report.
        let short = sheet(&[&["各位代表："], &["现在，我代表市人民政府向大会报告工作。"]]);
        assert!(sheet_as_text(&short, &cfg()).is_none());
    }

    #[test]
    fn title_lines_above_the_header_are_skipped() {
        // CSV: one or two title lines (a bare one, one padded with the
        // separators of the merged cells), lines counted from the file's top.
        for (titles, first) in [
            ("2003-2024年地级市政府工作报告汇总\n", 2),
            ("地级市政府工作报告汇总,,,\n来源：某数据库,,,\n", 3),
            ("汇总\t\t\n", 2),
        ] {
            let sep = if titles.contains('\t') { "\t" } else { "," };
            let table = format!(
                "{titles}年份{sep}城市{sep}报告内容\n2019{sep}甲市{sep}正文一\n2020{sep}乙市{sep}\"正文二\"\n"
            );
            let r = read_csv(&table, "t.csv", &cfg());
            let got: Vec<_> = r
                .records
                .iter()
                .map(|x| (x.year.as_deref(), x.text.as_str(), x.line))
                .collect();
            assert_eq!(
                got,
                [
                    (Some("2019"), "正文一", Some(first + 1)),
                    (Some("2020"), "正文二", Some(first + 2))
                ],
                "{titles:?} {:?}",
                r.warnings
            );
            assert!(r.warnings.is_empty(), "{:?}", r.warnings);
            let fields = r.fields.unwrap();
            assert_eq!(fields.header_line, Some(first));
            assert!(
                fields
                    .describe()
                    .contains(&format!("header on line {first}"))
            );
        }
        // A one-column table, and a table whose first line is its header,
        // are read as before.
        let one = "正文\n第一篇报告\n第二篇报告\n";
        assert_eq!(read_csv(one, "o.csv", &cfg()).records.len(), 2);
        let plain = "year,content\n2019,正文\n";
        let r = read_csv(plain, "p.csv", &cfg());
        assert_eq!(r.records[0].line, Some(2));
        assert_eq!(r.fields.unwrap().header_line, None);
        // Sheet rows: a merged title cell and a note above the header.
        let cells = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let rows = vec![
            (1, cells(&["政府工作报告汇总", "", ""])),
            (2, cells(&["", "", "单位：篇"])),
            (3, cells(&["年份", "城市", "报告内容"])),
            (4, cells(&["2019", "甲市", "正文一"])),
        ];
        let r = read_rows(rows, "b.xlsx", Some("Sheet1"), &cfg());
        assert_eq!(r.records.len(), 1, "{:?}", r.warnings);
        assert_eq!(r.records[0].region.as_deref(), Some("甲市"));
        assert_eq!(r.records[0].row, Some(1));
        assert_eq!(r.fields.unwrap().header_line, Some(3));
        // A first row with one cell over rows that are no header is data.
        let rows = vec![(1, cells(&["正文"])), (2, cells(&["第一篇报告", ""]))];
        assert_eq!(read_rows(rows, "c.xlsx", None, &cfg()).records.len(), 1);
    }

    #[test]
    fn embedded_newlines_lines_and_rows() {
        let text =
            "province,year,full_text\n北京市,2026,\"第一行\n第二行\"\n天津市,2026,\"正文\"\n";
        let r = read_csv(text, "p.csv", &cfg());
        assert_eq!(r.records.len(), 2);
        assert_eq!(r.records[0].text, "第一行\n第二行");
        assert_eq!(r.records[0].region.as_deref(), Some("北京市"));
        assert_eq!(r.records[1].line, Some(4));
        assert_eq!(r.records[1].row, Some(2));
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    }

    #[test]
    fn a_text_cut_over_numbered_columns_is_joined_in_number_order() {
        // Excel cut the text mid-sentence: no separator; an empty part
        // adds nothing; the parts in number order whatever the columns'.
        let rows = sheet(&[
            &["年份", "地区", "正文2", "正文1", "正文3"],
            &["2018", "丁市", "进数字经济。", "各位代表：\n推", ""],
            &["2019", "丁市", "", "全文在一格。", ""],
            &["2020", "戊市", "", "", " "],
            &["2021", "戊市", "三", "一", "\n二"],
        ]);
        let r = read_rows(rows, "t.xlsx", None, &cfg());
        let texts: Vec<&str> = r.records.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(
            texts,
            ["各位代表：\n推进数字经济。", "全文在一格。", "一三\n二"]
        );
        assert_eq!(r.records[0].year.as_deref(), Some("2018"));
        assert_eq!(r.records[2].region.as_deref(), Some("戊市"));
        assert_eq!(r.records[2].line, Some(5));
        let fields = r.fields.unwrap();
        assert_eq!(fields.text_parts, ["正文1", "正文2", "正文3"]);
        assert_eq!(
            fields.describe(),
            "text=正文1+正文2+正文3, year=年份, region=地区"
        );
        assert_eq!(r.warnings.len(), 1);
        assert_eq!(r.warnings[0].line, Some(4));
        assert_eq!(
            r.warnings[0].message,
            "text columns \"正文1+正文2+正文3\" are empty; row skipped"
        );
    }

    #[test]
    fn numbered_text_columns_in_a_csv_below_a_title_and_named_in_corpus_toml() {
        let text = "2018年报告汇总\nyear,region,content_1,content_2\n2018,丁市,上半,下半\n";
        let r = read_csv(text, "t.csv", &cfg());
        assert_eq!(r.records.len(), 1);
        assert_eq!(r.records[0].text, "上半下半");
        assert_eq!(r.records[0].line, Some(3));
        let fields = r.fields.unwrap();
        assert_eq!(fields.header_line, Some(2));
        assert_eq!(fields.text_name().as_deref(), Some("content_1+content_2"));
        // `text = "content_2"` in corpus.toml: its sibling is read too.
        let mut named = cfg();
        named.config.fields.text = Some("content_2".into());
        let r = read_csv(text, "t.csv", &named);
        assert_eq!(r.records[0].text, "上半下半");
        // A tab-separated text naming them is a table.
        assert!(is_tab_table("年份\t正文1\t正文2\n2018\t上\t下\n", &cfg()));
        // The row reader the loader streams a sheet with joins them too.
        let header: Vec<String> = ["年份", "全文(2)", "全文(1)"].map(String::from).to_vec();
        let mapper = RowMapper::from_header(&header, &cfg(), "t.xlsx", None).unwrap();
        let mut out = FileRecords::default();
        mapper.records(
            vec![(2, ["2018", "后", "前"].map(String::from).to_vec())],
            1,
            &mut out,
        );
        assert_eq!(out.records[0].text, "前后");
    }

    #[test]
    fn no_text_column_is_not_a_report_and_says_how_to_fix() {
        let r = read_csv("province,reason\n北京市,timeout\n", "failures.csv", &cfg());
        assert!(r.records.is_empty());
        assert_eq!(r.warnings.len(), 1);
        assert_eq!(r.warnings[0].kind, WarningKind::NotAReport);
        let m = &r.warnings[0].message;
        assert!(
            m.contains("province, reason") && m.contains("[fields]\ntext = \""),
            "{m}"
        );
        // A run manifest: no column of Chinese text, so none is suggested
        // (a URL is no report); leaving the file out is.
        let manifest = "province,source_type,publish_date,source_url,text_length\n北京市,gov,2026-01-20,https://www.beijing.gov.cn/zhengce/zhengcefagui/202601/t20260120_1234567.html,38000\n";
        let r = read_csv(manifest, "run_manifest_2026.csv", &cfg());
        let m = &r.warnings[0].message;
        assert!(
            !m.contains("text = \"source_url\"") && !m.contains("text = \"province\""),
            "{m}"
        );
        assert!(
            m.contains("text = \"<the text column>\"")
                && m.ends_with("[files]\nexclude = [\"<its file name>\"]"),
            "{m}"
        );
        // A column of Chinese paragraphs under an unknown name is.
        let body = "过去一年,我们坚持稳中求进工作总基调,经济社会发展取得新成效,人民生活水平不断提高,各项事业全面进步。";
        let r = read_csv(
            &format!("年,稿件,链接\n2019,\"{body}\",https://example.gov.cn/a.html\n"),
            "x.csv",
            &cfg(),
        );
        assert!(
            r.warnings[0].message.ends_with("[fields]\ntext = \"稿件\""),
            "{}",
            r.warnings[0].message
        );
    }

    #[test]
    fn unterminated_quote_does_not_swallow_the_rows_after_it() {
        let text = "id,year,text\n1,2015,\"坏的一行没有结束引号\n2,2016,\"第二篇报告\"\n3,2017,\"第三篇报告\"\n4,2018,\"最后一篇没有结束\n";
        let r = read_csv(text, "bad.csv", &cfg());
        let years: Vec<_> = r.records.iter().map(|x| x.year.clone().unwrap()).collect();
        assert_eq!(years, ["2016", "2017"]);
        assert_eq!(r.records[0].line, Some(3));
        assert_eq!(r.records[1].line, Some(4));
        let lines: Vec<_> = r.warnings.iter().map(|w| w.line).collect();
        assert_eq!(lines, [Some(2), Some(5)], "{:?}", r.warnings);
    }

    #[test]
    fn lines_after_blank_lines_and_crlf_are_the_rows_own() {
        let text = "id,year,text\r\n\r\n1,2015,\"坏的一行\r\n2,2016,\"好\"\r\n\n3,2017,正文\r\n";
        let r = read_csv(text, "x.csv", &cfg());
        let lines: Vec<_> = r.warnings.iter().map(|w| w.line).collect();
        assert_eq!(lines, [Some(3)], "{:?}", r.warnings);
        let got: Vec<_> = r.records.iter().map(|x| x.line).collect();
        assert_eq!(got, [Some(4), Some(6)]);
    }

    #[test]
    fn rows_with_too_many_or_too_few_fields() {
        let text = "year,text,title\n2015,正文甲,标题\n2016,正文乙,多,出来\n2017,正文丙\n";
        let r = read_csv(text, "x.csv", &cfg());
        let years: Vec<_> = r.records.iter().map(|x| x.year.clone().unwrap()).collect();
        assert_eq!(years, ["2015", "2017"]);
        assert_eq!(r.warnings.len(), 2);
        assert_eq!(r.warnings[0].line, Some(3));
        assert!(r.warnings[0].message.contains("4 fields"));
        assert_eq!(r.warnings[1].line, Some(4));
    }

    /// A CSV text with multi-line quoted fields, doubled quotes, CRLF and
    /// LF rows, blank lines, and rows with too many or too few fields.
    fn messy_csv(rows: usize) -> String {
        let mut t = String::from("序号,年份,地区,报告全文\n");
        for i in 0..rows {
            let body = match i % 6 {
                0 => format!("\"第{i}篇，第一段\n第二段\"\"引号\"\"。\n\n第三段\""),
                1 => format!("第{i}篇没有引号"),
                2 => format!("\"第{i}篇\r\n跨行\""),
                3 => format!("\"第{i}篇\",多出一列"),
                4 => String::new(),
                _ => format!("\"第{i}篇,逗号在引号里\""),
            };
            let end = if i % 5 == 0 { "\r\n" } else { "\n" };
            if i % 9 == 0 {
                t.push('\n');
            }
            if i % 11 == 0 {
                t.push_str(&format!("{i},{}{end}", 2000 + i % 20));
            } else {
                t.push_str(&format!("{i},{},某市,{body}{end}", 2000 + i % 20));
            }
        }
        t
    }

    #[test]
    fn pieces_parse_like_the_whole() {
        let text = messy_csv(400);
        let mut whole = FileRecords::default();
        let (rows, _) = csv_rows_from(&text, 0, None, "x.csv", &mut whole, b',');
        assert!(rows.len() > 300 && whole.warnings.len() > 50);
        for chunk in [1, 7, 64, 500, 4096, 1 << 20] {
            let pieces = split_records(&text, chunk, b',').expect("clean quoting");
            assert_eq!(pieces.iter().map(|p| p.1).collect::<String>(), text);
            if chunk < 100 {
                assert!(pieces.len() > 100, "{chunk}: {}", pieces.len());
            }
            let mut out = FileRecords::default();
            let got = csv_rows_in(&text, "x.csv", &mut out, chunk, b',');
            assert_eq!(got, rows, "chunk {chunk}");
            assert_eq!(out.warnings, whole.warnings, "chunk {chunk}");
        }
        // Each row's line is the line its first field starts on (blank
        // lines and CRLF before it are not counted as its own).
        let file_lines: Vec<&str> = text.split('\n').collect();
        for (line, cells) in &rows {
            let at = file_lines[*line as usize - 1];
            assert!(at.starts_with(&format!("{},", cells[0])), "{line}: {at:?}");
        }
        for w in &whole.warnings {
            let at = file_lines[w.line.expect("a line") as usize - 1];
            assert!(
                at.starts_with(|c: char| c.is_ascii_digit()),
                "{w:?}: {at:?}"
            );
        }
    }

    /// A small deterministic generator (xorshift) for the randomised test.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % n
        }
    }

    /// A random CSV text: mostly well-formed (quoted fields with doubled
    /// quotes, commas and line breaks inside, CRLF, blank lines, rows of
    /// other widths), sometimes with a stray or unterminated quote.
    fn random_csv(rng: &mut Rng) -> String {
        const PLAIN: [&str; 6] = ["a", "中文", "2021", " ", "x y", "报告"];
        const QUOTED: [&str; 8] = ["\"\"", ",", "\n", "\r\n", "中", "a", " ", "\"\"\"\""];
        let mut t = String::new();
        for _ in 0..rng.below(12) + 1 {
            for f in 0..rng.below(4) + 1 {
                if f > 0 {
                    t.push(',');
                }
                match rng.below(10) {
                    0..=4 => t.push_str(PLAIN[rng.below(6) as usize]),
                    5..=8 => {
                        t.push('"');
                        for _ in 0..rng.below(5) {
                            t.push_str(QUOTED[rng.below(8) as usize]);
                        }
                        t.push('"');
                    }
                    _ => t.push_str(["\"", "a\"b", "\"x\"y"][rng.below(3) as usize]),
                }
            }
            t.push_str(["\n", "\r\n", "\n\n", "\r\n\r\n"][rng.below(4) as usize]);
        }
        t
    }

    #[test]
    fn random_texts_parse_in_pieces_like_in_one_go() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let mut split = 0;
        for _ in 0..3000 {
            let text = random_csv(&mut rng);
            let mut whole = FileRecords::default();
            let (rows, _) = csv_rows_from(&text, 0, None, "r.csv", &mut whole, b',');
            for chunk in [1, 5, 23] {
                if split_records(&text, chunk, b',').is_some_and(|p| p.len() > 1) {
                    split += 1;
                }
                let mut out = FileRecords::default();
                let got = csv_rows_in(&text, "r.csv", &mut out, chunk, b',');
                assert_eq!(got, rows, "chunk {chunk}: {text:?}");
                assert_eq!(out.warnings, whole.warnings, "chunk {chunk}: {text:?}");
            }
        }
        // Many (text, chunk) cases were really cut into pieces (the rest
        // have a stray quote, or are one record long).
        assert!(split > 1500, "{split} of 9000 cut");
    }

    #[test]
    fn unclean_quoting_is_parsed_in_one_go() {
        for bad in [
            "a,b\n1,x\"y\n",
            "a,b\n1,\"x\"y\n",
            "a,b\n1,\"never closed\n2,3\n",
        ] {
            let text = format!("{}{bad}", messy_csv(50));
            assert!(split_records(&text, 16, b',').is_none(), "{bad:?}");
            let mut whole = FileRecords::default();
            let (rows, _) = csv_rows_from(&text, 0, None, "x.csv", &mut whole, b',');
            let mut out = FileRecords::default();
            assert_eq!(csv_rows_in(&text, "x.csv", &mut out, 16, b','), rows);
            assert_eq!(out.warnings, whole.warnings);
        }
    }

    #[test]
    fn quoting_checks() {
        assert_eq!(quoting_problem("a,\"b\"\"c\",d\n", b','), None);
        assert_eq!(quoting_problem("a,b\"c,d\n", b','), None);
        assert!(quoting_problem("a,\"b\n", b',').is_some());
        assert!(quoting_problem("a,\"b\"x,d\n", b',').is_some());
    }

    #[test]
    fn text_column_found_by_length_when_unnamed() {
        let long = "各位代表：".repeat(200);
        let text = format!("年份,稿件\n2015,\"{long}\"\n2016,\"{long}\"\n");
        let r = read_csv(&text, "x.csv", &cfg());
        assert_eq!(r.records.len(), 2);
        let f = r.fields.unwrap();
        assert_eq!(f.text.as_deref(), Some("稿件"));
        assert!(f.text_by_length);
    }

    /// A report's text as a CSV field: paragraphs on lines of their own.
    fn report_lines(n: usize) -> String {
        (0..n)
            .map(|i| format!("第{i}段。{PARAGRAPH}"))
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn an_unterminated_quote_is_one_warning_for_its_lines() {
        // Row 2's text opens a quote that never closes; its paragraphs run
        // over lines 4–9, and row 3 (a quoted text over lines 10–12) reads.
        let body = report_lines(6);
        let text = format!(
            "年份,地区,标题,内容\n2011,甲市,甲市报告,\"{}\"\n2010,乙市,乙市报告,\"{body}\n2009,丙市,丙市报告,\"{}\"\n",
            report_lines(2),
            report_lines(3)
        );
        let r = read_csv(&text, "b.csv", &cfg());
        let got: Vec<_> = r
            .records
            .iter()
            .map(|x| (x.year.as_deref(), x.line))
            .collect();
        assert_eq!(got, [(Some("2011"), Some(2)), (Some("2009"), Some(10))]);
        assert_eq!(r.records[1].text, report_lines(3));
        assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
        let w = &r.warnings[0];
        assert_eq!((w.kind, w.line), (WarningKind::Parse, Some(4)));
        assert_eq!(
            w.message,
            "unterminated quote opened at line 4: lines 4–9 were not read (fix the quote and run again); reading goes on at line 10"
        );
        // The lines named are those of the file, as an editor shows them.
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[3].starts_with("2010,乙市"));
        assert!(lines[8].starts_with("第5段"));
        assert!(lines[9].starts_with("2009,丙市"));
        // Rows before and after, in pieces too (a large file).
        let mut out = FileRecords::default();
        let whole = csv_rows_in(&text, "b.csv", &mut out, 64, b',');
        assert_eq!(whole.len(), 3);
        assert_eq!(out.warnings.len(), 1);
    }

    #[test]
    fn an_unterminated_quote_in_the_last_row_runs_to_the_end() {
        let text = format!("年份,内容\n2011,\"正文\"\n2010,\"{}\n", report_lines(3));
        let r = read_csv(&text, "b.csv", &cfg());
        assert_eq!(r.records.len(), 1);
        assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
        assert_eq!(
            r.warnings[0].message,
            "unterminated quote opened at line 3: lines 3–5, to the end of the file, were not read (fix the quote and run again)"
        );
        // A quote not doubled inside a quoted field: the row alone.
        let text = "年份,内容\n2011,\"他说\"好\"的\"\n2012,正文\n";
        let r = read_csv(text, "b.csv", &cfg());
        assert_eq!(r.records.len(), 1);
        assert_eq!(r.records[0].line, Some(3));
        assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
        assert!(
            r.warnings[0].message.starts_with(
                "a quoted field opened at line 2 is followed by text after its closing quote"
            ) && r.warnings[0].message.ends_with(
                "line 2 was not read (fix the quote and run again); reading goes on at line 3"
            ),
            "{}",
            r.warnings[0].message
        );
    }

    #[test]
    fn the_lines_of_a_broken_field_are_never_rows() {
        // Paragraph lines with commas of their own, blank lines, a quote
        // inside: none is taken for a row (of the header's width).
        let text = "年份,地区,内容\n2011,甲市,\"断开的引号\n第二段,有逗号\n\n第三段，有\"引号\"的\n2012,乙市,正文\n";
        let r = read_csv(text, "b.csv", &cfg());
        let got: Vec<_> = r
            .records
            .iter()
            .map(|x| (x.year.as_deref(), x.line))
            .collect();
        assert_eq!(got, [(Some("2012"), Some(6))]);
        assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
        assert_eq!(r.warnings[0].line, Some(2));
        assert!(
            r.warnings[0].message.contains("lines 2–5 were not read")
                && r.warnings[0].message.contains("reading goes on at line 6"),
            "{}",
            r.warnings[0].message
        );
        assert!(starts_a_row("2012,乙市,正文\n", b',', 3));
        assert!(starts_a_row("2012,乙市,\"正文\n第二段\"\n", b',', 3));
        assert!(starts_a_row("2012,乙市,\"正\"\"文\"\r\n", b',', 3));
        assert!(!starts_a_row("第二段,有逗号\n", b',', 3));
        assert!(!starts_a_row("a,b,c,d\n", b',', 3));
        assert!(!starts_a_row("a,\"b\"c,d\n", b',', 3));
        assert!(!starts_a_row("\n2012,乙市,正文\n", b',', 3));
    }

    #[test]
    fn empty_texts_are_named_by_their_line() {
        let text = "年份,内容\n2011,正文\n2012,\n2013,正文\n";
        let r = read_csv(text, "e.csv", &cfg());
        assert_eq!(r.warnings.len(), 1);
        assert_eq!(r.warnings[0].line, Some(3));
        assert_eq!(
            r.warnings[0].message,
            "text column \"内容\" is empty; row skipped"
        );
    }

    fn cells(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_header_below_many_title_and_note_rows() {
        for notes in [3usize, 4, 6, 12] {
            let mut rows: Vec<(u32, Vec<String>)> = Vec::new();
            rows.push((
                1,
                cells(&["江西省设区市政府工作报告汇总（2015-2016）", "", "", ""]),
            ));
            for i in 1..notes {
                rows.push((i as u32 + 1, cells(&[&format!("说明第{i}行")])));
            }
            // A note of two cells (a label and its value).
            rows.push((notes as u32 + 1, cells(&["数据来源：", "各市政府网站"])));
            let h = notes as u32 + 2;
            rows.push((h, cells(&["序号", "年份", "城市", "报告全文"])));
            rows.push((h + 1, cells(&["1", "2016", "甲市", "正文一"])));
            rows.push((h + 2, cells(&["2", "2015", "乙市", "正文二"])));
            let r = read_rows(rows, "t.xlsx", None, &cfg());
            let got: Vec<_> = r
                .records
                .iter()
                .map(|x| (x.year.as_deref(), x.region.as_deref(), x.line))
                .collect();
            assert_eq!(
                got,
                [
                    (Some("2016"), Some("甲市"), Some(u64::from(h) + 1)),
                    (Some("2015"), Some("乙市"), Some(u64::from(h) + 2))
                ],
                "{notes}: {:?}",
                r.warnings
            );
            assert!(r.warnings.is_empty(), "{:?}", r.warnings);
            assert_eq!(r.fields.unwrap().header_line, Some(u64::from(h)));
        }
    }

    #[test]
    fn the_header_is_the_row_naming_the_most_fields() {
        // A note that happens to name a field (`标题`) over the header.
        let rows = sheet(&[
            &["汇总表"],
            &["标题", "见各行"],
            &["", ""],
            &["序号", "标题", "年份", "全文"],
            &["1", "甲市报告", "2019", "正文"],
        ]);
        let rows: Vec<(u32, Vec<String>)> = rows.into_iter().filter(|r| filled(&r.1) > 0).collect();
        let r = read_rows(rows, "t.xlsx", None, &cfg());
        assert_eq!(r.records.len(), 1, "{:?}", r.warnings);
        assert_eq!(r.records[0].title.as_deref(), Some("甲市报告"));
        assert_eq!(r.fields.unwrap().header_line, Some(4));
        // A table whose first row is its header: a row below that names
        // fields (a second header) does not move it.
        let rows = sheet(&[
            &["年份", "正文"],
            &["2019", "正文一"],
            &["年份", "正文"],
            &["2020", "正文二"],
        ]);
        let r = read_rows(rows, "t.xlsx", None, &cfg());
        assert_eq!(r.fields.as_ref().unwrap().header_line, None);
        assert_eq!(r.records.len(), 3);
        // Data rows (as many cells as the header) above: no header below.
        let rows = sheet(&[
            &["甲", "乙", "丙"],
            &["1", "2", "3"],
            &["年份", "地区", "正文"],
            &["2019", "甲市", "正文一"],
        ]);
        let slices: Vec<&[String]> = rows.iter().map(|r| r.1.as_slice()).collect();
        assert_eq!(header_index(&slices, &cfg()), 0);
        // Beyond the rows looked at: not found.
        let mut rows: Vec<(u32, Vec<String>)> = (1..=HEADER_SEARCH_ROWS as u32)
            .map(|i| (i, cells_of(&format!("说明{i}"))))
            .collect();
        rows.push((21, cells(&["年份", "正文"])));
        let slices: Vec<&[String]> = rows.iter().map(|r| r.1.as_slice()).collect();
        assert_eq!(header_index(&slices, &cfg()), 0);
    }

    fn cells_of(one: &str) -> Vec<String> {
        vec![one.to_string()]
    }

    #[test]
    fn no_header_found_says_what_was_looked_at_and_a_fix_that_works() {
        let long = PARAGRAPH.repeat(2);
        let rows = vec![
            (1, cells(&["政府工作报告汇总"])),
            (2, cells(&["说明第1行"])),
            (3, cells(&["说明第2行"])),
            (4, cells(&["说明第3行"])),
            (5, cells(&["编号", "时间点", "地方", "稿件"])),
            (6, cells(&["1", "2016", "甲市", &long])),
            (7, cells(&["2", "2015", "乙市", &long])),
        ];
        let r = read_rows(rows.clone(), "n.xlsx", Some("Sheet1"), &cfg());
        assert!(r.records.is_empty());
        assert_eq!(r.warnings.len(), 1);
        let m = &r.warnings[0].message;
        assert!(
            m.starts_with("sheet \"Sheet1\" skipped, not a report table: no header row naming the text field (")
                && m.contains(&format!("in its first {HEADER_SEARCH_ROWS} rows: lines 1–4 hold a title or notes (政府工作报告汇总; 说明第1行; 说明第2行; 说明第3行), and line 5 holds 编号, 时间点, 地方, 稿件;"))
                && m.ends_with("put a corpus.toml beside the file with:\n[fields]\ntext = \"稿件\""),
            "{m}"
        );
        assert!(!m.contains("text = \"政府工作报告汇总\""), "{m}");
        // The fix works: the column named finds the header.
        let mut fixed = cfg();
        fixed.config.fields.text = Some("稿件".into());
        let r = read_rows(rows, "n.xlsx", Some("Sheet1"), &fixed);
        let got: Vec<_> = r
            .records
            .iter()
            .map(|x| (x.line, x.region.clone()))
            .collect();
        assert_eq!(got, [(Some(6), None), (Some(7), None)], "{:?}", r.warnings);
        assert_eq!(r.fields.unwrap().header_line, Some(5));
        // The same in CSV, note lines padded with separators.
        let csv = format!(
            "政府工作报告汇总,,,\n说明第1行,,,\n说明第2行,,,\n说明第3行,,,\n编号,时间点,地方,稿件\n1,2016,甲市,{long}\n"
        );
        let r = read_csv(&csv, "n.csv", &cfg());
        assert!(r.records.is_empty());
        assert!(
            r.warnings[0]
                .message
                .contains("lines 1–4 hold a title or notes")
                && r.warnings[0].message.ends_with("text = \"稿件\""),
            "{:?}",
            r.warnings
        );
        let r = read_csv(&csv, "n.csv", &fixed);
        assert_eq!(r.records.len(), 1, "{:?}", r.warnings);
        assert_eq!(r.records[0].line, Some(6));
    }

    #[test]
    fn csv_note_lines_above_the_header() {
        for notes in [
            "汇总\n来源：某库\n整理：2020年\n说明：去除图片\n",
            "汇总,,,\n来源：某库,,,\n\n整理：2020年,,,\n说明：去除图片,,,\n注：单位,篇,,\n",
            "\"汇总,2003-2024\",,,\n来源,某库,,\n整理,,,\n说明,,,\n其一,,,\n其二,,,\n其三,,,\n",
        ] {
            let header_line = notes.lines().count() as u64 + 1;
            let text = format!(
                "{notes}序号,年份,城市,报告全文\n1,2016,甲市,\"正文一\"\n2,2015,乙市,正文二\n"
            );
            let r = read_csv(&text, "n.csv", &cfg());
            let got: Vec<_> = r
                .records
                .iter()
                .map(|x| (x.year.as_deref(), x.line))
                .collect();
            assert_eq!(
                got,
                [
                    (Some("2016"), Some(header_line + 1)),
                    (Some("2015"), Some(header_line + 2))
                ],
                "{notes:?}: {:?}",
                r.warnings
            );
            assert!(r.warnings.is_empty(), "{:?}", r.warnings);
            assert_eq!(r.fields.unwrap().header_line, Some(header_line));
        }
    }

    #[test]
    fn a_deep_header_is_no_report_down_a_column() {
        // Long notes above a header naming the text: a table.
        let note = "说明：本表收录各设区市政府工作报告全文，数据来源于各市人民政府门户网站，整理时去除了图片和表格。";
        let rows = sheet(&[
            &[note],
            &[note],
            &[note],
            &[note],
            &["序号", "年份", "城市", "报告全文"],
            &["1", "2016", "甲市", "正文"],
        ]);
        assert!(sheet_as_text(&rows, &cfg()).is_none());
        assert_eq!(read_rows(rows, "d.xlsx", None, &cfg()).records.len(), 1);
    }
}
