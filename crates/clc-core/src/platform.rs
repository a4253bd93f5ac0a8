//! The platforms ct knows, and what `{PRIVATE_IPV4}`-style dynamic data
//! becomes on each (only inside `etcd:` and `flannel:` options).

/// A ct platform (`--platform`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Platform {
    Azure,
    DigitalOcean,
    Ec2,
    Gce,
    Packet,
    OpenstackMetadata,
    VagrantVirtualbox,
    CloudstackConfigdrive,
    Custom,
}

/// One platform's row: its name and its dynamic-data variables.
pub struct PlatformInfo {
    pub platform: Platform,
    pub name: &'static str,
    /// `(field, environment variable)`: `("PRIVATE_IPV4", "COREOS_EC2_IPV4_LOCAL")`.
    pub variables: &'static [(&'static str, &'static str)],
}

/// Every platform, in ct's order.
pub static PLATFORMS: &[PlatformInfo; 9] = &[
    PlatformInfo {
        platform: Platform::Azure,
        name: "azure",
        variables: &[
            ("PRIVATE_IPV4", "COREOS_AZURE_IPV4_DYNAMIC"),
            ("PUBLIC_IPV4", "COREOS_AZURE_IPV4_VIRTUAL"),
        ],
    },
    PlatformInfo {
        platform: Platform::DigitalOcean,
        name: "digitalocean",
        variables: &[
            ("HOSTNAME", "COREOS_DIGITALOCEAN_HOSTNAME"),
            ("PRIVATE_IPV4", "COREOS_DIGITALOCEAN_IPV4_PRIVATE_0"),
            ("PUBLIC_IPV4", "COREOS_DIGITALOCEAN_IPV4_PUBLIC_0"),
            ("PRIVATE_IPV6", "COREOS_DIGITALOCEAN_IPV6_PRIVATE_0"),
            ("PUBLIC_IPV6", "COREOS_DIGITALOCEAN_IPV6_PUBLIC_0"),
        ],
    },
    PlatformInfo {
        platform: Platform::Ec2,
        name: "ec2",
        variables: &[
            ("HOSTNAME", "COREOS_EC2_HOSTNAME"),
            ("PRIVATE_IPV4", "COREOS_EC2_IPV4_LOCAL"),
            ("PUBLIC_IPV4", "COREOS_EC2_IPV4_PUBLIC"),
        ],
    },
    PlatformInfo {
        platform: Platform::Gce,
        name: "gce",
        variables: &[
            ("HOSTNAME", "COREOS_GCE_HOSTNAME"),
            ("PRIVATE_IPV4", "COREOS_GCE_IP_LOCAL_0"),
            ("PUBLIC_IPV4", "COREOS_GCE_IP_EXTERNAL_0"),
        ],
    },
    PlatformInfo {
        platform: Platform::Packet,
        name: "packet",
        variables: &[
            ("HOSTNAME", "COREOS_PACKET_HOSTNAME"),
            ("PRIVATE_IPV4", "COREOS_PACKET_IPV4_PRIVATE_0"),
            ("PUBLIC_IPV4", "COREOS_PACKET_IPV4_PUBLIC_0"),
            ("PUBLIC_IPV6", "COREOS_PACKET_IPV6_PUBLIC_0"),
        ],
    },
    PlatformInfo {
        platform: Platform::OpenstackMetadata,
        name: "openstack-metadata",
        variables: &[
            ("HOSTNAME", "COREOS_OPENSTACK_HOSTNAME"),
            ("PRIVATE_IPV4", "COREOS_OPENSTACK_IPV4_LOCAL"),
            ("PUBLIC_IPV4", "COREOS_OPENSTACK_IPV4_PUBLIC"),
        ],
    },
    PlatformInfo {
        platform: Platform::VagrantVirtualbox,
        name: "vagrant-virtualbox",
        variables: &[
            ("HOSTNAME", "COREOS_VAGRANT_VIRTUALBOX_HOSTNAME"),
            ("PRIVATE_IPV4", "COREOS_VAGRANT_VIRTUALBOX_PRIVATE_IPV4"),
        ],
    },
    PlatformInfo {
        platform: Platform::CloudstackConfigdrive,
        name: "cloudstack-configdrive",
        variables: &[("HOSTNAME", "CLOUDSTACK_LOCAL_HOSTNAME")],
    },
    PlatformInfo {
        platform: Platform::Custom,
        name: "custom",
        variables: &[
            ("HOSTNAME", "COREOS_CUSTOM_HOSTNAME"),
            ("PRIVATE_IPV4", "COREOS_CUSTOM_PRIVATE_IPV4"),
            ("PUBLIC_IPV4", "COREOS_CUSTOM_PUBLIC_IPV4"),
            ("PRIVATE_IPV6", "COREOS_CUSTOM_PRIVATE_IPV6"),
            ("PUBLIC_IPV6", "COREOS_CUSTOM_PUBLIC_IPV6"),
        ],
    },
];

impl Platform {
    /// The platform called `name` (ct's spelling).
    pub fn from_name(name: &str) -> Option<Platform> {
        PLATFORMS
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.platform)
    }

    pub fn info(self) -> &'static PlatformInfo {
        // PLATFORMS lists every variant; fall back to the first for safety.
        PLATFORMS
            .iter()
            .find(|p| p.platform == self)
            .unwrap_or(&PLATFORMS[0])
    }

    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// The variable a dynamic-data field becomes on this platform.
    pub fn variable(self, field: &str) -> Option<&'static str> {
        self.info()
            .variables
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, v)| *v)
    }
}

