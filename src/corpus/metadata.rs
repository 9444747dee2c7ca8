//! Document metadata: year, date, region, province and administrative level,
//! resolved from explicit fields, a date field, the title, then the file name.
//! The body text is never used to guess a year.

use std::fmt;
use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

/// Administrative level of the government that gave the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// The State Council (国务院).
    National,
    /// A provincial-level region (省, 自治区, 直辖市, 特别行政区).
    Province,
    /// A prefecture-level city, prefecture (州) or league (盟).
    City,
    /// A county, district or banner.
    County,
    /// A town, township or subdistrict (镇, 乡, 街道, 苏木).
    Town,
}

impl Level {
    /// Lowercase name used in tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::National => "national",
            Level::Province => "province",
            Level::City => "city",
            Level::County => "county",
            Level::Town => "town",
        }
    }

    /// Parse a level as written in a field: `national`/`province`/`city`/
    /// `county` and the Chinese names (国家, 省级, 地级市, 县级, 区县…),
    /// after NFKC and trimming.
    pub fn parse(s: &str) -> Option<Level> {
        let s = crate::corpus::formats::fields::normalize(s);
        match s.as_str() {
            "national" | "国家" | "国家级" | "全国" | "中央" | "国务院" => {
                Some(Level::National)
            }
            "province" | "provincial" | "省" | "省级" | "省份" | "省区市" | "直辖市" | "自治区" => {
                Some(Level::Province)
            }
            "city" | "prefecture" | "市" | "地级" | "市级" | "地级市" | "副省级" | "副省级城市"
            | "地区" | "自治州" | "盟" | "地市" => Some(Level::City),
            "county" | "district" | "县" | "区" | "县级" | "区县" | "县区" | "县级市"
            | "市辖区" | "旗" | "县级区" => Some(Level::County),
            "town" | "township" | "subdistrict" | "镇" | "乡" | "乡镇" | "镇级" | "乡级"
            | "街道" | "苏木" => Some(Level::Town),
            _ => None,
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A calendar date.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Date {
    /// Year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
    /// Day, 1–31.
    pub day: u32,
}

impl Date {
    /// A date if the parts form a real calendar day.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (plausible_year(year) && (1..=days).contains(&day)).then_some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (for Arrow/Polars `Date`).
    pub fn days_since_epoch(self) -> i32 {
        // Howard Hinnant's days_from_civil.
        let y = if self.month <= 2 {
            self.year - 1
        } else {
            self.year
        };
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = self.month as i32;
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + self.day as i32 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Years a government work report can have.
pub fn plausible_year(y: i32) -> bool {
    (1949..=2100).contains(&y)
}

static DATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{4})\s*(?:年|-|/|\.)\s*(\d{1,2}|元)\s*(?:月|-|/|\.)\s*(\d{1,2})").unwrap()
});

/// The year, month and day of a [`DATE_RE`] match (元月 is January).
fn date_of(c: &regex::Captures<'_>) -> Option<Date> {
    let month = match &c[2] {
        "元" => 1,
        m => m.parse().ok()?,
    };
    Date::new(c[1].parse().ok()?, month, c[3].parse().ok()?)
}
static COMPACT_DATE_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{4})(\d{2})(\d{2})$").unwrap());
static TITLE_YEAR_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[^\d])((?:19|20)\d{2})\s*年").unwrap());
/// `(辽宁省)盘锦市人民政府工作报告`, `2026年北京市政府工作报告`, …
static TITLE_REGION_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:[(\[](?P<prov>\p{Han}{2,10}?(?:省|自治区|市))[)\]])?\s*(?:(?:(?:19|20)\d{2}|[一二][〇○零O0一二三四五六七八九]{3})\s*年\s*(?:度\s*)?)?(?P<region>[\p{Han}&&[^年度]]\p{Han}{0,11}?(?:省|自治区|特别行政区|市|州|盟|地区|县|区|旗|镇|乡|街道|苏木))\s*(?:(?:人民政府|行政公署|管理委员会|管委会)\s*(?:(?:(?:19|20)\d{2}|[一二][〇○零O0一二三四五六七八九]{3})\s*年\s*(?:度\s*)?)?工作报告|(?:人民政府\s*)?(?:(?:(?:19|20)\d{2}|[一二][〇○零O0一二三四五六七八九]{3})\s*年\s*(?:度\s*)?)?(?:(?:人民)?政府|行政公署|管理委员会|管委会)工作报告)",
    )
    .unwrap()
});

/// A region in brackets right after the report's name, in a title that
/// names none before it (`2019年政府工作报告(湖北省)`; NFKC has made the
/// brackets half-width).
static TITLE_REGION_AFTER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"政府工作报告\s*[(\[【〔]\s*(?P<region>\p{Han}{2,12})\s*[)\]】〕]").unwrap()
});

/// A place written short before the year at a title's start
/// (`深圳2019年政府工作报告`, `湖北2019年政府工作报告`), read as a file
/// name's short names are ([`region_of_name_part`]).
static TITLE_SHORT_REGION_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<region>\p{Han}{2,5}?)\s*(?:19|20)\d{2}\s*年\s*(?:度\s*)?(?:人民)?政府工作报告",
    )
    .unwrap()
});

/// A title naming the head of a government who delivers the report
/// (`曲靖市市长董保同作政府工作报告`, `示例县县长某某在县十八届人大二次会议上作政府工作报告`,
/// `示例市长某某作2019年政府工作报告`): the region is the place before the
/// title of office.
static TITLE_OFFICIAL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<region>\p{Han}{1,11}?(?:省|自治区|市|州|盟|地区|县|区|旗))\s*(?:人民政府)?\s*(?:代理|代)?(?:(?:省|市|州|盟|县|区|旗)?长|主席|专员)[^,。;]{0,40}?作\s*(?:(?:19|20)\d{2}\s*年\s*(?:度\s*)?)?(?:(?:人民)?政府)?工作报告",
    )
    .unwrap()
});

/// Parse a date written as `2026-02-02`, `2026/2/2`, `2026.2.2`,
/// `2026年2月2日` (`2015年元月8日`: 元月 is January) or `20260202`,
/// anywhere in `s`.
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    if let Some(c) = COMPACT_DATE_RE.captures(s) {
        return Date::new(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
    }
    date_of(&DATE_RE.captures(s)?)
}

/// A year field as people fill it: `2025`, `2025.0` (a pandas column with
/// gaps is a float column), `2025年`, `2025年度`, full-width `２０２５`,
/// Chinese numerals (`二〇二五年`, `二○二五`), or a date whose year it is
/// (`2025-01-15`, `2025年1月`). A range (`2024-2025`) or anything else:
/// `None`.
pub fn parse_year_field(s: &str) -> Option<i32> {
    use unicode_normalization::UnicodeNormalization;
    let s: String = s.trim().nfkc().collect();
    let bare = s
        .trim()
        .trim_end_matches('度')
        .trim_end_matches('份')
        .trim_end_matches('年')
        .trim();
    let bare = bare.strip_suffix(".0").unwrap_or(bare);
    let y = match bare.parse::<i32>() {
        Ok(y) => y,
        Err(_) if bare.chars().count() == 4 => {
            i32::try_from(super::head::cn_number(bare, true)?).ok()?
        }
        // A date: its year (a month or day must follow, so `2024-2025` is no date).
        Err(_) => {
            let d = super::head::parse_any_date(&s)
                .map(|d| d.year)
                .or_else(|| year_month(&s))?;
            return plausible_year(d).then_some(d);
        }
    };
    plausible_year(y).then_some(y)
}

/// The year of a year and month alone: `2025-01`, `2025/1`, `2025.01`,
/// `2025年1月`.
fn year_month(s: &str) -> Option<i32> {
    static YM: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^((?:19|20)\d{2})\s*(?:年\s*(?:0?[1-9]|1[0-2]|元)\s*月|[-/.](?:0?[1-9]|1[0-2]))$",
        )
        .unwrap_or_else(|e| unreachable!("{e}"))
    });
    YM.captures(s)?.get(1)?.as_str().parse().ok()
}

/// A year written in a title as `2025年…`, in Chinese numerals
/// (`二〇二五年…`), or alone in brackets (`…政府工作报告(2025)`,
/// `【2025】`; a range such as `(2021-2025)` is none).
pub fn year_from_title(title: &str) -> Option<i32> {
    static CN_YEAR_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"([一二][〇○零O0一二三四五六七八九]{3})\s*年")
            .unwrap_or_else(|e| unreachable!("{e}"))
    });
    static BRACKET_YEAR_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"[(\[【〔]\s*((?:19|20)\d{2})\s*(?:年度?)?\s*[)\]】〕]")
            .unwrap_or_else(|e| unreachable!("{e}"))
    });
    let arabic = |re: &Regex| {
        re.captures_iter(title)
            .filter_map(|c| c[1].parse().ok())
            .find(|&y| plausible_year(y))
    };
    arabic(&TITLE_YEAR_RE)
        .or_else(|| {
            CN_YEAR_RE
                .captures_iter(title)
                .filter_map(|c| i32::try_from(super::head::cn_number(&c[1], true)?).ok())
                .find(|&y| plausible_year(y))
        })
        .or_else(|| arabic(&BRACKET_YEAR_RE))
}

/// The year of a session of the National People's Congress a title or
/// file name names (`十四届全国人大一次会议政府工作报告`: 2023), from the
/// sixth NPC on, whose five sessions met one a year (1983–1987, 1988–1992,
/// …); the earlier ones met irregularly and give none. A standing
/// committee's sessions (`全国人大常委会第…次会议`) give none either.
pub fn year_from_npc_session(s: &str) -> Option<i32> {
    static NPC_SESSION_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"([一二三四五六七八九十]{1,3})届全国人(?:民代表)?大(?:会)?第?([一二三四五])次(?:全体)?会议")
            .unwrap_or_else(|e| unreachable!("{e}"))
    });
    let c = NPC_SESSION_RE.captures(s)?;
    let term = i32::try_from(super::head::cn_number(&c[1], false)?).ok()?;
    let session = i32::try_from(super::head::cn_number(&c[2], false)?).ok()?;
    (term >= 6 && (1..=5).contains(&session)).then(|| 1983 + 5 * (term - 6) + session - 1)
}

/// A year in a file name: `2023.txt`, `2026_北京市_政府工作报告.csv`, or
/// the year of a date written without separators (`20230104_东莞市`). A
/// name with several different years (`reports_2022-2025.jsonl`) names a
/// range, not a year: `None`.
pub fn year_from_file_name(stem: &str) -> Option<i32> {
    match years_in_file_name(stem)[..] {
        [y] => Some(y),
        _ => None,
    }
}

