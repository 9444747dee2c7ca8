//! Which column (CSV, sheet) or key (JSONL) holds each field: the text,
//! year, date, title, region, province, level and paragraph number, found under their usual
//! Chinese and English names ([`crate::corpus::config::defaults`]) compared
//! after NFKC, trimming and case-folding, or named in `corpus.toml`.
//! Unnamed and numeric index columns (a pandas export's first column) are
//! ignored. A table's text cut over numbered columns (`正文1`, `正文2`…: a
//! report longer than an Excel cell's 32,767 characters) is found by
//! [`FieldMap::resolve_table`].

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::corpus::config::{FolderConfig, defaults};

/// The column or key chosen for each field (`None`: not present).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldMap {
    /// The report text (the first of [`FieldMap::text_parts`] when the
    /// text is cut over numbered columns).
    pub text: Option<String>,
    /// The columns a text cut over numbered columns is in (`正文1`,
    /// `正文2`, `正文3`: Excel holds at most 32,767 characters a cell), in
    /// number order: their cells are joined without a separator, the text
    /// having been cut anywhere. Empty when the text is one column.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub text_parts: Vec<String>,
    /// The year.
    pub year: Option<String>,
    /// The date.
    pub date: Option<String>,
    /// Whether the date field is named for the publication date
    /// ([`names_publication`]; not when `[fields]` in `corpus.toml` chose
    /// it): the text's dateline, the day the report was delivered,
    /// outranks it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub date_is_publication: bool,
    /// The title.
    pub title: Option<String>,
    /// The region.
    pub region: Option<String>,
    /// A city's column beside the county's or district's that is the
    /// region (`地级市` beside `区县`, `city` beside `district`): a row whose
    /// region cell is blank takes this one's (a city's own report among its
    /// counties').
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region_parent: Option<String>,
    /// The province.
    pub province: Option<String>,
    /// The administrative level.
    pub level: Option<String>,
    /// The paragraph number of a table with one paragraph per row: the
    /// rows of one report are joined ([`super::join_paragraphs`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<String>,
    /// Index columns that were ignored.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignored: Vec<String>,
    /// Whether the text column was chosen as the one with the longest
    /// values, no column having a known text name.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub text_by_length: bool,
    /// Whether the rows, which have no paragraph number, were joined into
    /// reports as paragraphs ([`super::rows_are_paragraphs`]).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub rows_joined: bool,
    /// The line (CSV) or row (sheet) of the header when title rows above it
    /// were skipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header_line: Option<u64>,
}

/// A field name as compared: NFKC, without BOM, whitespace, `_` and `-`,
/// lowercase, so that `publishTime`, `publish_time` and `Publish Time` are
/// one name.
pub fn normalize(name: &str) -> String {
    let n: String = name
        .nfkc()
        .filter(|&c| c != '\u{feff}' && c != '_' && c != '-' && !c.is_whitespace())
        .collect();
    n.to_lowercase()
}

/// Whether a date field's name says it holds the publication date
/// (`publish_date`, `pub_time`, `publishedAt`, `release_date`, 发布时间,
/// 发表时间, 刊发日期 …): when the page or article went online, days or
/// weeks after the report was delivered, so the text's own dateline
/// outranks it. A name chosen in `corpus.toml`'s `[fields]` is taken as
/// the user's date, whatever it says.
pub fn names_publication(name: &str) -> bool {
    let n = normalize(name);
    [
        "publish", "pubdate", "pubtime", "release", "posted", "发布", "发表", "刊发", "刊登",
    ]
    .iter()
    .any(|p| n.contains(p))
}

/// Whether a column is an index column: no name, pandas' `Unnamed: 0`,
/// `index`, `序号`, or a number.
pub fn is_index_column(name: &str) -> bool {
    let n = normalize(name);
    n.is_empty()
        || n.starts_with("unnamed:")
        || n == "index"
        || n == "序号"
        || n == "编号"
        || n.chars().all(|c| c.is_ascii_digit())
}

impl FieldMap {
    /// The columns of the fields other than the text, in the order title,
    /// year, date, region, province, level.
    pub fn metadata(&self) -> [&Option<String>; 6] {
        [
            &self.title,
            &self.year,
            &self.date,
            &self.region,
            &self.province,
            &self.level,
        ]
    }

