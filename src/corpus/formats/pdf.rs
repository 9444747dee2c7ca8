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
//!    font size (see `Flow::continues`); a line that starts with closing
//!    punctuation (`。`, `，`…) always continues the one before.
//! 5. Spaces between Han characters, or between Han and digits or CJK
//!    punctuation, are removed; spaces between Latin words stay.
//! 6. PDF-converter evaluation banners (Spire, Aspose) are removed.
//!
//! Fonts: pdf-extract reads simple fonts, Type3 fonts, and Type0 (CID)
//! fonts with the `Identity-H`/`-V` encoding or an embedded CMap; text comes
//! through ToUnicode maps or the simple encodings. Type0 fonts that name one
//! of Adobe's predefined CMaps, as older Acrobat output with non-embedded
//! SimSun/STSong and reportlab do, are rewritten first (`readable_cmaps`):
//! `Uni…-UCS2-H/V` and `Uni…-UTF16-H/V` (GB, CNS, JIS, KS; characters beyond
//! the BMP in UTF-16 come out as U+FFFD), and the legacy Chinese byte
//! encodings `GB-EUC-H/V`, `GBpc-EUC-H/V`, `GBK-EUC-H/V`, `GBKp-EUC-H/V`,
//! `GBK2K-H/V` (GB 18030, four-byte codes included) and the Big5 family
//! (`B5pc-H/V`, `ETen-B5-H/V`, `ETenms-B5-H/V`, `HKscs-B5-H/V`, …), whose
//! codes are decoded with `encoding_rs`. A font's own ToUnicode map is kept.
//! Other predefined CMaps (Japanese and Korean byte encodings, `UTF8`,
//! `UTF32`, `GBT-EUC`) make a file [`PdfProblem::Invalid`] with a sentence
//! that names the encoding, if a page uses the font.
//!
//! Image XObjects are blanked before interpretation (pdf-extract would run
//! their pixels as a content stream), so scans come out as
//! [`PdfProblem::NoTextLayer`]. Every library call runs under
//! `catch_unwind`: these libraries panic on some malformed files; the
//! panic's message goes into the problem, and a process-wide panic hook
//! (installed once) keeps panics on the reading thread off stderr, while
//! panics on other threads print as before. Both libraries log through the
//! `log` crate only, which prints nothing unless a logger is set.
//! Limits: one text column per page is assumed (lines are ordered by height,
//! then left to right). Form XObjects that draw themselves (directly or in a
//! loop), or nest deeper than [`MAX_FORM_DEPTH`], make a file invalid: the
//! library would recurse until the stack overflows. The library runs on a
//! thread of its own with a large stack, for deeply nested objects.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{LazyLock, Once};

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
    quiet_pdf_thread_panics();
    let raw = on_big_stack(|| guarded(|| read_pdf(bytes)))?;
    let pages = raw.pages.len();
    if pages == 0 {
        return Err(PdfProblem::Invalid("the PDF has no pages".to_string()));
    }
    let text = clean_pages(raw.pages, &raw.columns);
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

/// Name of the thread the PDF library runs on (see [`on_big_stack`]).
const PDF_THREAD: &str = "pdf";

/// Installs, once per process, a panic hook that prints nothing for panics
/// on [`PDF_THREAD`] threads (the library panics on malformed files; those
/// panics are caught and become [`PdfProblem::Invalid`] with the message)
/// and hands every other panic to the hook that was there before, so that
/// bugs elsewhere still print.
fn quiet_pdf_thread_panics() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() != Some(PDF_THREAD) {
                previous(info);
            }
        }));
    });
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
            .name(PDF_THREAD.into())
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
        Err(payload) => Err(library_failure(&panic_message(payload.as_ref()))),
    }
}

/// The message of a caught panic.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string())
}

/// The problem for a library panic with message `why`.
fn library_failure(why: &str) -> PdfProblem {
    // Some messages dump whole PDF dictionaries.
    let why: String = why.chars().take(200).collect();
    PdfProblem::Invalid(format!("the PDF library failed on this file: {why}"))
}

// ---------------------------------------------------------------------------
// Reading: document, metadata, glyphs, lines.
// ---------------------------------------------------------------------------

/// What the library gives, before clean-up.
struct RawPdf {
    pages: Vec<Vec<Line>>,
    /// Per page: set in two columns ([`gutter`]).
    columns: Vec<bool>,
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
    let unreadable = readable_cmaps(&mut doc);
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
    let mut columns = Vec::with_capacity(numbers.len());
    for number in numbers {
        let mut glyphs = GlyphCollector::default();
        let page = catch_unwind(AssertUnwindSafe(|| {
            pdf_extract::output_doc_page(&doc, &mut glyphs, number)
        }));
        match page {
            Ok(done) => {
                done.map_err(|e| PdfProblem::Invalid(format!("page {number} cannot be read: {e}")))?
            }
            // pdf-extract panics on a CMap name it does not know.
            Err(payload) => {
                let why = panic_message(payload.as_ref());
                return Err(unreadable
                    .iter()
                    .find(|u| why.contains(&u.encoding))
                    .map_or_else(|| library_failure(&why), UnreadableFont::problem));
            }
        }
        let (lines, in_columns) = lines_of(glyphs.glyphs);
        pages.push(lines);
        columns.push(in_columns);
    }
    Ok(RawPdf {
        pages,
        columns,
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

// ---------------------------------------------------------------------------
// Predefined CMaps: Type0 fonts whose /Encoding names one of Adobe's CMaps.
// ---------------------------------------------------------------------------

/// How the character codes of a predefined CMap (a Type0 font's `/Encoding`
/// name other than `Identity-H`/`-V`, which pdf-extract reads itself)
/// become Unicode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum CodeScheme {
    /// `Uni…-UCS2-H`/`-V`: two-byte codes that are UCS-2 code units.
    Ucs2,
    /// `Uni…-UTF16-H`/`-V`: two-byte UTF-16 code units; a surrogate pair (a
    /// character beyond the BMP) becomes U+FFFD.
    Utf16,
    /// A legacy Chinese charset, ASCII in one byte.
    Bytes(Charset),
}

/// The legacy Chinese charsets of Adobe's predefined CMaps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Charset {
    /// GB 2312 in EUC form (`GB-EUC-H`, `GBpc-EUC-H`, and their `-V`).
    Gb2312,
    /// GBK (`GBK-EUC-H`, `GBKp-EUC-H`, and their `-V`).
    Gbk,
    /// GB 18030 (`GBK2K-H`/`-V`): GBK plus four-byte codes.
    Gb18030,
    /// Big5 with the ETen and HKSCS extensions (`B5pc-H`, `ETen-B5-H`,
    /// `HKscs-B5-H`, …).
    Big5,
}

impl Charset {
    /// The decoder of the two-byte (and four-byte) codes.
    fn encoding(self) -> &'static encoding_rs::Encoding {
        match self {
            Charset::Gb2312 | Charset::Gbk => encoding_rs::GBK,
            Charset::Gb18030 => encoding_rs::GB18030,
            Charset::Big5 => encoding_rs::BIG5,
        }
    }

    /// First bytes of the two-byte codes.
    fn leads(self) -> std::ops::RangeInclusive<u8> {
        match self {
            Charset::Gb2312 => 0xA1..=0xFE,
            Charset::Gbk | Charset::Gb18030 | Charset::Big5 => 0x81..=0xFE,
        }
    }

    /// Second bytes of the two-byte codes (as a range: codes that do not
    /// decode get no mapping).
    fn trails(self) -> std::ops::RangeInclusive<u8> {
        match self {
            Charset::Gb2312 => 0xA1..=0xFE,
            Charset::Gbk | Charset::Gb18030 | Charset::Big5 => 0x40..=0xFE,
        }
    }
}

/// The scheme of a predefined CMap by name, if we can read it.
fn code_scheme(name: &str) -> Option<CodeScheme> {
    let base = name
        .strip_suffix("-H")
        .or_else(|| name.strip_suffix("-V"))?;
    if name.starts_with("Uni") {
        return if name.contains("-UCS2-") {
            Some(CodeScheme::Ucs2)
        } else if name.contains("-UTF16-") {
            Some(CodeScheme::Utf16)
        } else {
            None
        };
    }
    let charset = match base {
        "GB-EUC" | "GBpc-EUC" => Charset::Gb2312,
        "GBK-EUC" | "GBKp-EUC" => Charset::Gbk,
        "GBK2K" => Charset::Gb18030,
        "B5pc" | "ETen-B5" | "ETenms-B5" | "HKscs-B5" | "HKdla-B5" | "HKdlb-B5" | "HKgccs-B5"
        | "HKm314-B5" | "HKm471-B5" => Charset::Big5,
        _ => return None,
    };
    Some(CodeScheme::Bytes(charset))
}

