//! Damaged and decorated tables, end to end through `load`: a CSV whose
//! one unterminated quote gives one warning naming the lines it cost (the
//! rows before and after read, nothing merged), and workbooks and CSV files
//! with a title and several note rows above their header. The fixtures are
//! written here (made-up texts, never the real corpora).

use std::path::Path;

use analyze::corpus::{Corpus, LoadOptions, load};

fn load_dir(dir: &Path) -> Corpus {
    load(dir, &LoadOptions::builtin().unwrap()).unwrap()
}

/// A made-up report: a dateline, then `n` paragraphs, one per line.
fn report(region: &str, year: i32, n: usize) -> String {
    let mut lines = vec![
        "政府工作报告".to_string(),
        format!("——{year}年1月10日在{region}第十届人民代表大会第三次会议上"),
        "各位代表：".to_string(),
    ];
    for i in 0..n {
        lines.push(format!(
            "第{i}项，{region}加快发展数字经济，推进乡村振兴，推动高质量发展，全年地区生产总值增长百分之六，城乡居民收入稳步提高。"
        ));
    }
    lines.join("\n")
}

#[test]
fn one_unterminated_quote_is_one_warning_with_the_files_lines() {
    let tmp = tempfile::tempdir().unwrap();
    let good = |y, c: &str| format!("{y},{c},{y}年{c}政府工作报告,\"{}\"\n", report(c, y, 8));
    let mut text = String::from("年份,地区,标题,内容\n");
    text.push_str(&good(2011, "示例甲市"));
    let broken_line = text.lines().count() + 1;
    // No closing quote: its 11 lines are the damaged stretch.
    text.push_str(&format!(
        "2010,示例乙市,2010年示例乙市政府工作报告,\"{}\n",
        report("示例乙市", 2010, 8)
    ));
    let resume = text.lines().count() + 1;
    text.push_str(&good(2009, "示例丙市"));
    std::fs::write(tmp.path().join("broken.csv"), &text).unwrap();

    let c = load_dir(tmp.path());
    let got: Vec<(i32, Option<u64>)> = c
        .documents
        .iter()
        .map(|d| (d.year, d.source_line))
        .collect();
    assert_eq!(got, [(2009, Some(resume as u64)), (2011, Some(2))]);
    assert_eq!(c.warnings.len(), 1, "{:?}", c.warnings);
    assert!(c.warnings[0].file.ends_with("broken.csv"));
    assert_eq!(c.warnings[0].line, Some(broken_line as u64));
    assert_eq!(
        c.warnings[0].message,
        format!(
            "unterminated quote opened at line {broken_line}: lines {broken_line}–{} were not read (fix the quote and run again); reading goes on at line {resume}",
            resume - 1
        )
    );
    // The lines are the file's, as an editor numbers them.
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[broken_line - 1].starts_with("2010,示例乙市"));
    assert!(lines[resume - 1].starts_with("2009,示例丙市"));
    // The texts around it are whole: nothing merged into them.
    let d2009 = &c.documents[0];
    assert!(!d2009.text.contains("示例乙市"), "{}", d2009.text);
}

/// A workbook with a merged title cell, `notes` note rows and the header
/// `header` below them, two reports under it.
fn noted_workbook(path: &Path, notes: usize, header: [&str; 4]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.merge_range(
        0,
        0,
        0,
        3,
        "示例省设区市政府工作报告汇总（2015-2016）",
        &rust_xlsxwriter::Format::new(),
    )
    .unwrap();
    for i in 1..notes {
        ws.write_string(i as u32, 0, format!("说明第{i}行：全文已去除图片"))
            .unwrap();
    }
    let h = notes as u32;
    for (c, name) in header.iter().enumerate() {
        ws.write_string(h, c as u16, *name).unwrap();
    }
    for (i, (year, city)) in [(2016, "示例甲市"), (2015, "示例乙市")].iter().enumerate() {
        let r = h + 1 + i as u32;
        ws.write_number(r, 0, i as f64 + 1.0).unwrap();
        ws.write_number(r, 1, f64::from(*year)).unwrap();
        ws.write_string(r, 2, *city).unwrap();
        ws.write_string(r, 3, report(city, *year, 20)).unwrap();
    }
    wb.save(path).unwrap();
}

