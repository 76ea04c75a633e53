//! [`Buffer`]: the `String` that [`Template::render`](crate::Template::render) renders into.
//!
//! Writing to a `String` through `&mut String` is slower than it looks: when a write does
//! not fit, `push_str` grows the string by calling out of line with the string's address.
//! Because that address escapes, the compiler keeps the string's length and capacity in
//! memory, and every write of a render loads and stores them. A `Buffer` makes room first,
//! and grows by moving itself into an out-of-line function and back, by value: its
//! address never escapes, so its fields stay in registers. Writes check one number, a
//! lower bound of the spare room; after a [`Buffer::reserve`] the compiler knows its range
//! and drops the checks of the writes the reservation covers. Everything that is not the
//! common path (growing, escaping, long texts) is out of line, so that each write a
//! template makes inlines little code.
//!
//! The writes are `#[inline(always)]` only in builds without debug assertions (optimised
//! ones); a debug build gets plain `#[inline]` hints, which it does not act on, so it
//! calls one shared copy instead of compiling a copy into every template (a debug build of
//! 50 templates: 0.89 s → 0.70 s). With the `compact` feature they are `#[inline(never)]`
//! in optimised builds too: the release build of 50 templates then takes about as long as
//! askama's (0.9–1.1×, against 1.9–2.0× inlined), and renders 2–4× the instructions.

use std::fmt;
use std::mem::MaybeUninit;

use crate::size_hint::LearnedSize;

mod digits;
mod escaping;

use escaping::{escape_block, ESCAPE_BLOCK, MAX_ENTITY_LEN};

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
#[derive(Default)]
pub struct Buffer {
    text: String,
    /// A lower bound of the spare capacity: `room <= text.capacity() - text.len()`, always.
    /// Writes check and decrease this one number rather than compare capacity and length.
    /// After [`Buffer::reserve`] the compiler knows a range for it, so the checks of the
    /// writes that follow fold away.
    room: usize,
}

impl Buffer {
    /// An empty buffer.
    #[inline]
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty buffer with room for `capacity` bytes.
    #[inline]
    pub fn with_capacity(capacity: usize) -> Self {
        Self::from(String::with_capacity(capacity))
    }

    /// The buffer [`Template::render`](crate::Template::render) renders into: sized from
    /// the template's earlier renders, or from its static hint.
    #[inline]
    pub(crate) fn for_render(learned: Option<&LearnedSize>, size_hint: usize) -> Self {
        Self::with_capacity(learned.map_or(size_hint, LearnedSize::get))
    }

    /// The text of a finished render, after recording its length for the next one.
    #[inline]
    pub(crate) fn finish_render(self, learned: Option<&LearnedSize>) -> String {
        if let Some(learned) = learned {
            learned.learn(self.len());
        }
        self.text
    }

    /// What was written so far.
    #[inline]
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The number of bytes written.
    #[inline]
    pub fn len(&self) -> usize {
        self.text.len()
    }

    /// Whether nothing was written.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The number of bytes the buffer can hold without growing.
    #[inline]
    pub fn capacity(&self) -> usize {
        self.text.capacity()
    }

    /// Shortens the text to its first `len` bytes, which must end on a char boundary (a
    /// length the buffer had before).
    #[inline]
    pub(crate) fn truncate(&mut self, len: usize) {
        self.text.truncate(len);
        self.room = self.text.capacity() - self.text.len();
    }

    /// Forgets what was written, keeping the allocation.
    #[inline]
    pub fn clear(&mut self) {
        self.text.clear();
        self.room = self.text.capacity();
    }

