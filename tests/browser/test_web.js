#!/usr/bin/env node
// Browser test of the web search page (server/web/), against the real binary:
// index the repository's corpus into a temporary folder, start `vanthu serve --port 0`, drive
// Debian's Chromium through playwright-core, and check search, suggestions, facets, the detail
// view, citations, downloads, the back button, a 375 px phone screen, escaping and the token
// prompt. Screenshots go to --out.
//
//   node test_web.js --binary build/tools/vanthu --source . --out build/tests/browser/screenshots
//   node test_web.js --url http://127.0.0.1:8080/ --out /tmp/shots   # an already running server
//
// Exit status: 0 passed, 1 failed, 77 skipped (node modules or Chromium missing: CTest's
// SKIP_RETURN_CODE).
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn, spawnSync } = require('child_process');

const SKIP = 77;
const TOTAL_LIMIT_MS = 55000;   // the whole test, start to end
const WAIT_MS = 10000;          // any single wait for the page

function parseArgs(argv) {
    const args = { binary: '', source: '', out: process.cwd(), url: '' };
    for (let i = 0; i < argv.length; i++) {
        const key = argv[i].replace(/^--/, '');
        if (!(key in args) || i + 1 >= argv.length) {
            console.error(`usage: test_web.js --binary VANTHU --source SRC_DIR [--out DIR] | --url URL`);
            process.exit(2);
        }
        args[key] = argv[++i];
    }
    if (!args.url && (!args.binary || !args.source)) {
        console.error('test_web.js: --binary and --source are needed (or --url)');
        process.exit(2);
    }
    return args;
}

function skip(reason) {
    console.log(`SKIP: ${reason}`);
    process.exit(SKIP);
}

const args = parseArgs(process.argv.slice(2));
const chromiumPath = process.env.VANTHU_CHROMIUM || '/usr/bin/chromium';
if (!fs.existsSync(chromiumPath)) skip(`${chromiumPath} not found (Debian package "chromium")`);
let chromium;
try {
    ({ chromium } = require('playwright-core'));
} catch (e) {
    skip(`playwright-core is not installed in ${__dirname}/node_modules (run "npm ci" there, as scripts/test.sh does)`);
}

// ---- processes -----------------------------------------------------------------------------

const cleanups = [];
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
const log = (msg) => console.log(`[${elapsed()}] ${msg}`);

class Failure extends Error {}
function check(cond, message) {
    if (!cond) throw new Failure(message);
    log(`ok - ${message}`);
}

function buildIndex(tmp) {
    // One extra document whose title and text carry HTML, to check that the page escapes them.
    const xss = path.join(tmp, 'xss');
    fs.mkdirSync(xss);
    fs.writeFileSync(path.join(xss, 'kiem-tra-xss.txt'),
        'Ghi chú kiểm tra xsskiemtra: <img src=x onerror="window.__xss=1"> và <script>window.__xss=2</script> hết.\n');
    fs.writeFileSync(path.join(xss, 'kiem-tra-xss.txt.meta.json'), JSON.stringify({
        tieu_de: '<img src=x onerror="window.__xss=3">Tiêu đề <b>xsskiemtra</b>',
        tac_gia: '<script>window.__xss=4</script>',
    }));
    const index = path.join(tmp, 'index');
    const corpus = ['corpus/seeds', 'corpus/proposals', 'corpus/citations/archive'].map((p) => path.join(args.source, p));
    const r = spawnSync(args.binary, ['index', '--index', index, '--no-progress', ...corpus, xss],
        { encoding: 'utf8', timeout: 30000 });
    if (r.status !== 0) {
        throw new Failure(`vanthu index exited with ${r.status}${r.signal ? ` (${r.signal})` : ''}:\n${r.stdout}${r.stderr}`);
    }
    log(`indexed: ${(r.stdout + r.stderr).trim().split('\n').pop()}`);
    return index;
}

