//! Container Linux Config → Ignition 2.3.0, converter by converter in ct's
//! order (platform units, ignition, disks, docker, etcd, files, filesystems,
//! flannel, networkd, passwd, raid, security, systemd, update/locksmith).
//! That order is why generated units precede the user's and
//! `/etc/coreos/update.conf` follows the user's files.

use crate::ast::{KeyStyle, Tree};
use crate::clc::schema as clc;
use crate::diagnostic::{Diagnostic, Phase, Severity};
use crate::gocompat;
use crate::gocompat::dataurl::data_url;
use crate::ignition::types as ign;
use crate::platform::{self, Platform, PlatformChoice, TemplatingError};

/// Reads `contents.local` files. The core does no I/O: the CLI reads from
/// `--files-dir`, the web page has no files.
pub trait LocalFiles {
    /// The `--files-dir` value, as given.
    fn files_dir(&self) -> &str;
    /// Reads the file at `path` (already joined with the files dir); the error
    /// is the text ct would print (`open files/x: no such file or directory`).
    fn read(&self, path: &str) -> Result<Vec<u8>, String>;
}

/// Where converted files came from, so later checks can point at them.
#[derive(Clone, Debug, Default)]
pub struct Conversion {
    pub config: ign::Config,
    /// Files whose `contents` ct rewrites to the `remote` node for locating
    /// Ignition checks (see [`crate::ignition::validate`]).
    pub remote_files: Vec<usize>,
}

pub struct Converter<'t, 'a> {
    tree: Option<&'t Tree<'a>>,
    platform: &'t PlatformChoice,
    files: Option<&'t dyn LocalFiles>,
    pub out: Vec<Diagnostic>,
}

impl<'t, 'a> Converter<'t, 'a> {
    pub fn new(
        tree: Option<&'t Tree<'a>>,
        platform: &'t PlatformChoice,
        files: Option<&'t dyn LocalFiles>,
    ) -> Self {
        Converter {
            tree,
            platform,
            files,
            out: Vec::new(),
        }
    }

    fn error(&mut self, code: &'static str, message: impl Into<String>) {
        self.out
            .push(Diagnostic::new(Severity::Error, code, message).in_phase(Phase::Convert));
    }

    /// An error at the node found by following `keys` (ct's camelCased
    /// lookup); without a position when the node is not in the document.
    fn error_at(&mut self, keys: &[PathStep], code: &'static str, message: impl Into<String>) {
        let message = message.into();
        let Some(tree) = self.tree else {
            self.error(code, message);
            return;
        };
        let mut at = tree.root();
        for step in keys {
            at = match step {
                PathStep::Key(k) => tree.child(&at, k, KeyStyle::Json),
                PathStep::Index(i) => tree.index(&at, *i),
            };
            if !at.exact {
                break;
            }
        }
        if at.exact {
            let d = tree.diagnostic(&at, Severity::Error, code, message, Phase::Convert);
            self.out.push(d);
        } else {
            let mut d = Diagnostic::new(Severity::Error, code, message)
                .in_phase(Phase::Convert)
                .with_path(at.path.to_config_path());
            // Still underline the nearest node for people, without a ct position.
            if let Some(id) = at.node {
                d.span = Some(tree.focus_span(id));
            }
            self.out.push(d);
        }
    }

