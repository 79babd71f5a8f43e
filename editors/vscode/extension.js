// The skykrav extension for VS Code. Highlighting comes from the grammar in
// syntaxes/; diagnostics and the rest come from `skykrav lsp`, the language
// server of the skykrav binary, spoken to over stdio.
'use strict';

const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;
let watcher;

async function start() {
  const command = vscode.workspace.getConfiguration('skykrav').get('path') || 'skykrav';
  client = new LanguageClient(
    'skykrav', // also the prefix of the `skykrav.trace.server` setting
    'skykrav',
    // Over stdio: with no `transport`, the client adds no `--stdio` argument.
    { command, args: ['lsp'] },
    {
      documentSelector: [{ scheme: 'file', language: 'krav' }],
      // Vendor facts may also be written as JSON, YAML or TOML, and
      // skykrav.toml says where the files are: the server hears of them all.
      synchronize: { fileEvents: watcher },
    },
  );
  try {
    await client.start();
  } catch (error) {
    client = undefined;
    const reason = error instanceof Error ? error.message : String(error);
    vscode.window.showErrorMessage(
      `skykrav: cannot start \`${command} lsp\` (${reason}). ` +
        'Install skykrav, or set `skykrav.path` to the binary.',
    );
  }
}

async function stop() {
  if (client) {
    const running = client;
    client = undefined;
    await running.stop();
  }
}

async function activate(context) {
  watcher = vscode.workspace.createFileSystemWatcher('**/*.{krav,json,yaml,yml,toml}');
  context.subscriptions.push(
    watcher,
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration('skykrav.path')) {
        await stop();
        await start();
      }
    }),
  );
  await start();
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate };
