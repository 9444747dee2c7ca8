//! `corpus.toml`: optional per-folder settings (field names, fixed metadata,
//! include/exclude globs). A file uses the nearest `corpus.toml` in its own
//! folder or above it, up to the input root.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use super::clean::toml_error;
use crate::error::{Error, Result};

/// The name of the per-folder settings file.
pub const CONFIG_FILE: &str = "corpus.toml";

/// Field names tried, in order, when `corpus.toml` does not name them.
pub mod defaults {
    /// Text of the report.
    pub const TEXT: &[&str] = &[
        "content",
        "text",
        "full_text",
        "fulltext",
        "body",
        "report_text",
        "正文",
        "全文",
        "报告全文",
        "内容",
        "文本",
        "报告内容",
        "报告正文",
        "正文内容",
        "文章内容",
        "article",
        // Content-management systems' APIs (articleContent, newsContent,
        // contentHtml).
        "article_content",
        "news_content",
        "content_html",
        "html_content",
    ];
    /// Year.
    pub const YEAR: &[&str] = &["year", "年份", "年度", "年", "报告年份"];
    /// Date.
    pub const DATE: &[&str] = &[
        "date",
        "publish_date",
        "pub_date",
        "pubdate",
        "publish_time",
        "pub_time",
        "pubtime",
        "release_date",
        "release_time",
        "published",
        "time",
        "日期",
        "时间",
        "发文时间",
        "发布时间",
        "发布日期",
        "成文日期",
        "会议日期",
        "发表时间",
        "发表日期",
        "报告日期",
        "published_at",
        "publish_at",
        "article_date",
    ];
    /// Title.
    pub const TITLE: &[&str] = &[
        "title",
        "标题",
        "报告标题",
        "文章标题",
        "题目",
        "名称",
        "报告名称",
        "name",
        "article_title",
        "news_title",
    ];
    /// Region (the most specific one wins: a county's or district's column
    /// before a city's, whose value a row with the county cell blank takes,
    /// see [`COUNTY_REGION`]; the province is the last resort).
    pub const REGION: &[&str] = &[
        "region",
        "county",
        "district",
        "city",
        "region_name",
        "county_name",
        "district_name",
        "city_name",
        "地区",
        "地区名称",
        "区县",
        "区县名称",
        "县区",
        "县区名称",
        "县市区",
        "县(市、区)",
        "县(市,区)",
        "县(市区)",
        "县(区)",
        "县(市)",
        "区(县)",
        "区(县、市)",
        "区(县,市)",
        "县",
        "区",
        "行政区",
        "地市",
        "地级市",
        "城市",
        "城市名称",
        "市",
        "市(州)",
        "市(州、盟)",
        "市(地、州、盟)",
        "市州",
        "地州市",
        "province",
        "省份",
    ];
    /// The region columns of counties and districts: a table with one of
    /// them and a city's column (`地级市` beside `区县`) has its region in
    /// the county's, the city's taken where the county's cell is blank (a
    /// city's own report among its counties'; `FieldMap::region_parent`).
    pub const COUNTY_REGION: &[&str] = &[
        "county",
        "district",
        "county_name",
        "district_name",
        "区县",
        "区县名称",
        "县区",
        "县区名称",
        "县市区",
        "县(市、区)",
        "县(市,区)",
        "县(市区)",
        "县(区)",
        "县(市)",
        "区(县)",
        "区(县、市)",
        "区(县,市)",
        "县",
        "区",
    ];
    /// The region columns of cities (see [`COUNTY_REGION`]).
    pub const CITY_REGION: &[&str] = &[
        "city",
        "city_name",
        "地市",
        "地级市",
        "城市",
        "城市名称",
        "市",
        "市(州)",
        "市(州、盟)",
        "市(地、州、盟)",
        "市州",
        "地州市",
    ];
    /// Province.
    pub const PROVINCE: &[&str] = &[
        "province",
        "province_name",
        "省份",
        "省",
        "所属省份",
        "省份名称",
    ];
    /// Level.
    pub const LEVEL: &[&str] = &["level", "地区等级", "行政级别", "级别"];
    /// Paragraph number, in a table or export with one paragraph per row
    /// (see `formats::join_paragraphs`). Not `序号`/`编号`: those are row
    /// numbers (index columns).
    pub const PARAGRAPH: &[&str] = &[
        "paragraph",
        "paragraph_no",
        "paragraph_id",
        "paragraph_index",
        "paragraph_number",
        "para",
        "para_no",
        "para_id",
        "para_index",
        "段落序号",
        "段落编号",
        "段落号",
        "段落",
        "段序号",
        "段号",
        "自然段",
        "自然段序号",
    ];
    /// Files never read unless a `corpus.toml` includes them explicitly.
    pub const EXCLUDE: &[&str] = &[
        "README*",
        "readme*",
        "LICENSE*",
        "LICENCE*",
        "CHANGELOG*",
        "NOTICE*",
    ];
}

