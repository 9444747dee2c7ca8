//! The `dfm` stage (document × feature counts): segment every document once,
//! in parallel, and keep per-document word counts; expose them as Polars
//! frames for grouping.
//!
//! Counts are kept raw; weighting (per 10k tokens or characters) happens
//! after grouping, never before (summed weights would be wrong).

pub mod cache;
pub mod units;

use indicatif::ProgressBar;
use polars::prelude::*;
use rayon::prelude::*;

use crate::corpus::{Corpus, Document};
use crate::error::Result;
use crate::tokens::{Occurrences, Segmenter, is_content};

/// Word → count map used while counting (FxHash: counting is hashing-bound).
pub type Counts = rustc_hash::FxHashMap<String, u32>;

/// One entry of a packed [`DocCounts`]: the word's hash, where its text
/// ends in the word buffer (bits 0–30) and whether some occurrence came out
/// of a run of single characters jieba's route left unjoined (bit 31, see
/// [`Segmenter::each_dictionary_token`]), and its count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Entry {
    hash: u32,
    end_and_flag: u32,
    count: u32,
}

const RUN_FLAG: u32 = 1 << 31;

impl Entry {
    fn end(&self) -> usize {
        (self.end_and_flag & !RUN_FLAG) as usize
    }
}

/// The 32-bit hash that orders a packed [`DocCounts`] (XXH3, stable across
/// runs and platforms, so cache files and outputs are reproducible).
fn word_hash(word: &str) -> u32 {
    xxhash_rust::xxh3::xxh3_64(word.as_bytes()) as u32
}

/// Word counts of one document, packed: the distinct words in one buffer and
/// one 12-byte entry per word, ordered by the word's hash. About a third of
/// the memory of a hash map of `String`s, written to and read from the
/// segmentation cache as-is, and looked up by binary search.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocCounts {
    /// Distinct words, concatenated in entry order.
    words: Box<str>,
    /// Sorted by (hash, word).
    entries: Box<[Entry]>,
    /// Number of content tokens (stopwords included).
    pub tokens_total: u64,
}

/// Content tokens of `text` cut by the dictionaries alone minus those of its
/// cut with the requested terms protected (0 when no requested term occurs,
/// or the segmenter has no dictionary-only cut): protection changes only the
/// blocks that hold a requested term, so only those are cut again, both
/// ways (as [`DocCounts::with_requested`] does).
fn requested_shift(seg: &Segmenter, text: &str, found: &Occurrences) -> i64 {
    if !seg.has_dictionary_cut() || found.is_empty() {
        return 0;
    }
    let mut shift = 0i64;
    for (s, e) in seg.requested_blocks_at(text, found) {
        let block = &text[s..e];
        let _ = seg.each_token_with_id(block, true, |t, _, _| {
            if is_content(t.word) {
                shift += 1;
            }
        });
        let _ = seg.each_token_with_id(block, false, |t, _, _| {
            if is_content(t.word) {
                shift -= 1;
            }
        });
    }
    shift
}

impl DocCounts {
    /// Count the content tokens of `text` (punctuation, whitespace and
    /// numbers are not content; see [`is_content`]).
    ///
    /// `tokens_total` is always that of the cut without requested terms
    /// (the dictionaries' cut, [`DocCounts::of_dictionary`]'s), so that a
    /// document's denominator does not depend on the terms asked for; the
    /// counts are those of the cut with them protected.
    pub fn of(seg: &Segmenter, text: &str) -> DocCounts {
        let found = seg.find_requested(text);
        let mut counter = Counter::new(text);
        if seg
            .each_token_at(text, &found, |t, run, id| counter.add(t.word, run, id))
            .is_none()
        {
            // The two-pass method: no jieba ids.
            seg.each_token(text, |t| counter.add(t.word, false, -1));
        }
        let mut c = counter.finish();
        c.tokens_total = c
            .tokens_total
            .saturating_add_signed(requested_shift(seg, text, &found));
        c
    }

