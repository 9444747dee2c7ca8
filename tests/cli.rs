//! The binary end to end, in temporary folders: outputs written and
//! readable, errors with what to do next, exit codes.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use polars::prelude::*;

fn analyze(args: &[&str], cwd: &Path) -> Output {
    Command::new(common::bin())
        .args(args)
        .current_dir(cwd)
        .env_remove("CI")
        .output()
        .expect("binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn read_csv(path: &Path) -> DataFrame {
    CsvReadOptions::default()
        .with_has_header(true)
        .try_into_reader_with_file_path(Some(path.to_path_buf()))
        .unwrap()
        .finish()
        .unwrap()
}

fn write(dir: &Path, name: &str, text: &str) {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

const SAMPLE: &str =
    "示例市2019年政府工作报告\n一、工作回顾\n发展数字经济，推进乡村振兴。数字经济规模扩大。\n";

#[test]
fn trends_on_the_demo_datasets_writes_every_output() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = analyze(
        &[
            "trends",
            common::datasets().to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--json",
        ],
        tmp.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let summary: serde_json::Value = serde_json::from_slice(&o.stdout).expect("--json is JSON");
    let run = out.join("datasets");
    assert_eq!(
        Path::new(summary["run_folder"].as_str().unwrap()),
        run.as_path()
    );
    for f in [
        "term_trends.parquet",
        "term_trends.csv",
        "documents.parquet",
        "documents.csv",
        "warnings.csv",
        "trends.svg",
        "trends.png",
        "manifest.json",
    ] {
        assert!(run.join(f).is_file(), "{f} missing");
    }
    let trends = read_csv(&run.join("term_trends.csv"));
    assert!(trends.height() > 0);
    for c in [
        "year",
        "term",
        "token_count",
        "substring_count",
        "tokens_total",
        "han_chars",
        "per_10k_tokens",
        "per_10k_chars",
        "documents",
        "first_year",
        "reason",
    ] {
        assert!(trends.column(c).is_ok(), "column {c} missing");
    }
    let parquet = ParquetReader::new(std::fs::File::open(run.join("term_trends.parquet")).unwrap())
        .finish()
        .unwrap();
    assert_eq!(parquet.height(), trends.height());
    // The chart names every term, and the PNG decodes at the default size.
    let svg = std::fs::read_to_string(run.join("trends.svg")).unwrap();
    let terms = trends.column("term").unwrap().str().unwrap().clone();
    for i in 0..terms.len() {
        let t = terms.get(i).unwrap();
        assert!(svg.contains(t), "{t} not in the SVG");
    }
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(run.join("trends.png")).unwrap(),
    ));
    let info = decoder.read_info().unwrap();
    assert_eq!((info.info().width, info.info().height), (1600, 900));
    // The demo corpus deliberately has no 2020: no row for it.
    let years = trends.column("year").unwrap().i64().unwrap();
    assert!((0..years.len()).all(|i| years.get(i) != Some(2020)));
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(run.join("manifest.json")).unwrap()).unwrap();
    assert!(manifest["input_files"].as_array().unwrap().len() >= 4);
    assert!(manifest["crates"]["polars"].is_string());
    assert_eq!(
        manifest["counts"]["documents"].as_u64(),
        summary["documents"].as_u64()
    );
    // Nothing was written into the input folder.
    assert!(!common::datasets().join("output").exists());
}

#[test]
fn requested_terms_and_rerun_replaces_the_folder() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "in/2019.txt", SAMPLE);
    write(
        tmp.path(),
        "in/2021.txt",
        "示例市2021年政府工作报告\n数字经济。\n",
    );
    let args = ["trends", "in", "--terms", "数字经济,乡村振兴", "--quiet"];
    let o = analyze(&args, tmp.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        o.stderr.is_empty(),
        "--quiet prints nothing: {}",
        stderr(&o)
    );
    let run = tmp.path().join("output/in");
    let t = read_csv(&run.join("term_trends.csv"));
    assert_eq!(t.height(), 4);
    let tok = t.column("token_count").unwrap().i64().unwrap();
    let terms = t.column("term").unwrap().str().unwrap();
    let years = t.column("year").unwrap().i64().unwrap();
    let get = |y: i64, term: &str| {
        (0..t.height())
            .find(|&i| years.get(i) == Some(y) && terms.get(i) == Some(term))
            .and_then(|i| tok.get(i))
    };
    assert_eq!(get(2019, "数字经济"), Some(2));
    assert_eq!(
        get(2021, "乡村振兴"),
        Some(0),
        "a year with documents and no hit is 0"
    );
    std::fs::write(run.join("stale.txt"), "old").unwrap();
    let o = analyze(&args, tmp.path());
    assert!(o.status.success());
    assert!(
        !run.join("stale.txt").exists(),
        "re-run replaces the folder"
    );
}

