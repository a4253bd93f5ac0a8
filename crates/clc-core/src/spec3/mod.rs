//! The Ignition spec 3 view of a config: what Flatcar ≥ 3185 makes of an
//! Ignition 2.3 config at boot.
//!
//! Flatcar's Ignition (2.x, spec 3) still accepts spec-2 configs: it parses
//! them, translates them to spec 3.1.0 and validates the result, then
//! up-translates to its newest spec and validates once more before running.
//! [`translate()`] reproduces those steps and reports either the spec-3.1
//! config (pretty JSON, in Ignition's own field order and omission rules)
//! or why the boot fails — including the one config shape that crashes
//! Ignition.
//!
//! # Translation rules
//!
//! * `ignition.version` becomes `3.1.0`; `config.append[]` becomes
//!   `config.merge[]`; a missing `config.replace` prints as
//!   `{"verification": {}}`; timeouts and CAs are copied; `proxy` is `{}`.
//! * Files, directories and links: the path is joined to the mount point of
//!   their filesystem and cleaned (`/etc//a/../b/` → `/etc/b`); an undeclared
//!   filesystem leaves the path as is. Files without `overwrite` get `true`
//!   (spec 2's default); `append: true` becomes `overwrite: false` with the
//!   contents moved to `append[]`. `contents.source` is always printed.
//! * Filesystems: `root` entries vanish; other names are mounted at
//!   generated paths (`/tmp/<name>-ign<N>`, `oem` at `/oem`); a filesystem
//!   named `oem` in any case that is not wiped is forced to `btrfs`;
//!   `mount.create` (only with `force`) becomes `wipeFilesystem: true` plus
//!   its options.
//! * Units with the same name are merged (later values win; drop-ins merge
//!   by name). Ignition emits merged units in random order; here each name
//!   keeps the position of its first appearance.
//! * `enabled` is `true` for `enabled: true` or the deprecated
//!   `enable: true`, `false` only for an explicit `enabled: false`.
//! * Networkd units become files under `/etc/systemd/network/` (mode 0644,
//!   overwrite, `data:,` + path-escaped contents), appended after the files.
//! * Users and groups are copied, not merged: a repeated name fails spec-3
//!   validation (`duplicate entry defined`).
//!
//! # Failures
//!
//! * Pre-flight checks: conflicting paths across
//!   files/directories/links, paths below a link of the config, repeated
//!   drop-in names within a unit, `mount.create` without `force`, and a
//!   filesystem without `mount` (Ignition **panics**).
//! * Spec-3.1 validation of the translation: the report becomes the error.
//! * The engine's re-validation at spec 3.7: links need a `target` there.
//!
//! Error messages are Ignition's, byte for byte, with the prefix it adds
//! (`unable to translate 2.x ignition to 3.1: `); a failing engine check is
//! reported as `config is not valid` with the report in
//! [`BootFailure::details`].

mod gopath;
mod json;
mod reader;
mod translate;
mod types;
mod validate;

pub use reader::from_ignition_json;

use crate::gocompat::quote::quote;
use crate::ignition::types::Config;
use crate::path::ConfigPath;
use translate::{CheckError, Origins};
use types::Config31;
use validate::{
    Entry, Kind, Report, Rules, VPath, VSeg, ERR_DUPLICATE, ERR_LINK_TARGET_REQUIRED,
    ERR_PATH_CONFLICTS_SYSTEMD,
};

/// What Flatcar's Ignition makes of a spec-2.3 config.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Spec3Outcome {
    /// The translated spec-3.1 config as pretty JSON (two-space indent, no
    /// HTML escaping, trailing newline), exactly as Ignition's types print
    /// it; units in first-appearance order. Present whenever the
    /// translation and its spec-3.1 validation succeed — also when the
    /// engine's later check fails.
    pub config: Option<String>,
    /// Why the boot fails, if it does.
    pub failure: Option<BootFailure>,
    /// The non-fatal report Ignition logs after parsing the translated
    /// config: `warning at $.path, line 1 col N: message`, the position
    /// being a byte column in the compact translated JSON.
    pub warnings: Vec<String>,
    /// The non-fatal report of the engine's re-validation of the final
    /// (spec 3.7) config, without positions.
    pub engine_warnings: Vec<String>,
    /// Our own remarks on what the translation changed (merged units,
    /// generated mount points, forced OEM format, masked mode bits).
    pub notes: Vec<Note>,
}

