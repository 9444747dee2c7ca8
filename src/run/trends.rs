//! The trends run: corpus → tokens → counts → term (and theme) trends →
//! charts, written to `<out>/<name>/`: term_trends, documents, warnings,
//! trends.svg/png, manifest.json; with themes also theme_trends,
//! theme_terms (the words behind each theme's counts) and themes.svg/png
//! (and themes_share.svg/png when grouped by year only).

use std::collections::BTreeMap;
use std::path::PathBuf;

use polars::prelude::*;
use serde::Serialize;

use super::{CorpusSettings, Keep, OutputSettings, TokenSettings, finish_run, prepare_counts};
use crate::dfm::units::{self, SectionUnits, Unit};
use crate::error::{Error, Result, Warning, WarningKind};
use crate::report::RunDir;
use crate::report::charts::write_chart;
use crate::report::charts::{ChartSettings, Subject, theme_share_chart, trend_chart};
use crate::report::tables::write_frame;
use crate::textstat::themes::{Themes, theme_terms, theme_trends};
use crate::textstat::{
    GroupBy, Pick, SelectOptions, TermChoice, Vocabulary, select_terms, term_trends,
    with_rate_intervals,
};

/// Typed settings of a trends run.
#[derive(Debug, Clone)]
pub struct TrendSettings {
    /// Corpus input and cleaning.
    pub corpus: CorpusSettings,
    /// Segmentation.
    pub tokens: TokenSettings,
    /// Terms asked for (empty: pick automatically, unless themes are given).
    pub terms: Vec<String>,
    /// Themes to sum (optional).
    pub themes: Option<Themes>,
    /// Automatic selection.
    pub select: SelectOptions,
    /// Grouping.
    pub by: GroupBy,
    /// Coverage of the rates' confidence intervals (e.g. 0.95); `None`: no
    /// interval columns and no bands.
    pub ci: Option<f64>,
    /// Chart options.
    pub chart: ChartSettings,
    /// Output.
    pub output: OutputSettings,
}

/// What a trends run produced.
#[derive(Debug, Clone, Serialize)]
pub struct TrendSummary {
    /// The run folder.
    pub run_folder: PathBuf,
    /// Documents analysed.
    pub documents: usize,
    /// Years present.
    pub years: Vec<i32>,
    /// Terms in the table, with why.
    pub terms: Vec<TermChoice>,
    /// Themes charted.
    pub themes: Vec<String>,
    /// Warnings (also in warnings.csv).
    pub warnings: Vec<Warning>,
    /// Files written, relative to the run folder.
    pub files: Vec<String>,
    /// Stage timings in milliseconds.
    pub timings_ms: BTreeMap<String, u64>,
}

/// Whether the run `s` can count as it loads, and what it keeps: with its
/// terms asked for, only theirs; choosing terms automatically or summing
/// themes, every word's counts and the texts set aside on disk (the
/// substring counts of the chosen terms and theme words are taken after).
/// Grouping by section reads the sections' texts: no streaming.
fn keep(s: &TrendSettings) -> std::result::Result<Keep, &'static str> {
    if s.by.section {
        Err(
            "trends does not count as it loads when grouping by section (it splits the texts into sections after loading); drop section from --by",
        )
    } else if !s.terms.is_empty() && s.themes.is_none() {
        Ok(Keep::Terms(s.terms.clone()))
    } else {
        Ok(Keep::AllAndTexts)
    }
}

/// When the texts were set aside on disk (a streamed run), the substring
/// counts of `terms` in every document, read back a document at a time
/// (what [`units::documents`] would otherwise count in the texts; the
/// documents' own texts are empty then).
fn spilled_substrings(
    corpus: &crate::corpus::Corpus,
    dfm: &mut crate::dfm::Dfm,
    terms: &[&str],
) -> Result<()> {
    if corpus.spilled.is_none() || terms.is_empty() {
        return Ok(());
    }
    // Only the terms that occur: a term missing from a document's map is
    // counted in its text, which a streamed run emptied (0).
    let counter = crate::tokens::SubstringCounter::new(terms);
    dfm.substrings = corpus.map_texts(|_, _, text| {
        terms
            .iter()
            .zip(counter.counts(text))
            .filter(|(_, n)| *n > 0)
            .map(|(t, n)| ((*t).to_string(), n))
            .collect()
    })?;
    Ok(())
}