/// Field names for JSONL keys and CSV headers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fields {
    /// The text field.
    pub text: Option<String>,
    /// The year field.
    pub year: Option<String>,
    /// The date field.
    pub date: Option<String>,
    /// The title field.
    pub title: Option<String>,
    /// The region field.
    pub region: Option<String>,
    /// The province field.
    pub province: Option<String>,
    /// The level field.
    pub level: Option<String>,
    /// The paragraph-number field of a table with one paragraph per row.
    pub paragraph: Option<String>,
    /// What a table's rows are when it has no paragraph-number field:
    /// `auto` (the default: told from the rows), `reports` or
    /// `paragraphs` (see `formats::rows_are_paragraphs`).
    #[serde(default)]
    pub rows: Rows,
}

/// What the rows of a table without a paragraph-number field are
/// (`[fields] rows` in `corpus.toml`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Rows {
    /// Told from the rows themselves (`formats::rows_are_paragraphs`).
    #[default]
    Auto,
    /// One report per row.
    Reports,
    /// One paragraph per row: consecutive rows with the same metadata are
    /// one report.
    Paragraphs,
}

/// Metadata fixed for every document under the folder.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixedMetadata {
    /// Year for every document (rarely useful; prefer a field or file names).
    pub year: Option<i32>,
    /// Region for every document.
    pub region: Option<String>,
    /// Province for every document.
    pub province: Option<String>,
    /// Level: `national`, `province`, `city` or `county`.
    pub level: Option<String>,
}

/// Which files to read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Files {
    /// Globs (relative to the folder of the `corpus.toml`) of files to read;
    /// empty means every supported file.
    #[serde(default)]
    pub include: Vec<String>,
    /// Globs of files to skip.
    #[serde(default)]
    pub exclude: Vec<String>,
}

/// The contents of a `corpus.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorpusConfig {
    /// Field names.
    #[serde(default)]
    pub fields: Fields,
    /// Fixed metadata.
    #[serde(default)]
    pub metadata: FixedMetadata,
    /// File selection.
    #[serde(default)]
    pub files: Files,
}

/// A parsed `corpus.toml` with its folder and compiled globs.
#[derive(Debug, Clone)]
pub struct FolderConfig {
    /// The folder the file sits in (globs are relative to it).
    pub dir: PathBuf,
    /// The file itself, when there is one.
    pub path: Option<PathBuf>,
    /// Its settings.
    pub config: CorpusConfig,
    include: Option<GlobSet>,
    exclude: GlobSet,
    default_exclude: GlobSet,
}

impl FolderConfig {
    /// Settings when no `corpus.toml` applies.
    pub fn none(dir: &Path) -> Result<Self> {
        Self::build(dir, None, CorpusConfig::default())
    }

    /// Read `dir/corpus.toml`.
    pub fn read(dir: &Path) -> Result<Self> {
        let path = dir.join(CONFIG_FILE);
        let text = crate::fileio::read_utf8(&path, "corpus.toml")?;
        let config: CorpusConfig =
            toml::from_str(&text).map_err(|e| toml_error(&path, &text, &e))?;
        if let Some(level) = &config.metadata.level
            && super::metadata::Level::parse(level).is_none()
        {
            return Err(Error::BadFile {
                path,
                message: format!(
                    "metadata.level = {level:?}: use national, province, city or county"
                ),
            });
        }
        Self::build(dir, Some(path), config)
    }

