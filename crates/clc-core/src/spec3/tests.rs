//! Rule-by-rule tests of the spec-3 view.

use super::translate::merge_unit;
use super::types::{Dropin31, Unit31};
use super::*;
use serde_json::{json, Value};

/// Translates a spec-2.3 config written as JSON.
fn run(config: Value) -> Spec3Outcome {
    let mut full = json!({"ignition": {"version": "2.3.0"}});
    if let (Value::Object(base), Value::Object(extra)) = (&mut full, config) {
        base.extend(extra);
    }
    translate_json(&full.to_string()).expect("readable config")
}

fn output(outcome: &Spec3Outcome) -> Value {
    assert!(
        outcome.failure.is_none(),
        "unexpected failure: {:?}",
        outcome.failure
    );
    serde_json::from_str(outcome.config.as_deref().expect("config")).expect("valid JSON")
}

fn failure(outcome: &Spec3Outcome) -> &BootFailure {
    outcome.failure.as_ref().expect("a failure")
}

fn paths(f: &BootFailure) -> Vec<String> {
    f.paths.iter().map(ToString::to_string).collect()
}

fn file(path: &str, extra: Value) -> Value {
    let mut f =
        json!({"filesystem": "root", "path": path, "contents": {"source": "data:,x"}, "mode": 420});
    if let (Value::Object(base), Value::Object(extra)) = (&mut f, extra) {
        base.extend(extra);
    }
    f
}

#[test]
fn empty_config_has_the_reference_shape() {
    let out = run(json!({}));
    assert_eq!(
        out.config.as_deref(),
        Some(concat!(
            "{\n",
            "  \"ignition\": {\n",
            "    \"config\": {\n",
            "      \"replace\": {\n",
            "        \"verification\": {}\n",
            "      }\n",
            "    },\n",
            "    \"proxy\": {},\n",
            "    \"security\": {\n",
            "      \"tls\": {}\n",
            "    },\n",
            "    \"timeouts\": {},\n",
            "    \"version\": \"3.1.0\"\n",
            "  },\n",
            "  \"passwd\": {},\n",
            "  \"storage\": {},\n",
            "  \"systemd\": {}\n",
            "}\n"
        ))
    );
    assert!(out.warnings.is_empty() && out.engine_warnings.is_empty());
}

#[test]
fn duplicate_files_are_refused() {
    let out = run(json!({"storage": {"files": [
        file("/etc/a", json!({})),
        file("/etc//b/../a", json!({})),
    ]}}));
    let f = failure(&out);
    assert_eq!(
        f.message,
        "unable to translate 2.x ignition to 3.1: Config has conflicting inodes: \"File: /etc/a\" and \"File: /etc/a\".  All files, directories and links must specify a unique `path`."
    );
    assert!(!f.crashes);
    assert_eq!(paths(f), ["storage.files[0]", "storage.files[1]"]);
    assert!(out.config.is_none());
}

#[test]
fn a_directory_may_not_share_a_files_path() {
    let out = run(json!({"storage": {
        "files": [file("/opt/x", json!({}))],
        "directories": [{"filesystem": "root", "path": "/opt/x/", "mode": 493}],
    }}));
    assert!(failure(&out)
        .message
        .contains("\"File: /opt/x\" and \"Directory: /opt/x\""));
}

#[test]
fn paths_below_own_links_are_refused() {
    let out = run(json!({"storage": {
        "files": [file("/opt/link/x", json!({}))],
        "links": [{"filesystem": "root", "path": "/opt/link", "target": "/srv"}],
    }}));
    let f = failure(&out);
    assert_eq!(
        f.message,
        "unable to translate 2.x ignition to 3.1: File: /opt/link/x uses link defined in config \"/opt/link\". Please use a link not defined in Storage:Links"
    );
    assert_eq!(paths(f), ["storage.files[0]", "storage.links[0]"]);
}

