//! Ignition's validation of a spec-3 config, in Ignition's words and order.
//!
//! Ignition walks the config depth-first in field order and, at every value,
//! first runs that value's own checks and then descends. The duplicate-key
//! check is a second, separate walk whose entries follow all the others. A
//! report prints as one `error at $.storage.files.1.path: …` line per entry
//! (warnings included).
//!
//! Two rule sets are modelled:
//!
//! * [`Rules::Spec31`]: spec 3.1.0, which the translator runs on its result
//!   (and again when the result is parsed back), with the duplicate walk;
//! * [`Rules::Engine37`]: the check the boot engine runs on the final
//!   config after up-translating it to 3.7.0-experimental: no duplicate walk,
//!   no special-mode-bit warning (3.6+ supports those bits, and the 3.5→3.6
//!   step has masked them off), and links need a non-empty `target`.
//!
//! Flatcar's Ignition also accepts `oem://` URLs in every spec-3 version.

use std::collections::{HashMap, HashSet};
use std::fmt;

use super::gopath;
use super::types::*;
use crate::gocompat::quote::quote;
use crate::gocompat::systemd_unit::{validate_unit_contents, UnitOption};

/// One step of a spec-3 report path.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum VSeg {
    Key(&'static str),
    Index(usize),
}

/// A path into the spec-3 config, printed as Ignition prints it:
/// `$.storage.files.1.path`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct VPath(pub Vec<VSeg>);

impl VPath {
    pub fn root() -> Self {
        VPath(Vec::new())
    }

    pub fn key(&self, key: &'static str) -> Self {
        let mut v = self.0.clone();
        v.push(VSeg::Key(key));
        VPath(v)
    }

    pub fn index(&self, i: usize) -> Self {
        let mut v = self.0.clone();
        v.push(VSeg::Index(i));
        VPath(v)
    }

    /// The first segments as `(key, key, index)` when the path starts with
    /// two keys and an index (`storage.files.3…`).
    pub fn list_entry(&self) -> Option<(&'static str, &'static str, usize)> {
        match self.0.as_slice() {
            [VSeg::Key(a), VSeg::Key(b), VSeg::Index(i), ..] => Some((a, b, *i)),
            _ => None,
        }
    }
}

impl fmt::Display for VPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("$")?;
        for seg in &self.0 {
            match seg {
                VSeg::Key(k) => write!(f, ".{k}")?,
                VSeg::Index(i) => write!(f, ".{i}")?,
            }
        }
        Ok(())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Error,
    Warning,
}

/// One report entry.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub kind: Kind,
    pub path: VPath,
    pub message: String,
    /// For a duplicate: the earlier entry with the same key.
    pub first: Option<VPath>,
}

impl Entry {
    /// The entry as Ignition prints it without a source position.
    pub fn line(&self) -> String {
        let kind = match self.kind {
            Kind::Error => "error",
            Kind::Warning => "warning",
        };
        format!("{kind} at {}: {}", self.path, self.message)
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    pub entries: Vec<Entry>,
}

impl Report {
    fn error(&mut self, path: VPath, message: impl Into<String>) {
        self.entries.push(Entry {
            kind: Kind::Error,
            path,
            message: message.into(),
            first: None,
        });
    }

    fn warn(&mut self, path: VPath, message: impl Into<String>) {
        self.entries.push(Entry {
            kind: Kind::Warning,
            path,
            message: message.into(),
            first: None,
        });
    }

    fn on_error(&mut self, path: VPath, result: Result<(), String>) {
        if let Err(e) = result {
            self.error(path, e);
        }
    }

    pub fn is_fatal(&self) -> bool {
        self.entries.iter().any(|e| e.kind == Kind::Error)
    }

    /// The report as Go's `Report.String()`: one line per entry, each
    /// ending in a newline.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for e in &self.entries {
            out.push_str(&e.line());
            out.push('\n');
        }
        out
    }
}

/// Which of Ignition's validations to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rules {
    /// Spec 3.1.0 with the duplicate-key walk (the translator's check).
    Spec31,
    /// The boot engine's check of the 3.7.0-experimental config.
    Engine37,
}

pub const ERR_DUPLICATE: &str = "duplicate entry defined";
pub const ERR_LINK_TARGET_REQUIRED: &str = "link target is required";
const ERR_SPECIAL_BITS: &str =
    "setuid/setgid/sticky bits are not supported or functional in spec versions older than 3.6.0";
