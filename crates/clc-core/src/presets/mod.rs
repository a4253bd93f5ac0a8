//! Lokomotive base configs as plain data.
//!
//! Each [`Preset`] is one kind of Lokomotive node: the Container Linux Config
//! Lokomotive's Terraform modules render for it (the *base*), the snippets
//! Lokomotive adds itself before the user's (*internal snippets*), and those it
//! adds after them (*platform extras*). The terraform ct provider transpiles
//! every document alone and appends them in that order:
//!
//! ```text
//! base → internal snippets → user snippets → platform extras
//! ```
//!
//! [`documents`] lays a preset out around the user's snippets in that order,
//! ready for [`crate::merge::merge`].
//!
//! The YAML is the *rendered* text: Terraform template variables are filled
//! with Lokomotive's defaults (kubelet v1.21.4, cluster DNS 10.3.0.10, domain
//! `cluster.local`, TLS bootstrap on, amd64), `$${X}` has become `${X}`, and
//! values without a default use obvious placeholders: cluster `mycluster`, DNS
//! zone `example.com`, one controller (index 0), SSH key `… user@example`,
//! bootstrap token `abcdef.0123456789abcdef`, a fake CA.

use crate::merge::{merge_with, Document, Merged};
use crate::platform::PlatformChoice;
use crate::transpile::Options;

/// A named piece of Container Linux Config text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NamedText {
    /// How the document is named in diagnostics: `internal: etcd`.
    pub name: &'static str,
    /// Container Linux Config YAML.
    pub text: &'static str,
}

/// Which kind of node a preset configures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    Controller,
    Worker,
}

/// One Lokomotive node config.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preset {
    /// `equinix-worker`.
    pub id: &'static str,
    pub title: &'static str,
    pub role: Role,
    /// The `platform` Lokomotive passes to ct_config: `"packet"` or `""`.
    pub platform: &'static str,
    pub description: &'static str,
    /// The rendered base template (ct_config `content`).
    pub base: &'static str,
    /// Snippets Lokomotive puts before the user's.
    pub internal_snippets: &'static [NamedText],
    /// Snippets the platform puts after the user's.
    pub platform_extras: &'static [NamedText],
    /// Where the facts come from.
    pub source: &'static str,
}

/// The name of the base document in [`documents`].
pub const BASE_NAME: &str = "base";

static NODE_CONTROLLER_INTERNAL: &[NamedText] = &[
    NamedText {
        name: "internal: kubelet drop-in",
        text: include_str!("yaml/node-controller-kubelet.yaml"),
    },
    NamedText {
        name: "internal: bootkube",
        text: include_str!("yaml/node-controller-bootkube.yaml"),
    },
    NamedText {
        name: "internal: etcd",
        text: include_str!("yaml/node-controller-etcd.yaml"),
    },
];

static NODE_WORKER_INTERNAL: &[NamedText] = &[
    NamedText {
        name: "internal: iscsid",
        text: include_str!("yaml/node-worker-iscsid.yaml"),
    },
    NamedText {
        name: "internal: kubeconfig",
        text: include_str!("yaml/node-worker-kubeconfig.yaml"),
    },
];