#[test]
fn duplicate_units_are_merged() {
    let out = run(json!({"systemd": {"units": [
        {"name": "a.service", "enabled": true, "contents": "[Service]\nExecStart=/bin/a\n[Install]\nWantedBy=multi-user.target\n",
         "dropins": [{"name": "10.conf", "contents": "[Unit]\nX=1\n"}, {"name": "20.conf", "contents": "[Unit]\nY=1\n"}]},
        {"name": "b.service", "mask": true},
        {"name": "a.service", "enabled": false, "mask": false,
         "dropins": [{"name": "20.conf", "contents": "[Unit]\nY=2\n"}, {"name": "30.conf"}]},
    ]}}));
    let v = output(&out);
    assert_eq!(
        v["systemd"]["units"],
        json!([
            {"contents": "[Service]\nExecStart=/bin/a\n[Install]\nWantedBy=multi-user.target\n",
             "dropins": [
                {"contents": "[Unit]\nX=1\n", "name": "10.conf"},
                {"contents": "[Unit]\nY=2\n", "name": "20.conf"},
                {"name": "30.conf"}],
             "enabled": false, "name": "a.service"},
            {"mask": true, "name": "b.service"},
        ])
    );
    assert!(out
        .notes
        .iter()
        .any(|n| n.path.to_string() == "systemd.units[2]" && n.message.contains("merged")));
}

#[test]
fn deprecated_enable_overrides_an_earlier_enabled_false() {
    let out = run(json!({"systemd": {"units": [
        {"name": "a.service", "enabled": false},
        {"name": "a.service", "enable": true},
        {"name": "b.service", "enable": true, "enabled": false},
    ]}}));
    let v = output(&out);
    assert_eq!(v["systemd"]["units"][0]["enabled"], json!(true));
    // An explicit `enabled: false` beats `enable: true` in one entry.
    assert_eq!(v["systemd"]["units"][1]["enabled"], json!(false));
}

#[test]
fn merge_unit_keeps_values_the_child_leaves_unset() {
    let parent = Unit31 {
        contents: Some("[Unit]\n".into()),
        enabled: Some(true),
        mask: Some(true),
        name: "u.service".into(),
        dropins: vec![Dropin31 {
            contents: Some("a".into()),
            name: "d.conf".into(),
        }],
    };
    let child = Unit31 {
        name: "u.service".into(),
        dropins: vec![Dropin31 {
            contents: None,
            name: "d.conf".into(),
        }],
        ..Unit31::default()
    };
    assert_eq!(merge_unit(parent.clone(), child), parent);
}

#[test]
fn duplicate_dropins_within_one_unit_are_refused() {
    let out = run(json!({"systemd": {"units": [
        {"name": "a.service", "dropins": [{"name": "x.conf"}, {"name": "x.conf"}]},
    ]}}));
    let f = failure(&out);
    assert_eq!(
        f.message,
        "unable to translate 2.x ignition to 3.1: Config has duplicate dropin name \"x.conf\" in unit \"a.service\".  All dropins must specify a unique `name`."
    );
    assert_eq!(paths(f), ["systemd.units[0].dropins[1]"]);
}

#[test]
fn duplicate_users_and_groups_fail_validation() {
    let out = run(json!({"passwd": {
        "users": [{"name": "core", "sshAuthorizedKeys": ["a"]}, {"name": "core", "sshAuthorizedKeys": ["b"]}],
        "groups": [{"name": "g"}, {"name": "g"}],
    }}));
    let f = failure(&out);
    assert_eq!(
        f.message,
        "unable to translate 2.x ignition to 3.1: error at $.passwd.groups.1: duplicate entry defined\nerror at $.passwd.users.1: duplicate entry defined\n"
    );
    assert_eq!(
        paths(f),
        [
            "passwd.groups[0]",
            "passwd.groups[1]",
            "passwd.users[0]",
            "passwd.users[1]"
        ]
    );
    assert!(f.explanation.contains("User \"core\""));
}

#[test]
fn duplicate_ssh_keys_and_config_sources_fail_validation() {
    let out = run(json!({
        "ignition": {"version": "2.3.0", "config": {"append": [
            {"source": "https://e.org/a.ign"}, {"source": "https://e.org/a.ign"}]}},
        "passwd": {"users": [{"name": "core", "sshAuthorizedKeys": ["k", "k"]}]},
    }));
    assert_eq!(
        failure(&out).message,
        "unable to translate 2.x ignition to 3.1: error at $.ignition.config.merge.1: duplicate entry defined\nerror at $.passwd.users.0.sshAuthorizedKeys.1: duplicate entry defined\n"
    );
    assert!(paths(failure(&out)).contains(&"ignition.config.append[1]".to_owned()));
}

