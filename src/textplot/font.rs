//! `ChartFont`: the embedded Noto Sans SC subset, a `--font FILE` override, and glyph coverage.

use std::fmt;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use ab_glyph::{Font, FontRef, PxScale, ScaleFont};
use plotters::style::FontStyle;

use super::ChartError;

/// The font shipped with the crate: Noto Sans SC Regular (SIL OFL 1.1), subset to GB2312,
/// the punctuation blocks and every character of the project's reference corpora.
/// See `assets/fonts/README.md`.
static EMBEDDED_FONT: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-analyze-subset.ttf");

/// Human name of the embedded font, as written to manifests.
const EMBEDDED_NAME: &str = "Noto Sans SC Regular (analyze subset, embedded)";

/// Counter that gives every registered font its own plotters family name.
static NEXT_FONT_ID: AtomicUsize = AtomicUsize::new(0);

/// The font used to draw chart text, cheap to clone (an `Arc`).
///
/// Every `ChartFont` is also registered with plotters' `ab_glyph` font table under its own
/// unique family name (see [`ChartFont::family`]), so two fonts never replace each other.
#[derive(Clone)]
pub struct ChartFont {
    inner: Arc<Inner>,
}

struct Inner {
    /// Name under which the font is registered with `plotters::style::register_font`.
    family: String,
    /// Human name for manifests.
    name: String,
    /// Family name from the font's name table, if any.
    font_family: Option<String>,
    /// Raw font file (TTF/OTF; a collection is read at index 0).
    bytes: &'static [u8],
    /// Parsed font for measuring text and checking coverage.
    face: FontRef<'static>,
}

impl fmt::Debug for ChartFont {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChartFont")
            .field("name", &self.inner.name)
            .field("family", &self.inner.family)
            .field("bytes", &self.inner.bytes.len())
            .finish()
    }
}

impl ChartFont {
    /// The embedded Noto Sans SC subset (registered once per process).
    ///
    /// # Panics
    ///
    /// Only if the font asset compiled into the crate is corrupt (the tests rule that out).
    pub fn embedded() -> ChartFont {
        static EMBEDDED: OnceLock<Result<ChartFont, ChartError>> = OnceLock::new();
        match EMBEDDED.get_or_init(|| ChartFont::register(EMBEDDED_FONT, EMBEDDED_NAME.into())) {
            Ok(font) => font.clone(),
            // The asset is checked by the tests; failing here means the crate was built
            // with a corrupt asset, which no caller can recover from.
            Err(err) => panic!("embedded chart font is invalid: {err}"),
        }
    }

    /// Loads a TrueType/OpenType font (or the first font of a collection) from `path`.
    ///
    /// The file's bytes stay in memory for the rest of the process, because plotters'
    /// font table only accepts `'static` font data.
    ///
    /// # Errors
    ///
    /// [`ChartError::FontRead`] if the file cannot be read, [`ChartError::NotAFont`] if it is
    /// not a TrueType/OpenType font (or collection).
    pub fn from_file(path: &Path) -> Result<ChartFont, ChartError> {
        let bytes = std::fs::read(path).map_err(|source| ChartError::FontRead {
            path: path.to_path_buf(),
            source,
        })?;
        if FontRef::try_from_slice(&bytes).is_err() {
            return Err(ChartError::NotAFont {
                path: path.to_path_buf(),
            });
        }
        let family = family_name(&bytes).unwrap_or_else(|| "unnamed font".to_owned());
        let file = path.file_name().map_or_else(
            || path.display().to_string(),
            |f| f.to_string_lossy().into_owned(),
        );
        let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
        ChartFont::register(bytes, format!("{family} ({file})"))
    }

