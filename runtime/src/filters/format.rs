//! `format`: printf-style formatting, as Python's `text % args`.
//!
//! A format string written in the template is parsed when the template is compiled: the
//! generated code hands [`format_pieces`] its text and conversions. A format string that is
//! only known at run time (a field) is parsed by [`format_with`].

use std::fmt::Write as _;

use crate::ops::{Operand, Val};
use crate::value::{to_str, to_string, Render};
use crate::{Error, Result};

/// An argument of [`format()`]: a number or a string.
pub trait FormatArg {
    /// The value as an operand (number, string, bool or none).
    fn format_val(&self) -> Val<'_>;
}

impl<T: Operand + ?Sized> FormatArg for T {
    fn format_val(&self) -> Val<'_> {
        self.operand()
    }
}

/// One conversion of a format string (`%-5.2f`): flags, width, precision and conversion
/// character. The template compiler writes these for a format string it parsed.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FormatSpec {
    /// `-`: pad on the right.
    pub left: bool,
    /// `+`: a sign for positive numbers too.
    pub plus: bool,
    /// ` `: a space for positive numbers.
    pub space: bool,
    /// `0`: pad numbers with zeros.
    pub zero: bool,
    /// `#`: the alternate form (`0x`, kept zeros of `%g`).
    pub alternate: bool,
    /// The minimum width.
    pub width: usize,
    /// The precision.
    pub precision: Option<usize>,
    /// The conversion: `s`, `d`, `f`, `x`, …
    pub conversion: char,
}

impl FormatSpec {
    /// A conversion with `flags` (any of `-+ 0#`), as the template compiler writes it.
    pub const fn new(
        flags: &str,
        width: usize,
        precision: Option<usize>,
        conversion: char,
    ) -> Self {
        let mut spec = FormatSpec {
            left: false,
            plus: false,
            space: false,
            zero: false,
            alternate: false,
            width,
            precision,
            conversion,
        };
        let flags = flags.as_bytes();
        let mut i = 0;
        while i < flags.len() {
            spec.set_flag(flags[i]);
            i += 1;
        }
        spec
    }

    /// Sets the flag `flag` (one of `-+ 0#`); false for any other byte.
    const fn set_flag(&mut self, flag: u8) -> bool {
        match flag {
            b'-' => self.left = true,
            b'+' => self.plus = true,
            b' ' => self.space = true,
            b'0' => self.zero = true,
            b'#' => self.alternate = true,
            _ => return false,
        }
        true
    }
}

/// A piece of a parsed format string.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormatPiece {
    /// Text copied as it is (`%%` is already `%`).
    Text(&'static str),
    /// A conversion, taking the next argument.
    Arg(FormatSpec),
}

/// The conversions `format` knows (Python's, without `%a`).
pub(crate) const CONVERSIONS: &str = "sdiuxXofFeEgGcr";

/// Writes the common conversions that need no padding (`%s` of a string or integer, `%d`,
/// `%.2f`) straight into `out`, without the intermediate strings of the general path.
/// Returns false, having written nothing, for everything else.
fn format_unpadded(out: &mut String, spec: &FormatSpec, arg: &Val<'_>) -> bool {
    match (spec.conversion, arg) {
        ('s', Val::Str(text)) if spec.precision.is_none() => out.push_str(text),
        ('s' | 'd' | 'i' | 'u', Val::Int(n)) if spec.precision.is_none() => {
            // `%s` and `%d` print an integer alike, but only `%d` takes the `+`/` ` flags.
            let sign = match spec.conversion {
                's' if *n >= 0 => "",
                _ => sign_prefix(*n < 0, spec),
            };
            out.push_str(sign);
            out.push_str(itoa::Buffer::new().format(n.unsigned_abs()));
        }
        ('f' | 'F', Val::Float(value)) if value.is_finite() => {
            let precision = spec.precision.unwrap_or(6);
            out.push_str(sign_prefix(value.is_sign_negative(), spec));
            if !write_fixed(out, value.abs(), precision) {
                // Writing to a String cannot fail.
                let _ = write!(out, "{:.precision$}", value.abs());
            }
        }
        _ => return false,
    }
    true
}

