//! Tests of the panel, diverging and stacked-area charts: labels as `<text>`, XML, PNG size,
//! glyph coverage, gaps, sides, many panels, errors.

use std::collections::BTreeSet;

use super::colormap;
use super::scale::{self, format_sig};
use super::style;
use super::tests::{national_years, png_size};
use super::tests_svg::{embedded_subset, parse, xml_texts};
use super::*;

const TERMS: [&str; 12] = [
    "高质量发展",
    "新质生产力",
    "数字经济",
    "乡村振兴",
    "供给侧结构性改革",
    "稳就业",
    "碳达峰碳中和",
    "共同富裕",
    "一带一路",
    "营商环境",
    "减税降费",
    "人工智能+",
];

/// `n` panels titled by the national years, 10 bars each.
pub(super) fn sample_panels(n: usize) -> PanelBars {
    let years = national_years();
    PanelBars {
        title: "历年政府工作报告关键词 (TF-IDF 前 10)".into(),
        subtitle: Some("国务院政府工作报告".into()),
        value_label: "TF-IDF 得分".into(),
        source_note: "数据来源: 国务院政府工作报告".into(),
        panels: (0..n)
            .map(|i| Panel {
                title: years[i % years.len()].to_string(),
                bars: (0..10)
                    .map(|j| {
                        let term = TERMS[(i + j) % TERMS.len()].to_owned();
                        (term, 0.09 * (1.0 - j as f64 * 0.08) + i as f64 * 0.001)
                    })
                    .collect(),
            })
            .collect(),
    }
}

pub(super) fn sample_diverging() -> DivergingBars {
    let side = |terms: &[&str], top: f64| -> Vec<(String, f64)> {
        let strength = |i: usize| top * 0.9f64.powi(i as i32);
        (terms.iter().enumerate())
            .map(|(i, t)| ((*t).to_owned(), strength(i)))
            .collect()
    };
    DivergingBars {
        title: "关键词显著性: 2013-2017 与 2018-2022".into(),
        subtitle: Some("|log 比值|".into()),
        value_label: "|log 比值|".into(),
        source_note: "数据来源: 国务院政府工作报告 2013–2022".into(),
        left_label: "2013-2017".into(),
        right_label: "2018-2022".into(),
        left: side(&TERMS[..6], 3.1),
        right: side(&TERMS[6..], 2.4),
    }
}

/// Themes over the national years, shares summing to 100 in every year.
pub(super) fn sample_area(themes: usize) -> StackedArea {
    let years = national_years();
    let share = |y: i32, i: usize| 1.0 + (f64::from(y) * 0.1 + i as f64).sin().abs();
    let series: Vec<AreaSeries> = (0..themes)
        .map(|i| AreaSeries {
            label: [
                "民生",
                "改革",
                "思想与战略",
                "绿色发展",
                "对外开放",
                "科技创新",
            ][i % 6]
                .into(),
            points: (years.iter())
                .map(|y| {
                    let total: f64 = (0..themes).map(|k| share(*y, k)).sum();
                    (*y, 100.0 * share(*y, i) / total)
                })
                .collect(),
        })
        .collect();
    StackedArea {
        title: "主题占比变化 (1954–2025)".into(),
        subtitle: Some("各主题占全部主题词频的百分比".into()),
        x_label: "年份".into(),
        y_label: "占比 (%)".into(),
        source_note: "数据来源: 国务院政府工作报告 1954–2025".into(),
        x_range: (1954, 2025),
        marked_x: years,
        series,
    }
}

pub(super) fn hex(c: plotters::style::RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

/// Numeric attribute `name` of `node`.
fn num(node: roxmltree::Node<'_, '_>, name: &str) -> f64 {
    let raw = node.attribute(name).unwrap_or_else(|| panic!("no {name}"));
    raw.parse()
        .unwrap_or_else(|e| panic!("{name}={raw:?}: {e}"))
}

/// `<text>` elements whose trimmed content is `content`.
fn texts_named<'a, 'i>(
    doc: &'a roxmltree::Document<'i>,
    content: &'a str,
) -> impl Iterator<Item = roxmltree::Node<'a, 'i>> + 'a {
    let wanted = move |n: &roxmltree::Node<'_, '_>| {
        n.has_tag_name("text") && n.text().is_some_and(|t| t.trim() == content)
    };
    doc.descendants().filter(wanted)
}

