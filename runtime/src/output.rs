//! [`Output`]: what generated render code writes to, with fast paths for `String`.
//!
//! `render_into` accepts any `fmt::Write`, but a `fmt::Write` only has `write_str`: an
//! integer must first be formatted somewhere else and then copied. The generated code
//! writes to an [`Output`] instead, whose extra methods a `String` implements by writing
//! straight into itself; any other writer gets the plain `write_str` versions through
//! [`FmtOutput`].

use std::fmt;

use crate::{Buffer, Escaper, Html};

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

    /// Writes `text` escaped for HTML, as [`Html`] does.
    #[inline]
    fn write_html_escaped(&mut self, text: &str) -> fmt::Result {
        Html.write_escaped(self, text)
    }
}

// A `String` gets the `Buffer`'s fast paths by moving into one and back (two moves of three
// words), so the unsafe writes live in one place.
impl Output for String {
    #[inline]
    fn write_html_escaped(&mut self, text: &str) -> fmt::Result {
        via_buffer(self, |buffer| buffer.write_html_escaped(text))
    }

    #[inline(always)]
    fn write_u64(&mut self, n: u64) -> fmt::Result {
        via_buffer(self, |buffer| buffer.write_u64(n))
    }

    #[inline(always)]
    fn write_i64(&mut self, n: i64) -> fmt::Result {
        via_buffer(self, |buffer| buffer.write_i64(n))
    }
}

/// Runs `write` on `text` as a [`Buffer`].
#[inline(always)]
fn via_buffer(text: &mut String, write: impl FnOnce(&mut Buffer) -> fmt::Result) -> fmt::Result {
    let mut buffer = Buffer::from(std::mem::take(text));
    let result = write(&mut buffer);
    *text = buffer.into_string();
    result
}

impl Output for Buffer {
    #[inline]
    fn write_html_escaped(&mut self, text: &str) -> fmt::Result {
        self.push_html_escaped(text);
        Ok(())
    }

    #[inline(always)]
    fn write_u64(&mut self, n: u64) -> fmt::Result {
        match small_digits(n) {
            Some((word, len)) => self.push_ascii_word(word, len),
            None => self.push_str(itoa::Buffer::new().format(n)),
        }
        Ok(())
    }

    #[inline(always)]
    fn write_i64(&mut self, n: i64) -> fmt::Result {
        if n >= 0 {
            self.write_u64(n as u64)
        } else {
            self.push_str(itoa::Buffer::new().format(n));
            Ok(())
        }
    }
}

/// The decimal digits of `n`, if it is below 10^8, as the first bytes of a word, and
/// their count. Most numbers in pages are small: their digits are assembled in a register
/// and stored as one word, without a call; larger ones take itoa's general path.
#[inline(always)]
fn small_digits(n: u64) -> Option<([u8; 8], usize)> {
    if n < 10_000 {
        let n = n as u32;
        let len = 1 + usize::from(n >= 10) + usize::from(n >= 100) + usize::from(n >= 1000);
        // The leading zeros are shifted out: no branch on the number's size.
        let word = u64::from(four_digits(n)) >> ((4 - len) * 8);
        Some((word.to_le_bytes(), len))
    } else if n < 100_000_000 {
        let n = n as u32;
        let len = 5
            + usize::from(n >= 100_000)
            + usize::from(n >= 1_000_000)
            + usize::from(n >= 10_000_000);
        let word = (u64::from(four_digits(n / 10_000)) | u64::from(four_digits(n % 10_000)) << 32)
            >> ((8 - len) * 8);
        Some((word.to_le_bytes(), len))
    } else {
        None
    }
}

/// Pairs of decimal digits, `00` to `99`.
const DIGIT_PAIRS: &[u8; 200] = b"\
0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";

/// The four decimal digits of `n` (below 10^4, leading zeros included) as the bytes of a
/// little-endian word: the first digit is the lowest byte.
#[inline(always)]
fn four_digits(n: u32) -> u32 {
    let pair = |p: u32| {
        let i = p as usize * 2;
        u32::from(u16::from_le_bytes([DIGIT_PAIRS[i], DIGIT_PAIRS[i + 1]]))
    };
    pair(n / 100) | pair(n % 100) << 16
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
        for n in (0..20_000u64).chain((0..=8).flat_map(|e| {
            let p = 10u64.pow(e + 1);
            [p - 1, p, p + 1, p * 3 + 7]
        })) {
            let mut out = String::from("x");
            out.write_u64(n).unwrap();
            assert_eq!(out, format!("x{n}"));
        }
        // Every digit count of the word-sized path, with a stride that is prime to 10.
        for n in (0..1_000_000_000u64).step_by(9_973) {
            let mut out = String::new();
            out.write_u64(n).unwrap();
            assert_eq!(out, n.to_string());
        }
        let mut out = String::new();
        out.write_u64(u64::MAX).unwrap();
        assert_eq!(out, u64::MAX.to_string());
    }
}
