//! Live preview for clerks: the site is built into memory and served on the local machine;
//! `content/` and `themes/` are watched, every change rebuilds the site (debounced), and open
//! pages reload by themselves. When a record has errors the last good site keeps being served,
//! with the problems shown over every page, and the terminal gets them too.
//!
//! Nothing here prints: the caller hears of every rebuild through a callback.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use notify::RecursiveMode;
use notify_debouncer_full::{DebounceEventResult, new_debouncer};
use tokio::sync::watch;
use tokio_stream::wrappers::WatchStream;
use tokio_stream::{Stream, StreamExt};

use crate::diagnostics::{self, Diagnostic};
use crate::{Error, Options, build_in_memory};

/// How long the watcher waits for a burst of saves to settle before rebuilding.
pub const DEBOUNCE: Duration = Duration::from_millis(40);

/// The prefix of the preview's own addresses, which no site page can have.
const OWN: &str = "/__gongkai/";

/// What one rebuild did, for the caller to report.
#[derive(Debug)]
pub struct Rebuild {
    /// Whether the new site replaced the old one.
    pub ok: bool,
    /// Pages and files now served.
    pub files: usize,
    /// Errors (the last good site is still served) or warnings.
    pub problems: Vec<Diagnostic>,
    /// How long it took.
    pub took: Duration,
}

/// The site being served: the last good build, and the problems of the latest attempt.
#[derive(Debug, Default)]
struct Served {
    files: BTreeMap<String, Vec<u8>>,
    errors: Vec<Diagnostic>,
}

/// The shared state of the preview server.
#[derive(Clone)]
struct Preview {
    served: Arc<RwLock<Served>>,
    version: watch::Receiver<u64>,
}

/// Builds once, then serves and watches until the process is stopped. Fails at once (before
/// serving) if the address cannot be bound.
pub fn run(
    options: Options,
    address: SocketAddr,
    on_listen: impl FnOnce(SocketAddr) + Send,
    on_rebuild: impl Fn(&Rebuild) + Send + Sync + 'static,
) -> Result<(), Error> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::Environment(format!("cannot start the preview server: {e}")))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(address)
            .await
            .map_err(|e| Error::Environment(format!("cannot listen on {address}: {e}")))?;
        let bound = listener
            .local_addr()
            .map_err(|e| Error::Environment(e.to_string()))?;
        let served = Arc::new(RwLock::new(Served::default()));
        let (versions, version) = watch::channel(0u64);
        let on_rebuild = Arc::new(on_rebuild);
        on_rebuild(&rebuild(&options, &served, &versions));
        let _watcher = watch_site(
            &options,
            Arc::clone(&served),
            versions,
            Arc::clone(&on_rebuild),
        )?;
        on_listen(bound);
        let app = router(Preview { served, version });
        axum::serve(listener, app)
            .await
            .map_err(|e| Error::Environment(format!("the preview server stopped: {e}")))
    })
}

/// Rebuilds into memory; swaps the new site in only when it built.
fn rebuild(options: &Options, served: &RwLock<Served>, versions: &watch::Sender<u64>) -> Rebuild {
    let start = Instant::now();
    let result = build_in_memory(options);
    let mut state = served
        .write()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let outcome = match result {
        Ok(site) => {
            state.files = site.files;
            state.errors.clear();
            Rebuild {
                ok: true,
                files: state.files.len(),
                problems: site.warnings,
                took: start.elapsed(),
            }
        }
        Err(Error::Records(problems)) => {
            state.errors = problems.clone();
            Rebuild {
                ok: false,
                files: state.files.len(),
                problems,
                took: start.elapsed(),
            }
        }
        Err(Error::Environment(message)) => {
            let problem = Diagnostic::error(Path::new("."), 0, 0, message);
            state.errors = vec![problem.clone()];
            Rebuild {
                ok: false,
                files: state.files.len(),
                problems: vec![problem],
                took: start.elapsed(),
            }
        }
    };
    drop(state);
    versions.send_modify(|v| *v += 1);
    outcome
}

type Watcher = notify_debouncer_full::Debouncer<
    notify::RecommendedWatcher,
    notify_debouncer_full::RecommendedCache,
>;

/// Watches `content/` and `themes/`; each settled burst of changes triggers one rebuild.
fn watch_site(
    options: &Options,
    served: Arc<RwLock<Served>>,
    versions: watch::Sender<u64>,
    on_rebuild: Arc<impl Fn(&Rebuild) + Send + Sync + 'static>,
) -> Result<Watcher, Error> {
    let rebuild_options = options.clone();
    let mut debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
        let relevant = match result {
            Ok(events) => events.iter().any(|e| !e.kind.is_access()),
            Err(_) => true,
        };
        if relevant {
            on_rebuild(&rebuild(&rebuild_options, &served, &versions));
        }
    })
    .map_err(|e| Error::Environment(format!("cannot watch the site's files: {e}")))?;
    for folder in ["content", "themes"] {
        let path = options.root.join(folder);
        if path.is_dir() {
            debouncer
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| Error::Environment(format!("cannot watch {}: {e}", path.display())))?;
        }
    }
    Ok(debouncer)
}

fn router(preview: Preview) -> Router {
    Router::new()
        .route("/__gongkai/live.js", get(live_script))
        .route("/__gongkai/overlay.css", get(overlay_style))
        .route("/__gongkai/events", get(events))
        .route("/__gongkai/status", get(status))
        .fallback(get(page))
        .with_state(preview)
}

