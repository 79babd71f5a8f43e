//! The language server's work after an edit: the whole example project
//! (`examples/nordlys`, with the bundled pack) checked again with the
//! edited buffer over the files on disk, its index rebuilt and its
//! diagnostics made ready to publish. Target: under 50 ms.
//!
//! ```sh
//! cargo bench -p skykrav-bench --bench lsp
//! ```

use std::path::Path;

use skykrav::lsp::Server;

fn main() {
    divan::main();
}

#[divan::bench(sample_count = 30)]
fn rediagnose_the_example_after_an_edit(bencher: divan::Bencher) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/nordlys");
    let file = root.join("vendors/microsoft-365.krav");
    let text = std::fs::read_to_string(&file).expect("the example is readable");
    let mut server = Server::new(Some(root.clone()));
    let mut version = 0u64;
    bencher.bench_local(move || {
        // A different edit each time: a comment that grows.
        version += 1;
        let edited = format!("{text}// edit {version}\n");
        server.edit(file.clone(), edited)
    });
}
