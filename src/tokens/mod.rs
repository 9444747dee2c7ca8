//! The `tokens` stage: the one jieba-rs wrapper, dictionaries and stopwords.
//!
//! A [`Segmenter`] is built once per run and shared by reference across
//! rayon threads. It loads jieba's default dictionary, the policy-term
//! lexicon, user dictionaries and the terms the user asks about. Lexicon,
//! user-dictionary and requested terms are *protected*: they are matched
//! first (leftmost-longest, with Aho–Corasick) and always come out as one
//! token, wherever they occur as a substring; jieba (with HMM, like Python
//! jieba's default `cut`) segments the text between them. This is what makes
//! `token_count == substring_count` hold for protected terms: a dictionary
//! frequency alone can lose to neighbouring words.
//!
//! Where protected terms overlap, requested terms win over dictionary terms;
//! among terms of the same tier, backward maximum matching decides (the
//! match ending last wins, the longest among those): in
//! `人民币汇率形成机制` that keeps 汇率形成机制, in `产业数字化转型`
//! 数字化转型. A dictionary term that contains a requested term is not
//! protected, so the requested term is counted there (see
//! [`Segmenter::new`]). Crossing overlaps are rare (a dozen in the national
//! and provincial corpora together) and are reported by the trends run when
//! they touch a requested term.

pub mod dict;
pub mod stopwords;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use jieba_rs::Jieba;

pub use self::dict::{DictEntry, Dictionary};
pub use self::stopwords::Stopwords;
use crate::error::{Error, Result};

/// Frequency given to protected terms without one, so that jieba's own
/// keyword extractors also see them as words.
const PROTECTED_MIN_FREQ: usize = 20_000;

/// What the segmenter is built from.
#[derive(Debug, Clone, Default)]
pub struct SegmenterConfig {
    /// Use jieba's HMM for unknown words (Python jieba's default).
    pub hmm: bool,
    /// Dictionaries (the lexicon first, then user dictionaries).
    pub dictionaries: Vec<Dictionary>,
    /// Terms the user asks about: always single tokens.
    pub required: Vec<String>,
}

/// The jieba wrapper. Build once, share everywhere.
pub struct Segmenter {
    jieba: Jieba,
    protected: Vec<String>,
    required: Option<AhoCorasick>,
    dictionary: Option<AhoCorasick>,
    hmm: bool,
    dropped: Vec<(String, String)>,
    extra: Vec<String>,
    /// Indexed by jieba word id: the word is a protected dictionary term.
    protected_ids: Vec<bool>,
    /// Every protected term is made of characters jieba segments with its
    /// dictionary, so the constrained cut applies (see [`Segmenter::each_token`]).
    constrained: bool,
}

impl std::fmt::Debug for Segmenter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Segmenter")
            .field("protected", &self.protected.len())
            .field("hmm", &self.hmm)
            .finish()
    }
}

/// One token with its byte offsets in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    /// The token text.
    pub word: &'a str,
    /// Byte offset of its start.
    pub start: usize,
}

impl Segmenter {
    /// Build the segmenter.
    ///
    /// Protected terms = every dictionary word plus `required`, except that a
    /// dictionary word strictly containing a required term is left out (it
    /// stays in jieba's dictionary, but is no longer forced), so that the
    /// requested term is counted there. Those exclusions are reported by
    /// [`Segmenter::dropped`].
    pub fn new(config: &SegmenterConfig) -> Result<Segmenter> {
        let mut jieba = Jieba::new();
        let mut protected: Vec<String> = Vec::new();
        let mut dropped = Vec::new();
        for d in &config.dictionaries {
            for e in &d.entries {
                let freq = e.freq.unwrap_or(PROTECTED_MIN_FREQ).max(1);
                jieba.add_word(&e.word, Some(freq), e.tag.as_deref());
                if let Some(req) = config
                    .required
                    .iter()
                    .find(|r| e.word != **r && e.word.contains(r.as_str()))
                {
                    dropped.push((e.word.clone(), req.clone()));
                } else {
                    protected.push(e.word.clone());
                }
            }
        }
        // Requested terms are protected but NOT added to jieba's dictionary:
        // adding a word changes jieba's total frequency and so, in principle,
        // the segmentation of every text. Keeping the dictionary fixed keeps
        // documents without the term segmented exactly as before (which is
        // what makes the segmentation cache exact).
        let mut required: Vec<String> = config.required.clone();
        let extra: Vec<String> = required
            .iter()
            .filter(|r| {
                !config
                    .dictionaries
                    .iter()
                    .any(|d| d.entries.iter().any(|e| &e.word == *r))
            })
            .cloned()
            .collect();
        protected.retain(|p| !required.contains(p));
        let mut protected_ids = vec![false; jieba.dictionary_len()];
        for p in &protected {
            if let Some(id) = jieba.word_id(p) {
                protected_ids[id] = true;
            }
        }
        let constrained = protected
            .iter()
            .chain(&required)
            .all(|t| t.chars().all(Jieba::in_dictionary_block));
        let dictionary = matcher(&mut protected)?;
        let required_matcher = matcher(&mut required)?;
        protected.extend(required);
        protected.sort();
        Ok(Segmenter {
            jieba,
            protected,
            required: required_matcher,
            dictionary,
            hmm: config.hmm,
            dropped,
            extra,
            protected_ids,
            constrained,
        })
    }

