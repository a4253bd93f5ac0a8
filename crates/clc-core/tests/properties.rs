//! Properties of transpile and merge over generated inputs: valid Container
//! Linux Configs from a model, the same with damage done to them, and plain
//! noise. Case counts stay modest so `cargo test` stays quick
//! (`PROPTEST_CASES=5000 cargo test --test properties` for a longer run).

mod invariants;

use std::fmt::Write as _;

use clc_core::ignition::append::append;
use clc_core::ignition::types::Config;
use clc_core::merge::{merge, Document};
use clc_core::{transpile, Options, Phase, PlatformChoice};
use proptest::prelude::*;

// ---- a model of valid configs --------------------------------------------------

#[derive(Clone, Debug)]
struct File {
    path: String,
    mode: u32,
    contents: String,
    owner: Option<String>,
}

#[derive(Clone, Debug)]
struct Link {
    path: String,
    target: String,
}

#[derive(Clone, Debug)]
struct Unit {
    name: String,
    description: String,
    enabled: bool,
    mask: bool,
    dropin: Option<(String, String)>,
}

#[derive(Clone, Debug)]
struct User {
    name: String,
    keys: Vec<String>,
    groups: Vec<String>,
}

#[derive(Clone, Debug)]
struct Model {
    files: Vec<File>,
    directories: Vec<String>,
    links: Vec<Link>,
    units: Vec<Unit>,
    network: Vec<String>,
    users: Vec<User>,
    groups: Vec<(String, Option<u32>)>,
    http_total: Option<u32>,
    append_config: Option<String>,
}

/// A YAML double-quoted scalar holding exactly `s`.
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            ' '..='~' => out.push(c),
            '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FEFE}' | '\u{FF00}'..='\u{FFFD}' => {
                out.push(c)
            }
            c if u32::from(c) <= 0xFFFF => write!(out, "\\u{:04X}", u32::from(c)).unwrap_or(()),
            c => write!(out, "\\U{:08X}", u32::from(c)).unwrap_or(()),
        }
    }
    out.push('"');
    out
}

impl Model {
    fn yaml(&self) -> String {
        let mut y = String::new();
        if self.http_total.is_some() || self.append_config.is_some() {
            y.push_str("ignition:\n");
            if let Some(source) = &self.append_config {
                let _ = write!(y, "  config:\n    append:\n      - source: {source}\n");
            }
            if let Some(t) = self.http_total {
                let _ = writeln!(y, "  timeouts:\n    http_total: {t}");
            }
        }
        if !(self.files.is_empty() && self.directories.is_empty() && self.links.is_empty()) {
            y.push_str("storage:\n");
        }
        if !self.files.is_empty() {
            y.push_str("  files:\n");
            for f in &self.files {
                let _ = write!(
                    y,
                    "    - path: {}\n      filesystem: root\n      mode: 0{:o}\n      contents:\n        inline: {}\n",
                    f.path,
                    f.mode,
                    quoted(&f.contents)
                );
                if let Some(owner) = &f.owner {
                    let _ = write!(y, "      user:\n        name: {owner}\n");
                }
            }
        }
        if !self.directories.is_empty() {
            y.push_str("  directories:\n");
            for d in &self.directories {
                let _ = write!(y, "    - path: {d}\n      mode: 0755\n");
            }
        }
        if !self.links.is_empty() {
            y.push_str("  links:\n");
            for l in &self.links {
                let _ = write!(y, "    - path: {}\n      target: {}\n", l.path, l.target);
            }
        }
        if !self.units.is_empty() {
            y.push_str("systemd:\n  units:\n");
            for u in &self.units {
                let _ = writeln!(y, "    - name: {}", u.name);
                if u.mask {
                    y.push_str("      mask: true\n");
                }
                if u.enabled {
                    y.push_str("      enabled: true\n");
                }
                let _ = write!(
                    y,
                    "      contents: |\n        [Unit]\n        Description={}\n        [Service]\n        ExecStart=/usr/bin/true\n",
                    u.description
                );
                if u.enabled {
                    y.push_str("        [Install]\n        WantedBy=multi-user.target\n");
                }
                if let Some((name, env)) = &u.dropin {
                    let _ = write!(
                        y,
                        "      dropins:\n        - name: {name}\n          contents: \"[Service]\\nEnvironment={env}\\n\"\n"
                    );
                }
            }
        }
        if !self.network.is_empty() {
            y.push_str("networkd:\n  units:\n");
            for n in &self.network {
                let _ = write!(
                    y,
                    "    - name: {n}\n      contents: |\n        [Match]\n        Name=eth0\n\n        [Network]\n        DHCP=yes\n"
                );
            }
        }
        if !(self.users.is_empty() && self.groups.is_empty()) {
            y.push_str("passwd:\n");
        }
        if !self.users.is_empty() {
            y.push_str("  users:\n");
            for u in &self.users {
                let _ = writeln!(y, "    - name: {}", u.name);
                if !u.keys.is_empty() {
                    y.push_str("      ssh_authorized_keys:\n");
                    for k in &u.keys {
                        let _ = writeln!(y, "        - {}", quoted(k));
                    }
                }
                if !u.groups.is_empty() {
                    let _ = writeln!(y, "      groups: [{}]", u.groups.join(", "));
                }
            }
        }
        if !self.groups.is_empty() {
            y.push_str("  groups:\n");
            for (name, gid) in &self.groups {
                let _ = writeln!(y, "    - name: {name}");
                if let Some(gid) = gid {
                    let _ = writeln!(y, "      gid: {gid}");
                }
            }
        }
        y
    }
}

