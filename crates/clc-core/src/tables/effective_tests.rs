use super::*;
use crate::merge::{merge, Document};
use crate::presets::{self, preset, PRESETS};

fn merged(id: &str, snippets: &[&str]) -> Merged {
    let p = preset(id).expect("preset");
    let user: Vec<Document<'_>> = snippets
        .iter()
        .enumerate()
        .map(|(i, s)| Document {
            name: format!("snippet {}", i + 1),
            text: s.as_bytes(),
        })
        .collect();
    presets::merge(p, &user, &Default::default())
}

fn view(id: &str, snippets: &[&str]) -> Effective {
    let m = merged(id, snippets);
    assert!(m.success(), "{:?}", m.error);
    effective(&m)
}

fn runtime(e: &Effective, property: RuntimeProperty) -> &EffectiveRuntimeRow {
    e.runtime
        .iter()
        .find(|r| r.property == property)
        .expect("row")
}

fn directory<'e>(e: &'e Effective, setting: &str) -> &'e EffectiveDirectory {
    e.kubelet_directories
        .iter()
        .find(|d| d.setting == setting)
        .expect("row")
}

fn written<'e>(e: &'e Effective, document: &str, path: &str) -> &'e WrittenPath {
    e.kubelet_paths
        .iter()
        .find(|w| w.document == document && w.path == path)
        .expect("written path")
}

/// Only `changed` differs from the defaults.
fn only_changed(e: &Effective, changed: &[RuntimeProperty]) {
    for r in &e.runtime {
        if !changed.contains(&r.property) {
            assert!(r.overridden_by.is_none(), "{r:?}");
            assert_eq!(r.effective, r.default);
        }
    }
}

#[test]
fn clean_presets_detect_nothing() {
    for p in PRESETS {
        let e = view(p.id, &[]);
        assert_eq!(e.runtime.len(), 5);
        only_changed(&e, &[]);
        for d in &e.kubelet_directories {
            assert!(d.overridden_by.is_none(), "{}: {d:?}", p.id);
            assert_eq!(d.effective, d.default);
        }
        assert_eq!(e.mounts.len(), CURRENT_MOUNTS.len(), "{}", p.id);
        let from = e.mounts_from.as_ref().expect("docker run found");
        assert_eq!(from.document, "base");
        assert!(e.notes.is_empty(), "{}: {:?}", p.id, e.notes);
        assert_eq!(
            directory(&e, "pod-manifest-path").seen.visibility,
            Visibility::ReadOnly
        );
        assert_eq!(
            directory(&e, "volume-plugin-dir").seen.visibility,
            Visibility::ReadWrite
        );
        let cni = directory(&e, "cni-conf-dir");
        assert_eq!(cni.seen.visibility, Visibility::ReadOnly);
        assert_eq!(cni.host_path.as_deref(), Some("/etc/cni/net.d"));
    }
}

#[test]
fn mounts_read_from_the_presets_equal_the_table() {
    let e = view("equinix-worker", &[]);
    for (m, row) in e.mounts.iter().zip(CURRENT_MOUNTS) {
        assert_eq!(m.container_path, row.container_path);
        assert_eq!(m.host_path, row.host_path);
        assert_eq!(m.options, row.options);
        assert_eq!(m.access, row.access);
    }
}

#[test]
fn docker_section_sets_the_logging_driver() {
    let e = view(
        "aws-worker",
        &["docker:\n  flags:\n    - --log-driver=journald\n"],
    );
    let row = runtime(&e, RuntimeProperty::LoggingDriver);
    assert_eq!(row.effective, "journald");
    let origin = row.overridden_by.as_ref().expect("override");
    assert_eq!(origin.document, "snippet 1");
    assert_eq!(origin.path.to_string(), "docker.flags");
    assert!(origin.detail.contains("--log-driver=journald"));
    assert!(origin.detail.contains("DOCKER_OPTS"));
    only_changed(&e, &[RuntimeProperty::LoggingDriver]);
}

