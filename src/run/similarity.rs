//! The similarity run: documents (or groups) compared by TF-IDF cosine and shingle Jaccard /
//! containment, written to `similarity` and `continuity` (Parquet + CSV),
//! `similarity_cosine.svg/png` and `similarity_jaccard.svg/png` (heatmaps) and
//! `continuity.svg/png`.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{CorpusSettings, OutputSettings, Prepared, TokenSettings, finish_run};
use crate::error::{Error, Result, Warning};
use crate::report::RunDir;
use crate::report::charts::{ChartSettings, write_chart};
use crate::report::similarity::{HEATMAP_MAX, continuity, heatmap};
use crate::report::tables::write_frame;
use crate::textstat::select::{eligible, place_names};
use crate::textstat::similarity::tables::{continuity_frame, similarity_frame};
use crate::textstat::similarity::units::{predecessors, units};
use crate::textstat::similarity::{Measure, Mode, SimilarityOptions, minhash, similarity};
use crate::textstat::{GroupBy, Vocab, Vocabulary};

/// Typed settings of a similarity run.
#[derive(Debug, Clone)]
pub struct SimilaritySettings {
    /// Corpus (its input is the first folder or file).
    pub corpus: CorpusSettings,
    /// More folders or files read into the same corpus.
    pub with: Vec<PathBuf>,
    /// Segmentation.
    pub tokens: TokenSettings,
    /// Units: documents (`None`) or groups.
    pub by: Option<GroupBy>,
    /// Words of the TF-IDF vectors.
    pub vocab: Vocab,
    /// Options.
    pub options: SimilarityOptions,
    /// Charts.
    pub chart: ChartSettings,
    /// Output.
    pub output: OutputSettings,
}

/// What a similarity run produced.
#[derive(Debug, Clone, Serialize)]
pub struct SimilaritySummary {
    /// Run folder.
    pub run_folder: PathBuf,
    /// Documents read.
    pub documents: usize,
    /// Units compared.
    pub units: usize,
    /// `exact` or `minhash`.
    pub mode: Mode,
    /// Pairs in the `similarity` table.
    pub pairs: usize,
    /// Rows of the `continuity` table.
    pub continuity: usize,
    /// MinHash mode: bands, rows per band and candidate pairs checked.
    pub lsh: Option<(usize, usize, usize)>,
    /// Mean cosine and Jaccard of the continuity pairs.
    pub continuity_means: Option<(f64, f64)>,
    /// Files written.
    pub files: Vec<String>,
    /// Warnings.
    pub warnings: Vec<Warning>,
}

/// Run the similarity analysis.
pub fn run(s: &SimilaritySettings) -> Result<SimilaritySummary> {
    let mut p = Prepared::new_to_segment(&s.corpus, &s.tokens, &[])?;
    p.add_inputs(&s.corpus, &s.with, s.tokens.cache.as_deref())?;
    let dfm = p.dfm(s.output.progress);
    let list = units(&p.corpus.documents, s.by);
    if list.len() < 2 {
        return Err(Error::Usage(format!(
            "{} unit(s) to compare: similarity needs at least two documents (or groups with --by)",
            list.len()
        )));
    }
    let prev = predecessors(&list, s.by);
    let vocab = Vocabulary::new(s.vocab, &p.dictionaries, &p.segmenter, &p.stopwords);
    let places = place_names(&p.corpus);
    let stop = &p.stopwords;
    let admit = |t: &str| eligible(t, stop, &places) && vocab.admits(t);
    let sim = similarity(&p.corpus, &dfm, list, &prev, &admit, &s.options);
    p.timer.mark("similarity");
    let mut warnings = p.corpus.warnings.clone();
    let mut run = RunDir::create(&s.output.run_dir)?;
    write_frame(&mut run, "similarity", &mut similarity_frame(&sim)?)?;
    write_frame(&mut run, "continuity", &mut continuity_frame(&sim)?)?;
    p.timer.mark("tables");
    let note = chart_note(&s.corpus.input, &sim, &s.options);
    let axis = match s.by {
        None => "报告",
        Some(b) if b.year && !b.level && !b.region => "年份",
        Some(_) => "报告组",
    };
    // With two units every shared word has IDF ln(2/2) = 0, so their TF-IDF cosine is 0
    // whatever the texts: no chart of it, and a warning.
    let few = sim.units.len() < 3;
    if few {
        warnings.push(Warning::note(format!(
                "{} units: TF-IDF weighs a word by ln(N / units holding it), which is 0 for every word both hold, so cosine_tfidf is 0 whatever the texts; read jaccard and containment, or compare three or more units; no cosine heatmap drawn",
                sim.units.len()
            ),
        ));
    }
    for (stem, m) in [
        ("similarity_cosine", Measure::CosineTfidf),
        ("similarity_jaccard", Measure::Jaccard),
    ] {
        if few && m == Measure::CosineTfidf {
            continue;
        }
        if let Some(c) = heatmap(&sim, (m, axis), &note, &s.chart)? {
            warnings.extend(c.warnings.iter().cloned());
            write_chart(&mut run, stem, &c, &s.chart)?;
        }
    }
    if sim.mode == Mode::MinHash || sim.units.len() > HEATMAP_MAX {
        warnings.push(Warning::note(format!(
                "{} units ({}): no heatmap, as not every pair is known or the matrix is too large to read; group the documents (--by year, --by year,level) for one",
                sim.units.len(),
                sim.mode.as_str()
            ),
        ));
    }
    if let Some(c) = continuity(&sim, &note, &s.chart)? {
        warnings.extend(c.warnings.iter().cloned());
        write_chart(&mut run, "continuity", &c, &s.chart)?;
    }
    p.timer.mark("chart");
    let params = parameters(s, &sim);
    let means = (!sim.continuity.is_empty()).then(|| {
        let n = sim.continuity.len() as f64;
        (
            sim.continuity.iter().map(|c| c.cosine).sum::<f64>() / n,
            sim.continuity.iter().map(|c| c.jaccard).sum::<f64>() / n,
        )
    });
    let counts = (sim.units.len(), sim.pairs.len(), sim.continuity.len());
    let tokens = dfm.tokens_total();
    let (folder, files) = finish_run(
        run,
        &mut p,
        "similarity",
        &s.corpus,
        params,
        Some(tokens),
        &warnings,
    )?;
    Ok(SimilaritySummary {
        run_folder: folder,
        documents: p.corpus.documents.len(),
        units: counts.0,
        mode: sim.mode,
        pairs: counts.1,
        continuity: counts.2,
        lsh: sim.lsh,
        continuity_means: means,
        files,
        warnings,
    })
}

