//! Just enough of systemd's unit-file and command-line syntax to read the
//! options of a unit and the words of its commands.

/// One `Key=Value` line, continuation lines joined.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct UnitLine {
    pub section: String,
    pub key: String,
    pub value: String,
}

/// The `Key=Value` lines of a unit or drop-in, in order. A line ending in a
/// backslash continues on the next (the backslash becomes a space); comment
/// lines inside a continuation are skipped, as systemd does.
pub(crate) fn parse_unit(text: &str) -> Vec<UnitLine> {
    let mut out = Vec::new();
    let mut section = String::new();
    let mut pending: Option<String> = None;
    for raw in text.lines() {
        if let Some(mut acc) = pending.take() {
            let trimmed = raw.trim_start();
            if trimmed.starts_with('#') || trimmed.starts_with(';') {
                pending = Some(acc);
                continue;
            }
            acc.push(' ');
            match raw.strip_suffix('\\') {
                Some(head) => {
                    acc.push_str(head);
                    pending = Some(acc);
                }
                None => {
                    acc.push_str(raw);
                    push_line(&mut out, &section, &acc);
                }
            }
            continue;
        }
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name.to_owned();
            continue;
        }
        match raw.strip_suffix('\\') {
            Some(head) => pending = Some(head.to_owned()),
            None => push_line(&mut out, &section, raw),
        }
    }
    if let Some(acc) = pending {
        push_line(&mut out, &section, &acc);
    }
    out
}

fn push_line(out: &mut Vec<UnitLine>, section: &str, line: &str) {
    if let Some((key, value)) = line.split_once('=') {
        out.push(UnitLine {
            section: section.to_owned(),
            key: key.trim().to_owned(),
            value: value.trim().to_owned(),
        });
    }
}

/// Splits a command line or an `Environment=` value into words: whitespace
/// separates, single and double quotes group, a backslash escapes the next
/// character outside single quotes.
pub(crate) fn split_words(s: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match quote {
            Some(q) if c == q => quote = None,
            Some('\'') => word.push(c),
            Some(_) if c == '\\' => {
                if let Some(next) = chars.next() {
                    word.push(next);
                }
            }
            Some(_) => word.push(c),
            None => match c {
                '\'' | '"' => {
                    quote = Some(c);
                    in_word = true;
                }
                '\\' => {
                    if let Some(next) = chars.next() {
                        word.push(next);
                    }
                    in_word = true;
                }
                c if c.is_whitespace() => {
                    if in_word {
                        words.push(std::mem::take(&mut word));
                        in_word = false;
                    }
                }
                c => {
                    word.push(c);
                    in_word = true;
                }
            },
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

/// `NAME=value` assignments of an `Environment=` value.
pub(crate) fn environment_assignments(value: &str) -> Vec<(String, String)> {
    split_words(value)
        .into_iter()
        .filter_map(|w| w.split_once('=').map(|(k, v)| (k.to_owned(), v.to_owned())))
        .filter(|(k, _)| !k.is_empty())
        .collect()
}

/// A reference to an environment variable in a command word: `$NAME` (split
/// into words when expanded) or `${NAME}` (one word).
pub(crate) enum VarRef<'a> {
    Split(&'a str),
    Whole(&'a str),
}

pub(crate) fn var_ref(word: &str) -> Option<VarRef<'_>> {
    let name_ok = |n: &str| {
        !n.is_empty()
            && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !n.starts_with(|c: char| c.is_ascii_digit())
    };
    if let Some(inner) = word.strip_prefix("${").and_then(|w| w.strip_suffix('}')) {
        return name_ok(inner).then_some(VarRef::Whole(inner));
    }
    let name = word.strip_prefix('$')?;
    name_ok(name).then_some(VarRef::Split(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_continuations_and_skips_comments() {
        let lines = parse_unit(
            "# c\n[Service]\nExecStart=/bin/a \\\n  --x \\\n# inner\n  --y\nEnvironment=A=1\n[Install]\nWantedBy=multi-user.target\n",
        );
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0].section, "Service");
        assert_eq!(lines[0].key, "ExecStart");
        assert_eq!(split_words(&lines[0].value), ["/bin/a", "--x", "--y"]);
        assert_eq!(lines[2].section, "Install");
    }

    #[test]
    fn splits_words_with_quotes() {
        assert_eq!(
            split_words(r#"a "b c" 'd "e"' f\ g"#),
            ["a", "b c", "d \"e\"", "f g"]
        );
        assert!(split_words("   ").is_empty());
        assert_eq!(
            environment_assignments(r#""DOCKER_OPTS=--a --b" X=1 junk"#),
            [
                ("DOCKER_OPTS".to_owned(), "--a --b".to_owned()),
                ("X".to_owned(), "1".to_owned())
            ]
        );
    }

    #[test]
    fn recognises_variable_references() {
        assert!(matches!(
            var_ref("$DOCKER_OPTS"),
            Some(VarRef::Split("DOCKER_OPTS"))
        ));
        assert!(matches!(var_ref("${A_1}"), Some(VarRef::Whole("A_1"))));
        assert!(var_ref("$2").is_none());
        assert!(var_ref("${}").is_none());
        assert!(var_ref("plain").is_none());
    }
}