    /// Makes room for at least `additional` more bytes.
    ///
    /// Generated code reserves the bytes a loop iteration is known to write before writing
    /// them: the writes' own checks then fold away.
    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(all(not(debug_assertions), not(feature = "compact")), inline(always))]
    #[cfg_attr(all(not(debug_assertions), feature = "compact"), inline(never))]
    pub fn reserve(&mut self, additional: usize) {
        self.make_room(additional);
    }

    /// The written text, without copying.
    #[inline]
    pub fn into_string(self) -> String {
        self.text
    }

    /// Appends `text`.
    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(all(not(debug_assertions), not(feature = "compact")), inline(always))]
    #[cfg_attr(all(not(debug_assertions), feature = "compact"), inline(never))]
    pub fn push_str(&mut self, text: &str) {
        self.make_room(text.len());
        let bytes = text.as_bytes();
        // RATIONALE: `unsafe` for speed. `String::push_str` would check the capacity again
        // and, on its (never taken) slow path, pass the string's address out of line, which
        // is what keeps its fields in memory (see the module docs): big-table renders took
        // 10% more instructions that way.
        #[allow(unsafe_code)]
        // SAFETY: `make_room` made `room` at least `bytes.len()`, and `room` never exceeds
        // the spare capacity (the field's invariant), so the copy stays inside the
        // allocation; it cannot overlap `text`, which is borrowed while `self` is borrowed
        // mutably. The bytes are a whole `str`, so the string stays valid UTF-8 once its
        // length covers them.
        unsafe {
            let vec = self.text.as_mut_vec();
            let len = vec.len();
            std::ptr::copy_nonoverlapping(bytes.as_ptr(), vec.as_mut_ptr().add(len), bytes.len());
            vec.set_len(len + bytes.len());
        }
        self.room -= bytes.len();
    }

    /// Appends `n` in decimal. Numbers below 10^8 are written straight into the spare
    /// capacity (see [`digits`]), shortest lengths tested first; larger ones take itoa's
    /// general path. One room check and one write of the length serve every length, so each
    /// print inlines one of each (with one per length, the 300×300 big-table took 6 % more
    /// instructions and the 100×100 one 6 % fewer).
    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(all(not(debug_assertions), not(feature = "compact")), inline(always))]
    #[cfg_attr(all(not(debug_assertions), feature = "compact"), inline(never))]
    pub(crate) fn push_u64(&mut self, n: u64) {
        if self.push_digits(n) == 0 {
            self.push_str(itoa::Buffer::new().format(n));
        }
    }

    /// Appends the digits of `n` if it is below 10^8 and returns their count, else returns
    /// 0 and appends nothing.
    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(all(not(debug_assertions), not(feature = "compact")), inline(always))]
    #[cfg_attr(all(not(debug_assertions), feature = "compact"), inline(never))]
    fn push_digits(&mut self, n: u64) -> usize {
        self.make_room(8);
        // RATIONALE: `unsafe` for speed. Safe code would borrow the 8 bytes through
        // `spare_capacity_mut`, whose length check does not fold away (the compiler does
        // not know `room`'s invariant), or format into a local array and copy a variable
        // length (a `memcpy` call).
        #[allow(unsafe_code)]
        // SAFETY: `make_room` made `room`, a lower bound of the spare capacity, at least 8,
        // so the spare capacity starts with 8 bytes that `out` may borrow. `write_small`
        // initialised the first `len` of them (at most 8) with ASCII digits, so the string
        // stays valid UTF-8 once its length covers them.
        unsafe {
            let vec = self.text.as_mut_vec();
            let len_before = vec.len();
            let out = &mut *vec
                .as_mut_ptr()
                .add(len_before)
                .cast::<[MaybeUninit<u8>; 8]>();
            let len = digits::write_small(out, n);
            vec.set_len(len_before + len);
            self.room -= len;
            len
        }
    }

    /// Appends `text` HTML-escaped with MarkupSafe's entities, eight bytes at a time (see
    /// the `escaping` module). Room for the worst case (every byte an entity, plus a word of
    /// slack) is made once per block of input, so the stores need no further checks.
    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(all(not(debug_assertions), not(feature = "compact")), inline(always))]
    #[cfg_attr(all(not(debug_assertions), feature = "compact"), inline(never))]
    pub(crate) fn push_html_escaped(&mut self, text: &str) {
        // One test picks the common case, a text of one block with room for its worst case;
        // growing and long texts share one out-of-line call, so that each print of a
        // string inlines little code.
        if text.len() <= ESCAPE_BLOCK && self.room >= text.len() * MAX_ENTITY_LEN + 8 + SLACK {
            self.escape_in_place(text.as_bytes());
        } else {
            // By value, like `refilled`: the buffer's address does not escape.
            *self = std::mem::take(self).with_escaped(text);
        }
        // Tells the compiler a constant bound that holds on both paths, which it carries
        // through the constant-length writes that follow (see `SLACK`).
        #[allow(unsafe_code)]
        // SAFETY: the first path had `room >= len * MAX_ENTITY_LEN + 8 + SLACK`, and
        // `escape_in_place` took off what `escape_block` wrote, at most
        // `len * MAX_ENTITY_LEN` (see its docs); `with_escaped` ends with `make_room(SLACK)`.
        unsafe {
            std::hint::assert_unchecked(self.room >= SLACK);
        }
    }

    /// `self` with `text` appended escaped a block at a time, growing as needed.
    #[inline(never)]
    fn with_escaped(mut self, text: &str) -> Self {
        let mut rest = text;
        while !rest.is_empty() {
            // Blocks end on char boundaries, so the string is valid UTF-8 between blocks.
            let mut end = rest.len().min(ESCAPE_BLOCK);
            while !rest.is_char_boundary(end) {
                end -= 1;
            }
            let (block, tail) = rest.split_at(end);
            self.make_room(block.len() * MAX_ENTITY_LEN + 8);
            self.escape_in_place(block.as_bytes());
            rest = tail;
        }
        self.make_room(SLACK);
        self
    }

    /// Appends `block` escaped: at most `ESCAPE_BLOCK` bytes that end on a char boundary,
    /// with `room` for their worst case (`block.len() * MAX_ENTITY_LEN + 8` bytes).
    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(all(not(debug_assertions), not(feature = "compact")), inline(always))]
    #[cfg_attr(all(not(debug_assertions), feature = "compact"), inline(never))]
    fn escape_in_place(&mut self, block: &[u8]) {
        debug_assert!(self.room >= block.len() * MAX_ENTITY_LEN + 8);
        // The escaping itself is out of line and gets the spare capacity, not `self`: the
        // buffer's address does not escape, so its fields stay in registers.
        #[allow(unsafe_code)]
        // SAFETY: `escape_block` may write `block.len() * MAX_ENTITY_LEN + 8` bytes from the
        // string's end: the caller made `room` at least that, and `room` never exceeds the
        // spare capacity (the field's invariant). `as_mut_vec` is only used to reach the
        // spare capacity and set the length; `escape_block` initialised the first
        // `written` bytes there with valid UTF-8 (see its docs).
        unsafe {
            let vec = self.text.as_mut_vec();
            let len = vec.len();
            let written = escape_block(vec.as_mut_ptr().add(len), block);
            vec.set_len(len + written);
            self.room -= written;
        }
    }

    /// Makes sure `room` is at least `additional`.
    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(all(not(debug_assertions), not(feature = "compact")), inline(always))]
    #[cfg_attr(all(not(debug_assertions), feature = "compact"), inline(never))]
    fn make_room(&mut self, additional: usize) {
        // After this the compiler knows `room >= additional` on every path, so the checks
        // of the writes that the room covers fold away. The second check, which never
        // fails, is what tells it on the slow path; it is a real branch rather than a loop
        // (`while room < additional`, as this was), which took LLVM's loop passes longer
        // on every write (release build of 50 templates: 3.7 s → 3.5 s) and ran more
        // instructions (big-table/300: 4.11M → 3.95M).
        if self.room < additional {
            *self = std::mem::take(self).refilled(additional);
            if self.room < additional {
                room_not_made();
            }
        }
    }

    /// `self` with `room` recounted, grown first if fewer than `additional` bytes are
    /// spare. Out of line and by value (see the module docs): each write inlines only the
    /// comparison.
    #[cold]
    #[inline(never)]
    fn refilled(mut self, additional: usize) -> Self {
        self.text.reserve(additional);
        self.room = self.text.capacity() - self.text.len();
        self
    }
}

