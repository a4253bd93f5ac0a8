//! The etcd and flannel option sets of each version, as plain data: YAML key,
//! command-line flag and value type, in ct's field order (which is the order
//! the flags appear in the generated drop-in).

use std::borrow::Cow;

use crate::clc::decode::{Decode, DecodeStruct, Decoder};
use crate::gocompat::semver::Version;
use crate::yaml::NodeId;

/// The type of one option's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptionKind {
    Str,
    Int,
    Bool,
}

/// One option: `data_dir` → `--data-dir=…`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OptionSpec {
    pub key: &'static str,
    pub flag: &'static str,
    pub kind: OptionKind,
}

const fn o(key: &'static str, flag: &'static str, kind: OptionKind) -> OptionSpec {
    OptionSpec { key, flag, kind }
}

/// A set option's value.
#[derive(Clone, Debug, PartialEq)]
pub enum OptionValue {
    Str(String),
    Int(i64),
    Bool(bool),
}

impl OptionValue {
    /// The value as ct prints it in a flag: strings Go-quoted, the rest bare.
    pub fn flag_text(&self) -> String {
        match self {
            OptionValue::Str(s) => crate::gocompat::quote::quote(s),
            OptionValue::Int(i) => i.to_string(),
            OptionValue::Bool(b) => b.to_string(),
        }
    }
}

/// The options of one version's set; `values[i]` belongs to `specs[i]`.
#[derive(Clone, Debug, PartialEq)]
pub struct OptionSet {
    pub go_type: &'static str,
    pub specs: &'static [OptionSpec],
    pub values: Vec<Option<OptionValue>>,
}

impl OptionSet {
    fn new(go_type: &'static str, specs: &'static [OptionSpec]) -> Self {
        OptionSet {
            go_type,
            specs,
            values: vec![None; specs.len()],
        }
    }

    /// `--flag=value` for each option that is set, in table order.
    pub fn cli_args(&self) -> Vec<String> {
        self.specs
            .iter()
            .zip(&self.values)
            .filter_map(|(spec, value)| {
                value
                    .as_ref()
                    .map(|v| format!("--{}={}", spec.flag, v.flag_text()))
            })
            .collect()
    }

    pub fn get(&self, key: &str) -> Option<&OptionValue> {
        let index = self.specs.iter().position(|s| s.key == key)?;
        self.values.get(index)?.as_ref()
    }

    pub fn keys(&self) -> impl Iterator<Item = &'static str> {
        self.specs.iter().map(|s| s.key)
    }
}

impl Default for OptionSet {
    fn default() -> Self {
        OptionSet::new("types.Options", &[])
    }
}

impl Decode for OptionSet {
    fn go_type(&self) -> Cow<'static, str> {
        Cow::Borrowed(self.go_type)
    }
    fn decode_node(&mut self, d: &mut Decoder<'_>, id: NodeId) -> bool {
        d.decode_struct(id, self)
    }
}

impl DecodeStruct for OptionSet {
    const GO_TYPE: &'static str = "types.Options";
    fn decode_field(&mut self, d: &mut Decoder<'_>, key: &str, value: NodeId) -> Option<bool> {
        let index = self.field_index(key)?;
        let spec = self.specs.get(index)?;
        let (good, decoded) = match spec.kind {
            OptionKind::Str => {
                let mut v: Option<String> = None;
                let good = d.unmarshal(value, &mut v);
                (good, v.map(OptionValue::Str))
            }
            OptionKind::Int => {
                let mut v: Option<i64> = None;
                let good = d.unmarshal(value, &mut v);
                (good, v.map(OptionValue::Int))
            }
            OptionKind::Bool => {
                let mut v: Option<bool> = None;
                let good = d.unmarshal(value, &mut v);
                (good, v.map(OptionValue::Bool))
            }
        };
        if let Some(slot) = self.values.get_mut(index) {
            *slot = decoded;
        }
        Some(good)
    }
    fn field_index(&self, key: &str) -> Option<usize> {
        self.specs.iter().position(|s| s.key == key)
    }
}

/// The option set that `etcd.version` selects.
pub type EtcdOptions = OptionSet;
/// The option set that `flannel.version` selects.
pub type FlannelOptions = OptionSet;

