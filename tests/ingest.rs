//! Bring your own corpus: report collections in every common shape, written
//! by the tests themselves (GBK district reports with a dateline, Chinese
//! table headers with a pandas index column as CSV and .xlsx, a GB2312 web
//! page, HTML inside .txt and JSONL, .docx, PDF, a .zip of reports, a
//! key–value header, duplicates, national reports under many file names),
//! each checked for documents, year, date, region, level, title and text.

mod common;

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Output};

use analyze::WarningKind;
use analyze::corpus::{Corpus, Date, Level, LoadOptions, YearSource, load};

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

/// A zip archive of `members` (path inside, bytes), in that order.
fn zip_of(members: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut buf);
    let opts = zip::write::SimpleFileOptions::default();
    for (name, bytes) in members {
        z.start_file(name.as_str(), opts).unwrap();
        z.write_all(bytes).unwrap();
    }
    z.finish().unwrap();
    buf.into_inner()
}

fn gbk(text: &str) -> Vec<u8> {
    encoding_rs::GBK.encode(text).0.into_owned()
}

fn load_dir(dir: &Path) -> Corpus {
    load(dir, &LoadOptions::builtin().unwrap()).unwrap()
}

fn analyze(args: &[&str], cwd: &Path) -> Output {
    Command::new(common::bin())
        .args(args)
        .current_dir(cwd)
        .env_remove("CI")
        .output()
        .expect("binary runs")
}

/// The document `c` loaded from the file whose path ends with `name`.
fn loaded_from<'a>(c: &'a Corpus, name: &str) -> &'a analyze::corpus::Document {
    c.documents
        .iter()
        .find(|d| d.source_path.ends_with(name))
        .unwrap_or_else(|| panic!("{name} not loaded: {:?}", c.warnings))
}

/// A made-up work report body (never text of the real corpora).
fn body(region: &str, year: i32) -> String {
    format!(
        "各位代表:\n现在,我代表{region}人民政府向大会报告工作,请予审议。\n一、{}年工作回顾\n过去一年,{region}加快发展数字经济,推进乡村振兴,全年地区生产总值增长百分之六。\n二、{year}年主要任务\n大力发展新质生产力,推动高质量发展,为建设美好家园而努力奋斗!",
        year - 1
    )
}

#[test]
fn gbk_district_reports_with_dateline_speaker_and_spaced_title() {
    let tmp = tempfile::tempdir().unwrap();
    for (year, date) in [(2012, "2012年2月10日"), (2016, "2016年2月19日")] {
        let text = format!(
            "政 府 工 作 报 告\r\n\r\n——{date}在海拉尔区第十四届人民代表大会第五次会议上\r\n\r\n海拉尔区人民政府区长　杜某某\r\n\r\n{}\r\n",
            body("区", year).replace('\n', "\r\n")
        );
        write(tmp.path(), &format!("{year}.txt"), &gbk(&text));
    }
    let c = load_dir(tmp.path());
    assert_eq!(c.documents.len(), 2);
    let d = &c.documents[1];
    assert_eq!(d.year, 2016);
    assert_eq!(d.date, Date::new(2016, 2, 19));
    assert_eq!(d.region.as_deref(), Some("海拉尔区"));
    assert_eq!(d.level, Some(Level::County));
    assert_eq!(d.title.as_deref(), Some("政府工作报告"));
    assert_eq!(d.session.as_deref(), Some("第十四届人民代表大会第五次会议"));
    assert!(
        d.encoding == "GBK" || d.encoding == "gb18030",
        "{}",
        d.encoding
    );
    assert!(d.text.contains("大力发展新质生产力") && !d.text.contains('\r'));
    assert_eq!(c.documents[0].date, Date::new(2012, 2, 10));
}

/// Text pasted from a web page: a breadcrumb and a ticker line linking
/// another year's report (`热点推荐:2022年政府工作报告图解`) above the
/// report's own title and dateline. The ticker is neither the title nor the
/// source of the year (which it made a year later, flagged `excerpt`, and
/// so a duplicate of the next year's report), and a county's report
/// quoting the Premier's report's head in its body stays the county's.
#[test]
fn a_pages_ticker_line_is_not_the_title_and_a_quoted_head_not_the_region() {
    let tmp = tempfile::tempdir().unwrap();
    for year in [2021, 2022] {
        let text = format!(
            "当前位置:首页 > 政务公开 > 政府工作报告\n热点推荐:{}年政府工作报告图解\n政府工作报告\n——{year}年1月11日在衢州市第八届人民代表大会第一次会议上\n{}\n",
            year + 1,
            body("市", year)
        );
        write(tmp.path(), &format!("衢州{year}.txt"), text.as_bytes());
    }
    let quoted = format!(
        "政府工作报告\n——2017年1月10日在海拉尔区第十五届人民代表大会第一次会议上\n海拉尔区人民政府区长 张某某\n{}\n(附:学习材料)\n——2016年3月5日在第十二届全国人民代表大会第四次会议上\n国务院总理 李某某\n",
        body("区", 2017)
    );
    write(tmp.path(), "hailar/2017.txt", quoted.as_bytes());
    let c = load_dir(tmp.path());
    for year in [2021, 2022] {
        let d = loaded_from(&c, &format!("衢州{year}.txt"));
        assert_eq!(d.year, year);
        assert_eq!(d.title.as_deref(), Some("政府工作报告"));
        assert!(
            !d.flags.contains(&analyze::corpus::quality::Flag::Excerpt),
            "{:?}",
            d.flags
        );
        assert_eq!(d.region.as_deref(), Some("衢州市"));
    }
    let d = loaded_from(&c, "hailar/2017.txt");
    assert_eq!(d.region.as_deref(), Some("海拉尔区"));
    assert_eq!(d.level, Some(Level::County));
    assert_eq!(d.date, Date::new(2017, 1, 10));
}

/// A folder of reports that also holds a statistical communiqué, a news
/// report about the work report and a resolution without its title: each
/// is left out with a warning saying what it is (they were kept and summed
/// into their years). Formats that are not read are `parse` warnings that
/// name the file's own extension.
#[test]
fn communiques_news_reports_and_untitled_resolutions_are_left_out() {
    let tmp = tempfile::tempdir().unwrap();
    let report = format!(
        "政府工作报告\n——2022年3月5日在第十三届全国人民代表大会第五次会议上\n{}\n",
        body("国务院", 2022).replace("国务院人民政府", "国务院")
    );
    write(tmp.path(), "2022年政府工作报告.txt", report.as_bytes());
    write(
        tmp.path(),
        "2022年国民经济和社会发展统计公报.txt",
        "中华人民共和国2022年国民经济和社会发展统计公报\n国家统计局\n2023年2月28日\n2022年全年国内生产总值比上年增长百分之三,数字经济持续发展,高质量发展扎实推进。".as_bytes(),
    );
    write(
        tmp.path(),
        "2021年李克强作政府工作报告_新华网.txt",
        "李克强作政府工作报告\n新华社北京2021年3月5日电 十三届全国人大四次会议5日上午在人民大会堂开幕。国务院总理向大会作政府工作报告,提出加快数字经济发展,推动高质量发展。".as_bytes(),
    );
    write(
        tmp.path(),
        "2019年全国人大决议.txt",
        "第十三届全国人民代表大会第二次会议听取和审议了国务院总理所作的\n政府工作报告\n。会议充分肯定国务院过去一年的工作,同意报告提出的总体要求和重点工作,决定批准这个报告。".as_bytes(),
    );
    write(tmp.path(), "2018年报告.rtf", b"{\\rtf1\\ansi 2018}");
    // An OFD document (a zip of XML pages), as government sites publish.
    write(
        tmp.path(),
        "2016年报告.ofd",
        &zip_of(&[("OFD.xml".to_string(), b"<ofd:OFD/>".to_vec())]),
    );
    // A damaged compound file (a WPS or Word 97–2003 document's container).
    let mut wps = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    wps.extend([0u8; 600]);
    write(tmp.path(), "2017年报告.wps", &wps);
    let c = load_dir(tmp.path());
    let kept: Vec<&str> = c.documents.iter().map(|d| d.source_path.as_str()).collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(kept[0].ends_with("2022年政府工作报告.txt"), "{kept:?}");
    for (file, what) in [
        ("统计公报.txt", "statistical communiqué"),
        ("新华网.txt", "news report"),
        ("人大决议.txt", "resolution"),
    ] {
        let w = c
            .warnings
            .iter()
            .find(|w| w.file.ends_with(file) && w.kind == WarningKind::NotAReport)
            .unwrap_or_else(|| panic!("{file}: {:?}", c.warnings));
        assert!(w.message.contains(what), "{}", w.message);
        assert!(!w.message.contains("\"document\""), "{}", w.message);
    }
    let rtf = c
        .warnings
        .iter()
        .find(|w| w.file.ends_with(".rtf"))
        .unwrap();
    assert_eq!(rtf.kind, WarningKind::Parse);
    assert!(rtf.message.contains(".docx"), "{}", rtf.message);
    let ofd = c
        .warnings
        .iter()
        .find(|w| w.file.ends_with(".ofd"))
        .unwrap_or_else(|| panic!("{:?}", c.warnings));
    assert!(ofd.message.contains("OFD"), "{}", ofd.message);
    let wps = c
        .warnings
        .iter()
        .find(|w| w.file.ends_with(".wps"))
        .unwrap();
    assert_eq!(wps.kind, WarningKind::Parse);
    assert!(wps.message.contains("this .wps"), "{}", wps.message);
}

/// A national report named only by its session of the National People's
/// Congress, without a dateline, gets that session's year (it was skipped
/// for having none).
#[test]
fn a_report_named_by_its_npc_session_gets_the_sessions_year() {
    let tmp = tempfile::tempdir().unwrap();
    let text = format!(
        "各位代表:\n现在,我代表国务院,向大会报告政府工作,请予审议。\n{}\n",
        body("国务院", 2023).replace("国务院人民政府", "国务院")
    );
    write(
        tmp.path(),
        "十四届全国人大一次会议政府工作报告.txt",
        text.as_bytes(),
    );
    let c = load_dir(tmp.path());
    assert_eq!(c.documents.len(), 1, "{:?}", c.warnings);
    let d = &c.documents[0];
    assert_eq!(d.year, 2023);
    assert_eq!(d.year_source, YearSource::FileName);
    assert_eq!(d.level, Some(Level::National));
}

/// A title whose year the dateline under it contradicts: the title's is
/// used (as before), and a warning names both.
#[test]
fn a_title_year_the_dateline_contradicts_is_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let text = format!(
        "2022年衢州市政府工作报告\n——2021年1月11日在衢州市第八届人民代表大会第一次会议上\n{}\n",
        body("市", 2021)
    );
    write(tmp.path(), "report.txt", text.as_bytes());
    let c = load_dir(tmp.path());
    assert_eq!(c.documents[0].year, 2022);
    let w: Vec<&str> = c
        .warnings
        .iter()
        .map(|w| w.message.as_str())
        .filter(|m| m.contains("dateline under it says 2021"))
        .collect();
    assert_eq!(w.len(), 1, "{:?}", c.warnings);
    assert!(
        w[0].contains("the year is 2022 (from the title"),
        "{}",
        w[0]
    );
}

/// A county-level city (县级市) is a county, from its dateline, its file
/// name or its title; a prefecture-level city stays a city.
#[test]
fn county_level_cities_are_counties() {
    let tmp = tempfile::tempdir().unwrap();
    for region in ["义乌市", "昆山市", "苏州市"] {
        let text = format!(
            "政府工作报告\n——2020年1月8日在{region}第十届人民代表大会第五次会议上\n{}\n",
            body("市", 2020)
        );
        write(tmp.path(), &format!("{region}.txt"), text.as_bytes());
    }
    let text = format!("晋江市2021年政府工作报告\n{}\n", body("市", 2021));
    write(tmp.path(), "2021_晋江_政府工作报告.txt", text.as_bytes());
    let c = load_dir(tmp.path());
    let level = |name: &str| {
        let d = loaded_from(&c, name);
        (d.region.clone().unwrap_or_default(), d.level)
    };
    assert_eq!(level("义乌市.txt"), ("义乌市".into(), Some(Level::County)));
    assert_eq!(level("昆山市.txt"), ("昆山市".into(), Some(Level::County)));
    assert_eq!(level("苏州市.txt"), ("苏州市".into(), Some(Level::City)));
    assert_eq!(
        level("2021_晋江_政府工作报告.txt"),
        ("晋江市".into(), Some(Level::County))
    );
}

/// The head lines of reports whose paragraphs are separated by blank lines
/// (as many saved pages and exports are) keep their own lines: cleaning
/// joins the single line breaks of such texts, and a title, dateline,
/// speaker or `key: value` line joined to its neighbours was lost.
#[test]
fn head_lines_survive_in_blank_line_paragraph_reports() {
    let tmp = tempfile::tempdir().unwrap();
    // A link broken onto its own line, as Wikisource does.
    let paragraphs = |region: &str, year: i32| {
        format!(
            "{}\n\n贯彻《\n数字经济发展规划\n》。",
            body(region, year).replace('\n', "\n\n")
        )
    };
    // A GBK district report, CRLF, head lines without blank lines between.
    let text = format!(
        "政 府 工 作 报 告\r\n——2016年2月19日在海拉尔区第十四届人民代表大会第五次会议上\r\n海拉尔区人民政府区长　杜某某\r\n{}\r\n",
        paragraphs("区", 2016).replace('\n', "\r\n")
    );
    write(tmp.path(), "2016.txt", &gbk(&text));
    // A key-value header over a blank-line body.
    let text = format!(
        "标题：示例市政府工作报告\n发文时间：2015-04-21\n正文：\n{}",
        paragraphs("市", 2015)
    );
    write(tmp.path(), "kv.txt", text.as_bytes());
    // A saved page: title, a wrapped dateline without dashes, the speaker
    // and the page's article-info line.
    let text = format!(
        "政府工作报告\n2024年1月16日在示例州第九届\n人民代表大会第四次会议上\n州人民政府州长 王某某\n来源:示例州人民政府 2024-02-01 点击次数:1523\n{}",
        paragraphs("州", 2024)
    );
    write(tmp.path(), "page.txt", text.as_bytes());
    let c = load_dir(tmp.path());
    assert_eq!(c.documents.len(), 3, "{:?}", c.warnings);
    let by = |name: &str| loaded_from(&c, name);
    let d = by("2016.txt");
    assert_eq!(d.title.as_deref(), Some("政府工作报告"));
    assert_eq!((d.year, d.date), (2016, Date::new(2016, 2, 19)));
    assert_eq!(d.region.as_deref(), Some("海拉尔区"));
    assert_eq!(d.session.as_deref(), Some("第十四届人民代表大会第五次会议"));
    let d = by("kv.txt");
    assert_eq!(d.title.as_deref(), Some("示例市政府工作报告"));
    assert_eq!((d.year, d.date), (2015, Date::new(2015, 4, 21)));
    assert!(d.text.starts_with("各位代表:"), "{}", &d.text[..40]);
    let d = by("page.txt");
    assert_eq!(d.title.as_deref(), Some("政府工作报告"));
    assert_eq!((d.year, d.date), (2024, Date::new(2024, 1, 16)));
    assert_eq!(d.region.as_deref(), Some("示例州"));
    assert_eq!(d.session.as_deref(), Some("第九届人民代表大会第四次会议"));
    assert!(!d.text.contains("点击次数"), "{}", &d.text[..120]);
    // The body's own single line breaks are still joined.
    for d in &c.documents {
        assert!(
            d.text.contains("\n\n贯彻《数字经济发展规划》。"),
            "{}",
            d.source_path
        );
    }
}

/// A congress held in December hears the next year's report: its dateline
/// gives that year, which then agrees with the file name, and the report
/// beside it for the dateline's own year stays a report of its own.
#[test]
fn a_december_dateline_opens_the_next_years_report() {
    let tmp = tempfile::tempdir().unwrap();
    for (year, date) in [(2011, "2011年1月20日"), (2012, "2011年12月28日")] {
        let text = format!(
            "政府工作报告\n——{date}在示例市第七届人民代表大会第一次会议上\n{}",
            body("市", year)
        );
        write(tmp.path(), &format!("{year}_示例市.txt"), text.as_bytes());
    }
    // No year in the file name: the dateline alone gives it.
    let text = format!(
        "政府工作报告\n(二〇一五年十一月二十六日在示例县第十六届人民代表大会第五次会议上)\n{}",
        body("县", 2016)
    );
    write(tmp.path(), "report.txt", text.as_bytes());
    let c = load_dir(tmp.path());
    assert_eq!(c.documents.len(), 3, "{:?}", c.warnings);
    let years: Vec<(i32, Option<Date>)> = c.documents.iter().map(|d| (d.year, d.date)).collect();
    assert!(years.contains(&(2011, Date::new(2011, 1, 20))), "{years:?}");
    assert!(
        years.contains(&(2012, Date::new(2011, 12, 28))),
        "{years:?}"
    );
    assert!(
        years.contains(&(2016, Date::new(2015, 11, 26))),
        "{years:?}"
    );
    // Nothing contradicts anything, and no report is dropped as another's
    // duplicate.
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
}

/// A file with one damaged character is read in its own encoding with a
/// replacement character and a warning, not as Latin-1 garbage.
#[test]
fn a_damaged_character_does_not_turn_a_file_into_latin1() {
    let tmp = tempfile::tempdir().unwrap();
    let text = format!(
        "政府工作报告\n——2014年1月10日在示例市第十六届人民代表大会第四次会议上\n{}",
        body("市", 2014).repeat(3)
    );
    // A download cut inside its last character.
    let utf8 = text.as_bytes();
    write(tmp.path(), "2014_cut.txt", &utf8[..utf8.len() - 2]);
    // A GBK file with one stray byte.
    let mut bytes = gbk(&text.replace("2014年1月10日", "2015年1月12日"));
    // At the start of a line of the body.
    let at = bytes.len() / 2;
    let at = bytes[..at].iter().rposition(|&b| b == b'\n').unwrap() + 1;
    bytes.insert(at, 0xFF);
    write(tmp.path(), "2015_gbk.txt", &bytes);
    let c = load_dir(tmp.path());
    assert_eq!(c.documents.len(), 2, "{:?}", c.warnings);
    for d in &c.documents {
        assert!(d.text.contains("加快发展数字经济"), "{}", d.source_path);
        assert_eq!(d.region.as_deref(), Some("示例市"), "{}", d.source_path);
        assert!(
            d.flags.iter().any(|f| f.as_str() == "replacement_chars"),
            "{:?}",
            d.flags
        );
    }
    let encodings: Vec<&str> = c.documents.iter().map(|d| d.encoding).collect();
    assert!(
        encodings.contains(&"UTF-8") && encodings.contains(&"GBK"),
        "{encodings:?}"
    );
    let damaged: Vec<&str> = c
        .warnings
        .iter()
        .filter(|w| w.message.contains("replaced by U+FFFD"))
        .map(|w| w.file.as_str())
        .collect();
    assert_eq!(damaged.len(), 2, "{:?}", c.warnings);
}

/// Scrapers' header blocks in English keys or in 【】 brackets are read
/// like the Chinese `key:` ones, and removed from the text — also over a
/// body of blank-line paragraphs, whose single line breaks are joined
/// (the header's lines are not: they were glued into one title).
#[test]
fn english_and_bracketed_key_value_headers() {
    for blank_lines in [false, true] {
        let tmp = tempfile::tempdir().unwrap();
        let body = |region: &str, year: i32| {
            let b = body(region, year);
            if blank_lines {
                b.replace('\n', "\n\n")
            } else {
                b
            }
        };
        let text = format!(
            "title: 2011年示例市政府工作报告\nregion: 示例市\ndate: 2011-02-01\ncontent:\n{}",
            body("市", 2011)
        );
        write(tmp.path(), "e.txt", text.as_bytes());
        let text = format!(
            "【标题】2012年示例县政府工作报告\n【时间】2012-01-10\n【地区】示例县\n【正文】\n{}",
            body("县", 2012)
        );
        write(tmp.path(), "d.txt", text.as_bytes());
        let text = format!(
            "Title: 示例报告\nDate: 2013年2月8日\nRegion: 示例旗\nBody:\n{}",
            body("旗", 2013)
        );
        write(tmp.path(), "f.txt", text.as_bytes());
        let c = load_dir(tmp.path());
        assert_eq!(c.documents.len(), 3, "{:?}", c.warnings);
        let by = |name: &str| loaded_from(&c, name);
        let d = by("e.txt");
        assert_eq!(d.title.as_deref(), Some("2011年示例市政府工作报告"));
        assert_eq!((d.year, d.date), (2011, Date::new(2011, 2, 1)));
        assert_eq!(d.region.as_deref(), Some("示例市"));
        assert!(d.text.starts_with("各位代表:"), "{}", &d.text[..60]);
        let d = by("d.txt");
        assert_eq!(d.title.as_deref(), Some("2012年示例县政府工作报告"));
        assert_eq!((d.year, d.date), (2012, Date::new(2012, 1, 10)));
        assert_eq!(d.region.as_deref(), Some("示例县"));
        assert!(d.text.starts_with("各位代表:"), "{}", &d.text[..60]);
        let d = by("f.txt");
        assert_eq!(d.title.as_deref(), Some("示例报告"));
        assert_eq!((d.year, d.date), (2013, Date::new(2013, 2, 8)));
        assert_eq!(d.region.as_deref(), Some("示例旗"));
        assert!(d.text.starts_with("各位代表:"), "{}", &d.text[..60]);
    }
}

/// A national report in a region's row (the source's error) is a warning
/// naming the row; so is one whose only sign is its opening.
#[test]
fn a_national_report_in_a_regions_row_is_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let national = |year: i32, dateline: bool| {
        let head = if dateline {
            format!("——{year}年3月5日在第十二届全国人民代表大会第五次会议上\n")
        } else {
            String::new()
        };
        format!(
            "政府工作报告\n{head}各位代表:\n现在,我代表国务院,向大会报告政府工作,请予审议。\n{}",
            body("国家", year)
        )
        .replace('\n', " ")
    };
    let mut csv = String::from("年份,地区,正文\n");
    csv.push_str(&format!("2017,示例甲市,\"{}\"\n", national(2017, true)));
    csv.push_str(&format!("2018,示例甲市,\"{}\"\n", national(2018, false)));
    csv.push_str(&format!("2019,全国,\"{}\"\n", national(2019, true)));
    write(tmp.path(), "reports.csv", csv.as_bytes());
    let c = load_dir(tmp.path());
    assert_eq!(c.documents.len(), 3, "{:?}", c.warnings);
    let w: Vec<String> = c.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(w.len(), 2, "{w:?}");
    for (w, line) in w.iter().zip(["reports.csv:2", "reports.csv:3"]) {
        assert!(
            w.contains(line)
                && w.contains("the region is 示例甲市 (field), but the text is a national report"),
            "{w}"
        );
    }
}

/// The province of a region its dateline names in full, where the
/// short-name tables do not help: an autonomous prefecture, a league, a
/// new district, a county whose short name is a city's.
#[test]
fn provinces_of_prefectures_leagues_and_districts_named_in_full() {
    let tmp = tempfile::tempdir().unwrap();
    let places = [
        ("恩施土家族苗族自治州", "湖北省", Level::City),
        ("锡林郭勒盟", "内蒙古自治区", Level::City),
        ("浦东新区", "上海市", Level::County),
        ("长沙县", "湖南省", Level::County),
    ];
    for (k, (place, _, _)) in places.iter().enumerate() {
        let text = format!(
            "政府工作报告\n——2019年1月{}日在{place}第八届人民代表大会第四次会议上\n{}",
            k + 10,
            body(place, 2019)
        );
        write(tmp.path(), &format!("{k}.txt"), text.as_bytes());
    }
    let c = load_dir(tmp.path());
    assert_eq!(c.documents.len(), 4, "{:?}", c.warnings);
    for (place, province, level) in places {
        let d = c
            .documents
            .iter()
            .find(|d| d.region.as_deref() == Some(place))
            .unwrap_or_else(|| panic!("{place}"));
        assert_eq!(d.province.as_deref(), Some(province), "{place}");
        assert_eq!(d.level, Some(level), "{place}");
    }
}

/// A folder named with a city's short name that a county shares (长沙:
/// 长沙市 and 长沙县) is settled by the report's opening when it speaks for
/// a kind of government, whatever else the corpus holds.
#[test]
fn an_opening_that_speaks_for_a_city_settles_a_shared_short_name() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        &tmp.path().join("长沙"),
        "2018.txt",
        format!("政府工作报告\n{}", body("市", 2018)).as_bytes(),
    );
    write(
        &tmp.path().join("长沙"),
        "2017.txt",
        format!("政府工作报告\n{}", body("县", 2017)).as_bytes(),
    );
    let text = format!(
        "政府工作报告\n——2019年1月9日在长沙县第十七届人民代表大会第四次会议上\n{}",
        body("县", 2019)
    );
    write(&tmp.path().join("县区"), "2019_长沙县.txt", text.as_bytes());
    let c = load_dir(tmp.path());
    assert_eq!(c.documents.len(), 3, "{:?}", c.warnings);
    let of = |year: i32| c.documents.iter().find(|d| d.year == year).unwrap();
    assert_eq!(of(2018).region.as_deref(), Some("长沙市"));
    assert_eq!(of(2018).level, Some(Level::City));
    assert_eq!(of(2018).province.as_deref(), Some("湖南省"));
    assert_eq!(of(2017).region.as_deref(), Some("长沙县"));
    assert_eq!(of(2017).level, Some(Level::County));
    assert_eq!(of(2019).region.as_deref(), Some("长沙县"));
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
}

#[test]
fn speaker_line_gives_the_region_when_nothing_else_does() {
    let tmp = tempfile::tempdir().unwrap();
    let text = format!(
        "政府工作报告\n(2010年1月8日在市十五届人大五次会议上)\n示例市人民政府市长 王某某\n{}",
        body("市", 2010)
    );
    write(tmp.path(), "report.txt", text.as_bytes());
    let c = load_dir(tmp.path());
    let d = &c.documents[0];
    assert_eq!((d.year, d.date), (2010, Date::new(2010, 1, 8)));
    assert_eq!(d.region.as_deref(), Some("示例市"));
    assert_eq!(d.level, Some(Level::City));
    assert_eq!(d.year_source.as_str(), "dateline");
}

