//! Spreadsheets (`.xlsx`, `.xls`, `.ods`) read into text cells, sheet by
//! sheet, with calamine.
//!
//! Every worksheet becomes a [`Sheet`]: its non-empty rows with their 1-based
//! row numbers, each cell rendered as text (whole-number floats without a
//! fraction, dates as ISO dates, errors as empty). Cell positions count from
//! column A, so a row's cells line up with the header's. A merged cell
//! running down rows (a year or a city merged over the rows of its report)
//! gives its value to every row it covers, as Excel shows it (for `.xlsx`
//! and `.xls`; calamine does not tell an `.ods` file's merged cells).
//! Hidden sheets are left out ([`Workbook::hidden`]). The loader decides
//! which sheets and columns hold reports.

use std::collections::BTreeMap;
use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};

use calamine::{
    Data, Dimensions, ExcelDateTime, Ods, Range, Reader, SheetType, SheetVisible, Xls, Xlsx,
};

use crate::error::{Warning, WarningKind};

/// Which spreadsheet format to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkbookKind {
    /// Office Open XML workbook.
    Xlsx,
    /// Legacy binary (BIFF) workbook.
    Xls,
    /// OpenDocument spreadsheet.
    Ods,
}

impl WorkbookKind {
    fn name(self) -> &'static str {
        match self {
            WorkbookKind::Xlsx => ".xlsx",
            WorkbookKind::Xls => ".xls",
            WorkbookKind::Ods => ".ods",
        }
    }
}

/// One worksheet as text cells; `rows[0]` is the sheet's first non-empty row
/// (the header, for the loader).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sheet {
    /// The sheet's name.
    pub name: String,
    /// Rows of cells as text, each with its 1-based row number in the sheet
    /// (for warnings: `file.xlsx:Sheet1:row 12`).
    pub rows: Vec<(u32, Vec<String>)>,
}

/// A worksheet left out because it is hidden (Excel's Hide, or "very
/// hidden", which only a macro or the file's XML sets): a draft, notes or
/// lookup lists, not reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HiddenSheet {
    /// The sheet's name.
    pub name: String,
    /// Whether it is "very hidden" (not listed by Excel's Unhide either).
    pub very_hidden: bool,
}

impl HiddenSheet {
    /// The warning that the sheet was not read, for the workbook shown as
    /// `shown`.
    pub fn warning(&self, shown: &str) -> Warning {
        let how = if self.very_hidden {
            "very hidden (hidden so that Excel's Unhide does not list it)"
        } else {
            "hidden"
        };
        Warning::new(
            WarningKind::NotAReport,
            shown,
            None,
            format!(
                "sheet {:?} skipped, {how} in the workbook (a hidden sheet holds drafts or notes, not read as reports); to read it, unhide the sheet and save the workbook",
                self.name
            ),
        )
    }
}

/// A workbook's visible worksheets, and the hidden ones left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Workbook {
    /// The visible worksheets with a non-empty cell, in workbook order.
    pub sheets: Vec<Sheet>,
    /// The hidden worksheets, not read, in workbook order.
    pub hidden: Vec<HiddenSheet>,
}

impl Workbook {
    /// One warning per hidden worksheet left out ([`HiddenSheet::warning`]).
    pub fn warnings(&self, shown: &str) -> Vec<Warning> {
        self.hidden.iter().map(|h| h.warning(shown)).collect()
    }
}

/// Most cells (empty ones before a value included) kept from one sheet.
const MAX_CELLS: usize = 50_000_000;

/// Read the visible sheets of a workbook from memory with calamine (see
/// [`read_workbook_with_hidden`]; the hidden sheets are left out without a
/// word).
pub fn read_workbook(bytes: &[u8], kind: WorkbookKind) -> Result<Vec<Sheet>, String> {
    read_workbook_with_hidden(bytes, kind).map(|w| w.sheets)
}

/// Read every visible sheet of a workbook from memory with calamine, and
/// name the hidden ones, which are not read. Cell values as text: strings
/// as they are; floats that are whole numbers (2015.0) as `2015`, other
/// floats in their shortest form; ints; booleans `true`/`false`; dates
/// (DateTime cells) as ISO `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM:SS` when they
/// have a time of day; errors (#N/A) as empty. A merged region spanning
/// several rows gives its value (its top-left cell's) to the cell of its
/// first column in each row below that holds another value and leaves that
/// cell empty (only rows of the sheet's data, never another sheet's); a
/// region within one row (a title over the columns) is left as stored.
/// Trailing empty cells and fully empty rows dropped; empty sheets omitted;
/// chart and macro sheets skipped.
pub fn read_workbook_with_hidden(bytes: &[u8], kind: WorkbookKind) -> Result<Workbook, String> {
    // calamine parses untrusted binary input; a panic inside it must not take
    // the whole run down, so it becomes an error for this file.
    catch_unwind(AssertUnwindSafe(|| read_any(bytes, kind))).unwrap_or_else(|_| {
        Err(format!(
            "not a readable {} workbook (the spreadsheet reader failed on it)",
            kind.name()
        ))
    })
}

