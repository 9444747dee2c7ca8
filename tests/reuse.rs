//! `analyze reuse`: the binary on reports written by the test (planted
//! passages, offsets, shares, the postings export and `--candidates`), a
//! batch job, and the national reports.

mod common;

use common::{analyze, csv_rows, ok};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use analyze::corpus::{self, Corpus, LoadOptions};

/// `n` Han characters that never repeat an n-gram (xorshift over 3,000
/// characters), seeded.
fn filler(seed: &mut u64, n: usize) -> String {
    (0..n)
        .map(|_| {
            *seed ^= *seed << 13;
            *seed ^= *seed >> 7;
            *seed ^= *seed << 17;
            char::from_u32(0x4E00 + (*seed % 3000) as u32).unwrap()
        })
        .collect()
}

/// 示例市 2020 and 2021 (2021 repeats two passages of 2020, one with a
/// substitution), and 样例县 2021 (nothing in common with anyone).
fn write_reports(dir: &Path) -> (String, String) {
    let mut seed = 0x2026_u64;
    let a =
        "坚持稳中求进工作总基调,完整准确全面贯彻新发展理念,加快构建新发展格局,着力推动高质量发展。";
    let b = "全面深化改革开放,持续激发市场活力和社会创造力,大力提振市场信心,巩固和增强经济回升向好态势,持续推动经济实现质的有效提升和量的合理增长。";
    // b with 市场活力 → 市场动力 (one substitution)
    let b2 = b.replace("市场活力", "市场动力");
    let f = |s: &mut u64, n| filler(s, n);
    let y2020 = format!(
        "示例市2020年政府工作报告\n\n{}。\n\n{a}\n\n{}。\n\n{b}\n\n{}。\n",
        f(&mut seed, 300),
        f(&mut seed, 200),
        f(&mut seed, 250)
    );
    let y2021 = format!(
        "示例市2021年政府工作报告\n\n{}。\n\n{b2}\n\n{}。\n\n{a}\n\n{}。\n",
        f(&mut seed, 280),
        f(&mut seed, 220),
        f(&mut seed, 260)
    );
    let county = format!("样例县2021年政府工作报告\n\n{}。\n", f(&mut seed, 900));
    std::fs::write(dir.join("2020_示例市.txt"), &y2020).unwrap();
    std::fs::write(dir.join("2021_示例市.txt"), &y2021).unwrap();
    std::fs::write(dir.join("2021_样例县.txt"), &county).unwrap();
    (a.to_string(), b2)
}

fn load(path: &Path) -> Corpus {
    corpus::load(path, &LoadOptions::builtin().unwrap()).unwrap()
}

