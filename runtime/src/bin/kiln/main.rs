//! `kiln`: checks a crate's templates without building it, and renders one with JSON
//! data through the interpreter.
//!
//! ```text
//! kiln check [DIR…] [--format human|json]
//! kiln render TEMPLATE [--data FILE.json]
//! ```
//!
//! Built with `cargo run -p kiln --features cli --bin kiln -- check`. Exit status: 0 when
//! every template is clean (or the page rendered), 1 when any has a mistake (or the
//! directories, the data or the render fail), 2 on a usage error.

mod check;
mod render;

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
usage: kiln check [DIR...] [--format human|json]
       kiln render TEMPLATE [--data FILE.json]

commands:
  check   parse and check every template in DIR... (default: the `dirs` of
          ./kiln.toml, else ./templates) and print each mistake as
          `file:line:col: message` with the line, a caret and a hint
  render  render TEMPLATE (a name in the template directories) with the
          fields in FILE.json, a JSON object, and print it

options:
  --format human|json   how `check` prints diagnostics (json: one object on stdout)
  --data FILE.json      the data `render` renders with (default: no fields)
  -h, --help            this text
  -V, --version         the version";

/// How diagnostics are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    /// rustc's layout, on standard error.
    Human,
    /// One JSON object on standard output, for editors and CI annotations.
    Json,
}

/// A parsed command line.
enum Command {
    Check {
        dirs: Vec<PathBuf>,
        format: Format,
    },
    Render {
        template: String,
        data: Option<PathBuf>,
    },
    Help,
    Version,
}

fn main() -> ExitCode {
    match parse(std::env::args_os().skip(1).collect()) {
        Ok(Command::Help) => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Ok(Command::Version) => {
            println!("kiln {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Ok(Command::Check { dirs, format }) => check::run(&dirs, format),
        Ok(Command::Render { template, data }) => render::run(&template, data.as_deref()),
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn parse(args: Vec<OsString>) -> Result<Command, String> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_args(args);
    let mut command: Option<String> = None;
    let mut dirs = Vec::new();
    let mut format = Format::Human;
    let mut data = None;
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Short('h') | Long("help") => return Ok(Command::Help),
            Short('V') | Long("version") => return Ok(Command::Version),
            Long("format") => {
                let value = parser.value().map_err(|e| e.to_string())?;
                format = match value.to_string_lossy().as_ref() {
                    "human" => Format::Human,
                    "json" => Format::Json,
                    other => {
                        return Err(format!("unknown format `{other}`: use `human` or `json`"))
                    }
                };
            }
            Long("data") => data = Some(PathBuf::from(parser.value().map_err(|e| e.to_string())?)),
            Value(value) if command.is_none() => {
                command = Some(value.to_string_lossy().into_owned());
            }
            Value(value) => dirs.push(PathBuf::from(value)),
            other => return Err(other.unexpected().to_string()),
        }
    }
    match command.as_deref() {
        Some("check") => Ok(Command::Check { dirs, format }),
        Some("render") => match <[PathBuf; 1]>::try_from(dirs) {
            Ok([template]) => Ok(Command::Render {
                template: template.to_string_lossy().into_owned(),
                data,
            }),
            Err(_) => Err("`render` takes one template name".to_owned()),
        },
        Some(other) => Err(format!("unknown command `{other}`")),
        None => Err("no command given".to_owned()),
    }
}