/// The script every served page loads: it reloads the page when the site is rebuilt.
async fn live_script() -> Response {
    let script = "(function(){var s=new EventSource('/__gongkai/events');\
                  s.onmessage=function(){location.reload();};})();\n";
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        script,
    )
        .into_response()
}

/// The problems overlay's stylesheet: a file, not `style` attributes, which the theme's
/// Content-Security-Policy (`style-src 'self'`) would block.
async fn overlay_style() -> Response {
    let css = "#gongkai-overlay{position:fixed;inset:0;overflow:auto;background:rgba(20,20,20,.94);\
               color:#fff;padding:1.5rem;z-index:2147483647;font:14px/1.5 monospace}\n\
               #gongkai-overlay p{font:bold 18px sans-serif;margin:0 0 1rem}\n\
               #gongkai-overlay pre{white-space:pre-wrap;margin:0}\n";
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        css,
    )
        .into_response()
}

/// Server-sent events: one message each time the site is rebuilt (or fails to).
async fn events(State(preview): State<Preview>) -> impl IntoResponse {
    let mut version = preview.version.clone();
    version.mark_unchanged();
    let stream = async_stream(version);
    Sse::new(stream).keep_alive(KeepAlive::default())
}

fn async_stream(
    version: watch::Receiver<u64>,
) -> impl Stream<Item = Result<Event, std::convert::Infallible>> {
    WatchStream::from_changes(version).map(|v| Ok(Event::default().data(v.to_string())))
}

/// The build status as JSON: the version and the current errors.
async fn status(State(preview): State<Preview>) -> Response {
    let version = *preview.version.borrow();
    let errors: Vec<String> = read(&preview)
        .errors
        .iter()
        .map(Diagnostic::render)
        .collect();
    let body = serde_json::json!({ "version": version, "ok": errors.is_empty(), "errors": errors });
    (
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

fn read(preview: &Preview) -> std::sync::RwLockReadGuard<'_, Served> {
    preview
        .served
        .read()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A file of the site; HTML pages get the reload script and, when the latest build failed,
/// the problems shown over the page.
async fn page(State(preview): State<Preview>, uri: Uri) -> Response {
    let path = percent_decode(uri.path().trim_start_matches('/'));
    if path.starts_with(&OWN[1..]) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let served = read(&preview);
    let wanted = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.clone()
    };
    if !served.files.contains_key(&wanted)
        && served.files.contains_key(&format!("{path}/index.html"))
    {
        let location = format!("/{path}/");
        return (
            StatusCode::MOVED_PERMANENTLY,
            [(header::LOCATION, location)],
        )
            .into_response();
    }
    let (status, name) = if served.files.contains_key(&wanted) {
        (StatusCode::OK, wanted)
    } else {
        (StatusCode::NOT_FOUND, "404.html".to_string())
    };
    let Some(bytes) = served.files.get(&name) else {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    };
    let content_type = content_type(&name);
    let body = if content_type.starts_with("text/html") {
        decorate(bytes, &served.errors)
    } else {
        bytes.clone()
    };
    let mut response = (status, body).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Adds the reload script and, if the latest build failed, the problems overlay.
fn decorate(html: &[u8], errors: &[Diagnostic]) -> Vec<u8> {
    let html = String::from_utf8_lossy(html);
    let mut extra = String::new();
    if !errors.is_empty() {
        extra.push_str(&overlay(errors));
    }
    extra.push_str(&format!("<script src=\"{OWN}live.js\"></script>"));
    match html.rfind("</body>") {
        Some(at) => format!("{}{extra}{}", &html[..at], &html[at..]).into_bytes(),
        None => format!("{html}{extra}").into_bytes(),
    }
}

/// The problems of a failed rebuild, shown over the page that is still served.
fn overlay(errors: &[Diagnostic]) -> String {
    let mut escaped = Vec::new();
    let _ = tera::escape_html(&diagnostics::report(errors), &mut escaped);
    let report = String::from_utf8_lossy(&escaped);
    format!(
        "<link rel=\"stylesheet\" href=\"{OWN}overlay.css\"><div id=\"gongkai-overlay\" \
         role=\"alertdialog\" aria-label=\"记录有错误\"><p>记录有错误，\
         网站仍显示上一次成功生成的版本。改正后保存，页面会自动刷新。</p><pre>{report}</pre></div>"
    )
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "txt" | "" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "pdf" => "application/pdf",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/octet-stream",
    }
}

/// Decodes `%XX` escapes (item ids are ASCII, but attachment names may not be).
fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, ..) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_get_the_reload_script_and_errors_an_overlay() {
        let plain =
            String::from_utf8(decorate(b"<html><body><p>x</p></body></html>", &[])).unwrap();
        assert!(plain.contains("<script src=\"/__gongkai/live.js\"></script></body>"));
        assert!(!plain.contains("gongkai-overlay"));
        let error = Diagnostic::error(Path::new("content/items/a.md"), 3, 1, "bad <date>");
        let broken = String::from_utf8(decorate(b"<body></body>", &[error])).unwrap();
        assert!(broken.contains("gongkai-overlay") && broken.contains("content/items/a.md:3:1"));
        assert!(
            broken.contains("bad &lt;date&gt;"),
            "the overlay escapes what it shows"
        );
    }

    #[test]
    fn percent_escapes_are_decoded() {
        assert_eq!(percent_decode("items/%E6%95%B4/"), "items/整/");
        assert_eq!(percent_decode("a%2"), "a%2");
    }
}
