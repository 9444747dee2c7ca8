//! The batch report: `index.html` (offline, every corpus-derived string
//! escaped, charts inline as SVG), `index.md`, and the batch
//! `manifest.json`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use html_escape::{encode_double_quoted_attribute as attr, encode_text as esc};
use serde_json::Value;

use super::{BatchSettings, JobOutcome};
use crate::error::{Error, Result};
use crate::report::manifest::crate_versions;
use crate::report::write_atomic;

/// What the report needs to know about a job folder.
struct JobFiles {
    manifest: Value,
    tables: Vec<String>,
    charts: Vec<String>,
    warnings: Vec<(String, String, String)>,
}

fn read_job(dir: &Path) -> JobFiles {
    let manifest = std::fs::read(dir.join("manifest.json"))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or(Value::Null);
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|r| {
            r.flatten()
                .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| !n.starts_with('.'))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let tables = names
        .iter()
        .filter(|n| n.ends_with(".csv") || n.ends_with(".parquet") || n.ends_with(".json"))
        .cloned()
        .collect();
    let charts = names
        .iter()
        .filter(|n| n.ends_with(".svg"))
        .cloned()
        .collect();
    let mut warnings = Vec::new();
    if let Ok(mut r) = csv::Reader::from_path(dir.join("warnings.csv")) {
        for rec in r.records().flatten() {
            let get = |i: usize| {
                rec.get(i)
                    .unwrap_or("")
                    .trim_start_matches('\u{feff}')
                    .to_string()
            };
            let place = match get(2).as_str() {
                "" => get(1),
                line => format!("{}:{line}", get(1)),
            };
            warnings.push((get(0), place, get(3)));
        }
    }
    JobFiles {
        manifest,
        tables,
        charts,
        warnings,
    }
}

/// The methods clause on traditional characters: which documents were
/// converted (from the manifest's `script` section and `--t2s`).
fn script_sentence(corpus: &Value, script: &Value) -> String {
    let converted = script["converted"].as_array().map_or(0, Vec::len);
    match corpus["t2s"].as_str() {
        Some("always") => {
            " and converted from traditional to simplified characters (OpenCC t2s)".to_string()
        }
        Some("never") => String::new(),
        _ if converted > 0 => format!(
            "; {converted} document(s) detected as written in traditional or mixed characters were converted to simplified (OpenCC t2s)"
        ),
        _ => String::new(),
    }
}

/// Where a job's reports came from: its input, or all of its inputs
/// (`similarity --with`), or its input and the reference (`diffusion
/// --reference`), so that the count before it is not read as the corpus's.
fn sources(m: &Value) -> String {
    let analysis = &m["parameters"]["analysis"];
    let list = |v: &Value| -> Vec<String> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let input = m["input"].as_str().unwrap_or("?").to_string();
    let mut inputs = list(&analysis["inputs"]);
    if inputs.is_empty() {
        inputs.push(input);
    }
    let reference = list(&analysis["reference_inputs"]);
    if !reference.is_empty() {
        format!(
            "(the corpus and the reference together) from {} and, as the reference, {}",
            inputs.join(" and "),
            reference.join(" and ")
        )
    } else if inputs.len() > 1 {
        format!("(all inputs together) from {}", inputs.join(" and "))
    } else {
        format!("from {}", inputs[0])
    }
}