    fn register(bytes: &'static [u8], name: String) -> Result<ChartFont, ChartError> {
        let face =
            FontRef::try_from_slice(bytes).map_err(|_| ChartError::InvalidFont(name.clone()))?;
        let id = NEXT_FONT_ID.fetch_add(1, Ordering::Relaxed);
        let family = format!("analyze-chart-font-{id}");
        let font_family = family_name(bytes);
        plotters::style::register_font(&family, FontStyle::Normal, bytes)
            .map_err(|_| ChartError::InvalidFont(name.clone()))?;
        Ok(ChartFont {
            inner: Arc::new(Inner {
                family,
                name,
                font_family,
                bytes,
                face,
            }),
        })
    }

    /// Characters of `text` that have no glyph in this font, each reported once, in order of
    /// first occurrence. Whitespace, control characters and invisible format characters
    /// (zero-width space/joiners, direction marks, BOM, soft hyphen) are not reported.
    pub fn missing_chars(&self, text: &str) -> Vec<char> {
        let mut missing = Vec::new();
        for c in text.chars() {
            if c.is_whitespace() || c.is_control() || is_invisible(c) || missing.contains(&c) {
                continue;
            }
            if !self.has_glyph(c) {
                missing.push(c);
            }
        }
        missing
    }

    /// Whether the font maps `c` to a real glyph (not `.notdef`).
    pub fn has_glyph(&self, c: char) -> bool {
        self.inner.face.glyph_id(c).0 != 0
    }

    /// Human name for manifests, e.g. `Noto Sans SC Regular (analyze subset, embedded)`.
    pub fn name(&self) -> &str {
        &self.inner.name
    }

    /// The family name under which this font is registered with plotters.
    pub fn family(&self) -> &str {
        &self.inner.family
    }

    /// The parsed font.
    pub(super) fn face(&self) -> &FontRef<'static> {
        &self.inner.face
    }

    /// The family name in the font's name table (e.g. `Noto Sans SC`), if it has one.
    pub fn font_family(&self) -> Option<&str> {
        self.inner.font_family.as_deref()
    }

    /// The raw font file.
    pub fn bytes(&self) -> &'static [u8] {
        self.inner.bytes
    }

    /// Whether SVG output can embed a subset of this font: TrueType (`glyf`) outlines, not a
    /// collection, and an OS/2 `fsType` that allows embedding and subsetting. When false, SVGs
    /// rely on the fallback family list only.
    pub fn can_embed_in_svg(&self) -> bool {
        let probe = std::collections::BTreeSet::from(['0']);
        matches!(super::svg::subset_font(self, &probe), Ok(Some(_)))
    }

    /// Width in pixels of `text` drawn at plotters font size `size`
    /// (the same measure plotters' `ab_glyph` backend uses for layout).
    pub fn text_width(&self, text: &str, size: f64) -> f64 {
        let scaled = self.inner.face.as_scaled(PxScale::from(size as f32));
        let mut width = 0.0f32;
        let mut prev = None;
        for c in text.chars() {
            let id = scaled.glyph_id(c);
            if let Some(p) = prev {
                width += scaled.kern(p, id);
            }
            width += scaled.h_advance(id);
            prev = Some(id);
        }
        f64::from(width)
    }

    /// Em size in pixels of plotters font size `size`: `ab_glyph` scales a font so that
    /// `size` equals ascent minus descent, while CSS `font-size` is the em.
    pub fn em_px(&self, size: f64) -> f64 {
        let face = &self.inner.face;
        let height = f64::from(face.height_unscaled());
        let upem = face.units_per_em().map_or(1000.0, f64::from);
        if height > 0.0 {
            size * upem / height
        } else {
            size
        }
    }
}

/// Invisible format characters that need no glyph.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
}

/// Family name (name ID 16, else 1) of the first font in `bytes`.
fn family_name(bytes: &[u8]) -> Option<String> {
    let face = ttf_parser::Face::parse(bytes, 0).ok()?;
    let names = face.names();
    let pick = |id: u16| {
        names
            .into_iter()
            .filter(|n| n.name_id == id && n.is_unicode())
            .find_map(|n| n.to_string())
    };
    pick(ttf_parser::name_id::TYPOGRAPHIC_FAMILY).or_else(|| pick(ttf_parser::name_id::FAMILY))
}
