// The browser suite: the built site seen as the public sees it.
//
//   node tests/browser/run.mjs <site-dir> [--artifacts DIR]
//
// It serves <site-dir> from its own static server under a sub-path (/gongkai/), opens one page
// of every page type in Debian's headless Chromium (/usr/bin/chromium, driven by playwright-core;
// nothing is downloaded) and checks, for each page:
//   - no console error, no failed request, no request leaving the local server, no broken link;
//   - lang, one h1, landmarks (banner, navigation, main, contentinfo), a working skip link;
//   - visible keyboard focus on the first tab stops;
//   - axe-core: no serious or critical violation (WCAG 2.x A/AA + best practices, which include
//     color-contrast: text at least 4.5:1), at 1280 px and 375 px;
//   - no horizontal scrolling at 375 px and at 320 px (WCAG 1.4.10 reflow);
//   - 200% zoom and 200% text size keep the page usable (no horizontal scroll, h1 visible);
// and runs the Nu Html Checker (vnu.jar, with the machine's java) over every HTML file.
// Screenshots at 375 px, 1280 px and 200% zoom go to target/browser-artifacts/.
// It prints the axe and Nu summaries and exits non-zero on any failure.
//
// To cover a new page type, add one line to PAGE_TYPES. A page type that is built but has no
// line there fails the suite (see checkCoverage), so none is forgotten.

import { spawn, spawnSync } from 'node:child_process';
import { cpSync, createReadStream, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '..', '..');

// ---------------------------------------------------------------------------------------------
// Page types: one line each. `path` is below the sub-path; a function picks a page from the
// built folder. `status` is the HTTP status the page is served with (default 200).
// Optional hooks per line: `interact: async (page, t) => {}` and `print: true` (see TODOs below).
// ---------------------------------------------------------------------------------------------
const PAGE_TYPES = [
  { type: 'home', path: '' },
  { type: 'offices', path: 'offices/' },
  { type: 'office', path: (site) => richest(site, 'offices') },
  { type: 'items', path: 'items/', interact: filterItems },
  { type: 'item', path: (site) => richest(site, 'items') },
  { type: 'overdue', path: 'overdue/' },
  { type: 'data', path: 'data/' },
  { type: 'changes', path: 'changes/' },
  { type: 'catalogue', path: 'catalogue/' },
  // Pre-rendered filter pages (items/status/<s>/ and items/category/<id>/ share one pattern).
  { type: 'items-filtered', path: 'items/status/progress/' },
  { type: 'search', path: 'search/', interact: searchForWindow },
  { type: '404', path: 'no-such-page', status: 404, route: '404.html' },
  // The campaign's other records.
  { type: 'supervision', path: 'supervision/' },
  { type: 'evaluations', path: 'evaluations/' },
  { type: 'evaluation-period', path: (site) => richest(site, 'evaluations') },

  { type: 'performance', path: 'performance/' },
  { type: 'performance-year', path: (site) => richest(site, 'performance') },

  { type: 'systems', path: 'systems/' },

  { type: 'inspections', path: 'inspections/' },
  { type: 'inspection', path: (site) => richest(site, 'inspections') },

  { type: 'activities', path: 'activities/' },

  { type: 'opinions', path: 'opinions/' },

  { type: 'accountability', path: 'accountability/' },

  { type: 'plans', path: 'plans/' },
  // Quarterly bulletins: the index, and the bulletin with a correction, printed to A4.
  { type: 'bulletins', path: 'bulletins/' },
  { type: 'bulletin', path: 'bulletins/2026-Q2/', print: true },
  // Deadlines: 长期未更新 and "how to read these figures".
  { type: 'stale', path: 'stale/' },
  { type: 'figures-help', path: 'help/figures/' },
];

// HTML files that are not pages of the site's own page types (none yet).
const NOT_PAGES = [];

const SUB_PATH = '/gongkai/';
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const WATCHDOG_MS = 9 * 60 * 1000; // the suite must stay under 10 minutes
const FOCUS_STOPS = 12; // keyboard focus is checked on this many first tab stops of each page
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

// ---------------------------------------------------------------------------------------------

const args = process.argv.slice(2);
const siteArg = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--artifacts');
if (!siteArg) {
  console.error('usage: node tests/browser/run.mjs <site-dir> [--artifacts DIR]');
  process.exit(2);
}
const SITE = resolve(siteArg);
const artIndex = args.indexOf('--artifacts');
const ARTIFACTS = resolve(
  artIndex >= 0 ? args[artIndex + 1] : process.env.BROWSER_ARTIFACTS || join(REPO, 'target', 'browser-artifacts'),
);
if (!existsSync(join(SITE, 'index.html'))) {
  console.error(`error: ${SITE} has no index.html: build the site first`);
  process.exit(2);
}

