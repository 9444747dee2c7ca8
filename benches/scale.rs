//! Scale benchmark (issue 4 §3): `analyze trends` over a corpus ~100× the
//! national one, generated in a temporary folder.
//!
//! Run with `cargo bench --bench scale` (release profile). `SCALE_COPIES`
//! sets the number of copies (default 100, ≈ 330 MB of JSONL) and
//! `SCALE_REPEAT` how often each measurement is repeated (default 3; the
//! median is reported, with the spread, because a shared machine's speed
//! drifts by 10–20 % over minutes). Each copy of a
//! report opens with a marker line (`(副本 N)`) that survives cleaning, so no
//! two documents are equal and nothing is served from a duplicate (the cold
//! run must show no cache hits). It reports, for the release
//! binary: the cold run (empty cache), the warm run (cache hit, new terms),
//! MB/s end to end, peak RSS (VmHWM polled from /proc), the stage timings
//! and cache counters of the last run of each kind, and, as the floor, raw
//! jieba-rs `cut` over the same text on all cores, measured in between so
//! that all figures share the machine's state.
//!
//! The growth curve (issue 10 §4): `SCALE_GROWTH=1,10,100,300,1000` runs
//! one cold `--no-cache` `trends` per size (copies of the national
//! reports: 1× = 3.3 MB), as many files (`SCALE_FILES=many`, default) or as
//! one file (`SCALE_FILES=one`), each corpus generated into a temporary
//! folder and removed afterwards, and prints a table of wall time, MB/s,
//! ratio to the floor (raw jieba-rs on all cores over 10 to 30 copies'
//! worth of text, one report per task, measured right before and right
//! after each run: the
//! ratio is to the mean of the two), the ratio to the floor as a program
//! (jieba-rs loading its dictionary with `Jieba::new()`, timed after each
//! run, then cutting the size's text at the floor's rate: the fixed cost
//! a small corpus's run is up against) and peak RSS; each size runs
//! `SCALE_REPEAT` times (default 3), and the medians are reported with
//! every run's figure. `SCALE_STREAM` passes `--stream` (default auto:
//! the runs over 256 MiB count as they load; `never` keeps the texts).
//! `SCALE_ANALYSIS` picks the analysis: `terms` (default: trends with six
//! terms asked for), `auto` (trends choosing its terms), `themes`,
//! `emerging`, `keywords`, `compare`.

mod support;

use std::time::{Duration, Instant};

use support::{generate, generate_files, median, spread, timed};

use rayon::prelude::*;

const TERMS: &str = "数字经济,新质生产力,高质量发展,互联网+,乡村振兴,人工智能";
const NEW_TERMS: &str = "碳达峰,一带一路,营商环境,供给侧结构性改革,共同富裕,专精特新";

