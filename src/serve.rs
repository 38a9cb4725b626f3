//! Live preview for clerks: the site is built into memory and served on the local machine;
//! `content/` and `themes/` are watched, every change rebuilds the site (debounced), and open
//! pages reload by themselves. When a record has errors the last good site keeps being served,
//! with the problems shown over every page, and the terminal gets them too.
//!
//! Nothing here prints: the caller hears of every rebuild through a callback.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
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

use rayon::prelude::*;

use crate::diagnostics::{self, Diagnostic};
use crate::model::{Item, Records};
use crate::pages::Page;
use crate::publish::{self, FileDigest};
use crate::view::PublicView;
use crate::{Error, Options, Session, build_session, load, privacy, render_selected};

/// How long the watcher waits for a burst of saves to settle before rebuilding.
pub const DEBOUNCE: Duration = Duration::from_millis(40);

/// The prefix of the preview's own addresses, which no site page can have.
const OWN: &str = "/__gongkai/";

/// What a rebuild was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RebuildKind {
    /// Every record read again and every page rendered.
    Full,
    /// Only the changed items were read again; their pages and their offices' pages were
    /// rendered and are served already. The lists follow in the background.
    Incremental,
    /// The background half of an incremental rebuild: the lists (home, offices, items,
    /// overdue, filters, changes…), the feeds, the open data, the search index and the manifest.
    Lists,
}

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
    /// Full, incremental, or the lists after an incremental one.
    pub kind: RebuildKind,
    /// Files rendered or made by this rebuild.
    pub rendered: usize,
}

impl Rebuild {
    /// One line for the terminal: what was done and how long it took.
    pub fn summary(&self) -> String {
        let ms = self.took.as_millis();
        match (self.ok, self.kind) {
            (false, _) => {
                format!("the records have errors: still serving the last good version ({ms} ms)")
            }
            (true, RebuildKind::Full) => format!("rebuilt {} files in {ms} ms", self.files),
            (true, RebuildKind::Incremental) => format!(
                "re-rendered {} pages of the changed items in {ms} ms (lists follow)",
                self.rendered
            ),
            (true, RebuildKind::Lists) => format!(
                "re-rendered the lists, feeds, data and search index ({} files) in {ms} ms",
                self.rendered
            ),
        }
    }
}

/// The site being served: the last good build, and the problems of the latest attempt.
#[derive(Debug, Default)]
struct Served {
    files: BTreeMap<String, Arc<Vec<u8>>>,
    errors: Vec<Diagnostic>,
    /// The lists of an incremental rebuild are still being made.
    busy: bool,
    /// What the latest successful rebuild was.
    last: Option<RebuildKind>,
}

/// The shared state of the preview server.
#[derive(Clone)]
struct Preview {
    served: Arc<RwLock<Served>>,
    version: watch::Receiver<u64>,
}

type Reporter = dyn Fn(&Rebuild) + Send + Sync;

/// The rebuilding side: the last good build's records (for incremental rebuilds) and the
/// generation of the latest rebuild, which cancels older background work.
struct Live {
    options: Options,
    /// `options.root` made absolute, to recognise the watcher's paths.
    roots: Vec<PathBuf>,
    served: Arc<RwLock<Served>>,
    versions: watch::Sender<u64>,
    session: Mutex<Option<Arc<Session>>>,
    generation: AtomicU64,
    on_rebuild: Arc<Reporter>,
    /// Runs the lists one at a time, on their own thread, so that the global rayon pool stays
    /// free for the pages of the next edit.
    background: Mutex<Option<rayon::ThreadPool>>,
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
        let mut roots = vec![options.root.clone()];
        roots.extend(std::path::absolute(&options.root).ok());
        roots.extend(options.root.canonicalize().ok());
        let live = Arc::new(Live {
            options: options.clone(),
            roots,
            served: Arc::clone(&served),
            versions,
            session: Mutex::new(None),
            generation: AtomicU64::new(0),
            on_rebuild: Arc::new(on_rebuild),
            background: Mutex::new(
                rayon::ThreadPoolBuilder::new()
                    .num_threads(1)
                    .thread_name(|_| "gongkai-lists".into())
                    .build()
                    .ok(),
            ),
        });
        let first = live.full();
        (live.on_rebuild)(&first);
        let _watcher = watch_site(&options, Arc::clone(&live))?;
        on_listen(bound);
        let app = router(Preview { served, version });
        axum::serve(listener, app)
            .await
            .map_err(|e| Error::Environment(format!("the preview server stopped: {e}")))
    })
}

