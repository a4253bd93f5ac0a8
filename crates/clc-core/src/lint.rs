//! Checks ct and the terraform provider never make: what would go wrong on a
//! node, or when a snippet is pasted into a `.lokocfg`. All are warnings of
//! the [`Phase::Lint`] phase: they never change ct's output or exit status.

use std::collections::HashMap;

use crate::ast::{KeyStyle, Tree};
use crate::diagnostic::{Diagnostic, Phase, Related, Severity, Span};
use crate::ignition::types::Config;
use crate::path::ConfigPath;
use crate::source::LineIndex;
use crate::yaml::{self, NodeKind};

// ---- checks on one document ---------------------------------------------------

/// Per-document checks that need the YAML as written.
pub fn document(tree: &Tree<'_>, terraform_snippet: bool) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    decimal_modes(tree, &mut out);
    node_paths(tree, &mut out);
    if terraform_snippet {
        terraform_hazards(tree.text, tree.lines, &mut out);
    }
    out
}

fn lint(severity: Severity, code: &'static str, message: String) -> Diagnostic {
    Diagnostic::new(severity, code, message).in_phase(Phase::Lint)
}

/// The scalar text of a node as written in the source.
fn source_text<'a>(tree: &Tree<'a>, id: yaml::NodeId) -> &'a str {
    let node = tree.node(id);
    let range = node.span.start as usize..node.span.end as usize;
    tree.text
        .get(range)
        .and_then(|b| std::str::from_utf8(b).ok())
        .unwrap_or("")
}

/// Each entry of the sequence at `storage.<list>`, with its index.
fn storage_entries(tree: &Tree<'_>, list: &'static str) -> Vec<(usize, yaml::NodeId)> {
    let root = tree.root();
    let storage = tree.child(&root, "storage", KeyStyle::Yaml);
    let seq = tree.child(&storage, list, KeyStyle::Yaml);
    match (seq.exact, seq.node.map(|id| tree.node(id).kind)) {
        (true, Some(NodeKind::Sequence(items))) => items.iter().copied().enumerate().collect(),
        _ => Vec::new(),
    }
}

fn entry_value(tree: &Tree<'_>, entry: yaml::NodeId, key: &str) -> Option<yaml::NodeId> {
    match tree.node(entry).kind {
        NodeKind::Mapping(pairs) => {
            pairs
                .iter()
                .rev()
                .find_map(|&(k, v)| match tree.node(k).kind {
                    NodeKind::Scalar(name) if name == key => Some(v),
                    _ => None,
                })
        }
        _ => None,
    }
}

fn scalar<'a>(tree: &Tree<'a>, id: yaml::NodeId) -> Option<&'a str> {
    match tree.node(id).kind {
        NodeKind::Scalar(s) => Some(s),
        _ => None,
    }
}

fn at_node(tree: &Tree<'_>, id: yaml::NodeId, mut d: Diagnostic, path: ConfigPath) -> Diagnostic {
    let node = tree.node(id);
    d.span = Some(tree.lines.span(tree.text, node.span.start, node.span.end));
    d.path = Some(path);
    d
}

/// `mode: 644` is the decimal 644 (0o1204), almost never what was meant.
fn decimal_modes(tree: &Tree<'_>, out: &mut Vec<Diagnostic>) {
    for list in ["files", "directories"] {
        for (i, entry) in storage_entries(tree, list) {
            let Some(mode) = entry_value(tree, entry, "mode") else {
                continue;
            };
            let node = tree.node(mode);
            if !matches!(node.style, yaml::Style::Plain) {
                continue;
            }
            let text = source_text(tree, mode);
            let looks_octal = (3..=4).contains(&text.len())
                && !text.starts_with('0')
                && text.bytes().all(|b| (b'0'..=b'7').contains(&b));
            let Ok(value) = text.parse::<i64>() else {
                continue;
            };
            let as_octal = i64::from_str_radix(text, 8).unwrap_or(-1);
            // `420` (= 0644) is a deliberate decimal; `644` or `400` are octal
            // digits read as decimal.
            let meant_octal = value > 0o777
                || (COMMON_MODES.contains(&as_octal) && !COMMON_MODES.contains(&value));
            if !looks_octal || !meant_octal {
                continue;
            }
            let d = lint(
                Severity::Warning,
                "decimal-mode",
                format!(
                    "mode {text} is the decimal number {value}, which is {value:#o} in octal ({})",
                    permissions(value)
                ),
            )
            .with_help(format!(
                "modes are octal: write `mode: 0{text}` for {}",
                permissions(i64::from_str_radix(text, 8).unwrap_or(0))
            ));
            let path = ConfigPath::root()
                .key("storage")
                .key(list)
                .index(i)
                .key("mode");
            out.push(at_node(tree, mode, d, path));
        }
    }
}

