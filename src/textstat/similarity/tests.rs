//! Hand-computed similarity values on tiny texts: shingle sets, Jaccard and containment,
//! TF-IDF cosine, symmetry, self-similarity, units and predecessors, MinHash and banding.

use super::minhash::{bands, candidate_probability, candidates, estimate, sketch, standard_error};
use super::sets::{containment_of, intersection, jaccard, shingle_set, union};
use super::units::{predecessors, units};
use super::*;
use crate::textstat::GroupBy;
use crate::textstat::testutil::{corpus, words};

#[test]
fn shingle_sets_skip_punctuation_and_give_hand_computed_jaccard() {
    // 2-grams of 甲乙丙丁戊 and 乙丙丁戊己: {甲乙, 乙丙, 丙丁, 丁戊} and {乙丙, 丙丁, 丁戊, 戊己}:
    // 3 shared of 5 → J = 0.6; 3 of A's 4 in B → containment 0.75.
    let a = shingle_set("甲乙丙丁戊", 2);
    let b = shingle_set("乙丙，丁戊己。", 2);
    assert_eq!((a.len(), b.len()), (4, 4));
    assert_eq!(intersection(&a, &b), 3);
    assert!((jaccard(&a, &b) - 0.6).abs() < 1e-12);
    assert!((containment_of(intersection(&a, &b), a.len()) - 0.75).abs() < 1e-12);
    // A repeated n-gram counts once; letters and spaces are not part of the skeleton.
    assert_eq!(shingle_set("甲乙甲乙 ab 甲乙", 2).len(), 2, "甲乙, 乙甲");
    assert_eq!(union(&[&a, &b]).len(), 5);
    // Symmetric, 1 with itself, 0 for empty sets.
    assert_eq!(jaccard(&a, &b), jaccard(&b, &a));
    assert_eq!(jaccard(&a, &a), 1.0);
    assert_eq!(jaccard(&[], &[]), 0.0);
}

/// Three documents of the lexicon's terms (counts by hand):
/// 2019: 数字经济 ×2, 乡村振兴 ×1; 2020: 数字经济, 高质量发展; 2021: 乡村振兴, 高质量发展 ×2.
fn three() -> (tempfile::TempDir, Corpus, Dfm) {
    corpus(
        &[
            (
                "2019_示例市.txt",
                words(&[("数字经济", 2), ("乡村振兴", 1)]),
            ),
            (
                "2020_示例市.txt",
                words(&[("数字经济", 1), ("高质量发展", 1)]),
            ),
            (
                "2021_示例市.txt",
                words(&[("乡村振兴", 1), ("高质量发展", 2)]),
            ),
        ],
        &[],
    )
}

#[test]
fn tfidf_cosine_matches_the_hand_computed_values() {
    let (_d, c, dfm) = three();
    let u = units(&c.documents, None);
    let vecs = vectors::tfidf_vectors(&dfm, &u, &|_: &str| true);
    // Every term is in 2 of 3 documents: idf = ln(3/2) for all, so the cosine is that of the
    // tf vectors (2/3, 1/3, 0), (1/2, 0, 1/2), (0, 1/3, 2/3):
    // cos(2019, 2020) = (1/3) / (√5/3 · 1/√2) = √(2/5) = 0.632456;
    // cos(2019, 2021) = (1/9) / (5/9) = 0.2; cos(2020, 2021) = √(2/5).
    let cos = |a: usize, b: usize| vectors::cosine(&vecs[a], &vecs[b]);
    assert!((cos(0, 1) - 0.4f64.sqrt()).abs() < 1e-6, "{}", cos(0, 1));
    assert!((cos(0, 2) - 0.2).abs() < 1e-6, "{}", cos(0, 2));
    assert!((cos(1, 2) - 0.4f64.sqrt()).abs() < 1e-6);
    // Symmetric; a unit with itself 1.
    assert_eq!(cos(0, 1), cos(1, 0));
    assert!((cos(2, 2) - 1.0).abs() < 1e-6);
}

