//! Just enough HCL to find snippets in a `.lokocfg`: bodies of attributes
//! and blocks, and expressions as lists, objects, quoted strings, heredocs
//! and function calls. Every other expression (references, arithmetic,
//! conditionals, `for` expressions) is read over as one opaque span, so a
//! config that Terraform accepts is never refused for using them.
//!
//! Positions are byte offsets into the text; nothing is evaluated.

use std::ops::Range;

/// A syntax error and where it was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub offset: usize,
}

/// An attribute `key = value` or a block `ident "label" { … }`.
#[derive(Clone, Debug)]
pub enum Structure {
    Attribute {
        key: String,
        value: Expr,
    },
    Block {
        ident: String,
        labels: Vec<String>,
        body: Vec<Structure>,
    },
}

#[derive(Clone, Debug)]
pub enum Expr {
    /// `[a, b]`.
    List {
        span: Range<usize>,
        items: Vec<Expr>,
    },
    /// `{ key = value }`; each key as written, without quotes.
    Object {
        span: Range<usize>,
        entries: Vec<(String, Expr)>,
    },
    /// `"…"`; `inner` excludes the quotes and is still escaped.
    Quoted {
        span: Range<usize>,
        inner: Range<usize>,
    },
    /// `<<EOF` or `<<-EOF`: the body lines between the marker lines.
    Heredoc {
        span: Range<usize>,
        indented: bool,
        body: Range<usize>,
    },
    /// `name(args…)`.
    Call {
        span: Range<usize>,
        name: String,
        args: Vec<Expr>,
    },
    /// Anything else.
    Other { span: Range<usize> },
}

impl Expr {
    pub fn span(&self) -> Range<usize> {
        match self {
            Expr::List { span, .. }
            | Expr::Object { span, .. }
            | Expr::Quoted { span, .. }
            | Expr::Heredoc { span, .. }
            | Expr::Call { span, .. }
            | Expr::Other { span } => span.clone(),
        }
    }
}

/// Deep enough for any real config, shallow enough for the stack.
const MAX_NESTING: usize = 256;

/// Parses a whole `.lokocfg` body.
pub fn parse(text: &str) -> Result<Vec<Structure>, SyntaxError> {
    let mut p = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        depth: 0,
    };
    let body = p.body(false)?;
    Ok(body)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
}

/// What ends an expression besides the end of the text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    /// An attribute value: a line break, or the `}` of a one-line block.
    Attribute,
    /// A list item: `,` or `]`.
    List,
    /// An object value: `,`, a line break or `}`.
    Object,
    /// A call argument: `,` or `)`.
    Call,
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b >= 0x80
}

