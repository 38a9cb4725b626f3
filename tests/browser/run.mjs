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

import { spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
  { type: 'items', path: 'items/' },
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

  { type: 'performance', path: 'performance/' },

  { type: 'systems', path: 'systems/' },

  { type: 'inspections', path: 'inspections/' },

  { type: 'activities', path: 'activities/' },

  { type: 'opinions', path: 'opinions/' },

  { type: 'accountability', path: 'accountability/' },

  { type: 'plans', path: 'plans/' },
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

// TODO(print): bulletins (季度通报) are printed and circulated, but do not exist yet. When they
// do, give their PAGE_TYPES line `print: true` and fill this hook: emulate print media, check
// the print stylesheet hides navigation, every table fits the page width, and keep a PDF
// (page.pdf({ format: 'A4' })) under target/browser-artifacts/.
async function checkPrint(_page, _where) {}

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

// TODO(interactions): search, filters and `gongkai serve` do not exist yet. When they do, give
// their PAGE_TYPES line an `interact: async (page, fail) => { ... }` that types a Chinese query,
// applies a filter, and checks the results and the no-JavaScript fallback.

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
