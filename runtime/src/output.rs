//! [`Output`]: what generated render code writes to, with fast paths for `String`.
//!
//! `render_into` accepts any `fmt::Write`, but a `fmt::Write` only has `write_str`: an
//! integer must first be formatted somewhere else and then copied. The generated code
//! writes to an [`Output`] instead, whose extra methods a `String` implements by writing
//! straight into itself; any other writer gets the plain `write_str` versions through
//! [`FmtOutput`].

use std::fmt;

/// A writer that rendered templates write to: a `fmt::Write` with methods the generated
/// code uses on hot paths. Implemented by `String`, and by [`FmtOutput`] for any other
/// `fmt::Write`.
pub trait Output: fmt::Write {
    /// Writes a non-negative integer in decimal.
    #[inline]
    fn write_u64(&mut self, n: u64) -> fmt::Result {
        self.write_str(itoa::Buffer::new().format(n))
    }

    /// Writes an integer in decimal.
    #[inline]
    fn write_i64(&mut self, n: i64) -> fmt::Result {
        self.write_str(itoa::Buffer::new().format(n))
    }
}

impl Output for String {
    #[inline]
    fn write_u64(&mut self, n: u64) -> fmt::Result {
        // Most numbers in pages are small: their digits go straight into the string, two
        // at a time, without a call; larger ones take itoa's general path.
        if n < 10_000 {
            push_below_1e4(self, n as u32);
            Ok(())
        } else {
            self.push_str(itoa::Buffer::new().format(n));
            Ok(())
        }
    }

    #[inline]
    fn write_i64(&mut self, n: i64) -> fmt::Result {
        if n >= 0 {
            self.write_u64(n as u64)
        } else {
            self.push_str(itoa::Buffer::new().format(n));
            Ok(())
        }
    }
}

/// Pairs of decimal digits, `00` to `99`.
const DIGIT_PAIRS: &[u8; 200] = b"\
0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";

/// Appends `n` (below 10^4) in decimal.
#[inline(always)]
fn push_below_1e4(out: &mut String, n: u32) {
    let pair = |p: u32| {
        let i = p as usize * 2;
        u32::from(u16::from_le_bytes([DIGIT_PAIRS[i], DIGIT_PAIRS[i + 1]]))
    };
    // All four digits, the first in the lowest byte; then the leading zeros are shifted
    // out. No branch on the number's size.
    let len = 1 + usize::from(n >= 10) + usize::from(n >= 100) + usize::from(n >= 1000);
    let word = (pair(n / 100) | pair(n % 100) << 16) >> ((4 - len) * 8);
    let digits = word.to_le_bytes();
    // RATIONALE: `unsafe` for speed. Safe code must either check the digits as UTF-8
    // (`str::from_utf8` is an out-of-line call, 60+ instructions for four bytes, which made
    // big-table renders 75% slower in instruction counts) or copy a variable length
    // (a `memcpy` call). Writing all four bytes and keeping `len` is one store.
    #[allow(unsafe_code)]
    // SAFETY: the bytes kept, `digits[..len]`, are ASCII digits, so the string stays valid
    // UTF-8; the bytes after them are only spare capacity once `truncate` has run.
    unsafe {
        let bytes = out.as_mut_vec();
        let start = bytes.len();
        bytes.extend_from_slice(&digits);
        bytes.truncate(start + len);
    }
}

/// Any `fmt::Write` as an [`Output`], with the default (`write_str`) methods.
pub struct FmtOutput<'a, W: ?Sized>(pub &'a mut W);

impl<W: fmt::Write + ?Sized> fmt::Write for FmtOutput<'_, W> {
    #[inline]
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.write_str(s)
    }

    #[inline]
    fn write_char(&mut self, c: char) -> fmt::Result {
        self.0.write_char(c)
    }
}

impl<W: fmt::Write + ?Sized> Output for FmtOutput<'_, W> {}

#[cfg(test)]
mod tests {
    use super::*;

    fn both(n: i64) -> (String, String) {
        let mut fast = String::new();
        fast.write_i64(n).unwrap();
        let mut plain = String::new();
        FmtOutput(&mut plain).write_i64(n).unwrap();
        (fast, plain)
    }

    #[test]
    fn integers_print_as_display_does() {
        let samples = [
            0, 1, 9, 10, 99, 100, 999, 1000, 9999, 10_000, 123_456, -1, -10_000,
        ];
        for n in samples.into_iter().chain([i64::MIN, i64::MAX]) {
            let (fast, plain) = both(n);
            assert_eq!(fast, n.to_string());
            assert_eq!(plain, n.to_string());
        }
        for n in 0..20_000u64 {
            let mut out = String::from("x");
            out.write_u64(n).unwrap();
            assert_eq!(out, format!("x{n}"));
        }
        let mut out = String::new();
        out.write_u64(u64::MAX).unwrap();
        assert_eq!(out, u64::MAX.to_string());
    }
}
