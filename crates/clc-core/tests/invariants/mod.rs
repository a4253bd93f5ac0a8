//! What must hold for any input, checked by the property tests, the fuzz
//! targets (`fuzz/`, which include this file) and the fuzz regressions.
//!
//! Each `check_*` panics with a message when an invariant fails. The
//! `fuzz_*` functions are the fuzz targets' whole bodies: they turn raw bytes
//! into options and documents the same way every time, so a crash found by
//! the fuzzer replays here byte for byte.
#![allow(dead_code)]

use clc_core::ignition::append::append;
use clc_core::ignition::types::Config;
use clc_core::merge::{merge_with, Document, Merged};
use clc_core::platform::PLATFORMS;
use clc_core::presets::PRESETS;
use clc_core::source::LineIndex;
use clc_core::yaml::{self, NodeKind};
use clc_core::{transpile, Diagnostic, Options, Outcome, Phase, PlatformChoice, Position, Span};

// ---- options out of one byte -------------------------------------------------

/// The platform a selector names: none, one of ct's, or one ct rejects.
pub fn platform_from(selector: u8) -> PlatformChoice {
    let n = PLATFORMS.len();
    match usize::from(selector & 0x0f) {
        0 => PlatformChoice::None,
        i if i <= n => PlatformChoice::Known(PLATFORMS[i - 1].platform),
        n_plus_one if n_plus_one == n + 1 => PlatformChoice::Unknown("no-such-cloud".into()),
        _ => PlatformChoice::None,
    }
}

/// Options out of a fuzz input's first byte: bits 0–3 the platform, bit 4
/// strict, bit 5 the Terraform-snippet checks.
pub fn options_from(selector: u8) -> Options<'static> {
    Options {
        platform: platform_from(selector),
        strict: selector & 0x10 != 0,
        terraform_snippet: selector & 0x20 != 0,
        ..Options::default()
    }
}

/// Most documents one merge fuzz input is split into.
pub const FUZZ_MAX_DOCUMENTS: usize = 16;

/// Documents out of a merge fuzz input: the bytes split at each NUL (which
/// no valid YAML contains), at most [`FUZZ_MAX_DOCUMENTS`].
pub fn split_documents(data: &[u8]) -> Vec<Document<'_>> {
    data.split(|&b| b == 0)
        .take(FUZZ_MAX_DOCUMENTS)
        .enumerate()
        .map(|(i, text)| Document {
            name: if i == 0 {
                "base".to_owned()
            } else {
                format!("snippet {i}")
            },
            text,
        })
        .collect()
}

// ---- fuzz target bodies --------------------------------------------------------

/// The `yaml` target: the YAML layer alone.
pub fn fuzz_yaml(data: &[u8]) {
    check_yaml(data);
}

/// The `transpile` target: byte 0 chooses the options, the rest is the document.
pub fn fuzz_transpile(data: &[u8]) {
    let Some((&selector, input)) = data.split_first() else {
        return;
    };
    let options = options_from(selector);
    check_transpile(input, &options);
    // Strictness only ever takes a result away.
    let other = Options {
        strict: !options.strict,
        ..options.clone()
    };
    let (strict, lenient) = if options.strict {
        (&options, &other)
    } else {
        (&other, &options)
    };
    check_strict_implies_lenient(input, strict, lenient);
}

/// The `merge` target: byte 0 chooses the options (bits 5–7: a preset around
/// the documents, or none), the rest is split into documents at NUL bytes.
pub fn fuzz_merge(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let mut options = options_from(selector & 0x1f);
    let mut docs = split_documents(rest);
    match usize::from(selector >> 5) {
        0 => {
            check_merge(&docs, &options);
        }
        p => {
            // Around a preset every document is the user's; the preset has
            // its own `base`.
            for (i, d) in docs.iter_mut().enumerate() {
                d.name = format!("user {}", i + 1);
            }
            let preset = &PRESETS[(p - 1) % PRESETS.len()];
            if options.platform == PlatformChoice::None {
                options.platform = preset.platform_choice();
            }
            let all = clc_core::presets::documents(preset, &docs);
            let user: Vec<usize> = clc_core::presets::user_range(preset, docs.len()).collect();
            let checked = check_merge_with(&all, &options, &user);
            let direct = clc_core::presets::merge(preset, &docs, &options);
            assert_eq!(
                checked.config, direct.config,
                "presets::merge differs from merging its documents"
            );
        }
    }
}