#[test]
fn docker_drop_in_sets_storage_and_cgroup_drivers() {
    let snippet = r#"systemd:
  units:
    - name: docker.service
      dropins:
        - name: 10-storage.conf
          contents: |
            [Service]
            Environment="DOCKER_OPTS=--storage-driver btrfs --exec-opt native.cgroupdriver=systemd"
"#;
    let e = view("node-worker", &[snippet]);
    let storage = runtime(&e, RuntimeProperty::StorageDriver);
    assert_eq!(storage.effective, "btrfs");
    let origin = storage.overridden_by.as_ref().expect("override");
    assert_eq!(
        origin.path.to_string(),
        "systemd.units[0].dropins[0].contents"
    );
    assert!(origin.detail.contains("10-storage.conf"));
    let cgroup = runtime(&e, RuntimeProperty::CgroupDriver);
    assert_eq!(cgroup.effective, "systemd");
    assert_eq!(
        cgroup.overridden_by.as_ref().map(|o| o.document.as_str()),
        Some("snippet 1")
    );
    only_changed(
        &e,
        &[
            RuntimeProperty::StorageDriver,
            RuntimeProperty::CgroupDriver,
        ],
    );
}

#[test]
fn replaced_exec_start_is_read() {
    let snippet = r#"systemd:
  units:
    - name: docker.service
      dropins:
        - name: 50-exec.conf
          contents: |
            [Service]
            ExecStart=
            ExecStart=/usr/bin/dockerd --host=fd:// \
              --log-driver local
"#;
    let e = view("aws-controller", &[snippet]);
    let row = runtime(&e, RuntimeProperty::LoggingDriver);
    assert_eq!(row.effective, "local");
    assert!(row
        .overridden_by
        .as_ref()
        .expect("override")
        .detail
        .contains("ExecStart"));
}

#[test]
fn whole_docker_unit_and_file_drop_ins_are_read() {
    let unit = r#"systemd:
  units:
    - name: docker.service
      contents: |
        [Service]
        Type=notify
        ExecStart=/usr/bin/dockerd -s devicemapper --exec-opt=native.cgroupdriver=cgroupfs
        [Install]
        WantedBy=multi-user.target
"#;
    let e = view("node-worker", &[unit]);
    assert_eq!(
        runtime(&e, RuntimeProperty::StorageDriver).effective,
        "devicemapper"
    );
    assert_eq!(
        runtime(&e, RuntimeProperty::CgroupDriver).effective,
        "cgroupfs"
    );
    assert_eq!(
        runtime(&e, RuntimeProperty::StorageDriver)
            .overridden_by
            .as_ref()
            .map(|o| o.path.to_string()),
        Some("systemd.units[0].contents".into())
    );

    let file = r#"storage:
  files:
    - path: /etc/systemd/system/docker.service.d/30-live.conf
      filesystem: root
      mode: 0644
      contents:
        inline: |
          [Service]
          Environment=DOCKER_CGROUPS=--exec-opt=native.cgroupdriver=systemd
"#;
    let e = view("node-worker", &[file]);
    let row = runtime(&e, RuntimeProperty::CgroupDriver);
    assert_eq!(row.effective, "systemd");
    let origin = row.overridden_by.as_ref().expect("override");
    assert_eq!(origin.path.to_string(), "storage.files[0].contents");
    assert!(origin.detail.contains("DOCKER_CGROUPS"));
}

#[test]
fn daemon_json_from_a_snippet_replaces_the_base_one() {
    let snippet = r#"storage:
  files:
    - path: /etc/docker/daemon.json
      filesystem: root
      mode: 0644
      contents:
        inline: |
          {"log-driver": "journald", "storage-driver": "btrfs",
           "exec-opts": ["native.cgroupdriver=systemd"]}
"#;
    let e = view("equinix-worker", &[snippet]);
    assert_eq!(
        runtime(&e, RuntimeProperty::LoggingDriver).effective,
        "journald"
    );
    assert_eq!(
        runtime(&e, RuntimeProperty::StorageDriver).effective,
        "btrfs"
    );
    assert_eq!(
        runtime(&e, RuntimeProperty::CgroupDriver).effective,
        "systemd"
    );
    let logs = runtime(&e, RuntimeProperty::LogOptions);
    assert!(logs.effective.starts_with("none"));
    let origin = logs.overridden_by.as_ref().expect("override");
    assert_eq!(origin.document, "snippet 1");
    assert_eq!(origin.path.to_string(), "storage.files[0].contents");
    assert!(origin.detail.contains("replaces"), "{}", origin.detail);
    assert!(origin.detail.contains("`base`"), "{}", origin.detail);
    let live = runtime(&e, RuntimeProperty::LiveRestore);
    assert!(live.effective.starts_with("false"));
    assert!(live.overridden_by.is_some());
    for r in &e.runtime {
        assert!(r.overridden_by.is_some(), "{r:?}");
    }
}

