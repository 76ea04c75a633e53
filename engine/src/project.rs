//! A crate's templates checked without a struct: what `kiln check` runs.
//!
//! Every file in the template directories is loaded, resolved and checked as the derive
//! would check it, except that no struct says which names exist: any name a template
//! does not set is taken as a field. Everything else is found (syntax, missing `extends`,
//! `include` and `import` targets, cycles, unknown filters, tests and macros, arity,
//! paths outside the directories), with the derive's messages.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::input::TemplateArgs;
use crate::loader::Loader;
use crate::source::{Files, Span};
use crate::{front_end, FrontEnd, Scope};

/// The templates of one crate, loaded through one [`Loader`] so each file is parsed once.
#[derive(Debug)]
pub struct Project {
    loader: Loader,
}

/// What [`Project::check_all`] found.
#[derive(Debug, Default)]
pub struct Report {
    /// Every template checked, by name (`"layouts/base.html"`), sorted.
    pub templates: Vec<String>,
    /// Every problem, each once (a mistake in a parent is not repeated per child), in
    /// file and line order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Project {
    /// The project of the crate at `root`, configured by its `kiln.toml` if it has one.
    pub fn open(root: &Path) -> Result<Self, Diagnostic> {
        Ok(Self::new(Config::load(root)?))
    }

    /// A project with `config`.
    pub fn new(config: Config) -> Self {
        let syntax = config.syntax;
        Project {
            loader: Loader::new(config, syntax),
        }
    }

    /// A project for one template: `config` with the template's own whitespace options
    /// (`#[template(trim_blocks = …)]`) applied, as the derive reads it.
    pub fn for_template(config: Config, args: &TemplateArgs) -> Self {
        let syntax = args.syntax(config.syntax);
        Project {
            loader: Loader::new(config, syntax),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        self.loader.config()
    }

    /// Every source read so far, for rendering diagnostics.
    pub fn files(&self) -> &Files {
        &self.loader.files
    }

    /// The names of the templates in the template directories: every file, except hidden
    /// ones and files that are not UTF-8 text (images beside the templates). A name in
    /// two directories is the first one's, as lookups find it.
    pub fn template_names(&self) -> Result<Vec<String>, Diagnostic> {
        let mut names = Vec::new();
        let mut seen = HashSet::new();
        for dir in &self.config().dirs {
            if !dir.is_dir() {
                return Err(Diagnostic::spanless(format!(
                    "template directory `{}` does not exist",
                    dir.display()
                )));
            }
            let mut found = Vec::new();
            collect(dir, dir, &mut found).map_err(|err| {
                Diagnostic::spanless(format!("cannot list `{}`: {err}", dir.display()))
            })?;
            found.sort();
            for name in found {
                if seen.insert(name.clone()) {
                    names.push(name);
                }
            }
        }
        names.sort();
        Ok(names)
    }

    /// Loads, resolves and checks the template `name`, taking any name as a field.
    pub fn check(&mut self, name: &str) -> Result<FrontEnd, Vec<Diagnostic>> {
        self.check_with(name, None)
    }

    /// Loads, resolves and checks the template `name` for data with `fields` (`None`:
    /// any name may be a field), as `kiln render` does for JSON data.
    pub fn check_with(
        &mut self,
        name: &str,
        fields: Option<&[String]>,
    ) -> Result<FrontEnd, Vec<Diagnostic>> {
        let args = TemplateArgs::for_path(name);
        self.check_args(&args, fields, crate::check::DATA_OWNER, true)
    }

    /// Loads, resolves and checks the template of `args` as the derive checks it for a
    /// struct with `fields`: `owner` ("the struct") is what hints name, and without
    /// `strict_filters` a filter that is no built-in is taken as a custom one. The
    /// whitespace options of `args` apply where the project was made with them
    /// ([`Project::for_template`]).
    pub fn check_args(
        &mut self,
        args: &TemplateArgs,
        fields: Option<&[String]>,
        owner: &str,
        strict_filters: bool,
    ) -> Result<FrontEnd, Vec<Diagnostic>> {
        let escapers = self.config().escapers.clone();
        let scope = Scope {
            fields,
            types: &[],
            owner,
        };
        front_end(
            &mut self.loader,
            args,
            args.block.as_ref(),
            &scope,
            &escapers,
            strict_filters,
        )
    }

    /// Checks every template of [`Project::template_names`].
    pub fn check_all(&mut self) -> Result<Report, Diagnostic> {
        let templates = self.template_names()?;
        let mut seen: HashSet<(Option<Span>, String)> = HashSet::new();
        let mut diagnostics = Vec::new();
        for name in &templates {
            if let Err(errors) = self.check(name) {
                for error in errors {
                    if seen.insert((error.span, error.message.clone())) {
                        diagnostics.push(error);
                    }
                }
            }
        }
        let files = self.files();
        diagnostics.sort_by_key(|d: &Diagnostic| {
            d.span.map(|span| {
                let (line, col) = files.line_col(span.file, span.start);
                (files.get(span.file).display.clone(), line, col)
            })
        });
        Ok(Report {
            templates,
            diagnostics,
        })
    }
}

/// The names under `dir` relative to `base`, `/`-separated. Symbolic links to
/// directories are not followed, so a link cycle cannot loop.
fn collect(base: &Path, dir: &Path, names: &mut Vec<String>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path: PathBuf = entry.path();
        if entry.file_type()?.is_dir() {
            collect(base, &path, names)?;
        } else if path.is_file() && is_text(&path) {
            if let Ok(relative) = path.strip_prefix(base) {
                let parts: Vec<String> = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                names.push(parts.join("/"));
            }
        }
    }
    Ok(())
}