fn main() {
    let Some(national) = support::national() else {
        println!("SKIPPED: the national corpus is not in ../shared/corpora");
        return;
    };
    if let Ok(sizes) = std::env::var("SCALE_GROWTH") {
        growth(&national, &sizes);
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
            // The copies share their years and region (全国): keep them all
            // (the default keeps the longest document of a year and region).
            "--duplicates",
            "sum",
            "--quiet",
        ];
        let (wall, rss) = timed(bin, &args);
        let m: serde_json::Value = serde_json::from_slice(
            &std::fs::read(out.join("corpus/manifest.json")).expect("manifest"),
        )
        .expect("json");
        (wall, rss, m)
    };
    let repeat: usize = std::env::var("SCALE_REPEAT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
        .max(1);
    let jieba = jieba_rs::Jieba::new();
    let mut floor_tokens = 0;
    let (mut colds, mut warms, mut floors) = (Vec::new(), Vec::new(), Vec::new());
    let (mut cold_rss, mut warm_rss) = (0, 0);
    let (mut cold_m, mut warm_m) = (serde_json::Value::Null, serde_json::Value::Null);
    for _ in 0..repeat {
        let _ = std::fs::remove_dir_all(&cache);
        let (t, rss, m) = run(TERMS);
        colds.push(t.as_secs_f64());
        cold_rss = cold_rss.max(rss);
        assert_eq!(
            m["counts"]["documents"].as_u64(),
            Some(texts.len() as u64 * copies as u64),
            "every copy analysed"
        );
        cold_m = m;
        let (t, rss, m) = run(NEW_TERMS);
        warms.push(t.as_secs_f64());
        warm_rss = warm_rss.max(rss);
        warm_m = m;
        // The floor: raw jieba-rs cut over the same texts, all cores.
        let t = Instant::now();
        // One report per task (`with_max_len(1)`): with a copy per task,
        // or rayon's default leaves, one core idled at the end.
        floor_tokens = (0..copies * texts.len())
            .into_par_iter()
            .with_max_len(1)
            .map(|k| {
                let (c, s) = (k / texts.len(), &texts[k % texts.len()]);
                jieba.cut(&format!("(副本 {c})\n\n{s}"), true).len()
            })
            .sum();
        floors.push(t.elapsed().as_secs_f64());
    }
    let (cold, warm, floor) = (median(&colds), median(&warms), median(&floors));
    let report = |name: &str, wall: f64, all: &[f64], rss: u64, m: &serde_json::Value| {
        println!(
            "{name}: {wall:.2} s median of {} ({}), {:.1} MB/s end to end, peak RSS {:.0} MB",
            all.len(),
            spread(all),
            mb / wall,
            rss as f64 / 1024.0,
        );
        println!("    cache: {}", m["cache"]);
        println!("    stages (ms): {}", m["timings_ms"]);
    };
    report("cold run (empty cache)", cold, &colds, cold_rss, &cold_m);
    report(
        "warm run (cache hit, new terms)",
        warm,
        &warms,
        warm_rss,
        &warm_m,
    );
    println!(
        "warm run is {:.1}× faster than the cold run (medians)",
        cold / warm
    );
    println!(
        "floor: raw jieba-rs cut (HMM) over the same {:.0} MB of text on {} threads: {floor:.2} s median ({}), {:.1} MB/s ({floor_tokens} tokens); the cold run takes {:.2}× the floor",
        texts.iter().map(|s| s.len()).sum::<usize>() as f64 * copies as f64 / 1e6,
        rayon::current_num_threads(),
        spread(&floors),
        mb / floor,
        cold / floor,
    );
}

