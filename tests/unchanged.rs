//! Unchanged results (issue 10 §5): the tables (CSV, Parquet) and SVG
//! charts of the default runs on the real corpora stay byte-identical.
//! Their SHA-256 digests are in `tests/fixtures/default_outputs.sha256`,
//! written by the release binary of commit 8f7a521 (whose outputs had been
//! compared file by file with those of the binary from before the parallel
//! loading and streaming work: 1,045 files, identical); every run here is
//! checked against them without the cache on 2 threads, and with a cold and
//! a warm cache on 1 thread. After a deliberate change of results,
//! `UPDATE_DIGESTS=1 cargo test --test unchanged` rewrites the file, and the
//! diff shows which outputs changed.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use sha2::{Digest, Sha256};

/// The default runs (and two with terms asked for): name, and the command line after `analyze` (the
/// corpus named relative to `../shared/corpora`, so that file paths in the
/// tables do not depend on where the checkout is).
const RUNS: [(&str, &[&str]); 12] = [
    ("trends-national", &["trends", "national"]),
    ("trends-provincial", &["trends", "provincial-2026"]),
    ("trends-panjin", &["trends", "panjin"]),
    ("trends-cities", &["trends", "cities-2003-2024"]),
    ("themes-national", &["trends", "national", "--themes"]),
    // One group each (all reports of one year): rates after a one-row join.
    (
        "themes-provincial",
        &["trends", "provincial-2026", "--themes"],
    ),
    ("themes-panjin", &["trends", "panjin", "--themes"]),
    // Terms asked for: without the cache only their counts are taken
    // (`DocCounts::of_terms`), with it every word's; both must give these.
    (
        "terms-national",
        &[
            "trends",
            "national",
            "--terms",
            "数字经济,新质生产力,高质量发展,互联网+,乡村振兴,人工智能,发展",
        ],
    ),
    (
        "terms-cities",
        &[
            "trends",
            "cities-2003-2024",
            "--terms",
            "数字经济,互联网+,乡村振兴,高质量发展,招商引资",
            "--by",
            "year,region",
        ],
    ),
    ("emerging-national", &["emerging", "national"]),
    ("keywords-national", &["keywords", "national"]),
    (
        "compare-national",
        &[
            "compare",
            "national",
            "--a",
            "2013-2017",
            "--b",
            "2018-2022",
        ],
    ),
];

/// Run every default run into `out` (`threads` threads, `cache` or none)
/// and return `run/file → SHA-256` of its tables and charts.
fn digests(
    corpora: &Path,
    out: &Path,
    threads: &str,
    cache: Option<&Path>,
) -> BTreeMap<String, String> {
    let mut all = BTreeMap::new();
    for (name, args) in RUNS {
        let mut cmd = Command::new(common::bin());
        cmd.current_dir(corpora)
            .args(args)
            .arg("--out")
            .arg(out)
            .args(["--name", name, "--quiet"])
            .env("RAYON_NUM_THREADS", threads)
            .env_remove("CI");
        match cache {
            Some(c) => cmd.arg("--cache").arg(c),
            None => cmd.arg("--no-cache"),
        };
        let o = cmd.output().unwrap();
        assert!(
            o.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        for (file, bytes) in common::outputs(&out.join(name)) {
            all.insert(
                format!("{name}/{file}"),
                hex::encode(Sha256::digest(&bytes)),
            );
        }
    }
    all
}

fn fixture() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/default_outputs.sha256")
}

fn read_fixture() -> BTreeMap<String, String> {
    std::fs::read_to_string(fixture())
        .unwrap()
        .lines()
        .filter_map(|l| l.split_once("  "))
        .map(|(h, f)| (f.to_string(), h.to_string()))
        .collect()
}

fn same(got: &BTreeMap<String, String>, want: &BTreeMap<String, String>, what: &str) {
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>(),
        "{what}: the outputs written"
    );
    let changed: Vec<&String> = got.keys().filter(|k| got[*k] != want[*k]).collect();
    assert!(changed.is_empty(), "{what}: changed {changed:?}");
}

#[test]
fn default_runs_write_what_they_wrote_before() {
    let Some(corpora) = common::corpora() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let got = digests(&corpora, &out, "2", None);
    if std::env::var("UPDATE_DIGESTS").is_ok_and(|v| v == "1") {
        let text: String = got.iter().map(|(f, h)| format!("{h}  {f}\n")).collect();
        std::fs::write(fixture(), text).unwrap();
        return;
    }
    let want = read_fixture();
    assert!(want.len() >= 70, "{} digests", want.len());
    same(&got, &want, "no cache, 2 threads");
    let cache = tmp.path().join("cache");
    same(
        &digests(&corpora, &out, "1", Some(&cache)),
        &want,
        "cold cache, 1 thread",
    );
    same(
        &digests(&corpora, &out, "1", Some(&cache)),
        &want,
        "warm cache, 1 thread",
    );
}
