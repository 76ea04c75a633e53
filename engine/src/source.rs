//! Template files and positions in them.

use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Index of a file in [`Files`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub(crate) u32);

impl FileId {
    /// The file's position among the sources read, from 0.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A byte range in one template file. `Copy` and borrow-free, so every AST node carries one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    /// The file.
    pub file: FileId,
    /// Start byte offset.
    pub start: u32,
    /// End byte offset (exclusive).
    pub end: u32,
}

impl Span {
    /// A span from byte `start` to `end` of `file`.
    pub fn new(file: FileId, start: usize, end: usize) -> Self {
        // Templates larger than 4 GiB are refused by the loader, so offsets fit in u32.
        Span {
            file,
            start: start as u32,
            end: end as u32,
        }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// A value with the span it was parsed from.
#[derive(Clone, Debug, PartialEq)]
pub struct Spanned<T> {
    /// The value.
    pub node: T,
    /// Where it is in the template.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// Pairs `node` with `span`.
    pub fn new(node: T, span: Span) -> Self {
        Spanned { node, span }
    }
}

/// One loaded template source.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Path as shown in messages: relative to the crate root when possible.
    pub display: String,
    /// Absolute path on disk, if the template came from a file.
    pub path: Option<PathBuf>,
    /// The text.
    pub text: Arc<str>,
    /// The byte offset where each line starts, for `line_col` in O(log lines).
    line_starts: Vec<u32>,
}

/// All sources a derive has read, so spans can be turned into `file:line:col`.
#[derive(Clone, Debug, Default)]
pub struct Files {
    files: Vec<SourceFile>,
}

impl Files {
    /// Adds a source and returns its id.
    pub fn add(&mut self, display: String, path: Option<PathBuf>, text: Arc<str>) -> FileId {
        // `\r\n` ends a line at its `\n`, like a lone `\n`.
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i as u32 + 1))
            .collect();
        self.files.push(SourceFile {
            display,
            path,
            text,
            line_starts,
        });
        FileId(self.files.len() as u32 - 1)
    }

    /// The file with this id.
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// The id of an already loaded file.
    pub fn find(&self, path: &Path) -> Option<FileId> {
        self.files
            .iter()
            .position(|f| f.path.as_deref() == Some(path))
            .map(|i| FileId(i as u32))
    }

    /// The ids of every source, in the order they were added.
    pub fn ids(&self) -> impl Iterator<Item = FileId> {
        (0..self.files.len() as u32).map(FileId)
    }

    /// Every file read from disk, for the generated `include_bytes!`.
    pub fn paths(&self) -> impl Iterator<Item = &Path> {
        self.files.iter().filter_map(|f| f.path.as_deref())
    }

    /// 1-based line and column (in characters) of a byte offset. `\r\n` is one line break.
    ///
    /// RATIONALE: code generation locates every fallible expression, so this runs once per
    /// expression; a scan from the start of the file made a huge template quadratic. The
    /// line is found by binary search, the column by counting that line's characters.
    pub fn line_col(&self, file: FileId, offset: u32) -> (usize, usize) {
        let source = self.get(file);
        let text = &source.text;
        let offset = floor_char_boundary(text, (offset as usize).min(text.len()));
        let line = source
            .line_starts
            .partition_point(|&start| start as usize <= offset);
        let start = source.line_starts.get(line - 1).map_or(0, |&s| s as usize);
        (line, text[start..offset].chars().count() + 1)
    }
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

/// The line containing byte `offset`, without its line break.
pub fn line_text(text: &str, offset: usize) -> &str {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    text[start..end].trim_end_matches('\r')
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_chars_and_crlf_is_one_break() {
        let text = "ab\r\nçé{{ x }}\nz";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, text.find("{{").unwrap()), (2, 3));
        assert_eq!(line_col(text, text.len()), (3, 2));
        assert_eq!(line_text(text, 1), "ab");
        assert_eq!(line_text(text, text.find("x").unwrap()), "çé{{ x }}");
    }

    #[test]
    fn the_line_table_agrees_with_a_scan_at_every_offset() {
        let text = "ab\r\nçé{{ x }}\n\nz\r\n";
        let mut files = Files::default();
        let id = files.add("t".into(), None, text.into());
        for offset in 0..=text.len() + 2 {
            assert_eq!(
                files.line_col(id, offset as u32),
                line_col(text, offset),
                "offset {offset}"
            );
        }
    }
}