/// The `lokocfg` target: the `.lokocfg` import (HCL), then every imported
/// snippet transpiled as a Terraform snippet.
pub fn fuzz_lokocfg(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let import = check_lokocfg(text);
    for s in import.snippets.iter().take(8) {
        check_transpile(
            s.text.as_bytes(),
            &Options {
                terraform_snippet: true,
                ..Options::default()
            },
        );
    }
}

// ---- spans -------------------------------------------------------------------

/// A position lies in `text` (on a character boundary when the text is
/// UTF-8) and its line and column are those of its offset.
pub fn check_position(text: &[u8], lines: &LineIndex, p: Position, what: &str) {
    let offset = p.offset as usize;
    assert!(
        offset <= text.len(),
        "{what}: offset {offset} is past the end ({} bytes)",
        text.len()
    );
    if let Ok(s) = std::str::from_utf8(text) {
        assert!(
            s.is_char_boundary(offset),
            "{what}: offset {offset} is inside a character"
        );
    }
    let expected = lines.position(text, p.offset);
    assert_eq!(
        (p.line, p.column),
        (expected.line, expected.column),
        "{what}: line/column do not match offset {offset}"
    );
}

pub fn check_span(text: &[u8], lines: &LineIndex, span: Span, what: &str) {
    assert!(
        span.start.offset <= span.end.offset,
        "{what}: span ends before it starts: {span:?}"
    );
    check_position(text, lines, span.start, what);
    check_position(text, lines, span.end, what);
}

/// Every span of every diagnostic lies in its document. `others` are the
/// other documents of a merge, by name, for related locations.
pub fn check_diagnostics(text: &[u8], diagnostics: &[Diagnostic], others: &[(&str, &[u8])]) {
    let lines = LineIndex::new(text);
    for d in diagnostics {
        assert!(
            !d.message.is_empty(),
            "a diagnostic without a message: {d:?}"
        );
        assert!(!d.code.is_empty(), "a diagnostic without a code: {d:?}");
        if let Some(span) = d.span {
            check_span(text, &lines, span, &format!("{} ({})", d.code, d.message));
        }
        if let Some((line, column)) = d.ct_position {
            assert!(line >= 1 && column >= 1, "ct position {line}:{column}");
        }
        for r in &d.related {
            let Some(span) = r.span else {
                continue;
            };
            let other = match &r.document {
                None => text,
                Some(name) => match others.iter().find(|(n, _)| n == name) {
                    Some((_, t)) => t,
                    None => panic!("{}: related location in unknown document {name}", d.code),
                },
            };
            check_span(
                other,
                &LineIndex::new(other),
                span,
                &format!("{} related", d.code),
            );
        }
    }
}

// ---- JSON ---------------------------------------------------------------------

/// A config's compact and pretty JSON: both parse, to the same value, with
/// version 2.3.0; the compact form has no whitespace outside strings.
pub fn check_config_json(config: &Config) -> serde_json::Value {
    let compact = config.to_json(false);
    let pretty = config.to_json(true);
    let a: serde_json::Value = match serde_json::from_str(&compact) {
        Ok(v) => v,
        Err(e) => panic!("compact output is not JSON ({e}): {compact}"),
    };
    let b: serde_json::Value = match serde_json::from_str(&pretty) {
        Ok(v) => v,
        Err(e) => panic!("pretty output is not JSON ({e}): {pretty}"),
    };
    assert_eq!(a, b, "compact and pretty outputs differ");
    assert_eq!(a["ignition"]["version"], "2.3.0", "{compact}");
    // The compact form is what serde_json writes for the same value, up to
    // key order and escapes; at least it never holds a raw line break.
    assert!(!compact.contains('\n'), "line break in compact output");
    a
}

