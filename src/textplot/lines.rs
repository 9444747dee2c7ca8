//! Trend line chart: one line per term over the years, broken wherever a year is missing.

use plotters::prelude::DrawingBackend;

use super::ChartError;
use super::axes::{self, Years};
use super::canvas::Canvas;
use super::legend::{self, Entry, Swatch};
use super::marks::draw_lines;
use super::render::{Chart, Plot, chart_chrome};
use super::scale::{ordered, tick_labels_for_lines};
use super::series::{FIRST_SEEN, LineSeries, any_cut, cut_entry, value_max};
use super::style::{SeriesStyle, Texts};

/// A trend chart of terms over years.
#[derive(Clone, Debug, Default)]
pub struct LineChart {
    /// Title, top left.
    pub title: String,
    /// Optional subtitle under the title (grey).
    pub subtitle: Option<String>,
    /// X axis title (e.g. `年份`).
    pub x_label: String,
    /// Y axis title (e.g. `每万词频次`).
    pub y_label: String,
    /// Source note under the plot (small grey text).
    pub source_note: String,
    /// Every integer year in this inclusive range gets a tick; labels every 1/2/5/10… years
    /// depending on the space available.
    pub x_range: (i32, i32),
    /// Years that have data (documents): dots on the x axis; other years get a grey band.
    pub marked_x: Vec<i32>,
    /// The lines.
    pub series: Vec<LineSeries>,
}

impl LineChart {
    fn value_labels(&self) -> Vec<(f64, String)> {
        tick_labels_for_lines(value_max(&self.series, ordered(self.x_range)))
    }

    fn legend_entries(&self) -> Vec<Entry> {
        let mut entries: Vec<Entry> = (self.series.iter().enumerate())
            .map(|(i, s)| Entry {
                swatch: Swatch::Line(SeriesStyle::nth(i)),
                text: s.legend_label(),
            })
            .collect();
        if self.series.iter().any(|s| s.first_x.is_some()) {
            entries.push(Entry {
                swatch: Swatch::Ring,
                text: FIRST_SEEN.to_owned(),
            });
        }
        let top = self.value_labels().last().map_or(1.0, |v| v.0);
        if any_cut(&self.series, ordered(self.x_range), top) {
            entries.push(cut_entry());
        }
        entries.extend(axes::year_keys(&self.marked_x, self.x_range));
        entries
    }

    fn validate(&self) -> Result<(), ChartError> {
        let bad = (self.series.iter())
            .flat_map(|s| {
                s.points
                    .iter()
                    .copied()
                    .chain(s.band.iter().map(|b| (b.0, b.1)))
            })
            .find(|p| p.1 < 0.0);
        match bad {
            Some((year, v)) => Err(ChartError::InvalidData(format!(
                "negative value {v} at {year}"
            ))),
            None => Ok(()),
        }
    }
}

impl Chart for LineChart {
    /// Title, subtitle, axis titles, source note, legend entries, value tick labels and the
    /// label of every year in `x_range` (a superset of the year labels actually drawn, which
    /// depend on the image width).
    fn texts(&self) -> Vec<String> {
        let mut t = Texts::chrome(&self.title, self.subtitle.as_deref(), &self.source_note);
        t.add(&self.x_label).add(&self.y_label);
        t.extend(self.legend_entries().into_iter().map(|e| e.text));
        t.extend(self.value_labels().into_iter().map(|(_, l)| l));
        t.extend(axes::year_labels(self.x_range));
        t.done()
    }

    chart_chrome!();

    /// Draws the plot between the title block and the note.
    fn draw_plot<DB: DrawingBackend>(&self, c: &Canvas<'_, DB>, p: Plot) -> Result<(), ChartError> {
        let (size, top, note_top) = (p.size, p.top, p.note_top);
        let values = self.value_labels();
        let entries = self.legend_entries();
        let years = Years {
            range: ordered(self.x_range),
            marked: &self.marked_x,
        };
        let plot = axes::year_plot(c, size, (top, note_top), years, &values, &entries)?;
        let f = plot.frame;
        axes::gap_bands(c, &f, years)?;
        axes::value_axis(c, &f, &values, &self.y_label)?;
        axes::year_grid(c, &f, years)?;
        axes::year_axis(c, &f, years, &self.x_label, plot.x_title_top)?;
        let lines: Vec<(SeriesStyle, &LineSeries)> = (self.series.iter().enumerate())
            .map(|(i, s)| (SeriesStyle::nth(i), s))
            .collect();
        draw_lines(c, &f, years.range, &lines)?;
        legend::draw(c, &plot.legend, &entries, (f.right + c.sizes.px(20.0), top))
    }
}
