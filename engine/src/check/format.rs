//! `format` with a format string written in the template: parsed here, so a mistake in it
//! is a compile error at its column and the render parses nothing.

use crate::checked::{FormatPiece, FormatSpec};
use crate::diagnostic::Diagnostic;
use crate::source::{Files, Span};

/// The conversions `format` knows: the runtime's `CONVERSIONS` (Python's, without `%a`).
const CONVERSIONS: &str = "sdiuxXofFeEgGcr";

/// The longest padding a conversion may ask for: the runtime's `MAX_GENERATED_LEN`.
const MAX_WIDTH: usize = 64 << 20;

/// Parses `text`, the string literal at `span`, into pieces, and checks its conversions
/// against `args` arguments.
pub(super) fn parse(
    files: &Files,
    text: &str,
    span: Span,
    args: usize,
) -> Result<Vec<FormatPiece>, Diagnostic> {
    // A column inside the literal where its source is the text itself (no escapes),
    // else the whole literal.
    let source = &files.get(span.file).text;
    let inner = source.get(span.start as usize + 1..(span.end as usize).saturating_sub(1));
    let at = |offset: usize, len: usize| {
        if inner == Some(text) {
            Span::new(
                span.file,
                span.start as usize + 1 + offset,
                span.start as usize + 1 + offset + len,
            )
        } else {
            span
        }
    };
    let mut pieces = Vec::new();
    let mut text_piece = String::new();
    let mut conversions = 0;
    let mut rest = text;
    let mut offset = 0;
    while let Some(found) = rest.find('%') {
        text_piece.push_str(&rest[..found]);
        offset += found;
        let (spec, used) = parse_spec(&rest[found..]).map_err(|(message, len)| {
            let unsupported = message.starts_with("unsupported");
            let error = Diagnostic::new(message, at(offset, len));
            if unsupported {
                error.with_help(
                    "the conversions are `%s %r %d %i %u %x %X %o %f %F %e %E %g %G %c`, and \
                     `%%` for a percent sign",
                )
            } else {
                error
            }
        })?;
        match spec {
            None => text_piece.push('%'),
            Some(spec) => {
                if spec.width > MAX_WIDTH {
                    return Err(Diagnostic::new(
                        format!(
                            "width {} is more than the {MAX_WIDTH} bytes a value may produce",
                            spec.width
                        ),
                        at(offset, used),
                    ));
                }
                if !text_piece.is_empty() {
                    pieces.push(FormatPiece::Text(std::mem::take(&mut text_piece)));
                }
                conversions += 1;
                if conversions > args {
                    return Err(Diagnostic::new(
                        "not enough arguments for format string",
                        at(offset, used),
                    )
                    .with_help(format!(
                        "the format string has more conversions than the {args} argument{} given",
                        if args == 1 { "" } else { "s" }
                    )));
                }
                pieces.push(FormatPiece::Arg(spec));
            }
        }
        offset += used;
        rest = &rest[found + used..];
    }
    text_piece.push_str(rest);
    if !text_piece.is_empty() {
        pieces.push(FormatPiece::Text(text_piece));
    }
    if conversions < args {
        return Err(
            Diagnostic::new("not all arguments converted during string formatting", span)
                .with_help(format!(
                    "the format string has {conversions} conversion{} (`%s`, `%d`, …) for {args} \
             arguments",
                    if conversions == 1 { "" } else { "s" }
                )),
        );
    }
    Ok(pieces)
}

/// Parses the conversion at the start of `text` (which starts with `%`): `None` for `%%`;
/// and how many bytes it took. An error says what and how many bytes it covers.
fn parse_spec(text: &str) -> Result<(Option<FormatSpec>, usize), (String, usize)> {
    let mut spec = FormatSpec {
        left: false,
        plus: false,
        space: false,
        zero: false,
        alternate: false,
        width: 0,
        precision: None,
        conversion: 's',
    };
    let mut chars = text.char_indices().skip(1).peekable();
    while let Some(&(_, flag)) = chars.peek() {
        match flag {
            '-' => spec.left = true,
            '+' => spec.plus = true,
            ' ' => spec.space = true,
            '0' => spec.zero = true,
            '#' => spec.alternate = true,
            _ => break,
        }
        chars.next();
    }
    while let Some(d) = chars.peek().and_then(|(_, c)| c.to_digit(10)) {
        spec.width = spec.width.saturating_mul(10).saturating_add(d as usize);
        chars.next();
    }
    if chars.peek().map(|(_, c)| *c) == Some('.') {
        chars.next();
        let mut precision = 0usize;
        while let Some(d) = chars.peek().and_then(|(_, c)| c.to_digit(10)) {
            precision = precision.saturating_mul(10).saturating_add(d as usize);
            chars.next();
        }
        spec.precision = Some(precision);
    }
    match chars.next() {
        Some((at, '%')) => Ok((None, at + 1)),
        Some((at, conversion)) if CONVERSIONS.contains(conversion) => {
            spec.conversion = conversion;
            Ok((Some(spec), at + conversion.len_utf8()))
        }
        Some((at, '(')) => Err((
            "`%(name)s` needs a mapping, which `format` does not take".to_owned(),
            at + 1,
        )),
        Some((at, '*')) => Err((
            "a `*` width or precision is not supported; write the number".to_owned(),
            at + 1,
        )),
        Some((at, other)) => Err((
            format!("unsupported format character `{other}`"),
            at + other.len_utf8(),
        )),
        None => Err(("incomplete format".to_owned(), text.len())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Files;

    fn pieces(text: &str, args: usize) -> Result<Vec<FormatPiece>, (String, usize)> {
        let mut files = Files::default();
        let source = format!("'{text}'");
        let id = files.add("t".into(), None, source.as_str().into());
        parse(&files, text, Span::new(id, 0, source.len()), args)
            .map_err(|d| (d.message, d.span.map_or(0, |s| s.start as usize)))
    }

    #[test]
    fn text_and_conversions_become_pieces() {
        let spec = |conversion, width, precision| FormatSpec {
            left: false,
            plus: false,
            space: false,
            zero: false,
            alternate: false,
            width,
            precision,
            conversion,
        };
        assert_eq!(
            pieces("a%5sb%%c%.2f", 2),
            Ok(vec![
                FormatPiece::Text("a".into()),
                FormatPiece::Arg(spec('s', 5, None)),
                FormatPiece::Text("b%c".into()),
                FormatPiece::Arg(spec('f', 0, Some(2))),
            ])
        );
        assert_eq!(
            pieces("100%%", 0),
            Ok(vec![FormatPiece::Text("100%".into())])
        );
    }

    #[test]
    fn mistakes_point_at_their_percent_sign() {
        assert_eq!(
            pieces("ab%q", 1),
            Err(("unsupported format character `q`".into(), 3))
        );
        assert_eq!(pieces("x%5", 1), Err(("incomplete format".into(), 2)));
        assert_eq!(
            pieces("%s %d", 1),
            Err(("not enough arguments for format string".into(), 4))
        );
        assert_eq!(
            pieces("%s", 2),
            Err((
                "not all arguments converted during string formatting".into(),
                0
            ))
        );
        assert_eq!(
            pieces("%999999999d", 1).map_err(|(m, _)| m.starts_with("width 999999999")),
            Err(true)
        );
    }
}
