//! Bytes to text: byte-order marks, UTF-8, and detection of legacy Chinese
//! encodings (GB18030/GBK, Big5) with `chardetng` + `encoding_rs`.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8};

/// A decoded file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded<'a> {
    /// The text, without a byte-order mark (borrowed from the bytes when
    /// they are UTF-8 already).
    pub text: Cow<'a, str>,
    /// The encoding's name (`UTF-8`, `UTF-16LE`, `GBK`, …).
    pub encoding: &'static str,
    /// Whether a byte-order mark was present.
    pub had_bom: bool,
    /// How many malformed sequences were replaced by U+FFFD.
    pub replaced: usize,
    /// How many NUL characters were removed from a text that is otherwise
    /// clean UTF-8 (a few left by the tool that saved or cut it), and the
    /// line of the first.
    pub nuls: (usize, u64),
    /// In a file of UTF-8 and GBK lines ([`MIXED_UTF8_GBK`]): how many
    /// lines were GBK, and the first of them.
    pub mixed: (usize, u64),
}

/// Why a file could not be decoded at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undecodable {
    /// The encoding that was tried last.
    pub tried: &'static str,
    /// A sentence for the warning.
    pub reason: String,
}

/// Decode `bytes`: a BOM wins; otherwise valid UTF-8 is UTF-8; otherwise
/// `chardetng` guesses (GB18030 and Big5 are the usual answers for Chinese
/// text). Text with many replacement characters, or with NUL bytes (a binary
/// file), is rejected; a few NUL characters in clean UTF-8 are removed
/// ([`Decoded::nuls`]).
/// Valid UTF-8 (the usual case) is borrowed, not copied.
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, Undecodable> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        let replaced = if had_errors {
            count_replacements(&text)
        } else {
            0
        };
        return finish(text, encoding, true, replaced);
    }
    // SIMD validation: ~10× std's on Chinese text.
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        return finish(Cow::Borrowed(text), UTF_8, false, 0);
    }
    decode_legacy(bytes)
}

/// Guess the encoding of `bytes` (no BOM, not UTF-8): UTF-16 without a
/// byte-order mark by its line breaks ([`utf16_without_bom`]), else
/// chardetng.
fn decode_legacy(bytes: &[u8]) -> Result<Decoded<'_>, Undecodable> {
    if let Some(encoding) = utf16_without_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
        let replaced = if had_errors {
            count_replacements(&text)
        } else {
            0
        };
        return finish(text, encoding, false, replaced);
    }
    // UTF-8 with a few malformed sequences: a download cut inside its last
    // character, a stray byte. Read as UTF-8 with replacements (and a
    // warning), not handed to detection, which would read every character
    // of it as Latin-1.
    if let Some((text, replaced)) = nearly(bytes, UTF_8) {
        return finish(text, UTF_8, false, replaced);
    }
    // UTF-8 and GBK lines in one file (two sources joined): each line in
    // its own encoding, said.
    if let Some((text, gbk_lines)) = utf8_and_gbk_lines(bytes) {
        let mut d = finish(Cow::Owned(text), UTF_8, false, 0)?;
        d.encoding = MIXED_UTF8_GBK;
        d.mixed = gbk_lines;
        return Ok(d);
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let encoding = detector.guess(None, false);
    // chardetng rules an encoding out at its first malformed sequence, so
    // one damaged character in a GBK or Big5 file makes its guess a
    // single-byte encoding (windows-1252) that reads every Chinese character
    // as two Latin ones. Text that is mostly non-ASCII bytes is tried as
    // GBK and as Big5 with replacements; the one that decodes nearly
    // everything into common Chinese characters wins.
    if !is_multibyte_cjk(encoding) && high_share(bytes) > 0.3 {
        let common = |text: &str| text.chars().filter(|c| COMMON_HAN.contains(*c)).count();
        let best = [encoding_rs::GBK, encoding_rs::BIG5]
            .into_iter()
            .filter_map(|candidate| nearly(bytes, candidate).map(|d| (candidate, d)))
            .max_by_key(|(candidate, (text, _))| {
                // Ties go to GBK, the first.
                (common(text), *candidate == encoding_rs::GBK)
            });
        if let Some((better, (text, replaced))) = best {
            return finish(text, better, false, replaced);
        }
    }
    // chardetng answers GBK for GB18030 too (encoding_rs decodes both
    // alike); a file with GB18030's four-byte sequences is labelled as what
    // it is.
    let encoding = if encoding == encoding_rs::GBK && has_four_byte_gb18030(bytes) {
        encoding_rs::GB18030
    } else {
        encoding
    };
    let (text, _, had_errors) = encoding.decode(bytes);
    let replaced = if had_errors {
        count_replacements(&text)
    } else {
        0
    };
    finish(text, encoding, false, replaced)
}

