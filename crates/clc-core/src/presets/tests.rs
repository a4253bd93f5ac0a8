use super::*;
use crate::ignition::types::{Config, File, Unit};
use crate::transpile::transpile;
use std::collections::HashSet;

fn merged_config(p: &Preset) -> Config {
    let merged = merge(p, &[], &Options::default());
    assert!(merged.success(), "{}: {:?}", p.id, merged.error);
    merged.config.expect("config")
}

fn units<'c>(c: &'c Config, name: &str) -> Vec<&'c Unit> {
    c.systemd.units.iter().filter(|u| u.name == name).collect()
}

fn files<'c>(c: &'c Config, path: &str) -> Vec<&'c File> {
    c.storage.files.iter().filter(|f| f.path == path).collect()
}

#[test]
fn ids_are_unique_and_found() {
    let mut seen = HashSet::new();
    for p in PRESETS {
        assert!(seen.insert(p.id), "duplicate id {}", p.id);
        assert_eq!(preset(p.id).map(|q| q.id), Some(p.id));
        assert!(!p.title.is_empty() && !p.description.is_empty() && !p.source.is_empty());
    }
    for id in [
        "node-controller",
        "node-worker",
        "equinix-controller",
        "equinix-worker",
        "aws-controller",
        "aws-worker",
    ] {
        assert!(preset(id).is_some(), "{id} missing");
    }
    assert!(preset("gcp-worker").is_none());
}

#[test]
fn every_part_transpiles_under_its_platform() {
    for p in PRESETS {
        assert!(matches!(
            p.platform_choice(),
            PlatformChoice::None | PlatformChoice::Known(_)
        ));
        for part in p.parts() {
            let t = transpile(part.text.as_bytes(), &p.options());
            assert!(t.success(), "{} / {}: {:?}", p.id, part.name, t.diagnostics);
            assert!(
                t.diagnostics.iter().all(|d| !d.is_error()),
                "{} / {}",
                p.id,
                part.name
            );
        }
    }
}

#[test]
fn every_preset_merges_without_user_snippets() {
    for p in PRESETS {
        let c = merged_config(p);
        assert_eq!(c.ignition.version, "2.3.0");
        // Facts every Lokomotive node shares.
        assert_eq!(units(&c, "docker.service").len(), 1, "{}", p.id);
        let kubelet = units(&c, "kubelet.service");
        assert!(!kubelet.is_empty(), "{}", p.id);
        let contents = &kubelet[0].contents;
        for flag in [
            "--cni-conf-dir=/etc/cni/net.d",
            "--pod-manifest-path=/etc/kubernetes/manifests",
            "--volume-plugin-dir=/var/lib/kubelet/volumeplugins",
            "-v /usr/lib/os-release:/etc/os-release:ro",
            "bind-propagation=rshared",
        ] {
            assert!(contents.contains(flag), "{}: {flag}", p.id);
        }
        let daemon = files(&c, "/etc/docker/daemon.json");
        assert_eq!(daemon.len(), 1, "{}", p.id);
        assert_eq!(daemon[0].mode, Some(0o500), "{}", p.id);
        assert_eq!(c.passwd.users.len(), 1, "{}", p.id);
        assert_eq!(c.passwd.users[0].name, "core");
        assert!(c.passwd.users[0].ssh_authorized_keys[0].ends_with("user@example"));
        let watches = files(&c, "/etc/sysctl.d/max-user-watches.conf");
        assert_eq!(watches.len(), 1, "{}", p.id);
        assert_eq!(watches[0].mode, Some(0o644), "{}", p.id);
        match p.role {
            Role::Controller => {
                assert_eq!(units(&c, "etcd.service").len(), 1, "{}", p.id);
                assert_eq!(units(&c, "bootkube.service").len(), 1, "{}", p.id);
                assert!(!files(&c, "/etc/kubernetes/etcd.env").is_empty());
            }
            Role::Worker => {
                assert!(units(&c, "etcd.service").is_empty(), "{}", p.id);
                assert_eq!(units(&c, "iscsid.service").len(), 1, "{}", p.id);
                assert_eq!(files(&c, "/etc/kubernetes/kubeconfig").len(), 1);
            }
        }
    }
}

#[test]
fn user_snippets_go_between_internal_snippets_and_extras() {
    let p = preset("node-controller").expect("preset");
    let user = [
        Document {
            name: "snippet 1".into(),
            text: b"systemd:\n  units:\n    - name: a.service\n      mask: true\n",
        },
        Document {
            name: "snippet 2".into(),
            text: b"systemd:\n  units:\n    - name: b.service\n      mask: true\n",
        },
    ];
    let docs = documents(p, &user);
    let names: Vec<&str> = docs.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "base",
            "internal: kubelet drop-in",
            "internal: bootkube",
            "internal: etcd",
            "snippet 1",
            "snippet 2",
            "platform: bare metal",
        ]
    );
    assert_eq!(user_range(p, user.len()), 4..6);
    let merged = merge(p, &user, &Options::default());
    // Only the user's snippets are checked for Terraform hazards.
    for d in &merged.documents {
        let hazards = d
            .transpiled
            .diagnostics
            .iter()
            .filter(|x| x.code.starts_with("terraform"))
            .count();
        assert_eq!(hazards, 0, "{}", d.name);
    }
    let c = merged.config.expect("merged");
    let position = |name: &str| c.systemd.units.iter().position(|u| u.name == name);
    assert!(position("etcd.service") < position("a.service"));
    assert!(position("a.service") < position("b.service"));
    // The bare-metal hostname comes after everything the user wrote.
    assert_eq!(
        c.storage.files.last().map(|f| f.path.as_str()),
        Some("/etc/hostname")
    );

    // Presets without internal snippets or extras: base, then the user's.
    let p = preset("aws-worker").expect("preset");
    let docs = documents(p, &user);
    let names: Vec<&str> = docs.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["base", "snippet 1", "snippet 2"]);
    assert_eq!(user_range(p, 2), 1..3);
}

