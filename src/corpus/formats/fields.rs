//! Which column (CSV, sheet) or key (JSONL) holds each field: the text,
//! year, date, title, region, province, level and paragraph number, found under their usual
//! Chinese and English names ([`crate::corpus::config::defaults`]) compared
//! after NFKC, trimming and case-folding, or named in `corpus.toml`.
//! Unnamed and numeric index columns (a pandas export's first column) are
//! ignored.

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::corpus::config::{FolderConfig, defaults};

/// The column or key chosen for each field (`None`: not present).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldMap {
    /// The report text.
    pub text: Option<String>,
    /// The year.
    pub year: Option<String>,
    /// The date.
    pub date: Option<String>,
    /// The title.
    pub title: Option<String>,
    /// The region.
    pub region: Option<String>,
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
        FieldMap {
            text: pick(&f.text, defaults::TEXT),
            year: pick(&f.year, defaults::YEAR),
            date: pick(&f.date, defaults::DATE),
            title: pick(&f.title, defaults::TITLE),
            region: pick(&f.region, defaults::REGION),
            province: pick(&f.province, defaults::PROVINCE),
            level: pick(&f.level, defaults::LEVEL),
            paragraph: pick(&f.paragraph, defaults::PARAGRAPH),
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

    /// One line for people: `text=报告全文, year=年份, …`.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        for (role, col) in [
            ("text", &self.text),
            ("year", &self.year),
            ("date", &self.date),
            ("title", &self.title),
            ("region", &self.region),
            ("province", &self.province),
            ("level", &self.level),
            ("paragraph", &self.paragraph),
        ] {
            if let Some(c) = col {
                parts.push(format!("{role}={c}"));
            }
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
    let suggestion = guess.unwrap_or("<the text column>");
    format!(
        "no text field (looked for {}); fields are: {}. If the text is under another name, put a corpus.toml beside the file with:\n[fields]\ntext = \"{suggestion}\"",
        defaults::TEXT.join(", "),
        available.join(", ")
    )
}

#[cfg(test)]
mod tests {
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
    fn names_compare_without_separators_and_case() {
        let cfg = FolderConfig::none(Path::new(".")).unwrap();
        // Scrapers' camelCase and spaced names are the listed snake_case ones.
        let m = FieldMap::resolve(&cfg, &names(&["publishTime", "Report Text", "title"]));
        assert_eq!(m.date.as_deref(), Some("publishTime"));
        assert_eq!(m.text.as_deref(), Some("Report Text"));
        assert_eq!(normalize(" Pub-Date\u{3000}"), "pubdate");
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