/// Run the trends analysis.
pub fn run(s: &TrendSettings) -> Result<TrendSummary> {
    let mut required = s.terms.clone();
    if let Some(t) = &s.themes {
        required.extend(t.explicit_terms());
    }
    let (mut p, mut dfm, streamed) =
        prepare_counts(&s.corpus, &s.tokens, &required, keep(s), &s.output)?;
    let choices: Vec<TermChoice> = if !s.terms.is_empty() {
        s.terms.iter().map(|t| TermChoice::requested(t)).collect()
    } else if s.themes.is_some() {
        Vec::new()
    } else {
        let vocab = Vocabulary::new(s.select.vocab, &p.dictionaries, &p.segmenter, &p.stopwords);
        select_terms(&p.corpus, &dfm, &p.stopwords, &vocab, &s.select)?
    };
    if choices.is_empty() && s.themes.is_none() {
        return Err(Error::Usage(
            "no terms to chart: the corpus has no content word above --min-count; pass --terms"
                .into(),
        ));
    }
    // The theme words: explicit terms and the vocabulary's words matching a
    // pattern.
    let expanded = s
        .themes
        .as_ref()
        .map(|themes| themes.expand(dfm.docs.iter().flat_map(|d| d.terms())));
    let members: Vec<String> = {
        let mut m: Vec<String> = expanded
            .iter()
            .flat_map(|(pairs, _)| pairs.iter().map(|p| p.term.clone()))
            .collect();
        m.sort();
        m.dedup();
        m
    };
    let needed: Vec<&str> = choices
        .iter()
        .map(|c| c.term.as_str())
        .chain(members.iter().map(String::as_str))
        .collect();
    spilled_substrings(&p.corpus, &mut dfm, &needed)?;
    let sections = if s.by.section {
        let roles = s.corpus.roles()?;
        let su = SectionUnits::build(&p.corpus, &p.segmenter, &roles);
        p.timer.mark("sections");
        Some(su)
    } else {
        None
    };
    let unit_list: Vec<Unit<'_>> = match &sections {
        Some(su) => su.units(&p.corpus),
        None => units::documents(&p.corpus, &dfm),
    };
    let mut warnings = p.corpus.warnings.clone();
    warnings.extend(mixed_levels_warning(&p.corpus, s.by));
    warnings.extend(uneven_years_warning(&p.corpus, s.by));
    let mut run = RunDir::create(&s.output.run_dir)?;
    if !choices.is_empty() {
        let mut trends = term_trends(&unit_list, &choices, s.by)?;
        if let Some(level) = s.ci {
            trends = with_rate_intervals(&trends, level)?;
        }
        p.timer.mark("term_trends");
        warnings.extend(segmentation_warnings(&trends, &choices, s.by)?);
        warnings.extend(absent_terms(&trends, &choices, &dfm)?);
        let chart = trend_chart(&trends, &p.corpus, s.by, Subject::Terms, &s.chart)?;
        warnings.extend(chart.warnings.iter().cloned());
        write_frame(&mut run, "term_trends", &mut trends)?;
        write_chart(&mut run, "trends", &chart, &s.chart)?;
        p.timer.mark("chart");
    }
    let mut theme_names = Vec::new();
    if let (Some(themes), Some((pairs, overlap))) = (&s.themes, expanded) {
        warnings.extend(overlap);
        let member_choices: Vec<TermChoice> =
            members.iter().map(|t| TermChoice::requested(t)).collect();
        let tt = term_trends(&unit_list, &member_choices, s.by)?;
        let mut themed = theme_trends(&tt, themes, &pairs, &s.by.keys())?;
        let mut words = theme_terms(&tt, themes, &pairs, &s.by.keys())?;
        if let Some(level) = s.ci {
            themed = with_rate_intervals(&themed, level)?;
        }
        p.timer.mark("theme_trends");
        let chart = trend_chart(&themed, &p.corpus, s.by, Subject::Themes, &s.chart)?;
        warnings.extend(chart.warnings.iter().cloned());
        write_frame(&mut run, "theme_trends", &mut themed)?;
        write_frame(&mut run, "theme_terms", &mut words)?;
        write_chart(&mut run, "themes", &chart, &s.chart)?;
        if s.by == GroupBy::YEAR {
            let share = theme_share_chart(&themed, &p.corpus, &s.chart)?;
            write_chart(&mut run, "themes_share", &share, &s.chart)?;
        }
        theme_names = themes.themes.iter().map(|t| t.name.clone()).collect();
        p.timer.mark("chart");
    }
    let params = parameters(s, &choices, streamed);
    let tokens = dfm.tokens_total();
    let (folder, files) = finish_run(
        run,
        &mut p,
        "trends",
        &s.corpus,
        params,
        Some(tokens),
        &warnings,
    )?;
    Ok(TrendSummary {
        run_folder: folder,
        documents: p.corpus.documents.len(),
        years: p.corpus.years(),
        terms: choices,
        themes: theme_names,
        warnings,
        files,
        timings_ms: p.timer.stages,
    })
}

