//! `manifest.json`: everything needed to reproduce a run — input files with
//! their SHA-256, parameters, dictionary/stopword/rule hashes, crate
//! versions, counts and stage timings.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::corpus::SourceFile;

/// Versions of the crates that shape results, read from `Cargo.lock` at
/// build time (see `build.rs`).
pub fn crate_versions() -> BTreeMap<String, String> {
    env!("ANALYZE_DEP_VERSIONS")
        .split(';')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// A dictionary or list used by the run.
#[derive(Debug, Clone, Serialize)]
pub struct ResourceInfo {
    /// Path or built-in name.
    pub origin: String,
    /// SHA-256 of its contents.
    pub sha256: String,
    /// Number of entries.
    pub entries: usize,
}

/// Counts for the summary.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Counts {
    /// Files read.
    pub files: usize,
    /// Documents analysed.
    pub documents: usize,
    /// Warnings.
    pub warnings: usize,
    /// Distinct years.
    pub years: usize,
    /// Word tokens (content tokens) in all documents; `None` when the
    /// analysis does not segment (sections, KWIC).
    pub tokens: Option<u64>,
    /// Han characters in all documents.
    pub han_chars: u64,
}

/// The manifest of one run.
#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    /// Always `analyze`.
    pub tool: &'static str,
    /// Version of `analyze`.
    pub version: &'static str,
    /// Versions of the crates that shape the results.
    pub crates: BTreeMap<String, String>,
    /// The subcommand (`trends`, `corpus`…).
    pub command: String,
    /// The input path as given.
    pub input: String,
    /// All parameters after defaults were applied.
    pub parameters: serde_json::Value,
    /// Every input file with its hash (and, for tables and JSONL, the
    /// columns taken for each field).
    pub input_files: Vec<SourceFile>,
    /// Documents loaded but left out (duplicates, `--min-chars`), and why.
    pub dropped: Vec<crate::corpus::Dropped>,
    /// Dictionaries (lexicon, user dictionaries).
    pub dictionaries: Vec<ResourceInfo>,
    /// Stopword lists.
    pub stopwords: ResourceInfo,
    /// Cleaning rule files.
    pub cleaning_rules: ResourceInfo,
    /// Counts.
    pub counts: Counts,
    /// Files written, relative to the run folder.
    pub outputs: Vec<String>,
    /// Wall time per stage in milliseconds.
    pub timings_ms: BTreeMap<String, u64>,
    /// Segmentation-cache hits and misses, when a cache was used.
    pub cache: Option<crate::dfm::cache::CacheStats>,
    /// The script of the documents and which ones were converted to
    /// simplified characters.
    pub script: ScriptSummary,
}

/// The `script` section of a manifest: documents per detected script, the
/// `--t2s` mode and thresholds, and every converted document.
#[derive(Debug, Clone, Serialize)]
pub struct ScriptSummary {
    /// `--t2s`: auto, always or never.
    pub t2s: &'static str,
    /// How the script is detected.
    pub method: String,
    /// Documents per detected script (`simplified`, `traditional`, `mixed`, `none`).
    pub documents: BTreeMap<&'static str, usize>,
    /// The documents converted, as `doc_id (script)`.
    pub converted: Vec<String>,
}

impl ScriptSummary {
    /// Summarise `docs` loaded with `t2s`.
    pub fn new(docs: &[crate::corpus::Document], t2s: crate::corpus::convert::T2sMode) -> Self {
        use crate::corpus::convert::{MIN_EVIDENCE, SIMPLIFIED_MAX, TRADITIONAL_MIN};
        let mut documents = BTreeMap::new();
        for d in docs {
            *documents.entry(d.script.as_str()).or_default() += 1;
        }
        ScriptSummary {
            t2s: t2s.as_str(),
            method: format!(
                "share of traditional-only characters (changed by OpenCC t2s) among script-specific ones (changed by t2s or s2t): >= {TRADITIONAL_MIN} traditional, <= {SIMPLIFIED_MAX} simplified, between mixed; fewer than {MIN_EVIDENCE} script-specific characters: none"
            ),
            documents,
            converted: docs
                .iter()
                .filter(|d| d.converted)
                .map(|d| format!("{} ({})", d.doc_id, d.script.as_str()))
                .collect(),
        }
    }
}

impl Manifest {
    /// Serialise as pretty JSON.
    pub fn to_json(&self) -> crate::error::Result<Vec<u8>> {
        serde_json::to_vec_pretty(self).map_err(|source| crate::error::Error::Json {
            what: "manifest",
            source,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crate_versions_come_from_cargo_lock() {
        let v = crate_versions();
        let lock = include_str!("../../Cargo.lock");
        for name in ["polars", "jieba-rs", "plotters"] {
            let version = v.get(name).unwrap_or_else(|| panic!("{name} missing"));
            let entry = format!("name = \"{name}\"\nversion = \"{version}\"");
            assert!(lock.contains(&entry), "{entry}");
        }
    }
}
