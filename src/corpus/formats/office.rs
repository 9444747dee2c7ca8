//! Word-processor documents (`.docx`, `.odt`) read into plain text.
//!
//! Both formats are zip containers of XML parts. The body part is walked with
//! a namespace-aware XML reader: paragraphs become lines, table rows become
//! lines with tab-separated cells, and parts of the markup that are not the
//! visible body text (deleted revisions, field codes, notes, comments,
//! fallback copies of drawings) are skipped. The title and creation date come
//! from the document properties part.

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
/// skipped; field codes (w:instrText) skipped.
pub fn docx_text(bytes: &[u8]) -> Result<OfficeText, String> {
    let mut zip = open_zip(bytes, "docx")?;
    // Damaged relationships only cost the redirection: the default names stay.
    let rels = match read_part(&mut zip, "_rels/.rels") {
        Ok(Some(xml)) => relationships(&decode_xml(xml)),
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
    let mut walker = DocxWalker::default();
    walk(&decode_xml(body), &mut walker)
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

/// An open container while the body is walked.
#[derive(Debug)]
enum Frame {
    /// A paragraph and its text so far.
    Para(String),
    /// A table and the cells of its current row.
    Table(Vec<String>),
    /// A table cell and its text so far.
    Cell(String),
}

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
    /// dropped, joined by tabs.
    fn end_row(&mut self, repeat: usize) {
        let Some(Frame::Table(mut cells)) = self.frames.pop_if(|f| matches!(f, Frame::Table(_)))
        else {
            return;
        };
        while cells.last().is_some_and(String::is_empty) {
            cells.pop();
        }
        let line = cells.join("\t");
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
        self.frames.push(Frame::Cell(String::new()));
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
                if !cell.is_empty() {
                    cell.push(' ');
                }
                cell.extend(
                    text.chars()
                        .map(|c| if matches!(c, '\t' | '\n') { ' ' } else { c }),
                );
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

/// Walks word/document.xml.
#[derive(Debug, Default)]
struct DocxWalker {
    out: TextBuilder,
    /// Depth inside text runs (w:r): where w:tab and w:br are characters.
    runs: usize,
    /// Depth inside w:t: where character data is text.
    texts: usize,
}

impl Walker for DocxWalker {
    fn skips(&self, ns: Ns, local: &str) -> bool {
        match ns {
            Ns::Word => matches!(
                local,
                "del"
                    | "delText"
                    | "instrText"
                    | "delInstrText"
                    | "moveFrom"
                    | "pPr"
                    | "rPr"
                    | "sectPr"
                    | "tblPr"
                    | "tblGrid"
                    | "trPr"
                    | "tcPr"
            ),
            // Drawings are stored twice; the fallback copy would repeat text boxes.
            Ns::Compat => local == "Fallback",
            _ => false,
        }
    }

    fn start(&mut self, ns: Ns, local: &str, e: &BytesStart<'_>) {
        if ns != Ns::Word {
            return;
        }
        let in_run = self.runs > 0;
        // Page and column breaks fall between sections, not inside the text.
        let page_break = || matches!(attr_text(e, "type").as_deref(), Some("page" | "column"));
        match local {
            "p" => self.out.start_para(),
            "tbl" => self.out.start_table(),
            "tr" => self.out.start_row(),
            "tc" => self.out.start_cell(),
            "r" => self.runs += 1,
            "t" => self.texts += 1,
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
        match local {
            "p" => self.out.end_para(false),
            "tbl" => self.out.end_table(),
            "tr" => self.out.end_row(1),
            "tc" => self.out.end_cell(1),
            "r" => self.runs = self.runs.saturating_sub(1),
            "t" => self.texts = self.texts.saturating_sub(1),
            _ => {}
        }
    }

    fn text(&mut self, s: &str) {
        if self.texts > 0 {
            self.out.push_str(s);
        }
    }
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

/// The (type, target) pairs of a package relationships part, targets as
/// paths inside the container.
fn relationships(xml: &str) -> Vec<(String, String)> {
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
            let path = target.trim_start_matches('/').trim_start_matches("./");
            out.push((ty, path.to_string()));
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