/// Permission sets people commonly write.
const COMMON_MODES: &[i64] = &[
    0o400, 0o440, 0o444, 0o500, 0o550, 0o555, 0o600, 0o640, 0o644, 0o660, 0o664, 0o666, 0o700,
    0o710, 0o750, 0o755, 0o770, 0o775, 0o777,
];

/// `rwxr-xr-x`-style text of a mode, with setuid/setgid/sticky bits.
pub fn permissions(mode: i64) -> String {
    let mut s = String::new();
    for (shift, special, special_char) in [(6, 0o4000, 's'), (3, 0o2000, 's'), (0, 0o1000, 't')] {
        let bits = (mode >> shift) & 7;
        s.push(if bits & 4 != 0 { 'r' } else { '-' });
        s.push(if bits & 2 != 0 { 'w' } else { '-' });
        let x = bits & 1 != 0;
        s.push(match (mode & special != 0, x) {
            (true, true) => special_char,
            (true, false) => special_char.to_ascii_uppercase(),
            (false, true) => 'x',
            (false, false) => '-',
        });
    }
    s
}

/// Paths Ignition writes in vain or cannot use.
fn node_paths(tree: &Tree<'_>, out: &mut Vec<Diagnostic>) {
    for list in ["files", "directories", "links"] {
        for (i, entry) in storage_entries(tree, list) {
            let filesystem = entry_value(tree, entry, "filesystem").and_then(|id| scalar(tree, id));
            if filesystem.is_some_and(|f| f != "root") {
                continue;
            }
            let Some(path_node) = entry_value(tree, entry, "path") else {
                continue;
            };
            let Some(path) = scalar(tree, path_node) else {
                continue;
            };
            if let Some(d) = path_problem(path) {
                let config_path = ConfigPath::root()
                    .key("storage")
                    .key(list)
                    .index(i)
                    .key("path");
                out.push(at_node(tree, path_node, d, config_path));
            }
        }
    }
}

/// What is wrong with writing `path` on the root filesystem, if anything.
pub fn path_problem(path: &str) -> Option<Diagnostic> {
    if !path.starts_with('/') {
        return None; // ct reports relative paths itself
    }
    // Only paths with `//`, `/.` or a trailing `/` can differ from their clean form.
    let may_be_unclean =
        path.contains("//") || path.contains("/.") || (path.len() > 1 && path.ends_with('/'));
    let clean = if may_be_unclean {
        crate::convert::clean_path(path)
    } else {
        path.to_owned()
    };
    if clean != path {
        return Some(
            lint(
                Severity::Warning,
                "unclean-path",
                format!("path {path:?} is not in its simplest form ({clean:?})"),
            )
            .with_help("Flatcar 3185 and later check configs with Ignition spec 3, which rejects such paths: `path is not fully simplified`"),
        );
    }
    let under = |dir: &str| {
        path.strip_prefix(dir)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    };
    if under("/usr") {
        return Some(
            lint(
                Severity::Warning,
                "read-only-path",
                format!("{path} is on /usr, Flatcar's read-only system partition"),
            )
            .with_help("Ignition writes it to the root filesystem, where the mounted /usr hides it; put programs in /opt/bin and configuration in /etc"),
        );
    }
    for (dir, why) in [
        ("/run", "/run is a tmpfs mounted at boot"),
        ("/tmp", "/tmp is a tmpfs mounted at boot"),
        ("/proc", "/proc is the kernel's process filesystem"),
        ("/sys", "/sys is the kernel's sysfs"),
        ("/dev", "/dev is the kernel's device filesystem"),
    ] {
        if under(dir) {
            return Some(
                lint(
                    Severity::Warning,
                    "volatile-path",
                    format!("{path} will not be there after boot: {why}"),
                )
                .with_help("write a systemd-tmpfiles rule in /etc/tmpfiles.d, or a unit that creates it at boot"),
            );
        }
    }
    None
}

