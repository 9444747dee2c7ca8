//! Tests of the heatmap, bump chart and small multiples: labels as `<text>`, blank gap
//! columns, cell values, colour scale, ranks, shared axes, sizes, errors. With
//! `ANALYZE_CHART_DUMP=DIR` the samples are also written there as PNG, to be looked at.

use super::tests::{national_years, png_size};
use super::tests_more::hex;
use super::tests_svg::{parse, xml_texts};
use super::*;

const THEMES: [&str; 14] = [
    "数字化",
    "绿色低碳",
    "科技创新",
    "乡村振兴与三农",
    "对外开放",
    "民生保障",
    "改革",
    "安全与风险",
    "金融与治理",
    "区域协调",
    "产业发展",
    "宏观调控",
    "发展理念与战略",
    "文化与社会",
];

/// Writes `png` to `$ANALYZE_CHART_DUMP/name.png` when that variable is set.
pub(super) fn dump(name: &str, png: &[u8]) {
    if let Some(dir) = std::env::var_os("ANALYZE_CHART_DUMP") {
        let dir = std::path::PathBuf::from(dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
    }
}

/// 14 themes over the national years (1954–2025): a value in every year with a report.
pub(super) fn sample_year_heatmap() -> Heatmap {
    let years = national_years();
    let value = |y: i32, i: usize| (f64::from(y - 1950) * 0.9 + i as f64 * 7.0) % 110.0;
    Heatmap {
        title: "政府工作报告主题热力图".into(),
        subtitle: Some("每万词出现次数 · 主题内各词频次之和".into()),
        x_label: "年份".into(),
        y_label: String::new(),
        value_label: "每万词出现次数".into(),
        source_note: "数据来源: 国务院政府工作报告 1954–2025".into(),
        columns: HeatColumns::Years {
            range: (1954, 2025),
            marked: years.clone(),
        },
        rows: THEMES.iter().map(|t| (*t).to_owned()).collect(),
        cells: (0..THEMES.len())
            .map(|i| {
                let pts: Vec<(i32, f64)> = years.iter().map(|y| (*y, value(*y, i))).collect();
                Heatmap::year_cells((1954, 2025), &pts)
            })
            .collect(),
        value_max: None,
        missing_label: None,
    }
}

/// A symmetric `n × n` matrix of documents labelled by year, 1 on the diagonal.
fn sample_matrix(n: usize) -> Heatmap {
    let labels: Vec<String> = national_years()
        .iter()
        .cycle()
        .take(n)
        .map(|y| y.to_string())
        .collect();
    let sim = |a: usize, b: usize| {
        if a == b {
            1.0
        } else {
            0.6 / (1.0 + (a as f64 - b as f64).abs() * 0.2)
        }
    };
    Heatmap {
        title: "报告之间的相似度".into(),
        subtitle: Some("余弦相似度 (TF-IDF)".into()),
        x_label: "报告".into(),
        y_label: "报告".into(),
        value_label: "余弦相似度".into(),
        source_note: "数据来源: 国务院政府工作报告".into(),
        columns: HeatColumns::Labels(labels.clone()),
        rows: labels,
        cells: (0..n)
            .map(|a| (0..n).map(|b| Some(sim(a, b))).collect())
            .collect(),
        value_max: Some(0.6),
        missing_label: None,
    }
}

#[test]
fn year_heatmap_leaves_years_without_reports_blank_and_keys_them() {
    let chart = sample_year_heatmap();
    let font = ChartFont::embedded();
    let svg = chart_svg(&chart, &font, (1600, 900)).unwrap();
    let png = chart_png(&chart, &font, (1600, 900)).unwrap();
    dump("heatmap_years", &png);
    assert_eq!(png_size(&png), (1600, 900));
    let doc = parse(&svg);
    let texts = xml_texts(&doc);
    for t in THEMES
        .iter()
        .chain(&["无报告的年份", "有报告的年份", "每万词出现次数"])
    {
        assert!(texts.iter().any(|x| x == t), "no <text> {t}");
    }
    for t in &texts {
        assert!(
            chart.texts().contains(t) || t.is_empty(),
            "texts() lacks {t:?}"
        );
    }
}

#[test]
fn document_matrix_grows_turns_column_labels_upright_and_omits_values_that_do_not_fit() {
    let chart = sample_matrix(52);
    let font = ChartFont::embedded();
    let height = heatmap_height(&chart, (1600, 900));
    assert!((1100..1600).contains(&height), "height {height}");
    let png = chart_png(&chart, &font, (1600, 900)).unwrap();
    dump("heatmap_matrix52", &png);
    assert_eq!(png_size(&png), (1600, height));
    let svg = chart_svg(&chart, &font, (1600, 900)).unwrap();
    let doc = parse(&svg);
    // Upright column labels are rotated <text> elements.
    let rotated = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter(|n| {
            n.attribute("transform")
                .is_some_and(|t| t.contains("rotate"))
        })
        .count();
    assert!(rotated >= 20, "{rotated} upright labels");
    // 52 × 52 cells of ~20 px: "0.43" does not fit, so no value is written; the only
    // numbers are the colour bar's 7 ticks 0.0–0.6.
    let numbers = xml_texts(&doc).into_iter().filter(|t| t.starts_with("0."));
    assert_eq!(numbers.count(), 7);
    // 833 documents: thin rows, the image at most three times as high.
    assert_eq!(heatmap_height(&sample_matrix(833), (1600, 900)), 2700);
}

#[test]
fn small_heatmap_writes_every_value_in_a_readable_colour() {
    let mut chart = sample_matrix(5);
    chart.cells[1][3] = None;
    let font = ChartFont::embedded();
    let png = chart_png(&chart, &font, (1600, 900)).unwrap();
    dump("heatmap_matrix5", &png);
    let svg = chart_svg(&chart, &font, (1600, 900)).unwrap();
    let texts = xml_texts(&parse(&svg));
    // sim(0, 1) = 0.6 / 1.2 = 0.5; the diagonal's 1 is above the scale (0–0.6) and clamped.
    assert!(texts.contains(&"0.5".to_owned()), "{texts:?}");
    assert_eq!(texts.iter().filter(|t| *t == "1").count(), 5);
    assert!(texts.contains(&"无数据".to_owned()), "blank cell keyed");
    // Dark cells get white text, light (yellow) cells dark text.
    let scale = super::colormap::Sequential { lo: 0.0, hi: 0.6 };
    assert_eq!(
        super::colormap::text_on(scale.color(0.0)),
        plotters::style::RGBColor(255, 255, 255)
    );
    assert_eq!(
        super::colormap::text_on(scale.color(0.6)),
        super::style::TEXT
    );
}

#[test]
fn viridis_ends_and_middle_match_matplotlib() {
    // matplotlib 3.10: viridis(0) = #440154, viridis(0.5) = #21918c, viridis(1) = #fde725.
    let scale = super::colormap::Sequential { lo: 10.0, hi: 20.0 };
    use plotters::style::RGBColor;
    assert_eq!(scale.color(10.0), RGBColor(0x44, 0x01, 0x54));
    assert_eq!(scale.color(15.0), RGBColor(0x21, 0x91, 0x8C));
    assert_eq!(scale.color(20.0), RGBColor(0xFD, 0xE7, 0x25));
    assert_eq!(scale.color(99.0), RGBColor(0xFD, 0xE7, 0x25), "clamped");
}

#[test]
fn heatmap_rejects_bad_cells() {
    let font = ChartFont::embedded();
    let mut chart = sample_matrix(3);
    chart.cells[0].pop();
    assert!(matches!(
        chart_svg(&chart, &font, (1600, 900)),
        Err(ChartError::InvalidData(_))
    ));
    let mut chart = sample_matrix(3);
    chart.cells[2][2] = Some(-0.1);
    assert!(matches!(
        chart_png(&chart, &font, (1600, 900)),
        Err(ChartError::InvalidData(_))
    ));
    chart.rows.clear();
    chart.cells.clear();
    assert!(matches!(
        chart_png(&chart, &font, (1600, 900)),
        Err(ChartError::InvalidData(_))
    ));
}

/// `n` panels of one series each over the national years, with bands; the first half styled
/// 0 (上升), the rest 1 (下降).
pub(super) fn sample_multiples(n: usize) -> SmallMultiples {
    let years = national_years();
    let panels = (0..n)
        .map(|i| {
            let rising = i < n / 2;
            let points: Vec<(i32, f64)> = (years.iter())
                .filter(|y| **y >= 1954 + i as i32)
                .map(|y| {
                    let t = f64::from(y - 1954) / 71.0;
                    (
                        *y,
                        30.0 * if rising { t } else { 1.0 - t } + (i as f64).sin().abs() * 5.0,
                    )
                })
                .collect();
            let band = points
                .iter()
                .map(|p| (p.0, p.1 * 0.8, p.1 * 1.25))
                .collect();
            LinePanel {
                marked_x: None,
                title: format!(
                    "{} ({})",
                    THEMES[i % THEMES.len()],
                    if rising { "上升" } else { "下降" }
                ),
                lines: vec![(
                    usize::from(!rising),
                    LineSeries {
                        years: None,
                        label: THEMES[i % THEMES.len()].into(),
                        first_x: Some(1954 + i as i32).filter(|y| *y > 1954),
                        points,
                        band,
                    },
                )],
            }
        })
        .collect();
    SmallMultiples {
        title: "上升最快与下降最快的词".into(),
        subtitle: Some("每万词出现次数 · 各面板刻度相同".into()),
        x_label: "年份".into(),
        y_label: "每万词出现次数".into(),
        source_note: "数据来源: 国务院政府工作报告 1954–2025".into(),
        x_range: (1954, 2025),
        marked_x: years,
        panels,
        keys: vec!["上升".into(), "下降".into()],
    }
}

#[test]
fn small_multiples_share_axes_and_keep_gaps() {
    let chart = sample_multiples(8);
    let font = ChartFont::embedded();
    let png = chart_png(&chart, &font, (1600, 900)).unwrap();
    dump("multiples8", &png);
    assert_eq!(png_size(&png), (1600, 900));
    let svg = chart_svg(&chart, &font, (1600, 900)).unwrap();
    let doc = parse(&svg);
    let texts = xml_texts(&doc);
    for p in &chart.panels {
        assert!(texts.contains(&p.title), "no panel title {}", p.title);
    }
    for key in ["上升", "下降", "首次出现", "有报告的年份", "无报告的年份"] {
        assert!(texts.iter().any(|t| t == key), "no key {key}");
    }
    // Shared value scale: its labels only left of the first column (2 rows of 4 panels).
    let top_label = chart.value_labels().last().unwrap().1.clone();
    assert_eq!(texts.iter().filter(|t| **t == top_label).count(), 2);
    // Year labels only under the lowest row: 4 panels × the same labelled years.
    let n2000 = texts.iter().filter(|t| *t == "2000").count();
    assert_eq!(n2000, 4, "2000 under each of the 4 lowest panels");
    for t in &texts {
        assert!(
            chart.texts().contains(t) || t.is_empty(),
            "texts() lacks {t:?}"
        );
    }
}

/// A panel with its own report years (a region's) bands the years the chart has but it
/// lacks: one more gap band than with the chart's years, and fewer report-year dots.
#[test]
fn a_panel_with_its_own_years_bands_the_others() {
    let font = ChartFont::embedded();
    let chart = sample_multiples(2);
    let own: Vec<i32> = (chart.marked_x.iter().copied())
        .filter(|y| !(2005..=2009).contains(y))
        .collect();
    let mut regional = chart.clone();
    regional.panels[1].marked_x = Some(own);
    let band = hex(style::GAP_BAND);
    let count = |c: &SmallMultiples| {
        let svg = chart_svg(c, &font, (1600, 900)).unwrap();
        svg.to_uppercase().matches(&band).count()
    };
    let png = chart_png(&regional, &font, (1600, 900)).unwrap();
    dump("multiples_own_years", &png);
    assert_eq!(count(&regional), count(&chart) + 1);
}

/// A band cut at the top of the plot is marked, and the legend says what the mark means;
/// without a cut band there is neither.
#[test]
fn cut_bands_are_marked_and_keyed() {
    let font = ChartFont::embedded();
    let chart = |high: f64| LineChart {
        title: "t".into(),
        x_range: (2000, 2003),
        marked_x: vec![2000, 2001, 2002, 2003],
        series: vec![LineSeries {
            label: "数字经济".into(),
            points: vec![(2000, 1.0), (2001, 2.0), (2002, 1.5), (2003, 2.0)],
            band: vec![(2000, 0.5, high), (2001, 1.5, 2.5)],
            ..LineSeries::default()
        }],
        ..LineChart::default()
    };
    let keyed = |c: &LineChart| {
        let svg = chart_svg(c, &font, (1600, 900)).unwrap();
        xml_texts(&parse(&svg)).iter().any(|t| t == "区间超出纵轴")
    };
    assert!(keyed(&chart(40.0)));
    assert!(!keyed(&chart(2.5)));
    assert!(chart(40.0).texts().iter().any(|t| t == "区间超出纵轴"));
}

#[test]
fn many_small_multiples_grow_the_image() {
    let chart = sample_multiples(42);
    let height = small_multiples_height(&chart, (1600, 900));
    assert!((1200..2000).contains(&height), "{height}");
    let png = chart_png(&chart, &ChartFont::embedded(), (1600, 900)).unwrap();
    dump("multiples42", &png);
    assert_eq!(png_size(&png), (1600, height));
    assert_eq!(
        small_multiples_height(&sample_multiples(14), (1600, 900)),
        900
    );
    let empty = SmallMultiples::default();
    assert!(matches!(
        chart_svg(&empty, &ChartFont::embedded(), (1600, 900)),
        Err(ChartError::InvalidData(_))
    ));
}

/// Top 5 of 12 years (2014–2025, no report in 2020); terms enter and leave.
fn sample_bump() -> BumpChart {
    let terms = [
        "高质量发展",
        "新质生产力",
        "数字经济",
        "乡村振兴",
        "稳就业",
        "共同富裕",
        "碳达峰碳中和",
        "营商环境",
    ];
    let years: Vec<i32> = (2014..=2025).filter(|y| *y != 2020).collect();
    let series = terms
        .iter()
        .enumerate()
        .map(|(i, t)| BumpSeries {
            label: (*t).into(),
            ranks: years
                .iter()
                .filter_map(|y| {
                    let r = (i as i32 * 3 + y * 5) % 8 + 1;
                    (r <= 5).then_some((*y, r as u32))
                })
                .collect(),
        })
        .collect();
    BumpChart {
        title: "TF-IDF 关键词排名".into(),
        subtitle: Some("每年前 5 名".into()),
        x_label: "年份".into(),
        y_label: "排名".into(),
        source_note: "数据来源: 国务院政府工作报告 2014–2025".into(),
        x_range: (2014, 2025),
        marked_x: years,
        top: 5,
        series,
    }
}

#[test]
fn bump_chart_ranks_top_down_and_breaks_at_gaps() {
    let chart = sample_bump();
    // 2019 and 2021 are not consecutive: no run crosses 2020.
    for s in &chart.series {
        for run in s.runs((2014, 2025), 5) {
            assert!(run.windows(2).all(|w| w[0].0 + 1 == w[1].0), "{run:?}");
            assert!(!run.iter().any(|p| p.0 == 2020));
        }
    }
    let font = ChartFont::embedded();
    let png = chart_png(&chart, &font, (1600, 900)).unwrap();
    dump("bump", &png);
    assert_eq!(png_size(&png), (1600, 900));
    let svg = chart_svg(&chart, &font, (1600, 900)).unwrap();
    let doc = parse(&svg);
    let texts = xml_texts(&doc);
    for r in 1..=5 {
        assert!(texts.contains(&r.to_string()));
    }
    // Rank 1 is drawn above rank 5.
    let y_of = |label: &str| {
        doc.descendants()
            .find(|n| n.has_tag_name("text") && n.text().is_some_and(|t| t.trim() == label))
            .and_then(|n| n.attribute("y"))
            .and_then(|y| y.parse::<f64>().ok())
            .unwrap()
    };
    assert!(y_of("1") < y_of("5"));
    for t in &texts {
        assert!(
            chart.texts().contains(t) || t.is_empty(),
            "texts() lacks {t:?}"
        );
    }
    let empty = BumpChart {
        top: 5,
        ..BumpChart::default()
    };
    assert!(matches!(
        chart_svg(&empty, &font, (1600, 900)),
        Err(ChartError::InvalidData(_))
    ));
}

/// A dot plot draws a row per category; values that are bounds are drawn hollow (a white
/// hole in the marker) and keyed, and without any the key is left out.
#[test]
fn dot_plot_marks_bounds_hollow_and_keys_them() {
    let font = ChartFont::embedded();
    let plot = |open: Vec<bool>| DotPlot {
        title: "各地区首次使用比全国晚几年".into(),
        value_label: "滞后年数".into(),
        categories: vec!["吉林省".into(), "广东省".into(), "江苏省".into()],
        series: vec![DotSeries {
            label: "数字经济".into(),
            values: vec![Some(2.0), Some(-1.0), None],
            open,
        }],
        reference: Some((0.0, "全国首次使用".into())),
        open_label: Some("空心: 首份报告已使用".into()),
        ..DotPlot::default()
    };
    let texts = |p: &DotPlot| xml_texts(&parse(&chart_svg(p, &font, (1600, 900)).unwrap()));
    let hollow = plot(vec![true, false, false]);
    let t = texts(&hollow);
    for want in [
        "吉林省",
        "广东省",
        "江苏省",
        "空心: 首份报告已使用",
        "全国首次使用",
    ] {
        assert!(t.iter().any(|x| x == want), "{want}: {t:?}");
    }
    assert!(!texts(&plot(vec![])).iter().any(|x| x.starts_with("空心")));
    // The hole: more white shapes than without it.
    let white = |p: &DotPlot| {
        let svg = chart_svg(p, &font, (1600, 900)).unwrap().to_uppercase();
        svg.matches("#FFFFFF").count()
    };
    assert!(white(&hollow) > white(&plot(vec![false, false, false])));
    let png = chart_png(&hollow, &font, (1600, 900)).unwrap();
    dump("dots_hollow", &png);
}

/// Two categories do not make two slabs: a bar is at most 48 px thick at 1600×900.
#[test]
fn few_bars_stay_bars() {
    let chart = BarChart {
        title: "“新质生产力”的搭配词".into(),
        value_label: "logDice".into(),
        categories: vec!["建设".into(), "发展".into()],
        series: vec![BarSeries {
            label: "logDice".into(),
            values: vec![Some(4.75), Some(4.2)],
        }],
        ..BarChart::default()
    };
    let svg = chart_svg(&chart, &ChartFont::embedded(), (1600, 900)).unwrap();
    let fill = format!("fill=\"{}\"", hex(style::PALETTE[0]));
    let heights: Vec<f64> = (svg.split("<rect").skip(1))
        .filter(|r| r.to_uppercase().contains(&fill.to_uppercase()))
        .filter_map(|r| {
            let h = r.split("height=\"").nth(1)?.split('"').next()?;
            h.parse().ok()
        })
        .collect();
    // Two bars and the legend swatch.
    assert!(heights.len() >= 2, "{heights:?}");
    assert!(heights.iter().all(|h| *h <= 48.0), "{heights:?}");
}