/// Writes `value` (finite, not negative) with `precision` decimals, as `{:.precision$}`
/// does, through integer arithmetic: `%.2f` of a price costs a multiplication instead of
/// core::fmt's exact float formatting. Returns false, having written nothing, when that
/// could round differently: big numbers, many decimals, or a value within reach of a tie
/// (the exact formatting rounds the exact binary value, half to even).
fn write_fixed(out: &mut String, value: f64, precision: usize) -> bool {
    const SCALES: [u64; 7] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000];
    let Some(&scale) = SCALES.get(precision) else {
        return false;
    };
    let scaled = value * scale as f64;
    // Below 2^40 the product is within 2^-13 of the exact one, far from the 10^-3 margin.
    if scaled >= (1u64 << 40) as f64 || (scaled - scaled.floor() - 0.5).abs() < 1e-3 {
        return false;
    }
    let digits = scaled.round() as u64;
    out.push_str(itoa::Buffer::new().format(digits / scale));
    if precision > 0 {
        let fraction = digits % scale;
        out.push('.');
        let mut buffer = itoa::Buffer::new();
        // `fraction + scale` has a leading 1 that keeps the fraction's leading zeros.
        out.push_str(&buffer.format(fraction + scale)[1..]);
    }
    true
}

fn pad(out: &mut String, body: &str, spec: &FormatSpec, numeric: bool) {
    let len = body.chars().count();
    if len >= spec.width {
        out.push_str(body);
    } else if spec.left {
        out.push_str(body);
        out.extend(std::iter::repeat_n(' ', spec.width - len));
    } else if spec.zero && numeric {
        let (sign, digits) = match body.chars().next() {
            Some(c @ ('-' | '+' | ' ')) => (Some(c), &body[1..]),
            _ => (None, body),
        };
        out.extend(sign);
        out.extend(std::iter::repeat_n('0', spec.width - len));
        out.push_str(digits);
    } else {
        out.extend(std::iter::repeat_n(' ', spec.width - len));
        out.push_str(body);
    }
}

fn sign_prefix(negative: bool, spec: &FormatSpec) -> &'static str {
    match (negative, spec.plus, spec.space) {
        (true, _, _) => "-",
        (false, true, _) => "+",
        (false, false, true) => " ",
        _ => "",
    }
}

