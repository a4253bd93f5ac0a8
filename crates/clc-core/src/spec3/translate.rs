//! The spec 2.x → 3.1 translation Flatcar's Ignition runs at boot, with its
//! pre-flight checks.
//!
//! Checks, in order (the first failure wins):
//!
//! 1. Filesystems, in list order: each name gets a mount point (see
//!    [`FsMap`]); a filesystem without `mount` (one that uses `path`) makes
//!    the translator dereference a missing value, and Ignition **crashes**;
//!    a `mount.create` without `force: true` is refused.
//! 2. Files, then directories, then links: the full path
//!    (`/` + mount point + path, cleaned) must be unique across all three
//!    lists, and may not lie below a link of the config.
//! 3. Drop-in names must be unique within each unit.
//!
//! The translation itself then follows the rules in the [module
//! docs](super). Spec-2 validation, which also runs first, is not repeated:
//! every input here is ct output (each document validated by ct, and the
//! provider's append adds no spec-2 error).

use std::collections::HashMap;

use super::gopath;
use super::types::*;
use crate::gocompat::quote::quote;
use crate::ignition::types as v2;
use crate::path::ConfigPath;

/// Why the translation stopped before producing a config.
#[derive(Clone, Debug, PartialEq)]
pub enum CheckError {
    /// `storage.filesystems[index]` has no `mount`: Ignition panics.
    NilMount { index: usize },
    /// `storage.filesystems[index].mount.create` without `force`.
    CreateNotForced { index: usize },
    /// Two files/directories/links resolve to one path.
    DuplicateInode {
        old: String,
        new: String,
        old_at: ConfigPath,
        new_at: ConfigPath,
    },
    /// An entry lies below a link the config itself creates.
    UsesOwnLink {
        name: String,
        link: String,
        at: ConfigPath,
        link_at: ConfigPath,
    },
    /// A unit repeats a drop-in name.
    DuplicateDropin {
        unit: String,
        name: String,
        at: ConfigPath,
    },
}

impl CheckError {
    /// The error text (without Ignition's `unable to translate …` prefix).
    pub fn message(&self) -> String {
        match self {
            CheckError::NilMount { .. } => {
                "runtime error: invalid memory address or nil pointer dereference".into()
            }
            CheckError::CreateNotForced { .. } => {
                "Config must force filesystem creation in case `mount.create` object is defined."
                    .into()
            }
            CheckError::DuplicateInode { old, new, .. } => format!(
                "Config has conflicting inodes: {} and {}.  All files, directories and links must specify a unique `path`.",
                quote(old),
                quote(new)
            ),
            CheckError::UsesOwnLink { name, link, .. } => format!(
                "{name} uses link defined in config {}. Please use a link not defined in Storage:Links",
                quote(link)
            ),
            CheckError::DuplicateDropin { unit, name, .. } => format!(
                "Config has duplicate dropin name {} in unit {}.  All dropins must specify a unique `name`.",
                quote(name),
                quote(unit)
            ),
        }
    }
}

/// Where each spec-3 list entry came from in the spec-2 config.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Origins {
    /// Per `storage.files[i]`: a `storage.files[k]` or a `networkd.units[k]`
    /// (or one of its `dropins[d]`).
    pub files: Vec<ConfigPath>,
    /// Per `storage.filesystems[i]` (spec-2 `root` entries are dropped).
    pub filesystems: Vec<ConfigPath>,
    /// Per `systemd.units[i]`: every spec-2 unit merged into it.
    pub units: Vec<Vec<ConfigPath>>,
}

/// Things the translation did that are worth telling, as
/// `(spec-2 path, note)`.
pub type Notes = Vec<(ConfigPath, String)>;

