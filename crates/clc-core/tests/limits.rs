//! Every limit of `clc_core::limits`, at the limit and one past it: at the
//! limit the input is read as usual; one past it gets one clear, located
//! diagnostic — never a panic, an abort or a hang.

use clc_core::limits::{
    Limits, MAX_ALIAS_NESTING, MAX_DEPTH, MAX_DOCUMENTS, MAX_INPUT_BYTES, MAX_LOKOCFG_NESTING,
    MAX_TYPE_ISSUES, MAX_YAML_NODES,
};
use clc_core::merge::{merge, Document};
use clc_core::{transpile, yaml, Diagnostic, Options, Transpiled};

fn run(input: &[u8]) -> Transpiled {
    transpile(input, &Options::default())
}

fn with_limits(limits: Limits) -> Options<'static> {
    Options {
        limits,
        ..Options::default()
    }
}

fn errors(t: &Transpiled) -> Vec<&Diagnostic> {
    t.diagnostics.iter().filter(|d| d.is_error()).collect()
}

/// The one error of a refused input; it has a span inside the input.
fn refusal<'a>(t: &'a Transpiled, input: &[u8]) -> &'a Diagnostic {
    assert!(!t.success());
    let errors = errors(t);
    assert_eq!(errors.len(), 1, "{:?}", t.diagnostics);
    if let Some(span) = errors[0].span {
        assert!(span.end.offset as usize <= input.len());
    }
    errors[0]
}

fn no_error_mentions(t: &Transpiled, words: &str) {
    for d in errors(t) {
        assert!(!d.message.contains(words), "{}", d.message);
    }
}

// ---- document size ---------------------------------------------------------------

/// A comment of `len` bytes in all: valid YAML of any size, read quickly.
fn comment(len: usize) -> Vec<u8> {
    let mut input = vec![b'#'; len];
    if let Some(last) = input.last_mut() {
        *last = b'\n';
    }
    input
}

#[test]
fn input_of_exactly_16_mib_is_read() {
    // A syntax error on the first line stops the parser there: the test
    // shows the size is let through without scanning 16 MiB in a debug
    // build (a full read at a lowered limit is below).
    let mut input = comment(MAX_INPUT_BYTES);
    input[0] = b'@';
    let t = run(&input);
    let d = refusal(&t, &input);
    assert_eq!(d.code, "yaml-syntax");
    assert_eq!(
        d.message,
        "yaml: found character that cannot start any token"
    );
    assert_eq!(d.span.map(|s| s.start.offset), Some(0));
}

#[test]
fn input_one_byte_over_16_mib_is_refused() {
    let input = comment(MAX_INPUT_BYTES + 1);
    let t = run(&input);
    let d = refusal(&t, &input);
    assert_eq!(d.code, "input-too-large");
    assert_eq!(
        d.message,
        "input is 16777217 bytes; the limit is 16777216 bytes"
    );
}

#[test]
fn a_lowered_size_limit_holds_at_and_past_it() {
    let options = with_limits(Limits {
        max_input_bytes: 4096,
        ..Limits::default()
    });
    let at = comment(4096);
    assert!(transpile(&at, &options).success());
    let past = comment(4097);
    let t = transpile(&past, &options);
    assert_eq!(refusal(&t, &past).code, "input-too-large");
}

#[test]
fn the_yaml_layer_checks_size_too() {
    let limits = yaml::Limits {
        max_input_bytes: 100,
        ..yaml::Limits::default()
    };
    assert!(yaml::parse_with_limits(&comment(100), &limits).is_ok());
    let e = yaml::parse_with_limits(&comment(101), &limits).expect_err("too large");
    assert_eq!(
        e.message,
        "yaml: input is 101 bytes, more than the limit of 100 bytes"
    );
}

#[test]
fn an_oversized_document_in_a_merge_is_named() {
    let options = with_limits(Limits {
        max_input_bytes: 1024,
        ..Limits::default()
    });
    let big = comment(1025);
    let docs = [
        Document {
            name: "base".into(),
            text: b"passwd:\n  users:\n    - name: core\n",
        },
        Document {
            name: "huge.yaml".into(),
            text: &big,
        },
    ];
    let m = merge(&docs, &options);
    assert!(!m.success());
    assert!(m
        .error
        .as_deref()
        .is_some_and(|e| e.contains("the limit is 1024 bytes")));
    let (doc, d) = m
        .diagnostics()
        .find(|(_, d)| d.is_error())
        .expect("an error");
    assert_eq!((doc, d.code), ("huge.yaml", "input-too-large"));
    let at = comment(1024);
    let docs = [Document {
        name: "base".into(),
        text: &at,
    }];
    assert!(merge(&docs, &options).success());
}

// ---- nesting ---------------------------------------------------------------------

