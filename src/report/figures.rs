//! Charts of the comparative analyses: keyword panels per year, keyness as
//! diverging bars, emerging/fading terms as small multiples, collocates as bars.

use super::charts::{ChartSettings, RenderedChart, render, source_note};
use crate::corpus::Corpus;
use crate::error::Result;
use crate::textplot::{
    BarChart, BarSeries, BumpChart, BumpSeries, DivergingBars, LinePanel, LineSeries, Panel,
    PanelBars, SmallMultiples,
};
use crate::textstat::collocates::Collocate;
use crate::textstat::compare::{Correction, KeynessRow};
use crate::textstat::emerging::{List, TermSeries};
use crate::textstat::keywords::KeywordRow;
use crate::textstat::stats::Direction;

/// Small multiples: one panel per year with its top keywords (one method);
/// `which` says which words TF-IDF ranked (in the subtitle).
pub fn keyword_panels(
    rows: &[KeywordRow],
    method: &str,
    per_panel: usize,
    which: &str,
    corpus: &Corpus,
    s: &ChartSettings,
) -> Result<RenderedChart> {
    let mut panels: Vec<Panel> = Vec::new();
    for r in rows.iter().filter(|r| r.method == method) {
        if panels.last().is_none_or(|p| p.title != r.year.to_string()) {
            panels.push(Panel {
                title: r.year.to_string(),
                bars: vec![],
            });
        }
        if let Some(p) = panels.last_mut()
            && p.bars.len() < per_panel
        {
            p.bars.push((r.term.clone(), r.score));
        }
    }
    let what = if method == "tfidf" {
        "TF-IDF (IDF 取自本语料, 一份报告为一个文档)"
    } else {
        "TextRank 权重"
    };
    let chart = PanelBars {
        title: s
            .title
            .clone()
            .unwrap_or_else(|| "各年份政府工作报告关键词".into()),
        subtitle: Some(if method == "tfidf" && !which.is_empty() {
            format!("{what} · {which} · 每年前 {per_panel} 个")
        } else {
            format!("{what} · 每年前 {per_panel} 个")
        }),
        value_label: what.into(),
        source_note: source_note(corpus, false),
        panels,
    };
    render(&chart, s)
}

/// Years of the bump chart at most: the latest ones.
pub const RANK_YEARS: usize = 15;

/// Bump chart of the keywords' ranks (one method): each of the latest [`RANK_YEARS`] years'
/// top `top` terms, one line per term through the years it is ranked. `None` with fewer than
/// two years.
pub fn keyword_ranks(
    rows: &[KeywordRow],
    method: &str,
    top: usize,
    corpus: &Corpus,
    s: &ChartSettings,
) -> Result<Option<RenderedChart>> {
    let mut years: Vec<i32> = rows
        .iter()
        .filter(|r| r.method == method)
        .map(|r| r.year)
        .collect();
    years.sort_unstable();
    years.dedup();
    let kept = &years[years.len().saturating_sub(RANK_YEARS)..];
    let (Some(&first), Some(&last)) = (kept.first(), kept.last()) else {
        return Ok(None);
    };
    if first == last {
        return Ok(None);
    }
    let mut series: Vec<BumpSeries> = Vec::new();
    let ranked = rows
        .iter()
        .filter(|r| r.method == method && r.year >= first);
    for r in ranked.filter(|r| r.rank as usize <= top) {
        let at = match series.iter().position(|x| x.label == r.term) {
            Some(i) => i,
            None => {
                series.push(BumpSeries {
                    label: r.term.clone(),
                    ranks: vec![],
                });
                series.len() - 1
            }
        };
        series[at].ranks.push((r.year, r.rank));
    }
    let what = if method == "tfidf" {
        "TF-IDF"
    } else {
        "TextRank"
    };
    let marked: Vec<i32> = corpus.years().into_iter().filter(|y| *y >= first).collect();
    let shown = if kept.len() < years.len() {
        format!(" · 最近 {} 个年份", kept.len())
    } else {
        String::new()
    };
    let chart = BumpChart {
        title: s.title.clone().unwrap_or_else(|| "关键词排名的变化".into()),
        subtitle: Some(format!(
            "{what} 每年前 {top} 名{shown} · 线条连接相邻年份的排名"
        )),
        x_label: "年份".into(),
        y_label: "排名".into(),
        source_note: source_note(corpus, true),
        x_range: (first, last),
        marked_x: marked,
        top: top as u32,
        series,
    };
    render(&chart, s).map(Some)
}

