//! Reads Ignition 2.3 JSON (what ct and the terraform provider print) back
//! into [`crate::ignition::types::Config`].
//!
//! Like Go's `encoding/json`: unknown keys are ignored, `null` leaves a
//! field at its zero value, a key matches its field exactly or else
//! ASCII-case-insensitively, and the last of repeated keys wins. A value of
//! the wrong JSON type is an error naming its location.

use serde_json::{Map, Value};

use crate::ignition::types::*;

type Res<T> = Result<T, String>;

/// One JSON object being read, with its location for error messages.
struct Reader<'a> {
    obj: &'a Map<String, Value>,
    at: String,
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn wrong(at: &str, want: &str, got: &Value) -> String {
    format!("{at}: expected {want}, found {}", type_name(got))
}

fn as_object<'a>(v: &'a Value, at: &str) -> Res<Option<Reader<'a>>> {
    match v {
        Value::Null => Ok(None),
        Value::Object(obj) => Ok(Some(Reader {
            obj,
            at: at.to_owned(),
        })),
        other => Err(wrong(at, "object", other)),
    }
}

impl<'a> Reader<'a> {
    fn get(&self, key: &str) -> Option<(&'a Value, String)> {
        let at = if self.at.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.at)
        };
        let found = self.obj.get(key).or_else(|| {
            self.obj
                .iter()
                .filter(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, v)| v)
                .next_back()
        });
        match found {
            Some(Value::Null) | None => None,
            Some(v) => Some((v, at)),
        }
    }

    fn string(&self, key: &str) -> Res<String> {
        Ok(self.opt_string(key)?.unwrap_or_default())
    }

    fn opt_string(&self, key: &str) -> Res<Option<String>> {
        match self.get(key) {
            None => Ok(None),
            Some((Value::String(s), _)) => Ok(Some(s.clone())),
            Some((other, at)) => Err(wrong(&at, "string", other)),
        }
    }

    fn boolean(&self, key: &str) -> Res<bool> {
        Ok(self.opt_bool(key)?.unwrap_or(false))
    }

    fn opt_bool(&self, key: &str) -> Res<Option<bool>> {
        match self.get(key) {
            None => Ok(None),
            Some((Value::Bool(b), _)) => Ok(Some(*b)),
            Some((other, at)) => Err(wrong(&at, "bool", other)),
        }
    }

    fn int(&self, key: &str) -> Res<i64> {
        Ok(self.opt_int(key)?.unwrap_or(0))
    }

    fn opt_int(&self, key: &str) -> Res<Option<i64>> {
        match self.get(key) {
            None => Ok(None),
            Some((Value::Number(n), at)) => n
                .as_i64()
                .map(Some)
                .ok_or_else(|| format!("{at}: {n} is not an integer")),
            Some((other, at)) => Err(wrong(&at, "integer", other)),
        }
    }

    fn object<T: Default>(&self, key: &str, read: impl Fn(&Reader<'a>) -> Res<T>) -> Res<T> {
        Ok(self.opt_object(key, read)?.unwrap_or_default())
    }

    fn opt_object<T>(&self, key: &str, read: impl Fn(&Reader<'a>) -> Res<T>) -> Res<Option<T>> {
        match self.get(key) {
            None => Ok(None),
            Some((v, at)) => match as_object(v, &at)? {
                Some(r) => read(&r).map(Some),
                None => Ok(None),
            },
        }
    }

    fn list<T: Default>(&self, key: &str, read: impl Fn(&Reader<'a>) -> Res<T>) -> Res<Vec<T>> {
        match self.get(key) {
            None => Ok(Vec::new()),
            Some((Value::Array(items), at)) => items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let item_at = format!("{at}[{i}]");
                    match as_object(item, &item_at)? {
                        Some(r) => read(&r),
                        None => Ok(T::default()),
                    }
                })
                .collect(),
            Some((other, at)) => Err(wrong(&at, "array", other)),
        }
    }

    fn strings(&self, key: &str) -> Res<Vec<String>> {
        match self.get(key) {
            None => Ok(Vec::new()),
            Some((Value::Array(items), at)) => items
                .iter()
                .enumerate()
                .map(|(i, item)| match item {
                    Value::String(s) => Ok(s.clone()),
                    Value::Null => Ok(String::new()),
                    other => Err(wrong(&format!("{at}[{i}]"), "string", other)),
                })
                .collect(),
            Some((other, at)) => Err(wrong(&at, "array", other)),
        }
    }
}