#[test]
fn exact_similarity_is_symmetric_with_ones_on_the_diagonal() {
    let (_d, c, dfm) = three();
    let u = units(&c.documents, None);
    let prev = predecessors(&u, None);
    let o = SimilarityOptions {
        ngram: 2,
        ..SimilarityOptions::default()
    };
    let s = similarity(&c, &dfm, u, &prev, &|_: &str| true, &o);
    assert_eq!(s.mode, Mode::Exact);
    assert_eq!(s.pairs.len(), 3, "every pair once");
    let m = tables::matrix(&s, Measure::Jaccard);
    let cm = tables::matrix(&s, Measure::CosineTfidf);
    for i in 0..3 {
        assert_eq!(m[i][i], Some(1.0));
        for j in 0..3 {
            assert_eq!(m[i][j], m[j][i]);
            assert_eq!(cm[i][j], cm[j][i]);
        }
    }
    // Containment goes both ways: a's share in b and b's share in a.
    let mc = tables::matrix(&s, Measure::Containment);
    let p = s.pairs[0];
    assert_eq!(
        (mc[0][1], mc[1][0]),
        (Some(p.contained_ab), Some(p.contained_ba))
    );
    // Each report against the previous one of 示例市: 2020 ← 2019, 2021 ← 2020.
    let years: Vec<(Option<i32>, Option<i32>)> = (s.continuity.iter())
        .map(|p| (s.units[p.a].year, s.units[p.b].year))
        .collect();
    assert_eq!(years, [(Some(2020), Some(2019)), (Some(2021), Some(2020))]);
    assert_eq!(s.continuity[0].cosine, s.pairs[0].cosine);
    // The table's cosines are the worked example's to 6 decimals exactly
    // (STATISTICS §11.1), not f32 noise such as 0.19999998807907104.
    let cosines: Vec<f64> = s.pairs.iter().map(|p| p.cosine).collect();
    assert_eq!(cosines, [0.632456, 0.2, 0.632456]);
    let f = tables::similarity_frame(&s).unwrap();
    assert_eq!(f.height(), 3 * 4);
    assert_eq!(tables::continuity_frame(&s).unwrap().height(), 2);
}

#[test]
fn units_group_by_year_and_predecessors_skip_missing_years() {
    let (_d, c, _) = corpus(
        &[
            // Identical texts would be read once: each text is its own.
            ("2019_甲市.txt", "数字经济".into()),
            ("2021_甲市.txt", "数字经济，乡村振兴".into()),
            ("2021_乙市.txt", "乡村振兴".into()),
            ("2022_乙市.txt", "乡村振兴，高质量发展".into()),
        ],
        &[],
    );
    let docs = units(&c.documents, None);
    let labels: Vec<&str> = docs.iter().map(|u| u.label.as_str()).collect();
    assert_eq!(labels, ["2019 甲市", "2021 乙市", "2021 甲市", "2022 乙市"]);
    let prev = predecessors(&docs, None);
    // 2021 甲市 follows 2019 甲市 (no 2020 report): gaps are not breaks in the pairing.
    assert_eq!(prev, [vec![], vec![], vec![0], vec![1]]);
    let years = units(&c.documents, Some(GroupBy::YEAR));
    let ids: Vec<(&str, usize)> = years
        .iter()
        .map(|u| (u.id.as_str(), u.docs.len()))
        .collect();
    assert_eq!(ids, [("2019", 1), ("2021", 2), ("2022", 1)]);
    assert_eq!(
        predecessors(&years, Some(GroupBy::YEAR)),
        [vec![], vec![0], vec![1]]
    );
    // Grouped by region alone there are no years, so no predecessors.
    let regions = units(&c.documents, Some(GroupBy::REGION));
    assert!(
        predecessors(&regions, Some(GroupBy::REGION))
            .iter()
            .all(Vec::is_empty)
    );
}