// ---- whole runs ----------------------------------------------------------------

/// Transpiles `input` twice and checks everything about the result.
pub fn check_transpile(input: &[u8], options: &Options<'_>) -> clc_core::Transpiled {
    let t = transpile(input, options);
    let again = transpile(input, options);
    assert_eq!(t.outcome, again.outcome, "outcome is not deterministic");
    assert_eq!(t.config, again.config, "config is not deterministic");
    assert_eq!(
        t.diagnostics, again.diagnostics,
        "diagnostics are not deterministic"
    );

    assert_eq!(
        t.success(),
        t.config.is_some(),
        "a config exactly when converted"
    );
    let errors = t.diagnostics.iter().any(Diagnostic::is_error);
    let ct_entries = t.diagnostics.iter().any(|d| d.phase != Phase::Lint);
    match t.outcome {
        Outcome::Converted => {
            assert!(!errors, "converted with an error: {:?}", t.diagnostics);
            if options.strict {
                assert!(
                    !ct_entries,
                    "strict but converted with report entries: {:?}",
                    t.diagnostics
                );
            }
        }
        _ => assert!(
            errors || (options.strict && ct_entries),
            "failed without a reason: {:?}",
            t.diagnostics
        ),
    }
    check_diagnostics(input, &t.diagnostics, &[]);

    let stdout = t.stdout(false);
    let pretty = t.stdout(true);
    let _ = t.ct_stderr();
    match &t.config {
        Some(config) => {
            check_config_json(config);
            assert_eq!(stdout, config.to_json(false));
            assert!(pretty.ends_with('\n'));
        }
        None => assert!(stdout.is_empty() && pretty.is_empty()),
    }
    t
}

/// Whatever converts strictly converts leniently, to the same config.
pub fn check_strict_implies_lenient(input: &[u8], strict: &Options<'_>, lenient: &Options<'_>) {
    let s = transpile(input, strict);
    if s.success() {
        let l = transpile(input, lenient);
        assert!(l.success(), "converts strictly but not leniently");
        assert_eq!(s.config, l.config, "strictness changed the config");
    }
}