#[test]
fn changed_log_options_are_detected() {
    let snippet = r#"storage:
  files:
    - path: /etc/docker/daemon.json
      filesystem: root
      mode: 0500
      contents:
        inline: '{"live-restore": true, "log-opts": {"max-size": "10m", "max-file": "3"}}'
"#;
    let e = view("aws-worker", &[snippet]);
    let logs = runtime(&e, RuntimeProperty::LogOptions);
    assert_eq!(logs.effective, "max-size=10m, max-file=3");
    assert!(logs.overridden_by.is_some());
    only_changed(&e, &[RuntimeProperty::LogOptions]);

    // The same values in another order are no change.
    let same = r#"storage:
  files:
    - path: /etc/docker/daemon.json
      filesystem: root
      mode: 0500
      contents:
        inline: '{"log-opts": {"max-file": "3", "max-size": "100m"}, "live-restore": true}'
"#;
    only_changed(&view("aws-worker", &[same]), &[]);
}

#[test]
fn uninspectable_daemon_json_is_reported() {
    let remote = r#"storage:
  files:
    - path: /etc/docker/daemon.json
      filesystem: root
      mode: 0644
      contents:
        remote:
          url: https://example.com/daemon.json
"#;
    let e = view("node-worker", &[remote]);
    let row = runtime(&e, RuntimeProperty::LoggingDriver);
    assert!(row.effective.starts_with("unknown"), "{}", row.effective);
    assert!(row.effective.contains("cannot be inspected"));
    assert_eq!(
        row.overridden_by.as_ref().map(|o| o.document.as_str()),
        Some("snippet 1")
    );
    assert!(e.notes.iter().any(|n| n.contains("fetched from https")));

    let gzip = r#"storage:
  files:
    - path: /etc/docker/daemon.json
      filesystem: root
      mode: 0644
      contents:
        remote:
          url: "data:;base64,H4sIAAAAAAAA/6uu5QIAbRg6zAMAAAA="
          compression: gzip
"#;
    let e = view("node-worker", &[gzip]);
    assert!(runtime(&e, RuntimeProperty::StorageDriver)
        .effective
        .contains("gzip-compressed"));
    assert!(e.notes.iter().any(|n| n.contains("gzip-compressed")));
}

#[test]
fn invalid_daemon_json_is_reported() {
    let snippet = r#"storage:
  files:
    - path: /etc/docker/daemon.json
      filesystem: root
      mode: 0644
      contents:
        inline: '{"log-driver": "journald",}'
"#;
    let e = view("node-worker", &[snippet]);
    for r in &e.runtime {
        if r.property == RuntimeProperty::CgroupDriver
            || r.property == RuntimeProperty::LoggingDriver
        {
            assert!(r.effective.contains("not valid JSON"), "{r:?}");
            assert!(r.overridden_by.is_some());
        }
    }
}

