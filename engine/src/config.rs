//! `kiln.toml`: template directories and whitespace defaults.

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;

/// The configuration of one crate, read from `kiln.toml` beside its `Cargo.toml`.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// The crate root (`CARGO_MANIFEST_DIR`).
    pub root: PathBuf,
    /// Template directories, absolute, in lookup order.
    pub dirs: Vec<PathBuf>,
    /// Whitespace options (`trim_blocks`, `lstrip_blocks`, `keep_trailing_newline`).
    pub syntax: crate::parser::Syntax,
    /// `[[escaper]]` tables: custom escapers and the extensions they apply to.
    pub escapers: Vec<EscaperConfig>,
    /// `general.filters`: the names of the crate's custom filters, if listed. Listed, a
    /// filter that is neither built in nor listed is a located compile error; unlisted,
    /// rustc finds custom filters (and `kiln check` knows none).
    pub filters: Option<Vec<String>>,
}

/// One `[[escaper]]` of `kiln.toml`.
#[derive(Clone, Debug, PartialEq)]
pub struct EscaperConfig {
    /// Rust path of a unit struct implementing `kiln::Escaper`, e.g. `crate::TexEscaper`.
    pub path: syn::Path,
    /// Extensions it applies to; `escape = "<one of them>"` selects it too.
    pub extensions: Vec<String>,
}

const GENERAL_KEYS: &[&str] = &[
    "dirs",
    "filters",
    "trim_blocks",
    "lstrip_blocks",
    "keep_trailing_newline",
];
const SECTIONS: &[&str] = &["general", "escaper"];

impl Config {
    /// The defaults: `templates/` beside `Cargo.toml`.
    pub fn default_for(root: &Path) -> Self {
        Config {
            root: root.to_owned(),
            dirs: vec![root.join("templates")],
            syntax: Default::default(),
            escapers: Vec::new(),
            filters: None,
        }
    }

    /// Reads `root/kiln.toml` if it exists, else the defaults.
    pub fn load(root: &Path) -> Result<Self, Diagnostic> {
        let path = root.join("kiln.toml");
        match std::fs::read_to_string(&path) {
            Ok(text) => Self::parse(root, &text),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(Self::default_for(root)),
            Err(err) => Err(Diagnostic::spanless(format!(
                "cannot read `{}`: {err}",
                path.display()
            ))),
        }
    }

    /// Parses the text of a `kiln.toml`.
    pub fn parse(root: &Path, text: &str) -> Result<Self, Diagnostic> {
        let error = |msg: String| Diagnostic::spanless(format!("kiln.toml: {msg}"));
        let table: toml::Table = text
            .parse()
            .map_err(|e: toml::de::Error| error(e.message().to_owned()))?;
        let mut config = Self::default_for(root);
        for (section, value) in &table {
            if !SECTIONS.contains(&section.as_str()) {
                return Err(error(format!("unknown section `[{section}]`"))
                    .suggest(section, SECTIONS.iter().copied()));
            }
            if section == "escaper" {
                config.escapers = parse_escapers(value).map_err(error)?;
                continue;
            }
            let toml::Value::Table(general) = value else {
                return Err(error(format!("`{section}` must be a table")));
            };
            for (key, value) in general {
                match key.as_str() {
                    "dirs" => {
                        let dirs = value.as_array().ok_or_else(|| {
                            error("`general.dirs` must be a list of paths".to_owned())
                        })?;
                        config.dirs = dirs
                            .iter()
                            .map(|d| {
                                d.as_str().map(|d| root.join(d)).ok_or_else(|| {
                                    error("`general.dirs` must be a list of paths".to_owned())
                                })
                            })
                            .collect::<Result<_, _>>()?;
                    }
                    "filters" => {
                        let shape =
                            || error("`general.filters` must be a list of names".to_owned());
                        let names = value.as_array().ok_or_else(shape)?;
                        config.filters = Some(
                            names
                                .iter()
                                .map(|n| n.as_str().map(str::to_owned).ok_or_else(shape))
                                .collect::<Result<_, _>>()?,
                        );
                    }
                    flag @ ("trim_blocks" | "lstrip_blocks" | "keep_trailing_newline") => {
                        let value = value.as_bool().ok_or_else(|| {
                            error(format!("`general.{flag}` must be `true` or `false`"))
                        })?;
                        match flag {
                            "trim_blocks" => config.syntax.trim_blocks = value,
                            "lstrip_blocks" => config.syntax.lstrip_blocks = value,
                            _ => config.syntax.keep_trailing_newline = value,
                        }
                    }
                    other => {
                        return Err(error(format!("unknown key `general.{other}`"))
                            .suggest(other, GENERAL_KEYS.iter().copied()))
                    }
                }
            }
        }
        Ok(config)
    }
}