impl Live {
    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Served> {
        self.served
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn bump(&self) {
        self.versions.send_modify(|v| *v += 1);
    }

    /// Handles one settled burst of changes: incremental when only existing items changed
    /// and nothing but their text did, a full rebuild otherwise.
    fn changed(self: &Arc<Self>, paths: Option<Vec<PathBuf>>) {
        let outcome = paths
            .and_then(|paths| self.incremental(&paths))
            .unwrap_or_else(|| self.full());
        (self.on_rebuild)(&outcome);
    }

    /// Rebuilds everything into memory; swaps the new site in only when it built.
    fn full(&self) -> Rebuild {
        let start = Instant::now();
        self.generation.fetch_add(1, Ordering::SeqCst);
        let result = build_session(&self.options);
        let mut state = self.write();
        let rebuild = |ok, files, problems| Rebuild {
            ok,
            files,
            problems,
            took: start.elapsed(),
            kind: RebuildKind::Full,
            rendered: if ok { files } else { 0 },
        };
        let outcome = match result {
            Ok((session, site)) => {
                state.files = site
                    .files
                    .into_iter()
                    .map(|(path, bytes)| (path, Arc::new(bytes)))
                    .collect();
                state.errors.clear();
                state.busy = false;
                state.last = Some(RebuildKind::Full);
                *self.session.lock().unwrap_or_else(|p| p.into_inner()) = Some(Arc::new(session));
                rebuild(true, state.files.len(), site.warnings)
            }
            Err(Error::Records(problems)) => {
                state.errors = problems.clone();
                state.busy = false;
                rebuild(false, state.files.len(), problems)
            }
            Err(Error::Environment(message)) => {
                let problem = Diagnostic::error(Path::new("."), 0, 0, message);
                state.errors = vec![problem.clone()];
                state.busy = false;
                rebuild(false, state.files.len(), vec![problem])
            }
        };
        drop(state);
        self.bump();
        outcome
    }

    /// The path below the site root, if `path` is in it.
    fn relative(&self, path: &Path) -> Option<PathBuf> {
        self.roots
            .iter()
            .find_map(|root| path.strip_prefix(root).ok())
            .map(Path::to_path_buf)
    }

    /// Re-reads only the changed items and re-renders their pages and their offices' pages,
    /// then hands the lists to a background thread. `None` when a full rebuild is needed: the
    /// last attempt failed, a path is not an existing item, a changed item has a problem, or
    /// its id, office, found date, disclosure or evidence changed.
    fn incremental(self: &Arc<Self>, paths: &[PathBuf]) -> Option<Rebuild> {
        let start = Instant::now();
        if paths.is_empty() || !read_served(&self.served).errors.is_empty() {
            return None;
        }
        let session = self
            .session
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()?;
        let mut relative: Vec<PathBuf> = paths
            .iter()
            .map(|p| self.relative(p))
            .collect::<Option<_>>()?;
        relative.sort();
        relative.dedup();
        let root = &self.options.root;
        let mut next = (*session).clone();
        let mut changed: Vec<(String, String)> = Vec::new();
        for path in &relative {
            if !path.starts_with("content/items")
                || path.extension().and_then(|e| e.to_str()) != Some("md")
                || !root.join(path).is_file()
            {
                return None;
            }
            let index = next
                .records
                .items
                .iter()
                .position(|i| &i.file.path == path)?;
            let (item, problems) = load::load_item_file(root, path);
            let item = item.filter(|_| !problems.iter().any(Diagnostic::is_error))?;
            let item = publishable(&next.records, item)?;
            let old = &next.records.items[index];
            let evidence = |i: &crate::model::Item| -> Vec<String> {
                i.timeline
                    .entries
                    .iter()
                    .flat_map(|e| e.evidence.clone())
                    .collect()
            };
            if item.id.value != old.id.value
                || item.office.value != old.office.value
                || item.found != old.found
                || item.disclosure != old.disclosure
                || evidence(&item) != evidence(old)
            {
                return None;
            }
            changed.push((item.id.value.clone(), item.office.value.clone()));
            next.warnings.retain(|w| {
                w.path.as_path() != path.as_path() || w.message.starts_with("draft, not published")
            });
            next.warnings.extend(problems);
            next.records.items[index] = item;
        }
        diagnostics::sort(&mut next.warnings);
        let next = Arc::new(next);
        let served = read_served(&self.served);
        let is_changed = |id: &str| changed.iter().any(|(i, _)| i == id);
        let wanted = |page: Page, view: &PublicView| match page {
            Page::Item(i) => is_changed(&view.items[i].item.id.value),
            Page::Withdrawn(i) => is_changed(&view.withdrawn[i].item.id.value),
            Page::Office(o) => changed
                .iter()
                .any(|(_, office)| *office == view.offices[o].office.id.value),
            _ => false,
        };
        // The served files are looked up under the read lock for the few milliseconds the
        // edited pages take to render; the lock is let go before the new pages go in.
        let known = |path: &str| served.files.contains_key(path);
        let partial = render_selected(&next, &wanted, false, &known).ok();
        drop(served);
        let partial = partial?;
        let generation = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
        *self.session.lock().unwrap_or_else(|p| p.into_inner()) = Some(Arc::clone(&next));
        let rendered = partial.files.len();
        let mut state = self.write();
        for (path, bytes) in partial.files {
            state.files.insert(path, Arc::new(bytes));
        }
        state.busy = true;
        state.last = Some(RebuildKind::Incremental);
        let files = state.files.len();
        drop(state);
        self.bump();
        let live = Arc::clone(self);
        std::thread::spawn(move || live.lists(generation, &next));
        Some(Rebuild {
            ok: true,
            files,
            problems: session_warnings(&self.session),
            took: start.elapsed(),
            kind: RebuildKind::Incremental,
            rendered,
        })
    }

    /// The background half of an incremental rebuild: every page that is not an item's or an
    /// office's, the generated files and the manifest. Dropped if a newer rebuild started.
    fn lists(&self, generation: u64, session: &Session) {
        let current = || self.generation.load(Ordering::SeqCst) == generation;
        if !current() {
            return;
        }
        // One at a time: a newer edit's lists wait here, and older ones give up.
        let pool = self.background.lock().unwrap_or_else(|p| p.into_inner());
        if !current() {
            return;
        }
        match pool.as_ref() {
            Some(pool) => pool.install(|| self.make_lists(generation, session)),
            None => self.make_lists(generation, session),
        }
    }

    fn make_lists(&self, generation: u64, session: &Session) {
        let start = Instant::now();
        let current = || self.generation.load(Ordering::SeqCst) == generation;
        let lists = |page: Page, _: &PublicView| {
            !matches!(page, Page::Item(_) | Page::Office(_) | Page::Withdrawn(_))
        };
        let partial = match render_selected(session, &lists, true, &|_| false) {
            Ok(partial) => partial,
            Err(_) if !current() => return,
            Err(_) => {
                // Not expected (the same records built in full); a full rebuild says why.
                let outcome = self.full();
                (self.on_rebuild)(&outcome);
                return;
            }
        };
        if !current() {
            return;
        }
        let rendered = partial.files.len();
        let mut files = read_served(&self.served).files.clone();
        let paths = partial.paths.unwrap_or_default();
        files.retain(|path, _| paths.contains(path));
        for (path, bytes) in partial.files {
            files.insert(path, Arc::new(bytes));
        }
        let digests: BTreeMap<String, FileDigest> = files
            .par_iter()
            .map(|(path, bytes)| (path.clone(), digest(bytes)))
            .collect();
        let (manifest, checksums) =
            crate::manifest::closing_files(session.as_of(), &digests, partial.record_digests);
        files.insert(publish::MANIFEST.to_string(), Arc::new(manifest));
        files.insert(publish::CHECKSUMS.to_string(), Arc::new(checksums));
        let mut state = self.write();
        if !current() {
            return;
        }
        state.files = files;
        state.busy = false;
        state.last = Some(RebuildKind::Lists);
        let count = state.files.len();
        drop(state);
        self.bump();
        (self.on_rebuild)(&Rebuild {
            ok: true,
            files: count,
            problems: Vec::new(),
            took: start.elapsed(),
            kind: RebuildKind::Lists,
            rendered,
        });
    }
}

fn digest(bytes: &[u8]) -> FileDigest {
    FileDigest {
        sha256: publish::sha256_hex(bytes),
        size: bytes.len() as u64,
    }
}

fn session_warnings(session: &Mutex<Option<Arc<Session>>>) -> Vec<Diagnostic> {
    session
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .as_ref()
        .map(|s| s.warnings.clone())
        .unwrap_or_default()
}

/// A re-read item as it would be published, if the cross-file checks pass for it: its office,
/// category and source exist, the records it links to exist, and the privacy guard passes it.
/// `None` sends the change to a full rebuild, which reports any problem in full.
fn publishable(records: &Records, item: Item) -> Option<Item> {
    let site = &records.site;
    let known = records.office(&item.office.value).is_some()
        && site.category(&item.category.value).is_some()
        && site.sources.contains(&item.source.value)
        && crate::markdown::record_links(item.body_text())
            .iter()
            .all(|link| match link.kind {
                "item" => records
                    .items
                    .binary_search_by(|i| i.id.value.as_str().cmp(link.id.as_str()))
                    .is_ok(),
                _ => records.office(&link.id).is_some(),
            });
    if !known || !site.privacy.allow.is_empty() {
        return None;
    }
    let alone = Records {
        site: site.clone(),
        offices: Vec::new(),
        items: vec![item],
        campaign: Default::default(),
        bulletins: Default::default(),
    };
    privacy::apply(alone)
        .ok()
        .and_then(|mut published| published.items.pop())
}

type Watcher = notify_debouncer_full::Debouncer<
    notify::RecommendedWatcher,
    notify_debouncer_full::RecommendedCache,
>;

/// Watches `content/` and `themes/`; each settled burst of changes triggers one rebuild.
fn watch_site(options: &Options, live: Arc<Live>) -> Result<Watcher, Error> {
    let mut debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
        let paths = match result {
            Ok(events) => {
                let events: Vec<_> = events.iter().filter(|e| !e.kind.is_access()).collect();
                if events.is_empty() {
                    return;
                }
                let paths: Vec<PathBuf> = events
                    .iter()
                    .flat_map(|e| e.paths.iter().cloned())
                    .collect();
                let plain = events.iter().all(|e| {
                    matches!(
                        e.kind,
                        notify::EventKind::Modify(_) | notify::EventKind::Create(_)
                    )
                });
                plain.then_some(paths)
            }
            Err(_) => None,
        };
        live.changed(paths);
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
    let served = read(&preview);
    let errors: Vec<String> = served.errors.iter().map(Diagnostic::render).collect();
    let busy = served.busy;
    let last = match served.last {
        Some(RebuildKind::Full) => "full",
        Some(RebuildKind::Incremental) => "incremental",
        Some(RebuildKind::Lists) => "lists",
        None => "none",
    };
    drop(served);
    let body = serde_json::json!({
        "version": version, "ok": errors.is_empty(), "busy": busy, "last": last, "errors": errors
    });
    (
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

fn read(preview: &Preview) -> std::sync::RwLockReadGuard<'_, Served> {
    read_served(&preview.served)
}

fn read_served(served: &RwLock<Served>) -> std::sync::RwLockReadGuard<'_, Served> {
    served
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
        bytes.to_vec()
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
