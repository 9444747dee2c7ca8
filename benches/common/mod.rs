//! Shared by the benchmarks: the scaled corpus (copies of the national
//! reports with distinct markers).
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};

/// The national corpus of `../shared/corpora`, if present.
pub fn national() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpora/national/government_work_reports.jsonl");
    p.exists().then_some(p)
}

/// The national reports (rows with a year) as JSON values.
pub fn national_reports(national: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(national)
        .expect("national corpus")
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["year"].is_string())
        .collect()
}

/// Write `copies` JSONL files; returns their total size and the original
/// report texts.
pub fn generate(national: &Path, dir: &Path, copies: usize) -> (u64, Vec<String>) {
    std::fs::create_dir_all(dir).expect("corpus dir");
    let reports = national_reports(national);
    let texts: Vec<String> = reports
        .iter()
        .map(|r| r["content"].as_str().unwrap_or_default().to_string())
        .collect();
    let mut total = 0;
    for c in 0..copies {
        let path = dir.join(format!("copy_{c:03}.jsonl"));
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).expect("file"));
        for r in &reports {
            let mut r = r.clone();
            // The marker opens the text: appended at the end it would be cut
            // away with the licence footer, leaving identical documents.
            let content = format!(
                "(副本 {c})\n\n{}",
                r["content"].as_str().unwrap_or_default()
            );
            r["content"] = serde_json::Value::String(content);
            writeln!(f, "{r}").expect("write");
        }
        f.flush().expect("flush");
        drop(f);
        total += std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    }
    (total, texts)
}
