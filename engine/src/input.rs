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
    /// `blocks = ["…", …]`: blocks rendered on their own through generated `as_<name>()`
    /// methods.
    pub blocks: Vec<(String, RustSpan)>,
    /// `print = "…"`.
    pub print: Print,
    /// Whitespace options that override `kiln.toml`, by name.
    pub flags: Vec<(String, bool)>,
}

/// A `#[template(...)]` attribute as written, before the rules that need the whole of it
/// (`path` or `source`, `ext` with `source`). An enum's attribute is the default of its
/// variants' attributes, so the rules apply only after [`RawArgs::or`].
#[derive(Clone, Debug, Default)]
pub struct RawArgs {
    path: Option<LitStr>,
    source: Option<LitStr>,
    ext: Option<LitStr>,
    escape: Option<LitStr>,
    block: Option<LitStr>,
    blocks: Option<Vec<LitStr>>,
    print: Option<LitStr>,
    flags: Vec<(String, bool)>,
    /// Where "the template needs `path`" points: the attribute, else the item.
    span: Option<RustSpan>,
}

const KEYS: &[&str] = &[
    "path",
    "source",
    "ext",
    "escape",
    "block",
    "blocks",
    "print",
    "trim_blocks",
    "lstrip_blocks",
    "keep_trailing_newline",
];

/// Keys whose value is `true` or `false`: the whitespace options.
const FLAGS: &[&str] = &["trim_blocks", "lstrip_blocks", "keep_trailing_newline"];

impl RawArgs {
    /// Reads the `#[template]` attribute among `attrs`, if there is one.
    pub fn from_attrs(attrs: &[syn::Attribute]) -> Result<Option<Self>, Diagnostic> {
        let Some(attr) = attrs.iter().find(|a| a.path().is_ident("template")) else {
            return Ok(None);
        };
        let mut raw = RawArgs {
            span: attr.path().get_ident().map(|i| i.span()),
            ..RawArgs::default()
        };
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
                if raw.flags.iter().any(|(k, _)| *k == key) {
                    error.get_or_insert(
                        Diagnostic::spanless(format!("`{key}` is given twice"))
                            .at_rust(meta.path.span()),
                    );
                }
                raw.flags.push((key, value.value));
                return Ok(());
            }
            if key == "blocks" {
                let names = meta
                    .value()
                    .and_then(|v| v.parse::<syn::ExprArray>())
                    .ok()
                    .and_then(|array| {
                        array
                            .elems
                            .iter()
                            .map(|e| match e {
                                syn::Expr::Lit(syn::ExprLit {
                                    lit: syn::Lit::Str(s),
                                    ..
                                }) => Some(s.clone()),
                                _ => None,
                            })
                            .collect::<Option<Vec<_>>>()
                    });
                match names {
                    Some(_) if raw.blocks.is_some() => {
                        error.get_or_insert(
                            Diagnostic::spanless("`blocks` is given twice")
                                .at_rust(meta.path.span()),
                        );
                    }
                    Some(names) => raw.blocks = Some(names),
                    None => {
                        error.get_or_insert(
                            Diagnostic::spanless(
                                "`blocks` takes a list of block names: `blocks = [\"title\", \"content\"]`",
                            )
                            .at_rust(meta.path.span()),
                        );
                    }
                }
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
                "path" => &mut raw.path,
                "source" => &mut raw.source,
                "ext" => &mut raw.ext,
                "escape" => &mut raw.escape,
                "block" => &mut raw.block,
                _ => &mut raw.print,
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
        if let (Some(path), Some(_)) = (&raw.path, &raw.source) {
            return Err(
                Diagnostic::spanless("give either `path` or `source`, not both")
                    .at_rust(path.span()),
            );
        }
        Ok(Some(raw))
    }

    /// A variant's attribute with the enum's as its defaults: a variant that names no
    /// template of its own (`path` or `source`) uses the enum's, and takes `ext`, `escape`
    /// and the whitespace options it does not set. `blocks` and `print` are not inherited.
    pub fn or(mut self, defaults: &RawArgs) -> RawArgs {
        if self.path.is_none() && self.source.is_none() {
            self.path = defaults.path.clone();
            self.source = defaults.source.clone();
        }
        if self.ext.is_none() {
            self.ext = defaults.ext.clone();
        }
        if self.escape.is_none() {
            self.escape = defaults.escape.clone();
        }
        for (key, value) in &defaults.flags {
            if !self.flags.iter().any(|(k, _)| k == key) {
                self.flags.push((key.clone(), *value));
            }
        }
        self.span = self.span.or(defaults.span);
        self
    }

    /// Whether `blocks = […]` was given, which only a struct's attribute may do.
    pub fn blocks_span(&self) -> Option<RustSpan> {
        self.blocks
            .as_ref()
            .map(|b| b.first().map_or_else(RustSpan::call_site, LitStr::span))
    }

