//! Word-processor documents (`.docx`, `.odt`) read into plain text.
//!
//! Both formats are zip containers of XML parts. The body part is walked with
//! a namespace-aware XML reader: paragraphs become lines, table rows become
//! lines with tab-separated cells, and parts of the markup that are not the
//! visible body text (deleted revisions, field codes, notes, comments,
//! fallback copies of drawings, tables of contents) are skipped. The title
//! and creation date come from the document properties part.
//!
//! In a .docx, labels Word draws from automatic numbering (`一、`, `（一）`,
//! `1.`) are written at the start of their paragraphs (see `Lists` for the
//! model), and the result of a table-of-contents field, or paragraphs in a
//! TOC style, are left out (their entries would repeat the headings).

use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read};

use quick_xml::NsReader;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::name::ResolveResult;
use zip::ZipArchive;
use zip::result::ZipError;

/// Text and document properties of a word-processor file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OfficeText {
    /// Paragraphs in document order, one per line; tables row by row (cells
    /// of a row separated by a tab), each row its own line.
    pub text: String,
    /// The document's title property (docProps/core.xml dc:title; meta.xml
    /// dc:title), when set and non-empty.
    pub title: Option<String>,
    /// The creation date property as written (dcterms:created /
    /// meta:creation-date), e.g. `2023-01-05T08:00:00Z`.
    pub created: Option<String>,
}

/// Largest XML part read from a document (a guard against zip bombs).
const MAX_PART: u64 = 256 * 1024 * 1024;
/// Most copies made of an ODF cell or row with a repeat count.
const MAX_REPEAT: usize = 1024;

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const W_STRICT_NS: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";
const MC_NS: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";
const TEXT_NS: &str = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
const TABLE_NS: &str = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
const OFFICE_NS: &str = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
const SVG_NS: &str = "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0";
const DC_NS: &str = "http://purl.org/dc/elements/1.1/";
const DCTERMS_NS: &str = "http://purl.org/dc/terms/";
const META_NS: &str = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0";
const REL_OFFICE_DOCUMENT: &str = "/officeDocument";
const REL_CORE_PROPERTIES: &str = "/core-properties";

/// Read a .docx (Office Open XML): word/document.xml body paragraphs (w:p;
/// text runs w:t, w:tab → tab, w:br/w:cr → line break), tables
/// (w:tbl/w:tr/w:tc) row by row, in body order; headers/footers/footnotes/
/// comments are not part of the text; deleted revisions (w:del/w:delText)
/// skipped; field codes (w:instrText) skipped. Automatic numbering
/// (word/numbering.xml, through the paragraph or its style in
/// word/styles.xml) is written as the label Word shows at the start of the
/// paragraph; a table of contents (the result of a TOC field, simple or
/// complex, or paragraphs in a `toc N` style) is left out.
pub fn docx_text(bytes: &[u8]) -> Result<OfficeText, String> {
    let mut zip = open_zip(bytes, "docx")?;
    // Damaged relationships only cost the redirection: the default names stay.
    let rels = match read_part(&mut zip, "_rels/.rels") {
        Ok(Some(xml)) => relationships(&decode_xml(xml), ""),
        _ => Vec::new(),
    };
    let target = |suffix: &str, default: &str| {
        rels.iter()
            .find(|(ty, _)| ty.ends_with(suffix))
            .map_or_else(|| default.to_string(), |(_, t)| t.clone())
    };
    let main = target(REL_OFFICE_DOCUMENT, "word/document.xml");
    let core = target(REL_CORE_PROPERTIES, "docProps/core.xml");
    let body =
        read_part(&mut zip, &main)?.ok_or_else(|| format!("not a .docx: {main} is missing"))?;
    // Damaged or missing numbering and styles only cost the labels.
    let lists = lists_of(&mut zip, &main);
    let body = decode_xml(body);
    let mut walker = DocxWalker::new(&body, lists);
    walk(&body, &mut walker)
        .map_err(|e| format!("not a .docx: {main} is not well-formed XML ({e})"))?;
    let [title, created] = match read_part(&mut zip, &core) {
        Ok(Some(xml)) => properties(
            &decode_xml(xml),
            [(DC_NS, "title"), (DCTERMS_NS, "created")],
        ),
        _ => [None, None],
    };
    Ok(OfficeText {
        text: walker.out.finish(),
        title,
        created,
    })
}

/// Read an .odt (OpenDocument text): content.xml office:text — text:p and
/// text:h (with text:s spaces, text:tab, text:line-break), lists, tables row
/// by row; meta.xml for title and creation date.
pub fn odt_text(bytes: &[u8]) -> Result<OfficeText, String> {
    let mut zip = open_zip(bytes, "odt")?;
    let content = read_part(&mut zip, "content.xml")?
        .ok_or_else(|| "not an .odt: content.xml is missing".to_string())?;
    let mut walker = OdtWalker::default();
    walk(&decode_xml(content), &mut walker)
        .map_err(|e| format!("not an .odt: content.xml is not well-formed XML ({e})"))?;
    let [title, created] = match read_part(&mut zip, "meta.xml") {
        Ok(Some(xml)) => properties(
            &decode_xml(xml),
            [(DC_NS, "title"), (META_NS, "creation-date")],
        ),
        _ => [None, None],
    };
    Ok(OfficeText {
        text: walker.out.finish(),
        title,
        created,
    })
}

/// The zip container of a document.
fn open_zip<'a>(bytes: &'a [u8], kind: &str) -> Result<ZipArchive<Cursor<&'a [u8]>>, String> {
    ZipArchive::new(Cursor::new(bytes)).map_err(|e| super::unreadable_zip(bytes, kind, &e))
}

