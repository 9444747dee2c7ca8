//! What is compared: single documents, or groups of documents (`--by year`, `region`,
//! `level` and their combinations) whose counts and shingles are pooled; ordered by year, and
//! each unit's predecessor — the same place's unit in the latest earlier year that has one.

use std::collections::BTreeMap;

use crate::corpus::{Document, Level};
use crate::textstat::GroupBy;

/// One compared unit: a document or a group of documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// Identifier in tables: the document id, or the group's keys joined by ` · `.
    pub id: String,
    /// Short label for charts (see [`units`]).
    pub label: String,
    /// Indexes of its documents in the corpus.
    pub docs: Vec<usize>,
    /// Its year (when documents, or grouped by year).
    pub year: Option<i32>,
    /// Its region (when documents, or grouped by region).
    pub region: Option<String>,
    /// Its level (when documents, or grouped by level).
    pub level: Option<Level>,
}

/// The units of `docs`: every document when `by` is `None`, else one unit per group of the
/// keys `by` names (section is not a key here). Ordered by year, then level, region (in the
/// usual order of provinces, [`crate::corpus::metadata::province_rank`], then by name) and
/// input order. Chart labels of documents are `year` when the corpus has one region (and
/// level), else `year region`; a label that would repeat becomes the document id.
pub fn units(docs: &[Document], by: Option<GroupBy>) -> Vec<Unit> {
    let mut out: Vec<Unit> = match by {
        None => docs
            .iter()
            .enumerate()
            .map(|(i, d)| Unit {
                id: d.doc_id.clone(),
                label: String::new(),
                docs: vec![i],
                year: Some(d.year),
                region: d.region.clone(),
                level: d.level,
            })
            .collect(),
        Some(by) => grouped(docs, by),
    };
    // Regions of a year in the usual order of provinces (a province's
    // cities and counties together), then by name.
    let place = |u: &Unit| {
        u.region
            .as_deref()
            .map(|r| (crate::corpus::metadata::province_rank(r), r.to_string()))
    };
    out.sort_by(|a, b| {
        (a.year, a.level, place(a), a.docs.first()).cmp(&(
            b.year,
            b.level,
            place(b),
            b.docs.first(),
        ))
    });
    let places: std::collections::BTreeSet<(Option<&str>, Option<Level>)> =
        out.iter().map(|u| (u.region.as_deref(), u.level)).collect();
    let labels: Vec<String> = out
        .iter()
        .map(|u| {
            let mut parts: Vec<String> = u.year.iter().map(i32::to_string).collect();
            if by.is_some() || places.len() > 1 {
                parts.extend(
                    u.level
                        .filter(|_| by.is_some_and(|b| b.level))
                        .map(|l| l.as_str().to_string()),
                );
                parts.extend(u.region.clone());
            }
            parts.join(" ")
        })
        .collect();
    for (i, u) in out.iter_mut().enumerate() {
        let repeated = labels.iter().filter(|l| **l == labels[i]).count() > 1;
        u.label = if repeated || labels[i].is_empty() {
            u.id.clone()
        } else {
            labels[i].clone()
        };
    }
    out
}

/// One unit per distinct combination of the keys of `by`.
fn grouped(docs: &[Document], by: GroupBy) -> Vec<Unit> {
    type Key = (Option<i32>, Option<Level>, Option<String>);
    let mut groups: BTreeMap<Key, Vec<usize>> = BTreeMap::new();
    for (i, d) in docs.iter().enumerate() {
        let key = (
            by.year.then_some(d.year),
            d.level.filter(|_| by.level),
            d.region.clone().filter(|_| by.region),
        );
        groups.entry(key).or_default().push(i);
    }
    groups
        .into_iter()
        .map(|((year, level, region), members)| {
            let mut id: Vec<String> = year.iter().map(i32::to_string).collect();
            id.extend(level.map(|l| l.as_str().to_string()));
            id.extend(region.clone());
            if by.level && level.is_none() {
                id.push("level unknown".into());
            }
            if by.region && region.is_none() {
                id.push("region unknown".into());
            }
            Unit {
                id: id.join(" · "),
                label: String::new(),
                docs: members,
                year,
                region,
                level,
            }
        })
        .collect()
}

/// For each unit with a year, the units of the same place (region and level as far as the
/// units have them) in the latest earlier year that has one — several when that year has
/// several (e.g. two reports kept with `--duplicates sum`). Units without a year have none,
/// nor have documents (or groups by region) without a region, as in `analyze reuse`'s
/// `prev-year`; `by` is what [`units`] was given.
pub fn predecessors(units: &[Unit], by: Option<GroupBy>) -> Vec<Vec<usize>> {
    type Place<'a> = (Option<&'a str>, Option<Level>);
    let need_region = by.is_none_or(|b| b.region);
    let mut by_place: BTreeMap<Place<'_>, BTreeMap<i32, Vec<usize>>> = BTreeMap::new();
    for (i, u) in units.iter().enumerate() {
        if need_region && u.region.is_none() {
            continue;
        }
        if let Some(y) = u.year {
            by_place
                .entry((u.region.as_deref(), u.level))
                .or_default()
                .entry(y)
                .or_default()
                .push(i);
        }
    }
    let mut out = vec![Vec::new(); units.len()];
    for years in by_place.values() {
        let mut before: Option<&Vec<usize>> = None;
        for list in years.values() {
            if let Some(b) = before {
                for &i in list {
                    out[i] = b.clone();
                }
            }
            before = Some(list);
        }
    }
    out
}
