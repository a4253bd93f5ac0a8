//! Snippets out of a Lokomotive `.lokocfg` (HCL): `controller_clc_snippets`,
//! `clc_snippets` in each `worker_pool "NAME"` block, and bare metal's
//! per-machine maps. Heredocs (`<<EOF`, `<<-EOF`) and quoted strings are read
//! as Terraform would render them (`$${` → `${`); `file("…")` references are
//! reported as needing that file, never read.

mod hcl;

use hcl::{Expr, Structure};

use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::source::LineIndex;

/// One snippet found in the `.lokocfg`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedSnippet {
    /// `controller[0]`, `worker_pool.NAME[1]`, `clc_snippets.MACHINE[0]`.
    pub name: String,
    /// The snippet text as Terraform would hand it to the ct provider.
    pub text: String,
    /// Where the text starts in the `.lokocfg` (1-based; column in characters).
    pub line: u32,
    pub column: u32,
    /// For `file("…")` items: the referenced path (text is then empty).
    pub file: Option<String>,
}

/// Everything found, and what could not be imported.
#[derive(Clone, Debug, Default)]
pub struct Import {
    pub snippets: Vec<ImportedSnippet>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads the snippets out of `.lokocfg` text.
pub fn import(text: &str) -> Import {
    let lines = LineIndex::new(text.as_bytes());
    let mut import = Import::default();
    let body = match hcl::parse(text) {
        Ok(body) => body,
        Err(e) => {
            let offset = clamp(e.offset);
            let mut d = Diagnostic::new(
                Severity::Error,
                "lokocfg-syntax",
                format!("not valid HCL: {}", e.message),
            )
            .with_help("a .lokocfg file is HCL: `cluster \"equinixmetal\" { … }` blocks with `key = value` attributes");
            d.span = Some(lines.span(text.as_bytes(), offset, offset));
            import.diagnostics.push(d);
            return import;
        }
    };
    let mut walker = Walker {
        text,
        lines: &lines,
        out: &mut import,
    };
    walker.body(&body, None);
    import
}

struct Walker<'a> {
    text: &'a str,
    lines: &'a LineIndex,
    out: &'a mut Import,
}

