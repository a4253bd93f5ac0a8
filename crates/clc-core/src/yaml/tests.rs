use super::*;

/// Node `i` of `doc`.
fn nth(doc: &Document, i: impl TryInto<u32>) -> NodeRef<'_> {
    let id = i.try_into().ok().unwrap();
    doc.node(id).unwrap()
}

/// A compact rendering of a node tree, for assertions.
pub(super) fn dump(doc: &Document) -> String {
    fn go(doc: &Document, id: NodeId, out: &mut String) {
        let n = nth(doc, id);
        if let Some(a) = n.anchor() {
            out.push_str(&format!("&{a} "));
        }
        if let Some(t) = n.tag() {
            out.push_str(&format!("<{t}> "));
        }
        match n.kind {
            NodeKind::Scalar(v) => out.push_str(&format!("{v:?}")),
            NodeKind::Alias(t) => out.push_str(&format!("*{t}")),
            NodeKind::Sequence(items) => {
                out.push('[');
                for (i, c) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    go(doc, *c, out);
                }
                out.push(']');
            }
            NodeKind::Mapping(pairs) => {
                out.push('{');
                for (i, (k, v)) in pairs.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    go(doc, *k, out);
                    out.push_str(": ");
                    go(doc, *v, out);
                }
                out.push('}');
            }
        }
    }
    let mut out = String::new();
    match doc.root {
        Some(r) => go(doc, r, &mut out),
        None => out.push_str("<none>"),
    }
    out
}

/// Every conformance input: go-yaml's syntax errors word for word, every
/// other input parses.
#[test]
fn conformance_corpus() {
    let roots = [
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/conformance/ct"),
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/conformance/real-world"
        ),
    ];
    let mut checked = 0;
    for root in roots {
        let Ok(entries) = std::fs::read_dir(root) else {
            println!("note: {root} is absent; skipping");
            continue;
        };
        let mut dirs: Vec<_> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        dirs.sort();
        for dir in dirs {
            let mut files: Vec<_> = std::fs::read_dir(&dir)
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
                .collect();
            files.sort();
            for file in files {
                let input = std::fs::read(&file).unwrap();
                let result = parse(&input);
                // Merge cases keep each part's ct run under parts/NAME/.
                let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("");
                let stderr_path = if stem == "input" {
                    dir.join("stderr.txt")
                } else {
                    dir.join("parts").join(stem).join("stderr.txt")
                };
                let is_input = stderr_path.exists();
                let stderr = std::fs::read_to_string(&stderr_path).unwrap_or_default();
                let expected = stderr
                    .lines()
                    .next()
                    .and_then(|l| l.strip_prefix("error: "))
                    .filter(|l| {
                        l.starts_with("yaml: ") && !l.starts_with("yaml: unmarshal errors")
                    });
                match (is_input.then_some(expected).flatten(), &result) {
                    (Some(want), Err(e)) => assert_eq!(e.message, want, "{}", file.display()),
                    (Some(want), Ok(_)) => panic!("{}: parsed, ct says {want}", file.display()),
                    (None, Err(e)) if is_input => panic!("{}: {}", file.display(), e.message),
                    _ => {}
                }
                checked += 1;
            }
        }
    }
    println!("checked {checked} files");
}

fn tree(input: &str) -> String {
    match parse(input.as_bytes()) {
        Ok(doc) => dump(&doc),
        Err(e) => panic!("{input:?}: {}", e.message),
    }
}

fn error(input: &[u8]) -> YamlError {
    match parse(input) {
        Ok(doc) => panic!(
            "{:?} parsed: {}",
            String::from_utf8_lossy(input),
            dump(&doc)
        ),
        Err(e) => e,
    }
}

fn message(input: &[u8]) -> String {
    error(input).message
}

/// The node whose scalar value is `value` (the first one).
fn scalar<'d>(doc: &'d Document, value: &str) -> NodeRef<'d> {
    doc.iter()
        .find(|n| matches!(n.kind, NodeKind::Scalar(v) if v == value))
        .unwrap_or_else(|| panic!("no scalar {value:?}"))
}

fn text<'i>(input: &'i [u8], node: NodeRef<'_>) -> &'i str {
    std::str::from_utf8(&input[node.span.start as usize..node.span.end as usize]).unwrap()
}

// ---- ct's conformance cases --------------------------------------------------

