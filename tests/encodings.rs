//! The same text saved as UTF-8, UTF-8 with BOM, GBK and UTF-16LE with BOM
//! (fixtures generated here) gives identical documents and counts.

use std::path::Path;

use analyze::corpus::{self, LoadOptions};
use analyze::dfm::Dfm;
use analyze::tokens::{Dictionary, Segmenter, SegmenterConfig};

const TEXT: &str = "示例市2022年政府工作报告\n\n一、2021年工作回顾\n\n大力发展数字经济，推进“互联网＋政务服务”，乡村振兴取得新进展。\n数字经济核心产业增加值增长１２％。\n\n二、2022年工作安排\n\n坚持高质量发展，培育新质生产力。\n";

fn utf16le_bom(s: &str) -> Vec<u8> {
    let mut b = vec![0xFF, 0xFE];
    for u in s.encode_utf16() {
        b.extend_from_slice(&u.to_le_bytes());
    }
    b
}

fn load_counts(dir: &Path) -> (String, &'static str, Vec<(String, u32)>, u64) {
    let c = corpus::load(dir, &LoadOptions::builtin().unwrap()).unwrap();
    assert_eq!(c.documents.len(), 1, "{:?}", c.warnings);
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    let seg = Segmenter::new(&SegmenterConfig {
        hmm: true,
        dictionaries: vec![Dictionary::lexicon().unwrap()],
        required: vec![],
    })
    .unwrap();
    let dfm = Dfm::build(&c, &seg, None);
    let mut counts: Vec<(String, u32)> = dfm.docs[0]
        .iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    counts.sort();
    let d = &c.documents[0];
    (
        d.sha256.clone(),
        d.encoding,
        counts,
        dfm.docs[0].tokens_total,
    )
}

#[test]
fn encodings_give_identical_counts() {
    let tmp = tempfile::tempdir().unwrap();
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(TEXT);
    assert!(!unmappable);
    let mut utf8_bom = vec![0xEF, 0xBB, 0xBF];
    utf8_bom.extend_from_slice(TEXT.as_bytes());
    let variants: [(&str, Vec<u8>); 4] = [
        ("utf8", TEXT.as_bytes().to_vec()),
        ("utf8bom", utf8_bom),
        ("gbk", gbk.into_owned()),
        ("utf16le", utf16le_bom(TEXT)),
    ];
    let mut results = Vec::new();
    for (name, bytes) in &variants {
        let dir = tmp.path().join(name);
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(dir.join("2022_示例市.txt"), bytes).unwrap();
        results.push((name, load_counts(&dir)));
    }
    let (_, first) = &results[0];
    assert!(first.2.iter().any(|(w, n)| w == "数字经济" && *n == 2));
    assert!(first.2.iter().any(|(w, _)| w == "互联网+"));
    for (name, r) in &results[1..] {
        assert_eq!(r.0, first.0, "{name}: cleaned text differs");
        assert_eq!(r.2, first.2, "{name}: counts differ");
        assert_eq!(r.3, first.3, "{name}: token totals differ");
    }
    let encodings: Vec<&str> = results.iter().map(|(_, r)| r.1).collect();
    assert_eq!(encodings[0], "UTF-8");
    assert_eq!(encodings[1], "UTF-8");
    assert!(
        encodings[2] == "GBK" || encodings[2] == "gb18030",
        "{}",
        encodings[2]
    );
    assert_eq!(encodings[3], "UTF-16LE");
}

#[test]
fn undecodable_file_is_a_warning_not_a_crash() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("2022_好.txt"), TEXT).unwrap();
    let junk: Vec<u8> = (0u8..=255).cycle().take(10_000).collect();
    std::fs::write(tmp.path().join("2021_坏.txt"), junk).unwrap();
    let c = corpus::load(tmp.path(), &LoadOptions::builtin().unwrap()).unwrap();
    assert_eq!(c.documents.len(), 1);
    assert_eq!(c.warnings.len(), 1);
    assert!(c.warnings[0].file.ends_with("2021_坏.txt"));
    assert_eq!(c.warnings[0].kind, analyze::WarningKind::Encoding);
}

/// A damaged file's warning names the line of its first malformed
/// sequence, so the user can find the damage.
#[test]
fn malformed_bytes_are_warned_about_at_their_line() {
    let tmp = tempfile::tempdir().unwrap();
    let mut bytes = Vec::new();
    for (i, line) in TEXT.lines().enumerate() {
        bytes.extend_from_slice(line.as_bytes());
        if i == 2 {
            // A lone continuation byte and a cut three-byte sequence.
            bytes.extend_from_slice(&[0x80, b' ', 0xE4, 0xB8]);
        }
        bytes.push(b'\n');
    }
    // Enough text around for the damage to be rare (under one sequence in
    // a hundred non-ASCII characters): the encoding stays UTF-8.
    for _ in 0..5 {
        bytes.extend_from_slice(TEXT.replace("示例市2022年政府工作报告\n", "").as_bytes());
    }
    std::fs::write(tmp.path().join("2022_示例市.txt"), &bytes).unwrap();
    let c = corpus::load(tmp.path(), &LoadOptions::builtin().unwrap()).unwrap();
    assert_eq!(c.documents.len(), 1, "{:?}", c.warnings);
    let w = c
        .warnings
        .iter()
        .find(|w| w.kind == analyze::WarningKind::Encoding)
        .unwrap_or_else(|| panic!("{:?}", c.warnings));
    assert_eq!(w.line, Some(3), "{w:?}");
    assert!(w.message.contains("2 malformed byte sequence(s)"), "{w:?}");
}
