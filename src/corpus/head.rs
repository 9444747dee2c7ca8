//! Metadata from a report's own head: the first non-empty lines of the
//! cleaned text, and only these structures (the body is never used to
//! guess a year):
//!
//! - a key–value header block (`标题:` / `发文单位:` / `发文时间:` /
//!   `报告人:` / `来源URL:` … ending at `正文:`), read and then removed from
//!   the text;
//! - the dateline every work report carries
//!   (`——2016年2月19日在海拉尔区第十四届人民代表大会第五次会议上`, with any
//!   dash or bracket, alone or on the title line): date, region and the
//!   congress session;
//! - the speaker line (`海拉尔区人民政府区长 杜联合`), for the region when
//!   nothing else gives one;
//! - `我代表国务院` in the opening (a national report), and the region the
//!   opening names (`我代表示例市人民政府`), for the region when nothing
//!   else gives one and to complete a short name (`示例` → 示例市);
//! - the title line, spaced titles (`政 府 工 作 报 告`) included;
//! - a page's publication stamp: a lone `发布日期: 2019-01-15` line, a
//!   date after the title on its line (`…政府工作报告 2019-01-15 10:30`), or
//!   a stamp line the cleaning rules dropped (`发布时间:… 来源:… 浏览次数:…`,
//!   see [`published_date`]): the year of last resort.
//! - a date alone on a line of the title block, before the salutation
//!   (`(2019年1月15日)`, `2019.01.15`): a dateline, with the place and
//!   session of the line before or after it when that line holds them
//!   alone (`——在示例市第一届人民代表大会第二次会议上`);
//! - and, at the other end, the signature's date: a date alone on one of
//!   the last two non-empty lines (`示例市人民政府` / `2019年1月20日`).
//!
//! Dates may be written with Chinese numerals (`二〇二三年一月四日`), and
//! January as 元月 (`2015年元月8日`). The
//! text has been through NFKC already (full-width digits and colons are
//! ASCII).

use std::sync::LazyLock;

use regex::Regex;

use super::metadata::{Date, is_han, parse_date, plausible_year};

/// How many non-empty lines make up the head.
pub const HEAD_LINES: usize = 15;

/// A dateline: when and where the report was delivered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dateline {
    /// The date.
    pub date: Option<Date>,
    /// The year, also when the date is incomplete.
    pub year: Option<i32>,
    /// The region named before the congress (`海拉尔区`), `全国` for the
    /// National People's Congress.
    pub region: Option<String>,
    /// The congress session (`第十四届人民代表大会第五次会议`).
    pub session: Option<String>,
}

impl Dateline {
    /// The year of the report the dateline closes: the dateline's year,
    /// or the next one for a report delivered in November or December
    /// (a city congress held on 2011-12-28 hears the 2012 report).
    pub fn report_year(&self) -> Option<i32> {
        match self.date {
            Some(date) if date.month >= 11 => Some(date.year + 1),
            _ => self.year,
        }
    }
}

/// The key–value header of a text (values `未知`, `无` … are absent).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KvHeader {
    /// `标题` / `题目`.
    pub title: Option<String>,
    /// `发文单位` / `发文机关` / `发布单位`.
    pub issuer: Option<String>,
    /// `发文时间` / `发布时间` / `日期` … as written.
    pub date: Option<String>,
    /// Whether the date is the publication date (`发布时间`, `发布日期`,
    /// `published`): the dateline, the day the report was delivered,
    /// outranks it.
    pub date_published: bool,
    /// `报告人` / `作者`.
    pub speaker: Option<String>,
    /// `来源` / `来源URL` / `原文链接`.
    pub source: Option<String>,
    /// `地区` / `region`.
    pub region: Option<String>,
}

/// What the head of a report says about it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Head {
    /// The key–value header, when there is one.
    pub kv: Option<KvHeader>,
    /// Bytes of the text the key–value header occupies (from the start),
    /// to be removed; 0 when there is none.
    pub kv_len: usize,
    /// The title line.
    pub title: Option<String>,
    /// The dateline.
    pub dateline: Option<Dateline>,
    /// The region of the speaker line (`海拉尔区人民政府区长 杜联合`).
    pub speaker_region: Option<String>,
    /// The speaker is the Premier, or the opening says 我代表国务院.
    pub national: bool,
    /// The region the opening sentence names (`我代表示例市人民政府`).
    pub opening_region: Option<String>,
    /// The kind of government the opening speaks for when it names none
    /// (`我代表市人民政府`: 市, a city; 县, 区, 旗: a county), to tell a
    /// city's short name from a county's that shares it (长沙).
    pub opening_level: Option<super::Level>,
    /// The page's publication date: a lone `key: date` line of the head
    /// (`发布日期: 2019-01-15`; a block of several is [`Head::kv`]) or a
    /// date after the title on its line. When the page went online, not
    /// when the report was delivered: the year of last resort.
    pub published: Option<Date>,
    /// The signature's date: a date alone on one of the text's last two
    /// non-empty lines (`示例市人民政府` / `2019年1月20日`).
    pub signed: Option<Date>,
}

static KV_RE: LazyLock<Regex> = LazyLock::new(|| {
    let keys = format!("{}|(?i:{})", KV_KEYS.join("|"), KV_ENGLISH.join("|"));
    // `标题:…` and, as some scrapers write it, `【标题】…`.
    Regex::new(&format!(
        r"^\s*(?:【\s*(?P<k1>{keys})\s*】\s*:?|(?P<k2>{keys})\s*:)\s*(?P<v>.*)$"
    ))
    .unwrap_or_else(|e| unreachable!("{e}"))
});

/// The English keys of a key–value header (any case), which [`kv_line`]
/// maps to their Chinese equivalents. The cleaning rule that joins wrapped
/// lines keeps every header line alone (`alone` of
/// `wikisource-link-lines` in `assets/rules/clean.toml`; a test checks it
/// for each key here).
pub(crate) const KV_ENGLISH: &[&str] = &[
    "title",
    "date",
    "time",
    "published",
    "publish_time",
    "publish_date",
    "publishtime",
    "publishdate",
    "pub_time",
    "pub_date",
    "pubtime",
    "pubdate",
    "release_time",
    "release_date",
    "published_at",
    "publication_date",
    "author",
    "source",
    "url",
    "link",
    "region",
    "content",
    "body",
    "text",
];

/// A line of a key–value header: its key (English keys as their Chinese
/// equivalent: `title` → `标题`, `content` → `正文` …) and its value.
fn kv_line(line: &str) -> Option<(&'static str, &str)> {
    let c = KV_RE.captures(line)?;
    let key = c.name("k1").or_else(|| c.name("k2"))?.as_str();
    let value = c.name("v").map_or("", |m| m.as_str());
    let key = match key.to_ascii_lowercase().as_str() {
        "title" => "标题",
        "date" | "time" => "日期",
        "published" | "publish_time" | "publish_date" | "publishtime" | "publishdate"
        | "pub_time" | "pub_date" | "pubtime" | "pubdate" | "release_time" | "release_date"
        | "published_at" | "publication_date" => "发布时间",
        "author" => "作者",
        "source" | "url" | "link" => "来源",
        "region" => "地区",
        "content" | "body" | "text" => "正文",
        _ => KV_KEYS.iter().find(|k| **k == key)?,
    };
    Some((key, value))
}

/// The Chinese keys of a key–value header, as [`kv_line`] returns them.
pub(crate) const KV_KEYS: &[&str] = &[
    "标题",
    "题目",
    "文章标题",
    "发文单位",
    "发文机关",
    "发布单位",
    "发布机构",
    "发文时间",
    "发布时间",
    "发文日期",
    "发布日期",
    "发表时间",
    "发表日期",
    "公开日期",
    "成文日期",
    "日期",
    "时间",
    "报告人",
    "作者",
    "来源",
    "来源URL",
    "来源网址",
    "来源链接",
    "原文链接",
    "原文地址",
    "网址",
    "URL",
    "链接",
    "文号",
    "发文字号",
    "索引号",
    "生成日期",
    "名称",
    "信息名称",
    "主题词",
    "关键字",
    "内容概述",
    "公开方式",
    "公开范围",
    "公开时限",
    "公开形式",
    "有效性",
    "时效性",
    "体裁分类",
    "组配分类",
    "服务对象",
    "信息分类",
    "所属机构",
    "所属主题",
    "分类",
    "主题分类",
    "关键词",
    "地区",
    "正文",
];

