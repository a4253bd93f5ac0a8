//! Checks on the Container Linux Config itself (ct's parse report), in ct's
//! order: each struct's own check, then field by field (a field's check, then
//! everything inside it), then the struct's unrecognized keys.

use crate::ast::{KeyStyle, Loc, Tree};
use crate::clc::schema::*;
use crate::diagnostic::{Diagnostic, Phase, Severity};
use crate::gocompat::{self, semver::Version};

/// Collects the parse report.
pub struct ClcValidator<'t, 'a> {
    tree: &'t Tree<'a>,
    pub out: Vec<Diagnostic>,
}

impl<'t, 'a> ClcValidator<'t, 'a> {
    pub fn new(tree: &'t Tree<'a>) -> Self {
        ClcValidator {
            tree,
            out: Vec::new(),
        }
    }

    fn child(&self, at: &Loc, key: &'static str) -> Loc {
        self.tree.child(at, key, KeyStyle::Yaml)
    }

    fn report(&mut self, at: &Loc, severity: Severity, code: &'static str, message: &str) {
        let d = self
            .tree
            .diagnostic(at, severity, code, message, Phase::Parse);
        self.out.push(d);
    }

    /// ct's unrecognized-key warnings for the mapping at `at`, with its case hint.
    fn unknown_keys(&mut self, at: &Loc, known: &[&str]) {
        if !at.exact {
            return;
        }
        let Some(id) = at.node else { return };
        let crate::yaml::NodeKind::Mapping(pairs) = self.tree.node(id).kind else {
            return;
        };
        // Made at the first unknown key: most mappings have none.
        let mut reported: Option<std::collections::HashSet<&str>> = None;
        for &(k, _) in pairs {
            let name = match self.tree.node(k).kind {
                crate::yaml::NodeKind::Scalar(s) => s,
                _ => "",
            };
            if known.contains(&name) || !reported.get_or_insert_with(Default::default).insert(name)
            {
                continue;
            }
            let path = at.path.to_config_path().key(name);
            let hint = known
                .iter()
                .find(|k| k.eq_ignore_ascii_case(name) || eq_fold(k, name));
            let mut warning = self.tree.key_diagnostic(
                k,
                path.clone(),
                Severity::Warning,
                "unknown-key",
                format!("Config has unrecognized key: {name}"),
            );
            warning.help = Some(match hint {
                Some(h) => format!("did you mean `{h}`? keys are case-sensitive"),
                None if name == "<<" => {
                    "ct applies this YAML merge key, but still reports it as unrecognized"
                        .to_owned()
                }
                None => format!(
                    "`{name}` is not a key here; known keys: {}",
                    known.join(", ")
                ),
            });
            self.out.push(warning);
            if let Some(h) = hint {
                let info = self.tree.key_diagnostic(
                    k,
                    path,
                    Severity::Info,
                    "unknown-key-case",
                    format!("Did you mean {h} instead of {name}"),
                );
                self.out.push(info);
            }
        }
    }

    pub fn config(&mut self, c: &Config, at: &Loc) {
        let version = self.child(at, "version");
        if c.version != 0 {
            self.report(
                &version,
                Severity::Error,
                "invalid-version",
                "Invalid version. Only version 0 is supported",
            );
        }
        self.ignition(&c.ignition, &self.child(at, "ignition"));
        self.storage(&c.storage, &self.child(at, "storage"));
        self.systemd(&c.systemd, &self.child(at, "systemd"));
        self.networkd(&c.networkd, &self.child(at, "networkd"));
        self.passwd(&c.passwd, &self.child(at, "passwd"));
        if let Some(etcd) = &c.etcd {
            self.etcd(etcd, &self.child(at, "etcd"));
        }
        if let Some(flannel) = &c.flannel {
            self.flannel(flannel, &self.child(at, "flannel"));
        }
        if let Some(update) = &c.update {
            self.update(update, &self.child(at, "update"));
        }
        if let Some(docker) = &c.docker {
            let at = self.child(at, "docker");
            self.unknown_keys(&at, Docker::KEYS);
            let _ = docker;
        }
        if let Some(locksmith) = &c.locksmith {
            self.locksmith(locksmith, &self.child(at, "locksmith"));
        }
        self.unknown_keys(at, Config::KEYS);
    }

