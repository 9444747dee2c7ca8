//! Web pages saved as one file: `.mht` and `.mhtml` ("Web archive, single
//! file" of Internet Explorer, Edge and Chrome, and many government-site
//! downloads).
//!
//! Such a file is a MIME message (mail-parser reads it): the page is its
//! first `text/html` part, in quoted-printable or base64; images and style
//! sheets are the other parts and are ignored. The page's bytes then go
//! through the HTML reader like a saved `.html` file. Where the part names
//! its charset (Internet Explorer writes `charset="gb2312"`), mail-parser
//! decodes it and the text is handed on as UTF-8 with a byte-order mark, so
//! the page's own `<meta charset>` cannot contradict it; where it does not
//! (Chrome), the transfer-decoded bytes are handed on and the HTML reader
//! finds the charset as for any page (`<meta charset>`, else detection).

use mail_parser::decoders::base64::base64_decode;
use mail_parser::decoders::quoted_printable::quoted_printable_decode;
use mail_parser::{Encoding, MessageParser, MimeHeaders, PartType};

/// Why a web archive has no page to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MhtmlProblem {
    /// The file is not a MIME message.
    NotMime,
    /// The message holds no HTML part.
    NoPage,
}

impl std::fmt::Display for MhtmlProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            MhtmlProblem::NotMime => "not a web archive (no MIME headers)",
            MhtmlProblem::NoPage => "the web archive holds no HTML page",
        })
    }
}

/// The page inside a web archive.
#[derive(Debug, PartialEq, Eq)]
pub struct Page {
    /// Its bytes, for the HTML reader: UTF-8 with a byte-order mark when the
    /// archive named the charset, else as the page was saved.
    pub bytes: Vec<u8>,
    /// The charset the archive named for it (encoding_rs's name), if any.
    pub charset: Option<&'static str>,
}