    /// Applies the rules of a complete attribute. `item` is where a missing template
    /// is reported when the attribute itself is missing.
    pub fn finish(self, item: RustSpan) -> Result<TemplateArgs, Diagnostic> {
        let (source, source_span) = match (self.path, self.source) {
            (Some(p), _) => (TemplateSource::Path(p.value()), p.span()),
            (None, Some(s)) => (TemplateSource::Source(s.value()), s.span()),
            (None, None) => {
                return Err(Diagnostic::spanless(
                    "the template needs `path = \"…\"` or `source = \"…\"`",
                )
                .at_rust(self.span.unwrap_or(item)))
            }
        };
        if matches!(source, TemplateSource::Source(_)) && self.ext.is_none() {
            return Err(
                Diagnostic::spanless("`source` needs `ext` to choose escaping")
                    .with_help("add `ext = \"html\"` (escaped) or `ext = \"txt\"` (not escaped)")
                    .at_rust(source_span),
            );
        }
        let print = match self.print.as_ref().map(LitStr::value).as_deref() {
            None => Print::None,
            Some("ast") => Print::Ast,
            Some("code") => Print::Code,
            Some("all") => Print::All,
            Some(other) => {
                return Err(Diagnostic::spanless(format!(
                    "`print` must be \"ast\", \"code\" or \"all\", not \"{other}\""
                ))
                .at_rust(self.print.map_or_else(RustSpan::call_site, |p| p.span())))
            }
        };
        let mut blocks: Vec<(String, RustSpan)> = Vec::new();
        for name in self.blocks.unwrap_or_default() {
            let value = name.value();
            if !is_identifier(&value) {
                return Err(Diagnostic::spanless(format!(
                    "`{value}` is not a block name: block names are identifiers"
                ))
                .at_rust(name.span()));
            }
            if blocks.iter().any(|(b, _)| *b == value) {
                return Err(
                    Diagnostic::spanless(format!("block `{value}` is listed twice"))
                        .at_rust(name.span()),
                );
            }
            blocks.push((value, name.span()));
        }
        Ok(TemplateArgs {
            source,
            source_span,
            ext: self.ext.map(|e| e.value()),
            escape: self.escape.map(|e| (e.value(), e.span())),
            block: self.block.map(|b| (b.value(), b.span())),
            blocks,
            print,
            flags: self.flags,
        })
    }
}

/// Whether `name` can follow `as_` in a method name.
fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

impl TemplateArgs {
    /// Reads the `#[template]` attribute of a derive input.
    pub fn from_input(input: &DeriveInput) -> Result<Self, Diagnostic> {
        RawArgs::from_attrs(&input.attrs)?
            .ok_or_else(|| {
                Diagnostic::spanless("missing `#[template(path = \"…\")]` attribute")
                    .with_help("add `#[template(path = \"page.html\")]` or `#[template(source = \"…\", ext = \"html\")]`")
                    .at_rust(input.ident.span())
            })?
            .finish(input.ident.span())
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

    /// The arguments of `#[template(path = name)]`, for a template checked or interpreted
    /// without a struct (`kiln check`, hot reload).
    pub fn for_path(name: &str) -> Self {
        TemplateArgs {
            source: TemplateSource::Path(name.to_owned()),
            source_span: RustSpan::call_site(),
            ext: None,
            escape: None,
            block: None,
            blocks: Vec::new(),
            print: Print::default(),
            flags: Vec::new(),
        }
    }

    /// The arguments of a struct's `#[template(path = name, …)]` as hot reload knows
    /// them: the block rendered alone, `escape = …` and the whitespace options.
    pub fn for_struct(
        name: &str,
        block: Option<&str>,
        escape: Option<&str>,
        flags: &[(&str, bool)],
    ) -> Self {
        let call_site = RustSpan::call_site();
        TemplateArgs {
            block: block.map(|b| (b.to_owned(), call_site)),
            escape: escape.map(|e| (e.to_owned(), call_site)),
            flags: flags.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect(),
            ..Self::for_path(name)
        }
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

    #[test]
    fn reads_blocks() {
        let a = args(r#"#[template(path = "a.html", blocks = ["title", "content"])]"#).unwrap();
        let names: Vec<&str> = a.blocks.iter().map(|(b, _)| b.as_str()).collect();
        assert_eq!(names, ["title", "content"]);
        let twice = args(r#"#[template(path = "a.html", blocks = ["a", "a"])]"#).unwrap_err();
        assert_eq!(twice.message, "block `a` is listed twice");
        let bad = args(r#"#[template(path = "a.html", blocks = ["a-b"])]"#).unwrap_err();
        assert!(bad.message.contains("not a block name"), "{}", bad.message);
        assert!(args(r#"#[template(path = "a.html", blocks = "a")]"#).is_err());
        assert!(args(r#"#[template(path = "a.html", blocks = [1])]"#).is_err());
    }

    #[test]
    fn a_variant_takes_the_enums_attribute_as_defaults() {
        let raw = |attr: &str| {
            let input: DeriveInput = syn::parse_str(&format!("{attr} struct S;")).unwrap();
            RawArgs::from_attrs(&input.attrs).unwrap().unwrap()
        };
        let defaults = raw(
            r#"#[template(path = "v.txt", escape = "html", trim_blocks = true, blocks = ["x"])]"#,
        );
        let block = raw(r#"#[template(block = "a")]"#).or(&defaults);
        let block = block.finish(RustSpan::call_site()).unwrap();
        assert!(matches!(block.source, TemplateSource::Path(ref p) if p == "v.txt"));
        assert_eq!(block.block.as_ref().map(|b| b.0.as_str()), Some("a"));
        assert_eq!(block.escape.as_ref().map(|e| e.0.as_str()), Some("html"));
        assert_eq!(block.flags, [("trim_blocks".to_owned(), true)]);
        assert!(block.blocks.is_empty(), "`blocks` is not inherited");
        // A variant's own template keeps its own extension rules, with the enum's options.
        let own =
            raw(r#"#[template(source = "x", ext = "txt", trim_blocks = false)]"#).or(&defaults);
        let own = own.finish(RustSpan::call_site()).unwrap();
        assert!(matches!(own.source, TemplateSource::Source(ref s) if s == "x"));
        assert_eq!(own.flags, [("trim_blocks".to_owned(), false)]);
        // No template anywhere.
        let none = RawArgs::default()
            .finish(RustSpan::call_site())
            .unwrap_err();
        assert!(none.message.contains("needs `path"), "{}", none.message);
    }
}
