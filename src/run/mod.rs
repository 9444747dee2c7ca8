//! Runs: the stages composed into one analysis with typed settings, written
//! to a run folder. The CLI (`cmd/`) only parses arguments into these
//! settings and prints what a run returns.

pub mod compare;
pub mod context;
pub mod corpus;
pub mod diffusion;
pub mod emerging;
pub mod keywords;
pub mod reuse;
pub mod sections;
pub mod similarity;
pub mod trends;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::corpus::sections::RoleRules;
use crate::corpus::{Corpus, LoadOptions, Rules};
use crate::dfm::Dfm;
use crate::error::{Error, Result, Warning, WarningKind};
use crate::report::RunDir;
use crate::report::manifest::{Counts, Manifest, ResourceInfo, crate_versions};
use crate::tokens::{Dictionary, Segmenter, SegmenterConfig, Stopwords};

/// Settings shared by every analysis that reads a corpus.
#[derive(Debug, Clone, Default)]
pub struct CorpusSettings {
    /// The input folder or file.
    pub input: PathBuf,
    /// Extra cleaning-rule files (applied after the shipped rules).
    pub rule_files: Vec<PathBuf>,
    /// Skip the shipped cleaning rules.
    pub no_default_rules: bool,
    /// Which documents are converted from traditional to simplified
    /// characters after cleaning (default: those detected as traditional
    /// or mixed).
    pub t2s: crate::corpus::convert::T2sMode,
    /// Section-role rules replacing `assets/rules/section_roles.toml`.
    pub section_roles: Option<PathBuf>,
    /// Which documents to keep.
    pub filter: DocFilter,
    /// What to do with two different documents for one year and region.
    pub duplicates: crate::corpus::DuplicatePolicy,
    /// Documents with fewer Han characters are dropped (0: none).
    pub min_chars: usize,
    /// Keep the reports that are not government work reports
    /// ([`crate::corpus::LoadOptions::all_kinds`]).
    pub all_kinds: bool,
    /// Show a progress bar while loading (on a terminal, not `--quiet`).
    pub progress: bool,
}

/// Which documents of a corpus an analysis keeps (all when empty).
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct DocFilter {
    /// Years.
    pub years: Option<crate::textstat::groups::YearSpec>,
    /// Regions (matching the region or the province).
    pub regions: Vec<String>,
    /// Levels.
    pub levels: Vec<crate::corpus::Level>,
}

impl DocFilter {
    /// Whether nothing is filtered.
    pub fn is_empty(&self) -> bool {
        self.years.is_none() && self.regions.is_empty() && self.levels.is_empty()
    }

    /// Whether `d` is kept.
    pub fn keeps(&self, d: &crate::corpus::Document) -> bool {
        self.years.as_ref().is_none_or(|y| y.contains(d.year))
            && (self.regions.is_empty()
                || self.regions.iter().any(|r| {
                    d.region.as_deref() == Some(r.as_str())
                        || d.province.as_deref() == Some(r.as_str())
                }))
            && (self.levels.is_empty() || d.level.is_some_and(|l| self.levels.contains(&l)))
    }
}

impl CorpusSettings {
    /// These settings, with a loading progress bar or without.
    pub fn with_progress(self, progress: bool) -> CorpusSettings {
        CorpusSettings { progress, ..self }
    }

    /// Build the cleaning rules.
    pub fn rules(&self) -> Result<Rules> {
        let mut rules = if self.no_default_rules {
            Rules::default()
        } else {
            Rules::builtin()?
        };
        for f in &self.rule_files {
            rules.add_file(f)?;
        }
        Ok(rules)
    }

    /// Tell [`crate::memory`] the input's size before jieba's tables are
    /// built alongside the loading (which tells it too, but perhaps after
    /// the tables were begun): a large corpus's tables get huge pages.
    fn note_size(&self) -> Result<()> {
        crate::memory::input_found(crate::corpus::input_bytes(&self.input)?);
        Ok(())
    }

    /// Load the corpus, through the document cache under `cache` if given.
    pub fn load(&self, cache: Option<&Path>) -> Result<(Corpus, Rules)> {
        self.load_with(cache, None)
    }