/// An opening that speaks for a government by its kind alone
/// (`我代表市人民政府`, `我代表本届县政府`).
static OPENING_LEVEL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"我代表(?:本届|新一届|上届)?(市|州|盟|县|区|旗)(?:人民)?政府")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// An opening addressed to a session of the National People's Congress
/// (`向第二届全国人民代表大会第一次会议作政府工作报告`), as the early
/// national reports open instead of `我代表国务院`.
static NPC_ADDRESS_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"向(?:第[一二三四五六七八九十]+届)?全国人民代表大会第?[一二三四五六七八九十\d]+次(?:全体)?会议(?:作|报告)")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A date in Arabic or Chinese numerals, with optional month and day.
const DATE_PART: &str = r"(?P<y>(?:19|20)\d{2}|[一二][〇○零O0一二三四五六七八九]{3})\s*年\s*(?:(?P<m>\d{1,2}|十[一二]?|[一二三四五六七八九]|元)\s*月\s*(?:(?P<d>\d{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])\s*日)?)?";

static DATELINE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:^|[\s(\[【<—―–‒‐‑─━⸺⸻\-•·~])\s*{DATE_PART}\s*在(?P<place>[^\n在]{{0,30}}?)(?P<session>(?:第?[一二三四五六七八九十百零〇\d]+届)?(?:全国)?(?:人民代表大会|人大)(?:常务委员会|常委会|工作委员会|工委)?(?:第?[一二三四五六七八九十百零〇\d]+次)?(?:全体)?会议)上?"
    ))
    .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A dateline of a meeting other than a people's congress, standing alone
/// on its line under a work report's title: a 盟's or 地区's report to its
/// 人大工委 is read by [`DATELINE_RE`]; a new area's or a development
/// zone's report to its 工作会议 or 干部大会 by this
/// (`——2019年1月18日在示例新区工作会议上`).
static MEETING_DATELINE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^[(\[【—―–‒‐‑─━⸺⸻\-~]+\s*{DATE_PART}\s*在(?P<place>[^\n在]{{0,30}}?)(?:工作会议|干部大会|全体会议|扩大会议|会议|大会)上?[)\]】]?$"
    ))
    .unwrap_or_else(|e| unreachable!("{e}"))
});

/// The start of a section heading: `一、`, `(一)`, `1.`, `1、`, `第一部分`.
static HEADING_START_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[一二三四五六七八九十]{1,3}[、.]|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.、．]\D|第[一二三四五六七八九十]{1,3}部分)")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A dash and the session a report was delivered at, without a date
/// (`——在示例市第五届人民代表大会第五次会议上`), after a title on its line.
static UNDATED_SESSION_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[—―–‒‐‑─━⸺⸻\-]{1,4}\s*在[^\n在]{0,30}?(?:人民代表大会|人大)")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// The opening sentence's `我代表示例市人民政府` (not `我代表市人民政府`, nor
/// `本届市人民政府`).
static OPENING_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"我代表(?P<region>\p{Han}{1,15}?(?:省|自治区|特别行政区|市|州|盟|地区|县|区|旗))(?:人民)?政府")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

static SPEAKER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:报告人\s*:\s*)?(?:(?P<state>国务院)|(?P<region>\p{Han}{2,15}?(?:省|自治区|特别行政区|市|州|盟|地区|县|区|旗)))?(?:人民政府)?(?:代理|代|副)?(?P<role>省长|市长|州长|盟长|专员|县长|区长|旗长|主席|总理)\s*(?P<name>\p{Han}{2,4})?$")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// What may follow a title on its line and is not part of it: article
/// info (`日期:`, `来源:` …), separators, or a bare date (with a time of
/// day: a page's publication stamp).
static TITLE_TAIL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:发布)?(?:日期|时间|来源|作者|浏览次数|点击)\s*:|\|{2,}|【|\s*(?:19|20)\d{2}(?:年\d{1,2}月\d{1,2}日|-\d{1,2}-\d{1,2})(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?\s*$")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

static SPACED_TITLE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:\p{Han}|\d{4})[ \t\u{3000}]+){3,}\p{Han}$")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Values that mean "not known".
fn known(v: &str) -> Option<String> {
    let v = v.trim();
    let unknown = [
        "", "未知", "无", "不详", "暂无", "-", "--", "—", "null", "none", "n/a", "nan",
    ];
    (!unknown.contains(&v.to_lowercase().as_str())).then(|| v.to_string())
}

/// Read the head of a cleaned text.
pub fn read_head(text: &str) -> Head {
    let mut head = Head::default();
    let (kv, kv_len) = kv_header(text);
    head.kv = kv;
    head.kv_len = kv_len;
    let lines: Vec<&str> = text[kv_len..]
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(HEAD_LINES)
        .collect();
    // The title lines before the salutation, with the publication date a
    // title line may carry after it, and the line the dateline was found
    // on: the title is the first candidate at or above the dateline that is
    // not a page's ticker or related-link line (`热点:2024年政府工作报告解读`,
    // `热点推荐:图解…`, which name another report), else the first.
    let mut titles: Vec<(usize, String, Option<Date>)> = Vec::new();
    let mut dateline_at: Option<usize> = None;
    // The line a lone `发布日期: …` line gave the publication date on: it
    // yields to a date after the title only when the title comes first.
    let mut published_at: Option<usize> = None;
    for (i, line) in lines.iter().enumerate() {
        if head.dateline.is_none() {
            // A dateline may wrap onto the next line (`——2002年12月16日在
            // 示例市第三届` / `人民代表大会第一次会议上`).
            // A dateline sits at the start of its line (or after a short
            // title): only the first 1,000 bytes of a line are searched, so
            // a long paragraph costs nothing.
            // Every dateline names the congress's 会议 and a 年: lines
            // without them are not searched.
            let line = prefix(line, 1000);
            let maybe = |s: &str| s.contains("会议") && s.contains('年');
            head.dateline = maybe(line).then(|| dateline(line)).flatten().or_else(|| {
                let next = prefix(lines.get(i + 1)?, 1000);
                (line.contains('在') && line.contains('年') && next.contains("会议"))
                    .then(|| dateline(&format!("{line}{next}")))?
            });
            if head.dateline.is_some() {
                dateline_at = Some(i);
            }
        }
        let before_salutation =
            !is_salutation(line) && lines[..i].iter().all(|l| !is_salutation(l));
        // A date alone on a line of the title block: a dateline, whose
        // place and session the line before or after may give on its own
        // (`——在示例市第一届人民代表大会第二次会议上` / `2005年3月22日`).
        if head.dateline.is_none()
            && before_salutation
            && let Some(date) = bare_date(line)
        {
            let session = [i.checked_sub(1), Some(i + 1)]
                .into_iter()
                .flatten()
                .filter_map(|j| lines.get(j))
                .find_map(|l| {
                    let l = l.trim_matches(|c: char| {
                        c.is_whitespace() || "()[]【】〔〕—―–‒‐‑─━⸺⸻-~".contains(c)
                    });
                    let written = format!("{}年{}月{}日{l}", date.year, date.month, date.day);
                    l.starts_with('在')
                        .then(|| dateline(&written))
                        .flatten()
                        .filter(|d| d.date == Some(date))
                });
            head.dateline = session.or(Some(Dateline {
                date: Some(date),
                year: Some(date.year),
                region: None,
                session: None,
            }));
            dateline_at = Some(i);
        }
        if before_salutation && let Some(title) = title_line(line) {
            let published = TITLE_TAIL_RE
                .find(line)
                .filter(|m| m.start() > 0)
                .and_then(|m| published_date(&[&line[m.start()..]]));
            titles.push((i, title, published));
        }
        if head.published.is_none()
            && line.len() <= 200
            && let Some((key, value)) = kv_line(line)
            && is_date_key(key)
        {
            head.published = published_date(&[value]);
            published_at = Some(i);
        }
        // The speaker line belongs to the title block: one after the
        // salutation is a quoted report's (a study appendix quoting the
        // Premier's report under a county's own head).
        if (head.speaker_region.is_none() || !head.national)
            && before_salutation
            && let Some((region, national)) = speaker(line)
        {
            head.national |= national;
            if head.speaker_region.is_none() {
                head.speaker_region = region;
            }
        }
        if line.contains("我代表国务院")
            || line.contains("我代表中央人民政府")
            || (line.contains("全国人民代表大会") && NPC_ADDRESS_RE.is_match(line))
        {
            head.national = true;
        }
        if head.opening_level.is_none()
            && line.contains("我代表")
            && let Some(c) = OPENING_LEVEL_RE.captures(prefix(line, 1000))
        {
            head.opening_level = match &c[1] {
                "市" | "州" | "盟" => Some(super::Level::City),
                "县" | "区" | "旗" => Some(super::Level::County),
                _ => None,
            };
        }
        if head.opening_region.is_none() && line.contains("我代表") {
            head.opening_region = OPENING_RE
                .captures(prefix(line, 1000))
                .map(|c| c["region"].to_string())
                .filter(|r| {
                    super::metadata::names_a_place(r)
                        && !is_generic_region(r)
                        && !r.starts_with(['本', '我', '新', '上', '各'])
                        && !["届", "政府", "人民", "大会", "代表"]
                            .iter()
                            .any(|w| r.contains(w))
                });
        }
    }
    // No congress's dateline: a meeting's, on a line of its own right
    // under a work report's title.
    if head.dateline.is_none()
        && let Some((i, d)) = titles
            .iter()
            .filter(|(_, t, _)| t.contains("工作报告"))
            .find_map(|(i, _, _)| {
                let next = lines.get(i + 1)?;
                Some((i + 1, meeting_dateline(next)?))
            })
    {
        head.dateline = Some(d);
        dateline_at = Some(i);
    }
    let limit = dateline_at.unwrap_or(usize::MAX);
    let chosen = titles
        .iter()
        .position(|(i, t, _)| *i <= limit && !is_link_line(t))
        .unwrap_or(0);
    if let Some((at, title, published)) = titles.into_iter().nth(chosen) {
        head.title = Some(title);
        if published.is_some() && published_at.is_none_or(|p| p > at) {
            head.published = published;
        }
    }
    if head.title.is_none() {
        head.title = head.kv.as_ref().and_then(|k| k.title.clone());
    }
    // The last two non-empty lines: a signature's date, or a dateline some
    // copies put at the end instead of under the title.
    let last: Vec<&str> = text
        .lines()
        .rev()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(2)
        .collect();
    head.signed = last.iter().find_map(|l| signature_date(l));
    if head.dateline.is_none() {
        head.dateline = last.iter().find_map(|l| closing_dateline(l));
    }
    let nation = Some(super::metadata::NATIONAL_REGION);
    head.national |= head.dateline.as_ref().and_then(|d| d.region.as_deref()) == nation;
    head
}