impl OptionSet {
    /// etcd 2.3+ (2.x), 3.0 … 3.4, and 3.5 or later; None for other versions.
    pub fn for_version(v: &Version) -> Option<OptionSet> {
        let (major, minor) = (v.major, v.minor);
        let (name, specs): (&'static str, &'static [OptionSpec]) = match (major, minor) {
            (2, m) if m >= 3 => ("types.Etcd2", ETCD2),
            (3, 0) => ("types.Etcd3_0", ETCD3_0),
            (3, 1) => ("types.Etcd3_1", ETCD3_1),
            (3, 2) => ("types.Etcd3_2", ETCD3_2),
            (3, 3) => ("types.Etcd3_3", ETCD3_3),
            (3, 4) => ("types.Etcd3_4", ETCD3_4),
            (3, m) if m >= 5 => ("types.Etcd3_5", ETCD3_5),
            _ => return None,
        };
        Some(OptionSet::new(name, specs))
    }

    /// flannel 0.7 or later 0.x, 0.6, 0.5; None for other versions.
    pub fn flannel_for_version(v: &Version) -> Option<OptionSet> {
        let (name, specs): (&'static str, &'static [OptionSpec]) = match (v.major, v.minor) {
            (0, m) if m >= 7 => ("types.Flannel0_7", FLANNEL0_7),
            (0, 6) => ("types.Flannel0_6", FLANNEL0_6),
            (0, 5) => ("types.Flannel0_5", FLANNEL0_5),
            _ => return None,
        };
        Some(OptionSet::new(name, specs))
    }
}

use OptionKind::{Bool, Int, Str};

const ETCD2: &[OptionSpec] = &[
    o("advertise_client_urls", "advertise-client-urls", Str),
    o("ca_file", "ca-file", Str),
    o("cert_file", "cert-file", Str),
    o("client_cert_auth", "client-cert-auth", Bool),
    o("cors", "cors", Str),
    o("data_dir", "data-dir", Str),
    o("debug", "debug", Bool),
    o("discovery", "discovery", Str),
    o("discovery_fallback", "discovery-fallback", Str),
    o("discovery_srv", "discovery-srv", Str),
    o("discovery_proxy", "discovery-proxy", Str),
    o("election_timeout", "election-timeout", Int),
    o("enable_pprof", "enable-pprof", Bool),
    o("force_new_cluster", "force-new-cluster", Bool),
    o("heartbeat_interval", "heartbeat-interval", Int),
    o(
        "initial_advertise_peer_urls",
        "initial-advertise-peer-urls",
        Str,
    ),
    o("initial_cluster", "initial-cluster", Str),
    o("initial_cluster_state", "initial-cluster-state", Str),
    o("initial_cluster_token", "initial-cluster-token", Str),
    o("key_file", "key-file", Str),
    o("listen_client_urls", "listen-client-urls", Str),
    o("listen_peer_urls", "listen-peer-urls", Str),
    o("log_package_levels", "log-package-levels", Str),
    o("max_snapshots", "max-snapshots", Int),
    o("max_wals", "max-wals", Int),
    o("name", "name", Str),
    o("peer_ca_file", "peer-ca-file", Str),
    o("peer_cert_file", "peer-cert-file", Str),
    o("peer_key_file", "peer-key-file", Str),
    o("peer_client_cert_auth", "peer-client-cert-auth", Bool),
    o("peer_trusted_ca_file", "peer-trusted-ca-file", Str),
    o("proxy", "proxy", Str),
    o("proxy_dial_timeout", "proxy-dial-timeout", Int),
    o("proxy_failure_wait", "proxy-failure-wait", Int),
    o("proxy_read_timeout", "proxy-read-timeout", Int),
    o("proxy_refresh_interval", "proxy-refresh-interval", Int),
    o("proxy_write_timeout", "proxy-write-timeout", Int),
    o("snapshot_count", "snapshot-count", Int),
    o("strict_reconfig_check", "strict-reconfig-check", Bool),
    o("trusted_ca_file", "trusted-ca-file", Str),
    o("wal_dir", "wal-dir", Str),
];