/// Text Terraform rewrites when a snippet sits in a `.lokocfg` heredoc.
pub fn terraform_hazards(text: &[u8], lines: &LineIndex, out: &mut Vec<Diagnostic>) {
    let mut i = 0;
    while let Some(rest @ &[b, next, ..]) = text.get(i..) {
        let doubled = i.checked_sub(1).and_then(|p| text.get(p)) == Some(&b);
        if (b == b'$' || b == b'%') && next == b'{' && !doubled {
            let (code, escaped) = if b == b'$' {
                ("terraform-interpolation", "$${")
            } else {
                ("terraform-directive", "%%{")
            };
            let len = rest
                .iter()
                .position(|&c| c == b'}' || c == b'\n')
                .map_or(rest.len(), |p| p + 1);
            let end = i + len;
            let shown =
                String::from_utf8_lossy(rest.get(..len.min(60)).unwrap_or(rest)).into_owned();
            let mut d = lint(
                Severity::Warning,
                code,
                format!("Terraform evaluates `{shown}` when this snippet is pasted into a .lokocfg"),
            )
            .with_help(format!(
                "write `{escaped}` instead of `{}{{` to keep it literal (systemd's ${{VAR}}, for instance)",
                b as char
            ));
            d.span = Some(lines.span(text, i as u32, end as u32));
            out.push(d);
            i = end;
            continue;
        }
        i += 1;
    }
    // A line that is exactly EOF ends a `<<EOF` heredoc early.
    let mut start = 0;
    for line in text.split(|&c| c == b'\n') {
        let trimmed = line.strip_suffix(b"\r").unwrap_or(line);
        if trimmed.trim_ascii() == b"EOF" {
            let mut d = lint(
                Severity::Warning,
                "terraform-heredoc-end",
                "a line that is just `EOF` ends the .lokocfg heredoc this snippet is pasted into".to_owned(),
            )
            .with_help("add something to that line (a comment after it), or paste the snippet with another heredoc delimiter (`<<SNIPPET … SNIPPET`)");
            d.span = Some(lines.span(text, start as u32, (start + trimmed.len()) as u32));
            out.push(d);
        }
        start += line.len() + 1;
    }
}

// ---- checks on the merged config ---------------------------------------------

/// A document's text, for locating merged entries in it.
pub struct Source<'a> {
    pub name: &'a str,
    pub text: &'a [u8],
}

/// Where each merged entry came from: `(document, index in that document)`.
struct Origins {
    files: Vec<(usize, usize)>,
    directories: Vec<(usize, usize)>,
    links: Vec<(usize, usize)>,
    units: Vec<(usize, usize)>,
    users: Vec<(usize, usize)>,
    groups: Vec<(usize, usize)>,
}

fn origins(parts: &[&Config]) -> Origins {
    let mut o = Origins {
        files: Vec::new(),
        directories: Vec::new(),
        links: Vec::new(),
        units: Vec::new(),
        users: Vec::new(),
        groups: Vec::new(),
    };
    for (d, c) in parts.iter().enumerate() {
        o.files.extend((0..c.storage.files.len()).map(|i| (d, i)));
        o.directories
            .extend((0..c.storage.directories.len()).map(|i| (d, i)));
        o.links.extend((0..c.storage.links.len()).map(|i| (d, i)));
        o.units.extend((0..c.systemd.units.len()).map(|i| (d, i)));
        o.users.extend((0..c.passwd.users.len()).map(|i| (d, i)));
        o.groups.extend((0..c.passwd.groups.len()).map(|i| (d, i)));
    }
    o
}