#[test]
fn key_value_header_gives_metadata_and_leaves_the_text() {
    let tmp = tempfile::tempdir().unwrap();
    let text = format!(
        "标题：2015年示例区政府工作报告\n发文单位：示例区人民政府\n发文时间：2015-04-21\n报告人：未知\n来源URL：http://www.example.gov.cn/a.html\n正文：\n{}",
        body("区", 2015)
    );
    write(tmp.path(), "a.txt", text.as_bytes());
    let text = format!(
        "标题：示例县政府工作报告\n发文单位：示例县人民政府\n发文时间：2014-01（在县第三届人民代表大会第二次会议上）\n正文：\n{}",
        body("县", 2014)
    );
    write(tmp.path(), "b.txt", text.as_bytes());
    let c = load_dir(tmp.path());
    assert_eq!(c.documents.len(), 2);
    let (b, a) = (&c.documents[0], &c.documents[1]);
    assert_eq!((a.year, a.date), (2015, Date::new(2015, 4, 21)));
    assert_eq!(a.title.as_deref(), Some("2015年示例区政府工作报告"));
    assert_eq!(a.region.as_deref(), Some("示例区"));
    assert!(a.text.starts_with("各位代表:"), "{}", &a.text[..40]);
    assert!(!a.text.contains("发文单位") && !a.text.contains("来源URL"));
    assert!(a.removed_by.iter().any(|(r, _)| r == "key-value-header"));
    assert_eq!((b.year, b.date), (2014, None));
    assert_eq!(b.region.as_deref(), Some("示例县"));
    assert_eq!(b.level, Some(Level::County));
}

/// A scraper's `.json`: an array of objects (here inside `{"data": …}`),
/// Chinese keys, GBK-free UTF-8; each document's line is where its object
/// starts, and `analyze corpus` shows the fields it took.
#[test]
fn json_file_of_report_objects() {
    let tmp = tempfile::tempdir().unwrap();
    let objects: Vec<serde_json::Value> = [(2019, "示例甲市"), (2020, "示例乙市")]
        .iter()
        .map(|&(y, r)| serde_json::json!({"年份": format!("{y}年"), "城市": r, "报告全文": body("市", y)}))
        .collect();
    let doc = serde_json::json!({"code": 0, "data": {"list": objects}});
    let text = serde_json::to_string_pretty(&doc).unwrap();
    write(tmp.path(), "reports.json", text.as_bytes());
    let c = load_dir(tmp.path());
    assert_eq!(c.documents.len(), 2, "{:?}", c.warnings);
    let got: Vec<_> = c
        .documents
        .iter()
        .map(|d| (d.year, d.region.clone().unwrap_or_default(), d.source_line))
        .collect();
    // Each object's line in the pretty-printed file.
    let line_of = |r: &str| {
        let at = text.find(r).unwrap();
        let open = text[..at].rfind('{').unwrap();
        Some(1 + text[..open].matches('\n').count() as u64)
    };
    assert_eq!(
        got,
        [
            (2019, "示例甲市".to_string(), line_of("示例甲市")),
            (2020, "示例乙市".to_string(), line_of("示例乙市")),
        ]
    );
    assert!(c.documents[0].text.contains("数字经济"));
    let out = analyze(&["corpus", "."], tmp.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("reports.json: text=报告全文, year=年份, region=城市"),
        "{stderr}"
    );
}

#[test]
fn objects_of_a_one_line_json_array_are_told_apart_by_their_number() {
    // JSON written without indentation puts every object on line 1: warnings
    // and the source column name the object's number in its array.
    let tmp = tempfile::tempdir().unwrap();
    let objects = |tag: &str| {
        let list: Vec<serde_json::Value> = [(2019, "甲市"), (2020, "乙市")]
            .iter()
            .map(|&(y, r)| serde_json::json!({"year": y, "city": r, "content": format!("{}{tag}", body(r, y))}))
            .collect();
        serde_json::to_string(&serde_json::json!({"data": list})).unwrap()
    };
    // Two files with different texts of equal length for the same years
    // and cities: the first by file and line is kept, the other dropped with a warning.
    write(tmp.path(), "a.json", objects("一").as_bytes());
    write(tmp.path(), "b.json", objects("二").as_bytes());
    let c = load_dir(tmp.path());
    let kept: Vec<String> = c.documents.iter().map(|d| d.source()).collect();
    assert!(
        kept[0].ends_with("/a.json[record 1]:1") && kept[1].ends_with("/a.json[record 2]:1"),
        "{kept:?}"
    );
    assert_eq!(c.documents[1].source_row, Some(2));
    let w: Vec<String> = c.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(w.len(), 2, "{w:#?}");
    assert!(
        w[0].contains(
            "b.json[record 1]:1: another document for 2019 甲市 is as long and comes first by file and line ("
        ) && w[0].contains("a.json[record 1]:1, "),
        "{w:#?}"
    );
    assert!(
        w[1].contains("b.json[record 2]:1: another document for 2020 乙市"),
        "{w:#?}"
    );

    // What is said about one object names it too.
    let bad = r#"[{"year": 2019, "city": "丙市", "content": 12345}, {"year": 2020, "city": "丁市", "content": ""}]"#;
    write(tmp.path(), "c.json", bad.as_bytes());
    let c = load_dir(tmp.path());
    let w: Vec<String> = c.warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        w.iter()
            .any(|w| w.contains("c.json[record 1]:1: text field \"content\" is a number")),
        "{w:#?}"
    );
    assert!(
        w.iter()
            .any(|w| w.contains("c.json[record 2]:1: text field \"content\" is empty")),
        "{w:#?}"
    );
}

#[test]
fn national_reports_under_any_file_name_are_one_series() {
    let tmp = tempfile::tempdir().unwrap();
    let national = |year: i32| {
        format!(
            "政府工作报告\n各位代表:\n现在,我代表国务院,向大会报告政府工作,请予审议。\n一、{}年工作回顾\n经济运行总体平稳。",
            year - 1
        )
    };
    write(
        tmp.path(),
        "2016年国务院政府工作报告.txt",
        national(2016).as_bytes(),
    );
    write(
        tmp.path(),
        "1954政府工作报告_周恩来.txt",
        national(1954).as_bytes(),
    );
    write(
        tmp.path(),
        "2017年政府工作报告.txt",
        format!(
            "{}\n——2017年3月5日在第十二届全国人民代表大会第五次会议上",
            national(2017)
        )
        .as_bytes(),
    );
    let c = load_dir(tmp.path());
    assert_eq!(c.documents.len(), 3);
    for d in &c.documents {
        assert_eq!(d.region.as_deref(), Some("全国"), "{}", d.source_path);
        assert_eq!(d.level, Some(Level::National), "{}", d.source_path);
    }
    let years: Vec<i32> = c.documents.iter().map(|d| d.year).collect();
    assert_eq!(years, [1954, 2016, 2017]);
}

#[test]
fn csv_with_chinese_headers_and_a_pandas_index_column() {
    let tmp = tempfile::tempdir().unwrap();
    let mut csv = String::from(",年份,地区等级,地区,报告全文,文本总长度(字),省份\n");
    for (i, (year, city)) in [(2015, "甲市"), (2016, "甲市"), (2016, "乙市")]
        .iter()
        .enumerate()
    {
        let text = format!("\u{feff}{}\n来自马克数据网", body(city, *year));
        csv.push_str(&format!(
            "{i},{year},地级市,{city},\"{}\",{},示例省\n",
            text.replace('"', "\"\""),
            text.chars().count()
        ));
    }
    write(tmp.path(), "cities.csv", csv.as_bytes());
    let c = load_dir(tmp.path());
    assert_eq!(c.documents.len(), 3);
    for d in &c.documents {
        assert_eq!(d.level, Some(Level::City));
        assert_eq!(d.province.as_deref(), Some("示例省"));
        assert!(!d.text.contains('\u{feff}') && !d.text.contains("马克数据"));
        assert!(d.text.ends_with("努力奋斗!"), "{:?}", d.text);
    }
    assert_eq!(c.documents[2].region.as_deref(), Some("乙市"));
    let fields = c.files[0].fields.as_ref().unwrap();
    assert_eq!(fields.text.as_deref(), Some("报告全文"));
    assert_eq!(fields.ignored, ["(unnamed)"]);
}

#[test]
fn year_columns_as_people_fill_them() {
    // A pandas column with gaps is a float column (2019.0); people write
    // 年度, Chinese numerals, full-width digits and dates into year columns.
    let tmp = tempfile::tempdir().unwrap();
    let years = [
        ("2015.0", 2015),
        ("2016年", 2016),
        ("2017年度", 2017),
        ("二〇一八年", 2018),
        ("２０１９", 2019),
        ("2020-01-15", 2020),
        ("2021年1月", 2021),
    ];
    let mut csv = String::from("年度,地区,报告内容\n");
    for (i, (field, year)) in years.iter().enumerate() {
        let city = ["甲市", "乙市", "丙市", "丁市", "戊市", "己市", "庚市"][i];
        csv.push_str(&format!("{field},{city},\"{}\"\n", body(city, *year)));
    }
    // A year field no reader can read, and nothing else that dates it.
    csv.push_str("未知,辛市,\"各位代表:\n辛市的报告正文,没有日期。\"\n");
    write(tmp.path(), "reports.csv", csv.as_bytes());
    let c = load_dir(tmp.path());
    let got: Vec<(i32, &str)> = c
        .documents
        .iter()
        .map(|d| (d.year, d.region.as_deref().unwrap_or("")))
        .collect();
    let want: Vec<(i32, &str)> = years
        .iter()
        .zip(["甲市", "乙市", "丙市", "丁市", "戊市", "己市", "庚市"])
        .map(|((_, y), city)| (*y, city))
        .collect();
    assert_eq!(got, want);
    let w: Vec<String> = c.warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        w.iter().any(|w| w.contains("reports.csv:")
            && w.contains("the year field holds \"未知\", not a year")),
        "{w:#?}"
    );
}

#[test]
fn short_province_folders_and_regions_named_with_their_province() {
    // Folders named 广东 or 湖南省长沙市, and a region column holding the
    // province and the district together.
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "广东/2019.txt", body("省", 2019).as_bytes());
    write(
        tmp.path(),
        "湖南省长沙市/2020.txt",
        body("市", 2020).as_bytes(),
    );
    let csv = format!(
        "年份,地区,正文\n2021,北京市朝阳区,\"{}\"\n",
        body("区", 2021)
    );
    write(tmp.path(), "districts.csv", csv.as_bytes());
    let c = load_dir(tmp.path());
    let mut got: Vec<(i32, String, String, Option<Level>)> = c
        .documents
        .iter()
        .map(|d| {
            (
                d.year,
                d.region.clone().unwrap_or_default(),
                d.province.clone().unwrap_or_default(),
                d.level,
            )
        })
        .collect();
    got.sort_by_key(|g| g.0);
    assert_eq!(
        got,
        [
            (
                2019,
                "广东省".into(),
                "广东省".into(),
                Some(Level::Province)
            ),
            (2020, "长沙市".into(), "湖南省".into(), Some(Level::City)),
            (2021, "朝阳区".into(), "北京市".into(), Some(Level::County)),
        ]
    );
}

/// Text that went through pdftotext or a copy from a PDF viewer: pages
/// separated by form feeds, each with a running header and its number, and
/// every paragraph hard-wrapped at a fixed width (indented first lines), so
/// that words break across lines (数\n字经济).
#[test]
fn paged_hard_wrapped_text_reads_as_paragraphs() {
    let phrases = [
        "推进数字经济和实体经济深度融合",
        "扎实推进乡村振兴",
        "加快发展新质生产力",
        "持续优化营商环境",
        "居民人均可支配收入增长",
    ];
    let paragraphs: Vec<String> = (0..40)
        .map(|i| {
            let parts: Vec<String> = (0..(2 + i % 4))
                .map(|j| format!("{}第{i}{j}项", phrases[(i * 3 + j) % phrases.len()]))
                .collect();
            format!("{}。", parts.join(","))
        })
        .collect();
    let mut lines: Vec<String> = vec![
        "2019年示例市政府工作报告".into(),
        "——2019年1月15日在示例市第十五届人民代表大会第三次会议上".into(),
        String::new(),
        "各位代表:".into(),
    ];
    for p in &paragraphs {
        let chars: Vec<char> = format!("\u{3000}\u{3000}{p}").chars().collect();
        lines.extend(chars.chunks(30).map(|c| c.iter().collect::<String>()));
    }
    let pages: Vec<String> = lines
        .chunks(25)
        .enumerate()
        .map(|(n, page)| {
            let header = if n > 0 {
                "示例市人民政府办公室\n\n"
            } else {
                ""
            };
            format!("{header}{}\n\n- {} -\n", page.join("\n"), n + 1)
        })
        .collect();
    assert!(pages.len() >= 3);
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "2019年示例市政府工作报告.txt",
        pages.join("\u{c}").as_bytes(),
    );
    let c = load_dir(tmp.path());
    let d = &c.documents[0];
    let expected: usize = paragraphs
        .iter()
        .map(|p| p.matches("数字经济").count())
        .sum();
    assert_eq!(d.text.matches("数字经济").count(), expected);
    assert_eq!(
        d.text.matches("新质生产力").count(),
        paragraphs
            .iter()
            .map(|p| p.matches("新质生产力").count())
            .sum::<usize>()
    );
    // Every paragraph whole, on a line of its own (NFKC: , for ，).
    let text_lines: Vec<&str> = d.text.lines().filter(|l| !l.is_empty()).collect();
    for p in &paragraphs {
        assert!(
            text_lines.contains(&p.as_str()),
            "{p} not whole in\n{}",
            d.text
        );
    }
    assert!(
        !d.text.contains("示例市人民政府办公室"),
        "running header left"
    );
    assert!(
        !text_lines.iter().any(|l| l.starts_with("- ")),
        "page number left"
    );
    assert_eq!(d.date.map(|x| x.to_string()).as_deref(), Some("2019-01-15"));
    assert!(
        d.removed_by
            .iter()
            .any(|(rule, n)| rule == "page-furniture" && *n > 0)
    );
}

#[test]
fn collection_folders_and_file_names_as_people_write_them() {
    // A folder for one year's collection, files named with the government
    // or the report's title, short province names, and a city's file in a
    // folder named for its province.
    let tmp = tempfile::tempdir().unwrap();
    for (path, region, year) in [
        ("2024年各地政府工作报告/西安市政府工作报告.txt", "市", 2024),
        ("各省政府工作报告（2023年）/北京.txt", "市", 2023),
        ("2019/深圳市人民政府.txt", "市", 2019),
        ("河南/2022年郑州市.txt", "市", 2022),
        ("2019-2023年报告/2021_示例县.txt", "县", 2021),
    ] {
        write(tmp.path(), path, body(region, year).as_bytes());
    }
    let c = load_dir(tmp.path());
    let mut got: Vec<(i32, String, String, String)> = c
        .documents
        .iter()
        .map(|d| {
            (
                d.year,
                d.region.clone().unwrap_or_default(),
                d.province.clone().unwrap_or_default(),
                d.year_source.as_str().to_string(),
            )
        })
        .collect();
    got.sort();
    let expected: Vec<(i32, String, String, String)> = [
        // 深圳市 and 西安市 get their provinces from the gazetteer.
        (2019, "深圳市", "广东省", "folder"),
        (2021, "示例县", "", "file_name"),
        (2022, "郑州市", "河南省", "file_name"),
        (2023, "北京市", "北京市", "folder"),
        (2024, "西安市", "陕西省", "folder"),
    ]
    .iter()
    .map(|(y, r, p, s)| (*y, r.to_string(), p.to_string(), s.to_string()))
    .collect();
    assert_eq!(got, expected);
}

/// Short city names in folders and files (`示例州/`, `惠州2023`), a region
/// two folders up, dates in file names (`20230104_…`, `2023-01-05 …`) and
/// full-width digits: one region gets one name, from the opening sentence
/// (`我代表惠州市人民政府`) or from the other documents that name it in full.
#[test]
fn short_region_names_dates_and_full_width_digits_in_file_names() {
    let tmp = tempfile::tempdir().unwrap();
    for (i, (path, opening, year)) in [
        // The opening names no region: 示例州 is completed by the title
        // of the 2022 report. (A real city's short name, 广州, is no longer
        // short: the gazetteer gives 广州市 at once; see
        // `cities_written_without_shi_in_folder_and_file_names`.)
        ("示例州/2023.txt", "市", 2023),
        ("示例州市2022年政府工作报告.txt", "市", 2022),
        ("按日期/惠州2023.txt", "惠州市", 2023),
        ("深圳/2023/政府工作报告.txt", "深圳市", 2023),
        ("按日期/20230104_东莞市.txt", "市", 2023),
        ("按日期/2023-01-05 中山市政府工作报告.txt", "市", 2023),
        ("按日期/２０２３年珠海市政府工作报告.txt", "市", 2023),
        // Two full names complete 通州: it stays as it is.
        ("通州/2023.txt", "市", 2023),
        ("2023年通州区政府工作报告.txt", "区", 2023),
        ("2023年通州市政府工作报告.txt", "市", 2023),
    ]
    .iter()
    .enumerate()
    {
        // Distinct texts: identical ones would be dropped as duplicates.
        let text = format!("{}\n附件{i}。", body(opening, *year));
        write(tmp.path(), path, text.as_bytes());
    }
    let c = load_dir(tmp.path());
    let mut got: Vec<(String, i32, String, Option<Date>)> = c
        .documents
        .iter()
        .map(|d| {
            (
                d.source_path.rsplit_once('/').unwrap().1.to_string(),
                d.year,
                d.region.clone().unwrap_or_default(),
                d.date,
            )
        })
        .collect();
    got.sort();
    let expected: Vec<(String, i32, String, Option<Date>)> = [
        (
            "2023-01-05 中山市政府工作报告.txt",
            2023,
            "中山市",
            Date::new(2023, 1, 5),
        ),
        ("2023.txt", 2023, "示例州市", None),
        ("2023.txt", 2023, "通州", None),
        ("20230104_东莞市.txt", 2023, "东莞市", Date::new(2023, 1, 4)),
        ("2023年通州区政府工作报告.txt", 2023, "通州区", None),
        ("2023年通州市政府工作报告.txt", 2023, "通州市", None),
        ("惠州2023.txt", 2023, "惠州市", None),
        ("政府工作报告.txt", 2023, "深圳市", None),
        ("示例州市2022年政府工作报告.txt", 2022, "示例州市", None),
        ("２０２３年珠海市政府工作报告.txt", 2023, "珠海市", None),
    ]
    .iter()
    .map(|(f, y, r, d)| (f.to_string(), *y, r.to_string(), *d))
    .collect();
    assert_eq!(got, expected, "{:?}", c.warnings);
    let renamed: Vec<&str> = c
        .warnings
        .iter()
        .filter(|w| w.message.starts_with("region "))
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(
        renamed,
        ["region 示例州 (1 document(s)) read as 示例州市, the name other documents give it"]
    );
    for d in &c.documents {
        assert_eq!(
            d.level,
            Some(if d.region.as_deref() == Some("通州区") {
                Level::County
            } else {
                Level::City
            }),
            "{}",
            d.source_path
        );
    }
}

/// A scraper's JSON Lines: `publish_time` and `pub_date` are the report's
/// dates, `crawl_time` is not; two-character place names (沛县) from the
/// title and from the opening sentence.
#[test]
fn scraper_fields_and_two_character_place_names() {
    let tmp = tempfile::tempdir().unwrap();
    let rows = [
        serde_json::json!({"url": "http://a.example/1.html", "title": "2023年沛县政府工作报告",
            "pub_date": "2023-01-04 10:00:00", "crawl_time": "2024-05-01 12:00:00",
            "content": body("沛县", 2023)}),
        serde_json::json!({"url": "http://b.example/2.html", "title": "政府工作报告",
            "publish_time": "2022/01/05", "crawl_time": "2024-05-01 12:00:00",
            "content": body("萧县", 2022)}),
        serde_json::json!({"title": "政府工作报告", "crawl_time": "2024-05-01",
            "content": body("全县", 2021)}),
    ];
    let jsonl: String = rows.iter().map(|r| format!("{r}\n")).collect();
    write(tmp.path(), "scraped.jsonl", jsonl.as_bytes());
    let c = load_dir(tmp.path());
    let got: Vec<_> = c
        .documents
        .iter()
        .map(|d| (d.year, d.date, d.region.as_deref(), d.level))
        .collect();
    assert_eq!(
        got,
        [
            (
                2022,
                Date::new(2022, 1, 5),
                Some("萧县"),
                Some(Level::County)
            ),
            (
                2023,
                Date::new(2023, 1, 4),
                Some("沛县"),
                Some(Level::County)
            ),
        ],
        "{:?}",
        c.warnings
    );
    // The third has no date of its own (the crawl is not one): no year.
    assert!(
        c.warnings
            .iter()
            .any(|w| w.line == Some(3) && w.message.contains("no year")),
        "{:?}",
        c.warnings
    );
}

#[test]
fn xlsx_with_chinese_headers_and_a_pandas_index_column() {
    let tmp = tempfile::tempdir().unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["", "年份", "地区等级", "地区", "报告全文", "省份"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let rows = [(2015, "甲市"), (2016, "甲市"), (2016, "乙市")];
    for (i, (year, city)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_number(r, 0, i as f64).unwrap();
        ws.write_number(r, 1, *year as f64).unwrap();
        ws.write_string(r, 2, "地级市").unwrap();
        ws.write_string(r, 3, *city).unwrap();
        ws.write_string(r, 4, format!("\u{feff}{}", body(city, *year)))
            .unwrap();
        ws.write_string(r, 5, "示例省").unwrap();
    }
    write(tmp.path(), "示例省.xlsx", &wb.save_to_buffer().unwrap());
    let c = load_dir(tmp.path());
    assert_eq!(c.documents.len(), 3, "{:?}", c.warnings);
    let d = &c.documents[2];
    assert_eq!((d.year, d.region.as_deref()), (2016, Some("乙市")));
    assert_eq!(d.level, Some(Level::City));
    assert_eq!(d.province.as_deref(), Some("示例省"));
    assert_eq!(d.source_row, Some(3));
    assert!(d.text.starts_with("各位代表:"));
    assert_eq!(c.files[0].format.as_str(), "xlsx");
}

/// A data frame saved with pandas' `to_parquet`: Chinese column names, the
/// stored index `__index_level_0__` last, a float year column with a
/// missing value, timestamps for dates; read like a sheet, also when the
/// file is named `.xlsx`.
#[test]
fn parquet_tables_as_pandas_writes_them() {
    use polars::prelude::*;
    let regions = ["甲市", "乙市", "丙市"];
    let years = [Some(2019.0f64), None, Some(2021.0)];
    let dates: Vec<i64> = [(2019, 15), (2020, 16), (2021, 17)]
        .iter()
        .map(|&(y, d)| {
            let d = chrono::NaiveDate::from_ymd_opt(y, 1, d).unwrap();
            d.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp_micros()
        })
        .collect();
    let texts: Vec<String> = regions
        .iter()
        .zip([2019, 2020, 2021])
        .map(|(r, y)| body(r, y))
        .collect();
    let titles: Vec<String> = regions
        .iter()
        .zip([2019, 2020, 2021])
        .map(|(r, y)| format!("{y}年{r}政府工作报告"))
        .collect();
    let mut df = DataFrame::new_infer_height(vec![
        Column::from(Series::new("年份".into(), &years)),
        Column::from(Series::new("地区".into(), &regions)),
        Column::from(Series::new("省份".into(), &["示例省"; 3])),
        Column::from(
            Series::new("发布日期".into(), &dates)
                .cast(&DataType::Datetime(TimeUnit::Microseconds, None))
                .unwrap(),
        ),
        Column::from(Series::new("标题".into(), &titles)),
        Column::from(Series::new("报告全文".into(), &texts)),
        Column::from(Series::new("__index_level_0__".into(), &[100i64, 101, 102])),
    ])
    .unwrap();
    let mut bytes = Vec::new();
    ParquetWriter::new(&mut bytes).finish(&mut df).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "reports.parquet", &bytes);
    // Only the first two rows, under the wrong extension.
    let mut head = df.head(Some(2));
    let mut named_xlsx = Vec::new();
    ParquetWriter::new(&mut named_xlsx)
        .finish(&mut head)
        .unwrap();
    write(tmp.path(), "sub/export.xlsx", &named_xlsx);
    let c = load_dir(tmp.path());
    let got: Vec<_> = c
        .documents
        .iter()
        .map(|d| {
            (
                d.year,
                d.region.as_deref(),
                d.province.as_deref(),
                d.date,
                d.title.as_deref(),
                d.source_row,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                2019,
                Some("甲市"),
                Some("示例省"),
                Date::new(2019, 1, 15),
                Some("2019年甲市政府工作报告"),
                Some(1)
            ),
            (
                2020,
                Some("乙市"),
                Some("示例省"),
                Date::new(2020, 1, 16),
                Some("2020年乙市政府工作报告"),
                Some(2)
            ),
            (
                2021,
                Some("丙市"),
                Some("示例省"),
                Date::new(2021, 1, 17),
                Some("2021年丙市政府工作报告"),
                Some(3)
            ),
        ],
        "{:?}",
        c.warnings
    );
    for (d, t) in c.documents.iter().zip(&texts) {
        assert_eq!(d.text, t.as_str());
        assert_eq!(d.level, Some(Level::City));
    }
    let formats: Vec<(&str, Option<&str>)> = c
        .files
        .iter()
        .map(|f| (f.format.as_str(), f.read_as.map(|r| r.as_str())))
        .collect();
    assert_eq!(formats, [("parquet", None), ("xlsx", Some("parquet"))]);
    // The renamed copy holds the same two reports: duplicates, reported
    // (one warning each, at its line).
    assert_eq!(
        c.warnings
            .iter()
            .filter(|w| w.message.contains("the same text as"))
            .map(|w| w.line)
            .collect::<Vec<_>>(),
        [Some(2), Some(3)],
        "{:?}",
        c.warnings
    );
}