/// The key–value block at the start of `text` (at least two `key: value`
/// lines, blank lines allowed between them), and its length in bytes up to
/// and including its last line (`正文:` included; a body starting on the
/// `正文:` line stays).
fn kv_header(text: &str) -> (Option<KvHeader>, usize) {
    let mut kv = KvHeader::default();
    let (mut n, mut end, mut pos) = (0usize, 0usize, 0usize);
    for line in text.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        if line.trim().is_empty() {
            continue;
        }
        let fields = kv_fields(line.trim_end_matches(['\n', '\r']));
        let Some(&(key, value)) = fields.first() else {
            break;
        };
        // A value that runs on into the report (a text on one line after
        // `生成日期:…`, a salutation after a summary) is no header field:
        // the header ends before the line, which stays in the text.
        if key != "正文"
            && fields
                .iter()
                .any(|(_, v)| v.chars().count() > MAX_KV_VALUE || v.contains("各位代表"))
        {
            break;
        }
        n += fields.len();
        if key == "正文" {
            // The body may start on the marker's own line.
            end = if value.trim().is_empty() {
                pos
            } else {
                start + line.find(value.trim()).unwrap_or(0)
            };
            break;
        }
        end = pos;
        for &(key, value) in &fields {
            kv.take(key, value);
        }
    }
    if n < 2 {
        return (None, 0);
    }
    (Some(kv), end)
}

/// The longest value of a key–value header field, in characters (a page's
/// summary, 内容概述, runs to a few hundred).
const MAX_KV_VALUE: usize = 400;

/// The fields of a header line: one (`标题:…`), or several that a page's
/// information table put on one line (`索引号:… 发布机构:… 生成日期:…`),
/// each value ending where the next key starts after a space.
fn kv_fields(line: &str) -> Vec<(&'static str, &str)> {
    let Some((key, value)) = kv_line(line) else {
        return Vec::new();
    };
    let mut fields = Vec::new();
    let (mut key, mut rest) = (key, value);
    while let Some(m) = KV_NEXT_RE.captures(rest) {
        let (Some(whole), Some(k)) = (m.get(0), m.name("k")) else {
            break;
        };
        let Some(next) = KV_KEYS.iter().find(|x| **x == k.as_str()) else {
            break;
        };
        fields.push((key, &rest[..whole.start()]));
        key = next;
        rest = &rest[whole.end()..];
    }
    fields.push((key, rest));
    fields
}

/// Another Chinese key after a space in a header line's value.
static KV_NEXT_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"\s+(?P<k>{})\s*:\s*", KV_KEYS.join("|")))
        .unwrap_or_else(|e| unreachable!("{e}"))
});

impl KvHeader {
    /// Take a header field's value into its place.
    fn take(&mut self, key: &str, value: &str) {
        let kv = self;
        let v = known(value);
        match key {
            "标题" | "题目" | "文章标题" | "名称" | "信息名称" => {
                kv.title = kv.title.take().or(v)
            }
            "发文单位" | "发文机关" | "发布单位" | "发布机构" => {
                kv.issuer = kv.issuer.take().or(v)
            }
            "报告人" | "作者" => kv.speaker = kv.speaker.take().or(v),
            "地区" => kv.region = kv.region.take().or(v),
            "来源" | "来源URL" | "来源网址" | "来源链接" | "原文链接" | "原文地址" | "网址"
            | "URL" | "链接" => kv.source = kv.source.take().or(v),
            k if is_date_key(k) && kv.date.is_none() && v.is_some() => {
                kv.date = v;
                kv.date_published = ["发布", "发表", "公开", "生成"]
                    .iter()
                    .any(|p| k.starts_with(p));
            }
            _ => {}
        }
    }
}

/// Whether a header key names a date (`发文时间`, `发布日期`, `日期` …).
fn is_date_key(key: &str) -> bool {
    matches!(
        key,
        "发文时间"
            | "发布时间"
            | "发文日期"
            | "发布日期"
            | "发表时间"
            | "发表日期"
            | "公开日期"
            | "成文日期"
            | "生成日期"
            | "日期"
            | "时间"
    )
}

/// The publication date on the page-stamp lines the cleaning rules
/// dropped (`Cleaned::dated_lines`: `发布时间:2019-01-15 10:30 来源:…`,
/// `2019-01-15 10:30 来源:示例市人民政府办公室`): the first complete date
/// (year, month and day) of a plausible year, in line order.
pub fn published_date<S: AsRef<str>>(lines: &[S]) -> Option<Date> {
    lines
        .iter()
        .filter_map(|l| parse_any_date(l.as_ref()))
        .find(|d| plausible_year(d.year))
}

/// A line that is a complete date and nothing else, perhaps in brackets
/// or after a dash: `(2019年1月15日)`, `——二〇一九年一月十五日`,
/// `2019.01.15`, `2019/1/15`, `2019-01-15` (of a plausible year).
fn bare_date(line: &str) -> Option<Date> {
    let inner = line
        .trim_matches(|c: char| c.is_whitespace() || "()[]【】〔〕<>《》—―–‒‐‑─━⸺⸻-~".contains(c));
    let date_chars = |c: char| {
        c.is_ascii_digit()
            || c.is_whitespace()
            || "年月日号-/.〇○零O一二三四五六七八九十元".contains(c)
    };
    if inner.is_empty() || inner.chars().count() > 20 || !inner.chars().all(date_chars) {
        return None;
    }
    parse_any_date(inner).filter(|d| plausible_year(d.year))
}