    /// [`CorpusSettings::load`], passing every document to `hook` as it is
    /// built (the document cache is then not used).
    pub fn load_with(
        &self,
        cache: Option<&Path>,
        hook: Option<crate::corpus::DocHook>,
    ) -> Result<(Corpus, Rules)> {
        let rules = self.rules()?;
        // A byte progress bar over the input files (hidden unless shown or
        // in a batch job).
        let total = if self.progress || JOB_PROGRESS.with(|p| p.borrow().is_some()) {
            crate::corpus::input_bytes(&self.input)?
        } else {
            0
        };
        let what = if hook.is_some() {
            "counting"
        } else {
            "loading"
        };
        let bar = byte_progress(self.progress, total, what);
        let advance = bar.clone();
        let loaded = crate::corpus::load(
            &self.input,
            &LoadOptions {
                rules: rules.clone(),
                t2s: self.t2s,
                cache: cache.map(Path::to_path_buf),
                duplicates: self.duplicates,
                min_chars: self.min_chars,
                all_kinds: self.all_kinds,
                stream_chunk: crate::corpus::STREAM_CHUNK,
                on_document: hook,
                on_bytes: Some(crate::corpus::BytesHook(std::sync::Arc::new(move |n| {
                    advance.inc(n);
                }))),
            },
        );
        bar.finish_and_clear();
        let mut corpus = loaded?;
        if !self.filter.is_empty() {
            let before = corpus.documents.len();
            // Short names as folders and fields take them (四平 for 四平市).
            let filter = DocFilter {
                regions: crate::textstat::groups::resolve_region_names(
                    &self.filter.regions,
                    &corpus.documents,
                )?,
                ..self.filter.clone()
            };
            // A region that names no report is a misspelling or another
            // corpus's: said, with the regions there are.
            let places: std::collections::BTreeSet<&str> = corpus
                .documents
                .iter()
                .flat_map(|d| [d.region.as_deref(), d.province.as_deref()])
                .flatten()
                .collect();
            if let Some(missing) = filter.regions.iter().find(|r| !places.contains(r.as_str())) {
                return Err(Error::Usage(format!(
                    "--regions {missing:?}: no report under {} is of that region; the regions there are {}",
                    self.input.display(),
                    listing(places.iter().copied(), 20)
                )));
            }
            let years = corpus.years();
            // Reports of the regions and levels asked for, earlier than every year kept.
            let first_kept = (corpus.documents.iter())
                .filter(|d| filter.keeps(d))
                .map(|d| d.year)
                .min();
            let any_year = DocFilter {
                years: None,
                ..filter.clone()
            };
            corpus.earlier_left_out = (corpus.documents.iter())
                .filter(|d| first_kept.is_some_and(|f| d.year < f) && any_year.keeps(d))
                .map(|d| d.year)
                .min();
            let corpus_levels: Vec<Option<crate::corpus::Level>> =
                corpus.documents.iter().map(|d| d.level).collect();
            corpus.documents.retain(|d| filter.keeps(d));
            if corpus.documents.is_empty() {
                let in_years = |y: &i32| filter.years.as_ref().is_none_or(|s| s.contains(*y));
                let why = if !years.iter().any(in_years) {
                    format!(
                        "no report is of the years --years asks for (the years there: {})",
                        year_spans(&years)
                    )
                } else {
                    let given: Vec<&str> = [
                        (filter.years.is_some(), "--years"),
                        (!filter.regions.is_empty(), "--regions"),
                        (!filter.levels.is_empty(), "--levels"),
                    ]
                    .into_iter()
                    .filter_map(|(on, name)| on.then_some(name))
                    .collect();
                    let levels: std::collections::BTreeSet<&str> = (corpus_levels.iter())
                        .map(|l| l.map_or("(none)", crate::corpus::Level::as_str))
                        .collect();
                    let what = match given.as_slice() {
                        [one] => format!("no report matches {one}"),
                        many => format!("no report matches {} at once", many.join(" and ")),
                    };
                    if filter.levels.is_empty() {
                        what
                    } else {
                        format!(
                            "{what} (the levels there: {})",
                            levels.into_iter().collect::<Vec<_>>().join(", ")
                        )
                    }
                };
                return Err(Error::Usage(format!(
                    "none of the {before} documents under {} is left: {why}; see `analyze corpus` for what is there",
                    self.input.display()
                )));
            }
        }
        Ok((corpus, rules))
    }

    /// The section-role rules.
    pub fn roles(&self) -> Result<RoleRules> {
        match &self.section_roles {
            Some(p) => RoleRules::read(p),
            None => RoleRules::builtin(),
        }
    }

    /// Parameters for manifests.
    pub fn parameters(&self) -> serde_json::Value {
        serde_json::json!({
            "rule_files": self.rule_files,
            "default_rules": !self.no_default_rules,
            "t2s": self.t2s.as_str(),
            "t2s_note": match self.t2s {
                crate::corpus::convert::T2sMode::Auto => "documents detected as traditional or mixed converted to simplified (OpenCC t2s) after cleaning; see `script` in the manifest and the documents table",
                crate::corpus::convert::T2sMode::Always => "every document converted to simplified (OpenCC t2s) after cleaning",
                crate::corpus::convert::T2sMode::Never => "no traditional-to-simplified conversion",
            },
            "section_roles": self.section_roles.as_ref().map_or("assets/rules/section_roles.toml".to_string(), |p| p.display().to_string()),
            "filter": self.filter,
            "duplicates": self.duplicates,
            "min_chars": self.min_chars,
            "all_kinds": self.all_kinds,
        })
    }
}

/// A loaded corpus with everything the analyses share: cleaning rules,
/// dictionaries, stopwords and the segmenter.
#[derive(Debug)]
pub struct Prepared {
    /// The corpus.
    pub corpus: Corpus,
    /// The cleaning rules used.
    pub rules: Rules,
    /// Dictionaries (lexicon first).
    pub dictionaries: Vec<Dictionary>,
    /// Stopwords.
    pub stopwords: Stopwords,
    /// The segmenter.
    pub segmenter: Segmenter,
    /// Stage timings so far.
    pub timer: Timer,
    /// The segmentation cache, if used.
    pub cache: Option<crate::dfm::cache::Cache>,
}

impl Prepared {
    /// Load the corpus and build the segmenter, protecting `required` terms.
    /// An error with `--stream always`: the analyses that call this keep
    /// the texts after counting (see [`prepare_counts`]).
    pub fn new(c: &CorpusSettings, t: &TokenSettings, required: &[String]) -> Result<Prepared> {
        Prepared::prepare(c, t, required, false)
    }

