//! The tables as a merged config leaves them: which runtime properties and
//! kubelet directories a document changed, the kubelet's mounts, and whether
//! the kubelet container sees each path the config writes.
//!
//! The config is read the way Ignition 2.x (Flatcar before 3185) applies it:
//! the merged lists are the documents' lists one after another, files are
//! written before units, and a later entry for the same path or drop-in
//! replaces an earlier one. systemd then reads a unit's file and its drop-ins
//! in name order.

use serde_json::{Map, Value};

use super::systemd::{environment_assignments, parse_unit, split_words, var_ref, VarRef};
use super::{Access, RuntimeProperty, CURRENT_MOUNTS, DIRECTORIES, RUNTIME};
use crate::ignition::types::{Config, File};
use crate::merge::Merged;
use crate::path::ConfigPath;

/// Where a value comes from: a document, a place in its Container Linux
/// Config, and what is there.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Origin {
    /// The document's name in the merge (`base`, `snippet 1`, …).
    pub document: String,
    /// The place in that document's Container Linux Config:
    /// `storage.files[2].contents`, `systemd.units[0].dropins[1].contents`,
    /// `docker.flags`.
    pub path: ConfigPath,
    pub detail: String,
}

/// One runtime property of the merged config.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EffectiveRuntimeRow {
    pub property: RuntimeProperty,
    pub name: &'static str,
    /// What a Lokomotive node has without snippets.
    pub default: &'static str,
    /// What this config gives.
    pub effective: String,
    /// The setting that changed the value, when one did.
    pub overridden_by: Option<Origin>,
}

/// What the kubelet container sees of a host path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Visibility {
    ReadOnly,
    ReadWrite,
    NotVisible,
}

/// One mount of the kubelet container.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Mount {
    pub container_path: String,
    pub host_path: String,
    /// The options as written (`ro`, `bind-propagation=rshared`).
    pub options: String,
    pub access: Access,
}

/// How a host path appears in the kubelet container.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Seen {
    pub visibility: Visibility,
    /// The mount it is seen through (longest matching host path).
    pub via: Option<Mount>,
    /// Where the kubelet sees it.
    pub container_path: Option<String>,
}

/// One kubelet directory of the merged config.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EffectiveDirectory {
    /// `pod-manifest-path`.
    pub setting: &'static str,
    pub flag: &'static str,
    pub default: &'static str,
    /// The directory the kubelet uses (a path inside its container).
    pub effective: String,
    pub overridden_by: Option<Origin>,
    /// Whether that directory is the host's, and through which mount.
    pub seen: Seen,
    /// The host directory behind it.
    pub host_path: Option<String>,
}

/// What a config entry creates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum PathKind {
    File,
    Directory,
    Link,
}

/// A path the config writes (a file, directory or link entry).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WrittenPath {
    /// The path as written in the config.
    pub path: String,
    /// The Ignition filesystem name (`root`, `OEM`).
    pub filesystem: String,
    /// Where it is on the booted host, when known.
    pub host_path: Option<String>,
    pub document: String,
    /// The entry in the document's Container Linux Config:
    /// `storage.files[3]`.
    pub config_path: ConfigPath,
    pub kind: PathKind,
    pub visible_to_kubelet: Visibility,
    pub via: Option<Mount>,
    pub container_path: Option<String>,
    pub note: Option<String>,
}

/// The effective view of a merged config.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Effective {
    pub runtime: Vec<EffectiveRuntimeRow>,
    pub kubelet_directories: Vec<EffectiveDirectory>,
    /// Every file, directory and link entry, in merge order.
    pub kubelet_paths: Vec<WrittenPath>,
    /// The kubelet container's mounts: read from the config's kubelet
    /// `docker run` when there is one, else Lokomotive's list.
    pub mounts: Vec<Mount>,
    /// The `docker run` the mounts were read from; None: Lokomotive's list.
    pub mounts_from: Option<Origin>,
    /// What could not be inspected, and other remarks.
    pub notes: Vec<String>,
}

/// The host directory of the OEM partition.
const OEM_MOUNT: &str = "/usr/share/oem";

/// Variables Flatcar's docker.service passes to dockerd.
const FLATCAR_DOCKER_VARS: &[&str] = &[
    "DOCKER_SELINUX",
    "DOCKER_OPTS",
    "DOCKER_CGROUPS",
    "DOCKER_OPT_BIP",
    "DOCKER_OPT_MTU",
    "DOCKER_OPT_IPMASQ",
];

const DAEMON_JSON: &str = "/etc/docker/daemon.json";

/// Reads the effective runtime properties, kubelet directories, mounts and
/// written paths of `merged`.
pub fn effective(merged: &Merged) -> Effective {
    let mut notes = Vec::new();
    if let Some(error) = &merged.error {
        notes.push(format!(
            "The provider rejects these documents ({error}); this view uses the documents that converted."
        ));
    }
    let docs: Vec<Doc<'_>> = merged
        .documents
        .iter()
        .filter_map(|d| match &d.transpiled.config {
            Some(config) => Some(Doc::new(&d.name, config)),
            None => {
                notes.push(format!("`{}` did not convert and is left out.", d.name));
                None
            }
        })
        .collect();
    for doc in &docs {
        let refs = &doc.config.ignition.config;
        if !refs.append.is_empty() || refs.replace.is_some() {
            notes.push(format!(
                "`{}` refers to other configs (ignition.config); Ignition fetches them at boot and they are not part of this view.",
                doc.name
            ));
        }
    }

    let docker_sources = unit_sources(&docs, "docker.service", &mut notes);
    let docker = docker_settings(&docker_sources, &mut notes);
    let daemon = daemon_json(&docs, &mut notes);
    let cgroup_v1 = cgroup_v1_kernel_args(&docs, &mut notes);
    let runtime = runtime_rows(&docker, &daemon, cgroup_v1);

    let kubelet_sources = unit_sources(&docs, "kubelet.service", &mut notes);
    let kubelet = kubelet_run(&kubelet_sources);
    let (mounts, mounts_from) = match &kubelet {
        Some(k) => (k.run.mounts.clone(), Some(k.origin.clone())),
        None => {
            notes.push(
                "No kubelet `docker run` in this config: Lokomotive's kubelet mounts and directories are assumed."
                    .into(),
            );
            (CURRENT_MOUNTS.iter().map(Mount::from_row).collect(), None)
        }
    };
    let kubelet_directories = directory_rows(kubelet.as_ref(), &mounts);
    let kubelet_paths = written_paths(&docs, &mounts);
    Effective {
        runtime,
        kubelet_directories,
        kubelet_paths,
        mounts,
        mounts_from,
        notes,
    }
}

