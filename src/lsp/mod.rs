//! `skykrav lsp`: a language server over stdio.
//!
//! Every change (an open, an edit, a save) checks the whole project again
//! as the editor sees it (open buffers over the files on disk, see
//! [`overlay`]), so a change to the schema re-diagnoses the policies and
//! vendors that use it; the run also gives the verdicts that the code
//! lens on each requirement shows. Names are answered from an [`index`]
//! of the syntax trees, so hover, go to definition, references and
//! completion keep working while some file is broken.

mod features;
pub mod index;
pub mod overlay;
pub mod text;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use lsp_server::{Connection, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument,
    Notification as _, PublishDiagnostics,
};
use lsp_types::{
    Diagnostic as LspDiagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location,
    NumberOrString, PublishDiagnosticsParams, Uri,
};
use serde_json::Value as Json;

use crate::diagnostics::{Diagnostic, Level};
use crate::project::{check_tree, CheckOptions, CheckRun};
use crate::source::Span;
use index::Index;
use overlay::OverlayTree;

/// Runs the server on standard input and output until the client says
/// `exit`.
pub fn run_stdio() -> Result<(), String> {
    let (connection, io) = Connection::stdio();
    serve(&connection)?;
    drop(connection);
    io.join().map_err(|e| e.to_string())
}

/// The server's loop on a connection (stdio, or in memory for tests).
pub fn serve(connection: &Connection) -> Result<(), String> {
    let capabilities = features::capabilities();
    let params = connection
        .initialize(capabilities)
        .map_err(|e| e.to_string())?;
    let mut server = Server::new(root_from_params(&params));
    for message in &connection.receiver {
        match message {
            Message::Request(req) => {
                if connection
                    .handle_shutdown(&req)
                    .map_err(|e| e.to_string())?
                {
                    return Ok(());
                }
                let response = server.request(req);
                send(connection, Message::Response(response))?;
            }
            Message::Notification(n) => {
                for out in server.notification(n) {
                    send(connection, Message::Notification(out))?;
                }
            }
            Message::Response(_) => {}
        }
    }
    Ok(())
}

fn send(connection: &Connection, message: Message) -> Result<(), String> {
    connection.sender.send(message).map_err(|e| e.to_string())
}

fn root_from_params(params: &Json) -> Option<PathBuf> {
    let uri = params
        .get("workspaceFolders")
        .and_then(|f| f.get(0))
        .and_then(|f| f.get("uri"))
        .or_else(|| params.get("rootUri"))
        .and_then(Json::as_str)?;
    text::path_of(&uri.parse().ok()?)
}

/// The project folder of a file: the nearest folder above it that holds
/// `skykrav.toml`, or `policies/` and `vendors/`.
pub fn project_of(file: &Path) -> Option<PathBuf> {
    file.ancestors().skip(1).find_map(|dir| {
        let is_project = dir.join("skykrav.toml").is_file()
            || (dir.join("policies").is_dir() && dir.join("vendors").is_dir());
        is_project.then(|| dir.to_path_buf())
    })
}

/// What the server knows.
pub struct Server {
    /// The project folder: from the file first opened, else the client's.
    root: Option<PathBuf>,
    client_root: Option<PathBuf>,
    /// Open buffers, by absolute path.
    open: BTreeMap<PathBuf, String>,
    /// The last check of the project, and its index.
    run: Option<CheckRun>,
    index: Index,
    /// Files that were last sent diagnostics, to clear them when fixed.
    published: BTreeSet<String>,
}

impl Server {
    pub fn new(client_root: Option<PathBuf>) -> Server {
        Server {
            root: None,
            client_root,
            open: BTreeMap::new(),
            run: None,
            index: Index::default(),
            published: BTreeSet::new(),
        }
    }

    fn request(&mut self, req: Request) -> Response {
        match features::answer(self, &req.method, req.params) {
            Ok(result) => Response::new_ok(req.id, result),
            Err(message) => {
                Response::new_err(req.id, lsp_server::ErrorCode::InvalidParams as i32, message)
            }
        }
    }

    fn notification(&mut self, n: Notification) -> Vec<Notification> {
        let doc = |p: &Json| -> Option<(PathBuf, Option<String>)> {
            let td = p.get("textDocument")?;
            let uri: Uri = td.get("uri")?.as_str()?.parse().ok()?;
            let text = td.get("text").and_then(Json::as_str).map(str::to_string);
            Some((text::path_of(&uri)?, text))
        };
        match n.method.as_str() {
            m if m == DidOpenTextDocument::METHOD => {
                if let Some((path, Some(text))) = doc(&n.params) {
                    self.open.insert(path, text);
                }
            }
            m if m == DidChangeTextDocument::METHOD => {
                // Full synchronisation: the last change holds the text.
                let text = n
                    .params
                    .get("contentChanges")
                    .and_then(Json::as_array)
                    .and_then(|c| c.last())
                    .and_then(|c| c.get("text"))
                    .and_then(Json::as_str);
                if let (Some((path, _)), Some(text)) = (doc(&n.params), text) {
                    self.open.insert(path, text.to_string());
                }
            }
            m if m == DidSaveTextDocument::METHOD => {
                if let Some((path, Some(text))) = doc(&n.params) {
                    self.open.insert(path, text);
                }
            }
            m if m == DidCloseTextDocument::METHOD => {
                if let Some((path, _)) = doc(&n.params) {
                    self.open.remove(&path);
                }
            }
            _ => return Vec::new(),
        }
        self.diagnose()
    }

