//! Issue 3 on the real corpora: sections, keywords, keyness, emerging
//! terms, themes, KWIC and collocates. Skipped with a message when the
//! corpora are missing (a failure under CI=true).

mod common;

use std::path::{Path, PathBuf};

use analyze::corpus::sections::{RoleRules, SectionKind, parse, parse_report};
use analyze::corpus::{self, Corpus, LoadOptions};
use analyze::dfm::Dfm;
use analyze::textstat::compare::{CompareOptions, Correction, keyness};
use analyze::textstat::emerging::{EmergingOptions, List, lists, term_series};
use analyze::textstat::groups::{Side, YearSpec};
use analyze::textstat::kwic::kwic;
use analyze::textstat::stats::{Direction, log_likelihood};
use analyze::textstat::vocab::{Vocab, Vocabulary};
use analyze::tokens::{Dictionary, Segmenter, SegmenterConfig, Stopwords, substring_count};

fn national_path() -> Option<PathBuf> {
    Some(common::corpora()?.join("national/government_work_reports.jsonl"))
}

fn load(path: &Path, t2s: bool) -> Corpus {
    let mut opts = LoadOptions::builtin().unwrap();
    opts.t2s = if t2s {
        analyze::corpus::convert::T2sMode::Always
    } else {
        analyze::corpus::convert::T2sMode::Never
    };
    corpus::load(path, &opts).unwrap()
}

fn dfm(c: &Corpus) -> Dfm {
    let seg = Segmenter::new(&SegmenterConfig {
        hmm: true,
        dictionaries: vec![Dictionary::lexicon().unwrap()],
        required: vec![],
    })
    .unwrap();
    Dfm::build(c, &seg, None)
}

#[test]
fn national_sections() {
    let Some(path) = national_path() else { return };
    let c = load(&path, false);
    let roles = RoleRules::builtin().unwrap();
    let doc = |y: i32| c.documents.iter().find(|d| d.year == y).unwrap();
    // 1954: no numbered headings -> one section, not an error.
    let s1954 = parse(&doc(1954).text, &roles);
    assert_eq!(s1954.iter().filter(|s| s.level < 4).count(), 1);
    assert_eq!(s1954[0].kind, SectionKind::Whole);
    // 2025: heading and lead sentence share a line.
    let s2025 = parse(&doc(2025).text, &roles);
    let two = s2025.iter().find(|s| s.path == "三/(二)").unwrap();
    assert_eq!(two.title, "因地制宜发展新质生产力,加快建设现代化产业体系");
    assert_eq!(two.role, "tasks");
    let roles_2025: Vec<&str> = s2025
        .iter()
        .filter(|s| s.level == 1 && s.kind == SectionKind::Heading)
        .map(|s| s.role.as_str())
        .collect();
    assert_eq!(roles_2025, ["review", "requirements", "tasks"]);
    // 1978: the long (一)…(九) items under 三 are a list, not headings.
    let s1978 = parse(&doc(1978).text, &roles);
    assert!(
        s1978
            .iter()
            .all(|s| !(s.level == 2 && s.path.starts_with("三/")))
    );
    assert_eq!(
        s1978
            .iter()
            .filter(|s| s.level == 1 && s.kind == SectionKind::Heading)
            .count(),
        6
    );
    // Every report has a review section from 1978 on, except 1984 (its
    // review and tasks share one part); 2002's is the title line naming 2001
    // (issue 9: tests/research_defaults.rs checks every role).
    for d in c
        .documents
        .iter()
        .filter(|d| d.year >= 1978 && d.year != 1984)
    {
        let s = parse_report(&d.text, Some(d.year), &roles);
        assert!(
            s.iter().any(|x| x.role == "review"),
            "{} has no review section",
            d.year
        );
    }
}

#[test]
fn panjin_sections_and_leads() {
    let Some(dir) = common::corpora() else { return };
    let c = load(&dir.join("panjin"), false);
    let s = parse(&c.documents[0].text, &RoleRules::builtin().unwrap());
    let heads: Vec<&str> = s
        .iter()
        .filter(|x| x.kind == SectionKind::Heading)
        .map(|x| x.number.as_str())
        .collect();
    assert_eq!(heads, ["(三)", "(四)", "(五)"]);
    let leads: Vec<&str> = s
        .iter()
        .filter(|x| x.kind == SectionKind::Lead)
        .map(|x| x.title.as_str())
        .collect();
    assert!(leads.contains(&"加快发展数字经济"), "{leads:?}");
    assert!(leads.len() >= 5);
}

#[test]
fn national_first_years_and_fading_terms() {
    let Some(path) = national_path() else { return };
    let c = load(&path, false);
    let d = dfm(&c);
    let opts = EmergingOptions {
        min_total: 3,
        vocab: Vocab::All,
        ..EmergingOptions::default()
    };
    let terms = term_series(
        &c,
        &d,
        &Stopwords::builtin().unwrap(),
        &Vocabulary::all(),
        &opts,
    );
    let first = |t: &str| terms.iter().find(|x| x.term == t).map(|x| x.first_year);
    assert_eq!(first("数字经济"), Some(2017));
    assert_eq!(first("互联网+"), Some(2015));
    assert_eq!(first("新质生产力"), Some(2024));
    assert_eq!(first("大数据"), Some(2014));
    // Series hold report years only: 52 points, no 2020.
    let t = terms.iter().find(|x| x.term == "数字经济").unwrap();
    assert_eq!(t.series.len(), 52);
    assert!(t.series.iter().all(|p| p.0 != 2020));
    let l = lists(&c, &terms, &opts);
    let fading = |term: &str| {
        l.iter().any(|&(list, _, i)| {
            terms[i].term == term && matches!(list, List::Vanished | List::Faller)
        })
    };
    assert!(fading("阶级斗争"), "阶级斗争 not among the fading terms");
    assert!(fading("计划经济"), "计划经济 not among the fading terms");
}

