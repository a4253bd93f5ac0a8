//! The spec-3 view against the reference corpus: every case with a `spec3/`
//! folder under `tests/conformance/ct/` (see `SPEC3.md` there).
//!
//! * success: the translated config equals `spec3/expected.json` (as JSON
//!   values with units compared by name, and byte for byte since the
//!   reference lists units in first-appearance order too), and the warnings
//!   rebuild `warnings.txt` exactly;
//! * failure: the same error (the whole message for translation errors, the
//!   first line plus the report for engine errors, the panic line for
//!   crashes) and the same crash flag (exit code 2).
//!
//! A second test runs every translated config through `ignition-validate`
//! when that program is installed.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use clc_core::spec3::{self, Spec3Outcome};
use serde_json::Value;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance/ct")
}

struct Case {
    name: String,
    dir: PathBuf,
    input: String,
}

fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    let mut dirs: Vec<PathBuf> = fs::read_dir(corpus())
        .expect("corpus directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("spec3").is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let input_file = if name.starts_with("merge-") {
            let flatcar = dir.join("flatcar-lib/expected_merged.json");
            if flatcar.exists() {
                flatcar
            } else {
                dir.join("expected_merged.json")
            }
        } else {
            dir.join("expected.json")
        };
        let input = fs::read_to_string(&input_file)
            .unwrap_or_else(|e| panic!("{}: {e}", input_file.display()));
        out.push(Case { name, dir, input });
    }
    out
}

/// Units compared as a set keyed by name.
fn normalise(mut v: Value) -> Value {
    if let Some(units) = v
        .get_mut("systemd")
        .and_then(|s| s.get_mut("units"))
        .and_then(Value::as_array_mut)
    {
        units.sort_by(|a, b| a["name"].as_str().cmp(&b["name"].as_str()));
    }
    v
}

fn warnings_text(outcome: &Spec3Outcome) -> String {
    let mut text = String::new();
    if !outcome.warnings.is_empty() {
        text.push_str("--- report returned by config.Parse (logged by Ignition, non-fatal):\n");
        for w in &outcome.warnings {
            text.push_str(w);
            text.push('\n');
        }
        text.push('\n');
    }
    if !outcome.engine_warnings.is_empty() {
        text.push_str("--- engine validation report (non-fatal):\n");
        for w in &outcome.engine_warnings {
            text.push_str(w);
            text.push('\n');
        }
        text.push('\n');
    }
    text
}

fn check_case(case: &Case) -> Result<(), String> {
    let spec3_dir = case.dir.join("spec3");
    let exit_code: i32 = fs::read_to_string(spec3_dir.join("exit_code"))
        .map_err(|e| e.to_string())?
        .trim()
        .parse()
        .map_err(|e| format!("exit_code: {e}"))?;
    let outcome = spec3::translate_json(&case.input).map_err(|e| format!("reading input: {e}"))?;

    if exit_code == 0 {
        if let Some(f) = &outcome.failure {
            return Err(format!("unexpected failure: {}", f.message));
        }
        let got = outcome.config.as_deref().ok_or("no config")?;
        let want =
            fs::read_to_string(spec3_dir.join("expected.json")).map_err(|e| e.to_string())?;
        let got_v: Value = serde_json::from_str(got).map_err(|e| format!("our JSON: {e}"))?;
        let want_v: Value = serde_json::from_str(&want).map_err(|e| e.to_string())?;
        if normalise(got_v) != normalise(want_v) {
            return Err(format!("config differs:\n--- got\n{got}\n--- want\n{want}"));
        }
        if got != want {
            return Err(format!(
                "config equal as JSON but not byte for byte:\n--- got\n{got}\n--- want\n{want}"
            ));
        }
        let want_warnings = fs::read_to_string(spec3_dir.join("warnings.txt")).unwrap_or_default();
        let got_warnings = warnings_text(&outcome);
        if got_warnings != want_warnings {
            return Err(format!(
                "warnings differ:\n--- got\n{got_warnings}--- want\n{want_warnings}"
            ));
        }
        return Ok(());
    }

    let error = fs::read_to_string(spec3_dir.join("error.txt")).map_err(|e| e.to_string())?;
    let failure = outcome.failure.as_ref().ok_or_else(|| {
        format!(
            "expected a failure ({}), got a config",
            error.lines().next().unwrap_or_default()
        )
    })?;
    if failure.crashes != (exit_code == 2) {
        return Err(format!(
            "crash flag {} but exit code {exit_code}",
            failure.crashes
        ));
    }
    let first_line = error.lines().next().unwrap_or_default();
    if failure.message.lines().next() != Some(first_line) {
        return Err(format!(
            "first line differs:\n got: {}\nwant: {first_line}",
            failure.message.lines().next().unwrap_or_default()
        ));
    }
    if failure.message.starts_with(spec3::TRANSLATE_PREFIX) {
        // error.txt holds the whole error string plus a newline.
        let want = error.strip_suffix('\n').unwrap_or(&error);
        if failure.message != want {
            return Err(format!(
                "message differs:\n--- got\n{}\n--- want\n{want}",
                failure.message
            ));
        }
    } else if failure.message == spec3::ENGINE_MESSAGE {
        let want: Vec<&str> = error
            .lines()
            .skip(1)
            .filter(|l| l.contains(" at $."))
            .collect();
        let got: Vec<&str> = failure.details.iter().map(String::as_str).collect();
        if got != want {
            return Err(format!("engine report differs: got {got:?}, want {want:?}"));
        }
    }
    if failure.paths.is_empty() {
        return Err("the failure names no spec-2.3 entry".into());
    }
    Ok(())
}