#[test]
fn conformance_error_messages() {
    let cases: &[(&[u8], &str)] = &[
        (
            b"passwd:\n  users:\n    - name: core\n   groups:\n",
            "yaml: line 1: did not find expected key",
        ),
        (
            b"storage:\n  files:\n    - path: /a\n      contents: {inline: \"unterminated\n",
            "yaml: line 4: found unexpected end of stream",
        ),
        (
            b"passwd:\n\tusers:\n\t  - name: core\n",
            "yaml: line 2: found character that cannot start any token",
        ),
        (b"passwd:\n  users:\n    - name: \"caf\xe9\"\n", "yaml: invalid trailing UTF-8 octet"),
        (b"storage:\n\tfiles: []\n", "yaml: line 2: found character that cannot start any token"),
        (b"passwd:\n  users: [\n", "yaml: line 2: did not find expected node content"),
        (
            b"hostname: \"core01\"\nmanage_etc_hosts: \"localhost\nusers:\n  - name: \"core\"\n    passwd: \"x\"\n",
            "yaml: line 5: mapping values are not allowed in this context",
        ),
        (b"a: 1\n\nb\n", "yaml: line 3: could not find expected ':'"),
    ];
    for (input, want) in cases {
        assert_eq!(
            message(input),
            *want,
            "{:?}",
            String::from_utf8_lossy(input)
        );
    }
}

#[test]
fn error_locations_point_at_the_problem() {
    // go-yaml says line 1 (the mapping's 0-based line); we point at `groups`.
    let e = error(b"passwd:\n  users:\n    - name: core\n   groups:\n");
    assert_eq!((e.line, e.column, e.offset), (4, 4, 37));
    assert_eq!(e.problem, "did not find expected key");
    let e = error(b"passwd:\n  users:\n    - name: \"caf\xe9\"\n");
    assert_eq!((e.offset, e.line, e.column), (34, 3, 18));
    let e = error(b"a:\r\n\tb: 1\r\n");
    assert_eq!((e.line, e.column, e.offset), (2, 1, 4));
}

#[test]
fn empty_documents() {
    assert_eq!(parse(b"").unwrap().root, None);
    assert_eq!(parse(b"# nothing here\n# at all\n").unwrap().root, None);
    assert_eq!(parse(b"\n\n   \n").unwrap().root, None);
    assert_eq!(parse(b"\xEF\xBB\xBF").unwrap().root, None);
    // A document marker alone gives an empty null scalar, `~` a null one.
    let doc = parse(b"---\n").unwrap();
    assert_eq!(dump(&doc), "\"\"");
    assert_eq!(resolve(nth(&doc, 0)), Resolved::Null);
    assert_eq!((doc.line, doc.column), (1, 1));
    let doc = parse(b"~\n").unwrap();
    assert_eq!(resolve(nth(&doc, doc.root.unwrap())), Resolved::Null);
    assert_eq!(
        tree("storage:\nsystemd:\n"),
        "{\"storage\": \"\", \"systemd\": \"\"}"
    );
}

#[test]
fn null_values_sit_after_their_colon() {
    let input = b"storage:\nsystemd:\npasswd:\n  users:\n";
    let doc = parse(input).unwrap();
    let NodeKind::Mapping(pairs) = nth(&doc, 0).kind else {
        panic!()
    };
    let v = nth(&doc, pairs[0].1);
    assert_eq!((v.line, v.column, v.span.clone()), (1, 9, 8..8));
}

// ---- scalars -------------------------------------------------------------------

#[test]
fn plain_scalars_fold() {
    assert_eq!(tree("a: b\n  c\n\n  d\n"), "{\"a\": \"b c\\nd\"}");
    assert_eq!(tree("plain: a  b\t c\n"), "{\"plain\": \"a  b\\t c\"}");
    assert_eq!(tree("a: x#y # comment\n"), "{\"a\": \"x#y\"}");
    assert_eq!(
        tree("- a:b\n- -x\n- ?y\n- :z\n"),
        "[\"a:b\", \"-x\", \"?y\", \":z\"]"
    );
    assert_eq!(tree("[a:b, c]"), "[\"a:b\", \"c\"]");
    assert_eq!(tree("url: http://x/y?z#w"), "{\"url\": \"http://x/y?z#w\"}");
}