/// Filesystem name → mount point, as the translator assigns them.
///
/// `root` is `/`. Every other name gets, on first sight, the next value of a
/// counter: `oem` maps to `/oem`, any other name to `/tmp/<name>-ign<N>`.
/// (Ignition's counters are process-global; one config is translated per
/// boot, so they start from zero here.) An empty name is first replaced by
/// `ignition<M>` from a second counter, but the translation itself keeps
/// looking up the original, empty, name, which has no mount point.
#[derive(Clone, Debug)]
pub struct FsMap {
    map: HashMap<String, String>,
    generated_names: u64,
    suffixes: u64,
}

impl FsMap {
    fn new() -> Self {
        let mut map = HashMap::new();
        map.insert("root".to_owned(), "/".to_owned());
        FsMap {
            map,
            generated_names: 0,
            suffixes: 0,
        }
    }

    fn register(&mut self, name: &str) {
        let name = if name.is_empty() {
            self.generated_names += 1;
            format!("ignition{}", self.generated_names)
        } else {
            name.to_owned()
        };
        if !self.map.contains_key(&name) {
            self.suffixes += 1;
            let mount = if name == "oem" {
                "/oem".to_owned()
            } else {
                format!("/tmp/{name}-ign{}", self.suffixes)
            };
            self.map.insert(name, mount);
        }
    }

    /// The mount point of `name`; "" for an undeclared filesystem.
    pub fn get(&self, name: &str) -> &str {
        self.map.get(name).map_or("", String::as_str)
    }
}

/// Runs the pre-flight checks and fills the filesystem map.
pub fn check(cfg: &v2::Config) -> Result<FsMap, CheckError> {
    let mut fs_map = FsMap::new();
    for (i, fs) in cfg.storage.filesystems.iter().enumerate() {
        fs_map.register(&fs.name);
        let Some(mount) = &fs.mount else {
            return Err(CheckError::NilMount { index: i });
        };
        if mount.create.as_ref().is_some_and(|c| !c.force) {
            return Err(CheckError::CreateNotForced { index: i });
        }
    }

    let storage = ConfigPath::root().key("storage");
    let full = |fs: &str, p: &str| gopath::join(&["/", fs_map.get(fs), p]);
    let links: Vec<(String, ConfigPath)> = cfg
        .storage
        .links
        .iter()
        .enumerate()
        .map(|(i, l)| (full(&l.filesystem, &l.path), storage.key("links").index(i)))
        .collect();
    let uses_link = |p: &str| -> Option<&(String, ConfigPath)> {
        links.iter().find(|(l, _)| {
            let dir = if l.ends_with('/') {
                l.clone()
            } else {
                format!("{l}/")
            };
            p.starts_with(&dir) && p != l
        })
    };

    let mut entries: HashMap<String, (String, ConfigPath)> = HashMap::new();
    let nodes = cfg
        .storage
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            (
                "File",
                &f.filesystem,
                &f.path,
                storage.key("files").index(i),
            )
        })
        .chain(cfg.storage.directories.iter().enumerate().map(|(i, d)| {
            (
                "Directory",
                &d.filesystem,
                &d.path,
                storage.key("directories").index(i),
            )
        }))
        .chain(cfg.storage.links.iter().enumerate().map(|(i, l)| {
            (
                "Link",
                &l.filesystem,
                &l.path,
                storage.key("links").index(i),
            )
        }));
    for (kind, fs, p, at) in nodes {
        let path = full(fs, p);
        let name = format!("{kind}: {path}");
        if let Some((old, old_at)) = entries.get(&path) {
            return Err(CheckError::DuplicateInode {
                old: old.clone(),
                new: name,
                old_at: old_at.clone(),
                new_at: at,
            });
        }
        if let Some((link, link_at)) = uses_link(&path) {
            return Err(CheckError::UsesOwnLink {
                name,
                link: link.clone(),
                at,
                link_at: link_at.clone(),
            });
        }
        entries.insert(path, (name, at));
    }

    for (i, unit) in cfg.systemd.units.iter().enumerate() {
        let mut seen = std::collections::HashSet::new();
        for (j, dropin) in unit.dropins.iter().enumerate() {
            if !seen.insert(dropin.name.as_str()) {
                return Err(CheckError::DuplicateDropin {
                    unit: unit.name.clone(),
                    name: dropin.name.clone(),
                    at: ConfigPath::root()
                        .key("systemd")
                        .key("units")
                        .index(i)
                        .key("dropins")
                        .index(j),
                });
            }
        }
    }
    Ok(fs_map)
}

