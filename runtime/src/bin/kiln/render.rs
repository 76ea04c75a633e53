//! `kiln render`: one template rendered by the interpreter with JSON data, for previews
//! and static pages.

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use kiln::dynamic::Value;
use kiln::interp::{Program, Project};

/// Renders `template` (a name in the template directories) with the JSON object in
/// `data` (none: no fields) and prints it.
pub(crate) fn run(template: &str, data: Option<&Path>) -> ExitCode {
    match render(template, data) {
        Ok(output) => {
            let mut stdout = std::io::stdout().lock();
            if let Err(err) = stdout
                .write_all(output.as_bytes())
                .and_then(|()| stdout.flush())
            {
                eprintln!("error: cannot write the output: {err}");
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn render(template: &str, data: Option<&Path>) -> Result<String, String> {
    let data = match data {
        Some(path) => read_data(path)?,
        None => Value::map([]),
    };
    let root = std::env::current_dir()
        .map_err(|err| format!("error: cannot read the current directory: {err}"))?;
    let mut project = Project::open(&root).map_err(|err| format!("error: {err}"))?;
    let program = Program::load(&mut project, template, &data).map_err(|errors| {
        errors
            .iter()
            .map(|e| format!("{e}\n"))
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    program
        .render(&data)
        .map_err(|err| format!("error: rendering `{template}` failed: {err}"))
}

/// The data file: a JSON object whose entries are the template's fields.
fn read_data(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|err| format!("error: cannot read `{}`: {err}", path.display()))?;
    // Read straight into a `Value`, so objects keep the document's order, as in Python.
    let data: Value = serde_json::from_str(&text)
        .map_err(|err| format!("error: `{}` is not JSON: {err}", path.display()))?;
    if !matches!(data, Value::Map(_)) {
        return Err(format!(
            "error: `{}` must hold a JSON object, whose entries are the template's fields",
            path.display()
        ));
    }
    Ok(data)
}
