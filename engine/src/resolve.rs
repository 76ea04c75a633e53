//! Inheritance and includes: turns a template and the files it names into one tree.
//!
//! After resolution there are no `Block`, `Super` or `Include` nodes left: each block site
//! holds the body of its most derived definition, `{{ super() }}` holds the next one up, and
//! each include holds the included template (resolved the same way). Everything is inlined,
//! so the generated render function needs no lookups at run time.

use std::collections::HashMap;
use std::sync::Arc;

use crate::ast::{Block, Inline, Node, Template};
use crate::diagnostic::Diagnostic;
use crate::loader::Loader;
use crate::source::{FileId, Span};

/// Longest `extends` chain and deepest `include` nesting accepted.
const MAX_DEPTH: usize = 64;

/// Resolves template `root`; with `block`, only that block (for fragments).
pub fn resolve(
    loader: &mut Loader,
    root: FileId,
    block: Option<&str>,
) -> Result<Vec<Node>, Diagnostic> {
    Resolver {
        loader,
        includes: vec![root],
    }
    .template(root, block)
}

struct Resolver<'l> {
    loader: &'l mut Loader,
    /// Files being included, outermost first, to detect include cycles.
    includes: Vec<FileId>,
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
        let mut blocks = Blocks {
            defs: HashMap::new(),
        };
        for template in &chain {
            let mut seen: HashMap<&str, Span> = HashMap::new();
            collect_blocks(&template.nodes, &mut |block: &Block| {
                if let Some(first) = seen.insert(&block.name.node, block.name.span) {
                    let (line, _) = self.loader.files.line_col(first.file, first.start);
                    return Err(Diagnostic::new(
                        format!("block `{}` is defined twice", block.name.node),
                        block.name.span,
                    )
                    .with_help(format!(
                        "the first definition is on line {line}; rename one of them"
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
                if let Node::Set(_) = node {
                    out.push(node.clone());
                }
            }
        }
        if let Some(name) = only_block {
            let defs = blocks.defs.get(name).ok_or_else(|| {
                let mut names: Vec<&str> = blocks.defs.keys().map(String::as_str).collect();
                names.sort_unstable();
                Diagnostic::spanless(format!("the template has no block `{name}`"))
                    .suggest(name, names.iter().copied())
                    .or_help(if names.is_empty() {
                        "it defines no blocks".to_owned()
                    } else {
                        format!("its blocks are: {}", names.join(", "))
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

    /// The template and its ancestors, most derived first.
    fn chain(&mut self, id: FileId) -> Result<Vec<Arc<Template>>, Diagnostic> {
        let mut chain = vec![self.loader.template(id)];
        while let Some(parent) = chain.last().and_then(|t| t.extends.clone()) {
            let parent_id = self.loader.load(&parent.node, Some(parent.span))?;
            if chain.iter().any(|t| t.file == parent_id) || chain.len() >= MAX_DEPTH {
                let mut names: Vec<&str> = chain
                    .iter()
                    .map(|t| self.loader.files.get(t.file).display.as_str())
                    .collect();
                names.push(&self.loader.files.get(parent_id).display);
                return Err(Diagnostic::new("`extends` makes a cycle", parent.span)
                    .with_help(names.join(" → ")));
            }
            chain.push(self.loader.template(parent_id));
        }
        Ok(chain)
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
                    let defs = &blocks.defs[name];
                    let def = &defs[0];
                    let body = self.expand(&def.body, blocks, Some(InBlock { name, level: 0 }))?;
                    Node::Inline(Inline { file: def.span.file, body })
                }
                Node::Super(span) => {
                    let Some(current) = in_block else {
                        return Err(Diagnostic::new("`super()` outside of a block", *span)
                            .with_help("`super()` renders the parent template's version of the enclosing block"));
                    };
                    let defs = &blocks.defs[current.name];
                    let Some(parent) = defs.get(current.level + 1) else {
                        return Err(Diagnostic::new(
                            format!("block `{}` has no parent definition for `super()`", current.name),
                            *span,
                        ));
                    };
                    let body = self.expand(&parent.body, blocks, Some(InBlock { level: current.level + 1, ..current }))?;
                    Node::Inline(Inline { file: parent.span.file, body })
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
                        let last = include.names.last().expect("grammar: include names a template");
                        // Loading again produces the "not found" error with its suggestion.
                        self.loader.load(&last.node, Some(last.span))?;
                        continue;
                    };
                    if self.includes.contains(&id) || self.includes.len() >= MAX_DEPTH {
                        let mut names: Vec<&str> =
                            self.includes.iter().map(|f| self.loader.files.get(*f).display.as_str()).collect();
                        names.push(&self.loader.files.get(id).display);
                        return Err(Diagnostic::new("`include` makes a cycle", include.span).with_help(names.join(" → ")));
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
                Node::Inline(inline) => {
                    Node::Inline(Inline { file: inline.file, body: self.expand(&inline.body, blocks, in_block)? })
                }
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
            Node::Inline(inline) => collect_blocks(&inline.body, f)?,
            _ => {}
        }
    }
    Ok(())
}