/// The date of a signature line: a date alone ([`bare_date`]), or after
/// the issuer on the same line (`示例市人民政府 2019年1月20日`, as a text
/// whose single line breaks were joined has it).
fn signature_date(line: &str) -> Option<Date> {
    bare_date(line).or_else(|| {
        let (issuer, rest) = line.split_once("政府")?;
        let region = issuer.strip_suffix("人民").unwrap_or(issuer);
        (issuer.chars().count() <= 20 && region_name(region).is_some())
            .then(|| bare_date(rest))
            .flatten()
    })
}

/// `各位代表:` and the like.
fn is_salutation(line: &str) -> bool {
    line.starts_with("各位代表") || line.starts_with("同志们") || line.starts_with("各位委员")
}

/// A title line that is a page's link to another article: a short label
/// and a colon before it (`热点:…`, `热点推荐:…`, `相关阅读:…`; not
/// `标题:`), or a digest's words (`图解…`, `…解读`).
fn is_link_line(title: &str) -> bool {
    let labelled = title.split_once(':').is_some_and(|(label, _)| {
        let n = label.chars().count();
        (1..=6).contains(&n)
            && label.chars().all(super::metadata::is_han)
            && !label.contains("报告")
            && !["标题", "题目", "名称", "文章标题"].contains(&label)
    });
    labelled || super::metadata::is_explainer(title)
}

/// A title line: names a report, is short, and is not a sentence; a spaced
/// title (`政 府 工 作 报 告`) is closed up.
fn title_line(line: &str) -> Option<String> {
    let line = line.trim_start_matches('#').trim();
    // A title given under its label (`标题:…`, a lone line of a header).
    let line = ["标题", "题目", "名称", "文章标题", "Title", "title"]
        .iter()
        .find_map(|label| {
            line.strip_prefix(label)?
                .trim_start()
                .strip_prefix([':', '：'])
                .map(str::trim_start)
        })
        .unwrap_or(line);
    let closed: String;
    if line.len() > 600 {
        return None;
    }
    let line = if SPACED_TITLE_RE.is_match(line) {
        closed = line.chars().filter(|c| !c.is_whitespace()).collect();
        closed.as_str()
    } else {
        line
    };
    let sentence = line.contains(['。', ',', ';', '!', '?', '，', '；']) || line.contains("我代表");
    let names_report = line.contains("报告");
    // `报告人: 示例市人民政府市长 张三` names the speaker, not the report.
    // A breadcrumb's last step (`>政府工作报告`) names the page's section,
    // not the report.
    let markup = line.starts_with(['<', '[', '>', '›', '»', '‹', '«', '◄', '►', '←', '→'])
        || line.starts_with("报告人");
    if !names_report || sentence || markup || line.chars().count() > 80 {
        return None;
    }
    // A section heading (`一、2009年政府工作报告的主要内容`, `(二)…`,
    // `3. …`) or a dateline that ends in 报告 (`——2007年3月26日在…会议上
    // 的报告`) is no title.
    if HEADING_START_RE.is_match(line)
        || DATELINE_RE
            .find(line)
            .is_some_and(|m| line[..m.start()].trim().is_empty())
    {
        return None;
    }
    // A dateline (dated, or only naming the session after a dash:
    // `——在示例市第五届人民代表大会第五次会议上`), an article-info tail
    // (`日期:… 来源:…`) or a bare date after the title is not part of it.
    let mut end = line.len();
    if let Some(m) = DATELINE_RE.find(line).filter(|m| m.start() > 0) {
        end = end.min(m.start());
    }
    if let Some(m) = UNDATED_SESSION_RE.find(line).filter(|m| m.start() > 0) {
        end = end.min(m.start());
    }
    if let Some(m) = TITLE_TAIL_RE.find(line).filter(|m| m.start() > 0) {
        end = end.min(m.start());
    }
    let title = line[..end].trim_end_matches([
        '—', '―', '–', '‒', '‐', '‑', '─', '━', '⸺', '⸻', '-', '(', '[', ' ', '|',
    ]);
    let title = without_site_name(title);
    (title.contains("报告") && title.chars().count() <= 60).then(|| title.to_string())
}

/// A page title copied into the text with its site's name after it
/// (`2019年示例市政府工作报告_示例市人民政府`, `…-示例省人民政府门户网站`):
/// the report's part, when it comes first and every part after it names a
/// site.
fn without_site_name(title: &str) -> &str {
    let parts: Vec<&str> = title.split(['_', '|', '-']).map(str::trim).collect();
    let site = |p: &str| {
        [
            "人民政府",
            "政府",
            "网",
            "网站",
            "门户网站",
            "政府网",
            "新闻网",
            "日报",
        ]
        .iter()
        .any(|w| p.ends_with(w))
    };
    match parts.split_first() {
        Some((report, sites))
            if report.contains("报告") && !sites.is_empty() && sites.iter().all(|p| site(p)) =>
        {
            report
        }
        _ => title,
    }
}

/// The heads of the reports a text holds one after another (a file that
/// collects several years' reports): a title line (`象山县2019年政府工作报告`)
/// with, on one of the next two non-empty lines, a dateline standing alone
/// on its line (`——2019年1月15日在象山县第十六届人民代表大会第四次会议上`).
/// For each, the byte offset of its title line in `text`, its line number
/// (1-based) and its dateline, in text order. Lines are read as NFKC would
/// leave them.
pub fn report_heads(text: &str) -> Vec<(usize, u64, Dateline)> {
    let mut heads = Vec::new();
    // The last two non-empty lines: (offset, line number, title).
    let mut before: Vec<(usize, u64, Option<String>)> = Vec::new();
    let mut pos = 0usize;
    for (n, raw) in text.split_inclusive('\n').enumerate() {
        let start = pos;
        pos += raw.len();
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        let short = line.len() <= 600;
        if short && line.contains("会议") && line.contains('年') {
            let normal = super::clean::nfkc(line);
            if let Some(d) = closing_dateline(&normal)
                && let Some((at, number, _)) = before.iter().rev().find(|b| b.2.is_some())
            {
                heads.push((*at, *number, d));
                before.clear();
                continue;
            }
        }
        let title = (short && line.contains("报告"))
            .then(|| title_line(&super::clean::nfkc(line)))
            .flatten();
        before.push((start, n as u64 + 1, title));
        if before.len() > 2 {
            before.remove(0);
        }
    }
    heads
}

/// The first `max` bytes of `s`, cut at a character boundary.
fn prefix(s: &str, max: usize) -> &str {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Read a dateline from one line.
/// A dateline standing alone on a line at the end of a text
/// (`（2023年1月12日在示例市第十六届人民代表大会第二次会议上）`): the whole
/// line, brackets and dashes aside, is the dateline, never a sentence that
/// mentions a congress.
fn closing_dateline(line: &str) -> Option<Dateline> {
    let inner = line
        .trim_matches(|c: char| c.is_whitespace() || "()（）[]【】〔〕—―–‒‐‑─━⸺⸻-~".contains(c));
    let starts_with_year = inner
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || "一二〇○零".contains(c));
    let ends_at_the_session = inner.ends_with("会议上") || inner.ends_with("会议");
    (starts_with_year && ends_at_the_session && inner.chars().count() <= 80)
        .then(|| dateline(inner))
        .flatten()
}

/// The dateline of a meeting other than a people's congress: a whole line
/// ([`MEETING_DATELINE_RE`]), with its date and the region it names.
fn meeting_dateline(line: &str) -> Option<Dateline> {
    if line.chars().count() > 60 {
        return None;
    }
    let c = MEETING_DATELINE_RE.captures(line)?;
    let (year, date) = dateline_date(&c)?;
    Some(Dateline {
        date,
        year: Some(year),
        region: region_name(c.name("place").map_or("", |m| m.as_str()))
            .filter(|r| super::metadata::names_a_place(r)),
        session: None,
    })
}

