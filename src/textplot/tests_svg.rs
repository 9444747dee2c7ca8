//! SVG tests: labels as `<text>`, escaping, well-formed XML, gaps not bridged, per-chart subset.

use std::collections::BTreeSet;

use base64::Engine;

use super::style;
use super::tests::{national_years, sample_bar, sample_line};
use super::*;

// ---- 4. SVG ------------------------------------------------------------------------------

pub(super) fn parse(svg: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("svg is not well-formed xml: {e}"))
}

/// Texts of all `<text>` elements, trimmed, as a parser sees them.
pub(super) fn xml_texts(doc: &roxmltree::Document<'_>) -> Vec<String> {
    let texts = doc.descendants().filter(|n| n.has_tag_name("text"));
    texts
        .map(|n| n.text().unwrap_or("").trim().to_owned())
        .collect()
}

#[test]
fn svg_has_labels_font_face_and_is_well_formed() {
    let chart = sample_line();
    let svg = chart_svg(&chart, &ChartFont::embedded(), (1600, 900)).unwrap();
    let doc = parse(&svg);
    let texts = xml_texts(&doc);
    for s in &chart.series {
        assert!(svg.contains(&s.label), "svg lacks {}", s.label);
        assert!(
            texts.iter().any(|t| t.starts_with(&s.label)),
            "no <text> for {}",
            s.label
        );
    }
    assert!(svg.contains("@font-face") && svg.contains("src:url(\"data:font/ttf;base64,"));
    let families = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.attribute("font-family"));
    for family in families {
        assert!(
            family.starts_with("'analyze-") && family.ends_with(FALLBACK_FAMILIES),
            "{family}"
        );
    }
    assert!(svg.len() < 150_000, "svg is {} bytes", svg.len());
}

#[test]
fn svg_escapes_user_text() {
    let mut chart = sample_line();
    chart.title = "a < b & c \"quoted\" 'single' > d\u{1}e".into();
    chart.series[0].label = "<script>&amp;\"".into();
    let mut bar = sample_bar(1);
    bar.categories[0] = "R&D <\"x\">".into();
    let font = ChartFont::embedded();
    let line_svg = chart_svg(&chart, &font, (1600, 900)).unwrap();
    let bar_svg = chart_svg(&bar, &font, (1600, 900)).unwrap();
    let texts = xml_texts(&parse(&line_svg));
    assert!(
        texts.contains(&"a < b & c \"quoted\" 'single' > d e".to_owned()),
        "{texts:?}"
    );
    assert!(texts.iter().any(|t| t.starts_with("<script>&amp;\" (")));
    assert!(xml_texts(&parse(&bar_svg)).contains(&"R&D <\"x\">".to_owned()));
}

/// Parses `points="x,y x,y "` of a polyline.
fn polyline_points(node: roxmltree::Node<'_, '_>) -> Vec<(i32, i32)> {
    let raw = node.attribute("points").unwrap_or("");
    let pair = |p: &str| {
        p.split_once(',')
            .map(|(x, y)| (x.parse().unwrap(), y.parse().unwrap()))
    };
    raw.split_whitespace().filter_map(pair).collect()
}

#[test]
fn gap_years_are_not_bridged() {
    let chart = LineChart {
        title: "缺口测试".into(),
        x_label: "年份".into(),
        y_label: "每万词频次".into(),
        x_range: (2015, 2025),
        marked_x: vec![2018, 2019, 2021],
        series: vec![LineSeries {
            years: None,
            label: "数字经济".into(),
            points: vec![(2018, 2.0), (2019, 3.0), (2021, 4.0)],
            first_x: None,
            band: vec![],
        }],
        ..LineChart::default()
    };
    let svg = chart_svg(&chart, &ChartFont::embedded(), (1600, 900)).unwrap();
    let doc = parse(&svg);
    let color = format!(
        "#{:02X}{:02X}{:02X}",
        style::PALETTE[0].0,
        style::PALETTE[0].1,
        style::PALETTE[0].2
    );
    // Data markers, left to right; the last one is the legend sample (right of the plot).
    let mut xs: Vec<i32> = doc
        .descendants()
        .filter(|n| n.has_tag_name("circle") && n.attribute("fill") == Some(color.as_str()))
        .filter_map(|n| n.attribute("cx").and_then(|x| x.parse().ok()))
        .collect();
    xs.sort_unstable();
    assert_eq!(xs.len(), 4, "3 data markers + 1 legend marker: {xs:?}");
    let (x2018, x2019, x2021) = (xs[0], xs[1], xs[2]);
    let lines: Vec<Vec<(i32, i32)>> = doc
        .descendants()
        .filter(|n| n.has_tag_name("polyline") && n.attribute("stroke") == Some(color.as_str()))
        .map(polyline_points)
        .collect();
    let segments: Vec<(i32, i32)> = lines
        .iter()
        .flat_map(|l| l.windows(2).map(|w| (w[0].0, w[1].0)))
        .collect();
    assert!(
        segments.contains(&(x2018, x2019)),
        "2018–2019 must be joined: {segments:?}"
    );
    for (a, b) in &segments {
        let spans_gap = a.min(b) <= &x2019 && a.max(b) >= &x2021;
        assert!(!spans_gap, "segment {a}→{b} bridges the 2020 gap");
    }
}