impl Walker<'_> {
    fn body(&mut self, body: &[Structure], pool: Option<&str>) {
        for structure in body {
            match structure {
                Structure::Attribute { key, value } => match (key.as_str(), pool) {
                    ("controller_clc_snippets", _) => self.list(value, "controller"),
                    ("clc_snippets", Some(pool)) => {
                        let prefix = format!("worker_pool.{pool}");
                        self.list_or_map(value, &prefix, "clc_snippets");
                    }
                    ("clc_snippets", None) => {
                        self.list_or_map(value, "clc_snippets", "clc_snippets")
                    }
                    ("installer_clc_snippets", _) => {
                        self.list_or_map(value, "installer_clc_snippets", "installer_clc_snippets")
                    }
                    _ => {}
                },
                Structure::Block {
                    ident,
                    labels,
                    body,
                } => {
                    if ident == "worker_pool" {
                        let name = labels.first().map(String::as_str).unwrap_or_default();
                        self.body(body, Some(name));
                    } else {
                        self.body(body, pool);
                    }
                }
            }
        }
    }

    /// A list of snippets, or bare metal's map of machine name → list.
    fn list_or_map(&mut self, value: &Expr, prefix: &str, map_prefix: &str) {
        match value {
            Expr::Object { entries, .. } => {
                for (machine, entry) in entries {
                    self.list(entry, &format!("{map_prefix}.{machine}"));
                }
            }
            other => self.list(other, prefix),
        }
    }

    fn list(&mut self, value: &Expr, prefix: &str) {
        let Expr::List { items, .. } = value else {
            self.problem(
                value,
                format!("`{prefix}` is not a list of snippets; it cannot be imported"),
            );
            return;
        };
        for (index, item) in items.iter().enumerate() {
            let name = format!("{prefix}[{index}]");
            self.item(item, name);
        }
    }

    fn item(&mut self, item: &Expr, name: String) {
        match item {
            Expr::Heredoc { indented, body, .. } => {
                let raw = self.text.get(body.clone()).unwrap_or_default();
                let body_text = if *indented {
                    strip_indent(raw)
                } else {
                    raw.to_owned()
                };
                self.push(name, render_template(&body_text), body.start, None);
                if has_interpolation(&body_text) {
                    self.warn_interpolation(item);
                }
            }
            Expr::Quoted { inner, .. } => {
                let raw = self.text.get(inner.clone()).unwrap_or_default();
                self.push(name, unescape_quoted(raw), inner.start, None);
                if has_interpolation(raw) {
                    self.warn_interpolation(item);
                }
            }
            Expr::Call { name: function, args, span } if function == "file" => {
                let path = match args.first() {
                    Some(Expr::Quoted { inner, .. }) => {
                        unescape_quoted(self.text.get(inner.clone()).unwrap_or_default())
                    }
                    Some(other) => self.raw(other).to_owned(),
                    None => String::new(),
                };
                let mut d = self.diagnostic(
                    item,
                    Severity::Info,
                    "lokocfg-file",
                    format!("{name} is read from the file {path:?}; open that file to add it"),
                );
                d.help = Some("the playground never reads files on its own: open or drop the file to add it as a snippet".into());
                self.out.diagnostics.push(d);
                self.push(name, String::new(), span.start, Some(path));
            }
            other => self.problem(
                other,
                format!("{name} is a Terraform expression that only Terraform can evaluate; it cannot be imported"),
            ),
        }
    }

    fn push(&mut self, name: String, text: String, offset: usize, file: Option<String>) {
        let position = self.lines.position(self.text.as_bytes(), clamp(offset));
        self.out.snippets.push(ImportedSnippet {
            name,
            text,
            line: position.line,
            column: position.column,
            file,
        });
    }

    fn raw(&self, e: &Expr) -> &str {
        self.text.get(e.span()).unwrap_or_default()
    }

    fn diagnostic(
        &self,
        e: &Expr,
        severity: Severity,
        code: &'static str,
        message: String,
    ) -> Diagnostic {
        let mut d = Diagnostic::new(severity, code, message);
        let r = e.span();
        d.span = Some(self.span(r.start, r.end));
        d
    }

    fn span(&self, start: usize, end: usize) -> Span {
        self.lines
            .span(self.text.as_bytes(), clamp(start), clamp(end))
    }

    fn problem(&mut self, e: &Expr, message: String) {
        let d = self.diagnostic(e, Severity::Warning, "lokocfg-unsupported", message);
        self.out.diagnostics.push(d);
    }

    fn warn_interpolation(&mut self, e: &Expr) {
        let d = self
            .diagnostic(
                e,
                Severity::Warning,
                "terraform-interpolation",
                "this snippet contains `${…}`, which Terraform interpolates before ct sees it"
                    .into(),
            )
            .with_help("write `$${…}` for a literal `${…}` (e.g. systemd variables)");
        self.out.diagnostics.push(d);
    }
}

