//! Snapshots of the generated render function, formatted with prettyplease, one per shape
//! of code the generator writes (`engine/src/codegen/snapshots/`). Review a change with
//! `cargo insta review`, or run with `INSTA_UPDATE=always` and read the diff; with
//! `CI=true` (as in CI) insta never writes them.

use super::test_support::render_function;

/// One test per `(name, template)`, snapshotting its render function under the name.
macro_rules! snapshots {
    ($($name:ident: $source:expr;)*) => {
        $(
            #[test]
            fn $name() {
                insta::assert_snapshot!(render_function($source));
            }
        )*
    };
}

snapshots! {
    text_merges_and_literals_print_at_compile_time:
        "<p>{{ name }}</p>{{ \"<b>\" }}{{ 3 }}{{ true }}{{ none }}<br>\r\n{{ n + 1 }}";
    a_loop_between_texts_is_rotated_and_a_small_one_peeled:
        "{% for x in items %}<td>{{ x }}</td>{% endfor %}";
    a_large_rotated_loop_keeps_a_flag:
        "{% for x in items %}<td>{{ x }}, {{ x }}, {{ x }}, {{ x }}, {{ x }}, {{ x }}, {{ x }}, {{ x }}, {{ x }}, {{ x }}</td>{% endfor %}";
    a_peeled_loop_knows_loop_first_without_counting:
        "{% for x in items %}<li>{{ loop.first }}</li>{% endfor %}";
    an_unpeeled_loop_asks_its_state_for_loop_first:
        "{% for x in items %}{{ loop.first }}{% endfor %}";
    a_loop_reserves_the_writes_its_body_starts_with:
        "{% for x in items %}{{ x }}, {{ x }};{% if x %}{{ x }}{% endif %}{% endfor %}";
    loops_that_may_skip_their_end_are_not_rotated:
        "{% for x in items %}<td>{% if x %}{% break %}{% endif %}{{ x }}</td>{% endfor %}";
    an_inner_else_break_leaves_the_outer_loop_unrotated:
        "{% for x in items %}<td>{% for y in items %}{{ y }}{% else %}{% break %}{% endfor %}</td>{% endfor %}";
    loop_changed_keeps_one_slot_per_value_before_the_loop:
        "{% for u in users %}{{ loop.changed(u.name, n) }}{% endfor %}";
    loop_neighbours_come_with_the_items:
        "{% for x in items %}{{ loop.previtem }}|{{ loop.nextitem }}{% endfor %}";
    a_filtered_loop_with_else_and_counters:
        "{% for x in items if x != 'a' %}{{ loop.index }}/{{ loop.length }}{{ loop.cycle('odd', 'even') }}{% else %}none{% endfor %}{% for y in items %}{{ loop.depth }}{{ loop.depth0 }}{% endfor %}";
    with_computes_every_value_before_binding:
        "{% with n = 1, b = n %}{{ b }}{% endwith %}";
    autoescape_switches_escaping_for_its_block_only:
        "{{ name }}{% autoescape false %}{{ name }}{{ \"<b>\" }}{% endautoescape %}{{ name }}";
    set_and_captures_keep_safety:
        "{% set a = name|upper %}{% set b %}<i>{{ a }}</i>{% endset %}{{ b|upper }}{{ a ~ b }}{% filter upper|trim %} {{ name }} {% endfilter %}";
    builtin_filters_fill_typed_defaults:
        "{{ name|truncate(5) }}{{ name|default('x', true) }}{% set s = items|join(', ') %}{{ name|replace('a', 'b')|title }}{{ n|round(2, 'floor') }}{{ name|urlize }}{{ items|first }}";
    filters_by_name_become_closures:
        "{{ users|map(attribute='address.city', default='?')|join }}{{ users|sort(attribute='age,name')|first }}{{ users|selectattr('age', 'gt', 3)|list }}{{ items|select('odd')|list }}{{ items|reject|list }}{{ items|map('upper')|list }}{{ items|map('safe')|list }}{{ users|attr('name') }}";
    grouping_and_summing_filters:
        "{{ items|batch(2) }}{{ items|slice(3, 'x') }}{{ users|groupby('city', default='none') }}{{ users|sum(attribute='age', start=1) }}{{ users|unique(attribute='name') }}{{ users|dictsort(by='value', reverse=true) }}{{ users|join(', ', attribute='name') }}{{ users|max(attribute='age') }}";
    custom_filters_take_keywords_through_options:
        "{{ name|shout }}{{ name|shout(1, 2) }}{{ name|shout(1, times=2, type='x') }}";
    format_escapes_its_arguments_into_safe_markup:
        "{{ '%s-%d'|format(name, n) }}{{ ('<%s>'|safe)|format(name) }}";
    tests_are_calls_operators_or_constants:
        "{{ n is odd }}{{ name is not defined }}{{ items is mapping }}{{ n is eq 3 }}{{ n is in([1]) }}{{ 'upper' is filter }}{{ name|e is escaped }}{{ n is divisibleby(3) }}";
    macros_expand_into_closures_and_callers_inline:
        "{% macro card(title, k=1) %}<h1>{{ title }}</h1>{{ caller(k) }}{% endmacro %}{% macro plain(x) %}[{{ x }}]{% endmacro %}{% for u in users %}{% call(k) card(name) %}{{ k }}{{ loop.index }}{% endcall %}{% endfor %}{{ plain(n)|length }}";
    a_recursive_macro_calls_its_handle:
        "{% macro m(k) %}{% if k %}{{ m(k - 1) }}{% endif %}{{ k }}{% endmacro %}{{ m(3) }}";
    a_recursive_loop_is_a_closure_that_loop_calls_again:
        "{% for u in users recursive %}{{ loop.depth }}{{ loop(u.friends) }}{% else %}-{% endfor %}";
    printed_conditions_print_each_branch:
        "{{ name if n else 'x' }}{{ n or 'none' }}{{ n if items }}{% if n > 1 and not name %}x{% elif items %}y{% else %}z{% endif %}";
    concatenation_with_markup_escapes_the_rest:
        "{{ name ~ ('<b>'|safe) ~ n }}{{ name ~ n }}";
}

