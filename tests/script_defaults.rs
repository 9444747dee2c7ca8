//! Issue 9, "research-grade defaults", on the real national corpus: the
//! script of every report is detected and traditional or mixed reports are
//! converted by default; the document cache follows the `--t2s` mode.
//! Skipped with a message when the corpora are missing (a failure under
//! CI=true).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use analyze::corpus::convert::count_script;

fn national() -> Option<PathBuf> {
    Some(common::corpora()?.join("national/government_work_reports.jsonl"))
}

fn analyze(args: &[&str], cwd: &Path) -> Output {
    let o = Command::new(common::bin())
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("binary runs");
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// Rows of a CSV written by a run, as string maps.
fn rows(path: &Path) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let headers: Vec<String> = r
        .headers()
        .unwrap()
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .cloned()
                .zip(rec.iter().map(str::to_string))
                .collect()
        })
        .collect()
}

fn row<'a>(
    rows: &'a [std::collections::BTreeMap<String, String>],
    year: &str,
    term: &str,
) -> &'a std::collections::BTreeMap<String, String> {
    rows.iter()
        .find(|r| r["year"] == year && r["term"] == term)
        .unwrap_or_else(|| panic!("no row {year} {term}"))
}

#[test]
fn issue9_socialism_is_found_in_1954_without_any_flag() {
    let Some(path) = national() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let p = path.to_str().unwrap();
    let args = ["--terms", "社会主义,工业", "--out", "o", "--quiet"];
    analyze(
        &[&["trends", p, "--name", "auto"][..], &args].concat(),
        tmp.path(),
    );
    let t = rows(&tmp.path().join("o/auto/term_trends.csv"));
    // The 1954 report writes 社會主義 34 times and 工業 108 times.
    let s = row(&t, "1954", "社会主义");
    assert!(s["token_count"].parse::<u64>().unwrap() >= 34, "{s:?}");
    assert!(s["substring_count"].parse::<u64>().unwrap() >= 34, "{s:?}");
    assert_eq!(s["first_year"], "1954");
    assert_eq!(row(&t, "1954", "工业")["substring_count"], "108");
    // 1957 is simplified with traditional characters left in (業 49 times):
    // converted as mixed, 工业 counts 42 instead of 30.
    assert_eq!(row(&t, "1957", "工业")["substring_count"], "42");

    let docs = rows(&tmp.path().join("o/auto/documents.csv"));
    let script = |year: &str| {
        let d = docs.iter().find(|d| d["year"] == year).unwrap();
        (d["script"].clone(), d["converted"].clone())
    };
    assert_eq!(script("1954"), ("traditional".into(), "TRUE".into()));
    assert_eq!(script("1957"), ("mixed".into(), "TRUE".into()));
    // 1955 is simplified with one heading in traditional characters
    // (第一個五年計劃的若幹問題): mixed, so that heading's words count too.
    assert_eq!(script("1955"), ("mixed".into(), "TRUE".into()));
    assert_eq!(script("2025"), ("simplified".into(), "FALSE".into()));
    assert_eq!(docs.iter().filter(|d| d["converted"] == "TRUE").count(), 3);
    let warnings = rows(&tmp.path().join("o/auto/warnings.csv"));
    let script_warnings: Vec<_> = warnings.iter().filter(|w| w["kind"] == "script").collect();
    assert_eq!(script_warnings.len(), 3, "one per converted document");
    assert!(script_warnings[0]["message"].contains("converted to simplified"));
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(tmp.path().join("o/auto/manifest.json")).unwrap())
            .unwrap();
    assert_eq!(m["parameters"]["corpus"]["t2s"], "auto");
    assert_eq!(
        m["script"]["converted"],
        serde_json::json!([
            "1954_全国 (traditional)",
            "1955_全国 (mixed)",
            "1957_全国 (mixed)"
        ])
    );
    assert_eq!(m["script"]["documents"]["simplified"], 49);

    // --t2s never: the old behaviour, and a warning that 1954 was left as it is.
    analyze(
        &[
            &["trends", p, "--name", "never", "--t2s", "never"][..],
            &args,
        ]
        .concat(),
        tmp.path(),
    );
    let t = rows(&tmp.path().join("o/never/term_trends.csv"));
    assert_eq!(row(&t, "1954", "社会主义")["substring_count"], "0");
    assert_eq!(row(&t, "1954", "社会主义")["first_year"], "1955");
    let warnings = rows(&tmp.path().join("o/never/warnings.csv"));
    assert!(
        warnings
            .iter()
            .any(|w| w["kind"] == "script" && w["message"].contains("not converted"))
    );
}