    /// Dictionary words that were not protected because they contain a
    /// requested term: `(word, requested term)`.
    pub fn dropped(&self) -> &[(String, String)] {
        &self.dropped
    }

    /// Requested terms that no dictionary holds: a text containing one of
    /// them may be segmented differently from the dictionaries alone.
    pub fn extra_terms(&self) -> &[String] {
        &self.extra
    }

    /// The protected terms, sorted.
    pub fn protected(&self) -> &[String] {
        &self.protected
    }

    /// The underlying jieba instance (with all dictionaries loaded).
    pub fn jieba(&self) -> &Jieba {
        &self.jieba
    }

    /// Every token of `text` in order, punctuation and whitespace included
    /// (filter with [`is_content`]).
    pub fn tokens<'a>(&self, text: &'a str) -> Vec<Token<'a>> {
        let mut out = Vec::with_capacity(text.len() / 4);
        self.each_token(text, |t| out.push(t));
        out
    }

    /// Call `f` for every token of `text`, in order.
    ///
    /// Requested terms are found with Aho–Corasick and resolved by backward
    /// maximum matching; they and the protected dictionary terms are then
    /// constraints on jieba's own best route (`Jieba::cut_protected`, a
    /// small addition to jieba-rs, see `vendor/jieba-rs/PATCHED.md`): the
    /// dictionary terms are read off jieba's word graph, overlapping ones
    /// resolved by backward maximum matching, and no word may cross a chosen
    /// term's edge. If a protected term holds a character outside jieba's
    /// dictionary blocks (so jieba never sees it whole), the older two-pass
    /// method applies instead ([`Segmenter::each_token_two_pass`]).
    pub fn each_token<'a>(&self, text: &'a str, mut f: impl FnMut(Token<'a>)) {
        if !self.constrained {
            return self.each_token_two_pass(text, f);
        }
        let forced = match &self.required {
            Some(m) => backward_maximum_matching(m, text, &[]),
            None => Vec::new(),
        };
        self.jieba.cut_protected(
            text,
            self.hmm,
            &self.protected_ids,
            &forced,
            |word, start| f(Token { word, start }),
        );
    }

    /// The two-pass method: jieba cuts the whole text once (protected terms are in its dictionary,
    /// so they usually come out whole already); where a protected term is
    /// split into several tokens, they are merged; where a token crosses a
    /// protected term's edge, the smallest stretch of tokens around it is cut
    /// again with the protected terms fixed. Cutting the whole text, not the
    /// gaps between terms, keeps jieba's context and its speed.
    pub fn each_token_two_pass<'a>(&self, text: &'a str, mut f: impl FnMut(Token<'a>)) {
        let spans = self.protected_spans(text);
        let toks = self.jieba.cut(text, self.hmm);
        let mut ti = 0; // next token to emit
        let mut si = 0; // next span
        while si < spans.len() {
            let (s, e) = spans[si];
            // Tokens wholly before the span.
            while ti < toks.len() && toks[ti].byte_end <= s {
                f(Token {
                    word: toks[ti].word,
                    start: toks[ti].byte_start,
                });
                ti += 1;
            }
            // First token ending at or after the span's end.
            let mut k = ti;
            while k < toks.len() && toks[k].byte_end < e {
                k += 1;
            }
            let aligned = ti < toks.len()
                && toks[ti].byte_start == s
                && k < toks.len()
                && toks[k].byte_end == e;
            if aligned {
                f(Token {
                    word: &text[s..e],
                    start: s,
                });
                ti = k + 1;
                si += 1;
                continue;
            }
            // Misaligned: re-cut the tokens covering this span (and any
            // further spans they reach into), with the spans fixed.
            let region_start = toks.get(ti).map_or(s, |t| t.byte_start.min(s));
            let mut region_end = toks.get(k).map_or(e, |t| t.byte_end.max(e));
            let mut last = si;
            while last + 1 < spans.len() && spans[last + 1].0 < region_end {
                last += 1;
                while k < toks.len() && toks[k].byte_end < spans[last].1 {
                    k += 1;
                }
                region_end = toks
                    .get(k)
                    .map_or(spans[last].1, |t| t.byte_end.max(spans[last].1));
            }
            let mut pos = region_start;
            for &(a, b) in &spans[si..=last] {
                self.cut_gap(text, pos, a, &mut f);
                f(Token {
                    word: &text[a..b],
                    start: a,
                });
                pos = b;
            }
            self.cut_gap(text, pos, region_end, &mut f);
            ti = k + 1;
            si = last + 1;
        }
        for t in &toks[ti.min(toks.len())..] {
            f(Token {
                word: t.word,
                start: t.byte_start,
            });
        }
    }

    /// Byte spans of protected terms in `text`, sorted and non-overlapping:
    /// requested terms first, then dictionary terms in the gaps, each tier
    /// resolved by backward maximum matching.
    fn protected_spans(&self, text: &str) -> Vec<(usize, usize)> {
        let mut spans = match &self.required {
            Some(m) => backward_maximum_matching(m, text, &[]),
            None => Vec::new(),
        };
        if let Some(m) = &self.dictionary {
            let more = backward_maximum_matching(m, text, &spans);
            spans.extend(more);
            spans.sort_unstable();
        }
        spans
    }

    fn cut_gap<'a>(&self, text: &'a str, from: usize, to: usize, f: &mut impl FnMut(Token<'a>)) {
        if from >= to {
            return;
        }
        let gap = &text[from..to];
        for t in self.jieba.cut(gap, self.hmm) {
            f(Token {
                word: t.word,
                start: from + t.byte_start,
            });
        }
    }
}