fn str_p(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_owned())
}

fn bool_p(b: bool) -> Option<bool> {
    b.then_some(true)
}

/// Translates a config that passed [`check`].
pub fn translate(cfg: &v2::Config, fs: &FsMap) -> (Config31, Origins, Notes) {
    let mut notes = Notes::new();
    let mut origins = Origins::default();
    let root = ConfigPath::root();

    let ign = &cfg.ignition;
    let reference = |r: &v2::ConfigReference| Resource {
        compression: None,
        source: Some(r.source.clone()),
        hash: r.verification.hash.clone(),
    };
    let ignition = Ignition31 {
        merge: ign.config.append.iter().map(reference).collect(),
        replace: ign
            .config
            .replace
            .as_ref()
            .map(reference)
            .unwrap_or_default(),
        certificate_authorities: ign
            .security
            .tls
            .certificate_authorities
            .iter()
            .map(|ca| Resource {
                compression: None,
                source: Some(ca.source.clone()),
                hash: ca.verification.hash.clone(),
            })
            .collect(),
        http_response_headers: ign.timeouts.http_response_headers,
        http_total: ign.timeouts.http_total,
        version: "3.1.0".into(),
    };

    let passwd = Passwd31 {
        groups: cfg
            .passwd
            .groups
            .iter()
            .map(|g| Group31 {
                gid: g.gid,
                name: g.name.clone(),
                password_hash: str_p(&g.password_hash),
                system: bool_p(g.system),
            })
            .collect(),
        users: cfg.passwd.users.iter().map(user).collect(),
    };

    // Files: storage.files, then one per networkd unit body and drop-in.
    let mut files = Vec::new();
    for (i, f) in cfg.storage.files.iter().enumerate() {
        files.push(file(f, fs));
        origins
            .files
            .push(root.key("storage").key("files").index(i));
    }
    for (k, u) in cfg.networkd.units.iter().enumerate() {
        let at = root.key("networkd").key("units").index(k);
        let net = |path: String, contents: &str| File31 {
            node: Node31 {
                overwrite: Some(true),
                path,
                ..Node31::default()
            },
            contents: Resource {
                source: Some(format!("data:,{}", gopath::path_escape(contents))),
                ..Resource::default()
            },
            mode: Some(0o644),
            ..File31::default()
        };
        if !u.contents.is_empty() {
            files.push(net(
                gopath::join(&[fs.get("root"), "/etc/systemd/network", &u.name]),
                &u.contents,
            ));
            origins.files.push(at.clone());
        }
        for (d, dropin) in u.dropins.iter().enumerate() {
            files.push(net(
                gopath::join(&[
                    fs.get("root"),
                    "/etc/systemd/network",
                    &format!("{}.d", u.name),
                    &dropin.name,
                ]),
                &dropin.contents,
            ));
            origins.files.push(at.key("dropins").index(d));
        }
    }

    let mut filesystems = Vec::new();
    for (i, f) in cfg.storage.filesystems.iter().enumerate() {
        if f.name == "root" {
            continue;
        }
        let at = root.key("storage").key("filesystems").index(i);
        let mount = f.mount.clone().unwrap_or_default();
        let mut wipe = bool_p(mount.wipe_filesystem);
        let mut options = mount.options.clone();
        if let Some(create) = &mount.create {
            wipe = bool_p(create.force);
            options.extend(create.options.iter().cloned());
        }
        let mut format = mount.format.clone();
        if f.name.to_lowercase() == "oem" && wipe != Some(true) && format != "btrfs" {
            notes.push((
                at.key("mount").key("format"),
                format!(
                    "format {} is replaced by \"btrfs\": Flatcar's Ignition assumes the OEM partition is btrfs unless it is wiped",
                    quote(&format)
                ),
            ));
        }
        if f.name.to_lowercase() == "oem" && wipe != Some(true) {
            format = "btrfs".into();
        }
        let path = str_p(fs.get(&f.name));
        if let Some(p) = &path {
            notes.push((
                at.clone(),
                format!(
                    "filesystem {} is mounted at {p}; its files, directories and links are written below that path",
                    quote(&f.name)
                ),
            ));
        }
        filesystems.push(Filesystem31 {
            device: mount.device.clone(),
            format: str_p(&format),
            label: mount.label.clone(),
            options,
            path,
            uuid: mount.uuid.clone(),
            wipe_filesystem: wipe,
        });
        origins.filesystems.push(at);
    }

    let storage = Storage31 {
        directories: cfg
            .storage
            .directories
            .iter()
            .map(|d| Directory31 {
                node: node(&d.filesystem, &d.path, &d.user, &d.group, d.overwrite, fs),
                mode: d.mode,
            })
            .collect(),
        disks: cfg
            .storage
            .disks
            .iter()
            .map(|d| Disk31 {
                device: d.device.clone(),
                partitions: d
                    .partitions
                    .iter()
                    .map(|p| Partition31 {
                        guid: str_p(&p.guid),
                        label: p.label.clone(),
                        number: p.number,
                        size_mib: p.size_mib,
                        start_mib: p.start_mib,
                        type_guid: str_p(&p.type_guid),
                    })
                    .collect(),
                wipe_table: bool_p(d.wipe_table),
            })
            .collect(),
        files,
        filesystems,
        links: cfg
            .storage
            .links
            .iter()
            .map(|l| Link31 {
                node: node(&l.filesystem, &l.path, &l.user, &l.group, l.overwrite, fs),
                hard: bool_p(l.hard),
                target: l.target.clone(),
            })
            .collect(),
        raid: cfg
            .storage
            .raid
            .iter()
            .map(|r| Raid31 {
                devices: r.devices.clone(),
                level: r.level.clone(),
                name: r.name.clone(),
                options: r.options.clone(),
                spares: (r.spares != 0).then_some(r.spares),
            })
            .collect(),
    };

    let (units, unit_origins) = units(&cfg.systemd.units, &mut notes);
    origins.units = unit_origins;

    let config = Config31 {
        ignition,
        passwd,
        storage,
        systemd: Systemd31 { units },
    };
    (config, origins, notes)
}

