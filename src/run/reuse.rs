//! The reuse run: which passages of the target reports repeat passages of
//! their sources, written to `reuse_passages`, `reuse_share` and
//! `reuse_candidates` (Parquet + CSV), `reuse_by_year.svg/png` and
//! `reuse_by_region.svg/png`; optionally the seed postings as partitioned
//! Parquet for a distributed candidate stage (`docs/SCALE.md`).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use polars::prelude::*;
use serde::Serialize;

use super::{CorpusSettings, OutputSettings, Prepared, TokenSettings, finish_run};
use crate::corpus::Document;
use crate::error::{Error, Result, Warning};
use crate::report::RunDir;
use crate::report::charts::{ChartSettings, write_chart};
use crate::report::reuse::{share_by_region, share_by_year};
use crate::report::tables::{parquet_bytes, write_frame};
use crate::textstat::reuse::pairs::{GroupSpec, SourceSpec, TargetSources, pair, pair_keys};
use crate::textstat::reuse::shingles::Shingle;
use crate::textstat::reuse::tables::{
    ShareRow, candidates_frame, passages_frame, share_frame, share_rows,
};
use crate::textstat::reuse::{ReuseOptions, find_reuse, involved, seed_lists};

/// Postings files are partitioned by the top bits of the hash into this
/// many parts (`part=00` … `part=63`).
pub const POSTING_PARTS: usize = 64;

/// Typed settings of a reuse run.
#[derive(Debug, Clone)]
pub struct ReuseSettings {
    /// The corpus (its input is the first folder or file).
    pub corpus: CorpusSettings,
    /// More folders or files read into the same corpus.
    pub with: Vec<PathBuf>,
    /// Document cache folder (`None`: no cache).
    pub cache: Option<PathBuf>,
    /// Source groups, each compared separately in `reuse_share`.
    pub sources: Vec<SourceSpec>,
    /// Which documents are targets.
    pub target: GroupSpec,
    /// Group sources must be of the target's year.
    pub same_year: bool,
    /// Align only the pairs of this Parquet file (`source_doc`, `target_doc`)
    /// instead of pairing by groups.
    pub candidates: Option<PathBuf>,
    /// Detection parameters.
    pub options: ReuseOptions,
    /// Write the seed postings here (partitioned Parquet).
    pub export_postings: Option<PathBuf>,
    /// Charts.
    pub chart: ChartSettings,
    /// Output.
    pub output: OutputSettings,
}

/// Totals of one source group.
#[derive(Debug, Clone, Serialize)]
pub struct GroupSummary {
    /// The group as written (`prev-year`, `national,2025`, `candidates`).
    pub group: String,
    /// Targets with at least one source in the group.
    pub targets: usize,
    /// Their Han characters.
    pub han_chars: usize,
    /// Of which inside a reused passage.
    pub reused_han_chars: usize,
    /// Pooled share: reused / Han characters.
    pub share: f64,
}

/// What a reuse run produced.
#[derive(Debug, Clone, Serialize)]
pub struct ReuseSummary {
    /// Run folder.
    pub run_folder: PathBuf,
    /// Documents read (all inputs).
    pub documents: usize,
    /// Targets with at least one source.
    pub targets: usize,
    /// Candidate pairs aligned.
    pub candidates: usize,
    /// Passages found.
    pub passages: usize,
    /// Per source group.
    pub groups: Vec<GroupSummary>,
    /// Where the postings were exported.
    pub postings: Option<PathBuf>,
    /// Files written.
    pub files: Vec<String>,
    /// Warnings.
    pub warnings: Vec<Warning>,
}

