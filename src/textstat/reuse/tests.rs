//! Reuse detection on generated documents with planted passages, and small
//! hand-made cases.

use super::*;

/// xorshift64* — a few lines, seeded, so the generated corpus is the same
/// on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A Han character out of 3,000 (so filler never repeats an n-gram).
    fn han(&mut self) -> char {
        char::from_u32(0x4E00 + self.below(3000) as u32).unwrap_or('一')
    }
}

/// A planted passage, in skeleton (Han character) positions.
#[derive(Debug, Clone)]
struct Planted {
    source: usize,
    s: (usize, usize),
    target: usize,
    t: (usize, usize),
    len: usize,
}

/// A generated document: its skeleton characters, then its text with
/// punctuation and line breaks sprinkled in, and where each skeleton
/// character went.
struct Doc {
    han: Vec<char>,
    text: String,
    char_pos: Vec<usize>,
}

fn render(han: Vec<char>, rng: &mut Rng) -> Doc {
    let mut text = String::new();
    let mut char_pos = Vec::with_capacity(han.len());
    let mut n = 0;
    for &c in &han {
        char_pos.push(n);
        text.push(c);
        n += 1;
        if rng.unit() < 0.08 {
            text.push(['，', '。', '\n', '、'][rng.below(4)]);
            n += 1;
        }
    }
    Doc {
        han,
        text,
        char_pos,
    }
}

