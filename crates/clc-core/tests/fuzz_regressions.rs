//! Inputs the fuzz targets (`fuzz/`, `scripts/fuzz`) found, replayed through
//! the same target bodies, plus a direct test of what each one showed.
//! Raw inputs live in `tests/fuzz_regressions/`, named after the target.

mod invariants;

use std::path::Path;

use clc_core::source::LineIndex;
use clc_core::{transpile, Options};

fn input(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_regressions")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every stored input replays cleanly through its target.
#[test]
fn stored_inputs_replay() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("the regression inputs")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    names.sort();
    assert!(!names.is_empty());
    for name in names {
        let data = input(&name);
        match name.split('-').next() {
            Some("yaml") => invariants::fuzz_yaml(&data),
            Some("transpile") => invariants::fuzz_transpile(&data),
            Some("merge") => invariants::fuzz_merge(&data),
            Some("lokocfg") => invariants::fuzz_lokocfg(&data),
            _ => panic!("{name}: the file name must start with its target"),
        }
    }
}

/// yaml, 1st run: a UTF-16 document (FE FF byte-order mark). go-yaml decodes
/// it and counts columns in decoded characters; a LineIndex counts bytes.
/// The error's own line/column (quoted in the diagnostic's help) and the
/// diagnostic's span therefore disagree on UTF-16 input — both in the input,
/// neither a crash. On UTF-8 input (with or without a BOM) they agree.
#[test]
fn utf16_error_positions() {
    let data = input("yaml-utf16-error-column");
    let e = clc_core::yaml::parse(&data).expect_err("control characters");
    assert_eq!(e.offset, 2);
    assert_eq!((e.line, e.column), (1, 1));
    let t = transpile(&data, &Options::default());
    let d = &t.diagnostics[0];
    let span = d.span.expect("a span");
    assert_eq!((span.start.line, span.start.column), (1, 3));
    // The help text gives the same position as the span.
    assert!(
        d.help
            .as_deref()
            .unwrap_or_default()
            .ends_with("(line 1, column 3)"),
        "{:?}",
        d.help
    );
    invariants::check_diagnostics(&data, &t.diagnostics, &[]);

    for text in [&b"\xEF\xBB\xBFa: b: c\n"[..], b"\xEF\xBB\xBF\t", b"a: [\n"] {
        let e = clc_core::yaml::parse(text).expect_err("a syntax error");
        let p = LineIndex::new(text).position(text, e.offset);
        assert_eq!((e.line, e.column), (p.line, p.column));
    }
}

/// merge, 1st run: a preset merge whose user document the harness also
/// called `base`, like the preset's own base. A duplicate unit's related
/// location names its document only by name, so with two `base` documents
/// it pointed into the wrong text. The harness now names user documents
/// `user N` and refuses duplicate names; the duplicate-unit diagnostic
/// itself is right.
#[test]
fn preset_merge_duplicate_unit_points_into_each_document() {
    let data = input("merge-preset-user-named-base");
    let preset = &clc_core::presets::PRESETS[0];
    let user = clc_core::merge::Document {
        name: "user 1".into(),
        text: &data[1..],
    };
    let m = clc_core::presets::merge(preset, std::slice::from_ref(&user), &Options::default());
    let docs = clc_core::presets::documents(preset, std::slice::from_ref(&user));
    let named: Vec<(&str, &[u8])> = docs.iter().map(|d| (d.name.as_str(), d.text)).collect();
    let mut related = 0;
    for (result, doc) in m.documents.iter().zip(&docs) {
        invariants::check_diagnostics(doc.text, &result.transpiled.diagnostics, &named);
        related += result
            .transpiled
            .diagnostics
            .iter()
            .map(|d| d.related.len())
            .sum::<usize>();
    }
    assert!(
        related > 0,
        "the duplicate unit points at its other definition"
    );
}

/// transpile, 3rd run: a locksmith `window_length` with a fraction of a
/// hundred digits (`0102.666…h30my.pem`). The duration parser multiplied
/// 30 fraction digits by the unit in 128 bits and overflowed: a panic in
/// debug builds, a wrong value in release. It now reads fractions as Go's
/// `time.ParseDuration` does (digits past 2^63 ignored, float64 scaling).
#[test]
fn window_length_with_a_long_fraction() {
    let data = input("transpile-window-length-long-fraction");
    let t = transpile(&data[1..], &Options::default());
    assert!(!t.success());
    let d = t
        .diagnostics
        .iter()
        .find(|d| d.is_error())
        .expect("an error");
    assert_eq!(d.message, "couldn't parse window length");
    let fine = format!(
        "locksmith:\n  reboot_strategy: etcd-lock\n  window_start: Thu 04:00\n  window_length: 1.{}h\n",
        "6".repeat(100)
    );
    let t = transpile(fine.as_bytes(), &Options::default());
    assert!(t.success(), "{}", t.ct_stderr());
}

/// yaml, 4th run: `[ss?-he]`. Inside a flow collection go-yaml ends a plain
/// scalar at `?` (then fails on what follows); the quick reader took the
/// whole item as one scalar and read a document the full reader rejects.
/// It now leaves flow items holding `?` to the full reader.
#[test]
fn question_mark_in_a_flow_item() {
    let data = input("yaml-flow-question-mark");
    let e = clc_core::yaml::parse(&data).expect_err("go-yaml rejects it");
    assert_eq!(e.problem, "did not find expected ',' or ']'");
    assert_eq!((e.line, e.column), (1, 10));
    let ok = clc_core::yaml::parse(b"flags: [a-b, c]\n").expect("plain items");
    assert_eq!(
        ok,
        clc_core::yaml::parse_with_full_reader(
            b"flags: [a-b, c]\n",
            &clc_core::yaml::Limits::default()
        )
        .expect("plain items")
    );
}