/// The years a file name holds ([`year_from_file_name`] takes one when it
/// holds exactly one): in Arabic digits (a year or an eight-digit date),
/// else in Chinese numerals.
pub fn years_in_file_name(stem: &str) -> Vec<i32> {
    // Runs of digits, but not a serial number (第2016号: the 2016th).
    static DIGITS_RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[0-9]+").unwrap());
    let mut years: Vec<i32> = DIGITS_RE
        .find_iter(stem)
        .filter(|m| !(stem[..m.start()].ends_with('第') && stem[m.end()..].starts_with('号')))
        .filter_map(|m| {
            let part = m.as_str();
            match part.len() {
                4 => part.parse().ok(),
                8 => parse_date(part).map(|d| d.year),
                _ => None,
            }
        })
        .filter(|&y| plausible_year(y))
        .collect();
    years.dedup();
    if years.is_empty() {
        // In Chinese numerals (`二〇一九年政府工作报告`, `…报告二〇一八`,
        // `二0二三年`, as titles write them).
        static CN_YEAR_RE: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"[一二][〇○零O0一二三四五六七八九]{3}")
                .unwrap_or_else(|e| unreachable!("{e}"))
        });
        years = CN_YEAR_RE
            .find_iter(stem)
            .filter_map(|m| i32::try_from(super::head::cn_number(m.as_str(), true)?).ok())
            .filter(|&y| plausible_year(y))
            .collect();
        years.dedup();
    }
    years
}

/// A full date in a file name: `2023-01-05 中山市政府工作报告`,
/// `2023年1月5日_报告`, `20230104_东莞市` (eight digits standing alone).
pub fn date_from_file_name(stem: &str) -> Option<Date> {
    if let Some(c) = DATE_RE.captures(stem)
        && let Some(d) = date_of(&c)
    {
        return Some(d);
    }
    stem.split(|c: char| !c.is_ascii_digit())
        .filter(|part| part.len() == 8)
        .find_map(parse_date)
        .filter(|d| plausible_year(d.year))
}

/// Region facts read from a title.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TitleRegion {
    /// The region whose government reports (e.g. 盘锦市).
    pub region: Option<String>,
    /// The province given in brackets, if any (e.g. 辽宁省).
    pub province: Option<String>,
    /// Whether the title names the State Council (national report).
    pub national: bool,
}

/// Region, province and whether it is a national report, from a title.
pub fn region_from_title(title: &str) -> TitleRegion {
    if title.contains("国务院") || title.contains("中华人民共和国政府工作报告") {
        return TitleRegion {
            region: Some(NATIONAL_REGION.to_string()),
            province: None,
            national: true,
        };
    }
    match TITLE_REGION_RE.captures(title) {
        Some(c) => TitleRegion {
            region: c
                .name("region")
                .map(|m| without_explainer(m.as_str()).to_string())
                .filter(|r| names_a_place(r)),
            province: c.name("prov").map(|m| m.as_str().to_string()),
            national: false,
        },
        // The region in brackets after the report's name
        // (`2019年政府工作报告(湖北省)`, `政府工作报告【湖南】`), or written
        // short before the year (`深圳2019年政府工作报告`).
        None => TitleRegion {
            region: TITLE_REGION_AFTER_RE
                .captures(title)
                .or_else(|| TITLE_SHORT_REGION_RE.captures(title))
                .or_else(|| TITLE_OFFICIAL_RE.captures(title))
                .and_then(|c| region_of_name_part(c.name("region")?.as_str())),
            province: None,
            national: false,
        },
    }
}

/// A region name in a file name (`2026_北京市_政府工作报告` → 北京市,
/// `深圳市政府工作报告` → 深圳市). A province's short name (`北京`,
/// `2019年广东`) gives its full name (北京市, 广东省), so that files named
/// either way fall in one series, and so does a city's (`2021_义乌` →
/// 义乌市; see [`city_from_short_name`]) or a county's (`海拉尔_2012` →
/// 海拉尔区; see [`county_from_short_name`]). A name in Latin letters
/// (`Guangdong_2019`, `beijing-2021-report`, `2019_Inner_Mongolia`) gives
/// the province or city it spells ([`region_from_latin_file_name`]) when no
/// part in Han characters names one.
pub fn region_from_file_name(stem: &str) -> Option<String> {
    let places = stem
        .split(FILE_NAME_SEPARATORS)
        // The report's name separates a region written after it
        // (`2019年政府工作报告湖北省`) as a bracket does.
        .flat_map(|part| part.split("政府工作报告"))
        .map(|part| {
            part.strip_suffix("人民")
                .filter(|rest| rest.chars().count() >= 2)
                .unwrap_or(part)
        })
        .map(|part| without_government(without_year(without_government(without_explainer(part)))))
        // The issuer before a document's subject: `南宁市人民政府关于…`.
        .map(|part| match part.split_once("人民政府") {
            Some((issuer, _)) if issuer.chars().count() >= 2 => issuer,
            _ => part,
        })
        .filter_map(region_of_name_part)
        .collect();
    most_specific(places).or_else(|| region_from_latin_file_name(stem).map(str::to_string))
}

/// The most specific of the places a name's parts name, in their order
/// (`2020_广东_深圳_福田区` → 深圳市福田区): a town before a county, a
/// county before a city, a city before a province; a county written after
/// its city (`深圳市_南山区`) and a town after its county take their name.
fn most_specific(places: Vec<String>) -> Option<String> {
    let rank = |r: &str| match level_of_region(r) {
        Some(Level::Town) => 4,
        Some(Level::County) => 3,
        Some(Level::City) => 2,
        Some(Level::Province | Level::National) => 1,
        None => 0,
    };
    let best = (0..places.len()).max_by_key(|&i| (rank(&places[i]), std::cmp::Reverse(i)))?;
    let name = &places[best];
    let parent_rank = match rank(name) {
        4 => 3,
        3 => 2,
        _ => return Some(name.clone()),
    };
    match places[..best].iter().rev().find(|p| rank(p) == parent_rank) {
        Some(parent) if !name.starts_with(parent.as_str()) => Some(format!("{parent}{name}")),
        _ => Some(name.clone()),
    }
}

/// The region one part of a name stands for: a province's, city's or
/// county's short name gives its full name; a full name of Han characters
/// with a region suffix stands for itself.
fn region_of_name_part(part: &str) -> Option<String> {
    if let Some(full) = province_full_name(part) {
        return Some(full.to_string());
    }
    if let Some(city) = city_from_short_name(part) {
        return Some(city.to_string());
    }
    if let Some(county) = county_from_short_name(part) {
        return Some(county.to_string());
    }
    (part.chars().count() >= 2
        && part.chars().all(is_han)
        && !part.contains("报告")
        && names_a_place(part)
        && !is_kind_of_place(part)
        && (REGION_SUFFIXES.iter().any(|s| part.ends_with(s)) || is_town_name(part)))
    .then(|| part.to_string())
}

/// What separates the parts of a file name: the usual separators and
/// brackets, so that a region in brackets is a part of its own
/// (`2019年政府工作报告（湖北省）`, `政府工作报告2019[湖南]`).
const FILE_NAME_SEPARATORS: [char; 18] = [
    '_', '-', ' ', '.', '(', ')', '（', '）', '[', ']', '【', '】', '〔', '〕', '《', '》', '「',
    '」',
];

/// Words that introduce a digest of a report rather than name a place
/// (`图解丙市2021年政府工作报告`, `一图读懂…`).
const EXPLAINERS: [&str; 10] = [
    "一图读懂",
    "一图看懂",
    "一图速览",
    "一图了解",
    "图解",
    "图说",
    "解读",
    "速览",
    "快看",
    // A link to last year's report (`2022年政府工作报告回顾`).
    "回顾",
];

/// Whether `title` holds one of the [`EXPLAINERS`] words: a digest's or
/// an explainer's title (`图解2021年政府工作报告`), not a report's.
pub fn is_explainer(title: &str) -> bool {
    EXPLAINERS.iter().any(|w| title.contains(w))
}

/// `name` without a leading [`EXPLAINERS`] word (`图解丙市` → `丙市`), when
/// a name of two or more characters is left.
fn without_explainer(name: &str) -> &str {
    EXPLAINERS
        .iter()
        .find_map(|w| name.strip_prefix(w))
        .filter(|rest| rest.chars().count() >= 2)
        .unwrap_or(name)
}

/// A name part without the government or report words after a region
/// (`示例市人民政府`, `示例市政府工作报告` → `示例市`); a part that is only
/// such words stays as it is.
fn without_government(part: &str) -> &str {
    let mut p = part;
    for tail in ["政府工作报告", "工作报告", "人民政府", "政府"] {
        if let Some(rest) = p.strip_suffix(tail)
            && rest.chars().count() >= 2
        {
            p = rest;
        }
    }
    p
}

/// Whether a region-shaped name is a place: not `关于市…`, and a
/// two-character one (沛县, 津市, 城区) not a word such as 全市, 本县 or
/// 我区.
pub fn names_a_place(name: &str) -> bool {
    if ["关于", "对于"].iter().any(|w| name.starts_with(w)) {
        return false;
    }
    let first = name.chars().next();
    name.chars().count() != 2
        || !first.is_some_and(|c| "本全我该各此于的在和与及对其每上下市县区省".contains(c))
}

/// Whether `full` is the full name of the region `short` names:
/// - `short` with a region suffix after it (`惠州` → `惠州市`, `示例` →
///   `示例县`; not `示例市` → `示例市区`);
/// - a province's short name (`广西` → 广西壮族自治区, `新疆`, `宁夏`);
/// - an autonomous prefecture, county or banner without its peoples
///   (`黔南州` or `黔南` → 黔南布依族苗族自治州, `长阳县` → 长阳土家族自治县;
///   not `恩施市`, a city of its own, → 恩施土家族苗族自治州);
/// - a county or district with its city before it (`江宁区` → 南京市江宁区).
pub fn completes(short: &str, full: &str) -> bool {
    if short.is_empty() || short == full {
        return false;
    }
    let suffixed = full.strip_prefix(short).is_some_and(|rest| {
        ["市", "县", "区", "旗", "州", "盟", "地区", "省", "自治区"].contains(&rest)
            && !REGION_SUFFIXES
                .iter()
                .any(|s| short.ends_with(s) && *s != "州")
    });
    suffixed
        || province_full_name(short) == Some(full)
        || autonomous_short(short, full)
        || full.strip_suffix(short).is_some_and(|city| {
            ["区", "县", "旗", "市"].iter().any(|s| short.ends_with(s))
                && short.chars().count() >= 2
                && city.chars().count() >= 3
                && city.chars().all(is_han)
                && ["市", "州", "盟", "地区"].iter().any(|s| city.ends_with(s))
        })
}

/// Whether `full` is a county or district with its city before it and
/// `short` its name without the city and without its own suffix (`江宁` →
/// 南京市江宁区), as people write it on a command line. The loader does not
/// use this: a region found in a file always carries its suffix.
pub fn completes_bare(short: &str, full: &str) -> bool {
    short.chars().count() >= 2
        && !REGION_SUFFIXES.iter().any(|s| short.ends_with(s))
        && ["区", "县", "旗", "市"].iter().any(|s| {
            let named = format!("{short}{s}");
            full.strip_suffix(named.as_str())
                .is_some_and(|city| !city.is_empty())
                && completes(&named, full)
        })
}