/// Copy `p` with about `rate` of its characters edited (substituted,
/// inserted before, or deleted).
fn edit(p: &[char], rate: f64, rng: &mut Rng) -> Vec<char> {
    let mut out = Vec::with_capacity(p.len() + 8);
    for &c in p {
        if rng.unit() < rate {
            match rng.below(3) {
                0 => out.push(rng.han()),
                1 => {
                    out.push(rng.han());
                    out.push(c);
                }
                _ => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Sources of filler and passages; targets of shuffled, edited copies
/// between fresh filler.
fn generate(seed: u64, n_sources: usize, n_targets: usize) -> (Vec<Doc>, Vec<Planted>) {
    let mut rng = Rng(seed);
    let filler = |rng: &mut Rng, lo: usize, hi: usize| -> Vec<char> {
        let n = rng.range(lo, hi);
        (0..n).map(|_| rng.han()).collect()
    };
    let mut docs = Vec::new();
    let mut passages: Vec<(usize, (usize, usize))> = Vec::new();
    for d in 0..n_sources {
        let mut han = Vec::new();
        for _ in 0..12 {
            han.extend(filler(&mut rng, 30, 200));
            let len = rng.range(20, 300);
            let start = han.len();
            han.extend(filler(&mut rng, len, len));
            passages.push((d, (start, start + len)));
        }
        han.extend(filler(&mut rng, 30, 200));
        docs.push(render(han, &mut rng));
    }
    let mut planted = Vec::new();
    for k in 0..n_targets {
        let target = n_sources + k;
        let mut picks: Vec<usize> = (0..10).map(|_| rng.below(passages.len())).collect();
        picks.sort_unstable();
        picks.dedup();
        // shuffle (Fisher–Yates)
        for i in (1..picks.len()).rev() {
            let j = rng.below(i + 1);
            picks.swap(i, j);
        }
        let mut han = Vec::new();
        for p in picks {
            han.extend(filler(&mut rng, 30, 200));
            let (source, s) = passages[p];
            let rate = rng.unit() * 0.10;
            let copy = edit(&docs[source].han[s.0..s.1], rate, &mut rng);
            let start = han.len();
            han.extend(copy);
            planted.push(Planted {
                source,
                s,
                target,
                t: (start, han.len()),
                len: s.1 - s.0,
            });
        }
        han.extend(filler(&mut rng, 30, 200));
        docs.push(render(han, &mut rng));
    }
    (docs, planted)
}

/// A found passage: source, its span, target, its span (skeleton
/// positions of the generated documents), Han characters.
type Found = (usize, (usize, usize), usize, (usize, usize), usize);

/// Characters `start..end` of a generated text as skeleton positions.
fn kept_span(d: &Doc, start: usize, end: usize) -> (usize, usize) {
    let a = d.char_pos.partition_point(|&c| c < start);
    let b = d.char_pos.partition_point(|&c| c < end);
    (a, b)
}

fn off(a: (usize, usize), b: (usize, usize)) -> usize {
    a.0.abs_diff(b.0).max(a.1.abs_diff(b.1))
}

#[test]
fn planted_passages_are_found_with_their_boundaries() {
    let (n_sources, n_targets) = (8, 24);
    let (docs, planted) = generate(0x5EED_2026, n_sources, n_targets);
    let texts: Vec<&str> = docs.iter().map(|d| d.text.as_str()).collect();
    let pairs: Vec<(usize, Vec<usize>)> = (n_sources..n_sources + n_targets)
        .map(|t| (t, (0..n_sources).collect()))
        .collect();
    let r = find_reuse(&texts, &pairs, &ReuseOptions::default());
    let found: Vec<Found> = r
        .passages
        .iter()
        .map(|p| {
            (
                p.source,
                kept_span(&docs[p.source], p.source_start, p.source_end),
                p.target,
                kept_span(&docs[p.target], p.target_start, p.target_end),
                p.han_chars,
            )
        })
        .collect();
    let matches = |pl: &Planted, f: &Found| {
        f.0 == pl.source && f.2 == pl.target && off(f.1, pl.s) <= 3 && off(f.3, pl.t) <= 3
    };
    let long: Vec<&Planted> = planted.iter().filter(|p| p.len >= 30).collect();
    let recalled: Vec<(&Planted, usize)> = long
        .iter()
        .filter_map(|pl| {
            found
                .iter()
                .filter(|f| matches(pl, f))
                .map(|f| off(f.1, pl.s).max(off(f.3, pl.t)))
                .min()
                .map(|e| (*pl, e))
        })
        .collect();
    let detected: Vec<_> = found.iter().filter(|f| f.4 >= 30).collect();
    let correct = detected
        .iter()
        .filter(|f| planted.iter().any(|pl| matches(pl, f)))
        .count();
    let recall = recalled.len() as f64 / long.len() as f64;
    let precision = correct as f64 / detected.len() as f64;
    let errors: Vec<usize> = recalled.iter().map(|x| x.1).collect();
    let mean_err = errors.iter().sum::<usize>() as f64 / errors.len() as f64;
    let exact = errors.iter().filter(|&&e| e == 0).count();
    println!(
        "planted {} passages (>= 30 chars: {}); found {} (>= 30 chars: {}); recall {recall:.4}, precision {precision:.4}; boundary error of recalled passages: mean {mean_err:.3}, max {}, exact {exact}",
        planted.len(),
        long.len(),
        found.len(),
        detected.len(),
        errors.iter().max().unwrap_or(&0),
    );
    assert!(long.len() >= 150, "{} passages", long.len());
    assert!(recall >= 0.95, "recall {recall}");
    assert!(precision >= 0.95, "precision {precision}");
    // Offsets are character offsets into the texts: the found target
    // passage is the planted characters (punctuation inside included).
    let p = &r.passages[0];
    let t: String = texts[p.target]
        .chars()
        .skip(p.target_start)
        .take(p.target_end - p.target_start)
        .collect();
    assert_eq!(
        t.chars().filter(|&c| skeleton::kept(c)).count(),
        kept_span(&docs[p.target], p.target_start, p.target_end).1
            - kept_span(&docs[p.target], p.target_start, p.target_end).0
    );
    assert!(skeleton::kept(t.chars().next().unwrap()));
    assert!(skeleton::kept(t.chars().last().unwrap()));
}

#[test]
fn the_index_and_the_direct_comparison_give_the_same_passages() {
    let (docs, _) = generate(7, 6, 3);
    let texts: Vec<&str> = docs.iter().map(|d| d.text.as_str()).collect();
    let all: Vec<usize> = (0..6).collect();
    let o = ReuseOptions::default();
    for t in 6..9 {
        let via_index = find_reuse(&texts, &[(t, all.clone())], &o);
        let mut direct = ReuseResult::default();
        for &s in &all {
            let r = find_reuse(&texts, &[(t, vec![s])], &o);
            direct.passages.extend(r.passages);
            direct.candidates.extend(r.candidates);
        }
        assert_eq!(via_index.passages, direct.passages);
        assert_eq!(via_index.candidates, direct.candidates);
        assert!(!direct.passages.is_empty());
    }
}

#[test]
fn a_document_is_never_its_own_source_and_low_identity_is_rejected() {
    let base = "我们要坚定不移推进改革开放，加快建设现代化经济体系，着力提高发展质量和效益，持续保障和改善民生。";
    let other = "今年经济社会发展的主要预期目标是国内生产总值增长百分之五左右城镇新增就业一千二百万人以上。";
    let texts = [base, base, other];
    let r = find_reuse(
        &texts,
        &[(0, vec![0, 1, 2]), (2, vec![0])],
        &ReuseOptions::default(),
    );
    // 0 against 1 (identical): one passage over the whole text; 0 against
    // itself is never tried; 2 shares nothing with 0.
    assert_eq!(r.passages.len(), 1);
    let p = &r.passages[0];
    assert_eq!((p.source, p.target), (1, 0));
    assert_eq!(
        (p.target_start, p.target_end),
        (0, base.chars().count() - 1)
    );
    assert_eq!(p.han_chars, 44);
    assert_eq!(p.identity(), 1.0);
    assert_eq!(r.candidates.len(), 1);
    // A rewrite with every third character changed: identity ≈ 0.67.
    let changed: String = base
        .chars()
        .enumerate()
        .map(|(i, c)| {
            if i % 3 == 2 && skeleton::kept(c) {
                '某'
            } else {
                c
            }
        })
        .collect();
    let texts = [base, changed.as_str()];
    let r = find_reuse(&texts, &[(1, vec![0])], &ReuseOptions::default());
    assert!(r.passages.is_empty());
    let loose = ReuseOptions {
        ngram: 2,
        min_identity: 0.5,
        ..ReuseOptions::default()
    };
    let r = find_reuse(&texts, &[(1, vec![0])], &loose);
    assert_eq!(r.passages.len(), 1);
    assert!(r.passages[0].identity() < 0.8);
}

#[test]
fn coverage_is_the_union_of_spans() {
    // Han characters at 0..6 and 7..10; a comma at 6.
    let text = "一二三四五六,七八九";
    assert_eq!(covered_han(text, &[(0, 3), (2, 5)]), 5);
    assert_eq!(covered_han(text, &[(5, 8)]), 2);
    assert_eq!(covered_han(text, &[(7, 10), (0, 1), (8, 9)]), 4);
    assert_eq!(covered_han(text, &[]), 0);
}