    /// `DocCounts::of(seg, text).restricted(terms)` without counting every
    /// word: only the tokens equal to one of `terms` are tallied (with their
    /// run flags), and every content token goes into `tokens_total`. What a
    /// streamed run with its terms asked for keeps of a document; no table
    /// of the document's words is built, which made a fifth of the
    /// segmentation's time.
    pub fn of_terms(seg: &Segmenter, text: &str, terms: &[String]) -> DocCounts {
        let mut unique: Vec<&str> = terms.iter().map(String::as_str).collect();
        unique.sort_unstable();
        unique.dedup();
        // The terms' byte lengths (below 64; longer ones are always
        // compared): most tokens are shorter than every term.
        let (mut lengths, mut long) = (0u64, false);
        for t in &unique {
            match t.len() {
                n if n < 64 => lengths |= 1 << n,
                _ => long = true,
            }
        }
        let mut counts = vec![(0u32, false); unique.len()];
        let mut total = 0u64;
        let mut add = |word: &str, run: bool| {
            if !is_content(word) {
                return;
            }
            total += 1;
            let n = word.len();
            if (n < 64 && lengths >> n & 1 == 1 || n >= 64 && long)
                && let Some(i) = unique.iter().position(|t| *t == word)
            {
                counts[i].0 += 1;
                counts[i].1 |= run;
            }
        };
        // The terms are searched for once: their spans are protected in
        // the cut, and their blocks give the total's shift.
        let found = seg.find_requested(text);
        if seg
            .each_token_at(text, &found, |t, run, _| add(t.word, run))
            .is_none()
        {
            seg.each_token(text, |t| add(t.word, false));
        }
        let pairs = unique
            .iter()
            .zip(counts)
            .filter(|(_, (n, _))| *n > 0)
            .map(|(t, (n, run))| (*t, n, run));
        DocCounts::pack(
            pairs,
            total.saturating_add_signed(requested_shift(seg, text, &found)),
        )
    }

    /// Count the content tokens of `text` as if no term were requested
    /// (what the segmentation cache stores), noting which words ever came out
    /// of a run of single characters. `None` when the segmenter has no
    /// dictionary-only cut ([`Segmenter::has_dictionary_cut`]).
    pub fn of_dictionary(seg: &Segmenter, text: &str) -> Option<DocCounts> {
        let mut c = Counter::new(text);
        seg.each_token_with_id(text, true, |t, run, id| c.add(t.word, run, id))?;
        Some(c.finish())
    }

    /// The counts of `text` with the requested terms protected, from its
    /// dictionary-only counts `base`: only the dictionary blocks (jieba cuts
    /// each run of Han characters, letters and digits between punctuation
    /// on its own) that hold a requested term are cut again, both ways, and
    /// `base` is corrected by the difference. Exact, because protection only
    /// changes the blocks where a requested term occurs (the terms are made
    /// of block characters, and a dictionary term that loses protection
    /// contains one). `None` when the segmenter has no dictionary-only cut.
    pub fn with_requested(seg: &Segmenter, text: &str, base: &DocCounts) -> Option<DocCounts> {
        if !seg.has_dictionary_cut() {
            return None;
        }
        let mut map: rustc_hash::FxHashMap<&str, (i64, bool)> = base
            .iter_with_run_flag()
            .map(|(w, n, run)| (w, (i64::from(n), run)))
            .collect();
        for (s, e) in seg.requested_blocks(text) {
            let block = &text[s..e];
            seg.each_token_with_id(block, true, |t, _, _| {
                if is_content(t.word) {
                    map.entry(t.word).or_insert((0, false)).0 -= 1;
                }
            })?;
            seg.each_token_with_id(block, false, |t, _, _| {
                if is_content(t.word) {
                    map.entry(t.word).or_insert((0, false)).0 += 1;
                }
            })?;
        }
        let pairs: Vec<(&str, u32, bool)> = map
            .into_iter()
            .filter(|(_, (n, _))| *n > 0)
            .map(|(w, (n, run))| (w, n as u32, run))
            .collect();
        // The token total stays the dictionaries' cut's (see [`DocCounts::of`]).
        Some(DocCounts::pack(pairs.into_iter(), base.tokens_total))
    }

