//! The Container Linux Config schema of ct v0.9.4, field for field, in ct's
//! field order (which is the order ct validates and reports in).

use std::borrow::Cow;

use crate::clc::decode::{Decode, Decoder};
use crate::clc::options::{EtcdOptions, FlannelOptions};
use crate::clc_struct;
use crate::gocompat::semver::Version;
use crate::yaml::NodeId;

clc_struct! {
    /// A whole Container Linux Config.
    pub struct Config = "types.Config" {
        version: i64 = "version",
        ignition: Ignition = "ignition",
        storage: Storage = "storage",
        systemd: Systemd = "systemd",
        networkd: Networkd = "networkd",
        passwd: Passwd = "passwd",
        etcd: Option<Etcd> = "etcd",
        flannel: Option<Flannel> = "flannel",
        update: Option<Update> = "update",
        docker: Option<Docker> = "docker",
        locksmith: Option<Locksmith> = "locksmith",
    }
}

clc_struct! {
    pub struct Ignition = "types.Ignition" {
        config: IgnitionConfig = "config",
        timeouts: Timeouts = "timeouts",
        security: Security = "security",
    }
}

clc_struct! {
    pub struct IgnitionConfig = "types.IgnitionConfig" {
        append: Vec<ConfigReference> = "append",
        replace: Option<ConfigReference> = "replace",
    }
}

clc_struct! {
    pub struct ConfigReference = "types.ConfigReference" {
        source: String = "source",
        verification: Verification = "verification",
    }
}

clc_struct! {
    pub struct Timeouts = "types.Timeouts" {
        http_response_headers: Option<i64> = "http_response_headers",
        http_total: Option<i64> = "http_total",
    }
}

clc_struct! {
    pub struct Security = "types.Security" {
        tls: Tls = "tls",
    }
}

clc_struct! {
    pub struct Tls = "types.TLS" {
        certificate_authorities: Vec<CaReference> = "certificate_authorities",
    }
}

clc_struct! {
    pub struct CaReference = "types.CaReference" {
        source: String = "source",
        verification: Verification = "verification",
    }
}

clc_struct! {
    pub struct Verification = "types.Verification" {
        hash: Hash = "hash",
    }
}

clc_struct! {
    pub struct Hash = "types.Hash" {
        function: String = "function",
        sum: String = "sum",
    }
}

clc_struct! {
    pub struct Storage = "types.Storage" {
        disks: Vec<Disk> = "disks",
        raid: Vec<Raid> = "raid",
        filesystems: Vec<Filesystem> = "filesystems",
        files: Vec<File> = "files",
        directories: Vec<Directory> = "directories",
        links: Vec<Link> = "links",
    }
}

clc_struct! {
    pub struct Disk = "types.Disk" {
        device: String = "device",
        wipe_table: bool = "wipe_table",
        partitions: Vec<Partition> = "partitions",
    }
}

clc_struct! {
    pub struct Partition = "types.Partition" {
        label: Option<String> = "label",
        number: i64 = "number",
        size: String = "size",
        start: String = "start",
        guid: String = "guid",
        type_guid: String = "type_guid",
    }
}

clc_struct! {
    pub struct Raid = "types.Raid" {
        name: String = "name",
        level: String = "level",
        devices: Vec<String> = "devices",
        spares: i64 = "spares",
        options: Vec<String> = "options",
    }
}

clc_struct! {
    pub struct Filesystem = "types.Filesystem" {
        name: String = "name",
        mount: Option<Mount> = "mount",
        path: Option<String> = "path",
    }
}

clc_struct! {
    pub struct Mount = "types.Mount" {
        device: String = "device",
        format: String = "format",
        create: Option<Create> = "create",
        wipe_filesystem: bool = "wipe_filesystem",
        label: Option<String> = "label",
        uuid: Option<String> = "uuid",
        options: Vec<String> = "options",
    }
}

clc_struct! {
    pub struct Create = "types.Create" {
        force: bool = "force",
        options: Vec<String> = "options",
    }
}

clc_struct! {
    pub struct File = "types.File" {
        filesystem: String = "filesystem",
        path: String = "path",
        user: Option<FileUser> = "user",
        group: Option<FileGroup> = "group",
        mode: Option<i64> = "mode",
        contents: FileContents = "contents",
        overwrite: Option<bool> = "overwrite",
        append: bool = "append",
    }
}

clc_struct! {
    pub struct FileUser = "types.FileUser" {
        id: Option<i64> = "id",
        name: String = "name",
    }
}

clc_struct! {
    pub struct FileGroup = "types.FileGroup" {
        id: Option<i64> = "id",
        name: String = "name",
    }
}