/// `[[escaper]]` entries: `path = "crate::Tex"`, `extensions = ["tex"]`.
fn parse_escapers(value: &toml::Value) -> Result<Vec<EscaperConfig>, String> {
    let shape =
        "write escapers as `[[escaper]]` tables with `path = \"…\"` and `extensions = [\"…\"]`";
    let tables = value.as_array().ok_or_else(|| shape.to_owned())?;
    let mut escapers = Vec::new();
    for table in tables {
        let table = table.as_table().ok_or_else(|| shape.to_owned())?;
        if let Some(key) = table
            .keys()
            .find(|k| !matches!(k.as_str(), "path" | "extensions"))
        {
            return Err(format!("unknown key `escaper.{key}`; {shape}"));
        }
        let path = table
            .get("path")
            .and_then(toml::Value::as_str)
            .ok_or_else(|| shape.to_owned())?;
        let path: syn::Path = syn::parse_str(path)
            .map_err(|_| format!("`escaper.path` `{path}` is not a Rust path"))?;
        let extensions = table
            .get("extensions")
            .and_then(toml::Value::as_array)
            .ok_or_else(|| shape.to_owned())?
            .iter()
            .map(|e| {
                e.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| shape.to_owned())
            })
            .collect::<Result<Vec<_>, _>>()?;
        escapers.push(EscaperConfig { path, extensions });
    }
    Ok(escapers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_to_templates_dir() {
        let config = Config::parse(Path::new("/crate"), "").unwrap();
        assert_eq!(config.dirs, vec![PathBuf::from("/crate/templates")]);
    }

    #[test]
    fn reads_dirs() {
        let config =
            Config::parse(Path::new("/c"), "[general]\ndirs = [\"a\", \"b/t\"]\n").unwrap();
        assert_eq!(
            config.dirs,
            vec![PathBuf::from("/c/a"), PathBuf::from("/c/b/t")]
        );
    }

    #[test]
    fn reads_custom_filter_names() {
        let config = Config::parse(Path::new("/c"), "[general]\nfilters = [\"shout\"]\n").unwrap();
        assert_eq!(config.filters, Some(vec!["shout".to_owned()]));
        let error = Config::parse(Path::new("/c"), "[general]\nfilters = \"shout\"\n").unwrap_err();
        assert_eq!(
            error.message,
            "kiln.toml: `general.filters` must be a list of names"
        );
    }

    #[test]
    fn reads_whitespace_options() {
        let config = Config::parse(
            Path::new("/c"),
            "[general]\ntrim_blocks = true\nlstrip_blocks = true\n",
        )
        .unwrap();
        assert!(
            config.syntax.trim_blocks
                && config.syntax.lstrip_blocks
                && !config.syntax.keep_trailing_newline
        );
        assert!(Config::parse(Path::new("/c"), "[general]\ntrim_blocks = 1\n").is_err());
    }

    #[test]
    fn reads_escapers() {
        let config = Config::parse(
            Path::new("/c"),
            "[[escaper]]\npath = \"crate::Tex\"\nextensions = [\"tex\", \"latex\"]\n",
        )
        .unwrap();
        assert_eq!(config.escapers.len(), 1);
        assert_eq!(config.escapers[0].extensions, ["tex", "latex"]);
        assert!(Config::parse(
            Path::new("/c"),
            "[[escaper]]\npath = \"not a path\"\nextensions = []\n"
        )
        .is_err());
        assert!(Config::parse(Path::new("/c"), "[[escaper]]\npath = \"x\"\n").is_err());
    }

    #[test]
    fn unknown_keys_get_a_suggestion() {
        let err = Config::parse(Path::new("/c"), "[general]\ndir = []\n").unwrap_err();
        assert_eq!(err.message, "kiln.toml: unknown key `general.dir`");
        assert_eq!(err.help.as_deref(), Some("did you mean `dirs`?"));
        assert!(Config::parse(Path::new("/c"), "[general\n").is_err());
    }
}
