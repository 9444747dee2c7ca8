//! Shared by the benchmarks: the scaled corpus (copies of the national
//! reports, each opening with a marker line so that no two documents are
//! equal), medians, and timing a child process with its peak RSS.
#![allow(dead_code)]

use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// The national corpus of `../shared/corpora`, if present.
pub fn national() -> Option<std::path::PathBuf> {
    let p = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
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

/// Median of `v`.
pub fn median(v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// The values, comma-separated.
pub fn spread(v: &[f64]) -> String {
    v.iter()
        .map(|x| format!("{x:.2}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Write `copies` JSONL files of the national reports (`copy_000.jsonl`…)
/// into `dir`, each report's text opening with `(副本 N)`; returns their
/// total size and the original report texts.
pub fn generate(national: &Path, dir: &Path, copies: usize) -> (u64, Vec<String>) {
    generate_files(national, dir, copies, false)
}

/// Like [`generate`]; with `one_file`, every copy goes into one
/// `copies.jsonl` (a single large export) instead of a file per copy.
pub fn generate_files(
    national: &Path,
    dir: &Path,
    copies: usize,
    one_file: bool,
) -> (u64, Vec<String>) {
    std::fs::create_dir_all(dir).expect("corpus dir");
    let reports = national_reports(national);
    let texts: Vec<String> = reports
        .iter()
        .map(|r| r["content"].as_str().unwrap_or_default().to_string())
        .collect();
    let open = |name: String| {
        std::io::BufWriter::new(std::fs::File::create(dir.join(name)).expect("file"))
    };
    let mut one = one_file.then(|| open("copies.jsonl".to_string()));
    for c in 0..copies {
        let mut own = (!one_file).then(|| open(format!("copy_{c:03}.jsonl")));
        let f = match (&mut one, &mut own) {
            (Some(f), _) | (None, Some(f)) => f,
            (None, None) => unreachable!("one of the two is open"),
        };
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
        if let Some(mut f) = own {
            f.flush().expect("flush");
        }
    }
    if let Some(mut f) = one {
        f.flush().expect("flush");
    }
    let total = std::fs::read_dir(dir)
        .expect("dir")
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum();
    (total, texts)
}

/// Run `bin args`, returning wall time and peak RSS in KiB (VmHWM).
pub fn timed(bin: &str, args: &[&str]) -> (Duration, u64) {
    let t = Instant::now();
    let mut child = Command::new(bin).args(args).spawn().expect("spawn");
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak = 0u64;
    loop {
        if let Ok(s) = std::fs::read_to_string(&status_path)
            && let Some(line) = s.lines().find(|l| l.starts_with("VmHWM:"))
        {
            let kb: u64 = line
                .split_whitespace()
                .nth(1)
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            peak = peak.max(kb);
        }
        match child.try_wait() {
            Ok(Some(status)) => {
                assert!(status.success(), "analyze failed");
                break;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => panic!("wait: {e}"),
        }
    }
    (t.elapsed(), peak)
}