/// Exports made for reading put a title (a merged cell, a source note)
/// above the header: the table starts below it, in workbooks and CSV alike,
/// and the year and date cells are read as people type them.
#[test]
fn tables_with_title_rows_above_the_header() {
    let tmp = tempfile::tempdir().unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let title = rust_xlsxwriter::Format::new();
    ws.merge_range(0, 0, 0, 4, "2019-2022年地级市政府工作报告汇总", &title)
        .unwrap();
    ws.write_string(1, 4, "来源：示例数据库").unwrap();
    for (c, h) in ["年份", "城市", "省份", "发布日期", "报告内容"]
        .iter()
        .enumerate()
    {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    let rows = [
        ("2019年度", "甲市", "2019年1月15日", 2019),
        ("2020.0", "乙市", "2020.1.16", 2020),
        ("二〇二一年", "丙市", "20210117", 2021),
    ];
    for (i, (year, city, date, y)) in rows.iter().enumerate() {
        let r = i as u32 + 3;
        ws.write_string(r, 0, *year).unwrap();
        ws.write_string(r, 1, *city).unwrap();
        ws.write_string(r, 2, "示例省").unwrap();
        ws.write_string(r, 3, *date).unwrap();
        ws.write_string(r, 4, body(city, *y)).unwrap();
    }
    write(tmp.path(), "汇总.xlsx", &wb.save_to_buffer().unwrap());
    let csv = format!(
        "\u{feff}地级市政府工作报告汇总,,,,\n年份,城市,省份,发布日期,报告内容\n2022,丁市,示例省,2022-01-18,\"{}\"\n",
        body("丁市", 2022)
    );
    write(tmp.path(), "汇总.csv", csv.as_bytes());
    let c = load_dir(tmp.path());
    let got: Vec<_> = c
        .documents
        .iter()
        .map(|d| (d.year, d.region.as_deref(), d.date, d.source_line))
        .collect();
    assert_eq!(
        got,
        [
            (2019, Some("甲市"), Date::new(2019, 1, 15), Some(4)),
            (2020, Some("乙市"), Date::new(2020, 1, 16), Some(5)),
            (2021, Some("丙市"), Date::new(2021, 1, 17), Some(6)),
            (2022, Some("丁市"), Date::new(2022, 1, 18), Some(3)),
        ],
        "{:?}",
        c.warnings
    );
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    for f in &c.files {
        let fields = f.fields.as_ref().unwrap();
        assert_eq!(fields.text.as_deref(), Some("报告内容"));
        let header = if f.path.ends_with(".csv") { 2 } else { 3 };
        assert_eq!(fields.header_line, Some(header), "{}", f.path);
    }
}

/// A workbook with one sheet per year and no year column: the sheet's name
/// gives the year (`year_source` sheet); a sheet without a year in its name
/// leaves its rows without one (a warning each), and a year column wins.
#[test]
fn xlsx_with_one_sheet_per_year() {
    let tmp = tempfile::tempdir().unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (sheet, cities) in [
        ("2019年", &["甲市", "乙市"][..]),
        ("2020", &["甲市"][..]),
        ("说明", &["丙市"][..]),
    ] {
        let ws = wb.add_worksheet().set_name(sheet).unwrap();
        ws.write_string(0, 0, "城市").unwrap();
        ws.write_string(0, 1, "报告全文").unwrap();
        for (i, city) in cities.iter().enumerate() {
            ws.write_string(i as u32 + 1, 0, *city).unwrap();
            let year = sheet.trim_end_matches('年').parse().unwrap_or(2000);
            ws.write_string(i as u32 + 1, 1, body(city, year)).unwrap();
        }
    }
    write(tmp.path(), "reports.xlsx", &wb.save_to_buffer().unwrap());
    let c = load_dir(tmp.path());
    let got: Vec<_> = c
        .documents
        .iter()
        .map(|d| {
            (
                d.year,
                d.region.clone().unwrap_or_default(),
                d.year_source.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (2019, "甲市".to_string(), "sheet"),
            (2019, "乙市".to_string(), "sheet"),
            (2020, "甲市".to_string(), "sheet"),
        ],
        "{:?}",
        c.warnings
    );
    assert!(
        c.warnings
            .iter()
            .any(|w| w.kind == analyze::WarningKind::NoYear
                && w.file.ends_with("reports.xlsx[说明]")),
        "{:?}",
        c.warnings
    );
}

/// Province data as data sets write it: short names (`广东`, `内蒙古`) are
/// provinces, under their full names (as a folder of that name gives), and
/// a date column whose cells lost their date format holds
/// Excel serial day numbers (44581 = 2022-01-20, as openpyxl reads it).
#[test]
fn short_province_names_and_excel_serial_dates() {
    let tmp = tempfile::tempdir().unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["日期", "省份", "内容"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let date_format = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    let day = rust_xlsxwriter::ExcelDateTime::from_ymd(2019, 1, 15).unwrap();
    ws.write_datetime_with_format(1, 0, &day, &date_format)
        .unwrap();
    ws.write_number(2, 0, 44581.0).unwrap();
    for (r, (name, year)) in [("广东", 2019), ("内蒙古", 2022)].iter().enumerate() {
        ws.write_string(r as u32 + 1, 1, *name).unwrap();
        ws.write_string(r as u32 + 1, 2, body("省", *year)).unwrap();
    }
    write(tmp.path(), "provinces.xlsx", &wb.save_to_buffer().unwrap());
    let c = load_dir(tmp.path());
    let got: Vec<_> = c
        .documents
        .iter()
        .map(|d| {
            (
                d.year,
                d.date,
                d.region.clone().unwrap_or_default(),
                d.level,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                2019,
                Date::new(2019, 1, 15),
                "广东省".to_string(),
                Some(Level::Province)
            ),
            (
                2022,
                Date::new(2022, 1, 20),
                "内蒙古自治区".to_string(),
                Some(Level::Province)
            ),
        ],
        "{:?}",
        c.warnings
    );
}

/// Tab-separated exports (`.tsv`, or `.csv` written with `sep="\t"`) and
/// the semicolon CSV of European spreadsheets read like comma CSV.
#[test]
fn tab_and_semicolon_separated_tables() {
    let tmp = tempfile::tempdir().unwrap();
    for (name, sep, year) in [
        ("a.tsv", "\t", 2019),
        ("b.csv", "\t", 2020),
        ("c.csv", ";", 2021),
    ] {
        let text = format!(
            "year{sep}region{sep}content\n{year}{sep}示例市{sep}\"{}\"\n",
            body("市", year)
        );
        write(tmp.path(), name, text.as_bytes());
    }
    let c = load_dir(tmp.path());
    let years: Vec<i32> = c.documents.iter().map(|d| d.year).collect();
    assert_eq!(years, [2019, 2020, 2021], "{:?}", c.warnings);
    for d in &c.documents {
        assert_eq!(d.region.as_deref(), Some("示例市"));
        assert!(d.text.starts_with("各位代表:") && d.text.ends_with("努力奋斗!"));
    }
}

/// Excel's "Unicode text" export (UTF-16 with a byte-order mark, tabs,
/// CRLF, quoted cells) and a tab-separated export named `.txt` are tables;
/// a text whose first line has a tab but names no fields stays a text.
#[test]
fn tab_separated_txt_exports_are_tables() {
    let tmp = tempfile::tempdir().unwrap();
    let rows = [2019, 2020]
        .iter()
        .map(|&y| format!("{y}\t示例市\t\"{}\"", body("示例市", y)))
        .collect::<Vec<_>>()
        .join("\r\n");
    let sheet = format!("年份\t地区\t报告全文\r\n{rows}\r\n");
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(sheet.encode_utf16().flat_map(u16::to_le_bytes));
    write(tmp.path(), "汇总.txt", &utf16);
    write(
        tmp.path(),
        "export.txt",
        format!(
            "year\tcity\ttext\n2021\t样例市\t{}\n",
            body("样例市", 2021).replace('\n', " ")
        )
        .as_bytes(),
    );
    write(
        tmp.path(),
        "2022年示例县政府工作报告.txt",
        format!(
            "2022年示例县政府工作报告\t(草案)\n\n{}",
            body("示例县", 2022)
        )
        .as_bytes(),
    );
    let c = load_dir(tmp.path());
    let got: Vec<(i32, &str, Option<u64>)> = c
        .documents
        .iter()
        .map(|d| (d.year, d.region.as_deref().unwrap_or(""), d.source_line))
        .collect();
    assert_eq!(
        got,
        [
            (2019, "示例市", Some(2)),
            // The quoted text spans six lines.
            (2020, "示例市", Some(8)),
            (2021, "样例市", Some(2)),
            (2022, "示例县", None)
        ],
        "{:?}",
        c.warnings
    );
    let sheet = &c.documents[0];
    assert!(sheet.text.starts_with("各位代表:") && sheet.text.ends_with("努力奋斗!"));
    assert_eq!(sheet.encoding, "UTF-16LE");
    let f = c
        .files
        .iter()
        .find(|f| f.path.ends_with("汇总.txt"))
        .unwrap();
    let map = f.fields.as_ref().unwrap();
    assert_eq!(
        (
            map.text.as_deref(),
            map.year.as_deref(),
            map.region.as_deref()
        ),
        (Some("报告全文"), Some("年份"), Some("地区"))
    );
    assert!(c.documents[3].text.contains("(草案)"));
}

/// Markdown and text files with front matter (YAML between `---` lines as
/// Hugo, Jekyll and Obsidian write it; TOML between `+++`): its fields are
/// metadata and the block leaves the text; a text that opens with a `---`
/// rule keeps it.
#[test]
fn front_matter_gives_metadata_and_leaves_the_text() {
    let tmp = tempfile::tempdir().unwrap();
    // Blank-line paragraphs, as Markdown has them: the block's lines must
    // not be joined into the text.
    let paragraphs = body("示例市", 2022).replace('\n', "\n\n");
    write(
        tmp.path(),
        "report-a.md",
        format!("---\ntitle: \"示例市2022年政府工作报告\"\ndate: 2022-01-18\nregion: 示例市\ntags: [政府工作报告, 数字经济]\ndraft: false\n---\n\n# 政府工作报告\n\n{paragraphs}\n").as_bytes(),
    );
    write(
        tmp.path(),
        "report-b.md",
        format!(
            "+++\ntitle = '样例县政府工作报告'\ndate = 2023-02-01\n\"地区\" = '样例县'\n+++\n{}",
            body("样例县", 2023)
        )
        .as_bytes(),
    );
    write(
        tmp.path(),
        "2024年示例区政府工作报告.txt",
        format!("---\n{}", body("示例区", 2024)).as_bytes(),
    );
    let c = load_dir(tmp.path());
    assert_eq!(c.documents.len(), 3, "{:?}", c.warnings);
    let a = &c.documents[0];
    assert_eq!(
        (a.year, a.date, a.region.as_deref(), a.title.as_deref()),
        (
            2022,
            Date::new(2022, 1, 18),
            Some("示例市"),
            Some("示例市2022年政府工作报告")
        )
    );
    assert!(
        a.text.starts_with("政府工作报告\n\n各位代表:"),
        "{:?}",
        a.text
    );
    for gone in ["---", "title", "tags", "draft", "2022-01-18"] {
        assert!(!a.text.contains(gone), "{gone} left in {:?}", a.text);
    }
    let b = &c.documents[1];
    assert_eq!(
        (b.year, b.date, b.region.as_deref(), b.title.as_deref()),
        (
            2023,
            Date::new(2023, 2, 1),
            Some("样例县"),
            Some("样例县政府工作报告")
        )
    );
    assert!(b.text.starts_with("各位代表:"));
    let f = c
        .files
        .iter()
        .find(|f| f.path.ends_with("report-a.md"))
        .unwrap();
    let map = f.fields.as_ref().unwrap();
    assert_eq!(
        (map.date.as_deref(), map.region.as_deref()),
        (Some("date"), Some("region"))
    );
    // Not front matter: no closing line, so the text is as it was.
    let rule = &c.documents[2];
    assert_eq!(rule.year, 2024);
    assert!(rule.text.starts_with("---\n各位代表:"), "{:?}", rule.text);
}

/// "Excel" downloads that are an HTML table or tab-separated GBK text named
/// `.xls`, and a page that is a table of reports (pandas' `to_html`, index
/// column included), are read as tables; a report page with a small table
/// of its own (`项目 | 内容 | 时间`) stays one document.
#[test]
fn html_and_text_tables_named_xls_and_pages_of_reports() {
    let tmp = tempfile::tempdir().unwrap();
    let cell = |region: &str, y: i32| body(region, y).replace('\n', "<br>");
    let rows: String = [2019, 2020]
        .iter()
        .map(|&y| {
            format!(
                "<tr><td>{y}</td><td>示例市</td><td>{}</td></tr>",
                cell("示例市", y)
            )
        })
        .collect();
    write(
        tmp.path(),
        "导出.xls",
        format!("<html xmlns:x=\"urn:schemas-microsoft-com:office:excel\"><head><meta charset=\"utf-8\"></head><body><table><tr><th>年份</th><th>地区</th><th>正文</th></tr>{rows}</table></body></html>").as_bytes(),
    );
    write(
        tmp.path(),
        "下载.xls",
        &gbk(&format!(
            "年份\t地区\t全文\n2021\t样例市\t{}\n",
            body("样例市", 2021).replace('\n', " ")
        )),
    );
    write(
        tmp.path(),
        "frame.html",
        format!(
            "<table border=\"1\" class=\"dataframe\"><thead><tr style=\"text-align: right;\"><th></th><th>year</th><th>city</th><th>text</th></tr></thead><tbody><tr><th>0</th><td>2022</td><td>示例县</td><td>{}</td></tr></tbody></table>",
            cell("示例县", 2022)
        )
        .as_bytes(),
    );
    write(
        tmp.path(),
        "page.html",
        format!(
            "<html><head><title>2023年示例区政府工作报告</title></head><body><h1>2023年示例区政府工作报告</h1>{}<table><tr><th>项目</th><th>内容</th><th>时间</th></tr><tr><td>一</td><td>修路</td><td>2023</td></tr></table></body></html>",
            body("示例区", 2023).lines().map(|l| format!("<p>{l}</p>")).collect::<String>()
        )
        .as_bytes(),
    );
    let c = load_dir(tmp.path());
    let got: Vec<(i32, &str, &str)> = c
        .documents
        .iter()
        .map(|d| {
            (
                d.year,
                d.region.as_deref().unwrap_or(""),
                d.source_path.rsplit('/').next().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (2019, "示例市", "导出.xls"),
            (2020, "示例市", "导出.xls"),
            (2021, "样例市", "下载.xls"),
            (2022, "示例县", "frame.html"),
            (2023, "示例区", "page.html")
        ],
        "{:?}",
        c.warnings
    );
    for d in &c.documents[..4] {
        assert!(
            d.text.starts_with("各位代表:") && d.text.ends_with("努力奋斗!"),
            "{:?}",
            d.text
        );
    }
    // The cell's <br> are line breaks again.
    assert_eq!(c.documents[0].text, body("示例市", 2019));
    assert!(c.documents[4].text.contains("为建设美好家园而努力奋斗!"));
}

/// A data frame written by pandas' `to_json` in its three table
/// orientations — `columns` (the default), `index` and `split` — gives one
/// document per row, rows in the order of their labels (`10` after `9`).
#[test]
fn pandas_json_in_every_orientation() {
    let tmp = tempfile::tempdir().unwrap();
    let years: Vec<i32> = (2011..2023).collect();
    let text = |y: i32| serde_json::to_string(&body("示例市", y)).unwrap();
    let column = |f: &dyn Fn(usize, i32) -> String| {
        years
            .iter()
            .enumerate()
            .map(|(i, &y)| format!("\"{i}\":{}", f(i, y)))
            .collect::<Vec<_>>()
            .join(",")
    };
    let columns = format!(
        "{{\"year\":{{{}}},\"city\":{{{}}},\"text\":{{{}}}}}",
        column(&|_, y| y.to_string()),
        column(&|_, _| "\"示例市\"".into()),
        column(&|_, y| text(y))
    );
    write(tmp.path(), "columns.json", columns.as_bytes());
    let index = format!(
        "{{{}}}",
        column(&|_, y| format!(
            "{{\"year\":{y},\"city\":\"样例市\",\"text\":{}}}",
            text(y).replace("示例市", "样例市")
        ))
    );
    write(tmp.path(), "index.json", index.as_bytes());
    let split = format!(
        "{{\"columns\":[\"year\",\"city\",\"text\"],\"index\":[0,1],\"data\":[[2030,\"示例县\",{}],[2031,\"示例县\",null]]}}",
        text(2030).replace("示例市", "示例县")
    );
    write(tmp.path(), "split.json", split.as_bytes());
    let c = load_dir(tmp.path());
    let of = |file: &str| -> Vec<(i32, u64)> {
        c.documents
            .iter()
            .filter(|d| d.source_path.ends_with(file))
            .map(|d| (d.year, d.source_line.unwrap()))
            .collect()
    };
    let want: Vec<(i32, u64)> = years
        .iter()
        .enumerate()
        .map(|(i, &y)| (y, i as u64 + 2))
        .collect();
    assert_eq!(of("columns.json"), want, "{:?}", c.warnings);
    assert_eq!(of("index.json"), want);
    assert_eq!(of("split.json"), [(2030, 2)]);
    // The row without a text is a warning with its row.
    assert!(
        c.warnings
            .iter()
            .any(|w| w.file.ends_with("split.json") && w.line == Some(3)),
        "{:?}",
        c.warnings
    );
    for d in &c.documents {
        assert!(d.text.starts_with("各位代表:") && d.text.ends_with("努力奋斗!"));
        let region = d.region.as_deref().unwrap();
        assert!(d.text.contains(region), "{region}");
    }
}

#[test]
fn old_table_layout_page_with_the_dateline_under_the_text() {
    // A 2000s government site: layout tables, the title in a bold cell, the
    // page <title> naming the site, the dateline under the text.
    let tmp = tempfile::tempdir().unwrap();
    let paras = [
        "各位代表:",
        "现在,我代表市人民政府,向大会报告工作,请予审议。",
        "过去的一年,全市生产总值增长百分之十二。",
        "各位代表!让我们团结一心,为建设富裕文明的新示例市而努力奋斗!",
    ];
    let body: String = paras
        .iter()
        .map(|p| format!("<p>&nbsp;&nbsp;{p}</p>"))
        .collect();
    let html = format!(
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">\
         <title>示例市人民政府门户网站</title></head><body><table width=\"980\">\
         <tr><td><a href=\"/\">首页</a></td><td><a href=\"/zwgk\">政务公开</a></td></tr>\
         <tr><td width=\"200\"><a href=\"/a\">通知公告</a><br><a href=\"/b\">政策法规</a></td>\
         <td><table><tr><td class=\"title\"><b>2009年示例市政府工作报告</b></td></tr>\
         <tr><td>发布日期:2009-02-10 来源:市政府办公室 浏览次数:1234</td></tr>\
         <tr><td class=\"content\">{body}<p align=\"right\">——2009年1月8日在示例市第十四届人民代表大会第三次会议上</p></td></tr>\
         </table></td></tr><tr><td>版权所有 示例市人民政府 备案号:京ICP备05000000号</td></tr></table></body></html>"
    );
    write(tmp.path(), "2009.htm", &gbk(&html));
    let c = load_dir(tmp.path());
    assert_eq!(c.documents.len(), 1, "{:?}", c.warnings);
    let d = &c.documents[0];
    assert_eq!(d.title.as_deref(), Some("2009年示例市政府工作报告"));
    assert_eq!(d.region.as_deref(), Some("示例市"));
    assert_eq!(d.date, Date::new(2009, 1, 8));
    let want = format!(
        "{}\n——2009年1月8日在示例市第十四届人民代表大会第三次会议上",
        paras.join("\n")
    );
    assert_eq!(d.text, want);
    // Ending with its dateline is no sign of a cut-off text.
    let flags: Vec<&str> = d.flags.iter().map(|f| f.as_str()).collect();
    assert!(!flags.contains(&"truncated"), "{flags:?}");
}

/// `s` as one quoted CSV field.
fn csv_field(s: String) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

#[test]
fn names_and_closings_users_give_their_reports() {
    let tmp = tempfile::tempdir().unwrap();
    let plain = |region: &str| {
        // No year, date or dateline in the text: the name or the end says it.
        format!(
            "政府工作报告\n各位代表:\n现在,我代表{region}人民政府向大会报告工作,请予审议。\n{}为建设美好家园而努力奋斗!\n",
            "过去一年,经济平稳增长,民生持续改善。\n".repeat(20)
        )
    };
    // A year in Chinese numerals in the file name.
    write(
        tmp.path(),
        "甲市/二〇一九年政府工作报告.txt",
        plain("甲市").as_bytes(),
    );
    write(
        tmp.path(),
        "丁市人民政府工作报告二〇一八.txt",
        plain("丁市").as_bytes(),
    );
    // An infographic's copy whose text is the report's (its own title): the
    // place is 丙市, and it is a digest.
    write(
        tmp.path(),
        "丙市/图解丙市2021年政府工作报告.txt",
        plain("丙市").as_bytes(),
    );
    // The dateline at the end, in brackets, and nothing else dates it.
    write(
        tmp.path(),
        "report_a.txt",
        format!(
            "{}(2023年1月12日在乙市第十六届人民代表大会第二次会议上)\n",
            plain("乙市")
        )
        .as_bytes(),
    );
    // Rich text saved as .txt: a warning, never a document of control words.
    write(
        tmp.path(),
        "戊市2020年政府工作报告.txt",
        b"{\\rtf1\\ansi\\ansicpg936 {\\fonttbl{\\f0 SimSun;}}\\f0 \\u25919?\\u24220?}",
    );
    let c = load_dir(tmp.path());
    let got: Vec<(i32, Option<&str>, Option<Date>, bool)> = c
        .documents
        .iter()
        .map(|d| {
            (
                d.year,
                d.region.as_deref(),
                d.date,
                d.flags.iter().any(|f| f.as_str() == "excerpt"),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (2018, Some("丁市"), None, false),
            (2019, Some("甲市"), None, false),
            (2021, Some("丙市"), None, true),
            (2023, Some("乙市"), Date::new(2023, 1, 12), false),
        ],
        "{:?}",
        c.warnings
    );
    let dated = c.documents.iter().find(|d| d.year == 2023).unwrap();
    assert_eq!(
        dated.session.as_deref(),
        Some("第十六届人民代表大会第二次会议")
    );
    let rtf: Vec<_> = c
        .warnings
        .iter()
        .filter(|w| w.file.ends_with("戊市2020年政府工作报告.txt"))
        .collect();
    assert_eq!(rtf.len(), 1, "{:?}", c.warnings);
    assert!(rtf[0].message.contains("RTF"), "{rtf:?}");
    assert!(rtf[0].message.contains(".docx"), "{rtf:?}");
}

#[test]
fn a_page_that_only_links_its_report_is_not_a_report() {
    let tmp = tempfile::tempdir().unwrap();
    let page = |extra: &str| {
        format!(
            "<html><head><meta charset=\"utf-8\"><title>乙市2024年政府工作报告</title></head><body>\
             <div class=\"article\"><h1>乙市2024年政府工作报告</h1>{extra}\
             <p><a href=\"/f/1.pdf\">附件:乙市2024年政府工作报告.pdf</a></p></div></body></html>"
        )
    };
    write(tmp.path(), "t20240118_999.html", page("").as_bytes());
    // With the report on the page too, the link goes and the report stays.
    let body = "<p>各位代表:</p><p>现在,我代表乙市人民政府向大会报告工作,请予审议。过去一年,全市经济平稳增长,民生持续改善,城乡面貌焕然一新。</p>";
    write(tmp.path(), "2024/乙市.html", page(body).as_bytes());
    let c = load_dir(tmp.path());
    assert_eq!(c.documents.len(), 1, "{:?}", c.warnings);
    assert!(c.documents[0].source_path.ends_with("2024/乙市.html"));
    assert!(
        !c.documents[0].text.contains("附件"),
        "{}",
        c.documents[0].text
    );
    let w: Vec<_> = c
        .warnings
        .iter()
        .filter(|w| w.file.ends_with("t20240118_999.html"))
        .collect();
    assert_eq!(w.len(), 1, "{:?}", c.warnings);
    assert_eq!(w[0].kind, analyze::WarningKind::NotAReport);
    assert!(w[0].message.contains("attached file"), "{w:?}");
}

#[test]
fn a_cms_api_dump_is_read_by_its_camel_case_keys() {
    let tmp = tempfile::tempdir().unwrap();
    let json = r#"{"code":0,"data":{"list":[{"articleTitle":"2022年示例市政府工作报告","publishDate":"2022-01-20","articleContent":"<p>各位代表:</p><p>现在,我代表示例市人民政府向大会报告工作。</p>"}]}}"#;
    write(tmp.path(), "api.json", json.as_bytes());
    let c = load_dir(tmp.path());
    assert_eq!(c.documents.len(), 1, "{:?}", c.warnings);
    let d = &c.documents[0];
    assert_eq!(d.title.as_deref(), Some("2022年示例市政府工作报告"));
    assert_eq!((d.year, d.date), (2022, Date::new(2022, 1, 20)));
    assert_eq!(d.region.as_deref(), Some("示例市"));
    assert_eq!(
        d.text,
        "各位代表:\n现在,我代表示例市人民政府向大会报告工作。"
    );
}

#[test]
fn a_city_that_shares_its_provinces_name_is_told_by_the_opening() {
    // 吉林 is a province (吉林省) and a city in it (吉林市): a city's
    // government speaks for 市, the province's for 省.
    let tmp = tempfile::tempdir().unwrap();
    let text = |kind: &str| {
        format!(
            "2019年政府工作报告\n各位代表:\n现在,我代表{kind}人民政府向大会报告工作,请予审议。\n过去一年,经济平稳增长。\n"
        )
    };
    write(tmp.path(), "city/吉林.txt", text("市").as_bytes());
    write(tmp.path(), "province/吉林.txt", text("省").as_bytes());
    let c = load_dir(tmp.path());
    type Row<'a> = (&'a str, Option<&'a str>, Option<&'a str>, Option<Level>);
    let got: Vec<Row> = c
        .documents
        .iter()
        .map(|d| {
            (
                // The path below the temporary folder.
                d.source_path.split_once('/').map_or("", |(_, p)| p),
                d.region.as_deref(),
                d.province.as_deref(),
                d.level,
            )
        })
        .collect();
    assert!(
        got.contains(&(
            "city/吉林.txt",
            Some("吉林市"),
            Some("吉林省"),
            Some(Level::City)
        )),
        "{got:?}"
    );
    assert!(
        got.contains(&(
            "province/吉林.txt",
            Some("吉林省"),
            Some("吉林省"),
            Some(Level::Province)
        )),
        "{got:?}"
    );
}

#[test]
fn a_document_without_a_region_is_kept_with_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let body =
        "各位代表:\n现在,我代表人民政府,向大会报告工作,请予审议。\n过去一年,经济平稳增长。\n";
    // Nothing names a place: not the file name, the title, a dateline, the
    // opening or a folder.
    write(
        tmp.path(),
        "2018年政府工作报告 (2).txt",
        format!("2018年政府工作报告\n{body}").as_bytes(),
    );
    // A region from the file name: no warning.
    write(
        tmp.path(),
        "2019_示例市.txt",
        format!("2019年政府工作报告\n{body}").as_bytes(),
    );
    let c = load_dir(tmp.path());
    assert_eq!(c.documents.len(), 2, "{:?}", c.warnings);
    let missing: Vec<_> = c
        .warnings
        .iter()
        .filter(|w| w.message.starts_with("no region"))
        .collect();
    assert_eq!(missing.len(), 1, "{:?}", c.warnings);
    assert_eq!(missing[0].kind, analyze::WarningKind::Metadata);
    assert!(
        missing[0].file.contains("2018年政府工作报告 (2).txt"),
        "{missing:?}"
    );
    // The label it names is the one `--by region` groups it under.
    assert!(missing[0].message.contains("(unknown)"), "{missing:?}");
    assert!(
        missing[0].message.contains(&format!(
            "under {} when",
            analyze::textstat::trends::UNKNOWN_REGION
        )),
        "{missing:?}"
    );
    assert!(missing[0].message.contains("corpus.toml"), "{missing:?}");
    let kept = c.documents.iter().find(|d| d.year == 2018).unwrap();
    assert_eq!(kept.region, None);
    let named = c.documents.iter().find(|d| d.year == 2019).unwrap();
    assert_eq!(named.region.as_deref(), Some("示例市"));
}

#[test]
fn a_table_layout_page_dates_itself_from_the_stamp_above_its_content() {
    // The stamp row sits outside the content cell, so the main-container
    // rule leaves it out of the text; it still dates the report. The
    // site banner's "today" above it is not a publication date.
    let tmp = tempfile::tempdir().unwrap();
    let body = "<p>各位代表:</p><p>现在,我代表市人民政府,向大会报告工作,请予审议。</p>\
        <p>过去的一年,全市生产总值增长百分之九,数字经济加快发展。</p>";
    let html = format!(
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">\
         <title>示例市人民政府</title></head><body>\
         <table><tr><td>今天是:2024年12月3日 星期二</td><td><a href=\"/\">首页</a></td></tr></table>\
         <table width=\"760\"><tr><td class=\"title\"><b>2013年示例市政府工作报告</b></td></tr>\
         <tr><td class=\"info\">2013-02-05 &nbsp;&nbsp; 来源:示例日报 &nbsp; 点击数:321</td></tr>\
         <tr><td class=\"content\">{body}</td></tr></table></body></html>"
    );
    write(tmp.path(), "old_table.htm", &gbk(&html));
    let c = load_dir(tmp.path());
    assert_eq!(c.documents.len(), 1, "{:?}", c.warnings);
    let d = &c.documents[0];
    assert_eq!(d.title.as_deref(), Some("2013年示例市政府工作报告"));
    assert_eq!(d.date, Date::new(2013, 2, 5));
    assert!(!d.text.contains("来源"), "{}", d.text);
    assert!(d.text.starts_with("各位代表:"), "{}", d.text);
}

#[test]
fn markdown_reports_lose_their_markup() {
    let tmp = tempfile::tempdir().unwrap();
    let md = "# 2022年示例市政府工作报告\n\n——2022年1月10日在示例市第十七届人民代表大会第一次会议上\n\n![](https://example.gov.cn/banner.jpg)\n\n各位代表:\n\n## 一、2021年工作回顾\n\n过去一年,我们**大力发展数字经济**,推进[乡村振兴](https://example.gov.cn/x)战略。\n\n- 新增市场主体1万户;\n- 新建5G基站2000个。\n\n| 指标 | 增长 |\n| --- | --- |\n| 生产总值 | 6% |\n\n*各位代表!*让我们团结奋斗!\n";
    write(tmp.path(), "2022.md", md.as_bytes());
    let c = load_dir(tmp.path());
    assert_eq!(c.documents.len(), 1, "{:?}", c.warnings);
    let d = &c.documents[0];
    assert_eq!(d.title.as_deref(), Some("2022年示例市政府工作报告"));
    assert_eq!(d.region.as_deref(), Some("示例市"));
    assert_eq!(d.date, Date::new(2022, 1, 10));
    assert_eq!(
        d.text,
        // Blocks stay paragraphs apart, as in any blank-line text.
        [
            "2022年示例市政府工作报告",
            "——2022年1月10日在示例市第十七届人民代表大会第一次会议上",
            "各位代表:",
            "一、2021年工作回顾",
            "过去一年,我们大力发展数字经济,推进乡村振兴战略。",
            "新增市场主体1万户;",
            "新建5G基站2000个。",
            "指标\t增长",
            "生产总值\t6%",
            "各位代表!让我们团结奋斗!",
        ]
        .join("\n\n")
    );
}

#[test]
fn gb2312_web_page_with_site_chrome() {
    let tmp = tempfile::tempdir().unwrap();
    let page = format!(
        "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"><title>2019年示例市政府工作报告_示例市人民政府网</title><script>var x=1;</script></head><body><div class=\"top\">长者模式 | 繁體中文 | EN | 无障碍</div><div class=\"nav\"><a href=\"/\">首页</a><a href=\"/a\">政务公开</a><a href=\"/b\">办事服务</a></div><div class=\"article-content\"><h1>2019年示例市政府工作报告</h1><p>——2019年1月20日在示例市第十六届人民代表大会第三次会议上</p>{}</div><div class=\"footer\">版权所有 示例市人民政府 ICP备00000000号</div></body></html>",
        body("市", 2019)
            .lines()
            .map(|l| format!("<p>{l}</p>"))
            .collect::<String>()
    );
    write(tmp.path(), "page.HTM", &gbk(&page));
    let c = load_dir(tmp.path());
    let d = &c.documents[0];
    assert_eq!(d.year, 2019);
    assert_eq!(d.date, Date::new(2019, 1, 20));
    assert_eq!(d.region.as_deref(), Some("示例市"));
    assert_eq!(d.title.as_deref(), Some("2019年示例市政府工作报告"));
    assert!(d.text.contains("为建设美好家园而努力奋斗!"));
    for chrome in ["长者模式", "首页", "版权所有", "var x", "<p>"] {
        assert!(!d.text.contains(chrome), "{chrome} left in {:?}", d.text);
    }
    assert!(d.flags.iter().any(|f| f.as_str() == "from_html"));
}

#[test]
fn html_inside_txt_and_jsonl_is_converted_and_flagged() {
    let tmp = tempfile::tempdir().unwrap();
    let fragment = |year: i32| {
        let ps: String = body("市", year)
            .lines()
            .map(|l| format!("<p>{l}</p>"))
            .collect();
        format!("[<div class=\"content\"><h4>示例市{year}年政府工作报告</h4>{ps}</div>]")
    };
    write(tmp.path(), "2018.txt", fragment(2018).as_bytes());
    let line = serde_json::json!({"year": 2019, "region": "示例市", "content": fragment(2019)});
    write(tmp.path(), "more.jsonl", format!("{line}\n").as_bytes());
    let c = load_dir(tmp.path());
    assert_eq!(c.documents.len(), 2);
    for d in &c.documents {
        assert!(
            !d.text.contains('<') && !d.text.contains('['),
            "{:?}",
            d.text
        );
        assert!(
            d.text
                .starts_with(&format!("示例市{}年政府工作报告", d.year))
        );
        assert!(d.flags.iter().any(|f| f.as_str() == "from_html"));
        assert_eq!(d.region.as_deref(), Some("示例市"));
    }
    assert_eq!(
        c.documents[0].title.as_deref(),
        Some("示例市2018年政府工作报告")
    );
}

/// A minimal .docx: body paragraphs and core properties.
fn docx(paragraphs: &[&str], title: &str, created: &str) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut buf);
    let opts = zip::write::SimpleFileOptions::default();
    z.start_file("[Content_Types].xml", opts).unwrap();
    z.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#).unwrap();
    z.start_file("word/document.xml", opts).unwrap();
    let ps: String = paragraphs
        .iter()
        .map(|p| format!("<w:p><w:r><w:t>{p}</w:t></w:r></w:p>"))
        .collect();
    write!(z, r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{ps}</w:body></w:document>"#).unwrap();
    z.start_file("docProps/core.xml", opts).unwrap();
    write!(z, r#"<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{title}</dc:title><dcterms:created xsi:type="dcterms:W3CDTF">{created}</dcterms:created></cp:coreProperties>"#).unwrap();
    z.finish().unwrap();
    buf.into_inner()
}

#[test]
fn docx_paragraphs_and_properties() {
    let tmp = tempfile::tempdir().unwrap();
    let b = body("县", 2021);
    let mut ps: Vec<&str> = vec!["示例县2021年政府工作报告"];
    ps.extend(b.lines());
    write(
        tmp.path(),
        "示例县.DOCX",
        &docx(&ps, "示例县2021年政府工作报告", "2021-01-15T08:00:00Z"),
    );
    let c = load_dir(tmp.path());
    let d = &c.documents[0];
    assert_eq!(d.year, 2021);
    assert_eq!(d.date, Date::new(2021, 1, 15));
    assert_eq!(d.region.as_deref(), Some("示例县"));
    assert_eq!(d.title.as_deref(), Some("示例县2021年政府工作报告"));
    assert_eq!(d.text, format!("示例县2021年政府工作报告\n{b}"));
}

/// A Word file's stored title that names no report (`Document1`, `附件1`,
/// the notice or summary the file was made from, `Microsoft Word - …`) is
/// not its title, and no property title's year outranks the file name's.
#[test]
fn docx_title_properties_that_name_no_report_are_not_titles() {
    let tmp = tempfile::tempdir().unwrap();
    let stored = [
        "Document1",
        "附件1",
        "关于召开区人大常委会会议的通知",
        "2017年工作总结",
        "Microsoft Word - 新建文档",
        "2017年余杭区政府工作报告",
    ];
    for (i, prop) in stored.iter().enumerate() {
        let year = 2010 + i as i32;
        let b = body("区", year);
        let ps: Vec<&str> = b.lines().collect();
        write(
            tmp.path(),
            &format!("{year}年余杭区政府工作报告.docx"),
            &docx(&ps, prop, "2023-03-01T08:00:00Z"),
        );
    }
    let c = load_dir(tmp.path());
    let got: Vec<(i32, &str)> = c
        .documents
        .iter()
        .map(|d| (d.year, d.title.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(
        got.iter().map(|g| g.0).collect::<Vec<_>>(),
        [2010, 2011, 2012, 2013, 2014, 2015],
        "{:?}",
        c.warnings
    );
    for (year, title) in &got {
        assert!(
            !stored[..5].contains(title) && (title.is_empty() || title.contains("报告")),
            "{year}: {title}"
        );
    }
    // A property title naming a report is still the title.
    assert_eq!(got[5].1, "2017年余杭区政府工作报告");
}

#[test]
fn pdf_with_a_text_layer_and_a_scan_without_one() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdf");
    let tmp = tempfile::tempdir().unwrap();
    for f in ["report_cjk.pdf", "scan_no_text.pdf"] {
        std::fs::copy(fixtures.join(f), tmp.path().join(f)).unwrap();
    }
    // A PDF the library cannot read (cut short after its header): skipped,
    // with what to do instead.
    std::fs::write(tmp.path().join("broken.pdf"), b"%PDF-1.4\n1 0 obj\n<<").unwrap();
    let c = load_dir(tmp.path());
    let broken = c
        .warnings
        .iter()
        .find(|w| w.file.ends_with("broken.pdf"))
        .expect("a warning for the broken PDF");
    assert!(
        broken.message.contains("pdftotext") && broken.message.contains(".txt"),
        "{}",
        broken.message
    );
    assert_eq!(c.documents.len(), 1);
    let d = &c.documents[0];
    assert_eq!(d.year, 2023);
    assert_eq!(d.date, Date::new(2023, 1, 5));
    assert_eq!(d.region.as_deref(), Some("示例市"));
    assert_eq!(d.title.as_deref(), Some("2023年示例市政府工作报告"));
    let expected = std::fs::read_to_string(fixtures.join("report_cjk.expected.txt")).unwrap();
    // The text is NFKC-normalised like every document (：→:).
    for para in expected.lines().skip(2).map(analyze::corpus::clean::nfkc) {
        assert!(d.text.contains(&para), "{para}");
    }
    assert!(d.flags.iter().any(|f| f.as_str() == "from_pdf"));
    let scan = c
        .warnings
        .iter()
        .find(|w| w.file.ends_with("scan_no_text.pdf"))
        .expect("a warning for the scan");
    assert!(
        scan.message.contains("no text layer: OCR it first"),
        "{}",
        scan.message
    );
}

/// Write `text` to `rel` under `root`, making its folders.
fn put_file(root: &std::path::Path, rel: &str, text: String) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Each document's year, region, level and province, in corpus order.
fn placed(c: &Corpus) -> Vec<(i32, String, &'static str, String)> {
    c.documents
        .iter()
        .map(|d| {
            (
                d.year,
                d.region.clone().unwrap_or_default(),
                d.level.map(Level::as_str).unwrap_or_default(),
                d.province.clone().unwrap_or_default(),
            )
        })
        .collect()
}

/// Collections sorted into folders: one per year (`2019/示例甲市.txt`) or
/// one per region (`示例丙市/2021.txt`), also inside a zip. A folder's
/// whole name must be the year or region: the root `2024-download` names
/// no year, and the file's own name wins over its folder.
#[test]
fn folders_named_for_a_year_or_a_region() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("2024-download");
    let put = |rel: &str, text: String| put_file(&root, rel, text);
    put("2019/示例甲市.txt", body("市", 2019));
    put("2019年/示例乙市.txt", body("市", 2018));
    put("示例丙县/2021.txt", body("县", 2021));
    put("2020/2017年示例丁市.txt", body("市", 2017));
    put("misc/示例戊市.txt", body("市", 2016));
    put("misc/2018-2019_示例庚市.txt", body("市", 2019));
    let more = zip_of(&[(
        "2022年政府工作报告/示例己区.txt".into(),
        body("区", 2022).into_bytes(),
    )]);
    std::fs::write(root.join("more.zip"), more).unwrap();
    let c = load_dir(&root);
    let mut got: Vec<_> = c
        .documents
        .iter()
        .map(|d| {
            (
                d.year,
                d.region.clone().unwrap_or_default(),
                d.year_source.as_str(),
            )
        })
        .collect();
    got.sort();
    let want = [
        (2017, "示例丁市", "file_name"),
        (2019, "示例乙市", "folder"),
        (2019, "示例甲市", "folder"),
        (2021, "示例丙县", "file_name"),
        (2022, "示例己区", "folder"),
    ];
    let want: Vec<_> = want
        .iter()
        .map(|&(y, r, s)| (y, r.to_string(), s))
        .collect();
    assert_eq!(got, want, "{:?}", c.warnings);
    // The file in `misc/` under `2024-download/` has no year.
    assert!(
        c.warnings
            .iter()
            .any(|w| w.kind == analyze::WarningKind::NoYear && w.file.ends_with("示例戊市.txt")),
        "{:?}",
        c.warnings
    );
    // A file name of two years says so, not that it holds none.
    assert!(
        c.warnings
            .iter()
            .any(|w| w.kind == analyze::WarningKind::NoYear
                && w.file.ends_with("2018-2019_示例庚市.txt")
                && w.message
                    .contains("the file name holds several, 2018 and 2019")),
        "{:?}",
        c.warnings
    );
}

#[test]
fn cities_written_without_shi_in_folder_and_file_names() {
    // Folders and file names as people write them: the city without 市.
    // The texts name no region themselves (`我代表市人民政府`).
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("reports");
    let put = |rel: &str, text: String| put_file(&root, rel, text);
    put("深圳/2021.txt", body("市", 2021));
    put("义乌/2022年.txt", body("市", 2022));
    put("2019_昆山_政府工作报告.txt", body("市", 2019));
    // A title-like file name with the short name.
    put("常熟2018年政府工作报告.txt", body("市", 2018));
    // 长沙 is also 长沙县: kept as written rather than guessed (this text's
    // opening does not say which kind of government speaks).
    put(
        "长沙/2020.txt",
        body("市", 2020).replace("我代表市人民政府", "我代表政府"),
    );
    // A district without 区 (its text says only 区人民政府).
    put("海拉尔/2016.txt", body("区", 2016));
    let c = load_dir(&root);
    let mut got: Vec<_> = c
        .documents
        .iter()
        .map(|d| {
            (
                d.year,
                d.region.clone().unwrap_or_default(),
                d.level,
                d.province.clone().unwrap_or_default(),
            )
        })
        .collect();
    got.sort();
    use analyze::corpus::Level;
    let at = |y, r: &str, l, p: &str| (y, r.to_string(), Some(l), p.to_string());
    // 常熟, 昆山 and 义乌 are county-level cities (县级市): counties.
    assert_eq!(
        got,
        [
            at(2016, "海拉尔区", Level::County, "内蒙古自治区"),
            at(2018, "常熟市", Level::County, "江苏省"),
            at(2019, "昆山市", Level::County, "江苏省"),
            (2020, "长沙".to_string(), None, String::new()),
            at(2021, "深圳市", Level::City, "广东省"),
            at(2022, "义乌市", Level::County, "浙江省"),
        ],
        "{:?}",
        c.warnings
    );
    // …and says so, once, with what it may be.
    let said: Vec<&str> = c
        .warnings
        .iter()
        .filter(|w| w.message.starts_with("region 长沙"))
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(said.len(), 1, "{:?}", c.warnings);
    assert!(
        said[0].contains("may be 长沙市 or 长沙县") && said[0].contains("region = \"长沙市\""),
        "{}",
        said[0]
    );
    // The short 长沙 takes the full name another document gives it, and
    // then that city's province.
    let root = tmp.path().join("more");
    let put = |rel: &str, text: String| put_file(&root, rel, text);
    put("长沙/2020.txt", body("市", 2020));
    put("长沙市2021年政府工作报告.txt", body("市", 2021));
    let c = load_dir(&root);
    let got: Vec<_> = c
        .documents
        .iter()
        .map(|d| {
            (
                d.year,
                d.region.clone().unwrap_or_default(),
                d.province.clone().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (2020, "长沙市".to_string(), "湖南省".to_string()),
            (2021, "长沙市".to_string(), "湖南省".to_string()),
        ],
        "{:?}",
        c.warnings
    );
    // Completed, it is no longer ambiguous: no such warning.
    assert!(
        !c.warnings.iter().any(|w| w.message.contains("may be")),
        "{:?}",
        c.warnings
    );
}

/// A report page with site chrome, as a government site serves it.
fn report_page(year: i32, charset: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset={charset}\"><title>{year}年示例市政府工作报告_示例市人民政府网</title><script>var x=1;</script></head><body><div class=\"nav\"><a href=\"/\">首页</a><a href=\"/a\">政务公开</a></div><div class=\"article-content\"><h1>{year}年示例市政府工作报告</h1><p>——{year}年1月20日在示例市第十六届人民代表大会第三次会议上</p>{}</div><div class=\"footer\">版权所有 示例市人民政府</div></body></html>",
        body("示例市", year)
            .lines()
            .map(|l| format!("<p>{l}</p>"))
            .collect::<String>()
    )
}

/// Quoted-printable as Internet Explorer writes it (`=XX` for every byte
/// outside printable ASCII, soft line breaks).
fn quoted_printable(bytes: &[u8]) -> String {
    let mut out = String::new();
    let mut line = 0;
    for &b in bytes {
        let piece = if (b' '..=b'~').contains(&b) && b != b'=' {
            (b as char).to_string()
        } else {
            format!("={b:02X}")
        };
        if line + piece.len() > 73 {
            out.push_str("=\r\n");
            line = 0;
        }
        line += piece.len();
        out.push_str(&piece);
    }
    out
}

/// A page saved as one file by Internet Explorer (`.mht`): GBK page in
/// quoted-printable, with an image part.
fn mht(page: &[u8]) -> Vec<u8> {
    let b = "----=_NextPart_000_0000_01D4D2F1.2B3A5C40";
    format!(
        "From: <Saved by Windows Internet Explorer 8>\r\nSubject: page\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n\tboundary=\"{b}\"\r\n\r\nThis is a multi-part message in MIME format.\r\n\r\n--{b}\r\nContent-Type: text/html;\r\n\tcharset=\"gb2312\"\r\nContent-Transfer-Encoding: quoted-printable\r\nContent-Location: http://www.example.gov.cn/zwgk/gzbg.htm\r\n\r\n{}\r\n\r\n--{b}\r\nContent-Type: image/gif\r\nContent-Transfer-Encoding: base64\r\nContent-Location: http://www.example.gov.cn/logo.gif\r\n\r\nR0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==\r\n\r\n--{b}--\r\n",
        quoted_printable(page)
    )
    .into_bytes()
}

#[test]
fn saved_web_pages_in_every_shape() {
    // As users save them: one file (.mht, Internet Explorer's default), a
    // complete page with its `_files` folder (whose frames are no
    // reports, even in a folder named for a year), a page a scraper saved
    // under its server script's name or under an id with no extension;
    // and the same inside a zip.
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("2016年示例市.mht", mht(&gbk(&report_page(2016, "gb2312")))),
        ("2017/报告.html", report_page(2017, "utf-8").into_bytes()),
        (
            "2017/报告_files/share.html",
            "<!DOCTYPE html><html><body><p>分享到微信</p></body></html>".into(),
        ),
        ("2017/报告_files/jquery.js", b"var $;".to_vec()),
        ("content_2018.jsp", gbk(&report_page(2018, "gbk"))),
        ("a8f3e2", report_page(2019, "utf-8").into_bytes()),
        ("notes", "2020 说明".into()),
    ];
    let tmp = tempfile::tempdir().unwrap();
    let plain = tmp.path().join("plain");
    for (name, bytes) in &files {
        write(&plain, name, bytes);
    }
    let members: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|(name, bytes)| (name.to_string(), bytes.clone()))
        .collect();
    let zipped = tmp.path().join("zipped");
    write(&zipped, "pages.zip", &zip_of(&members));
    for dir in [&plain, &zipped] {
        let c = load_dir(dir);
        let years: Vec<i32> = c.documents.iter().map(|d| d.year).collect();
        assert_eq!(years, [2016, 2017, 2018, 2019], "{:?}", c.warnings);
        for d in &c.documents {
            assert_eq!(
                d.title.as_deref(),
                Some(format!("{}年示例市政府工作报告", d.year).as_str())
            );
            assert_eq!(d.date, Date::new(d.year, 1, 20));
            assert_eq!(d.region.as_deref(), Some("示例市"));
            assert!(d.text.contains("为建设美好家园而努力奋斗!"), "{}", d.text);
            for chrome in ["首页", "版权所有", "var x", "<p>", "=E", "R0lGOD"] {
                assert!(!d.text.contains(chrome), "{chrome} left in {:?}", d.text);
            }
            assert!(d.flags.iter().any(|f| f.as_str() == "from_html"));
        }
        assert_eq!(c.documents[0].format.as_str(), "mhtml");
        assert_eq!(c.documents[0].encoding, "GBK");
        assert_eq!(c.documents[2].encoding, "GBK");
        let skipped: Vec<&str> = c
            .warnings
            .iter()
            .filter(|w| w.message.contains("saved with the page"))
            .map(|w| w.file.as_str())
            .collect();
        assert_eq!(skipped.len(), 1, "{:?}", c.warnings);
        assert!(skipped[0].ends_with("2017/报告_files"), "{skipped:?}");
        assert!(c.documents.iter().all(|d| !d.text.contains("分享到微信")));
    }
}

/// Scraped texts stored flat: lines joined with `<br>`, line breaks
/// escaped (`\n` as two characters), character references left in. Each is
/// read as the report it is: its head lines give title and date.
#[test]
fn flat_scraped_texts_get_their_lines_back() {
    let tmp = tempfile::tempdir().unwrap();
    let head = |year: i32| {
        format!(
            "{year}年示例市政府工作报告\n——{year}年1月20日在示例市第十六届人民代表大会第三次会议上\n{}",
            body("示例市", year)
        )
    };
    write(
        tmp.path(),
        "2019年示例市.txt",
        head(2019).replace('\n', "<br>").as_bytes(),
    );
    write(
        tmp.path(),
        "2020年示例市.txt",
        head(2020).replace('\n', "\\n").as_bytes(),
    );
    let entities = head(2021)
        .replace("各位代表", "&nbsp;&nbsp;各位代表")
        .replace("数字经济", "&ldquo;数字经济&rdquo;");
    let jsonl = serde_json::json!({ "year": 2021, "content": entities }).to_string();
    write(tmp.path(), "2021.jsonl", jsonl.as_bytes());
    let c = load_dir(tmp.path());
    assert_eq!(c.documents.len(), 3, "{:?}", c.warnings);
    for d in &c.documents {
        let title = format!("{}年示例市政府工作报告", d.year);
        assert_eq!(d.title.as_deref(), Some(title.as_str()), "{}", d.text);
        assert_eq!(d.date, Date::new(d.year, 1, 20));
        assert!(d.text.lines().count() >= 6, "{}", d.text);
        for left in ["<br>", "\\n", "&nbsp;", "&ldquo;", "nbsp"] {
            assert!(!d.text.contains(left), "{left} left in {}", d.text);
        }
    }
    assert!(c.documents[2].text.contains("“数字经济”"));
}

/// A report published over several web pages, saved one file per page as
/// content-management systems number them (`t20190120_1.html` after
/// `t20190120.html`): one document, pages in order, the repeated title and
/// the pager left out. A copy saved twice is not joined to itself.
#[test]
fn report_saved_one_file_per_page_is_one_document() {
    let tmp = tempfile::tempdir().unwrap();
    let lines: Vec<String> = body("示例市", 2019).lines().map(str::to_string).collect();
    let page = |n: usize, paragraphs: &[String]| {
        let head = if n == 0 {
            "<p>——2019年1月20日在示例市第十六届人民代表大会第三次会议上</p>".to_string()
        } else {
            String::new()
        };
        format!(
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>2019年示例市政府工作报告</title></head><body><div class=\"nav\"><a href=\"/\">首页</a><a href=\"/a\">政务公开</a></div><div class=\"content\"><h1>2019年示例市政府工作报告</h1>{head}{}<div class=\"pager\">共3页 第{}页 上一页 1 2 3 下一页</div></div></body></html>",
            paragraphs
                .iter()
                .map(|l| format!("<p>{l}</p>"))
                .collect::<String>(),
            n + 1
        )
    };
    write(
        tmp.path(),
        "2019/t20190120_5001.html",
        page(0, &lines[..2]).as_bytes(),
    );
    write(
        tmp.path(),
        "2019/t20190120_5001_1.html",
        page(1, &lines[2..4]).as_bytes(),
    );
    write(
        tmp.path(),
        "2019/t20190120_5001_2.html",
        page(2, &lines[4..]).as_bytes(),
    );
    // Another report in the same folder, and a numbered file alone.
    write(
        tmp.path(),
        "2019/other.txt",
        format!("2019年乙市政府工作报告\n{}", body("乙市", 2019)).as_bytes(),
    );
    write(
        tmp.path(),
        "2020/report_2.html",
        page(0, &lines).replace("2019", "2020").as_bytes(),
    );
    let c = load_dir(tmp.path());
    let titles: Vec<_> = c
        .documents
        .iter()
        .map(|d| d.title.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(
        titles,
        [
            "2019年乙市政府工作报告",
            "2019年示例市政府工作报告",
            "2020年示例市政府工作报告"
        ],
        "{:?}",
        c.warnings
    );
    let d = &c.documents[1];
    let want = body("示例市", 2019);
    let body_lines: Vec<&str> = d
        .text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.contains("政府工作报告") && !l.starts_with('—'))
        .collect();
    assert_eq!(body_lines, want.lines().collect::<Vec<_>>(), "{}", d.text);
    assert_eq!(d.date, Date::new(2019, 1, 20));
    assert_eq!(
        d.text.matches("2019年示例市政府工作报告").count(),
        1,
        "{}",
        d.text
    );
    assert!(!d.text.contains("下一页"), "{}", d.text);
    let source = c
        .files
        .iter()
        .find(|f| f.path.ends_with("t20190120_5001.html"))
        .unwrap();
    assert_eq!(source.pages.len(), 2);
    assert!(source.pages[0].ends_with("t20190120_5001_1.html"));
    assert_eq!(c.files.len(), 3);
    assert!(c.warnings.iter().any(|w| w.message.contains("later pages")));
    // The same pages inside a zip: the same document.
    let joined_text = d.text.clone();
    let zipped = tempfile::tempdir().unwrap();
    let members: Vec<(String, Vec<u8>)> = [
        "t20190120_5001_2.html",
        "t20190120_5001.html",
        "t20190120_5001_1.html",
    ]
    .iter()
    .map(|name| {
        let bytes = std::fs::read(tmp.path().join("2019").join(name)).unwrap();
        (format!("2019/{name}"), bytes)
    })
    .collect();
    write(zipped.path(), "pages.zip", &zip_of(&members));
    let c = load_dir(zipped.path());
    assert_eq!(c.documents.len(), 1, "{:?}", c.warnings);
    assert_eq!(c.documents[0].text, joined_text);
    assert!(c.warnings.iter().any(|w| w.message.contains("later pages")));
    // The same page saved twice (`_1` a copy): one document, nothing doubled.
    let twice = tempfile::tempdir().unwrap();
    write(twice.path(), "r.html", page(0, &lines).as_bytes());
    write(twice.path(), "r_1.html", page(0, &lines).as_bytes());
    let c = load_dir(twice.path());
    assert_eq!(c.documents.len(), 1);
    assert_eq!(c.documents[0].text.matches("为建设美好家园").count(), 1);
    assert!(
        c.warnings
            .iter()
            .any(|w| w.message.contains("already holds")),
        "{:?}",
        c.warnings
    );
}

/// Files numbered like the pages of one report that are different reports:
/// two districts' 2019 reports saved as `2019.html` and `2019_1.html`, three
/// years' as `政府工作报告.html`, `_1`, `_2` (each page opens with its own
/// title and dateline): each is a document of its own, with a warning; in a
/// zip too.
#[test]
fn numbered_pages_that_open_their_own_report_are_not_joined() {
    let page = |title: &str, region: &str, year: i32, day: u32| {
        let paragraphs: String = body(region, year)
            .lines()
            .map(|l| format!("<p>{l}</p>"))
            .collect();
        format!(
            "<html><head><meta charset='utf-8'><title>{title}</title></head><body><div class='article'><p>{region}政府工作报告</p><p>——{year}年1月{day}日在{region}第十六届人民代表大会第四次会议上</p>{paragraphs}</div></body></html>"
        )
    };
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "districts/2019.html",
        page("南湖区2019年政府工作报告", "南湖区", 2019, 10).as_bytes(),
    );
    write(
        tmp.path(),
        "districts/2019_1.html",
        page("秀洲区2019年政府工作报告", "秀洲区", 2019, 11).as_bytes(),
    );
    for (i, year) in [2019, 2020, 2021].into_iter().enumerate() {
        let name = match i {
            0 => "years/政府工作报告.html".to_string(),
            _ => format!("years/政府工作报告_{i}.html"),
        };
        write(
            tmp.path(),
            &name,
            page("政府工作报告_嘉兴市海盐县人民政府", "海盐县", year, 10).as_bytes(),
        );
    }
    let c = load_dir(tmp.path());
    let got: Vec<(i32, &str)> = c
        .documents
        .iter()
        .map(|d| (d.year, d.region.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(
        got,
        [
            (2019, "南湖区"),
            (2019, "秀洲区"),
            (2019, "海盐县"),
            (2020, "海盐县"),
            (2021, "海盐县")
        ],
        "{:?}",
        c.warnings
    );
    for d in &c.documents {
        assert_eq!(d.text.matches("各位代表").count(), 1, "{}", d.text);
    }
    assert!(c.files.iter().all(|f| f.pages.is_empty()));
    assert_eq!(
        c.warnings
            .iter()
            .filter(|w| w.message.contains("opens a report of its own"))
            .count(),
        3,
        "{:?}",
        c.warnings
    );
    // The same files in a zip.
    let members: Vec<(String, Vec<u8>)> = ["districts/2019.html", "districts/2019_1.html"]
        .iter()
        .map(|name| {
            (
                name.to_string(),
                std::fs::read(tmp.path().join(name)).unwrap(),
            )
        })
        .collect();
    let zipped = tempfile::tempdir().unwrap();
    write(zipped.path(), "pages.zip", &zip_of(&members));
    let c = load_dir(zipped.path());
    assert_eq!(c.documents.len(), 2, "{:?}", c.warnings);
}

/// One file collecting several years' reports, each under its own title
/// and dateline: one document per report, from its title line, with a
/// warning naming the years; the same heads in a file too short to split
/// soundly (or two heads of one year and region) leave it whole, with a
/// warning naming the years.
#[test]
fn a_file_collecting_several_reports_is_split_at_their_heads() {
    let tmp = tempfile::tempdir().unwrap();
    let report = |year: i32, paragraphs: usize| {
        format!(
            "示例县{year}年政府工作报告\n——{year}年1月15日在示例县第十六届人民代表大会第四次会议上\n{}\n{}",
            body("示例县", year),
            format!("{year}年,示例县推进产业升级,改善城乡环境,办好民生实事。\n").repeat(paragraphs)
        )
    };
    let all = [2018, 2019, 2020].map(|y| report(y, 40)).join("\n\n");
    write(
        tmp.path(),
        "split/示例县政府工作报告合集.txt",
        all.as_bytes(),
    );
    let c = load_dir(&tmp.path().join("split"));
    let got: Vec<(i32, Option<&str>, Option<u64>)> = c
        .documents
        .iter()
        .map(|d| (d.year, d.title.as_deref(), d.source_line))
        .collect();
    assert_eq!(
        got,
        [
            (2018, Some("示例县2018年政府工作报告"), None),
            (2019, Some("示例县2019年政府工作报告"), Some(51)),
            (2020, Some("示例县2020年政府工作报告"), Some(101)),
        ],
        "{:?}",
        c.warnings
    );
    for d in &c.documents {
        assert_eq!(d.text.matches("政府工作报告").count(), 1, "{}", d.text);
        assert_eq!(d.region.as_deref(), Some("示例县"));
    }
    assert!(
        c.warnings.iter().any(
            |w| w.message.contains("holds 3 reports") && w.message.contains("2018, 2019, 2020")
        ),
        "{:?}",
        c.warnings
    );
    // Too short to split soundly, or the same report twice: one document,
    // a warning.
    let short = [2018, 2019].map(|y| report(y, 0)).join("\n\n");
    write(tmp.path(), "short/合集.txt", short.as_bytes());
    let twice = [2019, 2019].map(|y| report(y, 40)).join("\n\n");
    write(tmp.path(), "twice/合集.txt", twice.as_bytes());
    for dir in ["short", "twice"] {
        let c = load_dir(&tmp.path().join(dir));
        assert_eq!(c.documents.len(), 1, "{dir}");
        assert!(
            c.warnings
                .iter()
                .any(|w| w.message.contains("holds the heads of 2 reports")),
            "{dir}: {:?}",
            c.warnings
        );
    }
    // A report quoting an earlier dateline in its body is no collection.
    let one = format!(
        "{}\n正如2018年所说:\n——2018年1月15日在示例县第十六届人民代表大会第三次会议上\n",
        report(2019, 40)
    );
    write(tmp.path(), "one/2019.txt", one.as_bytes());
    let c = load_dir(&tmp.path().join("one"));
    assert_eq!(c.documents.len(), 1);
    assert!(c.warnings.iter().all(|w| !w.message.contains("holds")));
}

/// Word 97-2003 files, as many government sites still publish reports:
/// read from Word's piece table (`.doc`, and `.wps` files that are Word
/// documents); a damaged one is a warning that says what to do.
#[test]
fn word_97_documents_are_read() {
    let tmp = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/doc/report.doc");
    let doc = std::fs::read(fixture).unwrap();
    write(tmp.path(), "2018年示例县政府工作报告.DOC", &doc);
    let mut broken = doc.clone();
    broken.truncate(600);
    write(tmp.path(), "broken.doc", &broken);
    let c = load_dir(tmp.path());
    assert_eq!(c.documents.len(), 1, "{:?}", c.warnings);
    let d = &c.documents[0];
    assert_eq!(d.year, 2018);
    assert_eq!(d.date, Date::new(2018, 1, 15));
    assert_eq!(d.region.as_deref(), Some("示例县"));
    assert_eq!(d.level, Some(Level::County));
    assert_eq!(d.title.as_deref(), Some("2018年示例县政府工作报告"));
    assert!(d.text.contains("指标\t目标"), "{}", d.text);
    assert!(d.text.ends_with("为建设美好家园而努力奋斗!"), "{}", d.text);
    assert!(d.flags.iter().any(|f| f.as_str() == "from_office"));
    assert_eq!(d.format.as_str(), "doc");
    let w = c
        .warnings
        .iter()
        .find(|w| w.file.ends_with("broken.doc"))
        .unwrap();
    assert!(w.message.contains("save it as .docx"), "{w:?}");
    // "Download as Word" links that serve a web page or an RTF file.
    let other = tempfile::tempdir().unwrap();
    let page = format!(
        "<html xmlns:w=\"urn:schemas-microsoft-com:office:word\"><head><meta charset=\"utf-8\"><title>2019年示例县政府工作报告</title></head><body><p>2019年示例县政府工作报告</p>{}</body></html>",
        body("示例县", 2019)
            .lines()
            .map(|l| format!("<p>{l}</p>"))
            .collect::<String>()
    );
    write(other.path(), "2019.doc", page.as_bytes());
    write(other.path(), "2020.doc", b"{\\rtf1\\ansi 2020}");
    let c = load_dir(other.path());
    assert_eq!(c.documents.len(), 1, "{:?}", c.warnings);
    assert_eq!(
        c.documents[0].title.as_deref(),
        Some("2019年示例县政府工作报告")
    );
    assert!(!c.documents[0].text.contains("<p>"));
    let w = c
        .warnings
        .iter()
        .find(|w| w.file.ends_with("2020.doc"))
        .unwrap();
    assert!(w.message.contains("RTF"), "{w:?}");
}

#[test]
fn zip_of_reports_is_walked_like_a_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let mut members: Vec<(String, Vec<u8>)> = [2020, 2021]
        .iter()
        .map(|year| {
            (
                format!("示例市/{year}年示例市政府工作报告.txt"),
                body("市", *year).into_bytes(),
            )
        })
        .collect();
    members.push(("示例市/说明.pdf.tmp".into(), b"ignored".to_vec()));
    write(tmp.path(), "reports.zip", &zip_of(&members));
    let c = load_dir(tmp.path());
    assert_eq!(c.documents.len(), 2, "{:?}", c.warnings);
    let d = &c.documents[1];
    assert_eq!(d.year, 2021);
    assert_eq!(d.region.as_deref(), Some("示例市"));
    assert!(
        d.source_path
            .ends_with("reports.zip/示例市/2021年示例市政府工作报告.txt")
    );
    assert_eq!(c.files.len(), 1);
    assert_eq!(c.files[0].documents, 2);
}

#[test]
fn content_decides_the_format_not_the_extension() {
    let tmp = tempfile::tempdir().unwrap();
    let page = format!(
        "<!DOCTYPE html><html><head><title>2017年示例市政府工作报告</title></head><body><p>{}</p></body></html>",
        body("市", 2017).replace('\n', "</p><p>")
    );
    write(tmp.path(), "2017.txt", page.as_bytes());
    let c = load_dir(tmp.path());
    let d = &c.documents[0];
    assert!(!d.text.contains("<p>"));
    assert_eq!(d.title.as_deref(), Some("2017年示例市政府工作报告"));
    assert_eq!(c.files[0].read_as.map(|f| f.as_str()), Some("html"));

    // Plain text named `.doc` (UTF-8 and GBK): read as text, not skipped
    // as "not a Word 97-2003 document".
    let tmp = tempfile::tempdir().unwrap();
    let text = |year| format!("{year}年示例市政府工作报告\n{}", body("市", year));
    write(
        tmp.path(),
        "2018年示例市政府工作报告.doc",
        text(2018).as_bytes(),
    );
    write(
        tmp.path(),
        "2019年示例市政府工作报告.DOC",
        &gbk(&text(2019)),
    );
    let c = load_dir(tmp.path());
    assert_eq!(c.documents.len(), 2, "{:?}", c.warnings);
    for (d, year) in c.documents.iter().zip([2018, 2019]) {
        assert_eq!(d.year, year);
        assert_eq!(d.text, text(year));
        assert_eq!(d.region.as_deref(), Some("示例市"));
    }
    assert!(
        c.files
            .iter()
            .all(|f| f.read_as.map(|f| f.as_str()) == Some("txt"))
    );
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
}

/// A text whose own dateline gives another year than its file name is
/// filed under the dateline's year, and a warning says so (a `2020.txt`
/// holding the 2021 report would otherwise vanish into 2021 unnoticed).
#[test]
fn a_dateline_year_over_a_file_name_year_is_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    for (name, delivered) in [("2020.txt", "2021年1月12日"), ("2019.txt", "2019年1月15日")] {
        let text = format!(
            "政府工作报告\n——{delivered}在示例市第十五届人民代表大会第五次会议上\n{}",
            body("市", 2021)
        );
        write(tmp.path(), name, text.as_bytes());
    }
    let c = load_dir(tmp.path());
    let years: Vec<i32> = c.documents.iter().map(|d| d.year).collect();
    assert_eq!(years, [2019, 2021]);
    let said: Vec<&str> = c
        .warnings
        .iter()
        .filter(|w| w.message.contains("file name says"))
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(said.len(), 1, "{:?}", c.warnings);
    assert!(
        said[0].starts_with(
            "the year is 2021 (from the text's dateline), but the file name says 2020"
        ),
        "{}",
        said[0]
    );
    assert!(
        c.warnings
            .iter()
            .any(|w| w.file.ends_with("2020.txt") && w.message == said[0])
    );

    // An export named for a year holds every year: its rows' own years
    // are no relabelling.
    let tmp = tempfile::tempdir().unwrap();
    let mut jsonl = String::new();
    for (year, delivered) in [(2019, "2019年1月15日"), (2021, "2021年1月12日")] {
        let text = format!(
            "政府工作报告\n——{delivered}在示例市第十五届人民代表大会第五次会议上\n{}",
            body("市", year)
        );
        jsonl.push_str(&serde_json::json!({ "region": "示例市", "content": text }).to_string());
        jsonl.push('\n');
    }
    write(tmp.path(), "reports_2024.jsonl", jsonl.as_bytes());
    let c = load_dir(tmp.path());
    assert_eq!(c.documents.len(), 2);
    assert!(
        c.warnings
            .iter()
            .all(|w| !w.message.contains("file name says")),
        "{:?}",
        c.warnings
    );
}