pub const ERR_PATH_CONFLICTS_SYSTEMD: &str = "path conflicts with systemd unit or dropin";

/// Validates `cfg` under `rules`.
pub fn validate(cfg: &Config31, rules: Rules) -> Report {
    let mut r = Report::default();
    let root = VPath::root();
    config_checks(cfg, &root, &mut r);
    ignition(&cfg.ignition, &root.key("ignition"), &mut r);
    storage(&cfg.storage, &root.key("storage"), rules, &mut r);
    systemd(&cfg.systemd, &root.key("systemd"), &mut r);
    if rules == Rules::Spec31 {
        duplicates(cfg, &mut r);
    }
    r
}

/// Files, directories and links may not take the path of a unit or drop-in
/// that has contents.
fn config_checks(cfg: &Config31, c: &VPath, r: &mut Report) {
    let mut unit_paths = HashSet::new();
    for unit in &cfg.systemd.units {
        if non_empty(&unit.contents) {
            unit_paths.insert(format!("/etc/systemd/system/{}", unit.name));
        }
        for dropin in &unit.dropins {
            if non_empty(&dropin.contents) {
                unit_paths.insert(format!(
                    "/etc/systemd/system/{}.d/{}",
                    unit.name, dropin.name
                ));
            }
        }
    }
    let storage = c.key("storage");
    for (i, f) in cfg.storage.files.iter().enumerate() {
        if unit_paths.contains(&f.node.path) {
            r.error(
                storage.key("files").index(i).key("path"),
                ERR_PATH_CONFLICTS_SYSTEMD,
            );
        }
    }
    for (i, d) in cfg.storage.directories.iter().enumerate() {
        if unit_paths.contains(&d.node.path) {
            r.error(
                storage.key("directories").index(i).key("path"),
                ERR_PATH_CONFLICTS_SYSTEMD,
            );
        }
    }
    for (i, l) in cfg.storage.links.iter().enumerate() {
        if unit_paths.contains(&l.node.path) {
            r.error(
                storage.key("links").index(i).key("path"),
                ERR_PATH_CONFLICTS_SYSTEMD,
            );
        }
    }
}

fn non_empty(s: &Option<String>) -> bool {
    s.as_deref().is_some_and(|s| !s.is_empty())
}

fn ignition(ign: &Ignition31, c: &VPath, r: &mut Report) {
    let config = c.key("config");
    for (i, res) in ign.merge.iter().enumerate() {
        r.on_error(config.key("merge").index(i), required_source(res));
    }
    for (i, res) in ign.merge.iter().enumerate() {
        resource(res, &config.key("merge").index(i), r);
    }
    resource(&ign.replace, &config.key("replace"), r);
    let tls = c.key("security").key("tls");
    for (i, ca) in ign.certificate_authorities.iter().enumerate() {
        r.on_error(
            tls.key("certificateAuthorities").index(i),
            required_source(ca),
        );
    }
    for (i, ca) in ign.certificate_authorities.iter().enumerate() {
        resource(ca, &tls.key("certificateAuthorities").index(i), r);
    }
}

fn required_source(res: &Resource) -> Result<(), String> {
    match res.source.as_deref() {
        None | Some("") => Err("source is required".into()),
        Some(s) => validate_url(s),
    }
}

/// Ignition's URL rule for spec 3.1 with Flatcar's `oem` scheme.
fn validate_url(s: &str) -> Result<(), String> {
    crate::ignition::validate::validate_url(s)
}

fn resource(res: &Resource, c: &VPath, r: &mut Report) {
    if let Some(comp) = &res.compression {
        if !comp.is_empty() && comp != "gzip" {
            r.error(c.key("compression"), "invalid compression method");
        }
    }
    if res.hash.is_some() && res.source.is_none() {
        r.error(
            c.key("verification").key("hash"),
            "source must be specified if verification is specified",
        );
    }
    if let Some(s) = res.source.as_deref() {
        if !s.is_empty() {
            r.on_error(c.key("source"), validate_url(s));
        }
    }
    // The verification block's own check.
    if let Some(hash) = &res.hash {
        r.on_error(c.key("verification").key("hash"), verify_hash(hash));
    }
}