fn is_ident_continue(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b >= 0x80
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.pos + ahead).copied()
    }

    fn error<T>(&self, offset: usize, message: impl Into<String>) -> Result<T, SyntaxError> {
        Err(SyntaxError {
            message: message.into(),
            offset,
        })
    }

    /// A description of what is at `pos`, for messages.
    fn found(&self) -> String {
        match self
            .text
            .get(self.pos..)
            .and_then(|rest| rest.chars().next())
        {
            None => "the end of the file".to_owned(),
            Some('\n') => "a line break".to_owned(),
            Some(c) => format!("`{c}`"),
        }
    }

    /// Skips blanks and comments; line breaks too when `newlines`.
    fn skip(&mut self, newlines: bool) -> Result<(), SyntaxError> {
        while let Some(b) = self.peek() {
            match b {
                b' ' | b'\t' | b'\r' => self.pos += 1,
                b'\n' if newlines => self.pos += 1,
                b'#' => self.skip_line_comment(),
                b'/' if self.peek_at(1) == Some(b'/') => self.skip_line_comment(),
                b'/' if self.peek_at(1) == Some(b'*') => {
                    let start = self.pos;
                    match self.text.get(self.pos + 2..).and_then(|r| r.find("*/")) {
                        Some(end) => self.pos += 2 + end + 2,
                        None => return self.error(start, "this comment is never closed with `*/`"),
                    }
                }
                _ => break,
            }
        }
        Ok(())
    }

    fn skip_line_comment(&mut self) {
        let rest = self.bytes.get(self.pos..).unwrap_or_default();
        self.pos += rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
    }

    fn ident(&mut self) -> Option<String> {
        let start = self.pos;
        if !self.peek().is_some_and(is_ident_start) {
            return None;
        }
        while self.peek().is_some_and(is_ident_continue) {
            self.pos += 1;
        }
        self.text.get(start..self.pos).map(str::to_owned)
    }

    fn enter(&mut self) -> Result<(), SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return self.error(
                self.pos,
                format!("nested more than {MAX_NESTING} levels deep"),
            );
        }
        Ok(())
    }

    /// Attributes and blocks up to the end of the text, or up to the `}`
    /// that closes the block (`in_block`), which is consumed.
    fn body(&mut self, in_block: bool) -> Result<Vec<Structure>, SyntaxError> {
        let mut out = Vec::new();
        loop {
            self.skip(true)?;
            match self.peek() {
                None if in_block => {
                    return self.error(self.pos, "a block is never closed with `}`")
                }
                None => return Ok(out),
                Some(b'}') if in_block => {
                    self.pos += 1;
                    return Ok(out);
                }
                _ => {}
            }
            let start = self.pos;
            let Some(name) = self.ident() else {
                return self.error(
                    start,
                    format!("expected an attribute or a block, found {}", self.found()),
                );
            };
            self.skip(false)?;
            if self.peek() == Some(b'=') && self.peek_at(1) != Some(b'=') {
                self.pos += 1;
                let value = self.expr(Context::Attribute)?;
                self.skip(false)?;
                match self.peek() {
                    None | Some(b'\n') => {}
                    Some(b'}') if in_block => {}
                    _ => {
                        return self.error(
                            self.pos,
                            format!(
                                "expected a line break after the value of `{name}`, found {}",
                                self.found()
                            ),
                        )
                    }
                }
                out.push(Structure::Attribute { key: name, value });
                continue;
            }
            let mut labels = Vec::new();
            loop {
                self.skip(false)?;
                match self.peek() {
                    Some(b'"') => {
                        let (_, inner) = self.quoted()?;
                        labels.push(self.text.get(inner).unwrap_or_default().to_owned());
                    }
                    Some(b'{') => break,
                    Some(b) if is_ident_start(b) => labels.extend(self.ident()),
                    _ => {
                        return self.error(
                            self.pos,
                            format!(
                                "expected `=` or a block's `{{` after `{name}`, found {}",
                                self.found()
                            ),
                        )
                    }
                }
            }
            self.pos += 1; // the `{`
            self.enter()?;
            let body = self.body(true)?;
            self.depth -= 1;
            out.push(Structure::Block {
                ident: name,
                labels,
                body,
            });
        }
    }

    /// One expression, up to (not including) what ends it in `context`.
    fn expr(&mut self, context: Context) -> Result<Expr, SyntaxError> {
        let newlines = context == Context::List || context == Context::Call;
        self.skip(newlines)?;
        let start = self.pos;
        let mut parts: Vec<Expr> = Vec::new();
        loop {
            self.skip(newlines)?;
            let Some(b) = self.peek() else { break };
            let ends = match context {
                Context::Attribute => b == b'\n' || b == b'}',
                Context::List => b == b',' || b == b']',
                Context::Object => b == b',' || b == b'\n' || b == b'}',
                Context::Call => b == b',' || b == b')',
            };
            if ends {
                break;
            }
            parts.push(self.term()?);
        }
        if parts.is_empty() {
            return self.error(
                self.pos,
                format!("expected a value, found {}", self.found()),
            );
        }
        if parts.len() == 1 {
            return Ok(parts.remove(0));
        }
        let end = parts.last().map_or(start, |p| p.span().end);
        Ok(Expr::Other { span: start..end })
    }

    /// One operand or operator of an expression.
    fn term(&mut self) -> Result<Expr, SyntaxError> {
        let start = self.pos;
        let Some(b) = self.peek() else {
            return self.error(start, "expected a value, found the end of the file");
        };
        match b {
            b'"' => {
                let (span, inner) = self.quoted()?;
                Ok(Expr::Quoted { span, inner })
            }
            b'<' if self.peek_at(1) == Some(b'<') => self.heredoc(),
            b'[' => self.list(),
            b'{' => self.object(),
            b'(' => {
                self.pos += 1;
                self.enter()?;
                self.expr(Context::Call)?;
                self.skip(true)?;
                if self.peek() != Some(b')') {
                    return self.error(self.pos, format!("expected `)`, found {}", self.found()));
                }
                self.pos += 1;
                self.depth -= 1;
                Ok(Expr::Other {
                    span: start..self.pos,
                })
            }
            b')' | b']' | b'}' => self.error(start, format!("unexpected {}", self.found())),
            _ if is_ident_start(b) => {
                let name = self.ident().unwrap_or_default();
                if self.peek() == Some(b'(') {
                    self.call(start, name)
                } else {
                    Ok(Expr::Other {
                        span: start..self.pos,
                    })
                }
            }
            _ => {
                // A number, an operator or punctuation: one character at a
                // time (whole characters, so spans stay on boundaries).
                let len = self
                    .text
                    .get(self.pos..)
                    .and_then(|r| r.chars().next())
                    .map_or(1, char::len_utf8);
                self.pos += len;
                Ok(Expr::Other {
                    span: start..self.pos,
                })
            }
        }
    }

    fn list(&mut self) -> Result<Expr, SyntaxError> {
        let start = self.pos;
        self.pos += 1;
        self.enter()?;
        let mut items = Vec::new();
        loop {
            self.skip(true)?;
            match self.peek() {
                Some(b']') => break,
                None => return self.error(start, "this list is never closed with `]`"),
                _ => {}
            }
            items.push(self.expr(Context::List)?);
            self.skip(true)?;
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => break,
                None => return self.error(start, "this list is never closed with `]`"),
                _ => {
                    return self.error(
                        self.pos,
                        format!("expected `,` or `]` in a list, found {}", self.found()),
                    )
                }
            }
        }
        self.pos += 1;
        self.depth -= 1;
        // `[for x in xs : f(x)]` is Terraform's to evaluate.
        let for_expr = matches!(items.first(), Some(Expr::Other { span })
            if self.text.get(span.clone()).is_some_and(|t| t.starts_with("for ") || t.starts_with("for\t")));
        if for_expr {
            return Ok(Expr::Other {
                span: start..self.pos,
            });
        }
        Ok(Expr::List {
            span: start..self.pos,
            items,
        })
    }

    fn object(&mut self) -> Result<Expr, SyntaxError> {
        let start = self.pos;
        self.pos += 1;
        self.enter()?;
        let mut entries = Vec::new();
        let mut opaque = false;
        loop {
            self.skip(true)?;
            match self.peek() {
                Some(b'}') => break,
                None => return self.error(start, "this object is never closed with `}`"),
                _ => {}
            }
            let key = match self.peek() {
                Some(b'"') => {
                    let (_, inner) = self.quoted()?;
                    self.text.get(inner).unwrap_or_default().to_owned()
                }
                Some(b'(') => {
                    let e = self.term()?;
                    self.text.get(e.span()).unwrap_or_default().to_owned()
                }
                Some(b) if is_ident_start(b) => self.ident().unwrap_or_default(),
                _ => {
                    return self.error(
                        self.pos,
                        format!("expected an object key, found {}", self.found()),
                    )
                }
            };
            if key == "for" && entries.is_empty() {
                // `{for k, v in m : k => v}`: skip to the closing brace.
                opaque = true;
                while !matches!(self.peek(), Some(b'}') | None) {
                    self.skip(true)?;
                    if self.peek() != Some(b'}') {
                        self.term()?;
                    }
                }
                continue;
            }
            self.skip(false)?;
            match self.peek() {
                Some(b'=' | b':') => self.pos += 1,
                _ => {
                    return self.error(
                        self.pos,
                        format!(
                            "expected `=` or `:` after the object key `{key}`, found {}",
                            self.found()
                        ),
                    )
                }
            }
            let value = self.expr(Context::Object)?;
            entries.push((key, value));
            self.skip(false)?;
            if self.peek() == Some(b',') {
                self.pos += 1;
            }
        }
        self.pos += 1;
        self.depth -= 1;
        if opaque {
            return Ok(Expr::Other {
                span: start..self.pos,
            });
        }
        Ok(Expr::Object {
            span: start..self.pos,
            entries,
        })
    }

    fn call(&mut self, start: usize, name: String) -> Result<Expr, SyntaxError> {
        self.pos += 1; // `(`
        self.enter()?;
        let mut args = Vec::new();
        loop {
            self.skip(true)?;
            match self.peek() {
                Some(b')') => break,
                None => {
                    return self.error(
                        start,
                        format!("the call `{name}(` is never closed with `)`"),
                    )
                }
                _ => {}
            }
            args.push(self.expr(Context::Call)?);
            self.skip(true)?;
            // `f(xs...)` expands a list argument.
            if self
                .text
                .get(self.pos..)
                .is_some_and(|r| r.starts_with("..."))
            {
                self.pos += 3;
                self.skip(true)?;
            }
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b')') => break,
                None => {
                    return self.error(
                        start,
                        format!("the call `{name}(` is never closed with `)`"),
                    )
                }
                _ => {
                    return self.error(
                        self.pos,
                        format!(
                            "expected `,` or `)` in the call `{name}(`, found {}",
                            self.found()
                        ),
                    )
                }
            }
        }
        self.pos += 1;
        self.depth -= 1;
        Ok(Expr::Call {
            span: start..self.pos,
            name,
            args,
        })
    }

    /// A quoted string with its escapes and `${…}`/`%{…}` templates, which
    /// may hold further strings and braces. Returns the whole span and the
    /// span between the quotes.
    fn quoted(&mut self) -> Result<(Range<usize>, Range<usize>), SyntaxError> {
        let start = self.pos;
        self.pos += 1;
        loop {
            match self.peek() {
                None | Some(b'\n') => {
                    return self.error(start, "this string is never closed with `\"`")
                }
                Some(b'"') => {
                    self.pos += 1;
                    return Ok((start..self.pos, start + 1..self.pos - 1));
                }
                Some(b'\\') => self.pos += 2,
                Some(b'$' | b'%')
                    if self.peek_at(1) == Some(self.peek().unwrap_or(0))
                        && self.peek_at(2) == Some(b'{') =>
                {
                    self.pos += 3; // `$${` / `%%{`: literal text
                }
                Some(b'$' | b'%') if self.peek_at(1) == Some(b'{') => {
                    self.pos += 2;
                    self.template()?;
                }
                Some(_) => self.pos += 1,
            }
        }
    }

    /// The inside of `${…}` up to its closing brace (consumed).
    fn template(&mut self) -> Result<(), SyntaxError> {
        let start = self.pos;
        self.enter()?;
        let mut braces = 0usize;
        loop {
            match self.peek() {
                None => return self.error(start, "this `${` is never closed with `}`"),
                Some(b'"') => {
                    self.quoted()?;
                }
                Some(b'{') => {
                    braces += 1;
                    self.pos += 1;
                }
                Some(b'}') => {
                    self.pos += 1;
                    if braces == 0 {
                        self.depth -= 1;
                        return Ok(());
                    }
                    braces -= 1;
                }
                Some(_) => self.pos += 1,
            }
        }
    }

    /// `<<EOF` / `<<-EOF`, a line break, lines, and a line holding only the
    /// marker (blanks around it allowed).
    fn heredoc(&mut self) -> Result<Expr, SyntaxError> {
        let start = self.pos;
        self.pos += 2;
        let indented = self.peek() == Some(b'-');
        if indented {
            self.pos += 1;
        }
        let Some(marker) = self.ident() else {
            return self.error(
                self.pos,
                format!(
                    "expected a heredoc marker after `<<`, found {}",
                    self.found()
                ),
            );
        };
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\r')) {
            self.pos += 1;
        }
        if self.peek() != Some(b'\n') {
            return self.error(
                self.pos,
                format!(
                    "expected a line break after `<<{marker}`, found {}",
                    self.found()
                ),
            );
        }
        self.pos += 1;
        let body_start = self.pos;
        loop {
            let line_start = self.pos;
            let rest = self.bytes.get(line_start..).unwrap_or_default();
            if rest.is_empty() {
                return self.error(
                    start,
                    format!("this heredoc is never closed by a line `{marker}`"),
                );
            }
            let line_len = rest.iter().position(|&b| b == b'\n');
            let line = self
                .text
                .get(line_start..line_start + line_len.unwrap_or(rest.len()))
                .unwrap_or_default();
            if line.trim() == marker {
                // The marker line ends the heredoc; its line break does not
                // belong to it.
                self.pos = line_start + line.len();
                return Ok(Expr::Heredoc {
                    span: start..self.pos,
                    indented,
                    body: body_start..line_start,
                });
            }
            match line_len {
                Some(n) => self.pos = line_start + n + 1,
                None => {
                    return self.error(
                        start,
                        format!("this heredoc is never closed by a line `{marker}`"),
                    )
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attr<'s>(body: &'s [Structure], name: &str) -> Option<&'s Expr> {
        body.iter().find_map(|s| match s {
            Structure::Attribute { key, value } if key == name => Some(value),
            _ => None,
        })
    }

    #[test]
    fn blocks_attributes_and_values() {
        let text = "# comment\ncluster \"packet\" {\n  a = var.x + 1 // why\n  b = [\"x\", <<EOF\nline\nEOF\n  , f(1, [2])]\n  c = { k = \"v\", \"q\" : 2 }\n  /* multi\n  line */ d = cond ? 1 : 2\n}\n";
        let body = parse(text).unwrap();
        let Structure::Block {
            ident,
            labels,
            body,
        } = &body[0]
        else {
            panic!()
        };
        assert_eq!(
            (ident.as_str(), labels.as_slice()),
            ("cluster", ["packet".to_owned()].as_slice())
        );
        assert!(matches!(attr(body, "a"), Some(Expr::Other { .. })));
        let Some(Expr::List { items, .. }) = attr(body, "b") else {
            panic!()
        };
        assert!(matches!(items[0], Expr::Quoted { .. }));
        let Expr::Heredoc {
            body: ref range,
            indented: false,
            ..
        } = items[1]
        else {
            panic!()
        };
        assert_eq!(&text[range.clone()], "line\n");
        assert!(
            matches!(&items[2], Expr::Call { name, args, .. } if name == "f" && args.len() == 2)
        );
        let Some(Expr::Object { entries, .. }) = attr(body, "c") else {
            panic!()
        };
        assert_eq!(
            entries.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(),
            ["k", "q"]
        );
        assert!(matches!(attr(body, "d"), Some(Expr::Other { .. })));
    }

    #[test]
    fn templates_may_hold_quotes_and_braces() {
        let text = "a = \"x ${lookup({\"k\" = \"}\"}, \"k\")} y $${z}\"\n";
        let body = parse(text).unwrap();
        let Some(Expr::Quoted { inner, .. }) = attr(&body, "a") else {
            panic!()
        };
        assert!(text[inner.clone()].ends_with("y $${z}"));
    }

    #[test]
    fn for_expressions_are_opaque() {
        let body = parse("a = [for x in xs : upper(x)]\nb = {for k, v in m : k => v}\n").unwrap();
        assert!(matches!(attr(&body, "a"), Some(Expr::Other { .. })));
        assert!(matches!(attr(&body, "b"), Some(Expr::Other { .. })));
    }

    #[test]
    fn one_line_blocks() {
        let body = parse("b { a = 1 }\n").unwrap();
        assert!(matches!(&body[0], Structure::Block { body, .. } if body.len() == 1));
    }

    #[test]
    fn errors_are_located() {
        for (text, offset) in [
            ("cluster \"packet\" {{{ nope", 18),
            ("a = [1, 2", 4),
            ("a = \"open\nb = 1\n", 4),
            ("b {\n a = 1\n", 11),
            ("a = <<EOF\nnever closed\n", 4),
            ("/* open", 0),
            ("= 1", 0),
        ] {
            let e = parse(text).unwrap_err();
            assert_eq!(e.offset, offset, "{text:?}: {}", e.message);
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = format!("a = {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let e = parse(&text).unwrap_err();
        assert!(e.message.contains("nested"));
    }
}
