//! Jinja's global helpers that keep state across a render: `cycler(…)` and `joiner(…)`.

use std::cell::Cell;

use crate::ops::Val;

/// `cycler("odd", "even")`: `c.next()` gives the items in turn, `c.current` the one the next
/// `next()` gives, `c.reset()` starts over.
#[derive(Debug)]
pub struct Cycler {
    items: Vec<Val<'static>>,
    position: Cell<usize>,
}

impl Cycler {
    /// A cycler over `items`.
    pub fn new(items: Vec<Val<'static>>) -> Self {
        Self {
            items,
            position: Cell::new(0),
        }
    }

    /// The current item (`none` for a cycler of nothing).
    pub fn current(&self) -> Val<'static> {
        self.items
            .get(self.position.get())
            .cloned()
            .unwrap_or(Val::None)
    }

    /// The current item, then moves to the next (after the last, the first).
    pub fn next(&self) -> Val<'static> {
        let item = self.current();
        if !self.items.is_empty() {
            self.position
                .set((self.position.get() + 1) % self.items.len());
        }
        item
    }

    /// Goes back to the first item; Python's `None` as a value.
    pub fn reset(&self) -> Val<'static> {
        self.position.set(0);
        Val::None
    }
}

/// `joiner(sep)`: a function that gives nothing the first time it is called, `sep` after.
pub fn joiner(separator: Val<'static>) -> impl Fn() -> Val<'static> {
    let used = Cell::new(false);
    move || {
        if used.replace(true) {
            separator.clone()
        } else {
            Val::Str("".into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycler_and_joiner_keep_their_state() {
        let c = Cycler::new(vec![Val::Str("odd".into()), Val::Str("even".into())]);
        assert_eq!(c.next(), Val::Str("odd".into()));
        assert_eq!(c.current(), Val::Str("even".into()));
        assert_eq!(c.next(), Val::Str("even".into()));
        assert_eq!(c.next(), Val::Str("odd".into()));
        assert_eq!(c.reset(), Val::None);
        assert_eq!(c.next(), Val::Str("odd".into()));
        assert_eq!(Cycler::new(Vec::new()).next(), Val::None);
        let sep = joiner(Val::Str(", ".into()));
        assert_eq!(
            [sep(), sep(), sep()].map(|v| v.to_string()),
            ["", ", ", ", "]
        );
    }
}
