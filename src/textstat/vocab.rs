//! Which words automatic selection may pick: every word, content words, or
//! dictionary terms only (`--vocab all|content|lexicon`).
//!
//! *Content* words (the default) are the terms of the loaded dictionaries
//! (the policy lexicon and any `--dict` file) and the words jieba tags as
//! nouns (`n`, `ns`, `nt`, `nz`, `ng`, `nw`), idioms and fixed expressions
//! (`i`, `l`) or abbreviations (`j`), unless the word is made of stopwords
//! only (切实加强 = 切实 + 加强, listed in jieba's dictionary as `l`). The
//! tag is the one jieba's dictionary gives the word type (or, for a word
//! jieba found with its HMM, the HMM's guess); only the candidate word types
//! are tagged, never running text. Verbs, verbal nouns, adjectives and
//! adverbs (创新 `v`, 优化 `vn`, 持续 `vd`, 综合 `vn`) are left out: their
//! rises and falls describe how reports are written, not what they are
//! about. Person names (`nr`, `nrt`, `nrfg`) are left out too: in jieba's
//! dictionary these tags also sit on rare phrases (大力加强 `nr`, 努力提高
//! `nrt`). See `docs/STATISTICS.md` ("Vocabulary of automatic selection").

use std::collections::HashSet;

use crate::tokens::{Dictionary, Segmenter, Stopwords};

/// jieba tags of content words.
pub const CONTENT_TAGS: &[&str] = &["n", "ns", "nt", "nz", "ng", "nw", "i", "l", "j"];

/// How the vocabularies are defined, for manifests.
pub const DESCRIPTION: &str = "all = every eligible word; content = dictionary terms (lexicon, --dict) and words jieba's dictionary tags as nouns (n, ns, nt, nz, ng, nw), idioms or fixed expressions (i, l) or abbreviations (j), unless made of stopwords only; lexicon = dictionary terms only";

/// The vocabulary automatic selection draws from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Vocab {
    /// Every eligible word.
    All,
    /// Dictionary terms and nouns, idioms and abbreviations (the default).
    #[default]
    Content,
    /// Dictionary terms only (the lexicon and `--dict` files).
    Lexicon,
}

impl Vocab {
    /// Lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Vocab::All => "all",
            Vocab::Content => "content",
            Vocab::Lexicon => "lexicon",
        }
    }
}

/// A [`Vocab`] with what it needs to decide: the dictionary terms and a
/// segmenter to tag word types.
#[derive(Debug)]
pub struct Vocabulary<'a> {
    /// The mode.
    pub mode: Vocab,
    lexicon: HashSet<String>,
    segmenter: Option<&'a Segmenter>,
    stopwords: Option<&'a Stopwords>,
}

impl<'a> Vocabulary<'a> {
    /// The vocabulary of `mode` over the terms of `dictionaries`, tagging
    /// with `segmenter`; words made of `stopwords` are not content.
    pub fn new(
        mode: Vocab,
        dictionaries: &[Dictionary],
        segmenter: &'a Segmenter,
        stopwords: &'a Stopwords,
    ) -> Self {
        Vocabulary {
            mode,
            lexicon: dictionaries
                .iter()
                .flat_map(|d| d.entries.iter().map(|e| e.word.clone()))
                .collect(),
            segmenter: Some(segmenter),
            stopwords: Some(stopwords),
        }
    }

    /// Every word, no dictionary (for tests and callers without a segmenter).
    pub fn all() -> Vocabulary<'static> {
        Vocabulary {
            mode: Vocab::All,
            lexicon: HashSet::new(),
            segmenter: None,
            stopwords: None,
        }
    }

    /// Whether `word` is a term of the loaded dictionaries.
    pub fn is_lexicon(&self, word: &str) -> bool {
        self.lexicon.contains(word)
    }

    /// The segmenter tagging word types, if any.
    pub fn segmenter(&self) -> Option<&'a Segmenter> {
        self.segmenter
    }

    /// jieba's tag of the word type (see [`Segmenter::word_tag`]).
    pub fn tag(&self, word: &str) -> Option<String> {
        self.segmenter.and_then(|s| s.word_tag(word))
    }

    /// Whether `tag` is a content tag.
    pub fn is_content_tag(tag: &str) -> bool {
        CONTENT_TAGS.contains(&tag)
    }

    /// Whether automatic selection may pick `word`.
    pub fn admits(&self, word: &str) -> bool {
        match self.mode {
            Vocab::All => true,
            Vocab::Lexicon => self.is_lexicon(word),
            Vocab::Content => {
                self.is_lexicon(word)
                    || (self.tag(word).is_some_and(|t| Self::is_content_tag(&t))
                        && !self.stopwords.is_some_and(|s| made_of_stopwords(word, s)))
            }
        }
    }
}

/// Whether `word` splits into two or more stopwords (切实加强 = 切实 + 加强).
fn made_of_stopwords(word: &str, stop: &Stopwords) -> bool {
    let bounds: Vec<usize> = word
        .char_indices()
        .map(|(b, _)| b)
        .chain([word.len()])
        .collect();
    let n = bounds.len() - 1;
    // parts[k]: fewest stopwords covering the first k characters.
    let mut parts: Vec<Option<usize>> = vec![None; n + 1];
    parts[0] = Some(0);
    for end in 1..=n {
        parts[end] = (0..end)
            .filter_map(|start| {
                let p = parts[start]?;
                stop.contains(&word[bounds[start]..bounds[end]])
                    .then_some(p + 1)
            })
            .max();
    }
    parts[n].is_some_and(|p| p >= 2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::SegmenterConfig;

    #[test]
    fn content_words_are_nouns_idioms_and_lexicon_terms() {
        let lexicon = Dictionary::lexicon().unwrap();
        let seg = Segmenter::new(&SegmenterConfig {
            hmm: true,
            dictionaries: vec![lexicon.clone()],
            required: vec![],
        })
        .unwrap();
        let stop = Stopwords::builtin().unwrap();
        let v = Vocabulary::new(Vocab::Content, std::slice::from_ref(&lexicon), &seg, &stop);
        // jieba's dictionary tags: 创新 v, 优化 vn, 持续 vd, 风险 n, 基本建设 l.
        assert_eq!(v.tag("创新").as_deref(), Some("v"));
        assert_eq!(v.tag("优化").as_deref(), Some("vn"));
        assert_eq!(v.tag("数字经济").as_deref(), Some("nz"));
        for w in ["风险", "基本建设", "数字经济", "新质生产力", "国民经济"] {
            assert!(v.admits(w), "{w}");
        }
        // 切实加强 is `l` in jieba's dictionary but made of two stopwords;
        // 大力加强 is tagged `nr`.
        assert_eq!(v.tag("切实加强").as_deref(), Some("l"));
        for w in [
            "创新",
            "优化",
            "持续",
            "综合",
            "保障",
            "切实加强",
            "大力加强",
        ] {
            assert!(!v.admits(w), "{w}");
        }
        let lex = Vocabulary::new(Vocab::Lexicon, std::slice::from_ref(&lexicon), &seg, &stop);
        assert!(lex.admits("数字经济"));
        assert!(!lex.admits("风险"));
        assert!(Vocabulary::all().admits("优化"));
    }
}