const ETCD3_0: &[OptionSpec] = &[
    o("name", "name", Str),
    o("data_dir", "data-dir", Str),
    o("wal_dir", "wal-dir", Str),
    o("snapshot_count", "snapshot-count", Int),
    o("heartbeat_interval", "heartbeat-interval", Int),
    o("election_timeout", "election-timeout", Int),
    o("enable_pprof", "enable-pprof", Bool),
    o("listen_peer_urls", "listen-peer-urls", Str),
    o("listen_client_urls", "listen-client-urls", Str),
    o("max_snapshots", "max-snapshots", Int),
    o("max_wals", "max-wals", Int),
    o("cors", "cors", Str),
    o(
        "initial_advertise_peer_urls",
        "initial-advertise-peer-urls",
        Str,
    ),
    o("initial_cluster", "initial-cluster", Str),
    o("initial_cluster_state", "initial-cluster-state", Str),
    o("initial_cluster_token", "initial-cluster-token", Str),
    o("advertise_client_urls", "advertise-client-urls", Str),
    o("discovery", "discovery", Str),
    o("discovery_srv", "discovery-srv", Str),
    o("discovery_fallback", "discovery-fallback", Str),
    o("discovery_proxy", "discovery-proxy", Str),
    o("strict_reconfig_check", "strict-reconfig-check", Bool),
    o(
        "auto_compaction_retention",
        "auto-compaction-retention",
        Int,
    ),
    o("proxy", "proxy", Str),
    o("proxy_failure_wait", "proxy-failure-wait", Int),
    o("proxy_refresh_interval", "proxy-refresh-interval", Int),
    o("proxy_dial_timeout", "proxy-dial-timeout", Int),
    o("proxy_write_timeout", "proxy-write-timeout", Int),
    o("proxy_read_timeout", "proxy-read-timeout", Int),
    o("ca_file", "ca-file", Str),
    o("cert_file", "cert-file", Str),
    o("key_file", "key-file", Str),
    o("client_cert_auth", "client-cert-auth", Bool),
    o("trusted_ca_file", "trusted-ca-file", Str),
    o("auto_tls", "auto-tls", Bool),
    o("peer_ca_file", "peer-ca-file", Str),
    o("peer_cert_file", "peer-cert-file", Str),
    o("peer_key_file", "peer-key-file", Str),
    o("peer_client_cert_auth", "peer-client-cert-auth", Bool),
    o("peer_trusted_ca_file", "peer-trusted-ca-file", Str),
    o("peer_auto_tls", "peer-auto-tls", Bool),
    o("debug", "debug", Bool),
    o("log_package_levels", "log-package-levels", Str),
    o("force_new_cluster", "force-new-cluster", Bool),
];

const ETCD3_1: &[OptionSpec] = &[
    o("name", "name", Str),
    o("data_dir", "data-dir", Str),
    o("wal_dir", "wal-dir", Str),
    o("snapshot_count", "snapshot-count", Int),
    o("heartbeat_interval", "heartbeat-interval", Int),
    o("election_timeout", "election-timeout", Int),
    o("enable_pprof", "enable-pprof", Bool),
    o("listen_peer_urls", "listen-peer-urls", Str),
    o("listen_client_urls", "listen-client-urls", Str),
    o("max_snapshots", "max-snapshots", Int),
    o("max_wals", "max-wals", Int),
    o("cors", "cors", Str),
    o(
        "initial_advertise_peer_urls",
        "initial-advertise-peer-urls",
        Str,
    ),
    o("initial_cluster", "initial-cluster", Str),
    o("initial_cluster_state", "initial-cluster-state", Str),
    o("initial_cluster_token", "initial-cluster-token", Str),
    o("advertise_client_urls", "advertise-client-urls", Str),
    o("discovery", "discovery", Str),
    o("discovery_srv", "discovery-srv", Str),
    o("discovery_fallback", "discovery-fallback", Str),
    o("discovery_proxy", "discovery-proxy", Str),
    o("strict_reconfig_check", "strict-reconfig-check", Bool),
    o(
        "auto_compaction_retention",
        "auto-compaction-retention",
        Int,
    ),
    o("proxy", "proxy", Str),
    o("proxy_failure_wait", "proxy-failure-wait", Int),
    o("proxy_refresh_interval", "proxy-refresh-interval", Int),
    o("proxy_dial_timeout", "proxy-dial-timeout", Int),
    o("proxy_write_timeout", "proxy-write-timeout", Int),
    o("proxy_read_timeout", "proxy-read-timeout", Int),
    o("ca_file", "ca-file", Str),
    o("cert_file", "cert-file", Str),
    o("key_file", "key-file", Str),
    o("client_cert_auth", "client-cert-auth", Bool),
    o("trusted_ca_file", "trusted-ca-file", Str),
    o("auto_tls", "auto-tls", Bool),
    o("peer_ca_file", "peer-ca-file", Str),
    o("peer_cert_file", "peer-cert-file", Str),
    o("peer_key_file", "peer-key-file", Str),
    o("peer_client_cert_auth", "peer-client-cert-auth", Bool),
    o("peer_trusted_ca_file", "peer-trusted-ca-file", Str),
    o("peer_auto_tls", "peer-auto-tls", Bool),
    o("debug", "debug", Bool),
    o("log_package_levels", "log-package-levels", Str),
    o("force_new_cluster", "force-new-cluster", Bool),
    o("metrics", "metrics", Str),
    o("log_output", "log-output", Str),
];