    /// Resolve the fields among `available` names, honouring `[fields]` of
    /// `cfg`.
    pub fn resolve(cfg: &FolderConfig, available: &[String]) -> FieldMap {
        let f = &cfg.config.fields;
        let usable: Vec<&String> = available.iter().filter(|a| !is_index_column(a)).collect();
        let pick = |explicit: &Option<String>, candidates: &[&str]| -> Option<String> {
            if let Some(name) = explicit {
                let want = normalize(name);
                return available.iter().find(|a| normalize(a) == want).cloned();
            }
            // The whole name first; then the part after the last dot (the
            // fields of a JSON sub-object: `meta.year`).
            let leaf = |a: &str| normalize(a.rsplit('.').next().unwrap_or(a));
            candidates
                .iter()
                .find_map(|c| {
                    let want = normalize(c);
                    usable.iter().find(|a| normalize(a) == want)
                })
                .or_else(|| {
                    candidates.iter().find_map(|c| {
                        let want = normalize(c);
                        usable.iter().find(|a| a.contains('.') && leaf(a) == want)
                    })
                })
                .map(|a| (*a).clone())
        };
        let date = pick(&f.date, defaults::DATE);
        let region = pick(&f.region, defaults::REGION);
        let is_county = region.as_deref().is_some_and(|r| {
            let r = normalize(r.rsplit('.').next().unwrap_or(r));
            defaults::COUNTY_REGION.iter().any(|c| normalize(c) == r)
        });
        let region_parent = (f.region.is_none() && is_county)
            .then(|| pick(&None, defaults::CITY_REGION))
            .flatten();
        FieldMap {
            region,
            region_parent,
            date_is_publication: f.date.is_none() && date.as_deref().is_some_and(names_publication),
            date,
            text: pick(&f.text, defaults::TEXT),
            year: pick(&f.year, defaults::YEAR),
            title: pick(&f.title, defaults::TITLE),
            province: pick(&f.province, defaults::PROVINCE),
            level: pick(&f.level, defaults::LEVEL),
            paragraph: pick(&f.paragraph, defaults::PARAGRAPH),
            text_parts: Vec::new(),
            rows_joined: false,
            ignored: available
                .iter()
                .filter(|a| is_index_column(a))
                .map(|a| {
                    if a.is_empty() {
                        "(unnamed)".into()
                    } else {
                        a.clone()
                    }
                })
                .collect(),
            text_by_length: false,
            header_line: None,
        }
    }

    /// [`FieldMap::resolve`] for a table's header (a sheet, CSV or
    /// Parquet file), which may hold its text cut over numbered columns,
    /// Excel's cells holding at most 32,767 characters: when no column
    /// has a text name but two or more have one followed by a number
    /// ([`numbered_columns`]: `正文1`, `正文2`…, `content_1`, `全文(1)`,
    /// the first text name of [`defaults::TEXT`] so numbered), they are the
    /// text, joined in number order ([`FieldMap::text_parts`]). So too
    /// when `corpus.toml` names one of them (`text = "正文1"`: its
    /// numbered siblings are joined to it), or names a text field that is
    /// only there numbered (`text = "正文"`).
    pub fn resolve_table(cfg: &FolderConfig, available: &[String]) -> FieldMap {
        let mut map = FieldMap::resolve(cfg, available);
        let parts = match (&cfg.config.fields.text, &map.text) {
            (Some(_), Some(named)) => numbered_name(named)
                .and_then(|(base, _)| numbered_columns(available, &[base]))
                .filter(|parts| parts.contains(named)),
            (Some(name), None) => numbered_columns(available, &[normalize(name)]),
            (None, None) => {
                let bases: Vec<String> = defaults::TEXT.iter().map(|t| normalize(t)).collect();
                numbered_columns(available, &bases)
            }
            (None, Some(_)) => None,
        };
        if let Some(parts) = parts {
            map.text = parts.first().cloned();
            map.text_parts = parts;
        }
        map
    }

    /// The name of the text column(s) for people: `报告全文`, or
    /// `正文1+正文2+正文3` when the text is cut over numbered columns.
    pub fn text_name(&self) -> Option<String> {
        if self.text_parts.is_empty() {
            self.text.clone()
        } else {
            Some(self.text_parts.join("+"))
        }
    }

