//! Reuse benchmark (issue 11 §2): `analyze reuse`, release binary.
//!
//! Run with `cargo bench --bench reuse`. It measures, `REUSE_REPEAT` times
//! each (default 3; medians with the spread, as the machine's speed drifts):
//!
//! 1. **national**: every national report against its predecessor
//!    (`--source prev-year`, 51 pairs), the whole run (loading, cleaning,
//!    tables, chart, manifest), no cache. Goal: ≤ 2 s.
//! 2. **scaled**: the scaled corpus of `benches/scale.rs` (its generator,
//!    `support::generate`), `REUSE_COPIES` copies (default 20) of the
//!    national reports; the reports of 1956–2025 of every copy are targets
//!    (50 per copy: 1,000), the 52 original reports (`--with`) the sources,
//!    every target against every source. Goal: ≤ 60 s.
//! 3. with `REUSE_GROWTH=1`, **growth**: all pairs (every report against
//!    every other) among the city reports of `../shared/corpora`, for
//!    growing year spans, to see how the alignment stage grows with the
//!    number of documents N (docs/SCALE.md): the exponent b of t ≈ a·N^b
//!    between the smallest and the largest span.
//!
//! For each run: wall time, peak RSS (VmHWM), and the stage timings of its
//! manifest (`reuse` is seeding, candidates, chaining and alignment).

mod support;

use std::path::{Path, PathBuf};

use support::{generate, median, spread, timed};

fn repeat() -> usize {
    std::env::var("REUSE_REPEAT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
        .max(1)
}

/// Run `analyze reuse args` `repeat()` times into `out/name`; prints and
/// returns the median wall time.
fn measure(label: &str, args: &[&str], out: &Path, name: &str) -> f64 {
    let bin = env!("CARGO_BIN_EXE_analyze");
    let mut all: Vec<String> = vec!["reuse".into()];
    all.extend(args.iter().map(|s| s.to_string()));
    all.extend(
        [
            "--no-cache",
            "--quiet",
            "--out",
            out.to_str().unwrap_or_default(),
            "--name",
            name,
        ]
        .map(String::from),
    );
    let argv: Vec<&str> = all.iter().map(String::as_str).collect();
    let (mut walls, mut rss) = (Vec::new(), 0);
    let mut manifest = serde_json::Value::Null;
    for _ in 0..repeat() {
        let (wall, peak) = timed(bin, &argv);
        walls.push(wall.as_secs_f64());
        rss = rss.max(peak);
        manifest = serde_json::from_slice(
            &std::fs::read(out.join(name).join("manifest.json")).expect("manifest"),
        )
        .expect("json");
    }
    let wall = median(&walls);
    let a = &manifest["parameters"]["analysis"];
    println!(
        "{label}: {wall:.2} s median of {} ({}), peak RSS {:.0} MB; {} documents, {} targets, {} candidate pairs, {} shingles indexed",
        walls.len(),
        spread(&walls),
        rss as f64 / 1024.0,
        manifest["counts"]["documents"],
        a["groups"][0]["targets"],
        count_rows(&out.join(name).join("reuse_candidates.csv")),
        a["shingles_indexed"],
    );
    println!("    stages (ms): {}", manifest["timings_ms"]);
    println!(
        "    pooled share reused: {:.2} %",
        100.0 * a["groups"][0]["share"].as_f64().unwrap_or(0.0)
    );
    wall
}

fn count_rows(csv: &Path) -> usize {
    std::fs::read_to_string(csv)
        .map(|s| s.lines().count().saturating_sub(1))
        .unwrap_or(0)
}

fn main() {
    let corpora = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
    let national = corpora.join("national/government_work_reports.jsonl");
    if !national.exists() {
        println!("SKIPPED: {} not found", national.display());
        return;
    }
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("out");
    let n = national.to_str().unwrap_or_default();

    let wall = measure(
        "national, every report against its predecessor",
        &[n, "--source", "prev-year"],
        &out,
        "national",
    );
    println!(
        "    goal ≤ 2 s: {}",
        if wall <= 2.0 { "met" } else { "NOT met" }
    );

    let copies: usize = std::env::var("REUSE_COPIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let corpus = tmp.path().join("corpus");
    let (bytes, _) = generate(&national, &corpus, copies);
    println!(
        "== scaled corpus: {copies} copies of the 52 national reports, {:.0} MB of JSONL ==",
        bytes as f64 / 1e6
    );
    let wall = measure(
        &format!(
            "scaled, {} targets against the 52 national reports",
            copies * 50
        ),
        &[
            corpus.to_str().unwrap_or_default(),
            "--with",
            n,
            "--duplicates",
            "sum",
            "--source",
            "path:national/*",
            "--target",
            "path:corpus/*,1956-2025",
        ],
        &out,
        "scaled",
    );
    println!(
        "    goal ≤ 60 s: {}",
        if wall <= 60.0 { "met" } else { "NOT met" }
    );

    if std::env::var("REUSE_GROWTH").as_deref() == Ok("1") {
        let cities = corpora.join("cities-2003-2024");
        let c = cities.to_str().unwrap_or_default();
        let mut points: Vec<(f64, f64)> = Vec::new();
        for last in [2005, 2008, 2012, 2016] {
            let years = format!("2003-{last}");
            let name = format!("growth-{last}");
            measure(
                &format!("all pairs among the city reports of {years}"),
                &[c, "--source", &years, "--target", &years],
                &out,
                &name,
            );
            let m: serde_json::Value = serde_json::from_slice(
                &std::fs::read(out.join(&name).join("manifest.json")).expect("manifest"),
            )
            .expect("json");
            let docs = m["parameters"]["analysis"]["groups"][0]["targets"]
                .as_f64()
                .unwrap_or(0.0);
            let ms = m["timings_ms"]["reuse"].as_f64().unwrap_or(0.0);
            points.push((docs, ms / 1000.0));
        }
        if let (Some(a), Some(b)) = (points.first(), points.last()) {
            let exponent = (b.1 / a.1).ln() / (b.0 / a.0).ln();
            println!(
                "growth of the reuse stage, all pairs: {points:?} (documents, s); t ≈ a·N^{exponent:.2}"
            );
        }
    }
}