fn format_one(out: &mut String, spec: &FormatSpec, arg: Val<'_>) -> Result<()> {
    if spec.width == 0 && format_unpadded(out, spec, &arg) {
        return Ok(());
    }
    let number = || -> Result<f64> {
        match arg {
            Val::Int(i) => Ok(i as f64),
            Val::Float(f) => Ok(f),
            Val::Bool(b) => Ok(f64::from(u8::from(b))),
            ref other => Err(Error::filter(
                "format",
                format!(
                    "%{} format: a real number is required, not {}",
                    spec.conversion,
                    other.type_name()
                ),
            )),
        }
    };
    let body = match spec.conversion {
        's' | 'r' => {
            let text = to_string(&arg);
            let text = match (spec.conversion, &arg) {
                ('r', Val::Str(s)) => format!("'{s}'"),
                _ => text,
            };
            match spec.precision {
                Some(p) => text.chars().take(p).collect(),
                None => text,
            }
        }
        'd' | 'i' | 'u' => {
            let value = match arg {
                Val::Int(i) => i,
                Val::Bool(b) => i128::from(b),
                Val::Float(f) if f.is_finite() => f.trunc() as i128,
                ref other => {
                    return Err(Error::filter(
                        "format",
                        format!(
                            "%d format: a real number is required, not {}",
                            other.type_name()
                        ),
                    ))
                }
            };
            format!("{}{}", sign_prefix(value < 0, spec), value.unsigned_abs())
        }
        'x' | 'X' | 'o' => {
            let value = match arg {
                Val::Int(i) => i,
                Val::Bool(b) => i128::from(b),
                ref other => {
                    return Err(Error::filter(
                        "format",
                        format!(
                            "%{} format: an integer is required, not {}",
                            spec.conversion,
                            other.type_name()
                        ),
                    ))
                }
            };
            let magnitude = value.unsigned_abs();
            let digits = match spec.conversion {
                'x' => format!("{}{magnitude:x}", if spec.alternate { "0x" } else { "" }),
                'X' => format!("{}{magnitude:X}", if spec.alternate { "0X" } else { "" }),
                _ => format!("{}{magnitude:o}", if spec.alternate { "0o" } else { "" }),
            };
            format!("{}{digits}", sign_prefix(value < 0, spec))
        }
        'f' | 'F' => {
            let value = number()?;
            let precision = spec.precision.unwrap_or(6);
            let digits = if value.is_finite() {
                format!("{:.precision$}", value.abs())
            } else if value.is_nan() {
                "nan".to_owned()
            } else {
                "inf".to_owned()
            };
            format!(
                "{}{digits}",
                sign_prefix(value.is_sign_negative() && !value.is_nan(), spec)
            )
        }
        'e' | 'E' => {
            let value = number()?;
            let precision = spec.precision.unwrap_or(6);
            let text = format!("{:.precision$e}", value.abs());
            let (mantissa, exp) = text.split_once('e').unwrap_or((&text, "0"));
            let exp: i32 = exp.parse().unwrap_or(0);
            let body = format!(
                "{mantissa}e{}{:02}",
                if exp < 0 { '-' } else { '+' },
                exp.unsigned_abs()
            );
            let body = if spec.conversion == 'E' {
                body.to_uppercase()
            } else {
                body
            };
            format!("{}{body}", sign_prefix(value.is_sign_negative(), spec))
        }
        'g' | 'G' => {
            let value = number()?;
            let body = general_float(value.abs(), spec.precision.unwrap_or(6), spec.alternate);
            let body = if spec.conversion == 'G' {
                body.to_uppercase()
            } else {
                body
            };
            format!("{}{body}", sign_prefix(value.is_sign_negative(), spec))
        }
        'c' => match arg {
            Val::Int(i) => u32::try_from(i)
                .ok()
                .and_then(char::from_u32)
                .ok_or_else(|| Error::filter("format", "%c arg not in range(0x110000)"))?
                .to_string(),
            Val::Str(ref s) if s.chars().count() == 1 => s.to_string(),
            _ => {
                return Err(Error::filter(
                    "format",
                    "%c requires an int or a single character",
                ))
            }
        },
        // `parse_spec` and the template compiler only accept `CONVERSIONS`.
        _ => to_string(&arg),
    };
    let numeric = !matches!(spec.conversion, 's' | 'r');
    pad(out, &body, spec, numeric);
    Ok(())
}

/// Python's `%g`: `precision` significant digits, in fixed notation when the exponent is
/// from -4 to below `precision`, else in exponent notation; trailing zeros dropped unless
/// `alternate` (`#`).
fn general_float(value: f64, precision: usize, alternate: bool) -> String {
    if !value.is_finite() {
        return if value.is_nan() {
            "nan".to_owned()
        } else {
            "inf".to_owned()
        };
    }
    let precision = precision.max(1);
    // The exponent after rounding to `precision` digits decides the notation.
    let rounded = format!("{:.*e}", precision - 1, value);
    let exp: i32 = rounded
        .split_once('e')
        .and_then(|(_, e)| e.parse().ok())
        .unwrap_or(0);
    let strip = |text: String| -> String {
        if alternate || !text.contains('.') {
            text
        } else {
            text.trim_end_matches('0').trim_end_matches('.').to_owned()
        }
    };
    if exp >= -4 && i64::from(exp) < precision as i64 {
        let decimals = (precision as i64 - 1 - i64::from(exp)).max(0) as usize;
        strip(format!("{value:.decimals$}"))
    } else {
        let (mantissa, _) = rounded.split_once('e').unwrap_or((&rounded, ""));
        let mantissa = strip(mantissa.to_owned());
        format!(
            "{mantissa}e{}{:02}",
            if exp < 0 { '-' } else { '+' },
            exp.unsigned_abs()
        )
    }
}

/// `format(*args)`: printf-style formatting, as Python's `text % args` (`%s`, `%d`, `%f`,
/// `%.2f`, `%5s`, `%-5d`, `%x`, `%e`, `%g`, `%c`, `%%`, …).
pub fn format<T: Render + ?Sized>(value: &T, args: &[&dyn FormatArg]) -> Result<String> {
    format_with(value, args, false)
}