/// `full` is an autonomous prefecture, county or banner (`…族自治州`) and
/// `short` its name without the peoples, with the same suffix or none.
fn autonomous_short(short: &str, full: &str) -> bool {
    [("州", "自治州"), ("县", "自治县"), ("旗", "自治旗")]
        .iter()
        .any(|(suffix, autonomous)| {
            let stem = short.strip_suffix(suffix).unwrap_or(short);
            stem.chars().count() >= 2
                && full
                    .strip_suffix(autonomous)
                    .and_then(|rest| rest.strip_prefix(stem))
                    .is_some_and(|peoples| peoples.ends_with('族'))
        })
}

/// `region` without a province written before a city or county in it
/// (`江苏省南京市江宁区` → 南京市江宁区, 江苏省), or `None`.
pub fn without_province(region: &str) -> Option<(&str, &'static str)> {
    PROVINCES.iter().find_map(|&p| {
        let rest = region.strip_prefix(p)?;
        (rest.chars().count() >= 2
            && REGION_SUFFIXES.iter().any(|s| rest.ends_with(s))
            && rest.chars().all(is_han))
        .then_some((rest, p))
    })
}

/// The full name of a provincial-level division from its short name
/// (`广东` → 广东省, `内蒙古` → 内蒙古自治区, `北京` → 北京市).
pub fn province_full_name(short: &str) -> Option<&'static str> {
    PROVINCE_SHORT_NAMES
        .iter()
        .position(|&s| s == short)
        .and_then(|i| PROVINCES.get(i).copied())
}

/// A file-name part without a year written before or after it
/// (`2017年示例市`, `示例市2017`, `示例市2017年度` → `示例市`).
fn without_year(part: &str) -> &str {
    let digits = |s: &str| s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit());
    let mut p = part;
    for suffix in ["年度", "年", ""] {
        if let Some(rest) = p.strip_suffix(suffix)
            && rest.len() >= 4
            && rest.is_char_boundary(rest.len() - 4)
            && digits(&rest[rest.len() - 4..])
        {
            p = &rest[..rest.len() - 4];
            break;
        }
    }
    if p.len() >= 4 && p.is_char_boundary(4) && digits(&p[..4]) {
        p = &p[4..];
        p = p
            .strip_prefix("年度")
            .or_else(|| p.strip_prefix('年'))
            .unwrap_or(p);
    }
    p
}

/// The folders above a file, nearest first, from its shown path
/// (`reports/2019/甲市.txt` → `2019`, `reports`; folders inside a zip
/// included).
pub fn folders_of(shown: &str) -> Vec<&str> {
    let mut parts: Vec<&str> = shown.split(['/', '\\']).collect();
    parts.pop();
    parts
        .into_iter()
        .rev()
        .filter(|p| !p.is_empty() && *p != "." && *p != "..")
        .collect()
}

static FOLDER_YEAR_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*((?:19|20)\d{2})\s*年?\s*(?:度)?\s*(?:政府工作报告|工作报告|报告)?\s*$")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A folder named for the reports of a year: the year, before or after
/// (in brackets or not) a few Han words that end in 报告 and perhaps 汇总,
/// 合集, 全文 or 集 (`2024年各地政府工作报告`, `各省政府工作报告(2024年)`).
static FOLDER_COLLECTION_YEAR_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*(?:(?<a>(?:19|20)\d{2})\s*年?度?\s*[-_]?\s*\p{Han}{0,12}?报告(?:汇总|合集|全文|集)?|\p{Han}{0,12}?报告(?:汇总|合集|全文|集)?\s*[-_(\[]?\s*(?<b>(?:19|20)\d{2})\s*年?度?\s*[)\]]?)\s*$",
    )
    .unwrap_or_else(|e| unreachable!("{e}"))
});

/// The year a folder is named for: the whole name is a year (`2019`,
/// `2019年`, `2019年政府工作报告`), or a collection of the year's reports
/// (`2024年各地政府工作报告`, `政府工作报告汇总_2024`). A name that merely
/// contains a year (`2024-download`) or holds two (`2019-2023年报告`)
/// gives none.
pub fn year_from_folder_name(name: &str) -> Option<i32> {
    let name: String = unicode_normalization::UnicodeNormalization::nfkc(name).collect();
    let whole = FOLDER_YEAR_RE
        .captures(&name)
        .and_then(|c| c[1].parse().ok());
    let collection = || {
        let c = FOLDER_COLLECTION_YEAR_RE.captures(&name)?;
        c.name("a").or(c.name("b"))?.as_str().parse().ok()
    };
    whole.or_else(collection).filter(|&y| plausible_year(y))
}

/// The region a folder is named for: the whole name is a region name
/// (Han characters ending in 省, 市, 县, 区…, as `示例市` or `海拉尔区`,
/// perhaps followed by 人民政府 or 政府工作报告), or a province's, city's or
/// county's short name (`广东`, `内蒙古`, `深圳`, `海拉尔`), which gives the
/// full name (广东省, 内蒙古自治区, 深圳市, 海拉尔区; see
/// [`city_from_short_name`], [`county_from_short_name`]), or a province's or
/// city's name in Latin letters (`Guangdong`, `Inner Mongolia`; see
/// [`region_from_latin`]).
pub fn region_from_folder_name(name: &str) -> Option<String> {
    region_of_folder(name).or_else(|| {
        // A collection's folder: numbered for sorting (`1-涞水县`, `02
        // 城阳区`), or named for what it holds (`淳安县政府工作报告汇编`).
        let bare = FOLDER_NUMBER.replace(name.trim(), "");
        let mut bare = bare.trim();
        for word in FOLDER_WORDS {
            bare = bare.strip_suffix(word).unwrap_or(bare).trim_end();
        }
        (bare != name.trim() && !bare.is_empty())
            .then(|| region_of_folder(bare))
            .flatten()
    })
}

/// A number before a folder's name, that sorts the folders (`1-`, `02 `,
/// `(3)`).
static FOLDER_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\d{1,3}|\(\d{1,3}\)|（\d{1,3}）)[\s._、\-—]*")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Words after a place in the name of a folder that collects its reports,
/// taken off from the end in this order.
const FOLDER_WORDS: [&str; 10] = [
    "全文",
    "合集",
    "汇编",
    "资料",
    "人民政府工作报告",
    "政府工作报告",
    "工作报告",
    "报告",
    "历年",
    "人民政府",
];

/// [`region_from_folder_name`] for a name as it is.
fn region_of_folder(name: &str) -> Option<String> {
    let name = without_government(name.trim());
    if let Some(full) = province_full_name(name) {
        return Some(full.to_string());
    }
    if let Some(city) = city_from_short_name(name) {
        return Some(city.to_string());
    }
    if let Some(county) = county_from_short_name(name) {
        return Some(county.to_string());
    }
    // A name in Latin letters, as a whole (`Guangdong`, `Inner Mongolia`).
    if name
        .chars()
        .all(|c| c.is_ascii_alphabetic() || " _-'".contains(c))
    {
        return region_from_latin(&latin_words(name)).map(str::to_string);
    }
    (name.chars().count() >= 2
        && name.chars().all(is_han)
        && !name.contains("报告")
        && !is_kind_of_place(name)
        && REGION_SUFFIXES.iter().any(|s| name.ends_with(s)))
    .then(|| name.to_string())
}

/// Words for a kind of place rather than a place (`开发区`, `市辖区`,
/// `地级市`, `各县区`), as a collection's folders are named: no region.
pub fn is_kind_of_place(name: &str) -> bool {
    const KINDS: [&str; 30] = [
        "地级市",
        "县级市",
        "省辖市",
        "直辖市",
        "省会城市",
        "副省级城市",
        "计划单列市",
        "城市",
        "开发区",
        "经开区",
        "经济开发区",
        "经济技术开发区",
        "高新区",
        "高新技术产业开发区",
        "新区",
        "国家级新区",
        "工业园区",
        "园区",
        "示范区",
        "特区",
        "市辖区",
        "中心城区",
        "主城区",
        "市区",
        "郊区",
        "城区",
        "地区",
        "自治区",
        "自治州",
        "自治县",
    ];
    KINDS.contains(&name)
        || name.starts_with('各')
        || ["县区", "区县", "县市", "市县", "市州", "盟市"]
            .iter()
            .any(|w| name.contains(w))
}

/// The region a city's short name stands for (`深圳` → 深圳市, `义乌` →
/// 义乌市), from the 650 prefecture- and county-level cities of
/// `assets/gazetteer/cities.tsv`. Where a county or district shares the
/// short name (长沙: 长沙市 and 长沙县) the short name itself, which the
/// full name elsewhere in the corpus or in the report's opening completes
/// (`completes`), rather than a guess. `None` for anything else.
pub fn city_from_short_name(short: &str) -> Option<&str> {
    let g = gazetteer();
    let full = g.by_short.get(short)?;
    Some(if g.shared.contains_key(short) {
        short
    } else {
        full
    })
}

/// The province of a city by its full name (`深圳市` → 广东省, `义乌市` →
/// 浙江省), from the same gazetteer as [`city_from_short_name`].
pub fn province_of_city(full: &str) -> Option<&'static str> {
    gazetteer().province.get(full).copied()
}

/// For a city's short name that a county or district shares (长沙: 长沙市
/// and 长沙县), the names it may stand for, the city first (`["长沙市",
/// "长沙县"]`); `None` for any other name.
pub fn short_name_candidates(short: &str) -> Option<Vec<&'static str>> {
    let g = gazetteer();
    let others = g.shared.get(short)?;
    let full = g.by_short.get(short)?;
    Some(std::iter::once(*full).chain(others.split(' ')).collect())
}

/// The county or district a short name stands for (`海拉尔` → 海拉尔区),
/// from the 2,018 county-level divisions of
/// `assets/gazetteer/counties.tsv` whose short names are unambiguous (one
/// division only, not a city's or a province's short name, not a compass
/// word such as 城东 or 江南). `None` for anything else.
pub fn county_from_short_name(short: &str) -> Option<&'static str> {
    gazetteer().county_by_short.get(short).copied()
}

/// The province of a county or district by its full name (`海拉尔区` →
/// 内蒙古自治区), for the counties of [`county_from_short_name`].
pub fn province_of_county(full: &str) -> Option<&'static str> {
    gazetteer().county_province.get(full).copied()
}

/// The province of any division by its full name, from the 3,115
/// prefecture- and county-level divisions of
/// `assets/gazetteer/divisions.tsv` whose full names are one division's
/// only: also autonomous prefectures, leagues and prefectures
/// (`恩施土家族苗族自治州` → 湖北省, `锡林郭勒盟` → 内蒙古自治区), and
/// counties whose short names are ambiguous (`长沙县` → 湖南省, `浦东新区` →
/// 上海市). A county written after its prefecture-level city
/// (`杭州市西湖区`) takes the city's province. `None` for anything else
/// (`西湖区` alone is in two provinces).
pub fn province_of_division(full: &str) -> Option<&'static str> {
    let g = gazetteer();
    if let Some(&(province, _)) = g.division.get(full) {
        return Some(province);
    }
    full.char_indices().skip(2).find_map(|(i, _)| {
        let (city, rest) = full.split_at(i);
        // The city by its full name (广州市天河区) or its short name, in
        // the names of zones and new areas (大连金普新区, 苏州工业园区).
        let of_city =
            (g.division.get(city)).or_else(|| g.division.get(format!("{city}市").as_str()));
        match of_city {
            Some(&(province, "prefecture"))
                if rest.chars().count() >= 2
                    && rest.chars().all(is_han)
                    && level_of_region(rest) == Some(Level::County) =>
            {
                Some(province)
            }
            // A town after its county (大埔县湖寮镇).
            Some(&(province, "county")) if is_town_name(rest) => Some(province),
            _ => None,
        }
    })
}

