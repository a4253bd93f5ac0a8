//! Single-document conformance with ct v0.9.4: every case under
//! `tests/conformance/ct/` (outputs recorded from the real ct) must give the
//! same stdout (pretty and compact), stderr and exit status.

mod support;

use std::path::Path;

use clc_core::transpile;
use support::*;

/// Runs one case; returns the reasons it fails (empty: it passes).
fn run_case(dir: &Path) -> Vec<String> {
    let input = std::fs::read(dir.join("input.yaml")).unwrap_or_default();
    let args = parse_args(&read_to_string(&dir.join("args")).unwrap_or_default());
    let files = args.files_dir.clone().map(|d| CaseFiles {
        base: dir.to_path_buf(),
        dir: d,
    });
    let options = options(&args, files.as_ref());
    let result = transpile(&input, &options);
    let mut problems = Vec::new();

    let expected_code: i32 = read_to_string(&dir.join("exit_code"))
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(-1);
    if result.exit_code() != expected_code {
        problems.push(format!(
            "exit code {} (ct: {expected_code})",
            result.exit_code()
        ));
    }
    let expected_stderr = read_to_string(&dir.join("stderr.txt")).unwrap_or_default();
    let stderr = result.ct_stderr();
    if stderr != expected_stderr {
        problems.push(format!(
            "stderr differs: {}",
            first_difference(&expected_stderr, &stderr)
        ));
    }
    for (file, pretty) in [("expected.json", true), ("expected.compact.json", false)] {
        let expected = read_to_string(&dir.join(file)).unwrap_or_default();
        let actual = result.stdout(pretty);
        if actual != expected {
            problems.push(format!(
                "{file} differs: {}",
                first_difference(&expected, &actual)
            ));
        }
    }
    // Determinism: the same input gives the same bytes.
    let again = transpile(&input, &options);
    if again.stdout(false) != result.stdout(false) || again.ct_stderr() != stderr {
        problems.push("a second run gave different output".into());
    }
    problems
}

/// Runs every case directory under `root` that has an `input.yaml`;
/// returns (cases run, failure reports).
fn run_all(root: &Path) -> (usize, Vec<String>) {
    let cases: Vec<_> = case_dirs(root)
        .into_iter()
        .filter(|d| d.join("input.yaml").exists())
        .collect();
    let mut failures = Vec::new();
    for dir in &cases {
        let name = dir
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let problems = run_case(dir);
        if !problems.is_empty() {
            failures.push(format!("{name}:\n  {}", problems.join("\n  ")));
        }
    }
    (cases.len(), failures)
}

#[test]
fn ct_single_document_cases() {
    let root = project_root().join("tests/conformance/ct");
    let (total, failures) = run_all(&root);
    assert!(total > 0, "no conformance cases under {}", root.display());
    let passed = total - failures.len();
    println!(
        "ct conformance (single documents): {passed}/{total} passed ({:.1}%)",
        100.0 * passed as f64 / total as f64
    );
    assert!(
        failures.is_empty(),
        "{} failing cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Third-party configs (docs, Typhoon and Lokomotive templates, users'
/// repositories) read in place from `../shared/conformance/real-world`; they
/// are not part of this repository, so the test skips when they are absent.
#[test]
fn real_world_configs() {
    let root = project_root().join("../shared/conformance/real-world");
    if !root.is_dir() {
        println!("SKIPPED real-world configs: {} is absent", root.display());
        return;
    }
    let (total, failures) = run_all(&root);
    println!(
        "real-world configs: {}/{total} passed",
        total - failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} failing configs:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
