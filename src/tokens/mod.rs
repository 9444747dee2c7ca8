//! The `tokens` stage: the one jieba-rs wrapper, dictionaries and stopwords.
//!
//! A [`Segmenter`] is built once per run and shared by reference across
//! rayon threads. It loads (on first use) jieba's default dictionary, the
//! policy-term lexicon and user dictionaries, and knows the terms the user
//! asks about. Lexicon, user-dictionary and requested terms are
//! *protected*: they always come out as one token, wherever they occur as a
//! substring. They are hard constraints on jieba's best route (with HMM,
//! like Python jieba's default `cut`): no word may cross a chosen term's
//! edge (see [`Segmenter::each_token`]). This is what makes
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

/// jieba with the dictionaries loaded, and the protected terms as bitsets
/// over its word ids. Built on first use: loading jieba's dictionary takes
/// ~0.1 s, which a run served from the cache never needs.
struct Loaded {
    jieba: Jieba,
    /// Bitset over jieba word ids: protected dictionary terms.
    protected_ids: Vec<u64>,
    /// Bitset over jieba word ids: every dictionary term (what is protected
    /// when nothing is requested).
    dictionary_ids: Vec<u64>,
}

/// jieba's default dictionary as `build.rs` built it at compile time
/// (`Jieba::to_image`, patched into the vendored jieba-rs): reading it takes
/// a few milliseconds, parsing the dictionary and building its trie ~130.
static DEFAULT_DICTIONARY_IMAGE: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/jieba_default.img"));

/// jieba with its default dictionary, read from the image built at compile
/// time; built from the dictionary itself should the image not read (it
/// does: the test `the_built_in_image_is_the_default_dictionary` compares
/// it with a freshly built `Jieba::new()`).
pub fn default_jieba() -> Jieba {
    Jieba::from_image(DEFAULT_DICTIONARY_IMAGE).unwrap_or_default()
}

