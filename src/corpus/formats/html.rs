//! HTML pages and HTML fragments to report text.
//!
//! Reports arrive as saved web pages (`.html`, `.htm`, `.shtml`, `.xhtml`),
//! or as markup inside a text field (a scraped fragment, sometimes still in
//! the Python list repr it was printed as). This module decodes such pages
//! (declared charset, else detection), parses them with html5ever (through
//! `scraper`), drops site chrome (scripts, menus, headers, footers, share
//! bars, link lists), keeps the main content container when the page has a
//! clear one, and writes one paragraph per line.
//!
//! The tree is first flattened into a pre-order list (`Item`), so that every
//! later pass is a plain loop over indices: no recursion, whatever the depth.

use std::cmp::Reverse;
use std::iter::Peekable;
use std::str::Chars;
use std::sync::LazyLock;

use encoding_rs::{BIG5, EUC_JP, EUC_KR, Encoding, GB18030, GBK, SHIFT_JIS, UTF_8};
use memchr::{memchr, memchr_iter, memmem};
use regex::Regex;
use scraper::node::Element;
use scraper::{ElementRef, Html, Node};

use crate::corpus::decode::{Decoded, Undecodable, decode};
use crate::corpus::metadata::{count_han, is_han};

/// Text and title taken from an HTML page or fragment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HtmlText {
    /// The main content as plain text: one paragraph per line (block elements and `<br>` become line breaks), entities decoded.
    pub text: String,
    /// The report's title from `<title>` or `<h1>`, only when it names a report (contains 报告); the site-name part of a `<title>` such as `2024年政府工作报告_某某市人民政府` or `… - 某某网` is dropped.
    pub title: Option<String>,
    /// The page's publication date as its metadata gives it, as written:
    /// `<meta name="PubDate">` (the metadata Chinese government sites
    /// carry), `article:published_time`, `publishdate`, `dc.date` … (see
    /// [`PUBLISHED_META`]).
    pub published: Option<String>,
}

/// `<meta>` names (or `property`s) whose content is the page's publication
/// date, compared case-insensitively: government sites carry `PubDate`
/// (with `ArticleTitle`, `SiteName`, `ColumnName` …), news sites the
/// OpenGraph and Dublin Core ones.
pub const PUBLISHED_META: [&str; 8] = [
    "pubdate",
    "publishdate",
    "publish_date",
    "article:published_time",
    "og:release_date",
    "dc.date",
    "dc.date.issued",
    "dcterms.issued",
];

// ---------------------------------------------------------------------------
// Decoding
// ---------------------------------------------------------------------------

/// How far into a page a charset declaration is looked for.
const SNIFF_BYTES: usize = 4096;

/// Decode the bytes of an .html/.htm/.shtml/.xhtml file: a BOM wins; then a charset declared in the first 4096 bytes (`<meta charset="gb2312">`, `<meta http-equiv="Content-Type" content="text/html; charset=GBK">`, `<?xml … encoding="…"?>`), mapped with `encoding_rs::Encoding::for_label` (gb2312 → GBK etc.); a declared charset that the bytes contradict badly (e.g. declared UTF-8 but invalid UTF-8) falls back to detection; else `crate::corpus::decode::decode`.
///
/// Only UTF-8 and the multi-byte CJK encodings are trusted when declared: a
/// declared single-byte charset (`iso-8859-1`, `windows-1252`) on a Chinese
/// page is a server default, and detection reads such pages better.
pub fn decode_html(bytes: &[u8]) -> Result<Decoded<'_>, Undecodable> {
    if Encoding::for_bom(bytes).is_some() {
        return decode(bytes);
    }
    match declared_charset(bytes) {
        Some(declared) if trusted_declaration(declared) => decode_declared(bytes, declared),
        _ => decode(bytes),
    }
}

fn trusted_declaration(encoding: &'static Encoding) -> bool {
    [UTF_8, GBK, GB18030, BIG5, EUC_JP, SHIFT_JIS, EUC_KR].contains(&encoding)
}

/// Decode with a declared (trusted) encoding, falling back to detection when
/// the bytes disagree: valid non-ASCII UTF-8 is UTF-8 whatever the page says
/// (pages re-saved by scrapers keep their old `<meta>`), and more than 1 %
/// undecodable characters means the declaration is wrong.
fn decode_declared<'a>(
    bytes: &'a [u8],
    declared: &'static Encoding,
) -> Result<Decoded<'a>, Undecodable> {
    if declared == UTF_8 {
        return decode(bytes);
    }
    if std::str::from_utf8(bytes).is_ok_and(|t| !t.is_ascii()) {
        return decode(bytes);
    }
    let (text, had_errors) = declared.decode_without_bom_handling(bytes);
    let replaced = if had_errors {
        text.chars().filter(|&c| c == '\u{FFFD}').count()
    } else {
        0
    };
    let chars = text.chars().count().max(1);
    if replaced * 100 > chars || text.contains('\0') {
        return decode(bytes);
    }
    Ok(Decoded {
        text,
        encoding: declared.name(),
        had_bom: false,
        replaced,
        nuls: (0, 0),
        mixed: (0, 0),
    })
}

/// The charset declared by an XML declaration or a `<meta>` tag near the
/// start of the page.
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes[..bytes.len().min(SNIFF_BYTES)].to_ascii_lowercase();
    if let Some(encoding) = xml_declared_encoding(&head) {
        return Some(encoding);
    }
    memmem::find_iter(&head, b"<meta").find_map(|start| {
        let tag = &head[start..];
        let tag = &tag[..memchr(b'>', tag).unwrap_or(tag.len())];
        let at = memmem::find(tag, b"charset")?;
        label_after(&tag[at + b"charset".len()..])
    })
}

fn xml_declared_encoding(head: &[u8]) -> Option<&'static Encoding> {
    let head = head.trim_ascii_start();
    if !head.starts_with(b"<?xml") {
        return None;
    }
    let declaration = &head[..memmem::find(head, b"?>")?];
    let at = memmem::find(declaration, b"encoding")?;
    label_after(&declaration[at + b"encoding".len()..])
}

/// The encoding named after `charset` / `encoding`: `= "label"`, `='label'`
/// or `=label`.
fn label_after(rest: &[u8]) -> Option<&'static Encoding> {
    let rest = rest
        .trim_ascii_start()
        .strip_prefix(b"=")?
        .trim_ascii_start();
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|&b| matches!(b, b'"' | b'\'' | b';' | b'>' | b'/') || b.is_ascii_whitespace())
        .unwrap_or(rest.len());
    Encoding::for_label(&rest[..end])
}

// ---------------------------------------------------------------------------
// The flattened tree
// ---------------------------------------------------------------------------

/// A node of the parsed tree (`ego_tree::NodeRef<Node>`), named through
/// scraper since ego_tree is not a direct dependency.
type TreeNode<'a> = <ElementRef<'a> as std::ops::Deref>::Target;

/// What a flattened node is.
#[derive(Clone, Copy)]
enum Kind<'a> {
    /// The document or fragment root.
    Root,
    Element(&'a Element),
    Text(&'a str),
}

/// One node of the tree in pre-order: its descendants are the items
/// `index + 1 .. end`.
#[derive(Clone, Copy)]
struct Item<'a> {
    kind: Kind<'a>,
    parent: Option<usize>,
    end: usize,
}

impl<'a> Item<'a> {
    fn element(&self) -> Option<&'a Element> {
        match self.kind {
            Kind::Element(e) => Some(e),
            _ => None,
        }
    }

    fn is(&self, name: &str) -> bool {
        self.element().is_some_and(|e| e.name() == name)
    }
}

/// The tree as a pre-order list (comments, doctypes and processing
/// instructions left out). Iterative: deep nesting cannot overflow the stack.
fn flatten(html: &Html) -> Vec<Item<'_>> {
    let mut items: Vec<Item<'_>> = Vec::new();
    let mut open: Vec<(TreeNode<'_>, usize)> = Vec::new();
    for node in html.tree.root().descendants() {
        let parent = node.parent();
        while let Some(&(top, index)) = open.last() {
            if Some(top) == parent {
                break;
            }
            items[index].end = items.len();
            open.pop();
        }
        let kind = match node.value() {
            Node::Document | Node::Fragment => Kind::Root,
            Node::Element(e) => Kind::Element(e),
            Node::Text(t) => Kind::Text(&t.text),
            _ => continue,
        };
        let index = items.len();
        items.push(Item {
            kind,
            parent: open.last().map(|&(_, i)| i),
            end: index + 1,
        });
        if node.has_children() {
            open.push((node, index));
        }
    }
    for (_, index) in open {
        items[index].end = items.len();
    }
    items
}