/// Traditional-only characters (those OpenCC's t2s changes) in every table
/// and SVG under `dir`.
fn traditional_in_outputs(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for e in walkdir::WalkDir::new(dir).into_iter().flatten() {
        let p = e.path();
        if !p
            .extension()
            .is_some_and(|x| x == "csv" || x == "svg" || x == "json")
        {
            continue;
        }
        let text = std::fs::read_to_string(p).unwrap();
        let n = count_script(&text);
        if n.traditional > 0 {
            let t2s = analyze::corpus::convert::to_simplified(&text).unwrap();
            let sample: String = text
                .chars()
                .zip(t2s.chars())
                .filter(|(a, b)| a != b)
                .map(|(a, _)| a)
                .take(20)
                .collect();
            found.push(format!("{}: {} ({sample})", p.display(), n.traditional));
        }
    }
    found
}

#[test]
fn issue9_no_traditional_form_in_the_default_runs() {
    let Some(path) = national() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let p = path.to_str().unwrap();
    for analysis in ["trends", "emerging", "keywords"] {
        analyze(&[analysis, p, "--out", "o", "--quiet"], tmp.path());
    }
    let found = traditional_in_outputs(&tmp.path().join("o"));
    assert!(found.is_empty(), "{found:#?}");
    // Without conversion the same runs do show them (the check is not empty).
    analyze(
        &["emerging", p, "--out", "n", "--quiet", "--t2s", "never"],
        tmp.path(),
    );
    let lists = std::fs::read_to_string(
        tmp.path()
            .join("n/government_work_reports-emerging/emerging_lists.csv"),
    )
    .unwrap();
    assert!(lists.contains("我們") || lists.contains("國家"), "{lists}");
}

#[test]
fn issue9_the_document_cache_follows_the_t2s_mode() {
    let Some(path) = national() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let p = path.to_str().unwrap();
    let run = |name: &str, extra: &[&str]| {
        let mut args = vec![
            "trends",
            p,
            "--terms",
            "社会主义",
            "--out",
            "o",
            "--name",
            name,
            "--quiet",
        ];
        args.extend_from_slice(extra);
        analyze(&args, tmp.path());
        let dir = tmp.path().join("o").join(name);
        (
            std::fs::read(dir.join("term_trends.csv")).unwrap(),
            std::fs::read(dir.join("documents.csv")).unwrap(),
        )
    };
    let cache = ["--cache", "c"];
    let cold = run("cold", &cache);
    // Same cache, other mode: not the converted documents of the first run.
    let never = run("never", &[&cache[..], &["--t2s", "never"]].concat());
    assert_ne!(cold.0, never.0);
    let t = rows(&tmp.path().join("o/never/term_trends.csv"));
    assert_eq!(row(&t, "1954", "社会主义")["token_count"], "0");
    // Warm runs are byte-identical to runs without a cache, in both modes.
    let warm = run("warm", &cache);
    let fresh = run("fresh", &["--no-cache"]);
    assert_eq!(warm, fresh);
    assert_eq!(cold, fresh);
    let never_warm = run("never-warm", &[&cache[..], &["--t2s", "never"]].concat());
    let never_fresh = run("never-fresh", &["--no-cache", "--t2s", "never"]);
    assert_eq!(never_warm, never_fresh);
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(tmp.path().join("o/warm/manifest.json")).unwrap())
            .unwrap();
    assert_eq!(m["cache"]["file_hits"], 1, "the warm run read the cache");
}

/// The one-pass converter (OpenCC's dictionaries in one Aho–Corasick
/// automaton) converts every report of the real corpora exactly as
/// ferrous-opencc does, traditional or not.
#[test]
fn the_one_pass_converter_equals_ferrous_opencc_on_the_real_corpora() {
    let Some(corpora) = common::corpora() else {
        return;
    };
    let opts = analyze::corpus::LoadOptions {
        t2s: analyze::corpus::convert::T2sMode::Never,
        ..analyze::corpus::LoadOptions::builtin().unwrap()
    };
    let mut converted = 0;
    for corpus in ["national", "provincial-2026", "cities-2003-2024", "panjin"] {
        let c = analyze::corpus::load(&corpora.join(corpus), &opts).unwrap();
        for d in &c.documents {
            let fast = analyze::corpus::convert::to_simplified(&d.text).unwrap();
            assert!(
                fast == analyze::corpus::convert::to_simplified_whole(&d.text).unwrap(),
                "{corpus}: {}",
                d.doc_id
            );
            converted += usize::from(fast != d.text);
        }
    }
    // The traditional and mixed national reports, and the city reports
    // with traditional characters, did change.
    assert!(converted >= 20, "{converted} reports changed");
}
