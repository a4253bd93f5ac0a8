//! Logical locations inside a config: `storage.files[1].mode`.

use std::fmt;

/// One step of a [`ConfigPath`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Segment {
    Key(String),
    Index(usize),
}

/// A path from the document root to a value, printed as `storage.files[1].mode`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct ConfigPath(pub Vec<Segment>);

impl ConfigPath {
    pub fn root() -> Self {
        ConfigPath(Vec::new())
    }

    pub fn key(&self, key: &str) -> Self {
        let mut segments = self.0.clone();
        segments.push(Segment::Key(key.to_owned()));
        ConfigPath(segments)
    }

    pub fn index(&self, index: usize) -> Self {
        let mut segments = self.0.clone();
        segments.push(Segment::Index(index));
        ConfigPath(segments)
    }

    pub fn segments(&self) -> &[Segment] {
        &self.0
    }

    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }
}

/// Builds a path from literal segments: `path!["storage", "files", 1, "mode"]`.
#[macro_export]
macro_rules! config_path {
    ($($seg:expr),* $(,)?) => {{
        #[allow(unused_mut)]
        let mut p = $crate::path::ConfigPath::root();
        $( p = $crate::path::IntoSegment::push_onto($seg, p); )*
        p
    }};
}

/// Anything that can be one segment of a path literal.
pub trait IntoSegment {
    fn push_onto(self, path: ConfigPath) -> ConfigPath;
}

impl IntoSegment for &str {
    fn push_onto(self, mut path: ConfigPath) -> ConfigPath {
        path.0.push(Segment::Key(self.to_owned()));
        path
    }
}

impl IntoSegment for usize {
    fn push_onto(self, mut path: ConfigPath) -> ConfigPath {
        path.0.push(Segment::Index(self));
        path
    }
}

/// Paths travel as their text (`storage.files[1].mode`).
impl serde::Serialize for ConfigPath {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl fmt::Display for ConfigPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("$");
        }
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Key(key) => {
                    let plain = !key.is_empty()
                        && key
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
                    if plain {
                        if i > 0 {
                            f.write_str(".")?;
                        }
                        f.write_str(key)?;
                    } else {
                        write!(f, "[{key:?}]")?;
                    }
                }
                Segment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_keys_and_indices() {
        let p = config_path!["storage", "files", 1usize, "mode"];
        assert_eq!(p.to_string(), "storage.files[1].mode");
    }

    #[test]
    fn root_is_dollar() {
        assert_eq!(ConfigPath::root().to_string(), "$");
    }

    #[test]
    fn odd_keys_are_quoted() {
        let p = ConfigPath::root().key("x-defaults").key("<<").key("a b");
        assert_eq!(p.to_string(), "x-defaults[\"<<\"][\"a b\"]");
        let p = ConfigPath::root().index(0);
        assert_eq!(p.to_string(), "[0]");
    }
}
