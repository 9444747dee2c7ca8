//! TF-IDF term weights: how characteristic a term is of one document (one
//! report, or all reports of one year or region taken as a document)
//! against the other documents.

/// Inverse document frequency, unsmoothed natural log:
/// `idf = ln(n_docs / df)`, where `n_docs` is the number of documents and
/// `df` the number of documents containing the term at least once.
///
/// A term found in every document gets 0 (`ln 1`), so it never counts as
/// characteristic; this is why the unsmoothed form is used rather than
/// scikit-learn's `ln((1 + n)/(1 + df)) + 1`, which gives such a term
/// weight 1.
///
/// Returns 0.0 when `df = 0` (the term occurs nowhere, its tf is 0
/// everywhere, so any finite weight gives tf·idf = 0), when `n_docs = 0`,
/// and when `df > n_docs` (impossible counts; treated like "in every
/// document").
pub fn idf(n_docs: usize, df: usize) -> f64 {
    if df == 0 || df >= n_docs {
        return 0.0;
    }
    (n_docs as f64 / df as f64).ln()
}

/// TF-IDF of a term in one document: `tf · idf` with
/// `tf = count / total_tokens` (occurrences of the term over the content
/// tokens of the document), so documents of different lengths are
/// comparable.
///
/// Returns 0.0 when `total_tokens ≤ 0`, when `count < 0`, or when an
/// argument is not finite.
pub fn tf_idf(count: f64, total_tokens: f64, idf: f64) -> f64 {
    let finite = count.is_finite() && total_tokens.is_finite() && idf.is_finite();
    if !finite || total_tokens <= 0.0 || count < 0.0 {
        return 0.0;
    }
    count / total_tokens * idf
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idf_by_hand() {
        // 8 reports, the term is in 2 of them: ln(8/2) = ln 4 ≈ 1.3863.
        assert!((idf(8, 2) - 4.0f64.ln()).abs() < 1e-12);
        assert!((idf(8, 2) - 1.3862943611198906).abs() < 1e-12); // Python math.log(4)
        // In 1 of 8: ln 8 = 3 ln 2.
        assert!((idf(8, 1) - 3.0 * 2.0f64.ln()).abs() < 1e-12);
        // In every report: 0.
        assert_eq!(idf(8, 8), 0.0);
        // Documented edge cases.
        assert_eq!(idf(8, 0), 0.0);
        assert_eq!(idf(0, 0), 0.0);
        assert_eq!(idf(8, 9), 0.0);
    }

    #[test]
    fn tf_idf_by_hand() {
        // 3 occurrences in a report of 300 content tokens, in 2 of 8
        // reports: tf = 3/300 = 0.01, tf·idf = 0.01·ln 4.
        let got = tf_idf(3.0, 300.0, idf(8, 2));
        assert!((got - 0.01 * 4.0f64.ln()).abs() < 1e-12);
        // In every report: 0 whatever the count.
        assert_eq!(tf_idf(50.0, 300.0, idf(8, 8)), 0.0);
        assert_eq!(tf_idf(3.0, 0.0, 1.0), 0.0);
        assert_eq!(tf_idf(-3.0, 300.0, 1.0), 0.0);
        assert_eq!(tf_idf(3.0, 300.0, f64::INFINITY), 0.0);
    }
}