    /// [`Prepared::new`] for an analysis that segments every document it
    /// does not find in the segmentation cache: without that cache, jieba's
    /// dictionary (~0.1 s on one core) is built on a thread of its own while
    /// the corpus loads. (With it, a warm run may need no cut at all; KWIC
    /// and sections never cut.)
    pub fn new_to_segment(
        c: &CorpusSettings,
        t: &TokenSettings,
        required: &[String],
    ) -> Result<Prepared> {
        Prepared::prepare(c, t, required, t.cache.is_none())
    }

    fn prepare(
        c: &CorpusSettings,
        t: &TokenSettings,
        required: &[String],
        warm_dictionary: bool,
    ) -> Result<Prepared> {
        if t.stream == Stream::Always {
            return Err(Error::Usage(
                "--stream always: this analysis keeps the texts after counting (trends, compare, keywords, emerging and diffusion can stream; collocates and similarity cannot); use --stream auto or never".into(),
            ));
        }
        let mut timer = Timer::start();
        let dictionaries = t.dictionaries()?;
        let stopwords = t.stopwords()?;
        let segmenter = t.segmenter(dictionaries.clone(), required)?;
        if warm_dictionary {
            c.note_size()?;
        }
        let (mut corpus, rules) = std::thread::scope(|s| {
            if warm_dictionary {
                s.spawn(|| segmenter.jieba().dictionary_len());
            }
            c.load(t.cache.as_deref())
        })?;
        timer.mark("load_and_clean");
        // A cache folder that cannot be written (read-only, full) is no
        // reason to stop: the run goes on without it, and says so.
        let cache = match &t.cache {
            Some(root) => match crate::dfm::cache::Cache::open(
                root,
                &crate::dfm::cache::fingerprint(&dictionaries, t.hmm),
            ) {
                Ok(cache) => Some(cache),
                Err(e) => {
                    corpus.warnings.push(Warning::note(format!(
                            "the cache cannot be used ({e}); this run segments without it. Pass --cache DIR for another folder, or --no-cache"
                        ),
                    ));
                    None
                }
            },
            None => None,
        };
        timer.mark("build_segmenter");
        Ok(Prepared {
            corpus,
            rules,
            dictionaries,
            stopwords,
            segmenter,
            timer,
            cache,
        })
    }