/// A failed boot.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BootFailure {
    /// Ignition's error, exactly as it returns it (it logs it as
    /// `failed to fetch config: <message>`). A spec-3.1 validation report
    /// makes it multi-line, each line ending in a newline. For a crash, the
    /// Go runtime's panic line.
    pub message: String,
    /// Ignition panics (the fetch stage dies; nothing recovers).
    pub crashes: bool,
    /// What went wrong and what to do, in our words.
    pub explanation: String,
    /// The spec-2.3 entries involved (`storage.files[3]`).
    pub paths: Vec<ConfigPath>,
    /// Further lines Ignition logs after the message: the engine's
    /// validation report when the message is `config is not valid`.
    pub details: Vec<String>,
}

/// A remark about one spec-2.3 entry.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Note {
    pub path: ConfigPath,
    pub message: String,
}

/// The prefix Ignition puts before translation errors.
pub const TRANSLATE_PREFIX: &str = "unable to translate 2.x ignition to 3.1: ";
/// The panic line of the crash.
pub const PANIC_MESSAGE: &str =
    "panic: runtime error: invalid memory address or nil pointer dereference";
/// The engine's error when the final config fails validation.
pub const ENGINE_MESSAGE: &str = "config is not valid";

/// Translates `config` as Flatcar's Ignition does at boot and reports the
/// result. Never panics.
pub fn translate(config: &Config) -> Spec3Outcome {
    let mut outcome = Spec3Outcome {
        config: None,
        failure: None,
        warnings: Vec::new(),
        engine_warnings: Vec::new(),
        notes: Vec::new(),
    };

    let fs_map = match translate::check(config) {
        Ok(map) => map,
        Err(e) => {
            outcome.failure = Some(check_failure(config, &e));
            return outcome;
        }
    };

    let (cfg, origins, notes) = translate::translate(config, &fs_map);
    outcome.notes = notes
        .into_iter()
        .map(|(path, message)| Note { path, message })
        .collect();
    outcome.notes.extend(mode_notes(config));

    let report = validate::validate(&cfg, Rules::Spec31);
    if report.is_fatal() {
        outcome.failure = Some(report_failure(&cfg, &origins, &report));
        return outcome;
    }

    let tree = cfg.to_json();
    outcome.config = Some(json::to_pretty(&tree));
    outcome.warnings = report
        .entries
        .iter()
        .map(|e| {
            let kind = match e.kind {
                Kind::Error => "error",
                Kind::Warning => "warning",
            };
            format!(
                "{kind} at {}, line 1 col {}: {}",
                e.path,
                json::column_of(&tree, &e.path),
                e.message
            )
        })
        .collect();

    let engine = validate::validate(&cfg, Rules::Engine37);
    let lines: Vec<String> = engine.entries.iter().map(Entry::line).collect();
    if engine.is_fatal() {
        outcome.failure = Some(engine_failure(&engine, lines));
    } else {
        outcome.engine_warnings = lines;
    }
    outcome
}

/// Translates Ignition 2.x JSON text; `Err` when it cannot be read.
pub fn translate_json(text: &str) -> Result<Spec3Outcome, String> {
    from_ignition_json(text).map(|c| translate(&c))
}

fn storage_entry(list: &str, i: usize) -> ConfigPath {
    ConfigPath::root().key("storage").key(list).index(i)
}

