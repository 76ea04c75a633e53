//! Every renderer must give the plain renderer's bytes, for every workload and size.

use crate::{big_table, teams};

/// Rewrites askama's numeric entities for `&`, `<` and `>` as MarkupSafe's named ones.
///
/// RATIONALE: askama 0.16 escapes `&` `<` `>` `"` `'` as `&#38;` `&#60;` `&#62;` `&#34;` `&#39;`,
/// while MarkupSafe (and so Kiln and the hand-written renderers) write `&amp;` `&lt;` `&gt;`.
/// No escaped character has the same bytes in askama, sailfish and MarkupSafe, so askama's
/// output is compared after this rewrite, and [`askama_uses_numeric_entities`] pins the
/// difference so that a change in askama is noticed.
fn askama_to_markupsafe(askama: &str) -> String {
    askama
        .replace("&#38;", "&amp;")
        .replace("&#60;", "&lt;")
        .replace("&#62;", "&gt;")
}

#[test]
fn big_table_has_the_documented_format() {
    let table = big_table::build(3);
    assert_eq!(
        big_table::render_plain(&table),
        "<table>\n\
         <tr><td>0</td><td>1</td><td>2</td></tr>\n\
         <tr><td>3</td><td>4</td><td>5</td></tr>\n\
         <tr><td>6</td><td>7</td><td>8</td></tr>\n\
         </table>"
    );
}

#[test]
fn big_table_every_engine_matches_plain() {
    for n in [0, 1, 2].into_iter().chain(big_table::SIZES) {
        let table = big_table::build(n);
        let expected = big_table::render_plain(&table);
        assert_eq!(big_table::render_tuned(&table), expected, "tuned, n = {n}");
        assert_eq!(
            big_table::render_askama(&table),
            expected,
            "askama, n = {n}"
        );
        assert_eq!(
            big_table::render_sailfish(&table),
            expected,
            "sailfish, n = {n}"
        );
        assert_eq!(
            crate::kiln_impl::render_big_table(&table),
            expected,
            "kiln, n = {n}"
        );
    }
}

#[test]
fn tuned_big_table_handles_ragged_rows() {
    let table = vec![vec![], vec![7], vec![1, 22, 333]];
    assert_eq!(
        big_table::render_tuned(&table),
        big_table::render_plain(&table)
    );
}

#[test]
fn teams_has_the_documented_format() {
    assert_eq!(
        teams::render_plain(&teams::build()),
        "<html><head><title>2015</title></head><body><h1>CSL 2015</h1><ul>\
         <li class=\"champion\"><b>Jiangsu</b>: 43</li>\
         <li><b>Beijing</b>: 27</li>\
         <li><b>Guangzhou R&amp;F &lt;Fuli&gt;</b>: 22</li>\
         <li><b>Shandong</b>: 12</li>\
         </ul></body></html>"
    );
}

#[test]
fn teams_every_engine_matches_plain() {
    let data = teams::build();
    let expected = teams::render_plain(&data);
    assert_eq!(teams::render_tuned(&data), expected, "tuned");
    assert_eq!(teams::render_sailfish(&data), expected, "sailfish");
    assert_eq!(
        askama_to_markupsafe(&teams::render_askama(&data)),
        expected,
        "askama"
    );
    assert_eq!(crate::kiln_impl::render_teams(&data), expected, "kiln");
}

#[test]
fn teams_with_no_team_match_plain() {
    let data = teams::TeamsData {
        year: 1994,
        teams: Vec::new(),
    };
    let expected = teams::render_plain(&data);
    assert_eq!(teams::render_tuned(&data), expected, "tuned");
    assert_eq!(teams::render_sailfish(&data), expected, "sailfish");
    assert_eq!(teams::render_askama(&data), expected, "askama");
    assert_eq!(crate::kiln_impl::render_teams(&data), expected, "kiln");
}

#[test]
fn askama_uses_numeric_entities() {
    let html = teams::render_askama(&teams::build());
    assert!(
        html.contains("<b>Guangzhou R&#38;F &#60;Fuli&#62;</b>"),
        "askama's escaping changed; revisit `askama_to_markupsafe` and the README: {html}"
    );
}