#[test]
fn bands_are_light_behind_the_lines_and_never_bridge_a_gap() {
    // Points 2016–2019 and 2021, a gap in 2020, and a band at every point but 2016
    // (which has none) and 2014 (which has no point): one band polygon over
    // 2017–2019 and a whisker at 2021.
    let chart = LineChart {
        title: "区间测试".into(),
        x_label: "年份".into(),
        y_label: "每万词频次".into(),
        x_range: (2014, 2022),
        marked_x: vec![2016, 2017, 2018, 2019, 2021],
        series: vec![LineSeries {
            years: None,
            label: "数字经济".into(),
            points: vec![
                (2016, 1.0),
                (2017, 2.0),
                (2018, 3.0),
                (2019, 4.0),
                (2021, 5.0),
            ],
            first_x: None,
            band: vec![
                (2014, 0.0, 9.0),
                (2017, 1.0, 3.5),
                (2018, 2.0, 4.0),
                (2019, 3.0, 6.0),
                (2021, 4.0, 8.0),
            ],
        }],
        ..LineChart::default()
    };
    let series = &chart.series[0];
    let runs: Vec<Vec<i32>> = series
        .band_runs(chart.x_range)
        .iter()
        .map(|r| r.iter().map(|b| b.0).collect())
        .collect();
    assert_eq!(runs, vec![vec![2017, 2018, 2019], vec![2021]]);
    let svg = chart_svg(&chart, &ChartFont::embedded(), (1600, 900)).unwrap();
    let doc = parse(&svg);
    let color = format!(
        "#{:02X}{:02X}{:02X}",
        style::PALETTE[0].0,
        style::PALETTE[0].1,
        style::PALETTE[0].2
    );
    let nodes: Vec<roxmltree::Node<'_, '_>> = doc.descendants().collect();
    let band_at = nodes
        .iter()
        .position(|n| {
            n.has_tag_name("polygon")
                && n.attribute("fill") == Some(color.as_str())
                && n.attribute("opacity") == Some("0.16")
        })
        .expect("a band polygon in the series' colour, 16 % opaque");
    let line_at = nodes
        .iter()
        .position(|n| n.has_tag_name("polyline") && n.attribute("stroke") == Some(color.as_str()))
        .expect("the line");
    assert!(
        band_at < line_at,
        "the band is drawn before (behind) the line"
    );
    // The band spans 2017–2019 only: 3 upper + 3 lower corners.
    let band = polyline_points(nodes[band_at]);
    assert_eq!(band.len(), 6, "{band:?}");
    let xs: Vec<i32> = band.iter().map(|p| p.0).collect();
    let whiskers: Vec<i32> = nodes
        .iter()
        .filter(|n| {
            n.has_tag_name("polyline")
                && n.attribute("stroke") == Some(color.as_str())
                && n.attribute("opacity").is_some_and(|o| o != "1")
        })
        .flat_map(|n| polyline_points(*n))
        .map(|p| p.0)
        .collect();
    let x2021 = *whiskers.iter().max().expect("a whisker at 2021");
    assert!(
        xs.iter().all(|&x| x < x2021),
        "the band does not reach 2021"
    );
    assert_eq!(whiskers.len(), 6, "a whisker and two caps: {whiskers:?}");
    // The value axis makes room for the highest upper bound (8, not 5).
    assert!(
        chart.texts().contains(&"8".to_string()),
        "{:?}",
        chart.texts()
    );
}

