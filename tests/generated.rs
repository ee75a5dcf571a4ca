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
    check("completions", pgacct::cli::generated::completions());
}

#[test]
fn man_pages_match_the_cli() {
    let pages = pgacct::cli::generated::man_pages();
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

/// Every man page has the sections a man page reader looks for, a title naming the
/// command (not `"create "`), examples that are neither filled nor justified, and a
/// SYNOPSIS that shows option values.
#[test]
fn man_pages_have_examples_exit_status_environment_files_and_see_also() {
    let pages = pgacct::cli::generated::man_pages();
    for (name, content) in &pages {
        let text = String::from_utf8_lossy(content);
        let page = name.trim_end_matches(".1");
        assert!(
            text.contains(&format!(
                ".TH {} 1  \"pgacct {}\"",
                page.to_uppercase(),
                env!("CARGO_PKG_VERSION")
            )),
            "{name}: title line:\n{}",
            text.lines().find(|l| l.starts_with(".TH")).unwrap_or("")
        );
        assert!(
            text.contains(".ad l\n.nh\n"),
            "{name}: justified or hyphenated"
        );
        for section in [
            ".SH SYNOPSIS",
            ".SH \"EXIT STATUS\"",
            ".SH ENVIRONMENT",
            ".SH FILES",
            ".SH \"SEE ALSO\"",
        ] {
            assert!(text.contains(section), "{name}: no {section}");
        }
        assert!(!text.contains(".SH EXTRA"), "{name}: examples under EXTRA");
        if page != "pgacct-completions" || text.contains("Examples") {
            assert!(
                text.contains(".SH EXAMPLES\n.RS 4\n.nf\n"),
                "{name}: no unfilled EXAMPLES"
            );
        }
    }
    let create = pages
        .iter()
        .find(|(n, _)| n == "pgacct-user-create.1")
        .map(|(_, c)| String::from_utf8_lossy(c).into_owned())
        .unwrap();
    assert!(
        create.contains("[\\fB\\-\\-target\\fR \\fIENV/DB\\fR]"),
        "the SYNOPSIS shows option values"
    );
    assert!(
        create.contains("\\fBpgacct\\-user\\-create\\fR(1)")
            || create.contains("\\fBpgacct\\-user\\fR(1)")
    );
}