#[test]
fn flag_and_daemon_json_conflict() {
    let flags = "docker:\n  flags:\n    - --log-driver=journald\n    - --log-opt=max-size=1m\n";
    let e = view("node-worker", &[flags]);
    // The base's daemon.json sets log-opts: dockerd refuses to start.
    let logs = runtime(&e, RuntimeProperty::LogOptions);
    assert!(
        logs.effective.starts_with("dockerd does not start"),
        "{}",
        logs.effective
    );
    assert!(logs
        .overridden_by
        .as_ref()
        .expect("origin")
        .detail
        .contains("`base` also sets it"));
    // log-driver is only a flag: no conflict.
    assert_eq!(
        runtime(&e, RuntimeProperty::LoggingDriver).effective,
        "journald"
    );

    let json = r#"storage:
  files:
    - path: /etc/docker/daemon.json
      filesystem: root
      mode: 0644
      contents:
        inline: '{"storage-driver": "overlay2"}'
"#;
    let flag = "docker:\n  flags:\n    - --storage-driver=overlay2\n";
    let e = view("node-worker", &[json, flag]);
    let storage = runtime(&e, RuntimeProperty::StorageDriver);
    assert!(storage.effective.starts_with("dockerd does not start"));
    assert_eq!(
        storage.overridden_by.as_ref().map(|o| o.document.as_str()),
        Some("snippet 2")
    );
}

#[test]
fn kubelet_drop_in_changes_directories_and_mounts() {
    let snippet = r#"systemd:
  units:
    - name: kubelet.service
      dropins:
        - name: 20-manifests.conf
          contents: |
            [Service]
            ExecStartPre=
            ExecStartPre=/bin/mkdir -p /opt/manifests
            ExecStartPre=docker run --detach --name=kubelet \
              -v /etc/kubernetes:/etc/kubernetes:ro \
              ${KUBELET_IMAGE_URL}:${KUBELET_IMAGE_TAG} \
              --cni-conf-dir=/etc/cni/net.d \
              --pod-manifest-path /opt/manifests
"#;
    let e = view("node-controller", &[snippet]);
    let manifests = directory(&e, "pod-manifest-path");
    assert_eq!(manifests.effective, "/opt/manifests");
    let origin = manifests.overridden_by.as_ref().expect("override");
    assert_eq!(origin.document, "snippet 1");
    assert_eq!(
        origin.path.to_string(),
        "systemd.units[0].dropins[0].contents"
    );
    assert_eq!(manifests.seen.visibility, Visibility::NotVisible);
    assert!(manifests.host_path.is_none());
    let plugins = directory(&e, "volume-plugin-dir");
    assert!(plugins.effective.starts_with("not set"));
    assert!(plugins.overridden_by.is_some());
    let cni = directory(&e, "cni-conf-dir");
    assert!(cni.overridden_by.is_none());
    assert_eq!(cni.seen.visibility, Visibility::NotVisible);
    // The mounts now come from the snippet's docker run.
    assert_eq!(e.mounts.len(), 1);
    assert_eq!(
        e.mounts_from.as_ref().map(|o| o.document.as_str()),
        Some("snippet 1")
    );
    // /var/lib/kubelet is no longer mounted.
    let w = written(&e, "base", "/etc/kubernetes/kubelet.env");
    assert_eq!(w.visible_to_kubelet, Visibility::ReadOnly);
    let w = written(&e, "internal: bootkube", "/opt/bootkube/bootkube-start");
    assert_eq!(w.visible_to_kubelet, Visibility::NotVisible);
}

#[test]
fn controller_drop_in_alone_changes_nothing() {
    // The controller's own drop-in appends to ExecStartPre without a reset.
    let e = view("node-controller", &[]);
    let from = e.mounts_from.as_ref().expect("origin");
    assert_eq!(from.path.to_string(), "systemd.units[3].contents");
}

#[test]
fn whole_kubelet_unit_from_a_snippet() {
    let snippet = r#"systemd:
  units:
    - name: kubelet.service
      contents: |
        [Service]
        ExecStart=/usr/bin/docker run --name kubelet \
          --mount type=bind,source=/var/lib/kubelet,target=/var/lib/kubelet,bind-propagation=rshared \
          --mount type=bind,source=/etc/kubernetes,target=/etc/kubernetes,readonly \
          quay.io/kinvolk/kubelet:v1.21.4 \
          --cni-conf-dir=/etc/cni/net.d \
          --pod-manifest-path=/etc/kubernetes/manifests \
          --volume-plugin-dir=/var/lib/kubelet/plugins
"#;
    let e = view("aws-worker", &[snippet]);
    let plugins = directory(&e, "volume-plugin-dir");
    assert_eq!(plugins.effective, "/var/lib/kubelet/plugins");
    assert_eq!(plugins.seen.visibility, Visibility::ReadWrite);
    assert_eq!(
        plugins.host_path.as_deref(),
        Some("/var/lib/kubelet/plugins")
    );
    assert_eq!(
        plugins.overridden_by.as_ref().map(|o| o.path.to_string()),
        Some("systemd.units[0].contents".into())
    );
    assert!(directory(&e, "pod-manifest-path").overridden_by.is_none());
    assert_eq!(
        directory(&e, "pod-manifest-path").seen.visibility,
        Visibility::ReadOnly
    );
    assert_eq!(e.mounts.len(), 2);
    assert_eq!(e.mounts[1].access, Access::ReadOnly);
}