#[test]
fn files_default_to_overwrite_and_appends_do_not() {
    let out = run(json!({"storage": {"files": [
        file("/a", json!({})),
        file("/b", json!({"overwrite": false})),
        file("/c", json!({"append": true, "contents": {"source": "data:,y", "compression": "", "verification": {}}})),
        {"filesystem": "root", "path": "/d"},
    ]}}));
    let v = output(&out);
    let files = &v["storage"]["files"];
    assert_eq!(files[0]["overwrite"], json!(true));
    assert_eq!(files[1]["overwrite"], json!(false));
    assert_eq!(files[2]["overwrite"], json!(false));
    assert_eq!(
        files[2]["append"],
        json!([{"source": "data:,y", "verification": {}}])
    );
    assert_eq!(files[2]["contents"], json!({"verification": {}}));
    // No contents at all: the source is still printed, empty.
    assert_eq!(
        files[3]["contents"],
        json!({"source": "", "verification": {}})
    );
    assert_eq!(files[3]["group"], json!({}));
    assert!(files[3].get("mode").is_none());
}

#[test]
fn directories_and_links_keep_overwrite_as_given() {
    let out = run(json!({"storage": {
        "directories": [{"filesystem": "root", "path": "/d"}],
        "links": [{"filesystem": "root", "path": "/l", "target": "/t", "overwrite": false}],
    }}));
    let v = output(&out);
    assert!(v["storage"]["directories"][0].get("overwrite").is_none());
    assert_eq!(v["storage"]["links"][0]["overwrite"], json!(false));
}

#[test]
fn networkd_units_become_files() {
    let out = run(json!({
        "storage": {"files": [file("/etc/x", json!({}))]},
        "networkd": {"units": [
            {"name": "00-eth0.network", "contents": "[Match]\nName=eth0 *,;?'\n"},
            {"name": "99.link", "dropins": [{"name": "mtu.conf", "contents": "[Link]\nMTUBytes=9000\n"}]},
        ]},
    }));
    let v = output(&out);
    let files = &v["storage"]["files"];
    assert_eq!(files[0]["path"], json!("/etc/x"));
    assert_eq!(
        files[1],
        json!({"group": {}, "overwrite": true, "path": "/etc/systemd/network/00-eth0.network", "user": {},
               "contents": {"source": "data:,%5BMatch%5D%0AName=eth0%20%2A%2C%3B%3F%27%0A", "verification": {}},
               "mode": 420})
    );
    assert_eq!(
        files[2]["path"],
        json!("/etc/systemd/network/99.link.d/mtu.conf")
    );
    assert_eq!(files.as_array().map(Vec::len), Some(3));
}

#[test]
fn repeated_networkd_units_collide() {
    let out = run(json!({"networkd": {"units": [
        {"name": "a.network", "contents": "[Match]\n"},
        {"name": "a.network", "contents": "[Match]\n"},
    ]}}));
    let f = failure(&out);
    assert_eq!(
        f.message,
        "unable to translate 2.x ignition to 3.1: error at $.storage.files.1: duplicate entry defined\n"
    );
    assert_eq!(paths(f), ["networkd.units[0]", "networkd.units[1]"]);
}

#[test]
fn networkd_file_colliding_with_a_directory() {
    let out = run(json!({
        "storage": {"directories": [{"filesystem": "root", "path": "/etc/systemd/network/a.network"}]},
        "networkd": {"units": [{"name": "a.network", "contents": "[Match]\n"}]},
    }));
    assert_eq!(
        failure(&out).message,
        "unable to translate 2.x ignition to 3.1: error at $.storage.files.0: duplicate entry defined\n"
    );
    assert_eq!(
        paths(failure(&out)),
        ["storage.directories[0]", "networkd.units[0]"]
    );
}

