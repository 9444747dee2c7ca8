//! `analyze`: how the emphasis of Chinese government work reports
//! (政府工作报告) shifts across years and regions.
//!
//! The pipeline, one module per stage, after quanteda:
//!
//! | stage | module | what it does |
//! |---|---|---|
//! | corpus | [`corpus`] | find, decode, split, clean report files; metadata (year, date, region, level) |
//! | tokens | [`tokens`] | the one jieba-rs wrapper, the policy lexicon, user dictionaries, stopwords |
//! | dfm | [`dfm`] | per-document word counts, as Polars frames |
//! | textstat | [`textstat`] | term trends by year/region, automatic term selection |
//! | textplot | [`textplot`] | plotters charts with an embedded CJK font (SVG and PNG) |
//! | report | [`report`] | run folders (atomic), Parquet/CSV tables, charts from tables, manifests |
//!
//! [`run`] composes the stages into analyses with typed settings; [`cmd`]
//! is the command line on top of it; [`batch`] runs many command lines from
//! one config file.

pub mod batch;
pub mod cmd;
pub mod corpus;
pub mod dfm;
pub mod error;
pub mod fileio;
pub mod memory;
pub mod report;
pub mod run;
pub mod textplot;
pub mod textstat;
pub mod tokens;

pub use error::{Error, Result, Warning, WarningKind};
