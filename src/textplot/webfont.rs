//! A web font for HTML pages: an `@font-face` rule with a subset of the
//! chart font holding just the characters a page uses, so Chinese in an HTML
//! report renders offline on machines with no CJK font.

use std::collections::BTreeSet;

use base64::Engine;

use super::ChartError;
use super::font::ChartFont;
use super::svg::{FALLBACK_FAMILIES, subset_font};

/// Family name used for the page font.
pub const PAGE_FAMILY: &str = "analyze-page";

/// CSS with an `@font-face` rule (`PAGE_FAMILY`) for the characters of
/// `text`, and a `font-family` list to use it with; the rule is empty when
/// the font cannot be subset.
pub fn page_font_css(font: &ChartFont, text: &str) -> Result<(String, String), ChartError> {
    let chars: BTreeSet<char> = text.chars().filter(|c| !c.is_control()).collect();
    let families = format!("'{PAGE_FAMILY}', {FALLBACK_FAMILIES}");
    let Some(bytes) = subset_font(font, &chars)? else {
        return Ok((String::new(), FALLBACK_FAMILIES.to_string()));
    };
    let data = base64::engine::general_purpose::STANDARD.encode(bytes);
    Ok((
        format!(
            "@font-face{{font-family:\"{PAGE_FAMILY}\";src:url(\"data:font/ttf;base64,{data}\") format(\"truetype\");}}"
        ),
        families,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_font_covers_the_page() {
        let (face, families) = page_font_css(&ChartFont::embedded(), "数字经济 trends").unwrap();
        assert!(face.contains("@font-face") && face.contains("base64,"));
        assert!(families.starts_with("'analyze-page'"));
    }
}
