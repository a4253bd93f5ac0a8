//! Diagnostics as text for people (code frames) and as JSON for tools.

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::LineIndex;

/// Renders `diagnostics` of the document `name` as code frames:
///
/// ```text
/// warning[unknown-key]: Config has unrecognized key: inlined
///   --> snippet.yaml:6:9
///    |
///  6 |         inlined: typo
///    |         ^^^^^^^
///    = help: …
/// ```
pub fn human(name: &str, text: &[u8], diagnostics: &[Diagnostic], color: bool) -> String {
    let lines = LineIndex::new(text);
    let mut out = String::new();
    for d in diagnostics {
        render_one(&mut out, name, text, &lines, d, color);
    }
    out
}

fn paint(color: bool, code: &str, text: &str) -> String {
    if color {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_owned()
    }
}

fn render_one(
    out: &mut String,
    name: &str,
    text: &[u8],
    lines: &LineIndex,
    d: &Diagnostic,
    color: bool,
) {
    let severity_color = match d.severity {
        Severity::Error => "1;31",
        Severity::Warning => "1;33",
        Severity::Info | Severity::Deprecated => "1;36",
    };
    let head = format!("{}[{}]", d.severity.as_str(), d.code);
    out.push_str(&paint(color, severity_color, &head));
    out.push_str(": ");
    out.push_str(&paint(color, "1", &d.message.replace('\n', "\n  ")));
    out.push('\n');
    match d.span {
        Some(span) => {
            let gutter = span.start.line.to_string().len();
            let pad = " ".repeat(gutter);
            out.push_str(&format!(
                "{pad}{} {name}:{}:{}",
                paint(color, "1;34", "-->"),
                span.start.line,
                span.start.column
            ));
            if let Some(path) = &d.path {
                out.push_str(&format!(" ({path})"));
            }
            out.push('\n');
            if let Some((start, end)) = lines.line_range(text, span.start.line) {
                let line = text.get(start..end).unwrap_or_default();
                let source = String::from_utf8_lossy(line).replace('\t', " ");
                out.push_str(&format!("{pad} {}\n", paint(color, "1;34", "|")));
                out.push_str(&format!(
                    "{} {} {}\n",
                    paint(color, "1;34", &span.start.line.to_string()),
                    paint(color, "1;34", "|"),
                    source
                ));
                let first_col = span.start.column.saturating_sub(1) as usize;
                let width = if span.end.line == span.start.line {
                    (span.end.column.saturating_sub(span.start.column) as usize).max(1)
                } else {
                    source.chars().count().saturating_sub(first_col).max(1)
                };
                out.push_str(&format!(
                    "{pad} {} {}{}\n",
                    paint(color, "1;34", "|"),
                    " ".repeat(first_col),
                    paint(color, severity_color, &"^".repeat(width.min(200)))
                ));
            }
            if let Some(help) = &d.help {
                out.push_str(&format!(
                    "{pad} {} help: {help}\n",
                    paint(color, "1;34", "=")
                ));
            }
            render_related(out, name, d, &pad, color);
        }
        None => {
            let mut location = format!("  {} {name}", paint(color, "1;34", "-->"));
            if let Some(path) = &d.path {
                if !path.is_root() {
                    location.push_str(&format!(" ({path})"));
                }
            }
            out.push_str(&location);
            out.push('\n');
            if let Some(help) = &d.help {
                out.push_str(&format!("  {} help: {help}\n", paint(color, "1;34", "=")));
            }
            render_related(out, name, d, " ", color);
        }
    }
    out.push('\n');
}

/// `= note: also defined here: base.yaml:3:13` lines.
fn render_related(out: &mut String, name: &str, d: &Diagnostic, pad: &str, color: bool) {
    for r in &d.related {
        let document = r.document.as_deref().unwrap_or(name);
        let location = match r.span {
            Some(s) => format!("{document}:{}:{}", s.start.line, s.start.column),
            None => document.to_owned(),
        };
        out.push_str(&format!(
            "{pad} {} note: {}: {location}\n",
            paint(color, "1;34", "="),
            r.message
        ));
    }
}

/// One diagnostic as a JSON object: severity, code, message, path, start and
/// end (1-based line and column, byte offset), ct's position, help.
pub fn to_json_value(d: &Diagnostic, document: Option<&str>) -> serde_json::Value {
    use serde_json::{json, Value};
    let position = |p: crate::diagnostic::Position| json!({"line": p.line, "column": p.column, "offset": p.offset});
    let mut v = json!({
        "severity": d.severity.as_str(),
        "code": d.code,
        "message": d.message,
        "path": d.path.as_ref().map(|p| p.to_string()),
        "start": d.span.map(|s| position(s.start)),
        "end": d.span.map(|s| position(s.end)),
        "ct_position": d.ct_position.map(|(line, column)| json!({"line": line, "column": column})),
        "help": d.help,
        "related": d.related.iter().map(|r| json!({
            "document": r.document,
            "path": r.path.as_ref().map(|p| p.to_string()),
            "start": r.span.map(|s| position(s.start)),
            "end": r.span.map(|s| position(s.end)),
            "message": r.message,
        })).collect::<Vec<_>>(),
    });
    if let (Some(doc), Value::Object(map)) = (document, &mut v) {
        map.insert("document".into(), Value::String(doc.to_owned()));
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Position, Span};

    #[test]
    fn code_frame_points_at_the_span() {
        let text = b"storage:\n  files:\n    - path: relative\n";
        let mut d = Diagnostic::new(Severity::Error, "path-not-absolute", "path not absolute")
            .with_help("paths start with /");
        d.span = Some(Span {
            start: Position {
                offset: 30,
                line: 3,
                column: 13,
            },
            end: Position {
                offset: 38,
                line: 3,
                column: 21,
            },
        });
        let out = human("x.yaml", text, &[d], false);
        assert_eq!(
            out,
            "error[path-not-absolute]: path not absolute\n --> x.yaml:3:13\n  |\n3 |     - path: relative\n  |             ^^^^^^^^\n  = help: paths start with /\n\n"
        );
    }

    #[test]
    fn json_form_has_positions() {
        let mut d = Diagnostic::new(
            Severity::Warning,
            "unknown-key",
            "Config has unrecognized key: x",
        );
        d.span = Some(Span::default());
        let v = to_json_value(&d, Some("base"));
        assert_eq!(v["severity"], "warning");
        assert_eq!(v["start"]["line"], 0);
        assert_eq!(v["document"], "base");
    }
}
