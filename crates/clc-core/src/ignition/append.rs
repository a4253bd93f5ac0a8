//! Ignition 2.3's `Append`, the merge the terraform ct provider applies to a
//! base config and each snippet in turn:
//!
//! - `ignition.version` keeps the old value;
//! - `ignition.config` (append/replace) is taken from the newer config
//!   wholesale — a snippet without it erases the base's;
//! - every list is the old list followed by the new one, with no
//!   de-duplication (two `core` users, two copies of a file survive);
//! - pointer fields (the timeouts) take the newer value only when it is set.

use super::types::Config;

/// Appends `new` onto `old`, as the provider does for each snippet.
pub fn append(mut old: Config, new: Config) -> Config {
    let Config {
        ignition,
        networkd,
        passwd,
        storage,
        systemd,
    } = new;
    old.ignition.config = ignition.config;
    old.ignition
        .security
        .tls
        .certificate_authorities
        .extend(ignition.security.tls.certificate_authorities);
    if ignition.timeouts.http_response_headers.is_some() {
        old.ignition.timeouts.http_response_headers = ignition.timeouts.http_response_headers;
    }
    if ignition.timeouts.http_total.is_some() {
        old.ignition.timeouts.http_total = ignition.timeouts.http_total;
    }
    old.networkd.units.extend(networkd.units);
    old.passwd.groups.extend(passwd.groups);
    old.passwd.users.extend(passwd.users);
    old.storage.directories.extend(storage.directories);
    old.storage.disks.extend(storage.disks);
    old.storage.files.extend(storage.files);
    old.storage.filesystems.extend(storage.filesystems);
    old.storage.links.extend(storage.links);
    old.storage.raid.extend(storage.raid);
    old.systemd.units.extend(systemd.units);
    old
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ignition::types::*;

    #[test]
    fn lists_concatenate_and_config_is_replaced() {
        let mut base = Config::new_2_3();
        base.ignition.config.replace = Some(ConfigReference {
            source: "https://example.com/a.ign".into(),
            ..ConfigReference::default()
        });
        base.ignition.timeouts.http_total = Some(10);
        base.systemd.units.push(Unit {
            name: "a.service".into(),
            ..Unit::default()
        });
        let mut snippet = Config::new_2_3();
        snippet.ignition.version = "9.9.9".into();
        snippet.systemd.units.push(Unit {
            name: "a.service".into(),
            ..Unit::default()
        });
        let merged = append(base, snippet);
        assert_eq!(merged.ignition.version, "2.3.0");
        assert_eq!(merged.ignition.config.replace, None);
        assert_eq!(merged.ignition.timeouts.http_total, Some(10));
        assert_eq!(merged.systemd.units.len(), 2);
    }

    #[test]
    fn set_timeouts_override_even_when_zero() {
        let mut base = Config::new_2_3();
        base.ignition.timeouts.http_response_headers = Some(5);
        let mut snippet = Config::new_2_3();
        snippet.ignition.timeouts.http_response_headers = Some(0);
        assert_eq!(
            append(base, snippet)
                .ignition
                .timeouts
                .http_response_headers,
            Some(0)
        );
    }
}
