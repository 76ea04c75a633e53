//! Filters on numbers, and `format`.

use std::fmt::Write as _;

use crate::ops::{Operand, Val};
use crate::value::{to_str, to_string, Render};
use crate::{Error, Result};

/// `abs`: the absolute value of a number.
pub fn abs<T: Operand + ?Sized>(value: &T) -> Result<Val<'static>> {
    match value.operand() {
        Val::Int(i) => i
            .checked_abs()
            .map(Val::Int)
            .ok_or_else(|| Error::filter("abs", "integer overflow")),
        Val::Float(f) => Ok(Val::Float(f.abs())),
        Val::Bool(b) => Ok(Val::Int(i128::from(b))),
        other => Err(Error::filter(
            "abs",
            format!("bad operand type `{}`", other.type_name()),
        )),
    }
}

/// Rounds half to even at `precision` decimals on the exact binary value, as Python's
/// `round(x, n)` does (so `round(2.675, 2)` is `2.67`).
fn python_round(value: f64, precision: i32) -> f64 {
    if !value.is_finite() {
        return value;
    }
    if precision >= 0 {
        // Rust's fixed-precision formatting is exact and rounds ties to even, like CPython.
        let text = format!("{value:.prec$}", prec = precision as usize);
        text.parse().unwrap_or(value)
    } else {
        let scale = 10f64.powi(-precision);
        let scaled = value / scale;
        let rounded = scaled.round();
        // Ties go to even.
        let rounded = if (scaled - scaled.trunc()).abs() == 0.5 {
            2.0 * (scaled / 2.0).round()
        } else {
            rounded
        };
        rounded * scale
    }
}

/// `round(precision=0, method="common")`: rounds a number; `method` is `common` (half to
/// even, as Python), `ceil` or `floor`. Integers stay integers with `common`, as in Jinja2.
pub fn round<T: Operand + ?Sized>(value: &T, precision: i64, method: &str) -> Result<Val<'static>> {
    let precision =
        i32::try_from(precision).map_err(|_| Error::filter("round", "precision out of range"))?;
    let number = match value.operand() {
        Val::Int(i) if method == "common" => return Ok(Val::Int(i)),
        Val::Int(i) => i as f64,
        Val::Float(f) => f,
        Val::Bool(b) => f64::from(u8::from(b)),
        other => {
            return Err(Error::filter(
                "round",
                format!("cannot round a `{}`", other.type_name()),
            ))
        }
    };
    let scale = 10f64.powi(precision);
    Ok(Val::Float(match method {
        "common" => python_round(number, precision),
        "ceil" => (number * scale).ceil() / scale,
        "floor" => (number * scale).floor() / scale,
        _ => {
            return Err(Error::filter(
                "round",
                "method must be `common`, `ceil` or `floor`",
            ))
        }
    }))
}

/// Parses an integer as Python's `int(text, base)` does: surrounding whitespace, a sign,
/// `_` between digits, and a `0x`/`0o`/`0b` prefix when it matches the base (or base 0).
fn parse_python_int(text: &str, base: u32) -> Option<i128> {
    let text = text.trim();
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let lower = digits.to_ascii_lowercase();
    let prefixed = |p: &str| lower.starts_with(p).then(|| &digits[2..]);
    let (base, digits) = match base {
        0 | 16 if prefixed("0x").is_some() => (16, prefixed("0x")?),
        0 | 8 if prefixed("0o").is_some() => (8, prefixed("0o")?),
        0 | 2 if prefixed("0b").is_some() => (2, prefixed("0b")?),
        0 => (10, digits),
        b => (b, digits),
    };
    let digits = digits.strip_prefix('_').unwrap_or(digits);
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
    {
        return None;
    }
    let clean: String = digits.chars().filter(|c| *c != '_').collect();
    let magnitude = i128::from_str_radix(&clean, base).ok()?;
    Some(if negative { -magnitude } else { magnitude })
}