fn read_any(bytes: &[u8], kind: WorkbookKind) -> Result<Workbook, String> {
    let cursor = Cursor::new(bytes);
    let not_readable =
        |e: &dyn std::fmt::Display| format!("not a readable {} workbook ({e})", kind.name());
    match kind {
        WorkbookKind::Xlsx => read_xlsx(Xlsx::new(cursor).map_err(|e| match e {
            calamine::XlsxError::Zip(z) => super::unreadable_zip(bytes, "xlsx", &z),
            e => not_readable(&e),
        })?),
        WorkbookKind::Xls => read_ranges(
            Xls::new(cursor).map_err(|e| not_readable(&e))?,
            // Read with the workbook; an unknown name has none.
            |w: &mut Xls<_>, name| w.merge_cells_by_sheet_name(name).unwrap_or_default(),
        ),
        // calamine reads an .ods file's covered cells as empty and does not
        // tell its merged regions.
        WorkbookKind::Ods => read_ranges(
            Ods::new(cursor).map_err(|e| match e {
                calamine::OdsError::Zip(z) => super::unreadable_zip(bytes, "ods", &z),
                e => not_readable(&e),
            })?,
            |_: &mut Ods<_>, _| Vec::new(),
        ),
    }
}

/// The worksheets (not chart, dialog or macro sheets), in workbook order:
/// each one's name and whether it is hidden (`Some(very hidden)`) or
/// visible (`None`).
fn worksheets<RS, R>(workbook: &R) -> Vec<(String, Option<bool>)>
where
    RS: std::io::Read + std::io::Seek,
    R: Reader<RS>,
{
    workbook
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| {
            let hidden = match s.visible {
                SheetVisible::Visible => None,
                SheetVisible::Hidden => Some(false),
                SheetVisible::VeryHidden => Some(true),
            };
            (s.name.clone(), hidden)
        })
        .collect()
}

/// The visible worksheets' names, and the hidden ones (see [`worksheets`]).
fn visible_and_hidden<RS, R>(workbook: &R) -> (Vec<String>, Vec<HiddenSheet>)
where
    RS: std::io::Read + std::io::Seek,
    R: Reader<RS>,
{
    let mut visible = Vec::new();
    let mut hidden = Vec::new();
    for (name, state) in worksheets(workbook) {
        match state {
            None => visible.push(name),
            Some(very_hidden) => hidden.push(HiddenSheet { name, very_hidden }),
        }
    }
    (visible, hidden)
}

/// An .xlsx, cell by cell (no dense grid: a stray cell far away costs
/// nothing).
fn read_xlsx(mut workbook: Xlsx<Cursor<&[u8]>>) -> Result<Workbook, String> {
    let (names, hidden) = visible_and_hidden(&workbook);
    let mut sheets = Vec::new();
    for name in names {
        // The merged regions follow the cells in the sheet's XML; a sheet
        // whose regions cannot be read has its cells as stored.
        let merged = workbook
            .merge_cells_by_sheet_name(&name)
            .unwrap_or_default();
        let failed = |e: calamine::XlsxError| format!("sheet {name:?} cannot be read ({e})");
        let mut cells = workbook.worksheet_cells_reader(&name).map_err(failed)?;
        let mut grid = Grid::default();
        while let Some(cell) = cells.next_cell().map_err(failed)? {
            let (row, col) = cell.get_position();
            let text = cell_text(&Data::from(cell.get_value().clone()));
            grid.put(row, col, text)
                .map_err(|e| format!("sheet {name:?} {e}"))?;
        }
        grid.fill_merged(&merged)
            .map_err(|e| format!("sheet {name:?} {e}"))?;
        sheets.extend(grid.into_sheet(name));
    }
    Ok(Workbook { sheets, hidden })
}

/// An .xls or .ods, sheet range by sheet range; `merged` gives a sheet's
/// merged regions.
fn read_ranges<'a, R>(
    mut workbook: R,
    merged: impl Fn(&mut R, &str) -> Vec<Dimensions>,
) -> Result<Workbook, String>
where
    R: Reader<Cursor<&'a [u8]>>,
    R::Error: std::fmt::Display,
{
    let (names, hidden) = visible_and_hidden(&workbook);
    let mut sheets = Vec::new();
    for name in names {
        let range = workbook
            .worksheet_range(&name)
            .map_err(|e| format!("sheet {name:?} cannot be read ({e})"))?;
        let mut grid = range_grid(&range).map_err(|e| format!("sheet {name:?} {e}"))?;
        grid.fill_merged(&merged(&mut workbook, &name))
            .map_err(|e| format!("sheet {name:?} {e}"))?;
        sheets.extend(grid.into_sheet(name));
    }
    Ok(Workbook { sheets, hidden })
}