#[test]
fn t2s_finds_terms_in_the_traditional_1954_report() {
    let Some(path) = national_path() else { return };
    let plain = load(&path, false);
    let converted = load(&path, true);
    let y1954 = |c: &Corpus| {
        c.documents
            .iter()
            .find(|d| d.year == 1954)
            .unwrap()
            .text
            .clone()
    };
    assert_eq!(substring_count(&y1954(&plain), "社会主义"), 0);
    assert!(substring_count(&y1954(&converted), "社会主义") > 10);
    // Simplified reports are unchanged by the conversion of terms we count.
    let y2025 = |c: &Corpus| {
        c.documents
            .iter()
            .find(|d| d.year == 2025)
            .unwrap()
            .text
            .clone()
    };
    for term in ["数字经济", "新质生产力", "高质量发展"] {
        assert_eq!(
            substring_count(&y2025(&plain), term),
            substring_count(&y2025(&converted), term)
        );
    }
}

#[test]
fn national_keyness_2013_2017_vs_2018_2022() {
    let Some(path) = national_path() else { return };
    let c = load(&path, false);
    let d = dfm(&c);
    let opts = CompareOptions {
        a: Side::Years(YearSpec::parse("2013-2017").unwrap()),
        b: Side::Years(YearSpec::parse("2018-2022").unwrap()),
        min_freq: 5,
        alpha: 0.05,
        correction: Correction::Bh,
    };
    let (rows, totals) = keyness(&c, &d, &Stopwords::builtin().unwrap(), &opts).unwrap();
    assert_eq!((totals.docs_a, totals.docs_b), (5, 4), "2020 has no report");
    let row = rows.iter().find(|r| r.term == "高质量发展").unwrap();
    assert!(row.significant);
    assert_eq!(row.k.direction, Direction::B);
    // The frequencies are the token counts of the years, and G² follows.
    let count = |years: std::ops::RangeInclusive<i32>| -> u64 {
        c.documents
            .iter()
            .zip(&d.docs)
            .filter(|(doc, _)| years.contains(&doc.year))
            .map(|(_, k)| u64::from(k.get("高质量发展")))
            .sum()
    };
    assert_eq!(row.k.freq_a as u64, count(2013..=2017));
    assert_eq!(row.k.freq_b as u64, count(2018..=2022));
    let g2 = log_likelihood(
        row.k.freq_a,
        row.k.freq_b,
        totals.total_a as f64,
        totals.total_b as f64,
    );
    assert_eq!(g2, row.k.log_likelihood);
    assert!(rows.iter().filter(|r| r.significant).count() > 20);
}

#[test]
fn national_kwic_offsets_point_at_the_term() {
    let Some(path) = national_path() else { return };
    let c = load(&path, false);
    let hits = kwic(&c, "数字经济", 10, &RoleRules::builtin().unwrap());
    let total: usize = c
        .documents
        .iter()
        .map(|d| substring_count(&d.text, "数字经济"))
        .sum();
    assert_eq!(hits.len(), total);
    for h in &hits {
        let chars: Vec<char> = c.documents[h.doc].text.chars().collect();
        let found: String = chars[h.start_char..h.end_char].iter().collect();
        assert_eq!(found, "数字经济");
        assert!(!h.section_path.is_empty());
    }
}

fn analyze_bin(args: &[&str], cwd: &Path) -> std::process::Output {
    std::process::Command::new(common::bin())
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap()
}

#[test]
fn national_themes_and_provincial_region_keyness_through_the_cli() {
    let Some(dir) = common::corpora() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let national = dir.join("national/government_work_reports.jsonl");
    let o = analyze_bin(
        &[
            "trends",
            national.to_str().unwrap(),
            "--themes",
            "--out",
            "out",
            "--quiet",
        ],
        tmp.path(),
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let run = tmp.path().join("out/government_work_reports");
    let csv = std::fs::read_to_string(run.join("theme_trends.csv")).unwrap();
    let digital: Vec<&str> = csv.lines().filter(|l| l.contains(",数字化,")).collect();
    assert_eq!(digital.len(), 52, "one 数字化 row per report year");
    assert!(
        std::fs::read_to_string(run.join("themes_share.svg"))
            .unwrap()
            .contains("数字化")
    );

    let prov = dir.join("provincial-2026");
    let o = analyze_bin(
        &[
            "compare",
            prov.to_str().unwrap(),
            "--by",
            "region",
            "--a",
            "广东省",
            "--b",
            "甘肃省",
            "--out",
            "out",
            "--json",
        ],
        tmp.path(),
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let s: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(s["totals"]["docs_a"], 1);
    assert_eq!(s["totals"]["docs_b"], 1);
    assert!(s["tested"].as_u64().unwrap() > 100);
}