/// The region a name written in Latin letters stands for: a province's or
/// prefecture-level city's short name in toneless pinyin, any case, spaces
/// and apostrophes ignored (`Guangdong`, `beijing`, `Xi'an`, `NeiMenggu`),
/// or a conventional English name (`Inner Mongolia`, `Shaanxi`, `Harbin`),
/// from `assets/gazetteer/pinyin.tsv` (spellings two places share, such as
/// suzhou, are not in it). The name is the whole of `words`, joined.
pub fn region_from_latin(words: &[&str]) -> Option<&'static str> {
    let key: String = words
        .iter()
        .flat_map(|w| w.chars())
        .filter(|c| c.is_ascii_alphabetic())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if key.len() < 4 {
        return None;
    }
    gazetteer().latin.get(key.as_str()).copied()
}

/// The words in Latin letters of a file or folder name: runs of ASCII
/// letters (an apostrophe inside one kept out: `Xi'an` is one word), split
/// again where a lower-case letter is followed by a capital
/// (`BeijingReport` → `Beijing`, `Report`).
pub fn latin_words(name: &str) -> Vec<&str> {
    let b = name.as_bytes();
    let mut words = Vec::new();
    let mut start: Option<usize> = None;
    for i in 0..=b.len() {
        let c = b.get(i).copied();
        let letter = c.is_some_and(|c| c.is_ascii_alphabetic());
        let apostrophe = c == Some(b'\'')
            && start.is_some()
            && b.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
        let camel = letter
            && c.is_some_and(|c| c.is_ascii_uppercase())
            && i > 0
            && b[i - 1].is_ascii_lowercase();
        match start {
            Some(s) if !(letter || apostrophe) || camel => {
                words.push(&name[s..i]);
                start = camel.then_some(i);
            }
            None if letter => start = Some(i),
            _ => {}
        }
    }
    words
}

/// The region a file name written in Latin letters names: a word, or two
/// adjacent words together (`Inner_Mongolia_2019`, `2019-hong-kong`), that
/// [`region_from_latin`] knows; the first such.
pub fn region_from_latin_file_name(stem: &str) -> Option<&'static str> {
    let words = latin_words(stem);
    (0..words.len()).find_map(|i| {
        region_from_latin(&words[i..=i]).or_else(|| {
            words
                .get(i + 1)
                .and_then(|_| region_from_latin(&words[i..i + 2]))
        })
    })
}

/// `assets/gazetteer/cities.tsv`, `counties.tsv` and `pinyin.tsv`, read once.
struct Gazetteer {
    /// Short name → full name.
    by_short: std::collections::HashMap<&'static str, &'static str>,
    /// Short name → the counties and districts sharing it (space-separated),
    /// for the short names that have any.
    shared: std::collections::HashMap<&'static str, &'static str>,
    /// Full name → province.
    province: std::collections::HashMap<&'static str, &'static str>,
    /// A county's short name → its full name.
    county_by_short: std::collections::HashMap<&'static str, &'static str>,
    /// A county's full name → its province.
    county_province: std::collections::HashMap<&'static str, &'static str>,
    /// A province's or prefecture-level city's name in Latin letters
    /// (lower case, letters only) → its full name.
    latin: std::collections::HashMap<&'static str, &'static str>,
    /// A division's full name → its province and level (`prefecture` or
    /// `county`).
    division: std::collections::HashMap<&'static str, (&'static str, &'static str)>,
    /// A county-level division's full name → its prefecture-level city
    /// (for the names [`Gazetteer::division`] holds).
    county_prefecture: std::collections::HashMap<&'static str, &'static str>,
    /// A county-level full name several divisions share → each one's
    /// province and prefecture (empty for a municipality's district).
    shared_counties: std::collections::HashMap<&'static str, Vec<(&'static str, &'static str)>>,
    /// A division's former full name → the one it bears now
    /// (`assets/gazetteer/renamed.tsv`).
    renamed: std::collections::HashMap<&'static str, &'static str>,
    /// The name before its suffix (县, 区, 市, 地区, 盟, 旗) → the divisions
    /// bearing it with one of them, for [`current_name`].
    by_stem: std::collections::HashMap<&'static str, Vec<&'static str>>,
}

/// The suffixes a division's name changes when it is made another kind of
/// division (撤县设区, 撤县设市, 撤地设市…), longest first.
const RENAMING_SUFFIXES: [&str; 6] = ["地区", "盟", "县", "区", "市", "旗"];

/// The name before a division's suffix (临安市 → 临安), when that suffix
/// is one of [`RENAMING_SUFFIXES`] (not an autonomous county's) and at
/// least two characters are left.
fn renaming_stem(name: &str) -> Option<&str> {
    RENAMING_SUFFIXES.iter().find_map(|suffix| {
        let stem = name.strip_suffix(suffix)?;
        (!stem.ends_with("自治") && stem.chars().count() >= 2 && stem.chars().all(is_han))
            .then_some(stem)
    })
}

/// The rows of a gazetteer table (tab-separated, a header line first)
/// with at least three fields.
fn tsv_rows(table: &'static str) -> Vec<Vec<&'static str>> {
    table
        .lines()
        .skip(1)
        .map(|line| line.split('\t').collect::<Vec<_>>())
        .filter(|f| f.len() >= 3)
        .collect()
}

fn gazetteer() -> &'static Gazetteer {
    static CITIES: std::sync::OnceLock<Gazetteer> = std::sync::OnceLock::new();
    CITIES.get_or_init(|| {
        let rows = tsv_rows(include_str!("../../assets/gazetteer/cities.tsv"));
        let counties = tsv_rows(include_str!("../../assets/gazetteer/counties.tsv"));
        let latin = tsv_rows(include_str!("../../assets/gazetteer/pinyin.tsv"));
        let divisions = tsv_rows(include_str!("../../assets/gazetteer/divisions.tsv"));
        let renamed = tsv_rows(include_str!("../../assets/gazetteer/renamed.tsv"));
        let mut g = Gazetteer {
            by_short: rows.iter().map(|f| (f[0], f[1])).collect(),
            shared: rows
                .iter()
                .filter_map(|f| {
                    let shared = f.get(4)?.trim();
                    (!shared.is_empty()).then_some((f[0], shared))
                })
                .collect(),
            province: rows.iter().map(|f| (f[1], f[2])).collect(),
            county_by_short: counties.iter().map(|f| (f[0], f[1])).collect(),
            county_province: counties.iter().map(|f| (f[1], f[2])).collect(),
            latin: latin.iter().map(|f| (f[0], f[1])).collect(),
            division: divisions.iter().map(|f| (f[0], (f[1], f[2]))).collect(),
            county_prefecture: divisions
                .iter()
                .filter(|f| f[2] == "county" && f.get(3).is_some_and(|p| !p.is_empty()))
                .map(|f| (f[0], f[3]))
                .collect(),
            shared_counties: {
                let mut m: std::collections::HashMap<_, Vec<_>> = Default::default();
                for f in tsv_rows(include_str!("../../assets/gazetteer/shared.tsv")) {
                    m.entry(f[0]).or_default().push((f[1], f[2]));
                }
                m
            },
            renamed: renamed.iter().map(|f| (f[0], f[1])).collect(),
            by_stem: Default::default(),
        };
        // The names divisions bear now that the older tables lack (临安区,
        // 射洪市; 坪山区, 龙港市) are divisions too: their province, level
        // and prefecture.
        let added = tsv_rows(include_str!("../../assets/gazetteer/added.tsv"));
        let present = (renamed.iter().filter(|f| f.len() >= 5))
            .map(|f| (f[1], f[2], f[3], f[4]))
            .chain((added.iter().filter(|f| f.len() >= 4)).map(|f| (f[0], f[1], f[3], f[2])));
        for (current, province, prefecture, level) in present {
            if g.division.contains_key(current) || g.shared_counties.contains_key(current) {
                continue;
            }
            g.division.insert(current, (province, level));
            if level == "county" && !prefecture.is_empty() {
                g.county_prefecture.insert(current, prefecture);
            }
        }
        let mut by_stem: std::collections::HashMap<&'static str, Vec<&'static str>> =
            Default::default();
        // A name several divisions share counts once for each.
        let sharing = g
            .shared_counties
            .iter()
            .flat_map(|(&n, v)| v.iter().map(move |_| n));
        for name in g.division.keys().copied().chain(sharing) {
            if let Some(stem) = renaming_stem(name) {
                by_stem.entry(stem).or_default().push(name);
            }
        }
        g.by_stem = by_stem;
        g
    })
}

/// How [`current_name`] found a division's present name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Renaming {
    /// A renaming `assets/gazetteer/renamed.tsv` lists (临安市 → 临安区,
    /// 襄樊市 → 襄阳市).
    Listed,
    /// A name no table knows whose stem one division bears with another
    /// suffix (铜仁地区 → 铜仁市, 富阳市 → 富阳区; or a renaming newer than
    /// the tables, 某某县 → 某某区, the other way).
    Suffix,
}

