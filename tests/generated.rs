//! The committed completions and man pages must be what the current CLI generates.
//! Regenerate with: PGACCT_REGENERATE=1 cargo test --test generated

use std::path::Path;

fn check(dir: &str, files: Vec<(String, Vec<u8>)>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let regenerate = std::env::var_os("PGACCT_REGENERATE").is_some();
    if regenerate {
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).unwrap();
    }
    let mut stale = vec![];
    let expected: Vec<String> = files.iter().map(|(n, _)| n.clone()).collect();
    for (name, content) in files {
        let path = root.join(&name);
        if regenerate {
            std::fs::write(&path, &content).unwrap();
        } else if std::fs::read(&path).ok().as_deref() != Some(&content[..]) {
            stale.push(name);
        }
    }
    let extra: Vec<String> = std::fs::read_dir(&root)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| !expected.contains(n))
                .collect()
        })
        .unwrap_or_default();
    assert!(
        stale.is_empty() && extra.is_empty(),
        "{dir}/ is out of date with the CLI (stale: {stale:?}, not generated any more: {extra:?}); run: PGACCT_REGENERATE=1 cargo test --test generated"
    );
}

#[test]
fn completions_match_the_cli() {
    check("completions", pgacct::generated::completions());
}

#[test]
fn man_pages_match_the_cli() {
    let pages = pgacct::generated::man_pages();
    assert!(pages.iter().any(|(n, _)| n == "pgacct-user-create.1"));
    check("man", pages);
}

#[test]
fn completions_command_prints_the_committed_script() {
    let out = assert_cmd::Command::cargo_bin("pgacct")
        .unwrap()
        .args(["completions", "bash"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let committed =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("completions/pgacct.bash"))
            .unwrap();
    assert_eq!(out.stdout, committed);
}
