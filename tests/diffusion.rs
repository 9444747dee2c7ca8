//! `analyze diffusion` (issue 11 §3): the city reports against the national ones (first
//! years, lags, adoption that ignores years without a report), the national reports alone
//! (the lexicon's first years), and a batch job. Real corpora: skipped with a message when
//! missing (a failure under CI=true).

mod common;

use common::{analyze, csv_rows, ok};

use std::collections::{BTreeMap, BTreeSet};

#[test]
fn city_reports_follow_the_national_ones() {
    let Some(dir) = common::corpora() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let terms = "数字经济,互联网+,高质量发展,乡村振兴,新质生产力";
    let json = ok(&analyze(&[
        "diffusion",
        dir.join("cities-2003-2024").to_str().unwrap(),
        "--reference",
        dir.join("national/government_work_reports.jsonl")
            .to_str()
            .unwrap(),
        "--terms",
        terms,
        "--out",
        out.to_str().unwrap(),
        "--name",
        "d",
        "--json",
        "--quiet",
    ]));
    let s: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        (s["reference_documents"].as_u64(), s["reference"].as_str()),
        (Some(52), Some("全国"))
    );
    // First national use (as `analyze emerging` finds on the national reports).
    let first: Vec<(String, i64)> = (s["terms"].as_array().unwrap().iter())
        .map(|t| {
            (
                t["term"].as_str().unwrap().to_owned(),
                t["reference_first_year"].as_i64().unwrap(),
            )
        })
        .collect();
    let expect: Vec<(String, i64)> = [
        ("数字经济", 2017),
        ("互联网+", 2015),
        ("高质量发展", 2018),
        ("乡村振兴", 2018),
        ("新质生产力", 2024),
    ]
    .iter()
    .map(|(t, y)| (t.to_string(), *y))
    .collect();
    assert_eq!(first, expect);
    let run = out.join("d");
    let diff = csv_rows(&run.join("diffusion.csv"));
    assert_eq!(diff.len(), 5 * 42, "every term × every city");
    // Each city's report years, from the documents table.
    let mut years: BTreeMap<String, BTreeSet<i32>> = BTreeMap::new();
    for d in csv_rows(&run.join("documents.csv"))
        .iter()
        .filter(|d| d["level"] == "city")
    {
        years
            .entry(d["region"].clone())
            .or_default()
            .insert(d["year"].parse().unwrap());
    }
    assert_eq!(years.len(), 42);
    let mut lags: Vec<f64> = Vec::new();
    for r in diff.iter().filter(|r| r["term"] == "数字经济") {
        let ys = &years[&r["region"]];
        let fy: Option<i32> = r["first_year"].parse().ok();
        assert_eq!(r["reports"].parse::<usize>().unwrap(), ys.len());
        let before = ys.iter().filter(|y| fy.is_none_or(|f| **y < f)).count();
        assert_eq!(
            r["reports_before"].parse::<usize>().unwrap(),
            before,
            "{}",
            r["region"]
        );
        if let Some(f) = fy {
            assert_eq!(r["lag_years"].parse::<i32>().unwrap(), f - 2017);
            lags.push(f64::from(f - 2017));
        }
    }
    lags.sort_by(f64::total_cmp);
    let median = (lags[lags.len() / 2 - 1] + lags[lags.len() / 2]) / 2.0;
    // Adoption counts only the cities reporting that year: recomputed from the two tables.
    let first_year: BTreeMap<&str, Option<i32>> = (diff.iter())
        .filter(|r| r["term"] == "数字经济")
        .map(|r| (r["region"].as_str(), r["first_year"].parse().ok()))
        .collect();
    for a in csv_rows(&run.join("adoption.csv"))
        .iter()
        .filter(|a| a["term"] == "数字经济")
    {
        let y: i32 = a["year"].parse().unwrap();
        let reporting: Vec<&str> = years
            .iter()
            .filter(|(_, ys)| ys.contains(&y))
            .map(|(r, _)| r.as_str())
            .collect();
        let adopted = reporting
            .iter()
            .filter(|r| first_year[*r].is_some_and(|f| f <= y))
            .count();
        assert_eq!(
            a["regions_reporting"].parse::<usize>().unwrap(),
            reporting.len(),
            "{y}"
        );
        assert_eq!(
            a["regions_adopted"].parse::<usize>().unwrap(),
            adopted,
            "{y}"
        );
    }
    // The lags chart names, beside each city, the terms it never used
    // although it reported after the nation first used them (no dot for
    // them), and ranks it below the cities that used more; a term first
    // used nationally after a city's last report is no finding.
    let svg = std::fs::read_to_string(run.join("lags.svg")).unwrap();
    let all: Vec<&str> = terms.split(',').collect();
    let national_first: BTreeMap<&str, i32> = expect
        .iter()
        .map(|(t, y)| (t.as_str(), *y as i32))
        .collect();
    let mut order: Vec<(usize, String)> = Vec::new();
    for city in years.keys() {
        let last = *years[city].iter().max().unwrap();
        assert!(
            diff.iter()
                .any(|r| r["region"] == *city
                    && r["last_report_year"].parse::<i32>().unwrap() == last)
        );
        let missing: Vec<&str> = all
            .iter()
            .copied()
            .filter(|t| {
                diff.iter()
                    .any(|r| r["region"] == *city && r["term"] == *t && r["first_year"].is_empty())
                    && last >= national_first[t]
            })
            .collect();
        let label = match missing[..] {
            [] => city.clone(),
            [one] => format!("{city} (未用{one})"),
            _ if missing.len() == all.len() => format!("{city} (均未使用)"),
            _ => format!("{city} (未用 {} 个词)", missing.len()),
        };
        let at = svg
            .find(&format!("\n{label}\n</text>"))
            .unwrap_or_else(|| panic!("{label} not in lags.svg"));
        order.push((missing.len(), format!("{at:012}")));
    }
    assert!(
        order.iter().any(|(m, _)| *m > 0),
        "some city never used one of the terms"
    );
    // Rows are drawn top to bottom: fewer unused terms first.
    order.sort_by(|a, b| a.1.cmp(&b.1));
    assert!(order.windows(2).all(|w| w[0].0 <= w[1].0), "{order:?}");
    let summary = &s["terms"][0];
    assert_eq!(summary["median_lag"].as_f64().unwrap(), median);
    assert_eq!(summary["adopters"].as_u64().unwrap() as usize, lags.len());
    for f in [
        "diffusion.parquet",
        "adoption.parquet",
        "diffusion_terms.csv",
        "adoption.svg",
        "adoption.png",
        "lags.svg",
        "lags.png",
        "manifest.json",
    ] {
        assert!(run.join(f).exists(), "{f}");
    }
}

