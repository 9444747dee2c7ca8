//! Document quality, reported and never silent: per-document flags (very
//! short for its level, truncated, decoding damage, an excerpt, converted
//! from HTML or PDF), identical texts, two different documents for the same
//! year and region, and the `--min-chars` threshold.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

use regex::Regex;

use super::formats::Conversion;
use super::{Document, Level};
use crate::error::{Error, Result, Warning, WarningKind};

/// Something worth knowing about a document's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// Far shorter than a full report of its level ([`min_han_chars`]).
    Short,
    /// Ends mid-sentence (no sentence-final punctuation at the end).
    Truncated,
    /// Holds U+FFFD replacement characters (decoding damage).
    ReplacementChars,
    /// An abstract, digest or excerpt (摘要, 摘编, 节选, 图解, 一图读懂… in the title or file name).
    Excerpt,
    /// Converted from HTML (a page or markup inside a text field).
    FromHtml,
    /// Extracted from a PDF's text layer.
    FromPdf,
    /// Read from a word-processor file.
    FromOffice,
    /// Not a government work report but a report to a Communist Party
    /// congress (党代会报告: `在中国共产党第十九次全国代表大会上的报告`).
    PartyCongress,
    /// A people's congress's resolution on the work report
    /// (`关于政府工作报告的决议`), or another resolution.
    Resolution,
    /// The work report of a people's congress standing committee
    /// (人大常委会工作报告).
    StandingCommittee,
    /// A people's court's work report (法院工作报告).
    Court,
    /// A people's procuratorate's work report (检察院工作报告).
    Procuratorate,
    /// The report on the economic and social development plan (计划报告).
    Plan,
    /// The budget or final-accounts report (预算报告, 决算报告).
    Budget,
    /// A statistical communiqué (国民经济和社会发展统计公报).
    Communique,
    /// A news report about a work report (`新华社北京3月5日电 …`).
    News,
    /// A commentary on a work report: a talk or article that explains it
    /// (`…为大家解读政府工作报告`), an infographic (`一图读懂…`), a press
    /// conference's transcript (`…记者会实录`, `答记者问`).
    Commentary,
    /// A report of a political consultative conference (政协: its standing
    /// committee's work report, the report on its proposals).
    Cppcc,
    /// A government notice about a report (`关于印发…政府工作报告重点工作
    /// 任务分工方案的通知`).
    Notice,
    /// A web site's error page saved instead of the report
    /// (`您访问的页面不存在`, `404 Not Found`).
    ErrorPage,
}

impl Flag {
    /// Lowercase name used in tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::Short => "short",
            Flag::Truncated => "truncated",
            Flag::ReplacementChars => "replacement_chars",
            Flag::Excerpt => "excerpt",
            Flag::FromHtml => "from_html",
            Flag::FromPdf => "from_pdf",
            Flag::FromOffice => "from_office",
            Flag::PartyCongress => "party_congress",
            Flag::Resolution => "resolution",
            Flag::StandingCommittee => "standing_committee",
            Flag::Court => "court",
            Flag::Procuratorate => "procuratorate",
            Flag::Plan => "plan",
            Flag::Budget => "budget",
            Flag::Communique => "communique",
            Flag::News => "news",
            Flag::Commentary => "commentary",
            Flag::Cppcc => "cppcc",
            Flag::Notice => "notice",
            Flag::ErrorPage => "error_page",
        }
    }

    /// What the document is, for a flag that says it is not a government
    /// work report (`None` for the other flags).
    pub fn other_kind(self) -> Option<&'static str> {
        Some(match self {
            Flag::PartyCongress => "a report to a Communist Party congress (党代会报告)",
            Flag::Resolution => "a resolution (决议)",
            Flag::StandingCommittee => {
                "a people's congress standing committee's work report (人大常委会工作报告)"
            }
            Flag::Court => "a people's court's work report (法院工作报告)",
            Flag::Procuratorate => "a people's procuratorate's work report (检察院工作报告)",
            Flag::Plan => "a report on the development plan (计划报告)",
            Flag::Budget => "a budget or final-accounts report (预算/决算报告)",
            Flag::Communique => "a statistical communiqué (统计公报)",
            Flag::News => "a news report (新闻报道) about a report",
            Flag::Commentary => "a commentary (解读) on a report",
            Flag::Cppcc => "a political consultative conference's report (政协报告)",
            Flag::Notice => "a government notice (通知) about a report",
            Flag::ErrorPage => {
                "a web site's error page (页面不存在: fetch the report's page again)"
            }
            _ => return None,
        })
    }
}