#[test]
fn double_quoted_escapes() {
    let doc = parse(br#"x: "a\tb\u00e9\x41\U0001F600\0\a\b\v\f\r\e\ \"\\\'\N\_\L\P\	z""#).unwrap();
    let want = "a\tbéA😀\0\x07\x08\x0B\x0C\r\x1B \"\\'\u{85}\u{A0}\u{2028}\u{2029}\tz";
    assert_eq!(scalar(&doc, want).style, Style::DoubleQuoted);
    // `\x` takes a code point, not a byte.
    assert_eq!(tree(r#""\xe9""#), "\"é\"");
    assert_eq!(
        message(br#"x: "\/""#),
        "yaml: found unknown escape character"
    );
    assert_eq!(
        message(b"x: \"\\u12\"\n"),
        "yaml: did not find expected hexdecimal number"
    );
    assert_eq!(
        message(b"x: \"\\uD800\"\n"),
        "yaml: found invalid Unicode character escape code"
    );
    assert_eq!(
        message(b"x: \"a\n--- \"\n"),
        "yaml: line 2: found unexpected document indicator"
    );
}

#[test]
fn quoted_scalars_fold_lines() {
    assert_eq!(tree("'a\n  b\n\n  c'"), "\"a b\\nc\"");
    assert_eq!(tree("a: 'x\n\n\n  y'\n"), "{\"a\": \"x\\n\\ny\"}");
    assert_eq!(tree("\"a  \n   b\""), "\"a b\"");
    assert_eq!(tree("\"a\\\n   b\""), "\"ab\"");
    assert_eq!(tree("\"a\\\n\n  b\""), "\"a\\nb\"");
    assert_eq!(tree("a: 'it''s'\n"), "{\"a\": \"it's\"}");
    assert_eq!(tree("'a\u{2028}b'"), "\"a\\u{2028}b\"");
}

#[test]
fn block_scalars() {
    let input = "a: |\n  x\n   y\n\n  z\n\n\nb: >\n  p\n  q\n\n  r\n   s\n  t\nc: end\n";
    assert_eq!(
        tree(input),
        "{\"a\": \"x\\n y\\n\\nz\\n\", \"b\": \"p q\\nr\\n s\\nt\\n\", \"c\": \"end\"}"
    );
    // Chomping indicators.
    assert_eq!(
        tree("a: |+\n  x\n\n\nb: 1\n"),
        "{\"a\": \"x\\n\\n\\n\", \"b\": \"1\"}"
    );
    assert_eq!(
        tree("a: |-\n  x\n\n\nb: 1\n"),
        "{\"a\": \"x\", \"b\": \"1\"}"
    );
    assert_eq!(tree("a: >-\n  x\n  y\n"), "{\"a\": \"x y\"}");
    assert_eq!(tree("a: >+\n  x\n\n"), "{\"a\": \"x\\n\\n\"}");
    // Indentation indicators, before or after the chomping one.
    assert_eq!(tree("c: |2\n    z\n   w\n"), "{\"c\": \"  z\\n w\\n\"}");
    assert_eq!(tree("c: |-1\n  z\n"), "{\"c\": \" z\"}");
    assert_eq!(tree("c: |1+\n  z\n\n"), "{\"c\": \" z\\n\\n\"}");
    assert_eq!(tree("- |\n  top\n"), "[\"top\\n\"]");
    assert_eq!(tree("--- |\n  text\n"), "\"text\\n\"");
    assert_eq!(tree("a: | # comment\n  x\n"), "{\"a\": \"x\\n\"}");
    assert_eq!(tree("a: |\n\n  x\n"), "{\"a\": \"\\nx\\n\"}");
    assert_eq!(tree("a: |\nb: 1\n"), "{\"a\": \"\", \"b\": \"1\"}");
    // CR LF becomes LF inside values.
    assert_eq!(tree("a: |\r\n  x\r\n  y\r\n"), "{\"a\": \"x\\ny\\n\"}");
    assert_eq!(
        message(b"a: |0\n  x\n"),
        "yaml: found an indentation indicator equal to 0"
    );
    assert_eq!(
        message(b"a: |x\n"),
        "yaml: did not find expected comment or line break"
    );
    assert_eq!(
        message(b"a: |\n \tb\n"),
        "yaml: line 2: found a tab character where an indentation space is expected"
    );
}

#[test]
fn block_scalar_spans_end_at_the_text() {
    let input = b"k: !!str |\n  text\n\nnext: 1\n";
    let doc = parse(input).unwrap();
    let n = scalar(&doc, "text\n");
    assert_eq!(text(input, n), "!!str |\n  text");
    assert_eq!((n.line, n.column), (1, 4));
}

// ---- collections ----------------------------------------------------------------

#[test]
fn flow_collections() {
    assert_eq!(
        tree("{a: [b, {c: d}], e: f}"),
        "{\"a\": [\"b\", {\"c\": \"d\"}], \"e\": \"f\"}"
    );
    assert_eq!(
        tree("{a: 1, b, ? c}"),
        "{\"a\": \"1\", \"b\": \"\", \"c\": \"\"}"
    );
    assert_eq!(
        tree("[a: b, c, ? d : e]"),
        "[{\"a\": \"b\"}, \"c\", {\"d\": \"e\"}]"
    );
    assert_eq!(tree("[a, b,]"), "[\"a\", \"b\"]");
    assert_eq!(tree("[\n  a,\n  b\n]"), "[\"a\", \"b\"]");
    assert_eq!(tree("{\"a\":1}"), "{\"a\": \"1\"}");
    assert_eq!(tree("k: []\nl: {}\n"), "{\"k\": [], \"l\": {}}");
    assert_eq!(
        message(b"[a, b\n"),
        "yaml: line 1: did not find expected ',' or ']'"
    );
    assert_eq!(
        message(b"{a: b"),
        "yaml: line 1: did not find expected ',' or '}'"
    );
    let doc = parse(b"x: [a: b]").unwrap();
    let NodeKind::Sequence(items) = nth(&doc, 2).kind else {
        panic!()
    };
    assert_eq!(nth(&doc, items[0]).style, Style::Flow);
}

#[test]
fn block_collections() {
    assert_eq!(
        tree("- a\n- b: c\n  d: e\n-\n- - f\n  - g\n"),
        "[\"a\", {\"b\": \"c\", \"d\": \"e\"}, \"\", [\"f\", \"g\"]]"
    );
    assert_eq!(
        tree("a:\n- 1\n- 2\nb: 3\n"),
        "{\"a\": [\"1\", \"2\"], \"b\": \"3\"}"
    );
    assert_eq!(
        tree("? complex\n: value\n? [k]\n: v\n"),
        "{\"complex\": \"value\", [\"k\"]: \"v\"}"
    );
    assert_eq!(tree("a: 1\na: 2\n"), "{\"a\": \"1\", \"a\": \"2\"}");
    assert_eq!(
        message(b"a: b: c\n"),
        "yaml: mapping values are not allowed in this context"
    );
    assert_eq!(
        message(b"a\nb: c\n"),
        "yaml: line 2: mapping values are not allowed in this context"
    );
    assert_eq!(
        message(b"- a\nb: c\n"),
        "yaml: line 1: did not find expected '-' indicator"
    );
    assert_eq!(
        message(b"a: 1\n- b\n"),
        "yaml: line 1: did not find expected key"
    );
}

#[test]
fn tabs_and_comments_like_go_yaml() {
    // A tab after `key:` is fine, as is one before a comment.
    assert_eq!(tree("key:\tvalue\n"), "{\"key\": \"value\"}");
    assert_eq!(tree("key: v\t# c\n"), "{\"key\": \"v\"}");
    assert_eq!(tree("key:\t# c\n  x: 1\n"), "{\"key\": {\"x\": \"1\"}}");
    // Comment lines after a comment may be indented with tabs…
    assert_eq!(
        tree("a: 1\n# c1\n\t# c2\nb: 2\n"),
        "{\"a\": \"1\", \"b\": \"2\"}"
    );
    // …but a tab cannot indent content.
    assert_eq!(
        message(b"a: 1\n\tb: 2\n"),
        "yaml: line 2: found a tab character that violates indentation"
    );
    assert_eq!(
        message(b"a:\n\tb: 2\n"),
        "yaml: line 2: found character that cannot start any token"
    );
    assert_eq!(
        message(b"-\t# c\n"),
        "yaml: found character that cannot start any token"
    );
    assert_eq!(
        message(b"a: b\n\t- c\n"),
        "yaml: line 2: found a tab character that violates indentation"
    );
}

// ---- anchors and aliases -------------------------------------------------------

#[test]
fn anchors_and_aliases() {
    let doc = parse(b"base: &b {x: 1}\nuse: *b\nlist: &l [1, *l]\n").unwrap();
    assert_eq!(
        dump(&doc),
        "{\"base\": &b {\"x\": \"1\"}, \"use\": *2, \"list\": &l [\"1\", *8]}"
    );
    let alias = doc
        .iter()
        .find(|n| matches!(n.kind, NodeKind::Alias(2)))
        .unwrap();
    assert_eq!(
        (alias.line, alias.column, alias.style),
        (2, 6, Style::Plain)
    );
    // Later definitions win; an anchor used before it is defined is unknown.
    assert_eq!(tree("- &a 1\n- &a 2\n- *a\n"), "[&a \"1\", &a \"2\", *2]");
    assert_eq!(
        message(b"- *a\n- &a 1\n"),
        "yaml: unknown anchor 'a' referenced"
    );
    let e = error(b"x: 1\ny: *nope\n");
    assert_eq!(
        (e.line, e.column, e.problem.as_str()),
        (2, 4, "unknown anchor 'nope' referenced")
    );
    assert_eq!(
        message(b"a: &\n"),
        "yaml: did not find expected alphabetic or numeric character"
    );
    // Anchor and tag in either order; the node starts at the first of them.
    let doc = parse(b"a: !!str &x 1\nb: &y !!str 2\n").unwrap();
    for v in ["1", "2"] {
        let n = scalar(&doc, v);
        assert_eq!((n.tag(), n.column), (Some("!!str"), 4));
    }
}

#[test]
fn merge_keys_are_plain_scalars() {
    let input = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/conformance/ct/yaml-anchors-merge/input.yaml"
    ))
    .unwrap_or_else(|_| b"x: &d\n  mode: 0644\ny:\n  - <<: *d\n    path: /a\n".to_vec());
    let doc = parse(&input).unwrap();
    let merge = scalar(&doc, "<<");
    assert_eq!(resolve(merge), Resolved::Merge);
    assert!(doc.iter().any(|n| matches!(n.kind, NodeKind::Alias(_))));
}

// ---- tags and directives ---------------------------------------------------------

#[test]
fn tags_and_directives() {
    assert_eq!(tree("!!str 12"), "<!!str> \"12\"");
    assert_eq!(tree("!<tag:yaml.org,2002:int> 12"), "<!!int> \"12\"");
    assert_eq!(tree("! 12"), "\"12\"");
    assert_eq!(tree("!local x"), "<!local> \"x\"");
    assert_eq!(
        tree("%TAG !e! tag:example.com,2000:\n---\n!e!foo bar"),
        "<tag:example.com,2000:foo> \"bar\""
    );
    assert_eq!(tree("%YAML 1.1\n---\na: 1"), "{\"a\": \"1\"}");
    assert_eq!(tree("!!map {a: 1}"), "<!!map> {\"a\": \"1\"}");
    assert_eq!(
        message(b"%YAML 1.2\n---\na: 1"),
        "yaml: found incompatible YAML document"
    );
    assert_eq!(
        message(b"%YAML 1.1\n%YAML 1.1\n---\n"),
        "yaml: line 1: found duplicate %YAML directive"
    );
    assert_eq!(
        message(b"%FOO\n---\n"),
        "yaml: found unknown directive name"
    );
    assert_eq!(message(b"!x!y z"), "yaml: found undefined tag handle");
    assert_eq!(
        message(b"a: !<x y\n"),
        "yaml: did not find the expected '>'"
    );
    assert_eq!(message(b"a: !! x\n"), "yaml: did not find expected tag URI");
    assert_eq!(node_tag(nth(&parse(b"[1]").unwrap(), 0)), "!!seq");
}

// ---- documents ----------------------------------------------------------------------

#[test]
fn only_the_first_document() {
    let input = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/conformance/ct/yaml-multi-document/input.yaml"
    ))
    .unwrap_or_else(|_| {
        b"passwd:\n  users:\n    - name: first\n---\npasswd:\n  users:\n    - name: second\n"
            .to_vec()
    });
    let doc = parse(&input).unwrap();
    assert!(doc.iter().any(|n| n.kind == NodeKind::Scalar("first")));
    assert!(!doc.iter().any(|n| n.kind == NodeKind::Scalar("second")));
    // Later documents are not parsed…
    assert_eq!(tree("a: 1\n---\nb: [\n"), "{\"a\": \"1\"}");
    assert_eq!(tree("a: 1\n...\nb: [\n"), "{\"a\": \"1\"}");
    // A directive right after `...` is in the look-ahead.
    assert_eq!(
        message(b"a: 1\n...\n%BAD\n"),
        "yaml: line 3: found unknown directive name"
    );
    assert_eq!(tree("a: 1\n--- {x: 1}\n--- ]\n"), "{\"a\": \"1\"}");
    // …except for the tokens go-yaml reads ahead.
    assert_eq!(
        message(b"a: 1\n--- @x\n"),
        "yaml: line 2: found character that cannot start any token"
    );
    assert_eq!(
        message(b"a: 1\n--- \"x\n"),
        "yaml: line 2: found unexpected end of stream"
    );
}