/// For each item: whether it or one of its ancestors satisfies `own`.
fn propagate(items: &[Item<'_>], own: impl Fn(usize) -> bool) -> Vec<bool> {
    let mut out = vec![false; items.len()];
    for (i, item) in items.iter().enumerate() {
        out[i] = item.parent.is_some_and(|p| out[p]) || own(i);
    }
    out
}

/// Characters held by a subtree.
#[derive(Clone, Copy, Default)]
struct Counts {
    /// Han characters.
    han: usize,
    /// Non-space characters.
    chars: usize,
    /// Non-space characters inside links.
    link_chars: usize,
    /// `<a>` elements.
    links: usize,
}

/// Subtree counts, leaving out the `removed` items.
fn subtree_counts(items: &[Item<'_>], removed: &[bool], in_link: &[bool]) -> Vec<Counts> {
    let mut counts = vec![Counts::default(); items.len()];
    for (i, item) in items.iter().enumerate() {
        if removed[i] {
            continue;
        }
        match item.kind {
            Kind::Text(text) => {
                let chars = text.chars().filter(|c| !c.is_whitespace()).count();
                counts[i].han = count_han(text);
                counts[i].chars = chars;
                counts[i].link_chars = if in_link[i] { chars } else { 0 };
            }
            Kind::Element(e) if e.name() == "a" => counts[i].links = 1,
            _ => {}
        }
    }
    for i in (0..items.len()).rev() {
        if let (false, Some(p)) = (removed[i], items[i].parent) {
            let c = counts[i];
            let sum = &mut counts[p];
            sum.han += c.han;
            sum.chars += c.chars;
            sum.link_chars += c.link_chars;
            sum.links += c.links;
        }
    }
    counts
}

// ---------------------------------------------------------------------------
// What to drop, what to keep
// ---------------------------------------------------------------------------

/// The decision about one element (its subtree goes with it).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Keep,
    /// Never text: scripts, styles, form controls, the `<head>`.
    Hard,
    /// Site chrome: menus, footers, share bars, sidebars.
    Chrome,
    /// A header or top bar: kept when it sits inside the main container and
    /// is not mostly links (an article header with title and date).
    HeaderChrome,
    /// A block that is mostly links (a list of related pages).
    LinkList,
}

const HARD_TAGS: [&str; 23] = [
    "script", "style", "noscript", "template", "iframe", "frame", "button", "select", "input",
    "textarea", "svg", "canvas", "math", "head", "title", "meta", "link", "object", "embed",
    "video", "audio", "map", "marquee",
];

/// Words in an `id`/`class` that name site chrome.
const CHROME_WORDS: [&str; 24] = [
    "nav",
    "navbar",
    "navigation",
    "menu",
    "submenu",
    "breadcrumb",
    "breadcrumbs",
    "crumb",
    "crumbs",
    "footer",
    "foot",
    "bottom",
    "sidebar",
    "side",
    "share",
    "sharebar",
    "toolbar",
    "copyright",
    "login",
    "search",
    "comment",
    "comments",
    "related",
    "bshare",
];

/// Words in an `id`/`class` that name a header or top bar.
const HEADER_WORDS: [&str; 4] = ["header", "head", "top", "topbar"];

/// Substrings of an `id`/`class` that name a content container.
const CONTENT_HINTS: [&str; 6] = ["content", "article", "zoom", "trs_editor", "detail", "text"];

/// Elements whose subtree may be a link list.
const LINK_LIST_TAGS: [&str; 9] = [
    "div", "ul", "ol", "dl", "table", "tbody", "tr", "td", "section",
];

/// The chrome verdict of an element by tag, attributes and class words;
/// `Keep` when it is not chrome. The caller checks it is a minor part of the
/// page.
fn chrome_verdict(e: &Element) -> Verdict {
    match e.name() {
        "header" => return Verdict::HeaderChrome,
        "nav" | "footer" | "aside" | "form" => return Verdict::Chrome,
        _ => {}
    }
    let hidden_style = e.attr("style").is_some_and(|s| {
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        let s = s.to_ascii_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    });
    if e.attr("hidden").is_some() || hidden_style {
        return Verdict::Chrome;
    }
    let mut verdict = Verdict::Keep;
    for value in [e.id(), e.attr("class")].into_iter().flatten() {
        for word in attribute_words(value) {
            if CHROME_WORDS.contains(&word.as_str()) {
                return Verdict::Chrome;
            }
            if HEADER_WORDS.contains(&word.as_str()) {
                verdict = Verdict::HeaderChrome;
            }
        }
    }
    verdict
}

/// The lowercase words of an attribute value, split at punctuation, digits
/// and lower→upper case changes (`mainNav_2` → `main`, `nav`).
fn attribute_words(value: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut prev_lower = false;
    for c in value.chars() {
        let boundary = !c.is_ascii_alphabetic() || (prev_lower && c.is_ascii_uppercase());
        if boundary && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        if c.is_ascii_alphabetic() {
            word.push(c.to_ascii_lowercase());
        }
        prev_lower = c.is_ascii_lowercase();
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// Whether an element is marked as a heading or title: `<h3>`, bold text, or
/// a class or id with the word `title` (`title`, `articleTitle`, `news_title`).
fn marked_title(e: &Element) -> bool {
    matches!(e.name(), "h3" | "b" | "strong")
        || [e.id(), e.attr("class")]
            .into_iter()
            .flatten()
            .any(|v| attribute_words(v).iter().any(|w| w == "title"))
}

/// Whether an element may be the page's main content container.
fn is_content_candidate(e: &Element) -> bool {
    if matches!(e.name(), "article" | "main") {
        return true;
    }
    [e.id(), e.attr("class")]
        .into_iter()
        .flatten()
        .any(|value| {
            let value = value.to_ascii_lowercase();
            CONTENT_HINTS.iter().any(|hint| value.contains(hint))
        })
}

/// `part` is less than `num/den` of `total` (always true on a page without
/// Han text, where shares mean nothing).
fn minor(part: usize, total: usize, num: usize, den: usize) -> bool {
    total == 0 || part * den < total * num
}

/// The verdict for one item, given its subtree counts and the page's Han
/// total. Chrome is only chrome when it holds less than half the page's Han
/// text (a `<form>` or `class="top"` wrapping the whole page is kept); a link
/// list holds at least two links, ≥ 70 % link text and < 30 % of the page.
fn verdict(item: &Item<'_>, counts: &Counts, total_han: usize) -> Verdict {
    let Some(e) = item.element() else {
        return Verdict::Keep;
    };
    if HARD_TAGS.contains(&e.name()) {
        return Verdict::Hard;
    }
    let chrome = chrome_verdict(e);
    if chrome != Verdict::Keep && minor(counts.han, total_han, 1, 2) {
        return chrome;
    }
    let link_list = LINK_LIST_TAGS.contains(&e.name())
        && counts.links >= 2
        && counts.link_chars * 10 >= counts.chars * 7;
    if link_list && minor(counts.han, total_han, 3, 10) {
        return Verdict::LinkList;
    }
    Verdict::Keep
}

/// The main content container: the smallest candidate (`<article>`,
/// `<main>`, or an id/class naming content) that holds ≥ 60 % of the
/// remaining Han text and is less than half links. None: use the whole page.
fn choose_main(items: &[Item<'_>], removed: &[bool], counts: &[Counts]) -> Option<usize> {
    let total = counts.first()?.han;
    if total == 0 {
        return None;
    }
    items
        .iter()
        .enumerate()
        .filter(|&(i, item)| !removed[i] && item.element().is_some_and(is_content_candidate))
        .filter(|&(i, _)| {
            let c = &counts[i];
            c.han * 10 >= total * 6 && c.link_chars * 2 < c.chars
        })
        .min_by_key(|&(i, _)| (counts[i].han, Reverse(i)))
        .map(|(i, _)| i)
}

// ---------------------------------------------------------------------------
// HTML to text
// ---------------------------------------------------------------------------

/// Elements that start and end a paragraph.
const BLOCK_TAGS: [&str; 42] = [
    "html",
    "body",
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "caption",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "tr",
    "ul",
];

/// Marks a table-cell boundary inside a paragraph until it is normalised.
const CELL: char = '\u{E000}';

/// A page analysed: the flattened tree, a verdict per item, the main
/// container.
struct Page<'a> {
    items: Vec<Item<'a>>,
    verdicts: Vec<Verdict>,
    /// Subtree counts with only the hard drops left out.
    counts: Vec<Counts>,
    /// Items under a hard-dropped element.
    hard: Vec<bool>,
    main: Option<usize>,
}

impl<'a> Page<'a> {
    fn analyse(items: Vec<Item<'a>>, find_main: bool) -> Self {
        let hard = propagate(&items, |i| {
            items[i]
                .element()
                .is_some_and(|e| HARD_TAGS.contains(&e.name()))
        });
        let in_link = propagate(&items, |i| items[i].is("a"));
        let counts = subtree_counts(&items, &hard, &in_link);
        let total_han = counts.first().map_or(0, |c| c.han);
        let verdicts: Vec<Verdict> = items
            .iter()
            .zip(&counts)
            .map(|(item, c)| verdict(item, c, total_han))
            .collect();
        let removed = propagate(&items, |i| verdicts[i] != Verdict::Keep);
        let kept = subtree_counts(&items, &removed, &in_link);
        let main = if find_main {
            choose_main(&items, &removed, &kept)
        } else {
            None
        };
        Page {
            items,
            verdicts,
            counts,
            hard,
            main,
        }
    }

    /// Whether the text walk skips item `i` and its subtree.
    fn skipped(&self, i: usize) -> bool {
        match self.verdicts[i] {
            Verdict::Keep => false,
            Verdict::HeaderChrome => {
                let c = &self.counts[i];
                self.main.is_none() || c.link_chars * 2 >= c.chars
            }
            _ => true,
        }
    }

    /// The text of the main container (or the whole page), one paragraph per
    /// line.
    fn text(&self) -> String {
        let start = self.main.unwrap_or(0);
        let Some(end) = self.items.get(start).map(|item| item.end) else {
            return String::new();
        };
        let mut out = TextBuilder::default();
        let mut open: Vec<(usize, bool)> = Vec::new();
        let mut i = start;
        while i < end {
            while let Some(&(close_at, block)) = open.last() {
                if close_at > i {
                    break;
                }
                open.pop();
                if block {
                    out.flush();
                }
            }
            let item = &self.items[i];
            match item.kind {
                Kind::Text(text) => out.raw.push_str(text),
                Kind::Element(_) if self.skipped(i) => {
                    i = item.end;
                    continue;
                }
                Kind::Element(e) => {
                    let block = BLOCK_TAGS.contains(&e.name());
                    match e.name() {
                        "br" => out.flush(),
                        "td" | "th" => out.raw.push(CELL),
                        _ if block => out.flush(),
                        _ => {}
                    }
                    open.push((item.end, block));
                }
                Kind::Root => {}
            }
            i += 1;
        }
        out.finish()
    }

    /// The text inside item `i` as one line (`<br>` as a space), without
    /// hard-dropped parts unless `i` is itself one (a `<title>`).
    fn inline_text(&self, i: usize) -> String {
        let mut raw = String::new();
        let end = self.items.get(i).map_or(i, |item| item.end);
        for j in i + 1..end {
            if self.hard[j] && !self.hard[i] {
                continue;
            }
            match self.items[j].kind {
                Kind::Text(text) => raw.push_str(text),
                Kind::Element(e) if e.name() == "br" => raw.push(' '),
                _ => {}
            }
        }
        normalize_paragraph(&raw)
    }

    /// The report title: the 报告 part of `<title>`, else the first
    /// `<h1>`/`<h2>` naming a report, else the first element marked as a
    /// title (an `<h3>`, a class or id with the word `title`, bold text) that
    /// names a work report: old table-layout sites set the title in
    /// `<td class="title"><b>…</b></td>` and the page `<title>` to the site.
    fn title(&self) -> Option<String> {
        // The government-site metadata's own article title, when it names
        // a report.
        if let Some(t) = self.meta(&["articletitle"]).and_then(|t| report_part(&t)) {
            return Some(t);
        }
        let title_element = self.items.iter().position(|item| {
            item.element()
                .is_some_and(|e| e.name() == "title" && &*e.name.ns == HTML_NAMESPACE)
        });
        if let Some(title) =
            title_element.and_then(|i| report_part(&strip_tags(&self.inline_text(i))))
        {
            return Some(title);
        }
        (0..self.items.len())
            .filter(|&i| !self.hard[i] && (self.items[i].is("h1") || self.items[i].is("h2")))
            .find_map(|i| report_part(&self.inline_text(i)))
            .or_else(|| {
                (0..self.items.len())
                    .filter(|&i| !self.hard[i] && self.items[i].element().is_some_and(marked_title))
                    .find_map(|i| {
                        report_part(&self.inline_text(i))
                            .filter(|t| t.contains("工作报告") && t.chars().count() <= 60)
                    })
            })
            // A page that explains a report or tells the news of one
            // without naming one in its title (`李强总理记者会实录_中国政府网`,
            // `…会议隆重开幕`): its title's first part, so that the page is
            // told for what it is.
            .or_else(|| {
                let mut t = strip_tags(&self.inline_text(title_element?));
                for separator in TITLE_SEPARATORS {
                    t = t.replace(separator, "\u{1}");
                }
                let first = t.split('\u{1}').next()?.trim().to_string();
                (crate::corpus::quality::explains_a_report(&first)
                    || crate::corpus::quality::is_news_title(&first))
                .then_some(first)
            })
    }

    /// The publication stamp of an article page whose content container
    /// leaves it out (`<td class="info">2013-02-05 来源：某某日报 点击数：321</td>`
    /// above `<td class="content">`, as old table-layout sites have it):
    /// the last short element before the main container that holds a
    /// complete date and a stamp word (来源, 发布, 点击 …), never a site
    /// banner's `今天是…星期二`. `None` when there is no main container
    /// (the stamp is then in the text, where the cleaning rules find it).
    fn stamp(&self) -> Option<String> {
        self.last_above_main(|e| STAMP_TAGS.contains(&e.name()), is_stamp)
    }

    /// The title line holding the report's dateline that a main container
    /// leaves out (`<td class="bt">政府工作报告——2022年1月6日在…会议上</td>`
    /// above the content cell, as old table-layout sites set it): the last
    /// short element before the main container whose text holds a
    /// dateline. `None` when there is no main container.
    fn dateline_above(&self) -> Option<String> {
        self.last_above_main(
            |e| STAMP_TAGS.contains(&e.name()) || marked_title(e),
            |t| t.chars().count() <= 150 && crate::corpus::head::dateline(t).is_some(),
        )
    }

    /// The text (as one line) of the last element wholly before the main
    /// container, outside hard-dropped parts, that `element` accepts and
    /// whose text `text` accepts; `None` when there is no main container.
    fn last_above_main(
        &self,
        element: impl Fn(&Element) -> bool,
        text: impl Fn(&str) -> bool,
    ) -> Option<String> {
        let main = self.main?;
        (0..main)
            .rev()
            .filter(|&j| self.items[j].end <= main && !self.hard[j])
            .filter(|&j| self.items[j].element().is_some_and(&element))
            .map(|j| self.inline_text(j))
            .find(|t| text(t))
    }

    /// The content of the first `<meta>` whose `name` or `property` is one
    /// of `names` (lowercase), trimmed, if not empty.
    fn meta(&self, names: &[&str]) -> Option<String> {
        self.items.iter().filter_map(Item::element).find_map(|e| {
            if e.name() != "meta" {
                return None;
            }
            let key = e.attr("name").or_else(|| e.attr("property"))?;
            let key = key.trim().to_ascii_lowercase();
            names
                .contains(&key.as_str())
                .then(|| e.attr("content"))
                .flatten()
                .map(|c| c.trim().to_string())
                .filter(|c| !c.is_empty())
        })
    }
}

const HTML_NAMESPACE: &str = "http://www.w3.org/1999/xhtml";

/// Elements a publication stamp sits in.
const STAMP_TAGS: [&str; 9] = ["td", "th", "p", "div", "span", "li", "font", "h5", "h6"];

/// A publication stamp: one short line with a complete date (`2013-02-05`,
/// `2013年2月5日`) and a word of an article's stamp, and no banner words.
fn is_stamp(text: &str) -> bool {
    static DATE: std::sync::LazyLock<Option<regex::Regex>> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}").ok()
    });
    const WORDS: [&str; 8] = [
        "来源", "发布", "点击", "浏览", "作者", "阅读", "编辑", "时间",
    ];
    const BANNER: [&str; 3] = ["今天", "星期", "今日"];
    text.chars().count() <= 100
        && DATE.as_ref().is_some_and(|d| d.is_match(text))
        && WORDS.iter().any(|w| text.contains(w))
        && !BANNER.iter().any(|w| text.contains(w))
}

