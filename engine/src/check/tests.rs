//! The check stage's messages, one test per kind of mistake; each expands a template
//! through the whole engine and looks at the `compile_error!`.

use crate::codegen::test_support::{assert_compiles, assert_error, compile};

#[test]
fn every_independent_error_of_a_build_is_reported() {
    let out = compile(
        "{{ nme }}{{ n|uper }}{% for x in items %}{{ loop.indx }}{% endfor %}{{ n is od }}",
    );
    for message in [
        "unknown variable `nme`",
        "unknown filter `uper`",
        "`loop` has no attribute `indx`",
        "unknown test `od`",
    ] {
        assert!(out.contains(message), "`{message}` missing: {out}");
    }
    assert_eq!(out.matches("compile_error").count(), 4, "{out}");
}

#[test]
fn a_name_after_its_block_says_which_tag_bound_it() {
    assert_error(
        "{% for x in items %}{% endfor %}{{ x }}",
        &[
            "`x` is not defined here",
            "`x` is set by the `for` on line 1 and is not visible after its `endfor`",
        ],
    );
    assert_error(
        "{% with x = 1 %}{% set y = 2 %}{% endwith %}{{ y }}",
        &[
            "`y` is not defined here",
            "inside a `for`, `macro` or `call` body",
        ],
    );
    assert_error(
        "{% with x = 1 %}{% endwith %}{{ x }}",
        &["`x` is set by the `with` on line 1 and is not visible after its `endwith`"],
    );
}

#[test]
fn with_computes_every_value_before_binding() {
    // `b = n` reads the field `n`, not the `n` being bound.
    assert_compiles("{% with n = 1, b = n %}{{ b }}{% endwith %}", &["self . n"]);
}

#[test]
fn a_call_body_cannot_break_the_loop_around_the_call() {
    // Jinja2 compiles the body as a function of its own: `'break' outside loop`.
    let macro_with_loop =
        "{% macro m() %}{% for i in items %}[{{ caller() }}]{% endfor %}{% endmacro %}";
    assert_error(
        &format!(
            "{macro_with_loop}{{% for x in items %}}{{% call m() %}}{{% break %}}{{% endcall %}}{{% endfor %}}"
        ),
        &["`break` outside of a `for` loop", "cannot leave a loop around them"],
    );
    // Its own loops, and `loop` of the call site, are fine.
    assert_compiles(
        &format!(
            "{macro_with_loop}{{% for x in items %}}{{% call m() %}}{{{{ loop.index }}}}{{% for y in items %}}{{% break %}}{{% endfor %}}{{% endcall %}}{{% endfor %}}"
        ),
        &["break"],
    );
}

#[test]
fn loop_attributes_are_checked() {
    assert_error(
        "{% for u in users %}{{ loop.changed() }}{% endfor %}",
        &["`loop.changed` takes one or more values"],
    );
    assert_error(
        "{% for u in users %}{{ loop.changed }}{% endfor %}",
        &["`loop.changed` must be called"],
    );
    assert_error(
        "{% for u in users %}{{ loop.index() }}{% endfor %}",
        &["`loop.index` is not a function"],
    );
    assert_error(
        "{{ loop.index }}",
        &["`loop` is only defined inside a `for` loop"],
    );
}

#[test]
fn recursive_loop_calls_are_checked() {
    assert_error(
        "{% for u in users %}{{ loop(u.friends) }}{% endfor %}",
        &["`loop(…)` renders a recursive loop again, but this loop is not recursive"],
    );
    assert_error(
        "{% for u in users recursive %}{% for x in items %}{{ loop(u.friends) }}{% endfor %}{% endfor %}",
        &["this loop is not recursive", "inside a nested loop"],
    );
    assert_error(
        "{{ loop(users) }}",
        &["`loop` is only defined inside a `for` loop"],
    );
    assert_error(
        "{% for u in users recursive %}{{ loop(u.a, u.b) }}{% endfor %}",
        &[
            "function `loop` takes 1 argument, but 2 were given",
            "the signature is `loop(iterable)`: what to iterate at the next level",
        ],
    );
    assert_error(
        "{% for u in users recursive %}{{ loop(u.friends)|upper }}{% endfor %}",
        &["can only be printed on its own"],
    );
    assert_error(
        "{% for u in users recursive %}{% set s %}{{ loop(u.friends) }}{% endset %}{% endfor %}",
        &["cannot be captured here"],
    );
    assert_error(
        "{% macro m() %}{% set s %}{{ caller() }}{% endset %}{{ s }}{% endmacro %}\
         {% for u in users recursive %}{% call m() %}{{ loop(u.friends) }}{% endcall %}{% endfor %}",
        &["cannot be captured here"],
    );
    // The `else` is inside the loop's closure: it cannot leave the loops around it.
    assert_error(
        "{% for x in items %}{% for u in users recursive %}{{ loop(u.friends) }}\
         {% else %}{% break %}{% endfor %}{% endfor %}",
        &[
            "`break` outside of a `for` loop",
            "the `else` of a recursive loop",
        ],
    );
}

