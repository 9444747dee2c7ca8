//! Ingestion benchmark (issue 8 §9): loading and cleaning alone, through
//! the library, on the scaled corpus of `benches/scale.rs` (100 copies of
//! the national reports, ≈ 330 MB of JSONL in 100 files), and the
//! throughput of the other readers on corpora made here from the national
//! texts: web pages with site chrome, `.xlsx` workbooks, and PDFs (the
//! project's CJK fixture).
//!
//! Run with `cargo bench --bench ingest`. `INGEST_COPIES` sets the copies
//! (default 100), `INGEST_REPEAT` the repetitions (default 3; medians are
//! reported with the spread). `INGEST_ONLY=jsonl` stops after the
//! measurements on the scale corpus (as 100 JSONL files, one JSONL file and
//! one CSV file), for profiling the loader alone; `INGEST_ONLY=load` after
//! the first measurement (100 JSONL files, no cache); `INGEST_ONLY=one`
//! measures only the one-file JSONL load (issue 10 §1); `INGEST_ONLY=script`
//! measures steps of cleaning on one thread, over the national texts three
//! times over: script detection, traditional → simplified conversion, NFKC,
//! and the whole cleaning (NFKC, every rule and, since 2026-12-03, the
//! cleaned text's script counts, which the loader no longer takes apart).

use std::path::Path;
use std::time::Instant;

use analyze::corpus::{LoadOptions, load};

/// The binary's allocator (src/main.rs), so the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod support;

fn main() {
    // As `analyze corpus`, which loads and does not segment: no huge pages
    // (src/memory.rs).
    analyze::memory::keep_off();
    let Some(national) = support::national() else {
        println!("SKIPPED: the national corpus is not in ../shared/corpora");
        return;
    };
    let copies: usize = env_or("INGEST_COPIES", 100);
    let repeat: usize = env_or("INGEST_REPEAT", 3).max(1);
    if std::env::var("INGEST_ONLY").is_ok_and(|v| v == "script") {
        script_steps(&national, repeat);
        return;
    }
    let tmp = tempfile::tempdir().expect("temp dir");
    let opts = LoadOptions::builtin().expect("rules");
    if std::env::var("INGEST_ONLY").is_ok_and(|v| v == "one") {
        let one = tmp.path().join("one");
        let (bytes, _) = support::generate_files(&national, &one, copies, true);
        measure("JSONL, one file, no cache", &one, bytes, repeat, &opts);
        return;
    }

    let jsonl = tmp.path().join("jsonl");
    let (bytes, _) = support::generate(&national, &jsonl, copies);
    measure(
        "JSONL, 100 files (scale corpus), no cache",
        &jsonl,
        bytes,
        repeat,
        &opts,
    );
    required_work(&jsonl, bytes, repeat);
    if std::env::var("INGEST_ONLY").is_ok_and(|v| v == "load") {
        return;
    }
    let cache = tmp.path().join("cache");
    let cached = LoadOptions {
        cache: Some(cache.clone()),
        ..opts.clone()
    };
    // The cold run of `analyze trends`: the document cache is written.
    let mut cold = Vec::new();
    for _ in 0..repeat {
        let _ = std::fs::remove_dir_all(&cache);
        cold.push(time(|| load(&jsonl, &cached).map(|c| c.documents.len())));
    }
    report(
        "JSONL, 100 files, writing the document cache (cold run)",
        bytes,
        &cold,
    );
    let warm: Vec<f64> = (0..repeat)
        .map(|_| time(|| load(&jsonl, &cached).map(|c| c.documents.len())))
        .collect();
    report(
        "JSONL, 100 files, from the document cache (warm run)",
        bytes,
        &warm,
    );

    // The same corpus as one big export (issue 10 §1): one JSONL file, and
    // one CSV file, each parsed in pieces.
    let one = tmp.path().join("one");
    let (bytes, _) = support::generate_files(&national, &one, copies, true);
    measure("JSONL, one file, no cache", &one, bytes, repeat, &opts);
    let csv_dir = tmp.path().join("csv");
    let bytes = jsonl_to_csv(&one.join("copies.jsonl"), &csv_dir);
    std::fs::remove_dir_all(&one).expect("remove");
    measure("CSV, one file, no cache", &csv_dir, bytes, repeat, &opts);
    std::fs::remove_dir_all(&csv_dir).expect("remove");

    if std::env::var("INGEST_ONLY").is_ok_and(|v| v == "jsonl") {
        return;
    }
    let reports = support::national_reports(&national);
    let html = tmp.path().join("html");
    let bytes = write_pages(&reports, &html, copies.min(20));
    measure(
        "HTML pages with site chrome (GBK)",
        &html,
        bytes,
        repeat,
        &opts,
    );

    let xlsx = tmp.path().join("xlsx");
    let bytes = write_workbooks(&reports, &xlsx, copies.min(20));
    measure(
        ".xlsx workbooks (one report per row)",
        &xlsx,
        bytes,
        repeat,
        &opts,
    );

    // One big workbook (issue 10 §1): the same rows in one sheet. The
    // spreadsheet reader (calamine) parses a workbook on one thread; rows
    // are cleaned on the other threads as soon as they are read, which
    // helps when the strings are in the cells; shared strings are all
    // parsed before the first row. calamine's share of the load is shown.
    let inline = tmp.path().join("inline_xlsx");
    let bytes = write_one_workbook(&reports, &inline, copies.min(20), true);
    measure(
        ".xlsx, one workbook, strings in the cells (as openpyxl and pandas write)",
        &inline,
        bytes,
        repeat,
        &opts,
    );
    let one_xlsx = tmp.path().join("one_xlsx");
    let bytes = write_one_workbook(&reports, &one_xlsx, copies.min(20), false);
    measure(
        ".xlsx, one workbook, shared strings (as Excel writes)",
        &one_xlsx,
        bytes,
        repeat,
        &opts,
    );
    println!(
        "  (workbooks cleaned row by row while read: {})",
        analyze::corpus::SHEETS_BY_ROWS.load(std::sync::atomic::Ordering::Relaxed)
    );
    let book = std::fs::read(one_xlsx.join("all.xlsx")).expect("workbook");
    let parse: Vec<f64> = (0..repeat)
        .map(|_| {
            time(|| {
                let sheets = analyze::corpus::formats::sheet::read_workbook(
                    &book,
                    analyze::corpus::formats::sheet::WorkbookKind::Xlsx,
                )
                .expect("workbook");
                Ok(sheets.iter().map(|s| s.rows.len()).sum())
            })
        })
        .collect();
    report(
        "  of which calamine reading the shared-strings workbook (one thread)",
        bytes,
        &parse,
    );

    let pdf = tmp.path().join("pdf");
    let bytes = copy_pdfs(&pdf, 200);
    measure(
        "PDF (the 3-page CJK fixture, 200 files)",
        &pdf,
        bytes,
        repeat,
        &opts,
    );
}

