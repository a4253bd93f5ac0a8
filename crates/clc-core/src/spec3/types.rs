//! The Ignition spec 3.1.0 config as the translation produces it: only the
//! fields a spec-2.3 config can fill (no HTTP headers, proxies, LUKS, …).
//! Optional ("pointer") fields are `Option`s; [`Config31::to_json`] prints
//! them in the field order and with the omission rules of Ignition's types.

use super::json::{Json, Obj};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Config31 {
    pub ignition: Ignition31,
    pub passwd: Passwd31,
    pub storage: Storage31,
    pub systemd: Systemd31,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Ignition31 {
    pub merge: Vec<Resource>,
    pub replace: Resource,
    pub certificate_authorities: Vec<Resource>,
    pub http_response_headers: Option<i64>,
    pub http_total: Option<i64>,
    pub version: String,
}

/// A fetchable resource (`contents`, `append[]`, config references, CAs).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Resource {
    pub compression: Option<String>,
    pub source: Option<String>,
    pub hash: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Passwd31 {
    pub groups: Vec<Group31>,
    pub users: Vec<User31>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Group31 {
    pub gid: Option<i64>,
    pub name: String,
    pub password_hash: Option<String>,
    pub system: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct User31 {
    pub gecos: Option<String>,
    pub groups: Vec<String>,
    pub home_dir: Option<String>,
    pub name: String,
    pub no_create_home: Option<bool>,
    pub no_log_init: Option<bool>,
    pub no_user_group: Option<bool>,
    pub password_hash: Option<String>,
    pub primary_group: Option<String>,
    pub ssh_authorized_keys: Vec<String>,
    pub shell: Option<String>,
    pub system: Option<bool>,
    pub uid: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Storage31 {
    pub directories: Vec<Directory31>,
    pub disks: Vec<Disk31>,
    pub files: Vec<File31>,
    pub filesystems: Vec<Filesystem31>,
    pub links: Vec<Link31>,
    pub raid: Vec<Raid31>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Disk31 {
    pub device: String,
    pub partitions: Vec<Partition31>,
    pub wipe_table: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Partition31 {
    pub guid: Option<String>,
    pub label: Option<String>,
    pub number: i64,
    pub size_mib: Option<i64>,
    pub start_mib: Option<i64>,
    pub type_guid: Option<String>,
}

impl Partition31 {
    /// Ignition's merge/duplicate key: the number, else the label.
    pub fn key(&self) -> String {
        if self.number != 0 {
            format!("number:{}", self.number)
        } else if let Some(label) = &self.label {
            format!("label:{label}")
        } else {
            String::new()
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Raid31 {
    pub devices: Vec<String>,
    pub level: String,
    pub name: String,
    pub options: Vec<String>,
    pub spares: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filesystem31 {
    pub device: String,
    pub format: Option<String>,
    pub label: Option<String>,
    pub options: Vec<String>,
    pub path: Option<String>,
    pub uuid: Option<String>,
    pub wipe_filesystem: Option<bool>,
}

/// A node's owner (`user` or `group`): always printed, possibly `{}`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Owner {
    pub id: Option<i64>,
    pub name: Option<String>,
}

/// The fields files, directories and links share.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Node31 {
    pub group: Owner,
    pub overwrite: Option<bool>,
    pub path: String,
    pub user: Owner,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct File31 {
    pub node: Node31,
    pub append: Vec<Resource>,
    pub contents: Resource,
    pub mode: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Directory31 {
    pub node: Node31,
    pub mode: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Link31 {
    pub node: Node31,
    pub hard: Option<bool>,
    pub target: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Systemd31 {
    pub units: Vec<Unit31>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Unit31 {
    pub contents: Option<String>,
    pub dropins: Vec<Dropin31>,
    pub enabled: Option<bool>,
    pub mask: Option<bool>,
    pub name: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dropin31 {
    pub contents: Option<String>,
    pub name: String,
}

impl Resource {
    fn to_json(&self) -> Json {
        Obj::new()
            .opt_str("compression", &self.compression)
            .opt_str("source", &self.source)
            .put(
                "verification",
                Obj::new().opt_str("hash", &self.hash).build(),
            )
            .build()
    }
}

impl Owner {
    fn to_json(&self) -> Json {
        Obj::new()
            .opt_int("id", self.id)
            .opt_str("name", &self.name)
            .build()
    }
}

impl Node31 {
    /// The node's leading fields, in Go order.
    fn fields(&self) -> Obj {
        Obj::new()
            .put("group", self.group.to_json())
            .opt_bool("overwrite", self.overwrite)
            .put("path", Json::Str(self.path.clone()))
            .put("user", self.user.to_json())
    }
}

impl Config31 {
    /// The config as Ignition's Go types serialise it.
    pub fn to_json(&self) -> Json {
        let ign = &self.ignition;
        let ignition = Obj::new()
            .put(
                "config",
                Obj::new()
                    .list("merge", ign.merge.iter().map(Resource::to_json).collect())
                    .put("replace", ign.replace.to_json())
                    .build(),
            )
            .put("proxy", Obj::new().build())
            .put(
                "security",
                Obj::new()
                    .put(
                        "tls",
                        Obj::new()
                            .list(
                                "certificateAuthorities",
                                ign.certificate_authorities
                                    .iter()
                                    .map(Resource::to_json)
                                    .collect(),
                            )
                            .build(),
                    )
                    .build(),
            )
            .put(
                "timeouts",
                Obj::new()
                    .opt_int("httpResponseHeaders", ign.http_response_headers)
                    .opt_int("httpTotal", ign.http_total)
                    .build(),
            )
            .put("version", Json::Str(ign.version.clone()))
            .build();

        let passwd = Obj::new()
            .list(
                "groups",
                self.passwd.groups.iter().map(group_json).collect(),
            )
            .list("users", self.passwd.users.iter().map(user_json).collect())
            .build();

        let st = &self.storage;
        let storage = Obj::new()
            .list(
                "directories",
                st.directories
                    .iter()
                    .map(|d| d.node.fields().opt_int("mode", d.mode).build())
                    .collect(),
            )
            .list("disks", st.disks.iter().map(disk_json).collect())
            .list("files", st.files.iter().map(file_json).collect())
            .list(
                "filesystems",
                st.filesystems.iter().map(filesystem_json).collect(),
            )
            .list(
                "links",
                st.links
                    .iter()
                    .map(|l| {
                        l.node
                            .fields()
                            .opt_bool("hard", l.hard)
                            .put("target", Json::Str(l.target.clone()))
                            .build()
                    })
                    .collect(),
            )
            .list("raid", st.raid.iter().map(raid_json).collect())
            .build();

        let systemd = Obj::new()
            .list("units", self.systemd.units.iter().map(unit_json).collect())
            .build();

        Obj::new()
            .put("ignition", ignition)
            .put("passwd", passwd)
            .put("storage", storage)
            .put("systemd", systemd)
            .build()
    }
}

fn group_json(g: &Group31) -> Json {
    Obj::new()
        .opt_int("gid", g.gid)
        .put("name", Json::Str(g.name.clone()))
        .opt_str("passwordHash", &g.password_hash)
        .opt_bool("system", g.system)
        .build()
}

fn user_json(u: &User31) -> Json {
    Obj::new()
        .opt_str("gecos", &u.gecos)
        .strings("groups", &u.groups)
        .opt_str("homeDir", &u.home_dir)
        .put("name", Json::Str(u.name.clone()))
        .opt_bool("noCreateHome", u.no_create_home)
        .opt_bool("noLogInit", u.no_log_init)
        .opt_bool("noUserGroup", u.no_user_group)
        .opt_str("passwordHash", &u.password_hash)
        .opt_str("primaryGroup", &u.primary_group)
        .strings("sshAuthorizedKeys", &u.ssh_authorized_keys)
        .opt_str("shell", &u.shell)
        .opt_bool("system", u.system)
        .opt_int("uid", u.uid)
        .build()
}

fn disk_json(d: &Disk31) -> Json {
    Obj::new()
        .put("device", Json::Str(d.device.clone()))
        .list(
            "partitions",
            d.partitions
                .iter()
                .map(|p| {
                    Obj::new()
                        .opt_str("guid", &p.guid)
                        .opt_str("label", &p.label)
                        .nonzero_int("number", p.number)
                        .opt_int("sizeMiB", p.size_mib)
                        .opt_int("startMiB", p.start_mib)
                        .opt_str("typeGuid", &p.type_guid)
                        .build()
                })
                .collect(),
        )
        .opt_bool("wipeTable", d.wipe_table)
        .build()
}

fn file_json(f: &File31) -> Json {
    f.node
        .fields()
        .list("append", f.append.iter().map(Resource::to_json).collect())
        .put("contents", f.contents.to_json())
        .opt_int("mode", f.mode)
        .build()
}

fn filesystem_json(f: &Filesystem31) -> Json {
    Obj::new()
        .put("device", Json::Str(f.device.clone()))
        .opt_str("format", &f.format)
        .opt_str("label", &f.label)
        .strings("options", &f.options)
        .opt_str("path", &f.path)
        .opt_str("uuid", &f.uuid)
        .opt_bool("wipeFilesystem", f.wipe_filesystem)
        .build()
}

fn raid_json(r: &Raid31) -> Json {
    // `devices` has no omitempty: an empty list prints as null.
    let devices = if r.devices.is_empty() {
        Json::Null
    } else {
        Json::Arr(r.devices.iter().cloned().map(Json::Str).collect())
    };
    Obj::new()
        .put("devices", devices)
        .put("level", Json::Str(r.level.clone()))
        .put("name", Json::Str(r.name.clone()))
        .strings("options", &r.options)
        .opt_int("spares", r.spares)
        .build()
}

fn unit_json(u: &Unit31) -> Json {
    Obj::new()
        .opt_str("contents", &u.contents)
        .list(
            "dropins",
            u.dropins
                .iter()
                .map(|d| {
                    Obj::new()
                        .opt_str("contents", &d.contents)
                        .put("name", Json::Str(d.name.clone()))
                        .build()
                })
                .collect(),
        )
        .opt_bool("enabled", u.enabled)
        .opt_bool("mask", u.mask)
        .put("name", Json::Str(u.name.clone()))
        .build()
}
