//! Large JSON Lines files are read in chunks (`LoadOptions::stream_chunk`):
//! the documents, warnings, file facts and their order must be exactly
//! those of reading the file whole, with and without the document cache,
//! and files that are not plain UTF-8 JSON Lines must fall back to the
//! whole-file reader. `trends --stream` (documents counted as they are
//! loaded, texts dropped) must write exactly what the ordinary run writes.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use analyze::corpus::{Corpus, LoadOptions, load};

/// Everything a run reads from a loaded corpus, as text.
fn facts(c: &Corpus) -> String {
    format!(
        "{:#?}\n{:#?}\n{:#?}\n{:#?}",
        c.documents, c.warnings, c.files, c.dropped
    )
}

fn opts(chunk: usize) -> LoadOptions {
    LoadOptions {
        stream_chunk: chunk,
        ..LoadOptions::builtin().unwrap()
    }
}

/// A JSON Lines export with what real ones hold: a UTF-8 BOM, CRLF and LF
/// lines, blank lines, invalid JSON, a text that is a number, an empty
/// text, a report without a year, and long texts (longer than the chunks).
fn messy_jsonl(reports: usize) -> String {
    let mut t = String::from("\u{FEFF}");
    for i in 0..reports {
        let year = 1990 + i % 30;
        let body = format!(
            "各位代表：\n\n现在，我代表市人民政府，向大会报告政府工作（第{i}篇）。\n{}\n推进数字经济和高质量发展。",
            "一、过去一年的工作回顾。坚持稳中求进工作总基调。".repeat(1 + i % 40)
        );
        let line = match i % 13 {
            3 => "{not json".to_string(),
            5 => format!("{{\"year\":{year},\"region\":\"示例市{i}\",\"content\":{i}}}"),
            7 => format!("{{\"year\":{year},\"region\":\"示例市{i}\",\"content\":\"  \"}}"),
            9 => format!(
                "{{\"region\":\"示例市{i}\",\"content\":{}}}",
                serde_json::Value::String(body)
            ),
            11 => String::new(),
            _ => format!(
                "{{\"title\":\"{year}年示例市{i}政府工作报告\",\"year\":{year},\"region\":\"示例市{i}\",\"content\":{}}}",
                serde_json::Value::String(body)
            ),
        };
        t.push_str(&line);
        t.push_str(if i % 4 == 0 { "\r\n" } else { "\n" });
    }
    t
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join(name), bytes).unwrap();
}

#[test]
fn chunked_reading_equals_whole_reading() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("in");
    let text = messy_jsonl(300);
    assert!(text.len() > 200_000);
    write(&dir, "export.jsonl", text.as_bytes());
    let whole = load(&dir, &opts(0)).unwrap();
    assert!(whole.documents.len() > 150, "{}", whole.documents.len());
    assert!(whole.warnings.len() > 40, "{}", whole.warnings.len());
    let expected = facts(&whole);
    // Chunks smaller than a line, a few lines, many lines; and the default.
    let streamed_files =
        || analyze::corpus::STREAMED_FILES.load(std::sync::atomic::Ordering::Relaxed);
    for chunk in [700, 4096, 65_536] {
        let before = streamed_files();
        let streamed = load(&dir, &opts(chunk)).unwrap();
        assert!(streamed_files() > before, "chunk {chunk}: read in chunks");
        assert!(facts(&streamed) == expected, "chunk {chunk} differs");
    }
    // The default chunk is larger than the file: read whole.
    assert!(facts(&load(&dir, &opts(analyze::corpus::STREAM_CHUNK)).unwrap()) == expected);
    // Through the document cache: written by a chunked read, then read back.
    let cache = tmp.path().join("cache");
    let cached = LoadOptions {
        cache: Some(cache.clone()),
        ..opts(4096)
    };
    let first = load(&dir, &cached).unwrap();
    first.finish_cache_writes();
    assert_eq!(first.doc_cache.map(|c| c.1), Some(1), "a miss");
    assert!(facts(&first) == expected);
    let second = load(&dir, &cached).unwrap();
    assert_eq!(second.doc_cache.map(|c| c.0), Some(1), "a hit");
    assert!(facts(&second) == expected);
}