    fn ignition(&mut self, i: &Ignition, at: &Loc) {
        let config = self.child(at, "config");
        let append = self.child(&config, "append");
        for (n, r) in i.config.append.iter().enumerate() {
            self.reference(r, &self.tree.index(&append, n), ConfigReference::KEYS);
        }
        if let Some(r) = &i.config.replace {
            self.reference(r, &self.child(&config, "replace"), ConfigReference::KEYS);
        }
        self.unknown_keys(&config, IgnitionConfig::KEYS);
        let timeouts = self.child(at, "timeouts");
        self.unknown_keys(&timeouts, Timeouts::KEYS);
        let security = self.child(at, "security");
        let tls = self.child(&security, "tls");
        let cas = self.child(&tls, "certificate_authorities");
        for (n, ca) in i.security.tls.certificate_authorities.iter().enumerate() {
            let source = ConfigReference {
                source: ca.source.clone(),
                verification: ca.verification.clone(),
            };
            self.reference(&source, &self.tree.index(&cas, n), CaReference::KEYS);
        }
        self.unknown_keys(&tls, Tls::KEYS);
        self.unknown_keys(&security, Security::KEYS);
        self.unknown_keys(at, Ignition::KEYS);
    }

    fn reference(&mut self, _r: &ConfigReference, at: &Loc, keys: &[&str]) {
        self.verification(&self.child(at, "verification"));
        self.unknown_keys(at, keys);
    }

    fn verification(&mut self, at: &Loc) {
        self.unknown_keys(&self.child(at, "hash"), Hash::KEYS);
        self.unknown_keys(at, Verification::KEYS);
    }

    fn storage(&mut self, s: &Storage, at: &Loc) {
        let disks = self.child(at, "disks");
        for (n, disk) in s.disks.iter().enumerate() {
            let d = self.tree.index(&disks, n);
            let parts = self.child(&d, "partitions");
            for m in 0..disk.partitions.len() {
                self.unknown_keys(&self.tree.index(&parts, m), Partition::KEYS);
            }
            self.unknown_keys(&d, Disk::KEYS);
        }
        let raid = self.child(at, "raid");
        for n in 0..s.raid.len() {
            self.unknown_keys(&self.tree.index(&raid, n), Raid::KEYS);
        }
        let filesystems = self.child(at, "filesystems");
        for (n, fs) in s.filesystems.iter().enumerate() {
            let f = self.tree.index(&filesystems, n);
            if let Some(mount) = &fs.mount {
                let m = self.child(&f, "mount");
                if mount.create.is_some() {
                    self.unknown_keys(&self.child(&m, "create"), Create::KEYS);
                }
                self.unknown_keys(&m, Mount::KEYS);
            }
            self.unknown_keys(&f, Filesystem::KEYS);
        }
        let files = self.child(at, "files");
        for (n, file) in s.files.iter().enumerate() {
            self.file(file, &self.tree.index(&files, n));
        }
        let directories = self.child(at, "directories");
        for (n, dir) in s.directories.iter().enumerate() {
            let d = self.tree.index(&directories, n);
            self.node_owner(dir.user.is_some(), dir.group.is_some(), &d);
            let mode = self.child(&d, "mode");
            if dir.mode.is_none() {
                self.report(
                    &mode,
                    Severity::Warning,
                    "mode-unset",
                    "mode unspecified for directory, defaulting to 0755",
                );
                if let Some(last) = self.out.last_mut() {
                    last.help = Some("set `mode: 0755` (octal, with the leading 0)".into());
                }
            }
            self.unknown_keys(&d, Directory::KEYS);
        }
        let links = self.child(at, "links");
        for (n, link) in s.links.iter().enumerate() {
            let l = self.tree.index(&links, n);
            self.node_owner(link.user.is_some(), link.group.is_some(), &l);
            self.unknown_keys(&l, Link::KEYS);
        }
        self.unknown_keys(at, Storage::KEYS);
    }

    /// Unknown keys of a node's `user:` and `group:`.
    fn node_owner(&mut self, user: bool, group: bool, at: &Loc) {
        if user {
            self.unknown_keys(&self.child(at, "user"), FileUser::KEYS);
        }
        if group {
            self.unknown_keys(&self.child(at, "group"), FileGroup::KEYS);
        }
    }