fn verify_hash(hash: &str) -> Result<(), String> {
    let Some((function, sum)) = hash.split_once('-') else {
        return Err("malformed hash specifier".into());
    };
    let hex_len = match function {
        "sha512" => 128,
        "sha256" => 64,
        _ => return Err("unrecognized hash function".into()),
    };
    if sum.len() != hex_len {
        return Err("incorrect size for hash sum".into());
    }
    Ok(())
}

fn validate_path(p: &str) -> Result<(), String> {
    if p.is_empty() {
        return Err("path not specified".into());
    }
    if !gopath::is_abs(p) {
        return Err("path not absolute".into());
    }
    if gopath::clean(p) != p {
        return Err("path is not fully simplified".into());
    }
    Ok(())
}

fn validate_mode(mode: Option<i64>) -> Result<(), String> {
    match mode {
        Some(m) if !(0..=0o7777).contains(&m) => Err("illegal file mode".into()),
        _ => Ok(()),
    }
}

fn has_special_bits(mode: Option<i64>) -> bool {
    // Go converts to uint32 first; only the low bits matter here.
    mode.is_some_and(|m| (m as u32) & 0o7000 != 0)
}

fn owner(o: &Owner, c: &VPath, r: &mut Report) {
    if o.id.is_some() && non_empty(&o.name) {
        r.error(c.clone(), "cannot set both id and name");
    }
}

fn storage(st: &Storage31, c: &VPath, rules: Rules, r: &mut Report) {
    // The storage block's own checks.
    for (i, d) in st.directories.iter().enumerate() {
        for l in &st.links {
            if d.node.path.starts_with(&format!("{}/", l.node.path)) {
                r.error(
                    c.key("directories").index(i),
                    "directory path includes link in config",
                );
            }
        }
    }
    for (i, f) in st.files.iter().enumerate() {
        for l in &st.links {
            if f.node.path.starts_with(&format!("{}/", l.node.path)) {
                r.error(c.key("files").index(i), "file path includes link in config");
            }
        }
    }
    for (i, l1) in st.links.iter().enumerate() {
        let at = c.key("links").index(i);
        for l2 in &st.links {
            if l1.node.path.starts_with(&format!("{}/", l2.node.path)) {
                r.error(at.clone(), "link path includes link in config");
            }
        }
        if rules == Rules::Engine37 && l1.target.is_empty() {
            r.error(at.key("target"), ERR_LINK_TARGET_REQUIRED);
            continue;
        }
        if l1.hard != Some(true) {
            continue;
        }
        let mut target = gopath::clean(&l1.target);
        if !gopath::is_abs(&target) {
            target = gopath::join(&[&l1.node.path, &l1.target]);
        }
        for d in &st.directories {
            if target == d.node.path {
                r.error(at.clone(), "hard link target is a directory");
            }
        }
        let owner_checks = [
            (l1.node.user.id.is_some(), "user", "id"),
            (l1.node.user.name.is_some(), "user", "name"),
            (l1.node.group.id.is_some(), "group", "id"),
            (l1.node.group.name.is_some(), "group", "name"),
        ];
        for (set, who, field) in owner_checks {
            if set {
                r.warn(at.key(who).key(field), "user/group ignored for hard link");
            }
        }
    }
    // The last disk entry for a device counts, as in a map built in order.
    let disk_of = |device: &str| st.disks.iter().rev().find(|d| d.device == device);
    for (i, f) in st.filesystems.iter().enumerate() {
        if let Some(disk) = disk_of(f.device.as_str()) {
            let at = c.key("filesystems").index(i).key("device");
            if !disk.partitions.is_empty() {
                r.warn(at, "filesystem overwrites partitioned device");
            } else if f.wipe_filesystem != Some(true) && disk.wipe_table == Some(true) {
                r.warn(
                    at,
                    "device matches disk with wipeTable enabled; filesystem will be wiped",
                );
            }
        }
    }

    // Then each list, in field order.
    for (i, d) in st.directories.iter().enumerate() {
        let at = c.key("directories").index(i);
        r.on_error(at.key("path"), validate_path(&d.node.path));
        r.on_error(at.key("mode"), validate_mode(d.mode));
        if rules == Rules::Spec31 && has_special_bits(d.mode) {
            r.warn(at.key("mode"), ERR_SPECIAL_BITS);
        }
        owner(&d.node.group, &at.key("group"), r);
        owner(&d.node.user, &at.key("user"), r);
    }
    for (i, d) in st.disks.iter().enumerate() {
        disk(d, &c.key("disks").index(i), r);
    }
    for (i, f) in st.files.iter().enumerate() {
        let at = c.key("files").index(i);
        r.on_error(at.key("path"), validate_path(&f.node.path));
        r.on_error(at.key("mode"), validate_mode(f.mode));
        if rules == Rules::Spec31 && has_special_bits(f.mode) {
            r.warn(at.key("mode"), ERR_SPECIAL_BITS);
        }
        if f.node.overwrite == Some(true) && f.contents.source.is_none() {
            r.error(
                at.key("overwrite"),
                "overwrite must be false if source is unspecified",
            );
        }
        owner(&f.node.group, &at.key("group"), r);
        owner(&f.node.user, &at.key("user"), r);
        for (j, res) in f.append.iter().enumerate() {
            resource(res, &at.key("append").index(j), r);
        }
        resource(&f.contents, &at.key("contents"), r);
    }
    for (i, f) in st.filesystems.iter().enumerate() {
        filesystem(f, &c.key("filesystems").index(i), r);
    }
    for (i, l) in st.links.iter().enumerate() {
        let at = c.key("links").index(i);
        r.on_error(at.key("path"), validate_path(&l.node.path));
        owner(&l.node.group, &at.key("group"), r);
        owner(&l.node.user, &at.key("user"), r);
    }
    for (i, raid) in st.raid.iter().enumerate() {
        let at = c.key("raid").index(i);
        r.on_error(at.key("level"), raid_level(raid));
        if raid.devices.is_empty() {
            r.error(at.key("devices"), "raid devices required");
        }
        for (j, dev) in raid.devices.iter().enumerate() {
            r.on_error(at.key("devices").index(j), validate_path(dev));
        }
    }
}