/// A Type0 font whose predefined CMap we cannot read.
#[derive(Debug, Clone, PartialEq, Eq)]
struct UnreadableFont {
    /// The font's `/BaseFont`.
    font: String,
    /// The CMap's name (`90ms-RKSJ-H`).
    encoding: String,
}

impl UnreadableFont {
    /// The problem, for the loader's warning.
    fn problem(&self) -> PdfProblem {
        PdfProblem::Invalid(format!(
            "font {} uses the {} encoding, which cannot be read; re-save the PDF with embedded fonts or convert it to text",
            self.font, self.encoding
        ))
    }
}

/// One step down from an object to a font dictionary inside it (a stream's
/// dictionary is entered without a step).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(Vec<u8>),
    Index(usize),
}

/// How a Type0 font is rewritten.
#[derive(Debug)]
struct FontFix {
    /// The top-level object holding the font, and the steps down to it.
    object: ObjectId,
    path: Vec<Step>,
    scheme: CodeScheme,
    vertical: bool,
    /// The font has a ToUnicode stream of its own (kept: it maps the same
    /// codes).
    own_to_unicode: bool,
    /// The descendant CIDFont, with its widths by code (see [`widths_by_code`]).
    descendant: pdf_extract::Dictionary,
}

/// Nesting deeper than this is not searched for fonts.
const MAX_FONT_SEARCH_DEPTH: usize = 32;

/// Makes Type0 fonts with a predefined CMap readable by pdf-extract, which
/// knows only `Identity-H`/`-V` (and panics on other names):
///
/// - `Uni…-UCS2-H`/`-V` and `Uni…-UTF16-H`/`-V` become `Identity-H`/`-V`:
///   the codes stay two-byte units, and a ToUnicode map that gives each code
///   as itself is attached when the font has none ([`to_unicode_cmap`]).
/// - The GB, GBK, GB 18030 and Big5 CMaps become an embedded CMap whose
///   codespace is the charset's (one-byte ASCII, two-byte codes, four-byte
///   GB 18030 codes) and whose CIDs are the codes, with a ToUnicode map
///   decoded by `encoding_rs` ([`encoding_cmap`], [`to_unicode_cmap`]).
///
/// The ToUnicode maps hold the codes the document shows ([`shown_codes`]),
/// or all of them when a content stream cannot be decoded. pdf-extract then
/// looks widths up by code, not by the font's CIDs (which only the CMap, not
/// in the file, knows), so the descendant font gets a new `/W`
/// ([`widths_by_code`]). Returns the fonts whose CMap stays unreadable.
fn readable_cmaps(doc: &mut Document) -> Vec<UnreadableFont> {
    let mut fixes = Vec::new();
    let mut unreadable = Vec::new();
    for (&id, object) in &doc.objects {
        let mut sites = Vec::new();
        type0_fonts(object, &mut Vec::new(), 0, &mut sites);
        for (path, font) in sites {
            let Some(name) = font
                .get(b"Encoding")
                .ok()
                .and_then(|o| doc.dereference(o).ok())
                .and_then(|(_, o)| o.as_name().ok())
                .map(|n| String::from_utf8_lossy(n).into_owned())
            else {
                continue;
            };
            if name == "Identity-H" || name == "Identity-V" {
                continue;
            }
            let Some(scheme) = code_scheme(&name) else {
                let base = font
                    .get(b"BaseFont")
                    .ok()
                    .and_then(|o| o.as_name().ok())
                    .map(|n| String::from_utf8_lossy(n).into_owned())
                    .unwrap_or_else(|| "(unnamed)".to_string());
                unreadable.push(UnreadableFont {
                    font: base,
                    encoding: name,
                });
                continue;
            };
            let Some(descendant) = descendant_by_code(doc, font, scheme) else {
                continue; // pdf-extract fails on it in any case
            };
            let own_to_unicode = matches!(
                font.get(b"ToUnicode")
                    .ok()
                    .and_then(|o| doc.dereference(o).ok()),
                Some((_, Object::Stream(_)))
            );
            fixes.push(FontFix {
                object: id,
                path,
                scheme,
                vertical: name.ends_with("-V"),
                own_to_unicode,
                descendant,
            });
        }
    }
    if fixes.is_empty() {
        return unreadable;
    }
    // pdf-extract reads a font's ToUnicode map anew on every page: a map of
    // only the codes shown is much smaller than one of all the codes.
    let shown = shown_strings(doc);
    let mut to_unicode: HashMap<CodeScheme, ObjectId> = HashMap::new();
    let mut encodings: HashMap<(Charset, bool), ObjectId> = HashMap::new();
    for fix in fixes {
        let encoding = match fix.scheme {
            CodeScheme::Ucs2 | CodeScheme::Utf16 => Object::Name(
                if fix.vertical {
                    "Identity-V"
                } else {
                    "Identity-H"
                }
                .as_bytes()
                .to_vec(),
            ),
            CodeScheme::Bytes(charset) => {
                let id = *encodings.entry((charset, fix.vertical)).or_insert_with(|| {
                    let mut dict = pdf_extract::Dictionary::new();
                    dict.set("Type", Object::Name(b"CMap".to_vec()));
                    dict.set("CMapName", Object::Name(b"Analyze-Codes".to_vec()));
                    dict.set("WMode", i64::from(fix.vertical));
                    let cmap = encoding_cmap(charset).into_bytes();
                    doc.add_object(pdf_extract::Stream::new(dict, cmap))
                });
                Object::Reference(id)
            }
        };
        let unicode = (!fix.own_to_unicode).then(|| {
            *to_unicode.entry(fix.scheme).or_insert_with(|| {
                let cmap = match &shown {
                    Some(strings) => to_unicode_cmap(fix.scheme, shown_codes(fix.scheme, strings)),
                    None => to_unicode_cmap(fix.scheme, all_codes(fix.scheme)),
                }
                .into_bytes();
                doc.add_object(pdf_extract::Stream::new(
                    pdf_extract::Dictionary::new(),
                    cmap,
                ))
            })
        });
        let descendant = doc.add_object(Object::Dictionary(fix.descendant));
        let Some(font) = doc
            .objects
            .get_mut(&fix.object)
            .and_then(|o| dict_at(o, &fix.path))
        else {
            continue;
        };
        font.set("Encoding", encoding);
        font.set(
            "DescendantFonts",
            Object::Array(vec![Object::Reference(descendant)]),
        );
        if let Some(unicode) = unicode {
            font.set("ToUnicode", Object::Reference(unicode));
        }
    }
    unreadable
}

/// Collects the Type0 font dictionaries in `object` (the object itself or
/// nested in it: fonts are usually objects of their own, but may sit inside
/// a resource dictionary), with the steps down to each.
fn type0_fonts<'a>(
    object: &'a Object,
    path: &mut Vec<Step>,
    depth: usize,
    found: &mut Vec<(Vec<Step>, &'a pdf_extract::Dictionary)>,
) {
    if depth > MAX_FONT_SEARCH_DEPTH {
        return;
    }
    let dict = match object {
        Object::Dictionary(d) => d,
        Object::Stream(s) => &s.dict,
        Object::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Step::Index(i));
                type0_fonts(item, path, depth + 1, found);
                path.pop();
            }
            return;
        }
        _ => return,
    };
    let is_type0 = dict
        .get(b"Subtype")
        .and_then(Object::as_name)
        .is_ok_and(|n| n == b"Type0")
        && dict.has(b"DescendantFonts");
    if is_type0 {
        found.push((path.clone(), dict));
        return;
    }
    for (key, value) in dict.iter() {
        path.push(Step::Key(key.clone()));
        type0_fonts(value, path, depth + 1, found);
        path.pop();
    }
}

/// The dictionary `path` leads to from `object` (see [`type0_fonts`]).
fn dict_at<'a>(object: &'a mut Object, path: &[Step]) -> Option<&'a mut pdf_extract::Dictionary> {
    let mut here = object;
    for step in path {
        here = match (here, step) {
            (Object::Dictionary(d), Step::Key(k)) => d.get_mut(k).ok()?,
            (Object::Stream(s), Step::Key(k)) => s.dict.get_mut(k).ok()?,
            (Object::Array(items), Step::Index(i)) => items.get_mut(*i)?,
            _ => return None,
        };
    }
    match here {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&mut s.dict),
        _ => None,
    }
}

