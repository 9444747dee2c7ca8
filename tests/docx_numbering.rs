//! A .docx whose headings are numbered by Word (numbering.xml, through the
//! paragraph or its style) and which opens with a table-of-contents field
//! loads like the same report with the labels typed in: the labels are in
//! the text, the table of contents is not, and the sections find their
//! top-level headings with roles.

use std::io::Write as _;
use std::path::Path;

use analyze::corpus::sections::{RoleRules, SectionKind, parse_report};
use analyze::corpus::{Corpus, LoadOptions, load};

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

/// A .docx of these parts (path inside, XML).
fn docx(parts: &[(&str, String)]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut buf);
    let opts = zip::write::SimpleFileOptions::default();
    z.start_file("[Content_Types].xml", opts).unwrap();
    z.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#).unwrap();
    for (name, xml) in parts {
        z.start_file(*name, opts).unwrap();
        z.write_all(xml.as_bytes()).unwrap();
    }
    z.finish().unwrap();
    buf.into_inner()
}

fn load_one(dir: &Path, name: &str, bytes: &[u8]) -> Corpus {
    std::fs::write(dir.join(name), bytes).unwrap();
    load(dir, &LoadOptions::builtin().unwrap()).unwrap()
}

fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
}

/// A paragraph numbered directly.
fn numbered(level: usize, text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="3"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
    )
}