/// The page inside the web archive `bytes`.
pub fn page_of(bytes: &[u8]) -> Result<Page, MhtmlProblem> {
    // A message starts with header lines; without a colon in its first line
    // this is not one (mail-parser would take anything as a body).
    let first = bytes
        .split(|&b| b == b'\n')
        .find(|l| !l.iter().all(u8::is_ascii_whitespace))
        .unwrap_or_default();
    if !first.contains(&b':') {
        return Err(MhtmlProblem::NotMime);
    }
    let message = MessageParser::default()
        .parse(bytes)
        .ok_or(MhtmlProblem::NotMime)?;
    let part = message
        .parts
        .iter()
        .find(|p| matches!(p.body, PartType::Html(_)))
        .ok_or(MhtmlProblem::NoPage)?;
    let PartType::Html(text) = &part.body else {
        return Err(MhtmlProblem::NoPage);
    };
    let named = part
        .content_type()
        .and_then(|ct| ct.attribute("charset"))
        .filter(|c| !c.trim().is_empty());
    if named.is_none() {
        let (start, end) = (part.offset_body as usize, part.offset_end as usize);
        if let Some(raw) = message.raw_message.get(start..end.max(start)) {
            let decoded = match part.encoding {
                Encoding::QuotedPrintable => quoted_printable_decode(raw),
                Encoding::Base64 => base64_decode(raw),
                Encoding::None => Some(raw.to_vec()),
            };
            if let Some(bytes) = decoded {
                return Ok(Page {
                    bytes,
                    charset: None,
                });
            }
        }
    }
    let mut out = Vec::with_capacity(text.len() + 3);
    out.extend_from_slice("\u{FEFF}".as_bytes());
    out.extend_from_slice(text.as_bytes());
    Ok(Page {
        bytes: out,
        charset: named
            .and_then(|c| encoding_rs::Encoding::for_label(c.trim().as_bytes()))
            .map(|e| e.name()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    /// Quoted-printable as Internet Explorer writes it: every byte outside
    /// printable ASCII as `=XX`, `=` itself too, soft breaks under 76.
    pub(crate) fn qp(bytes: &[u8]) -> String {
        let mut out = String::new();
        let mut line = 0;
        for &b in bytes {
            let piece = if b == b'\n' {
                out.push_str("\r\n");
                line = 0;
                continue;
            } else if (b' '..=b'~').contains(&b) && b != b'=' {
                (b as char).to_string()
            } else {
                format!("={b:02X}")
            };
            if line + piece.len() > 73 {
                out.push_str("=\r\n");
                line = 0;
            }
            line += piece.len();
            out.push_str(&piece);
        }
        out
    }

    const PAGE: &str = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"><title>2019年示例市政府工作报告</title></head><body><h1>政府工作报告</h1><p>各位代表：</p><p>推进“互联网＋”，发展数字经济。</p></body></html>\n";

    fn ie_archive(page: &[u8], charset: Option<&str>, base64: bool) -> Vec<u8> {
        let ct = match charset {
            Some(c) => format!("text/html; charset=\"{c}\""),
            None => "text/html".into(),
        };
        let (cte, body) = if base64 {
            let b = base64::engine::general_purpose::STANDARD.encode(page);
            let lines: Vec<&str> = b
                .as_bytes()
                .chunks(76)
                .map(|c| std::str::from_utf8(c).unwrap_or_default())
                .collect();
            ("base64", lines.join("\r\n"))
        } else {
            ("quoted-printable", qp(page))
        };
        format!(
            "From: <Saved by Windows Internet Explorer 8>\r\nSubject: =?gb2312?B?yr7A/Q==?=\r\nDate: Tue, 5 Mar 2019 10:00:00 +0800\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n\tboundary=\"----=_NextPart_000_0000_01D4D2F1.2B3A5C40\"\r\n\r\nThis is a multi-part message in MIME format.\r\n\r\n------=_NextPart_000_0000_01D4D2F1.2B3A5C40\r\nContent-Type: {ct}\r\nContent-Transfer-Encoding: {cte}\r\nContent-Location: http://www.example.gov.cn/zwgk/2019/gzbg.htm\r\n\r\n{body}\r\n\r\n------=_NextPart_000_0000_01D4D2F1.2B3A5C40\r\nContent-Type: image/gif\r\nContent-Transfer-Encoding: base64\r\nContent-Location: http://www.example.gov.cn/images/logo.gif\r\n\r\nR0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==\r\n\r\n------=_NextPart_000_0000_01D4D2F1.2B3A5C40--\r\n"
        )
        .into_bytes()
    }

    fn gbk(s: &str) -> Vec<u8> {
        encoding_rs::GBK.encode(s).0.into_owned()
    }

    fn page_text(bytes: &[u8]) -> String {
        let page = page_of(bytes).unwrap();
        let decoded = crate::corpus::formats::html::decode_html(&page.bytes).unwrap();
        // Line ends as the archive wrote them, and the blank line before
        // the next part's boundary, are no part of the page.
        let text = decoded.text.trim_start_matches('\u{FEFF}').trim_end();
        format!("{}\n", text.replace("\r\n", "\n"))
    }

    #[test]
    fn internet_explorer_archive_with_a_gbk_page_in_quoted_printable() {
        let archive = ie_archive(&gbk(PAGE), Some("gb2312"), false);
        assert_eq!(page_text(&archive), PAGE);
        assert_eq!(page_of(&archive).unwrap().charset, Some("GBK"));
    }

    #[test]
    fn chrome_archive_with_no_charset_keeps_the_page_bytes() {
        // No charset on the part: the page's own <meta> (GBK here) decides.
        let text = page_text(&ie_archive(&gbk(PAGE), None, false));
        assert_eq!(text, PAGE);
        let utf8 = PAGE.replace("gb2312", "utf-8");
        assert_eq!(page_text(&ie_archive(utf8.as_bytes(), None, false)), utf8);
    }

    #[test]
    fn base64_pages_are_decoded() {
        let text = page_text(&ie_archive(&gbk(PAGE), Some("gbk"), true));
        assert_eq!(text, PAGE);
        assert_eq!(page_text(&ie_archive(&gbk(PAGE), None, true)), PAGE);
    }

    #[test]
    fn a_single_part_archive_is_its_page() {
        let one = format!(
            "MIME-Version: 1.0\r\nContent-Type: text/html; charset=\"utf-8\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n{}",
            qp(PAGE.as_bytes())
        );
        assert_eq!(page_text(one.as_bytes()), PAGE);
    }

    #[test]
    fn mutations_never_panic() {
        let archive = ie_archive(&gbk(PAGE), Some("gb2312"), false);
        let b64 = ie_archive(&gbk(PAGE), None, true);
        for seed in [&archive, &b64] {
            for i in (0..seed.len()).step_by(7) {
                for cut in [&seed[..i], &seed[i..]] {
                    let _ = page_of(cut);
                }
                let mut m = seed.clone();
                m[i] = m[i].wrapping_add(0x5b);
                if let Ok(page) = page_of(&m) {
                    let _ = crate::corpus::formats::html::decode_html(&page.bytes);
                }
            }
        }
    }

    #[test]
    fn not_an_archive_or_no_page_is_a_problem() {
        assert_eq!(page_of(PAGE.as_bytes()), Err(MhtmlProblem::NotMime));
        assert_eq!(page_of(b""), Err(MhtmlProblem::NotMime));
        assert_eq!(page_of(b"\xff\xfe\x00"), Err(MhtmlProblem::NotMime));
        let images = "MIME-Version: 1.0\r\nContent-Type: image/gif\r\nContent-Transfer-Encoding: base64\r\n\r\nR0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==\r\n";
        assert_eq!(page_of(images.as_bytes()), Err(MhtmlProblem::NoPage));
    }
}