#[test]
fn band_opacity_falls_with_the_number_of_bands() {
    use super::marks::band_opacity;
    assert_eq!(band_opacity(1), 0.16);
    assert_eq!(band_opacity(3), 0.16);
    assert_eq!(band_opacity(4), 0.12);
    assert_eq!(band_opacity(6), 0.08);
    assert_eq!(band_opacity(12), 0.08);
}

#[test]
fn runs_split_at_missing_years() {
    let series = LineSeries {
        years: None,
        label: "x".into(),
        points: national_years().into_iter().map(|y| (y, 1.0)).collect(),
        first_x: None,
        band: vec![],
    };
    let runs: Vec<(i32, i32, usize)> = series
        .runs((1954, 2025))
        .iter()
        .map(|r| (r[0].0, r[r.len() - 1].0, r.len()))
        .collect();
    let expected = vec![
        (1954, 1960, 7),
        (1964, 1964, 1),
        (1975, 1975, 1),
        (1978, 1988, 11),
        (1992, 1995, 4),
        (1997, 2019, 23),
        (2021, 2025, 5),
    ];
    assert_eq!(runs, expected);
    let messy = LineSeries {
        years: None,
        label: "x".into(),
        points: vec![(2003, 1.0), (2001, f64::NAN), (2002, 2.0), (2002, 3.0)],
        first_x: None,
        band: vec![],
    };
    assert_eq!(
        messy.runs((2000, 2010)),
        vec![vec![(2002, 3.0), (2003, 1.0)]]
    );
}

#[test]
fn missing_bar_values_draw_nothing() {
    let chart = BarChart {
        title: "缺失值".into(),
        value_label: "频次".into(),
        categories: vec!["北京市".into(), "天津市".into(), "河北省".into()],
        series: vec![BarSeries {
            label: "数字经济".into(),
            values: vec![Some(1.0), None, Some(2.0)],
        }],
        ..BarChart::default()
    };
    let svg = chart_svg(&chart, &ChartFont::embedded(), (1600, 900)).unwrap();
    let color = format!(
        "#{:02X}{:02X}{:02X}",
        style::PALETTE[0].0,
        style::PALETTE[0].1,
        style::PALETTE[0].2
    );
    let doc = parse(&svg);
    let rects = doc
        .descendants()
        .filter(|n| n.has_tag_name("rect") && n.attribute("fill") == Some(color.as_str()));
    assert_eq!(rects.count(), 3, "2 bars + 1 legend swatch");
}

// ---- 5. per-chart subset -----------------------------------------------------------------

/// Decodes the font of the SVG's `@font-face` data URL.
pub(super) fn embedded_subset(svg: &str) -> Vec<u8> {
    let start = svg.find("base64,").map(|i| i + 7).unwrap();
    let end = start + svg[start..].find('"').unwrap();
    base64::engine::general_purpose::STANDARD
        .decode(&svg[start..end])
        .unwrap()
}

#[test]
fn svg_subset_covers_every_drawn_char() {
    let font = ChartFont::embedded();
    let line = chart_svg(&sample_line(), &font, (1600, 900)).unwrap();
    let bar = chart_svg(&sample_bar(3), &font, (1600, 900)).unwrap();
    for svg in [line, bar] {
        let bytes = embedded_subset(&svg);
        let face = ttf_parser::Face::parse(&bytes, 0).unwrap();
        let drawn: BTreeSet<char> = xml_texts(&parse(&svg))
            .iter()
            .flat_map(|t| t.chars())
            .collect();
        assert!(drawn.len() > 40);
        for c in &drawn {
            assert!(face.glyph_index(*c).is_some(), "subset lacks {c:?}");
        }
        assert!(
            face.number_of_glyphs() as usize <= drawn.len() + 2,
            "subset keeps extra glyphs"
        );
        assert!(bytes.len() < 80_000, "subset is {} bytes", bytes.len());
    }
}