#[test]
fn duplicates_are_reported_never_silent() {
    let tmp = tempfile::tempdir().unwrap();
    // One text under three years (a source error), and two different
    // texts for one year and region.
    let same = format!(
        "政府工作报告\n——2006年2月1日在示例市第十二届人民代表大会第四次会议上\n{}",
        body("市", 2006)
    );
    let mut csv = String::from("年份,地区,正文\n");
    for y in [2005, 2006, 2007] {
        csv.push_str(&format!("{y},示例市,\"{same}\"\n"));
    }
    let short = body("市", 2008);
    let long = format!("{short}\n三、政府自身建设\n加强政府自身建设,提高行政效能。");
    csv.push_str(&format!(
        "2008,示例市,\"{short}\"\n2008,示例市,\"{long}\"\n"
    ));
    write(tmp.path(), "dups.csv", csv.as_bytes());
    let c = load_dir(tmp.path());
    let years: Vec<i32> = c.documents.iter().map(|d| d.year).collect();
    // The copy whose own dateline names its year is kept.
    assert_eq!(years, [2006, 2008]);
    assert!(c.documents[1].text.contains("政府自身建设"));
    assert_eq!(c.dropped.len(), 3);
    let dup_warnings = c
        .warnings
        .iter()
        .filter(|w| w.kind.to_string() == "duplicate")
        .count();
    assert_eq!(dup_warnings, 3);
    // --duplicates sum keeps both 2008 documents; error stops.
    let sum = load(
        tmp.path(),
        &LoadOptions {
            duplicates: analyze::corpus::DuplicatePolicy::Sum,
            ..LoadOptions::builtin().unwrap()
        },
    )
    .unwrap();
    assert_eq!(sum.documents.len(), 3);
    let err = load(
        tmp.path(),
        &LoadOptions {
            duplicates: analyze::corpus::DuplicatePolicy::Error,
            ..LoadOptions::builtin().unwrap()
        },
    )
    .unwrap_err();
    assert!(err.to_string().contains("2008 示例市"), "{err}");
}