/// The growth curve: one cold run per size (see the module docs).
fn growth(national: &std::path::Path, sizes: &str) {
    let one_file = std::env::var("SCALE_FILES").is_ok_and(|v| v == "one");
    let bin = env!("CARGO_BIN_EXE_analyze");
    // The floor's rate, on 10 copies' worth of text.
    let reports = support::national_reports(national);
    let texts: Vec<String> = reports
        .iter()
        .map(|r| r["content"].as_str().unwrap_or_default().to_string())
        .collect();
    let jieba = jieba_rs::Jieba::new();
    // The floor's rate on `n` copies' worth of text, measured right before
    // and right after each run (a shared machine's speed drifts by 10–30 %
    // over minutes, and a floor taken over half a second on one side of a
    // run swung the ratio by as much).
    let floor_rate = |n: usize| {
        let t = Instant::now();
        // One report per task, as the analysis balances its documents.
        let floor_bytes: usize = (0..n * texts.len())
            .into_par_iter()
            .with_max_len(1)
            .map(|k| {
                let (c, s) = (k / texts.len(), &texts[k % texts.len()]);
                let s = format!("(副本 {c})\n\n{s}");
                jieba.cut(&s, true).len();
                s.len()
            })
            .sum();
        floor_bytes as f64 / 1e6 / t.elapsed().as_secs_f64()
    };
    let repeat: usize = std::env::var("SCALE_REPEAT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
        .max(1);
    println!(
        "== growth, {}: floor (raw jieba-rs, {} threads) {:.1} MB/s at the start; each size run {repeat} times, each between two floor measurements (the ratio is to their mean); medians ==",
        if one_file {
            "one file"
        } else {
            "one file per copy"
        },
        rayon::current_num_threads(),
        floor_rate(10),
    );
    let stream = std::env::var("SCALE_STREAM").unwrap_or_else(|_| "auto".into());
    let analysis = std::env::var("SCALE_ANALYSIS").unwrap_or_else(|_| "terms".into());
    let (command, options) = analysis_args(&analysis);
    println!("analysis: analyze {command} <corpus> {}", options.join(" "));
    println!(
        "| copies | MB | streamed | wall s (all runs) | MB/s | of floor (all runs) | floor MB/s | of floor program | peak RSS MB |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for copies in sizes
        .split(',')
        .filter_map(|s| s.trim().parse::<usize>().ok())
    {
        let tmp = tempfile::tempdir().expect("temp dir");
        let corpus = tmp.path().join("corpus");
        let (bytes, _) = generate_files(national, &corpus, copies, one_file);
        let out = tmp.path().join("out");
        let (command, options) = analysis_args(&analysis);
        let mut args: Vec<&str> = vec![command, corpus.to_str().unwrap_or_default()];
        args.extend(options);
        args.extend([
            "--duplicates",
            "sum",
            "--stream",
            &stream,
            "--out",
            out.to_str().unwrap_or_default(),
            "--quiet",
            "--no-cache",
            "--name",
            "run",
        ]);
        let (mut walls, mut ratios, mut floors, mut peak) = (vec![], vec![], vec![], 0);
        // The floor as a program: jieba-rs loading its own dictionary
        // (`Jieba::new()`, timed here) and then cutting the text at the
        // floor's rate; what a small corpus's run is up against.
        let mut programs = vec![];
        let mb = bytes as f64 / 1e6;
        // 10 to 30 copies' worth: at least half a second, at most ~2 s on
        // each side of a run.
        let floor_copies = copies.clamp(10, 30);
        for _ in 0..repeat {
            let before = floor_rate(floor_copies);
            let (wall, rss) = timed(bin, &args);
            let after = floor_rate(floor_copies);
            let floor = (before + after) / 2.0;
            let t = Instant::now();
            std::hint::black_box(jieba_rs::Jieba::new());
            let program = t.elapsed().as_secs_f64() + mb / floor;
            programs.push(program / wall.as_secs_f64());
            let rate = mb / wall.as_secs_f64();
            walls.push(wall.as_secs_f64());
            ratios.push(rate / floor);
            floors.push(floor);
            peak = peak.max(rss);
        }
        let manifest: serde_json::Value = serde_json::from_slice(
            &std::fs::read(out.join("run/manifest.json")).expect("manifest"),
        )
        .expect("manifest json");
        let streamed = manifest["parameters"]["analysis"]["streamed"] == true;
        let wall = median(&walls);
        println!(
            "| {copies} | {mb:.0} | {} | {wall:.2} ({}) | {:.1} | {:.0} % ({}) | {:.0} | {:.0} % | {:.0} |",
            if streamed { "yes" } else { "no" },
            spread(&walls),
            mb / wall,
            100.0 * median(&ratios),
            ratios
                .iter()
                .map(|r| format!("{:.0}", r * 100.0))
                .collect::<Vec<_>>()
                .join(", "),
            median(&floors),
            100.0 * median(&programs),
            peak as f64 / 1024.0
        );
    }
}

/// The command line of the growth curve's analysis (`SCALE_ANALYSIS`):
/// `terms` (trends with the terms asked for, the default), `auto` (trends
/// choosing its terms), `themes`, `emerging`, `keywords` (TF-IDF and
/// TextRank) or `compare`: the command, and its options after the corpus.
fn analysis_args(analysis: &str) -> (&'static str, Vec<&'static str>) {
    match analysis {
        "auto" => ("trends", vec![]),
        "themes" => ("trends", vec!["--themes"]),
        "emerging" => ("emerging", vec![]),
        "keywords" => ("keywords", vec![]),
        "compare" => ("compare", vec!["--a", "2013-2017", "--b", "2018-2022"]),
        _ => ("trends", vec!["--terms", TERMS]),
    }
}