/// A methods paragraph generated from a job's manifest parameters.
pub fn methods(m: &Value) -> String {
    let p = &m["parameters"];
    let corpus = &p["corpus"];
    let analysis = &p["analysis"];
    let crates = &m["crates"];
    let mut out = String::new();
    let docs = m["counts"]["documents"].as_u64().unwrap_or(0);
    let years = m["counts"]["years"].as_u64().unwrap_or(0);
    let _ = write!(
        out,
        "{docs} report{} from {years} year{} {} read {} and cleaned with {} rules ({}), normalised to Unicode NFKC",
        if docs == 1 { "" } else { "s" },
        if years == 1 { "" } else { "s" },
        if docs == 1 { "was" } else { "were" },
        sources(m),
        m["cleaning_rules"]["entries"].as_u64().unwrap_or(0),
        m["cleaning_rules"]["origin"].as_str().unwrap_or("?"),
    );
    out.push_str(&script_sentence(corpus, &m["script"]));
    out.push_str(". ");
    if let Some(dicts) = m["dictionaries"].as_array().filter(|d| !d.is_empty()) {
        let names: Vec<String> = dicts
            .iter()
            .map(|d| {
                format!(
                    "{} ({} entries, sha256 {})",
                    d["origin"].as_str().unwrap_or("?"),
                    d["entries"],
                    &d["sha256"].as_str().unwrap_or("")
                        [..12.min(d["sha256"].as_str().unwrap_or("").len())]
                )
            })
            .collect();
        let _ = write!(
            out,
            "Texts were segmented with jieba-rs {} (default dictionary{}), with {}; dictionary and requested terms are protected so they are always one token. Stopwords: {} words ({}). ",
            crates["jieba-rs"].as_str().unwrap_or("?"),
            if analysis["hmm"].as_bool() == Some(false) {
                ""
            } else {
                ", HMM for unknown words"
            },
            names.join(", "),
            m["stopwords"]["entries"],
            m["stopwords"]["origin"].as_str().unwrap_or(""),
        );
    }
    for key in [
        "normalisation",
        "statistics",
        "idf",
        "tf",
        "trend_test",
        "change_point",
        "measures",
        "offsets",
    ] {
        if let Some(v) = analysis[key].as_str() {
            let _ = write!(out, "{}{}: {v}. ", key[..1].to_uppercase(), &key[1..]);
        }
    }
    let _ = write!(
        out,
        "Tables were computed with Polars {} and charts drawn with plotters {}.",
        crates["polars"].as_str().unwrap_or("?"),
        crates["plotters"].as_str().unwrap_or("?")
    );
    out
}

const STYLE: &str = "body{max-width:1100px;margin:2em auto;padding:0 1em;color:#222}h1{font-size:1.6em}h2{border-top:1px solid #ccc;padding-top:1em}code,pre{background:#f4f4f4;padding:2px 4px;white-space:pre-wrap;word-break:break-all}.failed{color:#b00}.ok{color:#070}.warnings{color:#a60}svg{max-width:100%;height:auto}table{border-collapse:collapse}td{border:1px solid #ddd;padding:2px 6px;font-size:.9em}";

