//! Reading the text layer of PDF reports as clean report text.
//!
//! [`pdf_text`] loads a PDF with `lopdf` and runs `pdf-extract`'s content
//! stream interpreter page by page with our own output device, which records
//! every glyph with its position and size (fonts, encodings and ToUnicode
//! maps are pdf-extract's). Glyphs become lines by baseline, and the lines
//! become paragraphs by these rules, each a small function below:
//!
//! 1. CJK through ToUnicode maps (pdf-extract); compatibility radicals that
//!    some converters map to (`⽣` U+2F63) are folded to the ideograph (`生`).
//! 2. Running page numbers (`- 20 -`, `第3页 共10页`, `3/20`, `Page 3`…) among
//!    the first or last two lines of a page are dropped (`is_page_number`).
//! 3. Running headers and footers, lines that recur among the first or last
//!    two lines of at least half of the pages (and of three pages or more),
//!    are dropped; on page 1 such a line is kept when it is set in another
//!    size or place than its repeats (a title, not the running header).
//! 4. Hard line breaks inside paragraphs are joined, also over page breaks;
//!    a paragraph ends at sentence-final punctuation, before a heading or list
//!    item, after a line clearly shorter than a full line, or at a change of
//!    font size (see `Flow::continues`).
//! 5. Spaces between Han characters, or between Han and digits or CJK
//!    punctuation, are removed; spaces between Latin words stay.
//! 6. PDF-converter evaluation banners (Spire, Aspose) are removed.
//!
//! Image XObjects are blanked before interpretation (pdf-extract would run
//! their pixels as a content stream), so scans come out as
//! [`PdfProblem::NoTextLayer`]. Every library call runs under
//! `catch_unwind`: these libraries panic on some malformed files. Both log
//! through the `log` crate only, which prints nothing unless a logger is set.
//! Limits: one text column per page is assumed (lines are ordered by height,
//! then left to right). Form XObjects that draw themselves (directly or in a
//! loop), or nest deeper than [`MAX_FORM_DEPTH`], make a file invalid: the
//! library would recurse until the stack overflows. The library runs on a
//! thread of its own with a large stack, for deeply nested objects.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::LazyLock;

use pdf_extract::{Document, MediaBox, Object, OutputDev, OutputError, Transform};
use regex::Regex;
use unicode_normalization::UnicodeNormalization;

/// The text layer of a PDF.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PdfText {
    /// The text in reading order, one paragraph per line (see the clean-up rules).
    pub text: String,
    /// Number of pages.
    pub pages: usize,
    /// The Info dictionary's Title, when set, non-empty and not a file name like `Microsoft Word - x.docx`.
    pub title: Option<String>,
    /// The Info dictionary's CreationDate as `YYYY-MM-DD`, when parseable (`D:20230105…`).
    pub created: Option<String>,
}

/// Why a PDF gave no text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PdfProblem {
    /// Pages but no (or almost no: < 20 non-space characters per 10 pages) extractable text: a scan. The loader will warn "no text layer: OCR it first".
    NoTextLayer {
        /// Number of pages.
        pages: usize,
    },
    /// Encrypted with a password we do not have.
    Encrypted,
    /// Not a readable PDF (the sentence says why).
    Invalid(String),
}

/// Extract and clean the text layer of `bytes`.
pub fn pdf_text(bytes: &[u8]) -> Result<PdfText, PdfProblem> {
    let raw = on_big_stack(|| guarded(|| read_pdf(bytes)))?;
    let pages = raw.pages.len();
    if pages == 0 {
        return Err(PdfProblem::Invalid("the PDF has no pages".to_string()));
    }
    let text = clean_pages(raw.pages);
    // Counted after clean-up, so that page numbers or converter banners on
    // scanned pages do not count: fewer than 20 characters per 10 pages.
    let visible = text.chars().filter(|c| !c.is_whitespace()).count();
    if visible * 10 < 20 * pages {
        return Err(PdfProblem::NoTextLayer { pages });
    }
    Ok(PdfText {
        text,
        pages,
        title: raw.title,
        created: raw.created,
    })
}

/// Stack of the thread the PDF library runs on: its parser and interpreter
/// recurse into nested objects.
const PDF_STACK: usize = 256 << 20;

/// Runs `f` on a thread with a [`PDF_STACK`] stack (reserved, not used,
/// unless a file nests that deep).
fn on_big_stack<T: Send>(
    f: impl FnOnce() -> Result<T, PdfProblem> + Send,
) -> Result<T, PdfProblem> {
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name("pdf".into())
            .stack_size(PDF_STACK)
            .spawn_scoped(scope, f);
        match handle {
            Ok(h) => h
                .join()
                .unwrap_or_else(|_| Err(PdfProblem::Invalid("the PDF reader failed".into()))),
            Err(e) => Err(PdfProblem::Invalid(format!(
                "cannot start the PDF reader: {e}"
            ))),
        }
    })
}

/// Runs `f`, turning a panic into [`PdfProblem::Invalid`].
fn guarded<T>(f: impl FnOnce() -> Result<T, PdfProblem>) -> Result<T, PdfProblem> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(result) => result,
        Err(payload) => {
            let why = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            // Some messages dump whole PDF dictionaries.
            let why: String = why.chars().take(200).collect();
            Err(PdfProblem::Invalid(format!(
                "the PDF library failed on this file: {why}"
            )))
        }
    }
}

// ---------------------------------------------------------------------------
// Reading: document, metadata, glyphs, lines.
// ---------------------------------------------------------------------------

/// What the library gives, before clean-up.
struct RawPdf {
    pages: Vec<Vec<Line>>,
    title: Option<String>,
    created: Option<String>,
}

/// One visual line of a page.
#[derive(Debug, Clone, PartialEq)]
struct Line {
    text: String,
    /// Left edge of the first visible glyph.
    x0: f64,
    /// Right edge of the last glyph.
    x1: f64,
    /// Baseline (PDF units, upwards).
    y: f64,
    /// Largest font size on the line (PDF units).
    size: f64,
}

fn read_pdf(bytes: &[u8]) -> Result<RawPdf, PdfProblem> {
    let head = &bytes[..bytes.len().min(1024)];
    if memchr::memmem::find(head, b"%PDF-").is_none() {
        return Err(PdfProblem::Invalid(
            "not a PDF (no %PDF- header in the first 1 KB)".to_string(),
        ));
    }
    let mut doc = Document::load_mem(bytes).map_err(load_problem)?;
    if doc.is_encrypted() {
        // lopdf opens files whose user password is empty by itself.
        return Err(PdfProblem::Encrypted);
    }
    blank_images(&mut doc);
    if let Some(why) = form_loops(&doc) {
        return Err(PdfProblem::Invalid(why));
    }
    let info = info_dict(&doc);
    let title = info
        .and_then(|d| info_text(&doc, d, b"Title"))
        .and_then(|t| usable_title(&t));
    let created = info
        .and_then(|d| info_text(&doc, d, b"CreationDate"))
        .and_then(|d| pdf_date(&d));
    let numbers: Vec<u32> = doc.get_pages().keys().copied().collect();
    let mut pages = Vec::with_capacity(numbers.len());
    for number in numbers {
        let mut glyphs = GlyphCollector::default();
        pdf_extract::output_doc_page(&doc, &mut glyphs, number)
            .map_err(|e| PdfProblem::Invalid(format!("page {number} cannot be read: {e}")))?;
        pages.push(lines_of(glyphs.glyphs));
    }
    Ok(RawPdf {
        pages,
        title,
        created,
    })
}