/// [`format()`], escaping string arguments for HTML when `escape_args` (the format string is
/// safe markup, as with Jinja2's `Markup % args`). The format string is parsed here: this is
/// the path of a format string only known at run time.
pub fn format_with<T: Render + ?Sized>(
    value: &T,
    args: &[&dyn FormatArg],
    escape_args: bool,
) -> Result<String> {
    let template = to_str(value);
    let mut out = String::with_capacity(template.len() + 16);
    let mut args = args.iter();
    let mut rest: &str = &template;
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        let (piece, used) = parse_spec(&rest[at..])?;
        rest = &rest[at + used..];
        match piece {
            None => out.push('%'),
            Some(spec) => {
                let arg = args.next().ok_or_else(|| {
                    Error::filter("format", "not enough arguments for format string")
                })?;
                write_arg(&mut out, &spec, *arg, escape_args)?;
            }
        }
    }
    out.push_str(rest);
    if args.next().is_some() {
        return Err(Error::filter(
            "format",
            "not all arguments converted during string formatting",
        ));
    }
    Ok(out)
}

/// `format` of a format string that the template compiler parsed into `pieces`, whose
/// conversions it counted against `args`.
#[doc(hidden)]
pub fn format_pieces(
    pieces: &[FormatPiece],
    args: &[&dyn FormatArg],
    escape_args: bool,
) -> Result<String> {
    // As `format_with` sizes it from the format string: the text, and room for the
    // arguments, so that the common case allocates once.
    let text: usize = pieces
        .iter()
        .map(|piece| match piece {
            FormatPiece::Text(text) => text.len(),
            FormatPiece::Arg(_) => 8,
        })
        .sum();
    let mut out = String::with_capacity(text + 16);
    let mut args = args.iter();
    for piece in pieces {
        match piece {
            FormatPiece::Text(text) => out.push_str(text),
            FormatPiece::Arg(spec) => {
                let arg = args.next().ok_or_else(|| {
                    Error::filter("format", "not enough arguments for format string")
                })?;
                write_arg(&mut out, spec, *arg, escape_args)?;
            }
        }
    }
    Ok(out)
}

/// Writes one argument through `spec`, escaped for HTML first when `escape_args`.
fn write_arg(
    out: &mut String,
    spec: &FormatSpec,
    arg: &dyn FormatArg,
    escape_args: bool,
) -> Result<()> {
    if spec.width > crate::MAX_GENERATED_LEN {
        return Err(Error::filter(
            "format",
            format!(
                "width {} is more than the {} bytes a value may produce",
                spec.width,
                crate::MAX_GENERATED_LEN
            ),
        ));
    }
    let arg = match arg.format_val() {
        Val::Str(s) if escape_args => Val::Str(crate::escape::escape_html(&s).into()),
        other => other,
    };
    format_one(out, spec, arg)
}

