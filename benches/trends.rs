//! Benchmark of `analyze trends` on the national corpus (issue 2 §8).
//!
//! Run with `cargo bench --bench trends` (release profile). It reports:
//! 1. wall time and peak RSS of the release binary
//!    (`analyze trends <national> --terms <6 terms> --no-cache`: everything
//!    segmented every time), over repeated runs;
//! 2. where the time goes inside one run (stage timings from the manifest);
//! 3. raw jieba-rs `cut` throughput over the same cleaned text (the floor),
//!    and our segmenter's throughput, single-threaded; then segmenting and
//!    counting (`DocCounts::of`) and segmenting alone as ratios to the raw
//!    cut, per round of the three run one after the other (median of
//!    `TRENDS_ROUNDS`, default 9, and the range).
//!
//! `TRENDS_ONLY=segment` skips 1 and 2 (for profiling the segmentation
//! alone). Needs `../shared/corpora`; prints that it skipped otherwise.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use analyze::corpus::{self, LoadOptions};
use analyze::tokens::{Dictionary, Segmenter, SegmenterConfig};

const TERMS: &str = "数字经济,新质生产力,高质量发展,互联网+,乡村振兴,人工智能";
const RUNS: usize = 10;
/// Interleaved rounds of the segmentation comparison.
const ROUNDS: usize = 9;

fn main() {
    let corpora = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
    let input = corpora.join("national/government_work_reports.jsonl");
    if !input.exists() {
        println!("SKIPPED: {} not found", input.display());
        return;
    }
    if std::env::var("TRENDS_ONLY").is_ok_and(|v| v == "segment") {
        segmentation(&input);
        return;
    }
    let out = tempfile::tempdir().expect("temp dir");
    let bin = env!("CARGO_BIN_EXE_analyze");
    let args = [
        "trends",
        input.to_str().unwrap_or_default(),
        "--terms",
        TERMS,
        "--out",
        out.path().to_str().unwrap_or_default(),
        "--quiet",
        "--no-cache",
    ];
    // Warm-up (file cache), then timed runs.
    let status = Command::new(bin).args(args).status().expect("binary runs");
    assert!(status.success());
    let mut walls: Vec<Duration> = Vec::new();
    for _ in 0..RUNS {
        let t = Instant::now();
        let status = Command::new(bin).args(args).status().expect("binary runs");
        walls.push(t.elapsed());
        assert!(status.success());
    }
    walls.sort();
    let rss_mb = peak_child_rss_kb() as f64 / 1024.0;
    println!("== analyze trends, national corpus, 6 terms, release binary ({RUNS} runs) ==");
    println!(
        "wall: min {:.3} s, median {:.3} s, max {:.3} s; peak RSS {rss_mb:.1} MB",
        walls[0].as_secs_f64(),
        walls[RUNS / 2].as_secs_f64(),
        walls[RUNS - 1].as_secs_f64()
    );

    let manifest: serde_json::Value = serde_json::from_slice(
        &std::fs::read(out.path().join("government_work_reports/manifest.json"))
            .expect("manifest written"),
    )
    .expect("manifest is JSON");
    println!("stage timings of the last run (ms, wall clock per stage):");
    let mut total = 0u64;
    if let Some(stages) = manifest["timings_ms"].as_object() {
        for (k, v) in stages {
            let ms = v.as_u64().unwrap_or(0);
            total += ms;
            println!("  {k:<20} {ms:>6}");
        }
    }
    let seg_ms = manifest["timings_ms"]["segment_and_count"]
        .as_u64()
        .unwrap_or(0);
    println!(
        "  segmentation share: {:.0} % of {total} ms measured inside the run",
        100.0 * seg_ms as f64 / total.max(1) as f64
    );
    segmentation(&input);
}