    /// Converts `c`; its file entries are consumed as they are converted, so
    /// large inline contents are not held twice.
    pub fn convert(&mut self, c: &mut clc::Config) -> Conversion {
        let mut conv = Conversion {
            config: ign::Config::new_2_3(),
            remote_files: Vec::new(),
        };
        if let PlatformChoice::Unknown(_) = self.platform {
            self.error("unsupported-platform", "unsupported platform");
            return conv;
        }
        let platform = match self.platform {
            PlatformChoice::Known(p) => Some(*p),
            _ => None,
        };
        let out = &mut conv.config;
        self.platform_units(platform, out);
        self.ignition(c, out);
        self.disks(c, out);
        if let Some(docker) = &c.docker {
            out.systemd.units.push(ign::Unit {
                name: "docker.service".into(),
                enable: true,
                dropins: vec![ign::SystemdDropin {
                    name: "20-clct-docker.conf".into(),
                    contents: format!(
                        "[Service]\nEnvironment=\"DOCKER_OPTS={}\"",
                        docker.flags.join(" ")
                    ),
                }],
                ..ign::Unit::default()
            });
        }
        if let Some(etcd) = &c.etcd {
            self.etcd(etcd, platform, out);
        }
        conv.remote_files = self.files(c, out);
        let out = &mut conv.config;
        for fs in &c.storage.filesystems {
            out.storage.filesystems.push(ign::Filesystem {
                name: fs.name.clone(),
                path: fs.path.clone(),
                mount: fs.mount.as_ref().map(|m| ign::Mount {
                    device: m.device.clone(),
                    format: m.format.clone(),
                    wipe_filesystem: m.wipe_filesystem,
                    label: m.label.clone(),
                    uuid: m.uuid.clone(),
                    options: m.options.clone(),
                    create: m.create.as_ref().map(|c| ign::Create {
                        force: c.force,
                        options: c.options.clone(),
                    }),
                }),
            });
        }
        if let Some(flannel) = &c.flannel {
            self.flannel(flannel, platform, out);
        }
        for unit in &c.networkd.units {
            out.networkd.units.push(ign::NetworkdUnit {
                name: unit.name.clone(),
                contents: unit.contents.clone(),
                dropins: unit
                    .dropins
                    .iter()
                    .map(|d| ign::NetworkdDropin {
                        name: d.name.clone(),
                        contents: d.contents.clone(),
                    })
                    .collect(),
            });
        }
        passwd(c, out);
        for array in &c.storage.raid {
            out.storage.raid.push(ign::Raid {
                name: array.name.clone(),
                level: array.level.clone(),
                spares: array.spares,
                devices: array.devices.clone(),
                options: array.options.clone(),
            });
        }
        for ca in &c.ignition.security.tls.certificate_authorities {
            out.ignition
                .security
                .tls
                .certificate_authorities
                .push(ign::CaReference {
                    source: ca.source.clone(),
                    verification: verification(&ca.verification),
                });
        }
        for unit in &c.systemd.units {
            out.systemd.units.push(ign::Unit {
                name: unit.name.clone(),
                enable: unit.enable,
                enabled: unit.enabled,
                mask: unit.mask,
                contents: unit.contents.clone(),
                dropins: unit
                    .dropins
                    .iter()
                    .map(|d| ign::SystemdDropin {
                        name: d.name.clone(),
                        contents: d.contents.clone(),
                    })
                    .collect(),
            });
        }
        update_conf(c, out);
        if crate::diagnostic::has_errors(&self.out) {
            conv.config = ign::Config::default();
        }
        conv
    }

    /// openstack-metadata and cloudstack-configdrive point the metadata agent
    /// at their provider.
    fn platform_units(&mut self, platform: Option<Platform>, out: &mut ign::Config) {
        let Some(p) = platform else { return };
        if !matches!(
            p,
            Platform::OpenstackMetadata | Platform::CloudstackConfigdrive
        ) {
            return;
        }
        let dropin = || ign::SystemdDropin {
            name: "20-clct-provider-override.conf".into(),
            contents: format!(
                "[Service]\nEnvironment=COREOS_METADATA_OPT_PROVIDER=--provider={}",
                p.name()
            ),
        };
        out.systemd.units.push(ign::Unit {
            name: "coreos-metadata.service".into(),
            dropins: vec![dropin()],
            ..ign::Unit::default()
        });
        out.systemd.units.push(ign::Unit {
            name: "coreos-metadata-sshkeys@.service".into(),
            enabled: Some(true),
            dropins: vec![dropin()],
            ..ign::Unit::default()
        });
    }

    fn ignition(&mut self, c: &clc::Config, out: &mut ign::Config) {
        out.ignition.timeouts.http_response_headers = c.ignition.timeouts.http_response_headers;
        out.ignition.timeouts.http_total = c.ignition.timeouts.http_total;
        for (i, r) in c.ignition.config.append.iter().enumerate() {
            let keys = [
                PathStep::Key("ignition"),
                PathStep::Key("config"),
                PathStep::Key("append"),
                PathStep::Index(i),
                PathStep::Key("source"),
            ];
            if let Some(reference) = self.config_reference(r, &keys) {
                out.ignition.config.append.push(reference);
            }
        }
        if let Some(r) = &c.ignition.config.replace {
            let keys = [
                PathStep::Key("ignition"),
                PathStep::Key("config"),
                PathStep::Key("replace"),
                PathStep::Key("source"),
            ];
            out.ignition.config.replace = self.config_reference(r, &keys);
        }
    }