/// How the kubelet container sees `host_path`: through the mount with the
/// longest host path that contains it.
pub fn visibility(host_path: &str, mounts: &[Mount]) -> Seen {
    let best = mounts
        .iter()
        .filter(|m| path_within(host_path, &m.host_path))
        .max_by_key(|m| m.host_path.len());
    match best {
        Some(m) => {
            let rest = host_path
                .get(m.host_path.trim_end_matches('/').len()..)
                .unwrap_or("");
            let container = format!("{}{}", m.container_path.trim_end_matches('/'), rest);
            Seen {
                visibility: match m.access {
                    Access::ReadOnly => Visibility::ReadOnly,
                    Access::ReadWrite => Visibility::ReadWrite,
                },
                via: Some(m.clone()),
                container_path: Some(if container.is_empty() {
                    "/".into()
                } else {
                    container
                }),
            }
        }
        None => Seen {
            visibility: Visibility::NotVisible,
            via: None,
            container_path: None,
        },
    }
}

/// `path` is `dir` or below it.
fn path_within(path: &str, dir: &str) -> bool {
    let dir = dir.trim_end_matches('/');
    if dir.is_empty() {
        return path.starts_with('/');
    }
    path == dir
        || path
            .strip_prefix(dir)
            .is_some_and(|rest| rest.starts_with('/'))
}

impl Mount {
    fn from_row(row: &super::MountRow) -> Mount {
        Mount {
            container_path: row.container_path.into(),
            host_path: row.host_path.into(),
            options: row.options.into(),
            access: row.access,
        }
    }
}

// ---------------------------------------------------------------------------
// Documents and the paths of their entries.

struct Doc<'m> {
    name: &'m str,
    config: &'m Config,
    /// Units ct generated ahead of the document's own `systemd.units`.
    generated: usize,
}

/// Units ct generates itself, with their drop-in, before the document's own.
const GENERATED_UNITS: &[(&str, &str)] = &[
    ("coreos-metadata.service", "20-clct-provider-override.conf"),
    (
        "coreos-metadata-sshkeys@.service",
        "20-clct-provider-override.conf",
    ),
    ("docker.service", "20-clct-docker.conf"),
    ("etcd-member.service", "20-clct-etcd-member.conf"),
    ("flanneld.service", "20-clct-flannel.conf"),
];

impl<'m> Doc<'m> {
    fn new(name: &'m str, config: &'m Config) -> Self {
        let generated = config
            .systemd
            .units
            .iter()
            .take_while(|u| match u.dropins.as_slice() {
                [only] if u.contents.is_empty() => GENERATED_UNITS
                    .iter()
                    .any(|(n, d)| u.name == *n && only.name == *d),
                _ => false,
            })
            .count();
        Doc {
            name,
            config,
            generated,
        }
    }

    /// The Container Linux Config path of unit `k` (contents, or drop-in `d`).
    fn unit_path(&self, k: usize, dropin: Option<usize>) -> ConfigPath {
        let root = ConfigPath::root();
        if k < self.generated {
            let name = self
                .config
                .systemd
                .units
                .get(k)
                .map(|u| u.name.as_str())
                .unwrap_or("");
            return match name {
                "docker.service" => root.key("docker").key("flags"),
                "etcd-member.service" => root.key("etcd"),
                "flanneld.service" => root.key("flannel"),
                _ => root,
            };
        }
        let unit = root.key("systemd").key("units").index(k - self.generated);
        match dropin {
            Some(d) => unit.key("dropins").index(d).key("contents"),
            None => unit.key("contents"),
        }
    }

    fn is_generated_docker(&self, k: usize) -> bool {
        k < self.generated
            && self
                .config
                .systemd
                .units
                .get(k)
                .is_some_and(|u| u.name == "docker.service")
    }
}

fn file_path(i: usize) -> ConfigPath {
    ConfigPath::root().key("storage").key("files").index(i)
}

// ---------------------------------------------------------------------------
// File contents.

/// The bytes of a file entry, when the config holds them.
fn file_text(f: &File) -> Result<String, String> {
    if !f.contents.compression.is_empty() {
        return Err(format!(
            "its contents are {}-compressed and cannot be inspected",
            f.contents.compression
        ));
    }
    let source = f.contents.source.as_str();
    if source.is_empty() {
        return Ok(String::new());
    }
    match source.get(..5) {
        Some(scheme) if scheme.eq_ignore_ascii_case("data:") => decode_data_url(source)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .map_err(|e| format!("its data URL cannot be decoded ({e})")),
        _ => {
            let scheme = source.split(':').next().unwrap_or(source);
            Err(format!(
                "its contents are fetched from {scheme} at boot and cannot be inspected"
            ))
        }
    }
}

/// Decodes a `data:` URL: percent-encoded text, or base64 with `;base64`.
fn decode_data_url(url: &str) -> Result<Vec<u8>, String> {
    let rest = url.get(5..).ok_or("missing data prefix")?;
    let (header, data) = rest.split_once(',').ok_or("missing comma before data")?;
    let bytes = percent_decode(data.as_bytes())?;
    if header.to_ascii_lowercase().ends_with(";base64") {
        base64_decode(&bytes)
    } else {
        Ok(bytes)
    }
}