fn user(u: &v2::PasswdUser) -> User31 {
    let mut out = User31 {
        name: u.name.clone(),
        password_hash: u.password_hash.clone(),
        ssh_authorized_keys: u.ssh_authorized_keys.clone(),
        uid: u.uid,
        gecos: str_p(&u.gecos),
        home_dir: str_p(&u.home_dir),
        no_create_home: bool_p(u.no_create_home),
        primary_group: str_p(&u.primary_group),
        groups: u.groups.clone(),
        no_user_group: bool_p(u.no_user_group),
        no_log_init: bool_p(u.no_log_init),
        shell: str_p(&u.shell),
        system: bool_p(u.system),
    };
    // The deprecated `create` object supplies every field it has.
    if let Some(c) = &u.create {
        out.uid = c.uid;
        out.gecos = str_p(&c.gecos);
        out.home_dir = str_p(&c.home_dir);
        out.no_create_home = bool_p(c.no_create_home);
        out.primary_group = str_p(&c.primary_group);
        out.no_user_group = bool_p(c.no_user_group);
        out.no_log_init = bool_p(c.no_log_init);
        out.shell = str_p(&c.shell);
        out.system = bool_p(c.system);
        out.groups = c.groups.clone();
    }
    out
}

fn node(
    filesystem: &str,
    path: &str,
    user: &Option<v2::NodeUser>,
    group: &Option<v2::NodeGroup>,
    overwrite: Option<bool>,
    fs: &FsMap,
) -> Node31 {
    let user = user.clone().unwrap_or_default();
    let group = group.clone().unwrap_or_default();
    Node31 {
        path: gopath::join(&[fs.get(filesystem), path]),
        user: Owner {
            id: user.id,
            name: str_p(&user.name),
        },
        group: Owner {
            id: group.id,
            name: str_p(&group.name),
        },
        overwrite,
    }
}

