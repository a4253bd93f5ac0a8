use super::super::{parse_in_full, reader, Document, Limits};

/// The quick reader's document for `input`, if it reads it, checked
/// against the full reader's.
fn read_both(input: &[u8]) -> Option<Document> {
    let decoded = reader::decode(input);
    let full = parse_in_full(input, input, &decoded, &Limits::default());
    let quick = super::compose(&decoded, &Limits::default())?;
    match full {
        Ok(full) => {
            assert_eq!(
                quick,
                full,
                "readers differ on:\n{}",
                String::from_utf8_lossy(input)
            );
        }
        Err(e) => panic!(
            "quick reader read what the full one refuses ({}):\n{}",
            e.message,
            String::from_utf8_lossy(input)
        ),
    }
    Some(quick)
}

fn reads(input: &str) {
    assert!(read_both(input.as_bytes()).is_some(), "declined:\n{input}");
}

fn declines(input: &str) {
    assert!(read_both(input.as_bytes()).is_none(), "read:\n{input}");
}

#[test]
fn reads_plain_block_yaml() {
    reads("a: 1\nb: two words  # comment\nc:\n  d: 'it''s'\n  e: \"q\"\n");
    reads("storage:\n  files:\n    - path: /etc/x\n      mode: 0644\n      contents:\n        inline: |\n          line 1\n\n          line 3\n");
    reads("list:\n- a\n- b: 1\n  c: 2\nafter: x\n");
    reads("- x\n- y\n");
    reads("# leading comment\n\nkey: value\n# trailing\n");
    reads("k: v:w\nurl: http://example.com/a#b\nt: Sun 03:00\n");
    reads("k: héllo ✓\nné: ✓ x\n");
    reads("a:\n  b:\n    c: 1\n  d: 2\ne: 3");
    reads("a: |-\n  x\n\n\nb: |+\n  y\n\n\nc: |\n  z\n   \n    deeper\n");
    reads("a: |\n  text\n  # not a comment\n# a comment\nb: 1\n");
    reads("a: | # comment\n  x\n");
    reads("flags: [--log-driver=journald, --selinux-enabled=false]\nempty: []\nlist:\n  - [a,b ,  c ]\n");
}

#[test]
fn declines_what_it_does_not_read() {
    for input in [
        "",
        "# only a comment\n",
        "scalar\n",
        "a: [1, 2,]\n",
        "a: [1, [2]]\n",
        "a: [x: 1]\n",
        "a: [x?y]\n",
        "a: ['q']\n",
        "a: [1, 2\n",
        "a: {b: 1}\n",
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "---\na: 1\n",
        "%YAML 1.1\n---\na: 1\n",
        "a: b: c\n",
        "a:\n",
        "a:\nb: 1\n",
        "a: multi\n  line\n",
        "a: \"esc\\n\"\n",
        "a: 'open\n  quote'\n",
        "a: >\n  folded\n",
        "a: |2\n  x\n",
        "a: |\n\n  x\n",
        "a:\tb\n",
        "a: b\r\n",
        "\"a\": 1\n",
        "- - a\n",
        "-\n  a: 1\n",
        "a: 1\n - b\n",
        "a: 1\n  # indented comment\n",
        "a: x #c\n  b: 1\n",
        "? a\n: b\n",
    ] {
        declines(input);
    }
}

#[test]
fn reads_the_corpus_like_the_full_reader() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/conformance");
    let mut inputs = Vec::new();
    collect_yaml(std::path::Path::new(root), &mut inputs);
    let shared = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/conformance/real-world"
    );
    collect_yaml(std::path::Path::new(shared), &mut inputs);
    assert!(inputs.len() > 100, "only {} inputs found", inputs.len());
    let read = inputs
        .iter()
        .filter(|input| read_both(input).is_some())
        .count();
    // Most configs are plain block YAML.
    assert!(read * 2 > inputs.len(), "read {read} of {}", inputs.len());
}

fn collect_yaml(dir: &std::path::Path, out: &mut Vec<Vec<u8>>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_yaml(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            if let Ok(bytes) = std::fs::read(&path) {
                out.push(bytes);
            }
        }
    }
}