/// A copy of `font`'s descendant CIDFont with `/W` by code.
fn descendant_by_code(
    doc: &Document,
    font: &pdf_extract::Dictionary,
    scheme: CodeScheme,
) -> Option<pdf_extract::Dictionary> {
    let deref = |o| doc.dereference(o).ok().map(|(_, o)| o);
    let list = deref(font.get(b"DescendantFonts").ok()?)?.as_array().ok()?;
    let old = deref(list.first()?)?.as_dict().ok()?;
    let default = old
        .get(b"DW")
        .ok()
        .and_then(deref)
        .and_then(|o| o.as_float().ok())
        .map_or(1000.0, f64::from);
    let mut new = old.clone();
    new.set(
        "W",
        widths_by_code(scheme, &ascii_widths(doc, old), default),
    );
    Some(new)
}

/// The widths of CIDs 1 to 95 in a CIDFont's `/W`, where given: in the
/// Adobe character collections (GB1, CNS1, Japan1, Korea1) these are the
/// proportional ASCII characters U+0020 to U+007E.
fn ascii_widths(doc: &Document, cid_font: &pdf_extract::Dictionary) -> [Option<f64>; 95] {
    let deref = |o| doc.dereference(o).ok().map(|(_, o)| o);
    let number = |o| {
        deref(o)
            .and_then(|o: &Object| o.as_float().ok())
            .map(f64::from)
    };
    let mut out = [None; 95];
    let Some(w) = cid_font
        .get(b"W")
        .ok()
        .and_then(deref)
        .and_then(|o| o.as_array().ok())
    else {
        return out;
    };
    let mut set = |cid: i64, width: f64| {
        if let Some(slot) = usize::try_from(cid - 1).ok().and_then(|i| out.get_mut(i)) {
            *slot = Some(width);
        }
    };
    let mut i = 0;
    // `c [w1 w2 …]` or `c_first c_last w`.
    while let Some(first) = w.get(i).and_then(deref).and_then(|o| o.as_i64().ok()) {
        match w.get(i + 1).and_then(deref) {
            Some(Object::Array(list)) => {
                for (cid, width) in (first..=first.saturating_add(95)).zip(list) {
                    if let Some(width) = number(width) {
                        set(cid, width);
                    }
                }
                i += 2;
            }
            Some(last) => {
                let (Ok(last), Some(width)) = (last.as_i64(), w.get(i + 2).and_then(number)) else {
                    break;
                };
                for cid in first.max(1)..=last.min(95) {
                    set(cid, width);
                }
                i += 3;
            }
            None => break,
        }
    }
    out
}

/// The `/W` array of a rewritten font, whose CIDs are now the codes: codes
/// U+0020 to U+007E (one byte in the legacy charsets, two in UCS-2 and
/// UTF-16) get the width of their proportional ASCII CID (see
/// [`ascii_widths`]) or the default; other codes, whose CIDs only the CMap
/// knows, the default (CJK characters are as wide as `/DW`, usually 1000);
/// UTF-16 low surrogates no width (their pair's first half counts).
fn widths_by_code(scheme: CodeScheme, ascii: &[Option<f64>; 95], default: f64) -> Object {
    let number = |w: f64| {
        if w.fract() == 0.0 && w.abs() < 1e9 {
            Object::Integer(w as i64)
        } else {
            Object::Real(w as f32)
        }
    };
    let ascii = ascii.iter().map(|w| number(w.unwrap_or(default))).collect();
    let mut w = vec![Object::Integer(0x20), Object::Array(ascii)];
    if scheme == CodeScheme::Utf16 {
        w.push(Object::Integer(0xDC00));
        w.push(Object::Array(vec![Object::Integer(0); 0x400]));
    }
    Object::Array(w)
}

/// Writes a CMap: `sections` are `(operator, lines)`, written in blocks of
/// at most 100 lines (`N beginbfrange … endbfrange`).
fn cmap_text(cmap_type: u8, sections: &[(&str, Vec<String>)]) -> String {
    let mut out = String::from("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n");
    out += &format!("/CMapName /Analyze-Codes def\n/CMapType {cmap_type} def\n");
    for (operator, lines) in sections {
        for block in lines.chunks(100) {
            out += &format!("{} begin{operator}\n", block.len());
            for line in block {
                out += line;
                out.push('\n');
            }
            out += &format!("end{operator}\n");
        }
    }
    out + "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
}

/// `code` as a hex string of `bytes` bytes.
fn hex_code(code: u32, bytes: usize) -> String {
    format!("<{code:0width$X}>", width = 2 * bytes)
}

/// The codespace ranges of a legacy charset, as `(first, last, bytes)`:
/// ASCII and C0 in one byte, two-byte codes by first byte (pdf-extract
/// compares codes as numbers, so one range per first byte keeps a GB 18030
/// four-byte code from matching as two bytes), GB 18030's four-byte codes.
fn codespace(charset: Charset) -> Vec<(u32, u32, usize)> {
    let (lo, hi) = (*charset.trails().start(), *charset.trails().end());
    let mut ranges = vec![(0x00, 0x80, 1)];
    for lead in charset.leads() {
        let lead = u32::from(lead) << 8;
        ranges.push((lead | u32::from(lo), lead | u32::from(hi), 2));
    }
    if charset == Charset::Gb18030 {
        for lead in 0x81..=0xFEu32 {
            ranges.push(((lead << 24) | 0x30_8130, (lead << 24) | 0x39_FE39, 4));
        }
    }
    ranges
}

/// The `/Encoding` CMap that stands in for a legacy charset's predefined
/// CMap: its codespace, and CID = code.
///
/// adobe-cmap-parser 0.4 (pdf-extract's) takes a codespace range's width in
/// bytes as half its hex string's byte length, so each range is written
/// twice: as the CMap format has it (which that parser takes as half as
/// wide, so it never matches a code) and zero-padded to twice the length
/// (which it reads right; a parser that counts right never reaches that
/// width for these codes). Its `begincidrange` reads only the first entry
/// right, so each CID range gets a block of its own; it adds the first CID
/// to the code without subtracting the range's first code, so the ranges
/// start at code 0 and CID 0, which both readings agree on.
fn encoding_cmap(charset: Charset) -> String {
    let mut ranges = Vec::new();
    for (first, last, bytes) in codespace(charset) {
        ranges.push(format!(
            "{} {}",
            hex_code(first, bytes),
            hex_code(last, bytes)
        ));
        ranges.push(format!(
            "{} {}",
            hex_code(first, 2 * bytes),
            hex_code(last, 2 * bytes)
        ));
    }
    let mut sections = vec![("codespacerange", ranges)];
    for bytes in [1, 2, 4] {
        let last = if bytes == 4 {
            u32::MAX
        } else {
            (1 << (8 * bytes)) - 1
        };
        sections.push((
            "cidrange",
            vec![format!(
                "{} {} 0",
                hex_code(0, bytes),
                hex_code(last, bytes)
            )],
        ));
    }
    cmap_text(1, &sections)
}

/// The ToUnicode CMap of a rewritten font without one, for `codes`
/// (`(code, bytes)`, in order): the codes the document shows
/// ([`shown_codes`]), or all of the scheme's ([`all_codes`]).
///
/// UCS-2 and UTF-16: each code is its own character, surrogates excepted;
/// for UTF-16 a high surrogate gives U+FFFD (a character beyond the BMP:
/// with two-byte codes a pair cannot be mapped as one), its low surrogate
/// nothing. Legacy charsets: printable ASCII, and every two- or four-byte
/// code that `encoding_rs` decodes. Runs of consecutive codes and
/// characters become `bfrange`s.
fn to_unicode_cmap(scheme: CodeScheme, codes: impl IntoIterator<Item = (u32, usize)>) -> String {
    let mappings: Vec<(u32, usize, String)> = codes
        .into_iter()
        .filter_map(|(code, bytes)| Some((code, bytes, code_text(scheme, code, bytes)?)))
        .collect();
    let (ranges, chars) = bf_lines(&mappings);
    let space = match scheme {
        CodeScheme::Ucs2 | CodeScheme::Utf16 => vec!["<0000> <FFFF>".to_string()],
        CodeScheme::Bytes(charset) => codespace(charset)
            .into_iter()
            .map(|(first, last, bytes)| {
                format!("{} {}", hex_code(first, bytes), hex_code(last, bytes))
            })
            .collect(),
    };
    cmap_text(
        2,
        &[
            ("codespacerange", space),
            ("bfrange", ranges),
            ("bfchar", chars),
        ],
    )
}