fn raid_level(raid: &Raid31) -> Result<(), String> {
    match raid.level.as_str() {
        "linear" | "raid0" | "0" | "stripe" => {
            if raid.spares.is_some_and(|s| s != 0) {
                return Err("spares unsupported for linear and raid0 arrays".into());
            }
            Ok(())
        }
        "raid1" | "1" | "mirror" | "raid4" | "4" | "raid5" | "5" | "raid6" | "6" | "raid10"
        | "10" => Ok(()),
        // 3.1 has no separate "level required" message: "" is unrecognised.
        _ => Err("unrecognized raid level".into()),
    }
}

fn disk(d: &Disk31, c: &VPath, r: &mut Report) {
    if d.device.is_empty() {
        r.error(c.key("device"), "disk device is required");
    } else {
        r.on_error(c.key("device"), validate_path(&d.device));
        if let Some(p) = partition_numbers_collide(d) {
            r.error(c.key("partitions").index(p), "partition numbers collide");
        }
        if let Some(p) = partitions_overlap(d) {
            r.error(c.key("partitions").index(p), "partitions overlap");
        }
        if let Some(p) = partition_labels_collide(d) {
            r.error(
                c.key("partitions").index(p),
                "cannot use the same partition label twice",
            );
        }
    }
    for (j, p) in d.partitions.iter().enumerate() {
        let at = c.key("partitions").index(j);
        if p.number == 0 && p.label.is_none() {
            r.error(
                at.clone(),
                "a partition number >= 1 or a label must be specified",
            );
        }
        if let Some(label) = &p.label {
            if label.len() > 36 {
                r.error(
                    at.key("label"),
                    "partition labels may not exceed 36 characters",
                );
            } else if label.contains(':') {
                r.error(
                    at.key("label"),
                    "partition label will be truncated to text before the colon",
                );
            }
        }
        for (field, guid) in [("guid", &p.guid), ("typeGuid", &p.type_guid)] {
            if let Some(g) = guid {
                if !is_guid(g) {
                    r.error(
                        at.key(field),
                        "doesn't match the form \"01234567-89AB-CDEF-EDCB-A98765432101\"",
                    );
                }
            }
        }
    }
}

