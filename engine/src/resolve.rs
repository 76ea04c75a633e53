//! Inheritance and includes: turns a template and the files it names into one tree.
//!
//! After resolution there are no `Block`, `Super` or `Include` nodes left: each block site
//! holds the body of its most derived definition, `{{ super() }}` holds the next one up, and
//! each include holds the included template (resolved the same way). Everything is inlined,
//! so the generated render function needs no lookups at run time.

use std::collections::HashMap;
use std::sync::Arc;

use crate::ast::{Block, ImportKind, Inline, Macro, Node, Template};
use crate::diagnostic::{backticked, Diagnostic};
use crate::loader::Loader;
use crate::source::{FileId, Span};

/// Longest `extends` chain and deepest `include` nesting accepted.
const MAX_DEPTH: usize = 64;

/// A resolved template: the tree to render and the macros each file can call.
#[derive(Debug)]
pub struct Resolved {
    /// The tree; no `Block`, `Super` or `Include` nodes are left.
    pub nodes: Vec<Node>,
    /// What macro names mean in each file that contributed nodes or macros.
    pub scopes: Scopes,
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
    };
    let nodes = resolver.template(root, block)?;
    Ok(Resolved {
        nodes,
        scopes: resolver.scopes,
    })
}

struct Resolver<'l> {
    loader: &'l mut Loader,
    /// Files being included, outermost first, to detect include cycles.
    includes: Vec<FileId>,
    /// Macro scopes built so far (a file's entry exists while it is being built).
    scopes: Scopes,
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
    fn template(&mut self, id: FileId, only_block: Option<&str>) -> Result<Vec<Node>, Diagnostic> {
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
                out.push(Node::Inline(Inline {
                    file: template.file,
                    body,
                }));
            }
            for node in &template.nodes {
                // Jinja2 runs a child's top-level `set`s and `do`s; its text is dropped.
                if let Node::Set(_) | Node::Do(_) = node {
                    out.push(node.clone());
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
            out.push(Node::Inline(Inline {
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
        out.push(Node::Inline(Inline {
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
            scope
                .macros
                .insert(m.name.node.clone(), Arc::new(Macro { body, ..m.clone() }));
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

    fn expand(
        &mut self,
        nodes: &[Node],
        blocks: &Blocks,
        in_block: Option<InBlock<'_>>,
    ) -> Result<Vec<Node>, Diagnostic> {
        let mut out = Vec::with_capacity(nodes.len());
        for node in nodes {
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
                    Node::Inline(Inline {
                        file: def.span.file,
                        body,
                    })
                }
                Node::Super(span) => {
                    let Some(current) = in_block else {
                        return Err(Diagnostic::new("`super()` outside of a block", *span)
                            .with_help(
                            "`super()` can only be used inside `{% block %}…{% endblock %}` in a \
                             template that `extends` another",
                        ));
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
                            *span,
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
                    Node::Inline(Inline {
                        file: parent.span.file,
                        body,
                    })
                }
                Node::Include(include) => {
                    let mut found = None;
                    for name in &include.names {
                        if let Some(id) = self.loader.load_if_exists(&name.node, Some(name.span))? {
                            found = Some(id);
                            break;
                        }
                    }
                    let Some(id) = found else {
                        if include.ignore_missing {
                            continue;
                        }
                        let last = include
                            .names
                            .last()
                            .expect("grammar: include names a template");
                        // Loading again produces the "not found" error with its suggestion.
                        self.loader.load(&last.node, Some(last.span))?;
                        continue;
                    };
                    if self.includes.contains(&id) || self.includes.len() >= MAX_DEPTH {
                        let span = include.names.first().map_or(include.span, |n| n.span);
                        return Err(self.cycle("include", &self.includes, id, span));
                    }
                    self.includes.push(id);
                    let body = self.template(id, None)?;
                    self.includes.pop();
                    Node::Inline(Inline { file: id, body })
                }
                Node::If(if_node) => {
                    let mut if_node = if_node.clone();
                    for (_, body) in &mut if_node.branches {
                        *body = self.expand(body, blocks, in_block)?;
                    }
                    Node::If(if_node)
                }
                Node::For(for_node) => {
                    let mut for_node = for_node.clone();
                    for_node.body = self.expand(&for_node.body, blocks, in_block)?;
                    for_node.else_body = self.expand(&for_node.else_body, blocks, in_block)?;
                    Node::For(for_node)
                }
                Node::SetBlock(set) => {
                    let mut set = set.clone();
                    set.body = self.expand(&set.body, blocks, in_block)?;
                    Node::SetBlock(set)
                }
                Node::CallBlock(call) => {
                    let mut call = call.clone();
                    call.body = self.expand(&call.body, blocks, in_block)?;
                    Node::CallBlock(call)
                }
                Node::FilterBlock(filter) => {
                    let mut filter = filter.clone();
                    filter.body = self.expand(&filter.body, blocks, in_block)?;
                    Node::FilterBlock(filter)
                }
                Node::With(with) => {
                    let mut with = with.clone();
                    with.body = self.expand(&with.body, blocks, in_block)?;
                    Node::With(with)
                }
                Node::Autoescape(autoescape) => {
                    let mut autoescape = autoescape.clone();
                    autoescape.body = self.expand(&autoescape.body, blocks, in_block)?;
                    Node::Autoescape(autoescape)
                }
                Node::Inline(inline) => Node::Inline(Inline {
                    file: inline.file,
                    body: self.expand(&inline.body, blocks, in_block)?,
                }),
                other => other.clone(),
            });
        }
        Ok(out)
    }
}

/// Calls `f` on every block definition in `nodes`, nested ones included.
fn collect_blocks<'n>(
    nodes: &'n [Node],
    f: &mut impl FnMut(&'n Block) -> Result<(), Diagnostic>,
) -> Result<(), Diagnostic> {
    for node in nodes {
        match node {
            Node::Block(block) => {
                f(block)?;
                collect_blocks(&block.body, f)?;
            }
            Node::If(if_node) => {
                for (_, body) in &if_node.branches {
                    collect_blocks(body, f)?;
                }
            }
            Node::For(for_node) => {
                collect_blocks(&for_node.body, f)?;
                collect_blocks(&for_node.else_body, f)?;
            }
            Node::SetBlock(set) => collect_blocks(&set.body, f)?,
            Node::CallBlock(call) => collect_blocks(&call.body, f)?,
            Node::FilterBlock(filter) => collect_blocks(&filter.body, f)?,
            Node::With(with) => collect_blocks(&with.body, f)?,
            Node::Autoescape(autoescape) => collect_blocks(&autoescape.body, f)?,
            Node::Inline(inline) => collect_blocks(&inline.body, f)?,
            _ => {}
        }
    }
    Ok(())
}