/// Separators between a page title's parts (the report, the site, the
/// section).
const TITLE_SEPARATORS: [&str; 8] = ["_", "|", "｜", " - ", " – ", " — ", "——", "--"];

/// Titles longer than this are a parse accident (an unclosed `<h1>`).
const MAX_TITLE_CHARS: usize = 200;

/// The first part of `title` that contains 报告.
fn report_part(title: &str) -> Option<String> {
    let mut title = title.to_string();
    for separator in TITLE_SEPARATORS {
        title = title.replace(separator, "\u{1}");
    }
    let parts: Vec<&str> = title
        .split('\u{1}')
        .map(|part| part.trim_matches(|c: char| c.is_whitespace()))
        .collect();
    let at = parts.iter().position(|part| part.contains("报告"))?;
    // A site's name glued on without a separator of the list
    // (`政府工作报告-示例县人民政府门户网站`, `…报告 示例县人民政府`,
    // `示例县人民政府信息公开2020年…报告`).
    let part = SITE_AFTER_TITLE.replace(parts[at], "");
    let part = SITE_GLUED_AFTER_TITLE.replace(&part, "报告");
    let part = SITE_BEFORE_TITLE.replace(&part, "");
    let part = if part.contains("报告") {
        part.into_owned()
    } else {
        parts[at].to_string()
    };
    // A page that explains the report says so in another part
    // (`一图读懂｜2017年示例县政府工作报告`): kept, so that the page is told
    // for what it is.
    let part = match parts[..at]
        .iter()
        .find(|p| crate::corpus::quality::explains_a_report(p))
    {
        Some(explainer) => format!("{explainer} {part}"),
        None => part,
    };
    (part.chars().count() <= MAX_TITLE_CHARS).then_some(part)
}