    /// Load the corpus and count it at once, for analyses that need only
    /// counts (`required` terms protected): each document is segmented once
    /// the documents of its file (or 64 MiB chunk) are cleaned, what `keep`
    /// says of its counts is kept (with
    /// [`Keep::Terms`] cut down to those terms, with their substring counts,
    /// so memory stays flat however large the corpus), and its text is
    /// dropped (see `--stream`); with [`Keep::AllAndTexts`] it is first set
    /// aside in a temporary file in the output folder of `out` (in `TMPDIR`
    /// while that folder does not exist yet; a RAM-backed `/tmp` would hold
    /// the texts in memory). Neither cache is used. The counts are those of
    /// [`Prepared::new`] then [`Prepared::dfm`].
    pub fn counting(
        c: &CorpusSettings,
        t: &TokenSettings,
        required: &[String],
        keep: &Keep,
        out: &OutputSettings,
    ) -> Result<(Prepared, Dfm)> {
        let progress = out.progress;
        use crate::dfm::DocCounts;
        use rustc_hash::FxHashMap;
        use std::sync::{Arc, Mutex};
        type Key = (String, Option<u64>, Option<u64>, Option<String>);
        type Counted = (
            DocCounts,
            FxHashMap<String, u32>,
            Option<crate::corpus::spill::Span>,
        );
        let key = |d: &crate::corpus::Document| -> Key {
            (
                d.source_path.clone(),
                d.source_line,
                d.source_row,
                d.sheet.clone(),
            )
        };
        let mut timer = Timer::start();
        let dictionaries = t.dictionaries()?;
        let stopwords = t.stopwords()?;
        let segmenter = Arc::new(t.segmenter(dictionaries.clone(), required)?);
        // The terms kept, and whether their substring counts are taken.
        let terms: Option<(Vec<String>, bool)> = match keep {
            Keep::Terms(t) => Some((t.clone(), true)),
            Keep::Counts(t) => Some((t.clone(), false)),
            Keep::All | Keep::AllAndTexts => None,
        };
        // The texts set aside go beside the run's folder (made now if it
        // is new), on the disk the user chose; the system's temporary
        // folder only when that cannot be made.
        if let Some(parent) = out.run_dir.parent()
            && matches!(keep, Keep::AllAndTexts)
        {
            let _ = std::fs::create_dir_all(parent);
        }
        let spill_dir = out
            .run_dir
            .parent()
            .filter(|d| d.is_dir())
            .map_or_else(std::env::temp_dir, Path::to_path_buf);
        let spill = match keep {
            Keep::AllAndTexts => Some(Arc::new(
                crate::corpus::spill::SpillWriter::new_in(&spill_dir).map_err(|source| {
                    Error::Write {
                        path: spill_dir.clone(),
                        source,
                    }
                })?,
            )),
            _ => None,
        };
        let spill_failed: Arc<Mutex<Option<std::io::Error>>> = Arc::default();
        timer.mark("build_segmenter");
        let counted: Arc<Mutex<FxHashMap<Key, Counted>>> = Arc::default();
        let collided = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let hook = {
            let (seg, counted, terms, collided) = (
                Arc::clone(&segmenter),
                Arc::clone(&counted),
                terms.clone(),
                Arc::clone(&collided),
            );
            let (spill, spill_failed) = (spill.clone(), Arc::clone(&spill_failed));
            crate::corpus::DocHook(Arc::new(move |d: &mut crate::corpus::Document| {
                let (counts, substrings) = match &terms {
                    Some((terms, with_substrings)) => (
                        DocCounts::of_terms(&seg, &d.text, terms),
                        terms
                            .iter()
                            .filter(|_| *with_substrings)
                            .map(|t| {
                                let n = crate::tokens::substring_count(&d.text, t);
                                (t.clone(), u32::try_from(n).unwrap_or(u32::MAX))
                            })
                            .collect(),
                    ),
                    None => (DocCounts::of(&seg, &d.text), FxHashMap::default()),
                };
                let span = spill.as_ref().and_then(|w| {
                    w.put(&d.text)
                        .map_err(|e| {
                            if let Ok(mut f) = spill_failed.lock() {
                                f.get_or_insert(e);
                            }
                        })
                        .ok()
                });
                d.text = String::new();
                let k = key(d);
                if let Ok(mut m) = counted.lock()
                    && m.insert(k, (counts, substrings, span)).is_some()
                {
                    // Two documents at one place: their counts cannot be
                    // told apart; the run stops below.
                    collided.store(true, std::sync::atomic::Ordering::Relaxed);
                }
            }))
        };
        // The loading bar (with `progress`) covers the counting too.
        let c = CorpusSettings {
            progress: c.progress || progress,
            ..c.clone()
        };
        // jieba's dictionary is read while the first documents are cleaned
        // (as `prepare` does): the first count would otherwise wait for it
        // with the other threads idle.
        c.note_size()?;
        let (mut corpus, rules) = std::thread::scope(|s| {
            s.spawn(|| segmenter.jieba().dictionary_len());
            c.load_with(None, Some(hook))
        })?;
        timer.mark("load_clean_segment_count");
        let spill_error = spill_failed.lock().ok().and_then(|mut f| f.take());
        if let Some(source) = spill_error {
            return Err(Error::Write {
                path: spill_dir.clone(),
                source,
            });
        }
        if collided.load(std::sync::atomic::Ordering::Relaxed) {
            return Err(Error::Usage(format!(
                "--stream: two documents under {} share a file and line, so their counts cannot be told apart; run again with --stream never",
                c.input.display()
            )));
        }
        let mut counted = std::mem::take(
            &mut *counted
                .lock()
                .map_err(|_| Error::Usage("a counting thread failed".into()))?,
        );
        let mut dfm = Dfm::default();
        let mut spans = Vec::new();
        for d in &corpus.documents {
            let Some((counts, substrings, span)) = counted.remove(&key(d)) else {
                return Err(Error::Usage(format!(
                    "internal error: no counts for {} (line {:?}); run again with --stream never",
                    d.source_path, d.source_line
                )));
            };
            dfm.docs.push(counts);
            if let Some((_, true)) = terms {
                dfm.substrings.push(substrings);
            }
            spans.extend(span);
        }
        if let Some(w) = spill {
            let w = Arc::try_unwrap(w).map_err(|_| {
                Error::Usage("internal error: the spill file is still shared".into())
            })?;
            let spilled = w.finish(spans).map_err(|source| Error::Write {
                path: spill_dir.clone(),
                source,
            })?;
            corpus.spilled = Some(Arc::new(spilled));
        }
        let segmenter = Arc::try_unwrap(segmenter)
            .map_err(|_| Error::Usage("internal error: the segmenter is still shared".into()))?;
        Ok((
            Prepared {
                corpus,
                rules,
                dictionaries,
                stopwords,
                segmenter,
                timer,
                cache: None,
            },
            dfm,
        ))
    }

    /// Read more folders or files (`--with`, `--reference`) into the corpus, with the corpus
    /// settings of `c` (filters included) and the document cache `cache` (see [`merge`]).
    pub fn add_inputs(
        &mut self,
        c: &CorpusSettings,
        with: &[PathBuf],
        cache: Option<&Path>,
    ) -> Result<()> {
        for w in with {
            let more = CorpusSettings {
                input: w.clone(),
                ..c.clone()
            };
            let (extra, _) = more.load(cache)?;
            merge(&mut self.corpus, extra);
        }
        if !with.is_empty() {
            self.timer.mark("load_and_clean");
        }
        Ok(())
    }

    /// Segment and count every document, with a progress bar if asked.
    pub fn dfm(&mut self, progress: bool) -> Dfm {
        self.count_with_bar(progress, |p, bar| match &p.cache {
            Some(c) => Dfm::build_cached(&p.corpus, &p.segmenter, c, Some(bar)),
            None => Dfm::build(&p.corpus, &p.segmenter, Some(bar)),
        })
    }

    /// [`Prepared::dfm`] cut down to `terms` (each document's
    /// [`DocCounts::of_terms`](crate::dfm::DocCounts::of_terms)), with a
    /// progress bar if asked; the segmentation cache is not used.
    pub fn dfm_of_terms(&mut self, terms: &[String], progress: bool) -> Dfm {
        self.count_with_bar(progress, |p, bar| {
            Dfm::build_terms(&p.corpus, &p.segmenter, terms, Some(bar))
        })
    }