#[test]
fn spec3_conformance() {
    let cases = cases();
    assert!(!cases.is_empty(), "no spec3 cases found");
    let mut failures = Vec::new();
    for case in &cases {
        if let Err(e) = check_case(case) {
            failures.push(format!("{}: {e}", case.name));
        }
    }
    let passed = cases.len() - failures.len();
    println!(
        "spec3 conformance: {passed}/{} cases pass ({:.1}%)",
        cases.len(),
        100.0 * passed as f64 / cases.len() as f64
    );
    for f in &failures {
        println!("FAIL {f}\n");
    }
    assert!(
        failures.is_empty(),
        "{} spec3 case(s) failed",
        failures.len()
    );
}

/// The one documented disagreement: Flatcar accepts `oem://` sources, which
/// upstream `ignition-validate` (and Ignition itself) dropped.
fn oem_only_disagreement(stdout: &str) -> bool {
    let lines: Vec<&str> = stdout.lines().filter(|l| l.starts_with("error")).collect();
    !lines.is_empty() && lines.iter().all(|l| l.ends_with("invalid url scheme"))
}

fn has_oem_source(config: &str) -> bool {
    config.contains("\"oem://")
}

#[test]
fn spec3_outputs_pass_ignition_validate() {
    let probe = Command::new("ignition-validate").arg("-version").output();
    let version = match probe {
        Ok(out) => String::from_utf8_lossy(&out.stdout).trim().to_owned(),
        Err(_) => {
            println!(
                "note: ignition-validate is not installed (Debian package `ignition`); skipping"
            );
            return;
        }
    };
    println!("using {version}");
    let tmp = std::env::temp_dir().join(format!("clc-spec3-validate-{}", std::process::id()));
    fs::create_dir_all(&tmp).expect("temp dir");
    let mut checked = 0;
    let mut oem_skips = Vec::new();
    let mut failures = Vec::new();
    for case in cases() {
        let Ok(outcome) = spec3::translate_json(&case.input) else {
            continue;
        };
        let Some(config) = outcome.config.filter(|_| outcome.failure.is_none()) else {
            continue;
        };
        let file = tmp.join(format!("{}.ign", case.name));
        fs::write(&file, &config).expect("write temp config");
        let out = Command::new("ignition-validate")
            .arg(&file)
            .output()
            .expect("run ignition-validate");
        let stdout = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        checked += 1;
        if out.status.success() {
            continue;
        }
        if has_oem_source(&config) && oem_only_disagreement(&stdout) {
            oem_skips.push(case.name.clone());
            continue;
        }
        failures.push(format!("{}: {}", case.name, stdout.trim()));
    }
    let _ = fs::remove_dir_all(&tmp);
    println!(
        "ignition-validate: {checked} configs checked, {} rejected only for oem:// sources ({}), {} other failures",
        oem_skips.len(),
        oem_skips.join(", "),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "ignition-validate rejected:\n{}",
        failures.join("\n")
    );
}