    fn config_reference(
        &mut self,
        r: &clc::ConfigReference,
        keys: &[PathStep],
    ) -> Option<ign::ConfigReference> {
        if let Err(e) = gocompat::url::parse(&r.source) {
            self.error_at(keys, "invalid-url", e.to_string());
            return None;
        }
        Some(ign::ConfigReference {
            source: r.source.clone(),
            verification: verification(&r.verification),
        })
    }

    fn disks(&mut self, c: &clc::Config, out: &mut ign::Config) {
        for (d, disk) in c.storage.disks.iter().enumerate() {
            let mut new_disk = ign::Disk {
                device: disk.device.clone(),
                wipe_table: disk.wipe_table,
                partitions: Vec::new(),
            };
            for (p, part) in disk.partitions.iter().enumerate() {
                let at = |field| {
                    [
                        PathStep::Key("storage"),
                        PathStep::Key("disks"),
                        PathStep::Index(d),
                        PathStep::Key("partitions"),
                        PathStep::Index(p),
                        PathStep::Key(field),
                    ]
                };
                let size = match partition_dimension(&part.size) {
                    Ok(v) => v,
                    Err(e) => {
                        self.error_at(&at("size"), e.code, e.message);
                        continue;
                    }
                };
                let start = match partition_dimension(&part.start) {
                    Ok(v) => v,
                    Err(e) => {
                        self.error_at(&at("start"), e.code, e.message);
                        continue;
                    }
                };
                let type_guid = match part.type_guid.as_str() {
                    "raid_containing_root" => "be9067b9-ea49-4f15-b4f6-f36f8c9e1818".to_owned(),
                    "linux_filesystem_data" => "0fc63daf-8483-4772-8e79-3d69d8477de4".to_owned(),
                    "swap_partition" => "0657fd6d-a4ab-43c4-84e5-0933c84b4f4f".to_owned(),
                    "raid_partition" => "a19d880f-05fc-4d3b-a006-743f0f84911e".to_owned(),
                    other => other.to_owned(),
                };
                new_disk.partitions.push(ign::Partition {
                    label: part.label.clone(),
                    number: part.number,
                    size_mib: size,
                    start_mib: start,
                    guid: part.guid.clone(),
                    type_guid,
                });
            }
            out.storage.disks.push(new_disk);
        }
    }

    fn etcd(&mut self, etcd: &clc::Etcd, platform: Option<Platform>, out: &mut ign::Config) {
        let args = etcd
            .options
            .as_ref()
            .map(|o| o.cli_args())
            .unwrap_or_default();
        let vars: Vec<String> = etcd
            .version
            .iter()
            .map(|v| format!("ETCD_IMAGE_TAG=v{v}"))
            .collect();
        match assemble_unit(
            "/usr/lib/coreos/etcd-wrapper $ETCD_OPTS",
            args,
            &vars,
            platform,
        ) {
            Ok(unit) => out.systemd.units.push(ign::Unit {
                name: "etcd-member.service".into(),
                enable: true,
                dropins: vec![ign::SystemdDropin {
                    name: "20-clct-etcd-member.conf".into(),
                    contents: unit.render(),
                }],
                ..ign::Unit::default()
            }),
            Err(e) => {
                self.templating_error(&e, "etcd");
                *out = ign::Config::default();
            }
        }
    }

    fn flannel(
        &mut self,
        flannel: &clc::Flannel,
        platform: Option<Platform>,
        out: &mut ign::Config,
    ) {
        let args = flannel
            .options
            .as_ref()
            .map(|o| o.cli_args())
            .unwrap_or_default();
        let vars: Vec<String> = flannel
            .version
            .iter()
            .map(|v| format!("FLANNEL_IMAGE_TAG=v{v}"))
            .collect();
        let mut unit = match assemble_unit(
            "/usr/lib/coreos/flannel-wrapper $FLANNEL_OPTS",
            args,
            &vars,
            platform,
        ) {
            Ok(unit) => unit,
            Err(e) => {
                self.templating_error(&e, "flannel");
                *out = ign::Config::default();
                return;
            }
        };
        if !flannel.network_config.is_empty() {
            let mut pre = String::from("ExecStartPre=/usr/bin/etcdctl");
            if let Some(o) = &flannel.options {
                for (key, flag) in [
                    ("etcd_endpoints", "endpoints"),
                    ("etcd_cafile", "ca-file"),
                    ("etcd_certfile", "cert-file"),
                    ("etcd_keyfile", "key-file"),
                ] {
                    if let Some(v) = o.get(key) {
                        pre.push_str(&format!(" --{flag}={}", v.flag_text()));
                    }
                }
            }
            pre.push_str(&format!(
                " set /coreos.com/network/config {}",
                gocompat::quote::quote(&flannel.network_config)
            ));
            unit.service.push(pre);
        }
        out.systemd.units.push(ign::Unit {
            name: "flanneld.service".into(),
            enable: true,
            dropins: vec![ign::SystemdDropin {
                name: "20-clct-flannel.conf".into(),
                contents: unit.render(),
            }],
            ..ign::Unit::default()
        });
    }

