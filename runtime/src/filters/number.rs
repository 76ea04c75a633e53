//! Filters on numbers, and `format`.

use crate::ops::{Operand, Val};

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
pub fn round<T: Operand + ?Sized, P: Operand>(
    value: &T,
    precision: P,
    method: &str,
) -> Result<Val<'static>> {
    let precision = super::select::int_arg("round", "precision", &precision)?;
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
pub fn int<T: Operand + ?Sized, D: Operand, B: Operand>(
    value: &T,
    default: D,
    base: B,
) -> Result<i128> {
    let default = match default.operand() {
        Val::Int(i) => i,
        Val::Bool(b) => i128::from(b),
        other => {
            return Err(Error::filter(
                "int",
                format!("`default` must be an integer, not `{}`", other.type_name()),
            ))
        }
    };
    let base = super::select::int_arg("int", "base", &base)?;
    let base = u32::try_from(base)
        .ok()
        .filter(|b| (2..=36).contains(b) || *b == 0)
        .ok_or_else(|| Error::filter("int", "`base` must be 0 or from 2 to 36"))?;
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