#[test]
fn filesystems_get_generated_mount_points() {
    let out = run(json!({"storage": {
        "filesystems": [
            {"name": "root", "mount": {"device": "/dev/sda9", "format": "ext4", "wipeFilesystem": true}},
            {"name": "data", "mount": {"device": "/dev/sdb", "format": "ext4"}},
            {"name": "oem", "mount": {"device": "/dev/disk/by-label/OEM", "format": "ext4"}},
            {"name": "OEM", "mount": {"device": "/dev/sdc", "format": "ext4", "label": "OEM"}},
            {"name": "data", "mount": {"device": "/dev/sdd", "format": "xfs"}},
            {"name": "wiped", "mount": {"device": "/dev/sde", "format": "vfat", "create": {"force": true, "options": ["-n", "X"]}, "options": ["-F"]}},
        ],
        "files": [
            file("/etc/a", json!({"filesystem": "data"})),
            file("/grub.cfg", json!({"filesystem": "oem"})),
            file("/b", json!({"filesystem": "undeclared"})),
        ],
    }}));
    let v = output(&out);
    let fss = &v["storage"]["filesystems"];
    assert_eq!(fss.as_array().map(Vec::len), Some(5), "root is dropped");
    assert_eq!(
        fss[0],
        json!({"device": "/dev/sdb", "format": "ext4", "path": "/tmp/data-ign1"})
    );
    assert_eq!(
        fss[1],
        json!({"device": "/dev/disk/by-label/OEM", "format": "btrfs", "path": "/oem"})
    );
    assert_eq!(
        fss[2],
        json!({"device": "/dev/sdc", "format": "btrfs", "label": "OEM", "path": "/tmp/OEM-ign3"})
    );
    assert_eq!(fss[3]["path"], json!("/tmp/data-ign1"));
    assert_eq!(
        fss[4],
        json!({"device": "/dev/sde", "format": "vfat", "options": ["-F", "-n", "X"],
               "path": "/tmp/wiped-ign4", "wipeFilesystem": true})
    );
    let files = &v["storage"]["files"];
    assert_eq!(files[0]["path"], json!("/tmp/data-ign1/etc/a"));
    assert_eq!(files[1]["path"], json!("/oem/grub.cfg"));
    assert_eq!(files[2]["path"], json!("/b"));
    assert!(out
        .notes
        .iter()
        .any(|n| n.path.to_string() == "storage.filesystems[3].mount.format"));
}

#[test]
fn a_wiped_oem_filesystem_keeps_its_format() {
    let out = run(json!({"storage": {"filesystems": [
        {"name": "oem", "mount": {"device": "/dev/sda6", "format": "ext4", "wipeFilesystem": true}},
    ]}}));
    assert_eq!(
        output(&out)["storage"]["filesystems"][0]["format"],
        json!("ext4")
    );
}

#[test]
fn create_without_force_is_refused() {
    let out = run(json!({"storage": {"filesystems": [
        {"name": "x", "mount": {"device": "/dev/sdb", "format": "ext4", "create": {"options": ["-L", "x"]}}},
    ]}}));
    assert_eq!(
        failure(&out).message,
        "unable to translate 2.x ignition to 3.1: Config must force filesystem creation in case `mount.create` object is defined."
    );
}

#[test]
fn a_path_filesystem_crashes_ignition() {
    let out = run(json!({"storage": {
        "filesystems": [
            {"name": "ok", "mount": {"device": "/dev/sdb", "format": "ext4"}},
            {"name": "mounted", "path": "/var/lib/mounted"},
        ],
        "directories": [{"filesystem": "mounted", "path": "/inside", "mode": 488}],
    }}));
    let f = failure(&out);
    assert!(f.crashes);
    assert_eq!(f.message, PANIC_MESSAGE);
    assert_eq!(paths(f), ["storage.filesystems[1]"]);
    assert!(out.config.is_none());
}

#[test]
fn raid_without_devices_fails_validation() {
    let out =
        run(json!({"storage": {"raid": [{"name": "md0", "level": "raid1", "devices": null}]}}));
    assert_eq!(
        failure(&out).message,
        "unable to translate 2.x ignition to 3.1: error at $.storage.raid.0.devices: raid devices required\n"
    );
    assert_eq!(paths(failure(&out)), ["storage.raid[0]"]);
}

#[test]
fn a_link_without_target_fails_in_the_engine() {
    let out =
        run(json!({"storage": {"links": [{"filesystem": "root", "path": "/l", "target": ""}]}}));
    let f = failure(&out);
    assert_eq!(f.message, ENGINE_MESSAGE);
    assert_eq!(
        f.details,
        ["error at $.storage.links.0.target: link target is required"]
    );
    assert_eq!(paths(f), ["storage.links[0]"]);
    // Spec 3.1 itself accepts it, so the translation is still shown.
    let v: Value = serde_json::from_str(out.config.as_deref().unwrap()).unwrap();
    assert_eq!(v["storage"]["links"][0]["target"], json!(""));
}

