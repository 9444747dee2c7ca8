//! Word 97–2003 documents (`.doc`, and `.wps` files that are Word
//! documents): the text of the main document, read from Word's piece table
//! ([MS-DOC] 2.4.1, "Retrieving Text").
//!
//! The compound file's streams are read with the `cfb` crate. The
//! `WordDocument` stream starts with the file information block (FIB),
//! which gives the length of the main document in characters (`ccpText`)
//! and where the piece table (`Clx`) lies in the table stream (`0Table` or
//! `1Table`). Each piece is a run of characters stored either as UTF-16LE
//! (Chinese text always is) or as one byte per character (Windows-1252).
//! Only the main document is taken: footnotes, headers and comments follow
//! it in character positions and are left out. Field instructions
//! (`PAGE`, `HYPERLINK …`) are dropped and their results kept; paragraph,
//! line and page breaks become line breaks, table cells are separated by
//! tabs and rows by line breaks.

use std::io::Read;

/// Why a `.doc` gives no text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocProblem {
    /// Not a compound file holding a `WordDocument` stream.
    NotWord,
    /// Protected with a password.
    Encrypted,
    /// The structures point outside the file.
    Damaged(&'static str),
}

impl std::fmt::Display for DocProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DocProblem::NotWord => f.write_str("not a Word 97-2003 document"),
            DocProblem::Encrypted => f.write_str("protected with a password"),
            DocProblem::Damaged(what) => write!(f, "damaged ({what})"),
        }
    }
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// The main document's text of the Word 97–2003 file `bytes`, with the
/// title and creation date of its summary information (when set).
pub fn doc_text(bytes: &[u8]) -> Result<super::office::OfficeText, DocProblem> {
    let mut cf =
        cfb::CompoundFile::open(std::io::Cursor::new(bytes)).map_err(|_| DocProblem::NotWord)?;
    let mut read = |name: &str| -> Option<Vec<u8>> {
        let mut s = cf.open_stream(name).ok()?;
        let mut out = Vec::new();
        s.read_to_end(&mut out).ok()?;
        Some(out)
    };
    let word = read("/WordDocument").ok_or(DocProblem::NotWord)?;
    let (title, created) = read("/\u{5}SummaryInformation")
        .map(|s| summary(&s))
        .unwrap_or_default();
    let damaged = DocProblem::Damaged;
    if u16_at(&word, 0) != Some(0xA5EC) {
        return Err(DocProblem::NotWord);
    }
    let flags = u16_at(&word, 0x0A).ok_or(damaged("FIB"))?;
    if flags & 0x0100 != 0 {
        return Err(DocProblem::Encrypted);
    }
    let table = read(if flags & 0x0200 != 0 {
        "/1Table"
    } else {
        "/0Table"
    })
    .ok_or(damaged("no table stream"))?;
    // FibBase (32 bytes), then counted arrays: fibRgW (csw u16s), fibRgLw
    // (cslw u32s: ccpText is the fourth), fibRgFcLcb (pairs of u32: the
    // Clx is pair 33).
    let csw = usize::from(u16_at(&word, 32).ok_or(damaged("FIB"))?);
    let lw = 34 + csw * 2;
    let cslw = usize::from(u16_at(&word, lw).ok_or(damaged("FIB"))?);
    let ccp_text = u32_at(&word, lw + 2 + 12).ok_or(damaged("FIB"))? as usize;
    let fclcb = lw + 2 + cslw * 4;
    let pairs = usize::from(u16_at(&word, fclcb).ok_or(damaged("FIB"))?);
    if pairs <= 33 {
        return Err(damaged("FIB"));
    }
    let fc_clx = u32_at(&word, fclcb + 2 + 33 * 8).ok_or(damaged("FIB"))? as usize;
    let lcb_clx = u32_at(&word, fclcb + 2 + 33 * 8 + 4).ok_or(damaged("FIB"))? as usize;
    let clx = table
        .get(fc_clx..fc_clx.saturating_add(lcb_clx))
        .ok_or(damaged("piece table"))?;
    // Property modifiers (0x01) come first, then the piece table (0x02).
    let mut i = 0;
    while clx.get(i) == Some(&0x01) {
        i += 3 + usize::from(u16_at(clx, i + 1).ok_or(damaged("piece table"))?);
    }
    if clx.get(i) != Some(&0x02) {
        return Err(damaged("piece table"));
    }
    let lcb = u32_at(clx, i + 1).ok_or(damaged("piece table"))? as usize;
    let plc = clx.get(i + 5..i + 5 + lcb).ok_or(damaged("piece table"))?;
    if lcb < 4 {
        return Err(damaged("piece table"));
    }
    let n = (lcb - 4) / 12;
    let mut raw = String::new();
    for k in 0..n {
        let start = u32_at(plc, k * 4).ok_or(damaged("piece table"))? as usize;
        let end = u32_at(plc, (k + 1) * 4).ok_or(damaged("piece table"))? as usize;
        let end = end.min(ccp_text);
        if start >= end {
            continue;
        }
        let pcd = 4 * (n + 1) + k * 8;
        let fc = u32_at(plc, pcd + 2).ok_or(damaged("piece table"))?;
        let count = end - start;
        if fc & 0x4000_0000 != 0 {
            let at = ((fc & 0x3FFF_FFFF) / 2) as usize;
            let piece = word
                .get(at..at + count)
                .ok_or(damaged("text outside the file"))?;
            raw.push_str(
                &encoding_rs::WINDOWS_1252
                    .decode_without_bom_handling(piece)
                    .0,
            );
        } else {
            let at = fc as usize;
            let piece = word
                .get(at..at + 2 * count)
                .ok_or(damaged("text outside the file"))?;
            let units: Vec<u16> = piece
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            raw.extend(char::decode_utf16(units).map(|c| c.unwrap_or('\u{FFFD}')));
        }
    }
    Ok(super::office::OfficeText {
        text: plain(&raw),
        title,
        created,
    })
}