#[test]
fn trends_rates_have_confidence_intervals_unless_ci_none() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "in/2019.txt", SAMPLE);
    write(
        tmp.path(),
        "in/2021.txt",
        "示例市2021年政府工作报告\n数字经济。\n",
    );
    let run = |extra: &[&str]| {
        let mut args = vec!["trends", "in", "--terms", "数字经济", "--quiet"];
        args.extend_from_slice(extra);
        analyze(&args, tmp.path())
    };
    let o = run(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let dir = tmp.path().join("output/in");
    let t = read_csv(&dir.join("term_trends.csv"));
    let f = |c: &str| t.column(c).unwrap().f64().unwrap().get(0).unwrap();
    let total = t
        .column("tokens_total")
        .unwrap()
        .i64()
        .unwrap()
        .get(0)
        .unwrap() as f64;
    assert_eq!(
        t.column("token_count").unwrap().i64().unwrap().get(0),
        Some(2)
    );
    // k = 2 at 95 %: scipy chi2.ppf(0.025, 4)/2 = 0.24220927854396496 and
    // chi2.ppf(0.975, 6)/2 = 7.22468766772396, over the year's tokens × 1e4.
    assert!((f("per_10k_low") - 0.24220927854396496 / total * 1e4).abs() < 1e-6);
    assert!((f("per_10k_high") - 7.22468766772396 / total * 1e4).abs() < 1e-6);
    assert!(t.column("per_10k_chars_low").is_ok() && t.column("per_10k_chars_high").is_ok());
    let svg = std::fs::read_to_string(dir.join("trends.svg")).unwrap();
    assert!(svg.contains("95% 置信区间"), "the subtitle names the band");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["parameters"]["analysis"]["ci"], 0.95);
    // 99 %: scipy chi2.ppf(0.005, 4)/2 = 0.103494546748091 (wider).
    let o = run(&["--ci", "99"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let t = read_csv(&dir.join("term_trends.csv"));
    let lo = t
        .column("per_10k_low")
        .unwrap()
        .f64()
        .unwrap()
        .get(0)
        .unwrap();
    assert!((lo - 0.103494546748091 / total * 1e4).abs() < 1e-6, "{lo}");
    // none: no interval columns, no band.
    let o = run(&["--ci", "none"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let t = read_csv(&dir.join("term_trends.csv"));
    assert!(t.column("per_10k_low").is_err() && t.column("per_10k_chars_high").is_err());
    let svg = std::fs::read_to_string(dir.join("trends.svg")).unwrap();
    assert!(!svg.contains("置信区间"));
    let o = run(&["--ci", "100"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--ci"), "{}", stderr(&o));
}

/// Grouped by region alone, regions whose reports cover different years are
/// a warning naming them (their rates pool different years); regions with
/// the same years are not.
#[test]
fn regions_covering_different_years_are_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let report = |region: &str, year: i32| {
        format!(
            "{region}{year}年政府工作报告\n发展数字经济，推进乡村振兴，推动高质量发展，全年地区生产总值稳步增长。\n"
        )
    };
    for (region, years) in [("示例甲市", 2019..=2021), ("示例乙市", 2021..=2021)] {
        for y in years {
            write(
                tmp.path(),
                &format!("in/{y}_{region}.txt"),
                &report(region, y),
            );
        }
    }
    for y in [2020, 2021] {
        for region in ["示例甲市", "示例乙市"] {
            write(
                tmp.path(),
                &format!("even/{y}_{region}.txt"),
                &report(region, y),
            );
        }
    }
    let grouping = |input: &str, by: &str| {
        let o = analyze(
            &[
                "trends",
                input,
                "--terms",
                "数字经济",
                "--by",
                by,
                "--quiet",
            ],
            tmp.path(),
        );
        assert!(o.status.success(), "{}", stderr(&o));
        let warnings =
            std::fs::read_to_string(tmp.path().join(format!("output/{input}/warnings.csv")))
                .unwrap();
        // The chart says it too, where the image is read.
        let svg =
            std::fs::read_to_string(tmp.path().join(format!("output/{input}/trends.svg"))).unwrap();
        let said: Vec<String> = (warnings.lines())
            .filter(|l| l.contains("cover different years"))
            .map(String::from)
            .collect();
        assert_eq!(
            svg.contains("各组报告年份不同"),
            !said.is_empty(),
            "{input} by {by}"
        );
        said
    };
    let said = grouping("in", "region");
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(
        said[0].contains("the 2 regions cover different years (示例乙市 2021; 示例甲市 2019–2021)")
            && said[0].contains("--by year,region"),
        "{}",
        said[0]
    );
    assert!(grouping("in", "year,region").is_empty());
    assert!(grouping("even", "region").is_empty());
}

#[test]
fn a_year_mixing_levels_is_a_warning_and_by_year_level_separates_them() {
    // 2019: the State Council's report and a city's; 2021: the city's only.
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "in/2019_国务院.txt",
        "国务院2019年政府工作报告\n发展数字经济。数字经济。\n",
    );
    write(tmp.path(), "in/2019_示例市.txt", SAMPLE);
    write(
        tmp.path(),
        "in/2021_示例市.txt",
        "示例市2021年政府工作报告\n数字经济。\n",
    );
    let run = |by: &str| {
        let o = analyze(
            &["trends", "in", "--terms", "数字经济", "--by", by, "--quiet"],
            tmp.path(),
        );
        assert!(o.status.success(), "{}", stderr(&o));
        tmp.path().join("output/in")
    };
    let dir = run("year");
    let warnings = std::fs::read_to_string(dir.join("warnings.csv")).unwrap();
    let grouping: Vec<&str> = warnings
        .lines()
        .filter(|l| l.starts_with("grouping,"))
        .collect();
    assert_eq!(grouping.len(), 1, "{warnings}");
    assert!(
        grouping[0].contains("2019 (city + national)") && grouping[0].contains("--by year,level"),
        "{}",
        grouping[0]
    );
    let svg = std::fs::read_to_string(dir.join("trends.svg")).unwrap();
    assert!(svg.contains("2019 (市级+全国) 混合不同级别的报告, 建议 --by year,level"));
    // Grouped by year, 2019 sums both reports: one row, 2 documents.
    let t = read_csv(&dir.join("term_trends.csv"));
    assert_eq!(t.height(), 2);
    assert_eq!(
        t.column("documents").unwrap().i64().unwrap().get(0),
        Some(2)
    );

    let dir = run("year,level");
    let t = read_csv(&dir.join("term_trends.csv"));
    let level = t.column("level").unwrap().str().unwrap();
    let docs = t.column("documents").unwrap().i64().unwrap();
    let rows: Vec<(Option<&str>, Option<i64>)> = (0..t.height())
        .map(|i| (level.get(i), docs.get(i)))
        .collect();
    assert_eq!(
        rows,
        [
            (Some("city"), Some(1)),
            (Some("national"), Some(1)),
            (Some("city"), Some(1))
        ]
    );
    let warnings = std::fs::read_to_string(dir.join("warnings.csv")).unwrap();
    assert!(!warnings.contains("grouping,"), "{warnings}");
    let svg = std::fs::read_to_string(dir.join("trends.svg")).unwrap();
    assert!(svg.contains("数字经济 · 全国") && svg.contains("数字经济 · 市级"));
    // The city's series starts with an occurrence: nothing "first appears".
    assert!(
        !svg.contains("首次出现 2019"),
        "no ring where a group's data starts"
    );
}

#[test]
fn by_region_gives_one_row_per_region_and_term() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "in/p.csv",
        "province,year,full_text\n甲省,2026,\"数字经济\n数字经济\"\n乙省,2026,\"乡村振兴\"\n",
    );
    let o = analyze(
        &[
            "trends",
            "in",
            "--by",
            "region",
            "--terms",
            "数字经济",
            "--quiet",
        ],
        tmp.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let t = read_csv(&tmp.path().join("output/in/term_trends.csv"));
    assert_eq!(t.height(), 2);
    assert!(t.column("region").is_ok());
    let svg = std::fs::read_to_string(tmp.path().join("output/in/trends.svg")).unwrap();
    assert!(svg.contains("甲省") && svg.contains("数字经济"));
}

#[test]
fn errors_say_what_to_do_and_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let o = analyze(&["trends", "nope"], tmp.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("does not exist"), "{}", stderr(&o));

    std::fs::create_dir(tmp.path().join("empty")).unwrap();
    let o = analyze(&["trends", "empty"], tmp.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no report files"), "{}", stderr(&o));

    write(tmp.path(), "undated/notes.txt", "没有年份的文本。\n");
    let o = analyze(&["trends", "undated"], tmp.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("has a year"), "{}", stderr(&o));

    write(tmp.path(), "ok/2019.txt", SAMPLE);
    write(tmp.path(), "terms.txt", "数字经济\n数字 经济\n");
    let o = analyze(&["trends", "ok", "--terms-file", "terms.txt"], tmp.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("terms.txt:2:"), "{}", stderr(&o));

    write(tmp.path(), "dict.txt", "数字经济 10 n\n乡村振兴 x1 n\n");
    let o = analyze(&["trends", "ok", "--dict", "dict.txt"], tmp.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("dict.txt:2:"), "{}", stderr(&o));

    let o = analyze(&["trends", "ok", "--by", "decade"], tmp.path());
    assert_eq!(o.status.code(), Some(2));

    // An empty --terms (an empty shell variable) or terms file is an error,
    // not a silent fall back to the automatic selection.
    for empty in ["", ",,", " , "] {
        let o = analyze(&["trends", "ok", "--terms", empty], tmp.path());
        assert_eq!(o.status.code(), Some(2), "{empty:?}");
        assert!(
            stderr(&o).contains("--terms names no term"),
            "{}",
            stderr(&o)
        );
    }
    write(tmp.path(), "none.txt", "# 只有注释\n\n");
    for cmd in ["trends", "diffusion"] {
        let o = analyze(&[cmd, "ok", "--terms-file", "none.txt"], tmp.path());
        assert_eq!(o.status.code(), Some(2), "{cmd}");
        assert!(
            stderr(&o).contains("none.txt holds no term"),
            "{}",
            stderr(&o)
        );
    }
    let o = analyze(&["diffusion", "ok", "--terms="], tmp.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--terms names no term"),
        "{}",
        stderr(&o)
    );

    let o = analyze(&["trends", "ok", "--frobnicate"], tmp.path());
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn strict_turns_warnings_into_exit_1() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "in/2019.txt", SAMPLE);
    write(tmp.path(), "in/notes.txt", "没有年份。\n");
    let o = analyze(
        &["trends", "in", "--terms", "数字经济", "--quiet"],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(0));
    let o = analyze(
        &["trends", "in", "--terms", "数字经济", "--quiet", "--strict"],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(1));
    let w = read_csv(&tmp.path().join("output/in/warnings.csv"));
    assert_eq!(w.height(), 1);
    assert_eq!(
        w.column("kind").unwrap().str().unwrap().get(0),
        Some("no_year")
    );
}

#[test]
fn default_output_inside_the_input_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "2019.txt", SAMPLE);
    let o = analyze(&["trends", ".", "--terms", "数字经济"], tmp.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--out"), "{}", stderr(&o));
    assert!(!tmp.path().join("output").exists());
    // Asked for explicitly, it is allowed, and the run folder is not read back.
    let o = analyze(
        &[
            "trends",
            ".",
            "--terms",
            "数字经济",
            "--out",
            "output",
            "--quiet",
        ],
        tmp.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = analyze(
        &[
            "trends",
            ".",
            "--terms",
            "数字经济",
            "--out",
            "output",
            "--json",
        ],
        tmp.path(),
    );
    let s: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(s["documents"], 1);
    assert_eq!(
        s["warnings"].as_array().unwrap().len(),
        0,
        "{}",
        s["warnings"]
    );
}

#[test]
fn a_run_never_replaces_the_input_or_a_folder_of_the_users() {
    let tmp = tempfile::tempdir().unwrap();
    let reports = tmp.path().join("reports");
    write(&reports, "2019.txt", SAMPLE);
    let run = |args: &[&str]| {
        let mut all = vec!["trends", "--terms", "数字经济", "--quiet"];
        all.extend_from_slice(args);
        analyze(&all, tmp.path())
    };
    // The run folder would be the input itself (`--out .` names it
    // `reports`), or a folder holding it.
    for args in [
        &["reports", "--out", "."][..],
        &["reports", "--out", ".", "--name", "reports"],
        &["reports/", "--out", "reports/.."],
    ] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("--name"), "{}", stderr(&o));
        assert_eq!(
            std::fs::read_to_string(reports.join("2019.txt")).unwrap(),
            SAMPLE
        );
    }
    let deep = tmp.path().join("v/a/b");
    write(&deep, "2019.txt", SAMPLE);
    let o = run(&["v/a/b", "--out", "v", "--name", "a"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("holds the input"), "{}", stderr(&o));
    assert!(deep.join("2019.txt").exists());
    // A folder of the user's at the run folder's place stays as it is.
    write(&tmp.path().join("mine/run"), "thesis.md", "草稿");
    let o = run(&["reports", "--out", "mine", "--name", "run"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("not written by analyze"),
        "{}",
        stderr(&o)
    );
    assert!(tmp.path().join("mine/run/thesis.md").exists());
    // An empty folder, or an earlier run, is replaced.
    std::fs::create_dir_all(tmp.path().join("mine/empty")).unwrap();
    for _ in 0..2 {
        let o = run(&["reports", "--out", "mine", "--name", "empty"]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(tmp.path().join("mine/empty/term_trends.csv").exists());
    }
}

#[test]
fn keywords_and_emerging_on_too_few_reports_say_so() {
    let tmp = tempfile::tempdir().unwrap();
    let one = tmp.path().join("one");
    write(&one, "2019.txt", SAMPLE);
    // One report: no TF-IDF (every IDF is 0); the charts show TextRank.
    let o = analyze(
        &["keywords", "one", "--out", "o", "--json", "--quiet"],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let s: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(s["years"], serde_json::json!([2019]));
    assert!(s["warnings"].to_string().contains("TextRank"), "{}", s);
    assert!(tmp.path().join("o/one-keywords/keywords.svg").exists());
    // The demo corpus: each year once in the summary (TF-IDF and TextRank
    // rows alike).
    let d = common::datasets();
    let o = analyze(
        &[
            "keywords",
            d.to_str().unwrap(),
            "--years",
            "2016-2019",
            "--out",
            "o",
            "--json",
            "--quiet",
        ],
        tmp.path(),
    );
    let s: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(s["years"], serde_json::json!([2016, 2017, 2018, 2019]));
    // emerging: one year is an error that says what to do; two years give
    // the tables, and no chart (no trend test can pass), with a warning.
    let o = analyze(&["emerging", "one", "--out", "o"], tmp.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("more years"), "{}", stderr(&o));
    write(&one, "2021.txt", &SAMPLE.replace("2019", "2021"));
    let o = analyze(
        &["emerging", "one", "--out", "o", "--json", "--quiet"],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let s: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(s["warnings"].to_string().contains("the chart"), "{}", s);
    assert!(
        tmp.path()
            .join("o/one-emerging/emerging_terms.csv")
            .exists()
    );
    assert!(!tmp.path().join("o/one-emerging/emerging.svg").exists());
}

#[test]
fn misspelt_terms_unknown_regions_and_empty_filters_are_named() {
    let tmp = tempfile::tempdir().unwrap();
    let d = common::datasets();
    let d = d.to_str().unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec!["trends", d, "--out", "o", "--json", "--quiet"];
        args.extend_from_slice(extra);
        analyze(&args, tmp.path())
    };
    // A term found nowhere: a warning (its column of zeros is no finding).
    let o = run(&["--terms", "数字经齐,数字经济"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let s: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let w = s["warnings"].to_string();
    assert!(
        w.contains("数字经齐") && w.contains("check its spelling (the reports have 数字经济)"),
        "{w}"
    );
    assert!(!w.contains("\"数字经济\" occurs in none"), "{w}");
    // ... and the chart says so beside the term.
    let svg = std::fs::read_to_string(tmp.path().join("o/datasets/trends.svg")).unwrap();
    assert!(svg.contains("数字经齐 (未出现)"), "chart label");
    assert!(!svg.contains("数字经济 (未出现)"));
    // A region of no report: an error listing the regions there are.
    let o = run(&["--terms", "数字经济", "--regions", "示例市,火星市"]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("火星市") && e.contains("样例县"), "{e}");
    // Years without reports: the years there are.
    let o = run(&["--terms", "数字经济", "--years", "1990-1995"]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("--years") && e.contains("2012–"), "{e}");
    // A level of no report: the filter given is named, with the levels there.
    let o = run(&["--terms", "数字经济", "--levels", "province"]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains("no report matches --levels (the levels there: city, county)"),
        "{e}"
    );
    let o = run(&[
        "--terms",
        "数字经济",
        "--levels",
        "county",
        "--regions",
        "示例市",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains("no report matches --regions and --levels at once"),
        "{e}"
    );
}

#[test]
fn a_cache_that_cannot_be_written_is_a_warning_not_a_failure() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "c", "not a folder");
    write(&tmp.path().join("r"), "2019.txt", SAMPLE);
    let o = analyze(
        &[
            "trends",
            "r",
            "--terms",
            "数字经济",
            "--cache",
            "c",
            "--out",
            "o",
            "--json",
            "--quiet",
        ],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let s: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        s["warnings"]
            .to_string()
            .contains("the cache cannot be used"),
        "{s}"
    );
    assert!(tmp.path().join("o/r/term_trends.csv").exists());
}

#[test]
fn corpus_command_lists_and_writes_cleaned_texts() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "in/2019.txt",
        "下载\n打印\n示例市2019年政府工作报告\n来源：示例日报\n正文。\n",
    );
    let o = analyze(&["corpus", "in", "--out", "out"], tmp.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let table = String::from_utf8_lossy(&o.stdout);
    assert!(table.contains("2019_示例市"), "{table}");
    let run = tmp.path().join("out/in-corpus");
    let text = std::fs::read_to_string(run.join("texts/2019_示例市.txt")).unwrap();
    assert_eq!(text, "示例市2019年政府工作报告\n正文。");
    let docs = read_csv(&run.join("documents.csv"));
    assert_eq!(docs.height(), 1);
    assert_eq!(
        docs.column("chars_removed").unwrap().i64().unwrap().get(0),
        Some(15)
    );
}

#[test]
fn corpus_accepts_no_cache_and_never_caches() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "in/2019.txt",
        "示例市2019年政府工作报告\n正文。\n",
    );
    for extra in [&[][..], &["--no-cache"][..]] {
        let mut args = vec!["corpus", "in", "--out", "out"];
        args.extend_from_slice(extra);
        let o = analyze(&args, tmp.path());
        assert!(o.status.success(), "{extra:?}: {}", stderr(&o));
        assert!(String::from_utf8_lossy(&o.stdout).contains("2019_示例市"));
        // No cache folder, with the flag or without.
        assert!(!tmp.path().join("out/.cache").exists(), "{extra:?}");
    }
}

#[test]
fn help_has_examples_and_exit_codes() {
    let tmp = tempfile::tempdir().unwrap();
    let o = analyze(&["--help"], tmp.path());
    assert!(o.status.success());
    let h = String::from_utf8_lossy(&o.stdout);
    assert!(h.contains("Exit codes") && h.contains("Examples"), "{h}");
    let o = analyze(&["trends", "--help"], tmp.path());
    let h = String::from_utf8_lossy(&o.stdout);
    assert!(h.contains("--terms") && h.contains("Examples"), "{h}");
}

#[test]
fn messy_inputs_are_warnings_not_crashes() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "in/2019.txt", SAMPLE);
    write(tmp.path(), "in/2020_empty.txt", "");
    write(tmp.path(), "in/2021_punct.txt", "。。。!!!\n2021\n");
    write(tmp.path(), "in/header_only.csv", "year,full_text\n");
    write(tmp.path(), "in/empty.csv", "");
    write(
        tmp.path(),
        "in/garbage.jsonl",
        "{not json\n[1,2]\n\"str\"\n{\"year\": 2018}\n",
    );
    write(
        tmp.path(),
        "in/ragged.csv",
        "year,full_text\n2017,\"数字经济\n2016,unterminated",
    );
    std::fs::write(
        tmp.path().join("in/2022_binary.txt"),
        [0u8, 159, 146, 150, 0, 1, 2],
    )
    .unwrap();
    let o = analyze(
        &["trends", "in", "--terms", "数字经济", "--json"],
        tmp.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let s: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(s["documents"].as_u64().unwrap() >= 2, "{s}");
    let warnings = s["warnings"].as_array().unwrap();
    let files: Vec<&str> = warnings.iter().filter_map(|w| w["file"].as_str()).collect();
    for f in ["2020_empty.txt", "garbage.jsonl", "2022_binary.txt"] {
        assert!(
            files.iter().any(|x| x.ends_with(f)),
            "no warning for {f}: {files:?}"
        );
    }
    let svg = std::fs::read_to_string(tmp.path().join("output/in/trends.svg")).unwrap();
    assert!(svg.contains("数字经济"));
}

