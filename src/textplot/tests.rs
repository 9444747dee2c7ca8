//! Tests: glyph coverage, ink (real glyphs, not `.notdef`), PNG size, errors, styles, corpora.

use std::collections::BTreeSet;

use plotters::prelude::{BitMapBackend, IntoDrawingArea};
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{BLACK, FontDesc, FontFamily, FontStyle, RGBColor};

use super::raster::{self, TextSpec};
use super::scale;
use super::style::{self, SeriesStyle};
use super::*;

const PROVINCES: &str = "北京市 天津市 河北省 山西省 内蒙古自治区 辽宁省 吉林省 黑龙江省 上海市 江苏省 浙江省 \
    安徽省 福建省 江西省 山东省 河南省 湖北省 湖南省 广东省 广西壮族自治区 海南省 重庆市 四川省 贵州省 \
    云南省 西藏自治区 陕西省 甘肃省 青海省 宁夏回族自治区 新疆维吾尔自治区";

/// Years of the national corpus (reports for 1954–60, 1964, 1975, 1978–88, 1992–95, 1997–2019, 2021–25).
pub(super) fn national_years() -> Vec<i32> {
    let mut y: Vec<i32> = (1954..=1960)
        .chain([1964, 1975])
        .chain(1978..=1988)
        .collect();
    y.extend((1992..=1995).chain(1997..=2019).chain(2021..=2025));
    y
}

pub(super) fn sample_line() -> LineChart {
    let years = national_years();
    let labels = ["数字经济", "新质生产力", "互联网+", "高质量发展"];
    let starts = [2017, 2024, 2015, 2017];
    let series = labels
        .iter()
        .zip(starts)
        .enumerate()
        .map(|(i, (label, start))| LineSeries {
            years: None,
            label: (*label).to_owned(),
            points: years
                .iter()
                .filter(|y| **y >= start)
                .map(|y| (*y, f64::from(y - start + 1) * (i as f64 + 1.0)))
                .collect(),
            first_x: Some(start),
            band: vec![],
        })
        .collect();
    LineChart {
        title: "关键词词频趋势 (1954–2025)".into(),
        subtitle: Some("每万词频次 · 全国".into()),
        x_label: "年份".into(),
        y_label: "每万词频次".into(),
        source_note:
            "数据来源: 国务院政府工作报告 1954–2025; 1961–63、1965–74、1996、2020 年无报告".into(),
        x_range: (1954, 2025),
        marked_x: years,
        series,
    }
}

pub(super) fn sample_bar(series: usize) -> BarChart {
    let categories: Vec<String> = PROVINCES.split_whitespace().map(str::to_owned).collect();
    let n = categories.len();
    let labels = [
        "数字经济",
        "新质生产力",
        "人工智能",
        "高质量发展",
        "乡村振兴",
        "科技创新",
        "绿色低碳",
        "共同富裕",
    ];
    BarChart {
        title: "2026 年各省政府工作报告关键词".into(),
        subtitle: None,
        value_label: "每万词频次".into(),
        source_note: "数据来源: 2026 年各省政府工作报告".into(),
        categories,
        series: (0..series)
            .map(|s| BarSeries {
                label: labels[s % 8].into(),
                values: (0..n)
                    .map(|c| {
                        if c % 7 == 3 {
                            None
                        } else {
                            Some((c * 3 + s) as f64 / 4.0)
                        }
                    })
                    .collect(),
            })
            .collect(),
    }
}

// ---- 1. glyph coverage -------------------------------------------------------------------

#[test]
fn embedded_font_covers_every_chart_text() {
    let font = ChartFont::embedded();
    let texts: Vec<String> = sample_line()
        .texts()
        .into_iter()
        .chain(sample_bar(8).texts())
        .collect();
    for needle in [
        "数字经济",
        "新质生产力",
        "互联网+",
        "高质量发展",
        "每万词频次",
        "国务院政府工作报告",
        "2025",
        "新疆维吾尔自治区",
    ] {
        assert!(
            texts.iter().any(|t| t.contains(needle)),
            "texts() lacks {needle}"
        );
    }
    for t in &texts {
        assert!(
            font.missing_chars(t).is_empty(),
            "{t:?} misses {:?}",
            font.missing_chars(t)
        );
    }
}