// Starts `vanthu serve` and resolves with its URL once it printed its "serving … on URL" line.
function startServer(index, extra = []) {
    return new Promise((resolve, reject) => {
        const child = spawn(args.binary, ['serve', '--index', index, '--port', '0', '--quiet', ...extra],
            { stdio: ['ignore', 'ignore', 'pipe'] });
        cleanups.push(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM'); });
        let stderr = '';
        const timer = setTimeout(() => reject(new Failure(`vanthu serve did not say it was serving within 20 s:\n${stderr}`)), 20000);
        child.stderr.setEncoding('utf8');
        child.stderr.on('data', (chunk) => {
            stderr += chunk;
            const m = /^vanthu: serving .* on (http:\/\/\S+?\/?)\s*$/m.exec(stderr);
            if (m) {
                clearTimeout(timer);
                resolve(m[1].endsWith('/') ? m[1] : `${m[1]}/`);
            }
        });
        child.on('exit', (code, signal) => {
            clearTimeout(timer);
            reject(new Failure(`vanthu serve exited (${code ?? signal}) before serving:\n${stderr}`));
        });
        child.on('error', (e) => { clearTimeout(timer); reject(new Failure(`cannot start ${args.binary}: ${e.message}`)); });
    });
}

// ---- page helpers --------------------------------------------------------------------------

function watchPage(page, origin, problems) {
    page.setDefaultTimeout(WAIT_MS);
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error' && !/status of 40[0-9]/.test(m.text())) problems.push(`console error: ${m.text()}`); });
    page.on('request', (r) => {
        const u = r.url();
        if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) problems.push(`external request: ${u}`);
    });
}

const apiResponse = (page, route) => page.waitForResponse((r) => new URL(r.url()).pathname === route);