    fn file(&mut self, f: &File, at: &Loc) {
        self.node_owner(f.user.is_some(), f.group.is_some(), at);
        if f.mode.is_none() {
            let mode = self.child(at, "mode");
            if f.append {
                self.report(
                    &mode,
                    Severity::Info,
                    "mode-unset",
                    "mode unspecified for file, defaulting to 0644 if the file does not exist",
                );
            } else {
                self.report(
                    &mode,
                    Severity::Warning,
                    "mode-unset",
                    "mode unspecified for file, defaulting to 0644",
                );
            }
            if let Some(last) = self.out.last_mut() {
                last.help = Some("set `mode: 0644` (octal, with the leading 0)".into());
            }
        }
        let contents = self.child(at, "contents");
        let c = &f.contents;
        let sources = [
            !c.remote.url.is_empty(),
            !c.inline.is_empty(),
            !c.local.is_empty(),
        ];
        if sources.iter().filter(|&&set| set).count() > 1 {
            self.report(
                &contents,
                Severity::Error,
                "file-multiple-sources",
                "only one of the following can be set: local, inline, remote.url",
            );
        } else {
            let remote = self.child(&contents, "remote");
            self.verification(&self.child(&remote, "verification"));
            self.unknown_keys(&remote, Remote::KEYS);
            self.unknown_keys(&contents, FileContents::KEYS);
        }
        self.unknown_keys(at, File::KEYS);
    }

    fn systemd(&mut self, s: &Systemd, at: &Loc) {
        let units = self.child(at, "units");
        for (n, unit) in s.units.iter().enumerate() {
            let u = self.tree.index(&units, n);
            let dropins = self.child(&u, "dropins");
            for m in 0..unit.dropins.len() {
                self.unknown_keys(&self.tree.index(&dropins, m), SystemdUnitDropIn::KEYS);
            }
            self.unknown_keys(&u, SystemdUnit::KEYS);
        }
        self.unknown_keys(at, Systemd::KEYS);
    }

    fn networkd(&mut self, s: &Networkd, at: &Loc) {
        let units = self.child(at, "units");
        for (n, unit) in s.units.iter().enumerate() {
            let u = self.tree.index(&units, n);
            let dropins = self.child(&u, "dropins");
            for m in 0..unit.dropins.len() {
                self.unknown_keys(&self.tree.index(&dropins, m), NetworkdUnitDropIn::KEYS);
            }
            self.unknown_keys(&u, NetworkdUnit::KEYS);
        }
        self.unknown_keys(at, Networkd::KEYS);
    }

    fn passwd(&mut self, p: &Passwd, at: &Loc) {
        let users = self.child(at, "users");
        for (n, user) in p.users.iter().enumerate() {
            let u = self.tree.index(&users, n);
            if user.create.is_some() {
                self.unknown_keys(&self.child(&u, "create"), UserCreate::KEYS);
            }
            self.unknown_keys(&u, User::KEYS);
        }
        let groups = self.child(at, "groups");
        for n in 0..p.groups.len() {
            self.unknown_keys(&self.tree.index(&groups, n), Group::KEYS);
        }
        self.unknown_keys(at, Passwd::KEYS);
    }

    fn etcd(&mut self, e: &Etcd, at: &Loc) {
        if let Some(v) = &e.version {
            let version = self.child(at, "version");
            let oldest = Version::new(2, 3, 0);
            if v < &oldest {
                self.report(
                    &version,
                    Severity::Error,
                    "etcd-version",
                    "Etcd version specified is not valid (too old)",
                );
            } else if (v.major == 2 && v.minor > 3) || (v.major == 3 && v.minor > 5) {
                self.report(
                    &version,
                    Severity::Warning,
                    "etcd-version",
                    "Etcd minor version specified is too new, only options available in the previous minor version will be accepted",
                );
            } else if v.major > 3 {
                self.report(
                    &version,
                    Severity::Error,
                    "etcd-version",
                    "Etcd version is not valid (too new)",
                );
            }
        }
        let mut keys = vec!["version"];
        if let Some(options) = &e.options {
            keys.extend(options.keys());
        }
        self.unknown_keys(at, &keys);
    }

    fn flannel(&mut self, f: &Flannel, at: &Loc) {
        let kube_subnet_mgr = matches!(
            f.options
                .as_ref()
                .filter(|o| o.go_type == "types.Flannel0_7")
                .and_then(|o| o.get("kube_subnet_mgr")),
            Some(crate::clc::options::OptionValue::Bool(true))
        );
        if kube_subnet_mgr && !f.network_config.is_empty() {
            self.report(
                at,
                Severity::Error,
                "flannel-network-config",
                "flannel network config cannot be provided if kube_subnet_mgr is set",
            );
            return;
        }
        if let Some(v) = &f.version {
            let version = self.child(at, "version");
            if v < &Version::new(0, 5, 0) {
                self.report(
                    &version,
                    Severity::Error,
                    "flannel-version",
                    "invalid flannel version (too old)",
                );
            } else if v.major == 0 && v.minor > 7 {
                self.report(
                    &version,
                    Severity::Warning,
                    "flannel-version",
                    "flannel minor version too new. Only options available in the previous minor version will be supported",
                );
            }
        }
        if !f.network_config.is_empty() {
            let valid = matches!(
                serde_json::from_str::<serde_json::Value>(&f.network_config),
                Ok(serde_json::Value::Object(_) | serde_json::Value::Null)
            );
            if !valid {
                let nc = self.child(at, "network_config");
                self.report(
                    &nc,
                    Severity::Error,
                    "flannel-network-config",
                    "flannel network config doesn't appear to be valid JSON",
                );
            }
        }
        let mut keys = vec!["version", "network_config"];
        if let Some(options) = &f.options {
            keys.extend(options.keys());
        }
        self.unknown_keys(at, &keys);
    }

