//! Similarity and diffusion benchmark (issue 11 §5), release binary, no cache.
//!
//! Run with `cargo bench --bench similarity`. Medians of `SIM_REPEAT` runs (default 3) with
//! the spread, wall time and peak RSS (VmHWM) of the whole run, and the stage timings of the
//! last run's manifest:
//!
//! 1. **national similarity**: every pair of the 52 national reports, exact. Goal ≤ 0.5 s.
//! 2. **national diffusion**: every lexicon term over the national reports. Goal ≤ 0.3 s.
//! 3. **scaled similarity**: the scaled corpus of `benches/scale.rs` (`support::generate`:
//!    copies of the national reports, each opening with its own marker line, read with
//!    `--duplicates sum`), MinHash sketches and LSH (`--minhash`, k = 256, threshold 0.5),
//!    for each number of copies in `SIM_COPIES` (default `1,10,50,100`; 100 copies are
//!    5,200 documents, 330 MB). Goal at 100×: ≤ 60 s and ≤ 2 GB peak RSS.

mod support;

use std::path::Path;

use support::{generate, median, spread, timed};

fn repeat() -> usize {
    std::env::var("SIM_REPEAT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
        .max(1)
}

/// Runs `analyze args… --no-cache --quiet --out out --name name` `repeat()` times; prints
/// and returns the median wall time (s) and the peak RSS (MB).
fn measure(label: &str, args: &[&str], out: &Path, name: &str) -> (f64, f64) {
    let bin = env!("CARGO_BIN_EXE_analyze");
    let mut argv: Vec<&str> = args.to_vec();
    argv.extend([
        "--no-cache",
        "--quiet",
        "--out",
        out.to_str().unwrap_or_default(),
        "--name",
        name,
    ]);
    let (mut walls, mut rss) = (Vec::new(), 0u64);
    for _ in 0..repeat() {
        let (wall, peak) = timed(bin, &argv);
        walls.push(wall.as_secs_f64());
        rss = rss.max(peak);
    }
    let manifest: serde_json::Value = serde_json::from_slice(
        &std::fs::read(out.join(name).join("manifest.json")).expect("manifest"),
    )
    .expect("json");
    let wall = median(&walls);
    let mb = rss as f64 / 1024.0;
    println!(
        "{label}: {wall:.2} s median of {} ({}), peak RSS {mb:.0} MB; {} documents",
        walls.len(),
        spread(&walls),
        manifest["counts"]["documents"]
    );
    println!("    stages (ms): {}", manifest["timings_ms"]);
    (wall, mb)
}

fn main() {
    let Some(national) = support::national() else {
        println!("SKIPPED: the national corpus is not in ../shared/corpora");
        return;
    };
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("out");
    let n = national.to_str().unwrap_or_default();
    let (wall, _) = measure(
        "national similarity, all pairs exact",
        &["similarity", n],
        &out,
        "sim",
    );
    println!(
        "    goal ≤ 0.5 s: {}",
        if wall <= 0.5 { "met" } else { "NOT met" }
    );
    let (wall, _) = measure(
        "national diffusion, every lexicon term",
        &["diffusion", n],
        &out,
        "dif",
    );
    println!(
        "    goal ≤ 0.3 s: {}",
        if wall <= 0.3 { "met" } else { "NOT met" }
    );

    let copies: Vec<usize> = std::env::var("SIM_COPIES")
        .unwrap_or_else(|_| "1,10,50,100".into())
        .split(',')
        .filter_map(|c| c.trim().parse().ok())
        .collect();
    let mut table = Vec::new();
    for &c in &copies {
        let corpus = tmp.path().join(format!("corpus{c}"));
        let (bytes, _) = generate(&national, &corpus, c);
        let args = [
            "similarity",
            corpus.to_str().unwrap_or_default(),
            "--duplicates",
            "sum",
            "--minhash",
        ];
        let name = format!("scaled{c}");
        let (wall, mb) = measure(
            &format!("scaled ×{c} ({:.0} MB), MinHash + LSH", bytes as f64 / 1e6),
            &args,
            &out,
            &name,
        );
        let m: serde_json::Value = serde_json::from_slice(
            &std::fs::read(out.join(&name).join("manifest.json")).expect("manifest"),
        )
        .expect("json");
        let a = &m["parameters"]["analysis"];
        table.push((
            c,
            52 * c,
            bytes as f64 / 1e6,
            wall,
            mb,
            a["pairs"].clone(),
            a["lsh"]["candidates_checked"].clone(),
        ));
        let _ = std::fs::remove_dir_all(&corpus);
        if c == 100 {
            println!(
                "    goal at 100× ≤ 60 s and ≤ 2 GB: {}",
                if wall <= 60.0 && mb <= 2048.0 {
                    "met"
                } else {
                    "NOT met"
                }
            );
        }
    }
    println!(
        "| copies | documents | MB | wall (s) | peak RSS (MB) | pairs ≥ 0.5 | candidates checked |"
    );
    println!("|---|---|---|---|---|---|---|");
    for (c, d, mb_in, wall, mb, pairs, cand) in table {
        println!("| {c}× | {d} | {mb_in:.0} | {wall:.2} | {mb:.0} | {pairs} | {cand} |");
    }
}