/// A call of a struct's method without arguments (`total()`, `users.len()` on a field)
/// goes through `recorded!`, which hot reload expands into a recording of its value;
/// calls with arguments and methods of other values do not.
#[test]
fn methods_without_arguments_are_recorded_for_hot_reload() {
    crate::codegen::test_support::assert_compiles(
        "{{ total() }}{{ self.total() }}{{ users.len() }}",
        &["recorded ! (\"total()\"", "recorded ! (\"users.len()\""],
    );
    let out = crate::codegen::test_support::compile(
        "{{ total(1) }}{% for u in users %}{{ u.name() }}{% endfor %}",
    );
    assert!(!out.contains("recorded !"), "{out}");
}

#[test]
fn a_loop_reserves_past_a_leading_if() {
    // The rotated `</li><li` (8 bytes), the longer branch of the `if` (17), `><b>` (4),
    // the name (8: its print makes its own room), `</b>: ` (6) and the number (8).
    let code = super::test_support::compile(
        "{% for u in users %}<li{% if loop.first %} class=\"champion\"{% endif %}><b>{{ u.name }}</b>: {{ u.score }}</li>{% endfor %}",
    );
    assert!(code.contains("reserve (51usize)"), "{code}");
    // A branch that is not only writes ends the count after its writes: `</li><li>` (9)
    // and the branch's print (8), not the print after the `if`.
    let code = super::test_support::compile(
        "{% for u in users %}<li>{% if n %}{{ u }}{% for i in items %}{{ i }}{% endfor %}{% endif %}{{ u }}</li>{% endfor %}",
    );
    assert!(code.contains("reserve (17usize)"), "{code}");
}