fn clamp(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// `<<-EOF` bodies lose the smallest indentation of their non-blank lines.
fn strip_indent(body: &str) -> String {
    let indent_of = |l: &str| l.len() - l.trim_start_matches([' ', '\t']).len();
    let indent = body
        .split_inclusive('\n')
        .filter(|l| !l.trim().is_empty())
        .map(indent_of)
        .min()
        .unwrap_or(0);
    body.split_inclusive('\n')
        .map(|l| l.get(indent_of(l).min(indent)..).unwrap_or_default())
        .collect()
}

/// Terraform template escapes: `$${` → `${`, `%%{` → `%{`.
fn render_template(s: &str) -> String {
    s.replace("$${", "${").replace("%%{", "%{")
}

/// True when the text holds a real (unescaped) `${` or `%{`.
fn has_interpolation(s: &str) -> bool {
    let b = s.as_bytes();
    b.windows(2).enumerate().any(|(i, w)| match w {
        [c @ (b'$' | b'%'), b'{'] => i.checked_sub(1).and_then(|p| b.get(p)) != Some(c),
        _ => false,
    })
}

/// HCL quoted-string escapes plus the template escapes.
fn unescape_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('"') => out.push('"'),
            Some('\\') => out.push('\\'),
            Some(u @ ('u' | 'U')) => {
                let len = if u == 'u' { 4 } else { 8 };
                let hex: String = chars.by_ref().take(len).collect();
                match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    Some(ch) => out.push(ch),
                    None => {
                        out.push('\\');
                        out.push(u);
                        out.push_str(&hex);
                    }
                }
            }
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    render_template(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOKOCFG: &str = r#"cluster "equinixmetal" {
  asset_dir = "./assets"
  controller_clc_snippets = [
    <<EOF
systemd:
  units:
    - name: helloworld.service
      dropins:
        - name: 10-helloworld.conf
          contents: |
            [Service]
            Environment=X=$${HOME}
EOF
    ,
    file("./snippet/controller-snippet.yaml"),
  ]
  worker_pool "pool-1" {
    count = 2
    clc_snippets = [
      "storage:\n  files:\n    - path: /etc/x\n      mode: 0644\n",
      <<-EOT
        passwd:
          users:
            - name: core
      EOT
    ]
  }
}
"#;

    #[test]
    fn finds_controller_and_pool_snippets() {
        let import = import(LOKOCFG);
        let names: Vec<&str> = import.snippets.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "controller[0]",
                "controller[1]",
                "worker_pool.pool-1[0]",
                "worker_pool.pool-1[1]"
            ]
        );
        let first = &import.snippets[0];
        assert!(first.text.starts_with("systemd:\n"));
        assert!(first.text.contains("Environment=X=${HOME}\n"));
        assert_eq!((first.line, first.column), (5, 1));
        assert_eq!(
            import.snippets[1].file.as_deref(),
            Some("./snippet/controller-snippet.yaml")
        );
        assert_eq!(
            import.snippets[2].text,
            "storage:\n  files:\n    - path: /etc/x\n      mode: 0644\n"
        );
        assert_eq!(import.snippets[2].column, 8);
        assert_eq!(
            import.snippets[3].text,
            "passwd:\n  users:\n    - name: core\n"
        );
    }

    #[test]
    fn bare_metal_maps_by_machine() {
        let text = "cluster \"bare-metal\" {\n  clc_snippets = {\n    \"node1\" = [\"a: 1\\n\"]\n    node2 = [\"b: 2\\n\"]\n  }\n}\n";
        let import = import(text);
        let names: Vec<&str> = import.snippets.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["clc_snippets.node1[0]", "clc_snippets.node2[0]"]);
    }

    #[test]
    fn garbage_and_unterminated_heredocs_are_diagnosed() {
        let import = import("this is { not HCL");
        assert!(import.snippets.is_empty());
        assert_eq!(import.diagnostics[0].code, "lokocfg-syntax");
        assert!(import.diagnostics[0].span.is_some());
        let import = super::import("x {\n  controller_clc_snippets = [<<EOF\nsystemd: {}\n");
        assert!(import.snippets.is_empty());
        assert!(!import.diagnostics.is_empty());
    }

    #[test]
    fn interpolation_is_flagged() {
        let import = import("c {\n  controller_clc_snippets = [\"x: ${var.y}\"]\n}\n");
        assert!(import
            .diagnostics
            .iter()
            .any(|d| d.code == "terraform-interpolation"));
        assert!(!has_interpolation("a $${b} %%{c}"));
        assert!(has_interpolation("a ${b}"));
    }
}