    /// Pack `(word, count)` pairs (each word once) with `tokens_total`.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, u32)>,
        tokens_total: u64,
    ) -> DocCounts {
        DocCounts::pack(pairs.into_iter().map(|(w, n)| (w, n, false)), tokens_total)
    }

    fn pack<'a>(pairs: impl Iterator<Item = (&'a str, u32, bool)>, tokens_total: u64) -> DocCounts {
        let pairs: Vec<(&str, u32, bool)> = pairs.collect();
        // Sort (hash, index) integers, not the pairs: an integer sort, with
        // string comparisons only among equal hashes (collisions, or a word
        // given twice), so that the order is (hash, word) as before.
        let mut keys: Vec<u64> = pairs
            .iter()
            .enumerate()
            .map(|(i, p)| u64::from(word_hash(p.0)) << 32 | i as u64)
            .collect();
        keys.sort_unstable();
        let word_of = |k: u64| pairs[(k & u64::from(u32::MAX)) as usize].0;
        let mut from = 0;
        while from < keys.len() {
            let hash = keys[from] >> 32;
            let mut to = from + 1;
            while keys.get(to).is_some_and(|k| k >> 32 == hash) {
                to += 1;
            }
            if to - from > 1 {
                keys[from..to].sort_by(|a, b| word_of(*a).cmp(word_of(*b)).then(a.cmp(b)));
            }
            from = to;
        }
        let mut words = String::with_capacity(pairs.iter().map(|p| p.0.len()).sum());
        let mut entries: Vec<Entry> = Vec::with_capacity(pairs.len());
        let mut last: Option<&str> = None;
        for k in keys {
            let (w, count, run) = pairs[(k & u64::from(u32::MAX)) as usize];
            let flag = if run { RUN_FLAG } else { 0 };
            // A word given twice (equal words sort together): one entry.
            if last == Some(w)
                && let Some(e) = entries.last_mut()
            {
                e.count += count;
                e.end_and_flag |= flag;
                continue;
            }
            words.push_str(w);
            entries.push(Entry {
                hash: (k >> 32) as u32,
                end_and_flag: words.len() as u32 | flag,
                count,
            });
            last = Some(w);
        }
        DocCounts {
            words: words.into_boxed_str(),
            entries: entries.into_boxed_slice(),
            tokens_total,
        }
    }

    /// These counts cut down to `terms` (those that occur), with the same
    /// token total: what an analysis that asks only for `terms` keeps.
    pub fn restricted(&self, terms: &[String]) -> DocCounts {
        let mut unique: Vec<&String> = terms.iter().collect();
        unique.sort_unstable();
        unique.dedup();
        let pairs: Vec<(&str, u32, bool)> = unique
            .into_iter()
            .filter_map(|t| {
                let (n, run) = self.get_with_run_flag(t);
                (n > 0).then_some((t.as_str(), n, run))
            })
            .collect();
        DocCounts::pack(pairs.into_iter(), self.tokens_total)
    }

    /// How often `term` occurs as a token.
    pub fn get(&self, term: &str) -> u32 {
        self.get_with_run_flag(term).0
    }

    /// How often `term` occurs as a token, and whether some occurrence came
    /// out of a run of single characters (only counts made by
    /// [`DocCounts::of_dictionary`] know; otherwise false).
    pub fn get_with_run_flag(&self, term: &str) -> (u32, bool) {
        let h = word_hash(term);
        let mut i = self.entries.partition_point(|e| e.hash < h);
        while let Some(e) = self.entries.get(i).filter(|e| e.hash == h) {
            if self.word(i) == term {
                return (e.count, e.end_and_flag & RUN_FLAG != 0);
            }
            i += 1;
        }
        (0, false)
    }

    /// The word of entry `i`.
    fn word(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.entries[i - 1].end() };
        &self.words[start..self.entries[i].end()]
    }

    /// Every `(word, count, run flag)` (see [`DocCounts::get_with_run_flag`]).
    pub fn iter_with_run_flag(&self) -> impl Iterator<Item = (&str, u32, bool)> + '_ {
        self.iter()
            .zip(self.entries.iter())
            .map(|((w, n), e)| (w, n, e.end_and_flag & RUN_FLAG != 0))
    }

    /// Every `(word, count)`, in hash order (sort for presentation).
    pub fn iter(&self) -> impl Iterator<Item = (&str, u32)> + '_ {
        let mut start = 0usize;
        self.entries.iter().map(move |e| {
            let end = e.end();
            let w = &self.words[start..end];
            start = end;
            (w, e.count)
        })
    }

    /// The distinct words, in hash order.
    pub fn terms(&self) -> impl Iterator<Item = &str> + '_ {
        self.iter().map(|(w, _)| w)
    }

    /// Number of distinct words.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the document has no content word.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The packed layout: the word buffer and `(hash, end, count)` entries
    /// (what the segmentation cache stores).
    pub(crate) fn raw(&self) -> (&str, Vec<(u32, u32, u32)>) {
        (
            &self.words,
            self.entries
                .iter()
                .map(|e| (e.hash, e.end_and_flag, e.count))
                .collect(),
        )
    }

    /// Rebuild from [`DocCounts::raw`]'s parts, checking the layout (word
    /// ends strictly increasing on character boundaries and covering the
    /// buffer, hashes in order), so that no lookup can panic; the stored
    /// checksum, verified before, vouches for the contents. `None` if not.
    pub(crate) fn from_raw(
        words: &str,
        entries: &[(u32, u32, u32)],
        tokens_total: u64,
    ) -> Option<DocCounts> {
        let mut start = 0usize;
        let mut prev_hash = 0u32;
        let mut packed = Vec::with_capacity(entries.len());
        for &(hash, end_and_flag, count) in entries {
            let end_us = (end_and_flag & !RUN_FLAG) as usize;
            if end_us <= start || !words.is_char_boundary(end_us) || hash < prev_hash {
                return None;
            }
            packed.push(Entry {
                hash,
                end_and_flag,
                count,
            });
            start = end_us;
            prev_hash = hash;
        }
        (start == words.len()).then(|| DocCounts {
            words: words.into(),
            entries: packed.into_boxed_slice(),
            tokens_total,
        })
    }

    /// The counts as an owned map (tests and small documents).
    pub fn to_map(&self) -> Counts {
        self.iter().map(|(w, n)| (w.to_string(), n)).collect()
    }
}