#[test]
fn lags_that_are_only_bounds_are_said_to_be() {
    // The provincial reports are all of 2026, after the national reports
    // (1954–2025): a term the nation used before has every province's
    // first use in its first report, so no lag is measured.
    let Some(dir) = common::corpora() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let json = ok(&analyze(&[
        "diffusion",
        dir.join("provincial-2026").to_str().unwrap(),
        "--reference",
        dir.join("national/government_work_reports.jsonl")
            .to_str()
            .unwrap(),
        "--terms",
        "共同富裕,数字经济,火星基地",
        "--out",
        out.to_str().unwrap(),
        "--name",
        "p",
        "--json",
        "--quiet",
    ]));
    let s: serde_json::Value = serde_json::from_str(&json).unwrap();
    let bounded: Vec<&str> = (s["terms"].as_array().unwrap().iter())
        .filter(|t| t["median_lag"].is_number() && t["median_lag_uncensored"].is_null())
        .map(|t| t["term"].as_str().unwrap())
        .collect();
    assert_eq!(bounded, ["共同富裕", "数字经济"]);
    let warnings = std::fs::read_to_string(out.join("p/warnings.csv")).unwrap();
    let note = warnings
        .lines()
        .find(|l| l.contains("no measured lag"))
        .unwrap_or_else(|| panic!("{warnings}"));
    assert!(
        note.contains("2 of 3 term(s) have no measured lag (共同富裕, 数字经济)")
            && note.contains("(2026–2026)")
            && note.contains("(1954–2025)"),
        "{note}"
    );
}

#[test]
fn national_reports_alone_give_the_lexicons_first_years() {
    let Some(dir) = common::corpora() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    ok(&analyze(&[
        "diffusion",
        dir.join("national/government_work_reports.jsonl")
            .to_str()
            .unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--name",
        "n",
        "--quiet",
        "--no-cache",
    ]));
    let terms = csv_rows(&out.join("n/diffusion_terms.csv"));
    assert!(terms.len() > 500, "every lexicon term: {}", terms.len());
    let year = |t: &str| {
        terms
            .iter()
            .find(|r| r["term"] == t)
            .map(|r| r["reference_first_year"].clone())
            .unwrap()
    };
    assert_eq!(year("数字经济"), "2017");
    assert_eq!(year("新质生产力"), "2024");
    let warnings = std::fs::read_to_string(out.join("n/warnings.csv")).unwrap();
    assert!(warnings.contains("no regions to follow"));
}

#[test]
fn a_batch_job_runs_diffusion() {
    let tmp = tempfile::tempdir().unwrap();
    let (dry, job) = common::batch_job(
        tmp.path(),
        "demo-diffusion",
        "diffusion",
        r#"{ terms = "数字经济,乡村振兴" }"#,
    );
    assert!(
        dry.contains("analyze diffusion ") && dry.contains("--terms 数字经济,乡村振兴"),
        "{dry}"
    );
    let rows = csv_rows(&job.join("adoption.csv"));
    assert!(!rows.is_empty());
    for r in &rows {
        let (n, a): (usize, usize) = (
            r["regions_reporting"].parse().unwrap(),
            r["regions_adopted"].parse().unwrap(),
        );
        assert!(a <= n);
    }
    assert!(job.join("diffusion.csv").exists() && job.join("manifest.json").exists());
}