async function noHorizontalScroll(page) {
    return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

async function hitCount(page) {
    return page.locator('#hits li.hit').count();
}

// The number shown in "N kết quả" / "Khoảng N kết quả" (Vietnamese digit grouping: 1.234).
async function shownTotal(page) {
    const text = await page.locator('#summary .total').textContent();
    const m = /([\d.]+) kết quả/.exec(text || '');
    return m ? Number(m[1].replace(/\./g, '')) : NaN;
}

// ---- the test ------------------------------------------------------------------------------

async function mainFlow(browser, base, out) {
    const origin = new URL(base).origin;
    const problems = [];
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
    const page = await context.newPage();
    watchPage(page, origin, problems);

    await page.goto(base);
    check(await page.locator('#intro').isVisible(), 'the start page shows its introduction');
    const placeholder = await page.locator('#q').getAttribute('placeholder');
    check(/hien ke/.test(placeholder) && /so:152-KH\/TU/.test(placeholder), `the search box shows example queries: ${placeholder}`);
    check(await page.evaluate(() => document.activeElement && document.activeElement.id === 'q'), 'the search box has the focus');
    await page.screenshot({ path: path.join(out, 'desktop-start.png') });

    // Suggestions as you type.
    // Only the request for the whole text counts: earlier ones may be cut short by the debounce.
    const suggested = page.waitForResponse((r) => {
        const u = new URL(r.url());
        return u.pathname === '/api/suggest' && u.searchParams.get('q') === 'hien ke';
    });
    await page.locator('#q').pressSequentially('hien ke', { delay: 40 });
    const suggestBody = await (await suggested).json();
    if (suggestBody.suggestions && suggestBody.suggestions.length) {
        await page.locator('#suggestions[data-for="hien ke"] [role=option]').first().waitFor();
        check(await page.locator('#q').getAttribute('aria-expanded') === 'true', `suggestions open (${suggestBody.suggestions.length} from the API)`);
        await page.keyboard.press('ArrowDown');
        const activeId = await page.locator('#q').getAttribute('aria-activedescendant');
        check(activeId && await page.locator(`#${activeId}`).getAttribute('aria-selected') === 'true',
            'ArrowDown selects the first suggestion');
        await page.screenshot({ path: path.join(out, 'desktop-suggestions.png') });
        await page.keyboard.press('Escape');
        await page.locator('#suggestions').waitFor({ state: 'hidden' });
        check(true, 'Escape closes the suggestions');
    } else {
        log('note: /api/suggest gave no suggestion for "hien ke"; the list was not checked');
    }

    // Results with highlighted snippets.
    let searched = apiResponse(page, '/api/search');
    await page.keyboard.press('Enter');
    const first = await (await searched).json();
    await page.locator('#hits li.hit').first().waitFor();
    check(/[?&]q=hien(\+|%20)ke/.test(page.url()), `the URL carries the query: ${page.url()}`);
    check(await page.locator('#hits .snippet mark').count() > 0, 'snippets show <mark> highlights');
    const total = await shownTotal(page);
    check(total === first.total, `the total is shown (${await page.locator('#summary').textContent()})`);
    check(await page.locator('#summary').getAttribute('aria-live') === 'polite', 'the result summary is an aria-live region');
    if (first.suggestion) {
        const dym = page.locator('#did-you-mean');
        await dym.waitFor();
        const text = await dym.textContent();
        check(text.includes('Có phải bạn muốn tìm') && text.includes(first.suggestion), `"did you mean" offers ${first.suggestion}`);
    } else {
        log('note: the API gave no "did you mean" suggestion for "hien ke"');
    }
    for (const f of ['type', 'issuer', 'year']) {
        if ((first.facets[f] || []).length) {
            check(await page.locator(`#facets button.facet[data-facet=${f}]`).count() > 0, `the ${f} facet is listed`);
        }
    }
    const typeFacet = page.locator('#facets button.facet[data-facet=type][data-value="Báo cáo"]');
    check(await typeFacet.count() === 1, 'the type facet offers "Báo cáo"');
    const facetCount = Number((await typeFacet.locator('.facet-count').textContent()).replace(/\./g, ''));
    check(facetCount > 0 && facetCount < total, `"Báo cáo" counts ${facetCount} of ${total}`);
    await page.screenshot({ path: path.join(out, 'desktop-results.png'), fullPage: true });

    // Click a facet: the results narrow and the URL changes.
    searched = apiResponse(page, '/api/search');
    await typeFacet.click();
    await searched;
    await page.locator('.chip[data-filter=type]').waitFor();
    check(/[?&]type=B%C3%A1o(\+|%20)c%C3%A1o/.test(page.url()), `the URL carries the filter: ${page.url()}`);
    check(await shownTotal(page) === facetCount, `the results narrow to ${facetCount}`);
    const types = await page.locator('#hits li.hit .badge.type').allTextContents();
    check(types.length > 0 && types.every((t) => t === 'Báo cáo'), `every hit is a Báo cáo (${types.length} shown)`);
    check(await page.locator('#facets button.facet[data-facet=type][aria-pressed=true]').count() === 1, 'the chosen facet is marked as pressed');
    const filteredUrl = page.url();

    // Open a hit: the detail view.
    const hit = page.locator('#hits li.hit').filter({ hasText: '01-BC/BTC' }).first();
    const hitTitle = (await hit.locator('.hit-title a').textContent()).trim();
    await hit.locator('.hit-title a').click();
    await page.waitForURL(/[?&]doc=\d+/);
    await page.locator('#detail-title').waitFor();
    check((await page.locator('#detail-title').textContent()).trim() === hitTitle, `the detail view shows "${hitTitle}"`);
    check(await page.locator('#search-view').isHidden(), 'the results are hidden behind the detail view');
    const labels = await page.locator('#detail dl.meta dt').allTextContents();
    for (const l of ['Số, ký hiệu', 'Loại văn bản', 'Cơ quan ban hành', 'Ngày ban hành']) {
        check(labels.includes(l), `the metadata shows "${l}"`);
    }
    check((await page.locator('#detail dl.meta').textContent()).includes('01-BC/BTC'), 'the metadata shows the number 01-BC/BTC');
    const download = page.locator('#detail a.button.primary');
    check((await download.textContent()).includes('Tải bản gốc'), 'there is a "Tải bản gốc" link');
    const fileHref = await download.getAttribute('href');
    check(/api\/documents\/\d+\/file$/.test(fileHref), `the download link points to the file: ${fileHref}`);
    const fileRes = await page.request.get(new URL(fileHref, page.url()).href);
    check(fileRes.status() === 200 && (await fileRes.body()).length > 0, 'the download link serves the file');

    const citations = page.locator('#detail ol.citations > li');
    check(await citations.count() >= 2, `the citations are listed (${await citations.count()})`);
    const found = page.locator('#detail .citation:has(.status[data-status=found])').first();
    check(await found.count() === 1, 'a citation is found in the archive, with its label');
    const notFound = page.locator('#detail .citation:has(.status[data-status=not-in-archive]) .citation-number a').first();
    if (await notFound.count()) {
        check(/[?&]q=so%3A/.test(await notFound.getAttribute('href')), 'a citation not in the archive links to a so: search');
    }
    await page.screenshot({ path: path.join(out, 'desktop-detail.png'), fullPage: true });
    const detailUrl = page.url();

    // Follow a found citation to its document, which lists what cites it.
    const citedNumber = (await found.locator('.citation-number').textContent()).trim();
    await found.locator('.citation-number a').click();
    await page.waitForURL((u) => u.href !== detailUrl && /[?&]doc=\d+/.test(u.href));
    await page.locator('#detail dl.meta').waitFor();
    await page.waitForFunction((n) => document.querySelector('#detail dl.meta')?.textContent.includes(n), citedNumber);
    check(true, `the found citation ${citedNumber} opens its document`);
    check(await page.locator('#detail ul.cited-by > li').count() >= 1, '"Được trích dẫn bởi" lists the citing documents');
    check((await page.locator('#citedby-title').textContent()).includes('Được trích dẫn bởi'), 'the cited-by heading is in Vietnamese');

    // The back button: previous document, then the filtered results, then the first results.
    await page.goBack();
    await page.waitForURL(detailUrl);
    await page.waitForFunction((t) => document.querySelector('#detail-title')?.textContent.trim() === t, hitTitle);
    check(true, 'Back returns to the first document');
    await page.goBack();
    await page.waitForURL(filteredUrl);
    await page.locator('#hits li.hit').first().waitFor();
    check(await page.locator('#detail').isHidden(), 'Back again closes the detail view');
    check(await page.locator('.chip[data-filter=type]').count() === 1 && await shownTotal(page) === facetCount,
        'the filtered results are back');
    await page.goBack();
    await page.waitForURL((u) => !/[?&]type=/.test(u.href));
    await page.waitForFunction(() => !document.querySelector('.chip[data-filter=type]'));
    check(await shownTotal(page) === total, 'Back again removes the filter');
    check(await page.inputValue('#q') === 'hien ke', 'the search box holds the query');

    // A chip removes its filter; clicking the active facet again does too.
    await page.locator('#facets button.facet[data-facet=type][data-value="Báo cáo"]').click();
    await page.locator('.chip[data-filter=type]').waitFor();
    await page.locator('.chip[data-filter=type]').click();
    await page.waitForFunction(() => !document.querySelector('.chip[data-filter=type]'));
    check(!/[?&]type=/.test(page.url()), 'the chip removes the filter');

    // Sort and pagination.
    searched = apiResponse(page, '/api/search');
    await page.selectOption('#sort', 'date');
    const sorted = await (await searched).json();
    check(/[?&]sort=date/.test(page.url()) && sorted.sort === 'date', 'Sắp xếp "Mới nhất" asks for sort=date');
    if (sorted.pages > 1) {
        searched = apiResponse(page, '/api/search');
        await page.locator('#pager a[aria-label="Trang sau"]').click();
        await searched;
        await page.locator('#pager a[aria-current=page]', { hasText: '2' }).waitFor();
        check(/[?&]page=2/.test(page.url()), 'the next page is page 2, in the URL');
    }

    // Escaping: a title and a body with HTML in them stay text.
    await page.goto(`${base}?q=xsskiemtra`);
    await page.locator('#hits li.hit').first().waitFor();
    check(await page.locator('#hits img, #hits script, #hits b').count() === 0, 'HTML in titles and snippets is not rendered');
    check((await page.locator('#hits .hit-title').first().textContent()).includes('<img'), 'the title is shown as text');
    await page.locator('#hits .hit-title a').first().click();
    await page.locator('#detail dl.meta').waitFor();
    check(await page.locator('#detail img, #detail script').count() === 0, 'HTML in metadata is not rendered');
    check(await page.evaluate(() => window.__xss === undefined), 'no injected script ran');

    // A query that cannot be parsed: a friendly message.
    await page.goto(`${base}?q=${encodeURIComponent('(kế hoạch')}`);
    await page.locator('#error').waitFor();
    check((await page.locator('#error').textContent()).includes('Không hiểu câu tìm kiếm'), 'a bad query gets a Vietnamese message');

    // A phone screen.
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(`${base}?q=hien+ke`);
    await page.locator('#hits li.hit .snippet mark').first().waitFor();
    check(await noHorizontalScroll(page), 'results at 375 px: no horizontal scroll');
    await page.screenshot({ path: path.join(out, 'phone-results.png') });
    await page.locator('#filter-panel > summary').click();
    await page.locator('#facets button.facet').first().waitFor();
    check(await noHorizontalScroll(page), 'filters open at 375 px: no horizontal scroll');
    await page.screenshot({ path: path.join(out, 'phone-filters.png'), fullPage: false });
    await page.locator('#hits li.hit').filter({ hasText: '01-BC/BTC' }).first().locator('.hit-title a').click();
    await page.locator('#detail ol.citations').waitFor();
    check(await noHorizontalScroll(page), 'detail at 375 px: no horizontal scroll');
    await page.screenshot({ path: path.join(out, 'phone-detail.png') });
    await page.locator('#cites-title').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(out, 'phone-citations.png') });

    await context.close();
    check(problems.length === 0, `no page errors and no external requests${problems.length ? `:\n  ${problems.join('\n  ')}` : ''}`);
}