clc_struct! {
    pub struct FileContents = "types.FileContents" {
        remote: Remote = "remote",
        inline: String = "inline",
        local: String = "local",
    }
}

clc_struct! {
    pub struct Remote = "types.Remote" {
        url: String = "url",
        compression: String = "compression",
        verification: Verification = "verification",
    }
}

clc_struct! {
    pub struct Directory = "types.Directory" {
        filesystem: String = "filesystem",
        path: String = "path",
        user: Option<FileUser> = "user",
        group: Option<FileGroup> = "group",
        mode: Option<i64> = "mode",
        overwrite: Option<bool> = "overwrite",
    }
}

clc_struct! {
    pub struct Link = "types.Link" {
        filesystem: String = "filesystem",
        path: String = "path",
        user: Option<FileUser> = "user",
        group: Option<FileGroup> = "group",
        hard: bool = "hard",
        target: String = "target",
        overwrite: Option<bool> = "overwrite",
    }
}

clc_struct! {
    pub struct Systemd = "types.Systemd" {
        units: Vec<SystemdUnit> = "units",
    }
}

clc_struct! {
    pub struct SystemdUnit = "types.SystemdUnit" {
        name: String = "name",
        enable: bool = "enable",
        enabled: Option<bool> = "enabled",
        mask: bool = "mask",
        contents: String = "contents",
        dropins: Vec<SystemdUnitDropIn> = "dropins",
    }
}

clc_struct! {
    pub struct SystemdUnitDropIn = "types.SystemdUnitDropIn" {
        name: String = "name",
        contents: String = "contents",
    }
}

clc_struct! {
    pub struct Networkd = "types.Networkd" {
        units: Vec<NetworkdUnit> = "units",
    }
}

clc_struct! {
    pub struct NetworkdUnit = "types.NetworkdUnit" {
        name: String = "name",
        contents: String = "contents",
        dropins: Vec<NetworkdUnitDropIn> = "dropins",
    }
}

clc_struct! {
    pub struct NetworkdUnitDropIn = "types.NetworkdUnitDropIn" {
        name: String = "name",
        contents: String = "contents",
    }
}

clc_struct! {
    pub struct Passwd = "types.Passwd" {
        users: Vec<User> = "users",
        groups: Vec<Group> = "groups",
    }
}

clc_struct! {
    pub struct User = "types.User" {
        name: String = "name",
        password_hash: Option<String> = "password_hash",
        ssh_authorized_keys: Vec<String> = "ssh_authorized_keys",
        create: Option<UserCreate> = "create",
        uid: Option<i64> = "uid",
        gecos: String = "gecos",
        home_dir: String = "home_dir",
        no_create_home: bool = "no_create_home",
        primary_group: String = "primary_group",
        groups: Vec<String> = "groups",
        no_user_group: bool = "no_user_group",
        system: bool = "system",
        no_log_init: bool = "no_log_init",
        shell: String = "shell",
    }
}

clc_struct! {
    pub struct UserCreate = "types.UserCreate" {
        uid: Option<u64> = "uid",
        gecos: String = "gecos",
        home_dir: String = "home_dir",
        no_create_home: bool = "no_create_home",
        primary_group: String = "primary_group",
        groups: Vec<String> = "groups",
        no_user_group: bool = "no_user_group",
        system: bool = "system",
        no_log_init: bool = "no_log_init",
        shell: String = "shell",
    }
}

clc_struct! {
    pub struct Group = "types.Group" {
        name: String = "name",
        gid: Option<u64> = "gid",
        password_hash: String = "password_hash",
        system: bool = "system",
    }
}

clc_struct! {
    pub struct Update = "types.Update" {
        group: String = "group",
        server: String = "server",
        pcr_policy_server: String = "pcr_policy_server",
        download_user: String = "download_user",
        download_password: String = "download_password",
        machine_alias: String = "machine_alias",
    }
}

clc_struct! {
    pub struct Docker = "types.Docker" {
        flags: Vec<String> = "flags",
    }
}

clc_struct! {
    pub struct Locksmith = "types.Locksmith" {
        reboot_strategy: Option<String> = "reboot_strategy",
        window_start: Option<String> = "window_start",
        window_length: Option<String> = "window_length",
        group: Option<String> = "group",
        etcd_endpoints: Option<String> = "etcd_endpoints",
        etcd_cafile: Option<String> = "etcd_cafile",
        etcd_certfile: Option<String> = "etcd_certfile",
        etcd_keyfile: Option<String> = "etcd_keyfile",
    }
}

