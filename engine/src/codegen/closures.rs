//! The filters that take an attribute, a test or another filter by name (`attr`, `map`,
//! `select`, `sort`, `groupby`, …): the check stage lowered each to closures over items;
//! here they become Rust closures passed to the runtime function.

use proc_macro2::{Delimiter, Ident, TokenStream, TokenTree};
use quote::{format_ident, quote};

use super::shape::Shape;
use super::Generator;
use crate::checked::{BindingId, Closure, Closure2, Comparator, Expr, Filter, FilterKind};
use crate::source::Span;

const OK: &str = "::kiln::__private::core::result::Result::Ok";

fn ok() -> TokenStream {
    OK.parse().unwrap_or_default()
}

/// `Ok(value)`, or the call itself when `value` is a fallible call with `?` (`path(…)?`):
/// `Ok(call(…)?)` is `call(…)`, and clippy's `needless_question_mark` would say so in the
/// user's crate.
pub(super) fn ok_of(value: TokenStream) -> TokenStream {
    let trees: Vec<TokenTree> = value.clone().into_iter().collect();
    if let [path @ .., TokenTree::Group(args), TokenTree::Punct(question)] = trees.as_slice() {
        let is_path = !path.is_empty()
            && path.iter().all(|t| match t {
                TokenTree::Ident(_) => true,
                TokenTree::Punct(p) => p.as_char() == ':',
                _ => false,
            });
        if is_path && question.as_char() == '?' && args.delimiter() == Delimiter::Parenthesis {
            return trees[..trees.len() - 1].iter().cloned().collect();
        }
    }
    let ok = ok();
    quote! { #ok(#value) }
}

impl Generator<'_> {
    /// A filter of this module's kinds.
    pub(super) fn closure_filter(&mut self, filter: &Filter, span: Span) -> TokenStream {
        let value = &filter.value;
        self.bind_item_shapes(filter);
        let ok = ok();
        let call = match &filter.kind {
            FilterKind::Attr { object, access } => {
                // The object may be a missing value (`users|first|attr("name")`): unwrapped
                // first, an error if it is missing, as in Jinja2. It is bound first (places
                // borrowed), so the field's reference does not outlive a temporary.
                let input = self.value_for_binding(value);
                let unwrapped = self.located(
                    quote! {{
                        use ::kiln::__private::filters::{NotMaybe as _, ViaMaybe as _};
                        (&::kiln::__private::filters::AttrOf(&__kiln_attr_object)).kiln_attr_of()
                    }},
                    span,
                );
                let item = self.local(*object);
                let access = self.expr(access);
                // A reference: the field cannot be moved out of the object.
                return quote! {{
                    let __kiln_attr_object = #input;
                    let #item = #unwrapped;
                    &(#access)
                }};
            }
            FilterKind::Map(closure) => {
                let input = self.value_for_binding(value);
                let (item, body) = self.closure1(closure, |g, body| g.value_for_binding(body));
                let body = ok_of(body);
                quote! { ::kiln::filters::map(#input, |#item| #body) }
            }
            FilterKind::MapSafe(closure) => {
                let input = self.value_for_binding(value);
                let (item, body) = self.closure1(closure, |g, body| g.expr(body));
                quote! { ::kiln::filters::map(#input, |#item| #ok(::kiln::__private::Safe(#body))) }
            }
            FilterKind::Select(closure) => {
                let input = self.value_for_binding(value);
                let (item, keep) = self.closure1(closure, |g, body| g.condition(body));
                let keep = ok_of(keep);
                quote! { ::kiln::filters::select(#input, |#item| #keep) }
            }
            FilterKind::Sort { reverse, compare } => {
                let input = self.value_for_binding(value);
                let reverse = self.optional(reverse.as_ref(), quote! { false });
                let compare = self.comparator(compare);
                quote! { ::kiln::filters::sort(#input, #reverse, #compare) }
            }
            FilterKind::MinMax { function, compare } => {
                let input = self.value_for_binding(value);
                let compare = self.comparator(compare);
                let function = format_ident!("{}", function);
                quote! { ::kiln::filters::#function(#input, #compare) }
            }
            FilterKind::Unique {
                case_sensitive,
                same,
            } => {
                let input = self.value_for_binding(value);
                let case_sensitive = self.optional(case_sensitive.as_ref(), quote! { false });
                let (x, y, keys) = self.closure2(same);
                let (a, b) = keys.into_iter().next().unwrap_or_default();
                quote! {
                    ::kiln::filters::unique(#input, |#x, #y| #ok(::kiln::__private::filters::same_key(#a, #b, #case_sensitive)))
                }
            }
            FilterKind::DictSort { reverse, compare } => {
                let input = self.expr(value);
                let reverse = self.optional(reverse.as_ref(), quote! { false });
                let compare = self.comparator(compare);
                quote! { ::kiln::filters::dictsort(&(#input), #reverse, #compare) }
            }
            FilterKind::GroupBy {
                case_sensitive,
                pair,
                key,
            } => {
                let input = self.value_for_binding(value);
                let case_sensitive = self.optional(case_sensitive.as_ref(), quote! { false });
                let (a, b, keys) = self.closure2(pair);
                let (ka, kb) = keys.into_iter().next().unwrap_or_default();
                let (item, grouper) = self.closure1(key, |g, body| g.value_for_binding(body));
                let grouper = ok_of(grouper);
                quote! {
                    ::kiln::filters::groupby(
                        #input,
                        |#a, #b| {
                            let __kiln_case_sensitive: bool = #case_sensitive;
                            ::kiln::__private::filters::compare_keys(#ka, #kb, __kiln_case_sensitive)
                        },
                        |#a, #b| {
                            let __kiln_case_sensitive: bool = #case_sensitive;
                            #ok(::kiln::__private::filters::same_key(#ka, #kb, __kiln_case_sensitive))
                        },
                        |#item| #grouper,
                    )
                }
            }
            FilterKind::Sum { start, term } => {
                let input = self.value_for_binding(value);
                let start = match start {
                    Some(start) => self.value_for_binding(start),
                    None => quote! { 0 },
                };
                let (item, term) = self.closure1(term, |g, body| g.operand(body));
                quote! {
                    ::kiln::filters::sum(#input, &(#start), |#item| #ok((#term).into_owned()))
                }
            }
            FilterKind::Chunks {
                function,
                count,
                fill,
            } => {
                let input = self.value_for_binding(value);
                let count = self.value_for_binding(count);
                match fill {
                    Some(fill) => {
                        let fill = self.value_for_binding(fill);
                        let function = format_ident!("{}_fill", function);
                        quote! { ::kiln::__private::filters::#function(#input, #count, #fill) }
                    }
                    None => {
                        let function = format_ident!("{}", function);
                        quote! { ::kiln::filters::#function(#input, #count) }
                    }
                }
            }
            FilterKind::JoinAttribute { separator, item } => {
                let input = self.value_for_binding(value);
                let separator = self.optional(separator.as_ref(), quote! { "" });
                let (item, body) = self.closure1(item, |g, body| g.value_for_binding(body));
                let body = ok_of(body);
                let mapped =
                    self.located(quote! { ::kiln::filters::map(#input, |#item| #body) }, span);
                quote! { ::kiln::filters::join(&(#mapped), #separator) }
            }
            // Compiled by `filter.rs`.
            FilterKind::Builtin(..) | FilterKind::Format { .. } | FilterKind::Custom { .. } => {
                return TokenStream::new()
            }
        };
        self.located(call, span)
    }

    /// An optional argument's value, or `default`.
    /// Records the shape of the items a filter's closures take: `nav|selectattr("active")`
    /// over a list of dicts reads each dict's item.
    fn bind_item_shapes(&mut self, filter: &Filter) {
        let value = self.shape(&filter.value);
        let (params, item): (Vec<BindingId>, Shape) = match &filter.kind {
            FilterKind::Map(c) | FilterKind::MapSafe(c) | FilterKind::Select(c) => {
                (c.params.clone(), value.item())
            }
            FilterKind::Sum { term, .. } | FilterKind::JoinAttribute { item: term, .. } => {
                (term.params.clone(), value.item())
            }
            FilterKind::Sort { compare, .. } | FilterKind::MinMax { compare, .. } => {
                (compare.keys.params.to_vec(), value.item())
            }
            FilterKind::Unique { same, .. } => (same.params.to_vec(), value.item()),
            FilterKind::GroupBy { pair, key, .. } => {
                let mut params = pair.params.to_vec();
                params.extend(&key.params);
                (params, value.item())
            }
            FilterKind::Attr { object, .. } => (vec![*object], value),
            _ => return,
        };
        for param in params {
            self.bind_shape_of(param, item.clone());
        }
    }

    fn optional(&mut self, arg: Option<&Expr>, default: TokenStream) -> TokenStream {
        match arg {
            Some(arg) => self.expr(arg),
            None => default,
        }
    }

    /// A one-item closure's parameter and its body, made by `body`.
    fn closure1(
        &mut self,
        closure: &Closure,
        body: impl FnOnce(&mut Self, &Expr) -> TokenStream,
    ) -> (Ident, TokenStream) {
        let item = closure
            .params
            .first()
            .map_or_else(|| format_ident!("__kiln_item"), |id| self.local(*id));
        (item, body(self, &closure.body))
    }

    /// A two-item closure's parameters and its keys as operand pairs.
    fn closure2(&mut self, closure: &Closure2) -> (Ident, Ident, Vec<(TokenStream, TokenStream)>) {
        let [a, b] = closure.params.map(|id| self.local(id));
        let keys = closure
            .keys
            .iter()
            .map(|(x, y)| (self.operand(x), self.operand(y)))
            .collect();
        (a, b, keys)
    }

    /// A closure comparing two items key by key, with `compare_keys`.
    fn comparator(&mut self, comparator: &Comparator) -> TokenStream {
        let case_sensitive = self.optional(comparator.case_sensitive.as_ref(), quote! { false });
        let (a, b, keys) = self.closure2(&comparator.keys);
        let steps: Vec<TokenStream> = keys
            .into_iter()
            .map(|(x, y)| quote! { ::kiln::__private::filters::compare_keys(#x, #y, __kiln_case_sensitive)? })
            .collect();
        let ok = ok();
        let Some((last, first)) = steps.split_last() else {
            return quote! { |#a, #b| #ok(::kiln::__private::core::cmp::Ordering::Equal) };
        };
        let last_ok = ok_of(last.clone());
        quote! {
            |#a, #b| {
                let __kiln_case_sensitive: bool = #case_sensitive;
                #(
                    let __kiln_order = #first;
                    if __kiln_order != ::kiln::__private::core::cmp::Ordering::Equal {
                        return #ok(__kiln_order);
                    }
                )*
                #last_ok
            }
        }
    }
}
