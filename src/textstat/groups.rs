//! Selecting groups of documents: year specifications (`2013-2017`,
//! `2018,2020`, `1978-1988,1992`) and region lists, for `compare` and for
//! restricting keyword tables to some years.

use crate::corpus::Document;
use crate::error::{Error, Result};

/// A set of years written as ranges and single years.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct YearSpec {
    /// Inclusive ranges.
    pub ranges: Vec<(i32, i32)>,
    /// As written.
    pub text: String,
}

impl YearSpec {
    /// Parse `2013-2017`, `2018,2020`, `1978-1988,1992` (also `–`, `~`, `至`).
    pub fn parse(s: &str) -> Result<YearSpec> {
        let mut ranges = Vec::new();
        for part in s
            .split([',', ';', ' ', '，', '、', '；'])
            .filter(|p| !p.trim().is_empty())
        {
            let part = part.trim();
            let bounds: Vec<&str> = part.split(['-', '–', '~', '至']).map(str::trim).collect();
            let year = |t: &str| {
                t.parse::<i32>()
                    .ok()
                    .filter(|y| crate::corpus::metadata::plausible_year(*y))
                    .ok_or_else(|| {
                        let why = if t.parse::<i32>().is_ok() {
                            "is outside the years reports can have (1949-2100)"
                        } else {
                            "is not a year"
                        };
                        Error::Usage(format!(
                            "{s:?}: {t:?} {why}; write years like 2013-2017 or 2018,2020"
                        ))
                    })
            };
            match bounds.as_slice() {
                [y] => {
                    let y = year(y)?;
                    ranges.push((y, y));
                }
                [a, b] => {
                    let (a, b) = (year(a)?, year(b)?);
                    if a > b {
                        return Err(Error::Usage(format!("{s:?}: {a}-{b} runs backwards")));
                    }
                    ranges.push((a, b));
                }
                _ => return Err(Error::Usage(format!("{s:?}: cannot read {part:?}"))),
            }
        }
        if ranges.is_empty() {
            return Err(Error::Usage(format!("{s:?}: no years given")));
        }
        Ok(YearSpec {
            ranges,
            text: s.to_string(),
        })
    }

    /// Whether `year` is in the set.
    pub fn contains(&self, year: i32) -> bool {
        self.ranges.iter().any(|&(a, b)| (a..=b).contains(&year))
    }
}

/// One side of a comparison.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// Documents of these years.
    Years(YearSpec),
    /// Documents of these regions (region or province equal to a name).
    Regions(Vec<String>),
    /// Every document not on the other side.
    Rest,
}

impl Side {
    /// Parse a side: years unless `by_region`, then comma-separated names.
    pub fn parse(s: &str, by_region: bool) -> Result<Side> {
        if by_region {
            let names: Vec<String> = s
                .split([',', '，', ';', '、', '；'])
                .map(|x| x.trim().to_string())
                .filter(|x| !x.is_empty())
                .collect();
            if names.is_empty() {
                return Err(Error::Usage(format!("{s:?}: no region names given")));
            }
            Ok(Side::Regions(names))
        } else {
            Ok(Side::Years(YearSpec::parse(s)?))
        }
    }

    /// Whether a document is on this side (`Rest` is decided by the caller).
    pub fn contains(&self, d: &Document) -> bool {
        match self {
            Side::Years(y) => y.contains(d.year),
            Side::Regions(names) => names.iter().any(|n| {
                d.region.as_deref() == Some(n.as_str()) || d.province.as_deref() == Some(n.as_str())
            }),
            Side::Rest => false,
        }
    }

    /// This side with each region name that no document carries (as its
    /// region or province) completed to the one that does and that the
    /// name is the short form of (`四平` → 四平市, `吉林` → 吉林省), as
    /// folder and field names are read. A short name of several (`长沙`
    /// for 长沙市 and 长沙县) is an error naming them.
    pub fn resolved(&self, docs: &[Document]) -> Result<Side> {
        let Side::Regions(names) = self else {
            return Ok(self.clone());
        };
        resolve_region_names(names, docs).map(Side::Regions)
    }

