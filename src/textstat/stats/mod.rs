//! Pure statistical functions for comparing groups of reports and
//! following terms through the years; formulas, conventions and worked
//! examples are in `docs/STATISTICS.md`.
//!
//! | area | module | functions |
//! |---|---|---|
//! | keyness (2×2 table) | [`keyness`] | [`log_likelihood`], [`log_likelihood_rayson`], [`chi_squared`], [`chi2_p_value`], [`log_ratio`], [`percent_diff`], [`expected_min`], [`Keyness`] |
//! | multiple testing | [`adjust`] | [`benjamini_hochberg`], [`bonferroni`] |
//! | trends over years | [`trend`] | [`mann_kendall`], [`sens_slope`], [`sens_slope_interval`], [`change_point`] |
//! | rates of rare events | [`poisson`] | [`poisson_interval`], [`rate_interval`] |
//! | collocation | [`collocation`] | [`log_dice`], [`pmi`] |
//! | term weighting | [`tfidf`] | [`idf`], [`tf_idf`] |
//!
//! Conventions shared by all of them:
//!
//! * Counts are passed as `f64` (cast from the integer counts of the `dfm`
//!   stage); they must be finite and non-negative.
//! * Nothing returns NaN. Where a statistic is undefined the function
//!   returns `None`; the few functions that return a bare `f64` document
//!   the value they give for degenerate input (always the "no evidence"
//!   value: 0 for a test statistic or a weight, 1 for a p-value).
//! * Year series are `(year, value)` pairs; a year without a report is
//!   simply absent (never a zero), the order of the slice does not matter,
//!   and a year that occurs twice makes the series invalid (`None`).

pub mod adjust;
pub mod collocation;
pub mod keyness;
pub mod poisson;
pub mod tfidf;
pub mod trend;

pub use self::adjust::{benjamini_hochberg, bonferroni};
pub use self::collocation::{log_dice, pmi};
pub use self::keyness::{
    Direction, Keyness, chi_squared, chi2_p_value, direction, expected_min, log_likelihood,
    log_likelihood_rayson, log_ratio, percent_diff,
};
pub use self::poisson::{poisson_interval, rate_interval};
pub use self::tfidf::{idf, tf_idf};
pub use self::trend::{
    ChangePoint, MannKendall, change_point, mann_kendall, sens_slope, sens_slope_interval,
};