/// Run reuse detection; also returns the share rows and the corpus (for
/// printing).
pub fn run(s: &ReuseSettings) -> Result<(ReuseSummary, Vec<ShareRow>, Prepared)> {
    let tokens = TokenSettings {
        cache: s.cache.clone(),
        ..TokenSettings::default()
    };
    let mut p = Prepared::new(&s.corpus, &tokens, &[])?;
    p.add_inputs(&s.corpus, &s.with, s.cache.as_deref())?;
    let docs = &p.corpus.documents;
    let (targets, labels) = match &s.candidates {
        Some(file) => (read_candidates(file, docs)?, vec!["candidates".to_string()]),
        None => (
            pair(docs, &s.sources, &s.target, s.same_year),
            s.sources.iter().map(SourceSpec::label).collect(),
        ),
    };
    // A group no document belongs to (a misspelt region, a year without
    // reports) is named.
    let empty = s
        .sources
        .iter()
        .filter_map(|src| match src {
            SourceSpec::Group(g) => Some(("--source", g)),
            SourceSpec::PrevYear => None,
        })
        .chain(std::iter::once(("--target", &s.target)))
        .find(|(_, g)| !docs.iter().any(|d| g.contains(d)));
    if s.candidates.is_none()
        && let Some((option, g)) = empty
    {
        return Err(Error::Usage(format!(
            "{option} {:?}: none of the {} documents belongs to it (its items are years, levels — national, province, city, county, town —, region names, path:GLOB or all; see `analyze corpus` for what is there)",
            g.text,
            docs.len()
        )));
    }
    if targets.is_empty() {
        return Err(Error::Usage(format!(
            "no target has a source among the {} documents: check --source/--target{} (see `analyze corpus` for the years, regions and levels there)",
            docs.len(),
            if s.same_year { "/--same-year" } else { "" }
        )));
    }
    let pairs: Vec<(usize, Vec<usize>)> = targets.iter().map(|t| (t.target, t.all())).collect();
    p.timer.mark("pair");
    let texts: Vec<&str> = docs.iter().map(|d| d.text.as_str()).collect();
    let result = find_reuse(&texts, &pairs, &s.options);
    p.timer.mark("reuse");
    let rows = share_rows(docs, &targets, &labels, &result.passages);
    let mut run = RunDir::create(&s.output.run_dir)?;
    write_frame(
        &mut run,
        "reuse_passages",
        &mut passages_frame(docs, &result.passages)?,
    )?;
    write_frame(&mut run, "reuse_share", &mut share_frame(docs, &rows)?)?;
    write_frame(
        &mut run,
        "reuse_candidates",
        &mut candidates_frame(docs, &result.candidates)?,
    )?;
    p.timer.mark("tables");
    let mut warnings = p.corpus.warnings.clone();
    let name = crate::run::default_run_name(&s.corpus.input);
    if let Some(c) = share_by_year(docs, &rows, &name, &s.options, &s.chart)? {
        write_chart(&mut run, "reuse_by_year", &c, &s.chart)?;
        warnings.extend(c.warnings);
    }
    if let Some(c) = share_by_region(docs, &rows, &name, &s.options, &s.chart)? {
        write_chart(&mut run, "reuse_by_region", &c, &s.chart)?;
        warnings.extend(c.warnings);
    }
    p.timer.mark("chart");
    let postings = match &s.export_postings {
        Some(dir) => {
            let keys = pair_keys(docs, &s.sources, &targets, s.same_year);
            Some(export_postings(dir, docs, &pairs, &keys, &s.options)?)
        }
        None => None,
    };
    p.timer.mark("export_postings");
    let groups = group_summaries(&labels, &rows);
    let params = serde_json::json!({
        "inputs": std::iter::once(&s.corpus.input).chain(&s.with).collect::<Vec<_>>(),
        "sources": s.sources,
        "source_labels": labels,
        "target": s.target,
        "same_year": s.same_year,
        "candidates_file": s.candidates,
        "options": s.options,
        "postings_exported_to": postings,
        "shingles_indexed": result.indexed,
        "groups": groups,
        "offsets": "character offsets into the cleaned text (texts/<doc_id>.txt of `analyze corpus --out`): text.chars().skip(start).take(end - start) is the passage",
        "method": "seeds: character n-grams of the Han characters and digits (punctuation, whitespace and letters left out); runs of seeds chained across small edits; banded Smith–Waterman (match +1, mismatch/insertion/deletion −1) around each chain; identity = matches / alignment columns; share = Han characters of the target inside the union of passages / Han characters of the target; see docs/STATISTICS.md",
    });
    let summary_counts = (
        docs.len(),
        targets.len(),
        result.candidates.len(),
        result.passages.len(),
    );
    let (folder, files) = finish_run(run, &mut p, "reuse", &s.corpus, params, None, &warnings)?;
    Ok((
        ReuseSummary {
            run_folder: folder,
            documents: summary_counts.0,
            targets: summary_counts.1,
            candidates: summary_counts.2,
            passages: summary_counts.3,
            groups,
            postings,
            files,
            warnings,
        },
        rows,
        p,
    ))
}

