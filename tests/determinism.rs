//! Unchanged results on the real corpora: every table and SVG of the
//! default `trends` run is byte-identical with and without the caches
//! (cold and warm) and on 1 and 2 threads — for the national reports, the
//! provincial reports, the Panjin page and the city workbooks, and for the
//! national reports as one large file and split over many.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// Run the default `trends` on `input` into `out/name` and return its files.
fn trends(
    input: &Path,
    out: &Path,
    name: &str,
    threads: &str,
    cache: Option<&Path>,
) -> BTreeMap<String, Vec<u8>> {
    let mut args: Vec<String> = vec![
        "trends".into(),
        input.display().to_string(),
        "--out".into(),
        out.display().to_string(),
        "--name".into(),
        name.into(),
        "--quiet".into(),
    ];
    match cache {
        Some(c) => args.extend(["--cache".into(), c.display().to_string()]),
        None => args.push("--no-cache".into()),
    }
    let o = Command::new(common::bin())
        .args(&args)
        .env("RAYON_NUM_THREADS", threads)
        .env_remove("CI")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    common::outputs(&out.join(name))
}

fn same(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>, what: &str) {
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "{what}"
    );
    for (k, v) in a {
        assert!(v == &b[k], "{what}: {k} differs");
    }
}

#[test]
fn default_runs_are_byte_identical_with_caches_and_threads() {
    let Some(corpora) = common::corpora() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    for corpus in ["national", "provincial-2026", "panjin", "cities-2003-2024"] {
        let input = corpora.join(corpus);
        let out = tmp.path().join("out");
        let cache = tmp.path().join(format!("cache-{corpus}"));
        let base = trends(&input, &out, "a", "1", None);
        assert!(base.keys().any(|k| k == "term_trends.csv"), "{corpus}");
        same(
            &base,
            &trends(&input, &out, "b", "2", None),
            &format!("{corpus}: 2 threads"),
        );
        same(
            &base,
            &trends(&input, &out, "c", "2", Some(&cache)),
            &format!("{corpus}: cold cache"),
        );
        same(
            &base,
            &trends(&input, &out, "d", "1", Some(&cache)),
            &format!("{corpus}: warm cache"),
        );
    }
}

#[test]
fn one_large_file_gives_what_many_files_give() {
    let Some(corpora) = common::corpora() else {
        return;
    };
    // The national reports three times over, each copy marked so that no
    // two texts are equal: once as one file, once as three.
    let tmp = tempfile::tempdir().unwrap();
    let src =
        std::fs::read_to_string(corpora.join("national/government_work_reports.jsonl")).unwrap();
    let (one, many) = (tmp.path().join("one"), tmp.path().join("many"));
    std::fs::create_dir_all(&one).unwrap();
    std::fs::create_dir_all(&many).unwrap();
    let mut all = String::new();
    // The same records as one CSV export (> 4 MB: parsed in pieces).
    let one_csv = tmp.path().join("one_csv");
    std::fs::create_dir_all(&one_csv).unwrap();
    let mut csv_out = csv::Writer::from_path(one_csv.join("copies.csv")).unwrap();
    let mut header: Vec<String> = Vec::new();
    for c in 0..3 {
        let mut part = String::new();
        for line in src.lines() {
            let mut v: serde_json::Value = serde_json::from_str(line).unwrap();
            if let Some(t) = v["content"].as_str() {
                v["content"] = serde_json::Value::String(format!("(副本 {c})\n\n{t}"));
                // Each copy its own region, so that no copy is a duplicate.
                v["region"] = serde_json::Value::String(format!("副本{c}"));
            }
            part.push_str(&format!("{v}\n"));
            let obj = v.as_object().unwrap();
            if header.is_empty() {
                header = obj.keys().cloned().collect();
                csv_out.write_record(&header).unwrap();
            }
            let cell = |k: &String| match &obj[k] {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            csv_out
                .write_record(header.iter().map(cell).collect::<Vec<_>>())
                .unwrap();
        }
        std::fs::write(many.join(format!("copy_{c}.jsonl")), &part).unwrap();
        all.push_str(&part);
    }
    std::fs::write(one.join("copy_all.jsonl"), &all).unwrap();
    csv_out.flush().unwrap();
    drop(csv_out);
    assert!(std::fs::metadata(one_csv.join("copies.csv")).unwrap().len() > 8 << 20);
    let out = tmp.path().join("out");
    let a = trends(&one, &out, "one", "2", None);
    let b = trends(&many, &out, "many", "2", None);
    // The CSV export: every output byte the same on 1 and 2 threads, and
    // the counts those of the JSONL.
    let c1 = trends(&one_csv, &out, "csv1", "1", None);
    let c2 = trends(&one_csv, &out, "csv2", "2", None);
    same(&c1, &c2, "one CSV file, 1 and 2 threads");
    assert!(
        a["term_trends.csv"] == c2["term_trends.csv"],
        "term_trends of the CSV export differ from the JSONL's"
    );
    // term_trends does not name files (documents, warnings and the chart's
    // source note do).
    assert!(
        a["term_trends.csv"] == b["term_trends.csv"],
        "term_trends differ"
    );
    let rows =
        |m: &BTreeMap<String, Vec<u8>>| m["documents.csv"].iter().filter(|&&b| b == b'\n').count();
    assert_eq!(rows(&a), rows(&b));
    assert_eq!(rows(&a), rows(&c2));
    assert_eq!(
        rows(&a),
        3 * 52 + 1,
        "three copies of the 52 reports, and the header"
    );
}
