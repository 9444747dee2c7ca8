//! Which documents are compared with which: group specifications for
//! sources and targets, `prev-year` (the same region's previous available
//! report), and `--same-year`.
//!
//! A group is a comma-separated list of items: years and year ranges
//! (`2025`, `2013-2017`), levels (`national`, `province`, `city`, `county`,
//! or 全国/省级/地级市 …), `path:GLOB` (documents read from a matching file,
//! e.g. `path:*government_work_reports.jsonl`), `all`, and anything else is
//! a region name (matching the region or the province). Items of one kind
//! are alternatives; kinds combine: `national,2025` is the national report
//! of 2025, `city,2010-2015,云南省` the city reports of 云南省 of those years.

use std::collections::BTreeMap;

use globset::{Glob, GlobMatcher};
use serde::Serialize;

use crate::corpus::{Document, Level};
use crate::error::{Error, Result};
use crate::textstat::groups::YearSpec;

/// A group of documents.
#[derive(Debug, Clone, Serialize)]
pub struct GroupSpec {
    /// As written.
    pub text: String,
    /// Years (any, when `None`).
    pub years: Option<YearSpec>,
    /// Levels (any, when empty).
    pub levels: Vec<Level>,
    /// Region or province names (any, when empty).
    pub regions: Vec<String>,
    /// Source-path globs (any, when empty).
    pub paths: Vec<String>,
    #[serde(skip)]
    matchers: Vec<GlobMatcher>,
}

impl GroupSpec {
    /// Every document.
    pub fn all() -> GroupSpec {
        GroupSpec {
            text: "all".into(),
            years: None,
            levels: vec![],
            regions: vec![],
            paths: vec![],
            matchers: vec![],
        }
    }

    /// Parse `national,2025`, `2013-2017`, `city,云南省`, `path:*.jsonl`, `all`.
    pub fn parse(s: &str) -> Result<GroupSpec> {
        let mut g = GroupSpec::all();
        g.text = s.trim().to_string();
        let mut years: Vec<(i32, i32)> = Vec::new();
        let items: Vec<&str> = s
            .split([',', '，', ';'])
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .collect();
        if items.is_empty() {
            return Err(Error::Usage(format!(
                "{s:?}: an empty group; write years (2025, 2013-2017), levels (national, province, city, county), regions or path:GLOB"
            )));
        }
        for item in items {
            if item.eq_ignore_ascii_case("all") || item == "*" {
                continue;
            }
            if item.eq_ignore_ascii_case("prev-year") {
                return Err(Error::Usage(format!(
                    "{s:?}: prev-year stands alone (--source prev-year)"
                )));
            }
            if let Some(glob) = item.strip_prefix("path:") {
                let m = Glob::new(glob)
                    .map_err(|e| Error::Usage(format!("{s:?}: bad glob {glob:?}: {e}")))?
                    .compile_matcher();
                g.paths.push(glob.to_string());
                g.matchers.push(m);
            } else if item.starts_with(|c: char| c.is_ascii_digit()) {
                years.extend(YearSpec::parse(item)?.ranges);
            } else if let Some(level) = Level::parse(item).filter(|_| item != "全国") {
                g.levels.push(level);
            } else {
                g.regions.push(item.to_string());
            }
        }
        if !years.is_empty() {
            g.years = Some(YearSpec {
                ranges: years,
                text: g.text.clone(),
            });
        }
        Ok(g)
    }

    /// Whether `d` is in the group.
    pub fn contains(&self, d: &Document) -> bool {
        self.years.as_ref().is_none_or(|y| y.contains(d.year))
            && (self.levels.is_empty() || d.level.is_some_and(|l| self.levels.contains(&l)))
            && (self.regions.is_empty()
                || self.regions.iter().any(|r| {
                    d.region.as_deref() == Some(r.as_str())
                        || d.province.as_deref() == Some(r.as_str())
                }))
            && (self.matchers.is_empty()
                || self.matchers.iter().any(|m| m.is_match(&d.source_path)))
    }
}

