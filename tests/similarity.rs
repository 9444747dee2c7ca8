//! `analyze similarity` (issue 11 §1): the binary on the national reports (values checked
//! against a few lines of Python), groups, continuity across missing years, MinHash within
//! its stated error of the exact Jaccard, a batch job. Real corpora: skipped with a message
//! when missing (a failure under CI=true).

mod common;

use common::{analyze, csv_rows, ok};

use std::collections::BTreeMap;

use analyze::corpus::{self, LoadOptions};
use analyze::textstat::similarity::minhash::{estimate, sketch, standard_error};
use analyze::textstat::similarity::sets::{jaccard, shingle_set};

fn num(row: &BTreeMap<String, String>, key: &str) -> f64 {
    row[key]
        .parse()
        .unwrap_or_else(|e| panic!("{key}={:?}: {e}", row[key]))
}

#[test]
fn national_reports_pair_by_pair_and_year_to_year() {
    let Some(dir) = common::corpora() else { return };
    let national = dir.join("national/government_work_reports.jsonl");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let json = ok(&analyze(&[
        "similarity",
        national.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--name",
        "nat",
        "--no-cache",
        "--json",
        "--quiet",
    ]));
    let summary: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(summary["mode"], "exact");
    assert_eq!(summary["units"], 52);
    assert_eq!(summary["pairs"], 52 * 51 / 2);
    let run = out.join("nat");
    let rows = csv_rows(&run.join("similarity.csv"));
    assert_eq!(
        rows.len(),
        1326 * 4,
        "cosine and Jaccard once, containment both ways"
    );
    let get = |a: &str, b: &str, m: &str| {
        rows.iter()
            .find(|r| r["doc_a"] == a && r["doc_b"] == b && r["measure"] == m)
            .map(|r| num(r, "value"))
            .unwrap_or_else(|| panic!("{a} {b} {m}"))
    };
    // Checked with Python on the cleaned texts of `analyze corpus --out` (distinct 5-grams
    // of the Han characters and digits): 2024 has 14,862, 2025 15,771, 3,137 shared:
    // Jaccard 3137 / 27496 = 0.1140893220832121, containment 3137 / 14862 = 0.2110752254.
    // (datasketch MinHash, 256 permutations, estimates 0.1055.)
    assert!((get("2024_全国", "2025_全国", "jaccard") - 3137.0 / 27496.0).abs() < 1e-12);
    assert!((get("2024_全国", "2025_全国", "containment") - 3137.0 / 14862.0).abs() < 1e-12);
    assert!((get("2025_全国", "2024_全国", "containment") - 3137.0 / 15771.0).abs() < 1e-12);
    let cos = get("2024_全国", "2025_全国", "cosine_tfidf");
    assert!((0.5..0.7).contains(&cos), "{cos}");
    // Every value is a similarity.
    assert!(rows.iter().all(|r| (0.0..=1.0).contains(&num(r, "value"))));
    // Continuity: 51 reports have a predecessor; 2021 follows 2019 (no report in 2020),
    // 1964 follows 1960.
    let cont = csv_rows(&run.join("continuity.csv"));
    assert_eq!(cont.len(), 51);
    let row = |y: &str| cont.iter().find(|r| r["year"] == y).unwrap();
    assert_eq!(
        (
            row("2021")["prev_year"].as_str(),
            row("2021")["years_between"].as_str()
        ),
        ("2019", "2")
    );
    assert_eq!(row("1964")["prev_year"], "1960");
    assert!((num(row("2025"), "jaccard") - 3137.0 / 27496.0).abs() < 1e-12);
    assert!((num(row("2025"), "containment") - 3137.0 / 15771.0).abs() < 1e-12);
    for f in [
        "similarity.parquet",
        "continuity.parquet",
        "similarity_cosine.svg",
        "similarity_jaccard.png",
        "continuity.svg",
        "continuity.png",
        "manifest.json",
    ] {
        assert!(run.join(f).exists(), "{f}");
    }
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(run.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["parameters"]["analysis"]["mode"], "exact");
}