/// A site's name after a report's title, joined by a hyphen or a space.
static SITE_AFTER_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\s+|\s*-\s*)\p{Han}{2,20}?(?:人民政府|政府)(?:门户网站|网站|网)?$")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A site's name right after a report's title, the space between them
/// gone with the others between Han characters.
static SITE_GLUED_AFTER_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"报告\p{Han}{2,20}?(?:人民政府|政府)(?:门户网站|网站|网)$")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A site's name glued before a report's title (`示例县人民政府信息公开`).
static SITE_BEFORE_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\p{Han}{2,20}?人民政府(?:信息公开|门户网站|网站)(?:网|平台|专栏)?\s*")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// `text` without anything that looks like a tag (`<title>` is raw text:
/// markup inside it arrives as text).
fn strip_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        match rest[open..].find('>') {
            Some(close) => rest = &rest[open + close + 1..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    normalize_paragraph(&out)
}

/// Collects paragraphs.
#[derive(Default)]
struct TextBuilder {
    /// The current paragraph, whitespace as in the source.
    raw: String,
    /// The finished paragraphs, one per line.
    out: String,
}

impl TextBuilder {
    fn flush(&mut self) {
        if self.raw.is_empty() {
            return;
        }
        let paragraph = normalize_paragraph(&self.raw);
        self.raw.clear();
        if !paragraph.is_empty() {
            if !self.out.is_empty() {
                self.out.push('\n');
            }
            self.out.push_str(&paragraph);
        }
    }

    fn finish(mut self) -> String {
        self.flush();
        self.out
    }
}

/// Characters that carry no text (zero-width spaces and joiners, BOM, soft
/// hyphen).
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{AD}'
    )
}

/// CJK and full-width punctuation (and full-width forms).
fn is_cjk_punct(c: char) -> bool {
    matches!(c as u32,
        0x3001..=0x303F
        | 0xFF01..=0xFF65
        | 0xFE10..=0xFE1F
        | 0xFE30..=0xFE4F
        | 0x2014..=0x201F
        | 0x2026
        | 0x00B7)
}

/// Whether a space between `a` and `b` is a line-wrap artefact to remove:
/// next to CJK punctuation, between Han characters, or between a Han
/// character and a digit.
fn is_tight(a: char, b: char) -> bool {
    is_cjk_punct(a)
        || is_cjk_punct(b)
        || (is_han(a) && (is_han(b) || b.is_ascii_digit()))
        || (a.is_ascii_digit() && is_han(b))
}

/// One paragraph: whitespace runs to one space (none where [`is_tight`]),
/// trimmed, table-cell marks to one tab.
fn normalize_paragraph(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut last: Option<char> = None;
    let (mut space, mut cell) = (false, false);
    for c in raw.chars() {
        if c == CELL {
            cell = true;
        } else if c.is_whitespace() {
            space = true;
        } else if !is_invisible(c) {
            if let Some(prev) = last {
                if cell {
                    out.push('\t');
                } else if space && !is_tight(prev, c) {
                    out.push(' ');
                }
            }
            (space, cell) = (false, false);
            out.push(c);
            last = Some(c);
        }
    }
    out
}

/// Whether `html` is a whole page (parsed as a document) rather than a
/// fragment.
fn is_full_document(html: &str) -> bool {
    let head = html.as_bytes()[..html.len().min(2048)].to_ascii_lowercase();
    [
        b"<!doctype".as_slice(),
        b"<html",
        b"<head",
        b"<body",
        b"<?xml",
    ]
    .iter()
    .any(|needle| memmem::find(&head, needle).is_some())
}

/// The rows of the page's table of reports, when it has one: the first
/// `<table>` whose first row names the text field and another known field
/// (as [`super::FieldMap`] finds columns), that has data rows, and whose
/// text column holds at least half of the page's text. Row
/// numbers count the table's rows from 1 (the header). Nested tables are
/// kept apart; a cell's `<br>` and paragraphs become line breaks.
pub fn report_table(
    html: &str,
    cfg: &crate::corpus::config::FolderConfig,
) -> Option<Vec<(u32, Vec<String>)>> {
    let head = &html.as_bytes()[..html.len().min(1 << 20)];
    memmem::find(&head.to_ascii_lowercase(), b"<table")?;
    let doc = Html::parse_document(html);
    let tables = doc
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter(|e| e.value().name() == "table");
    for table in tables {
        let mut rows: Vec<(u32, Vec<String>)> = Vec::new();
        for tr in table
            .descendants()
            .filter_map(ElementRef::wrap)
            .filter(|e| e.value().name() == "tr")
        {
            // Rows of this table, not of a table inside one of its cells.
            let owner = tr
                .ancestors()
                .filter_map(ElementRef::wrap)
                .find(|e| e.value().name() == "table");
            if owner.map(|o| o.id()) != Some(table.id()) {
                continue;
            }
            let cells: Vec<String> = tr
                .children()
                .filter_map(ElementRef::wrap)
                .filter(|c| matches!(c.value().name(), "td" | "th"))
                .map(cell_text)
                .collect();
            if !cells.is_empty() {
                rows.push((rows.len() as u32 + 1, cells));
            }
        }
        let Some((_, header)) = rows.first() else {
            continue;
        };
        let map = super::FieldMap::resolve(cfg, header);
        let Some(col) = map
            .text
            .as_ref()
            .and_then(|t| header.iter().position(|h| h == t))
        else {
            continue;
        };
        if rows.len() < 2 || map.metadata().iter().all(|f| f.is_none()) {
            continue;
        }
        // The texts in the column hold most of the page's text: a report
        // page with a small table of its own (`项目 | 内容 | 时间`) is a page.
        let in_column: usize = rows[1..]
            .iter()
            .filter_map(|(_, r)| r.get(col))
            .map(|t| t.chars().count())
            .sum();
        let on_page: usize = doc
            .root_element()
            .text()
            .map(|t| t.trim().chars().count())
            .sum();
        if in_column * 2 >= on_page {
            return Some(rows);
        }
    }
    None
}

/// The text of a table cell: its text nodes, with a line break for each
/// `<br>` and between block elements (a report's paragraphs in one cell).
fn cell_text(cell: ElementRef<'_>) -> String {
    let mut out = String::new();
    for node in cell.descendants() {
        match node.value() {
            Node::Text(t) => out.push_str(t),
            Node::Element(e)
                if matches!(e.name(), "br" | "p" | "div" | "li")
                    && !out.is_empty()
                    && !out.ends_with('\n') =>
            {
                out.push('\n');
            }
            _ => {}
        }
    }
    out.trim().to_string()
}