    fn update(&mut self, u: &Update, at: &Loc) {
        let known_group = matches!(u.group.to_lowercase().as_str(), "stable" | "beta" | "alpha");
        if !known_group && u.server.is_empty() {
            self.report(
                at,
                Severity::Warning,
                "update-group",
                "unknown update group",
            );
            if let Some(last) = self.out.last_mut() {
                last.help = Some(
                    "Flatcar's groups are `stable`, `beta` and `alpha`; a custom group needs `server`"
                        .into(),
                );
            }
        }
        if let Err(e) = gocompat::url::parse(&u.server) {
            let server = self.child(at, "server");
            self.report(&server, Severity::Error, "invalid-url", &e.to_string());
        }
        self.unknown_keys(at, Update::KEYS);
    }

    fn locksmith(&mut self, l: &Locksmith, at: &Loc) {
        let set = |s: &Option<String>| s.as_deref().is_some_and(|s| !s.is_empty());
        if set(&l.window_start) != set(&l.window_length) {
            self.report(
                at,
                Severity::Error,
                "locksmith-window",
                "window-start and window-length must both be specified",
            );
            return;
        }
        if let Some(strategy) = l.reboot_strategy.as_deref().filter(|s| !s.is_empty()) {
            if !matches!(
                strategy.to_lowercase().as_str(),
                "reboot" | "etcd-lock" | "off"
            ) {
                let node = self.child(at, "reboot_strategy");
                self.report(
                    &node,
                    Severity::Error,
                    "locksmith-strategy",
                    "unknown reboot strategy",
                );
                if let Some(last) = self.out.last_mut() {
                    last.help = Some("use `reboot`, `etcd-lock` or `off`".into());
                }
            }
        }
        if let Some(start) = l.window_start.as_deref().filter(|s| !s.is_empty()) {
            if let Err(message) = check_window_start(start) {
                let node = self.child(at, "window_start");
                self.report(&node, Severity::Error, "locksmith-window", message);
            }
        }
        if let Some(length) = l.window_length.as_deref().filter(|s| !s.is_empty()) {
            if crate::clc::duration::parse(length).is_err() {
                let node = self.child(at, "window_length");
                self.report(
                    &node,
                    Severity::Error,
                    "locksmith-window",
                    "couldn't parse window length",
                );
            }
        }
        self.unknown_keys(at, Locksmith::KEYS);
    }
}

/// Go's `strings.EqualFold` for the key hint (simple Unicode case folding).
fn eq_fold(a: &str, b: &str) -> bool {
    a.chars().count() == b.chars().count()
        && a.chars()
            .zip(b.chars())
            .all(|(x, y)| x == y || x.to_lowercase().eq(y.to_lowercase()))
}

/// `[day ]HH:MM`, day `sun`…`sat` in any case.
fn check_window_start(start: &str) -> Result<(), &'static str> {
    let mut words = start.split_whitespace();
    let (day, time) = match (words.next(), words.next()) {
        (Some(day), Some(time)) => (Some(day), time),
        _ => (None, start),
    };
    if let Some(day) = day {
        let known = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
        if !known.contains(&day.to_lowercase().as_str()) {
            return Err("unknown day in window start");
        }
    }
    if !is_clock_time(time) {
        return Err("couldn't parse window start");
    }
    Ok(())
}

