//! Tables as Polars dataframes, and writing them as Parquet and CSV.
//!
//! CSV files are UTF-8 with a byte-order mark so that Excel shows Chinese
//! correctly; pandas, R (readr), DuckDB and Polars read the BOM transparently.

use polars::prelude::*;

use super::RunDir;
use crate::corpus::Document;
use crate::error::{Result, Warning};

/// The `documents` table: one row per document, metadata only.
pub fn documents_frame(docs: &[Document]) -> Result<DataFrame> {
    let s = |f: &dyn Fn(&Document) -> Option<String>| -> Vec<Option<String>> {
        docs.iter().map(f).collect()
    };
    let dates: Vec<Option<i32>> = docs
        .iter()
        .map(|d| d.date.map(|x| x.days_since_epoch()))
        .collect();
    let date = Series::new("date".into(), dates).cast(&DataType::Date)?;
    let df = DataFrame::new_infer_height(vec![
        Column::new("doc_id".into(), s(&|d| Some(d.doc_id.clone()))),
        Column::new(
            "year".into(),
            docs.iter().map(|d| d.year).collect::<Vec<i32>>(),
        ),
        date.into(),
        Column::new("region".into(), s(&|d| d.region.clone())),
        Column::new("province".into(), s(&|d| d.province.clone())),
        Column::new(
            "level".into(),
            s(&|d| d.level.map(|l| l.as_str().to_string())),
        ),
        Column::new("title".into(), s(&|d| d.title.clone())),
        Column::new("session".into(), s(&|d| d.session.clone())),
        Column::new(
            "flags".into(),
            s(&|d| {
                Some(
                    d.flags
                        .iter()
                        .map(|f| f.as_str())
                        .collect::<Vec<_>>()
                        .join(";"),
                )
            }),
        ),
        Column::new("source".into(), s(&|d| Some(d.source()))),
        Column::new("source_path".into(), s(&|d| Some(d.source_path.clone()))),
        Column::new(
            "source_line".into(),
            docs.iter()
                .map(|d| d.source_line)
                .collect::<Vec<Option<u64>>>(),
        ),
        Column::new(
            "source_row".into(),
            docs.iter()
                .map(|d| d.source_row)
                .collect::<Vec<Option<u64>>>(),
        ),
        Column::new("sheet".into(), s(&|d| d.sheet.clone())),
        Column::new("format".into(), s(&|d| Some(d.format.as_str().to_string()))),
        Column::new("encoding".into(), s(&|d| Some(d.encoding.to_string()))),
        Column::new(
            "year_source".into(),
            s(&|d| Some(d.year_source.as_str().to_string())),
        ),
        Column::new(
            "date_source".into(),
            s(&|d| d.date_source.map(|x| x.as_str().to_string())),
        ),
        Column::new(
            "chars_raw".into(),
            docs.iter()
                .map(|d| d.chars_raw as u64)
                .collect::<Vec<u64>>(),
        ),
        Column::new(
            "chars".into(),
            docs.iter().map(|d| d.chars() as u64).collect::<Vec<u64>>(),
        ),
        Column::new(
            "chars_removed".into(),
            docs.iter()
                .map(|d| d.chars_removed as u64)
                .collect::<Vec<u64>>(),
        ),
        Column::new(
            "chars_added".into(),
            docs.iter()
                .map(|d| d.chars_added as u64)
                .collect::<Vec<u64>>(),
        ),
        Column::new(
            "han_chars".into(),
            docs.iter()
                .map(|d| d.han_chars as u64)
                .collect::<Vec<u64>>(),
        ),
        Column::new("sha256".into(), s(&|d| Some(d.sha256.clone()))),
        Column::new("script".into(), s(&|d| Some(d.script.as_str().to_string()))),
        Column::new(
            "converted".into(),
            docs.iter().map(|d| d.converted).collect::<Vec<bool>>(),
        ),
    ])?;
    Ok(df)
}

/// The `cleaning` table: per document, the characters each cleaning rule
/// removed (`doc_id, rule, chars_removed`; rules that removed nothing are
/// left out).
pub fn cleaning_frame(docs: &[Document]) -> Result<DataFrame> {
    let rows: Vec<(&str, &str, u64)> = docs
        .iter()
        .flat_map(|d| {
            d.removed_by
                .iter()
                .map(move |(rule, n)| (d.doc_id.as_str(), rule.as_str(), u64::from(*n)))
        })
        .collect();
    Ok(DataFrame::new_infer_height(vec![
        Column::new(
            "doc_id".into(),
            rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        ),
        Column::new("rule".into(), rows.iter().map(|r| r.1).collect::<Vec<_>>()),
        Column::new(
            "chars_removed".into(),
            rows.iter().map(|r| r.2 as i64).collect::<Vec<_>>(),
        ),
    ])?)
}