/// Parses a float as Python's `float(text)` does.
fn parse_python_float(text: &str) -> Option<f64> {
    let text = text.trim();
    let lower = text.to_ascii_lowercase();
    let unsigned = lower.trim_start_matches(['+', '-']);
    if matches!(unsigned, "inf" | "infinity" | "nan") {
        return lower.parse().ok();
    }
    if text.contains("__") || text.starts_with('_') || text.ends_with('_') {
        return None;
    }
    let clean: String = text.chars().filter(|c| *c != '_').collect();
    if clean
        .chars()
        .any(|c| c.is_ascii_alphabetic() && c != 'e' && c != 'E')
    {
        return None;
    }
    clean.parse().ok()
}

/// `int(default=0, base=10)`: converts to an integer; text that is not a number gives
/// `default`, as in Jinja2. Floats are truncated toward zero.
pub fn int<T: Operand + ?Sized>(value: &T, default: i128, base: u32) -> Result<i128> {
    Ok(match value.operand() {
        Val::Int(i) => i,
        Val::Bool(b) => i128::from(b),
        Val::Float(f) if f.is_finite() => f.trunc() as i128,
        Val::Str(s) => parse_python_int(&s, base)
            .or_else(|| {
                parse_python_float(&s)
                    .filter(|f| f.is_finite())
                    .map(|f| f.trunc() as i128)
            })
            .unwrap_or(default),
        _ => default,
    })
}

/// `float(default=0.0)`: converts to a float; text that is not a number gives `default`.
pub fn float<T: Operand + ?Sized>(value: &T, default: f64) -> Result<f64> {
    Ok(match value.operand() {
        Val::Int(i) => i as f64,
        Val::Float(f) => f,
        Val::Bool(b) => f64::from(u8::from(b)),
        Val::Str(s) => parse_python_float(&s).unwrap_or(default),
        Val::None => default,
    })
}

/// `filesizeformat(binary=false)`: a byte count in human units (`13.0 kB`, `1.5 MiB`).
pub fn filesizeformat<T: Operand + ?Sized>(value: &T, binary: bool) -> Result<String> {
    let bytes = match value.operand() {
        Val::Int(i) => i as f64,
        Val::Float(f) => f,
        Val::Bool(b) => f64::from(u8::from(b)),
        Val::Str(s) => parse_python_float(&s).ok_or_else(|| {
            Error::filter(
                "filesizeformat",
                format!("could not convert `{s}` to a number"),
            )
        })?,
        Val::None => {
            return Err(Error::filter(
                "filesizeformat",
                "expected a number, got `None`",
            ))
        }
    };
    let base: f64 = if binary { 1024.0 } else { 1000.0 };
    let prefixes: [&str; 8] = if binary {
        ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"]
    } else {
        ["kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"]
    };
    if bytes == 1.0 {
        return Ok("1 Byte".to_owned());
    }
    if bytes < base {
        return Ok(format!("{} Bytes", bytes.trunc() as i128));
    }
    let mut unit = base;
    for prefix in prefixes {
        unit *= base;
        if bytes < unit {
            return Ok(format!("{:.1} {prefix}", base * bytes / unit));
        }
    }
    Ok(format!("{:.1} {}", base * bytes / unit, prefixes[7]))
}

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

struct Spec {
    left: bool,
    plus: bool,
    space: bool,
    zero: bool,
    alternate: bool,
    width: usize,
    precision: Option<usize>,
    conversion: char,
}