// ---- positions -----------------------------------------------------------------------

#[test]
fn positions_with_crlf_and_multibyte_text() {
    let input = "a: 1\r\nbé: \"x\"\r\nc: [1, 2]\r\n".as_bytes();
    let doc = parse(input).unwrap();
    let cases = [("bé", 2, 1, "bé"), ("x", 2, 5, "\"x\""), ("2", 3, 8, "2")];
    for (value, line, column, written) in cases {
        let n = scalar(&doc, value);
        assert_eq!(
            (n.line, n.column, text(input, n)),
            (line, column, written),
            "{value}"
        );
    }
    let seq = doc.iter().find(|n| n.style == Style::Flow).unwrap();
    assert_eq!(text(input, seq), "[1, 2]");
    let root = nth(&doc, doc.root.unwrap());
    assert_eq!(text(input, root), "a: 1\r\nbé: \"x\"\r\nc: [1, 2]");
}

#[test]
fn positions_after_a_bom() {
    let input = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/conformance/ct/yaml-bom/input.yaml"
    ))
    .unwrap_or_else(|_| b"\xEF\xBB\xBFpasswd:\n  users:\n    - name: bom\n".to_vec());
    let doc = parse(&input).unwrap();
    let root = nth(&doc, doc.root.unwrap());
    assert_eq!((root.line, root.column, root.span.start), (1, 1, 3));
    let n = scalar(&doc, "passwd");
    assert_eq!(text(&input, n), "passwd");
    let n = scalar(&doc, "bom");
    assert_eq!((n.line, n.column), (3, 13));
}

