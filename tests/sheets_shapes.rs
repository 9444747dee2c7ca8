//! Workbooks shaped for reading rather than loading, end to end through
//! `load`: a year and a city merged down the rows of each report's
//! paragraphs (Excel keeps the value in the top cell only), hidden sheets
//! holding drafts, and a report longer than Excel's 32,767 characters a
//! cell cut over `正文1`, `正文2`, `正文3`. The workbooks are written here
//! (made-up sentences, never the real corpora).

use std::path::Path;

use analyze::corpus::{Corpus, Document, LoadOptions, load};
use rust_xlsxwriter::{Format, Workbook};

fn load_dir(dir: &Path) -> Corpus {
    load(dir, &LoadOptions::builtin().unwrap()).unwrap()
}

type Expected<'a> = (i32, Option<&'a str>, Option<&'a str>, &'a str);

/// Check each document's year, region, title and text, in the corpus's
/// order (long texts told apart by where they first differ, not printed).
fn assert_documents(c: &Corpus, expected: &[Expected<'_>]) {
    let got: Vec<Expected<'_>> = c
        .documents
        .iter()
        .map(|d: &Document| {
            (
                d.year,
                d.region.as_deref(),
                d.title.as_deref(),
                d.text.as_str(),
            )
        })
        .collect();
    let short = |e: &[Expected<'_>]| -> Vec<(i32, Option<String>, Option<String>, usize)> {
        e.iter()
            .map(|(y, r, t, x)| {
                (
                    *y,
                    r.map(String::from),
                    t.map(String::from),
                    x.chars().count(),
                )
            })
            .collect()
    };
    assert_eq!(short(&got), short(expected));
    for (g, e) in got.iter().zip(expected) {
        if g.3 != e.3 {
            let at =
                g.3.chars()
                    .zip(e.3.chars())
                    .take_while(|(a, b)| a == b)
                    .count();
            let near = |t: &str| {
                t.chars()
                    .skip(at.saturating_sub(10))
                    .take(30)
                    .collect::<String>()
            };
            panic!(
                "{} {:?}: the texts differ at character {at}: {:?} against {:?}",
                g.0,
                g.1,
                near(g.3),
                near(e.3)
            );
        }
    }
}

/// The paragraphs of a made-up report of `region` for `year`, `n` of them.
fn paragraphs(region: &str, year: i32, n: usize) -> Vec<String> {
    // No full-width punctuation but 。 and 、, which NFKC keeps.
    let mut p = vec!["各位代表".to_string()];
    for i in 1..n {
        p.push(format!(
            "{region}{year}年第{i}项工作是推进产业升级、改善城乡环境、办好民生实事。"
        ));
    }
    p
}

/// A workbook of one paragraph per row under a title merged over the
/// columns: the columns `header`, and for each report its year, city (and
/// title, when the header has 标题) merged down its rows, its paragraph
/// numbers when the header has 段落序号, and its paragraphs.
fn merged_workbook(path: &Path, header: &[&str], reports: &[(i32, &str, usize)]) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("报告").unwrap();
    let plain = Format::new();
    let last = header.len() as u16 - 1;
    ws.merge_range(0, 0, 0, last, "各市政府工作报告（按段落）", &plain)
        .unwrap();
    for (c, h) in header.iter().enumerate() {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    let col = |name: &str| header.iter().position(|h| *h == name).map(|c| c as u16);
    let mut row = 2u32;
    for &(year, city, n) in reports {
        let text = paragraphs(city, year, n);
        let (first, end) = (row, row + text.len() as u32 - 1);
        for (k, p) in text.iter().enumerate() {
            let r = first + k as u32;
            if let Some(c) = col("段落序号") {
                ws.write_number(r, c, k as f64 + 1.0).unwrap();
            }
            ws.write_string(r, last, p).unwrap();
        }
        // The value in the top cell only, as Excel stores a merged cell.
        let year_col = col("年份").unwrap();
        ws.merge_range(first, year_col, end, year_col, "", &plain)
            .unwrap();
        ws.write_number(first, year_col, f64::from(year)).unwrap();
        let city_col = col("城市").unwrap();
        ws.merge_range(first, city_col, end, city_col, city, &plain)
            .unwrap();
        if let Some(c) = col("标题") {
            let title = format!("{city}{year}年政府工作报告");
            ws.merge_range(first, c, end, c, &title, &plain).unwrap();
        }
        row = end + 1;
    }
    wb.save(path).unwrap();
}

#[test]
fn a_year_and_city_merged_down_the_rows_reach_every_paragraph() {
    let tmp = tempfile::tempdir().unwrap();
    // Without a paragraph number: rows joined as paragraphs.
    merged_workbook(
        &tmp.path().join("合并单元格.xlsx"),
        &["年份", "城市", "内容"],
        &[(2019, "示例丙市", 7), (2018, "示例丙市", 6)],
    );
    // With one, and the title merged too.
    merged_workbook(
        &tmp.path().join("分段.xlsx"),
        &["年份", "城市", "标题", "段落序号", "内容"],
        &[
            (2021, "示例甲市", 6),
            (2022, "示例甲市", 5),
            (2021, "示例乙市", 4),
        ],
    );
    let c = load_dir(tmp.path());
    // The one note is the rows joined in the file without paragraph numbers.
    let notes: Vec<(&str, &str)> = c
        .warnings
        .iter()
        .map(|w| (w.file.rsplit('/').next().unwrap(), w.message.as_str()))
        .collect();
    assert_eq!(notes.len(), 1, "{notes:#?}");
    assert_eq!(notes[0].0, "合并单元格.xlsx");
    assert!(
        notes[0].1.starts_with("13 rows joined into 2 report(s)"),
        "{}",
        notes[0].1
    );
    let joined = |city: &str, year: i32, n: usize| paragraphs(city, year, n).join("\n");
    let texts = [
        joined("示例丙市", 2018, 6),
        joined("示例丙市", 2019, 7),
        joined("示例甲市", 2021, 6),
        joined("示例乙市", 2021, 4),
        joined("示例甲市", 2022, 5),
    ];
    assert_documents(
        &c,
        &[
            (2018, Some("示例丙市"), None, texts[0].as_str()),
            (2019, Some("示例丙市"), None, texts[1].as_str()),
            (
                2021,
                Some("示例甲市"),
                Some("示例甲市2021年政府工作报告"),
                texts[2].as_str(),
            ),
            (
                2021,
                Some("示例乙市"),
                Some("示例乙市2021年政府工作报告"),
                texts[3].as_str(),
            ),
            (
                2022,
                Some("示例甲市"),
                Some("示例甲市2022年政府工作报告"),
                texts[4].as_str(),
            ),
        ],
    );
    // Each report starts on its first row, under the title and header.
    let lines: Vec<(&str, Option<u64>)> = c
        .documents
        .iter()
        .map(|d| (d.source_path.rsplit('/').next().unwrap(), d.source_line))
        .collect();
    assert_eq!(
        lines,
        [
            ("合并单元格.xlsx", Some(10)),
            ("合并单元格.xlsx", Some(3)),
            ("分段.xlsx", Some(3)),
            ("分段.xlsx", Some(14)),
            ("分段.xlsx", Some(9)),
        ]
    );
}

/// The same paragraph-per-row sheet with its cells not merged: 年份 and 城市
/// written on each report's first row only, blank below (what a merged
/// sheet looks like once unmerged, or exported): the blank rows are their
/// report's, filled down, and the rows join into whole reports. In a table
/// of one report per row a blank year stays unknown.
#[test]
fn a_year_and_city_on_a_reports_first_row_only_reach_every_paragraph() {
    let tmp = tempfile::tempdir().unwrap();
    let reports = [
        (2019, "示例甲市", 9),
        (2019, "示例乙市", 8),
        (2020, "示例甲市", 10),
        (2020, "示例乙市", 7),
    ];
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["年份", "城市", "内容"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let mut row = 1u32;
    for &(year, city, n) in &reports {
        for (k, p) in paragraphs(city, year, n).iter().enumerate() {
            if k == 0 {
                ws.write_number(row, 0, f64::from(year)).unwrap();
                ws.write_string(row, 1, city).unwrap();
            }
            ws.write_string(row, 2, p).unwrap();
            row += 1;
        }
    }
    wb.save(tmp.path().join("blank_below.xlsx")).unwrap();
    // One report per row, the second's year and city unknown.
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["年份", "城市", "内容"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let whole = |city: &str, year: i32| paragraphs(city, year, 60).join("\n");
    ws.write_number(1, 0, 2018.0).unwrap();
    ws.write_string(1, 1, "示例丙市").unwrap();
    ws.write_string(1, 2, whole("示例丙市", 2018)).unwrap();
    ws.write_string(2, 2, whole("示例丁市", 2017)).unwrap();
    wb.save(tmp.path().join("reports.xlsx")).unwrap();
    let c = load_dir(tmp.path());
    let got: Vec<(i32, Option<&str>, usize)> = c
        .documents
        .iter()
        .map(|d| (d.year, d.region.as_deref(), d.text.lines().count()))
        .collect();
    assert_eq!(
        got,
        [
            (2018, Some("示例丙市"), 60),
            (2019, Some("示例甲市"), 9),
            (2019, Some("示例乙市"), 8),
            (2020, Some("示例甲市"), 10),
            (2020, Some("示例乙市"), 7),
        ],
        "{:?}",
        c.warnings
    );
    for d in c.documents.iter().skip(1) {
        let (year, city) = (d.year, d.region.as_deref().unwrap());
        let n = reports
            .iter()
            .find(|r| (r.0, r.1) == (year, city))
            .unwrap()
            .2;
        assert_eq!(d.text, paragraphs(city, year, n).join("\n"));
    }
    // The report without a year is not given the row above's.
    assert!(
        c.warnings
            .iter()
            .any(|w| w.file.ends_with("reports.xlsx") && w.line == Some(3)),
        "{:?}",
        c.warnings
    );
}

/// A sheet `name` of reports (`年份`, `地区`, `内容`).
fn report_sheet(wb: &mut Workbook, name: &str, rows: &[(i32, &str, &str)]) {
    let ws = wb.add_worksheet();
    ws.set_name(name).unwrap();
    for (c, h) in ["年份", "地区", "内容"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, (year, region, text)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_number(r, 0, f64::from(*year)).unwrap();
        ws.write_string(r, 1, *region).unwrap();
        ws.write_string(r, 2, *text).unwrap();
    }
}

const BODY_2019: &str =
    "各位代表\n过去一年示例丙市稳步推进城市更新、新建公园十二座、城乡居民收入稳步增长。";
const BODY_2020: &str =
    "各位代表\n过去一年示例丙市全力保障供水供电、新增就业两万人、城乡居民收入稳步增长。";

/// A workbook whose visible sheet holds two reports, with a hidden sheet
/// and a very hidden one holding a longer draft of the 2020 report.
fn workbook_with_hidden_sheets(path: &Path) {
    let mut wb = Workbook::new();
    report_sheet(
        &mut wb,
        "Sheet1",
        &[(2019, "示例丙市", BODY_2019), (2020, "示例丙市", BODY_2020)],
    );
    let draft = format!("（草稿）{BODY_2020}另起草了一段较长的说明文字。");
    report_sheet(&mut wb, "草稿", &[(2020, "示例丙市", &draft)]);
    report_sheet(&mut wb, "底稿", &[(2020, "示例丙市", &draft)]);
    wb.worksheet_from_name("草稿").unwrap().set_hidden(true);
    wb.worksheet_from_name("底稿")
        .unwrap()
        .set_very_hidden(true);
    wb.save(path).unwrap();
}

#[test]
fn hidden_sheets_are_not_read_as_reports() {
    let tmp = tempfile::tempdir().unwrap();
    workbook_with_hidden_sheets(&tmp.path().join("草稿在隐藏表.xlsx"));
    let c = load_dir(tmp.path());
    assert_documents(
        &c,
        &[
            (2019, Some("示例丙市"), None, BODY_2019),
            (2020, Some("示例丙市"), None, BODY_2020),
        ],
    );
    // One visible sheet: the documents are the workbook's, not a sheet's.
    assert!(c.documents.iter().all(|d| d.sheet.is_none()));
    // The drafts are no duplicates of the reports: never read.
    assert!(c.dropped.is_empty());
    assert!(
        c.warnings
            .iter()
            .all(|w| !w.message.contains("another document")),
        "{:#?}",
        c.warnings
    );
}

/// The warnings of the hidden sheets: sheet by sheet, the name and how
/// hidden it is.
const HIDDEN: [&str; 2] = [
    "sheet \"草稿\" skipped, hidden in the workbook (a hidden sheet holds drafts or notes, not read as reports); to read it, unhide the sheet and save the workbook",
    "sheet \"底稿\" skipped, very hidden (hidden so that Excel's Unhide does not list it) in the workbook (a hidden sheet holds drafts or notes, not read as reports); to read it, unhide the sheet and save the workbook",
];

#[test]
fn the_reader_names_each_hidden_sheet() {
    use analyze::corpus::formats::sheet::{WorkbookKind, read_workbook_with_hidden};
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("草稿在隐藏表.xlsx");
    workbook_with_hidden_sheets(&path);
    let book =
        read_workbook_with_hidden(&std::fs::read(&path).unwrap(), WorkbookKind::Xlsx).unwrap();
    let names: Vec<&str> = book.sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Sheet1"]);
    let warnings = book.warnings("x/草稿在隐藏表.xlsx");
    let got: Vec<(&str, &str)> = warnings
        .iter()
        .map(|w| (w.file.as_str(), w.message.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("x/草稿在隐藏表.xlsx", HIDDEN[0]),
            ("x/草稿在隐藏表.xlsx", HIDDEN[1])
        ]
    );
}

#[test]
fn each_hidden_sheet_is_one_warning_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    workbook_with_hidden_sheets(&tmp.path().join("草稿在隐藏表.xlsx"));
    let c = load_dir(tmp.path());
    let got: Vec<(&str, &str)> = c
        .warnings
        .iter()
        .map(|w| (w.file.rsplit('/').next().unwrap(), w.message.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("草稿在隐藏表.xlsx", HIDDEN[0]),
            ("草稿在隐藏表.xlsx", HIDDEN[1])
        ]
    );
}

/// A text of about `chars` characters: sentences that Excel's cell limit
/// cuts anywhere.
fn long_text(region: &str, year: i32, chars: usize) -> String {
    let mut text = String::from("各位代表\n");
    let mut i = 0;
    while text.chars().count() < chars {
        i += 1;
        text.push_str(&format!(
            "{region}{year}年第{i}件实事是修缮老旧小区、增设公交线路、扩建社区食堂。"
        ));
        if i % 20 == 0 {
            text.push('\n');
        }
    }
    text
}

/// `text` cut into cells of at most 32,767 characters, as a script that
/// saves a long report to Excel does.
fn cut(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    chars
        .chunks(32_767)
        .map(|c| c.iter().collect::<String>())
        .collect()
}

/// A workbook of reports whose text is cut over `正文1`, `正文2`, `正文3`
/// (the columns written in the order `order`).
fn split_workbook(path: &Path, reports: &[(i32, &str, &str)], order: [usize; 3]) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let header = ["年份", "地区", "标题"];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (k, part) in order.iter().enumerate() {
        ws.write_string(0, 3 + k as u16, format!("正文{}", part + 1))
            .unwrap();
    }
    for (r, (year, region, text)) in reports.iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_number(r, 0, f64::from(*year)).unwrap();
        ws.write_string(r, 1, *region).unwrap();
        ws.write_string(r, 2, format!("{region}{year}年政府工作报告"))
            .unwrap();
        let parts = cut(text);
        for (k, part) in order.iter().enumerate() {
            if let Some(p) = parts.get(*part) {
                ws.write_string(r, 3 + k as u16, p).unwrap();
            }
        }
    }
    wb.save(path).unwrap();
}