/// Block YAML assembled from pieces chosen to sit near the quick reader's
/// edges: indentation, comments, blank lines, trailing spaces, block
/// scalars and their chomping, quotes, `:` and `#` inside scalars.
#[test]
fn reads_generated_documents_like_the_full_reader() {
    const KEYS: &[&str] = &["a", "key", "b c", "k:v", "-x", "é", "url", "x#y"];
    const VALUES: &[&str] = &[
        "1",
        "0644",
        "true",
        "~",
        "two words",
        "trailing  ",
        "a:b",
        "http://h/p#f",
        "'single'",
        "'it''s'",
        "\"double\"",
        "\" spaced \"",
        "''",
        "\"\"",
        "x # comment",
        "x#y",
        "-1",
        "✓ ü",
        "[a]",
        "[a, b]",
        "[ a ,b]",
        "[]",
        "[a,]",
        "[a, 'b']",
        "[a?b]",
        "[a ?b]",
        "a?b",
        "'open",
        "a: b",
        "x:",
        "&a x",
        "*a",
        "!t x",
        "\"e\\n\"",
        ">",
    ];
    const BLOCK_LINES: &[&str] = &[
        "text", "", "  ", "    ", "      ", "  more", "# hash", "x: y", "- z", "tail  ",
    ];
    let mut rng = 0x2545_f491_4f6c_dd1du64;
    let mut next = |n: usize| {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        (rng % n as u64) as usize
    };
    let mut read = 0;
    let cases = 20_000;
    for _ in 0..cases {
        let mut doc = String::new();
        // Open collections as (indent, is_sequence).
        let mut open: Vec<(usize, bool)> = vec![(0, next(4) == 0)];
        for _ in 0..(1 + next(12)) {
            let &(indent, seq) = open.last().unwrap_or(&(0, false));
            let pad = " ".repeat(indent);
            match next(9) {
                0 => doc.push('\n'),
                1 => doc.push_str(&format!("{}# c\n", " ".repeat(next(6)))),
                2 if open.len() > 1 => {
                    open.pop();
                    continue;
                }
                3 | 4 => {
                    // A nested collection.
                    let key = KEYS[next(KEYS.len())];
                    let (lead, child) = if seq {
                        (format!("{pad}- {key}:\n"), indent + 2)
                    } else {
                        (format!("{pad}{key}:\n"), indent)
                    };
                    doc.push_str(&lead);
                    let deeper = child + [0, 1, 2, 2, 4][next(5)];
                    let child_seq = next(2) == 0;
                    open.push((deeper, child_seq));
                }
                5 => {
                    let key = KEYS[next(KEYS.len())];
                    let chomp = ["", "-", "+"][next(3)];
                    let lead = if seq {
                        format!("{pad}- {key}: |{chomp}\n")
                    } else {
                        format!("{pad}{key}: |{chomp}\n")
                    };
                    doc.push_str(&lead);
                    let inner = " ".repeat(indent + 2 + next(3) * 2);
                    doc.push_str(&format!("{inner}first\n"));
                    for _ in 0..next(5) {
                        let line = BLOCK_LINES[next(BLOCK_LINES.len())];
                        if line.is_empty() {
                            doc.push('\n');
                        } else {
                            doc.push_str(&format!("{inner}{line}\n"));
                        }
                    }
                }
                _ => {
                    let value = VALUES[next(VALUES.len())];
                    if seq {
                        if next(3) == 0 {
                            doc.push_str(&format!("{pad}- {value}\n"));
                        } else {
                            let key = KEYS[next(KEYS.len())];
                            doc.push_str(&format!("{pad}- {key}: {value}\n"));
                        }
                    } else {
                        let key = KEYS[next(KEYS.len())];
                        doc.push_str(&format!("{pad}{key}: {value}\n"));
                    }
                }
            }
        }
        if next(5) == 0 {
            doc.pop();
        }
        if read_both(doc.as_bytes()).is_some() {
            read += 1;
        }
    }
    // The generator must reach the quick reader often enough to test it.
    assert!(read * 10 > cases, "read {read} of {cases}");
}