/// Go's `time.Parse("15:04", s)`: hour of one or two digits below 24, a colon,
/// two minute digits below 60, nothing else.
fn is_clock_time(s: &str) -> bool {
    let digit = |d: &u8| u32::from(d - b'0');
    let (hour, rest) = match s.as_bytes() {
        [h1, h2, b':', rest @ ..] if h1.is_ascii_digit() && h2.is_ascii_digit() => {
            (digit(h1) * 10 + digit(h2), rest)
        }
        [h1, b':', rest @ ..] if h1.is_ascii_digit() => (digit(h1), rest),
        _ => return false,
    };
    match rest {
        [m1, m2] if m1.is_ascii_digit() && m2.is_ascii_digit() => {
            let minute = u32::from(m1 - b'0') * 10 + u32::from(m2 - b'0');
            hour < 24 && minute < 60
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_start_forms() {
        assert!(check_window_start("Thu 04:00").is_ok());
        assert!(check_window_start("4:00").is_ok());
        assert!(check_window_start("  mon   23:59 trailing").is_ok());
        assert_eq!(
            check_window_start("Someday 04:00"),
            Err("unknown day in window start")
        );
        assert_eq!(
            check_window_start("thu 24:00"),
            Err("couldn't parse window start")
        );
        assert_eq!(
            check_window_start("thu 4:0"),
            Err("couldn't parse window start")
        );
        assert_eq!(
            check_window_start("thu"),
            Err("couldn't parse window start")
        );
    }

    #[test]
    fn fold_matches_case_only() {
        assert!(eq_fold("Path", "path"));
        assert!(!eq_fold("paths", "path"));
    }
}

/// Each Container Linux Config rule, fired by a minimal config.
#[cfg(test)]
mod rule_tests {
    use crate::{transpile, Options};

    fn fires(yaml: &str, message: &str, at: Option<(u32, u32)>) {
        let found: Vec<(String, Option<(u32, u32)>)> =
            transpile(yaml.as_bytes(), &Options::default())
                .diagnostics
                .into_iter()
                .filter(|d| d.phase == crate::Phase::Parse)
                .map(|d| (d.message, d.ct_position))
                .collect();
        assert!(
            found.iter().any(|(m, p)| m == message && *p == at),
            "expected {message:?} at {at:?} in {found:?} for\n{yaml}"
        );
    }

    #[test]
    fn rules() {
        fires(
            "version: 1\n",
            "Invalid version. Only version 0 is supported",
            Some((1, 10)),
        );
        fires(
            "storage:\n  files:\n    - path: /x\n",
            "mode unspecified for file, defaulting to 0644",
            Some((3, 7)),
        );
        fires(
            "storage:\n  files:\n    - path: /x\n      append: true\n",
            "mode unspecified for file, defaulting to 0644 if the file does not exist",
            Some((3, 7)),
        );
        fires(
            "storage:\n  directories:\n    - path: /d\n",
            "mode unspecified for directory, defaulting to 0755",
            Some((3, 7)),
        );
        fires(
            "storage:\n  files:\n    - path: /x\n      mode: 0644\n      contents:\n        inline: a\n        local: b\n",
            "only one of the following can be set: local, inline, remote.url",
            Some((6, 9)),
        );
        fires(
            "etcd:\n  version: 2.2.0\n",
            "Etcd version specified is not valid (too old)",
            Some((2, 12)),
        );
        fires(
            "etcd:\n  version: 4.0.0\n",
            "Etcd version is not valid (too new)",
            Some((2, 12)),
        );
        fires(
            "etcd:\n  version: 3.9.0\n",
            "Etcd minor version specified is too new, only options available in the previous minor version will be accepted",
            Some((2, 12)),
        );
        fires(
            "flannel:\n  version: 0.4.0\n",
            "invalid flannel version (too old)",
            Some((2, 12)),
        );
        fires(
            "flannel:\n  version: 0.7.0\n  network_config: '{}'\n  kube_subnet_mgr: true\n",
            "flannel network config cannot be provided if kube_subnet_mgr is set",
            Some((2, 3)),
        );
        fires(
            "flannel:\n  network_config: '[1'\n",
            "flannel network config doesn't appear to be valid JSON",
            Some((2, 19)),
        );
        fires(
            "update:\n  group: nightly\n",
            "unknown update group",
            Some((2, 3)),
        );
        fires(
            "locksmith:\n  reboot_strategy: sometimes\n",
            "unknown reboot strategy",
            Some((2, 20)),
        );
        fires(
            "locksmith:\n  window_start: Thu 04:00\n",
            "window-start and window-length must both be specified",
            Some((2, 3)),
        );
        fires(
            "locksmith:\n  window_start: Xyz 04:00\n  window_length: 1h\n",
            "unknown day in window start",
            Some((2, 17)),
        );
        fires(
            "locksmith:\n  window_start: Thu 04:00\n  window_length: 1 hour\n",
            "couldn't parse window length",
            Some((3, 18)),
        );
        fires(
            "systemd:\n  unitz: []\n",
            "Config has unrecognized key: unitz",
            Some((2, 3)),
        );
        fires(
            "Storage: {}\n",
            "Did you mean storage instead of Storage",
            Some((1, 1)),
        );
    }
}