/// The `--platform` value: none, one ct knows, or one it does not (which ct
/// rejects when converting, with `unsupported platform`).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum PlatformChoice {
    #[default]
    None,
    Known(Platform),
    Unknown(String),
}

impl PlatformChoice {
    pub fn parse(name: &str) -> Self {
        if name.is_empty() {
            return PlatformChoice::None;
        }
        match Platform::from_name(name) {
            Some(p) => PlatformChoice::Known(p),
            None => PlatformChoice::Unknown(name.to_owned()),
        }
    }

    pub fn name(&self) -> &str {
        match self {
            PlatformChoice::None => "",
            PlatformChoice::Known(p) => p.name(),
            PlatformChoice::Unknown(s) => s,
        }
    }
}

/// Why templating failed (ct's messages).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TemplatingError {
    NoPlatform,
    UnknownPlatform,
    UnknownField(String),
}

impl TemplatingError {
    pub fn message(&self) -> &'static str {
        match self {
            TemplatingError::NoPlatform => "platform must be specified to use templating",
            TemplatingError::UnknownPlatform => "unsupported platform",
            TemplatingError::UnknownField(_) => "unknown field",
        }
    }
}

/// True when any argument holds a brace (ct then adds the metadata unit
/// dependency, even for braces that are not a `{FIELD}`).
pub fn has_templating(args: &[String]) -> bool {
    args.iter().any(|a| a.contains('{') || a.contains('}'))
}

/// Replaces each `{FIELD}` with `${VARIABLE}`, scanning as ct does: find a
/// `{`, the next `}` after it, substitute the first occurrence of that
/// `{FIELD}` text, then continue after the old closing brace.
pub fn perform_templating(platform: Platform, args: &mut [String]) -> Result<(), TemplatingError> {
    for arg in args.iter_mut() {
        let mut start = arg.find('{');
        let mut end = arg.find('}');
        while let (Some(s), Some(e)) = (start, end) {
            if s >= e {
                break;
            }
            let field = arg.get(s + 1..e).unwrap_or_default().to_owned();
            let variable = platform
                .variable(&field)
                .ok_or_else(|| TemplatingError::UnknownField(field.clone()))?;
            *arg = arg.replacen(&format!("{{{field}}}"), &format!("${{{variable}}}"), 1);
            start = arg.get(e..).and_then(|rest| rest.find('{')).map(|i| i + e);
            end = match start {
                Some(s) => arg.get(s..).and_then(|rest| rest.find('}')).map(|i| i + s),
                None => end,
            };
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_platform_round_trips_by_name() {
        for info in PLATFORMS {
            assert_eq!(Platform::from_name(info.name), Some(info.platform));
            assert_eq!(info.platform.name(), info.name);
        }
        assert_eq!(Platform::from_name("aws"), None);
    }

    #[test]
    fn templating_per_platform() {
        let cases = [
            (Platform::Ec2, "{PRIVATE_IPV4}", "${COREOS_EC2_IPV4_LOCAL}"),
            (
                Platform::Packet,
                "{PUBLIC_IPV6}",
                "${COREOS_PACKET_IPV6_PUBLIC_0}",
            ),
            (
                Platform::Azure,
                "{PUBLIC_IPV4}",
                "${COREOS_AZURE_IPV4_VIRTUAL}",
            ),
            (Platform::Gce, "{HOSTNAME}", "${COREOS_GCE_HOSTNAME}"),
            (
                Platform::DigitalOcean,
                "{PRIVATE_IPV6}",
                "${COREOS_DIGITALOCEAN_IPV6_PRIVATE_0}",
            ),
            (
                Platform::OpenstackMetadata,
                "{PUBLIC_IPV4}",
                "${COREOS_OPENSTACK_IPV4_PUBLIC}",
            ),
            (
                Platform::VagrantVirtualbox,
                "{PRIVATE_IPV4}",
                "${COREOS_VAGRANT_VIRTUALBOX_PRIVATE_IPV4}",
            ),
            (
                Platform::CloudstackConfigdrive,
                "{HOSTNAME}",
                "${CLOUDSTACK_LOCAL_HOSTNAME}",
            ),
            (
                Platform::Custom,
                "{PUBLIC_IPV6}",
                "${COREOS_CUSTOM_PUBLIC_IPV6}",
            ),
        ];
        for (platform, input, expected) in cases {
            let mut args = vec![format!("--x=\"http://{input}:2379\"")];
            perform_templating(platform, &mut args).unwrap();
            assert_eq!(
                args[0],
                format!("--x=\"http://{expected}:2379\""),
                "{platform:?}"
            );
        }
    }

    #[test]
    fn two_fields_in_one_argument() {
        let mut args = vec!["{HOSTNAME}={PRIVATE_IPV4}".to_owned()];
        perform_templating(Platform::Ec2, &mut args).unwrap();
        assert_eq!(args[0], "${COREOS_EC2_HOSTNAME}=${COREOS_EC2_IPV4_LOCAL}");
    }

    #[test]
    fn unknown_field_and_reversed_braces() {
        let mut args = vec!["{PUBLIC_IPV6}".to_owned()];
        assert_eq!(
            perform_templating(Platform::Ec2, &mut args),
            Err(TemplatingError::UnknownField("PUBLIC_IPV6".into()))
        );
        let mut args = vec!["}odd{".to_owned()];
        perform_templating(Platform::Ec2, &mut args).unwrap();
        assert_eq!(args[0], "}odd{");
        assert!(has_templating(&args));
    }
}