#[test]
fn missing_chars_reports_chars_outside_the_subset() {
    let font = ChartFont::embedded();
    // U+E000 (private use) and U+20000 (CJK Extension B) are not in the subset; whitespace is skipped.
    assert_eq!(
        font.missing_chars("数字 \u{E000}经济\t\u{20000}\u{E000}"),
        vec!['\u{E000}', '\u{20000}']
    );
    assert!(
        font.missing_chars("（一）“互联网+”，。、《》①–—·…")
            .is_empty()
    );
    assert!(font.name().contains("Noto Sans SC"));
}

#[test]
fn from_file_loads_fonts_and_rejects_other_files() {
    let dir = env!("CARGO_MANIFEST_DIR");
    let font = ChartFont::from_file(std::path::Path::new(&format!(
        "{dir}/assets/fonts/NotoSansSC-analyze-subset.ttf"
    )));
    let font = font.unwrap_or_else(|e| panic!("{e}"));
    assert!(font.name().starts_with("Noto Sans SC"), "{}", font.name());
    assert!(font.missing_chars("数字经济").is_empty());
    assert!(font.can_embed_in_svg());
    assert_ne!(font.family(), ChartFont::embedded().family());
    let missing = ChartFont::from_file(std::path::Path::new("/nonexistent/font.ttf"));
    assert!(matches!(missing, Err(ChartError::FontRead { .. })));
    let not_font = ChartFont::from_file(std::path::Path::new(&format!("{dir}/Cargo.toml")));
    let err = not_font.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(err.starts_with("not a truetype/opentype font"), "{err}");
}

// ---- 2. ink ------------------------------------------------------------------------------

const INK_W: u32 = 260;
const INK_H: u32 = 80;

/// Renders `text` in black on white with our rasteriser (`plotters_text = false`) or with
/// plotters' own `ab_glyph` text drawing of the registered family; returns the RGB buffer.
fn ink(text: &str, plotters_text: bool) -> Vec<u8> {
    let font = ChartFont::embedded();
    let mut buf = vec![255u8; (INK_W * INK_H * 3) as usize];
    {
        let area = BitMapBackend::with_buffer(&mut buf, (INK_W, INK_H)).into_drawing_area();
        if plotters_text {
            let style = FontDesc::new(FontFamily::Name(font.family()), 56.0, FontStyle::Normal)
                .color(&BLACK);
            area.draw_text(text, &style, (8, 12)).unwrap();
        } else {
            let spec = TextSpec {
                size: 56.0,
                color: RGBColor(0, 0, 0),
                anchor: (HPos::Left, VPos::Top),
                up: false,
            };
            raster::draw_text(&area, &font, text, (8, 8), spec).unwrap();
        }
    }
    buf
}

fn dark_pixels(buf: &[u8]) -> usize {
    buf.chunks(3).filter(|p| p[0] < 128).count()
}

fn differing_pixels(a: &[u8], b: &[u8]) -> usize {
    a.chunks(3)
        .zip(b.chunks(3))
        .filter(|(p, q)| (p[0] < 128) != (q[0] < 128))
        .count()
}