fn is_text(path: &Path) -> bool {
    std::fs::read(path).is_ok_and(|bytes| std::str::from_utf8(&bytes).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(files: &[(&str, &str)]) -> (tempfile::TempDir, Project) {
        let dir = tempfile::tempdir().expect("a scratch directory");
        for (name, text) in files {
            let path = dir.path().join("templates").join(name);
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
            std::fs::write(path, text).expect("write");
        }
        let project = Project::open(dir.path()).expect("a project");
        (dir, project)
    }

    #[test]
    fn good_templates_have_no_diagnostics() {
        let (_dir, mut project) = project(&[
            (
                "base.html",
                "<title>{% block title %}{% endblock %}</title>{{ anything }}",
            ),
            (
                "pages/home.html",
                "{% extends \"base.html\" %}{% block title %}{{ name|upper }}{% endblock %}",
            ),
            ("macros.html", "{% macro m(x) %}{{ x }}{% endmacro %}"),
            (".hidden.html", "{% broken"),
        ]);
        let report = project.check_all().expect("the directory exists");
        assert_eq!(
            report.templates,
            ["base.html", "macros.html", "pages/home.html"]
        );
        let messages: Vec<String> = report
            .diagnostics
            .iter()
            .map(|d| d.render(project.files()))
            .collect();
        assert!(messages.is_empty(), "{messages:#?}");
    }

    #[test]
    fn a_broken_parent_is_reported_once_and_every_kind_of_mistake_is_found() {
        let (_dir, mut project) = project(&[
            ("base.html", "{% block a %}{{ x|uper }}{% endblock %}"),
            ("one.html", "{% extends \"base.html\" %}"),
            ("two.html", "{% extends \"base.html\" %}"),
            ("syntax.html", "{% if x %}"),
            ("missing.html", "{% include \"nope.html\" %}"),
            (
                "arity.html",
                "{% macro m(a) %}{{ a }}{% endmacro %}{{ m(1, 2) }}",
            ),
            ("outside.html", "{% include \"../secret.txt\" %}"),
        ]);
        let report = project.check_all().expect("the directory exists");
        let rendered: Vec<String> = report
            .diagnostics
            .iter()
            .map(|d| d.render(project.files()))
            .collect();
        let all = rendered.join("\n");
        assert_eq!(rendered.len(), 5, "{all}");
        assert!(
            all.contains("templates/base.html:1:19: unknown filter `uper`"),
            "{all}"
        );
        assert!(all.contains("did you mean `upper`?"), "{all}");
        assert!(all.contains("templates/syntax.html:1:1"), "{all}");
        assert!(all.contains("templates/missing.html:1:12"), "{all}");
        assert!(all.contains("templates/arity.html:"), "{all}");
        assert!(all.contains("templates/outside.html:"), "{all}");
    }

    /// Custom filters live in Rust, which `kiln check` does not read: `kiln.toml` lists
    /// them, and a filter that is neither listed nor built in is an error with a hint.
    #[test]
    fn custom_filters_are_the_ones_kiln_toml_lists() {
        let (dir, _) = project(&[
            ("ok.html", "{{ x|shout }}{{ x|upper }}"),
            ("typo.html", "{{ x|shuot }}"),
            ("unlisted.html", "{{ x|frobnicate }}"),
        ]);
        let check = |toml: &str| {
            std::fs::write(dir.path().join("kiln.toml"), toml).expect("write");
            let mut project = Project::open(dir.path()).expect("a project");
            let report = project.check_all().expect("the directory exists");
            let rendered: Vec<String> = report
                .diagnostics
                .iter()
                .map(|d| d.render(project.files()))
                .collect();
            rendered.join("\n")
        };
        let listed = check("[general]\nfilters = [\"shout\"]\n");
        assert!(!listed.contains("ok.html"), "{listed}");
        assert!(
            listed.contains("typo.html:1:6: unknown filter `shuot`"),
            "{listed}"
        );
        assert!(listed.contains("did you mean `shout`?"), "{listed}");
        assert!(
            listed.contains("help: a custom filter is a function in your `filters` module, listed in `kiln.toml`: `[general] filters = [\"frobnicate\"]`"),
            "{listed}"
        );
        let unlisted = check("");
        assert!(
            unlisted.contains("ok.html:1:6: unknown filter `shout`"),
            "{unlisted}"
        );
    }

    #[test]
    fn a_missing_directory_is_an_error() {
        let dir = tempfile::tempdir().expect("a scratch directory");
        let mut project = Project::open(dir.path()).expect("a project");
        let error = project.check_all().expect_err("no templates/");
        assert!(
            error.message.contains("does not exist"),
            "{}",
            error.message
        );
    }
}