/// Whether `bytes`, read as GB18030, hold a four-byte sequence (lead byte
/// 0x81–0xFE, digit, 0x81–0xFE, digit; no two-byte GBK character has a
/// digit as its second byte): characters GBK lacks, such as those beyond
/// the BMP or the Unicode additions to CJK. 0x80 and 0xFF stand alone, as
/// the decoder reads them, so a damaged byte does not shift the reading.
fn has_four_byte_gb18030(bytes: &[u8]) -> bool {
    let lead = |b: u8| (0x81..=0xFE).contains(&b);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !lead(b) {
            i += 1;
            continue;
        }
        match bytes.get(i + 1..i + 4) {
            Some(&[d1, b2, d3]) if d1.is_ascii_digit() && lead(b2) && d3.is_ascii_digit() => {
                return true;
            }
            _ => {}
        }
        i += 2;
    }
    false
}

/// Characters frequent in Chinese prose, written alike in simplified and
/// traditional script: GBK bytes read as Big5, or Big5 bytes read as GBK,
/// give other characters.
const COMMON_HAN: &str = "的一是不了在人有我他中大以上要地出就生作成可而方自之所然天子事同行年和工也能下用定面本高主多日四";

/// Whether `encoding` is one of the multi-byte East Asian encodings
/// chardetng answers for Chinese, Japanese or Korean text.
fn is_multibyte_cjk(encoding: &'static Encoding) -> bool {
    [
        encoding_rs::GBK,
        encoding_rs::GB18030,
        encoding_rs::BIG5,
        encoding_rs::SHIFT_JIS,
        encoding_rs::EUC_JP,
        encoding_rs::EUC_KR,
        encoding_rs::ISO_2022_JP,
    ]
    .contains(&encoding)
}

/// The share of bytes at or above 0x80 (in the first 64 KiB).
fn high_share(bytes: &[u8]) -> f64 {
    let head = &bytes[..bytes.len().min(1 << 16)];
    head.iter().filter(|&&b| b >= 0x80).count() as f64 / head.len().max(1) as f64
}

/// The text and its number of replacements when `bytes` decode as
/// `encoding` with at least one malformed sequence but no more than one per
/// hundred of the non-ASCII characters decoded: a damaged file in that
/// encoding, not another encoding (read in the wrong one, nearly every
/// non-ASCII character is malformed). `None` otherwise, also when nothing
/// is malformed.
fn nearly<'a>(bytes: &'a [u8], encoding: &'static Encoding) -> Option<(Cow<'a, str>, usize)> {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if !had_errors {
        return None;
    }
    let (mut replaced, mut other) = (0usize, 0usize);
    for c in text.chars().filter(|c| !c.is_ascii()) {
        if c == '\u{FFFD}' {
            replaced += 1;
        } else {
            other += 1;
        }
    }
    (replaced * 100 <= other).then_some((text, replaced))
}

/// The encoding name of a file whose lines are in UTF-8 and in GBK
/// ([`utf8_and_gbk_lines`]).
pub const MIXED_UTF8_GBK: &str = "UTF-8+GB18030";

/// A file whose lines are some in UTF-8 and the others in GBK (GB18030),
/// as a file joined from two sources is: the text, each line decoded in
/// its own encoding, and how many lines were GBK with the number of the
/// first. A line counts as UTF-8 when it is valid UTF-8 holding Han
/// characters that make most of its non-ASCII characters (GBK bytes that
/// happen to form UTF-8 give Latin and Greek letters); every other line
/// must decode as GB18030 without a malformed sequence. `None` unless
/// both kinds of line are there.
fn utf8_and_gbk_lines(bytes: &[u8]) -> Option<(String, (usize, u64))> {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 2);
    let (mut utf8, mut gbk, mut first_gbk) = (0usize, 0usize, 0u64);
    for (i, line) in bytes.split_inclusive(|&b| b == b'\n').enumerate() {
        if line.is_ascii() {
            out.push_str(std::str::from_utf8(line).ok()?);
            continue;
        }
        if let Ok(text) = simdutf8::basic::from_utf8(line) {
            let non_ascii = text.chars().filter(|c| !c.is_ascii()).count();
            let han = text.chars().filter(|&c| super::metadata::is_han(c)).count();
            if han * 2 > non_ascii {
                utf8 += 1;
                out.push_str(text);
                continue;
            }
        }
        let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(line);
        if had_errors {
            return None;
        }
        if gbk == 0 {
            first_gbk = i as u64 + 1;
        }
        gbk += 1;
        out.push_str(&text);
    }
    (utf8 > 0 && gbk > 0).then_some((out, (gbk, first_gbk)))
}

