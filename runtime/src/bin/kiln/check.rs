//! `kiln check`: every template of the crate in the current directory, checked as the
//! derive would check it.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use kiln_engine::config::Config;
use kiln_engine::diagnostic::Diagnostic;
use kiln_engine::project::{Project, Report};
use kiln_engine::source::Files;
use serde_json::{json, Value};

use crate::Format;

/// Checks the templates in `dirs` (relative to the current directory; none: the
/// configured ones) and prints what it finds.
pub(crate) fn run(dirs: &[PathBuf], format: Format) -> ExitCode {
    let root = match std::env::current_dir() {
        Ok(root) => root,
        Err(err) => {
            eprintln!("error: cannot read the current directory: {err}");
            return ExitCode::FAILURE;
        }
    };
    let result = project(&root, dirs).and_then(|mut project| {
        let report = project.check_all()?;
        Ok((project, report))
    });
    let (project, report) = match result {
        Ok(found) => found,
        Err(error) => {
            let files = Files::default();
            print(format, &Report::default(), &[error], &files);
            return ExitCode::FAILURE;
        }
    };
    print(format, &report, &report.diagnostics, project.files());
    if report.diagnostics.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn project(root: &Path, dirs: &[PathBuf]) -> Result<Project, Diagnostic> {
    let mut config = Config::load(root)?;
    if !dirs.is_empty() {
        config.dirs = dirs.iter().map(|dir| root.join(dir)).collect();
    }
    Ok(Project::new(config))
}

fn print(format: Format, report: &Report, diagnostics: &[Diagnostic], files: &Files) {
    match format {
        Format::Human => {
            // `path:line:col: message` first on each, as tools that read it expect.
            for diagnostic in diagnostics {
                eprintln!("{}\n", diagnostic.render(files));
            }
            let checked = report.templates.len();
            let templates = if checked == 1 {
                "template"
            } else {
                "templates"
            };
            match diagnostics.len() {
                0 => eprintln!("checked {checked} {templates}: no errors"),
                1 => eprintln!("checked {checked} {templates}: 1 error"),
                n => eprintln!("checked {checked} {templates}: {n} errors"),
            }
        }
        Format::Json => {
            let diagnostics: Vec<Value> = diagnostics.iter().map(|d| to_json(d, files)).collect();
            let out = json!({
                "templates": report.templates,
                "errors": diagnostics.len(),
                "diagnostics": diagnostics,
            });
            println!("{out}");
        }
    }
}

/// One diagnostic as editors and CI annotations read it: 1-based lines and columns (in
/// characters), the end exclusive; `file` and the positions are `null` for a problem
/// that is not at one place (a missing directory, a bad `kiln.toml`).
fn to_json(diagnostic: &Diagnostic, files: &Files) -> Value {
    let place = diagnostic.span.map(|span| {
        let (line, column) = files.line_col(span.file, span.start);
        let (end_line, end_column) = files.line_col(span.file, span.end);
        (
            files.get(span.file).display.clone(),
            line,
            column,
            end_line,
            end_column,
        )
    });
    json!({
        "file": place.as_ref().map(|p| &p.0),
        "line": place.as_ref().map(|p| p.1),
        "column": place.as_ref().map(|p| p.2),
        "end_line": place.as_ref().map(|p| p.3),
        "end_column": place.as_ref().map(|p| p.4),
        "message": diagnostic.message,
        "help": diagnostic.help,
        "rendered": diagnostic.render(files),
    })
}