/// Write `index.html`, `index.md` and `manifest.json` into the batch folder.
pub fn write(s: &BatchSettings, outcomes: &[JobOutcome], seconds: f64) -> Result<()> {
    let mut html = String::new();
    let mut md = String::new();
    let title = format!("analyze batch: {}", s.config.path.display());
    let _ = write!(
        html,
        "<h1>{}</h1>\n<p>Configuration <code>{}</code> (sha256 <code>{}</code>); analyze {}.</p>\n<ul>\n",
        esc(&title),
        esc(&s.config.path.display().to_string()),
        esc(&s.config.sha256),
        esc(env!("CARGO_PKG_VERSION")),
    );
    let _ = writeln!(
        md,
        "# {title}\n\nConfiguration `{}` (sha256 `{}`).\n",
        s.config.path.display(),
        s.config.sha256
    );
    for o in outcomes {
        let _ = writeln!(
            html,
            "<li><a href=\"#{}\">{}</a> ({}) — <span class=\"{}\">{}</span></li>",
            attr(&o.name),
            esc(&o.name),
            esc(&o.analysis),
            attr(&o.status),
            esc(&o.status)
        );
        let _ = writeln!(
            md,
            "- [{}](#{}) ({}): {}",
            o.name, o.name, o.analysis, o.status
        );
    }
    html.push_str("</ul>\n");
    let earlier = earlier_folders(&s.out, outcomes);
    if !earlier.is_empty() {
        let names: Vec<String> = earlier
            .iter()
            .map(|(name, what)| format!("{name} ({what})"))
            .collect();
        let _ = writeln!(
            html,
            "<p class=\"warnings\">Also in this folder, from earlier runs and not part of this batch: {}.</p>",
            esc(&names.join(", "))
        );
        let _ = writeln!(
            md,
            "\nAlso in this folder, from earlier runs and not part of this batch: {}.",
            names.join(", ")
        );
    }
    let mut inputs: BTreeMap<String, Value> = BTreeMap::new();
    for o in outcomes {
        let dir = s.out.join(&o.folder);
        let files = read_job(&dir);
        if let Some(list) = files.manifest["input_files"].as_array() {
            for f in list {
                if let Some(p) = f["path"].as_str() {
                    inputs.insert(p.to_string(), f.clone());
                }
            }
        }
        job_html(&mut html, o, &files, &dir);
        job_md(&mut md, o, &files);
    }
    html.push_str("</body>\n</html>\n");
    let page = with_head(&title, &html)?;
    write_atomic(&s.out.join("index.html"), page.as_bytes())?;
    write_atomic(&s.out.join("index.md"), md.as_bytes())?;
    let manifest = serde_json::json!({
        "tool": "analyze",
        "version": env!("CARGO_PKG_VERSION"),
        "crates": crate_versions(),
        "config": s.config.path.display().to_string(),
        "config_sha256": s.config.sha256,
        "shared": s.config.shared,
        "overrides": s.overrides.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>(),
        "cache": s.cache,
        "jobs": outcomes,
        "input_files": inputs.into_values().collect::<Vec<_>>(),
        "earlier_folders": earlier.iter().map(|(name, _)| name).collect::<Vec<_>>(),
        "earlier_folders_note": "run folders in the batch folder that this batch did not write (other jobs of an earlier run, or a subset run with --jobs); left as they were",
        "wall_seconds": seconds,
        "wall_seconds_note": "wall time of the whole batch; jobs run in parallel, so it is less than the sum of the jobs' seconds",
    });
    let bytes = serde_json::to_vec_pretty(&manifest).map_err(|source| Error::Json {
        what: "batch manifest",
        source,
    })?;
    write_atomic(&s.out.join("manifest.json"), &bytes)
}

/// Write `index.html`, `index.md` and `manifest.json` saying that the
/// batch is running, with its jobs, before the first job starts: a batch
/// stopped before its end (Ctrl-C, a kill, a machine going down) then
/// leaves no index of an earlier batch beside job folders this one has
/// already replaced, but one that says it did not finish. [`write`]
/// replaces them at the end.
pub fn write_started(s: &BatchSettings, planned: &[(String, String, Vec<String>)]) -> Result<()> {
    let title = format!("analyze batch: {}", s.config.path.display());
    let note = format!(
        "This batch (process {}) has not finished. If this page stays so after the batch has ended, the batch was stopped before its end: run it again. The job folders below may hold this batch's results or an earlier run's.",
        std::process::id()
    );
    let mut html = format!(
        "<h1>{}</h1>\n<p class=\"warnings\">{}</p>\n<ul>\n",
        esc(&title),
        esc(&note)
    );
    let mut md = format!("# {title}\n\n{note}\n\n");
    for (name, analysis, _) in planned {
        let _ = writeln!(
            html,
            "<li>{} ({}) — not finished</li>",
            esc(name),
            esc(analysis)
        );
        let _ = writeln!(md, "- {name} ({analysis}): not finished");
    }
    html.push_str("</ul>\n</body>\n</html>\n");
    let page = with_head(&title, &html)?;
    let manifest = serde_json::json!({
        "tool": "analyze",
        "version": env!("CARGO_PKG_VERSION"),
        "config": s.config.path.display().to_string(),
        "config_sha256": s.config.sha256,
        "status": "running",
        "status_note": note,
        "jobs": planned
            .iter()
            .map(|(name, analysis, argv)| serde_json::json!({"name": name, "analysis": analysis, "argv": argv}))
            .collect::<Vec<_>>(),
    });
    let bytes = serde_json::to_vec_pretty(&manifest).map_err(|source| Error::Json {
        what: "batch manifest",
        source,
    })?;
    // `index.md` last: once it says so, the other two do.
    write_atomic(&s.out.join("manifest.json"), &bytes)?;
    write_atomic(&s.out.join("index.html"), page.as_bytes())?;
    write_atomic(&s.out.join("index.md"), md.as_bytes())
}