    fn templating_error(&mut self, e: &TemplatingError, section: &str) {
        let help = match e {
            TemplatingError::NoPlatform => format!(
                "`{{…}}` in `{section}:` options is dynamic data; choose a platform (e.g. --platform packet) or remove the braces"
            ),
            TemplatingError::UnknownField(field) => format!(
                "`{{{field}}}` is not available on this platform"
            ),
            TemplatingError::UnknownPlatform => String::from("choose one of ct's platforms"),
        };
        self.out.push(
            Diagnostic::new(Severity::Error, "templating", e.message())
                .in_phase(Phase::Convert)
                .with_help(help)
                .with_path(crate::path::ConfigPath::root().key(section)),
        );
    }

    /// Files, directories and links. Returns the files whose contents ct
    /// re-keys to the remote node.
    fn files(&mut self, c: &mut clc::Config, out: &mut ign::Config) -> Vec<usize> {
        let mut remote_files = Vec::new();
        out.storage.files.reserve(c.storage.files.len());
        for (i, file) in std::mem::take(&mut c.storage.files).into_iter().enumerate() {
            let at = |tail: &'static [&'static str]| {
                let mut steps = vec![
                    PathStep::Key("storage"),
                    PathStep::Key("files"),
                    PathStep::Index(i),
                ];
                steps.extend(tail.iter().map(|k| PathStep::Key(k)));
                steps
            };
            let mut new_file = ign::File {
                filesystem: if file.filesystem.is_empty() {
                    "root".into()
                } else {
                    file.filesystem.clone()
                },
                path: file.path.clone(),
                overwrite: file.overwrite,
                mode: Some(file.mode.unwrap_or(0o644)),
                append: file.append,
                user: file.user.as_ref().map(|u| ign::NodeUser {
                    id: u.id,
                    name: u.name.clone(),
                }),
                group: file.group.as_ref().map(|g| ign::NodeGroup {
                    id: g.id,
                    name: g.name.clone(),
                }),
                contents: ign::FileContents::default(),
            };
            let contents = &file.contents;
            if !contents.inline.is_empty() {
                new_file.contents.source = data_url(contents.inline.as_bytes());
            }
            if !contents.local.is_empty() {
                let Some(files) = self.files.filter(|f| !f.files_dir().is_empty()) else {
                    self.error_at(
                        &at(&["contents", "local"]),
                        "local-file",
                        "local files require setting the --files-dir flag to the directory that contains the file",
                    );
                    continue;
                };
                let joined = path_join(files.files_dir(), &contents.local);
                match files.read(&joined) {
                    Ok(bytes) => new_file.contents.source = data_url(&bytes),
                    Err(message) => {
                        self.error_at(&at(&["contents", "local"]), "local-file", message);
                        continue;
                    }
                }
            }
            if !contents.remote.url.is_empty() {
                match gocompat::url::parse(&contents.remote.url) {
                    Ok(url) => {
                        new_file.contents = ign::FileContents {
                            source: url.to_string_go(),
                            ..ign::FileContents::default()
                        };
                        remote_files.push(i);
                    }
                    Err(e) => {
                        self.error_at(
                            &at(&["contents", "remote", "url"]),
                            "invalid-url",
                            e.to_string(),
                        );
                        continue;
                    }
                }
            }
            if new_file.contents == ign::FileContents::default() {
                new_file.contents.source = "data:,".into();
            }
            new_file.contents.compression = contents.remote.compression.clone();
            new_file.contents.verification = verification(&contents.remote.verification);
            out.storage.files.push(new_file);
        }
        for dir in &c.storage.directories {
            out.storage.directories.push(ign::Directory {
                filesystem: if dir.filesystem.is_empty() {
                    "root".into()
                } else {
                    dir.filesystem.clone()
                },
                path: dir.path.clone(),
                overwrite: dir.overwrite,
                mode: Some(dir.mode.unwrap_or(0o755)),
                user: dir.user.as_ref().map(|u| ign::NodeUser {
                    id: u.id,
                    name: u.name.clone(),
                }),
                group: dir.group.as_ref().map(|g| ign::NodeGroup {
                    id: g.id,
                    name: g.name.clone(),
                }),
            });
        }
        for link in &c.storage.links {
            out.storage.links.push(ign::Link {
                filesystem: if link.filesystem.is_empty() {
                    "root".into()
                } else {
                    link.filesystem.clone()
                },
                path: link.path.clone(),
                overwrite: link.overwrite,
                hard: link.hard,
                target: link.target.clone(),
                user: link.user.as_ref().map(|u| ign::NodeUser {
                    id: u.id,
                    name: u.name.clone(),
                }),
                group: link.group.as_ref().map(|g| ign::NodeGroup {
                    id: g.id,
                    name: g.name.clone(),
                }),
            });
        }
        remote_files
    }
}

