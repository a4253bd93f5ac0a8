//! Flatcar runtime and kubelet tables as plain data, and what a merged config
//! makes of them.
//!
//! Lokomotive's Flatcar page (`docs/concepts/flatcar-container-linux.md`) has
//! three tables: Docker's runtime properties, the kubelet's conventional
//! directories and the kubelet's mounts. The static tables here put each
//! documented value beside what Lokomotive's templates and Flatcar really do
//! today, every row with its source. [`effective`] then reads a merged config
//! and says which of those values a snippet changed, and which paths the
//! config writes are visible inside the kubelet container.

mod effective;
mod systemd;

pub use effective::{
    effective, visibility, Effective, EffectiveDirectory, EffectiveRuntimeRow, Mount, Origin,
    PathKind, Seen, Visibility, WrittenPath,
};

/// The Lokomotive documentation page the tables come from.
pub const SEED_PAGE: &str =
    "Lokomotive docs, docs/concepts/flatcar-container-linux.md (kinvolk/lokomotive, last changed 9f932a79)";

/// What the kubelet's `docker run` mounts, and how.
const TEMPLATES: &str = "kubelet.service `docker run` in Lokomotive's templates: \
    assets/terraform-modules/node/templates/node.yaml.tmpl, \
    equinixmetal/flatcar-linux/kubernetes/{cl/controller,workers/cl/worker}.yaml.tmpl, \
    aws/flatcar-linux/kubernetes/{cl/controller,workers/cl/worker}.yaml.tmpl (kinvolk/lokomotive 541d5a84)";

/// Access from inside the container.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Access {
    ReadOnly,
    ReadWrite,
}

/// A Docker runtime property.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum RuntimeProperty {
    CgroupDriver,
    LoggingDriver,
    LogOptions,
    StorageDriver,
    LiveRestore,
}

/// One container runtime property: the documented value and the real one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuntimeRow {
    pub property: RuntimeProperty,
    /// `cgroup driver`, as the page names it.
    pub name: &'static str,
    /// The value on the page; None for properties the page does not list.
    pub documented: Option<&'static str>,
    pub documented_source: &'static str,
    /// What Lokomotive on Flatcar really does.
    pub actual: &'static str,
    pub actual_source: &'static str,
    /// The short value [`effective`] compares against.
    pub default: &'static str,
}

/// Docker's runtime properties on a Lokomotive node.
pub static RUNTIME: &[RuntimeRow] = &[
    RuntimeRow {
        property: RuntimeProperty::CgroupDriver,
        name: "cgroup driver",
        documented: Some("cgroupfs"),
        documented_source: SEED_PAGE,
        actual: "Not set by Lokomotive. Docker picks cgroupfs on cgroup v1 and systemd on \
            cgroup v2, which is Flatcar's default since 2969.0.0 (older nodes that updated stay \
            on v1 through kernel arguments in the OEM grub.cfg). Lokomotive copes by writing \
            Docker's driver into /etc/kubernetes/kubelet.config at every kubelet start \
            (/etc/kubernetes/configure-kubelet-cgroup-driver).",
        actual_source: "Flatcar docs, container-runtimes/switching-to-unified-cgroups.md; \
            Flatcar's docker.service leaves $DOCKER_CGROUPS unset; \
            configure-kubelet-cgroup-driver in Lokomotive's templates",
        default: "cgroupfs on cgroup v1, systemd on cgroup v2 (Flatcar ≥ 2969.0.0)",
    },
    RuntimeRow {
        property: RuntimeProperty::LoggingDriver,
        name: "logging driver",
        documented: Some("json-file"),
        documented_source: SEED_PAGE,
        actual: "json-file, Docker's default (Lokomotive's /etc/docker/daemon.json sets no \
            log-driver). The kubelet and etcd containers themselves are started with \
            --log-driver=journald.",
        actual_source: "/etc/docker/daemon.json and the kubelet/etcd units in Lokomotive's \
            templates (kinvolk/lokomotive 541d5a84)",
        default: "json-file",
    },
    RuntimeRow {
        property: RuntimeProperty::LogOptions,
        name: "log options",
        documented: None,
        documented_source: "not on the page",
        actual: "max-size=100m, max-file=3: json-file logs rotate at 100 MB, three files per \
            container, from Lokomotive's /etc/docker/daemon.json. Docker's own default keeps \
            one file that grows without limit.",
        actual_source: "/etc/docker/daemon.json in Lokomotive's templates \
            (kinvolk/lokomotive 541d5a84)",
        default: "max-size=100m, max-file=3",
    },
    RuntimeRow {
        property: RuntimeProperty::StorageDriver,
        name: "storage driver",
        documented: Some("overlay2"),
        documented_source: SEED_PAGE,
        actual: "overlay2, Docker's default on Flatcar; Lokomotive does not configure it.",
        actual_source: "/etc/docker/daemon.json in Lokomotive's templates has no \
            storage-driver (kinvolk/lokomotive 541d5a84)",
        default: "overlay2",
    },
    RuntimeRow {
        property: RuntimeProperty::LiveRestore,
        name: "live restore",
        documented: None,
        documented_source: "not on the page",
        actual: "true: containers keep running while dockerd restarts (Lokomotive's \
            /etc/docker/daemon.json, mode 0500). Docker's own default is false.",
        actual_source: "/etc/docker/daemon.json in Lokomotive's templates \
            (kinvolk/lokomotive 541d5a84)",
        default: "true",
    },
];