#[test]
fn a_text_cut_over_numbered_columns_is_joined() {
    let long = long_text("示例丁市", 2018, 70_000);
    let medium = long_text("示例丁市", 2019, 40_000);
    let short = "各位代表\n示例戊市今年的报告在一格之内、全年地区生产总值和城乡居民收入稳步增长。";
    assert_eq!(cut(&long).len(), 3);
    assert_eq!(cut(&medium).len(), 2);
    let reports = [
        (2018, "示例丁市", long.as_str()),
        (2019, "示例丁市", medium.as_str()),
        (2019, "示例戊市", short),
    ];
    let tmp = tempfile::tempdir().unwrap();
    // The columns in number order, and out of it.
    let plain = tmp.path().join("plain");
    let shuffled = tmp.path().join("shuffled");
    std::fs::create_dir_all(&plain).unwrap();
    std::fs::create_dir_all(&shuffled).unwrap();
    split_workbook(&plain.join("正文分列.xlsx"), &reports, [0, 1, 2]);
    split_workbook(&shuffled.join("正文分列.xlsx"), &reports, [2, 0, 1]);
    // `text = "正文1"` in corpus.toml: 正文2 and 正文3 are read too.
    let named = tmp.path().join("named");
    std::fs::create_dir_all(&named).unwrap();
    split_workbook(&named.join("正文分列.xlsx"), &reports, [0, 1, 2]);
    std::fs::write(named.join("corpus.toml"), "[fields]\ntext = \"正文1\"\n").unwrap();
    for dir in [&plain, &shuffled, &named] {
        let c = load_dir(dir);
        assert!(c.warnings.is_empty(), "{dir:?}: {:#?}", c.warnings);
        assert_documents(
            &c,
            &[
                (
                    2018,
                    Some("示例丁市"),
                    Some("示例丁市2018年政府工作报告"),
                    long.as_str(),
                ),
                (
                    2019,
                    Some("示例丁市"),
                    Some("示例丁市2019年政府工作报告"),
                    medium.as_str(),
                ),
                (
                    2019,
                    Some("示例戊市"),
                    Some("示例戊市2019年政府工作报告"),
                    short,
                ),
            ],
        );
        let fields = c.files[0].fields.as_ref().unwrap();
        assert_eq!(
            fields.describe(),
            "text=正文1+正文2+正文3, year=年份, title=标题, region=地区",
            "{dir:?}"
        );
    }
}
