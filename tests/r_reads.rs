//! The CSV tables of a run read in base R (`read.csv`, no packages) with the
//! types their Parquet twins declare: booleans as logical, numbers as
//! integer or numeric, and as many rows (the tables that have a Parquet
//! twin). Skipped, with a message, where
//! `Rscript` is not installed.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use polars::prelude::*;

/// A CSV file as base R reads it: its rows, and each column's class.
type Read = (usize, BTreeMap<String, String>);

/// Every CSV file under `dir`, as base R reads it (`None` without `Rscript`).
fn r_classes(dir: &Path) -> Option<BTreeMap<String, Read>> {
    let script = r#"
args <- commandArgs(trailingOnly = TRUE)
for (f in list.files(args[1], pattern = "\\.csv$", recursive = TRUE, full.names = TRUE)) {
  d <- read.csv(f, fileEncoding = "UTF-8-BOM", check.names = FALSE)
  cat("file", f, nrow(d), "\n", sep = "\t")
  for (n in names(d)) cat("col", n, class(d[[n]])[1], "\n", sep = "\t")
}
"#;
    let out = match Command::new("Rscript")
        .args(["-e", script])
        .arg(dir)
        .output()
    {
        Ok(o) => o,
        Err(_) => {
            eprintln!("SKIPPED: Rscript is not installed");
            return None;
        }
    };
    assert!(
        out.status.success(),
        "Rscript: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut files = BTreeMap::new();
    let mut current = String::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let f: Vec<&str> = line.split('\t').collect();
        match f[..] {
            ["file", path, rows, ..] => {
                current = path.to_string();
                files.insert(current.clone(), (rows.parse().unwrap(), BTreeMap::new()));
            }
            ["col", name, class, ..] => {
                let entry = files.get_mut(&current).unwrap();
                entry.1.insert(name.to_string(), class.to_string());
            }
            _ => {}
        }
    }
    Some(files)
}

#[test]
fn base_r_reads_every_csv_table_with_its_parquet_types() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let datasets = common::datasets();
    common::ok(&common::analyze(&[
        "trends",
        datasets.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--name",
        "r",
        "--no-cache",
        "--quiet",
    ]));
    let Some(files) = r_classes(&out) else {
        return;
    };
    assert!(files.len() >= 3, "{files:?}");
    let mut booleans = 0;
    for (csv, (rows, classes)) in &files {
        let parquet = Path::new(csv).with_extension("parquet");
        if !parquet.exists() {
            // warnings.csv: text and line numbers only, no Parquet twin.
            continue;
        }
        let df = ParquetReader::new(std::fs::File::open(&parquet).unwrap())
            .finish()
            .unwrap();
        assert_eq!(*rows, df.height(), "{csv}");
        for c in df.columns() {
            let name = c.name().as_str();
            let class = classes[name].as_str();
            if c.null_count() == c.len() {
                continue;
            }
            match c.dtype() {
                DataType::Boolean => {
                    booleans += 1;
                    assert_eq!(class, "logical", "{csv}: {name}");
                }
                t if t.is_primitive_numeric() => {
                    assert!(
                        matches!(class, "integer" | "numeric"),
                        "{csv}: {name} is {class}"
                    )
                }
                _ => {}
            }
        }
    }
    assert!(booleans > 0, "no boolean column was checked: {files:?}");
}