    /// What of this side no document of `docs` matches: a region name
    /// that is no document's region or province, or a year (or range of
    /// years) without a report; `None` when every part finds one.
    pub fn unmatched(&self, docs: &[Document]) -> Option<String> {
        let missing: Vec<String> = match self {
            Side::Regions(names) => names
                .iter()
                .filter(|n| {
                    !docs.iter().any(|d| {
                        d.region.as_deref() == Some(n.as_str())
                            || d.province.as_deref() == Some(n.as_str())
                    })
                })
                .cloned()
                .collect(),
            Side::Years(spec) => spec
                .ranges
                .iter()
                .filter(|(from, to)| !docs.iter().any(|d| (*from..=*to).contains(&d.year)))
                .map(|&(from, to)| {
                    if from == to {
                        from.to_string()
                    } else {
                        format!("{from}-{to}")
                    }
                })
                .collect(),
            Side::Rest => vec![],
        };
        match (self, missing.is_empty()) {
            (_, true) => None,
            (Side::Years(_), false) => {
                Some(format!("no report of {} in the corpus", missing.join(", ")))
            }
            (_, false) => Some(format!(
                "no document is of the region {} (as region or province)",
                missing.join(", ")
            )),
        }
    }

    /// A short label for tables and charts.
    pub fn label(&self) -> String {
        match self {
            Side::Years(y) => y.text.clone(),
            Side::Regions(n) => n.join("+"),
            Side::Rest => "其余".to_string(),
        }
    }
}

/// Region names as a user writes them (`--regions`, `--a`/`--b` of
/// `compare --by region`), each completed to the region or province of
/// `docs` it is the short name of when no document carries it as it is
/// (see [`Side::resolved`]).
pub fn resolve_region_names(names: &[String], docs: &[Document]) -> Result<Vec<String>> {
    let places: std::collections::BTreeSet<&str> = docs
        .iter()
        .flat_map(|d| [d.region.as_deref(), d.province.as_deref()])
        .flatten()
        .collect();
    resolve_names(names, &places)
}