/// Convert an HTML document or fragment to report text (see rules below).
///
/// Scripts, styles, form controls and hidden elements are dropped; so is site
/// chrome (menus, headers, footers, sidebars, share bars, link lists) unless
/// it holds most of the page's Han text. When a content container
/// (`<article>`, `<main>`, an id/class naming content) holds ≥ 60 % of the
/// remaining Han text, only the smallest such container is kept. Block
/// elements and `<br>` end lines; table cells are separated by a tab.
pub fn html_to_text(html: &str) -> HtmlText {
    convert(html, true)
}

/// [`html_to_text`], with or without the main-container rule (the items of
/// a scraped list were each chosen by the scraper: all are kept).
fn convert(html: &str, find_main: bool) -> HtmlText {
    let doc = if is_full_document(html) {
        Html::parse_document(html)
    } else {
        Html::parse_fragment(html)
    };
    let page = Page::analyse(flatten(&doc), find_main);
    let mut text = page.text();
    // A dateline above the content container, which the text's head lacks,
    // opens the text (where the head's reader finds it).
    if let Some(line) = page.dateline_above()
        && !text
            .lines()
            .take(crate::corpus::head::HEAD_LINES)
            .any(|l| crate::corpus::head::dateline(l).is_some())
    {
        text = format!("{line}\n{text}");
    }
    HtmlText {
        text,
        title: page.title(),
        published: page.meta(&PUBLISHED_META).or_else(|| page.stamp()),
    }
}

// ---------------------------------------------------------------------------
// Markup inside plain text
// ---------------------------------------------------------------------------

/// Tag names that mark a text as HTML.
const MARKUP_TAGS: [&str; 44] = [
    "p",
    "div",
    "br",
    "span",
    "a",
    "b",
    "i",
    "u",
    "em",
    "strong",
    "font",
    "table",
    "tbody",
    "tr",
    "td",
    "th",
    "ul",
    "ol",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "img",
    "center",
    "blockquote",
    "pre",
    "html",
    "head",
    "body",
    "title",
    "meta",
    "script",
    "style",
    "hr",
    "dd",
    "dt",
];

/// Whether the bytes after a `<` start a known HTML tag: `Some(closing)`.
fn html_tag_at(rest: &[u8]) -> Option<bool> {
    let (closing, rest) = match rest.split_first() {
        Some((b'/', tail)) => (true, tail),
        _ => (false, rest),
    };
    let len = rest
        .iter()
        .take(11)
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    if len == 0 || len > 10 {
        return None;
    }
    match rest.get(len) {
        Some(b'>' | b'/') => {}
        Some(b) if b.is_ascii_whitespace() => {}
        _ => return None,
    }
    let name = &rest[..len];
    MARKUP_TAGS
        .iter()
        .any(|tag| tag.as_bytes().eq_ignore_ascii_case(name))
        .then_some(closing)
}

/// `text` with its character references decoded (`&nbsp;`, `&ldquo;`,
/// `&permil;`, `&#8226;`, `&#x2022;`), for a plain text that holds some (a
/// scraped field with no tags); `None` when it holds none. Line breaks stay
/// as they are; `&` not starting a known reference stays too.
pub fn decode_entities(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let found = memchr_iter(b'&', bytes).any(|at| {
        let rest = &bytes[at + 1..];
        let len = rest
            .iter()
            .take(10)
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'#')
            .count();
        len >= 2 && rest.get(len) == Some(&b';')
    });
    if !found {
        return None;
    }
    let decoded = html_escape::decode_html_entities(text);
    (decoded != text).then(|| decoded.into_owned())
}

/// Whether the text is a saved page (a doctype or `<html>` near its start).
fn starts_like_page(text: &str) -> bool {
    let head = text.as_bytes()[..text.len().min(1024)].to_ascii_lowercase();
    memmem::find(&head, b"<!doctype html").is_some()
        || memmem::find(&head, b"<html>").is_some()
        || memmem::find(&head, b"<html ").is_some()
}

/// Whether the whole text is one piece of markup: starts with `<` and ends
/// with `>`, possibly inside a list repr (`['<p>…</p>']`).
fn is_wrapped(text: &str) -> bool {
    let edge = |c: char| c.is_whitespace() || matches!(c, '[' | ']' | '\'' | '"');
    let inner = text.trim_matches(edge);
    inner.starts_with('<') && inner.ends_with('>')
}

/// Whether a text that arrived as plain text (a .txt/.md body, a JSONL or CSV text field) is really markup that should go through `markup_to_text`: e.g. a whole saved page in a .txt, or a fragment like `[<div class="article"><h4>各位代表：</h4><p>现在，我代表市人民政府…</p><p>…</p></div>]` (a Python list repr of a scraped fragment). Plain report text that merely mentions `<` or has a stray `<br>` must return false. Must be cheap (it runs on every document: look at tag density, e.g. count of `<p`, `<div`, `</`, `<br` etc. relative to length, with a fast early exit when there is no '<' at all).
///
/// The rule: a doctype or `<html>` near the start; or at least four known
/// tags, two of them closing tags, and one tag per 2000 bytes; or a text
/// that is a single wrapped piece of markup with a closing tag.
pub fn looks_like_markup(text: &str) -> bool {
    let bytes = text.as_bytes();
    if memchr(b'<', bytes).is_none() {
        return false;
    }
    if starts_like_page(text) {
        return true;
    }
    let (mut tags, mut closes, mut breaks) = (0usize, 0usize, 0usize);
    for at in memchr_iter(b'<', bytes) {
        if let Some(closing) = html_tag_at(&bytes[at + 1..]) {
            tags += 1;
            closes += usize::from(closing);
            let name = bytes.get(at + 1..at + 3).unwrap_or_default();
            breaks += usize::from(!closing && name.eq_ignore_ascii_case(b"br"));
        }
    }
    // Lines joined with `<br>` and nothing else (a scraper's text field).
    if breaks >= 3 && breaks * 2000 >= bytes.len() {
        return true;
    }
    if closes == 0 {
        return false;
    }
    (tags >= 4 && closes >= 2 && tags * 2000 >= bytes.len()) || (tags >= 2 && is_wrapped(text))
}

/// A Python list repr, unwrapped.
enum ListRepr<'a> {
    /// Quoted items, unescaped.
    Quoted(Vec<String>),
    /// Unquoted items (the repr of a BeautifulSoup result set): the text
    /// between the brackets.
    Bare(&'a str),
}

/// The items of a Python list repr (`[…]`), or None when `text` is not one.
fn unwrap_list_repr(text: &str) -> Option<ListRepr<'_>> {
    let inner = text.trim().strip_prefix('[')?.strip_suffix(']')?;
    let body = inner.trim_start();
    let mut chars = body.chars();
    let quoted = matches!(
        (chars.next(), chars.next()),
        (Some('\'' | '"'), _) | (Some('u' | 'U' | 'r' | 'R' | 'b' | 'B'), Some('\'' | '"'))
    );
    if !quoted {
        return Some(ListRepr::Bare(inner));
    }
    Some(match parse_quoted_items(body) {
        Some(items) => ListRepr::Quoted(items),
        None => ListRepr::Bare(inner),
    })
}

/// Quoted Python strings separated by commas; None if one is unterminated or
/// something else sits between them.
fn parse_quoted_items(body: &str) -> Option<Vec<String>> {
    let mut items = Vec::new();
    let mut it = body.chars().peekable();
    loop {
        while it.next_if(|&c| c.is_whitespace() || c == ',').is_some() {}
        let Some(mut c) = it.next() else {
            return Some(items);
        };
        let raw = matches!(c, 'r' | 'R');
        if matches!(c, 'u' | 'U' | 'r' | 'R' | 'b' | 'B') {
            c = it.next()?;
        }
        if c != '\'' && c != '"' {
            return None;
        }
        items.push(read_python_string(&mut it, c, raw)?);
    }
}