/// The title and creation date (`YYYY-MM-DD`) of a summary information
/// property set ([MS-OLEPS]): the title a string in the set's code page,
/// the date a FILETIME (unset when zero).
fn summary(stream: &[u8]) -> (Option<String>, Option<String>) {
    let Some(at) = u32_at(stream, 44).map(|a| a as usize) else {
        return (None, None);
    };
    let set = stream.get(at..).unwrap_or_default();
    let count = u32_at(set, 4).unwrap_or(0).min(1024) as usize;
    let value = |pid: u32| -> Option<(u16, &[u8])> {
        (0..count).find_map(|k| {
            if u32_at(set, 8 + k * 8)? != pid {
                return None;
            }
            let off = u32_at(set, 12 + k * 8)? as usize;
            Some((u16_at(set, off)?, set.get(off + 4..)?))
        })
    };
    let codepage = match value(1) {
        Some((0x02, v)) => u16_at(v, 0),
        _ => None,
    };
    let title = match value(2) {
        Some((0x1E, v)) => {
            let len = u32_at(v, 0).unwrap_or(0) as usize;
            v.get(4..4 + len).map(|b| {
                let b = b.split(|&c| c == 0).next().unwrap_or_default();
                let enc = match codepage {
                    Some(936) => encoding_rs::GBK,
                    Some(950) => encoding_rs::BIG5,
                    Some(54936) => encoding_rs::GB18030,
                    Some(65001) => encoding_rs::UTF_8,
                    _ => encoding_rs::WINDOWS_1252,
                };
                enc.decode_without_bom_handling(b).0.trim().to_string()
            })
        }
        _ => None,
    }
    .filter(|t| !t.is_empty());
    let created = match value(12) {
        Some((0x40, v)) => {
            let ticks =
                u64::from(u32_at(v, 0).unwrap_or(0)) | (u64::from(u32_at(v, 4).unwrap_or(0)) << 32);
            // 100 ns ticks since 1601-01-01; 11,644,473,600 s to 1970.
            let secs = (ticks / 10_000_000) as i64 - 11_644_473_600;
            (ticks != 0)
                .then(|| chrono::DateTime::from_timestamp(secs, 0))
                .flatten()
                .map(|t| {
                    use chrono::Datelike;
                    let d = t.date_naive();
                    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
                })
        }
        _ => None,
    };
    (title, created)
}