    /// One line for people: `text=报告全文, year=年份, …`.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        let region = match (&self.region, &self.region_parent) {
            (Some(r), Some(p)) => Some(format!("{r} (else {p})")),
            (r, _) => r.clone(),
        };
        for (role, col) in [
            ("text", &self.text_name()),
            ("year", &self.year),
            ("date", &self.date),
            ("title", &self.title),
            ("region", &region),
            ("province", &self.province),
            ("level", &self.level),
            ("paragraph", &self.paragraph),
        ] {
            if let Some(c) = col {
                parts.push(format!("{role}={c}"));
            }
        }
        if self.date_is_publication {
            parts.push("(date is the publication date: a dateline in the text comes first)".into());
        }
        if self.text_by_length {
            parts.push("(text column chosen as the one with the longest values)".into());
        }
        if self.rows_joined {
            parts.push("(a paragraph per row: rows of one report joined)".into());
        }
        if let Some(line) = self.header_line {
            parts.push(format!(
                "header on line {line} (the title line(s) above it skipped)"
            ));
        }
        if !self.ignored.is_empty() {
            parts.push(format!("ignored index column {}", self.ignored.join(", ")));
        }
        parts.join(", ")
    }
}

/// A name's base and number when it is a name followed by a number, as
/// compared ([`normalize`]): `正文1` → (`正文`, 1), `content_2` →
/// (`content`, 2), `全文（3）` → (`全文`, 3), `text[4]` → (`text`, 4).
fn numbered_name(name: &str) -> Option<(String, u32)> {
    let n = normalize(name);
    let (base, digits) = match n.strip_suffix(')').or_else(|| n.strip_suffix(']')) {
        Some(inner) => inner.rsplit_once(['(', '['])?,
        None => n.split_at(n.trim_end_matches(|c: char| c.is_ascii_digit()).len()),
    };
    if base.is_empty() || base.ends_with(['(', '[']) || digits.is_empty() || digits.len() > 4 {
        return None;
    }
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some((base.to_string(), digits.parse().ok()?))
}

/// The columns of `available` that carry the first of `bases` (names as
/// compared, [`normalize`]) followed by a number, when two or more do: in
/// number order (columns of one number: the first), for a text cut over
/// several columns.
pub fn numbered_columns(available: &[String], bases: &[String]) -> Option<Vec<String>> {
    let numbered: Vec<(String, u32, &String)> = available
        .iter()
        .filter_map(|a| numbered_name(a).map(|(base, n)| (base, n, a)))
        .collect();
    bases.iter().find_map(|base| {
        let mut parts: Vec<(u32, &String)> = numbered
            .iter()
            .filter(|(b, _, _)| b == base)
            .map(|(_, n, a)| (*n, *a))
            .collect();
        parts.sort_by_key(|(n, _)| *n);
        parts.dedup_by_key(|(n, _)| *n);
        (parts.len() >= 2).then(|| parts.into_iter().map(|(_, a)| a.clone()).collect())
    })
}

/// The message when no text field is found: the names available and the
/// `corpus.toml` line that would fix it (naming the field with the longest
/// values when there is a guess).
pub fn text_missing_message(
    cfg: &FolderConfig,
    available: &[String],
    guess: Option<&str>,
) -> String {
    if let Some(name) = &cfg.config.fields.text {
        return format!(
            "no field {name:?} (set in corpus.toml [fields] text); fields are: {}",
            available.join(", ")
        );
    }
    let looked = format!(
        "no text field (looked for {}); fields are: {}.",
        defaults::TEXT.join(", "),
        available.join(", ")
    );
    match guess {
        Some(name) => format!(
            "{looked} If the text is under another name, put a corpus.toml beside the file with:\n[fields]\ntext = \"{name}\""
        ),
        // No column holds Chinese text: a list of files, a log, a manifest.
        None => format!(
            "{looked} If the text is under another name, put a corpus.toml beside the file with:\n[fields]\ntext = \"<the text column>\"\nIf the file holds no reports (a list of files, a log), leave it out there instead:\n[files]\nexclude = [\"<its file name>\"]"
        ),
    }
}