/// The kind of report a document is when it is not a government work
/// report, from its title, its file name and the short lines of its head
/// (the first [`super::head::HEAD_LINES`] non-empty lines of at most 60
/// characters: a title, a dateline such as
/// `——在中国共产党第十九次全国代表大会上的报告`), never from the body. A
/// title or head line that says 政府工作报告 settles it: a work report
/// (unless it is the resolution on one).
pub fn other_kind(title: Option<&str>, file_stem: &str, text: &str) -> Option<Flag> {
    // A site's error page: short, and saying the page is not there.
    if text.len() < 3000 && ERROR_PAGE.is_match(text) {
        return Some(Flag::ErrorPage);
    }
    // The opening lines as one (a link may stand on a line of its own:
    // `…所作的` / `政府工作报告` / `。会议…`).
    let opening: String = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(3)
        .collect();
    let opening = opening.as_str();
    // A resolution opens by saying which report the session heard (`第十三届
    // 全国人民代表大会第二次会议听取和审议了国务院总理…所作的政府工作报告`),
    // with or without its title; a report never does.
    let heard = opening.find("听取").zip(opening.find("所作的政府工作报告"));
    if heard.is_some_and(|(a, b)| a < b && opening[a..b].contains("审议"))
        && opening.contains("会议")
        && super::head::report_heads(text).is_empty()
    {
        return Some(Flag::Resolution);
    }
    // A news agency's or paper's dateline (`新华社北京3月5日电`, `本报讯`),
    // unless the report itself follows (the agency's full-text release:
    // the report's salutation or its title and dateline).
    if NEWS_OPENING.is_match(opening)
        && !text
            .lines()
            .take(4 * super::head::HEAD_LINES)
            .any(|l| l.trim_start().starts_with("各位代表"))
        && super::head::report_heads(text).is_empty()
    {
        return Some(Flag::News);
    }
    // A commentary opens by saying it explains the report (`…到党校为大家
    // 解读政府工作报告`), and no report's own salutation or head follows.
    if opening.contains("解读")
        && opening.contains("报告")
        && !text
            .lines()
            .take(4 * super::head::HEAD_LINES)
            .any(|l| l.trim_start().starts_with("各位代表"))
        && super::head::report_heads(text).is_empty()
    {
        return Some(Flag::Commentary);
    }
    // A page that explains the report names it so: an infographic, a
    // commentary, a press conference (its title, else its file's name: a
    // report's text under such a file name is kept, flagged `excerpt`).
    if explains_a_report(title.map_or(file_stem, |t| t)) {
        return Some(Flag::Commentary);
    }
    // A news story about the report: titled as one (`县长某某作政府工作报告`,
    // `…第四次会议隆重开幕`, `【聚焦两会】…报告出炉`), opening on the event
    // (`1月9日上午,…会议…开幕`) or signed by a reporter (`(记者 某某)`);
    // short, telling of the report in the third person (`报告指出`, `作政
    // 府工作报告`, `记者`), with no report's salutation or head, and not
    // announcing the full text or an abstract (`…报告(全文)`, `以下为…全文`).
    let story = title.is_some_and(is_news_title)
        || NEWS_EVENT_OPENING.is_match(opening)
        || text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .take(3)
            .any(|l| NEWS_EVENT_OPENING.is_match(l))
        || text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .take(3)
            .chain(
                text.lines()
                    .rev()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .take(3),
            )
            .any(|l| NEWS_BYLINE.is_match(l));
    let announces_text = title.into_iter().chain([opening]).any(|t| {
        ["全文", "摘要", "摘编", "节选"]
            .iter()
            .any(|w| t.contains(w))
    });
    if story
        && !announces_text
        && text.len() < NEWS_MAX_BYTES
        && NEWS_BODY.is_match(without_title_line(text))
        && !text
            .lines()
            .take(4 * super::head::HEAD_LINES)
            .any(|l| l.trim_start().starts_with("各位代表"))
        && super::head::report_heads(text).is_empty()
    {
        return Some(Flag::News);
    }
    let head = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(super::head::HEAD_LINES)
        .filter(|l| l.chars().count() <= 60);
    let names: Vec<&str> = title.into_iter().chain([file_stem]).collect();
    // A head line counts only as a title or a dateline would read: not a
    // numbered heading (`二、关于全面贯彻市五次党代会精神`), and ending as a
    // title (报告, 决议) or a dateline (…代表大会上) ends.
    let head: Vec<&str> = head
        .filter(|l| !NUMBERED.is_match(l))
        .map(|l| l.trim_matches(|c: char| "—―–-~()[]【】〔〕 ".contains(c)))
        .filter(|l| {
            l.ends_with("报告") || l.ends_with("决议") || l.ends_with('上') || l.ends_with("公报")
        })
        .collect();
    // So does a notice that hands out the tasks it sets.
    if title
        .is_some_and(|t| t.contains("关于印发") || t.ends_with("的通知") || t.ends_with("分工方案"))
    {
        return Some(Flag::Notice);
    }
    // A work report says so; the resolution on it names it too, and a page
    // that prints the resolution above the report it approves (a report's
    // head, title and dateline, further down) is the report.
    for l in names.iter().chain(&head) {
        if l.contains("政府工作报告") {
            let resolution = l.contains("决议");
            return (resolution && super::head::report_heads(text).is_empty())
                .then_some(Flag::Resolution);
        }
    }
    let kind = names
        .iter()
        .find_map(|l| kind_of_line(l, false))
        .or_else(|| head.iter().find_map(|l| kind_of_line(l, true)));
    // A report delivered at a people's congress (its dateline: `在乙市第十六届
    // 人民代表大会第三次会议上`) is no party congress report, whatever its
    // title says of the party congress it carries out.
    if kind == Some(Flag::PartyCongress)
        && head
            .iter()
            .any(|l| l.contains("人民代表大会") && !l.contains("常务委员会"))
    {
        return None;
    }
    kind
}

/// Whether a title names a page that explains a report rather than
/// printing it ([`COMMENTARY_WORDS`]).
pub fn explains_a_report(title: &str) -> bool {
    COMMENTARY_WORDS.iter().any(|w| title.contains(w))
}

/// Words of the titles of pages that explain a report rather than print
/// it: infographics, commentaries, press conferences, glossaries.
const COMMENTARY_WORDS: [&str; 14] = [
    "一图读懂",
    "一图看懂",
    "一图速览",
    "一图了解",
    "图解",
    "解读",
    "实录",
    "答记者问",
    "记者会",
    "新提法",
    "热词",
    "名词解释",
    "学习问答",
    "辅导读本",
];