    /// Run `count` with a byte progress bar over the texts (shown if
    /// `progress`), timed as `segment_and_count`.
    fn count_with_bar(
        &mut self,
        progress: bool,
        count: impl FnOnce(&Prepared, &ProgressBar) -> Dfm,
    ) -> Dfm {
        let total: u64 = self
            .corpus
            .documents
            .iter()
            .map(|d| d.text.len() as u64)
            .sum();
        let bar = byte_progress(progress, total, "segmenting");
        let dfm = count(self, &bar);
        bar.finish_and_clear();
        self.timer.mark("segment_and_count");
        self.note_cache_failure();
        dfm
    }

    /// A warning for a cache entry this run could not write (a full disk,
    /// a read-only folder), which the next run would otherwise pay for in
    /// silence.
    pub fn note_cache_failure(&mut self) {
        if let Some(failure) = crate::fileio::take_cache_write_failure() {
            self.corpus.warnings.push(Warning::note(format!(
                "the cache could not be written ({failure}); this run's results are complete, but the next run will load and segment again. Free space in the cache folder, or pass --cache DIR for another, or --no-cache"
            )));
        }
    }

    /// The manifest of a run over this corpus.
    pub fn manifest(
        &self,
        command: &str,
        c: &CorpusSettings,
        parameters: serde_json::Value,
        outputs: Vec<String>,
        tokens: Option<u64>,
        warnings: usize,
    ) -> Manifest {
        let corpus = &self.corpus;
        Manifest {
            tool: "analyze",
            version: env!("CARGO_PKG_VERSION"),
            crates: crate_versions(),
            command: command.into(),
            input: c.input.display().to_string(),
            parameters: serde_json::json!({ "corpus": c.parameters(), "analysis": parameters }),
            input_files: corpus.files.clone(),
            dropped: corpus.dropped.clone(),
            dictionaries: dictionary_info(&self.dictionaries),
            stopwords: stopwords_info(&self.stopwords),
            cleaning_rules: rules_info(&self.rules),
            counts: Counts {
                files: corpus.files.len(),
                documents: corpus.documents.len(),
                warnings,
                years: corpus.years().len(),
                tokens,
                han_chars: corpus.documents.iter().map(|d| d.han_chars as u64).sum(),
            },
            outputs,
            timings_ms: self.timer.stages.clone(),
            script: crate::report::manifest::ScriptSummary::new(&corpus.documents, c.t2s),
            cache: self.cache.as_ref().map(|c| {
                let (file_hits, file_misses, file_rebuilt) = corpus.doc_cache.unwrap_or_default();
                crate::dfm::cache::CacheStats {
                    file_hits,
                    file_misses,
                    file_rebuilt,
                    ..c.stats()
                }
            }),
        }
    }
}

/// Add the documents of another input: identical texts already present are
/// dropped (with a warning), clashing ids get `_2`, `_3`…
pub fn merge(corpus: &mut Corpus, extra: Corpus) {
    corpus.added_inputs.push(extra.input.clone());
    let mut ids: std::collections::HashSet<String> =
        corpus.documents.iter().map(|d| d.doc_id.clone()).collect();
    let mut texts: HashMap<String, String> = corpus
        .documents
        .iter()
        .map(|d| (d.sha256.clone(), d.source()))
        .collect();
    for mut d in extra.documents {
        if let Some(first) = texts.get(&d.sha256) {
            corpus.warnings.push(Warning::new(
                WarningKind::Duplicate,
                d.location(),
                d.source_line,
                format!("the same text as {first}, read from another input; dropped, {first} kept"),
            ));
            continue;
        }
        if ids.contains(&d.doc_id) {
            let base = d.doc_id.clone();
            let mut n = 2;
            while ids.contains(&format!("{base}_{n}")) {
                n += 1;
            }
            d.doc_id = format!("{base}_{n}");
        }
        ids.insert(d.doc_id.clone());
        texts.insert(d.sha256.clone(), d.source());
        corpus.documents.push(d);
    }
    corpus.files.extend(extra.files);
    corpus.warnings.extend(extra.warnings);
    corpus.dropped.extend(extra.dropped);
}

/// Write `documents`, `warnings.csv` and (last) `manifest.json` into `run`,
/// commit it, and return the folder and the files written.
pub fn finish_run(
    mut run: RunDir,
    p: &mut Prepared,
    command: &str,
    c: &CorpusSettings,
    parameters: serde_json::Value,
    tokens: Option<u64>,
    warnings: &[crate::error::Warning],
) -> Result<(PathBuf, Vec<String>)> {
    use crate::report::tables::{csv_bytes, documents_frame, warnings_frame, write_frame};
    write_frame(
        &mut run,
        "documents",
        &mut documents_frame(&p.corpus.documents)?,
    )?;
    let mut warnings = warnings.to_vec();
    warnings.extend(run.notes().iter().cloned());
    let warnings = &warnings[..];
    run.write("warnings.csv", &csv_bytes(&mut warnings_frame(warnings)?)?)?;
    p.timer.mark("write");
    let mut files = run.written().to_vec();
    files.push("manifest.json".into());
    let manifest = p.manifest(
        command,
        c,
        parameters,
        files.clone(),
        tokens,
        warnings.len(),
    );
    run.write("manifest.json", &manifest.to_json()?)?;
    let folder = run.commit()?;
    Ok((folder, files))
}