/// A region or province cell's value, or `None` for a placeholder that
/// names no place: `无`, `—`, `/`, `N/A`, or a city's own row marked
/// `市本级`, `本级`, `全市` in a county column (the row is then the city's,
/// which the city column gives).
pub fn place(value: Option<String>) -> Option<String> {
    value.filter(|v| {
        let v = normalize(v);
        let placeholder = [
            "",
            "无",
            "空",
            "-",
            "--",
            "—",
            "——",
            "/",
            "\\",
            "n/a",
            "na",
            "null",
            "none",
            "nan",
            "暂无",
            "未知",
            "不详",
            "市本级",
            "本级",
            "全市",
            "全省",
            "全县",
            "全区",
            "市直",
        ];
        !placeholder.contains(&v.as_str()) && v.chars().any(|c| !c.is_ascii_punctuation())
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn placeholder_cells_name_no_place() {
        for v in ["无", "—", "-", "/", "N/A", "市本级", " 全市 ", "null", ""] {
            assert_eq!(place(Some(v.to_string())), None, "{v:?}");
        }
        for v in ["深圳", "南山区", "无锡市"] {
            assert_eq!(place(Some(v.to_string())).as_deref(), Some(v), "{v:?}");
        }
    }

    use super::*;
    use std::path::Path;

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn chinese_headers_with_a_pandas_index() {
        let cfg = FolderConfig::none(Path::new(".")).unwrap();
        let cols = names(&[
            "",
            "年份",
            "地区等级",
            "地区",
            "报告全文",
            "文本总长度(字)",
            "省份",
        ]);
        let m = FieldMap::resolve(&cfg, &cols);
        assert_eq!(m.text.as_deref(), Some("报告全文"));
        assert_eq!(m.year.as_deref(), Some("年份"));
        assert_eq!(m.level.as_deref(), Some("地区等级"));
        assert_eq!(m.region.as_deref(), Some("地区"));
        assert_eq!(m.province.as_deref(), Some("省份"));
        assert_eq!(m.ignored, ["(unnamed)"]);
    }

    #[test]
    fn names_compare_after_nfkc_trim_and_case_folding() {
        let cfg = FolderConfig::none(Path::new(".")).unwrap();
        let cols = names(&[
            "\u{feff}Unnamed: 0",
            " Title ",
            "ＹＥＡＲ",
            "Full_Text",
            "发文时间",
        ]);
        let m = FieldMap::resolve(&cfg, &cols);
        assert_eq!(m.title.as_deref(), Some(" Title "));
        assert_eq!(m.year.as_deref(), Some("ＹＥＡＲ"));
        assert_eq!(m.text.as_deref(), Some("Full_Text"));
        assert_eq!(m.date.as_deref(), Some("发文时间"));
        assert_eq!(m.ignored.len(), 1);
    }

    #[test]
    fn publication_dates_are_told_by_their_names() {
        for n in [
            "publish_date",
            "publishTime",
            "pub_date",
            "PubTime",
            "release_date",
            "publishedAt",
            "posted_at",
            "发布时间",
            "发布日期",
            "发表时间",
            "刊发日期",
        ] {
            assert!(names_publication(n), "{n}");
        }
        for n in [
            "date",
            "time",
            "articleDate",
            "日期",
            "时间",
            "发文时间",
            "成文日期",
        ] {
            assert!(!names_publication(n), "{n}");
        }
        let cfg = FolderConfig::none(Path::new(".")).unwrap();
        let m = FieldMap::resolve(&cfg, &names(&["发布时间", "正文"]));
        assert!(m.date_is_publication);
        let m = FieldMap::resolve(&cfg, &names(&["日期", "正文"]));
        assert!(!m.date_is_publication);
    }

    #[test]
    fn names_compare_without_separators_and_case() {
        let cfg = FolderConfig::none(Path::new(".")).unwrap();
        // Scrapers' camelCase and spaced names are the listed snake_case ones.
        let m = FieldMap::resolve(&cfg, &names(&["publishTime", "Report Text", "title"]));
        assert_eq!(m.date.as_deref(), Some("publishTime"));
        assert_eq!(m.text.as_deref(), Some("Report Text"));
        assert_eq!(normalize(" Pub-Date\u{3000}"), "pubdate");
    }

    fn cfg_text(name: &str) -> FolderConfig {
        let mut cfg = FolderConfig::none(Path::new(".")).unwrap();
        cfg.config.fields.text = Some(name.to_string());
        cfg
    }

    #[test]
    fn numbered_names() {
        assert_eq!(numbered_name("正文1"), Some(("正文".into(), 1)));
        assert_eq!(numbered_name("content_12"), Some(("content".into(), 12)));
        assert_eq!(numbered_name("Content-2"), Some(("content".into(), 2)));
        assert_eq!(numbered_name("全文（3）"), Some(("全文".into(), 3)));
        assert_eq!(numbered_name("全文(3)"), Some(("全文".into(), 3)));
        assert_eq!(numbered_name("text[4]"), Some(("text".into(), 4)));
        assert_eq!(numbered_name("正文 ２"), Some(("正文".into(), 2)));
        for n in [
            "正文",
            "12",
            "(1)",
            "正文(a)",
            "正文(1",
            "正文123456",
            "正文一",
        ] {
            assert_eq!(numbered_name(n), None, "{n:?}");
        }
    }

    #[test]
    fn a_text_cut_over_numbered_columns() {
        let cfg = FolderConfig::none(Path::new(".")).unwrap();
        // In number order, whatever the columns' order.
        let cols = names(&["年份", "地区", "正文3", "正文1", "正文2"]);
        let m = FieldMap::resolve_table(&cfg, &cols);
        assert_eq!(m.text.as_deref(), Some("正文1"));
        assert_eq!(m.text_parts, ["正文1", "正文2", "正文3"]);
        assert_eq!(
            m.describe(),
            "text=正文1+正文2+正文3, year=年份, region=地区"
        );
        // Not for other consumers of names (JSON keys).
        assert_eq!(FieldMap::resolve(&cfg, &cols).text, None);
        for (cols, want) in [
            (
                &["content_1", "content_2", "year"][..],
                &["content_1", "content_2"][..],
            ),
            (&["全文(2)", "全文(1)"], &["全文(1)", "全文(2)"]),
            // The first text name numbered.
            (&["text1", "正文1", "text2", "正文2"], &["text1", "text2"]),
            // A number twice: its first column.
            (&["正文1", "正文2", "正文_2"], &["正文1", "正文2"]),
        ] {
            let m = FieldMap::resolve_table(&cfg, &names(cols));
            assert_eq!(m.text_parts, want, "{cols:?}");
        }
        // One numbered column, numbered columns of no text name, and a
        // text column of its own: nothing joined.
        for cols in [
            &["年份", "正文1"][..],
            &["附件1", "附件2"],
            &["正文", "正文1", "正文2"],
        ] {
            let m = FieldMap::resolve_table(&cfg, &names(cols));
            assert!(m.text_parts.is_empty(), "{cols:?}");
            assert_eq!(m.text, FieldMap::resolve(&cfg, &names(cols)).text);
        }
    }

    #[test]
    fn a_numbered_text_column_named_in_corpus_toml_takes_its_siblings() {
        let cols = names(&["年份", "正文1", "正文2", "附注1"]);
        for named in ["正文1", "正文2", "正文"] {
            let m = FieldMap::resolve_table(&cfg_text(named), &cols);
            assert_eq!(m.text_parts, ["正文1", "正文2"], "{named}");
            assert_eq!(m.text.as_deref(), Some("正文1"));
        }
        // A numbered column without siblings, or one that is not there.
        let m = FieldMap::resolve_table(&cfg_text("附注1"), &cols);
        assert_eq!((m.text.as_deref(), m.text_parts.len()), (Some("附注1"), 0));
        let m = FieldMap::resolve_table(&cfg_text("正文3"), &cols);
        assert_eq!((m.text, m.text_parts.len()), (None, 0));
    }

    #[test]
    fn index_columns() {
        for n in ["", "Unnamed: 0", "0", "index", "序号"] {
            assert!(is_index_column(n), "{n:?}");
        }
        for n in ["年份", "id2", "text"] {
            assert!(!is_index_column(n), "{n:?}");
        }
    }
}