const ETCD3_2: &[OptionSpec] = &[
    o("name", "name", Str),
    o("data_dir", "data-dir", Str),
    o("wal_dir", "wal-dir", Str),
    o("snapshot_count", "snapshot-count", Int),
    o("heartbeat_interval", "heartbeat-interval", Int),
    o("election_timeout", "election-timeout", Int),
    o("enable_pprof", "enable-pprof", Bool),
    o("enable_v2", "enable-v2", Bool),
    o("listen_peer_urls", "listen-peer-urls", Str),
    o("listen_client_urls", "listen-client-urls", Str),
    o("max_snapshots", "max-snapshots", Int),
    o("max_wals", "max-wals", Int),
    o("cors", "cors", Str),
    o(
        "initial_advertise_peer_urls",
        "initial-advertise-peer-urls",
        Str,
    ),
    o("initial_cluster", "initial-cluster", Str),
    o("initial_cluster_state", "initial-cluster-state", Str),
    o("initial_cluster_token", "initial-cluster-token", Str),
    o("advertise_client_urls", "advertise-client-urls", Str),
    o("discovery", "discovery", Str),
    o("discovery_srv", "discovery-srv", Str),
    o("discovery_fallback", "discovery-fallback", Str),
    o("discovery_proxy", "discovery-proxy", Str),
    o("strict_reconfig_check", "strict-reconfig-check", Bool),
    o(
        "auto_compaction_retention",
        "auto-compaction-retention",
        Int,
    ),
    o("proxy", "proxy", Str),
    o("proxy_failure_wait", "proxy-failure-wait", Int),
    o("proxy_refresh_interval", "proxy-refresh-interval", Int),
    o("proxy_dial_timeout", "proxy-dial-timeout", Int),
    o("proxy_write_timeout", "proxy-write-timeout", Int),
    o("proxy_read_timeout", "proxy-read-timeout", Int),
    o("ca_file", "ca-file", Str),
    o("cert_file", "cert-file", Str),
    o("key_file", "key-file", Str),
    o("client_cert_auth", "client-cert-auth", Bool),
    o("trusted_ca_file", "trusted-ca-file", Str),
    o("auto_tls", "auto-tls", Bool),
    o("peer_ca_file", "peer-ca-file", Str),
    o("peer_cert_file", "peer-cert-file", Str),
    o("peer_key_file", "peer-key-file", Str),
    o("peer_client_cert_auth", "peer-client-cert-auth", Bool),
    o("peer_trusted_ca_file", "peer-trusted-ca-file", Str),
    o("peer_auto_tls", "peer-auto-tls", Bool),
    o("auth_token", "auth-token", Str),
    o("debug", "debug", Bool),
    o("log_package_levels", "log-package-levels", Str),
    o("force_new_cluster", "force-new-cluster", Bool),
    o("metrics", "metrics", Str),
    o("log_output", "log-output", Str),
];