/// Directory names: letters only, so a generated entry's own name (which
/// always holds a digit) never doubles as another entry's parent.
fn dir_path() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["/etc", "/opt", "/var/lib", "/home/core", "/srv"]),
        prop::collection::vec("[a-z]{1,8}", 0..3),
    )
        .prop_map(|(root, parts)| {
            let mut p = root.to_owned();
            for part in parts {
                p.push('/');
                p.push_str(&part);
            }
            p
        })
}

fn contents() -> impl Strategy<Value = String> {
    prop_oneof![
        "[ -~\n\t]{0,80}",
        prop::collection::vec(any::<char>(), 0..24).prop_map(|v| v.into_iter().collect()),
        Just(String::new()),
    ]
}

fn model() -> impl Strategy<Value = Model> {
    let files = prop::collection::vec(
        (
            dir_path(),
            "[a-z][a-z0-9._-]{0,8}",
            prop_oneof![
                prop::sample::select(vec![0o644u32, 0o600, 0o755, 0o400, 0o440]),
                0u32..=0o777
            ],
            contents(),
            prop::option::of(Just("core".to_owned())),
        ),
        0..4,
    );
    let directories = prop::collection::vec((dir_path(), "[a-z]{1,6}"), 0..3);
    let links = prop::collection::vec((dir_path(), "[a-z]{1,6}", "/opt/bin/[a-z]{1,8}"), 0..3);
    let units = prop::collection::vec(
        (
            "[a-z]{1,10}",
            "[A-Za-z0-9 ]{0,20}",
            any::<bool>(),
            any::<bool>(),
            prop::option::of(("[a-z]{1,6}", "[A-Z]{1,4}=[a-z0-9]{0,6}")),
        ),
        0..3,
    );
    let network = prop::collection::vec("[a-z]{1,8}", 0..2);
    let users = prop::collection::vec(
        (
            "[a-z]{1,8}",
            prop::collection::vec("ssh-ed25519 AAAA[A-Za-z0-9+/]{8,24}", 0..3),
            prop::collection::vec(prop::sample::select(vec!["wheel", "docker", "sudo"]), 0..3),
        ),
        0..3,
    );
    let groups = prop::collection::vec(("[a-z]{1,8}", prop::option::of(1000u32..60000)), 0..2);
    (
        (files, directories, links),
        (units, network),
        (users, groups),
        prop::option::of(0u32..600),
        prop::option::of("[a-z]{1,8}".prop_map(|h| format!("https://{h}.example.com/extra.ign"))),
        0usize..1000,
    )
        .prop_map(
            |(
                (files, directories, links),
                (units, network),
                (users, groups),
                http_total,
                append_config,
                tag,
            )| {
                // Names carry their kind, their index and the model's tag,
                // so they are unique within a document and across documents.
                Model {
                    files: files
                        .into_iter()
                        .enumerate()
                        .map(|(i, (dir, name, mode, contents, owner))| File {
                            path: format!("{dir}/f{tag}x{i}-{name}"),
                            mode,
                            contents,
                            owner,
                        })
                        .collect(),
                    directories: directories
                        .into_iter()
                        .enumerate()
                        .map(|(i, (dir, name))| format!("{dir}/d{tag}x{i}-{name}"))
                        .collect(),
                    links: links
                        .into_iter()
                        .enumerate()
                        .map(|(i, (dir, name, target))| Link {
                            path: format!("{dir}/l{tag}x{i}-{name}"),
                            target,
                        })
                        .collect(),
                    units: units
                        .into_iter()
                        .enumerate()
                        .map(|(i, (name, description, enabled, mask, dropin))| Unit {
                            name: format!("{name}{tag}x{i}.service"),
                            description,
                            enabled,
                            mask,
                            dropin: dropin.map(|(n, env)| (format!("10-{n}.conf"), env)),
                        })
                        .collect(),
                    network: network
                        .into_iter()
                        .enumerate()
                        .map(|(i, n)| format!("{i:02}-{n}{tag}.network"))
                        .collect(),
                    users: users
                        .into_iter()
                        .enumerate()
                        .map(|(i, (name, keys, groups))| User {
                            name: format!("{name}{tag}x{i}"),
                            keys,
                            groups: groups.into_iter().map(str::to_owned).collect(),
                        })
                        .collect(),
                    groups: groups
                        .into_iter()
                        .enumerate()
                        .map(|(i, (name, gid))| (format!("{name}{tag}x{i}"), gid))
                        .collect(),
                    http_total,
                    append_config,
                }
            },
        )
}