/// A macro reads the template's top-level variables, as in Jinja2, but not the names of
/// the place that calls it (a loop's variable there is undefined in Jinja2 too): the
/// message says so and how to pass one in.
#[test]
fn macros_read_top_level_variables_only() {
    assert_compiles(
        "{% set site = 'x' %}{% macro footer() %}{{ site }}{% endmacro %}{{ footer() }}",
        &[],
    );
    assert_error(
        "{% macro m() %}{{ u }}{% endmacro %}{% for u in users %}{{ m() }}{% endfor %}",
        &[
            "<source>:1:19: `u` is set outside this macro, which does not see it",
            "add a parameter `u` to the macro and pass `u=u` where it is called",
        ],
    );
    assert_error(
        "{% macro footer() %}{{ site }}{% endmacro %}{{ footer() }}",
        &["unknown variable `site`"],
    );
}

#[test]
fn macros_and_callers_are_checked() {
    assert_error(
        "{% macro m() %}[{{ caller() }}]{% endmacro %}{{ m() }}",
        &[
            "macro `m` uses `caller()` but is not called with `{% call %}`",
            "its body is what `caller()` on line 1 renders",
        ],
    );
    assert_error(
        "{{ caller() }}",
        &["`caller()` is only defined in a macro called with `{% call %}`"],
    );
    // Asking is not using: outside a macro, `caller` is simply undefined.
    assert_compiles(
        "{% if caller is defined %}x{% endif %}{{ caller|default('-') }}",
        &[],
    );
    assert_error(
        "{% macro o(f) %}{{ f() }}{% endmacro %}{% macro m() %}{{ o(caller) }}{% endmacro %}\
         {% call m() %}x{% endcall %}",
        &[
            "`caller` can only be passed on as `caller=caller`",
            "write `{{ o(…, caller=caller) }}`",
        ],
    );
    assert_error(
        "{% macro o(f) %}<{{ f() }}>{% endmacro %}{{ o(1) }}",
        &[
            "<source>:1:47: `o` calls its parameter `f` (`f()` on line 1), but this call gives it \
             a value that is not a macro",
            "give `f` a macro, named without calling it",
        ],
    );
    // A joiner is called the same way, and works.
    assert_compiles(
        "{% macro o(f) %}<{{ f() }}>{% endmacro %}{% set j = joiner(',') %}{{ o(j) }}{{ o(j) }}",
        &[],
    );
    assert_error(
        "{% if caller %}x{% endif %}",
        &[
            "`caller` is only defined in a macro's body",
            "`{% call %}` block",
        ],
    );
    // A `caller()` that runs only when there is a `call` block lets plain calls through;
    // each expansion knows whether it has one.
    for guarded in [
        "{% if caller %}{{ caller() }}{% endif %}",
        "{% if caller is defined and n %}{{ caller() }}{% endif %}",
        "{% if not caller %}-{% elif n %}{{ caller() }}{% else %}{{ caller() }}{% endif %}",
        "{{ caller() if caller else '' }}",
        "{{ '' if not caller else caller() }}",
        "{{ caller and caller() }}",
        "{{ not caller or caller() }}",
    ] {
        let source = format!("{{% macro m() %}}{guarded}{{% endmacro %}}{{{{ m() }}}}");
        assert_compiles(&source, &[]);
    }
    for unguarded in [
        "{% if caller %}x{% else %}{{ caller() }}{% endif %}",
        "{% if caller or n %}{{ caller() }}{% endif %}",
        "{% if not caller %}{{ caller() }}{% endif %}",
        "{% if caller %}{% endif %}{{ caller() }}",
        "{{ caller or caller() }}",
    ] {
        let source = format!("{{% macro m() %}}{unguarded}{{% endmacro %}}{{{{ m() }}}}");
        assert_error(&source, &["macro `m` uses `caller()` but is not called"]);
    }
    assert_error(
        "{% macro m() %}{{ caller(1, 2) }}{% endmacro %}{% call(x) m() %}{{ x }}{% endcall %}",
        &["the `call` block's `caller` takes at most 1 argument, but 2 were given"],
    );
    assert_error(
        "{% macro m(a) %}{% call m(1) %}x{% endcall %}{% endmacro %}{{ m(1) }}",
        &["macro `m` cannot call itself with a `call` block"],
    );
    assert_error("{% call nope() %}x{% endcall %}", &["unknown macro `nope`"]);
    assert_error(
        "{% macro card() %}{% endmacro %}{{ crad() }}",
        &["unknown macro `crad`", "did you mean `card`?"],
    );
}