/// Finds the `occurrence`-th entry of `section.list` whose `field` is `value`
/// in a document, for pointing at it.
fn locate(
    text: &[u8],
    section: &str,
    list: &str,
    field: &str,
    value: &str,
    occurrence: usize,
) -> Option<(Span, ConfigPath)> {
    let doc = yaml::parse(text).ok()?;
    let root = doc.root?;
    let lines = LineIndex::new(text);
    let child = |id: yaml::NodeId, key: &str| -> Option<yaml::NodeId> {
        match doc.node(id)?.kind {
            NodeKind::Mapping(pairs) => {
                pairs
                    .iter()
                    .rev()
                    .find_map(|&(k, v)| match doc.node(k)?.kind {
                        NodeKind::Scalar(name) if name == key => Some(v),
                        _ => None,
                    })
            }
            _ => None,
        }
    };
    let seq = child(child(root, section)?, list)?;
    let NodeKind::Sequence(items) = doc.node(seq)?.kind else {
        return None;
    };
    let mut seen = 0;
    for (i, &item) in items.iter().enumerate() {
        let Some(v) = child(item, field) else {
            continue;
        };
        let Some(node) = doc.node(v) else {
            continue;
        };
        if matches!(node.kind, NodeKind::Scalar(s) if s == value) {
            if seen == occurrence {
                let span = lines.span(text, node.span.start, node.span.end);
                let path = ConfigPath::root()
                    .key(section)
                    .key(list)
                    .index(i)
                    .key(field);
                return Some((span, path));
            }
            seen += 1;
        }
    }
    None
}

/// One definition of a duplicated thing.
struct Definition {
    document: usize,
    span: Option<Span>,
    path: Option<ConfigPath>,
}