const ETCD3_3: &[OptionSpec] = &[
    o("name", "name", Str),
    o("data_dir", "data-dir", Str),
    o("wal_dir", "wal-dir", Str),
    o("snapshot_count", "snapshot-count", Int),
    o("heartbeat_interval", "heartbeat-interval", Int),
    o("election_timeout", "election-timeout", Int),
    o("enable_pprof", "enable-pprof", Bool),
    o("enable_v2", "enable-v2", Bool),
    o("listen_peer_urls", "listen-peer-urls", Str),
    o("listen_client_urls", "listen-client-urls", Str),
    o("max_snapshots", "max-snapshots", Int),
    o("max_wals", "max-wals", Int),
    o("cors", "cors", Str),
    o("quota_backend_bytes", "quota-backend-bytes", Int),
    o("max_txn_ops", "max-txn-ops", Int),
    o("max_request_bytes", "max-request-bytes", Int),
    o("grpc_keepalive_min_time", "grpc-keepalive-min-time", Str),
    o("grpc_keepalive_interval", "grpc-keepalive-interval", Str),
    o("grpc_keepalive_timeout", "grpc-keepalive-timeout", Str),
    o(
        "initial_advertise_peer_urls",
        "initial-advertise-peer-urls",
        Str,
    ),
    o("initial_cluster", "initial-cluster", Str),
    o("initial_cluster_state", "initial-cluster-state", Str),
    o("initial_cluster_token", "initial-cluster-token", Str),
    o("advertise_client_urls", "advertise-client-urls", Str),
    o("discovery", "discovery", Str),
    o("discovery_srv", "discovery-srv", Str),
    o("discovery_fallback", "discovery-fallback", Str),
    o("discovery_proxy", "discovery-proxy", Str),
    o("strict_reconfig_check", "strict-reconfig-check", Bool),
    o(
        "auto_compaction_retention",
        "auto-compaction-retention",
        Str,
    ),
    o("auto_compaction_mode", "auto-compaction-mode", Str),
    o("proxy", "proxy", Str),
    o("proxy_failure_wait", "proxy-failure-wait", Int),
    o("proxy_refresh_interval", "proxy-refresh-interval", Int),
    o("proxy_dial_timeout", "proxy-dial-timeout", Int),
    o("proxy_write_timeout", "proxy-write-timeout", Int),
    o("proxy_read_timeout", "proxy-read-timeout", Int),
    o("ca_file", "ca-file", Str),
    o("cert_file", "cert-file", Str),
    o("key_file", "key-file", Str),
    o("client_cert_auth", "client-cert-auth", Bool),
    o("client_crl_file", "client-crl-file", Str),
    o("trusted_ca_file", "trusted-ca-file", Str),
    o("auto_tls", "auto-tls", Bool),
    o("peer_ca_file", "peer-ca-file", Str),
    o("peer_cert_file", "peer-cert-file", Str),
    o("peer_key_file", "peer-key-file", Str),
    o("peer_client_cert_auth", "peer-client-cert-auth", Bool),
    o("peer_crl_file", "peer-crl-file", Str),
    o("peer_trusted_ca_file", "peer-trusted-ca-file", Str),
    o("peer_auto_tls", "peer-auto-tls", Bool),
    o("peer_cert_allowed_cn", "peer-cert-allowed-cn", Str),
    o("auth_token", "auth-token", Str),
    o("debug", "debug", Bool),
    o("log_package_levels", "log-package-levels", Str),
    o("force_new_cluster", "force-new-cluster", Bool),
    o("metrics", "metrics", Str),
    o("log_output", "log-output", Str),
    o("listen_metrics_urls", "listen-metrics-urls", Str),
    o(
        "experimental_initial_corrupt_check",
        "experimental-initial-corrupt-check",
        Bool,
    ),
    o(
        "experimental_corrupt_check_time",
        "experimental-corrupt-check-time",
        Str,
    ),
    o("experimental_enable_v2v3", "experimental-enable-v2v3", Str),
];