/// The year of a dateline's [`DATE_PART`] (a plausible one) and its full
/// date, when it gives the month and day.
fn dateline_date(c: &regex::Captures<'_>) -> Option<(i32, Option<Date>)> {
    let year = c.name("y").and_then(|m| cn_number(m.as_str(), true))? as i32;
    if !plausible_year(year) {
        return None;
    }
    let month = c.name("m").and_then(|m| cn_number(m.as_str(), false));
    let day = c.name("d").and_then(|m| cn_number(m.as_str(), false));
    Some((
        year,
        month.zip(day).and_then(|(m, d)| Date::new(year, m, d)),
    ))
}

/// The dateline of `line`, wherever it stands in it.
pub fn dateline(line: &str) -> Option<Dateline> {
    let c = DATELINE_RE.captures(line)?;
    let (year, date) = dateline_date(&c)?;
    let session = c.name("session").map(|m| m.as_str().to_string());
    let place = c.name("place").map_or("", |m| m.as_str().trim());
    let region = if session.as_deref().is_some_and(|s| s.contains("全国")) {
        Some(super::metadata::NATIONAL_REGION.to_string())
    } else {
        region_name(place)
    };
    Some(Dateline {
        date,
        year: Some(year),
        region,
        session,
    })
}

/// A region name: at least two Han characters before a region suffix
/// (`市` alone, "the city", names none).
fn region_name(s: &str) -> Option<String> {
    let s = s.trim();
    let han = s.chars().all(is_han);
    let suffix = [
        "省",
        "自治区",
        "特别行政区",
        "市",
        "州",
        "盟",
        "地区",
        "县",
        "区",
        "旗",
    ]
    .iter()
    .any(|x| s.ends_with(x));
    let town = super::metadata::is_town_name(s);
    (han && (suffix || town) && s.chars().count() >= 2 && !is_generic_region(s))
        .then(|| s.to_string())
}

/// A word that names a kind of region, not one (`自治区` in
/// `我代表自治区人民政府`, as `市` in `我代表市人民政府`).
fn is_generic_region(s: &str) -> bool {
    [
        "自治区",
        "自治州",
        "自治县",
        "自治旗",
        "特别行政区",
        "地区",
        "市区",
        "新区",
    ]
    .contains(&s)
}

/// The speaker line's region, and whether the speaker is the Premier.
fn speaker(line: &str) -> Option<(Option<String>, bool)> {
    if line.chars().count() > 30 {
        return None;
    }
    let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
    let c = SPEAKER_RE.captures(&line)?;
    let role = c.name("role").map_or("", |m| m.as_str());
    let national = role == "总理" && c.name("region").is_none();
    let region = c.name("region").and_then(|m| region_name(m.as_str()));
    Some((region, national))
}

/// A number in Arabic digits or Chinese numerals. Years are read digit by
/// digit (`二〇二三` = 2023); months and days as numbers (`二十一` = 21;
/// `元`, of 元月, the first month, = 1).
pub fn cn_number(s: &str, digitwise: bool) -> Option<u32> {
    if let Ok(n) = s.parse() {
        return Some(n);
    }
    // 元月: the first month.
    if !digitwise && s == "元" {
        return Some(1);
    }
    let digit = |c: char| -> Option<u32> {
        Some(match c {
            '〇' | '○' | '零' | 'O' | '0' => 0,
            '一' => 1,
            '二' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            _ => return None,
        })
    };
    if digitwise {
        return s
            .chars()
            .try_fold(0u32, |acc, c| Some(acc * 10 + digit(c)?));
    }
    match s.split_once('十') {
        None => digit(s.chars().next()?).filter(|_| s.chars().count() == 1),
        Some((tens, ones)) => {
            let t = if tens.is_empty() {
                1
            } else {
                cn_number(tens, false)?
            };
            let o = if ones.is_empty() {
                0
            } else {
                cn_number(ones, false)?
            };
            Some(t * 10 + o)
        }
    }
}

/// A date anywhere in `s`, in Arabic or Chinese numerals
/// (`二〇二三年一月四日`, `2023年1月4日`, `2023-01-04`).
pub fn parse_any_date(s: &str) -> Option<Date> {
    if let Some(d) = parse_date(s) {
        return Some(d);
    }
    static CN: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(DATE_PART).unwrap_or_else(|e| unreachable!("{e}")));
    let c = CN.captures(s)?;
    let y = cn_number(c.name("y")?.as_str(), true)?;
    let m = cn_number(c.name("m")?.as_str(), false)?;
    let d = cn_number(c.name("d")?.as_str(), false)?;
    Date::new(y as i32, m, d)
}

