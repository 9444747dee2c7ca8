//! Shared helpers of the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

/// `../shared/corpora`, or `None` (with a message) when it is missing.
/// With `CI=true` a missing corpus is a failure.
pub fn corpora() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "CI=true but the real corpora are missing at {}",
            dir.display()
        );
    }
    eprintln!("SKIPPED: real corpora not found at {}", dir.display());
    None
}

/// Path of the binary under test.
pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_analyze"))
}

/// The repository's own demo corpus.
pub fn datasets() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("datasets")
}

/// Runs the binary with `args` (without `CI`, so a job's own tests do not see it).
pub fn analyze(args: &[&str]) -> std::process::Output {
    std::process::Command::new(bin())
        .args(args)
        .env_remove("CI")
        .output()
        .expect("binary runs")
}

/// The stdout of a successful run; panics with stderr otherwise.
pub fn ok(o: &std::process::Output) -> String {
    assert!(
        o.status.success(),
        "exit {:?}: {}",
        o.status.code(),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Rows of a CSV written by a run (UTF-8 with BOM), as header → value maps.
pub fn csv_rows(path: &std::path::Path) -> Vec<std::collections::BTreeMap<String, String>> {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "{} has a BOM", path.display());
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(String::from))
                .collect()
        })
        .collect()
}

/// Every table and SVG under the run folder `dir`, relative path -> bytes.
pub fn outputs(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut m = std::collections::BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).into_iter().flatten() {
        let p = e.path();
        let keep = ["csv", "parquet", "svg"]
            .iter()
            .any(|x| p.extension().is_some_and(|e| e == *x));
        if e.file_type().is_file() && keep {
            let rel = p.strip_prefix(dir).unwrap().display().to_string();
            m.insert(rel, std::fs::read(p).unwrap());
        }
    }
    m
}

/// A one-job batch config over the demo corpus (`analysis`, `params` as an
/// inline TOML table) run in `dir`: returns the `--dry-run` listing and the
/// job's run folder after a real run.
pub fn batch_job(
    dir: &std::path::Path,
    name: &str,
    analysis: &str,
    params: &str,
) -> (String, PathBuf) {
    let config = dir.join("study.toml");
    std::fs::write(
        &config,
        format!(
            "[[job]]\nname = {name:?}\nanalysis = {analysis:?}\ncorpus = {:?}\nparams = {params}\n",
            datasets().display().to_string()
        ),
    )
    .unwrap();
    let config = config.to_str().unwrap();
    let dry = ok(&analyze(&["batch", config, "--dry-run"]));
    let out = dir.join("batch");
    ok(&analyze(&[
        "batch",
        config,
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]));
    (dry, out.join(name))
}