const ETCD3_4: &[OptionSpec] = &[
    o("name", "name", Str),
    o("data_dir", "data-dir", Str),
    o("wal_dir", "wal-dir", Str),
    o("snapshot_count", "snapshot-count", Int),
    o("heartbeat_interval", "heartbeat-interval", Int),
    o("election_timeout", "election-timeout", Int),
    o(
        "initial_election_tick_advance",
        "initial-election-tick-advance",
        Bool,
    ),
    o("listen_peer_urls", "listen-peer-urls", Str),
    o("listen_client_urls", "listen-client-urls", Str),
    o("max_snapshots", "max-snapshots", Int),
    o("max_wals", "max-wals", Int),
    o("quota_backend_bytes", "quota-backend-bytes", Int),
    o("backend_batch_interval", "backend-batch-interval", Str),
    o("backend_batch_limit", "backend-batch-limit", Int),
    o("max_txn_ops", "max-txn-ops", Int),
    o("max_request_bytes", "max-request-bytes", Int),
    o("grpc_keepalive_min_time", "grpc-keepalive-min-time", Str),
    o("grpc_keepalive_interval", "grpc-keepalive-interval", Str),
    o("grpc_keepalive_timeout", "grpc-keepalive-timeout", Str),
    o(
        "initial_advertise_peer_urls",
        "initial-advertise-peer-urls",
        Str,
    ),
    o("initial_cluster", "initial-cluster", Str),
    o("initial_cluster_state", "initial-cluster-state", Str),
    o("initial_cluster_token", "initial-cluster-token", Str),
    o("advertise_client_urls", "advertise-client-urls", Str),
    o("discovery", "discovery", Str),
    o("discovery_fallback", "discovery-fallback", Str),
    o("discovery_proxy", "discovery-proxy", Str),
    o("discovery_srv", "discovery-srv", Str),
    o("discovery_srv_name", "discovery-srv-name", Str),
    o("strict_reconfig_check", "strict-reconfig-check", Bool),
    o("pre_vote", "pre-vote", Bool),
    o(
        "auto_compaction_retention",
        "auto-compaction-retention",
        Str,
    ),
    o("auto_compaction_mode", "auto-compaction-mode", Str),
    o("enable_v2", "enable-v2", Bool),
    o("cert_file", "cert-file", Str),
    o("key_file", "key-file", Str),
    o("client_cert_auth", "client-cert-auth", Bool),
    o("client_crl_file", "client-crl-file", Str),
    o(
        "client_cert_allowed_hostname",
        "client-cert-allowed-hostname",
        Str,
    ),
    o("trusted_ca_file", "trusted-ca-file", Str),
    o("auto_tls", "auto-tls", Bool),
    o("peer_cert_file", "peer-cert-file", Str),
    o("peer_key_file", "peer-key-file", Str),
    o("peer_client_cert_auth", "peer-client-cert-auth", Bool),
    o("peer_trusted_ca_file", "peer-trusted-ca-file", Str),
    o("peer_cert_allowed_cn", "peer-cert-allowed-cn", Str),
    o(
        "peer_cert_allowed_hostname",
        "peer-cert-allowed-hostname",
        Str,
    ),
    o("peer_auto_tls", "peer-auto-tls", Bool),
    o("peer_crl_file", "peer-crl-file", Str),
    o("cipher_suites", "cipher-suites", Str),
    o("cors", "cors", Str),
    o("host_whitelist", "host-whitelist", Str),
    o("auth_token", "auth-token", Str),
    o("bcrypt_cost", "bcrypt-cost", Int),
    o("auth_token_ttl", "auth-token-ttl", Int),
    o("enable_pprof", "enable-pprof", Bool),
    o("metrics", "metrics", Str),
    o("listen_metrics_urls", "listen-metrics-urls", Str),
    o("logger", "logger", Str),
    o("log_outputs", "log-outputs", Str),
    o("log_level", "log-level", Str),
    o("proxy", "proxy", Str),
    o("proxy_failure_wait", "proxy-failure-wait", Int),
    o("proxy_refresh_interval", "proxy-refresh-interval", Int),
    o("proxy_dial_timeout", "proxy-dial-timeout", Int),
    o("proxy_write_timeout", "proxy-write-timeout", Int),
    o("proxy_read_timeout", "proxy-read-timeout", Int),
    o(
        "experimental_initial_corrupt_check",
        "experimental-initial-corrupt-check",
        Bool,
    ),
    o(
        "experimental_corrupt_check_time",
        "experimental-corrupt-check-time",
        Str,
    ),
    o("experimental_enable_v2v3", "experimental-enable-v2v3", Str),
    o(
        "experimental_backend_bbolt_freelist_type",
        "experimental-backend-bbolt-freelist-type",
        Str,
    ),
    o(
        "experimental_enable_lease_checkpoint",
        "experimental-enable-lease-checkpoint",
        Bool,
    ),
    o(
        "experimental_compaction_batch_limit",
        "experimental-compaction-batch-limit",
        Int,
    ),
    o(
        "experimental_watch_progress_notify_interval",
        "experimental-watch-progress-notify-interval",
        Str,
    ),
    o(
        "experimental_warning_apply_duration",
        "experimental-warning-apply-duration",
        Str,
    ),
    o("force_new_cluster", "force-new-cluster", Bool),
    o("debug", "debug", Bool),
    o("log_package_levels", "log-package-levels", Str),
];

