//! The checks on merged configs that ct and the provider never make: each
//! fires on a config that has the problem and stays quiet on one that does not.

use clc_core::merge::{merge, Document, Merged};
use clc_core::{transpile, Options, PlatformChoice};

fn merged(docs: &[(&str, &str)]) -> Merged {
    merged_on(docs, PlatformChoice::None)
}

fn merged_on(docs: &[(&str, &str)], platform: PlatformChoice) -> Merged {
    let inputs: Vec<Document<'_>> = docs
        .iter()
        .map(|(name, text)| Document {
            name: (*name).to_owned(),
            text: text.as_bytes(),
        })
        .collect();
    merge(
        &inputs,
        &Options {
            platform,
            ..Options::default()
        },
    )
}

fn codes(m: &Merged) -> Vec<(String, &'static str)> {
    m.diagnostics()
        .filter(|(_, d)| d.phase == clc_core::Phase::Lint)
        .map(|(doc, d)| (doc.to_owned(), d.code))
        .collect()
}

const CORE: &str =
    "passwd:\n  users:\n    - name: core\n      ssh_authorized_keys: [\"ssh-ed25519 AAAA a@b\"]\n";
const DAEMON: &str = "storage:\n  files:\n    - path: /etc/docker/daemon.json\n      mode: 0644\n      contents:\n        inline: '{}'\n";

#[test]
fn duplicate_paths_point_at_both_documents() {
    let m = merged(&[("base", DAEMON), ("snippet 1", DAEMON)]);
    assert!(m.success());
    let (doc, d) = m
        .diagnostics()
        .find(|(_, d)| d.code == "duplicate-path")
        .expect("duplicate-path");
    assert_eq!(doc, "snippet 1");
    assert_eq!(d.span.map(|s| s.start.line), Some(3));
    assert_eq!(d.related.len(), 1);
    assert_eq!(d.related[0].document.as_deref(), Some("base"));
    assert_eq!(d.related[0].span.map(|s| s.start.line), Some(3));
    assert!(d
        .help
        .as_deref()
        .unwrap_or("")
        .contains("conflicting inodes"));
    let single = merged(&[("base", DAEMON)]);
    assert!(codes(&single).is_empty());
}

#[test]
fn duplicate_users_and_units() {
    let unit = "systemd:\n  units:\n    - name: a.service\n      enabled: true\n      contents: \"[Service]\\nExecStart=/bin/true\\n[Install]\\nWantedBy=multi-user.target\\n\"\n";
    let m = merged(&[
        ("base", CORE),
        ("snippet 1", CORE),
        ("snippet 2", unit),
        ("snippet 3", unit),
    ]);
    let found = codes(&m);
    assert!(
        found.contains(&("snippet 1".into(), "duplicate-user")),
        "{found:?}"
    );
    assert!(
        found.contains(&("snippet 3".into(), "duplicate-unit")),
        "{found:?}"
    );
    let m = merged(&[("base", CORE), ("snippet 1", unit)]);
    assert!(codes(&m).is_empty(), "{:?}", codes(&m));
}

#[test]
fn enabled_without_install_across_documents() {
    let base = "systemd:\n  units:\n    - name: b.service\n      contents: \"[Service]\\nExecStart=/bin/true\\n\"\n";
    let enable = "systemd:\n  units:\n    - name: b.service\n      enabled: true\n";
    let m = merged(&[("base", base), ("snippet 1", enable)]);
    assert!(codes(&m)
        .iter()
        .any(|(_, c)| *c == "enabled-without-install"));
    let dropin = "systemd:\n  units:\n    - name: b.service\n      enabled: true\n      dropins:\n        - name: 10-install.conf\n          contents: \"[Install]\\nWantedBy=multi-user.target\\n\"\n";
    let m = merged(&[("base", base), ("snippet 1", dropin)]);
    assert!(!codes(&m)
        .iter()
        .any(|(_, c)| *c == "enabled-without-install"));
}

#[test]
fn file_colliding_with_a_unit() {
    let snippet = "storage:\n  files:\n    - path: /etc/systemd/system/c.service\n      mode: 0644\nsystemd:\n  units:\n    - name: c.service\n      contents: \"[Service]\\nExecStart=/bin/true\\n\"\n";
    let m = merged(&[("base", CORE), ("snippet 1", snippet)]);
    assert!(codes(&m).contains(&("snippet 1".into(), "file-unit-conflict")));
    let other = snippet.replace(
        "/etc/systemd/system/c.service",
        "/etc/systemd/system/d.service",
    );
    let m = merged(&[("base", CORE), ("snippet 1", &other)]);
    assert!(!codes(&m).iter().any(|(_, c)| *c == "file-unit-conflict"));
}

#[test]
fn decimal_modes_and_usr_paths_in_one_document() {
    let input = "storage:\n  files:\n    - path: /usr/local/bin/x\n      mode: 755\n    - path: /etc/y\n      mode: 0644\n    - path: /etc/z\n      mode: 420\n    - path: /etc/w\n      mode: 400\n";
    let t = transpile(input.as_bytes(), &Options::default());
    assert!(t.success());
    let lints: Vec<_> = t
        .diagnostics
        .iter()
        .filter(|d| d.phase == clc_core::Phase::Lint)
        .collect();
    let codes: Vec<&str> = lints.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["decimal-mode", "decimal-mode", "read-only-path"]);
    assert!(lints[0].message.contains("0o1363"), "{}", lints[0].message);
    assert!(lints[0].help.as_deref().unwrap_or("").contains("0755"));
    assert_eq!(
        lints[0].span.map(|s| (s.start.line, s.start.column)),
        Some((4, 13))
    );
    // Lints never change ct's report.
    assert_eq!(t.ct_stderr(), "");
}

#[test]
fn terraform_hazards_only_in_user_snippets() {
    let snippet = "systemd:\n  units:\n    - name: e.service\n      contents: \"[Service]\\nExecStart=/bin/echo ${HOME}\\n\"\n";
    let m = merged(&[("base", snippet), ("snippet 1", snippet)]);
    let found = codes(&m);
    assert!(
        found.contains(&("snippet 1".into(), "terraform-interpolation")),
        "{found:?}"
    );
    assert!(
        !found.contains(&("base".into(), "terraform-interpolation")),
        "{found:?}"
    );
}

#[test]
fn user_data_size_per_platform() {
    let big = format!(
        "storage:\n  files:\n    - path: /etc/big\n      mode: 0644\n      contents:\n        inline: \"{}\"\n",
        "x".repeat(20_000)
    );
    let m = merged_on(&[("base", &big)], PlatformChoice::parse("ec2"));
    assert!(codes(&m).iter().any(|(_, c)| *c == "user-data-size"));
    let m = merged_on(&[("base", &big)], PlatformChoice::parse("packet"));
    assert!(!codes(&m).iter().any(|(_, c)| *c == "user-data-size"));
}
