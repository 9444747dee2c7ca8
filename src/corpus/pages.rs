//! Paged plain text: page breaks and the other line separators.
//!
//! Text that went through another tool on its way from a PDF or a Word file
//! (pdftotext, a copy from a PDF viewer, "save as text") separates its pages
//! with form feeds (U+000C), and each page may carry its number and a
//! running header or footer. [`line_breaks`] turns every line separator that
//! `str::lines` does not split at (form feed, vertical tab, a carriage
//! return not followed by a line feed, U+0085, U+2028, U+2029) into a line
//! break. In a text of three pages or more it also drops, at the page edges,
//! page numbers and running headers and footers, by the PDF reader's rules
//! (`formats::pdf`): the first or last two non-blank lines of a page, and
//! lines of up to 20 characters that recur there on at least half of the
//! pages (a body line is longer). On the first page
//! nothing but a page number is dropped: a title there may read like the
//! running header. A longer line (up to 80 characters) repeated word for
//! word at the head or foot of two pages in three or more, and hardly ever
//! inside them, is a watermark (`本文档由文库网提供,仅供参考,下载后可编辑`)
//! and goes from every page, the first included.

use std::collections::HashSet;

use super::formats::pdf::{edge_indexes, ends_sentence, is_page_number, running_chrome};

/// The longest line (in characters) taken for a running header or footer.
const MAX_CHROME: usize = 20;

/// A text whose line separators were normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paged {
    /// The text with `\n` for every line separator.
    pub text: String,
    /// Characters of the page numbers and running headers and footers
    /// dropped.
    pub removed: usize,
}

/// `raw` with every line separator a line break and, in a text of three
/// pages or more, the page furniture dropped (see the module docs). `None`
/// when `raw` has no separator other than `\n` and `\r\n`.
pub fn line_breaks(raw: &str) -> Option<Paged> {
    let b = raw.as_bytes();
    let lone_cr = memchr::memchr_iter(b'\r', b).any(|i| b.get(i + 1) != Some(&b'\n'));
    let other = memchr::memchr2(b'\x0b', b'\x0c', b).is_some()
        || ["\u{85}", "\u{2028}", "\u{2029}"]
            .iter()
            .any(|s| memchr::memmem::find(b, s.as_bytes()).is_some());
    if !lone_cr && !other {
        return None;
    }
    let mut text = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() != Some(&'\n') => text.push('\n'),
            '\u{b}' | '\u{85}' | '\u{2028}' | '\u{2029}' => text.push('\n'),
            _ => text.push(c),
        }
    }
    let page_texts: Vec<&str> = text.split('\x0c').collect();
    let pages: Vec<Vec<&str>> = page_texts.iter().map(|p| p.lines().collect()).collect();
    let filled = pages
        .iter()
        .filter(|p| p.iter().any(|l| !l.trim().is_empty()))
        .count();
    if filled < 3 {
        return Some(Paged {
            text: text.replace('\x0c', "\n"),
            removed: 0,
        });
    }
    // Per page, its non-blank lines (index in the page, trimmed text).
    let edges: Vec<Vec<(usize, &str)>> = pages
        .iter()
        .map(|p| {
            p.iter()
                .enumerate()
                .map(|(i, l)| (i, l.trim()))
                .filter(|(_, l)| !l.is_empty())
                .collect()
        })
        .collect();
    let mut drop: Vec<HashSet<usize>> = edges
        .iter()
        .map(|e| {
            edge_indexes(e.len())
                .into_iter()
                .filter(|&k| is_page_number(e[k].1))
                .map(|k| e[k].0)
                .collect()
        })
        .collect();
    let left: Vec<Vec<(usize, &str)>> = edges
        .iter()
        .zip(&drop)
        .map(|(e, d)| e.iter().copied().filter(|(i, _)| !d.contains(i)).collect())
        .collect();
    // Running headers and footers are short; a body line that fills the
    // width is never one, even where only its numbers differ from another.
    let chrome = running_chrome(
        &left,
        |l| {
            if l.1.chars().count() <= MAX_CHROME {
                l.1
            } else {
                ""
            }
        },
        |_, _| true,
    );
    for ((d, found), l) in drop.iter_mut().zip(chrome).zip(&left) {
        d.extend(found.into_iter().map(|k| l[k].0));
    }
    // A longer line repeated word for word at the head or foot of most
    // pages, the first included: a watermark (本文档由文库网提供,仅供参考).
    let left: Vec<Vec<(usize, &str)>> = edges
        .iter()
        .zip(&drop)
        .map(|(e, d)| e.iter().copied().filter(|(i, _)| !d.contains(i)).collect())
        .collect();
    for (d, found) in drop.iter_mut().zip(watermarks(&left)) {
        d.extend(found);
    }
    // The pages' kept lines, without blank lines at the page's top and
    // bottom: a paragraph that runs on over a page break must read as one
    // (a page that ends a sentence is followed by a blank line).
    // A break is never longer than what it replaces: two line breaks (the
    // page ended a sentence) only where something besides the form feed
    // stood between the pages' kept lines.
    let mut out = String::with_capacity(text.len());
    let mut removed = 0;
    // Whether something followed the last kept line so far.
    let mut room = false;
    for ((page, d), page_text) in pages.iter().zip(&drop).zip(&page_texts) {
        let mut kept: Vec<(usize, &str)> = Vec::with_capacity(page.len());
        for (i, line) in page.iter().enumerate() {
            if d.contains(&i) {
                removed += line.trim().chars().count();
            } else {
                kept.push((i, line));
            }
        }
        let first = kept.iter().position(|l| !l.1.trim().is_empty());
        let last = kept.iter().rposition(|l| !l.1.trim().is_empty());
        let (Some(first), Some(last)) = (first, last) else {
            room = true;
            continue;
        };
        if let Some(prev) = out.rsplit('\n').next().filter(|_| !out.is_empty()) {
            let wide = room || kept[first].0 > 0;
            out.push_str(if wide && ends_sentence(prev) {
                "\n\n"
            } else {
                "\n"
            });
        }
        let lines: Vec<&str> = kept[first..=last].iter().map(|l| l.1).collect();
        out.push_str(&lines.join("\n"));
        room = kept[last].0 + 1 < page.len() || page_text.ends_with('\n');
    }
    if room {
        out.push('\n');
    }
    Some(Paged { text: out, removed })
}