/// The text of code `code` of `bytes` bytes, if it has one (see
/// [`to_unicode_cmap`]).
fn code_text(scheme: CodeScheme, code: u32, bytes: usize) -> Option<String> {
    match scheme {
        CodeScheme::Ucs2 | CodeScheme::Utf16 => match (char::from_u32(code), scheme) {
            (Some(c), _) => Some(c.to_string()),
            (None, CodeScheme::Utf16) if (0xD800..=0xDBFF).contains(&code) => {
                Some('\u{FFFD}'.to_string())
            }
            _ => None,
        },
        CodeScheme::Bytes(charset) => {
            let raw = code.to_be_bytes();
            let raw = raw.get(4_usize.checked_sub(bytes)?..)?;
            match raw {
                [b @ 0x20..=0x7E] => Some(char::from(*b).to_string()),
                [_] => None,
                _ => charset
                    .encoding()
                    .decode_without_bom_handling_and_without_replacement(raw)
                    .filter(|s| !s.is_empty())
                    .map(|s| s.into_owned()),
            }
        }
    }
}

/// Every code of a scheme, as `(code, bytes)` in order: two-byte units for
/// UCS-2 and UTF-16; for legacy charsets printable ASCII, the two-byte
/// codes, and GB 18030's four-byte codes of BMP characters (first bytes
/// 0x81 to 0x84; the other planes' million codes are left out).
fn all_codes(scheme: CodeScheme) -> Vec<(u32, usize)> {
    let charset = match scheme {
        CodeScheme::Ucs2 | CodeScheme::Utf16 => return (0..=0xFFFF).map(|c| (c, 2)).collect(),
        CodeScheme::Bytes(charset) => charset,
    };
    let mut codes: Vec<(u32, usize)> = (0x20..=0x7E).map(|b| (b, 1)).collect();
    for lead in charset.leads() {
        for trail in charset.trails() {
            codes.push((u32::from_be_bytes([0, 0, lead, trail]), 2));
        }
    }
    if charset == Charset::Gb18030 {
        for b1 in 0x81..=0x84u8 {
            for b2 in 0x30..=0x39u8 {
                for b3 in 0x81..=0xFEu8 {
                    for b4 in 0x30..=0x39u8 {
                        codes.push((u32::from_be_bytes([b1, b2, b3, b4]), 4));
                    }
                }
            }
        }
    }
    codes
}

/// The codes of `scheme` in the strings `strings`, as `(code, bytes)`:
/// cut as pdf-extract cuts them (two-byte units; for legacy charsets by the
/// codespace, see [`codespace`]).
fn shown_codes(scheme: CodeScheme, strings: &[Vec<u8>]) -> BTreeSet<(u32, usize)> {
    let mut codes = BTreeSet::new();
    for s in strings {
        let CodeScheme::Bytes(charset) = scheme else {
            codes.extend(
                s.chunks_exact(2)
                    .map(|u| (u32::from(u16::from_be_bytes([u[0], u[1]])), 2)),
            );
            continue;
        };
        let mut rest = s.as_slice();
        while let Some(&first) = rest.first() {
            let bytes = match rest {
                [b, ..] if *b <= 0x80 => 1,
                [lead, trail, ..]
                    if charset.leads().contains(lead) && charset.trails().contains(trail) =>
                {
                    2
                }
                [_, b2, b3, b4, ..]
                    if charset == Charset::Gb18030
                        && first >= 0x81
                        && (0x30..=0x39).contains(b2)
                        && (0x81..=0xFE).contains(b3)
                        && (0x30..=0x39).contains(b4) =>
                {
                    4
                }
                _ => break, // pdf-extract stops here too
            };
            let (code, tail) = rest.split_at(bytes);
            codes.insert((code.iter().fold(0, |n, &b| (n << 8) | u32::from(b)), bytes));
            rest = tail;
        }
    }
    codes
}

/// Every string the document's content streams (pages and Form XObjects)
/// show, or `None` when one of them cannot be decoded.
fn shown_strings(doc: &Document) -> Option<Vec<Vec<u8>>> {
    let mut contents = Vec::new();
    for id in doc.get_pages().into_values() {
        contents.push(doc.get_page_content(id).ok()?);
    }
    for object in doc.objects.values() {
        if let Object::Stream(s) = object
            && s.dict
                .get(b"Subtype")
                .and_then(Object::as_name)
                .is_ok_and(|n| n == b"Form")
        {
            contents.push(
                s.decompressed_content()
                    .unwrap_or_else(|_| s.content.clone()),
            );
        }
    }
    let mut strings = Vec::new();
    for content in contents {
        let content = pdf_extract::content::Content::decode(&content).ok()?;
        for operation in content.operations {
            if !matches!(operation.operator.as_str(), "Tj" | "TJ" | "'" | "\"") {
                continue;
            }
            for operand in operation.operands {
                match operand {
                    Object::String(s, _) => strings.push(s),
                    Object::Array(items) => {
                        strings.extend(items.into_iter().filter_map(|o| match o {
                            Object::String(s, _) => Some(s),
                            _ => None,
                        }))
                    }
                    _ => {}
                }
            }
        }
    }
    Some(strings)
}

