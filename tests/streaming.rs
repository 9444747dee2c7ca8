//! Large JSON Lines files are read in chunks (`LoadOptions::stream_chunk`):
//! the documents, warnings, file facts and their order must be exactly
//! those of reading the file whole, with and without the document cache,
//! and files that are not plain UTF-8 JSON Lines must fall back to the
//! whole-file reader.

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