/// An overlapping-match automaton over `words` (sorted, deduplicated).
fn matcher(words: &mut Vec<String>) -> Result<Option<AhoCorasick>> {
    words.sort();
    words.dedup();
    if words.is_empty() {
        return Ok(None);
    }
    // A DFA: overlapping search is ~2.4× faster than with the default NFA,
    // for a few MB of memory.
    AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .kind(Some(AhoCorasickKind::DFA))
        .build(words.iter())
        .map(Some)
        .map_err(|e| Error::Usage(format!("cannot build the term matcher: {e}")))
}

/// Non-overlapping matches of `m` in `text` that avoid `taken` spans, chosen
/// right to left: the match ending last wins, the longest among those.
fn backward_maximum_matching(
    m: &AhoCorasick,
    text: &str,
    taken: &[(usize, usize)],
) -> Vec<(usize, usize)> {
    let mut all: Vec<(usize, usize)> = m
        .find_overlapping_iter(text)
        .map(|h| (h.start(), h.end()))
        .filter(|&(s, e)| !overlaps_any(taken, s, e))
        .collect();
    all.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut boundary = usize::MAX;
    let mut out = Vec::new();
    for (s, e) in all {
        if e <= boundary {
            out.push((s, e));
            boundary = s;
        }
    }
    out.reverse();
    out
}

/// Whether `[s, e)` overlaps one of the sorted, disjoint `spans`.
fn overlaps_any(spans: &[(usize, usize)], s: usize, e: usize) -> bool {
    // First span ending after `s`; it overlaps iff it starts before `e`.
    let i = spans.partition_point(|&(_, te)| te <= s);
    spans.get(i).is_some_and(|&(ts, _)| ts < e)
}

/// Whether a token counts as a word: it contains a letter or a Han
/// character. Punctuation, whitespace and numbers (`2025`, `5.1%`, and years
/// written out in Chinese numerals such as `一九五八年`) do not.
pub fn is_content(token: &str) -> bool {
    // CJK ideographs first: `char::is_alphabetic` takes a slow table lookup
    // for them, and they are nearly every token.
    token
        .chars()
        .any(|c| crate::corpus::metadata::is_han(c) || c.is_alphabetic())
        && !is_written_year(token)
}