/// Segmentation settings.
#[derive(Debug, Clone)]
pub struct TokenSettings {
    /// User dictionaries (Python-jieba format), after the lexicon.
    pub dict_files: Vec<PathBuf>,
    /// Leave out the shipped policy lexicon.
    pub no_lexicon: bool,
    /// Stopword files replacing the shipped lists (empty: shipped lists).
    pub stopword_files: Vec<PathBuf>,
    /// Use jieba's HMM for unknown words.
    pub hmm: bool,
    /// Segmentation cache folder (`None`: no cache).
    pub cache: Option<PathBuf>,
    /// Whether documents are counted as they are loaded and their texts
    /// dropped ([`prepare_counts`]).
    pub stream: Stream,
}

impl Default for TokenSettings {
    fn default() -> Self {
        TokenSettings {
            dict_files: vec![],
            no_lexicon: false,
            stopword_files: vec![],
            hmm: true,
            cache: None,
            stream: Stream::Auto,
        }
    }
}

/// When an analysis counts documents as they are loaded (`--stream`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Stream {
    /// When the analysis allows it and the input files exceed
    /// [`STREAM_ABOVE`] bytes without a cache, [`STREAM_ABOVE_CACHED`] with
    /// one.
    #[default]
    Auto,
    /// Always; an error for an analysis that reads the texts after counting.
    Always,
    /// Never.
    Never,
}

/// `--stream auto` without a cache (`--no-cache`) streams above this many
/// input bytes (256 MiB).
pub const STREAM_ABOVE: u64 = 256 << 20;

/// `--stream auto` with the cache on streams above this many input bytes
/// (4 GiB): a streamed run uses neither cache, so below this a warm run
/// from the cache is worth the memory (about 1.7× the input).
pub const STREAM_ABOVE_CACHED: u64 = 4 << 30;

/// What an analysis that streams keeps of each document's counts.
#[derive(Debug, Clone)]
pub enum Keep {
    /// The counts and substring counts of these terms (and the token
    /// total): trends with `--terms`.
    Terms(Vec<String>),
    /// The counts of these terms (and the token total), no substring
    /// counts: diffusion.
    Counts(Vec<String>),
    /// Every word's count: compare, keywords without TextRank.
    All,
    /// Every word's count, and the texts set aside on disk
    /// ([`crate::corpus::Corpus::spilled`]) for what reads them after
    /// counting: trends choosing its terms or summing themes (substring
    /// counts), emerging (fragment checks), keywords with TextRank.
    AllAndTexts,
}

/// Whether an analysis counts as it loads, and what it keeps then: `None`
/// to load as usual. `keep` is what it would keep, or why it cannot (an
/// error with `--stream always`).
pub fn stream_choice(
    c: &CorpusSettings,
    t: &TokenSettings,
    keep: std::result::Result<Keep, &str>,
) -> Result<Option<Keep>> {
    Ok(match (t.stream, keep) {
        (Stream::Never, _) => None,
        (Stream::Always, Err(why)) => {
            return Err(Error::Usage(format!(
                "--stream always: {why}; use --stream auto or never"
            )));
        }
        (Stream::Always, Ok(k)) => Some(k),
        (Stream::Auto, Ok(k)) => {
            let limit = if t.cache.is_some() {
                STREAM_ABOVE_CACHED
            } else {
                STREAM_ABOVE
            };
            (crate::corpus::input_bytes(&c.input)? > limit).then_some(k)
        }
        (Stream::Auto, Err(_)) => None,
    })
}

/// Load and count the corpus of `c`: streamed ([`Prepared::counting`]) when
/// `t.stream` says so and the analysis can do without the texts after
/// counting (`keep` is `Ok`; `Err` says why it cannot), else
/// [`Prepared::new`] then [`Prepared::dfm`]. Also says whether it streamed.
pub fn prepare_counts(
    c: &CorpusSettings,
    t: &TokenSettings,
    required: &[String],
    keep: std::result::Result<Keep, &str>,
    out: &OutputSettings,
) -> Result<(Prepared, Dfm, bool)> {
    let progress = out.progress;
    // Only these terms' counts are needed (a streamed run keeps no more).
    let only: Option<Vec<String>> = match &keep {
        Ok(Keep::Terms(t) | Keep::Counts(t)) => Some(t.clone()),
        _ => None,
    };
    match stream_choice(c, t, keep)? {
        Some(k) => {
            let (mut p, dfm) = Prepared::counting(c, t, required, &k, out)?;
            p.note_cache_failure();
            Ok((p, dfm, true))
        }
        None => {
            let t = TokenSettings {
                stream: Stream::Never,
                ..t.clone()
            };
            let mut p = Prepared::new_to_segment(c, &t, required)?;
            // Without the segmentation cache (which stores every word's
            // counts), only the terms are counted.
            let dfm = match only {
                Some(terms) if p.cache.is_none() => p.dfm_of_terms(&terms, progress),
                _ => p.dfm(progress),
            };
            Ok((p, dfm, false))
        }
    }
}

impl TokenSettings {
    /// The dictionaries in load order (lexicon first).
    pub fn dictionaries(&self) -> Result<Vec<Dictionary>> {
        let mut out = Vec::new();
        if !self.no_lexicon {
            out.push(Dictionary::lexicon()?);
        }
        for f in &self.dict_files {
            out.push(Dictionary::read(f)?);
        }
        Ok(out)
    }