/// Empty, or 8-4-4-4-12 hexadecimal digits.
fn is_guid(s: &str) -> bool {
    if s.is_empty() {
        return true;
    }
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The index of the second partition that reuses a number. Ignition looks
/// the collisions up in a map, so with several colliding numbers its choice
/// is random; the earliest second occurrence is reported here.
fn partition_numbers_collide(d: &Disk31) -> Option<usize> {
    let mut seen = HashSet::new();
    d.partitions
        .iter()
        .enumerate()
        .find(|(_, p)| p.number != 0 && !seen.insert(p.number))
        .map(|(i, _)| i)
}

fn partition_labels_collide(d: &Disk31) -> Option<usize> {
    let mut seen = HashSet::new();
    d.partitions
        .iter()
        .enumerate()
        .find(|(_, p)| p.label.as_ref().is_some_and(|l| !seen.insert(l.clone())))
        .map(|(i, _)| i)
}

fn partitions_overlap(d: &Disk31) -> Option<usize> {
    let sized = |p: &Partition31| match (p.start_mib, p.size_mib) {
        (Some(start), Some(size)) if start != 0 => {
            let end = if size == 0 {
                start
            } else {
                start.saturating_add(size).saturating_sub(1)
            };
            Some((start, end))
        }
        _ => None,
    };
    for (pi, p) in d.partitions.iter().enumerate() {
        let Some((ps, pe)) = sized(p) else { continue };
        for (oi, o) in d.partitions.iter().enumerate() {
            if oi == pi {
                continue;
            }
            let Some((os, oe)) = sized(o) else { continue };
            if (ps >= os && ps <= oe) || (pe >= os && pe <= oe) || (ps < os && pe > oe) {
                return Some(oi);
            }
        }
    }
    None
}

fn filesystem(f: &Filesystem31, c: &VPath, r: &mut Report) {
    if let Some(p) = f.path.as_deref() {
        if !p.is_empty() {
            r.on_error(c.key("path"), validate_path(p));
        }
    }
    r.on_error(c.key("device"), validate_path(&f.device));
    let format = f.format.as_deref().unwrap_or("");
    if format.is_empty() {
        if non_empty(&f.path)
            || non_empty(&f.label)
            || non_empty(&f.uuid)
            || f.wipe_filesystem == Some(true)
            || !f.options.is_empty()
        {
            r.error(
                c.key("format"),
                "format cannot be empty when path, label, uuid, wipeFilesystem, options, or mountOptions is specified",
            );
        }
    } else if !matches!(format, "ext4" | "btrfs" | "xfs" | "swap" | "vfat") {
        r.error(c.key("format"), "invalid filesystem format");
    }
    if let Some(label) = f.label.as_deref().filter(|l| !l.is_empty()) {
        let limit = match format {
            "" => {
                r.error(
                    c.key("label"),
                    "filesystem must specify format if label is specified",
                );
                None
            }
            "ext4" => Some((16, "ext4")),
            "btrfs" => Some((256, "btrfs")),
            "xfs" => Some((12, "xfs")),
            "swap" => Some((15, "swap")),
            "vfat" => Some((11, "vfat")),
            _ => None,
        };
        if let Some((max, name)) = limit {
            if label.len() > max {
                r.error(
                    c.key("label"),
                    format!("filesystem labels cannot be longer than {max} characters when using {name}"),
                );
            }
        }
    }
}

/// go-systemd's unit parser, with its current error wording.
pub fn parse_unit(contents: &str) -> Result<Vec<UnitOption<'_>>, String> {
    validate_unit_contents(contents).map_err(|e| {
        // The parser ct vendors prints the trailing garbage of a section
        // header as a byte list; the one Flatcar's Ignition uses quotes it.
        match e
            .strip_prefix("found garbage after section name : [")
            .and_then(|rest| rest.strip_suffix(']'))
        {
            Some(list) => {
                let bytes: Vec<u8> = list
                    .split(' ')
                    .filter_map(|b| b.parse::<u8>().ok())
                    .collect();
                format!(
                    "found garbage after section name : {}",
                    crate::gocompat::quote::quote_bytes(&bytes)
                )
            }
            None => e,
        }
    })
}