#[test]
fn cgroup_v1_kernel_arguments_are_detected() {
    let snippet = r#"storage:
  filesystems:
    - name: oem
      mount:
        device: /dev/disk/by-label/OEM
        format: ext4
  files:
    - path: /grub.cfg
      filesystem: oem
      mode: 0644
      append: true
      contents:
        inline: |
          set linux_append="$linux_append systemd.unified_cgroup_hierarchy=0 systemd.legacy_systemd_cgroup_controller"
"#;
    let e = view("node-worker", &[snippet]);
    let row = runtime(&e, RuntimeProperty::CgroupDriver);
    assert!(row.effective.starts_with("cgroupfs (cgroup v1"));
    assert_eq!(
        row.overridden_by.as_ref().map(|o| o.path.to_string()),
        Some("storage.files[0].contents".into())
    );
    let w = written(&e, "snippet 1", "/grub.cfg");
    assert_eq!(w.host_path.as_deref(), Some("/usr/share/oem/grub.cfg"));
    assert_eq!(w.visible_to_kubelet, Visibility::NotVisible);
    // Equinix workers' own grub.cfg line is not about cgroups.
    only_changed(&view("equinix-worker", &[]), &[]);
}

#[test]
fn visibility_of_written_paths() {
    let snippet = r#"storage:
  files:
    - path: /etc/kubernetes/x
      filesystem: root
      mode: 0644
    - path: /var/lib/kubelet/x
      filesystem: root
      mode: 0644
    - path: /opt/bin/x
      filesystem: root
      mode: 0755
    - path: /etc/cni/net.d/10.conf
      filesystem: root
      mode: 0644
    - path: /etc/resolv.conf
      filesystem: root
      mode: 0644
  directories:
    - path: /var/log/pods/extra
      filesystem: root
      mode: 0755
  links:
    - path: /usr/lib/os-release
      filesystem: root
      target: /etc/other
"#;
    let e = view("aws-worker", &[snippet]);
    let check = |path: &str, expected: Visibility, container: Option<&str>| {
        let w = written(&e, "snippet 1", path);
        assert_eq!(w.visible_to_kubelet, expected, "{path}");
        assert_eq!(w.container_path.as_deref(), container, "{path}");
        w
    };
    let w = check(
        "/etc/kubernetes/x",
        Visibility::ReadOnly,
        Some("/etc/kubernetes/x"),
    );
    assert_eq!(
        w.via.as_ref().map(|m| m.host_path.as_str()),
        Some("/etc/kubernetes")
    );
    assert_eq!(w.kind, PathKind::File);
    assert_eq!(w.config_path.to_string(), "storage.files[0]");
    check(
        "/var/lib/kubelet/x",
        Visibility::ReadWrite,
        Some("/var/lib/kubelet/x"),
    );
    check("/opt/bin/x", Visibility::NotVisible, None);
    let w = check(
        "/etc/cni/net.d/10.conf",
        Visibility::ReadOnly,
        Some("/etc/cni/net.d/10.conf"),
    );
    assert_eq!(
        w.via.as_ref().map(|m| m.host_path.as_str()),
        Some("/etc/cni/net.d")
    );
    let w = check("/etc/resolv.conf", Visibility::NotVisible, None);
    assert!(w.note.as_deref().unwrap_or("").contains("own copy"));
    let w = check(
        "/var/log/pods/extra",
        Visibility::ReadWrite,
        Some("/var/log/pods/extra"),
    );
    assert_eq!(w.kind, PathKind::Directory);
    assert_eq!(w.config_path.to_string(), "storage.directories[0]");
    let w = check(
        "/usr/lib/os-release",
        Visibility::ReadOnly,
        Some("/etc/os-release"),
    );
    assert_eq!(w.kind, PathKind::Link);
    assert!(w.note.as_deref().unwrap_or("").contains("read-only USR"));
}