fn percent_decode(data: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(data.len());
    let mut i = 0;
    while let Some(&b) = data.get(i) {
        if b == b'%' {
            let hi = data.get(i + 1).and_then(|&b| hex_value(b));
            let lo = data.get(i + 2).and_then(|&b| hex_value(b));
            match (hi, lo) {
                (Some(hi), Some(lo)) => out.push(hi << 4 | lo),
                _ => return Err(format!("bad percent escape at byte {i}")),
            }
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    Ok(out)
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

fn base64_decode(data: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(data.len() / 4 * 3);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for (i, &b) in data.iter().enumerate() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            b'\r' | b'\n' => continue,
            _ => return Err(format!("illegal base64 data at input byte {i}")),
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------
// Units: the unit file and its drop-ins as systemd reads them.

/// One text systemd reads for a unit.
struct Source<'m> {
    document: &'m str,
    path: ConfigPath,
    /// How the text is named in details: `docker.service drop-in x.conf`.
    what: String,
    text: String,
    /// None for the unit file itself.
    dropin: Option<String>,
}

impl Source<'_> {
    fn origin(&self, detail: String) -> Origin {
        Origin {
            document: self.document.to_owned(),
            path: self.path.clone(),
            detail,
        }
    }
}

/// The unit file (the last one written) and the drop-ins (the last of each
/// name, in name order) the config gives unit `name`.
fn unit_sources<'m>(docs: &[Doc<'m>], name: &str, notes: &mut Vec<String>) -> Vec<Source<'m>> {
    let unit_file = format!("/etc/systemd/system/{name}");
    let dropin_dir = format!("/etc/systemd/system/{name}.d/");
    let mut contents: Option<Source<'m>> = None;
    let mut dropins: Vec<Source<'m>> = Vec::new();
    fn set_dropin<'m>(dropins: &mut Vec<Source<'m>>, source: Source<'m>) {
        dropins.retain(|d| d.dropin != source.dropin);
        dropins.push(source);
    }

    // Ignition writes files before units.
    for doc in docs {
        for (i, f) in doc.config.storage.files.iter().enumerate() {
            if f.filesystem != "root" {
                continue;
            }
            let dropin = match f.path.strip_prefix(&dropin_dir) {
                Some(rest) if rest.ends_with(".conf") && !rest.contains('/') => {
                    Some(rest.to_owned())
                }
                _ if f.path == unit_file => None,
                _ => continue,
            };
            let text = match file_text(f) {
                Ok(text) => text,
                Err(reason) => {
                    notes.push(format!("`{}` writes {}, but {reason}.", doc.name, f.path));
                    continue;
                }
            };
            let source = Source {
                document: doc.name,
                path: file_path(i).key("contents"),
                what: format!("file {}", f.path),
                text,
                dropin: dropin.clone(),
            };
            match dropin {
                Some(_) => set_dropin(&mut dropins, source),
                None => contents = Some(source),
            }
        }
    }
    for doc in docs {
        for (k, u) in doc.config.systemd.units.iter().enumerate() {
            if u.name != name {
                continue;
            }
            if u.mask {
                notes.push(format!("`{}` masks {name}.", doc.name));
            }
            if !u.contents.is_empty() {
                contents = Some(Source {
                    document: doc.name,
                    path: doc.unit_path(k, None),
                    what: format!("the {name} unit"),
                    text: u.contents.clone(),
                    dropin: None,
                });
            }
            for (d, dropin) in u.dropins.iter().enumerate() {
                let what = if doc.is_generated_docker(k) {
                    "the `docker:` section (ct's drop-in 20-clct-docker.conf)".to_owned()
                } else {
                    format!("{name} drop-in {}", dropin.name)
                };
                set_dropin(
                    &mut dropins,
                    Source {
                        document: doc.name,
                        path: doc.unit_path(k, Some(d)),
                        what,
                        text: dropin.contents.clone(),
                        dropin: Some(dropin.name.clone()),
                    },
                );
            }
        }
    }
    crate::small_sort::sort_by(&mut dropins, |a, b| a.dropin < b.dropin);
    contents.into_iter().chain(dropins).collect()
}