/// Parses Ignition 2.x JSON into the crate's 2.3 types.
pub fn from_ignition_json(text: &str) -> Result<Config, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| format!("invalid JSON: {e}"))?;
    let root = as_object(&value, "")?.ok_or_else(|| "the config is null".to_owned())?;
    config(&root)
}

fn config(r: &Reader) -> Res<Config> {
    Ok(Config {
        ignition: r.object("ignition", ignition)?,
        networkd: r.object("networkd", |r| {
            Ok(Networkd {
                units: r.list("units", |u| {
                    Ok(NetworkdUnit {
                        contents: u.string("contents")?,
                        dropins: u.list("dropins", |d| {
                            Ok(NetworkdDropin {
                                contents: d.string("contents")?,
                                name: d.string("name")?,
                            })
                        })?,
                        name: u.string("name")?,
                    })
                })?,
            })
        })?,
        passwd: r.object("passwd", passwd)?,
        storage: r.object("storage", storage)?,
        systemd: r.object("systemd", |r| {
            Ok(Systemd {
                units: r.list("units", |u| {
                    Ok(Unit {
                        contents: u.string("contents")?,
                        dropins: u.list("dropins", |d| {
                            Ok(SystemdDropin {
                                contents: d.string("contents")?,
                                name: d.string("name")?,
                            })
                        })?,
                        enable: u.boolean("enable")?,
                        enabled: u.opt_bool("enabled")?,
                        mask: u.boolean("mask")?,
                        name: u.string("name")?,
                    })
                })?,
            })
        })?,
    })
}

fn verification(r: &Reader) -> Res<Verification> {
    Ok(Verification {
        hash: r.opt_string("hash")?,
    })
}

fn config_reference(r: &Reader) -> Res<ConfigReference> {
    Ok(ConfigReference {
        source: r.string("source")?,
        verification: r.object("verification", verification)?,
    })
}

fn ignition(r: &Reader) -> Res<Ignition> {
    Ok(Ignition {
        config: r.object("config", |c| {
            Ok(IgnitionConfig {
                append: c.list("append", config_reference)?,
                replace: c.opt_object("replace", config_reference)?,
            })
        })?,
        security: r.object("security", |s| {
            Ok(Security {
                tls: s.object("tls", |t| {
                    Ok(Tls {
                        certificate_authorities: t.list("certificateAuthorities", |ca| {
                            Ok(CaReference {
                                source: ca.string("source")?,
                                verification: ca.object("verification", verification)?,
                            })
                        })?,
                    })
                })?,
            })
        })?,
        timeouts: r.object("timeouts", |t| {
            Ok(Timeouts {
                http_response_headers: t.opt_int("httpResponseHeaders")?,
                http_total: t.opt_int("httpTotal")?,
            })
        })?,
        version: r.string("version")?,
    })
}

fn passwd(r: &Reader) -> Res<Passwd> {
    Ok(Passwd {
        groups: r.list("groups", |g| {
            Ok(PasswdGroup {
                gid: g.opt_int("gid")?,
                name: g.string("name")?,
                password_hash: g.string("passwordHash")?,
                system: g.boolean("system")?,
            })
        })?,
        users: r.list("users", |u| {
            Ok(PasswdUser {
                create: u.opt_object("create", |c| {
                    Ok(UserCreate {
                        gecos: c.string("gecos")?,
                        groups: c.strings("groups")?,
                        home_dir: c.string("homeDir")?,
                        no_create_home: c.boolean("noCreateHome")?,
                        no_log_init: c.boolean("noLogInit")?,
                        no_user_group: c.boolean("noUserGroup")?,
                        primary_group: c.string("primaryGroup")?,
                        shell: c.string("shell")?,
                        system: c.boolean("system")?,
                        uid: c.opt_int("uid")?,
                    })
                })?,
                gecos: u.string("gecos")?,
                groups: u.strings("groups")?,
                home_dir: u.string("homeDir")?,
                name: u.string("name")?,
                no_create_home: u.boolean("noCreateHome")?,
                no_log_init: u.boolean("noLogInit")?,
                no_user_group: u.boolean("noUserGroup")?,
                password_hash: u.opt_string("passwordHash")?,
                primary_group: u.string("primaryGroup")?,
                ssh_authorized_keys: u.strings("sshAuthorizedKeys")?,
                shell: u.string("shell")?,
                system: u.boolean("system")?,
                uid: u.opt_int("uid")?,
            })
        })?,
    })
}

fn node_user(r: &Reader) -> Res<NodeUser> {
    Ok(NodeUser {
        id: r.opt_int("id")?,
        name: r.string("name")?,
    })
}