/// A JSON Lines export with one paragraph per line (`para`): a report
/// whose lines a chunk boundary cuts apart is still one document, with the
/// paragraphs in order, exactly as when the file is read whole.
#[test]
fn paragraph_per_line_reports_cut_by_chunks_are_joined_like_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("in");
    let mut text = String::new();
    for r in 0..60 {
        let year = 1990 + r % 30;
        // 1 to 12 paragraphs, written last first.
        for p in (1..=1 + r % 12).rev() {
            let para = format!(
                "第{p}段。示例市{r}推进数字经济和高质量发展。{}",
                "坚持稳中求进工作总基调。".repeat(1 + (r * p) % 9)
            );
            text.push_str(&format!(
                "{}\n",
                serde_json::json!({"year": year, "region": format!("示例市{r}"), "para": p, "content": para})
            ));
        }
    }
    write(&dir, "paragraphs.jsonl", text.as_bytes());
    let whole = load(&dir, &opts(0)).unwrap();
    assert_eq!(whole.documents.len(), 60, "{:?}", whole.warnings);
    // The paragraphs in their numbers' order.
    let d = &whole.documents[11];
    let starts: Vec<usize> = (1..=12)
        .map(|p| d.text.find(&format!("第{p}段")).unwrap())
        .collect();
    assert!(starts.windows(2).all(|w| w[0] < w[1]), "{}", d.text);
    let expected = facts(&whole);
    for chunk in [300, 700, 4096, 65_536] {
        let streamed = load(&dir, &opts(chunk)).unwrap();
        assert!(facts(&streamed) == expected, "chunk {chunk} differs");
    }
}

/// The same without a paragraph number: the rows of a report, in order,
/// told apart from the next report's by their year and region only.
/// Whether rows are paragraphs is decided on the first rows, as the whole
/// read decides it; chunks too small to tell wait for the next, unbuilt.
#[test]
fn paragraph_rows_without_numbers_cut_by_chunks_are_joined_like_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("in");
    let mut text = String::new();
    for r in 0..60 {
        let year = 1990 + r % 30;
        for p in 1..=1 + r % 12 {
            let para = format!(
                "第{p}段。示例市{r}推进数字经济和高质量发展。{}",
                "坚持稳中求进工作总基调。".repeat(1 + (r * p) % 9)
            );
            text.push_str(&format!(
                "{}\n",
                serde_json::json!({"year": year, "region": format!("示例市{r}"), "content": para})
            ));
        }
    }
    write(&dir, "paragraphs.jsonl", text.as_bytes());
    let whole = load(&dir, &opts(0)).unwrap();
    assert_eq!(whole.documents.len(), 60, "{:?}", whole.warnings);
    let d = &whole.documents[11];
    assert_eq!(d.text.matches("段。").count(), 12, "{}", d.text);
    assert!(
        whole
            .warnings
            .iter()
            .any(|w| w.message.contains("rows joined into 60 report(s)")),
        "{:?}",
        whole.warnings
    );
    let expected = facts(&whole);
    let streamed_files =
        || analyze::corpus::STREAMED_FILES.load(std::sync::atomic::Ordering::Relaxed);
    for chunk in [300, 4096, 16_384, 65_536] {
        let before = streamed_files();
        let streamed = load(&dir, &opts(chunk)).unwrap();
        assert!(streamed_files() > before, "chunk {chunk}: read in chunks");
        assert!(facts(&streamed) == expected, "chunk {chunk} differs");
    }
}