/// Where a target's sources come from.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceSpec {
    /// The same region's (and level's) previous available report: the
    /// latest earlier year with a report (all of that year's, if several).
    PrevYear,
    /// Every document of a group (the target itself excepted).
    Group(GroupSpec),
}

impl SourceSpec {
    /// Parse `prev-year` or a group.
    pub fn parse(s: &str) -> Result<SourceSpec> {
        if s.trim().eq_ignore_ascii_case("prev-year") {
            Ok(SourceSpec::PrevYear)
        } else {
            Ok(SourceSpec::Group(GroupSpec::parse(s)?))
        }
    }

    /// Label in tables (`prev-year`, or the group as written).
    pub fn label(&self) -> String {
        match self {
            SourceSpec::PrevYear => "prev-year".into(),
            SourceSpec::Group(g) => g.text.clone(),
        }
    }
}

/// One target and its sources, per source group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetSources {
    /// The target (document index).
    pub target: usize,
    /// For each source spec, in order: its sources (document indexes,
    /// ascending, never the target).
    pub groups: Vec<Vec<usize>>,
}

impl TargetSources {
    /// All sources of the target, ascending, without repeats.
    pub fn all(&self) -> Vec<usize> {
        let mut v: Vec<usize> = self.groups.iter().flatten().copied().collect();
        v.sort_unstable();
        v.dedup();
        v
    }
}

/// The documents of `docs` in `target` that have at least one source, with
/// their sources. A group source is never of a later year than its target
/// (a report cannot repeat one not yet written); with `same_year` it must be
/// of the target's year (`prev-year` is unaffected).
pub fn pair(
    docs: &[Document],
    sources: &[SourceSpec],
    target: &GroupSpec,
    same_year: bool,
) -> Vec<TargetSources> {
    let prev = previous_reports(docs);
    let members: Vec<Option<Vec<usize>>> = sources
        .iter()
        .map(|s| match s {
            SourceSpec::PrevYear => None,
            SourceSpec::Group(g) => Some(
                docs.iter()
                    .enumerate()
                    .filter(|(_, d)| g.contains(d))
                    .map(|(i, _)| i)
                    .collect(),
            ),
        })
        .collect();
    docs.iter()
        .enumerate()
        .filter(|(_, d)| target.contains(d))
        .filter_map(|(t, d)| {
            let groups: Vec<Vec<usize>> = members
                .iter()
                .map(|m| match m {
                    None => prev.get(&t).cloned().unwrap_or_default(),
                    Some(m) => m
                        .iter()
                        .copied()
                        .filter(|&s| {
                            s != t
                                && docs[s].year <= d.year
                                && (!same_year || docs[s].year == d.year)
                        })
                        .collect(),
                })
                .collect();
            groups
                .iter()
                .any(|g| !g.is_empty())
                .then_some(TargetSources { target: t, groups })
        })
        .collect()
}

/// For every document with a region, the documents of the same region and
/// level in the latest earlier year that has one.
fn previous_reports(docs: &[Document]) -> BTreeMap<usize, Vec<usize>> {
    type Place<'a> = (&'a str, Option<Level>);
    let mut by_place: BTreeMap<Place, BTreeMap<i32, Vec<usize>>> = BTreeMap::new();
    for (i, d) in docs.iter().enumerate() {
        if let Some(r) = d.region.as_deref() {
            by_place
                .entry((r, d.level))
                .or_default()
                .entry(d.year)
                .or_default()
                .push(i);
        }
    }
    let mut out = BTreeMap::new();
    for years in by_place.values() {
        let mut before: Option<&Vec<usize>> = None;
        for list in years.values() {
            if let Some(b) = before {
                for &i in list {
                    out.insert(i, b.clone());
                }
            }
            before = Some(list);
        }
    }
    out
}