/// UTF-16 saved without a byte-order mark, by its line breaks: in the
/// first 64 KiB, `\n` or `\r` code units in one byte order (`0A 00`,
/// little-endian) and none in the other (`00 0A`, which would be U+0A00, a
/// code point no report uses). Legacy Chinese encodings and UTF-8 never
/// have a NUL byte there; a binary file is still refused for its NUL
/// characters ([`finish`]). `None` otherwise (chardetng does not detect
/// UTF-16).
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(1 << 16) & !1];
    let (mut le, mut be) = (0usize, 0usize);
    for pair in head.chunks_exact(2) {
        le += usize::from(matches!(pair, [b'\n' | b'\r', 0]));
        be += usize::from(matches!(pair, [0, b'\n' | b'\r']));
    }
    match (le, be) {
        (1.., 0) => Some(encoding_rs::UTF_16LE),
        (0, 1..) => Some(encoding_rs::UTF_16BE),
        _ => None,
    }
}

fn count_replacements(text: &str) -> usize {
    text.chars().filter(|&c| c == '\u{FFFD}').count()
}

fn finish<'a>(
    text: Cow<'a, str>,
    encoding: &'static Encoding,
    had_bom: bool,
    replaced: usize,
) -> Result<Decoded<'a>, Undecodable> {
    let name = encoding.name();
    let mut text = text;
    let mut nuls = (0, 0);
    if let Some(first) = memchr::memchr(0, text.as_bytes()) {
        // A few NUL characters (at most 16, or one in a hundred) in text
        // that is valid UTF-8 otherwise (a file padded or cut by the tool
        // that saved it): removed, and said.
        // Anything else with NUL bytes is a binary file.
        let count = memchr::memchr_iter(0, text.as_bytes()).count();
        if encoding != UTF_8 || replaced > 0 || (count > 16 && count * 100 > text.chars().count()) {
            return Err(Undecodable {
                tried: name,
                reason: "contains NUL bytes: looks like a binary file, not text".into(),
            });
        }
        let line = 1 + memchr::memchr_iter(b'\n', &text.as_bytes()[..first]).count() as u64;
        nuls = (count, line);
        text = Cow::Owned(text.replace('\0', ""));
    }
    // More than 1 % replaced characters: the guess was wrong or the file is
    // not text; counting words in it would be meaningless.
    let chars = if replaced > 0 {
        text.chars().count().max(1)
    } else {
        1
    };
    if replaced * 100 > chars {
        return Err(Undecodable {
            tried: name,
            reason: format!(
                "{replaced} of {chars} characters could not be decoded as {name}; save the file as UTF-8"
            ),
        });
    }
    Ok(Decoded {
        text,
        encoding: name,
        had_bom,
        replaced,
        nuls,
        mixed: (0, 0),
    })
}

/// The lines of `text` exactly as [`str::lines`] gives them (split after
/// each `\n`, a `\r` before it dropped, no empty line after a final
/// `\n`), the line breaks found with the memchr crate's vector search:
/// `str::lines` scans a word at a time, which showed in the profile of a
/// large load (every record of a JSON Lines file, every cleaned text).
pub fn lines(text: &str) -> impl Iterator<Item = &str> + '_ {
    let mut start = 0;
    let mut breaks = memchr::memchr_iter(b'\n', text.as_bytes());
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        Some(match breaks.next() {
            Some(k) => {
                let line = &text[start..k];
                start = k + 1;
                line.strip_suffix('\r').unwrap_or(line)
            }
            None => {
                let line = &text[start..];
                start = text.len();
                line
            }
        })
    })
}

#[cfg(test)]
mod tests {