#[test]
fn flags_and_min_chars() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "2020年示例市政府工作报告(摘要).txt",
        "各位代表:\n加快发展数字经济,推动".as_bytes(),
    );
    write(tmp.path(), "2021.txt", body("示例市", 2021).as_bytes());
    let c = load_dir(tmp.path());
    let flags: Vec<String> = c.documents[0]
        .flags
        .iter()
        .map(|f| f.as_str().to_string())
        .collect();
    assert_eq!(flags, ["short", "truncated", "excerpt"]);
    // A title alone is a fragment: kept, with a warning that says what its
    // year then shows and how to leave it out.
    write(
        tmp.path(),
        "2022.txt",
        "2022年示例市政府工作报告\n".as_bytes(),
    );
    let c = load_dir(tmp.path());
    assert_eq!(c.documents.len(), 3);
    let fragment = |file: &str| {
        (c.warnings.iter())
            .filter(|w| w.file.ends_with(file) && w.message.contains("a title or a fragment"))
            .map(|w| w.message.clone())
            .collect::<Vec<_>>()
    };
    // 年, 示例市, 政府工作报告: 10 Han characters.
    let title_only = fragment("2022.txt");
    assert_eq!(title_only.len(), 1, "{:?}", c.warnings);
    assert!(
        title_only[0].contains("only 10 Han characters")
            && title_only[0].contains("2022 counts as a year with a report")
            && title_only[0].contains("--min-chars 30"),
        "{title_only:?}"
    );
    // The excerpt (14) is one too; the report (102) is not.
    assert_eq!(fragment("(摘要).txt").len(), 1, "{:?}", c.warnings);
    assert!(fragment("2021.txt").is_empty(), "{:?}", c.warnings);
    std::fs::remove_file(tmp.path().join("2022.txt")).unwrap();
    let c = load(
        tmp.path(),
        &LoadOptions {
            min_chars: 50,
            ..LoadOptions::builtin().unwrap()
        },
    )
    .unwrap();
    assert_eq!(c.documents.len(), 1);
    assert_eq!(c.documents[0].year, 2021);
    assert!(
        c.warnings
            .iter()
            .any(|w| w.message.contains("--min-chars 50"))
    );
}

#[test]
fn districts_that_share_a_name_stay_apart() {
    // 鼓楼区 in 福州 and in 南京, titled alike, told apart by their
    // datelines; 朝阳区 of 北京市 (a province-level city) and of 长春市.
    let tmp = tempfile::tempdir().unwrap();
    for (file, place) in [
        ("e.txt", "福建省福州市鼓楼区"),
        ("f.txt", "江苏省南京市鼓楼区"),
    ] {
        let text = format!(
            "鼓楼区人民政府工作报告\n——2023年1月6日在{place}第十八届人民代表大会第三次会议上\n{}",
            body("鼓楼区", 2023)
        );
        write(tmp.path(), &format!("gl/{file}"), text.as_bytes());
    }
    for (year, city) in [
        (2022, "北京市"),
        (2023, "北京市"),
        (2022, "长春市"),
        (2023, "长春市"),
    ] {
        let text = format!(
            "{city}朝阳区人民政府工作报告\n——{year}年1月6日在{city}朝阳区第十六届人民代表大会第一次会议上\n{}",
            body(&format!("{city}朝阳区"), year)
        );
        write(
            tmp.path(),
            &format!("cy/{city}_{year}.txt"),
            text.as_bytes(),
        );
    }
    let c = load_dir(tmp.path());
    let mut got: Vec<(i32, Option<&str>, Option<&str>)> = c
        .documents
        .iter()
        .map(|d| (d.year, d.region.as_deref(), d.province.as_deref()))
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            (2022, Some("朝阳区"), Some("北京市")),
            (2022, Some("长春市朝阳区"), Some("吉林省")),
            (2023, Some("南京市鼓楼区"), Some("江苏省")),
            (2023, Some("朝阳区"), Some("北京市")),
            (2023, Some("福州市鼓楼区"), Some("福建省")),
            (2023, Some("长春市朝阳区"), Some("吉林省")),
        ],
        "{:?}",
        c.warnings
    );
}

#[test]
fn one_place_named_three_ways_is_one_region() {
    // A district named with its city, alone, and with province and city in
    // its datelines; a city typed with aligning spaces in a table.
    let tmp = tempfile::tempdir().unwrap();
    for (year, place) in [
        (2019, "南京市江宁区"),
        (2020, "江宁区"),
        (2021, "江苏省南京市江宁区"),
    ] {
        let text = format!(
            "政府工作报告\n——{year}年1月10日在{place}第十八届人民代表大会第一次会议上\n{}",
            body("江宁区", year)
        );
        write(tmp.path(), &format!("jn/{year}.txt"), text.as_bytes());
    }
    let rows = format!(
        "年份,地区,正文\n2019,温 州 市,\"{}\"\n2020,丽　水,\"{}\"\n",
        body("温州市", 2019),
        body("丽水市", 2020)
    );
    write(tmp.path(), "zj/t.csv", rows.as_bytes());
    let c = load_dir(tmp.path());
    let mut regions: Vec<(i32, Option<&str>, Option<&str>)> = c
        .documents
        .iter()
        .map(|d| (d.year, d.region.as_deref(), d.province.as_deref()))
        .collect();
    regions.sort();
    assert_eq!(
        regions,
        [
            (2019, Some("南京市江宁区"), Some("江苏省")),
            (2019, Some("温州市"), Some("浙江省")),
            (2020, Some("丽水市"), Some("浙江省")),
            (2020, Some("南京市江宁区"), Some("江苏省")),
            (2021, Some("南京市江宁区"), Some("江苏省")),
        ]
    );
    // No warning that the field and the text disagree about 温州市.
    assert!(
        !c.warnings.iter().any(|w| w.message.contains("温 州 市")),
        "{:?}",
        c.warnings
    );
}

#[test]
fn reports_of_other_kinds_are_left_out_unless_asked_for() {
    // A folder of work reports holding a party congress report of the same
    // year, a resolution on the report and one without a year: only the
    // work report is analysed, and each of the others has a warning.
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "2017.txt", body("示例市", 2017).as_bytes());
    let congress = "在示例市第十次党代会上的报告\n——在中国共产党示例市第十次代表大会上的报告\n(2016年11月20日)\n同志们:\n现在,我代表中共示例市委向大会作报告。示例市加快发展数字经济,全面从严治党,全党同志团结奋斗。";
    write(tmp.path(), "示例市2017年报告.txt", congress.as_bytes());
    write(
        tmp.path(),
        "r.jsonl",
        "{\"title\": \"示例市第十六届人民代表大会第一次会议关于政府工作报告的决议\", \"year\": 2017, \"content\": \"示例市第十六届人民代表大会第一次会议听取和审议了市长所作的政府工作报告,决定批准这个报告。\"}\n{\"title\": \"关于政府工作报告的决议\", \"content\": \"会议听取和审议了政府工作报告,决定批准这个报告。\"}\n"
            .as_bytes(),
    );
    let c = load_dir(tmp.path());
    assert_eq!(c.documents.len(), 1, "{:?}", c.warnings);
    assert!(c.documents[0].source_path.ends_with("2017.txt"));
    let not_reports: Vec<&str> = c
        .warnings
        .iter()
        .filter(|w| w.kind == analyze::error::WarningKind::NotAReport)
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(not_reports.len(), 3, "{:?}", c.warnings);
    assert!(
        not_reports
            .iter()
            .any(|m| m.contains("党代会报告") && m.contains("--all-kinds"))
    );
    assert!(
        not_reports
            .iter()
            .any(|m| m.contains("决议") && m.contains("--all-kinds"))
    );
    assert!(
        not_reports
            .iter()
            .any(|m| m.contains("决议") && m.contains("has no year"))
    );
    // Nothing else is said about the documents left out (no region).
    assert!(
        c.warnings
            .iter()
            .all(|w| w.kind != analyze::error::WarningKind::Metadata
                || w.file.ends_with("2017.txt") && !w.file.ends_with("报告.txt")),
        "{:?}",
        c.warnings
    );
    // --all-kinds keeps the dated ones, flagged.
    let all = load(
        tmp.path(),
        &LoadOptions {
            all_kinds: true,
            ..LoadOptions::builtin().unwrap()
        },
    )
    .unwrap();
    let mut flags: Vec<(String, Vec<&str>)> = all
        .documents
        .iter()
        .map(|d| {
            (
                d.source_path.clone(),
                d.flags.iter().map(|f| f.as_str()).collect(),
            )
        })
        .collect();
    flags.sort();
    assert_eq!(flags.len(), 3, "{:?}", all.warnings);
    assert!(
        flags[0]
            .1
            .iter()
            .all(|f| !["party_congress", "resolution"].contains(f))
    );
    assert!(flags[1].1.contains(&"resolution"), "{flags:?}");
    assert!(flags[2].1.contains(&"party_congress"), "{flags:?}");
    // The command line takes the flag.
    let out = analyze(
        &[
            "corpus",
            tmp.path().to_str().unwrap(),
            "--all-kinds",
            "--json",
            "-q",
        ],
        tmp.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn broken_csv_and_jsonl_rows_are_warnings_with_their_line() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = format!(
        "year,region,text\n2015,甲市,\"{}\n2016,乙市,\"{}\"\n2017,丙市,\"{}\"\n",
        body("甲市", 2015),
        body("乙市", 2016),
        body("丙市", 2017)
    );
    write(tmp.path(), "t.csv", csv.as_bytes());
    write(
        tmp.path(),
        "j.jsonl",
        b"{\"year\":2018,\"region\":\"\xe4\xb8\x81\xe5\xb8\x82\",\"content\":12345}\n",
    );
    let o = analyze(
        &["corpus", tmp.path().to_str().unwrap(), "--json"],
        tmp.path(),
    );
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let years: Vec<i64> = v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["year"].as_i64().unwrap())
        .collect();
    assert_eq!(
        years,
        [2016, 2017],
        "rows after the broken one are read, not merged"
    );
    let warnings = v["warnings"].as_array().unwrap();
    let at = |file: &str| {
        warnings
            .iter()
            .find(|w| w["file"].as_str().unwrap().ends_with(file))
            .map(|w| w["line"].as_u64())
    };
    assert_eq!(at("t.csv"), Some(Some(2)));
    assert_eq!(at("j.jsonl"), Some(Some(1)));
}