#[test]
fn unicode_line_breaks_count_as_lines() {
    let input = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/conformance/ct/yaml-unicode-line-separator/input.yaml"
    ))
    .unwrap_or_else(|_| {
        "passwd:\n  users:\n    - name: \"x\u{2028}y\"\n      gecos: plain\n"
            .as_bytes()
            .to_vec()
    });
    let doc = parse(&input).unwrap();
    assert!(doc.iter().any(|n| n.kind == NodeKind::Scalar("x\u{2028}y")));
    // go-yaml counts the U+2028 inside the quotes as a line break.
    let n = scalar(&doc, "plain");
    assert_eq!((n.line, n.column), (5, 14));
    // NEL, LS and PS end lines in plain text too.
    let doc = parse("a: x\u{85}b: y".as_bytes()).unwrap();
    assert_eq!(dump(&doc), "{\"a\": \"x\", \"b\": \"y\"}");
    assert_eq!(scalar(&doc, "b").line, 2);
    assert_eq!(tree("a: x\u{2029}  y"), "{\"a\": \"x\\u{2029}y\"}");
}

#[test]
fn utf16_input_is_read() {
    let mut input = vec![0xFF, 0xFE];
    for u in "a: é\n".encode_utf16() {
        input.extend_from_slice(&u.to_le_bytes());
    }
    let doc = parse(&input).unwrap();
    assert_eq!(dump(&doc), "{\"a\": \"é\"}");
    assert_eq!(scalar(&doc, "é").span, 8..10);
    assert_eq!(
        message(&[0xFF, 0xFE, b'a', 0, b'b']),
        "yaml: incomplete UTF-16 character"
    );
}

