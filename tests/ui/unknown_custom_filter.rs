use kiln::Template;

mod filters {
    // `shout` is defined; `wrap` and `pad` are not.
    pub fn shout(value: &&str) -> kiln::Result<String> {
        Ok(value.to_uppercase())
    }
}

#[derive(Template)]
#[template(path = "ui/unknown_custom_filter.html")]
struct Page<'a> {
    title: &'a str,
}

fn main() {}
