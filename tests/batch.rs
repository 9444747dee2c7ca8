//! `analyze batch`: the example config, byte-identical re-runs, the
//! segmentation cache, failing jobs, escaping, and the real-corpora config.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn analyze(args: &[&str], cwd: &Path, threads: Option<&str>) -> Output {
    let mut c = Command::new(common::bin());
    c.args(args).current_dir(cwd).env_remove("CI");
    if let Some(t) = threads {
        c.env("RAYON_NUM_THREADS", t);
    }
    c.output().expect("binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every table and SVG under `dir`, relative path -> bytes.
fn outputs(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut m = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).into_iter().flatten() {
        let p = e.path();
        let keep = ["csv", "parquet", "svg"]
            .iter()
            .any(|x| p.extension().is_some_and(|e| e == *x));
        if e.file_type().is_file() && keep && !p.components().any(|c| c.as_os_str() == ".cache") {
            let rel = p.strip_prefix(dir).unwrap().display().to_string();
            m.insert(rel, std::fs::read(p).unwrap());
        }
    }
    m
}

fn manifest(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

#[test]
fn example_config_runs_and_reruns_byte_identical_whatever_the_threads() {
    let tmp = tempfile::tempdir().unwrap();
    let config = repo().join("datasets/research.example.toml");
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    let o = analyze(
        &[
            "batch",
            config.to_str().unwrap(),
            "--out",
            a.to_str().unwrap(),
            "--quiet",
        ],
        tmp.path(),
        Some("1"),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = analyze(
        &[
            "batch",
            config.to_str().unwrap(),
            "--out",
            b.to_str().unwrap(),
            "--quiet",
            "--no-cache",
        ],
        tmp.path(),
        Some("2"),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let (fa, fb) = (outputs(&a), outputs(&b));
    assert!(fa.len() > 30, "{} files", fa.len());
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for (k, v) in &fa {
        assert!(v == &fb[k], "{k} differs between runs");
    }
    for f in ["index.html", "index.md", "manifest.json"] {
        assert!(a.join(f).is_file(), "{f}");
    }
    let m = manifest(&a.join("manifest.json"));
    assert_eq!(m["jobs"].as_array().unwrap().len(), 7);
    assert!(
        m["jobs"]
            .as_array()
            .unwrap()
            .iter()
            .all(|j| j["status"] == "ok")
    );
    assert!(m["config_sha256"].as_str().unwrap().len() == 64);
    let inputs = m["input_files"].as_array().unwrap();
    assert!(inputs.len() >= 11);
    assert!(
        inputs
            .iter()
            .all(|f| f["sha256"].as_str().unwrap().len() == 64)
    );
    let html = std::fs::read_to_string(a.join("index.html")).unwrap();
    assert!(html.contains("<svg") && html.contains("@font-face"));
    for external in ["src=\"http", "href=\"http", "url(http", "@import"] {
        assert!(
            !html.contains(external),
            "the page loads {external}…: not offline"
        );
    }
    assert!(
        !html.contains("<script"),
        "no scripts: the page works offline"
    );
}

#[test]
fn cache_hits_misses_and_dictionary_changes() {
    let tmp = tempfile::tempdir().unwrap();
    let data = repo().join("datasets");
    let cache = tmp.path().join("cache");
    let run = |extra: &[&str]| {
        let mut args = vec![
            "trends",
            data.to_str().unwrap(),
            "--cache",
            cache.to_str().unwrap(),
            "--out",
            "out",
            "--quiet",
        ];
        args.extend_from_slice(extra);
        let o = analyze(&args, tmp.path(), None);
        assert!(o.status.success(), "{}", stderr(&o));
        manifest(&tmp.path().join("out/datasets/manifest.json"))["cache"].clone()
    };
    let docs = 17;
    let first = run(&["--terms", "数字经济"]);
    assert_eq!(
        (first["hits"].as_u64(), first["misses"].as_u64()),
        (Some(0), Some(docs))
    );
    // New terms, same dictionaries: nothing is segmented again.
    let second = run(&["--terms", "高质量发展,招商引资"]);
    assert_eq!(
        (second["hits"].as_u64(), second["misses"].as_u64()),
        (Some(docs), Some(0))
    );
    // The cleaned documents came from the document cache too.
    assert_eq!(first["file_hits"].as_u64(), Some(0));
    assert!(first["file_misses"].as_u64().unwrap() > 0);
    assert_eq!(second["file_misses"].as_u64(), Some(0));
    assert_eq!(second["file_hits"], first["file_misses"]);
    // A requested term outside the dictionaries: only documents containing it
    // are segmented again, and not cached.
    let third = run(&["--terms", "招商引资工作"]);
    let bypassed = third["bypassed"].as_u64().unwrap();
    assert_eq!(third["hits"].as_u64().unwrap() + bypassed, docs);
    // A changed dictionary re-segments everything.
    std::fs::write(tmp.path().join("d.txt"), "示例产业园 100 n\n").unwrap();
    let fourth = run(&["--terms", "数字经济", "--dict", "d.txt"]);
    assert_eq!(fourth["misses"].as_u64(), Some(docs));
    // `cache info` lists both caches.
    let o = analyze(
        &["cache", "info", "--cache", cache.to_str().unwrap()],
        tmp.path(),
        None,
    );
    let info = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(
        info.contains("cleaned documents: ") && info.contains("segmentation "),
        "{info}"
    );
    // Corrupt every entry: they are rebuilt, never trusted, and the tables
    // are the same as with a fresh cache.
    let before = std::fs::read(tmp.path().join("out/datasets/term_trends.csv")).unwrap();
    for e in walkdir::WalkDir::new(&cache).into_iter().flatten() {
        if e.file_type().is_file() {
            std::fs::write(e.path(), "analyze-dfm 1 3 1 0000\n数字经济\t9\n").unwrap();
        }
    }
    let fifth = run(&["--terms", "数字经济", "--dict", "d.txt"]);
    assert_eq!(fifth["rebuilt"].as_u64(), Some(docs));
    assert_eq!(
        fifth["file_rebuilt"].as_u64(),
        Some(fourth["file_hits"].as_u64().unwrap())
    );
    let after = std::fs::read(tmp.path().join("out/datasets/term_trends.csv")).unwrap();
    assert_eq!(before, after);
    let o = analyze(
        &["cache", "clear", "--cache", cache.to_str().unwrap()],
        tmp.path(),
        None,
    );
    assert!(o.status.success());
    assert!(!cache.join("dfm-v2").exists() && !cache.join("docs-v1").exists());
}

#[test]
fn a_failing_job_is_reported_and_the_others_finish() {
    let tmp = tempfile::tempdir().unwrap();
    let data = repo().join("datasets");
    std::fs::create_dir(tmp.path().join("odd")).unwrap();
    // A document without a year whose title field (quoted in a warning)
    // holds markup.
    std::fs::write(
        tmp.path().join("odd/notes.jsonl"),
        "{\"title\":\"政府工作报告<script>alert(1)</script>\",\"content\":\"正文。\"}\n",
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("odd/2020.txt"),
        "示例市2020年政府工作报告\n数字经济。\n",
    )
    .unwrap();
    let config = format!(
        "[[job]]\nname = \"good\"\nanalysis = \"trends\"\ncorpus = \"{}\"\nparams = {{ terms = \"数字经济\" }}\n\n[[job]]\nname = \"missing\"\nanalysis = \"emerging\"\ncorpus = \"no/such/folder\"\n\n[[job]]\nname = \"odd\"\nanalysis = \"trends\"\ncorpus = \"odd\"\nparams = {{ terms = \"数字经济\" }}\n",
        data.display()
    );
    std::fs::write(tmp.path().join("study.toml"), config).unwrap();
    let o = analyze(&["batch", "study.toml", "--dry-run"], tmp.path(), None);
    assert!(o.status.success());
    let plan = String::from_utf8_lossy(&o.stdout);
    assert!(
        plan.contains("good: analyze trends") && plan.contains("-> output/study/odd"),
        "{plan}"
    );
    let o = analyze(&["batch", "study.toml", "--quiet"], tmp.path(), None);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    let m = manifest(&tmp.path().join("output/study/manifest.json"));
    let status: BTreeMap<String, String> = m["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| {
            (
                j["name"].as_str().unwrap().into(),
                j["status"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(status["good"], "ok");
    assert_eq!(status["missing"], "failed");
    assert_eq!(status["odd"], "ok");
    let html = std::fs::read_to_string(tmp.path().join("output/study/index.html")).unwrap();
    assert!(html.contains("does not exist"));
    assert!(
        !html.contains("<script>alert"),
        "corpus text must be escaped"
    );
    assert!(html.contains("&lt;script&gt;alert"));
    // Only some jobs.
    let o = analyze(
        &["batch", "study.toml", "--jobs", "good", "--quiet"],
        tmp.path(),
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // The job folders this subset did not write stay, and the index and
    // manifest say they are from an earlier run.
    let index = std::fs::read_to_string(tmp.path().join("output/study/index.md")).unwrap();
    assert!(
        index.contains("from earlier runs and not part of this batch: odd (trends)"),
        "{index}"
    );
    let m = manifest(&tmp.path().join("output/study/manifest.json"));
    assert_eq!(m["earlier_folders"], serde_json::json!(["odd"]));
    assert!(tmp.path().join("output/study/odd/term_trends.csv").exists());
    let o = analyze(&["batch", "study.toml", "--jobs", "nope"], tmp.path(), None);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_batch_writes_only_into_a_folder_of_its_own_and_keeps_stdout_for_json() {
    let tmp = tempfile::tempdir().unwrap();
    let corp = tmp.path().join("corp");
    std::fs::create_dir(&corp).unwrap();
    for y in [2019, 2021] {
        std::fs::write(
            corp.join(format!("{y}.txt")),
            format!(
                "示例市{y}年政府工作报告\n发展数字经济，推进乡村振兴，推动高质量发展，全年地区生产总值稳步增长。\n"
            ),
        )
        .unwrap();
    }
    // A file without a year: a warning.
    std::fs::write(corp.join("notes.txt"), "政府工作报告\n正文。\n").unwrap();
    // The batch folder inside the corpus, named like a year.
    std::fs::write(
        tmp.path().join("b.toml"),
        "[shared]\nout = \"corp/2024\"\n\n[[job]]\nname = \"t\"\nanalysis = \"trends\"\ncorpus = \"corp\"\nparams = { terms = \"数字经济\" }\n\n[[job]]\nname = \"c\"\nanalysis = \"corpus\"\ncorpus = \"corp\"\n",
    )
    .unwrap();
    for _ in 0..2 {
        let o = analyze(&["batch", "b.toml", "--json", "--quiet"], tmp.path(), None);
        // The jobs print nothing on stdout: it holds the outcomes only.
        let v: serde_json::Value = serde_json::from_slice(&o.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stdout)));
        let status: Vec<&str> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|j| j["status"].as_str().unwrap())
            .collect();
        // Finished with a warning (the file without a year), and said so.
        assert_eq!(status, ["ok", "ok"]);
        let warnings: Vec<u64> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|j| j["warnings"].as_u64().unwrap())
            .collect();
        assert_eq!(warnings, [1, 1]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        // The batch's own report files are not read back as reports.
        let trends = std::fs::read_to_string(corp.join("2024/t/term_trends.csv")).unwrap();
        assert!(!trends.contains("\n2024,"), "{trends}");
    }
    let o = analyze(
        &["batch", "b.toml", "--strict", "--quiet"],
        tmp.path(),
        None,
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    // Without a terminal (a log file), each job's line as it finishes,
    // with its warnings.
    let o = analyze(&["batch", "b.toml"], tmp.path(), None);
    let e = stderr(&o);
    for job in ["t", "c"] {
        assert!(
            e.lines()
                .any(|l| l.starts_with(&format!("{job} ")) && l.ends_with(", 1 warning")),
            "{e}"
        );
    }
    // A folder of the user's is not written into.
    let mine = tmp.path().join("mine");
    std::fs::create_dir(&mine).unwrap();
    std::fs::write(mine.join("thesis.md"), "草稿").unwrap();
    let o = analyze(
        &["batch", "b.toml", "--out", "mine", "--quiet"],
        tmp.path(),
        None,
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("did not write"), "{}", stderr(&o));
    assert_eq!(std::fs::read_dir(&mine).unwrap().count(), 1);
    // A file where the batch folder should be: said so.
    let o = analyze(
        &["batch", "b.toml", "--out", "mine/thesis.md", "--quiet"],
        tmp.path(),
        None,
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("is a file"), "{}", stderr(&o));
    // Not a job: completions print on stdout and write nothing.
    std::fs::write(
        tmp.path().join("c.toml"),
        "[[job]]\nname = \"x\"\nanalysis = \"completions\"\ncorpus = \"corp\"\n",
    )
    .unwrap();
    let o = analyze(&["batch", "c.toml"], tmp.path(), None);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn bad_configs_are_errors_with_a_line() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("bad.toml"),
        "[shared]\nwidht = 3\n\n[[job]]\nname = \"a\"\nanalysis = \"trends\"\ncorpus = \".\"\n",
    )
    .unwrap();
    let o = analyze(&["batch", "bad.toml"], tmp.path(), None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bad.toml:2:"), "{}", stderr(&o));
    std::fs::write(
        tmp.path().join("bad2.toml"),
        "[[job]]\nname = \"a\"\nanalysis = \"trends\"\ncorpus = \".\"\n\n[[job]]\nname = \"b\"\nanalysis = \"compare\"\ncorpus = \".\"\nparams = { alpha = 0.01 }\n",
    )
    .unwrap();
    let o = analyze(&["batch", "bad2.toml"], tmp.path(), None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bad2.toml:6:"), "{}", stderr(&o));
    // An override no job has: a typo, said.
    std::fs::write(
        tmp.path().join("good.toml"),
        "[[job]]\nname = \"a\"\nanalysis = \"trends\"\ncorpus = \".\"\n",
    )
    .unwrap();
    let o = analyze(
        &["batch", "good.toml", "--set", "width=1200", "--dry-run"],
        tmp.path(),
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = analyze(
        &["batch", "good.toml", "--set", "widht=1200", "--dry-run"],
        tmp.path(),
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--widht"), "{}", stderr(&o));
    // Every unknown key in one message.
    let o = analyze(
        &[
            "batch",
            "good.toml",
            "--set",
            "widht=1200",
            "--set",
            "width=900",
            "--set",
            "hieght=3",
            "--dry-run",
        ],
        tmp.path(),
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("--set widht=… (no option --widht), --set hieght=… (no option --hieght)")
            && !err.contains("--width"),
        "{err}"
    );
    // A value the option refuses: clap's message, with one `error:`.
    std::fs::write(
        tmp.path().join("bad3.toml"),
        "[[job]]\nname = \"a\"\nanalysis = \"trends\"\ncorpus = \".\"\nparams = { width = \"abc\" }\n",
    )
    .unwrap();
    let o = analyze(&["batch", "bad3.toml"], tmp.path(), None);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("invalid value 'abc'"), "{e}");
    assert_eq!(e.matches("error:").count(), 1, "{e}");
    // At the param's own line.
    assert!(e.contains("bad3.toml:5:"), "{e}");
    // Values only resolving the settings finds wrong (a year, a width out
    // of range, a missing themes file) fail before any job runs, at their
    // param's line, whichever job holds them.
    for (params, line, says) in [
        ("years = \"abc\"", 12, "\"abc\" is not a year"),
        ("width = 100", 12, "--width must be 320"),
        ("themes = \"nowhere.toml\"", 12, "nowhere.toml"),
        ("ci = \"120\"", 12, "--ci \"120\""),
    ] {
        std::fs::write(
            tmp.path().join("bad4.toml"),
            format!(
                "[[job]]\nname = \"first\"\nanalysis = \"trends\"\ncorpus = \".\"\nparams = {{ terms = \"数字经济\" }}\n\n[[job]]\nname = \"second\"\nanalysis = \"trends\"\ncorpus = \".\"\n[job.params]\n{params}\nterms = \"数字经济\"\n"
            ),
        )
        .unwrap();
        let out = tmp.path().join("bad4-out");
        let o = analyze(
            &["batch", "bad4.toml", "--out", out.to_str().unwrap()],
            tmp.path(),
            None,
        );
        let e = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{params}: {e}");
        assert!(
            e.contains(&format!("bad4.toml:{line}: job \"second\"")) && e.contains(says),
            "{params}: {e}"
        );
        assert!(!out.exists(), "{params}: a job ran");
    }
}

#[test]
fn real_corpora_config() {
    let Some(_) = common::corpora() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let config = repo().join("datasets/research.corpora.toml");
    let o = analyze(
        &[
            "batch",
            config.to_str().unwrap(),
            "--out",
            tmp.path().join("r").to_str().unwrap(),
            "--quiet",
        ],
        tmp.path(),
        None,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let m = manifest(&tmp.path().join("r/manifest.json"));
    for j in m["jobs"].as_array().unwrap() {
        assert_eq!(j["status"], "ok", "{}", j["name"]);
    }
    let r = tmp.path().join("r");
    assert!(r.join("national-trends/theme_trends.parquet").is_file());
    assert!(r.join("provinces/term_trends.csv").is_file());
    assert!(r.join("province-keyness/keyness.csv").is_file());
    let sections = std::fs::read_to_string(r.join("panjin-sections/sections.csv")).unwrap();
    assert!(sections.contains("加快发展数字经济"));
    let national = manifest(&r.join("national-trends/manifest.json"));
    assert_eq!(national["parameters"]["corpus"]["t2s"], "always");
}

/// A batch stopped before its end (here killed) leaves an index and a
/// manifest that say it did not finish, not an earlier batch's beside job
/// folders this one may have replaced.
#[test]
fn a_batch_stopped_before_its_end_says_so() {
    let Some(corpora) = common::corpora() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let datasets = common::datasets();
    std::fs::write(
        tmp.path().join("quick.toml"),
        format!(
            "[[job]]\nname = \"quick\"\nanalysis = \"trends\"\ncorpus = {:?}\nparams = {{ terms = \"数字经济\" }}\n",
            datasets.display().to_string()
        ),
    )
    .unwrap();
    let o = analyze(
        &["batch", "quick.toml", "--out", out.to_str().unwrap(), "-q"],
        tmp.path(),
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let index = || std::fs::read_to_string(out.join("index.md")).unwrap_or_default();
    assert!(!index().contains("has not finished"), "{}", index());
    // A batch whose job takes seconds: killed once it has begun.
    std::fs::write(
        tmp.path().join("slow.toml"),
        format!(
            "[[job]]\nname = \"slow\"\nanalysis = \"trends\"\ncorpus = {:?}\nparams = {{ terms = \"数字经济\", no_cache = true }}\n",
            corpora.join("national").display().to_string()
        ),
    )
    .unwrap();
    let mut child = Command::new(common::bin())
        .args(["batch", "slow.toml", "--out", out.to_str().unwrap(), "-q"])
        .current_dir(tmp.path())
        .env_remove("CI")
        .spawn()
        .unwrap();
    let began = std::time::Instant::now();
    // `index.md` is written last of the three.
    while !index().contains("has not finished") {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the batch ended before its index said it was running: {}",
            index()
        );
        assert!(
            began.elapsed().as_secs() < 300,
            "no running index after 300 s"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let md = index();
    assert!(
        md.contains("has not finished") && md.contains("- slow (trends): not finished"),
        "{md}"
    );
    assert!(!md.contains("quick"), "{md}");
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(html.contains("has not finished"), "{html}");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["status"], "running", "{manifest}");
    assert_eq!(manifest["jobs"][0]["name"], "slow", "{manifest}");
}