/// The `warnings` table.
pub fn warnings_frame(warnings: &[Warning]) -> Result<DataFrame> {
    let df = DataFrame::new_infer_height(vec![
        Column::new(
            "kind".into(),
            warnings
                .iter()
                .map(|w| w.kind.to_string())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "file".into(),
            warnings.iter().map(|w| w.file.clone()).collect::<Vec<_>>(),
        ),
        Column::new(
            "line".into(),
            warnings
                .iter()
                .map(|w| w.line)
                .collect::<Vec<Option<u64>>>(),
        ),
        Column::new(
            "message".into(),
            warnings
                .iter()
                .map(|w| w.message.clone())
                .collect::<Vec<_>>(),
        ),
    ])?;
    Ok(df)
}

/// Encode `df` as CSV (UTF-8 with BOM, header, empty cells for nulls). An empty text is
/// written as a null too (an empty cell, not `""`), as in the Parquet file. Booleans are
/// written `TRUE`/`FALSE` ([`bools_as_words`]).
pub fn csv_bytes(df: &mut DataFrame) -> Result<Vec<u8>> {
    let mut nulled = bools_as_words(&empty_text_as_null(df)?)?;
    let mut buf = vec![0xEF, 0xBB, 0xBF];
    CsvWriter::new(&mut buf)
        .include_header(true)
        .finish(&mut nulled)?;
    Ok(buf)
}

/// Encode `df` as Parquet (zstd-compressed).
///
/// Arrow readers take a column's type from the `ARROW:schema` the file declares. Polars
/// declares its own text layout (`string_view`), which Arrow before version 15 cannot read
/// (pyarrow 14: "Unrecognized type: 24"); the file declares the oldest layout instead
/// (`large_string`). The Parquet data are the same either way (UTF-8 byte arrays).
///
/// An empty text is written as a null, as in the CSV file, so that `IS NULL` finds the same
/// rows in both. Column statistics (min, max, null count) are written.
pub fn parquet_bytes(df: &mut DataFrame) -> Result<Vec<u8>> {
    let mut nulled = empty_text_as_null(df)?;
    let df = &mut nulled;
    let declared = df.schema().to_arrow(CompatLevel::oldest());
    let key = polars_parquet::write::schema_to_metadata_key(&declared);
    let mut buf = Vec::new();
    ParquetWriter::new(&mut buf)
        // Each column chunk's min, max and null count, so that DuckDB and
        // Arrow skip the row groups a filter rules out.
        .with_statistics(StatisticsOptions::default())
        .with_key_value_metadata(Some(KeyValueMetadata::Static(vec![key])))
        .finish(df)?;
    Ok(buf)
}

/// `df` with every empty text cell null.
fn empty_text_as_null(df: &DataFrame) -> Result<DataFrame> {
    let mut out = df.clone();
    for name in df.get_column_names_owned() {
        let c = df.column(&name)?;
        if c.dtype() == &DataType::String {
            let strings = c.str()?;
            if strings.iter().any(|v| v == Some("")) {
                let nulled: StringChunked = (strings.iter())
                    .map(|v| v.filter(|s| !s.is_empty()))
                    .collect();
                out.replace(&name, nulled.with_name(name.clone()).into_column())?;
            }
        }
    }
    Ok(out)
}

/// Boolean columns as the words `TRUE` and `FALSE` (nulls stay empty cells): base R's
/// `read.csv` reads those as logical, and `true`/`false` (Polars' own spelling) as text;
/// pandas, Polars, DuckDB and Excel read either spelling as booleans.
fn bools_as_words(df: &DataFrame) -> Result<DataFrame> {
    let mut out = df.clone();
    for name in df.get_column_names_owned() {
        let c = df.column(&name)?;
        if c.dtype() == &DataType::Boolean {
            let words: StringChunked = (c.bool()?.iter())
                .map(|v| v.map(|b| if b { "TRUE" } else { "FALSE" }))
                .collect();
            out.replace(&name, words.with_name(name.clone()).into_column())?;
        }
    }
    Ok(out)
}

/// Cast unsigned integer columns to Int64: R and pandas handle signed
/// integers best (R has no unsigned 64-bit type; `a - b` on unsigned columns
/// wraps around in pandas).
pub fn signed_counts(df: &DataFrame) -> Result<DataFrame> {
    let mut out = df.clone();
    for name in df.get_column_names_owned() {
        let c = df.column(&name)?;
        if matches!(
            c.dtype(),
            DataType::UInt8 | DataType::UInt16 | DataType::UInt32 | DataType::UInt64
        ) {
            out.replace(&name, c.cast(&DataType::Int64)?)?;
        }
    }
    Ok(out)
}

