//! The `#[template(...)]` attribute and the struct it is on.

use proc_macro2::Span as RustSpan;
use syn::spanned::Spanned as _;
use syn::{DeriveInput, LitStr};

use crate::diagnostic::Diagnostic;

/// Where the template text comes from.
#[derive(Clone, Debug)]
pub enum TemplateSource {
    /// `path = "…"`: a file in the template directories.
    Path(String),
    /// `source = "…"`: inline text.
    Source(String),
}

/// What `print = …` asks the macro to show.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Print {
    /// Nothing (the default).
    #[default]
    None,
    /// The parsed and resolved template.
    Ast,
    /// The generated Rust code.
    Code,
    /// Both.
    All,
}

/// The parsed `#[template(...)]` attribute.
#[derive(Clone, Debug)]
pub struct TemplateArgs {
    /// The template text's origin.
    pub source: TemplateSource,
    /// Span of the `path`/`source` literal, where errors about the template surface.
    pub source_span: RustSpan,
    /// `ext = "…"`, required with `source`.
    pub ext: Option<String>,
    /// `escape = "…"`, with the literal's span for errors.
    pub escape: Option<(String, RustSpan)>,
    /// `block = "…"`: render only this block.
    pub block: Option<(String, RustSpan)>,
    /// `print = "…"`.
    pub print: Print,
    /// Whitespace options that override `kiln.toml`, by name.
    pub flags: Vec<(String, bool)>,
}

const KEYS: &[&str] = &[
    "path",
    "source",
    "ext",
    "escape",
    "block",
    "print",
    "trim_blocks",
    "lstrip_blocks",
    "keep_trailing_newline",
];

/// Keys whose value is `true` or `false`: the whitespace options.
const FLAGS: &[&str] = &["trim_blocks", "lstrip_blocks", "keep_trailing_newline"];

impl TemplateArgs {
    /// Reads the `#[template]` attribute of a derive input.
    pub fn from_input(input: &DeriveInput) -> Result<Self, Diagnostic> {
        let attr = input
            .attrs
            .iter()
            .find(|a| a.path().is_ident("template"))
            .ok_or_else(|| {
                Diagnostic::spanless("missing `#[template(path = \"…\")]` attribute")
                    .with_help("add `#[template(path = \"page.html\")]` or `#[template(source = \"…\", ext = \"html\")]`")
                    .at_rust(input.ident.span())
            })?;
        let mut path = None;
        let mut source = None;
        let mut ext = None;
        let mut escape = None;
        let mut block = None;
        let mut print = None;
        let mut flags: Vec<(String, bool)> = Vec::new();
        let mut error: Option<Diagnostic> = None;
        let parsed = attr.parse_nested_meta(|meta| {
            let key = meta
                .path
                .get_ident()
                .map(ToString::to_string)
                .unwrap_or_default();
            if !KEYS.contains(&key.as_str()) {
                error.get_or_insert(
                    Diagnostic::spanless(format!("unknown `template` attribute key `{key}`"))
                        .suggest(&key, KEYS.iter().copied())
                        .or_help(format!(
                            "the keys are {}",
                            crate::diagnostic::backticked(KEYS)
                        ))
                        .at_rust(meta.path.span()),
                );
                // Consume the value so the remaining keys still parse.
                let _ = meta.value().and_then(|v| v.parse::<syn::Expr>());
                return Ok(());
            }
            if FLAGS.contains(&key.as_str()) {
                let Ok(value) = meta.value().and_then(|v| v.parse::<syn::LitBool>()) else {
                    error.get_or_insert(
                        Diagnostic::spanless(format!("`{key}` takes `true` or `false`"))
                            .at_rust(meta.path.span()),
                    );
                    return Ok(());
                };
                if flags.iter().any(|(k, _)| *k == key) {
                    error.get_or_insert(
                        Diagnostic::spanless(format!("`{key}` is given twice"))
                            .at_rust(meta.path.span()),
                    );
                }
                flags.push((key, value.value));
                return Ok(());
            }
            let Ok(value) = meta.value().and_then(|v| v.parse::<LitStr>()) else {
                error.get_or_insert(
                    Diagnostic::spanless(format!("`{key}` takes a string: `{key} = \"…\"`"))
                        .at_rust(meta.path.span()),
                );
                return Ok(());
            };
            let slot = match key.as_str() {
                "path" => &mut path,
                "source" => &mut source,
                "ext" => &mut ext,
                "escape" => &mut escape,
                "block" => &mut block,
                _ => &mut print,
            };
            if slot.is_some() {
                error.get_or_insert(
                    Diagnostic::spanless(format!("`{key}` is given twice"))
                        .at_rust(meta.path.span()),
                );
                return Ok(());
            }
            *slot = Some(value);
            Ok(())
        });
        if let Some(err) = error {
            return Err(err);
        }
        parsed.map_err(|e| Diagnostic::spanless(e.to_string()).at_rust(e.span()))?;

        let (source, source_span) = match (path, source) {
            (Some(p), None) => (TemplateSource::Path(p.value()), p.span()),
            (None, Some(s)) => (TemplateSource::Source(s.value()), s.span()),
            (Some(p), Some(_)) => {
                return Err(
                    Diagnostic::spanless("give either `path` or `source`, not both")
                        .at_rust(p.span()),
                )
            }
            (None, None) => {
                return Err(Diagnostic::spanless(
                    "the template needs `path = \"…\"` or `source = \"…\"`",
                )
                .at_rust(
                    attr.path()
                        .get_ident()
                        .map_or_else(RustSpan::call_site, |i| i.span()),
                ))
            }
        };
        if matches!(source, TemplateSource::Source(_)) && ext.is_none() {
            return Err(
                Diagnostic::spanless("`source` needs `ext` to choose escaping")
                    .with_help("add `ext = \"html\"` (escaped) or `ext = \"txt\"` (not escaped)")
                    .at_rust(source_span),
            );
        }
        let print = match print.as_ref().map(LitStr::value).as_deref() {
            None => Print::None,
            Some("ast") => Print::Ast,
            Some("code") => Print::Code,
            Some("all") => Print::All,
            Some(other) => {
                return Err(Diagnostic::spanless(format!(
                    "`print` must be \"ast\", \"code\" or \"all\", not \"{other}\""
                ))
                .at_rust(print.map_or_else(RustSpan::call_site, |p| p.span())))
            }
        };
        Ok(TemplateArgs {
            source,
            source_span,
            ext: ext.map(|e| e.value()),
            escape: escape.map(|e| (e.value(), e.span())),
            block: block.map(|b| (b.value(), b.span())),
            print,
            flags,
        })
    }

