//! Chinese stopwords. jieba-rs ships an English list only, so the project
//! ships two Chinese lists (general function words, and the boilerplate of
//! government reports); `--stopwords FILE` replaces both.

use std::collections::HashSet;
use std::path::Path;

use super::dict::read_word_list;
use crate::error::Result;

/// General Chinese stopwords (see `assets/stopwords/README.md`).
pub const GENERAL: &str = include_str!("../../assets/stopwords/zh_general.txt");
/// Boilerplate of government work reports (进一步, 加强, 推进…).
pub const GOV_REPORT: &str = include_str!("../../assets/stopwords/zh_gov_report.txt");

/// A stopword set and where it came from.
#[derive(Debug, Clone, Default)]
pub struct Stopwords {
    words: HashSet<String>,
    /// Files or built-in list names, in order.
    pub origins: Vec<String>,
    /// SHA-256 over the lists' contents, in order.
    pub sha256: String,
}

impl Stopwords {
    /// The two shipped lists.
    pub fn builtin() -> Result<Self> {
        let mut s = Stopwords::default();
        s.add_text(GENERAL, "assets/stopwords/zh_general.txt")?;
        s.add_text(GOV_REPORT, "assets/stopwords/zh_gov_report.txt")?;
        Ok(s)
    }

    /// The words of the given files (replacing the shipped lists).
    pub fn from_files(paths: &[impl AsRef<Path>]) -> Result<Self> {
        let mut s = Stopwords::default();
        for p in paths {
            let p = p.as_ref();
            let text = crate::fileio::read_utf8(p, "the stopword list")?;
            s.add_text(&text, &p.display().to_string())?;
        }
        Ok(s)
    }

    fn add_text(&mut self, text: &str, origin: &str) -> Result<()> {
        self.words.extend(read_word_list(text, Path::new(origin))?);
        self.origins.push(origin.to_string());
        let mut joined = self.sha256.clone().into_bytes();
        joined.extend_from_slice(text.as_bytes());
        self.sha256 = crate::report::sha256_hex(&joined);
        Ok(())
    }

    /// Whether `word` is a stopword.
    pub fn contains(&self, word: &str) -> bool {
        self.words.contains(word)
    }

    /// The stopwords, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.words.iter().map(String::as_str)
    }

    /// Number of stopwords.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lists_hold_chinese_function_words_not_policy_terms() {
        let s = Stopwords::builtin().unwrap();
        for w in ["的", "了", "和", "我们"] {
            assert!(s.contains(w), "{w} should be a stopword");
        }
        let lexicon = super::super::dict::Dictionary::lexicon().unwrap();
        let clash: Vec<_> = lexicon
            .entries
            .iter()
            .filter(|e| s.contains(&e.word))
            .map(|e| e.word.clone())
            .collect();
        assert!(clash.is_empty(), "lexicon terms in stopwords: {clash:?}");
    }
}
