//! Keyword in context: every occurrence of a term in the cleaned texts, with
//! its document, year, region, section path and the characters around it.
//!
//! Offsets are character offsets into the cleaned text (the text `analyze
//! corpus --out` writes to `texts/<doc_id>.txt`), so an occurrence can be
//! found again by anyone: `text[start_char..end_char] == keyword`. Line
//! breaks inside the context are shown as `⏎`.

use polars::prelude::*;
use rayon::prelude::*;

use crate::corpus::sections::{RoleRules, parse_report, section_at};
use crate::corpus::{Corpus, Document};
use crate::error::Result;

/// One occurrence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Document index in the corpus.
    pub doc: usize,
    /// Character offset of the start.
    pub start_char: usize,
    /// Character offset of the end.
    pub end_char: usize,
    /// Section path (`三/(二)/¶1`).
    pub section_path: String,
    /// Section title.
    pub section_title: String,
    /// Role of the top-level section.
    pub section_role: String,
    /// Left context.
    pub left: String,
    /// The occurrence.
    pub keyword: String,
    /// Right context.
    pub right: String,
}

/// Every occurrence of `term` (non-overlapping, left to right) with `width`
/// characters of context on each side.
pub fn kwic(corpus: &Corpus, term: &str, width: usize, roles: &RoleRules) -> Vec<Hit> {
    corpus
        .documents
        .par_iter()
        .with_max_len(1)
        .enumerate()
        .flat_map_iter(|(i, d)| doc_hits(i, d, term, width, roles))
        .collect()
}

fn doc_hits(i: usize, d: &Document, term: &str, width: usize, roles: &RoleRules) -> Vec<Hit> {
    if term.is_empty() || !d.text.contains(term) {
        return vec![];
    }
    let sections = parse_report(&d.text, Some(d.year), roles);
    // byte offset -> char offset, built once per document
    let mut char_of: Vec<usize> = vec![0; d.text.len() + 1];
    let mut n = 0;
    for (b, _) in d.text.char_indices() {
        char_of[b] = n;
        n += 1;
    }
    char_of[d.text.len()] = n;
    let chars: Vec<char> = d.text.chars().collect();
    let show = |cs: &[char]| -> String {
        cs.iter()
            .map(|&c| if c == '\n' { '⏎' } else { c })
            .collect()
    };
    d.text
        .match_indices(term)
        .map(|(b, m)| {
            let (s, e) = (char_of[b], char_of[b + m.len()]);
            let sec = section_at(&sections, b);
            Hit {
                doc: i,
                start_char: s,
                end_char: e,
                section_path: sec.map(|x| x.path.clone()).unwrap_or_default(),
                section_title: sec.map(|x| x.title.clone()).unwrap_or_default(),
                section_role: sec.map(|x| x.role.clone()).unwrap_or_default(),
                left: show(&chars[s.saturating_sub(width)..s]),
                keyword: m.to_string(),
                right: show(&chars[e..(e + width).min(chars.len())]),
            }
        })
        .collect()
}

/// The `kwic` table.
pub fn kwic_frame(corpus: &Corpus, hits: &[Hit]) -> Result<DataFrame> {
    let d = |h: &Hit| &corpus.documents[h.doc];
    let s = |f: &dyn Fn(&Hit) -> String| hits.iter().map(f).collect::<Vec<String>>();
    Ok(DataFrame::new_infer_height(vec![
        Column::new("doc_id".into(), s(&|h| d(h).doc_id.clone())),
        Column::new(
            "year".into(),
            hits.iter().map(|h| d(h).year).collect::<Vec<i32>>(),
        ),
        Column::new(
            "region".into(),
            hits.iter()
                .map(|h| d(h).region.clone())
                .collect::<Vec<Option<String>>>(),
        ),
        Column::new("section_path".into(), s(&|h| h.section_path.clone())),
        Column::new("section_title".into(), s(&|h| h.section_title.clone())),
        Column::new("section_role".into(), s(&|h| h.section_role.clone())),
        Column::new(
            "start_char".into(),
            hits.iter()
                .map(|h| h.start_char as u64)
                .collect::<Vec<u64>>(),
        ),
        Column::new(
            "end_char".into(),
            hits.iter().map(|h| h.end_char as u64).collect::<Vec<u64>>(),
        ),
        Column::new("left_context".into(), s(&|h| h.left.clone())),
        Column::new("keyword".into(), s(&|h| h.keyword.clone())),
        Column::new("right_context".into(), s(&|h| h.right.clone())),
        Column::new("source".into(), s(&|h| d(h).source())),
    ])?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::textstat::testutil::corpus;

    #[test]
    fn offsets_are_stable_and_context_is_cut_at_the_edges() {
        let text = "示例市2020年政府工作报告\n一、工作回顾\n发展数字经济。\n二、2021年工作任务\n壮大数字经济规模。".to_string();
        let (_d, c, _) = corpus(&[("2020_示例市.txt", text)], &[]);
        let hits = kwic(&c, "数字经济", 4, &RoleRules::builtin().unwrap());
        assert_eq!(hits.len(), 2);
        let chars: Vec<char> = c.documents[0].text.chars().collect();
        for h in &hits {
            let found: String = chars[h.start_char..h.end_char].iter().collect();
            assert_eq!(found, "数字经济");
            assert_eq!(h.left.chars().count(), 4);
        }
        assert_eq!(hits[0].left, "顾⏎发展");
        assert_eq!(hits[0].section_path, "一");
        assert_eq!(hits[0].section_role, "review");
        assert_eq!(hits[1].section_role, "tasks");
        assert_eq!(hits[1].right, "规模。");
    }
}