/// Writes the common conversions that need no padding (`%s` of a string or integer, `%d`,
/// `%.2f`) straight into `out`, without the intermediate strings of the general path.
/// Returns false, having written nothing, for everything else.
fn format_unpadded(out: &mut String, spec: &Spec, arg: &Val<'_>) -> bool {
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

fn pad(out: &mut String, body: &str, spec: &Spec, numeric: bool) {
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

fn sign_prefix(negative: bool, spec: &Spec) -> &'static str {
    match (negative, spec.plus, spec.space) {
        (true, _, _) => "-",
        (false, true, _) => "+",
        (false, false, true) => " ",
        _ => "",
    }
}

fn format_one(out: &mut String, spec: &Spec, arg: Val<'_>) -> Result<()> {
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
        other => {
            return Err(Error::filter(
                "format",
                format!("unsupported format character `{other}`"),
            ))
        }
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
/// safe markup, as with Jinja2's `Markup % args`).
pub fn format_with<T: Render + ?Sized>(
    value: &T,
    args: &[&dyn FormatArg],
    escape_args: bool,
) -> Result<String> {
    let template = to_str(value);
    let mut out = String::with_capacity(template.len() + 16);
    let mut args = args.iter();
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut spec = Spec {
            left: false,
            plus: false,
            space: false,
            zero: false,
            alternate: false,
            width: 0,
            precision: None,
            conversion: 's',
        };
        while let Some(&flag) = chars.peek() {
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
        while let Some(d) = chars.peek().and_then(|c| c.to_digit(10)) {
            spec.width = spec.width * 10 + d as usize;
            chars.next();
        }
        if chars.peek() == Some(&'.') {
            chars.next();
            let mut precision = 0;
            while let Some(d) = chars.peek().and_then(|c| c.to_digit(10)) {
                precision = precision * 10 + d as usize;
                chars.next();
            }
            spec.precision = Some(precision);
        }
        match chars.next() {
            Some('%') => out.push('%'),
            Some(conversion) => {
                spec.conversion = conversion;
                let arg = args.next().ok_or_else(|| {
                    Error::filter("format", "not enough arguments for format string")
                })?;
                let arg = match arg.format_val() {
                    Val::Str(s) if escape_args => Val::Str(crate::escape::escape_html(&s).into()),
                    other => other,
                };
                format_one(&mut out, &spec, arg)?;
            }
            None => return Err(Error::filter("format", "incomplete format")),
        }
    }
    if args.next().is_some() {
        return Err(Error::filter(
            "format",
            "not all arguments converted during string formatting",
        ));
    }
    Ok(out)
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
    fn round_matches_python() {
        assert_eq!(round(&2.5, 0, "common").unwrap(), Val::Float(2.0));
        assert_eq!(round(&3.5, 0, "common").unwrap(), Val::Float(4.0));
        assert_eq!(round(&2.675, 2, "common").unwrap(), Val::Float(2.67));
        assert_eq!(round(&42.55, 1, "floor").unwrap(), Val::Float(42.5));
        assert_eq!(round(&42.51, 1, "ceil").unwrap(), Val::Float(42.6));
        assert_eq!(round(&7, 0, "common").unwrap(), Val::Int(7));
        assert!(round(&1.0, 0, "up").is_err());
    }

    #[test]
    fn int_and_float_follow_jinja2() {
        assert_eq!(int("42", 0, 10).unwrap(), 42);
        assert_eq!(int(" -1_000 ", 0, 10).unwrap(), -1000);
        assert_eq!(int("3.9", 0, 10).unwrap(), 3);
        assert_eq!(int("abc", 7, 10).unwrap(), 7);
        assert_eq!(int("0x1A", 0, 16).unwrap(), 26);
        assert_eq!(int("ff", 0, 16).unwrap(), 255);
        assert_eq!(int(&-3.7, 0, 10).unwrap(), -3);
        assert_eq!(int("", 0, 10).unwrap(), 0);
        assert_eq!(float("1e3", 0.0).unwrap(), 1000.0);
        assert_eq!(float("x", 1.5).unwrap(), 1.5);
        assert_eq!(float(&3, 0.0).unwrap(), 3.0);
    }

    #[test]
    fn filesizeformat_matches_jinja2() {
        assert_eq!(filesizeformat(&1, false).unwrap(), "1 Byte");
        assert_eq!(filesizeformat(&100, false).unwrap(), "100 Bytes");
        assert_eq!(filesizeformat(&1000, false).unwrap(), "1.0 kB");
        assert_eq!(filesizeformat(&1_500_000, false).unwrap(), "1.5 MB");
        assert_eq!(filesizeformat(&1_048_576, true).unwrap(), "1.0 MiB");
        assert_eq!(filesizeformat(&1e30, false).unwrap(), "1000000.0 YB");
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
}