// With --token-file the page asks for the token once, keeps it for the tab and sends it.
async function tokenFlow(browser, base, token, out) {
    const problems = [];
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    watchPage(page, new URL(base).origin, problems);
    const dialogs = [];
    page.on('dialog', (d) => {
        dialogs.push(d.message());
        d.accept(token);
    });
    await page.goto(`${base}?q=hien+ke`);
    await page.locator('#hits li.hit').first().waitFor();
    check(dialogs.length === 1, `a 401 asks for the token once (${dialogs.length} prompt)`);
    check(await page.evaluate(() => sessionStorage.getItem('vanthu.token')) === token, 'the token is kept in sessionStorage');
    await page.reload();
    await page.locator('#hits li.hit').first().waitFor();
    check(dialogs.length === 1, 'after a reload the kept token is used without asking');
    await page.locator('#hits .hit-title a').first().click();
    await page.locator('#detail a.button.primary').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#detail a.button.primary').click()]);
    const saved = path.join(out, 'token-download.bin');
    await download.saveAs(saved);
    check(fs.statSync(saved).size > 0, `the download sends the token (${download.suggestedFilename()})`);
    fs.rmSync(saved, { force: true });
    await context.close();
    check(problems.length === 0, `no page errors with a token${problems.length ? `:\n  ${problems.join('\n  ')}` : ''}`);
}

