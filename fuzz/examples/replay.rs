//! Replays inputs through a target's code path without libFuzzer, timing
//! each: which inputs are slow, and does a saved crash still crash.
//!
//!   cargo run --release --example replay -- TARGET FILE_OR_DIR...
use std::time::Instant;

fn main() {
    // REPLAY_STACK=bytes: replay on a thread with that stack, e.g. 2 MiB
    // as a test thread has, to see whether deep input overflows there.
    match std::env::var("REPLAY_STACK")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        Some(size) => std::thread::Builder::new()
            .stack_size(size)
            .spawn(replay)
            .expect("spawn")
            .join()
            .expect("replay"),
        None => replay(),
    }
}

fn replay() {
    let mut args = std::env::args().skip(1);
    let target = args.next().expect("usage: replay TARGET FILE_OR_DIR...");
    let mut paths = Vec::new();
    for a in args {
        let p = std::path::PathBuf::from(a);
        if p.is_dir() {
            let mut v: Vec<_> = std::fs::read_dir(&p)
                .unwrap()
                .filter_map(|e| e.ok().map(|e| e.path()))
                .collect();
            v.sort();
            paths.extend(v);
        } else {
            paths.push(p);
        }
    }
    let mut times = Vec::new();
    let start = Instant::now();
    let mut bytes_total = 0;
    for p in &paths {
        let Ok(data) = std::fs::read(p) else { continue };
        bytes_total += data.len();
        let t = Instant::now();
        assert!(
            skykrav_fuzz::run_target(&target, &data).is_some(),
            "unknown target {target}"
        );
        times.push((t.elapsed(), data.len(), p.clone()));
    }
    let total = start.elapsed();
    times.sort_by_key(|t| std::cmp::Reverse(t.0));
    for (d, len, p) in times.iter().take(10) {
        println!(
            "{:>10.3} ms {:>8} B  {}",
            d.as_secs_f64() * 1e3,
            len,
            p.display()
        );
    }
    let n = paths.len().max(1);
    println!(
        "{} inputs, {} bytes, {:.3} s: {:.3} ms an input, {:.0} inputs/s",
        paths.len(),
        bytes_total,
        total.as_secs_f64(),
        total.as_secs_f64() * 1e3 / n as f64,
        n as f64 / total.as_secs_f64()
    );
}