/// One step of a lookup path.
#[derive(Clone, Copy, Debug)]
pub enum PathStep {
    Key(&'static str),
    Index(usize),
}

fn verification(v: &clc::Verification) -> ign::Verification {
    if v.hash.function.is_empty() || v.hash.sum.is_empty() {
        return ign::Verification::default();
    }
    ign::Verification {
        hash: Some(format!("{}-{}", v.hash.function, v.hash.sum)),
    }
}

struct DimensionError {
    code: &'static str,
    message: String,
}

/// A partition `size`/`start` in MiB: base-2 units, whole MiB only.
fn partition_dimension(text: &str) -> Result<Option<i64>, DimensionError> {
    if text.is_empty() {
        return Ok(None);
    }
    let parsed = gocompat::units::parse_base2_bytes_detailed(text).map_err(|e| DimensionError {
        code: "partition-size",
        message: e,
    })?;
    let bytes = parsed.value;
    if bytes < 0 {
        return Err(DimensionError {
            code: if parsed.wrapped {
                "partition-size-overflow"
            } else {
                "partition-size"
            },
            message: format!(
                "invalid dimension (negative): {}",
                gocompat::quote::quote(text)
            ),
        });
    }
    const MIB: i64 = 1024 * 1024;
    if bytes % MIB != 0 {
        return Err(DimensionError {
            code: "partition-size",
            message: "invalid dimension (finest granularity is 1MiB)".into(),
        });
    }
    Ok(Some(bytes / MIB))
}

/// A systemd drop-in built from sections of lines.
#[derive(Default)]
struct UnitText {
    unit: Vec<String>,
    service: Vec<String>,
}

impl UnitText {
    fn render(&self) -> String {
        let mut out = String::new();
        for (name, lines) in [("Unit", &self.unit), ("Service", &self.service)] {
            if lines.is_empty() {
                continue;
            }
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push('[');
            out.push_str(name);
            out.push(']');
            for line in lines {
                out.push('\n');
                out.push_str(line);
            }
        }
        out
    }
}

/// The etcd/flannel drop-in: metadata dependency when templated, image tag,
/// and the wrapper's command line with one flag per line.
fn assemble_unit(
    exec: &str,
    mut args: Vec<String>,
    vars: &[String],
    platform: Option<Platform>,
) -> Result<UnitText, TemplatingError> {
    let mut unit = UnitText::default();
    if platform::has_templating(&args) {
        let Some(p) = platform else {
            return Err(TemplatingError::NoPlatform);
        };
        unit.unit.push("Requires=coreos-metadata.service".into());
        unit.unit.push("After=coreos-metadata.service".into());
        unit.service
            .push("EnvironmentFile=/run/metadata/coreos".into());
        platform::perform_templating(p, &mut args)?;
    }
    for v in vars {
        unit.service.push(format!("Environment=\"{v}\""));
    }
    let mut command = exec.to_owned();
    for a in &args {
        command.push_str(" \\\n  ");
        command.push_str(a);
    }
    unit.service.push("ExecStart=".into());
    unit.service.push(format!("ExecStart={command}"));
    Ok(unit)
}

fn passwd(c: &clc::Config, out: &mut ign::Config) {
    for user in &c.passwd.users {
        out.passwd.users.push(ign::PasswdUser {
            name: user.name.clone(),
            password_hash: user.password_hash.clone(),
            ssh_authorized_keys: user.ssh_authorized_keys.clone(),
            uid: user.uid,
            gecos: user.gecos.clone(),
            home_dir: user.home_dir.clone(),
            no_create_home: user.no_create_home,
            primary_group: user.primary_group.clone(),
            groups: user.groups.clone(),
            no_user_group: user.no_user_group,
            system: user.system,
            no_log_init: user.no_log_init,
            shell: user.shell.clone(),
            create: user.create.as_ref().map(|c| ign::UserCreate {
                // Go converts the unsigned uid to int by wrapping.
                uid: c.uid.map(|u| u as i64),
                gecos: c.gecos.clone(),
                home_dir: c.home_dir.clone(),
                no_create_home: c.no_create_home,
                primary_group: c.primary_group.clone(),
                groups: c.groups.clone(),
                no_user_group: c.no_user_group,
                system: c.system,
                no_log_init: c.no_log_init,
                shell: c.shell.clone(),
            }),
        });
    }
    for group in &c.passwd.groups {
        out.passwd.groups.push(ign::PasswdGroup {
            name: group.name.clone(),
            gid: group.gid.map(|g| g as i64),
            password_hash: group.password_hash.clone(),
            system: group.system,
        });
    }
}

/// `/etc/coreos/update.conf` from `update:` and `locksmith:`.
fn update_conf(c: &clc::Config, out: &mut ign::Config) {
    let mut contents = String::new();
    if let Some(u) = &c.update {
        if !u.group.is_empty() {
            contents.push_str("GROUP=");
            contents.push_str(&u.group.to_lowercase());
        }
        for (name, value) in [
            ("SERVER", &u.server),
            ("PCR_POLICY_SERVER", &u.pcr_policy_server),
            ("DOWNLOAD_USER", &u.download_user),
            ("DOWNLOAD_PASSWORD", &u.download_password),
            ("MACHINE_ALIAS", &u.machine_alias),
        ] {
            if !value.is_empty() {
                contents.push('\n');
                contents.push_str(name);
                contents.push('=');
                contents.push_str(value);
            }
        }
    }
    if let Some(l) = &c.locksmith {
        let lines = l.config_lines();
        if !lines.is_empty() {
            contents.push('\n');
            contents.push_str(&lines.join("\n"));
        }
    }
    if contents.is_empty() {
        return;
    }
    out.storage.files.push(ign::File {
        filesystem: "root".into(),
        path: "/etc/coreos/update.conf".into(),
        mode: Some(0o644),
        contents: ign::FileContents {
            source: data_url(contents.as_bytes()),
            ..ign::FileContents::default()
        },
        ..ign::File::default()
    });
}

/// Go's `path.Join`: joins with `/` and cleans the result lexically.
pub fn path_join(dir: &str, file: &str) -> String {
    let joined = match (dir.is_empty(), file.is_empty()) {
        (true, true) => return String::new(),
        (true, false) => file.to_owned(),
        (false, true) => dir.to_owned(),
        (false, false) => format!("{dir}/{file}"),
    };
    clean_path(&joined)
}

/// Go's `path.Clean`.
pub fn clean_path(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let rooted = p.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in p.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|l| *l != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            other => parts.push(other),
        }
    }
    let body = parts.join("/");
    match (rooted, body.is_empty()) {
        (true, _) => format!("/{body}"),
        (false, true) => ".".into(),
        (false, false) => body,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_like_go() {
        assert_eq!(path_join("files", "a.conf"), "files/a.conf");
        assert_eq!(path_join("files/", "./x/../a"), "files/a");
        assert_eq!(path_join("/srv", "../../etc"), "/etc");
        assert_eq!(path_join("..", "a"), "../a");
        assert_eq!(clean_path("a/.."), ".");
    }

    #[test]
    fn partition_dimensions() {
        assert_eq!(partition_dimension("").ok(), Some(None));
        assert_eq!(partition_dimension("0").ok(), Some(Some(0)));
        assert_eq!(partition_dimension("1GiB").ok(), Some(Some(1024)));
        assert!(partition_dimension("1KiB").is_err());
    }

    #[test]
    fn drop_in_layout() {
        let unit = assemble_unit(
            "/bin/x $OPTS",
            vec!["--a=\"1\"".into()],
            &["V=1".into()],
            None,
        )
        .ok()
        .map(|u| u.render());
        assert_eq!(
            unit.as_deref(),
            Some("[Service]\nEnvironment=\"V=1\"\nExecStart=\nExecStart=/bin/x $OPTS \\\n  --a=\"1\"")
        );
    }
}
