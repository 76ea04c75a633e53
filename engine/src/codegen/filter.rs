//! Filters: a built-in filter is a call of `kiln::filters::<function>` with its arguments
//! in parameter order and its typed defaults filled in; a user's filter is a call of
//! `filters::<name>` found where the struct is; the filters that take names are closures
//! (`closures.rs`).

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::Generator;
use crate::builtins::{FilterSpec, Markup, ParamDefault, Pass, Shape};
use crate::checked::{Expr, Filter, FilterKind, FormatPiece};
use crate::source::{Span, Spanned};

impl Generator<'_> {
    /// `value|filter(…)` as a value.
    pub(super) fn filter(&mut self, filter: &Filter, span: Span) -> TokenStream {
        let value = &filter.value;
        match &filter.kind {
            FilterKind::Builtin(spec, args) => {
                // These consume a temporary input (a previous filter's `Vec`), so their
                // result does not borrow it; places are borrowed.
                let input = if spec.shape == Shape::Consumes {
                    self.value_for_binding(value)
                } else {
                    let input = self.expr(value);
                    quote! { &(#input) }
                };
                let function = format_ident!("{}", spec.function);
                let values = self.builtin_args(spec, args);
                let call = quote! { ::kiln::filters::#function(#input #(, #values)*) };
                let call = self.located(call, span);
                // Jinja2's string methods keep `Markup` safe; so do these filters on safe
                // input.
                if spec.markup == Markup::Kept && filter.value_safe {
                    quote! { ::kiln::__private::Safe(#call) }
                } else {
                    call
                }
            }
            FilterKind::Format { args, pieces } => {
                let values: Vec<TokenStream> = args.iter().map(|a| self.expr(a)).collect();
                // A safe format string escapes its arguments and stays safe, as
                // `Markup % args`.
                let markup = filter.value_safe;
                let args =
                    quote! { &[#(&(#values) as &dyn ::kiln::__private::filters::FormatArg),*] };
                let call = match pieces {
                    Some(pieces) => {
                        let pieces = pieces.iter().map(format_piece);
                        quote! {
                            ::kiln::__private::filters::format_pieces(&[#(#pieces),*], #args, #markup)
                        }
                    }
                    None => {
                        let input = self.expr(value);
                        quote! { ::kiln::__private::filters::format_with(&(#input), #args, #markup) }
                    }
                };
                let call = self.located(call, span);
                if markup {
                    quote! { ::kiln::__private::Safe(#call) }
                } else {
                    call
                }
            }
            FilterKind::Custom {
                positional,
                keyword,
            } => {
                let input = self.expr(value);
                self.custom_filter(input, &filter.name, positional, keyword, span)
            }
            _ => self.closure_filter(filter, span),
        }
    }

    /// `{{ value|upper }}`, `truncate` and `join` as the whole printed expression: the
    /// filter writes its result to the output as it goes (`kiln::filters::streamed`),
    /// escaped as printing it would, instead of returning a `String` to print.
    pub(super) fn print_streamed(
        &mut self,
        filter: &Filter,
        spec: &FilterSpec,
        args: &[Option<Expr>],
        span: Span,
    ) -> TokenStream {
        let input = self.expr(&filter.value);
        let values = self.builtin_args(spec, args);
        // A string filter on safe markup gives safe markup (see `filter`): not escaped.
        let escaper = if spec.markup == Markup::Kept && filter.value_safe {
            quote! { ::kiln::__private::Text }
        } else {
            self.escaper()
        };
        let function = format_ident!("{}", spec.function);
        let writer = &self.writer;
        let call = self.located(
            quote! { ::kiln::__private::filters::streamed::#function(&(#input) #(, #values)*, #writer, #escaper) },
            span,
        );
        quote! { #call; }
    }

    /// A built-in filter's arguments in parameter order, defaults filled in.
    fn builtin_args(&mut self, spec: &FilterSpec, args: &[Option<Expr>]) -> Vec<TokenStream> {
        spec.params
            .iter()
            .zip(args)
            .map(|(param, arg)| match arg {
                Some(arg) => {
                    let value = match param.pass {
                        Pass::Generic => self.value_for_binding(arg),
                        _ => self.expr(arg),
                    };
                    match param.pass {
                        Pass::Some => {
                            quote! { ::kiln::__private::core::option::Option::Some(#value) }
                        }
                        Pass::SomeRef => {
                            quote! { ::kiln::__private::core::option::Option::Some(&(#value)) }
                        }
                        Pass::Value | Pass::Generic => value,
                    }
                }
                None => default_value(param.default),
            })
            .collect()
    }

    /// A filter of the user's `filters` module: `filters::name(&value, positional…)`, with
    /// keyword arguments as the fields of the function's last parameter, an options struct
    /// (`kiln::filters::Options`). Without keywords, a function that takes options gets
    /// their `Default`; the generated code picks by the function's signature.
    fn custom_filter(
        &mut self,
        input: TokenStream,
        name: &Spanned<String>,
        positional: &[Expr],
        keyword: &[(String, Expr)],
        span: Span,
    ) -> TokenStream {
        let count = positional.len();
        let lookup = self.custom_filter_lookup(name, count, !keyword.is_empty());
        let values: Vec<TokenStream> = positional.iter().map(|a| self.expr(a)).collect();
        if keyword.is_empty() {
            let via_options = format_ident!("ViaOptions{}", count);
            let via_plain = format_ident!("ViaPlain{}", count);
            let method = format_ident!("kiln_filter{}", count);
            return self.located(
                quote! {{
                    use ::kiln::__private::filters::{#via_options as _, #via_plain as _};
                    (&&::kiln::__private::filters::Custom(#lookup)).#method(&(#input) #(, #values)*)
                }},
                span,
            );
        }
        let fields: Vec<TokenStream> = keyword
            .iter()
            .map(|(kw, value)| {
                let field = super::rust_ident(kw);
                let value = self.expr(value);
                quote! {
                    __kiln_options.#field = ::kiln::__private::filters::KwArg::into_field(#value);
                }
            })
            .collect();
        let options = format_ident!("options{}", count);
        self.located(
            quote! {{
                let __kiln_filter = #lookup;
                let mut __kiln_options = ::kiln::__private::filters::#options(&__kiln_filter);
                #(#fields)*
                __kiln_filter(&(#input) #(, #values)*, __kiln_options)
            }},
            span,
        )
    }

    /// `filters::name`, found so that a name missing from the user's `filters` module is
    /// an error at the template location rather than rustc's bare "cannot find function".
    ///
    /// The engine cannot see the user's module, so the lookup happens in rustc's name
    /// resolution: a glob import of `filters::*` in an inner block shadows a generated
    /// fallback of the same name in the block around it. The fallback has the shape of the
    /// call but a bound that no type meets, on a trait whose `on_unimplemented` message is
    /// the template diagnostic; it is only reached, and only fails, when the user's
    /// function does not exist.
    fn custom_filter_lookup(
        &self,
        name: &Spanned<String>,
        positional: usize,
        options: bool,
    ) -> TokenStream {
        let function = super::rust_ident(&name.node);
        let [message, label, snippet, help] = self.unimplemented_message(
            name.span,
            &format!("unknown filter `{}`", name.node),
            &format!(
                "`{}` is not a built-in filter, nor a `pub fn` of the `filters` module in scope",
                name.node
            ),
            &format!(
                "a custom filter is a function `filters::{}(value: &T, …) -> kiln::Result<…>` \
                 in a module `filters` next to the struct",
                name.node
            ),
        );
        let args: Vec<Ident> = (1..=positional).map(|i| format_ident!("A{}", i)).collect();
        let (options_param, options) = if options {
            (quote! { , K: ::kiln::filters::Options }, quote! { , _: K })
        } else {
            (quote! {}, quote! {})
        };
        quote! {{
            #[allow(dead_code, non_camel_case_types, non_snake_case, unused_imports)]
            mod __kiln_unknown_filter {
                #[diagnostic::on_unimplemented(
                    message = #message,
                    label = #label,
                    note = #snippet,
                    note = #help
                )]
                pub trait UnknownFilter {}
                // With no implementation at all, rustc would suggest adding one; hidden
                // from the message by `do_not_recommend`.
                pub struct NotAFilter;
                #[diagnostic::do_not_recommend]
                impl UnknownFilter for NotAFilter {}
                pub fn #function<I: ?Sized + UnknownFilter #(, #args)* #options_param>(
                    _: &I #(, _: #args)* #options
                ) -> ::kiln::Result<&'static str> {
                    ::kiln::Result::Ok("")
                }
            }
            #[allow(unused_imports)]
            use __kiln_unknown_filter::*;
            {
                use filters::*;
                #function
            }
        }}
    }
}

/// A format string's piece as the runtime's `FormatPiece`.
fn format_piece(piece: &FormatPiece) -> TokenStream {
    match piece {
        FormatPiece::Text(text) => quote! { ::kiln::__private::filters::FormatPiece::Text(#text) },
        FormatPiece::Arg(spec) => {
            let flags: String = [
                (spec.left, '-'),
                (spec.plus, '+'),
                (spec.space, ' '),
                (spec.zero, '0'),
                (spec.alternate, '#'),
            ]
            .iter()
            .filter(|(on, _)| *on)
            .map(|(_, flag)| flag)
            .collect();
            let width = spec.width;
            let conversion = spec.conversion;
            let precision = match spec.precision {
                Some(p) => quote! { ::kiln::__private::core::option::Option::Some(#p) },
                None => quote! { ::kiln::__private::core::option::Option::None },
            };
            quote! {
                ::kiln::__private::filters::FormatPiece::Arg(
                    ::kiln::__private::filters::FormatSpec::new(#flags, #width, #precision, #conversion)
                )
            }
        }
    }
}

/// A built-in filter parameter's default, as Rust.
fn default_value(default: ParamDefault) -> TokenStream {
    let none = quote! { ::kiln::__private::core::option::Option::None };
    match default {
        // The check stage asks for every required argument.
        ParamDefault::Required => quote! { () },
        ParamDefault::None => none,
        ParamDefault::NoneInt => quote! { #none::<i64> },
        ParamDefault::NoneStrs => quote! { #none::<[&str; 0]> },
        ParamDefault::Bool(b) => quote! { #b },
        ParamDefault::Int(i) => {
            let lit = Literal::i64_unsuffixed(i);
            quote! { #lit }
        }
        ParamDefault::Float(f) => {
            let lit = Literal::f64_unsuffixed(f);
            quote! { #lit }
        }
        ParamDefault::Str(s) => quote! { #s },
    }
}
