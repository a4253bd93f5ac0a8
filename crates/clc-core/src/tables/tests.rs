use super::*;
use std::collections::HashSet;

/// The page's mount table, row by row as the page prints it (the last row
/// has no options cell).
const PAGE_MOUNT_ROWS: &str = "\
/etc/kubernetes | /etc/kubernetes | ro |
/etc/ssl/certs | /etc/ssl/certs | ro |
/usr/share/ca-certificates | /usr/share/ca-certificates | ro |
/var/lib/kubelet | /var/lib/kubelet | recursive |
/var/lib/docker | /var/lib/docker | |
/var/lib/cni | /var/lib/cni | |
/var/lib/calico | /var/lib/calico | |
/var/log | /var/log | |
/etc/os-release | /usr/lib/os-release | ro |
/run | /run | |
/lib/modules | /lib/modules | ro |
/etc/resolv.conf | /etc/resolv.conf | |
/opt/cni/bin | /opt/cni/bin |
";

/// The page's other two tables.
const PAGE_RUNTIME_ROWS: &str = "\
cgroup driver | cgroupfs |
logging driver | json-file |
storage driver | overlay2 |
";

const PAGE_DIRECTORY_ROWS: &str = "\
cni-conf-dir | /etc/cni/net.d |
pod-manifest-path | /etc/kubernetes/manifests |
volume-plugin-dir | /var/lib/kubelet/volumeplugins |
";

/// Splits `a | b | c |` into its cells.
fn cells(line: &str) -> Vec<&str> {
    let mut cells: Vec<&str> = line.split('|').map(str::trim).collect();
    if cells.last() == Some(&"") {
        cells.pop();
    }
    cells
}

#[test]
fn seed_mounts_match_the_page() {
    let rows: Vec<Vec<&str>> = PAGE_MOUNT_ROWS.lines().map(cells).collect();
    assert_eq!(rows.len(), 13);
    assert_eq!(SEED_MOUNTS.len(), 13);
    for (row, page) in SEED_MOUNTS.iter().zip(&rows) {
        assert_eq!(row.container_path, page[0]);
        assert_eq!(row.host_path, page[1]);
        assert_eq!(row.options, page.get(2).copied().unwrap_or(""));
        let expected = if row.options == "ro" {
            Access::ReadOnly
        } else {
            Access::ReadWrite
        };
        assert_eq!(row.access, expected, "{}", row.container_path);
    }
}

#[test]
fn runtime_and_directories_match_the_page() {
    let documented: Vec<(&str, &str)> = RUNTIME
        .iter()
        .filter_map(|r| r.documented.map(|d| (r.name, d)))
        .collect();
    let page: Vec<(&str, &str)> = PAGE_RUNTIME_ROWS
        .lines()
        .map(cells)
        .map(|c| (c[0], c[1]))
        .collect();
    assert_eq!(documented, page);
    let dirs: Vec<(&str, &str)> = DIRECTORIES
        .iter()
        .map(|d| (d.setting, d.documented))
        .collect();
    let page: Vec<(&str, &str)> = PAGE_DIRECTORY_ROWS
        .lines()
        .map(cells)
        .map(|c| (c[0], c[1]))
        .collect();
    assert_eq!(dirs, page);
    for d in DIRECTORIES {
        assert_eq!(d.flag, format!("--{}", d.setting));
    }
}

#[test]
fn current_mounts_match_the_presets() {
    assert_eq!(CURRENT_MOUNTS.len(), 15);
    for p in crate::presets::PRESETS {
        for m in CURRENT_MOUNTS {
            let written = if m.options.starts_with("bind-propagation") {
                format!(
                    "--mount type=bind,source={},target={},{}",
                    m.host_path, m.container_path, m.options
                )
            } else {
                format!("-v {}:{}:{}", m.host_path, m.container_path, m.options)
            };
            assert!(p.base.contains(&written), "{}: {written}", p.id);
            let expected = if m.options == "ro" {
                Access::ReadOnly
            } else {
                Access::ReadWrite
            };
            assert_eq!(m.access, expected);
            assert_eq!(
                m.propagation.is_some(),
                m.options.contains("bind-propagation")
            );
        }
    }
}

#[test]
fn no_duplicate_rows() {
    let mut seen = HashSet::new();
    assert!(RUNTIME.iter().all(|r| seen.insert(r.property)));
    let mut seen = HashSet::new();
    assert!(RUNTIME.iter().all(|r| seen.insert(r.name)));
    let mut seen = HashSet::new();
    assert!(DIRECTORIES.iter().all(|r| seen.insert(r.setting)));
    for table in [SEED_MOUNTS, CURRENT_MOUNTS] {
        let mut seen = HashSet::new();
        assert!(table.iter().all(|r| seen.insert(r.container_path)));
    }
}

#[test]
fn every_row_has_a_source() {
    for r in RUNTIME {
        assert!(!r.documented_source.is_empty() && !r.actual_source.is_empty());
        assert!(!r.actual.is_empty() && !r.default.is_empty());
    }
    for d in DIRECTORIES {
        assert!(!d.source.is_empty() && !d.confirmed.is_empty());
    }
    for m in SEED_MOUNTS.iter().chain(CURRENT_MOUNTS) {
        assert!(
            !m.source.is_empty() && !m.note.is_empty(),
            "{}",
            m.container_path
        );
    }
    assert!(SEED_MOUNTS.iter().all(|m| m.source == SEED_PAGE));
}

#[test]
fn every_seed_mount_is_explained_against_today() {
    // Rows still mounted say so; the others say what became of them.
    for m in SEED_MOUNTS {
        let today = CURRENT_MOUNTS
            .iter()
            .find(|c| c.container_path == m.container_path);
        match today {
            Some(_) => assert!(!m.note.starts_with("Gone"), "{}", m.container_path),
            None => assert!(
                m.note.starts_with("Gone") || m.note.starts_with("Narrowed"),
                "{}",
                m.container_path
            ),
        }
    }
}