/// Counts tokens of one document: by jieba dictionary id where the cut
/// knows it (no string hashing), by the word otherwise; the content filter
/// runs once per distinct word, not per token.
struct Counter<'a> {
    text: &'a str,
    /// By dictionary id: the word's first byte offset in `text`, its length
    /// and its count (bit 31: the run flag). 16 bytes a slot, so the table
    /// of a long report stays in the nearer caches.
    by_id: rustc_hash::FxHashMap<i32, [u32; 3]>,
    by_word: rustc_hash::FxHashMap<&'a str, (u32, bool)>,
}

impl<'a> Counter<'a> {
    fn new(text: &'a str) -> Self {
        // About one distinct word per 25 bytes of Chinese text.
        Counter {
            text,
            by_id: rustc_hash::FxHashMap::with_capacity_and_hasher(
                text.len() / 25,
                Default::default(),
            ),
            by_word: rustc_hash::FxHashMap::with_capacity_and_hasher(
                text.len() / 200,
                Default::default(),
            ),
        }
    }

    #[inline]
    fn add(&mut self, word: &'a str, run: bool, id: i32) {
        // Offsets and counts fit 31 bits below 2 GiB of text (a count is at
        // most the text's length); the word must lie in `text`.
        let offset = (word.as_ptr() as usize).wrapping_sub(self.text.as_ptr() as usize);
        if id >= 0 && self.text.len() < RUN_FLAG as usize && offset < self.text.len() {
            let flag = if run { RUN_FLAG } else { 0 };
            let e = self
                .by_id
                .entry(id)
                .or_insert([offset as u32, word.len() as u32, 0]);
            e[2] = (e[2] + 1) | flag;
        } else {
            self.add_word(word, run);
        }
    }

