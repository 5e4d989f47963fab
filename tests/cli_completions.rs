//! `completions` and `man`: generated from the clap definitions, so every subcommand the
//! parser knows appears in them.

mod common;

use clap::CommandFactory;
use common::cli::{clean_command, run};
use fastmcp_auth::cli::Cli;

fn subcommands() -> Vec<String> {
    let names: Vec<String> = Cli::command()
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    assert!(names.len() >= 10, "{names:?}");
    names
}

#[test]
fn bash_completion_is_valid_bash_listing_every_subcommand() {
    let out = run(clean_command(None).args(["completions", "bash"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    for name in subcommands() {
        assert!(out.stdout.contains(&name), "bash completion lacks {name}");
    }
    assert!(
        out.stdout.contains("complete -F"),
        "not a bash completion script"
    );
    // bash parses it (no syntax error) when bash is there to ask.
    if let Ok(check) = std::process::Command::new("bash")
        .args(["-n", "-c", &out.stdout])
        .output()
    {
        assert!(
            check.status.success(),
            "{}",
            String::from_utf8_lossy(&check.stderr)
        );
    }
}

#[test]
fn zsh_and_fish_completions_list_the_subcommands() {
    for (shell, marker) in [
        ("zsh", "#compdef fastmcp-auth"),
        ("fish", "complete -c fastmcp-auth"),
    ] {
        let out = run(clean_command(None).args(["completions", shell]));
        assert_eq!(out.code, 0, "{shell}: {}", out.stderr);
        assert!(out.stdout.contains(marker), "{shell}: no {marker}");
        for name in subcommands() {
            assert!(
                out.stdout.contains(&name),
                "{shell} completion lacks {name}"
            );
        }
    }
}

#[test]
fn unknown_shell_is_a_usage_error_naming_the_choices() {
    let out = run(clean_command(None).args(["completions", "tcsh"]));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("bash") && out.stderr.contains("zsh"),
        "{}",
        out.stderr
    );
}

#[test]
fn man_page_has_name_and_a_section_per_subcommand() {
    let out = run(clean_command(None).arg("man"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.starts_with(".ie") || out.stdout.starts_with(".TH"),
        "not roff"
    );
    assert!(out.stdout.contains(".TH fastmcp-auth 1"), "no title");
    assert!(
        out.stdout.contains(".SH NAME\nfastmcp\\-auth"),
        "no NAME section"
    );
    for name in subcommands().iter().filter(|n| *n != "help") {
        let heading = format!(".SH \"FASTMCP-AUTH {}\"", name.to_uppercase());
        assert!(out.stdout.contains(&heading), "man page lacks {heading}");
    }
    assert!(
        out.stdout.contains("\\-\\-provider"),
        "generate's flags missing"
    );
}