fn chars(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

#[test]
fn planted_passages_offsets_and_shares() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("reports");
    std::fs::create_dir(&input).unwrap();
    let (a, b2) = write_reports(&input);
    let out = tmp.path().join("out");
    let stdout = ok(&analyze(&[
        "reuse",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--no-cache",
        "--json",
    ]));
    let summary: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    // Only 示例市 2021 has a previous report.
    assert_eq!(summary["targets"], 1);
    assert_eq!(summary["passages"], 2);
    let run = out.join("reports-reuse");
    let c = load(&input);
    let text = |id: &str| {
        c.documents
            .iter()
            .find(|d| d.doc_id == id)
            .unwrap()
            .text
            .clone()
    };
    let rows = csv_rows(&run.join("reuse_passages.csv"));
    assert_eq!(rows.len(), 2);
    let n = |r: &BTreeMap<String, String>, k: &str| r[k].parse::<usize>().unwrap();
    let han = |s: &str| {
        s.chars()
            .filter(|&c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
            .count()
    };
    // In target order: b2 first, then a. Offsets are character offsets
    // into the cleaned texts; passages run from the first to the last Han
    // character (the final 。 is not part of them).
    let (r0, r1) = (&rows[0], &rows[1]);
    assert_eq!(
        (r0["source_doc"].as_str(), r0["target_doc"].as_str()),
        ("2020_示例市", "2021_示例市")
    );
    let t21 = text("2021_示例市");
    let t20 = text("2020_示例市");
    assert_eq!(
        chars(&t21, n(r0, "target_start"), n(r0, "target_end")),
        b2.trim_end_matches('。')
    );
    assert_eq!(
        chars(&t20, n(r0, "source_start"), n(r0, "source_end")),
        b2.trim_end_matches('。').replace("市场动力", "市场活力")
    );
    assert_eq!(n(r0, "chars"), han(&b2));
    let columns = han(&b2) as f64;
    let identity: f64 = r0["identity"].parse().unwrap();
    assert!(
        (identity - (columns - 1.0) / columns).abs() < 1e-9,
        "{identity}"
    );
    assert_eq!(
        chars(&t21, n(r1, "target_start"), n(r1, "target_end")),
        a.trim_end_matches('。')
    );
    assert_eq!(r1["identity"], "1.0");
    assert_eq!(r1["target_excerpt"], a.trim_end_matches('。'));
    // The share: the union of both passages over the target's Han characters.
    let share = csv_rows(&run.join("reuse_share.csv"));
    assert_eq!(share.len(), 1);
    let s = &share[0];
    assert_eq!(s["target_doc"], "2021_示例市");
    assert_eq!(s["source_group"], "prev-year");
    assert_eq!(s["main_source"], "2020_示例市");
    let target_han = c
        .documents
        .iter()
        .find(|d| d.doc_id == "2021_示例市")
        .unwrap()
        .han_chars;
    assert_eq!(n(s, "han_chars"), target_han);
    assert_eq!(n(s, "reused_han_chars"), han(&a) + han(&b2));
    let share_value: f64 = s["share"].parse().unwrap();
    assert!((share_value - (han(&a) + han(&b2)) as f64 / target_han as f64).abs() < 1e-12);
    let cands = csv_rows(&run.join("reuse_candidates.csv"));
    assert_eq!(cands.len(), 1);
    assert!(n(&cands[0], "shared_shingles") > 50);
    // One year of targets, one region: no chart, and the manifest says why
    // the offsets are what they are.
    assert!(!run.join("reuse_by_year.svg").exists());
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(run.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(m["command"], "reuse");
    assert_eq!(m["parameters"]["analysis"]["options"]["ngram"], 5);
    assert!(
        m["outputs"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "reuse_passages.parquet")
    );
}

#[test]
fn groups_identity_threshold_and_usage_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("reports");
    std::fs::create_dir(&input).unwrap();
    write_reports(&input);
    let out = tmp.path().join("out");
    let base = |extra: &[&str]| -> std::process::Output {
        let mut args = vec![
            "reuse",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--no-cache",
            "--json",
        ];
        args.extend_from_slice(extra);
        analyze(&args)
    };
    // 2021 reports against every 2020 report: the county has a source
    // now, and shares nothing.
    let s: serde_json::Value =
        serde_json::from_str(&ok(&base(&["--source", "2020", "--target", "2021"]))).unwrap();
    assert_eq!(s["targets"], 2);
    assert_eq!(s["groups"][0]["group"], "2020");
    // A passage with one edit in 67 characters has identity 0.985: kept at
    // 0.98, gone at 0.99 (only the exact one is left).
    let s: serde_json::Value = serde_json::from_str(&ok(&base(&["--identity", "0.99"]))).unwrap();
    assert_eq!(s["passages"], 1);
    // --same-year: no 2020 source for a 2021 target.
    let o = base(&["--source", "2020", "--same-year"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no target has a source"));
    // A group no report belongs to is named.
    let o = base(&["--source", "火星市"]);
    assert_eq!(o.status.code(), Some(2));
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(
        e.contains("--source \"火星市\": none of the 3 documents"),
        "{e}"
    );
    let o = base(&["--ngram", "30"]);
    assert_eq!(o.status.code(), Some(2));
    let o = base(&["--source", "prev-year,2020"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn postings_export_and_candidates_give_the_same_passages() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("reports");
    std::fs::create_dir(&input).unwrap();
    write_reports(&input);
    let out = tmp.path().join("out");
    let postings = tmp.path().join("postings");
    ok(&analyze(&[
        "reuse",
        input.to_str().unwrap(),
        "--source",
        "all",
        "--out",
        out.to_str().unwrap(),
        "--name",
        "a",
        "--no-cache",
        "--export-postings",
        postings.to_str().unwrap(),
    ]));
    let parts: Vec<PathBuf> = std::fs::read_dir(postings.join("postings"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(parts.len(), 64);
    assert!(postings.join("postings/part=00/postings.parquet").is_file());
    assert!(postings.join("documents.parquet").is_file());
    let settings: serde_json::Value =
        serde_json::from_slice(&std::fs::read(postings.join("settings.json")).unwrap()).unwrap();
    assert_eq!(settings["ngram"], 5);
    assert_eq!(settings["documents"], 3);
    // Every 5-gram of the three skeletons is there once (none repeats more
    // than 8 times), with its position.
    use polars::prelude::*;
    let mut rows = 0;
    for p in &parts {
        let f = std::fs::File::open(p.join("postings.parquet")).unwrap();
        let df = ParquetReader::new(f).finish().unwrap();
        assert_eq!(df.get_column_names(), ["hash", "doc_id", "pos"]);
        rows += df.height();
    }
    let c = load(&input);
    let expected: usize = c
        .documents
        .iter()
        .map(|d| {
            d.text
                .chars()
                .filter(|&ch| analyze::textstat::reuse::skeleton::kept(ch))
                .count()
                - 4
        })
        .sum();
    assert_eq!(rows, expected);
    // All pairs whose source is not later than the target: the two 2021
    // reports, each with the two others (2020 has none: a later report is
    // never a source).
    let cands = csv_rows(&out.join("a/reuse_candidates.csv"));
    assert_eq!(cands.len(), 4);
    // Aligning only the candidate pairs gives the same passages.
    ok(&analyze(&[
        "reuse",
        input.to_str().unwrap(),
        "--candidates",
        out.join("a/reuse_candidates.parquet").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--name",
        "b",
        "--no-cache",
    ]));
    assert_eq!(
        std::fs::read(out.join("a/reuse_passages.csv")).unwrap(),
        std::fs::read(out.join("b/reuse_passages.csv")).unwrap()
    );
    // 2021 repeats 2020's two passages; 2020 repeats nothing of 2021.
    let p = csv_rows(&out.join("a/reuse_passages.csv"));
    assert_eq!(p.len(), 2);
    // --candidates with a group option is a usage error.
    let o = analyze(&[
        "reuse",
        input.to_str().unwrap(),
        "--candidates",
        "x.parquet",
        "--source",
        "all",
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_batch_job_runs_reuse() {
    let tmp = tempfile::tempdir().unwrap();
    let (dry, job) = common::batch_job(
        tmp.path(),
        "demo-reuse",
        "reuse",
        r#"{ source = ["prev-year", "2015"], target = "2016-2025", min_length = 25 }"#,
    );
    for part in [
        "analyze reuse ",
        "--source prev-year --source 2015",
        "--target 2016-2025",
        "--min-length 25",
    ] {
        assert!(dry.contains(part), "{part}: {dry}");
    }
    for f in [
        "reuse_passages.parquet",
        "reuse_share.csv",
        "reuse_by_year.svg",
        "manifest.json",
    ] {
        assert!(job.join(f).is_file(), "{f}");
    }
    let share = csv_rows(&job.join("reuse_share.csv"));
    let groups: std::collections::BTreeSet<&str> =
        share.iter().map(|r| r["source_group"].as_str()).collect();
    assert_eq!(
        groups.into_iter().collect::<Vec<_>>(),
        ["2015", "prev-year"]
    );
    assert!(
        share
            .iter()
            .all(|r| r["year"].parse::<i32>().unwrap() >= 2016)
    );
    let html = std::fs::read_to_string(job.parent().unwrap().join("index.html")).unwrap();
    assert!(html.contains("demo-reuse"));
}

#[test]
fn national_reports_against_their_predecessors() {
    let Some(corpora) = common::corpora() else {
        return;
    };
    let national = corpora.join("national/government_work_reports.jsonl");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let s: serde_json::Value = serde_json::from_str(&ok(&analyze(&[
        "reuse",
        national.to_str().unwrap(),
        "--target",
        "1978-2025",
        "--out",
        out.to_str().unwrap(),
        "--name",
        "n",
        "--no-cache",
        "--json",
    ])))
    .unwrap();
    // 1978–2025 has 43 reports; 1978's predecessor is 1975, 2021's is 2019.
    assert_eq!(s["targets"], 43);
    let share = csv_rows(&out.join("n/reuse_share.csv"));
    let row = |id: &str| share.iter().find(|r| r["target_doc"] == id).unwrap();
    assert_eq!(row("1978_全国")["main_source"], "1975_全国");
    assert_eq!(row("2021_全国")["main_source"], "2019_全国");
    let v = |id: &str| row(id)["share"].parse::<f64>().unwrap();
    // Recent reports repeat more of their predecessor than those of the
    // 1980s: 2025 about 13 %, the 1980s under 1 %.
    assert!(
        v("2025_全国") > 0.10 && v("2025_全国") < 0.16,
        "{}",
        v("2025_全国")
    );
    assert!(v("1986_全国") < 0.01);
    // The longest passage: 2025 repeats 2024's closing of the review.
    let p = csv_rows(&out.join("n/reuse_passages.csv"));
    let longest = p
        .iter()
        .max_by_key(|r| r["chars"].parse::<usize>().unwrap())
        .unwrap();
    assert_eq!(longest["target_doc"], "2025_全国");
    assert_eq!(longest["source_doc"], "2024_全国");
    assert!(longest["chars"].parse::<usize>().unwrap() >= 240);
    // Offsets into the cleaned texts give back the excerpts.
    let c = load(&national);
    let text = |id: &str| &c.documents.iter().find(|d| d.doc_id == id).unwrap().text;
    for r in p
        .iter()
        .filter(|r| r["chars"].parse::<usize>().unwrap() < 40)
        .take(50)
    {
        let n = |k: &str| r[k].parse::<usize>().unwrap();
        let t = chars(text(&r["target_doc"]), n("target_start"), n("target_end"));
        assert_eq!(t.replace('\n', "⏎"), r["target_excerpt"]);
        let s = chars(text(&r["source_doc"]), n("source_start"), n("source_end"));
        assert_eq!(s.replace('\n', "⏎"), r["source_excerpt"]);
    }
    assert!(out.join("n/reuse_by_year.png").is_file());
}
