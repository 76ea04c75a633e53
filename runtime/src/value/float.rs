//! Floats printed as Python's `repr` prints them.

use std::fmt::{self, Write as _};

/// Writes a float the way Python's `repr` does: shortest round-trip digits, always with a
/// `.0` or an exponent, exponent form below `1e-4` and from `1e16` on (`2.5e-07`, `1e+16`).
pub fn write_float<W: fmt::Write + ?Sized, F: fmt::LowerExp + Into<f64> + Copy>(
    out: &mut W,
    value: F,
) -> fmt::Result {
    let as_f64: f64 = value.into();
    if as_f64.is_nan() {
        return out.write_str("nan");
    }
    if as_f64.is_infinite() {
        return out.write_str(if as_f64 < 0.0 { "-inf" } else { "inf" });
    }
    // `{:e}` gives the shortest digits that round-trip, e.g. `-1.25e-7`; at most ~25 bytes.
    let mut buf = StackStr::<32>::new();
    write!(buf, "{value:e}")?;
    let text = buf.as_str();
    let (mantissa, exp) = text.split_once('e').unwrap_or((text, "0"));
    let exp: i32 = exp.parse().map_err(|_| fmt::Error)?;
    let (negative, mantissa) = match mantissa.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, mantissa),
    };
    let mut digits = StackStr::<32>::new();
    for c in mantissa.chars().filter(|c| *c != '.') {
        digits.write_char(c)?;
    }
    let digits = digits.as_str();
    if negative {
        out.write_char('-')?;
    }
    if (-4..16).contains(&exp) {
        if exp >= 0 {
            let int_len = exp as usize + 1;
            if digits.len() <= int_len {
                out.write_str(digits)?;
                for _ in digits.len()..int_len {
                    out.write_char('0')?;
                }
                out.write_str(".0")
            } else {
                out.write_str(&digits[..int_len])?;
                out.write_char('.')?;
                out.write_str(&digits[int_len..])
            }
        } else {
            out.write_str("0.")?;
            for _ in 0..(-exp - 1) {
                out.write_char('0')?;
            }
            out.write_str(digits)
        }
    } else {
        out.write_str(&digits[..1])?;
        if digits.len() > 1 {
            out.write_char('.')?;
            out.write_str(&digits[1..])?;
        }
        write!(
            out,
            "e{}{:02}",
            if exp < 0 { '-' } else { '+' },
            exp.unsigned_abs()
        )
    }
}

/// A fixed-capacity string on the stack, for formatting numbers without allocating.
struct StackStr<const N: usize> {
    buf: [u8; N],
    len: usize,
}

impl<const N: usize> StackStr<N> {
    fn new() -> Self {
        StackStr {
            buf: [0; N],
            len: 0,
        }
    }

    fn as_str(&self) -> &str {
        // Only whole `&str`s are ever copied in, so the bytes are valid UTF-8.
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

impl<const N: usize> fmt::Write for StackStr<N> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        if end > N {
            return Err(fmt::Error);
        }
        self.buf[self.len..end].copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn py(value: f64) -> String {
        let mut out = String::new();
        write_float(&mut out, value).unwrap();
        out
    }
    #[test]
    fn floats_print_like_python_repr() {
        // Expected values are Python 3.11's `repr`.
        let cases = [
            (3.0, "3.0"),
            (0.5, "0.5"),
            (0.1, "0.1"),
            (-2.5, "-2.5"),
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (100.0, "100.0"),
            (1234.5678, "1234.5678"),
            (2.5e-7, "2.5e-07"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1e16, "1e+16"),
            (1.5e16, "1.5e+16"),
            (9999999999999998.0, "9999999999999998.0"),
            (123456789012345678.0, "1.2345678901234568e+17"),
            (1.0 / 3.0, "0.3333333333333333"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
            (f64::NAN, "nan"),
            (1e300, "1e+300"),
            (5e-324, "5e-324"),
        ];
        for (value, expected) in cases {
            assert_eq!(py(value), expected, "repr of {value:?}");
        }
    }
    #[test]
    fn f32_uses_its_own_shortest_digits() {
        let mut out = String::new();
        write_float(&mut out, 0.1f32).unwrap();
        assert_eq!(out, "0.1");
    }
}