#[test]
fn special_mode_bits_warn_with_a_position_and_are_noted() {
    let out = run(json!({"storage": {"files": [file("/usr/local/bin/x", json!({"mode": 2541}))]}}));
    let text = out.config.as_deref().unwrap();
    assert_eq!(out.warnings.len(), 1);
    let w = &out.warnings[0];
    assert!(w.starts_with("warning at $.storage.files.0.mode, line 1 col "));
    assert!(w.ends_with(": setuid/setgid/sticky bits are not supported or functional in spec versions older than 3.6.0"));
    // The column points at the mode in the compact JSON.
    let col: usize = w["warning at $.storage.files.0.mode, line 1 col ".len()..]
        .split(':')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    // Nothing in this config has whitespace or HTML characters inside a
    // string, so dropping all whitespace gives Go's compact form.
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(compact[col - 1..].starts_with("2541}"), "{compact} @ {col}");
    assert!(out.engine_warnings.is_empty(), "3.6+ supports the bits");
    assert_eq!(
        out.notes.last().map(|n| n.path.to_string()).as_deref(),
        Some("storage.files[0].mode")
    );
    assert!(out
        .notes
        .last()
        .unwrap()
        .message
        .contains("04755 is applied as 0755"));
}

#[test]
fn hard_link_owners_warn_twice() {
    let out = run(json!({"storage": {"links": [
        {"filesystem": "root", "path": "/h", "target": "/etc/hosts", "hard": true, "user": {"id": 0}},
    ]}}));
    assert_eq!(out.warnings.len(), 1);
    assert!(out.warnings[0].starts_with("warning at $.storage.links.0.user.id, line 1 col "));
    assert_eq!(
        out.engine_warnings,
        ["warning at $.storage.links.0.user.id: user/group ignored for hard link"]
    );
}

#[test]
fn enabled_unit_without_install_section_warns() {
    let out = run(json!({"systemd": {"units": [
        {"name": "a.service", "enabled": true, "contents": "[Service]\nExecStart=/bin/true\n"},
    ]}}));
    assert_eq!(out.warnings.len(), 1);
    assert!(out.warnings[0].ends_with(
        ": unit \"a.service\" is enabled, but has no install section so enable does nothing"
    ));
    assert_eq!(out.engine_warnings.len(), 1);
}

#[test]
fn files_may_not_replace_units() {
    let out = run(json!({
        "storage": {"files": [file("/etc/systemd/system/a.service", json!({}))]},
        "systemd": {"units": [{"name": "a.service", "contents": "[Service]\n"}]},
    }));
    assert_eq!(
        failure(&out).message,
        "unable to translate 2.x ignition to 3.1: error at $.storage.files.0.path: path conflicts with systemd unit or dropin\n"
    );
    assert_eq!(
        paths(failure(&out)),
        ["storage.files[0]", "systemd.units[0]"]
    );
}

#[test]
fn oem_sources_are_accepted() {
    let out = run(
        json!({"storage": {"files": [file("/x", json!({"contents": {"source": "oem:///config.sh"}}))]}}),
    );
    assert!(out.failure.is_none());
}

#[test]
fn users_with_create_take_every_field_from_it() {
    let out = run(json!({"passwd": {"users": [
        {"name": "legacy", "passwordHash": "", "create": {"uid": 2000, "groups": ["wheel"], "shell": "/bin/zsh"}},
    ]}}));
    assert_eq!(
        output(&out)["passwd"]["users"][0],
        json!({"groups": ["wheel"], "name": "legacy", "passwordHash": "", "shell": "/bin/zsh", "uid": 2000})
    );
}

#[test]
fn timeouts_and_replace_pass_through() {
    let out = run(json!({"ignition": {"version": "2.3.0",
        "timeouts": {"httpTotal": 0},
        "config": {"replace": {"source": "https://e.org/c.ign", "verification": {}}}}}));
    let v = output(&out);
    assert_eq!(v["ignition"]["timeouts"], json!({"httpTotal": 0}));
    assert_eq!(
        v["ignition"]["config"],
        json!({"replace": {"source": "https://e.org/c.ign", "verification": {}}})
    );
}

#[test]
fn html_characters_are_not_escaped_in_the_output() {
    let out = run(json!({"storage": {"files": [file("/a<b>&c", json!({}))]}}));
    assert!(out.config.unwrap().contains("\"path\": \"/a<b>&c\""));
}
