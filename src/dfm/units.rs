//! Units of counting: whole documents, or the parts of documents that belong
//! to one section role (for `--by …,section`). Every unit carries its text
//! slice and its counts, so rates and substring counts are per unit.

use rayon::prelude::*;

use super::{Dfm, DocCounts};
use crate::corpus::sections::{RoleRules, parse_report};
use crate::corpus::{Corpus, Document};
use crate::tokens::Segmenter;

/// One unit: a document, or one section role of a document.
#[derive(Debug, Clone, Copy)]
pub struct Unit<'a> {
    /// The document.
    pub doc: &'a Document,
    /// The section role, when units are sections.
    pub section: Option<&'a str>,
    /// The unit's text.
    pub text: &'a str,
    /// Its counts.
    pub counts: &'a DocCounts,
    /// Substring counts already known for some terms (see
    /// [`Dfm::substrings`]).
    pub substrings: Option<&'a rustc_hash::FxHashMap<String, u32>>,
}

impl Unit<'_> {
    /// Non-overlapping occurrences of `term` in the unit's text.
    pub fn substring_count(&self, term: &str) -> usize {
        match self.substrings.and_then(|m| m.get(term)) {
            Some(&n) => n as usize,
            None => crate::tokens::substring_count(self.text, term),
        }
    }
}

/// Documents as units (no copying).
pub fn documents<'a>(corpus: &'a Corpus, dfm: &'a Dfm) -> Vec<Unit<'a>> {
    corpus
        .documents
        .iter()
        .zip(&dfm.docs)
        .enumerate()
        .map(|(i, (doc, counts))| Unit {
            doc,
            section: None,
            text: &doc.text,
            counts,
            substrings: dfm.substrings.get(i),
        })
        .collect()
}

/// Per (document, section role) texts and counts, owned.
#[derive(Debug, Clone, Default)]
pub struct SectionUnits {
    /// `(document index, role, text, counts)` in document order, roles in
    /// the order of the rules.
    pub parts: Vec<(usize, String, String, DocCounts)>,
}

impl SectionUnits {
    /// Split every document by the role of its top-level sections and count
    /// each part.
    pub fn build(corpus: &Corpus, seg: &Segmenter, roles: &RoleRules) -> SectionUnits {
        let names = roles.names();
        let parts = corpus
            .documents
            .par_iter()
            .with_max_len(1)
            .enumerate()
            .flat_map_iter(|(i, d)| {
                let sections = parse_report(&d.text, Some(d.year), roles);
                let mut out = Vec::new();
                for name in &names {
                    let text: Vec<&str> = sections
                        .iter()
                        .filter(|s| s.level == 1 && &s.role == name)
                        .map(|s| &d.text[s.start..s.end])
                        .collect();
                    if text.is_empty() {
                        continue;
                    }
                    let text = text.join("\n");
                    let counts = DocCounts::of(seg, &text);
                    out.push((i, name.clone(), text, counts));
                }
                out
            })
            .collect();
        SectionUnits { parts }
    }

    /// The parts as units.
    pub fn units<'a>(&'a self, corpus: &'a Corpus) -> Vec<Unit<'a>> {
        self.parts
            .iter()
            .map(|(i, role, text, counts)| Unit {
                doc: &corpus.documents[*i],
                section: Some(role.as_str()),
                text,
                counts,
                substrings: None,
            })
            .collect()
    }
}