#[test]
fn node_controller_facts() {
    let c = merged_config(preset("node-controller").expect("preset"));
    let kubelet = units(&c, "kubelet.service");
    assert_eq!(kubelet.len(), 2, "base unit plus the controller drop-in");
    assert_eq!(kubelet[1].dropins[0].name, "10-controller.conf");
    assert!(files(&c, "/etc/kubernetes/kubeconfig").is_empty());
    let env = files(&c, "/etc/kubernetes/etcd.env");
    assert!(env[0]
        .contents
        .source
        .contains("mycluster-etcd0.example.com"));
    let bootkube = files(&c, "/opt/bootkube/bootkube-start");
    assert_eq!(bootkube[0].mode, Some(0o544));
    assert_eq!(bootkube[0].user.as_ref().and_then(|u| u.id), Some(500));
    assert_eq!(
        files(&c, "/etc/hostname")[0].contents.source,
        "data:,mycluster-controller-0"
    );
    // ct drops the extras' misplaced top-level `filesystems:`.
    assert!(c.storage.filesystems.is_empty());
}

#[test]
fn bare_metal_extras_warn_about_top_level_filesystems() {
    let p = preset("node-worker").expect("preset");
    let t = transpile(p.platform_extras[0].text.as_bytes(), &p.options());
    assert!(t.success());
    assert!(t
        .diagnostics
        .iter()
        .any(|d| d.message == "Config has unrecognized key: filesystems"));
}

#[test]
fn node_worker_facts() {
    let c = merged_config(preset("node-worker").expect("preset"));
    let kubeconfig = files(&c, "/etc/kubernetes/kubeconfig");
    assert_eq!(kubeconfig[0].mode, Some(0o600));
    assert!(kubeconfig[0]
        .contents
        .source
        .contains("abcdef.0123456789abcdef"));
    let iscsid = units(&c, "iscsid.service");
    assert_eq!(iscsid[0].enabled, Some(true));
    assert_eq!(iscsid[0].dropins[0].name, "00-iscsid.conf");
    assert!(units(&c, "delete-node.service")[0].enable);
}

#[test]
fn equinix_controller_facts() {
    let c = merged_config(preset("equinix-controller").expect("preset"));
    assert_eq!(units(&c, "etcd.service").len(), 1);
    assert_eq!(units(&c, "create-etcd-config.service").len(), 1);
    assert_eq!(units(&c, "coreos-metadata.service").len(), 1);
    assert!(units(&c, "coreos-metadata-sshkeys@core.service")[0].mask);
    let iptables = units(&c, "iptables-restore.service");
    assert!(iptables[0].enable && iptables[0].enabled == Some(true));
    assert!(units(&c, "kubelet.service")[0]
        .contents
        .contains("--node-ip=${COREOS_PACKET_IPV4_PRIVATE_0}"));
    assert_eq!(files(&c, "/etc/kubernetes/kubeconfig")[0].mode, Some(0o644));
    assert!(!files(&c, "/var/lib/iptables/rules-save").is_empty());
}

#[test]
fn equinix_worker_facts() {
    let c = merged_config(preset("equinix-worker").expect("preset"));
    assert_eq!(units(&c, "docker.service").len(), 1);
    let grub = files(&c, "/grub.cfg");
    assert_eq!(grub.len(), 1);
    assert_eq!(grub[0].filesystem, "OEM");
    assert!(grub[0].append);
    assert!(grub[0].contents.source.contains("raid0.default_layout%3D2"));
    let oem = &c.storage.filesystems[0];
    assert_eq!(oem.name, "OEM");
    assert_eq!(
        oem.mount.as_ref().map(|m| m.device.as_str()),
        Some("/dev/disk/by-label/OEM")
    );
    assert_eq!(units(&c, "persist-data-raid.service").len(), 1);
    assert!(units(&c, "kubelet.service")[0]
        .contents
        .contains("metallb.lokomotive.io/src-address"));
}

#[test]
fn aws_facts() {
    let c = merged_config(preset("aws-controller").expect("preset"));
    assert_eq!(units(&c, "etcd.service").len(), 1);
    assert!(files(&c, "/etc/kubernetes/kubeconfig").is_empty());
    assert!(units(&c, "coreos-metadata.service").is_empty());
    let c = merged_config(preset("aws-worker").expect("preset"));
    assert!(files(&c, "/etc/kubernetes/kubeconfig")[0]
        .contents
        .source
        .contains("mycluster.example.com"));
    assert_eq!(units(&c, "delete-node.service").len(), 1);
}