/// The dateline a news report opens with: an agency's or a paper's
/// (`新华社北京3月5日电`, `中新网3月5日电`, `本报讯`), within the first
/// line or two.
static NEWS_OPENING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^.{0,40}?(?:新华社|中新社|中新网|人民网|新华网|央视网|中国新闻网)[^。,，]{0,16}?\d{1,2}月\d{1,2}日电|^.{0,40}?本报讯")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// What a web site's error page says (`您访问的页面不存在`, `404 Not
/// Found`, `该信息已删除`).
static ERROR_PAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:您|你)?(?:所)?(?:访问|请求|查找|要找)的(?:页面|网页|信息|文章|内容)(?:不存在|已删除|已被删除|已过期|找不到|走丢)|页面(?:不存在|未找到|找不到|走丢了|已删除)|(?:该|此)(?:信息|文章|页面)(?:已删除|已被删除|已过期|不存在)|404\s*(?:not\s*found|错误|error)|\bnot\s+found\b.{0,40}\b404\b|the requested url\b.{0,80}\bwas not found")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Whether a title is a news story's about a report (`县长某某作政府工作
/// 报告`, `…会议隆重开幕`, `【聚焦两会】…报告出炉`) rather than a report's.
pub fn is_news_title(title: &str) -> bool {
    NEWS_TITLE.is_match(title)
}

/// The longest news story, in bytes (a few thousand characters); a
/// report, even an abstract, is longer.
const NEWS_MAX_BYTES: usize = 18_000;

/// `text` without its first line when that line is a title (short, no
/// full stop), so that a title such as `县长某某作政府工作报告` is not taken
/// for the body's own words.
fn without_title_line(text: &str) -> &str {
    let trimmed = text.trim_start();
    match trimmed.split_once('\n') {
        Some((first, rest)) if first.chars().count() <= 60 && !first.contains('。') => rest,
        _ => trimmed,
    }
}

/// A news story's words about a report, in the third person: what the
/// report says (`报告指出`), who delivered it (`作政府工作报告`), the
/// session's opening, a reporter, a speaker quoted.
static NEWS_BODY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"报告(?:指出|提出|显示|强调|认为|回顾|明确|部署)|作(?:了)?(?:政府)?工作报告|开幕|闭幕|记者|(?:市长|县长|区长|省长|州长|盟长|旗长|主席|总理)\p{Han}{0,4}(?:说|表示|指出|强调)")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// The words of a news story's title about a report: someone delivers it
/// (`作政府工作报告`), a session opens or closes, a report "comes out".
static NEWS_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\p{Han}作(?:了)?(?:政府)?工作报告|隆重开幕|胜利闭幕|开幕$|闭幕$|召开$|举行$|出炉|聚焦两会|两会(?:快讯|直播|速递|特刊)|侧记|花絮|代表委员热议|热议政府工作报告")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A news story's opening on the event: `1月9日上午,…会议…开幕`.
static NEWS_EVENT_OPENING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\([^()]{0,30}\)\s*)?(?:(?:19|20)\d{2}年)?\d{1,2}月\d{1,2}日(?:上午|下午|晚上?)?,[^。]{0,60}(?:开幕|闭幕|召开|举行)|^(?:\([^()]{0,30}\)\s*)?(?:市长|县长|区长|省长|州长|盟长|旗长)\p{Han}{1,4}在[^。]{0,40}会议上作(?:政府)?工作报告时")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A reporter's byline: `(记者 某某)`, `(本报记者 某某 通讯员 某某)`,
/// `记者 某某` alone on a line.
static NEWS_BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\((?:本报|本台|融媒体中心)?\s{0,2}(?:记者|通讯员)[^()]{1,30}\)$|^\((?:本报|本台|融媒体中心)?\s{0,2}(?:记者|通讯员)[^()]{1,30}\)|^(?:本报|本台)?记者[\s:]{0,2}\p{Han}{2,4}(?:\s+\p{Han}{2,4}){0,3}$")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A numbered heading: `二、`, `(三)`, `3.`.
static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十0-9]+\)|[0-9]+[、.])")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// The kind of report a title or (`head`) a head line names (see
/// [`other_kind`]). A head line names a party congress only as a dateline
/// does (`在中国共产党…代表大会上的报告`), not as a sentence that mentions one.
fn kind_of_line(l: &str, head: bool) -> Option<Flag> {
    // `(十九大)`, `(二十大)` closing a title: how collections label party
    // congress reports.
    static CONGRESS_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\([一二三四五六七八九十]{1,3}大\)$").unwrap_or_else(|e| unreachable!("{e}"))
    });
    // The report *to* the congress (`在中国共产党…代表大会上的报告`,
    // `…党代会报告`), not a title that carries one out (`全面落实市第十三次
    // 党代会部署`), and never a work report (工作报告: the government's,
    // or the standing committee's below).
    let to_the_congress = ((l.contains("中国共产党") || l.contains("中共"))
        && l.contains("代表大会")
        && (l.contains("上的") || l.ends_with("报告")))
        || l.contains("党代会上")
        || l.ends_with("党代会报告")
        || l.contains("党代表大会上")
        || CONGRESS_NUMBER.is_match(l);
    if (!head || l.starts_with('在') || l.starts_with("中国共产党"))
        && to_the_congress
        && !l.contains("工作报告")
    {
        return Some(Flag::PartyCongress);
    }
    // The political consultative conference's reports (its standing
    // committee's, on its proposals), titled so or delivered at its session.
    if l.contains("政协") && (l.ends_with("报告") || l.ends_with('上') || l.contains("提案"))
        || l.contains("政治协商会议") && (l.ends_with("报告") || l.ends_with('上'))
    {
        return Some(Flag::Cppcc);
    }
    if l.contains("常务委员会工作报告") || l.contains("常委会工作报告") {
        return Some(Flag::StandingCommittee);
    }
    if l.contains("法院工作报告") {
        return Some(Flag::Court);
    }
    if l.contains("检察院工作报告") {
        return Some(Flag::Procuratorate);
    }
    // The titles of the reports on the plan and the budget (关于2023年…计划
    // 执行情况与2024年…计划草案的报告); a heading that names the plan is no title.
    if l.contains("计划草案的报告") {
        return Some(Flag::Plan);
    }
    if l.contains("预算草案的报告") || l.contains("决算的报告") {
        return Some(Flag::Budget);
    }
    if l.starts_with("关于") && l.ends_with("决议") {
        return Some(Flag::Resolution);
    }
    if l.contains("统计公报") {
        return Some(Flag::Communique);
    }
    None
}