/// One of the kubelet's conventional directories.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DirectoryRow {
    /// `cni-conf-dir`, as the page names it.
    pub setting: &'static str,
    /// The kubelet flag: `--cni-conf-dir`.
    pub flag: &'static str,
    /// The host location on the page.
    pub documented: &'static str,
    /// What the templates confirm.
    pub confirmed: &'static str,
    /// What the kubelet (v1.21) uses when the flag is absent.
    pub kubelet_default: &'static str,
    pub source: &'static str,
}

/// The kubelet directories.
pub static DIRECTORIES: &[DirectoryRow] = &[
    DirectoryRow {
        setting: "cni-conf-dir",
        flag: "--cni-conf-dir",
        documented: "/etc/cni/net.d",
        confirmed: "--cni-conf-dir=/etc/cni/net.d in every template; the kubelet container \
            mounts the host's /etc/cni/net.d read-only (the page's mount table omits it).",
        kubelet_default: "/etc/cni/net.d",
        source: TEMPLATES,
    },
    DirectoryRow {
        setting: "pod-manifest-path",
        flag: "--pod-manifest-path",
        documented: "/etc/kubernetes/manifests",
        confirmed: "--pod-manifest-path=/etc/kubernetes/manifests in every template, created \
            by an ExecStartPre mkdir; visible read-only through the /etc/kubernetes mount.",
        kubelet_default: "none (no static pods)",
        source: TEMPLATES,
    },
    DirectoryRow {
        setting: "volume-plugin-dir",
        flag: "--volume-plugin-dir",
        documented: "/var/lib/kubelet/volumeplugins",
        confirmed: "--volume-plugin-dir=/var/lib/kubelet/volumeplugins in every template, \
            created by an ExecStartPre mkdir; visible read-write through the /var/lib/kubelet \
            mount (rshared).",
        kubelet_default: "/usr/libexec/kubernetes/kubelet-plugins/volume/exec/",
        source: TEMPLATES,
    },
];

/// One kubelet mount.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MountRow {
    /// Where the kubelet sees it.
    pub container_path: &'static str,
    /// What it is on the host.
    pub host_path: &'static str,
    /// The options exactly as written (empty when none are given).
    pub options: &'static str,
    pub access: Access,
    /// Mount propagation, when set: `rshared`.
    pub propagation: Option<&'static str>,
    /// What changed between the page and today.
    pub note: &'static str,
    pub source: &'static str,
}