/// One step of the row reader of [`with_single_sheet_rows`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowStep {
    /// The next non-empty row: its 1-based number and its cells, exactly as
    /// in a [`Sheet`].
    Row(u32, Vec<String>),
    /// No more rows.
    End,
    /// The sheet cannot be read row by row (a read error, rows out of
    /// order, too many cells): read the workbook with [`read_workbook`].
    Fail,
}

/// Read the rows of an `.xlsx` with exactly one worksheet one at a time,
/// while the cells are parsed: `f` gets a function returning each row as
/// soon as it is complete (what a [`Sheet`] from [`read_workbook`] holds,
/// in the same order), so that the caller can clean rows while the rest of
/// the sheet is still being read. `None` when the workbook is not an
/// `.xlsx` with one worksheet, that one visible and without merged regions
/// spanning rows (whose values [`read_workbook`] fills in), or the reader
/// panicked (then read it with [`read_workbook_with_hidden`], which
/// reports why, and names a hidden sheet).
pub fn with_single_sheet_rows<R>(
    bytes: &[u8],
    f: impl FnOnce(&mut (dyn FnMut() -> RowStep + Send)) -> R,
) -> Option<R> {
    catch_unwind(AssertUnwindSafe(|| {
        let mut workbook = Xlsx::new(Cursor::new(bytes)).ok()?;
        let names = worksheets(&workbook);
        let [(name, None)] = &names[..] else {
            return None;
        };
        let merged = workbook.merge_cells_by_sheet_name(name).ok()?;
        if merged.iter().any(|d| d.end.0 > d.start.0) {
            return None;
        }
        let mut cells = workbook.worksheet_cells_reader(name).ok()?;
        // A cell read ahead: the first of the next row.
        let mut pending: Option<(u32, u32, String)> = None;
        let (mut last_row, mut total, mut done) = (None::<u32>, 0usize, false);
        let mut next = move || -> RowStep {
            if done {
                return RowStep::End;
            }
            let mut row: Option<(u32, Vec<String>)> = None;
            loop {
                let cell = match pending.take() {
                    Some(c) => Some(c),
                    None => match cells.next_cell() {
                        Err(_) => return RowStep::Fail,
                        Ok(None) => None,
                        Ok(Some(c)) => {
                            let (r, col) = c.get_position();
                            let text = cell_text(&Data::from(c.get_value().clone()));
                            if text.is_empty() {
                                continue;
                            }
                            Some((r, col, text))
                        }
                    },
                };
                let Some((r, col, text)) = cell else {
                    done = true;
                    return match row {
                        Some((r, c)) => RowStep::Row(r.saturating_add(1), c),
                        None => RowStep::End,
                    };
                };
                match row.take() {
                    Some((cur, c)) if cur != r => {
                        pending = Some((r, col, text));
                        return RowStep::Row(cur.saturating_add(1), c);
                    }
                    Some(open) => row = Some(open),
                    None => {
                        // Rows must come in order (a Grid would sort them).
                        if last_row.is_some_and(|l| r <= l) {
                            return RowStep::Fail;
                        }
                        last_row = Some(r);
                        row = Some((r, Vec::new()));
                    }
                }
                let Some((_, c)) = row.as_mut() else {
                    return RowStep::Fail;
                };
                let col = col as usize;
                if c.len() <= col {
                    total += col + 1 - c.len();
                    if total > MAX_CELLS {
                        return RowStep::Fail;
                    }
                    c.resize(col + 1, String::new());
                }
                c[col] = text;
            }
        };
        Some(f(&mut next))
    }))
    .ok()
    .flatten()
}

/// The text of one cell.
fn cell_text(value: &Data) -> String {
    match value {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) if dt.is_datetime() => date_text(dt),
        Data::DateTime(dt) => float_text(dt.as_f64()),
    }
}

/// A float in its shortest round-tripping form; whole numbers without a
/// fraction (`2015.0` → `2015`); `-0` as `0`; NaN and infinities empty.
fn float_text(f: f64) -> String {
    if !f.is_finite() {
        String::new()
    } else if f == 0.0 {
        "0".to_string()
    } else {
        // Rust's Display prints the shortest representation and never an
        // exponent or a trailing `.0`.
        format!("{f}")
    }
}

