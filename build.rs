//! Records the versions of the crates that shape results (from Cargo.lock)
//! so that run manifests can name them, and builds jieba's default
//! dictionary into an image (`jieba_default.img` in `OUT_DIR`) that
//! `tokens` embeds, so that a run does not parse the dictionary and build
//! its trie every time.

fn main() {
    jieba_image();
    println!("cargo:rerun-if-changed=Cargo.lock");
    let lock = std::fs::read_to_string("Cargo.lock").unwrap_or_default();
    let wanted = [
        "polars", "jieba-rs", "plotters", "clap", "serde", "ab_glyph",
    ];
    let mut found = Vec::new();
    let mut name: Option<String> = None;
    for line in lock.lines() {
        if let Some(n) = line.strip_prefix("name = ") {
            name = Some(n.trim_matches('"').to_string());
        } else if let Some(v) = line.strip_prefix("version = ")
            && let Some(n) = name.take()
            && wanted.contains(&n.as_str())
        {
            found.push(format!("{n}={}", v.trim_matches('"')));
        }
    }
    found.sort();
    found.dedup();
    println!("cargo:rustc-env=ANALYZE_DEP_VERSIONS={}", found.join(";"));
}

/// Write `Jieba::new()` as an image (`Jieba::to_image`, patched into the
/// vendored jieba-rs) to `OUT_DIR/jieba_default.img`.
fn jieba_image() {
    let Some(out) = std::env::var_os("OUT_DIR") else {
        panic!("cargo sets OUT_DIR for build scripts");
    };
    let path = std::path::Path::new(&out).join("jieba_default.img");
    let image = jieba_rs::Jieba::new().to_image();
    if let Err(e) = std::fs::write(&path, image) {
        panic!("cannot write {}: {e}", path.display());
    }
}