fn flow(depth: usize) -> Vec<u8> {
    let mut input = Vec::with_capacity(2 * depth + 1);
    input.extend(std::iter::repeat_n(b'[', depth));
    input.extend(std::iter::repeat_n(b']', depth));
    input.push(b'\n');
    input
}

/// `depth` mappings, each the only value of the one before.
fn block(depth: usize) -> Vec<u8> {
    let mut input = String::new();
    for i in 0..depth {
        input.push_str(&" ".repeat(i));
        input.push_str("a:\n");
    }
    input.into_bytes()
}

#[test]
fn a_thousand_nested_collections_parse() {
    let depth = MAX_DEPTH as usize;
    for input in [flow(depth), block(depth)] {
        assert!(yaml::parse(&input).is_ok());
        // The CLC decoder then finds the wrong type, not the nesting.
        let t = run(&input);
        no_error_mentions(&t, "depth");
    }
}

#[test]
fn the_1001st_nested_collection_is_refused() {
    let depth = MAX_DEPTH as usize + 1;
    for input in [flow(depth), block(depth)] {
        let e = yaml::parse(&input).expect_err("too deep");
        assert!(
            e.message.ends_with("exceeded max depth of 1000"),
            "{}",
            e.message
        );
        let t = run(&input);
        let d = refusal(&t, &input);
        assert_eq!(d.code, "yaml-syntax");
        assert!(d.message.ends_with("exceeded max depth of 1000"));
        assert!(d.span.is_some());
    }
}

#[test]
fn a_lowered_depth_limit_reaches_the_parser() {
    let options = with_limits(Limits {
        max_depth: 10,
        ..Limits::default()
    });
    let mut at = b"storage:\n  files:\n    - path: /a\n      contents:\n        inline: ".to_vec();
    at.extend_from_slice(b"x\n");
    // storage, files, the file, contents: four levels.
    assert!(transpile(&at, &options).success());
    let t = transpile(&block(10), &options);
    no_error_mentions(&t, "depth");
    let past = block(11);
    let t = transpile(&past, &options);
    assert!(refusal(&t, &past)
        .message
        .ends_with("exceeded max depth of 10"));
}

// ---- nodes -----------------------------------------------------------------------

fn flow_items(items: usize) -> Vec<u8> {
    let mut input = b"[".to_vec();
    for _ in 0..items {
        input.extend_from_slice(b"a,");
    }
    input.push(b']');
    input
}

#[test]
fn the_node_limit_holds_at_and_past_it() {
    // A sequence and its items: items + 1 nodes. (The default, 4,000,000,
    // takes a minute of debug-build parsing; the count is the same code.)
    let limits = yaml::Limits {
        max_nodes: 1000,
        ..yaml::Limits::default()
    };
    let at = yaml::parse_with_limits(&flow_items(999), &limits).expect("1000 nodes");
    assert_eq!(at.len(), 1000);
    let e = yaml::parse_with_limits(&flow_items(1000), &limits).expect_err("1001 nodes");
    assert!(
        e.message.ends_with("exceeded max node count of 1000"),
        "{}",
        e.message
    );
    assert_eq!(yaml::Limits::default().max_nodes, MAX_YAML_NODES);
}

// ---- aliases ---------------------------------------------------------------------

/// A user whose fields come through `nested` aliases, each merging the next.
fn alias_chain(nested: usize) -> Vec<u8> {
    let mut input = String::from("a0: &a0 {name: core}\n");
    for i in 1..nested {
        input.push_str(&format!("a{i}: &a{i} {{<<: *a{}}}\n", i - 1));
    }
    input.push_str(&format!("passwd:\n  users:\n    - <<: *a{}\n", nested - 1));
    input.into_bytes()
}

#[test]
fn aliases_nested_256_deep_are_followed() {
    let t = run(&alias_chain(MAX_ALIAS_NESTING));
    assert!(t.success(), "{}", t.ct_stderr());
    let json: serde_json::Value = serde_json::from_str(&t.stdout(false)).expect("JSON");
    assert_eq!(json["passwd"]["users"][0]["name"], "core");
}

#[test]
fn the_257th_nested_alias_is_refused() {
    let input = alias_chain(MAX_ALIAS_NESTING + 1);
    let t = run(&input);
    let d = refusal(&t, &input);
    assert_eq!(d.code, "yaml-decode");
    assert_eq!(d.message, "yaml: aliases are nested too deeply");
    assert!(d.span.is_some());
}