fn file(f: &v2::File, fs: &FsMap) -> File31 {
    // Spec 2 overwrites files by default; spec 3 needs overwrite off to
    // append.
    let overwrite = if f.append {
        Some(false)
    } else {
        Some(f.overwrite.unwrap_or(true))
    };
    let contents = Resource {
        compression: str_p(&f.contents.compression),
        source: Some(f.contents.source.clone()),
        hash: f.contents.verification.hash.clone(),
    };
    let mut out = File31 {
        node: node(&f.filesystem, &f.path, &f.user, &f.group, overwrite, fs),
        mode: f.mode,
        ..File31::default()
    };
    if f.append {
        out.append = vec![contents];
    } else {
        out.contents = contents;
    }
    out
}

/// Units, with repeated names merged into the first one's place.
///
/// Ignition emits the merged units in Go map order, which is random; the
/// order of each name's first appearance is used here instead.
fn units(units: &[v2::Unit], notes: &mut Notes) -> (Vec<Unit31>, Vec<Vec<ConfigPath>>) {
    // Each unit with the paths of the entries merged into it.
    let mut out: Vec<(Unit31, Vec<ConfigPath>)> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, u) in units.iter().enumerate() {
        let at = ConfigPath::root().key("systemd").key("units").index(i);
        let mut enabled = None;
        if u.enabled == Some(true) || u.enable {
            enabled = Some(true);
        }
        if u.enabled == Some(false) {
            enabled = Some(false);
        }
        let unit = Unit31 {
            name: u.name.clone(),
            enabled,
            mask: bool_p(u.mask),
            contents: str_p(&u.contents),
            dropins: u
                .dropins
                .iter()
                .map(|d| Dropin31 {
                    name: d.name.clone(),
                    contents: str_p(&d.contents),
                })
                .collect(),
        };
        match index.get(u.name.as_str()).and_then(|&k| out.get_mut(k)) {
            Some((merged, origins)) => {
                if let Some(first) = origins.first() {
                    notes.push((
                        at.clone(),
                        format!(
                            "unit {} repeats {first}; the two are merged into one unit (later values win)",
                            quote(&u.name)
                        ),
                    ));
                }
                *merged = merge_unit(std::mem::take(merged), unit);
                origins.push(at);
            }
            None => {
                index.insert(&u.name, out.len());
                out.push((unit, vec![at]));
            }
        }
    }
    out.into_iter().unzip()
}

/// Ignition's keyed merge of two same-name units: a value set in `child`
/// wins, an unset one keeps `parent`'s; drop-ins merge the same way by name
/// (a new name is appended).
pub fn merge_unit(parent: Unit31, child: Unit31) -> Unit31 {
    let mut dropins: Vec<Dropin31> = Vec::new();
    for p in &parent.dropins {
        match child.dropins.iter().rev().find(|c| c.name == p.name) {
            Some(c) => dropins.push(Dropin31 {
                contents: c.contents.clone().or_else(|| p.contents.clone()),
                name: c.name.clone(),
            }),
            None => dropins.push(p.clone()),
        }
    }
    for c in &child.dropins {
        if !parent.dropins.iter().any(|p| p.name == c.name) {
            dropins.push(c.clone());
        }
    }
    Unit31 {
        contents: child.contents.or(parent.contents),
        dropins,
        enabled: child.enabled.or(parent.enabled),
        mask: child.mask.or(parent.mask),
        name: child.name,
    }
}