fn load_problem(e: pdf_extract::Error) -> PdfProblem {
    use pdf_extract::Error as E;
    match e {
        E::Decryption(_) | E::InvalidPassword | E::UnsupportedSecurityHandler(_) => {
            PdfProblem::Encrypted
        }
        other => PdfProblem::Invalid(format!("not a readable PDF: {other}")),
    }
}

/// Empties image streams and turns them into empty forms: pdf-extract runs
/// every `Do` target as a content stream, pixels included.
fn blank_images(doc: &mut Document) {
    for object in doc.objects.values_mut() {
        if let Object::Stream(stream) = object {
            let is_image = stream
                .dict
                .get(b"Subtype")
                .and_then(Object::as_name)
                .is_ok_and(|n| n == b"Image");
            if is_image {
                stream.dict.remove(b"Filter");
                stream.dict.remove(b"DecodeParms");
                stream.dict.set("Subtype", Object::Name(b"Form".to_vec()));
                stream.set_content(Vec::new());
            }
        }
    }
}

/// A PDF object's number and generation.
type ObjectId = (u32, u16);

/// Form XObjects drawn inside one another deeper than this make a file
/// invalid.
pub const MAX_FORM_DEPTH: usize = 64;

/// The Form XObjects a stream's resources name (`/Resources /XObject`).
fn form_children(doc: &Document, dict: &pdf_extract::Dictionary) -> Vec<ObjectId> {
    fn deref<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Object> {
        doc.dereference(o).ok().map(|(_, o)| o)
    }
    let deref = |o| deref(doc, o);
    let Some(resources) = dict.get(b"Resources").ok().and_then(deref) else {
        return vec![];
    };
    let Some(xobjects) = resources
        .as_dict()
        .ok()
        .and_then(|r| r.get(b"XObject").ok())
        .and_then(deref)
        .and_then(|x| x.as_dict().ok())
    else {
        return vec![];
    };
    xobjects
        .iter()
        .filter_map(|(_, v)| v.as_reference().ok())
        .collect()
}

/// Why the Form XObjects of `doc` cannot be drawn without endless or very
/// deep recursion, if they cannot: a form that (through others) draws
/// itself, or a chain deeper than [`MAX_FORM_DEPTH`].
fn form_loops(doc: &Document) -> Option<String> {
    let children = |id: ObjectId| -> Vec<ObjectId> {
        match doc.objects.get(&id) {
            Some(Object::Stream(s)) => form_children(doc, &s.dict),
            _ => vec![],
        }
    };
    // Iterative depth-first search: 1 = on the current path, 2 = done.
    let mut state: HashMap<ObjectId, u8> = HashMap::new();
    for &root in doc.objects.keys() {
        if state.contains_key(&root) {
            continue;
        }
        let mut stack: Vec<(ObjectId, Vec<ObjectId>)> = vec![(root, children(root))];
        state.insert(root, 1);
        while let Some((node, pending)) = stack.last_mut() {
            let node = *node;
            match pending.pop() {
                Some(next) => match state.get(&next) {
                    Some(1) => {
                        return Some(format!(
                            "drawing object {} {} draws itself (a malformed file)",
                            next.0, next.1
                        ));
                    }
                    Some(_) => {}
                    None => {
                        if stack.len() >= MAX_FORM_DEPTH {
                            return Some(format!(
                                "drawing objects nested more than {MAX_FORM_DEPTH} deep"
                            ));
                        }
                        state.insert(next, 1);
                        let c = children(next);
                        stack.push((next, c));
                    }
                },
                None => {
                    state.insert(node, 2);
                    stack.pop();
                }
            }
        }
    }
    None
}

fn info_dict(doc: &Document) -> Option<&pdf_extract::Dictionary> {
    let object = doc.trailer.get(b"Info").ok()?;
    let (_, object) = doc.dereference(object).ok()?;
    object.as_dict().ok()
}

fn info_text(doc: &Document, info: &pdf_extract::Dictionary, key: &[u8]) -> Option<String> {
    let (_, object) = doc.dereference(info.get(key).ok()?).ok()?;
    pdf_extract::decode_text_string(object).ok()
}

/// The Info title when it names the document, not the file it came from.
fn usable_title(raw: &str) -> Option<String> {
    static FILE_NAME: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)^(microsoft\s+(word|excel|powerpoint)\s*-|untitled$|无标题)|\.(docx?|wps|wpt|rtf|odt|pdf|txt|xlsx?|pptx?|html?|tmp)$",
        )
        .expect("valid regex")
    });
    let title: String = raw.chars().filter(|c| !c.is_control()).collect();
    let title = title.trim();
    (!title.is_empty() && !FILE_NAME.is_match(title)).then(|| title.to_string())
}

/// `D:20230105093000+08'00'` → `2023-01-05` (the `D:` is optional).
fn pdf_date(raw: &str) -> Option<String> {
    let s = raw.trim();
    let s = s.strip_prefix("D:").unwrap_or(s);
    let digits = s.get(..8)?;
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (year, month, day) = (&digits[..4], &digits[4..6], &digits[6..]);
    let m: u32 = month.parse().ok()?;
    let d: u32 = day.parse().ok()?;
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| format!("{year}-{month}-{day}"))
}

/// One shown character, in default user space (PDF units, y upwards).
#[derive(Debug, Clone)]
struct Glyph {
    text: String,
    x: f64,
    y: f64,
    /// Where the next glyph would start (advance and character spacing).
    advance_end: f64,
    /// Right edge of the glyph box.
    ink_end: f64,
    size: f64,
}

/// A pdf-extract output device that keeps glyphs with their geometry.
#[derive(Default)]
struct GlyphCollector {
    glyphs: Vec<Glyph>,
}