/// Checks an SVG: well-formed, every label in `labels` is a `<text>`, the embedded subset has
/// every drawn char; and the font has every char of `texts`.
fn check_svg(svg: &str, labels: &[String], texts: &[String]) {
    let doc = parse(svg);
    let drawn = xml_texts(&doc);
    for label in labels {
        assert!(drawn.contains(label), "no <text> for {label:?}");
    }
    let subset = embedded_subset(svg);
    let face = ttf_parser::Face::parse(&subset, 0).unwrap();
    let chars: BTreeSet<char> = drawn.iter().flat_map(|t| t.chars()).collect();
    for c in chars.iter().filter(|c| !c.is_whitespace()) {
        assert!(face.glyph_index(*c).is_some(), "subset lacks {c:?}");
    }
    let font = ChartFont::embedded();
    for t in texts {
        assert!(font.missing_chars(t).is_empty(), "{t:?}");
    }
    for t in drawn.iter().filter(|t| !t.is_empty()) {
        assert!(texts.contains(t), "texts() lacks drawn {t:?}");
    }
}

#[test]
fn panel_bars_svg_png_and_texts() {
    let chart = sample_panels(12);
    let font = ChartFont::embedded();
    let svg = chart_svg(&chart, &font, (1600, 900)).unwrap();
    let mut labels: Vec<String> = chart.panels.iter().map(|p| p.title.clone()).collect();
    labels.extend(TERMS.iter().map(|t| (*t).to_owned()));
    labels.push("TF-IDF 得分 (各面板刻度独立)".into());
    labels.push(format_sig(chart.panels[0].bars[0].1));
    check_svg(&svg, &labels, &chart.texts());
    let height = panel_bars_height(&chart, (1600, 900));
    let png = chart_png(&chart, &font, (1600, 900)).unwrap();
    assert_eq!(png_size(&png), (1600, height));
    let small = chart_png(&sample_panels(4), &font, (800, 450)).unwrap();
    assert_eq!(png_size(&small).0, 800);
}

#[test]
fn panel_bars_with_52_panels_grow_and_show_every_title() {
    let chart = sample_panels(52);
    let font = ChartFont::embedded();
    let height = panel_bars_height(&chart, (1600, 900));
    assert!((2000..8000).contains(&height), "height {height}");
    let svg = chart_svg(&chart, &font, (1600, 900)).unwrap();
    let doc = parse(&svg);
    let texts = xml_texts(&doc);
    for year in national_years() {
        assert!(texts.contains(&year.to_string()), "no panel {year}");
    }
    let root = doc.root_element();
    assert_eq!(num(root, "height"), f64::from(height));
    let png = chart_png(&chart, &font, (1600, 900)).unwrap();
    assert_eq!(png_size(&png), (1600, height));
    // A few panels fit the requested height unchanged.
    assert_eq!(panel_bars_height(&sample_panels(6), (1600, 900)), 900);
}

#[test]
fn diverging_bars_svg_png_and_texts() {
    let chart = sample_diverging();
    let font = ChartFont::embedded();
    let svg = chart_svg(&chart, &font, (1600, 900)).unwrap();
    let mut labels: Vec<String> = TERMS.iter().map(|t| (*t).to_owned()).collect();
    labels.extend(["2013-2017", "2018-2022", "|log 比值|", "0.0", "3.5"].map(String::from));
    check_svg(&svg, &labels, &chart.texts());
    let png = chart_png(&chart, &font, (1600, 900)).unwrap();
    assert_eq!(png_size(&png), (1600, 900));
    let mut long = chart.clone();
    long.left = (0..60).map(|i| (format!("词{i}"), 1.0)).collect();
    let height = diverging_bars_height(&long, (1600, 900));
    assert!(height > 900);
    let png = chart_png(&long, &font, (1600, 900)).unwrap();
    assert_eq!(png_size(&png), (1600, height));
}