#[test]
fn corpus_shows_the_field_mapping_and_writes_the_cleaning_table() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let csv = format!(
        ",年份,地区,报告全文\n0,2015,甲市,\"{}\n来自马克数据网\"\n",
        body("甲市", 2015)
    );
    write(&data, "t.csv", csv.as_bytes());
    let o = analyze(&["corpus", "data", "--out", "out"], tmp.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("text=报告全文, year=年份, region=地区"),
        "{err}"
    );
    let cleaning =
        std::fs::read_to_string(tmp.path().join("out/data-corpus/cleaning.csv")).unwrap();
    assert!(cleaning.contains("vendor-watermark"), "{cleaning}");
    let manifest: serde_json::Value = serde_json::from_slice(
        &std::fs::read(tmp.path().join("out/data-corpus/manifest.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(manifest["input_files"][0]["fields"]["text"], "报告全文");
}

#[test]
fn output_below_a_file_and_non_utf8_dictionaries_name_the_problem() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "afile", b"x");
    write(tmp.path(), "data/2020.txt", body("示例市", 2020).as_bytes());
    let o = analyze(&["trends", "data", "--out", "afile/sub"], tmp.path());
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("afile is a file, not a folder"), "{err}");
    let mut dict = "数字经济 10 n\n".as_bytes().to_vec();
    dict.extend(gbk("国家 5\n"));
    write(tmp.path(), "user.dict", &dict);
    let o = analyze(
        &["trends", "data", "--dict", "user.dict", "--out", "o"],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("user.dict:2: not UTF-8"), "{err}");
}

#[test]
fn shell_completions() {
    let tmp = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let o = analyze(&["completions", shell], tmp.path());
        assert!(o.status.success(), "{shell}");
        let script = String::from_utf8_lossy(&o.stdout);
        assert!(
            script.contains("trends") && script.contains("--terms"),
            "{shell}"
        );
    }
}

#[test]
fn cities_corpus_loads_without_configuration() {
    let Some(corpora) = common::corpora() else {
        return;
    };
    let c = load_dir(&corpora.join("cities-2003-2024"));
    assert_eq!(c.files.len(), 6);
    let rows: usize = c.documents.len() + c.dropped.len();
    let empty = c
        .warnings
        .iter()
        .filter(|w| w.kind.to_string() == "empty")
        .count();
    assert_eq!(rows + empty, 843, "every row accounted for");
    // 843 rows − 贵阳市 2006 (empty) − 9 identical cleaned texts: the
    // README's 吉安市 2005–2009 and 三明市 2013 (their texts review 2009
    // and 2013: the reports of 2010 and 2014, whose rows are kept), and four
    // more that differ from another year's text only by line breaks or the
    // vendor's watermark (吉安市 2010, 九江市 2004, 龙岩市 2004, 长春市 2021);
    // 南平市 2009's row, a talk that explains the report, left out as a
    // commentary; and 三明市 2007's, a newspaper's story about the report,
    // left out as news.
    assert_eq!(c.documents.len(), 831);
    assert!(
        c.warnings.iter().any(|w| w.kind == WarningKind::NotAReport
            && w.file.ends_with("福建省.xlsx")
            && w.line == Some(6)
            && w.message.contains("\"2007 三明市\" is a news report")),
        "{:?}",
        c.warnings
    );
    assert!(
        c.warnings.iter().any(|w| w.kind == WarningKind::NotAReport
            && w.line == Some(30)
            && w.message.contains("\"2009 南平市\" is a commentary")),
        "{:?}",
        c.warnings
    );
    // Rows whose report's own dateline names another place (read in the
    // texts: 丽江市's rows 2003-2014 hold 丽水市's reports, with 丽水市代市长
    // under the dateline; 昭通市 2024 holds 白沙黎族自治县's; 普洱市 was
    // 思茅市 until 2007; 保击市, in 保山市 2004, is a typo).
    let mut contradicted: Vec<String> = c
        .warnings
        .iter()
        .filter_map(|w| {
            let (_, rest) = w.message.split_once("the region is ")?;
            let (field, rest) = rest.split_once(" (field), but the text's own dateline says ")?;
            Some(format!("{field}>{}", rest.split_once(';')?.0))
        })
        .collect();
    contradicted.sort();
    contradicted.dedup_by(|a, b| a == b);
    assert_eq!(
        contradicted,
        [
            "丽江市>丽水市",
            "保山市>保击市",
            "昭通市>白沙黎族自治县",
            "普洱市>思茅市"
        ]
    );
    assert_eq!(
        c.warnings
            .iter()
            .filter(|w| w.message.contains("dateline says 丽水市"))
            .count(),
        12
    );
    // Two rows hold the national report of their year (read in the texts:
    // 海口市 2011 opens 我代表国务院, 保山市 2021 under the NPC's dateline).
    let mut national: Vec<String> = c
        .warnings
        .iter()
        .filter(|w| w.message.contains("but the text is a national report"))
        .map(|w| {
            format!(
                "{}:{}",
                w.file.rsplit('/').next().unwrap_or(""),
                w.line.unwrap_or(0)
            )
        })
        .collect();
    national.sort();
    assert_eq!(national, ["云南省.xlsx:63", "海南省.xlsx:32"]);
    let mut cities: Vec<&str> = c
        .documents
        .iter()
        .filter_map(|d| d.region.as_deref())
        .collect();
    cities.sort_unstable();
    cities.dedup();
    assert_eq!(cities.len(), 42);
    for d in &c.documents {
        assert_eq!(d.level, Some(Level::City), "{}", d.doc_id);
        assert!(d.province.is_some(), "{}", d.doc_id);
        assert!(!d.text.contains('\u{feff}'), "{}", d.doc_id);
        assert!(
            !d.text.contains("马克数据网") && !d.text.contains("macrodatas"),
            "{}",
            d.doc_id
        );
        // Character references the vendor left in (`6&permil;`,
        // `11&#8226;18`) are decoded.
        assert!(
            !d.text.contains("&permil;") && !d.text.contains("&#8226;"),
            "{}",
            d.doc_id
        );
    }
    let kunming = c
        .documents
        .iter()
        .find(|d| d.doc_id == "2005_昆明市")
        .unwrap();
    assert!(
        kunming.text.contains("‰"),
        "2005_昆明市 has ‰ written as &permil;"
    );
    let longyan = c
        .documents
        .iter()
        .find(|d| d.doc_id == "2006_龙岩市")
        .unwrap();
    assert!(longyan.text.contains("11•18"));
    // The source's own errors, caught and reported.
    let guiyang = c
        .warnings
        .iter()
        .find(|w| w.kind.to_string() == "empty" && w.file.ends_with("贵州省.xlsx"));
    assert!(guiyang.is_some(), "贵阳市 2006 is empty");
    let dropped_from = |city: &str| {
        c.dropped
            .iter()
            .filter(|d| d.region.as_deref() == Some(city))
            .count()
    };
    assert_eq!(dropped_from("吉安市"), 5, "{:?}", c.dropped);
    // 三明市 2013 (the text of 2014) and 2007 (a newspaper's story).
    assert_eq!(dropped_from("三明市"), 2, "{:?}", c.dropped);
    let kept = |region: &str, year: i32| {
        c.documents
            .iter()
            .any(|d| d.region.as_deref() == Some(region) && d.year == year)
    };
    assert!(kept("吉安市", 2010) && !kept("吉安市", 2005));
    assert!(kept("三明市", 2014) && !kept("三明市", 2013));
    for city in ["九江市", "龙岩市", "长春市"] {
        assert_eq!(dropped_from(city), 1, "{city}: {:?}", c.dropped);
    }
    // Where the text's own dateline names a year, that copy is kept.
    let changchun = c
        .dropped
        .iter()
        .find(|d| d.region.as_deref() == Some("长春市"));
    assert_eq!(changchun.map(|d| d.year), Some(2021));
    assert!(
        c.documents
            .iter()
            .any(|d| d.region.as_deref() == Some("长春市") && d.year == 2022)
    );
    // Every other row left out repeats another's text.
    assert!(
        c.dropped
            .iter()
            .filter(|d| !(d.region.as_deref() == Some("南平市") && d.year == 2009))
            .filter(|d| !(d.region.as_deref() == Some("三明市") && d.year == 2007))
            .all(|d| d.reason.contains("the same text as"))
    );
    // 松原市's reports name 乾安县, which simplified Chinese writes with 乾:
    // they are simplified, not converted (乾安 never becomes 干安), while a
    // report whose 於 leaked from traditional text (抚州市 2015: 关於, 高於)
    // is still converted. Raw counts read in the workbooks.
    let songyuan: Vec<&analyze::corpus::Document> = c
        .documents
        .iter()
        .filter(|d| d.region.as_deref() == Some("松原市") && d.text.contains("乾安"))
        .collect();
    assert!(songyuan.len() >= 9, "{}", songyuan.len());
    for d in &songyuan {
        assert!(!d.converted, "{}", d.doc_id);
        assert_eq!(d.script.as_str(), "simplified", "{}", d.doc_id);
    }
    assert!(c.documents.iter().all(|d| !d.text.contains("干安")));
    let fuzhou = c
        .documents
        .iter()
        .find(|d| d.doc_id == "2015_抚州市")
        .unwrap();
    assert!(fuzhou.converted);
    assert!(!fuzhou.text.contains('於') && fuzhou.text.contains("关于"));
}

#[test]
fn xls_excel_97_workbook() {
    // Made by tests/fixtures/xls/make_fixture.py (xlwt).
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/xls");
    let tmp = tempfile::tempdir().unwrap();
    std::fs::copy(fixtures.join("reports.xls"), tmp.path().join("reports.XLS")).unwrap();
    let c = load_dir(tmp.path());
    assert_eq!(c.documents.len(), 2, "{:?}", c.warnings);
    let d = &c.documents[1];
    assert_eq!((d.year, d.region.as_deref()), (2016, Some("乙市")));
    assert_eq!(d.level, Some(Level::City));
    assert_eq!(d.province.as_deref(), Some("示例省"));
    assert!(d.text.starts_with("各位代表:") && d.text.ends_with("努力奋斗!"));
}

/// Inputs the fuzzers found (`fuzz/`), kept as regression tests: the first
/// byte picks the file name, as in the fuzz targets.
#[test]
fn fuzz_findings_stay_fixed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let opts = LoadOptions::builtin().unwrap();
    for (file, names) in [
        (
            "text_formats-chars.bin",
            &["2020.txt", "报告.md", "a.jsonl", "b.csv", "page.html"][..],
        ),
        (
            "containers-calamine-panic.bin",
            &["r.docx", "r.odt", "r.xlsx", "r.xls", "r.ods", "r.zip"][..],
        ),
    ] {
        let data = std::fs::read(dir.join(file)).unwrap();
        let name = names[data[0] as usize % names.len()];
        let entry = analyze::corpus::load_bytes_as(name, &data[1..], &opts).unwrap();
        for d in &entry.documents {
            assert_eq!(d.chars(), d.text.chars().count(), "{file}");
        }
    }
}

#[test]
fn a_large_single_file_loads_in_parallel_exactly_as_in_one_thread() {
    // Over 4 MB of JSON Lines: parsed in pieces and cleaned in parallel.
    let tmp = tempfile::tempdir().unwrap();
    let mut jsonl = String::new();
    let mut i = 0;
    while jsonl.len() < 6 << 20 {
        if i % 97 == 5 {
            jsonl.push_str("{broken json\n");
        } else {
            let text = format!("(第{i}篇)\n{}", body("市", 2000 + (i % 25)).repeat(8));
            let line = serde_json::json!({"year": 2000 + i % 25, "region": format!("市{i}"), "content": text});
            jsonl.push_str(&format!("{line}\n"));
        }
        i += 1;
    }
    write(tmp.path(), "big.jsonl", jsonl.as_bytes());
    let opts = LoadOptions::builtin().unwrap();
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap()
        .install(|| load(tmp.path(), &opts).unwrap());
    let many = rayon::ThreadPoolBuilder::new()
        .num_threads(4)
        .build()
        .unwrap()
        .install(|| load(tmp.path(), &opts).unwrap());
    assert!(one.documents.len() > 500, "{}", one.documents.len());
    assert_eq!(one.warnings, many.warnings);
    assert!(
        one.warnings.iter().any(|w| w.line == Some(6)),
        "exact lines"
    );
    let key = |c: &Corpus| -> Vec<(String, String, Option<u64>)> {
        c.documents
            .iter()
            .map(|d| (d.doc_id.clone(), d.sha256.clone(), d.source_line))
            .collect()
    };
    assert_eq!(key(&one), key(&many));
}

/// A one-sheet workbook is cleaned row by row while its cells are still
/// being parsed: documents, warnings and file facts must be those of
/// reading the sheet whole (the same workbook with an empty second sheet is
/// read whole), also when a streamed run counts the documents as they come.
#[test]
fn a_one_sheet_workbook_read_row_by_row_equals_reading_it_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let book = |second_sheet: bool| {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        for (c, h) in ["", "年份", "地区等级", "地区", "报告全文", "省份"]
            .iter()
            .enumerate()
        {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        for r in 1..=700u32 {
            if r % 50 == 7 {
                continue; // an empty row
            }
            let year = 2003 + (r % 22) as i32;
            let region = format!("示例{}市", r % 90);
            ws.write_number(r, 0, f64::from(r)).unwrap();
            if r % 97 != 5 {
                ws.write_number(r, 1, f64::from(year)).unwrap();
            }
            ws.write_string(r, 2, "地级市").unwrap();
            ws.write_string(r, 3, &region).unwrap();
            let text = match r % 31 {
                0 => String::new(), // empty text: a warning
                1 => format!("<div><p>{}</p></div>", body(&region, year)),
                _ => format!("{}（第{r}行）", body(&region, year)),
            };
            if !text.is_empty() {
                ws.write_string(r, 4, &text).unwrap();
            } else {
                ws.write_string(r, 5, "示例省").unwrap();
            }
        }
        if second_sheet {
            wb.add_worksheet().set_name("空表").unwrap();
        }
        wb.save_to_buffer().unwrap()
    };
    // Same folder name, so that the paths shown are the same.
    let (rows, whole) = (
        tmp.path().join("rows/corpus"),
        tmp.path().join("whole/corpus"),
    );
    write(&rows, "export.xlsx", &book(false));
    write(&whole, "export.xlsx", &book(true));
    let facts = |c: &Corpus| {
        format!(
            "{:#?}\n{:#?}\n{:#?}",
            c.documents,
            c.warnings,
            c.files
                .iter()
                .map(|f| (&f.documents, &f.fields, &f.encoding))
                .collect::<Vec<_>>()
        )
    };
    let by_rows = || analyze::corpus::SHEETS_BY_ROWS.load(std::sync::atomic::Ordering::Relaxed);
    let before = by_rows();
    let a = load_dir(&rows);
    assert!(
        by_rows() > before,
        "the one-sheet workbook was not read row by row"
    );
    let b = load_dir(&whole);
    assert!(a.documents.len() > 600, "{}", a.documents.len());
    assert!(a.warnings.len() > 20, "{}", a.warnings.len());
    assert!(facts(&a) == facts(&b), "row by row and whole differ");
    // A streamed run counts the same documents either way.
    let out = tmp.path().join("out");
    let run = |input: &Path, name: &str| {
        let o = analyze(
            &[
                "trends",
                input.to_str().unwrap(),
                "--terms",
                "数字经济,乡村振兴",
                "--by",
                "year,region",
                "--stream",
                "always",
                "--no-cache",
                "--out",
                out.to_str().unwrap(),
                "--name",
                name,
                "--quiet",
            ],
            tmp.path(),
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        std::fs::read(out.join(name).join("term_trends.csv")).unwrap()
    };
    assert!(run(&rows, "rows") == run(&whole, "whole"));
}

/// A report longer than an Excel cell holds is cut at 32,767 characters by
/// Excel, silently; a text field of exactly that length (a workbook's
/// cell, or the CSV saved from it) is flagged truncated with a warning
/// naming the row. One character less is an ordinary report.
#[test]
fn texts_cut_at_the_excel_cell_limit_are_flagged() {
    let tmp = tempfile::tempdir().unwrap();
    // Reports of exactly n characters, ending with a full stop (so that
    // only the length can flag them).
    let report = |region: &str, year: i32, n: usize| {
        let mut t = body(region, year);
        while t.chars().count() < n - 1 {
            t.push_str("\n推进数字经济和实体经济深度融合,加快建设现代化产业体系");
        }
        let mut t: String = t.chars().take(n - 1).collect();
        t.push('。');
        assert_eq!(t.chars().count(), n);
        t
    };
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["年份", "地区", "报告全文"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, (region, n)) in [("甲市", 32_767), ("乙市", 32_766)].iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_number(r, 0, 2020.0).unwrap();
        ws.write_string(r, 1, *region).unwrap();
        ws.write_string(r, 2, report(region, 2020, *n)).unwrap();
    }
    write(tmp.path(), "cities.xlsx", &wb.save_to_buffer().unwrap());
    let csv = format!(
        "year,region,content\n2021,丙市,\"{}\"\n2021,丁市,\"{}\"\n",
        report("丙市", 2021, 32_767),
        report("丁市", 2021, 32_766)
    );
    write(tmp.path(), "cities.csv", csv.as_bytes());
    let c = load_dir(tmp.path());
    let flagged = |region: &str| {
        let d = c
            .documents
            .iter()
            .find(|d| d.region.as_deref() == Some(region))
            .unwrap_or_else(|| panic!("{region}: {:?}", c.warnings));
        d.flags.contains(&analyze::corpus::quality::Flag::Truncated)
    };
    assert!(flagged("甲市") && flagged("丙市"));
    assert!(!flagged("乙市") && !flagged("丁市"));
    let cut: Vec<String> = c
        .warnings
        .iter()
        .filter(|w| w.message.contains("32,767 characters long"))
        .map(|w| {
            let name = w.file.rsplit('/').next().unwrap_or_default();
            format!("{name}:{}", w.line.unwrap_or(0))
        })
        .collect();
    assert_eq!(cut, ["cities.csv:2", "cities.xlsx:2"], "{:?}", c.warnings);
}

/// Scrapers often keep a report's paragraphs as a list of strings: the
/// text field as a JSON array of strings is read as one paragraph per
/// line; an array of blank strings is an empty text, and one holding
/// anything but strings is still a warning naming the line.
#[test]
fn json_text_fields_holding_a_list_of_paragraphs() {
    let tmp = tempfile::tempdir().unwrap();
    let paragraphs = |region: &str, year: i32| -> Vec<String> {
        body(region, year).lines().map(str::to_string).collect()
    };
    let lines = [
        serde_json::json!({"year": 2020, "region": "甲市", "content": paragraphs("甲市", 2020)}),
        serde_json::json!({"year": 2021, "region": "乙市", "content": ["", "  "]}),
        serde_json::json!({"year": 2022, "region": "丙市", "content": ["各位代表:", 3]}),
        serde_json::json!({"year": 2023, "region": "丁市", "content": body("丁市", 2023)}),
    ];
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    write(tmp.path(), "reports.jsonl", text.as_bytes());
    let c = load_dir(tmp.path());
    let regions: Vec<_> = c.documents.iter().map(|d| d.region.clone()).collect();
    assert_eq!(
        regions,
        [Some("甲市".to_string()), Some("丁市".to_string())],
        "{:?}",
        c.warnings
    );
    // The list reads exactly like the same paragraphs in one string.
    assert_eq!(
        c.documents[0].text,
        body("甲市", 2020),
        "one paragraph per line"
    );
    let said = |line: u64, what: &str| {
        c.warnings
            .iter()
            .any(|w| w.line == Some(line) && w.message.contains(what))
    };
    assert!(said(2, "is empty"), "{:?}", c.warnings);
    assert!(said(3, "not a string"), "{:?}", c.warnings);
}

/// A record without the text field the file's other records have (a
/// misspelt key, no text at all, the text in a sub-object) is a warning
/// with its line, in JSON Lines and in a JSON array alike; a file where no
/// record has one stays one warning.
#[test]
fn json_records_without_the_text_field_are_each_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let records = [
        serde_json::json!({"year": 2020, "region": "甲市", "content": body("甲市", 2020)}),
        serde_json::json!({"year": 2021, "region": "乙市", "contnet": body("乙市", 2021)}),
        serde_json::json!({"year": 2022, "region": "丙市"}),
        serde_json::json!({"year": 2023, "region": "丁市", "content": {"p1": body("丁市", 2023)}}),
    ];
    let lines: String = records.iter().map(|l| format!("{l}\n")).collect();
    write(&tmp.path().join("jsonl"), "reports.jsonl", lines.as_bytes());
    let array: String = format!(
        "[\n{}\n]\n",
        records
            .iter()
            .map(|r| r.to_string())
            .collect::<Vec<_>>()
            .join(",\n")
    );
    write(&tmp.path().join("json"), "reports.json", array.as_bytes());
    let none = "{\"year\": 2020, \"name\": \"x\"}\n{\"year\": 2021, \"name\": \"y\"}\n";
    write(&tmp.path().join("none"), "list.jsonl", none.as_bytes());
    for (dir, first) in [("jsonl", 1u64), ("json", 2)] {
        let c = load_dir(&tmp.path().join(dir));
        assert_eq!(c.documents.len(), 1, "{dir}: {:?}", c.warnings);
        for k in 1..4u64 {
            assert!(
                c.warnings.iter().any(|w| w.line == Some(first + k)
                    && w.message.contains("no text field among this record's keys")),
                "{dir}, record {k}: {:?}",
                c.warnings
            );
        }
        assert!(
            c.warnings.iter().any(|w| w.message.contains("contnet")),
            "{:?}",
            c.warnings
        );
    }
    let opts = LoadOptions::builtin().unwrap();
    match analyze::corpus::load(&tmp.path().join("none"), &opts) {
        Err(analyze::Error::NothingRead { reasons, .. }) => {
            assert!(reasons.contains("(1 warning(s) in all)"), "{reasons}");
            assert!(!reasons.contains("among this record's keys"), "{reasons}");
        }
        other => panic!("{:?}", other.map(|c| c.warnings)),
    }
}

/// A saved web article whose only date is the page's publication stamp
/// (`发布时间:… 来源:… 浏览次数:…`, which cleaning drops as page chrome, a
/// lone `日期:` line, or a stamp after the title on its line): the stamp
/// dates it as the last resort (`year_source` published), and the line
/// does not stay in the text. A year the user gave (the file name) wins;
/// the date a site's header shows (the day the page was saved) is no
/// publication date.
#[test]
fn a_page_publication_stamp_dates_an_article_as_the_last_resort() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("pages");
    let put = |rel: &str, text: String| put_file(&root, rel, text);
    let page =
        |title: &str, stamp: &str, year: i32| format!("{title}\n{stamp}\n{}", body("示例市", year));
    put(
        "a/甲.txt",
        page(
            "示例甲市政府工作报告",
            "发布时间：2019-01-15 10:30 来源：示例甲市人民政府 浏览次数：120",
            2019,
        ),
    );
    put(
        "b/乙.txt",
        page("示例乙市政府工作报告", "日期：2018.02.03", 2018),
    );
    put(
        "c/丙.txt",
        page("示例丙市政府工作报告 发布日期：2017-01-20", "", 2017),
    );
    put(
        "d/2016年示例丁市政府工作报告.txt",
        page(
            "示例丁市政府工作报告",
            "发布时间：2017-03-01 来源：示例丁市人民政府 浏览次数：9",
            2016,
        ),
    );
    // A time stamp after the title, as a WeChat byline has it: still the
    // title.
    put(
        "f/己.txt",
        page("示例己市政府工作报告 2015-02-10 09:00", "", 2015),
    );
    // A saved government page: the date its metadata gives.
    put(
        "g/庚.html",
        format!(
            "<html><head><title>示例庚市政府工作报告_示例庚市人民政府</title><meta name=\"PubDate\" content=\"2014-02-20 09:00\"></head><body><div class=\"article\">{}</div></body></html>",
            body("示例庚市", 2014)
                .lines()
                .map(|l| format!("<p>{l}</p>"))
                .collect::<String>()
        ),
    );
    put(
        "e/戊.txt",
        page("示例戊市政府工作报告", "2024年5月1日 星期三", 2024),
    );
    let c = load_dir(&root);
    let mut got: Vec<_> = c
        .documents
        .iter()
        .map(|d| {
            (
                d.title.clone().unwrap_or_default(),
                d.year,
                d.year_source.as_str(),
                d.date.map(|x| x.to_string()).unwrap_or_default(),
                d.date_source.map(|x| x.as_str()).unwrap_or_default(),
            )
        })
        .collect();
    got.sort();
    let row = |t: &str, y, s, d: &str, ds| (t.to_string(), y, s, d.to_string(), ds);
    let p = "published";
    assert_eq!(
        got,
        [
            row("示例丁市政府工作报告", 2016, "file_name", "", ""),
            row("示例丙市政府工作报告", 2017, p, "2017-01-20", p),
            row("示例乙市政府工作报告", 2018, p, "2018-02-03", p),
            row("示例己市政府工作报告", 2015, p, "2015-02-10", p),
            row("示例庚市政府工作报告", 2014, p, "2014-02-20", p),
            row("示例甲市政府工作报告", 2019, p, "2019-01-15", p),
        ],
        "{:?}",
        c.warnings
    );
    let text = |t: &str| {
        let i = c
            .documents
            .iter()
            .position(|d| d.title.as_deref() == Some(t))
            .unwrap();
        c.text(i).unwrap().into_owned()
    };
    // The stamp dropped as chrome is gone from the text; the report's
    // opening is there.
    let a = text("示例甲市政府工作报告");
    assert!(!a.contains("浏览次数") && !a.contains("2019-01-15"), "{a}");
    assert!(a.contains("我代表示例市人民政府"), "{a}");
    // The page with only a site header's date is not dated by it.
    assert!(
        c.warnings
            .iter()
            .any(|w| w.file.contains("戊.txt") && w.message.starts_with("no year")),
        "{:?}",
        c.warnings
    );
}

/// Scrapers' exports: camelCase field names (`publishTime`, `articleContent`)
/// are the listed snake_case ones, and a date field holding a Unix time
/// stamp (seconds or milliseconds) gives the date and year, as a day in
/// China.
#[test]
fn scraper_time_stamps_and_camel_case_field_names() {
    let tmp = tempfile::tempdir().unwrap();
    let rows = [
        // 2019-01-15 08:00 in Beijing, in milliseconds.
        r#"{"title":"示例甲市政府工作报告","publishTime":1547510400000,"content":"各位代表:\n现在,我代表示例甲市人民政府向大会报告工作。"}"#,
        // 2018-01-14 16:30 UTC is 2018-01-15 00:30 in Beijing, in seconds.
        r#"{"title":"示例乙市政府工作报告","Pub-Time":"1515947400","content":"各位代表:\n现在,我代表示例乙市人民政府向大会报告工作。"}"#,
    ];
    write(tmp.path(), "reports.jsonl", rows.join("\n").as_bytes());
    let c = load_dir(tmp.path());
    let got: Vec<_> = c
        .documents
        .iter()
        .map(|d| {
            (
                d.year,
                d.year_source.as_str(),
                d.date.map(|x| x.to_string()),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (2018, "date", Some("2018-01-15".to_string())),
            (2019, "date", Some("2019-01-15".to_string())),
        ],
        "{:?}",
        c.warnings
    );
}

/// Titles that give their year in Chinese numerals, alone in brackets, or
/// spaced out: the year, region and title as written in the usual way.
#[test]
fn title_years_in_numerals_brackets_and_spaced_titles() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let put = |rel: &str, title: &str| {
        put_file(root, rel, format!("{title}\n{}", body("市", 2000)));
    };
    put("a.txt", "二〇一九年示例甲市政府工作报告");
    put("b.txt", "示例乙市政府工作报告（2018）");
    put("c.txt", "示例丙市政府工作报告（二○一七年）");
    put("d.txt", "2015 年 示 例 丁 市 政 府 工 作 报 告");
    let c = load_dir(root);
    let got: Vec<_> = c
        .documents
        .iter()
        .map(|d| {
            (
                d.year,
                d.year_source.as_str(),
                d.region.clone().unwrap_or_default(),
                d.title.clone().unwrap_or_default(),
            )
        })
        .collect();
    let row = |y, r: &str, t: &str| (y, "title", r.to_string(), t.to_string());
    assert_eq!(
        got,
        [
            row(2015, "示例丁市", "2015年示例丁市政府工作报告"),
            row(2017, "示例丙市", "示例丙市政府工作报告(二○一七年)"),
            row(2018, "示例乙市", "示例乙市政府工作报告(2018)"),
            row(2019, "示例甲市", "二〇一九年示例甲市政府工作报告"),
        ],
        "{:?}",
        c.warnings
    );
}