const failures = [];
const fail = (where, what) => {
  const line = `${where}: ${what}`;
  if (!failures.includes(line)) failures.push(line); // a reload repeats what it saw
};

const watchdog = setTimeout(() => {
  console.error(`error: the browser suite took longer than ${WATCHDOG_MS / 60000} minutes`);
  process.exit(1);
}, WATCHDOG_MS);
watchdog.unref();

// ---------------------------------------------------------------------------------------------
// The built folder.
// ---------------------------------------------------------------------------------------------

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

// The sub-folder of `dir` with the largest index.html: the richest page of that type, so the
// checks see as many of the type's parts as the sample has (timelines, evidence, tables).
function richest(site, dir) {
  const pages = readdirSync(join(site, dir))
    .filter((d) => existsSync(join(site, dir, d, 'index.html')))
    .sort()
    .map((d) => ({ d, size: statSync(join(site, dir, d, 'index.html')).size }));
  if (pages.length === 0) throw new Error(`${dir}/ has no pages`);
  pages.sort((a, b) => b.size - a.size || (a.d < b.d ? -1 : 1));
  return `${dir}/${pages[0].d}/`;
}

// The pattern of a page's address: "items/X/index.html" -> "items/*/".
function patternOf(rel) {
  const parts = rel.split(sep).join('/').replace(/index\.html$/, '').split('/');
  return parts.map((p, i) => (i === 0 || p === '' ? p : '*')).join('/');
}