// ---- reader timing (go-yaml decodes 512 bytes at a time) ----------------------------

fn padded(head: &str, filler: &str, tail: &[u8]) -> Vec<u8> {
    let mut v = head.as_bytes().to_vec();
    while v.len() < 700 {
        v.extend_from_slice(filler.as_bytes());
    }
    v.extend_from_slice(tail);
    v
}

#[test]
fn bad_bytes_surface_with_their_chunk() {
    // The syntax error comes first when the bad byte is in a later chunk…
    let late = padded("a: b: c\n", "# filler comment\n", b"\xff\n");
    assert_eq!(
        message(&late),
        "yaml: mapping values are not allowed in this context"
    );
    // …and the bad byte first when it is in the same one.
    assert_eq!(
        message(b"a: b: c\n\xff\n"),
        "yaml: invalid leading UTF-8 octet"
    );
    // A single document is read to its end.
    let single = padded("a: 1\n", "# filler comment\n", b"\x01\n");
    assert_eq!(message(&single), "yaml: control characters are not allowed");
    // Later documents beyond the look-ahead are never decoded.
    let multi = padded("a: 1\n---\nb: 2\n", "# filler comment\n", b"\xff\n");
    assert_eq!(dump(&parse(&multi).unwrap()), "{\"a\": \"1\"}");
    let input = padded("a: 1\n", "# filler comment\n", b"\xc3(");
    let e = error(&input);
    assert_eq!(e.message, "yaml: invalid trailing UTF-8 octet");
    assert_eq!(e.offset as usize, input.len() - 1);
}