// ---- damaged and noisy inputs --------------------------------------------------

/// Bytes worth inserting into YAML: indicators, line breaks, tabs, parts of
/// multi-byte characters, a BOM's first byte.
const INTERESTING: &[u8] = b":-? \n\r\t\"'&*!{}[],#|>%@`~0\xc3\xa9\xe2\x80\xa8\xef\x00";

#[derive(Clone, Debug)]
enum Edit {
    Insert(usize, u8),
    Delete(usize),
    Replace(usize, u8),
    Duplicate(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let byte = prop_oneof![prop::sample::select(INTERESTING.to_vec()), any::<u8>()];
    prop_oneof![
        (any::<usize>(), byte.clone()).prop_map(|(i, b)| Edit::Insert(i, b)),
        any::<usize>().prop_map(Edit::Delete),
        (any::<usize>(), byte).prop_map(|(i, b)| Edit::Replace(i, b)),
        (any::<usize>(), 1usize..40).prop_map(|(i, n)| Edit::Duplicate(i, n)),
    ]
}

fn damage(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        let len = bytes.len();
        match *e {
            Edit::Insert(i, b) => bytes.insert(i % (len + 1), b),
            Edit::Delete(i) if len > 0 => {
                bytes.remove(i % len);
            }
            Edit::Replace(i, b) if len > 0 => bytes[i % len] = b,
            Edit::Duplicate(i, n) if len > 0 => {
                let start = i % len;
                let end = (start + n).min(len);
                let copy = bytes[start..end].to_vec();
                bytes.splice(start..start, copy);
            }
            _ => {}
        }
    }
    bytes
}

/// Text edits a person makes: CRLF line ends, a BOM, a typo in a key, a
/// relative path, a decimal mode, a tab, non-ASCII comments.
fn human_damage(yaml: &str, which: u8) -> String {
    match which % 8 {
        0 => yaml.replace('\n', "\r\n"),
        1 => format!("\u{FEFF}{yaml}"),
        2 => yaml.replacen("path:", "paht:", 1),
        3 => yaml.replacen("path: /", "path: ", 1),
        4 => yaml.replacen("mode: 0", "mode: ", 1),
        5 => yaml.replacen("  ", "\t", 1),
        6 => yaml.replace('\n', " # ünïcödé ✓ 😀\n"),
        _ => format!("{yaml}extra:\n  - é\n"),
    }
}

fn any_input() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        model().prop_map(|m| m.yaml().into_bytes()),
        (model(), prop::collection::vec(edit(), 1..6))
            .prop_map(|(m, edits)| damage(m.yaml().into_bytes(), &edits)),
        (model(), any::<u8>()).prop_map(|(m, w)| human_damage(&m.yaml(), w).into_bytes()),
        prop::collection::vec(any::<u8>(), 0..200),
        prop::collection::vec(prop::sample::select(INTERESTING.to_vec()), 0..120),
    ]
}