/// Every preset.
pub static PRESETS: &[Preset] = &[
    Preset {
        id: "node-controller",
        title: "Shared node template: controller (bare metal)",
        role: Role::Controller,
        platform: "",
        description: "The controller config of Lokomotive's shared `controller` module, used by \
            the bare-metal (Matchbox) and Tinkerbell platforms: Docker, the kubelet in a Docker \
            container, wait-for-dns, delete-node, Docker's daemon.json. Lokomotive then adds a \
            kubelet drop-in, bootkube and etcd before the user's snippets; bare metal adds the \
            machine's hostname and a flag file after them (and a top-level `filesystems:` key \
            that ct ignores with a warning). No /etc/kubernetes/kubeconfig: Terraform copies it \
            over SSH once the controller is up.",
        base: include_str!("yaml/node-controller.yaml"),
        internal_snippets: NODE_CONTROLLER_INTERNAL,
        platform_extras: &[NamedText {
            name: "platform: bare metal",
            text: include_str!("yaml/bare-metal-controller.yaml"),
        }],
        source: "Lokomotive assets/terraform-modules/node/templates/node.yaml.tmpl, \
            controller/main.tf, controller/templates/{bootkube,etcd}.yaml.tmpl, \
            bare-metal/flatcar-linux/kubernetes/{controller,ssh}.tf (kinvolk/lokomotive 541d5a84)",
    },
    Preset {
        id: "node-worker",
        title: "Shared node template: worker (bare metal)",
        role: Role::Worker,
        platform: "",
        description: "The worker config of Lokomotive's shared `worker` module, used by the \
            bare-metal (Matchbox) and Tinkerbell platforms: Docker, the kubelet in a Docker \
            container, wait-for-dns, delete-node, Docker's daemon.json, default label \
            node.kubernetes.io/node. Lokomotive then adds iscsid and the TLS-bootstrap \
            kubeconfig before the user's snippets; bare metal adds the machine's hostname and a \
            flag file after them (and a top-level `filesystems:` key that ct ignores with a \
            warning).",
        base: include_str!("yaml/node-worker.yaml"),
        internal_snippets: NODE_WORKER_INTERNAL,
        platform_extras: &[NamedText {
            name: "platform: bare metal",
            text: include_str!("yaml/bare-metal-worker.yaml"),
        }],
        source: "Lokomotive assets/terraform-modules/node/templates/node.yaml.tmpl, \
            worker/main.tf, node/templates/bootstrap-kubeconfig.yaml.tmpl, \
            bare-metal/flatcar-linux/kubernetes/worker.tf (kinvolk/lokomotive 541d5a84)",
    },
    Preset {
        id: "equinix-controller",
        title: "Equinix Metal controller",
        role: Role::Controller,
        platform: "packet",
        description: "Lokomotive's self-contained Equinix Metal controller config: etcd and \
            bootkube inline, the metadata agent (kubelet and etcd listen on the private IPv4 \
            from /run/metadata/flatcar), an iptables firewall, wait-for-dns polling the \
            API server's private record, Docker's daemon.json, the TLS-bootstrap kubeconfig. \
            Transpiled with platform `packet`; no internal snippets or platform extras.",
        base: include_str!("yaml/equinix-controller.yaml"),
        internal_snippets: &[],
        platform_extras: &[],
        source: "Lokomotive assets/terraform-modules/equinixmetal/flatcar-linux/kubernetes/\
            cl/controller.yaml.tmpl and controllers.tf (kinvolk/lokomotive 541d5a84)",
    },
    Preset {
        id: "equinix-worker",
        title: "Equinix Metal worker",
        role: Role::Worker,
        platform: "packet",
        description: "Lokomotive's self-contained Equinix Metal worker config: the metadata \
            agent, an iptables firewall, iscsid, the data-RAID service, RAID 0 layout settings \
            including a line appended to grub.cfg on the OEM partition, Docker's daemon.json, \
            the TLS-bootstrap kubeconfig. Transpiled with platform `packet`; no internal \
            snippets or platform extras.",
        base: include_str!("yaml/equinix-worker.yaml"),
        internal_snippets: &[],
        platform_extras: &[],
        source: "Lokomotive assets/terraform-modules/equinixmetal/flatcar-linux/kubernetes/\
            workers/cl/worker.yaml.tmpl and workers/workers.tf (kinvolk/lokomotive 541d5a84)",
    },
    Preset {
        id: "aws-controller",
        title: "AWS controller",
        role: Role::Controller,
        platform: "",
        description: "Lokomotive's self-contained AWS controller config: etcd and bootkube \
            inline, the kubelet in a Docker container, wait-for-dns, Docker's daemon.json. No \
            /etc/kubernetes/kubeconfig: Terraform copies it over SSH once the controller is up. \
            Transpiled without a platform; no internal snippets or platform extras.",
        base: include_str!("yaml/aws-controller.yaml"),
        internal_snippets: &[],
        platform_extras: &[],
        source: "Lokomotive assets/terraform-modules/aws/flatcar-linux/kubernetes/\
            cl/controller.yaml.tmpl, controllers.tf and ssh.tf (kinvolk/lokomotive 541d5a84)",
    },
    Preset {
        id: "aws-worker",
        title: "AWS worker",
        role: Role::Worker,
        platform: "",
        description: "Lokomotive's self-contained AWS worker config: the kubelet in a Docker \
            container, iscsid, wait-for-dns, delete-node, Docker's daemon.json, the \
            TLS-bootstrap kubeconfig. Transpiled without a platform; no internal snippets or \
            platform extras.",
        base: include_str!("yaml/aws-worker.yaml"),
        internal_snippets: &[],
        platform_extras: &[],
        source: "Lokomotive assets/terraform-modules/aws/flatcar-linux/kubernetes/\
            workers/cl/worker.yaml.tmpl and workers/workers.tf (kinvolk/lokomotive 541d5a84)",
    },
];

/// The preset called `id`.
pub fn preset(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.id == id)
}

impl Preset {
    /// The platform as ct's option.
    pub fn platform_choice(&self) -> PlatformChoice {
        PlatformChoice::parse(self.platform)
    }

    /// Transpile options as Lokomotive's ct_config sets them (platform only;
    /// not strict).
    pub fn options(&self) -> Options<'static> {
        Options {
            platform: self.platform_choice(),
            ..Options::default()
        }
    }

    /// Every part of the preset, in merge order, without user snippets.
    pub fn parts(&self) -> impl Iterator<Item = NamedText> + '_ {
        std::iter::once(NamedText {
            name: BASE_NAME,
            text: self.base,
        })
        .chain(self.internal_snippets.iter().copied())
        .chain(self.platform_extras.iter().copied())
    }
}

fn document<'a>(part: &NamedText) -> Document<'a> {
    Document {
        name: part.name.to_owned(),
        text: part.text.as_bytes(),
    }
}

/// The documents in Lokomotive's order around the user's snippets: base,
/// internal snippets, `user` (as given), platform extras.
pub fn documents<'a>(preset: &'a Preset, user: &[Document<'a>]) -> Vec<Document<'a>> {
    let mut out = Vec::with_capacity(
        1 + preset.internal_snippets.len() + user.len() + preset.platform_extras.len(),
    );
    out.push(Document {
        name: BASE_NAME.to_owned(),
        text: preset.base.as_bytes(),
    });
    out.extend(preset.internal_snippets.iter().map(document));
    out.extend(user.iter().cloned());
    out.extend(preset.platform_extras.iter().map(document));
    out
}

/// Where the user's snippets sit in [`documents`]`(preset, user)` when there
/// are `user_count` of them.
pub fn user_range(preset: &Preset, user_count: usize) -> std::ops::Range<usize> {
    let start = 1 + preset.internal_snippets.len();
    start..start + user_count
}

/// Merges `user` into the preset like Lokomotive's ct_config (with the
/// preset's platform unless `options` names one), checking only the user's
/// snippets for text Terraform would rewrite.
pub fn merge(preset: &Preset, user: &[Document<'_>], options: &Options<'_>) -> Merged {
    let mut options = options.clone();
    if options.platform == PlatformChoice::None {
        options.platform = preset.platform_choice();
    }
    let docs = documents(preset, user);
    let snippets: Vec<usize> = user_range(preset, user.len()).collect();
    merge_with(&docs, &options, &snippets)
}

#[cfg(test)]
mod tests;