fn parameters(s: &TrendSettings, choices: &[TermChoice], streamed: bool) -> serde_json::Value {
    serde_json::json!({
        "terms_requested": s.terms,
        "terms": choices.iter().map(|c| &c.term).collect::<Vec<_>>(),
        "themes": s.themes.as_ref().map(|t| serde_json::json!({
            "origin": t.origin, "sha256": t.sha256,
            "themes": t.themes.iter().map(|x| &x.name).collect::<Vec<_>>(),
        })),
        "select": s.select,
        "vocabulary": crate::textstat::vocab::DESCRIPTION,
        "by": s.by.keys(),
        "ci": s.ci,
        "streamed": streamed,
        "ci_method": s.ci.map(|_| "exact Poisson (Garwood) interval of the count divided by the group's total x 1e4: per_10k_low/high from token_count/tokens_total, per_10k_chars_low/high from substring_count/han_chars; see docs/STATISTICS.md"),
        "per": s.chart.per,
        "chart_size": [s.chart.width, s.chart.height],
        "font": s.chart.font_name(),
        "hmm": s.tokens.hmm,
        "lexicon": !s.tokens.no_lexicon,
        "user_dictionaries": s.tokens.dict_files,
        "stopword_files": s.tokens.stopword_files,
        "normalisation": "NFKC; per_10k_tokens = token_count / tokens_total * 1e4; per_10k_chars = substring_count / han_chars * 1e4; counts summed over the units of a group before normalising",
        "tokens": "content tokens: jieba-rs cut (HMM as set) with protected lexicon/requested terms; punctuation, whitespace and numbers dropped; stopwords kept in totals",
    })
}

/// One warning when groups by year (without level or region) sum reports of
/// different levels, naming the years and levels.
fn mixed_levels_warning(corpus: &crate::corpus::Corpus, by: GroupBy) -> Option<Warning> {
    if !by.year || by.level || by.region {
        return None;
    }
    let mixed = crate::textstat::trends::mixed_level_years(&corpus.documents);
    if mixed.is_empty() {
        return None;
    }
    let years: Vec<String> = mixed
        .iter()
        .map(|(y, l)| format!("{y} ({})", l.join(" + ")))
        .collect();
    Some(Warning::new(
        WarningKind::Grouping,
        "",
        None,
        format!(
            "{} year(s) mix reports of different levels: {}; each such year's rate sums their counts over their summed tokens, so the longer reports of one level weigh most. Use --by year,level to see each level on its own (or --levels to keep one)",
            mixed.len(),
            years.join(", ")
        ),
    ))
}