/// Diverging bars of the strongest significant terms of each side (G²).
pub fn keyness_bars(
    rows: &[KeynessRow],
    labels: (&str, &str),
    docs: (usize, usize),
    top: usize,
    correction: Correction,
    corpus: &Corpus,
    s: &ChartSettings,
) -> Result<RenderedChart> {
    let significance = match correction {
        Correction::Bh => "仅显示 Benjamini-Hochberg 校正后显著的词",
        Correction::Bonferroni => "仅显示 Bonferroni 校正后显著的词",
        Correction::None => "仅显示显著的词 (未作多重比较校正)",
    };
    let side = |d: Direction| -> Vec<(String, f64)> {
        rows.iter()
            .filter(|r| r.significant && r.k.direction == d)
            .take(top)
            .map(|r| (r.term.clone(), r.k.log_likelihood))
            .collect()
    };
    let chart = DivergingBars {
        title: s
            .title
            .clone()
            .unwrap_or_else(|| format!("关键性比较: {} 对 {}", labels.0, labels.1)),
        subtitle: Some(format!(
            "对数似然比 G² · {significance} · A 组 {} 份报告, B 组 {} 份报告",
            docs.0, docs.1
        )),
        value_label: "G² (log-likelihood)".into(),
        // The corpus as loaded; the compared reports are those of A and B.
        source_note: format!(
            "{} · 比较其中 {} 份报告",
            source_note(corpus, false),
            docs.0 + docs.1
        ),
        left_label: format!("A: {}", labels.0),
        right_label: format!("B: {}", labels.1),
        left: side(Direction::A),
        right: side(Direction::B),
    };
    render(&chart, s)
}

/// Small multiples of the top risers and fallers, per 10k tokens: one panel per term on
/// shared axes, risers in the first colour, fallers in the second.
pub fn emerging_panels(
    terms: &[TermSeries],
    lists: &[(List, usize, usize)],
    per_list: usize,
    corpus: &Corpus,
    s: &ChartSettings,
) -> Result<RenderedChart> {
    let years = corpus.years();
    let start = years.first().copied().unwrap_or(0);
    let pick = |l: List| lists.iter().filter(move |x| x.0 == l).take(per_list);
    let panels: Vec<LinePanel> = pick(List::Riser)
        .chain(pick(List::Faller))
        .map(|&(l, _, i)| {
            let (style, word) = if l == List::Riser {
                (0, "上升")
            } else {
                (1, "下降")
            };
            let series = LineSeries {
                label: terms[i].term.clone(),
                points: terms[i].series.clone(),
                first_x: Some(terms[i].first_year).filter(|&y| y > start),
                band: vec![],
                years: None,
            };
            LinePanel {
                title: format!("{} ({word})", series.legend_label()),
                lines: vec![(style, series)],
                marked_x: None,
            }
        })
        .collect();
    let chart = SmallMultiples {
        title: s
            .title
            .clone()
            .unwrap_or_else(|| "上升最快与下降最快的词".into()),
        subtitle: Some({
            let mut t = "Mann-Kendall 检验 p < 0.05, 按 |Z| 排序 · 每万词出现次数 · 各面板坐标相同"
                .to_string();
            if let Some(note) = super::charts::first_seen_note(corpus) {
                t.push_str(" · ");
                t.push_str(&note);
            }
            t
        }),
        x_label: "年份".into(),
        y_label: "每万词出现次数 (per 10k tokens)".into(),
        source_note: source_note(corpus, true),
        x_range: (start, years.last().copied().unwrap_or(0)),
        marked_x: years,
        panels,
        keys: vec!["上升".into(), "下降".into()],
    };
    render(&chart, s)
}

/// Bars of the strongest collocates (overall), by logDice.
pub fn collocate_bars(
    rows: &[Collocate],
    node: &str,
    top: usize,
    corpus: &Corpus,
    s: &ChartSettings,
) -> Result<RenderedChart> {
    let best: Vec<&Collocate> = rows.iter().filter(|r| r.year.is_none()).take(top).collect();
    let chart = BarChart {
        title: s
            .title
            .clone()
            .unwrap_or_else(|| format!("“{node}”的搭配词")),
        subtitle: Some("logDice (Rychly 2008), 按强度排序".into()),
        value_label: "logDice".into(),
        source_note: source_note(corpus, false),
        categories: best.iter().map(|r| r.word.clone()).collect(),
        series: vec![BarSeries {
            label: "logDice".into(),
            values: best.iter().map(|r| Some(r.log_dice.max(0.0))).collect(),
        }],
    };
    render(&chart, s)
}
