//! [`Output`]: what generated render code writes to, with fast paths for `String`.
//!
//! `render_into` accepts any `fmt::Write`, but a `fmt::Write` only has `write_str`: an
//! integer must first be formatted somewhere else and then copied. The generated code
//! writes to an [`Output`] instead, whose extra methods a `String` implements by writing
//! straight into itself; any other writer gets the plain `write_str` versions through
//! [`FmtOutput`].

use std::fmt;

use crate::{targets, Buffer, Escaper, Html, Template};

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

    /// A hint that at least `additional` bytes follow. A writer with a capacity, such as
    /// [`Buffer`], makes room for them at once, so the writes that follow need not check.
    #[inline]
    fn reserve(&mut self, additional: usize) {
        let _ = additional;
    }

    /// Renders `template` here: [`Template::render_to`] calls this. A [`Buffer`] and a
    /// `String` are rendered into directly; any other writer (the default) gets the
    /// output in one `write_str`, from a scratch buffer.
    #[inline]
    fn write_template<T: Template + ?Sized>(&mut self, template: &T) -> crate::Result<()> {
        targets::into_fmt(template, self)
    }

    /// Runs `render` on this writer. Generated `render_to` functions wrap their body in
    /// it, so that a writer can move itself somewhere faster for the length of a render:
    /// [`Buffer`] moves into a local variable and back, because a buffer that is reached
    /// through a reference keeps its length and room in memory, and every write would
    /// load and store them (big-table renders took 15–40 % longer that way). Other writers
    /// run `render` on themselves.
    ///
    /// If `render` panics, a `Buffer` is left empty in optimised builds.
    #[doc(hidden)]
    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(all(not(debug_assertions), not(feature = "compact")), inline(always))]
    #[cfg_attr(all(not(debug_assertions), feature = "compact"), inline(never))]
    fn render_local<R>(&mut self, render: impl FnOnce(&mut Self) -> R) -> R {
        render(self)
    }
}

// A `String` gets the `Buffer`'s fast paths by moving into one and back (two moves of three
// words), so the unsafe writes live in one place.
impl Output for String {
    #[inline]
    fn write_template<T: Template + ?Sized>(&mut self, template: &T) -> crate::Result<()> {
        targets::into_string(template, self)
    }

    #[inline]
    fn write_html_escaped(&mut self, text: &str) -> fmt::Result {
        via_buffer(self, |buffer| buffer.write_html_escaped(text))
    }

    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(all(not(debug_assertions), not(feature = "compact")), inline(always))]
    #[cfg_attr(all(not(debug_assertions), feature = "compact"), inline(never))]
    fn write_u64(&mut self, n: u64) -> fmt::Result {
        via_buffer(self, |buffer| buffer.write_u64(n))
    }

    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(all(not(debug_assertions), not(feature = "compact")), inline(always))]
    #[cfg_attr(all(not(debug_assertions), feature = "compact"), inline(never))]
    fn write_i64(&mut self, n: i64) -> fmt::Result {
        via_buffer(self, |buffer| buffer.write_i64(n))
    }
}

/// Runs `write` on `text` as a [`Buffer`].
#[cfg_attr(debug_assertions, inline)]
#[cfg_attr(all(not(debug_assertions), not(feature = "compact")), inline(always))]
#[cfg_attr(all(not(debug_assertions), feature = "compact"), inline(never))]
fn via_buffer(text: &mut String, write: impl FnOnce(&mut Buffer) -> fmt::Result) -> fmt::Result {
    let mut buffer = Buffer::from(std::mem::take(text));
    let result = write(&mut buffer);
    *text = buffer.into_string();
    result
}

impl Output for Buffer {
    #[inline]
    fn write_template<T: Template + ?Sized>(&mut self, template: &T) -> crate::Result<()> {
        targets::into_buffer(template, self)
    }

    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(all(not(debug_assertions), not(feature = "compact")), inline(always))]
    #[cfg_attr(all(not(debug_assertions), feature = "compact"), inline(never))]
    fn reserve(&mut self, additional: usize) {
        Buffer::reserve(self, additional);
    }

    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(all(not(debug_assertions), not(feature = "compact")), inline(always))]
    #[cfg_attr(all(not(debug_assertions), feature = "compact"), inline(never))]
    fn render_local<R>(&mut self, render: impl FnOnce(&mut Self) -> R) -> R {
        // Unoptimised, the fields live in memory anyway: the move would only add code to
        // every template (a debug build of 50 templates compiled a tenth less LLVM IR).
        #[cfg(debug_assertions)]
        return render(self);
        #[cfg(not(debug_assertions))]
        {
            let mut local = std::mem::take(self);
            let result = render(&mut local);
            *self = local;
            result
        }
    }

    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(all(not(debug_assertions), not(feature = "compact")), inline(always))]
    #[cfg_attr(all(not(debug_assertions), feature = "compact"), inline(never))]
    fn write_html_escaped(&mut self, text: &str) -> fmt::Result {
        self.push_html_escaped(text);
        Ok(())
    }

    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(all(not(debug_assertions), not(feature = "compact")), inline(always))]
    #[cfg_attr(all(not(debug_assertions), feature = "compact"), inline(never))]
    fn write_u64(&mut self, n: u64) -> fmt::Result {
        self.push_u64(n);
        Ok(())
    }

    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(all(not(debug_assertions), not(feature = "compact")), inline(always))]
    #[cfg_attr(all(not(debug_assertions), feature = "compact"), inline(never))]
    fn write_i64(&mut self, n: i64) -> fmt::Result {
        if n >= 0 {
            self.write_u64(n as u64)
        } else {
            self.push_str(itoa::Buffer::new().format(n));
            Ok(())
        }
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

    #[test]
    fn a_buffer_rendering_locally_keeps_what_it_had_and_what_was_written() {
        let mut buffer = Buffer::from(String::from("<p>"));
        let result = buffer.render_local(|local| {
            local.push_str("partial");
            Err::<(), _>(fmt::Error)
        });
        assert!(result.is_err());
        assert_eq!(
            buffer.as_str(),
            "<p>partial",
            "output written before an error stays"
        );
        let len = buffer.render_local(|local| {
            local.write_u64(42).unwrap();
            local.len()
        });
        assert_eq!((buffer.as_str(), len), ("<p>partial42", 12));
    }

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