/// An Excel serial date as ISO 8601: `YYYY-MM-DD`, with `THH:MM:SS` (and
/// milliseconds) when it has a time of day; a pure time (serial below 1) as
/// `HH:MM:SS`.
fn date_text(dt: &ExcelDateTime) -> String {
    let (y, mo, d, h, mi, s, ms) = dt.to_ymd_hms_milli();
    let serial = dt.as_f64();
    let time = match ms {
        0 => format!("{h:02}:{mi:02}:{s:02}"),
        _ => format!("{h:02}:{mi:02}:{s:02}.{ms:03}"),
    };
    if (0.0..1.0).contains(&serial) {
        time
    } else if (h, mi, s, ms) == (0, 0, 0, 0) {
        format!("{y:04}-{mo:02}-{d:02}")
    } else {
        format!("{y:04}-{mo:02}-{d:02}T{time}")
    }
}

/// Non-empty cells by row, columns counted from A.
#[derive(Debug, Default)]
struct Grid {
    rows: BTreeMap<u32, Vec<String>>,
    cells: usize,
}

impl Grid {
    /// Set a cell (0-based row and column); empty texts leave no trace.
    fn put(&mut self, row: u32, col: u32, text: String) -> Result<(), String> {
        if text.is_empty() {
            return Ok(());
        }
        let col = col as usize;
        let cells = self.rows.entry(row).or_default();
        if cells.len() <= col {
            self.cells += col + 1 - cells.len();
            if self.cells > MAX_CELLS {
                return Err(format!("is too large (over {MAX_CELLS} cells)"));
            }
            cells.resize(col + 1, String::new());
        }
        cells[col] = text;
        Ok(())
    }

    /// Give each merged region spanning several rows its value in the rows
    /// below its top: the top-left cell's text goes to the region's first
    /// column in every row of the region that holds another value and
    /// leaves that cell empty (Excel stores a merged cell's value in its
    /// top-left cell only, and shows it over all the rows: a year or a city
    /// merged over the paragraphs of one report). Only rows of the sheet's
    /// data are filled (a region running past them adds no row), and only
    /// the first column (a title merged over the columns of its rows stays
    /// one cell a row, so that it is still told from a header); a region
    /// within one row is left as stored.
    fn fill_merged(&mut self, merged: &[Dimensions]) -> Result<(), String> {
        for region in merged {
            let ((top, col), (bottom, _)) = (region.start, region.end);
            if bottom <= top {
                continue;
            }
            let value = self
                .rows
                .get(&top)
                .and_then(|cells| cells.get(col as usize))
                .filter(|v| !v.is_empty())
                .cloned();
            let Some(value) = value else {
                continue;
            };
            let below: Vec<u32> = self
                .rows
                .range(top + 1..=bottom)
                .filter(|(_, cells)| cells.get(col as usize).is_none_or(String::is_empty))
                .map(|(row, _)| *row)
                .collect();
            for row in below {
                self.put(row, col, value.clone())?;
            }
        }
        Ok(())
    }

    /// The sheet, `None` when it has no non-empty cell.
    fn into_sheet(self, name: String) -> Option<Sheet> {
        let rows: Vec<(u32, Vec<String>)> = self
            .rows
            .into_iter()
            .map(|(row, cells)| (row.saturating_add(1), cells))
            .collect();
        (!rows.is_empty()).then_some(Sheet { name, rows })
    }
}

