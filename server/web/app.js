// The vanthu search page: plain JavaScript over the JSON API of `vanthu serve` (docs/api.md).
// The page state lives in the URL (?q=…&type=…&page=…&doc=…) so that a search can be shared and
// the back button works. Every value from the API is inserted as text (textContent); the only
// HTML taken from the API is a snippet's <mark> highlighting, rebuilt node by node.
'use strict';

(function () {
    const FILTERS = ['type', 'issuer', 'year', 'field', 'from', 'to'];
    const FACETS = [
        { key: 'type', label: 'Loại văn bản' },
        { key: 'issuer', label: 'Cơ quan ban hành' },
        { key: 'year', label: 'Năm' },
        { key: 'field', label: 'Lĩnh vực' },
    ];
    const FILTER_LABELS = {
        type: 'Loại', issuer: 'Cơ quan', year: 'Năm', field: 'Lĩnh vực', from: 'Từ ngày', to: 'Đến ngày',
    };
    const SORTS = ['relevance', 'date', 'date-asc'];
    const PAGE_SIZE = 10;
    const MAX_RESULTS = 10000;  // the API refuses page × size above this
    const FACET_SHOWN = 6;
    const TOKEN_KEY = 'vanthu.token';

    const CITATION_STATUS = {
        'found': { label: 'Có trong kho', cls: 'ok' },
        'ambiguous': { label: 'Nhiều văn bản trùng số', cls: 'warn' },
        'date-mismatch': { label: 'Sai ngày', cls: 'bad' },
        'issuer-mismatch': { label: 'Sai cơ quan ban hành', cls: 'bad' },
        'typo': { label: 'Có thể viết nhầm số', cls: 'typo' },
        'not-in-archive': { label: 'Không có trong kho', cls: 'none' },
    };
    const ERROR_MESSAGES = {
        'bad-query': 'Không hiểu câu tìm kiếm. Hãy kiểm tra dấu ngoặc, dấu nháy và giá trị của các trường.',
        'bad-parameter': 'Tham số tìm kiếm không hợp lệ (trang, số kết quả hoặc cách sắp xếp).',
        'query-too-long': 'Câu tìm kiếm quá dài (tối đa 1.000 byte).',
        'invalid-utf8': 'Câu tìm kiếm chứa ký tự không hợp lệ.',
        'bad-number': 'Đây không phải là một số ký hiệu văn bản.',
        'unauthorized': 'Cần mã truy cập đúng để dùng trang tìm kiếm này.',
        'forbidden': 'Không được phép tải tệp này.',
        'not-found': 'Không tìm thấy văn bản: có thể nó đã bị xóa khỏi kho hoặc không được phép xem.',
        'method-not-allowed': 'Yêu cầu không được hỗ trợ.',
        'request-too-large': 'Yêu cầu quá lớn.',
    };
    const FORMAT_NAMES = { pdf: 'PDF', docx: 'DOCX', txt: 'TXT' };

    const $ = (id) => document.getElementById(id);
    const ui = {
        form: $('search-form'), q: $('q'), list: $('suggestions'), progress: $('progress'),
        intro: $('intro'), view: $('search-view'), panel: $('filter-panel'),
        filterCount: $('filter-count'), sort: $('sort'), from: $('from'), to: $('to'),
        facets: $('facets'), results: $('results'), summary: $('summary'),
        dym: $('did-you-mean'), chips: $('chips'), error: $('error'), hits: $('hits'),
        pager: $('pager'), detail: $('detail'),
    };
    const numberFormat = new Intl.NumberFormat('vi-VN');

    // ---- small helpers -------------------------------------------------------------------

    // Builds an element; children that are strings become text nodes (never HTML).
    function el(tag, attrs, ...children) {
        const node = document.createElement(tag);
        for (const [k, v] of Object.entries(attrs || {})) {
            if (v === undefined || v === null || v === false) continue;
            if (k === 'class') node.className = v;
            else if (k === 'text') node.textContent = v;
            else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
            else node.setAttribute(k, v === true ? '' : String(v));
        }
        append(node, children);
        return node;
    }
    function append(node, children) {
        for (const c of children.flat()) {
            if (c === undefined || c === null || c === false || c === '') continue;
            node.append(c instanceof Node ? c : document.createTextNode(String(c)));
        }
        return node;
    }
    const str = (v) => (v === undefined || v === null ? '' : String(v));

    function formatDate(iso) {
        const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(str(iso));
        return m ? `${m[3]}/${m[2]}/${m[1]}` : str(iso);
    }
    function formatSize(bytes) {
        const n = Number(bytes);
        if (!Number.isFinite(n) || n < 0) return '';
        if (n < 1024) return `${numberFormat.format(n)} byte`;
        if (n < 1024 * 1024) return `${numberFormat.format(Math.round(n / 102.4) / 10)} KB`;
        return `${numberFormat.format(Math.round(n / (1024 * 104.8576)) / 10)} MB`;
    }
    function formatName(fmt) {
        return FORMAT_NAMES[str(fmt).toLowerCase()] || str(fmt).toUpperCase();
    }

    // A snippet is HTML from the server: escaped text with <mark> around matches. It is parsed
    // in an inert document and rebuilt from its text and <mark> nodes only, so that nothing
    // else (tags, attributes, scripts) can reach the page even if the server got it wrong.
    function snippetNodes(html) {
        const doc = new DOMParser().parseFromString(`<body>${str(html)}</body>`, 'text/html');
        const copy = (from, to) => {
            for (const n of from.childNodes) {
                if (n.nodeType === Node.TEXT_NODE) to.append(document.createTextNode(n.nodeValue));
                else if (n.nodeType === Node.ELEMENT_NODE && n.localName === 'mark') copy(n, to.appendChild(el('mark')));
                else if (n.nodeType === Node.ELEMENT_NODE) to.append(document.createTextNode(n.textContent));
            }
            return to;
        };
        return copy(doc.body, document.createDocumentFragment());
    }

    // ---- state and URL -------------------------------------------------------------------

    // {q, type, issuer, year, field, from, to, sort, page, doc}
    function stateFromUrl() {
        const p = new URLSearchParams(location.search);
        const s = { q: p.get('q') || '', sort: p.get('sort') || 'relevance', page: 1, doc: null };
        for (const f of FILTERS) s[f] = p.get(f) || '';
        if (!SORTS.includes(s.sort)) s.sort = 'relevance';
        const page = parseInt(p.get('page') || '1', 10);
        s.page = Number.isFinite(page) && page >= 1 ? Math.min(page, MAX_RESULTS / PAGE_SIZE) : 1;
        const doc = p.get('doc');
        s.doc = doc && /^\d+$/.test(doc) ? doc : null;
        return s;
    }
    function searchParams(s) {
        const p = new URLSearchParams();
        if (s.q) p.set('q', s.q);
        for (const f of FILTERS) if (s[f]) p.set(f, s[f]);
        if (s.sort && s.sort !== 'relevance') p.set('sort', s.sort);
        if (s.page > 1) p.set('page', String(s.page));
        return p;
    }
    function urlFor(s) {
        const p = searchParams(s);
        if (s.doc) p.set('doc', s.doc);
        const qs = p.toString();
        return qs ? `?${qs}` : location.pathname;
    }
    const hasSearch = (s) => Boolean(s.q.trim()) || FILTERS.some((f) => s[f]);
    const searchKey = (s) => searchParams(s).toString();

    let current = stateFromUrl();

    // Moves to a new state: a new history entry (unless `replace`), then renders it.
    function navigate(next, { replace = false } = {}) {
        // Remember where the reader was, so that coming back restores the scroll position.
        history.replaceState({ ...(history.state || {}), scrollY: window.scrollY }, '');
        const entry = { fromResults: Boolean(next.doc && !current.doc && hasSearch(current)) };
        if (replace) history.replaceState(entry, '', urlFor(next));
        else history.pushState(entry, '', urlFor(next));
        current = next;
        render({ scrollY: 0 });
    }
    window.addEventListener('popstate', (e) => {
        current = stateFromUrl();
        render({ scrollY: e.state && typeof e.state.scrollY === 'number' ? e.state.scrollY : 0 });
    });

    // ---- API -----------------------------------------------------------------------------

    class ApiError extends Error {
        constructor(status, code, detail) {
            super(detail || code);
            this.status = status;
            this.code = code;
            this.detail = detail;
        }
    }
    // When the server wants a token (401), the page asks for it once and keeps it for the tab
    // (sessionStorage). After a refusal it asks again only for a new search, never while typing.
    let tokenDeclined = false;

    async function apiFetch(path, { signal, mayAsk = true } = {}) {
        let asked = false;
        for (let attempt = 0; attempt < 3; attempt++) {
            const sent = sessionStorage.getItem(TOKEN_KEY);
            let res;
            try {
                res = await fetch(path, { headers: sent ? { Authorization: `Bearer ${sent}` } : {}, signal });
            } catch (e) {
                if (e.name === 'AbortError') throw e;
                throw new ApiError(0, 'network', '');
            }
            if (res.status !== 401) return res;
            // Another request may have been given a token meanwhile: use that one.
            if (sessionStorage.getItem(TOKEN_KEY) !== sent) continue;
            if (asked || !mayAsk || tokenDeclined) return res;
            asked = true;
            const token = window.prompt('Máy chủ yêu cầu mã truy cập (token). Vui lòng nhập mã:', '');
            if (!token || !token.trim()) {
                tokenDeclined = true;
                return res;
            }
            sessionStorage.setItem(TOKEN_KEY, token.trim());
        }
        throw new ApiError(401, 'unauthorized', '');
    }
    async function apiJson(path, signal, mayAsk = true) {
        const res = await apiFetch(path, { signal, mayAsk });
        let body = null;
        try {
            body = await res.json();
        } catch (e) {
            if (e.name === 'AbortError') throw e;
        }
        if (!res.ok || !body) {
            throw new ApiError(res.status, (body && body.error) || `http-${res.status}`,
                (body && body.detail) || '');
        }
        return body;
    }
    function errorBox(err) {
        let message;
        if (err.code === 'network') message = 'Không kết nối được với máy chủ. Vui lòng thử lại sau.';
        else if (ERROR_MESSAGES[err.code]) message = ERROR_MESSAGES[err.code];
        else if (err.status >= 500) message = 'Máy chủ gặp lỗi khi xử lý yêu cầu. Vui lòng thử lại sau.';
        else message = 'Đã có lỗi xảy ra. Vui lòng thử lại.';
        const nodes = [el('p', { class: 'error-title', text: message })];
        if (err.detail) nodes.push(el('p', { class: 'error-detail' }, 'Chi tiết: ', el('code', { text: err.detail })));
        return nodes;
    }

    let busy = 0;
    function setBusy(delta) {
        busy += delta;
        ui.progress.hidden = busy <= 0;
        ui.results.setAttribute('aria-busy', busy > 0 ? 'true' : 'false');
    }

    // ---- rendering -----------------------------------------------------------------------

    let shownSearch = null;   // searchKey of the results on screen
    let searchController = null;
    let detailController = null;

    function render({ scrollY = 0 } = {}) {
        const s = current;
        closeSuggestions();
        ui.q.value = s.q;
        ui.sort.value = s.sort;
        ui.from.value = s.from;
        ui.to.value = s.to;

        const searching = hasSearch(s);
        ui.intro.hidden = searching || Boolean(s.doc);
        ui.view.hidden = !searching || Boolean(s.doc);
        ui.detail.hidden = !s.doc;
        document.title = s.q ? `${s.q} – Tìm kiếm văn bản` : 'Tìm kiếm văn bản – vanthu';

        const jobs = [];
        if (searching && searchKey(s) !== shownSearch) jobs.push(runSearch(s));
        if (s.doc) jobs.push(showDocument(s.doc));
        else if (detailController) detailController.abort();
        Promise.all(jobs).then(() => {
            window.scrollTo(0, scrollY);
            if (s.doc) {
                const h = $('detail-title');
                if (h) h.focus({ preventScroll: true });
            } else if (lastOpened) {
                const link = ui.hits.querySelector(`a[data-doc="${CSS.escape(lastOpened)}"]`);
                if (link) link.focus({ preventScroll: true });
                lastOpened = null;
            }
        });
    }

    async function runSearch(s) {
        if (searchController) searchController.abort();
        const controller = new AbortController();
        searchController = controller;
        const key = searchKey(s);
        const p = searchParams(s);
        p.set('size', String(PAGE_SIZE));
        setBusy(1);
        try {
            const data = await apiJson(`api/search?${p}`, controller.signal);
            if (controller.signal.aborted) return;
            shownSearch = key;
            renderResults(s, data);
        } catch (e) {
            if (e.name === 'AbortError') return;
            shownSearch = null;
            renderSearchError(s, e);
        } finally {
            setBusy(-1);
            if (searchController === controller) searchController = null;
        }
    }

    function renderSearchError(s, err) {
        ui.summary.textContent = 'Không thực hiện được tìm kiếm.';
        ui.dym.hidden = true;
        ui.hits.replaceChildren();
        ui.pager.replaceChildren();
        renderChips(s);
        renderFacets(s, null);
        ui.error.replaceChildren(...errorBox(err));
        ui.error.hidden = false;
    }

    function renderResults(s, data) {
        ui.error.hidden = true;
        ui.error.replaceChildren();
        const total = Number(data.total) || 0;
        const hits = Array.isArray(data.hits) ? data.hits : [];

        // Summary: exact totals are stated, estimates are "about".
        const count = numberFormat.format(total);
        let text;
        if (total === 0 && hits.length === 0) text = 'Không tìm thấy văn bản nào phù hợp.';
        else if (hits.length === 0) text = `Trang ${numberFormat.format(s.page)} không có kết quả (có ${count} kết quả).`;
        else if (data.total_exact === false) text = `Khoảng ${count} kết quả`;
        else text = `${count} kết quả`;
        if (hits.length && (Number(data.page) || 1) > 1) text += ` · Trang ${numberFormat.format(Number(data.page))}`;
        ui.summary.replaceChildren(el('span', { class: 'total', text }));
        if (typeof data.took_ms === 'number') {
            ui.summary.append(el('span', { class: 'took', text: `(${numberFormat.format(Math.round(data.took_ms * 10) / 10)} ms)` }));
        }
        if (data.relaxed) {
            ui.summary.append(el('span', { class: 'relaxed', text: 'Không văn bản nào có đủ mọi từ; đang hiện các văn bản có một phần các từ.' }));
        }
        if (data.best_match) {
            ui.summary.append(el('span', { class: 'relaxed', text: 'Câu tìm dài: văn bản có nhiều cặp từ liền nhau của câu nhất xếp trước, kể cả văn bản không có đủ mọi từ.' }));
        }

        // "Did you mean"
        if (data.suggestion && str(data.suggestion) !== s.q) {
            const next = { ...s, q: str(data.suggestion), page: 1, doc: null };
            ui.dym.replaceChildren('Có phải bạn muốn tìm: ',
                el('a', { href: urlFor(next), class: 'suggestion-link', onclick: linkTo(next) }, el('strong', { text: data.suggestion })),
                ' ?');
            ui.dym.hidden = false;
        } else {
            ui.dym.hidden = true;
            ui.dym.replaceChildren();
        }

        renderChips(s);
        renderFacets(s, data.facets, data.facets_exact !== false);
        ui.hits.replaceChildren(...hits.map((h) => renderHit(s, h)));
        if (hits.length === 0) ui.hits.append(renderNoHits(s));
        ui.hits.start = ((Number(data.page) || 1) - 1) * PAGE_SIZE + 1;
        renderPager(s, Number(data.pages) || Math.ceil(total / PAGE_SIZE));
    }

    function renderNoHits(s) {
        const tips = el('ul', {},
            el('li', { text: 'Kiểm tra chính tả, hoặc gõ không dấu (ví dụ: hien ke).' }),
            el('li', { text: 'Dùng ít từ hơn, hoặc bỏ bớt bộ lọc.' }),
            el('li', { text: 'Số ký hiệu: thử so:152-KH/TU.' }));
        const active = FILTERS.some((f) => s[f]);
        if (s.page > 1) {
            const first = { ...s, page: 1, doc: null };
            return el('li', { class: 'no-hits' }, el('a', { href: urlFor(first), onclick: linkTo(first) }, 'Về trang 1'));
        }
        return el('li', { class: 'no-hits' },
            el('p', { text: 'Gợi ý:' }), tips,
            active ? el('button', { type: 'button', class: 'link-button', onclick: () => navigate(clearFilters(s)) }, 'Bỏ tất cả bộ lọc') : null);
    }

    function clearFilters(s) {
        const next = { ...s, page: 1, doc: null };
        for (const f of FILTERS) next[f] = '';
        return next;
    }

    function renderHit(s, h) {
        const id = str(h.id);
        const next = { ...s, doc: id };
        const title = str(h.title) || str(h.name) || str(h.path) || `Văn bản #${id}`;
        const link = el('a', { href: urlFor(next), 'data-doc': id, onclick: openDoc(next, id) }, title);
        const meta = el('p', { class: 'hit-meta' });
        if (h.number) meta.append(el('span', { class: 'badge number', text: h.number }));
        if (h.type) meta.append(el('span', { class: 'badge type', text: h.type }));
        if (h.issuer) meta.append(el('span', { class: 'issuer', text: h.issuer }));
        if (h.date) meta.append(el('span', { class: 'date' }, el('time', { datetime: h.date, text: formatDate(h.date) })));
        const foot = el('p', { class: 'hit-path' });
        if (h.format) foot.append(el('span', { class: 'format', text: formatName(h.format) }));
        foot.append(el('span', { class: 'path', text: str(h.path) || str(h.name) }));
        if (h.status && h.status !== 'ok') foot.append(el('span', { class: 'badge failed', text: 'Không đọc được nội dung' }));
        const snippet = h.snippet ? el('p', { class: 'snippet' }, snippetNodes(h.snippet)) : null;
        return el('li', { class: 'hit' },
            el('h3', { class: 'hit-title' }, link), meta, snippet, foot);
    }

    let lastOpened = null;
    function openDoc(next, id) {
        return (e) => {
            if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
            e.preventDefault();
            lastOpened = id;
            navigate(next);
        };
    }
    function linkTo(next) {
        return (e) => {
            if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
            e.preventDefault();
            navigate(next);
        };
    }

    function renderChips(s) {
        const chips = FILTERS.filter((f) => s[f]).map((f) => {
            const value = f === 'from' || f === 'to' ? formatDate(s[f]) : s[f];
            return el('button', {
                type: 'button', class: 'chip', 'data-filter': f,
                'aria-label': `Bỏ lọc ${FILTER_LABELS[f]}: ${value}`,
                onclick: () => navigate({ ...s, [f]: '', page: 1, doc: null }),
            }, el('span', { class: 'chip-label', text: `${FILTER_LABELS[f]}: ` }), el('span', { class: 'chip-value', text: value }),
            el('span', { class: 'chip-x', 'aria-hidden': 'true', text: '×' }));
        });
        if (chips.length > 1) {
            chips.push(el('button', { type: 'button', class: 'link-button', onclick: () => navigate(clearFilters(s)) }, 'Bỏ tất cả'));
        }
        ui.chips.replaceChildren(...chips);
        const n = FILTERS.filter((f) => s[f]).length;
        ui.filterCount.textContent = n ? `(${n})` : '';
    }

    const expandedFacets = new Set();
    // `exact` false: the counts are of the first matches only (a search for some of the words),
    // shown as "≈ N".
    function renderFacets(s, facets, exact = true) {
        const groups = [];
        for (const { key, label } of FACETS) {
            let values = facets && Array.isArray(facets[key]) ? facets[key].slice() : [];
            if (key === 'year') values.sort((a, b) => str(b.value).localeCompare(str(a.value)));
            // The active value stays visible (and removable) even when the API did not list it.
            if (s[key] && !values.some((v) => str(v.value) === s[key])) values.unshift({ value: s[key], count: null });
            if (!values.length) continue;
            const expanded = expandedFacets.has(key);
            const shown = expanded ? values : values.slice(0, FACET_SHOWN);
            const list = el('ul', { class: 'facet-values' }, shown.map((v) => {
                const value = str(v.value);
                const active = s[key] === value;
                return el('li', {}, el('button', {
                    type: 'button', class: `facet${active ? ' active' : ''}`, 'aria-pressed': active ? 'true' : 'false',
                    'data-facet': key, 'data-value': value, title: value,
                    onclick: () => navigate({ ...s, [key]: active ? '' : value, page: 1, doc: null }),
                }, el('span', { class: 'facet-name', text: value }),
                v.count === null || v.count === undefined ? null : el('span', { class: 'facet-count', text: (exact ? '' : '≈ ') + numberFormat.format(Number(v.count)) })));
            }));
            const more = values.length > FACET_SHOWN ? el('button', {
                type: 'button', class: 'link-button facet-more', 'aria-expanded': expanded ? 'true' : 'false',
                onclick: () => { if (expanded) expandedFacets.delete(key); else expandedFacets.add(key); renderFacets(s, facets, exact); },
            }, expanded ? 'Thu gọn' : `Xem thêm (${values.length - FACET_SHOWN})`) : null;
            groups.push(el('section', { class: 'facet-group', 'aria-label': label }, el('h3', { text: label }), list, more));
        }
        ui.facets.replaceChildren(...groups);
    }

    function renderPager(s, pages) {
        pages = Math.min(pages, MAX_RESULTS / PAGE_SIZE);
        if (pages <= 1) {
            ui.pager.replaceChildren();
            return;
        }
        const page = s.page;
        const item = (n, text, label) => {
            if (n < 1 || n > pages) return el('li', {}, el('span', { class: 'page disabled', 'aria-hidden': 'true', text }));
            const next = { ...s, page: n, doc: null };
            return el('li', {}, el('a', {
                class: `page${n === page ? ' current' : ''}`, href: urlFor(next),
                'aria-current': n === page ? 'page' : null, 'aria-label': label || `Trang ${n}`, onclick: linkTo(next),
            }, text));
        };
        const items = [item(page - 1, '‹ Trước', 'Trang trước')];
        const from = Math.max(1, Math.min(page - 2, pages - 4));
        const to = Math.min(pages, from + 4);
        if (from > 1) items.push(item(1, '1'));
        if (from > 2) items.push(el('li', { class: 'gap', 'aria-hidden': 'true', text: '…' }));
        for (let n = from; n <= to; n++) items.push(item(n, String(n)));
        if (to < pages - 1) items.push(el('li', { class: 'gap', 'aria-hidden': 'true', text: '…' }));
        if (to < pages) items.push(item(pages, String(pages)));
        items.push(item(page + 1, 'Sau ›', 'Trang sau'));
        ui.pager.replaceChildren(el('ul', {}, items));
    }

    // ---- document detail -----------------------------------------------------------------

    const META_LABELS = [
        ['number', 'Số, ký hiệu'], ['type', 'Loại văn bản'], ['issuer', 'Cơ quan ban hành'],
        ['issuer_parent', 'Cơ quan cấp trên'], ['parent', 'Cơ quan cấp trên'], ['place', 'Địa danh'],
        ['date', 'Ngày ban hành'],
        ['subject', 'Trích yếu'], ['title', 'Tiêu đề'], ['signature', 'Người ký'], ['signer', 'Người ký'],
        ['recipients', 'Nơi nhận'], ['secrecy', 'Độ mật'], ['urgency', 'Độ khẩn'],
        ['author', 'Tác giả'], ['unit', 'Đơn vị'], ['field', 'Lĩnh vực'], ['domain', 'Lĩnh vực'],
    ];
    const META_SKIP = new Set(['citations', 'type_code', 'text', 'body', 'numbers']);
    const META_KEY_LABELS = {
        authority: 'Thẩm quyền', position: 'Chức vụ', name: 'Họ tên', stamps: 'Dấu', pages: 'Số trang',
        created: 'Ngày tạo', modified: 'Ngày sửa', language: 'Ngôn ngữ', domain: 'Lĩnh vực',
    };

    function metaValue(key, v) {
        if (v === null || v === undefined || v === '') return null;
        if (Array.isArray(v)) {
            const items = v.map((x) => metaValue(key, x)).filter(Boolean);
            if (!items.length) return null;
            return items.length === 1 ? items[0] : el('ul', { class: 'meta-list' }, items.map((x) => el('li', {}, x)));
        }
        if (typeof v === 'object') {
            if (key === 'signature' || key === 'signer') {
                const parts = [v.authority, v.position].map(str).filter(Boolean).join(' ');
                return el('span', {}, v.name ? el('strong', { text: str(v.name) }) : null, parts ? ` (${parts})` : '');
            }
            const rows = Object.entries(v).map(([k, x]) => {
                const value = metaValue(k, x);
                return value ? el('li', {}, `${META_KEY_LABELS[k] || k}: `, value) : null;
            }).filter(Boolean);
            return rows.length ? el('ul', { class: 'meta-list' }, rows) : null;
        }
        if (key === 'date' || /(^|_)date$/.test(key)) return el('time', { datetime: str(v), text: formatDate(v) });
        if (typeof v === 'boolean') return v ? 'Có' : 'Không';
        return str(v);
    }

    async function showDocument(id) {
        if (detailController) detailController.abort();
        const controller = new AbortController();
        detailController = controller;
        if (ui.detail.dataset.doc !== id) {
            ui.detail.dataset.doc = '';
            ui.detail.replaceChildren(detailNav(), el('p', { class: 'loading-text', text: 'Đang tải văn bản…' }));
        }
        setBusy(1);
        try {
            const doc = await apiJson(`api/documents/${encodeURIComponent(id)}`, controller.signal);
            if (controller.signal.aborted) return;
            renderDocument(id, doc);
        } catch (e) {
            if (e.name === 'AbortError') return;
            ui.detail.dataset.doc = '';
            ui.detail.replaceChildren(detailNav(), el('h1', { id: 'detail-title', tabindex: '-1', text: 'Không mở được văn bản' }),
                el('div', { class: 'error', role: 'alert' }, errorBox(e)));
        } finally {
            setBusy(-1);
            if (detailController === controller) detailController = null;
        }
    }

    function detailNav() {
        const back = el('button', { type: 'button', class: 'back-button' }, el('span', { 'aria-hidden': 'true', text: '← ' }),
            hasSearch(current) ? 'Quay lại kết quả' : 'Trang tìm kiếm');
        back.addEventListener('click', () => {
            if (history.state && history.state.fromResults) history.back();
            else navigate({ ...current, doc: null });
        });
        return el('nav', { class: 'detail-nav', 'aria-label': 'Điều hướng' }, back);
    }

    function searchNumber(number) {
        return { q: `so:${number}`, sort: 'relevance', page: 1, doc: null, type: '', issuer: '', year: '', field: '', from: '', to: '' };
    }
    function docLink(target, text) {
        const next = { ...current, doc: str(target.id) };
        return el('a', { href: urlFor(next), onclick: linkTo(next), 'data-doc': str(target.id) }, text);
    }
    function numberSearchLink(number) {
        const next = searchNumber(number);
        return el('a', { href: urlFor(next), onclick: linkTo(next), title: `Tìm so:${number}` }, number);
    }
    function docSummary(d) {
        return [d.type, d.date ? formatDate(d.date) : '', d.issuer].map(str).filter(Boolean).join(' · ');
    }

    function downloadLink(id, format, name, label, primary) {
        const href = `api/documents/${encodeURIComponent(id)}/file`;
        const a = el('a', { href, class: primary ? 'button primary' : 'button', download: name || true }, label);
        // A plain link cannot send the bearer token: with a token, fetch the file and save it.
        a.addEventListener('click', async (e) => {
            if (!sessionStorage.getItem(TOKEN_KEY)) return;
            e.preventDefault();
            try {
                const res = await apiFetch(href);
                if (!res.ok) {
                    let body = null;
                    try { body = await res.json(); } catch (_) { /* not JSON */ }
                    throw new ApiError(res.status, (body && body.error) || `http-${res.status}`, (body && body.detail) || '');
                }
                const url = URL.createObjectURL(await res.blob());
                const tmp = el('a', { href: url, download: name || `van-ban-${id}.${format || 'bin'}` });
                document.body.append(tmp);
                tmp.click();
                tmp.remove();
                setTimeout(() => URL.revokeObjectURL(url), 10000);
            } catch (err) {
                window.alert(errorBox(err).map((n) => n.textContent).join('\n'));
            }
        });
        return a;
    }

    function renderDocument(id, d) {
        const title = str(d.title) || str(d.name) || `Văn bản #${id}`;
        const header = el('header', { class: 'detail-header' },
            el('p', { class: 'hit-meta' },
                d.number ? el('span', { class: 'badge number', text: d.number }) : null,
                d.type ? el('span', { class: 'badge type', text: d.type }) : null,
                d.format ? el('span', { class: 'format', text: formatName(d.format) }) : null,
                d.status && d.status !== 'ok' ? el('span', { class: 'badge failed', text: 'Không đọc được nội dung' }) : null),
            el('h1', { id: 'detail-title', tabindex: '-1', text: title }));

        const actions = el('div', { class: 'actions' },
            downloadLink(id, d.format, d.name, [`Tải bản gốc`, d.format ? ` (${formatName(d.format)})` : ''], true));
        for (const o of Array.isArray(d.other_formats) ? d.other_formats : []) {
            if (!o || o.id === undefined) continue;
            actions.append(downloadLink(str(o.id), o.format, '', `Tải bản ${formatName(o.format)}`, false));
        }

        // Metadata: the known fields in a fixed order, then anything else the API added.
        const meta = Object.assign({}, d.meta || {});
        for (const k of ['number', 'type', 'issuer', 'date']) if (!meta[k] && d[k]) meta[k] = d[k];
        const rows = [];
        const used = new Set();
        for (const [k, label] of META_LABELS) {
            used.add(k);
            const v = metaValue(k, meta[k]);
            if (v) rows.push(el('dt', { text: label }), el('dd', {}, v));
        }
        for (const [k, x] of Object.entries(meta)) {
            if (used.has(k) || META_SKIP.has(k)) continue;
            const v = metaValue(k, x);
            if (v) rows.push(el('dt', { text: META_KEY_LABELS[k] || k }), el('dd', {}, v));
        }
        rows.push(el('dt', { text: 'Tệp' }), el('dd', { class: 'path' }, str(d.path) || str(d.name)));
        if (d.size !== undefined && d.size !== null) rows.push(el('dt', { text: 'Dung lượng' }), el('dd', { text: formatSize(d.size) }));
        if (d.error) rows.push(el('dt', { text: 'Lỗi khi đọc' }), el('dd', { class: 'error-text', text: d.error }));
        rows.push(el('dt', { text: 'Mã trong kho' }), el('dd', { text: `#${id}` }));

        const citations = Array.isArray(d.citations) ? d.citations : [];
        const citedBy = Array.isArray(d.cited_by) ? d.cited_by : [];

        ui.detail.replaceChildren(
            detailNav(), header, actions,
            el('section', { class: 'detail-section', 'aria-labelledby': 'meta-title' },
                el('h2', { id: 'meta-title', text: 'Thông tin văn bản' }), el('dl', { class: 'meta' }, rows)),
            el('section', { class: 'detail-section', 'aria-labelledby': 'cites-title' },
                el('h2', { id: 'cites-title' }, 'Trích dẫn ', el('span', { class: 'count', text: `(${citations.length})` })),
                citations.length ? el('ol', { class: 'citations' }, citations.map(renderCitation))
                    : el('p', { class: 'muted', text: 'Văn bản này không trích dẫn văn bản nào.' })),
            el('section', { class: 'detail-section', 'aria-labelledby': 'citedby-title' },
                el('h2', { id: 'citedby-title' }, 'Được trích dẫn bởi ', el('span', { class: 'count', text: `(${citedBy.length})` })),
                citedBy.length ? el('ul', { class: 'cited-by' }, citedBy.map(renderCitedBy))
                    : el('p', { class: 'muted', text: 'Chưa có văn bản nào trong kho trích dẫn văn bản này.' })));
        ui.detail.dataset.doc = id;
        document.title = `${title} – vanthu`;
    }

    function renderCitation(c) {
        const status = CITATION_STATUS[c.status] || { label: str(c.status) || 'Chưa rõ', cls: 'none' };
        const number = str(c.number);
        const target = c.status === 'found' && c.document && c.document.id !== undefined ? c.document : null;
        const numberNode = target ? docLink(target, number) : numberSearchLink(number);
        const head = el('p', { class: 'citation-head' },
            el('span', { class: `status status-${status.cls}`, 'data-status': str(c.status), text: status.label }),
            el('span', { class: 'citation-number' }, numberNode),
            el('span', { class: 'citation-info', text: docSummary(c) }));
        const body = [head];
        if (c.sentence) body.push(el('blockquote', { class: 'sentence', text: c.sentence }));
        if (target) {
            body.push(el('p', { class: 'citation-target' }, 'Văn bản trong kho: ', docLink(target, str(target.title) || number),
                target.date ? ` · ${formatDate(target.date)}` : ''));
        } else if (c.document && c.document.id !== undefined) {
            body.push(el('p', { class: 'citation-target' }, c.status === 'typo' ? 'Có lẽ là: ' : 'Văn bản gần nhất: ',
                docLink(c.document, [str(c.document.number), str(c.document.title)].filter(Boolean).join(' – ')),
                c.document.date ? ` · ${formatDate(c.document.date)}` : ''));
        } else if (c.intended) {
            body.push(el('p', { class: 'citation-target' }, 'Có lẽ là: ', numberSearchLink(str(c.intended))));
        }
        const candidates = Array.isArray(c.candidates) ? c.candidates.filter((x) => x && x.id !== undefined) : [];
        if (candidates.length) {
            body.push(el('div', { class: 'candidates' }, el('p', { text: 'Các văn bản cùng số trong kho:' }),
                el('ul', {}, candidates.map((x) => el('li', {}, docLink(x, [str(x.number), str(x.title)].filter(Boolean).join(' – ')),
                    docSummary(x) ? ` · ${docSummary(x)}` : '')))));
        }
        if (c.note) body.push(el('p', { class: 'note', text: c.note }));
        return el('li', { class: `citation citation-${status.cls}` }, body);
    }

    function renderCitedBy(x) {
        return el('li', {},
            el('p', { class: 'citedby-head' },
                x.number ? el('span', { class: 'badge number', text: x.number }) : null,
                docLink(x, str(x.title) || str(x.number) || `Văn bản #${x.id}`)),
            el('p', { class: 'citation-info', text: docSummary(x) }),
            x.sentence ? el('blockquote', { class: 'sentence', text: x.sentence }) : null);
    }

    // ---- suggestions while typing --------------------------------------------------------

    const SUGGEST_KIND = { number: 'Số', issuer: 'Cơ quan', title: 'Văn bản', query: 'Tìm' };
    let suggestTimer = 0;
    let suggestController = null;
    let suggestItems = [];
    let active = -1;

    function closeSuggestions() {
        clearTimeout(suggestTimer);
        if (suggestController) suggestController.abort();
        suggestItems = [];
        active = -1;
        ui.list.hidden = true;
        ui.list.replaceChildren();
        ui.q.setAttribute('aria-expanded', 'false');
        ui.q.removeAttribute('aria-activedescendant');
    }

    function requestSuggestions() {
        clearTimeout(suggestTimer);
        const text = ui.q.value;
        if (!text.trim()) {
            closeSuggestions();
            return;
        }
        suggestTimer = setTimeout(async () => {
            if (suggestController) suggestController.abort();
            const controller = new AbortController();
            suggestController = controller;
            try {
                const data = await apiJson(`api/suggest?${new URLSearchParams({ q: text, limit: '8' })}`, controller.signal, false);
                if (controller.signal.aborted || ui.q.value !== text || document.activeElement !== ui.q) return;
                showSuggestions(Array.isArray(data.suggestions) ? data.suggestions : [], text);
            } catch (e) {
                // Suggestions are a convenience: a failure just shows none.
                if (e.name !== 'AbortError' && suggestController === controller) closeSuggestions();
            }
        }, 150);
    }

    function showSuggestions(items, text) {
        suggestItems = items.filter((x) => x && x.text);
        ui.list.dataset.for = text;  // which input the list answers (tests wait for it)
        active = -1;
        ui.q.removeAttribute('aria-activedescendant');
        if (!suggestItems.length) {
            closeSuggestions();
            return;
        }
        ui.list.replaceChildren(...suggestItems.map((x, i) => {
            const extra = x.kind === 'issuer' && x.count !== undefined ? `${numberFormat.format(Number(x.count))} văn bản`
                : str(x.detail).replace(/\b(\d{4})-(\d{2})-(\d{2})\b/g, '$3/$2/$1');
            return el('li', {
                id: `suggestion-${i}`, role: 'option', class: `suggestion kind-${str(x.kind)}`, 'aria-selected': 'false',
                'data-kind': str(x.kind),
                onmousedown: (e) => e.preventDefault(),  // keep the focus in the box
                onclick: () => pickSuggestion(i),
            }, el('span', { class: 'kind', text: SUGGEST_KIND[x.kind] || '' }), el('span', { class: 'text', text: x.text }),
            extra ? el('span', { class: 'suggestion-detail', text: extra }) : null);
        }));
        ui.list.hidden = false;
        ui.q.setAttribute('aria-expanded', 'true');
    }

    function setActive(i) {
        const options = ui.list.children;
        if (!options.length) return;
        if (active >= 0 && options[active]) options[active].setAttribute('aria-selected', 'false');
        active = (i + options.length) % options.length;
        options[active].setAttribute('aria-selected', 'true');
        options[active].scrollIntoView({ block: 'nearest' });
        ui.q.setAttribute('aria-activedescendant', options[active].id);
    }

    const quoteValue = (v) => (/[\s"():]/.test(v) ? `"${v.replace(/"/g, '')}"` : v);

    function pickSuggestion(i) {
        const x = suggestItems[i];
        if (!x) return;
        closeSuggestions();
        const base = { ...current, page: 1, doc: null };
        if (x.kind === 'title' && x.id !== undefined) {
            // A title is one document: open it, over the current search if there is one.
            navigate({ ...current, doc: str(x.id) });
            return;
        }
        let q = str(x.text);
        if (x.kind === 'number') q = `so:${q}`;
        else if (x.kind === 'issuer') q = `coquan:${quoteValue(q)}`;
        ui.q.value = q;
        navigate({ ...base, q });
    }

    ui.q.addEventListener('input', requestSuggestions);
    ui.q.addEventListener('keydown', (e) => {
        if (e.isComposing) return;  // an input method (Telex, VNI) is still composing a letter
        const open = !ui.list.hidden && suggestItems.length > 0;
        if (e.key === 'ArrowDown') {
            if (open) { e.preventDefault(); setActive(active + 1); } else requestSuggestions();
        } else if (e.key === 'ArrowUp') {
            if (open) { e.preventDefault(); setActive(active - 1); }
        } else if (e.key === 'Enter') {
            if (open && active >= 0) { e.preventDefault(); pickSuggestion(active); }
        } else if (e.key === 'Escape') {
            if (open) { e.preventDefault(); closeSuggestions(); }
        }
    });
    ui.q.addEventListener('blur', () => setTimeout(() => { if (document.activeElement !== ui.q) closeSuggestions(); }, 100));

    // ---- form controls -------------------------------------------------------------------

    ui.form.addEventListener('submit', (e) => {
        e.preventDefault();
        closeSuggestions();
        tokenDeclined = false;
        const q = ui.q.value.trim();
        const next = { ...current, q, page: 1, doc: null };
        if (!hasSearch(next)) {
            navigate({ ...next, q: '' });
            ui.q.focus();
            return;
        }
        // The same search again (Enter twice) still refreshes the results.
        if (searchKey(next) === searchKey(current) && !current.doc) shownSearch = null;
        navigate(next);
    });
    ui.sort.addEventListener('change', () => navigate({ ...current, sort: ui.sort.value, page: 1, doc: null }));
    for (const input of [ui.from, ui.to]) {
        input.addEventListener('change', () => {
            const v = input.value;
            if (v && !/^\d{4}-\d{2}-\d{2}$/.test(v)) return;  // half-typed date
            navigate({ ...current, [input.id]: v, page: 1, doc: null });
        });
    }
    for (const a of document.querySelectorAll('.examples a[data-q]')) {
        a.addEventListener('click', (e) => {
            if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
            e.preventDefault();
            navigate({ ...stateFromUrl(), q: a.dataset.q, page: 1, doc: null });
        });
    }
    $('home-link').addEventListener('click', (e) => {
        if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        ui.q.value = '';
        navigate(clearFilters({ q: '', sort: 'relevance', page: 1, doc: null }));
        ui.q.focus();
    });

    // Filters start open on wide screens and folded on phones.
    if (window.matchMedia('(min-width: 800px)').matches) ui.panel.open = true;

    ui.q.value = current.q;
    render({ scrollY: 0 });
    if (!current.doc && !hasSearch(current)) ui.q.focus();
})();
