//! Measures the live preview's latency: from saving an item file to its rebuilt page being
//! served, the watcher's debounce included.
//!
//! ```text
//! cargo build --release
//! cargo run --release --example synth -- --offices 100 --items 10000 --output /tmp/s10k
//! cargo run --release --example serve_latency -- --root /tmp/s10k [--runs 10] [--bin target/release/gongkai]
//! ```
//! It starts `gongkai serve --port 0` on the site, waits until it listens, then `--runs` times:
//! waits until the preview is idle (the lists of the previous edit made), rewrites one item
//! file with a new, unique title, and polls `GET /items/<id>/` until the new title is served.
//! It prints each time and the min / median / max in milliseconds, then puts the files back.
//! With `--busy` it does not wait for the lists: each save comes 300 ms after the previous
//! page was served, while the preview is still making the previous edit's lists.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(port: u16, path: &str) -> String {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return String::new();
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let _ = write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    );
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    String::from_utf8_lossy(&response).into_owned()
}

fn wait_until(port: u16, path: &str, limit: Duration, check: impl Fn(&str) -> bool) -> bool {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if check(&get(port, path)) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    false
}

fn items(folder: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(folder)
        .expect("content/items")
        .map_while(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            items(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
}

fn main() {
    let mut root = None;
    let mut runs = 10usize;
    let mut busy = false;
    let mut bin = PathBuf::from("target/release/gongkai");
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--root" => root = args.next().map(PathBuf::from),
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).expect("--runs N"),
            "--busy" => busy = true,
            "--bin" => bin = args.next().map(PathBuf::from).expect("--bin PATH"),
            other => panic!("unknown argument {other}"),
        }
    }
    let root = root.expect("--root DIR (a site, e.g. one written by the synth example)");
    let mut files = Vec::new();
    items(&root.join("content/items"), &mut files);
    assert!(files.len() >= runs, "the site has too few items");
    // Spread the edited items over the site.
    let step = files.len() / runs;
    let chosen: Vec<PathBuf> = (0..runs).map(|k| files[k * step].clone()).collect();

    let started = Instant::now();
    let mut child = Command::new(&bin)
        .args(["serve", "--port", "0", "--as-of", "2026-11-25", "--root"])
        .arg(&root)
        .stderr(Stdio::piped())
        .spawn()
        .expect("start gongkai serve (build it first: cargo build --release)");
    let stderr = child.stderr.take().unwrap();
    let server = Server(child);
    let (send, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if send.send(line).is_err() {
                break;
            }
        }
    });
    let port: u16 = loop {
        let line = lines
            .recv_timeout(Duration::from_secs(600))
            .expect("serve did not start");
        if let Some(rest) = line.strip_prefix("serving the preview on http://127.0.0.1:") {
            break rest.split('/').next().unwrap().parse().unwrap();
        }
    };
    eprintln!(
        "serving {} items on port {port} after {:.1} s",
        files.len(),
        started.elapsed().as_secs_f64()
    );
    let idle = |port| {
        wait_until(port, "/__gongkai/status", Duration::from_secs(600), |s| {
            s.contains("\"busy\":false")
        })
    };
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let mut originals = Vec::new();
    let mut times = Vec::new();
    for (k, path) in chosen.iter().enumerate() {
        if !busy {
            assert!(idle(port), "the preview stayed busy");
        }
        std::thread::sleep(Duration::from_millis(300));
        let text = std::fs::read_to_string(path).unwrap();
        let id = text
            .lines()
            .find_map(|l| l.strip_prefix("id: "))
            .expect("an id line")
            .trim()
            .to_string();
        let title = format!("基准标题{stamp}x{k}");
        let edited: String = text
            .lines()
            .map(|l| {
                if l.starts_with("title: ") {
                    format!("title: {title}\n")
                } else {
                    format!("{l}\n")
                }
            })
            .collect();
        let page = format!("/items/{id}/");
        let saved = Instant::now();
        std::fs::write(path, edited).unwrap();
        let served = wait_until(port, &page, Duration::from_secs(600), |p| {
            p.contains(&title)
        });
        let ms = saved.elapsed().as_secs_f64() * 1000.0;
        assert!(served, "{page} never showed the new title");
        eprintln!(
            "run {:>2}: {page} served the new title after {ms:.0} ms",
            k + 1
        );
        times.push(ms);
        originals.push((path.clone(), text));
    }
    let last = get(port, "/__gongkai/status");
    times.sort_by(f64::total_cmp);
    let median = if times.len() % 2 == 1 {
        times[times.len() / 2]
    } else {
        (times[times.len() / 2 - 1] + times[times.len() / 2]) / 2.0
    };
    println!(
        "save → page served, {} items, {} runs: min {:.0} ms, median {median:.0} ms, max {:.0} ms",
        files.len(),
        times.len(),
        times[0],
        times[times.len() - 1]
    );
    if let Some(body) = last.split("\r\n\r\n").nth(1) {
        eprintln!("status after the runs: {body}");
    }
    assert!(idle(port), "the preview stayed busy");
    for (path, text) in originals {
        std::fs::write(path, text).unwrap();
    }
    // Let the preview pick the restored files up before it is stopped.
    std::thread::sleep(Duration::from_millis(500));
    drop(server);
    for line in lines.try_iter().filter(|l| l.starts_with("rebuilt")) {
        eprintln!("serve: {line}");
    }
}