/// What every load of `dir` (JSONL files) must do whatever its cleaning:
/// read each file, take its SHA-256 (the manifest's), parse each line's
/// JSON and take the SHA-256 of each text (the `sha256` column; here of the
/// raw text, which is as long as the cleaned one), on the same threads as
/// [`load`]. Load + clean cannot be faster than this.
fn required_work(dir: &Path, bytes: u64, repeat: usize) {
    use rayon::prelude::*;
    use sha2::{Digest, Sha256};
    /// A line's text; the other fields are skipped.
    #[derive(serde::Deserialize)]
    struct Record {
        content: String,
    }
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    let times: Vec<f64> = (0..repeat)
        .map(|_| {
            time(|| {
                let docs = files
                    .par_iter()
                    .map(|f| {
                        let data = std::fs::read(f).expect("read");
                        let (file_sha, texts) = rayon::join(
                            || Sha256::digest(&data),
                            || {
                                data.split(|&b| b == b'\n')
                                    .filter(|l| !l.is_empty())
                                    .map(|l| {
                                        let r: Record = serde_json::from_slice(l).expect("json");
                                        Sha256::digest(r.content.as_bytes())[0]
                                    })
                                    .count()
                            },
                        );
                        std::hint::black_box(file_sha);
                        texts
                    })
                    .sum::<usize>();
                Ok(docs)
            })
        })
        .collect();
    report(
        "  the work any load must do: read, SHA-256 of each file, JSON, SHA-256 of each text",
        bytes,
        &times,
    );
}

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Seconds `f` takes.
fn time(f: impl FnOnce() -> analyze::Result<usize>) -> f64 {
    let t = Instant::now();
    let n = f().expect("load");
    assert!(n > 0);
    t.elapsed().as_secs_f64()
}