fn platform() -> impl Strategy<Value = PlatformChoice> {
    any::<u8>().prop_map(invariants::platform_from)
}

/// No platform or one ct knows (an unknown one fails every conversion).
fn known_platform() -> impl Strategy<Value = PlatformChoice> {
    platform().prop_filter("a platform ct knows", |p| {
        !matches!(p, PlatformChoice::Unknown(_))
    })
}

// ---- helpers -------------------------------------------------------------------

/// The bytes a `data:,` URL holds (percent-decoded; ct never uses base64
/// for inline contents).
fn data_url_bytes(source: &str) -> Vec<u8> {
    let body = source.strip_prefix("data:,").expect("a data URL");
    let raw = body.as_bytes();
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'%' && i + 2 < raw.len() {
            let hex = std::str::from_utf8(&raw[i + 1..i + 3]).expect("hex digits");
            out.push(u8::from_str_radix(hex, 16).expect("hex digits"));
            i += 3;
        } else {
            out.push(raw[i]);
            i += 1;
        }
    }
    out
}

fn converted(yaml: &str, options: &Options<'_>) -> Config {
    let t = transpile(yaml.as_bytes(), options);
    assert!(t.success(), "{}\n---\n{yaml}", t.ct_stderr());
    t.config.expect("a config")
}

fn docs<'a>(texts: &[&'a [u8]]) -> Vec<Document<'a>> {
    texts
        .iter()
        .enumerate()
        .map(|(i, text)| Document {
            name: if i == 0 {
                "base".into()
            } else {
                format!("snippet {i}")
            },
            text,
        })
        .collect()
}

// ---- properties ----------------------------------------------------------------