#[test]
fn every_analysis_runs_on_the_demo_datasets() {
    let tmp = tempfile::tempdir().unwrap();
    let data = common::datasets();
    let d = data.to_str().unwrap();
    let out = tmp.path().join("out");
    let o = out.to_str().unwrap();
    let runs: [(&[&str], &str, &[&str]); 7] = [
        (
            &["sections", d],
            "datasets-sections",
            &["sections.csv", "sections.parquet"],
        ),
        (
            &["keywords", d],
            "datasets-keywords",
            &["keywords.csv", "keywords.svg", "keywords.png"],
        ),
        (
            &["compare", d, "--a", "2012-2016", "--b", "2021-2025"],
            "datasets-compare",
            &["keyness.csv", "keyness.svg", "keyness.png"],
        ),
        (
            &["emerging", d, "--min-total", "3"],
            "datasets-emerging",
            &["emerging_terms.csv", "emerging_lists.csv", "emerging.png"],
        ),
        (&["kwic", "数字经济", d], "datasets-kwic", &["kwic.csv"]),
        (
            &["collocates", "数字经济", d, "--min-freq", "1"],
            "datasets-collocates",
            &["collocates.csv", "collocates.png"],
        ),
        (
            &[
                "trends",
                d,
                "--themes",
                "--by",
                "year",
                "--name",
                "datasets-themes",
            ],
            "datasets-themes",
            &[
                "theme_trends.csv",
                "themes.svg",
                "themes_share.svg",
                "themes_share.png",
            ],
        ),
    ];
    for (args, folder, files) in runs {
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--out", o, "--quiet"]);
        let r = analyze(&all, tmp.path());
        assert!(r.status.success(), "{args:?}: {}", stderr(&r));
        for f in files {
            assert!(out.join(folder).join(f).is_file(), "{folder}/{f} missing");
        }
        assert!(out.join(folder).join("manifest.json").is_file());
    }
    // Planted trends of the demo corpus come out.
    let k = read_csv(&out.join("datasets-kwic/kwic.csv"));
    assert!(k.height() > 10);
    let keyness = read_csv(&out.join("datasets-compare/keyness.csv"));
    let terms = keyness.column("term").unwrap().str().unwrap().clone();
    let dir = keyness.column("direction").unwrap().str().unwrap().clone();
    let i = (0..terms.len())
        .find(|&i| terms.get(i) == Some("数字经济"))
        .unwrap();
    assert_eq!(dir.get(i), Some("B"));
    // TextRank scores: the year's top word 1.0, then falling (jieba-rs's
    // raw weights are PageRank × 10¹⁰).
    let kw = read_csv(&out.join("datasets-keywords/keywords.csv"));
    let method = kw.column("method").unwrap().str().unwrap().clone();
    let kyear = kw.column("year").unwrap().i64().unwrap().clone();
    let score = kw.column("score").unwrap().f64().unwrap().clone();
    let mut textrank: std::collections::BTreeMap<i64, Vec<f64>> = Default::default();
    for i in 0..kw.height() {
        if method.get(i) == Some("textrank") {
            textrank
                .entry(kyear.get(i).unwrap())
                .or_default()
                .push(score.get(i).unwrap());
        }
    }
    assert!(textrank.len() >= 10, "{textrank:?}");
    for (y, scores) in &textrank {
        assert_eq!(scores[0], 1.0, "{y}: {scores:?}");
        assert!(
            scores.windows(2).all(|w| w[0] >= w[1] && w[1] > 0.0),
            "{y}: {scores:?}"
        );
    }
    let themes = read_csv(&out.join("datasets-themes/theme_trends.csv"));
    let years = themes.column("year").unwrap().i64().unwrap().clone();
    let share = themes.column("share_pct").unwrap().f64().unwrap().clone();
    let mut by_year: std::collections::BTreeMap<i64, f64> = Default::default();
    for i in 0..themes.height() {
        *by_year.entry(years.get(i).unwrap()).or_default() += share.get(i).unwrap_or(0.0);
    }
    for (y, total) in by_year {
        assert!(
            (total - 100.0).abs() < 1e-3 || total == 0.0,
            "{y}: shares sum to {total}"
        );
    }
}