/// The name a division bears now, for a region written with a name it
/// has given up: a renaming `assets/gazetteer/renamed.tsv` lists (襄樊市 →
/// 襄阳市, 临安市 → 临安区), or a name no table knows whose stem exactly one
/// division bears with another suffix (县, 区, 市, 地区, 盟, 旗: 铜仁地区 →
/// 铜仁市, 富阳市 → 富阳区). A county after its city (`南京市溧水县`) keeps
/// the city (南京市溧水区). `None` for a name the gazetteer knows as it is,
/// and for anything else, so that a series of reports keeps one region
/// across a renaming.
pub fn current_name(name: &str) -> Option<(String, Renaming)> {
    let g = gazetteer();
    if let Some(&now) = g.renamed.get(name) {
        return Some((now.to_string(), Renaming::Listed));
    }
    let known = |n: &str| {
        g.division.contains_key(n)
            || g.shared_counties.contains_key(n)
            || g.province.contains_key(n)
            || level_of_region(n) == Some(Level::Province)
    };
    if known(name) {
        return None;
    }
    if let Some(stem) = renaming_stem(name) {
        // Only a renaming within a level: a county (县, 区, 旗) is never
        // taken for the prefecture-level city of its name (本溪县 is not
        // 本溪市), nor a 地区 or 盟 for a county; a 市 may be either.
        let fits = |other: &&'static str| {
            let prefecture = g
                .division
                .get(*other)
                .is_some_and(|&(_, l)| l == "prefecture");
            if prefecture {
                name.ends_with("地区") || !["县", "区", "旗"].iter().any(|s| name.ends_with(s))
            } else {
                !["地区", "盟"].iter().any(|s| name.ends_with(s))
            }
        };
        let candidates: Vec<&'static str> = g
            .by_stem
            .get(stem)
            .map(|v| v.iter().copied().filter(|c| fits(c)).collect())
            .unwrap_or_default();
        if let [one] = candidates[..] {
            return Some((one.to_string(), Renaming::Suffix));
        }
        // A county written without its peoples (本溪县: 本溪满族自治县).
        if name.ends_with('县') {
            let mut autonomous = g
                .division
                .keys()
                .filter(|d| d.starts_with(stem) && d.ends_with("自治县"));
            if let (Some(one), None) = (autonomous.next(), autonomous.next()) {
                return Some((one.to_string(), Renaming::Suffix));
            }
        }
    }
    // A county after its prefecture-level city: the county's present name
    // in that city.
    name.char_indices().skip(2).find_map(|(i, _)| {
        let (city, rest) = name.split_at(i);
        if g.division
            .get(city)
            .is_none_or(|&(_, level)| level != "prefecture")
        {
            return None;
        }
        let (now, how) = current_name(rest)?;
        (prefecture_of_county(&now) == Some(city)).then(|| (format!("{city}{now}"), how))
    })
}

/// A district's or county's short name in a file name that several
/// cities' divisions share (`南山2021` in a folder `深圳/`: 南山区 is in
/// 深圳市 and in 鹤岗市), settled by one of `cities` (the folders' cities):
/// the division with its city's name (深圳市南山区).
pub fn shared_county_in_name(stem: &str, cities: &[String]) -> Option<String> {
    stem.split(FILE_NAME_SEPARATORS)
        .map(without_year)
        .filter(|part| part.chars().count() >= 2 && part.chars().all(is_han))
        .find_map(|part| {
            ["区", "县", "旗"].iter().find_map(|suffix| {
                let full = format!("{part}{suffix}");
                let (_, city) = divisions_sharing(&full)
                    .iter()
                    .find(|(_, prefecture)| cities.iter().any(|c| c == prefecture))?;
                Some(format!("{city}{full}"))
            })
        })
}

/// The prefecture-level city a county-level division named in full
/// belongs to (`南山区`… when one division bears the name; `海拉尔区` →
/// 呼伦贝尔市), from `assets/gazetteer/divisions.tsv`.
pub fn prefecture_of_county(full: &str) -> Option<&'static str> {
    gazetteer().county_prefecture.get(full).copied()
}

/// The divisions that share a county-level full name (和平区: the one of
/// 天津市, and the one of 沈阳市 in 辽宁省), each as its province and its
/// prefecture-level city (empty for a municipality's district), from
/// `assets/gazetteer/shared.tsv`; empty for a name one division has or
/// none.
pub fn divisions_sharing(full: &str) -> &'static [(&'static str, &'static str)] {
    gazetteer()
        .shared_counties
        .get(full)
        .map_or(&[], Vec::as_slice)
}

/// A region name that opens with the full name of its province
/// (`湖南省长沙市`, `北京市朝阳区`, `广西壮族自治区南宁市`): the province and
/// the region within it. Short province names are not split off: `海南藏族
/// 自治州` is in Qinghai.
pub fn split_province(name: &str) -> Option<(&'static str, &str)> {
    PROVINCES.iter().find_map(|&province| {
        let rest = name.strip_prefix(province)?;
        (rest.chars().count() >= 2
            && rest.chars().all(is_han)
            && REGION_SUFFIXES.iter().any(|s| rest.ends_with(s)))
        .then_some((province, rest))
    })
}

/// A date written as an Excel serial day number (`44581` is 2022-01-20):
/// what a date column holds when its cells lost their date format. Only
/// five-digit whole numbers (1927–2173) are read so.
pub fn excel_serial_date(s: &str) -> Option<Date> {
    use chrono::Datelike as _;
    let s = s.trim();
    let s = s.strip_suffix(".0").unwrap_or(s);
    if s.len() != 5 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let days: u64 = s.parse().ok()?;
    // Day 1 is 1900-01-01 and Excel counts a 29 February 1900 that never
    // was, so from day 61 on the days count from 1899-12-30.
    let d =
        chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(chrono::Days::new(days))?;
    Date::new(d.year(), d.month(), d.day())
}

/// A date written as a Unix time stamp, as scrapers store it: ten digits
/// (seconds) or thirteen (milliseconds) since 1970, read as a day in China
/// Standard Time (UTC+8); only 1990–2100 (`1547510400000` is 2019-01-15).
pub fn epoch_date(s: &str) -> Option<Date> {
    use chrono::Datelike as _;
    let s = s.trim();
    let s = s.strip_suffix(".0").unwrap_or(s);
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let seconds: i64 = match s.len() {
        10 => s.parse().ok()?,
        13 => s.parse::<i64>().ok()? / 1000,
        _ => return None,
    };
    let d = chrono::DateTime::from_timestamp(seconds + 8 * 3600, 0)?.date_naive();
    (1990..=2100)
        .contains(&d.year())
        .then(|| Date::new(d.year(), d.month(), d.day()))
        .flatten()
}

/// A date field written as a number: an Excel serial day
/// ([`excel_serial_date`]) or a Unix time stamp ([`epoch_date`]).
pub fn numeric_date(s: &str) -> Option<Date> {
    excel_serial_date(s).or_else(|| epoch_date(s))
}

/// The region name used for national (State Council) reports.
pub const NATIONAL_REGION: &str = "全国";

const REGION_SUFFIXES: [&str; 10] = [
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
];

/// Where a region sorts in the usual order of China's provinces (the
/// order of their codes, GB/T 2260: 北京市, 天津市, 河北省 … 澳门): a
/// province by its place in [`PROVINCES`], a city or county by its
/// province's (from the gazetteer), anything else after them all.
pub fn province_rank(region: &str) -> usize {
    let province = if PROVINCES.contains(&region) {
        Some(region)
    } else {
        province_of_city(region)
            .or_else(|| province_of_county(region))
            .or_else(|| province_of_division(region))
    };
    province
        .and_then(|p| PROVINCES.iter().position(|q| *q == p))
        .unwrap_or(PROVINCES.len())
}

/// The 34 provincial-level divisions.
pub const PROVINCES: [&str; 34] = [
    "北京市",
    "天津市",
    "河北省",
    "山西省",
    "内蒙古自治区",
    "辽宁省",
    "吉林省",
    "黑龙江省",
    "上海市",
    "江苏省",
    "浙江省",
    "安徽省",
    "福建省",
    "江西省",
    "山东省",
    "河南省",
    "湖北省",
    "湖南省",
    "广东省",
    "广西壮族自治区",
    "海南省",
    "重庆市",
    "四川省",
    "贵州省",
    "云南省",
    "西藏自治区",
    "陕西省",
    "甘肃省",
    "青海省",
    "宁夏回族自治区",
    "新疆维吾尔自治区",
    "香港特别行政区",
    "澳门特别行政区",
    "台湾省",
];

/// The short names of the 34 provincial-level divisions, as data sets
/// often write them (`北京`, `广东`, `内蒙古`, `新疆`), in the order of
/// [`PROVINCES`]. A bare `吉林` is taken for the province (the city is
/// `吉林市`).
pub const PROVINCE_SHORT_NAMES: [&str; 34] = [
    "北京",
    "天津",
    "河北",
    "山西",
    "内蒙古",
    "辽宁",
    "吉林",
    "黑龙江",
    "上海",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "广西",
    "海南",
    "重庆",
    "四川",
    "贵州",
    "云南",
    "西藏",
    "陕西",
    "甘肃",
    "青海",
    "宁夏",
    "新疆",
    "香港",
    "澳门",
    "台湾",
];

/// The level a region name implies: provincial-level names (full or short)
/// are provinces; a county-level city (县级市: 义乌市, 昆山市, as
/// `assets/gazetteer/divisions.tsv` lists it) is a county; other names
/// ending in 市/州/盟/地区 are cities, 县/区/旗 counties.
pub fn level_of_region(region: &str) -> Option<Level> {
    if region == NATIONAL_REGION || region == "中国" || region == "中华人民共和国" {
        return Some(Level::National);
    }
    if PROVINCES.contains(&region)
        || PROVINCE_SHORT_NAMES.contains(&region)
        || region.ends_with('省')
        || region.ends_with("自治区")
        || region.ends_with("特别行政区")
    {
        return Some(Level::Province);
    }
    if region.ends_with('市')
        && let Some(&(_, "county")) = gazetteer().division.get(region)
    {
        return Some(Level::County);
    }
    if ["市", "州", "盟", "地区"]
        .iter()
        .any(|s| region.ends_with(s))
    {
        return Some(Level::City);
    }
    if ["县", "区", "旗"].iter().any(|s| region.ends_with(s)) {
        return Some(Level::County);
    }
    is_town_name(region).then_some(Level::Town)
}

/// Whether `name` is a town's, township's or subdistrict's (湖寮镇,
/// 示例乡, 示例街道, 示例苏木): three Han characters or more ending in one of
/// those words, but not a word for towns in general (城镇, 特色小镇, 鱼米之乡).
pub fn is_town_name(name: &str) -> bool {
    const GENERAL: [&str; 22] = [
        "城镇", "乡镇", "集镇", "村镇", "市镇", "小镇", "古镇", "名镇", "重镇", "全镇", "本镇",
        "城乡", "县乡", "家乡", "故乡", "之乡", "全乡", "本乡", "下乡", "返乡", "回乡", "水乡",
    ];
    name.chars().count() >= 3
        && name.chars().all(is_han)
        && ["镇", "乡", "街道", "苏木"]
            .iter()
            .any(|s| name.ends_with(s))
        && !GENERAL.iter().any(|w| name.ends_with(w))
        && names_a_place(name)
}

/// Whether `c` is a CJK unified ideograph (basic block and extensions A–F,
/// compatibility ideographs).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF
        | 0x3400..=0x4DBF
        | 0x20000..=0x2EBEF
        | 0x30000..=0x323AF
        | 0xF900..=0xFAFF)
}

