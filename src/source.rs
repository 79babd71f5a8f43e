//! The files a project is made of, and the mapping from byte offsets to lines.
//!
//! Every later stage refers to text only through a [`Span`]: a file id and a
//! byte range. This module owns the text so that reports can quote it.

use std::sync::Arc;

/// Identifies one loaded file inside [`Sources`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A byte range in one file. Offsets are bytes, as pest and miette count them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        Span {
            file,
            start: clamp_u32(start),
            end: clamp_u32(end.max(start)),
        }
    }

    /// The smallest span covering both; `other` must be in the same file.
    pub fn to(self, other: Span) -> Span {
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

fn clamp_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A node of any kind together with where it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Spanned<T> {
    pub node: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(node: T, span: Span) -> Spanned<T> {
        Spanned { node, span }
    }
}

/// One loaded file: its name as shown to users (relative to the project
/// folder where possible, always with `/`) and its text.
#[derive(Debug)]
pub struct SourceFile {
    pub name: String,
    pub text: Arc<str>,
    line_starts: Vec<u32>,
    /// Whether each line is ASCII, so that a column is a subtraction and
    /// not a count: machine-written JSON is often one very long line.
    ascii_lines: Vec<bool>,
    /// Characters before the start of each line.
    line_char_starts: Vec<u32>,
}

impl SourceFile {
    fn new(name: String, text: Arc<str>) -> SourceFile {
        let mut line_starts = vec![0];
        let mut line_char_starts = vec![0];
        let mut ascii_lines = Vec::new();
        let bytes = text.as_bytes();
        let mut start = 0;
        let mut chars: u32 = 0;
        // A line at a time, each with its line break: whether it is ASCII
        // and how many characters it has are whole-slice operations, which
        // the standard library does many bytes at a time.
        loop {
            let end = bytes
                .get(start..)
                .and_then(|rest| rest.iter().position(|b| *b == b'\n'))
                .map(|i| start + i + 1);
            // `\n` is ASCII, so both ends are character boundaries.
            let line = text.get(start..end.unwrap_or(text.len())).unwrap_or("");
            let ascii = line.is_ascii();
            let count = if ascii {
                line.len()
            } else {
                line.chars().count()
            };
            ascii_lines.push(ascii);
            chars = chars.saturating_add(clamp_u32(count));
            let Some(end) = end else { break };
            line_starts.push(clamp_u32(end));
            line_char_starts.push(chars);
            start = end;
        }
        SourceFile {
            name,
            text,
            line_starts,
            ascii_lines,
            line_char_starts,
        }
    }

    /// 1-based line of a byte offset: a binary search, no counting.
    pub fn line(&self, offset: u32) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i.max(1),
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: u32) -> (usize, usize) {
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.line_starts.get(line).copied().unwrap_or(0) as usize;
        let end = (offset as usize).min(self.text.len());
        if self.ascii_lines.get(line).copied().unwrap_or(false) {
            return (line + 1, end.saturating_sub(start) + 1);
        }
        let col = self
            .text
            .get(start..end)
            .map(|s| s.chars().count())
            .unwrap_or(end.saturating_sub(start));
        (line + 1, col + 1)
    }

    /// A byte range as a range of characters, for renderers that count
    /// characters.
    pub fn char_range(&self, span: Span) -> std::ops::Range<usize> {
        let count = |byte: u32| {
            let line = self.line(byte);
            let line_start = self.line_starts.get(line - 1).copied().unwrap_or(0) as usize;
            let before_line = self.line_chars_before(line - 1);
            let mut end = (byte as usize).min(self.text.len());
            // A byte inside a character counts from the character's start.
            while !self.text.is_char_boundary(end) {
                end -= 1;
            }
            let within = if self.ascii_lines.get(line - 1).copied().unwrap_or(false) {
                end.saturating_sub(line_start)
            } else {
                self.text
                    .get(line_start..end)
                    .map(|s| s.chars().count())
                    .unwrap_or(0)
            };
            before_line + within
        };
        count(span.start)..count(span.end)
    }

    /// Characters before the start of 0-based line `line`.
    fn line_chars_before(&self, line: usize) -> usize {
        self.line_char_starts.get(line).copied().unwrap_or(0) as usize
    }

    /// The text of one 1-based line, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let start = self
            .line_starts
            .get(line.wrapping_sub(1))
            .copied()
            .unwrap_or(0) as usize;
        let end = self
            .line_starts
            .get(line)
            .map(|e| *e as usize)
            .unwrap_or(self.text.len());
        self.text
            .get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }
}

/// Every file of a project, addressed by [`FileId`].
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    pub fn new() -> Sources {
        Sources::default()
    }

    pub fn add(&mut self, name: impl Into<String>, text: impl Into<Arc<str>>) -> FileId {
        let id = FileId(clamp_u32(self.files.len()));
        self.files.push(SourceFile::new(name.into(), text.into()));
        id
    }

    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    pub fn name(&self, id: FileId) -> &str {
        self.get(id).map(|f| f.name.as_str()).unwrap_or("<unknown>")
    }

    /// 1-based line of the start of a span.
    pub fn line(&self, span: Span) -> usize {
        self.get(span.file).map(|f| f.line(span.start)).unwrap_or(1)
    }

    /// 1-based line and column of the start of a span.
    pub fn line_col(&self, span: Span) -> (usize, usize) {
        self.get(span.file)
            .map(|f| f.line_col(span.start))
            .unwrap_or((1, 1))
    }

    /// The text a span covers, or "" if it does not fit the file.
    pub fn slice(&self, span: Span) -> &str {
        self.get(span.file)
            .and_then(|f| f.text.get(span.range()))
            .unwrap_or("")
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(clamp_u32(i)), f))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let mut s = Sources::new();
        let f = s.add("a.krav", "ab\næøå x\n");
        let x = "ab\næøå ".len();
        assert_eq!(s.line_col(Span::new(f, x, x + 1)), (2, 5));
        assert_eq!(s.line_col(Span::new(f, 0, 1)), (1, 1));
        assert_eq!(s.get(f).map(|f| f.line_text(2)), Some("æøå x"));
        for offset in 0..("ab\næøå x\n".len() as u32) {
            let file = s.get(f).unwrap();
            assert_eq!(file.line(offset), file.line_col(offset).0, "at {offset}");
        }
        let file = s.get(f).unwrap();
        let x = "ab\næøå ".len();
        assert_eq!(file.char_range(Span::new(f, x, x + 1)), 7..8);
    }

    #[test]
    fn line_tables_hold_for_every_kind_of_line() {
        for text in ["", "\n", "a", "a\n", "a\nb", "æ\n\nø\r\nx", "\n\næøå"] {
            let mut s = Sources::new();
            let f = s.add("a.krav", text);
            let file = s.get(f).unwrap();
            let breaks = text.matches('\n').count();
            assert_eq!(file.line_starts.len(), breaks + 1, "{text:?}");
            assert_eq!(file.ascii_lines.len(), breaks + 1, "{text:?}");
            for (i, start) in file.line_starts.iter().enumerate() {
                let before = text[..*start as usize].chars().count() as u32;
                assert_eq!(file.line_char_starts[i], before, "{text:?} line {i}");
            }
        }
    }
}