/// Merges twice and checks the result against the documents' own results.
pub fn check_merge(docs: &[Document<'_>], options: &Options<'_>) -> Merged {
    let snippets: Vec<usize> = (1..docs.len()).collect();
    check_merge_with(docs, options, &snippets)
}

pub fn check_merge_with(docs: &[Document<'_>], options: &Options<'_>, user: &[usize]) -> Merged {
    let m = merge_with(docs, options, user);
    let again = merge_with(docs, options, user);
    assert_eq!(m.config, again.config, "merge is not deterministic");
    assert_eq!(m.error, again.error, "merge error is not deterministic");
    assert_eq!(
        m.success(),
        m.error.is_none(),
        "an error exactly on failure"
    );
    assert_eq!(
        m.documents.len(),
        docs.len().min(options.limits.max_documents + 1)
    );

    let named: Vec<(&str, &[u8])> = docs.iter().map(|d| (d.name.as_str(), d.text)).collect();
    for (i, (name, _)) in named.iter().enumerate() {
        assert!(
            !named[..i].iter().any(|(n, _)| n == name),
            "two documents called {name}: related locations would be ambiguous"
        );
    }
    for (result, doc) in m.documents.iter().zip(docs) {
        assert_eq!(result.name, doc.name);
        check_diagnostics(doc.text, &result.transpiled.diagnostics, &named);
    }
    if let Some(config) = &m.config {
        check_config_json(config);
        // The provider's fold: each document's config appended in order.
        let mut folded: Option<Config> = None;
        for r in &m.documents {
            let part = r
                .transpiled
                .config
                .clone()
                .expect("every document converted when the merge did");
            folded = Some(match folded {
                None => part,
                Some(old) => append(old, part),
            });
        }
        assert_eq!(
            folded.as_ref(),
            Some(config),
            "merge is not the fold of append"
        );
        assert_eq!(m.rendered(false), Some(config.to_json(false)));
    } else {
        assert!(
            m.documents.iter().any(|d| d.provider_error.is_some())
                || docs.len() > options.limits.max_documents,
            "merge failed but no document did"
        );
    }
    m
}

/// Parses twice; every node id, span and position is in range.
pub fn check_yaml(input: &[u8]) {
    let parsed = yaml::parse(input);
    assert_eq!(
        parsed,
        yaml::parse(input),
        "YAML parse is not deterministic"
    );
    // The quick reader for plain block YAML agrees with the full one.
    assert_eq!(
        parsed,
        yaml::parse_with_full_reader(input, &yaml::Limits::default()),
        "the quick and the full YAML reader differ"
    );
    let len = input.len() as u64;
    match parsed {
        Ok(doc) => {
            let count = doc.len() as u64;
            if let Some(root) = doc.root {
                assert!(u64::from(root) < count, "root {root} of {count} nodes");
            }
            for (i, node) in doc.iter().enumerate() {
                assert!(
                    node.span.start <= node.span.end && u64::from(node.span.end) <= len,
                    "node {i}: span {:?} outside {len} bytes",
                    node.span
                );
                assert!(node.line >= 1 && node.column >= 1, "node {i} at 0");
                match node.kind {
                    NodeKind::Scalar(_) => {}
                    NodeKind::Sequence(items) => {
                        assert!(items.iter().all(|&c| u64::from(c) < count));
                    }
                    NodeKind::Mapping(pairs) => {
                        assert!(pairs
                            .iter()
                            .all(|&(k, v)| u64::from(k) < count && u64::from(v) < count));
                    }
                    NodeKind::Alias(target) => {
                        assert!(u64::from(target) < count, "alias {i} → {target}");
                        assert!(
                            doc.node(target).is_some_and(|t| t.anchor().is_some()),
                            "alias {i} names a node without an anchor"
                        );
                    }
                }
            }
        }
        Err(e) => {
            assert!(e.message.starts_with("yaml: "), "{}", e.message);
            assert!(
                u64::from(e.offset) <= len,
                "error offset {} of {len}",
                e.offset
            );
            if input.starts_with(b"\xFE\xFF") || input.starts_with(b"\xFF\xFE") {
                // UTF-16: the error counts decoded characters, a LineIndex
                // bytes (fuzz_regressions.rs: utf16_error_positions).
                return;
            }
            let lines = LineIndex::new(input);
            let p = lines.position(input, e.offset);
            assert_eq!(
                (e.line, e.column),
                (p.line, p.column),
                "error position does not match its offset {}",
                e.offset
            );
        }
    }
}

/// Imports twice; every snippet's position and every diagnostic is in the text.
pub fn check_lokocfg(text: &str) -> clc_core::lokocfg::Import {
    let import = clc_core::lokocfg::import(text);
    let again = clc_core::lokocfg::import(text);
    assert_eq!(
        import.snippets, again.snippets,
        "import is not deterministic"
    );
    assert_eq!(import.diagnostics, again.diagnostics);
    check_diagnostics(text.as_bytes(), &import.diagnostics, &[]);
    let lines = LineIndex::new(text.as_bytes());
    for s in &import.snippets {
        assert!(
            s.line >= 1 && (s.line as usize) <= lines.line_count(text.as_bytes()) && s.column >= 1,
            "{} at {}:{}",
            s.name,
            s.line,
            s.column
        );
        if s.file.is_some() {
            assert!(s.text.is_empty(), "{}: a file item with text", s.name);
        }
    }
    import
}