#[test]
fn progress_is_told_every_input_byte_once() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU64, Ordering};
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("in");
    // Without a BOM (the chunked reader reports the bytes after it).
    let text = messy_jsonl(200);
    write(
        &dir,
        "export.jsonl",
        text.trim_start_matches('\u{FEFF}').as_bytes(),
    );
    write(
        &dir,
        "2015_示例市.txt",
        "2015年示例市政府工作报告\n各位代表：\n正文。".as_bytes(),
    );
    write(
        &dir,
        "t.csv",
        "year,text\n2016,\"正文甲\"\n2017,正文乙\n".as_bytes(),
    );
    let total = analyze::corpus::input_bytes(&dir).unwrap();
    for (chunk, cache) in [(0, false), (4096, false), (0, true), (4096, true)] {
        let told = Arc::new(AtomicU64::new(0));
        let t = Arc::clone(&told);
        let opts = LoadOptions {
            on_bytes: Some(analyze::corpus::BytesHook(Arc::new(move |n| {
                t.fetch_add(n, Ordering::Relaxed);
            }))),
            cache: cache.then(|| tmp.path().join("cache")),
            ..opts(chunk)
        };
        // Twice with the cache: written, then read back.
        for _ in 0..if cache { 2 } else { 1 } {
            told.store(0, Ordering::Relaxed);
            let c = load(&dir, &opts).unwrap();
            c.finish_cache_writes();
            assert_eq!(
                told.load(Ordering::Relaxed),
                total,
                "chunk {chunk}, cache {cache}"
            );
        }
    }
}

#[test]
fn files_that_are_not_plain_utf8_jsonl_are_read_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let text = messy_jsonl(120);
    // GBK, UTF-16LE with a BOM, and a zip named .jsonl.
    let (gbk, _, _) = encoding_rs::GBK.encode(text.trim_start_matches('\u{FEFF}'));
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            text.trim_start_matches('\u{FEFF}')
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("inner.jsonl", zip::write::SimpleFileOptions::default())
        .unwrap();
    std::io::Write::write_all(&mut zip, text.as_bytes()).unwrap();
    let zip = zip.finish().unwrap().into_inner();
    for (name, bytes) in [
        ("gbk.jsonl", gbk.to_vec()),
        ("utf16.jsonl", utf16),
        ("zipped.jsonl", zip),
    ] {
        let dir = tmp.path().join(name);
        write(&dir, name, &bytes);
        let whole = load(&dir, &opts(0)).unwrap();
        assert!(whole.documents.len() > 50, "{name}");
        let streamed = load(&dir, &opts(1000)).unwrap();
        assert!(facts(&streamed) == facts(&whole), "{name} differs");
    }
}

/// `analyze <command> <input> <args>` into `out/name`: its tables and
/// charts, and its manifest.
fn run(
    command: &str,
    input: &Path,
    out: &Path,
    name: &str,
    args: &[&str],
) -> (BTreeMap<String, Vec<u8>>, serde_json::Value) {
    let mut all = vec![
        command,
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--name",
        name,
        "--quiet",
    ];
    all.extend_from_slice(args);
    common::ok(&common::analyze(&all));
    let dir = out.join(name);
    let manifest =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    (common::outputs(&dir), manifest)
}

/// Run `command` with `--stream never` and `--stream always`: the manifests
/// say so, and the tables, charts and manifest counts are the same. Returns
/// both manifests.
fn same_with_and_without_streaming(
    command: &str,
    input: &Path,
    out: &Path,
    name: &str,
    args: &[&str],
) -> (serde_json::Value, serde_json::Value) {
    let with = |mode: &str| {
        let all = [args, &["--stream", mode]].concat();
        run(command, input, out, &format!("{name}-{mode}"), &all)
    };
    let ((a, ma), (b, mb)) = (with("never"), with("always"));
    assert_eq!(ma["parameters"]["analysis"]["streamed"], false, "{name}");
    assert_eq!(mb["parameters"]["analysis"]["streamed"], true, "{name}");
    assert!(!a.is_empty(), "{name}");
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "{name}"
    );
    for (k, v) in &a {
        assert!(
            v == &b[k],
            "{name}: {k} differs between --stream never and always"
        );
    }
    assert_eq!(ma["counts"], mb["counts"], "{name}: manifest counts");
    (ma, mb)
}

