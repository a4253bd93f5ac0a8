//! The `clc` binary, run as a user runs it, on a few conformance cases.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn case(name: &str) -> PathBuf {
    root().join("tests/conformance/ct").join(name)
}

fn clc(args: &[&str], stdin: &[u8], cwd: &Path) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_clc"))
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("clc starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin)
        .expect("write stdin");
    child.wait_with_output().expect("clc finishes")
}

fn read(path: PathBuf) -> Vec<u8> {
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// stdout, stderr (ct format) and exit status equal ct's for the case.
fn assert_like_ct(name: &str) {
    let dir = case(name);
    let input = read(dir.join("input.yaml"));
    let extra = String::from_utf8(read(dir.join("args"))).unwrap_or_default();
    let mut args = vec!["transpile", "--message-format=ct"];
    args.extend(extra.split_whitespace());
    let code: i32 = String::from_utf8_lossy(&read(dir.join("exit_code")))
        .trim()
        .parse()
        .unwrap_or(-1);

    let pretty: Vec<&str> = args.iter().copied().chain(["--pretty"]).collect();
    let out = clc(&pretty, &input, &dir);
    assert_eq!(out.status.code(), Some(code), "{name}: exit status");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&read(dir.join("stderr.txt"))),
        "{name}: stderr"
    );
    if code == 0 {
        assert_eq!(
            out.stdout,
            read(dir.join("expected.json")),
            "{name}: pretty stdout"
        );
        let compact = clc(&args, &input, &dir);
        assert_eq!(
            compact.stdout,
            read(dir.join("expected.compact.json")),
            "{name}: compact stdout"
        );
    } else {
        assert!(out.stdout.is_empty(), "{name}: no stdout on failure");
    }
}

#[test]
fn matches_ct_on_sample_cases() {
    for name in [
        "full-node",
        "multiple-errors",
        "yaml-bad-syntax",
        "files-local-missing",
        "platform-packet",
        "strict-warning-fails",
    ] {
        if case(name).is_dir() {
            assert_like_ct(name);
        }
    }
}

#[test]
fn in_and_out_files() {
    let dir = std::env::temp_dir().join(format!("clc-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let input = dir.join("in.yaml");
    let output = dir.join("out.json");
    std::fs::write(&input, b"passwd:\n  users:\n    - name: core\n").expect("write input");
    let out = clc(
        &[
            "transpile",
            "--in-file",
            input.to_str().unwrap_or_default(),
            "-out-file",
            output.to_str().unwrap_or_default(),
        ],
        b"",
        &dir,
    );
    assert!(out.status.success());
    let json = std::fs::read_to_string(&output).expect("output written");
    assert!(json.contains(r#""users":[{"name":"core"}]"#), "{json}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn human_format_shows_a_code_frame() {
    let out = clc(
        &["transpile"],
        b"storage:\n  files:\n    - path: relative\n      mode: 0644\n",
        &root(),
    );
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(
        text.contains("error[path-not-absolute]: path not absolute"),
        "{text}"
    );
    assert!(text.contains("<stdin>:3:13"), "{text}");
    assert!(text.contains("3 |     - path: relative"), "{text}");
}

#[test]
fn json_format_lists_diagnostics() {
    let out = clc(
        &["transpile", "--message-format", "json"],
        b"storage:\n  files:\n    - path: /x\n",
        &root(),
    );
    assert!(out.status.success());
    let list: serde_json::Value = serde_json::from_slice(&out.stderr).expect("JSON on stderr");
    assert_eq!(list[0]["code"], "mode-unset");
    assert_eq!(list[0]["start"]["line"], 3);
    assert_eq!(list[0]["path"], "storage.files[0].mode");
}

#[test]
fn usage_errors_exit_2() {
    let out = clc(&["transpile", "--no-such-flag"], b"", &root());
    assert_eq!(out.status.code(), Some(2));
    let help = clc(&["--help"], b"", &root());
    assert!(help.status.success());
    assert!(String::from_utf8_lossy(&help.stdout).contains("clc transpile"));
}

#[test]
fn merge_names_the_failing_snippet() {
    let dir = std::env::temp_dir().join(format!("clc-merge-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(
        dir.join("base.yaml"),
        b"passwd:\n  users:\n    - name: core\n",
    )
    .expect("write");
    std::fs::write(
        dir.join("bad.yaml"),
        b"storage:\n  files:\n    - path: nope\n      mode: 0644\n",
    )
    .expect("write");
    let out = clc(&["merge", "base.yaml", "bad.yaml"], b"", &dir);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("bad.yaml:3:13"), "{text}");
    let out = clc(
        &["merge", "--message-format=ct", "base.yaml", "bad.yaml"],
        b"",
        &dir,
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error converting to Ignition: error at line 3, column 13\npath not absolute\n"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn merge_with_a_preset_and_the_spec3_view() {
    let dir = std::env::temp_dir().join(format!("clc-preset-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(
        dir.join("hello.yaml"),
        b"systemd:\n  units:\n    - name: helloworld.service\n      dropins:\n        - name: 10-helloworld.conf\n          contents: |\n            [Install]\n            WantedBy=multi-user.target\n",
    )
    .expect("write");
    let out = clc(
        &["merge", "--preset", "equinix-worker", "hello.yaml"],
        b"",
        &dir,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let merged: serde_json::Value = serde_json::from_slice(&out.stdout).expect("merged JSON");
    assert_eq!(merged["ignition"]["version"], "2.3.0");
    let out = clc(
        &[
            "merge",
            "--preset",
            "equinix-worker",
            "--spec",
            "3",
            "hello.yaml",
        ],
        b"",
        &dir,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let spec3: serde_json::Value = serde_json::from_slice(&out.stdout).expect("spec-3 JSON");
    assert_eq!(spec3["ignition"]["version"], "3.1.0");
    // A file defined twice boots on old Flatcar, fails on new.
    std::fs::write(
        dir.join("dup.yaml"),
        b"storage:\n  files:\n    - path: /etc/x\n      mode: 0644\n",
    )
    .expect("write");
    let out = clc(&["merge", "--spec=3", "dup.yaml", "dup.yaml"], b"", &dir);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("conflicting inodes"));
    let out = clc(&["merge", "--preset", "nope"], b"", &dir);
    assert_eq!(out.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}