/// `bfrange` and `bfchar` lines for `(code, bytes, text)` mappings in code
/// order: a run of codes that differ only in the last byte, counting up,
/// mapped to BMP characters that count up too, is one range.
fn bf_lines(mappings: &[(u32, usize, String)]) -> (Vec<String>, Vec<String>) {
    let unit = |text: &str| -> Option<u16> {
        let mut units = text.encode_utf16();
        match (units.next(), units.next()) {
            (Some(u), None) => Some(u),
            _ => None,
        }
    };
    let utf16_hex =
        |text: &str| -> String { text.encode_utf16().map(|u| format!("{u:04X}")).collect() };
    let (mut ranges, mut chars) = (Vec::new(), Vec::new());
    let mut i = 0;
    while i < mappings.len() {
        let (code, bytes, text) = &mappings[i];
        let mut end = i;
        if let Some(first) = unit(text) {
            while let Some((next, next_bytes, next_text)) = mappings.get(end + 1) {
                let step = u32::try_from(end + 1 - i).unwrap_or(u32::MAX);
                let follows = next_bytes == bytes
                    && *next == code.saturating_add(step)
                    && next >> 8 == code >> 8
                    && unit(next_text)
                        == first.checked_add(u16::try_from(step).unwrap_or(u16::MAX));
                if !follows {
                    break;
                }
                end += 1;
            }
        }
        let last = mappings[end].0;
        if end > i {
            ranges.push(format!(
                "{} {} <{}>",
                hex_code(*code, *bytes),
                hex_code(last, *bytes),
                utf16_hex(text)
            ));
        } else {
            chars.push(format!("{} <{}>", hex_code(*code, *bytes), utf16_hex(text)));
        }
        i = end + 1;
    }
    (ranges, chars)
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

/// The Info title when it names a report, not the file it came from
/// ([`super::report_title_property`]).
fn usable_title(raw: &str) -> Option<String> {
    super::report_title_property(raw)
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
/// of the font size), then left to right; on a page set in two columns
/// ([`gutter`]), each stretch of rows split by the gutter is read down the
/// left column, then down the right. The flag: the page is in columns.
fn lines_of(mut glyphs: Vec<Glyph>) -> (Vec<Line>, bool) {
    glyphs.sort_by(|a, b| b.y.total_cmp(&a.y));
    let mut rows: Vec<Vec<Glyph>> = Vec::new();
    let mut start = 0;
    for i in 1..=glyphs.len() {
        let split = i == glyphs.len() || {
            let (top, g) = (&glyphs[start], &glyphs[i]);
            top.y - g.y > 0.4 * top.size.min(g.size)
        };
        if split {
            let mut row = glyphs[start..i].to_vec();
            row.sort_by(|a, b| a.x.total_cmp(&b.x));
            rows.push(row);
            start = i;
        }
    }
    match gutter(&rows) {
        Some(at) => (two_columns(&rows, at), true),
        None => (rows.iter().filter_map(|r| line_of(r)).collect(), false),
    }
}

/// Rows that must agree on a gutter before a page counts as set in two
/// columns.
const MIN_COLUMN_ROWS: usize = 6;

/// Where a page set in two columns has its gutter: the middle of the
/// widest vertical band, 1.2 em or wider and in the middle half of the
/// text's width, that at most a quarter of the page's rows cross (a
/// title, a running header or a page number set across both columns),
/// with [`MIN_COLUMN_ROWS`] rows or more, and a third of the rows or more,
/// holding text on each side of it. The two columns' baselines need not
/// line up. `None` for a page in one column, whose lines cross the middle
/// (a spaced title or a signature's gap is one row).
fn gutter(rows: &[Vec<Glyph>]) -> Option<f64> {
    let (left, right) = rows
        .iter()
        .flatten()
        .fold((f64::MAX, f64::MIN), |(l, r), g| {
            (l.min(g.x), r.max(g.ink_end))
        });
    // A page wider than any paper (a broken matrix) is not looked at.
    if rows.len() < MIN_COLUMN_ROWS || right <= left || right - left > 20_000.0 {
        return None;
    }
    let size = median(rows.iter().flatten().map(|g| g.size).collect())?;
    // How many rows cover each unit-wide bin of the text's width.
    let bins = (right - left).ceil() as usize + 1;
    let bin = |x: f64| (((x - left).max(0.0)) as usize).min(bins - 1);
    let (mut cover, mut stamp) = (vec![0usize; bins], vec![usize::MAX; bins]);
    for (r, row) in rows.iter().enumerate() {
        for g in row {
            for b in bin(g.x)..=bin(g.ink_end) {
                if stamp[b] != r {
                    stamp[b] = r;
                    cover[b] += 1;
                }
            }
        }
    }
    let (lo, hi) = (
        bin(left + 0.25 * (right - left)),
        bin(left + 0.75 * (right - left)),
    );
    let free = |b: usize| cover[b] * 4 <= rows.len();
    let mut best: Option<(usize, usize)> = None;
    let mut b = lo;
    while b <= hi {
        if !free(b) {
            b += 1;
            continue;
        }
        let start = b;
        while b < bins && free(b) {
            b += 1;
        }
        let (a, z) = (left + start as f64, left + b as f64);
        let wide = z - a >= 1.2 * size;
        let beside = |on_left: bool| {
            rows.iter()
                .filter(|row| {
                    row.iter()
                        .any(|g| if on_left { g.ink_end <= a } else { g.x >= z })
                })
                .count()
        };
        let sides = [beside(true), beside(false)];
        let enough = sides
            .iter()
            .all(|&n| n >= MIN_COLUMN_ROWS && n * 3 >= rows.len());
        if wide && enough && best.is_none_or(|(s, e)| e - s < b - start) {
            best = Some((start, b));
        }
    }
    best.map(|(s, e)| left + (s + e) as f64 / 2.0)
}

/// Whether a glyph of `row` is set across `at`.
fn crosses(row: &[Glyph], at: f64) -> bool {
    row.iter().any(|g| g.x < at && at < g.ink_end)
}

/// The lines of a page in two columns split at `at`: rows that cross the
/// gutter stay whole and in place; each stretch of rows between them is
/// read down the left column, then down the right, the right column's
/// lines moved onto the left one's margin (so paragraphs are joined as in
/// one column). A row on one side only, above the other column's top or
/// below its foot (a page number under one column, a header over one),
/// stays in place before or after the columns.
fn two_columns(rows: &[Vec<Glyph>], at: f64) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut stretch: Vec<&Vec<Glyph>> = Vec::new();
    let flush = |stretch: &mut Vec<&Vec<Glyph>>, lines: &mut Vec<Line>| {
        let on = |row: &[Glyph], left: bool| row.iter().any(|g| (g.x < at) == left);
        let one_sided = |row: &[Glyph]| on(row, true) != on(row, false);
        // The baselines of the rows with text on a side, but `skip`.
        let baselines = |left: bool, skip: usize, stretch: &[&Vec<Glyph>]| -> Vec<f64> {
            stretch
                .iter()
                .enumerate()
                .filter(|&(k, r)| k != skip && on(r, left))
                .map(|(_, r)| r[0].y)
                .collect()
        };
        let apart = |k: usize, stretch: &[&Vec<Glyph>], below: bool| {
            let row = stretch[k];
            let size = row[0].size;
            let other = !on(row, true);
            let ys = baselines(other, k, stretch);
            one_sided(row)
                && !ys.is_empty()
                && if below {
                    ys.iter().all(|&y| row[0].y < y - 1.5 * size)
                } else {
                    ys.iter().all(|&y| row[0].y > y + 1.5 * size)
                }
        };
        let mut before = 0;
        while before < stretch.len() && apart(before, stretch, false) {
            before += 1;
        }
        let mut after = stretch.len();
        while after > before && apart(after - 1, stretch, true) {
            after -= 1;
        }
        lines.extend(stretch[..before].iter().filter_map(|r| line_of(r)));
        let tail: Vec<Line> = stretch[after..].iter().filter_map(|r| line_of(r)).collect();
        let stretch = &stretch[before..after];
        let split = |left: bool| -> Vec<Line> {
            stretch
                .iter()
                .filter_map(|row| {
                    let part: Vec<Glyph> =
                        row.iter().filter(|g| (g.x < at) == left).cloned().collect();
                    line_of(&part)
                })
                .collect()
        };
        let (l, mut r) = (split(true), split(false));
        // Each column's margin: where most of its lines start (a low
        // quantile, not the least: a page number set under one column
        // starts further in).
        let edge = |v: &[Line]| quantile(v.iter().map(|l| l.x0).collect(), 0.1);
        let shift = match (edge(&l), edge(&r)) {
            (Some(a), Some(b)) => a - b,
            _ => 0.0,
        };
        for line in &mut r {
            line.x0 += shift;
            line.x1 += shift;
        }
        lines.extend(l);
        lines.extend(r);
        lines.extend(tail);
    };
    for row in rows {
        if crosses(row, at) {
            flush(&mut stretch, &mut lines);
            stretch.clear();
            lines.extend(line_of(row));
        } else {
            stretch.push(row);
        }
    }
    flush(&mut stretch, &mut lines);
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
fn clean_pages(mut pages: Vec<Vec<Line>>, columns: &[bool]) -> String {
    for page in &mut pages {
        strip_banners(page);
        drop_page_numbers(page);
    }
    drop_running_chrome(&mut pages);
    let paragraphs = join_paragraphs(&pages, columns);
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
/// of the pages and of three pages or more, and hardly ever inside a page
/// (body lines that differ only in their numbers, `…第29项工作…` and
/// `…第30项工作…` in a list of formulaic paragraphs, recur at page edges
/// too, but also everywhere between them). `keep(i, places)` may keep
/// line `i` of the first page (where the title may look like the header).
pub(crate) fn running_chrome<L>(
    pages: &[Vec<L>],
    text: impl Fn(&L) -> &str,
    keep: impl Fn(usize, &[(usize, usize)]) -> bool,
) -> Vec<HashSet<usize>> {
    let n = pages.len();
    let mut seen: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
    let mut inside: Vec<String> = Vec::new();
    for (p, page) in pages.iter().enumerate() {
        let mut here = HashSet::new();
        let edges = edge_indexes(page.len());
        for i in &edges {
            let key = chrome_key(text(&page[*i]));
            if !key.is_empty() && here.insert(key.clone()) {
                seen.entry(key).or_default().push((p, *i));
            }
        }
        inside.extend(
            (0..page.len())
                .filter(|i| !edges.contains(i))
                .map(|i| chrome_key(text(&page[i]))),
        );
    }
    let mut inside_counts: HashMap<&str, usize> = HashMap::new();
    for key in &inside {
        if seen.contains_key(key) {
            *inside_counts.entry(key).or_default() += 1;
        }
    }
    let mut drop: Vec<HashSet<usize>> = vec![HashSet::new(); n];
    for (key, places) in &seen {
        if places.len() < 3 || places.len() * 2 < n {
            continue;
        }
        // A header may be quoted in the body once in a while (a title
        // page's title); body text recurs inside pages as often as at
        // their edges.
        if inside_counts.get(key.as_str()).copied().unwrap_or(0) * 4 > places.len() {
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
    /// width (or of its own columns' width, on a page in two columns,
    /// `columns[page]`), else the document's.
    fn per_page(pages: &[Vec<Line>], columns: &[bool]) -> Vec<Margins> {
        let fallback = Margins {
            left: 0.0,
            right: 0.0,
        };
        let doc = Margins::of(pages.iter().flatten()).unwrap_or(fallback);
        pages
            .iter()
            .enumerate()
            .map(|(p, page)| {
                let long = page.iter().filter(|l| l.text.chars().count() >= 4).count();
                let in_columns = columns.get(p).copied().unwrap_or(false);
                match Margins::of(page.iter()) {
                    Some(m)
                        if long >= 6
                            && (in_columns || m.right > doc.right - 6.0 * typical_size(page)) =>
                    {
                        m
                    }
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

    /// Would the line reach the right margin (within 2 em) if its
    /// half-width characters (digits, Latin letters, ASCII punctuation)
    /// were as wide as a Han character? Text wrapped by character count
    /// (a plain text printed to PDF) leaves a line holding `2023`,
    /// `15%` or `PM2.5` that much short of the margin, mid-sentence.
    fn is_full_by_count(&self) -> bool {
        let half = self
            .line
            .text
            .chars()
            .filter(char::is_ascii_graphic)
            .count() as f64;
        half > 0.0 && self.line.x1 >= self.margins.right - (2.0 + 0.5 * half) * self.line.size
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
    /// a line that stops short of the right margin (unless it holds
    /// half-width characters that explain the gap and ends no sentence:
    /// [`Flow::is_full_by_count`]). After sentence-final
    /// punctuation only when the document indents its paragraphs and `next`
    /// is not indented (so a full line that ends on `。` mid-paragraph
    /// joins); without final punctuation unless `next` is indented in such
    /// a document.
    fn continues(&self, next: &Flow<'_>, indenting: bool) -> bool {
        let (a, b) = (self.line, next.line);
        if starts_block(&b.text) || (a.size - b.size).abs() > 0.15 * a.size.max(b.size) {
            return false;
        }
        // No paragraph starts with closing punctuation: text wrapped by
        // character count (`。` alone after a line short of digits).
        if b.text.starts_with(|c| CLOSING_PUNCT.contains(c)) {
            return true;
        }
        if !self.is_full() && (ends_sentence(&a.text) || !self.is_full_by_count()) {
            return false;
        }
        if ends_sentence(&a.text) {
            return indenting && next.at_margin();
        }
        !(indenting && next.is_indented())
    }
}

/// Punctuation that closes what comes before it, which no paragraph starts
/// with.
const CLOSING_PUNCT: &str = "。，、；：？！）】」』》〉”’．";

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

/// Rule 4: the paragraphs of the pages, lines joined (also over page
/// breaks); `columns[page]`: the page is set in two columns.
fn join_paragraphs(pages: &[Vec<Line>], columns: &[bool]) -> Vec<String> {
    let margins = Margins::per_page(pages, columns);
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
            r"|\d{1,3}\s*、",
            // `1.` / `１．` numbering, not a decimal (`2.5`, `２．５`).
            r"|\d{1,3}\s*[.．](?:[^\d]|$)",
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
    fn two_column_fixture_reads_column_after_column() {
        // The same report set in two columns (tests/fixtures/pdf/README.md):
        // the same paragraphs, joined over column and page breaks.
        let got = pdf_text(&fixture("two_columns.pdf")).unwrap();
        assert_eq!(got.pages, 2);
        let want = String::from_utf8(fixture("two_columns.expected.txt")).unwrap();
        let want = want.trim_end();
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

    /// The glyphs of `text` set from `x` on baseline `y`, one em each.
    fn set(text: &str, x: f64, y: f64) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .map(|(i, c)| {
                let x = x + 10.0 * i as f64;
                Glyph {
                    text: c.to_string(),
                    x,
                    y,
                    advance_end: x + 10.0,
                    ink_end: x + 10.0,
                    size: 10.0,
                }
            })
            .collect()
    }

    fn texts(lines: &[Line]) -> Vec<&str> {
        lines.iter().map(|l| l.text.as_str()).collect()
    }

    #[test]
    fn two_columns_are_read_one_after_the_other() {
        // A title across the page, eight rows of two columns (x 50 and
        // 300, 18 em wide), a page number under the right or left column.
        let left = |i: usize| format!("左栏第{i}行文字左栏第{i}行文字左栏");
        let right = |i: usize| format!("右栏第{i}行文字右栏第{i}行文字右栏");
        let page = |offset: f64, page_number_x: f64| {
            let mut g = set(
                "示例市人民政府公报二〇一九年第一期政府工作报告全文",
                100.0,
                800.0,
            );
            for i in 0..8 {
                let y = 760.0 - 20.0 * i as f64;
                g.extend(set(&left(i), 50.0, y));
                g.extend(set(&right(i), 300.0, y - offset));
            }
            g.extend(set("- 3 -", page_number_x, 40.0));
            g
        };
        // Baselines in line, and offset by half a line (the two columns'
        // rows are then rows of their own).
        for (offset, page_number_x) in [(0.0, 400.0), (10.0, 400.0), (0.0, 120.0), (10.0, 120.0)] {
            let (lines, in_columns) = lines_of(page(offset, page_number_x));
            assert!(in_columns);
            let want: Vec<String> =
                std::iter::once("示例市人民政府公报二〇一九年第一期政府工作报告全文".to_string())
                    .chain((0..8).map(left))
                    .chain((0..8).map(right))
                    .chain(std::iter::once("- 3 -".to_string()))
                    .collect();
            assert_eq!(texts(&lines), want, "offset {offset}");
            // The right column is moved onto the left one's margin.
            let right_line = lines.iter().find(|l| l.text == right(0)).unwrap();
            assert_eq!(right_line.x0, 50.0);
        }
    }

    #[test]
    fn one_column_pages_have_no_gutter() {
        // Full lines, a spaced title, a speaker line with a wide gap, a
        // short table of two columns (five rows).
        let mut g = set("政 府 工 作 报 告", 150.0, 800.0);
        g.extend(set("示例市市长", 100.0, 780.0));
        g.extend(set("张某某", 300.0, 780.0));
        for i in 0..5 {
            let y = 760.0 - 20.0 * i as f64;
            g.extend(set("指标名称", 50.0, y));
            g.extend(set("数值", 300.0, y));
        }
        for i in 0..12 {
            let y = 640.0 - 20.0 * i as f64;
            g.extend(set(&"正文整行文字".repeat(5), 50.0, y));
        }
        let (lines, in_columns) = lines_of(g);
        assert!(!in_columns);
        assert_eq!(lines[2].text, "指标名称 数值");
        // A short page (a title and a few lines) is never in columns.
        let mut g = set("附件", 50.0, 800.0);
        for i in 0..4 {
            g.extend(set("左", 50.0, 700.0 - 20.0 * i as f64));
            g.extend(set("右", 300.0, 700.0 - 20.0 * i as f64));
        }
        assert!(!lines_of(g).1);
    }

    #[test]
    fn formulaic_body_lines_at_page_edges_are_no_running_header() {
        // Paragraphs that differ only in their numbers, two lines each:
        // their first lines fall on page edges on every page, but inside
        // the pages too. Only the real header (and nothing of the body)
        // goes.
        let mut k = 0;
        let mut pages: Vec<Vec<Line>> = (0..6)
            .map(|p| {
                let mut texts = vec!["示例市人民政府公报 2019年第1期".to_string()];
                for _ in 0..9 {
                    texts.push(format!(
                        "过去一年,我们大力发展数字经济,推进第{k}项工作,规模持续扩"
                    ));
                    texts.push("大,人工智能产业加快集聚。".to_string());
                    k += 1;
                }
                if p % 2 == 1 {
                    texts.remove(1);
                }
                let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
                body(&texts)
            })
            .collect();
        let before: usize = pages.iter().map(Vec::len).sum();
        drop_running_chrome(&mut pages);
        let after: usize = pages.iter().map(Vec::len).sum();
        assert_eq!(before - after, 6);
        assert!(
            pages
                .iter()
                .flatten()
                .all(|l| !l.text.starts_with("示例市人民政府公报"))
        );
        for k in [0, 10, 26, 53] {
            let want = format!("过去一年,我们大力发展数字经济,推进第{k}项工作,规模持续扩");
            assert!(pages.iter().flatten().any(|l| l.text == want), "{want}");
        }
    }

    #[test]
    fn chrome_keys_ignore_spaces_and_numbers() {
        assert_eq!(chrome_key("第 12 页 共 30 页"), "第#页共#页");
        assert_eq!(chrome_key(" 示例市 人民政府 "), "示例市人民政府");
        assert_eq!(chrome_key("２０２３年"), "#年");
    }

    fn joined(pages: &[Vec<Line>]) -> Vec<String> {
        join_paragraphs(pages, &[])
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
    fn a_line_of_closing_punctuation_joins_the_line_before() {
        // Wrapped by character count: a line short of its digits, then `。`.
        let page = body(&[
            ">开头的一行文字写满了整",
            "<行增长8000多亿元",
            "<。",
            ">下一段。",
        ]);
        assert_eq!(
            joined(&[page]),
            ["开头的一行文字写满了整行增长8000多亿元。", "下一段。"]
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
    fn lines_wrapped_by_character_count_join_where_half_width_characters_left_them_short() {
        // Text block 100..400 (30 em). A line of 26 Han characters and 8
        // half-width ones wrapped by count ends 4 em short of the margin.
        let page = vec![
            line(
                "过去一年,全市地区生产总值增长2023.5亿元,推动高质",
                100.0,
                360.0,
                700.0,
            ),
            line(
                "量发展,加快发展数字经济,全年新增市场主体一万多户。",
                100.0,
                400.0,
                680.0,
            ),
            // All Han and as short: a paragraph's end, as before.
            line(
                "这是一段没有标点而且比页边短四个字的最后一行文字",
                100.0,
                360.0,
                660.0,
            ),
            line(
                "新的一段从页边开始写,一直写到右边的页边为止的文字。",
                100.0,
                400.0,
                640.0,
            ),
            // Short and ending a sentence: a paragraph's end.
            line(
                "地区生产总值增长5.5%,完成全年目标任务的百分之百。",
                100.0,
                360.0,
                620.0,
            ),
            line(
                "下一段从页边开始写,一直写到右边的页边为止的文字。",
                100.0,
                400.0,
                600.0,
            ),
            // Far shorter than its half-width characters explain: a heading.
            line("2023年工作回顾", 100.0, 250.0, 580.0),
            line(
                "过去一年从页边开始写,一直写到右边的页边为止的文字。",
                100.0,
                400.0,
                560.0,
            ),
        ];
        assert_eq!(
            joined(&[page]),
            [
                "过去一年,全市地区生产总值增长2023.5亿元,推动高质量发展,加快发展数字经济,全年新增市场主体一万多户。",
                "这是一段没有标点而且比页边短四个字的最后一行文字",
                "新的一段从页边开始写,一直写到右边的页边为止的文字。",
                "地区生产总值增长5.5%,完成全年目标任务的百分之百。",
                "下一段从页边开始写,一直写到右边的页边为止的文字。",
                "2023年工作回顾",
                "过去一年从页边开始写,一直写到右边的页边为止的文字。",
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
            "２．５)浓度",
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
            "Document1",
            "附件1",
            "2017年工作总结",
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

    /// A one-page PDF in the shape of old Acrobat and reportlab output: a
    /// Type0 font with the predefined CMap `encoding`, no embedded program
    /// and no ToUnicode map (unless `to_unicode` gives one), Adobe-GB1 widths
    /// (`/W` in both forms); `lines` are `(x, y, size, codes)` drawn one `Tj`
    /// each.
    fn predefined_cmap_pdf(
        encoding: &str,
        to_unicode: Option<&str>,
        lines: &[(f64, f64, f64, Vec<u8>)],
    ) -> Vec<u8> {
        let content: String = lines
            .iter()
            .map(|(x, y, size, codes)| {
                let hex: String = codes.iter().map(|b| format!("{b:02X}")).collect();
                format!("BT /F1 {size} Tf {x} {y} Td <{hex}> Tj ET\n")
            })
            .collect();
        let unicode_entry = if to_unicode.is_some() {
            " /ToUnicode 9 0 R"
        } else {
            ""
        };
        let mut objects = vec![
            "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>".to_string(),
            format!("<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /{encoding} /DescendantFonts [6 0 R]{unicode_entry} >>"),
            format!("<< /Length {} >>\nstream\n{content}endstream", content.len()),
            "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 8 0 R /DW 1000 /W [1 [207 270 342] 4 95 500] >>".to_string(),
            "<< /Title (x) >>".to_string(),
            "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 752 /Descent -271 /CapHeight 737 /StemV 58 >>".to_string(),
        ];
        if let Some(cmap) = to_unicode {
            objects.push(format!(
                "<< /Length {} >>\nstream\n{cmap}endstream",
                cmap.len()
            ));
        }
        write_pdf(&objects)
    }

    /// `text` as UTF-16BE code units.
    fn utf16_be(text: &str) -> Vec<u8> {
        text.encode_utf16().flat_map(u16::to_be_bytes).collect()
    }

    /// `text` in a legacy charset (none of it unmappable).
    fn encoded(text: &str, encoding: &'static encoding_rs::Encoding) -> Vec<u8> {
        let (bytes, _, unmappable) = encoding.encode(text);
        assert!(!unmappable, "{text}");
        bytes.into_owned()
    }

    /// A report page: title, two body lines (the second indented, as a new
    /// paragraph), a page number at the foot; each line in `encode`.
    fn report_lines(
        title: &str,
        body: [&str; 2],
        encode: impl Fn(&str) -> Vec<u8>,
    ) -> Vec<(f64, f64, f64, Vec<u8>)> {
        vec![
            (250.0, 780.0, 16.0, encode(title)),
            (72.0, 700.0, 12.0, encode(body[0])),
            (96.0, 680.0, 12.0, encode(body[1])),
            (290.0, 40.0, 9.0, encode("- 3 -")),
        ]
    }

    const BODY: [&str; 2] = [
        "2024年数字经济核心产业增加值占GDP比重达到10%。",
        "做好2025年政府工作，要坚持稳中求进。",
    ];

    const EXPECTED: &str = "政府工作报告\n2024年数字经济核心产业增加值占GDP比重达到10%。\n做好2025年政府工作，要坚持稳中求进。";

    #[test]
    fn ucs2_cmap_fonts_without_to_unicode_are_read() {
        for encoding in [
            "UniGB-UCS2-H",
            "UniGB-UCS2-V",
            "UniCNS-UCS2-H",
            "UniJIS-UCS2-H",
        ] {
            let pdf = predefined_cmap_pdf(
                encoding,
                None,
                &report_lines("政府工作报告", BODY, utf16_be),
            );
            let got = pdf_text(&pdf).unwrap_or_else(|e| panic!("{encoding}: {e:?}"));
            assert_eq!(got.text, EXPECTED, "{encoding}");
        }
    }

    #[test]
    fn ucs2_glyphs_advance_by_their_widths() {
        // ASCII by CIDs 1–95 of the old /W (both forms), CJK by /DW: "AB"
        // and "数" drawn in one string, then "C" where the string ends.
        let pdf = predefined_cmap_pdf(
            "UniGB-UCS2-H",
            None,
            &[
                (100.0, 700.0, 10.0, utf16_be(" !A数")),
                (100.0 + 2.07 + 2.7 + 5.0 + 10.0, 700.0, 10.0, utf16_be("C")),
            ],
        );
        let raw = read_pdf(&pdf).unwrap();
        let line = &raw.pages[0][0];
        assert_eq!(line.text, "!A数C");
        assert!(
            (line.x1 - (100.0 + 2.07 + 2.7 + 5.0 + 10.0 + 5.0)).abs() < 1e-3,
            "{line:?}"
        );
    }

    #[test]
    fn a_font_with_its_own_to_unicode_keeps_it() {
        // The font's own map (codes as UCS-2 but 经 drawn as 经济) wins.
        let cmap = identity_cmap(&[]).replace(
            "endcmap",
            "1 beginbfchar\n<7ECF> <7ECF6D4E>\nendbfchar\nendcmap",
        );
        let pdf = predefined_cmap_pdf(
            "UniGB-UCS2-H",
            Some(&cmap),
            &[(100.0, 700.0, 12.0, utf16_be("经"))],
        );
        let raw = read_pdf(&pdf).unwrap();
        assert_eq!(raw.pages[0][0].text, "经济");
    }

    #[test]
    fn utf16_cmap_fonts_are_read_and_pairs_become_replacement_characters() {
        let body = [
            "2024年数字经济核心产业增加值占GDP比重达到10%。",
            "做好2025年政府工作，要坚持稳中求进𠀀。",
        ];
        let pdf = predefined_cmap_pdf(
            "UniGB-UTF16-H",
            None,
            &report_lines("政府工作报告", body, utf16_be),
        );
        let got = pdf_text(&pdf).unwrap();
        assert_eq!(got.text, EXPECTED.replace("求进。", "求进\u{FFFD}。"));
        // The pair's second half has no width: the next glyph follows at once.
        let pdf = predefined_cmap_pdf(
            "UniCNS-UTF16-V",
            None,
            &[
                (100.0, 700.0, 10.0, utf16_be("𠀀数")),
                (120.0, 700.0, 10.0, utf16_be("字")),
            ],
        );
        assert_eq!(read_pdf(&pdf).unwrap().pages[0][0].text, "\u{FFFD}数字");
    }

    #[test]
    fn gbk_and_gb2312_cmap_fonts_are_read() {
        for encoding in [
            "GBK-EUC-H",
            "GBKp-EUC-H",
            "GB-EUC-H",
            "GBpc-EUC-V",
            "GBK2K-H",
        ] {
            let gbk = |t: &str| encoded(t, encoding_rs::GBK);
            let pdf = predefined_cmap_pdf(encoding, None, &report_lines("政府工作报告", BODY, gbk));
            let got = pdf_text(&pdf).unwrap_or_else(|e| panic!("{encoding}: {e:?}"));
            assert_eq!(got.text, EXPECTED, "{encoding}");
        }
        // GBK's own characters (not in GB 2312), one-byte codes in between.
        let pdf = predefined_cmap_pdf(
            "GBK-EUC-H",
            None,
            &[(100.0, 700.0, 12.0, encoded("丂A镕基 B", encoding_rs::GBK))],
        );
        assert_eq!(read_pdf(&pdf).unwrap().pages[0][0].text, "丂A镕基 B");
    }

    #[test]
    fn gb18030_four_byte_codes_are_read() {
        // 㐀 (U+3400), € and 𠀀 (U+20000, beyond the BMP) have four-byte codes.
        let line = encoded("数㐀字€经𠀀济", encoding_rs::GB18030);
        assert_eq!(line.len(), 2 + 4 + 2 + 2 + 2 + 4 + 2);
        let pdf = predefined_cmap_pdf("GBK2K-V", None, &[(100.0, 700.0, 12.0, line)]);
        assert_eq!(read_pdf(&pdf).unwrap().pages[0][0].text, "数㐀字€经𠀀济");
    }

    #[test]
    fn to_unicode_maps_of_all_codes() {
        // Used when a content stream cannot be decoded.
        let ucs2 = to_unicode_cmap(CodeScheme::Ucs2, all_codes(CodeScheme::Ucs2));
        assert!(ucs2.contains("100 beginbfrange\n<0000> <00FF> <0000>\n"));
        assert!(ucs2.contains("<D700> <D7FF> <D700>\n<E000> <E0FF> <E000>\n"));
        let ranges = ucs2.lines().filter(|l| l.len() == 20 && l.ends_with("00>"));
        assert_eq!(ranges.count(), 248);
        assert!(!ucs2.contains("bfchar"));
        let utf16 = to_unicode_cmap(CodeScheme::Utf16, all_codes(CodeScheme::Utf16));
        assert!(utf16.contains("<D800> <FFFD>\n"));
        assert!(!utf16.contains("<DC00> <"));
        let gbk = to_unicode_cmap(
            CodeScheme::Bytes(Charset::Gbk),
            all_codes(CodeScheme::Bytes(Charset::Gbk)),
        );
        assert!(gbk.contains("<20> <7E> <0020>\n"));
        assert!(gbk.contains("<B0A1> <554A>\n")); // 啊
        assert!(
            gbk.contains("<8140> <4E02>\n") || gbk.contains("<8140> <8141> <4E02>\n"),
            "丂"
        ); // 丂
        let gb18030 = all_codes(CodeScheme::Bytes(Charset::Gb18030));
        let cmap = to_unicode_cmap(CodeScheme::Bytes(Charset::Gb18030), gb18030);
        // …, 㐀 (U+3400) = 8139EE39, …
        assert!(cmap.contains("<8139EE30> <8139EE39> <33F7>\n"));
    }

    #[test]
    fn codes_are_cut_as_pdf_extract_cuts_them() {
        let gb = |s: &str| {
            shown_codes(
                CodeScheme::Bytes(Charset::Gb18030),
                &[encoded(s, encoding_rs::GB18030)],
            )
        };
        let codes: Vec<(u32, usize)> = gb("A数㐀").into_iter().collect();
        assert_eq!(codes, [(0x41, 1), (0xCAFD, 2), (0x8139_EE39, 4)]);
        let ucs2: Vec<(u32, usize)> = shown_codes(CodeScheme::Ucs2, &[utf16_be("数A"), vec![0x4E]])
            .into_iter()
            .collect();
        assert_eq!(ucs2, [(0x41, 2), (0x6570, 2)]);
    }

    #[test]
    fn big5_cmap_fonts_are_read() {
        let big5 = |t: &str| encoded(t, encoding_rs::BIG5);
        let body = [
            "2024年數位經濟核心產業增加值占GDP比重達到10%。",
            "做好2025年政府工作，要堅持穩中求進。",
        ];
        for encoding in ["ETen-B5-H", "B5pc-H", "HKscs-B5-H"] {
            let pdf =
                predefined_cmap_pdf(encoding, None, &report_lines("政府工作報告", body, big5));
            let got = pdf_text(&pdf).unwrap_or_else(|e| panic!("{encoding}: {e:?}"));
            assert_eq!(
                got.text,
                "政府工作報告\n2024年數位經濟核心產業增加值占GDP比重達到10%。\n做好2025年政府工作，要堅持穩中求進。",
                "{encoding}"
            );
        }
    }

    #[test]
    fn cmap_names_and_their_schemes() {
        assert_eq!(code_scheme("UniGB-UCS2-H"), Some(CodeScheme::Ucs2));
        assert_eq!(code_scheme("UniJIS-UCS2-HW-V"), Some(CodeScheme::Ucs2));
        assert_eq!(code_scheme("UniKS-UTF16-V"), Some(CodeScheme::Utf16));
        assert_eq!(
            code_scheme("GBK-EUC-V"),
            Some(CodeScheme::Bytes(Charset::Gbk))
        );
        assert_eq!(
            code_scheme("GBpc-EUC-H"),
            Some(CodeScheme::Bytes(Charset::Gb2312))
        );
        assert_eq!(
            code_scheme("ETen-B5-V"),
            Some(CodeScheme::Bytes(Charset::Big5))
        );
        for unknown in [
            "UniGB-UTF8-H",
            "UniGB-UTF32-H",
            "90ms-RKSJ-H",
            "KSC-EUC-H",
            "GBT-EUC-H",
            "GBK-EUC",
            "Identity",
        ] {
            assert_eq!(code_scheme(unknown), None, "{unknown}");
        }
    }

    #[test]
    fn an_unreadable_cmap_is_named_in_the_problem() {
        let pdf = predefined_cmap_pdf(
            "90ms-RKSJ-H",
            None,
            &[(100.0, 700.0, 12.0, b"\x82\xa0abc".to_vec())],
        );
        assert_eq!(
            pdf_text(&pdf),
            Err(PdfProblem::Invalid(
                "font STSong-Light uses the 90ms-RKSJ-H encoding, which cannot be read; re-save the PDF with embedded fonts or convert it to text".to_string()
            ))
        );
        // Unused, it does no harm.
        let pdf = predefined_cmap_pdf("90ms-RKSJ-H", None, &[]);
        assert_eq!(pdf_text(&pdf), Err(PdfProblem::NoTextLayer { pages: 1 }));
    }

    /// Set in the child process of [`library_panics_print_nothing`].
    const PANIC_CHILD: &str = "ANALYZE_PDF_PANIC_CHILD";

    #[test]
    fn library_panics_print_nothing() {
        if std::env::var_os(PANIC_CHILD).is_some() {
            // Panics inside pdf-extract, caught: silent.
            let pdf =
                predefined_cmap_pdf("KSC-EUC-H", None, &[(100.0, 700.0, 12.0, b"abc".to_vec())]);
            assert!(matches!(pdf_text(&pdf), Err(PdfProblem::Invalid(_))));
            // Any other thread's panic still prints.
            let other = std::thread::Builder::new()
                .name("other".into())
                .spawn(|| panic!("a panic elsewhere"))
                .map(|h| h.join());
            assert!(matches!(other, Ok(Err(_))));
            return;
        }
        let exe = std::env::current_exe().unwrap();
        let out = std::process::Command::new(exe)
            .args([
                "--exact",
                "corpus::formats::pdf::tests::library_panics_print_nothing",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(PANIC_CHILD, "1")
            .env("RUST_BACKTRACE", "1")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        assert_eq!(stderr.matches("panicked").count(), 1, "{stderr}");
        assert!(stderr.contains("thread 'other'"), "{stderr}");
        assert!(stderr.contains("a panic elsewhere"), "{stderr}");
    }
}
