//! SVG post-processing: embeds a per-chart font subset as an `@font-face` data URL and gives
//! every `<text>` a fallback font-family list, so Chinese renders without any installed CJK font.
//!
//! Subsetting uses the `font-subset` crate. Candidates evaluated (on the embedded font,
//! 183 characters): `font-subset` 0.1 → 35 KB TTF with a valid cmap, no dependencies, built
//! for exactly this use (fonts in SVG/HTML data URLs); `fontcull` 2.0 (vendored klippa) →
//! 39 KB, valid, but ~60 crates in its tree; `allsorts` 0.17 → ~50 crates, and font-subset's
//! docs report that its subsets lack `OS/2`, which browsers reject; `klippa` on crates.io is an unrelated
//! geometry crate; `subsetter` drops the cmap (PDF only). `font-subset` handles TrueType
//! (`glyf`) outlines only: for a CFF `--font` override no font is embedded and the SVG relies
//! on the font's own family name (if the viewer has it installed) and the fallback family list
//! (see [`super::ChartFont::can_embed_in_svg`]).

use std::collections::BTreeSet;

use base64::Engine;

use super::ChartError;
use super::font::ChartFont;

/// Families tried after the embedded one, in CSS syntax.
pub const FALLBACK_FAMILIES: &str =
    "'Noto Sans SC', 'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif";

/// Turns plotters' SVG output into the final document (see the module docs).
pub fn finish(svg: &str, font: &ChartFont) -> Result<String, ChartError> {
    let chars = drawn_chars(svg);
    let subset = subset_font(font, &chars)?;
    let family = subset
        .as_ref()
        .map(|bytes| format!("analyze-{:016x}", fnv1a(bytes)));
    let families = match &family {
        Some(f) => format!("'{f}', {FALLBACK_FAMILIES}"),
        None => match font.font_family().map(css_safe).filter(|f| !f.is_empty()) {
            Some(own) => format!("'{own}', {FALLBACK_FAMILIES}"),
            None => FALLBACK_FAMILIES.to_owned(),
        },
    };
    let body = rewrite_text_attrs(svg, font, &families);
    let body = rewrite_baselines(&body);
    let style = match (&family, &subset) {
        (Some(f), Some(bytes)) => font_face(f, bytes),
        _ => String::new(),
    };
    Ok(insert_after_root(&body, &style))
}

/// Every character inside `<text>` elements of plotters' output (entities decoded).
pub fn drawn_chars(svg: &str) -> BTreeSet<char> {
    text_contents(svg)
        .iter()
        .flat_map(|t| t.chars())
        .filter(|c| !c.is_control())
        .collect()
}

/// The decoded contents of all `<text>` elements of plotters' output, trimmed.
pub fn text_contents(svg: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = svg;
    while let Some(start) = rest.find("<text") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let content = &after[open_end + 1..];
        let Some(close) = content.find("</text>") else {
            break;
        };
        out.push(unescape(content[..close].trim()));
        rest = &content[close..];
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// TrueType subset of `font` with `chars`, or `None` when the font cannot be subset
/// (CFF outlines, collections) or its licence (OS/2 `fsType`) forbids embedding.
pub fn subset_font(
    font: &ChartFont,
    chars: &BTreeSet<char>,
) -> Result<Option<Vec<u8>>, ChartError> {
    let Ok(parsed) = font_subset::Font::opentype(font.bytes()) else {
        return Ok(None);
    };
    let perms = parsed.permissions();
    if !perms.embedding.is_lenient() || !perms.allow_subsetting {
        return Ok(None);
    }
    let keep: BTreeSet<char> = chars
        .iter()
        .copied()
        .filter(|c| font.has_glyph(*c))
        .collect();
    let subset = parsed
        .subset(&keep)
        .map_err(|e| ChartError::Subset(e.to_string()))?;
    Ok(Some(subset.to_opentype()))
}

/// `<style>` element with an `@font-face` rule for `bytes` under `family`.
fn font_face(family: &str, bytes: &[u8]) -> String {
    let data = base64::engine::general_purpose::STANDARD.encode(bytes);
    format!(
        "<style>@font-face{{font-family:\"{family}\";src:url(\"data:font/ttf;base64,{data}\") format(\"truetype\");}}</style>\n"
    )
}

/// Replaces plotters' `font-family` (the registered family) by `families`, and rescales
/// `font-size` from plotters' convention (size / 1.24) to the em size `ab_glyph` draws in PNGs.
fn rewrite_text_attrs(svg: &str, font: &ChartFont, families: &str) -> String {
    let needle = format!("font-family=\"{}\" font-size=\"", font.family());
    let mut out = String::with_capacity(svg.len() + svg.len() / 8);
    let mut rest = svg;
    while let Some(pos) = rest.find(&needle) {
        out.push_str(&rest[..pos]);
        let num_start = &rest[pos + needle.len()..];
        let Some(end) = num_start.find('"') else {
            rest = &rest[pos..];
            break;
        };
        let size = num_start[..end].parse::<f64>().unwrap_or(16.0);
        let em = font.em_px(size * 1.24);
        out.push_str(&format!("font-family=\"{families}\" font-size=\"{em:.2}\""));
        rest = &num_start[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Replaces plotters' vertical text offsets (`dy` of 0.76em / 0.5ex / -0.5ex for top /
/// centre / bottom anchors) by the ones the bitmap output uses, so CJK text sits the same.
fn rewrite_baselines(svg: &str) -> String {
    use super::raster::baseline_offset;
    use plotters::style::text_anchor::VPos;
    let mut out = svg.to_owned();
    for (from, v) in [
        ("0.76em", VPos::Top),
        ("0.5ex", VPos::Center),
        ("-0.5ex", VPos::Bottom),
    ] {
        let to = format!(" dy=\"{:.2}em\"", baseline_offset(v));
        out = out.replace(&format!(" dy=\"{from}\""), &to);
    }
    out
}

/// Inserts `extra` right after the root `<svg ...>` start tag.
fn insert_after_root(svg: &str, extra: &str) -> String {
    match svg
        .find("<svg")
        .and_then(|s| svg[s..].find('>').map(|e| s + e + 1))
    {
        Some(at) => format!(
            "{}\n{}{}",
            &svg[..at],
            extra,
            svg[at..].trim_start_matches('\n')
        ),
        None => svg.to_owned(),
    }
}

/// `name` reduced to characters that need no escaping in a quoted CSS string inside an
/// XML attribute.
fn css_safe(name: &str) -> String {
    let ok = |c: &char| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.');
    name.chars().filter(ok).collect()
}

/// 64-bit FNV-1a hash, used to give each subset its own family name.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}
