//! The reuse tables: `reuse_passages` (one row per passage),
//! `reuse_share` (per target and source group: how much of the target is
//! covered by reuse) and `reuse_candidates` (the candidate pairs).

use polars::prelude::*;
use rayon::prelude::*;

use super::pairs::TargetSources;
use super::{Candidate, Passage, covered_han};
use crate::corpus::Document;
use crate::error::Result;

/// Characters of a passage shown whole in an excerpt; longer ones are
/// shown as their first [`EXCERPT_HEAD`] and last [`EXCERPT_TAIL`]
/// characters around `…`.
pub const EXCERPT_MAX: usize = 80;
/// See [`EXCERPT_MAX`].
pub const EXCERPT_HEAD: usize = 50;
/// See [`EXCERPT_MAX`].
pub const EXCERPT_TAIL: usize = 20;

/// Byte offset of every character of `text`, and the length at the end.
fn byte_offsets(text: &str) -> Vec<u32> {
    let mut v: Vec<u32> = text.char_indices().map(|(b, _)| b as u32).collect();
    v.push(text.len() as u32);
    v
}

/// The excerpt of characters `start..end` of `text` (`offsets` from
/// [`byte_offsets`]); line breaks shown as `⏎`.
fn excerpt(text: &str, offsets: &[u32], start: usize, end: usize) -> String {
    let end = end.min(offsets.len() - 1);
    let start = start.min(end);
    let slice = |a: usize, b: usize| -> String {
        text[offsets[a] as usize..offsets[b] as usize].replace('\n', "⏎")
    };
    if end - start <= EXCERPT_MAX {
        slice(start, end)
    } else {
        format!(
            "{}…{}",
            slice(start, start + EXCERPT_HEAD),
            slice(end - EXCERPT_TAIL, end)
        )
    }
}

/// The `reuse_passages` table.
pub fn passages_frame(docs: &[Document], passages: &[Passage]) -> Result<DataFrame> {
    let mut used: Vec<usize> = passages.iter().flat_map(|p| [p.source, p.target]).collect();
    used.sort_unstable();
    used.dedup();
    let offsets: Vec<(usize, Vec<u32>)> = used
        .par_iter()
        .with_max_len(1)
        .map(|&d| (d, byte_offsets(&docs[d].text)))
        .collect();
    let off = |d: usize| -> &[u32] {
        let k = offsets.partition_point(|x| x.0 < d);
        &offsets[k].1
    };
    let excerpts: Vec<(String, String)> = passages
        .par_iter()
        .map(|p| {
            (
                excerpt(
                    &docs[p.source].text,
                    off(p.source),
                    p.source_start,
                    p.source_end,
                ),
                excerpt(
                    &docs[p.target].text,
                    off(p.target),
                    p.target_start,
                    p.target_end,
                ),
            )
        })
        .collect();
    let id = |f: &dyn Fn(&Passage) -> usize| -> Vec<String> {
        passages.iter().map(|p| docs[f(p)].doc_id.clone()).collect()
    };
    let year = |f: &dyn Fn(&Passage) -> usize| -> Vec<i32> {
        passages.iter().map(|p| docs[f(p)].year).collect()
    };
    let region = |f: &dyn Fn(&Passage) -> usize| -> Vec<Option<String>> {
        passages.iter().map(|p| docs[f(p)].region.clone()).collect()
    };
    let num = |f: &dyn Fn(&Passage) -> usize| -> Vec<u64> {
        passages.iter().map(|p| f(p) as u64).collect()
    };
    Ok(DataFrame::new_infer_height(vec![
        Column::new("source_doc".into(), id(&|p| p.source)),
        Column::new("source_year".into(), year(&|p| p.source)),
        Column::new("source_region".into(), region(&|p| p.source)),
        Column::new("source_start".into(), num(&|p| p.source_start)),
        Column::new("source_end".into(), num(&|p| p.source_end)),
        Column::new("target_doc".into(), id(&|p| p.target)),
        Column::new("target_year".into(), year(&|p| p.target)),
        Column::new("target_region".into(), region(&|p| p.target)),
        Column::new("target_start".into(), num(&|p| p.target_start)),
        Column::new("target_end".into(), num(&|p| p.target_end)),
        Column::new("chars".into(), num(&|p| p.han_chars)),
        Column::new(
            "identity".into(),
            passages.iter().map(Passage::identity).collect::<Vec<f64>>(),
        ),
        Column::new(
            "source_excerpt".into(),
            excerpts.iter().map(|e| e.0.clone()).collect::<Vec<_>>(),
        ),
        Column::new(
            "target_excerpt".into(),
            excerpts.iter().map(|e| e.1.clone()).collect::<Vec<_>>(),
        ),
    ])?)
}

/// One row of `reuse_share`.
#[derive(Debug, Clone, PartialEq)]
pub struct ShareRow {
    /// Target document.
    pub target: usize,
    /// Label of the source group.
    pub group: String,
    /// Source documents compared.
    pub sources: usize,
    /// The source covering most of the target (`None`: no passage).
    pub main_source: Option<usize>,
    /// Han characters of the target.
    pub han_chars: usize,
    /// Han characters of the target inside at least one passage.
    pub reused: usize,
    /// Passages.
    pub passages: usize,
}