/// Part 3: segmentation throughput over the cleaned texts of `input`.
fn segmentation(input: &std::path::Path) {
    let c = corpus::load(input, &LoadOptions::builtin().expect("rules")).expect("corpus loads");
    let bytes: usize = c.documents.iter().map(|d| d.text.len()).sum();
    let mb = bytes as f64 / 1e6;
    let t = Instant::now();
    let jieba = jieba_rs::Jieba::new();
    let new_ms = t.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    let image = analyze::tokens::default_jieba();
    let image_ms = t.elapsed().as_secs_f64() * 1e3;
    drop(image);
    let t = Instant::now();
    let mut n = 0usize;
    for d in &c.documents {
        n += jieba.cut(&d.text, true).len();
    }
    let raw = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let seg = Segmenter::new(&SegmenterConfig {
        hmm: true,
        dictionaries: vec![Dictionary::lexicon().expect("lexicon")],
        required: TERMS.split(',').map(str::to_string).collect(),
    })
    .expect("segmenter");
    let seg_new_ms = t.elapsed().as_secs_f64() * 1e3;
    // jieba's dictionary is loaded on first use; do it outside the timing.
    let t = Instant::now();
    let _ = seg.jieba();
    let seg_load_ms = t.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    let mut m = 0usize;
    for d in &c.documents {
        seg.each_token(&d.text, |_| m += 1);
    }
    let ours = t.elapsed().as_secs_f64();
    println!("== set-up ==");
    println!("  jieba_rs::Jieba::new() (default dictionary): {new_ms:.0} ms");
    println!(
        "  the same read from the image built at compile time (tokens::default_jieba): {image_ms:.0} ms"
    );
    println!(
        "  Segmenter::new() (lexicon + 6 terms): {seg_new_ms:.0} ms, then jieba with the lexicon on first use: {seg_load_ms:.0} ms"
    );
    println!("== segmentation throughput, one thread, {mb:.2} MB of cleaned text ==");
    println!(
        "  raw jieba-rs cut (HMM):          {:.1} MB/s ({n} tokens)",
        mb / raw
    );
    println!(
        "  analyze Segmenter (lexicon+terms): {:.1} MB/s ({m} tokens)",
        mb / ours
    );
    // Issue 10 §3: segmenting *and counting* (what a run does per
    // document: DocCounts::of) against raw jieba-rs cut over the same text,
    // one thread. Each round runs the four over all documents, one after
    // the other in a rotating order (each with its own dictionary warm in
    // the caches, as in a run; interleaving them document by document makes
    // the two dictionaries evict each other and hides most of the
    // difference), and takes the round's ratios: this machine's speed
    // drifts by tens of percent within seconds. The median round is
    // reported.
    let rounds = std::env::var("TRENDS_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(ROUNDS);
    let terms: Vec<String> = TERMS.split(',').map(str::to_string).collect();
    let (mut counted_ratio, mut bare_ratio, mut terms_ratio, mut cut_rate) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for round in 0..rounds {
        // Seconds spent in: raw cut, segment + count, segment only, segment
        // + the requested terms' counts (DocCounts::of_terms, what a
        // `trends --terms` run without the cache does).
        let mut spent = [0f64; 4];
        for k in 0..4 {
            let which = (k + round) % 4;
            let t = Instant::now();
            for d in &c.documents {
                match which {
                    0 => {
                        std::hint::black_box(jieba.cut(&d.text, true).len());
                    }
                    1 => {
                        std::hint::black_box(
                            analyze::dfm::DocCounts::of(&seg, &d.text).tokens_total,
                        );
                    }
                    2 => {
                        std::hint::black_box(
                            analyze::dfm::DocCounts::of_terms(&seg, &d.text, &terms).tokens_total,
                        );
                    }
                    _ => {
                        let mut n = 0usize;
                        seg.each_token_with_id(&d.text, false, |_, _, _| n += 1);
                        std::hint::black_box(n);
                    }
                }
            }
            spent[which] = t.elapsed().as_secs_f64();
        }
        counted_ratio.push(spent[1] / spent[0]);
        terms_ratio.push(spent[2] / spent[0]);
        bare_ratio.push(spent[3] / spent[0]);
        cut_rate.push(mb / spent[0]);
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let spread = |v: &[f64]| {
        let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = v.iter().copied().fold(0f64, f64::max);
        format!("{lo:.2}–{hi:.2}")
    };
    let (counted_spread, bare_spread, terms_spread) = (
        spread(&counted_ratio),
        spread(&bare_ratio),
        spread(&terms_ratio),
    );
    println!(
        "  segment + count (DocCounts::of): {:.2}× raw jieba-rs cut (median of {rounds} rounds, {counted_spread}; raw cut {:.1} MB/s)",
        median(&mut counted_ratio),
        median(&mut cut_rate)
    );
    println!(
        "  segment + the 6 terms' counts (DocCounts::of_terms): {:.2}× raw jieba-rs cut ({terms_spread})",
        median(&mut terms_ratio)
    );
    println!(
        "  segment only (the same cut, tokens not counted): {:.2}× raw jieba-rs cut ({bare_spread})",
        median(&mut bare_ratio)
    );
}

/// Largest resident set of any waited-for child, in KiB.
fn peak_child_rss_kb() -> i64 {
    // SAFETY: getrusage writes into the struct we pass and has no other effects.
    unsafe {
        let mut u: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut u);
        u.ru_maxrss
    }
}