/// Region groups take short names as folders and fields do (示例 for
/// 示例市), with the same result as the full names.
#[test]
fn compare_by_region_takes_short_names() {
    let tmp = tempfile::tempdir().unwrap();
    let d = common::datasets();
    let d = d.to_str().unwrap();
    // Run `args` into the folder `out`; the table `table` it wrote.
    let run = |args: &[&str], out: &str, table: &str| {
        let o = analyze(&[args, &["--out", out]].concat(), tmp.path());
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        std::fs::read_to_string(tmp.path().join(out).join(table)).unwrap()
    };
    let compare = |a: &str, b: &str, out: &str| {
        let args = ["compare", d, "--by", "region", "--a", a, "--b", b];
        run(&args, out, "datasets-compare/keyness.csv")
    };
    let full = compare("示例市", "样例县", "full");
    assert!(full.len() > 100);
    assert_eq!(full, compare("示例", "样例", "short"));

    // --regions too.
    let trends = |regions: &str, out: &str| {
        let args = ["trends", d, "--regions", regions, "--terms", "数字经济"];
        run(&args, out, "datasets/term_trends.csv")
    };
    let full = trends("样例县", "t-full");
    let all = trends("示例市,样例县", "t-all");
    assert!(full.lines().count() > 2, "{full}");
    assert!(full.lines().count() < all.lines().count(), "{full}\n{all}");
    assert_eq!(full, trends("样例", "t-short"));
    assert_eq!(all, trends("示例,样例", "t-all-short"));
}