const ETCD3_5: &[OptionSpec] = &[
    o("name", "name", Str),
    o("data_dir", "data-dir", Str),
    o("wal_dir", "wal-dir", Str),
    o("snapshot_count", "snapshot-count", Int),
    o("heartbeat_interval", "heartbeat-interval", Int),
    o("election_timeout", "election-timeout", Int),
    o(
        "initial_election_tick_advance",
        "initial-election-tick-advance",
        Bool,
    ),
    o("listen_peer_urls", "listen-peer-urls", Str),
    o("listen_client_urls", "listen-client-urls", Str),
    o("max_snapshots", "max-snapshots", Int),
    o("max_wals", "max-wals", Int),
    o("quota_backend_bytes", "quota-backend-bytes", Int),
    o(
        "backend_bbolt_freelist_type",
        "backend-bbolt-freelist-type",
        Str,
    ),
    o("backend_batch_interval", "backend-batch-interval", Str),
    o("backend_batch_limit", "backend-batch-limit", Int),
    o("max_txn_ops", "max-txn-ops", Int),
    o("max_request_bytes", "max-request-bytes", Int),
    o("grpc_keepalive_min_time", "grpc-keepalive-min-time", Str),
    o("grpc_keepalive_interval", "grpc-keepalive-interval", Str),
    o("grpc_keepalive_timeout", "grpc-keepalive-timeout", Str),
    o("socket_reuse_port", "socket-reuse-port", Bool),
    o("socket_reuse_address", "socket-reuse-address", Bool),
    o(
        "initial_advertise_peer_urls",
        "initial-advertise-peer-urls",
        Str,
    ),
    o("initial_cluster", "initial-cluster", Str),
    o("initial_cluster_state", "initial-cluster-state", Str),
    o("initial_cluster_token", "initial-cluster-token", Str),
    o("advertise_client_urls", "advertise-client-urls", Str),
    o("discovery", "discovery", Str),
    o("discovery_fallback", "discovery-fallback", Str),
    o("discovery_proxy", "discovery-proxy", Str),
    o("discovery_srv", "discovery-srv", Str),
    o("discovery_srv_name", "discovery-srv-name", Str),
    o("strict_reconfig_check", "strict-reconfig-check", Bool),
    o("pre_vote", "pre-vote", Bool),
    o(
        "auto_compaction_retention",
        "auto-compaction-retention",
        Str,
    ),
    o("auto_compaction_mode", "auto-compaction-mode", Str),
    o("enable_v2", "enable-v2", Bool),
    o("v2_deprecation", "v2-deprecation", Str),
    o("cert_file", "cert-file", Str),
    o("key_file", "key-file", Str),
    o("client_cert_auth", "client-cert-auth", Bool),
    o("client_crl_file", "client-crl-file", Str),
    o(
        "client_cert_allowed_hostname",
        "client-cert-allowed-hostname",
        Str,
    ),
    o("trusted_ca_file", "trusted-ca-file", Str),
    o("auto_tls", "auto-tls", Bool),
    o("peer_cert_file", "peer-cert-file", Str),
    o("peer_key_file", "peer-key-file", Str),
    o("peer_client_cert_auth", "peer-client-cert-auth", Bool),
    o("peer_trusted_ca_file", "peer-trusted-ca-file", Str),
    o("peer_cert_allowed_cn", "peer-cert-allowed-cn", Str),
    o(
        "peer_cert_allowed_hostname",
        "peer-cert-allowed-hostname",
        Str,
    ),
    o("peer_auto_tls", "peer-auto-tls", Bool),
    o(
        "self_signed_cert_validity",
        "self-signed-cert-validity",
        Int,
    ),
    o("peer_crl_file", "peer-crl-file", Str),
    o("cipher_suites", "cipher-suites", Str),
    o("cors", "cors", Str),
    o("host_whitelist", "host-whitelist", Str),
    o("auth_token", "auth-token", Str),
    o("bcrypt_cost", "bcrypt-cost", Int),
    o("auth_token_ttl", "auth-token-ttl", Int),
    o("enable_pprof", "enable-pprof", Bool),
    o("metrics", "metrics", Str),
    o("listen_metrics_urls", "listen-metrics-urls", Str),
    o("logger", "logger", Str),
    o("log_outputs", "log-outputs", Str),
    o("log_level", "log-level", Str),
    o("enable_log_rotation", "enable-log-rotation", Bool),
    o("log_rotation_config_json", "log-rotation-config-json", Str),
    o(
        "experimental_enable_distributed_tracing",
        "experimental-enable-distributed-tracing",
        Bool,
    ),
    o(
        "experimental_distributed_tracing_address",
        "experimental-distributed-tracing-address",
        Str,
    ),
    o(
        "experimental_distributed_tracing_service_name",
        "experimental-distributed-tracing-service-name",
        Str,
    ),
    o(
        "experimental_distributed_tracing_instance_id",
        "experimental-distributed-tracing-instance-id",
        Str,
    ),
    o("proxy", "proxy", Str),
    o("proxy_failure_wait", "proxy-failure-wait", Int),
    o("proxy_refresh_interval", "proxy-refresh-interval", Int),
    o("proxy_dial_timeout", "proxy-dial-timeout", Int),
    o("proxy_write_timeout", "proxy-write-timeout", Int),
    o("proxy_read_timeout", "proxy-read-timeout", Int),
    o(
        "experimental_initial_corrupt_check",
        "experimental-initial-corrupt-check",
        Bool,
    ),
    o(
        "experimental_corrupt_check_time",
        "experimental-corrupt-check-time",
        Str,
    ),
    o("experimental_enable_v2v3", "experimental-enable-v2v3", Str),
    o(
        "experimental_enable_lease_checkpoint",
        "experimental-enable-lease-checkpoint",
        Bool,
    ),
    o(
        "experimental_compaction_batch_limit",
        "experimental-compaction-batch-limit",
        Int,
    ),
    o(
        "experimental_watch_progress_notify_interval",
        "experimental-watch-progress-notify-interval",
        Str,
    ),
    o(
        "experimental_warning_apply_duration",
        "experimental-warning-apply-duration",
        Str,
    ),
    o(
        "experimental_txn_mode_write_with_shared_buffer",
        "experimental-txn-mode-write-with-shared-buffer",
        Bool,
    ),
    o("force_new_cluster", "force-new-cluster", Bool),
    o("unsafe_no_fsync", "unsafe-no-fsync", Bool),
];

