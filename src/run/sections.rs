//! The sections run: parse every document's section tree and write
//! `sections.{parquet,csv}` (one row per section, with its role and span).

use std::path::PathBuf;

use polars::prelude::*;
use rayon::prelude::*;
use serde::Serialize;

use super::{CorpusSettings, OutputSettings, Prepared, TokenSettings, finish_run};
use crate::corpus::Corpus;
use crate::corpus::sections::{RoleRules, Section, parse_report};
use crate::error::Result;
use crate::report::RunDir;
use crate::report::tables::write_frame;

/// Typed settings of a sections run.
#[derive(Debug, Clone)]
pub struct SectionSettings {
    /// Corpus input and cleaning.
    pub corpus: CorpusSettings,
    /// Output.
    pub output: OutputSettings,
}

/// What a sections run produced.
#[derive(Debug, Clone, Serialize)]
pub struct SectionSummary {
    /// The run folder.
    pub run_folder: PathBuf,
    /// Documents.
    pub documents: usize,
    /// Sections found (all levels).
    pub sections: usize,
    /// Top-level sections per role.
    pub top_level_by_role: std::collections::BTreeMap<String, usize>,
    /// Files written.
    pub files: Vec<String>,
    /// Warnings.
    pub warnings: Vec<crate::error::Warning>,
}

/// Every document's sections, in corpus order.
pub fn all_sections(corpus: &Corpus, roles: &RoleRules) -> Vec<Vec<Section>> {
    corpus
        .documents
        .par_iter()
        .with_max_len(1)
        .map(|d| parse_report(&d.text, Some(d.year), roles))
        .collect()
}

/// Char offset of byte offset `b` in `text`.
fn char_at(text: &str, b: usize) -> u64 {
    text[..b.min(text.len())].chars().count() as u64
}

/// The `sections` table.
pub fn sections_frame(corpus: &Corpus, all: &[Vec<Section>]) -> Result<DataFrame> {
    let mut rows: Vec<(&crate::corpus::Document, &Section)> = Vec::new();
    for (d, secs) in corpus.documents.iter().zip(all) {
        rows.extend(secs.iter().map(|s| (d, s)));
    }
    let id = |d: &crate::corpus::Document, i: usize| format!("{}#{i}", d.doc_id);
    let text = |f: &dyn Fn(&crate::corpus::Document, &Section) -> String| -> Vec<String> {
        rows.iter().map(|(d, s)| f(d, s)).collect()
    };
    Ok(DataFrame::new_infer_height(vec![
        Column::new("doc_id".into(), text(&|d, _| d.doc_id.clone())),
        Column::new(
            "year".into(),
            rows.iter().map(|(d, _)| d.year).collect::<Vec<i32>>(),
        ),
        Column::new(
            "region".into(),
            rows.iter()
                .map(|(d, _)| d.region.clone())
                .collect::<Vec<Option<String>>>(),
        ),
        Column::new("section_id".into(), text(&|d, s| id(d, s.index))),
        Column::new(
            "parent_id".into(),
            rows.iter()
                .map(|(d, s)| s.parent.map(|p| id(d, p)))
                .collect::<Vec<Option<String>>>(),
        ),
        Column::new(
            "level".into(),
            rows.iter()
                .map(|(_, s)| u32::from(s.level))
                .collect::<Vec<u32>>(),
        ),
        Column::new("kind".into(), text(&|_, s| s.kind.as_str().to_string())),
        Column::new("number".into(), text(&|_, s| s.number.clone())),
        Column::new("path".into(), text(&|_, s| s.path.clone())),
        Column::new("title".into(), text(&|_, s| s.title.clone())),
        Column::new("role".into(), text(&|_, s| s.role.clone())),
        Column::new(
            "start_char".into(),
            rows.iter()
                .map(|(d, s)| char_at(&d.text, s.start))
                .collect::<Vec<u64>>(),
        ),
        Column::new(
            "end_char".into(),
            rows.iter()
                .map(|(d, s)| char_at(&d.text, s.end))
                .collect::<Vec<u64>>(),
        ),
        Column::new(
            "chars".into(),
            rows.iter()
                .map(|(d, s)| d.text[s.start..s.end].chars().count() as u64)
                .collect::<Vec<u64>>(),
        ),
    ])?)
}

/// Run the sections analysis.
pub fn run(s: &SectionSettings) -> Result<SectionSummary> {
    let mut p = Prepared::new(&s.corpus, &TokenSettings::default(), &[])?;
    let roles = s.corpus.roles()?;
    let all = all_sections(&p.corpus, &roles);
    p.timer.mark("sections");
    let mut by_role = std::collections::BTreeMap::new();
    for sec in all.iter().flatten().filter(|x| x.level == 1) {
        *by_role.entry(sec.role.clone()).or_insert(0) += 1;
    }
    let mut run = RunDir::create(&s.output.run_dir)?;
    let mut df = sections_frame(&p.corpus, &all)?;
    write_frame(&mut run, "sections", &mut df)?;
    let warnings = p.corpus.warnings.clone();
    let params = serde_json::json!({ "section_roles": roles.origin });
    let (folder, files) = finish_run(run, &mut p, "sections", &s.corpus, params, None, &warnings)?;
    Ok(SectionSummary {
        run_folder: folder,
        documents: p.corpus.documents.len(),
        sections: all.iter().map(Vec::len).sum(),
        top_level_by_role: by_role,
        files,
        warnings,
    })
}