#[test]
fn minhash_is_within_its_stated_error_of_the_exact_jaccard_on_the_national_reports() {
    let Some(dir) = common::corpora() else { return };
    let c = corpus::load(
        &dir.join("national/government_work_reports.jsonl"),
        &LoadOptions::builtin().unwrap(),
    )
    .unwrap();
    let sets: Vec<Vec<u64>> = c
        .documents
        .iter()
        .map(|d| shingle_set(&d.text, 5))
        .collect();
    let k = 256;
    let sketches: Vec<Vec<u64>> = sets.iter().map(|s| sketch(s, k)).collect();
    let (mut within2, mut pairs, mut worst) = (0, 0, 0.0f64);
    for a in 0..sets.len() {
        for b in a + 1..sets.len() {
            let j = jaccard(&sets[a], &sets[b]);
            let e = estimate(&sketches[a], &sketches[b]);
            // The stated error: standard error at most √(J(1−J)/k); never beyond 4 of them
            // (plus 1/k, one position, for J near 0 where the bound itself is near 0).
            let se = standard_error(j, k);
            assert!(
                (e - j).abs() <= 4.0 * se + 1.0 / k as f64,
                "{a} {b}: {e} vs {j}"
            );
            worst = worst.max((e - j).abs() / se.max(1e-9));
            within2 += usize::from((e - j).abs() <= 2.0 * se + 0.5 / k as f64);
            pairs += 1;
        }
    }
    assert_eq!(pairs, 1326);
    assert!(
        within2 as f64 >= 0.93 * pairs as f64,
        "{within2} of {pairs} within 2 SE (worst {worst:.2} SE)"
    );
    // The 2024/2025 pair (exact 0.1141, see above; datasketch: 0.1055).
    let y = |year: i32| c.documents.iter().position(|d| d.year == year).unwrap();
    let e = estimate(&sketches[y(2024)], &sketches[y(2025)]);
    assert!(
        (e - 0.1140893).abs() < 3.0 * standard_error(0.1140893, k),
        "{e}"
    );
}

#[test]
fn minhash_mode_finds_the_near_duplicates_and_estimates_continuity() {
    let Some(dir) = common::corpora() else { return };
    let cities = dir.join("cities-2003-2024");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let json = ok(&analyze(&[
        "similarity",
        cities.to_str().unwrap(),
        "--minhash",
        "--threshold",
        "0.5",
        "--out",
        out.to_str().unwrap(),
        "--name",
        "c",
        "--json",
        "--quiet",
    ]));
    let s: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(s["mode"], "minhash");
    assert_eq!(s["units"], 831);
    let rows = csv_rows(&out.join("c/similarity.csv"));
    // The pairs of city reports with an exact Jaccard ≥ 0.5 (an exact run: the same report
    // filed under two years in the source workbooks, and 鹰潭市 2021 largely repeating
    // 2020; no pair lies between 0.4 and 0.5). LSH finds exactly these, and each estimate is
    // within 4 standard errors of the exact value.
    let exact = [
        ("2006_泉州市", "2007_泉州市", 0.9493),
        ("2007_白城市", "2008_白城市", 0.9968),
        ("2012_福州市", "2013_福州市", 0.9987),
        ("2013_上饶市", "2014_上饶市", 0.9995),
        ("2013_保山市", "2014_保山市", 0.9878),
        ("2020_鹰潭市", "2021_鹰潭市", 0.6708),
        ("2021_景德镇市", "2022_景德镇市", 0.9944),
        ("2021_白城市", "2022_白城市", 0.9991),
        ("2023_龙岩市", "2024_龙岩市", 0.9991),
    ];
    let found: Vec<&BTreeMap<String, String>> =
        rows.iter().filter(|r| r["measure"] == "jaccard").collect();
    assert_eq!(found.len(), exact.len(), "{found:?}");
    for (a, b, j) in exact {
        let r = found
            .iter()
            .find(|r| r["doc_a"] == a && r["doc_b"] == b)
            .unwrap_or_else(|| panic!("{a} {b}"));
        let se = standard_error(j, 256);
        assert!(
            (num(r, "value") - j).abs() <= 4.0 * se + 1.0 / 256.0,
            "{a} {b}: {}",
            r["value"]
        );
        assert_eq!(r["method"], "minhash");
    }
    let cont = csv_rows(&out.join("c/continuity.csv"));
    assert_eq!(cont.len(), 789, "as many as in exact mode");
    // No heatmap without every pair; the continuity chart has a panel per city.
    assert!(!out.join("c/similarity_cosine.svg").exists());
    assert!(out.join("c/continuity.png").exists());
}

