//! Where a render goes: every public write path reaches the one render function a template
//! has, [`Template::render_buffer`], which writes to a [`Buffer`].
//!
//! A `Buffer` is the fast path (see its module docs): its length and room stay in registers
//! for the whole render. The paths differ only in where that `Buffer` comes from:
//!
//! - `render()`: a new one, sized from the template's learned size;
//! - a `String` or a `Buffer` (through `render_to`, `render_into` or `write!`'s `Formatter`
//!   when it wraps neither): the caller's own allocation, moved into a `Buffer` and back, so
//!   nothing is copied; room for the learned size is made first;
//! - a `Vec<u8>` that is empty (`write_into`): the same, through `String::from_utf8`, which
//!   checks nothing on an empty vector;
//! - any other writer (`fmt::Formatter`, a file, a socket): a scratch `Buffer` kept per
//!   thread, then one `write_str` / `write_all` of the whole output.
//!
//! RATIONALE: `render_into` and `write_into` are generic over the writer, and stable Rust has
//! no specialization, so the `String`, `Buffer` and `Vec<u8>` cases are found at run time by
//! comparing type ids (`typeid::of` accepts the non-`'static` writer types these methods
//! take, such as `Formatter<'_>`). Going through `fmt::Write` instead made every write a
//! call that re-checks the `String`'s capacity: `render_into(&mut String)` took 4× as long
//! as `render()` on the 100×100 big-table (59 µs against 14 µs).
//!
//! Every path is all-or-nothing: when a render fails, the output is left as it was before
//! it (a `String` is truncated back; other writers receive nothing).

use std::any::TypeId;
use std::cell::Cell;
use std::fmt;
use std::io;

use crate::size_hint::LearnedSize;
use crate::{Buffer, Result, Template};

/// The largest scratch buffer a thread keeps between renders: a larger one (from a page
/// of more than a MiB) is freed after use rather than held for the thread's lifetime.
const MAX_SCRATCH: usize = 1 << 20;

thread_local! {
    /// Each thread's scratch buffer, for writers that are not a `String`, `Buffer` or
    /// empty `Vec<u8>`. Taken out while in use, so a render nested in another (a
    /// template printed through `Display` inside a template) gets a new one.
    static SCRATCH: Cell<Option<Buffer>> = const { Cell::new(None) };
}

/// What [`Template::render`] does in unoptimised builds: `render` into a new buffer sized
/// from `learned` or `size_hint`, one copy for every template.
#[cfg(debug_assertions)]
pub(crate) fn render_new(
    learned: Option<&LearnedSize>,
    size_hint: usize,
    render: &mut dyn FnMut(&mut Buffer) -> Result<()>,
) -> Result<String> {
    let mut out = Buffer::for_render(learned, size_hint);
    render(&mut out)?;
    Ok(out.finish_render(learned))
}

/// Renders `template` at the end of `buffer`, with room for its expected length made
/// first; on an error, `buffer` is truncated back to what it held.
#[inline]
pub(crate) fn into_buffer<T: Template + ?Sized>(template: &T, buffer: &mut Buffer) -> Result<()> {
    let start = buffer.len();
    let learned = T::learned_size();
    buffer.reserve(learned.map_or(T::SIZE_HINT, LearnedSize::get));
    match template.render_buffer(buffer) {
        Ok(()) => {
            if let Some(learned) = learned {
                learned.learn(buffer.len() - start);
            }
            Ok(())
        }
        Err(err) => {
            buffer.truncate(start);
            Err(err)
        }
    }
}

/// Renders `template` at the end of `text`, through a `Buffer` that owns `text`'s
/// allocation for the length of the render.
#[inline]
pub(crate) fn into_string<T: Template + ?Sized>(template: &T, text: &mut String) -> Result<()> {
    let mut buffer = Buffer::from(std::mem::take(text));
    let result = into_buffer(template, &mut buffer);
    *text = buffer.into_string();
    result
}

/// Renders `template` into the thread's scratch buffer and hands the text to `write`.
fn through_scratch<T: Template + ?Sized>(
    template: &T,
    write: impl FnOnce(&str) -> Result<()>,
) -> Result<()> {
    let mut buffer = SCRATCH.take().unwrap_or_default();
    let result = into_buffer(template, &mut buffer).and_then(|()| write(buffer.as_str()));
    if buffer.capacity() <= MAX_SCRATCH {
        buffer.clear();
        SCRATCH.set(Some(buffer));
    }
    result
}

/// Renders `template` into any `fmt::Write`.
#[inline]
pub(crate) fn into_fmt<T, W>(template: &T, writer: &mut W) -> Result<()>
where
    T: Template + ?Sized,
    W: fmt::Write + ?Sized,
{
    if let Some(text) = downcast::<W, String>(writer) {
        return into_string(template, text);
    }
    if let Some(buffer) = downcast::<W, Buffer>(writer) {
        return into_buffer(template, buffer);
    }
    through_scratch(template, |text| Ok(writer.write_str(text)?))
}

/// Renders `template` into any `io::Write`, with one `write_all` (or none, for an empty
/// `Vec<u8>`, whose allocation the render writes into).
#[inline]
pub(crate) fn into_io<T, W>(template: &T, writer: &mut W) -> Result<()>
where
    T: Template + ?Sized,
    W: io::Write + ?Sized,
{
    if let Some(bytes) = downcast::<W, Vec<u8>>(writer) {
        if bytes.is_empty() {
            // An empty vector is valid UTF-8 without looking; a non-empty one would have to
            // be checked on every call, so it takes the scratch path below.
            if let Ok(mut text) = String::from_utf8(std::mem::take(bytes)) {
                let result = into_string(template, &mut text);
                *bytes = text.into_bytes();
                return result;
            }
        }
    }
    through_scratch(template, |text| Ok(writer.write_all(text.as_bytes())?))
}

/// `writer` as a `&mut T` if `W` is `T`.
#[inline]
fn downcast<W: ?Sized, T: 'static>(writer: &mut W) -> Option<&mut T> {
    // `typeid::of` erases `W`'s lifetimes; `T` has none, so equal ids mean `W` is `T`.
    if typeid::of::<W>() == TypeId::of::<T>() {
        #[allow(unsafe_code)]
        // SAFETY: `W` and `T` are the same type (see above), so the pointer is a valid,
        // unique `&mut T` for the borrow of `writer`. A `W` equal to the sized `T` has no
        // pointer metadata for `cast` to drop.
        let cast = unsafe { &mut *(writer as *mut W).cast::<T>() };
        Some(cast)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn downcast_finds_exactly_the_type() {
        let mut text = String::from("a");
        assert!(downcast::<String, String>(&mut text).is_some());
        assert!(downcast::<String, Buffer>(&mut text).is_none());
        let mut bytes: Vec<u8> = Vec::new();
        assert!(downcast::<Vec<u8>, Vec<u8>>(&mut bytes).is_some());
        assert!(downcast::<Vec<u8>, String>(&mut bytes).is_none());
        let mut dynamic: &mut dyn fmt::Write = &mut text;
        assert!(downcast::<&mut dyn fmt::Write, String>(&mut dynamic).is_none());
        let erased: &mut dyn fmt::Write = &mut String::new();
        assert!(downcast::<dyn fmt::Write, String>(erased).is_none());
        downcast::<String, String>(&mut text).unwrap().push('b');
        assert_eq!(text, "ab");
    }
}