    /// An editor's buffer for `path` now holds `text` (opened or changed):
    /// the project is checked again; the diagnostics to publish.
    pub fn edit(&mut self, path: PathBuf, text: String) -> Vec<Notification> {
        self.open.insert(path, text);
        self.diagnose()
    }

    /// Checks the project again; the diagnostics to publish.
    pub fn diagnose(&mut self) -> Vec<Notification> {
        if self.root.is_none() {
            self.root = self
                .open
                .keys()
                .find_map(|p| project_of(p))
                .or_else(|| self.client_root.clone());
        }
        let Some(root) = self.root.clone() else {
            return Vec::new();
        };
        let buffers: BTreeMap<String, String> = self
            .open
            .iter()
            .filter_map(|(path, text)| {
                let rel = path.strip_prefix(&root).ok()?;
                Some((rel.to_string_lossy().replace('\\', "/"), text.clone()))
            })
            .collect();
        let tree = OverlayTree::new(&root, &buffers);
        let run = check_tree(&tree, &CheckOptions::default());
        self.index = Index::build(&run.sources);
        let mut by_file: BTreeMap<String, Vec<LspDiagnostic>> = BTreeMap::new();
        for d in &run.diagnostics {
            if let Some((file, diag)) = to_lsp(&run, &root, d) {
                by_file.entry(file).or_default().push(diag);
            }
        }
        let mut out = Vec::new();
        let stale: Vec<String> = self
            .published
            .iter()
            .filter(|f| !by_file.contains_key(*f))
            .cloned()
            .collect();
        for file in stale {
            by_file.insert(file, Vec::new());
        }
        self.published = by_file
            .iter()
            .filter(|(_, d)| !d.is_empty())
            .map(|(f, _)| f.clone())
            .collect();
        for (file, diagnostics) in by_file {
            let Some(uri) = text::uri_of(&root.join(&file)) else {
                continue;
            };
            let params = PublishDiagnosticsParams {
                uri,
                diagnostics,
                version: None,
            };
            out.push(Notification::new(
                PublishDiagnostics::METHOD.to_string(),
                params,
            ));
        }
        self.run = Some(run);
        out
    }

    fn root(&self) -> Option<&Path> {
        self.root.as_deref()
    }
}

/// The file a span is in, relative to the project, when it is one of the
/// user's (a bundled pack's files are not in the editor).
fn file_of(run: &CheckRun, span: Span) -> Option<String> {
    let name = run.sources.name(span.file);
    (!name.is_empty() && !name.starts_with('<')).then(|| name.to_string())
}

fn lsp_range(run: &CheckRun, span: Span) -> lsp_types::Range {
    let text = run.sources.get(span.file).map_or("", |f| &f.text);
    text::range(text, span.start as usize, span.end as usize)
}

/// A diagnostic in the protocol's words, with its file.
fn to_lsp(run: &CheckRun, root: &Path, d: &Diagnostic) -> Option<(String, LspDiagnostic)> {
    let main = d.main_span();
    let (file, range) = match main.and_then(|s| Some((file_of(run, s)?, s))) {
        Some((file, span)) => (file, lsp_range(run, span)),
        // A diagnostic about a whole file points at its start.
        None => (d.path.clone()?, lsp_types::Range::default()),
    };
    let mut message = d.message.clone();
    let help = d.help_text();
    if !help.is_empty() {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related: Vec<DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .filter(|l| Some(l.span) != main)
        .filter_map(|l| {
            let file = file_of(run, l.span)?;
            Some(DiagnosticRelatedInformation {
                location: Location::new(text::uri_of(&root.join(file))?, lsp_range(run, l.span)),
                message: l.message.clone().unwrap_or_default(),
            })
        })
        .collect();
    Some((
        file,
        LspDiagnostic {
            range,
            severity: Some(match d.level {
                Level::Error => DiagnosticSeverity::ERROR,
                Level::Warning => DiagnosticSeverity::WARNING,
                Level::Advice => DiagnosticSeverity::INFORMATION,
            }),
            code: Some(NumberOrString::String(d.code.as_str().to_string())),
            source: Some("skykrav".to_string()),
            message,
            related_information: (!related.is_empty()).then_some(related),
            ..LspDiagnostic::default()
        },
    ))
}