/// A paragraph numbered through its heading style.
fn heading(style: &str, text: &str) -> String {
    format!(r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#)
}

fn fld(kind: &str) -> String {
    format!(r#"<w:r><w:fldChar w:fldCharType="{kind}"/></w:r>"#)
}

/// The report body: `headings` gives the paragraphs of the two top-level
/// and four second-level headings, `toc` what comes before the greeting.
fn report(toc: &str, headings: [String; 6]) -> String {
    let [h1, h11, h12, h2, h21, h22] = headings;
    let body = [
        p("示例市2023年政府工作报告"),
        p("——2023年1月12日在示例市第十六届人民代表大会第二次会议上"),
        p("示例市人民政府市长 张三"),
        toc.to_string(),
        p("各位代表："),
        p("现在，我代表示例市人民政府，向大会报告政府工作，请予审议。"),
        h1,
        h11,
        p("全市地区生产总值增长百分之六，工业生产和居民消费稳步回升，就业形势总体稳定。"),
        p("新建一批产业园区和物流中心，民营企业数量持续增加，营商环境不断改善。"),
        h12,
        p("完成国有企业改革三年行动，新设外资企业一百余家，口岸通关效率明显提高。"),
        h2,
        p("今年经济社会发展的主要预期目标是：地区生产总值增长百分之五左右。"),
        h21,
        p("扩大有效投资，实施一批交通、水利和城市更新重大项目，促进消费持续恢复。"),
        h22,
        p("深化重点领域改革，稳步扩大制度型开放，打造市场化法治化营商环境。"),
        p("各位代表！让我们团结一心，为建设现代化示例市而努力奋斗！"),
    ]
    .concat();
    format!("<w:document {W}><w:body>{body}</w:body></w:document>")
}

/// One top-level section: (number, title, role).
fn tops(c: &Corpus) -> Vec<(String, String, String)> {
    let roles = RoleRules::builtin().unwrap();
    let d = &c.documents[0];
    parse_report(&d.text, Some(d.year), &roles)
        .into_iter()
        .filter(|s| s.level == 1 && s.kind == SectionKind::Heading)
        .map(|s| (s.number, s.title, s.role))
        .collect()
}

const EXPECTED: &str = "示例市2023年政府工作报告
——2023年1月12日在示例市第十六届人民代表大会第二次会议上
示例市人民政府市长 张三
各位代表:
现在,我代表示例市人民政府,向大会报告政府工作,请予审议。
一、过去一年工作回顾
(一)经济运行稳中向好
全市地区生产总值增长百分之六,工业生产和居民消费稳步回升,就业形势总体稳定。
新建一批产业园区和物流中心,民营企业数量持续增加,营商环境不断改善。
(二)改革开放纵深推进
完成国有企业改革三年行动,新设外资企业一百余家,口岸通关效率明显提高。
二、今年工作总体要求和主要任务
今年经济社会发展的主要预期目标是:地区生产总值增长百分之五左右。
(一)着力扩大有效需求
扩大有效投资,实施一批交通、水利和城市更新重大项目,促进消费持续恢复。
(二)持续深化改革开放
深化重点领域改革,稳步扩大制度型开放,打造市场化法治化营商环境。
各位代表!让我们团结一心,为建设现代化示例市而努力奋斗!";

#[test]
fn word_numbered_headings_and_toc_field_load_like_typed_labels() {
    // Chinese Word templates: style ids are numbers, heading 1 carries the
    // list at level 0, heading 2 at level 1; TOC entries in `toc 1`.
    let styles = format!(
        r#"<w:styles {W}><w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="a"/><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="3"/></w:numPr></w:pPr></w:style><w:style w:type="paragraph" w:styleId="10"><w:name w:val="toc 1"/></w:style><w:style w:type="paragraph" w:styleId="20"><w:name w:val="toc 2"/></w:style></w:styles>"#
    );
    let numbering = format!(
        r#"<w:numbering {W}><w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCountingThousand"/><w:lvlText w:val="%1、"/><w:lvlJc w:val="left"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCountingThousand"/><w:suff w:val="nothing"/><w:lvlText w:val="（%2）"/><w:lvlJc w:val="left"/></w:lvl></w:abstractNum><w:num w:numId="3"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#
    );
    // A table of contents: a complex TOC field over several paragraphs,
    // entries in TOC styles with nested PAGEREF fields.
    let entry = |style: &str, title: &str, page: u32| {
        format!(
            r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{title}</w:t></w:r><w:r><w:tab/></w:r>{}<w:r><w:instrText xml:space="preserve"> PAGEREF _Toc{page} \h </w:instrText></w:r>{}<w:r><w:t>{page}</w:t></w:r>{}</w:p>"#,
            fld("begin"),
            fld("separate"),
            fld("end")
        )
    };
    let toc = [
        format!(
            r#"<w:p>{}<w:r><w:instrText xml:space="preserve"> TOC \o "1-2" \h \z \u </w:instrText></w:r>{}</w:p>"#,
            fld("begin"),
            fld("separate")
        ),
        entry("10", "一、过去一年工作回顾", 1),
        entry("20", "（一）经济运行稳中向好", 1),
        entry("10", "二、今年工作总体要求和主要任务", 5),
        format!("<w:p>{}</w:p>", fld("end")),
    ]
    .concat();
    let numbered_doc = report(
        &toc,
        [
            heading("1", "过去一年工作回顾"),
            heading("2", "经济运行稳中向好"),
            numbered(1, "改革开放纵深推进"),
            heading("1", "今年工作总体要求和主要任务"),
            heading("2", "着力扩大有效需求"),
            heading("2", "持续深化改革开放"),
        ],
    );
    let tmp = tempfile::tempdir().unwrap();
    let c = load_one(
        tmp.path(),
        "示例市2023年政府工作报告.docx",
        &docx(&[
            ("word/document.xml", numbered_doc),
            ("word/styles.xml", styles),
            ("word/numbering.xml", numbering),
        ]),
    );
    assert_eq!(c.documents.len(), 1);
    let d = &c.documents[0];
    assert_eq!((d.year, d.region.as_deref()), (2023, Some("示例市")));
    assert_eq!(d.text, EXPECTED);

    // The control: labels typed in, no table of contents.
    let control_doc = report(
        "",
        [
            p("一、过去一年工作回顾"),
            p("（一）经济运行稳中向好"),
            p("（二）改革开放纵深推进"),
            p("二、今年工作总体要求和主要任务"),
            p("（一）着力扩大有效需求"),
            p("（二）持续深化改革开放"),
        ],
    );
    let tmp2 = tempfile::tempdir().unwrap();
    let control = load_one(
        tmp2.path(),
        "示例市2023年政府工作报告.docx",
        &docx(&[("word/document.xml", control_doc)]),
    );
    assert_eq!(control.documents[0].text, EXPECTED);

    let want = vec![
        (
            "一".to_string(),
            "过去一年工作回顾".to_string(),
            "review".to_string(),
        ),
        (
            "二".to_string(),
            "今年工作总体要求和主要任务".to_string(),
            "requirements".to_string(),
        ),
    ];
    assert_eq!(tops(&control), want);
    assert_eq!(tops(&c), want);
}