/// `一九五八年`, `二〇一九年`: a year in Chinese numerals.
fn is_written_year(token: &str) -> bool {
    let Some(digits) = token.strip_suffix('年') else {
        return false;
    };
    digits.chars().count() == 4 && digits.chars().all(|c| "〇零一二三四五六七八九".contains(c))
}

/// Count non-overlapping occurrences of `term` in `text` (the
/// segmentation-independent `substring_count`).
pub fn substring_count(text: &str, term: &str) -> usize {
    if term.is_empty() {
        0
    } else {
        // memchr's SIMD searcher reports non-overlapping matches, like
        // `str::matches`, several times faster.
        memchr::memmem::find_iter(text.as_bytes(), term.as_bytes()).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(required: &[&str]) -> Segmenter {
        Segmenter::new(&SegmenterConfig {
            hmm: true,
            dictionaries: vec![Dictionary::lexicon().unwrap()],
            required: required.iter().map(|s| s.to_string()).collect(),
        })
        .unwrap()
    }

    fn words(s: &Segmenter, text: &str) -> Vec<String> {
        s.tokens(text)
            .into_iter()
            .filter(|t| is_content(t.word))
            .map(|t| t.word.to_string())
            .collect()
    }

    #[test]
    fn lexicon_terms_come_out_whole() {
        let s = seg(&[]);
        let w = words(
            &s,
            "大力发展数字经济,加快培育新质生产力,推进互联网+行动和乡村振兴。",
        );
        for t in ["数字经济", "新质生产力", "互联网+", "乡村振兴"] {
            assert!(w.contains(&t.to_string()), "{t} not a token in {w:?}");
        }
    }

    #[test]
    fn tokens_cover_the_text_in_order() {
        let s = seg(&[]);
        let text = "2025年,我国经济增长5%,数字经济加快发展。";
        let toks = s.tokens(text);
        let rebuilt: String = toks.iter().map(|t| t.word).collect();
        assert_eq!(rebuilt, text);
        for t in &toks {
            assert_eq!(&text[t.start..t.start + t.word.len()], t.word);
        }
        let w = words(&s, text);
        assert!(!w.iter().any(|t| t == "2025" || t == "5"), "{w:?}");
    }

    #[test]
    fn requested_terms_win_over_longer_dictionary_words() {
        // 人工智能+ is in the lexicon; asking for 人工智能 must still count it.
        let s = seg(&["人工智能"]);
        let w = words(&s, "开展人工智能+行动,发展人工智能产业。");
        assert_eq!(w.iter().filter(|t| *t == "人工智能").count(), 2, "{w:?}");
        assert!(s.dropped().iter().any(|(word, _)| word == "人工智能+"));
    }

    #[test]
    fn requested_terms_are_split_out_of_jieba_words() {
        // jieba's default dictionary has words containing 经济 (经济效益…).
        let s = seg(&["经济"]);
        let text = "提高经济效益,促进经济体制改革,经济增长。";
        let w = words(&s, text);
        assert_eq!(
            w.iter().filter(|t| *t == "经济").count(),
            substring_count(text, "经济")
        );
    }

    #[test]
    fn overlaps_resolve_backwards_and_requested_terms_win() {
        let s = seg(&[]);
        // 人民币汇率 and 汇率形成机制 are both in the lexicon and cross here.
        let w = words(&s, "完善人民币汇率形成机制。深化产业数字化转型。");
        assert!(w.contains(&"汇率形成机制".to_string()), "{w:?}");
        assert!(w.contains(&"数字化转型".to_string()), "{w:?}");
        let s = seg(&["人民币汇率"]);
        let w = words(&s, "完善人民币汇率形成机制。");
        assert!(w.contains(&"人民币汇率".to_string()), "{w:?}");
    }

    #[test]
    fn substring_counts_are_non_overlapping() {
        assert_eq!(substring_count("aaaa", "aa"), 2);
        assert_eq!(substring_count("数字经济数字经济", "数字经济"), 2);
        assert_eq!(substring_count("数字", "数字经济"), 0);
        assert_eq!(substring_count("abc", ""), 0);
    }

    #[test]
    fn content_filter() {
        assert!(is_content("数字经济"));
        assert!(is_content("5G"));
        assert!(!is_content("2025"));
        assert!(!is_content("5.1%"));
        assert!(!is_content(","));
        assert!(!is_content(" "));
        assert!(!is_content("一九五八年"));
        assert!(is_content("十三五"));
        assert!(is_content("五年"));
    }
}