impl OutputDev for GlyphCollector {
    fn begin_page(
        &mut self,
        _page: u32,
        _media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        spacing: f64,
        font_size: f64,
        ch: &str,
    ) -> Result<(), OutputError> {
        let text: String = ch
            .chars()
            .filter(|c| !c.is_control())
            .map(|c| if c.is_whitespace() { ' ' } else { c })
            .collect();
        let scale_y = trm.m21.hypot(trm.m22);
        let size = (font_size * scale_y).abs();
        let (x, y) = (trm.m31, trm.m32);
        let ink_end = x + width * font_size * trm.m11;
        let advance_end = x + (width * font_size + spacing) * trm.m11;
        let finite = [size, x, y, ink_end, advance_end]
            .iter()
            .all(|v| v.is_finite());
        if !text.is_empty() && finite && size > 0.0 {
            self.glyphs.push(Glyph {
                text,
                x,
                y,
                advance_end,
                ink_end,
                size,
            });
        }
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// Groups a page's glyphs into lines: by baseline from the top (within 0.4
/// of the font size), then left to right.
fn lines_of(mut glyphs: Vec<Glyph>) -> Vec<Line> {
    glyphs.sort_by(|a, b| b.y.total_cmp(&a.y));
    let mut lines = Vec::new();
    let mut start = 0;
    for i in 1..=glyphs.len() {
        let split = i == glyphs.len() || {
            let (top, g) = (&glyphs[start], &glyphs[i]);
            top.y - g.y > 0.4 * top.size.min(g.size)
        };
        if split {
            let mut row = glyphs[start..i].to_vec();
            row.sort_by(|a, b| a.x.total_cmp(&b.x));
            lines.extend(line_of(&row));
            start = i;
        }
    }
    lines
}

/// One line from its glyphs (sorted by x): a space where the gap to the
/// previous glyph exceeds 0.15 em; a glyph printed twice on itself (fake
/// bold) counts once.
fn line_of(row: &[Glyph]) -> Option<Line> {
    let mut text = String::new();
    let mut prev: Option<&Glyph> = None;
    for g in row {
        if let Some(p) = prev {
            if g.text == p.text && (g.x - p.x).abs() < 0.1 * g.size {
                continue;
            }
            let gap = g.x - p.advance_end;
            if gap > 0.15 * g.size.max(p.size) && !text.ends_with(' ') && !g.text.starts_with(' ') {
                text.push(' ');
            }
        }
        text.push_str(&g.text);
        prev = Some(g);
    }
    let text = fold_radicals(text.trim());
    let first = row.iter().find(|g| !g.text.trim().is_empty())?;
    Some(Line {
        text,
        x0: first.x,
        x1: row.iter().map(|g| g.ink_end).fold(f64::MIN, f64::max),
        y: first.y,
        size: row.iter().map(|g| g.size).fold(0.0, f64::max),
    })
}

/// Rule 1: Kangxi and supplementary radicals, and compatibility ideographs,
/// that some fonts' ToUnicode maps give (`⽣`), become the ideograph (`生`).
fn fold_radicals(s: &str) -> String {
    let foldable = |c: char| matches!(c, '\u{2E80}'..='\u{2FDF}' | '\u{F900}'..='\u{FAFF}' | '\u{2F800}'..='\u{2FA1F}');
    if !s.chars().any(foldable) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if foldable(c) {
            out.extend(c.to_string().nfkc());
        } else {
            out.push(c);
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Clean-up.
// ---------------------------------------------------------------------------

/// Applies the clean-up rules to the pages' lines: banners, page numbers,
/// running headers and footers, then paragraphs and spacing.
fn clean_pages(mut pages: Vec<Vec<Line>>) -> String {
    for page in &mut pages {
        strip_banners(page);
        drop_page_numbers(page);
    }
    drop_running_chrome(&mut pages);
    let paragraphs = join_paragraphs(&pages);
    let mut out = String::new();
    for p in paragraphs {
        let p = tighten_cjk_spacing(&p);
        if !p.is_empty() {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(&p);
        }
    }
    out
}

/// Rule 6: removes converter evaluation banners from a page's lines, and
/// lines left empty by that.
fn strip_banners(page: &mut Vec<Line>) {
    for line in page.iter_mut() {
        if let Some(cleaned) = without_banners(&line.text) {
            line.text = cleaned;
        }
    }
    page.retain(|l| !l.text.is_empty());
}

/// The text without Spire/Aspose evaluation banners, if it had one.
fn without_banners(text: &str) -> Option<String> {
    static BANNER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(concat!(
            r"(?i)evaluation\s*warning\s*:?\s*the\s*document\s*was\s*created\s*with\s*spire\.\w+",
            r"(\s*for\s*\.?\s*(net|java|python|c\+\+|android))?\s*\.?",
            r"|evaluation\s*only\.?\s*created\s*with\s*aspose\.\w+(\s*for\s*\.?\s*\w+)?\.?",
            r"(\s*copyright\s*\d{4}\s*-\s*\d{4}\s*aspose\s*pty\s*ltd\.?)?",
            r"|created\s*with\s*an\s*evaluation\s*copy\s*of\s*aspose\.\w+\.?",
            r"(\s*to\s*discover\s*the\s*full\s*versions?\s*of\s*our\s*apis?\s*please\s*visit\s*:?\s*\S+)?",
            r"|this\s*document\s*was\s*truncated\s*here\s*because\s*it\s*was\s*created\s*in\s*the\s*evaluation\s*mode\.?",
        ))
        .expect("valid regex")
    });
    BANNER
        .is_match(text)
        .then(|| BANNER.replace_all(text, "").trim().to_string())
}

/// Rule 2: is `line` only a page number (`- 20 -`, `— 20 —`, `–20–`, `20`,
/// `第 3 页`, `第3页 共10页`, `3/20`, `Page 3`, `Page 3 of 20`)?
pub(crate) fn is_page_number(line: &str) -> bool {
    static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(concat!(
            r"(?i)^(?:",
            r"[-－—–‐‒―~～·•\s]*\d{1,4}[-－—–‐‒―~～·•\s]*",
            r"|[-－—–]\s*[ivxlc]{1,6}\s*[-－—–]",
            r"|第\s*(?:\d{1,4}|[一二三四五六七八九十百零〇]{1,5})\s*页",
            r"(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?",
            r"|\d{1,4}\s*[/／]\s*\d{1,4}",
            r"|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?",
            r")$",
        ))
        .expect("valid regex")
    });
    let line = line.trim();
    !line.is_empty() && PAGE_NUMBER.is_match(line)
}

/// The indexes of the first two and last two lines of a page of `n` lines.
pub(crate) fn edge_indexes(n: usize) -> BTreeSet<usize> {
    [0, 1, n.saturating_sub(2), n.saturating_sub(1)]
        .into_iter()
        .filter(|&i| i < n)
        .collect()
}

/// Rule 2: drops page-number lines at the top or bottom of a page.
fn drop_page_numbers(page: &mut Vec<Line>) {
    let drop: HashSet<usize> = edge_indexes(page.len())
        .into_iter()
        .filter(|&i| is_page_number(&page[i].text))
        .collect();
    let mut i = 0;
    page.retain(|_| {
        i += 1;
        !drop.contains(&(i - 1))
    });
}