#[test]
fn groups_by_year_and_a_batch_job() {
    let tmp = tempfile::tempdir().unwrap();
    let (dry, job) = common::batch_job(
        tmp.path(),
        "demo-sim",
        "similarity",
        r#"{ by = "year", ngram = 4 }"#,
    );
    assert!(
        dry.contains("analyze similarity ")
            && dry.contains("--by year")
            && dry.contains("--ngram 4"),
        "{dry}"
    );
    let rows = csv_rows(&job.join("similarity.csv"));
    let years: std::collections::BTreeSet<&str> =
        rows.iter().map(|r| r["doc_a"].as_str()).collect();
    // The demo corpus has reports for 2012–2025: one unit per year.
    assert!(
        years.iter().all(|y| y.len() == 4 && y.starts_with("20")),
        "{years:?}"
    );
    let cont = csv_rows(&job.join("continuity.csv"));
    assert!(
        cont.iter()
            .all(|r| r["prev_year"].parse::<i32>().unwrap() < r["year"].parse::<i32>().unwrap())
    );
    for f in ["similarity_cosine.svg", "continuity.svg", "manifest.json"] {
        assert!(job.join(f).exists(), "{f}");
    }
    assert!(
        std::fs::read_to_string(job.parent().unwrap().join("index.html"))
            .unwrap()
            .contains("demo-sim")
    );
}

/// Two units: every word both hold has IDF ln(2/2) = 0, so their TF-IDF cosine says
/// nothing. The run says so and draws no cosine heatmap; Jaccard is still drawn. Cosine
/// values carry no more digits than their f32 weights mean.
#[test]
fn two_units_warn_that_tfidf_cosine_is_empty() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("two");
    std::fs::create_dir(&input).unwrap();
    let body = "政府工作报告\n\n各位代表:\n\n我们坚持稳中求进, 加快发展数字经济, 推进乡村振兴, 保障和改善民生。\n";
    for (year, extra) in [(2024, "建设现代化产业体系。"), (2025, "发展新质生产力。")]
    {
        let text = format!("{}{extra}\n", body.repeat(4));
        std::fs::write(input.join(format!("{year}_甲市.txt")), text).unwrap();
    }
    let out = tmp.path().join("out");
    ok(&analyze(&[
        "similarity",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--name",
        "s",
        "--quiet",
    ]));
    let run = out.join("s");
    let warnings = std::fs::read_to_string(run.join("warnings.csv")).unwrap();
    assert!(
        warnings.contains("cosine_tfidf is 0 whatever the texts"),
        "{warnings}"
    );
    assert!(!run.join("similarity_cosine.svg").exists());
    assert!(run.join("similarity_jaccard.svg").exists());
    for r in csv_rows(&run.join("similarity.csv")) {
        if r["measure"] == "cosine_tfidf" {
            let decimals = r["value"].split('.').nth(1).map_or(0, str::len);
            assert!(decimals <= 6, "{}", r["value"]);
        }
    }
}