/// The year of a date written in any of the forms above, also when only
/// year and month (`2014-01`) or the year alone (`2014年`) are given.
pub fn year_of(s: &str) -> Option<i32> {
    if let Some(d) = parse_any_date(s) {
        return Some(d.year);
    }
    static YEAR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:^|[^\d])((?:19|20)\d{2})(?:\s*年|-|/|\.|$|[^\d])")
            .unwrap_or_else(|e| unreachable!("{e}"))
    });
    let y: i32 = YEAR.captures(s)?.get(1)?.as_str().parse().ok()?;
    plausible_year(y).then_some(y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publication_stamps_of_a_page() {
        // A lone `key: date` line of the head (a block of two or more is
        // the key–value header), and a date after the title on its line.
        let h = read_head("示例市政府工作报告\n日期:2018.02.03\n各位代表:\n正文。");
        assert_eq!(h.published, Date::new(2018, 2, 3));
        assert!(h.kv.is_none());
        let h = read_head("示例市政府工作报告 发布日期:2017-01-20\n各位代表:");
        assert_eq!(h.title.as_deref(), Some("示例市政府工作报告"));
        assert_eq!(h.published, Date::new(2017, 1, 20));
        // A year alone, or a key that is not a date's, is no stamp.
        let h = read_head("示例市政府工作报告\n时间:2018年\n来源:2018-02-03\n各位代表:");
        assert_eq!(h.published, None);
        // Nor is a date of an implausible year.
        let h = read_head("示例市政府工作报告\n日期:1019-01-15\n各位代表:");
        assert_eq!(h.published, None);
        // The dropped stamp lines: the first complete date of a plausible year.
        let lines = |ls: &[&str]| ls.iter().map(|l| l.to_string()).collect::<Vec<_>>();
        assert_eq!(
            published_date(&lines(&[
                "来源:示例市人民政府",
                "发布时间:二〇一九年一月十五日"
            ])),
            Date::new(2019, 1, 15)
        );
        assert_eq!(
            published_date(&lines(&["发布时间:1019-01-15", "时间:2019年"])),
            None
        );
    }

    #[test]
    fn a_date_alone_in_the_title_block_is_a_dateline_without_a_place() {
        for (line, date) in [
            ("(2019年1月15日)", (2019, 1, 15)),
            ("——二〇一九年一月十五日", (2019, 1, 15)),
            ("2019.01.15", (2019, 1, 15)),
            ("【2019/1/5】", (2019, 1, 5)),
            ("2019-01-15", (2019, 1, 15)),
        ] {
            let h = read_head(&format!("示例市政府工作报告\n{line}\n各位代表:\n正文。"));
            let d = h.dateline.unwrap_or_else(|| panic!("{line}"));
            assert_eq!(d.date, Date::new(date.0, date.1, date.2), "{line}");
            assert_eq!(d.year, Some(date.0));
            assert_eq!((d.region, d.session), (None, None));
        }
        // The place and session on the line before or after.
        for text in [
            "政府工作报告\n——在示例市第一届人民代表大会第二次会议上\n2005年3月22日\n各位代表:",
            "政府工作报告\n(二〇〇五年三月二十二日)\n(在示例市第一届人民代表大会第二次会议上)\n各位代表:",
        ] {
            let d = read_head(text).dateline.unwrap();
            assert_eq!(d.date, Date::new(2005, 3, 22), "{text}");
            assert_eq!(d.region.as_deref(), Some("示例市"), "{text}");
            assert_eq!(
                d.session.as_deref(),
                Some("第一届人民代表大会第二次会议"),
                "{text}"
            );
        }
        // A full dateline wins over a bare date after it.
        let h = read_head(
            "政府工作报告\n——2016年2月19日在海拉尔区第十四届人民代表大会第五次会议上\n2016-03-01\n各位代表:",
        );
        assert_eq!(h.dateline.unwrap().date, Date::new(2016, 2, 19));
        // Not a bare date: a year or a month alone, a time of day, words
        // beside it, an implausible year, a date after the salutation.
        for text in [
            "示例市政府工作报告\n2019年\n各位代表:",
            "示例市政府工作报告\n2019年1月\n各位代表:",
            "示例市政府工作报告\n2019-01-15 10:30\n各位代表:",
            "示例市政府工作报告\n2019年1月15日发布\n各位代表:",
            "示例市政府工作报告\n1019.01.15\n各位代表:",
            "示例市政府工作报告\n各位代表:\n2019年1月15日\n正文。",
        ] {
            assert_eq!(read_head(text).dateline, None, "{text}");
        }
    }

    #[test]
    fn the_signature_date_at_the_end() {
        let body = "示例市政府工作报告\n各位代表:\n正文。\n";
        let h = read_head(&format!("{body}示例市人民政府\n2019年1月20日\n\n"));
        assert_eq!(h.signed, Date::new(2019, 1, 20));
        let h = read_head(&format!("{body}二〇一九年一月二十日\n示例市人民政府\n"));
        assert_eq!(h.signed, Date::new(2019, 1, 20));
        // The issuer and the date joined on one line.
        let h = read_head(&format!("{body}示例市人民政府2019年1月20日\n"));
        assert_eq!(h.signed, Date::new(2019, 1, 20));
        let h = read_head(&format!("{body}我们要求各级政府2019年1月20日\n"));
        assert_eq!(h.signed, None);
        // Only the last two non-empty lines, and only a date alone.
        let h = read_head(&format!("{body}2019年1月20日\n示例市人民政府\n附件略\n"));
        assert_eq!(h.signed, None);
        let h = read_head(&format!("{body}2019年1月20日,全市召开大会。\n"));
        assert_eq!(h.signed, None);
    }

    #[test]
    fn a_dateline_at_the_end_when_the_head_has_none() {
        // Longer than the head, so that only the end can give a dateline.
        let body = format!(
            "示例市政府工作报告\n各位代表:\n{}让我们团结奋斗!\n",
            "正文。\n".repeat(20)
        );
        for last in [
            "（2023年1月12日在示例市第十六届人民代表大会第二次会议上）",
            "——2023年1月12日在示例市第十六届人民代表大会第二次会议上",
            "二〇二三年一月十二日在示例市第十六届人民代表大会第二次会议上",
        ] {
            let h = read_head(&format!("{body}{last}\n"));
            let d = h.dateline.expect(last);
            assert_eq!(d.date, Date::new(2023, 1, 12), "{last}");
            assert_eq!(d.region.as_deref(), Some("示例市"), "{last}");
            assert_eq!(
                d.session.as_deref(),
                Some("第十六届人民代表大会第二次会议"),
                "{last}"
            );
        }
        // A sentence of the body naming a congress is not a dateline, nor
        // is a dateline further up than the last two lines.
        for text in [
            format!(
                "{body}2023年1月12日在示例市第十六届人民代表大会第二次会议上,代表们审议了报告。\n"
            ),
            format!("{body}我们在2023年1月12日在示例市人民代表大会会议上\n"),
            format!(
                "示例市政府工作报告\n各位代表:\n{}(2023年1月12日在示例市第十六届人民代表大会第二次会议上)\n正文。\n第二段。\n第三段。\n",
                "正文。\n".repeat(20)
            ),
        ] {
            assert_eq!(read_head(&text).dateline, None, "{text}");
        }
        // The head's own dateline wins.
        let h = read_head(
            "示例市政府工作报告\n——2023年1月10日在示例市第十六届人民代表大会第二次会议上\n各位代表:\n正文。\n(2023年1月12日在示例市第十六届人民代表大会第二次会议上)\n",
        );
        assert_eq!(h.dateline.unwrap().date, Date::new(2023, 1, 10));
    }

    #[test]
    fn a_title_under_its_label_is_the_title_alone() {
        for line in [
            "标题:2019年示例市政府工作报告",
            "标题 : 2019年示例市政府工作报告",
            "题目:2019年示例市政府工作报告",
        ] {
            assert_eq!(
                title_line(line).as_deref(),
                Some("2019年示例市政府工作报告"),
                "{line}"
            );
        }
        let h = read_head(
            "标题:2019年示例市政府工作报告\n各位代表:\n现在,我代表市人民政府向大会报告工作。\n",
        );
        assert_eq!(h.title.as_deref(), Some("2019年示例市政府工作报告"));
        // A breadcrumb's last step is no title.
        let h = read_head(
            "示例市人民政府\n>政府工作报告\n示例市2003年政府工作报告\n各位代表:\n现在,我代表市人民政府向大会报告工作。\n",
        );
        assert_eq!(h.title.as_deref(), Some("示例市2003年政府工作报告"));
    }

    #[test]
    fn headings_and_datelines_are_no_titles() {
        for line in [
            "一、2009年政府工作报告的主要内容和特点",
            "(二)关于政府工作报告的说明",
            "3. 政府工作报告起草过程",
            "—2007年3月26日在示例市第三届人民代表大会第一次会议上的报告",
        ] {
            assert_eq!(title_line(line), None, "{line}");
        }
        assert_eq!(
            title_line("2024年政府工作报告——在示例市第五届人民代表大会第五次会议上").as_deref(),
            Some("2024年政府工作报告")
        );
        // A year at the start is no heading number.
        assert_eq!(
            title_line("2024年示例市政府工作报告").as_deref(),
            Some("2024年示例市政府工作报告")
        );
    }

    #[test]
    fn a_sites_name_after_the_title_is_not_part_of_it() {
        for (line, title) in [
            (
                "2019年示例市政府工作报告_示例市人民政府",
                "2019年示例市政府工作报告",
            ),
            (
                "2019年示例省政府工作报告-示例省人民政府门户网站",
                "2019年示例省政府工作报告",
            ),
            ("示例市政府工作报告 | 示例日报", "示例市政府工作报告"),
            // A part that names no site stays.
            ("示例市政府工作报告_2019", "示例市政府工作报告_2019"),
            ("示例市政府工作报告-摘要", "示例市政府工作报告-摘要"),
            // A site's name before the report's stays: it may be the
            // only place the title names.
            (
                "示例市人民政府_2019年政府工作报告",
                "示例市人民政府_2019年政府工作报告",
            ),
        ] {
            assert_eq!(title_line(line).as_deref(), Some(title), "{line}");
        }
    }

    #[test]
    fn datelines_of_other_meetings() {
        // A 盟's or 地区's report to its people's congress working committee.
        for (line, region, session) in [
            (
                "——2019年2月20日在示例盟人大工委第二次会议上",
                "示例盟",
                "人大工委第二次会议",
            ),
            (
                "——2019年2月22日在示例地区人大工作委员会会议上",
                "示例地区",
                "人大工作委员会会议",
            ),
        ] {
            let d = dateline(line).unwrap();
            assert_eq!(
                d.date,
                Date::new(2019, 2, if region == "示例盟" { 20 } else { 22 })
            );
            assert_eq!(d.region.as_deref(), Some(region));
            assert_eq!(d.session.as_deref(), Some(session));
        }
        // A new area's or a zone's report to a work meeting: a dateline
        // when it stands alone right under a work report's title.
        let body = "各位代表:\n现在,我代表管委会向大会报告工作,请予审议。\n";
        for (dl, region) in [
            ("——2019年1月18日在示例新区工作会议上", Some("示例新区")),
            (
                "(2019年1月18日在示例工业园区工作会议上)",
                Some("示例工业园区"),
            ),
            ("——2019年1月18日在全区干部大会上", None),
        ] {
            let h = read_head(&format!("政府工作报告\n{dl}\n主任 张三\n{body}"));
            let d = h.dateline.unwrap_or_else(|| panic!("{dl}"));
            assert_eq!(d.date, Date::new(2019, 1, 18), "{dl}");
            assert_eq!(d.region.as_deref(), region, "{dl}");
            assert_eq!(h.title.as_deref(), Some("政府工作报告"));
        }
        // Not under a work report's title (a speech), nor in the body.
        for text in [
            format!("在全市经济工作会议上的讲话\n——2019年1月18日在全市经济工作会议上\n{body}"),
            format!("政府工作报告\n{body}——2019年1月18日在示例新区工作会议上\n"),
        ] {
            assert_eq!(read_head(&text).dateline, None, "{text}");
        }
    }

    #[test]
    fn datelines_in_their_usual_forms() {
        let d = dateline("——2016年2月19日在海拉尔区第十四届人民代表大会第五次会议上").unwrap();
        assert_eq!(d.date, Date::new(2016, 2, 19));
        assert_eq!(d.region.as_deref(), Some("海拉尔区"));
        assert_eq!(d.session.as_deref(), Some("第十四届人民代表大会第五次会议"));
        let d = dateline("(2004年2月12日在市第五届人民代表大会第四次会议上)").unwrap();
        assert_eq!(d.date, Date::new(2004, 2, 12));
        assert_eq!(d.region, None);
        let d = dateline("•2003年3月26日在三亚市第四届人民代表大会第一次会议上 三亚市代市长陈辞")
            .unwrap();
        assert_eq!(d.region.as_deref(), Some("三亚市"));
        let d = dateline("——二〇二三年一月四日在盘锦市第九届人民代表大会第二次会议上").unwrap();
        assert_eq!(d.date, Date::new(2023, 1, 4));
        let d = dateline("―二○二一年二月二十一日在示例县第十八届人民代表大会第五次会议上").unwrap();
        assert_eq!(d.date, Date::new(2021, 2, 21));
        let d = dateline("——2024年3月5日在第十四届全国人民代表大会第二次会议上").unwrap();
        assert_eq!(d.region.as_deref(), Some("全国"));
        // 元月 is January, in datelines, bare dates and dates anywhere.
        let d = dateline("——2015年元月8日在乐清市第十五届人民代表大会第四次会议上").unwrap();
        assert_eq!(d.date, Date::new(2015, 1, 8));
        assert_eq!(d.region.as_deref(), Some("乐清市"));
        let d = dateline("——二〇一九年元月十七日在鹿城区第十六届人民代表大会第四次会议上").unwrap();
        assert_eq!(d.date, Date::new(2019, 1, 17));
        assert_eq!(bare_date("(2012年元月6日)"), Date::new(2012, 1, 6));
        assert_eq!(
            parse_any_date("二〇一九年元月十七日"),
            Date::new(2019, 1, 17)
        );
        assert_eq!(parse_any_date("发布:2012年元月6日"), Date::new(2012, 1, 6));
        assert_eq!(year_of("2012年元月"), Some(2012));
        assert_eq!(
            super::super::metadata::parse_year_field("2012年元月"),
            Some(2012)
        );
        // Box-drawing lines, the figure dash and the two- and three-em
        // dashes of Chinese typesetting stand for the dash too.
        for dash in ["─", "━━", "‒", "⸺", "⸻", "‐‐"] {
            let d = dateline(&format!(
                "{dash}2019年1月15日在示例市第十五届人民代表大会第四次会议上"
            ))
            .unwrap_or_else(|| panic!("{dash}"));
            assert_eq!(d.date, Date::new(2019, 1, 15), "{dash}");
            assert_eq!(d.region.as_deref(), Some("示例市"), "{dash}");
        }
        // A congress in November or December hears the next year's report.
        let d = dateline("——2011年12月28日在示例市第七届人民代表大会第一次会议上").unwrap();
        assert_eq!((d.year, d.report_year()), (Some(2011), Some(2012)));
        let d = dateline("——2012年1月8日在示例市第七届人民代表大会第一次会议上").unwrap();
        assert_eq!(d.report_year(), Some(2012));
        let d = dateline("政府工作报告--2012年1月10日在示例市第十届人大第一次会议上").unwrap();
        assert_eq!(d.year, Some(2012));
        assert_eq!(d.region.as_deref(), Some("示例市"));
        let d = dateline("(2010年1月8日在市十五届人大五次会议上)").unwrap();
        assert_eq!(d.session.as_deref(), Some("十五届人大五次会议"));
        assert_eq!(d.region, None);
        assert!(dateline("2015年全市生产总值增长7%").is_none());
        assert!(dateline("去年在全市人民的共同努力下").is_none());
        // `自治区` alone is the kind of region, not its name.
        let d = dateline("——2023年1月13日在自治区第十四届人民代表大会第一次会议上").unwrap();
        assert_eq!(d.region, None);
        assert_eq!(
            read_head("政府工作报告\n各位代表:\n现在,我代表自治区人民政府作报告。").opening_region,
            None
        );
        assert_eq!(speaker("自治区人民政府主席 王某某"), Some((None, false)));
    }

    #[test]
    fn key_value_header_is_read_and_measured() {
        let text = "标题:2015年示例区政府工作报告\n发文单位:示例区人民政府\n发文时间:2015-04-21\n报告人:未知\n来源URL:http://example.gov.cn/a.html\n正文:\n各位代表:\n现在,我代表区人民政府作报告。";
        let h = read_head(text);
        let kv = h.kv.clone().unwrap();
        assert_eq!(kv.title.as_deref(), Some("2015年示例区政府工作报告"));
        assert_eq!(kv.issuer.as_deref(), Some("示例区人民政府"));
        assert_eq!(kv.date.as_deref(), Some("2015-04-21"));
        assert_eq!(kv.speaker, None);
        assert!(text[h.kv_len..].starts_with("各位代表:"));
        assert_eq!(h.title.as_deref(), Some("2015年示例区政府工作报告"));
        assert_eq!(
            year_of("2014-01(在区第三届人民代表大会第二次会议上)"),
            Some(2014)
        );
        // A publication date under the names scrapers give it: read, as
        // the publication date, and removed with the header.
        for key in [
            "publish_time",
            "Publish_Date",
            "pub_date",
            "pubdate",
            "release_date",
            "published_at",
            "发布时间",
            "发表日期",
            "公开日期",
        ] {
            let text = format!(
                "title: 2020年示例市政府工作报告\n{key}: 2020-01-20\ncontent:\n各位代表:\n现在,我代表市人民政府作报告。"
            );
            let h = read_head(&text);
            let kv = h.kv.clone().unwrap_or_else(|| panic!("{key}"));
            assert_eq!(kv.date.as_deref(), Some("2020-01-20"), "{key}");
            assert!(kv.date_published, "{key}");
            assert!(text[h.kv_len..].starts_with("各位代表:"), "{key}");
        }
    }

    /// The information table of a government page (政府信息公开) saved as
    /// text, a field a line or several on one line, is a header: read and
    /// removed, its 生成日期 a publication date.
    #[test]
    fn a_pages_information_table_is_a_header() {
        let body = "——2019年1月14日在示例县第十六届人民代表大会第三次会议上\n各位代表:\n现在,我代表县人民政府向大会作工作报告。";
        for head in [
            "索引号:000014349/2019-00021\n发布机构:示例县人民政府办公室\n生成日期:2019-01-21\n文号:无\n主题分类:综合政务\n关键词:政府工作报告 数字经济 乡村振兴\n内容概述:示例县2019年政府工作报告,部署数字经济、乡村振兴等重点工作。\n",
            "索引号:000014349/2019-00021 发布机构:示例县人民政府办公室 生成日期:2019-01-21\n名称:2019年示例县政府工作报告\n",
        ] {
            let text = format!("{head}{body}");
            let h = read_head(&text);
            let kv = h.kv.clone().unwrap_or_else(|| panic!("{head}"));
            assert_eq!(kv.issuer.as_deref(), Some("示例县人民政府办公室"), "{head}");
            assert_eq!(kv.date.as_deref(), Some("2019-01-21"), "{head}");
            assert!(kv.date_published, "{head}");
            assert!(text[h.kv_len..].starts_with("——2019年1月14日"), "{head}");
        }
        assert_eq!(
            kv_fields("索引号:1 发布机构:示例县人民政府 生成日期:2019-01-21"),
            [
                ("索引号", "1"),
                ("发布机构", "示例县人民政府"),
                ("生成日期", "2019-01-21")
            ]
        );
        // A text on one line after its fields is no header: nothing of it
        // is removed.
        let one_line = format!(
            "发布机构:示例市人民政府办公室 生成日期:2020-01-20 {}",
            "各位代表:现在,我代表市人民政府向大会报告工作。".repeat(20)
        );
        let h = read_head(&one_line);
        assert_eq!(h.kv_len, 0);
        let summary = "内容概述:示例市2019年政府工作报告。各位代表:现在,我代表市人民政府作报告。";
        assert_eq!(read_head(&format!("索引号:1\n{summary}")).kv_len, 0);
        // A value with spaces but no key after them stays whole.
        assert_eq!(
            kv_fields("关键词:政府工作报告 数字经济"),
            [("关键词", "政府工作报告 数字经济")]
        );
    }

    #[test]
    fn the_region_the_opening_names() {
        for (opening, region) in [
            ("现在,我代表示例市人民政府向大会报告工作", Some("示例市")),
            ("现在,我代表海拉尔区政府,向大会报告工作", Some("海拉尔区")),
            ("现在,我代表市人民政府向大会报告工作", None),
            ("现在,我代表区人民政府向大会作政府工作报告", None),
            ("我代表本届市人民政府", None),
            ("我代表新一届市人民政府", None),
            ("现在,我代表市人民政府向大会报告市政府工作", None),
            ("现在,我代表国务院,向大会报告政府工作", None),
            ("现在,我代表沛县人民政府向大会报告工作", Some("沛县")),
            ("现在,我代表全县人民政府向大会报告工作", None),
        ] {
            let h = read_head(&format!("政府工作报告\n各位代表:\n{opening},请予审议。"));
            assert_eq!(h.opening_region.as_deref(), region, "{opening}");
        }
        // Only in the head.
        let late = format!("{}我代表示例市人民政府。", "段落。\n".repeat(20));
        assert_eq!(read_head(&late).opening_region, None);
    }

    #[test]
    fn a_pages_link_line_is_not_the_title() {
        // A page's ticker or related-link line above the report's own
        // title names another report (and another year): it is passed over.
        for ticker in [
            "热点:2024年省政府工作报告解读 | 奋力推进“两个先行”",
            "热点推荐:2022年政府工作报告图解",
            "2020年政府工作报告回顾",
        ] {
            let h = read_head(&format!(
                "当前位置:首页 > 政务公开\n{ticker}\n政府工作报告\n——2021年1月11日在示例市第八届人民代表大会第一次会议上\n各位代表:"
            ));
            assert_eq!(h.title.as_deref(), Some("政府工作报告"), "{ticker}");
            assert_eq!(h.dateline.and_then(|d| d.year), Some(2021));
        }
        // A dateline on the title's own line, below a ticker.
        let h = read_head(
            "热点:2024年政府工作报告解读\n2021年示例市政府工作报告——2021年1月11日在示例市第八届人民代表大会第一次会议上\n各位代表:",
        );
        assert_eq!(h.title.as_deref(), Some("2021年示例市政府工作报告"));
        // The speaker's line names no report, though it holds 报告 (and
        // some pages put it above the title).
        let h = read_head(
            "报告人:示例市人民政府市长 张三\n示例市政府工作报告\n——2021年1月11日在示例市第八届人民代表大会第一次会议上\n各位代表:",
        );
        assert_eq!(h.title.as_deref(), Some("示例市政府工作报告"));
        // A collection's own title line above the report's stays the title
        // (the city reports: `2003年示例市政府工作报告` / `政府工作报告` /
        // dateline), and so does a digest's title when it is the only one.
        let h = read_head(
            "2003年示例市政府工作报告\n政府工作报告\n——2003年1月11日在示例市第八届人民代表大会第一次会议上\n各位代表:",
        );
        assert_eq!(h.title.as_deref(), Some("2003年示例市政府工作报告"));
        let h = read_head("图解2021年示例市政府工作报告\n一、过去一年");
        assert_eq!(h.title.as_deref(), Some("图解2021年示例市政府工作报告"));
        // Without a dateline, the first title line, as before.
        let h = read_head("示例市政府工作报告\n2021年1月11日\n政府工作报告(摘要)\n各位代表:");
        assert_eq!(h.title.as_deref(), Some("示例市政府工作报告"));
        let h = read_head("示例市政府工作报告\n政府工作报告(摘要)\n各位代表:");
        assert_eq!(h.title.as_deref(), Some("示例市政府工作报告"));
    }

    #[test]
    fn a_speaker_line_after_the_salutation_is_a_quoted_reports() {
        // A county's report that quotes the Premier's report's head in its
        // body is not national.
        let h = read_head(
            "政府工作报告\n——2017年1月10日在海拉尔区第十五届人民代表大会第一次会议上\n海拉尔区人民政府区长 张某某\n各位代表:\n(附:学习材料)政府工作报告\n——2016年3月5日在第十二届全国人民代表大会第四次会议上\n国务院总理 李克强\n现在,我代表区人民政府,向大会报告政府工作。",
        );
        assert!(!h.national);
        assert_eq!(h.speaker_region.as_deref(), Some("海拉尔区"));
        assert_eq!(
            h.dateline.and_then(|d| d.region).as_deref(),
            Some("海拉尔区")
        );
        // Without a salutation the whole head is the title block.
        let h =
            read_head("政府工作报告\n国务院总理 李克强\n现在,我代表国务院,向大会报告政府工作。");
        assert!(h.national);
    }

    #[test]
    fn title_speaker_and_national() {
        let h = read_head(
            "政 府 工 作 报 告\n——2016年2月19日在海拉尔区第十四届人民代表大会第五次会议上\n海拉尔区人民政府区长 杜联合\n各位代表:\n现在,我代表区人民政府向大会作政府工作报告,请予审议。",
        );
        assert_eq!(h.title.as_deref(), Some("政府工作报告"));
        assert_eq!(h.speaker_region.as_deref(), Some("海拉尔区"));
        assert!(!h.national);
        // A spaced title may open with its year.
        let h = read_head("2015 年 示 例 市 政 府 工 作 报 告\n各位代表:");
        assert_eq!(h.title.as_deref(), Some("2015年示例市政府工作报告"));
        // A body sentence that mentions 报告 is never the title.
        let h = read_head("各位代表:\n现在我代表市政府向大会报告工作\n一、过去一年工作回顾");
        assert_eq!(h.title, None);
        let h =
            read_head("政府工作报告\n各位代表:\n现在,我代表国务院,向大会报告政府工作,请予审议。");
        assert!(h.national);
        // The early reports: the Central People's Government, or an opening
        // addressed to a session of the National People's Congress.
        for opening in [
            "各位代表:\n我代表中央人民政府向大会作政府工作报告。",
            "各位代表:\n我现在根据国务院的决定,向第二届全国人民代表大会第一次会议作政府工作报告。",
        ] {
            let h = read_head(opening);
            assert!(h.national, "{opening}");
            assert_eq!(h.title, None);
        }
        // A provincial report that greets the deputies of the National
        // People's Congress among its guests is not national.
        let h = read_head(
            "政府工作报告\n各位代表:\n现在,我代表省人民政府向大会报告工作,请予审议,并请列席会议的全国人民代表大会代表提出意见。",
        );
        assert!(!h.national);
        let h = read_head(
            "政府工作报告——2016年3月5日在第十二届全国人民代表大会第四次会议上\n国务院总理 李克强",
        );
        assert_eq!(h.title.as_deref(), Some("政府工作报告"));
        assert!(h.national);
        // A page's publication stamp after the title is not part of it.
        for stamp in [
            "2024年02月02日 15:22",
            "2024年2月2日",
            "2024-02-02 15:22:07",
        ] {
            let h = read_head(&format!(
                "示例市政府工作报告(2024年1月18日 张三){stamp}\n各位代表:"
            ));
            assert_eq!(
                h.title.as_deref(),
                Some("示例市政府工作报告(2024年1月18日 张三)"),
                "{stamp}"
            );
        }
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(cn_number("二〇二三", true), Some(2023));
        assert_eq!(cn_number("二○二三", true), Some(2023));
        assert_eq!(cn_number("十二", false), Some(12));
        assert_eq!(cn_number("二十一", false), Some(21));
        assert_eq!(cn_number("三十", false), Some(30));
        assert_eq!(cn_number("九", false), Some(9));
        assert_eq!(parse_any_date("二〇二三年一月四日"), Date::new(2023, 1, 4));
    }
}
