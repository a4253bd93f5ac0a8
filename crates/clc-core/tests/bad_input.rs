//! Hostile and malformed input: each gets a clear, located diagnostic — no
//! panic, no hang, bounded memory.

use clc_core::{transpile, Options, Severity, Transpiled};

fn run(input: &[u8]) -> Transpiled {
    transpile(input, &Options::default())
}

fn first_error(t: &Transpiled) -> &clc_core::Diagnostic {
    t.diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error)
        .expect("an error diagnostic")
}

#[test]
fn empty_input_is_an_empty_config_with_a_warning() {
    let t = run(b"");
    assert!(t.success());
    assert_eq!(t.ct_stderr(), "warning: Configuration is empty\n");
    assert!(t.stdout(false).contains("\"version\":\"2.3.0\""));
}

#[test]
fn comments_only_is_empty_too() {
    let t = run(b"# nothing\n   # here\n");
    assert!(t.success());
    assert_eq!(t.diagnostics.len(), 1);
    assert_eq!(t.diagnostics[0].code, "empty-config");
}

#[test]
fn tab_indentation_is_located() {
    let t = run(b"passwd:\n\tusers:\n");
    assert!(!t.success());
    let d = first_error(&t);
    assert!(
        d.message
            .contains("found character that cannot start any token"),
        "{}",
        d.message
    );
    let span = d.span.expect("span");
    assert_eq!(span.start.line, 2);
}

#[test]
fn bom_and_crlf_are_accepted_and_positions_stay_right() {
    let t =
        run(b"\xEF\xBB\xBFstorage:\r\n  files:\r\n    - path: relative\r\n      mode: 0644\r\n");
    assert!(!t.success());
    let d = first_error(&t);
    assert_eq!(d.message, "path not absolute");
    assert_eq!(d.ct_position, Some((3, 13)));
    let span = d.span.expect("span");
    assert_eq!((span.start.line, span.start.column), (3, 13));
}

#[test]
fn non_utf8_is_an_error_not_a_panic() {
    let t = run(b"passwd:\n  users:\n    - name: \"caf\xe9\"\n");
    assert!(!t.success());
    assert!(first_error(&t).message.starts_with("yaml: "));
}

#[test]
fn nul_bytes_are_reported() {
    let t = run(b"storage:\n  files:\n    - path: /a\0b\n");
    assert!(!t.success());
    assert!(first_error(&t).span.is_some());
}

#[test]
fn ten_mib_line_is_handled() {
    let mut input = b"storage:\n  files:\n    - path: /big\n      mode: 0644\n      contents:\n        inline: ".to_vec();
    input.extend(std::iter::repeat_n(b'a', 10 * 1024 * 1024));
    input.push(b'\n');
    let t = run(&input);
    assert!(t.success(), "{}", t.ct_stderr());
    assert!(t.stdout(false).len() > 10 * 1024 * 1024);
}

#[test]
fn deep_nesting_is_refused_cleanly() {
    let depth = 100_000;
    let mut input = Vec::with_capacity(depth * 2 + 16);
    input.extend_from_slice(b"x: ");
    input.extend(std::iter::repeat_n(b'[', depth));
    input.extend(std::iter::repeat_n(b']', depth));
    let t = run(&input);
    assert!(!t.success());
    assert!(first_error(&t).message.contains("depth") || first_error(&t).message.contains("deep"));
}

#[test]
fn deep_block_nesting_is_refused_cleanly() {
    let mut input = String::new();
    for i in 0..5000 {
        input.push_str(&" ".repeat(i));
        input.push_str("a:\n");
    }
    let t = run(input.as_bytes());
    assert!(!t.success());
}

#[test]
fn billion_laughs_is_bounded() {
    // Nine levels of ten-fold aliases merged into one struct: 10^9 decodes if expanded.
    let mut input = String::from("a0: &a0 {name: x}\n");
    for i in 1..10 {
        let refs: Vec<String> = (0..10).map(|_| format!("*a{}", i - 1)).collect();
        input.push_str(&format!("a{i}: &a{i} {{<<: [{}]}}\n", refs.join(", ")));
    }
    input.push_str("passwd:\n  users:\n    - <<: *a9\n");
    let started = std::time::Instant::now();
    let t = run(input.as_bytes());
    assert!(!t.success());
    assert!(
        first_error(&t).message.contains("excessive aliasing"),
        "{}",
        first_error(&t).message
    );
    // Generous bound: the point is that it does not run for minutes.
    assert!(started.elapsed().as_secs() < 20);
}

#[test]
fn list_alias_fan_out_stays_small() {
    let mut input = String::from("l0: &l0 [a, b, c, d, e, f, g, h, i, j]\n");
    for i in 1..9 {
        let refs: Vec<String> = (0..10).map(|_| format!("*l{}", i - 1)).collect();
        input.push_str(&format!("l{i}: &l{i} [{}]\n", refs.join(", ")));
    }
    input.push_str("passwd:\n  users:\n    - name: core\n      ssh_authorized_keys: *l8\n");
    let t = run(input.as_bytes());
    // Nested lists are not strings: a type error, found without expanding.
    assert!(!t.success());
    assert!(first_error(&t)
        .message
        .contains("cannot unmarshal !!seq into string"));
}

#[test]
fn partition_size_overflow_is_an_error() {
    let input = b"storage:\n  disks:\n    - device: /dev/sda\n      partitions:\n        - label: big\n          size: 99999999999 TiB\n";
    let t = run(input);
    assert!(!t.success());
    let d = first_error(&t);
    assert_eq!(d.ct_position.map(|p| p.0), Some(6));
}

#[test]
fn input_over_the_limit_is_refused() {
    let mut options = Options::default();
    options.limits.max_input_bytes = 1024;
    let input = vec![b'#'; 1025];
    let t = transpile(&input, &options);
    assert!(!t.success());
    assert_eq!(first_error(&t).code, "input-too-large");
    let input = vec![b'#'; 1024];
    assert!(transpile(&input, &options).success());
}

#[test]
fn top_level_scalar_and_list_are_type_errors() {
    let t = run(b"just a string\n");
    assert_eq!(
        t.ct_stderr(),
        "error: yaml: unmarshal errors:\n  line 1: cannot unmarshal !!str `just a ...` into types.Config\nFailed to parse config\n"
    );
    let t = run(b"- a\n- b\n");
    assert!(!t.success());
}

#[test]
fn many_duplicate_keys_stay_bounded() {
    let mut input = String::from("passwd:\n  users:\n    - name: a\n");
    for _ in 0..20_000 {
        input.push_str("      name: a\n");
    }
    let t = run(input.as_bytes());
    assert!(!t.success());
    assert!(t.diagnostics[0].message.lines().count() < 2000);
}
