//! The similarity tables: `similarity` (long: one row per pair and measure) and `continuity`
//! (each unit against its predecessor, one row with every measure), and the square matrix of
//! one measure for heatmaps.

use polars::prelude::*;

use super::units::Unit;
use super::{Measure, PairValues, Similarity};
use crate::error::Result;

/// The `similarity` table: `doc_a, doc_b, measure, value, method, year_a, region_a, level_a,
/// year_b, region_b, level_b`. Cosine and Jaccard rows list each pair once (`doc_a` the
/// earlier unit); containment rows list it both ways (`value` = share of `doc_a`'s shingles
/// found in `doc_b`). `doc_*` is the unit's id (document id or group).
pub fn similarity_frame(s: &Similarity) -> Result<DataFrame> {
    let mut rows: Vec<(usize, usize, Measure, f64)> = Vec::with_capacity(s.pairs.len() * 4);
    for p in &s.pairs {
        rows.push((p.a, p.b, Measure::CosineTfidf, p.cosine));
        rows.push((p.a, p.b, Measure::Jaccard, p.jaccard));
        rows.push((p.a, p.b, Measure::Containment, p.contained_ab));
        rows.push((p.b, p.a, Measure::Containment, p.contained_ba));
    }
    let u = &s.units;
    let mut cols = vec![
        Column::new(
            "doc_a".into(),
            rows.iter().map(|r| u[r.0].id.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "doc_b".into(),
            rows.iter().map(|r| u[r.1].id.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "measure".into(),
            rows.iter().map(|r| r.2.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "value".into(),
            rows.iter().map(|r| r.3).collect::<Vec<f64>>(),
        ),
        Column::new("method".into(), vec![s.mode.as_str(); rows.len()]),
    ];
    for (side, pick) in [("a", 0usize), ("b", 1)] {
        let unit = |r: &(usize, usize, Measure, f64)| &u[if pick == 0 { r.0 } else { r.1 }];
        cols.extend(unit_columns(
            side,
            &rows.iter().map(unit).collect::<Vec<_>>(),
        ));
    }
    Ok(DataFrame::new_infer_height(cols)?)
}

/// `year_<side>, region_<side>, level_<side>` of `units`.
fn unit_columns(side: &str, units: &[&Unit]) -> [Column; 3] {
    [
        Column::new(
            format!("year_{side}").into(),
            units.iter().map(|u| u.year).collect::<Vec<_>>(),
        ),
        Column::new(
            format!("region_{side}").into(),
            units
                .iter()
                .map(|u| u.region.as_deref())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            format!("level_{side}").into(),
            units
                .iter()
                .map(|u| u.level.map(|l| l.as_str()))
                .collect::<Vec<_>>(),
        ),
    ]
}

/// The `continuity` table: `doc, prev_doc, region, level, year, prev_year, years_between,
/// cosine_tfidf, jaccard, containment` (share of the unit's shingles found in its
/// predecessor), `method`; by year, then region.
pub fn continuity_frame(s: &Similarity) -> Result<DataFrame> {
    let u = &s.units;
    let rows: &[PairValues] = &s.continuity;
    let year = |i: usize| u[i].year;
    Ok(DataFrame::new_infer_height(vec![
        Column::new(
            "doc".into(),
            rows.iter().map(|p| u[p.a].id.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "prev_doc".into(),
            rows.iter().map(|p| u[p.b].id.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "region".into(),
            rows.iter()
                .map(|p| u[p.a].region.as_deref())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "level".into(),
            rows.iter()
                .map(|p| u[p.a].level.map(|l| l.as_str()))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "year".into(),
            rows.iter().map(|p| year(p.a)).collect::<Vec<_>>(),
        ),
        Column::new(
            "prev_year".into(),
            rows.iter().map(|p| year(p.b)).collect::<Vec<_>>(),
        ),
        Column::new(
            "years_between".into(),
            rows.iter()
                .map(|p| Some(year(p.a)? - year(p.b)?))
                .collect::<Vec<Option<i32>>>(),
        ),
        Column::new(
            "cosine_tfidf".into(),
            rows.iter().map(|p| p.cosine).collect::<Vec<f64>>(),
        ),
        Column::new(
            "jaccard".into(),
            rows.iter().map(|p| p.jaccard).collect::<Vec<f64>>(),
        ),
        Column::new(
            "containment".into(),
            rows.iter().map(|p| p.contained_ab).collect::<Vec<f64>>(),
        ),
        Column::new("method".into(), vec![s.mode.as_str(); rows.len()]),
    ])?)
}

/// The square matrix of `measure` (cosine or Jaccard) over the units: 1 on the diagonal,
/// `None` for pairs not computed (MinHash mode).
pub fn matrix(s: &Similarity, measure: Measure) -> Vec<Vec<Option<f64>>> {
    let n = s.units.len();
    let mut m = vec![vec![None; n]; n];
    for (i, row) in m.iter_mut().enumerate() {
        row[i] = Some(1.0);
    }
    for p in &s.pairs {
        let v = match measure {
            Measure::CosineTfidf => p.cosine,
            Measure::Jaccard => p.jaccard,
            Measure::Containment => p.contained_ab,
        };
        m[p.a][p.b] = Some(v);
        m[p.b][p.a] = Some(if measure == Measure::Containment {
            p.contained_ba
        } else {
            v
        });
    }
    m
}