/// The rest of a Python string literal opened by `quote`, unescaped.
fn read_python_string(it: &mut Peekable<Chars<'_>>, quote: char, raw: bool) -> Option<String> {
    let mut out = String::new();
    loop {
        let c = it.next()?;
        if c == quote {
            return Some(out);
        }
        if c != '\\' {
            out.push(c);
            continue;
        }
        let escaped = it.next()?;
        if raw {
            out.push('\\');
            out.push(escaped);
            continue;
        }
        match escaped {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'a' => out.push('\u{7}'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'v' => out.push('\u{b}'),
            '\\' | '\'' | '"' | '/' => out.push(escaped),
            '\n' => {}
            'x' => push_hex_escape(it, 2, "\\x", &mut out),
            'u' => push_hex_escape(it, 4, "\\u", &mut out),
            'U' => push_hex_escape(it, 8, "\\U", &mut out),
            other => {
                out.push('\\');
                out.push(other);
            }
        }
    }
}

/// `\xhh`, `\uhhhh`, `\Uhhhhhhhh`: the character, or the escape as written
/// when it is short or not a character.
fn push_hex_escape(it: &mut Peekable<Chars<'_>>, digits: usize, prefix: &str, out: &mut String) {
    let mut hex = String::new();
    while hex.len() < digits {
        match it.next_if(char::is_ascii_hexdigit) {
            Some(d) => hex.push(d),
            None => break,
        }
    }
    let decoded = (hex.len() == digits)
        .then(|| u32::from_str_radix(&hex, 16).ok())
        .flatten()
        .and_then(char::from_u32);
    match decoded {
        Some(c) => out.push(c),
        None => {
            out.push_str(prefix);
            out.push_str(&hex);
        }
    }
}

/// Convert a text for which `looks_like_markup` is true: unwrap a Python list repr (`[ … ]`, items possibly quoted with ' or " and separated by `, `, with Python escapes like \n, \', \xa0 inside quoted items), then `html_to_text`.
///
/// Quoted items become separate lines; the `, ` between unquoted items
/// (which would otherwise stand as lines of their own) is dropped. All items
/// of a list are kept (no main-container rule: the scraper chose them);
/// chrome inside them is still dropped.
pub fn markup_to_text(text: &str) -> HtmlText {
    match unwrap_list_repr(text) {
        Some(ListRepr::Quoted(items)) => convert(&items.join("<br>\n"), false),
        Some(ListRepr::Bare(inner)) => {
            let mut out = convert(inner, false);
            if out.text.lines().any(|line| line == ",") {
                out.text = out
                    .text
                    .lines()
                    .filter(|line| *line != ",")
                    .collect::<Vec<_>>()
                    .join("\n");
            }
            out
        }
        // Lines with a few inline tags in them (`<script>`, `<img>`,
        // `<span>`) and no block element: the line breaks are the text's
        // structure, which HTML would fold into spaces.
        None if !has_block_tags(text) && text.contains('\n') => {
            html_to_text(&text.replace('\n', "<br>\n"))
        }
        None => html_to_text(text),
    }
}

/// Whether `text` holds an opening or closing tag of a block element
/// ([`BLOCK_TAGS`]), a line break or a table cell.
fn has_block_tags(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr_iter(b'<', bytes).any(|at| {
        let rest = &bytes[at + 1..];
        let rest = rest.strip_prefix(b"/").unwrap_or(rest);
        let end = rest
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        let name = &rest[..end];
        let bounded = rest
            .get(end)
            .is_none_or(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'));
        bounded
            && !name.is_empty()
            && BLOCK_TAGS
                .iter()
                .chain(&["br", "td", "th"])
                .any(|t| t.as_bytes().eq_ignore_ascii_case(name))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_with_inline_tags_only_keep_their_line_breaks() {
        let text = "政府工作报告<script>alert(1)</script>\n——2019年1月5日在甲市第一届人民代表大会第二次会议上\n各位代表:\n我们要发展数字经济<img src=x onerror=alert(1)>。\n<span>第二段</span>继续。";
        assert!(looks_like_markup(text));
        assert!(!has_block_tags(text));
        assert_eq!(
            markup_to_text(text).text,
            "政府工作报告\n——2019年1月5日在甲市第一届人民代表大会第二次会议上\n各位代表:\n我们要发展数字经济。\n第二段继续。"
        );
        // With block elements, the elements decide (a line break inside a
        // paragraph is a space in HTML).
        assert!(
            has_block_tags("<P>甲</P>") && has_block_tags("a<br/>b") && has_block_tags("</div>")
        );
        assert!(!has_block_tags("<pre-x> <bold> <tdx>"));
    }

    #[test]
    fn a_dateline_above_the_content_container_opens_the_text() {
        let page = |head: &str, body: &str| {
            // Enough text in the content cell for it to be the main
            // container.
            let paragraphs =
                "<p>过去一年,经济平稳增长,民生持续改善,各项事业全面进步。</p>".repeat(6);
            format!(
                "<html><body><table><tr><td>首页 &gt;&gt; 政务公开</td></tr>\
                 <tr><td class=\"bt\">{head}</td></tr>\
                 <tr><td class=\"xx\">时间:2022-01-10 来源:县政府办</td></tr>\
                 <tr><td><div id=\"zoom\">{body}{paragraphs}</div></td></tr>\
                 </table></body></html>"
            )
        };
        let dated = "政府工作报告——2022年1月6日在示例县第十八届人民代表大会第一次会议上";
        let out = html_to_text(&page(dated, "<p>各位代表:</p>"));
        assert!(
            out.text.starts_with(&format!("{dated}\n各位代表:")),
            "{}",
            out.text
        );
        // Not twice when the content holds it, and nothing for a title
        // cell without one.
        let body = "<p>——2022年1月6日在示例县第十八届人民代表大会第一次会议上</p><p>各位代表:</p>";
        let out = html_to_text(&page(dated, body));
        assert!(out.text.starts_with("——2022年1月6日"), "{}", out.text);
        let out = html_to_text(&page("政府工作报告", "<p>各位代表:</p>"));
        assert!(out.text.starts_with("各位代表:"), "{}", out.text);
    }

    #[test]
    fn a_stamp_outside_the_content_container_is_the_publication_date() {
        let page = |stamp: &str| {
            format!(
                "<html><body><table><tr><td>今天是:2024年12月3日 星期二</td></tr>\
                 <tr><td class=\"info\">{stamp}</td></tr>\
                 <tr><td class=\"content\"><p>各位代表:</p><p>我代表市人民政府,向大会报告工作。</p>\
                 <p>过去一年,经济平稳增长,民生持续改善。</p></td></tr></table></body></html>"
            )
        };
        let out = html_to_text(&page("2013-02-05 来源:示例日报 点击数:321"));
        // As one line (spaces between Han and digits go).
        assert_eq!(
            out.published.as_deref(),
            Some("2013-02-05来源:示例日报点击数:321")
        );
        assert!(out.text.starts_with("各位代表:"), "{}", out.text);
        let out = html_to_text(&page("发布时间:2013年2月5日"));
        assert_eq!(out.published.as_deref(), Some("发布时间:2013年2月5日"));
        // No stamp word, or only the banner's date: none.
        assert_eq!(html_to_text(&page("2013-02-05")).published, None);
        assert_eq!(html_to_text(&page("示例日报")).published, None);
        // Metadata wins over a stamp.
        let with_meta = page("2013-02-05 来源:示例日报").replace(
            "<html>",
            "<html><head><meta name=\"PubDate\" content=\"2013-02-06\"></head>",
        );
        assert_eq!(
            html_to_text(&with_meta).published.as_deref(),
            Some("2013-02-06")
        );
        assert!(is_stamp("2013年2月5日 来源:示例日报"));
        assert!(!is_stamp("今天是2013年2月5日 星期二 发布"));
    }

    #[test]
    fn government_site_metadata_gives_title_and_publication_date() {
        let page = "<html><head><title>首页_示例市人民政府</title>\
            <meta name=\"SiteName\" content=\"示例市人民政府\">\
            <meta name=\"ArticleTitle\" content=\"2019年示例市政府工作报告\">\
            <meta name=\"PubDate\" content=\" 2019-03-16 08:00 \"></head>\
            <body><p>各位代表:</p><p>正文。</p></body></html>";
        let out = html_to_text(page);
        assert_eq!(out.title.as_deref(), Some("2019年示例市政府工作报告"));
        assert_eq!(out.published.as_deref(), Some("2019-03-16 08:00"));
        // OpenGraph's property, any case; an article title that names no
        // report leaves the title to the page's own.
        let page = "<html><head><title>2018年示例县政府工作报告</title>\
            <meta property=\"Article:Published_Time\" content=\"2018-02-01T09:00:00+08:00\">\
            <meta name=\"ArticleTitle\" content=\"首页\"></head><body><p>正文。</p></body></html>";
        let out = html_to_text(page);
        assert_eq!(out.title.as_deref(), Some("2018年示例县政府工作报告"));
        assert_eq!(out.published.as_deref(), Some("2018-02-01T09:00:00+08:00"));
        assert_eq!(html_to_text("<p>正文。</p>").published, None);
    }

    const REPORT: &str = "<html><head><title>2024年示例市政府工作报告</title></head><body>\
        <h4>各位代表：</h4><p>现在，我代表市人民政府，向大会报告政府工作，请予审议。</p>\
        <p>过去一年，全市地区生产总值增长5.6%。</p></body></html>";

    fn page_in(declaration: &str) -> String {
        format!(
            "<!DOCTYPE html><html><head>{declaration}<title>2024年示例市政府工作报告</title></head>\
             <body><p>现在，我代表市人民政府，向大会报告政府工作，请予审议。</p></body></html>"
        )
    }

    #[test]
    fn gbk_pages_decode_by_declaration_and_by_detection() {
        for declaration in [
            r#"<meta charset="gb2312">"#,
            r#"<meta http-equiv="Content-Type" content="text/html; charset=GBK" />"#,
            "",
        ] {
            let page = page_in(declaration);
            let (bytes, _, _) = encoding_rs::GBK.encode(&page);
            assert!(std::str::from_utf8(&bytes).is_err());
            let decoded = decode_html(&bytes).unwrap();
            assert_eq!(decoded.text, page, "{declaration}");
            assert!(!decoded.had_bom);
            assert_eq!(decoded.replaced, 0);
            if declaration.is_empty() {
                assert!(["GBK", "gb18030"].contains(&decoded.encoding));
            } else {
                assert_eq!(decoded.encoding, "GBK");
            }
        }
    }

    #[test]
    fn declarations_the_bytes_contradict_fall_back() {
        // Declared UTF-8, stored as GBK: detection.
        let page = page_in(r#"<meta charset="utf-8">"#);
        let (gbk, _, _) = encoding_rs::GBK.encode(&page);
        assert_eq!(decode_html(&gbk).unwrap().text, page);
        // Declared gb2312, re-saved as UTF-8: UTF-8.
        let page = page_in(r#"<meta charset='gb2312'>"#);
        let d = decode_html(page.as_bytes()).unwrap();
        assert_eq!((d.text.as_ref(), d.encoding), (page.as_str(), "UTF-8"));
        // An XML declaration, and a BOM that wins over it.
        let xhtml = format!("<?xml version=\"1.0\" encoding=\"GB2312\"?>{REPORT}");
        let (bytes, _, _) = encoding_rs::GBK.encode(&xhtml);
        assert_eq!(decode_html(&bytes).unwrap().encoding, "GBK");
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(xhtml.as_bytes());
        let d = decode_html(&bom).unwrap();
        assert_eq!((d.text.as_ref(), d.had_bom), (xhtml.as_str(), true));
    }

    const CHROME_PAGE: &str = r##"<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>2024年示例市政府工作报告_示例市人民政府</title>
<script>var tip = "<p>脚本里的文字</p>";</script><style>.a { color: red }</style></head>
<body>
<div class="header"><div class="top-links"><a href="#">长者模式</a> | <a href="#">繁體中文</a> | <a href="#">EN</a> | <a href="#">无障碍</a></div>
<div class="logo">示例市人民政府</div></div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zw">政务公开</a></li><li><a href="/fw">政务服务</a></li></ul>
<div class="main-wrap">
<div class="sidebar"><h3>相关栏目</h3><ul><li><a href="#">政府工作报告</a></li><li><a href="#">政策解读</a></li></ul></div>
<div class="article-content">
<h1>2024年政府工作报告</h1>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></div>
<h4>各位代表：</h4>
<p>&nbsp;&nbsp;现在，我代表市人民政府，向大会报告政府工作，请予审议，并请市政协委员和其他列席人员提出意见。</p>
<p>一、2023年工作回顾<br>过去一年，全市地区生产总值增长
   5.6%，一般公共预算收入达到
   120.5亿元。</p>
<p>我们坚持&ldquo;项目为王&rdquo;，推进 Smart   City 建设，新开工重大项目一百二十个。</p>
<table><tr><th>指标</th><th>目标</th></tr><tr><td>地区生产总值增长</td>
<td>6%左右</td></tr></table>
<p>　　各位代表，新的征程催人奋进，让我们共同努力，奋力谱写示例市高质量发展新篇章！</p>
</div></div>
<div class="footer"><p>版权所有：示例市人民政府办公室</p><p>网站标识码：1234567890 京ICP备12345678号</p></div>
<script>document.write("统计代码");</script>
</body></html>"##;

    #[test]
    fn full_page_keeps_the_article_and_drops_chrome() {
        let out = html_to_text(CHROME_PAGE);
        let expected = "2024年政府工作报告\n\
            各位代表：\n\
            现在，我代表市人民政府，向大会报告政府工作，请予审议，并请市政协委员和其他列席人员提出意见。\n\
            一、2023年工作回顾\n\
            过去一年，全市地区生产总值增长5.6%，一般公共预算收入达到120.5亿元。\n\
            我们坚持“项目为王”，推进 Smart City 建设，新开工重大项目一百二十个。\n\
            指标\t目标\n\
            地区生产总值增长\t6%左右\n\
            各位代表，新的征程催人奋进，让我们共同努力，奋力谱写示例市高质量发展新篇章！";
        assert_eq!(out.text, expected);
        assert_eq!(out.title.as_deref(), Some("2024年示例市政府工作报告"));
    }

    #[test]
    fn page_without_a_content_container_keeps_the_body_minus_chrome() {
        let page = r#"<html><body><table><tr>
            <td><a href="/a">首页</a><br><a href="/b">机构设置</a><br><a href="/c">政策文件</a></td>
            <td><h2>示例县2023年政府工作报告</h2><p>各位代表：</p>
            <p>现在，我代表县人民政府向大会报告工作。</p>
            <p style="display: none">隐藏的文字</p><p hidden>也是隐藏的</p></td></tr></table>
            <footer>版权所有 示例县人民政府</footer></body></html>"#;
        let out = html_to_text(page);
        assert_eq!(
            out.text,
            "示例县2023年政府工作报告\n各位代表：\n现在，我代表县人民政府向大会报告工作。"
        );
        assert_eq!(out.title.as_deref(), Some("示例县2023年政府工作报告"));
    }

    #[test]
    fn article_header_in_the_content_and_a_page_wide_top_are_kept() {
        let page = "<div class=\"top\"><div id=\"zoom\"><div class=\"article-head\">\
            <h1>2022年政府工作报告</h1><span>发布时间：2022-01-10</span></div>\
            <p>各位代表：过去一年，我们统筹推进各项工作，经济运行稳中向好，民生保障有力有效。</p>\
            <p>今年工作的总体要求是，坚持稳中求进工作总基调，推动高质量发展。</p></div></div>";
        let out = html_to_text(page);
        assert_eq!(
            out.text,
            "2022年政府工作报告\n发布时间：2022-01-10\n\
             各位代表：过去一年，我们统筹推进各项工作，经济运行稳中向好，民生保障有力有效。\n\
             今年工作的总体要求是，坚持稳中求进工作总基调，推动高质量发展。"
        );
    }

    #[test]
    fn a_form_wrapping_the_whole_page_is_kept() {
        let page = "<html><body><form id=\"form1\" action=\"x.aspx\">\
            <div id=\"menu\"><a href=\"/\">首页</a><a href=\"/a\">公开</a></div>\
            <input type=\"text\" value=\"请输入关键词\"><button>搜索</button>\
            <p>各位代表：现在，我代表区人民政府向大会报告工作。</p></form></body></html>";
        assert_eq!(
            html_to_text(page).text,
            "各位代表：现在，我代表区人民政府向大会报告工作。"
        );
    }

    #[test]
    fn title_drops_the_site_name() {
        let title = |t: &str| {
            html_to_text(&format!(
                "<html><head><title>{t}</title></head><body><p>正文</p></body></html>"
            ))
            .title
        };
        assert_eq!(
            title("2023年政府工作报告_示例市人民政府门户网站").as_deref(),
            Some("2023年政府工作报告")
        );
        assert_eq!(
            title("示例网 | 政府工作报告——2023年1月5日在示例市人民代表大会上").as_deref(),
            Some("政府工作报告")
        );
        assert_eq!(
            title("2023年示例区政府工作报告 - 示例网").as_deref(),
            Some("2023年示例区政府工作报告")
        );
        assert_eq!(
            title("<b>2021年政府工作报告</b>").as_deref(),
            Some("2021年政府工作报告")
        );
        assert_eq!(title("示例市人民政府门户网站"), None);
        assert_eq!(html_to_text("<p>没有标题</p>").title, None);
        // A page that explains a report without naming one: its title, so
        // that it is told for what it is.
        assert_eq!(
            title("总理记者会实录_中国政府网").as_deref(),
            Some("总理记者会实录")
        );
        assert_eq!(title("新闻发布会_中国政府网"), None);
        // A site's name joined by a bare hyphen or a space, or glued before.
        for t in [
            "政府工作报告-示例县人民政府门户网站",
            "政府工作报告 示例县人民政府门户网站",
            "政府工作报告 - 示例县人民政府",
            "示例县人民政府信息公开政府工作报告",
        ] {
            assert_eq!(title(t).as_deref(), Some("政府工作报告"), "{t}");
        }
        // A title that names the government stays whole.
        assert_eq!(
            title("示例县人民政府2020年政府工作报告").as_deref(),
            Some("示例县人民政府2020年政府工作报告")
        );
        // An infographic's word in another part stays with the title.
        assert_eq!(
            title("一图读懂｜2017年示例县政府工作报告").as_deref(),
            Some("一图读懂 2017年示例县政府工作报告")
        );
    }

    #[test]
    fn title_from_an_element_marked_as_one() {
        // An old table-layout page: <title> names the site, the report's
        // title is bold text in a cell of class "title".
        let page = |cell: &str| {
            html_to_text(&format!(
                "<html><head><title>示例市人民政府门户网站</title></head><body><table>\
                 <tr><td><a href=\"/\">首页</a></td></tr><tr><td>{cell}</td></tr>\
                 <tr><td class=\"content\"><p>各位代表:</p><p>现在,我代表市人民政府向大会报告工作。</p></td></tr>\
                 </table></body></html>"
            ))
            .title
        };
        let want = Some("2009年示例市政府工作报告".to_string());
        assert_eq!(page("<b>2009年示例市政府工作报告</b>"), want);
        assert_eq!(
            page("<span class=\"articleTitle\">2009年示例市政府工作报告</span>"),
            want
        );
        assert_eq!(page("<h3>2009年示例市政府工作报告</h3>"), want);
        // Bold text that is no title, and a marked title that names no work report.
        assert_eq!(page("<b>市政府召开常务会议听取审计报告</b>"), None);
        assert_eq!(page("<div class=\"title\">通知公告</div>"), None);
    }

    #[test]
    fn whitespace_between_han_goes_between_latin_stays() {
        let out = html_to_text(
            "<p>\n  示例市\n    人民政府\n  2024 年，推进  Green \t Energy\n Plan 。</p>\
             <div>\u{3000}第二段\u{a0}</div><p> </p><p>\u{200B}</p>",
        );
        assert_eq!(
            out.text,
            "示例市人民政府2024年，推进 Green Energy Plan。\n第二段"
        );
        assert_eq!(normalize_paragraph("  a  b\u{3000}c "), "a b c");
        assert_eq!(normalize_paragraph("市 ， 区 “ 好 ” 1 2"), "市，区“好”1 2");
    }

    const LIST_FRAGMENT: &str = "[<div class=\"article\"><h4>各位代表：</h4><p>现在，我代表市人民政府，向大会报告政府工作。</p><p>请予审议。</p></div>, <div><p>第二项内容</p></div>]";

    #[test]
    fn markup_is_recognised() {
        assert!(looks_like_markup(LIST_FRAGMENT));
        assert!(looks_like_markup(CHROME_PAGE));
        assert!(looks_like_markup(
            "<p>现在，我代表市人民政府，向大会报告政府工作。</p><p>请予审议。</p>"
        ));
        assert!(looks_like_markup("['<p>各位代表：</p>']"));
        let long = "现在，我代表市人民政府，向大会报告政府工作。".repeat(200);
        let mut paragraphs = String::new();
        for _ in 0..20 {
            paragraphs.push_str(&format!("<p>{}</p>\n", &long[..600]));
        }
        assert!(looks_like_markup(&paragraphs));
    }

    #[test]
    fn plain_text_is_not_markup() {
        let long = "现在，我代表市人民政府，向大会报告政府工作。\n".repeat(200);
        assert!(!looks_like_markup(&long));
        assert!(!looks_like_markup(
            "若 a < b，则取较小值。当 x<y 时也一样。"
        ));
        assert!(!looks_like_markup(
            "认真贯彻<<中华人民共和国宪法>>和<<地方组织法>>。"
        ));
        assert!(!looks_like_markup(&format!("{long}第二段<br>第三段{long}")));
        assert!(!looks_like_markup(&format!(
            "{long}<p>一</p>{long}<p>二</p>{long}"
        )));
        assert!(!looks_like_markup(""));
    }

    #[test]
    fn python_list_repr_is_unwrapped() {
        let repr = r#"['<h4>各位代表：</h4>\n<p>\xa0\xa0现在，我代表市人民政府，\n    向大会报告政府工作。</p>', "<p>推进'一网通办'改革，it\'s a plan。</p>", '<p>\u4e2d\u56fd\\式</p>']"#;
        let out = markup_to_text(repr);
        assert_eq!(
            out.text,
            "各位代表：\n现在，我代表市人民政府，向大会报告政府工作。\n\
             推进'一网通办'改革，it's a plan。\n中国\\式"
        );
        assert!(!out.text.contains(['[', ']', '<', '"']));
        assert!(!out.text.starts_with('\'') && !out.text.ends_with('\''));

        let bare = markup_to_text(LIST_FRAGMENT);
        assert_eq!(
            bare.text,
            "各位代表：\n现在，我代表市人民政府，向大会报告政府工作。\n请予审议。\n第二项内容"
        );
        assert_eq!(markup_to_text("<p>甲</p><p>乙</p>").text, "甲\n乙");
        // An unterminated quoted item: treated as bare markup, no panic.
        let broken = markup_to_text("['<p>未完</p>");
        assert!(!broken.text.contains('<'));
    }

    /// A small deterministic generator (xorshift) for the robustness tests.
    fn pseudo_random(seed: &mut u64) -> u64 {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        *seed
    }

    #[test]
    fn garbage_and_broken_markup_do_not_panic() {
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        for len in [0usize, 1, 7, 64, 500, 4096] {
            let bytes: Vec<u8> = (0..len).map(|_| pseudo_random(&mut seed) as u8).collect();
            let _ = decode_html(&bytes);
            let text = String::from_utf8_lossy(&bytes);
            let _ = html_to_text(&text);
            let _ = looks_like_markup(&text);
            let _ = markup_to_text(&text);
        }
        let pieces = [
            "<div", "<p>", "</p>", "<", ">", "报告", "&nbsp", "&#x", "['", "\\x", "<br/>", "<td>",
            "<title>", "\"", "<!--", "[", "]", " ",
        ];
        for _ in 0..300 {
            let soup: String = (0..40)
                .map(|_| pieces[pseudo_random(&mut seed) as usize % pieces.len()])
                .collect();
            let _ = html_to_text(&soup);
            let _ = markup_to_text(&soup);
            let _ = looks_like_markup(&soup);
        }
        assert_eq!(html_to_text("<div><p>未闭合").text, "未闭合");
        assert_eq!(html_to_text("</p></p><<>>").text, "<<>>");
        let _ = markup_to_text("['\\x");
        let _ = markup_to_text("[\"\\u12");
        let _ = decode_html(b"<meta charset=");
        let _ = decode_html(b"<?xml encoding='");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let depth = 10_000;
        let html = format!(
            "{}深处的文字{}",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        assert_eq!(html_to_text(&html).text, "深处的文字");
        let unclosed = format!(
            "<html><body>{}报告",
            "<div class=\"content\">".repeat(depth)
        );
        assert_eq!(html_to_text(&unclosed).text, "报告");
    }

    #[test]
    fn a_one_megabyte_page_converts() {
        let paragraph =
            "<p>我们坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，加快构建新发展格局。</p>\n";
        let mut page = String::from(
            "<!DOCTYPE html><html><head><title>示例市政府工作报告</title></head><body><div class=\"article\">",
        );
        while page.len() < 1_000_000 {
            page.push_str(paragraph);
        }
        page.push_str("</div></body></html>");
        let out = html_to_text(&page);
        let lines = out.text.lines().count();
        assert_eq!(lines, page.matches("<p>").count());
        assert!(
            out.text
                .lines()
                .all(|l| l.starts_with("我们坚持") && l.ends_with("格局。"))
        );
        assert!(looks_like_markup(&page));
    }
}