/// A Parquet file, or every `*.parquet` file of a folder (what Spark
/// writes), as one frame.
fn read_parquet(path: &Path) -> Result<DataFrame> {
    let files: Vec<PathBuf> = if path.is_dir() {
        let mut v: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| Error::read(path, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "parquet"))
            .collect();
        v.sort();
        v
    } else {
        vec![path.to_path_buf()]
    };
    let mut out: Option<DataFrame> = None;
    for file in &files {
        let f = std::fs::File::open(file).map_err(|e| Error::read(file, e))?;
        let df = ParquetReader::new(f).finish().map_err(|e| {
            Error::Usage(format!(
                "{}: not a readable Parquet file ({e}); --candidates takes the source_doc, target_doc pairs of reuse_candidates.parquet or the folder scripts/spark_candidates.py writes",
                file.display()
            ))
        })?;
        out = Some(match out {
            Some(mut o) => {
                o.vstack_mut(&df)?;
                o
            }
            None => df,
        });
    }
    out.ok_or_else(|| Error::Usage(format!("{}: no .parquet file there", path.display())))
}

/// The pairs of a candidates file or folder (`source_doc`, `target_doc`
/// columns of doc ids), by target.
fn read_candidates(file: &Path, docs: &[Document]) -> Result<Vec<TargetSources>> {
    let df = read_parquet(file)?;
    let col = |name: &str| -> Result<Vec<Option<String>>> {
        let c = df.column(name).map_err(|_| {
            Error::Usage(format!(
                "{}: no column {name:?} (it has {:?}); --candidates needs source_doc and target_doc",
                file.display(),
                df.get_column_names()
            ))
        })?;
        let c = c.cast(&DataType::String)?;
        let c = c.str()?;
        Ok((0..c.len()).map(|i| c.get(i).map(str::to_string)).collect())
    };
    let (src, tgt) = (col("source_doc")?, col("target_doc")?);
    let index: HashMap<&str, usize> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.doc_id.as_str(), i))
        .collect();
    let mut by_target: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut unknown: Vec<String> = Vec::new();
    for (s, t) in src.iter().zip(&tgt) {
        let (Some(s), Some(t)) = (s, t) else { continue };
        match (index.get(s.as_str()), index.get(t.as_str())) {
            (Some(&s), Some(&t)) if s != t => by_target.entry(t).or_default().push(s),
            (Some(_), Some(_)) => {}
            _ => unknown.push(format!("{s} → {t}")),
        }
    }
    if !unknown.is_empty() {
        return Err(Error::Usage(format!(
            "{}: {} pair(s) name documents not in this corpus, e.g. {}; run with the same inputs and options as the export",
            file.display(),
            unknown.len(),
            unknown
                .iter()
                .take(3)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    Ok(by_target
        .into_iter()
        .map(|(target, mut s)| {
            s.sort_unstable();
            s.dedup();
            TargetSources {
                target,
                groups: vec![s],
            }
        })
        .collect())
}

/// Write the seed postings of every source and target as Parquet under
/// `dir`: `postings/part=NN/postings.parquet` (`hash` Int64 — the XXH3-64
/// bits —, `doc_id`, `pos`), partitioned by the top 6 bits of the hash;
/// `documents.parquet` (`doc_id, year, region, level, source_keys,
/// target_keys`); `settings.json`. Written atomically like a run folder.
fn export_postings(
    dir: &Path,
    docs: &[Document],
    pairs: &[(usize, Vec<usize>)],
    keys: &[(Vec<String>, Vec<String>)],
    o: &ReuseOptions,
) -> Result<PathBuf> {
    let texts: Vec<&str> = docs.iter().map(|d| d.text.as_str()).collect();
    let which = involved(pairs);
    let lists: Vec<Vec<Shingle>> = seed_lists(&texts, &which, o);
    let mut parts: Vec<Vec<(u64, u32, u32)>> = vec![Vec::new(); POSTING_PARTS];
    for &d in &which {
        for &(h, pos) in &lists[d] {
            parts[(h >> 58) as usize].push((h, d as u32, pos));
        }
    }
    drop(lists);
    let mut run = RunDir::create(dir)?;
    for (k, rows) in parts.iter().enumerate() {
        let mut df = DataFrame::new_infer_height(vec![
            Column::new(
                "hash".into(),
                rows.iter().map(|r| r.0 as i64).collect::<Vec<i64>>(),
            ),
            Column::new(
                "doc_id".into(),
                rows.iter()
                    .map(|r| docs[r.1 as usize].doc_id.as_str())
                    .collect::<Vec<&str>>(),
            ),
            Column::new(
                "pos".into(),
                rows.iter().map(|r| i64::from(r.2)).collect::<Vec<i64>>(),
            ),
        ])?;
        run.write(
            &format!("postings/part={k:02}/postings.parquet"),
            &parquet_bytes(&mut df)?,
        )?;
    }
    let list = |side: usize| -> Series {
        let v: Vec<Series> = which
            .iter()
            .map(|&d| {
                let k = if side == 0 { &keys[d].0 } else { &keys[d].1 };
                Series::new("".into(), k.as_slice())
            })
            .collect();
        Series::new("".into(), v)
    };
    let mut documents = DataFrame::new_infer_height(vec![
        Column::new(
            "doc_id".into(),
            which
                .iter()
                .map(|&d| docs[d].doc_id.as_str())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "year".into(),
            which.iter().map(|&d| docs[d].year).collect::<Vec<i32>>(),
        ),
        Column::new(
            "region".into(),
            which
                .iter()
                .map(|&d| docs[d].region.clone())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "level".into(),
            which
                .iter()
                .map(|&d| docs[d].level.map(|l| l.as_str()))
                .collect::<Vec<_>>(),
        ),
        list(0).with_name("source_keys".into()).into(),
        list(1).with_name("target_keys".into()).into(),
    ])?;
    run.write("documents.parquet", &parquet_bytes(&mut documents)?)?;
    let settings = serde_json::json!({
        "tool": "analyze",
        "version": env!("CARGO_PKG_VERSION"),
        "ngram": o.ngram,
        "max_repeat": o.max_repeat,
        "max_df": o.max_df,
        "min_shared": o.min_shared,
        "hash": "XXH3-64 of the n-gram's code points as 32-bit little-endian integers, stored as Int64 (the same 64 bits)",
        "part": "top 6 bits of the hash (hash as unsigned >> 58)",
        "pos": "position of the n-gram's first character among the Han characters and digits of the cleaned text",
        "postings": "every n-gram of every source and target, except n-grams repeated more than max_repeat times in their document",
        "candidate_rule": "a pair (s, t) is a candidate when s != t, source_keys(s) and target_keys(t) share a key, and they share at least min_shared distinct hashes each found in at most max_df documents (0: no limit) of the postings",
        "documents": which.len(),
    });
    let json = serde_json::to_vec_pretty(&settings).map_err(|source| Error::Json {
        what: "postings settings",
        source,
    })?;
    run.write("settings.json", &json)?;
    run.commit()
}

/// Pooled totals per source group.
fn group_summaries(labels: &[String], rows: &[ShareRow]) -> Vec<GroupSummary> {
    labels
        .iter()
        .map(|l| {
            let mine: Vec<&ShareRow> = rows.iter().filter(|r| &r.group == l).collect();
            let han: usize = mine.iter().map(|r| r.han_chars).sum();
            let reused: usize = mine.iter().map(|r| r.reused).sum();
            GroupSummary {
                group: l.clone(),
                targets: mine.len(),
                han_chars: han,
                reused_han_chars: reused,
                share: if han == 0 {
                    0.0
                } else {
                    reused as f64 / han as f64
                },
            }
        })
        .collect()
}
