//! Ignition spec 2.3.0 as ct emits it. Field order and `omitempty` follow
//! Ignition's Go types (alphabetical JSON names; a node's shared fields —
//! filesystem, group, overwrite, path, user — come first in files,
//! directories and links).

use super::json::{JsonWriter, ToJson};

/// Declares an Ignition struct and its Go-compatible JSON form.
macro_rules! ign_struct {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$fmeta:meta])* $field:ident : $ty:ty = $json:literal $(, $omit:ident)? ;)*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct $name {
            $( $(#[$fmeta])* pub $field: $ty, )*
        }

        impl ToJson for $name {
            fn write_json(&self, w: &mut JsonWriter) {
                w.begin_object();
                $( w.field($json, &self.$field, ign_struct!(@omit $($omit)?)); )*
                w.end_object();
            }
        }
    };
    (@omit omitempty) => { true };
    (@omit) => { false };
}

ign_struct! {
    /// A whole Ignition config.
    pub struct Config {
        ignition: Ignition = "ignition";
        networkd: Networkd = "networkd", omitempty;
        passwd: Passwd = "passwd", omitempty;
        storage: Storage = "storage", omitempty;
        systemd: Systemd = "systemd", omitempty;
    }
}

ign_struct! {
    pub struct Ignition {
        config: IgnitionConfig = "config", omitempty;
        security: Security = "security", omitempty;
        timeouts: Timeouts = "timeouts", omitempty;
        version: String = "version", omitempty;
    }
}

ign_struct! {
    pub struct IgnitionConfig {
        append: Vec<ConfigReference> = "append", omitempty;
        replace: Option<ConfigReference> = "replace", omitempty;
    }
}

ign_struct! {
    pub struct ConfigReference {
        source: String = "source";
        verification: Verification = "verification", omitempty;
    }
}

ign_struct! {
    pub struct Security {
        tls: Tls = "tls", omitempty;
    }
}

ign_struct! {
    pub struct Tls {
        certificate_authorities: Vec<CaReference> = "certificateAuthorities", omitempty;
    }
}

ign_struct! {
    pub struct CaReference {
        source: String = "source";
        verification: Verification = "verification", omitempty;
    }
}

ign_struct! {
    pub struct Timeouts {
        http_response_headers: Option<i64> = "httpResponseHeaders", omitempty;
        http_total: Option<i64> = "httpTotal", omitempty;
    }
}

ign_struct! {
    pub struct Verification {
        hash: Option<String> = "hash", omitempty;
    }
}

ign_struct! {
    pub struct Networkd {
        units: Vec<NetworkdUnit> = "units", omitempty;
    }
}

ign_struct! {
    pub struct NetworkdUnit {
        contents: String = "contents", omitempty;
        dropins: Vec<NetworkdDropin> = "dropins", omitempty;
        name: String = "name";
    }
}

ign_struct! {
    pub struct NetworkdDropin {
        contents: String = "contents", omitempty;
        name: String = "name";
    }
}

ign_struct! {
    pub struct Passwd {
        groups: Vec<PasswdGroup> = "groups", omitempty;
        users: Vec<PasswdUser> = "users", omitempty;
    }
}

ign_struct! {
    pub struct PasswdGroup {
        gid: Option<i64> = "gid", omitempty;
        name: String = "name";
        password_hash: String = "passwordHash", omitempty;
        system: bool = "system", omitempty;
    }
}

ign_struct! {
    pub struct PasswdUser {
        create: Option<UserCreate> = "create", omitempty;
        gecos: String = "gecos", omitempty;
        groups: Vec<String> = "groups", omitempty;
        home_dir: String = "homeDir", omitempty;
        name: String = "name";
        no_create_home: bool = "noCreateHome", omitempty;
        no_log_init: bool = "noLogInit", omitempty;
        no_user_group: bool = "noUserGroup", omitempty;
        password_hash: Option<String> = "passwordHash", omitempty;
        primary_group: String = "primaryGroup", omitempty;
        ssh_authorized_keys: Vec<String> = "sshAuthorizedKeys", omitempty;
        shell: String = "shell", omitempty;
        system: bool = "system", omitempty;
        uid: Option<i64> = "uid", omitempty;
    }
}

ign_struct! {
    pub struct UserCreate {
        gecos: String = "gecos", omitempty;
        groups: Vec<String> = "groups", omitempty;
        home_dir: String = "homeDir", omitempty;
        no_create_home: bool = "noCreateHome", omitempty;
        no_log_init: bool = "noLogInit", omitempty;
        no_user_group: bool = "noUserGroup", omitempty;
        primary_group: String = "primaryGroup", omitempty;
        shell: String = "shell", omitempty;
        system: bool = "system", omitempty;
        uid: Option<i64> = "uid", omitempty;
    }
}

ign_struct! {
    pub struct Storage {
        directories: Vec<Directory> = "directories", omitempty;
        disks: Vec<Disk> = "disks", omitempty;
        files: Vec<File> = "files", omitempty;
        filesystems: Vec<Filesystem> = "filesystems", omitempty;
        links: Vec<Link> = "links", omitempty;
        raid: Vec<Raid> = "raid", omitempty;
    }
}

ign_struct! {
    pub struct Disk {
        device: String = "device";
        partitions: Vec<Partition> = "partitions", omitempty;
        wipe_table: bool = "wipeTable", omitempty;
    }
}

