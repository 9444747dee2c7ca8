//! Snapshot tests: the SHA-256 of the SVG and of the PNG's pixels of every existing chart
//! kind, so that a change to the shared drawing code that alters a chart is seen. A deliberate change
//! of look updates the hashes here (the failure message prints the new ones).

use super::tests::{sample_bar, sample_line};
use super::tests_more::{sample_area, sample_diverging, sample_panels};
use super::*;

/// A line chart with 17 series (dashes and every marker shape), bands, whiskers and rings.
fn busy_line() -> LineChart {
    let mut chart = sample_line();
    chart.series = (0..17)
        .map(|i| {
            let points: Vec<(i32, f64)> = (chart.marked_x.iter())
                .filter(|y| **y >= 1975 + i)
                .map(|y| (*y, f64::from((y * 7 + i * 13) % 40) + 1.0))
                .collect();
            let band = points.iter().map(|p| (p.0, p.1 * 0.7, p.1 * 1.4)).collect();
            LineSeries {
                years: None,
                label: format!("系列{i}"),
                points,
                first_x: Some(1975 + i),
                band,
            }
        })
        .collect();
    chart
}

fn digest(bytes: &[u8]) -> String {
    crate::report::sha256_hex(bytes)[..16].to_owned()
}

/// The digest of a PNG's pixels (decoded, with its size and colour type):
/// how the PNG is compressed is not its look.
fn pixel_digest(png_bytes: &[u8]) -> String {
    let mut reader = png::Decoder::new(std::io::Cursor::new(png_bytes))
        .read_info()
        .unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let mut all = format!("{}x{} {:?}\n", info.width, info.height, info.color_type).into_bytes();
    all.extend_from_slice(&buf[..info.buffer_size()]);
    digest(&all)
}

/// `(name, svg hash, png hash)` of every sample.
fn hashes() -> Vec<(&'static str, String, String)> {
    let font = ChartFont::embedded();
    let size = (1600, 900);
    let mut out = Vec::new();
    let mut push = |name, svg: String, png: Vec<u8>| {
        out.push((name, digest(svg.as_bytes()), pixel_digest(&png)));
    };
    let line = sample_line();
    push(
        "line",
        chart_svg(&line, &font, size).unwrap(),
        chart_png(&line, &font, size).unwrap(),
    );
    let busy = busy_line();
    push(
        "line_busy",
        chart_svg(&busy, &font, size).unwrap(),
        chart_png(&busy, &font, (1200, 700)).unwrap(),
    );
    for (name, n) in [("bar_1", 1), ("bar_3", 3)] {
        let bar = sample_bar(n);
        push(
            name,
            chart_svg(&bar, &font, size).unwrap(),
            chart_png(&bar, &font, size).unwrap(),
        );
    }
    let panels = sample_panels(12);
    push(
        "panels",
        chart_svg(&panels, &font, size).unwrap(),
        chart_png(&panels, &font, size).unwrap(),
    );
    let div = sample_diverging();
    push(
        "diverging",
        chart_svg(&div, &font, size).unwrap(),
        chart_png(&div, &font, size).unwrap(),
    );
    for (name, n) in [("area_6", 6), ("area_17", 17)] {
        let area = sample_area(n);
        push(
            name,
            chart_svg(&area, &font, size).unwrap(),
            chart_png(&area, &font, size).unwrap(),
        );
    }
    out
}

const EXPECTED: &[(&str, &str, &str)] = &[
    ("line", "e57a474d7db94087", "452b8b15c9fa6973"),
    ("line_busy", "1a3237bd0c14f271", "0eed728a6ea200ab"),
    ("bar_1", "28064c537cdf1fe1", "8a0611d05f4e4b84"),
    ("bar_3", "5a0df9d7a17c03bf", "d989ba02015f92ad"),
    ("panels", "2829f8370d04c8f9", "f0b78be6ea37eae2"),
    ("diverging", "ae71fce5716c2e99", "e1ff5fc9d6bec594"),
    ("area_6", "61d2908472567919", "27b0560fdc1dc9fa"),
    ("area_17", "012117bbeae3f227", "6f67e0e7db3c5b90"),
];

#[test]
fn existing_charts_keep_their_bytes() {
    let got = hashes();
    let printed: Vec<String> = got
        .iter()
        .map(|(n, s, p)| format!("    ({n:?}, {s:?}, {p:?}),"))
        .collect();
    let expected: Vec<(String, String, String)> = EXPECTED
        .iter()
        .map(|(n, s, p)| ((*n).to_owned(), (*s).to_owned(), (*p).to_owned()))
        .collect();
    let got: Vec<(String, String, String)> = got
        .into_iter()
        .map(|(n, s, p)| (n.to_owned(), s, p))
        .collect();
    assert_eq!(got, expected, "new hashes:\n{}", printed.join("\n"));
}