#[test]
fn diverging_bars_put_left_terms_left_of_the_axis() {
    let chart = sample_diverging();
    let svg = chart_svg(&chart, &ChartFont::embedded(), (1600, 900)).unwrap();
    let doc = parse(&svg);
    // The zero tick label (drawn once, under the axis); ticks step by 0.5 here.
    let zeros: Vec<f64> = texts_named(&doc, "0.0").map(|n| num(n, "x")).collect();
    assert_eq!(zeros.len(), 1, "one 0 tick label: {zeros:?}");
    let axis = zeros[0];
    for (terms, left) in [(&chart.left, true), (&chart.right, false)] {
        for (term, _) in terms {
            let nodes: Vec<_> = texts_named(&doc, term).collect();
            assert_eq!(nodes.len(), 1, "{term}");
            let (x, anchor) = (num(nodes[0], "x"), nodes[0].attribute("text-anchor"));
            if left {
                assert!(
                    x < axis && anchor == Some("end"),
                    "{term} at {x}, axis {axis}"
                );
            } else {
                assert!(
                    x > axis && anchor == Some("start"),
                    "{term} at {x}, axis {axis}"
                );
            }
        }
    }
    let rects = |color| {
        let fill = hex(color);
        let doc = &doc;
        doc.descendants()
            .filter(move |n| n.has_tag_name("rect") && n.attribute("fill") == Some(&*fill))
            .map(|n| (num(n, "x"), num(n, "x") + num(n, "width")))
            .collect::<Vec<_>>()
    };
    let (lefts, rights) = (rects(style::PALETTE[0]), rects(style::PALETTE[1]));
    // One bar per term plus the header swatch.
    assert_eq!((lefts.len(), rights.len()), (7, 7));
    assert!(lefts.iter().all(|r| r.1 <= axis), "{lefts:?}");
    assert!(rights.iter().all(|r| r.0 >= axis), "{rights:?}");
    // Bars start at the axis and the first (strongest) is the longest.
    let bars: Vec<_> = lefts.iter().filter(|r| r.1 == axis).collect();
    assert_eq!(bars.len(), 6);
    assert!(bars.iter().all(|r| r.0 >= bars[0].0));
}

#[test]
fn stacked_area_svg_png_and_texts() {
    let chart = sample_area(6);
    let font = ChartFont::embedded();
    let svg = chart_svg(&chart, &font, (1600, 900)).unwrap();
    let mut labels: Vec<String> = chart.series.iter().map(|s| s.label.clone()).collect();
    labels.extend(["有报告的年份", "无报告的年份", "占比 (%)", "年份", "100"].map(String::from));
    check_svg(&svg, &labels, &chart.texts());
    // Shares summing to 100 get an axis up to 100, not beyond.
    let texts = xml_texts(&parse(&svg));
    assert!(!texts.contains(&"120".to_owned()), "{texts:?}");
    for size in [(1600, 900), (800, 450), (2400, 1350)] {
        let png = chart_png(&chart, &font, size).unwrap();
        assert_eq!(png_size(&png), size);
    }
    assert_eq!(
        chart.runs(),
        vec![
            (1954, 1960),
            (1964, 1964),
            (1975, 1975),
            (1978, 1988),
            (1992, 1995),
            (1997, 2019),
            (2021, 2025)
        ]
    );
}

/// (min x, max x) of every `<polygon>` filled with `color`.
fn polygon_spans(doc: &roxmltree::Document<'_>, color: &str) -> Vec<(i32, i32)> {
    let xs = |n: roxmltree::Node<'_, '_>| -> Vec<i32> {
        let raw = n.attribute("points").unwrap_or("");
        let x = |p: &str| p.split_once(',').map(|(x, _)| x.parse::<i32>().unwrap());
        raw.split_whitespace().filter_map(x).collect()
    };
    doc.descendants()
        .filter(|n| n.has_tag_name("polygon") && n.attribute("fill") == Some(color))
        .map(xs)
        .map(|xs| {
            (
                xs.iter().copied().min().unwrap(),
                xs.iter().copied().max().unwrap(),
            )
        })
        .collect()
}

#[test]
fn stacked_area_breaks_at_years_without_points() {
    let points = vec![(2018, 40.0), (2019, 50.0), (2021, 45.0)];
    let chart = StackedArea {
        title: "缺口测试".into(),
        x_label: "年份".into(),
        y_label: "占比 (%)".into(),
        x_range: (2015, 2025),
        marked_x: vec![2018, 2019, 2021],
        series: vec![
            AreaSeries {
                label: "民生".into(),
                points: points.clone(),
            },
            AreaSeries {
                label: "改革".into(),
                points: points.iter().map(|(y, v)| (*y, 100.0 - v)).collect(),
            },
        ],
        ..StackedArea::default()
    };
    assert_eq!(chart.runs(), vec![(2018, 2019), (2021, 2021)]);
    let svg = chart_svg(&chart, &ChartFont::embedded(), (1600, 900)).unwrap();
    let doc = parse(&svg);
    let year_x = |y: i32| num(texts_named(&doc, &y.to_string()).next().unwrap(), "x") as i32;
    let (x2018, x2019, x2021) = (year_x(2018), year_x(2019), year_x(2021));
    for color in [colormap::area_color(0), colormap::area_color(1)] {
        let spans = polygon_spans(&doc, &hex(color));
        assert_eq!(spans.len(), 2, "one polygon per run: {spans:?}");
        assert!(spans.contains(&(x2018, x2019)), "2018–2019: {spans:?}");
        for (a, b) in &spans {
            assert!(!(*a <= x2019 && *b >= x2021), "{a}→{b} bridges 2020");
        }
        // The lone year is a bar about 0.6 year wide, centred on it.
        let lone = spans.iter().find(|s| s.0 > x2019).unwrap();
        let year_w = f64::from(x2021 - x2019) / 2.0;
        let w = f64::from(lone.1 - lone.0);
        assert!((w / year_w - 0.6).abs() < 0.05, "{lone:?}");
        assert!((lone.0 + lone.1) / 2 - x2021 <= 1);
    }
}