    /// [`Counter::add`] for a token without a dictionary id (out of line:
    /// the rarer path, kept out of the cut's inner loop).
    #[inline(never)]
    fn add_word(&mut self, word: &'a str, run: bool) {
        // Short non-content tokens, mostly punctuation and line breaks,
        // would only be dropped by `finish`.
        if word.len() > 4 || is_content(word) {
            let e = self.by_word.entry(word).or_insert((0, false));
            e.0 += 1;
            e.1 |= run;
        }
    }

    fn finish(self) -> DocCounts {
        let text = self.text;
        let mut pairs: Vec<(&str, u32, bool)> =
            Vec::with_capacity(self.by_id.len() + self.by_word.len());
        let mut total = 0u64;
        for [start, len, count] in self.by_id.into_values() {
            let (start, end) = (start as usize, start as usize + len as usize);
            if let Some(word) = text.get(start..end)
                && is_content(word)
            {
                let n = count & !RUN_FLAG;
                total += u64::from(n);
                pairs.push((word, n, count & RUN_FLAG != 0));
            }
        }
        for (word, (n, run)) in self.by_word {
            if is_content(word) {
                total += u64::from(n);
                pairs.push((word, n, run));
            }
        }
        // The same word may have come with and without an id: `pack` merges.
        DocCounts::pack(pairs.into_iter(), total)
    }
}

/// Per-document counts, aligned with `corpus.documents`.
#[derive(Debug, Clone, Default)]
pub struct Dfm {
    /// One entry per document, in corpus order.
    pub docs: Vec<DocCounts>,
    /// Per document (when known), the substring count of each requested
    /// term whose occurrences cannot overlap: found while deciding whether
    /// cached counts apply, and reused so that term trends need not search
    /// the texts again.
    pub substrings: Vec<rustc_hash::FxHashMap<String, u32>>,
}

impl Dfm {
    /// Segment and count every document of `corpus` (in parallel).
    /// `progress`, if given, advances by each document's byte length.
    pub fn build(corpus: &Corpus, seg: &Segmenter, progress: Option<&ProgressBar>) -> Dfm {
        Dfm::build_with(corpus, progress, |text| DocCounts::of(seg, text))
    }

    /// [`Dfm::build`] with each document's counts cut down to `terms`
    /// ([`DocCounts::of_terms`]).
    pub fn build_terms(
        corpus: &Corpus,
        seg: &Segmenter,
        terms: &[String],
        progress: Option<&ProgressBar>,
    ) -> Dfm {
        Dfm::build_with(corpus, progress, |text| {
            DocCounts::of_terms(seg, text, terms)
        })
    }

    /// Count every document's text with `count`, in parallel.
    fn build_with(
        corpus: &Corpus,
        progress: Option<&ProgressBar>,
        count: impl Fn(&str) -> DocCounts + Sync,
    ) -> Dfm {
        let docs = corpus
            .documents
            .par_iter()
            .with_max_len(1)
            .map(|d: &Document| {
                let c = count(&d.text);
                if let Some(p) = progress {
                    p.inc(d.text.len() as u64);
                }
                c
            })
            .collect();
        Dfm {
            docs,
            substrings: Vec::new(),
        }
    }