async function main() {
    fs.mkdirSync(args.out, { recursive: true });
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-browser-'));
    cleanups.push(() => fs.rmSync(tmp, { recursive: true, force: true }));

    let base = args.url;
    let index = '';
    if (!base) {
        index = buildIndex(tmp);
        base = await startServer(index);
        log(`server at ${base}`);
    }

    // launch() gives the browser a fresh, temporary user-data-dir of its own (removed on close).
    const browser = await chromium.launch({
        executablePath: chromiumPath,
        headless: true,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
            '--disable-background-networking', '--disable-component-update', '--disable-sync',
            '--disable-dev-shm-usage', '--lang=vi-VN'],
        timeout: 20000,
    }).catch((e) => { throw new Failure(`cannot start ${chromiumPath}: ${e.message}`); });
    cleanups.push(() => browser.close().catch(() => {}));
    log(`browser: Chromium ${browser.version()}`);

    await mainFlow(browser, base, args.out);
    if (index) {
        const tokenFile = path.join(tmp, 'token');
        const token = 'jeton-de-test-4242';
        fs.writeFileSync(tokenFile, `  ${token}  \n`);
        const tokenBase = await startServer(index, ['--token-file', tokenFile]);
        await tokenFlow(browser, tokenBase, token, args.out);
    }
    log(`screenshots in ${args.out}`);
}

async function cleanup() {
    for (const f of cleanups.reverse()) {
        try { await f(); } catch (e) { /* best effort */ }
    }
}

const watchdog = setTimeout(async () => {
    console.error(`FAIL: the browser test took more than ${TOTAL_LIMIT_MS / 1000} s`);
    await cleanup();
    process.exit(1);
}, TOTAL_LIMIT_MS);

main().then(async () => {
    clearTimeout(watchdog);
    await cleanup();
    console.log(`PASS (${elapsed()})`);
    process.exit(0);
}, async (e) => {
    clearTimeout(watchdog);
    console.error(`FAIL: ${e instanceof Failure ? e.message : e.stack || e}`);
    await cleanup();
    process.exit(1);
});