fn check_failure(config: &Config, e: &CheckError) -> BootFailure {
    let message = match e {
        CheckError::NilMount { .. } => PANIC_MESSAGE.to_owned(),
        other => format!("{TRANSLATE_PREFIX}{}", other.message()),
    };
    let (explanation, paths) = match e {
        CheckError::NilMount { index } => {
            let name = config
                .storage
                .filesystems
                .get(*index)
                .map(|f| f.name.as_str())
                .unwrap_or_default();
            (
                format!(
                    "Filesystem {} is declared with `path` instead of `mount`. Flatcar's Ignition \
                     reads the missing `mount` block while checking the config and crashes \
                     (nil-pointer panic) before it even reports an error: the fetch stage dies, \
                     provisioning never happens and the machine stops in the emergency shell. \
                     Spec 3 has no equivalent of a filesystem given by `path` alone; declare it \
                     with `mount` (device and format) or drop it and use plain paths.",
                    quote(name)
                ),
                vec![storage_entry("filesystems", *index)],
            )
        }
        CheckError::CreateNotForced { index } => (
            "A filesystem uses the deprecated `mount.create` without `force: true`. The \
             translator only converts `create` when it may wipe the device (it becomes \
             `wipeFilesystem: true`). Set `force: true`, or use `wipe_filesystem` instead."
                .to_owned(),
            vec![storage_entry("filesystems", *index)],
        ),
        CheckError::DuplicateInode {
            old_at,
            new_at,
            new,
            ..
        } => (
            format!(
                "Two entries resolve to the same path ({}). Ignition 2.x wrote them one after \
                 the other, so the later one won; spec 3 allows one entry per path across \
                 files, directories and links, and the translator refuses the config. This \
                 typically happens when a snippet redefines a file of the base config (the ct \
                 provider concatenates them). Keep only one of the entries.",
                new.split_once(": ").map_or(new.as_str(), |(_, p)| p)
            ),
            vec![old_at.clone(), new_at.clone()],
        ),
        CheckError::UsesOwnLink {
            at, link_at, link, ..
        } => (
            format!(
                "An entry lies below {link}, a link the config itself creates. Spec 3 does \
                 not write through links of the same config; use the link's target path \
                 instead."
            ),
            vec![at.clone(), link_at.clone()],
        ),
        CheckError::DuplicateDropin { unit, name, at } => (
            format!(
                "Unit {} lists drop-in {} twice; spec 3 needs unique drop-in names within a \
                 unit. Merge the two drop-ins into one.",
                quote(unit),
                quote(name)
            ),
            vec![at.clone()],
        ),
    };
    BootFailure {
        message,
        crashes: matches!(e, CheckError::NilMount { .. }),
        explanation,
        paths,
        details: Vec::new(),
    }
}

/// The spec-2.3 entries behind a spec-3.1 report path.
fn origins_of(path: &VPath, origins: &Origins) -> Vec<ConfigPath> {
    let root = ConfigPath::root();
    let Some((a, b, i)) = path.list_entry() else {
        return match path.0.as_slice() {
            [VSeg::Key("ignition"), VSeg::Key("config"), VSeg::Key("replace"), ..] => {
                vec![root.key("ignition").key("config").key("replace")]
            }
            [VSeg::Key("ignition"), VSeg::Key("config"), VSeg::Key("merge"), VSeg::Index(i), ..] => {
                vec![root.key("ignition").key("config").key("append").index(*i)]
            }
            [VSeg::Key("ignition"), VSeg::Key("security"), VSeg::Key("tls"), VSeg::Key(k), VSeg::Index(i), ..] =>
            {
                vec![root
                    .key("ignition")
                    .key("security")
                    .key("tls")
                    .key(k)
                    .index(*i)]
            }
            _ => Vec::new(),
        };
    };
    match (a, b) {
        ("storage", "files") => origins.files.get(i).cloned().into_iter().collect(),
        ("storage", "filesystems") => origins.filesystems.get(i).cloned().into_iter().collect(),
        ("systemd", "units") => origins.units.get(i).cloned().unwrap_or_default(),
        ("storage", list @ ("directories" | "links" | "disks" | "raid"))
        | ("passwd", list @ ("users" | "groups")) => vec![root.key(a).key(list).index(i)],
        _ => Vec::new(),
    }
}

fn push_unique(paths: &mut Vec<ConfigPath>, more: Vec<ConfigPath>) {
    for p in more {
        if !paths.contains(&p) {
            paths.push(p);
        }
    }
}

fn report_failure(cfg: &Config31, origins: &Origins, report: &Report) -> BootFailure {
    let mut paths = Vec::new();
    let mut explanations: Vec<String> = Vec::new();
    for e in report.entries.iter().filter(|e| e.kind == Kind::Error) {
        if let Some(first) = &e.first {
            push_unique(&mut paths, origins_of(first, origins));
        }
        push_unique(&mut paths, origins_of(&e.path, origins));
        if e.message == ERR_PATH_CONFLICTS_SYSTEMD {
            if let Some(k) = node_path(cfg, &e.path).and_then(|p| unit_at(cfg, p)) {
                push_unique(
                    &mut paths,
                    origins.units.get(k).cloned().unwrap_or_default(),
                );
            }
        }
        let text = explain_entry(cfg, e);
        if !explanations.contains(&text) {
            explanations.push(text);
        }
    }
    BootFailure {
        message: format!("{TRANSLATE_PREFIX}{}", report.text()),
        crashes: false,
        explanation: explanations.join(" "),
        paths,
        details: Vec::new(),
    }
}

/// The path of the file, directory or link a report path points into.
fn node_path<'a>(cfg: &'a Config31, at: &VPath) -> Option<&'a str> {
    let st = &cfg.storage;
    match at.list_entry()? {
        ("storage", "files", i) => st.files.get(i).map(|f| f.node.path.as_str()),
        ("storage", "directories", i) => st.directories.get(i).map(|d| d.node.path.as_str()),
        ("storage", "links", i) => st.links.get(i).map(|l| l.node.path.as_str()),
        _ => None,
    }
}