/// Number of Han characters in `text` ([`is_han`]), with a byte-level fast
/// path for ASCII and U+4E00–U+9FFF.
pub fn count_han(text: &str) -> usize {
    let bytes = text.as_bytes();
    let (mut i, mut n) = (0, 0);
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
        } else if (0xE5..=0xE9).contains(&b)
            || (b == 0xE4 && bytes.get(i + 1).is_some_and(|&x| x >= 0xB8))
        {
            n += 1;
            i += 3;
        } else if let Some(c) = text[i..].chars().next() {
            n += usize::from(is_han(c));
            i += c.len_utf8();
        } else {
            break;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn npc_sessions_give_their_year() {
        for (s, y) in [
            ("十四届全国人大一次会议政府工作报告", Some(2023)),
            ("第十三届全国人民代表大会第五次会议", Some(2022)),
            ("在第十二届全国人民代表大会第一次会议上", Some(2013)),
            ("六届全国人大一次会议", Some(1983)),
            ("第十届全国人民代表大会第三次会议", Some(2005)),
            // The early NPCs met irregularly; a standing committee's
            // sessions number in the dozens.
            ("第五届全国人民代表大会第二次会议", None),
            ("十三届全国人大常委会第十次会议", None),
            ("政府工作报告", None),
        ] {
            assert_eq!(year_from_npc_session(s), y, "{s}");
        }
    }

    #[test]
    fn file_names_with_a_year_next_to_the_region() {
        for (stem, region) in [
            ("2017年示例市", Some("示例市")),
            ("示例市2017", Some("示例市")),
            ("示例县2017年度", Some("示例县")),
            ("2017_示例区", Some("示例区")),
            ("2017年", None),
            ("2017", None),
            ("示例市政府工作报告", Some("示例市")),
            ("深圳市政府", Some("深圳市")),
            ("示例县人民政府2019年政府工作报告", Some("示例县")),
            ("市政府工作报告", None),
            ("政府工作报告", None),
            ("关于示例市政府工作报告的说明", None),
            ("北京", Some("北京市")),
            ("2019年广东", Some("广东省")),
            ("内蒙古_2020", Some("内蒙古自治区")),
            ("吉林市", Some("吉林市")),
            // A region after the report's name, in brackets or not.
            ("2019年政府工作报告（湖北省）", Some("湖北省")),
            ("2019年政府工作报告湖北省", Some("湖北省")),
            ("2019政府工作报告(湖南)", Some("湖南省")),
            ("政府工作报告2019[湖南省]", Some("湖南省")),
            ("政府工作报告2019（湖北）", Some("湖北省")),
            ("【全文】2023年示例市人民政府工作报告", Some("示例市")),
            // The words people put in brackets name no place.
            ("2019年政府工作报告（全文）", None),
            ("2019年政府工作报告(摘要)", None),
            ("政府工作报告（草案）", None),
            ("政府工作报告【图解】", None),
            ("政府工作报告（征求意见稿）", None),
            ("政府工作报告（节选）", None),
            ("政府工作报告(2)", None),
            // The most specific place, named with its parent.
            ("2020_广东_深圳_福田区", Some("深圳市福田区")),
            ("深圳市_南山区_2020", Some("深圳市南山区")),
            ("2019_湖北_武汉", Some("武汉市")),
            ("大埔县_湖寮镇_2021", Some("大埔县湖寮镇")),
            ("湖寮镇2021", Some("湖寮镇")),
            // Words for towns in general are no town.
            ("特色小镇建设2021", None),
            ("2021城乡", None),
        ] {
            assert_eq!(region_from_file_name(stem).as_deref(), region, "{stem}");
        }
        assert_eq!(level_of_region("大埔县湖寮镇"), Some(Level::Town));
        assert_eq!(level_of_region("示例街道"), Some(Level::Town));
        assert_eq!(level_of_region("鱼米之乡"), None);
        assert_eq!(province_of_division("大埔县湖寮镇"), Some("广东省"));
        assert_eq!(
            shared_county_in_name("南山2021", &["深圳市".to_string()]).as_deref(),
            Some("深圳市南山区")
        );
        assert_eq!(
            shared_county_in_name("南山2021", &["广州市".to_string()]),
            None
        );
        assert_eq!(prefecture_of_county("海拉尔区"), Some("呼伦贝尔市"));
        // Provinces in the order of their codes, a city with its province.
        let mut regions = ["示例市", "广州市", "上海市", "河北省", "北京市", "深圳市"];
        regions.sort_by_key(|r| (province_rank(r), *r));
        assert_eq!(
            regions,
            ["北京市", "河北省", "上海市", "广州市", "深圳市", "示例市"]
        );
    }

    #[test]
    fn cities_written_without_shi_in_folder_and_file_names() {
        for (name, region) in [
            // Prefecture- and county-level cities.
            ("深圳", Some("深圳市")),
            ("义乌", Some("义乌市")),
            ("乌鲁木齐", Some("乌鲁木齐")),
            ("七台河", Some("七台河市")),
            // Written with 州 they used to stay short; now the full name.
            ("惠州", Some("惠州市")),
            // A county or district shares the name: kept short.
            ("长沙", Some("长沙")),
            ("朝阳", Some("朝阳")),
            // The province wins; one character is no city; not a place.
            ("吉林", Some("吉林省")),
            ("芒", None),
            ("下载", None),
            ("深圳市", Some("深圳市")),
            ("深圳市人民政府", Some("深圳市")),
        ] {
            assert_eq!(region_from_folder_name(name).as_deref(), region, "{name}");
        }
        // 乌鲁木齐 shares its name with 乌鲁木齐县: short.
        assert_eq!(city_from_short_name("乌鲁木齐"), Some("乌鲁木齐"));
        for (stem, region) in [
            ("2021_义乌_政府工作报告", Some("义乌市")),
            ("深圳2019", Some("深圳市")),
            ("2019年深圳", Some("深圳市")),
            ("长沙_2020", Some("长沙")),
            ("2020_报告", None),
        ] {
            assert_eq!(region_from_file_name(stem).as_deref(), region, "{stem}");
        }
        // Every short name in the gazetteer resolves, to its full name or
        // (shared with a county or district) to itself.
        let rows = tsv_rows(include_str!("../../assets/gazetteer/cities.tsv"));
        assert_eq!(rows.len(), 650);
        for r in &rows {
            let want = if r[4].is_empty() { r[1] } else { r[0] };
            assert_eq!(city_from_short_name(r[0]), Some(want), "{r:?}");
            assert_eq!(format!("{}市", r[0]), r[1]);
            assert_eq!(province_of_city(r[1]), Some(r[2]), "{r:?}");
            assert!(PROVINCES.contains(&r[2]), "{r:?}");
        }
        assert_eq!(province_of_city("深圳市"), Some("广东省"));
        assert_eq!(province_of_city("长沙市"), Some("湖南省"));
        assert_eq!(province_of_city("长沙"), None);
        assert_eq!(province_of_city("示例市"), None);
        assert_eq!(
            short_name_candidates("长沙"),
            Some(vec!["长沙市", "长沙县"])
        );
        assert_eq!(
            short_name_candidates("朝阳"),
            Some(vec!["朝阳市", "朝阳区", "朝阳县"])
        );
        assert_eq!(short_name_candidates("深圳"), None);
        assert_eq!(short_name_candidates("示例"), None);
    }

    #[test]
    fn names_in_latin_letters() {
        assert_eq!(
            latin_words("BeijingReport_2019-xi'an Inner  Mongolia"),
            ["Beijing", "Report", "xi'an", "Inner", "Mongolia"]
        );
        assert_eq!(latin_words("2019年_广东"), Vec::<&str>::new());
        for (name, full) in [
            ("Guangdong_2019", "广东省"),
            ("2021-beijing-government-work-report", "北京市"),
            ("GuangzhouReport2020", "广州市"),
            ("2019_Inner_Mongolia", "内蒙古自治区"),
            ("hong kong 2019", "香港特别行政区"),
            ("Xi'an_2018", "西安市"),
            ("xian2018", "西安市"),
            ("SHAANXI_2017", "陕西省"),
            ("shanxi_2017", "山西省"),
            ("jilin_2017", "吉林省"),
            ("2016_Harbin", "哈尔滨市"),
            ("changzhi_2015", "长治市"),
        ] {
            assert_eq!(region_from_file_name(name).as_deref(), Some(full), "{name}");
        }
        // Spellings two places share, words that are no place, and a Han
        // name first.
        for name in [
            "suzhou_2019",
            "taizhou_2019",
            "government_work_reports",
            "copy_001",
            "report_2019",
        ] {
            assert_eq!(region_from_file_name(name), None, "{name}");
        }
        assert_eq!(
            region_from_file_name("2019_广州市_beijing").as_deref(),
            Some("广州市")
        );
        // A folder: the whole name.
        assert_eq!(
            region_from_folder_name("Guangdong").as_deref(),
            Some("广东省")
        );
        assert_eq!(
            region_from_folder_name("inner mongolia").as_deref(),
            Some("内蒙古自治区")
        );
        assert_eq!(region_from_folder_name("guangdong_reports"), None);
        assert_eq!(region_from_folder_name("reports"), None);
        // Every row: lower-case letters, a province or a city the city
        // table knows (with its province), and the level it says.
        let rows = tsv_rows(include_str!("../../assets/gazetteer/pinyin.tsv"));
        assert!(rows.len() > 300, "{}", rows.len());
        for f in &rows {
            assert!(f[0].bytes().all(|b| b.is_ascii_lowercase()), "{f:?}");
            match f[2] {
                "province" => assert!(PROVINCES.contains(&f[1]), "{f:?}"),
                "prefecture" => assert!(province_of_city(f[1]).is_some(), "{f:?}"),
                _ => panic!("{f:?}"),
            }
        }
        let provinces: std::collections::BTreeSet<_> = rows
            .iter()
            .filter(|f| f[2] == "province")
            .map(|f| f[1])
            .collect();
        assert_eq!(provinces.len(), PROVINCES.len());
    }

    #[test]
    fn counties_by_their_short_names() {
        assert_eq!(county_from_short_name("海拉尔"), Some("海拉尔区"));
        assert_eq!(province_of_county("海拉尔区"), Some("内蒙古自治区"));
        // Full names the short-name tables leave out.
        for (full, province) in [
            ("恩施土家族苗族自治州", Some("湖北省")),
            ("锡林郭勒盟", Some("内蒙古自治区")),
            ("阿里地区", Some("西藏自治区")),
            ("浦东新区", Some("上海市")),
            ("长沙县", Some("湖南省")),
            ("神农架林区", Some("湖北省")),
            ("杭州市西湖区", Some("浙江省")),
            ("南昌市西湖区", Some("江西省")),
            ("西湖区", None),
            ("示例市", None),
            ("杭州市示例", None),
        ] {
            assert_eq!(province_of_division(full), province, "{full}");
        }
        // Ambiguous or not a county's: none.
        for short in [
            "鼓楼", // 鼓楼区 in several cities
            "朝阳", // a city's short name (朝阳市), also 朝阳区 and 朝阳县
            "长沙", // the city's
            "江南", // 江南区, but also a part of any place
            "城东", "浦东", "示例", "海",
        ] {
            assert_eq!(county_from_short_name(short), None, "{short}");
        }
        assert_eq!(
            region_from_folder_name("海拉尔").as_deref(),
            Some("海拉尔区")
        );
        assert_eq!(
            region_from_file_name("海拉尔_2016").as_deref(),
            Some("海拉尔区")
        );
        // Every row: one county per short name, its full name made of the
        // short name and a county-level suffix, its province a province,
        // and no city's short name among them.
        let rows = tsv_rows(include_str!("../../assets/gazetteer/counties.tsv"));
        assert_eq!(rows.len(), 2018);
        let suffixes = [
            "自治县",
            "自治旗",
            "林区",
            "特区",
            "新区",
            "矿区",
            "区",
            "县",
            "旗",
        ];
        for r in &rows {
            assert_eq!(county_from_short_name(r[0]), Some(r[1]), "{r:?}");
            assert_eq!(province_of_county(r[1]), Some(r[2]), "{r:?}");
            assert!(PROVINCES.contains(&r[2]), "{r:?}");
            let suffix = r[1].strip_prefix(r[0]).unwrap_or_default();
            assert!(suffixes.contains(&suffix), "{r:?}");
            assert_eq!(city_from_short_name(r[0]), None, "{r:?}");
            assert!(r[0].chars().count() >= 2, "{r:?}");
        }
    }

    #[test]
    fn short_province_names_are_provinces() {
        for (full, short) in PROVINCES.iter().zip(PROVINCE_SHORT_NAMES) {
            assert!(full.starts_with(short), "{full} {short}");
            assert_eq!(level_of_region(short), Some(Level::Province), "{short}");
        }
        assert_eq!(level_of_region("吉林市"), Some(Level::City));
        // County-level cities are counties; prefecture-level ones cities.
        for county in ["义乌市", "昆山市", "晋江市", "吉首市", "根河市", "满洲里市"]
        {
            assert_eq!(level_of_region(county), Some(Level::County), "{county}");
        }
        assert_eq!(level_of_region("苏州市"), Some(Level::City));
        assert_eq!(level_of_region("金华市"), Some(Level::City));
        assert_eq!(level_of_region("长春"), None);
    }

    #[test]
    fn excel_serial_dates_in_date_fields() {
        // Checked against openpyxl's from_excel.
        // Unix time stamps in seconds and milliseconds, as a day in China
        // (2019-01-14 16:00 UTC is midnight of the 15th in Beijing).
        assert_eq!(epoch_date("1547481600"), Date::new(2019, 1, 15));
        assert_eq!(epoch_date("1547481599"), Date::new(2019, 1, 14));
        assert_eq!(epoch_date("1547510400000"), Date::new(2019, 1, 15));
        assert_eq!(epoch_date("1516000000.0"), Date::new(2018, 1, 15));
        for s in [
            "123456789",
            "99999999999",
            "4133980800",
            "1547510400x",
            "-1547510400",
        ] {
            assert_eq!(epoch_date(s), None, "{s}");
        }
        assert_eq!(numeric_date("44581"), Date::new(2022, 1, 20));
        assert_eq!(numeric_date("1547510400"), Date::new(2019, 1, 15));
        assert_eq!(excel_serial_date("44581"), Date::new(2022, 1, 20));
        assert_eq!(excel_serial_date("44582.0"), Date::new(2022, 1, 21));
        assert_eq!(excel_serial_date("43480"), Date::new(2019, 1, 15));
        assert_eq!(excel_serial_date("10000"), Date::new(1927, 5, 18));
        for s in ["2019", "20190115", "4458", "44582.5", "abcde", ""] {
            assert_eq!(excel_serial_date(s), None, "{s}");
        }
    }

    #[test]
    fn folders_name_years_and_regions_only_as_a_whole() {
        assert_eq!(folders_of("reports/2019/甲市.txt"), ["2019", "reports"]);
        assert_eq!(folders_of("./a.zip/2019年/乙县.txt"), ["2019年", "a.zip"]);
        assert!(folders_of("x.txt").is_empty());
        for (name, year) in [
            ("2019", Some(2019)),
            ("2019年", Some(2019)),
            ("２０１９年度", Some(2019)),
            ("2019年政府工作报告", Some(2019)),
            ("2024-download", None),
            ("reports 2019-2020", None),
            ("1850", None),
            ("甲市", None),
            ("2024年各地政府工作报告", Some(2024)),
            ("2024年度 省级政府工作报告汇总", Some(2024)),
            ("各省政府工作报告(2024年)", Some(2024)),
            ("各省政府工作报告（２０２４年）", Some(2024)),
            ("政府工作报告合集_2023", Some(2023)),
            ("2019-2023年报告", None),
            ("2019年至2023年各地政府工作报告", None),
            ("2024年下载", None),
            ("2024年各地统计公报", None),
        ] {
            assert_eq!(year_from_folder_name(name), year, "{name}");
        }
        for (name, region) in [
            ("示例市", Some("示例市")),
            ("海拉尔区", Some("海拉尔区")),
            ("2019", None),
            ("市政府报告", None),
            ("reports", None),
            ("广东", Some("广东省")),
            ("示例市人民政府", Some("示例市")),
        ] {
            assert_eq!(region_from_folder_name(name).as_deref(), region, "{name}");
        }
    }

    #[test]
    fn han_count_fast_path_equals_the_plain_count() {
        let samples = [
            "",
            "abc",
            "一丁七万丈三上下不与丐丑专且丕世",
            "2025年，数字经济增长5%。㐀㐁(U+3400) 𠀀𠀁 豈 ー・「」",
            "\u{4DFF}\u{4E00}\u{9FFF}\u{A000}",
        ];
        for s in samples {
            assert_eq!(
                count_han(s),
                s.chars().filter(|&c| is_han(c)).count(),
                "{s}"
            );
        }
        let all: String = (0x3000u32..0xA100).filter_map(char::from_u32).collect();
        assert_eq!(count_han(&all), all.chars().filter(|&c| is_han(c)).count());
    }

    #[test]
    fn panjin_title_gives_province_city_and_date() {
        let t = "(辽宁省)盘锦市人民政府工作报告(2023年1月4日)";
        let r = region_from_title(t);
        assert_eq!(r.region.as_deref(), Some("盘锦市"));
        assert_eq!(r.province.as_deref(), Some("辽宁省"));
        assert_eq!(parse_date(t), Date::new(2023, 1, 4));
        assert_eq!(level_of_region("盘锦市"), Some(Level::City));
    }

    #[test]
    fn provinces_split_off_region_names() {
        assert_eq!(split_province("湖南省长沙市"), Some(("湖南省", "长沙市")));
        assert_eq!(split_province("北京市朝阳区"), Some(("北京市", "朝阳区")));
        assert_eq!(
            split_province("广西壮族自治区南宁市"),
            Some(("广西壮族自治区", "南宁市"))
        );
        for name in [
            "湖南省",
            "长沙市",
            "吉林市",
            "海南藏族自治州",
            "北京市",
            "湖南省长沙市人民政府",
        ] {
            assert_eq!(split_province(name), None, "{name}");
        }
        assert_eq!(region_from_folder_name("广东").as_deref(), Some("广东省"));
        assert_eq!(
            region_from_folder_name("内蒙古").as_deref(),
            Some("内蒙古自治区")
        );
        assert_eq!(region_from_folder_name("报告"), None);
        assert_eq!(region_from_folder_name("下载"), None);
        // A district or zone under its city's full or short name.
        for (name, province) in [
            ("广州市天河区", Some("广东省")),
            ("大连金普新区", Some("辽宁省")),
            ("苏州工业园区", Some("江苏省")),
            ("大连", None),
            ("大连市民", None),
            ("示例工业园区", None),
        ] {
            assert_eq!(province_of_division(name), province, "{name}");
        }
    }

    #[test]
    fn region_before_the_government_and_the_year() {
        for t in [
            "苏州市人民政府2019年政府工作报告",
            "苏州市人民政府 2019年度政府工作报告",
            "2019年苏州市人民政府工作报告",
            "苏州市2019年政府工作报告",
            "2019年苏州市政府工作报告",
        ] {
            assert_eq!(
                region_from_title(t).region.as_deref(),
                Some("苏州市"),
                "{t}"
            );
        }
        // A region is never read from the year's 年, nor from a word such
        // as 全市 or 关于市…; two-character names (沛县, 津市) are places.
        for t in [
            "2009年市政府工作报告",
            "2009年度市政府工作报告",
            "2009年全市政府工作报告",
            "关于市政府工作报告",
            "2009年本县政府工作报告",
        ] {
            assert_eq!(region_from_title(t).region, None, "{t}");
        }
        for (t, r) in [
            ("2019年沛县政府工作报告", "沛县"),
            ("2019年度津市市政府工作报告", "津市市"),
            ("2009年乙市政府工作报告", "乙市"),
            ("二〇一九年示例市政府工作报告", "示例市"),
            ("示例县二○一八年度政府工作报告", "示例县"),
        ] {
            assert_eq!(region_from_title(t).region.as_deref(), Some(r), "{t}");
        }
    }

    #[test]
    fn titles_and_file_names() {
        assert_eq!(
            year_from_title("2025年中华人民共和国国务院政府工作报告"),
            Some(2025)
        );
        assert!(region_from_title("2025年中华人民共和国国务院政府工作报告").national);
        assert_eq!(
            year_from_title("第十三届全国人民代表大会第三次会议关于政府工作报告的决议"),
            None
        );
        // Chinese numerals, and a year alone in brackets (after NFKC).
        for (t, y) in [
            ("二〇一九年示例市政府工作报告", 2019),
            ("示例市政府工作报告(二○一七年)", 2017),
            ("示例市政府工作报告(2018)", 2018),
            ("【2016年度】示例市政府工作报告", 2016),
            ("示例市政府工作报告〔2015〕", 2015),
        ] {
            assert_eq!(year_from_title(t), Some(y), "{t}");
        }
        for t in [
            "示例市政府工作报告(2021-2025)",
            "示例市政府工作报告(第2版)",
            "示例市政府工作报告(12345)",
            "一九二三四年",
        ] {
            assert_eq!(year_from_title(t), None, "{t}");
        }
        let r = region_from_title("示例市2019年政府工作报告(合成示例数据)");
        assert_eq!(r.region.as_deref(), Some("示例市"));
        let r = region_from_title("2026年北京市政府工作报告");
        assert_eq!(r.region.as_deref(), Some("北京市"));
        // A region in brackets after the report's name.
        for (t, region) in [
            ("2019年政府工作报告(湖北省)", Some("湖北省")),
            ("2019年政府工作报告【湖南】", Some("湖南省")),
            ("政府工作报告(2019年)", None),
            ("2019年政府工作报告(全文)", None),
            ("2019年政府工作报告(摘要)", None),
            // The government of a 地区 is its 行政公署, of a new area or a
            // zone its 管委会.
            ("阿里地区行政公署2019年工作报告", Some("阿里地区")),
            ("2019年示例新区管委会工作报告", Some("示例新区")),
            ("示例市人民政府2019年工作报告", Some("示例市")),
            ("示例市人民检察院工作报告", None),
            ("示例市2019年工作报告", None),
            // A short name before the year.
            ("深圳2019年政府工作报告", Some("深圳市")),
            ("湖北2019年政府工作报告", Some("湖北省")),
            ("全文2019年政府工作报告", None),
            // The head of its government delivers it.
            ("曲靖市市长董保同作政府工作报告", Some("曲靖市")),
            ("曲靖市长董保同作政府工作报告", Some("曲靖市")),
            (
                "示例县县长某某在县十八届人大二次会议上作政府工作报告",
                Some("示例县"),
            ),
            ("湖北省代省长王忠林作2022年政府工作报告", Some("湖北省")),
            ("示例区人民政府区长某某作政府工作报告", Some("示例区")),
            ("内蒙古自治区主席某某作政府工作报告", Some("内蒙古自治区")),
            // Nobody's office, or another body's report.
            ("全市市长某某作政府工作报告", None),
            ("示例市市长某某作法院工作报告", None),
            ("示例市市长某某强调狠抓落实", None),
        ] {
            assert_eq!(region_from_title(t).region.as_deref(), region, "{t}");
        }
        assert_eq!(level_of_region("北京市"), Some(Level::Province));
        assert_eq!(year_from_file_name("2026_北京市_政府工作报告"), Some(2026));
        assert_eq!(year_from_file_name("2023"), Some(2023));
        assert_eq!(year_from_file_name("report_12345"), None);
        assert_eq!(year_from_file_name("synthetic_reports_2022-2025"), None);
        assert_eq!(year_from_file_name("synthetic_示例市_2019_2021"), None);
        assert_eq!(year_from_file_name("20230104_东莞市"), Some(2023));
        assert_eq!(year_from_file_name("20230104_2023年东莞市"), Some(2023));
        assert_eq!(year_from_file_name("20231399_东莞市"), None);
        assert_eq!(year_from_file_name("12345678"), None);
        // A serial number is no year; a document number's year is one.
        assert_eq!(year_from_file_name("第2016号文件"), None);
        assert_eq!(year_from_file_name("国办发〔2016〕12号"), Some(2016));
        assert_eq!(
            date_from_file_name("20230104_东莞市"),
            Date::new(2023, 1, 4)
        );
        assert_eq!(
            date_from_file_name("2023-01-05 中山市政府工作报告"),
            Date::new(2023, 1, 5)
        );
        assert_eq!(
            date_from_file_name("2023年1月5日_报告"),
            Date::new(2023, 1, 5)
        );
        assert_eq!(date_from_file_name("2023年中山市政府工作报告"), None);
        assert_eq!(date_from_file_name("report_12345678"), None);
        assert_eq!(
            region_from_file_name("2026_北京市_政府工作报告").as_deref(),
            Some("北京市")
        );
        assert_eq!(
            region_from_file_name("synthetic_2016_示例市").as_deref(),
            Some("示例市")
        );
        // A digest's word before the place is not part of it.
        for stem in [
            "图解丙市2021年政府工作报告",
            "一图读懂丙市2021年政府工作报告",
        ] {
            assert_eq!(
                region_from_file_name(stem).as_deref(),
                Some("丙市"),
                "{stem}"
            );
            assert_eq!(
                region_from_title(stem).region.as_deref(),
                Some("丙市"),
                "{stem}"
            );
        }
        // Years in Chinese numerals, as titles write them.
        for (stem, year) in [
            ("二〇一九年政府工作报告", Some(2019)),
            ("丁市二0二三年政府工作报告", Some(2023)),
            ("丁市人民政府工作报告二〇一八", Some(2018)),
            ("二○二○年示例市政府工作报告", Some(2020)),
            // A range, and no year.
            ("二〇一八至二〇二二年", None),
            ("一二三四五", None),
        ] {
            assert_eq!(year_from_file_name(stem), year, "{stem}");
        }
        // The issuer before the subject of a government document.
        assert_eq!(
            region_from_file_name("南宁市人民政府关于2012年政府工作报告").as_deref(),
            Some("南宁市")
        );
        assert_eq!(
            region_from_file_name("示例县人民政府关于印发2020年政府工作报告的通知").as_deref(),
            Some("示例县")
        );
        // Not a place: a resolution about a report, a generic name.
        assert_eq!(
            region_from_file_name("关于示例市人民政府工作报告的决议"),
            None
        );
        assert_eq!(region_from_file_name("人民政府工作报告2019"), None);
    }

    #[test]
    fn dates_in_several_spellings() {
        for s in [
            "2026-02-02",
            "2026/2/2",
            "2026年2月2日",
            "20260202",
            "2026.2.2",
        ] {
            assert_eq!(parse_date(s), Date::new(2026, 2, 2), "{s}");
        }
        assert_eq!(parse_date("2026-02-30"), None);
        assert_eq!(parse_year_field("2025"), Some(2025));
        assert_eq!(parse_year_field("2025.0"), Some(2025));
        assert_eq!(parse_year_field("25"), None);
        // As people fill a year column.
        for (field, year) in [
            (" 2025 ", Some(2025)),
            ("2025年", Some(2025)),
            ("2025年度", Some(2025)),
            ("2025 年度", Some(2025)),
            ("２０２５年", Some(2025)),
            ("二〇二五年", Some(2025)),
            ("二○二五", Some(2025)),
            ("2025-01-15", Some(2025)),
            ("2025年1月15日", Some(2025)),
            ("2025年1月", Some(2025)),
            ("2025-01", Some(2025)),
            ("2024-2025", None),
            ("2024年-2025年", None),
            ("未知", None),
            ("一二三四", None),
            ("", None),
            ("3025", None),
        ] {
            assert_eq!(parse_year_field(field), year, "{field:?}");
        }
    }

    #[test]
    fn epoch_days_match_known_values() {
        assert_eq!(Date::new(1970, 1, 1).unwrap().days_since_epoch(), 0);
        assert_eq!(Date::new(2000, 3, 1).unwrap().days_since_epoch(), 11_017);
        assert_eq!(Date::new(2023, 1, 4).unwrap().days_since_epoch(), 19_361);
        assert_eq!(Date::new(1954, 9, 23).unwrap().days_since_epoch(), -5_579);
    }

    #[test]
    fn numbered_and_collection_folders_name_their_place() {
        for (folder, want) in [
            ("1-涞水县", Some("涞水县")),
            ("02 城阳区", Some("城阳区")),
            ("(3)示例市", Some("示例市")),
            ("淳安县政府工作报告汇编", Some("淳安县")),
            ("涞水县历年政府工作报告", Some("涞水县")),
            ("示例市人民政府工作报告全文", Some("示例市")),
            ("政府工作报告汇编", None),
            ("01 地级市", None),
            ("04-开发区", None),
            ("03 市辖区", None),
            ("1-城区", None),
            ("各县区", None),
            ("县区汇编", None),
            ("3-省会城市", None),
            ("开发区", None),
            ("2019", None),
            ("01", None),
        ] {
            assert_eq!(region_from_folder_name(folder).as_deref(), want, "{folder}");
        }
    }

    #[test]
    fn former_names_give_the_present_one() {
        let now = |n: &str| current_name(n);
        let listed = |n: &str| Some((n.to_string(), Renaming::Listed));
        let suffix = |n: &str| Some((n.to_string(), Renaming::Suffix));
        // Renamings the table lists: a new name, a new suffix since cpca's
        // table (临安市 is in it, as it was in 2015).
        assert_eq!(now("襄樊市"), listed("襄阳市"));
        assert_eq!(now("思茅市"), listed("普洱市"));
        assert_eq!(now("临安市"), listed("临安区"));
        assert_eq!(now("许昌县"), listed("建安区"));
        // Names no table knows, one division bearing their stem with
        // another suffix.
        assert_eq!(now("铜仁地区"), suffix("铜仁市"));
        assert_eq!(now("富阳市"), suffix("富阳区"));
        assert_eq!(now("溧水县"), suffix("溧水区"));
        assert_eq!(
            now("南京市溧水县"),
            Some(("南京市溧水区".to_string(), Renaming::Suffix))
        );
        // Known as they are, or no division's: no renaming.
        for name in [
            "临安区",
            "抚顺县",
            "抚顺市",
            "襄阳市",
            "深圳市",
            "广东省",
            "示例市",
            "高新区",
            "浦东新区",
        ] {
            assert_eq!(now(name), None, "{name}");
        }
        // A county is not the prefecture-level city of its name; written
        // without its peoples, it is its autonomous county.
        assert_eq!(now("本溪县"), suffix("本溪满族自治县"));
        assert_eq!(now("阜新县"), suffix("阜新蒙古族自治县"));
        for name in ["宜昌县", "玉溪县", "张掖县"] {
            assert_eq!(now(name), None, "{name}");
        }
        assert_eq!(now("遵义县"), listed("播州区"));
        assert_eq!(now("庐山区"), listed("濂溪区"));
        // A stem several divisions bear (鼓楼区 of six cities, 朝阳县 and
        // 朝阳区 and 朝阳市) settles nothing.
        assert_eq!(now("鼓楼县"), None);
        assert_eq!(now("朝阳旗"), None);
        // A county after a city it is not in keeps its name.
        assert_eq!(now("杭州市溧水县"), None);
        // The present names the older tables lack are divisions.
        assert_eq!(province_of_division("临安区"), Some("浙江省"));
        assert_eq!(prefecture_of_county("临安区"), Some("杭州市"));
        assert_eq!(level_of_region("射洪市"), Some(Level::County));
        // And the divisions it adds.
        assert_eq!(province_of_division("坪山区"), Some("广东省"));
        assert_eq!(prefecture_of_county("龙港市"), Some("温州市"));
        // Renamings of 2021-2023 (the 2023 table): a county that became a
        // city is the city, never the other way round; a one-character
        // stem (横县, 沙县) by name.
        assert_eq!(now("会理县"), listed("会理市"));
        assert_eq!(now("会理市"), None);
        assert_eq!(province_of_division("会理市"), Some("四川省"));
        assert_eq!(now("横县"), listed("横州市"));
        assert_eq!(now("沙县"), listed("沙县区"));
        assert_eq!(now("龙海市"), listed("龙海区"));
        assert_eq!(prefecture_of_county("龙海区"), Some("漳州市"));
        // Districts made in 2021 from parts of others.
        for (district, city) in [("钱塘区", "杭州市"), ("临平区", "杭州市")] {
            assert_eq!(now(district), None, "{district}");
            assert_eq!(prefecture_of_county(district), Some(city), "{district}");
            assert_eq!(province_of_division(district), Some("浙江省"));
        }
    }

    /// `assets/gazetteer/renamed.tsv` is whole and consistent: six fields
    /// each row, a former name never another row's present one (no chains
    /// to follow), in a province, at a level.
    #[test]
    fn the_renaming_table_is_consistent() {
        let rows = tsv_rows(include_str!("../../assets/gazetteer/renamed.tsv"));
        assert!(rows.len() > 50, "{}", rows.len());
        let formers: std::collections::HashSet<&str> = rows.iter().map(|f| f[0]).collect();
        for f in &rows {
            assert_eq!(f.len(), 6, "{f:?}");
            assert_ne!(f[0], f[1], "{f:?}");
            assert!(
                !formers.contains(f[1]),
                "{f:?}: its present name was renamed too"
            );
            assert!(PROVINCES.contains(&f[2]), "{f:?}");
            assert!(["prefecture", "county"].contains(&f[4]), "{f:?}");
            assert!(["suffix", "name"].contains(&f[5]), "{f:?}");
        }
    }
}