/// Two groups with nothing significant between them: the table is still
/// written, with a warning saying why there is no chart; the subtitle of a
/// chart names the correction actually used.
#[test]
fn compare_without_significant_terms_writes_the_table_and_says_why() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("reports");
    std::fs::create_dir(&corpus).unwrap();
    let body = "政府工作报告\n\n各位代表:\n\n我们坚持稳中求进, 加快发展数字经济, 推进乡村振兴, 保障和改善民生。\n";
    for (year, word) in [(2021, "创新"), (2022, "改革")] {
        let text = format!("{}坚持{word}。\n", body.repeat(3));
        std::fs::write(corpus.join(format!("{year}_甲市.txt")), text).unwrap();
    }
    let o = analyze(
        &[
            "compare", "reports", "--a", "2021", "--b", "2022", "--out", "o",
        ],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let run = tmp.path().join("o/reports-compare");
    let table = std::fs::read_to_string(run.join("keyness.csv")).unwrap();
    assert!(table.contains("数字经济"), "{table}");
    assert!(!run.join("keyness.svg").exists());
    let warnings = std::fs::read_to_string(run.join("warnings.csv")).unwrap();
    assert!(
        warnings.contains("no term differs significantly between 2021 and 2022"),
        "{warnings}"
    );

    let d = common::datasets();
    let o = analyze(
        &[
            "compare",
            d.to_str().unwrap(),
            "--a",
            "2012-2016",
            "--b",
            "2021-2025",
            "--correction",
            "none",
            "--out",
            "n",
        ],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let svg = std::fs::read_to_string(tmp.path().join("n/datasets-compare/keyness.svg")).unwrap();
    assert!(
        svg.contains("未作多重比较校正"),
        "subtitle must name no correction"
    );
    assert!(!svg.contains("校正后显著"));
}

/// With `--years` leaving earlier reports out, a chart that rings first appearances says
/// they are first within the selected years; without it, or with a selection that starts
/// at the corpus's first year, it does not.
#[test]
fn first_appearances_in_a_year_selection_are_said_to_be_so() {
    let tmp = tempfile::tempdir().unwrap();
    let d = common::datasets();
    let svg = |years: &[&str], out: &str| {
        let args = [
            &[
                "trends",
                d.to_str().unwrap(),
                "--terms",
                "数字经济,新质生产力",
            ][..],
            years,
            &["--out", out],
        ]
        .concat();
        let o = analyze(&args, tmp.path());
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        std::fs::read_to_string(tmp.path().join(out).join("datasets/trends.svg")).unwrap()
    };
    let narrow = svg(&["--years", "2016-2025"], "narrow");
    assert!(narrow.contains("首次出现 2024"), "新质生产力 ringed");
    assert!(
        narrow.contains("首次出现指 2016 年以来 (2012-2015 年的报告未计入)"),
        "the subtitle says the selection"
    );
    assert!(!svg(&[], "all").contains("首次出现指"));
    assert!(!svg(&["--years", "2010-2020"], "from-start").contains("首次出现指"));
}

#[test]
fn compare_refuses_overlapping_or_empty_groups() {
    let tmp = tempfile::tempdir().unwrap();
    let d = common::datasets();
    let o = analyze(
        &[
            "compare",
            d.to_str().unwrap(),
            "--a",
            "2012-2018",
            "--b",
            "2015-2020",
        ],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("in both groups"), "{}", stderr(&o));
    let o = analyze(
        &["compare", d.to_str().unwrap(), "--a", "1990", "--out", "x"],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--a 1990: no report of 1990 in the corpus"),
        "{}",
        stderr(&o)
    );
    let o = analyze(
        &["compare", d.to_str().unwrap(), "--a", "twenty"],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("\"twenty\" is not a year"),
        "{}",
        stderr(&o)
    );
    // A year no report can have is said to be out of range, not "not a year".
    let o = analyze(&["compare", d.to_str().unwrap(), "--a", "1800"], tmp.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("\"1800\" is outside the years reports can have"),
        "{}",
        stderr(&o)
    );
    // --a taking every document leaves the default --b (the rest) empty.
    let o = analyze(
        &[
            "compare",
            d.to_str().unwrap(),
            "--a",
            "1949-2100",
            "--out",
            "z",
        ],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--a takes them all; give --b"),
        "{}",
        stderr(&o)
    );
    // A member of a list that finds nothing stops the run: the group
    // compared would not be the one named.
    for (args, says) in [
        (
            &["--a", "2012-2014,2040", "--b", "2021-2025"][..],
            "--a 2012-2014,2040: no report of 2040 in the corpus",
        ),
        (
            &["--by", "region", "--a", "示例市,火星"][..],
            "--a 示例市+火星: no document is of the region 火星",
        ),
        (
            &["--by", "region", "--a", "示例市", "--b", "样例县,火星"][..],
            "--b 样例县+火星: no document is of the region 火星",
        ),
    ] {
        let o = analyze(
            &[&["compare", d.to_str().unwrap()][..], args, &["--out", "y"]].concat(),
            tmp.path(),
        );
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains(says), "{}", stderr(&o));
        assert!(!tmp.path().join("y").join("datasets-compare").exists());
    }
}