/// The unit whose file or drop-in Ignition writes at `path`.
fn unit_at(cfg: &Config31, path: &str) -> Option<usize> {
    let rest = path.strip_prefix("/etc/systemd/system/")?;
    cfg.systemd.units.iter().position(|u| {
        rest == u.name
            || u.dropins
                .iter()
                .any(|d| rest == format!("{}.d/{}", u.name, d.name))
    })
}

fn explain_entry(cfg: &Config31, e: &Entry) -> String {
    if e.message == ERR_PATH_CONFLICTS_SYSTEMD {
        return format!(
            "{} is also written by a systemd unit or drop-in of the config. Ignition 2.x \
             wrote both (the later write won); spec 3 refuses an entry at the path of a unit \
             or drop-in that has contents. Keep only the unit (or only the file).",
            node_path(cfg, &e.path).unwrap_or("A path")
        );
    }
    if e.message == ERR_DUPLICATE {
        return match e.path.list_entry() {
            Some(("passwd", "users", i)) => format!(
                "User {} is defined more than once. Ignition 2.x applied each entry in turn, \
                 but spec 3 needs unique user names and the translator does not merge them: \
                 combine the entries (for example, join their SSH keys) into one.",
                quote(cfg.passwd.users.get(i).map_or("", |u| u.name.as_str()))
            ),
            Some(("passwd", "groups", i)) => format!(
                "Group {} is defined more than once; spec 3 needs unique group names. Keep \
                 one entry.",
                quote(cfg.passwd.groups.get(i).map_or("", |g| g.name.as_str()))
            ),
            Some(("storage", "files", i)) => format!(
                "Two files end up at {}: networkd units become files under \
                 /etc/systemd/network/, so a repeated networkd unit name, or a file or \
                 directory at the same path, collides. Keep one of them.",
                cfg.storage
                    .files
                    .get(i)
                    .map_or("", |f| f.node.path.as_str())
            ),
            Some(("storage", "filesystems", _)) => {
                "Two filesystems use the same device; spec 3 allows one entry per device."
                    .to_owned()
            }
            _ => format!(
                "An entry repeats the key of an earlier one at {}; spec 3 needs unique \
                 entries there (Ignition 2.x accepted repeats).",
                e.path
            ),
        };
    }
    format!(
        "The translated config breaks a spec-3.1 rule at {}: {}.",
        e.path, e.message
    )
}

fn engine_failure(report: &Report, lines: Vec<String>) -> BootFailure {
    let mut paths = Vec::new();
    let mut explanations = Vec::new();
    for e in report.entries.iter().filter(|e| e.kind == Kind::Error) {
        if let Some(("storage", "links", i)) = e.path.list_entry() {
            paths.push(storage_entry("links", i));
        }
        let text = if e.message == ERR_LINK_TARGET_REQUIRED {
            "A link has no target. ct prints it as `\"target\": \"\"`, which spec 3.1 still \
             accepts, so the translation succeeds; but Ignition validates the final config at \
             its newest spec, where a link needs a target, and stops with `config is not valid`. \
             Give the link a target."
                .to_owned()
        } else {
            format!(
                "The final config fails validation at {}: {}.",
                e.path, e.message
            )
        };
        if !explanations.contains(&text) {
            explanations.push(text);
        }
    }
    BootFailure {
        message: ENGINE_MESSAGE.to_owned(),
        crashes: false,
        explanation: explanations.join(" "),
        paths,
        details: lines,
    }
}

/// Files and directories whose setuid/setgid/sticky bits Ignition drops.
fn mode_notes(config: &Config) -> Vec<Note> {
    let mut notes = Vec::new();
    let modes = config
        .storage
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| (storage_entry("files", i), f.mode))
        .chain(
            config
                .storage
                .directories
                .iter()
                .enumerate()
                .map(|(i, d)| (storage_entry("directories", i), d.mode)),
        );
    for (path, mode) in modes {
        if let Some(m) = mode.filter(|m| (0..=0o7777).contains(m) && m & 0o7000 != 0) {
            notes.push(Note {
                path: path.key("mode"),
                message: format!(
                    "mode 0{m:o} is applied as 0{:03o}: Ignition drops setuid/setgid/sticky bits \
                     from configs older than spec 3.6",
                    m & 0o777
                ),
            });
        }
    }
    notes
}

#[cfg(test)]
mod tests;