#[test]
fn streamed_trends_write_what_the_ordinary_run_writes() {
    let Some(corpora) = common::corpora() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    let terms = "数字经济,互联网+,高质量发展,乡村振兴,新质生产力,人工智能,社会主义,工业";
    for (corpus, by, extra) in [
        ("national", "year", vec![]),
        (
            "national",
            "year",
            vec!["--years", "1978-2025", "--t2s", "never"],
        ),
        ("provincial-2026", "region", vec![]),
        ("cities-2003-2024", "year,level", vec![]),
        (
            "cities-2003-2024",
            "year,region",
            vec!["--duplicates", "sum"],
        ),
        (
            "cities-2003-2024",
            "year",
            vec!["--regions", "吉安市,九江市", "--min-chars", "5000"],
        ),
    ] {
        let input = corpora.join(corpus);
        let name = format!("{corpus}-{}-{}", by.replace(',', "-"), extra.len());
        let common_args = [
            &["--terms", terms, "--by", by, "--no-cache"][..],
            &extra[..],
        ]
        .concat();
        let (ma, mb) = same_with_and_without_streaming("trends", &input, out, &name, &common_args);
        assert!(
            mb["timings_ms"].get("load_clean_segment_count").is_some(),
            "{name}"
        );
        assert_eq!(ma["input_files"], mb["input_files"], "{name}: input files");
    }
    // With the cache on, the ordinary run reads and fills it; the streamed
    // run ignores it and still writes the same tables.
    let input = corpora.join("national");
    let cache = tmp.path().join("cache");
    let with_cache = ["--terms", terms, "--cache", cache.to_str().unwrap()];
    let (a, _) = run("trends", &input, out, "cached", &with_cache);
    let (b, mb) = run(
        "trends",
        &input,
        out,
        "cached-stream",
        &[&with_cache[..], &["--stream", "always"]].concat(),
    );
    assert!(a == b, "cached run and streamed run differ");
    assert!(mb["cache"].is_null(), "the streamed run uses no cache");
}

#[test]
fn streamed_compare_keywords_and_diffusion_write_what_the_ordinary_runs_write() {
    let Some(corpora) = common::corpora() else {
        return;
    };
    let national = corpora
        .join("national/government_work_reports.jsonl")
        .display()
        .to_string();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    for (command, corpus, args) in [
        (
            "compare",
            "national",
            vec!["--a", "2013-2017", "--b", "2018-2022"],
        ),
        (
            "compare",
            "cities-2003-2024",
            vec!["--a", "2003-2012", "--b", "2013-2024"],
        ),
        ("keywords", "national", vec!["--no-textrank"]),
        ("keywords", "cities-2003-2024", vec!["--no-textrank"]),
        // Every lexicon term over the national reports alone.
        ("diffusion", "national", vec![]),
        // The cities, with the national reports read after them as the
        // reference (counted after the streamed input).
        (
            "diffusion",
            "cities-2003-2024",
            vec![
                "--reference",
                national.as_str(),
                "--terms",
                "数字经济,互联网+,高质量发展,乡村振兴,新质生产力",
            ],
        ),
    ] {
        let input = corpora.join(corpus);
        let name = format!("{command}-{corpus}");
        same_with_and_without_streaming(
            command,
            &input,
            out,
            &name,
            &[&args[..], &["--no-cache"]].concat(),
        );
    }
}