#[test]
fn comment_look_ahead_failures_are_deferred() {
    // go-yaml's comment look-ahead notes a bad byte without stopping; when
    // the document's last event is already made, the parse succeeds.
    let input = padded("a: 1\n--- [ 'x'", " ", b"\xff");
    assert_eq!(dump(&parse(&input).unwrap()), "{\"a\": \"1\"}");
    // Otherwise the next event is missing (go-yaml panics there); we report
    // the bad byte.
    let input = padded("a: '1'", " ", b"\xff");
    assert_eq!(message(&input), "yaml: invalid leading UTF-8 octet");
    // And when go-yaml's node builder asks for the document end instead,
    // it says so.
    let input = padded("['x']\n--- 'y'", " ", b"\xff");
    assert_eq!(
        message(&input),
        "yaml: expected document end event but got none"
    );
    // The same documents without the bad byte are fine.
    assert!(parse(&padded("['x']\n--- 'y'", " ", b"")).is_ok());
}

#[test]
fn a_bom_mid_stream_skips_line_starts_like_go_yaml() {
    // go-yaml checks the front of its buffer for a BOM, so after a second
    // BOM at the very start it drops the first character of later lines.
    assert_eq!(
        message("\u{feff}\u{feff}a: 1\nb: 2\n".as_bytes()),
        "yaml: line 1: did not find expected key"
    );
    // A single BOM is simply skipped.
    assert_eq!(tree("\u{feff}a: 1\nb: 2\n"), "{\"a\": \"1\", \"b\": \"2\"}");
}

// ---- hostile input -------------------------------------------------------------------

#[test]
fn deep_nesting_is_refused() {
    let flow = "[".repeat(100_000);
    assert_eq!(
        message(flow.as_bytes()),
        "yaml: line 1: exceeded max depth of 1000"
    );
    let flow_maps = "{a: ".repeat(100_000);
    assert_eq!(
        message(flow_maps.as_bytes()),
        "yaml: line 1: exceeded max depth of 1000"
    );
    let block = format!("{}x", "- ".repeat(100_000));
    assert_eq!(
        message(block.as_bytes()),
        "yaml: line 1: exceeded max depth of 1000"
    );
    let mut maps = String::new();
    for i in 0..1500 {
        maps.push_str(&" ".repeat(i));
        maps.push_str("a:\n");
    }
    let e = error(maps.as_bytes());
    assert_eq!(e.message, "yaml: line 1001: exceeded max depth of 1000");
    assert_eq!((e.line, e.column), (1001, 1001));
    // Within our limit, go-yaml's own limit of 10000 applies.
    let generous = Limits {
        max_depth: 20_000,
        ..Limits::default()
    };
    let e = parse_with_limits("[".repeat(10_001).as_bytes(), &generous).unwrap_err();
    assert_eq!(e.message, "yaml: exceeded max depth of 10000");
    let ok = format!("{}{}", "[".repeat(999), "]".repeat(999));
    assert!(parse(ok.as_bytes()).is_ok());
}

#[test]
fn long_lines_parse_in_linear_time() {
    let big = 10 * 1024 * 1024;
    let mut input = b"a: ".to_vec();
    input.resize(big, b'x');
    let started = std::time::Instant::now();
    let doc = parse(&input).unwrap();
    assert!(matches!(nth(&doc, 2).kind, NodeKind::Scalar(v) if v.len() == big - 3));
    let mut quoted = b"a: \"".to_vec();
    quoted.resize(big, b'y');
    quoted.push(b'"');
    assert!(parse(&quoted).is_ok());
    let mut list = b"[".to_vec();
    while list.len() < 2 * 1024 * 1024 {
        list.extend_from_slice(b"ab, ");
    }
    list.push(b']');
    assert!(parse(&list).is_ok());
    // Generous even for an unoptimised build; quadratic work would take hours.
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
}

#[test]
fn control_and_invalid_bytes() {
    assert_eq!(
        message(b"a: b\0"),
        "yaml: control characters are not allowed"
    );
    assert_eq!(message(b"\0"), "yaml: control characters are not allowed");
    assert_eq!(
        message(b"a: \x1b[1m"),
        "yaml: control characters are not allowed"
    );
    assert_eq!(
        message(b"a: \xc0\xaf"),
        "yaml: invalid length of a UTF-8 sequence"
    );
    assert_eq!(
        message(b"a: \xed\xa0\x80"),
        "yaml: invalid Unicode character"
    );
    assert_eq!(
        message(b"a: \xf4\x90\x80\x80"),
        "yaml: invalid Unicode character"
    );
    assert_eq!(
        message(b"a: \xe2\x82"),
        "yaml: incomplete UTF-8 octet sequence"
    );
    assert_eq!(message(b"a: \x80"), "yaml: invalid leading UTF-8 octet");
    let e = error(b"ok: 1\nbad: \xff\n");
    assert_eq!((e.offset, e.line, e.column), (11, 2, 6));
}

