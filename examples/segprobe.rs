use analyze::corpus::{self, LoadOptions};
use analyze::tokens::{Dictionary, Segmenter, SegmenterConfig};
use std::time::Instant;
fn main() {
    let input =
        std::path::PathBuf::from("/work/shared/corpora/national/government_work_reports.jsonl");
    let c = corpus::load(&input, &LoadOptions::builtin().unwrap()).unwrap();
    let copies: usize = std::env::var("COPIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10);
    let texts: Vec<String> = (0..copies)
        .flat_map(|k| {
            c.documents
                .iter()
                .map(move |d| format!("(副本 {k})\n\n{}", d.text))
        })
        .collect();
    let major = std::env::var("MAJOR").is_ok();
    let mut order: Vec<usize> = (0..texts.len()).collect();
    if major {
        let n = c.documents.len();
        order.sort_by_key(|&i| (i % n, i / n));
    }
    let mb = texts.iter().map(|t| t.len()).sum::<usize>() as f64 / 1e6;
    let jieba = jieba_rs::Jieba::new();
    let seg = Segmenter::new(&SegmenterConfig {
        hmm: true,
        dictionaries: vec![Dictionary::lexicon().unwrap()],
        required: vec!["数字经济".into(), "人工智能".into()],
    })
    .unwrap();
    let _ = seg.jieba();
    for round in 0..3 {
        let t = Instant::now();
        let mut n = 0;
        for &i in &order {
            n += jieba.cut(&texts[i], true).len();
        }
        let raw = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let mut m = 0u64;
        let terms: Vec<String> = [
            "数字经济",
            "新质生产力",
            "高质量发展",
            "互联网+",
            "乡村振兴",
            "人工智能",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for &i in &order {
            m += if std::env::var("ALL").is_ok() {
                analyze::dfm::DocCounts::of(&seg, &texts[i]).tokens_total
            } else {
                analyze::dfm::DocCounts::of_terms(&seg, &texts[i], &terms).tokens_total
            };
        }
        let ours = t.elapsed().as_secs_f64();
        println!(
            "round {round}: {mb:.0} MB raw {raw:.2}s ({:.0} MB/s) ours {ours:.2}s ratio {:.2} ({n} {m})",
            mb / raw,
            ours / raw
        );
    }
}