// Every built page must be of a listed page type.
function checkCoverage(pages) {
  const covered = new Set(pages.map((p) => p.route ?? patternOf(p.file)));
  const built = new Map();
  for (const file of walk(SITE).filter((f) => f.endsWith('.html'))) {
    const rel = relative(SITE, file);
    if (NOT_PAGES.includes(rel.split(sep).join('/'))) continue;
    const pattern = patternOf(rel);
    if (!built.has(pattern)) built.set(pattern, rel);
  }
  for (const [pattern, example] of built) {
    if (!covered.has(pattern)) {
      fail('coverage', `pages like ${example} (${pattern}) are of no page type: add one line to PAGE_TYPES in tests/browser/run.mjs`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// A static server for the built folder, under SUB_PATH, on 127.0.0.1 and a free port.
// ---------------------------------------------------------------------------------------------

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/atom+xml; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.pdf': 'application/pdf',
};

function startServer() {
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const notFound = () => {
      // Like a static host: missing addresses under the site get the site's 404 page.
      const page = join(SITE, '404.html');
      if (url.pathname.startsWith(SUB_PATH) && existsSync(page)) {
        res.writeHead(404, { 'content-type': TYPES['.html'] });
        createReadStream(page).pipe(res);
      } else {
        res.writeHead(404, { 'content-type': TYPES['.txt'] });
        res.end('not found\n');
      }
    };
    if (!url.pathname.startsWith(SUB_PATH)) return notFound();
    let rel;
    try {
      rel = decodeURIComponent(url.pathname.slice(SUB_PATH.length));
    } catch {
      return notFound();
    }
    const file = resolve(SITE, rel);
    if (file !== SITE && !file.startsWith(SITE + sep)) return notFound();
    if (!existsSync(file)) return notFound();
    let target = file;
    if (statSync(file).isDirectory()) {
      if (!url.pathname.endsWith('/')) {
        res.writeHead(301, { location: `${url.pathname}/` });
        return res.end();
      }
      target = join(file, 'index.html');
      if (!existsSync(target)) return notFound();
    }
    res.writeHead(200, { 'content-type': TYPES[extname(target)] ?? 'application/octet-stream' });
    if (req.method === 'HEAD') return res.end();
    createReadStream(target).pipe(res);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

function status(url, method = 'HEAD') {
  return new Promise((ok) => {
    const req = httpRequest(url, { method }, (res) => {
      res.resume();
      ok(res.statusCode);
    });
    req.on('error', () => ok(0));
    req.end();
  });
}

// ---------------------------------------------------------------------------------------------
// The Nu Html Checker, run in parallel with the browser.
// ---------------------------------------------------------------------------------------------

function runNu() {
  const jar = join(HERE, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
  const files = walk(SITE).filter((f) => f.endsWith('.html')).length;
  return new Promise((ok) => {
    const started = Date.now();
    const java = spawn('java', ['-Xss8m', '-jar', jar, '--errors-only', '--skip-non-html', SITE], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    java.stdout.on('data', (d) => (out += d));
    java.stderr.on('data', (d) => (out += d));
    java.on('error', (e) => ok({ code: -1, out: String(e), files, secs: 0 }));
    java.on('close', (code) => ok({ code, out, files, secs: (Date.now() - started) / 1000 }));
  });
}

// ---------------------------------------------------------------------------------------------
// In the page.
// ---------------------------------------------------------------------------------------------

// Whether the page scrolls sideways, and what sticks out (for the message).
function overflowInPage() {
  const doc = document.documentElement;
  const width = doc.clientWidth;
  const over = doc.scrollWidth - width;
  const culprits = [];
  if (over > 0) {
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.right > width + 1 && r.width > 0) {
        // Only the outermost offenders; skip contents of a scrolling box.
        let p = el.parentElement;
        let inside = false;
        while (p && p !== document.body) {
          const s = getComputedStyle(p).overflowX;
          if (s === 'auto' || s === 'scroll' || s === 'hidden') inside = true;
          if (p.getBoundingClientRect().right > width + 1) inside = true;
          p = p.parentElement;
        }
        if (!inside) {
          const cls = el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
          culprits.push(`${el.tagName.toLowerCase()}${cls} (right edge ${Math.round(r.right)}px)`);
        }
      }
      if (culprits.length >= 5) break;
    }
  }
  return { width, scrollWidth: doc.scrollWidth, over, culprits };
}

// lang, one h1, landmarks, and the skip link.
function structureInPage() {
  const problems = [];
  const lang = document.documentElement.getAttribute('lang');
  if (!lang) problems.push('<html> has no lang');
  if (!document.title.trim()) problems.push('the page has no title');
  const h1s = document.querySelectorAll('h1');
  if (h1s.length !== 1) problems.push(`${h1s.length} h1 elements (want exactly 1)`);
  const one = (sel, name) => {
    const n = document.querySelectorAll(sel).length;
    if (n !== 1) problems.push(`${n} ${name} landmarks (want 1)`);
  };
  one('main, [role="main"]', 'main');
  one('body > header, [role="banner"]', 'banner');
  one('body > footer, [role="contentinfo"]', 'contentinfo');
  if (document.querySelectorAll('nav, [role="navigation"]').length < 1) problems.push('no navigation landmark');
  const focusable = document.querySelector('a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])');
  const href = focusable?.getAttribute('href') ?? '';
  if (!focusable || !href.startsWith('#') || href.length < 2) {
    problems.push('the first focusable element is not a skip link (a link to #…)');
  } else if (!document.getElementById(decodeURIComponent(href.slice(1)))) {
    problems.push(`the skip link's target ${href} does not exist`);
  }
  return { problems, skip: href };
}

const FOCUS_PROPS = [
  'outline-style', 'outline-width', 'outline-color', 'box-shadow', 'background-color',
  'color', 'text-decoration-line', 'border-bottom-color', 'border-bottom-width',
];

function focusStyleInPage(props) {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(),
    text: (el.textContent || '').trim().slice(0, 30),
    style: Object.fromEntries(props.map((p) => [p, s.getPropertyValue(p)])),
    inView: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth,
  };
}

// The styles of the element that will be focused by the next Tab, while it is not focused.
function unfocusedStyleInPage([index, props]) {
  const all = [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')].filter(
    (el) => el.tabIndex >= 0 && !el.disabled && el.getClientRects().length > 0,
  );
  const el = all[index];
  if (!el) return null;
  const s = getComputedStyle(el);
  return Object.fromEntries(props.map((p) => [p, s.getPropertyValue(p)]));
}

function h1InPage() {
  const h1 = document.querySelector('h1');
  if (!h1) return { ok: false, why: 'no h1' };
  h1.scrollIntoView({ block: 'center', inline: 'nearest' });
  const r = h1.getBoundingClientRect();
  const s = getComputedStyle(h1);
  const width = document.documentElement.clientWidth;
  if (s.visibility === 'hidden' || s.display === 'none' || r.width === 0 || r.height === 0) return { ok: false, why: 'h1 is hidden' };
  if (r.left < -1 || r.right > width + 1) return { ok: false, why: `h1 spans ${Math.round(r.left)}..${Math.round(r.right)}px of ${width}px` };
  if (h1.scrollWidth > h1.clientWidth + 1) return { ok: false, why: 'h1 text is clipped' };
  const hit = document.elementFromPoint(Math.min(r.left + 4, width - 1), r.top + Math.min(r.height / 2, 12));
  if (hit && hit !== h1 && !h1.contains(hit)) return { ok: false, why: `h1 is covered by <${hit.tagName.toLowerCase()}>` };
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------
// One page type.
// ---------------------------------------------------------------------------------------------

// Opens `url` in a fresh context and watches every request and console message.
async function open(browser, origin, spec, contextOptions, where) {
  const context = await browser.newContext({ ...contextOptions, reducedMotion: 'reduce' });
  const page = await context.newPage();
  const expected = spec.status ?? 200;
  await page.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith(`${origin}/`) || u.startsWith('data:') || u.startsWith('about:')) return route.continue();
    fail(where, `request leaving the local server: ${u}`);
    return route.abort('blockedbyclient');
  });
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    // Chromium logs the 404 page's own status as an error: that one is expected.
    if (expected !== 200 && msg.location().url === spec.url && /status of 404/.test(msg.text())) return;
    if (msg.text().includes('ERR_BLOCKED_BY_CLIENT')) return; // a request out: reported above
    fail(where, `console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => fail(where, `script error: ${err.message}`));
  page.on('requestfailed', (req) => {
    if (req.failure()?.errorText.includes('ERR_BLOCKED_BY_CLIENT')) return; // reported above
    fail(where, `failed request: ${req.url()} (${req.failure()?.errorText})`);
  });
  page.on('response', (res) => {
    const isDoc = res.url() === spec.url;
    const want = isDoc ? expected : 200;
    if (res.status() !== want && !(res.status() >= 300 && res.status() < 400)) {
      fail(where, `${res.status()} for ${res.url()} (want ${want})`);
    }
  });
  const res = await page.goto(spec.url, { waitUntil: 'load' });
  if (!res) fail(where, 'no response');
  return { context, page };
}

async function shot(page, name) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true, scale: 'css' });
}

async function noSidewaysScroll(page, where) {
  const o = await page.evaluate(overflowInPage);
  if (o.over > 0) {
    fail(where, `scrolls sideways: content is ${o.scrollWidth}px in a ${o.width}px viewport${o.culprits.length ? `; sticking out: ${o.culprits.join(', ')}` : ''}`);
  }
}

async function runAxe(page, where, axeSource, summary) {
  // The site's CSP forbids inline scripts, so axe is evaluated in the page, not injected.
  await page.evaluate(axeSource);
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    AXE_TAGS,
  );
  for (const v of result.violations) {
    summary[v.impact] = (summary[v.impact] ?? 0) + v.nodes.length;
    const line = `axe ${v.impact} ${v.id}: ${v.help} (${v.nodes.length}×, e.g. ${v.nodes[0]?.target.join(' ')})`;
    if (v.impact === 'serious' || v.impact === 'critical') fail(where, line);
    else console.log(`  note: ${where}: ${line}`);
  }
  return result.violations.length;
}

async function checkFocus(page, where) {
  // Tab through the first stops of a freshly loaded page; each must look different focused than
  // unfocused, and be in view.
  for (let i = 0; i < FOCUS_STOPS; i++) {
    const before = await page.evaluate(unfocusedStyleInPage, [i, FOCUS_PROPS]);
    if (!before) break;
    await page.keyboard.press('Tab');
    const after = await page.evaluate(focusStyleInPage, FOCUS_PROPS);
    if (!after) {
      fail(where, `tab stop ${i + 1}: nothing has focus`);
      break;
    }
    const changed = FOCUS_PROPS.filter((p) => before[p] !== after.style[p]);
    if (changed.length === 0) fail(where, `tab stop ${i + 1} (<${after.tag}> "${after.text}") shows no focus indicator`);
    if (!after.inView) fail(where, `tab stop ${i + 1} (<${after.tag}> "${after.text}") is focused out of view`);
  }
}

// On a freshly loaded page: the first Tab shows the skip link, Enter moves focus to its target.
async function checkSkipLink(page, where, skip) {
  await page.keyboard.press('Tab');
  const first = await page.evaluate(focusStyleInPage, FOCUS_PROPS);
  if (!first?.inView) fail(where, 'the skip link does not appear when focused');
  await page.keyboard.press('Enter');
  const target = await page.evaluate(() => [location.hash, document.activeElement?.id ?? '']);
  if (target[0] !== skip) fail(where, `the skip link leads to "${target[0]}", not ${skip}`);
  else if (`#${target[1]}` !== skip) fail(where, `after the skip link, focus is on "${target[1] || 'body'}", not ${skip}`);
}

async function checkLinks(page, origin, where, seen) {
  const links = await page.evaluate(() =>
    [...document.querySelectorAll('a[href], link[href]')].map((a) => ({ href: a.href, raw: a.getAttribute('href') })),
  );
  for (const { href, raw } of links) {
    const u = new URL(href);
    if (`${u.origin}` !== origin) {
      // A link out (evidence on another site) is fine; a request out is not (checked above).
      if (!/^https?:$|^mailto:$|^tel:$/.test(u.protocol)) fail(where, `link with scheme ${u.protocol}: ${raw}`);
      continue;
    }
    if (!u.pathname.startsWith(SUB_PATH)) {
      fail(where, `link ${raw} leaves the sub-path ${SUB_PATH} (links must be relative)`);
      continue;
    }
    if (u.hash && u.pathname === new URL(page.url()).pathname) {
      const id = decodeURIComponent(u.hash.slice(1));
      if (!(await page.evaluate((i) => !!document.getElementById(i), id))) fail(where, `link ${raw} points at no element`);
      continue;
    }
    const key = u.origin + u.pathname;
    if (!seen.has(key)) seen.set(key, await status(key));
    const code = seen.get(key);
    if (code !== 200 && code !== 301) fail(where, `broken link ${raw} (${code})`);
  }
}

// Bulletins (季度通报) are printed and circulated. Printed, the page must follow GB/T 9704:
// A4, top margin 37 mm, left margin 28 mm, page numbers "— 1 —" at the foot; the site's
// navigation is hidden, every table fits the text width, and the copy says it is a web print
// (no red letterhead, no seal). The PDF is kept under target/browser-artifacts/ and measured
// with poppler's pdftotext -bbox (points: 1 mm = 72 / 25.4 pt).
const MM = 72 / 25.4;
async function checkPrint(page, where) {
  await page.emulateMedia({ media: 'print' });
  const layout = await page.evaluate(() => {
    const shown = (sel) => [...document.querySelectorAll(sel)].some((e) => getComputedStyle(e).display !== 'none');
    const main = document.querySelector('main');
    const width = main ? main.getBoundingClientRect().width : 0;
    const wide = [...document.querySelectorAll('main table')].filter((t) => t.getBoundingClientRect().width > width + 1).length;
    const title = document.querySelector('.bulletin-title');
    return {
      nav: shown('.site-nav') || shown('.site-header'),
      wide,
      mark: document.body.innerText.includes('无红头') && document.body.innerText.includes('无印章'),
      titleSize: title ? getComputedStyle(title).fontSize : '',
      bodySize: getComputedStyle(document.body).fontSize,
    };
  });
  if (layout.nav) fail(where, 'printed, the site navigation still shows');
  if (layout.wide) fail(where, `printed, ${layout.wide} table(s) are wider than the text`);
  if (!layout.mark) fail(where, 'the print does not say it is a web copy without letterhead and seal');
  // 二号 = 22 pt, 三号 = 16 pt; CSS px are 1/96 in, so 22 pt = 29.33 px and 16 pt = 21.33 px.
  if (Math.abs(parseFloat(layout.titleSize) - (22 * 96) / 72) > 0.1) fail(where, `printed title is ${layout.titleSize}, not 22pt (二号)`);
  if (Math.abs(parseFloat(layout.bodySize) - (16 * 96) / 72) > 0.1) fail(where, `printed body text is ${layout.bodySize}, not 16pt (三号)`);
  const totals = await page.$$eval('#bulletin-figures tfoot th, #bulletin-figures tfoot td', (cells) =>
    cells.flatMap((c) => c.textContent.split(/[\s（）更正]+/)).filter(Boolean));
  const pdf = join(ARTIFACTS, 'bulletin-print.pdf');
  await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: false });
  await page.emulateMedia({ media: 'screen' });
  const probe = spawnSync('pdftotext', ['-v']);
  if (probe.error) {
    const why = 'pdftotext (Debian package poppler-utils) is not installed: the printed page geometry was not measured';
    if (process.env.CI === 'true') fail(where, why);
    else console.log(`print: SKIPPED geometry: ${why}`);
    return;
  }
  const html = spawnSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8' }).stdout || '';
  const pages = [...html.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)];
  if (pages.length === 0) {
    fail(where, 'the printed PDF has no page');
    return;
  }
  const words = (body) => [...body.matchAll(/<word xMin="(-?[\d.]+)" yMin="(-?[\d.]+)" xMax="(-?[\d.]+)" yMax="(-?[\d.]+)">([^<]*)<\/word>/g)]
    .map((m) => ({ x: +m[1], y: +m[2], x2: +m[3], y2: +m[4], text: m[5] }));
  const [, w, h, first] = pages[0];
  if (Math.abs(+w - 210 * MM) > 2 || Math.abs(+h - 297 * MM) > 2) fail(where, `printed page is ${w} x ${h} pt, not A4 (595 x 842)`);
  const inText = (body) => words(body).filter((t) => t.y < +h - 30 * MM);
  const top = Math.min(...inText(first).map((t) => t.y));
  const left = Math.min(...inText(first).map((t) => t.x));
  // A word's box is the font's bounding box, which reaches above the line: the top margin is
  // measured as the difference with the same page printed with no top margin.
  const flush = join(ARTIFACTS, 'bulletin-print-no-top-margin.pdf');
  await page.route('**/assets/bulletin.css', async (route) => {
    const response = await route.fetch();
    const body = `${await response.text()}\n@media print { @page { margin-top: 0; } }\n`;
    await route.fulfill({ response, body });
  });
  await page.reload({ waitUntil: 'load' });
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path: flush, preferCSSPageSize: true, printBackground: false });
  await page.emulateMedia({ media: 'screen' });
  await page.unroute('**/assets/bulletin.css');
  const flushPage = (spawnSync('pdftotext', ['-bbox', '-l', '1', flush, '-'], { encoding: 'utf8' }).stdout || '').match(/<page[^>]*>([\s\S]*?)<\/page>/);
  const margin = top - Math.min(...inText(flushPage ? flushPage[1] : '').map((t) => t.y));
  if (!(Math.abs(margin - 37 * MM) <= 0.5 * MM)) fail(where, `printed text starts ${(margin / MM).toFixed(1)} mm from the top, not 37 mm`);
  if (Math.abs(left - 28 * MM) > 0.5 * MM) fail(where, `printed text starts ${(left / MM).toFixed(1)} mm from the left, not 28 mm`);
  for (const [i, p] of pages.entries()) {
    const foot = words(p[3]).filter((t) => t.y > +h - 35 * MM).map((t) => t.text).join(' ');
    if (!foot.includes(`— ${i + 1} —`) && !foot.includes(`—${i + 1}—`)) fail(where, `printed page ${i + 1} has no page number "— ${i + 1} —" at its foot (found "${foot}")`);
  }
  const plain = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).stdout || '';
  const totalsLine = plain.split('\n').find((l) => l.trim().startsWith('合计')) || '';
  const missing = totals.filter((t) => !totalsLine.includes(t));
  if (totals.length < 5 || missing.length) fail(where, `the printed totals row lacks ${missing.join(' ')} (printed: "${totalsLine.trim()}")`);
  console.log(`print: ${pages.length} A4 page(s), text area from ${(margin / MM).toFixed(1)} mm top / ${(left / MM).toFixed(1)} mm left, page numbers at the foot`);
}