ign_struct! {
    pub struct Partition {
        guid: String = "guid", omitempty;
        label: Option<String> = "label", omitempty;
        number: i64 = "number", omitempty;
        size_mib: Option<i64> = "sizeMiB", omitempty;
        start_mib: Option<i64> = "startMiB", omitempty;
        type_guid: String = "typeGuid", omitempty;
    }
}

ign_struct! {
    pub struct Raid {
        devices: Vec<String> = "devices";
        level: String = "level";
        name: String = "name";
        options: Vec<String> = "options", omitempty;
        spares: i64 = "spares", omitempty;
    }
}

ign_struct! {
    pub struct Filesystem {
        mount: Option<Mount> = "mount", omitempty;
        name: String = "name", omitempty;
        path: Option<String> = "path", omitempty;
    }
}

ign_struct! {
    pub struct Mount {
        create: Option<Create> = "create", omitempty;
        device: String = "device";
        format: String = "format";
        label: Option<String> = "label", omitempty;
        options: Vec<String> = "options", omitempty;
        uuid: Option<String> = "uuid", omitempty;
        wipe_filesystem: bool = "wipeFilesystem", omitempty;
    }
}

ign_struct! {
    pub struct Create {
        force: bool = "force", omitempty;
        options: Vec<String> = "options", omitempty;
    }
}

ign_struct! {
    pub struct NodeUser {
        id: Option<i64> = "id", omitempty;
        name: String = "name", omitempty;
    }
}

ign_struct! {
    pub struct NodeGroup {
        id: Option<i64> = "id", omitempty;
        name: String = "name", omitempty;
    }
}

ign_struct! {
    pub struct File {
        filesystem: String = "filesystem";
        group: Option<NodeGroup> = "group", omitempty;
        overwrite: Option<bool> = "overwrite", omitempty;
        path: String = "path";
        user: Option<NodeUser> = "user", omitempty;
        append: bool = "append", omitempty;
        contents: FileContents = "contents", omitempty;
        mode: Option<i64> = "mode", omitempty;
    }
}

ign_struct! {
    pub struct FileContents {
        compression: String = "compression", omitempty;
        source: String = "source", omitempty;
        verification: Verification = "verification", omitempty;
    }
}

ign_struct! {
    pub struct Directory {
        filesystem: String = "filesystem";
        group: Option<NodeGroup> = "group", omitempty;
        overwrite: Option<bool> = "overwrite", omitempty;
        path: String = "path";
        user: Option<NodeUser> = "user", omitempty;
        mode: Option<i64> = "mode", omitempty;
    }
}

ign_struct! {
    pub struct Link {
        filesystem: String = "filesystem";
        group: Option<NodeGroup> = "group", omitempty;
        overwrite: Option<bool> = "overwrite", omitempty;
        path: String = "path";
        user: Option<NodeUser> = "user", omitempty;
        hard: bool = "hard", omitempty;
        target: String = "target";
    }
}

ign_struct! {
    pub struct Systemd {
        units: Vec<Unit> = "units", omitempty;
    }
}

ign_struct! {
    pub struct Unit {
        contents: String = "contents", omitempty;
        dropins: Vec<SystemdDropin> = "dropins", omitempty;
        enable: bool = "enable", omitempty;
        enabled: Option<bool> = "enabled", omitempty;
        mask: bool = "mask", omitempty;
        name: String = "name";
    }
}

ign_struct! {
    pub struct SystemdDropin {
        contents: String = "contents", omitempty;
        name: String = "name";
    }
}

impl Config {
    /// An empty config of the version ct always emits.
    pub fn new_2_3() -> Self {
        let mut c = Config::default();
        c.ignition.version = "2.3.0".into();
        c
    }

    /// The config as Go's `json.Marshal` (compact) or
    /// `json.MarshalIndent(…, "", "  ")` (pretty) prints it, without a
    /// trailing newline.
    pub fn to_json(&self, pretty: bool) -> String {
        let mut w = JsonWriter::with_capacity(pretty, self.json_size_hint());
        self.write_json(&mut w);
        w.finish()
    }

    /// Roughly the compact JSON's length: what big configs are made of
    /// (file sources, unit texts) plus room for the rest. Reserving it once
    /// spares a large output the copies and the doubled peak of growing.
    fn json_size_hint(&self) -> usize {
        let files: usize = self
            .storage
            .files
            .iter()
            .map(|f| f.contents.source.len() + f.path.len() + 128)
            .sum();
        let units: usize = self
            .systemd
            .units
            .iter()
            .map(|u| {
                u.contents.len()
                    + u.name.len()
                    + u.dropins
                        .iter()
                        .map(|d| d.contents.len() + 64)
                        .sum::<usize>()
                    + 64
            })
            .sum();
        // JSON escaping makes text a little longer (`\n`, `\u003c`, …).
        let text = files + units;
        1024 + text + text / 16
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_config_matches_ct() {
        let expected = r#"{"ignition":{"config":{},"security":{"tls":{}},"timeouts":{},"version":"2.3.0"},"networkd":{},"passwd":{},"storage":{},"systemd":{}}"#;
        assert_eq!(Config::new_2_3().to_json(false), expected);
    }

    #[test]
    fn raid_devices_print_null_when_empty() {
        let mut c = Config::new_2_3();
        c.storage.raid.push(Raid {
            level: "raid1".into(),
            name: "empty".into(),
            ..Raid::default()
        });
        assert!(c
            .to_json(false)
            .contains(r#""raid":[{"devices":null,"level":"raid1","name":"empty"}]"#));
    }
}
