//! Shared helpers of the fixture-driven tests.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use clc_core::convert::LocalFiles;
use clc_core::{Options, PlatformChoice};

/// The project root (two levels above this crate).
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Reads `contents.local` files relative to a case directory, with Go's
/// error wording.
pub struct CaseFiles {
    pub base: PathBuf,
    pub dir: String,
}

impl LocalFiles for CaseFiles {
    fn files_dir(&self) -> &str {
        &self.dir
    }
    fn read(&self, path: &str) -> Result<Vec<u8>, String> {
        let full = self.base.join(path);
        if full.is_dir() {
            return Err(format!("read {path}: is a directory"));
        }
        fs::read(&full).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => format!("open {path}: no such file or directory"),
            std::io::ErrorKind::PermissionDenied => format!("open {path}: permission denied"),
            _ => format!("open {path}: {e}"),
        })
    }
}

/// ct's flags from a case's `args` file.
pub struct Args {
    pub platform: PlatformChoice,
    pub strict: bool,
    pub files_dir: Option<String>,
}

pub fn parse_args(text: &str) -> Args {
    let mut args = Args {
        platform: PlatformChoice::None,
        strict: false,
        files_dir: None,
    };
    for word in text.split_whitespace() {
        let word = word.trim_start_matches('-');
        if let Some(p) = word.strip_prefix("platform=") {
            args.platform = PlatformChoice::parse(p);
        } else if word == "strict" {
            args.strict = true;
        } else if let Some(d) = word.strip_prefix("files-dir=") {
            args.files_dir = Some(d.to_owned());
        }
    }
    args
}

pub fn options<'a>(args: &Args, files: Option<&'a CaseFiles>) -> Options<'a> {
    Options {
        platform: args.platform.clone(),
        strict: args.strict,
        files: files.map(|f| f as &dyn LocalFiles),
        ..Options::default()
    }
}

pub fn read_to_string(path: &Path) -> Option<String> {
    fs::read(path)
        .ok()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
}

/// Sorted subdirectories of `dir`.
pub fn case_dirs(dir: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    dirs
}

/// Line-by-line difference summary for failure messages.
pub fn first_difference(expected: &str, actual: &str) -> String {
    for (i, (e, a)) in expected.lines().zip(actual.lines()).enumerate() {
        if e != a {
            return format!("line {}:\n    expected: {e:?}\n    actual:   {a:?}", i + 1);
        }
    }
    format!(
        "lengths differ: expected {} bytes ({} lines), actual {} bytes ({} lines)\n    expected tail: {:?}\n    actual tail:   {:?}",
        expected.len(),
        expected.lines().count(),
        actual.len(),
        actual.lines().count(),
        expected.chars().rev().take(80).collect::<String>().chars().rev().collect::<String>(),
        actual.chars().rev().take(80).collect::<String>().chars().rev().collect::<String>()
    )
}