/// Words of a command, with quoted scripts (`sh -c "docker run …"`) split
/// too, so that their flags can be found.
fn command_words(command: &str) -> Vec<String> {
    split_words(command)
        .into_iter()
        .flat_map(|w| {
            if w.contains(char::is_whitespace) {
                split_words(&w)
            } else {
                vec![w]
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Docker's flags.

/// A word of dockerd's command line and where it came from.
struct Word {
    text: String,
    source: usize,
    /// The variable it was expanded from.
    variable: Option<String>,
}

/// A value and the setting that gave it.
#[derive(Clone)]
struct Setting {
    value: String,
    origin: Origin,
}

#[derive(Default)]
struct DockerFlags {
    log_driver: Option<Setting>,
    storage_driver: Option<Setting>,
    cgroup_driver: Option<Setting>,
    log_opts: Vec<(String, String)>,
    log_opts_origin: Option<Origin>,
    live_restore: Option<Setting>,
}

/// dockerd's words as the config leaves docker.service: Flatcar's own
/// ExecStart expanding `$DOCKER_OPTS` and friends, unless the config replaces
/// ExecStart.
fn docker_words(sources: &[Source<'_>], notes: &mut Vec<String>) -> Vec<Word> {
    let mut env: Vec<(String, String, usize)> = Vec::new();
    let mut exec: Option<Vec<(String, usize)>> = None;
    for (si, source) in sources.iter().enumerate() {
        if source.dropin.is_none() {
            // The config's unit file replaces Flatcar's entirely.
            env.clear();
            exec = Some(Vec::new());
        }
        for line in parse_unit(&source.text) {
            if line.section != "Service" {
                continue;
            }
            match line.key.as_str() {
                "Environment" if line.value.is_empty() => env.clear(),
                "Environment" => {
                    for (name, value) in environment_assignments(&line.value) {
                        env.retain(|(n, _, _)| *n != name);
                        env.push((name, value, si));
                    }
                }
                "ExecStart" if line.value.is_empty() => exec = Some(Vec::new()),
                "ExecStart" => exec.get_or_insert_with(Vec::new).push((line.value, si)),
                "EnvironmentFile" => notes.push(format!(
                    "`{}`: docker.service reads {}; variables from it are not inspected.",
                    source.document, line.value
                )),
                _ => {}
            }
        }
    }
    let lookup = |name: &str| env.iter().find(|(n, _, _)| n == name);
    let expand = |name: &str, split: bool, out: &mut Vec<Word>| {
        if let Some((_, value, si)) = lookup(name) {
            let texts = if split {
                split_words(value)
            } else {
                vec![value.clone()]
            };
            out.extend(texts.into_iter().map(|text| Word {
                text,
                source: *si,
                variable: Some(name.to_owned()),
            }));
        }
    };
    let mut words = Vec::new();
    match exec {
        None => {
            for name in FLATCAR_DOCKER_VARS {
                expand(name, true, &mut words);
            }
        }
        Some(commands) => {
            for (command, si) in commands {
                for w in split_words(&command) {
                    match var_ref(&w) {
                        Some(VarRef::Split(name)) => expand(name, true, &mut words),
                        Some(VarRef::Whole(name)) => expand(name, false, &mut words),
                        None => words.push(Word {
                            text: w,
                            source: si,
                            variable: None,
                        }),
                    }
                }
            }
        }
    }
    words
}

fn docker_settings(sources: &[Source<'_>], notes: &mut Vec<String>) -> DockerFlags {
    let words = docker_words(sources, notes);
    let mut flags = DockerFlags::default();
    let mut i = 0;
    while let Some(word) = words.get(i) {
        let (name, inline) = match word.text.split_once('=') {
            Some((n, v)) if n.starts_with('-') => (n, Some(v.to_owned())),
            _ => (word.text.as_str(), None),
        };
        let takes_value = matches!(
            name,
            "--log-driver" | "--storage-driver" | "-s" | "--exec-opt" | "--log-opt"
        );
        let mut value = inline.clone();
        if takes_value && value.is_none() {
            if let Some(next) = words.get(i + 1) {
                value = Some(next.text.clone());
                i += 1;
            }
        }
        let Some(source) = sources.get(word.source) else {
            i += 1;
            continue;
        };
        let setting = |value: String, shown: String| {
            let place = match &word.variable {
                Some(var) => format!("{var} in {}", source.what),
                None => format!("ExecStart in {}", source.what),
            };
            Setting {
                value,
                origin: source.origin(format!("dockerd flag `{shown}` ({place})")),
            }
        };
        match (name, value) {
            ("--log-driver", Some(v)) => {
                flags.log_driver = Some(setting(v.clone(), format!("--log-driver={v}")));
            }
            ("--storage-driver" | "-s", Some(v)) => {
                flags.storage_driver = Some(setting(v.clone(), format!("{name}={v}")));
            }
            ("--exec-opt", Some(v)) => {
                if let Some(driver) = v.strip_prefix("native.cgroupdriver=") {
                    flags.cgroup_driver =
                        Some(setting(driver.to_owned(), format!("--exec-opt {v}")));
                }
            }
            ("--log-opt", Some(v)) => {
                if let Some((k, val)) = v.split_once('=') {
                    flags.log_opts.retain(|(key, _)| key != k);
                    flags.log_opts.push((k.to_owned(), val.to_owned()));
                    flags.log_opts_origin =
                        Some(setting(v.clone(), format!("--log-opt {v}")).origin);
                }
            }
            ("--live-restore", v) => {
                let on = v.as_deref().is_none_or(|v| v != "false" && v != "0");
                flags.live_restore = Some(setting(
                    on.to_string(),
                    match &inline {
                        Some(v) => format!("--live-restore={v}"),
                        None => "--live-restore".into(),
                    },
                ));
            }
            _ => {}
        }
        i += 1;
    }
    flags
}

// ---------------------------------------------------------------------------
// /etc/docker/daemon.json.

enum DaemonJson {
    /// The config writes none.
    Absent,
    /// It exists but cannot be read here or by dockerd.
    Unknown { origin: Origin, reason: String },
    Parsed {
        origin: Origin,
        keys: Map<String, Value>,
        /// The earlier document whose daemon.json this one replaces.
        replaces: Option<String>,
    },
}

fn daemon_json(docs: &[Doc<'_>], notes: &mut Vec<String>) -> DaemonJson {
    let entries: Vec<(&str, usize, &File)> = docs
        .iter()
        .flat_map(|doc| {
            doc.config
                .storage
                .files
                .iter()
                .enumerate()
                .filter(|(_, f)| f.filesystem == "root" && f.path == DAEMON_JSON)
                .map(move |(i, f)| (doc.name, i, f))
        })
        .collect();
    let Some(last) = entries.last() else {
        notes.push(format!(
            "No {DAEMON_JSON} in this config: Docker's own defaults apply (Lokomotive's base config writes one)."
        ));
        return DaemonJson::Absent;
    };
    let origin_of = |(doc, i, _): &(&str, usize, &File), detail: String| Origin {
        document: (*doc).to_owned(),
        path: file_path(*i).key("contents"),
        detail,
    };
    // The last full write, and any appends after it.
    let start = entries.iter().rposition(|(_, _, f)| !f.append).unwrap_or(0);
    let replaces = start
        .checked_sub(1)
        .and_then(|p| entries.get(p))
        .map(|(doc, _, _)| (*doc).to_owned());
    let mut text = String::new();
    for entry in entries.iter().skip(start) {
        match file_text(entry.2) {
            Ok(t) => text.push_str(&t),
            Err(reason) => {
                notes.push(format!("`{}` writes {DAEMON_JSON}, but {reason}.", entry.0));
                return DaemonJson::Unknown {
                    origin: origin_of(entry, format!("{DAEMON_JSON}: {reason}")),
                    reason: format!("{DAEMON_JSON} cannot be inspected ({reason})"),
                };
            }
        }
    }
    let origin = origin_of(last, DAEMON_JSON.to_owned());
    if text.trim().is_empty() {
        return DaemonJson::Parsed {
            origin,
            keys: Map::new(),
            replaces,
        };
    }
    match serde_json::from_str::<Value>(&text) {
        Ok(Value::Object(keys)) => DaemonJson::Parsed {
            origin,
            keys,
            replaces,
        },
        Ok(_) => DaemonJson::Unknown {
            reason: format!("{DAEMON_JSON} is not a JSON object, so dockerd does not start"),
            origin,
        },
        Err(e) => DaemonJson::Unknown {
            reason: format!("{DAEMON_JSON} is not valid JSON ({e}), so dockerd does not start"),
            origin,
        },
    }
}

/// One key of daemon.json.
enum JsonKey {
    NoFile,
    Unknown {
        origin: Origin,
        reason: String,
    },
    /// The file does not set the key.
    Missing(Origin),
    Set(Setting),
}

fn json_key(daemon: &DaemonJson, key: &str, read: impl Fn(&Value) -> Option<String>) -> JsonKey {
    match daemon {
        DaemonJson::Absent => JsonKey::NoFile,
        DaemonJson::Unknown { origin, reason } => JsonKey::Unknown {
            origin: origin.clone(),
            reason: reason.clone(),
        },
        DaemonJson::Parsed {
            origin,
            keys,
            replaces,
        } => {
            let replaced = match replaces {
                Some(doc) if *doc != origin.document => {
                    format!(" (it replaces the {DAEMON_JSON} of `{doc}`)")
                }
                Some(_) => format!(" (it replaces an earlier {DAEMON_JSON})"),
                None => String::new(),
            };
            let raw = keys.get(key);
            match raw.and_then(read) {
                Some(value) => JsonKey::Set(Setting {
                    origin: Origin {
                        detail: format!(
                            "{DAEMON_JSON} sets \"{key}\": {}{replaced}",
                            raw.map(Value::to_string).unwrap_or_default()
                        ),
                        ..origin.clone()
                    },
                    value,
                }),
                None => JsonKey::Missing(Origin {
                    detail: format!("{DAEMON_JSON} does not set \"{key}\"{replaced}"),
                    ..origin.clone()
                }),
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Kernel arguments: legacy cgroups.

/// A file on the OEM partition's grub.cfg asking for cgroup v1.
fn cgroup_v1_kernel_args(docs: &[Doc<'_>], notes: &mut Vec<String>) -> Option<Origin> {
    let oem = oem_filesystems(docs);
    let mut found = None;
    for doc in docs {
        for (i, f) in doc.config.storage.files.iter().enumerate() {
            if !oem.iter().any(|n| *n == f.filesystem) || f.path != "/grub.cfg" {
                continue;
            }
            match file_text(f) {
                Ok(text) if text.contains("systemd.unified_cgroup_hierarchy=0") => {
                    found = Some(Origin {
                        document: doc.name.to_owned(),
                        path: file_path(i).key("contents"),
                        detail: "the OEM grub.cfg adds the kernel argument systemd.unified_cgroup_hierarchy=0 (cgroup v1)".into(),
                    });
                }
                Ok(_) => {}
                Err(reason) => notes.push(format!(
                    "`{}` writes grub.cfg on the OEM partition, but {reason}.",
                    doc.name
                )),
            }
        }
    }
    found
}

/// Names of filesystems that are the OEM partition.
fn oem_filesystems<'m>(docs: &[Doc<'m>]) -> Vec<&'m str> {
    docs.iter()
        .flat_map(|d| d.config.storage.filesystems.iter())
        .filter(|fs| {
            fs.name.eq_ignore_ascii_case("oem")
                || fs
                    .mount
                    .as_ref()
                    .is_some_and(|m| m.device == "/dev/disk/by-label/OEM")
        })
        .map(|fs| fs.name.as_str())
        .collect()
}

// ---------------------------------------------------------------------------
// Runtime rows.

fn runtime_rows(
    docker: &DockerFlags,
    daemon: &DaemonJson,
    cgroup_v1: Option<Origin>,
) -> Vec<EffectiveRuntimeRow> {
    let string = |v: &Value| v.as_str().map(str::to_owned);
    RUNTIME
        .iter()
        .map(|row| {
            let (effective, overridden_by) = match row.property {
                RuntimeProperty::CgroupDriver => {
                    let json = json_key(daemon, "exec-opts", |v| {
                        v.as_array()?
                            .iter()
                            .rev()
                            .filter_map(Value::as_str)
                            .find_map(|o| o.strip_prefix("native.cgroupdriver="))
                            .map(str::to_owned)
                    });
                    match resolve(
                        row.default,
                        row.default,
                        docker.cgroup_driver.clone(),
                        json,
                        "exec-opts",
                    ) {
                        (value, None) => match cgroup_v1.clone() {
                            Some(origin) => (
                                "cgroupfs (cgroup v1, forced on the kernel command line)".into(),
                                Some(origin),
                            ),
                            None => (value, None),
                        },
                        other => other,
                    }
                }
                RuntimeProperty::LoggingDriver => resolve(
                    row.default,
                    "json-file",
                    docker.log_driver.clone(),
                    json_key(daemon, "log-driver", string),
                    "log-driver",
                ),
                RuntimeProperty::StorageDriver => resolve(
                    row.default,
                    "overlay2",
                    docker.storage_driver.clone(),
                    json_key(daemon, "storage-driver", string),
                    "storage-driver",
                ),
                RuntimeProperty::LiveRestore => resolve(
                    row.default,
                    "false (Docker's default)",
                    docker.live_restore.clone(),
                    json_key(daemon, "live-restore", |v| {
                        v.as_bool().map(|b| b.to_string())
                    }),
                    "live-restore",
                ),
                RuntimeProperty::LogOptions => log_options(docker, daemon),
            };
            EffectiveRuntimeRow {
                property: row.property,
                name: row.name,
                default: row.default,
                effective,
                overridden_by,
            }
        })
        .collect()
}

/// Combines a dockerd flag and a daemon.json key. `default` is Lokomotive's
/// value, `unset` Docker's when neither sets it.
fn resolve(
    default: &str,
    unset: &str,
    flag: Option<Setting>,
    json: JsonKey,
    key: &str,
) -> (String, Option<Origin>) {
    let judged = |s: Setting| {
        if s.value == default {
            (s.value, None)
        } else {
            (s.value, Some(s.origin))
        }
    };
    match (flag, json) {
        (Some(f), JsonKey::Set(j)) => conflict(key, f, &j),
        (Some(f), JsonKey::Unknown { reason, .. }) => (
            format!(
                "{} (if {DAEMON_JSON} does not set \"{key}\" too; {reason})",
                f.value
            ),
            Some(f.origin),
        ),
        (Some(f), _) => judged(f),
        (None, JsonKey::Set(j)) => judged(j),
        (None, JsonKey::Unknown { origin, reason }) => (format!("unknown: {reason}"), Some(origin)),
        (None, JsonKey::Missing(origin)) => {
            if unset == default {
                (unset.to_owned(), None)
            } else {
                (unset.to_owned(), Some(origin))
            }
        }
        (None, JsonKey::NoFile) => (unset.to_owned(), None),
    }
}

/// dockerd refuses to start when a setting is given both as a flag and in
/// daemon.json.
fn conflict(key: &str, flag: Setting, json: &Setting) -> (String, Option<Origin>) {
    (
        format!(
            "dockerd does not start: \"{key}\" is set both as a flag ({}) and in {DAEMON_JSON} ({})",
            flag.value, json.value
        ),
        Some(Origin {
            detail: format!(
                "{}; `{}` also sets it in {DAEMON_JSON}",
                flag.origin.detail, json.origin.document
            ),
            ..flag.origin
        }),
    )
}

fn log_options(docker: &DockerFlags, daemon: &DaemonJson) -> (String, Option<Origin>) {
    const LOKOMOTIVE: &[(&str, &str)] = &[("max-size", "100m"), ("max-file", "3")];
    let is_default = |opts: &[(String, String)]| {
        opts.len() == LOKOMOTIVE.len()
            && LOKOMOTIVE
                .iter()
                .all(|(k, v)| opts.iter().any(|(a, b)| a == k && b == v))
    };
    let show = |opts: &[(String, String)]| {
        if opts.is_empty() {
            return "none".to_owned();
        }
        // Rotation first, in Lokomotive's order; the rest by name.
        let rank = |k: &str| {
            LOKOMOTIVE
                .iter()
                .position(|(l, _)| *l == k)
                .unwrap_or(LOKOMOTIVE.len())
        };
        let mut opts = opts.to_vec();
        crate::small_sort::sort_by(&mut opts, |(a, _), (b, _)| (rank(a), a) < (rank(b), b));
        {
            opts.iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    let json = json_key(daemon, "log-opts", |v| Some(v.to_string()));
    let json_opts = |daemon: &DaemonJson| -> Vec<(String, String)> {
        match daemon {
            DaemonJson::Parsed { keys, .. } => keys
                .get("log-opts")
                .and_then(Value::as_object)
                .map(|m| {
                    m.iter()
                        .map(|(k, v)| {
                            (
                                k.clone(),
                                v.as_str().map_or_else(|| v.to_string(), str::to_owned),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    };
    let no_rotation = "none (Docker's default: one log file per container, never rotated)";
    match (&docker.log_opts_origin, json) {
        (Some(origin), JsonKey::Set(j)) => conflict(
            "log-opts",
            Setting {
                value: show(&docker.log_opts),
                origin: origin.clone(),
            },
            &j,
        ),
        (Some(origin), _) => {
            let value = show(&docker.log_opts);
            if is_default(&docker.log_opts) {
                (value, None)
            } else {
                (value, Some(origin.clone()))
            }
        }
        (None, JsonKey::Set(j)) => {
            let opts = json_opts(daemon);
            let value = show(&opts);
            if is_default(&opts) {
                (value, None)
            } else {
                (value, Some(j.origin))
            }
        }
        (None, JsonKey::Unknown { origin, reason }) => (format!("unknown: {reason}"), Some(origin)),
        (None, JsonKey::Missing(origin)) => (no_rotation.to_owned(), Some(origin)),
        (None, JsonKey::NoFile) => (no_rotation.to_owned(), None),
    }
}

// ---------------------------------------------------------------------------
// The kubelet's docker run.

struct DockerRun {
    name: Option<String>,
    image: String,
    mounts: Vec<Mount>,
    /// The kubelet's arguments (after the image).
    args: Vec<String>,
}

struct KubeletRun {
    run: DockerRun,
    origin: Origin,
    /// How the source is named in details.
    what: String,
}

/// `docker run` options that take no value.
const DOCKER_RUN_SWITCHES: &[&str] = &[
    "-d",
    "--detach",
    "-i",
    "--interactive",
    "-t",
    "--tty",
    "-P",
    "--publish-all",
    "--privileged",
    "--rm",
    "--init",
    "--read-only",
    "--no-healthcheck",
    "--oom-kill-disable",
    "-q",
    "--quiet",
];

fn is_docker(word: &str) -> bool {
    let word = word.trim_start_matches(['-', '@', '+', '!', ':']);
    word == "docker" || word.ends_with("/docker")
}

fn parse_docker_run(words: &[String]) -> Option<DockerRun> {
    let start = words
        .windows(2)
        .position(|w| matches!(w, [docker, run] if is_docker(docker) && run == "run"))?;
    let mut run = DockerRun {
        name: None,
        image: String::new(),
        mounts: Vec::new(),
        args: Vec::new(),
    };
    let mut i = start + 2;
    while let Some(word) = words.get(i) {
        if !word.starts_with('-') || word.len() < 2 {
            run.image = word.clone();
            run.args = words.get(i + 1..).unwrap_or_default().to_vec();
            return Some(run);
        }
        let (flag, value) = match word.split_once('=') {
            Some((f, v)) => (f, Some(v.to_owned())),
            None => (word.as_str(), None),
        };
        let switch = DOCKER_RUN_SWITCHES.contains(&flag)
            || (flag.len() > 2
                && !flag.starts_with("--")
                && flag
                    .get(1..)
                    .unwrap_or_default()
                    .chars()
                    .all(|c| "dit".contains(c)));
        let value = match value {
            Some(v) => Some(v),
            None if switch => None,
            None => {
                i += 1;
                words.get(i).cloned()
            }
        };
        if let Some(value) = value {
            match flag {
                "-v" | "--volume" => run.mounts.extend(volume_mount(&value)),
                "--mount" => run.mounts.extend(bind_mount(&value)),
                "--name" => run.name = Some(value),
                _ => {}
            }
        }
        i += 1;
    }
    None
}

/// `-v /host:/container[:options]` (named volumes are skipped).
fn volume_mount(spec: &str) -> Option<Mount> {
    let mut parts = spec.splitn(3, ':');
    let host = parts.next()?;
    let container = parts.next()?;
    let options = parts.next().unwrap_or("");
    if !host.starts_with('/') || !container.starts_with('/') {
        return None;
    }
    let read_only = options.split(',').any(|o| o == "ro" || o == "readonly");
    Some(Mount {
        container_path: container.to_owned(),
        host_path: host.to_owned(),
        options: options.to_owned(),
        access: if read_only {
            Access::ReadOnly
        } else {
            Access::ReadWrite
        },
    })
}

/// `--mount type=bind,source=…,target=…[,readonly][,bind-propagation=…]`.
fn bind_mount(spec: &str) -> Option<Mount> {
    let mut kind = None;
    let mut source = None;
    let mut target = None;
    let mut read_only = false;
    let mut options = Vec::new();
    for field in spec.split(',') {
        let (key, value) = match field.split_once('=') {
            Some((k, v)) => (k, Some(v)),
            None => (field, None),
        };
        match key {
            "type" => kind = value,
            "source" | "src" => source = value,
            "target" | "destination" | "dst" => target = value,
            "readonly" | "ro" => {
                read_only = value.is_none_or(|v| v == "true" || v == "1");
                options.push(field);
            }
            _ => options.push(field),
        }
    }
    if kind != Some("bind") {
        return None;
    }
    let (host, container) = (source?, target?);
    Some(Mount {
        container_path: container.to_owned(),
        host_path: host.to_owned(),
        options: options.join(","),
        access: if read_only {
            Access::ReadOnly
        } else {
            Access::ReadWrite
        },
    })
}

/// The kubelet's `docker run` as systemd would run it: the ExecStartPre and
/// ExecStart lists after the unit file and drop-ins (an empty assignment
/// clears a list).
fn kubelet_run(sources: &[Source<'_>]) -> Option<KubeletRun> {
    let mut pre: Vec<(String, usize)> = Vec::new();
    let mut start: Vec<(String, usize)> = Vec::new();
    for (si, source) in sources.iter().enumerate() {
        if source.dropin.is_none() {
            pre.clear();
            start.clear();
        }
        for line in parse_unit(&source.text) {
            if line.section != "Service" {
                continue;
            }
            let list = match line.key.as_str() {
                "ExecStartPre" => &mut pre,
                "ExecStart" => &mut start,
                _ => continue,
            };
            if line.value.is_empty() {
                list.clear();
            } else {
                list.push((line.value, si));
            }
        }
    }
    let mut named = None;
    let mut any = None;
    for (command, si) in pre.iter().chain(start.iter()) {
        if let Some(run) = parse_docker_run(&command_words(command)) {
            if run.name.as_deref() == Some("kubelet") {
                named = Some((run, *si));
            } else if run.image.contains("kubelet") || run.image.contains("KUBELET") {
                any = Some((run, *si));
            }
        }
    }
    let (run, si) = named.or(any)?;
    let source = sources.get(si)?;
    Some(KubeletRun {
        run,
        origin: source.origin(format!("the kubelet `docker run` in {}", source.what)),
        what: source.what.clone(),
    })
}

/// The value of a kubelet flag (`--a_b` and `--a-b` are the same flag).
fn kubelet_flag(args: &[String], flag: &str) -> Option<String> {
    let wanted = flag.trim_start_matches('-').replace('_', "-");
    let mut found = None;
    let mut i = 0;
    while let Some(arg) = args.get(i) {
        if let Some(rest) = arg.strip_prefix("--") {
            let (name, value) = match rest.split_once('=') {
                Some((n, v)) => (n, Some(v.to_owned())),
                None => (rest, None),
            };
            if name.replace('_', "-") == wanted {
                match value {
                    Some(v) => found = Some(v),
                    None => {
                        if let Some(next) = args.get(i + 1).filter(|n| !n.starts_with('-')) {
                            found = Some(next.clone());
                            i += 1;
                        }
                    }
                }
            }
        }
        i += 1;
    }
    found
}

fn directory_rows(kubelet: Option<&KubeletRun>, mounts: &[Mount]) -> Vec<EffectiveDirectory> {
    DIRECTORIES
        .iter()
        .map(|row| {
            let (effective, overridden_by) = match kubelet {
                None => (row.documented.to_owned(), None),
                Some(k) => match kubelet_flag(&k.run.args, row.flag) {
                    Some(value) if value == row.documented => (value, None),
                    Some(value) => {
                        let detail = format!("kubelet flag {}={value} in {}", row.flag, k.what);
                        (
                            value,
                            Some(Origin {
                                detail,
                                ..k.origin.clone()
                            }),
                        )
                    }
                    None => (
                        format!("not set: the kubelet's default, {}", row.kubelet_default),
                        Some(Origin {
                            detail: format!(
                                "the kubelet `docker run` in {} has no {}",
                                k.what, row.flag
                            ),
                            ..k.origin.clone()
                        }),
                    ),
                },
            };
            let (seen, host_path) = if effective.starts_with('/') {
                container_to_host(&effective, mounts)
            } else {
                (
                    Seen {
                        visibility: Visibility::NotVisible,
                        via: None,
                        container_path: None,
                    },
                    None,
                )
            };
            EffectiveDirectory {
                setting: row.setting,
                flag: row.flag,
                default: row.documented,
                effective,
                overridden_by,
                seen,
                host_path,
            }
        })
        .collect()
}

/// The host path behind a path inside the kubelet container.
fn container_to_host(container_path: &str, mounts: &[Mount]) -> (Seen, Option<String>) {
    let best = mounts
        .iter()
        .filter(|m| path_within(container_path, &m.container_path))
        .max_by_key(|m| m.container_path.len());
    match best {
        Some(m) => {
            let rest = container_path
                .get(m.container_path.trim_end_matches('/').len()..)
                .unwrap_or("");
            let host = format!("{}{}", m.host_path.trim_end_matches('/'), rest);
            (
                Seen {
                    visibility: match m.access {
                        Access::ReadOnly => Visibility::ReadOnly,
                        Access::ReadWrite => Visibility::ReadWrite,
                    },
                    via: Some(m.clone()),
                    container_path: Some(container_path.to_owned()),
                },
                Some(host),
            )
        }
        None => (
            Seen {
                visibility: Visibility::NotVisible,
                via: None,
                container_path: Some(container_path.to_owned()),
            },
            None,
        ),
    }
}

// ---------------------------------------------------------------------------
// Written paths.

fn written_paths(docs: &[Doc<'_>], mounts: &[Mount]) -> Vec<WrittenPath> {
    let oem = oem_filesystems(docs);
    let mut out = Vec::new();
    for doc in docs {
        let storage = &doc.config.storage;
        let entries = storage
            .files
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let note = f.append.then(|| "appended to".to_owned());
                (PathKind::File, "files", i, &f.filesystem, &f.path, note)
            })
            .chain(storage.directories.iter().enumerate().map(|(i, d)| {
                (
                    PathKind::Directory,
                    "directories",
                    i,
                    &d.filesystem,
                    &d.path,
                    None,
                )
            }))
            .chain(storage.links.iter().enumerate().map(|(i, l)| {
                let kind = if l.hard { "hard link" } else { "symbolic link" };
                let note = Some(format!("{kind} to {}", l.target));
                (PathKind::Link, "links", i, &l.filesystem, &l.path, note)
            }));
        for (kind, list, i, filesystem, path, note) in entries {
            let host_path = if filesystem == "root" {
                Some(path.clone())
            } else if oem.iter().any(|n| n == filesystem) {
                Some(format!("{OEM_MOUNT}{path}"))
            } else {
                None
            };
            let seen = match &host_path {
                Some(h) => visibility(h, mounts),
                None => Seen {
                    visibility: Visibility::NotVisible,
                    via: None,
                    container_path: None,
                },
            };
            let mut remarks: Vec<String> = note.into_iter().collect();
            if filesystem != "root" {
                remarks.push(match &host_path {
                    Some(h) => format!("on the OEM partition ({h} on the host)"),
                    None => format!(
                        "on filesystem `{filesystem}`; where it is mounted is not known here"
                    ),
                });
            }
            if let Some(h) = host_path.as_deref().filter(|_| filesystem == "root") {
                remarks.extend(host_remark(h).map(str::to_owned));
            }
            out.push(WrittenPath {
                path: path.clone(),
                filesystem: filesystem.clone(),
                host_path,
                document: doc.name.to_owned(),
                config_path: ConfigPath::root().key("storage").key(list).index(i),
                kind,
                visible_to_kubelet: seen.visibility,
                via: seen.via,
                container_path: seen.container_path,
                note: (!remarks.is_empty()).then(|| remarks.join("; ")),
            });
        }
    }
    out
}

/// What the booted host makes of a path on the root filesystem.
fn host_remark(path: &str) -> Option<&'static str> {
    let under = |dir: &str| path_within(path, dir);
    if under("/usr") {
        Some("/usr is Flatcar's read-only USR partition: Ignition cannot write there")
    } else if under("/run") || under("/tmp") {
        Some("a tmpfs is mounted here at boot and hides what Ignition wrote")
    } else if under("/dev") || under("/sys") || under("/proc") {
        Some("a kernel filesystem is mounted here at boot and hides what Ignition wrote")
    } else if matches!(path, "/etc/resolv.conf" | "/etc/hosts" | "/etc/hostname") {
        Some("the kubelet container (host network) gets its own copy of this file from Docker when it starts")
    } else if path == "/etc/os-release" {
        Some("the kubelet's /etc/os-release is the host's /usr/lib/os-release, not this file")
    } else {
        None
    }
}

#[cfg(test)]
#[path = "effective_tests.rs"]
mod tests;