#[test]
fn a_header_below_a_title_and_four_or_more_notes_is_found() {
    let tmp = tempfile::tempdir().unwrap();
    for notes in [3u64, 4, 5, 9] {
        let dir = tmp.path().join(format!("n{notes}"));
        std::fs::create_dir_all(&dir).unwrap();
        noted_workbook(
            &dir.join("汇总.xlsx"),
            notes as usize,
            ["序号", "年份", "城市", "报告全文"],
        );
        let c = load_dir(&dir);
        assert!(c.warnings.is_empty(), "{notes}: {:?}", c.warnings);
        let got: Vec<(i32, String, Option<u64>)> = c
            .documents
            .iter()
            .map(|d| (d.year, d.region.clone().unwrap_or_default(), d.source_line))
            .collect();
        assert_eq!(
            got,
            [
                (2015, "示例乙市".to_string(), Some(notes + 3)),
                (2016, "示例甲市".to_string(), Some(notes + 2)),
            ],
            "{notes} note rows"
        );
    }
}

#[test]
fn a_header_naming_no_known_field_gets_a_fix_that_works() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("reports");
    std::fs::create_dir_all(&dir).unwrap();
    noted_workbook(
        &dir.join("汇总.xlsx"),
        4,
        ["编号", "时间点", "地方", "稿件"],
    );
    // Another file that reads (a folder where nothing reads is an error),
    // its text column found by its length.
    let other = format!(
        "年份,地区,稿件\n2019,示例丙市,\"{}\"\n",
        report("示例丙市", 2019, 20)
    );
    std::fs::write(dir.join("其他.csv"), other).unwrap();
    let c = load_dir(&dir);
    assert_eq!(c.documents.len(), 1);
    assert_eq!(c.warnings.len(), 1, "{:?}", c.warnings);
    let m = c.warnings[0].to_string();
    assert!(
        m.contains("not a report table: no header row naming the text field")
            && m.contains("lines 1–4 hold a title or notes (示例省设区市政府工作报告汇总（2015-2016）; 说明第1行：全文已去除图片;")
            && m.contains("line 5 holds 编号, 时间点, 地方, 稿件")
            && m.ends_with("[fields]\ntext = \"稿件\""),
        "{m}"
    );
    // Following the warning's advice reads both reports.
    std::fs::write(dir.join("corpus.toml"), "[fields]\ntext = \"稿件\"\n").unwrap();
    let c = load_dir(&dir);
    let years: Vec<i32> = c.documents.iter().map(|d| d.year).collect();
    assert_eq!(years, [2015, 2016, 2019], "{:?}", c.warnings);
}

#[test]
fn csv_note_lines_above_the_header_like_a_sheets() {
    let tmp = tempfile::tempdir().unwrap();
    let mut text = String::from(
        "示例省设区市政府工作报告汇总,,,\n数据来源：各市人民政府门户网站,,,\n整理日期：2020年5月,,,\n说明：全文已去除图片,,,\n\"注：单位,篇\",,,\n",
    );
    text.push_str("序号,年份,城市,报告全文\n");
    for (i, (year, city)) in [(2016, "示例甲市"), (2015, "示例乙市")].iter().enumerate() {
        text.push_str(&format!(
            "{},{year},{city},\"{}\"\n",
            i + 1,
            report(city, *year, 5)
        ));
    }
    std::fs::write(tmp.path().join("汇总.csv"), &text).unwrap();
    let c = load_dir(tmp.path());
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    let got: Vec<(i32, Option<u64>)> = c
        .documents
        .iter()
        .map(|d| (d.year, d.source_line))
        .collect();
    assert_eq!(got, [(2015, Some(15)), (2016, Some(7))]);
}
