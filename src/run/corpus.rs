//! The corpus run: load and clean, then (optionally) write what was
//! ingested — `documents.{parquet,csv}`, `warnings.csv`,
//! `cleaning.{parquet,csv}` (characters each cleaning rule removed from each
//! document), one cleaned `texts/<doc_id>.txt` per document and
//! `manifest.json` (with the columns taken for each field and the documents
//! left out) — so users can audit the cleaning.

use std::path::PathBuf;

use serde::Serialize;

use super::{CorpusSettings, Timer};
use crate::corpus::Corpus;
use crate::error::Result;
use crate::report::RunDir;
use crate::report::manifest::{Counts, Manifest, crate_versions};
use crate::report::tables::{
    cleaning_frame, csv_bytes, documents_frame, warnings_frame, write_frame,
};

/// What a corpus run produced.
#[derive(Debug, Clone, Serialize)]
pub struct CorpusSummary {
    /// The run folder, when one was written.
    pub run_folder: Option<PathBuf>,
    /// Files written, relative to the run folder.
    pub files: Vec<String>,
}

/// Load the corpus; with `out`, write the audit folder there.
pub fn run(s: &CorpusSettings, out: Option<&std::path::Path>) -> Result<(Corpus, CorpusSummary)> {
    let mut timer = Timer::start();
    let (corpus, rules) = s.load(None)?;
    timer.mark("load_and_clean");
    let Some(out) = out else {
        return Ok((
            corpus,
            CorpusSummary {
                run_folder: None,
                files: vec![],
            },
        ));
    };
    let mut run = RunDir::create(out)?;
    write_frame(
        &mut run,
        "documents",
        &mut documents_frame(&corpus.documents)?,
    )?;
    run.write(
        "warnings.csv",
        &csv_bytes(&mut warnings_frame(&corpus.warnings)?)?,
    )?;
    write_frame(
        &mut run,
        "cleaning",
        &mut cleaning_frame(&corpus.documents)?,
    )?;
    for d in &corpus.documents {
        run.write(&format!("texts/{}.txt", d.doc_id), d.text.as_bytes())?;
    }
    timer.mark("write");
    let mut files = run.written().to_vec();
    files.push("manifest.json".into());
    let manifest = Manifest {
        tool: "analyze",
        version: env!("CARGO_PKG_VERSION"),
        crates: crate_versions(),
        command: "corpus".into(),
        input: s.input.display().to_string(),
        parameters: serde_json::json!({ "corpus": s.parameters() }),
        input_files: corpus.files.clone(),
        dropped: corpus.dropped.clone(),
        dictionaries: vec![],
        stopwords: crate::report::manifest::ResourceInfo {
            origin: String::new(),
            sha256: String::new(),
            entries: 0,
        },
        cleaning_rules: super::rules_info(&rules),
        counts: Counts {
            files: corpus.files.len(),
            documents: corpus.documents.len(),
            warnings: corpus.warnings.len(),
            years: corpus.years().len(),
            tokens: None,
            han_chars: corpus.documents.iter().map(|d| d.han_chars as u64).sum(),
        },
        outputs: files.clone(),
        timings_ms: timer.stages,
        cache: None,
        script: crate::report::manifest::ScriptSummary::new(&corpus.documents, s.t2s),
    };
    run.write("manifest.json", &manifest.to_json()?)?;
    let folder = run.commit()?;
    Ok((
        corpus,
        CorpusSummary {
            run_folder: Some(folder),
            files,
        },
    ))
}
