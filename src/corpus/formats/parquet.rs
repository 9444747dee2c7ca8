//! Parquet tables (pandas `df.to_parquet`, polars `write_parquet`, R
//! `arrow::write_parquet`), read with polars into text cells and handed to
//! the table reader like a sheet: the column names are the header, each
//! row one record, numbered as a spreadsheet would show it (header row 1,
//! first record row 2).
//!
//! Every column is cast to text by polars: strings as they are, integers
//! and floats in their shortest form (`2015`, a float year `2015.0` as
//! `2015`), dates as ISO dates, timestamps as `YYYY-MM-DD HH:MM:SS…`; a
//! column polars cannot cast (lists, structs) is read as empty cells.
//! pandas' stored index (`__index_level_0__`) is dropped like any unnamed
//! index column.

use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};

use polars::prelude::{DataType, ParquetReader, SerReader};

/// Most cells read from one table.
const MAX_CELLS: usize = 50_000_000;

/// The rows of a Parquet file as text cells, `rows[0]` the column names;
/// an error (as text) when it is not a Parquet file polars can read.
pub fn read_parquet(bytes: &[u8]) -> Result<Vec<(u32, Vec<String>)>, String> {
    // The Parquet reader parses untrusted binary input; a panic inside it
    // must not take the whole run down.
    catch_unwind(AssertUnwindSafe(|| read_any(bytes)))
        .unwrap_or_else(|_| Err("the Parquet reader failed on this file".to_string()))
}

fn read_any(bytes: &[u8]) -> Result<Vec<(u32, Vec<String>)>, String> {
    let df = ParquetReader::new(Cursor::new(bytes))
        .finish()
        .map_err(|e| e.to_string())?;
    let (height, width) = df.shape();
    if height.saturating_mul(width.max(1)) > MAX_CELLS {
        return Err(format!(
            "{height} rows × {width} columns is more than {MAX_CELLS} cells"
        ));
    }
    let header: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|n| {
            if n.as_str() == "__index_level_0__" {
                String::new()
            } else {
                n.to_string()
            }
        })
        .collect();
    let mut rows: Vec<Vec<String>> = vec![Vec::with_capacity(width); height];
    for column in df.columns() {
        let series = column.as_materialized_series();
        match series.dtype() {
            // Bytes (pyarrow's `binary`, a text stored without its type):
            // UTF-8 text as it is.
            DataType::Binary => {
                let Ok(ca) = series.binary() else {
                    rows.iter_mut().for_each(|r| r.push(String::new()));
                    continue;
                };
                for (row, value) in rows.iter_mut().zip(ca.iter()) {
                    row.push(
                        value
                            .map(|b| String::from_utf8_lossy(b).into_owned())
                            .unwrap_or_default(),
                    );
                }
                continue;
            }
            // A list of strings (paragraphs): one per line.
            DataType::List(_) => {
                let Ok(ca) = series.list() else {
                    rows.iter_mut().for_each(|r| r.push(String::new()));
                    continue;
                };
                for (row, value) in rows.iter_mut().zip(ca.series_iter()) {
                    let lines = value
                        .and_then(|inner| inner.cast(&DataType::String).ok())
                        .and_then(|inner| {
                            inner
                                .str()
                                .ok()
                                .map(|c| c.iter().flatten().collect::<Vec<_>>().join("\n"))
                        });
                    row.push(lines.unwrap_or_default());
                }
                continue;
            }
            _ => {}
        }
        let cast = series.cast(&DataType::String).ok();
        let strings = cast.as_ref().and_then(|s| s.str().ok());
        match strings {
            Some(ca) => {
                for (row, value) in rows.iter_mut().zip(ca.iter()) {
                    row.push(value.map(float_year).unwrap_or_default());
                }
            }
            None => rows.iter_mut().for_each(|r| r.push(String::new())),
        }
    }
    let mut out = Vec::with_capacity(height + 1);
    out.push((1, header));
    for (i, mut row) in rows.into_iter().enumerate() {
        while row.last().is_some_and(String::is_empty) {
            row.pop();
        }
        if row.is_empty() {
            continue;
        }
        let n = u32::try_from(i + 2).map_err(|_| "too many rows".to_string())?;
        out.push((n, row));
    }
    Ok(out)
}

/// A whole-number float as an integer (`2015.0` → `2015`: pandas writes a
/// year column with a missing value as floats), anything else unchanged.
fn float_year(s: &str) -> String {
    match s.strip_suffix(".0") {
        Some(whole) if !whole.is_empty() && whole.bytes().all(|b| b.is_ascii_digit()) => {
            whole.to_string()
        }
        _ => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use polars::prelude::{Column, DataFrame, NamedFrom, ParquetWriter, Series};

    fn parquet(df: &mut DataFrame) -> Vec<u8> {
        let mut buf = Vec::new();
        ParquetWriter::new(&mut buf).finish(df).unwrap();
        buf
    }

    #[test]
    fn columns_become_text_cells_row_by_row() {
        let mut df = DataFrame::new_infer_height(vec![
            Column::from(Series::new("__index_level_0__".into(), &[7i64, 9])),
            Column::from(Series::new("年份".into(), &[Some(2015.0f64), None])),
            Column::from(Series::new("地区".into(), &["示例市", "样例县"])),
            Column::from(Series::new("正文".into(), &[Some("各位代表:"), None])),
        ])
        .unwrap();
        let rows = read_parquet(&parquet(&mut df)).unwrap();
        assert_eq!(
            rows,
            vec![
                (
                    1,
                    vec!["".into(), "年份".into(), "地区".into(), "正文".into()]
                ),
                (
                    2,
                    vec![
                        "7".into(),
                        "2015".into(),
                        "示例市".into(),
                        "各位代表:".into()
                    ]
                ),
                (3, vec!["9".into(), "".into(), "样例县".into()]),
            ]
        );
    }

    #[test]
    fn not_parquet_is_an_error_never_a_panic() {
        let mut df = DataFrame::new_infer_height(vec![Column::from(Series::new(
            "正文".into(),
            &["各位代表:现在我代表市人民政府作报告。"],
        ))])
        .unwrap();
        let good = parquet(&mut df);
        assert!(read_parquet(b"PAR1 not really").is_err());
        for bytes in super::super::testutil::mutations(&good) {
            let _ = read_parquet(&bytes);
        }
    }

    /// A text column stored as bytes, or as a list of paragraphs, is
    /// read as text.
    #[test]
    fn binary_and_list_columns_are_text() {
        let text: &[u8] = "各位代表:现在我代表市人民政府作报告。".as_bytes();
        let mut df = DataFrame::new_infer_height(vec![
            Column::from(Series::new("年份".into(), &["2019"])),
            Column::from(Series::new("正文".into(), &[text])),
            Column::from(Series::new(
                "段落".into(),
                &[Series::new("".into(), &["第一段。", "第二段。"])],
            )),
        ])
        .unwrap();
        let rows = read_parquet(&parquet(&mut df)).unwrap();
        assert_eq!(
            rows[1].1,
            vec![
                "2019".to_string(),
                "各位代表:现在我代表市人民政府作报告。".to_string(),
                "第一段。\n第二段。".to_string()
            ]
        );
    }

    #[test]
    fn float_years_lose_their_fraction_only() {
        assert_eq!(float_year("2015.0"), "2015");
        assert_eq!(float_year("2015.5"), "2015.5");
        assert_eq!(float_year(".0"), ".0");
        assert_eq!(float_year("数字经济.0"), "数字经济.0");
    }
}