    /// Like [`Dfm::build`], with the same result, reading and filling
    /// `cache`. The cache holds dictionary-only counts (no term requested);
    /// they are used as they are unless a requested term in the document
    /// could change its segmentation
    /// ([`Segmenter::agrees_with_dictionary_cut`]), in which case the
    /// document is segmented again with the requested terms protected (and
    /// counted as bypassed).
    pub fn build_cached(
        corpus: &Corpus,
        seg: &Segmenter,
        cache: &cache::Cache,
        progress: Option<&ProgressBar>,
    ) -> Dfm {
        let docs = &corpus.documents;
        // One pack per input file.
        let file_sha: rustc_hash::FxHashMap<&str, &str> = corpus
            .files
            .iter()
            .map(|f| (f.path.as_str(), f.sha256.as_str()))
            .collect();
        let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
        let mut group_of = vec![0usize; docs.len()];
        {
            let mut index: rustc_hash::FxHashMap<&str, usize> = Default::default();
            for (i, d) in docs.iter().enumerate() {
                let g = *index.entry(d.source_path.as_str()).or_insert_with(|| {
                    let material = format!(
                        "{}\n{}",
                        d.source_path,
                        file_sha.get(d.source_path.as_str()).unwrap_or(&"")
                    );
                    groups.push((
                        crate::report::sha256_hex(material.as_bytes())[..40].to_string(),
                        Vec::new(),
                    ));
                    groups.len() - 1
                });
                groups[g].1.push(i);
                group_of[i] = g;
            }
        }
        let mut packs: Vec<cache::Pack> = groups
            .par_iter()
            .map(|(key, members)| cache.read_pack(key, members.len() as u64))
            .collect();
        // Dictionary-only counts of the documents the packs lack.
        let fresh: Vec<Option<DocCounts>> = docs
            .par_iter()
            .with_max_len(1)
            .enumerate()
            .map(|(i, d)| {
                if packs[group_of[i]].contains_key(&d.sha256) {
                    return None;
                }
                let c = match DocCounts::of_dictionary(seg, &d.text) {
                    Some(c) => c,
                    None if !seg.has_requested_in(&d.text) => DocCounts::of(seg, &d.text),
                    // Two-pass segmenter and a requested term here: its
                    // counts are not dictionary-only, so not stored.
                    None => return None,
                };
                if let Some(p) = progress {
                    p.inc(d.text.len() as u64);
                }
                Some(c)
            })
            .collect();
        let misses = fresh.iter().filter(|c| c.is_some()).count() as u64;
        // Rewrite the packs that gained documents (keeping entries of
        // documents this run filtered out).
        groups
            .par_iter()
            .zip(&packs)
            .filter(|((_, members), _)| members.iter().any(|&i| fresh[i].is_some()))
            .for_each(|((key, members), pack)| {
                let mut entries: Vec<(&str, &DocCounts)> =
                    pack.iter()
                        .map(|(sha, c)| (sha.as_str(), c))
                        .chain(members.iter().filter_map(|&i| {
                            fresh[i].as_ref().map(|c| (docs[i].sha256.as_str(), c))
                        }))
                        .collect();
                entries.sort_by(|a, b| a.0.cmp(b.0));
                entries.dedup_by(|a, b| a.0 == b.0);
                cache.write_pack(key, &entries);
            });
        // Assemble in corpus order, then use the cached counts where the
        // requested terms leave the segmentation unchanged.
        let mut base: Vec<(Option<DocCounts>, bool)> = Vec::with_capacity(docs.len());
        let mut first: rustc_hash::FxHashMap<&str, usize> = Default::default();
        let mut hits = 0u64;
        for (i, f) in fresh.into_iter().enumerate() {
            let sha = docs[i].sha256.as_str();
            let c = match f {
                Some(c) => (Some(c), true),
                None => {
                    // A second document with the same text takes a copy.
                    let c = match first.get(sha) {
                        Some(&j) => base[j].0.clone(),
                        None => packs[group_of[i]].remove(sha),
                    };
                    hits += u64::from(c.is_some());
                    (c, false)
                }
            };
            first.entry(sha).or_insert(i);
            base.push(c);
        }
        cache.note(hits, misses);
        let reusable: Vec<bool> = seg
            .requested_terms()
            .map(|(_, overlaps)| !overlaps)
            .collect();
        let (docs, substrings) = base
            .into_par_iter()
            .with_max_len(1)
            .zip(docs.par_iter())
            .map(|((b, counted), d)| {
                let occurrences = seg.requested_counts(&d.text, false);
                let substrings = seg
                    .requested_terms()
                    .zip(&occurrences)
                    .zip(&reusable)
                    .filter(|(_, reuse)| **reuse)
                    .map(|(((t, _), n), _)| (t.to_string(), *n))
                    .collect();
                let c = match b {
                    Some(b)
                        if seg
                            .agrees_given_occurrences(&occurrences, |t| b.get_with_run_flag(t)) =>
                    {
                        b
                    }
                    Some(b) => {
                        cache.note_bypass();
                        DocCounts::with_requested(seg, &d.text, &b)
                            .unwrap_or_else(|| DocCounts::of(seg, &d.text))
                    }
                    None => {
                        cache.note_bypass();
                        DocCounts::of(seg, &d.text)
                    }
                };
                if let (Some(p), false) = (progress, counted) {
                    p.inc(d.text.len() as u64);
                }
                (c, substrings)
            })
            .unzip();
        Dfm { docs, substrings }
    }