/// The note under the charts.
fn chart_note(
    input: &Path,
    sim: &crate::textstat::similarity::Similarity,
    o: &SimilarityOptions,
) -> String {
    let name = crate::run::default_run_name(input);
    let method = match sim.mode {
        Mode::Exact => "全部配对精确计算".to_string(),
        Mode::MinHash => format!("MinHash (k = {}) + LSH", o.k),
    };
    format!(
        "数据: {name} · {} 个比较单位 · TF-IDF 实词余弦 · {}字片段 Jaccard · {method}",
        sim.units.len(),
        o.ngram
    )
}

fn parameters(
    s: &SimilaritySettings,
    sim: &crate::textstat::similarity::Similarity,
) -> serde_json::Value {
    let k = s.options.k;
    serde_json::json!({
        "inputs": std::iter::once(&s.corpus.input).chain(&s.with).collect::<Vec<_>>(),
        "by": s.by.map(|b| b.keys()).unwrap_or_else(|| vec!["document"]),
        "vocab": s.vocab.as_str(),
        "vocabulary": crate::textstat::vocab::DESCRIPTION,
        "options": s.options,
        "mode": sim.mode,
        "units": sim.units.len(),
        "pairs": sim.pairs.len(),
        "lsh": sim.lsh.map(|(b, r, c)| serde_json::json!({
            "bands": b, "rows_per_band": r, "candidates_checked": c,
            "candidate_probability_at_threshold": minhash::candidate_probability(s.options.threshold, b, r),
        })),
        "expected_error": match sim.mode {
            Mode::Exact => "none: every pair exact (cosine from f32 weights, rounded to 6 decimals)".to_string(),
            Mode::MinHash => format!("Jaccard and containment estimated from MinHash sketches of k = {k}: standard error at most sqrt(J(1-J)/k), {:.3} at J = 0.5; cosine exact", minhash::standard_error(0.5, k)),
        },
        "cosine_tfidf": "cosine of L2-normalised TF-IDF vectors: tf = count / content tokens of the unit, idf = ln(N / df) over the N units; words of --vocab that are not stopwords, at least two characters, not parts of region names",
        "jaccard": "|A ∩ B| / |A ∪ B| of the sets of distinct character n-grams of the Han characters and digits (the seeds of analyze reuse)",
        "containment": "|A ∩ B| / |A|: share of doc_a's n-grams found in doc_b (continuity: of the report's n-grams found in its predecessor)",
        "continuity": "each unit against the units of the same region and level in the latest earlier year with one (years without a report are skipped, not zero)",
        "chart_size": [s.chart.width, s.chart.height],
        "font": s.chart.font_name(),
    })
}