#[test]
fn new_charts_escape_user_text() {
    let font = ChartFont::embedded();
    let nasty = "R&D <\"x\"> 'y'";
    let mut panels = sample_panels(2);
    panels.panels[0].title = nasty.into();
    panels.panels[1].bars[0].0 = nasty.into();
    let mut div = sample_diverging();
    div.left_label = nasty.into();
    div.right[0].0 = nasty.into();
    let mut area = sample_area(2);
    area.series[0].label = nasty.into();
    area.title = format!("{nasty}\u{1}");
    let svgs = [
        chart_svg(&panels, &font, (1600, 900)).unwrap(),
        chart_svg(&div, &font, (1600, 900)).unwrap(),
        chart_svg(&area, &font, (1600, 900)).unwrap(),
    ];
    for svg in &svgs {
        let texts = xml_texts(&parse(svg));
        assert!(texts.iter().any(|t| t == nasty), "{texts:?}");
    }
}

#[test]
fn new_charts_reject_bad_input() {
    let font = ChartFont::embedded();
    let invalid = |r: Result<String, ChartError>| matches!(r, Err(ChartError::InvalidData(_)));
    let mut panels = sample_panels(3);
    panels.panels[1].bars[2].1 = -0.5;
    assert!(invalid(chart_svg(&panels, &font, (1600, 900))));
    panels.panels[1].bars[2].1 = f64::NAN;
    assert!(invalid(chart_svg(&panels, &font, (1600, 900))));
    assert!(invalid(chart_svg(
        &PanelBars::default(),
        &font,
        (1600, 900)
    )));
    let mut div = sample_diverging();
    div.right[0].1 = f64::INFINITY;
    assert!(invalid(chart_svg(&div, &font, (1600, 900))));
    assert!(invalid(chart_svg(
        &DivergingBars::default(),
        &font,
        (1600, 900)
    )));
    let mut area = sample_area(2);
    area.series[1].points.push((2000, -1.0));
    assert!(invalid(chart_svg(&area, &font, (1600, 900))));
    let mut area = sample_area(2);
    area.series[0].points.push((2000, 3.0));
    let err = chart_svg(&area, &font, (1600, 900))
        .err()
        .map(|e| e.to_string());
    assert!(err.is_some_and(|e| e.contains("two points")));
    let mut area = sample_area(2);
    area.x_range = (1800, 1900);
    assert!(invalid(chart_svg(&area, &font, (1600, 900))));
    let tiny = chart_png(&sample_area(2), &font, (100, 50));
    assert!(matches!(tiny, Err(ChartError::TooSmall { .. })));
}

#[test]
fn empty_panel_and_one_sided_chart_still_draw() {
    let font = ChartFont::embedded();
    let mut panels = sample_panels(3);
    panels.panels[1].bars.clear();
    let svg = chart_svg(&panels, &font, (1600, 900)).unwrap();
    assert!(xml_texts(&parse(&svg)).contains(&"无数据".to_owned()));
    assert!(panels.texts().contains(&"无数据".to_owned()));
    let mut div = sample_diverging();
    div.right.clear();
    let svg = chart_svg(&div, &font, (1600, 900)).unwrap();
    assert!(xml_texts(&parse(&svg)).contains(&"2018-2022".to_owned()));
}

#[test]
fn format_sig_keeps_three_significant_digits() {
    let cases = [
        (0.0, "0"),
        (0.012_34, "0.0123"),
        (0.5, "0.5"),
        (1.234, "1.23"),
        (12.34, "12.3"),
        (123.4, "123"),
        (1234.6, "1235"),
    ];
    for (v, want) in cases {
        assert_eq!(format_sig(v), want, "{v}");
    }
    assert_eq!(colormap::area_color(0), style::PALETTE[0]);
    assert_ne!(colormap::area_color(8), colormap::area_color(0));
    assert_eq!(scale::value_ticks_tight(100.0).0, 100.0);
}