#[test]
fn filter_arguments_are_bound_once_with_one_set_of_messages() {
    assert_error(
        "{{ items|sort(revers=true) }}",
        &[
            "filter `sort` has no parameter `revers`",
            "did you mean `reverse`?",
        ],
    );
    assert_error(
        "{{ items|sort(true, reverse=true) }}",
        &["argument `reverse` is given twice"],
    );
    assert_error(
        "{{ items|batch }}",
        &["filter `batch` needs the argument `linecount`"],
    );
    assert_error(
        "{{ name|wordwrap(1, 2, 3, 4, 5) }}",
        &["filter `wordwrap` takes at most 4 arguments, but 5 were given"],
    );
    assert_error(
        "{{ name|upper(1) }}",
        &["filter `upper` takes no arguments, but 1 were given"],
    );
    assert_error(
        "{{ name|shout(1, 2, 3, 4, 5, 6, 7, 8, 9) }}",
        &["a custom filter takes at most 8 positional arguments, not 9"],
    );
    assert_error(
        "{{ name|format(x=1) }}",
        &["`format` takes positional arguments only"],
    );
}

#[test]
fn names_given_to_filters_must_be_literals_and_paths() {
    assert_error(
        "{{ users|map(attribute=name) }}",
        &["the attribute must be a string literal", "compiled"],
    );
    assert_error(
        "{{ items|select(name) }}",
        &["the test name must be a string literal"],
    );
    assert_error(
        "{{ users|sort(attribute='a..b') }}",
        &["`a..b` is not an attribute path"],
    );
    assert_error(
        "{{ users|map(attribute='a-b') }}",
        &["`a-b` is not an attribute path"],
    );
    assert_error(
        "{{ users|attr('x y') }}",
        &["`x y` is not an attribute path"],
    );
    assert_error(
        "{{ users|dictsort(by='keys') }}",
        &["`by` must be \\\"key\\\" or \\\"value\\\""],
    );
    assert_error(
        "{{ users|map }}",
        &["`map` needs a filter name or `attribute=…`"],
    );
    assert_error(
        "{{ items|select('od') }}",
        &["unknown test `od`", "did you mean `odd`?"],
    );
    assert_error(
        "{{ users|min(attribute='a,b') }}",
        &["`min` takes one attribute, not the list `a,b`"],
    );
}

#[test]
fn test_arguments_are_bound_with_the_same_messages() {
    assert_error(
        "{{ n is od }}",
        &["<source>:1:9: unknown test `od`", "did you mean `odd`?"],
    );
    assert_error(
        "{{ n is divisibleby }}",
        &[
            "<source>:1:9: test `divisibleby` needs the argument `num`",
            "the signature is `divisibleby(num)`: write `x is divisibleby(…)`",
        ],
    );
    assert_error(
        "{{ n is odd(2) }}",
        &["<source>:1:13: test `odd` takes no arguments, but 1 were given"],
    );
    assert_error(
        "{{ n is eq(1, 2) }}",
        &["<source>:1:15: test `eq` takes 1 argument, but 2 were given"],
    );
    assert_error(
        "{{ n is divisibleby(nm=3) }}",
        &[
            "test `divisibleby` has no parameter `nm`",
            "did you mean `num`?",
        ],
    );
    assert_error(
        "{{ n is divisibleby(3, num=3) }}",
        &["argument `num` is given twice"],
    );
    assert_error(
        "{{ n is callable }}",
        &["the `callable` test is not supported"],
    );
    assert_error(
        "{{ name is filter }}",
        &["`is filter` needs a string literal"],
    );
}