/// A subtitle too long for a narrow chart is broken at its ` · `
/// separators into lines of readable size, not shrunk to a few pixels; at
/// the default width it stays one line.
#[test]
fn long_subtitles_wrap_on_narrow_charts() {
    let mut chart = sample_line();
    let parts = [
        "每万词出现次数",
        "浅色带为 95% 置信区间",
        "空心圆: 首次出现",
        "无报告的年份不连线, 灰色竖条标出",
    ];
    chart.subtitle = Some(parts.join(" · "));
    let font = ChartFont::embedded();
    let sub_texts = |size: (u32, u32)| -> Vec<(String, f64)> {
        let svg = chart_svg(&chart, &font, size).unwrap();
        let doc = parse(&svg);
        doc.descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter(|n| {
                let t = n.text().unwrap_or("").trim();
                parts.iter().any(|p| t.starts_with(p))
            })
            .map(|n| {
                (
                    n.text().unwrap_or("").trim().to_owned(),
                    n.attribute("font-size").unwrap().parse().unwrap(),
                )
            })
            .collect()
    };
    let wide = sub_texts((1600, 900));
    assert_eq!(wide.len(), 1, "{wide:?}");
    assert_eq!(wide[0].0, parts.join(" · "));
    let narrow = sub_texts((500, 350));
    assert!(narrow.len() >= 2, "{narrow:?}");
    assert_eq!(
        narrow
            .iter()
            .map(|t| t.0.clone())
            .collect::<Vec<_>>()
            .join(" · "),
        parts.join(" · "),
        "every part once, in order"
    );
    // Every line at the same size: the subtitle's full size (only a line
    // too long on its own would be shrunk, and none is).
    assert!(narrow.iter().all(|t| t.1 == narrow[0].1), "{narrow:?}");
}

/// Two terms first seen in the same year at the same rate: the second ring
/// goes around the first instead of hiding it.
#[test]
fn coinciding_first_use_rings_are_drawn_around_each_other() {
    let mut chart = sample_line();
    // 数字经济 and 高质量发展 both start in 2017; give them equal values.
    let first = chart.series[0].points.clone();
    chart.series[3].points = first;
    let svg = chart_svg(&chart, &ChartFont::embedded(), (1600, 900)).unwrap();
    let doc = parse(&svg);
    // Unfilled circles: the rings.
    let rings: Vec<(String, String, f64)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("circle") && n.attribute("fill") == Some("none"))
        .map(|n| {
            (
                n.attribute("cx").unwrap().to_owned(),
                n.attribute("cy").unwrap().to_owned(),
                n.attribute("r").unwrap().parse().unwrap(),
            )
        })
        .collect();
    let mut by_centre: std::collections::BTreeMap<(String, String), Vec<f64>> =
        std::collections::BTreeMap::new();
    for (x, y, r) in rings {
        by_centre.entry((x, y)).or_default().push(r);
    }
    let shared: Vec<&Vec<f64>> = by_centre.values().filter(|r| r.len() > 1).collect();
    assert_eq!(shared.len(), 1, "{by_centre:?}");
    let radii = shared[0];
    assert!(radii[1] > radii[0], "{radii:?}");
}

/// The grey band's legend key is there only when some year of the axis has no report: a
/// corpus with a report every year is not told of years without one. A small-multiples
/// panel with report years of its own keys its bands too.
#[test]
fn the_gap_key_only_when_a_year_has_no_report() {
    let font = ChartFont::embedded();
    let keys = |svg: String| {
        let texts = xml_texts(&parse(&svg));
        (
            texts.iter().any(|t| t == axes::KEY_DOCS),
            texts.iter().any(|t| t == axes::KEY_GAPS),
        )
    };
    let gappy = sample_line();
    assert_eq!(
        keys(chart_svg(&gappy, &font, (1600, 900)).unwrap()),
        (true, true)
    );
    let mut full = sample_line();
    full.x_range = (2015, 2019);
    full.marked_x = (2015..=2019).collect();
    for s in &mut full.series {
        s.points.retain(|p| (2015..=2019).contains(&p.0));
    }
    assert_eq!(
        keys(chart_svg(&full, &font, (1600, 900)).unwrap()),
        (true, false)
    );
    let mut panels = SmallMultiples::from(full.clone());
    assert_eq!(
        keys(chart_svg(&panels, &font, (1600, 900)).unwrap()),
        (true, false)
    );
    panels.panels[0].marked_x = Some(vec![2015, 2016, 2018, 2019]);
    assert_eq!(
        keys(chart_svg(&panels, &font, (1600, 900)).unwrap()),
        (true, true)
    );
}