fn measure(name: &str, dir: &Path, bytes: u64, repeat: usize, opts: &LoadOptions) {
    let times: Vec<f64> = (0..repeat)
        .map(|_| time(|| load(dir, opts).map(|c| c.documents.len())))
        .collect();
    report(name, bytes, &times);
}

fn report(name: &str, bytes: u64, times: &[f64]) {
    let mut v = times.to_vec();
    v.sort_by(f64::total_cmp);
    let median = v[v.len() / 2];
    let mb = bytes as f64 / 1e6;
    println!(
        "{name}: {mb:.0} MB in {median:.3} s median ({}), {:.0} MB/s on {} threads",
        times
            .iter()
            .map(|t| format!("{t:.3}"))
            .collect::<Vec<_>>()
            .join(", "),
        mb / median,
        rayon::current_num_threads()
    );
}

/// The records of a JSONL file as one CSV file (columns from the first
/// record's keys) in `dir`; returns its size.
fn jsonl_to_csv(jsonl: &Path, dir: &Path) -> u64 {
    std::fs::create_dir_all(dir).expect("dir");
    let path = dir.join("copies.csv");
    let mut w = csv::Writer::from_path(&path).expect("csv");
    let mut header: Vec<String> = Vec::new();
    for line in std::fs::read_to_string(jsonl).expect("jsonl").lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("json");
        let Some(obj) = v.as_object() else { continue };
        if header.is_empty() {
            header = obj.keys().cloned().collect();
            w.write_record(&header).expect("header");
        }
        let cells: Vec<String> = header
            .iter()
            .map(|k| match &obj[k] {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect();
        w.write_record(&cells).expect("row");
    }
    w.flush().expect("flush");
    std::fs::metadata(&path).expect("size").len()
}

/// One GBK web page per report and copy: a government site's chrome
/// around the report's paragraphs.
fn write_pages(reports: &[serde_json::Value], dir: &Path, copies: usize) -> u64 {
    std::fs::create_dir_all(dir).expect("dir");
    let mut total = 0;
    for c in 0..copies {
        for (i, r) in reports.iter().enumerate() {
            let title = r["title"].as_str().unwrap_or_default();
            let paragraphs: String = r["content"]
                .as_str()
                .unwrap_or_default()
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| format!("<p>{}</p>\n", html_escape::encode_text(l)))
                .collect();
            let page = format!(
                "<!DOCTYPE html><html><head><meta charset=\"gb2312\"><title>{title}_示例市人民政府网</title><script>var s=1;</script><style>p{{margin:0}}</style></head><body><div class=\"top\">长者模式 | 繁體中文 | EN | 无障碍</div><div class=\"nav\"><a href=\"/\">首页</a><a href=\"/a\">政务公开</a><a href=\"/b\">办事服务</a></div><div class=\"article-content\"><h1>{title}</h1><p>(副本 {c})</p>\n{paragraphs}</div><div class=\"footer\">版权所有 示例市人民政府 ICP备00000000号</div></body></html>"
            );
            let (bytes, _, _) = encoding_rs::GBK.encode(&page);
            let path = dir.join(format!("{c:03}_{i:02}.html"));
            std::fs::write(&path, &bytes).expect("write");
            total += bytes.len() as u64;
        }
    }
    total
}

/// One workbook per copy, one report per row (texts cut to Excel's 32,767
/// characters per cell).
fn write_workbooks(reports: &[serde_json::Value], dir: &Path, copies: usize) -> u64 {
    std::fs::create_dir_all(dir).expect("dir");
    let mut total = 0;
    for c in 0..copies {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        for (col, h) in ["", "年份", "地区", "报告全文"].iter().enumerate() {
            ws.write_string(0, col as u16, *h).expect("cell");
        }
        for (i, r) in reports.iter().enumerate() {
            let row = i as u32 + 1;
            let text: String = format!("(副本 {c})\n{}", r["content"].as_str().unwrap_or_default())
                .chars()
                .take(32_000)
                .collect();
            ws.write_number(row, 0, i as f64).expect("cell");
            ws.write_string(row, 1, r["year"].as_str().unwrap_or_default())
                .expect("cell");
            ws.write_string(row, 2, "全国").expect("cell");
            ws.write_string(row, 3, &text).expect("cell");
        }
        let bytes = wb.save_to_buffer().expect("xlsx");
        std::fs::write(dir.join(format!("copy_{c:03}.xlsx")), &bytes).expect("write");
        total += bytes.len() as u64;
    }
    total
}