#[test]
fn expressions_that_need_more_are_refused_where_they_are() {
    assert_compiles("{{ {'a': 1} }}", &["Dict :: from_distinct"]);
    assert_compiles("{{ {'a': 1, 'a': 2} }}", &["Dict :: from_distinct"]);
    assert_compiles("{{ {name: 1, 'a': 2} }}", &[":: kiln :: __private :: dict"]);
    assert_error(
        "{{ dict(name) }}",
        &[
            "`dict()` takes its entries as keyword arguments",
            "dict(a=1",
        ],
    );
    // Without `else`, an inline `if` is undefined when false, as in Jinja2.
    assert_compiles("{% set x = 1 if n %}{{ x }}", &["Maybe"]);
    assert_compiles("{{ 1 if n }}", &[]);
    assert_error(
        "{{ n.f(a=1) }}",
        &[
            "keyword arguments are only supported for filters, tests, macros",
            "takes its arguments by position",
        ],
    );
    assert_error(
        "{{ range(1, 2, 3, 4) }}",
        &["`range` takes 1 to 3 arguments, not 4"],
    );
    assert_error("{{ super()|upper }}", &["`super()` outside of a block"]);
}

#[test]
fn blocks_render_as_values() {
    assert_compiles(
        "{% block t %}x{% endblock %}{{ self.t()|upper }}{{ '[' ~ self.t() ~ ']' }}",
        &["Safe"],
    );
    // Not a block: a method of the struct, as in askama.
    assert_compiles(
        "{% block t %}x{% endblock %}{{ self.total() }}",
        &["self . total ()"],
    );
    assert_error(
        "{% block t %}{{ self.t() }}{% endblock %}",
        &["block `t` renders itself through `self.t()`"],
    );
    assert_error(
        "{% block t %}x{% endblock %}{{ self.t(1) }}",
        &["`self.t()` renders a block and takes no arguments"],
    );
    assert_error(
        "{% block t %}{{ super()|e }}{% endblock %}",
        &["block `t` has no parent definition for `super()`"],
    );
}

#[test]
fn a_literal_format_string_is_checked_at_its_column() {
    assert_error(
        "{{ '%s %q'|format(n, n) }}",
        &["<source>:1:8: unsupported format character `q`"],
    );
    assert_error(
        "{{ '%s %d'|format(n) }}",
        &["<source>:1:8: not enough arguments for format string"],
    );
    assert_error(
        "{{ 'x'|format(n) }}",
        &["not all arguments converted during string formatting"],
    );
    // A format string from a field is parsed when it renders.
    assert_compiles("{{ name|format(n) }}", &["format_with"]);
    assert_error(
        "{{ '%s'|format([1, 2]) }}",
        &[
            "<source>:1:16: `format` formats numbers, strings, booleans and `none`",
            "print the collection with `join`",
        ],
    );
}

#[test]
fn a_name_that_exists_nowhere_is_undefined_only_where_jinja_asks() {
    // Known at compile time: the tests are constants, `default` is its argument, and a
    // branch that needs the name is not compiled.
    assert_compiles(
        "{{ nick is defined }}{{ nick|default('anon') }}{% if nick is defined %}{{ nick.a }}{% endif %}",
        &["False", "anon"],
    );
    assert_compiles(
        "{% if nick is defined and nick.a %}x{% else %}y{% endif %}",
        &["\"y\""],
    );
    // Anywhere else it is still a mistake, with a did-you-mean.
    assert_error(
        "{{ nme }}",
        &["unknown variable `nme`", "did you mean `name`?"],
    );
    assert_error("{{ nick or 'anon' }}", &["unknown variable `nick`"]);
}