/// The run folders in `out` that none of `outcomes` wrote (a job of an
/// earlier run that this one, with `--jobs` or a changed configuration,
/// did not run), with the subcommand their manifest names; sorted by name.
fn earlier_folders(out: &Path, outcomes: &[JobOutcome]) -> Vec<(String, String)> {
    let Ok(entries) = std::fs::read_dir(out) else {
        return vec![];
    };
    let mut found: Vec<(String, String)> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || outcomes.iter().any(|o| o.folder == name) {
                return None;
            }
            let manifest = std::fs::read(e.path().join("manifest.json")).ok()?;
            let m: Value = serde_json::from_slice(&manifest).ok()?;
            let what = m["command"].as_str().unwrap_or("run").to_string();
            Some((name, what))
        })
        .collect();
    found.sort();
    found
}

/// The page head: a web font with the characters of the page's own text
/// (outside the inline SVGs, which embed their own), so Chinese renders
/// offline without installed fonts.
fn with_head(title: &str, body: &str) -> Result<String> {
    let mut text = String::new();
    let mut rest = body;
    while let Some(i) = rest.find("<svg") {
        text.push_str(&rest[..i]);
        rest = rest[i..].find("</svg>").map_or("", |j| &rest[i + j..]);
    }
    text.push_str(rest);
    let text = html_escape::decode_html_entities(&text);
    let (face, families) =
        crate::textplot::page_font_css(&crate::textplot::ChartFont::embedded(), &text)?;
    Ok(format!(
        "<!DOCTYPE html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{face}\nbody{{font-family:{families}}}\ncode,pre{{font-family:{families}}}\n{STYLE}</style>\n</head>\n<body>\n{body}",
        esc(title)
    ))
}

fn job_html(html: &mut String, o: &JobOutcome, f: &JobFiles, dir: &Path) {
    let _ = write!(
        html,
        "<h2 id=\"{}\">{} <small>({})</small> <span class=\"{}\">{}</span></h2>\n<p><code>analyze {}</code></p>\n",
        attr(&o.name),
        esc(&o.name),
        esc(&o.analysis),
        attr(&o.status),
        esc(&o.status),
        esc(&o.argv.join(" ")),
    );
    if let Some(e) = &o.error {
        let _ = writeln!(html, "<pre class=\"failed\">{}</pre>", esc(e));
        return;
    }
    if !f.manifest.is_null() {
        let _ = writeln!(
            html,
            "<p><b>Methods.</b> {}</p>",
            esc(&methods(&f.manifest))
        );
    }
    for c in &f.charts {
        if let Ok(svg) = std::fs::read_to_string(dir.join(c)) {
            // Our own SVG (all text in it escaped when written); drop the XML
            // prolog so it can sit inside HTML.
            let body = svg.find("<svg").map_or(svg.as_str(), |i| &svg[i..]);
            let _ = writeln!(
                html,
                "<figure>{body}<figcaption><a href=\"{}\">{}</a></figcaption></figure>",
                attr(&format!("{}/{c}", o.folder)),
                esc(c)
            );
        }
    }
    html.push_str("<p>Tables: ");
    let links: Vec<String> = f
        .tables
        .iter()
        .map(|t| {
            format!(
                "<a href=\"{}\">{}</a>",
                attr(&format!("{}/{t}", o.folder)),
                esc(t)
            )
        })
        .collect();
    html.push_str(&links.join(" · "));
    html.push_str("</p>\n");
    if f.warnings.is_empty() {
        html.push_str("<p>No warnings.</p>\n");
    } else {
        let _ = writeln!(
            html,
            "<details><summary>{} warnings</summary><table>",
            f.warnings.len()
        );
        for (kind, place, msg) in &f.warnings {
            let _ = writeln!(
                html,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(kind),
                esc(place),
                esc(msg)
            );
        }
        html.push_str("</table></details>\n");
    }
    let params = serde_json::to_string_pretty(&f.manifest["parameters"]).unwrap_or_default();
    let _ = writeln!(
        html,
        "<details><summary>Parameters</summary><pre>{}</pre></details>",
        esc(&params)
    );
}