#[test]
fn visibility_uses_the_longest_host_prefix() {
    let mounts: Vec<Mount> = CURRENT_MOUNTS.iter().map(Mount::from_row).collect();
    let seen = visibility("/usr/lib/os-release", &mounts);
    assert_eq!(seen.visibility, Visibility::ReadOnly);
    assert_eq!(seen.container_path.as_deref(), Some("/etc/os-release"));
    assert_eq!(
        visibility("/etc/kubernetes", &mounts).visibility,
        Visibility::ReadOnly
    );
    assert_eq!(
        visibility("/var/log/messages", &mounts).visibility,
        Visibility::NotVisible
    );
    assert_eq!(
        visibility("/var/lib/kubeletx/a", &mounts).visibility,
        Visibility::NotVisible
    );
    assert_eq!(
        visibility("/etc/os-release", &mounts).visibility,
        Visibility::NotVisible
    );
    assert_eq!(
        visibility("/mnt/disk/x", &mounts).visibility,
        Visibility::ReadWrite
    );
    let nested = vec![
        Mount {
            container_path: "/a".into(),
            host_path: "/a".into(),
            options: "rw".into(),
            access: Access::ReadWrite,
        },
        Mount {
            container_path: "/b".into(),
            host_path: "/a/b".into(),
            options: "ro".into(),
            access: Access::ReadOnly,
        },
    ];
    let seen = visibility("/a/b/c", &nested);
    assert_eq!(seen.visibility, Visibility::ReadOnly);
    assert_eq!(seen.container_path.as_deref(), Some("/b/c"));
    assert_eq!(
        visibility("/a/bc", &nested).visibility,
        Visibility::ReadWrite
    );
}

#[test]
fn failed_documents_are_left_out_with_a_note() {
    let m = merged(
        "node-worker",
        &["storage:\n  files:\n    - path: relative\n"],
    );
    assert!(!m.success());
    let e = effective(&m);
    assert!(e.notes.iter().any(|n| n.contains("provider rejects")));
    assert!(e
        .notes
        .iter()
        .any(|n| n.contains("`snippet 1` did not convert")));
    only_changed(&e, &[]);
}

#[test]
fn snippet_alone_falls_back_to_lokomotives_tables() {
    let docs = [Document {
        name: "snippet".into(),
        text: b"storage:\n  files:\n    - path: /etc/kubernetes/a\n      filesystem: root\n      mode: 0644\n",
    }];
    let e = effective(&merge(&docs, &Default::default()));
    assert!(e.mounts_from.is_none());
    assert_eq!(e.mounts.len(), CURRENT_MOUNTS.len());
    assert_eq!(e.kubelet_paths[0].visible_to_kubelet, Visibility::ReadOnly);
    assert!(e
        .notes
        .iter()
        .any(|n| n.contains("No /etc/docker/daemon.json")));
    assert!(e
        .notes
        .iter()
        .any(|n| n.contains("No kubelet `docker run`")));
    for d in &e.kubelet_directories {
        assert!(d.overridden_by.is_none());
    }
}

#[test]
fn data_urls_decode() {
    assert_eq!(
        decode_data_url("data:,a%20b%2C").as_deref(),
        Ok(&b"a b,"[..])
    );
    assert_eq!(
        decode_data_url("data:text/plain;base64,aGVsbG8=").as_deref(),
        Ok(&b"hello"[..])
    );
    assert!(decode_data_url("data:,%zz").is_err());
    assert!(decode_data_url("data:nocomma").is_err());
    assert!(decode_data_url("data:;base64,a$").is_err());
}