/// 2000 SSH keys through one alias, after `plain` keys written out. Each
/// aliased key is one aliased value; go-yaml allows at most 99 % of all
/// decoded values to be aliased, checked as each value is decoded.
fn aliased_keys(plain: usize) -> Vec<u8> {
    let keys: Vec<String> = (0..2000).map(|i| format!("key{i}")).collect();
    let own: Vec<String> = (0..plain).map(|i| format!("own{i}")).collect();
    format!(
        "k: &k [{}]\npasswd:\n  users:\n    - name: b\n      ssh_authorized_keys: [{}]\n    - name: a\n      ssh_authorized_keys: *k\n",
        keys.join(", "),
        own.join(", ")
    )
    .into_bytes()
}

#[test]
fn alias_expansion_at_the_ratio_limit_is_read() {
    // 2001 aliased values (the list and its keys) need at least 21 plain
    // ones; the config around them gives 16.
    let t = run(&aliased_keys(5));
    assert!(t.success(), "{}", t.ct_stderr());
    let json: serde_json::Value = serde_json::from_str(&t.stdout(false)).expect("JSON");
    assert_eq!(
        json["passwd"]["users"][1]["sshAuthorizedKeys"]
            .as_array()
            .map(Vec::len),
        Some(2000)
    );
}

#[test]
fn alias_expansion_one_past_the_ratio_limit_is_refused() {
    let input = aliased_keys(4);
    let t = run(&input);
    let d = refusal(&t, &input);
    assert_eq!(d.code, "yaml-decode");
    assert_eq!(d.message, "yaml: document contains excessive aliasing");
    assert!(d.span.is_some());
}

// ---- type errors -----------------------------------------------------------------

/// `n` list items of the wrong type: one type error each.
fn wrong_items(n: usize) -> Vec<u8> {
    format!(
        "passwd:\n  users:\n    - name: core\n      ssh_authorized_keys: [{}]\n",
        vec!["[a]"; n].join(", ")
    )
    .into_bytes()
}

#[test]
fn a_thousand_type_errors_are_all_listed() {
    let input = wrong_items(MAX_TYPE_ISSUES);
    let t = run(&input);
    let d = refusal(&t, &input);
    assert_eq!(d.message.lines().count(), 1 + MAX_TYPE_ISSUES);
    assert!(!d.message.contains("and more"));
}

#[test]
fn the_1001st_type_error_is_summed_up() {
    let input = wrong_items(MAX_TYPE_ISSUES + 1);
    let t = run(&input);
    let d = refusal(&t, &input);
    assert_eq!(d.message.lines().count(), 2 + MAX_TYPE_ISSUES);
    assert_eq!(d.message.lines().last(), Some("  … and more"));
}

// ---- documents -------------------------------------------------------------------

fn documents(n: usize) -> Vec<Document<'static>> {
    (0..n)
        .map(|i| Document {
            name: format!("d{i}"),
            text: b"passwd:\n  groups:\n    - name: g\n",
        })
        .collect()
}

#[test]
fn documents_2048_merge() {
    let m = merge(&documents(MAX_DOCUMENTS), &Options::default());
    assert!(m.success(), "{:?}", m.error);
    assert_eq!(m.config.map(|c| c.passwd.groups.len()), Some(MAX_DOCUMENTS));
}

#[test]
fn the_2049th_document_is_refused() {
    let m = merge(&documents(MAX_DOCUMENTS + 1), &Options::default());
    assert!(!m.success());
    assert_eq!(
        m.error.as_deref(),
        Some("2049 documents given; at most 2048 are merged")
    );
    let (doc, d) = m
        .diagnostics()
        .find(|(_, d)| d.is_error())
        .expect("an error");
    assert_eq!((doc, d.code), ("d2048", "too-many-documents"));
    assert_eq!(m.documents.len(), MAX_DOCUMENTS + 1);
}

// ---- .lokocfg --------------------------------------------------------------------

#[test]
fn lokocfg_nesting_holds_at_and_past_the_limit() {
    let lists = |n: usize| format!("x = {}{}\n", "[".repeat(n), "]".repeat(n));
    let blocks = |n: usize| {
        let mut text = String::new();
        for k in 0..n {
            text.push_str(&format!("b{k} {{\n"));
        }
        text.push_str(&"}\n".repeat(n));
        text
    };
    for make in [&lists as &dyn Fn(usize) -> String, &blocks] {
        let at = clc_core::lokocfg::import(&make(MAX_LOKOCFG_NESTING));
        assert!(at.diagnostics.is_empty(), "{:?}", at.diagnostics);
        let text = make(MAX_LOKOCFG_NESTING + 1);
        let past = clc_core::lokocfg::import(&text);
        assert_eq!(past.diagnostics.len(), 1);
        let d = &past.diagnostics[0];
        assert_eq!(d.code, "lokocfg-syntax");
        assert_eq!(d.message, "not valid HCL: nested more than 256 levels deep");
        assert!(d.span.is_some_and(|s| s.end.offset as usize <= text.len()));
    }
}