#[test]
fn chinese_text_produces_real_glyphs_not_notdef() {
    for plotters_text in [false, true] {
        let label = ink("数字经济", plotters_text);
        assert!(
            dark_pixels(&label) > 600,
            "too little ink: {}",
            dark_pixels(&label)
        );
        // Four copies of the .notdef glyph (U+E000 is not in the font).
        let notdef = ink("\u{E000}\u{E000}\u{E000}\u{E000}", plotters_text);
        assert!(
            dark_pixels(&notdef) > 100,
            ".notdef should be a visible box"
        );
        assert!(
            differing_pixels(&label, &notdef) > 500,
            "数字经济 looks like .notdef boxes"
        );
        let (a, b) = (ink("数", plotters_text), ink("经", plotters_text));
        assert!(differing_pixels(&a, &b) > 200, "数 and 经 render alike");
        let box1 = ink("\u{E000}", plotters_text);
        eprintln!(
            "ink plotters_text={plotters_text}: label {} dark, notdef×4 {} dark, label vs notdef {} differ, 数 vs 经 {} differ, 数 vs box {} differ",
            dark_pixels(&label),
            dark_pixels(&notdef),
            differing_pixels(&label, &notdef),
            differing_pixels(&a, &b),
            differing_pixels(&a, &box1)
        );
        assert!(differing_pixels(&a, &box1) > 200, "数 renders as .notdef");
    }
}

// ---- 3. PNG ------------------------------------------------------------------------------

pub(super) fn png_size(bytes: &[u8]) -> (u32, u32) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    (info.width, info.height)
}

#[test]
fn png_decodes_at_requested_size() {
    let font = ChartFont::embedded();
    for size in [(1600, 900), (800, 450), (2400, 1350)] {
        let png = chart_png(&sample_line(), &font, size).unwrap();
        assert_eq!(png_size(&png), size);
    }
    assert_eq!(
        png_size(&chart_png(&sample_bar(2), &font, (1600, 900)).unwrap()),
        (1600, 900)
    );
    // 31 categories × 8 series need more rows than 900 px give: the height grows.
    let tall = chart_png(&sample_bar(8), &font, (1600, 900)).unwrap();
    let grown = bar_chart_height(&sample_bar(8), (1600, 900));
    assert!(grown > 900);
    assert_eq!(png_size(&tall), (1600, grown));
}

/// The RGB pixels of a PNG.
fn png_pixels(bytes: &[u8]) -> Vec<u8> {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    buf
}

#[test]
fn a_scaled_png_is_the_same_chart_at_a_higher_resolution() {
    let font = ChartFont::embedded();
    let one = chart_png(&sample_line(), &font, (1600, 900)).unwrap();
    let two = chart_png_scaled(&sample_line(), &font, (1600, 900), 2.0).unwrap();
    assert_eq!(png_size(&two), (3200, 1800));
    // Every length twice as large: the share of dark pixels stays (a chart
    // merely drawn on a larger canvas has relatively smaller text and
    // thinner lines, and less ink).
    let share = |png: &[u8]| {
        let px = png_pixels(png);
        dark_pixels(&px) as f64 / (px.len() / 3) as f64
    };
    let (a, b) = (share(&one), share(&two));
    assert!((b / a - 1.0).abs() < 0.15, "ink {a} at 1×, {b} at 2×");
    let larger = chart_png(&sample_line(), &font, (3200, 1800)).unwrap();
    assert!(share(&larger) < 0.8 * b, "{} vs {b}", share(&larger));
    // A chart that grows with its data grows the same way; scale 1 is chart_png.
    let grown = bar_chart_height(&sample_bar(8), (1600, 900));
    let tall = chart_png_scaled(&sample_bar(8), &font, (1600, 900), 2.0).unwrap();
    let (w, h) = png_size(&tall);
    assert_eq!(w, 3200);
    assert!(
        (i64::from(h) - 2 * i64::from(grown)).abs() <= 2,
        "{h} vs 2×{grown}"
    );
    assert_eq!(
        chart_png_scaled(&sample_line(), &font, (1600, 900), 1.0).unwrap(),
        one
    );
    // The density is the renderer's alone: the next chart is drawn at 1.
    assert_eq!(chart_png(&sample_line(), &font, (1600, 900)).unwrap(), one);
}

