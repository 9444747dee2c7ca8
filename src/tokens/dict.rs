//! Dictionaries in Python-jieba user-dictionary format (`word [freq] [tag]`),
//! the shipped policy-term lexicon, and word lists (stopwords, terms files).
//!
//! Parsing is tolerant the way Python jieba is (BOM, CRLF, blank lines,
//! missing frequency, tag without frequency) and strict where a line cannot
//! mean anything: a malformed frequency is an error naming `path:line`.

use std::path::Path;

use unicode_normalization::UnicodeNormalization;

use crate::error::{Error, Result};

/// The policy-term lexicon shipped with the project.
pub const LEXICON: &str = include_str!("../../assets/lexicon/policy_terms.txt");
/// Name of the shipped lexicon, for manifests.
pub const LEXICON_NAME: &str = "assets/lexicon/policy_terms.txt";

/// One dictionary entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DictEntry {
    /// The word (NFKC-normalised, like the texts).
    pub word: String,
    /// Its frequency, if given.
    pub freq: Option<usize>,
    /// Its part-of-speech tag, if given.
    pub tag: Option<String>,
}

/// A parsed dictionary with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dictionary {
    /// Path or name, for manifests.
    pub origin: String,
    /// SHA-256 of the file's bytes.
    pub sha256: String,
    /// Entries in file order.
    pub entries: Vec<DictEntry>,
}

impl Dictionary {
    /// The shipped lexicon.
    pub fn lexicon() -> Result<Dictionary> {
        Self::parse(LEXICON, Path::new(LEXICON_NAME))
    }

    /// Read a user dictionary file.
    pub fn read(path: &Path) -> Result<Dictionary> {
        let text = crate::fileio::read_utf8(path, "the dictionary")?;
        Self::parse(&text, path)
    }

    /// Parse dictionary text; `origin` names it in errors.
    pub fn parse(text: &str, origin: &Path) -> Result<Dictionary> {
        let mut entries = Vec::new();
        for (i, line) in lines(text) {
            if let Some(e) = parse_entry(line).map_err(|m| Error::bad_line(origin, i, m))? {
                entries.push(e);
            }
        }
        Ok(Dictionary {
            origin: origin.display().to_string(),
            sha256: crate::report::sha256_hex(text.as_bytes()),
            entries,
        })
    }
}

/// Lines of a text file with 1-based numbers, BOM and `\r` removed.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.trim_start_matches('\u{feff}')
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
}

/// Parse `word [freq] [tag]`; `Ok(None)` for a blank line.
fn parse_entry(line: &str) -> std::result::Result<Option<DictEntry>, String> {
    let mut parts: Vec<&str> = line.split_whitespace().collect();
    if parts.is_empty() {
        return Ok(None);
    }
    let mut tag = None;
    let mut freq = None;
    if parts.len() >= 2 {
        let last = parts[parts.len() - 1];
        if last.chars().all(|c| c.is_ascii_alphabetic()) {
            tag = Some(last.to_string());
            parts.pop();
        }
    }
    if parts.len() >= 2 {
        let last = parts[parts.len() - 1];
        if last
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || c == '-')
        {
            let f: usize = last.parse().map_err(|_| {
                format!("frequency {last:?} is not a whole number (format: word [freq] [tag])")
            })?;
            freq = Some(f);
            parts.pop();
        }
    }
    if parts.len() > 1 {
        return Err(format!(
            "{} fields where `word [freq] [tag]` was expected (is the frequency a whole number, the tag letters only?)",
            parts.len() + usize::from(freq.is_some()) + usize::from(tag.is_some())
        ));
    }
    let word: String = parts[0].nfkc().collect();
    if !word.chars().any(char::is_alphanumeric) {
        return Err(format!(
            "{word:?} is not a word (format: word [freq] [tag])"
        ));
    }
    Ok(Some(DictEntry { word, freq, tag }))
}

/// Read a word list (one word per line, `#` comments, blank lines ignored).
/// Used for stopwords and `--terms-file`. A line with inner whitespace is an
/// error: the list holds single terms.
pub fn read_word_list(text: &str, origin: &Path) -> Result<Vec<String>> {
    let mut words = Vec::new();
    for (i, line) in lines(text) {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        if line.split_whitespace().count() > 1 {
            return Err(Error::bad_line(
                origin,
                i,
                format!("{line:?} holds more than one word; write one term per line"),
            ));
        }
        let word: String = line.nfkc().collect();
        if !word.chars().any(char::is_alphabetic) {
            return Err(Error::bad_line(
                origin,
                i,
                format!("{word:?} has no letters or Han characters, so it can never be a word"),
            ));
        }
        words.push(word);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_jieba_format_is_tolerated() {
        let text = "\u{feff}数字经济 50000 n\r\n\r\n新质生产力\r\n互联网＋ nz\n一带一路 3\n";
        let d = Dictionary::parse(text, Path::new("u.txt")).unwrap();
        let words: Vec<_> = d.entries.iter().map(|e| e.word.as_str()).collect();
        assert_eq!(words, ["数字经济", "新质生产力", "互联网+", "一带一路"]);
        assert_eq!(d.entries[0].freq, Some(50000));
        assert_eq!(d.entries[0].tag.as_deref(), Some("n"));
        assert_eq!(d.entries[1].freq, None);
        assert_eq!(d.entries[2].tag.as_deref(), Some("nz"));
        assert_eq!(d.entries[3].freq, Some(3));
    }

    #[test]
    fn bad_frequency_names_the_line() {
        let err = Dictionary::parse("数字经济 x1 n\n", Path::new("u.txt")).unwrap_err();
        assert!(err.to_string().starts_with("u.txt:1: 3 fields"), "{err}");
        let err = Dictionary::parse("数字经济 10\n碳达峰 1.5 n\n", Path::new("u.txt")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "u.txt:2: frequency \"1.5\" is not a whole number (format: word [freq] [tag])"
        );
    }

    #[test]
    fn word_lists() {
        let w =
            read_word_list("# terms\n数字经济\n\n互联网＋  # plus\r\n", Path::new("t")).unwrap();
        assert_eq!(w, ["数字经济", "互联网+"]);
        let err = read_word_list("数字经济\n数字 经济\n", Path::new("t.txt")).unwrap_err();
        assert!(err.to_string().starts_with("t.txt:2:"), "{err}");
        assert!(read_word_list("2025\n", Path::new("t")).is_err());
    }

    #[test]
    fn shipped_lexicon_parses_and_is_large_enough() {
        let d = Dictionary::lexicon().unwrap();
        assert!(d.entries.len() >= 300, "{} entries", d.entries.len());
        for must in [
            "数字经济",
            "新质生产力",
            "高质量发展",
            "互联网+",
            "人工智能+",
            "碳达峰",
        ] {
            assert!(d.entries.iter().any(|e| e.word == must), "{must} missing");
        }
    }

    #[test]
    fn shipped_lexicon_is_atomic() {
        // No entry contains another: otherwise the shorter one could never be
        // counted where the longer one occurs.
        let d = Dictionary::lexicon().unwrap();
        let mut clashes = vec![];
        for a in &d.entries {
            for b in &d.entries {
                if a.word != b.word && b.word.contains(&a.word) {
                    clashes.push(format!("{} ⊂ {}", a.word, b.word));
                }
            }
        }
        assert!(clashes.is_empty(), "{clashes:?}");
    }
}