/// Trends choosing its terms or summing themes, emerging and keywords with
/// TextRank read the texts again after counting: streamed, they read them
/// back from the temporary file they were set aside in, and write exactly
/// what the ordinary runs write.
#[test]
fn streamed_runs_that_read_texts_again_write_what_the_ordinary_runs_write() {
    let Some(corpora) = common::corpora() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    for (command, corpus, args) in [
        ("trends", "national", vec![]),
        ("trends", "national", vec!["--themes"]),
        (
            "trends",
            "cities-2003-2024",
            vec!["--themes", "--by", "year,level", "--duplicates", "sum"],
        ),
        ("trends", "provincial-2026", vec!["--by", "region"]),
        ("emerging", "national", vec![]),
        ("emerging", "cities-2003-2024", vec!["--min-chars", "5000"]),
        ("keywords", "national", vec![]),
        ("keywords", "cities-2003-2024", vec!["--years", "2015-2024"]),
    ] {
        let input = corpora.join(corpus);
        let name = format!("{command}-{corpus}-{}", args.len());
        let (_, mb) = same_with_and_without_streaming(
            command,
            &input,
            out,
            &name,
            &[&args[..], &["--no-cache"]].concat(),
        );
        assert!(
            mb["timings_ms"].get("load_clean_segment_count").is_some(),
            "{name}"
        );
    }
    // The texts were set aside in the output folder, in a file without a
    // name that went with the run: only the run folders are left.
    let left: Vec<String> = std::fs::read_dir(out)
        .unwrap()
        .flatten()
        .filter(|e| !e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(left.is_empty(), "left in the output folder: {left:?}");
}

#[test]
fn analyses_that_read_the_texts_refuse_stream_always() {
    let tmp = tempfile::tempdir().unwrap();
    let datasets = common::datasets();
    let d = datasets.to_str().unwrap();
    let o = tmp.path().to_str().unwrap();
    for args in [vec!["collocates", "数字经济", d], vec!["similarity", d]] {
        let mut all = args.clone();
        all.extend(["--out", o, "--quiet", "--stream", "always"]);
        let out = common::analyze(&all);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("--stream always") && err.contains("texts"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn stream_always_refuses_grouping_by_section() {
    let tmp = tempfile::tempdir().unwrap();
    let datasets = common::datasets();
    for args in [
        vec!["--by", "year,section"],
        vec!["--terms", "数字经济", "--by", "year,section"],
    ] {
        let mut all = vec![
            "trends",
            datasets.to_str().unwrap(),
            "--out",
            tmp.path().to_str().unwrap(),
            "--quiet",
            "--stream",
            "always",
        ];
        all.extend(args.iter().copied());
        let o = common::analyze(&all);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains("--stream always") && err.contains("section"),
            "{err}"
        );
    }
}

/// Texts set aside on disk are read back by position; documents appended
/// after them keep their texts in memory.
#[test]
fn spilled_texts_read_back_in_corpus_order() {
    use analyze::corpus::spill::SpillWriter;
    let mut c = load(&common::datasets(), &LoadOptions::builtin().unwrap()).unwrap();
    let texts: Vec<String> = c.documents.iter().map(|d| d.text.clone()).collect();
    assert!(texts.len() >= 4);
    let kept = texts.len() - 2;
    let w = SpillWriter::new().unwrap();
    // Written in another order than the corpus's, as threads would.
    let mut spans = vec![None; kept];
    for i in (0..kept).rev() {
        spans[i] = Some(w.put(&texts[i]).unwrap());
    }
    let spilled = w.finish(spans.into_iter().flatten().collect()).unwrap();
    c.spilled = Some(std::sync::Arc::new(spilled));
    for d in &mut c.documents[..kept] {
        d.text.clear();
    }
    for (i, t) in texts.iter().enumerate() {
        assert_eq!(c.text(i).unwrap(), t.as_str(), "document {i}");
    }
    let again = c.map_texts(|i, _, t| (i, t.len())).unwrap();
    assert_eq!(
        again,
        texts
            .iter()
            .map(String::len)
            .enumerate()
            .collect::<Vec<_>>()
    );
}
