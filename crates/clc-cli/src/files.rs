//! Local files for `contents.local`, read from `--files-dir`.

use clc_core::convert::LocalFiles;

pub struct DiskFiles {
    pub dir: String,
}

impl LocalFiles for DiskFiles {
    fn files_dir(&self) -> &str {
        &self.dir
    }
    fn read(&self, path: &str) -> Result<Vec<u8>, String> {
        if std::path::Path::new(path).is_dir() {
            return Err(format!("read {path}: is a directory"));
        }
        std::fs::read(path).map_err(|e| go_open_error(path, &e))
    }
}

/// Go's `*PathError` text for a failed open: `open PATH: no such file or directory`.
pub fn go_open_error(path: &str, e: &std::io::Error) -> String {
    let reason = match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => {
            let text = e.to_string();
            // Rust appends " (os error N)"; Go prints the bare strerror, lower-cased.
            let bare = text.split(" (os error").next().unwrap_or(&text);
            let mut chars = bare.chars();
            match chars.next() {
                Some(c) => c.to_lowercase().chain(chars).collect(),
                None => String::new(),
            }
        }
    };
    format!("open {path}: {reason}")
}