/// Every subcommand that reads a corpus takes `--no-cache`, so one batch default or one
/// habit works for all (those that keep no cache accept it and do nothing).
#[test]
fn every_corpus_subcommand_accepts_no_cache() {
    let tmp = tempfile::tempdir().unwrap();
    let d = common::datasets();
    let d = d.to_str().unwrap();
    for args in [
        &["trends", d][..],
        &["corpus", d],
        &["sections", d],
        &["keywords", d],
        &["emerging", d],
        &["kwic", "数字经济", d],
        &["collocates", "数字经济", d],
        &["similarity", d],
    ] {
        let all = [args, &["--no-cache", "--out", "o", "--quiet"]].concat();
        let o = analyze(&all, tmp.path());
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn every_subcommand_has_help_with_examples() {
    let tmp = tempfile::tempdir().unwrap();
    for sub in [
        "trends",
        "corpus",
        "sections",
        "keywords",
        "compare",
        "emerging",
        "kwic",
        "collocates",
        "reuse",
        "similarity",
        "diffusion",
    ] {
        let o = analyze(&[sub, "--help"], tmp.path());
        assert!(o.status.success(), "{sub}");
        let h = String::from_utf8_lossy(&o.stdout);
        assert!(h.contains("Examples:"), "{sub} --help has no examples");
    }
}

#[test]
fn a_term_absent_from_the_corpus_is_a_warning_not_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let d = common::datasets();
    let o = analyze(
        &[
            "collocates",
            "不存在的词",
            d.to_str().unwrap(),
            "--out",
            "o",
            "--json",
        ],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let s: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(s["rows"], 0);
    assert!(s["warnings"].to_string().contains("no collocate"));
    let o = analyze(
        &[
            "kwic",
            "不存在的词",
            d.to_str().unwrap(),
            "--out",
            "o",
            "--json",
        ],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn a_full_width_query_term_matches_like_the_normalised_text() {
    let tmp = tempfile::tempdir().unwrap();
    // Two full-width and one ASCII plus; the cleaned text has three `互联网+`.
    let text =
        "示例市2021年政府工作报告\n推进“互联网＋政务服务”。深化互联网＋监管。互联网+医疗健康。\n";
    write(tmp.path(), "in/2021.txt", text);
    let expected = text.matches("互联网＋").count() + text.matches("互联网+").count();
    let mut hits = Vec::new();
    for (i, term) in ["互联网＋", "互联网+", " 互联网＋ "].iter().enumerate() {
        let out = format!("o{i}");
        let o = analyze(&["kwic", term, "in", "--out", &out, "--quiet"], tmp.path());
        assert!(o.status.success(), "{term:?}: {}", stderr(&o));
        hits.push(read_csv(&tmp.path().join(out).join("in-kwic/kwic.csv")).height());
    }
    assert_eq!(hits, vec![expected; 3]);
}

#[test]
fn a_missing_with_or_reference_input_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let datasets = common::datasets();
    let d = datasets.to_str().unwrap();
    for args in [
        vec!["similarity", d, "--with", "no/such/folder"],
        vec!["reuse", d, "--with", "no/such/folder"],
        vec!["diffusion", d, "--reference", "no/such/folder"],
        vec!["diffusion", d, "--with", "no/such/folder"],
    ] {
        let o = analyze(&args, tmp.path());
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let e = stderr(&o);
        assert!(
            e.contains("no/such/folder") && e.contains("does not exist"),
            "{args:?}: {e}"
        );
    }
}

/// `--png-scale 2` writes the PNG at twice the resolution (the SVG as it
/// was); a density out of range is a usage error naming the option.
#[test]
fn png_scale_doubles_the_png_only() {
    let tmp = tempfile::tempdir().unwrap();
    let d = common::datasets();
    let d = d.to_str().unwrap();
    let run = |scale: &str, name: &str| {
        analyze(
            &[
                "trends",
                d,
                "--terms",
                "数字经济",
                "--png-scale",
                scale,
                "--out",
                "o",
                "--name",
                name,
            ],
            tmp.path(),
        )
    };
    for (scale, name) in [("1", "one"), ("2", "two")] {
        let o = run(scale, name);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    // Width and height from the PNG header (IHDR).
    let size = |name: &str| {
        let b = std::fs::read(tmp.path().join("o").join(name).join("trends.png")).unwrap();
        let be = |i: usize| u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
        (be(16), be(20))
    };
    assert_eq!(size("one"), (1600, 900));
    assert_eq!(size("two"), (3200, 1800));
    let svg =
        |name: &str| std::fs::read(tmp.path().join("o").join(name).join("trends.svg")).unwrap();
    assert_eq!(svg("one"), svg("two"));
    for bad in ["0.5", "5"] {
        let o = run(bad, "bad");
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains("--png-scale"), "{}", stderr(&o));
    }
}

#[test]
fn list_options_split_at_the_commas_of_a_chinese_keyboard() {
    // `，` and `、` separate terms, regions and years as `,` does: one
    // term 数字经济，乡村振兴 would occur nowhere.
    let tmp = tempfile::tempdir().unwrap();
    let run = |terms: &str, regions: &str| {
        let o = analyze(
            &[
                "trends",
                common::datasets().to_str().unwrap(),
                "--terms",
                terms,
                "--regions",
                regions,
                "--years",
                "2019，2021、2022-2025",
                "--out",
                "out",
                "--name",
                "t",
                "--no-cache",
                "--quiet",
                "--json",
            ],
            tmp.path(),
        );
        assert!(o.status.success(), "{}", stderr(&o));
        let s: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let terms: Vec<String> = s["terms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                t.as_str()
                    .unwrap_or_else(|| t["term"].as_str().unwrap())
                    .to_string()
            })
            .collect();
        (
            terms,
            std::fs::read(tmp.path().join("out/t/term_trends.csv")).unwrap(),
        )
    };
    let (full_width, table) = run("数字经济，乡村振兴；新质生产力", "示例市、样例县");
    assert_eq!(full_width, ["数字经济", "乡村振兴", "新质生产力"]);
    let (ascii, ascii_table) = run("数字经济,乡村振兴,新质生产力", "示例市,样例县");
    assert_eq!(ascii, full_width);
    assert_eq!(table, ascii_table, "the same table either way");
}

#[test]
fn kwic_context_beyond_its_range_is_an_error_not_a_silent_cap() {
    let tmp = tempfile::tempdir().unwrap();
    let data = common::datasets();
    let o = analyze(
        &[
            "kwic",
            "数字经济",
            data.to_str().unwrap(),
            "--context",
            "501",
            "--out",
            "o",
        ],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("1..=500"), "{}", stderr(&o));
    let o = analyze(
        &[
            "kwic",
            "数字经济",
            data.to_str().unwrap(),
            "--context",
            "500",
            "--out",
            "o",
            "--quiet",
        ],
        tmp.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn reports_of_one_year_get_bars_not_a_trend_line() {
    // One year (--years 2024): the terms as bars, highest first, named in
    // the subtitle; no gap shading, first-use rings or legend for them.
    let tmp = tempfile::tempdir().unwrap();
    let o = analyze(
        &[
            "trends",
            common::datasets().to_str().unwrap(),
            "--terms",
            "数字经济,乡村振兴,新质生产力",
            "--years",
            "2024",
            "--out",
            "out",
            "--name",
            "one",
            "--no-cache",
            "--quiet",
        ],
        tmp.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let run = tmp.path().join("out/one");
    let svg = std::fs::read_to_string(run.join("trends.svg")).unwrap();
    assert!(svg.contains("2024 年"), "the year is named");
    for absent in ["无报告的年份", "首次出现", "按第一个系列排序"] {
        assert!(!svg.contains(absent), "{absent} in a one-year chart");
    }
    // The bars run from the highest rate down, as the table has them.
    let table = read_csv(&run.join("term_trends.csv"));
    let terms = table.column("term").unwrap().str().unwrap();
    let rates = table.column("per_10k_tokens").unwrap().f64().unwrap();
    let mut by_rate: Vec<(f64, String)> = (0..table.height())
        .map(|i| (rates.get(i).unwrap(), terms.get(i).unwrap().to_string()))
        .collect();
    by_rate.sort_by(|a, b| b.0.total_cmp(&a.0));
    let at = |t: &str| svg.find(&format!("\n{t}\n</text>")).unwrap_or(usize::MAX);
    let positions: Vec<usize> = by_rate.iter().map(|(_, t)| at(t)).collect();
    assert!(positions.iter().all(|p| *p != usize::MAX), "{positions:?}");
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "{by_rate:?} {positions:?}"
    );
}

/// `keywords` lists the last five years on the terminal and says how many
/// earlier ones the table holds, rather than leaving them out unsaid.
#[test]
fn keywords_say_the_earlier_years_they_do_not_list() {
    let tmp = tempfile::tempdir().unwrap();
    let d = common::datasets();
    let o = analyze(&["keywords", d.to_str().unwrap(), "--out", "o"], tmp.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    let listed: Vec<&str> = (err.lines())
        .filter(|l| l.starts_with("  20"))
        .map(|l| &l[2..6])
        .collect();
    assert_eq!(listed, ["2025", "2024", "2023", "2022", "2021"], "{err}");
    assert!(
        err.contains("  … 8 earlier year(s) (2012–2019) in keywords.csv"),
        "{err}"
    );
}

/// A count of 0 for `--top` and the other counts is refused (exit 2), not
/// taken as 1; with two reports and no word at the minimum count, keywords
/// name `--min-count`, not a lack of reports.
#[test]
fn zero_counts_are_refused_and_keywords_name_the_minimum_count() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("kw");
    write(
        &dir,
        "2019_示例市.txt",
        "2019年示例市政府工作报告\n我们大力发展数字经济。\n",
    );
    write(
        &dir,
        "2020_示例市.txt",
        "2020年示例市政府工作报告\n我们推进乡村振兴。\n",
    );
    for args in [
        ["keywords", "kw", "--top", "0"],
        ["emerging", "kw", "--top", "0"],
        ["compare", "kw", "--chart-top", "0"],
    ] {
        let o = analyze(&args, tmp.path());
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("must be 1 or more"), "{}", stderr(&o));
    }
    let o = analyze(&["keywords", "kw", "--out", "out"], tmp.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("no word reaches --min-count 3"),
        "{}",
        stderr(&o)
    );
    assert!(
        !stderr(&o).contains("needs two or more reports"),
        "{}",
        stderr(&o)
    );
}

/// A broken section-roles file is an error (exit 2, naming the file) in
/// every analysis, not only in those that read sections.
#[test]
fn a_broken_section_roles_file_is_refused_by_every_analysis() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "r/2019_示例市.txt", SAMPLE);
    write(tmp.path(), "roles.toml", "nonsense = 5\n");
    let o = analyze(
        &[
            "trends",
            "r",
            "--terms",
            "数字经济",
            "--section-roles",
            "roles.toml",
            "--out",
            "out",
        ],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("roles.toml"), "{}", stderr(&o));
}

/// A streamed run that sets texts aside writes them beside its new output
/// folder, not in the system's temporary folder (here unusable).
#[test]
fn a_streamed_run_sets_texts_aside_beside_its_output() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "r/2019_示例市.txt", SAMPLE);
    write(
        tmp.path(),
        "r/2020_示例市.txt",
        &SAMPLE.replace("2019", "2020"),
    );
    let o = Command::new(common::bin())
        .args([
            "keywords",
            "r",
            "--stream",
            "always",
            "--out",
            "fresh/out",
            "-q",
        ])
        .current_dir(tmp.path())
        .env_remove("CI")
        .env("TMPDIR", tmp.path().join("no-such-folder"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        tmp.path()
            .join("fresh/out/r-keywords/keywords.csv")
            .exists()
    );
}