/// Parses the conversion at the start of `text` (which starts with `%`): `None` for `%%`;
/// and how many bytes it took.
fn parse_spec(text: &str) -> Result<(Option<FormatSpec>, usize)> {
    let mut spec = FormatSpec::new("", 0, None, 's');
    let mut chars = text.char_indices().skip(1).peekable();
    while let Some(&(_, flag)) = chars.peek() {
        if !(flag.is_ascii() && spec.set_flag(flag as u8)) {
            break;
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
        Some((_, other)) => Err(Error::filter(
            "format",
            format!("unsupported format character `{other}`"),
        )),
        None => Err(Error::filter("format", "incomplete format")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    /// `write_fixed`'s output, or core::fmt's exact one where it declines.
    fn fixed(value: f64, precision: usize) -> String {
        let mut out = String::new();
        if !write_fixed(&mut out, value, precision) {
            out = format!("{value:.precision$}");
        }
        out
    }
    #[test]
    fn fixed_point_matches_exact_formatting() {
        // Ties of the exact binary value, and values just either side of a decimal tie.
        for value in [
            0.0, 0.5, 1.5, 2.5, 0.125, 0.375, 1.005, 2.675, 1.115, 0.045, 99.995,
        ] {
            for precision in 0..=7 {
                assert_eq!(fixed(value, precision), format!("{value:.precision$}"));
            }
        }
        assert_eq!(fixed(19.99, 2), "19.99");
        assert!(
            write_fixed(&mut String::new(), 19.99, 2),
            "a price takes the fast path"
        );
        assert_eq!(fixed(0.004, 2), "0.00");
        assert_eq!(fixed(1e15, 2), "1000000000000000.00");
    }

    proptest::proptest! {
        #[test]
        fn fixed_point_matches_exact_formatting_everywhere(
            value in 0.0f64..1e10,
            cents in 0u64..100_000,
            precision in 0usize..=6,
        ) {
            proptest::prop_assert_eq!(fixed(value, precision), format!("{value:.precision$}"));
            // Prices: whole cents, stored inexactly.
            let price = cents as f64 / 100.0;
            proptest::prop_assert_eq!(fixed(price, precision), format!("{price:.precision$}"));
        }
    }
    #[test]
    fn format_is_printf_style() {
        let args: [&dyn FormatArg; 3] = [&"x", &3, &2.5];
        assert_eq!(format("%s-%d-%.2f", &args).unwrap(), "x-3-2.50");
        let args: [&dyn FormatArg; 2] = [&"ab", &-7];
        assert_eq!(format("[%5s|%-4d|%%]", &args).unwrap(), "[   ab|-7  |%]");
        let args: [&dyn FormatArg; 2] = [&255, &-5];
        assert_eq!(format("%x %05d", &args).unwrap(), "ff -0005");
        let args: [&dyn FormatArg; 1] = [&12345.678];
        assert_eq!(format("%e", &args).unwrap(), "1.234568e+04");
        // Expected values from Python's `%` operator.
        let args: [&dyn FormatArg; 5] = [&123456789, &100000, &1e-10, &0.0001, &2.5];
        assert_eq!(
            format("%g %g %G %g %.3g", &args).unwrap(),
            "1.23457e+08 100000 1E-10 0.0001 2.5"
        );
        // The unpadded fast paths, with Python's output.
        let args: [&dyn FormatArg; 10] = [
            &5,
            &5,
            &-3,
            &3,
            &4,
            &-0.0,
            &1e22,
            &2.25,
            &-12_345_678_901_234_567_890i128,
            &0.5,
        ];
        assert_eq!(
            format("%+d|% d|%s|%+s|% s|%f|%.2f|%+.1f|%d|%.0f", &args).unwrap(),
            "+5| 5|-3|3|4|-0.000000|10000000000000000000000.00|+2.2|-12345678901234567890|0"
        );
        let args: [&dyn FormatArg; 2] = [&65, &"z"];
        assert_eq!(format("%c%c", &args).unwrap(), "Az");
        assert!(format("%s %s", &[&1 as &dyn FormatArg]).is_err());
        assert!(format("%s", &[&1 as &dyn FormatArg, &2]).is_err());
    }

    #[test]
    fn parsed_pieces_format_as_the_string_does() {
        let spec = |conversion, width| FormatSpec::new("", width, None, conversion);
        let pieces = [
            FormatPiece::Text("["),
            FormatPiece::Arg(spec('s', 4)),
            FormatPiece::Text("|%|"),
            FormatPiece::Arg(spec('d', 0)),
            FormatPiece::Text("]"),
        ];
        let args: [&dyn FormatArg; 2] = [&"<a>", &7];
        assert_eq!(format_pieces(&pieces, &args, false).unwrap(), "[ <a>|%|7]");
        assert_eq!(
            format_pieces(&pieces, &args, true).unwrap(),
            "[&lt;a&gt;|%|7]"
        );
        assert_eq!(
            format_with("[%4s|%%|%d]", &args, false).unwrap(),
            "[ <a>|%|7]"
        );
        let spec = FormatSpec::new("-#", 3, Some(2), 'x');
        assert!(spec.left && spec.alternate && !spec.zero && spec.precision == Some(2));
    }

    #[test]
    fn bad_format_strings_and_huge_widths_are_errors() {
        let args: [&dyn FormatArg; 1] = [&1];
        for (text, message) in [
            ("%q", "unsupported format character `q`"),
            ("%5", "incomplete format"),
            ("%d %d", "not enough arguments"),
            ("", "not all arguments converted"),
            ("%999999999d", "width 999999999 is more than"),
        ] {
            let err = format(text, &args).unwrap_err().to_string();
            assert!(err.contains(message), "{text}: {err}");
        }
    }
}