/// The comparison key of a header/footer line: no spaces, digit runs as `#`.
fn chrome_key(text: &str) -> String {
    let mut key = String::new();
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        let digit = c.is_ascii_digit() || ('０'..='９').contains(&c);
        if !digit {
            key.push(c);
        } else if !key.ends_with('#') {
            key.push('#');
        }
    }
    key
}

/// Rule 3's choice: per page, the indexes of the running headers and
/// footers among the lines `text(line)` gives, lines that recur (compared
/// by [`chrome_key`]) among the first or last two lines of at least half
/// of the pages and of three pages or more. `keep(i, places)` may keep
/// line `i` of the first page (where the title may look like the header).
pub(crate) fn running_chrome<L>(
    pages: &[Vec<L>],
    text: impl Fn(&L) -> &str,
    keep: impl Fn(usize, &[(usize, usize)]) -> bool,
) -> Vec<HashSet<usize>> {
    let n = pages.len();
    let mut seen: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
    for (p, page) in pages.iter().enumerate() {
        let mut here = HashSet::new();
        for i in edge_indexes(page.len()) {
            let key = chrome_key(text(&page[i]));
            if !key.is_empty() && here.insert(key.clone()) {
                seen.entry(key).or_default().push((p, i));
            }
        }
    }
    let mut drop: Vec<HashSet<usize>> = vec![HashSet::new(); n];
    for places in seen.values() {
        if places.len() < 3 || places.len() * 2 < n {
            continue;
        }
        for &(p, i) in places {
            if p == 0 && keep(i, places) {
                continue;
            }
            drop[p].insert(i);
        }
    }
    drop
}

/// Rule 3: drops running headers and footers (see the module docs).
fn drop_running_chrome(pages: &mut [Vec<Line>]) {
    let drop = running_chrome(
        pages,
        |l| &l.text,
        |i, places| unlike_repeats(&pages[0][i], places, pages),
    );
    for (page, drop) in pages.iter_mut().zip(drop) {
        let mut i = 0;
        page.retain(|_| {
            i += 1;
            !drop.contains(&(i - 1))
        });
    }
}

/// Is `line` (on page 1) set in another size or place than the occurrences
/// of its text on the other pages (median), i.e. a title and not the header?
fn unlike_repeats(line: &Line, places: &[(usize, usize)], pages: &[Vec<Line>]) -> bool {
    let others: Vec<&Line> = places
        .iter()
        .filter(|(p, _)| *p != 0)
        .map(|&(p, i)| &pages[p][i])
        .collect();
    let size = median(others.iter().map(|l| l.size).collect());
    let y = median(others.iter().map(|l| l.y).collect());
    match (size, y) {
        (Some(size), Some(y)) => {
            (line.size - size).abs() > 0.15 * size || (line.y - y).abs() > 1.5 * size
        }
        _ => false,
    }
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied()
}

/// A quantile (0..=1) of `v`, by the nearest rank.
fn quantile(mut v: Vec<f64>, q: f64) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let rank = ((v.len() - 1) as f64 * q).round() as usize;
    v.get(rank).copied()
}

/// Where a page's text block lies: full lines reach `right` (less 2 em);
/// continuation lines start at `left`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Margins {
    left: f64,
    right: f64,
}

impl Margins {
    /// From the lines of a page (or of the whole document): `right` is the
    /// 90th percentile of the right edges of lines of 4+ characters; `left`
    /// the leftmost start of a full line.
    fn of<'a>(lines: impl Iterator<Item = &'a Line> + Clone) -> Option<Margins> {
        let ends = lines
            .clone()
            .filter(|l| l.text.chars().count() >= 4)
            .map(|l| l.x1)
            .collect();
        let right = quantile(ends, 0.9)?;
        let left = lines
            .filter(|l| l.x1 >= right - 2.0 * l.size)
            .map(|l| l.x0)
            .fold(f64::MAX, f64::min);
        Some(Margins { left, right })
    }

    /// A page's own margins when it has enough text lines (6+) of a usual
    /// width, else the document's.
    fn per_page(pages: &[Vec<Line>]) -> Vec<Margins> {
        let fallback = Margins {
            left: 0.0,
            right: 0.0,
        };
        let doc = Margins::of(pages.iter().flatten()).unwrap_or(fallback);
        pages
            .iter()
            .map(|page| {
                let long = page.iter().filter(|l| l.text.chars().count() >= 4).count();
                match Margins::of(page.iter()) {
                    Some(m) if long >= 6 && m.right > doc.right - 6.0 * typical_size(page) => m,
                    _ => doc,
                }
            })
            .collect()
    }
}

fn typical_size(lines: &[Line]) -> f64 {
    median(lines.iter().map(|l| l.size).collect()).unwrap_or(10.0)
}

/// A line in the flow of the document, with its page's margins.
struct Flow<'a> {
    line: &'a Line,
    margins: Margins,
}

impl Flow<'_> {
    /// Does the line reach the right margin (within 2 em)?
    fn is_full(&self) -> bool {
        self.line.x1 >= self.margins.right - 2.0 * self.line.size
    }

    /// Does the line start at the left margin (not indented, not centred)?
    fn at_margin(&self) -> bool {
        self.line.x0 < self.margins.left + 0.5 * self.line.size
    }

    /// Does the line start 1 em or more right of the left margin?
    fn is_indented(&self) -> bool {
        self.line.x0 >= self.margins.left + self.line.size
    }

    /// Rule 4: does the paragraph go on from `self` to `next`? Not before a
    /// heading or list item, nor at a change of font size (15%+), nor after
    /// a line that stops short of the right margin. After sentence-final
    /// punctuation only when the document indents its paragraphs and `next`
    /// is not indented (so a full line that ends on `。` mid-paragraph
    /// joins); without final punctuation unless `next` is indented in such
    /// a document.
    fn continues(&self, next: &Flow<'_>, indenting: bool) -> bool {
        let (a, b) = (self.line, next.line);
        if starts_block(&b.text) || (a.size - b.size).abs() > 0.15 * a.size.max(b.size) {
            return false;
        }
        if !self.is_full() {
            return false;
        }
        if ends_sentence(&a.text) {
            return indenting && next.at_margin();
        }
        !(indenting && next.is_indented())
    }
}

/// Does the document indent the first lines of its paragraphs? Judged on
/// the lines after a clear paragraph end (a short line with final
/// punctuation): mostly indented (2+, and 3 times as many as flush ones).
fn indents_paragraphs(flow: &[Flow<'_>]) -> bool {
    let (mut indented, mut flush) = (0, 0);
    for pair in flow.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        if !a.is_full() && ends_sentence(&a.line.text) && !starts_block(&b.line.text) {
            if b.is_indented() {
                indented += 1;
            } else if b.at_margin() {
                flush += 1;
            }
        }
    }
    indented >= 2 && indented >= 3 * flush
}