/// The kubelet mounts exactly as the page lists them (the rkt `kubelet-wrapper`
/// era; rkt left Lokomotive in October 2020 and the table was not updated).
pub static SEED_MOUNTS: &[MountRow] = &[
    MountRow {
        container_path: "/etc/kubernetes",
        host_path: "/etc/kubernetes",
        options: "ro",
        access: Access::ReadOnly,
        propagation: None,
        note: "Still mounted read-only (`-v /etc/kubernetes:/etc/kubernetes:ro`). Flatcar's \
            rkt kubelet-wrapper had actually mounted it read-write.",
        source: SEED_PAGE,
    },
    MountRow {
        container_path: "/etc/ssl/certs",
        host_path: "/etc/ssl/certs",
        options: "ro",
        access: Access::ReadOnly,
        propagation: None,
        note: "Gone: the docker-run kubelet does not mount the host's certificates.",
        source: SEED_PAGE,
    },
    MountRow {
        container_path: "/usr/share/ca-certificates",
        host_path: "/usr/share/ca-certificates",
        options: "ro",
        access: Access::ReadOnly,
        propagation: None,
        note: "Gone: the docker-run kubelet does not mount the host's CA bundle.",
        source: SEED_PAGE,
    },
    MountRow {
        container_path: "/var/lib/kubelet",
        host_path: "/var/lib/kubelet",
        options: "recursive",
        access: Access::ReadWrite,
        propagation: None,
        note: "Now a bind mount with rshared propagation (`--mount type=bind,…,\
            bind-propagation=rshared`) instead of rkt's recursive volume.",
        source: SEED_PAGE,
    },
    MountRow {
        container_path: "/var/lib/docker",
        host_path: "/var/lib/docker",
        options: "",
        access: Access::ReadWrite,
        propagation: None,
        note: "No options on the page (rkt volumes were read-write unless marked read-only); still read-write, now marked `rw`.",
        source: SEED_PAGE,
    },
    MountRow {
        container_path: "/var/lib/cni",
        host_path: "/var/lib/cni",
        options: "",
        access: Access::ReadWrite,
        propagation: None,
        note: "No options on the page (rkt volumes were read-write unless marked read-only); still read-write, now marked `rw`.",
        source: SEED_PAGE,
    },
    MountRow {
        container_path: "/var/lib/calico",
        host_path: "/var/lib/calico",
        options: "",
        access: Access::ReadWrite,
        propagation: None,
        note: "Now read-only (`:ro`).",
        source: SEED_PAGE,
    },
    MountRow {
        container_path: "/var/log",
        host_path: "/var/log",
        options: "",
        access: Access::ReadWrite,
        propagation: None,
        note: "Narrowed: only /var/log/pods is mounted now (read-write).",
        source: SEED_PAGE,
    },
    MountRow {
        container_path: "/etc/os-release",
        host_path: "/usr/lib/os-release",
        options: "ro",
        access: Access::ReadOnly,
        propagation: None,
        note: "Unchanged: the host's /usr/lib/os-release, read-only, at /etc/os-release.",
        source: SEED_PAGE,
    },
    MountRow {
        container_path: "/run",
        host_path: "/run",
        options: "",
        access: Access::ReadWrite,
        propagation: None,
        note: "No options on the page (read-write under rkt); unchanged, now marked `rw`.",
        source: SEED_PAGE,
    },
    MountRow {
        container_path: "/lib/modules",
        host_path: "/lib/modules",
        options: "ro",
        access: Access::ReadOnly,
        propagation: None,
        note: "Unchanged: read-only.",
        source: SEED_PAGE,
    },
    MountRow {
        container_path: "/etc/resolv.conf",
        host_path: "/etc/resolv.conf",
        options: "",
        access: Access::ReadWrite,
        propagation: None,
        note: "Gone as a mount: with --network=host Docker gives the container its own copy \
            of the host's /etc/resolv.conf when it starts.",
        source: SEED_PAGE,
    },
    MountRow {
        container_path: "/opt/cni/bin",
        host_path: "/opt/cni/bin",
        options: "",
        access: Access::ReadWrite,
        propagation: None,
        note: "Now read-only (`:ro`).",
        source: SEED_PAGE,
    },
];