// The search page answers a Chinese query with highlighted results.
async function searchForWindow(page, fail) {
  await page.fill('#search-q', '窗口 态度');
  const started = Date.now();
  await page.press('#search-q', 'Enter');
  try {
    await page.waitForSelector('#search-results li', { timeout: 10000 });
  } catch {
    fail('the search for 窗口 态度 gave no result');
    return;
  }
  // Time to first result on the loaded page: shards load as scripts, then the query runs.
  console.log(`search: first result for 窗口 态度 after ${Date.now() - started} ms`);
  const marks = await page.locator('#search-results mark').count();
  if (marks === 0) fail('search results carry no highlighted words');
}

// The items index filters in place: choosing a status shows the rows of the pre-rendered
// status page (the no-JavaScript fallback, checked against the records by tests/search.rs) and
// writes the state into the address; a second filter narrows further; Back restores; an
// address with a filter opens filtered.
function rowsOfPage(path) {
  const html = readFileSync(join(SITE, path, 'index.html'), 'utf8');
  return [...html.matchAll(/<tr[^>]* data-status="([a-z]+)"[^>]*>/g)].map((m) => m[0]);
}

async function filterItems(page, fail) {
  const visible = () => page.evaluate(() => [...document.querySelectorAll('main tr[data-status]')]
    .filter((r) => !r.hidden)
    .map((r) => ({ status: r.dataset.status, category: r.dataset.category })));
  const done = rowsOfPage('items/status/done').length;
  await page.selectOption('#filter-status', 'done');
  let rows = await visible();
  if (!page.url().includes('status=done')) fail(`choosing 已办结 did not put status=done in the address (${page.url()})`);
  if (rows.length !== done || rows.some((r) => r.status !== 'done')) fail(`the 已办结 filter shows ${rows.length} rows, the pre-rendered page has ${done}`);
  const both = rowsOfPage('items/category/xiaolv').filter((r) => r.includes('data-status="done"')).length;
  await page.selectOption('#filter-category', 'xiaolv');
  rows = await visible();
  if (!/status=done/.test(page.url()) || !/category=xiaolv/.test(page.url())) fail(`two filters are not both in the address (${page.url()})`);
  if (rows.length !== both || rows.some((r) => r.category !== 'xiaolv' || r.status !== 'done')) fail(`已办结 + 效率 shows ${rows.length} rows, expected ${both}`);
  const count = await page.textContent('.filter-count');
  if (!count || !count.includes(` ${both} /`)) fail(`the filter count says "${count}", not ${both}`);
  await page.goBack();
  await page.waitForFunction(() => !location.search.includes('category='));
  rows = await visible();
  if (rows.length !== done) fail(`after Back, ${rows.length} rows show instead of the ${done} of 已办结`);
  const url = new URL(page.url());
  await page.goto(`${url.origin}${url.pathname}?category=xiaolv`, { waitUntil: 'load' });
  rows = await visible();
  const xiaolv = rowsOfPage('items/category/xiaolv').length;
  if (rows.length !== xiaolv || rows.some((r) => r.category !== 'xiaolv')) fail(`an address with category=xiaolv opens with ${rows.length} rows, expected ${xiaolv}`);
  console.log(`filters: 已办结 ${done} rows, + 效率 ${both}, Back and a filtered address work`);
}