    #[test]
    fn lines_are_those_of_str_lines() {
        // Every string of up to six pieces from a, 中, \r, \n.
        let pieces = ["a", "中", "\r", "\n"];
        let mut all = vec![String::new()];
        for _ in 0..6 {
            let longer: Vec<String> = all
                .iter()
                .flat_map(|s| pieces.iter().map(move |p| format!("{s}{p}")))
                .collect();
            all.extend(longer);
            all.sort();
            all.dedup();
        }
        assert!(all.len() > 5000);
        for s in &all {
            assert_eq!(
                super::lines(s).collect::<Vec<_>>(),
                s.lines().collect::<Vec<_>>(),
                "{s:?}"
            );
        }
    }
    use super::*;

    const SAMPLE: &str = "加快发展数字经济，推进互联网＋行动。\n第二行";

    #[test]
    fn utf8_with_and_without_bom() {
        let plain = decode(SAMPLE.as_bytes()).unwrap();
        assert_eq!(plain.text, SAMPLE);
        assert_eq!(plain.encoding, "UTF-8");
        assert!(!plain.had_bom);
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(SAMPLE.as_bytes());
        let d = decode(&bom).unwrap();
        assert_eq!(d.text, SAMPLE);
        assert!(d.had_bom);
    }

    #[test]
    fn gbk_is_detected() {
        let (bytes, _, _) = encoding_rs::GBK.encode(SAMPLE);
        assert!(std::str::from_utf8(&bytes).is_err());
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, SAMPLE);
        assert_eq!(d.encoding, "GBK");
    }

    #[test]
    fn gb18030_with_four_byte_characters_is_labelled_gb18030() {
        // 𠀀 (beyond the BMP) and 㐀 (CJK Extension A) are four-byte
        // sequences in GB18030; GBK has neither.
        let text = format!("{SAMPLE}，人名用字𠀀与㐀。\n{}", SAMPLE.repeat(20));
        let (bytes, _, unmappable) = encoding_rs::GB18030.encode(&text);
        assert!(!unmappable);
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, text);
        assert_eq!(d.encoding, "gb18030");
        assert!(has_four_byte_gb18030(&bytes));
        // A GBK file has none, and its digits after ASCII are not read as
        // one: `年2` is a two-byte character and an ASCII digit.
        let (gbk, _, _) = encoding_rs::GBK.encode("2023年2月，第2次会议");
        assert!(!has_four_byte_gb18030(&gbk));
    }

    #[test]
    fn utf16le_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in SAMPLE.encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, SAMPLE);
        assert_eq!(d.encoding, "UTF-16LE");
    }

    #[test]
    fn utf16_without_bom_is_detected_by_its_line_breaks() {
        // 一 (U+4E00) has a NUL low byte: NUL bytes sit at both offsets.
        let text = "一、2019年工作回顾\r\n一是加快发展数字经济。\r\n第二行 ABC";
        for (le, name) in [(true, "UTF-16LE"), (false, "UTF-16BE")] {
            let bytes: Vec<u8> = text
                .encode_utf16()
                .flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() })
                .collect();
            let d = decode(&bytes).unwrap();
            assert_eq!(d.text, text);
            assert_eq!(d.encoding, name);
            assert!(!d.had_bom);
        }
        // No line break: not recognised, and refused for its NUL bytes
        // rather than read as garbage.
        let one_line: Vec<u8> = "ABC数字经济"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert!(decode(&one_line).is_err());
    }

    /// A file of UTF-8 lines followed by the same lines in GBK (two
    /// sources joined) reads each line in its own encoding; a GBK file
    /// stays GBK.
    #[test]
    fn utf8_and_gbk_lines_in_one_file() {
        let text =
            "2022年示例市政府工作报告\n\n我们大力发展数字经济,推进人工智能和乡村振兴。\n".repeat(5);
        let (gbk, _, _) = encoding_rs::GBK.encode(&text);
        let mut bytes = text.as_bytes().to_vec();
        bytes.extend_from_slice(&gbk);
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, format!("{text}{text}"));
        assert_eq!(d.encoding, MIXED_UTF8_GBK);
        assert_eq!(d.mixed, (10, 16));
        let d = decode(&gbk).unwrap();
        assert_eq!((d.encoding, d.mixed), ("GBK", (0, 0)));
        assert_eq!(d.text, text);
    }

    /// A few NUL characters in otherwise clean UTF-8 are removed and
    /// counted, with the line of the first; in a legacy encoding, or many
    /// of them, they still mark a binary file.
    #[test]
    fn a_few_nuls_in_utf8_are_removed() {
        let text = format!("{}\n第二行。\0\n第三行。\0\0", long_sample());
        let d = decode(text.as_bytes()).unwrap();
        assert_eq!(d.text, text.replace('\0', ""));
        let line = 1 + long_sample().matches('\n').count() as u64 + 1;
        assert_eq!(d.nuls, (3, line));
        assert_eq!(decode(long_sample().as_bytes()).unwrap().nuls, (0, 0));
        let with_nul = format!("{}\0", long_sample());
        let (gbk, _, _) = encoding_rs::GBK.encode(&with_nul);
        assert!(decode(&gbk).is_err());
        assert_eq!(decode("数字\0经济".as_bytes()).unwrap().nuls, (1, 1));
        assert!(decode("数字经济".repeat(5).replace('济', "\0").as_bytes()).is_ok());
        assert!(decode("数字\0".repeat(20).as_bytes()).is_err());
    }

    /// A report body long enough for the share of malformed sequences to
    /// stay under one in a hundred.
    fn long_sample() -> String {
        let mut s =
            String::from("政府工作报告\n——2014年1月10日在个旧市第十六届人民代表大会第四次会议上\n");
        for k in 0..40 {
            s.push_str(&format!(
                "{k}、加快发展数字经济，推进高质量发展，全面推进乡村振兴。\n"
            ));
        }
        s
    }

    #[test]
    fn utf8_cut_inside_its_last_character_is_read_as_utf8() {
        let text = long_sample();
        let bytes = text.as_bytes();
        // The download stopped inside the last character (。 is 3 bytes).
        let cut = &bytes[..bytes.len() - 2];
        let d = decode(cut).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.replaced, 1);
        assert_eq!(d.text, format!("{}\u{FFFD}", &text[..text.len() - 4]));
        // A stray byte in the middle likewise.
        let mut stray = bytes.to_vec();
        let at = text
            .char_indices()
            .map(|(i, _)| i)
            .find(|&i| i >= 300)
            .unwrap();
        stray.insert(at, 0xFF);
        let d = decode(&stray).unwrap();
        assert_eq!((d.encoding, d.replaced), ("UTF-8", 1));
        assert_eq!(d.text.replace('\u{FFFD}', ""), text);
    }

    #[test]
    fn gbk_or_big5_with_a_damaged_character_is_still_read_as_such() {
        let text = long_sample();
        let (gbk, _, _) = encoding_rs::GBK.encode(&text);
        // A stray 0xFF, and an invalid pair (lead byte, then a space).
        for damage in [&[0xFFu8][..], &[0x81, 0x20][..]] {
            let mut bytes = gbk.to_vec();
            // At the start of a line of the body.
            let at = (0..bytes.len() / 2)
                .rev()
                .find(|&i| bytes[i] == b'\n')
                .unwrap()
                + 1;
            bytes.splice(at..at, damage.iter().copied());
            let d = decode(&bytes).unwrap();
            assert_eq!(d.encoding, "GBK", "{damage:?}");
            assert!(d.replaced >= 1);
            assert!(d.text.contains("加快发展数字经济"));
            assert!(d.text.starts_with("政府工作报告\n——2014年1月10日在个旧市"));
        }
        let mut traditional = String::from("政府工作報告\n");
        for k in 0..40 {
            traditional.push_str(&format!(
                "{k}、加快發展數字經濟，推進高質量發展，全面推進鄉村振興。\n"
            ));
        }
        let (big5, _, had_errors) = encoding_rs::BIG5.encode(&traditional);
        assert!(!had_errors);
        let mut bytes = big5.to_vec();
        // Cut inside the last character (。 and the line break).
        bytes.truncate(bytes.len() - 2);
        let d = decode(&bytes).unwrap();
        assert_eq!((d.encoding, d.replaced), ("Big5", 1));
        assert!(d.text.contains("加快發展數字經濟"));
    }

    #[test]
    fn latin_text_with_accents_is_not_read_as_chinese() {
        let text = "Rapport sur l'activité du gouvernement, présenté à l'Assemblée. ".repeat(50);
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, "windows-1252");
        assert_eq!(d.text, text);
    }

    #[test]
    fn binary_is_rejected() {
        let bytes: Vec<u8> = (0u8..=255).cycle().take(4096).collect();
        assert!(decode(&bytes).is_err());
    }
}