/// The longest line (in characters) taken for a watermark.
const MAX_WATERMARK: usize = 80;

/// Per page, the line indexes (in the page) of its watermarks: a line of
/// more than [`MAX_CHROME`] and at most [`MAX_WATERMARK`] characters that
/// stands, word for word, among the first or last two non-blank lines of
/// two pages in three or more (three pages at least), and nowhere else in
/// them more than once in four (`本文档由文库网提供,仅供参考,下载后可编辑`,
/// `更多精品文档请访问 www.docin.com` at the foot of every page). Body text
/// repeats word for word at the page edges of most pages only when it is no
/// body text; unlike a short running header, such a line goes from the
/// first page too.
fn watermarks(pages: &[Vec<(usize, &str)>]) -> Vec<HashSet<usize>> {
    use std::collections::HashMap;
    let n = pages.len();
    let long = |l: &str| (MAX_CHROME + 1..=MAX_WATERMARK).contains(&l.chars().count());
    let mut places: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    let mut inside: HashMap<&str, usize> = HashMap::new();
    for (p, page) in pages.iter().enumerate() {
        let edges = edge_indexes(page.len());
        let mut here = HashSet::new();
        for (k, &(i, line)) in page.iter().enumerate() {
            if !long(line) {
                continue;
            }
            if edges.contains(&k) {
                if here.insert(line) {
                    places.entry(line).or_default().push((p, i));
                }
            } else {
                *inside.entry(line).or_default() += 1;
            }
        }
    }
    let mut drop = vec![HashSet::new(); n];
    for (line, at) in &places {
        let pages_with = at.len();
        if pages_with < 3 || pages_with * 3 < n * 2 {
            continue;
        }
        if inside.get(line).copied().unwrap_or(0) * 4 > pages_with {
            continue;
        }
        for &(p, i) in at {
            drop[p].insert(i);
        }
    }
    drop
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_become_line_breaks() {
        assert_eq!(line_breaks("a\nb\r\nc"), None);
        for raw in [
            "甲\r乙",
            "甲\u{b}乙",
            "甲\u{c}乙",
            "甲\u{85}乙",
            "甲\u{2028}乙",
            "甲\u{2029}乙",
        ] {
            let p = line_breaks(raw).unwrap();
            assert_eq!(p.text.lines().collect::<Vec<_>>(), ["甲", "乙"], "{raw:?}");
            assert_eq!(p.removed, 0);
        }
        // A lone CR among CRLFs.
        assert_eq!(line_breaks("甲\r\n乙\r丙").unwrap().text, "甲\r\n乙\n丙");
    }

    #[test]
    fn page_numbers_and_running_headers_go_with_the_page_breaks() {
        let page = |n: usize, body: &str| format!("示例市人民政府文件\n\n{body}\n\n— {n} —\n");
        let raw = [
            "2019年示例市政府工作报告\n各位代表:\n第一页正文。\n\n— 1 —\n".to_string(),
            page(2, "第二页正文。"),
            page(3, "第三页正文。"),
            page(4, "第四页正文,示例市人民政府文件一词在正文中。"),
        ]
        .join("\u{c}");
        let p = line_breaks(&raw).unwrap();
        let kept: Vec<&str> = p.text.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(
            kept,
            [
                "2019年示例市政府工作报告",
                "各位代表:",
                "第一页正文。",
                "第二页正文。",
                "第三页正文。",
                "第四页正文,示例市人民政府文件一词在正文中。"
            ]
        );
        let header = "示例市人民政府文件".chars().count();
        assert_eq!(p.removed, 3 * header + 4 * "— 1 —".chars().count());
        // On the first page a line like the running header stays (a title
        // may read like it); its page number goes.
        let first = "示例市人民政府文件\n第一页正文。\n\n— 1 —\n".to_string();
        let raw = [first, page(2, "第二页正文。"), page(3, "第三页正文。")].join("\u{c}");
        let kept: Vec<String> = line_breaks(&raw)
            .unwrap()
            .text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_string)
            .collect();
        assert_eq!(
            kept,
            [
                "示例市人民政府文件",
                "第一页正文。",
                "第二页正文。",
                "第三页正文。"
            ]
        );
        // A watermark longer than a running header, repeated word for word
        // at the foot (or head) of most pages, goes from every page, the
        // first too; a long body line repeated on one page or two stays.
        let mark = "本文档由文库网提供,仅供参考,下载后可编辑";
        let site = "更多精品文档请访问 www.docin.com 免费下载";
        let repeated = "全面贯彻新发展理念,推动高质量发展,奋力谱写现代化建设新篇章。";
        let pages: Vec<String> = (1..=5)
            .map(|n| {
                let extra = if n <= 2 { repeated } else { "" };
                format!("第{n}页正文。\n{extra}\n{mark}\n第 {n} 页 共 5 页\n")
            })
            .collect();
        let p = line_breaks(&pages.join("\u{c}")).unwrap();
        assert!(!p.text.contains(mark), "{}", p.text);
        assert_eq!(p.text.matches(repeated).count(), 2, "{}", p.text);
        assert!(p.text.starts_with("第1页正文。"), "{}", p.text);
        let pages: Vec<String> = (1..=4)
            .map(|n| format!("{site}\n{}\n", ["甲。", "乙。", "丙。", "丁。"][n - 1]))
            .collect();
        let p = line_breaks(&pages.join("\u{c}")).unwrap();
        assert!(!p.text.contains(site), "{}", p.text);
        assert_eq!(p.removed, 4 * site.chars().count());
        // Two pages: only the breaks change.
        let two = "甲\n— 1 —\u{c}乙\n— 2 —";
        assert_eq!(line_breaks(two).unwrap().text, "甲\n— 1 —\n乙\n— 2 —");
    }
}
