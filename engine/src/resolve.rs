//! Inheritance and includes: turns a template and the files it names into one tree.
//!
//! After resolution there are no `Block`, `Super` or `Include` nodes left: each block site
//! holds the body of its most derived definition, `{{ super() }}` holds the next one up, and
//! each include holds the included template (resolved the same way). Everything is inlined,
//! so the generated render function needs no lookups at run time. A block rendered as a
//! value (`{{ super()|upper }}`, `"[" ~ self.title() ~ "]"`) is resolved the same way and
//! kept in [`BlockValues`], by the span of the call, for the check stage to capture.

use std::collections::HashMap;
use std::sync::Arc;

use crate::ast::{Block, Child, Children, Expr, ImportKind, Node, SExpr, Template};
use crate::diagnostic::{backticked, Diagnostic};
use crate::loader::Loader;
use crate::source::{FileId, Span};
use crate::tree::{self, Inline, Macro};

/// Longest `extends` chain and deepest `include` nesting accepted.
const MAX_DEPTH: usize = 64;

/// A resolved template: the tree to render and the macros each file can call.
#[derive(Debug)]
pub struct Resolved {
    /// The tree.
    pub nodes: Vec<tree::Node>,
    /// What macro names mean in each file that contributed nodes or macros.
    pub scopes: Scopes,
    /// The blocks that expressions render as values.
    pub block_values: BlockValues,
}

/// The blocks rendered as values, each under the span of its call: `super()` (the next
/// definition up) and `self.name()` (the most derived definition of block `name`).
#[derive(Debug, Default)]
pub struct BlockValues(HashMap<Span, Inline>);

impl BlockValues {
    /// The block that the call at `span` renders, if it renders one.
    pub fn get(&self, span: Span) -> Option<&Inline> {
        self.0.get(&span)
    }
}

/// The macros each file can call.
#[derive(Debug, Default)]
pub struct Scopes {
    files: HashMap<FileId, FileScope>,
}

/// What macro names mean in one file.
#[derive(Debug, Default)]
struct FileScope {
    /// Macros defined in the file, with includes in their bodies resolved.
    macros: HashMap<String, Arc<Macro>>,
    /// `import "x" as alias`: alias to file.
    modules: HashMap<String, FileId>,
    /// `from "x" import name as alias`: alias to the file and the macro's name there.
    names: HashMap<String, (FileId, String)>,
}

impl Scopes {
    /// The macro called `name` in `file`: defined there, or imported with `from`.
    pub fn macro_named(&self, file: FileId, name: &str) -> Option<Arc<Macro>> {
        let scope = self.files.get(&file)?;
        if let Some(m) = scope.macros.get(name) {
            return Some(m.clone());
        }
        let (source, original) = scope.names.get(name)?;
        self.files.get(source)?.macros.get(original).cloned()
    }

    /// Whether `alias` is an `import … as alias` module in `file`.
    pub fn is_module(&self, file: FileId, alias: &str) -> bool {
        self.files
            .get(&file)
            .is_some_and(|s| s.modules.contains_key(alias))
    }

    /// The macro `name` of module `alias` in `file`, or the names it does have.
    pub fn module_macro(
        &self,
        file: FileId,
        alias: &str,
        name: &str,
    ) -> Result<Arc<Macro>, Vec<String>> {
        let module = self
            .files
            .get(&file)
            .and_then(|s| s.modules.get(alias))
            .and_then(|f| self.files.get(f));
        match module {
            Some(scope) => scope.macros.get(name).cloned().ok_or_else(|| {
                let mut names: Vec<String> = scope.macros.keys().cloned().collect();
                names.sort_unstable();
                names
            }),
            None => Err(Vec::new()),
        }
    }

    /// Every macro name callable in `file`, for did-you-mean.
    pub fn names_in(&self, file: FileId) -> Vec<String> {
        let mut names: Vec<String> = self
            .files
            .get(&file)
            .map(|s| s.macros.keys().chain(s.names.keys()).cloned().collect())
            .unwrap_or_default();
        names.sort_unstable();
        names
    }
}

/// Resolves template `root`; with `block`, only that block (for fragments).
pub fn resolve(
    loader: &mut Loader,
    root: FileId,
    block: Option<&str>,
) -> Result<Resolved, Diagnostic> {
    let mut resolver = Resolver {
        loader,
        includes: vec![root],
        scopes: Scopes::default(),
        block_values: BlockValues::default(),
        rendering: Vec::new(),
    };
    let nodes = resolver.template(root, block)?;
    Ok(Resolved {
        nodes,
        scopes: resolver.scopes,
        block_values: resolver.block_values,
    })
}