fn job_md(md: &mut String, o: &JobOutcome, f: &JobFiles) {
    let _ = writeln!(
        md,
        "\n## {}\n\n`{}` — {}\n\n`analyze {}`\n",
        o.name,
        o.analysis,
        o.status,
        o.argv.join(" ")
    );
    if let Some(e) = &o.error {
        let _ = writeln!(md, "```\n{e}\n```");
        return;
    }
    if !f.manifest.is_null() {
        let _ = writeln!(md, "**Methods.** {}\n", methods(&f.manifest));
    }
    for c in &f.charts {
        let _ = writeln!(md, "![{c}]({}/{c})\n", o.folder);
    }
    let links: Vec<String> = f
        .tables
        .iter()
        .map(|t| format!("[{t}]({}/{t})", o.folder))
        .collect();
    let _ = writeln!(md, "Tables: {}\n", links.join(" · "));
    let _ = writeln!(md, "Warnings: {}", f.warnings.len());
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{methods, script_sentence, sources};

    #[test]
    fn the_methods_count_in_singular_and_plural() {
        let m = |docs: u64, years: u64| {
            methods(
                &json!({ "input": "p", "counts": { "documents": docs, "years": years },
                "parameters": { "analysis": {}, "corpus": {} } }),
            )
        };
        assert!(
            m(31, 1).starts_with("31 reports from 1 year were read from p"),
            "{}",
            m(31, 1)
        );
        assert!(
            m(1, 1).starts_with("1 report from 1 year was read"),
            "{}",
            m(1, 1)
        );
        assert!(
            m(52, 51).starts_with("52 reports from 51 years were read"),
            "{}",
            m(52, 51)
        );
    }

    #[test]
    fn the_methods_name_every_input_and_the_reference() {
        let one = json!({ "input": "data/prov", "parameters": { "analysis": {} } });
        assert_eq!(sources(&one), "from data/prov");
        let with = json!({ "input": "data/cities", "parameters": { "analysis": {
            "inputs": ["data/cities", "data/national.jsonl"] } } });
        assert_eq!(
            sources(&with),
            "(all inputs together) from data/cities and data/national.jsonl"
        );
        let reference = json!({ "input": "data/prov", "parameters": { "analysis": {
            "inputs": ["data/prov"], "reference_inputs": ["data/national.jsonl"] } } });
        assert_eq!(
            sources(&reference),
            "(the corpus and the reference together) from data/prov and, as the reference, data/national.jsonl"
        );
    }

    #[test]
    fn the_methods_say_which_documents_were_converted() {
        let converted = json!({ "converted": ["1954_全国 (traditional)", "1957_全国 (mixed)"] });
        assert_eq!(
            script_sentence(&json!({ "t2s": "auto" }), &converted),
            "; 2 document(s) detected as written in traditional or mixed characters were converted to simplified (OpenCC t2s)"
        );
        assert_eq!(
            script_sentence(&json!({ "t2s": "auto" }), &json!({ "converted": [] })),
            ""
        );
        assert!(script_sentence(&json!({ "t2s": "always" }), &converted).contains("converted"));
        assert_eq!(script_sentence(&json!({ "t2s": "never" }), &converted), "");
    }
}