/// Word's special characters turned into plain text: field instructions
/// dropped (results kept), breaks as line breaks, cells as tabs, rows as
/// line breaks, object anchors and optional hyphens removed.
fn plain(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    // For each open field: whether its instructions are still running.
    let mut fields: Vec<bool> = Vec::new();
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{13}' => fields.push(true),
            '\u{14}' => {
                if let Some(f) = fields.last_mut() {
                    *f = false;
                }
            }
            '\u{15}' => {
                fields.pop();
            }
            // Inside any field's instructions (nested fields included).
            _ if fields.iter().any(|&instructions| instructions) => {}
            '\r' | '\u{0B}' | '\u{0C}' => out.push('\n'),
            '\u{07}' => {
                // The end of a cell; the end of a row is a second mark.
                if chars.peek() == Some(&'\u{07}') {
                    chars.next();
                    out.push('\n');
                } else {
                    out.push('\t');
                }
            }
            '\u{1E}' => out.push('-'),
            '\u{1F}' | '\u{01}' | '\u{08}' | '\u{05}' | '\u{02}' => {}
            c if c.is_control() && c != '\t' && c != '\n' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> Vec<u8> {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/doc/report.doc");
        std::fs::read(path).unwrap()
    }

    #[test]
    fn text_of_a_word_97_document() {
        let doc = doc_text(&fixture()).unwrap();
        // LibreOffice writes the page's title (UTF-8, code page 65001) and
        // no creation date.
        assert_eq!(doc.title.as_deref(), Some("2018年示例县政府工作报告"));
        assert_eq!(doc.created, None);
        let text = doc.text;
        let lines: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        assert_eq!(lines[0], "2018年示例县政府工作报告");
        assert_eq!(
            lines[1],
            "——2018年1月15日在示例县第十七届人民代表大会第二次会议上"
        );
        assert!(lines.contains(&"各位代表："), "{lines:?}");
        assert!(
            lines.contains(&"推动高质量发展，为建设美好家园而努力奋斗！"),
            "{lines:?}"
        );
        // The table's cells, tab-separated, a row per line.
        assert!(
            lines.iter().any(|l| l.starts_with("指标\t目标")),
            "{lines:?}"
        );
        assert!(
            !text
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t')
        );
    }

    /// A Word file made here: a FIB with the counts Word 97 writes, then
    /// the text in two pieces, one stored one byte per character
    /// (Windows-1252: curly quotes and the euro sign), one as UTF-16; past
    /// `ccpText`, a footnote that must not come out.
    fn made(main: &[&str], footnote: &str, flags: u16) -> Vec<u8> {
        use std::io::Write;
        let (ascii, wide) = (main[0], main[1]);
        let ascii_bytes = encoding_rs::WINDOWS_1252.encode(ascii).0.into_owned();
        let wide_units: Vec<u8> = format!("{wide}{footnote}")
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let (csw, cslw, pairs) = (14usize, 22usize, 93usize);
        let fib_len = 34 + csw * 2 + 2 + cslw * 4 + 2 + pairs * 8;
        let mut word = vec![0u8; fib_len];
        word[0..2].copy_from_slice(&0xA5ECu16.to_le_bytes());
        word[0x0A..0x0C].copy_from_slice(&flags.to_le_bytes());
        word[32..34].copy_from_slice(&(csw as u16).to_le_bytes());
        let lw = 34 + csw * 2;
        word[lw..lw + 2].copy_from_slice(&(cslw as u16).to_le_bytes());
        let n_ascii = ascii.chars().count();
        let n_main = n_ascii + wide.encode_utf16().count();
        word[lw + 14..lw + 18].copy_from_slice(&(n_main as u32).to_le_bytes());
        let fclcb = lw + 2 + cslw * 4;
        word[fclcb..fclcb + 2].copy_from_slice(&(pairs as u16).to_le_bytes());
        let ascii_at = word.len();
        word.extend_from_slice(&ascii_bytes);
        let wide_at = word.len();
        word.extend_from_slice(&wide_units);
        let n_all = n_main + footnote.encode_utf16().count();
        // The Clx: one property modifier, then the piece table.
        let mut clx = vec![0x01, 2, 0, 0xAA, 0xBB, 0x02];
        let mut plc = Vec::new();
        for cp in [0, n_ascii, n_all] {
            plc.extend_from_slice(&(cp as u32).to_le_bytes());
        }
        for fc in [(ascii_at as u32 * 2) | 0x4000_0000, wide_at as u32] {
            plc.extend_from_slice(&[0, 0]);
            plc.extend_from_slice(&fc.to_le_bytes());
            plc.extend_from_slice(&[0, 0]);
        }
        clx.extend_from_slice(&(plc.len() as u32).to_le_bytes());
        clx.extend_from_slice(&plc);
        let mut table = vec![0u8; 16];
        let fc_clx = table.len();
        table.extend_from_slice(&clx);
        let at = fclcb + 2 + 33 * 8;
        word[at..at + 4].copy_from_slice(&(fc_clx as u32).to_le_bytes());
        word[at + 4..at + 8].copy_from_slice(&(clx.len() as u32).to_le_bytes());
        let mut cf = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
        cf.create_stream("/WordDocument")
            .unwrap()
            .write_all(&word)
            .unwrap();
        cf.create_stream("/0Table")
            .unwrap()
            .write_all(&table)
            .unwrap();
        cf.flush().unwrap();
        cf.into_inner().into_inner()
    }

    #[test]
    fn one_byte_and_utf16_pieces_and_only_the_main_document() {
        let main = [
            "Report \u{201c}2018\u{201d} costs \u{20ac}5\r",
            "数字经济\r",
        ];
        let doc = made(&main, "脚注\r", 0);
        assert_eq!(
            doc_text(&doc).unwrap().text,
            "Report “2018” costs €5\n数字经济\n"
        );
        // Encrypted (fEncrypted), and a table stream that is not there
        // (fWhichTblStm: 1Table).
        assert_eq!(
            doc_text(&made(&main, "", 0x0100)),
            Err(DocProblem::Encrypted)
        );
        assert_eq!(
            doc_text(&made(&main, "", 0x0200)),
            Err(DocProblem::Damaged("no table stream"))
        );
    }

    #[test]
    fn summary_information_title_and_date() {
        // A property set as Word writes it: code page 936 (GBK), the title
        // (VT_LPSTR), the creation time (VT_FILETIME).
        let title = encoding_rs::GBK
            .encode("2019年示例市政府工作报告")
            .0
            .into_owned();
        let mut props: Vec<(u32, Vec<u8>)> = Vec::new();
        props.push((
            1,
            [2u16.to_le_bytes(), [0, 0], 936u16.to_le_bytes(), [0, 0]].concat(),
        ));
        let mut t = 0x1Eu32.to_le_bytes().to_vec();
        t.extend_from_slice(&(title.len() as u32 + 1).to_le_bytes());
        t.extend_from_slice(&title);
        t.push(0);
        props.push((2, t));
        // 2019-01-15 08:00:00 UTC.
        let ticks: u64 = (1_547_539_200 + 11_644_473_600) * 10_000_000;
        let mut d = 0x40u32.to_le_bytes().to_vec();
        d.extend_from_slice(&ticks.to_le_bytes());
        props.push((12, d));
        let mut set = Vec::new();
        let head = 8 + props.len() * 8;
        let mut values = Vec::new();
        let mut index = Vec::new();
        for (pid, v) in &props {
            index.extend_from_slice(&pid.to_le_bytes());
            index.extend_from_slice(&((head + values.len()) as u32).to_le_bytes());
            values.extend_from_slice(v);
        }
        set.extend_from_slice(&((head + values.len()) as u32).to_le_bytes());
        set.extend_from_slice(&(props.len() as u32).to_le_bytes());
        set.extend_from_slice(&index);
        set.extend_from_slice(&values);
        let mut stream = vec![0u8; 48];
        stream[0..2].copy_from_slice(&0xFFFEu16.to_le_bytes());
        stream[44..48].copy_from_slice(&48u32.to_le_bytes());
        stream.extend_from_slice(&set);
        assert_eq!(
            summary(&stream),
            (
                Some("2019年示例市政府工作报告".into()),
                Some("2019-01-15".into())
            )
        );
        // Cut anywhere: nothing, or what is whole, never a panic.
        for n in 0..stream.len() {
            let _ = summary(&stream[..n]);
        }
    }

    #[test]
    fn fields_breaks_and_cells() {
        let raw = "第一段\r\u{13} PAGE \u{14}3\u{15}页\u{0B}下一行\u{07}格二\u{07}\u{07}末行\u{1F}\u{1E}\u{01}\r";
        assert_eq!(plain(raw), "第一段\n3页\n下一行\t格二\n末行-\n");
        // Nested fields: only the results.
        assert_eq!(plain("\u{13}A \u{13}B\u{14}b\u{15}\u{14}a\u{15}"), "a");
    }

    #[test]
    fn not_word_encrypted_and_damaged_are_problems() {
        assert_eq!(doc_text(b"not a compound file"), Err(DocProblem::NotWord));
        let good = fixture();
        for m in crate::corpus::formats::testutil::mutations(&good) {
            let _ = doc_text(&m);
        }
    }
}