#[test]
fn minhash_estimates_and_banding() {
    // Two sets of 2,000 hashes sharing 1,000: J = 1000/3000 = 1/3.
    let h = |i: u64| xxhash_rust::xxh3::xxh3_64(&i.to_le_bytes());
    let mut a: Vec<u64> = (0..2000).map(h).collect();
    let mut b: Vec<u64> = (1000..3000).map(h).collect();
    a.sort_unstable();
    b.sort_unstable();
    assert!((jaccard(&a, &b) - 1.0 / 3.0).abs() < 1e-12);
    let (sa, sb) = (sketch(&a, 256), sketch(&b, 256));
    let est = estimate(&sa, &sb);
    let se = standard_error(1.0 / 3.0, 256);
    assert!((se - 0.029462).abs() < 1e-6, "√(1/3·2/3/256)");
    assert!((est - 1.0 / 3.0).abs() < 3.0 * se, "{est}");
    assert_eq!(estimate(&sa, &sa), 1.0);
    assert_eq!(estimate(&sketch(&[], 64), &sketch(&[], 64)), 0.0);
    // A set smaller than k leaves bins empty: densified, still k values, still 1 with itself.
    let small = sketch(&a[..10], 256);
    assert_eq!(small.len(), 256);
    assert_eq!(estimate(&small, &sketch(&a[..10], 256)), 1.0);
    // Bands for k = 256 at 0.5: r = 4 gives 1 − (15/16)^64 = 0.984 < 0.99, r = 3 gives
    // 1 − (7/8)^85 = 0.99999 → (85, 3).
    assert!((candidate_probability(0.5, 64, 4) - 0.98396).abs() < 1e-4);
    assert_eq!(bands(256, 0.5), (85, 3));
    // Identical sets are always candidates, disjoint ones (almost surely) never.
    let c: Vec<u64> = (5000..7000).map(h).collect();
    let pairs = candidates(&[sa.clone(), sa, sketch(&c, 256)], 85, 3);
    assert_eq!(pairs, [(0, 1)]);
}

#[test]
fn pair_intersections_agree_with_merging_each_pair() {
    // 40 sets over 0..300 with overlaps of every size, so that both the counted (rare) and
    // the bit-row (frequent: in more than 8 sets) shingles occur.
    let h = |i: u64| xxhash_rust::xxh3::xxh3_64(&i.to_le_bytes());
    let sets: Vec<Vec<u64>> = (0..40u64)
        .map(|s| {
            let mut v: Vec<u64> = (0..300u64)
                .filter(|x| (x * 7 + s * 13) % (s % 5 + 2) == 0 || *x < 20)
                .map(h)
                .collect();
            v.sort_unstable();
            v
        })
        .collect();
    let m = super::sets::pair_intersections(&sets);
    for i in 0..40 {
        for j in i + 1..40 {
            assert_eq!(
                m[i * 40 + j] as usize,
                intersection(&sets[i], &sets[j]),
                "{i} {j}"
            );
        }
    }
}

#[test]
fn pair_cosines_agree_with_the_dot_product_of_each_pair() {
    // 30 unit vectors over 200 terms, some terms in most vectors (dense part), most in few.
    let vecs: Vec<vectors::Vector> = (0..30u32)
        .map(|u| {
            let mut v: Vec<(u32, f32)> = (0..200u32)
                .filter(|t| t % 10 == 0 || (t * 7 + u * 3) % 29 == 0)
                .map(|t| (t, 1.0 + ((t + u) % 5) as f32))
                .collect();
            let norm = v.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt();
            v.iter_mut().for_each(|x| x.1 /= norm);
            v
        })
        .collect();
    let m = vectors::pair_cosines(&vecs);
    for i in 0..30 {
        for j in i + 1..30 {
            let c = vectors::cosine(&vecs[i], &vecs[j]);
            assert!((f64::from(m[i * 30 + j]) - c).abs() < 1e-5, "{i} {j}");
        }
    }
}
