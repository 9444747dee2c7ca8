//! Year charts of many series. A line chart draws at most [`MAX_LINES`] series; with more,
//! lines would overlap into a tangle, so terms become small multiples (one panel each, shared
//! axes) and themes a heatmap (themes × years).

use super::charts::{ChartSettings, RenderedChart, render};
use crate::error::Result;
use crate::textplot::{HeatColumns, Heatmap, LineChart, SmallMultiples};

/// Most series a line chart draws; more become small multiples or a heatmap.
pub const MAX_LINES: usize = 6;

/// Most panels of small multiples drawn from a line chart (the callers keep the largest).
pub const MAX_PANELS: usize = 30;

/// What a line chart of more than [`MAX_LINES`] series becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Many {
    /// One panel per series on shared axes (bands and first appearances kept).
    Panels,
    /// One heatmap row per series, one column per year (bands left to the tables).
    Heatmap,
}

/// Render `chart` as it is with up to [`MAX_LINES`] series, else as `many` says.
pub fn render_lines(chart: LineChart, many: Many, s: &ChartSettings) -> Result<RenderedChart> {
    if chart.series.len() <= MAX_LINES {
        return render(&chart, s);
    }
    match many {
        Many::Panels => {
            let mut panels = SmallMultiples::from(chart);
            // Said, so that a flat panel reads as a small value, not as no data.
            let note = "各面板纵轴相同";
            panels.subtitle = Some(match panels.subtitle.take() {
                Some(t) if !t.contains(note) => format!("{t} · {note}"),
                Some(t) => t,
                None => note.to_string(),
            });
            render(&panels, s)
        }
        Many::Heatmap => render(&heatmap_of(chart), s),
    }
}

/// The heatmap of a line chart's series: one row per series (its label), one column per year
/// of its range, blank where a series has no point; the colour bar titled with the y axis.
pub fn heatmap_of(chart: LineChart) -> Heatmap {
    let range = chart.x_range;
    Heatmap {
        title: chart.title,
        subtitle: chart.subtitle,
        x_label: chart.x_label,
        y_label: String::new(),
        value_label: chart.y_label,
        source_note: chart.source_note,
        rows: chart.series.iter().map(|s| s.label.clone()).collect(),
        cells: (chart.series.iter())
            .map(|s| Heatmap::year_cells(range, &s.points))
            .collect(),
        columns: HeatColumns::Years {
            range,
            marked: chart.marked_x,
        },
        value_max: None,
        missing_label: None,
    }
}