/// Han characters below which a report of `level` is flagged short: full
/// work reports run to 10,000–30,000 Han characters at every level down to
/// the county; a town's runs to a few thousand.
pub fn min_han_chars(level: Option<Level>) -> usize {
    match level {
        Some(Level::National) => 5_000,
        Some(Level::Province) => 4_000,
        Some(Level::City) => 3_000,
        Some(Level::County) | None => 2_000,
        Some(Level::Town) => 1_000,
    }
}

/// The flags of one document.
pub fn flags(doc: &Document, file_stem: &str) -> Vec<Flag> {
    let mut f = Vec::new();
    if doc.han_chars < min_han_chars(doc.level) {
        f.push(Flag::Short);
    }
    if ends_mid_sentence(&doc.text) {
        f.push(Flag::Truncated);
    }
    if doc.text.contains('\u{FFFD}') {
        f.push(Flag::ReplacementChars);
    }
    let excerpt = |s: &str| {
        [
            "摘要",
            "摘编",
            "节选",
            "摘登",
            "全文摘",
            "要点",
            "图解",
            "一图读懂",
            "一图看懂",
            "图说",
        ]
        .iter()
        .any(|w| s.contains(w))
    };
    if doc.title.as_deref().is_some_and(excerpt) || excerpt(file_stem) {
        f.push(Flag::Excerpt);
    }
    match doc.conversion {
        Conversion::Html => f.push(Flag::FromHtml),
        Conversion::Pdf => f.push(Flag::FromPdf),
        Conversion::Office => f.push(Flag::FromOffice),
        Conversion::None => {}
    }
    f.extend(other_kind(doc.title.as_deref(), file_stem, &doc.text));
    f
}

/// Whether the last line of `text` stops without sentence-final
/// punctuation (after NFKC: `。!?…` and closing quotes or brackets), and is
/// neither a dateline, a date alone nor a table row (cells separated by
/// tabs, as the readers write a table: a report may end with an appendix
/// table, whose last row is no sentence).
pub fn ends_mid_sentence(text: &str) -> bool {
    let text = text.trim_end();
    let Some(last) = text.chars().last() else {
        return false;
    };
    // A report may end with its dateline (some sites put it under the text)
    // or with the date under its signature.
    // Both are short lines of their own: a long last line that holds one
    // (a paragraph cut off after quoting a date) is still cut off.
    let line = text.rsplit('\n').next().unwrap_or(text).trim();
    if line.contains('\t') {
        return false;
    }
    let chars = line.chars().count();
    if (chars <= 60
        && (line.ends_with('上') || line.ends_with("会议"))
        && super::head::dateline(line).is_some())
        || (chars <= 16 && super::head::parse_any_date(line).is_some())
    {
        return false;
    }
    // An appendix's list of projects may end with an item's lead
    // departments (`主办单位:市科技局,各县(区)人民政府`, `责任部门:…`),
    // which no sentence punctuation ends.
    if chars <= 100
        && let Some((label, _)) = line.split_once(':')
        && (2..=6).contains(&label.chars().count())
        && label.chars().all(super::metadata::is_han)
        && (label.ends_with("单位") || label.ends_with("部门"))
    {
        return false;
    }
    !matches!(
        last,
        '。' | '!'
            | '?'
            | '…'
            | '.'
            | '”'
            | '’'
            | '」'
            | '』'
            | ')'
            | '】'
            | '》'
            | '"'
            | ';'
            | ':'
    )
}

/// What to do with two different documents for the same year and region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum DuplicatePolicy {
    /// Keep the longer text, drop the other (with a warning naming both).
    #[default]
    KeepLongest,
    /// Keep both: their counts are summed in every per-year or per-region
    /// group (with a warning naming both).
    Sum,
    /// Stop with an error naming both.
    Error,
}

/// A document that was loaded but left out, and why (for the manifest).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dropped {
    /// Where it came from (`path:line`).
    pub source: String,
    /// Its year.
    pub year: i32,
    /// Its region.
    pub region: Option<String>,
    /// Why it was left out.
    pub reason: String,
}