/// Ctrl-C (SIGINT) and SIGTERM stop a run with exit code 130 and a message
/// saying nothing of the run was kept; an earlier run's folder stays. The
/// run is held waiting on its terms file (standard input, left open) so
/// that the signal comes while it runs, once its handler is in place.
#[cfg(target_os = "linux")]
#[test]
fn a_stopped_run_says_so_and_keeps_the_earlier_one() {
    let tmp = tempfile::tempdir().unwrap();
    let datasets = common::datasets();
    let out = tmp.path().join("out");
    let o = analyze(
        &[
            "trends",
            datasets.to_str().unwrap(),
            "--terms",
            "数字经济",
            "--out",
            out.to_str().unwrap(),
            "--name",
            "run",
            "-q",
        ],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let earlier = std::fs::read(out.join("run/term_trends.csv")).unwrap();
    for signal in ["-INT", "-TERM"] {
        let mut child = Command::new(common::bin())
            .args([
                "trends",
                datasets.to_str().unwrap(),
                "--terms-file",
                "/dev/stdin",
                "--out",
                out.to_str().unwrap(),
                "--name",
                "run",
                "-q",
            ])
            .current_dir(tmp.path())
            .env_remove("CI")
            .stdin(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // The handler is in place once the process catches SIGINT (bit 1 of
        // SigCgt in /proc/<pid>/status).
        let status = format!("/proc/{}/status", child.id());
        let began = std::time::Instant::now();
        loop {
            let caught = std::fs::read_to_string(&status)
                .unwrap_or_default()
                .lines()
                .find_map(|l| l.strip_prefix("SigCgt:"))
                .and_then(|m| u64::from_str_radix(m.trim(), 16).ok())
                .is_some_and(|m| m & 0b10 != 0);
            if caught {
                break;
            }
            assert!(child.try_wait().unwrap().is_none(), "the run ended early");
            assert!(began.elapsed().as_secs() < 60, "no handler after 60 s");
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        // Standard input stays open until the process has ended: closed
        // first (as `wait` does), the run would read an empty terms file
        // and end on its own before the handler.
        let held = child.stdin.take();
        let killed = Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let status = child.wait().unwrap();
        drop(held);
        let mut e = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut e).unwrap();
        assert_eq!(status.code(), Some(130), "{signal}: {e}");
        assert!(
            e.contains("interrupted: the run folders being written were removed")
                && e.contains("of earlier runs are as they were"),
            "{signal}: {e}"
        );
        assert_eq!(
            std::fs::read(out.join("run/term_trends.csv")).unwrap(),
            earlier,
            "{signal}"
        );
        let left: Vec<String> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            // The segmentation cache of the first run stays too.
            .filter(|n| n != "run" && n != ".cache")
            .collect();
        assert!(left.is_empty(), "{signal}: {left:?}");
    }
}
