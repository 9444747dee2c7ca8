//! Opt-in (`#[ignore]`, and `ANALYZE_SPARK_TEST=1`): the candidate stage run
//! on Apache Spark (`scripts/spark_candidates.py` over the Parquet postings
//! of `--export-postings`) gives exactly the candidate pairs, with the same
//! shared-shingle counts, as `analyze reuse` in process, on the national and
//! city corpora. Installs pyspark from PyPI into a virtual environment
//! (`$HOME/.cache/analyze-spark-venv`, or the Python in
//! `ANALYZE_SPARK_PYTHON`) and, when `java` is missing, a Java runtime from
//! the Debian packages.
//!
//! ```sh
//! ANALYZE_SPARK_TEST=1 cargo test --release --test spark -- --ignored --nocapture
//! ```

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use polars::prelude::*;

fn run(cmd: &mut Command) {
    let o = cmd.output().expect("command runs");
    assert!(
        o.status.success(),
        "{cmd:?}: {}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// A Python with pyspark, installed on first use.
fn python() -> PathBuf {
    if let Ok(p) = std::env::var("ANALYZE_SPARK_PYTHON") {
        return PathBuf::from(p);
    }
    let home = std::env::var("HOME").unwrap_or_else(|_| "/root".into());
    let venv = PathBuf::from(home).join(".cache/analyze-spark-venv");
    let py = venv.join("bin/python");
    let has = |py: &Path| {
        Command::new(py)
            .args(["-c", "import pyspark"])
            .status()
            .is_ok_and(|s| s.success())
    };
    if !has(&py) {
        run(Command::new("python3").args(["-m", "venv"]).arg(&venv));
        run(Command::new(&py).args(["-m", "pip", "install", "--quiet", "pyspark"]));
    }
    py
}

/// `java` on the PATH, installed from the Debian packages if missing.
fn java() {
    if Command::new("java")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        return;
    }
    run(Command::new("apt-get").arg("update"));
    run(Command::new("apt-get").args(["install", "-y", "default-jre-headless"]));
}

/// `(source_doc, target_doc, shared_shingles)` rows of a Parquet file or
/// folder, sorted.
fn pairs(path: &Path) -> Vec<(String, String, i64)> {
    let files: Vec<PathBuf> = if path.is_dir() {
        std::fs::read_dir(path)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "parquet"))
            .collect()
    } else {
        vec![path.to_path_buf()]
    };
    let mut out = Vec::new();
    for f in files {
        let df = ParquetReader::new(std::fs::File::open(&f).unwrap())
            .finish()
            .unwrap();
        let s = df.column("source_doc").unwrap().str().unwrap().clone();
        let t = df.column("target_doc").unwrap().str().unwrap().clone();
        let n = df
            .column("shared_shingles")
            .unwrap()
            .cast(&DataType::Int64)
            .unwrap();
        let n = n.i64().unwrap();
        for i in 0..df.height() {
            out.push((
                s.get(i).unwrap().to_string(),
                t.get(i).unwrap().to_string(),
                n.get(i).unwrap(),
            ));
        }
    }
    out.sort();
    out
}

#[test]
#[ignore = "needs pyspark and Java; run with ANALYZE_SPARK_TEST=1 … -- --ignored"]
fn spark_candidates_equal_the_in_process_ones() {
    if std::env::var("ANALYZE_SPARK_TEST").as_deref() != Ok("1") {
        eprintln!("SKIPPED: set ANALYZE_SPARK_TEST=1 to run the Spark comparison");
        return;
    }
    let Some(corpora) = common::corpora() else {
        return;
    };
    java();
    let py = python();
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scripts/spark_candidates.py");
    let national = corpora.join("national/government_work_reports.jsonl");
    let cities = corpora.join("cities-2003-2024");
    let n = national.to_str().unwrap();
    let cases: Vec<(&str, Vec<&str>)> = vec![
        ("national-prev-year", vec![n]),
        (
            "national-all-pairs-rare",
            vec![n, "--source", "all", "--max-df", "10", "--min-shared", "40"],
        ),
        (
            "cities-vs-national",
            vec![
                cities.to_str().unwrap(),
                "--with",
                n,
                "--source",
                "national",
                "--target",
                "city",
                "--same-year",
            ],
        ),
        (
            "cities-prev-year-and-national",
            vec![
                cities.to_str().unwrap(),
                "--with",
                n,
                "--source",
                "prev-year",
                "--source",
                "national",
                "--max-df",
                "200",
                "--min-shared",
                "20",
            ],
        ),
    ];
    let tmp = tempfile::tempdir().unwrap();
    for (name, args) in cases {
        let postings = tmp.path().join(format!("{name}-postings"));
        let out = tmp.path().join("out");
        let t = std::time::Instant::now();
        run(Command::new(common::bin())
            .arg("reuse")
            .args(&args)
            .args(["--no-cache", "--quiet", "--out"])
            .arg(&out)
            .args(["--name", name, "--export-postings"])
            .arg(&postings)
            .env_remove("CI"));
        let analyze_s = t.elapsed().as_secs_f64();
        let spark_out = tmp.path().join(format!("{name}-spark"));
        let t = std::time::Instant::now();
        run(Command::new(&py)
            .arg(&script)
            .arg(&postings)
            .arg(&spark_out)
            .args(["--master", "local[2]"])
            .env("PYSPARK_PYTHON", &py)
            .current_dir(tmp.path()));
        let spark_s = t.elapsed().as_secs_f64();
        let in_process = pairs(&out.join(name).join("reuse_candidates.parquet"));
        let spark = pairs(&spark_out);
        println!(
            "{name}: {} candidate pairs in process ({analyze_s:.1} s for the whole run), {} from Spark ({spark_s:.1} s), equal: {}",
            in_process.len(),
            spark.len(),
            in_process == spark
        );
        assert!(!in_process.is_empty());
        assert_eq!(in_process, spark, "{name}");
    }
}
