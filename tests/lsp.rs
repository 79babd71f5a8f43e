//! `skykrav lsp` driven as an editor drives it: the binary over stdio,
//! JSON-RPC messages with `Content-Length` headers, on a copy of the
//! quickstart example.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

use serde_json::{json, Value};

struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    next_id: i64,
    /// Notifications that arrived while waiting for a response.
    notifications: Vec<Value>,
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = 0;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            length = n.parse().ok()?;
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl Client {
    fn start(root: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_skykrav"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (send, incoming) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(m) = read_message(&mut reader) {
                if send.send(m).is_err() {
                    break;
                }
            }
        });
        let mut client = Client {
            child,
            stdin,
            incoming,
            next_id: 1,
            notifications: Vec::new(),
        };
        let init = client.request(
            "initialize",
            json!({ "processId": null, "rootUri": uri(root), "capabilities": {} }),
        );
        assert!(init["capabilities"]["hoverProvider"].as_bool().unwrap());
        client.notify("initialized", json!({}));
        client
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let m = self
                .incoming
                .recv_timeout(Duration::from_secs(60))
                .expect("a response");
            if m["id"] == json!(id) {
                assert!(m.get("error").is_none(), "{method}: {m}");
                return m["result"].clone();
            }
            self.notifications.push(m);
        }
    }

    /// The next diagnostics published for `file`.
    fn diagnostics_for(&mut self, file: &Path) -> Vec<Value> {
        let want = uri(file);
        if let Some(i) = self.notifications.iter().position(|n| {
            n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == want
        }) {
            let n = self.notifications.remove(i);
            return n["params"]["diagnostics"].as_array().unwrap().clone();
        }
        loop {
            let m = self
                .incoming
                .recv_timeout(Duration::from_secs(60))
                .expect("diagnostics");
            if m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == want {
                return m["params"]["diagnostics"].as_array().unwrap().clone();
            }
        }
    }

    fn stop(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let status = self.child.wait().unwrap();
        assert!(status.success(), "{status}");
    }
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn copy_example() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("quickstart");
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/quickstart");
    common::copy_dir(&from, &root);
    (dir, root)
}

fn position_of(text: &str, needle: &str) -> Value {
    let at = text.find(needle).unwrap_or_else(|| panic!("no {needle:?}"));
    let line = text[..at].matches('\n').count();
    let col = at - text[..at].rfind('\n').map_or(0, |i| i + 1);
    json!({ "line": line, "character": col })
}

fn open(client: &mut Client, file: &Path, text: &str) {
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri(file), "languageId": "krav", "version": 1, "text": text } }),
    );
}

#[test]
fn an_editor_session_from_error_to_fix_with_every_feature() {
    let (_dir, root) = copy_example();
    let policy = root.join("policies/baseline.krav");
    let good = std::fs::read_to_string(&policy).unwrap();
    let broken = good.replace("require sla.uptime >= 99.9%", "require sla.uptme >= 99.9%");
    assert_ne!(good, broken);
    let mut client = Client::start(&root);

    // An error arrives with its range, and clears once fixed.
    open(&mut client, &policy, &broken);
    let diags = client.diagnostics_for(&policy);
    let d = diags
        .iter()
        .find(|d| d["code"] == "K1001")
        .unwrap_or_else(|| panic!("no K1001 in {diags:?}"));
    let at = position_of(&broken, "sla.uptme");
    assert_eq!(d["range"]["start"], at, "{d}");
    assert_eq!(
        d["range"]["end"]["character"],
        at["character"].as_u64().unwrap() + 9
    );
    assert!(
        d["message"].as_str().unwrap().contains("did you mean"),
        "{d}"
    );
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri(&policy), "version": 2 }, "contentChanges": [{ "text": good }] }),
    );
    assert_eq!(client.diagnostics_for(&policy), Vec::<Value>::new());

    let doc = json!({ "uri": uri(&policy) });
    // Hover on a fact: its type and description.
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": doc, "position": position_of(&good, "sla.uptime >=") }),
    );
    let shown = hover["contents"]["value"].as_str().unwrap();
    assert!(shown.contains("fact sla.uptime: percent"), "{shown}");
    assert!(shown.contains("Monthly uptime guaranteed"), "{shown}");

    // Definition: the fact in the schema.
    let def = client.request(
        "textDocument/definition",
        json!({ "textDocument": doc, "position": position_of(&good, "sla.uptime >=") }),
    );
    assert_eq!(def["uri"], uri(&root.join("policies/schema.krav")));
    let schema = std::fs::read_to_string(root.join("policies/schema.krav")).unwrap();
    assert_eq!(
        def["range"]["start"],
        position_of(&schema, "uptime: percent")
    );

    // References: the declaration, the policy and the vendor that states it.
    let refs = client.request(
        "textDocument/references",
        json!({ "textDocument": doc, "position": position_of(&good, "sla.uptime >="), "context": { "includeDeclaration": true } }),
    );
    let files: Vec<&str> = refs
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["uri"].as_str().unwrap())
        .collect();
    assert!(
        files.contains(&uri(&root.join("vendors/mailhost.krav")).as_str()),
        "{files:?}"
    );
    assert!(
        files.contains(&uri(&root.join("policies/schema.krav")).as_str()),
        "{files:?}"
    );
    assert!(files.contains(&uri(&policy).as_str()), "{files:?}");

    // Completion after a group prefix.
    let mut typing = good.clone();
    typing.push_str("\n// sla.");
    let line = typing.lines().count() - 1;
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri(&policy), "version": 3 }, "contentChanges": [{ "text": typing }] }),
    );
    let items = client.request(
        "textDocument/completion",
        json!({ "textDocument": doc, "position": { "line": line, "character": 7 } }),
    );
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["uptime"], "{labels:?}");

    // Formatting through the formatter.
    let messy = good.replacen("  requirement", "      requirement", 1);
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri(&policy), "version": 4 }, "contentChanges": [{ "text": messy }] }),
    );
    let edits = client.request(
        "textDocument/formatting",
        json!({ "textDocument": doc, "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    assert_eq!(edits[0]["newText"], good);

    // The outcomes across vendors on each requirement.
    let lenses = client.request("textDocument/codeLens", json!({ "textDocument": doc }));
    let titles: Vec<&str> = lenses
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["command"]["title"].as_str().unwrap())
        .collect();
    assert!(titles.len() >= 5, "{titles:?}");
    assert!(titles.iter().any(|t| t.contains("fail")), "{titles:?}");
    assert!(
        titles.iter().all(|t| t.contains("pass")
            || t.contains("fail")
            || t.contains("unknown")
            || t.contains("n/a")),
        "{titles:?}"
    );

    // Document symbols.
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": doc }),
    );
    let policy_symbol = &symbols[0];
    assert_eq!(policy_symbol["name"], "quick");
    assert!(policy_symbol["children"].as_array().unwrap().len() >= 5);

    client.stop();
}

#[test]
fn a_change_to_the_schema_rediagnoses_the_vendors_that_use_it() {
    let (_dir, root) = copy_example();
    let schema_file = root.join("policies/schema.krav");
    let schema = std::fs::read_to_string(&schema_file).unwrap();
    let mut client = Client::start(&root);
    // The vendor's fact `sla.uptime` no longer exists in the unsaved schema.
    let renamed = schema.replace("fact uptime: percent", "fact availability: percent");
    open(&mut client, &schema_file, &renamed);
    let vendor = root.join("vendors/mailhost.krav");
    let diags = client.diagnostics_for(&vendor);
    assert!(diags.iter().any(|d| d["code"] == "K1001"), "{diags:?}");
    client.stop();
}