fn node_group(r: &Reader) -> Res<NodeGroup> {
    Ok(NodeGroup {
        id: r.opt_int("id")?,
        name: r.string("name")?,
    })
}

fn storage(r: &Reader) -> Res<Storage> {
    Ok(Storage {
        directories: r.list("directories", |d| {
            Ok(Directory {
                filesystem: d.string("filesystem")?,
                group: d.opt_object("group", node_group)?,
                overwrite: d.opt_bool("overwrite")?,
                path: d.string("path")?,
                user: d.opt_object("user", node_user)?,
                mode: d.opt_int("mode")?,
            })
        })?,
        disks: r.list("disks", |d| {
            Ok(Disk {
                device: d.string("device")?,
                partitions: d.list("partitions", |p| {
                    Ok(Partition {
                        guid: p.string("guid")?,
                        label: p.opt_string("label")?,
                        number: p.int("number")?,
                        size_mib: p.opt_int("sizeMiB")?,
                        start_mib: p.opt_int("startMiB")?,
                        type_guid: p.string("typeGuid")?,
                    })
                })?,
                wipe_table: d.boolean("wipeTable")?,
            })
        })?,
        files: r.list("files", |f| {
            Ok(File {
                filesystem: f.string("filesystem")?,
                group: f.opt_object("group", node_group)?,
                overwrite: f.opt_bool("overwrite")?,
                path: f.string("path")?,
                user: f.opt_object("user", node_user)?,
                append: f.boolean("append")?,
                contents: f.object("contents", |c| {
                    Ok(FileContents {
                        compression: c.string("compression")?,
                        source: c.string("source")?,
                        verification: c.object("verification", verification)?,
                    })
                })?,
                mode: f.opt_int("mode")?,
            })
        })?,
        filesystems: r.list("filesystems", |f| {
            Ok(Filesystem {
                mount: f.opt_object("mount", |m| {
                    Ok(Mount {
                        create: m.opt_object("create", |c| {
                            Ok(Create {
                                force: c.boolean("force")?,
                                options: c.strings("options")?,
                            })
                        })?,
                        device: m.string("device")?,
                        format: m.string("format")?,
                        label: m.opt_string("label")?,
                        options: m.strings("options")?,
                        uuid: m.opt_string("uuid")?,
                        wipe_filesystem: m.boolean("wipeFilesystem")?,
                    })
                })?,
                name: f.string("name")?,
                path: f.opt_string("path")?,
            })
        })?,
        links: r.list("links", |l| {
            Ok(Link {
                filesystem: l.string("filesystem")?,
                group: l.opt_object("group", node_group)?,
                overwrite: l.opt_bool("overwrite")?,
                path: l.string("path")?,
                user: l.opt_object("user", node_user)?,
                hard: l.boolean("hard")?,
                target: l.string("target")?,
            })
        })?,
        raid: r.list("raid", |x| {
            Ok(Raid {
                devices: x.strings("devices")?,
                level: x.string("level")?,
                name: x.string("name")?,
                options: x.strings("options")?,
                spares: x.int("spares")?,
            })
        })?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_ct_prints() {
        let mut c = Config::new_2_3();
        c.storage.files.push(File {
            filesystem: "root".into(),
            path: "/etc/x".into(),
            overwrite: Some(false),
            user: Some(NodeUser {
                id: Some(0),
                name: String::new(),
            }),
            contents: FileContents {
                source: "data:,x".into(),
                ..FileContents::default()
            },
            mode: Some(420),
            ..File::default()
        });
        c.systemd.units.push(Unit {
            name: "a.service".into(),
            enabled: Some(false),
            ..Unit::default()
        });
        c.storage.raid.push(Raid {
            level: "raid1".into(),
            name: "md".into(),
            ..Raid::default()
        });
        let back = from_ignition_json(&c.to_json(true)).unwrap();
        assert_eq!(back, c);
        assert_eq!(back.to_json(false), c.to_json(false));
    }

    #[test]
    fn reports_wrong_types() {
        let err = from_ignition_json(r#"{"storage":{"files":[{"mode":"420"}]}}"#).unwrap_err();
        assert_eq!(err, "storage.files[0].mode: expected integer, found string");
        assert!(from_ignition_json("[]").is_err());
        assert!(from_ignition_json("{").is_err());
    }

    #[test]
    fn keys_match_case_insensitively() {
        let c = from_ignition_json(r#"{"Ignition":{"Version":"2.3.0"}}"#).unwrap();
        assert_eq!(c.ignition.version, "2.3.0");
    }
}