impl ShareRow {
    /// `reused / han_chars` (0 for a target without Han characters).
    pub fn share(&self) -> f64 {
        if self.han_chars == 0 {
            0.0
        } else {
            self.reused as f64 / self.han_chars as f64
        }
    }
}

/// Per target and source group: the Han characters covered by the union of
/// the passages whose source is in the group. `passages` must be grouped
/// by target (as [`super::find_reuse`] returns them).
pub fn share_rows(
    docs: &[Document],
    targets: &[TargetSources],
    labels: &[String],
    passages: &[Passage],
) -> Vec<ShareRow> {
    targets
        .par_iter()
        .flat_map_iter(|ts| {
            let t = ts.target;
            let lo = passages.partition_point(|p| p.target < t);
            let hi = passages.partition_point(|p| p.target <= t);
            let mine = passages[lo..hi]
                .iter()
                .filter(|p| p.target == t)
                .collect::<Vec<_>>();
            let text = &docs[t].text;
            ts.groups
                .iter()
                .zip(labels)
                .filter(|(g, _)| !g.is_empty())
                .map(|(g, label)| {
                    let inside: Vec<&&Passage> = mine
                        .iter()
                        .filter(|p| g.binary_search(&p.source).is_ok())
                        .collect();
                    let spans: Vec<(usize, usize)> = inside
                        .iter()
                        .map(|p| (p.target_start, p.target_end))
                        .collect();
                    let mut best: Option<(usize, usize)> = None;
                    for &s in g {
                        let own: Vec<(usize, usize)> = inside
                            .iter()
                            .filter(|p| p.source == s)
                            .map(|p| (p.target_start, p.target_end))
                            .collect();
                        if own.is_empty() {
                            continue;
                        }
                        let n = covered_han(text, &own);
                        if best.is_none_or(|b| n > b.1) {
                            best = Some((s, n));
                        }
                    }
                    ShareRow {
                        target: t,
                        group: label.clone(),
                        sources: g.len(),
                        main_source: best.map(|b| b.0),
                        han_chars: docs[t].han_chars,
                        reused: covered_han(text, &spans),
                        passages: inside.len(),
                    }
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The `reuse_share` table.
pub fn share_frame(docs: &[Document], rows: &[ShareRow]) -> Result<DataFrame> {
    let d = |r: &ShareRow| &docs[r.target];
    Ok(DataFrame::new_infer_height(vec![
        Column::new(
            "target_doc".into(),
            rows.iter().map(|r| d(r).doc_id.clone()).collect::<Vec<_>>(),
        ),
        Column::new(
            "year".into(),
            rows.iter().map(|r| d(r).year).collect::<Vec<i32>>(),
        ),
        Column::new(
            "region".into(),
            rows.iter()
                .map(|r| d(r).region.clone())
                .collect::<Vec<Option<String>>>(),
        ),
        Column::new(
            "level".into(),
            rows.iter()
                .map(|r| d(r).level.map(|l| l.as_str().to_string()))
                .collect::<Vec<Option<String>>>(),
        ),
        Column::new(
            "source_group".into(),
            rows.iter().map(|r| r.group.clone()).collect::<Vec<_>>(),
        ),
        Column::new(
            "sources".into(),
            rows.iter().map(|r| r.sources as u64).collect::<Vec<u64>>(),
        ),
        Column::new(
            "main_source".into(),
            rows.iter()
                .map(|r| r.main_source.map(|s| docs[s].doc_id.clone()))
                .collect::<Vec<Option<String>>>(),
        ),
        Column::new(
            "han_chars".into(),
            rows.iter()
                .map(|r| r.han_chars as u64)
                .collect::<Vec<u64>>(),
        ),
        Column::new(
            "reused_han_chars".into(),
            rows.iter().map(|r| r.reused as u64).collect::<Vec<u64>>(),
        ),
        Column::new(
            "share".into(),
            rows.iter().map(ShareRow::share).collect::<Vec<f64>>(),
        ),
        Column::new(
            "passages".into(),
            rows.iter().map(|r| r.passages as u64).collect::<Vec<u64>>(),
        ),
    ])?)
}

/// The `reuse_candidates` table: `source_doc, target_doc, shared_shingles`.
pub fn candidates_frame(docs: &[Document], c: &[Candidate]) -> Result<DataFrame> {
    Ok(DataFrame::new_infer_height(vec![
        Column::new(
            "source_doc".into(),
            c.iter()
                .map(|x| docs[x.source].doc_id.clone())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "target_doc".into(),
            c.iter()
                .map(|x| docs[x.target].doc_id.clone())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "shared_shingles".into(),
            c.iter().map(|x| x.shared as u64).collect::<Vec<u64>>(),
        ),
    ])?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_show_short_passages_whole_and_long_ones_cut() {
        let text = "前言\n一二三";
        let o = byte_offsets(text);
        assert_eq!(excerpt(text, &o, 1, 6), "言⏎一二三");
        let long: String = std::iter::repeat_n('甲', 60)
            .chain(std::iter::repeat_n('乙', 60))
            .collect();
        let o = byte_offsets(&long);
        let e = excerpt(&long, &o, 0, 120);
        assert_eq!(e.chars().count(), EXCERPT_HEAD + 1 + EXCERPT_TAIL);
        assert!(e.starts_with("甲甲") && e.ends_with("乙乙") && e.contains('…'));
    }
}