fn definitions(
    sources: &[Source<'_>],
    entries: &[(usize, usize)],
    section: &str,
    list: &str,
    field: &str,
    value: &str,
) -> Vec<Definition> {
    // Occurrences so far in each document.
    let mut per_document = vec![0usize; sources.len()];
    entries
        .iter()
        .map(|&(document, _)| {
            let occurrence = per_document.get(document).copied().unwrap_or(0);
            let found = sources
                .get(document)
                .and_then(|s| locate(s.text, section, list, field, value, occurrence));
            if let Some(n) = per_document.get_mut(document) {
                *n += 1;
            }
            Definition {
                document,
                span: found.as_ref().map(|f| f.0),
                path: found.map(|f| f.1),
            }
        })
        .collect()
}

/// A diagnostic on the last definition, pointing back at the others.
fn on_last(
    sources: &[Source<'_>],
    defs: &[Definition],
    mut d: Diagnostic,
    earlier: &str,
) -> Option<(usize, Diagnostic)> {
    let (last, earlier_defs) = defs.split_last()?;
    d.span = last.span;
    d.path = last.path.clone();
    for def in earlier_defs {
        d.related.push(Related {
            document: sources.get(def.document).map(|s| s.name.to_owned()),
            path: def.path.clone(),
            span: def.span,
            message: earlier.to_owned(),
        });
    }
    Some((last.document, d))
}

fn names(sources: &[Source<'_>], defs: &[Definition]) -> String {
    defs.iter()
        .map(|d| sources.get(d.document).map_or("?", |s| s.name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checks on the merged result, each attached to a document by index.
pub fn merged(
    sources: &[Source<'_>],
    parts: &[&Config],
    merged: &Config,
    platform: &crate::PlatformChoice,
) -> Vec<(usize, Diagnostic)> {
    let origins = origins(parts);
    let mut out = Vec::new();

    // Files, directories and links share one space of paths.
    let mut by_path: Vec<(String, &'static str, usize)> = Vec::new();
    for (k, f) in merged.storage.files.iter().enumerate() {
        by_path.push((f.path.clone(), "files", k));
    }
    for (k, d) in merged.storage.directories.iter().enumerate() {
        by_path.push((d.path.clone(), "directories", k));
    }
    for (k, l) in merged.storage.links.iter().enumerate() {
        by_path.push((l.path.clone(), "links", k));
    }
    let mut groups: Vec<(String, Vec<(&'static str, usize)>)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (path, list, k) in by_path {
        let slot = *index.entry(path.clone()).or_insert_with(|| {
            groups.push((path.clone(), Vec::new()));
            groups.len() - 1
        });
        if let Some((_, entries)) = groups.get_mut(slot) {
            entries.push((list, k));
        }
    }
    for (path, entries) in groups.iter().filter(|(_, e)| e.len() > 1) {
        let mut defs = Vec::new();
        for list in ["files", "directories", "links"] {
            let of_list: Vec<(usize, usize)> = entries
                .iter()
                .filter(|(l, _)| *l == list)
                .filter_map(|&(_, k)| match list {
                    "files" => origins.files.get(k).copied(),
                    "directories" => origins.directories.get(k).copied(),
                    _ => origins.links.get(k).copied(),
                })
                .collect();
            defs.extend(definitions(
                sources, &of_list, "storage", list, "path", path,
            ));
        }
        crate::small_sort::sort_by(&mut defs, |a, b| a.document < b.document);
        let last = names(
            sources,
            defs.last().map(std::slice::from_ref).unwrap_or_default(),
        );
        let d = lint(
            Severity::Warning,
            "duplicate-path",
            format!("{path} is defined {} times ({})", defs.len(), names(sources, &defs)),
        )
        .with_help(format!(
            "Flatcar before 3185 (Ignition spec 2) applies every entry in order, so the last one ({last}) wins; Flatcar 3185 and later translate the config to spec 3 at boot, where duplicate paths fail provisioning (\"Config has conflicting inodes\")"
        ));
        out.extend(on_last(sources, &defs, d, "also defined here"));
    }

    // Units, by name.
    let mut unit_groups: Vec<(String, Vec<usize>, Vec<&crate::ignition::types::Unit>)> = Vec::new();
    let mut unit_index: HashMap<&str, usize> = HashMap::new();
    for (k, u) in merged.systemd.units.iter().enumerate() {
        let slot = *unit_index.entry(&u.name).or_insert_with(|| {
            unit_groups.push((u.name.clone(), Vec::new(), Vec::new()));
            unit_groups.len() - 1
        });
        if let Some((_, ks, units)) = unit_groups.get_mut(slot) {
            ks.push(k);
            units.push(u);
        }
    }
    for (name, ks, units) in &unit_groups {
        let entries: Vec<(usize, usize)> = ks
            .iter()
            .filter_map(|&k| origins.units.get(k).copied())
            .collect();
        // Entries that only add drop-ins are the normal way to extend a unit;
        // two bodies, or two drop-ins of the same name, are what conflicts.
        let bodies = units.iter().filter(|u| !u.contents.is_empty()).count();
        let dropin_names: Vec<&str> = units
            .iter()
            .flat_map(|u| u.dropins.iter().map(|d| d.name.as_str()))
            .collect();
        // A unit has few drop-ins: a pairwise look is cheaper than a sort
        // (in time and in the size of the WebAssembly module).
        let repeated_dropin = dropin_names
            .iter()
            .enumerate()
            .any(|(i, name)| dropin_names.iter().take(i).any(|earlier| earlier == name));
        let conflicting = bodies > 1 || repeated_dropin;
        if ks.len() > 1 && conflicting {
            let defs = definitions(sources, &entries, "systemd", "units", "name", name);
            let d = lint(
                Severity::Warning,
                "duplicate-unit",
                format!("unit {name} is defined {} times ({})", defs.len(), names(sources, &defs)),
            )
            .with_help("Flatcar before 3185 (spec 2) applies each entry in order: the last contents win and every drop-in is written; Flatcar 3185 and later merge the entries field by field at boot (later non-empty fields win, drop-ins merged by name)");
            out.extend(on_last(sources, &defs, d, "also defined here"));
        }
        // Enabled with no [Install] anywhere: enabling does nothing.
        let enabled = units.iter().any(|u| u.enable || u.enabled == Some(true));
        let has_contents = units.iter().any(|u| !u.contents.is_empty());
        let install = units.iter().any(|u| {
            has_install(&u.contents) || u.dropins.iter().any(|d| has_install(&d.contents))
        });
        let ct_warned_already = units
            .iter()
            .any(|u| (u.enable || u.enabled == Some(true)) && !u.contents.is_empty());
        if enabled && has_contents && !install && !ct_warned_already {
            let defs = definitions(sources, &entries, "systemd", "units", "name", name);
            let d = lint(
                Severity::Warning,
                "enabled-without-install",
                format!("unit {name} is enabled, but no definition or drop-in has an [Install] section, so enabling does nothing"),
            )
            .with_help("add `[Install]` with `WantedBy=multi-user.target` to the unit or a drop-in");
            out.extend(on_last(sources, &defs, d, "defined here"));
        }
    }

    // A file at /etc/systemd/system/<unit> collides with the unit.
    for (k, f) in merged.storage.files.iter().enumerate() {
        let Some(rest) = f.path.strip_prefix("/etc/systemd/system/") else {
            continue;
        };
        let collides = merged.systemd.units.iter().any(|u| {
            (rest == u.name && !u.contents.is_empty())
                || u.dropins
                    .iter()
                    .any(|d| rest == format!("{}.d/{}", u.name, d.name))
        });
        if collides {
            let Some(&(document, _)) = origins.files.get(k) else {
                continue;
            };
            let found = sources
                .get(document)
                .and_then(|s| locate(s.text, "storage", "files", "path", &f.path, 0));
            let mut d = lint(
                Severity::Warning,
                "file-unit-conflict",
                format!("file {} is also written by a systemd unit or drop-in of the same name", f.path),
            )
            .with_help("Flatcar before 3185 writes both, the later one winning; Flatcar 3185 and later reject the config at boot (\"path conflicts with systemd unit or dropin\"); keep only the unit");
            d.span = found.as_ref().map(|x| x.0);
            d.path = found.map(|x| x.1);
            out.push((document, d));
        }
    }

    // Users and groups, by name.
    let user_names: Vec<&str> = merged
        .passwd
        .users
        .iter()
        .map(|u| u.name.as_str())
        .collect();
    let group_names: Vec<&str> = merged
        .passwd
        .groups
        .iter()
        .map(|g| g.name.as_str())
        .collect();
    for (list, list_names, list_origins, name_of) in [
        ("users", user_names, &origins.users, 0usize),
        ("groups", group_names, &origins.groups, 1usize),
    ] {
        let mut seen: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut order: Vec<&str> = Vec::new();
        for (k, name) in list_names.into_iter().enumerate() {
            let entry = seen.entry(name).or_default();
            if entry.is_empty() {
                order.push(name);
            }
            entry.push(k);
        }
        for name in order {
            let Some(ks) = seen.get(name) else {
                continue;
            };
            if ks.len() < 2 {
                continue;
            }
            let entries: Vec<(usize, usize)> = ks
                .iter()
                .filter_map(|&k| list_origins.get(k).copied())
                .collect();
            let defs = definitions(sources, &entries, "passwd", list, "name", name);
            let what = if name_of == 0 { "user" } else { "group" };
            let d = lint(
                Severity::Warning,
                if name_of == 0 { "duplicate-user" } else { "duplicate-group" },
                format!("{what} {name} is defined {} times ({})", defs.len(), names(sources, &defs)),
            )
            .with_help(format!(
                "Flatcar before 3185 (spec 2) applies each entry in turn, so later settings win{}; Flatcar 3185 and later fail provisioning at boot (\"duplicate entry defined\") — merge the entries into one",
                if name_of == 0 { " (SSH keys of every entry are added)" } else { "" }
            ));
            out.extend(on_last(sources, &defs, d, "also defined here"));
        }
    }

    // User-data size limits of the platform.
    let size = merged.to_json(false).len();
    if let Some(limit) = user_data_limit(platform.name()) {
        if size > limit.bytes {
            let d = lint(
                Severity::Warning,
                "user-data-size",
                format!(
                    "the merged config is {size} bytes; {} accepts at most {} bytes of user data",
                    limit.platform, limit.bytes
                ),
            )
            .with_help(limit.note);
            out.push((0, d));
        }
    }
    out
}

fn has_install(contents: &str) -> bool {
    contents.lines().any(|l| l.trim() == "[Install]")
}

/// A platform's user-data limit.
pub struct UserDataLimit {
    pub platform: &'static str,
    pub bytes: usize,
    pub note: &'static str,
}

/// User-data limits per ct platform, as plain data.
pub static USER_DATA_LIMITS: &[UserDataLimit] = &[
    UserDataLimit {
        platform: "ec2",
        bytes: 16 * 1024,
        note: "AWS EC2 caps user data at 16 KiB; move large files to remote contents (https/s3) or ignition.config.append",
    },
    UserDataLimit {
        platform: "packet",
        bytes: 128 * 1024,
        note: "Equinix Metal user data over 128 KiB can time out at provisioning (Lokomotive lokomotive-kubernetes#111)",
    },
    UserDataLimit {
        platform: "azure",
        bytes: 64 * 1024,
        note: "Azure custom data is limited to 64 KiB",
    },
    UserDataLimit {
        platform: "digitalocean",
        bytes: 64 * 1024,
        note: "DigitalOcean user data is limited to 64 KiB",
    },
    UserDataLimit {
        platform: "openstack-metadata",
        bytes: 65535,
        note: "OpenStack Nova limits user data to 65535 bytes",
    },
    UserDataLimit {
        platform: "gce",
        bytes: 256 * 1024,
        note: "a GCE metadata value is limited to 256 KiB",
    },
];

pub fn user_data_limit(platform: &str) -> Option<&'static UserDataLimit> {
    USER_DATA_LIMITS.iter().find(|l| l.platform == platform)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permission_strings() {
        assert_eq!(permissions(0o644), "rw-r--r--");
        assert_eq!(permissions(0o1204), "-w----r-T");
        assert_eq!(permissions(0o4755), "rwsr-xr-x");
        assert_eq!(permissions(0o1777), "rwxrwxrwt");
    }

    #[test]
    fn path_problems() {
        assert_eq!(
            path_problem("/usr/bin/x").map(|d| d.code),
            Some("read-only-path")
        );
        assert_eq!(path_problem("/usr").map(|d| d.code), Some("read-only-path"));
        assert_eq!(path_problem("/usrlocal/x").map(|d| d.code), None);
        assert_eq!(
            path_problem("/run/x").map(|d| d.code),
            Some("volatile-path")
        );
        assert_eq!(
            path_problem("/etc//x").map(|d| d.code),
            Some("unclean-path")
        );
        assert_eq!(path_problem("/opt/bin/x").map(|d| d.code), None);
        assert_eq!(path_problem("/etc/hosts").map(|d| d.code), None);
    }

    #[test]
    fn terraform_hazards_fire_and_not() {
        let text = b"ExecStart=/bin/x ${VAR}\nok $${ESCAPED} %%{d}\n%{ if x }\nEOF\n  EOF\n";
        let lines = LineIndex::new(text);
        let mut out = Vec::new();
        terraform_hazards(text, &lines, &mut out);
        let codes: Vec<&str> = out.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            [
                "terraform-interpolation",
                "terraform-directive",
                "terraform-heredoc-end",
                "terraform-heredoc-end"
            ]
        );
        assert_eq!(
            out[0].span.map(|s| (s.start.line, s.start.column)),
            Some((1, 18))
        );
        let mut none = Vec::new();
        let clean = b"a: $${x}\nb: EOFS\n";
        terraform_hazards(clean, &LineIndex::new(clean), &mut none);
        assert!(none.is_empty());
    }

    #[test]
    fn limits_are_data() {
        assert_eq!(user_data_limit("ec2").map(|l| l.bytes), Some(16384));
        assert!(user_data_limit("vagrant-virtualbox").is_none());
    }
}
