//! Every renderer must give the plain renderer's bytes, for every workload and size.
//!
//! Kiln and the two hand-written renderers escape with MarkupSafe's bytes. The peer engines
//! each spell some entities their own way; their output is compared after [`to_markupsafe`]
//! rewrites those spellings, and [`each_engine_spells_entities_as_documented`] pins every
//! spelling, so that a change in an engine is noticed (the README has the table).

use crate::{big_table, escape_heavy, filters, inheritance, kiln_impl, teams, Runtime};

/// A peer engine whose escaper differs from MarkupSafe's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Peer {
    Askama,
    Sailfish,
    Tera,
    Minijinja,
    Handlebars,
}

impl Peer {
    /// The engine's spelling of each character it escapes differently from MarkupSafe,
    /// with MarkupSafe's spelling (the character itself where MarkupSafe does not escape it).
    ///
    /// RATIONALE: an engine's entity can only come from its escaper (no template holds one,
    /// and an escaped `&` in the data reads `&amp;`, never `&#…`), so rewriting them is exact.
    fn entities(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Peer::Askama => &[("&#38;", "&amp;"), ("&#60;", "&lt;"), ("&#62;", "&gt;")],
            Peer::Sailfish => &[("&quot;", "&#34;"), ("&#039;", "&#39;")],
            Peer::Tera => &[("&quot;", "&#34;"), ("&#x27;", "&#39;"), ("&#x2F;", "/")],
            Peer::Minijinja => &[("&quot;", "&#34;"), ("&#x27;", "&#39;"), ("&#x2f;", "/")],
            Peer::Handlebars => &[
                ("&quot;", "&#34;"),
                ("&#x27;", "&#39;"),
                ("&#x3D;", "="),
                ("&#x60;", "`"),
            ],
        }
    }
}

/// Rewrites `peer`'s entities as MarkupSafe's bytes.
fn to_markupsafe(peer: Peer, html: &str) -> String {
    peer.entities()
        .iter()
        .fold(html.to_owned(), |html, (theirs, ours)| {
            html.replace(theirs, ours)
        })
}

/// Asserts that each peer's output, rewritten by [`to_markupsafe`], is `expected`.
fn assert_peers(expected: &str, outputs: &[(Peer, String)], what: &str) {
    for (peer, html) in outputs {
        assert_eq!(
            to_markupsafe(*peer, html),
            expected,
            "{peer:?}, {what} (raw output: {html})"
        );
    }
}