// `gongkai serve` reloads an open page after an edit: a copy of the sample is served, an item's
// title is changed on disk, and the open page must show the new title by itself.
async function checkServeReload(browser) {
  const where = 'serve';
  const bin = process.env.GONGKAI_BIN;
  if (!bin) {
    const why = 'GONGKAI_BIN is not set (tests/browser.rs sets it to the built gongkai binary)';
    if (process.env.CI === 'true') fail(where, why);
    else console.log(`serve: SKIPPED: ${why}`);
    return;
  }
  const root = join(ARTIFACTS, 'serve-site');
  rmSync(root, { recursive: true, force: true });
  cpSync(join(REPO, 'content'), join(root, 'content'), { recursive: true });
  const child = spawn(bin, ['serve', '--root', root, '--port', '0', '--as-of', '2026-11-25'], { stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    const address = await new Promise((ok, no) => {
      let err = '';
      const timer = setTimeout(() => no(new Error(`gongkai serve did not start: ${err}`)), 60000);
      child.stderr.on('data', (d) => {
        err += d;
        const m = err.match(/serving the preview on (http:\/\/[^/\s]+\/)/);
        if (m) {
          clearTimeout(timer);
          ok(m[1]);
        }
      });
      child.on('exit', (code) => no(new Error(`gongkai serve exited (${code}): ${err}`)));
    });
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('pageerror', (e) => fail(where, `script error: ${e.message}`));
    const file = join(root, 'content/items/bgs/002.md');
    const text = readFileSync(file, 'utf8');
    const id = text.match(/^id: (.+)$/m)[1];
    await page.goto(`${address}items/${id}/`, { waitUntil: 'load' });
    const before = await page.textContent('h1');
    const title = '服务窗口午间轮岗制度落实不到位（已修改）';
    const started = Date.now();
    writeFileSync(file, text.replace(/^title: .+$/m, `title: ${title}`));
    try {
      await page.waitForFunction((t) => document.querySelector('h1')?.textContent.includes(t), title, { timeout: 20000 });
      console.log(`serve: the open page showed the edit ${Date.now() - started} ms after the save (was "${before.trim()}")`);
    } catch {
      fail(where, `the open page did not reload within 20 s after ${file} was edited`);
    }
    await context.close();
  } catch (e) {
    fail(where, String(e.message || e));
  } finally {
    child.kill();
  }
}

async function checkPageType(browser, origin, spec, axeSource, summary, seenLinks) {
  const t0 = Date.now();
  const name = spec.type;
  const row = { type: name, path: spec.path, axe: 0 };

  // Desktop, 1280 px: requests, structure, focus, skip link, links, axe.
  {
    const where = `${name} @1280`;
    const { context, page } = await open(browser, origin, spec, { viewport: { width: 1280, height: 900 } }, where);
    const s = await page.evaluate(structureInPage);
    for (const p of s.problems) fail(name, p);
    await shot(page, `${name}-1280`);
    await checkLinks(page, origin, where, seenLinks);
    await checkFocus(page, where);
    if (s.skip.startsWith('#')) {
      await page.reload({ waitUntil: 'load' }); // a fresh page starts tabbing from the top again
      await checkSkipLink(page, where, s.skip);
    }
    row.axe += await runAxe(page, where, axeSource, summary);
    if (spec.print) await checkPrint(page, where);
    if (spec.interact) await spec.interact(page, (what) => fail(where, what));
    await context.close();
  }

  // Phone, 375 px: no sideways scroll, axe again (the small-screen styles), screenshot.
  {
    const where = `${name} @375`;
    const { context, page } = await open(browser, origin, spec, { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }, where);
    await noSidewaysScroll(page, where);
    await shot(page, `${name}-375`);
    row.axe += await runAxe(page, where, axeSource, summary);
    // Reflow (WCAG 1.4.10): content must fit 320 CSS px without scrolling in two directions.
    await page.setViewportSize({ width: 320, height: 640 });
    await noSidewaysScroll(page, `${name} @320`);
    await checkFocus(page, `${name} @320`);
    await context.close();
  }

  // Large text. Two settings people use:
  // 1. Browser zoom to 200% (Ctrl +). Chromium's zoom makes every CSS px two device px, so a
  //    1280 px window lays out 640 CSS px wide and media queries see 640 px. A 640 x 450 CSS px
  //    viewport at deviceScaleFactor 2 is exactly that state. (CSS `zoom: 2` on <html> is not:
  //    media queries would still see 1280 px and lay out the desktop design at twice the size,
  //    which no browser shows.) Checked: no sideways scroll of the body, h1 visible.
  // 2. A default font size of 200% (the browser's "font size: very large" / text-only zoom):
  //    the root font size doubled at 1280 px, so everything sized in rem/em grows and
  //    everything sized in px does not. Same checks.
  {
    const where = `${name} @zoom200`;
    const { context, page } = await open(browser, origin, spec, { viewport: { width: 640, height: 450 }, deviceScaleFactor: 2 }, where);
    await noSidewaysScroll(page, where);
    const h = await page.evaluate(h1InPage);
    if (!h.ok) fail(where, h.why);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, `${name}-zoom200`);
    await context.close();
  }
  {
    const where = `${name} @text200`;
    const { context, page } = await open(browser, origin, spec, { viewport: { width: 1280, height: 900 } }, where);
    // The CSP forbids inline styles: a constructed stylesheet is not subject to it.
    await page.evaluate(() => {
      const s = new CSSStyleSheet();
      s.replaceSync('html { font-size: 200% !important; }');
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, s];
    });
    await noSidewaysScroll(page, where);
    const h = await page.evaluate(h1InPage);
    if (!h.ok) fail(where, h.why);
    await context.close();
  }

  row.secs = (Date.now() - t0) / 1000;
  return row;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const started = Date.now();
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });

  const nu = runNu();
  const server = await startServer();
  const origin = `http://127.0.0.1:${server.address().port}`;
  console.log(`serving ${SITE} at ${origin}${SUB_PATH}`);

  const pages = PAGE_TYPES.map((p) => {
    const path = typeof p.path === 'function' ? p.path(SITE) : p.path;
    const file = p.status === 404 ? p.route : join(path, 'index.html');
    return { ...p, path, file, url: `${origin}${SUB_PATH}${path}` };
  });
  checkCoverage(pages);

  const { chromium } = require('playwright-core');
  // launch() always starts Chromium with a fresh --user-data-dir in the temp folder (and removes
  // it on close); the other flags are the ones we want on a CI machine with no network.
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  console.log(`chromium ${browser.version()}`);
  const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const axeVersion = require('axe-core/package.json').version;

  const summary = {};
  const rows = [];
  const seenLinks = new Map();
  try {
    for (const spec of pages) rows.push(await checkPageType(browser, origin, spec, axeSource, summary, seenLinks));
    await checkServeReload(browser);
  } finally {
    await browser.close();
    server.close();
  }

  console.log('');
  console.log(`page types (${rows.length}):`);
  for (const r of rows) console.log(`  ${r.type.padEnd(10)} /${r.path.padEnd(26)} axe violations (any impact): ${r.axe}  ${r.secs.toFixed(1)}s`);
  const impacts = ['critical', 'serious', 'moderate', 'minor'].map((i) => `${i} ${summary[i] ?? 0}`).join(', ');
  console.log(`axe-core ${axeVersion} (${AXE_TAGS.join(', ')}), ${rows.length} page types at 1280 and 375 px: ${impacts} (nodes)`);
  console.log(`links checked: ${seenLinks.size} distinct local addresses`);

  const n = await nu;
  const nuErrors = (n.out.match(/ error: /g) || []).length;
  if (n.code !== 0) {
    fail('Nu Html Checker', `exit ${n.code}\n${n.out.trim().split('\n').slice(0, 40).join('\n')}`);
  }
  console.log(`Nu Html Checker: ${n.files} HTML files, ${nuErrors} errors (${n.secs.toFixed(1)}s)`);

  writeFileSync(
    join(ARTIFACTS, 'report.json'),
    `${JSON.stringify({ site: SITE, axe: { version: axeVersion, summary }, nu: { files: n.files, errors: nuErrors }, pages: rows, failures }, null, 2)}\n`,
  );
  console.log(`screenshots: ${ARTIFACTS}`);
  console.log(`time: ${((Date.now() - started) / 1000).toFixed(1)}s`);

  if (failures.length) {
    console.log('');
    console.log(`${failures.length} failure(s):`);
    for (const f of failures) console.log(`  - ${f}`);
    process.exit(1);
  }
  console.log('browser suite: all checks passed');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