/// Write `df` as `stem.parquet` and `stem.csv` into the run (counts as
/// Int64, see [`signed_counts`]); a table longer than an Excel sheet
/// ([`EXCEL_ROWS`]) gets a note in the run's warnings.
pub fn write_frame(run: &mut RunDir, stem: &str, df: &mut DataFrame) -> Result<()> {
    let mut signed = signed_counts(df)?;
    let df = &mut signed;
    let parquet = parquet_bytes(df)?;
    run.write(&format!("{stem}.parquet"), &parquet)?;
    let csv = csv_bytes(df)?;
    run.write(&format!("{stem}.csv"), &csv)?;
    if df.height() >= EXCEL_ROWS {
        run.note(crate::error::Warning::note(format!(
            "{stem}.csv has {} rows, more than Excel and LibreOffice open ({} with the header): they drop the rest without a word. Read {stem}.parquet, or the CSV with pandas, R or DuckDB, or narrow the run (--years, --regions)",
            df.height(),
            EXCEL_ROWS
        )));
    }
    Ok(())
}

/// Rows of an Excel sheet (and LibreOffice Calc's), the header included.
pub const EXCEL_ROWS: usize = 1_048_576;

#[cfg(test)]
mod tests {
    use super::*;

    /// A table one row longer than an Excel sheet holds (with its header)
    /// gets a note; one that just fits does not.
    #[test]
    fn tables_longer_than_an_excel_sheet_are_noted() {
        let dir = tempfile::tempdir().unwrap();
        let mut run = RunDir::create(&dir.path().join("r")).unwrap();
        for (stem, rows) in [("fits", EXCEL_ROWS - 1), ("long", EXCEL_ROWS)] {
            let mut df = df!("n" => vec![1i32; rows]).unwrap();
            write_frame(&mut run, stem, &mut df).unwrap();
        }
        let notes: Vec<&str> = run.notes().iter().map(|w| w.message.as_str()).collect();
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(
            notes[0].starts_with("long.csv has 1048576 rows, more than Excel"),
            "{}",
            notes[0]
        );
    }

    /// Booleans are written as R's words, nulls as empty cells; the Parquet
    /// file keeps them as booleans.
    #[test]
    fn csv_booleans_are_words_base_r_reads() {
        let mut df = df!(
            "doc_id" => ["a", "b", "c"],
            "converted" => [Some(true), Some(false), None],
        )
        .unwrap();
        let csv = String::from_utf8(csv_bytes(&mut df).unwrap()).unwrap();
        assert_eq!(csv, "\u{feff}doc_id,converted\na,TRUE\nb,FALSE\nc,\n");
        assert_eq!(df.column("converted").unwrap().dtype(), &DataType::Boolean);
    }

    /// The Arrow schema a Parquet file declares is the oldest layout (text as
    /// `large_string`, which every Arrow reader knows), not Polars' own (`string_view`,
    /// unknown before Arrow 15), and Polars reads the file back as it was.
    #[test]
    fn parquet_declares_text_every_arrow_reader_knows() {
        let mut df = df!(
            "term" => ["数字经济", "新质生产力"],
            "year" => [2024i32, 2025],
            "region" => [Some("全国"), None],
        )
        .unwrap();
        let bytes = parquet_bytes(&mut df).unwrap();
        let with_empty = df!(
            "term" => ["数字经济", "新质生产力"],
            "year" => [2024i32, 2025],
            "region" => [Some("全国"), Some("")],
        )
        .unwrap();
        // An empty text is a null, as in the CSV file.
        assert_eq!(parquet_bytes(&mut with_empty.clone()).unwrap(), bytes);
        let csv = |mut d: DataFrame| csv_bytes(&mut d).unwrap();
        assert_eq!(csv(with_empty), csv(df.clone()));
        let meta = polars_parquet::read::read_metadata(&mut std::io::Cursor::new(&bytes)).unwrap();
        let declared: Vec<_> = (meta.key_value_metadata.iter().flatten())
            .filter(|kv| kv.key == "ARROW:schema")
            .collect();
        assert_eq!(declared.len(), 1);
        let key = |level| {
            polars_parquet::write::schema_to_metadata_key(&df.schema().to_arrow(level)).value
        };
        assert_eq!(declared[0].value, key(CompatLevel::oldest()));
        assert_ne!(declared[0].value, key(CompatLevel::newest()));
        let back = ParquetReader::new(std::io::Cursor::new(bytes))
            .finish()
            .unwrap();
        assert!(back.equals_missing(&df), "{back}");
    }
}