    /// The stopword set.
    pub fn stopwords(&self) -> Result<Stopwords> {
        if self.stopword_files.is_empty() {
            Stopwords::builtin()
        } else {
            Stopwords::from_files(&self.stopword_files)
        }
    }

    /// Build the segmenter, protecting `required` terms.
    pub fn segmenter(
        &self,
        dictionaries: Vec<Dictionary>,
        required: &[String],
    ) -> Result<Segmenter> {
        Segmenter::new(&SegmenterConfig {
            hmm: self.hmm,
            dictionaries,
            required: required.to_vec(),
        })
    }
}

/// Sorted years as spans: `1954–2019, 2021–2025`.
fn year_spans(years: &[i32]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < years.len() {
        let mut j = i;
        while j + 1 < years.len() && years[j + 1] == years[j] + 1 {
            j += 1;
        }
        out.push(if i == j {
            years[i].to_string()
        } else {
            format!("{}–{}", years[i], years[j])
        });
        i = j + 1;
    }
    out.join(", ")
}

/// `items` joined with ", ", at most `max` of them and then how many more.
fn listing<'a>(items: impl ExactSizeIterator<Item = &'a str>, max: usize) -> String {
    let n = items.len();
    let mut out: Vec<&str> = items.take(max).collect();
    let more = n.saturating_sub(out.len());
    let more = (more > 0).then(|| format!("… ({more} more)"));
    if let Some(m) = &more {
        out.push(m);
    }
    out.join(", ")
}

/// Where a run writes and how it reports.
#[derive(Debug, Clone)]
pub struct OutputSettings {
    /// The run folder (`<out>/<name>`).
    pub run_dir: PathBuf,
    /// Show progress bars (only on a terminal, never with `--quiet`).
    pub progress: bool,
}

/// The default run name for an input path: the folder's (or file's stem's)
/// name.
pub fn default_run_name(input: &Path) -> String {
    let canonical = input.canonicalize().unwrap_or_else(|_| input.to_path_buf());
    let name = if canonical.is_file() {
        canonical.file_stem()
    } else {
        canonical.file_name()
    };
    name.map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "run".into())
}

/// Refuse a run folder inside the input folder unless the user chose it.
pub fn check_output_location(input: &Path, run_dir: &Path, explicit: bool) -> Result<()> {
    // A regular file where a folder of the output path should be.
    for dir in run_dir.ancestors().filter(|p| !p.as_os_str().is_empty()) {
        if dir.is_file() {
            return Err(Error::Usage(format!(
                "the output folder {} cannot be made: {} is a file, not a folder; give --out a folder (it is created if missing)",
                run_dir.display(),
                dir.display()
            )));
        }
    }
    // The run folder replaces an earlier run only: never the input, a
    // folder holding it, or a folder of the user's.
    if let (Ok(run), Ok(inp)) = (run_dir.canonicalize(), input.canonicalize())
        && inp.starts_with(&run)
    {
        return Err(Error::Usage(format!(
            "the output folder {} holds the input {}: writing the run there would replace the input; choose another --out or --name",
            run_dir.display(),
            input.display()
        )));
    }
    crate::report::check_replaceable(run_dir)?;
    if explicit {
        return Ok(());
    }
    let Ok(input) = input.canonicalize() else {
        return Ok(());
    };
    if !input.is_dir() {
        return Ok(());
    }
    let parent = run_dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let parent = parent
        .canonicalize()
        .unwrap_or_else(|_| std::env::current_dir().unwrap_or_default().join(parent));
    if parent.starts_with(&input) {
        return Err(Error::Usage(format!(
            "the default output folder {} is inside the input folder {}; pass --out DIR to write elsewhere (or to confirm that location)",
            run_dir.display(),
            input.display()
        )));
    }
    Ok(())
}

thread_local! {
    /// The batch job running on this thread: its progress display and its
    /// line there (see [`with_job_progress`]).
    static JOB_PROGRESS: std::cell::RefCell<Option<(MultiProgress, ProgressBar)>> =
        const { std::cell::RefCell::new(None) };
}

/// Run `f` (a batch job) with its progress bars shown under `job` in
/// `multi`, whatever the job's own `--quiet` says. Nests: a job that rayon
/// runs on this thread while another waits restores the outer one on exit.
pub fn with_job_progress<R>(multi: &MultiProgress, job: &ProgressBar, f: impl FnOnce() -> R) -> R {
    let outer = JOB_PROGRESS.with(|p| p.replace(Some((multi.clone(), job.clone()))));
    let out = f();
    JOB_PROGRESS.with(|p| *p.borrow_mut() = outer);
    out
}

/// Whether this thread runs a batch job ([`with_job_progress`]): a job
/// prints nothing on stdout, which belongs to the batch (`batch --json`).
pub fn in_batch_job() -> bool {
    JOB_PROGRESS.with(|p| p.borrow().is_some())
}