/// Drop the reports that are not government work reports (see
/// [`other_kind`]) unless `all_kinds`, drop identical texts (keeping one),
/// resolve same-(year, region) pairs by `policy`, and drop documents under
/// `min_chars` Han characters; every dropped document gets a warning and a
/// [`Dropped`] entry.
pub fn dedupe(
    docs: Vec<Document>,
    policy: DuplicatePolicy,
    min_chars: usize,
    all_kinds: bool,
    warnings: &mut Vec<Warning>,
) -> Result<(Vec<Document>, Vec<Dropped>)> {
    let mut dropped = Vec::new();
    let mut drop = |d: &Document, reason: String, warnings: &mut Vec<Warning>| {
        let kind = if reason.contains("--min-chars") {
            WarningKind::Short
        } else if reason.contains("--all-kinds") {
            WarningKind::NotAReport
        } else {
            WarningKind::Duplicate
        };
        warnings.push(Warning::new(
            kind,
            d.location(),
            d.source_line,
            reason.clone(),
        ));
        dropped.push(Dropped {
            source: d.source(),
            year: d.year,
            region: d.region.clone(),
            reason,
        });
    };
    let mut keep = vec![true; docs.len()];
    // 0. Other kinds of report (a party congress report in a folder of
    //    work reports would be summed into its year).
    if !all_kinds {
        // What the loader said about a document left out here (no region,
        // converted from traditional characters) no longer matters.
        let left_out: std::collections::BTreeSet<(String, Option<u64>)> = docs
            .iter()
            .filter(|d| d.flags.iter().any(|f| f.other_kind().is_some()))
            .map(|d| (d.location(), d.source_line))
            .collect();
        warnings.retain(|w| {
            !(matches!(w.kind, WarningKind::Metadata | WarningKind::Script)
                && left_out.contains(&(w.file.clone(), w.line)))
        });
        for (i, d) in docs.iter().enumerate() {
            if let Some(what) = d.flags.iter().find_map(|f| f.other_kind()) {
                keep[i] = false;
                drop(
                    d,
                    format!(
                        "{what:?} is {what_kind}, not a government work report; left out (--all-kinds keeps it)",
                        // Untitled: the file's name, or for a row of a
                        // table its year and place (the file names them all).
                        what = d.title.clone().unwrap_or_else(|| {
                            let stem = std::path::Path::new(&d.source_path)
                                .file_stem()
                                .and_then(|s| s.to_str())
                                .unwrap_or("the document");
                            match (d.source_line, &d.region) {
                                (Some(_), Some(region)) => format!("{} {region}", d.year),
                                _ => stem.to_string(),
                            }
                        }),
                        what_kind = what,
                    ),
                    warnings,
                );
            }
        }
    }
    // 1. Identical cleaned texts: keep the one whose year the text itself
    //    states (its dateline, else its title), else the one its review
    //    heading implies (一、2009年工作回顾: 2010), else the first.
    let mut by_hash: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, d) in docs.iter().enumerate().filter(|(i, _)| keep[*i]) {
        by_hash.entry(d.sha256.as_str()).or_default().push(i);
    }
    for group in by_hash.values().filter(|g| g.len() > 1) {
        let chosen = group
            .iter()
            .copied()
            .find(|&i| docs[i].text_year == Some(docs[i].year))
            .or_else(|| {
                group
                    .iter()
                    .copied()
                    .find(|&i| docs[i].review_year == Some(docs[i].year))
            })
            .unwrap_or(group[0]);
        for &i in group.iter().filter(|&&i| i != chosen) {
            keep[i] = false;
            let (d, k) = (&docs[i], &docs[chosen]);
            // The copy's review section, looking back on another year than
            // its own, is what the line below says: no second warning.
            let at = (d.location(), d.source_line);
            warnings.retain(|w| {
                !(w.kind == WarningKind::Metadata
                    && w.message.contains("review section looks back on")
                    && (w.file.clone(), w.line) == at)
            });
            drop(
                d,
                format!(
                    "the same text as {} ({} {}); dropped, {} kept{}",
                    k.source(),
                    k.year,
                    k.region.as_deref().unwrap_or(""),
                    k.year,
                    if k.text_year == Some(k.year) {
                        " (the year its own dateline or title states)"
                    } else if k.review_year == Some(k.year) {
                        " (the year after the one its review section looks back on)"
                    } else {
                        ""
                    }
                ),
                warnings,
            );
        }
    }
    // 2. Different texts for the same (year, region).
    let mut by_key: BTreeMap<(i32, &str), Vec<usize>> = BTreeMap::new();
    for (i, d) in docs.iter().enumerate().filter(|(i, _)| keep[*i]) {
        if let Some(r) = d.region.as_deref() {
            by_key.entry((d.year, r)).or_default().push(i);
        }
    }
    for ((year, region), group) in by_key.iter().filter(|(_, g)| g.len() > 1) {
        let names: Vec<String> = group.iter().map(|&i| docs[i].source()).collect();
        // Rows of one table: perhaps the paragraphs of one report.
        let rows_of_one_table = group.iter().all(|&i| {
            docs[i].source_row.is_some() && docs[i].source_path == docs[group[0]].source_path
        });
        let paragraphs = if rows_of_one_table {
            "; if these rows are paragraphs of one report, number them in a paragraph column (段落序号, or [fields] paragraph in corpus.toml) and they are joined into one document"
        } else {
            ""
        };
        match policy {
            DuplicatePolicy::Error => {
                return Err(Error::Usage(format!(
                    "{} documents for {year} {region}: {}; choose one (--duplicates keep-longest or sum), or exclude one in a corpus.toml{paragraphs}",
                    group.len(),
                    names.join(", ")
                )));
            }
            DuplicatePolicy::Sum => warnings.push(Warning::new(
                WarningKind::Duplicate,
                docs[group[0]].location(),
                docs[group[0]].source_line,
                format!(
                    "{} different documents for {year} {region} ({}); {} kept and summed (--duplicates sum)",
                    group.len(),
                    names.join(", "),
                    if group.len() == 2 { "both" } else { "all" }
                ),
            )),
            DuplicatePolicy::KeepLongest => {
                let longest = group
                    .iter()
                    .copied()
                    .max_by_key(|&i| (docs[i].han_chars, std::cmp::Reverse(i)))
                    .unwrap_or(group[0]);
                for &i in group.iter().filter(|&&i| i != longest) {
                    keep[i] = false;
                    let k = &docs[longest];
                    let why = if k.han_chars > docs[i].han_chars {
                        format!(
                            "is longer ({}, {} Han characters against {})",
                            k.source(),
                            k.han_chars,
                            docs[i].han_chars
                        )
                    } else {
                        format!(
                            "is as long and comes first by file and line ({}, {} Han characters each)",
                            k.source(),
                            k.han_chars
                        )
                    };
                    drop(
                        &docs[i],
                        format!(
                            "another document for {year} {region} {why}; dropped (--duplicates keep-longest; use --duplicates sum to keep both){paragraphs}"
                        ),
                        warnings,
                    );
                }
            }
        }
    }
    // 3. --min-chars.
    for (i, d) in docs.iter().enumerate() {
        if keep[i] && d.han_chars < min_chars {
            keep[i] = false;
            drop(
                d,
                format!(
                    "{} Han characters, under --min-chars {min_chars}; dropped",
                    d.han_chars
                ),
                warnings,
            );
        }
    }
    // 4. A kept fragment (a title alone, a page's teaser) is said, not
    // dropped: its year counts as a year with a report.
    for (i, d) in docs.iter().enumerate() {
        if keep[i] && d.han_chars < FRAGMENT_HAN_CHARS {
            warnings.push(Warning::new(
                WarningKind::Short,
                d.location(),
                d.source_line,
                format!(
                    "only {} Han characters: a title or a fragment rather than a report? Kept, so {} counts as a year with a report, where a term it lacks has a rate of 0; --min-chars {FRAGMENT_HAN_CHARS} leaves such documents out",
                    d.han_chars, d.year
                ),
            ));
        }
    }
    let kept = docs
        .into_iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(d, _)| d)
        .collect();
    Ok((kept, dropped))
}

