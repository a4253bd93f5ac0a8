//! Merge conformance with the terraform ct provider: every `merge-*` case
//! under `tests/conformance/ct/` must render the same merged config (compact
//! and pretty) or fail with the same error. Where the provider's CoreOS ct
//! and Flatcar's ct disagree (`flatcar-lib/`), we follow Flatcar's.

mod support;

use std::path::Path;

use clc_core::merge::{merge, Document};
use support::*;

fn documents(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut docs = vec![(
        "base".to_owned(),
        std::fs::read(dir.join("base.yaml")).unwrap_or_default(),
    )];
    for n in 1.. {
        let path = dir.join(format!("snippet-{n}.yaml"));
        let Ok(text) = std::fs::read(&path) else {
            break;
        };
        docs.push((format!("snippet {n}"), text));
    }
    docs
}

fn expected(dir: &Path, file: &str) -> Option<String> {
    read_to_string(&dir.join("flatcar-lib").join(file)).or_else(|| read_to_string(&dir.join(file)))
}

fn run_case(dir: &Path) -> Vec<String> {
    let docs = documents(dir);
    let inputs: Vec<Document<'_>> = docs
        .iter()
        .map(|(name, text)| Document {
            name: name.clone(),
            text,
        })
        .collect();
    let args = parse_args(&read_to_string(&dir.join("args")).unwrap_or_default());
    let merged = merge(&inputs, &options(&args, None));
    let mut problems = Vec::new();
    match expected(dir, "error.txt") {
        Some(error) => {
            let actual = merged.error.clone().map(|e| e + "\n").unwrap_or_default();
            if actual != error {
                problems.push(format!(
                    "error differs: {}",
                    first_difference(&error, &actual)
                ));
            }
        }
        None => {
            for (file, pretty) in [
                ("expected_merged.json", true),
                ("expected_merged.compact.json", false),
            ] {
                let want = expected(dir, file).unwrap_or_default();
                let got = merged
                    .rendered(pretty)
                    .unwrap_or_else(|| format!("<error: {:?}>", merged.error));
                if got != want {
                    problems.push(format!("{file} differs: {}", first_difference(&want, &got)));
                }
            }
        }
    }
    problems
}

#[test]
fn provider_merge_cases() {
    let root = project_root().join("tests/conformance/ct");
    let cases: Vec<_> = case_dirs(&root)
        .into_iter()
        .filter(|d| d.join("base.yaml").exists())
        .collect();
    assert!(!cases.is_empty(), "no merge cases under {}", root.display());
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
    let passed = cases.len() - failures.len();
    println!(
        "provider merge conformance: {passed}/{} passed",
        cases.len()
    );
    assert!(
        failures.is_empty(),
        "{} failing cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
