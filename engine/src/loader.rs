//! Finding, reading and parsing template files.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::ast::Template;
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::parser::{parse_template, Syntax};
use crate::source::{FileId, Files, Span};

/// Largest template file accepted; spans store offsets as `u32`.
const MAX_TEMPLATE_BYTES: u64 = u32::MAX as u64;

/// Reads templates from the configured directories and keeps each parsed once.
#[derive(Debug)]
pub struct Loader {
    config: Config,
    syntax: Syntax,
    /// Every source read, for spans and `include_bytes!`.
    pub files: Files,
    parsed: HashMap<FileId, Arc<Template>>,
}

impl Loader {
    /// A loader for `config`.
    pub fn new(config: Config, syntax: Syntax) -> Self {
        Loader {
            config,
            syntax,
            files: Files::default(),
            parsed: HashMap::new(),
        }
    }

    /// The configuration the templates are found with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Parses inline template text (`source = "…"`), shown in messages as `display`.
    pub fn load_source(&mut self, display: String, text: String) -> Result<FileId, Diagnostic> {
        let id = self.files.add(display, None, Arc::from(text));
        self.parse(id)?;
        Ok(id)
    }

    /// Loads the template called `name` (`"layouts/base.html"`): the first match in the
    /// template directories. `span` is where the name was written, for errors; `None` for
    /// the attribute's `path`.
    pub fn load(&mut self, name: &str, span: Option<Span>) -> Result<FileId, Diagnostic> {
        let path = self.find(name, span)?;
        self.load_path(path, span)
    }

    /// Like [`Loader::load`], but a missing template is `Ok(None)`.
    pub fn load_if_exists(
        &mut self,
        name: &str,
        span: Option<Span>,
    ) -> Result<Option<FileId>, Diagnostic> {
        match self.find_existing(name, span)? {
            Some(path) => self.load_path(path, span).map(Some),
            None => Ok(None),
        }
    }

    fn load_path(&mut self, path: PathBuf, span: Option<Span>) -> Result<FileId, Diagnostic> {
        if let Some(id) = self.files.find(&path) {
            // A file that failed to parse is read once and reports its error each time
            // it is loaded (`kiln check` loads a broken parent once per child).
            if !self.parsed.contains_key(&id) {
                self.parse(id)?;
            }
            return Ok(id);
        }
        let error = |msg: String| match span {
            Some(span) => Diagnostic::new(msg, span),
            None => Diagnostic::spanless(msg),
        };
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        if size > MAX_TEMPLATE_BYTES {
            return Err(error(format!(
                "template `{}` is larger than 4 GiB",
                path.display()
            )));
        }
        let text = std::fs::read_to_string(&path)
            .map_err(|err| error(format!("cannot read template `{}`: {err}", path.display())))?;
        let display = path
            .strip_prefix(&self.config.root)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        let id = self.files.add(display, Some(path), Arc::from(text));
        self.parse(id)?;
        Ok(id)
    }

    fn parse(&mut self, id: FileId) -> Result<(), Diagnostic> {
        let text = self.files.get(id).text.clone();
        let template = parse_template(id, &text, self.syntax)?;
        self.parsed.insert(id, Arc::new(template));
        Ok(())
    }

    /// The parsed template of a loaded file.
    pub fn template(&self, id: FileId) -> Arc<Template> {
        self.parsed
            .get(&id)
            .cloned()
            .expect("only loaded files have ids")
    }

    fn find(&self, name: &str, span: Option<Span>) -> Result<PathBuf, Diagnostic> {
        if let Some(path) = self.find_existing(name, span)? {
            return Ok(path);
        }
        let dirs: Vec<String> = self
            .config
            .dirs
            .iter()
            .map(|d| {
                format!(
                    "`{}`",
                    d.strip_prefix(&self.config.root).unwrap_or(d).display()
                )
            })
            .collect();
        let message = format!("template `{name}` not found in {}", dirs.join(", "));
        let diag = match span {
            Some(span) => Diagnostic::new(message, span),
            None => Diagnostic::spanless(message),
        };
        let known = self.template_names();
        Err(diag.suggest(name, known.iter().map(String::as_str)))
    }

    fn find_existing(&self, name: &str, span: Option<Span>) -> Result<Option<PathBuf>, Diagnostic> {
        let relative = Path::new(name);
        let escapes = relative.components().any(|c| {
            matches!(
                c,
                Component::ParentDir | Component::RootDir | Component::Prefix(_)
            )
        });
        if escapes {
            let message = format!("template path `{name}` is outside the template directories");
            let help =
                "name templates relative to a template directory, without `..` or a leading `/`";
            return Err(match span {
                Some(span) => Diagnostic::new(message, span),
                None => Diagnostic::spanless(message),
            }
            .with_help(help));
        }
        Ok(self
            .config
            .dirs
            .iter()
            .map(|dir| dir.join(relative))
            .find(|p| p.is_file()))
    }

    /// Names of all templates in the directories, for did-you-mean (a bounded walk).
    fn template_names(&self) -> Vec<String> {
        let mut names = Vec::new();
        for dir in &self.config.dirs {
            let mut pending = vec![dir.clone()];
            while let Some(current) = pending.pop() {
                let Ok(entries) = std::fs::read_dir(&current) else {
                    continue;
                };
                for entry in entries.flatten().take(1000) {
                    let path = entry.path();
                    if path.is_dir() {
                        if pending.len() < 100 {
                            pending.push(path);
                        }
                    } else if let Ok(rel) = path.strip_prefix(dir) {
                        names.push(rel.to_string_lossy().replace('\\', "/"));
                    }
                }
            }
        }
        names
    }
}