    fn build(dir: &Path, path: Option<PathBuf>, config: CorpusConfig) -> Result<Self> {
        let origin = path.clone().unwrap_or_else(|| dir.join(CONFIG_FILE));
        let include = if config.files.include.is_empty() {
            None
        } else {
            Some(globs(&config.files.include, &origin)?)
        };
        let exclude = globs(&config.files.exclude, &origin)?;
        let default_exclude = globs(defaults::EXCLUDE, &origin)?;
        Ok(FolderConfig {
            dir: dir.to_path_buf(),
            path,
            config,
            include,
            exclude,
            default_exclude,
        })
    }

    /// Whether the file at `path` (under `self.dir`) is to be read.
    pub fn selects(&self, path: &Path) -> bool {
        let rel = path.strip_prefix(&self.dir).unwrap_or(path);
        let name = Path::new(rel.file_name().unwrap_or_default());
        let matches = |set: &GlobSet| set.is_match(rel) || set.is_match(name);
        if matches(&self.exclude) {
            return false;
        }
        match &self.include {
            Some(include) => matches(include),
            None => !matches(&self.default_exclude),
        }
    }
}

fn globs<S: AsRef<str>>(patterns: &[S], origin: &Path) -> Result<GlobSet> {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        let glob = Glob::new(p.as_ref()).map_err(|e| Error::BadFile {
            path: origin.to_path_buf(),
            message: format!("bad glob {:?}: {e}", p.as_ref()),
        })?;
        b.add(glob);
    }
    b.build().map_err(|e| Error::BadFile {
        path: origin.to_path_buf(),
        message: e.to_string(),
    })
}

/// Cache of folder settings, so each `corpus.toml` is read once.
#[derive(Debug, Default)]
pub struct ConfigCache {
    by_dir: BTreeMap<PathBuf, std::sync::Arc<FolderConfig>>,
}

impl ConfigCache {
    /// The settings that apply to files in `dir` (searching upward to `root`).
    pub fn for_dir(&mut self, dir: &Path, root: &Path) -> Result<std::sync::Arc<FolderConfig>> {
        if let Some(c) = self.by_dir.get(dir) {
            return Ok(c.clone());
        }
        let config = if dir.join(CONFIG_FILE).is_file() {
            std::sync::Arc::new(FolderConfig::read(dir)?)
        } else if dir != root
            && let Some(parent) = dir.parent()
            && parent.starts_with(root)
        {
            self.for_dir(parent, root)?
        } else {
            std::sync::Arc::new(FolderConfig::none(dir)?)
        };
        self.by_dir.insert(dir.to_path_buf(), config.clone());
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn county_and_city_region_columns_are_region_columns() {
        // The two lists rank the region names; each name must also be one
        // the default mapping looks for.
        for name in defaults::COUNTY_REGION.iter().chain(defaults::CITY_REGION) {
            assert!(
                defaults::REGION.contains(name),
                "{name} missing from REGION"
            );
        }
    }

    #[test]
    fn unknown_keys_are_errors_with_a_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(CONFIG_FILE),
            "[fields]\ntext = \"body\"\n\n[metadata]\nlevle = \"city\"\n",
        )
        .unwrap();
        let err = FolderConfig::read(dir.path()).unwrap_err().to_string();
        assert!(err.contains("corpus.toml:5:"), "{err}");
        assert!(err.contains("levle"), "{err}");
    }

    #[test]
    fn globs_select_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(CONFIG_FILE),
            "[files]\nexclude = [\"run_manifest*.csv\"]\n",
        )
        .unwrap();
        let c = FolderConfig::read(dir.path()).unwrap();
        assert!(c.selects(&dir.path().join("2026_北京市.csv")));
        assert!(!c.selects(&dir.path().join("run_manifest_2026.csv")));
        assert!(!c.selects(&dir.path().join("README.md")));
    }

    #[test]
    fn bad_level_is_rejected() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(CONFIG_FILE),
            "[metadata]\nlevel = \"galaxy\"\n",
        )
        .unwrap();
        assert!(FolderConfig::read(dir.path()).is_err());
    }
}