/// Rule 4: the paragraphs of the pages, lines joined (also over page breaks).
fn join_paragraphs(pages: &[Vec<Line>]) -> Vec<String> {
    let margins = Margins::per_page(pages);
    let flow: Vec<Flow<'_>> = pages
        .iter()
        .zip(&margins)
        .flat_map(|(page, &m)| page.iter().map(move |line| Flow { line, margins: m }))
        .collect();
    let indenting = indents_paragraphs(&flow);
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for (i, f) in flow.iter().enumerate() {
        join_line(&mut current, &f.line.text);
        let goes_on = flow.get(i + 1).is_some_and(|n| f.continues(n, indenting));
        if !goes_on {
            out.push(std::mem::take(&mut current));
        }
    }
    out
}

/// Appends a wrapped line to a paragraph: with a space between Latin
/// words, directly otherwise.
pub(crate) fn join_line(paragraph: &mut String, line: &str) {
    let line = line.trim();
    let (Some(a), Some(b)) = (paragraph.chars().last(), line.chars().next()) else {
        paragraph.push_str(line);
        return;
    };
    let latin_end = a.is_ascii_alphanumeric() || ",.;:!?)".contains(a);
    let space =
        (latin_end && b.is_ascii_alphabetic()) || (a.is_ascii_alphabetic() && b.is_ascii_digit());
    if space {
        paragraph.push(' ');
    }
    paragraph.push_str(line);
}

/// Does the line end a sentence or heading: `。！？：；…` (full-width or
/// ASCII; `.` not after a digit, where it is a wrapped decimal point), or a
/// closing quote or bracket right after one of them (`。”`)?
pub(crate) fn ends_sentence(text: &str) -> bool {
    const FINAL: &str = "。！？：；…｡．!?:;";
    const CLOSING: &str = "”」』）)’\"'】〕》";
    let mut rev = text.trim_end().chars().rev();
    let Some(mut last) = rev.next() else {
        return false;
    };
    let mut before = rev.next();
    while CLOSING.contains(last) {
        match before {
            Some(c) => {
                last = c;
                before = rev.next();
            }
            None => return false,
        }
    }
    FINAL.contains(last) || (last == '.' && !before.is_some_and(|c| c.is_ascii_digit()))
}

/// Does the line start a heading or list item: `一、`, `（一）`, `(一)`,
/// `（1）`, `1.`, `1、`, `第一部分`/`第一章`/`第一节`/`第一条`, `——`, `①`?
pub(crate) fn starts_block(text: &str) -> bool {
    static BLOCK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(concat!(
            r"^\s*(?:",
            r"[一二三四五六七八九十百]+\s*、",
            r"|[（(]\s*(?:[一二三四五六七八九十百]+|\d{1,3})\s*[）)]",
            r"|\d{1,3}\s*[、．]",
            r"|\d{1,3}\.(?:[^\d]|$)",
            r"|第[一二三四五六七八九十百零〇\d]+(?:部分|章|节|条|篇)",
            r"|——",
            r"|[①-⑳]",
            r")",
        ))
        .expect("valid regex")
    });
    BLOCK.is_match(text)
}

/// Han ideographs (with extensions and compatibility forms) and the
/// radicals folded by rule 1.
fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3FFFF}' | '\u{2E80}'..='\u{2FDF}' | '〇')
}

/// CJK punctuation: the CJK symbols block and the full-width forms.
fn is_cjk_punct(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}')
}

/// Punctuation that Chinese and Latin text share: curly quotes, dash,
/// ellipsis, middle dot.
fn is_shared_punct(c: char) -> bool {
    matches!(c, '“' | '”' | '‘' | '’' | '—' | '…' | '·')
}

