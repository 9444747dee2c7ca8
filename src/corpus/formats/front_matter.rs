//! Front matter: the metadata block that static-site generators and
//! note-taking tools (Hugo, Jekyll, Pandoc, Obsidian) put at the top of a
//! Markdown or text file — YAML between `---` lines, or TOML between `+++`
//! lines. Its scalar fields are the record's fields (found by name like a
//! table's columns, [`super::FieldMap`]), and the block is not part of the
//! text.
//!
//! YAML is read by yaml-rust2 and TOML by the toml crate. A block that does
//! not parse as a mapping (a text that merely opens with a `---` rule) is
//! not front matter, and the text is left as it is.

/// The front matter of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatter {
    /// The scalar fields, in order, as text (numbers as written; lists,
    /// mappings, booleans and nulls are left out).
    pub fields: Vec<(String, String)>,
    /// Where the body starts (bytes): after the closing delimiter's line.
    pub body_start: usize,
}

/// The most lines a front matter block may have before its closing line.
const MAX_LINES: usize = 200;

/// The front matter at the top of `text` (after a byte-order mark or blank
/// lines), or `None`.
pub fn split(text: &str) -> Option<FrontMatter> {
    let bom = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let rest = &text[bom..];
    let blank = rest.len() - rest.trim_start_matches(['\n', '\r', ' ', '\t']).len();
    // The start of the first non-blank line.
    let start = bom + rest[..blank].rfind('\n').map_or(0, |i| i + 1);
    let mut lines = text[start..].split_inclusive('\n');
    let first = lines.next()?.trim();
    let toml = match first {
        "---" => false,
        "+++" => true,
        _ => return None,
    };
    let block_start = start + text[start..].find('\n')? + 1;
    let mut at = block_start;
    for line in lines.take(MAX_LINES) {
        let t = line.trim();
        let closes = if toml {
            t == "+++"
        } else {
            t == "---" || t == "..."
        };
        if closes {
            let block = &text[block_start..at];
            let fields = if toml {
                toml_fields(block)?
            } else {
                yaml_fields(block)?
            };
            if fields.is_empty() {
                return None;
            }
            return Some(FrontMatter {
                fields,
                body_start: at + line.len(),
            });
        }
        at += line.len();
    }
    None
}

/// The scalar fields of a YAML mapping, or `None` when `block` is not one.
fn yaml_fields(block: &str) -> Option<Vec<(String, String)>> {
    use yaml_rust2::Yaml;
    let docs = yaml_rust2::YamlLoader::load_from_str(block).ok()?;
    let Some(Yaml::Hash(map)) = docs.into_iter().next() else {
        return None;
    };
    let scalar = |v: &Yaml| match v {
        Yaml::String(s) | Yaml::Real(s) => Some(s.trim().to_string()),
        Yaml::Integer(n) => Some(n.to_string()),
        _ => None,
    };
    Some(
        map.iter()
            .filter_map(|(k, v)| Some((scalar(k)?, scalar(v)?)))
            .filter(|(_, v)| !v.is_empty())
            .collect(),
    )
}

/// The scalar fields of a TOML table, or `None` when `block` is not one.
fn toml_fields(block: &str) -> Option<Vec<(String, String)>> {
    let table: toml::Table = toml::from_str(block).ok()?;
    Some(
        table
            .into_iter()
            .filter_map(|(k, v)| {
                let v = match v {
                    toml::Value::String(s) => s.trim().to_string(),
                    toml::Value::Integer(n) => n.to_string(),
                    toml::Value::Float(x) => x.to_string(),
                    toml::Value::Datetime(d) => d.to_string(),
                    _ => return None,
                };
                (!v.is_empty()).then_some((k, v))
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(fm: &FrontMatter) -> Vec<(&str, &str)> {
        fm.fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect()
    }

    #[test]
    fn yaml_front_matter() {
        let text = "\u{feff}---\ntitle: \"示例市2022年政府工作报告\"\ndate: 2022-01-18\nyear: 2022\nregion: 示例市\ntags: [政府工作报告, 数字经济]\ndraft: false\n---\n\n各位代表:\n";
        let fm = split(text).unwrap();
        assert_eq!(
            fields(&fm),
            [
                ("title", "示例市2022年政府工作报告"),
                ("date", "2022-01-18"),
                ("year", "2022"),
                ("region", "示例市")
            ]
        );
        assert_eq!(&text[fm.body_start..], "\n各位代表:\n");
        // Closed by `...`, CRLF lines, Chinese keys.
        let text = "---\r\n标题: 报告\r\n年份: 2019\r\n...\r\n正文";
        let fm = split(text).unwrap();
        assert_eq!(fields(&fm), [("标题", "报告"), ("年份", "2019")]);
        assert_eq!(&text[fm.body_start..], "正文");
    }

    #[test]
    fn toml_front_matter() {
        let text = "+++\ntitle = '示例市政府工作报告'\ndate = 2021-02-01\nweight = 3\n+++\n正文";
        let fm = split(text).unwrap();
        assert_eq!(
            fields(&fm),
            [
                ("date", "2021-02-01"),
                ("title", "示例市政府工作报告"),
                ("weight", "3")
            ]
        );
        assert_eq!(&text[fm.body_start..], "正文");
    }

    #[test]
    fn not_front_matter() {
        // A rule, then prose; a block that is no mapping; no closing line;
        // an empty block; a delimiter not on the first line.
        assert_eq!(split("---\n各位代表:\n现在我代表市政府。\n---\n正文"), None);
        assert_eq!(split("---\n- a\n- b\n---\n正文"), None);
        assert_eq!(split("---\ntitle: 报告\n正文没有结束线"), None);
        assert_eq!(split("---\n---\n正文"), None);
        assert_eq!(split("标题\n---\ntitle: x\n---\n"), None);
        assert_eq!(split("+++\nnot = toml = here\n+++\n"), None);
        assert_eq!(split(""), None);
    }
}