const FLANNEL0_7: &[OptionSpec] = &[
    o("etcd_username", "etcd-username", Str),
    o("etcd_password", "etcd-password", Str),
    o("etcd_endpoints", "etcd-endpoints", Str),
    o("etcd_cafile", "etcd-cafile", Str),
    o("etcd_certfile", "etcd-certfile", Str),
    o("etcd_keyfile", "etcd-keyfile", Str),
    o("etcd_prefix", "etcd-prefix", Str),
    o("ip_masq", "ip-masq", Str),
    o("subnet_file", "subnet-file", Str),
    o("interface", "iface", Str),
    o("public_ip", "public-ip", Str),
    o("kube_subnet_mgr", "kube-subnet-mgr", Bool),
];

const FLANNEL0_6: &[OptionSpec] = &[
    o("etcd_username", "etcd-username", Str),
    o("etcd_password", "etcd-password", Str),
    o("etcd_endpoints", "etcd-endpoints", Str),
    o("etcd_cafile", "etcd-cafile", Str),
    o("etcd_certfile", "etcd-certfile", Str),
    o("etcd_keyfile", "etcd-keyfile", Str),
    o("etcd_prefix", "etcd-prefix", Str),
    o("ip_masq", "ip-masq", Str),
    o("subnet_file", "subnet-file", Str),
    o("interface", "iface", Str),
    o("public_ip", "public-ip", Str),
];

const FLANNEL0_5: &[OptionSpec] = &[
    o("etcd_endpoints", "etcd-endpoints", Str),
    o("etcd_cafile", "etcd-cafile", Str),
    o("etcd_certfile", "etcd-certfile", Str),
    o("etcd_keyfile", "etcd-keyfile", Str),
    o("etcd_prefix", "etcd-prefix", Str),
    o("ip_masq", "ip-masq", Str),
    o("subnet_file", "subnet-file", Str),
    o("interface", "iface", Str),
    o("public_ip", "public-ip", Str),
];