/// The bytes of one part, `None` when the container has no such part.
fn read_part(zip: &mut ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<Option<Vec<u8>>, String> {
    let file = match zip.by_name(name) {
        Ok(f) => f,
        Err(ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(format!("cannot read {name} ({e})")),
    };
    if file.size() > MAX_PART {
        return Err(format!("{name} is too large ({} bytes)", file.size()));
    }
    let mut buf = Vec::with_capacity(file.size().min(1 << 24) as usize);
    file.take(MAX_PART + 1)
        .read_to_end(&mut buf)
        .map_err(|e| format!("cannot read {name} ({e})"))?;
    if buf.len() as u64 > MAX_PART {
        return Err(format!("{name} is too large (over {MAX_PART} bytes)"));
    }
    Ok(Some(buf))
}

/// XML bytes as text: UTF-8 (BOM dropped) or UTF-16 with a BOM; invalid
/// UTF-8 sequences replaced.
fn decode_xml(bytes: Vec<u8>) -> String {
    match encoding_rs::Encoding::for_bom(&bytes) {
        Some((enc, bom)) if enc != encoding_rs::UTF_8 => enc
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned(),
        Some((_, bom)) => String::from_utf8_lossy(&bytes[bom..]).into_owned(),
        None => match String::from_utf8(bytes) {
            Ok(s) => s,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        },
    }
}

/// The namespaces the walkers care about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ns {
    Word,
    Compat,
    Text,
    Table,
    Office,
    Svg,
    Other,
}

impl Ns {
    /// The namespace of a resolved element name; an undeclared `w:` prefix
    /// counts as WordprocessingML (lenient towards sloppy writers).
    fn of(res: &ResolveResult<'_>) -> Ns {
        match res {
            ResolveResult::Bound(ns) => match ns.0 {
                W_NS | W_STRICT_NS => Ns::Word,
                MC_NS => Ns::Compat,
                TEXT_NS => Ns::Text,
                TABLE_NS => Ns::Table,
                OFFICE_NS => Ns::Office,
                SVG_NS => Ns::Svg,
                _ => Ns::Other,
            },
            ResolveResult::Unknown(prefix) if prefix == "w" => Ns::Word,
            _ => Ns::Other,
        }
    }
}

/// What a body walker does with the XML events.
trait Walker {
    /// Whether the element and everything inside it is left out.
    fn skips(&self, ns: Ns, local: &str) -> bool;
    /// An element opens (empty elements open and close at once).
    fn start(&mut self, ns: Ns, local: &str, e: &BytesStart<'_>);
    /// An element closes.
    fn end(&mut self, ns: Ns, local: &str);
    /// Character data.
    fn text(&mut self, s: &str);
}

/// Feed a document's events to a walker, leaving out skipped subtrees.
fn walk<W: Walker>(xml: &str, w: &mut W) -> Result<(), quick_xml::Error> {
    let mut reader = NsReader::from_str(xml);
    let mut skip = 0usize;
    loop {
        let (res, event) = reader.read_resolved_event()?;
        let ns = Ns::of(&res);
        match event {
            Event::Start(e) => {
                let local = e.local_name();
                if skip > 0 || w.skips(ns, local.as_ref()) {
                    skip += 1;
                } else {
                    w.start(ns, local.as_ref(), &e);
                }
            }
            Event::End(_) if skip > 0 => skip -= 1,
            Event::End(e) => w.end(ns, e.local_name().as_ref()),
            Event::Empty(e) if skip == 0 && !w.skips(ns, e.local_name().as_ref()) => {
                w.start(ns, e.local_name().as_ref(), &e);
                w.end(ns, e.local_name().as_ref());
            }
            Event::Text(t) if skip == 0 => w.text(&t.xml10_content()),
            Event::CData(t) if skip == 0 => w.text(&t.xml10_content()),
            Event::GeneralRef(r) if skip == 0 => {
                if let Some(s) = resolve_ref(&r) {
                    w.text(&s);
                }
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// The text of an entity or character reference (`&amp;`, `&#x4E2D;`);
/// `None` for an unknown entity.
fn resolve_ref(r: &BytesRef<'_>) -> Option<String> {
    match r.resolve_char_ref() {
        Ok(Some(c)) => Some(c.to_string()),
        Ok(None) => quick_xml::escape::resolve_predefined_entity(r).map(str::to_string),
        Err(_) => None,
    }
}

/// An attribute's raw value, by local name.
fn attr_text(e: &BytesStart<'_>, local: &str) -> Option<String> {
    let mut attrs = e.attributes();
    attrs.with_checks(false);
    attrs
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .map(|a| a.value.into_owned())
}

/// A numeric attribute, by local name.
fn attr_number(e: &BytesStart<'_>, local: &str) -> Option<usize> {
    attr_text(e, local).and_then(|v| v.trim().parse().ok())
}

/// A signed numeric attribute, by local name.
fn attr_int(e: &BytesStart<'_>, local: &str) -> Option<i64> {
    attr_text(e, local).and_then(|v| v.trim().parse().ok())
}

/// An attribute's value with references resolved, by local name.
fn attr_value(e: &BytesStart<'_>, local: &str) -> Option<String> {
    let mut attrs = e.attributes();
    attrs.with_checks(false);
    attrs
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .map(
            |a| match a.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
                Ok(v) => v.into_owned(),
                Err(_) => a.value.to_string(),
            },
        )
}

/// A part's path from the folder `base` and a relationship target
/// (`numbering.xml`, `../media/x.png`, `/word/styles.xml`).
fn part_path(base: &str, target: &str) -> String {
    let (mut parts, rest): (Vec<&str>, &str) = match target.strip_prefix('/') {
        Some(t) => (Vec::new(), t),
        None => (base.split('/').filter(|s| !s.is_empty()).collect(), target),
    };
    for seg in rest.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// An open container while the body is walked.
#[derive(Debug)]
enum Frame {
    /// A paragraph and its text so far.
    Para(String),
    /// A table and the cells of its current row, each as its paragraphs.
    Table(Vec<Vec<String>>),
    /// A table cell and its paragraphs so far.
    Cell(Vec<String>),
}

/// A cell's paragraphs on one line of a table row: joined by spaces, their
/// line breaks and tabs made spaces.
fn one_line(cell: &[String]) -> String {
    cell.join(" ").replace(['\t', '\n'], " ")
}

/// A cell of at least this many paragraphs …
const LAYOUT_CELL_PARAGRAPHS: usize = 3;
/// … and characters holds a text laid out in a table (a report put in a
/// one-cell table, or beside a narrow column), not a table's datum: its
/// paragraphs stay lines.
const LAYOUT_CELL_CHARS: usize = 200;

/// Builds the lines of a body from paragraph, table and text calls.
#[derive(Debug, Default)]
struct TextBuilder {
    lines: Vec<String>,
    frames: Vec<Frame>,
}

impl TextBuilder {
    fn para(&mut self) -> Option<&mut String> {
        match self.frames.last_mut() {
            Some(Frame::Para(p)) => Some(p),
            _ => None,
        }
    }

    /// Text as it is (only inside a paragraph).
    fn push_str(&mut self, s: &str) {
        if let Some(p) = self.para() {
            p.push_str(s);
        }
    }

    /// ODF character data: white space collapsed to single spaces, none at
    /// the start of a paragraph.
    fn push_collapsed(&mut self, s: &str) {
        let Some(p) = self.para() else { return };
        for c in s.chars() {
            if matches!(c, ' ' | '\t' | '\n' | '\r') {
                if !p.is_empty() && !p.ends_with(' ') {
                    p.push(' ');
                }
            } else {
                p.push(c);
            }
        }
    }

    fn start_para(&mut self) {
        self.frames.push(Frame::Para(String::new()));
    }

    /// Whether the open paragraph (if any) has no text yet.
    fn para_is_empty(&self) -> bool {
        matches!(self.frames.last(), Some(Frame::Para(p)) if p.is_empty())
    }

    /// Text put before what the open paragraph has so far.
    fn prepend(&mut self, s: &str) {
        if let Some(p) = self.para() {
            p.insert_str(0, s);
        }
    }

    /// Close the paragraph and leave it out.
    fn drop_para(&mut self) {
        self.frames.pop_if(|f| matches!(f, Frame::Para(_)));
    }

    /// Close the paragraph; `trim` drops trailing spaces (ODF collapsing).
    fn end_para(&mut self, trim: bool) {
        if let Some(Frame::Para(mut p)) = self.frames.pop_if(|f| matches!(f, Frame::Para(_))) {
            if trim {
                p.truncate(p.trim_end_matches(' ').len());
            }
            self.deliver(p);
        }
    }

    fn start_table(&mut self) {
        self.frames.push(Frame::Table(Vec::new()));
    }

    fn end_table(&mut self) {
        self.frames.pop_if(|f| matches!(f, Frame::Table(_)));
    }

    fn start_row(&mut self) {
        if let Some(Frame::Table(row)) = self.frames.last_mut() {
            row.clear();
        }
    }

    /// Close a row (`repeat` copies of it): its cells, trailing empty ones
    /// dropped, joined by tabs, each cell's paragraphs by spaces; a row
    /// that holds a text laid out in a table (a cell of several paragraphs
    /// and a few hundred characters) gives each of that cell's paragraphs a
    /// line, and each other cell one.
    fn end_row(&mut self, repeat: usize) {
        let Some(Frame::Table(mut cells)) = self.frames.pop_if(|f| matches!(f, Frame::Table(_)))
        else {
            return;
        };
        while cells.last().is_some_and(Vec::is_empty) {
            cells.pop();
        }
        let layout = |c: &Vec<String>| {
            c.len() >= LAYOUT_CELL_PARAGRAPHS
                && c.iter().map(|p| p.chars().count()).sum::<usize>() >= LAYOUT_CELL_CHARS
        };
        if cells.iter().any(layout) {
            for cell in std::mem::take(&mut cells) {
                if layout(&cell) {
                    for p in cell {
                        self.deliver(p);
                    }
                } else if !cell.is_empty() {
                    self.deliver(one_line(&cell));
                }
            }
            self.frames.push(Frame::Table(cells));
            return;
        }
        let line = cells
            .iter()
            .map(|c| one_line(c))
            .collect::<Vec<_>>()
            .join("\t");
        let copies = if line.is_empty() {
            1
        } else {
            repeat.clamp(1, MAX_REPEAT)
        };
        for _ in 1..copies {
            self.deliver(line.clone());
        }
        self.deliver(line);
        cells.clear();
        self.frames.push(Frame::Table(cells));
    }

    fn start_cell(&mut self) {
        self.frames.push(Frame::Cell(Vec::new()));
    }

    /// Close a cell (`repeat` copies of it) and add it to its row.
    fn end_cell(&mut self, repeat: usize) {
        let Some(Frame::Cell(cell)) = self.frames.pop_if(|f| matches!(f, Frame::Cell(_))) else {
            return;
        };
        if let Some(Frame::Table(row)) = self.frames.last_mut() {
            let copies = repeat.clamp(1, MAX_REPEAT);
            row.extend(std::iter::repeat_n(cell, copies));
        }
    }

    /// A finished paragraph or row goes to the enclosing container: a cell
    /// (joined by a space, kept on one line), a paragraph (a text box inside
    /// it: its own line there) or the body.
    fn deliver(&mut self, text: String) {
        match self.frames.last_mut() {
            Some(Frame::Cell(cell)) => {
                if text.trim().is_empty() {
                    return;
                }
                cell.push(text);
            }
            Some(Frame::Para(p)) => {
                if text.is_empty() {
                    return;
                }
                if !p.is_empty() && !p.ends_with('\n') {
                    p.push('\n');
                }
                p.push_str(&text);
                p.push('\n');
            }
            Some(Frame::Table(_)) => {}
            None => self.lines.push(text),
        }
    }

    /// The lines, joined; paragraphs left open by a truncated body kept.
    fn finish(mut self) -> String {
        while let Some(frame) = self.frames.pop() {
            if let Frame::Para(p) = frame {
                self.deliver(p);
            }
        }
        let mut text = self.lines.join("\n");
        text.truncate(text.trim_end_matches('\n').len());
        text
    }
}

/// Whether a .docx element and everything inside it is not body text:
/// deleted revisions, field codes of deleted text, and properties other
/// than the paragraph's own (read for its style and numbering).
fn docx_skips(ns: Ns, local: &str) -> bool {
    match ns {
        Ns::Word => {
            matches!(
                local,
                "del"
                    | "delText"
                    | "delInstrText"
                    | "moveFrom"
                    | "pPrChange"
                    | "rPr"
                    | "sectPr"
                    | "tblPr"
                    | "tblGrid"
                    | "trPr"
                    | "tcPr"
            )
        }
        // Drawings are stored twice; the fallback copy would repeat text boxes.
        Ns::Compat => local == "Fallback",
        _ => false,
    }
}

/// Whether a field instruction is a table of contents (` TOC \o "1-3" \h`).
fn is_toc_field(instr: &str) -> bool {
    let s = instr.trim_start();
    s.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("TOC"))
        && s[3..]
            .chars()
            .next()
            .is_none_or(|c| c.is_whitespace() || c == '\\')
}

/// A paragraph of word/document.xml being read.
#[derive(Debug, Default)]
struct ParaState {
    /// Its paragraph style (w:pStyle).
    style: Option<String>,
    /// Its own numbering (w:numPr: w:numId, w:ilvl).
    num_id: Option<i64>,
    level: Option<usize>,
    /// Style and numbering have been looked at (at the end of w:pPr, or of
    /// the paragraph when it has no properties).
    resolved: bool,
    /// A table-of-contents entry by its style: left out.
    toc: bool,
    /// Part of it lay inside a table of contents' field result: left out
    /// when nothing of it is left.
    hid: bool,
}

/// An open complex field (w:fldChar begin … separate … end).
#[derive(Debug)]
struct Field {
    /// The instruction so far (its start is enough).
    instr: String,
    /// The field has its end in the document (a field left open would
    /// otherwise hide the rest of the body).
    closed: bool,
    /// Past w:fldChar separate: in the result.
    result: bool,
    /// A table of contents in its result: hidden.
    toc: bool,
}

/// Longest field instruction kept (only its name is looked at).
const MAX_INSTR: usize = 64;

/// Walks word/document.xml.
#[derive(Debug, Default)]
struct DocxWalker {
    out: TextBuilder,
    /// Depth inside text runs (w:r): where w:tab and w:br are characters.
    runs: usize,
    /// Depth inside w:t: where character data is text.
    texts: usize,
    /// Numbering definitions, paragraph styles and list counters.
    lists: Lists,
    /// The open paragraphs (a text box's paragraphs nest in one).
    paras: Vec<ParaState>,
    /// Depth inside the paragraph's properties (w:pPr).
    props: usize,
    /// Depth inside a field instruction (w:instrText).
    instr: usize,
    /// The open complex fields, innermost last.
    fields: Vec<Field>,
    /// Complex fields begun so far.
    begun: usize,
    /// For each complex field in document order, whether it ends.
    closed: Vec<bool>,
    /// The open simple fields (w:fldSimple): whether each is a table of
    /// contents (its result hidden).
    simple: Vec<bool>,
}

impl DocxWalker {
    /// A walker for the body `xml` with its numbering and styles.
    fn new(xml: &str, lists: Lists) -> DocxWalker {
        // Which fields end is only needed when there may be a table of contents.
        let toc = || {
            xml.as_bytes()
                .windows(3)
                .any(|w| w.eq_ignore_ascii_case(b"toc"))
        };
        let closed = if xml.contains("fldChar") && toc() {
            let mut scan = FieldScan::default();
            // A damaged body fails in the real walk; what was seen is enough here.
            let _ = walk(xml, &mut scan);
            scan.closed
        } else {
            Vec::new()
        };
        DocxWalker {
            lists,
            closed,
            ..DocxWalker::default()
        }
    }

    /// Whether text is inside a table of contents' result.
    fn hidden(&self) -> bool {
        self.simple.iter().any(|&toc| toc) || self.fields.iter().any(|f| f.toc)
    }

    /// A w:fldChar: a complex field begins, reaches its result or ends.
    fn field_char(&mut self, e: &BytesStart<'_>) {
        match attr_text(e, "fldCharType").as_deref() {
            Some("begin") => {
                let closed = self.closed.get(self.begun).copied().unwrap_or(false);
                self.begun += 1;
                self.fields.push(Field {
                    instr: String::new(),
                    closed,
                    result: false,
                    toc: false,
                });
            }
            Some("separate") => {
                if let Some(f) = self.fields.last_mut() {
                    f.result = true;
                    f.toc = f.closed && is_toc_field(&f.instr);
                    if f.toc
                        && let Some(p) = self.paras.last_mut()
                    {
                        p.hid = true;
                    }
                }
            }
            Some("end") => {
                self.fields.pop();
            }
            _ => {}
        }
    }

    /// Look at the open paragraph's style and numbering once: a TOC style
    /// marks it to be left out, numbering puts its label in front.
    fn resolve_para(&mut self) {
        let hidden = self.hidden();
        let Some(p) = self.paras.last_mut() else {
            return;
        };
        if p.resolved {
            return;
        }
        p.resolved = true;
        p.toc = self.lists.is_toc_style(p.style.as_deref());
        if p.toc || hidden {
            return;
        }
        if let Some(label) = self.lists.label(p.style.as_deref(), p.num_id, p.level) {
            self.out.prepend(&label);
        }
    }

    fn end_para(&mut self) {
        self.resolve_para();
        let p = self.paras.pop().unwrap_or_default();
        if p.toc || (p.hid && self.out.para_is_empty()) {
            self.out.drop_para();
        } else {
            self.out.end_para(false);
        }
    }
}

impl Walker for DocxWalker {
    fn skips(&self, ns: Ns, local: &str) -> bool {
        docx_skips(ns, local)
    }

    fn start(&mut self, ns: Ns, local: &str, e: &BytesStart<'_>) {
        if ns != Ns::Word {
            return;
        }
        if self.props > 0 {
            // Of the paragraph's properties only its style and numbering count.
            let p = self.paras.last_mut();
            match (local, p) {
                ("pPr", _) => self.props += 1,
                ("pStyle", Some(p)) => p.style = attr_value(e, "val"),
                ("ilvl", Some(p)) => p.level = attr_number(e, "val"),
                ("numId", Some(p)) => p.num_id = attr_int(e, "val"),
                _ => {}
            }
            return;
        }
        let in_run = self.runs > 0 && !self.hidden();
        // Page and column breaks fall between sections, not inside the text.
        let page_break = || matches!(attr_text(e, "type").as_deref(), Some("page" | "column"));
        match local {
            "p" => {
                self.paras.push(ParaState {
                    hid: self.hidden(),
                    ..ParaState::default()
                });
                self.out.start_para();
            }
            "pPr" => self.props += 1,
            "tbl" => self.out.start_table(),
            "tr" => self.out.start_row(),
            "tc" => self.out.start_cell(),
            "r" => self.runs += 1,
            "t" => self.texts += 1,
            "fldChar" => self.field_char(e),
            "fldSimple" => {
                let toc = attr_value(e, "instr").is_some_and(|i| is_toc_field(&i));
                if toc && let Some(p) = self.paras.last_mut() {
                    p.hid = true;
                }
                self.simple.push(toc);
            }
            "instrText" => self.instr += 1,
            "tab" | "ptab" if in_run => self.out.push_str("\t"),
            "br" if in_run && page_break() => {}
            "br" | "cr" if in_run => self.out.push_str("\n"),
            "noBreakHyphen" if in_run => self.out.push_str("-"),
            _ => {}
        }
    }

    fn end(&mut self, ns: Ns, local: &str) {
        if ns != Ns::Word {
            return;
        }
        if self.props > 0 {
            if local == "pPr" {
                self.props -= 1;
                if self.props == 0 {
                    self.resolve_para();
                }
            }
            return;
        }
        match local {
            "p" => self.end_para(),
            "tbl" => self.out.end_table(),
            "tr" => self.out.end_row(1),
            "tc" => self.out.end_cell(1),
            "r" => self.runs = self.runs.saturating_sub(1),
            "t" => self.texts = self.texts.saturating_sub(1),
            "instrText" => self.instr = self.instr.saturating_sub(1),
            "fldSimple" => {
                self.simple.pop();
            }
            _ => {}
        }
    }

    fn text(&mut self, s: &str) {
        if self.instr > 0 {
            if let Some(f) = self.fields.last_mut()
                && !f.result
                && f.instr.len() < MAX_INSTR
            {
                f.instr.push_str(s);
            }
        } else if self.texts > 0 && !self.hidden() {
            self.out.push_str(s);
        }
    }
}

/// First pass over a body with a table of contents: which complex fields
/// have an end (in document order of their begin).
#[derive(Debug, Default)]
struct FieldScan {
    open: Vec<usize>,
    closed: Vec<bool>,
}

impl Walker for FieldScan {
    fn skips(&self, ns: Ns, local: &str) -> bool {
        docx_skips(ns, local)
    }

    fn start(&mut self, ns: Ns, local: &str, e: &BytesStart<'_>) {
        if ns != Ns::Word || local != "fldChar" {
            return;
        }
        match attr_text(e, "fldCharType").as_deref() {
            Some("begin") => {
                self.open.push(self.closed.len());
                self.closed.push(false);
            }
            Some("end") => {
                if let Some(i) = self.open.pop()
                    && let Some(c) = self.closed.get_mut(i)
                {
                    *c = true;
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, _: Ns, _: &str) {}

    fn text(&mut self, _: &str) {}
}

/// The numbering and styles parts of a .docx whose main part is `main`,
/// found through the main part's relationships (or by their usual names);
/// empty when missing or unreadable.
fn lists_of(zip: &mut ZipArchive<Cursor<&[u8]>>, main: &str) -> Lists {
    let (dir, file) = main.rsplit_once('/').unwrap_or(("", main));
    let rels_name = part_path(dir, &format!("_rels/{file}.rels"));
    let rels = match read_part(zip, &rels_name) {
        Ok(Some(xml)) => relationships(&decode_xml(xml), dir),
        _ => Vec::new(),
    };
    let target = |suffix: &str, default: &str| {
        rels.iter()
            .find(|(ty, _)| ty.ends_with(suffix))
            .map_or_else(|| part_path(dir, default), |(_, t)| t.clone())
    };
    let mut lists = Lists::default();
    if let Ok(Some(xml)) = read_part(zip, &target("/styles", "styles.xml")) {
        lists.read_styles(&decode_xml(xml));
    }
    if let Ok(Some(xml)) = read_part(zip, &target("/numbering", "numbering.xml")) {
        lists.read_numbering(&decode_xml(xml));
    }
    lists
}

/// Levels of a list definition.
const LEVELS: usize = 9;

/// What follows a numbering label (w:suff).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Suffix {
    /// A tab (the default): written as a space after a label ending in
    /// ASCII (`1. `), nothing after a full-width one (`一、`).
    #[default]
    Tab,
    Space,
    Nothing,
}

/// One level of a list definition (w:lvl).
#[derive(Debug, Clone, Default)]
struct Level {
    /// First value (w:start; 0 when absent, as the standard says).
    start: i64,
    /// Number format (w:numFmt), e.g. `decimal`, `chineseCounting`.
    format: String,
    /// Label template (w:lvlText), e.g. `%1、`, `（%2）`, `%1.%2`.
    text: String,
    /// w:lvlRestart: restart after the levels up to this one (1-based) are
    /// used; 0 never; absent: after any higher level.
    restart: Option<i64>,
    /// w:isLgl: every level's number shown in decimal.
    legal: bool,
    suffix: Suffix,
    /// The paragraph style bound to the level (w:pStyle).
    style: Option<String>,
}

/// A list definition (w:abstractNum).
#[derive(Debug, Clone, Default)]
struct AbstractNum {
    levels: [Option<Level>; LEVELS],
    /// A numbering style whose list this one is (w:numStyleLink).
    style_link: Option<String>,
}

/// A level override of a list instance (w:lvlOverride).
#[derive(Debug, Clone, Default)]
struct Override {
    level: usize,
    /// w:startOverride.
    start: Option<i64>,
    /// A whole replacement level.
    lvl: Option<Level>,
}

/// A list instance (w:num): what paragraphs point at.
#[derive(Debug, Clone, Default)]
struct NumInstance {
    abstract_id: Option<i64>,
    overrides: Vec<Override>,
}

/// A paragraph or numbering style, as far as lists and tables of contents
/// care.
#[derive(Debug, Clone, Default)]
struct StyleDef {
    based_on: Option<String>,
    num_id: Option<i64>,
    level: Option<usize>,
    /// Named `toc 1` … `toc 9`.
    toc: bool,
}

/// Word's automatic paragraph numbering and the styles carrying it.
///
/// A paragraph is numbered by the w:numPr of its own properties or, failing
/// that, of its paragraph style (following w:basedOn); numId 0 turns
/// numbering off. The level is the paragraph's w:ilvl, else the style's,
/// else the level bound to the style (w:lvl/w:pStyle), else 0. The numId
/// names a list instance (w:num), which points at a list definition
/// (w:abstractNum, possibly through a numbering style's w:numStyleLink) of
/// nine levels, each with a start value, a number format and a label
/// template (`%1、`, `（%2）`, `%1.%2.`); the instance may override a level's
/// start (w:startOverride) or the whole level.
///
/// Counters belong to the list definition, so instances sharing one
/// continue a single sequence; an instance with overrides restarts the
/// overridden levels the first time it is used. Using a level advances its
/// counter (the first use gives the start value) and restarts every deeper
/// level unless its w:lvlRestart names a level above the one used (0:
/// never). The label is the template with each `%n` replaced by level n's
/// counter in level n's format (decimal throughout on a w:isLgl level);
/// bullets get no label, unknown formats are decimal.
#[derive(Debug, Default)]
struct Lists {
    abstracts: HashMap<i64, AbstractNum>,
    nums: HashMap<i64, NumInstance>,
    styles: HashMap<String, StyleDef>,
    /// The default paragraph style (for paragraphs naming none).
    default_style: Option<String>,
    /// Counters per list definition, by level (`None`: not yet used).
    counters: HashMap<i64, [Option<i64>; LEVELS]>,
    /// Instances used so far (their overrides apply once).
    used: HashSet<i64>,
}

/// The list a paragraph's instance uses.
struct Definition<'a> {
    /// The list definition (w:abstractNum) whose counters count.
    abstract_id: i64,
    /// Its levels with the instance's overrides applied.
    levels: [Option<Level>; LEVELS],
    /// The instance's overrides.
    overrides: &'a [Override],
}

/// Longest chain of styles or links followed (loops are cut).
const MAX_CHAIN: usize = 16;

impl Lists {
    /// Read word/styles.xml (a malformed part: what came before the error).
    fn read_styles(&mut self, xml: &str) {
        let mut r = StylesReader::default();
        let _ = walk(xml, &mut r);
        self.styles = r.styles;
        self.default_style = r.default;
    }

    /// Read word/numbering.xml (a malformed part: what came before the error).
    fn read_numbering(&mut self, xml: &str) {
        let mut r = NumberingReader::default();
        let _ = walk(xml, &mut r);
        self.abstracts = r.abstracts;
        self.nums = r.nums;
    }

    /// A style and the styles it is based on, nearest first.
    fn chain(&self, id: Option<&str>) -> Vec<(&str, &StyleDef)> {
        let mut out: Vec<(&str, &StyleDef)> = Vec::new();
        let mut next = id;
        while let Some(id) = next {
            if out.len() >= MAX_CHAIN || out.iter().any(|(seen, _)| *seen == id) {
                break;
            }
            let Some((key, def)) = self.styles.get_key_value(id) else {
                break;
            };
            out.push((key.as_str(), def));
            next = def.based_on.as_deref();
        }
        out
    }

    /// Whether a paragraph style is a table-of-contents entry's (`toc 1`,
    /// or a style based on one; an id `TOC1` when styles are missing).
    fn is_toc_style(&self, style: Option<&str>) -> bool {
        let Some(id) = style else { return false };
        is_toc_style_name(id) || self.chain(Some(id)).iter().any(|(_, s)| s.toc)
    }

    /// The list definition of an instance: its id, levels (overrides
    /// applied) and the overrides.
    fn definition(&self, num_id: i64) -> Option<Definition<'_>> {
        let num = self.nums.get(&num_id)?;
        let mut abstract_id = num.abstract_id?;
        // A definition that only links to a numbering style takes that
        // style's list.
        for _ in 0..MAX_CHAIN {
            let def = self.abstracts.get(&abstract_id)?;
            let linked = match &def.style_link {
                Some(link) if def.levels.iter().all(Option::is_none) => self
                    .chain(Some(link))
                    .iter()
                    .find_map(|(_, s)| s.num_id)
                    .and_then(|n| self.nums.get(&n))
                    .and_then(|n| n.abstract_id),
                _ => None,
            };
            match linked {
                Some(id) if id != abstract_id => abstract_id = id,
                _ => break,
            }
        }
        let mut levels = self.abstracts.get(&abstract_id)?.levels.clone();
        for o in &num.overrides {
            let Some(slot) = levels.get_mut(o.level) else {
                continue;
            };
            if let Some(l) = &o.lvl {
                *slot = Some(l.clone());
            }
            if let (Some(start), Some(l)) = (o.start, slot.as_mut()) {
                l.start = start;
            }
        }
        Some(Definition {
            abstract_id,
            levels,
            overrides: &num.overrides,
        })
    }

    /// The label of the next paragraph with this style and own numbering
    /// (with what follows it), advancing the counters; `None` when it is
    /// not numbered or is a bullet.
    fn label(
        &mut self,
        style: Option<&str>,
        num_id: Option<i64>,
        level: Option<usize>,
    ) -> Option<String> {
        if self.nums.is_empty() {
            return None;
        }
        let style = style.or(self.default_style.as_deref());
        let chain = self.chain(style);
        let from_style = chain.iter().find(|(_, s)| s.num_id.is_some());
        let id = num_id.or_else(|| from_style.and_then(|(_, s)| s.num_id))?;
        if id <= 0 {
            return None;
        }
        let Definition {
            abstract_id,
            levels,
            overrides,
        } = self.definition(id)?;
        let level = level
            .or_else(|| chain.iter().find_map(|(_, s)| s.level))
            .or_else(|| {
                let (bound, _) = from_style.filter(|_| num_id.is_none())?;
                levels
                    .iter()
                    .position(|l| l.as_ref().and_then(|l| l.style.as_deref()) == Some(*bound))
            })
            .unwrap_or(0);
        let def = levels.get(level)?.as_ref()?;
        let reset: Vec<usize> = if self.used.contains(&id) {
            Vec::new()
        } else {
            overrides.iter().map(|o| o.level).collect()
        };
        let counters = self.counters.entry(abstract_id).or_insert([None; LEVELS]);
        for l in reset {
            if let Some(c) = counters.get_mut(l) {
                *c = None;
            }
        }
        counters[level] = Some(counters[level].map_or(def.start, |c| c.saturating_add(1)));
        for (deeper, lvl) in levels.iter().enumerate().skip(level + 1) {
            let restarts = match lvl.as_ref().and_then(|l| l.restart) {
                Some(0) => false,
                // Restart after levels 1..=k (1-based) only; a k that is
                // not above the level is ignored.
                Some(k) if k >= 1 && (k as usize) <= deeper => level < k as usize,
                _ => true,
            };
            if restarts {
                counters[deeper] = None;
            }
        }
        let counters = *counters;
        self.used.insert(id);
        if def.format == "bullet" {
            return None;
        }
        let mut label = String::new();
        let mut chars = def.text.chars().peekable();
        while let Some(c) = chars.next() {
            let placeholder = chars
                .peek()
                .and_then(|d| d.to_digit(10))
                .filter(|d| (1..=LEVELS as u32).contains(d));
            match placeholder {
                Some(d) if c == '%' => {
                    chars.next();
                    let k = d as usize - 1;
                    let shown = levels[k].as_ref();
                    let n = counters[k].unwrap_or_else(|| shown.map_or(0, |l| l.start));
                    let format = match shown {
                        _ if def.legal => "decimal",
                        Some(l) => l.format.as_str(),
                        None => "decimal",
                    };
                    label.push_str(&format_number(n, format));
                }
                _ => label.push(c),
            }
        }
        if label.trim().is_empty() {
            return None;
        }
        let ascii_end = label.chars().last().is_some_and(|c| c.is_ascii());
        match def.suffix {
            Suffix::Space => label.push(' '),
            Suffix::Tab if ascii_end => label.push(' '),
            Suffix::Tab | Suffix::Nothing => {}
        }
        Some(label)
    }
}

/// Whether a style name or id is a table-of-contents entry's: `toc 1` …
/// `toc 9` (Word's built-in names, in any case), `TOC1`.
fn is_toc_style_name(name: &str) -> bool {
    let name = name.trim();
    let Some(rest) = name.get(..3).filter(|p| p.eq_ignore_ascii_case("toc")) else {
        return false;
    };
    let rest = name[rest.len()..].trim_start();
    !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit())
}

/// A number in a Word number format (w:numFmt); unknown formats, and
/// values a format cannot show, in decimal.
fn format_number(n: i64, format: &str) -> String {
    const CIRCLED: u32 = 0x2460; // ①
    const PAREN: u32 = 0x2474; // ⑴
    const FULLSTOP: u32 = 0x2488; // ⒈
    let enclosed = |base: u32| {
        (1..=20)
            .contains(&n)
            .then(|| char::from_u32(base + n as u32 - 1))
            .flatten()
            .map(String::from)
    };
    let cycle = |signs: &str| {
        let signs: Vec<char> = signs.chars().collect();
        (n >= 1).then(|| signs[(n as usize - 1) % signs.len()].to_string())
    };
    let shown = match format {
        "none" | "bullet" => Some(String::new()),
        "decimalZero" => (0..10).contains(&n).then(|| format!("0{n}")),
        "upperLetter" | "lowerLetter" => letters(n, format == "upperLetter"),
        "upperRoman" | "lowerRoman" => roman(n, format == "upperRoman"),
        "ordinal" => (n >= 0).then(|| {
            let suffix = match (n % 10, n % 100) {
                (_, 11..=13) => "th",
                (1, _) => "st",
                (2, _) => "nd",
                (3, _) => "rd",
                _ => "th",
            };
            format!("{n}{suffix}")
        }),
        "chineseCounting"
        | "chineseCountingThousand"
        | "taiwanCounting"
        | "taiwanCountingThousand"
        | "japaneseCounting"
        | "koreanCounting" => counting(n, "〇一二三四五六七八九", '零', ["十", "百", "千"], true),
        "chineseLegalSimplified" => {
            counting(n, "零壹贰叁肆伍陆柒捌玖", '零', ["拾", "佰", "仟"], false)
        }
        "ideographLegalTraditional" | "japaneseLegal" => {
            counting(n, "零壹貳參肆伍陸柒捌玖", '零', ["拾", "佰", "仟"], false)
        }
        "ideographDigital" | "taiwanDigital" | "japaneseDigitalTenThousand" => {
            digits(n, "〇一二三四五六七八九")
        }
        "decimalFullWidth" | "decimalFullWidth2" => digits(n, "０１２３４５６７８９"),
        "ideographTraditional" => cycle("甲乙丙丁戊己庚辛壬癸"),
        "ideographZodiac" => cycle("子丑寅卯辰巳午未申酉戌亥"),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => enclosed(CIRCLED),
        "decimalEnclosedParen" => enclosed(PAREN),
        "decimalEnclosedFullstop" => enclosed(FULLSTOP),
        _ => None,
    };
    shown.unwrap_or_else(|| n.to_string())
}

/// `A` … `Z`, then `AA` … `ZZ`, `AAA` (Word's letters); `None` below 1 or
/// past 780.
fn letters(n: i64, upper: bool) -> Option<String> {
    if !(1..=780).contains(&n) {
        return None;
    }
    let i = (n - 1) as u8;
    let c = if upper { b'A' } else { b'a' } + i % 26;
    Some(String::from(c as char).repeat(usize::from(i / 26) + 1))
}

/// Roman numerals 1–3999.
fn roman(n: i64, upper: bool) -> Option<String> {
    const VALUES: [(i64, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    if !(1..=3999).contains(&n) {
        return None;
    }
    let mut rest = n;
    let mut out = String::new();
    for (value, sign) in VALUES {
        while rest >= value {
            out.push_str(sign);
            rest -= value;
        }
    }
    Some(if upper { out } else { out.to_lowercase() })
}

/// A number 0–9999 spelled with ten digit signs (zero first) and the units
/// ten, hundred, thousand: `二十一`, `一百零五`; a zero inside is `zero`;
/// `short_ten` writes 10–19 as `十`, `十一` (not `一十一`).
fn counting(n: i64, signs: &str, zero: char, units: [&str; 3], short_ten: bool) -> Option<String> {
    let signs: Vec<char> = signs.chars().collect();
    if !(0..=9999).contains(&n) || signs.len() != 10 {
        return None;
    }
    if n == 0 {
        return Some(signs[0].to_string());
    }
    let places = [
        (n / 1000, units[2]),
        (n / 100 % 10, units[1]),
        (n / 10 % 10, units[0]),
        (n % 10, ""),
    ];
    let mut out = String::new();
    let mut gap = false;
    for (i, (d, unit)) in places.into_iter().enumerate() {
        if d == 0 {
            gap = !out.is_empty();
            continue;
        }
        if gap {
            out.push(zero);
            gap = false;
        }
        if !(short_ten && d == 1 && i == 2 && out.is_empty()) {
            out.push(signs[d as usize]);
        }
        out.push_str(unit);
    }
    Some(out)
}

/// A number written digit by digit with ten digit signs (zero first).
fn digits(n: i64, signs: &str) -> Option<String> {
    let signs: Vec<char> = signs.chars().collect();
    (n >= 0 && signs.len() == 10).then(|| {
        n.to_string()
            .bytes()
            .map(|b| signs[usize::from(b - b'0')])
            .collect()
    })
}

/// Reads word/styles.xml: paragraph and numbering styles.
#[derive(Debug, Default)]
struct StylesReader {
    styles: HashMap<String, StyleDef>,
    default: Option<String>,
    /// The style being read: its id, whether it is the default paragraph
    /// style, and what it says so far.
    current: Option<(String, bool, StyleDef)>,
}

impl Walker for StylesReader {
    fn skips(&self, ns: Ns, local: &str) -> bool {
        ns == Ns::Word && matches!(local, "pPrChange" | "rPr" | "tblPr" | "tblStylePr")
    }

    fn start(&mut self, ns: Ns, local: &str, e: &BytesStart<'_>) {
        if ns != Ns::Word {
            return;
        }
        if local == "style" {
            let kind = attr_text(e, "type");
            let wanted = matches!(kind.as_deref(), None | Some("paragraph" | "numbering"));
            self.current = attr_value(e, "styleId").filter(|_| wanted).map(|id| {
                let default = kind.is_none_or(|k| k == "paragraph")
                    && matches!(
                        attr_text(e, "default").as_deref(),
                        Some("1" | "true" | "on")
                    );
                (id, default, StyleDef::default())
            });
            return;
        }
        let Some((_, _, def)) = self.current.as_mut() else {
            return;
        };
        match local {
            "name" => def.toc = attr_value(e, "val").is_some_and(|n| is_toc_style_name(&n)),
            "basedOn" => def.based_on = attr_value(e, "val"),
            "numId" => def.num_id = attr_int(e, "val"),
            "ilvl" => def.level = attr_number(e, "val"),
            _ => {}
        }
    }

    fn end(&mut self, ns: Ns, local: &str) {
        if ns == Ns::Word
            && local == "style"
            && let Some((id, default, def)) = self.current.take()
        {
            if default && self.default.is_none() {
                self.default = Some(id.clone());
            }
            self.styles.entry(id).or_insert(def);
        }
    }

    fn text(&mut self, _: &str) {}
}

/// Reads word/numbering.xml: list definitions and instances.
#[derive(Debug, Default)]
struct NumberingReader {
    abstracts: HashMap<i64, AbstractNum>,
    nums: HashMap<i64, NumInstance>,
    /// The definition, instance, override and level being read.
    abstract_num: Option<(i64, AbstractNum)>,
    num: Option<(i64, NumInstance)>,
    level_override: Option<Override>,
    level: Option<(usize, Level)>,
}

impl Walker for NumberingReader {
    fn skips(&self, ns: Ns, local: &str) -> bool {
        // Newer formats (mc:Choice) come with a fallback Word's older
        // versions read: take that.
        (ns == Ns::Compat && local == "Choice")
            || (ns == Ns::Word && matches!(local, "rPr" | "pPr"))
    }

    fn start(&mut self, ns: Ns, local: &str, e: &BytesStart<'_>) {
        if ns != Ns::Word {
            return;
        }
        let val = || attr_value(e, "val");
        let int = || attr_int(e, "val");
        if let Some((_, l)) = self.level.as_mut() {
            match local {
                "start" => l.start = int().unwrap_or(0),
                "numFmt" => l.format = val().unwrap_or_default(),
                "lvlText" => l.text = val().unwrap_or_default(),
                "lvlRestart" => l.restart = int(),
                "isLgl" => l.legal = !matches!(val().as_deref(), Some("0" | "false" | "off")),
                "suff" => {
                    l.suffix = match val().as_deref() {
                        Some("space") => Suffix::Space,
                        Some("nothing") => Suffix::Nothing,
                        _ => Suffix::Tab,
                    }
                }
                "pStyle" => l.style = val(),
                _ => {}
            }
            return;
        }
        match local {
            "abstractNum" => {
                self.abstract_num =
                    attr_int(e, "abstractNumId").map(|id| (id, AbstractNum::default()));
            }
            "num" => self.num = attr_int(e, "numId").map(|id| (id, NumInstance::default())),
            "lvl" => {
                let level = attr_number(e, "ilvl").unwrap_or(0);
                let inside = self.level_override.is_some() || self.abstract_num.is_some();
                self.level = (level < LEVELS && inside).then(|| {
                    let format = "decimal".to_string();
                    (
                        level,
                        Level {
                            format,
                            ..Level::default()
                        },
                    )
                });
            }
            "numStyleLink" => {
                if let Some((_, a)) = self.abstract_num.as_mut() {
                    a.style_link = val();
                }
            }
            "abstractNumId" => {
                if let Some((_, n)) = self.num.as_mut() {
                    n.abstract_id = int();
                }
            }
            "lvlOverride" => {
                self.level_override = attr_number(e, "ilvl")
                    .filter(|&l| l < LEVELS && self.num.is_some())
                    .map(|level| Override {
                        level,
                        ..Override::default()
                    });
            }
            "startOverride" => {
                if let Some(o) = self.level_override.as_mut() {
                    o.start = int();
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, ns: Ns, local: &str) {
        if ns != Ns::Word {
            return;
        }
        match local {
            "lvl" => {
                let Some((i, l)) = self.level.take() else {
                    return;
                };
                if let Some(o) = self.level_override.as_mut() {
                    o.lvl = Some(l);
                } else if let Some((_, a)) = self.abstract_num.as_mut() {
                    a.levels[i] = Some(l);
                }
            }
            "lvlOverride" => {
                if let (Some(o), Some((_, n))) = (self.level_override.take(), self.num.as_mut()) {
                    n.overrides.push(o);
                }
            }
            "abstractNum" => {
                if let Some((id, a)) = self.abstract_num.take() {
                    self.abstracts.entry(id).or_insert(a);
                }
            }
            "num" => {
                if let Some((id, n)) = self.num.take() {
                    self.nums.entry(id).or_insert(n);
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, _: &str) {}
}

/// Walks content.xml of an OpenDocument text.
#[derive(Debug, Default)]
struct OdtWalker {
    out: TextBuilder,
    /// Depth inside office:text (the body).
    body: usize,
    /// Repeat counts of the open rows and cells.
    row_repeats: Vec<usize>,
    cell_repeats: Vec<usize>,
}

impl Walker for OdtWalker {
    fn skips(&self, ns: Ns, local: &str) -> bool {
        match ns {
            // Notes, change tracking (deleted text), ruby glosses, index templates.
            Ns::Text => {
                matches!(local, "note" | "tracked-changes" | "ruby-text")
                    || local.ends_with("-source")
            }
            Ns::Office => local == "annotation",
            Ns::Svg => matches!(local, "title" | "desc"),
            _ => false,
        }
    }

    fn start(&mut self, ns: Ns, local: &str, e: &BytesStart<'_>) {
        if ns == Ns::Office && local == "text" {
            self.body += 1;
        }
        if self.body == 0 {
            return;
        }
        match (ns, local) {
            (Ns::Text, "p" | "h") => self.out.start_para(),
            (Ns::Text, "s") => {
                let n = attr_number(e, "c").unwrap_or(1).clamp(1, MAX_REPEAT);
                self.out.push_str(&" ".repeat(n));
            }
            (Ns::Text, "tab") => self.out.push_str("\t"),
            (Ns::Text, "line-break") => self.out.push_str("\n"),
            (Ns::Table, "table") => self.out.start_table(),
            (Ns::Table, "table-row") => {
                self.row_repeats
                    .push(attr_number(e, "number-rows-repeated").unwrap_or(1));
                self.out.start_row();
            }
            (Ns::Table, "table-cell" | "covered-table-cell") => {
                self.cell_repeats
                    .push(attr_number(e, "number-columns-repeated").unwrap_or(1));
                self.out.start_cell();
            }
            _ => {}
        }
    }

    fn end(&mut self, ns: Ns, local: &str) {
        if self.body == 0 {
            return;
        }
        match (ns, local) {
            (Ns::Office, "text") => self.body -= 1,
            (Ns::Text, "p" | "h") => self.out.end_para(true),
            (Ns::Table, "table") => self.out.end_table(),
            (Ns::Table, "table-row") => {
                let n = self.row_repeats.pop().unwrap_or(1);
                self.out.end_row(n);
            }
            (Ns::Table, "table-cell" | "covered-table-cell") => {
                let n = self.cell_repeats.pop().unwrap_or(1);
                self.out.end_cell(n);
            }
            _ => {}
        }
    }

    fn text(&mut self, s: &str) {
        if self.body > 0 {
            self.out.push_collapsed(s);
        }
    }
}

/// The text of the first element with each wanted (namespace, local name),
/// trimmed; `None` when absent or empty. A malformed part yields what was
/// found before the error.
fn properties(xml: &str, wanted: [(&str, &str); 2]) -> [Option<String>; 2] {
    let mut found: [Option<String>; 2] = [None, None];
    let mut reader = NsReader::from_str(xml);
    // The property being read, its text so far and the element depth inside it.
    let mut current: Option<(usize, String, usize)> = None;
    while let Ok((res, event)) = reader.read_resolved_event() {
        match (event, current.as_mut()) {
            (Event::Start(_), Some((_, _, depth))) => *depth += 1,
            (Event::Start(e), None) => {
                let local = e.local_name();
                let is = |(uri, name): &(&str, &str)| {
                    matches!(&res, ResolveResult::Bound(ns) if ns.0 == *uri)
                        && local.as_ref() == *name
                };
                if let Some(i) = wanted.iter().position(is).filter(|&i| found[i].is_none()) {
                    current = Some((i, String::new(), 1));
                }
            }
            (Event::Text(t), Some((_, s, _))) => s.push_str(&t.xml10_content()),
            (Event::CData(t), Some((_, s, _))) => s.push_str(&t.xml10_content()),
            (Event::GeneralRef(r), Some((_, s, _))) => s.extend(resolve_ref(&r)),
            (Event::End(_), Some((i, s, depth))) => {
                *depth -= 1;
                if *depth == 0 {
                    let value = s.trim();
                    found[*i] = (!value.is_empty()).then(|| value.to_string());
                    current = None;
                }
            }
            (Event::Eof, _) => break,
            _ => {}
        }
    }
    found
}

/// The (type, target) pairs of a relationships part, targets as paths
/// inside the container: absolute ones (`/word/document.xml`) from the
/// root, relative ones from `base`, the folder of the part the
/// relationships belong to (empty for the package's own).
fn relationships(xml: &str, base: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut reader = NsReader::from_str(xml);
    while let Ok(event) = reader.read_event() {
        let e = match event {
            Event::Start(e) | Event::Empty(e) => e,
            Event::Eof => break,
            _ => continue,
        };
        if e.local_name().as_ref() != "Relationship" {
            continue;
        }
        let (mut ty, mut target, mut external) = (None, None, false);
        for a in e.attributes().flatten() {
            let value = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_default();
            match a.key.local_name().as_ref() {
                "Type" => ty = Some(value),
                "Target" => target = Some(value),
                "TargetMode" => external = value.eq_ignore_ascii_case("external"),
                _ => {}
            }
        }
        if let (Some(ty), Some(target), false) = (ty, target, external) {
            out.push((ty, part_path(base, &target)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::formats::testutil::mutations;
    use std::io::Write;
    use zip::ZipWriter;
    use zip::write::SimpleFileOptions;

    const TITLE: &str = "2023年示例市政府工作报告";

    fn zip_of(files: &[(&str, &str)]) -> Vec<u8> {
        let mut w = ZipWriter::new(Cursor::new(Vec::new()));
        for (name, body) in files {
            w.start_file(*name, SimpleFileOptions::default()).unwrap();
            w.write_all(body.as_bytes()).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    const DOCUMENT_XML: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">
<w:body>
<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr><w:r><w:t>一、2022年工作回顾</w:t></w:r></w:p>
<w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">全市地区生产总值</w:t><w:tab/><w:t>增长5.2%</w:t><w:br/><w:t>城乡居民收入稳步提高</w:t></w:r><w:del w:id="1" w:author="办公室"><w:r><w:delText>已删除的旧表述</w:delText></w:r></w:del><w:ins w:id="2" w:author="办公室"><w:r><w:t>，民生持续改善</w:t></w:r></w:ins></w:p>
<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "http://example.invalid" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>详见附件</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="4000"/><w:gridCol w:w="4000"/></w:tblGrid>
<w:tr><w:tc><w:tcPr><w:tcW w:w="4000"/></w:tcPr><w:p><w:r><w:t>指标</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>目标</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>城镇新增就业</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>10万人</w:t></w:r></w:p><w:p><w:r><w:t>以上</w:t></w:r></w:p></w:tc></w:tr>
</w:tbl>
<w:p/>
<w:p><w:r><w:br w:type="page"/></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing/></mc:Choice><mc:Fallback><w:pict><w:p><w:r><w:t>备用图形文字</w:t></w:r></w:p></w:pict></mc:Fallback></mc:AlternateContent><w:t>R&amp;D经费投入增长&#x31;0%</w:t></w:r></w:p>
<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr>
</w:body>
</w:document>"#;

    const DOCX_TEXT: &str = "一、2022年工作回顾\n全市地区生产总值\t增长5.2%\n城乡居民收入稳步提高，民生持续改善\n详见附件\n指标\t目标\n城镇新增就业\t10万人 以上\n\nR&D经费投入增长10%";

    const CORE_XML: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>2023年示例市政府工作报告</dc:title><dc:creator>示例市人民政府办公室</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">2023-01-05T08:00:00Z</dcterms:created></cp:coreProperties>"#;

    const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

    fn docx() -> Vec<u8> {
        zip_of(&[
            ("[Content_Types].xml", CONTENT_TYPES),
            ("word/document.xml", DOCUMENT_XML),
            (
                "word/footer1.xml",
                "<w:ftr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:p><w:r><w:t>页脚文字</w:t></w:r></w:p></w:ftr>",
            ),
            ("docProps/core.xml", CORE_XML),
        ])
    }

    #[test]
    fn docx_paragraphs_tables_and_properties() {
        let doc = docx_text(&docx()).unwrap();
        assert_eq!(doc.text, DOCX_TEXT);
        assert_eq!(doc.title.as_deref(), Some(TITLE));
        assert_eq!(doc.created.as_deref(), Some("2023-01-05T08:00:00Z"));
        for hidden in ["已删除", "HYPERLINK", "备用图形", "页脚"] {
            assert!(!doc.text.contains(hidden), "{hidden} leaked");
        }
    }

    #[test]
    fn docx_main_part_from_relationships_and_no_core() {
        let rels = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/document2.xml"/></Relationships>"#;
        let bytes = zip_of(&[("_rels/.rels", rels), ("word/document2.xml", DOCUMENT_XML)]);
        let doc = docx_text(&bytes).unwrap();
        assert_eq!(doc.text, DOCX_TEXT);
        assert_eq!((doc.title, doc.created), (None, None));
    }

    #[test]
    fn docx_corrupt_inputs_are_errors() {
        let err = docx_text(b"not a zip at all").unwrap_err();
        assert!(err.starts_with("not a readable .docx"), "{err}");
        let err = docx_text(&zip_of(&[("docProps/core.xml", CORE_XML)])).unwrap_err();
        assert_eq!(err, "not a .docx: word/document.xml is missing");
        // Cut short (an interrupted download): said to be damaged, with
        // what to do.
        let bytes = docx();
        let err = docx_text(&bytes[..bytes.len() / 2]).unwrap_err();
        assert!(err.starts_with("a damaged or cut-short .docx"), "{err}");
        assert!(err.ends_with("download or save it again"), "{err}");
        let bad = zip_of(&[("word/document.xml", "<w:document><w:body><w:p></w:body>")]);
        assert!(docx_text(&bad).unwrap_err().contains("not well-formed XML"));
    }

    #[test]
    fn docx_mutations_never_panic() {
        for m in mutations(&docx()) {
            let _ = docx_text(&m);
        }
        // The XML walker itself, on damaged markup (the zip CRC stops most damage above).
        for m in mutations(DOCUMENT_XML.as_bytes()) {
            let _ = walk(&String::from_utf8_lossy(&m), &mut DocxWalker::default());
        }
    }

    // Automatic numbering and tables of contents.

    const WNS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    /// The text of a .docx with this body and, when given, numbering and
    /// styles (the inside of w:numbering and w:styles).
    fn numbered_text(body: &str, numbering: Option<&str>, styles: Option<&str>) -> String {
        let document = format!("<w:document {WNS}><w:body>{body}</w:body></w:document>");
        let numbering = numbering.map(|n| format!("<w:numbering {WNS}>{n}</w:numbering>"));
        let styles = styles.map(|s| format!("<w:styles {WNS}>{s}</w:styles>"));
        let mut parts = vec![("word/document.xml", document.as_str())];
        if let Some(n) = &numbering {
            parts.push(("word/numbering.xml", n));
        }
        if let Some(s) = &styles {
            parts.push(("word/styles.xml", s));
        }
        docx_text(&zip_of(&parts)).unwrap().text
    }

    /// A plain paragraph.
    fn para(text: &str) -> String {
        format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
    }

    /// A paragraph numbered directly (numId, ilvl).
    fn item(num: i64, level: usize, text: &str) -> String {
        format!(
            r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr><w:ind w:firstLine="640"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
        )
    }

    /// A paragraph in a style.
    fn styled(style: &str, text: &str) -> String {
        format!(
            r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
        )
    }

    /// A list level: start, format, template.
    fn lvl(level: usize, start: i64, format: &str, text: &str) -> String {
        format!(
            r#"<w:lvl w:ilvl="{level}"><w:start w:val="{start}"/><w:numFmt w:val="{format}"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="640"/></w:pPr><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr></w:lvl>"#
        )
    }

    /// A list definition and one instance of it with the same id.
    fn list(id: i64, levels: &[String]) -> String {
        format!(
            r#"<w:abstractNum w:abstractNumId="{id}"><w:multiLevelType w:val="multilevel"/>{}</w:abstractNum><w:num w:numId="{id}"><w:abstractNumId w:val="{id}"/></w:num>"#,
            levels.concat()
        )
    }

    /// The outline of Chinese reports: 一、 / （一） / 1. / （1）.
    fn outline() -> Vec<String> {
        vec![
            lvl(0, 1, "chineseCounting", "%1、"),
            lvl(1, 1, "chineseCounting", "（%2）"),
            lvl(2, 1, "decimal", "%3."),
            lvl(3, 1, "decimal", "（%4）"),
        ]
    }

    #[test]
    fn docx_numbering_labels_and_restarts() {
        let body = [
            para("各位代表："),
            item(1, 0, "过去一年工作回顾"),
            item(1, 1, "经济运行稳中向好"),
            item(1, 2, "工业生产加快"),
            item(1, 3, "新建项目二十个"),
            item(1, 3, "投产项目十个"),
            item(1, 2, "消费市场回暖"),
            para("正文不编号。"),
            item(1, 1, "改革开放纵深推进"),
            item(1, 0, "今年工作总体要求"),
            item(1, 1, "着力扩大有效需求"),
            item(1, 2, "稳定大宗消费"),
            item(1, 3, "办好展会"),
        ]
        .concat();
        let text = numbered_text(&body, Some(&list(1, &outline())), None);
        assert_eq!(
            text,
            "各位代表：\n一、过去一年工作回顾\n（一）经济运行稳中向好\n1. 工业生产加快\n（1）新建项目二十个\n（2）投产项目十个\n2. 消费市场回暖\n正文不编号。\n（二）改革开放纵深推进\n二、今年工作总体要求\n（一）着力扩大有效需求\n1. 稳定大宗消费\n（1）办好展会"
        );
    }

    #[test]
    fn docx_numbering_counts_past_ten_and_in_cells() {
        let mut body: Vec<String> = (1..=22).map(|i| item(1, 0, &format!("第{i}项"))).collect();
        body.push(format!(
            "<w:tbl><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl>",
            item(1, 1, "表内一"),
            item(1, 1, "表内二")
        ));
        let text = numbered_text(&body.concat(), Some(&list(1, &outline())), None);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "一、第1项");
        assert_eq!(lines[9], "十、第10项");
        assert_eq!(lines[10], "十一、第11项");
        assert_eq!(lines[19], "二十、第20项");
        assert_eq!(lines[21], "二十二、第22项");
        assert_eq!(lines[22], "（一）表内一\t（二）表内二");
    }

    #[test]
    fn a_report_laid_out_in_a_table_keeps_its_paragraphs() {
        let long = "过去一年,我们坚持稳中求进工作总基调,经济运行总体平稳,发展质量稳步提升,民生福祉持续增进。".repeat(5);
        let report = [
            para("2021年示例市政府工作报告"),
            para("各位代表:"),
            para(&long),
            para("一、2020年工作回顾"),
            "<w:p><w:r><w:t>第一行</w:t></w:r><w:r><w:br/></w:r><w:r><w:t>第二行</w:t></w:r></w:p>"
                .to_string(),
        ]
        .concat();
        // A one-cell table holding the report, and a two-cell row with a
        // narrow label beside it.
        for row in [
            format!("<w:tc>{report}</w:tc>"),
            format!("<w:tc>{}</w:tc><w:tc>{report}</w:tc>", para("正文")),
        ] {
            let body = format!("<w:tbl><w:tr>{row}</w:tr></w:tbl>");
            let text = numbered_text(&body, None, None);
            let lines: Vec<&str> = text.lines().collect();
            let at = lines.iter().position(|l| *l == "2021年示例市政府工作报告");
            assert!(at.is_some(), "{text}");
            assert_eq!(
                lines[at.unwrap_or(0)..],
                [
                    "2021年示例市政府工作报告",
                    "各位代表:",
                    long.as_str(),
                    "一、2020年工作回顾",
                    "第一行",
                    "第二行"
                ],
                "{text}"
            );
        }
        // A data table's cells stay one row per line.
        let body = format!(
            "<w:tbl><w:tr><w:tc>{}{}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl>",
            para("地区生产总值"),
            para("(亿元)"),
            para("1234")
        );
        assert_eq!(
            numbered_text(&body, None, None),
            "地区生产总值 (亿元)\t1234"
        );
    }

    #[test]
    fn docx_number_formats() {
        let cases: &[(&str, &[(i64, &str)])] = &[
            ("decimal", &[(1, "1"), (12, "12"), (0, "0")]),
            ("decimalZero", &[(3, "03"), (12, "12")]),
            (
                "chineseCounting",
                &[
                    (0, "〇"),
                    (1, "一"),
                    (9, "九"),
                    (10, "十"),
                    (11, "十一"),
                    (20, "二十"),
                    (21, "二十一"),
                    (99, "九十九"),
                    (100, "一百"),
                    (105, "一百零五"),
                    (110, "一百一十"),
                    (1005, "一千零五"),
                    (2030, "二千零三十"),
                ],
            ),
            (
                "chineseCountingThousand",
                &[(3, "三"), (15, "十五"), (32, "三十二")],
            ),
            ("taiwanCountingThousand", &[(4, "四"), (16, "十六")]),
            (
                "chineseLegalSimplified",
                &[(2, "贰"), (10, "壹拾"), (13, "壹拾叁")],
            ),
            ("ideographLegalTraditional", &[(3, "參")]),
            ("ideographDigital", &[(10, "一〇"), (2023, "二〇二三")]),
            (
                "ideographTraditional",
                &[(1, "甲"), (4, "丁"), (10, "癸"), (11, "甲")],
            ),
            ("ideographZodiac", &[(1, "子"), (12, "亥")]),
            (
                "decimalEnclosedCircle",
                &[(1, "①"), (10, "⑩"), (20, "⑳"), (21, "21")],
            ),
            ("decimalEnclosedCircleChinese", &[(2, "②")]),
            ("decimalEnclosedParen", &[(1, "⑴"), (3, "⑶")]),
            ("decimalEnclosedFullstop", &[(1, "⒈")]),
            ("decimalFullWidth", &[(12, "１２")]),
            (
                "upperLetter",
                &[(1, "A"), (26, "Z"), (27, "AA"), (53, "AAA"), (0, "0")],
            ),
            ("lowerLetter", &[(2, "b"), (28, "bb")]),
            (
                "upperRoman",
                &[
                    (1, "I"),
                    (4, "IV"),
                    (9, "IX"),
                    (14, "XIV"),
                    (1994, "MCMXCIV"),
                ],
            ),
            ("lowerRoman", &[(3, "iii"), (40, "xl"), (0, "0")]),
            (
                "ordinal",
                &[
                    (1, "1st"),
                    (2, "2nd"),
                    (3, "3rd"),
                    (4, "4th"),
                    (11, "11th"),
                    (22, "22nd"),
                ],
            ),
            ("none", &[(5, "")]),
            ("someFutureFormat", &[(7, "7")]),
        ];
        for (format, values) in cases {
            for (n, want) in *values {
                assert_eq!(format_number(*n, format), *want, "{format} {n}");
            }
        }
        // Through a document: each format on its own level.
        let levels = [
            lvl(0, 1, "ideographTraditional", "%1、"),
            lvl(1, 1, "decimalEnclosedCircle", "%2"),
            lvl(2, 1, "upperLetter", "%3."),
            lvl(3, 3, "lowerRoman", "(%4)"),
            lvl(4, 1, "chineseCountingThousand", "第%5条"),
            lvl(5, 1, "bullet", "\u{F06C}"),
            lvl(6, 1, "weirdFormat", "%7)"),
        ];
        let body = [
            item(1, 0, "甲项"),
            item(1, 0, "乙项"),
            item(1, 1, "圈一"),
            item(1, 1, "圈二"),
            item(1, 2, "字母"),
            item(1, 3, "罗马"),
            item(1, 4, "条款"),
            item(1, 5, "圆点"),
            item(1, 6, "未知"),
        ]
        .concat();
        let text = numbered_text(&body, Some(&list(1, &levels)), None);
        assert_eq!(
            text,
            "甲、甲项\n乙、乙项\n①圈一\n②圈二\nA. 字母\n(iii) 罗马\n第一条条款\n圆点\n1) 未知"
        );
    }

    #[test]
    fn docx_numbering_suffix_legal_and_restart_rules() {
        let levels = [
            r#"<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:suff w:val="space"/><w:lvlText w:val="%1、"/></w:lvl>"#.to_string(),
            // Legal numbering: the level above in decimal too; never restarts.
            r#"<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:isLgl/><w:lvlRestart w:val="0"/><w:suff w:val="nothing"/><w:lvlText w:val="%1.%2"/></w:lvl>"#.to_string(),
            // Restarts only after level 1 (not after level 2).
            r#"<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlRestart w:val="1"/><w:lvlText w:val="%3)"/></w:lvl>"#.to_string(),
        ];
        let body = [
            item(1, 0, "总则"),
            item(1, 1, "目的"),
            item(1, 2, "甲"),
            item(1, 1, "范围"),
            item(1, 2, "乙"),
            item(1, 0, "分则"),
            item(1, 1, "定义"),
            item(1, 2, "丙"),
        ]
        .concat();
        let text = numbered_text(&body, Some(&list(1, &levels)), None);
        assert_eq!(
            text,
            "一、 总则\n1.1目的\na) 甲\n1.2范围\nb) 乙\n二、 分则\n2.3定义\na) 丙"
        );
    }

    #[test]
    fn docx_numbering_overrides_and_shared_counters() {
        let numbering = format!(
            r#"{}<w:num w:numId="2"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num><w:num w:numId="3"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num><w:num w:numId="4"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1部分"/></w:lvl></w:lvlOverride></w:num><w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num>"#,
            list(1, &outline())
        );
        let body = [
            item(1, 0, "甲"),
            item(1, 0, "乙"),
            // Another instance of the same list restarting at 1: the
            // restart happens once, then the shared counter goes on.
            item(2, 0, "丙"),
            item(2, 0, "丁"),
            item(1, 0, "戊"),
            // An instance without overrides continues the sequence.
            item(5, 0, "己"),
            item(3, 0, "庚"),
            item(3, 1, "辛"),
            item(4, 0, "壬"),
        ]
        .concat();
        let text = numbered_text(&body, Some(&numbering), None);
        assert_eq!(
            text,
            "一、甲\n二、乙\n一、丙\n二、丁\n三、戊\n四、己\n五、庚\n（一）辛\n第一部分壬"
        );
    }

    const HEADING_STYLES: &str = r#"<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="a"/><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="21"><w:name w:val="专用二级标题"/><w:basedOn w:val="2"/></w:style>
<w:style w:type="paragraph" w:styleId="3"><w:name w:val="heading 3"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
<w:style w:type="character" w:styleId="c1"><w:name w:val="toc 1"/></w:style>"#;

    #[test]
    fn docx_numbering_through_paragraph_styles() {
        // Level 2 is bound to style 3 (w:pStyle in the level); level 0
        // is the default for style 1, which names no level.
        let mut levels = outline();
        levels[2] = r#"<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="3"/><w:lvlText w:val="%3."/></w:lvl>"#.to_string();
        let body = [
            styled("1", "过去一年工作回顾"),
            styled("2", "经济运行稳中向好"),
            styled("3", "工业增长"),
            styled("21", "改革开放纵深推进"),
            // The paragraph's own numbering wins over its style's …
            r#"<w:p><w:pPr><w:pStyle w:val="1"/><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr><w:r><w:t>直接二级</w:t></w:r></w:p>"#.to_string(),
            // … and numId 0 turns the style's numbering off.
            r#"<w:p><w:pPr><w:pStyle w:val="1"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr></w:pPr><w:r><w:t>不编号的标题</w:t></w:r></w:p>"#.to_string(),
            styled("a", "正文。"),
            styled("1", "今年工作总体要求"),
            styled("nosuchstyle", "未知样式。"),
        ]
        .concat();
        let text = numbered_text(&body, Some(&list(1, &levels)), Some(HEADING_STYLES));
        assert_eq!(
            text,
            "一、过去一年工作回顾\n（一）经济运行稳中向好\n1. 工业增长\n（二）改革开放纵深推进\n（三）直接二级\n不编号的标题\n正文。\n二、今年工作总体要求\n未知样式。"
        );
    }

    #[test]
    fn docx_numbering_through_a_numbering_style_link_and_relationships() {
        // The list lives in a numbering style: the definition paragraphs
        // point at links to it (w:numStyleLink → style → w:num).
        let numbering = format!(
            r#"{}<w:abstractNum w:abstractNumId="7"><w:numStyleLink w:val="outline"/></w:abstractNum><w:num w:numId="8"><w:abstractNumId w:val="7"/></w:num>"#,
            list(1, &outline())
        );
        let styles = r#"<w:style w:type="numbering" w:styleId="outline"><w:name w:val="中文大纲"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>"#;
        let document = format!(
            "<w:document {WNS}><w:body>{}</w:body></w:document>",
            [item(8, 0, "甲"), item(1, 0, "乙"), item(8, 1, "丙")].concat()
        );
        let rels = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="lists/numbering-main.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="/word/styles-main.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/stylesWithEffects" Target="nothing.xml"/></Relationships>"#;
        let bytes = zip_of(&[
            ("word/document.xml", &document),
            ("word/_rels/document.xml.rels", rels),
            (
                "word/lists/numbering-main.xml",
                &format!("<w:numbering {WNS}>{numbering}</w:numbering>"),
            ),
            (
                "word/styles-main.xml",
                &format!("<w:styles {WNS}>{styles}</w:styles>"),
            ),
        ]);
        assert_eq!(docx_text(&bytes).unwrap().text, "一、甲\n二、乙\n（一）丙");
    }

    #[test]
    fn docx_numbering_missing_or_damaged_parts_give_no_labels() {
        let body = [item(1, 0, "甲"), item(9, 0, "乙"), item(1, 12, "丙")].concat();
        assert_eq!(numbered_text(&body, None, None), "甲\n乙\n丙");
        // numId 9 and level 12 do not exist.
        assert_eq!(
            numbered_text(&body, Some(&list(1, &outline())), None),
            "一、甲\n乙\n丙"
        );
        // A numbering part cut short keeps what came before the damage.
        let cut = list(1, &outline());
        assert_eq!(
            numbered_text(&body, Some(&cut[..cut.len() - 10]), None),
            "甲\n乙\n丙"
        );
        // Start omitted: 0, as the standard says; template omitted: no label.
        let bare = r#"<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="decimal"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>"#;
        let body = [item(1, 0, "甲"), item(1, 0, "乙"), item(1, 1, "丙")].concat();
        assert_eq!(numbered_text(&body, Some(bare), None), "0. 甲\n1. 乙\n丙");
    }

    #[test]
    fn docx_numbering_of_newer_formats_takes_the_fallback() {
        let levels = r#"<w:abstractNum w:abstractNumId="1" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:lvl w:ilvl="0"><w:start w:val="1"/><mc:AlternateContent><mc:Choice Requires="w14"><w:numFmt w:val="custom" w:format="001, 002, 003, ..."/></mc:Choice><mc:Fallback><w:numFmt w:val="decimalZero"/></mc:Fallback></mc:AlternateContent><w:lvlText w:val="%1&amp;"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>"#;
        assert_eq!(
            numbered_text(&item(1, 0, "甲"), Some(levels), None),
            "01&amp; 甲".replace("&amp;", "&")
        );
    }

    /// A complex field's pieces.
    fn fld(kind: &str) -> String {
        format!(r#"<w:r><w:fldChar w:fldCharType="{kind}"/></w:r>"#)
    }

    fn instr(code: &str) -> String {
        format!(r#"<w:r><w:instrText xml:space="preserve">{code}</w:instrText></w:r>"#)
    }

    /// A TOC entry: a hyperlink with a nested PAGEREF field.
    fn toc_entry(style: Option<&str>, title: &str, page: u32) -> String {
        let ppr = style.map_or(String::new(), |s| format!(r#"<w:pPr><w:pStyle w:val="{s}"/><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="8296"/></w:tabs></w:pPr>"#));
        format!(
            r#"<w:p>{ppr}<w:hyperlink w:anchor="_Toc1" w:history="1"><w:r><w:t>{title}</w:t></w:r><w:r><w:tab/></w:r>{}{}{}<w:r><w:t>{page}</w:t></w:r>{}</w:hyperlink></w:p>"#,
            fld("begin"),
            instr(" PAGEREF _Toc1 \\h "),
            fld("separate"),
            fld("end")
        )
    }

    #[test]
    fn docx_complex_toc_field_over_paragraphs_is_left_out() {
        let body = [
            para("示例市2023年政府工作报告"),
            styled("TOCHeading", "目录"),
            // The field begins after text of its first paragraph and ends
            // before text of its last.
            format!(
                r#"<w:p><w:r><w:t>前文</w:t></w:r>{}{}{}{}<w:r><w:t>过去一年工作回顾</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t>1</w:t></w:r></w:p>"#,
                fld("begin"),
                instr(r#" TOC \o "1-3" "#),
                instr(r#"\h \z \u "#),
                fld("separate")
            ),
            toc_entry(None, "今年工作总体要求", 5),
            toc_entry(None, "重点工作任务", 7),
            format!(r#"<w:p>{}<w:r><w:t>后文</w:t></w:r></w:p>"#, fld("end")),
            // A stray end (no field open): an empty paragraph as any other.
            format!(r#"<w:p>{}</w:p>"#, fld("end")),
            para("各位代表："),
            // Other fields keep their result.
            format!(
                r#"<w:p><w:r><w:t>见第</w:t></w:r>{}{}{}<w:r><w:t>3</w:t></w:r>{}<w:r><w:t>页。</w:t></w:r></w:p>"#,
                fld("begin"),
                instr(" PAGEREF _Toc2 \\h "),
                fld("separate"),
                fld("end")
            ),
            item(1, 0, "过去一年工作回顾"),
        ]
        .concat();
        let text = numbered_text(&body, Some(&list(1, &outline())), None);
        assert_eq!(
            text,
            "示例市2023年政府工作报告\n目录\n前文\n后文\n\n各位代表：\n见第3页。\n一、过去一年工作回顾"
        );
    }

    #[test]
    fn docx_simple_toc_field_and_toc_styles_are_left_out() {
        let styles = r#"<w:style w:type="paragraph" w:styleId="10"><w:name w:val="toc 1"/><w:next w:val="a"/></w:style><w:style w:type="paragraph" w:styleId="20"><w:name w:val="TOC 2"/></w:style><w:style w:type="paragraph" w:styleId="mytoc"><w:name w:val="我的目录"/><w:basedOn w:val="10"/></w:style><w:style w:type="paragraph" w:styleId="TOCHeading"><w:name w:val="TOC Heading"/></w:style><w:style w:type="paragraph" w:styleId="toctext"><w:name w:val="tocsin"/></w:style>"#;
        let body = [
            styled("TOCHeading", "目录"),
            r#"<w:p><w:fldSimple w:instr=" TOC \o &quot;1-2&quot; "><w:r><w:t>过去一年工作回顾</w:t></w:r><w:r><w:tab/><w:t>1</w:t></w:r></w:fldSimple></w:p>"#.to_string(),
            toc_entry(Some("10"), "过去一年工作回顾", 1),
            toc_entry(Some("20"), "经济运行稳中向好", 2),
            toc_entry(Some("mytoc"), "今年工作总体要求", 5),
            // Without a styles entry, the built-in id still tells.
            toc_entry(Some("TOC3"), "重点工作任务", 7),
            styled("toctext", "样式名像目录但不是。"),
            r#"<w:p><w:r><w:t>总页数</w:t></w:r><w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>12</w:t></w:r></w:fldSimple></w:p>"#.to_string(),
            para("正文。"),
        ]
        .concat();
        assert_eq!(
            numbered_text(&body, None, Some(styles)),
            "目录\n样式名像目录但不是。\n总页数12\n正文。"
        );
    }

    #[test]
    fn docx_unclosed_toc_field_hides_nothing() {
        let body = [
            format!(
                r#"<w:p>{}{}{}<w:r><w:t>目录条目</w:t></w:r></w:p>"#,
                fld("begin"),
                instr(" TOC \\o "),
                fld("separate")
            ),
            para("正文一。"),
            para("正文二。"),
        ]
        .concat();
        assert_eq!(
            numbered_text(&body, None, None),
            "目录条目\n正文一。\n正文二。"
        );
        // Not a TOC: a field whose name only starts with the letters.
        let body = [format!(
            r#"<w:p>{}{}{}<w:r><w:t>保留</w:t></w:r>{}</w:p>"#,
            fld("begin"),
            instr(" TOCX "),
            fld("separate"),
            fld("end")
        )]
        .concat();
        assert_eq!(numbered_text(&body, None, None), "保留");
    }

    #[test]
    fn docx_numbering_mutations_never_panic() {
        let numbering = format!("<w:numbering {WNS}>{}</w:numbering>", list(1, &outline()));
        let styles = format!("<w:styles {WNS}>{HEADING_STYLES}</w:styles>");
        for m in mutations(numbering.as_bytes())
            .iter()
            .chain(&mutations(styles.as_bytes()))
        {
            let xml = String::from_utf8_lossy(m);
            let mut lists = Lists::default();
            lists.read_numbering(&xml);
            lists.read_styles(&xml);
            lists.read_numbering(&numbering);
            for (style, num, level) in [
                (None, Some(1), Some(0)),
                (Some("1"), None, None),
                (Some("2"), Some(1), Some(8)),
            ] {
                let _ = lists.label(style, num, level);
            }
        }
    }

    const CONTENT_XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.2">
<office:font-face-decls/>
<office:body>
<office:text>
<text:sequence-decls/>
<text:h text:outline-level="1">一、过去一年工作回顾</text:h>
<text:p>全市经济<text:s text:c="2"/>稳中向好<text:tab/>质量提升<text:line-break/>第二行<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>脚注内容</text:p></text:note-body></text:note></text:p>
<text:p>
    多余的   空白被折叠
</text:p>
<text:list><text:list-item><text:p>稳就业</text:p></text:list-item><text:list-item><text:p>保民生</text:p></text:list-item></text:list>
<table:table table:name="表1"><table:table-column table:number-columns-repeated="2"/>
<table:table-row><table:table-cell><text:p>指标</text:p></table:table-cell><table:table-cell><text:p>目标</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell><text:p>粮食产量</text:p></table:table-cell><table:table-cell><text:p>稳定</text:p></table:table-cell><table:table-cell table:number-columns-repeated="1000"/></table:table-row>
</table:table>
<text:p>R&amp;D投入<text:span>增长</text:span>8%</text:p>
</office:text>
</office:body>
</office:document-content>"#;

    const META_XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.2"><office:meta><meta:creation-date>2023-01-05T08:00:00</meta:creation-date><dc:title>2023年示例市政府工作报告</dc:title></office:meta></office:document-meta>"#;

    fn odt() -> Vec<u8> {
        zip_of(&[
            ("mimetype", "application/vnd.oasis.opendocument.text"),
            ("content.xml", CONTENT_XML),
            ("meta.xml", META_XML),
        ])
    }

    #[test]
    fn odt_paragraphs_lists_tables_and_meta() {
        let doc = odt_text(&odt()).unwrap();
        assert_eq!(
            doc.text,
            "一、过去一年工作回顾\n全市经济  稳中向好\t质量提升\n第二行\n多余的 空白被折叠\n稳就业\n保民生\n指标\t目标\n粮食产量\t稳定\nR&D投入增长8%"
        );
        assert_eq!(doc.title.as_deref(), Some(TITLE));
        assert_eq!(doc.created.as_deref(), Some("2023-01-05T08:00:00"));
    }

    #[test]
    fn odt_corrupt_inputs_are_errors() {
        assert!(
            odt_text(b"PK\x03\x04 broken")
                .unwrap_err()
                .starts_with("a damaged or cut-short .odt")
        );
        let err = odt_text(&zip_of(&[("meta.xml", META_XML)])).unwrap_err();
        assert_eq!(err, "not an .odt: content.xml is missing");
        let bytes = odt();
        assert!(odt_text(&bytes[..bytes.len() - 30]).is_err());
    }

    #[test]
    fn odt_mutations_never_panic() {
        for m in mutations(&odt()) {
            let _ = odt_text(&m);
        }
        for m in mutations(CONTENT_XML.as_bytes()) {
            let _ = walk(&String::from_utf8_lossy(&m), &mut OdtWalker::default());
            let _ = properties(
                &String::from_utf8_lossy(&m),
                [(DC_NS, "title"), (META_NS, "x")],
            );
        }
    }
}
