//! Scale benchmark (issue 4 §3): `analyze trends` over a corpus ~100× the
//! national one, generated in a temporary folder.
//!
//! Run with `cargo bench --bench scale` (release profile). `SCALE_COPIES`
//! sets the number of copies (default 100, ≈ 330 MB of JSONL). Each copy of a
//! report opens with a marker line (`(副本 N)`) that survives cleaning, so no
//! two documents are equal and nothing is served from a duplicate (the cold
//! run must show no cache hits). It reports, for the release
//! binary: the cold run (empty segmentation cache), the warm run (cache hit,
//! new terms), MB/s end to end, peak RSS (VmHWM polled from /proc), the
//! stage timings of each run, and, as the floor, raw jieba-rs `cut` over the
//! same text on all cores.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use rayon::prelude::*;

const TERMS: &str = "数字经济,新质生产力,高质量发展,互联网+,乡村振兴,人工智能";
const NEW_TERMS: &str = "碳达峰,一带一路,营商环境,供给侧结构性改革,共同富裕,专精特新";

fn main() {
    let national = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpora/national/government_work_reports.jsonl");
    if !national.exists() {
        println!("SKIPPED: {} not found", national.display());
        return;
    }
    let copies: usize = std::env::var("SCALE_COPIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let tmp = tempfile::tempdir().expect("temp dir");
    let corpus = tmp.path().join("corpus");
    let (bytes, texts) = generate(&national, &corpus, copies);
    let mb = bytes as f64 / 1e6;
    println!(
        "== scaled corpus: {copies} copies of the 52 national reports, {mb:.0} MB of JSONL =="
    );

    let bin = env!("CARGO_BIN_EXE_analyze");
    let cache = tmp.path().join("cache");
    let out = tmp.path().join("out");
    let run = |terms: &str| -> (Duration, u64, serde_json::Value) {
        let args = [
            "trends",
            corpus.to_str().unwrap_or_default(),
            "--terms",
            terms,
            "--cache",
            cache.to_str().unwrap_or_default(),
            "--out",
            out.to_str().unwrap_or_default(),
            "--quiet",
        ];
        let (wall, rss) = timed(bin, &args);
        let m: serde_json::Value = serde_json::from_slice(
            &std::fs::read(out.join("corpus/manifest.json")).expect("manifest"),
        )
        .expect("json");
        (wall, rss, m)
    };
    let (cold, cold_rss, cold_m) = run(TERMS);
    let (warm, warm_rss, warm_m) = run(NEW_TERMS);
    let report = |name: &str, wall: Duration, rss: u64, m: &serde_json::Value| {
        println!(
            "{name}: {:.2} s, {:.1} MB/s end to end, peak RSS {:.0} MB, cache {}",
            wall.as_secs_f64(),
            mb / wall.as_secs_f64(),
            rss as f64 / 1024.0,
            m["cache"]
        );
        println!("    stages (ms): {}", m["timings_ms"]);
    };
    report("cold run (empty cache)", cold, cold_rss, &cold_m);
    report("warm run (cache hit, new terms)", warm, warm_rss, &warm_m);
    println!(
        "warm run is {:.1}× faster than the cold run",
        cold.as_secs_f64() / warm.as_secs_f64()
    );

    // The floor: raw jieba-rs cut over the same texts, all cores.
    let jieba = jieba_rs::Jieba::new();
    let t = Instant::now();
    let tokens: usize = (0..copies)
        .into_par_iter()
        .map(|c| {
            texts
                .iter()
                .map(|s| jieba.cut(&format!("(副本 {c})\n\n{s}"), true).len())
                .sum::<usize>()
        })
        .sum();
    let floor = t.elapsed();
    println!(
        "floor: raw jieba-rs cut (HMM) over the same {:.0} MB of text on {} threads: {:.2} s, {:.1} MB/s ({tokens} tokens)",
        texts.iter().map(|s| s.len()).sum::<usize>() as f64 * copies as f64 / 1e6,
        rayon::current_num_threads(),
        floor.as_secs_f64(),
        mb / floor.as_secs_f64()
    );
}

/// Write `copies` JSONL files; returns their total size and the original
/// report texts.
fn generate(national: &Path, dir: &Path, copies: usize) -> (u64, Vec<String>) {
    std::fs::create_dir_all(dir).expect("corpus dir");
    let reports: Vec<serde_json::Value> = std::fs::read_to_string(national)
        .expect("national corpus")
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["year"].is_string())
        .collect();
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

/// Run `bin args`, returning wall time and peak RSS in KiB (VmHWM).
fn timed(bin: &str, args: &[&str]) -> (Duration, u64) {
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