#[test]
fn a_parameter_a_call_leaves_out_is_undefined() {
    let out = compile(
        "{% macro m(a, b) %}{{ a }}{% if b is defined %}{{ b.name }}{% endif %}{% endmacro %}{{ m(1) }}",
    );
    assert!(!out.contains("compile_error"), "{out}");
    assert!(out.contains("__private :: Undefined"), "{out}");
    // The branch on the undefined `b` is not generated for this call.
    assert!(!out.contains(". name"), "{out}");
}

#[test]
fn a_set_in_some_branches_of_an_if_over_an_outer_name_says_what_to_write() {
    assert_error(
        "{% set a = 1 %}{% for i in items %}{% if i %}{% set a = 2 %}{% endif %}{{ a }}{% endfor %}",
        &[
            "`a` is set in only some branches of this `if`, while an outer `a` exists",
            "set it in every branch (add an `else`), or before the `if`: `{% set a = a %}`",
        ],
    );
    assert_error(
        "{% if n %}{% set name = 'x' %}{% endif %}",
        &["`name` is set in only some branches of this `if`, while an outer `name` exists"],
    );
    // Set in every branch, or set before the `if` in the same block: fine.
    assert_compiles(
        "{% for i in items %}{% if i %}{% set name = 'x' %}{% else %}{% set name = 'y' %}{% endif %}{{ name }}{% endfor %}",
        &[],
    );
}

#[test]
fn namespaces_take_attributes_and_nothing_else_does() {
    assert_compiles(
        "{% set ns = namespace(n=0) %}{% for i in items %}{% set ns.n = ns.n + 1 %}{% endfor %}{{ ns.n }}{{ ns.other }}",
        &["Namespace :: < 2usize >", ". set (0usize"],
    );
    assert_error(
        "{% set x = 1 %}{% set x.a = 2 %}",
        &[
            "`x` is not a namespace: `set x.attr` needs one",
            "namespace(a=…)",
        ],
    );
    assert_error("{% set nope.a = 2 %}", &["unknown namespace `nope`"]);
    assert_error(
        "{% set ns = namespace(items) %}",
        &["`namespace()` takes its attributes as keyword arguments"],
    );
}

#[test]
fn self_names_the_struct_as_in_askama() {
    assert_compiles(
        "{{ self.name }}{{ self.total(2) }}",
        &["self . name", "self . total (2)"],
    );
    assert_error(
        "{{ self.nme }}",
        &["unknown variable `nme`", "did you mean `name`?"],
    );
}

#[test]
fn macros_are_values_that_can_be_called() {
    assert_compiles(
        "{% macro m(x) %}{{ x }}{% endmacro %}{% set a = m %}{{ a(1) }}",
        &["call_macro"],
    );
    assert_compiles(
        "{% macro each(f) %}{{ f(1) }}{% endmacro %}{% macro m(x) %}{{ x }}{% endmacro %}{{ each(m) }}",
        &["call_macro"],
    );
    // Printed, a macro is Python's repr of it.
    assert_compiles(
        "{% macro m(x) %}{{ x }}{% endmacro %}{% set a = m %}{{ a }}{{ m }}",
        &["&lt;Macro &#39;m&#39;&gt;&lt;Macro &#39;m&#39;&gt;"],
    );
    // Extra arguments need a body that reads `varargs` / `kwargs`.
    assert_compiles(
        "{% macro m() %}{{ varargs|length }}{{ kwargs }}{% endmacro %}{{ m(1, 2, k=3) }}",
        &["Dict :: from_distinct"],
    );
    assert_error(
        "{% macro m() %}{% endmacro %}{{ m(1) }}",
        &["macro `m` takes"],
    );
}

#[test]
fn star_unpacks_only_in_loop_cycle() {
    assert_compiles(
        "{% for u in users %}{{ loop.cycle(*items) }}{% endfor %}",
        &["cycle_of"],
    );
    assert_error(
        "{% macro m(a) %}{% endmacro %}{{ m(*items) }}",
        &["`*items` unpacks a sequence only in `loop.cycle(*items)`"],
    );
    assert_error(
        "{{ range(*items) }}",
        &["`*items` unpacks a sequence only in `loop.cycle(*items)`"],
    );
}