#[test]
fn each_engine_spells_entities_as_documented() {
    let messages = vec![r#"&<>"'/=`"#.to_owned()];
    let runtime = Runtime::new();
    let item = |escaped: &str| {
        format!("<ul class=\"messages\">\n<li title=\"{escaped}\">{escaped}</li>\n</ul>")
    };
    let markupsafe = item("&amp;&lt;&gt;&#34;&#39;/=`");
    assert_eq!(escape_heavy::render_plain(&messages), markupsafe, "plain");
    assert_eq!(escape_heavy::render_tuned(&messages), markupsafe, "tuned");
    assert_eq!(escape_heavy::render_simd(&messages), markupsafe, "simd");
    assert_eq!(
        kiln_impl::render_escape_heavy(&messages),
        markupsafe,
        "kiln"
    );
    let peers = [
        (
            Peer::Askama,
            escape_heavy::render_askama(&messages),
            "&#38;&#60;&#62;&#34;&#39;/=`",
        ),
        (
            Peer::Sailfish,
            escape_heavy::render_sailfish(&messages),
            "&amp;&lt;&gt;&quot;&#039;/=`",
        ),
        (
            Peer::Tera,
            runtime.tera.render_escape_heavy(&messages),
            "&amp;&lt;&gt;&quot;&#x27;&#x2F;=`",
        ),
        (
            Peer::Minijinja,
            runtime.minijinja.render_escape_heavy(&messages),
            "&amp;&lt;&gt;&quot;&#x27;&#x2f;=`",
        ),
        (
            Peer::Handlebars,
            runtime.handlebars.render_escape_heavy(&messages),
            "&amp;&lt;&gt;&quot;&#x27;/&#x3D;&#x60;",
        ),
    ];
    for (peer, html, escaped) in peers {
        assert_eq!(
            html,
            item(escaped),
            "{peer:?}'s escaping changed; revisit `Peer::entities` and the README"
        );
        assert_eq!(to_markupsafe(peer, &html), markupsafe, "{peer:?}");
    }
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
    let runtime = Runtime::new();
    for n in [0, 1, 2].into_iter().chain(big_table::SIZES) {
        let table = big_table::build(n);
        let expected = big_table::render_plain(&table);
        // No escaping is involved: every engine must match byte for byte.
        let outputs = [
            ("tuned", big_table::render_tuned(&table)),
            ("askama", big_table::render_askama(&table)),
            ("sailfish", big_table::render_sailfish(&table)),
            ("kiln", kiln_impl::render_big_table(&table)),
            ("tera", runtime.tera.render_big_table(&table)),
            ("minijinja", runtime.minijinja.render_big_table(&table)),
            ("handlebars", runtime.handlebars.render_big_table(&table)),
        ];
        for (name, html) in outputs {
            assert_eq!(html, expected, "{name}, n = {n}");
        }
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
    let runtime = Runtime::new();
    for data in [
        teams::build(),
        teams::TeamsData {
            year: 1994,
            teams: Vec::new(),
        },
    ] {
        let expected = teams::render_plain(&data);
        // The names hold only `&`, `<` and `>`, which every engine but askama spells as
        // MarkupSafe does: those match byte for byte.
        let outputs = [
            ("tuned", teams::render_tuned(&data)),
            ("sailfish", teams::render_sailfish(&data)),
            ("kiln", kiln_impl::render_teams(&data)),
            ("tera", runtime.tera.render_teams(&data)),
            ("minijinja", runtime.minijinja.render_teams(&data)),
            ("handlebars", runtime.handlebars.render_teams(&data)),
        ];
        for (name, html) in outputs {
            assert_eq!(html, expected, "{name}, year {}", data.year);
        }
        assert_peers(
            &expected,
            &[(Peer::Askama, teams::render_askama(&data))],
            "teams",
        );
    }
}

#[test]
fn escape_heavy_has_the_documented_format() {
    let messages = escape_heavy::build();
    assert_eq!(messages.len(), escape_heavy::COUNT);
    let html = escape_heavy::render_plain(&messages[..2]);
    assert_eq!(
        html,
        "<ul class=\"messages\">\n\
         <li title=\"&lt;b&gt;bold&lt;/b&gt; #0 Tom &amp; Jerry\">&lt;b&gt;bold&lt;/b&gt; #0 Tom &amp; Jerry</li>\n\
         <li title=\"Tom &amp; Jerry #1 a &lt; b &gt; c\">Tom &amp; Jerry #1 a &lt; b &gt; c</li>\n\
         </ul>"
    );
    for special in ['&', '<', '>', '"', '\'', '/', '=', '`'] {
        assert!(
            messages.iter().any(|m| m.contains(special)),
            "no message holds {special:?}"
        );
    }
}

#[test]
fn escape_heavy_every_engine_matches_plain() {
    let runtime = Runtime::new();
    let all = escape_heavy::build();
    for messages in [&all[..0], &all[..1], &all[..]] {
        let expected = escape_heavy::render_plain(messages);
        assert_eq!(escape_heavy::render_tuned(messages), expected, "tuned");
        assert_eq!(kiln_impl::render_escape_heavy(messages), expected, "kiln");
        assert_peers(
            &expected,
            &[
                (Peer::Askama, escape_heavy::render_askama(messages)),
                (Peer::Sailfish, escape_heavy::render_sailfish(messages)),
                (Peer::Tera, runtime.tera.render_escape_heavy(messages)),
                (
                    Peer::Minijinja,
                    runtime.minijinja.render_escape_heavy(messages),
                ),
                (
                    Peer::Handlebars,
                    runtime.handlebars.render_escape_heavy(messages),
                ),
            ],
            "escape-heavy",
        );
    }
}

#[test]
fn inheritance_has_the_documented_format() {
    let mut page = inheritance::build();
    assert_eq!(page.items.len(), inheritance::ITEMS);
    page.items.truncate(2);
    page.nav.truncate(2);
    assert_eq!(
        inheritance::render_plain(&page),
        "<!DOCTYPE html>\n\
         <html><head><title>Tea &lt;cups&gt; &amp; pots | Shop | Kiln &amp; Co</title></head>\n\
         <body>\n\
         <header><h1>Kiln &amp; Co</h1><nav><a href=\"/\">Home</a>\
         <a href=\"/shop?sort=new&amp;page=1\">New &amp; noteworthy</a></nav></header>\n\
         <main><div class=\"layout\"><h2>Tea &lt;cups&gt; &amp; pots</h2>\n\
         <ul>\n\
         <li id=\"item-1\"><a href=\"/items/1\">Cup #1</a> (37 in stock)</li>\n\
         <li id=\"item-2\"><a href=\"/items/2\">Cup #2</a> (24 in stock)</li>\n\
         </ul></div></main>\n\
         <footer>&copy; 2026 Kiln &amp; Co | page 3</footer>\n\
         </body>\n\
         </html>"
    );
}

#[test]
fn inheritance_every_engine_matches_plain() {
    let runtime = Runtime::new();
    let full = inheritance::build();
    let mut empty = full.clone();
    empty.items.clear();
    empty.nav.clear();
    for page in [full, empty] {
        let expected = inheritance::render_plain(&page);
        assert_eq!(inheritance::render_tuned(&page), expected, "tuned");
        assert_eq!(kiln_impl::render_inheritance(&page), expected, "kiln");
        assert_peers(
            &expected,
            &[
                (Peer::Askama, inheritance::render_askama(&page)),
                (Peer::Sailfish, inheritance::render_sailfish(&page)),
                (Peer::Tera, runtime.tera.render_inheritance(&page)),
                (Peer::Minijinja, runtime.minijinja.render_inheritance(&page)),
                (
                    Peer::Handlebars,
                    runtime.handlebars.render_inheritance(&page),
                ),
            ],
            "inheritance",
        );
    }
}

#[test]
fn filters_has_the_documented_format() {
    let mut catalog = filters::build();
    assert_eq!(catalog.products.len(), filters::PRODUCTS);
    catalog.products.truncate(3);
    assert_eq!(
        filters::render_plain(&catalog),
        "<h1>AUTUMN TEA &amp; CO</h1>\n\
         <ul>\n\
         <li><b>GREEN TEA</b> a smooth blend [] no note SKU-0000: 0.99</li>\n\
         <li><b>CAFÉ CRÈME</b> smooth blend of leaves picked early... [organic] note 1 SKU-0001: 4.78</li>\n\
         <li><b>FISH &amp; CHIPS</b> blend of leaves picked early [new, fair-trade] \
         ask for &#34;samples&#34; SKU-0002: 8.57</li>\n\
         </ul>"
    );
}

#[test]
fn filters_data_exercise_every_branch() {
    let catalog = filters::build();
    let cut = |p: &&filters::Product| crate::jinja::truncate(&p.description, 40).1;
    assert!(
        catalog.products.iter().any(|p| cut(&p)),
        "a cut description"
    );
    assert!(
        catalog.products.iter().any(|p| !cut(&p)),
        "a whole description"
    );
    assert!(catalog.products.iter().any(|p| p.tags.is_empty()));
    assert!(catalog.products.iter().any(|p| p.tags.len() > 1));
    assert!(catalog.products.iter().any(|p| p.note.is_none()));
    assert!(catalog.products.iter().any(|p| p.note.is_some()));
}

#[test]
fn filters_every_engine_matches_plain() {
    let runtime = Runtime::new();
    let full = filters::build();
    let mut empty = full.clone();
    empty.products.clear();
    for catalog in [full, empty] {
        let expected = filters::render_plain(&catalog);
        assert_eq!(filters::render_tuned(&catalog), expected, "tuned");
        assert_eq!(kiln_impl::render_filters(&catalog), expected, "kiln");
        assert_peers(
            &expected,
            &[
                (Peer::Askama, filters::render_askama(&catalog)),
                (Peer::Sailfish, filters::render_sailfish(&catalog)),
                (Peer::Tera, runtime.tera.render_filters(&catalog)),
                (Peer::Minijinja, runtime.minijinja.render_filters(&catalog)),
                (
                    Peer::Handlebars,
                    runtime.handlebars.render_filters(&catalog),
                ),
            ],
            "filters",
        );
    }
}