    /// `syntax` with this template's overrides applied.
    pub fn syntax(&self, mut syntax: crate::parser::Syntax) -> crate::parser::Syntax {
        for (key, value) in &self.flags {
            match key.as_str() {
                "trim_blocks" => syntax.trim_blocks = *value,
                "lstrip_blocks" => syntax.lstrip_blocks = *value,
                _ => syntax.keep_trailing_newline = *value,
            }
        }
        syntax
    }

    /// The extension that decides escaping: `ext`, else the path's, ignoring a trailing
    /// `.j2` / `.jinja` / `.jinja2`.
    pub fn extension(&self) -> Option<String> {
        if let Some(ext) = &self.ext {
            return Some(ext.clone());
        }
        match &self.source {
            TemplateSource::Path(path) => crate::extension_of(path),
            TemplateSource::Source(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(attr: &str) -> Result<TemplateArgs, Diagnostic> {
        let input: DeriveInput = syn::parse_str(&format!("{attr} struct S;")).unwrap();
        TemplateArgs::from_input(&input)
    }

    #[test]
    fn reads_path_and_extension() {
        let a = args(r#"#[template(path = "pages/a.html.j2")]"#).unwrap();
        assert!(matches!(a.source, TemplateSource::Path(ref p) if p == "pages/a.html.j2"));
        assert_eq!(a.extension().as_deref(), Some("html"));
        assert_eq!(
            args(r#"#[template(path = "mail.txt")]"#)
                .unwrap()
                .extension()
                .as_deref(),
            Some("txt")
        );
    }

    #[test]
    fn source_needs_ext() {
        let err = args(r#"#[template(source = "x")]"#).unwrap_err();
        assert_eq!(err.message, "`source` needs `ext` to choose escaping");
        assert!(args(r#"#[template(source = "x", ext = "html")]"#).is_ok());
    }

    #[test]
    fn unknown_key_suggests() {
        let err = args(r#"#[template(pth = "x")]"#).unwrap_err();
        assert_eq!(err.message, "unknown `template` attribute key `pth`");
        assert_eq!(err.help.as_deref(), Some("did you mean `path`?"));
        assert!(args(r#"#[template(path = "a", path = "b")]"#).is_err());
        assert!(args(r#"#[template(path = 1)]"#).is_err());
        assert!(args("").is_err());
    }
}
