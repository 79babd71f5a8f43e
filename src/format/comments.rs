//! The comments of a file, handed out in order as the layout reaches
//! their places: each one is printed before the first thing that follows
//! it in the source, so none is lost and their order never changes.

use crate::syntax::ast::Comment;

use super::doc::Doc;

pub(crate) struct Comments<'a> {
    text: &'a str,
    list: &'a [Comment],
    next: usize,
}

/// A comment with what the layout needs to place it.
pub(crate) struct Placed {
    pub(crate) doc: Doc,
    /// What follows `//`.
    pub(crate) text: String,
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) trailing: bool,
}

impl<'a> Comments<'a> {
    pub(crate) fn new(text: &'a str, list: &'a [Comment]) -> Comments<'a> {
        Comments {
            text,
            list,
            next: 0,
        }
    }

    /// The comments that start before `pos`, not yet handed out.
    pub(crate) fn before(&mut self, pos: usize) -> Vec<Placed> {
        let mut out = Vec::new();
        while let Some(c) = self.list.get(self.next) {
            let start = c.span.start as usize;
            if start >= pos {
                break;
            }
            let trailing = self.follows_code_on_its_line(start);
            out.push(Placed {
                doc: Doc::Comment {
                    text: c.text.clone(),
                    trailing,
                },
                text: c.text.clone(),
                start,
                end: c.span.end as usize,
                trailing,
            });
            self.next += 1;
        }
        out
    }

    /// The comment that follows `pos` on its line, if one does.
    pub(crate) fn trailing_after(&mut self, pos: usize) -> Option<Placed> {
        let c = self.list.get(self.next)?;
        let gap = self.text.get(pos..c.span.start as usize)?;
        if !gap.chars().all(|ch| ch == ' ' || ch == '\t') {
            return None;
        }
        self.before(c.span.start as usize + 1).pop()
    }

    /// Whether a comment not yet handed out starts before `pos`.
    pub(crate) fn any_before(&self, pos: usize) -> bool {
        self.list
            .get(self.next)
            .is_some_and(|c| (c.span.start as usize) < pos)
    }

    /// The comments before `pos` as one document, for places inside an
    /// expression.
    pub(crate) fn docs_before(&mut self, pos: usize) -> Doc {
        Doc::Concat(self.before(pos).into_iter().map(|c| c.doc).collect())
    }

    /// Whether the source between `a` and `b` holds an empty line.
    pub(crate) fn blank_between(&self, a: usize, b: usize) -> bool {
        self.text
            .get(a.min(b)..b)
            .is_some_and(|gap| gap.bytes().filter(|&c| c == b'\n').count() >= 2)
    }

    /// Whether something other than white space precedes `pos` on its line.
    fn follows_code_on_its_line(&self, pos: usize) -> bool {
        let before = self.text.get(..pos).unwrap_or("");
        let line = before.rsplit(['\n', '\r']).next().unwrap_or("");
        !line.trim_start_matches('\u{feff}').trim().is_empty()
    }
}