/// Fewer Han characters than this is a fragment, not a report: about a
/// title alone (`内蒙古自治区呼伦贝尔市海拉尔区2020年政府工作报告` has 23;
/// the shortest work reports of the corpora have thousands). Such a
/// document is kept with a warning ([`dedupe`]).
pub const FRAGMENT_HAN_CHARS: usize = 30;

/// A review heading among the first lines: `一、2009年工作回顾`,
/// `一、2003年工作的简要回顾`, `一、2015年和“十二五”时期工作回顾`.
static REVIEW_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:一|1)[、.]\s*((?:19|20)\d{2})\s*年[^。,;!?]{0,14}?回顾").unwrap()
});

/// The report year `text`'s opening review heading implies: one after the
/// year it looks back on (`一、2009年工作回顾` → 2010), from the first 60
/// non-empty lines; `None` without one.
pub fn review_year(text: &str) -> Option<i32> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(60)
        .filter(|l| l.starts_with('一') || l.starts_with('1'))
        .find_map(|l| REVIEW_RE.captures(l))
        .and_then(|c| c[1].parse::<i32>().ok())
        .map(|y| y + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mid_sentence_endings() {
        assert!(!ends_mid_sentence("为建设美好家园而努力奋斗!"));
        assert!(!ends_mid_sentence("全面完成任务。\n"));
        assert!(!ends_mid_sentence("“十四五”规划。”"));
        assert!(ends_mid_sentence("加快建设现代化产业体系,推动"));
        assert!(!ends_mid_sentence(""));
        // A dateline or a date closes a report too.
        assert!(!ends_mid_sentence(
            "努力奋斗!\n——2009年1月8日在乙市第十四届人民代表大会第三次会议上"
        ));
        assert!(!ends_mid_sentence(
            "努力奋斗!\n乙市人民政府\n二〇〇九年一月八日"
        ));
        assert!(!ends_mid_sentence("努力奋斗!\n2009年1月8日\n"));
        // A list of projects ends with an item's field.
        assert!(!ends_mid_sentence(
            "十、科技特派员服务工作\n目标任务:选派科技特派员100人。\n主办单位:市科技局,各县(区)人民政府"
        ));
        assert!(ends_mid_sentence(
            "目标任务:选派科技特派员100人,服务一村一品,将创新的动能延伸到田间地头,推动"
        ));
        // A table closes a report too (its cells tab-separated); a line
        // without tabs is still a sentence.
        assert!(!ends_mid_sentence(
            "努力奋斗!\n指标\t增长\n地区生产总值\t6%"
        ));
        assert!(ends_mid_sentence("努力奋斗!\n地区生产总值 6%"));
        assert!(ends_mid_sentence("2009年1月8日,全市召开大会,部署"));
        assert!(ends_mid_sentence(
            "2009年1月8日在乙市第十四届人民代表大会第三次会议上,市长作了报告。会后,全市上下"
        ));
        assert!(ends_mid_sentence(
            "努力奋斗!\n一段很长的正文,提到2009年1月8日在乙市第十四届人民代表大会第三次会议上通过的决定,随后"
        ));
    }

    #[test]
    fn review_headings_imply_the_report_year() {
        for (text, year) in [
            (
                "各位代表:\n现在,我代表市人民政府作报告。\n一、2009年工作回顾\n过去的一年",
                Some(2010),
            ),
            ("一、2003年工作的简要回顾", Some(2004)),
            ("一、2015年和“十二五”时期工作回顾", Some(2016)),
            ("一、2012年政府工作回顾", Some(2013)),
            // The year after 回顾 is the year ahead; no heading, no year.
            ("一、过去五年的回顾及2003年主要工作", None),
            ("一、迎难而上,2023年经济社会发展取得明显成效", None),
            ("各位代表:\n2009年工作回顾了全年。", None),
        ] {
            assert_eq!(review_year(text), year, "{text}");
        }
    }

    #[test]
    fn other_kinds_of_report_by_title_file_name_and_head() {
        let kind = |title: Option<&str>, stem: &str, text: &str| {
            other_kind(title, stem, text).map(Flag::as_str)
        };
        // Work reports, however their head reads.
        assert_eq!(kind(Some("2017年政府工作报告"), "x", "各位代表:"), None);
        assert_eq!(
            kind(
                None,
                "2019",
                "政府工作报告\n——2019年1月15日在示例市第十六届人民代表大会第四次会议上\n各位代表:"
            ),
            None
        );
        assert_eq!(kind(None, "2019", "各位代表:\n一、2018年工作回顾"), None);
        // A work report whose body names the party congress (a long line).
        let long = format!(
            "各位代表:\n{}中国共产党第二十次全国代表大会胜利召开。",
            "过去一年,".repeat(15)
        );
        assert_eq!(kind(None, "2023", &long), None);
        // A heading that names the plan is no plan report.
        assert_eq!(
            kind(
                None,
                "2019",
                "各位代表:\n一、2018年国民经济和社会发展计划执行情况"
            ),
            None
        );
        // Party congress reports: dateline, `(十九大)`, 党代会 in the file name.
        // A heading that names the party congress is no title.
        assert_eq!(
            kind(
                None,
                "2007",
                "各位代表:\n二、关于全面贯彻市五次党代会精神\n(一)党代会报告"
            ),
            None
        );
        assert_eq!(kind(None, "2007", "各位代表:\n认真学习党代会报告"), None);
        // Work reports whose titles name the party congress they carry out.
        let npc = "——2023年1月5日在乙市第十六届人民代表大会第三次会议上\n各位代表:";
        for title in [
            "乙市人民政府2023年工作报告(学习贯彻党的二十大和省第十二次党代会精神)",
            "甲市2022年工作报告:全面落实市第十三次党代会部署",
            "丙市2018年工作报告(十九大)",
            "奋力落实市第十三次党代会部署 加快建设美丽甲市",
        ] {
            assert_eq!(kind(Some(title), "x", npc), None, "{title}");
        }
        assert_eq!(
            kind(
                Some("奋力落实市第十三次党代会部署 加快建设美丽甲市"),
                "x",
                ""
            ),
            None
        );
        assert_eq!(
            kind(Some("在市第十三次党代会上的报告"), "x", "同志们:"),
            Some("party_congress")
        );
        // The resolution printed above the report it approves.
        let both = "庚市第十六届人民代表大会第三次会议关于政府工作报告的决议\n(2023年1月10日通过)\n会议决定批准这个报告。\n庚市政府工作报告\n——2023年1月6日在庚市第十六届人民代表大会第三次会议上";
        assert_eq!(
            kind(
                Some("庚市第十六届人民代表大会第三次会议关于政府工作报告的决议"),
                "x",
                both
            ),
            None
        );
        let head = "决胜全面建成小康社会\n——在中国共产党第十九次全国代表大会上的报告\n(2017年10月18日)\n同志们:";
        assert_eq!(kind(None, "x", head), Some("party_congress"));
        assert_eq!(
            kind(Some("决胜全面建成小康社会 (十九大)"), "x", "同志们:"),
            Some("party_congress")
        );
        assert_eq!(
            kind(None, "示例市第十次党代会报告", "同志们:"),
            Some("party_congress")
        );
        assert_eq!(
            kind(
                None,
                "x",
                "——在中国共产党示例市第十次代表大会上的报告\n同志们:"
            ),
            Some("party_congress")
        );
        // Resolutions, the other reports to a people's congress.
        assert_eq!(
            kind(
                Some("第十四届全国人民代表大会第三次会议关于政府工作报告的决议"),
                "x",
                ""
            ),
            Some("resolution")
        );
        assert_eq!(
            kind(None, "x", "示例市人民代表大会常务委员会工作报告\n各位代表:"),
            Some("standing_committee")
        );
        assert_eq!(
            kind(Some("示例市中级人民法院工作报告"), "x", ""),
            Some("court")
        );
        assert_eq!(
            kind(Some("示例市人民检察院工作报告"), "x", ""),
            Some("procuratorate")
        );
        assert_eq!(
            kind(
                Some(
                    "关于2023年国民经济和社会发展计划执行情况与2024年国民经济和社会发展计划草案的报告"
                ),
                "x",
                ""
            ),
            Some("plan")
        );
        assert_eq!(
            kind(
                Some("关于2023年预算执行情况与2024年预算草案的报告"),
                "x",
                ""
            ),
            Some("budget")
        );
    }

    #[test]
    fn resolutions_without_a_title_communiques_and_news_reports() {
        let kind = |title: Option<&str>, stem: &str, text: &str| {
            other_kind(title, stem, text).map(Flag::as_str)
        };
        // The resolution's opening, its link to the report on a line of
        // its own, and without a title line.
        let resolution = "第十三届全国人民代表大会第二次会议听取和审议了国务院总理所作的\n政府工作报告\n。会议充分肯定国务院过去一年的工作,决定批准这个报告。";
        assert_eq!(
            kind(Some("政府工作报告"), "2019年决议", resolution),
            Some("resolution")
        );
        // A report that mentions the resolution further down stays a report.
        let report = format!(
            "政府工作报告\n——2019年3月5日在第十三届全国人民代表大会第二次会议上\n各位代表:\n现在,我代表国务院,向大会报告政府工作。\n{resolution}"
        );
        assert_eq!(kind(Some("政府工作报告"), "2019", &report), None);
        // A statistical communiqué, by its title line or file name.
        let communique = "中华人民共和国2022年国民经济和社会发展统计公报\n国家统计局\n2023年2月28日\n2022年是极为重要的一年。";
        assert_eq!(kind(None, "bulletin", communique), Some("communique"));
        assert_eq!(
            kind(
                None,
                "2022年国民经济和社会发展统计公报",
                "全年国内生产总值增长3.0%。"
            ),
            Some("communique")
        );
        // A news report about the work report; the agency's release of the
        // full text is the report.
        let news = "李克强作政府工作报告\n新华社北京2021年3月5日电 十三届全国人大四次会议5日上午在人民大会堂开幕。国务院总理李克强向大会作政府工作报告。";
        assert_eq!(kind(Some("李克强作政府工作报告"), "x", news), Some("news"));
        assert_eq!(
            kind(None, "x", "本报讯(记者 张三)市十六届人大三次会议今天开幕。"),
            Some("news")
        );
        // A site's error page saved under the report's name.
        for page in [
            "抱歉,您访问的页面不存在或已被删除!\n返回首页",
            "404 Not Found\nnginx",
            "该信息已删除",
        ] {
            assert_eq!(
                kind(Some("2023年示例县政府工作报告"), "x", page),
                Some("error_page"),
                "{page}"
            );
        }
        // A report that mentions a missing page, at length, is a report.
        let long = format!(
            "各位代表:\n{}\n页面不存在的问题已解决。",
            "我们推进数字经济发展。".repeat(300)
        );
        assert_eq!(kind(Some("2023年示例县政府工作报告"), "x", &long), None);
        // A county's news stories: titled as news, opening on the event, or
        // signed by a reporter.
        let story = "1月12日,示例县第十六届人民代表大会第五次会议开幕。县长某某作政府工作报告,报告提出数字经济、乡村振兴等重点工作。";
        for title in [
            "县长某某作政府工作报告",
            "示例县第十六届人民代表大会第四次会议隆重开幕",
            "【聚焦两会】示例县2022年政府工作报告出炉 这些民生实事与你有关",
        ] {
            assert_eq!(kind(Some(title), "x", story), Some("news"), "{title}");
        }
        assert_eq!(kind(None, "2020", story), Some("news"));
        assert_eq!(
            kind(
                None,
                "2020",
                "记者从会上获悉,示例县政府工作报告提出,大力发展数字经济。\n(记者 张三)"
            ),
            Some("news")
        );
        // Stories told by a byline first, a full date, or the speaker's
        // report "时强调"; an infographic is a commentary, not news.
        for story in [
            "(记者 张三)1月10日上午,示例市第五届人民代表大会第三次会议隆重开幕。市长某某作政府工作报告。",
            "2020年1月10日上午,示例市第五届人民代表大会第三次会议开幕。市长某某作政府工作报告。",
            "市长某某在市十一届人大一次会议上作政府工作报告时强调,要加快发展数字经济。某某说,要推进乡村振兴。",
        ] {
            assert_eq!(kind(None, "2020", story), Some("news"), "{story}");
        }
        // The story under a headline and a kicker, as a paper prints it.
        assert_eq!(
            kind(
                None,
                "2007",
                "勇当前锋推进示例经济区发展\n今后五年政府工作总体要求\n市长某某在市十一届人大一次会议上作政府工作报告时强调,今后五年要加快发展。"
            ),
            Some("news")
        );
        assert_eq!(
            kind(Some("一图读懂｜县长某某作政府工作报告"), "x", story),
            Some("commentary")
        );
        assert_eq!(
            kind(
                None,
                "2020",
                "Not Found\nThe requested URL was not found on this server."
            ),
            Some("error_page")
        );
        // A report under a news-like title, in its own voice: its full
        // text, an abstract, a text announced as the full text, a long one.
        let voice = "一、过去一年的工作回顾\n我们坚持稳中求进工作总基调,大力发展数字经济,全面推进乡村振兴。";
        for (title, text) in [
            ("示例市市长作政府工作报告(全文)", voice.to_string()),
            ("示例市市长某某作政府工作报告(摘要)", voice.to_string()),
            ("示例市市长某某作政府工作报告", voice.to_string()),
            (
                "2016年示例市政府工作报告",
                format!(
                    "1月6日上午,示例市第十四届人民代表大会第七次会议开幕。以下为政府工作报告全文:\n{voice}"
                ),
            ),
            (
                "示例市市长某某作政府工作报告",
                format!("{voice}\n报告指出,记者从会上获悉。\n{}", voice.repeat(200)),
            ),
        ] {
            assert_eq!(kind(Some(title), "x", &text), None, "{title}");
        }
        // A report titled so whose text is the report stays a report.
        let report =
            "各位代表:\n现在,我代表县人民政府向大会作政府工作报告,请予审议。\n一、2020年工作回顾";
        assert_eq!(kind(Some("县长某某作政府工作报告"), "x", report), None);
        let release = "新华社北京3月12日电\n政府工作报告\n——2021年3月5日在第十三届全国人民代表大会第四次会议上\n国务院总理 李克强\n各位代表:\n现在,我代表国务院,向大会报告政府工作。";
        assert_eq!(kind(Some("政府工作报告"), "x", release), None);
        // Pages that explain the report, by their title, else their file's
        // name; a report's file named with such a word keeps its own title.
        let body = "数字经济核心产业增加值占国内生产总值比重达到10%左右。";
        for title in [
            "一图读懂2024年政府工作报告",
            "2024年政府工作报告解读",
            "李强总理记者会实录",
            "国务院研究室负责人答记者问",
            "政府工作报告中的这些新提法",
        ] {
            assert_eq!(kind(Some(title), "x", body), Some("commentary"), "{title}");
        }
        assert_eq!(
            kind(None, "2024年政府工作报告图解", body),
            Some("commentary")
        );
        assert_eq!(
            kind(Some("2024年政府工作报告"), "2024年政府工作报告及解读", body),
            None
        );
        assert_eq!(
            kind(
                Some("示例省人民政府关于印发2026年省政府工作报告重点工作任务分工方案的通知"),
                "x",
                body
            ),
            Some("notice")
        );
        // The political consultative conference's reports.
        for (title, head) in [
            ("政协示例省委员会常务委员会工作报告", ""),
            (
                "关于提案工作情况的报告",
                "——2026年1月10日在政协示例省第十三届委员会第四次会议上",
            ),
        ] {
            assert_eq!(
                kind(Some(title), "x", &format!("{title}\n{head}\n{body}")),
                Some("cppcc"),
                "{title}"
            );
        }
        // A commentary says it explains the report; a report that promises
        // to explain its policies is still the report.
        let talk = "连续三年来,我在全市两会结束之后,都到党校为大家解读政府工作报告。\n一、政府工作报告的主要内容和特点\n今年2月5日,市长在大会上作了政府工作报告。";
        assert_eq!(kind(None, "2009", talk), Some("commentary"));
        let report_explains = "政府工作报告\n各位代表:\n现在,我代表市人民政府向大会报告工作,并对有关政策作出解读,请予审议。";
        assert_eq!(kind(Some("政府工作报告"), "2009", report_explains), None);
    }

    #[test]
    fn short_depends_on_level() {
        assert!(min_han_chars(Some(Level::National)) > min_han_chars(Some(Level::County)));
    }
}