/// A progress bar over `total` bytes with rate and ETA: under the batch
/// job's line when this thread runs one ([`with_job_progress`]), else on
/// stderr if `show`, else hidden.
pub fn byte_progress(show: bool, total: u64, what: &str) -> ProgressBar {
    let style = |indent: &str| {
        ProgressStyle::with_template(&format!(
            "{indent}{{msg:>12}} [{{bar:30}}] {{bytes}}/{{total_bytes}} {{bytes_per_sec}} eta {{eta}}"
        ))
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ")
    };
    if let Some((multi, job)) = JOB_PROGRESS.with(|p| p.borrow().clone()) {
        let bar = multi.insert_after(&job, ProgressBar::new(total));
        bar.set_style(style("    "));
        bar.set_message(what.to_string());
        return bar;
    }
    if !show {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    bar.set_style(style(""));
    bar.set_message(what.to_string());
    bar
}

/// Stage timings, in order.
#[derive(Debug, Default)]
pub struct Timer {
    last: Option<Instant>,
    /// `(stage, milliseconds)`.
    pub stages: std::collections::BTreeMap<String, u64>,
}

impl Timer {
    /// Start timing.
    pub fn start() -> Timer {
        Timer {
            last: Some(Instant::now()),
            stages: Default::default(),
        }
    }

    /// Record the time since the previous mark under `stage`.
    pub fn mark(&mut self, stage: &str) {
        let now = Instant::now();
        if let Some(last) = self.last {
            let ms = now.duration_since(last).as_millis() as u64;
            *self.stages.entry(stage.to_string()).or_default() += ms;
        }
        self.last = Some(now);
    }
}

/// Manifest entries for dictionaries.
pub fn dictionary_info(dicts: &[Dictionary]) -> Vec<ResourceInfo> {
    dicts
        .iter()
        .map(|d| ResourceInfo {
            origin: d.origin.clone(),
            sha256: d.sha256.clone(),
            entries: d.entries.len(),
        })
        .collect()
}

/// Manifest entry for cleaning rules.
pub fn rules_info(rules: &Rules) -> ResourceInfo {
    let mut text = String::new();
    for r in rules.rules() {
        text.push_str(&format!(
            "{}\t{:?}\t{}\n",
            r.name,
            r.action,
            r.pattern.as_str()
        ));
    }
    ResourceInfo {
        origin: rules.sources().join(", "),
        sha256: crate::report::sha256_hex(text.as_bytes()),
        entries: rules.rules().len(),
    }
}

/// Manifest entry for stopwords.
pub fn stopwords_info(s: &Stopwords) -> ResourceInfo {
    ResourceInfo {
        origin: s.origins.join(", "),
        sha256: s.sha256.clone(),
        entries: s.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_spans_and_listings() {
        assert_eq!(
            year_spans(&[1954, 1955, 1956, 1960, 2019, 2021, 2022]),
            "1954–1956, 1960, 2019, 2021–2022"
        );
        assert_eq!(year_spans(&[]), "");
        assert_eq!(listing(["a", "b", "c"].into_iter(), 2), "a, b, … (1 more)");
        assert_eq!(listing(["a", "b"].into_iter(), 2), "a, b");
    }

    #[test]
    fn batch_jobs_get_byte_progress_bars_even_when_quiet() {
        assert_eq!(byte_progress(false, 100, "x").length(), None);
        let multi = MultiProgress::with_draw_target(ProgressDrawTarget::hidden());
        let job = multi.add(ProgressBar::new_spinner());
        let bar = with_job_progress(&multi, &job, || {
            // Nested job on the same thread: its own parent, then restored.
            let inner_job = multi.add(ProgressBar::new_spinner());
            let inner = with_job_progress(&multi, &inner_job, || byte_progress(false, 7, "y"));
            assert_eq!(inner.length(), Some(7));
            byte_progress(false, 100, "segmenting")
        });
        assert_eq!(bar.length(), Some(100));
        // Outside the job again: hidden.
        assert_eq!(byte_progress(false, 100, "x").length(), None);
    }

    #[test]
    fn stream_choice_follows_the_mode_the_analysis_and_the_size() {
        let c = CorpusSettings {
            input: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("datasets"),
            ..CorpusSettings::default()
        };
        let t = |stream, cache: Option<&str>| TokenSettings {
            stream,
            cache: cache.map(PathBuf::from),
            ..TokenSettings::default()
        };
        let terms = || Ok(Keep::Terms(vec!["数字经济".into()]));
        // The demo corpus is far below both thresholds.
        assert!(crate::corpus::input_bytes(&c.input).unwrap() < STREAM_ABOVE);
        for cache in [None, Some("x")] {
            assert!(
                stream_choice(&c, &t(Stream::Auto, cache), terms())
                    .unwrap()
                    .is_none()
            );
            assert!(
                stream_choice(&c, &t(Stream::Never, cache), terms())
                    .unwrap()
                    .is_none()
            );
            assert!(matches!(
                stream_choice(&c, &t(Stream::Always, cache), terms()).unwrap(),
                Some(Keep::Terms(_))
            ));
            let why = stream_choice(&c, &t(Stream::Always, cache), Err("it reads the texts"));
            assert!(why.unwrap_err().to_string().contains("it reads the texts"));
            assert!(
                stream_choice(&c, &t(Stream::Auto, cache), Err("no"))
                    .unwrap()
                    .is_none()
            );
        }
        const { assert!(STREAM_ABOVE < STREAM_ABOVE_CACHED) };
        // Analyses that read the texts refuse --stream always outright.
        let err = Prepared::new(&c, &t(Stream::Always, None), &[]).unwrap_err();
        assert!(err.to_string().contains("--stream always"), "{err}");
    }
}
