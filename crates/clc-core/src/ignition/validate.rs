//! Ignition 2.3 checks on a converted config (ct's convert report), located
//! the way ct locates them: the Ignition path is looked up in the user's YAML
//! with keys camelCased, falling back to the nearest enclosing node.
//!
//! ct looks values up by their *output* index, so generated entries (the
//! docker/etcd units ahead of the user's, `update.conf` after the user's
//! files) shift positions exactly as they do in ct.

use std::collections::HashSet;

use crate::ast::{KeyStyle, Loc, LocPath, Tree};
use crate::diagnostic::{Diagnostic, Phase, Severity};
use crate::gocompat;
use crate::ignition::types::*;

pub struct IgnitionValidator<'t, 'a> {
    tree: Option<&'t Tree<'a>>,
    remote_files: HashSet<usize>,
    pub out: Vec<Diagnostic>,
}

/// Result of a struct-level check: ct does not look inside a struct whose
/// own check failed.
type Fatal = bool;

impl<'t, 'a> IgnitionValidator<'t, 'a> {
    pub fn new(tree: Option<&'t Tree<'a>>, remote_files: &[usize]) -> Self {
        IgnitionValidator {
            tree,
            remote_files: remote_files.iter().copied().collect(),
            out: Vec::new(),
        }
    }

    fn root(&self) -> Loc {
        match self.tree {
            Some(t) => t.root(),
            None => Loc {
                node: None,
                exact: false,
                path: LocPath::root(),
            },
        }
    }

    fn child(&self, at: &Loc, key: &'static str) -> Loc {
        match self.tree {
            Some(t) => t.child(at, key, KeyStyle::Json),
            None => Loc {
                node: None,
                exact: false,
                path: at.path.key(key),
            },
        }
    }

    fn index(&self, at: &Loc, i: usize) -> Loc {
        match self.tree {
            Some(t) => t.index(at, i),
            None => Loc {
                node: None,
                exact: false,
                path: at.path.index(i),
            },
        }
    }

    fn report(
        &mut self,
        at: &Loc,
        severity: Severity,
        code: &'static str,
        message: impl Into<String>,
    ) {
        let d = match self.tree {
            Some(t) => t.diagnostic(at, severity, code, message, Phase::Convert),
            None => Diagnostic::new(severity, code, message)
                .in_phase(Phase::Convert)
                .with_path(at.path.to_config_path()),
        };
        self.out.push(d);
    }

    fn error(&mut self, at: &Loc, code: &'static str, message: impl Into<String>) {
        self.report(at, Severity::Error, code, message);
    }