struct Resolver<'l> {
    loader: &'l mut Loader,
    /// Files being included, outermost first, to detect include cycles.
    includes: Vec<FileId>,
    /// Macro scopes built so far (a file's entry exists while it is being built).
    scopes: Scopes,
    /// The blocks rendered as values so far.
    block_values: BlockValues,
    /// The blocks being resolved for `self.name()`, to refuse one that renders itself.
    rendering: Vec<String>,
}

/// The block definitions of one inheritance chain: for each name, the definitions from the
/// most derived template to the base.
struct Blocks {
    defs: HashMap<String, Vec<Block>>,
}

/// Which definition of which block is being expanded, for `super()`.
#[derive(Clone, Copy)]
struct InBlock<'a> {
    name: &'a str,
    level: usize,
}

impl Resolver<'_> {
    fn template(
        &mut self,
        id: FileId,
        only_block: Option<&str>,
    ) -> Result<Vec<tree::Node>, Diagnostic> {
        let chain = self.chain(id)?;
        let blocks = self.blocks(&chain)?;
        for template in &chain {
            self.file_scope(template.file, Some(&blocks))?;
        }

        let mut out = Vec::new();
        // What a child template has before `extends` is output first; its top-level `set`s
        // run before the parent renders, as in Jinja2; its other top-level content is not
        // output.
        for template in &chain[..chain.len() - 1] {
            if only_block.is_none() && !template.before_extends.is_empty() {
                let body = self.expand(&template.before_extends, &blocks, None)?;
                out.push(tree::Node::Inline(Inline {
                    file: template.file,
                    body,
                }));
            }
            for node in &template.nodes {
                // Jinja2 runs a child's top-level `set`s and `do`s; its text is dropped.
                match node {
                    Node::Set(set) => out.push(tree::Node::Set(set.clone())),
                    Node::Do(expr) => out.push(tree::Node::Do(expr.clone())),
                    Node::SetAttr(set) => out.push(tree::Node::SetAttr(set.clone())),
                    _ => {}
                }
            }
        }
        if let Some(name) = only_block {
            let defs = blocks.defs.get(name).ok_or_else(|| {
                let mut names: Vec<&str> = blocks.defs.keys().map(String::as_str).collect();
                names.sort_unstable();
                let template = &self.loader.files.get(id).display;
                Diagnostic::spanless(format!("`{template}` has no block `{name}`"))
                    .suggest(name, names.iter().copied())
                    .or_help(if names.is_empty() {
                        "it defines no blocks".to_owned()
                    } else {
                        format!("its blocks are {}", backticked(&names))
                    })
            })?;
            let def = defs[0].clone();
            let body = self.expand(&def.body, &blocks, Some(InBlock { name, level: 0 }))?;
            out.push(tree::Node::Inline(Inline {
                file: def.span.file,
                body,
            }));
            return Ok(out);
        }
        // Wrapped so that the base's text is escaped by the base's extension.
        let base = chain
            .last()
            .expect("a chain has at least the template itself");
        let body = self.expand(&base.nodes, &blocks, None)?;
        out.push(tree::Node::Inline(Inline {
            file: base.file,
            body,
        }));
        Ok(out)
    }

    /// Builds the macro scope of `file`: its own macros and its imports (recursively).
    ///
    /// A block in a macro's body renders the most derived definition of `blocks`: those of
    /// the chain being rendered for the files of that chain, and for an imported file, of
    /// its own chain (Jinja2 renders an imported template on its own). A file's scope is
    /// built once, in the first of these roles it is met in.
    fn file_scope(&mut self, file: FileId, blocks: Option<&Blocks>) -> Result<(), Diagnostic> {
        if self.scopes.files.contains_key(&file) {
            return Ok(());
        }
        // Inserted first, so an import cycle ends here instead of recursing forever.
        self.scopes.files.insert(file, FileScope::default());
        let template = self.loader.template(file);
        let mut scope = FileScope::default();
        for import in &template.imports {
            let imported = self
                .loader
                .load(&import.template.node, Some(import.template.span))?;
            self.file_scope(imported, None)?;
            match &import.what {
                ImportKind::Module(alias) => {
                    scope.modules.insert(alias.node.clone(), imported);
                }
                ImportKind::Names(names) => {
                    for (name, alias) in names {
                        let available = &self.scopes.files[&imported].macros;
                        if !available.contains_key(&name.node) {
                            let mut known: Vec<&str> =
                                available.keys().map(String::as_str).collect();
                            known.sort_unstable();
                            return Err(Diagnostic::new(
                                format!("`{}` has no macro `{}`", import.template.node, name.node),
                                name.span,
                            )
                            .suggest(&name.node, known.iter().copied())
                            .or_help(if known.is_empty() {
                                "it defines no macros".to_owned()
                            } else {
                                format!("its macros are {}", backticked(&known))
                            }));
                        }
                        scope
                            .names
                            .insert(alias.node.clone(), (imported, name.node.clone()));
                    }
                }
            }
        }
        let own;
        let blocks = match blocks {
            Some(blocks) => blocks,
            None => {
                let chain = self.chain(file)?;
                own = self.blocks(&chain)?;
                &own
            }
        };
        for m in &template.macros {
            let body = self.expand(&m.body, blocks, None)?;
            scope.macros.insert(
                m.name.node.clone(),
                Arc::new(Macro {
                    name: m.name.clone(),
                    params: m.params.clone(),
                    body,
                    span: m.span,
                }),
            );
        }
        self.scopes.files.insert(file, scope);
        Ok(())
    }

    /// The error for `tag` (`extends` or `include`) reaching `again`, which is already in
    /// `chain` (or the chain is too deep).
    fn cycle(&self, tag: &str, chain: &[FileId], again: FileId, span: Span) -> Diagnostic {
        let name = |id: FileId| format!("`{}`", self.loader.files.get(id).display);
        let verb = if tag == "extends" {
            "extends"
        } else {
            "includes"
        };
        let Some(start) = chain.iter().position(|&f| f == again) else {
            return Diagnostic::new(
                format!("`{tag}` chain deeper than {MAX_DEPTH} templates"),
                span,
            );
        };
        let through: Vec<String> = chain[start + 1..].iter().map(|&f| name(f)).collect();
        let message = if through.is_empty() {
            format!("`{tag}` cycle: {} {verb} itself", name(again))
        } else {
            format!(
                "`{tag}` cycle: {} {verb} itself through {}",
                name(again),
                through.join(", ")
            )
        };
        let path = std::iter::once(name(again))
            .chain(through)
            .chain(std::iter::once(name(again)))
            .collect::<Vec<_>>()
            .join(" → ");
        let help = if tag == "include" {
            format!(
                "{path}: includes are inlined at compile time, so a template cannot include \
                 itself, even under an `if`; use a recursive macro"
            )
        } else {
            path
        };
        Diagnostic::new(message, span).with_help(help)
    }

    /// The template and its ancestors, most derived first.
    fn chain(&mut self, id: FileId) -> Result<Vec<Arc<Template>>, Diagnostic> {
        let mut chain = vec![self.loader.template(id)];
        while let Some(parent) = chain.last().and_then(|t| t.extends.clone()) {
            let parent_id = self.loader.load(&parent.node, Some(parent.span))?;
            if chain.iter().any(|t| t.file == parent_id) || chain.len() >= MAX_DEPTH {
                let names: Vec<FileId> = chain.iter().map(|t| t.file).collect();
                return Err(self.cycle("extends", &names, parent_id, parent.span));
            }
            chain.push(self.loader.template(parent_id));
        }
        Ok(chain)
    }

    /// The block definitions of `chain`, most derived first. As in Jinja2, a block anywhere
    /// in a template defines it: before `extends`, inside any tag, or in a macro's body.
    fn blocks(&self, chain: &[Arc<Template>]) -> Result<Blocks, Diagnostic> {
        let mut blocks = Blocks {
            defs: HashMap::new(),
        };
        for template in chain {
            let mut seen: HashMap<&str, Span> = HashMap::new();
            let bodies = std::iter::once(&template.before_extends)
                .chain(std::iter::once(&template.nodes))
                .chain(template.macros.iter().map(|m| &m.body));
            for body in bodies {
                collect_blocks(body, &mut |block: &Block| {
                    if let Some(first) = seen.insert(&block.name.node, block.name.span) {
                        let (line, _) = self.loader.files.line_col(first.file, first.start);
                        return Err(Diagnostic::new(
                            format!("block `{}` is defined twice", block.name.node),
                            block.name.span,
                        )
                        .with_help(format!(
                            "the first definition is on line {line}; rename or remove one of them"
                        )));
                    }
                    blocks
                        .defs
                        .entry(block.name.node.clone())
                        .or_default()
                        .push(block.clone());
                    Ok(())
                })?;
            }
        }
        Ok(blocks)
    }

    /// Resolves `nodes`: each block becomes its most derived definition, each `super()`
    /// the next definition up, each include the included template.
    fn expand(
        &mut self,
        nodes: &[Node],
        blocks: &Blocks,
        in_block: Option<InBlock<'_>>,
    ) -> Result<Vec<tree::Node>, Diagnostic> {
        let mut out = Vec::with_capacity(nodes.len());
        for node in nodes {
            for child in node.children() {
                if let Child::Expr(expr) = child {
                    self.block_values_in(expr, blocks, in_block)?;
                }
            }
            let mut expand = |body: &[Node]| self.expand(body, blocks, in_block);
            out.push(match node {
                Node::Block(block) => {
                    let name = block.name.node.as_str();
                    // Every block of the chain was collected; a block of its own is the
                    // definition of a template seen on its own.
                    let def = blocks
                        .defs
                        .get(name)
                        .and_then(|d| d.first())
                        .unwrap_or(block);
                    let body = self.expand(&def.body, blocks, Some(InBlock { name, level: 0 }))?;
                    tree::Node::Inline(Inline {
                        file: def.span.file,
                        body,
                    })
                }
                Node::Super(span) => self.expand_super(*span, blocks, in_block)?,
                Node::Include(include) => match self.include(include)? {
                    Some(inline) => inline,
                    None => continue,
                },
                Node::Text(text) => tree::Node::Text(text.clone()),
                Node::Print(expr) => tree::Node::Print(expr.clone()),
                Node::Do(expr) => tree::Node::Do(expr.clone()),
                Node::Set(set) => tree::Node::Set(set.clone()),
                Node::SetAttr(set) => tree::Node::SetAttr(set.clone()),
                Node::Break(span) => tree::Node::Break(*span),
                Node::Continue(span) => tree::Node::Continue(*span),
                Node::If(node) => tree::Node::If(tree::If {
                    branches: node
                        .branches
                        .iter()
                        .map(|(cond, body)| Ok((cond.clone(), expand(body)?)))
                        .collect::<Result<_, Diagnostic>>()?,
                    span: node.span,
                }),
                Node::For(node) => tree::Node::For(Box::new(tree::For {
                    target: node.target.clone(),
                    iter: node.iter.clone(),
                    filter: node.filter.clone(),
                    recursive: node.recursive,
                    body: expand(&node.body)?,
                    else_body: expand(&node.else_body)?,
                    span: node.span,
                })),
                Node::SetBlock(node) => tree::Node::SetBlock(tree::SetBlock {
                    name: node.name.clone(),
                    body: expand(&node.body)?,
                    span: node.span,
                }),
                Node::CallBlock(node) => tree::Node::CallBlock(tree::CallBlock {
                    call: node.call.clone(),
                    params: node.params.clone(),
                    body: expand(&node.body)?,
                    span: node.span,
                }),
                Node::FilterBlock(node) => tree::Node::FilterBlock(tree::FilterBlock {
                    filters: node.filters.clone(),
                    body: expand(&node.body)?,
                    span: node.span,
                }),
                Node::With(node) => tree::Node::With(tree::With {
                    assigns: node.assigns.clone(),
                    body: expand(&node.body)?,
                    span: node.span,
                }),
                Node::Autoescape(node) => tree::Node::Autoescape(tree::Autoescape {
                    enabled: node.enabled,
                    body: expand(&node.body)?,
                    span: node.span,
                }),
                Node::Inline(inline) => tree::Node::Inline(Inline {
                    file: inline.file,
                    body: expand(&inline.body)?,
                }),
            });
        }
        Ok(out)
    }

    /// Resolves the blocks that `expr` renders as values: `super()` and `self.name()` where
    /// `name` is a block (else `self.name()` is a method of the struct).
    fn block_values_in(
        &mut self,
        expr: &SExpr,
        blocks: &Blocks,
        in_block: Option<InBlock<'_>>,
    ) -> Result<(), Diagnostic> {
        if let Expr::Call(callee, args) = &expr.node {
            let rendered = match &callee.node {
                Expr::Var(name) if name == "super" => {
                    if !args.is_empty() {
                        return Err(Diagnostic::new("`super()` takes no arguments", expr.span));
                    }
                    Some(self.expand_super(expr.span, blocks, in_block)?)
                }
                Expr::Attr(object, name)
                    if object.node == Expr::Var("self".into())
                        && blocks.defs.contains_key(&name.node) =>
                {
                    if !args.is_empty() {
                        return Err(Diagnostic::new(
                            format!(
                                "`self.{}()` renders a block and takes no arguments",
                                name.node
                            ),
                            expr.span,
                        ));
                    }
                    Some(self.expand_block_value(&name.node, expr.span, blocks)?)
                }
                _ => None,
            };
            if let Some(tree::Node::Inline(inline)) = rendered {
                self.block_values.0.insert(expr.span, inline);
            }
        }
        for child in expr.node.children() {
            self.block_values_in(child, blocks, in_block)?;
        }
        Ok(())
    }

    /// `self.name()`: the most derived definition of block `name`.
    fn expand_block_value(
        &mut self,
        name: &str,
        span: Span,
        blocks: &Blocks,
    ) -> Result<tree::Node, Diagnostic> {
        if self.rendering.iter().any(|n| n == name) {
            return Err(Diagnostic::new(
                format!("block `{name}` renders itself through `self.{name}()`"),
                span,
            )
            .with_help("a block cannot contain itself; render another block, or use a macro"));
        }
        let Some(def) = blocks.defs.get(name).and_then(|d| d.first()) else {
            return Err(Diagnostic::new(format!("no block `{name}`"), span));
        };
        let def = def.clone();
        self.rendering.push(name.to_owned());
        let body = self.expand(&def.body, blocks, Some(InBlock { name, level: 0 }));
        self.rendering.pop();
        Ok(tree::Node::Inline(Inline {
            file: def.span.file,
            body: body?,
        }))
    }

    /// `{{ super() }}` in the block definition `in_block`: the next definition up.
    fn expand_super(
        &mut self,
        span: Span,
        blocks: &Blocks,
        in_block: Option<InBlock<'_>>,
    ) -> Result<tree::Node, Diagnostic> {
        let Some(current) = in_block else {
            return Err(
                Diagnostic::new("`super()` outside of a block", span).with_help(
                    "`super()` can only be used inside `{% block %}…{% endblock %}` in a \
                     template that `extends` another",
                ),
            );
        };
        let parent = blocks
            .defs
            .get(current.name)
            .and_then(|defs| defs.get(current.level + 1));
        let Some(parent) = parent else {
            return Err(Diagnostic::new(
                format!(
                    "block `{}` has no parent definition for `super()`",
                    current.name
                ),
                span,
            ));
        };
        let body = self.expand(
            &parent.body,
            blocks,
            Some(InBlock {
                level: current.level + 1,
                ..current
            }),
        )?;
        Ok(tree::Node::Inline(Inline {
            file: parent.span.file,
            body,
        }))
    }

    /// An `include`: the first of its templates that exists, resolved; `None` for a missing
    /// template with `ignore missing`.
    fn include(&mut self, include: &crate::ast::Include) -> Result<Option<tree::Node>, Diagnostic> {
        let mut found = None;
        for name in &include.names {
            if let Some(id) = self.loader.load_if_exists(&name.node, Some(name.span))? {
                found = Some(id);
                break;
            }
        }
        let Some(id) = found else {
            if !include.ignore_missing {
                if let Some(last) = include.names.last() {
                    // Loading again produces the "not found" error with its suggestion.
                    self.loader.load(&last.node, Some(last.span))?;
                }
            }
            return Ok(None);
        };
        if self.includes.contains(&id) || self.includes.len() >= MAX_DEPTH {
            let span = include.names.first().map_or(include.span, |n| n.span);
            return Err(self.cycle("include", &self.includes, id, span));
        }
        self.includes.push(id);
        let body = self.template(id, None)?;
        self.includes.pop();
        Ok(Some(tree::Node::Inline(Inline { file: id, body })))
    }
}

/// Calls `f` on every block definition in `nodes`, nested ones included.
fn collect_blocks<'n>(
    nodes: &'n [Node],
    f: &mut impl FnMut(&'n Block) -> Result<(), Diagnostic>,
) -> Result<(), Diagnostic> {
    for node in nodes {
        if let Node::Block(block) = node {
            f(block)?;
        }
        for child in node.children() {
            if let Child::Body(body) | Child::LoopBody(body) = child {
                collect_blocks(body, f)?;
            }
        }
    }
    Ok(())
}