/// The jieba wrapper. Build once, share everywhere.
pub struct Segmenter {
    loaded: std::sync::OnceLock<Loaded>,
    /// Dictionary entries to load: `(word, frequency, tag)`.
    entries: Vec<(String, usize, Option<String>)>,
    /// Protected dictionary terms (requested ones excluded).
    protected_dictionary: Vec<String>,
    protected: Vec<String>,
    required: Option<AhoCorasick>,
    /// The protected dictionary terms' automaton, for the two-pass method
    /// only: built in [`Segmenter::new`] when that method is the one that
    /// applies, else on first use (the constrained cut finds the terms in
    /// jieba's word graph, and the automaton, a DFA over the lexicon, took
    /// most of the ~9 ms `new` spent on every run).
    dictionary: std::sync::OnceLock<Option<AhoCorasick>>,
    hmm: bool,
    dropped: Vec<(String, String)>,
    /// The requested terms, in the order of the `required` matcher's
    /// patterns, with how their effect on a dictionary-only cut is judged
    /// (see [`Segmenter::agrees_with_dictionary_cut`]).
    requested: Vec<(String, Check)>,
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

/// Where the requested terms occur in one text: `(start, end, term)`,
/// sorted, overlapping occurrences included ([`Segmenter::find_requested`]).
#[derive(Debug, Clone, Default)]
pub struct Occurrences(Vec<(usize, usize, usize)>);

impl Occurrences {
    /// Whether no requested term occurs.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
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
        let mut entries = Vec::new();
        let mut protected: Vec<String> = Vec::new();
        let mut dropped = Vec::new();
        for d in &config.dictionaries {
            for e in &d.entries {
                let freq = e.freq.unwrap_or(PROTECTED_MIN_FREQ).max(1);
                entries.push((e.word.clone(), freq, e.tag.clone()));
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
        protected.retain(|p| !required.contains(p));
        let protected_dictionary = protected.clone();
        let constrained = protected
            .iter()
            .chain(&required)
            .all(|t| t.chars().all(Jieba::in_dictionary_block));
        // Sorted and without repeats, as the automaton's words are.
        protected.sort();
        protected.dedup();
        let dictionary = std::sync::OnceLock::new();
        if !constrained {
            // Errors (a lexicon too large for the automaton) surface here.
            let _ = dictionary.set(matcher(&mut protected.clone())?);
        }
        let required_matcher = matcher(&mut required)?;
        let safe = if constrained {
            cannot_change_the_cut(&required, &config.dictionaries)
        } else {
            vec![false; required.len()]
        };
        let requested = required
            .iter()
            .zip(safe)
            .map(|(r, safe)| {
                let check = if safe {
                    Check::Safe
                } else if constrained && checkable(r) {
                    Check::Checkable
                } else {
                    Check::Unchecked
                };
                (r.clone(), check)
            })
            .collect();
        protected.extend(required);
        protected.sort();
        Ok(Segmenter {
            loaded: std::sync::OnceLock::new(),
            entries,
            protected_dictionary,
            protected,
            required: required_matcher,
            dictionary,
            hmm: config.hmm,
            dropped,
            requested,
            constrained,
        })
    }

    /// Dictionary words that were not protected because they contain a
    /// requested term: `(word, requested term)`.
    pub fn dropped(&self) -> &[(String, String)] {
        &self.dropped
    }

    /// The protected terms, sorted.
    pub fn protected(&self) -> &[String] {
        &self.protected
    }

    /// jieba with the dictionaries, loaded on first use (its tables on
    /// huge pages for a large corpus, see [`crate::memory`]).
    fn loaded(&self) -> &Loaded {
        self.loaded.get_or_init(|| {
            let jieba = crate::memory::for_large_tables(|| {
                let mut jieba = default_jieba();
                for (word, freq, tag) in &self.entries {
                    jieba.add_word(word, Some(*freq), tag.as_deref());
                }
                jieba
            });
            let bitset = |words: &mut dyn Iterator<Item = &String>| {
                let mut bits = vec![0u64; jieba.dictionary_len().div_ceil(64)];
                for id in words.filter_map(|w| jieba.word_id(w)) {
                    bits[id / 64] |= 1 << (id % 64);
                }
                bits
            };
            let protected_ids = bitset(&mut self.protected_dictionary.iter());
            let dictionary_ids = bitset(&mut self.entries.iter().map(|e| &e.0));
            Loaded {
                jieba,
                protected_ids,
                dictionary_ids,
            }
        })
    }

    /// The underlying jieba instance (with all dictionaries loaded).
    pub fn jieba(&self) -> &Jieba {
        &self.loaded().jieba
    }

    /// The part-of-speech tag of a word type: the tag its dictionary line
    /// gives (jieba's dictionary, the lexicon or a user dictionary), else
    /// jieba's HMM guess when the word, cut alone, comes out whole (the
    /// unknown words HMM found in the corpus); `None` otherwise.
    pub fn word_tag(&self, word: &str) -> Option<String> {
        let jieba = self.jieba();
        if let Some(tag) = jieba.word_tag(word) {
            return Some(tag.to_string());
        }
        match jieba.tag(word, self.hmm).as_slice() {
            [t] if t.word == word => Some(t.tag.to_string()),
            _ => None,
        }
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
        let forced = self.requested_spans(text);
        let l = self.loaded();
        l.jieba.cut_protected(
            text,
            self.hmm,
            &l.protected_ids,
            &forced,
            |word, start, _, _| f(Token { word, start }),
        );
    }

    /// [`Segmenter::each_token`] (with `dictionary_only` false) or
    /// [`Segmenter::each_dictionary_token`] (true), also handing over each
    /// token's jieba dictionary id when the cut looked it up (negative
    /// otherwise): counting by id avoids hashing the word. `None` when the
    /// constrained cut does not apply.
    pub fn each_token_with_id<'a>(
        &self,
        text: &'a str,
        dictionary_only: bool,
        f: impl FnMut(Token<'a>, bool, i32),
    ) -> Option<()> {
        if dictionary_only {
            self.cut_with_ids(text, true, Vec::new(), f)
        } else {
            self.cut_with_ids(text, false, self.requested_spans(text), f)
        }
    }

    /// [`Segmenter::each_token_with_id`] with the requested terms
    /// protected, given their occurrences in `text`
    /// ([`Segmenter::find_requested`]), so that a caller needing them for
    /// something else too searches the text once.
    pub fn each_token_at<'a>(
        &self,
        text: &'a str,
        found: &Occurrences,
        f: impl FnMut(Token<'a>, bool, i32),
    ) -> Option<()> {
        let forced = choose_backwards(found.0.iter().map(|&(s, e, _)| (s, e)).collect());
        self.cut_with_ids(text, false, forced, f)
    }

    /// The constrained cut of `text` with `forced` spans, protecting the
    /// dictionary terms only or the requested ones too.
    fn cut_with_ids<'a>(
        &self,
        text: &'a str,
        dictionary_only: bool,
        forced: Vec<(usize, usize)>,
        mut f: impl FnMut(Token<'a>, bool, i32),
    ) -> Option<()> {
        if !self.constrained {
            return None;
        }
        let l = self.loaded();
        let ids = if dictionary_only {
            &l.dictionary_ids
        } else {
            &l.protected_ids
        };
        l.jieba
            .cut_protected(text, self.hmm, ids, &forced, |word, start, run, id| {
                f(Token { word, start }, run, id)
            });
        Some(())
    }

    /// The tokens of `text` as if no term were requested (only dictionary
    /// terms protected), each with whether it came out of a run of single
    /// characters jieba's route left unjoined (the HMM's input) rather than as
    /// one step of the route. This is what the segmentation cache stores;
    /// `None` when the constrained cut does not apply (see
    /// [`Segmenter::each_token`]).
    pub fn each_dictionary_token<'a>(
        &self,
        text: &'a str,
        mut f: impl FnMut(Token<'a>, bool),
    ) -> Option<()> {
        self.each_token_with_id(text, true, |t, run, _| f(t, run))
    }

    /// Whether the constrained cut applies, so that
    /// [`Segmenter::each_dictionary_token`] gives the dictionary-only
    /// segmentation.
    pub fn has_dictionary_cut(&self) -> bool {
        self.constrained
    }

    /// Whether the tokens of `text` with the requested terms protected are
    /// exactly its dictionary-only tokens, judged from the text and from
    /// `base`, which gives a word's dictionary-only count and whether some
    /// occurrence came out of an HMM run (the cached counts'
    /// `DocCounts::get_with_run_flag`): true when no requested
    /// term occurs, or when every occurring requested term is *checkable*
    /// (two characters or more, no proper prefix equal to a suffix, made of
    /// characters jieba segments) and every one of its occurrences already
    /// is a token that was one step of jieba's route (`count == occurrences`
    /// and never out of an HMM run).
    ///
    /// Why that suffices: the requested spans are then existing route steps;
    /// a dictionary term that loses its protection because it contains a
    /// requested term, or that overlaps one, was not chosen in the
    /// dictionary-only cut (it would have made an occurrence not a token),
    /// and dropping unchosen candidates does not change backward maximum
    /// matching; the dictionary-only route satisfies the extra constraints
    /// and was already the best (ties broken the same way), so jieba's route
    /// is unchanged. `tests/real_corpora.rs` checks it on the national corpus.
    pub fn agrees_with_dictionary_cut(
        &self,
        text: &str,
        base: impl Fn(&str) -> (u32, bool),
    ) -> bool {
        if self.requested.iter().all(|(_, c)| *c == Check::Safe) {
            return true;
        }
        self.agrees_given_occurrences(&self.requested_counts(text, true), base)
    }

    /// [`Segmenter::agrees_with_dictionary_cut`] given the occurrences of
    /// each requested term ([`Segmenter::requested_counts`]).
    pub fn agrees_given_occurrences(
        &self,
        per_term: &[u32],
        base: impl Fn(&str) -> (u32, bool),
    ) -> bool {
        per_term
            .iter()
            .zip(&self.requested)
            .filter(|(n, (_, c))| **n > 0 && *c != Check::Safe)
            .all(|(n, (term, check))| {
                let (count, from_run) = base(term);
                *check == Check::Checkable && !from_run && count == *n
            })
    }

    /// How often each requested term occurs in `text`, overlapping
    /// occurrences included, in the order of [`Segmenter::requested_terms`];
    /// with `unsafe_only`, terms that cannot change a cut are not searched
    /// (and count 0).
    pub fn requested_counts(&self, text: &str, unsafe_only: bool) -> Vec<u32> {
        let mut per_term = vec![0u32; self.requested.len()];
        for (_, _, i) in self.requested_occurrences(text, unsafe_only) {
            per_term[i] += 1;
        }
        per_term
    }

    /// The requested terms (sorted, distinct), each with whether its
    /// occurrences can overlap one another (then the count of
    /// [`Segmenter::requested_counts`] may exceed [`substring_count`]).
    pub fn requested_terms(&self) -> impl Iterator<Item = (&str, bool)> {
        self.requested
            .iter()
            .map(|(t, _)| (t.as_str(), !borderless(t)))
    }

    /// The dictionary blocks of `text` that hold a requested term, as byte
    /// ranges, sorted and distinct: the maximal runs of characters jieba
    /// segments with its dictionary (`Jieba::in_dictionary_block`) around
    /// each occurrence.
    pub fn requested_blocks(&self, text: &str) -> Vec<(usize, usize)> {
        self.requested_blocks_at(text, &self.find_requested(text))
    }

    /// Every occurrence of a requested term in `text`, overlapping ones
    /// included, found once for [`Segmenter::each_token_at`] and
    /// [`Segmenter::requested_blocks_at`].
    pub fn find_requested(&self, text: &str) -> Occurrences {
        Occurrences(if self.requested.is_empty() {
            Vec::new()
        } else {
            self.requested_occurrences(text, false)
        })
    }

    /// [`Segmenter::requested_blocks`] given the occurrences
    /// ([`Segmenter::find_requested`]).
    pub fn requested_blocks_at(&self, text: &str, found: &Occurrences) -> Vec<(usize, usize)> {
        let mut blocks: Vec<(usize, usize)> = Vec::new();
        for &(s, e, _) in &found.0 {
            if blocks.last().is_some_and(|&(_, be)| s < be) {
                continue;
            }
            let start = text[..s]
                .char_indices()
                .rev()
                .find(|&(_, c)| !Jieba::in_dictionary_block(c))
                .map_or(0, |(i, c)| i + c.len_utf8());
            let end = text[e..]
                .char_indices()
                .find(|&(_, c)| !Jieba::in_dictionary_block(c))
                .map_or(text.len(), |(i, _)| e + i);
            blocks.push((start, end));
        }
        blocks
    }

    /// Whether some requested term occurs in `text`.
    pub fn has_requested_in(&self, text: &str) -> bool {
        match &self.required {
            Some(m) => m.is_match(text),
            None => false,
        }
    }

    /// Every occurrence of a requested term in `text` (overlapping ones
    /// included): `(start, end, index into the requested terms)`, sorted.
    /// With `unsafe_only`, only of the terms that are not [`Check::Safe`].
    fn requested_occurrences(&self, text: &str, unsafe_only: bool) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        let wanted = |c: &Check| !unsafe_only || *c != Check::Safe;
        let n = self.requested.iter().filter(|(_, c)| wanted(c)).count();
        if n <= 8 {
            // A few terms: one SIMD substring search each beats the automaton.
            for (i, (term, _)) in self
                .requested
                .iter()
                .enumerate()
                .filter(|(_, (_, c))| wanted(c))
            {
                let step = term.chars().next().map_or(1, char::len_utf8);
                let finder = memchr::memmem::Finder::new(term.as_bytes());
                let mut at = 0;
                while let Some(p) = finder.find(&text.as_bytes()[at..]) {
                    out.push((at + p, at + p + term.len(), i));
                    at += p + step;
                }
            }
            out.sort_unstable();
        } else if let Some(m) = &self.required {
            out.extend(
                m.find_overlapping_iter(text)
                    .map(|h| (h.start(), h.end(), h.pattern().as_usize()))
                    .filter(|&(_, _, i)| wanted(&self.requested[i].1)),
            );
        }
        out
    }