    /// Runs a struct's own check; true when it produced an error.
    fn checked(&mut self, at: &Loc, found: Vec<(Severity, &'static str, String)>) -> Fatal {
        let mut fatal = false;
        for (severity, code, message) in found {
            fatal |= severity == Severity::Error;
            self.report(at, severity, code, message);
        }
        fatal
    }

    pub fn config(&mut self, c: &Config) {
        let root = self.root();
        let found = config_rules(c);
        if self.checked(&root, found) {
            return;
        }
        self.ignition(&c.ignition, &self.child(&root, "ignition"));
        self.networkd(&c.networkd, &self.child(&root, "networkd"));
        self.passwd(&c.passwd, &self.child(&root, "passwd"));
        self.storage(&c.storage, &self.child(&root, "storage"));
        self.systemd(&c.systemd, &self.child(&root, "systemd"));
    }

    fn ignition(&mut self, i: &Ignition, at: &Loc) {
        let config = self.child(at, "config");
        let append = self.child(&config, "append");
        for (n, r) in i.config.append.iter().enumerate() {
            let loc = self.index(&append, n);
            self.reference_source(&r.source, &loc, false);
            self.verification(&r.verification, &self.child(&loc, "verification"));
        }
        if let Some(r) = &i.config.replace {
            let loc = self.child(&config, "replace");
            self.reference_source(&r.source, &loc, false);
            self.verification(&r.verification, &self.child(&loc, "verification"));
        }
        // `tls` is embedded in Ignition's Security, so ct looks for
        // `certificateAuthorities` directly under `security`.
        let security = self.child(at, "security");
        let cas = self.child(&security, "certificateAuthorities");
        for (n, ca) in i.security.tls.certificate_authorities.iter().enumerate() {
            let loc = self.index(&cas, n);
            self.reference_source(&ca.source, &loc, false);
            self.verification(&ca.verification, &self.child(&loc, "verification"));
        }
    }

    /// `ValidateSource` of config and CA references (bare messages), or of
    /// file contents (`invalid url "…": …`).
    fn reference_source(&mut self, source: &str, parent: &Loc, file: bool) {
        if let Err(e) = validate_url(source) {
            let loc = self.child(parent, "source");
            let message = if file {
                format!("invalid url {}: {}", gocompat::quote::quote(source), e)
            } else {
                e
            };
            self.error(&loc, "invalid-url", message);
        }
    }

    fn verification(&mut self, v: &Verification, at: &Loc) {
        let Some(hash) = &v.hash else { return };
        let Some((function, sum)) = hash.split_once('-') else {
            self.error(at, "invalid-hash", "malformed hash specifier");
            return;
        };
        if function != "sha512" {
            self.error(at, "invalid-hash", "unrecognized hash function");
            if let Some(last) = self.out.last_mut() {
                last.help = Some("Ignition 2.3 verifies `sha512` hashes only".into());
            }
            return;
        }
        if sum.len() != 128 {
            self.error(at, "invalid-hash", "incorrect size for hash sum");
            if let Some(last) = self.out.last_mut() {
                last.help = Some(format!(
                    "a sha512 sum is 128 hexadecimal characters; this one has {}",
                    sum.len()
                ));
            }
        }
    }

    fn networkd(&mut self, n: &Networkd, at: &Loc) {
        let units = self.child(at, "units");
        for (i, unit) in n.units.iter().enumerate() {
            let loc = self.index(&units, i);
            let mut found = Vec::new();
            if let Err(e) = gocompat::systemd_unit::validate_unit_contents(&unit.contents) {
                found.push((
                    Severity::Error,
                    "invalid-unit",
                    format!("invalid unit content: {e}"),
                ));
            }
            if !matches!(extension(&unit.name), ".link" | ".netdev" | ".network") {
                found.push((
                    Severity::Error,
                    "unit-extension",
                    "invalid networkd unit extension".into(),
                ));
            }
            if self.checked(&loc, found) {
                continue;
            }
            let dropins = self.child(&loc, "dropins");
            for (j, d) in unit.dropins.iter().enumerate() {
                self.dropin(&d.name, &d.contents, "networkd", &self.index(&dropins, j));
            }
        }
    }

    /// A systemd or networkd drop-in: its contents must parse, its name end in `.conf`.
    fn dropin(&mut self, name: &str, contents: &str, kind: &str, at: &Loc) {
        let mut found = Vec::new();
        if let Err(e) = gocompat::systemd_unit::validate_unit_contents(contents) {
            found.push((
                Severity::Error,
                "invalid-unit",
                format!("invalid unit content: {e}"),
            ));
        }
        if extension(name) != ".conf" {
            found.push((
                Severity::Error,
                "dropin-extension",
                format!("invalid {kind} drop-in extension"),
            ));
        }
        self.checked(at, found);
    }

    fn passwd(&mut self, p: &Passwd, at: &Loc) {
        let users = self.child(at, "users");
        for (i, user) in p.users.iter().enumerate() {
            let Some(_) = &user.create else { continue };
            let loc = self.index(&users, i);
            let mut found = vec![(
                Severity::Warning,
                "deprecated-create",
                "the create object has been deprecated in favor of user-level options".to_owned(),
            )];
            let conflicts = [
                (!user.gecos.is_empty(), "gecos"),
                (!user.groups.is_empty(), "groups"),
                (!user.home_dir.is_empty(), "homeDir"),
                (user.no_create_home, "noCreateHome"),
                (user.no_log_init, "noLogInit"),
                (user.no_user_group, "noUserGroup"),
                (!user.primary_group.is_empty(), "primaryGroup"),
                (!user.shell.is_empty(), "shell"),
                (user.system, "system"),
                (user.uid.is_some(), "uid"),
            ];
            for (set, field) in conflicts {
                if set {
                    found.push((
                        Severity::Error,
                        "create-conflict",
                        format!(
                            "cannot use both the create object and the user-level {field} field"
                        ),
                    ));
                }
            }
            self.checked(&loc, found);
        }
    }

    fn storage(&mut self, s: &Storage, at: &Loc) {
        let directories = self.child(at, "directories");
        for (i, d) in s.directories.iter().enumerate() {
            let loc = self.index(&directories, i);
            self.node_fields(
                &d.filesystem,
                &d.path,
                d.user.as_ref(),
                d.group.as_ref(),
                &loc,
            );
            self.mode(d.mode, &loc);
        }
        let disks = self.child(at, "disks");
        for (i, disk) in s.disks.iter().enumerate() {
            let loc = self.index(&disks, i);
            self.disk(disk, &loc);
        }
        let files = self.child(at, "files");
        for (i, f) in s.files.iter().enumerate() {
            let loc = self.index(&files, i);
            self.file(f, i, &loc);
        }
        let filesystems = self.child(at, "filesystems");
        for (i, fs) in s.filesystems.iter().enumerate() {
            let loc = self.index(&filesystems, i);
            self.filesystem(fs, &loc);
        }
        let links = self.child(at, "links");
        for (i, l) in s.links.iter().enumerate() {
            let loc = self.index(&links, i);
            self.node_fields(
                &l.filesystem,
                &l.path,
                l.user.as_ref(),
                l.group.as_ref(),
                &loc,
            );
        }
        let raid = self.child(at, "raid");
        for (i, r) in s.raid.iter().enumerate() {
            let loc = self.index(&raid, i);
            let devices = self.child(&loc, "devices");
            for device in &r.devices {
                if !device.starts_with('/') {
                    self.error(&devices, "path-not-absolute", "path not absolute");
                }
            }
            let level = self.child(&loc, "level");
            match r.level.as_str() {
                "linear" | "raid0" | "0" | "stripe" => {
                    if r.spares != 0 {
                        self.error(
                            &level,
                            "raid-spares",
                            "spares unsupported for arrays with a level greater than 0",
                        );
                    }
                }
                "raid1" | "1" | "mirror" | "raid4" | "4" | "raid5" | "5" | "raid6" | "6"
                | "raid10" | "10" => {}
                _ => {
                    self.error(&level, "raid-level", "unrecognized raid level");
                    if let Some(last) = self.out.last_mut() {
                        last.help = Some(
                            "levels: linear, raid0, raid1, raid4, raid5, raid6, raid10 (or 0, 1, 4, 5, 6, 10, stripe, mirror)"
                                .into(),
                        );
                    }
                }
            }
        }
    }

    /// The fields files, directories and links share, in Ignition's order.
    fn node_fields(
        &mut self,
        filesystem: &str,
        path: &str,
        user: Option<&NodeUser>,
        group: Option<&NodeGroup>,
        at: &Loc,
    ) {
        if filesystem.is_empty() {
            let loc = self.child(at, "filesystem");
            self.error(&loc, "no-filesystem", "no filesystem specified");
        }
        if let Some(g) = group {
            if g.id.is_some() && !g.name.is_empty() {
                let loc = self.child(at, "group");
                self.error(&loc, "id-and-name", "cannot set both id and name");
            }
        }
        if !path.starts_with('/') {
            let loc = self.child(at, "path");
            self.error(&loc, "path-not-absolute", "path not absolute");
        }
        if let Some(u) = user {
            if u.id.is_some() && !u.name.is_empty() {
                let loc = self.child(at, "user");
                self.error(&loc, "id-and-name", "cannot set both id and name");
            }
        }
    }

    fn mode(&mut self, mode: Option<i64>, at: &Loc) {
        match mode {
            Some(m) if !(0..=0o7777).contains(&m) => {
                let loc = self.child(at, "mode");
                self.error(&loc, "illegal-mode", "illegal file mode");
                if let Some(last) = self.out.last_mut() {
                    last.help = Some(format!(
                        "modes go from 0 to 07777; {m} is {}",
                        if m < 0 {
                            "negative".to_owned()
                        } else {
                            format!("{m:#o} in octal")
                        }
                    ));
                }
            }
            Some(_) => {}
            None => self.report(
                &self.child(at, "mode"),
                Severity::Warning,
                "mode-unset",
                "permissions unset, defaulting to 0000",
            ),
        }
    }

    fn file(&mut self, f: &File, index: usize, at: &Loc) {
        if f.overwrite == Some(true) && f.append {
            self.error(
                at,
                "append-and-overwrite",
                "cannot set both append and overwrite to true",
            );
            return;
        }
        self.node_fields(
            &f.filesystem,
            &f.path,
            f.user.as_ref(),
            f.group.as_ref(),
            at,
        );
        // Most files have inline contents without compression or hash:
        // nothing there to check, nor a location to look up.
        let remote = self.remote_files.contains(&index);
        let contents = &f.contents;
        if remote
            || !matches!(contents.compression.as_str(), "" | "gzip")
            || contents.verification.hash.is_some()
        {
            self.file_contents(contents, remote, at);
        }
        self.mode(f.mode, at);
    }

    /// Checks a file's `contents`; `at` is the file's location.
    fn file_contents(&mut self, c: &FileContents, remote: bool, at: &Loc) {
        // ct re-keys a remote file's `contents` to its `remote` node (and `url`
        // to `source`) before checking, so those checks land there. Only a
        // remote file's source is the user's URL: the converter writes every
        // other one as a data URL of inline or local contents
        // (`gocompat::dataurl::data_url`), valid by construction, so it is not parsed
        // again.
        let (contents, remote_source) = if remote {
            let contents = self.child(at, "contents");
            let remote = self.child(&contents, "remote");
            if remote.exact {
                let source = self.child(&remote, "url");
                (remote, Some(source))
            } else {
                let source = self.child(&contents, "source");
                (contents, Some(source))
            }
        } else {
            (self.child(at, "contents"), None)
        };
        match c.compression.as_str() {
            "" | "gzip" => {}
            _ => {
                let loc = self.child(&contents, "compression");
                self.error(&loc, "invalid-compression", "invalid compression method");
                if let Some(last) = self.out.last_mut() {
                    last.help = Some("the only compression Ignition 2.3 knows is `gzip`".into());
                }
            }
        }
        if let Some(source) = remote_source {
            if let Err(e) = validate_url(&c.source) {
                let message = format!("invalid url {}: {}", gocompat::quote::quote(&c.source), e);
                self.error(&source, "invalid-url", message);
            }
        }
        self.verification(&c.verification, &self.child(&contents, "verification"));
    }

    fn disk(&mut self, disk: &Disk, at: &Loc) {
        let device = self.child(at, "device");
        if disk.device.is_empty() {
            self.error(&device, "disk-device", "disk device is required");
        } else if !disk.device.starts_with('/') {
            self.error(&device, "path-not-absolute", "path not absolute");
        }
        let partitions = self.child(at, "partitions");
        let mut numbers = HashSet::new();
        let collide = disk
            .partitions
            .iter()
            .filter(|p| p.number != 0)
            .any(|p| !numbers.insert(p.number));
        if collide {
            self.error(
                &partitions,
                "partition-numbers",
                "partition numbers collide",
            );
        }
        for (i, p) in disk.partitions.iter().enumerate() {
            let loc = self.index(&partitions, i);
            if !is_guid(&p.guid) {
                let l = self.child(&loc, "guid");
                self.error(&l, "invalid-guid", GUID_MESSAGE);
            }
            if let Some(label) = &p.label {
                let l = self.child(&loc, "label");
                if label.len() > 36 {
                    self.error(
                        &l,
                        "partition-label",
                        "partition labels may not exceed 36 characters",
                    );
                }
                if label.contains(':') {
                    self.report(
                        &l,
                        Severity::Warning,
                        "partition-label",
                        "partition label will be truncated to text before the colon",
                    );
                }
            }
            if !is_guid(&p.type_guid) {
                let l = self.child(&loc, "typeGuid");
                self.error(&l, "invalid-guid", GUID_MESSAGE);
                if let Some(last) = self.out.last_mut() {
                    last.help = Some(
                        "use a GUID or one of raid_containing_root, linux_filesystem_data, swap_partition, raid_partition"
                            .into(),
                    );
                }
            }
        }
    }

    fn filesystem(&mut self, fs: &Filesystem, at: &Loc) {
        let mut found = Vec::new();
        match (&fs.mount, &fs.path) {
            (None, None) => found.push((
                Severity::Error,
                "filesystem-mount",
                "filesystem is missing mount or path".to_owned(),
            )),
            (Some(m), path) => {
                if path.is_some() {
                    found.push((
                        Severity::Error,
                        "filesystem-mount",
                        "filesystem has both mount and path defined".to_owned(),
                    ));
                }
                if m.create.is_some() {
                    if m.wipe_filesystem {
                        found.push((
                            Severity::Error,
                            "filesystem-create",
                            "cannot use both create object and wipeFilesystem field".to_owned(),
                        ));
                    }
                    if !m.options.is_empty() {
                        found.push((
                            Severity::Error,
                            "filesystem-create",
                            "cannot use both create object and mount-level options field"
                                .to_owned(),
                        ));
                    }
                    found.push((
                        Severity::Warning,
                        "deprecated-create",
                        "the create object has been deprecated in favor of mount-level options"
                            .to_owned(),
                    ));
                }
            }
            (None, Some(_)) => {}
        }
        if self.checked(at, found) {
            return;
        }
        if let Some(m) = &fs.mount {
            let mloc = self.child(at, "mount");
            let format_ok = matches!(
                m.format.as_str(),
                "ext4" | "btrfs" | "xfs" | "swap" | "vfat"
            );
            if !format_ok {
                self.error(&mloc, "filesystem-format", "invalid filesystem format");
                if let Some(last) = self.out.last_mut() {
                    last.help = Some("formats: ext4, btrfs, xfs, swap, vfat".into());
                }
            } else {
                if !m.device.starts_with('/') {
                    let l = self.child(&mloc, "device");
                    self.error(&l, "path-not-absolute", "path not absolute");
                }
                if let Some(label) = &m.label {
                    let limit = match m.format.as_str() {
                        "ext4" => 16,
                        "btrfs" => 256,
                        "xfs" => 12,
                        "swap" => 15,
                        _ => 11,
                    };
                    if label.len() > limit {
                        let l = self.child(&mloc, "label");
                        self.error(
                            &l,
                            "filesystem-label",
                            format!(
                                "filesystem labels cannot be longer than {limit} characters when using {}",
                                m.format
                            ),
                        );
                    }
                }
            }
        }
        if let Some(path) = &fs.path {
            if !path.starts_with('/') {
                let l = self.child(at, "path");
                self.error(
                    &l,
                    "path-not-absolute",
                    format!(
                        "filesystem {}: path not absolute",
                        gocompat::quote::quote(&fs.name)
                    ),
                );
            }
        }
    }

    fn systemd(&mut self, s: &Systemd, at: &Loc) {
        let units = self.child(at, "units");
        for (i, unit) in s.units.iter().enumerate() {
            let loc = self.index(&units, i);
            let contents = self.child(&loc, "contents");
            let parsed = gocompat::systemd_unit::validate_unit_contents(&unit.contents);
            match &parsed {
                Err(e) => self.error(
                    &contents,
                    "invalid-unit",
                    format!("invalid unit content: {e}"),
                ),
                Ok(options) => {
                    let enabled = unit.enable || unit.enabled == Some(true);
                    let has_install = options.iter().any(|o| o.section == "Install");
                    if enabled && !unit.contents.is_empty() && !options.is_empty() && !has_install {
                        self.report(
                            &contents,
                            Severity::Warning,
                            "no-install-section",
                            format!(
                                "unit {} is enabled, but has no install section so enable does nothing",
                                gocompat::quote::quote(&unit.name)
                            ),
                        );
                        if let Some(last) = self.out.last_mut() {
                            last.help = Some(
                                "add an [Install] section (e.g. `WantedBy=multi-user.target`), or drop `enable`"
                                    .into(),
                            );
                        }
                    }
                }
            }
            let dropins = self.child(&loc, "dropins");
            for (j, d) in unit.dropins.iter().enumerate() {
                self.dropin(&d.name, &d.contents, "systemd", &self.index(&dropins, j));
            }
            const UNIT_EXTENSIONS: &[&str] = &[
                ".service",
                ".socket",
                ".device",
                ".mount",
                ".automount",
                ".swap",
                ".target",
                ".path",
                ".timer",
                ".snapshot",
                ".slice",
                ".scope",
            ];
            if !UNIT_EXTENSIONS.contains(&extension(&unit.name)) {
                let l = self.child(&loc, "name");
                self.error(&l, "unit-extension", "invalid systemd unit extension");
                if let Some(last) = self.out.last_mut() {
                    last.help = Some(format!(
                        "unit names end in one of {}",
                        UNIT_EXTENSIONS.join(" ")
                    ));
                }
            }
        }
    }
}

const GUID_MESSAGE: &str = "doesn't match the form \"01234567-89AB-CDEF-EDCB-A98765432101\"";

/// Config-wide rules: nodes on filesystems that are not defined, and
/// filesystems defined twice (both warnings, located at the root).
fn config_rules(c: &Config) -> Vec<(Severity, &'static str, String)> {
    let mut found = Vec::new();
    let mut names: HashSet<&str> = HashSet::from(["root"]);
    for fs in &c.storage.filesystems {
        names.insert(&fs.name);
    }
    let mut check = |kind: &str, filesystem: &str, path: &str| {
        if !filesystem.is_empty() && !names.contains(filesystem) {
            found.push((
                Severity::Warning,
                "unknown-filesystem",
                format!(
                    "{kind} {} references nonexistent filesystem {}. (This is ok if it is defined in a referenced config)",
                    gocompat::quote::quote(path),
                    gocompat::quote::quote(filesystem)
                ),
            ));
        }
    };
    for f in &c.storage.files {
        check("File", &f.filesystem, &f.path);
    }
    for l in &c.storage.links {
        check("Link", &l.filesystem, &l.path);
    }
    for d in &c.storage.directories {
        check("Directory", &d.filesystem, &d.path);
    }
    let mut seen: HashSet<&str> = HashSet::from(["root"]);
    for fs in &c.storage.filesystems {
        if !seen.insert(&fs.name) {
            found.push((
                Severity::Warning,
                "duplicate-filesystem",
                format!(
                    "Filesystem {} shadows exising filesystem definition",
                    gocompat::quote::quote(&fs.name)
                ),
            ));
        }
    }
    found
}

/// Go's `path.Ext`: the suffix from the last dot of the last element.
pub fn extension(name: &str) -> &str {
    let last = name.rsplit('/').next().unwrap_or_default();
    last.rfind('.')
        .and_then(|i| last.get(i..))
        .unwrap_or_default()
}

/// Empty, or `8-4-4-4-12` hexadecimal digits.
fn is_guid(s: &str) -> bool {
    if s.is_empty() {
        return true;
    }
    let groups: Vec<&str> = s.split('-').collect();
    let lengths = [8, 4, 4, 4, 12];
    groups.len() == 5
        && groups
            .iter()
            .zip(lengths)
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Ignition 2.3's URL rule: empty is fine; otherwise it must parse and use
/// http, https, oem, tftp, s3 (with a non-empty `versionId` if given) or data.
pub fn validate_url(s: &str) -> Result<(), String> {
    if s.is_empty() {
        return Ok(());
    }
    let url = gocompat::url::parse(s).map_err(|_| "unable to parse url".to_owned())?;
    match url.scheme() {
        "http" | "https" | "oem" | "tftp" => Ok(()),
        "s3" => match url.query_values("versionId") {
            Some(values) if values.first().is_none_or(|v| v.is_empty()) => {
                Err("invalid S3 object VersionId".into())
            }
            _ => Ok(()),
        },
        "data" => super::dataurl::validate(s),
        _ => Err("invalid url scheme".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_urls_the_converter_writes_are_valid() {
        // The file check relies on it to skip them: every byte, UTF-8, and
        // every length, so that escapes fall at every offset.
        let mut data: Vec<u8> = (0..=255u8).collect();
        data.extend_from_slice("héllo ✓ 日本 <&> 100% \u{2028}\n".as_bytes());
        for len in 0..data.len() {
            for start in [0, len / 2] {
                let url = gocompat::dataurl::data_url(&data[start..len]);
                assert_eq!(validate_url(&url), Ok(()), "{url}");
            }
        }
    }

    #[test]
    fn data_urls_written_by_hand_are_checked() {
        for (url, verdict) in [
            ("data:,", Ok(())),
            ("data:,%41", Ok(())),
            ("data:,a b", Err("invalid data character")),
            ("data:;base64,aGk=", Ok(())),
            ("data:text/plain,hi", Ok(())),
            (
                "data:,%zz",
                Err("rfc2396: invalid char 0x25 in unescape sequence"),
            ),
            (
                "data:,%4",
                Err("rfc2396: unexpected end of unescape sequence"),
            ),
            ("gopher://x", Err("invalid url scheme")),
            (
                "s3://bucket/key?versionId=",
                Err("invalid S3 object VersionId"),
            ),
        ] {
            assert_eq!(validate_url(url), verdict.map_err(String::from), "{url}");
        }
    }

    #[test]
    fn extensions_like_go() {
        assert_eq!(extension("a.service"), ".service");
        assert_eq!(extension("a.b.conf"), ".conf");
        assert_eq!(extension("noext"), "");
        assert_eq!(extension("dir.d/file"), "");
        assert_eq!(extension(""), "");
    }

    #[test]
    fn guids() {
        assert!(is_guid(""));
        assert!(is_guid("0fc63daf-8483-4772-8e79-3d69d8477de4"));
        assert!(!is_guid("0fc63daf-8483-4772-8e79-3d69d8477de"));
        assert!(!is_guid("linux_filesystem"));
    }

    #[test]
    fn url_rules() {
        assert!(validate_url("").is_ok());
        assert!(validate_url("https://example.com/x").is_ok());
        assert_eq!(validate_url("gopher://x"), Err("invalid url scheme".into()));
        assert_eq!(
            validate_url("s3://bucket/key?versionId="),
            Err("invalid S3 object VersionId".into())
        );
        assert!(validate_url("s3://bucket/key?versionId=1").is_ok());
    }
}

/// Each Ignition 2.3 rule, fired by a minimal config and located by ct's rules.
#[cfg(test)]
mod rule_tests {
    use crate::{transpile, Options};

    fn messages(yaml: &str) -> Vec<(String, Option<(u32, u32)>)> {
        transpile(yaml.as_bytes(), &Options::default())
            .diagnostics
            .into_iter()
            .filter(|d| d.phase == crate::Phase::Convert)
            .map(|d| (d.message, d.ct_position))
            .collect()
    }

    fn fires(yaml: &str, message: &str, at: Option<(u32, u32)>) {
        let found = messages(yaml);
        assert!(
            found
                .iter()
                .any(|(m, p)| m == message && (at.is_none() || *p == at)),
            "expected {message:?} at {at:?} in {found:?} for\n{yaml}"
        );
    }

    #[test]
    fn storage_rules() {
        let f = "storage:\n  files:\n";
        fires(
            &format!("{f}    - path: rel\n      mode: 0644\n"),
            "path not absolute",
            Some((3, 13)),
        );
        fires(
            &format!("{f}    - path: /x\n      mode: 0o17777\n"),
            "illegal file mode",
            Some((4, 13)),
        );
        fires(
            &format!(
                "{f}    - path: /x\n      mode: 0644\n      append: true\n      overwrite: true\n"
            ),
            "cannot set both append and overwrite to true",
            Some((3, 7)),
        );
        fires(
            &format!("{f}    - path: /x\n      mode: 0644\n      user: {{id: 1, name: core}}\n"),
            "cannot set both id and name",
            Some((5, 13)),
        );
        fires(
            &format!("{f}    - path: /x\n      mode: 0644\n      contents:\n        remote:\n          url: https://e.com/x\n          compression: xz\n"),
            "invalid compression method",
            Some((8, 24)),
        );
        fires(
            &format!("{f}    - path: /x\n      mode: 0644\n      contents:\n        remote:\n          url: ftp://e.com/x\n"),
            "invalid url \"ftp://e.com/x\": invalid url scheme",
            Some((7, 16)),
        );
        fires(
            &format!("{f}    - path: /x\n      mode: 0644\n      filesystem: ghost\n"),
            "File \"/x\" references nonexistent filesystem \"ghost\". (This is ok if it is defined in a referenced config)",
            Some((1, 1)),
        );
        fires(
            "storage:\n  disks:\n    - wipe_table: true\n",
            "disk device is required",
            Some((3, 7)),
        );
        fires(
            "storage:\n  disks:\n    - device: /dev/sda\n      partitions:\n        - number: 1\n        - number: 1\n",
            "partition numbers collide",
            Some((5, 9)),
        );
        fires(
            "storage:\n  disks:\n    - device: /dev/sda\n      partitions:\n        - label: \"a:b\"\n",
            "partition label will be truncated to text before the colon",
            Some((5, 18)),
        );
        fires(
            "storage:\n  disks:\n    - device: /dev/sda\n      partitions:\n        - type_guid: nope\n",
            "doesn't match the form \"01234567-89AB-CDEF-EDCB-A98765432101\"",
            Some((5, 22)),
        );
        fires(
            "storage:\n  raid:\n    - name: r\n      level: raid9\n      devices: [/dev/a]\n",
            "unrecognized raid level",
            Some((4, 14)),
        );
        fires(
            "storage:\n  raid:\n    - name: r\n      level: raid0\n      spares: 1\n      devices: [/dev/a]\n",
            "spares unsupported for arrays with a level greater than 0",
            Some((4, 14)),
        );
        fires(
            "storage:\n  filesystems:\n    - name: data\n",
            "filesystem is missing mount or path",
            Some((3, 7)),
        );
        fires(
            "storage:\n  filesystems:\n    - name: data\n      mount:\n        device: /dev/sdb\n        format: zfs\n",
            "invalid filesystem format",
            Some((5, 9)),
        );
        fires(
            "storage:\n  filesystems:\n    - name: data\n      mount:\n        device: /dev/sdb\n        format: xfs\n        label: abcdefghijklm\n",
            "filesystem labels cannot be longer than 12 characters when using xfs",
            Some((7, 16)),
        );
        fires(
            "storage:\n  filesystems:\n    - name: data\n      path: rel\n",
            "filesystem \"data\": path not absolute",
            Some((4, 13)),
        );
    }

    #[test]
    fn systemd_passwd_and_references() {
        fires(
            "systemd:\n  units:\n    - name: x.bogus\n",
            "invalid systemd unit extension",
            Some((3, 13)),
        );
        fires(
            "systemd:\n  units:\n    - name: x.service\n      dropins:\n        - name: d.txt\n",
            "invalid systemd drop-in extension",
            Some((5, 11)),
        );
        fires(
            "systemd:\n  units:\n    - name: x.service\n      enable: true\n      contents: \"[Service]\\nExecStart=/bin/true\\n\"\n",
            "unit \"x.service\" is enabled, but has no install section so enable does nothing",
            Some((5, 17)),
        );
        fires(
            "networkd:\n  units:\n    - name: x.conf\n",
            "invalid networkd unit extension",
            Some((3, 7)),
        );
        fires(
            "passwd:\n  users:\n    - name: u\n      uid: 5\n      create: {}\n",
            "cannot use both the create object and the user-level uid field",
            Some((3, 7)),
        );
        fires(
            "ignition:\n  config:\n    append:\n      - source: gopher://x\n",
            "invalid url scheme",
            Some((4, 17)),
        );
        fires(
            "ignition:\n  config:\n    replace:\n      source: https://x/y\n      verification:\n        hash:\n          function: md5\n          sum: abc\n",
            "unrecognized hash function",
            Some((6, 9)),
        );
    }
}