/// [`resolve_region_names`] on the corpus's `places`.
fn resolve_names(
    names: &[String],
    places: &std::collections::BTreeSet<&str>,
) -> Result<Vec<String>> {
    names
        .iter()
        .map(|n| {
            if places.contains(n.as_str()) {
                return Ok(n.clone());
            }
            let full: Vec<&str> = places
                .iter()
                .copied()
                .filter(|p| {
                    crate::corpus::metadata::completes(n, p)
                        || crate::corpus::metadata::completes_bare(n, p)
                })
                .collect();
            // A province written before a place of the corpus
            // (`江苏省苏州市` for 苏州市).
            if full.is_empty()
                && let Some((rest, _)) = crate::corpus::metadata::without_province(n)
                && places.contains(rest)
            {
                return Ok(rest.to_string());
            }
            // A fuller name than the corpus's (`苏州市昆山市` for 昆山市).
            let fuller: Vec<&str> = if full.is_empty() {
                places
                    .iter()
                    .copied()
                    .filter(|p| crate::corpus::metadata::completes(p, n) && n.ends_with(p))
                    .collect()
            } else {
                vec![]
            };
            match (&full[..], &fuller[..]) {
                ([], []) => Ok(n.clone()),
                ([], [one]) | ([one], _) => Ok(one.to_string()),
                ([], _) => Err(Error::Usage(format!(
                    "region {n:?} ends with the names of {} in this corpus: write one of them",
                    fuller.join(" and ")
                ))),
                _ => Err(Error::Usage(format!(
                    "region {n:?} is the short name of {} in this corpus: write the full name",
                    full.join(" and ")
                ))),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_region_names_complete_to_the_corpus_names() {
        let places = ["四平市", "吉林省", "长沙市", "长沙县", "示例市区"]
            .into_iter()
            .collect();
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            resolve_names(&names(&["四平", "吉林", "长沙市", "白山"]), &places).unwrap(),
            names(&["四平市", "吉林省", "长沙市", "白山"])
        );
        let err = resolve_names(&names(&["长沙"]), &places).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("region \"长沙\" is the short name of 长沙县 and 长沙市"),
            "{err}"
        );
        // Autonomous regions and prefectures written short, a district
        // without its city.
        let places = [
            "广西壮族自治区",
            "宁夏回族自治区",
            "黔南布依族苗族自治州",
            "恩施市",
            "恩施土家族苗族自治州",
            "南京市江宁区",
            "南京市鼓楼区",
            "福州市鼓楼区",
        ]
        .into_iter()
        .collect();
        assert_eq!(
            resolve_names(
                &names(&[
                    "广西",
                    "宁夏",
                    "黔南州",
                    "黔南",
                    "恩施州",
                    "恩施市",
                    "江宁区",
                    "江宁"
                ]),
                &places
            )
            .unwrap(),
            names(&[
                "广西壮族自治区",
                "宁夏回族自治区",
                "黔南布依族苗族自治州",
                "黔南布依族苗族自治州",
                "恩施土家族苗族自治州",
                "恩施市",
                "南京市江宁区",
                "南京市江宁区"
            ])
        );
        // A county-level city with its prefecture before it, where the
        // corpus names it alone.
        let county = ["昆山市", "苏州市", "江宁县"].into_iter().collect();
        assert_eq!(
            resolve_names(&names(&["苏州市昆山市", "江苏省苏州市", "江宁"]), &county).unwrap(),
            names(&["昆山市", "苏州市", "江宁县"])
        );
        let err = resolve_names(&names(&["鼓楼区"]), &places).unwrap_err();
        assert!(
            err.to_string().contains("南京市鼓楼区 and 福州市鼓楼区"),
            "{err}"
        );
        let places = ["四平市", "吉林省", "长沙市", "长沙县", "示例市区"]
            .into_iter()
            .collect();
        // 示例市 does not complete to 示例市区 (a name with its own suffix).
        assert_eq!(
            resolve_names(&names(&["示例市"]), &places).unwrap(),
            names(&["示例市"])
        );
    }

    #[test]
    fn every_member_of_a_side_must_find_a_report() {
        let (_d, c, _dfm) = crate::textstat::testutil::corpus(
            &[
                (
                    "2019_甲市.txt",
                    crate::textstat::testutil::words(&[("农业", 3)]),
                ),
                (
                    "2021_乙市.txt",
                    crate::textstat::testutil::words(&[("农业", 4)]),
                ),
            ],
            &[],
        );
        let docs = &c.documents;
        let side = |s: &str, by_region: bool| Side::parse(s, by_region).unwrap();
        assert_eq!(side("甲市,乙市", true).unmatched(docs), None);
        assert_eq!(
            side("甲市,火星,丙市", true).unmatched(docs).as_deref(),
            Some("no document is of the region 火星, 丙市 (as region or province)")
        );
        assert_eq!(side("2018-2019,2021", false).unmatched(docs), None);
        assert_eq!(
            side("2019,2020,2022-2023", false)
                .unmatched(docs)
                .as_deref(),
            Some("no report of 2020, 2022-2023 in the corpus")
        );
        assert_eq!(Side::Rest.unmatched(docs), None);
    }

    #[test]
    fn year_specs() {
        let y = YearSpec::parse("1978-1988,1992").unwrap();
        assert!(y.contains(1978) && y.contains(1988) && y.contains(1992));
        assert!(!y.contains(1990));
        assert!(YearSpec::parse("2017-2013").is_err());
        assert!(YearSpec::parse("abc").is_err());
        assert!(YearSpec::parse("").is_err());
        assert_eq!(YearSpec::parse("2013–2017").unwrap().ranges, [(2013, 2017)]);
    }
}