/// The non-empty cells of a calamine range into a grid.
fn range_grid(range: &Range<Data>) -> Result<Grid, String> {
    let mut grid = Grid::default();
    let (row0, col0) = range.start().unwrap_or((0, 0));
    for (r, c, value) in range.used_cells() {
        let (row, col) = (row0.saturating_add(r as u32), col0.saturating_add(c as u32));
        grid.put(row, col, cell_text(value))?;
    }
    Ok(grid)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::formats::testutil::mutations;
    use rust_xlsxwriter::{DocProperties, ExcelDateTime as XlsxDate, Format, Formula, Workbook};
    use std::io::Write;
    use zip::ZipWriter;
    use zip::write::SimpleFileOptions;

    fn strings(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|s| s.to_string()).collect()
    }

    /// A workbook whose bytes do not depend on the clock (rust_xlsxwriter
    /// stamps the creation time into `docProps/core.xml`), so that the
    /// mutation tests flip the same bytes on every run.
    fn fixed_workbook() -> Workbook {
        let mut wb = Workbook::new();
        let created = XlsxDate::from_ymd(2024, 1, 1).unwrap();
        wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
        wb
    }

    fn xlsx() -> Vec<u8> {
        let mut wb = fixed_workbook();
        let ws = wb.add_worksheet();
        ws.set_name("报告").unwrap();
        // A pandas frame written with its index: the first header cell is empty.
        for (c, h) in ["年份", "地区等级", "地区", "报告全文", "省份"]
            .iter()
            .enumerate()
        {
            ws.write_string(0, c as u16 + 1, *h).unwrap();
        }
        ws.write_number(1, 0, 0.0).unwrap();
        ws.write_number(1, 1, 2015.0).unwrap();
        ws.write_string(1, 2, "地级市").unwrap();
        ws.write_string(1, 3, "示例市").unwrap();
        ws.write_string(1, 4, "各位代表：\n现在，我代表市人民政府作工作报告。")
            .unwrap();
        ws.write_string(1, 5, "示例省").unwrap();
        ws.write_number(3, 0, 1.0).unwrap();
        ws.write_number(3, 1, 2016.0).unwrap();
        ws.write_number(3, 2, 2.5).unwrap();
        ws.write_blank(3, 9, &Format::new().set_bold()).unwrap();
        let meta = wb.add_worksheet();
        meta.set_name("说明").unwrap();
        let day = XlsxDate::from_ymd(2023, 1, 5).unwrap();
        let date_format = Format::new().set_num_format("yyyy-mm-dd");
        let time_format = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
        meta.write_datetime_with_format(4, 1, &day, &date_format)
            .unwrap();
        let moment = day.clone().and_hms(8, 30, 0).unwrap();
        meta.write_datetime_with_format(4, 2, &moment, &time_format)
            .unwrap();
        meta.write_formula(4, 3, Formula::new("=NA()").set_result("#N/A"))
            .unwrap();
        meta.write_number(4, 4, 0.125).unwrap();
        meta.write_boolean(4, 5, true).unwrap();
        let empty = wb.add_worksheet();
        empty.set_name("空表").unwrap();
        empty
            .write_blank(2, 2, &Format::new().set_italic())
            .unwrap();
        wb.save_to_buffer().unwrap()
    }

    #[test]
    fn xlsx_cells_rows_and_sheets() {
        let sheets = read_workbook(&xlsx(), WorkbookKind::Xlsx).unwrap();
        let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["报告", "说明"]);
        assert_eq!(
            sheets[0].rows,
            vec![
                (
                    1,
                    strings(&["", "年份", "地区等级", "地区", "报告全文", "省份"])
                ),
                (
                    2,
                    strings(&[
                        "0",
                        "2015",
                        "地级市",
                        "示例市",
                        "各位代表：\n现在，我代表市人民政府作工作报告。",
                        "示例省"
                    ])
                ),
                (4, strings(&["1", "2016", "2.5"])),
            ]
        );
        assert_eq!(
            sheets[1].rows,
            vec![(
                5,
                strings(&["", "2023-01-05", "2023-01-05T08:30:00", "", "0.125", "true"])
            )]
        );
    }

    #[test]
    fn number_and_date_rendering() {
        assert_eq!(float_text(2015.0), "2015");
        assert_eq!(float_text(-0.0), "0");
        assert_eq!(float_text(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(float_text(1e21), "1000000000000000000000");
        assert_eq!(float_text(f64::NAN), "");
        let dt = |v| ExcelDateTime::new(v, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(date_text(&dt(44931.0)), "2023-01-05");
        assert_eq!(date_text(&dt(44931.5)), "2023-01-05T12:00:00");
        assert_eq!(date_text(&dt(0.75)), "18:00:00");
    }

    fn ods() -> Vec<u8> {
        let content = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:body><office:spreadsheet>
<table:table table:name="报告">
<table:table-row><table:table-cell office:value-type="string"><text:p>年份</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>地区</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>报告全文</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>日期</text:p></table:table-cell></table:table-row>
<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="4"/></table:table-row>
<table:table-row><table:table-cell office:value-type="float" office:value="2015"><text:p>2015</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>示例市</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>第一段</text:p><text:p>第二段</text:p></table:table-cell><table:table-cell office:value-type="date" office:date-value="2015-01-20"><text:p>2015-01-20</text:p></table:table-cell><table:table-cell table:number-columns-repeated="1020"/></table:table-row>
</table:table>
<table:table table:name="空表"><table:table-row><table:table-cell/></table:table-row></table:table>
</office:spreadsheet></office:body></office:document-content>"#;
        ods_of(content)
    }

    /// An .ods file of `content` (its `content.xml`).
    fn ods_of(content: &str) -> Vec<u8> {
        let mut w = ZipWriter::new(Cursor::new(Vec::new()));
        let stored =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        w.start_file("mimetype", stored).unwrap();
        w.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
            .unwrap();
        w.start_file("META-INF/manifest.xml", SimpleFileOptions::default())
            .unwrap();
        w.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).unwrap();
        w.start_file("content.xml", SimpleFileOptions::default())
            .unwrap();
        w.write_all(content.as_bytes()).unwrap();
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn ods_cells_rows_and_sheets() {
        let sheets = read_workbook(&ods(), WorkbookKind::Ods).unwrap();
        assert_eq!(sheets.len(), 1);
        assert_eq!(sheets[0].name, "报告");
        assert_eq!(
            sheets[0].rows,
            vec![
                (1, strings(&["年份", "地区", "报告全文", "日期"])),
                (
                    4,
                    strings(&["2015", "示例市", "第一段\n第二段", "2015-01-20"])
                ),
            ]
        );
    }

    #[test]
    fn ods_hidden_tables_are_named_not_read() {
        let content = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:automatic-styles>
<style:style style:name="ta1" style:family="table"><style:table-properties table:display="true"/></style:style>
<style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style>
</office:automatic-styles>
<office:body><office:spreadsheet>
<table:table table:name="报告" table:style-name="ta1"><table:table-row><table:table-cell office:value-type="string"><text:p>正文</text:p></table:table-cell></table:table-row></table:table>
<table:table table:name="草稿" table:style-name="ta2"><table:table-row><table:table-cell office:value-type="string"><text:p>草稿</text:p></table:table-cell></table:table-row></table:table>
</office:spreadsheet></office:body></office:document-content>"#;
        let book = read_workbook_with_hidden(&ods_of(content), WorkbookKind::Ods).unwrap();
        assert_eq!(book.sheets.len(), 1);
        assert_eq!(book.sheets[0].rows, vec![(1, strings(&["正文"]))]);
        assert_eq!(
            book.hidden,
            vec![HiddenSheet {
                name: "草稿".into(),
                very_hidden: false
            }]
        );
    }

    #[test]
    fn garbage_is_an_error_for_every_kind() {
        for kind in [WorkbookKind::Xlsx, WorkbookKind::Xls, WorkbookKind::Ods] {
            for bytes in [
                &b""[..],
                b"not a workbook",
                &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0],
            ] {
                let err = read_workbook(bytes, kind).unwrap_err();
                assert!(
                    err.starts_with(&format!("not a readable {}", kind.name())),
                    "{err}"
                );
            }
        }
        // An .xlsx is not an .ods and the other way round.
        assert!(read_workbook(&xlsx(), WorkbookKind::Ods).is_err());
        assert!(read_workbook(&ods(), WorkbookKind::Xlsx).is_err());
    }

    #[test]
    fn mutations_never_panic() {
        for (bytes, kind) in [(xlsx(), WorkbookKind::Xlsx), (ods(), WorkbookKind::Ods)] {
            for m in mutations(&bytes) {
                let _ = read_workbook(&m, kind);
                let _ = read_workbook(&m, WorkbookKind::Xls);
                let _ = all_rows(&m);
            }
        }
        for m in mutations(&one_sheet(40)) {
            if let Some(Some(rows)) = all_rows(&m) {
                // Whatever is read row by row is what the whole read gives.
                let whole = read_workbook(&m, WorkbookKind::Xlsx).unwrap();
                assert_eq!(Some(&rows), whole.first().map(|s| &s.rows));
            }
        }
    }

    type Row = (u32, Vec<String>);

    /// Every row of a one-sheet workbook through the row reader; `Some(None)`
    /// when it failed part way.
    fn all_rows(bytes: &[u8]) -> Option<Option<Vec<Row>>> {
        with_single_sheet_rows(bytes, |next| {
            let mut rows = Vec::new();
            loop {
                match next() {
                    RowStep::Row(n, c) => rows.push((n, c)),
                    RowStep::End => return Some(rows),
                    RowStep::Fail => return None,
                }
            }
        })
    }

    /// A one-sheet workbook of `n` rows with what sheets hold: an unnamed
    /// first header cell, numbers, dates, empty strings, empty rows, a
    /// formatted blank cell after the last value, cells written out of
    /// column order, long texts.
    fn one_sheet(n: u32) -> Vec<u8> {
        let mut wb = fixed_workbook();
        let ws = wb.add_worksheet();
        for (c, h) in ["年份", "地区", "报告全文"].iter().enumerate() {
            ws.write_string(0, c as u16 + 1, *h).unwrap();
        }
        let day = XlsxDate::from_ymd(2023, 1, 5).unwrap();
        let date_format = Format::new().set_num_format("yyyy-mm-dd");
        for r in 1..=n {
            if r % 7 == 3 {
                continue;
            }
            ws.write_string(
                r,
                3,
                format!("第{r}篇：{}", "推进数字经济。".repeat(r as usize % 9)),
            )
            .unwrap();
            ws.write_number(r, 0, f64::from(r)).unwrap();
            match r % 5 {
                0 => ws.write_string(r, 2, "").map(|_| ()).unwrap(),
                1 => ws
                    .write_datetime_with_format(r, 1, &day, &date_format)
                    .map(|_| ())
                    .unwrap(),
                _ => ws
                    .write_number(r, 1, 2000.0 + f64::from(r))
                    .map(|_| ())
                    .unwrap(),
            }
            if r % 4 == 0 {
                ws.write_blank(r, 8, &Format::new().set_bold()).unwrap();
            }
        }
        wb.save_to_buffer().unwrap()
    }

    /// A paragraph-per-row sheet under a title merged over its columns:
    /// 年份 and 城市 merged down the rows of each report, one region
    /// running past the data, one merged over two columns and two rows; a
    /// second sheet with cells where the first one's regions are, and no
    /// region of its own.
    fn merged_down() -> Vec<u8> {
        let mut wb = fixed_workbook();
        let plain = Format::new();
        let ws = wb.add_worksheet();
        ws.set_name("报告").unwrap();
        ws.merge_range(0, 0, 0, 4, "各市政府工作报告", &plain)
            .unwrap();
        for (c, h) in ["年份", "城市", "备注", "附注", "内容"].iter().enumerate() {
            ws.write_string(1, c as u16, *h).unwrap();
        }
        for r in 2..=7 {
            ws.write_string(r, 4, format!("第{r}段。")).unwrap();
        }
        // A report of rows 3–5 (1-based) and one of rows 6–8, its region
        // running on to row 30.
        ws.merge_range(2, 0, 4, 0, "", &plain).unwrap();
        ws.write_number(2, 0, 2019.0).unwrap();
        ws.merge_range(2, 1, 4, 1, "甲市", &plain).unwrap();
        ws.merge_range(5, 0, 29, 0, "", &plain).unwrap();
        ws.write_number(5, 0, 2020.0).unwrap();
        ws.merge_range(5, 1, 7, 1, "乙市", &plain).unwrap();
        // Over two columns and two rows: the first column only.
        ws.merge_range(5, 2, 6, 3, "", &plain).unwrap();
        ws.write_string(5, 2, "注").unwrap();
        // A region without a value.
        ws.merge_range(8, 2, 9, 2, "", &plain).unwrap();
        let other = wb.add_worksheet();
        other.set_name("其他").unwrap();
        for r in 2..=4 {
            other.write_string(r, 3, "另一表").unwrap();
        }
        wb.save_to_buffer().unwrap()
    }

    #[test]
    fn merged_cells_down_rows_fill_the_rows_they_cover() {
        let bytes = merged_down();
        let sheets = read_workbook(&bytes, WorkbookKind::Xlsx).unwrap();
        assert_eq!(
            sheets[0].rows,
            vec![
                (1, strings(&["各市政府工作报告"])),
                (2, strings(&["年份", "城市", "备注", "附注", "内容"])),
                (3, strings(&["2019", "甲市", "", "", "第2段。"])),
                (4, strings(&["2019", "甲市", "", "", "第3段。"])),
                (5, strings(&["2019", "甲市", "", "", "第4段。"])),
                (6, strings(&["2020", "乙市", "注", "", "第5段。"])),
                (7, strings(&["2020", "乙市", "注", "", "第6段。"])),
                (8, strings(&["2020", "乙市", "", "", "第7段。"])),
            ]
        );
        // Never across sheets.
        assert_eq!(
            sheets[1].rows,
            vec![
                (3, strings(&["", "", "", "另一表"])),
                (4, strings(&["", "", "", "另一表"])),
                (5, strings(&["", "", "", "另一表"])),
            ]
        );
        // Such a sheet is read whole, not row by row.
        let mut wb = fixed_workbook();
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "年份").unwrap();
        ws.write_string(0, 1, "内容").unwrap();
        ws.merge_range(1, 0, 2, 0, "2019", &Format::new()).unwrap();
        ws.write_string(1, 1, "一").unwrap();
        ws.write_string(2, 1, "二").unwrap();
        let one = wb.save_to_buffer().unwrap();
        assert!(all_rows(&one).is_none());
        assert_eq!(
            read_workbook(&one, WorkbookKind::Xlsx).unwrap()[0].rows,
            vec![
                (1, strings(&["年份", "内容"])),
                (2, strings(&["2019", "一"])),
                (3, strings(&["2019", "二"])),
            ]
        );
    }

    #[test]
    fn a_title_merged_over_the_columns_stays_one_cell() {
        let mut wb = fixed_workbook();
        let ws = wb.add_worksheet();
        ws.merge_range(0, 0, 1, 2, "汇总表", &Format::new())
            .unwrap();
        ws.write_string(2, 0, "年份").unwrap();
        ws.write_string(2, 2, "内容").unwrap();
        ws.write_string(3, 0, "2019").unwrap();
        ws.write_string(3, 2, "正文。").unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let whole = read_workbook(&bytes, WorkbookKind::Xlsx).unwrap();
        // Merged over two rows that hold nothing else: no row added.
        let expected = vec![
            (1, strings(&["汇总表"])),
            (3, strings(&["年份", "", "内容"])),
            (4, strings(&["2019", "", "正文。"])),
        ];
        assert_eq!(whole[0].rows, expected);
        // Regions within one row leave the sheet to the row reader... but
        // this one spans two rows, so the sheet is read whole.
        assert!(all_rows(&bytes).is_none());
        let mut wb = fixed_workbook();
        let ws = wb.add_worksheet();
        ws.merge_range(0, 0, 0, 2, "汇总表", &Format::new())
            .unwrap();
        ws.write_string(1, 0, "年份").unwrap();
        ws.write_string(1, 2, "内容").unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let rows = all_rows(&bytes).unwrap().unwrap();
        assert_eq!(
            rows,
            vec![
                (1, strings(&["汇总表"])),
                (2, strings(&["年份", "", "内容"]))
            ]
        );
        assert_eq!(
            rows,
            read_workbook(&bytes, WorkbookKind::Xlsx).unwrap()[0].rows
        );
    }

    #[test]
    fn grid_fill_keeps_to_the_data_and_never_overwrites() {
        let mut grid = Grid::default();
        for (r, c, v) in [(0, 0, "甲"), (1, 1, "x"), (2, 0, "自有"), (4, 1, "y")] {
            grid.put(r, c, v.to_string()).unwrap();
        }
        let region = |a: (u32, u32), b: (u32, u32)| Dimensions { start: a, end: b };
        // Reversed and one-row regions are ignored; huge ones cost nothing.
        grid.fill_merged(&[
            region((0, 0), (u32::MAX, 0)),
            region((4, 1), (1, 1)),
            region((1, 1), (1, 5)),
        ])
        .unwrap();
        let sheet = grid.into_sheet("s".into()).unwrap();
        assert_eq!(
            sheet.rows,
            vec![
                (1, strings(&["甲"])),
                (2, strings(&["甲", "x"])),
                (3, strings(&["自有"])),
                (5, strings(&["甲", "y"])),
            ]
        );
    }

    #[test]
    fn hidden_sheets_are_named_not_read() {
        let mut wb = fixed_workbook();
        for (name, state) in [("报告", 0), ("草稿", 1), ("底稿", 2), ("空白", 1)] {
            let ws = wb.add_worksheet();
            ws.set_name(name).unwrap();
            if name != "空白" {
                ws.write_string(0, 0, "年份").unwrap();
                ws.write_string(0, 1, "内容").unwrap();
                ws.write_string(1, 0, "2019").unwrap();
                ws.write_string(1, 1, format!("{name}的正文。")).unwrap();
            }
            match state {
                1 => ws.set_hidden(true),
                2 => ws.set_very_hidden(true),
                _ => ws,
            };
        }
        let bytes = wb.save_to_buffer().unwrap();
        let book = read_workbook_with_hidden(&bytes, WorkbookKind::Xlsx).unwrap();
        let names: Vec<&str> = book.sheets.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["报告"]);
        assert_eq!(
            book.hidden,
            vec![
                HiddenSheet {
                    name: "草稿".into(),
                    very_hidden: false
                },
                HiddenSheet {
                    name: "底稿".into(),
                    very_hidden: true
                },
                HiddenSheet {
                    name: "空白".into(),
                    very_hidden: false
                },
            ]
        );
        let warnings = book.warnings("a/b.xlsx");
        assert_eq!(warnings.len(), 3);
        assert!(warnings.iter().all(|w| w.file == "a/b.xlsx"
            && w.kind == WarningKind::NotAReport
            && w.line.is_none()));
        assert_eq!(
            warnings[0].message,
            "sheet \"草稿\" skipped, hidden in the workbook (a hidden sheet holds drafts or notes, not read as reports); to read it, unhide the sheet and save the workbook"
        );
        assert!(
            warnings[1].message.contains("very hidden"),
            "{}",
            warnings[1].message
        );
        assert_eq!(
            read_workbook(&bytes, WorkbookKind::Xlsx).unwrap(),
            book.sheets
        );
        // A workbook of one visible sheet and a hidden one is read whole
        // (which names the hidden one).
        let mut wb = fixed_workbook();
        wb.add_worksheet().write_string(0, 0, "内容").unwrap();
        wb.add_worksheet()
            .set_hidden(true)
            .write_string(0, 0, "内容")
            .unwrap();
        assert!(all_rows(&wb.save_to_buffer().unwrap()).is_none());
    }

    #[test]
    fn rows_one_at_a_time_equal_the_whole_sheet() {
        for n in [0, 1, 2, 40, 300] {
            let bytes = one_sheet(n);
            let whole = read_workbook(&bytes, WorkbookKind::Xlsx).unwrap();
            let rows = all_rows(&bytes).unwrap().unwrap();
            assert_eq!(rows, whole[0].rows, "{n} rows");
        }
        // Several sheets: not read row by row.
        assert!(all_rows(&xlsx()).is_none());
        assert!(all_rows(b"not a workbook").is_none());
    }
}
