//! A fast path for the files a large project has most of: vendors written
//! in `.krav` as plain data (`vendor id "Name" { fact = literal … }`).
//!
//! pest's general grammar backtracks through every alternative of an
//! expression for each literal and tracks its own call depth; for a
//! thousand vendor files that was most of the time `check` took. This
//! reader accepts a strict subset of the grammar — files of `vendor` items
//! whose facts are literals (strings, numbers, dates, percents, durations,
//! booleans, names, lists and records of them), with comments anywhere
//! whitespace may stand — and builds exactly the tree the pest path builds,
//! spans and comments included.
//!
//! It never reports anything. Whatever it is not sure of (another item, an
//! operator, a reserved word, a literal the lowering would complain about, a
//! property given twice, deep nesting) makes it give up, and the caller
//! parses the file with pest, which gives the diagnostics. So it can only
//! ever be faster, never different: `tests` below compare the two trees on
//! every `.krav` file of the repository and on mutated vendor files.

use super::ast::{
    Comment, Expr, ExprKind, FactAssign, FactAttrs, Ident, Item, SourceAst, StrLit, VendorDecl,
    VendorStmt,
};
use super::literal::{classify_numeric, parse_date, unescape};
use crate::source::{FileId, Span, Spanned};
use crate::value::Date;

use super::words::{is_id_char, is_name_char as is_ident_char, is_name_start, RESERVED};

/// Lists and records nest at most this deep here; deeper ones go to pest.
const MAX_DEPTH: usize = 16;

/// The tree of a file that holds only plain vendors, or `None` when the
/// file needs the full parser.
pub fn parse_plain_vendors(file: FileId, text: &str) -> Option<SourceAst> {
    read(file, text, false)
}

/// Whether [`parse_plain_vendors`] takes `text`: the same reading, with
/// nothing kept (no names, strings, lists or comments are allocated), for
/// the loader to decide cheaply which files to leave for later.
pub fn is_plain_vendors(text: &str) -> bool {
    read(FileId(0), text, true).is_some()
}

fn read(file: FileId, text: &str, dry: bool) -> Option<SourceAst> {
    let mut r = Reader {
        file,
        text,
        bytes: text.as_bytes(),
        pos: 0,
        comments: Vec::new(),
        dry,
    };
    let mut items = Vec::new();
    r.skip();
    while r.pos < r.bytes.len() {
        let start = r.pos;
        if r.word()? != "vendor" {
            return None;
        }
        let vendor = r.vendor(start)?;
        r.keep(&mut items, Item::Vendor(vendor));
        r.skip();
    }
    Some(SourceAst {
        file,
        items,
        comments: r.comments,
    })
}

struct Reader<'t> {
    file: FileId,
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    comments: Vec<Comment>,
    /// Only whether the text is read: names and strings stay empty, and
    /// lists, statements and comments are not kept.
    dry: bool,
}

impl<'t> Reader<'t> {
    fn keep<T>(&self, list: &mut Vec<T>, item: T) {
        if !self.dry {
            list.push(item);
        }
    }