/// One warning when groups without years (by region or level) cover different years: each
/// group's rate pools its own years, so a term of recent years weighs more in a group whose
/// early reports are missing. Names the groups with the fewest and the most years.
fn uneven_years_warning(corpus: &crate::corpus::Corpus, by: GroupBy) -> Option<Warning> {
    let years = crate::textstat::trends::years_of_groups(corpus, by)?;
    let mut groups: Vec<(&String, &Vec<i32>)> = years.iter().collect();
    if groups.windows(2).all(|w| w[0].1 == w[1].1) {
        return None;
    }
    // Fewest years first; of as many, the later start first.
    groups.sort_by_key(|(name, ys)| (ys.len(), std::cmp::Reverse(ys[0]), *name));
    let shown = |g: &[(&String, &Vec<i32>)]| {
        g.iter()
            .map(|(name, ys)| format!("{name} {}", super::year_spans(ys)))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let n = groups.len();
    let listed = if n <= 4 {
        shown(&groups)
    } else {
        format!("{}; … {}", shown(&groups[..2]), shown(&groups[n - 2..]))
    };
    Some(Warning::new(
        WarningKind::Grouping,
        "",
        None,
        format!(
            "the {n} {} cover different years ({listed}): each one's rate pools its own years, so a term of recent years weighs more where the early reports are missing. Give them one span with --years, or use --by year,{}",
            match (by.level, by.region) {
                (false, true) => "regions",
                (true, false) => "levels",
                _ => "groups",
            },
            if by.region { "region" } else { "level" }
        ),
    ))
}

/// A warning per requested term whose token count differs from its
/// substring count in some group (it overlaps another protected term).
/// A requested term found nowhere, not even inside a word (a misspelling,
/// or a term of other years or places): its column of zeros is said to be
/// one.
fn absent_terms(
    trends: &DataFrame,
    choices: &[TermChoice],
    dfm: &crate::dfm::Dfm,
) -> Result<Vec<Warning>> {
    let term = trends.column("term")?.str()?;
    let sub = trends.column("substring_count")?.u64()?;
    let mut found: BTreeMap<&str, u64> = choices
        .iter()
        .filter(|c| c.pick == Pick::Requested)
        .map(|c| (c.term.as_str(), 0))
        .collect();
    for i in 0..trends.height() {
        if let (Some(t), Some(n)) = (term.get(i), sub.get(i))
            && let Some(total) = found.get_mut(t)
        {
            *total += n;
        }
    }
    let absent: Vec<&str> = (found.into_iter())
        .filter(|(_, n)| *n == 0)
        .map(|(t, _)| t)
        .collect();
    let near = if absent.is_empty() {
        BTreeMap::new()
    } else {
        near_matches(&absent, dfm)
    };
    Ok(absent
        .into_iter()
        .map(|t| {
            let hint = near
                .get(t)
                .filter(|words| !words.is_empty())
                .map(|words| format!(" (the reports have {})", words.join(", ")))
                .unwrap_or_default();
            Warning::note(format!(
                "term {t:?} occurs in none of these reports, not even inside a word: its counts are all 0; check its spelling{hint}"
            ))
        })
        .collect())
}

/// For each term of three characters or more, the words of the reports one
/// edit away from it (a character changed, added or dropped: 数字经齐 →
/// 数字经济), the three most frequent first.
fn near_matches<'a>(terms: &[&'a str], dfm: &crate::dfm::Dfm) -> BTreeMap<&'a str, Vec<String>> {
    let mut totals: rustc_hash::FxHashMap<&str, u64> = rustc_hash::FxHashMap::default();
    for d in &dfm.docs {
        for (w, n) in d.iter() {
            *totals.entry(w).or_default() += u64::from(n);
        }
    }
    terms
        .iter()
        .map(|&t| {
            let len = t.chars().count();
            let mut close: Vec<(&str, u64)> = if len < 3 {
                Vec::new()
            } else {
                (totals.iter())
                    .filter(|(w, _)| w.chars().count().abs_diff(len) <= 1)
                    .filter(|(w, _)| strsim::levenshtein(t, w) == 1)
                    .map(|(w, n)| (*w, *n))
                    .collect()
            };
            close.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            (
                t,
                close
                    .into_iter()
                    .take(3)
                    .map(|(w, _)| w.to_string())
                    .collect(),
            )
        })
        .collect()
}

fn segmentation_warnings(
    trends: &DataFrame,
    choices: &[TermChoice],
    by: GroupBy,
) -> Result<Vec<Warning>> {
    let term = trends.column("term")?.str()?;
    let tok = trends.column("token_count")?.u64()?;
    let sub = trends.column("substring_count")?.u64()?;
    let group = trends.column(by.keys()[0])?.cast(&DataType::String)?;
    let group = group.str()?;
    let mut by_term: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for i in 0..trends.height() {
        if let (Some(t), Some(a), Some(b)) = (term.get(i), tok.get(i), sub.get(i))
            && a != b
            && choices
                .iter()
                .any(|c| c.term == t && c.pick == Pick::Requested)
        {
            by_term
                .entry(t.to_string())
                .or_default()
                .push(format!("{} ({a} vs {b})", group.get(i).unwrap_or("?")));
        }
    }
    Ok(by_term
        .into_iter()
        .map(|(t, groups)| {
            Warning::new(
                WarningKind::Segmentation,
                "",
                None,
                format!(
                    "term {t:?}: token_count differs from substring_count in {}; it overlaps another requested term there",
                    groups.join(", ")
                ),
            )
        })
        .collect())
}