/// The room that a print of a string leaves, at least, for the writes after it. Each
/// print makes room for its worst case plus this much, and then tells the compiler that
/// `room` is at least `SLACK`: the checks of the literal text and numbers that follow, up
/// to this many bytes, fold away. That halves the code of a typical template (and the
/// time LLVM spends on it) and saves a comparison per write.
pub(crate) const SLACK: usize = 64;

/// Never called: `Buffer::refilled` makes the room it is asked for.
#[cold]
#[inline(never)]
fn room_not_made() -> ! {
    unreachable!("`refilled` makes the room it is asked for")
}

impl fmt::Write for Buffer {
    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(all(not(debug_assertions), not(feature = "compact")), inline(always))]
    #[cfg_attr(all(not(debug_assertions), feature = "compact"), inline(never))]
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.push_str(s);
        Ok(())
    }
}

impl From<String> for Buffer {
    /// A buffer that appends to `text`.
    #[inline]
    fn from(text: String) -> Self {
        let room = text.capacity() - text.len();
        Self { text, room }
    }
}

impl Clone for Buffer {
    fn clone(&self) -> Self {
        // A clone's capacity may differ from the original's: recount its room.
        Self::from(self.text.clone())
    }
}

impl PartialEq for Buffer {
    /// Buffers are equal when their text is.
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for Buffer {}

impl fmt::Debug for Buffer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Buffer").field(&self.text).finish()
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