    /// A name's text, owned (empty when reading dry).
    fn own(&self, text: &str) -> String {
        if self.dry {
            String::new()
        } else {
            text.to_string()
        }
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start, end)
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Skips white space (the grammar's: space, tab, CR, LF, and a byte
    /// order mark at the start) and comments, keeping each comment as the lowering
    /// does. Idempotent: a second call where the first stopped does
    /// nothing, so no comment is kept twice.
    fn skip(&mut self) {
        while let Some(b) = self.peek() {
            match b {
                b' ' | b'\t' | b'\r' | b'\n' => self.pos += 1,
                // The grammar skips a byte order mark anywhere, but the
                // lowering's spans keep one that ends a statement: only
                // the file's first is taken here.
                0xEF if self.pos == 0 && self.text.starts_with('\u{FEFF}') => {
                    self.pos += '\u{FEFF}'.len_utf8();
                }
                b'/' if self.bytes.get(self.pos + 1) == Some(&b'/') => {
                    let start = self.pos;
                    // A comment runs to the end of its line: up to a line
                    // feed, or a carriage return that starts a CR LF.
                    let mut end = start + 2;
                    while let Some(&c) = self.bytes.get(end) {
                        if c == b'\n' || (c == b'\r' && self.bytes.get(end + 1) == Some(&b'\n')) {
                            break;
                        }
                        end += 1;
                    }
                    if !self.dry {
                        self.comments.push(Comment {
                            text: self.text[start + 2..end].trim_end().to_string(),
                            span: self.span(start, end),
                        });
                    }
                    self.pos = end;
                }
                _ => break,
            }
        }
    }

    /// A run of identifier characters starting with a letter or `_`.
    fn word(&mut self) -> Option<&'t str> {
        let start = self.pos;
        if !is_name_start(self.peek()?) {
            return None;
        }
        while self.peek().is_some_and(is_ident_char) {
            self.pos += 1;
        }
        Some(&self.text[start..self.pos])
    }