/// The kubelet mounts of today's `docker run` (all templates), plus
/// `--network=host --pid=host --privileged` and any
/// `kubelet_docker_extra_args` (shared node module only; empty by default).
pub static CURRENT_MOUNTS: &[MountRow] = &[
    MountRow {
        container_path: "/dev",
        host_path: "/dev",
        options: "rw",
        access: Access::ReadWrite,
        propagation: None,
        note: "New: not on the page.",
        source: TEMPLATES,
    },
    MountRow {
        container_path: "/etc/cni/net.d",
        host_path: "/etc/cni/net.d",
        options: "ro",
        access: Access::ReadOnly,
        propagation: None,
        note: "Not on the page (the rkt era mounted it too, through RKT_RUN_ARGS).",
        source: TEMPLATES,
    },
    MountRow {
        container_path: "/etc/kubernetes",
        host_path: "/etc/kubernetes",
        options: "ro",
        access: Access::ReadOnly,
        propagation: None,
        note: "As on the page.",
        source: TEMPLATES,
    },
    MountRow {
        container_path: "/etc/machine-id",
        host_path: "/etc/machine-id",
        options: "ro",
        access: Access::ReadOnly,
        propagation: None,
        note: "New: not on the page.",
        source: TEMPLATES,
    },
    MountRow {
        container_path: "/lib/modules",
        host_path: "/lib/modules",
        options: "ro",
        access: Access::ReadOnly,
        propagation: None,
        note: "As on the page.",
        source: TEMPLATES,
    },
    MountRow {
        container_path: "/run",
        host_path: "/run",
        options: "rw",
        access: Access::ReadWrite,
        propagation: None,
        note: "As on the page.",
        source: TEMPLATES,
    },
    MountRow {
        container_path: "/sys",
        host_path: "/sys",
        options: "rw",
        access: Access::ReadWrite,
        propagation: None,
        note: "New: not on the page.",
        source: TEMPLATES,
    },
    MountRow {
        container_path: "/opt/cni/bin",
        host_path: "/opt/cni/bin",
        options: "ro",
        access: Access::ReadOnly,
        propagation: None,
        note: "Now read-only; the page gives no options.",
        source: TEMPLATES,
    },
    MountRow {
        container_path: "/etc/os-release",
        host_path: "/usr/lib/os-release",
        options: "ro",
        access: Access::ReadOnly,
        propagation: None,
        note: "As on the page.",
        source: TEMPLATES,
    },
    MountRow {
        container_path: "/var/lib/calico",
        host_path: "/var/lib/calico",
        options: "ro",
        access: Access::ReadOnly,
        propagation: None,
        note: "Now read-only; the page gives no options.",
        source: TEMPLATES,
    },
    MountRow {
        container_path: "/var/lib/cni",
        host_path: "/var/lib/cni",
        options: "rw",
        access: Access::ReadWrite,
        propagation: None,
        note: "As on the page.",
        source: TEMPLATES,
    },
    MountRow {
        container_path: "/var/lib/docker",
        host_path: "/var/lib/docker",
        options: "rw",
        access: Access::ReadWrite,
        propagation: None,
        note: "As on the page.",
        source: TEMPLATES,
    },
    MountRow {
        container_path: "/var/log/pods",
        host_path: "/var/log/pods",
        options: "rw",
        access: Access::ReadWrite,
        propagation: None,
        note: "Replaces the page's whole /var/log.",
        source: TEMPLATES,
    },
    MountRow {
        container_path: "/mnt",
        host_path: "/mnt",
        options: "bind-propagation=rshared",
        access: Access::ReadWrite,
        propagation: Some("rshared"),
        note: "New: not on the page. Equinix Metal workers mount their data RAID here.",
        source: TEMPLATES,
    },
    MountRow {
        container_path: "/var/lib/kubelet",
        host_path: "/var/lib/kubelet",
        options: "bind-propagation=rshared",
        access: Access::ReadWrite,
        propagation: Some("rshared"),
        note: "The page's `recursive` (rkt) became a bind mount with rshared propagation.",
        source: TEMPLATES,
    },
];

#[cfg(test)]
mod tests;