    /// Total content tokens.
    pub fn tokens_total(&self) -> u64 {
        self.docs.iter().map(|d| d.tokens_total).sum()
    }

    /// The long table `doc_id, term, count` of every (document, word) pair
    /// with a non-zero count, sorted by document then term.
    pub fn to_frame(&self, corpus: &Corpus) -> Result<DataFrame> {
        let mut doc_ids = Vec::new();
        let mut terms = Vec::new();
        let mut counts = Vec::new();
        for (doc, c) in corpus.documents.iter().zip(&self.docs) {
            let mut pairs: Vec<(&str, u32)> = c.iter().collect();
            pairs.sort_unstable();
            for (t, n) in pairs {
                doc_ids.push(doc.doc_id.as_str());
                terms.push(t);
                counts.push(n);
            }
        }
        Ok(DataFrame::new_infer_height(vec![
            Column::new("doc_id".into(), doc_ids),
            Column::new("term".into(), terms),
            Column::new("count".into(), counts),
        ])?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::{Dictionary, SegmenterConfig};

    #[test]
    fn counts_and_totals() {
        let seg = Segmenter::new(&SegmenterConfig {
            hmm: true,
            dictionaries: vec![Dictionary::lexicon().unwrap()],
            required: vec![],
        })
        .unwrap();
        let c = DocCounts::of(&seg, "发展数字经济。数字经济增长10%!");
        assert_eq!(c.get("数字经济"), 2);
        // 发展 数字经济 数字经济 增长 = 4 words; 。 10 % ! dropped.
        assert_eq!(c.tokens_total, 4);
    }

    /// The counter (by dictionary id, by word, short non-content tokens
    /// skipped early) gives exactly the tokens' own tally.
    #[test]
    fn counts_equal_a_plain_tally_of_the_tokens() {
        let seg = Segmenter::new(&SegmenterConfig {
            hmm: true,
            dictionaries: vec![Dictionary::lexicon().unwrap()],
            required: vec!["新质生产力".into()],
        })
        .unwrap();
        let mut text = String::new();
        for i in 0..300 {
            text.push_str(&format!(
                "第{i}条:加快发展新质生产力,推进数字经济和乡村振兴。一九五八年、2025年 GDP增长5.1%;\r\n\
                 稳就业、惠民生 « ok » 龘靐齉 α β 互联网+ 〇 —— “人工智能+”行动 {}\n",
                if i % 7 == 0 { "abcdefghij" } else { "鑫淼焱垚" }
            ));
        }
        let mut tally: std::collections::BTreeMap<&str, u32> = Default::default();
        for t in seg.tokens(&text) {
            if is_content(t.word) {
                *tally.entry(t.word).or_default() += 1;
            }
        }
        let c = DocCounts::of(&seg, &text);
        let got: std::collections::BTreeMap<&str, u32> = c.iter().collect();
        assert_eq!(got, tally);
        assert_eq!(
            c.tokens_total,
            tally.values().map(|&n| u64::from(n)).sum::<u64>()
        );
        // The dictionary-only counts and their run flags, against the
        // dictionary-only tokens.
        let mut runs: std::collections::BTreeMap<&str, (u32, bool)> = Default::default();
        seg.each_dictionary_token(&text, |t, run| {
            if is_content(t.word) {
                let e = runs.entry(t.word).or_default();
                e.0 += 1;
                e.1 |= run;
            }
        })
        .unwrap();
        let d = DocCounts::of_dictionary(&seg, &text).unwrap();
        let got: std::collections::BTreeMap<&str, (u32, bool)> = d
            .iter_with_run_flag()
            .map(|(w, n, r)| (w, (n, r)))
            .collect();
        assert_eq!(got, runs);
        assert!(
            runs.values().any(|&(_, r)| r),
            "some word came out of a run"
        );
    }

    /// A document's token total is the same whatever terms are asked for,
    /// by every way of counting (all words, the terms alone, from the
    /// cached dictionary-only counts), while a requested term is counted
    /// wherever its string occurs (inside 轻工业 and 工业化 too).
    #[test]
    fn token_totals_do_not_depend_on_the_terms_asked_for() {
        let text =
            "发展轻工业和工业化，工业增长较快。建设现代化产业体系，推进新型工业化。\n".repeat(20);
        let seg = |required: Vec<String>| {
            Segmenter::new(&SegmenterConfig {
                hmm: true,
                dictionaries: vec![Dictionary::lexicon().unwrap()],
                required,
            })
            .unwrap()
        };
        let plain = seg(vec![]);
        let base = DocCounts::of(&plain, &text).tokens_total;
        let dictionary = DocCounts::of_dictionary(&plain, &text).unwrap();
        assert_eq!(dictionary.tokens_total, base);
        for terms in [vec!["工业"], vec!["工业", "增长"], vec!["产业体系", "工业"]] {
            let terms: Vec<String> = terms.into_iter().map(String::from).collect();
            let s = seg(terms.clone());
            let all = DocCounts::of(&s, &text);
            assert_eq!(all.tokens_total, base, "{terms:?}");
            assert_eq!(
                all.get("工业") as usize,
                text.matches("工业").count(),
                "{terms:?}"
            );
            assert_eq!(DocCounts::of_terms(&s, &text, &terms).tokens_total, base);
            let cached =
                DocCounts::with_requested(&s, &text, &DocCounts::of_dictionary(&s, &text).unwrap())
                    .unwrap();
            assert_eq!(cached.tokens_total, base);
            assert_eq!(cached.get("工业"), all.get("工业"));
        }
        // The protected cut does have a different number of tokens here, so
        // the test would catch a total taken from it.
        let s = seg(vec!["工业".into()]);
        let mut protected = 0u64;
        s.each_token_with_id(&text, false, |t, _, _| {
            if is_content(t.word) {
                protected += 1;
            }
        })
        .unwrap();
        assert_ne!(protected, base);
    }

    /// The counts of a few terms alone equal every word's counts cut down
    /// to them: counts, run flags and `tokens_total`, for requested terms
    /// (protected), dictionary words, a word out of an HMM run, a non-content
    /// term, one never there, one given twice and one longer than 63 bytes.
    #[test]
    fn counts_of_terms_equal_all_counts_restricted() {
        let mut text = String::new();
        for i in 0..200 {
            text.push_str(&format!(
                "第{i}条:加快发展新质生产力,推进数字经济和乡村振兴。2025年 GDP增长5.1%;\r\n\
                 稳就业、惠民生 « ok » 龘靐齉 互联网+ “人工智能+”行动 {}\n",
                if i % 7 == 0 {
                    "abcdefghij"
                } else {
                    "鑫淼焱垚"
                }
            ));
        }
        let long = "数".repeat(30);
        text.push_str(&long);
        for required in [vec![], vec!["新质生产力".to_string()]] {
            let seg = Segmenter::new(&SegmenterConfig {
                hmm: true,
                dictionaries: vec![Dictionary::lexicon().unwrap()],
                required,
            })
            .unwrap();
            // A word out of an HMM run, to check its flag.
            let run_word = {
                let mut w = None;
                seg.each_token_with_id(&text, false, |t, run, _| {
                    if run && is_content(t.word) {
                        w.get_or_insert(t.word.to_string());
                    }
                })
                .unwrap();
                w.expect("a word out of a run")
            };
            let terms: Vec<String> = [
                "新质生产力",
                "数字经济",
                "数字经济",
                "乡村振兴",
                "发展",
                "2025",
                "ok",
                "碳达峰",
                &run_word,
                &long,
            ]
            .iter()
            .map(|t| t.to_string())
            .collect();
            let all = DocCounts::of(&seg, &text);
            let fast = DocCounts::of_terms(&seg, &text, &terms);
            assert_eq!(fast, all.restricted(&terms));
            assert!(
                fast.get_with_run_flag(&run_word).1,
                "{run_word} came out of a run"
            );
            assert!(fast.get("数字经济") >= 200 && fast.get("2025") == 0);
        }
    }
}