#[test]
fn bad_input_gives_typed_errors() {
    let font = ChartFont::embedded();
    let tiny = chart_png(&sample_line(), &font, (100, 50));
    assert!(matches!(tiny, Err(ChartError::TooSmall { .. })));
    let mut bar = sample_bar(1);
    bar.series[0].values.pop();
    let err = chart_svg(&bar, &font, (1600, 900))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.starts_with("invalid chart data: series"), "{err}");
    let mut line = sample_line();
    line.series[0].points.push((2000, -1.0));
    assert!(matches!(
        chart_svg(&line, &font, (1600, 900)),
        Err(ChartError::InvalidData(_))
    ));
}

#[test]
fn series_styles_cycle_palette_then_dashes() {
    assert_eq!(SeriesStyle::nth(0).color, style::PALETTE[0]);
    // Twelve series, twelve colours; none of them the axes' colour or a pale yellow.
    let colours: std::collections::HashSet<(u8, u8, u8)> = (0..12)
        .map(|i| {
            let c = SeriesStyle::nth(i).color;
            (c.0, c.1, c.2)
        })
        .collect();
    assert_eq!(colours.len(), 12);
    for (r, g, b) in colours {
        let luminance = 0.2126 * f64::from(r) + 0.7152 * f64::from(g) + 0.0722 * f64::from(b);
        assert!(
            luminance < 180.0,
            "#{r:02X}{g:02X}{b:02X} is too pale on white"
        );
        assert_ne!((r, g, b), (style::AXIS.0, style::AXIS.1, style::AXIS.2));
    }
    assert_eq!(SeriesStyle::nth(12).color, style::PALETTE[0]);
    assert_ne!(SeriesStyle::nth(12).dash, SeriesStyle::nth(0).dash);
    assert_ne!(SeriesStyle::nth(12).marker, SeriesStyle::nth(0).marker);
    let (top, ticks) = scale::value_ticks(9.3);
    assert!(
        top >= 9.3 && ticks[0] == 0.0 && ticks.len() >= 5,
        "{top} {ticks:?}"
    );
    assert_eq!(scale::format_tick(2.5, 2.5), "2.5");
    assert_eq!(scale::format_tick(10.0, 5.0), "10");
}

#[test]
fn value_ticks_are_tight_and_round() {
    for (max, top) in [
        (15.0, 16.0),
        (9.3, 10.0),
        (21.1, 25.0),
        (0.37, 0.4),
        (1234.0, 1400.0),
        (0.0, 1.0),
    ] {
        let (t, ticks) = scale::value_ticks(max);
        assert!(
            (t - top).abs() < 1e-9,
            "max {max}: top {t}, want {top} ({ticks:?})"
        );
        assert!((5..=9).contains(&ticks.len()), "max {max}: {ticks:?}");
    }
}

#[test]
fn line_axes_end_at_a_round_maximum() {
    let top = |max: f64| scale::tick_labels_for_lines(max).last().map(|t| t.0);
    // A share of exactly 100 % ends the axis at 100, not 120.
    assert_eq!(top(100.0), Some(100.0));
    assert_eq!(top(50.0), Some(50.0));
    // Other maxima keep their headroom above the highest point.
    assert_eq!(top(99.0), Some(120.0));
    assert_eq!(top(9.3), Some(10.0));
    assert_eq!(top(40.5), Some(50.0));
}

/// All files under `dir`, recursively.
fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return vec![];
    };
    let mut out = Vec::new();
    for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn embedded_font_covers_the_reference_corpora() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
    let files: Vec<_> = files_under(&root)
        .into_iter()
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "jsonl" || e == "csv" || e == "txt")
        })
        .collect();
    if files.is_empty() {
        eprintln!("skipped: no corpora at {}", root.display());
        return;
    }
    let font = ChartFont::embedded();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let distinct: String = text
            .chars()
            .collect::<BTreeSet<char>>()
            .into_iter()
            .collect();
        let missing = font.missing_chars(&distinct);
        assert!(
            missing.is_empty(),
            "{}: no glyph for {missing:?}",
            file.display()
        );
    }
}