impl Locksmith {
    /// `KEY=value` lines for `/etc/coreos/update.conf`, in field order.
    pub fn config_lines(&self) -> Vec<String> {
        let fields = [
            ("REBOOT_STRATEGY", &self.reboot_strategy),
            ("LOCKSMITHD_REBOOT_WINDOW_START", &self.window_start),
            ("LOCKSMITHD_REBOOT_WINDOW_LENGTH", &self.window_length),
            ("LOCKSMITHD_GROUP", &self.group),
            ("LOCKSMITHD_ENDPOINT", &self.etcd_endpoints),
            ("LOCKSMITHD_ETCD_CAFILE", &self.etcd_cafile),
            ("LOCKSMITHD_ETCD_CERTFILE", &self.etcd_certfile),
            ("LOCKSMITHD_ETCD_KEYFILE", &self.etcd_keyfile),
        ];
        fields
            .iter()
            .filter_map(|(name, value)| {
                value
                    .as_ref()
                    .map(|v| format!("{name}={}", crate::gocompat::quote::quote(v)))
            })
            .collect()
    }
}

// ---- etcd and flannel: versioned option sets ------------------------------

/// A semantic version read from YAML as ct reads it (a string, then parsed).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SemverField(pub Version);

impl Decode for SemverField {
    fn go_type(&self) -> Cow<'static, str> {
        Cow::Borrowed("semver.Version")
    }
    fn decode_node(&mut self, d: &mut Decoder<'_>, id: NodeId) -> bool {
        let mut text = String::new();
        let before = d.issue_count();
        d.unmarshal(id, &mut text);
        if d.issue_count() > before || d.failed() {
            return false;
        }
        match Version::parse(&text) {
            Ok(v) => {
                self.0 = v;
                true
            }
            Err(e) => {
                d.fail(e.to_string(), Some(id));
                false
            }
        }
    }
}

clc_struct! {
    /// The fields of `etcd:` that do not depend on the version.
    pub struct EtcdCommon = "types.etcdCommon" {
        version: Option<SemverField> = "version",
        options: Option<String> = "options",
    }
}

clc_struct! {
    pub struct FlannelCommon = "types.flannelCommon" {
        version: Option<SemverField> = "version",
        network_config: String = "network_config",
        options: Option<String> = "options",
    }
}

/// `etcd:`, with the option set its version selects (None: no set matches).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Etcd {
    pub version: Option<Version>,
    pub options: Option<EtcdOptions>,
}

/// ct's default etcd version when `version` is absent.
pub fn etcd_default_version() -> Version {
    Version::new(3, 5, 0)
}

impl Decode for Etcd {
    fn go_type(&self) -> Cow<'static, str> {
        Cow::Borrowed("types.Etcd")
    }
    fn decode_node(&mut self, d: &mut Decoder<'_>, id: NodeId) -> bool {
        // ct decodes the mapping twice: once for the version, then into the
        // option struct of that version.
        let mut common = EtcdCommon::default();
        let before = d.issue_count();
        d.unmarshal(id, &mut common);
        if d.issue_count() > before || d.failed() {
            return false;
        }
        self.version = common.version.map(|v| v.0);
        let selected = self.version.clone().unwrap_or_else(etcd_default_version);
        match EtcdOptions::for_version(&selected) {
            Some(mut options) => {
                let before = d.issue_count();
                d.unmarshal(id, &mut options);
                if d.issue_count() > before || d.failed() {
                    return false;
                }
                self.options = Some(options);
            }
            None => self.options = None,
        }
        true
    }
}

/// `flannel:`, with the option set its version selects.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Flannel {
    pub version: Option<Version>,
    pub network_config: String,
    pub options: Option<FlannelOptions>,
}

pub fn flannel_default_version() -> Version {
    Version::new(0, 6, 0)
}

impl Decode for Flannel {
    fn go_type(&self) -> Cow<'static, str> {
        Cow::Borrowed("types.Flannel")
    }
    fn decode_node(&mut self, d: &mut Decoder<'_>, id: NodeId) -> bool {
        let mut common = FlannelCommon::default();
        let before = d.issue_count();
        d.unmarshal(id, &mut common);
        if d.issue_count() > before || d.failed() {
            return false;
        }
        self.version = common.version.map(|v| v.0);
        self.network_config = common.network_config;
        let selected = self.version.clone().unwrap_or_else(flannel_default_version);
        match FlannelOptions::flannel_for_version(&selected) {
            Some(mut options) => {
                let before = d.issue_count();
                d.unmarshal(id, &mut options);
                if d.issue_count() > before || d.failed() {
                    return false;
                }
                self.options = Some(options);
            }
            None => self.options = None,
        }
        true
    }
}