/// Join keys that say which pairs are allowed, for an engine that only
/// sees documents (the Spark job of `docs/SCALE.md`): `s` may be a source
/// of `t` exactly when `s ≠ t` and a key of `s`'s `source_keys` is among
/// `t`'s `target_keys`. Returns `(source_keys, target_keys)` per document.
pub fn pair_keys(
    docs: &[Document],
    sources: &[SourceSpec],
    targets: &[TargetSources],
    same_year: bool,
) -> Vec<(Vec<String>, Vec<String>)> {
    let mut keys: Vec<(Vec<String>, Vec<String>)> = vec![(vec![], vec![]); docs.len()];
    for (gi, spec) in sources.iter().enumerate() {
        match spec {
            SourceSpec::PrevYear => {
                for ts in targets {
                    let key = format!("p:{}", docs[ts.target].doc_id);
                    if ts.groups[gi].is_empty() {
                        continue;
                    }
                    keys[ts.target].1.push(key.clone());
                    for &s in &ts.groups[gi] {
                        keys[s].0.push(key.clone());
                    }
                }
            }
            SourceSpec::Group(g) => {
                // A target gets its year's key; a source the keys of its
                // year and (without `same_year`) of every later target
                // year: it may be a source of targets of its year or later.
                let key = |y: i32| format!("g{gi}:{y}");
                let target_years: std::collections::BTreeSet<i32> = targets
                    .iter()
                    .filter(|ts| !ts.groups[gi].is_empty())
                    .map(|ts| docs[ts.target].year)
                    .collect();
                for (i, d) in docs.iter().enumerate().filter(|(_, d)| g.contains(d)) {
                    if same_year {
                        keys[i].0.push(key(d.year));
                    } else {
                        keys[i]
                            .0
                            .extend(target_years.range(d.year..).map(|&y| key(y)));
                    }
                }
                for ts in targets.iter().filter(|ts| !ts.groups[gi].is_empty()) {
                    keys[ts.target].1.push(key(docs[ts.target].year));
                }
            }
        }
    }
    for k in &mut keys {
        k.0.sort();
        k.0.dedup();
        k.1.sort();
        k.1.dedup();
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::textstat::testutil::{corpus, words};

    #[test]
    fn group_sources_are_never_later_and_the_join_keys_say_the_same() {
        let (_d, c, _) = corpus(
            &[
                ("2019_示例市.txt", words(&[("服务", 3), ("农业", 2)])),
                ("2020_示例市.txt", words(&[("农业", 3), ("服务", 2)])),
                ("2021_示例市.txt", words(&[("创新", 3), ("服务", 2)])),
                ("2021_样例县.txt", words(&[("创新", 2), ("农业", 3)])),
            ],
            &[],
        );
        let docs = &c.documents;
        let year = |i: usize| docs[i].year;
        for same_year in [false, true] {
            let sources = [SourceSpec::parse("all").unwrap()];
            let targets = pair(docs, &sources, &GroupSpec::all(), same_year);
            for ts in &targets {
                for &s in &ts.groups[0] {
                    assert!(year(s) <= year(ts.target) && s != ts.target);
                    assert!(!same_year || year(s) == year(ts.target));
                }
            }
            // The earliest report has no source.
            assert!(targets.iter().all(|ts| year(ts.target) != 2019));
            // s may be a source of t exactly when their keys meet.
            let keys = pair_keys(docs, &sources, &targets, same_year);
            for t in 0..docs.len() {
                let allowed: Vec<usize> = targets
                    .iter()
                    .find(|ts| ts.target == t)
                    .map(|ts| ts.groups[0].clone())
                    .unwrap_or_default();
                for s in (0..docs.len()).filter(|&s| s != t) {
                    let meet = keys[s].0.iter().any(|k| keys[t].1.contains(k));
                    assert_eq!(
                        meet,
                        allowed.contains(&s),
                        "s={s} t={t} same_year={same_year}"
                    );
                }
            }
        }
    }
}