    /// The requested-term spans of `text`, resolved by backward maximum
    /// matching.
    fn requested_spans(&self, text: &str) -> Vec<(usize, usize)> {
        if self.requested.is_empty() {
            return Vec::new();
        }
        let all = self
            .requested_occurrences(text, false)
            .into_iter()
            .map(|(s, e, _)| (s, e))
            .collect();
        choose_backwards(all)
    }

    /// The two-pass method: jieba cuts the whole text once (protected terms are in its dictionary,
    /// so they usually come out whole already); where a protected term is
    /// split into several tokens, they are merged; where a token crosses a
    /// protected term's edge, the smallest stretch of tokens around it is cut
    /// again with the protected terms fixed. Cutting the whole text, not the
    /// gaps between terms, keeps jieba's context and its speed.
    pub fn each_token_two_pass<'a>(&self, text: &'a str, mut f: impl FnMut(Token<'a>)) {
        let spans = self.protected_spans(text);
        let toks = self.jieba().cut(text, self.hmm);
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
        let dictionary = self.dictionary.get_or_init(|| {
            // Built here only when the constrained cut applies and the
            // two-pass method is asked for anyway (the tests compare the
            // two); a DFA too large falls back to the default automaton.
            let mut words = self.protected_dictionary.clone();
            match matcher(&mut words) {
                Ok(m) => m,
                Err(_) => AhoCorasick::builder()
                    .match_kind(MatchKind::Standard)
                    .build(&words)
                    .ok(),
            }
        });
        if let Some(m) = dictionary {
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
        for t in self.jieba().cut(gap, self.hmm) {
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
    let all: Vec<(usize, usize)> = m
        .find_overlapping_iter(text)
        .map(|h| (h.start(), h.end()))
        .filter(|&(s, e)| !overlaps_any(taken, s, e))
        .collect();
    choose_backwards(all)
}

/// Backward maximum matching over candidate spans: right to left, the span
/// ending last wins, the longest among those; returns the chosen spans
/// sorted.
fn choose_backwards(mut all: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
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

/// How a requested term's effect on the dictionary-only cut is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Check {
    /// It cannot change the cut (see [`cannot_change_the_cut`]).
    Safe,
    /// Compare its dictionary-only count with its occurrences.
    Checkable,
    /// A document containing it is always segmented again.
    Unchecked,
}

/// For each requested term: whether protecting it cannot change any cut.
/// True for a dictionary term that is [`checkable`] and that no other
/// protected term (dictionary or requested) can overlap: no other term
/// contains it or lies inside it, and no proper prefix of one is a proper
/// suffix of the other. Such a term is already protected in the
/// dictionary-only cut and backward maximum matching chooses every one of its
/// occurrences there (no candidate overlaps them), so requesting it only moves
/// the same spans to the requested tier.
fn cannot_change_the_cut(requested: &[String], dictionaries: &[Dictionary]) -> Vec<bool> {
    use rustc_hash::{FxHashMap, FxHashSet};
    let dictionary: FxHashSet<&str> = dictionaries
        .iter()
        .flat_map(|d| d.entries.iter().map(|e| e.word.as_str()))
        .collect();
    let others: FxHashSet<&str> = dictionary
        .iter()
        .copied()
        .chain(requested.iter().map(String::as_str))
        .collect();
    let mut safe: Vec<bool> = requested
        .iter()
        .map(|r| dictionary.contains(r.as_str()) && checkable(r))
        .collect();
    // Proper prefixes and suffixes of the requested terms.
    let mut prefixes: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    let mut suffixes: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for (i, r) in requested.iter().enumerate() {
        for (at, _) in r.char_indices().skip(1) {
            prefixes.entry(&r[..at]).or_default().push(i);
            suffixes.entry(&r[at..]).or_default().push(i);
        }
        // Another term inside it.
        let bounds: Vec<usize> = r
            .char_indices()
            .map(|(at, _)| at)
            .chain([r.len()])
            .collect();
        for (a, &s) in bounds.iter().enumerate() {
            for &e in &bounds[a + 1..] {
                if (s, e) != (0, r.len()) && others.contains(&r[s..e]) {
                    safe[i] = false;
                }
            }
        }
    }
    let contained = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(requested)
        .ok();
    let mut touched: Vec<usize> = Vec::new();
    for t in &others {
        for (at, _) in t.char_indices().skip(1) {
            // A suffix of `t` starts a requested term, or a prefix ends one.
            for list in [prefixes.get(&t[at..]), suffixes.get(&t[..at])] {
                touched.extend(list.into_iter().flatten().filter(|&&i| requested[i] != *t));
            }
        }
        // `t` contains a requested term.
        if let Some(m) = &contained {
            touched.extend(
                m.find_overlapping_iter(*t)
                    .map(|h| h.pattern().as_usize())
                    .filter(|&i| requested[i] != *t),
            );
        }
    }
    for i in touched {
        safe[i] = false;
    }
    safe
}

/// Whether a requested term's dictionary-only count can be checked against
/// its occurrences: two characters or more, and [`borderless`].
fn checkable(term: &str) -> bool {
    term.chars().count() >= 2 && borderless(term)
}

/// No proper prefix of `term` is also a suffix, so its occurrences never
/// overlap one another.
fn borderless(term: &str) -> bool {
    !term
        .char_indices()
        .skip(1)
        .any(|(i, _)| term.ends_with(&term[..i]))
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
    // Nearly every token starts with a common ideograph (U+4E00–U+9FFF,
    // lead bytes E4 B8.. to E9): content unless it is a written year.
    let b = token.as_bytes();
    if b.len() >= 3 && ((0xE5..=0xE9).contains(&b[0]) || (b[0] == 0xE4 && b[1] >= 0xB8)) {
        return !token.ends_with('年') || !is_written_year(token);
    }
    // CJK ideographs first: `char::is_alphabetic` takes a slow table lookup
    // for them.
    token.chars().any(is_letter) && !is_written_year(token)
}

/// A Han character or a letter, with fast answers for ASCII and the
/// punctuation that survives NFKC in Chinese text (`char::is_alphabetic`
/// takes a slow table lookup outside ASCII).
fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    if crate::corpus::metadata::is_han(c) {
        return true;
    }
    match c as u32 {
        // Middle dot, general punctuation (dashes, quotes, ellipsis), CJK
        // punctuation and brackets (not 々 〆 〇 and the other letters of
        // U+3005–U+3007, U+3012–U+3013 are symbols).
        0xB7 | 0x2000..=0x206F | 0x3000..=0x3004 | 0x3008..=0x3011 | 0x3014..=0x301F => false,
        _ => c.is_alphabetic(),
    }
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

/// Above this many distinct terms, [`SubstringCounter`] searches for all of
/// them in one Aho–Corasick pass; up to it, each term is searched on its
/// own with a SIMD `memmem` finder made once. Measured on the national
/// reports with policy terms from the lexicon (`aho-corasick` 1, one thread):
/// the overlapping Aho–Corasick pass runs at 530–610 MB/s whatever the
/// number of terms, the separate searches at 3.7–7.5 GB/s for 6–12 terms,
/// 0.9–1.9 GB/s for 32–48 and ~0.67 GB/s for 64.
const ONE_PASS_ABOVE: usize = 64;

/// The [`substring_count`] of many terms in one pass over a text: every
/// occurrence of every term is found (overlapping ones too, with
/// Aho–Corasick), and for each term the occurrences are taken left to
/// right, skipping those that overlap the last one taken, which is exactly
/// what the one-term search counts. With few terms, each is searched on its
/// own (see `ONE_PASS_ABOVE`).
#[derive(Debug, Clone)]
pub struct SubstringCounter {
    /// How the distinct non-empty terms are searched.
    search: TermSearch,
    /// For each term as given, the index of its distinct pattern (`None`
    /// for an empty term).
    index: Vec<Option<usize>>,
}

/// The search behind a [`SubstringCounter`].
#[derive(Debug, Clone)]
enum TermSearch {
    /// One finder per distinct term.
    EachTerm(Vec<memchr::memmem::Finder<'static>>),
    /// One overlapping pass for all of them.
    OnePass(AhoCorasick),
}

impl SubstringCounter {
    /// A counter for `terms`.
    pub fn new<S: AsRef<str>>(terms: &[S]) -> SubstringCounter {
        SubstringCounter::with_one_pass_above(terms, ONE_PASS_ABOVE)
    }

    /// [`SubstringCounter::new`] searching in one pass above `limit`
    /// distinct terms.
    fn with_one_pass_above<S: AsRef<str>>(terms: &[S], limit: usize) -> SubstringCounter {
        let mut distinct: Vec<&str> = terms
            .iter()
            .map(AsRef::as_ref)
            .filter(|t| !t.is_empty())
            .collect();
        distinct.sort_unstable();
        distinct.dedup();
        let index = terms
            .iter()
            .map(|t| distinct.binary_search(&t.as_ref()).ok())
            .collect();
        let each = || {
            TermSearch::EachTerm(
                distinct
                    .iter()
                    .map(|t| memchr::memmem::Finder::new(t.as_bytes()).into_owned())
                    .collect(),
            )
        };
        let search = if distinct.len() > limit {
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(&distinct)
                .map_or_else(|_| each(), TermSearch::OnePass)
        } else {
            each()
        };
        SubstringCounter { search, index }
    }

    /// The substring count of each term in `text`, in the order given.
    pub fn counts(&self, text: &str) -> Vec<u32> {
        let count = match &self.search {
            TermSearch::EachTerm(finders) => finders
                .iter()
                .map(|f| u32::try_from(f.find_iter(text.as_bytes()).count()).unwrap_or(u32::MAX))
                .collect(),
            TermSearch::OnePass(ac) => {
                let n = ac.patterns_len();
                let (mut count, mut free_from) = (vec![0u32; n], vec![0usize; n]);
                for m in ac.find_overlapping_iter(text) {
                    let p = m.pattern().as_usize();
                    if m.start() >= free_from[p] {
                        count[p] = count[p].saturating_add(1);
                        free_from[p] = m.end();
                    }
                }
                count
            }
        };
        self.index
            .iter()
            .map(|i| i.map_or(0, |i| count[i]))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_image_is_the_default_dictionary() {
        let built = Jieba::new();
        let Some(read) = Jieba::from_image(DEFAULT_DICTIONARY_IMAGE) else {
            panic!("the built-in image does not read");
        };
        // Every field, the trie's tables slot by slot, byte for byte.
        assert_eq!(read.to_image(), built.to_image());
        assert_eq!(read.to_image(), DEFAULT_DICTIONARY_IMAGE);
        // And it cuts the same, words and tags.
        let text = "新质生产力和数字经济推动高质量发展，我们要坚持稳中求进工作总基调。";
        let words = |j: &Jieba| {
            j.tag(text, true)
                .into_iter()
                .map(|t| format!("{}/{}", t.word, t.tag))
                .collect::<Vec<_>>()
        };
        assert_eq!(words(&read), words(&built));
        assert!(words(&read).len() > 10);
        // Added words go into the read trie as into the built one.
        let (mut a, mut b) = (read, built);
        a.add_word("新质生产力", Some(5000), Some("n"));
        b.add_word("新质生产力", Some(5000), Some("n"));
        assert_eq!(a.to_image(), b.to_image());
    }

    #[test]
    fn a_damaged_image_is_refused() {
        let image = DEFAULT_DICTIONARY_IMAGE;
        assert!(Jieba::from_image(&image[..image.len() - 1]).is_none());
        assert!(Jieba::from_image(&image[..100]).is_none());
        assert!(Jieba::from_image(b"").is_none());
        let mut other = image.to_vec();
        other[0] = b'X';
        assert!(Jieba::from_image(&other).is_none());
        let mut longer = image.to_vec();
        longer.push(0);
        assert!(Jieba::from_image(&longer).is_none());
        // A word id past the last word, in the root table (right after
        // the records, tags and totals).
        let words = u64::from_le_bytes(image[8..16].try_into().unwrap_or_default()) as usize;
        let mut at = 16 + 20 * words;
        let tags = u64::from_le_bytes(image[at..at + 8].try_into().unwrap_or_default());
        at += 8;
        for _ in 0..tags {
            let len = u64::from_le_bytes(image[at..at + 8].try_into().unwrap_or_default());
            at += 8 + len as usize;
        }
        at += 16 + 8; // total, log_total, root length
        let mut bad = image.to_vec();
        // The root entry of 的 (U+7684): child, then word id. The offset is
        // checked first: the image holds 的's id there, so what is refused
        // below is that id's corruption and nothing else.
        let entry = at + 8 * 0x7684 + 4;
        let stored = i32::from_le_bytes(image[entry..entry + 4].try_into().unwrap_or_default());
        let good = Jieba::from_image(image).unwrap();
        assert_eq!(good.word_id("的"), usize::try_from(stored).ok());
        assert_eq!(good.dictionary_len(), words);
        // The last valid id is still accepted; one past it is not.
        bad[entry..entry + 4].copy_from_slice(&(words as i32 - 1).to_le_bytes());
        assert!(Jieba::from_image(&bad).is_some());
        bad[entry..entry + 4].copy_from_slice(&(words as i32).to_le_bytes());
        assert!(Jieba::from_image(&bad).is_none());
        // The slot table after the root table: a word id out of range in an
        // occupied slot, and an empty slot made occupied (the count of
        // occupied slots no longer matches), are refused too.
        let u64_at =
            |at: usize| u64::from_le_bytes(image[at..at + 8].try_into().unwrap_or_default());
        let root_len = u64_at(at - 8) as usize;
        let slots_at = at + 8 * root_len + 8;
        let slots_len = u64_at(slots_at - 8) as usize;
        let slot = |k: usize| slots_at + 16 * k;
        let full = (0..slots_len).find(|&k| u64_at(slot(k)) != 0).unwrap();
        let empty = (0..slots_len).find(|&k| u64_at(slot(k)) == 0).unwrap();
        let mut bad = image.to_vec();
        bad[slot(full) + 12..slot(full) + 16].copy_from_slice(&(words as i32).to_le_bytes());
        assert!(Jieba::from_image(&bad).is_none());
        let mut bad = image.to_vec();
        bad[slot(empty)..slot(empty) + 8].copy_from_slice(&1u64.to_le_bytes());
        assert!(Jieba::from_image(&bad).is_none());
    }

    #[test]
    fn one_pass_counts_equal_one_term_counts() {
        // Terms that overlap themselves (aa in aaaa: 2), each other (数字,
        // 数字经济, 经济), repeat, are empty, or are absent; texts built from
        // their pieces at random.
        let terms = [
            "数字",
            "数字经济",
            "经济",
            "aa",
            "a",
            "",
            "数字",
            "济数",
            "字经",
            "不在",
            "经济数字",
            "互联网+",
            "+",
        ];
        let pieces = ["数字", "经济", "a", "aa", "+", "互联网", "济", "。", "字"];
        let counter = SubstringCounter::with_one_pass_above(&terms, 4);
        assert!(matches!(counter.search, TermSearch::OnePass(_)));
        let each = SubstringCounter::new(&terms);
        assert!(matches!(each.search, TermSearch::EachTerm(_)));
        let mut state = 7u64;
        for _ in 0..3_000 {
            let mut text = String::new();
            let mut next = || {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                state >> 33
            };
            for _ in 0..next() % 40 {
                text.push_str(pieces[(next() % pieces.len() as u64) as usize]);
            }
            let want: Vec<u32> = terms
                .iter()
                .map(|t| substring_count(&text, t) as u32)
                .collect();
            assert_eq!(counter.counts(&text), want, "{text:?}");
            assert_eq!(each.counts(&text), want, "{text:?}");
        }
        // Counted by hand: non-overlapping, left to right.
        let few = SubstringCounter::new(&["数字经济", "aa", "", "aa"]);
        assert_eq!(few.counts("数字经济aaa数字经济"), vec![2, 1, 0, 1]);
    }

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
    fn the_two_pass_automaton_is_built_only_when_used() {
        // The lexicon is made of dictionary-block characters: the constrained
        // cut applies, and the two-pass automaton waits for its first use.
        let s = seg(&["人工智能"]);
        assert!(s.has_dictionary_cut());
        let text = "完善人民币汇率形成机制,大力发展数字经济和人工智能。";
        let constrained: Vec<Token> = s.tokens(text);
        assert!(s.dictionary.get().is_none(), "built without being asked");
        let mut two_pass = Vec::new();
        s.each_token_two_pass(text, |t| two_pass.push(t));
        assert!(s.dictionary.get().is_some_and(|m| m.is_some()));
        // Both methods keep the protected terms whole, and here agree.
        assert_eq!(two_pass, constrained);
        for t in ["汇率形成机制", "数字经济", "人工智能"] {
            assert!(two_pass.iter().any(|k| k.word == t), "{t}: {two_pass:?}");
        }
        // A term outside jieba's dictionary blocks turns the constrained cut
        // off: the automaton is then built with the segmenter.
        let s = seg(&["5G 网络"]);
        assert!(!s.has_dictionary_cut());
        assert!(s.dictionary.get().is_some_and(|m| m.is_some()));
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
    fn requested_terms_that_cannot_change_the_cut() {
        let lexicon = Dictionary::lexicon().unwrap();
        let mut requested: Vec<String> = [
            "碳达峰",
            "营商环境",
            "专精特新",
            "数字经济",
            "共同富裕",
            "一带一路",
            "人工智能",
            "人民币汇率",
            "经济",
            "互联网+",
            "新质生产力",
            "阶级斗争",
        ]
        .iter()
        .map(|t| t.to_string())
        .collect();
        requested.sort();
        let safe = cannot_change_the_cut(&requested, std::slice::from_ref(&lexicon));
        // The rule, the obvious way: a lexicon term, checkable, and no other
        // term (lexicon or requested) contains it, lies inside it, or shares
        // a proper prefix/suffix overlap with it.
        let others: Vec<&str> = lexicon
            .entries
            .iter()
            .map(|e| e.word.as_str())
            .chain(requested.iter().map(String::as_str))
            .collect();
        let touches = |r: &str, t: &str| {
            let rc: Vec<char> = r.chars().collect();
            let tc: Vec<char> = t.chars().collect();
            t.contains(r)
                || r.contains(t)
                || (1..rc.len()).any(|k| {
                    let (p, q): (String, String) =
                        (rc[..k].iter().collect(), rc[k..].iter().collect());
                    (t.ends_with(&p) && tc.len() > k)
                        || (t.starts_with(&q) && tc.len() > rc.len() - k)
                })
        };
        let mut some_safe = false;
        for (r, got) in requested.iter().zip(&safe) {
            let expect = lexicon.entries.iter().any(|e| &e.word == r)
                && checkable(r)
                && !others.iter().any(|t| *t != r && touches(r, t));
            assert_eq!(*got, expect, "{r}");
            some_safe |= *got;
        }
        assert!(some_safe, "{requested:?} {safe:?}");
        for (r, got) in requested.iter().zip(&safe) {
            if ["人工智能", "经济", "人民币汇率", "互联网+"].contains(&r.as_str()) {
                assert!(!got, "{r}");
            }
        }
    }

    #[test]
    fn letter_fast_paths_agree_with_is_alphabetic() {
        let ranges = [0x80u32..0x3100, 0xFF00..0xFFF0];
        for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
            assert_eq!(
                is_letter(c),
                crate::corpus::metadata::is_han(c) || c.is_alphabetic(),
                "{c:?} U+{:04X}",
                c as u32
            );
        }
        for c in (0u8..128).map(char::from) {
            assert_eq!(is_letter(c), c.is_alphabetic(), "{c:?}");
        }
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
        assert!(!is_content("二〇一九年"));
        assert!(is_content("年"));
        // The lead-byte fast path agrees with the general rule everywhere.
        for c in (0x2F00..=0xA000)
            .chain(0xF900..=0xFB00)
            .filter_map(char::from_u32)
        {
            for word in [
                c.to_string(),
                format!("{c}年"),
                format!("{c}a"),
                format!("{c},"),
            ] {
                let general = word.chars().any(is_letter) && !is_written_year(&word);
                assert_eq!(is_content(&word), general, "{word:?}");
            }
        }
    }
}