/// 128 cases a property, or `PROPTEST_CASES` for a longer run.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(128)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    /// Same input, same options: same outcome, config and diagnostics; every
    /// span in the input with the right line and column; JSON that parses.
    #[test]
    fn transpile_is_deterministic_and_well_formed(
        input in any_input(),
        platform in platform(),
        strict in any::<bool>(),
        snippet in any::<bool>(),
    ) {
        let options = Options { platform, strict, terraform_snippet: snippet, ..Options::default() };
        invariants::check_transpile(&input, &options);
    }

    /// Every diagnostic's byte range lies in its document, on character
    /// boundaries, and its line/column are the LineIndex's for that range.
    #[test]
    fn diagnostic_ranges_match_lines_and_columns(
        m in model(),
        which in any::<u8>(),
        edits in prop::collection::vec(edit(), 0..3),
    ) {
        let input = damage(human_damage(&m.yaml(), which).into_bytes(), &edits);
        let t = transpile(&input, &Options::default());
        invariants::check_diagnostics(&input, &t.diagnostics, &[]);
    }

    /// The pretty and compact outputs are the same JSON value.
    #[test]
    fn pretty_and_compact_are_the_same_json(m in model(), platform in known_platform()) {
        let t = transpile(m.yaml().as_bytes(), &Options { platform, ..Options::default() });
        if let Some(config) = &t.config {
            let compact: serde_json::Value = serde_json::from_str(&t.stdout(false)).expect("compact JSON");
            let pretty: serde_json::Value = serde_json::from_str(&t.stdout(true)).expect("pretty JSON");
            prop_assert_eq!(&compact, &pretty);
            prop_assert_eq!(compact, invariants::check_config_json(config));
        }
    }

    /// A generated valid config converts, strictly, to Ignition 2.3.0 with
    /// every entry in place and every file's contents intact.
    #[test]
    fn valid_configs_convert_to_ignition_2_3(m in model()) {
        let yaml = m.yaml();
        let strict = Options { strict: true, ..Options::default() };
        let config = converted(&yaml, &strict);
        let json = invariants::check_config_json(&config);
        prop_assert_eq!(&json["ignition"]["version"], "2.3.0");

        prop_assert_eq!(config.storage.files.len(), m.files.len());
        for (f, want) in config.storage.files.iter().zip(&m.files) {
            prop_assert_eq!(&f.path, &want.path);
            prop_assert_eq!(f.mode, Some(i64::from(want.mode)));
            let source = f.contents.source.as_str();
            prop_assert_eq!(data_url_bytes(source), want.contents.as_bytes().to_vec(), "{}", source);
        }
        let dirs: Vec<&str> = config.storage.directories.iter().map(|d| d.path.as_str()).collect();
        prop_assert_eq!(dirs, m.directories.iter().map(String::as_str).collect::<Vec<_>>());
        let links: Vec<(&str, &str)> = config.storage.links.iter().map(|l| (l.path.as_str(), l.target.as_str())).collect();
        prop_assert_eq!(links, m.links.iter().map(|l| (l.path.as_str(), l.target.as_str())).collect::<Vec<_>>());
        let units: Vec<&str> = config.systemd.units.iter().map(|u| u.name.as_str()).collect();
        prop_assert_eq!(units, m.units.iter().map(|u| u.name.as_str()).collect::<Vec<_>>());
        prop_assert_eq!(config.networkd.units.len(), m.network.len());
        let users: Vec<&str> = config.passwd.users.iter().map(|u| u.name.as_str()).collect();
        prop_assert_eq!(users, m.users.iter().map(|u| u.name.as_str()).collect::<Vec<_>>());
        prop_assert_eq!(config.passwd.groups.len(), m.groups.len());
        prop_assert_eq!(config.ignition.timeouts.http_total, m.http_total.map(i64::from));
    }

    /// Merging one document is transpiling it: the same config, and (the
    /// provider judges strictness on ct's parse report only) a strict merge
    /// fails exactly when that report has entries.
    #[test]
    fn merging_one_document_is_transpiling_it(
        input in any_input(),
        platform in platform(),
        strict in any::<bool>(),
    ) {
        let options = Options { platform, strict, ..Options::default() };
        let lenient = Options { strict: false, ..options.clone() };
        let alone = transpile(&input, &lenient);
        let merged = merge(&docs(&[&input]), &options);
        let parse_report = alone.diagnostics.iter().any(|d| d.phase == Phase::Parse);
        let expected = if strict && parse_report { None } else { alone.config.clone() };
        prop_assert_eq!(&merged.config, &expected, "{:?}", merged.error);
        prop_assert_eq!(merged.success(), expected.is_some());
        if let Some(config) = &expected {
            prop_assert_eq!(merged.rendered(false), Some(config.to_json(false)));
            prop_assert_eq!(merged.rendered(true), Some(config.to_json(true)));
        }
    }

    /// Ignition's append is associative, so merging three documents is the
    /// same whichever pair is combined first: merge(merge(a,b),c) ≡
    /// merge(a,merge(b,c)) at the Ignition level.
    #[test]
    fn merge_is_associative(a in model(), b in model(), c in model(), platform in known_platform()) {
        let options = Options { platform, ..Options::default() };
        let (ya, yb, yc) = (a.yaml(), b.yaml(), c.yaml());
        let (ca, cb, cc) = (converted(&ya, &options), converted(&yb, &options), converted(&yc, &options));
        let left = append(append(ca.clone(), cb.clone()), cc.clone());
        let right = append(ca, append(cb, cc));
        prop_assert_eq!(&left, &right);
        prop_assert_eq!(left.to_json(false), right.to_json(false));

        let all = invariants::check_merge(&docs(&[ya.as_bytes(), yb.as_bytes(), yc.as_bytes()]), &options);
        prop_assert_eq!(all.config.as_ref(), Some(&left), "{:?}", all.error);
        let first_two = merge(&docs(&[ya.as_bytes(), yb.as_bytes()]), &options);
        let then_c = append(first_two.config.expect("a and b merge"), converted(&yc, &options));
        prop_assert_eq!(Some(&then_c), all.config.as_ref());
    }

    /// A merge of damaged documents keeps every diagnostic in its own
    /// document, is deterministic and, when it succeeds, is the fold of append.
    #[test]
    fn merges_of_damaged_documents_are_well_formed(
        inputs in prop::collection::vec(any_input(), 1..4),
        strict in any::<bool>(),
    ) {
        let refs: Vec<&[u8]> = inputs.iter().map(Vec::as_slice).collect();
        invariants::check_merge(&docs(&refs), &Options { strict, ..Options::default() });
    }
}