/// One workbook, one sheet: every report of every copy a row; the strings
/// in the cells (`inline`) or in the shared-strings table.
fn write_one_workbook(
    reports: &[serde_json::Value],
    dir: &Path,
    copies: usize,
    inline: bool,
) -> u64 {
    std::fs::create_dir_all(dir).expect("dir");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = if inline {
        wb.add_worksheet_with_constant_memory().expect("worksheet")
    } else {
        wb.add_worksheet()
    };
    for (col, h) in ["", "年份", "地区", "报告全文"].iter().enumerate() {
        ws.write_string(0, col as u16, *h).expect("cell");
    }
    let mut row = 0u32;
    for c in 0..copies {
        for r in reports {
            row += 1;
            let text: String = format!("(副本 {c})\n{}", r["content"].as_str().unwrap_or_default())
                .chars()
                .take(32_000)
                .collect();
            ws.write_number(row, 0, f64::from(row)).expect("cell");
            ws.write_string(row, 1, r["year"].as_str().unwrap_or_default())
                .expect("cell");
            ws.write_string(row, 2, format!("副本{c}")).expect("cell");
            ws.write_string(row, 3, &text).expect("cell");
        }
    }
    let bytes = wb.save_to_buffer().expect("xlsx");
    std::fs::write(dir.join("all.xlsx"), &bytes).expect("write");
    bytes.len() as u64
}

/// `n` copies of the CJK PDF fixture (identical texts: the duplicates are
/// dropped after loading, which the timing includes).
fn copy_pdfs(dir: &Path, n: usize) -> u64 {
    std::fs::create_dir_all(dir).expect("dir");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdf/report_cjk.pdf");
    let bytes = std::fs::read(src).expect("fixture");
    for i in 0..n {
        std::fs::write(dir.join(format!("{i:03}_2023.pdf")), &bytes).expect("write");
    }
    (bytes.len() * n) as u64
}

/// One-thread throughput of script detection and traditional → simplified
/// conversion over the national texts (repeated three times, ~10 MB), medians of at least 5 runs.
fn script_steps(national: &Path, repeat: usize) {
    let reports: Vec<String> = support::national_reports(national)
        .iter()
        .filter_map(|r| r["content"].as_str().map(str::to_string))
        .collect();
    let text: String = reports.concat().repeat(3);
    let mb = text.len() as f64 / 1e6;
    let _ = analyze::corpus::convert::to_simplified("臺").expect("t2s tables");
    let rules = analyze::corpus::Rules::builtin().expect("rules");
    let (mut count, mut t2s, mut nfkc, mut clean) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..repeat.max(5) {
        let t = Instant::now();
        std::hint::black_box(analyze::corpus::clean::nfkc(&text).len());
        nfkc.push(t.elapsed().as_secs_f64());
        let t = Instant::now();
        // Report by report, as loading cleans them (rules with a zone look
        // at a report's head or tail only).
        for _ in 0..3 {
            for r in &reports {
                std::hint::black_box(rules.clean(r).text.len());
            }
        }
        clean.push(t.elapsed().as_secs_f64());
        let t = Instant::now();
        std::hint::black_box(analyze::corpus::convert::count_script(&text));
        count.push(t.elapsed().as_secs_f64());
        let t = Instant::now();
        std::hint::black_box(
            analyze::corpus::convert::to_simplified(&text)
                .expect("t2s")
                .len(),
        );
        t2s.push(t.elapsed().as_secs_f64());
    }
    for (what, times) in [
        ("script detection (count_script)", &count),
        ("traditional -> simplified (to_simplified)", &t2s),
        ("NFKC (clean::nfkc)", &nfkc),
        (
            "cleaning, NFKC, every rule and the script counts, report by report (Rules::clean)",
            &clean,
        ),
    ] {
        let m = support::median(times);
        println!(
            "{what}, one thread: {:.0} MB/s over {mb:.1} MB ({:.2} ms median)",
            mb / m,
            m * 1e3
        );
    }
}