/// Rule 5: removes whitespace between Han characters, between Han and
/// digits, next to CJK punctuation, and between Han and the punctuation
/// Chinese shares with Latin (`增长 “十四五”` → `增长“十四五”`, but
/// `entitled “GNU` stays); other runs of whitespace become one space (so
/// Latin words keep theirs); the ends are trimmed.
fn tighten_cjk_spacing(text: &str) -> String {
    let near_han = |c: char| is_han(c) || c.is_ascii_digit() || is_shared_punct(c);
    let tight = |a: char, b: char| {
        is_cjk_punct(a)
            || is_cjk_punct(b)
            || (is_han(a) && near_han(b))
            || (is_han(b) && near_han(a))
    };
    let mut out = String::with_capacity(text.len());
    let mut chars = text.trim().chars().peekable();
    while let Some(c) = chars.next() {
        if !c.is_whitespace() {
            out.push(c);
            continue;
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let (Some(a), Some(&b)) = (out.chars().last(), chars.peek()) else {
            continue;
        };
        if !tight(a, b) {
            out.push(' ');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        let path = format!("{}/tests/fixtures/pdf/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    fn expected_report() -> String {
        let bytes = fixture("report_cjk.expected.txt");
        String::from_utf8(bytes).unwrap().trim_end().to_string()
    }

    /// A line at (x0..x1, y) in a 10-unit font.
    fn line(text: &str, x0: f64, x1: f64, y: f64) -> Line {
        Line {
            text: text.to_string(),
            x0,
            x1,
            y,
            size: 10.0,
        }
    }

    /// A page of body lines: text block 100..400, 10-unit font, 2-em indents.
    /// `>` at the start marks an indented first line, `<` a short line.
    fn body(lines: &[&str]) -> Vec<Line> {
        lines
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let y = 700.0 - 20.0 * i as f64;
                let (x0, t) = match t.strip_prefix('>') {
                    Some(t) => (120.0, t),
                    None => (100.0, *t),
                };
                match t.strip_prefix('<') {
                    Some(t) => line(t, x0, 250.0, y),
                    None => line(t, x0, 400.0, y),
                }
            })
            .collect()
    }

    #[test]
    fn report_fixture_gives_exactly_the_expected_paragraphs() {
        let got = pdf_text(&fixture("report_cjk.pdf")).unwrap();
        assert_eq!(got.pages, 3);
        assert_eq!(got.title.as_deref(), Some("2023年示例市政府工作报告"));
        assert_eq!(got.created.as_deref(), Some("2000-01-01"));
        let want = expected_report();
        for (i, (g, w)) in got.text.lines().zip(want.lines()).enumerate() {
            assert_eq!(g, w, "paragraph {i}");
        }
        assert_eq!(got.text, want);
    }

    #[test]
    fn report_fixture_is_clean() {
        let text = pdf_text(&fixture("report_cjk.pdf")).unwrap().text;
        assert!(text.starts_with("2023年示例市政府工作报告\n——2023年1月5日"));
        // The running header is gone; the name stays where the text says it.
        assert!(!text.lines().any(|l| l.trim() == "示例市人民政府"));
        let header_count = |t: &str| t.matches("示例市人民政府").count();
        assert_eq!(header_count(&text), header_count(&expected_report()));
        assert_eq!(header_count(&text), 3);
        assert!(!text.lines().any(is_page_number), "{text}");
        assert!(!text.contains("Evaluation") && !text.contains("Spire"));
        assert!(text.contains("自2021年2月启动") && text.contains("我代表示例市人民政府"));
        let chars: Vec<char> = text.chars().collect();
        for w in chars.windows(3) {
            assert!(!(is_han(w[0]) && w[1] == ' ' && is_han(w[2])), "{w:?}");
        }
        // The paragraph that runs from page 2 onto page 3 is one line.
        let crossing = "坚持把发展经济的着力点放在实体经济上，实施制造业高质量发展行动，培育新能源、新材料、生物医药等新兴产业集群，加快数字化改造，新增规模以上工业企业一百家，打造具有竞争力的现代产业体系。";
        assert!(text.lines().any(|l| l == crossing));
        assert_eq!(text.lines().count(), 25);
    }

    #[test]
    fn scan_without_text_is_no_text_layer() {
        assert_eq!(
            pdf_text(&fixture("scan_no_text.pdf")),
            Err(PdfProblem::NoTextLayer { pages: 2 })
        );
    }

    #[test]
    fn encryption_with_and_without_a_user_password() {
        assert_eq!(
            pdf_text(&fixture("encrypted_user.pdf")),
            Err(PdfProblem::Encrypted)
        );
        let open = pdf_text(&fixture("encrypted_owner.pdf")).unwrap();
        assert_eq!(open.text, "加密文件的正文第一段。\n第二段也在这里。");
        assert_eq!(open.pages, 1);
    }

    #[test]
    fn not_a_pdf_is_invalid() {
        for bytes in [&b""[..], b"hello world", b"%PDF-1.7\n garbage \x00\xff"] {
            match pdf_text(bytes) {
                Err(PdfProblem::Invalid(why)) => assert!(!why.is_empty()),
                other => panic!("{other:?}"),
            }
        }
    }

    /// xorshift64*: deterministic bytes for the robustness tests.
    fn next_random(state: &mut u64) -> u64 {
        *state ^= *state >> 12;
        *state ^= *state << 25;
        *state ^= *state >> 27;
        state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    #[test]
    fn garbage_and_truncated_files_do_not_panic() {
        let mut state = 0x9E37_79B9_7F4A_7C15;
        let garbage: Vec<u8> = (0..20_000).map(|_| next_random(&mut state) as u8).collect();
        assert!(pdf_text(&garbage).is_err());
        let mut headed = b"%PDF-1.4\n".to_vec();
        headed.extend(&garbage);
        assert!(pdf_text(&headed).is_err());
        for name in ["report_cjk.pdf", "scan_no_text.pdf"] {
            let pdf = fixture(name);
            for end in (0..pdf.len()).step_by(1024) {
                let _ = pdf_text(&pdf[..end]);
            }
        }
    }

    #[test]
    fn bit_flipped_copies_do_not_panic() {
        let pdf = fixture("report_cjk.pdf");
        let mut state = 0x0123_4567_89AB_CDEF;
        for round in 0..300 {
            let mut copy = pdf.clone();
            let flips = 1 + round % 8;
            for _ in 0..flips {
                let at = (next_random(&mut state) % copy.len() as u64) as usize;
                copy[at] ^= 1 << (next_random(&mut state) % 8);
            }
            let _ = pdf_text(&copy);
        }
    }

    #[test]
    fn page_number_forms() {
        for yes in [
            "- 20 -",
            "— 20 —",
            "–20–",
            "20",
            "－3－",
            "第 3 页",
            "第3页 共10页",
            "第3页，共10页",
            "第三页",
            "3/20",
            "3 / 20",
            "Page 3",
            "page 3 of 20",
            "- ii -",
        ] {
            assert!(is_page_number(yes), "{yes}");
        }
        for no in [
            "2023年",
            "第3章",
            "一、",
            "Page",
            "12345",
            "3/20/2023",
            "示例市人民政府",
            "",
        ] {
            assert!(!is_page_number(no), "{no}");
        }
    }

    #[test]
    fn page_numbers_only_at_page_edges() {
        let mut page = body(&["- 7 -", "正文第一行", "20", "正文第三行", "第 7 页"]);
        drop_page_numbers(&mut page);
        let texts: Vec<&str> = page.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["正文第一行", "20", "正文第三行"]);
    }

    #[test]
    fn running_headers_and_footers_are_dropped_but_a_title_kept() {
        let page = |n: usize, words: [&str; 3]| {
            let mut lines = vec![line("2023年示例市政府工作报告", 200.0, 300.0, 800.0)];
            lines.extend(body(&words));
            lines.push(line(&format!("示例市人民政府 第{n}页"), 200.0, 300.0, 40.0));
            lines
        };
        let words = [
            ["甲", "乙", "丙"],
            ["丁", "戊", "己"],
            ["庚", "辛", "壬"],
            ["癸", "子", "丑"],
        ];
        let mut pages: Vec<_> = (0..4).map(|i| page(i + 1, words[i])).collect();
        // Page 1 sets the same text large, lower down: the title.
        pages[0][0] = Line {
            size: 22.0,
            y: 750.0,
            ..pages[0][0].clone()
        };
        drop_running_chrome(&mut pages);
        let texts: Vec<Vec<&str>> = pages
            .iter()
            .map(|p| p.iter().map(|l| l.text.as_str()).collect())
            .collect();
        assert_eq!(texts[0], ["2023年示例市政府工作报告", "甲", "乙", "丙"]);
        assert_eq!(texts[3], ["癸", "子", "丑"]);
        // On page 1 at the header's size and place it goes too.
        let mut pages: Vec<_> = (0..3).map(|i| page(i + 1, words[i])).collect();
        drop_running_chrome(&mut pages);
        assert_eq!(pages[0][0].text, "甲");
        // Two pages are too few to call anything a running header.
        let mut pages: Vec<_> = (0..2).map(|i| page(i + 1, words[i])).collect();
        drop_running_chrome(&mut pages);
        assert_eq!(pages[1].len(), 5);
    }

    #[test]
    fn chrome_keys_ignore_spaces_and_numbers() {
        assert_eq!(chrome_key("第 12 页 共 30 页"), "第#页共#页");
        assert_eq!(chrome_key(" 示例市 人民政府 "), "示例市人民政府");
        assert_eq!(chrome_key("２０２３年"), "#年");
    }

    fn joined(pages: &[Vec<Line>]) -> Vec<String> {
        join_paragraphs(pages)
    }

    #[test]
    fn lines_join_until_final_punctuation_headings_or_short_lines() {
        let page = body(&[
            "<2023年示例市政府工作报告",
            "><一、工作回顾",
            ">过去一年，全市经济",
            "运行稳中有进，主要指",
            "<标好于预期。",
            "><（一）稳定经济",
            ">落实助企纾困政策，",
            "1.5倍的增长；",
            "<下一句。",
        ]);
        assert_eq!(
            joined(&[page]),
            [
                "2023年示例市政府工作报告",
                "一、工作回顾",
                "过去一年，全市经济运行稳中有进，主要指标好于预期。",
                "（一）稳定经济",
                "落实助企纾困政策，1.5倍的增长；",
                "下一句。",
            ]
        );
    }

    #[test]
    fn final_punctuation_mid_paragraph_joins_when_paragraphs_are_indented() {
        let lines = [
            ">第一段开头的文字，",
            "<第一段结束。",
            ">第二段的句子结束。",
            "第二段接着写",
            "<完。",
            "><第三段。",
        ];
        assert_eq!(
            joined(&[body(&lines)]),
            [
                "第一段开头的文字，第一段结束。",
                "第二段的句子结束。第二段接着写完。",
                "第三段。"
            ]
        );
        // Flush-left paragraphs: a full line ending on 。 ends a paragraph.
        let flush = lines.map(|l| l.trim_start_matches('>'));
        assert_eq!(
            joined(&[body(&flush)]),
            [
                "第一段开头的文字，第一段结束。",
                "第二段的句子结束。",
                "第二段接着写完。",
                "第三段。"
            ]
        );
    }

    #[test]
    fn paragraphs_join_over_page_breaks_and_latin_words_keep_a_space() {
        let p1 = body(&[">这一段从第一页", "一直写到"]);
        let p2 = body(&["<第二页。", ">Spire and", "<Aspose are names。"]);
        assert_eq!(
            joined(&[p1, p2]),
            [
                "这一段从第一页一直写到第二页。",
                "Spire and Aspose are names。"
            ]
        );
    }

    #[test]
    fn sentence_ends_and_block_starts() {
        for yes in [
            "完成。",
            "目标是：",
            "好！",
            "“十四五”规划。”",
            "他说：“好。”",
            "Done.",
            "……",
        ] {
            assert!(ends_sentence(yes), "{yes}");
        }
        for no in [
            "深入实施“十四五”",
            "增长5.",
            "全市生产总值（GDP）",
            "主要指",
            "（一）",
            "",
        ] {
            assert!(!ends_sentence(no), "{no}");
        }
        for yes in [
            "一、回顾",
            "（一）稳定",
            "(二)民生",
            "（3）教育",
            "1.总体",
            "2、要求",
            "第一部分",
            "第三章",
            "——2023年",
            "①加强",
        ] {
            assert!(starts_block(yes), "{yes}");
        }
        for no in [
            "1.5倍",
            "2023年",
            "第一大产业",
            "第二次会议",
            "一是要",
            "—单破折",
        ] {
            assert!(!starts_block(no), "{no}");
        }
    }

    #[test]
    fn spaces_between_han_go_latin_spaces_stay() {
        assert_eq!(tighten_cjk_spacing("市 人民政府"), "市人民政府");
        assert_eq!(tighten_cjk_spacing("2021 年 2 月"), "2021年2月");
        assert_eq!(
            tighten_cjk_spacing("增长 5.2% ， 好于 预期 。"),
            "增长5.2%，好于预期。"
        );
        assert_eq!(tighten_cjk_spacing("　全　市　"), "全市");
        assert_eq!(
            tighten_cjk_spacing("Spire  and   Aspose"),
            "Spire and Aspose"
        );
        assert_eq!(
            tighten_cjk_spacing("GDP 增长 “十四五” 规划"),
            "GDP 增长“十四五”规划"
        );
        assert_eq!(tighten_cjk_spacing("1 000 元"), "1 000元");
        assert_eq!(
            tighten_cjk_spacing("the section entitled “GNU”"),
            "the section entitled “GNU”"
        );
    }

    #[test]
    fn converter_banners_are_removed() {
        let mut page = body(&[
            "Evaluation Warning : The document was created with Spire.PDF for .NET.",
            "Evaluation Warning: The document was created with Spire.Doc for .NET.正文",
            "Evaluation Only. Created with Aspose.Words. Copyright 2003-2023 Aspose Pty Ltd.",
            "Created with an evaluation copy of Aspose.Words. To discover the full versions of our APIs please visit: https://products.aspose.com/words/",
            "正文第二行",
        ]);
        strip_banners(&mut page);
        let texts: Vec<&str> = page.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["正文", "正文第二行"]);
    }

    #[test]
    fn titles_and_dates_from_the_info_dictionary() {
        assert_eq!(
            usable_title(" 2023年政府工作报告 ").as_deref(),
            Some("2023年政府工作报告")
        );
        for no in [
            "",
            "  ",
            "Microsoft Word - 报告.docx",
            "报告.doc",
            "untitled",
            "无标题",
        ] {
            assert_eq!(usable_title(no), None, "{no}");
        }
        assert_eq!(
            pdf_date("D:20230105093000+08'00'").as_deref(),
            Some("2023-01-05")
        );
        assert_eq!(pdf_date("20221231").as_deref(), Some("2022-12-31"));
        for no in ["D:2023", "D:20231305", "D:2023010", "yesterday", ""] {
            assert_eq!(pdf_date(no), None, "{no}");
        }
    }

    #[test]
    fn radicals_fold_to_ideographs() {
        assert_eq!(fold_radicals("⽣产⼀线"), "生产一线");
        assert_eq!(fold_radicals("正常文字，"), "正常文字，");
    }

    /// Text to draw: `(x, y, font size, text)`.
    type Draw = (f64, f64, f64, String);

    fn draw(x: f64, y: f64, size: f64, text: &str) -> Draw {
        (x, y, size, text.to_string())
    }

    /// The ToUnicode CMap of a font whose codes are UTF-16 units.
    fn identity_cmap(used: &[u16]) -> String {
        let mut cmap = String::from(concat!(
            "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n",
            "/CMapName /T-UCS def /CMapType 2 def\n",
            "1 begincodespacerange <0000> <FFFF> endcodespacerange\n",
        ));
        for chunk in used.chunks(100) {
            cmap += &format!("{} beginbfchar\n", chunk.len());
            for c in chunk {
                cmap += &format!("<{c:04X}> <{c:04X}>\n");
            }
            cmap += "endbfchar\n";
        }
        cmap + "endcmap CMapName currentdict /CMap defineresource pop end end\n"
    }

    /// Serialises numbered objects (1, 2, …) with an xref table.
    fn write_pdf(objects: &[String]) -> Vec<u8> {
        let mut pdf = b"%PDF-1.7\n".to_vec();
        let mut offsets = Vec::new();
        for (i, body) in objects.iter().enumerate() {
            offsets.push(pdf.len());
            pdf.extend(format!("{} 0 obj\n{body}\nendobj\n", i + 1).bytes());
        }
        let xref = pdf.len();
        let size = objects.len() + 1;
        pdf.extend(format!("xref\n0 {size}\n0000000000 65535 f \n").bytes());
        for o in offsets {
            pdf.extend(format!("{o:010} 00000 n \n").bytes());
        }
        let trailer = format!("trailer\n<< /Size {size} /Root 1 0 R /Info 7 0 R >>\n");
        pdf.extend(format!("{trailer}startxref\n{xref}\n%%EOF\n").bytes());
        pdf
    }

    #[test]
    fn a_form_that_draws_itself_is_invalid_not_a_stack_overflow() {
        // Page 3 draws form 4, which draws itself through its resources.
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources << /XObject << /F 4 0 R >> >> /Contents 5 0 R >>".to_string(),
            "<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /F 4 0 R >> >> /Length 7 >>\nstream\n/F Do Q\nendstream".to_string(),
            "<< /Length 5 >>\nstream\n/F Do\nendstream".to_string(),
            "<< >>".to_string(),
            "<< /Title (x) >>".to_string(),
        ];
        match pdf_text(&write_pdf(&objects)) {
            Err(PdfProblem::Invalid(why)) => assert!(why.contains("draws itself"), "{why}"),
            other => panic!("{other:?}"),
        }
    }

    /// A PDF built in memory: one Type0 font (Identity-H, CID = the UTF-16
    /// unit, ToUnicode for every character used, no embedded program; ASCII
    /// half a unit wide, the rest one unit), an Info title, one content
    /// stream per page.
    fn mini_pdf(pages: &[Vec<Draw>], title: &str) -> Vec<u8> {
        let mut used: Vec<u16> = pages
            .iter()
            .flatten()
            .flat_map(|d| d.3.encode_utf16())
            .collect();
        used.sort_unstable();
        used.dedup();
        let cmap = identity_cmap(&used);
        let widths = vec!["500"; 95].join(" ");
        let utf16_hex =
            |t: &str| -> String { t.encode_utf16().map(|u| format!("{u:04X}")).collect() };
        let mut objects = vec![
            "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
            String::new(), // the page tree, below
            "<< /Type /Font /Subtype /Type0 /BaseFont /T /Encoding /Identity-H /DescendantFonts [4 0 R] /ToUnicode 5 0 R >>".to_string(),
            format!("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /T /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 6 0 R /DW 1000 /W [32 [{widths}]] >>"),
            format!("<< /Length {} >>\nstream\n{cmap}endstream", cmap.len()),
            "<< /Type /FontDescriptor /FontName /T /Flags 4 /FontBBox [0 -120 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>".to_string(),
            format!("<< /Title <FEFF{}> /CreationDate (D:20230105093000+08'00') >>", utf16_hex(title)),
        ];
        let mut kids = Vec::new();
        for page in pages {
            let content: String = page
                .iter()
                .map(|(x, y, size, text)| {
                    format!("BT /F1 {size} Tf {x} {y} Td <{}> Tj ET\n", utf16_hex(text))
                })
                .collect();
            let n = objects.len() + 1;
            kids.push(format!("{n} 0 R"));
            objects.push(format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>", n + 1));
            objects.push(format!(
                "<< /Length {} >>\nstream\n{content}endstream",
                content.len()
            ));
        }
        objects[1] = format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            kids.join(" "),
            pages.len()
        );
        write_pdf(&objects)
    }

    /// A page of the in-memory report: a running header, body lines of a
    /// 10-unit font from x = 100 (indented by 2 em when marked `>`; a full
    /// line is 100 units wide), a `第 N 页 共 3 页` footer.
    fn mini_page(n: usize, lines: &[&str]) -> Vec<Draw> {
        let mut page = vec![draw(250.0, 800.0, 9.0, "示例市 人民政府")];
        for (i, t) in lines.iter().enumerate() {
            let (x, t) = match t.strip_prefix('>') {
                Some(t) => (120.0, t),
                None => (100.0, *t),
            };
            page.push(draw(x, 700.0 - 20.0 * i as f64, 10.0, t));
        }
        page.push(draw(270.0, 40.0, 9.0, &format!("第 {n} 页 共 3 页")));
        page
    }

    #[test]
    fn in_memory_pdf_with_spaced_han_banner_and_chrome() {
        let banner = "Evaluation Warning : The document was created with Spire.PDF for .NET.";
        let mut page1 = mini_page(1, &[">2021 年 2 月，示", "例市 人民政府召开会", "议。"]);
        page1.insert(0, draw(100.0, 820.0, 8.0, banner));
        let pdf = mini_pdf(
            &[
                page1,
                mini_page(
                    2,
                    &[
                        ">第二页的段落写得",
                        "很长很长很长很长很长",
                        "一直写到第三页才结",
                    ],
                ),
                mini_page(3, &["束。", ">最后一段。"]),
            ],
            "示例 报告",
        );
        let got = pdf_text(&pdf).unwrap();
        assert_eq!(got.pages, 3);
        assert_eq!(got.title.as_deref(), Some("示例 报告"));
        assert_eq!(got.created.as_deref(), Some("2023-01-05"));
        assert_eq!(
            got.text,
            "2021年2月，示例市人民政府召开会议。\n第二页的段落写得很长很长很长很长很长一直写到第三页才结束。\n最后一段。"
        );
    }

    #[test]
    fn scanned_pages_with_only_page_numbers_and_banners_have_no_text_layer() {
        let banner = "Evaluation Warning : The document was created with Spire.PDF for .NET.";
        let page = |n: &str| vec![draw(100.0, 820.0, 8.0, banner), draw(290.0, 40.0, 9.0, n)];
        let pdf = mini_pdf(&[page("- 1 -"), page("- 2 -")], "扫描件");
        assert_eq!(pdf_text(&pdf), Err(PdfProblem::NoTextLayer { pages: 2 }));
    }

    #[test]
    fn in_memory_pdf_geometry_gives_lines_and_spaces() {
        // Glyphs drawn out of order and with gaps: lines by height, words
        // by gaps, overprinted duplicates once.
        let pdf = mini_pdf(
            &[vec![
                draw(100.0, 680.0, 10.0, "第二行"),
                draw(100.0, 700.0, 10.0, "AB"),
                draw(100.0, 700.0, 10.0, "A"),
                draw(120.0, 700.0, 10.0, "CD"),
                draw(150.0, 700.0, 10.0, "甲"),
            ]],
            "",
        );
        let raw = read_pdf(&pdf).unwrap();
        let texts: Vec<&str> = raw.pages[0].iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["AB CD 甲", "第二行"]);
        assert_eq!(raw.title, None);
    }
}