    /// The word at the cursor, without moving.
    fn peek_word(&self) -> Option<&'t str> {
        let mut end = self.pos;
        if !self.bytes.get(end).copied().is_some_and(is_name_start) {
            return None;
        }
        while self.bytes.get(end).copied().is_some_and(is_ident_char) {
            end += 1;
        }
        Some(&self.text[self.pos..end])
    }

    /// A name that is not reserved.
    fn name(&mut self) -> Option<Ident> {
        let start = self.pos;
        let word = self.word()?;
        if RESERVED.contains(&word) {
            return None;
        }
        Some(Ident {
            name: self.own(word),
            span: self.span(start, self.pos),
        })
    }

    /// `name(.field)*`, written without spaces.
    fn path(&mut self) -> Option<Vec<Ident>> {
        let mut parts = Vec::new();
        let first = self.name()?;
        self.keep(&mut parts, first);
        while self.peek() == Some(b'.') {
            self.pos += 1;
            // After a dot reserved words are ordinary names.
            let start = self.pos;
            let word = self.word()?;
            let part = Ident {
                name: self.own(word),
                span: self.span(start, self.pos),
            };
            self.keep(&mut parts, part);
        }
        Some(parts)
    }

    /// A vendor id: a letter, then letters, digits, `_` and `-`.
    fn item_id(&mut self) -> Option<Ident> {
        let start = self.pos;
        if !self.peek()?.is_ascii_alphabetic() {
            return None;
        }
        while self.peek().is_some_and(is_id_char) {
            self.pos += 1;
        }
        Some(Ident {
            name: self.own(&self.text[start..self.pos]),
            span: self.span(start, self.pos),
        })
    }

    /// A string literal with its escapes resolved.
    fn string(&mut self) -> Option<StrLit> {
        let start = self.pos;
        if self.peek()? != b'"' {
            return None;
        }
        self.pos += 1;
        loop {
            match self.peek()? {
                b'"' => break,
                b'\\' => {
                    // Any character but a line break may follow; the
                    // lowering checks the escape.
                    if matches!(self.bytes.get(self.pos + 1), None | Some(b'\n' | b'\r')) {
                        return None;
                    }
                    self.pos += 2;
                }
                b'\n' | b'\r' => return None,
                _ => self.pos += 1,
            }
        }
        self.pos += 1;
        let span = self.span(start, self.pos);
        // A character boundary: the loop stops only at ASCII bytes.
        let token = self.text.get(start..self.pos)?;
        let value = if !self.dry {
            unescape(token, span).ok()?
        } else if token.contains('\\') {
            // Its escapes must be valid all the same.
            unescape(token, span).ok()?;
            String::new()
        } else {
            String::new()
        };
        Some(StrLit { value, span })
    }

    /// A number-like token: int, number, percent, duration or date.
    fn numeric(&mut self) -> Option<(&'t str, Span)> {
        let start = self.pos;
        if !self.peek()?.is_ascii_digit() {
            return None;
        }
        self.pos += 1;
        loop {
            match self.peek() {
                Some(b) if is_ident_char(b) => self.pos += 1,
                Some(b'.' | b'-')
                    if self
                        .bytes
                        .get(self.pos + 1)
                        .is_some_and(|b| b.is_ascii_digit()) =>
                {
                    self.pos += 2
                }
                _ => break,
            }
        }
        if self.peek() == Some(b'%') {
            self.pos += 1;
        }
        Some((&self.text[start..self.pos], self.span(start, self.pos)))
    }

    fn date(&mut self) -> Option<Spanned<Date>> {
        let (text, span) = self.numeric()?;
        Some(Spanned::new(parse_date(text, span).ok()?, span))
    }

    /// `vendor` has been read from `start`.
    fn vendor(&mut self, start: usize) -> Option<VendorDecl> {
        self.skip();
        let id = self.item_id()?;
        self.skip();
        let name = self.string()?;
        self.skip();
        self.expect(b'{')?;
        let mut as_of = None;
        // `None` for the vendor's `as_of`, which is no statement.
        let stmts = self.until(b'}', false, |r| {
            if r.peek_word() != Some("as_of") {
                return r.stmt(0).map(Some);
            }
            if as_of.is_some() {
                return None; // given twice: the lowering says so
            }
            r.pos += "as_of".len();
            r.skip();
            as_of = Some(r.date()?);
            Some(None)
        })?;
        Some(VendorDecl {
            id: Some(id),
            header: self.span(start, name.span.end as usize),
            name: Some(name),
            as_of,
            body: stmts.into_iter().flatten().collect(),
            span: self.span(start, self.pos),
        })
    }

    fn expect(&mut self, b: u8) -> Option<()> {
        (self.peek()? == b).then(|| self.pos += 1)
    }

    /// Reads `item`s up to `close`, and the `close` itself, keeping what
    /// they read (nothing, when reading dry); with `commas`, the items are
    /// separated by commas, and one may follow the last.
    fn until<T>(
        &mut self,
        close: u8,
        commas: bool,
        mut item: impl FnMut(&mut Self) -> Option<T>,
    ) -> Option<Vec<T>> {
        let mut items = Vec::new();
        loop {
            self.skip();
            if self.peek()? == close {
                break;
            }
            let read = item(self)?;
            self.keep(&mut items, read);
            if commas {
                self.skip();
                match self.peek()? {
                    b',' => self.pos += 1,
                    b if b == close => break,
                    _ => return None,
                }
            }
        }
        self.pos += 1;
        Some(items)
    }

    /// `path { … }` or `path = literal` with its attributes.
    fn stmt(&mut self, depth: usize) -> Option<VendorStmt> {
        if depth > MAX_DEPTH {
            return None;
        }
        let start = self.pos;
        // `as_of` opens the vendor's date, never a fact, in this subset.
        if self.peek_word() == Some("as_of") {
            return None;
        }
        let path = self.path()?;
        self.skip();
        match self.peek()? {
            b'{' => {
                self.pos += 1;
                let stmts = self.until(b'}', false, |r| r.stmt(depth + 1))?;
                Some(VendorStmt::Block {
                    path,
                    stmts,
                    span: self.span(start, self.pos),
                })
            }
            b'=' if self.bytes.get(self.pos + 1) != Some(&b'=') => {
                self.pos += 1;
                self.skip();
                let value = self.value(0)?;
                let mut end = self.pos;
                let mut attrs = FactAttrs::default();
                loop {
                    self.skip();
                    // An attribute's word with no value after it is the
                    // next statement's path (a fact may be called
                    // `source`): back to before the word.
                    let save = (self.pos, self.comments.len());
                    let taken = match self.peek_word() {
                        Some("source") => {
                            self.pos += "source".len();
                            self.skip();
                            if self.peek() == Some(b'"') {
                                if attrs.source.is_some() {
                                    return None; // given twice
                                }
                                attrs.source = Some(self.string()?);
                                true
                            } else {
                                false
                            }
                        }
                        Some(w @ ("as_of" | "expires")) => {
                            self.pos += w.len();
                            self.skip();
                            let slot = if w == "as_of" {
                                &mut attrs.as_of
                            } else {
                                &mut attrs.expires
                            };
                            if self.peek().is_some_and(|b| b.is_ascii_digit()) {
                                if slot.is_some() {
                                    return None; // given twice
                                }
                                *slot = Some(self.date()?);
                                true
                            } else {
                                false
                            }
                        }
                        _ => break,
                    };
                    if !taken {
                        self.pos = save.0;
                        self.comments.truncate(save.1);
                        break;
                    }
                    end = self.pos;
                }
                Some(VendorStmt::Assign(FactAssign {
                    path,
                    value,
                    attrs,
                    span: self.span(start, end),
                }))
            }
            _ => None,
        }
    }

    /// A literal value. What may follow it is checked by the caller: a
    /// `,` or closing bracket, an attribute, the next statement, or `}`.
    /// An operator is none of those (its word is reserved, or its symbol
    /// starts no statement), so an expression gives up there.
    fn value(&mut self, depth: usize) -> Option<Expr> {
        if depth > MAX_DEPTH {
            return None;
        }
        let start = self.pos;
        let kind = match self.peek()? {
            b'"' => ExprKind::Str(self.string()?.value),
            b'0'..=b'9' => {
                let (text, span) = self.numeric()?;
                classify_numeric(text, span).ok()?
            }
            b'[' => {
                self.pos += 1;
                ExprKind::List(self.until(b']', true, |r| r.value(depth + 1))?)
            }
            b'{' => {
                self.pos += 1;
                let fields = self.until(b'}', true, |r| {
                    let name = r.name()?;
                    r.skip();
                    if r.bytes.get(r.pos + 1) == Some(&b'=') {
                        return None; // `==`
                    }
                    r.expect(b'=')?;
                    r.skip();
                    Some((name, r.value(depth + 1)?))
                })?;
                ExprKind::Record(fields)
            }
            b if is_name_start(b) => match self.peek_word()? {
                "true" | "false" => ExprKind::Bool(self.word()? == "true"),
                _ => ExprKind::Path(self.path()?),
            },
            _ => return None,
        };
        Some(Expr {
            kind,
            span: self.span(start, self.pos),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse_with_grammar;

    /// The fast path's tree, checked against pest's whenever it gives one.
    fn agrees(text: &str) -> bool {
        let file = FileId(0);
        let fast = parse_plain_vendors(file, text);
        // Reading dry decides as reading in full does.
        assert_eq!(is_plain_vendors(text), fast.is_some(), "{text:?}");
        let Some(fast) = fast else {
            return false;
        };
        assert!(crate::syntax::prescan_ok(text), "{text:?}");
        let (slow, diags) = parse_with_grammar(file, text);
        assert!(diags.is_empty(), "pest complains about {text:?}: {diags:?}");
        assert_eq!(Some(fast), slow, "the trees differ for {text:?}");
        true
    }

    fn krav_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                krav_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "krav") {
                out.push(path);
            }
        }
    }

    #[test]
    fn every_repository_file_it_reads_is_read_as_pest_reads_it() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for dir in ["examples", "policies", "tests"] {
            krav_files(&root.join(dir), &mut files);
        }
        assert!(files.len() > 20, "found only {} files", files.len());
        let mut fast = 0;
        for path in &files {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            if agrees(&text) {
                fast += 1;
            }
        }
        // The example companies' vendors are plain data.
        assert!(fast >= 2, "only {fast} files took the fast path");
    }

    const VENDOR: &str = "\u{feff}// Evidence gathered 2026-09\nvendor acme-cloud \"Acme \\\"Cloud\\\" ApS\" { // header\n  as_of 2026-09-15\n  tier = STANDARD // a comment\n  owner { name = \"Jane\" source \"https://x.example\" as_of 2026-01-01 expires 2027-01-01\n    email = \"j@x.example\" }\n  sla.uptime = 99.95% source \"sla\"\n  sla.support = 4h\r\n  price = 22.65\n  users = 1_000\n  signed = 2025-10-24\n  flags = [true, false,]\n  data.locations = [EU, EEA] // where\n  chain.list = [{ name = \"AWS\", country = EU }, {name=\"GCP\",country=US,}]\n  empty = []\n  record = {}\n  x.in.all = Region.EU\n  source = 3\n}\n\nvendor b \"B\" {}\n// the end";

    #[test]
    fn a_vendor_with_every_kind_of_literal_reads_as_pest_reads_it() {
        assert!(agrees(VENDOR));
        assert!(agrees(""));
        assert!(agrees("// only a comment\r\n"));
        assert!(agrees("vendor a \"A\" {\r\n  x = 1 // c\r\n}\r\n"));
    }

    #[test]
    fn anything_else_goes_to_pest() {
        for text in [
            "schema s { fact x: int }",
            "vendor a \"A\" { x = 1 and y = 2 }",
            "vendor a \"A\" { x = 1 == 2 }",
            "vendor a \"A\" { x == 1 }",
            "vendor a \"A\" { x = present(y) }",
            "vendor a \"A\" { x = today }",
            "vendor a \"A\" { x = not true }",
            "vendor a \"A\" { x = 1 in [1] }",
            "vendor a \"A\" { x = (1) }",
            "vendor a \"A\" { x = -1 }",
            "vendor a \"A\" { as_of 2026-01-01 as_of 2026-01-02 }",
            "vendor a \"A\" { x = 1 source \"a\" source \"b\" }",
            "vendor a \"A\" { x = 3mo }",
            "vendor a \"A\" { x = 2026-02-30 }",
            "vendor a \"A\" { x = \"bad \\q escape\" }",
            "vendor a \"A\" { as_of = 3 }",
            "vendor a \"A\" { x { as_of 2026-01-01 } }",
            "vendor a \"A\" { x = [[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]] }",
            "vendor a \"A\" { x = 1 ",
            "vendor a \"A\" { x = 1 } waiver \"w\" {}",
            "vendorx a \"A\" {}",
            "defaults \"d\" { x = 1 }",
        ] {
            assert!(
                parse_plain_vendors(FileId(0), text).is_none() && !is_plain_vendors(text),
                "took the fast path: {text:?}"
            );
        }
    }

    /// Deterministic mutations of a plain vendor: every byte dropped,
    /// doubled or replaced by a character that matters to the grammar.
    /// Whatever the fast path accepts, pest must read the same way.
    #[test]
    fn mutated_vendors_are_read_as_pest_reads_them_or_left_to_pest() {
        let base = VENDOR;
        let specials = [
            " ", "\n", "\r", "/", "//", "\"", "\\", "{", "}", "[", "]", ",", "=", ".", "-", "%",
            "_", "0", "9", "a", "Z", "in", "as_of ", "source ", "\u{feff}", "é",
        ];
        let mut accepted = 0;
        let boundaries: Vec<usize> = (0..=base.len())
            .filter(|i| base.is_char_boundary(*i))
            .collect();
        for w in boundaries.windows(2) {
            let (i, j) = (w[0], w[1]);
            let mut variants = vec![
                format!("{}{}", &base[..i], &base[j..]),
                format!("{}{}{}", &base[..j], &base[i..j], &base[j..]),
            ];
            if i % 3 == 0 {
                for s in specials {
                    variants.push(format!("{}{s}{}", &base[..i], &base[i..]));
                    variants.push(format!("{}{s}{}", &base[..i], &base[j..]));
                }
            }
            for v in variants {
                if agrees(&v) {
                    // It reads no text that the pre-pass would refuse, so
                    // it may run before it.
                    assert!(crate::syntax::prescan_ok(&v), "{v:?}");
                    accepted += 1;
                }
            }
        }
        assert!(
            accepted > 100,
            "only {accepted} variants took the fast path"
        );
    }
}