/// Reports kept one paragraph per row (`年份,地区,段落序号,内容`, as text
/// datasets and databases export them), as CSV, workbook and JSON Lines:
/// one document per report, its paragraphs in paragraph-number order
/// (the rows are not), and every paragraph counted. Before, each row was a
/// document and `--duplicates keep-longest` kept one paragraph per report.
#[test]
fn paragraph_per_row_tables_load_one_document_per_report() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("reports");
    // Two reports, five paragraphs each, written in this order of numbers.
    let order = [3usize, 1, 5, 2, 4];
    let paragraph = |region: &str, i: usize| {
        format!(
            "第{i}段：{region}{}推进乡村振兴。",
            "加快发展数字经济，".repeat(i)
        )
    };
    let reports = [(2019, "示例甲市"), (2020, "示例乙市")];
    let rows: Vec<(i32, &str, usize, String)> = reports
        .iter()
        .flat_map(|&(y, r)| order.iter().map(move |&i| (y, r, i, paragraph(r, i))))
        .collect();
    let mut csv = String::from("年份,地区,段落序号,内容\n");
    for (y, r, i, t) in &rows {
        csv.push_str(&format!("{y},{r},{i},{t}\n"));
    }
    put_file(&root, "csv/paragraphs.csv", csv);
    // A paragraph column under a name of its own, named in corpus.toml.
    let mut named = String::from("year,region,pid,text\n");
    for (y, r, i, t) in &rows {
        named.push_str(&format!("{y},{r},{i},{t}\n"));
    }
    put_file(&root, "toml/paragraphs.csv", named);
    put_file(
        &root,
        "toml/corpus.toml",
        "[fields]\nparagraph = \"pid\"\n".into(),
    );
    let jsonl: String = rows
        .iter()
        .map(|(y, r, i, t)| {
            format!(
                "{}\n",
                serde_json::json!({"year": y, "region": r, "para": i, "text": t})
            )
        })
        .collect();
    put_file(&root, "jsonl/paragraphs.jsonl", jsonl);
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["年份", "城市", "段落", "正文"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (n, (y, r, i, t)) in rows.iter().enumerate() {
        let row = n as u32 + 1;
        ws.write_number(row, 0, f64::from(*y)).unwrap();
        ws.write_string(row, 1, *r).unwrap();
        ws.write_number(row, 2, *i as f64).unwrap();
        ws.write_string(row, 3, t).unwrap();
    }
    std::fs::create_dir_all(root.join("xlsx")).unwrap();
    wb.save(root.join("xlsx/paragraphs.xlsx")).unwrap();

    for sub in ["csv", "jsonl", "xlsx", "toml"] {
        let c = load_dir(&root.join(sub));
        let got: Vec<(i32, String)> = c
            .documents
            .iter()
            .map(|d| (d.year, d.region.clone().unwrap_or_default()))
            .collect();
        assert_eq!(
            got,
            [
                (2019, "示例甲市".to_string()),
                (2020, "示例乙市".to_string())
            ],
            "{sub}: {:?}",
            c.warnings
        );
        assert!(c.warnings.is_empty(), "{sub}: {:?}", c.warnings);
        for (d, &(_, region)) in c.documents.iter().zip(&reports) {
            let expected: Vec<String> = (1..=5).map(|i| paragraph(region, i)).collect();
            // Cleaning applies NFKC: full-width punctuation becomes ASCII.
            let expected = expected.join("\n").replace('：', ":").replace('，', ",");
            assert_eq!(d.text, expected, "{sub}");
        }
        // The mapping says where the paragraph numbers came from.
        let fields = c.files[0].fields.as_ref().unwrap();
        assert!(fields.paragraph.is_some(), "{sub}: {fields:?}");
    }

    // Every paragraph counted: 数字经济 1+2+3+4+5 times per report, as a
    // raw count over the rows says.
    let raw: usize = rows
        .iter()
        .map(|(.., t)| t.matches("数字经济").count())
        .sum();
    assert_eq!(raw, 30);
    let out = tmp.path().join("out");
    let o = analyze(
        &[
            "trends",
            root.join("csv").to_str().unwrap(),
            "--terms",
            "数字经济",
            "--no-cache",
            "--quiet",
            "--out",
            out.to_str().unwrap(),
            "--name",
            "run",
        ],
        tmp.path(),
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let counts: usize = common::csv_rows(&out.join("run/term_trends.csv"))
        .iter()
        .map(|r| r["substring_count"].parse::<usize>().unwrap())
        .sum();
    assert_eq!(counts, raw);
    let o = analyze(&["corpus", "reports/csv"], tmp.path());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    assert!(stderr.contains("paragraph=段落序号"), "{stderr}");

    // Without a paragraph column: the rows hold paragraphs and each run of
    // rows shares its year and region, so they are still joined, in row
    // order (there are no numbers to sort by), with a warning that says so
    // and how to keep rows apart. As CSV, JSON Lines and a one-sheet
    // workbook (read row by row unless its rows are paragraphs).
    let mut plain = String::from("年份,地区,内容\n");
    for (y, r, _, t) in &rows {
        plain.push_str(&format!("{y},{r},{t}\n"));
    }
    put_file(&root, "plain/paragraphs.csv", plain.clone());
    let jsonl: String = rows
        .iter()
        .map(|(y, r, _, t)| {
            format!(
                "{}\n",
                serde_json::json!({"year": y, "region": r, "text": t})
            )
        })
        .collect();
    put_file(&root, "plain-jsonl/paragraphs.jsonl", jsonl);
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["年份", "城市", "正文"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (n, (y, r, _, t)) in rows.iter().enumerate() {
        let row = n as u32 + 1;
        ws.write_number(row, 0, f64::from(*y)).unwrap();
        ws.write_string(row, 1, *r).unwrap();
        ws.write_string(row, 2, t).unwrap();
    }
    std::fs::create_dir_all(root.join("plain-xlsx")).unwrap();
    wb.save(root.join("plain-xlsx/paragraphs.xlsx")).unwrap();
    for sub in ["plain", "plain-jsonl", "plain-xlsx"] {
        let c = load_dir(&root.join(sub));
        assert_eq!(c.documents.len(), 2, "{sub}: {:?}", c.warnings);
        for (d, &(_, region)) in c.documents.iter().zip(&reports) {
            let expected: Vec<String> = order.iter().map(|&i| paragraph(region, i)).collect();
            let expected = expected.join("\n").replace('：', ":").replace('，', ",");
            assert_eq!(d.text, expected, "{sub}");
        }
        assert_eq!(c.warnings.len(), 1, "{sub}: {:?}", c.warnings);
        let w = c.warnings[0].to_string();
        assert!(w.contains("10 rows joined into 2 report(s)"), "{sub}: {w}");
        assert!(w.contains("rows = \"reports\""), "{sub}: {w}");
        assert!(c.files[0].fields.as_ref().unwrap().rows_joined, "{sub}");
    }
    // `rows = "reports"` keeps them apart: each row a document, and the
    // duplicate warnings say how to join them.
    put_file(&root, "apart/paragraphs.csv", plain.clone());
    put_file(
        &root,
        "apart/corpus.toml",
        "[fields]\nrows = \"reports\"\n".into(),
    );
    let c = load_dir(&root.join("apart"));
    assert_eq!(c.documents.len(), 2);
    assert_eq!(c.warnings.len(), 8, "{:?}", c.warnings);
    assert!(
        c.warnings.iter().all(|w| w
            .to_string()
            .contains("number them in a paragraph column (段落序号")),
        "{:?}",
        c.warnings
    );
    // `rows = "paragraphs"` joins them without a warning.
    put_file(&root, "together/paragraphs.csv", plain);
    put_file(
        &root,
        "together/corpus.toml",
        "[fields]\nrows = \"paragraphs\"\n".into(),
    );
    let c = load_dir(&root.join("together"));
    assert_eq!(c.documents.len(), 2);
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    // A table of one report per row is left alone, though its texts are
    // short: neighbours differ.
    let mut yearly = String::from("年份,地区,内容\n");
    for (n, (_, r, _, t)) in rows.iter().enumerate() {
        yearly.push_str(&format!("{},{r},{t}\n", 2000 + n));
    }
    put_file(&root, "yearly/reports.csv", yearly);
    let c = load_dir(&root.join("yearly"));
    assert_eq!(c.documents.len(), 10, "{:?}", c.warnings);
    // Nothing joined; a text shorter than a title is said to be a fragment.
    assert!(
        (c.warnings.iter()).all(|w| w.message.contains("a title or a fragment")),
        "{:?}",
        c.warnings
    );
}

/// A report pasted into a workbook, a paragraph per row down one column
/// with no header (or exported so by a PDF or OCR tool): one document per
/// sheet, its title, dateline and region read from its head like any text,
/// the year from the text or the sheet's name. Before, every such sheet was
/// "not a report table" (and the warning suggested taking the title as the
/// text column). A sheet that is a list of short values is still refused.
#[test]
fn reports_written_down_a_column_of_a_sheet() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("reports");
    std::fs::create_dir_all(&root).unwrap();
    let paragraphs = |region: &str, year: i32| -> Vec<String> {
        let mut p = vec![
            format!("{year}年{region}政府工作报告"),
            format!("——{year}年1月10日在{region}第十五届人民代表大会第三次会议上"),
        ];
        p.extend(body(region, year).lines().map(str::to_string));
        p.push(format!(
            "{year}年,我们将加快发展数字经济,推进乡村振兴,推动高质量发展,为建设美好家园而努力奋斗!"
        ));
        p
    };
    let mut wb = rust_xlsxwriter::Workbook::new();
    for year in [2019, 2020] {
        let ws = wb.add_worksheet();
        ws.set_name(format!("{year}年")).unwrap();
        for (r, p) in paragraphs("示例甲市", year).iter().enumerate() {
            ws.write_string(r as u32 + 1, 0, p).unwrap();
        }
    }
    // A sheet listing the cities: not a report.
    let ws = wb.add_worksheet();
    ws.set_name("目录").unwrap();
    for (r, c) in ["城市", "示例甲市", "示例乙市"].iter().enumerate() {
        ws.write_string(r as u32, 0, *c).unwrap();
    }
    wb.save(root.join("示例甲市报告.xlsx")).unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, p) in paragraphs("示例乙市", 2021).iter().enumerate() {
        ws.write_string(r as u32, 0, p).unwrap();
    }
    wb.save(root.join("2021年示例乙市.xlsx")).unwrap();

    let c = load_dir(&root);
    let got: Vec<(i32, String, Option<Date>, Option<String>)> = c
        .documents
        .iter()
        .map(|d| {
            (
                d.year,
                d.region.clone().unwrap_or_default(),
                d.date,
                d.title.clone(),
            )
        })
        .collect();
    let date = |y| Date::new(y, 1, 10);
    assert_eq!(
        got,
        [
            (
                2019,
                "示例甲市".into(),
                date(2019),
                Some("2019年示例甲市政府工作报告".into())
            ),
            (
                2020,
                "示例甲市".into(),
                date(2020),
                Some("2020年示例甲市政府工作报告".into())
            ),
            (
                2021,
                "示例乙市".into(),
                date(2021),
                Some("2021年示例乙市政府工作报告".into())
            ),
        ],
        "{:?}",
        c.warnings
    );
    // Every paragraph is in the text, in order.
    for (d, (region, year)) in
        c.documents
            .iter()
            .zip([("示例甲市", 2019), ("示例甲市", 2020), ("示例乙市", 2021)])
    {
        let mut at = 0;
        for p in paragraphs(region, year).iter().skip(2) {
            let p = p.replace('：', ":");
            let found = d.text[at..].find(&p);
            assert!(found.is_some(), "{p:?} not in order in {:?}", d.text);
            at += found.unwrap_or(0) + p.len();
        }
    }
    assert_eq!(c.documents[0].source_row, None);
    assert!(
        c.documents[0].source().contains("[2019年]"),
        "{}",
        c.documents[0].source()
    );
    // The list sheet: still a warning, and nothing else.
    assert_eq!(c.warnings.len(), 1, "{:?}", c.warnings);
    assert!(
        c.warnings[0]
            .to_string()
            .contains("sheet \"目录\" skipped, not a report table"),
        "{}",
        c.warnings[0]
    );
}

/// The date of a report written alone on a line: under the title
/// (`(2019年1月15日)`, `2019.01.15`, also after the session line, as many
/// printed reports have it) it is the delivery date; on one of the last two
/// lines (`示例市人民政府` / `2019年1月20日`, or both on one line) it is
/// the signature's. Each gives the year and the date when nothing stronger
/// does; a date in the body gives nothing.
#[test]
fn dates_alone_under_the_title_and_in_the_signature() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("reports");
    let put = |rel: &str, text: String| put_file(&root, rel, text);
    // Paragraphs separated by blank lines, as web copies have them: single
    // line breaks inside the head must not join the date to its neighbour.
    let blank = |s: String| s.replace('\n', "\n\n");
    put(
        "甲.txt",
        format!(
            "示例甲市政府工作报告\n(2019年1月15日)\n{}",
            body("示例甲市", 2019)
        ),
    );
    put(
        "乙.txt",
        format!(
            "政 府 工 作 报 告\n——在示例乙市第一届人民代表大会第二次会议上\n二〇〇五年三月二十二日\n代市长 李某某\n\n{}",
            blank(body("示例乙市", 2005))
        ),
    );
    put(
        "丙.txt",
        format!(
            "示例丙市政府工作报告\n2021.02.03\n{}",
            body("示例丙市", 2021)
        ),
    );
    put(
        "丁.txt",
        format!(
            "政府工作报告\n\n{}\n示例丁市人民政府\n2018年1月20日\n",
            blank(body("示例丁市", 2018))
        ),
    );
    put(
        "戊.txt",
        format!(
            "政府工作报告\n{}\n示例戊市人民政府 二〇一七年二月八日",
            body("示例戊市", 2017)
        ),
    );
    // A date in the body, not alone in the head or at the end: no year.
    put(
        "己.txt",
        format!(
            "政府工作报告\n{}\n2016年1月9日,全市召开大会。\n今年要继续努力。",
            body("示例己市", 2016)
        ),
    );
    let c = load_dir(&root);
    let mut got: Vec<_> = c
        .documents
        .iter()
        .map(|d| {
            (
                d.region.clone().unwrap_or_default(),
                d.year,
                d.date.map(|x| x.to_string()).unwrap_or_default(),
                d.year_source.as_str(),
            )
        })
        .collect();
    got.sort();
    let row = |r: &str, y, d: &str, s| (r.to_string(), y, d.to_string(), s);
    assert_eq!(
        got,
        [
            row("示例丁市", 2018, "2018-01-20", "signature"),
            row("示例丙市", 2021, "2021-02-03", "dateline"),
            row("示例乙市", 2005, "2005-03-22", "dateline"),
            row("示例戊市", 2017, "2017-02-08", "signature"),
            row("示例甲市", 2019, "2019-01-15", "dateline"),
        ]
    );
    // The head lines stay lines of their own; the body is intact.
    let yi = c.documents.iter().find(|d| d.year == 2005).unwrap();
    assert!(
        yi.text.contains("\n二〇〇五年三月二十二日\n"),
        "{}",
        yi.text
    );
    // The session line above the date gives the session.
    assert_eq!(yi.session.as_deref(), Some("第一届人民代表大会第二次会议"));
    assert!(
        c.warnings
            .iter()
            .any(|w| w.message.contains("no year") && w.file.ends_with("己.txt")),
        "{:?}",
        c.warnings
    );
}

/// UTF-16 saved without a byte-order mark (little- and big-endian, CRLF):
/// read by its line breaks, like the same text with a mark.
#[test]
fn utf16_text_without_a_byte_order_mark() {
    let tmp = tempfile::tempdir().unwrap();
    let text = format!(
        "2019年示例市政府工作报告\r\n{}",
        body("示例市", 2019).replace('\n', "\r\n")
    );
    let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    write(tmp.path(), "le/2019.txt", &le);
    write(tmp.path(), "be/2019.txt", &be);
    for (dir, name) in [("le", "UTF-16LE"), ("be", "UTF-16BE")] {
        let c = load_dir(&tmp.path().join(dir));
        assert_eq!(c.documents.len(), 1, "{dir}: {:?}", c.warnings);
        let d = &c.documents[0];
        assert_eq!(d.encoding, name);
        assert_eq!(d.region.as_deref(), Some("示例市"));
        assert_eq!(
            d.text.matches("数字经济").count(),
            text.matches("数字经济").count()
        );
        assert!(!d.text.contains('\0'));
    }
}

/// A region column written with short names (`北京`, `成都`, `内蒙古`,
/// `海拉尔`) gives the full names, levels and provinces a folder of the
/// same names gives; a full name and an unknown name stay as written, and
/// a short name two places share (长沙) is settled by the opening
/// (`我代表市人民政府`: the city).
#[test]
fn short_region_names_in_a_region_column() {
    let tmp = tempfile::tempdir().unwrap();
    let mut csv = String::from("年份,地区,正文\n");
    for (i, r) in [
        "北京",
        "成都",
        "内蒙古",
        "海拉尔",
        "示例市",
        "示例乙",
        "长沙",
    ]
    .iter()
    .enumerate()
    {
        let text = body("市", 2010 + i as i32).replace('\n', " ");
        csv.push_str(&format!("{},{r},\"{text}\"\n", 2010 + i));
    }
    write(tmp.path(), "r/reports.csv", csv.as_bytes());
    let got = placed(&load_dir(&tmp.path().join("r")));
    let row = |y, r: &str, l, p: &str| (y, r.to_string(), l, p.to_string());
    assert_eq!(
        got,
        [
            row(2010, "北京市", "province", "北京市"),
            row(2011, "成都市", "city", "四川省"),
            row(2012, "内蒙古自治区", "province", "内蒙古自治区"),
            row(2013, "海拉尔区", "county", "内蒙古自治区"),
            row(2014, "示例市", "city", ""),
            row(2015, "示例乙", "", ""),
            row(2016, "长沙市", "city", "湖南省"),
        ]
    );
}

/// A table with a city's column and a county's (`地级市` and `区县`, `城市`
/// and `区县` in JSON Lines, `city` and `district`): the county is the
/// region, the city's value taken where the county's cell is blank (the
/// city's own report); a county column named `县（市、区）` or `县(区)` is
/// one too.
#[test]
fn a_county_column_beside_a_city_column_is_the_region() {
    let tmp = tempfile::tempdir().unwrap();
    let text = |year| body("区", year).replace('\n', " ");
    let mut csv = String::from("省份,地级市,区县,年份,全文\n");
    for (i, county) in ["鹿城区", "龙湾区", "瓯海区", ""].iter().enumerate() {
        let year = 2018 + i as i32;
        csv.push_str(&format!(
            "浙江省,温州市,{county},{year},\"{}\"\n",
            text(year)
        ));
    }
    write(tmp.path(), "csv/wz.csv", csv.as_bytes());
    let got = placed(&load_dir(&tmp.path().join("csv")));
    let row = |y, r: &str, l, p: &str| (y, r.to_string(), l, p.to_string());
    let want = [
        row(2018, "鹿城区", "county", "浙江省"),
        row(2019, "龙湾区", "county", "浙江省"),
        row(2020, "瓯海区", "county", "浙江省"),
        row(2021, "温州市", "city", "浙江省"),
    ];
    assert_eq!(got, want);
    let mut jsonl = String::new();
    for (i, county) in ["鹿城区", "龙湾区", "瓯海区", ""].iter().enumerate() {
        let year = 2018 + i as i32;
        jsonl.push_str(&format!(
            "{{\"城市\": \"温州市\", \"区县\": \"{county}\", \"年份\": {year}, \"正文\": \"{}\"}}\n",
            text(year)
        ));
    }
    write(tmp.path(), "jsonl/wz.jsonl", jsonl.as_bytes());
    let c = load_dir(&tmp.path().join("jsonl"));
    assert_eq!(placed(&c), want);
    let fields = c.files[0].fields.as_ref().unwrap().describe();
    assert!(fields.contains("region=区县 (else 城市)"), "{fields}");
    for header in ["县（市、区）", "县(区)", "市（州）"] {
        let dir = tmp.path().join(format!("h{}", header.len()));
        let csv = format!("{header},年份,报告全文\n莲都区,2019,\"{}\"\n", text(2019));
        write(&dir, "各县2019.csv", csv.as_bytes());
        let got = placed(&load_dir(&dir));
        assert_eq!(got, [row(2019, "莲都区", "county", "浙江省")], "{header}");
    }
}

/// File and folder names written in pinyin or English (`Guangdong_2019.txt`,
/// `Inner Mongolia/2020.txt`, `BeijingReport2021.txt`), as researchers
/// outside China name them: the province or city they spell, its level
/// and province; a spelling two cities share (suzhou) gives none.
#[test]
fn file_and_folder_names_in_pinyin() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("reports");
    let put = |rel: &str, text: String| put_file(&root, rel, text);
    put("Guangdong_2019.txt", body("省", 2019));
    put("Inner Mongolia/2020.txt", body("自治区", 2020));
    put("BeijingReport2021.txt", body("市", 2021));
    put("chengdu/2022.txt", body("市", 2022));
    put("suzhou_2023.txt", body("市", 2023));
    let mut got = placed(&load_dir(&root));
    got.sort();
    let row = |y, r: &str, l, p: &str| (y, r.to_string(), l, p.to_string());
    assert_eq!(
        got,
        [
            row(2019, "广东省", "province", "广东省"),
            row(2020, "内蒙古自治区", "province", "内蒙古自治区"),
            row(2021, "北京市", "province", "北京市"),
            row(2022, "成都市", "city", "四川省"),
            row(2023, "", "", ""),
        ]
    );
}

/// A region field that the report's own dateline contradicts (the wrong
/// report filed in a row, or a place renamed since) is a warning naming
/// both; a short name, a name within its province, or no place in the
/// dateline is none.
#[test]
fn a_region_field_that_the_dateline_contradicts_is_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let report = |place: &str, year: i32| {
        format!(
            "政府工作报告\n——{year}年2月1日在{place}第五届人民代表大会第三次会议上\n{}",
            body(place, year)
        )
        .replace('\n', " ")
    };
    let mut csv = String::from("年份,地区,正文\n");
    for (year, field, place) in [
        (2011, "示例甲市", "示例乙市"), // the wrong report in the row
        (2012, "示例甲市", "示例甲市"),
        (2013, "示例甲", "示例甲市"), // short in the field
        (2014, "湖南省示例甲市", "示例甲市"),
    ] {
        csv.push_str(&format!("{year},{field},\"{}\"\n", report(place, year)));
    }
    // No place in the dateline (`在市第五届…`).
    csv.push_str(&format!("2015,示例甲市,\"{}\"\n", report("市", 2015)));
    write(tmp.path(), "r/reports.csv", csv.as_bytes());
    let c = load_dir(&tmp.path().join("r"));
    assert_eq!(c.documents.len(), 5, "{:?}", c.warnings);
    let w: Vec<String> = c.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].contains("reports.csv:2")
            && w[0].contains(
                "the region is 示例甲市 (field), but the text's own dateline says 示例乙市"
            ),
        "{w:?}"
    );
}

/// The same check for a region set in corpus.toml, which the warning names.
#[test]
fn a_region_in_corpus_toml_that_the_dateline_contradicts_is_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("示例甲市");
    put_file(
        &dir,
        "2016.txt",
        format!(
            "政府工作报告\n——2016年2月1日在示例乙市第五届人民代表大会第三次会议上\n{}",
            body("示例乙市", 2016)
        ),
    );
    put_file(
        &dir,
        "corpus.toml",
        "[metadata]\nregion = \"示例甲市\"\n".into(),
    );
    let c = load_dir(&dir);
    assert_eq!(
        placed(&c),
        [(2016, "示例甲市".to_string(), "city", String::new())]
    );
    let w: Vec<String> = c.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].contains(
            "the region is 示例甲市 (corpus.toml), but the text's own dateline says 示例乙市"
        ),
        "{w:?}"
    );
}

#[test]
fn a_dateline_outranks_a_publication_date_field_but_not_a_plain_date() {
    // Web collections carry the day a page went online (`publish_date`,
    // 发布时间), one to three weeks after the report was delivered; the
    // report's own dateline says when it was delivered.
    let tmp = tempfile::tempdir().unwrap();
    let text = |region: &str| {
        format!(
            "政府工作报告\n——2026年1月14日在{region}第十四届人民代表大会第四次会议上\n{}",
            body(region, 2026)
        )
    };
    // A scraper's CSV: publish_date.
    write(
        tmp.path(),
        "published/reports.csv",
        format!(
            "province,year,publish_date,full_text\n示例省,2026,2026-01-22,{}\n",
            csv_field(text("示例省"))
        )
        .as_bytes(),
    );
    // A spreadsheet export with 发布时间, and one row without a dateline.
    write(
        tmp.path(),
        "chinese/reports.csv",
        format!(
            "地区,年份,发布时间,正文\n甲市,2026,2026年2月3日,{}\n乙市,2026,2026年2月5日,{}\n",
            csv_field(text("甲市")),
            csv_field(body("乙市", 2026))
        )
        .as_bytes(),
    );
    // JSON Lines with publishedAt.
    write(
        tmp.path(),
        "jsonl/reports.jsonl",
        format!(
            "{}\n",
            serde_json::json!({"region": "丙市", "year": 2026, "publishedAt": "2026-02-09", "content": text("丙市")})
        )
        .as_bytes(),
    );
    // A plain `date` column is the user's date: kept.
    write(
        tmp.path(),
        "plain/reports.csv",
        format!(
            "region,year,date,text\n丁市,2026,2026-01-20,{}\n",
            csv_field(text("丁市"))
        )
        .as_bytes(),
    );
    // `[fields] date = "publish_date"` in corpus.toml: the user's choice.
    write(
        tmp.path(),
        "chosen/reports.csv",
        format!(
            "region,year,publish_date,text\n戊市,2026,2026-02-12,{}\n",
            csv_field(text("戊市"))
        )
        .as_bytes(),
    );
    write(
        tmp.path(),
        "chosen/corpus.toml",
        b"[fields]\ndate = \"publish_date\"\n",
    );
    let c = load_dir(tmp.path());
    let mut got: Vec<_> = c
        .documents
        .iter()
        .map(|d| (d.region.clone().unwrap_or_default(), d.date))
        .collect();
    got.sort();
    let mut want = vec![
        ("示例省".to_string(), Date::new(2026, 1, 14)),
        ("甲市".to_string(), Date::new(2026, 1, 14)),
        // No dateline: the publication date is all there is.
        ("乙市".to_string(), Date::new(2026, 2, 5)),
        ("丙市".to_string(), Date::new(2026, 1, 14)),
        ("丁市".to_string(), Date::new(2026, 1, 20)),
        ("戊市".to_string(), Date::new(2026, 2, 12)),
    ];
    want.sort();
    assert_eq!(got, want, "{:?}", c.warnings);
    // The manifest's field mapping says which date fields were read as
    // publication dates.
    let published: Vec<bool> = [
        "published/reports.csv",
        "plain/reports.csv",
        "chosen/reports.csv",
    ]
    .iter()
    .map(|f| {
        c.files
            .iter()
            .find(|x| x.path.ends_with(f))
            .and_then(|x| x.fields.as_ref())
            .is_some_and(|m| m.date_is_publication)
    })
    .collect();
    assert_eq!(published, [true, false, false]);
}

