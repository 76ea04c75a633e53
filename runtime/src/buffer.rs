//! [`Buffer`]: the `String` that [`Template::render`](crate::Template::render) renders into.
//!
//! Writing to a `String` through `&mut String` is slower than it looks: when a write does
//! not fit, `push_str` grows the string by calling out of line with the string's address.
//! Because that address escapes, the compiler keeps the string's length and capacity in
//! memory, and every write of a render loads and stores them. A `Buffer` makes room first,
//! and grows by moving the `String` into an out-of-line function and back, by value: the
//! string's address never escapes, so its fields stay in registers, and `push_str`'s own
//! check, which repeats the one just made, folds away.

use std::fmt;

/// A growable output buffer: a `String` whose writes stay fast in a render loop.
///
/// `Template::render` uses one; pass one to [`Template::render_to`](crate::Template::render_to)
/// to reuse an allocation across renders.
///
/// ```
/// use kiln::{Buffer, Template};
///
/// #[derive(Template)]
/// #[template(source = "<p>{{ n }}</p>", ext = "html")]
/// struct Page { n: u32 }
///
/// let mut buffer = Buffer::with_capacity(Page::SIZE_HINT);
/// Page { n: 7 }.render_to(&mut buffer).unwrap();
/// assert_eq!(buffer.as_str(), "<p>7</p>");
/// assert_eq!(buffer.into_string(), "<p>7</p>");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Buffer {
    text: String,
}

impl Buffer {
    /// An empty buffer.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty buffer with room for `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            text: String::with_capacity(capacity),
        }
    }

    /// What was written so far.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The number of bytes written.
    pub fn len(&self) -> usize {
        self.text.len()
    }

    /// Whether nothing was written.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Forgets what was written, keeping the allocation.
    pub fn clear(&mut self) {
        self.text.clear();
    }

    /// The written text, without copying.
    pub fn into_string(self) -> String {
        self.text
    }

    /// Appends `text`.
    #[inline(always)]
    pub fn push_str(&mut self, text: &str) {
        self.make_room(text.len());
        let bytes = text.as_bytes();
        // RATIONALE: `unsafe` for speed. `String::push_str` would check the capacity again
        // and, on its (never taken) slow path, pass the string's address out of line, which
        // is what keeps its fields in memory (see the module docs): big-table renders took
        // 10% more instructions that way.
        #[allow(unsafe_code)]
        // SAFETY: `make_room` left at least `bytes.len()` bytes of spare capacity, so the
        // copy stays inside the allocation, and it cannot overlap `text`, which is borrowed
        // while `self` is borrowed mutably. The bytes are a whole `str`, so the string stays
        // valid UTF-8 once its length covers them.
        unsafe {
            let vec = self.text.as_mut_vec();
            let len = vec.len();
            std::ptr::copy_nonoverlapping(bytes.as_ptr(), vec.as_mut_ptr().add(len), bytes.len());
            vec.set_len(len + bytes.len());
        }
    }

    /// Appends the first `len` bytes of `word`, which must be ASCII: writes all eight and
    /// keeps `len`, one store instead of a variable-length copy.
    ///
    /// # Panics
    ///
    /// If `len` is over 8 or a byte of `word` is not ASCII (callers pass digits).
    #[inline(always)]
    pub(crate) fn push_ascii_word(&mut self, word: [u8; 8], len: usize) {
        assert!(
            len <= 8 && u64::from_le_bytes(word) & 0x8080_8080_8080_8080 == 0,
            "push_ascii_word takes up to 8 ASCII bytes"
        );
        self.make_room(8);
        #[allow(unsafe_code)]
        // SAFETY: `make_room` left at least 8 bytes of spare capacity for the unaligned
        // store; the bytes kept are ASCII (checked above), so the string stays valid UTF-8.
        unsafe {
            let vec = self.text.as_mut_vec();
            let len_before = vec.len();
            vec.as_mut_ptr()
                .add(len_before)
                .cast::<[u8; 8]>()
                .write_unaligned(word);
            vec.set_len(len_before + len);
        }
    }

    /// Makes sure `additional` more bytes fit without growing.
    #[inline(always)]
    fn make_room(&mut self, additional: usize) {
        if self.text.capacity() - self.text.len() < additional {
            self.text = grown(std::mem::take(&mut self.text), additional);
        }
    }
}

/// `text` with room for `additional` more bytes. Takes and returns the string by value: see
/// the module docs.
#[cold]
#[inline(never)]
fn grown(mut text: String, additional: usize) -> String {
    text.reserve(additional);
    text
}

impl fmt::Write for Buffer {
    #[inline(always)]
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.push_str(s);
        Ok(())
    }
}

impl From<Buffer> for String {
    fn from(buffer: Buffer) -> Self {
        buffer.into_string()
    }
}

impl fmt::Display for Buffer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::Buffer;
    use std::fmt::Write as _;

    #[test]
    fn grows_past_its_capacity() {
        let mut buffer = Buffer::with_capacity(2);
        for i in 0..1000 {
            write!(buffer, "{i},").unwrap();
            buffer.push_str("é");
        }
        let expected: String = (0..1000).map(|i| format!("{i},é")).collect();
        assert_eq!(buffer.as_str(), expected);
        assert_eq!(buffer.len(), expected.len());
        buffer.clear();
        assert!(buffer.is_empty());
    }
}