fn install_warning(
    name: &str,
    enabled: bool,
    contents: &Option<String>,
    opts: Option<&[UnitOption<'_>]>,
) -> Option<String> {
    if !enabled || !non_empty(contents) {
        return None;
    }
    let opts = opts?;
    if opts.iter().any(|o| o.section == "Install") {
        return None;
    }
    Some(format!(
        "unit {} is enabled, but has no install section so enable does nothing",
        quote(name)
    ))
}

/// The template of an instance unit name (`a@b.service` → `a@.service`),
/// as Ignition's `^(.+?)@(.+?)\.service$` finds it.
fn instance_template(name: &str) -> Option<String> {
    if name.contains('\n') {
        return None;
    }
    let rest = name.strip_suffix(".service")?;
    rest.char_indices()
        .filter(|&(i, c)| c == '@' && i > 0 && i + 1 < rest.len())
        .map(|(i, _)| format!("{}@.service", rest.get(..i).unwrap_or_default()))
        .next()
}

fn systemd(sd: &Systemd31, c: &VPath, r: &mut Report) {
    let units = c.key("units");
    let unit_named = |name: &str| sd.units.iter().rev().find(|u| u.name == name);
    for (i, unit) in sd.units.iter().enumerate() {
        if unit.enabled != Some(true) {
            continue;
        }
        let Some(template) = instance_template(&unit.name) else {
            continue;
        };
        let Some(t) = unit_named(template.as_str()) else {
            continue;
        };
        let Some(contents) = t.contents.as_deref().filter(|s| !s.is_empty()) else {
            continue;
        };
        let Ok(opts) = parse_unit(contents) else {
            continue;
        };
        if !opts.iter().any(|o| o.section == "Install") {
            r.warn(
                units.index(i).key("contents"),
                format!(
                    "template unit {} for {} doesn't have Install section",
                    quote(&template),
                    quote(&unit.name)
                ),
            );
        }
    }
    for (i, unit) in sd.units.iter().enumerate() {
        let at = units.index(i);
        if !matches!(
            gopath::ext(&unit.name),
            ".service"
                | ".socket"
                | ".device"
                | ".mount"
                | ".automount"
                | ".swap"
                | ".target"
                | ".path"
                | ".timer"
                | ".snapshot"
                | ".slice"
                | ".scope"
        ) {
            r.error(at.key("name"), "invalid systemd unit extension");
        }
        let opts = match unit.contents.as_deref() {
            None => Some(Vec::new()),
            Some(text) => match parse_unit(text) {
                Ok(opts) => Some(opts),
                Err(e) => {
                    r.error(at.key("contents"), format!("invalid unit content: {e}"));
                    None
                }
            },
        };
        if let Some(w) = install_warning(
            &unit.name,
            unit.enabled == Some(true),
            &unit.contents,
            opts.as_deref(),
        ) {
            r.warn(at.key("contents"), w);
        }
        for (j, d) in unit.dropins.iter().enumerate() {
            let dat = at.key("dropins").index(j);
            if let Some(text) = d.contents.as_deref() {
                if let Err(e) = parse_unit(text) {
                    r.error(dat.key("contents"), format!("invalid unit content: {e}"));
                }
            }
            if gopath::ext(&d.name) != ".conf" {
                r.error(dat.key("name"), "invalid systemd drop-in extension");
            }
        }
    }
}

/// Ignition's second walk: within each list (files, directories and links
/// sharing one key space), an entry whose key was already seen is a
/// duplicate.
fn duplicates(cfg: &Config31, r: &mut Report) {
    fn check(
        r: &mut Report,
        seen: &mut HashMap<String, VPath>,
        list: VPath,
        keys: impl Iterator<Item = String>,
    ) {
        for (i, key) in keys.enumerate() {
            let at = list.index(i);
            match seen.get(&key) {
                Some(first) => r.entries.push(Entry {
                    kind: Kind::Error,
                    path: at,
                    message: ERR_DUPLICATE.into(),
                    first: Some(first.clone()),
                }),
                None => {
                    seen.insert(key, at);
                }
            }
        }
    }
    fn source_key(res: &Resource) -> String {
        res.source.clone().unwrap_or_default()
    }
    let root = VPath::root();
    let ign = root.key("ignition");
    check(
        r,
        &mut HashMap::new(),
        ign.key("config").key("merge"),
        cfg.ignition.merge.iter().map(source_key),
    );
    check(
        r,
        &mut HashMap::new(),
        ign.key("security").key("tls").key("certificateAuthorities"),
        cfg.ignition.certificate_authorities.iter().map(source_key),
    );

    let passwd = root.key("passwd");
    check(
        r,
        &mut HashMap::new(),
        passwd.key("groups"),
        cfg.passwd.groups.iter().map(|g| g.name.clone()),
    );
    check(
        r,
        &mut HashMap::new(),
        passwd.key("users"),
        cfg.passwd.users.iter().map(|u| u.name.clone()),
    );
    for (i, u) in cfg.passwd.users.iter().enumerate() {
        let at = passwd.key("users").index(i);
        check(
            r,
            &mut HashMap::new(),
            at.key("groups"),
            u.groups.iter().cloned(),
        );
        check(
            r,
            &mut HashMap::new(),
            at.key("sshAuthorizedKeys"),
            u.ssh_authorized_keys.iter().cloned(),
        );
    }

    let st = &cfg.storage;
    let storage = root.key("storage");
    let mut nodes = HashMap::new();
    check(
        r,
        &mut nodes,
        storage.key("directories"),
        st.directories.iter().map(|d| d.node.path.clone()),
    );
    check(
        r,
        &mut HashMap::new(),
        storage.key("disks"),
        st.disks.iter().map(|d| d.device.clone()),
    );
    check(
        r,
        &mut nodes,
        storage.key("files"),
        st.files.iter().map(|f| f.node.path.clone()),
    );
    check(
        r,
        &mut HashMap::new(),
        storage.key("filesystems"),
        st.filesystems.iter().map(|f| f.device.clone()),
    );
    check(
        r,
        &mut nodes,
        storage.key("links"),
        st.links.iter().map(|l| l.node.path.clone()),
    );
    check(
        r,
        &mut HashMap::new(),
        storage.key("raid"),
        st.raid.iter().map(|x| x.name.clone()),
    );
    for (i, d) in st.disks.iter().enumerate() {
        check(
            r,
            &mut HashMap::new(),
            storage.key("disks").index(i).key("partitions"),
            d.partitions.iter().map(Partition31::key),
        );
    }
    for (i, raid) in st.raid.iter().enumerate() {
        check(
            r,
            &mut HashMap::new(),
            storage.key("raid").index(i).key("devices"),
            raid.devices.iter().cloned(),
        );
    }

    let units = root.key("systemd").key("units");
    check(
        r,
        &mut HashMap::new(),
        units.clone(),
        cfg.systemd.units.iter().map(|u| u.name.clone()),
    );
    for (i, u) in cfg.systemd.units.iter().enumerate() {
        check(
            r,
            &mut HashMap::new(),
            units.index(i).key("dropins"),
            u.dropins.iter().map(|d| d.name.clone()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instance_templates() {
        assert_eq!(
            instance_template("a@b.service").as_deref(),
            Some("a@.service")
        );
        assert_eq!(
            instance_template("a@b@c.service").as_deref(),
            Some("a@.service")
        );
        assert_eq!(instance_template("@b.service"), None);
        assert_eq!(
            instance_template("@@b.service").as_deref(),
            Some("@@.service")
        );
        assert_eq!(instance_template("a@.service"), None);
        assert_eq!(instance_template("a@b.socket"), None);
    }

    #[test]
    fn hashes() {
        assert_eq!(
            verify_hash("sha512"),
            Err("malformed hash specifier".into())
        );
        assert_eq!(
            verify_hash("md5-00"),
            Err("unrecognized hash function".into())
        );
        assert_eq!(
            verify_hash("sha256-00"),
            Err("incorrect size for hash sum".into())
        );
        assert_eq!(verify_hash(&format!("sha256-{}", "a".repeat(64))), Ok(()));
    }

    #[test]
    fn paths() {
        assert_eq!(validate_path(""), Err("path not specified".into()));
        assert_eq!(validate_path("a"), Err("path not absolute".into()));
        assert_eq!(
            validate_path("/a/"),
            Err("path is not fully simplified".into())
        );
        assert_eq!(validate_path("/a"), Ok(()));
    }

    #[test]
    fn vpath_prints_like_ignition() {
        let p = VPath::root()
            .key("storage")
            .key("files")
            .index(3)
            .key("path");
        assert_eq!(p.to_string(), "$.storage.files.3.path");
        assert_eq!(p.list_entry(), Some(("storage", "files", 3)));
    }
}