/// `date_source` says where each date came from, so that a delivery date
/// (a dateline, a signature) can be told from a page's publication date.
#[test]
fn every_date_says_where_it_came_from() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "field/reports.csv",
        format!(
            "region,year,date,text\n甲市,2019,2019-01-10,{}\n",
            csv_field(body("甲市", 2019))
        )
        .as_bytes(),
    );
    write(
        tmp.path(),
        "header/乙区.txt",
        format!(
            "标题：2015年乙区政府工作报告\n发文时间：2015-04-21\n正文：\n{}",
            body("乙区", 2015)
        )
        .as_bytes(),
    );
    write(
        tmp.path(),
        "dateline/丙区.txt",
        format!(
            "政府工作报告\n——2016年2月19日在丙区第十四届人民代表大会第五次会议上\n{}",
            body("丙区", 2016)
        )
        .as_bytes(),
    );
    write(
        tmp.path(),
        "name/2023-01-05 丁市政府工作报告.txt",
        body("丁市", 2023).as_bytes(),
    );
    write(
        tmp.path(),
        "signature/2018年戊市政府工作报告.txt",
        format!("{}\n戊市人民政府\n2018年1月20日\n", body("戊市", 2018)).as_bytes(),
    );
    write(
        tmp.path(),
        "title/庚市.txt",
        format!("庚市政府工作报告（2021年1月15日）\n{}", body("庚市", 2021)).as_bytes(),
    );
    write(
        tmp.path(),
        "none/2017年己市政府工作报告.txt",
        body("己市", 2017).as_bytes(),
    );
    let c = load_dir(tmp.path());
    let mut got: Vec<_> = c
        .documents
        .iter()
        .map(|d| {
            (
                d.region.clone().unwrap_or_default(),
                d.date.map(|x| x.to_string()).unwrap_or_default(),
                d.date_source.map(|x| x.as_str()).unwrap_or_default(),
            )
        })
        .collect();
    got.sort();
    let row = |r: &str, d: &str, s| (r.to_string(), d.to_string(), s);
    let mut want = vec![
        row("甲市", "2019-01-10", "field"),
        row("乙区", "2015-04-21", "header"),
        row("丙区", "2016-02-19", "dateline"),
        row("丁市", "2023-01-05", "file_name"),
        row("戊市", "2018-01-20", "signature"),
        row("己市", "", ""),
        row("庚市", "2021-01-15", "title"),
    ];
    want.sort();
    assert_eq!(got, want, "{:?}", c.warnings);
    // The documents table carries it, empty where there is no date.
    let df = analyze::report::tables::documents_frame(&c.documents).unwrap();
    assert_eq!(df.column("date_source").unwrap().null_count(), 1);
}

#[test]
fn the_year_of_a_publication_date_yields_to_a_datelines_of_another_year() {
    // An archive page put online years after the report was delivered: the
    // year and the date both come from the dateline, never one from each.
    let tmp = tempfile::tempdir().unwrap();
    let text = |dateline: &str, region: &str, year: i32| {
        format!(
            "政府工作报告\n——{dateline}在{region}第三届人民代表大会第四次会议上\n{}",
            body(region, year)
        )
    };
    write(
        tmp.path(),
        "archive/reports.csv",
        format!(
            "region,publish_date,text\n甲市,2019-05-06,{}\n乙市,2016-01-05,{}\n丙市,2019-05-06,{}\n丁市,2019-05-06,{}\n",
            // Delivered in 2015, put online in 2019.
            csv_field(text("2015年2月10日", "甲市", 2015)),
            // Delivered in December for the next year, published in it.
            csv_field(text("2015年12月28日", "乙市", 2016)),
            // A dateline with a year but no day: the 2019 date is not the
            // report's.
            csv_field(text("2015年", "丙市", 2015)),
            // No dateline: the publication date is all there is.
            csv_field(body("丁市", 2019)),
        )
        .as_bytes(),
    );
    // A plain `date` column is the user's: its year stands.
    write(
        tmp.path(),
        "plain/reports.csv",
        format!(
            "region,date,text\n戊市,2019-05-06,{}\n",
            csv_field(text("2015年2月10日", "戊市", 2015))
        )
        .as_bytes(),
    );
    // A key–value header's 发布时间 likewise.
    write(
        tmp.path(),
        "己区.txt",
        format!(
            "标题：己区政府工作报告\n发布时间：2019-05-06\n正文：\n{}",
            text("2015年2月10日", "己区", 2015)
        )
        .as_bytes(),
    );
    let c = load_dir(tmp.path());
    let mut got: Vec<_> = c
        .documents
        .iter()
        .map(|d| {
            (
                d.region.clone().unwrap_or_default(),
                d.year,
                d.year_source,
                d.date,
                d.date_source.map(|x| x.as_str()),
            )
        })
        .collect();
    got.sort_by(|a, b| a.0.cmp(&b.0));
    let row = |r: &str, y, ys, d, ds| (r.to_string(), y, ys, d, ds);
    let (dl, field) = (Some("dateline"), Some("field"));
    let mut want = vec![
        row(
            "甲市",
            2015,
            YearSource::Dateline,
            Date::new(2015, 2, 10),
            dl,
        ),
        row("乙市", 2016, YearSource::Date, Date::new(2015, 12, 28), dl),
        row("丙市", 2015, YearSource::Dateline, None, None),
        row("丁市", 2019, YearSource::Date, Date::new(2019, 5, 6), field),
        row("戊市", 2019, YearSource::Date, Date::new(2019, 5, 6), field),
        row(
            "己区",
            2015,
            YearSource::Dateline,
            Date::new(2015, 2, 10),
            dl,
        ),
    ];
    want.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(got, want, "{:?}", c.warnings);
}

#[test]
fn a_dateline_outranks_a_headers_publication_date_but_not_its_issue_date() {
    let tmp = tempfile::tempdir().unwrap();
    let text = |key: &str, region: &str| {
        format!(
            "标题：2015年{region}政府工作报告\n{key}：2015-03-20\n正文：\n政府工作报告\n——2015年2月10日在{region}第三届人民代表大会第四次会议上\n{}",
            body(region, 2015)
        )
    };
    write(
        tmp.path(),
        "published.txt",
        text("发布时间", "甲区").as_bytes(),
    );
    write(
        tmp.path(),
        "english.txt",
        text("Published", "乙区").as_bytes(),
    );
    write(
        tmp.path(),
        "issued.txt",
        text("发文时间", "丙区").as_bytes(),
    );
    let c = load_dir(tmp.path());
    let mut got: Vec<_> = c
        .documents
        .iter()
        .map(|d| (d.region.clone().unwrap_or_default(), d.year, d.date))
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            ("丙区".into(), 2015, Date::new(2015, 3, 20)),
            ("乙区".into(), 2015, Date::new(2015, 2, 10)),
            ("甲区".into(), 2015, Date::new(2015, 2, 10)),
        ],
        "{:?}",
        c.warnings
    );
}

/// Empty files and tables without a row of text are warnings naming the
/// file, in every format; a folder of nothing else says why nothing was
/// read, and how many warnings there are beyond the ones it shows.
#[test]
fn empty_files_and_files_without_rows_are_warnings() {
    let tmp = tempfile::tempdir().unwrap();
    for name in ["a.csv", "b.jsonl", "c.txt", "d.xlsx"] {
        write(tmp.path(), name, b"");
    }
    write(tmp.path(), "e.csv", "年份,地区,正文\n".as_bytes());
    write(tmp.path(), "f.jsonl", b"\n\n");
    let err = match load(tmp.path(), &LoadOptions::builtin().unwrap()) {
        Ok(c) => panic!("{} documents read from nothing", c.documents.len()),
        Err(e) => e.to_string(),
    };
    assert!(
        err.contains("a.csv: the file is empty (0 bytes); skipped"),
        "{err}"
    );
    assert!(
        err.ends_with("(6 warnings in all, the first 3 shown)"),
        "{err}"
    );

    write(tmp.path(), "2019.txt", body("市", 2019).as_bytes());
    let c = load_dir(tmp.path());
    assert_eq!(c.documents.len(), 1);
    let said = |file: &str| {
        c.warnings
            .iter()
            .filter(|w| w.file.ends_with(file))
            .map(|w| w.message.as_str())
            .collect::<Vec<_>>()
    };
    for name in ["a.csv", "b.jsonl", "c.txt", "d.xlsx"] {
        assert_eq!(
            said(name),
            ["the file is empty (0 bytes); skipped"],
            "{name}"
        );
    }
    assert_eq!(
        said("e.csv"),
        ["no report in this file (a csv with no row of text); skipped"]
    );
    assert_eq!(
        said("f.jsonl"),
        ["no report in this file (a jsonl with no row of text); skipped"]
    );
    // The empty files are listed with the files read, so that the
    // manifest records the whole input.
    for name in ["a.csv", "b.jsonl", "c.txt", "d.xlsx"] {
        let f = c
            .files
            .iter()
            .find(|f| f.path.ends_with(name))
            .unwrap_or_else(|| panic!("{name} not listed"));
        assert_eq!((f.bytes, f.documents), (0, 0), "{name}");
        assert_eq!(
            f.sha256,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}

/// A text without a title of its own takes its file name as the title when
/// the name names the report; a bare year or an id is no title.
#[test]
fn a_file_name_that_names_the_report_is_the_title_of_last_resort() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "白山市2019年政府工作报告.txt",
        body("市", 2019).as_bytes(),
    );
    write(tmp.path(), "2020.txt", body("示例市", 2020).as_bytes());
    let titled = format!("2021年示例市政府工作报告\n{}", body("市", 2021));
    write(
        tmp.path(),
        "另一个名字的政府工作报告.txt",
        titled.as_bytes(),
    );
    let c = load_dir(tmp.path());
    let titles: Vec<(i32, Option<&str>)> = c
        .documents
        .iter()
        .map(|d| (d.year, d.title.as_deref()))
        .collect();
    assert_eq!(
        titles,
        [
            (2019, Some("白山市2019年政府工作报告")),
            (2020, None),
            (2021, Some("2021年示例市政府工作报告")),
        ]
    );
    assert_eq!(c.documents[0].year_source, YearSource::FileName);
    assert_eq!(c.documents[0].region.as_deref(), Some("白山市"));
}

#[test]
fn identical_texts_under_several_years_keep_the_year_their_review_implies() {
    // A source that copied one report (its review looks back on 2009) into
    // the rows of 2005 to 2010: the 2010 row is kept, whatever the order.
    let tmp = tempfile::tempdir().unwrap();
    let text = body("示例市", 2010).replace('"', "\"\"");
    let mut csv = String::from("年份,地区,报告全文\n");
    for y in [2005, 2010, 2007] {
        csv.push_str(&format!("{y},示例市,\"{text}\"\n"));
    }
    write(tmp.path(), "reports.csv", csv.as_bytes());
    let c = load_dir(tmp.path());
    let years: Vec<i32> = c.documents.iter().map(|d| d.year).collect();
    assert_eq!(years, [2010], "{:?}", c.warnings);
    let dropped: Vec<&str> = c
        .warnings
        .iter()
        .filter(|w| w.message.contains("review section"))
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(dropped.len(), 2, "{:?}", c.warnings);
}

#[test]
fn a_file_named_for_another_year_than_its_folder_is_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        &tmp.path().join("2019"),
        "2020.txt",
        body("示例市", 2020).as_bytes(),
    );
    let c = load_dir(tmp.path());
    assert_eq!(c.documents[0].year, 2020);
    assert!(
        c.warnings.iter().any(|w| w
            .message
            .contains("the file name says 2020, its folder 2019")),
        "{:?}",
        c.warnings
    );
    // A serial number in a file name is no year: the folder's is used.
    let tmp = tempfile::tempdir().unwrap();
    write(
        &tmp.path().join("2016"),
        "第2015号文件.txt",
        body("示例市", 2016).as_bytes(),
    );
    let c = load_dir(tmp.path());
    assert_eq!(c.documents[0].year, 2016, "{:?}", c.warnings);
}

/// Districts of one name in several cities (和平区 of 沈阳市 and of 天津市,
/// 鼓楼区 of 南京市 and of 福州市) stay apart when the folders say which
/// city (or province) each is in; a folder that puts a city in another
/// province than its own is overruled by the gazetteer, and said.
#[test]
fn districts_sharing_a_name_stay_apart_and_folders_never_misplace_a_city() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("reports");
    let put = |rel: &str, text: String| put_file(&root, rel, text);
    put("辽宁省/沈阳市/2019/和平区.txt", body("区", 2019));
    put(
        "天津市/2019/和平区.txt",
        body("区", 2019).replace("一、", "一、天津"),
    );
    put(
        "江苏省/南京市/鼓楼区/2019.txt",
        body("区", 2019).replace("一、", "一、南京"),
    );
    put(
        "福建省/2019/鼓楼区.txt",
        body("区", 2019).replace("一、", "一、福州"),
    );
    // Nothing says which 朝阳区: the name stays as it is.
    put(
        "2019/朝阳区.txt",
        body("区", 2019).replace("一、", "一、朝阳"),
    );
    // A city filed under the wrong province.
    put("湖北省/2019/长沙市.txt", body("市", 2019));
    let c = load_dir(&root);
    let mut got: Vec<(String, String)> = c
        .documents
        .iter()
        .map(|d| {
            (
                d.region.clone().unwrap_or_default(),
                d.province.clone().unwrap_or_default(),
            )
        })
        .collect();
    got.sort();
    let want = [
        ("南京市鼓楼区", "江苏省"),
        ("和平区", "天津市"),
        ("朝阳区", ""),
        ("沈阳市和平区", "辽宁省"),
        ("福州市鼓楼区", "福建省"),
        ("长沙市", "湖南省"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|&(r, p)| (r.to_string(), p.to_string()))
        .collect();
    assert_eq!(got, want, "{:?}", c.warnings);
    assert!(
        c.warnings.iter().any(|w| w.file.ends_with("长沙市.txt")
            && w.message
                .contains("the folder says 湖北省, but 长沙市 is in 湖南省; 湖南省 is used")),
        "{:?}",
        c.warnings
    );
    assert!(
        !c.warnings.iter().any(|w| w.kind == WarningKind::Duplicate),
        "{:?}",
        c.warnings
    );
    // The 朝阳区 nothing places is said to be ambiguous, with its cities.
    let chaoyang: Vec<&str> = c
        .warnings
        .iter()
        .filter(|w| w.message.contains("is the name of districts in"))
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(chaoyang.len(), 1, "{:?}", c.warnings);
    assert!(
        chaoyang[0].starts_with("朝阳区 is the name of districts in")
            && chaoyang[0].contains("长春市"),
        "{}",
        chaoyang[0]
    );
}

/// Regions named after the report's name (`2019年政府工作报告（湖北省）`),
/// the 行政公署 of a 地区 and the datelines of a 盟's 人大工委 and of a
/// zone's work meeting give the report its region, province and date.
#[test]
fn regions_after_the_reports_name_and_datelines_of_other_meetings() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("r");
    let put = |rel: &str, text: String| put_file(&root, rel, text);
    put("2019年政府工作报告（湖北省）.txt", body("省", 2019));
    put(
        "政府工作报告2019[湖南].txt",
        body("省", 2019).replace("一、", "一、湖南"),
    );
    put(
        "a.txt",
        format!("阿里地区行政公署2019年工作报告\n{}", body("地区", 2019)),
    );
    put(
        "b.txt",
        format!(
            "锡林郭勒盟行政公署工作报告\n——2019年2月20日在锡林郭勒盟人大工委第二次会议上\n{}",
            body("盟", 2019)
        ),
    );
    put(
        "c.txt",
        format!(
            "政府工作报告\n——2019年1月18日在大连金普新区工作会议上\n管委会主任 某某\n{}",
            body("新区", 2019)
        ),
    );
    let c = load_dir(&root);
    let mut got: Vec<(String, String, String)> = c
        .documents
        .iter()
        .map(|d| {
            (
                d.region.clone().unwrap_or_default(),
                d.province.clone().unwrap_or_default(),
                d.date.map(|d| d.to_string()).unwrap_or_default(),
            )
        })
        .collect();
    got.sort();
    let want = [
        ("大连金普新区", "辽宁省", "2019-01-18"),
        ("湖北省", "湖北省", ""),
        ("湖南省", "湖南省", ""),
        ("锡林郭勒盟", "内蒙古自治区", "2019-02-20"),
        ("阿里地区", "西藏自治区", ""),
    ];
    assert_eq!(got, owned3(&want), "{:?}", c.warnings);
}

/// A regional study's collection: towns in their county's folder, a
/// district named after its city in a file name, a district of a city the
/// gazetteer puts elsewhere, a district's short name several cities share
/// in the folder of one of them. None of them takes its parent's name (and
/// so none replaces its parent's report as a "duplicate").
#[test]
fn towns_districts_and_their_parents_stay_apart() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("广东");
    let n = std::cell::Cell::new(0);
    let put = |rel: &str, head: &str, level: &str| {
        n.set(n.get() + 1);
        let text = format!(
            "{head}{}",
            body(level, 2021).replace("一、", &format!("一、第{}", n.get()))
        );
        put_file(&root, rel, text);
    };
    put("梅州市/大埔县/2021.txt", "", "县");
    put(
        "梅州市/大埔县/湖寮镇2021.txt",
        "2021年湖寮镇政府工作报告\n",
        "镇",
    );
    put(
        "梅州市/大埔县/茶阳镇/2021.txt",
        "2021年茶阳镇政府工作报告\n",
        "镇",
    );
    put("flat/深圳市_南山区_2021.txt", "", "区");
    put("flat/深圳市2021.txt", "", "市");
    put("flat/2021_广东_深圳_福田区.txt", "", "区");
    put("深圳/龙华区/2021.txt", "", "区");
    put("海南/海口市/龙华区/2021.txt", "", "区");
    put("鹤岗市/南山2021.txt", "", "区");
    let c = load_dir(&root);
    let want = [
        ("大埔县", "广东省", "county"),
        ("大埔县湖寮镇", "广东省", "town"),
        ("大埔县茶阳镇", "广东省", "town"),
        ("深圳市", "广东省", "city"),
        ("深圳市南山区", "广东省", "county"),
        ("深圳市福田区", "广东省", "county"),
        ("深圳市龙华区", "广东省", "county"),
        ("鹤岗市南山区", "黑龙江省", "county"),
        ("龙华区", "海南省", "county"),
    ];
    assert_eq!(places_sorted(&c), owned3(&want), "{:?}", c.warnings);
    assert!(
        !c.warnings.iter().any(|w| w.kind == WarningKind::Duplicate),
        "{:?}",
        c.warnings
    );
}

/// A table of a province's reports as research assistants make it: the
/// province's own rows leave the city and county cells blank, a city's
/// rows mark the county cell `市本级`, `无` or `—`, provinces and
/// districts are written short (`广东`, `南山`).
#[test]
fn a_provinces_table_with_blank_and_placeholder_cells() {
    let tmp = tempfile::tempdir().unwrap();
    let mut csv = String::from("省份,城市,区县,年份,全文\n");
    let rows = [
        ("广东", "", "", "省"),
        ("广东", "深圳", "市本级", "市"),
        ("广东", "广州", "无", "市"),
        ("广东", "珠海", "—", "市"),
        ("广东", "深圳", "南山", "区"),
    ];
    for (i, (province, city, county, level)) in rows.iter().enumerate() {
        let text = body(level, 2021).replace("一、", &format!("一、第{i}"));
        csv.push_str(&format!("{province},{city},{county},2021,\"{text}\"\n"));
    }
    write(tmp.path(), "广东汇总.csv", csv.as_bytes());
    let c = load_dir(tmp.path());
    let want = [
        ("广东省", "广东省", "province"),
        ("深圳市", "广东省", "city"),
        ("广州市", "广东省", "city"),
        ("珠海市", "广东省", "city"),
        ("深圳市南山区", "广东省", "county"),
    ];
    assert_eq!(places_sorted(&c), owned3(&want), "{:?}", c.warnings);
    assert!(
        !c.warnings.iter().any(|w| w.message.contains("no region")),
        "{:?}",
        c.warnings
    );
}

/// Each document's region, province and level, sorted (empty where none).
fn places_sorted(c: &Corpus) -> Vec<(String, String, String)> {
    let mut got: Vec<(String, String, String)> = c
        .documents
        .iter()
        .map(|d| {
            (
                d.region.clone().unwrap_or_default(),
                d.province.clone().unwrap_or_default(),
                d.level.map(|l| l.to_string()).unwrap_or_default(),
            )
        })
        .collect();
    got.sort();
    got
}

/// `want` as owned strings, sorted, to compare with [`places_sorted`].
fn owned3(want: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    let mut w: Vec<(String, String, String)> = want
        .iter()
        .map(|&(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    w.sort();
    w
}

/// A report filed under another year, with neither a dateline nor a year
/// in its title: its review section (`一、2023年工作回顾`, the report of
/// 2024) tells it, and a warning says so; the file's year is kept.
#[test]
fn a_report_filed_under_another_year_is_told_by_its_review_section() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("湖北省");
    // body() reviews the year before the one it is given.
    put_file(&root, "2025.txt", body("省", 2024));
    put_file(&root, "2023.txt", body("省", 2023).replace("一、", "一、 "));
    let c = load_dir(&root);
    let years: Vec<i32> = c.documents.iter().map(|d| d.year).collect();
    assert_eq!(years, [2023, 2025], "{:?}", c.warnings);
    let told: Vec<&analyze::Warning> = c
        .warnings
        .iter()
        .filter(|w| w.message.contains("review section looks back on"))
        .collect();
    assert_eq!(told.len(), 1, "{:?}", c.warnings);
    assert!(told[0].file.ends_with("2025.txt"), "{told:?}");
    assert!(
        told[0]
            .message
            .contains("the year is 2025 (file_name), but the text's review section looks back on 2023, as the report of 2024 does"),
        "{told:?}"
    );
}

/// A series that crosses a renaming (襄樊市 → 襄阳市 in 2010, 临安市 →
/// 临安区 in 2017, 铜仁地区 → 铜仁市, 溧水县 → 溧水区, a county after its
/// city) stays one region under the present name, in its province, with a
/// warning for each report written under a former name; a region set in
/// corpus.toml stays as written.
#[test]
fn a_series_keeps_one_region_across_a_renaming() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("reports");
    let put = |rel: &str, region: &str, year: i32| {
        let text = format!("{region}人民政府工作报告\n\n{}", body(region, year));
        put_file(&root, rel, text)
    };
    put("襄樊市2009.txt", "襄樊市", 2009);
    put("襄阳市2012.txt", "襄阳市", 2012);
    put("临安市2015.txt", "临安市", 2015);
    put("临安区2019.txt", "临安区", 2019);
    put("铜仁地区2010.txt", "铜仁地区", 2010);
    put("铜仁市2015.txt", "铜仁市", 2015);
    put("南京市溧水县2011.txt", "南京市溧水县", 2011);
    put("南京市溧水区2016.txt", "南京市溧水区", 2016);
    // A renaming of 2021 (the 2023 table): the county's reports join the
    // city's, never the other way round.
    put("会理县2019.txt", "会理县", 2019);
    put("会理市2023.txt", "会理市", 2023);
    // Known as it is: no renaming.
    put("抚顺县2016.txt", "抚顺县", 2016);
    put("kept/思茅市2005.txt", "思茅市", 2005);
    put_file(
        &root,
        "kept/corpus.toml",
        "[metadata]\nregion = \"思茅市\"\n".to_string(),
    );
    let c = load_dir(&root);
    let mut got: Vec<(i32, String, String, String)> = c
        .documents
        .iter()
        .map(|d| {
            (
                d.year,
                d.region.clone().unwrap_or_default(),
                d.province.clone().unwrap_or_default(),
                d.level.map(|l| l.as_str().to_string()).unwrap_or_default(),
            )
        })
        .collect();
    got.sort();
    let want = [
        (2005, "思茅市", "", "city"),
        (2009, "襄阳市", "湖北省", "city"),
        (2010, "铜仁市", "贵州省", "city"),
        (2011, "南京市溧水区", "江苏省", "county"),
        (2012, "襄阳市", "湖北省", "city"),
        (2015, "临安区", "浙江省", "county"),
        (2015, "铜仁市", "贵州省", "city"),
        (2016, "南京市溧水区", "江苏省", "county"),
        (2016, "抚顺县", "辽宁省", "county"),
        (2019, "临安区", "浙江省", "county"),
        (2019, "会理市", "四川省", "county"),
        (2023, "会理市", "四川省", "county"),
    ];
    let want: Vec<(i32, String, String, String)> = want
        .iter()
        .map(|&(y, r, p, l)| (y, r.to_string(), p.to_string(), l.to_string()))
        .collect();
    assert_eq!(got, want, "{:?}", c.warnings);
    // The title keeps the name the report was written under.
    assert_eq!(
        loaded_from(&c, "襄樊市2009.txt").title.as_deref(),
        Some("襄樊市人民政府工作报告")
    );
    let renamed: Vec<&str> = c
        .warnings
        .iter()
        .filter(|w| w.message.contains("so that its reports make one series"))
        .map(|w| w.file.rsplit('/').next().unwrap_or_default())
        .collect();
    let mut renamed = renamed;
    renamed.sort();
    assert_eq!(
        renamed,
        [
            "临安市2015.txt",
            "会理县2019.txt",
            "南京市溧水县2011.txt",
            "襄樊市2009.txt",
            "铜仁地区2010.txt"
        ],
        "{:?}",
        c.warnings
    );
    assert!(
        c.warnings.iter().any(|w| w.file.ends_with("襄樊市2009.txt")
            && w.message.starts_with("襄樊市 is now 襄阳市")
            && w.message.contains("region = \"襄樊市\"")),
        "{:?}",
        c.warnings
    );
}