#[test]
fn aliases_are_not_expanded() {
    let mut input = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..30 {
        let p = i - 1;
        input.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let doc = parse(input.as_bytes()).unwrap();
    assert!(doc.len() < 1000, "{}", doc.len());
}

#[test]
fn limits_are_enforced() {
    let tiny = Limits {
        max_input_bytes: 10,
        ..Limits::default()
    };
    let e = parse_with_limits(b"a: 0123456789", &tiny).unwrap_err();
    assert!(
        e.message.starts_with("yaml: input is 13 bytes"),
        "{}",
        e.message
    );
    let few = Limits {
        max_nodes: 5,
        ..Limits::default()
    };
    let e = parse_with_limits(b"[1, 2, 3, 4, 5, 6]", &few).unwrap_err();
    assert_eq!(e.message, "yaml: line 1: exceeded max node count of 5");
    assert!(parse_with_limits(b"[1, 2, 3, 4]", &few).is_ok());
}

/// A small deterministic generator for the fuzz test.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn check_invariants(input: &[u8]) {
    match parse(input) {
        Ok(doc) => {
            for n in doc.iter() {
                assert!(n.span.start <= n.span.end && n.span.end as usize <= input.len());
                if std::str::from_utf8(input).is_ok() {
                    let s = std::str::from_utf8(input).unwrap();
                    assert!(
                        s.is_char_boundary(n.span.start as usize)
                            && s.is_char_boundary(n.span.end as usize)
                    );
                }
                assert!(n.line >= 1 && n.column >= 1);
                match n.kind {
                    NodeKind::Alias(t) => assert!((t as usize) < doc.len()),
                    NodeKind::Sequence(c) => {
                        assert!(c.iter().all(|&i| (i as usize) < doc.len()))
                    }
                    NodeKind::Mapping(c) => {
                        assert!(c.iter().all(|&(k, v)| (k.max(v) as usize) < doc.len()))
                    }
                    NodeKind::Scalar(_) => {}
                }
            }
        }
        Err(e) => {
            assert!(e.message.starts_with("yaml: "), "{}", e.message);
            assert!(e.offset as usize <= input.len());
            assert!(
                !e.message.contains("internal error"),
                "{:?}: {}",
                String::from_utf8_lossy(input),
                e.message
            );
        }
    }
}

#[test]
fn fuzzed_input_never_panics() {
    let pieces: &[&[u8]] = &[
        b"a",
        b"b",
        b":",
        b": ",
        b"- ",
        b"-",
        b"?",
        b"? ",
        b",",
        b"[",
        b"]",
        b"{",
        b"}",
        b"#",
        b" # c",
        b"&x ",
        b"*x",
        b"!!str ",
        b"!t ",
        b"!<u> ",
        b"|",
        b">",
        b"|-",
        b">+2",
        b"'",
        b"\"",
        b"\\",
        b"\\u00e9",
        b"\n",
        b"\r\n",
        b"\r",
        b"\t",
        b" ",
        b"  ",
        b"    ",
        b"---",
        b"--- ",
        b"...",
        b"%YAML 1.1",
        b"%TAG ! !x",
        b"\xef\xbb\xbf",
        b"\xc2\x85",
        b"\xe2\x80\xa8",
        b"\xff",
        b"\x00",
        b"\xc3",
        b"\xe9",
        b"0644",
        b"~",
        b"<<",
        b"@",
        b"`",
        b"%",
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..20_000 {
        let mut input = Vec::new();
        for _ in 0..rng.below(40) {
            input.extend_from_slice(pieces[rng.below(pieces.len())]);
        }
        check_invariants(&input);
    }
    // Mutations of the real corpus.
    let mut seeds = Vec::new();
    for root in [
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/conformance/ct"),
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/conformance/real-world"
        ),
    ] {
        for dir in std::fs::read_dir(root).into_iter().flatten().flatten() {
            if let Ok(bytes) = std::fs::read(dir.path().join("input.yaml")) {
                seeds.push(bytes);
            }
        }
    }
    if seeds.is_empty() {
        seeds.push(b"a:\n  b: [1, 2]\n  c: |\n    x\n".to_vec());
    }
    for _ in 0..3_000 {
        let mut input = seeds[rng.below(seeds.len())].clone();
        for _ in 0..1 + rng.below(4) {
            if input.is_empty() {
                break;
            }
            let at = rng.below(input.len());
            match rng.below(3) {
                0 => {
                    input.remove(at);
                }
                1 => input.insert(at, pieces[rng.below(pieces.len())][0]),
                _ => input[at] = pieces[rng.below(pieces.len())][0],
            }
        }
        check_invariants(&input);
    }
}
